/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * probe.c -- the per-domain evidence collector (see probe.h).
 *
 * Every operation (a query to one server, or a resolver lookup) counts in
 * `pending`; when the last one of a phase completes, the next phase runs.
 * After delivery (done, or budget spent) the probe lingers, recording
 * nothing, until its operations still out have come back.
 */
#include "crawler/probe.h"

#include "crawler/chain.h"
#include "crawler/srvset.h"

#include "common/err.h"
#include "common/log.h"
#include "common/msg.h"
#include "engine/address.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum phase {
	PH_START,
	PH_DELEG,     /* the parent's referral */
	PH_ADDRS,     /* addresses of servers without glue */
	PH_QUERY,     /* the standard queries to the delegation's servers */
	PH_CHILD,     /* the zone's own NS set: names and addresses */
	PH_CHILD_IPS, /* the standard queries to its new addresses */
	PH_EXTRA,     /* PTR, MNAME, MX targets, mail domain, www */
	PH_EXTRA2,    /* what depends on PH_EXTRA's lookups */
	PH_DONE,
};

/* What a lookup is for, beyond being recorded. */
enum lk_use { LK_PLAIN, LK_NS_ADDR, LK_PARENT_ADDR };

struct asked {
	struct th_addr server;
	struct th_dname qname;
	uint16_t qtype;
	uint8_t flavor;
};

struct probe {
	struct th_transport *t;
	struct th_resolver *r;
	struct th_probe_conf conf;
	struct th_evidence *ev; /* NULL once delivered */
	th_probe_cb *cb;
	void *arg;
	unsigned pending;
	unsigned side; /* side questions out: no phase waits for them */
	enum phase phase;
	uv_timer_t timer;
	bool delivered, freeing;
	struct asked *asked;
	size_t nasked, aasked;
	/* Addresses that got the standard queries. */
	struct th_addr queried[TH_EV_MAXNS * TH_EV_MAXADDR];
	size_t nqueried;
	/* The DNSSEC module's questions beyond DNSKEY, SOA and DS are out
	 * (see dnssec_gate_open). */
	bool dnssec_more;
};

struct op {
	struct probe *p;
	bool side;
	uint8_t use; /* enum lk_use, for lookups */
	uint8_t flavor;
	uint16_t qtype;
	struct th_addr server;
	struct th_dname qname;
};

static void probe_step(struct probe *p);
static void dnssec_followups(struct probe *p);

void
th_probe_conf_default(struct th_probe_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->budget_ms = 120000;
	c->ipv4 = c->ipv6 = true;
}

/* ---- lifetime ----------------------------------------------------------- */

static void
on_timer_closed(uv_handle_t *h)
{
	struct probe *p = h->data;

	free(p->asked);
	free(p);
}

/* Free the probe once it is delivered and nothing is out. */
static void
probe_maybe_free(struct probe *p)
{
	if (!p->delivered || p->pending > 0 || p->side > 0 || p->freeing)
		return;
	p->freeing = true;
	uv_close((uv_handle_t *)&p->timer, on_timer_closed);
}

static void
probe_deliver(struct probe *p)
{
	struct th_evidence *ev = p->ev;

	if (p->delivered)
		return;
	p->delivered = true;
	p->ev = NULL;
	uv_timer_stop(&p->timer);
	p->cb(p->arg, ev);
	probe_maybe_free(p);
}

static void
on_budget(uv_timer_t *h)
{
	struct probe *p = h->data;

	if (p->ev != NULL) {
		p->ev->budget_exceeded = true;
		th_log_debug("probe: time budget spent in phase %d",
		             (int)p->phase);
	}
	probe_deliver(p);
}

/* ---- queries and lookups ------------------------------------------------ */

static bool
family_on(const struct probe *p, const struct th_addr *a)
{
	return a->family == TH_AF_INET6 ? p->conf.ipv6 : p->conf.ipv4;
}

/* The "flavour" of a resolver lookup in the asked list. */
#define LOOKUP_FLAVOR 0xff

/* A new, zeroed slot of the asked list, or NULL without memory. */
static struct asked *
asked_add(struct probe *p)
{
	if (p->nasked == p->aasked) {
		size_t n = p->aasked ? p->aasked * 2 : 64;
		struct asked *a = realloc(p->asked, n * sizeof(*a));

		if (a == NULL)
			return NULL;
		p->asked = a;
		p->aasked = n;
	}
	memset(&p->asked[p->nasked], 0, sizeof(p->asked[0]));
	return &p->asked[p->nasked++];
}

static void
on_reply(void *arg, const struct th_answer *ans)
{
	struct op *o = arg;
	struct probe *p = o->p;
	struct th_msg m;

	if (o->side)
		p->side--;
	else
		p->pending--;
	if (p->ev != NULL &&
	    th_ev_add_reply(p->ev, &o->server, (enum th_qflavor)o->flavor,
	                    &o->qname, o->qtype, ans) != 0)
		th_log_error("probe: out of memory recording a reply");
	/* A key or a DS: the zone is signed, ask the rest now rather than
	 * after the last answer. */
	if (p->ev != NULL && !p->dnssec_more && o->flavor == TH_QF_DNSSEC &&
	    (o->qtype == TH_T_DNSKEY || o->qtype == TH_T_DS) &&
	    th_dname_equal(&o->qname, &p->ev->domain) &&
	    th_ev_reply_msg(ans, &m) &&
	    th_msg_has_rr(&m, TH_SEC_ANSWER, o->qtype, &o->qname))
		dnssec_followups(p);
	free(o);
	probe_step(p);
}

/*
 * Ask one server one question of one flavour, once per probe. A side
 * question is one no later phase depends on: the phases go on without
 * it, and only the delivery waits, so a server that drops EDNS or DNSSEC
 * queries costs its timeout once, not once per phase.
 */
static void
ask(struct probe *p, const struct th_addr *server, enum th_qflavor f,
    const struct th_dname *qname, uint16_t qtype, bool side)
{
	struct th_query q;
	enum th_proto proto;
	struct asked *k;
	struct op *o;

	if (p->delivered || !family_on(p, server))
		return;
	for (size_t i = 0; i < p->nasked; i++) {
		k = &p->asked[i];
		if (k->qtype == qtype && k->flavor == f &&
		    th_addr_equal(&k->server, server) &&
		    th_dname_equal(&k->qname, qname))
			return;
	}
	if ((k = asked_add(p)) == NULL)
		return;
	k->server = *server;
	k->qname = *qname;
	k->qtype = qtype;
	k->flavor = (uint8_t)f;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return;
	o->p = p;
	o->side = side;
	o->flavor = (uint8_t)f;
	o->qtype = qtype;
	o->server = *server;
	o->qname = *qname;
	th_qflavor_query(f, qname, qtype, &q, &proto);
	if (side)
		p->side++;
	else
		p->pending++;
	if (th_transport_query(p->t, server, &q, proto, on_reply, o) != 0) {
		if (side)
			p->side--;
		else
			p->pending--;
		free(o);
	}
}

static void
probe_ask(struct probe *p, const struct th_addr *server, enum th_qflavor f,
          const struct th_dname *qname, uint16_t qtype)
{
	ask(p, server, f, qname, qtype, false);
}

static void
side_ask(struct probe *p, const struct th_addr *server, enum th_qflavor f,
         const struct th_dname *qname, uint16_t qtype)
{
	ask(p, server, f, qname, qtype, true);
}

static void
fill_ns_addrs(struct th_ev_nsset *set, const struct th_dname *name,
              const struct th_res_result *res)
{
	struct th_ev_ns *ns = th_ev_ns_find(set, name);

	if (ns == NULL || ns->glue)
		return;
	ns->addr_status = (uint8_t)res->status;
	for (size_t i = 0; i < res->naddrs; i++)
		th_ev_ns_add_addr(ns, &res->addrs[i]);
}

static void
on_lookup(void *arg, const struct th_res_result *res)
{
	struct op *o = arg;
	struct probe *p = o->p;

	p->pending--;
	if (p->ev != NULL) {
		if (th_ev_add_lookup(p->ev, &o->qname, o->qtype, res) != 0)
			th_log_error("probe: out of memory recording a lookup");
		if (o->use == LK_NS_ADDR)
			fill_ns_addrs(&p->ev->ns, &o->qname, res);
		else if (o->use == LK_PARENT_ADDR)
			fill_ns_addrs(&p->ev->parent_ns, &o->qname, res);
	}
	free(o);
	probe_step(p);
}

/* A recursive lookup; qtype 0 asks for every address of the name. */
static void
probe_lookup(struct probe *p, const struct th_dname *name, uint16_t qtype,
             enum lk_use use)
{
	struct asked *k;
	struct op *o;
	int rc;

	if (p->delivered || th_ev_lookup(p->ev, name, qtype) != NULL)
		return;
	for (size_t i = 0; i < p->nasked; i++)
		if (p->asked[i].flavor == LOOKUP_FLAVOR &&
		    p->asked[i].qtype == qtype &&
		    th_dname_equal(&p->asked[i].qname, name))
			return;
	/* Lookups share the asked list, with a flavour no query has. */
	if ((k = asked_add(p)) == NULL)
		return;
	k->qname = *name;
	k->qtype = qtype;
	k->flavor = LOOKUP_FLAVOR;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return;
	o->p = p;
	o->use = (uint8_t)use;
	o->qtype = qtype;
	o->qname = *name;
	p->pending++;
	rc = qtype == 0 ? th_resolver_addrs(p->r, name, on_lookup, o)
	                : th_resolver_lookup(p->r, name, qtype, on_lookup, o);
	if (rc != 0) {
		p->pending--;
		free(o);
	}
}

/* ---- reading what came back --------------------------------------------- */

/* The parsed answer of a reply, if it is an authoritative NOERROR one. */
static bool
reply_auth(const struct th_answer *a, struct th_msg *m)
{
	return a != NULL && a->outcome == TH_OUT_ANSWER &&
	       th_msg_parse(m, a->wire, a->len, NULL) == 0 &&
	       (m->flags & TH_MSG_AA) && m->rcode == TH_RCODE_NOERROR;
}

/* Call fn for every name in records of type at owner in a section. */
static void
each_name(const struct th_msg *m, enum th_msg_section sec,
          const struct th_dname *owner, uint16_t type, size_t rel,
          void (*fn)(struct probe *p, const struct th_dname *n),
          struct probe *p)
{
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_dname n;

	th_msg_iter_init(&it, m, sec);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == type &&
		    (owner == NULL || th_dname_equal(&rr.owner, owner)) &&
		    th_msg_rdata_name(m, &rr, rel, &n, NULL) == 0)
			fn(p, &n);
}

static bool
in_domain(const struct probe *p, const struct th_dname *name)
{
	return th_dname_is_subdomain(name, &p->ev->domain);
}

/* ---- phases ------------------------------------------------------------- */

static void
add_del_ns(struct probe *p, const struct th_dname *n)
{
	(void)th_ev_ns_add(&p->ev->ns, n, TH_EV_DEL);
}

/* The referral's glue, for names inside the domain only (Method4). */
static void
take_glue(struct probe *p, const struct th_msg *m)
{
	struct th_msg_iter it;
	struct th_rr rr;

	th_msg_iter_init(&it, m, TH_SEC_ADDITIONAL);
	while (th_msg_iter_next(&it, &rr)) {
		struct th_ev_ns *ns;
		struct th_addr a;

		if ((rr.type != TH_T_A && rr.type != TH_T_AAAA) ||
		    !in_domain(p, &rr.owner) ||
		    (ns = th_ev_ns_find(&p->ev->ns, &rr.owner)) == NULL ||
		    !(ns->src & TH_EV_DEL))
			continue;
		th_addr_from_raw(&a, th_msg_rdata(m, &rr), rr.rdlen,
		                 th_resolver_port(p->r));
		ns->glue = true;
		th_ev_ns_add_addr(ns, &a);
	}
}

static void
add_parent_ns(const struct th_dname *name, const struct th_addr *addrs,
              size_t naddrs, void *arg)
{
	struct probe *p = arg;
	struct th_ev_ns *ns = th_ev_ns_add(&p->ev->parent_ns, name, TH_EV_DEL);

	if (ns == NULL)
		return;
	if (naddrs > 0)
		ns->glue = true;
	for (size_t i = 0; i < naddrs; i++)
		th_ev_ns_add_addr(ns, &addrs[i]);
}

static void
on_chain(void *arg, const struct th_trust_zone *z)
{
	struct probe *p = arg;

	p->side--;
	if (p->ev != NULL)
		p->ev->parent_trust = z;
	probe_step(p);
}

/* The parent's chain of trust, a side question: only DNSSEC facts need
 * it, and the run's chain asks once per zone. */
static void
ask_chain(struct probe *p)
{
	const struct th_trust_zone *known;

	if (p->conf.chain == NULL)
		return;
	p->side++;
	if (th_chain_zone(p->conf.chain, &p->ev->parent, on_chain, p, &known) !=
	        0 ||
	    known != NULL) {
		p->side--;
		p->ev->parent_trust = known;
	}
}

static void
on_delegation(void *arg, const struct th_res_result *res)
{
	struct probe *p = arg;
	struct th_evidence *ev = p->ev;
	struct th_msg m;

	p->pending--;
	if (ev == NULL) {
		probe_step(p);
		return;
	}
	ev->parent_status = (uint8_t)res->status;
	ev->parent = res->zone;
	if (res->answer != NULL) {
		th_answer_ref(res->answer);
		ev->referral = res->answer;
	}
	if (res->answer != NULL &&
	    th_msg_parse(&m, res->answer->wire, res->answer->len, NULL) == 0) {
		if (res->status == TH_RES_REFERRAL) {
			each_name(&m, TH_SEC_AUTHORITY, &ev->domain, TH_T_NS, 0,
			          add_del_ns, p);
			take_glue(p, &m);
		} else if (res->status == TH_RES_ANSWER)
			each_name(&m, TH_SEC_ANSWER, &ev->domain, TH_T_NS, 0,
			          add_del_ns, p);
	}
	if (res->status == TH_RES_REFERRAL || res->status == TH_RES_ANSWER ||
	    res->status == TH_RES_NXDOMAIN ||
	    res->status == TH_RES_NOT_DELEGATED)
		th_resolver_zone_servers(p->r, &ev->parent, add_parent_ns, p);
	if (res->status == TH_RES_REFERRAL || res->status == TH_RES_ANSWER)
		ask_chain(p);
	probe_step(p);
}

static void
phase_deleg(struct probe *p)
{
	struct th_evidence *ev = p->ev;

	if (p->conf.nfake > 0) {
		ev->undelegated = true;
		ev->nds = p->conf.nds;
		/* The DS given stands for the parent's: the DNSSEC module
		 * needs everything. */
		p->dnssec_more = ev->nds > 0;
		memcpy(ev->ds, p->conf.ds, sizeof(ev->ds[0]) * p->conf.nds);
		for (size_t i = 0; i < p->conf.nfake; i++) {
			const struct th_probe_ns *f = &p->conf.fake[i];
			struct th_ev_ns *ns =
			    th_ev_ns_add(&ev->ns, &f->name, TH_EV_DEL);

			if (ns == NULL)
				continue;
			ns->glue = f->naddr > 0;
			for (size_t a = 0; a < f->naddr; a++)
				th_ev_ns_add_addr(ns, &f->addr[a]);
		}
		return;
	}
	if (th_dname_is_root(&ev->domain)) {
		/* The root has no parent: its servers are the hints'. */
		ev->parent_status = TH_RES_REFERRAL;
		th_resolver_zone_servers(p->r, &ev->domain, add_parent_ns, p);
		for (size_t i = 0; i < ev->parent_ns.n; i++) {
			struct th_ev_ns *ns = th_ev_ns_add(
			    &ev->ns, &ev->parent_ns.ns[i].name, TH_EV_DEL);

			if (ns == NULL)
				continue;
			ns->glue = true;
			for (size_t a = 0; a < ev->parent_ns.ns[i].naddr; a++)
				th_ev_ns_add_addr(ns,
				                  &ev->parent_ns.ns[i].addr[a]);
		}
		ev->parent_ns.n = 0;
		return;
	}
	p->pending++;
	if (th_resolver_delegation(p->r, &ev->domain, on_delegation, p) != 0)
		p->pending--;
}

/*
 * To every parent server address known: NS (BASIC01; a DNAME follows in
 * phase_child where that is no referral) and DS (DNSSEC01/02/07/11/18).
 * phase_addrs asks them before the zone's servers are asked anything: a
 * DS opens the DNSSEC gate, and the module's questions then leave with
 * the first burst to each server, not after it, where a rate limit would
 * drop them; the NS goes along so that a dead parent address costs one
 * timeout, not two in a row. phase_query asks again for the addresses
 * found in phase_addrs (ask() puts each question once).
 */
static void
parent_queries(struct probe *p)
{
	const struct th_evidence *ev = p->ev;

	for (size_t i = 0; i < ev->parent_ns.n; i++) {
		const struct th_ev_ns *ns = &ev->parent_ns.ns[i];

		for (size_t a = 0; a < ns->naddr; a++) {
			probe_ask(p, &ns->addr[a], TH_QF_PLAIN, &ev->domain,
			          TH_T_NS);
			probe_ask(p, &ns->addr[a], TH_QF_DNSSEC, &ev->domain,
			          TH_T_DS);
		}
	}
}

static void
phase_addrs(struct probe *p)
{
	struct th_evidence *ev = p->ev;

	for (size_t i = 0; i < ev->ns.n; i++)
		if (ev->ns.ns[i].naddr == 0)
			probe_lookup(p, &ev->ns.ns[i].name, 0, LK_NS_ADDR);
	for (size_t i = 0; i < ev->parent_ns.n; i++)
		if (ev->parent_ns.ns[i].naddr == 0)
			probe_lookup(p, &ev->parent_ns.ns[i].name, 0,
			             LK_PARENT_ADDR);
	parent_queries(p);
}

/* Names the Nameserver module asks every server about. */
static const char *const ns01_names[] = {
    "xn--nameservertest.iis.se.",
    "xn--nameservertest.icann.org.",
    "xn--nameservertest.ripe.net.",
};
static const char *const ns15_names[] = {"version.bind.", "version.server."};

static void
side_ask_text(struct probe *p, const struct th_addr *ip, enum th_qflavor f,
              const char *name, uint16_t qtype)
{
	struct th_dname n;
	enum th_dname_reason why;

	if (th_dname_parse(&n, name, strlen(name), NULL, &why) == 0)
		side_ask(p, ip, f, &n, qtype);
}

/*
 * The DNSSEC module's questions after DNSKEY, SOA and DS (SOA is also
 * the per-domain EDNS view's DO test, engine/ednscomp). They only matter
 * when the zone is signed somewhere, or when DNSSEC07 cannot tell it is
 * not (see dnssec_gate_open): for an unsigned zone DNSSEC07 ends the
 * module (DS07_NOT_SIGNED) and the facts need no more.
 */
static void
dnssec_more_to(struct probe *p, const struct th_addr *ip)
{
	static const uint16_t types[] = {
	    TH_T_NS, TH_T_NSEC, TH_T_NSEC3PARAM, TH_T_CDS, TH_T_CDNSKEY,
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++)
		side_ask(p, ip, TH_QF_DNSSEC, &p->ev->domain, types[i]);
}

static void
dnssec_followups(struct probe *p)
{
	p->dnssec_more = true;
	for (size_t i = 0; i < p->nqueried; i++)
		dnssec_more_to(p, &p->queried[i]);
}

/*
 * Whether the DNSSEC module could need more than DNSKEY and DS. It does
 * not run when no server answers the plain SOA with authority (BASIC02
 * stops the test), and DNSSEC07 ends it (DS07_NOT_SIGNED) when a server
 * that does answers DNSKEY with authority and no key. A key or a DS
 * opens the gate at once (on_reply; phase_deleg for a DS given).
 */
static bool
dnssec_gate_open(const struct probe *p)
{
	const struct th_evidence *ev = p->ev;
	bool served = false;

	for (size_t i = 0; i < p->nqueried; i++) {
		struct th_msg m;

		if (!reply_auth(th_ev_reply(ev, &p->queried[i], TH_QF_PLAIN,
		                            &ev->domain, TH_T_SOA),
		                &m))
			continue;
		served = true;
		if (reply_auth(th_ev_reply(ev, &p->queried[i], TH_QF_DNSSEC,
		                           &ev->domain, TH_T_DNSKEY),
		               &m))
			return false;
	}
	return served;
}

/*
 * The DNSSEC and Nameserver modules' questions to one server of the zone,
 * and, the first time the run meets the address, the DNS Flag Day EDNS
 * compliance set (an address property, stored once per address).
 */
static void
side_queries(struct probe *p, const struct th_addr *ip)
{
	static const enum th_qflavor edns_soa[] = {
	    TH_QF_EDNS, TH_QF_EDNS1, TH_QF_EDNSOPT, TH_QF_EDNSZ, TH_QF_DO512,
	};
	static const enum th_qflavor flagday_soa[] = {
	    TH_QF_FD_EDNSOPT, TH_QF_FD_EDNS1OPT, TH_QF_FD_EDNSFLAGS,
	    TH_QF_FD_OPTLIST, TH_QF_FD_EDNSTCP,
	};
	const struct th_dname *d = &p->ev->domain;
	struct th_dname www;
	enum th_dname_reason why;

	side_ask(p, ip, TH_QF_DNSSEC, d, TH_T_DNSKEY);
	side_ask(p, ip, TH_QF_DNSSEC, d, TH_T_SOA);
	if (p->dnssec_more)
		dnssec_more_to(p, ip);
	for (size_t i = 0; i < sizeof(ns01_names) / sizeof(*ns01_names); i++)
		side_ask_text(p, ip, TH_QF_PLAIN, ns01_names[i], TH_T_A);
	for (size_t i = 0; i < sizeof(edns_soa) / sizeof(*edns_soa); i++)
		side_ask(p, ip, edns_soa[i], d, TH_T_SOA);
	side_ask(p, ip, TH_QF_TCP, d, TH_T_AXFR);
	side_ask(p, ip, TH_QF_PLAIN, d, TH_T_A);
	side_ask(p, ip, TH_QF_PLAIN, d, TH_T_AAAA);
	if (!th_dname_is_root(d))
		side_ask_text(p, ip, TH_QF_PLAIN, ".", TH_T_NS);
	/* Survey facts mail.dmarc and zone.caa (docs/facts.md). */
	side_ask(p, ip, TH_QF_PLAIN, d, TH_T_CAA);
	if (th_dname_parse(&www, "_dmarc", 6, d, &why) == 0)
		side_ask(p, ip, TH_QF_PLAIN, &www, TH_T_TXT);
	if (th_dname_parse(&www, "www", 3, d, &why) == 0) {
		side_ask(p, ip, TH_QF_CASE1, &www, TH_T_SOA);
		side_ask(p, ip, TH_QF_CASE2, &www, TH_T_SOA);
	}
	for (size_t i = 0; i < sizeof(ns15_names) / sizeof(*ns15_names); i++)
		side_ask_text(p, ip, TH_QF_CHAOS, ns15_names[i], TH_T_TXT);
	if (p->conf.probed != NULL && !th_srvset_claim(p->conf.probed, ip))
		return;
	for (size_t i = 0; i < sizeof(flagday_soa) / sizeof(*flagday_soa); i++)
		side_ask(p, ip, flagday_soa[i], d, TH_T_SOA);
	side_ask(p, ip, TH_QF_DO512, d, TH_T_DNSKEY);
}

/* The questions every name server of the zone is asked. */
static void
std_queries(struct probe *p, const struct th_addr *ip)
{
	const struct th_dname *d = &p->ev->domain;

	for (size_t i = 0; i < p->nqueried; i++)
		if (th_addr_equal(&p->queried[i], ip))
			return;
	if (p->nqueried < sizeof(p->queried) / sizeof(p->queried[0]))
		p->queried[p->nqueried++] = *ip;
	probe_ask(p, ip, TH_QF_PLAIN, d, TH_T_SOA);
	probe_ask(p, ip, TH_QF_PLAIN, d, TH_T_NS);
	probe_ask(p, ip, TH_QF_TCP, d, TH_T_SOA);
	probe_ask(p, ip, TH_QF_TCP, d, TH_T_NS);
	probe_ask(p, ip, TH_QF_PLAIN, d, TH_T_MX);
	probe_ask(p, ip, TH_QF_PLAIN, d, TH_T_TXT);
	side_queries(p, ip);
	for (size_t i = 0; i < p->ev->ns.n; i++) {
		const struct th_dname *n = &p->ev->ns.ns[i].name;

		if (!in_domain(p, n))
			continue;
		probe_ask(p, ip, TH_QF_PLAIN, n, TH_T_A);
		probe_ask(p, ip, TH_QF_PLAIN, n, TH_T_AAAA);
	}
}

static void
phase_query(struct probe *p)
{
	struct th_ev_ip ips[TH_EV_MAXNS * TH_EV_MAXADDR];
	size_t n =
	    th_ev_ips(p->ev, TH_EV_DEL, ips, sizeof(ips) / sizeof(ips[0]));

	for (size_t i = 0; i < n; i++)
		std_queries(p, &ips[i].addr);
	parent_queries(p);
}

static void
add_child_ns(struct probe *p, const struct th_dname *n)
{
	(void)th_ev_ns_add(&p->ev->ns, n, TH_EV_CHILD);
}

/*
 * BASIC01 step 8: a DNAME at the child name in the parent zone makes the
 * child an alias. Zonemaster asks for it only when a parent server says
 * NODATA for the name; so do we, from its NS answer: NOERROR and no NS
 * set (a DNAME owner exists, and holds no delegation but at an apex).
 */
static void
parent_dnames(struct probe *p)
{
	const struct th_evidence *ev = p->ev;

	for (size_t i = 0; i < ev->parent_ns.n; i++) {
		const struct th_ev_ns *ns = &ev->parent_ns.ns[i];

		for (size_t a = 0; a < ns->naddr; a++) {
			const struct th_answer *r =
			    th_ev_reply(ev, &ns->addr[a], TH_QF_PLAIN,
			                &ev->domain, TH_T_NS);
			struct th_msg m;

			if (!th_ev_reply_msg(r, &m) ||
			    m.rcode != TH_RCODE_NOERROR ||
			    th_msg_has_rr(&m, TH_SEC_AUTHORITY, TH_T_NS,
			                  &ev->domain) ||
			    th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_NS,
			                  &ev->domain))
				continue;
			side_ask(p, &ns->addr[a], TH_QF_PLAIN, &ev->domain,
			         TH_T_DNAME);
		}
	}
}

static void
phase_child(struct probe *p)
{
	struct th_evidence *ev = p->ev;
	size_t before = ev->ns.n;

	parent_dnames(p);

	/* Method3: the union of the NS sets in authoritative answers. */
	for (size_t i = 0; i < ev->nreplies; i++) {
		const struct th_ev_reply *r = &ev->replies[i];
		struct th_msg m;

		if (r->flavor == TH_QF_PLAIN && r->qtype == TH_T_NS &&
		    th_dname_equal(&r->qname, &ev->domain) &&
		    reply_auth(r->ans, &m))
			each_name(&m, TH_SEC_ANSWER, &ev->domain, TH_T_NS, 0,
			          add_child_ns, p);
	}
	/* Names only the zone lists: ask its servers (in-bailiwick) or
	 * resolve them. */
	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *ns = &ev->ns.ns[i];

		if (in_domain(p, &ns->name)) {
			for (size_t q = 0; q < p->nqueried; q++) {
				probe_ask(p, &p->queried[q], TH_QF_PLAIN,
				          &ns->name, TH_T_A);
				probe_ask(p, &p->queried[q], TH_QF_PLAIN,
				          &ns->name, TH_T_AAAA);
			}
		} else if (i >= before && ns->naddr == 0)
			probe_lookup(p, &ns->name, 0, LK_NS_ADDR);
	}
}

/* Method5 for in-bailiwick names: what the zone's servers answer. */
static void
collect_child_addrs(struct probe *p)
{
	struct th_evidence *ev = p->ev;

	for (size_t i = 0; i < ev->nreplies; i++) {
		const struct th_ev_reply *r = &ev->replies[i];
		struct th_ev_ns *ns;
		struct th_msg_iter it;
		struct th_rr rr;
		struct th_msg m;

		if (r->flavor != TH_QF_PLAIN ||
		    (r->qtype != TH_T_A && r->qtype != TH_T_AAAA) ||
		    (ns = th_ev_ns_find(&ev->ns, &r->qname)) == NULL ||
		    !(ns->src & TH_EV_CHILD) || !reply_auth(r->ans, &m))
			continue;
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr)) {
			struct th_addr a;

			if (rr.type != r->qtype ||
			    !th_dname_equal(&rr.owner, &r->qname))
				continue;
			th_addr_from_raw(&a, th_msg_rdata(&m, &rr), rr.rdlen,
			                 th_resolver_port(p->r));
			th_ev_ns_add_child_addr(ns, &a);
		}
	}
}

static void
phase_child_ips(struct probe *p)
{
	struct th_ev_ip ips[TH_EV_MAXNS * TH_EV_MAXADDR];
	size_t n;

	collect_child_addrs(p);
	n = th_ev_ips(p->ev, TH_EV_DEL | TH_EV_CHILD, ips,
	              sizeof(ips) / sizeof(ips[0]));
	for (size_t i = 0; i < n; i++)
		std_queries(p, &ips[i].addr);
}

/* The first authoritative SOA for the domain among the servers. */
static bool
first_soa(struct probe *p, struct th_soa *soa)
{
	struct th_evidence *ev = p->ev;

	for (size_t i = 0; i < ev->nreplies; i++) {
		const struct th_ev_reply *r = &ev->replies[i];
		struct th_msg_iter it;
		struct th_rr rr;
		struct th_msg m;

		if (r->flavor != TH_QF_PLAIN || r->qtype != TH_T_SOA ||
		    !th_dname_equal(&r->qname, &ev->domain) ||
		    !reply_auth(r->ans, &m))
			continue;
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr))
			if (rr.type == TH_T_SOA &&
			    th_dname_equal(&rr.owner, &ev->domain) &&
			    th_msg_soa(&m, &rr, soa) == 0)
				return true;
	}
	return false;
}

static void
ask_mx_target(struct probe *p, const struct th_dname *target)
{
	if (th_dname_is_root(target))
		return; /* Null MX */
	for (size_t q = 0; q < p->nqueried; q++)
		probe_ask(p, &p->queried[q], TH_QF_PLAIN, target, TH_T_CNAME);
	probe_lookup(p, target, 0, LK_PLAIN);
}

/* The mail domain of a SOA RNAME: all labels after the first. */
static bool
rname_domain(const struct th_dname *rname, struct th_dname *out)
{
	return th_dname_labels(rname) >= 2 && th_dname_parent(out, rname) == 0;
}

static void
phase_extra(struct probe *p)
{
	struct th_evidence *ev = p->ev;
	struct th_addr addrs[TH_EV_MAXNS * TH_EV_MAXADDR];
	size_t n = th_ev_addrs(ev, TH_EV_DEL | TH_EV_CHILD, addrs,
	                       sizeof(addrs) / sizeof(addrs[0]));
	struct th_soa soa;
	bool working = false;

	for (size_t i = 0; i < n; i++) {
		struct th_dname rev;

		/* The engine's name for it (ADDRESS02/03 read the answer). */
		if (th_address_reverse_name(&addrs[i], &rev) == 0)
			probe_lookup(p, &rev, TH_T_PTR, LK_PLAIN);
	}
	if (first_soa(p, &soa)) {
		struct th_dname maildom;

		working = true;
		if (!th_dname_is_root(&soa.mname)) {
			probe_lookup(p, &soa.mname, 0, LK_PLAIN);
			probe_lookup(p, &soa.mname, TH_T_A, LK_PLAIN);
		}
		if (rname_domain(&soa.rname, &maildom))
			probe_lookup(p, &maildom, TH_T_MX, LK_PLAIN);
	}
	/* MX targets from any authoritative MX answer. */
	for (size_t i = 0; i < ev->nreplies; i++) {
		const struct th_ev_reply *r = &ev->replies[i];
		struct th_msg m;

		if (r->flavor == TH_QF_PLAIN && r->qtype == TH_T_MX &&
		    reply_auth(r->ans, &m))
			each_name(&m, TH_SEC_ANSWER, &ev->domain, TH_T_MX, 2,
			          ask_mx_target, p);
	}
	/* DELEGATION05 for names outside the domain. */
	for (size_t i = 0; i < ev->ns.n; i++)
		if (!in_domain(p, &ev->ns.ns[i].name))
			probe_lookup(p, &ev->ns.ns[i].name, TH_T_A, LK_PLAIN);
	/* BASIC03 only matters when no server works. */
	if (!working) {
		struct th_ev_ip ips[TH_EV_MAXNS * TH_EV_MAXADDR];
		size_t k =
		    th_ev_ips(ev, TH_EV_DEL, ips, sizeof(ips) / sizeof(ips[0]));
		struct th_dname www;
		enum th_dname_reason why;

		if (th_dname_parse(&www, "www", 3, &ev->domain, &why) == 0)
			for (size_t i = 0; i < k; i++)
				probe_ask(p, &ips[i].addr, TH_QF_PLAIN, &www,
				          TH_T_A);
	}
}

static void
lookup_mx_addrs(struct probe *p, const struct th_dname *target)
{
	if (!th_dname_is_root(target))
		probe_lookup(p, target, 0, LK_PLAIN);
}

static void
phase_extra2(struct probe *p)
{
	struct th_evidence *ev = p->ev;
	const struct th_ev_lookup *l;
	struct th_dname maildom;
	struct th_soa soa;
	struct th_msg m;

	if (!first_soa(p, &soa))
		return;
	/* ZONE01: the MNAME's own view of the zone. */
	if ((l = th_ev_lookup(ev, &soa.mname, 0)) != NULL)
		for (size_t i = 0; i < l->naddr; i++)
			probe_ask(p, &l->addr[i], TH_QF_PLAIN, &ev->domain,
			          TH_T_SOA);
	/* SYNTAX06: where mail for the RNAME goes. */
	if (!rname_domain(&soa.rname, &maildom))
		return;
	l = th_ev_lookup(ev, &maildom, TH_T_MX);
	if (l != NULL && l->status == TH_RES_ANSWER && l->ans != NULL &&
	    th_msg_parse(&m, l->ans->wire, l->ans->len, NULL) == 0)
		each_name(&m, TH_SEC_ANSWER, &l->final, TH_T_MX, 2,
		          lookup_mx_addrs, p);
	else
		probe_lookup(p, &maildom, 0, LK_PLAIN);
}

/* Run phases until one has something out, or the probe is done. */
static void
probe_step(struct probe *p)
{
	if (p->delivered) {
		probe_maybe_free(p);
		return;
	}
	while (p->pending == 0 && !p->delivered) {
		if (p->phase == PH_DONE) {
			/* The side questions still out are waited for; the
			 * last DNSKEY answer may open the DNSSEC gate. */
			if (p->side == 0 && !p->dnssec_more &&
			    dnssec_gate_open(p))
				dnssec_followups(p);
			if (p->side == 0)
				probe_deliver(p);
			return;
		}
		p->phase++;
		switch (p->phase) {
		case PH_DELEG:
			phase_deleg(p);
			break;
		case PH_ADDRS:
			phase_addrs(p);
			break;
		case PH_QUERY:
			phase_query(p);
			break;
		case PH_CHILD:
			phase_child(p);
			break;
		case PH_CHILD_IPS:
			phase_child_ips(p);
			break;
		case PH_EXTRA:
			phase_extra(p);
			break;
		case PH_EXTRA2:
			phase_extra2(p);
			break;
		default:
			break;
		}
	}
}

static void
on_start(uv_timer_t *h)
{
	struct probe *p = h->data;

	/* The same timer now measures the budget. */
	if (p->conf.budget_ms > 0)
		uv_timer_start(&p->timer, on_budget, p->conf.budget_ms, 0);
	probe_step(p);
}

int
th_probe_start(struct th_transport *t, struct th_resolver *r,
               const struct th_dname *domain, const struct th_probe_conf *conf,
               th_probe_cb *cb, void *arg)
{
	struct probe *p = calloc(1, sizeof(*p));

	if (p == NULL || (p->ev = malloc(sizeof(*p->ev))) == NULL) {
		free(p);
		return TH_ENOMEM;
	}
	p->t = t;
	p->r = r;
	p->conf = *conf;
	p->cb = cb;
	p->arg = arg;
	p->phase = PH_START;
	th_ev_init(p->ev, domain);
	th_dname_canonicalize(&p->ev->domain);
	p->ev->ipv4 = conf->ipv4;
	p->ev->ipv6 = conf->ipv6;
	p->ev->now = conf->now != 0 ? conf->now : (uint64_t)time(NULL);
	p->ev->budget_s = conf->budget_ms / 1000;
	uv_timer_init(th_transport_loop(t), &p->timer);
	p->timer.data = p;
	/* The first phase runs from the loop: the callback never runs
	 * inside this call. Then the timer becomes the budget. */
	uv_timer_start(&p->timer, on_start, 0, 0);
	return 0;
}
