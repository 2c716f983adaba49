/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_connectivity.c -- unit tests for engine/connectivity:
 * CONNECTIVITY01-04 over canned evidence, one table per test case, each
 * row the exact set of tags the test case must emit (levels DEBUG and up)
 * and key arguments; then the module's run order.
 *
 * Unless a row says otherwise the zone is example.se with two name
 * servers in both NS sets, ns1.example.se (192.0.2.1) and ns2.example.se
 * (192.0.2.2); replies are written in zone-file syntax (tests/support/
 * canned.h). CONNECTIVITY03/04 read the small prefix table TABLE below.
 */
#include "engine/asn.h"
#include "engine/connectivity.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"

#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define DOM "example.se"
#define NS1 "192.0.2.1"
#define NS2 "192.0.2.2"
#define AA CANNED_AA
#define BOTH (TH_EV_DEL | TH_EV_CHILD)
#define UDP TH_QF_PLAIN
#define TCP TH_QF_TCP

#define SOA_RR                                                                 \
	"example.se. 3600 IN SOA ns1.example.se. hostmaster.example.se. 5 "    \
	"14400 3600 604800 3600"
#define NS_RR                                                                  \
	"example.se. 3600 IN NS ns1.example.se.;"                              \
	"example.se. 3600 IN NS ns2.example.se."

#define TABLE                                                                  \
	"# test table\n"                                                       \
	"192.0.2.0/24 64500\n"                                                 \
	"198.51.100.0/24 64501\n"                                              \
	"203.0.113.0/24 64502,64503\n"                                         \
	"203.0.113.128/25 64503,64502\n"                                       \
	"2001:db8::/32 64510\n"                                                \
	"2001:db8:1::/48 64511\n"

/* A name server row: name, NS sets (src), addresses ("a,b" or NULL). */
#define NSR(n, s, a)                                                           \
	{                                                                      \
		.name = n, .src = s, .addrs = a                                \
	}

/* Replies: (server, flavour, qtype, flags, rcode, answer records); O()
 * for a reply without a message (timeout, malformed, ...). */
#define R(i, fv, qt, fl, rc, ans)                                              \
	{                                                                      \
		.ip = i, .f = fv, .qtype = qt, .flags = fl, .rcode = rc,       \
		.answer = ans, .outcome = TH_OUT_ANSWER                        \
	}
#define O(i, fv, qt, out)                                                      \
	{                                                                      \
		.ip = i, .f = fv, .qtype = qt, .outcome = out                  \
	}
/* A server that answers both queries as it should. */
#define GOOD(ip, f)                                                            \
	R(ip, f, TH_T_SOA, AA, 0, SOA_RR), R(ip, f, TH_T_NS, AA, 0, NS_RR)

struct ccase {
	const char *name;
	bool no4, no6;            /* families not in use */
	bool no_table;            /* CONNECTIVITY03/04 without --asn-db */
	struct enginefx_ns ns[4]; /* ns[0].name NULL: ns1 and ns2 */
	struct enginefx_reply rep[8];
	const char *tags[12]; /* the exact set expected */
	struct tagcheck_arg arg[4];
};

static const struct enginefx_ns two_ns[] = {
    NSR("ns1.example.se", BOTH, NS1),
    NSR("ns2.example.se", BOTH, NS2),
};

static void
build(struct enginefx *fx, const struct ccase *c)
{
	if (c->ns[0].name == NULL)
		enginefx_add_ns(fx, two_ns, N_ELEMS(two_ns));
	enginefx_add_ns(fx, c->ns, N_ELEMS(c->ns));
	enginefx_add_replies(fx, c->rep, N_ELEMS(c->rep));
	fx->ev.ipv4 = !c->no4;
	fx->ev.ipv6 = !c->no6;
}

static struct th_asn_db *
table(void)
{
	struct th_asn_db *db;
	char err[128];

	ck_assert_msg(th_asn_db_load_mem(&db, TABLE, strlen(TABLE), err,
	                                 sizeof(err)) == 0,
	              "table: %s", err);
	return db;
}

typedef void tc_fn(const struct th_engine_ctx *ctx);

/* Any message may carry a row's argument: several name one server each. */
static void
run_case(const struct ccase *c, tc_fn *fn, enum th_testcase tc)
{
	struct th_asn_db *db = c->no_table ? NULL : table();
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.conf.asn = db;
	build(&fx, c);
	fn(&fx.ctx);
	tagcheck_assert_emitted(&fx.rep, tc, c->name, c->tags,
	                        N_ELEMS(c->tags));
	tagcheck_assert_any_args(&fx.rep, tc, c->name, c->arg, N_ELEMS(c->arg));
	enginefx_free(&fx);
	th_asn_db_free(db);
}

/* ---- CONNECTIVITY01 ------------------------------------------------------ */

#define NSN2 "ns2.example.se/192.0.2.2"
#define WRONG_SOA                                                              \
	"other.se. 3600 IN SOA ns1.example.se. hostmaster.example.se. 5 "      \
	"14400 3600 604800 3600"
#define WRONG_NS "other.se. 3600 IN NS ns1.example.se."

static const struct ccase cn01[] = {
    {"every server answers",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), GOOD(NS2, UDP)},
     {NULL},
     {{0}}},
    {"replies never sent are no data",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP)},
     {NULL},
     {{0}}},
    {"server silent on both queries",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), O(NS2, UDP, TH_T_SOA, TH_OUT_TIMEOUT),
      O(NS2, UDP, TH_T_NS, TH_OUT_NETWORK_ERROR)},
     {"CN01_NO_RESPONSE_UDP"},
     {{"CN01_NO_RESPONSE_UDP", "ns", NSN2}}},
    {"no answer to SOA only",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), O(NS2, UDP, TH_T_SOA, TH_OUT_TIMEOUT),
      R(NS2, UDP, TH_T_NS, AA, 0, NS_RR)},
     {"CN01_NO_RESPONSE_SOA_QUERY_UDP"},
     {{"CN01_NO_RESPONSE_SOA_QUERY_UDP", "ns", NSN2}}},
    {"malformed answer to NS",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), R(NS2, UDP, TH_T_SOA, AA, 0, SOA_RR),
      O(NS2, UDP, TH_T_NS, TH_OUT_MALFORMED)},
     {"CN01_NO_RESPONSE_NS_QUERY_UDP"},
     {{"CN01_NO_RESPONSE_NS_QUERY_UDP", "ns", NSN2}}},
    {"REFUSED and SERVFAIL",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), R(NS2, UDP, TH_T_SOA, 0, 5, NULL),
      R(NS2, UDP, TH_T_NS, 0, 2, NULL)},
     {"CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP",
      "CN01_UNEXPECTED_RCODE_NS_QUERY_UDP"},
     {{"CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP", "rcode", "REFUSED"},
      {"CN01_UNEXPECTED_RCODE_NS_QUERY_UDP", "rcode", "SERVFAIL"},
      {"CN01_UNEXPECTED_RCODE_NS_QUERY_UDP", "ns", NSN2}}},
    {"empty answer sections",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), R(NS2, UDP, TH_T_SOA, AA, 0, NULL),
      R(NS2, UDP, TH_T_NS, AA, 0, NULL)},
     {"CN01_MISSING_SOA_RECORD_UDP", "CN01_MISSING_NS_RECORD_UDP"},
     {{"CN01_MISSING_SOA_RECORD_UDP", "ns", NSN2}}},
    {"records of another owner",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), R(NS2, UDP, TH_T_SOA, AA, 0, WRONG_SOA),
      R(NS2, UDP, TH_T_NS, AA, 0, WRONG_NS)},
     {"CN01_WRONG_SOA_RECORD_UDP", "CN01_WRONG_NS_RECORD_UDP"},
     {{"CN01_WRONG_SOA_RECORD_UDP", "domain_found", "other.se"},
      {"CN01_WRONG_SOA_RECORD_UDP", "domain_expected", "example.se"},
      {"CN01_WRONG_NS_RECORD_UDP", "domain_found", "other.se"}}},
    {"answers without AA",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), R(NS2, UDP, TH_T_SOA, 0, 0, SOA_RR),
      R(NS2, UDP, TH_T_NS, 0, 0, NS_RR)},
     {"CN01_SOA_RECORD_NOT_AA_UDP", "CN01_NS_RECORD_NOT_AA_UDP"},
     {{"CN01_NS_RECORD_NOT_AA_UDP", "ns", NSN2}}},
    {"TCP replies do not count over UDP",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, UDP), O(NS2, TCP, TH_T_SOA, TH_OUT_TIMEOUT),
      O(NS2, TCP, TH_T_NS, TH_OUT_TIMEOUT)},
     {NULL},
     {{0}}},
    {"IPv6 disabled",
     false,
     true,
     false,
     {NSR("ns1.example.se", BOTH, NS1 ",2001:db8::1"),
      NSR("ns2.example.se", BOTH, NS2)},
     {GOOD(NS1, UDP), GOOD(NS2, UDP)},
     {"CN01_IPV6_DISABLED", "IPV6_DISABLED"},
     {{"CN01_IPV6_DISABLED", "ns_list", "ns1.example.se/2001:db8::1"},
      {"IPV6_DISABLED", "rrtype", "SOA"},
      {"IPV6_DISABLED", "rrtype", "NS"}}},
    {"IPv4 disabled",
     true,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1 ",2001:db8::1"),
      NSR("ns2.example.se", BOTH, NS2)},
     {GOOD("2001:db8::1", UDP)},
     {"CN01_IPV4_DISABLED", "IPV4_DISABLED"},
     {{"CN01_IPV4_DISABLED", "ns_list",
       "ns1.example.se/192.0.2.1;ns2.example.se/192.0.2.2"},
      {"IPV4_DISABLED", "ns", "ns2.example.se/192.0.2.2"}}},
    {"names from either NS set",
     false,
     false,
     false,
     {NSR("ns1.example.se", TH_EV_DEL, NS1),
      NSR("ns3.other.se", TH_EV_CHILD, "198.51.100.3")},
     {GOOD(NS1, UDP), O("198.51.100.3", UDP, TH_T_SOA, TH_OUT_TIMEOUT),
      O("198.51.100.3", UDP, TH_T_NS, TH_OUT_TIMEOUT)},
     {"CN01_NO_RESPONSE_UDP"},
     {{"CN01_NO_RESPONSE_UDP", "ns", "ns3.other.se/198.51.100.3"}}},
};

START_TEST(test_connectivity01)
{
	run_case(&cn01[_i], th_connectivity01, TH_TC_CONNECTIVITY01);
}
END_TEST

/* ---- CONNECTIVITY02 ------------------------------------------------------ */

#define NSN1 "ns1.example.se/192.0.2.1"

static const struct ccase cn02[] = {
    {"every server answers over TCP",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, TCP), GOOD(NS2, TCP)},
     {NULL},
     {{0}}},
    {"UDP replies do not count over TCP",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, TCP), O(NS2, UDP, TH_T_SOA, TH_OUT_TIMEOUT),
      O(NS2, UDP, TH_T_NS, TH_OUT_TIMEOUT)},
     {NULL},
     {{0}}},
    {"no TCP at all",
     false,
     false,
     false,
     {{0}},
     {O(NS1, TCP, TH_T_SOA, TH_OUT_NETWORK_ERROR),
      O(NS1, TCP, TH_T_NS, TH_OUT_NETWORK_ERROR), GOOD(NS2, TCP)},
     {"CN02_NO_RESPONSE_TCP"},
     {{"CN02_NO_RESPONSE_TCP", "ns", NSN1}}},
    {"one query unanswered each",
     false,
     false,
     false,
     {{0}},
     {O(NS1, TCP, TH_T_SOA, TH_OUT_TIMEOUT), R(NS1, TCP, TH_T_NS, AA, 0, NS_RR),
      R(NS2, TCP, TH_T_SOA, AA, 0, SOA_RR),
      O(NS2, TCP, TH_T_NS, TH_OUT_TIMEOUT)},
     {"CN02_NO_RESPONSE_SOA_QUERY_TCP", "CN02_NO_RESPONSE_NS_QUERY_TCP"},
     {{"CN02_NO_RESPONSE_SOA_QUERY_TCP", "ns", NSN1},
      {"CN02_NO_RESPONSE_NS_QUERY_TCP", "ns", NSN2}}},
    {"NOTAUTH and NXDOMAIN",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, TCP), R(NS2, TCP, TH_T_SOA, AA, 9, NULL),
      R(NS2, TCP, TH_T_NS, AA, 3, NULL)},
     {"CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP",
      "CN02_UNEXPECTED_RCODE_NS_QUERY_TCP"},
     {{"CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP", "rcode", "NOTAUTH"},
      {"CN02_UNEXPECTED_RCODE_NS_QUERY_TCP", "rcode", "NXDOMAIN"}}},
    {"empty answers over TCP",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, TCP), R(NS2, TCP, TH_T_SOA, AA, 0, NULL),
      R(NS2, TCP, TH_T_NS, AA, 0, NULL)},
     {"CN02_MISSING_SOA_RECORD_TCP", "CN02_MISSING_NS_RECORD_TCP"},
     {{"CN02_MISSING_NS_RECORD_TCP", "ns", NSN2}}},
    {"wrong owners over TCP",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, TCP), R(NS2, TCP, TH_T_SOA, AA, 0, WRONG_SOA),
      R(NS2, TCP, TH_T_NS, AA, 0, WRONG_NS)},
     {"CN02_WRONG_SOA_RECORD_TCP", "CN02_WRONG_NS_RECORD_TCP"},
     {{"CN02_WRONG_NS_RECORD_TCP", "domain_found", "other.se"},
      {"CN02_WRONG_NS_RECORD_TCP", "domain_expected", "example.se"}}},
    {"no AA over TCP",
     false,
     false,
     false,
     {{0}},
     {GOOD(NS1, TCP), R(NS2, TCP, TH_T_SOA, 0, 0, SOA_RR),
      R(NS2, TCP, TH_T_NS, 0, 0, NS_RR)},
     {"CN02_SOA_RECORD_NOT_AA_TCP", "CN02_NS_RECORD_NOT_AA_TCP"},
     {{"CN02_SOA_RECORD_NOT_AA_TCP", "ns", NSN2}}},
    {"IPv6 disabled over TCP",
     false,
     true,
     false,
     {NSR("ns1.example.se", BOTH, NS1 ",2001:db8::1"),
      NSR("ns2.example.se", BOTH, NS2)},
     {GOOD(NS1, TCP), GOOD(NS2, TCP)},
     {"IPV6_DISABLED"},
     {{"IPV6_DISABLED", "ns", "ns1.example.se/2001:db8::1"}}},
};

START_TEST(test_connectivity02)
{
	run_case(&cn02[_i], th_connectivity02, TH_TC_CONNECTIVITY02);
}
END_TEST

/* ---- CONNECTIVITY03 ------------------------------------------------------ */

#define ASN_DEBUG                                                              \
	"ASN_INFOS_RAW", "ASN_INFOS_ANNOUNCE_BY", "ASN_INFOS_ANNOUNCE_IN"

static const struct ccase cn03[] = {
    {"two ASs",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1),
      NSR("ns2.example.se", BOTH, "198.51.100.2")},
     {{0}},
     {"IPV4_DIFFERENT_ASN", ASN_DEBUG},
     {{"IPV4_DIFFERENT_ASN", "asn_list", "64500,64501"},
      {"ASN_INFOS_ANNOUNCE_BY", "asn", "64501"},
      {"ASN_INFOS_ANNOUNCE_IN", "prefix", "198.51.100.0/24"},
      {"ASN_INFOS_RAW", "data", "192.0.2.0/24 64500"}}},
    {"one AS",
     false,
     false,
     false,
     {{0}},
     {{0}},
     {"IPV4_ONE_ASN", ASN_DEBUG},
     {{"IPV4_ONE_ASN", "asn", "64500"},
      {"ASN_INFOS_ANNOUNCE_IN", "ns_ip", "192.0.2.2"}}},
    {"the same AS set everywhere",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, "203.0.113.1"),
      NSR("ns2.example.se", BOTH, "203.0.113.129")},
     {{0}},
     {"IPV4_SAME_ASN", ASN_DEBUG},
     {{"IPV4_SAME_ASN", "asn_list", "64502,64503"},
      {"ASN_INFOS_ANNOUNCE_IN", "prefix", "203.0.113.128/25"},
      {"ASN_INFOS_ANNOUNCE_BY", "asn", "64502,64503"}}},
    {"overlapping AS sets",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, "203.0.113.1"),
      NSR("ns2.example.se", BOTH, NS2)},
     {{0}},
     {"IPV4_DIFFERENT_ASN", ASN_DEBUG},
     {{"IPV4_DIFFERENT_ASN", "asn_list", "64500,64502,64503"}}},
    {"each family on its own",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1 ",2001:db8::1"),
      NSR("ns2.example.se", BOTH, NS2 ",2001:db8:1::2")},
     {{0}},
     {"IPV4_ONE_ASN", "IPV6_DIFFERENT_ASN", ASN_DEBUG},
     {{"IPV6_DIFFERENT_ASN", "asn_list", "64510,64511"},
      {"ASN_INFOS_ANNOUNCE_IN", "prefix", "2001:db8:1::/48"}}},
    {"IPv6 only in one AS",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, "2001:db8::1"),
      NSR("ns2.example.se", BOTH, "2001:db8::2")},
     {{0}},
     {"IPV6_ONE_ASN", ASN_DEBUG},
     {{"IPV6_ONE_ASN", "asn", "64510"}}},
    {"address without a covering prefix",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1),
      NSR("ns2.example.se", BOTH, "10.0.0.1")},
     {{0}},
     {"EMPTY_ASN_SET", "IPV4_ONE_ASN", ASN_DEBUG},
     {{"EMPTY_ASN_SET", "ns_ip", "10.0.0.1"}}},
    {"no table given",
     false,
     false,
     true,
     {{0}},
     {{0}},
     {"ERROR_ASN_DATABASE"},
     {{"ERROR_ASN_DATABASE", "ns_ip", "192.0.2.1"},
      {"ERROR_ASN_DATABASE", "ns_ip", "192.0.2.2"}}},
    {"a disabled family is still looked up",
     false,
     true,
     false,
     {NSR("ns1.example.se", BOTH, NS1 ",2001:db8::1"),
      NSR("ns2.example.se", BOTH, NS2 ",2001:db8::2")},
     {{0}},
     {"IPV4_ONE_ASN", "IPV6_ONE_ASN", ASN_DEBUG},
     {{"IPV6_ONE_ASN", "asn", "64510"}}},
};

START_TEST(test_connectivity03)
{
	run_case(&cn03[_i], th_connectivity03, TH_TC_CONNECTIVITY03);
}
END_TEST

/* ---- CONNECTIVITY04 ------------------------------------------------------ */

#define PFX_DEBUG "ASN_INFOS_RAW", "ASN_INFOS_ANNOUNCE_IN"

static const struct ccase cn04[] = {
    {"different prefixes",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1),
      NSR("ns2.example.se", BOTH, "198.51.100.2")},
     {{0}},
     {"CN04_IPV4_DIFFERENT_PREFIX", PFX_DEBUG},
     {{"CN04_IPV4_DIFFERENT_PREFIX", "ns_list",
       "ns1.example.se/192.0.2.1;ns2.example.se/198.51.100.2"}}},
    {"one prefix for all",
     false,
     false,
     false,
     {{0}},
     {{0}},
     {"CN04_IPV4_SAME_PREFIX", "CN04_IPV4_SINGLE_PREFIX", PFX_DEBUG},
     {{"CN04_IPV4_SAME_PREFIX", "ip_prefix", "192.0.2.0/24"},
      {"CN04_IPV4_SAME_PREFIX", "ns_list",
       "ns1.example.se/192.0.2.1;ns2.example.se/192.0.2.2"}}},
    {"two in one prefix, one apart",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1), NSR("ns2.example.se", BOTH, NS2),
      NSR("ns3.example.se", BOTH, "198.51.100.3")},
     {{0}},
     {"CN04_IPV4_SAME_PREFIX", "CN04_IPV4_DIFFERENT_PREFIX", PFX_DEBUG},
     {{"CN04_IPV4_DIFFERENT_PREFIX", "ns_list",
       "ns3.example.se/198.51.100.3"}}},
    {"a single name server",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1)},
     {{0}},
     {"CN04_IPV4_DIFFERENT_PREFIX", "CN04_IPV4_SINGLE_PREFIX", PFX_DEBUG},
     {{0}}},
    {"the most specific prefix counts",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, "203.0.113.1"),
      NSR("ns2.example.se", BOTH, "203.0.113.129")},
     {{0}},
     {"CN04_IPV4_DIFFERENT_PREFIX", PFX_DEBUG},
     {{"ASN_INFOS_ANNOUNCE_IN", "prefix", "203.0.113.128/25"}}},
    {"address without a covering prefix",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1),
      NSR("ns2.example.se", BOTH, "10.0.0.1")},
     {{0}},
     {"CN04_EMPTY_PREFIX_SET", "CN04_IPV4_DIFFERENT_PREFIX", PFX_DEBUG},
     {{"CN04_EMPTY_PREFIX_SET", "ns_ip", "10.0.0.1"}}},
    {"no table given",
     false,
     false,
     true,
     {{0}},
     {{0}},
     {"CN04_ERROR_PREFIX_DATABASE"},
     {{"CN04_ERROR_PREFIX_DATABASE", "ns_ip", "192.0.2.2"}}},
    {"IPv6 in one prefix, IPv4 apart",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1 ",2001:db8::1"),
      NSR("ns2.example.se", BOTH, "198.51.100.2,2001:db8::2")},
     {{0}},
     {"CN04_IPV4_DIFFERENT_PREFIX", "CN04_IPV6_SAME_PREFIX",
      "CN04_IPV6_SINGLE_PREFIX", PFX_DEBUG},
     {{"CN04_IPV6_SAME_PREFIX", "ip_prefix", "2001:db8::/32"},
      {"CN04_IPV6_SAME_PREFIX", "ns_list",
       "ns1.example.se/2001:db8::1;ns2.example.se/2001:db8::2"}}},
    {"two names on one address share its prefix",
     false,
     false,
     false,
     {NSR("ns1.example.se", BOTH, NS1), NSR("ns2.example.se", BOTH, NS1),
      NSR("ns3.example.se", BOTH, "198.51.100.3")},
     {{0}},
     {"CN04_IPV4_SAME_PREFIX", "CN04_IPV4_DIFFERENT_PREFIX", PFX_DEBUG},
     {{"CN04_IPV4_SAME_PREFIX", "ns_list",
       "ns1.example.se/192.0.2.1;ns2.example.se/192.0.2.1"}}},
};

START_TEST(test_connectivity04)
{
	run_case(&cn04[_i], th_connectivity04, TH_TC_CONNECTIVITY04);
}
END_TEST

/* ---- the module ---------------------------------------------------------- */

/* The entry point runs the enabled test cases, in order. */
START_TEST(test_connectivity_run)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.profile.enabled[TH_TC_CONNECTIVITY02] = false;
	canned_ns(&fx.ev, "ns1.example.se", BOTH, NS1);
	canned_reply(&fx.ev, NS1, UDP, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&fx.ev, NS1, UDP, DOM, TH_T_NS,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&fx.ev, NS1, TCP, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&fx.ev, NS1, TCP, DOM, TH_T_NS,
	             canned_outcome(TH_OUT_TIMEOUT));
	th_connectivity_run(&fx.ctx);
	ck_assert(
	    th_report_has(&fx.rep, TH_TAG_CONNECTIVITY01_CN01_NO_RESPONSE_UDP));
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_CONNECTIVITY02, TH_LEVEL_DEBUG3), 0);
	ck_assert(
	    th_report_has(&fx.rep, TH_TAG_CONNECTIVITY03_ERROR_ASN_DATABASE));
	ck_assert(th_report_has(
	    &fx.rep, TH_TAG_CONNECTIVITY04_CN04_ERROR_PREFIX_DATABASE));
	tagcheck_assert_in_order(&fx.rep, TH_TC_CONNECTIVITY01);
	enginefx_free(&fx);
}
END_TEST

/* Every tag of the module has a text and the catalogue's level. */
START_TEST(test_connectivity_catalogue)
{
	static const struct tagcheck_spot spot[] = {
	    {"CONNECTIVITY01", "CN01_NO_RESPONSE_UDP", "WARNING"},
	    {"CONNECTIVITY01", "CN01_IPV4_DISABLED", "NOTICE"},
	    {"CONNECTIVITY01", "IPV6_DISABLED", "DEBUG"},
	    {"CONNECTIVITY02", "CN02_WRONG_SOA_RECORD_TCP", "WARNING"},
	    {"CONNECTIVITY02", "IPV4_DISABLED", "DEBUG"},
	    {"CONNECTIVITY03", "IPV4_ONE_ASN", "WARNING"},
	    {"CONNECTIVITY03", "EMPTY_ASN_SET", "NOTICE"},
	    {"CONNECTIVITY03", "ERROR_ASN_DATABASE", "NOTICE"},
	    {"CONNECTIVITY03", "IPV6_SAME_ASN", "NOTICE"},
	    {"CONNECTIVITY03", "IPV6_DIFFERENT_ASN", "INFO"},
	    {"CONNECTIVITY03", "ASN_INFOS_ANNOUNCE_BY", "DEBUG"},
	    {"CONNECTIVITY04", "CN04_IPV6_SINGLE_PREFIX", "WARNING"},
	    {"CONNECTIVITY04", "CN04_IPV4_SAME_PREFIX", "NOTICE"},
	    {"CONNECTIVITY04", "CN04_ERROR_PREFIX_DATABASE", "NOTICE"},
	    {"CONNECTIVITY04", "CN04_IPV4_DIFFERENT_PREFIX", "INFO"},
	    {"CONNECTIVITY04", "ASN_INFOS_RAW", "DEBUG"},
	};
	/* CONNECTIVITY01 15, 02 13, 03 11, 04 10 */
	tagcheck_assert_catalogue(TH_MOD_CONNECTIVITY, 49, spot, N_ELEMS(spot));
}
END_TEST

Suite *
suite_connectivity(void)
{
	Suite *s = suite_create("connectivity");
	TCase *tc = tcase_create("Cases");
	TCase *mod = tcase_create("Module");

	tcase_add_loop_test(tc, test_connectivity01, 0, N_ELEMS(cn01));
	tcase_add_loop_test(tc, test_connectivity02, 0, N_ELEMS(cn02));
	tcase_add_loop_test(tc, test_connectivity03, 0, N_ELEMS(cn03));
	tcase_add_loop_test(tc, test_connectivity04, 0, N_ELEMS(cn04));
	tcase_add_test(mod, test_connectivity_run);
	tcase_add_test(mod, test_connectivity_catalogue);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, mod);
	return s;
}
