/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * chain.c -- fetching the DS and DNSKEY answers of the chain of trust, one
 * zone at a time, with the waiting domains queued on each zone.
 */
#include "crawler/chain.h"

#include "common/err.h"
#include "common/log.h"
#include "crawler/zonefile.h"
#include "engine/evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Servers tried for one question before the zone is indeterminate. */
#define MAXTRIES 3
#define MAXSRV 16

struct waiter {
	th_chain_cb *cb;
	void *arg;
	struct waiter *next;
};

/* One question (DS at the parent, or DNSKEY at the zone) and its servers. */
struct fetch {
	struct node *n;
	struct th_dname qname;
	uint16_t qtype;
	size_t nsrv, next;
	struct th_addr srv[MAXSRV];
	const struct th_answer *ans; /* the answer kept, referenced */
	bool done;
};

struct node {
	struct node *next;
	struct th_chain *c;
	struct th_trust_zone tz;
	bool done;
	struct waiter *waiters;
	const struct th_trust_zone *parent; /* once known */
	struct fetch ds, key;
};

struct th_chain {
	struct th_transport *t;
	struct th_resolver *r;
	struct th_trust_anchor anchor;
	uint64_t now;
	bool ipv4, ipv6;
	struct node *nodes;
	struct th_buf scratch;
};

static int node_get(struct th_chain *c, const struct th_dname *zone,
                    struct node **out);

int
th_chain_create(struct th_chain **out, struct th_transport *t,
                struct th_resolver *r, const struct th_chain_conf *conf)
{
	struct th_chain *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (c == NULL)
		return TH_ENOMEM;
	c->t = t;
	c->r = r;
	c->anchor = *conf->anchor;
	c->now = conf->now;
	c->ipv4 = conf->ipv4;
	c->ipv6 = conf->ipv6;
	th_buf_init(&c->scratch, 1 << 20);
	*out = c;
	return 0;
}

void
th_chain_free(struct th_chain *c)
{
	struct node *n, *next;

	if (c == NULL)
		return;
	for (n = c->nodes; n != NULL; n = next) {
		next = n->next;
		for (struct waiter *w = n->waiters, *wn; w != NULL; w = wn) {
			wn = w->next;
			free(w);
		}
		if (n->ds.ans != NULL)
			th_answer_unref(n->ds.ans);
		if (n->key.ans != NULL)
			th_answer_unref(n->key.ans);
		th_trust_zone_clear(&n->tz);
		free(n);
	}
	th_buf_free(&c->scratch);
	free(c);
}

/* ---- verdicts ----------------------------------------------------------- */

static void
node_finish(struct node *n)
{
	struct waiter *w = n->waiters;

	n->done = true;
	n->waiters = NULL;
	if (n->tz.status != TH_TRUST_SECURE) {
		char z[TH_DNAME_STRLEN];

		if (th_dname_to_str(&n->tz.zone, z, sizeof(z)) != 0)
			z[0] = '\0';
		th_log_debug(
		    "chain: %s is %s: %s", z,
		    th_trust_status_name((enum th_trust_status)n->tz.status),
		    n->tz.why != NULL ? n->tz.why : "");
	}
	while (w != NULL) {
		struct waiter *next = w->next;

		w->cb(w->arg, &n->tz);
		free(w);
		w = next;
	}
}

static void
node_fail(struct node *n, enum th_trust_status s, const char *why)
{
	n->tz.status = (uint8_t)s;
	n->tz.why = why;
	node_finish(n);
}

/* Both answers are in: judge. */
static void
node_judge(struct node *n)
{
	struct th_chain *c = n->c;
	struct th_msg dm, km;
	const struct th_msg *dsp = th_ev_reply_msg(n->ds.ans, &dm) ? &dm : NULL;
	const struct th_msg *kp = th_ev_reply_msg(n->key.ans, &km) ? &km : NULL;
	int rc;

	if (n->parent == NULL)
		rc = th_trust_zone_anchor(&c->anchor, kp, c->now, &c->scratch,
		                          &n->tz);
	else
		rc = th_trust_zone_child(n->parent, &n->tz.zone, dsp, kp,
		                         c->now, &c->scratch, &n->tz);
	if (rc != 0) {
		th_log_error("chain: %s", th_strerror(rc));
		node_fail(n, TH_TRUST_INDETERMINATE,
		          "the signature checks could not run");
		return;
	}
	node_finish(n);
}

/* ---- questions ---------------------------------------------------------- */

static void fetch_next(struct node *n, struct fetch *f);

/* An authoritative NOERROR answer ends the question; others try on. */
static bool
good_answer(const struct th_answer *a)
{
	struct th_msg m;

	return th_ev_reply_msg(a, &m) && m.rcode == TH_RCODE_NOERROR &&
	       (m.flags & TH_MSG_AA);
}

static void
on_fetch_reply(void *arg, const struct th_answer *ans)
{
	struct fetch *f = arg;
	struct node *n = f->n;

	if (good_answer(ans)) {
		th_answer_ref(ans);
		f->ans = ans;
		f->done = true;
	}
	fetch_next(n, f);
}

static void
fetch_next(struct node *n, struct fetch *f)
{
	struct th_query q;
	enum th_proto proto;

	while (!f->done) {
		if (f->next >= f->nsrv || f->next >= MAXTRIES) {
			f->done = true; /* no usable answer: ans stays NULL */
			break;
		}
		th_qflavor_query(TH_QF_DNSSEC, &f->qname, f->qtype, &q, &proto);
		if (th_transport_query(n->c->t, &f->srv[f->next++], &q, proto,
		                       on_fetch_reply, f) == 0)
			return;
	}
	if (n->ds.done && n->key.done)
		node_judge(n);
}

static bool
family_on(const struct th_chain *c, const struct th_addr *a)
{
	return a->family == TH_AF_INET6 ? c->ipv6 : c->ipv4;
}

static void
add_servers(const struct th_dname *ns, const struct th_addr *addrs,
            size_t naddrs, void *arg)
{
	struct fetch *f = arg;

	(void)ns;
	for (size_t i = 0; i < naddrs && f->nsrv < MAXSRV; i++)
		f->srv[f->nsrv++] = addrs[i];
}

/* The glue the resolver holds for zone, in the families in use. */
static void
fetch_init(struct node *n, struct fetch *f, const struct th_dname *zone,
           const struct th_dname *qname, uint16_t qtype)
{
	struct th_chain *c = n->c;
	size_t k = 0;

	memset(f, 0, sizeof(*f));
	f->n = n;
	f->qname = *qname;
	f->qtype = qtype;
	(void)th_resolver_zone_servers(c->r, zone, add_servers, f);
	for (size_t i = 0; i < f->nsrv; i++)
		if (family_on(c, &f->srv[i]))
			f->srv[k++] = f->srv[i];
	f->nsrv = k;
}

/* The zone's servers came without glue: the first name's addresses. */
static void
on_key_addrs(void *arg, const struct th_res_result *res)
{
	struct node *n = arg;

	for (size_t i = 0; i < res->naddrs && n->key.nsrv < MAXSRV; i++)
		if (family_on(n->c, &res->addrs[i]))
			n->key.srv[n->key.nsrv++] = res->addrs[i];
	fetch_next(n, &n->key);
}

static void
first_ns(const struct th_dname *ns, const struct th_addr *addrs, size_t naddrs,
         void *arg)
{
	struct th_dname *out = arg;

	(void)addrs;
	(void)naddrs;
	if (th_dname_is_root(out))
		*out = *ns;
}

/* Ask for the DNSKEY of the node's zone (and, below the anchor, its DS). */
static void
node_ask(struct node *n)
{
	struct th_chain *c = n->c;
	const struct th_dname *z = &n->tz.zone;
	struct th_dname ns;

	if (n->parent != NULL)
		fetch_init(n, &n->ds, &n->parent->zone, z, TH_T_DS);
	else
		n->ds.done = true;
	fetch_init(n, &n->key, z, z, TH_T_DNSKEY);
	th_dname_set_root(&ns);
	if (n->key.nsrv == 0 &&
	    th_resolver_zone_servers(c->r, z, first_ns, &ns) &&
	    !th_dname_is_root(&ns) &&
	    th_resolver_addrs(c->r, &ns, on_key_addrs, n) == 0) {
		if (!n->ds.done)
			fetch_next(n, &n->ds);
		return;
	}
	if (!n->ds.done)
		fetch_next(n, &n->ds);
	fetch_next(n, &n->key);
}

static void
on_parent(void *arg, const struct th_trust_zone *p)
{
	struct node *n = arg;

	n->parent = p;
	if (p->status != TH_TRUST_SECURE) {
		/* Nothing to ask: the zone inherits the parent's verdict. */
		if (th_trust_zone_child(p, &n->tz.zone, NULL, NULL, 0, NULL,
		                        &n->tz) != 0)
			n->tz.status = TH_TRUST_INDETERMINATE;
		node_finish(n);
		return;
	}
	node_ask(n);
}

static void
on_delegation(void *arg, const struct th_res_result *res)
{
	struct node *n = arg;
	const struct th_trust_zone *known;

	if ((res->status != TH_RES_REFERRAL && res->status != TH_RES_ANSWER) ||
	    th_dname_equal(&res->zone, &n->tz.zone)) {
		node_fail(n, TH_TRUST_INDETERMINATE,
		          "the zone's delegation was not found");
		return;
	}
	if (th_chain_zone(n->c, &res->zone, on_parent, n, &known) != 0) {
		node_fail(n, TH_TRUST_INDETERMINATE, "out of memory");
		return;
	}
	if (known != NULL)
		on_parent(n, known);
}

static void
node_start(struct node *n)
{
	struct th_chain *c = n->c;

	if (th_dname_equal(&n->tz.zone, &c->anchor.owner)) {
		node_ask(n);
		return;
	}
	if (th_dname_is_root(&n->tz.zone)) {
		node_fail(n, TH_TRUST_INSECURE,
		          "the zone is not below the trust anchor");
		return;
	}
	if (th_resolver_delegation(c->r, &n->tz.zone, on_delegation, n) != 0)
		node_fail(n, TH_TRUST_INDETERMINATE, "out of memory");
}

/* ---- the zone list ------------------------------------------------------ */

static int
node_get(struct th_chain *c, const struct th_dname *zone, struct node **out)
{
	struct node *n;

	for (n = c->nodes; n != NULL; n = n->next)
		if (th_dname_equal(&n->tz.zone, zone)) {
			*out = n;
			return 0;
		}
	if ((n = calloc(1, sizeof(*n))) == NULL)
		return TH_ENOMEM;
	n->c = c;
	n->tz.zone = *zone;
	n->tz.status = TH_TRUST_UNKNOWN;
	n->next = c->nodes;
	c->nodes = n;
	*out = n;
	return 1;
}

int
th_chain_zone(struct th_chain *c, const struct th_dname *zone, th_chain_cb *cb,
              void *arg, const struct th_trust_zone **known)
{
	struct waiter *w;
	struct node *n;
	int fresh;

	*known = NULL;
	if ((fresh = node_get(c, zone, &n)) < 0)
		return fresh;
	if (n->done) {
		*known = &n->tz;
		return 0;
	}
	if (fresh)
		node_start(n);
	/* Decided inside the call (nothing to ask, no server): the
	 * verdict is returned, not called back. */
	if (n->done) {
		*known = &n->tz;
		return 0;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return TH_ENOMEM;
	w->cb = cb;
	w->arg = arg;
	w->next = n->waiters;
	n->waiters = w;
	return 0;
}

/* ---- anchor files ------------------------------------------------------- */

struct anchor_err {
	char *buf;
	size_t len;
	bool set;
};

static void
anchor_on_error(void *arg, const struct th_zonefile_error *e)
{
	struct anchor_err *ae = arg;

	if (ae->set)
		return;
	ae->set = true;
	snprintf(ae->buf, ae->len, "%s:%lu: %s%s%s", e->file, e->line,
	         th_zonefile_reason_text(e->reason), *e->detail ? ": " : "",
	         e->detail);
}

int
th_chain_anchor_load(struct th_trust_anchor *a, const char *path, char *err,
                     size_t errlen)
{
	struct anchor_err ae = {err, errlen, false};
	struct th_zonefile_conf zc = {
	    .default_ttl = 3600, .on_error = anchor_on_error, .arg = &ae};
	const struct th_zonefile_rr *rr;
	struct th_zonefile *zf;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = th_zonefile_open(&zf, path, &zc)) != 0) {
		snprintf(err, errlen, "%s: %s", path, th_strerror(rc));
		return TH_EIO;
	}
	while ((rc = th_zonefile_next(zf, &rr)) == 0 && rr != NULL) {
		if (rr->type != TH_T_DS && rr->type != TH_T_DNSKEY)
			continue; /* unbound's files may hold comments, SOA */
		if (th_trust_anchor_add(a, &rr->owner, rr->type, rr->rdata,
		                        rr->rdlen) != 0) {
			snprintf(
			    err, errlen,
			    "%s:%lu: a trust anchor holds at most %d DS or "
			    "DNSKEY records of one owner",
			    rr->file, rr->line, TH_TRUST_MAXANCHOR);
			th_zonefile_destroy(&zf);
			return TH_EINVAL;
		}
	}
	th_zonefile_destroy(&zf);
	if (rc != 0 || ae.set) {
		if (!ae.set)
			snprintf(err, errlen, "%s: %s", path, th_strerror(rc));
		return TH_ESYNTAX;
	}
	if (a->n == 0) {
		snprintf(err, errlen, "%s: no DS or DNSKEY record", path);
		return TH_EINVAL;
	}
	return 0;
}
