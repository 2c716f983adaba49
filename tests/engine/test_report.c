/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_report.c -- unit tests for engine/catalogue, engine/profile and
 * engine/report: the tag table, profile.json overrides, emitting, texts
 * with arguments and the escaping of hostile argument values.
 */
#include "common/err.h"
#include "engine/catalogue.h"
#include "engine/profile.h"
#include "engine/report.h"
#include "tests/suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

START_TEST(test_catalogue_lookups)
{
	enum th_tag t;
	enum th_testcase tc;
	enum th_level l;

	ck_assert_str_eq(th_tag_name(TH_TAG_BASIC02_B02_NO_WORKING_NS),
	                 "B02_NO_WORKING_NS");
	ck_assert_int_eq(th_tag_default_level(TH_TAG_BASIC02_B02_NO_WORKING_NS),
	                 TH_LEVEL_CRITICAL);
	ck_assert_int_eq(th_tag_testcase(TH_TAG_BASIC02_B02_NO_WORKING_NS),
	                 TH_TC_BASIC02);
	ck_assert_str_eq(th_module_name(th_testcase_module(TH_TC_ZONE07)),
	                 "ZONE");
	ck_assert_int_eq(th_testcase_parse("basic03", &tc), 0);
	ck_assert_int_eq(tc, TH_TC_BASIC03);
	ck_assert_int_eq(th_testcase_parse("basic99", &tc), TH_EINVAL);
	/* A tag two test cases share resolves per test case. */
	ck_assert_int_eq(th_tag_find(TH_TC_BASIC03, "IPV4_DISABLED", &t), 0);
	ck_assert_int_eq(t, TH_TAG_BASIC03_IPV4_DISABLED);
	ck_assert_int_eq(th_tag_find(TH_TC_BASIC01, "IPV4_DISABLED", &t),
	                 TH_ENOTFOUND);
	ck_assert_int_eq(th_level_parse("warning", &l), 0);
	ck_assert_int_eq(l, TH_LEVEL_WARNING);
	ck_assert_int_eq(th_level_parse("LOUD", &l), TH_EINVAL);
	ck_assert(TH_LEVEL_CRITICAL > TH_LEVEL_ERROR);
	ck_assert(TH_LEVEL_INFO > TH_LEVEL_DEBUG);
}
END_TEST

/* Every row: a tag name, a text, a test case of a known module. */
START_TEST(test_catalogue_rows)
{
	for (unsigned i = 0; i < TH_TAG__COUNT; i++) {
		ck_assert(strlen(th_tag_name(i)) > 0);
		ck_assert(strlen(th_tag_text(i)) > 0);
		ck_assert((unsigned)th_tag_testcase(i) < TH_TC__COUNT);
		ck_assert((unsigned)th_tag_default_level(i) < TH_LEVEL__COUNT);
	}
}
END_TEST

static char *
write_tmp(const char *content)
{
	char *path = strdup("/tmp/th-profile-XXXXXX");
	int fd;

	ck_assert_ptr_nonnull(path);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, content, strlen(content)),
	                 (ssize_t)strlen(content));
	close(fd);
	return path;
}

START_TEST(test_profile_load)
{
	struct th_profile p;
	char err[256];
	char *path = write_tmp(
	    "{\"test_cases\": [\"basic01\", \"basic02\", \"dnssec01\"],"
	    " \"test_levels\": {\"BASIC\": {\"B02_NS_BROKEN\": \"NOTICE\","
	    " \"IPV4_DISABLED\": \"INFO\"}},"
	    " \"test_cases_vars\": {\"zone02\": "
	    "{\"SOA_REFRESH_MINIMUM_VALUE\": 7200}}}");

	th_profile_default(&p);
	ck_assert_int_eq(th_profile_load(&p, path, err, sizeof(err)), 0);
	ck_assert(p.enabled[TH_TC_BASIC01]);
	ck_assert(!p.enabled[TH_TC_BASIC03]);
	ck_assert_int_eq(th_profile_level(&p, TH_TAG_BASIC02_B02_NS_BROKEN),
	                 TH_LEVEL_NOTICE);
	/* The tag of both test cases that carry it. */
	ck_assert_int_eq(th_profile_level(&p, TH_TAG_BASIC02_IPV4_DISABLED),
	                 TH_LEVEL_INFO);
	ck_assert_int_eq(th_profile_level(&p, TH_TAG_BASIC03_IPV4_DISABLED),
	                 TH_LEVEL_INFO);
	ck_assert_uint_eq(p.zone02_refresh_min, 7200);
	ck_assert_uint_eq(p.zone04_retry_min, 3600);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_profile_errors)
{
	struct th_profile p;
	char err[256];
	char *bad_json = write_tmp("{\"test_levels\": ");
	char *bad_level = write_tmp(
	    "{\"test_levels\": {\"BASIC\": {\"B02_NS_BROKEN\": \"LOUD\"}}}");

	th_profile_default(&p);
	ck_assert_int_eq(th_profile_load(&p, bad_json, err, sizeof(err)),
	                 TH_ESYNTAX);
	ck_assert_ptr_nonnull(strstr(err, bad_json));
	ck_assert_int_eq(th_profile_load(&p, bad_level, err, sizeof(err)),
	                 TH_ESYNTAX);
	ck_assert_ptr_nonnull(strstr(err, "B02_NS_BROKEN"));
	ck_assert_int_eq(
	    th_profile_load(&p, "/nonexistent/profile.json", err, sizeof(err)),
	    TH_EIO);
	unlink(bad_json);
	unlink(bad_level);
	free(bad_json);
	free(bad_level);
}
END_TEST

START_TEST(test_report_emit_text)
{
	struct th_profile p;
	struct th_report r;
	struct th_buf b = TH_BUF_INIT(4096);
	char stack[32];

	th_profile_default(&p);
	ck_assert_int_eq(th_report_init(&r, &p), 0);
	snprintf(stack, sizeof(stack), "%s", "ns1.example.se/192.0.2.1");
	th_report_emit(&r, TH_TAG_BASIC02_B02_UNEXPECTED_RCODE, "ns", stack,
	               "rcode", "REFUSED", NULL);
	/* Arguments are copied: the caller's buffer may change. */
	memset(stack, 'x', sizeof(stack) - 1);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_int_eq(th_message_text(&r.msgs[0], &b), 0);
	ck_assert_str_eq(th_buf_str(&b),
	                 "Name server ns1.example.se/192.0.2.1 responds with "
	                 "an unexpected RCODE (REFUSED) on an SOA query.");
	ck_assert(th_report_has(&r, TH_TAG_BASIC02_B02_UNEXPECTED_RCODE));
	ck_assert(!th_report_has(&r, TH_TAG_BASIC02_B02_NS_BROKEN));
	ck_assert_uint_eq(th_report_count(&r, TH_TC_BASIC02, TH_LEVEL_ERROR),
	                  1);
	ck_assert_uint_eq(th_report_count(&r, TH_TC_BASIC02, TH_LEVEL_CRITICAL),
	                  0);
	ck_assert_int_eq(th_report_max_level(&r), TH_LEVEL_ERROR);
	/* A disabled test case emits nothing. */
	p.enabled[TH_TC_BASIC03] = false;
	th_report_emit(&r, TH_TAG_BASIC03_A_QUERY_NO_RESPONSES, NULL);
	ck_assert_uint_eq(r.n, 1);
	th_buf_free(&b);
	th_report_free(&r);
}
END_TEST

/* DNS-derived values cannot smuggle terminal escapes into the text. */
START_TEST(test_report_escaping)
{
	struct th_profile p;
	struct th_report r;
	struct th_buf b = TH_BUF_INIT(4096);

	th_profile_default(&p);
	ck_assert_int_eq(th_report_init(&r, &p), 0);
	th_report_emit(&r, TH_TAG_BASIC02_B02_NS_NO_IP_ADDR, "nsname",
	               "a\033[31mb\n\xc3\xa5", NULL);
	ck_assert_int_eq(th_message_text(&r.msgs[0], &b), 0);
	ck_assert_str_eq(th_buf_str(&b),
	                 "Name server a\\027[31mb\\010\\195\\165 "
	                 "has no IP address.");
	/* A placeholder without an argument stays as written. */
	th_buf_reset(&b);
	th_report_emit(&r, TH_TAG_BASIC02_B02_NS_NO_IP_ADDR, NULL);
	ck_assert_int_eq(th_message_text(&r.msgs[1], &b), 0);
	ck_assert_str_eq(th_buf_str(&b),
	                 "Name server {nsname} has no IP address.");
	th_buf_free(&b);
	th_report_free(&r);
}
END_TEST

Suite *
suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_test(tc, test_catalogue_lookups);
	tcase_add_test(tc, test_catalogue_rows);
	tcase_add_test(tc, test_profile_load);
	tcase_add_test(tc, test_profile_errors);
	tcase_add_test(tc, test_report_emit_text);
	tcase_add_test(tc, test_report_escaping);
	suite_add_tcase(s, tc);
	return s;
}
