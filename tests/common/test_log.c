/* SPDX-License-Identifier: BSD-3-Clause */
/* test_log.c -- unit tests for common/log: level parsing and escaping. */
#include "common/err.h"
#include "common/log.h"
#include "tests/suites.h"

static const struct {
	const char *text;
	int status;
	enum th_log_level level;
} parse_cases[] = {
    {"error", 0, TH_LOG_ERROR},    {"WARN", 0, TH_LOG_WARN},
    {"warning", 0, TH_LOG_WARN},   {"Info", 0, TH_LOG_INFO},
    {"debug", 0, TH_LOG_DEBUG},    {"verbose", TH_EINVAL, TH_LOG_ERROR},
    {"", TH_EINVAL, TH_LOG_ERROR},
};

START_TEST(test_log_parse)
{
	enum th_log_level level = TH_LOG_ERROR;

	ck_assert_int_eq(th_log_level_parse(parse_cases[_i].text, &level),
	                 parse_cases[_i].status);
	ck_assert_int_eq(level, parse_cases[_i].level);
}
END_TEST

START_TEST(test_log_escapes_control_bytes)
{
	char buf[128];

	th_log_format(buf, sizeof(buf), TH_LOG_WARN, "name %s end",
	              "a\x1b[2Jb\n");
	ck_assert_str_eq(buf, "warn: name a\\x1b[2Jb\\x0a end");
}
END_TEST

START_TEST(test_log_truncates)
{
	char buf[12];
	int n = th_log_format(buf, sizeof(buf), TH_LOG_INFO, "%s",
	                      "abcdefghijklmnop");

	ck_assert_int_eq(n, 11);
	ck_assert_str_eq(buf, "info: abcde");
}
END_TEST

Suite *
suite_log(void)
{
	Suite *s = suite_create("log");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(
	    pos, test_log_parse, 0,
	    (int)(sizeof(parse_cases) / sizeof(parse_cases[0])));
	tcase_add_test(neg, test_log_escapes_control_bytes);
	tcase_add_test(neg, test_log_truncates);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
