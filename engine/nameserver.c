/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nameserver.c -- NAMESERVER01-13 and 15 over the evidence (see
 * nameserver.h and the catalogue, section 2.7; Zonemaster's Nameserver-TP
 * specifications and Test/Nameserver.pm).
 *
 * The evidence each test case reads (the probe's side questions, asked of
 * every address of both NS sets; "zone" is ev->domain):
 *
 *   NAMESERVER01  PLAIN A of xn--nameservertest.iis.se, .icann.org and
 *                 .ripe.net
 *   NAMESERVER02  EDNS SOA of the zone; PLAIN SOA of the zone when the
 *                 EDNS query got no response
 *   NAMESERVER03  TCP AXFR of the zone (th_answer_next_msg walks the
 *                 transfer's messages; the first record decides)
 *   NAMESERVER04  PLAIN SOA of the zone
 *   NAMESERVER05  PLAIN A and AAAA of the zone
 *   NAMESERVER06  no reply: the NS names' addresses (naddr, nchild) and,
 *                 after a spent budget, the address lookups made
 *   NAMESERVER07  PLAIN NS of "." (nothing for the root zone)
 *   NAMESERVER08  CASE1 SOA of www.<zone>
 *   NAMESERVER09  CASE1 and CASE2 SOA of www.<zone> (keyed by the plain
 *                 name; th_qflavor_case tells the case that was sent)
 *   NAMESERVER10  EDNS and EDNS1 SOA of the zone
 *   NAMESERVER11  EDNS and EDNSOPT SOA of the zone
 *   NAMESERVER12  EDNSZ SOA of the zone
 *   NAMESERVER13  DO512 SOA of the zone (UDP only: TC stays in the answer)
 *   NAMESERVER15  PLAIN SOA of the zone, then CHAOS TXT of version.bind
 *                 and version.server
 *
 * A reply that is missing (never asked: the budget ran out, or the probe
 * did not ask) gives no verdict for that server. Any outcome other than
 * ANSWER with a well-formed message is "no response", as for Zonemaster,
 * whose resolver returns nothing for a timeout or an unparsable packet.
 *
 * NAMESERVER04: the transport matches every answer's source address and
 * port with the server asked and drops anything else, so an answer sent
 * from another address never reaches the evidence: it shows as a timeout.
 * DIFFERENT_SOURCE_IP is therefore never emitted; SAME_SOURCE_IP is, when
 * at least one server answered (each answer in the evidence did come from
 * the address asked).
 *
 * Where the specification and Zonemaster's code differ, the specification
 * is followed: an answer to an EDNS query counts as good only with an OPT
 * record (NAMESERVER02/12/13; the code accepts its absence), and
 * N10_UNEXPECTED_RCODE names the RCODE of the version 1 answer (the code
 * names the version 0 one's, always NOERROR).
 */
#include "engine/nameserver.h"

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
#define ALLNS (TH_EV_DEL | TH_EV_CHILD)
/* The option code NAMESERVER11 sends (unassigned). */
#define N11_OPTION 137

/* ---- helpers ------------------------------------------------------------ */

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
ns_str(const struct th_ev_ip *ip, char *dst, size_t size)
{
	th_ev_ns_str(&ip->ns->name, &ip->addr, dst, size);
}

enum qstate { QS_NOT_SENT, QS_NO_RESPONSE, QS_ANSWER };

static enum qstate
reply(const struct th_evidence *ev, const struct th_addr *server,
      enum th_qflavor f, const struct th_dname *qname, uint16_t qtype,
      struct th_msg *m)
{
	const struct th_answer *a = th_ev_reply(ev, server, f, qname, qtype);

	if (a == NULL)
		return QS_NOT_SENT;
	return th_ev_reply_msg(a, m) ? QS_ANSWER : QS_NO_RESPONSE;
}

/* IPV4_DISABLED / IPV6_DISABLED for every pair not queried. */
static void
report_disabled(const struct th_engine_ctx *ctx, enum th_tag v4, enum th_tag v6,
                const char *rrtype)
{
	struct th_ev_ip ips[MAXIPS];
	size_t n = th_ev_disabled_ips(ctx->ev, ips, MAXIPS);
	char ns[NSSTR];

	for (size_t i = 0; i < n; i++) {
		ns_str(&ips[i], ns, sizeof(ns));
		th_report_emit(ctx->rep,
		               ips[i].addr.family == TH_AF_INET6 ? v6 : v4,
		               "ns", ns, "rrtype", rrtype, NULL);
	}
}

/* "www.<zone>" (false when too long). */
static bool
www_name(const struct th_evidence *ev, struct th_dname *out)
{
	enum th_dname_reason why;

	return th_dname_parse(out, "www", 3, &ev->domain, &why) == 0;
}

/* A name as Zonemaster prints a query name: case kept, no final dot. */
static void
name_str(const struct th_dname *n, char *dst, size_t size)
{
	th_ev_ns_str(n, NULL, dst, size);
}

/* Lists of addresses per RCODE (N10/N11_UNEXPECTED_RCODE). */
#define RCLISTS 8

struct rclists {
	size_t n;
	uint16_t rcode[RCLISTS];
	struct th_strlist ips[RCLISTS];
};

static void
rclists_add(struct rclists *r, uint16_t rcode, const char *ip)
{
	size_t k;

	for (k = 0; k < r->n; k++)
		if (r->rcode[k] == rcode)
			break;
	if (k == r->n) {
		if (r->n == RCLISTS)
			return;
		r->rcode[r->n++] = rcode;
	}
	th_strlist_add(&r->ips[k], ip);
}

/* One message per RCODE, in RCODE order. */
static void
rclists_emit(const struct th_engine_ctx *ctx, struct rclists *r,
             enum th_tag tag, struct th_buf *b)
{
	bool done[RCLISTS] = {false};
	char rc[16];

	for (size_t i = 0; i < r->n; i++) {
		size_t best = r->n;

		for (size_t k = 0; k < r->n; k++)
			if (!done[k] &&
			    (best == r->n || r->rcode[k] < r->rcode[best]))
				best = k;
		done[best] = true;
		th_report_emit(ctx->rep, tag, "rcode",
		               th_rcode_name(r->rcode[best], rc, sizeof(rc)),
		               "ns_ip_list", th_strlist_join(&r->ips[best], b),
		               NULL);
	}
	for (size_t k = 0; k < r->n; k++)
		th_strlist_free(&r->ips[k]);
	r->n = 0;
}

/* Emit tag with one list argument when the list is not empty. */
static void
emit_list(const struct th_engine_ctx *ctx, enum th_tag tag, const char *key,
          struct th_strlist *l, struct th_buf *b)
{
	if (l->n > 0)
		th_report_emit(ctx->rep, tag, key, th_strlist_join(l, b), NULL);
	th_strlist_free(l);
}

/* The list sorted and joined with commas, as Zonemaster writes "names". */
static const char *
join_commas(struct th_strlist *l, struct th_buf *b)
{
	th_strlist_join(l, b); /* sorts l */
	th_buf_reset(b);
	for (size_t i = 0; i < l->n; i++)
		if (th_buf_printf(b, "%s%s", i > 0 ? "," : "", l->v[i]) != 0)
			break;
	return th_buf_str(b);
}

/* ---- NAMESERVER01 ------------------------------------------------------- */

static const char *const ns01_names[] = {
    "xn--nameservertest.iis.se",
    "xn--nameservertest.icann.org",
    "xn--nameservertest.ripe.net",
};

#define N01 (sizeof(ns01_names) / sizeof(ns01_names[0]))

/*
 * RA in any answer, or NXDOMAIN in every answer, makes a recursor. The
 * NXDOMAIN rule needs all three replies in the evidence: a name never
 * asked could have been answered otherwise. NO_RECURSOR needs all three
 * answered.
 */
void
th_nameserver01(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	struct th_dname names[N01];
	size_t n;
	char ns[NSSTR];

	for (size_t k = 0; k < N01; k++) {
		enum th_dname_reason why;

		if (th_dname_parse(&names[k], ns01_names[k],
		                   strlen(ns01_names[k]), NULL, &why) != 0)
			return;
	}
	report_disabled(ctx, TH_TAG_NAMESERVER01_IPV4_DISABLED,
	                TH_TAG_NAMESERVER01_IPV6_DISABLED, "A");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		unsigned answers = 0, nx = 0;
		bool ra = false, missing = false, silent = false;

		ns_str(&ips[i], ns, sizeof(ns));
		for (size_t k = 0; k < N01; k++) {
			struct th_msg m;

			switch (reply(ev, &ips[i].addr, TH_QF_PLAIN, &names[k],
			              TH_T_A, &m)) {
			case QS_NOT_SENT:
				missing = true;
				break;
			case QS_NO_RESPONSE:
				silent = true;
				th_report_emit(
				    ctx->rep, TH_TAG_NAMESERVER01_NO_RESPONSE,
				    "ns", ns, "domain", ns01_names[k], NULL);
				break;
			case QS_ANSWER:
				answers++;
				ra |= (m.flags & TH_MSG_RA) != 0;
				nx += m.rcode == TH_RCODE_NXDOMAIN;
				break;
			}
		}
		if (ra || (!missing && answers > 0 && nx == answers))
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER01_IS_A_RECURSOR, "ns",
			               ns, NULL);
		else if (!missing && !silent)
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER01_NO_RECURSOR, "ns",
			               ns, NULL);
	}
}

/* ---- NAMESERVER02 ------------------------------------------------------- */

void
th_nameserver02(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	const struct th_dname *zone = &ev->domain;
	struct th_ev_ip ips[MAXIPS];
	struct th_strlist seen = TH_STRLIST_INIT;
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	size_t n;
	unsigned errors = 0;
	char ns[NSSTR], dom[TH_DNAME_STRLEN];

	name_lc(zone, dom, sizeof(dom));
	report_disabled(ctx, TH_TAG_NAMESERVER02_IPV4_DISABLED,
	                TH_TAG_NAMESERVER02_IPV6_DISABLED, "SOA");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		const struct th_addr *ip = &ips[i].addr;
		struct th_msg m, plain;
		enum qstate st = reply(ev, ip, TH_QF_EDNS, zone, TH_T_SOA, &m);
		enum th_tag tag;

		if (st == QS_NOT_SENT)
			continue;
		ns_str(&ips[i], ns, sizeof(ns));
		if (st == QS_NO_RESPONSE) {
			st = reply(ev, ip, TH_QF_PLAIN, zone, TH_T_SOA, &plain);
			if (st == QS_NOT_SENT)
				continue;
			th_report_emit(ctx->rep,
			               st == QS_ANSWER
			                   ? TH_TAG_NAMESERVER02_BREAKS_ON_EDNS
			                   : TH_TAG_NAMESERVER02_NO_RESPONSE,
			               "ns", ns, "domain", dom, NULL);
			errors++;
			th_strlist_add(&seen, ns);
			continue;
		}
		th_strlist_add(&seen, ns);
		if (m.rcode == TH_RCODE_FORMERR && !m.has_opt) {
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER02_NO_EDNS_SUPPORT,
			               "ns", ns, NULL);
			errors++;
			continue;
		}
		if (m.rcode == TH_RCODE_NOERROR && m.has_opt &&
		    m.edns_version == 0 &&
		    th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_SOA, zone))
			continue;
		if (m.rcode == TH_RCODE_NOERROR && !m.has_opt)
			tag = TH_TAG_NAMESERVER02_EDNS_RESPONSE_WITHOUT_EDNS;
		else if (m.rcode == TH_RCODE_NOERROR && m.edns_version != 0)
			tag = TH_TAG_NAMESERVER02_EDNS_VERSION_ERROR;
		else
			tag = TH_TAG_NAMESERVER02_NS_ERROR;
		if (tag == TH_TAG_NAMESERVER02_NS_ERROR)
			th_report_emit(ctx->rep, tag, "ns", ns, NULL);
		else
			th_report_emit(ctx->rep, tag, "ns", ns, "domain", dom,
			               NULL);
		errors++;
	}
	if (seen.n > 0 && errors == 0)
		th_report_emit(ctx->rep, TH_TAG_NAMESERVER02_EDNS0_SUPPORT,
		               "ns_list", th_strlist_join(&seen, &b), NULL);
	th_strlist_free(&seen);
	th_buf_free(&b);
}

/* ---- NAMESERVER03 ------------------------------------------------------- */

/*
 * The first record of the transfer decides: an SOA means the transfer is
 * open. No answer, an RCODE other than NOERROR or no record at all is a
 * refused transfer; a first record of another type is neither (as for
 * Zonemaster, whose transfer then ends without an error).
 */
void
th_nameserver03(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	size_t n;
	char ns[NSSTR];

	report_disabled(ctx, TH_TAG_NAMESERVER03_IPV4_DISABLED,
	                TH_TAG_NAMESERVER03_IPV6_DISABLED, "AXFR");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		const struct th_answer *a = th_ev_reply(
		    ev, &ips[i].addr, TH_QF_TCP, &ev->domain, TH_T_AXFR);
		const uint8_t *wire;
		size_t off = 0, len;
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;
		bool failed = true, open = false;

		if (a == NULL)
			continue;
		if (a->outcome == TH_OUT_ANSWER &&
		    th_answer_next_msg(a, &off, &wire, &len) &&
		    th_msg_parse(&m, wire, len, NULL) == 0 &&
		    m.rcode == TH_RCODE_NOERROR) {
			th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
			if (th_msg_iter_next(&it, &rr)) {
				failed = false;
				open = rr.type == TH_T_SOA;
			}
		}
		ns_str(&ips[i], ns, sizeof(ns));
		if (failed)
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER03_AXFR_FAILURE, "ns",
			               ns, NULL);
		else if (open)
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER03_AXFR_AVAILABLE, "ns",
			               ns, NULL);
	}
}

/* ---- NAMESERVER04 ------------------------------------------------------- */

void
th_nameserver04(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	struct th_strlist answered = TH_STRLIST_INIT;
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	size_t n;
	char ns[NSSTR];

	report_disabled(ctx, TH_TAG_NAMESERVER04_IPV4_DISABLED,
	                TH_TAG_NAMESERVER04_IPV6_DISABLED, "SOA");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m;

		if (reply(ev, &ips[i].addr, TH_QF_PLAIN, &ev->domain, TH_T_SOA,
		          &m) != QS_ANSWER)
			continue;
		ns_str(&ips[i], ns, sizeof(ns));
		th_strlist_add(&answered, ns);
	}
	if (answered.n > 0)
		th_report_emit(ctx->rep, TH_TAG_NAMESERVER04_SAME_SOURCE_IP,
		               "names", join_commas(&answered, &b), NULL);
	th_strlist_free(&answered);
	th_buf_free(&b);
}

/* ---- NAMESERVER05 ------------------------------------------------------- */

/*
 * AAAA records whose RDATA is not 16 octets make the message unparsable
 * (the transport keeps it as MALFORMED, reason BAD_RDATA): walk its
 * answer section leniently and report each length. Returns how many.
 */
static unsigned
bad_aaaa(const struct th_engine_ctx *ctx, const struct th_answer *a,
         const char *ns)
{
	const uint8_t *w = a->wire;
	size_t len = a->len, off = TH_MSG_HDRLEN;
	unsigned qd, an, found = 0;
	struct th_dname name;
	char length[16];

	if (len < TH_MSG_HDRLEN)
		return 0;
	qd = (unsigned)(w[4] << 8 | w[5]);
	an = (unsigned)(w[6] << 8 | w[7]);
	for (unsigned q = 0; q < qd; q++) {
		if (th_dname_read(&name, w, len, off, &off) != 0 ||
		    len - off < 4)
			return found;
		off += 4;
	}
	for (unsigned r = 0; r < an; r++) {
		unsigned type, rdlen;

		if (th_dname_read(&name, w, len, off, &off) != 0 ||
		    len - off < 10)
			return found;
		type = (unsigned)(w[off] << 8 | w[off + 1]);
		rdlen = (unsigned)(w[off + 8] << 8 | w[off + 9]);
		off += 10;
		if (len - off < rdlen)
			return found;
		if (type == TH_T_AAAA && rdlen != 16) {
			snprintf(length, sizeof(length), "%u", rdlen);
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER05_AAAA_BAD_RDATA, "ns",
			               ns, "length", length, NULL);
			found++;
		}
		off += rdlen;
	}
	return found;
}

void
th_nameserver05(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	const struct th_dname *zone = &ev->domain;
	struct th_ev_ip ips[MAXIPS];
	struct th_strlist judged = TH_STRLIST_INIT;
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	unsigned issues = 0, good = 0;
	size_t n;
	char ns[NSSTR], dom[TH_DNAME_STRLEN], rc[16];

	name_lc(zone, dom, sizeof(dom));
	report_disabled(ctx, TH_TAG_NAMESERVER05_IPV4_DISABLED,
	                TH_TAG_NAMESERVER05_IPV6_DISABLED, "A");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		const struct th_addr *ip = &ips[i].addr;
		const struct th_answer *a;
		struct th_msg m;
		enum qstate st = reply(ev, ip, TH_QF_PLAIN, zone, TH_T_A, &m);
		struct th_msg_iter it;
		struct th_rr rr;

		if (st == QS_NOT_SENT)
			continue;
		ns_str(&ips[i], ns, sizeof(ns));
		if (st == QS_NO_RESPONSE) {
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER05_NO_RESPONSE, "ns",
			               ns, "domain", dom, NULL);
			th_strlist_add(&judged, ns);
			continue;
		}
		if (m.rcode != TH_RCODE_NOERROR) {
			th_report_emit(
			    ctx->rep, TH_TAG_NAMESERVER05_A_UNEXPECTED_RCODE,
			    "ns", ns, "rcode",
			    th_rcode_name(m.rcode, rc, sizeof(rc)), NULL);
			th_strlist_add(&judged, ns);
			continue;
		}
		a = th_ev_reply(ev, ip, TH_QF_PLAIN, zone, TH_T_AAAA);
		if (a == NULL)
			continue;
		th_strlist_add(&judged, ns);
		if (a->outcome == TH_OUT_MALFORMED &&
		    a->reason == TH_MSG_BAD_RDATA && bad_aaaa(ctx, a, ns) > 0) {
			issues++;
		} else if (!th_ev_reply_msg(a, &m)) {
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER05_AAAA_QUERY_DROPPED,
			               "ns", ns, NULL);
			issues++;
		} else if (m.rcode != TH_RCODE_NOERROR) {
			th_report_emit(
			    ctx->rep, TH_TAG_NAMESERVER05_AAAA_UNEXPECTED_RCODE,
			    "ns", ns, "rcode",
			    th_rcode_name(m.rcode, rc, sizeof(rc)), NULL);
			issues++;
		} else {
			/* Parsed, so every AAAA has 16 octets. */
			th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
			while (th_msg_iter_next(&it, &rr))
				good += rr.type == TH_T_AAAA;
		}
	}
	if (good > 0 && issues == 0)
		th_report_emit(ctx->rep,
		               TH_TAG_NAMESERVER05_AAAA_WELL_PROCESSED,
		               "ns_list", th_strlist_join(&judged, &b), NULL);
	th_strlist_free(&judged);
	th_buf_free(&b);
}

/* ---- NAMESERVER06 ------------------------------------------------------- */

/*
 * Names of both NS sets without any address (glue, resolved, or given by
 * the zone's servers). After a spent budget, a name without glue whose
 * lookup was never made is unknown, not unresolvable.
 */
void
th_nameserver06(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_strlist without = TH_STRLIST_INIT;
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	unsigned with = 0;
	char name[TH_DNAME_STRLEN];

	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *ns = &ev->ns.ns[i];

		if (!(ns->src & ALLNS))
			continue;
		if (ns->naddr > 0 || ns->nchild > 0) {
			with++;
			continue;
		}
		if (ev->budget_exceeded && !ns->glue &&
		    th_ev_lookup(ev, &ns->name, 0) == NULL)
			continue;
		name_lc(&ns->name, name, sizeof(name));
		th_strlist_add(&without, name);
	}
	if (without.n > 0 && with > 0) {
		th_report_emit(
		    ctx->rep, TH_TAG_NAMESERVER06_CAN_NOT_BE_RESOLVED,
		    "nsname_list", th_strlist_join(&without, &b), NULL);
	} else if (without.n > 0) {
		th_report_emit(ctx->rep, TH_TAG_NAMESERVER06_NO_RESOLUTION,
		               "names", join_commas(&without, &b), NULL);
	} else if (with > 0) {
		th_report_emit(ctx->rep, TH_TAG_NAMESERVER06_CAN_BE_RESOLVED,
		               NULL);
	}
	th_strlist_free(&without);
	th_buf_free(&b);
}

/* ---- NAMESERVER07 ------------------------------------------------------- */

void
th_nameserver07(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	struct th_strlist names = TH_STRLIST_INIT;
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	struct th_dname root;
	unsigned errors = 0;
	size_t n;
	char ns[NSSTR], name[TH_DNAME_STRLEN];

	if (th_dname_is_root(&ev->domain)) {
		th_report_emit(ctx->rep,
		               TH_TAG_NAMESERVER07_UPWARD_REFERRAL_IRRELEVANT,
		               NULL);
		return;
	}
	th_dname_set_root(&root);
	report_disabled(ctx, TH_TAG_NAMESERVER07_IPV4_DISABLED,
	                TH_TAG_NAMESERVER07_IPV6_DISABLED, "NS");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m;
		enum qstate st =
		    reply(ev, &ips[i].addr, TH_QF_PLAIN, &root, TH_T_NS, &m);

		if (st == QS_NOT_SENT)
			continue;
		if (st == QS_ANSWER &&
		    th_msg_has_rr(&m, TH_SEC_AUTHORITY, TH_T_NS, NULL)) {
			ns_str(&ips[i], ns, sizeof(ns));
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER07_UPWARD_REFERRAL,
			               "ns", ns, NULL);
			errors++;
		}
		name_lc(&ips[i].ns->name, name, sizeof(name));
		th_strlist_add(&names, name);
	}
	if (names.n > 0 && errors == 0)
		th_report_emit(ctx->rep, TH_TAG_NAMESERVER07_NO_UPWARD_REFERRAL,
		               "nsname_list", th_strlist_join(&names, &b),
		               NULL);
	th_strlist_free(&names);
	th_buf_free(&b);
}

/* ---- NAMESERVER08 ------------------------------------------------------- */

/* The echoed question must be octet for octet the name sent. */
void
th_nameserver08(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	struct th_dname www, sent;
	size_t n;
	char ns[NSSTR], dom[TH_DNAME_STRLEN];

	if (!www_name(ev, &www))
		return;
	th_qflavor_case(TH_QF_CASE1, &www, &sent);
	name_str(&sent, dom, sizeof(dom));
	report_disabled(ctx, TH_TAG_NAMESERVER08_IPV4_DISABLED,
	                TH_TAG_NAMESERVER08_IPV6_DISABLED, "SOA");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m;
		bool same;

		if (reply(ev, &ips[i].addr, TH_QF_CASE1, &www, TH_T_SOA, &m) !=
		        QS_ANSWER ||
		    m.qdcount == 0)
			continue;
		same = m.qname.len == sent.len &&
		       memcmp(m.qname.wire, sent.wire, sent.len) == 0;
		ns_str(&ips[i], ns, sizeof(ns));
		th_report_emit(ctx->rep,
		               same
		                   ? TH_TAG_NAMESERVER08_QNAME_CASE_SENSITIVE
		                   : TH_TAG_NAMESERVER08_QNAME_CASE_INSENSITIVE,
		               "ns", ns, "domain", dom, NULL);
	}
}

/* ---- NAMESERVER09 ------------------------------------------------------- */

/* A name in RDATA, decompressed and lower-cased, appended to out. */
static bool
canon_name(const struct th_msg *m, const struct th_rr *rr, size_t rel,
           size_t *next, struct th_buf *out)
{
	struct th_dname d;

	if (th_msg_rdata_name(m, rr, rel, &d, next) != 0)
		return false;
	th_dname_canonicalize(&d);
	return th_buf_append(out, d.wire, d.len) == 0;
}

/*
 * One record in a form that ignores letter case and compression, as
 * Zonemaster compares lower-cased presentation forms: owner, type, class,
 * TTL, RDATA with its names expanded (types whose RDATA holds names the
 * parser knows; other RDATA as it is), hex-encoded.
 */
static void
canon_rr(const struct th_msg *m, const struct th_rr *rr, struct th_buf *hex)
{
	struct th_buf raw = TH_BUF_INIT(TH_MSG_MAXLEN);
	struct th_dname owner = rr->owner;
	const uint8_t *rd = th_msg_rdata(m, rr);
	size_t next = 0;
	bool ok = true;

	th_dname_canonicalize(&owner);
	ok &= th_buf_append(&raw, owner.wire, owner.len) == 0;
	ok &= th_buf_append_u16(&raw, rr->type) == 0;
	ok &= th_buf_append_u16(&raw, rr->rclass) == 0;
	ok &= th_buf_append_u32(&raw, rr->ttl) == 0;
	switch (rr->type) {
	case TH_T_NS:
	case TH_T_CNAME:
	case TH_T_PTR:
	case TH_T_DNAME:
		ok &= canon_name(m, rr, 0, &next, &raw);
		break;
	case TH_T_MX:
		ok &= th_buf_append(&raw, rd, 2) == 0 &&
		      canon_name(m, rr, 2, &next, &raw);
		break;
	case TH_T_SOA:
		ok &= canon_name(m, rr, 0, &next, &raw) &&
		      canon_name(m, rr, next, &next, &raw) &&
		      next + 20 <= rr->rdlen &&
		      th_buf_append(&raw, rd + next, 20) == 0;
		break;
	default:
		ok &= th_buf_append(&raw, rd, rr->rdlen) == 0;
		break;
	}
	th_buf_reset(hex);
	if (!ok) {
		/* Names the parser let through but that do not read back:
		 * compare the octets as they are. */
		th_buf_reset(&raw);
		if (th_buf_append(&raw, rd, rr->rdlen) != 0)
			th_buf_reset(&raw);
	}
	if (th_buf_append_hex(hex, th_buf_data(&raw), th_buf_len(&raw)) != 0)
		th_buf_reset(hex); /* compares as an unreadable record */
	th_buf_free(&raw);
}

/* The answer section, sorted, as one string in out. */
static void
canon_answer(const struct th_msg *m, struct th_buf *out)
{
	struct th_strlist rrs = TH_STRLIST_INIT;
	struct th_buf one = TH_BUF_INIT(2 * TH_MSG_MAXLEN + 64);
	struct th_msg_iter it;
	struct th_rr rr;

	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr)) {
		canon_rr(m, &rr, &one);
		(void)th_strlist_push(&rrs, th_buf_str(&one));
	}
	th_strlist_join(&rrs, out);
	th_strlist_free(&rrs);
	th_buf_free(&one);
}

void
th_nameserver09(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	struct th_dname www, c1, c2;
	struct th_buf a1 = TH_BUF_INIT(1 << 22), a2 = TH_BUF_INIT(1 << 22);
	bool judged = false, match = true;
	size_t n;
	char ns[NSSTR], q1[TH_DNAME_STRLEN], q2[TH_DNAME_STRLEN];
	char dom[TH_DNAME_STRLEN], rc1[16], rc2[16];

	if (!www_name(ev, &www))
		return;
	th_qflavor_case(TH_QF_CASE1, &www, &c1);
	th_qflavor_case(TH_QF_CASE2, &www, &c2);
	name_str(&c1, q1, sizeof(q1));
	name_str(&c2, q2, sizeof(q2));
	name_lc(&www, dom, sizeof(dom));
	report_disabled(ctx, TH_TAG_NAMESERVER09_IPV4_DISABLED,
	                TH_TAG_NAMESERVER09_IPV6_DISABLED, "SOA");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		const struct th_addr *ip = &ips[i].addr;
		struct th_msg m1, m2;
		enum qstate s1 =
		    reply(ev, ip, TH_QF_CASE1, &www, TH_T_SOA, &m1);
		enum qstate s2 =
		    reply(ev, ip, TH_QF_CASE2, &www, TH_T_SOA, &m2);

		if (s1 == QS_NOT_SENT || s2 == QS_NOT_SENT)
			continue;
		judged = true;
		ns_str(&ips[i], ns, sizeof(ns));
		if (s1 == QS_ANSWER && m1.ancount > 0) {
			bool same;

			canon_answer(&m1, &a1);
			th_buf_reset(&a2);
			if (s2 == QS_ANSWER && m2.ancount > 0)
				canon_answer(&m2, &a2);
			same = strcmp(th_buf_str(&a1), th_buf_str(&a2)) == 0;
			match &= same;
			th_report_emit(
			    ctx->rep,
			    same
			        ? TH_TAG_NAMESERVER09_CASE_QUERY_SAME_ANSWER
			        : TH_TAG_NAMESERVER09_CASE_QUERY_DIFFERENT_ANSWER,
			    "ns", ns, "type", "SOA", "query1", q1, "query2", q2,
			    NULL);
		} else if (s1 == QS_ANSWER && s2 == QS_ANSWER) {
			const char *r1 =
			    th_rcode_name(m1.rcode, rc1, sizeof(rc1));
			const char *r2 =
			    th_rcode_name(m2.rcode, rc2, sizeof(rc2));

			if (m1.rcode == m2.rcode) {
				th_report_emit(
				    ctx->rep,
				    TH_TAG_NAMESERVER09_CASE_QUERY_SAME_RC,
				    "ns", ns, "type", "SOA", "query1", q1,
				    "query2", q2, "rcode", r1, NULL);
			} else {
				match = false;
				th_report_emit(
				    ctx->rep,
				    TH_TAG_NAMESERVER09_CASE_QUERY_DIFFERENT_RC,
				    "ns", ns, "type", "SOA", "query1", q1,
				    "query2", q2, "rcode1", r1, "rcode2", r2,
				    NULL);
			}
		} else if (s1 == QS_ANSWER || s2 == QS_ANSWER) {
			match = false;
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER09_CASE_QUERY_NO_ANSWER,
			               "ns", ns, "type", "SOA", "domain",
			               s1 == QS_ANSWER ? q1 : q2, NULL);
		}
	}
	if (judged)
		th_report_emit(
		    ctx->rep,
		    match ? TH_TAG_NAMESERVER09_CASE_QUERIES_RESULTS_OK
		          : TH_TAG_NAMESERVER09_CASE_QUERIES_RESULTS_DIFFER,
		    "type", "SOA", "domain", dom, NULL);
	th_buf_free(&a1);
	th_buf_free(&a2);
}

/* ---- NAMESERVER10 ------------------------------------------------------- */

/* Only servers whose EDNS version 0 answer is NOERROR are judged. */
void
th_nameserver10(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	const struct th_dname *zone = &ev->domain;
	struct th_ev_ip ips[MAXIPS];
	struct th_strlist silent = TH_STRLIST_INIT, bad = TH_STRLIST_INIT;
	struct rclists rcodes = {0};
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	size_t n;
	char ip[TH_ADDR_STRLEN];

	report_disabled(ctx, TH_TAG_NAMESERVER10_IPV4_DISABLED,
	                TH_TAG_NAMESERVER10_IPV6_DISABLED, "SOA");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m;
		enum qstate st;

		if (reply(ev, &ips[i].addr, TH_QF_EDNS, zone, TH_T_SOA, &m) !=
		        QS_ANSWER ||
		    m.rcode != TH_RCODE_NOERROR)
			continue;
		st = reply(ev, &ips[i].addr, TH_QF_EDNS1, zone, TH_T_SOA, &m);
		if (st == QS_NOT_SENT)
			continue;
		ip_str(&ips[i].addr, ip, sizeof(ip));
		if (st == QS_NO_RESPONSE)
			th_strlist_add(&silent, ip);
		else if (m.rcode != TH_RCODE_BADVERS)
			rclists_add(&rcodes, m.rcode, ip);
		else if (!m.has_opt || m.edns_version != 0 || m.ancount != 0)
			th_strlist_add(&bad, ip);
	}
	emit_list(ctx, TH_TAG_NAMESERVER10_N10_NO_RESPONSE_EDNS1_QUERY,
	          "ns_ip_list", &silent, &b);
	rclists_emit(ctx, &rcodes, TH_TAG_NAMESERVER10_N10_UNEXPECTED_RCODE,
	             &b);
	emit_list(ctx, TH_TAG_NAMESERVER10_N10_EDNS_RESPONSE_ERROR,
	          "ns_ip_list", &bad, &b);
	th_buf_free(&b);
}

/* ---- NAMESERVER11 ------------------------------------------------------- */

/* Only servers whose plain EDNS answer is good (NOERROR, AA, OPT, the
 * zone's SOA) are judged. */
void
th_nameserver11(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	const struct th_dname *zone = &ev->domain;
	struct th_ev_ip ips[MAXIPS];
	struct th_strlist silent = TH_STRLIST_INIT, noedns = TH_STRLIST_INIT;
	struct th_strlist nosoa = TH_STRLIST_INIT, noaa = TH_STRLIST_INIT;
	struct th_strlist echoed = TH_STRLIST_INIT;
	struct rclists rcodes = {0};
	struct th_buf b = TH_BUF_INIT(LISTMAX);
	size_t n;
	char ip[TH_ADDR_STRLEN];

	report_disabled(ctx, TH_TAG_NAMESERVER11_IPV4_DISABLED,
	                TH_TAG_NAMESERVER11_IPV6_DISABLED, "SOA");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m;
		enum qstate st;
		const uint8_t *data;
		uint16_t dlen;

		if (reply(ev, &ips[i].addr, TH_QF_EDNS, zone, TH_T_SOA, &m) !=
		        QS_ANSWER ||
		    !m.has_opt || m.rcode != TH_RCODE_NOERROR ||
		    !(m.flags & TH_MSG_AA) ||
		    !th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_SOA, zone))
			continue;
		st = reply(ev, &ips[i].addr, TH_QF_EDNSOPT, zone, TH_T_SOA, &m);
		if (st == QS_NOT_SENT)
			continue;
		ip_str(&ips[i].addr, ip, sizeof(ip));
		if (st == QS_NO_RESPONSE)
			th_strlist_add(&silent, ip);
		else if (m.rcode != TH_RCODE_NOERROR)
			rclists_add(&rcodes, m.rcode, ip);
		else if (!m.has_opt)
			th_strlist_add(&noedns, ip);
		else if (!th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_SOA, zone))
			th_strlist_add(&nosoa, ip);
		else if (!(m.flags & TH_MSG_AA))
			th_strlist_add(&noaa, ip);
		else if (th_msg_edns_option(&m, N11_OPTION, &data, &dlen))
			th_strlist_add(&echoed, ip);
	}
	emit_list(ctx, TH_TAG_NAMESERVER11_N11_NO_RESPONSE, "ns_ip_list",
	          &silent, &b);
	rclists_emit(ctx, &rcodes, TH_TAG_NAMESERVER11_N11_UNEXPECTED_RCODE,
	             &b);
	emit_list(ctx, TH_TAG_NAMESERVER11_N11_NO_EDNS, "ns_ip_list", &noedns,
	          &b);
	emit_list(ctx, TH_TAG_NAMESERVER11_N11_UNEXPECTED_ANSWER_SECTION,
	          "ns_ip_list", &nosoa, &b);
	emit_list(ctx, TH_TAG_NAMESERVER11_N11_UNSET_AA, "ns_ip_list", &noaa,
	          &b);
	emit_list(ctx, TH_TAG_NAMESERVER11_N11_RETURNS_UNKNOWN_OPTION_CODE,
	          "ns_ip_list", &echoed, &b);
	th_buf_free(&b);
}

/* ---- NAMESERVER12 ------------------------------------------------------- */

/* The EDNS flags other than DO (Zonemaster's edns_z). */
#define EDNS_Z_MASK 0x7fffu

void
th_nameserver12(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	const struct th_dname *zone = &ev->domain;
	struct th_ev_ip ips[MAXIPS];
	size_t n;
	char ns[NSSTR], dom[TH_DNAME_STRLEN];

	name_lc(zone, dom, sizeof(dom));
	report_disabled(ctx, TH_TAG_NAMESERVER12_IPV4_DISABLED,
	                TH_TAG_NAMESERVER12_IPV6_DISABLED, "SOA");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m;
		enum qstate st =
		    reply(ev, &ips[i].addr, TH_QF_EDNSZ, zone, TH_T_SOA, &m);

		if (st == QS_NOT_SENT)
			continue;
		ns_str(&ips[i], ns, sizeof(ns));
		if (st == QS_NO_RESPONSE)
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER12_NO_RESPONSE, "ns",
			               ns, "domain", dom, NULL);
		else if (m.rcode == TH_RCODE_FORMERR)
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER12_NO_EDNS_SUPPORT,
			               "ns", ns, NULL);
		else if (m.has_opt && (m.edns_flags & EDNS_Z_MASK) != 0)
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER12_Z_FLAGS_NOTCLEAR,
			               "ns", ns, NULL);
		else if (m.rcode != TH_RCODE_NOERROR || !m.has_opt ||
		         m.edns_version != 0 ||
		         !th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_SOA, NULL))
			th_report_emit(ctx->rep, TH_TAG_NAMESERVER12_NS_ERROR,
			               "ns", ns, NULL);
	}
}

/* ---- NAMESERVER13 ------------------------------------------------------- */

void
th_nameserver13(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	const struct th_dname *zone = &ev->domain;
	struct th_ev_ip ips[MAXIPS];
	size_t n;
	char ns[NSSTR], dom[TH_DNAME_STRLEN];

	name_lc(zone, dom, sizeof(dom));
	report_disabled(ctx, TH_TAG_NAMESERVER13_IPV4_DISABLED,
	                TH_TAG_NAMESERVER13_IPV6_DISABLED, "SOA");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m;
		enum qstate st =
		    reply(ev, &ips[i].addr, TH_QF_DO512, zone, TH_T_SOA, &m);

		if (st == QS_NOT_SENT)
			continue;
		ns_str(&ips[i], ns, sizeof(ns));
		if (st == QS_NO_RESPONSE)
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER13_NO_RESPONSE, "ns",
			               ns, "domain", dom, NULL);
		else if (m.rcode == TH_RCODE_FORMERR)
			th_report_emit(ctx->rep,
			               TH_TAG_NAMESERVER13_NO_EDNS_SUPPORT,
			               "ns", ns, NULL);
		else if ((m.flags & TH_MSG_TC) && !m.has_opt)
			th_report_emit(
			    ctx->rep,
			    TH_TAG_NAMESERVER13_MISSING_OPT_IN_TRUNCATED, "ns",
			    ns, NULL);
		else if (m.rcode != TH_RCODE_NOERROR || !m.has_opt ||
		         m.edns_version != 0)
			th_report_emit(ctx->rep, TH_TAG_NAMESERVER13_NS_ERROR,
			               "ns", ns, NULL);
	}
}

/* ---- NAMESERVER15 ------------------------------------------------------- */

static const char *const ns15_names[] = {"version.bind", "version.server"};

#define N15 (sizeof(ns15_names) / sizeof(ns15_names[0]))

/* One (string, query name) pair and the servers that gave it. */
struct n15_txt {
	char *string;
	size_t q;
	struct th_strlist ns;
};

struct n15_txts {
	struct n15_txt *v;
	size_t n, alloc;
};

static int
n15_add(struct n15_txts *t, const char *string, size_t q, const char *ns)
{
	size_t k;

	for (k = 0; k < t->n; k++)
		if (t->v[k].q == q && strcmp(t->v[k].string, string) == 0)
			break;
	if (k == t->n) {
		if (t->n == t->alloc) {
			size_t na = t->alloc ? 2 * t->alloc : 8;
			struct n15_txt *p = realloc(t->v, na * sizeof(*p));

			if (p == NULL)
				return TH_ENOMEM;
			t->v = p;
			t->alloc = na;
		}
		memset(&t->v[k], 0, sizeof(t->v[k]));
		t->v[k].q = q;
		t->v[k].string = strdup(string);
		if (t->v[k].string == NULL)
			return TH_ENOMEM;
		t->n++;
	}
	th_strlist_add(&t->v[k].ns, ns);
	return 0;
}

static int
cmp_txt(const void *a, const void *b)
{
	const struct n15_txt *x = a, *y = b;
	int c = strcmp(x->string, y->string);

	return c != 0 ? c : (x->q > y->q) - (x->q < y->q);
}

/* The TXT strings of a record, concatenated, without NULs, trimmed. */
static void
txt_string(const struct th_msg *m, const struct th_rr *rr, struct th_buf *out)
{
	static const char space[] = " \t\r\n\f\v";
	const uint8_t *rd = th_msg_rdata(m, rr);
	struct th_buf all = TH_BUF_INIT(TH_MSG_MAXLEN);
	const uint8_t *p;
	size_t off = 0, start = 0, end;

	th_buf_reset(out);
	while (off < rr->rdlen) {
		size_t l = rd[off++];

		if (l > rr->rdlen - off)
			l = rr->rdlen - off;
		for (size_t k = 0; k < l; k++)
			if (rd[off + k] != 0 &&
			    th_buf_append_u8(&all, rd[off + k]) != 0)
				break;
		off += l;
	}
	p = th_buf_data(&all);
	end = th_buf_len(&all);
	while (start < end && memchr(space, p[start], sizeof(space) - 1))
		start++;
	while (end > start && memchr(space, p[end - 1], sizeof(space) - 1))
		end--;
	if (end > start && th_buf_append(out, p + start, end - start) != 0)
		th_buf_reset(out);
	th_buf_free(&all);
}

void
th_nameserver15(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[MAXIPS];
	struct th_dname qn[N15];
	struct n15_txts txt = {0};
	struct th_strlist err[N15] = {TH_STRLIST_INIT, TH_STRLIST_INIT};
	struct th_strlist hidden = TH_STRLIST_INIT, wrong = TH_STRLIST_INIT;
	struct th_buf b = TH_BUF_INIT(LISTMAX), s = TH_BUF_INIT(LISTMAX);
	size_t n;
	char ns[NSSTR];

	for (size_t q = 0; q < N15; q++) {
		enum th_dname_reason why;

		if (th_dname_parse(&qn[q], ns15_names[q], strlen(ns15_names[q]),
		                   NULL, &why) != 0)
			return;
	}
	report_disabled(ctx, TH_TAG_NAMESERVER15_IPV4_DISABLED,
	                TH_TAG_NAMESERVER15_IPV6_DISABLED, "SOA TXT");
	n = th_ev_ips(ev, ALLNS, ips, MAXIPS);
	for (size_t i = 0; i < n; i++) {
		struct th_msg m;
		bool revealed = false, complete = true;

		if (reply(ev, &ips[i].addr, TH_QF_PLAIN, &ev->domain, TH_T_SOA,
		          &m) != QS_ANSWER)
			continue;
		ns_str(&ips[i], ns, sizeof(ns));
		for (size_t q = 0; q < N15; q++) {
			enum qstate st = reply(ev, &ips[i].addr, TH_QF_CHAOS,
			                       &qn[q], TH_T_TXT, &m);
			struct th_msg_iter it;
			struct th_rr rr;

			if (st == QS_NOT_SENT) {
				complete = false;
				continue;
			}
			if (st == QS_NO_RESPONSE ||
			    m.rcode == TH_RCODE_SERVFAIL) {
				th_strlist_add(&err[q], ns);
				continue;
			}
			th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
			while (th_msg_iter_next(&it, &rr)) {
				if (rr.type != TH_T_TXT ||
				    !th_dname_equal(&rr.owner, &qn[q]))
					continue;
				if (rr.rclass != TH_CLASS_CH)
					th_strlist_add(&wrong, ns);
				txt_string(&m, &rr, &s);
				if (th_buf_len(&s) == 0)
					continue;
				revealed = true;
				if (n15_add(&txt, th_buf_str(&s), q, ns) != 0)
					ctx->rep->err = TH_ENOMEM;
			}
		}
		if (!revealed && complete)
			th_strlist_add(&hidden, ns);
	}
	if (txt.n > 1)
		qsort(txt.v, txt.n, sizeof(txt.v[0]), cmp_txt);
	for (size_t k = 0; k < txt.n; k++) {
		th_report_emit(
		    ctx->rep, TH_TAG_NAMESERVER15_N15_SOFTWARE_VERSION,
		    "ns_list", th_strlist_join(&txt.v[k].ns, &b), "query_name",
		    ns15_names[txt.v[k].q], "string", txt.v[k].string, NULL);
		th_strlist_free(&txt.v[k].ns);
		free(txt.v[k].string);
	}
	free(txt.v);
	for (size_t q = 0; q < N15; q++) {
		if (err[q].n > 0)
			th_report_emit(
			    ctx->rep,
			    TH_TAG_NAMESERVER15_N15_ERROR_ON_VERSION_QUERY,
			    "ns_list", th_strlist_join(&err[q], &b),
			    "query_name", ns15_names[q], NULL);
		th_strlist_free(&err[q]);
	}
	emit_list(ctx, TH_TAG_NAMESERVER15_N15_NO_VERSION_REVEALED, "ns_list",
	          &hidden, &b);
	emit_list(ctx, TH_TAG_NAMESERVER15_N15_WRONG_CLASS, "ns_list", &wrong,
	          &b);
	th_buf_free(&b);
	th_buf_free(&s);
}

/* ---- the module --------------------------------------------------------- */

void
th_nameserver_run(const struct th_engine_ctx *ctx)
{
	static void (*const fn[])(const struct th_engine_ctx *) = {
	    th_nameserver01, th_nameserver02, th_nameserver03, th_nameserver04,
	    th_nameserver05, th_nameserver06, th_nameserver07, th_nameserver08,
	    th_nameserver09, th_nameserver10, th_nameserver11, th_nameserver12,
	    th_nameserver13, th_nameserver15,
	};
	static const enum th_testcase tc[] = {
	    TH_TC_NAMESERVER01, TH_TC_NAMESERVER02, TH_TC_NAMESERVER03,
	    TH_TC_NAMESERVER04, TH_TC_NAMESERVER05, TH_TC_NAMESERVER06,
	    TH_TC_NAMESERVER07, TH_TC_NAMESERVER08, TH_TC_NAMESERVER09,
	    TH_TC_NAMESERVER10, TH_TC_NAMESERVER11, TH_TC_NAMESERVER12,
	    TH_TC_NAMESERVER13, TH_TC_NAMESERVER15,
	};
	const struct th_profile *p = ctx->conf->profile;

	for (size_t i = 0; i < sizeof(tc) / sizeof(tc[0]); i++)
		if (p->enabled[tc[i]])
			fn[i](ctx);
}
