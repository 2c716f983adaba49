/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * address.c -- ADDRESS01-03 over the evidence (see address.h and the
 * catalogue, section 2.2).
 *
 * ADDRESS01 sorts addresses with the IANA tables (engine/iana); ADDRESS02
 * and 03 read the PTR lookups the probe made through the resolver, which
 * followed any CNAME in the reverse tree.
 */
#include "engine/address.h"

#include "common/buf.h"
#include "common/err.h"
#include "common/msg.h"
#include "engine/iana.h"
#include "engine/strlist.h"

#include <stdio.h>
#include <string.h>

#define IPS_MAX (TH_EV_MAXNS * 2 * TH_EV_MAXADDR)
/* PTR targets kept per address; more are ignored. */
#define PTR_MAX 16
#define NS_STRLEN (TH_DNAME_STRLEN + TH_ADDR_STRLEN)

void
th_address01(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	static const enum th_tag tags[] = {
	    [TH_IANA_DOCUMENTATION] = TH_TAG_ADDRESS01_A01_DOCUMENTATION_ADDR,
	    [TH_IANA_LOCAL] = TH_TAG_ADDRESS01_A01_LOCAL_USE_ADDR,
	    [TH_IANA_NOT_GLOBAL] =
	        TH_TAG_ADDRESS01_A01_ADDR_NOT_GLOBALLY_REACHABLE,
	};
	struct th_ev_ip ips[IPS_MAX];
	struct th_buf lists[TH_IANA_NOT_GLOBAL + 1];
	size_t nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, IPS_MAX);
	size_t count[TH_IANA_NOT_GLOBAL + 1] = {0};
	char dom[TH_DNAME_STRLEN], ns[NS_STRLEN];

	th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
	if (nips == 0) {
		th_report_emit(ctx->rep,
		               TH_TAG_ADDRESS01_A01_NO_NAME_SERVERS_FOUND,
		               "domain", dom, NULL);
		return;
	}
	for (size_t c = 0; c <= TH_IANA_NOT_GLOBAL; c++)
		th_buf_init(&lists[c], 1 << 16);
	for (size_t i = 0; i < nips; i++) {
		enum th_iana_class c = th_iana_classify(
		    &ips[i].addr, ctx->conf->global, ctx->conf->nglobal);

		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		th_strlist_cat(&lists[c], ns);
		count[c]++;
	}
	for (size_t c = TH_IANA_DOCUMENTATION; c <= TH_IANA_NOT_GLOBAL; c++)
		if (count[c] > 0)
			th_report_emit(ctx->rep, tags[c], "ns_list",
			               th_buf_str(&lists[c]), NULL);
	if (count[TH_IANA_GLOBAL] == 0)
		th_report_emit(ctx->rep,
		               TH_TAG_ADDRESS01_A01_NO_GLOBALLY_REACHABLE_ADDR,
		               "domain", dom, NULL);
	else if (count[TH_IANA_GLOBAL] == nips)
		th_report_emit(ctx->rep,
		               TH_TAG_ADDRESS01_A01_GLOBALLY_REACHABLE_ADDR,
		               "domain", dom, "ns_list",
		               th_buf_str(&lists[TH_IANA_GLOBAL]), NULL);
	for (size_t c = 0; c <= TH_IANA_NOT_GLOBAL; c++)
		th_buf_free(&lists[c]);
}

int
th_address_reverse_name(const struct th_addr *a, struct th_dname *out)
{
	static const char hex[] = "0123456789abcdef";
	static const uint8_t v4_tail[] = "\7in-addr\4arpa";
	static const uint8_t v6_tail[] = "\3ip6\4arpa";
	uint8_t *w = out->wire;
	size_t n = 0;

	if (a->family == TH_AF_INET) {
		for (int i = 3; i >= 0; i--) {
			int len = snprintf((char *)w + n + 1, 4, "%u",
			                   (unsigned)a->ip[i]);

			w[n] = (uint8_t)len;
			n += 1 + (size_t)len;
		}
		memcpy(w + n, v4_tail, sizeof(v4_tail)); /* with the root */
		n += sizeof(v4_tail);
	} else if (a->family == TH_AF_INET6) {
		for (int i = 15; i >= 0; i--) {
			w[n++] = 1;
			w[n++] = (uint8_t)hex[a->ip[i] & 0xf];
			w[n++] = 1;
			w[n++] = (uint8_t)hex[a->ip[i] >> 4];
		}
		memcpy(w + n, v6_tail, sizeof(v6_tail));
		n += sizeof(v6_tail);
	} else {
		return TH_EINVAL;
	}
	out->len = (uint8_t)n;
	return 0;
}

/* What a PTR lookup says about an address. */
enum ptr_verdict { PTR_FOUND, PTR_NONE, PTR_NO_RESPONSE };

/*
 * The PTR targets of an address (up to max into out, *n of them) and the
 * verdict. A failed resolution (SERVFAIL, LOOP, LIMIT) or a lookup the
 * probe never made is no response; NXDOMAIN and NODATA are no reverse.
 */
static enum ptr_verdict
ptr_lookup(const struct th_evidence *ev, const struct th_addr *a,
           struct th_dname *query, struct th_dname *out, size_t max, size_t *n)
{
	const struct th_ev_lookup *l;
	const struct th_dname *owner;
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;

	*n = 0;
	if (th_address_reverse_name(a, query) != 0)
		return PTR_NO_RESPONSE;
	l = th_ev_lookup(ev, query, TH_T_PTR);
	if (l == NULL)
		return PTR_NO_RESPONSE;
	if (l->status == TH_RES_NXDOMAIN || l->status == TH_RES_NODATA)
		return PTR_NONE;
	if (l->status != TH_RES_ANSWER)
		return PTR_NO_RESPONSE;
	if (l->ans == NULL || l->ans->outcome != TH_OUT_ANSWER ||
	    th_msg_parse(&m, l->ans->wire, l->ans->len, NULL) != 0)
		return PTR_NONE;
	/* After CNAMEs the records are owned by the final name. */
	owner = l->final.len > 0 ? &l->final : query;
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (*n < max && th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_PTR && th_dname_equal(&rr.owner, owner) &&
		    th_msg_rdata_name(&m, &rr, 0, &out[*n], NULL) == 0)
			(*n)++;
	return *n > 0 ? PTR_FOUND : PTR_NONE;
}

/* Index of the first pair with the same address as ips[i]. */
static size_t
first_of_addr(const struct th_ev_ip *ips, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (th_addr_equal(&ips[j].addr, &ips[i].addr))
			return j;
	return i;
}

/*
 * Report the addresses of ips without a usable PTR answer, each address
 * once (as Zonemaster does, under its first name). With match, also a
 * mismatch for every pair whose name is not among the PTR targets.
 * Returns whether anything was reported.
 */
static bool
check_reverse(const struct th_engine_ctx *ctx, const struct th_ev_ip *ips,
              size_t nips, enum th_tag without, enum th_tag no_response,
              enum th_tag mismatch, bool match)
{
	struct th_dname query, targets[PTR_MAX];
	char ns[NS_STRLEN], qstr[TH_DNAME_STRLEN], t[TH_DNAME_STRLEN];
	bool any = false;

	for (size_t i = 0; i < nips; i++) {
		size_t ntargets;
		bool first = first_of_addr(ips, i) == i;
		enum ptr_verdict v;
		struct th_buf names = TH_BUF_INIT(1 << 16);
		bool found = false;

		if (!first && !match)
			continue;
		v = ptr_lookup(ctx->ev, &ips[i].addr, &query, targets, PTR_MAX,
		               &ntargets);
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		if (v != PTR_FOUND) {
			if (!first)
				continue;
			any = true;
			if (v == PTR_NONE) {
				th_report_emit(ctx->rep, without, "ns", ns,
				               NULL);
				continue;
			}
			th_ev_ns_str(&query, NULL, qstr, sizeof(qstr));
			th_report_emit(ctx->rep, no_response, "ns", ns,
			               "query_name", qstr, NULL);
			continue;
		}
		if (!match)
			continue;
		for (size_t k = 0; k < ntargets && !found; k++)
			found = th_dname_equal(&targets[k], &ips[i].ns->name);
		if (found)
			continue;
		for (size_t k = 0; k < ntargets; k++) {
			th_ev_ns_str(&targets[k], NULL, t, sizeof(t));
			th_strlist_cat(&names, t);
		}
		th_report_emit(ctx->rep, mismatch, "ns", ns, "names",
		               th_buf_str(&names), NULL);
		th_buf_free(&names);
		any = true;
	}
	return any;
}

void
th_address02(const struct th_engine_ctx *ctx)
{
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_ips(ctx->ev, TH_EV_DEL | TH_EV_CHILD, ips, IPS_MAX);
	char dom[TH_DNAME_STRLEN];

	if (nips == 0)
		return;
	if (!check_reverse(
	        ctx, ips, nips, TH_TAG_ADDRESS02_NAMESERVER_IP_WITHOUT_REVERSE,
	        TH_TAG_ADDRESS02_NO_RESPONSE_PTR_QUERY, TH_TAG__COUNT, false)) {
		th_ev_ns_str(&ctx->ev->domain, NULL, dom, sizeof(dom));
		th_report_emit(ctx->rep,
		               TH_TAG_ADDRESS02_NAMESERVERS_IP_WITH_REVERSE,
		               "domain", dom, NULL);
	}
}

void
th_address03(const struct th_engine_ctx *ctx)
{
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_ips(ctx->ev, TH_EV_CHILD, ips, IPS_MAX);
	char dom[TH_DNAME_STRLEN];

	if (nips == 0)
		return;
	if (!check_reverse(ctx, ips, nips,
	                   TH_TAG_ADDRESS03_NAMESERVER_IP_WITHOUT_REVERSE,
	                   TH_TAG_ADDRESS03_NO_RESPONSE_PTR_QUERY,
	                   TH_TAG_ADDRESS03_NAMESERVER_IP_PTR_MISMATCH, true)) {
		th_ev_ns_str(&ctx->ev->domain, NULL, dom, sizeof(dom));
		th_report_emit(ctx->rep,
		               TH_TAG_ADDRESS03_NAMESERVER_IP_PTR_MATCH,
		               "domain", dom, NULL);
	}
}

void
th_address_run(const struct th_engine_ctx *ctx)
{
	const bool *on = ctx->conf->profile->enabled;

	if (on[TH_TC_ADDRESS01])
		th_address01(ctx);
	if (on[TH_TC_ADDRESS02])
		th_address02(ctx);
	/* The specification: ADDRESS02 "must succeed prior to proceed with"
	 * ADDRESS03; Zonemaster checks for its success tag, so a disabled
	 * ADDRESS02 also skips ADDRESS03. */
	if (on[TH_TC_ADDRESS03] &&
	    th_report_has(ctx->rep,
	                  TH_TAG_ADDRESS02_NAMESERVERS_IP_WITH_REVERSE))
		th_address03(ctx);
}
