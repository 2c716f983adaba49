/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * basic.c -- BASIC01-03 over the evidence (see basic.h and the catalogue,
 * section 2.1).
 *
 * BASIC01 works from the delegation the resolver found walking down from
 * the root, and from what every server of the parent zone answers for the
 * domain (NS, and DNAME where that is NODATA), which shows parents that
 * disagree.
 */
#include "engine/basic.h"

#include "common/buf.h"
#include "common/msg.h"
#include "engine/strlist.h"

#include <stdio.h>
#include <string.h>

/* Distinct DNAME targets the parent servers give for the domain. */
#define B01_MAXALIAS 8

struct b01_alias {
	struct th_dname target;
	struct th_buf servers;
};

/* The DNAME at the domain that a parent server gave, if any. */
static bool
parent_dname(const struct th_evidence *ev, const struct th_addr *server,
             struct th_dname *target)
{
	const struct th_answer *a =
	    th_ev_reply(ev, server, TH_QF_PLAIN, &ev->domain, TH_T_DNAME);
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;

	if (!th_ev_reply_msg(a, &m) || m.rcode != TH_RCODE_NOERROR)
		return false;
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_DNAME &&
		    th_dname_equal(&rr.owner, &ev->domain) &&
		    th_msg_rdata_name(&m, &rr, 0, target, NULL) == 0)
			return true;
	return false;
}

/*
 * Step 8 of the specification: a DNAME at the child name in the parent
 * zone makes the child an alias, one message per target, and targets that
 * differ between servers make the alias inconsistent.
 */
static void
b01_aliases(const struct th_engine_ctx *ctx, const char *dom)
{
	const struct th_evidence *ev = ctx->ev;
	struct b01_alias al[B01_MAXALIAS];
	size_t nal = 0;
	char ns[TH_DNAME_STRLEN + 48], target[TH_DNAME_STRLEN];

	for (size_t i = 0; i < ev->parent_ns.n; i++) {
		const struct th_ev_ns *pn = &ev->parent_ns.ns[i];

		for (size_t a = 0; a < pn->naddr; a++) {
			struct th_dname t;
			size_t k = 0;

			if (!parent_dname(ev, &pn->addr[a], &t))
				continue;
			while (k < nal && !th_dname_equal(&al[k].target, &t))
				k++;
			if (k == nal) {
				if (nal == B01_MAXALIAS)
					continue;
				al[nal].target = t;
				th_buf_init(&al[nal].servers, 1 << 16);
				nal++;
			}
			th_ev_ns_str(&pn->name, &pn->addr[a], ns, sizeof(ns));
			th_strlist_cat(&al[k].servers, ns);
		}
	}
	for (size_t k = 0; k < nal; k++) {
		th_ev_ns_str(&al[k].target, NULL, target, sizeof(target));
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_CHILD_IS_ALIAS,
		               "domain_child", dom, "domain_target", target,
		               "ns_ip_list", th_buf_str(&al[k].servers), NULL);
		th_buf_free(&al[k].servers);
	}
	if (nal > 1)
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_INCONSISTENT_ALIAS,
		               "domain", dom, NULL);
}

/* How one parent server sees the domain. */
enum pview { PV_NONE, PV_DELEGATES, PV_NXDOMAIN, PV_NODATA, PV_ALIAS };

static enum pview
parent_view(const struct th_evidence *ev, const struct th_addr *server)
{
	const struct th_answer *a =
	    th_ev_reply(ev, server, TH_QF_PLAIN, &ev->domain, TH_T_NS);
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;

	if (a == NULL || a->outcome != TH_OUT_ANSWER ||
	    th_msg_parse(&m, a->wire, a->len, NULL) != 0)
		return PV_NONE;
	if (m.rcode == TH_RCODE_NXDOMAIN)
		return PV_NXDOMAIN;
	if (m.rcode != TH_RCODE_NOERROR)
		return PV_NONE;
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (th_dname_equal(&rr.owner, &ev->domain)) {
			if (rr.type == TH_T_CNAME || rr.type == TH_T_DNAME)
				return PV_ALIAS;
			if (rr.type == TH_T_NS)
				return PV_DELEGATES; /* also the child's server
				                      */
		}
	/* A referral: NS for the domain in the authority section. */
	th_msg_iter_init(&it, &m, TH_SEC_AUTHORITY);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_NS &&
		    th_dname_equal(&rr.owner, &ev->domain))
			return PV_DELEGATES;
	return (m.flags & TH_MSG_AA) ? PV_NODATA : PV_NONE;
}

void
th_basic01(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	char dom[TH_DNAME_STRLEN], par[TH_DNAME_STRLEN],
	    ns[TH_DNAME_STRLEN + 48];
	struct th_buf delegating = TH_BUF_INIT(1 << 16);
	unsigned seen[PV_ALIAS + 1] = {0};

	th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
	th_ev_ns_str(&ev->parent, NULL, par, sizeof(par));
	if (th_dname_is_root(&ev->domain)) {
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_ROOT_HAS_NO_PARENT,
		               NULL);
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_CHILD_FOUND,
		               "domain", dom, NULL);
		return;
	}
	if (ev->undelegated) {
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_PARENT_DISREGARDED,
		               NULL);
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_CHILD_FOUND,
		               "domain", dom, NULL);
		return;
	}
	switch (ev->parent_status) {
	case TH_RES_REFERRAL:
	case TH_RES_ANSWER:
	case TH_RES_NXDOMAIN:
	case TH_RES_NOT_DELEGATED:
		break;
	default:
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_PARENT_NOT_FOUND,
		               NULL);
		return;
	}
	/* Every parent server's view of the delegation. */
	for (size_t i = 0; i < ev->parent_ns.n; i++) {
		const struct th_ev_ns *pn = &ev->parent_ns.ns[i];

		for (size_t a = 0; a < pn->naddr; a++) {
			enum pview v = parent_view(ev, &pn->addr[a]);

			seen[v]++;
			if (v == PV_DELEGATES) {
				th_ev_ns_str(&pn->name, &pn->addr[a], ns,
				             sizeof(ns));
				th_strlist_cat(&delegating, ns);
			}
		}
	}
	th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_PARENT_FOUND, "domain", par,
	               "ns_ip_list", th_buf_str(&delegating), NULL);
	if (seen[PV_DELEGATES] > 0 &&
	    (seen[PV_NXDOMAIN] + seen[PV_NODATA] + seen[PV_ALIAS]) > 0)
		th_report_emit(ctx->rep,
		               TH_TAG_BASIC01_B01_INCONSISTENT_DELEGATION,
		               "domain_child", dom, "domain_parent", par, NULL);
	if (ev->parent_status == TH_RES_REFERRAL ||
	    ev->parent_status == TH_RES_ANSWER)
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_CHILD_FOUND,
		               "domain", dom, NULL);
	else
		th_report_emit(ctx->rep, TH_TAG_BASIC01_B01_NO_CHILD,
		               "domain_child", dom, "domain_super", par, NULL);
	b01_aliases(ctx, dom);
	th_buf_free(&delegating);
}

/* Why a server failed the SOA test, or 0 when it passed. */
static enum th_tag
soa_verdict(const struct th_evidence *ev, const struct th_addr *ip, char *rcode,
            size_t rsize)
{
	const struct th_answer *a =
	    th_ev_reply(ev, ip, TH_QF_PLAIN, &ev->domain, TH_T_SOA);
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;

	if (a == NULL || a->outcome == TH_OUT_TIMEOUT ||
	    a->outcome == TH_OUT_NETWORK_ERROR)
		return TH_TAG_BASIC02_B02_NS_NO_RESPONSE;
	if (a->outcome != TH_OUT_ANSWER ||
	    th_msg_parse(&m, a->wire, a->len, NULL) != 0)
		return TH_TAG_BASIC02_B02_NS_BROKEN;
	if (m.rcode != TH_RCODE_NOERROR) {
		const char *nm = th_rcode_name(m.rcode, rcode, rsize);

		if (nm != rcode)
			snprintf(rcode, rsize, "%s", nm);
		return TH_TAG_BASIC02_B02_UNEXPECTED_RCODE;
	}
	if (!(m.flags & TH_MSG_AA))
		return TH_TAG_BASIC02_B02_NS_NOT_AUTH;
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_SOA &&
		    th_dname_equal(&rr.owner, &ev->domain))
			return (enum th_tag)0;
	return TH_TAG_BASIC02_B02_NS_BROKEN;
}

/*
 * One pass over the delegation's addresses: the working ones go to "ok";
 * with "failures" set, each failing server is reported. The specification
 * names failing servers only when none works (step 7, "Else"): while one
 * works, the others are CONNECTIVITY01/02's and DELEGATION04's to report.
 */
static bool
b02_pass(const struct th_engine_ctx *ctx, struct th_buf *ok, bool failures)
{
	const struct th_evidence *ev = ctx->ev;
	char ns[TH_DNAME_STRLEN + 48], rcode[16];
	bool any_del = false;

	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *n = &ev->ns.ns[i];

		if (!(n->src & TH_EV_DEL))
			continue;
		any_del = true;
		if (n->naddr == 0) {
			th_ev_ns_str(&n->name, NULL, ns, sizeof(ns));
			if (failures)
				th_report_emit(ctx->rep,
				               TH_TAG_BASIC02_B02_NS_NO_IP_ADDR,
				               "nsname", ns, NULL);
			continue;
		}
		for (size_t a = 0; a < n->naddr; a++) {
			const struct th_addr *ip = &n->addr[a];
			bool v6 = ip->family == TH_AF_INET6;
			enum th_tag verdict;

			th_ev_ns_str(&n->name, ip, ns, sizeof(ns));
			if (v6 ? !ev->ipv6 : !ev->ipv4) {
				if (!failures)
					th_report_emit(
					    ctx->rep,
					    v6 ? TH_TAG_BASIC02_IPV6_DISABLED
					       : TH_TAG_BASIC02_IPV4_DISABLED,
					    "ns", ns, "rrtype", "SOA", NULL);
				continue;
			}
			rcode[0] = '\0';
			verdict = soa_verdict(ev, ip, rcode, sizeof(rcode));
			if (verdict == (enum th_tag)0)
				th_strlist_cat(ok, ns);
			else if (failures)
				th_report_emit(ctx->rep, verdict, "ns", ns,
				               "rcode", rcode, NULL);
		}
	}
	return any_del;
}

void
th_basic02(const struct th_engine_ctx *ctx)
{
	char dom[TH_DNAME_STRLEN];
	struct th_buf ok = TH_BUF_INIT(1 << 16);

	th_ev_ns_str(&ctx->ev->domain, NULL, dom, sizeof(dom));
	if (!b02_pass(ctx, &ok, false))
		th_report_emit(ctx->rep, TH_TAG_BASIC02_B02_NO_DELEGATION,
		               "domain", dom, NULL);
	else if (th_buf_len(&ok) > 0)
		th_report_emit(ctx->rep, TH_TAG_BASIC02_B02_AUTH_RESPONSE_SOA,
		               "domain", dom, "ns_list", th_buf_str(&ok), NULL);
	else {
		b02_pass(ctx, &ok, true);
		th_report_emit(ctx->rep, TH_TAG_BASIC02_B02_NO_WORKING_NS,
		               "domain", dom, NULL);
	}
	th_buf_free(&ok);
}

void
th_basic03(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	char dom[TH_DNAME_STRLEN], www[TH_DNAME_STRLEN],
	    ns[TH_DNAME_STRLEN + 48];
	struct th_dname wname;
	enum th_dname_reason why;
	bool responded = false;

	th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
	if (th_report_has(ctx->rep, TH_TAG_BASIC02_B02_AUTH_RESPONSE_SOA)) {
		th_report_emit(ctx->rep,
		               TH_TAG_BASIC03_HAS_NAMESERVER_NO_WWW_A_TEST,
		               "zone", dom, NULL);
		return;
	}
	if (th_dname_parse(&wname, "www", 3, &ev->domain, &why) != 0)
		return;
	th_ev_ns_str(&wname, NULL, www, sizeof(www));
	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *n = &ev->ns.ns[i];

		if (!(n->src & TH_EV_DEL))
			continue;
		for (size_t a = 0; a < n->naddr; a++) {
			const struct th_answer *ans = th_ev_reply(
			    ev, &n->addr[a], TH_QF_PLAIN, &wname, TH_T_A);
			struct th_msg m;
			struct th_msg_iter it;
			struct th_rr rr;
			bool has_a = false;

			if (ans == NULL || ans->outcome != TH_OUT_ANSWER ||
			    th_msg_parse(&m, ans->wire, ans->len, NULL) != 0)
				continue;
			responded = true;
			th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
			while (th_msg_iter_next(&it, &rr))
				has_a |= rr.type == TH_T_A &&
				         th_dname_equal(&rr.owner, &wname);
			th_ev_ns_str(&n->name, &n->addr[a], ns, sizeof(ns));
			th_report_emit(ctx->rep,
			               has_a ? TH_TAG_BASIC03_HAS_A_RECORDS
			                     : TH_TAG_BASIC03_NO_A_RECORDS,
			               "ns", ns, "domain", www, NULL);
		}
	}
	if (!responded)
		th_report_emit(ctx->rep, TH_TAG_BASIC03_A_QUERY_NO_RESPONSES,
		               NULL);
}

bool
th_basic_run(const struct th_engine_ctx *ctx)
{
	const struct th_profile *p = ctx->conf->profile;

	/* A profile without BASIC01 or BASIC02 drops their messages, and
	 * with them the gate, as in Zonemaster. */
	th_basic01(ctx);
	if (p->enabled[TH_TC_BASIC01] &&
	    !th_report_has(ctx->rep, TH_TAG_BASIC01_B01_CHILD_FOUND))
		return false;
	th_basic02(ctx);
	if (p->enabled[TH_TC_BASIC03])
		th_basic03(ctx);
	return !p->enabled[TH_TC_BASIC02] ||
	       (th_report_has(ctx->rep, TH_TAG_BASIC02_B02_AUTH_RESPONSE_SOA) &&
	        !th_report_has(ctx->rep, TH_TAG_BASIC02_B02_NO_DELEGATION));
}
