/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * resolver.c -- iterative resolution and the infrastructure cache (see
 * resolver.h).
 *
 * A task resolves one (name, type). It works on one zone at a time: a list
 * of candidate server addresses (glue first, then addresses already
 * resolved), tried in turn until one gives a usable answer; when the list
 * runs out, the addresses of one more name server without glue are
 * resolved by a host record, which the task waits for. Host records (name
 * to addresses) and zone records (cut to name servers and glue) live for
 * the whole run.
 */
#include "crawler/resolver.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/log.h"
#include "common/msg.h"
#include "common/secrand.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_ZONE_NS 32
#define MAX_GLUE 4
#define MAX_HOST_ADDRS 16
#define MAX_CAND 64
/* Steps followed when looking for a wait cycle between host records. */
#define MAX_CYCLE_WALK 64

enum host_state { H_NEW, H_RUNNING, H_DONE };
enum task_mode { M_LOOKUP, M_DELEG, M_HOST };

struct rs_task;

struct rs_wait {
	struct rs_wait *next;
	th_res_cb *cb; /* an outside caller, or ... */
	void *arg;
	struct rs_task *task; /* ... a task that waits to go on */
};

struct rs_host {
	struct th_hash_node hn;
	struct th_dname name;
	uint8_t state;  /* enum host_state */
	uint8_t status; /* enum th_res_status, when done */
	uint8_t sub_status[2];
	unsigned running; /* sub-lookups (A, AAAA) not finished */
	struct rs_task *sub[2];
	struct rs_wait *waiters;
	size_t naddr;
	struct th_addr addr[MAX_HOST_ADDRS];
};

struct rs_ns {
	struct th_dname name;
	unsigned nglue;
	struct th_addr glue[MAX_GLUE];
};

struct rs_zone {
	struct th_hash_node hn;
	struct th_dname name;
	unsigned nns;
	struct rs_ns ns[];
};

struct rs_task {
	struct th_resolver *r;
	struct rs_task *prev, *next; /* live tasks */
	uint8_t mode;                /* enum task_mode */
	uint16_t qtype;
	struct th_dname qname;  /* current name (after CNAMEs) */
	struct th_dname target; /* M_DELEG: the domain */
	struct rs_zone *zone;
	struct th_addr cand[MAX_CAND];
	unsigned ncand, next_cand, next_ns;
	unsigned queries, referrals, cnames, depth;
	struct rs_host *waiting;  /* host record waited for */
	struct rs_host *for_host; /* M_HOST: the record this fills */
	unsigned sub_index;       /* M_HOST: 0 for A, 1 for AAAA */
	th_res_cb *cb;
	void *arg;
	bool inflight; /* a query is out */
	bool dead;     /* abandoned at close */
	struct th_answer *ans;
	struct th_addr ans_server;
	struct th_dname ans_zone;
	struct th_dname chain[16]; /* CNAME owners seen */
};

struct rs_ready {
	struct rs_ready *next;
	th_res_cb *cb;
	void *arg;
	struct th_res_result res;
};

struct th_resolver {
	struct th_transport *t;
	struct th_resolver_conf conf;
	struct th_resolver_stats st;
	uint64_t k0, k1;
	struct th_hash zones, hosts;
	struct rs_task *tasks;
	struct rs_ready *rhead, **rtail;
	uv_idle_t idle;
	unsigned in_call; /* inside a public call: callbacks are deferred */
	bool closing;
};

static void task_next(struct rs_task *k);
static void task_finish(struct rs_task *k, enum th_res_status st);

static const char *const status_names[] = {
#define TH_RES_STATUS_NAME(name, text) #name,
    TH_RES_STATUS_MAP(TH_RES_STATUS_NAME)
#undef TH_RES_STATUS_NAME
};

const char *
th_res_status_name(enum th_res_status s)
{
	return (unsigned)s < TH_RES__COUNT ? status_names[s] : "?";
}

void
th_resolver_conf_default(struct th_resolver_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->max_queries = 120;
	c->max_depth = 4;
	c->max_cnames = 8;
	c->max_referrals = 30;
	c->port = 53;
}

/* ---- hints -------------------------------------------------------------- */

/* IANA's root servers (named.root), the default without --hints. */
static const char iana_hints[] =
    ". NS a.root-servers.net.\n"
    ". NS b.root-servers.net.\n"
    ". NS c.root-servers.net.\n"
    ". NS d.root-servers.net.\n"
    ". NS e.root-servers.net.\n"
    ". NS f.root-servers.net.\n"
    ". NS g.root-servers.net.\n"
    ". NS h.root-servers.net.\n"
    ". NS i.root-servers.net.\n"
    ". NS j.root-servers.net.\n"
    ". NS k.root-servers.net.\n"
    ". NS l.root-servers.net.\n"
    ". NS m.root-servers.net.\n"
    "a.root-servers.net. A 198.41.0.4\n"
    "a.root-servers.net. AAAA 2001:503:ba3e::2:30\n"
    "b.root-servers.net. A 170.247.170.2\n"
    "b.root-servers.net. AAAA 2801:1b8:10::b\n"
    "c.root-servers.net. A 192.33.4.12\n"
    "c.root-servers.net. AAAA 2001:500:2::c\n"
    "d.root-servers.net. A 199.7.91.13\n"
    "d.root-servers.net. AAAA 2001:500:2d::d\n"
    "e.root-servers.net. A 192.203.230.10\n"
    "e.root-servers.net. AAAA 2001:500:a8::e\n"
    "f.root-servers.net. A 192.5.5.241\n"
    "f.root-servers.net. AAAA 2001:500:2f::f\n"
    "g.root-servers.net. A 192.112.36.4\n"
    "g.root-servers.net. AAAA 2001:500:12::d0d\n"
    "h.root-servers.net. A 198.97.190.53\n"
    "h.root-servers.net. AAAA 2001:500:1::53\n"
    "i.root-servers.net. A 192.36.148.17\n"
    "i.root-servers.net. AAAA 2001:7fe::53\n"
    "j.root-servers.net. A 192.58.128.30\n"
    "j.root-servers.net. AAAA 2001:503:c27::2:30\n"
    "k.root-servers.net. A 193.0.14.129\n"
    "k.root-servers.net. AAAA 2001:7fd::1\n"
    "l.root-servers.net. A 199.7.83.42\n"
    "l.root-servers.net. AAAA 2001:500:9f::42\n"
    "m.root-servers.net. A 202.12.27.33\n"
    "m.root-servers.net. AAAA 2001:dc3::35\n";

static int
hints_line(struct th_hints *h, char *line, char *err, size_t errlen,
           unsigned lineno)
{
	char *tok[8], *save = NULL, *p;
	unsigned n = 0, i = 1;
	struct th_dname owner, target;
	enum th_dname_reason why;

	if ((p = strchr(line, ';')) != NULL)
		*p = '\0';
	for (p = strtok_r(line, " \t\r\n", &save); p != NULL && n < 8;
	     p = strtok_r(NULL, " \t\r\n", &save))
		tok[n++] = p;
	if (n == 0)
		return 0;
	/* owner [TTL] [IN] TYPE RDATA */
	while (i < n && (strspn(tok[i], "0123456789") == strlen(tok[i]) ||
	                 strcasecmp(tok[i], "IN") == 0))
		i++;
	if (n - i != 2) {
		snprintf(err, errlen,
		         "line %u: expected OWNER [TTL] [IN] TYPE "
		         "RDATA",
		         lineno);
		return TH_ESYNTAX;
	}
	if (th_dname_parse(&owner, tok[0], strlen(tok[0]), NULL, &why) != 0) {
		snprintf(err, errlen, "line %u: owner: %s", lineno,
		         th_dname_reason_text(why));
		return TH_ESYNTAX;
	}
	if (strcasecmp(tok[i], "NS") == 0) {
		if (!th_dname_is_root(&owner)) {
			snprintf(err, errlen,
			         "line %u: NS for a name other "
			         "than the root",
			         lineno);
			return TH_ESYNTAX;
		}
		if (th_dname_parse(&target, tok[i + 1], strlen(tok[i + 1]),
		                   NULL, &why) != 0) {
			snprintf(err, errlen, "line %u: NS target: %s", lineno,
			         th_dname_reason_text(why));
			return TH_ESYNTAX;
		}
		for (unsigned k = 0; k < h->nns; k++)
			if (th_dname_equal(&h->ns[k], &target))
				return 0;
		if (h->nns == 16) {
			snprintf(err, errlen,
			         "line %u: more than 16 root "
			         "servers",
			         lineno);
			return TH_ESYNTAX;
		}
		h->ns[h->nns++] = target;
		return 0;
	}
	if (strcasecmp(tok[i], "A") == 0 || strcasecmp(tok[i], "AAAA") == 0) {
		struct th_addr a;
		unsigned k;

		bool is_a = strcasecmp(tok[i], "A") == 0;

		if (th_addr_parse(&a, tok[i + 1], 53) != 0 ||
		    (a.family == TH_AF_INET) != is_a) {
			snprintf(err, errlen, "line %u: bad address '%s'",
			         lineno, tok[i + 1]);
			return TH_ESYNTAX;
		}
		for (k = 0; k < h->nns; k++)
			if (th_dname_equal(&h->ns[k], &owner))
				break;
		if (k == h->nns) {
			snprintf(err, errlen,
			         "line %u: address for a name "
			         "with no NS line before it",
			         lineno);
			return TH_ESYNTAX;
		}
		if (h->naddr[k] < 4)
			h->addr[k][h->naddr[k]++] = a;
		return 0;
	}
	snprintf(err, errlen, "line %u: type '%s' (only NS, A, AAAA)", lineno,
	         tok[i]);
	return TH_ESYNTAX;
}

int
th_hints_load(struct th_hints *h, const char *path, char *err, size_t errlen)
{
	FILE *f;
	char line[1024];
	unsigned lineno = 0, usable = 0;
	int rc = 0;

	memset(h, 0, sizeof(*h));
	f = path != NULL
	        ? fopen(path, "r")
	        : fmemopen((void *)iana_hints, sizeof(iana_hints) - 1, "r");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path ? path : "hints",
		         strerror(errno));
		return TH_EIO;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL)
		rc = hints_line(h, line, err, errlen, ++lineno);
	fclose(f);
	if (rc != 0)
		return rc;
	for (unsigned k = 0; k < h->nns; k++)
		usable += h->naddr[k];
	if (usable == 0) {
		snprintf(err, errlen, "no root server with an address");
		return TH_ESYNTAX;
	}
	return 0;
}

/* ---- cache records ------------------------------------------------------ */

static struct rs_zone *
zone_find(const struct th_resolver *r, const struct th_dname *name)
{
	uint64_t h = th_dname_hash(name, r->k0, r->k1);

	for (struct th_hash_node *n = th_hash_first(&r->zones, h); n != NULL;
	     n = th_hash_next(n))
		if (th_dname_equal(&((struct rs_zone *)n)->name, name))
			return (struct rs_zone *)n;
	return NULL;
}

static struct rs_zone *
zone_add(struct th_resolver *r, const struct th_dname *name, unsigned nns)
{
	struct rs_zone *z = calloc(1, sizeof(*z) + nns * sizeof(z->ns[0]));

	if (z == NULL)
		return NULL;
	z->name = *name;
	th_hash_insert(&r->zones, &z->hn, th_dname_hash(name, r->k0, r->k1));
	r->st.zones++;
	return z;
}

/* The deepest cached zone that holds name (strictly above it if above). */
static struct rs_zone *
zone_closest(const struct th_resolver *r, const struct th_dname *name,
             bool above)
{
	struct th_dname cur = *name;
	struct rs_zone *z;

	if (above && th_dname_parent(&cur, &cur) != 0)
		return zone_find(r, &cur); /* the root: its own parent */
	for (;;) {
		if ((z = zone_find(r, &cur)) != NULL)
			return z;
		if (th_dname_parent(&cur, &cur) != 0)
			return NULL;
	}
}

static struct rs_host *
host_get(struct th_resolver *r, const struct th_dname *name)
{
	uint64_t h = th_dname_hash(name, r->k0, r->k1);
	struct rs_host *host;

	for (struct th_hash_node *n = th_hash_first(&r->hosts, h); n != NULL;
	     n = th_hash_next(n))
		if (th_dname_equal(&((struct rs_host *)n)->name, name))
			return (struct rs_host *)n;
	if ((host = calloc(1, sizeof(*host))) == NULL)
		return NULL;
	host->name = *name;
	th_hash_insert(&r->hosts, &host->hn, h);
	r->st.hosts++;
	return host;
}

static bool
family_ok(const struct th_resolver *r, const struct th_addr *a)
{
	return a->family == TH_AF_INET ? !r->conf.no_ipv4 : !r->conf.no_ipv6;
}

/* ---- delivering results ------------------------------------------------- */

static void
on_idle(uv_idle_t *h)
{
	struct th_resolver *r = h->data;
	struct rs_ready *x;

	uv_idle_stop(h);
	while ((x = r->rhead) != NULL) {
		r->rhead = x->next;
		if (r->rhead == NULL)
			r->rtail = &r->rhead;
		if (!r->closing)
			x->cb(x->arg, &x->res);
		th_answer_unref(x->res.answer);
		free(x);
	}
}

/* Call back now, or on the next loop turn when inside a public call. */
static void
deliver(struct th_resolver *r, th_res_cb *cb, void *arg,
        const struct th_res_result *res)
{
	struct rs_ready *x;

	if (r->in_call == 0) {
		cb(arg, res);
		return;
	}
	if ((x = malloc(sizeof(*x))) == NULL) {
		cb(arg, res); /* better early than never */
		return;
	}
	x->next = NULL;
	x->cb = cb;
	x->arg = arg;
	x->res = *res;
	if (x->res.answer != NULL)
		th_answer_ref(x->res.answer);
	*r->rtail = x;
	r->rtail = &x->next;
	uv_idle_start(&r->idle, on_idle);
}

static void
host_result(const struct rs_host *host, struct th_res_result *res)
{
	memset(res, 0, sizeof(*res));
	res->status = (enum th_res_status)host->status;
	res->qname = host->name;
	res->naddrs = host->naddr;
	res->addrs = host->addr;
	th_dname_set_root(&res->zone);
}

static int
addr_sort(const void *a, const void *b)
{
	return th_addr_cmp(a, b);
}

/* Both sub-lookups of a host ended: settle it and wake its waiters. */
static void
host_done(struct th_resolver *r, struct rs_host *host)
{
	struct rs_wait *w, *next;
	struct th_res_result res;
	uint8_t s4 = host->sub_status[0], s6 = host->sub_status[1];

	qsort(host->addr, host->naddr, sizeof(host->addr[0]), addr_sort);
	if (host->naddr > 0)
		host->status = TH_RES_ANSWER;
	else if (s4 == TH_RES_NXDOMAIN || s6 == TH_RES_NXDOMAIN)
		host->status = TH_RES_NXDOMAIN;
	else if ((s4 == TH_RES_NODATA || s4 == TH_RES_ANSWER) &&
	         (s6 == TH_RES_NODATA || s6 == TH_RES_ANSWER))
		host->status = TH_RES_NODATA;
	else
		host->status = s4 != TH_RES_NODATA ? s4 : s6;
	host->state = H_DONE;
	w = host->waiters;
	host->waiters = NULL;
	host_result(host, &res);
	for (; w != NULL; w = next) {
		next = w->next;
		if (w->task != NULL) {
			w->task->waiting = NULL;
			task_next(w->task);
		} else
			deliver(r, w->cb, w->arg, &res);
		free(w);
	}
}

/* ---- tasks -------------------------------------------------------------- */

static struct rs_task *
task_new(struct th_resolver *r, enum task_mode mode,
         const struct th_dname *qname, uint16_t qtype, unsigned depth)
{
	struct rs_task *k = calloc(1, sizeof(*k));

	if (k == NULL)
		return NULL;
	k->r = r;
	k->mode = (uint8_t)mode;
	k->qname = *qname;
	k->target = *qname;
	k->qtype = qtype;
	k->depth = depth;
	k->next = r->tasks;
	if (r->tasks != NULL)
		r->tasks->prev = k;
	r->tasks = k;
	return k;
}

static void
task_free(struct rs_task *k)
{
	struct th_resolver *r = k->r;

	if (k->prev != NULL)
		k->prev->next = k->next;
	else
		r->tasks = k->next;
	if (k->next != NULL)
		k->next->prev = k->prev;
	th_answer_unref(k->ans);
	free(k);
}

static void
cand_add(struct rs_task *k, const struct th_addr *a)
{
	if (!family_ok(k->r, a) || k->ncand == MAX_CAND)
		return;
	for (unsigned i = 0; i < k->ncand; i++)
		if (th_addr_equal(&k->cand[i], a))
			return;
	k->cand[k->ncand++] = *a;
}

/* Work on zone z from now on: glue first, then addresses known. */
static void
task_enter(struct rs_task *k, struct rs_zone *z)
{
	k->zone = z;
	k->ncand = k->next_cand = k->next_ns = 0;
	for (unsigned i = 0; i < z->nns; i++)
		for (unsigned g = 0; g < z->ns[i].nglue; g++)
			cand_add(k, &z->ns[i].glue[g]);
	for (unsigned i = 0; i < z->nns; i++) {
		struct rs_host *h;

		if (z->ns[i].nglue > 0)
			continue;
		h = host_get(k->r, &z->ns[i].name);
		if (h != NULL && h->state == H_DONE)
			for (size_t a = 0; a < h->naddr; a++)
				cand_add(k, &h->addr[a]);
	}
	/* Spread the load over the zone's servers, repeatably per name. */
	if (k->ncand > 1) {
		unsigned start =
		    (unsigned)(th_dname_hash(&k->qname, 7, 11) % k->ncand);
		struct th_addr tmp[MAX_CAND];

		for (unsigned i = 0; i < k->ncand; i++)
			tmp[i] = k->cand[(start + i) % k->ncand];
		memcpy(k->cand, tmp, k->ncand * sizeof(tmp[0]));
	}
}

/* Would task k waiting for host h close a cycle of waits? */
static bool
wait_cycle(const struct rs_task *k, const struct rs_host *h)
{
	const struct rs_host *stack[MAX_CYCLE_WALK];
	unsigned n = 0, steps = 0;

	stack[n++] = h;
	while (n > 0) {
		const struct rs_host *cur = stack[--n];

		if (++steps > MAX_CYCLE_WALK)
			return true; /* too tangled: treat as a cycle */
		for (unsigned i = 0; i < 2; i++) {
			const struct rs_task *sub = cur->sub[i];

			if (sub == NULL)
				continue;
			if (sub == k)
				return true;
			if (sub->waiting != NULL && n < MAX_CYCLE_WALK)
				stack[n++] = sub->waiting;
		}
	}
	/* k itself may be a host's sub-lookup waited on by h's tasks. */
	return k->for_host == h;
}

static void host_start(struct th_resolver *r, struct rs_host *h,
                       unsigned depth);

static void on_query(void *arg, const struct th_answer *a);

static void
task_send(struct rs_task *k, const struct th_addr *server)
{
	struct th_query q;
	int rc;

	th_query_init(&q, &k->qname, k->qtype);
	k->queries++;
	k->r->st.queries++;
	k->inflight = true;
	k->ans_server = *server;
	rc = th_transport_query(k->r->t, server, &q, TH_PROTO_UDP, on_query, k);
	if (rc != 0) {
		k->inflight = false;
		task_finish(k, TH_RES_SERVFAIL);
	}
}

/* Ask the next server of the zone, or find more servers, or give up. */
static void
task_next(struct rs_task *k)
{
	struct th_resolver *r = k->r;

	if (r->closing) {
		task_free(k);
		return;
	}
	if (k->queries >= r->conf.max_queries) {
		r->st.limits++;
		task_finish(k, TH_RES_LIMIT);
		return;
	}
	for (;;) {
		struct rs_host *h;
		struct rs_ns *ns;

		if (k->next_cand < k->ncand) {
			task_send(k, &k->cand[k->next_cand++]);
			return;
		}
		if (k->next_ns >= k->zone->nns)
			break;
		ns = &k->zone->ns[k->next_ns++];
		if (ns->nglue > 0)
			continue;
		if ((h = host_get(r, &ns->name)) == NULL)
			break;
		if (h->state == H_NEW) {
			if (k->depth + 1 > r->conf.max_depth)
				continue;
			host_start(r, h, k->depth + 1);
		}
		if (h->state == H_RUNNING) {
			struct rs_wait *w;

			if (wait_cycle(k, h)) {
				r->st.loops++;
				continue;
			}
			if ((w = calloc(1, sizeof(*w))) == NULL)
				break;
			w->task = k;
			w->next = h->waiters;
			h->waiters = w;
			k->waiting = h;
			/* host_done resumes here: take this name server
			 * again, now with its addresses. */
			k->next_ns--;
			return;
		}
		for (size_t a = 0; a < h->naddr; a++)
			cand_add(k, &h->addr[a]);
	}
	task_finish(k, TH_RES_SERVFAIL);
}

static void
task_restart(struct rs_task *k)
{
	struct rs_zone *z = zone_closest(k->r, &k->qname, false);

	if (z == NULL) {
		task_finish(k, TH_RES_SERVFAIL);
		return;
	}
	task_enter(k, z);
	task_next(k);
}

/* Collect the A or AAAA records of name from the answer into host. */
static void
host_collect(struct rs_host *host, const struct th_msg *m,
             const struct th_dname *name, uint16_t qtype, uint16_t port)
{
	struct th_msg_iter it;
	struct th_rr rr;

	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr)) {
		struct th_addr a;
		bool dup = false;

		if (rr.type != qtype || rr.rclass != TH_CLASS_IN ||
		    !th_dname_equal(&rr.owner, name))
			continue;
		th_addr_from_raw(&a, th_msg_rdata(m, &rr), rr.rdlen, port);
		for (size_t i = 0; i < host->naddr && !dup; i++)
			dup = th_addr_equal(&host->addr[i], &a);
		if (!dup && host->naddr < MAX_HOST_ADDRS)
			host->addr[host->naddr++] = a;
	}
}

static void
task_finish(struct rs_task *k, enum th_res_status st)
{
	struct th_resolver *r = k->r;
	struct th_res_result res;

	if (k->mode == M_HOST) {
		struct rs_host *h = k->for_host;

		if (st == TH_RES_ANSWER && k->ans != NULL) {
			struct th_msg m;

			if (th_msg_parse(&m, k->ans->wire, k->ans->len, NULL) ==
			    0)
				host_collect(h, &m, &k->qname, k->qtype,
				             r->conf.port);
		}
		h->sub_status[k->sub_index] = (uint8_t)st;
		h->sub[k->sub_index] = NULL;
		task_free(k);
		if (--h->running == 0)
			host_done(r, h);
		return;
	}
	memset(&res, 0, sizeof(res));
	res.status = st;
	res.answer = k->ans;
	res.server = k->ans_server;
	res.zone = k->ans != NULL ? k->ans_zone
	           : k->zone      ? k->zone->name
	                          : k->qname;
	res.qname = k->qname;
	res.cnames = k->cnames;
	res.queries = k->queries;
	if (k->zone == NULL && k->ans == NULL)
		th_dname_set_root(&res.zone);
	deliver(r, k->cb, k->arg, &res);
	task_free(k);
}

static void
task_keep_answer(struct rs_task *k, const struct th_answer *a)
{
	th_answer_unref(k->ans);
	th_answer_ref(a);
	k->ans = (struct th_answer *)a;
	k->ans_zone = k->zone->name;
}

/* A referral to a zone below the current one: cache it, go down. */
static void task_keep_answer(struct rs_task *k, const struct th_answer *a);

static bool
task_referral(struct rs_task *k, const struct th_msg *m,
              const struct th_answer *a)
{
	struct th_resolver *r = k->r;
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_dname cut, names[MAX_ZONE_NS];
	unsigned nns = 0;
	bool have_cut = false;
	struct rs_zone *z;

	th_msg_iter_init(&it, m, TH_SEC_AUTHORITY);
	while (th_msg_iter_next(&it, &rr)) {
		struct th_dname target;
		bool dup = false;

		if (rr.type != TH_T_NS || rr.rclass != TH_CLASS_IN)
			continue;
		if (!have_cut) {
			cut = rr.owner;
			have_cut = true;
		} else if (!th_dname_equal(&rr.owner, &cut))
			continue;
		if (th_msg_rdata_name(m, &rr, 0, &target, NULL) != 0)
			continue;
		for (unsigned i = 0; i < nns && !dup; i++)
			dup = th_dname_equal(&names[i], &target);
		if (!dup && nns < MAX_ZONE_NS)
			names[nns++] = target;
	}
	/* Down only: below the current zone, and holding the name. */
	if (!have_cut || nns == 0 || th_dname_equal(&cut, &k->zone->name) ||
	    !th_dname_is_subdomain(&cut, &k->zone->name) ||
	    !th_dname_is_subdomain(&k->qname, &cut))
		return false;
	if (++k->referrals > r->conf.max_referrals) {
		r->st.limits++;
		task_finish(k, TH_RES_LIMIT);
		return true;
	}
	if (k->mode == M_DELEG && th_dname_equal(&cut, &k->target)) {
		task_keep_answer(k, a);
		task_finish(k, TH_RES_REFERRAL);
		return true;
	}
	if ((z = zone_find(r, &cut)) == NULL) {
		if ((z = zone_add(r, &cut, nns)) == NULL) {
			task_finish(k, TH_RES_SERVFAIL);
			return true;
		}
		z->nns = nns;
		for (unsigned i = 0; i < nns; i++)
			z->ns[i].name = names[i];
		/* Glue: only for names in the sender's bailiwick. */
		th_msg_iter_init(&it, m, TH_SEC_ADDITIONAL);
		while (th_msg_iter_next(&it, &rr)) {
			if ((rr.type != TH_T_A && rr.type != TH_T_AAAA) ||
			    rr.rclass != TH_CLASS_IN ||
			    !th_dname_is_subdomain(&rr.owner, &k->zone->name))
				continue;
			for (unsigned i = 0; i < nns; i++) {
				struct rs_ns *ns = &z->ns[i];

				if (!th_dname_equal(&ns->name, &rr.owner) ||
				    ns->nglue == MAX_GLUE)
					continue;
				th_addr_from_raw(&ns->glue[ns->nglue++],
				                 th_msg_rdata(m, &rr), rr.rdlen,
				                 r->conf.port);
			}
		}
	}
	task_enter(k, z);
	task_next(k);
	return true;
}

/*
 * Follow the answer section from k->qname through CNAMEs. Returns true
 * when records of the asked type were found (k->qname is their owner);
 * false with k->qname moved to the last CNAME target otherwise.
 * *stop is set when the chain broke a limit (the task is finished).
 */
static bool
task_chase(struct rs_task *k, const struct th_msg *m, bool *moved, bool *stop)
{
	struct th_resolver *r = k->r;

	*moved = *stop = false;
	for (;;) {
		struct th_msg_iter it;
		struct th_rr rr;
		struct th_dname next;
		bool cname = false;

		th_msg_iter_init(&it, m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr)) {
			if (!th_dname_equal(&rr.owner, &k->qname))
				continue;
			if (rr.type == k->qtype || k->qtype == TH_T_ANY)
				return true;
			if (rr.type == TH_T_CNAME && !cname &&
			    th_msg_rdata_name(m, &rr, 0, &next, NULL) == 0)
				cname = true;
		}
		if (!cname || k->qtype == TH_T_CNAME)
			return false;
		for (unsigned i = 0; i < k->cnames && i < 16; i++)
			if (th_dname_equal(&k->chain[i], &next)) {
				r->st.loops++;
				task_finish(k, TH_RES_LOOP);
				*stop = true;
				return false;
			}
		if (k->cnames >= r->conf.max_cnames || k->cnames >= 16) {
			r->st.limits++;
			task_finish(k, TH_RES_LIMIT);
			*stop = true;
			return false;
		}
		k->chain[k->cnames++] = k->qname;
		k->qname = next;
		*moved = true;
		/* Records for the target count only from its own zone. */
		if (!th_dname_is_subdomain(&next, &k->zone->name))
			return false;
	}
}

static void
on_query(void *arg, const struct th_answer *a)
{
	struct rs_task *k = arg;
	struct th_resolver *r = k->r;
	struct th_msg m;
	bool aa, moved, stop;
	unsigned rcode;

	k->inflight = false;
	if (k->dead) {
		/* Orphaned by on_idle_closed: the resolver is gone. */
		th_answer_unref(k->ans);
		free(k);
		return;
	}
	if (r->closing) {
		task_free(k);
		return;
	}
	if (a->outcome != TH_OUT_ANSWER ||
	    th_msg_parse(&m, a->wire, a->len, NULL) != 0) {
		task_next(k);
		return;
	}
	aa = (m.flags & TH_MSG_AA) != 0;
	rcode = m.rcode;
	if (rcode == TH_RCODE_NOERROR && !aa && m.ancount == 0 &&
	    task_referral(k, &m, a))
		return;
	if (!aa && !(rcode == TH_RCODE_NOERROR && m.ancount > 0)) {
		/* REFUSED, SERVFAIL, no authority, upward referral: lame. */
		r->st.lame++;
		task_next(k);
		return;
	}
	if (!aa) {
		/* Answers without AA are not authoritative data. */
		r->st.lame++;
		task_next(k);
		return;
	}
	if (rcode != TH_RCODE_NOERROR && rcode != TH_RCODE_NXDOMAIN) {
		r->st.lame++;
		task_next(k);
		return;
	}
	task_keep_answer(k, a);
	if (k->mode == M_DELEG) {
		/* A server of the parent answered for the name itself. */
		if (rcode == TH_RCODE_NXDOMAIN)
			task_finish(k, TH_RES_NXDOMAIN);
		else if (task_chase(k, &m, &moved, &stop))
			task_finish(k, TH_RES_ANSWER);
		else if (!stop)
			task_finish(k, TH_RES_NOT_DELEGATED);
		return;
	}
	if (task_chase(k, &m, &moved, &stop)) {
		task_finish(k, TH_RES_ANSWER);
		return;
	}
	if (stop)
		return;
	if (moved) {
		/* The chain leaves this answer: resolve the target afresh. */
		task_restart(k);
		return;
	}
	task_finish(k, rcode == TH_RCODE_NXDOMAIN ? TH_RES_NXDOMAIN
	                                          : TH_RES_NODATA);
}

static void
host_start(struct th_resolver *r, struct rs_host *h, unsigned depth)
{
	static const uint16_t types[2] = {TH_T_A, TH_T_AAAA};

	h->state = H_RUNNING;
	h->running = 2;
	for (unsigned i = 0; i < 2; i++) {
		struct rs_task *k =
		    task_new(r, M_HOST, &h->name, types[i], depth);

		if (k == NULL) {
			h->sub_status[i] = TH_RES_SERVFAIL;
			if (--h->running == 0)
				host_done(r, h);
			continue;
		}
		k->for_host = h;
		k->sub_index = i;
		h->sub[i] = k;
	}
	/* Start after both exist, so a quick end of one cannot settle h. */
	for (unsigned i = 0; i < 2; i++)
		if (h->sub[i] != NULL)
			task_restart(h->sub[i]);
}

/* ---- public calls ------------------------------------------------------- */

uint16_t
th_resolver_port(const struct th_resolver *r)
{
	return r->conf.port;
}

int
th_resolver_create(struct th_resolver **out, struct th_transport *t,
                   const struct th_hints *hints,
                   const struct th_resolver_conf *conf)
{
	struct th_resolver *r = calloc(1, sizeof(*r));
	struct th_secrand rnd;
	struct th_dname root;
	struct rs_zone *z;
	int rc;

	*out = NULL;
	if (r == NULL)
		return TH_ENOMEM;
	r->t = t;
	r->conf = *conf;
	th_secrand_init(&rnd);
	r->k0 = th_secrand_u64(&rnd);
	r->k1 = th_secrand_u64(&rnd);
	r->rtail = &r->rhead;
	if ((rc = th_hash_init(&r->zones, 4096)) != 0 ||
	    (rc = th_hash_init(&r->hosts, 4096)) != 0) {
		th_hash_free(&r->zones);
		free(r);
		return rc;
	}
	th_dname_set_root(&root);
	if ((z = zone_add(r, &root, hints->nns)) == NULL) {
		th_hash_free(&r->zones);
		th_hash_free(&r->hosts);
		free(r);
		return TH_ENOMEM;
	}
	z->nns = hints->nns;
	for (unsigned i = 0; i < hints->nns; i++) {
		z->ns[i].name = hints->ns[i];
		z->ns[i].nglue =
		    hints->naddr[i] < MAX_GLUE ? hints->naddr[i] : MAX_GLUE;
		memcpy(z->ns[i].glue, hints->addr[i],
		       z->ns[i].nglue * sizeof(struct th_addr));
		for (unsigned g = 0; g < z->ns[i].nglue; g++)
			z->ns[i].glue[g].port = conf->port ? conf->port : 53;
	}
	uv_idle_init(th_transport_loop(t), &r->idle);
	r->idle.data = r;
	*out = r;
	return 0;
}

static int
start_task(struct th_resolver *r, enum task_mode mode,
           const struct th_dname *name, uint16_t qtype, th_res_cb *cb,
           void *arg)
{
	struct rs_task *k = task_new(r, mode, name, qtype, 0);
	struct rs_zone *z;

	if (k == NULL)
		return TH_ENOMEM;
	k->cb = cb;
	k->arg = arg;
	r->in_call++;
	z = zone_closest(r, name, mode == M_DELEG);
	if (z == NULL)
		task_finish(k, TH_RES_SERVFAIL);
	else {
		task_enter(k, z);
		task_next(k);
	}
	r->in_call--;
	return 0;
}

int
th_resolver_lookup(struct th_resolver *r, const struct th_dname *qname,
                   uint16_t qtype, th_res_cb *cb, void *arg)
{
	if (r->closing)
		return TH_EINVAL;
	r->st.lookups++;
	return start_task(r, M_LOOKUP, qname, qtype, cb, arg);
}

int
th_resolver_delegation(struct th_resolver *r, const struct th_dname *domain,
                       th_res_cb *cb, void *arg)
{
	if (r->closing || th_dname_is_root(domain))
		return TH_EINVAL;
	r->st.delegations++;
	return start_task(r, M_DELEG, domain, TH_T_NS, cb, arg);
}

int
th_resolver_addrs(struct th_resolver *r, const struct th_dname *name,
                  th_res_cb *cb, void *arg)
{
	struct rs_host *h;
	struct rs_wait *w;
	struct th_res_result res;

	if (r->closing)
		return TH_EINVAL;
	r->st.addr_lookups++;
	if ((h = host_get(r, name)) == NULL)
		return TH_ENOMEM;
	r->in_call++;
	if (h->state == H_DONE) {
		r->st.host_hits++;
		host_result(h, &res);
		deliver(r, cb, arg, &res);
		r->in_call--;
		return 0;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		r->in_call--;
		return TH_ENOMEM;
	}
	w->cb = cb;
	w->arg = arg;
	w->next = h->waiters;
	h->waiters = w;
	if (h->state == H_NEW)
		host_start(r, h, 0);
	else
		r->st.joins++;
	r->in_call--;
	return 0;
}

bool
th_resolver_zone_servers(const struct th_resolver *r,
                         const struct th_dname *zone,
                         void (*fn)(const struct th_dname *ns,
                                    const struct th_addr *addrs, size_t naddrs,
                                    void *arg),
                         void *arg)
{
	const struct rs_zone *z = zone_find(r, zone);

	if (z == NULL)
		return false;
	for (unsigned i = 0; i < z->nns; i++)
		fn(&z->ns[i].name, z->ns[i].glue, z->ns[i].nglue, arg);
	return true;
}

void
th_resolver_stats(const struct th_resolver *r, struct th_resolver_stats *out)
{
	*out = r->st;
}

static void
free_node(struct th_hash_node *n, void *arg)
{
	struct rs_host *h;

	if (arg != NULL) {
		h = (struct rs_host *)n;
		for (struct rs_wait *w = h->waiters, *next; w != NULL;
		     w = next) {
			next = w->next;
			free(w);
		}
	}
	free(n);
}

static void
on_idle_closed(uv_handle_t *handle)
{
	struct th_resolver *r = handle->data;
	struct rs_ready *x, *xn;

	for (x = r->rhead; x != NULL; x = xn) {
		xn = x->next;
		th_answer_unref(x->res.answer);
		free(x);
	}
	/* Tasks with a query out are freed by its callback (the transport
	 * cancels them when it closes); the others go now. */
	for (struct rs_task *k = r->tasks, *next; k != NULL; k = next) {
		next = k->next;
		if (k->inflight) {
			k->dead = true;
			k->prev = k->next = NULL;
			continue;
		}
		th_answer_unref(k->ans);
		free(k);
	}
	th_hash_foreach(&r->zones, free_node, NULL);
	th_hash_foreach(&r->hosts, free_node, r);
	th_hash_free(&r->zones);
	th_hash_free(&r->hosts);
	free(r);
}

void
th_resolver_close(struct th_resolver *r)
{
	if (r->closing)
		return;
	r->closing = true;
	uv_close((uv_handle_t *)&r->idle, on_idle_closed);
}
