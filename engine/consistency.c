/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * consistency.c -- CONSISTENCY01-06 over the evidence (see consistency.h
 * and the catalogue, section 2.4; Zonemaster's Consistency-TP
 * specifications and Test/Consistency.pm).
 *
 * "All NS IPs" is th_ev_ips(DEL | CHILD), by (name, address) pair as
 * Zonemaster's method4and5; pairs of a family not in use are found by
 * walking ev->ns and reported as not queried (IPV4/IPV6_DISABLED). A
 * reply the probe never sent (NULL) is skipped silently; any outcome
 * other than ANSWER (timeout, network error, malformed, truncated) is
 * NO_RESPONSE. Lists in messages are sorted, so output is stable.
 */
#include "engine/consistency.h"

#include "common/buf.h"
#include "common/err.h"
#include "common/msg.h"
#include "engine/strlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXIPS (TH_EV_MAXNS * TH_EV_MAXADDR * 2)
#define NSSTR (TH_DNAME_STRLEN + TH_ADDR_STRLEN + 2)
#define LISTMAX (1 << 16)
/* Most (name, address) pairs CONSISTENCY05 keeps from the zone's answers:
 * far above any real NS set, a bound for hostile answers. */
#define ADDRSET_MAX 1024

/* ---- RFC 1982 ----------------------------------------------------------- */

int
th_consistency_serial_cmp(uint32_t a, uint32_t b)
{
	uint32_t d = b - a; /* modulo 2^32 */

	if (d == 0)
		return 0;
	if (d == UINT32_C(0x80000000))
		return TH_SERIAL_UNDEFINED;
	return d < UINT32_C(0x80000000) ? -1 : 1;
}

bool
th_consistency_serial_range(const uint32_t *s, size_t n, uint32_t *min,
                            uint32_t *max)
{
	uint32_t lo = s[0], hi = s[0];

	/* The serials have one order when some serial has every other one
	 * less than 2^31 ahead of it: that serial is the first. */
	for (size_t c = 0; c < n; c++) {
		uint32_t far = 0;

		for (size_t i = 0; i < n; i++)
			if (s[i] - s[c] > far)
				far = s[i] - s[c];
		if (far < UINT32_C(0x80000000)) {
			*min = s[c];
			*max = s[c] + far;
			return true;
		}
	}
	for (size_t i = 1; i < n; i++) {
		lo = s[i] < lo ? s[i] : lo;
		hi = s[i] > hi ? s[i] : hi;
	}
	*min = lo;
	*max = hi;
	return false;
}

/* ---- helpers ------------------------------------------------------------- */

/* Lower-cased, without the final dot (except the root). */
static void
name_lc(const struct th_dname *n, char *dst, size_t size)
{
	struct th_dname c = *n;

	th_dname_canonicalize(&c);
	th_ev_ns_str(&c, NULL, dst, size);
}

/* ---- servers grouped by what they serve ---------------------------------- */

/* The servers that serve one value (a serial, an RNAME, an NS set, ...). */
struct group {
	char *key;
	struct th_soa soa; /* the SOA of the first server (SOA test cases) */
	struct th_strlist members;
};

struct groups {
	struct group *v;
	size_t n, alloc;
	bool oom;
};

/* Add server ns to the group of key (made on first use). */
static struct group *
groups_add(struct groups *g, const char *key, const char *ns)
{
	struct group *gr = NULL;

	for (size_t i = 0; i < g->n && gr == NULL; i++)
		if (strcmp(g->v[i].key, key) == 0)
			gr = &g->v[i];
	if (gr == NULL) {
		if (g->n == g->alloc) {
			size_t n = g->alloc ? g->alloc * 2 : 8;
			struct group *p = realloc(g->v, n * sizeof(*p));

			if (p == NULL) {
				g->oom = true;
				return NULL;
			}
			g->v = p;
			g->alloc = n;
		}
		gr = &g->v[g->n];
		memset(gr, 0, sizeof(*gr));
		if ((gr->key = strdup(key)) == NULL) {
			g->oom = true;
			return NULL;
		}
		g->n++;
	}
	th_strlist_add(&gr->members, ns);
	return gr;
}

static int
cmp_group_key(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->key,
	              ((const struct group *)b)->key);
}

static int
cmp_group_serial(const void *a, const void *b)
{
	uint32_t x = ((const struct group *)a)->soa.serial;
	uint32_t y = ((const struct group *)b)->soa.serial;

	return x < y ? -1 : x > y;
}

static void
groups_free(struct groups *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].key);
		th_strlist_free(&g->v[i].members);
	}
	free(g->v);
	memset(g, 0, sizeof(*g));
}

/* ---- authoritative replies of every server ------------------------------- */

/* A test case's tags for servers that give nothing to compare. */
struct nr_tags {
	enum th_tag disabled4, disabled6; /* family not in use */
	enum th_tag no_response;          /* no DNS answer */
	enum th_tag no_record;            /* no authoritative record */
};

/* Called with each server that answered authoritatively. */
typedef void auth_fn(void *arg, const char *ns, const struct th_msg *m);

/*
 * The plain <domain> <qtype> reply of every (name, address) pair: fn
 * gets each AA answer with records of qtype for the domain; the other
 * servers are reported with t's DEBUG tags.
 */
static void
auth_replies(const struct th_engine_ctx *ctx, const struct nr_tags *t,
             uint16_t qtype, auth_fn *fn, void *arg)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	size_t n = th_ev_disabled_ips(ev, ips, MAXIPS);
	char ns[NSSTR], rrtype[16];
	const char *rt = th_rrtype_name(qtype, rrtype, sizeof(rrtype));

	for (size_t i = 0; i < n; i++) {
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		th_report_emit(ctx->rep,
		               ips[i].addr.family == TH_AF_INET6 ? t->disabled6
		                                                 : t->disabled4,
		               "ns", ns, "rrtype", rt, NULL);
	}
	n = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		const struct th_answer *a = th_ev_reply(
		    ev, &ips[i].addr, TH_QF_PLAIN, &ev->domain, qtype);
		struct th_msg m;

		if (a == NULL)
			continue;
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		if (!th_ev_reply_msg(a, &m))
			th_report_emit(ctx->rep, t->no_response, "ns", ns,
			               NULL);
		else if (!(m.flags & TH_MSG_AA) ||
		         !th_msg_has_rr(&m, TH_SEC_ANSWER, qtype, &ev->domain))
			th_report_emit(ctx->rep, t->no_record, "ns", ns, NULL);
		else
			fn(arg, ns, &m);
	}
}

/* How a SOA test case keys its groups: the SOA field it compares. */
typedef void soa_key_fn(const struct th_soa *soa, char *key, size_t size);

struct soa_collect {
	const struct th_dname *domain;
	soa_key_fn *key;
	struct groups *groups;
};

static void
add_soa(void *arg, const char *ns, const struct th_msg *m)
{
	struct soa_collect *c = arg;
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_soa soa;
	char key[2 * TH_DNAME_STRLEN];
	struct group *g;

	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_SOA &&
		    th_dname_equal(&rr.owner, c->domain) &&
		    th_msg_soa(m, &rr, &soa) == 0) {
			c->key(&soa, key, sizeof(key));
			if ((g = groups_add(c->groups, key, ns)) != NULL &&
			    g->members.n == 1)
				g->soa = soa;
			return;
		}
}

/*
 * The SOA of each server, for CONSISTENCY01-03 and 06: the servers
 * grouped by the key the test case makes of their SOA. Returns 0 or
 * TH_ENOMEM (also set in the report).
 */
static int
server_soas(const struct th_engine_ctx *ctx, const struct nr_tags *t,
            soa_key_fn *key, struct groups *out)
{
	struct soa_collect c = {&ctx->ev->domain, key, out};

	memset(out, 0, sizeof(*out));
	auth_replies(ctx, t, TH_T_SOA, add_soa, &c);
	if (out->oom) {
		ctx->rep->err = TH_ENOMEM;
		return TH_ENOMEM;
	}
	return 0;
}

/* ---- CONSISTENCY01-03, 06 ------------------------------------------------ */

static void
key_serial(const struct th_soa *soa, char *key, size_t size)
{
	snprintf(key, size, "%u", (unsigned)soa->serial);
}

static void
key_rname(const struct th_soa *soa, char *key, size_t size)
{
	name_lc(&soa->rname, key, size);
}

static void
key_mname(const struct th_soa *soa, char *key, size_t size)
{
	name_lc(&soa->mname, key, size);
}

static void
key_timers(const struct th_soa *soa, char *key, size_t size)
{
	snprintf(key, size, "%u;%u;%u;%u", (unsigned)soa->refresh,
	         (unsigned)soa->retry, (unsigned)soa->expire,
	         (unsigned)soa->minimum);
}

void
th_consistency01(const struct th_engine_ctx *ctx)
{
	static const struct nr_tags t = {
	    TH_TAG_CONSISTENCY01_IPV4_DISABLED,
	    TH_TAG_CONSISTENCY01_IPV6_DISABLED,
	    TH_TAG_CONSISTENCY01_NO_RESPONSE,
	    TH_TAG_CONSISTENCY01_NO_RESPONSE_SOA_QUERY,
	};
	struct groups g;
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	uint32_t *serials, lo, hi;
	char count[24], smin[16], smax[16], var[16];

	if (server_soas(ctx, &t, key_serial, &g) != 0 || g.n == 0)
		goto out;
	qsort(g.v, g.n, sizeof(g.v[0]), cmp_group_serial);
	for (size_t i = 0; i < g.n; i++)
		th_report_emit(ctx->rep, TH_TAG_CONSISTENCY01_SOA_SERIAL,
		               "serial", g.v[i].key, "ns_list",
		               th_strlist_join(&g.v[i].members, &b), NULL);
	if (g.n == 1) {
		th_report_emit(ctx->rep, TH_TAG_CONSISTENCY01_ONE_SOA_SERIAL,
		               "serial", g.v[0].key, NULL);
		goto out;
	}
	if ((serials = malloc(g.n * sizeof(*serials))) == NULL) {
		ctx->rep->err = TH_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < g.n; i++)
		serials[i] = g.v[i].soa.serial;
	snprintf(count, sizeof(count), "%zu", g.n);
	th_report_emit(ctx->rep, TH_TAG_CONSISTENCY01_MULTIPLE_SOA_SERIALS,
	               "count", count, NULL);
	/* Without one order the serials cannot be said to be close. */
	if (!th_consistency_serial_range(serials, g.n, &lo, &hi) ||
	    hi - lo > TH_SERIAL_MAX_VARIATION) {
		snprintf(smin, sizeof(smin), "%u", (unsigned)lo);
		snprintf(smax, sizeof(smax), "%u", (unsigned)hi);
		snprintf(var, sizeof(var), "%u", TH_SERIAL_MAX_VARIATION);
		th_report_emit(ctx->rep,
		               TH_TAG_CONSISTENCY01_SOA_SERIAL_VARIATION,
		               "serial_min", smin, "serial_max", smax,
		               "max_variation", var, NULL);
	}
	free(serials);
out:
	groups_free(&g);
	th_buf_free(&b);
}

/*
 * The verdict of CONSISTENCY02, 03 and 06: one value, or how many and
 * which servers serve each.
 */
struct soa_verdict {
	enum th_tag one, multiple, each;
	/* Emit tag with the group's value, and ns_list unless NULL. */
	void (*emit)(const struct th_engine_ctx *ctx, enum th_tag tag,
	             struct group *g, const char *ns_list);
};

static void
soa_verdict(const struct th_engine_ctx *ctx, const struct soa_verdict *v,
            struct groups *g)
{
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	char count[24];

	if (g->n == 0)
		return;
	if (g->n == 1) {
		v->emit(ctx, v->one, &g->v[0], NULL);
		return;
	}
	qsort(g->v, g->n, sizeof(g->v[0]), cmp_group_key);
	snprintf(count, sizeof(count), "%zu", g->n);
	th_report_emit(ctx->rep, v->multiple, "count", count, NULL);
	for (size_t i = 0; i < g->n; i++)
		v->emit(ctx, v->each, &g->v[i],
		        th_strlist_join(&g->v[i].members, &b));
	th_buf_free(&b);
}

static void
emit_rname(const struct th_engine_ctx *ctx, enum th_tag tag, struct group *g,
           const char *ns_list)
{
	th_report_emit(ctx->rep, tag, "rname", g->key,
	               ns_list ? "ns_list" : NULL, ns_list, NULL);
}

static void
emit_mname(const struct th_engine_ctx *ctx, enum th_tag tag, struct group *g,
           const char *ns_list)
{
	th_report_emit(ctx->rep, tag, "mname", g->key,
	               ns_list ? "ns_list" : NULL, ns_list, NULL);
}

static void
emit_timers(const struct th_engine_ctx *ctx, enum th_tag tag, struct group *g,
            const char *ns_list)
{
	char refresh[16], retry[16], expire[16], minimum[16];

	snprintf(refresh, sizeof(refresh), "%u", (unsigned)g->soa.refresh);
	snprintf(retry, sizeof(retry), "%u", (unsigned)g->soa.retry);
	snprintf(expire, sizeof(expire), "%u", (unsigned)g->soa.expire);
	snprintf(minimum, sizeof(minimum), "%u", (unsigned)g->soa.minimum);
	th_report_emit(ctx->rep, tag, "refresh", refresh, "retry", retry,
	               "expire", expire, "minimum", minimum,
	               ns_list ? "ns_list" : NULL, ns_list, NULL);
}

void
th_consistency02(const struct th_engine_ctx *ctx)
{
	static const struct nr_tags t = {
	    TH_TAG_CONSISTENCY02_IPV4_DISABLED,
	    TH_TAG_CONSISTENCY02_IPV6_DISABLED,
	    TH_TAG_CONSISTENCY02_NO_RESPONSE,
	    TH_TAG_CONSISTENCY02_NO_RESPONSE_SOA_QUERY,
	};
	static const struct soa_verdict v = {
	    TH_TAG_CONSISTENCY02_ONE_SOA_RNAME,
	    TH_TAG_CONSISTENCY02_MULTIPLE_SOA_RNAMES,
	    TH_TAG_CONSISTENCY02_SOA_RNAME,
	    emit_rname,
	};
	struct groups g;

	if (server_soas(ctx, &t, key_rname, &g) == 0)
		soa_verdict(ctx, &v, &g);
	groups_free(&g);
}

void
th_consistency03(const struct th_engine_ctx *ctx)
{
	static const struct nr_tags t = {
	    TH_TAG_CONSISTENCY03_IPV4_DISABLED,
	    TH_TAG_CONSISTENCY03_IPV6_DISABLED,
	    TH_TAG_CONSISTENCY03_NO_RESPONSE,
	    TH_TAG_CONSISTENCY03_NO_RESPONSE_SOA_QUERY,
	};
	static const struct soa_verdict v = {
	    TH_TAG_CONSISTENCY03_ONE_SOA_TIME_PARAMETER_SET,
	    TH_TAG_CONSISTENCY03_MULTIPLE_SOA_TIME_PARAMETER_SET,
	    TH_TAG_CONSISTENCY03_SOA_TIME_PARAMETER_SET,
	    emit_timers,
	};
	struct groups g;

	if (server_soas(ctx, &t, key_timers, &g) == 0)
		soa_verdict(ctx, &v, &g);
	groups_free(&g);
}

void
th_consistency06(const struct th_engine_ctx *ctx)
{
	static const struct nr_tags t = {
	    TH_TAG_CONSISTENCY06_IPV4_DISABLED,
	    TH_TAG_CONSISTENCY06_IPV6_DISABLED,
	    TH_TAG_CONSISTENCY06_NO_RESPONSE,
	    TH_TAG_CONSISTENCY06_NO_RESPONSE_SOA_QUERY,
	};
	static const struct soa_verdict v = {
	    TH_TAG_CONSISTENCY06_ONE_SOA_MNAME,
	    TH_TAG_CONSISTENCY06_MULTIPLE_SOA_MNAMES,
	    TH_TAG_CONSISTENCY06_SOA_MNAME,
	    emit_mname,
	};
	struct groups g;

	if (server_soas(ctx, &t, key_mname, &g) == 0)
		soa_verdict(ctx, &v, &g);
	groups_free(&g);
}

/* ---- CONSISTENCY04 ------------------------------------------------------- */

struct ns_collect {
	const struct th_dname *domain;
	struct groups *groups;
};

/*
 * The NS set as its sorted, lower-cased names: two sets are equal when
 * they have the same number of records and each has an identical match.
 */
static void
add_nsset(void *arg, const char *ns, const struct th_msg *m)
{
	struct ns_collect *c = arg;
	struct th_strlist names = {0};
	struct th_buf key = TH_BUF_INIT(LISTMAX);
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_dname target;
	char name[TH_DNAME_STRLEN];

	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_NS &&
		    th_dname_equal(&rr.owner, c->domain) &&
		    th_msg_rdata_name(m, &rr, 0, &target, NULL) == 0) {
			name_lc(&target, name, sizeof(name));
			/* A repeated record counts, as in a set compare
			 * by count and match. */
			if (th_strlist_push(&names, name) != 0)
				c->groups->oom = true;
		}
	if (groups_add(c->groups, th_strlist_join(&names, &key), ns) == NULL)
		c->groups->oom = true;
	th_strlist_free(&names);
	th_buf_free(&key);
}

void
th_consistency04(const struct th_engine_ctx *ctx)
{
	static const struct nr_tags t = {
	    TH_TAG_CONSISTENCY04_IPV4_DISABLED,
	    TH_TAG_CONSISTENCY04_IPV6_DISABLED,
	    TH_TAG_CONSISTENCY04_NO_RESPONSE,
	    TH_TAG_CONSISTENCY04_NO_RESPONSE_NS_QUERY,
	};
	struct groups g = {0};
	struct ns_collect c = {&ctx->ev->domain, &g};
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	char count[24];

	auth_replies(ctx, &t, TH_T_NS, add_nsset, &c);
	if (g.oom) {
		ctx->rep->err = TH_ENOMEM;
	} else if (g.n == 1) {
		th_report_emit(ctx->rep, TH_TAG_CONSISTENCY04_ONE_NS_SET,
		               "nsname_list", g.v[0].key, NULL);
	} else if (g.n > 1) {
		qsort(g.v, g.n, sizeof(g.v[0]), cmp_group_key);
		snprintf(count, sizeof(count), "%zu", g.n);
		th_report_emit(ctx->rep, TH_TAG_CONSISTENCY04_MULTIPLE_NS_SET,
		               "count", count, NULL);
		for (size_t i = 0; i < g.n; i++)
			th_report_emit(ctx->rep, TH_TAG_CONSISTENCY04_NS_SET,
			               "nsname_list", g.v[i].key, "ns_list",
			               th_strlist_join(&g.v[i].members, &b),
			               NULL);
	}
	groups_free(&g);
	th_buf_free(&b);
}

/* ---- CONSISTENCY05 ------------------------------------------------------- */

/* One address of one name server name. */
struct nsaddr {
	struct th_dname name; /* lower-cased */
	struct th_addr addr;  /* port 0 */
};

/* Distinct (name, address) pairs, at most ADDRSET_MAX. */
struct addrset {
	struct nsaddr *v;
	size_t n, alloc;
};

static bool
as_has(const struct addrset *s, const struct th_dname *name,
       const struct th_addr *a)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].addr.family == a->family &&
		    memcmp(s->v[i].addr.ip, a->ip, sizeof(a->ip)) == 0 &&
		    th_dname_equal(&s->v[i].name, name))
			return true;
	return false;
}

/* Server addresses carry a port; the comparison is by IP only. */
static void
as_add(struct addrset *s, const struct th_dname *name, const struct th_addr *a)
{
	struct nsaddr *e;

	if (as_has(s, name, a) || s->n == ADDRSET_MAX)
		return;
	if (s->n == s->alloc) {
		size_t n = s->alloc ? s->alloc * 2 : 16;
		struct nsaddr *p = realloc(s->v, n * sizeof(*p));

		if (p == NULL)
			return;
		s->v = p;
		s->alloc = n;
	}
	e = &s->v[s->n++];
	e->name = *name;
	th_dname_canonicalize(&e->name);
	th_addr_from_raw(&e->addr, a->ip, a->family == TH_AF_INET6 ? 16 : 4, 0);
}

/* "name/ip;..." sorted, in b. */
static const char *
as_join(const struct addrset *s, struct th_buf *b)
{
	struct th_strlist l = {0};
	char ns[NSSTR];
	const char *out;

	for (size_t i = 0; i < s->n; i++) {
		th_ev_ns_str(&s->v[i].name, &s->v[i].addr, ns, sizeof(ns));
		th_strlist_add(&l, ns);
	}
	out = th_strlist_join(&l, b);
	th_strlist_free(&l);
	return out;
}

static void
as_free(struct addrset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/*
 * A referral to a zone below the domain: NOERROR, AA=0, nothing but
 * CNAMEs in the answer, NS in the authority section for a name under the
 * domain. A referral up, or to the domain itself, comes from a server
 * that does not serve the zone: a failure.
 */
static bool
is_referral(const struct th_msg *m, const struct th_dname *domain)
{
	struct th_msg_iter it;
	struct th_rr rr;
	bool ns = false;

	if (m->rcode != TH_RCODE_NOERROR || (m->flags & TH_MSG_AA))
		return false;
	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type != TH_T_CNAME)
			return false;
	th_msg_iter_init(&it, m, TH_SEC_AUTHORITY);
	while (th_msg_iter_next(&it, &rr))
		ns |= rr.type == TH_T_NS &&
		      th_dname_is_subdomain(&rr.owner, domain) &&
		      !th_dname_equal(&rr.owner, domain);
	return ns;
}

/*
 * A referral to a zone below: the name's addresses come from the
 * recursive lookup instead, as Zonemaster re-asks recursively.
 */
static void
lookup_addrs(const struct th_evidence *ev, const struct th_dname *name,
             uint16_t qtype, struct addrset *zone)
{
	const struct th_ev_lookup *l = th_ev_lookup(ev, name, 0);
	uint8_t family = qtype == TH_T_AAAA ? TH_AF_INET6 : TH_AF_INET;

	if (l == NULL)
		l = th_ev_lookup(ev, name, qtype);
	if (l == NULL || l->status != TH_RES_ANSWER)
		return;
	for (size_t k = 0; k < l->naddr; k++)
		if (l->addr[k].family == family)
			as_add(zone, name, &l->addr[k]);
}

enum zone_verdict { ZV_NOT_SENT, ZV_OK, ZV_FAILED };

/*
 * What server srv says about the qtype addresses of name; the addresses
 * go into zone. ZV_FAILED (reported at DEBUG) for no response, or an
 * answer neither authoritative NOERROR/NXDOMAIN nor a referral.
 */
static enum zone_verdict
zone_addrs(const struct th_engine_ctx *ctx, const struct th_ev_ip *srv,
           const struct th_dname *name, uint16_t qtype, struct addrset *zone)
{
	const struct th_answer *a =
	    th_ev_reply(ctx->ev, &srv->addr, TH_QF_PLAIN, name, qtype);
	char ns[NSSTR], nsname[TH_DNAME_STRLEN];
	const char *rt = qtype == TH_T_AAAA ? "AAAA" : "A";
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_addr addr;

	if (a == NULL)
		return ZV_NOT_SENT;
	if (th_ev_reply_msg(a, &m) && is_referral(&m, &ctx->ev->domain)) {
		lookup_addrs(ctx->ev, name, qtype, zone);
		return ZV_OK;
	}
	if (th_ev_reply_msg(a, &m) && (m.flags & TH_MSG_AA) &&
	    (m.rcode == TH_RCODE_NOERROR || m.rcode == TH_RCODE_NXDOMAIN)) {
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr))
			if (rr.type == qtype &&
			    th_dname_equal(&rr.owner, name) &&
			    rr.rdlen == (qtype == TH_T_AAAA ? 16 : 4)) {
				th_addr_from_raw(&addr, th_msg_rdata(&m, &rr),
				                 rr.rdlen, 0);
				as_add(zone, name, &addr);
			}
		return ZV_OK;
	}
	th_ev_ns_str(&srv->ns->name, &srv->addr, ns, sizeof(ns));
	name_lc(name, nsname, sizeof(nsname));
	th_report_emit(ctx->rep,
	               th_ev_reply_msg(a, &m)
	                   ? TH_TAG_CONSISTENCY05_CHILD_NS_FAILED
	                   : TH_TAG_CONSISTENCY05_NO_RESPONSE,
	               "ns", ns, "nsname", nsname, "rrtype", rt, NULL);
	return ZV_FAILED;
}

static bool
in_bailiwick(const struct th_evidence *ev, const struct th_ev_ns *n)
{
	return th_dname_is_subdomain(&n->name, &ev->domain);
}

/*
 * Out-of-bailiwick names with glue: the glue against the name's
 * addresses in DNS. Returns true when some glue does not match.
 */
static bool
oob_mismatch(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_buf b1 = TH_BUF_INIT(LISTMAX), b2 = TH_BUF_INIT(LISTMAX);
	bool any = false;

	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *n = &ev->ns.ns[i];
		const struct th_ev_lookup *l;
		struct addrset glue = {0}, dns = {0};
		bool bad = false;

		if (!(n->src & TH_EV_DEL) || !n->glue || n->naddr == 0 ||
		    in_bailiwick(ev, n))
			continue;
		if ((l = th_ev_lookup(ev, &n->name, 0)) == NULL)
			continue; /* never looked up: nothing to compare */
		for (size_t k = 0; k < n->naddr; k++)
			as_add(&glue, &n->name, &n->addr[k]);
		for (size_t k = 0; l->status == TH_RES_ANSWER && k < l->naddr;
		     k++)
			as_add(&dns, &n->name, &l->addr[k]);
		for (size_t k = 0; k < glue.n && !bad; k++)
			bad = !as_has(&dns, &glue.v[k].name, &glue.v[k].addr);
		if (bad)
			th_report_emit(
			    ctx->rep,
			    TH_TAG_CONSISTENCY05_OUT_OF_BAILIWICK_ADDR_MISMATCH,
			    "parent_addresses", as_join(&glue, &b1),
			    "zone_addresses", as_join(&dns, &b2), NULL);
		any |= bad;
		as_free(&glue);
		as_free(&dns);
	}
	th_buf_free(&b1);
	th_buf_free(&b2);
	return any;
}

void
th_consistency05(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip srv[MAXIPS];
	size_t nsrv = th_ev_ips(ev, TH_EV_CHILD, srv, MAXIPS);
	struct addrset zone = {0}, glue = {0}, extra = {0};
	struct th_buf b1 = TH_BUF_INIT(LISTMAX), b2 = TH_BUF_INIT(LISTMAX);
	bool answered[TH_EV_MAXNS] = {false}, mismatch = false;

	/* Every child server's answers for every in-bailiwick name. */
	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *n = &ev->ns.ns[i];
		size_t ok = 0, failed = 0;

		if (!(n->src & (TH_EV_DEL | TH_EV_CHILD)) ||
		    !in_bailiwick(ev, n))
			continue;
		for (size_t j = 0; j < nsrv; j++) {
			enum zone_verdict a4 =
			    zone_addrs(ctx, &srv[j], &n->name, TH_T_A, &zone);
			enum zone_verdict a6 = zone_addrs(
			    ctx, &srv[j], &n->name, TH_T_AAAA, &zone);

			if (a4 == ZV_OK || a6 == ZV_OK)
				ok++;
			else if (a4 == ZV_FAILED || a6 == ZV_FAILED)
				failed++;
		}
		if (ok == 0 && failed > 0) {
			th_report_emit(ctx->rep,
			               TH_TAG_CONSISTENCY05_CHILD_ZONE_LAME,
			               NULL);
			goto out;
		}
		answered[i] = ok > 0;
	}
	/* The parent's glue of the names the zone answered for. */
	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *n = &ev->ns.ns[i];

		if (!answered[i] || !n->glue || !(n->src & TH_EV_DEL))
			continue;
		for (size_t k = 0; k < n->naddr; k++)
			as_add(&glue, &n->name, &n->addr[k]);
	}
	for (size_t k = 0; k < glue.n && !mismatch; k++)
		mismatch = !as_has(&zone, &glue.v[k].name, &glue.v[k].addr);
	if (mismatch)
		th_report_emit(ctx->rep,
		               TH_TAG_CONSISTENCY05_IN_BAILIWICK_ADDR_MISMATCH,
		               "parent_addresses", as_join(&glue, &b1),
		               "zone_addresses", as_join(&zone, &b2), NULL);
	for (size_t k = 0; k < zone.n; k++)
		if (!as_has(&glue, &zone.v[k].name, &zone.v[k].addr))
			as_add(&extra, &zone.v[k].name, &zone.v[k].addr);
	if (extra.n > 0)
		th_report_emit(ctx->rep,
		               TH_TAG_CONSISTENCY05_EXTRA_ADDRESS_CHILD,
		               "ns_ip_list", as_join(&extra, &b1), NULL);
	mismatch |= oob_mismatch(ctx);
	if (!mismatch && extra.n == 0)
		th_report_emit(ctx->rep, TH_TAG_CONSISTENCY05_ADDRESSES_MATCH,
		               NULL);
out:
	as_free(&zone);
	as_free(&glue);
	as_free(&extra);
	th_buf_free(&b1);
	th_buf_free(&b2);
}

/* ---- the module ---------------------------------------------------------- */

void
th_consistency_run(const struct th_engine_ctx *ctx)
{
	const struct th_profile *p = ctx->conf->profile;

	if (p->enabled[TH_TC_CONSISTENCY01])
		th_consistency01(ctx);
	if (p->enabled[TH_TC_CONSISTENCY02])
		th_consistency02(ctx);
	if (p->enabled[TH_TC_CONSISTENCY03])
		th_consistency03(ctx);
	if (p->enabled[TH_TC_CONSISTENCY04])
		th_consistency04(ctx);
	if (p->enabled[TH_TC_CONSISTENCY05])
		th_consistency05(ctx);
	if (p->enabled[TH_TC_CONSISTENCY06])
		th_consistency06(ctx);
}
