/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_consistency.c -- unit tests for engine/consistency: the RFC 1982
 * serial helpers, then CONSISTENCY01-06 over canned evidence, one table
 * per test case, each row the exact set of tags the test case must emit
 * (levels DEBUG and up) and key arguments; then the module's run order.
 *
 * Unless a row says otherwise the zone is example.se with two name
 * servers in both NS sets, ns1.example.se (192.0.2.1) and ns2.example.se
 * (192.0.2.2), with glue; replies are written in zone-file syntax
 * (tests/support/canned.h).
 */
#include "engine/consistency.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define DOM "example.se"
#define NS1 "192.0.2.1"
#define NS2 "192.0.2.2"
#define NSN1 "ns1.example.se/192.0.2.1"
#define NSN2 "ns2.example.se/192.0.2.2"
#define AA CANNED_AA
#define BOTH (TH_EV_DEL | TH_EV_CHILD)

/* A SOA record: MNAME, RNAME, serial and the four timers. */
#define SOA(mname, rname, serial, refresh, retry, expire, minimum)             \
	"example.se. 3600 IN SOA " mname " " rname " " #serial " " #refresh    \
	" " #retry " " #expire " " #minimum
#define SOA_S(serial)                                                          \
	SOA("ns1.example.se.", "hostmaster.example.se.", serial, 14400, 3600,  \
	    604800, 3600)
#define SOA_OK SOA_S(5)
#define NS_RR(a, b) "example.se. 3600 IN NS " a ";example.se. 3600 IN NS " b

/* A name server row: name, NS sets (src), addresses ("a,b" or NULL);
 * GLUE() when the parent gave the addresses as glue. */
#define NSR(n, s, a)                                                           \
	{                                                                      \
		.name = n, .src = s, .addrs = a                                \
	}
#define GLUE(n, s, a)                                                          \
	{                                                                      \
		.name = n, .src = s, .addrs = a, .glue = true                  \
	}

/* Replies: (server, qtype, qname or NULL for the zone, flags, rcode,
 * answer); O() for a reply without a message, T() for a timeout, REF()
 * for a referral (no answer, the NS records in authority). */
#define R(i, qt, qn, fl, rc, ans)                                              \
	{                                                                      \
		.ip = i, .f = TH_QF_PLAIN, .qtype = qt, .qname = qn,           \
		.flags = fl, .rcode = rc, .answer = ans,                       \
		.outcome = TH_OUT_ANSWER                                       \
	}
#define O(i, qt, qn, out)                                                      \
	{                                                                      \
		.ip = i, .f = TH_QF_PLAIN, .qtype = qt, .qname = qn,           \
		.outcome = out                                                 \
	}
#define T(ip, qt, qn) O(ip, qt, qn, TH_OUT_TIMEOUT)
#define REF(i, qt, qn, auth)                                                   \
	{                                                                      \
		.ip = i, .f = TH_QF_PLAIN, .qtype = qt, .qname = qn,           \
		.authority = auth, .outcome = TH_OUT_ANSWER                    \
	}
/* Both servers give the same answer. */
#define R2(qt, qn, fl, rc, ans)                                                \
	R(NS1, qt, qn, fl, rc, ans), R(NS2, qt, qn, fl, rc, ans)
/* A lookup of qname's addresses ("a,b" or NULL). */
#define LK(qn, st, ad)                                                         \
	{                                                                      \
		.qname = qn, .status = st, .addrs = ad                         \
	}

struct ccase {
	const char *name;
	bool no4, no6;            /* families not in use */
	struct enginefx_ns ns[4]; /* ns[0].name NULL: ns1 and ns2 with glue */
	struct enginefx_reply rep[12];
	struct enginefx_lookup lk[2];
	const char *tags[10]; /* the exact set expected */
	struct tagcheck_arg arg[4];
};

static const struct enginefx_ns two_ns[] = {
    GLUE("ns1.example.se", BOTH, NS1),
    GLUE("ns2.example.se", BOTH, NS2),
};

static void
build(struct enginefx *fx, const struct ccase *c)
{
	if (c->ns[0].name == NULL)
		enginefx_add_ns(fx, two_ns, N_ELEMS(two_ns));
	enginefx_add_ns(fx, c->ns, N_ELEMS(c->ns));
	enginefx_add_replies(fx, c->rep, N_ELEMS(c->rep));
	enginefx_add_lookups(fx, c->lk, N_ELEMS(c->lk));
	fx->ev.ipv4 = !c->no4;
	fx->ev.ipv6 = !c->no6;
}

typedef void tc_fn(const struct th_engine_ctx *ctx);

/* Any message may carry a row's argument: several name one server each. */
static void
run_case(const struct ccase *c, tc_fn *fn, enum th_testcase tc)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	build(&fx, c);
	fn(&fx.ctx);
	tagcheck_assert_emitted(&fx.rep, tc, c->name, c->tags,
	                        N_ELEMS(c->tags));
	tagcheck_assert_any_args(&fx.rep, tc, c->name, c->arg, N_ELEMS(c->arg));
	enginefx_free(&fx);
}

/* ---- RFC 1982 ------------------------------------------------------------ */

static const struct {
	uint32_t a, b;
	int want;
} serial_cmp[] = {
    {5, 5, 0},
    {1, 2, -1},
    {2, 1, 1},
    {4294967295u, 0, -1}, /* wraps */
    {0, 4294967295u, 1},
    {0, 2147483647u, -1}, /* just under half the space */
    {2147483647u, 0, 1},
    {0, 2147483648u, TH_SERIAL_UNDEFINED},
    {2147483648u, 0, TH_SERIAL_UNDEFINED},
    {100, 2147483749u, 1},
};

START_TEST(test_serial_cmp)
{
	ck_assert_int_eq(
	    th_consistency_serial_cmp(serial_cmp[_i].a, serial_cmp[_i].b),
	    serial_cmp[_i].want);
}
END_TEST

static const struct {
	uint32_t s[4];
	size_t n;
	bool ordered;
	uint32_t min, max;
} serial_range[] = {
    {{5}, 1, true, 5, 5},
    {{6, 5}, 2, true, 5, 6},
    {{10, 5, 7, 5}, 4, true, 5, 10},
    {{1, 4294967295u, 0}, 3, true, 4294967295u, 1},
    {{2147483647u, 0}, 2, true, 0, 2147483647u},
    {{0, 2147483648u}, 2, false, 0, 2147483648u},
    {{0, 1431655765u, 2863311530u}, 3, false, 0, 2863311530u},
    {{3000000000u, 100, 4000000000u}, 3, true, 3000000000u, 100},
};

START_TEST(test_serial_range)
{
	uint32_t lo = 1, hi = 1;

	ck_assert(th_consistency_serial_range(serial_range[_i].s,
	                                      serial_range[_i].n, &lo,
	                                      &hi) == serial_range[_i].ordered);
	ck_assert_uint_eq(lo, serial_range[_i].min);
	ck_assert_uint_eq(hi, serial_range[_i].max);
}
END_TEST

/* ---- CONSISTENCY01 ------------------------------------------------------- */

static const struct ccase c01[] = {
    {"one serial",
     false,
     false,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {"ONE_SOA_SERIAL", "SOA_SERIAL"},
     {{"ONE_SOA_SERIAL", "serial", "5"},
      {"SOA_SERIAL", "ns_list", NSN1 ";" NSN2}}},
    {"two serials",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_S(6)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_S(5))},
     {{0}},
     {"MULTIPLE_SOA_SERIALS", "SOA_SERIAL_VARIATION", "SOA_SERIAL"},
     {{"MULTIPLE_SOA_SERIALS", "count", "2"},
      {"SOA_SERIAL_VARIATION", "serial_min", "5"},
      {"SOA_SERIAL_VARIATION", "serial_max", "6"},
      {"SOA_SERIAL", "ns_list", NSN1}}},
    {"serials across the wrap",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_S(1)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_S(4294967295))},
     {{0}},
     {"MULTIPLE_SOA_SERIALS", "SOA_SERIAL_VARIATION", "SOA_SERIAL"},
     {{"SOA_SERIAL_VARIATION", "serial_min", "4294967295"},
      {"SOA_SERIAL_VARIATION", "serial_max", "1"},
      {"SOA_SERIAL_VARIATION", "max_variation", "0"}}},
    {"serials without an order",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_S(2147483648)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_S(0))},
     {{0}},
     {"MULTIPLE_SOA_SERIALS", "SOA_SERIAL_VARIATION", "SOA_SERIAL"},
     {{"SOA_SERIAL_VARIATION", "serial_min", "0"},
      {"SOA_SERIAL_VARIATION", "serial_max", "2147483648"}}},
    {"a silent server",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK), T(NS2, TH_T_SOA, NULL)},
     {{0}},
     {"ONE_SOA_SERIAL", "SOA_SERIAL", "NO_RESPONSE"},
     {{"NO_RESPONSE", "ns", NSN2}, {"SOA_SERIAL", "ns_list", NSN1}}},
    {"answers that are not authoritative",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK),
      R(NS2, TH_T_SOA, NULL, 0, 0, SOA_S(9))},
     {{0}},
     {"ONE_SOA_SERIAL", "SOA_SERIAL", "NO_RESPONSE_SOA_QUERY"},
     {{"NO_RESPONSE_SOA_QUERY", "ns", NSN2}}},
    {"REFUSED",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK),
      R(NS2, TH_T_SOA, NULL, 0, 5, NULL)},
     {{0}},
     {"ONE_SOA_SERIAL", "SOA_SERIAL", "NO_RESPONSE_SOA_QUERY"},
     {{0}}},
    {"IPv6 disabled",
     false,
     true,
     {GLUE("ns1.example.se", BOTH, NS1 ",2001:db8::1"),
      GLUE("ns2.example.se", BOTH, NS2)},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {"ONE_SOA_SERIAL", "SOA_SERIAL", "IPV6_DISABLED"},
     {{"IPV6_DISABLED", "ns", "ns1.example.se/2001:db8::1"},
      {"IPV6_DISABLED", "rrtype", "SOA"}}},
    {"nothing asked", false, false, {{0}}, {{0}}, {{0}}, {NULL}, {{0}}},
};

START_TEST(test_consistency01)
{
	run_case(&c01[_i], th_consistency01, TH_TC_CONSISTENCY01);
}
END_TEST

/* ---- CONSISTENCY02 ------------------------------------------------------- */

#define SOA_R(rname) SOA("ns1.example.se.", rname, 5, 14400, 3600, 604800, 3600)

static const struct ccase c02[] = {
    {"one RNAME, any case",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_R("hostmaster.example.se.")),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_R("HostMaster.Example.SE."))},
     {{0}},
     {"ONE_SOA_RNAME"},
     {{"ONE_SOA_RNAME", "rname", "hostmaster.example.se"}}},
    {"two RNAMEs",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_R("hostmaster.example.se.")),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_R("dns.example.net."))},
     {{0}},
     {"MULTIPLE_SOA_RNAMES", "SOA_RNAME"},
     {{"MULTIPLE_SOA_RNAMES", "count", "2"},
      {"SOA_RNAME", "rname", "dns.example.net"},
      {"SOA_RNAME", "ns_list", NSN2}}},
    {"a silent server",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK), T(NS2, TH_T_SOA, NULL)},
     {{0}},
     {"ONE_SOA_RNAME", "NO_RESPONSE"},
     {{0}}},
    {"no SOA in the answer",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK),
      R(NS2, TH_T_SOA, NULL, AA, 0, NULL)},
     {{0}},
     {"ONE_SOA_RNAME", "NO_RESPONSE_SOA_QUERY"},
     {{0}}},
    {"IPv4 disabled",
     true,
     false,
     {GLUE("ns1.example.se", BOTH, NS1 ",2001:db8::1")},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK),
      R("2001:db8::1", TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {"ONE_SOA_RNAME", "IPV4_DISABLED"},
     {{"IPV4_DISABLED", "ns", NSN1}}},
};

START_TEST(test_consistency02)
{
	run_case(&c02[_i], th_consistency02, TH_TC_CONSISTENCY02);
}
END_TEST

/* ---- CONSISTENCY03 ------------------------------------------------------- */

static const struct ccase c03[] = {
    {"one set of timers",
     false,
     false,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {"ONE_SOA_TIME_PARAMETER_SET"},
     {{"ONE_SOA_TIME_PARAMETER_SET", "refresh", "14400"},
      {"ONE_SOA_TIME_PARAMETER_SET", "retry", "3600"},
      {"ONE_SOA_TIME_PARAMETER_SET", "expire", "604800"},
      {"ONE_SOA_TIME_PARAMETER_SET", "minimum", "3600"}}},
    {"serials differ, timers do not",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_S(6)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_S(5))},
     {{0}},
     {"ONE_SOA_TIME_PARAMETER_SET"},
     {{0}}},
    {"two sets of timers",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK),
      R(NS2, TH_T_SOA, NULL, AA, 0,
        SOA("ns1.example.se.", "hostmaster.example.se.", 5, 14400, 3600, 604800,
            300))},
     {{0}},
     {"MULTIPLE_SOA_TIME_PARAMETER_SET", "SOA_TIME_PARAMETER_SET"},
     {{"MULTIPLE_SOA_TIME_PARAMETER_SET", "count", "2"},
      {"SOA_TIME_PARAMETER_SET", "minimum", "300"},
      {"SOA_TIME_PARAMETER_SET", "ns_list", NSN2}}},
    {"a broken server",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK),
      O(NS2, TH_T_SOA, NULL, TH_OUT_MALFORMED)},
     {{0}},
     {"ONE_SOA_TIME_PARAMETER_SET", "NO_RESPONSE"},
     {{"NO_RESPONSE", "ns", NSN2}}},
};

START_TEST(test_consistency03)
{
	run_case(&c03[_i], th_consistency03, TH_TC_CONSISTENCY03);
}
END_TEST

/* ---- CONSISTENCY04 ------------------------------------------------------- */

#define NS12 NS_RR("ns1.example.se.", "ns2.example.se.")

static const struct ccase c04[] = {
    {"one NS set, any order and case",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_NS, NULL, AA, 0, NS12),
      R(NS2, TH_T_NS, NULL, AA, 0,
        NS_RR("NS2.example.se.", "ns1.EXAMPLE.se."))},
     {{0}},
     {"ONE_NS_SET"},
     {{"ONE_NS_SET", "nsname_list", "ns1.example.se;ns2.example.se"}}},
    {"two NS sets",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_NS, NULL, AA, 0, NS12),
      R(NS2, TH_T_NS, NULL, AA, 0,
        NS_RR("ns1.example.se.", "ns3.example.se."))},
     {{0}},
     {"MULTIPLE_NS_SET", "NS_SET"},
     {{"MULTIPLE_NS_SET", "count", "2"},
      {"NS_SET", "nsname_list", "ns1.example.se;ns3.example.se"},
      {"NS_SET", "ns_list", NSN2}}},
    {"a subset is another set",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_NS, NULL, AA, 0, NS12),
      R(NS2, TH_T_NS, NULL, AA, 0, "example.se. 3600 IN NS ns1.example.se.")},
     {{0}},
     {"MULTIPLE_NS_SET", "NS_SET"},
     {{"NS_SET", "nsname_list", "ns1.example.se"}}},
    {"only authoritative answers count",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_NS, NULL, AA, 0, NS12),
      R(NS2, TH_T_NS, NULL, 0, 0, NS_RR("ns1.example.se.", "ns3.example.se."))},
     {{0}},
     {"ONE_NS_SET", "NO_RESPONSE_NS_QUERY"},
     {{"NO_RESPONSE_NS_QUERY", "ns", NSN2}}},
    {"a silent server",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_NS, NULL, AA, 0, NS12), T(NS2, TH_T_NS, NULL)},
     {{0}},
     {"ONE_NS_SET", "NO_RESPONSE"},
     {{"NO_RESPONSE", "ns", NSN2}}},
    {"IPv6 disabled",
     false,
     true,
     {GLUE("ns1.example.se", BOTH, NS1 ",2001:db8::1"),
      GLUE("ns2.example.se", BOTH, NS2)},
     {R2(TH_T_NS, NULL, AA, 0, NS12)},
     {{0}},
     {"ONE_NS_SET", "IPV6_DISABLED"},
     {{"IPV6_DISABLED", "rrtype", "NS"}}},
};

START_TEST(test_consistency04)
{
	run_case(&c04[_i], th_consistency04, TH_TC_CONSISTENCY04);
}
END_TEST

/* ---- CONSISTENCY05 ------------------------------------------------------- */

#define N1 "ns1.example.se"
#define N2 "ns2.example.se"
#define A1 "ns1.example.se. 3600 IN A 192.0.2.1"
#define A2 "ns2.example.se. 3600 IN A 192.0.2.2"
/* Both servers answer A and AAAA for both names as the glue says. */
#define ZONE_OK                                                                \
	R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL),             \
	    R2(TH_T_A, N2, AA, 0, A2), R2(TH_T_AAAA, N2, AA, 0, NULL)
#define OOB "ns.other.se"

static const struct ccase c05[] = {
    {"glue matches",
     false,
     false,
     {{0}},
     {ZONE_OK},
     {{0}},
     {"ADDRESSES_MATCH"},
     {{0}}},
    {"glue address not in the zone",
     false,
     false,
     {{0}},
     {R2(TH_T_A, N1, AA, 0, "ns1.example.se. 3600 IN A 192.0.2.11"),
      R2(TH_T_AAAA, N1, AA, 0, NULL), R2(TH_T_A, N2, AA, 0, A2),
      R2(TH_T_AAAA, N2, AA, 0, NULL)},
     {{0}},
     {"IN_BAILIWICK_ADDR_MISMATCH", "EXTRA_ADDRESS_CHILD"},
     {{"IN_BAILIWICK_ADDR_MISMATCH", "parent_addresses", NSN1 ";" NSN2},
      {"IN_BAILIWICK_ADDR_MISMATCH", "zone_addresses",
       "ns1.example.se/192.0.2.11;" NSN2},
      {"EXTRA_ADDRESS_CHILD", "ns_ip_list", "ns1.example.se/192.0.2.11"}}},
    {"zone address not in the glue",
     false,
     false,
     {{0}},
     {R2(TH_T_A, N1, AA, 0, A1),
      R(NS1, TH_T_AAAA, N1, AA, 0, "ns1.example.se. 3600 IN AAAA 2001:db8::1"),
      R(NS2, TH_T_AAAA, N1, AA, 3, NULL), R2(TH_T_A, N2, AA, 0, A2),
      R2(TH_T_AAAA, N2, AA, 0, NULL)},
     {{0}},
     {"EXTRA_ADDRESS_CHILD"},
     {{"EXTRA_ADDRESS_CHILD", "ns_ip_list", "ns1.example.se/2001:db8::1"}}},
    {"every server fails",
     false,
     false,
     {{0}},
     {R2(TH_T_A, N1, 0, 5, NULL), T(NS1, TH_T_AAAA, N1),
      R(NS2, TH_T_AAAA, N1, 0, 0, A1), R2(TH_T_A, N2, AA, 0, A2)},
     {{0}},
     {"CHILD_ZONE_LAME", "CHILD_NS_FAILED", "NO_RESPONSE"},
     {{"CHILD_NS_FAILED", "ns", NSN2},
      {"CHILD_NS_FAILED", "rrtype", "A"},
      {"NO_RESPONSE", "nsname", N1},
      {"NO_RESPONSE", "rrtype", "AAAA"}}},
    {"one server fails",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_A, N1, AA, 0, A1), R(NS1, TH_T_AAAA, N1, AA, 0, NULL),
      R(NS2, TH_T_A, N1, AA, 2, NULL), R(NS2, TH_T_AAAA, N1, AA, 2, NULL),
      R(NS1, TH_T_A, N2, AA, 0, A2), R(NS1, TH_T_AAAA, N2, AA, 0, NULL),
      R(NS2, TH_T_A, N2, AA, 2, NULL), R(NS2, TH_T_AAAA, N2, AA, 2, NULL)},
     {{0}},
     {"CHILD_NS_FAILED", "ADDRESSES_MATCH"},
     {{"CHILD_NS_FAILED", "ns", NSN2}}},
    {"NXDOMAIN for a name not in the zone",
     false,
     false,
     {GLUE("ns1.example.se", BOTH, NS1),
      NSR("ns3.example.se", TH_EV_CHILD, NULL)},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL),
      R2(TH_T_A, "ns3.example.se", AA, 3, NULL),
      R2(TH_T_AAAA, "ns3.example.se", AA, 3, NULL)},
     {{0}},
     {"ADDRESSES_MATCH"},
     {{0}}},
    {"a referral to a zone below",
     false,
     false,
     {GLUE("ns1.example.se", BOTH, NS1),
      GLUE("ns.sub.example.se", TH_EV_DEL, "192.0.2.5")},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL),
      REF(NS1, TH_T_A, "ns.sub.example.se",
          "sub.example.se. 3600 IN NS ns.sub.example.se."),
      REF(NS1, TH_T_AAAA, "ns.sub.example.se",
          "sub.example.se. 3600 IN NS ns.sub.example.se.")},
     {LK("ns.sub.example.se", TH_RES_ANSWER, "192.0.2.5")},
     {"ADDRESSES_MATCH"},
     {{0}}},
    {"a referral to the zone itself is a failure",
     false,
     false,
     {{0}},
     {REF(NS1, TH_T_A, N1, "example.se. 3600 IN NS ns1.example.se."),
      REF(NS2, TH_T_A, N1, "se. 3600 IN NS a.ns.se.")},
     {LK(N1, TH_RES_ANSWER, NS1)},
     {"CHILD_ZONE_LAME", "CHILD_NS_FAILED"},
     {{"CHILD_NS_FAILED", "ns", NSN1}, {"CHILD_NS_FAILED", "ns", NSN2}}},
    {"out-of-bailiwick glue matches DNS",
     false,
     false,
     {GLUE("ns1.example.se", BOTH, NS1), GLUE(OOB, BOTH, "198.51.100.1")},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL)},
     {LK(OOB, TH_RES_ANSWER, "198.51.100.1")},
     {"ADDRESSES_MATCH"},
     {{0}}},
    {"out-of-bailiwick glue differs from DNS",
     false,
     false,
     {GLUE("ns1.example.se", BOTH, NS1), GLUE(OOB, BOTH, "198.51.100.1")},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL)},
     {LK(OOB, TH_RES_ANSWER, "198.51.100.9,2001:db8::9")},
     {"OUT_OF_BAILIWICK_ADDR_MISMATCH"},
     {{"OUT_OF_BAILIWICK_ADDR_MISMATCH", "parent_addresses",
       "ns.other.se/198.51.100.1"},
      {"OUT_OF_BAILIWICK_ADDR_MISMATCH", "zone_addresses",
       "ns.other.se/198.51.100.9;ns.other.se/2001:db8::9"}}},
    {"out-of-bailiwick name that does not resolve",
     false,
     false,
     {GLUE("ns1.example.se", BOTH, NS1), GLUE(OOB, BOTH, "198.51.100.1")},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL)},
     {LK(OOB, TH_RES_NXDOMAIN, NULL)},
     {"OUT_OF_BAILIWICK_ADDR_MISMATCH"},
     {{"OUT_OF_BAILIWICK_ADDR_MISMATCH", "zone_addresses", ""}}},
    {"resolved addresses are not glue",
     false,
     false,
     {GLUE("ns1.example.se", BOTH, NS1), NSR(OOB, BOTH, "198.51.100.1")},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL)},
     {LK(OOB, TH_RES_ANSWER, "198.51.100.9")},
     {"ADDRESSES_MATCH"},
     {{0}}},
    {"nothing asked",
     false,
     false,
     {{0}},
     {{0}},
     {{0}},
     {"ADDRESSES_MATCH"},
     {{0}}},
};

START_TEST(test_consistency05)
{
	run_case(&c05[_i], th_consistency05, TH_TC_CONSISTENCY05);
}
END_TEST

/* ---- CONSISTENCY06 ------------------------------------------------------- */

#define SOA_M(mname)                                                           \
	SOA(mname, "hostmaster.example.se.", 5, 14400, 3600, 604800, 3600)

static const struct ccase c06[] = {
    {"one MNAME",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_M("ns1.example.se.")),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_M("NS1.example.se."))},
     {{0}},
     {"ONE_SOA_MNAME"},
     {{"ONE_SOA_MNAME", "mname", "ns1.example.se"}}},
    {"two MNAMEs",
     false,
     false,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_M("ns1.example.se.")),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_M("ns2.example.se."))},
     {{0}},
     {"MULTIPLE_SOA_MNAMES", "SOA_MNAME"},
     {{"MULTIPLE_SOA_MNAMES", "count", "2"},
      {"SOA_MNAME", "mname", "ns2.example.se"},
      {"SOA_MNAME", "ns_list", NSN2}}},
    {"silent and broken servers",
     false,
     false,
     {GLUE("ns1.example.se", BOTH, NS1), GLUE("ns2.example.se", BOTH, NS2),
      GLUE("ns3.example.se", BOTH, "192.0.2.3")},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK), T(NS2, TH_T_SOA, NULL),
      R("192.0.2.3", TH_T_SOA, NULL, AA, 2, NULL)},
     {{0}},
     {"ONE_SOA_MNAME", "NO_RESPONSE", "NO_RESPONSE_SOA_QUERY"},
     {{"NO_RESPONSE_SOA_QUERY", "ns", "ns3.example.se/192.0.2.3"}}},
    {"no server answers",
     false,
     false,
     {{0}},
     {T(NS1, TH_T_SOA, NULL), T(NS2, TH_T_SOA, NULL)},
     {{0}},
     {"NO_RESPONSE"},
     {{0}}},
};

START_TEST(test_consistency06)
{
	run_case(&c06[_i], th_consistency06, TH_TC_CONSISTENCY06);
}
END_TEST

/* ---- the module ---------------------------------------------------------- */

/* The entry point runs the enabled test cases, in order. */
START_TEST(test_consistency_run)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.profile.enabled[TH_TC_CONSISTENCY03] = false;
	canned_ns(&fx.ev, "ns1.example.se", BOTH, NS1)->glue = true;
	canned_reply(&fx.ev, NS1, TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, AA, 0, SOA_OK, NULL, NULL));
	canned_reply(&fx.ev, NS1, TH_QF_PLAIN, DOM, TH_T_NS,
	             canned_answer(DOM, TH_T_NS, AA, 0,
	                           "example.se. 3600 IN NS ns1.example.se.",
	                           NULL, NULL));
	th_consistency_run(&fx.ctx);
	ck_assert(th_report_has(&fx.rep, TH_TAG_CONSISTENCY01_ONE_SOA_SERIAL));
	ck_assert(th_report_has(&fx.rep, TH_TAG_CONSISTENCY02_ONE_SOA_RNAME));
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_CONSISTENCY03, TH_LEVEL_DEBUG3), 0);
	ck_assert(th_report_has(&fx.rep, TH_TAG_CONSISTENCY04_ONE_NS_SET));
	ck_assert(th_report_has(&fx.rep, TH_TAG_CONSISTENCY05_ADDRESSES_MATCH));
	ck_assert(th_report_has(&fx.rep, TH_TAG_CONSISTENCY06_ONE_SOA_MNAME));
	tagcheck_assert_in_order(&fx.rep, TH_TC_CONSISTENCY01);
	enginefx_free(&fx);
}
END_TEST

/* Every tag of the module has a text and the catalogue's level. */
START_TEST(test_consistency_catalogue)
{
	static const struct tagcheck_spot spot[] = {
	    {"CONSISTENCY01", "MULTIPLE_SOA_SERIALS", "WARNING"},
	    {"CONSISTENCY01", "SOA_SERIAL_VARIATION", "NOTICE"},
	    {"CONSISTENCY01", "SOA_SERIAL", "INFO"},
	    {"CONSISTENCY01", "NO_RESPONSE_SOA_QUERY", "DEBUG"},
	    {"CONSISTENCY02", "MULTIPLE_SOA_RNAMES", "NOTICE"},
	    {"CONSISTENCY03", "ONE_SOA_TIME_PARAMETER_SET", "INFO"},
	    {"CONSISTENCY04", "MULTIPLE_NS_SET", "NOTICE"},
	    {"CONSISTENCY04", "NO_RESPONSE_NS_QUERY", "DEBUG"},
	    {"CONSISTENCY05", "CHILD_ZONE_LAME", "ERROR"},
	    {"CONSISTENCY05", "OUT_OF_BAILIWICK_ADDR_MISMATCH", "ERROR"},
	    {"CONSISTENCY05", "EXTRA_ADDRESS_CHILD", "NOTICE"},
	    {"CONSISTENCY05", "ADDRESSES_MATCH", "INFO"},
	    {"CONSISTENCY05", "CHILD_NS_FAILED", "DEBUG"},
	    {"CONSISTENCY06", "MULTIPLE_SOA_MNAMES", "NOTICE"},
	    {"CONSISTENCY06", "ONE_SOA_MNAME", "INFO"},
	    {"CONSISTENCY06", "SOA_MNAME", "DEBUG"},
	};
	/* CONSISTENCY01 8, 02-05 7 each, 06 7 (4 + 3 DEBUG from the code) */
	tagcheck_assert_catalogue(TH_MOD_CONSISTENCY, 43, spot, N_ELEMS(spot));
}
END_TEST

Suite *
suite_consistency(void)
{
	Suite *s = suite_create("consistency");
	TCase *ser = tcase_create("Serials");
	TCase *tc = tcase_create("Cases");
	TCase *mod = tcase_create("Module");

	tcase_add_loop_test(ser, test_serial_cmp, 0, N_ELEMS(serial_cmp));
	tcase_add_loop_test(ser, test_serial_range, 0, N_ELEMS(serial_range));
	tcase_add_loop_test(tc, test_consistency01, 0, N_ELEMS(c01));
	tcase_add_loop_test(tc, test_consistency02, 0, N_ELEMS(c02));
	tcase_add_loop_test(tc, test_consistency03, 0, N_ELEMS(c03));
	tcase_add_loop_test(tc, test_consistency04, 0, N_ELEMS(c04));
	tcase_add_loop_test(tc, test_consistency05, 0, N_ELEMS(c05));
	tcase_add_loop_test(tc, test_consistency06, 0, N_ELEMS(c06));
	tcase_add_test(mod, test_consistency_run);
	tcase_add_test(mod, test_consistency_catalogue);
	suite_add_tcase(s, ser);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, mod);
	return s;
}
