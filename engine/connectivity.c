/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * connectivity.c -- CONNECTIVITY01-04 over the evidence (see
 * connectivity.h and the catalogue, section 2.3; Zonemaster's
 * Connectivity-TP specifications and Test/Connectivity.pm).
 *
 * "All NS IPs" is th_ev_ips(DEL | CHILD), by (name, address) pair as
 * Zonemaster's method4and5. Pairs of a family that is not in use are
 * found by walking ev->ns (th_ev_ips leaves them out): CONNECTIVITY01/02
 * report them as not queried, CONNECTIVITY03/04 still look them up, as
 * the table needs no query. A reply the probe never sent (NULL) is
 * skipped silently; any other outcome than ANSWER (timeout, network
 * error, malformed, truncated) is "no response".
 */
#include "engine/connectivity.h"

#include "common/buf.h"
#include "common/err.h"
#include "common/msg.h"
#include "engine/asn.h"
#include "engine/strlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXIPS (TH_EV_MAXNS * TH_EV_MAXADDR * 2)
#define NSSTR (TH_DNAME_STRLEN + TH_ADDR_STRLEN + 2)
#define PFXSTR (TH_ADDR_STRLEN + 8)
#define LISTMAX (1 << 16)
/* AS numbers kept per address; AS sets larger than this are cut. */
#define ASNMAX 32

/* Lower-cased, without the final dot (except the root). */
static void
name_lc(const struct th_dname *n, char *dst, size_t size)
{
	struct th_dname c = *n;

	th_dname_canonicalize(&c);
	th_ev_ns_str(&c, NULL, dst, size);
}

static void
ip_str(const struct th_addr *a, char *dst, size_t size)
{
	if (th_addr_ip_str(a, dst, size) != 0)
		dst[0] = '\0';
}

static void
prefix_str(const struct th_prefix *p, char *dst, size_t size)
{
	char ip[TH_ADDR_STRLEN];

	ip_str(&p->addr, ip, sizeof(ip));
	snprintf(dst, size, "%s/%u", ip, (unsigned)p->len);
}

/* Every pair of both NS sets, whatever the family. */
static size_t
all_ips(const struct th_evidence *ev, struct th_ev_ip *out, size_t max)
{
	size_t n = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, out, max);

	return n + th_ev_disabled_ips(ev, out + n, max - n);
}

/* ---- CONNECTIVITY01/02 --------------------------------------------------- */

enum { Q_SOA, Q_NS, Q__COUNT };

static const uint16_t q_type[Q__COUNT] = {TH_T_SOA, TH_T_NS};
static const char *const q_name[Q__COUNT] = {"SOA", "NS"};

/* One protocol's flavour and tags (Zonemaster's _connectivity_loop). */
struct cn_proto {
	enum th_qflavor flavor;
	enum th_tag no_response;
	enum th_tag no_response_q[Q__COUNT];
	enum th_tag rcode_q[Q__COUNT];
	enum th_tag missing_q[Q__COUNT];
	enum th_tag wrong_q[Q__COUNT];
	enum th_tag not_aa_q[Q__COUNT];
	enum th_tag disabled4, disabled6;
};

static const struct cn_proto cn01_udp = {
    TH_QF_PLAIN,
    TH_TAG_CONNECTIVITY01_CN01_NO_RESPONSE_UDP,
    {TH_TAG_CONNECTIVITY01_CN01_NO_RESPONSE_SOA_QUERY_UDP,
     TH_TAG_CONNECTIVITY01_CN01_NO_RESPONSE_NS_QUERY_UDP},
    {TH_TAG_CONNECTIVITY01_CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP,
     TH_TAG_CONNECTIVITY01_CN01_UNEXPECTED_RCODE_NS_QUERY_UDP},
    {TH_TAG_CONNECTIVITY01_CN01_MISSING_SOA_RECORD_UDP,
     TH_TAG_CONNECTIVITY01_CN01_MISSING_NS_RECORD_UDP},
    {TH_TAG_CONNECTIVITY01_CN01_WRONG_SOA_RECORD_UDP,
     TH_TAG_CONNECTIVITY01_CN01_WRONG_NS_RECORD_UDP},
    {TH_TAG_CONNECTIVITY01_CN01_SOA_RECORD_NOT_AA_UDP,
     TH_TAG_CONNECTIVITY01_CN01_NS_RECORD_NOT_AA_UDP},
    TH_TAG_CONNECTIVITY01_IPV4_DISABLED,
    TH_TAG_CONNECTIVITY01_IPV6_DISABLED,
};

static const struct cn_proto cn02_tcp = {
    TH_QF_TCP,
    TH_TAG_CONNECTIVITY02_CN02_NO_RESPONSE_TCP,
    {TH_TAG_CONNECTIVITY02_CN02_NO_RESPONSE_SOA_QUERY_TCP,
     TH_TAG_CONNECTIVITY02_CN02_NO_RESPONSE_NS_QUERY_TCP},
    {TH_TAG_CONNECTIVITY02_CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP,
     TH_TAG_CONNECTIVITY02_CN02_UNEXPECTED_RCODE_NS_QUERY_TCP},
    {TH_TAG_CONNECTIVITY02_CN02_MISSING_SOA_RECORD_TCP,
     TH_TAG_CONNECTIVITY02_CN02_MISSING_NS_RECORD_TCP},
    {TH_TAG_CONNECTIVITY02_CN02_WRONG_SOA_RECORD_TCP,
     TH_TAG_CONNECTIVITY02_CN02_WRONG_NS_RECORD_TCP},
    {TH_TAG_CONNECTIVITY02_CN02_SOA_RECORD_NOT_AA_TCP,
     TH_TAG_CONNECTIVITY02_CN02_NS_RECORD_NOT_AA_TCP},
    TH_TAG_CONNECTIVITY02_IPV4_DISABLED,
    TH_TAG_CONNECTIVITY02_IPV6_DISABLED,
};

enum qstate { QS_NOT_SENT, QS_NO_RESPONSE, QS_ANSWER };

static enum qstate
get_reply(const struct th_evidence *ev, const struct th_addr *server,
          enum th_qflavor f, uint16_t qtype, struct th_msg *m)
{
	const struct th_answer *a =
	    th_ev_reply(ev, server, f, &ev->domain, qtype);

	if (a == NULL)
		return QS_NOT_SENT;
	if (a->outcome != TH_OUT_ANSWER ||
	    th_msg_parse(m, a->wire, a->len, NULL) != 0)
		return QS_NO_RESPONSE;
	return QS_ANSWER;
}

/* RCODE, then the record and its owner, then AA: the first failure. */
static void
judge_answer(const struct th_engine_ctx *ctx, const struct cn_proto *p, int q,
             const char *ns, const struct th_msg *m)
{
	const struct th_dname *domain = &ctx->ev->domain;
	char rcode[16], found[TH_DNAME_STRLEN], expected[TH_DNAME_STRLEN];
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_dname first;
	bool any = false, right = false;

	if (m->rcode != TH_RCODE_NOERROR) {
		const char *nm = th_rcode_name(m->rcode, rcode, sizeof(rcode));

		if (nm != rcode)
			snprintf(rcode, sizeof(rcode), "%s", nm);
		th_report_emit(ctx->rep, p->rcode_q[q], "ns", ns, "rcode",
		               rcode, NULL);
		return;
	}
	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr)) {
		if (rr.type != q_type[q])
			continue;
		if (!any)
			first = rr.owner;
		any = true;
		right |= th_dname_equal(&rr.owner, domain);
	}
	if (!any) {
		th_report_emit(ctx->rep, p->missing_q[q], "ns", ns, NULL);
	} else if (!right) {
		name_lc(&first, found, sizeof(found));
		name_lc(domain, expected, sizeof(expected));
		th_report_emit(ctx->rep, p->wrong_q[q], "ns", ns,
		               "domain_found", found, "domain_expected",
		               expected, NULL);
	} else if (!(m->flags & TH_MSG_AA)) {
		th_report_emit(ctx->rep, p->not_aa_q[q], "ns", ns, NULL);
	}
}

/* The SOA and NS replies of every pair over one protocol. */
static void
connectivity_loop(const struct th_engine_ctx *ctx, const struct cn_proto *p)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	size_t n = th_ev_disabled_ips(ev, ips, MAXIPS);
	char ns[NSSTR];

	for (size_t i = 0; i < n; i++) {
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		for (int q = 0; q < Q__COUNT; q++)
			th_report_emit(ctx->rep,
			               ips[i].addr.family == TH_AF_INET6
			                   ? p->disabled6
			                   : p->disabled4,
			               "ns", ns, "rrtype", q_name[q], NULL);
	}
	n = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m[Q__COUNT];
		enum qstate st[Q__COUNT];

		for (int q = 0; q < Q__COUNT; q++)
			st[q] = get_reply(ev, &ips[i].addr, p->flavor,
			                  q_type[q], &m[q]);
		if (st[Q_SOA] == QS_NOT_SENT && st[Q_NS] == QS_NOT_SENT)
			continue;
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		if (st[Q_SOA] == QS_NO_RESPONSE && st[Q_NS] == QS_NO_RESPONSE) {
			th_report_emit(ctx->rep, p->no_response, "ns", ns,
			               NULL);
			continue;
		}
		for (int q = 0; q < Q__COUNT; q++) {
			if (st[q] == QS_NO_RESPONSE)
				th_report_emit(ctx->rep, p->no_response_q[q],
				               "ns", ns, NULL);
			else if (st[q] == QS_ANSWER)
				judge_answer(ctx, p, q, ns, &m[q]);
		}
	}
}

void
th_connectivity01(const struct th_engine_ctx *ctx)
{
	struct th_ev_ip ips[MAXIPS];
	size_t n = th_ev_disabled_ips(ctx->ev, ips, MAXIPS);
	struct th_strlist v4 = {0}, v6 = {0};
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	char ns[NSSTR];

	for (size_t i = 0; i < n; i++) {
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		th_strlist_add(ips[i].addr.family == TH_AF_INET6 ? &v6 : &v4,
		               ns);
	}
	if (v4.n > 0)
		th_report_emit(ctx->rep,
		               TH_TAG_CONNECTIVITY01_CN01_IPV4_DISABLED,
		               "ns_list", th_strlist_join(&v4, &b), NULL);
	if (v6.n > 0)
		th_report_emit(ctx->rep,
		               TH_TAG_CONNECTIVITY01_CN01_IPV6_DISABLED,
		               "ns_list", th_strlist_join(&v6, &b), NULL);
	th_strlist_free(&v4);
	th_strlist_free(&v6);
	th_buf_free(&b);
	connectivity_loop(ctx, &cn01_udp);
}

void
th_connectivity02(const struct th_engine_ctx *ctx)
{
	connectivity_loop(ctx, &cn02_tcp);
}

/* ---- CONNECTIVITY03/04: the table ---------------------------------------- */

/* What the table says about one address. */
struct asn_info {
	struct th_addr addr;
	bool found;
	struct th_prefix prefix;
	size_t nasn; /* at most ASNMAX */
	uint32_t asn[ASNMAX];
};

/* "1,2,3" */
static void
asn_join(const uint32_t *v, size_t n, struct th_buf *out)
{
	th_buf_reset(out);
	for (size_t i = 0; i < n; i++)
		if (th_buf_printf(out, "%s%u", i > 0 ? "," : "",
		                  (unsigned)v[i]) != 0)
			break;
}

/* The tags one test case reports a lookup with. */
struct asn_tags {
	enum th_tag error, empty, raw, in;
	bool with_by; /* CONNECTIVITY03 also names the AS numbers */
	enum th_tag by;
};

static const struct asn_tags cn03_asn = {
    TH_TAG_CONNECTIVITY03_ERROR_ASN_DATABASE,
    TH_TAG_CONNECTIVITY03_EMPTY_ASN_SET,
    TH_TAG_CONNECTIVITY03_ASN_INFOS_RAW,
    TH_TAG_CONNECTIVITY03_ASN_INFOS_ANNOUNCE_IN,
    true,
    TH_TAG_CONNECTIVITY03_ASN_INFOS_ANNOUNCE_BY,
};

static const struct asn_tags cn04_asn = {
    TH_TAG_CONNECTIVITY04_CN04_ERROR_PREFIX_DATABASE,
    TH_TAG_CONNECTIVITY04_CN04_EMPTY_PREFIX_SET,
    TH_TAG_CONNECTIVITY04_ASN_INFOS_RAW,
    TH_TAG_CONNECTIVITY04_ASN_INFOS_ANNOUNCE_IN,
    false,
    TH_TAG_CONNECTIVITY04_ASN_INFOS_RAW,
};

/*
 * Look addr up and report what the table says: the DEBUG details, or
 * that there is no table (t->error) or no covering prefix (t->empty).
 */
static void
asn_lookup(const struct th_engine_ctx *ctx, const struct th_addr *addr,
           struct asn_info *info, const struct asn_tags *t)
{
	char ip[TH_ADDR_STRLEN], pfx[PFXSTR];
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	struct th_buf raw = TH_BUF_INIT(LISTMAX);
	size_t n;

	memset(info, 0, sizeof(*info));
	info->addr = *addr;
	ip_str(addr, ip, sizeof(ip));
	if (ctx->conf->asn == NULL) {
		th_report_emit(ctx->rep, t->error, "ns_ip", ip, NULL);
		return;
	}
	n = th_asn_db_lookup(ctx->conf->asn, addr, &info->prefix, info->asn,
	                     ASNMAX);
	if (n == 0) {
		th_report_emit(ctx->rep, t->empty, "ns_ip", ip, NULL);
		return;
	}
	info->found = true;
	info->nasn = n < ASNMAX ? n : ASNMAX;
	prefix_str(&info->prefix, pfx, sizeof(pfx));
	asn_join(info->asn, info->nasn, &b);
	/* The table line, as the raw answer of the database. */
	if (th_buf_printf(&raw, "%s %s", pfx, th_buf_str(&b)) != 0)
		th_buf_reset(&raw);
	th_report_emit(ctx->rep, t->raw, "ns_ip", ip, "data", th_buf_str(&raw),
	               NULL);
	if (t->with_by)
		th_report_emit(ctx->rep, t->by, "ns_ip", ip, "asn",
		               th_buf_str(&b), NULL);
	th_report_emit(ctx->rep, t->in, "ns_ip", ip, "prefix", pfx, NULL);
	th_buf_free(&b);
	th_buf_free(&raw);
}

/* The distinct addresses of both NS sets, whatever the family. */
static size_t
all_addrs(const struct th_evidence *ev, struct th_addr *out, size_t max)
{
	struct th_ev_ip ips[MAXIPS];
	size_t nips = all_ips(ev, ips, MAXIPS), n = 0;

	for (size_t i = 0; i < nips && n < max; i++) {
		bool dup = false;

		for (size_t j = 0; j < n && !dup; j++)
			dup = th_addr_equal(&out[j], &ips[i].addr);
		if (!dup)
			out[n++] = ips[i].addr;
	}
	return n;
}

static bool
same_set(const struct asn_info *a, const struct asn_info *b)
{
	return a->nasn == b->nasn &&
	       memcmp(a->asn, b->asn, a->nasn * sizeof(a->asn[0])) == 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* ONE_ASN, SAME_ASN or DIFFERENT_ASN for the addresses of one family. */
static void
asn_verdict(const struct th_engine_ctx *ctx, const struct asn_info *info,
            size_t n, uint8_t family, enum th_tag one, enum th_tag same,
            enum th_tag different)
{
	uint32_t *all = malloc((n > 0 ? n : 1) * ASNMAX * sizeof(*all));
	size_t nall = 0, u = 0;
	const struct asn_info *first = NULL;
	bool one_set = true;
	struct th_buf b = TH_BUF_INIT(LISTMAX);

	if (all == NULL) {
		ctx->rep->err = TH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!info[i].found || info[i].addr.family != family)
			continue;
		if (first == NULL)
			first = &info[i];
		one_set &= same_set(first, &info[i]);
		memcpy(all + nall, info[i].asn,
		       info[i].nasn * sizeof(info[i].asn[0]));
		nall += info[i].nasn;
	}
	if (nall == 0) {
		free(all);
		return;
	}
	qsort(all, nall, sizeof(all[0]), cmp_u32);
	for (size_t i = 0; i < nall; i++)
		if (u == 0 || all[u - 1] != all[i])
			all[u++] = all[i];
	asn_join(all, u, &b);
	if (u == 1)
		th_report_emit(ctx->rep, one, "asn", th_buf_str(&b), NULL);
	else if (one_set)
		th_report_emit(ctx->rep, same, "asn_list", th_buf_str(&b),
		               NULL);
	else
		th_report_emit(ctx->rep, different, "asn_list", th_buf_str(&b),
		               NULL);
	th_buf_free(&b);
	free(all);
}

void
th_connectivity03(const struct th_engine_ctx *ctx)
{
	struct th_addr addrs[MAXIPS];
	size_t n = all_addrs(ctx->ev, addrs, MAXIPS);
	struct asn_info *info = calloc(n > 0 ? n : 1, sizeof(*info));

	if (info == NULL) {
		ctx->rep->err = TH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < n; i++)
		asn_lookup(ctx, &addrs[i], &info[i], &cn03_asn);
	asn_verdict(ctx, info, n, TH_AF_INET,
	            TH_TAG_CONNECTIVITY03_IPV4_ONE_ASN,
	            TH_TAG_CONNECTIVITY03_IPV4_SAME_ASN,
	            TH_TAG_CONNECTIVITY03_IPV4_DIFFERENT_ASN);
	asn_verdict(ctx, info, n, TH_AF_INET6,
	            TH_TAG_CONNECTIVITY03_IPV6_ONE_ASN,
	            TH_TAG_CONNECTIVITY03_IPV6_SAME_ASN,
	            TH_TAG_CONNECTIVITY03_IPV6_DIFFERENT_ASN);
	free(info);
}

static int
cmp_prefix(const struct th_prefix *a, const struct th_prefix *b)
{
	int c = th_addr_cmp(&a->addr, &b->addr);

	return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
}

/* The pairs of one family announced in one prefix. */
struct pgroup {
	struct th_prefix prefix;
	struct th_strlist members;
};

static int
cmp_pgroup(const void *a, const void *b)
{
	return cmp_prefix(&((const struct pgroup *)a)->prefix,
	                  &((const struct pgroup *)b)->prefix);
}

struct cn04_tags {
	enum th_tag same, different, single;
};

/* SAME_PREFIX per shared prefix, DIFFERENT_PREFIX, SINGLE_PREFIX. */
static void
prefix_verdict(const struct th_engine_ctx *ctx, const struct th_ev_ip *ips,
               size_t nips, const struct asn_info *info, size_t ninfo,
               uint8_t family, const struct cn04_tags *t)
{
	struct pgroup *g = calloc(nips > 0 ? nips : 1, sizeof(*g));
	struct th_strlist singles = {0};
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	size_t ng = 0, unannounced = 0, pairs = 0;
	char ns[NSSTR], pfx[PFXSTR];

	if (g == NULL) {
		ctx->rep->err = TH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < nips; i++) {
		const struct asn_info *in = NULL;
		size_t k;

		if (ips[i].addr.family != family)
			continue;
		pairs++;
		for (size_t j = 0; j < ninfo && in == NULL; j++)
			if (th_addr_equal(&info[j].addr, &ips[i].addr))
				in = &info[j];
		if (in == NULL || !in->found) {
			unannounced++;
			continue;
		}
		for (k = 0; k < ng; k++)
			if (cmp_prefix(&g[k].prefix, &in->prefix) == 0)
				break;
		if (k == ng)
			g[ng++].prefix = in->prefix;
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		th_strlist_add(&g[k].members, ns);
	}
	if (ng > 1)
		qsort(g, ng, sizeof(g[0]), cmp_pgroup);
	for (size_t k = 0; k < ng; k++) {
		if (g[k].members.n == 1) {
			th_strlist_add(&singles, g[k].members.v[0]);
			continue;
		}
		prefix_str(&g[k].prefix, pfx, sizeof(pfx));
		th_report_emit(ctx->rep, t->same, "ip_prefix", pfx, "ns_list",
		               th_strlist_join(&g[k].members, &b), NULL);
	}
	if (singles.n > 0)
		th_report_emit(ctx->rep, t->different, "ns_list",
		               th_strlist_join(&singles, &b), NULL);
	if (ng == 1 && unannounced == 0 && pairs > 0)
		th_report_emit(ctx->rep, t->single, NULL);
	for (size_t k = 0; k < ng; k++)
		th_strlist_free(&g[k].members);
	free(g);
	th_strlist_free(&singles);
	th_buf_free(&b);
}

void
th_connectivity04(const struct th_engine_ctx *ctx)
{
	static const struct cn04_tags v4 = {
	    TH_TAG_CONNECTIVITY04_CN04_IPV4_SAME_PREFIX,
	    TH_TAG_CONNECTIVITY04_CN04_IPV4_DIFFERENT_PREFIX,
	    TH_TAG_CONNECTIVITY04_CN04_IPV4_SINGLE_PREFIX,
	};
	static const struct cn04_tags v6 = {
	    TH_TAG_CONNECTIVITY04_CN04_IPV6_SAME_PREFIX,
	    TH_TAG_CONNECTIVITY04_CN04_IPV6_DIFFERENT_PREFIX,
	    TH_TAG_CONNECTIVITY04_CN04_IPV6_SINGLE_PREFIX,
	};
	struct th_ev_ip ips[MAXIPS];
	struct th_addr addrs[MAXIPS];
	size_t nips = all_ips(ctx->ev, ips, MAXIPS);
	size_t n = all_addrs(ctx->ev, addrs, MAXIPS);
	struct asn_info *info = calloc(n > 0 ? n : 1, sizeof(*info));

	if (info == NULL) {
		ctx->rep->err = TH_ENOMEM;
		return;
	}
	/* One lookup (and one message) per address, whatever its names. */
	for (size_t i = 0; i < n; i++)
		asn_lookup(ctx, &addrs[i], &info[i], &cn04_asn);
	prefix_verdict(ctx, ips, nips, info, n, TH_AF_INET, &v4);
	prefix_verdict(ctx, ips, nips, info, n, TH_AF_INET6, &v6);
	free(info);
}

void
th_connectivity_run(const struct th_engine_ctx *ctx)
{
	const struct th_profile *p = ctx->conf->profile;

	if (p->enabled[TH_TC_CONNECTIVITY01])
		th_connectivity01(ctx);
	if (p->enabled[TH_TC_CONNECTIVITY02])
		th_connectivity02(ctx);
	if (p->enabled[TH_TC_CONNECTIVITY03])
		th_connectivity03(ctx);
	if (p->enabled[TH_TC_CONNECTIVITY04])
		th_connectivity04(ctx);
}
