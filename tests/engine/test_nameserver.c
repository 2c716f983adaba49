/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_nameserver.c -- unit tests for engine/nameserver: NAMESERVER01-13
 * and 15 over canned evidence, one table per test case, each row the
 * exact set of tags the test case must emit (levels DEBUG and up) and key
 * arguments; then the module's run order and its catalogue.
 *
 * Unless a row says otherwise the zone is example.se with two name
 * servers in both NS sets, ns1.example.se (192.0.2.1) and ns2.example.se
 * (192.0.2.2). Replies are written in zone-file syntax and built with
 * ldns, then given an OPT record and header bits octet by octet, so that
 * every field a server can get wrong can be set.
 */
#include "engine/nameserver.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"

#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define DOM "example.se"
#define NS1 "192.0.2.1"
#define NS2 "192.0.2.2"
#define NSN1 "ns1.example.se/192.0.2.1"
#define NSN2 "ns2.example.se/192.0.2.2"
#define BOTH (TH_EV_DEL | TH_EV_CHILD)
#define WWW "www.example.se"

#define SOA_RR                                                                 \
	"example.se. 3600 IN SOA ns1.example.se. hostmaster.example.se. 5 "    \
	"14400 3600 604800 3600"
#define ROOT_NS ". 518400 IN NS a.root-servers.net."

/* Header bits of a reply (besides QR). */
#define H_AA 0x01u
#define H_TC 0x02u
#define H_RA 0x04u
#define H_BADAAAA 0x08u /* the last AAAA's RDATA cut to 4 octets */

/* A reply: server, flavour, qtype, qname (NULL: the zone), header bits,
 * full RCODE, answer and authority, an OPT record (opt: version, flags,
 * an empty option of code option), the outcome (TH_OUT_ANSWER unless
 * set), and the question as the server echoes it (NULL: as sent). */
struct nrep {
	const char *ip;
	enum th_qflavor f;
	uint16_t qtype;
	const char *qname;
	unsigned hdr;
	unsigned rcode;
	const char *answer, *authority;
	bool opt;
	uint8_t version;
	uint16_t eflags, option;
	enum th_outcome outcome;
	const char *echo;
};

#define R(ip, f, qt, qn, hdr, rc, ans, auth)                                   \
	{                                                                      \
		ip, f, qt, qn, hdr, rc, ans, auth, false, 0, 0, 0,             \
		    TH_OUT_ANSWER, NULL                                        \
	}
/* With an OPT record. */
#define E(ip, f, qt, hdr, rc, ans, ver, fl, opt)                               \
	{                                                                      \
		ip, f, qt, NULL, hdr, rc, ans, NULL, true, ver, fl, opt,       \
		    TH_OUT_ANSWER, NULL                                        \
	}
/* No message (timeout, ...). */
#define O(ip, f, qt, qn, out)                                                  \
	{                                                                      \
		ip, f, qt, qn, 0, 0, NULL, NULL, false, 0, 0, 0, out, NULL     \
	}
/* A CASE reply whose question is echo. */
#define C(ip, f, hdr, rc, ans, echo)                                           \
	{                                                                      \
		ip, f, TH_T_SOA, WWW, hdr, rc, ans, NULL, false, 0, 0, 0,      \
		    TH_OUT_ANSWER, echo                                        \
	}

struct ncase {
	const char *name;
	const char *domain; /* NULL: example.se */
	bool no4, no6, budget;
	struct enginefx_ns ns[4]; /* ns[0].name NULL: ns1 and ns2 */
	struct nrep rep[12];
	const char *tags[8]; /* the exact set expected */
	struct tagcheck_arg arg[4];
};

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
push(ldns_pkt *pkt, ldns_pkt_section sec, const char *text)
{
	char *copy, *save = NULL, *one;

	if (text == NULL)
		return;
	copy = strdup(text);
	ck_assert_ptr_nonnull(copy);
	for (one = strtok_r(copy, ";", &save); one != NULL;
	     one = strtok_r(NULL, ";", &save)) {
		ldns_rr *rr = NULL;

		ck_assert_msg(ldns_rr_new_frm_str(&rr, one, 3600, NULL, NULL) ==
		                  LDNS_STATUS_OK,
		              "record: %s", one);
		ldns_pkt_push_rr(pkt, sec, rr);
	}
	free(copy);
}

/* Record r in ev, as the probe would have. */
static void
add_reply(struct th_evidence *ev, const char *dom, const struct nrep *r)
{
	const char *qn = r->qname != NULL ? r->qname : dom;
	struct th_dname key = canned_name(qn), sent = key;
	enum th_outcome out = TH_OUT_ANSWER;
	char qtext[TH_DNAME_STRLEN];
	ldns_pkt *pkt = NULL;
	uint8_t *wire = NULL, *all;
	size_t len = 0, n;
	struct th_answer *a;

	if (r->outcome != TH_OUT_ANSWER) {
		canned_reply(ev, r->ip, r->f, qn, r->qtype,
		             canned_outcome(r->outcome));
		return;
	}
	if (r->f == TH_QF_CASE1 || r->f == TH_QF_CASE2)
		th_qflavor_case(r->f, &key, &sent);
	ck_assert_int_eq(th_dname_to_str(&sent, qtext, sizeof(qtext)), 0);
	ck_assert_int_eq(
	    ldns_pkt_query_new_frm_str(
	        &pkt, r->echo != NULL ? r->echo : qtext, r->qtype,
	        r->f == TH_QF_CHAOS ? LDNS_RR_CLASS_CH : LDNS_RR_CLASS_IN, 0),
	    LDNS_STATUS_OK);
	ldns_pkt_set_id(pkt, 4242);
	ldns_pkt_set_qr(pkt, true);
	ldns_pkt_set_rd(pkt, false);
	ldns_pkt_set_aa(pkt, (r->hdr & H_AA) != 0);
	ldns_pkt_set_tc(pkt, (r->hdr & H_TC) != 0);
	ldns_pkt_set_ra(pkt, (r->hdr & H_RA) != 0);
	ldns_pkt_set_rcode(pkt, (uint8_t)(r->rcode & 0xf));
	push(pkt, LDNS_SECTION_ANSWER, r->answer);
	push(pkt, LDNS_SECTION_AUTHORITY, r->authority);
	ck_assert_int_eq(ldns_pkt2wire(&wire, pkt, &len), LDNS_STATUS_OK);
	ldns_pkt_free(pkt);
	all = calloc(1, len + 32);
	ck_assert_ptr_nonnull(all);
	memcpy(all, wire, len);
	free(wire);
	n = len;
	if (r->hdr & H_BADAAAA) {
		/* The answer ends with an AAAA record: shorten its RDATA. */
		put16(all + n - 18, 4);
		n -= 12;
		out = TH_OUT_MALFORMED;
	}
	if (r->opt) {
		all[n++] = 0;
		put16(all + n, TH_T_OPT);
		put16(all + n + 2, 1232);
		all[n + 4] = (uint8_t)(r->rcode >> 4);
		all[n + 5] = r->version;
		put16(all + n + 6, r->eflags);
		put16(all + n + 8, r->option ? 4 : 0);
		n += 10;
		if (r->option) {
			put16(all + n, r->option);
			put16(all + n + 2, 0);
			n += 4;
		}
		put16(all + 10, (unsigned)(all[10] << 8 | all[11]) + 1);
	}
	a = th_ev_make_answer(out, all, n);
	ck_assert_ptr_nonnull(a);
	if (out == TH_OUT_MALFORMED)
		a->reason = TH_MSG_BAD_RDATA;
	free(all);
	canned_reply(ev, r->ip, r->f, qn, r->qtype, a);
}

typedef void tc_fn(const struct th_engine_ctx *ctx);

static void
run_case(const struct ncase *c, tc_fn *fn, enum th_testcase tc)
{
	const char *dom = c->domain != NULL ? c->domain : DOM;
	struct enginefx fx;

	enginefx_init(&fx, dom);
	if (c->ns[0].name == NULL) {
		canned_ns(&fx.ev, "ns1.example.se", BOTH, NS1);
		canned_ns(&fx.ev, "ns2.example.se", BOTH, NS2);
	} else {
		enginefx_add_ns(&fx, c->ns, (size_t)N_ELEMS(c->ns));
	}
	for (int i = 0; i < N_ELEMS(c->rep) && c->rep[i].ip != NULL; i++)
		add_reply(&fx.ev, dom, &c->rep[i]);
	fx.ev.ipv4 = !c->no4;
	fx.ev.ipv6 = !c->no6;
	fx.ev.budget_exceeded = c->budget;
	fn(&fx.ctx);
	tagcheck_assert_emitted(&fx.rep, tc, c->name, c->tags,
	                        (size_t)N_ELEMS(c->tags));
	tagcheck_assert_any_args(&fx.rep, tc, c->name, c->arg,
	                         (size_t)N_ELEMS(c->arg));
	enginefx_free(&fx);
}

#define NO_NS                                                                  \
	{                                                                      \
		{                                                              \
			0                                                      \
		}                                                              \
	}

/* ---- NAMESERVER01 ------------------------------------------------------- */

#define N01A "xn--nameservertest.iis.se"
#define N01B "xn--nameservertest.icann.org"
#define N01C "xn--nameservertest.ripe.net"
#define P TH_QF_PLAIN
#define REFUSED 5
#define NXDOMAIN 3
#define N01(ip, hdr, rc)                                                       \
	R(ip, P, TH_T_A, N01A, hdr, rc, NULL, NULL),                           \
	    R(ip, P, TH_T_A, N01B, hdr, rc, NULL, NULL),                       \
	    R(ip, P, TH_T_A, N01C, hdr, rc, NULL, NULL)

static const struct ncase ns01[] = {
    {"refusing servers are no recursors",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {N01(NS1, 0, REFUSED), N01(NS2, 0, REFUSED)},
     {"NO_RECURSOR"},
     {{"NO_RECURSOR", "ns", NSN1}, {"NO_RECURSOR", "ns", NSN2}}},
    {"RA set",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {N01(NS1, 0, REFUSED), R(NS2, P, TH_T_A, N01A, H_RA, REFUSED, NULL, NULL),
      R(NS2, P, TH_T_A, N01B, 0, REFUSED, NULL, NULL),
      R(NS2, P, TH_T_A, N01C, 0, REFUSED, NULL, NULL)},
     {"IS_A_RECURSOR", "NO_RECURSOR"},
     {{"IS_A_RECURSOR", "ns", NSN2}, {"NO_RECURSOR", "ns", NSN1}}},
    {"NXDOMAIN for every name",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {N01(NS1, 0, NXDOMAIN), N01(NS2, 0, REFUSED)},
     {"IS_A_RECURSOR", "NO_RECURSOR"},
     {{"IS_A_RECURSOR", "ns", NSN1}}},
    {"no response to one name",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {N01(NS1, 0, REFUSED), R(NS2, P, TH_T_A, N01A, 0, REFUSED, NULL, NULL),
      O(NS2, P, TH_T_A, N01B, TH_OUT_TIMEOUT),
      R(NS2, P, TH_T_A, N01C, 0, REFUSED, NULL, NULL)},
     {"NO_RECURSOR", "NO_RESPONSE"},
     {{"NO_RESPONSE", "ns", NSN2}, {"NO_RESPONSE", "domain", N01B}}},
    {"names never asked give no verdict",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {N01(NS1, 0, REFUSED), R(NS2, P, TH_T_A, N01A, 0, NXDOMAIN, NULL, NULL)},
     {"NO_RECURSOR"},
     {{"NO_RECURSOR", "ns", NSN1}}},
    {"IPv6 disabled",
     NULL,
     false,
     true,
     false,
     {{"ns1.example.se", BOTH, NS1 ",2001:db8::1", false}},
     {N01(NS1, 0, REFUSED)},
     {"NO_RECURSOR", "IPV6_DISABLED"},
     {{"IPV6_DISABLED", "ns", "ns1.example.se/2001:db8::1"},
      {"IPV6_DISABLED", "rrtype", "A"}}},
};

START_TEST(test_nameserver01)
{
	run_case(&ns01[_i], th_nameserver01, TH_TC_NAMESERVER01);
}
END_TEST

/* ---- NAMESERVER02 ------------------------------------------------------- */

#define ED TH_QF_EDNS
#define GOOD_EDNS(ip) E(ip, ED, TH_T_SOA, H_AA, 0, SOA_RR, 0, 0, 0)

static const struct ncase ns02[] = {
    {"EDNS0 everywhere",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), GOOD_EDNS(NS2)},
     {"EDNS0_SUPPORT"},
     {{"EDNS0_SUPPORT", "ns_list", NSN1 ";" NSN2}}},
    {"breaks on EDNS",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), O(NS2, ED, TH_T_SOA, NULL, TH_OUT_TIMEOUT),
      R(NS2, P, TH_T_SOA, NULL, H_AA, 0, SOA_RR, NULL)},
     {"BREAKS_ON_EDNS"},
     {{"BREAKS_ON_EDNS", "ns", NSN2}, {"BREAKS_ON_EDNS", "domain", DOM}}},
    {"no response at all",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), O(NS2, ED, TH_T_SOA, NULL, TH_OUT_TIMEOUT),
      O(NS2, P, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {"NO_RESPONSE"},
     {{"NO_RESPONSE", "ns", NSN2}}},
    {"FORMERR without OPT",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), R(NS2, ED, TH_T_SOA, NULL, 0, 1, NULL, NULL)},
     {"NO_EDNS_SUPPORT"},
     {{"NO_EDNS_SUPPORT", "ns", NSN2}}},
    {"answer without OPT",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), R(NS2, ED, TH_T_SOA, NULL, H_AA, 0, SOA_RR, NULL)},
     {"EDNS_RESPONSE_WITHOUT_EDNS"},
     {{"EDNS_RESPONSE_WITHOUT_EDNS", "ns", NSN2},
      {"EDNS_RESPONSE_WITHOUT_EDNS", "domain", DOM}}},
    {"EDNS version 1 in the answer",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), E(NS2, ED, TH_T_SOA, H_AA, 0, SOA_RR, 1, 0, 0)},
     {"EDNS_VERSION_ERROR"},
     {{"EDNS_VERSION_ERROR", "ns", NSN2}}},
    {"REFUSED with OPT",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), E(NS2, ED, TH_T_SOA, 0, REFUSED, NULL, 0, 0, 0)},
     {"NS_ERROR"},
     {{"NS_ERROR", "ns", NSN2}}},
    {"a plain reply never asked gives no verdict",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), O(NS2, ED, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {"EDNS0_SUPPORT"},
     {{"EDNS0_SUPPORT", "ns_list", NSN1}}},
    {"IPv4 disabled",
     NULL,
     true,
     false,
     false,
     {{"ns1.example.se", BOTH, NS1 ",2001:db8::1", false}},
     {E("2001:db8::1", ED, TH_T_SOA, H_AA, 0, SOA_RR, 0, 0, 0)},
     {"EDNS0_SUPPORT", "IPV4_DISABLED"},
     {{"IPV4_DISABLED", "rrtype", "SOA"},
      {"EDNS0_SUPPORT", "ns_list", "ns1.example.se/2001:db8::1"}}},
};

START_TEST(test_nameserver02)
{
	run_case(&ns02[_i], th_nameserver02, TH_TC_NAMESERVER02);
}
END_TEST

/* ---- NAMESERVER03 ------------------------------------------------------- */

#define T TH_QF_TCP
#define AXFR TH_T_AXFR

static const struct ncase ns03[] = {
    {"transfers refused",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, T, AXFR, NULL, 0, REFUSED, NULL, NULL),
      R(NS2, T, AXFR, NULL, 0, 9, NULL, NULL)},
     {"AXFR_FAILURE"},
     {{"AXFR_FAILURE", "ns", NSN1}, {"AXFR_FAILURE", "ns", NSN2}}},
    {"a transfer is open",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, T, AXFR, NULL, H_AA, 0, SOA_RR ";example.se. 3600 IN NS a.se.",
        NULL),
      O(NS2, T, AXFR, NULL, TH_OUT_NETWORK_ERROR)},
     {"AXFR_AVAILABLE", "AXFR_FAILURE"},
     {{"AXFR_AVAILABLE", "ns", NSN1}, {"AXFR_FAILURE", "ns", NSN2}}},
    {"an empty transfer fails; no SOA first says nothing",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, T, AXFR, NULL, H_AA, 0, NULL, NULL),
      R(NS2, T, AXFR, NULL, H_AA, 0, "example.se. 3600 IN NS a.se.", NULL)},
     {"AXFR_FAILURE"},
     {{"AXFR_FAILURE", "ns", NSN1}}},
};

START_TEST(test_nameserver03)
{
	run_case(&ns03[_i], th_nameserver03, TH_TC_NAMESERVER03);
}
END_TEST

/* ---- NAMESERVER04 ------------------------------------------------------- */

static const struct ncase ns04[] = {
    {"answers come from the addresses asked",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, P, TH_T_SOA, NULL, H_AA, 0, SOA_RR, NULL),
      R(NS2, P, TH_T_SOA, NULL, H_AA, 0, SOA_RR, NULL)},
     {"SAME_SOURCE_IP"},
     {{"SAME_SOURCE_IP", "names", NSN1 "," NSN2}}},
    {"no answer, no claim",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {O(NS1, P, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {NULL},
     {{0}}},
    {"IPv6 disabled",
     NULL,
     false,
     true,
     false,
     {{"ns1.example.se", BOTH, NS1 ",2001:db8::1", false}},
     {R(NS1, P, TH_T_SOA, NULL, H_AA, 0, SOA_RR, NULL)},
     {"SAME_SOURCE_IP", "IPV6_DISABLED"},
     {{"SAME_SOURCE_IP", "names", NSN1}}},
};

START_TEST(test_nameserver04)
{
	run_case(&ns04[_i], th_nameserver04, TH_TC_NAMESERVER04);
}
END_TEST

/* ---- NAMESERVER05 ------------------------------------------------------- */

#define A_OK(ip) R(ip, P, TH_T_A, NULL, H_AA, 0, NULL, NULL)
#define AAAA_RR "example.se. 3600 IN AAAA 2001:db8::53"
#define AAAA_OK(ip) R(ip, P, TH_T_AAAA, NULL, H_AA, 0, AAAA_RR, NULL)

static const struct ncase ns05[] = {
    {"AAAA well processed",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {A_OK(NS1), AAAA_OK(NS1), A_OK(NS2), AAAA_OK(NS2)},
     {"AAAA_WELL_PROCESSED"},
     {{"AAAA_WELL_PROCESSED", "ns_list", NSN1 ";" NSN2}}},
    {"AAAA query dropped",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {A_OK(NS1), AAAA_OK(NS1), A_OK(NS2),
      O(NS2, P, TH_T_AAAA, NULL, TH_OUT_TIMEOUT)},
     {"AAAA_QUERY_DROPPED"},
     {{"AAAA_QUERY_DROPPED", "ns", NSN2}}},
    {"AAAA SERVFAIL",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {A_OK(NS1), AAAA_OK(NS1), A_OK(NS2),
      R(NS2, P, TH_T_AAAA, NULL, 0, 2, NULL, NULL)},
     {"AAAA_UNEXPECTED_RCODE"},
     {{"AAAA_UNEXPECTED_RCODE", "rcode", "SERVFAIL"},
      {"AAAA_UNEXPECTED_RCODE", "ns", NSN2}}},
    {"A REFUSED",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {A_OK(NS1), AAAA_OK(NS1), R(NS2, P, TH_T_A, NULL, 0, REFUSED, NULL, NULL),
      AAAA_OK(NS2)},
     {"A_UNEXPECTED_RCODE", "AAAA_WELL_PROCESSED"},
     {{"A_UNEXPECTED_RCODE", "rcode", "REFUSED"},
      {"A_UNEXPECTED_RCODE", "ns", NSN2}}},
    {"AAAA RDATA of 4 octets",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {A_OK(NS1), AAAA_OK(NS1), A_OK(NS2),
      R(NS2, P, TH_T_AAAA, NULL, H_AA | H_BADAAAA, 0, AAAA_RR, NULL)},
     {"AAAA_BAD_RDATA"},
     {{"AAAA_BAD_RDATA", "length", "4"}, {"AAAA_BAD_RDATA", "ns", NSN2}}},
    {"no response to A",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {A_OK(NS1), AAAA_OK(NS1), O(NS2, P, TH_T_A, NULL, TH_OUT_TIMEOUT)},
     {"NO_RESPONSE", "AAAA_WELL_PROCESSED"},
     {{"NO_RESPONSE", "domain", DOM}, {"NO_RESPONSE", "ns", NSN2}}},
    {"no AAAA record at all says nothing",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {A_OK(NS1), R(NS1, P, TH_T_AAAA, NULL, H_AA, 0, NULL, NULL)},
     {NULL},
     {{0}}},
    {"IPv6 disabled",
     NULL,
     false,
     true,
     false,
     {{"ns1.example.se", BOTH, NS1 ",2001:db8::1", false}},
     {A_OK(NS1), AAAA_OK(NS1)},
     {"AAAA_WELL_PROCESSED", "IPV6_DISABLED"},
     {{"IPV6_DISABLED", "ns", "ns1.example.se/2001:db8::1"},
      {"AAAA_WELL_PROCESSED", "ns_list", NSN1}}},
};

START_TEST(test_nameserver05)
{
	run_case(&ns05[_i], th_nameserver05, TH_TC_NAMESERVER05);
}
END_TEST

/* ---- NAMESERVER06 ------------------------------------------------------- */

static const struct ncase ns06[] = {
    {"every name resolves",
     NULL,
     false,
     false,
     false,
     {{"ns1.example.se", TH_EV_DEL, NS1, true},
      {"ns2.other.se", TH_EV_CHILD, "2001:db8::2", false}},
     {{0}},
     {"CAN_BE_RESOLVED"},
     {{0}}},
    {"one name without address",
     NULL,
     false,
     false,
     false,
     {{"ns1.example.se", BOTH, NS1, true},
      {"NS3.Other.SE", TH_EV_CHILD, NULL, false}},
     {{0}},
     {"CAN_NOT_BE_RESOLVED"},
     {{"CAN_NOT_BE_RESOLVED", "nsname_list", "ns3.other.se"}}},
    {"no name resolves",
     NULL,
     false,
     false,
     false,
     {{"ns2.other.se", TH_EV_DEL, NULL, false},
      {"ns1.other.se", TH_EV_CHILD, NULL, false}},
     {{0}},
     {"NO_RESOLUTION"},
     {{"NO_RESOLUTION", "names", "ns1.other.se,ns2.other.se"}}},
    {"a lookup never made after the budget is unknown",
     NULL,
     false,
     false,
     true,
     {{"ns1.example.se", BOTH, NS1, true},
      {"ns3.other.se", TH_EV_DEL, NULL, false}},
     {{0}},
     {"CAN_BE_RESOLVED"},
     {{0}}},
};

START_TEST(test_nameserver06)
{
	run_case(&ns06[_i], th_nameserver06, TH_TC_NAMESERVER06);
}
END_TEST

/* ---- NAMESERVER07 ------------------------------------------------------- */

static const struct ncase ns07[] = {
    {"no upward referral",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, P, TH_T_NS, ".", 0, REFUSED, NULL, NULL),
      O(NS2, P, TH_T_NS, ".", TH_OUT_TIMEOUT)},
     {"NO_UPWARD_REFERRAL"},
     {{"NO_UPWARD_REFERRAL", "nsname_list", "ns1.example.se;ns2.example.se"}}},
    {"upward referral",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, P, TH_T_NS, ".", 0, REFUSED, NULL, NULL),
      R(NS2, P, TH_T_NS, ".", 0, 0, NULL, ROOT_NS)},
     {"UPWARD_REFERRAL"},
     {{"UPWARD_REFERRAL", "ns", NSN2}}},
    {"the root zone",
     ".",
     false,
     false,
     false,
     NO_NS,
     {{0}},
     {"UPWARD_REFERRAL_IRRELEVANT"},
     {{0}}},
};

START_TEST(test_nameserver07)
{
	run_case(&ns07[_i], th_nameserver07, TH_TC_NAMESERVER07);
}
END_TEST

/* ---- NAMESERVER08/09 ---------------------------------------------------- */

#define C1 TH_QF_CASE1
#define C2 TH_QF_CASE2
#define Q1 "WwW.eXaMpLe.Se"
#define Q2 "wWw.ExAmPlE.sE"
#define NX_SOA SOA_RR

static const struct ncase ns08[] = {
    {"case kept",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {C(NS1, C1, H_AA, NXDOMAIN, NULL, NULL),
      C(NS2, C1, H_AA, NXDOMAIN, NULL, NULL)},
     {"QNAME_CASE_SENSITIVE"},
     {{"QNAME_CASE_SENSITIVE", "domain", Q1},
      {"QNAME_CASE_SENSITIVE", "ns", NSN2}}},
    {"case lost",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {C(NS1, C1, H_AA, NXDOMAIN, NULL, NULL),
      C(NS2, C1, H_AA, NXDOMAIN, NULL, "www.example.se.")},
     {"QNAME_CASE_SENSITIVE", "QNAME_CASE_INSENSITIVE"},
     {{"QNAME_CASE_INSENSITIVE", "ns", NSN2},
      {"QNAME_CASE_INSENSITIVE", "domain", Q1}}},
    {"no answer, no verdict",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {O(NS1, C1, TH_T_SOA, WWW, TH_OUT_TIMEOUT)},
     {NULL},
     {{0}}},
};

START_TEST(test_nameserver08)
{
	run_case(&ns08[_i], th_nameserver08, TH_TC_NAMESERVER08);
}
END_TEST

#define CN1 "WwW.eXaMpLe.Se. 300 IN CNAME Example.SE."
#define CN2 "wWw.ExAmPlE.sE. 300 IN CNAME example.se."
#define CN3 "wWw.ExAmPlE.sE. 300 IN CNAME other.se."

static const struct ncase ns09[] = {
    {"same RCODE everywhere",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {C(NS1, C1, H_AA, NXDOMAIN, NULL, NULL),
      C(NS1, C2, H_AA, NXDOMAIN, NULL, NULL),
      C(NS2, C1, H_AA, NXDOMAIN, NULL, NULL),
      C(NS2, C2, H_AA, NXDOMAIN, NULL, NULL)},
     {"CASE_QUERY_SAME_RC", "CASE_QUERIES_RESULTS_OK"},
     {{"CASE_QUERY_SAME_RC", "rcode", "NXDOMAIN"},
      {"CASE_QUERY_SAME_RC", "query1", Q1},
      {"CASE_QUERY_SAME_RC", "query2", Q2},
      {"CASE_QUERIES_RESULTS_OK", "domain", WWW}}},
    {"same answers in another case",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {C(NS1, C1, H_AA, 0, CN1, NULL), C(NS1, C2, H_AA, 0, CN2, NULL)},
     {"CASE_QUERY_SAME_ANSWER", "CASE_QUERIES_RESULTS_OK"},
     {{"CASE_QUERY_SAME_ANSWER", "ns", NSN1},
      {"CASE_QUERIES_RESULTS_OK", "type", "SOA"}}},
    {"different answers",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {C(NS1, C1, H_AA, 0, CN1, NULL), C(NS1, C2, H_AA, 0, CN3, NULL)},
     {"CASE_QUERY_DIFFERENT_ANSWER", "CASE_QUERIES_RESULTS_DIFFER"},
     {{"CASE_QUERY_DIFFERENT_ANSWER", "ns", NSN1},
      {"CASE_QUERIES_RESULTS_DIFFER", "domain", WWW}}},
    {"different RCODEs",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {C(NS1, C1, H_AA, NXDOMAIN, NULL, NULL), C(NS1, C2, H_AA, 0, NULL, NULL)},
     {"CASE_QUERY_DIFFERENT_RC", "CASE_QUERIES_RESULTS_DIFFER"},
     {{"CASE_QUERY_DIFFERENT_RC", "rcode1", "NXDOMAIN"},
      {"CASE_QUERY_DIFFERENT_RC", "rcode2", "NOERROR"}}},
    {"one of two unanswered",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {O(NS1, C1, TH_T_SOA, WWW, TH_OUT_TIMEOUT),
      C(NS1, C2, H_AA, NXDOMAIN, NULL, NULL)},
     {"CASE_QUERY_NO_ANSWER", "CASE_QUERIES_RESULTS_DIFFER"},
     {{"CASE_QUERY_NO_ANSWER", "domain", Q2},
      {"CASE_QUERY_NO_ANSWER", "ns", NSN1}}},
    {"a reply never asked gives no verdict",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {C(NS1, C1, H_AA, NXDOMAIN, NULL, NULL)},
     {NULL},
     {{0}}},
};

START_TEST(test_nameserver09)
{
	run_case(&ns09[_i], th_nameserver09, TH_TC_NAMESERVER09);
}
END_TEST

/* ---- NAMESERVER10 ------------------------------------------------------- */

#define E1 TH_QF_EDNS1
#define BADVERS_OK(ip) E(ip, E1, TH_T_SOA, 0, TH_RCODE_BADVERS, NULL, 0, 0, 0)

static const struct ncase ns10[] = {
    {"BADVERS everywhere",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), BADVERS_OK(NS1), GOOD_EDNS(NS2), BADVERS_OK(NS2)},
     {NULL},
     {{0}}},
    {"no response to version 1",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), BADVERS_OK(NS1), GOOD_EDNS(NS2),
      O(NS2, E1, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {"N10_NO_RESPONSE_EDNS1_QUERY"},
     {{"N10_NO_RESPONSE_EDNS1_QUERY", "ns_ip_list", NS2}}},
    {"NOERROR and FORMERR to version 1",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), E(NS1, E1, TH_T_SOA, H_AA, 0, SOA_RR, 0, 0, 0),
      GOOD_EDNS(NS2), R(NS2, E1, TH_T_SOA, NULL, 0, 1, NULL, NULL)},
     {"N10_UNEXPECTED_RCODE"},
     {{"N10_UNEXPECTED_RCODE", "rcode", "NOERROR"},
      {"N10_UNEXPECTED_RCODE", "rcode", "FORMERR"},
      {"N10_UNEXPECTED_RCODE", "ns_ip_list", NS2}}},
    {"BADVERS with the SOA",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), BADVERS_OK(NS1), GOOD_EDNS(NS2),
      E(NS2, E1, TH_T_SOA, 0, TH_RCODE_BADVERS, SOA_RR, 0, 0, 0)},
     {"N10_EDNS_RESPONSE_ERROR"},
     {{"N10_EDNS_RESPONSE_ERROR", "ns_ip_list", NS2}}},
    {"servers failing EDNS 0 are not judged",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {E(NS1, ED, TH_T_SOA, 0, REFUSED, NULL, 0, 0, 0),
      O(NS1, E1, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {NULL},
     {{0}}},
};

START_TEST(test_nameserver10)
{
	run_case(&ns10[_i], th_nameserver10, TH_TC_NAMESERVER10);
}
END_TEST

/* ---- NAMESERVER11 ------------------------------------------------------- */

#define EO TH_QF_EDNSOPT
#define OPT_OK(ip) E(ip, EO, TH_T_SOA, H_AA, 0, SOA_RR, 0, 0, 0)

static const struct ncase ns11[] = {
    {"unknown option ignored",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), OPT_OK(NS1), GOOD_EDNS(NS2), OPT_OK(NS2)},
     {NULL},
     {{0}}},
    {"no response",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), O(NS1, EO, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {"N11_NO_RESPONSE"},
     {{"N11_NO_RESPONSE", "ns_ip_list", NS1}}},
    {"FORMERR",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), E(NS1, EO, TH_T_SOA, 0, 1, NULL, 0, 0, 0)},
     {"N11_UNEXPECTED_RCODE"},
     {{"N11_UNEXPECTED_RCODE", "rcode", "FORMERR"},
      {"N11_UNEXPECTED_RCODE", "ns_ip_list", NS1}}},
    {"no OPT",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), R(NS1, EO, TH_T_SOA, NULL, H_AA, 0, SOA_RR, NULL)},
     {"N11_NO_EDNS"},
     {{"N11_NO_EDNS", "ns_ip_list", NS1}}},
    {"no SOA",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), E(NS1, EO, TH_T_SOA, H_AA, 0, NULL, 0, 0, 0)},
     {"N11_UNEXPECTED_ANSWER_SECTION"},
     {{"N11_UNEXPECTED_ANSWER_SECTION", "ns_ip_list", NS1}}},
    {"no AA",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), E(NS1, EO, TH_T_SOA, 0, 0, SOA_RR, 0, 0, 0)},
     {"N11_UNSET_AA"},
     {{"N11_UNSET_AA", "ns_ip_list", NS1}}},
    {"option echoed",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {GOOD_EDNS(NS1), OPT_OK(NS1), GOOD_EDNS(NS2),
      E(NS2, EO, TH_T_SOA, H_AA, 0, SOA_RR, 0, 0, 137)},
     {"N11_RETURNS_UNKNOWN_OPTION_CODE"},
     {{"N11_RETURNS_UNKNOWN_OPTION_CODE", "ns_ip_list", NS2}}},
    {"a bad EDNS answer first: not judged",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {E(NS1, ED, TH_T_SOA, 0, 0, SOA_RR, 0, 0, 0),
      O(NS1, EO, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {NULL},
     {{0}}},
};

START_TEST(test_nameserver11)
{
	run_case(&ns11[_i], th_nameserver11, TH_TC_NAMESERVER11);
}
END_TEST

/* ---- NAMESERVER12 ------------------------------------------------------- */

#define EZ TH_QF_EDNSZ

static const struct ncase ns12[] = {
    {"Z bits cleared",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {E(NS1, EZ, TH_T_SOA, H_AA, 0, SOA_RR, 0, 0, 0),
      E(NS2, EZ, TH_T_SOA, H_AA, 0, SOA_RR, 0, 0, 0)},
     {NULL},
     {{0}}},
    {"no response",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {O(NS1, EZ, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {"NO_RESPONSE"},
     {{"NO_RESPONSE", "ns", NSN1}, {"NO_RESPONSE", "domain", DOM}}},
    {"FORMERR",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, EZ, TH_T_SOA, NULL, 0, 1, NULL, NULL)},
     {"NO_EDNS_SUPPORT"},
     {{"NO_EDNS_SUPPORT", "ns", NSN1}}},
    {"Z bits echoed",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {E(NS1, EZ, TH_T_SOA, H_AA, 0, SOA_RR, 0, 3, 0)},
     {"Z_FLAGS_NOTCLEAR"},
     {{"Z_FLAGS_NOTCLEAR", "ns", NSN1}}},
    {"no OPT, and REFUSED",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, EZ, TH_T_SOA, NULL, H_AA, 0, SOA_RR, NULL),
      E(NS2, EZ, TH_T_SOA, 0, REFUSED, NULL, 0, 0, 0)},
     {"NS_ERROR"},
     {{"NS_ERROR", "ns", NSN1}, {"NS_ERROR", "ns", NSN2}}},
};

START_TEST(test_nameserver12)
{
	run_case(&ns12[_i], th_nameserver12, TH_TC_NAMESERVER12);
}
END_TEST

/* ---- NAMESERVER13 ------------------------------------------------------- */

#define D5 TH_QF_DO512
#define DO_FLAG 0x8000u

static const struct ncase ns13[] = {
    {"truncated with OPT",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {E(NS1, D5, TH_T_SOA, H_AA | H_TC, 0, NULL, 0, DO_FLAG, 0),
      E(NS2, D5, TH_T_SOA, H_AA, 0, SOA_RR, 0, DO_FLAG, 0)},
     {NULL},
     {{0}}},
    {"truncated without OPT",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, D5, TH_T_SOA, NULL, H_AA | H_TC, 0, NULL, NULL)},
     {"MISSING_OPT_IN_TRUNCATED"},
     {{"MISSING_OPT_IN_TRUNCATED", "ns", NSN1}}},
    {"FORMERR",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {R(NS1, D5, TH_T_SOA, NULL, 0, 1, NULL, NULL)},
     {"NO_EDNS_SUPPORT"},
     {{"NO_EDNS_SUPPORT", "ns", NSN1}}},
    {"REFUSED",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {E(NS1, D5, TH_T_SOA, 0, REFUSED, NULL, 0, 0, 0)},
     {"NS_ERROR"},
     {{"NS_ERROR", "ns", NSN1}}},
    {"no response",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {O(NS2, D5, TH_T_SOA, NULL, TH_OUT_TIMEOUT)},
     {"NO_RESPONSE"},
     {{"NO_RESPONSE", "ns", NSN2}}},
};

START_TEST(test_nameserver13)
{
	run_case(&ns13[_i], th_nameserver13, TH_TC_NAMESERVER13);
}
END_TEST

/* ---- NAMESERVER15 ------------------------------------------------------- */

#define CH TH_QF_CHAOS
#define VB "version.bind"
#define VS "version.server"
#define SOA_OK(ip) R(ip, P, TH_T_SOA, NULL, H_AA, 0, SOA_RR, NULL)
#define HIDDEN(ip)                                                             \
	R(ip, CH, TH_T_TXT, VB, 0, REFUSED, NULL, NULL),                       \
	    R(ip, CH, TH_T_TXT, VS, H_AA, 0, NULL, NULL)

static const struct ncase ns15[] = {
    {"no version revealed",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {SOA_OK(NS1), HIDDEN(NS1), SOA_OK(NS2), HIDDEN(NS2)},
     {"N15_NO_VERSION_REVEALED"},
     {{"N15_NO_VERSION_REVEALED", "ns_list", NSN1 ";" NSN2}}},
    {"a version revealed, trimmed",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {SOA_OK(NS1),
      R(NS1, CH, TH_T_TXT, VB, H_AA, 0,
        "version.bind. 0 CH TXT \"  BIND \" \"9.18.1 \"", NULL),
      R(NS1, CH, TH_T_TXT, VS, 0, REFUSED, NULL, NULL), SOA_OK(NS2),
      HIDDEN(NS2)},
     {"N15_SOFTWARE_VERSION", "N15_NO_VERSION_REVEALED"},
     {{"N15_SOFTWARE_VERSION", "string", "BIND 9.18.1"},
      {"N15_SOFTWARE_VERSION", "query_name", VB},
      {"N15_SOFTWARE_VERSION", "ns_list", NSN1},
      {"N15_NO_VERSION_REVEALED", "ns_list", NSN2}}},
    {"errors on version queries",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {SOA_OK(NS1), R(NS1, CH, TH_T_TXT, VB, 0, 2, NULL, NULL),
      O(NS1, CH, TH_T_TXT, VS, TH_OUT_TIMEOUT)},
     {"N15_ERROR_ON_VERSION_QUERY", "N15_NO_VERSION_REVEALED"},
     {{"N15_ERROR_ON_VERSION_QUERY", "query_name", VB},
      {"N15_ERROR_ON_VERSION_QUERY", "query_name", VS},
      {"N15_ERROR_ON_VERSION_QUERY", "ns_list", NSN1}}},
    {"a version in class IN",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {SOA_OK(NS1), R(NS1, CH, TH_T_TXT, VB, 0, REFUSED, NULL, NULL),
      R(NS1, CH, TH_T_TXT, VS, H_AA, 0, "version.server. 0 IN TXT \"nsd\"",
        NULL)},
     {"N15_WRONG_CLASS", "N15_SOFTWARE_VERSION"},
     {{"N15_WRONG_CLASS", "ns_list", NSN1},
      {"N15_SOFTWARE_VERSION", "query_name", VS}}},
    {"servers silent on SOA are skipped",
     NULL,
     false,
     false,
     false,
     NO_NS,
     {O(NS1, P, TH_T_SOA, NULL, TH_OUT_TIMEOUT),
      O(NS1, CH, TH_T_TXT, VB, TH_OUT_TIMEOUT),
      O(NS1, CH, TH_T_TXT, VS, TH_OUT_TIMEOUT)},
     {NULL},
     {{0}}},
    {"IPv6 disabled",
     NULL,
     false,
     true,
     false,
     {{"ns1.example.se", BOTH, NS1 ",2001:db8::1", false}},
     {SOA_OK(NS1), HIDDEN(NS1)},
     {"N15_NO_VERSION_REVEALED", "IPV6_DISABLED"},
     {{"IPV6_DISABLED", "rrtype", "SOA TXT"}}},
};

START_TEST(test_nameserver15)
{
	run_case(&ns15[_i], th_nameserver15, TH_TC_NAMESERVER15);
}
END_TEST

/* ---- the module --------------------------------------------------------- */

/* The entry point runs the enabled test cases, in order. */
START_TEST(test_nameserver_run)
{
	static const struct nrep reps[] = {
	    N01(NS1, 0, REFUSED),
	    GOOD_EDNS(NS1),
	    R(NS1, T, AXFR, NULL, 0, REFUSED, NULL, NULL),
	    SOA_OK(NS1),
	    HIDDEN(NS1),
	};
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.profile.enabled[TH_TC_NAMESERVER03] = false;
	canned_ns(&fx.ev, "ns1.example.se", BOTH, NS1);
	for (int i = 0; i < N_ELEMS(reps); i++)
		add_reply(&fx.ev, DOM, &reps[i]);
	th_nameserver_run(&fx.ctx);
	ck_assert_int_eq(fx.rep.err, 0);
	ck_assert(tagcheck_has(&fx.rep, TH_TC_NAMESERVER01, "NO_RECURSOR"));
	ck_assert(tagcheck_has(&fx.rep, TH_TC_NAMESERVER02, "EDNS0_SUPPORT"));
	ck_assert(tagcheck_has(&fx.rep, TH_TC_NAMESERVER06, "CAN_BE_RESOLVED"));
	ck_assert(tagcheck_has(&fx.rep, TH_TC_NAMESERVER15,
	                       "N15_NO_VERSION_REVEALED"));
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_NAMESERVER03, TH_LEVEL_DEBUG3), 0);
	tagcheck_assert_in_order(&fx.rep, TH_TC_NAMESERVER01);
	enginefx_free(&fx);
}
END_TEST

/* Every tag of the module has a text and the catalogue's level. */
START_TEST(test_nameserver_catalogue)
{
	static const struct tagcheck_spot spot[] = {
	    {"NAMESERVER01", "IS_A_RECURSOR", "ERROR"},
	    {"NAMESERVER01", "NO_RESPONSE", "DEBUG"},
	    {"NAMESERVER02", "BREAKS_ON_EDNS", "ERROR"},
	    {"NAMESERVER02", "NS_ERROR", "WARNING"},
	    {"NAMESERVER02", "EDNS0_SUPPORT", "INFO"},
	    {"NAMESERVER03", "AXFR_AVAILABLE", "NOTICE"},
	    {"NAMESERVER03", "AXFR_FAILURE", "INFO"},
	    {"NAMESERVER04", "DIFFERENT_SOURCE_IP", "WARNING"},
	    {"NAMESERVER05", "AAAA_BAD_RDATA", "ERROR"},
	    {"NAMESERVER05", "A_UNEXPECTED_RCODE", "WARNING"},
	    {"NAMESERVER05", "IPV4_DISABLED", "DEBUG"},
	    {"NAMESERVER06", "NO_RESOLUTION", "ERROR"},
	    {"NAMESERVER07", "UPWARD_REFERRAL", "WARNING"},
	    {"NAMESERVER07", "UPWARD_REFERRAL_IRRELEVANT", "INFO"},
	    {"NAMESERVER08", "QNAME_CASE_INSENSITIVE", "WARNING"},
	    {"NAMESERVER09", "CASE_QUERIES_RESULTS_DIFFER", "ERROR"},
	    {"NAMESERVER09", "CASE_QUERY_SAME_RC", "DEBUG"},
	    {"NAMESERVER10", "N10_UNEXPECTED_RCODE", "WARNING"},
	    {"NAMESERVER11", "N11_RETURNS_UNKNOWN_OPTION_CODE", "WARNING"},
	    {"NAMESERVER12", "Z_FLAGS_NOTCLEAR", "DEBUG"},
	    {"NAMESERVER13", "MISSING_OPT_IN_TRUNCATED", "WARNING"},
	    {"NAMESERVER15", "N15_WRONG_CLASS", "WARNING"},
	    {"NAMESERVER15", "N15_SOFTWARE_VERSION", "NOTICE"},
	    {"NAMESERVER15", "N15_NO_VERSION_REVEALED", "INFO"},
	};

	/* 01 5, 02 9, 03 4, 04 4, 05 8, 06 3, 07 5, 08 4, 09 9, 10 5,
	 * 11 8, 12 6, 13 6, 15 6 */
	tagcheck_assert_catalogue(TH_MOD_NAMESERVER, 82, spot, N_ELEMS(spot));
}
END_TEST

Suite *
suite_nameserver(void)
{
	Suite *s = suite_create("nameserver");
	TCase *tc = tcase_create("Cases");
	TCase *mod = tcase_create("Module");

	tcase_add_loop_test(tc, test_nameserver01, 0, N_ELEMS(ns01));
	tcase_add_loop_test(tc, test_nameserver02, 0, N_ELEMS(ns02));
	tcase_add_loop_test(tc, test_nameserver03, 0, N_ELEMS(ns03));
	tcase_add_loop_test(tc, test_nameserver04, 0, N_ELEMS(ns04));
	tcase_add_loop_test(tc, test_nameserver05, 0, N_ELEMS(ns05));
	tcase_add_loop_test(tc, test_nameserver06, 0, N_ELEMS(ns06));
	tcase_add_loop_test(tc, test_nameserver07, 0, N_ELEMS(ns07));
	tcase_add_loop_test(tc, test_nameserver08, 0, N_ELEMS(ns08));
	tcase_add_loop_test(tc, test_nameserver09, 0, N_ELEMS(ns09));
	tcase_add_loop_test(tc, test_nameserver10, 0, N_ELEMS(ns10));
	tcase_add_loop_test(tc, test_nameserver11, 0, N_ELEMS(ns11));
	tcase_add_loop_test(tc, test_nameserver12, 0, N_ELEMS(ns12));
	tcase_add_loop_test(tc, test_nameserver13, 0, N_ELEMS(ns13));
	tcase_add_loop_test(tc, test_nameserver15, 0, N_ELEMS(ns15));
	tcase_add_test(mod, test_nameserver_run);
	tcase_add_test(mod, test_nameserver_catalogue);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, mod);
	return s;
}
