/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_zone.c -- unit tests for engine/zone: ZONE01-11 over canned
 * evidence, one table per test case, each row the exact set of tags the
 * test case must emit (levels DEBUG and up) and key arguments; then the
 * module's run order and gates.
 *
 * Unless a row says otherwise the zone is example.se with two name
 * servers in both NS sets, ns1.example.se (192.0.2.1) and ns2.example.se
 * (192.0.2.2); replies are written in zone-file syntax (tests/support/
 * canned.h).
 */
#include "engine/zone.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define DOM "example.se"
#define NS1 "192.0.2.1"
#define NS2 "192.0.2.2"
#define HID "192.0.2.53" /* a hidden primary, not in the NS sets */
#define AA CANNED_AA
#define BOTH (TH_EV_DEL | TH_EV_CHILD)

/* A SOA record: owner, MNAME, serial and the four timers. */
#define SOA(owner, mname, serial, refresh, retry, expire, minimum)             \
	owner " 3600 IN SOA " mname " hostmaster.example.se. " #serial         \
	      " " #refresh " " #retry " " #expire " " #minimum
#define SOA_OK                                                                 \
	SOA("example.se.", "ns1.example.se.", 5, 14400, 3600, 604800, 3600)
#define SOA_T(refresh, retry, expire, minimum)                                 \
	SOA("example.se.", "ns1.example.se.", 5, refresh, retry, expire,       \
	    minimum)
#define SOA_M(mname, serial)                                                   \
	SOA("example.se.", mname, serial, 14400, 3600, 604800, 3600)

/* A name server row: name, NS sets (src), addresses ("a,b" or NULL). */
#define NSR(n, s, a)                                                           \
	{                                                                      \
		.name = n, .src = s, .addrs = a                                \
	}

/* Replies: (server, qtype, qname or NULL for the zone, flags, rcode,
 * answer records); T() for a timeout. */
#define R(i, qt, qn, fl, rc, ans)                                              \
	{                                                                      \
		.ip = i, .f = TH_QF_PLAIN, .qtype = qt, .qname = qn,           \
		.flags = fl, .rcode = rc, .answer = ans,                       \
		.outcome = TH_OUT_ANSWER                                       \
	}
#define T(i, qt, qn)                                                           \
	{                                                                      \
		.ip = i, .f = TH_QF_PLAIN, .qtype = qt, .qname = qn,           \
		.outcome = TH_OUT_TIMEOUT                                      \
	}
/* Both servers give the same answer. */
#define R2(qt, qn, fl, rc, ans)                                                \
	R(NS1, qt, qn, fl, rc, ans), R(NS2, qt, qn, fl, rc, ans)

/* A lookup: (qname, qtype, status, CNAMEs followed, addresses). */
#define LK(qn, qt, st, cn, ad)                                                 \
	{                                                                      \
		.qname = qn, .qtype = qt, .status = st, .cnames = cn,          \
		.addrs = ad                                                    \
	}

struct zcase {
	const char *name;
	const char *domain;       /* NULL: example.se */
	struct enginefx_ns ns[4]; /* ns[0].name NULL: ns1 and ns2 */
	struct enginefx_reply rep[12];
	struct enginefx_lookup lk[4];
	const char *tags[10]; /* the exact set expected */
	struct tagcheck_arg arg[3];
};

static const struct enginefx_ns two_ns[] = {
    NSR("ns1.example.se", BOTH, NS1),
    NSR("ns2.example.se", BOTH, NS2),
};

static void
build(struct enginefx *fx, const struct zcase *c)
{
	if (c->ns[0].name == NULL)
		enginefx_add_ns(fx, two_ns, N_ELEMS(two_ns));
	enginefx_add_ns(fx, c->ns, N_ELEMS(c->ns));
	enginefx_add_replies(fx, c->rep, N_ELEMS(c->rep));
	enginefx_add_lookups(fx, c->lk, N_ELEMS(c->lk));
}

typedef void tc_fn(const struct th_engine_ctx *ctx);

/* A row's argument is read from the first message with its tag. */
static void
run_case(const struct zcase *c, tc_fn *fn, enum th_testcase tc)
{
	struct enginefx fx;

	enginefx_init(&fx, c->domain != NULL ? c->domain : DOM);
	build(&fx, c);
	fn(&fx.ctx);
	tagcheck_assert_emitted(&fx.rep, tc, c->name, c->tags,
	                        N_ELEMS(c->tags));
	tagcheck_assert_args(&fx.rep, tc, c->name, c->arg, N_ELEMS(c->arg));
	enginefx_free(&fx);
}

/* ---- ZONE01 -------------------------------------------------------------- */

#define MNAME_NS1 LK("ns1.example.se", 0, TH_RES_ANSWER, 0, NS1)
#define MNAME_HID LK("hidden.example.se", 0, TH_RES_ANSWER, 0, HID)

static const struct zcase z01[] = {
    {"primary among the name servers",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {MNAME_NS1},
     {"Z01_MNAME_IS_MASTER"},
     {{"Z01_MNAME_IS_MASTER", "ns_list", "ns1.example.se/192.0.2.1"}}},
    {"hidden primary with the newest serial",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_M("hidden.example.se.", 5)),
      R(HID, TH_T_SOA, NULL, AA, 0, SOA_M("hidden.example.se.", 6))},
     {MNAME_HID},
     {"Z01_MNAME_NOT_IN_NS_LIST", "Z01_MNAME_IS_MASTER"},
     {{"Z01_MNAME_NOT_IN_NS_LIST", "nsname", "hidden.example.se"},
      {"Z01_MNAME_IS_MASTER", "ns_list", "hidden.example.se/192.0.2.53"}}},
    {"primary behind a secondary",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_M("ns1.example.se.", 4)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_M("ns1.example.se.", 5))},
     {MNAME_NS1},
     {"Z01_MNAME_NOT_MASTER"},
     {{"Z01_MNAME_NOT_MASTER", "ns_list", "ns1.example.se/192.0.2.1"},
      {"Z01_MNAME_NOT_MASTER", "soaserial", "4"},
      {"Z01_MNAME_NOT_MASTER", "soaserial_list", "4;5"}}},
    {"serial arithmetic wraps (RFC 1982)",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_M("ns1.example.se.", 1)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_M("ns1.example.se.", 4294967295))},
     {MNAME_NS1},
     {"Z01_MNAME_IS_MASTER"},
     {{0}}},
    {"serial behind across the wrap",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_M("ns1.example.se.", 4294967295)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_M("ns1.example.se.", 2))},
     {MNAME_NS1},
     {"Z01_MNAME_NOT_MASTER"},
     {{"Z01_MNAME_NOT_MASTER", "soaserial", "4294967295"}}},
    {"MNAME is the root",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_M(".", 5))},
     {{0}},
     {"Z01_MNAME_IS_DOT"},
     {{"Z01_MNAME_IS_DOT", "ns_ip_list", "192.0.2.1;192.0.2.2"}}},
    {"MNAME is localhost",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_M("LocalHost.", 5)),
      R(NS2, TH_T_SOA, NULL, 0, 0, SOA_M("localhost.", 5))},
     {{0}},
     {"Z01_MNAME_IS_LOCALHOST"},
     {{"Z01_MNAME_IS_LOCALHOST", "ns_ip_list", "192.0.2.1"}}},
    {"MNAME does not resolve",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_M("master.example.org.", 5))},
     {LK("master.example.org", 0, TH_RES_NXDOMAIN, 0, NULL)},
     {"Z01_MNAME_NOT_IN_NS_LIST", "Z01_MNAME_NOT_RESOLVE"},
     {{"Z01_MNAME_NOT_RESOLVE", "nsname", "master.example.org"}}},
    {"MNAME resolves to loopback",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {LK("ns1.example.se", 0, TH_RES_ANSWER, 0, "127.0.0.1")},
     {"Z01_MNAME_HAS_LOCALHOST_ADDR"},
     {{"Z01_MNAME_HAS_LOCALHOST_ADDR", "ns_ip", "127.0.0.1"},
      {"Z01_MNAME_HAS_LOCALHOST_ADDR", "nsname", "ns1.example.se"}}},
    {"MNAME does not respond",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_M("hidden.example.se.", 5)),
      T(HID, TH_T_SOA, NULL)},
     {MNAME_HID},
     {"Z01_MNAME_NOT_IN_NS_LIST", "Z01_MNAME_NO_RESPONSE"},
     {{"Z01_MNAME_NO_RESPONSE", "ns", "hidden.example.se/192.0.2.53"}}},
    {"MNAME refuses",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_M("hidden.example.se.", 5)),
      R(HID, TH_T_SOA, NULL, 0, 5, NULL)},
     {MNAME_HID},
     {"Z01_MNAME_NOT_IN_NS_LIST", "Z01_MNAME_UNEXPECTED_RCODE"},
     {{"Z01_MNAME_UNEXPECTED_RCODE", "rcode", "REFUSED"}}},
    {"MNAME answers without a SOA",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_M("hidden.example.se.", 5)),
      R(HID, TH_T_SOA, NULL, AA, 0, NULL)},
     {MNAME_HID},
     {"Z01_MNAME_NOT_IN_NS_LIST", "Z01_MNAME_MISSING_SOA_RECORD"},
     {{0}}},
    {"MNAME is not authoritative",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_M("hidden.example.se.", 5)),
      R(HID, TH_T_SOA, NULL, 0, 0, SOA_M("hidden.example.se.", 5))},
     {MNAME_HID},
     {"Z01_MNAME_NOT_IN_NS_LIST", "Z01_MNAME_NOT_AUTHORITATIVE"},
     {{"Z01_MNAME_NOT_AUTHORITATIVE", "ns", "hidden.example.se/192.0.2.53"}}},
    {"MNAME only in the delegation, not the zone's NS set",
     NULL,
     {NSR("ns1.example.se", TH_EV_CHILD, NS1),
      NSR("old.example.se", TH_EV_DEL, NULL)},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_M("old.example.se.", 5))},
     {{0}},
     {"Z01_MNAME_NOT_IN_NS_LIST"},
     {{"Z01_MNAME_NOT_IN_NS_LIST", "nsname", "old.example.se"}}},
    {"no zone NS set known: the delegation lists the MNAME",
     NULL,
     {NSR("ns1.example.se", TH_EV_DEL, NS1),
      NSR("ns2.example.se", TH_EV_DEL, NS2)},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {NULL},
     {{0}}},
    {"MNAME not looked up: nothing more to say",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {NULL},
     {{0}}},
    {"no authoritative SOA: nothing to say",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, 0, 0, SOA_M("localhost.", 5))},
     {MNAME_NS1},
     {NULL},
     {{0}}},
};

START_TEST(test_zone01)
{
	run_case(&z01[_i], th_zone01, TH_TC_ZONE01);
}
END_TEST

/* ---- ZONE02-06: SOA timers ----------------------------------------------- */

static const struct zcase z02[] = {
    {"refresh at the minimum",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 3600))},
     {{0}},
     {"REFRESH_MINIMUM_VALUE_OK"},
     {{"REFRESH_MINIMUM_VALUE_OK", "refresh", "14400"},
      {"REFRESH_MINIMUM_VALUE_OK", "required_refresh", "14400"}}},
    {"refresh below the minimum",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14399, 3600, 604800, 3600))},
     {{0}},
     {"REFRESH_MINIMUM_VALUE_LOWER"},
     {{"REFRESH_MINIMUM_VALUE_LOWER", "refresh", "14399"}}},
    {"first authoritative answer wins",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, 0, 0, SOA_T(300, 3600, 604800, 3600)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_T(86400, 3600, 604800, 3600))},
     {{0}},
     {"REFRESH_MINIMUM_VALUE_OK"},
     {{"REFRESH_MINIMUM_VALUE_OK", "refresh", "86400"}}},
    {"timeout, then an answer",
     NULL,
     {{0}},
     {T(NS1, TH_T_SOA, NULL),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_T(3600, 3600, 604800, 3600))},
     {{0}},
     {"REFRESH_MINIMUM_VALUE_LOWER"},
     {{0}}},
    {"no authoritative SOA",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, 0, 0, SOA_OK),
      R(NS2, TH_T_SOA, NULL, AA, 5, NULL)},
     {{0}},
     {"NO_RESPONSE_SOA_QUERY"},
     {{0}}},
};

static const struct zcase z03[] = {
    {"retry below refresh",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 3600))},
     {{0}},
     {"REFRESH_HIGHER_THAN_RETRY"},
     {{"REFRESH_HIGHER_THAN_RETRY", "retry", "3600"},
      {"REFRESH_HIGHER_THAN_RETRY", "refresh", "14400"}}},
    {"retry equal to refresh",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(7200, 7200, 604800, 3600))},
     {{0}},
     {"REFRESH_LOWER_THAN_RETRY"},
     {{0}}},
    {"retry above refresh",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(3600, 7200, 604800, 3600))},
     {{0}},
     {"REFRESH_LOWER_THAN_RETRY"},
     {{0}}},
    {"no answer",
     NULL,
     {{0}},
     {T(NS1, TH_T_SOA, NULL), T(NS2, TH_T_SOA, NULL)},
     {{0}},
     {"NO_RESPONSE_SOA_QUERY"},
     {{0}}},
};

static const struct zcase z04[] = {
    {"retry at the minimum",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 3600))},
     {{0}},
     {"RETRY_MINIMUM_VALUE_OK"},
     {{"RETRY_MINIMUM_VALUE_OK", "required_retry", "3600"}}},
    {"retry below the minimum",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 900, 604800, 3600))},
     {{0}},
     {"RETRY_MINIMUM_VALUE_LOWER"},
     {{"RETRY_MINIMUM_VALUE_LOWER", "retry", "900"}}},
    {"no answer", NULL, {{0}}, {{0}}, {{0}}, {"NO_RESPONSE_SOA_QUERY"}, {{0}}},
};

static const struct zcase z05[] = {
    {"expire one week, above refresh",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 3600))},
     {{0}},
     {"EXPIRE_MINIMUM_VALUE_OK"},
     {{"EXPIRE_MINIMUM_VALUE_OK", "expire", "604800"}}},
    {"expire below a week",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604799, 3600))},
     {{0}},
     {"EXPIRE_MINIMUM_VALUE_LOWER"},
     {{"EXPIRE_MINIMUM_VALUE_LOWER", "required_expire", "604800"}}},
    {"expire below refresh",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(1209600, 3600, 1209599, 3600))},
     {{0}},
     {"EXPIRE_LOWER_THAN_REFRESH"},
     {{"EXPIRE_LOWER_THAN_REFRESH", "refresh", "1209600"}}},
    {"expire below both",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 3600, 3600))},
     {{0}},
     {"EXPIRE_MINIMUM_VALUE_LOWER", "EXPIRE_LOWER_THAN_REFRESH"},
     {{0}}},
    {"no answer", NULL, {{0}}, {{0}}, {{0}}, {"NO_RESPONSE_SOA_QUERY"}, {{0}}},
};

static const struct zcase z06[] = {
    {"minimum in range",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 3600))},
     {{0}},
     {"SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK"},
     {{"SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK", "lowest_minimum", "300"},
      {"SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK", "highest_minimum", "86400"}}},
    {"minimum at the lower bound",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 300))},
     {{0}},
     {"SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK"},
     {{0}}},
    {"minimum at the upper bound",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 86400))},
     {{0}},
     {"SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK"},
     {{0}}},
    {"minimum too low",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 299))},
     {{0}},
     {"SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER"},
     {{"SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER", "minimum", "299"}}},
    {"minimum too high",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 86401))},
     {{0}},
     {"SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER"},
     {{"SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER", "minimum", "86401"}}},
    {"no answer", NULL, {{0}}, {{0}}, {{0}}, {"NO_RESPONSE_SOA_QUERY"}, {{0}}},
};

START_TEST(test_zone02)
{
	run_case(&z02[_i], th_zone02, TH_TC_ZONE02);
}
END_TEST

START_TEST(test_zone03)
{
	run_case(&z03[_i], th_zone03, TH_TC_ZONE03);
}
END_TEST

START_TEST(test_zone04)
{
	run_case(&z04[_i], th_zone04, TH_TC_ZONE04);
}
END_TEST

START_TEST(test_zone05)
{
	run_case(&z05[_i], th_zone05, TH_TC_ZONE05);
}
END_TEST

START_TEST(test_zone06)
{
	run_case(&z06[_i], th_zone06, TH_TC_ZONE06);
}
END_TEST

/* Thresholds come from the profile (test_cases_vars). */
START_TEST(test_zone_profile_vars)
{
	static const struct zcase c = {
	    "profile",
	    NULL,
	    {{0}},
	    {R2(TH_T_SOA, NULL, AA, 0, SOA_T(14400, 3600, 604800, 3600))},
	    {{0}},
	    {NULL},
	    {{0}}};
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.profile.zone02_refresh_min = 20000;
	fx.profile.zone04_retry_min = 7200;
	fx.profile.zone05_expire_min = 1209600;
	fx.profile.zone06_minimum_max = 1800;
	build(&fx, &c);
	th_zone02(&fx.ctx);
	th_zone04(&fx.ctx);
	th_zone05(&fx.ctx);
	th_zone06(&fx.ctx);
	ck_assert(
	    th_report_has(&fx.rep, TH_TAG_ZONE02_REFRESH_MINIMUM_VALUE_LOWER));
	ck_assert(
	    th_report_has(&fx.rep, TH_TAG_ZONE04_RETRY_MINIMUM_VALUE_LOWER));
	ck_assert(
	    th_report_has(&fx.rep, TH_TAG_ZONE05_EXPIRE_MINIMUM_VALUE_LOWER));
	ck_assert(th_report_has(
	    &fx.rep, TH_TAG_ZONE06_SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER));
	enginefx_free(&fx);
}
END_TEST

/* ---- ZONE07 -------------------------------------------------------------- */

#define LK_A(st, cn) LK("ns1.example.se", TH_T_A, st, cn, NULL)
#define LK_ADDR(st, addrs) LK("ns1.example.se", 0, st, 0, addrs)

static const struct zcase z07[] = {
    {"MNAME is a plain name with an address",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {LK_A(TH_RES_ANSWER, 0), LK_ADDR(TH_RES_ANSWER, NS1)},
     {"MNAME_IS_NOT_CNAME"},
     {{"MNAME_IS_NOT_CNAME", "mname", "ns1.example.se"}}},
    {"MNAME is an alias",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {LK_A(TH_RES_ANSWER, 1), LK_ADDR(TH_RES_ANSWER, NS1)},
     {"MNAME_IS_CNAME"},
     {{"MNAME_IS_CNAME", "mname", "ns1.example.se"}}},
    {"MNAME has no address",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {LK_A(TH_RES_NXDOMAIN, 0), LK_ADDR(TH_RES_NXDOMAIN, NULL)},
     {"MNAME_IS_NOT_CNAME", "MNAME_HAS_NO_ADDRESS"},
     {{"MNAME_HAS_NO_ADDRESS", "mname", "ns1.example.se"}}},
    {"alias to nothing",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {LK_A(TH_RES_NODATA, 2), LK_ADDR(TH_RES_NODATA, NULL)},
     {"MNAME_IS_CNAME", "MNAME_HAS_NO_ADDRESS"},
     {{0}}},
    {"lookup failed: no alias verdict",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {LK_A(TH_RES_SERVFAIL, 0), LK_ADDR(TH_RES_SERVFAIL, NULL)},
     {"MNAME_HAS_NO_ADDRESS"},
     {{0}}},
    {"not looked up",
     NULL,
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {NULL},
     {{0}}},
    {"no answer", NULL, {{0}}, {{0}}, {{0}}, {"NO_RESPONSE_SOA_QUERY"}, {{0}}},
};

START_TEST(test_zone07)
{
	run_case(&z07[_i], th_zone07, TH_TC_ZONE07);
}
END_TEST

/* ---- ZONE08 -------------------------------------------------------------- */

#define MX_MAIL "example.se. 3600 IN MX 10 mail.example.se."
#define MAIL "mail.example.se"

static const struct zcase z08[] = {
    {"MX target is a host",
     NULL,
     {{0}},
     {R2(TH_T_MX, NULL, AA, 0, MX_MAIL), R2(TH_T_CNAME, MAIL, AA, 0, NULL)},
     {{0}},
     {"MX_RECORD_IS_NOT_CNAME"},
     {{"MX_RECORD_IS_NOT_CNAME", "mailtarget", "mail.example.se"}}},
    {"MX target is an alias",
     NULL,
     {{0}},
     {R2(TH_T_MX, NULL, AA, 0, MX_MAIL),
      R2(TH_T_CNAME, MAIL, AA, 0,
         "mail.example.se. 3600 IN CNAME host.example.se.")},
     {{0}},
     {"MX_RECORD_IS_CNAME"},
     {{"MX_RECORD_IS_CNAME", "mailtarget", "mail.example.se"}}},
    {"alias on one server only",
     NULL,
     {{0}},
     {R2(TH_T_MX, NULL, AA, 0, MX_MAIL), R(NS1, TH_T_CNAME, MAIL, AA, 0, NULL),
      R(NS2, TH_T_CNAME, MAIL, AA, 0,
        "mail.example.se. 3600 IN CNAME host.example.se.")},
     {{0}},
     {"MX_RECORD_IS_CNAME"},
     {{0}}},
    {"second target is an alias",
     NULL,
     {{0}},
     {R2(TH_T_MX, NULL, AA, 0,
         MX_MAIL "; example.se. 3600 IN MX 20 mx2.example.se."),
      R2(TH_T_CNAME, MAIL, AA, 0, NULL),
      R2(TH_T_CNAME, "mx2.example.se", AA, 0,
         "mx2.example.se. 3600 IN CNAME host.example.se.")},
     {{0}},
     {"MX_RECORD_IS_NOT_CNAME", "MX_RECORD_IS_CNAME"},
     {{"MX_RECORD_IS_CNAME", "mailtarget", "mx2.example.se"}}},
    {"out-of-zone target: no authoritative answer, no verdict",
     NULL,
     {{0}},
     {R2(TH_T_MX, NULL, AA, 0, "example.se. 3600 IN MX 10 mx.example.net."),
      R2(TH_T_CNAME, "mx.example.net", 0, 5, NULL)},
     {{0}},
     {NULL},
     {{0}}},
    {"Null MX",
     NULL,
     {{0}},
     {R2(TH_T_MX, NULL, AA, 0, "example.se. 3600 IN MX 0 .")},
     {{0}},
     {NULL},
     {{0}}},
    {"no MX records",
     NULL,
     {{0}},
     {R2(TH_T_MX, NULL, AA, 0, NULL)},
     {{0}},
     {NULL},
     {{0}}},
    {"no authoritative MX answer",
     NULL,
     {{0}},
     {R(NS1, TH_T_MX, NULL, 0, 0, MX_MAIL), T(NS2, TH_T_MX, NULL)},
     {{0}},
     {"NO_RESPONSE_MX_QUERY"},
     {{0}}},
};

START_TEST(test_zone08)
{
	run_case(&z08[_i], th_zone08, TH_TC_ZONE08);
}
END_TEST

/* ---- ZONE09 -------------------------------------------------------------- */

#define SOA2 R2(TH_T_SOA, NULL, AA, 0, SOA_OK)
#define MX2(ans) R2(TH_T_MX, NULL, AA, 0, ans)
#define NSLIST "ns1.example.se/192.0.2.1;ns2.example.se/192.0.2.2"
/* A TLD and the root, served by ns1/ns2. */
#define SOA_SE SOA("se.", "ns1.example.se.", 5, 14400, 3600, 604800, 3600)
#define SOA_ROOT SOA(".", "ns1.example.se.", 5, 14400, 3600, 604800, 3600)

static const struct zcase z09[] = {
    {"MX RRset, sorted",
     NULL,
     {{0}},
     {SOA2, MX2("example.se. 3600 IN MX 20 MX2.example.se.;"
                "example.se. 3600 IN MX 10 mx1.example.se.")},
     {{0}},
     {"Z09_MX_DATA"},
     {{"Z09_MX_DATA", "mxrdata_list", "10 mx1.example.se;20 mx2.example.se"},
      {"Z09_MX_DATA", "ns_list", NSLIST}}},
    {"Null MX",
     NULL,
     {{0}},
     {SOA2, MX2("example.se. 3600 IN MX 0 .")},
     {{0}},
     {"Z09_MX_DATA"},
     {{"Z09_MX_DATA", "mxrdata_list", "0 ."}}},
    {"Null MX with a preference",
     NULL,
     {{0}},
     {SOA2, MX2("example.se. 3600 IN MX 10 .")},
     {{0}},
     {"Z09_MX_DATA", "Z09_NULL_MX_NON_ZERO_PREF"},
     {{0}}},
    {"Null MX with other MX",
     NULL,
     {{0}},
     {SOA2, MX2("example.se. 3600 IN MX 0 .;"
                "example.se. 3600 IN MX 10 mail.example.se.")},
     {{0}},
     {"Z09_MX_DATA", "Z09_NULL_MX_WITH_OTHER_MX"},
     {{0}}},
    {"no MX",
     NULL,
     {{0}},
     {SOA2, MX2(NULL)},
     {{0}},
     {"Z09_MISSING_MAIL_TARGET"},
     {{"Z09_MISSING_MAIL_TARGET", "ns_list", NSLIST}}},
    {"no MX, one address for two names",
     NULL,
     {NSR("ns1.example.se", BOTH, NS1), NSR("ns2.example.se", BOTH, NS1)},
     {R(NS1, TH_T_SOA, NULL, AA, 0, SOA_OK),
      R(NS1, TH_T_MX, NULL, AA, 0, NULL)},
     {{0}},
     {"Z09_MISSING_MAIL_TARGET"},
     {{"Z09_MISSING_MAIL_TARGET", "ns_list",
       "ns1.example.se/192.0.2.1;ns2.example.se/192.0.2.1"}}},
    {"TLD without MX",
     "se",
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_SE), MX2(NULL)},
     {{0}},
     {"Z09_NO_MX_FOUND"},
     {{0}}},
    {"TLD with MX",
     "se",
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_SE), MX2("se. 3600 IN MX 10 mail.se.")},
     {{0}},
     {"Z09_MX_DATA", "Z09_TLD_EMAIL_DOMAIN"},
     {{0}}},
    {"TLD with Null MX",
     "se",
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_SE), MX2("se. 3600 IN MX 0 .")},
     {{0}},
     {"Z09_MX_DATA"},
     {{0}}},
    {"root with MX",
     ".",
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0, SOA_ROOT), MX2(". 3600 IN MX 10 mail.se.")},
     {{0}},
     {"Z09_MX_DATA", "Z09_ROOT_EMAIL_DOMAIN"},
     {{0}}},
    {".arpa without MX",
     "2.0.192.in-addr.arpa",
     {{0}},
     {R2(TH_T_SOA, NULL, AA, 0,
         SOA("2.0.192.in-addr.arpa.", "ns1.example.se.", 5, 14400, 3600, 604800,
             3600)),
      MX2(NULL)},
     {{0}},
     {"Z09_NO_MX_FOUND"},
     {{0}}},
    {"MX on one server only",
     NULL,
     {{0}},
     {SOA2, R(NS1, TH_T_MX, NULL, AA, 0, MX_MAIL),
      R(NS2, TH_T_MX, NULL, AA, 0, NULL)},
     {{0}},
     {"Z09_MX_DATA", "Z09_INCONSISTENT_MX", "Z09_NO_MX_FOUND", "Z09_MX_FOUND"},
     {{"Z09_NO_MX_FOUND", "ns_list", "ns2.example.se/192.0.2.2"},
      {"Z09_MX_FOUND", "ns_list", "ns1.example.se/192.0.2.1"}}},
    {"different MX data",
     NULL,
     {{0}},
     {SOA2, R(NS1, TH_T_MX, NULL, AA, 0, MX_MAIL),
      R(NS2, TH_T_MX, NULL, AA, 0,
        "example.se. 3600 IN MX 10 other.example.se.")},
     {{0}},
     {"Z09_MX_DATA", "Z09_INCONSISTENT_MX_DATA"},
     {{0}}},
    {"no response to MX",
     NULL,
     {{0}},
     {SOA2, T(NS1, TH_T_MX, NULL), R(NS2, TH_T_MX, NULL, AA, 0, MX_MAIL)},
     {{0}},
     {"Z09_NO_RESPONSE_MX_QUERY", "Z09_MX_DATA"},
     {{"Z09_NO_RESPONSE_MX_QUERY", "ns_list", "ns1.example.se/192.0.2.1"}}},
    {"unexpected RCODE",
     NULL,
     {{0}},
     {SOA2, R(NS1, TH_T_MX, NULL, AA, 4, NULL),
      R(NS2, TH_T_MX, NULL, AA, 0, MX_MAIL)},
     {{0}},
     {"Z09_UNEXPECTED_RCODE_MX", "Z09_MX_DATA"},
     {{"Z09_UNEXPECTED_RCODE_MX", "rcode", "NOTIMP"},
      {"Z09_UNEXPECTED_RCODE_MX", "ns_list", "ns1.example.se/192.0.2.1"}}},
    {"non-authoritative MX answer",
     NULL,
     {{0}},
     {SOA2, R(NS1, TH_T_MX, NULL, 0, 0, MX_MAIL),
      R(NS2, TH_T_MX, NULL, AA, 0, MX_MAIL)},
     {{0}},
     {"Z09_NON_AUTH_MX_RESPONSE", "Z09_MX_DATA"},
     {{0}}},
    {"server without an authoritative SOA is ignored",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, 0, 0, SOA_OK), T(NS1, TH_T_MX, NULL),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_OK),
      R(NS2, TH_T_MX, NULL, AA, 0, MX_MAIL)},
     {{0}},
     {"Z09_MX_DATA"},
     {{"Z09_MX_DATA", "ns_list", "ns2.example.se/192.0.2.2"}}},
    {"no server answers", NULL, {{0}}, {{0}}, {{0}}, {NULL}, {{0}}},
};

START_TEST(test_zone09)
{
	run_case(&z09[_i], th_zone09, TH_TC_ZONE09);
}
END_TEST

/* ---- ZONE10 -------------------------------------------------------------- */

static const struct zcase z10[] = {
    {"one SOA everywhere", NULL, {{0}}, {SOA2}, {{0}}, {"ONE_SOA"}, {{0}}},
    {"two SOA records",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0,
        SOA_OK ";" SOA("example.se.", "ns2.example.se.", 6, 14400, 3600, 604800,
                       3600)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {"MULTIPLE_SOA"},
     {{"MULTIPLE_SOA", "count", "2"},
      {"MULTIPLE_SOA", "ns", "ns1.example.se/192.0.2.1"}}},
    {"no response",
     NULL,
     {{0}},
     {T(NS1, TH_T_SOA, NULL), R(NS2, TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {"NO_RESPONSE"},
     {{"NO_RESPONSE", "ns", "ns1.example.se/192.0.2.1"}}},
    {"no SOA in the answer",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, 0, 5, NULL),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {"NO_SOA_IN_RESPONSE"},
     {{0}}},
    {"SOA of another zone",
     NULL,
     {{0}},
     {R(NS1, TH_T_SOA, NULL, AA, 0,
        SOA("SE.", "a.ns.se.", 1, 14400, 3600, 604800, 3600)),
      R(NS2, TH_T_SOA, NULL, AA, 0, SOA_OK)},
     {{0}},
     {"WRONG_SOA"},
     {{"WRONG_SOA", "owner", "se"}, {"WRONG_SOA", "domain", "example.se"}}},
    {"nothing asked", NULL, {{0}}, {{0}}, {{0}}, {NULL}, {{0}}},
};

START_TEST(test_zone10)
{
	run_case(&z10[_i], th_zone10, TH_TC_ZONE10);
}
END_TEST

/* ---- ZONE11 -------------------------------------------------------------- */

#define TXT(s) "example.se. 3600 IN TXT " s
#define TXT2(s) R2(TH_T_TXT, NULL, AA, 0, TXT(s))

static const struct zcase z11[] = {
    {"valid policy",
     NULL,
     {{0}},
     {TXT2("\"v=spf1 mx -all\"")},
     {{0}},
     {"Z11_SPF_SYNTAX_OK"},
     {{"Z11_SPF_SYNTAX_OK", "domain", "example.se"}}},
    {"policy in several strings, among other TXT",
     NULL,
     {{0}},
     {R2(TH_T_TXT, NULL, AA, 0,
         TXT("\"v=spf1 \" \"ip4:192.0.2.0/24 \" \"-all\"") ";" TXT(
             "\"google-site-verification=abc\"") ";" TXT("\"v=spf10\""))},
     {{0}},
     {"Z11_SPF_SYNTAX_OK"},
     {{0}}},
    {"same policy in other case",
     NULL,
     {{0}},
     {R(NS1, TH_T_TXT, NULL, AA, 0, TXT("\"v=spf1 MX -all\"")),
      R(NS2, TH_T_TXT, NULL, AA, 0, TXT("\"V=SPF1 mx -ALL\""))},
     {{0}},
     {"Z11_SPF_SYNTAX_OK"},
     {{0}}},
    {"no TXT",
     NULL,
     {{0}},
     {R2(TH_T_TXT, NULL, AA, 0, NULL)},
     {{0}},
     {"Z11_NO_SPF_FOUND"},
     {{"Z11_NO_SPF_FOUND", "domain", "example.se"}}},
    {"TXT but no SPF",
     NULL,
     {{0}},
     {TXT2("\"v=spf1x -all\"")},
     {{0}},
     {"Z11_NO_SPF_FOUND"},
     {{0}}},
    {"syntax error",
     NULL,
     {{0}},
     {TXT2("\"v=spf1 ip4:192.0.2.256 -all\"")},
     {{0}},
     {"Z11_SPF_SYNTAX_ERROR"},
     {{"Z11_SPF_SYNTAX_ERROR", "ns_list", NSLIST},
      {"Z11_SPF_SYNTAX_ERROR", "spf_error",
       "\"ip4:192.0.2.256\": bad IPv4 network"}}},
    {"two policies",
     NULL,
     {{0}},
     {R2(TH_T_TXT, NULL, AA, 0,
         TXT("\"v=spf1 mx -all\"") ";" TXT("\"v=spf1 a -all\""))},
     {{0}},
     {"Z11_SPF_MULTIPLE_RECORDS"},
     {{"Z11_SPF_MULTIPLE_RECORDS", "ns_list", NSLIST}}},
    {"different policies",
     NULL,
     {{0}},
     {R(NS1, TH_T_TXT, NULL, AA, 0, TXT("\"v=spf1 mx -all\"")),
      R(NS2, TH_T_TXT, NULL, AA, 0, TXT("\"v=spf1 a -all\""))},
     {{0}},
     {"Z11_INCONSISTENT_SPF_POLICIES", "Z11_DIFFERENT_SPF_POLICIES_FOUND"},
     {{"Z11_DIFFERENT_SPF_POLICIES_FOUND", "ns_list",
       "ns1.example.se/192.0.2.1"}}},
    {"policy on one server only",
     NULL,
     {{0}},
     {R(NS1, TH_T_TXT, NULL, AA, 0, TXT("\"v=spf1 mx -all\"")),
      R(NS2, TH_T_TXT, NULL, AA, 0, NULL)},
     {{0}},
     {"Z11_INCONSISTENT_SPF_POLICIES", "Z11_DIFFERENT_SPF_POLICIES_FOUND"},
     {{0}}},
    {"unanswered or refused servers are ignored",
     NULL,
     {{0}},
     {R(NS1, TH_T_TXT, NULL, AA, 5, NULL),
      R(NS2, TH_T_TXT, NULL, AA, 0, TXT("\"v=spf1 -all\""))},
     {{0}},
     {"Z11_SPF_SYNTAX_OK"},
     {{0}}},
    {"no authoritative answer",
     NULL,
     {{0}},
     {T(NS1, TH_T_TXT, NULL),
      R(NS2, TH_T_TXT, NULL, 0, 0, TXT("\"v=spf1 -all\""))},
     {{0}},
     {"Z11_UNABLE_TO_CHECK_FOR_SPF"},
     {{0}}},
    {"TLD without SPF",
     "se",
     {{0}},
     {R2(TH_T_TXT, NULL, AA, 0, NULL)},
     {{0}},
     {"Z11_NO_SPF_NON_MAIL_DOMAIN"},
     {{"Z11_NO_SPF_NON_MAIL_DOMAIN", "domain", "se"}}},
    {"TLD with a null policy",
     "se",
     {{0}},
     {R2(TH_T_TXT, NULL, AA, 0, "se. 3600 IN TXT \"V=SPF1  -ALL \"")},
     {{0}},
     {"Z11_NULL_SPF_NON_MAIL_DOMAIN"},
     {{0}}},
    {"TLD with a policy",
     "se",
     {{0}},
     {R2(TH_T_TXT, NULL, AA, 0, "se. 3600 IN TXT \"v=spf1 mx -all\"")},
     {{0}},
     {"Z11_NON_NULL_SPF_NON_MAIL_DOMAIN"},
     {{0}}},
    {".arpa with a null policy",
     "2.0.192.in-addr.arpa",
     {{0}},
     {R2(TH_T_TXT, NULL, AA, 0,
         "2.0.192.in-addr.arpa. 3600 IN TXT \"v=spf1 -all\"")},
     {{0}},
     {"Z11_NULL_SPF_NON_MAIL_DOMAIN"},
     {{0}}},
    {"root with a bad policy",
     ".",
     {{0}},
     {R2(TH_T_TXT, NULL, AA, 0, ". 3600 IN TXT \"v=spf1 a:example -all\"")},
     {{0}},
     {"Z11_SPF_SYNTAX_ERROR"},
     {{0}}},
};

START_TEST(test_zone11)
{
	run_case(&z11[_i], th_zone11, TH_TC_ZONE11);
}
END_TEST

/* ---- the module ---------------------------------------------------------- */

static const struct zcase healthy = {
    "healthy",
    NULL,
    {{0}},
    {SOA2, MX2(MX_MAIL), R2(TH_T_CNAME, MAIL, AA, 0, NULL),
     TXT2("\"v=spf1 mx -all\"")},
    {LK_A(TH_RES_ANSWER, 0), LK_ADDR(TH_RES_ANSWER, NS1)},
    {NULL},
    {{0}}};

static const struct zcase silent = {
    "no authoritative answer",
    NULL,
    {{0}},
    {R2(TH_T_SOA, NULL, 0, 0, SOA_OK), R2(TH_T_MX, NULL, 0, 0, MX_MAIL),
     R2(TH_T_TXT, NULL, 0, 0, TXT("\"v=spf1 mx -all\""))},
    {{0}},
    {NULL},
    {{0}}};

START_TEST(test_zone_run_all)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	build(&fx, &healthy);
	th_zone_run(&fx.ctx);
	for (enum th_testcase tc = TH_TC_ZONE01; tc <= TH_TC_ZONE11; tc++)
		ck_assert_msg(th_report_count(&fx.rep, tc, TH_LEVEL_DEBUG) > 0,
		              "%s emitted nothing", th_testcase_name(tc));
	ck_assert_msg(th_report_max_level(&fx.rep) <= TH_LEVEL_INFO,
	              "a healthy zone gets no notice or worse");
	enginefx_free(&fx);
}
END_TEST

START_TEST(test_zone_run_gates)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	build(&fx, &silent);
	th_zone_run(&fx.ctx);
	ck_assert(th_report_has(&fx.rep, TH_TAG_ZONE02_NO_RESPONSE_SOA_QUERY));
	ck_assert(th_report_has(&fx.rep, TH_TAG_ZONE08_NO_RESPONSE_MX_QUERY));
	/* Zonemaster's Zone::all skips ZONE09 after NO_RESPONSE_MX_QUERY
	 * and ZONE10/11 after NO_RESPONSE_SOA_QUERY. */
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_ZONE09, TH_LEVEL_DEBUG3), 0);
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_ZONE10, TH_LEVEL_DEBUG3), 0);
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_ZONE11, TH_LEVEL_DEBUG3), 0);
	enginefx_free(&fx);
}
END_TEST

START_TEST(test_zone_run_disabled)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.profile.enabled[TH_TC_ZONE01] = false;
	fx.profile.enabled[TH_TC_ZONE11] = false;
	build(&fx, &healthy);
	th_zone_run(&fx.ctx);
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_ZONE01, TH_LEVEL_DEBUG3), 0);
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_ZONE11, TH_LEVEL_DEBUG3), 0);
	ck_assert_uint_gt(
	    th_report_count(&fx.rep, TH_TC_ZONE10, TH_LEVEL_DEBUG3), 0);
	enginefx_free(&fx);
}
END_TEST

/* Every tag of the module has a text, and the catalogue's levels. */
START_TEST(test_zone_catalogue)
{
	static const struct tagcheck_spot spot[] = {
	    {"ZONE01", "Z01_MNAME_NOT_MASTER", "NOTICE"},
	    {"ZONE01", "Z01_MNAME_NOT_IN_NS_LIST", "INFO"},
	    {"ZONE01", "Z01_MNAME_IS_MASTER", "DEBUG"},
	    {"ZONE05", "EXPIRE_LOWER_THAN_REFRESH", "WARNING"},
	    {"ZONE07", "MNAME_HAS_NO_ADDRESS", "WARNING"},
	    {"ZONE08", "MX_RECORD_IS_CNAME", "ERROR"},
	    {"ZONE09", "Z09_TLD_EMAIL_DOMAIN", "WARNING"},
	    {"ZONE09", "Z09_ROOT_EMAIL_DOMAIN", "NOTICE"},
	    {"ZONE10", "MULTIPLE_SOA", "ERROR"},
	    {"ZONE10", "WRONG_SOA", "DEBUG"},
	    {"ZONE11", "Z11_SPF_SYNTAX_ERROR", "WARNING"},
	    {"ZONE11", "Z11_NO_SPF_NON_MAIL_DOMAIN", "INFO"},
	};
	/* ZONE01 11, 02-04 3 each, 05-07 4 each, 08 3, 09 13, 10 5, 11 10 */
	tagcheck_assert_catalogue(TH_MOD_ZONE, 63, spot, N_ELEMS(spot));
}
END_TEST

Suite *
suite_zone(void)
{
	Suite *s = suite_create("zone");
	TCase *tc = tcase_create("Cases");
	TCase *mod = tcase_create("Module");

	tcase_add_loop_test(tc, test_zone01, 0, N_ELEMS(z01));
	tcase_add_loop_test(tc, test_zone02, 0, N_ELEMS(z02));
	tcase_add_loop_test(tc, test_zone03, 0, N_ELEMS(z03));
	tcase_add_loop_test(tc, test_zone04, 0, N_ELEMS(z04));
	tcase_add_loop_test(tc, test_zone05, 0, N_ELEMS(z05));
	tcase_add_loop_test(tc, test_zone06, 0, N_ELEMS(z06));
	tcase_add_test(tc, test_zone_profile_vars);
	tcase_add_loop_test(tc, test_zone07, 0, N_ELEMS(z07));
	tcase_add_loop_test(tc, test_zone08, 0, N_ELEMS(z08));
	tcase_add_loop_test(tc, test_zone09, 0, N_ELEMS(z09));
	tcase_add_loop_test(tc, test_zone10, 0, N_ELEMS(z10));
	tcase_add_loop_test(tc, test_zone11, 0, N_ELEMS(z11));
	tcase_add_test(mod, test_zone_run_all);
	tcase_add_test(mod, test_zone_run_gates);
	tcase_add_test(mod, test_zone_run_disabled);
	tcase_add_test(mod, test_zone_catalogue);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, mod);
	return s;
}
