/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_spf.c -- unit tests for engine/spf: SPF version 1 records that
 * RFC 7208 allows (its examples, sections 5, 7 and appendices A-D, plus
 * edge cases of the ABNF) and records it forbids, with the offending term
 * in the error text.
 *
 * Each record is copied to an exact-size heap buffer without a NUL, so
 * AddressSanitizer and valgrind see any read past its length.
 */
#include "common/err.h"
#include "engine/spf.h"
#include "tests/suites.h"

#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int
check(const char *rec, size_t len, char *err, size_t errlen)
{
	char *p = malloc(len > 0 ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(p);
	memcpy(p, rec, len);
	rc = th_spf_check(p, len, err, errlen);
	free(p);
	return rc;
}

static const char *const valid[] = {
    /* RFC 7208 appendix A and section 5 examples */
    "v=spf1 +all",
    "v=spf1 a -all",
    "v=spf1 a:example.org -all",
    "v=spf1 mx -all",
    "v=spf1 mx:example.org -all",
    "v=spf1 mx mx:example.org -all",
    "v=spf1 mx/30 mx:example.org/30 -all",
    "v=spf1 ptr -all",
    "v=spf1 ip4:192.0.2.128/28 -all",
    "v=spf1 include:example.com include:example.net -all",
    "v=spf1 redirect=_spf.example.com",
    "v=spf1 mx:example.com -all",
    "v=spf1 -ip4:192.0.2.0/24 a//96 +all",
    "v=spf1 a:mail.example.com -all",
    "v=spf1 mx -all exp=explain._spf.%{d}",
    "v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all",
    /* section 7 macro examples */
    "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all",
    "v=spf1 exists:%{s}.%{o}.%{d4}.%{d3}.%{d2}.%{d1}.%{dr}.%{d2r}.x.org",
    "v=spf1 exists:%{l}.%{l-}.%{lr}.%{lr-}.%{l1r-}.example.com",
    "v=spf1 exists:%{ir}.%{v}._spf.%{d2}",
    "v=spf1 exists:%{lr-}.lp._spf.%{d2}",
    "v=spf1 exists:%{lr-}.lp.%{ir}.%{v}._spf.%{d2}",
    "v=spf1 exists:%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}",
    "v=spf1 exists:%{d2}.trusted-domains.example.net",
    "v=spf1 exists:%{i}.%{h}.%{p}.%{c}.%{r}.%{t}.%{v}.example.net",
    "v=spf1 exists:%{D}.%{IR}.%{l12R=_/,}.example.net",
    "v=spf1 exists:%%.%_.%-.example.net",
    "v=spf1 exists:%{d}",
    /* version, spacing and case */
    "v=spf1",
    "v=spf1 ",
    "v=spf1    -all   ",
    "V=SPF1 MX -ALL",
    "v=spf1 ?all",
    "v=spf1 ~all",
    "v=spf1 Include:Example.COM ~All",
    /* addresses and CIDR lengths */
    "v=spf1 ip4:0.0.0.0/0 ip4:255.255.255.255/32 ip4:10.0.0.1",
    "v=spf1 ip6:2001:db8::/32 ip6:::1 ip6:::/0 ip6:fe80::1/128",
    "v=spf1 ip6:2001:DB8:0:0:8:800:200C:417A ip6:::ffff:192.0.2.1",
    "v=spf1 a/0 a//0 a/32//128 mx:example.com//64 a:example.com/24//64",
    /* domain-spec ends */
    "v=spf1 a:mail.example.com.",
    "v=spf1 a:example.12-3 a:x.a1 a:x.1a a:x.a-b",
    "v=spf1 a:.com",
    "v=spf1 a:foo-.example.com a:_spf.example.com",
    /* modifiers */
    "v=spf1 exp=explain.example.com redirect=_spf.example.com",
    "v=spf1 moo.cow-far_out=man:dog/cat ~all",
    "v=spf1 foo=bar foo=baz",
    "v=spf1 a=b",
    "v=spf1 unknown-mod=",
    "v=spf1 x=%{d}%%",
    "v=spf1 redirect=%{d}",
};

static const struct {
	const char *rec;
	const char *term; /* expected in the error text */
} invalid[] = {
    /* version */
    {"", ""},
    {"v=spf", "v=spf"},
    {"v=spf10", "v=spf1"},
    {"v=spf2.0/pra", "v=spf2"},
    {"spf1 -all", "spf1 -"},
    {" v=spf1 -all", " v=spf"},
    {"v=spf1\t-all", "v=spf1"},
    /* mechanisms */
    {"v=spf1 foo", "\"foo\""},
    {"v=spf1 +foo:bar", "+foo:bar"},
    {"v=spf1 allx", "allx"},
    {"v=spf1 all:example.com", "all:example.com"},
    {"v=spf1 all/24", "all/24"},
    {"v=spf1 -all\t", "-all\t"},
    {"v=spf1 include", "include"},
    {"v=spf1 include:", "include:"},
    {"v=spf1 exists", "exists"},
    {"v=spf1 exists:", "exists:"},
    {"v=spf1 ptr:", "ptr:"},
    {"v=spf1 ptrx", "ptrx"},
    {"v=spf1 a24", "a24"},
    {"v=spf1 =foo", "=foo"},
    {"v=spf1 1abc=foo", "1abc=foo"},
    {"v=spf1 -redirect=example.com", "-redirect"},
    {"v=spf1 ++all", "++all"},
    /* addresses and CIDR lengths */
    {"v=spf1 ip4", "ip4"},
    {"v=spf1 ip4:", "ip4:"},
    {"v=spf1 ip4:192.0.2.256", "192.0.2.256"},
    {"v=spf1 ip4:192.0.2", "ip4:192.0.2"},
    {"v=spf1 ip4:192.0.2.1.5", "192.0.2.1.5"},
    {"v=spf1 ip4:192.0.2.01", "192.0.2.01"},
    {"v=spf1 ip4:192.0.2.1/33", "/33"},
    {"v=spf1 ip4:192.0.2.1/024", "/024"},
    {"v=spf1 ip4:192.0.2.1/", "192.0.2.1/"},
    {"v=spf1 ip4:2001:db8::1", "2001:db8::1"},
    {"v=spf1 ip4:example.com", "example.com"},
    {"v=spf1 ip6:192.0.2.1", "ip6:192.0.2.1"},
    {"v=spf1 ip6:2001:db8::/129", "/129"},
    {"v=spf1 ip6:2001:db8::/064", "/064"},
    {"v=spf1 ip6:2001:db8:::1", "2001:db8:::1"},
    {"v=spf1 ip6:fe80::1%eth0", "fe80::1%eth0"},
    {"v=spf1 mx/33", "mx/33"},
    {"v=spf1 mx//129", "mx//129"},
    {"v=spf1 a/", "a/"},
    {"v=spf1 a/24/64", "a/24/64"},
    {"v=spf1 a:example.com/", "a:example.com/"},
    /* domain-spec */
    {"v=spf1 a:example", "a:example"},
    {"v=spf1 a:example.123", "example.123"},
    {"v=spf1 a:example.-com", "example.-com"},
    {"v=spf1 a:example.com-", "example.com-"},
    {"v=spf1 a:example.com..", "example.com.."},
    {"v=spf1 a:example.c_m", "example.c_m"},
    {"v=spf1 include:%{d}com", "%{d}com"},
    {"v=spf1 a:exam\001ple.com", "a:exam"},
    {"v=spf1 a:ex\xc3\xa4mple.com", "a:ex"},
    /* macros */
    {"v=spf1 exists:%{x}.example.com", "%{x}"},
    {"v=spf1 exists:%{d0}.example.com", "%{d0}"},
    {"v=spf1 exists:%{d00r}.example.com", "%{d00r}"},
    {"v=spf1 exists:%{d.example.com", "%{d.example.com"},
    {"v=spf1 exists:%{}.example.com", "%{}"},
    {"v=spf1 exists:%{d2rr}.example.com", "%{d2rr}"},
    {"v=spf1 exists:%{d;}.example.com", "%{d;}"},
    {"v=spf1 exists:%.example.com", "%.example"},
    {"v=spf1 -exists:%(ir).sbl.example.org", "%(ir)"},
    {"v=spf1 a:%{d}.", "a:%{d}."},
    {"v=spf1 exists:example.com%", "example.com%"},
    {"v=spf1 foo=%", "foo=%"},
    {"v=spf1 foo=%x", "foo=%x"},
    /* modifiers */
    {"v=spf1 redirect=", "redirect="},
    {"v=spf1 exp=", "exp="},
    {"v=spf1 redirect=example", "redirect=example"},
    {"v=spf1 redirect=a.example.com redirect=b.example.com",
     "redirect=b.example.com"},
    {"v=spf1 exp=a.example.com EXP=b.example.com", "EXP=b.example.com"},
    {"v=spf1 foo=b\x7fr", "foo=b"},
};

START_TEST(test_spf_valid)
{
	const char *rec = valid[_i];
	char err[200] = "untouched";

	ck_assert_msg(check(rec, strlen(rec), err, sizeof(err)) == 0,
	              "rejected \"%s\": %s", rec, err);
	ck_assert_str_eq(err, "");
}
END_TEST

START_TEST(test_spf_invalid)
{
	const char *rec = invalid[_i].rec;
	char err[200] = "";

	ck_assert_msg(check(rec, strlen(rec), err, sizeof(err)) == TH_ESYNTAX,
	              "accepted \"%s\"", rec);
	ck_assert_msg(strstr(err, invalid[_i].term) != NULL,
	              "\"%s\": error \"%s\" does not name \"%s\"", rec, err,
	              invalid[_i].term);
}
END_TEST

/* The length is honoured: octets past it, NULs inside, no error buffer. */
START_TEST(test_spf_lengths)
{
	char err[16];

	ck_assert_int_eq(check("v=spf1 -all garbage", 11, NULL, 0), 0);
	ck_assert_int_eq(check("v=spf1 -all", 10, NULL, 0), TH_ESYNTAX);
	ck_assert_int_eq(check("v=spf1 a:x\0y.com", 16, NULL, 0), TH_ESYNTAX);
	ck_assert_int_eq(check("v=spf1\0", 7, NULL, 0), TH_ESYNTAX);
	ck_assert_int_eq(check("v=spf1 ip6:::1\0", 15, NULL, 0), TH_ESYNTAX);
	/* A short error buffer is cut, never overrun. */
	ck_assert_int_eq(check("v=spf1 ip4:192.0.2.256", 22, err, sizeof(err)),
	                 TH_ESYNTAX);
	ck_assert_uint_eq(strlen(err), sizeof(err) - 1);
}
END_TEST

/* Long inputs: a long term is cut in the error text, long records pass. */
START_TEST(test_spf_long)
{
	char rec[4096], err[200];
	size_t n = 0;

	memcpy(rec, "v=spf1", 6);
	n = 6;
	while (n + 32 < sizeof(rec)) {
		memcpy(rec + n, " ip4:192.0.2.1/32 a:example.com", 31);
		n += 31;
	}
	ck_assert_int_eq(check(rec, n, err, sizeof(err)), 0);
	memcpy(rec, "v=spf1 a:", 9);
	memset(rec + 9, 'x', 1000);
	ck_assert_int_eq(check(rec, 1009, err, sizeof(err)), TH_ESYNTAX);
	ck_assert_uint_lt(strlen(err), 160);
}
END_TEST

Suite *
suite_spf(void)
{
	Suite *s = suite_create("spf");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_spf_valid, 0, N_ELEMS(valid));
	tcase_add_test(pos, test_spf_long);
	tcase_add_loop_test(neg, test_spf_invalid, 0, N_ELEMS(invalid));
	tcase_add_test(neg, test_spf_lengths);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
