/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * delegation.c -- DELEGATION01-07 over the evidence (see delegation.h and
 * the catalogue, section 2.5).
 *
 * DELEGATION01, 02, 03 and 07 are computed from the NS sets alone: the
 * delegation side is the names with TH_EV_DEL, the child side the names
 * with TH_EV_CHILD, with addresses as th_ev_ips gives them but without
 * its family filter (these test cases send nothing, so a family not in
 * use still counts). DELEGATION04-06 read the replies the probe recorded.
 */
#include "engine/delegation.h"

#include "common/buf.h"
#include "common/msg.h"
#include "engine/strlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IPS_MAX (TH_EV_MAXNS * 2 * TH_EV_MAXADDR)
#define NS_STRLEN (TH_DNAME_STRLEN + TH_ADDR_STRLEN)
/* Zonemaster's $MINIMUM_NUMBER_OF_NAMESERVERS and UDP payload limit. */
#define MIN_NS 2
#define REFERRAL_LIMIT 512

/* ---- DELEGATION01 -------------------------------------------------------- */

struct count_tags {
	uint8_t src;
	enum th_tag enough, not_enough;
	enum th_tag enough4, not_enough4, none4;
	enum th_tag enough6, not_enough6, none6;
};

static void
emit_count(const struct th_engine_ctx *ctx, size_t count, enum th_tag enough,
           enum th_tag not_enough, enum th_tag none, const char *key,
           const char *list)
{
	char cnt[24], min[24];

	snprintf(cnt, sizeof(cnt), "%zu", count);
	snprintf(min, sizeof(min), "%d", MIN_NS);
	if (count == 0 && none != TH_TAG__COUNT)
		th_report_emit(ctx->rep, none, "count", cnt, "minimum", min,
		               NULL);
	else if (count < MIN_NS)
		th_report_emit(ctx->rep, not_enough, "count", cnt, "minimum",
		               min, key, list, NULL);
	else
		th_report_emit(ctx->rep, enough, "count", cnt, "minimum", min,
		               key, list, NULL);
}

static void
count_side(const struct th_engine_ctx *ctx, const struct count_tags *t)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_pairs(ev, t->src, TH_EV_FAM_ANY, ips, IPS_MAX);
	struct th_buf names = TH_BUF_INIT(1 << 16), v4 = TH_BUF_INIT(1 << 16),
	              v6 = TH_BUF_INIT(1 << 16);
	size_t nnames = 0, n4 = 0, n6 = 0;
	char s[NS_STRLEN];

	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *ns = &ev->ns.ns[i];
		bool has4 = false, has6 = false;

		if (!(ns->src & t->src))
			continue;
		nnames++;
		th_ev_ns_str(&ns->name, NULL, s, sizeof(s));
		th_strlist_cat(&names, s);
		for (size_t k = 0; k < nips; k++) {
			if (ips[k].ns != ns)
				continue;
			th_ev_ns_str(&ns->name, &ips[k].addr, s, sizeof(s));
			if (ips[k].addr.family == TH_AF_INET) {
				th_strlist_cat(&v4, s);
				has4 = true;
			} else {
				th_strlist_cat(&v6, s);
				has6 = true;
			}
		}
		n4 += has4;
		n6 += has6;
	}
	emit_count(ctx, nnames, t->enough, t->not_enough, TH_TAG__COUNT,
	           "nsname_list", th_buf_str(&names));
	emit_count(ctx, n4, t->enough4, t->not_enough4, t->none4, "ns_list",
	           th_buf_str(&v4));
	emit_count(ctx, n6, t->enough6, t->not_enough6, t->none6, "ns_list",
	           th_buf_str(&v6));
	th_buf_free(&names);
	th_buf_free(&v4);
	th_buf_free(&v6);
}

void
th_delegation01(const struct th_engine_ctx *ctx)
{
#define T(x) TH_TAG_DELEGATION01_##x
	static const struct count_tags sides[] = {
	    {TH_EV_DEL, T(ENOUGH_NS_DEL), T(NOT_ENOUGH_NS_DEL),
	     T(ENOUGH_IPV4_NS_DEL), T(NOT_ENOUGH_IPV4_NS_DEL),
	     T(NO_IPV4_NS_DEL), T(ENOUGH_IPV6_NS_DEL),
	     T(NOT_ENOUGH_IPV6_NS_DEL), T(NO_IPV6_NS_DEL)},
	    {TH_EV_CHILD, T(ENOUGH_NS_CHILD), T(NOT_ENOUGH_NS_CHILD),
	     T(ENOUGH_IPV4_NS_CHILD), T(NOT_ENOUGH_IPV4_NS_CHILD),
	     T(NO_IPV4_NS_CHILD), T(ENOUGH_IPV6_NS_CHILD),
	     T(NOT_ENOUGH_IPV6_NS_CHILD), T(NO_IPV6_NS_CHILD)},
	};
#undef T

	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++)
		count_side(ctx, &sides[i]);
}

/* ---- DELEGATION02 -------------------------------------------------------- */

/* Report every address that several names of the src side share. */
static bool
shared_ips(const struct th_engine_ctx *ctx, uint8_t src, enum th_tag same)
{
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_pairs(ctx->ev, src, TH_EV_FAM_ANY, ips, IPS_MAX);
	char ip[TH_ADDR_STRLEN], s[TH_DNAME_STRLEN];
	bool any = false;

	for (size_t i = 0; i < nips; i++) {
		struct th_buf names = TH_BUF_INIT(1 << 16);
		bool seen = false;
		size_t users = 0;

		for (size_t j = 0; j < i && !seen; j++)
			seen = th_addr_equal(&ips[j].addr, &ips[i].addr);
		if (seen)
			continue;
		/* Pairs are distinct per name, so each match is a name. */
		for (size_t j = i; j < nips; j++) {
			if (!th_addr_equal(&ips[j].addr, &ips[i].addr))
				continue;
			th_ev_ns_str(&ips[j].ns->name, NULL, s, sizeof(s));
			th_strlist_cat(&names, s);
			users++;
		}
		if (users > 1) {
			if (th_addr_ip_str(&ips[i].addr, ip, sizeof(ip)) != 0)
				ip[0] = '\0';
			th_report_emit(ctx->rep, same, "ns_ip", ip,
			               "nsname_list", th_buf_str(&names), NULL);
			any = true;
		}
		th_buf_free(&names);
	}
	return any;
}

void
th_delegation02(const struct th_engine_ctx *ctx)
{
	static const struct {
		uint8_t src;
		enum th_tag same, distinct;
	} sides[] = {
	    {TH_EV_DEL, TH_TAG_DELEGATION02_DEL_NS_SAME_IP,
	     TH_TAG_DELEGATION02_DEL_DISTINCT_NS_IP},
	    {TH_EV_CHILD, TH_TAG_DELEGATION02_CHILD_NS_SAME_IP,
	     TH_TAG_DELEGATION02_CHILD_DISTINCT_NS_IP},
	    {TH_EV_DEL | TH_EV_CHILD, TH_TAG_DELEGATION02_SAME_IP_ADDRESS,
	     TH_TAG_DELEGATION02_DISTINCT_IP_ADDRESS},
	};

	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++)
		if (!shared_ips(ctx, sides[i].src, sides[i].same))
			th_report_emit(ctx->rep, sides[i].distinct, NULL);
}

/* ---- DELEGATION03 -------------------------------------------------------- */

/*
 * Name compression as ldns_dname2buffer_wire_compress does it: look the
 * whole remaining name up among the suffixes already written; on a hit
 * write a pointer, else register the suffix at the current offset (when a
 * pointer can reach it), write its first label and go on with the rest.
 */
#define CZ_MAX 1024
#define CZ_PTR_LIMIT 0x4000

struct cz_suffix {
	const struct th_dname *name; /* stays valid while the cz is used */
	uint8_t at;                  /* where the suffix starts in name */
};

struct cz {
	size_t size;
	size_t n;
	struct cz_suffix s[CZ_MAX];
};

static bool
suffix_equal(const struct th_dname *a, size_t ai, const struct th_dname *b,
             size_t bi)
{
	size_t n = a->len - ai;

	if (n != (size_t)(b->len - bi))
		return false;
	/* Length octets are below 64, so folding letters never alters them. */
	for (size_t i = 0; i < n; i++) {
		uint8_t x = a->wire[ai + i], y = b->wire[bi + i];

		if (x >= 'A' && x <= 'Z')
			x = (uint8_t)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (uint8_t)(y + 32);
		if (x != y)
			return false;
	}
	return true;
}

static void
cz_write(struct cz *z, const struct th_dname *name)
{
	size_t at = 0;

	while (name->wire[at] != 0) {
		for (size_t i = 0; i < z->n; i++)
			if (suffix_equal(z->s[i].name, z->s[i].at, name, at)) {
				z->size += 2;
				return;
			}
		if (z->size < CZ_PTR_LIMIT && z->n < CZ_MAX) {
			z->s[z->n].name = name;
			z->s[z->n].at = (uint8_t)at;
			z->n++;
		}
		z->size += 1u + name->wire[at];
		at += 1u + name->wire[at];
	}
	z->size += 1; /* the root label */
}

void
th_delegation_long_name(const struct th_dname *zone, struct th_dname *out)
{
	size_t r = TH_DNAME_MAXLEN - zone->len, n = 0;

	while (r >= 2) {
		size_t l =
		    r - 1 > TH_DNAME_MAXLABEL ? TH_DNAME_MAXLABEL : r - 1;

		if (r - (l + 1) == 1)
			l--; /* a lone octet cannot make a label */
		out->wire[n] = (uint8_t)l;
		memset(out->wire + n + 1, 'x', l);
		n += l + 1;
		r -= l + 1;
	}
	memcpy(out->wire + n, zone->wire, zone->len);
	out->len = (uint8_t)(n + zone->len);
}

size_t
th_delegation_referral_size(const struct th_evidence *ev)
{
	struct cz *z = calloc(1, sizeof(*z));
	struct th_dname qname;
	const struct th_ev_ns *glue4 = NULL, *glue6 = NULL;
	bool in_parent = true;
	size_t size;

	if (z == NULL)
		return 0;
	th_delegation_long_name(&ev->domain, &qname);
	z->size = TH_MSG_HDRLEN;
	cz_write(z, &qname);
	z->size += 4; /* type, class */
	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *ns = &ev->ns.ns[i];

		if (!(ns->src & TH_EV_DEL))
			continue;
		cz_write(z, &ev->domain);
		z->size += 10; /* type, class, TTL, RDLENGTH */
		cz_write(z, &ns->name);
		in_parent =
		    in_parent && th_dname_is_subdomain(&ns->name, &ev->parent);
		for (size_t a = 0; a < ns->naddr; a++) {
			if (ns->addr[a].family == TH_AF_INET && glue4 == NULL)
				glue4 = ns;
			if (ns->addr[a].family == TH_AF_INET6 && glue6 == NULL)
				glue6 = ns;
		}
	}
	if (in_parent && glue4 != NULL) {
		cz_write(z, &glue4->name);
		z->size += 10 + 4;
	}
	if (in_parent && glue6 != NULL) {
		cz_write(z, &glue6->name);
		z->size += 10 + 16;
	}
	size = z->size;
	free(z);
	return size;
}

void
th_delegation03(const struct th_engine_ctx *ctx)
{
	size_t size = th_delegation_referral_size(ctx->ev);
	char dom[TH_DNAME_STRLEN], sz[24], lim[24];

	th_ev_ns_str(&ctx->ev->domain, NULL, dom, sizeof(dom));
	snprintf(sz, sizeof(sz), "%zu", size);
	snprintf(lim, sizeof(lim), "%d", REFERRAL_LIMIT);
	th_report_emit(ctx->rep,
	               size > REFERRAL_LIMIT
	                   ? TH_TAG_DELEGATION03_REFERRAL_SIZE_TOO_LARGE
	                   : TH_TAG_DELEGATION03_REFERRAL_SIZE_OK,
	               "domain", dom, "size", sz, "limit", lim, NULL);
}

/* ---- DELEGATION04-06 ----------------------------------------------------- */

/* IPV4_DISABLED / IPV6_DISABLED for the NS IPs of families not in use. */
static void
emit_disabled(const struct th_engine_ctx *ctx, enum th_tag v4, enum th_tag v6,
              const char *rrtype)
{
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_pairs(ctx->ev, TH_EV_DEL | TH_EV_CHILD,
	                          TH_EV_FAM_ANY, ips, IPS_MAX);
	char ns[NS_STRLEN];

	for (size_t i = 0; i < nips; i++) {
		bool v6addr = ips[i].addr.family == TH_AF_INET6;

		if (v6addr ? ctx->ev->ipv6 : ctx->ev->ipv4)
			continue;
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		th_report_emit(ctx->rep, v6addr ? v6 : v4, "ns", ns, "rrtype",
		               rrtype, NULL);
	}
}

void
th_delegation04(const struct th_engine_ctx *ctx)
{
	static const struct {
		enum th_qflavor f;
		const char *proto;
	} flavors[] = {{TH_QF_PLAIN, "UDP"}, {TH_QF_TCP, "TCP"}};
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, IPS_MAX);
	char dom[TH_DNAME_STRLEN], ns[NS_STRLEN];
	size_t answers = 0, not_auth = 0;

	emit_disabled(ctx, TH_TAG_DELEGATION04_IPV4_DISABLED,
	              TH_TAG_DELEGATION04_IPV6_DISABLED, "SOA");
	th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
	for (size_t i = 0; i < nips; i++) {
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		for (size_t f = 0; f < sizeof(flavors) / sizeof(flavors[0]);
		     f++) {
			struct th_msg m;

			/* Any answer counts, whatever its RCODE, as in
			 * Zonemaster: REFUSED without AA is not
			 * authoritative either. */
			if (!th_ev_reply_msg(th_ev_reply(ev, &ips[i].addr,
			                                 flavors[f].f,
			                                 &ev->domain, TH_T_SOA),
			                     &m))
				continue;
			answers++;
			if (m.flags & TH_MSG_AA)
				continue;
			not_auth++;
			th_report_emit(ctx->rep,
			               TH_TAG_DELEGATION04_IS_NOT_AUTHORITATIVE,
			               "ns", ns, "proto", flavors[f].proto,
			               "domain", dom, NULL);
		}
	}
	if (answers > 0 && not_auth == 0)
		th_report_emit(ctx->rep, TH_TAG_DELEGATION04_ARE_AUTHORITATIVE,
		               "domain", dom, NULL);
}

/* The child-side IPs, each address once (under its first name). */
static size_t
child_servers(const struct th_evidence *ev, struct th_ev_ip *out, size_t max)
{
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_ips(ev, TH_EV_CHILD, ips, IPS_MAX), n = 0;

	for (size_t i = 0; i < nips && n < max; i++) {
		bool dup = false;

		for (size_t j = 0; j < n && !dup; j++)
			dup = th_addr_equal(&out[j].addr, &ips[i].addr);
		if (!dup)
			out[n++] = ips[i];
	}
	return n;
}

/* DELEGATION05 for an in-domain name: the child servers' A replies. */
static bool
cname_in_domain(const struct th_engine_ctx *ctx, const struct th_ev_ip *srv,
                size_t nsrv, const struct th_dname *name, const char *nsname)
{
	struct th_buf cname_ips = TH_BUF_INIT(1 << 16);
	char ns[NS_STRLEN], ip[TH_ADDR_STRLEN], rbuf[16];
	bool cname;

	for (size_t i = 0; i < nsrv; i++) {
		const struct th_answer *a = th_ev_reply(
		    ctx->ev, &srv[i].addr, TH_QF_PLAIN, name, TH_T_A);
		struct th_msg m;

		th_ev_ns_str(&srv[i].ns->name, &srv[i].addr, ns, sizeof(ns));
		if (!th_ev_reply_msg(a, &m)) {
			th_report_emit(ctx->rep,
			               TH_TAG_DELEGATION05_NO_RESPONSE, "ns",
			               ns, "nsname", nsname, NULL);
			continue;
		}
		if (m.rcode != TH_RCODE_NOERROR) {
			th_report_emit(
			    ctx->rep, TH_TAG_DELEGATION05_UNEXPECTED_RCODE,
			    "ns", ns, "nsname", nsname, "rcode",
			    th_rcode_name(m.rcode, rbuf, sizeof(rbuf)), NULL);
			continue;
		}
		/* A referral to a sub-zone has no CNAME: Zonemaster would
		 * ask again with RD=1, which the probe does not. */
		if (th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_CNAME, name) &&
		    th_addr_ip_str(&srv[i].addr, ip, sizeof(ip)) == 0)
			th_strlist_cat(&cname_ips, ip);
	}
	cname = th_buf_len(&cname_ips) > 0;
	if (cname)
		th_report_emit(ctx->rep, TH_TAG_DELEGATION05_NS_IS_CNAME,
		               "nsname", nsname, "ns_ip_list",
		               th_buf_str(&cname_ips), NULL);
	th_buf_free(&cname_ips);
	return cname;
}

void
th_delegation05(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip srv[IPS_MAX];
	size_t nsrv = child_servers(ev, srv, IPS_MAX), nnames = 0;
	char dom[TH_DNAME_STRLEN], nsname[TH_DNAME_STRLEN];
	bool any = false;

	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *ns = &ev->ns.ns[i];
		const struct th_ev_lookup *l;

		if (!(ns->src & (TH_EV_DEL | TH_EV_CHILD)))
			continue;
		nnames++;
		th_ev_ns_str(&ns->name, NULL, nsname, sizeof(nsname));
		if (th_dname_is_subdomain(&ns->name, &ev->domain)) {
			any |=
			    cname_in_domain(ctx, srv, nsrv, &ns->name, nsname);
			continue;
		}
		l = th_ev_lookup(ev, &ns->name, TH_T_A);
		if (l != NULL && l->cnames > 0) {
			th_report_emit(ctx->rep,
			               TH_TAG_DELEGATION05_NS_IS_CNAME,
			               "nsname", nsname, NULL);
			any = true;
		}
	}
	th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
	if (nnames > 0 && !any)
		th_report_emit(ctx->rep, TH_TAG_DELEGATION05_NO_NS_CNAME,
		               "domain", dom, NULL);
}

void
th_delegation06(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, IPS_MAX);
	char dom[TH_DNAME_STRLEN], ns[NS_STRLEN];
	size_t noerror = 0, missing = 0;

	emit_disabled(ctx, TH_TAG_DELEGATION06_IPV4_DISABLED,
	              TH_TAG_DELEGATION06_IPV6_DISABLED, "SOA");
	th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
	for (size_t i = 0; i < nips; i++) {
		struct th_msg m;

		if (!th_ev_reply_msg(th_ev_reply(ev, &ips[i].addr, TH_QF_PLAIN,
		                                 &ev->domain, TH_T_SOA),
		                     &m) ||
		    m.rcode != TH_RCODE_NOERROR)
			continue;
		noerror++;
		if (th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_SOA, &ev->domain))
			continue;
		missing++;
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		th_report_emit(ctx->rep, TH_TAG_DELEGATION06_SOA_NOT_EXISTS,
		               "ns", ns, "domain", dom, NULL);
	}
	if (noerror > 0 && missing == 0)
		th_report_emit(ctx->rep, TH_TAG_DELEGATION06_SOA_EXISTS,
		               "domain", dom, NULL);
}

/* ---- DELEGATION07 -------------------------------------------------------- */

static int
cmp_ns_text(const void *pa, const void *pb)
{
	const struct th_ev_ns *a = *(const struct th_ev_ns *const *)pa;
	const struct th_ev_ns *b = *(const struct th_ev_ns *const *)pb;
	char sa[TH_DNAME_STRLEN], sb[TH_DNAME_STRLEN];

	th_ev_ns_str(&a->name, NULL, sa, sizeof(sa));
	th_ev_ns_str(&b->name, NULL, sb, sizeof(sb));
	return strcmp(sa, sb);
}

/* The names whose src bits, masked, equal want; sorted as text. */
static void
names_list(const struct th_evidence *ev, uint8_t mask, uint8_t want,
           struct th_buf *out, size_t *count)
{
	const struct th_ev_ns *sel[TH_EV_MAXNS];
	char s[TH_DNAME_STRLEN];
	size_t n = 0;

	for (size_t i = 0; i < ev->ns.n && n < TH_EV_MAXNS; i++)
		if ((ev->ns.ns[i].src & mask) == want)
			sel[n++] = &ev->ns.ns[i];
	/* Sorted, as Zonemaster prints these lists. */
	qsort(sel, n, sizeof(sel[0]), cmp_ns_text);
	for (size_t i = 0; i < n; i++) {
		th_ev_ns_str(&sel[i]->name, NULL, s, sizeof(s));
		th_strlist_cat(out, s);
	}
	*count = n;
}

void
th_delegation07(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	const uint8_t both = TH_EV_DEL | TH_EV_CHILD;
	struct th_buf same = TH_BUF_INIT(1 << 16),
	              extra_del = TH_BUF_INIT(1 << 16),
	              extra_child = TH_BUF_INIT(1 << 16),
	              del = TH_BUF_INIT(1 << 16), child = TH_BUF_INIT(1 << 16);
	size_t nsame, ndel_only, nchild_only, ndel, nchild;

	names_list(ev, both, both, &same, &nsame);
	names_list(ev, both, TH_EV_DEL, &extra_del, &ndel_only);
	names_list(ev, both, TH_EV_CHILD, &extra_child, &nchild_only);
	names_list(ev, TH_EV_DEL, TH_EV_DEL, &del, &ndel);
	names_list(ev, TH_EV_CHILD, TH_EV_CHILD, &child, &nchild);
	if (ndel_only > 0)
		th_report_emit(ctx->rep, TH_TAG_DELEGATION07_EXTRA_NAME_PARENT,
		               "nsname_list", th_buf_str(&extra_del), NULL);
	if (nchild_only > 0)
		th_report_emit(ctx->rep, TH_TAG_DELEGATION07_EXTRA_NAME_CHILD,
		               "nsname_list", th_buf_str(&extra_child), NULL);
	if (ndel_only == 0 && nchild_only == 0)
		th_report_emit(ctx->rep, TH_TAG_DELEGATION07_NAMES_MATCH,
		               "nsname_list", th_buf_str(&same), NULL);
	if (nsame == 0 && (ndel > 0 || nchild > 0))
		th_report_emit(ctx->rep,
		               TH_TAG_DELEGATION07_TOTAL_NAME_MISMATCH,
		               "del_nsname_list", th_buf_str(&del),
		               "child_nsname_list", th_buf_str(&child), NULL);
	th_buf_free(&same);
	th_buf_free(&extra_del);
	th_buf_free(&extra_child);
	th_buf_free(&del);
	th_buf_free(&child);
}

/* The loop below indexes the test cases from DELEGATION01. */
_Static_assert(TH_TC_DELEGATION07 - TH_TC_DELEGATION01 == 6,
               "DELEGATION01-07 are consecutive");

void
th_delegation_run(const struct th_engine_ctx *ctx)
{
	static void (*const tcs[])(const struct th_engine_ctx *) = {
	    th_delegation01, th_delegation02, th_delegation03, th_delegation04,
	    th_delegation05, th_delegation06, th_delegation07,
	};
	const bool *on = ctx->conf->profile->enabled;

	for (size_t i = 0; i < sizeof(tcs) / sizeof(tcs[0]); i++)
		if (on[TH_TC_DELEGATION01 + i])
			tcs[i](ctx);
}
