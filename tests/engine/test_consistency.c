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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Replies: (server, qtype, qname or NULL for the zone, flags, rcode,
 * answer, authority); T() for a timeout. */
#define R(ip, qt, qn, fl, rc, ans)                                             \
	{                                                                      \
		ip, qt, qn, fl, rc, ans, NULL, TH_OUT_ANSWER                   \
	}
#define T(ip, qt, qn)                                                          \
	{                                                                      \
		ip, qt, qn, 0, 0, NULL, NULL, TH_OUT_TIMEOUT                   \
	}
/* Both servers give the same answer. */
#define R2(qt, qn, fl, rc, ans)                                                \
	R(NS1, qt, qn, fl, rc, ans), R(NS2, qt, qn, fl, rc, ans)

struct nsdef {
	const char *name;
	uint8_t src;
	const char *addrs;
	bool glue;
};

struct rep {
	const char *ip;
	uint16_t qtype;
	const char *qname;
	unsigned flags, rcode;
	const char *answer, *authority;
	enum th_outcome outcome;
};

struct lk {
	const char *qname;
	uint16_t qtype;
	enum th_res_status status;
	const char *addrs;
};

struct arg {
	const char *tag, *key, *value;
};

struct ccase {
	const char *name;
	bool no4, no6;      /* families not in use */
	struct nsdef ns[4]; /* ns[0].name NULL: ns1 and ns2 with glue */
	struct rep rep[12];
	struct lk lk[2];
	const char *tags[10]; /* the exact set expected */
	struct arg arg[4];
};

static void
add_lookup(struct th_evidence *ev, const struct lk *l)
{
	struct th_res_result res;
	struct th_addr addrs[TH_EV_MAXADDR];
	struct th_dname q = canned_name(l->qname);

	memset(&res, 0, sizeof(res));
	res.status = l->status;
	res.qname = q;
	res.addrs = addrs;
	if (l->addrs != NULL) {
		char *copy = strdup(l->addrs), *save = NULL, *one;

		ck_assert_ptr_nonnull(copy);
		for (one = strtok_r(copy, ",", &save); one != NULL;
		     one = strtok_r(NULL, ",", &save))
			addrs[res.naddrs++] = canned_addr(one);
		free(copy);
	}
	ck_assert_int_eq(th_ev_add_lookup(ev, &q, l->qtype, &res), 0);
}

static void
build(struct th_evidence *ev, const struct ccase *c)
{
	if (c->ns[0].name == NULL) {
		canned_ns(ev, "ns1.example.se", BOTH, NS1)->glue = true;
		canned_ns(ev, "ns2.example.se", BOTH, NS2)->glue = true;
	}
	for (int i = 0; i < N_ELEMS(c->ns) && c->ns[i].name != NULL; i++)
		canned_ns(ev, c->ns[i].name, c->ns[i].src, c->ns[i].addrs)
		    ->glue = c->ns[i].glue;
	for (int i = 0; i < N_ELEMS(c->rep) && c->rep[i].ip != NULL; i++) {
		const struct rep *r = &c->rep[i];
		const char *qn = r->qname != NULL ? r->qname : DOM;
		struct th_answer *a =
		    r->outcome == TH_OUT_ANSWER
		        ? canned_answer(qn, r->qtype, r->flags, r->rcode,
		                        r->answer, r->authority, NULL)
		        : canned_outcome(r->outcome);

		canned_reply(ev, r->ip, TH_QF_PLAIN, qn, r->qtype, a);
	}
	for (int i = 0; i < N_ELEMS(c->lk) && c->lk[i].qname != NULL; i++)
		add_lookup(ev, &c->lk[i]);
	ev->ipv4 = !c->no4;
	ev->ipv6 = !c->no6;
}

/* The tags test case tc emitted (level DEBUG and up), ';'-joined. */
static void
emitted(const struct th_report *rep, enum th_testcase tc, char *out,
        size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < rep->n; i++)
		if (th_tag_testcase(rep->msgs[i].tag) == tc &&
		    rep->msgs[i].level >= TH_LEVEL_DEBUG && len < size)
			len += (size_t)snprintf(out + len, size - len, "%s;",
			                        th_tag_name(rep->msgs[i].tag));
}

static bool
has_tag(const struct th_report *rep, enum th_testcase tc, const char *name)
{
	for (size_t i = 0; i < rep->n; i++)
		if (th_tag_testcase(rep->msgs[i].tag) == tc &&
		    rep->msgs[i].level >= TH_LEVEL_DEBUG &&
		    strcmp(th_tag_name(rep->msgs[i].tag), name) == 0)
			return true;
	return false;
}

/* Exactly the expected set of tags (duplicates aside). */
static void
check_tags(const struct th_report *rep, enum th_testcase tc,
           const char *case_name, const char *const *want, int nwant)
{
	char got[2048];
	int n = 0;

	emitted(rep, tc, got, sizeof(got));
	while (n < nwant && want[n] != NULL)
		n++;
	for (size_t i = 0; i < rep->n; i++) {
		const char *name = th_tag_name(rep->msgs[i].tag);
		bool ok = false;

		if (th_tag_testcase(rep->msgs[i].tag) != tc ||
		    rep->msgs[i].level < TH_LEVEL_DEBUG)
			continue;
		for (int k = 0; k < n && !ok; k++)
			ok = strcmp(want[k], name) == 0;
		ck_assert_msg(ok, "%s: unexpected %s (got %s)", case_name, name,
		              got);
	}
	for (int k = 0; k < n; k++)
		ck_assert_msg(has_tag(rep, tc, want[k]),
		              "%s: %s missing (got %s)", case_name, want[k],
		              got);
}

/* Some message with tag has key = value. */
static void
check_arg(const struct th_report *rep, enum th_testcase tc,
          const char *case_name, const struct arg *a)
{
	const char *seen = NULL;

	for (size_t i = 0; i < rep->n; i++) {
		const struct th_message *m = &rep->msgs[i];
		const char *v;

		if (th_tag_testcase(m->tag) != tc ||
		    strcmp(th_tag_name(m->tag), a->tag) != 0)
			continue;
		v = th_message_arg(m, a->key);
		if (v != NULL && strcmp(v, a->value) == 0)
			return;
		seen = v != NULL ? v : "(none)";
	}
	ck_assert_msg(0, "%s: no %s with %s \"%s\" (saw \"%s\")", case_name,
	              a->tag, a->key, a->value, seen ? seen : "no message");
}

/* Every placeholder of every text is filled by the emitted arguments. */
static void
check_texts(const struct th_report *rep, enum th_testcase tc,
            const char *case_name)
{
	struct th_buf b = TH_BUF_INIT(1 << 16);

	for (size_t i = 0; i < rep->n; i++) {
		if (th_tag_testcase(rep->msgs[i].tag) != tc)
			continue;
		th_buf_reset(&b);
		ck_assert_int_eq(th_message_text(&rep->msgs[i], &b), 0);
		ck_assert_msg(strchr(th_buf_str(&b), '{') == NULL,
		              "%s: unfilled placeholder in \"%s\"", case_name,
		              th_buf_str(&b));
	}
	th_buf_free(&b);
}

typedef void tc_fn(const struct th_engine_ctx *ctx);

static void
run_case(const struct ccase *c, tc_fn *fn, enum th_testcase tc)
{
	struct th_dname d = canned_name(DOM);
	struct th_profile profile;
	struct th_engine_conf conf;
	struct th_report rep;
	struct th_evidence ev;
	struct th_engine_ctx ctx;

	th_profile_default(&profile);
	th_engine_conf_init(&conf, &profile);
	ck_assert_int_eq(th_report_init(&rep, &profile), 0);
	th_ev_init(&ev, &d);
	build(&ev, c);
	ctx.ev = &ev;
	ctx.conf = &conf;
	ctx.rep = &rep;
	fn(&ctx);
	ck_assert_int_eq(rep.err, 0);
	check_tags(&rep, tc, c->name, c->tags, N_ELEMS(c->tags));
	for (int i = 0; i < N_ELEMS(c->arg) && c->arg[i].tag != NULL; i++)
		check_arg(&rep, tc, c->name, &c->arg[i]);
	check_texts(&rep, tc, c->name);
	th_ev_free(&ev);
	th_report_free(&rep);
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
     {{"ns1.example.se", BOTH, NS1 ",2001:db8::1", true},
      {"ns2.example.se", BOTH, NS2, true}},
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
     {{"ns1.example.se", BOTH, NS1 ",2001:db8::1", true}},
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
      {NS2, TH_T_SOA, NULL, 0, 0, NULL, NULL, TH_OUT_MALFORMED}},
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
     {{"ns1.example.se", BOTH, NS1 ",2001:db8::1", true},
      {"ns2.example.se", BOTH, NS2, true}},
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
     {{"ns1.example.se", BOTH, NS1, true},
      {"ns3.example.se", TH_EV_CHILD, NULL, false}},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL),
      R2(TH_T_A, "ns3.example.se", AA, 3, NULL),
      R2(TH_T_AAAA, "ns3.example.se", AA, 3, NULL)},
     {{0}},
     {"ADDRESSES_MATCH"},
     {{0}}},
    {"a referral to a zone below",
     false,
     false,
     {{"ns1.example.se", BOTH, NS1, true},
      {"ns.sub.example.se", TH_EV_DEL, "192.0.2.5", true}},
     {R2(TH_T_A, N1, AA, 0, A1),
      R2(TH_T_AAAA, N1, AA, 0, NULL),
      {NS1, TH_T_A, "ns.sub.example.se", 0, 0, NULL,
       "sub.example.se. 3600 IN NS ns.sub.example.se.", TH_OUT_ANSWER},
      {NS1, TH_T_AAAA, "ns.sub.example.se", 0, 0, NULL,
       "sub.example.se. 3600 IN NS ns.sub.example.se.", TH_OUT_ANSWER}},
     {{"ns.sub.example.se", 0, TH_RES_ANSWER, "192.0.2.5"}},
     {"ADDRESSES_MATCH"},
     {{0}}},
    {"a referral to the zone itself is a failure",
     false,
     false,
     {{0}},
     {{NS1, TH_T_A, N1, 0, 0, NULL, "example.se. 3600 IN NS ns1.example.se.",
       TH_OUT_ANSWER},
      {NS2, TH_T_A, N1, 0, 0, NULL, "se. 3600 IN NS a.ns.se.", TH_OUT_ANSWER}},
     {{N1, 0, TH_RES_ANSWER, NS1}},
     {"CHILD_ZONE_LAME", "CHILD_NS_FAILED"},
     {{"CHILD_NS_FAILED", "ns", NSN1}, {"CHILD_NS_FAILED", "ns", NSN2}}},
    {"out-of-bailiwick glue matches DNS",
     false,
     false,
     {{"ns1.example.se", BOTH, NS1, true}, {OOB, BOTH, "198.51.100.1", true}},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL)},
     {{OOB, 0, TH_RES_ANSWER, "198.51.100.1"}},
     {"ADDRESSES_MATCH"},
     {{0}}},
    {"out-of-bailiwick glue differs from DNS",
     false,
     false,
     {{"ns1.example.se", BOTH, NS1, true}, {OOB, BOTH, "198.51.100.1", true}},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL)},
     {{OOB, 0, TH_RES_ANSWER, "198.51.100.9,2001:db8::9"}},
     {"OUT_OF_BAILIWICK_ADDR_MISMATCH"},
     {{"OUT_OF_BAILIWICK_ADDR_MISMATCH", "parent_addresses",
       "ns.other.se/198.51.100.1"},
      {"OUT_OF_BAILIWICK_ADDR_MISMATCH", "zone_addresses",
       "ns.other.se/198.51.100.9;ns.other.se/2001:db8::9"}}},
    {"out-of-bailiwick name that does not resolve",
     false,
     false,
     {{"ns1.example.se", BOTH, NS1, true}, {OOB, BOTH, "198.51.100.1", true}},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL)},
     {{OOB, 0, TH_RES_NXDOMAIN, NULL}},
     {"OUT_OF_BAILIWICK_ADDR_MISMATCH"},
     {{"OUT_OF_BAILIWICK_ADDR_MISMATCH", "zone_addresses", ""}}},
    {"resolved addresses are not glue",
     false,
     false,
     {{"ns1.example.se", BOTH, NS1, true}, {OOB, BOTH, "198.51.100.1", false}},
     {R2(TH_T_A, N1, AA, 0, A1), R2(TH_T_AAAA, N1, AA, 0, NULL)},
     {{OOB, 0, TH_RES_ANSWER, "198.51.100.9"}},
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
     {{"ns1.example.se", BOTH, NS1, true},
      {"ns2.example.se", BOTH, NS2, true},
      {"ns3.example.se", BOTH, "192.0.2.3", true}},
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
	struct th_dname d = canned_name(DOM);
	struct th_profile profile;
	struct th_engine_conf conf;
	struct th_report rep;
	struct th_evidence ev;
	struct th_engine_ctx ctx = {&ev, &conf, &rep};
	enum th_testcase last = TH_TC_CONSISTENCY01;

	th_profile_default(&profile);
	profile.enabled[TH_TC_CONSISTENCY03] = false;
	th_engine_conf_init(&conf, &profile);
	ck_assert_int_eq(th_report_init(&rep, &profile), 0);
	th_ev_init(&ev, &d);
	canned_ns(&ev, "ns1.example.se", BOTH, NS1)->glue = true;
	canned_reply(&ev, NS1, TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, AA, 0, SOA_OK, NULL, NULL));
	canned_reply(&ev, NS1, TH_QF_PLAIN, DOM, TH_T_NS,
	             canned_answer(DOM, TH_T_NS, AA, 0,
	                           "example.se. 3600 IN NS ns1.example.se.",
	                           NULL, NULL));
	th_consistency_run(&ctx);
	ck_assert(th_report_has(&rep, TH_TAG_CONSISTENCY01_ONE_SOA_SERIAL));
	ck_assert(th_report_has(&rep, TH_TAG_CONSISTENCY02_ONE_SOA_RNAME));
	ck_assert_uint_eq(
	    th_report_count(&rep, TH_TC_CONSISTENCY03, TH_LEVEL_DEBUG3), 0);
	ck_assert(th_report_has(&rep, TH_TAG_CONSISTENCY04_ONE_NS_SET));
	ck_assert(th_report_has(&rep, TH_TAG_CONSISTENCY05_ADDRESSES_MATCH));
	ck_assert(th_report_has(&rep, TH_TAG_CONSISTENCY06_ONE_SOA_MNAME));
	for (size_t i = 0; i < rep.n; i++) {
		enum th_testcase tc = th_tag_testcase(rep.msgs[i].tag);

		ck_assert_int_ge(tc, last);
		last = tc;
	}
	th_ev_free(&ev);
	th_report_free(&rep);
}
END_TEST

/* Every tag of the module has a text and the catalogue's level. */
START_TEST(test_consistency_catalogue)
{
	static const struct {
		const char *tc, *tag, *level;
	} spot[] = {
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
	unsigned n = 0;

	for (unsigned i = 0; i < TH_TAG__COUNT; i++) {
		enum th_testcase tc = th_tag_testcase((enum th_tag)i);

		if (th_testcase_module(tc) != TH_MOD_CONSISTENCY)
			continue;
		n++;
		ck_assert_uint_gt(strlen(th_tag_text((enum th_tag)i)), 10);
	}
	/* CONSISTENCY01 8, 02-05 7 each, 06 7 (4 + 3 DEBUG from the code) */
	ck_assert_uint_eq(n, 43);
	for (int i = 0; i < N_ELEMS(spot); i++) {
		enum th_testcase tc;
		enum th_tag tag;

		ck_assert_int_eq(th_testcase_parse(spot[i].tc, &tc), 0);
		ck_assert_int_eq(th_tag_find(tc, spot[i].tag, &tag), 0);
		ck_assert_str_eq(th_level_name(th_tag_default_level(tag)),
		                 spot[i].level);
	}
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
