/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_syntax.c -- unit tests for engine/syntax (SYNTAX01-08) over canned
 * evidence: the domain's labels, host name checks of NS names, MNAME and
 * MX exchanges, the SOA chosen for SYNTAX05/07, RNAME as a mailbox (the
 * dot-atom rules) and its mail domain's MX and address lookups.
 */
#include "engine/syntax.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"

#include <stdio.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define DOM "example.se"
#define MAXTAGS 8

/*
 * A recursive lookup: status, CNAMEs followed, the answer's records
 * (zone-file text, NULL: no message) and addresses ("a,b" or NULL).
 */
static void
add_lookup(struct enginefx *fx, const char *qname, uint16_t qtype,
           enum th_res_status st, unsigned cnames, const char *records,
           const char *addrs)
{
	enginefx_add_lookup(fx, &(struct enginefx_lookup){.qname = qname,
	                                                  .qtype = qtype,
	                                                  .status = st,
	                                                  .cnames = cnames,
	                                                  .addrs = addrs,
	                                                  .records = records});
}

/* ns1 (192.0.2.1) and ns2 (192.0.2.2), both sides. */
static void
two_ns(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.2");
}

static void
soa_reply(struct enginefx *fx, const char *ip, const char *mname,
          const char *rname)
{
	char rr[1024];

	snprintf(rr, sizeof(rr), DOM ". 3600 IN SOA %s %s 1 2 3 4 5", mname,
	         rname);
	canned_reply(
	    &fx->ev, ip, TH_QF_PLAIN, DOM, TH_T_SOA,
	    canned_answer(DOM, TH_T_SOA, CANNED_AA, 0, rr, NULL, NULL));
}

/* ---- SYNTAX01-03: the domain itself ------------------------------------- */

struct domain_case {
	const char *domain;
	void (*run)(const struct th_engine_ctx *ctx);
	enum th_testcase tc;
	const char *want[MAXTAGS];
};

static const struct domain_case domain_cases[] = {
    {"example.se", th_syntax01, TH_TC_SYNTAX01, {"ONLY_ALLOWED_CHARS", NULL}},
    {".", th_syntax01, TH_TC_SYNTAX01, {"ONLY_ALLOWED_CHARS", NULL}},
    {"xn--bcher-kva.se",
     th_syntax01,
     TH_TC_SYNTAX01,
     {"ONLY_ALLOWED_CHARS", NULL}},
    {"EXAMPLE-1.se", th_syntax01, TH_TC_SYNTAX01, {"ONLY_ALLOWED_CHARS", NULL}},
    {"ex_ample.se", th_syntax01, TH_TC_SYNTAX01, {"NON_ALLOWED_CHARS", NULL}},
    {"ex\\.ample.se", th_syntax01, TH_TC_SYNTAX01, {"NON_ALLOWED_CHARS", NULL}},
    {"ex\\195\\164mple.se",
     th_syntax01,
     TH_TC_SYNTAX01,
     {"NON_ALLOWED_CHARS", NULL}},
    {"example.se", th_syntax02, TH_TC_SYNTAX02, {"NO_ENDING_HYPHENS", NULL}},
    {"a-b.se", th_syntax02, TH_TC_SYNTAX02, {"NO_ENDING_HYPHENS", NULL}},
    {".", th_syntax02, TH_TC_SYNTAX02, {"NO_ENDING_HYPHENS", NULL}},
    {"-example.se", th_syntax02, TH_TC_SYNTAX02, {"INITIAL_HYPHEN", NULL}},
    {"example-.se", th_syntax02, TH_TC_SYNTAX02, {"TERMINAL_HYPHEN", NULL}},
    {"-ex.se-",
     th_syntax02,
     TH_TC_SYNTAX02,
     {"INITIAL_HYPHEN", "TERMINAL_HYPHEN", NULL}},
    {"-.se",
     th_syntax02,
     TH_TC_SYNTAX02,
     {"INITIAL_HYPHEN", "TERMINAL_HYPHEN", NULL}},
    {"example.se", th_syntax03, TH_TC_SYNTAX03, {"NO_DOUBLE_DASH", NULL}},
    {"xn--bcher-kva.se", th_syntax03, TH_TC_SYNTAX03, {"NO_DOUBLE_DASH", NULL}},
    {"XN--bcher-kva.se", th_syntax03, TH_TC_SYNTAX03, {"NO_DOUBLE_DASH", NULL}},
    {"a--b.se", th_syntax03, TH_TC_SYNTAX03, {"NO_DOUBLE_DASH", NULL}},
    {".", th_syntax03, TH_TC_SYNTAX03, {"NO_DOUBLE_DASH", NULL}},
    {"ab--cd.se",
     th_syntax03,
     TH_TC_SYNTAX03,
     {"DISCOURAGED_DOUBLE_DASH", NULL}},
    {"ab--.se", th_syntax03, TH_TC_SYNTAX03, {"DISCOURAGED_DOUBLE_DASH", NULL}},
};

START_TEST(test_syntax_domain)
{
	const struct domain_case *c = &domain_cases[_i];
	struct enginefx fx;

	enginefx_init(&fx, c->domain);
	c->run(&fx.ctx);
	tagcheck_assert_tags(&fx.rep, c->tc, c->domain, c->want,
	                     N_ELEMS(c->want));
	enginefx_free(&fx);
}
END_TEST

START_TEST(test_syntax_domain_args)
{
	struct enginefx fx;

	enginefx_init(&fx, "-ex.ab--c.se");
	th_syntax02(&fx.ctx);
	th_syntax03(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX02, "-ex.ab--c.se",
	                    "INITIAL_HYPHEN", "label", "-ex");
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX02, "-ex.ab--c.se",
	                    "INITIAL_HYPHEN", "domain", "-ex.ab--c.se");
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX03, "-ex.ab--c.se",
	                    "DISCOURAGED_DOUBLE_DASH", "label", "ab--c");
	enginefx_free(&fx);

	enginefx_init(&fx, "ab--c.de--f.se");
	th_syntax03(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_SYNTAX03, "ab--c.de--f.se",
	                      "DISCOURAGED_DOUBLE_DASH", 2);
	enginefx_free(&fx);
}
END_TEST

/* ---- host names --------------------------------------------------------- */

static const struct {
	const char *name;
	unsigned want;
} host_cases[] = {
    {"ns1.example.se", 0},
    {".", 0},
    {"localhost", 0},
    {"xn--bcher-kva.example.se", 0},
    {"ns1.example.se1", 0},
    {"ns_1.example.se", TH_SYNTAX_HOST_BAD_CHARS},
    {"ns\\ 1.example.se", TH_SYNTAX_HOST_BAD_CHARS},
    /* Both checks apply to one name. */
    {"ns--1.example.123",
     TH_SYNTAX_HOST_NUMERIC_TLD | TH_SYNTAX_HOST_DOUBLE_DASH},
    {"ns1.example.123", TH_SYNTAX_HOST_NUMERIC_TLD},
    {"123", TH_SYNTAX_HOST_NUMERIC_TLD},
    {"ns--1.example.se", TH_SYNTAX_HOST_DOUBLE_DASH},
    {"ns_1--.example.123", TH_SYNTAX_HOST_BAD_CHARS},
};

START_TEST(test_syntax_hostname)
{
	struct th_dname n = canned_name(host_cases[_i].name);
	unsigned want = host_cases[_i].want;

	ck_assert_msg(th_syntax_hostname(&n) == want, "%s: %#x, want %#x",
	              host_cases[_i].name, th_syntax_hostname(&n), want);
}
END_TEST

static void
ns_ok(struct enginefx *fx)
{
	two_ns(fx);
}

static void
ns_bad_chars(struct enginefx *fx)
{
	two_ns(fx);
	canned_ns(&fx->ev, "ns_3.example.se", TH_EV_DEL, NULL);
}

static void
ns_numeric(struct enginefx *fx)
{
	two_ns(fx);
	canned_ns(&fx->ev, "ns3.example.123", TH_EV_CHILD, NULL);
}

static void
ns_double_dash(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns--1.example.se", TH_EV_DEL | TH_EV_CHILD, NULL);
	canned_ns(&fx->ev, "ns--2.example.se", TH_EV_DEL | TH_EV_CHILD, NULL);
}

static void
ns_all_bad(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns--1.example.123", TH_EV_DEL, NULL);
}

/* ---- SOA: SYNTAX05 and SYNTAX07 ----------------------------------------- */

static void
soa_good(struct enginefx *fx)
{
	two_ns(fx);
	soa_reply(fx, "192.0.2.1", "ns1.example.se.", "hostmaster.example.se.");
	soa_reply(fx, "192.0.2.2", "ns1.example.se.", "hostmaster.example.se.");
}

/* ns1 times out, ns2 answers without the SOA: the SOA of ns3 is used. */
static void
soa_third(struct enginefx *fx)
{
	two_ns(fx);
	canned_ns(&fx->ev, "ns3.example.se", TH_EV_CHILD, "192.0.2.3");
	canned_reply(&fx->ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&fx->ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, 0, 0, NULL, NULL, NULL));
	soa_reply(fx, "192.0.2.3", "ns--3.example.se.",
	          "host\\@master.example.se.");
}

static void
soa_none(struct enginefx *fx)
{
	two_ns(fx);
	canned_reply(&fx->ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&fx->ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, CANNED_AA, TH_RCODE_REFUSED,
	                           NULL, NULL, NULL));
}

static void
soa_mname_chars(struct enginefx *fx)
{
	two_ns(fx);
	soa_reply(fx, "192.0.2.1", "ns_1.example.se.",
	          "hostmaster.example.se.");
}

static void
soa_mname_numeric(struct enginefx *fx)
{
	two_ns(fx);
	soa_reply(fx, "192.0.2.2", "ns1.example.123.",
	          "hostmaster.example.se.");
}

/* ---- SYNTAX06 ----------------------------------------------------------- */

#define MX_MAIL "example.se. 300 IN MX 10 mail.example.se."

static void
rname(struct enginefx *fx, const char *box)
{
	two_ns(fx);
	soa_reply(fx, "192.0.2.1", "ns1.example.se.", box);
	soa_reply(fx, "192.0.2.2", "ns1.example.se.", box);
}

static void
mail_valid(struct enginefx *fx)
{
	rname(fx, "hostmaster.example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_ANSWER, 0, MX_MAIL, NULL);
	add_lookup(fx, "mail.example.se", 0, TH_RES_ANSWER, 0, NULL,
	           "198.51.100.25,2001:db8::25");
}

static void
mail_bad_local(struct enginefx *fx)
{
	rname(fx, "host\\(master.example.se.");
}

static void
mail_single_label(struct enginefx *fx)
{
	rname(fx, "hostmaster.");
}

static void
mail_no_mx(struct enginefx *fx)
{
	rname(fx, "john\\.doe.example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_NODATA, 0, NULL, NULL);
	add_lookup(fx, DOM, 0, TH_RES_ANSWER, 0, NULL, "198.51.100.80");
}

/* No MX; the domain is an alias with an address (allowed). */
static void
mail_no_mx_alias(struct enginefx *fx)
{
	rname(fx, "hostmaster.example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_NODATA, 1, NULL, NULL);
	add_lookup(fx, DOM, 0, TH_RES_ANSWER, 1, NULL, "198.51.100.80");
}

static void
mail_nothing(struct enginefx *fx)
{
	rname(fx, "hostmaster.example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_NODATA, 0, NULL, NULL);
	add_lookup(fx, DOM, 0, TH_RES_NODATA, 0, NULL, NULL);
}

static void
mail_nxdomain(struct enginefx *fx)
{
	rname(fx, "hostmaster.nowhere.example.");
	add_lookup(fx, "nowhere.example", TH_T_MX, TH_RES_NXDOMAIN, 0, NULL,
	           NULL);
}

static void
mail_localhost(struct enginefx *fx)
{
	rname(fx, "hostmaster.example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_ANSWER, 0, MX_MAIL, NULL);
	add_lookup(fx, "mail.example.se", 0, TH_RES_ANSWER, 0, NULL,
	           "127.0.0.1,::1");
}

static void
mail_cname(struct enginefx *fx)
{
	rname(fx, "hostmaster.example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_ANSWER, 0, MX_MAIL, NULL);
	add_lookup(fx, "mail.example.se", 0, TH_RES_ANSWER, 1, NULL,
	           "198.51.100.25");
}

/* Two exchanges: one without address, one good. */
static void
mail_one_bad_mx(struct enginefx *fx)
{
	rname(fx, "hostmaster.example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_ANSWER, 0,
	           MX_MAIL ";example.se. 300 IN MX 20 gone.example.se.", NULL);
	add_lookup(fx, "mail.example.se", 0, TH_RES_ANSWER, 0, NULL,
	           "198.51.100.25");
	add_lookup(fx, "gone.example.se", 0, TH_RES_NXDOMAIN, 0, NULL, NULL);
}

/* RFC 7505: the domain takes no mail. */
static void
mail_null_mx(struct enginefx *fx)
{
	rname(fx, "hostmaster.example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_ANSWER, 0,
	           "example.se. 300 IN MX 0 .", NULL);
}

/* The probe made no MX lookup: no verdict. */
static void
mail_no_lookup(struct enginefx *fx)
{
	rname(fx, "hostmaster.example.se.");
}

/* ns1 times out, ns2 answers without SOA: nothing to judge. */
static void
mail_no_soa(struct enginefx *fx)
{
	two_ns(fx);
	canned_reply(&fx->ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&fx->ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, 0, 0, NULL, NULL, NULL));
}

/* Two servers, two RNAMEs: each judged with its own servers. */
static void
mail_two_rnames(struct enginefx *fx)
{
	two_ns(fx);
	soa_reply(fx, "192.0.2.1", "ns1.example.se.", "hostmaster.example.se.");
	soa_reply(fx, "192.0.2.2", "ns1.example.se.", "dns\\@example.se.");
	add_lookup(fx, DOM, TH_T_MX, TH_RES_ANSWER, 0, MX_MAIL, NULL);
	add_lookup(fx, "mail.example.se", 0, TH_RES_ANSWER, 0, NULL,
	           "198.51.100.25");
}

/* ---- SYNTAX08 ----------------------------------------------------------- */

static void
mx_reply(struct enginefx *fx, const char *ip, const char *records,
         unsigned rcode)
{
	canned_reply(
	    &fx->ev, ip, TH_QF_PLAIN, DOM, TH_T_MX,
	    canned_answer(DOM, TH_T_MX, CANNED_AA, rcode, records, NULL, NULL));
}

static void
mx_ok(struct enginefx *fx)
{
	two_ns(fx);
	mx_reply(fx, "192.0.2.1",
	         MX_MAIL ";example.se. 300 IN MX 20 mx2.example.net.", 0);
	mx_reply(fx, "192.0.2.2",
	         "example.se. 300 IN MX 10 MAIL.example.se.;"
	         "example.se. 300 IN MX 20 mx2.example.net.",
	         0);
}

static void
mx_bad(struct enginefx *fx)
{
	two_ns(fx);
	mx_reply(fx, "192.0.2.1",
	         "example.se. 300 IN MX 10 mail_1.example.se.;"
	         "example.se. 300 IN MX 20 mail.example.123.",
	         0);
	mx_reply(fx, "192.0.2.2", "example.se. 300 IN MX 30 ma--il.example.se.",
	         0);
}

static void
mx_timeouts(struct enginefx *fx)
{
	two_ns(fx);
	canned_reply(&fx->ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_MX,
	             canned_outcome(TH_OUT_TIMEOUT));
}

static void
mx_nodata(struct enginefx *fx)
{
	two_ns(fx);
	mx_reply(fx, "192.0.2.1", NULL, 0);
	mx_reply(fx, "192.0.2.2", NULL, TH_RCODE_REFUSED);
}

/* A REFUSED server's records are not read. */
static void
mx_refused(struct enginefx *fx)
{
	two_ns(fx);
	mx_reply(fx, "192.0.2.1", "example.se. 300 IN MX 10 bad_mx.example.se.",
	         TH_RCODE_REFUSED);
	mx_reply(fx, "192.0.2.2", MX_MAIL, 0);
}

/* ---- the table ---------------------------------------------------------- */

struct tc_case {
	const char *name;
	void (*setup)(struct enginefx *fx);
	void (*run)(const struct th_engine_ctx *ctx);
	enum th_testcase tc;
	const char *want[MAXTAGS];
};

static const struct tc_case cases[] = {
    {"s04 ok",
     ns_ok,
     th_syntax04,
     TH_TC_SYNTAX04,
     {"NAMESERVER_SYNTAX_OK", NULL}},
    {"s04 chars",
     ns_bad_chars,
     th_syntax04,
     TH_TC_SYNTAX04,
     {"NAMESERVER_SYNTAX_OK", "NAMESERVER_NON_ALLOWED_CHARS", NULL}},
    {"s04 numeric",
     ns_numeric,
     th_syntax04,
     TH_TC_SYNTAX04,
     {"NAMESERVER_SYNTAX_OK", "NAMESERVER_NUMERIC_TLD", NULL}},
    {"s04 dash",
     ns_double_dash,
     th_syntax04,
     TH_TC_SYNTAX04,
     {"NAMESERVER_DISCOURAGED_DOUBLE_DASH", NULL}},
    {"s04 both",
     ns_all_bad,
     th_syntax04,
     TH_TC_SYNTAX04,
     {"NAMESERVER_DISCOURAGED_DOUBLE_DASH", "NAMESERVER_NUMERIC_TLD", NULL}},
    {"s05 ok",
     soa_good,
     th_syntax05,
     TH_TC_SYNTAX05,
     {"RNAME_NO_AT_SIGN", NULL}},
    {"s05 at",
     soa_third,
     th_syntax05,
     TH_TC_SYNTAX05,
     {"RNAME_MISUSED_AT_SIGN", NULL}},
    {"s05 none",
     soa_none,
     th_syntax05,
     TH_TC_SYNTAX05,
     {"NO_RESPONSE_SOA_QUERY", NULL}},
    {"s07 ok",
     soa_good,
     th_syntax07,
     TH_TC_SYNTAX07,
     {"MNAME_SYNTAX_OK", NULL}},
    {"s07 dash",
     soa_third,
     th_syntax07,
     TH_TC_SYNTAX07,
     {"MNAME_DISCOURAGED_DOUBLE_DASH", NULL}},
    {"s07 chars",
     soa_mname_chars,
     th_syntax07,
     TH_TC_SYNTAX07,
     {"MNAME_NON_ALLOWED_CHARS", NULL}},
    {"s07 numeric",
     soa_mname_numeric,
     th_syntax07,
     TH_TC_SYNTAX07,
     {"MNAME_NUMERIC_TLD", NULL}},
    {"s07 none",
     soa_none,
     th_syntax07,
     TH_TC_SYNTAX07,
     {"NO_RESPONSE_SOA_QUERY", NULL}},
    {"s06 valid",
     mail_valid,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_RFC822_VALID", NULL}},
    {"s06 bad local",
     mail_bad_local,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_RFC822_INVALID", NULL}},
    {"s06 one label",
     mail_single_label,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_RFC822_INVALID", NULL}},
    {"s06 at sign",
     soa_third,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"NO_RESPONSE", "NO_RESPONSE_SOA_QUERY", "RNAME_RFC822_INVALID", NULL}},
    {"s06 no mx",
     mail_no_mx,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_RFC822_VALID", NULL}},
    {"s06 no mx alias",
     mail_no_mx_alias,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_RFC822_VALID", NULL}},
    {"s06 nothing",
     mail_nothing,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_MAIL_DOMAIN_INVALID", NULL}},
    {"s06 nxdomain",
     mail_nxdomain,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_MAIL_DOMAIN_INVALID", NULL}},
    {"s06 localhost",
     mail_localhost,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_MAIL_DOMAIN_LOCALHOST", "RNAME_MAIL_DOMAIN_INVALID", NULL}},
    {"s06 cname",
     mail_cname,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_MAIL_ILLEGAL_CNAME", "RNAME_MAIL_DOMAIN_INVALID", NULL}},
    {"s06 one bad mx",
     mail_one_bad_mx,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_MAIL_DOMAIN_INVALID", "RNAME_RFC822_VALID", NULL}},
    {"s06 null mx",
     mail_null_mx,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_MAIL_DOMAIN_INVALID", NULL}},
    {"s06 no lookup", mail_no_lookup, th_syntax06, TH_TC_SYNTAX06, {NULL}},
    {"s06 no soa",
     mail_no_soa,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"NO_RESPONSE", "NO_RESPONSE_SOA_QUERY", NULL}},
    {"s06 two rnames",
     mail_two_rnames,
     th_syntax06,
     TH_TC_SYNTAX06,
     {"RNAME_RFC822_VALID", "RNAME_RFC822_INVALID", NULL}},
    {"s08 ok", mx_ok, th_syntax08, TH_TC_SYNTAX08, {"MX_SYNTAX_OK", NULL}},
    {"s08 bad",
     mx_bad,
     th_syntax08,
     TH_TC_SYNTAX08,
     {"MX_NON_ALLOWED_CHARS", "MX_NUMERIC_TLD", "MX_DISCOURAGED_DOUBLE_DASH",
      NULL}},
    {"s08 timeouts",
     mx_timeouts,
     th_syntax08,
     TH_TC_SYNTAX08,
     {"NO_RESPONSE_MX_QUERY", NULL}},
    /* No MX query was sent: nothing to judge. */
    {"s08 not asked", two_ns, th_syntax08, TH_TC_SYNTAX08, {NULL}},
    {"s08 nodata", mx_nodata, th_syntax08, TH_TC_SYNTAX08, {NULL}},
    {"s08 refused",
     mx_refused,
     th_syntax08,
     TH_TC_SYNTAX08,
     {"MX_SYNTAX_OK", NULL}},
};

START_TEST(test_syntax_cases)
{
	const struct tc_case *c = &cases[_i];
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	c->setup(&fx);
	c->run(&fx.ctx);
	tagcheck_assert_tags(&fx.rep, c->tc, c->name, c->want,
	                     N_ELEMS(c->want));
	/* A test case emits only its own tags. */
	ck_assert_uint_eq(th_report_count(&fx.rep, c->tc, TH_LEVEL_DEBUG3),
	                  fx.rep.n);
	enginefx_free(&fx);
}
END_TEST

/* ---- RNAME as a mailbox ------------------------------------------------- */

static const struct {
	const char *rname, *box;
	bool valid;
	const char *domain;
} box_cases[] = {
    {"hostmaster.example.se.", "hostmaster@example.se", true, "example.se."},
    {"john\\.doe.example.se.", "john.doe@example.se", true, "example.se."},
    {"a+b!#$%&'*-/=?^_`{|}~.example.se.", "a+b!#$%&'*-/=?^_`{|}~@example.se",
     true, "example.se."},
    {"h.mail-1.example.se.", "h@mail-1.example.se", true, "mail-1.example.se."},
    {"\\.john.example.se.", ".john@example.se", false, "example.se."},
    {"john\\..example.se.", "john.@example.se", false, "example.se."},
    {"a\\.\\.b.example.se.", "a..b@example.se", false, "example.se."},
    {"a\\@b.example.se.", "a@b@example.se", false, "example.se."},
    {"host\\032master.example.se.", "host\\032master@example.se", false,
     "example.se."},
    {"host\\(master.example.se.", "host(master@example.se", false,
     "example.se."},
    {"hostmaster.", "hostmaster", false, "."},
    {".", "", false, "."},
    {"hostmaster.se.", "hostmaster@se", false, "se."},
    {"hostmaster.-bad.se.", "hostmaster@-bad.se", false, "-bad.se."},
    {"hostmaster.bad-.se.", "hostmaster@bad-.se", false, "bad-.se."},
    {"hostmaster.ex_ample.se.", "hostmaster@ex_ample.se", false,
     "ex_ample.se."},
};

START_TEST(test_syntax_rname_mailbox)
{
	struct th_dname r = canned_name(box_cases[_i].rname), d;
	char box[1400], dstr[TH_DNAME_STRLEN];
	bool valid = th_syntax_rname_mailbox(&r, box, sizeof(box), &d);

	ck_assert_str_eq(box, box_cases[_i].box);
	ck_assert_msg(valid == box_cases[_i].valid, "%s", box_cases[_i].rname);
	ck_assert_int_eq(th_dname_to_str(&d, dstr, sizeof(dstr)), 0);
	ck_assert_str_eq(dstr, box_cases[_i].domain);
}
END_TEST

/* A small box is cut, never overrun. */
START_TEST(test_syntax_rname_mailbox_small)
{
	struct th_dname r = canned_name("hostmaster.example.se."), d;
	char box[8];

	ck_assert(th_syntax_rname_mailbox(&r, box, sizeof(box), &d));
	ck_assert_uint_lt(strlen(box), sizeof(box));
	ck_assert(!th_syntax_rname_mailbox(&r, box, 0, &d));
}
END_TEST

/* ---- arguments ---------------------------------------------------------- */

START_TEST(test_syntax_args)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	ns_double_dash(&fx);
	th_syntax04(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_SYNTAX04, "ns double dash",
	                      "NAMESERVER_DISCOURAGED_DOUBLE_DASH", 2);
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX04, "ns double dash",
	                    "NAMESERVER_DISCOURAGED_DOUBLE_DASH", "nsname",
	                    "ns--1.example.se");
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX04, "ns double dash",
	                    "NAMESERVER_DISCOURAGED_DOUBLE_DASH", "label",
	                    "ns--1");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	soa_third(&fx);
	th_syntax05(&fx.ctx);
	th_syntax07(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX05, "soa third",
	                    "RNAME_MISUSED_AT_SIGN", "rname",
	                    "host\\@master.example.se");
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX07, "soa third",
	                    "MNAME_DISCOURAGED_DOUBLE_DASH", "mname",
	                    "ns--3.example.se");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	mail_two_rnames(&fx);
	th_syntax06(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX06, "mail two rnames",
	                    "RNAME_RFC822_VALID", "rname",
	                    "hostmaster@example.se");
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX06, "mail two rnames",
	                    "RNAME_RFC822_VALID", "ns_list",
	                    "ns1.example.se/192.0.2.1");
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX06, "mail two rnames",
	                    "RNAME_RFC822_INVALID", "rname", "dns@example@se");
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX06, "mail two rnames",
	                    "RNAME_RFC822_INVALID", "ns_list",
	                    "ns2.example.se/192.0.2.2");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	mail_valid(&fx);
	th_syntax06(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_SYNTAX06, "mail valid",
	                      "RNAME_RFC822_VALID", 1);
	tagcheck_assert_arg(
	    &fx.rep, TH_TC_SYNTAX06, "mail valid", "RNAME_RFC822_VALID",
	    "ns_list", "ns1.example.se/192.0.2.1;ns2.example.se/192.0.2.2");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	mail_one_bad_mx(&fx);
	th_syntax06(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX06, "mail one bad mx",
	                    "RNAME_MAIL_DOMAIN_INVALID", "mailtarget",
	                    "gone.example.se");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	mail_nxdomain(&fx);
	th_syntax06(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX06, "mail nxdomain",
	                    "RNAME_MAIL_DOMAIN_INVALID", "mailtarget",
	                    "nowhere.example");
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX06, "mail nxdomain",
	                    "RNAME_MAIL_DOMAIN_INVALID", "rname",
	                    "hostmaster@nowhere.example");
	enginefx_free(&fx);

	/* Exchanges are reported once, whatever their case and source. */
	enginefx_init(&fx, DOM);
	mx_ok(&fx);
	th_syntax08(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_SYNTAX08, "mx ok", "MX_SYNTAX_OK",
	                      2);
	tagcheck_assert_arg(&fx.rep, TH_TC_SYNTAX08, "mx ok", "MX_SYNTAX_OK",
	                    "mailtarget", "mail.example.se");
	enginefx_free(&fx);
}
END_TEST

/* The module entry runs the enabled test cases only. */
START_TEST(test_syntax_run)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	mail_valid(&fx);
	mx_reply(&fx, "192.0.2.1", MX_MAIL, 0);
	fx.profile.enabled[TH_TC_SYNTAX03] = false;
	th_syntax_run(&fx.ctx);
	ck_assert(th_report_has(&fx.rep, TH_TAG_SYNTAX01_ONLY_ALLOWED_CHARS));
	ck_assert(th_report_has(&fx.rep, TH_TAG_SYNTAX06_RNAME_RFC822_VALID));
	ck_assert(th_report_has(&fx.rep, TH_TAG_SYNTAX07_MNAME_SYNTAX_OK));
	ck_assert(th_report_has(&fx.rep, TH_TAG_SYNTAX08_MX_SYNTAX_OK));
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_SYNTAX03, TH_LEVEL_DEBUG3), 0);
	enginefx_free(&fx);
}
END_TEST

Suite *
suite_syntax(void)
{
	Suite *s = suite_create("syntax");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_syntax_domain, 0, N_ELEMS(domain_cases));
	tcase_add_test(neg, test_syntax_domain_args);
	tcase_add_loop_test(pos, test_syntax_hostname, 0, N_ELEMS(host_cases));
	tcase_add_loop_test(pos, test_syntax_cases, 0, N_ELEMS(cases));
	tcase_add_loop_test(pos, test_syntax_rname_mailbox, 0,
	                    N_ELEMS(box_cases));
	tcase_add_test(neg, test_syntax_rname_mailbox_small);
	tcase_add_test(neg, test_syntax_args);
	tcase_add_test(pos, test_syntax_run);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
