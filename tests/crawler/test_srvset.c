/* SPDX-License-Identifier: BSD-3-Clause */
/* test_srvset.c -- unit tests for crawler/srvset (addresses probed once). */
#include "crawler/srvset.h"

#include "common/addr.h"
#include "tests/suites.h"

#include <stdio.h>

START_TEST(test_srvset_claim_once)
{
	struct th_srvset *s;
	struct th_addr a, b, a53;
	char ip[32];

	ck_assert_int_eq(th_srvset_create(&s), 0);
	ck_assert_int_eq(th_addr_parse(&a, "192.0.2.1", 0), 0);
	ck_assert_int_eq(th_addr_parse(&a53, "192.0.2.1", 53), 0);
	ck_assert_int_eq(th_addr_parse(&b, "2001:db8::1", 53), 0);
	ck_assert(th_srvset_claim(s, &a));
	/* The same address on another port is the same server. */
	ck_assert(!th_srvset_claim(s, &a53));
	ck_assert(th_srvset_claim(s, &b));
	ck_assert(!th_srvset_claim(s, &b));
	ck_assert_uint_eq(th_srvset_size(s), 2);
	/* Enough to make the table grow. */
	for (int i = 0; i < 5000; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.1", i / 256, i % 256);
		ck_assert_int_eq(th_addr_parse(&a, ip, 53), 0);
		ck_assert(th_srvset_claim(s, &a));
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.1", i / 256, i % 256);
		ck_assert_int_eq(th_addr_parse(&a, ip, 53), 0);
		ck_assert(!th_srvset_claim(s, &a));
	}
	ck_assert_uint_eq(th_srvset_size(s), 5002);
	th_srvset_free(s);
	th_srvset_free(NULL);
}
END_TEST

Suite *
suite_srvset(void)
{
	Suite *s = suite_create("srvset");
	TCase *tc = tcase_create("Positive");

	tcase_add_test(tc, test_srvset_claim_once);
	suite_add_tcase(s, tc);
	return s;
}
