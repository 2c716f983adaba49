/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_addr.c -- unit tests for common/addr (parsing, printing, sockaddr
 * round trips, ordering, hashing) and common/secrand (ranges).
 */
#include "common/addr.h"
#include "common/err.h"
#include "common/secrand.h"
#include "tests/suites.h"

#include <arpa/inet.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct hp_case {
	const char *text;
	int rc;
	const char *str; /* th_addr_str of the result */
};

static const struct hp_case hp_cases[] = {
    {"192.0.2.1", 0, "192.0.2.1:53"},
    {"192.0.2.1:5353", 0, "192.0.2.1:5353"},
    {"2001:db8::1", 0, "[2001:db8::1]:53"},
    {"[2001:db8::1]:853", 0, "[2001:db8::1]:853"},
    {"[::1]", 0, "[::1]:53"},
    {"192.0.2.1:0", TH_EINVAL, NULL},
    {"192.0.2.1:65536", TH_EINVAL, NULL},
    {"192.0.2.1:x", TH_EINVAL, NULL},
    {"[2001:db8::1", TH_EINVAL, NULL},
    {"[2001:db8::1]x", TH_EINVAL, NULL},
    {"300.0.0.1", TH_EINVAL, NULL},
    {"", TH_EINVAL, NULL},
    {"example.se", TH_EINVAL, NULL},
};

START_TEST(test_addr_hostport)
{
	const struct hp_case *c = &hp_cases[_i];
	struct th_addr a;
	char buf[TH_ADDR_STRLEN];

	ck_assert_int_eq(th_addr_parse_hostport(&a, c->text, 53), c->rc);
	if (c->rc != 0)
		return;
	ck_assert_int_eq(th_addr_str(&a, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, c->str);
}
END_TEST

START_TEST(test_addr_sockaddr_roundtrip)
{
	static const char *const texts[] = {"127.100.0.1", "fd00:5e:100::1"};

	for (int i = 0; i < 2; i++) {
		struct th_addr a, b;
		struct sockaddr_storage ss;
		socklen_t len;

		ck_assert_int_eq(th_addr_parse(&a, texts[i], 5300), 0);
		len = th_addr_to_sockaddr(&a, &ss);
		ck_assert_uint_eq(len, i == 0 ? sizeof(struct sockaddr_in)
		                              : sizeof(struct sockaddr_in6));
		ck_assert_int_eq(
		    th_addr_from_sockaddr(&b, (struct sockaddr *)&ss), 0);
		ck_assert(th_addr_equal(&a, &b));
		ck_assert_uint_eq(th_addr_hash(&a, 1, 2),
		                  th_addr_hash(&b, 1, 2));
	}
}
END_TEST

START_TEST(test_addr_order_and_raw)
{
	struct th_addr v4a, v4b, v6, raw;
	char buf[TH_ADDR_STRLEN];
	static const uint8_t ip4[4] = {127, 100, 0, 1};

	ck_assert_int_eq(th_addr_parse(&v4a, "127.100.0.1", 53), 0);
	ck_assert_int_eq(th_addr_parse(&v4b, "127.100.0.2", 53), 0);
	ck_assert_int_eq(th_addr_parse(&v6, "::1", 53), 0);
	ck_assert_int_lt(th_addr_cmp(&v4a, &v4b), 0);
	ck_assert_int_gt(th_addr_cmp(&v6, &v4b), 0);
	ck_assert_int_eq(th_addr_cmp(&v4a, &v4a), 0);
	th_addr_from_raw(&raw, ip4, 4, 53);
	ck_assert(th_addr_equal(&raw, &v4a));
	raw.port = 54;
	ck_assert(!th_addr_equal(&raw, &v4a));
	ck_assert_int_gt(th_addr_cmp(&raw, &v4a), 0);
	ck_assert(!th_addr_is_localhost(&v4a));
	ck_assert(th_addr_is_localhost(&v6));
	ck_assert_int_eq(th_addr_parse(&v4b, "127.0.0.1", 53), 0);
	ck_assert(th_addr_is_localhost(&v4b));
	ck_assert_int_eq(th_addr_parse(&v6, "2001:db8::1", 53), 0);
	ck_assert(!th_addr_is_localhost(&v6));
	ck_assert_int_eq(th_addr_ip_str(&v6, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "2001:db8::1");
	/* Too small a buffer is an error, not a truncation. */
	ck_assert_int_eq(th_addr_str(&v6, buf, 8), TH_ETOOBIG);
}
END_TEST

START_TEST(test_secrand_ranges)
{
	struct th_secrand r;
	unsigned seen[7] = {0};
	uint64_t a, b;

	th_secrand_init(&r);
	for (int i = 0; i < 7000; i++) {
		uint32_t v = th_secrand_below(&r, 7);

		ck_assert_uint_lt(v, 7);
		seen[v]++;
	}
	/* Each of 7 values about 1000 times; 500 is far outside chance. */
	for (int i = 0; i < 7; i++)
		ck_assert_uint_gt(seen[i], 500);
	a = th_secrand_u64(&r);
	b = th_secrand_u64(&r);
	ck_assert(a != b);
	ck_assert_uint_eq(th_secrand_below(&r, 1), 0);
}
END_TEST

Suite *
suite_addr(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("addr");

	tcase_add_loop_test(tc, test_addr_hostport, 0, N_ELEMS(hp_cases));
	tcase_add_test(tc, test_addr_sockaddr_roundtrip);
	tcase_add_test(tc, test_addr_order_and_raw);
	tcase_add_test(tc, test_secrand_ranges);
	suite_add_tcase(s, tc);
	return s;
}
