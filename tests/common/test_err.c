/* SPDX-License-Identifier: BSD-3-Clause */
/* test_err.c -- unit tests for common/err: names and texts of statuses. */
#include "common/err.h"
#include "tests/suites.h"

#include <errno.h>
#include <string.h>

static const struct {
	int status;
	const char *name;
	const char *text;
} cases[] = {
    {0, "OK", "success"},
    {TH_ENOMEM, "TH_ENOMEM", "out of memory"},
    {TH_EINTERNAL, "TH_EINTERNAL", "internal error"},
    {TH_ESTOREFULL, "TH_ESTOREFULL", "store is full"},
    {-ENOENT, "ENOENT", "No such file or directory"},
    {-ENOSPC, "ENOSPC", "No space left on device"},
    {TH_E__END, "UNKNOWN", "unknown error"},
    {TH_E__FIRST, "UNKNOWN", "unknown error"},
    {5, "UNKNOWN", "unknown error"},
};

START_TEST(test_err_table)
{
	ck_assert_str_eq(th_errname(cases[_i].status), cases[_i].name);
	ck_assert_str_eq(th_strerror(cases[_i].status), cases[_i].text);
}
END_TEST

START_TEST(test_err_from_errno)
{
	ck_assert_int_eq(th_from_errno(0), 0);
	ck_assert_int_eq(th_from_errno(ENOMEM), -ENOMEM);
	ck_assert_int_eq(th_from_errno(-EINVAL), -EINVAL);
	/* Our codes never collide with negated errno values. */
	ck_assert_int_lt(TH_E__END, -4096);
}
END_TEST

START_TEST(test_err_every_code_named)
{
	for (int s = TH_E__FIRST + 1; s < TH_E__END; s++) {
		ck_assert(strncmp(th_errname(s), "TH_E", 4) == 0);
		ck_assert_str_ne(th_strerror(s), "unknown error");
	}
}
END_TEST

Suite *
suite_err(void)
{
	Suite *s = suite_create("err");
	TCase *tc = tcase_create("Positive");

	tcase_add_loop_test(tc, test_err_table, 0,
	                    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_err_from_errno);
	tcase_add_test(tc, test_err_every_code_named);
	suite_add_tcase(s, tc);
	return s;
}
