/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zone.c -- ZONE01-11 over the evidence (see zone.h and the catalogue,
 * section 2.9; Zonemaster's Zone-TP specifications and Test/Zone.pm).
 *
 * "All NS IPs" is th_ev_ips(DEL | CHILD). ZONE09 and ZONE11 ask each
 * distinct address once and name every NS name that has it, as the
 * specifications say; the others go by (name, address) pair. Replies the
 * probe never sent (NULL) are skipped silently; an outcome other than
 * ANSWER (timeout, network error, malformed, truncated) is "no response".
 */
#include "engine/zone.h"

#include "common/buf.h"
#include "common/msg.h"
#include "engine/spf.h"
#include "engine/strlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXIPS (TH_EV_MAXNS * TH_EV_MAXADDR * 2)
#define NSSTR (TH_DNAME_STRLEN + TH_ADDR_STRLEN + 2)
#define LISTMAX (1 << 16)

static void
ip_str(const struct th_addr *a, char *dst, size_t size)
{
	if (th_addr_ip_str(a, dst, size) != 0)
		dst[0] = '\0';
}

static bool
family_used(const struct th_evidence *ev, const struct th_addr *a)
{
	return a->family == TH_AF_INET6 ? ev->ipv6 : ev->ipv4;
}

/* The first SOA record for the domain in the answer section. */
static bool
answer_soa(const struct th_msg *m, const struct th_dname *domain,
           struct th_soa *soa)
{
	struct th_msg_iter it;
	struct th_rr rr;

	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_SOA && th_dname_equal(&rr.owner, domain) &&
		    th_msg_soa(m, &rr, soa) == 0)
			return true;
	return false;
}

/*
 * The SOA of the first name server that answers the plain SOA query
 * authoritatively with one (Zonemaster's _retrieve_record_from_zone), for
 * ZONE02-07.
 */
static bool
first_auth_soa(const struct th_evidence *ev, struct th_soa *soa)
{
	struct th_ev_ip ips[MAXIPS];
	size_t n = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, MAXIPS);
	struct th_msg m;

	for (size_t i = 0; i < n; i++) {
		const struct th_answer *a = th_ev_reply(
		    ev, &ips[i].addr, TH_QF_PLAIN, &ev->domain, TH_T_SOA);

		if (th_ev_reply_msg(a, &m) && (m.flags & TH_MSG_AA) &&
		    answer_soa(&m, &ev->domain, soa))
			return true;
	}
	return false;
}

/* Root, a TLD or under .arpa: not expected to be an email domain. */
static bool
non_mail_domain(const struct th_dname *d)
{
	static const struct th_dname arpa = {6, "\4arpa"};

	return th_dname_labels(d) <= 1 || th_dname_is_subdomain(d, &arpa);
}

/* Add "name/ip" of every NS name that has addr (one server, all names). */
static void
sl_add_server(struct th_strlist *l, const struct th_ev_ip *ips, size_t n,
              const struct th_addr *addr)
{
	char ns[NSSTR];

	for (size_t i = 0; i < n; i++)
		if (th_addr_equal(&ips[i].addr, addr)) {
			th_ev_ns_str(&ips[i].ns->name, addr, ns, sizeof(ns));
			th_strlist_add(l, ns);
		}
}

/* True when an earlier pair has the same address (already asked). */
static bool
seen_before(const struct th_ev_ip *ips, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (th_addr_equal(&ips[j].addr, &ips[i].addr))
			return true;
	return false;
}

/* ---- ZONE01 -------------------------------------------------------------- */

#define Z01_MAXMNAME 8
#define Z01_MAXSERIAL 64

struct mname {
	struct th_dname name;
	size_t nserial;
	struct {
		struct th_addr addr;
		uint32_t serial;
	} s[TH_EV_MAXADDR];
};

/* RFC 1982: a is greater than b in 32-bit serial arithmetic. */
static bool
serial_gt(uint32_t a, uint32_t b)
{
	return a != b && (uint32_t)(a - b) < 0x80000000u;
}

static bool
in_ns_names(const struct th_evidence *ev, const struct th_dname *name)
{
	uint8_t src = TH_EV_DEL | TH_EV_CHILD;

	/* Method3 (the zone's own NS set); the delegation when the probe
	 * learnt none, rather than call every MNAME unlisted. */
	for (size_t i = 0; i < ev->ns.n; i++)
		if (ev->ns.ns[i].src & TH_EV_CHILD)
			src = TH_EV_CHILD;
	for (size_t i = 0; i < ev->ns.n; i++)
		if ((ev->ns.ns[i].src & src) &&
		    th_dname_equal(&ev->ns.ns[i].name, name))
			return true;
	return false;
}

/* The MNAME's own SOA answer, from one of its addresses. */
static void
z01_mname_addr(const struct th_engine_ctx *ctx, struct mname *mn,
               const struct th_addr *addr, const char *nsname)
{
	const struct th_evidence *ev = ctx->ev;
	char ns[NSSTR], ip[TH_ADDR_STRLEN], rc[16];
	const struct th_answer *a;
	struct th_msg m;
	struct th_soa soa;

	ip_str(addr, ip, sizeof(ip));
	if (th_addr_is_localhost(addr)) {
		th_report_emit(ctx->rep,
		               TH_TAG_ZONE01_Z01_MNAME_HAS_LOCALHOST_ADDR,
		               "nsname", nsname, "ns_ip", ip, NULL);
		return;
	}
	if (!family_used(ev, addr))
		return;
	a = th_ev_reply(ev, addr, TH_QF_PLAIN, &ev->domain, TH_T_SOA);
	if (a == NULL)
		return;
	th_ev_ns_str(&mn->name, addr, ns, sizeof(ns));
	if (!th_ev_reply_msg(a, &m))
		th_report_emit(ctx->rep, TH_TAG_ZONE01_Z01_MNAME_NO_RESPONSE,
		               "ns", ns, NULL);
	else if (m.rcode != TH_RCODE_NOERROR)
		th_report_emit(
		    ctx->rep, TH_TAG_ZONE01_Z01_MNAME_UNEXPECTED_RCODE, "ns",
		    ns, "rcode", th_rcode_name(m.rcode, rc, sizeof(rc)), NULL);
	else if (!answer_soa(&m, &ev->domain, &soa))
		th_report_emit(ctx->rep,
		               TH_TAG_ZONE01_Z01_MNAME_MISSING_SOA_RECORD, "ns",
		               ns, NULL);
	else if (!(m.flags & TH_MSG_AA))
		th_report_emit(ctx->rep,
		               TH_TAG_ZONE01_Z01_MNAME_NOT_AUTHORITATIVE, "ns",
		               ns, NULL);
	else if (mn->nserial < TH_EV_MAXADDR) {
		mn->s[mn->nserial].addr = *addr;
		mn->s[mn->nserial].serial = soa.serial;
		mn->nserial++;
	}
}

/* MNAME serials against every serial the NS set serves. */
static void
z01_serials(const struct th_engine_ctx *ctx, const struct mname *mn, size_t nmn,
            const uint32_t *serials, size_t nser)
{
	struct th_strlist master = {0}, behind = {0};
	struct th_buf b1 = TH_BUF_INIT(LISTMAX), b2 = TH_BUF_INIT(LISTMAX);
	char ns[NSSTR], num[16];
	uint32_t worst = 0;

	for (size_t i = 0; i < nmn; i++)
		for (size_t k = 0; k < mn[i].nserial; k++) {
			bool lower = false;

			for (size_t j = 0; j < nser && !lower; j++)
				lower =
				    serial_gt(serials[j], mn[i].s[k].serial);
			th_ev_ns_str(&mn[i].name, &mn[i].s[k].addr, ns,
			             sizeof(ns));
			if (!lower) {
				th_strlist_add(&master, ns);
				continue;
			}
			th_strlist_add(&behind, ns);
			/* Zonemaster reports the largest lagging serial. */
			if (mn[i].s[k].serial > worst)
				worst = mn[i].s[k].serial;
		}
	if (behind.n > 0) {
		for (size_t j = 0; j < nser; j++)
			if (th_buf_printf(&b2, "%s%u", j ? ";" : "",
			                  serials[j]) != 0)
				break;
		snprintf(num, sizeof(num), "%u", worst);
		th_report_emit(ctx->rep, TH_TAG_ZONE01_Z01_MNAME_NOT_MASTER,
		               "ns_list", th_strlist_join(&behind, &b1),
		               "soaserial", num, "soaserial_list",
		               th_buf_str(&b2), NULL);
	}
	if (master.n > 0)
		th_report_emit(ctx->rep, TH_TAG_ZONE01_Z01_MNAME_IS_MASTER,
		               "ns_list", th_strlist_join(&master, &b1), NULL);
	th_strlist_free(&master);
	th_strlist_free(&behind);
	th_buf_free(&b1);
	th_buf_free(&b2);
}

void
th_zone01(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	static const struct th_dname localhost = {11, "\11localhost"};
	struct th_ev_ip ips[MAXIPS];
	size_t nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, MAXIPS);
	struct mname mn[Z01_MAXMNAME];
	size_t nmn = 0, nser = 0;
	uint32_t serials[Z01_MAXSERIAL];
	struct th_strlist lh = {0}, dot = {0};
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	char ip[TH_ADDR_STRLEN], nsname[TH_DNAME_STRLEN];

	for (size_t i = 0; i < nips; i++) {
		const struct th_answer *a = th_ev_reply(
		    ev, &ips[i].addr, TH_QF_PLAIN, &ev->domain, TH_T_SOA);
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;
		struct th_soa soa;

		if (!th_ev_reply_msg(a, &m) || m.rcode != TH_RCODE_NOERROR ||
		    !(m.flags & TH_MSG_AA))
			continue;
		ip_str(&ips[i].addr, ip, sizeof(ip));
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr)) {
			size_t k;

			if (rr.type != TH_T_SOA ||
			    !th_dname_equal(&rr.owner, &ev->domain) ||
			    th_msg_soa(&m, &rr, &soa) != 0)
				continue;
			th_dname_canonicalize(&soa.mname);
			if (th_dname_is_root(&soa.mname))
				th_strlist_add(&dot, ip);
			else if (th_dname_equal(&soa.mname, &localhost))
				th_strlist_add(&lh, ip);
			else {
				for (k = 0; k < nmn; k++)
					if (th_dname_equal(&mn[k].name,
					                   &soa.mname))
						break;
				if (k == nmn && nmn < Z01_MAXMNAME) {
					mn[nmn].name = soa.mname;
					mn[nmn].nserial = 0;
					nmn++;
				}
			}
			for (k = 0; k < nser; k++)
				if (serials[k] == soa.serial)
					break;
			if (k == nser && nser < Z01_MAXSERIAL)
				serials[nser++] = soa.serial;
		}
	}
	if (lh.n > 0)
		th_report_emit(ctx->rep, TH_TAG_ZONE01_Z01_MNAME_IS_LOCALHOST,
		               "ns_ip_list", th_strlist_join(&lh, &b), NULL);
	if (dot.n > 0)
		th_report_emit(ctx->rep, TH_TAG_ZONE01_Z01_MNAME_IS_DOT,
		               "ns_ip_list", th_strlist_join(&dot, &b), NULL);
	for (size_t i = 0; i < nmn; i++) {
		const struct th_ev_lookup *l = th_ev_lookup(ev, &mn[i].name, 0);

		th_ev_ns_str(&mn[i].name, NULL, nsname, sizeof(nsname));
		if (!in_ns_names(ev, &mn[i].name))
			th_report_emit(ctx->rep,
			               TH_TAG_ZONE01_Z01_MNAME_NOT_IN_NS_LIST,
			               "nsname", nsname, NULL);
		if (l == NULL)
			continue; /* not looked up: nothing to say */
		if (l->naddr == 0) {
			th_report_emit(ctx->rep,
			               TH_TAG_ZONE01_Z01_MNAME_NOT_RESOLVE,
			               "nsname", nsname, NULL);
			continue;
		}
		for (size_t k = 0; k < l->naddr; k++)
			z01_mname_addr(ctx, &mn[i], &l->addr[k], nsname);
	}
	z01_serials(ctx, mn, nmn, serials, nser);
	th_strlist_free(&lh);
	th_strlist_free(&dot);
	th_buf_free(&b);
}

/* ---- ZONE02-07: SOA timers and MNAME ------------------------------------- */

void
th_zone02(const struct th_engine_ctx *ctx)
{
	uint32_t min = ctx->conf->profile->zone02_refresh_min;
	struct th_soa soa;
	char v[16], req[16];

	if (!first_auth_soa(ctx->ev, &soa)) {
		th_report_emit(ctx->rep, TH_TAG_ZONE02_NO_RESPONSE_SOA_QUERY,
		               NULL);
		return;
	}
	snprintf(v, sizeof(v), "%u", soa.refresh);
	snprintf(req, sizeof(req), "%u", min);
	th_report_emit(ctx->rep,
	               soa.refresh < min
	                   ? TH_TAG_ZONE02_REFRESH_MINIMUM_VALUE_LOWER
	                   : TH_TAG_ZONE02_REFRESH_MINIMUM_VALUE_OK,
	               "refresh", v, "required_refresh", req, NULL);
}

void
th_zone03(const struct th_engine_ctx *ctx)
{
	struct th_soa soa;
	char refresh[16], retry[16];

	if (!first_auth_soa(ctx->ev, &soa)) {
		th_report_emit(ctx->rep, TH_TAG_ZONE03_NO_RESPONSE_SOA_QUERY,
		               NULL);
		return;
	}
	snprintf(refresh, sizeof(refresh), "%u", soa.refresh);
	snprintf(retry, sizeof(retry), "%u", soa.retry);
	th_report_emit(ctx->rep,
	               soa.retry >= soa.refresh
	                   ? TH_TAG_ZONE03_REFRESH_LOWER_THAN_RETRY
	                   : TH_TAG_ZONE03_REFRESH_HIGHER_THAN_RETRY,
	               "refresh", refresh, "retry", retry, NULL);
}

void
th_zone04(const struct th_engine_ctx *ctx)
{
	uint32_t min = ctx->conf->profile->zone04_retry_min;
	struct th_soa soa;
	char v[16], req[16];

	if (!first_auth_soa(ctx->ev, &soa)) {
		th_report_emit(ctx->rep, TH_TAG_ZONE04_NO_RESPONSE_SOA_QUERY,
		               NULL);
		return;
	}
	snprintf(v, sizeof(v), "%u", soa.retry);
	snprintf(req, sizeof(req), "%u", min);
	th_report_emit(ctx->rep,
	               soa.retry < min ? TH_TAG_ZONE04_RETRY_MINIMUM_VALUE_LOWER
	                               : TH_TAG_ZONE04_RETRY_MINIMUM_VALUE_OK,
	               "retry", v, "required_retry", req, NULL);
}

void
th_zone05(const struct th_engine_ctx *ctx)
{
	uint32_t min = ctx->conf->profile->zone05_expire_min;
	struct th_soa soa;
	char expire[16], refresh[16], req[16];

	if (!first_auth_soa(ctx->ev, &soa)) {
		th_report_emit(ctx->rep, TH_TAG_ZONE05_NO_RESPONSE_SOA_QUERY,
		               NULL);
		return;
	}
	snprintf(expire, sizeof(expire), "%u", soa.expire);
	snprintf(refresh, sizeof(refresh), "%u", soa.refresh);
	snprintf(req, sizeof(req), "%u", min);
	if (soa.expire < min)
		th_report_emit(ctx->rep,
		               TH_TAG_ZONE05_EXPIRE_MINIMUM_VALUE_LOWER,
		               "expire", expire, "required_expire", req, NULL);
	if (soa.expire < soa.refresh)
		th_report_emit(ctx->rep,
		               TH_TAG_ZONE05_EXPIRE_LOWER_THAN_REFRESH,
		               "expire", expire, "refresh", refresh, NULL);
	if (soa.expire >= min && soa.expire >= soa.refresh)
		th_report_emit(ctx->rep, TH_TAG_ZONE05_EXPIRE_MINIMUM_VALUE_OK,
		               "expire", expire, "refresh", refresh,
		               "required_expire", req, NULL);
}

void
th_zone06(const struct th_engine_ctx *ctx)
{
	const struct th_profile *p = ctx->conf->profile;
	struct th_soa soa;
	char v[16], lo[16], hi[16];

	if (!first_auth_soa(ctx->ev, &soa)) {
		th_report_emit(ctx->rep, TH_TAG_ZONE06_NO_RESPONSE_SOA_QUERY,
		               NULL);
		return;
	}
	snprintf(v, sizeof(v), "%u", soa.minimum);
	snprintf(lo, sizeof(lo), "%u", p->zone06_minimum_min);
	snprintf(hi, sizeof(hi), "%u", p->zone06_minimum_max);
	if (soa.minimum > p->zone06_minimum_max)
		th_report_emit(
		    ctx->rep,
		    TH_TAG_ZONE06_SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER,
		    "minimum", v, "highest_minimum", hi, NULL);
	else if (soa.minimum < p->zone06_minimum_min)
		th_report_emit(
		    ctx->rep, TH_TAG_ZONE06_SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER,
		    "minimum", v, "lowest_minimum", lo, NULL);
	else
		th_report_emit(ctx->rep,
		               TH_TAG_ZONE06_SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK,
		               "minimum", v, "highest_minimum", hi,
		               "lowest_minimum", lo, NULL);
}

void
th_zone07(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	const struct th_ev_lookup *l;
	struct th_soa soa;
	char mname[TH_DNAME_STRLEN];

	if (!first_auth_soa(ev, &soa)) {
		th_report_emit(ctx->rep, TH_TAG_ZONE07_NO_RESPONSE_SOA_QUERY,
		               NULL);
		return;
	}
	th_ev_ns_str(&soa.mname, NULL, mname, sizeof(mname));
	/* The A lookup tells whether the name is an alias; a lookup that
	 * failed says nothing either way (Zonemaster: no packet). */
	l = th_ev_lookup(ev, &soa.mname, TH_T_A);
	if (l != NULL && l->cnames > 0)
		th_report_emit(ctx->rep, TH_TAG_ZONE07_MNAME_IS_CNAME, "mname",
		               mname, NULL);
	else if (l != NULL &&
	         (l->status == TH_RES_ANSWER || l->status == TH_RES_NODATA ||
	          l->status == TH_RES_NXDOMAIN))
		th_report_emit(ctx->rep, TH_TAG_ZONE07_MNAME_IS_NOT_CNAME,
		               "mname", mname, NULL);
	l = th_ev_lookup(ev, &soa.mname, 0);
	if (l != NULL && l->naddr == 0)
		th_report_emit(ctx->rep, TH_TAG_ZONE07_MNAME_HAS_NO_ADDRESS,
		               "mname", mname, NULL);
}

/* ---- ZONE08 -------------------------------------------------------------- */

enum cname_verdict { CV_NONE, CV_NOT_CNAME, CV_CNAME };

/* What the zone's servers say about target: only AA answers count
 * (Zonemaster's query_auth); a CNAME in any of them makes an alias. */
static enum cname_verdict
target_cname(const struct th_evidence *ev, const struct th_addr *addrs,
             size_t n, const struct th_dname *target)
{
	enum cname_verdict v = CV_NONE;

	for (size_t i = 0; i < n; i++) {
		const struct th_answer *a =
		    th_ev_reply(ev, &addrs[i], TH_QF_PLAIN, target, TH_T_CNAME);
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;

		if (!th_ev_reply_msg(a, &m) || !(m.flags & TH_MSG_AA))
			continue;
		v = CV_NOT_CNAME;
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr))
			if (rr.type == TH_T_CNAME &&
			    th_dname_equal(&rr.owner, target))
				return CV_CNAME;
	}
	return v;
}

void
th_zone08(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_addr addrs[MAXIPS];
	size_t n = th_ev_addrs(ev, TH_EV_DEL | TH_EV_CHILD, addrs, MAXIPS);
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct th_answer *a = th_ev_reply(
		    ev, &addrs[i], TH_QF_PLAIN, &ev->domain, TH_T_MX);

		if (th_ev_reply_msg(a, &m) && (m.flags & TH_MSG_AA))
			break;
	}
	if (i == n) {
		th_report_emit(ctx->rep, TH_TAG_ZONE08_NO_RESPONSE_MX_QUERY,
		               NULL);
		return;
	}
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr)) {
		struct th_dname target;
		char t[TH_DNAME_STRLEN];
		enum cname_verdict v;

		if (rr.type != TH_T_MX ||
		    !th_dname_equal(&rr.owner, &ev->domain) ||
		    th_msg_rdata_name(&m, &rr, 2, &target, NULL) != 0)
			continue;
		v = target_cname(ev, addrs, n, &target);
		if (v == CV_NONE)
			continue;
		th_ev_ns_str(&target, NULL, t, sizeof(t));
		th_report_emit(ctx->rep,
		               v == CV_CNAME
		                   ? TH_TAG_ZONE08_MX_RECORD_IS_CNAME
		                   : TH_TAG_ZONE08_MX_RECORD_IS_NOT_CNAME,
		               "mailtarget", t, NULL);
	}
}

/* ---- ZONE09 -------------------------------------------------------------- */

#define Z09_MAXMX 64
#define Z09_MAXRCODE 16

struct mx {
	uint16_t pref;
	char name[TH_DNAME_STRLEN];
};

/* One distinct MX RRset and the servers that returned it. */
struct mxset {
	char *data; /* "10 mx1.example.se;20 mx2.example.se" */
	size_t nrec;
	bool null_mx, null_nonzero, other_mx;
	struct th_strlist ns;
};

static int
cmp_mx(const void *a, const void *b)
{
	const struct mx *x = a, *y = b;

	if (x->pref != y->pref)
		return x->pref < y->pref ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * The MX RRset of the domain in m, sorted by preference then exchange
 * (lower case), as one string, with its Null MX facts. Returns false when
 * the answer has no MX for the domain.
 */
static bool
mx_rrset(const struct th_msg *m, const struct th_dname *domain,
         struct th_buf *out, struct mxset *facts)
{
	struct mx *mx = malloc(Z09_MAXMX * sizeof(*mx));
	struct th_msg_iter it;
	struct th_rr rr;
	size_t n = 0;

	if (mx == NULL)
		return false;
	th_buf_reset(out);
	memset(facts, 0, sizeof(*facts));
	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr) && n < Z09_MAXMX) {
		struct th_dname ex;

		if (rr.type != TH_T_MX || !th_dname_equal(&rr.owner, domain) ||
		    rr.rdlen < 3 ||
		    th_msg_rdata_name(m, &rr, 2, &ex, NULL) != 0)
			continue;
		th_dname_canonicalize(&ex);
		mx[n].pref = (uint16_t)(th_msg_rdata(m, &rr)[0] << 8 |
		                        th_msg_rdata(m, &rr)[1]);
		th_ev_ns_str(&ex, NULL, mx[n].name, sizeof(mx[n].name));
		if (th_dname_is_root(&ex)) {
			facts->null_mx = true;
			facts->null_nonzero |= mx[n].pref != 0;
		} else
			facts->other_mx = true;
		n++;
	}
	qsort(mx, n, sizeof(mx[0]), cmp_mx);
	for (size_t i = 0; i < n; i++)
		if (th_buf_printf(out, "%s%u %s", i ? ";" : "", mx[i].pref,
		                  mx[i].name) != 0)
			break;
	facts->nrec = n;
	free(mx);
	return n > 0;
}

struct z09 {
	struct th_strlist noresp, nonauth, nomx;
	size_t nrcode;
	struct {
		unsigned rcode;
		struct th_strlist ns;
	} rcode[Z09_MAXRCODE];
	size_t nset;
	struct mxset *set; /* one per server at most */
};

/* Sort one server's MX answer into the sets of z. */
static void
z09_server(const struct th_evidence *ev, struct z09 *z,
           const struct th_ev_ip *ips, size_t nips, size_t i,
           struct th_buf *tmp)
{
	const struct th_addr *addr = &ips[i].addr;
	const struct th_answer *a;
	struct th_msg m;
	struct th_soa soa;
	struct mxset facts;
	size_t k;

	/* Only servers that answer the SOA query properly count. */
	a = th_ev_reply(ev, addr, TH_QF_PLAIN, &ev->domain, TH_T_SOA);
	if (!th_ev_reply_msg(a, &m) || m.rcode != TH_RCODE_NOERROR ||
	    !(m.flags & TH_MSG_AA) || !answer_soa(&m, &ev->domain, &soa))
		return;
	a = th_ev_reply(ev, addr, TH_QF_PLAIN, &ev->domain, TH_T_MX);
	if (a == NULL)
		return;
	if (!th_ev_reply_msg(a, &m)) {
		sl_add_server(&z->noresp, ips, nips, addr);
	} else if (m.rcode != TH_RCODE_NOERROR) {
		for (k = 0; k < z->nrcode; k++)
			if (z->rcode[k].rcode == m.rcode)
				break;
		if (k == z->nrcode && k < Z09_MAXRCODE) {
			z->rcode[k].rcode = m.rcode;
			z->nrcode++;
		}
		if (k < z->nrcode)
			sl_add_server(&z->rcode[k].ns, ips, nips, addr);
	} else if (!(m.flags & TH_MSG_AA)) {
		sl_add_server(&z->nonauth, ips, nips, addr);
	} else if (!mx_rrset(&m, &ev->domain, tmp, &facts)) {
		sl_add_server(&z->nomx, ips, nips, addr);
	} else {
		for (k = 0; k < z->nset; k++)
			if (strcmp(z->set[k].data, th_buf_str(tmp)) == 0)
				break;
		if (k == z->nset) {
			facts.data = strdup(th_buf_str(tmp));
			if (facts.data == NULL)
				return;
			z->set[z->nset++] = facts;
		}
		sl_add_server(&z->set[k].ns, ips, nips, addr);
	}
}

void
th_zone09(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip *ips = malloc(MAXIPS * sizeof(*ips));
	size_t nips;
	struct z09 z;
	struct th_buf b = TH_BUF_INIT(LISTMAX), b2 = TH_BUF_INIT(LISTMAX);
	char rc[16];

	memset(&z, 0, sizeof(z));
	if (ips == NULL)
		return;
	nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, MAXIPS);
	z.set = calloc(nips > 0 ? nips : 1, sizeof(*z.set));
	if (z.set == NULL) {
		free(ips);
		return;
	}
	for (size_t i = 0; i < nips; i++)
		if (!seen_before(ips, i))
			z09_server(ev, &z, ips, nips, i, &b);

	if (z.noresp.n > 0)
		th_report_emit(ctx->rep, TH_TAG_ZONE09_Z09_NO_RESPONSE_MX_QUERY,
		               "ns_list", th_strlist_join(&z.noresp, &b), NULL);
	for (size_t k = 0; k < z.nrcode; k++)
		th_report_emit(
		    ctx->rep, TH_TAG_ZONE09_Z09_UNEXPECTED_RCODE_MX, "rcode",
		    th_rcode_name(z.rcode[k].rcode, rc, sizeof(rc)), "ns_list",
		    th_strlist_join(&z.rcode[k].ns, &b), NULL);
	if (z.nonauth.n > 0)
		th_report_emit(ctx->rep, TH_TAG_ZONE09_Z09_NON_AUTH_MX_RESPONSE,
		               "ns_list", th_strlist_join(&z.nonauth, &b),
		               NULL);
	for (size_t k = 0; k < z.nset; k++)
		th_report_emit(ctx->rep, TH_TAG_ZONE09_Z09_MX_DATA,
		               "mxrdata_list", z.set[k].data, "ns_list",
		               th_strlist_join(&z.set[k].ns, &b), NULL);
	if (z.nomx.n > 0 && z.nset > 0) {
		struct th_strlist all = {0};

		for (size_t k = 0; k < z.nset; k++)
			for (size_t j = 0; j < z.set[k].ns.n; j++)
				th_strlist_add(&all, z.set[k].ns.v[j]);
		th_report_emit(ctx->rep, TH_TAG_ZONE09_Z09_INCONSISTENT_MX,
		               NULL);
		th_report_emit(ctx->rep, TH_TAG_ZONE09_Z09_NO_MX_FOUND,
		               "ns_list", th_strlist_join(&z.nomx, &b), NULL);
		th_report_emit(ctx->rep, TH_TAG_ZONE09_Z09_MX_FOUND, "ns_list",
		               th_strlist_join(&all, &b2), NULL);
		th_strlist_free(&all);
	}
	if (z.nset > 1) {
		th_report_emit(ctx->rep, TH_TAG_ZONE09_Z09_INCONSISTENT_MX_DATA,
		               NULL);
	} else if (z.nset == 1) {
		const struct mxset *s = &z.set[0];

		if (s->null_mx && s->nrec > 1)
			th_report_emit(ctx->rep,
			               TH_TAG_ZONE09_Z09_NULL_MX_WITH_OTHER_MX,
			               NULL);
		if (s->null_nonzero)
			th_report_emit(ctx->rep,
			               TH_TAG_ZONE09_Z09_NULL_MX_NON_ZERO_PREF,
			               NULL);
		if (s->other_mx && th_dname_is_root(&ev->domain))
			th_report_emit(ctx->rep,
			               TH_TAG_ZONE09_Z09_ROOT_EMAIL_DOMAIN,
			               NULL);
		else if (s->other_mx && th_dname_labels(&ev->domain) == 1)
			th_report_emit(
			    ctx->rep, TH_TAG_ZONE09_Z09_TLD_EMAIL_DOMAIN, NULL);
	}
	if (z.nomx.n > 0 && z.nset == 0)
		th_report_emit(ctx->rep,
		               non_mail_domain(&ev->domain)
		                   ? TH_TAG_ZONE09_Z09_NO_MX_FOUND
		                   : TH_TAG_ZONE09_Z09_MISSING_MAIL_TARGET,
		               "ns_list", th_strlist_join(&z.nomx, &b), NULL);

	th_strlist_free(&z.noresp);
	th_strlist_free(&z.nonauth);
	th_strlist_free(&z.nomx);
	for (size_t k = 0; k < z.nrcode; k++)
		th_strlist_free(&z.rcode[k].ns);
	for (size_t k = 0; k < z.nset; k++) {
		free(z.set[k].data);
		th_strlist_free(&z.set[k].ns);
	}
	free(z.set);
	free(ips);
	th_buf_free(&b);
	th_buf_free(&b2);
}

/* ---- ZONE10 -------------------------------------------------------------- */

void
th_zone10(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	size_t nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, MAXIPS);
	bool seen = false, other = false;
	char ns[NSSTR], dom[TH_DNAME_STRLEN], owner[TH_DNAME_STRLEN], num[16];

	th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
	for (size_t i = 0; i < nips; i++) {
		const struct th_answer *a = th_ev_reply(
		    ev, &ips[i].addr, TH_QF_PLAIN, &ev->domain, TH_T_SOA);
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;
		struct th_dname first = ev->domain;
		unsigned count = 0;

		if (a == NULL)
			continue;
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		if (!th_ev_reply_msg(a, &m)) {
			th_report_emit(ctx->rep, TH_TAG_ZONE10_NO_RESPONSE,
			               "ns", ns, NULL);
			other = true;
			continue;
		}
		seen = true;
		/* Every SOA in the answer, whatever its owner. */
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr))
			if (rr.type == TH_T_SOA && count++ == 0)
				first = rr.owner;
		if (count == 0) {
			th_report_emit(ctx->rep,
			               TH_TAG_ZONE10_NO_SOA_IN_RESPONSE, "ns",
			               ns, NULL);
			other = true;
		} else if (count > 1) {
			snprintf(num, sizeof(num), "%u", count);
			th_report_emit(ctx->rep, TH_TAG_ZONE10_MULTIPLE_SOA,
			               "ns", ns, "count", num, NULL);
			other = true;
		} else if (!th_dname_equal(&first, &ev->domain)) {
			th_dname_canonicalize(&first);
			th_ev_ns_str(&first, NULL, owner, sizeof(owner));
			th_report_emit(ctx->rep, TH_TAG_ZONE10_WRONG_SOA, "ns",
			               ns, "owner", owner, "domain", dom, NULL);
			other = true;
		}
	}
	if (seen && !other)
		th_report_emit(ctx->rep, TH_TAG_ZONE10_ONE_SOA, NULL);
}

/* ---- ZONE11 -------------------------------------------------------------- */

/* One server's SPF policies: the key is their sorted, length-prefixed
 * concatenation, so equal sets compare equal ("" when there is none). */
struct spfsrv {
	struct th_addr addr;
	size_t nspf;
	char *key;
	size_t keylen;
	char *spf; /* the first policy */
	size_t spflen;
};

struct bytes {
	char *p;
	size_t n;
};

static int
cmp_bytes(const void *a, const void *b)
{
	const struct bytes *x = a, *y = b;
	int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);

	return c != 0 ? c : (x->n > y->n) - (x->n < y->n);
}

/* "v=spf1" in any case, then a space or the end. */
static bool
is_spf(const char *s, size_t n)
{
	static const char v[] = "v=spf1";

	if (n < 6)
		return false;
	for (size_t i = 0; i < 6; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]) != v[i])
			return false;
	return n == 6 || s[6] == ' ';
}

/* "v=spf1 -all": a policy that permits no sender. */
static bool
is_null_spf(const char *s, size_t n)
{
	size_t i = 6;

	if (i < n && s[i] != ' ' && s[i] != '\t')
		return false;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (n - i < 4 || memcmp(s + i, "-all", 4) != 0)
		return false;
	for (i += 4; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* The lower-cased SPF policies of one TXT answer, keyed. */
static void
spf_collect(const struct th_msg *m, const struct th_dname *domain,
            struct spfsrv *s)
{
	struct bytes pol[16];
	size_t npol = 0;
	struct th_buf txt = TH_BUF_INIT(LISTMAX), key = TH_BUF_INIT(1 << 20);
	struct th_msg_iter it;
	struct th_rr rr;

	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr)) {
		const uint8_t *rd = th_msg_rdata(m, &rr);
		size_t i = 0;
		bool ok = true;

		if (rr.type != TH_T_TXT || !th_dname_equal(&rr.owner, domain))
			continue;
		/* RFC 7208 3.3: the strings of one record, concatenated. */
		th_buf_reset(&txt);
		while (i < rr.rdlen && ok) {
			size_t l = rd[i];

			ok = i + 1 + l <= rr.rdlen &&
			     th_buf_append(&txt, rd + i + 1, l) == 0;
			i += 1 + l;
		}
		if (!ok || !is_spf(th_buf_str(&txt), th_buf_len(&txt)))
			continue;
		s->nspf++;
		if (npol == sizeof(pol) / sizeof(pol[0]))
			continue;
		pol[npol].n = th_buf_len(&txt);
		if ((pol[npol].p = malloc(pol[npol].n + 1)) == NULL)
			continue;
		for (size_t k = 0; k < pol[npol].n; k++) {
			char c = (char)th_buf_data(&txt)[k];

			pol[npol].p[k] = c >= 'A' && c <= 'Z' ? c + 32 : c;
		}
		pol[npol].p[pol[npol].n] = '\0';
		npol++;
	}
	qsort(pol, npol, sizeof(pol[0]), cmp_bytes);
	for (size_t k = 0; k < npol; k++)
		if (th_buf_printf(&key, "<%zu>", pol[k].n) != 0 ||
		    th_buf_append(&key, pol[k].p, pol[k].n) != 0)
			break;
	s->keylen = th_buf_len(&key);
	s->key = (char *)th_buf_take(&key, NULL);
	if (npol > 0) {
		s->spf = pol[0].p;
		s->spflen = pol[0].n;
	}
	for (size_t k = 1; k < npol; k++)
		free(pol[k].p);
	th_buf_free(&txt);
	th_buf_free(&key);
}

static bool
same_key(const struct spfsrv *a, const struct spfsrv *b)
{
	return a->keylen == b->keylen &&
	       (a->keylen == 0 || memcmp(a->key, b->key, a->keylen) == 0);
}

/* ns_list of the servers with the key of like (any when NULL), or with
 * more than one policy (multiple). */
static const char *
spf_list(const struct spfsrv *srv, size_t n, const struct th_ev_ip *ips,
         size_t nips, const struct spfsrv *like, bool multiple,
         struct th_buf *out)
{
	struct th_strlist l = {0};
	const char *s;

	for (size_t i = 0; i < n; i++)
		if ((like == NULL || same_key(&srv[i], like)) &&
		    (!multiple || srv[i].nspf > 1))
			sl_add_server(&l, ips, nips, &srv[i].addr);
	s = th_strlist_join(&l, out);
	th_strlist_free(&l);
	return s;
}

static void
z11_verdict(const struct th_engine_ctx *ctx, const struct spfsrv *srv, size_t n,
            const struct th_ev_ip *ips, size_t nips)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	char dom[TH_DNAME_STRLEN], why[160];
	bool any = false, differ = false, multiple = false;

	th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
	for (size_t i = 0; i < n; i++) {
		any |= srv[i].keylen > 0;
		differ |= !same_key(&srv[i], &srv[0]);
		multiple |= srv[i].nspf > 1;
	}
	if (!any) {
		th_report_emit(ctx->rep,
		               non_mail_domain(&ev->domain)
		                   ? TH_TAG_ZONE11_Z11_NO_SPF_NON_MAIL_DOMAIN
		                   : TH_TAG_ZONE11_Z11_NO_SPF_FOUND,
		               "domain", dom, NULL);
	} else if (differ) {
		th_report_emit(ctx->rep,
		               TH_TAG_ZONE11_Z11_INCONSISTENT_SPF_POLICIES,
		               NULL);
		/* One message per group of servers with the same policies. */
		for (size_t i = 0; i < n; i++) {
			bool first = true;

			for (size_t j = 0; j < i && first; j++)
				first = !same_key(&srv[j], &srv[i]);
			if (first)
				th_report_emit(
				    ctx->rep,
				    TH_TAG_ZONE11_Z11_DIFFERENT_SPF_POLICIES_FOUND,
				    "ns_list",
				    spf_list(srv, n, ips, nips, &srv[i], false,
				             &b),
				    NULL);
		}
	} else if (multiple) {
		th_report_emit(
		    ctx->rep, TH_TAG_ZONE11_Z11_SPF_MULTIPLE_RECORDS, "ns_list",
		    spf_list(srv, n, ips, nips, NULL, true, &b), NULL);
	} else if (th_spf_check(srv[0].spf, srv[0].spflen, why, sizeof(why)) !=
	           0) {
		th_report_emit(ctx->rep, TH_TAG_ZONE11_Z11_SPF_SYNTAX_ERROR,
		               "domain", dom, "ns_list",
		               spf_list(srv, n, ips, nips, NULL, false, &b),
		               "spf_error", why, NULL);
	} else if (!non_mail_domain(&ev->domain)) {
		th_report_emit(ctx->rep, TH_TAG_ZONE11_Z11_SPF_SYNTAX_OK,
		               "domain", dom, NULL);
	} else {
		th_report_emit(
		    ctx->rep,
		    is_null_spf(srv[0].spf, srv[0].spflen)
		        ? TH_TAG_ZONE11_Z11_NULL_SPF_NON_MAIL_DOMAIN
		        : TH_TAG_ZONE11_Z11_NON_NULL_SPF_NON_MAIL_DOMAIN,
		    "domain", dom, NULL);
	}
	th_buf_free(&b);
}

void
th_zone11(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip *ips = malloc(MAXIPS * sizeof(*ips));
	struct spfsrv *srv;
	size_t nips, n = 0;

	if (ips == NULL)
		return;
	nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, MAXIPS);
	srv = calloc(nips > 0 ? nips : 1, sizeof(*srv));
	if (srv == NULL) {
		free(ips);
		return;
	}
	for (size_t i = 0; i < nips; i++) {
		const struct th_answer *a;
		struct th_msg m;

		if (seen_before(ips, i))
			continue;
		a = th_ev_reply(ev, &ips[i].addr, TH_QF_PLAIN, &ev->domain,
		                TH_T_TXT);
		if (!th_ev_reply_msg(a, &m) || m.rcode != TH_RCODE_NOERROR ||
		    !(m.flags & TH_MSG_AA))
			continue;
		srv[n].addr = ips[i].addr;
		spf_collect(&m, &ev->domain, &srv[n]);
		n++;
	}
	if (n == 0)
		th_report_emit(ctx->rep,
		               TH_TAG_ZONE11_Z11_UNABLE_TO_CHECK_FOR_SPF, NULL);
	else
		z11_verdict(ctx, srv, n, ips, nips);
	for (size_t i = 0; i < n; i++) {
		free(srv[i].key);
		free(srv[i].spf);
	}
	free(srv);
	free(ips);
}

/* ---- module -------------------------------------------------------------- */

void
th_zone_run(const struct th_engine_ctx *ctx)
{
	const struct th_profile *p = ctx->conf->profile;
	static void (*const soa_tcs[])(const struct th_engine_ctx *) = {
	    th_zone02, th_zone03, th_zone04, th_zone05, th_zone06, th_zone07};
	static const enum th_tag no_soa[] = {
	    TH_TAG_ZONE02_NO_RESPONSE_SOA_QUERY,
	    TH_TAG_ZONE03_NO_RESPONSE_SOA_QUERY,
	    TH_TAG_ZONE04_NO_RESPONSE_SOA_QUERY,
	    TH_TAG_ZONE05_NO_RESPONSE_SOA_QUERY,
	    TH_TAG_ZONE06_NO_RESPONSE_SOA_QUERY,
	    TH_TAG_ZONE07_NO_RESPONSE_SOA_QUERY};
	bool soa_ok = true;

	if (p->enabled[TH_TC_ZONE01])
		th_zone01(ctx);
	for (size_t i = 0; i < 6; i++)
		if (p->enabled[TH_TC_ZONE02 + i])
			soa_tcs[i](ctx);
	if (p->enabled[TH_TC_ZONE08])
		th_zone08(ctx);
	/* Zonemaster's Zone::all: no MX answer, no ZONE09; no SOA answer,
	 * no ZONE10 and ZONE11. */
	if (p->enabled[TH_TC_ZONE09] &&
	    !th_report_has(ctx->rep, TH_TAG_ZONE08_NO_RESPONSE_MX_QUERY))
		th_zone09(ctx);
	for (size_t i = 0; i < 6; i++)
		soa_ok &= !th_report_has(ctx->rep, no_soa[i]);
	if (!soa_ok)
		return;
	if (p->enabled[TH_TC_ZONE10])
		th_zone10(ctx);
	if (p->enabled[TH_TC_ZONE11])
		th_zone11(ctx);
}
