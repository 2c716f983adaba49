/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_iana.c -- unit tests for engine/iana: every registry row's octets
 * against its text, the most specific row winning, the four ADDRESS01
 * groups for addresses of each kind, and the --global-prefix override.
 */
#include "engine/iana.h"
#include "tests/suites.h"

#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct th_addr
addr_of(const char *ip)
{
	struct th_addr a;

	ck_assert_msg(th_addr_parse(&a, ip, 53) == 0, "address %s", ip);
	return a;
}

/* Each row's octets and length are what its prefix text says. */
static void
check_table(enum th_addr_family fam)
{
	size_t n;
	const struct th_iana_block *t = th_iana_table(fam, &n);

	ck_assert_ptr_nonnull(t);
	ck_assert_uint_gt(n, 10);
	for (size_t i = 0; i < n; i++) {
		struct th_prefix p;

		ck_assert_msg(th_prefix_parse(&p, t[i].prefix) == 0, "row %s",
		              t[i].prefix);
		ck_assert_uint_eq(t[i].family, fam);
		ck_assert_uint_eq(p.addr.family, fam);
		ck_assert_msg(p.len == t[i].len, "length of %s", t[i].prefix);
		ck_assert_msg(memcmp(p.addr.ip, t[i].ip, 16) == 0,
		              "octets of %s", t[i].prefix);
		/* Only rows that are globally reachable classify so. */
		ck_assert_msg((t[i].reach == TH_IANA_REACH_TRUE) ==
		                  (t[i].cls == TH_IANA_GLOBAL),
		              "class of %s", t[i].prefix);
		ck_assert_ptr_nonnull(t[i].name);
		ck_assert_ptr_nonnull(t[i].rfc);
	}
}

START_TEST(test_iana_tables)
{
	size_t n;

	check_table(TH_AF_INET);
	check_table(TH_AF_INET6);
	ck_assert_ptr_null(th_iana_table(TH_AF_NONE, &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

static const struct classify_case {
	const char *ip;
	enum th_iana_class want;
} classify_cases[] = {
    /* Positive: outside every block, or in a globally reachable one. */
    {"193.0.14.129", TH_IANA_GLOBAL},
    {"172.32.0.1", TH_IANA_GLOBAL},
    {"100.128.0.1", TH_IANA_GLOBAL},
    {"192.0.0.9", TH_IANA_GLOBAL}, /* inside 192.0.0.0/24, more specific */
    {"192.0.0.10", TH_IANA_GLOBAL},
    {"192.31.196.1", TH_IANA_GLOBAL},
    {"192.175.48.6", TH_IANA_GLOBAL},
    {"2001:7fe::53", TH_IANA_GLOBAL},
    {"2001:1::1", TH_IANA_GLOBAL}, /* inside 2001::/23, more specific */
    {"2001:4:112::1", TH_IANA_GLOBAL},
    {"2001:200::1", TH_IANA_GLOBAL}, /* just past 2001::/23 */
    {"2001:20::1", TH_IANA_GLOBAL},
    {"64:ff9b::c000:201", TH_IANA_GLOBAL},
    {"2620:4f:8000::1", TH_IANA_GLOBAL},
    {"3fff:1000::1", TH_IANA_GLOBAL}, /* just past 3fff::/20 */
    /* Negative: documentation. */
    {"192.0.2.1", TH_IANA_DOCUMENTATION},
    {"198.51.100.7", TH_IANA_DOCUMENTATION},
    {"203.0.113.255", TH_IANA_DOCUMENTATION},
    {"2001:db8::1", TH_IANA_DOCUMENTATION},
    {"3fff::1", TH_IANA_DOCUMENTATION},
    /* Local use. */
    {"10.1.2.3", TH_IANA_LOCAL},
    {"172.31.255.255", TH_IANA_LOCAL},
    {"192.168.0.1", TH_IANA_LOCAL},
    {"127.0.0.1", TH_IANA_LOCAL},
    {"169.254.1.1", TH_IANA_LOCAL},
    {"100.64.0.1", TH_IANA_LOCAL},
    {"100.127.255.255", TH_IANA_LOCAL},
    {"::1", TH_IANA_LOCAL},
    {"fe80::1", TH_IANA_LOCAL},
    {"fd12:3456::1", TH_IANA_LOCAL},
    {"fc00::1", TH_IANA_LOCAL},
    /* Other blocks that are not globally reachable (or N/A). */
    {"0.1.2.3", TH_IANA_NOT_GLOBAL},
    {"192.0.0.8", TH_IANA_NOT_GLOBAL},
    {"192.0.0.100", TH_IANA_NOT_GLOBAL},
    {"192.0.0.170", TH_IANA_NOT_GLOBAL},
    {"192.88.99.1", TH_IANA_NOT_GLOBAL},
    {"198.19.255.255", TH_IANA_NOT_GLOBAL},
    {"240.0.0.1", TH_IANA_NOT_GLOBAL},
    {"255.255.255.255", TH_IANA_NOT_GLOBAL},
    {"::", TH_IANA_NOT_GLOBAL},
    {"::ffff:192.0.2.1", TH_IANA_NOT_GLOBAL},
    {"64:ff9b:1::1", TH_IANA_NOT_GLOBAL},
    {"100::1", TH_IANA_NOT_GLOBAL},
    {"2001::1", TH_IANA_NOT_GLOBAL}, /* TEREDO, N/A */
    {"2001:1::4", TH_IANA_NOT_GLOBAL},
    {"2001:2::1", TH_IANA_NOT_GLOBAL},
    {"2001:10::1", TH_IANA_NOT_GLOBAL},
    {"2002:c000:201::1", TH_IANA_NOT_GLOBAL}, /* 6to4, N/A */
    {"5f00::1", TH_IANA_NOT_GLOBAL},
};

START_TEST(test_iana_classify)
{
	const struct classify_case *c = &classify_cases[_i];
	struct th_addr a = addr_of(c->ip);

	ck_assert_msg(th_iana_classify(&a, NULL, 0) == c->want,
	              "%s: got %s, want %s", c->ip,
	              th_iana_class_name(th_iana_classify(&a, NULL, 0)),
	              th_iana_class_name(c->want));
}
END_TEST

START_TEST(test_iana_lookup_most_specific)
{
	struct th_addr a = addr_of("192.0.0.9");
	const struct th_iana_block *b = th_iana_lookup(&a);

	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->prefix, "192.0.0.9/32");
	a = addr_of("192.0.0.3");
	b = th_iana_lookup(&a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->prefix, "192.0.0.0/29");
	a = addr_of("2001::5");
	b = th_iana_lookup(&a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->name, "TEREDO");
	ck_assert_uint_eq(b->reach, TH_IANA_REACH_NA);
	a = addr_of("193.0.14.129");
	ck_assert_ptr_null(th_iana_lookup(&a));
}
END_TEST

/* The testbed's loopback prefix counts as global; the rest is unchanged. */
START_TEST(test_iana_global_override)
{
	struct th_prefix g[2];
	struct th_addr a;

	ck_assert_int_eq(th_prefix_parse(&g[0], "127.100.0.0/16"), 0);
	ck_assert_int_eq(th_prefix_parse(&g[1], "2001:db8:100::/48"), 0);
	a = addr_of("127.100.3.4");
	ck_assert_int_eq(th_iana_classify(&a, g, 2), TH_IANA_GLOBAL);
	a = addr_of("127.0.0.1");
	ck_assert_int_eq(th_iana_classify(&a, g, 2), TH_IANA_LOCAL);
	a = addr_of("2001:db8:100::1");
	ck_assert_int_eq(th_iana_classify(&a, g, 2), TH_IANA_GLOBAL);
	a = addr_of("2001:db8:200::1");
	ck_assert_int_eq(th_iana_classify(&a, g, 2), TH_IANA_DOCUMENTATION);
}
END_TEST

START_TEST(test_iana_class_names)
{
	ck_assert_str_eq(th_iana_class_name(TH_IANA_GLOBAL),
	                 "globally reachable");
	ck_assert_str_eq(th_iana_class_name(TH_IANA_DOCUMENTATION),
	                 "documentation");
	ck_assert_str_eq(th_iana_class_name(TH_IANA_LOCAL), "local use");
	ck_assert_str_eq(th_iana_class_name(TH_IANA_NOT_GLOBAL),
	                 "not globally reachable");
	ck_assert_str_eq(th_iana_class_name((enum th_iana_class)99), "?");
}
END_TEST

Suite *
suite_iana(void)
{
	Suite *s = suite_create("iana");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_test(pos, test_iana_tables);
	tcase_add_loop_test(pos, test_iana_classify, 0,
	                    N_ELEMS(classify_cases));
	tcase_add_test(pos, test_iana_lookup_most_specific);
	tcase_add_test(pos, test_iana_global_override);
	tcase_add_test(neg, test_iana_class_names);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
