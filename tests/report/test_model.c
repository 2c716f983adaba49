/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_model.c -- unit tests for report/model: the analyzer's example
 * summary.json loads with its counts, and malformed files fail with a
 * message that names the JSON path at fault.
 */
#include "common/err.h"
#include "report/model.h"
#include "tests/suites.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define FIXTURE "tests/data/report/summary.json"

START_TEST(test_summary_fixture)
{
	struct th_model s;
	char err[256] = "";
	const struct th_model_table *t = NULL;

	ck_assert_msg(th_model_load(&s, FIXTURE, err, sizeof(err)) == 0, "%s",
	              err);
	ck_assert_uint_eq(s.nchapters, 7);
	ck_assert_str_eq(s.chapters[0].id, "summary");
	ck_assert(s.nmetrics > 0 && s.ntables > 0);
	for (size_t i = 0; i < s.ntables; i++)
		if (strcmp(s.tables[i].id, "dnssec_status") == 0)
			t = &s.tables[i];
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->chart, TH_MODEL_CHART_BAR);
	ck_assert_uint_eq(t->ncols, 3);
	ck_assert_int_eq(t->types[1], TH_MODEL_COUNT);
	ck_assert(th_model_cell(t, 0, 0)->s != NULL);
	ck_assert(th_model_cell(t, 0, 1)->is_num);
	ck_assert_str_eq(s.metrics[0].id, "dnssec.secure_share");
	ck_assert(s.metrics[0].headline);
	ck_assert(s.metrics[0].has_ratio);
	ck_assert_uint_eq(s.metrics[0].ncompare, 1);
	ck_assert(s.metrics[0].compare[0].has_delta);
	th_model_free(&s);
}
END_TEST

#define HEAD "{\"schema\":1,\"run\":\"r\",\"domains\":2,\"chapters\":[],"
static const struct {
	const char *json;
	int rc;
	const char *msg; /* a substring of the error */
} bad[] = {
    {"", TH_ESYNTAX, "line 1"},
    {"[1]", TH_ESYNTAX, "$: expected an object"},
    {"{\"schema\":2}", TH_ECONFIG, "$.schema"},
    {"{\"run\":\"r\"}", TH_ESYNTAX, "$.schema: missing"},
    {"{\"schema\":1,\"run\":\"r\",\"run\":\"s\"}", TH_ESYNTAX, "duplicate"},
    {"{\"schema\":1,\"run\":5}", TH_ESYNTAX, "$.run: expected a string"},
    {"{\"schema\":1,\"run\":\"r\",\"domains\":2}", TH_ESYNTAX,
     "$.chapters: missing"},
    {HEAD "\"metrics\":[{\"id\":\"m\"}],\"tables\":[]}", TH_ESYNTAX,
     "$.metrics[0].chapter: missing"},
    {HEAD "\"metrics\":[{\"id\":\"m\",\"chapter\":\"c\",\"title\":\"t\","
          "\"unit\":\"share\",\"value\":\"x\"}],\"tables\":[]}",
     TH_ESYNTAX, "$.metrics[0].value: expected a number"},
    {HEAD "\"metrics\":[{\"id\":\"m\",\"chapter\":\"c\",\"title\":\"t\","
          "\"unit\":\"share\",\"value\":1,\"headline\":1}],\"tables\":[]}",
     TH_ESYNTAX, "$.metrics[0].headline"},
    {HEAD "\"metrics\":[],\"tables\":[{\"id\":\"../x\",\"chapter\":\"c\","
          "\"title\":\"t\",\"columns\":[\"a\"],\"types\":[\"string\"],"
          "\"rows\":[]}]}",
     TH_ESYNTAX, "$.tables[0].id: not a file name"},
    {HEAD "\"metrics\":[],\"tables\":[{\"id\":\"x\",\"chapter\":\"c\","
          "\"title\":\"t\",\"chart\":\"3d\",\"columns\":[\"a\"],"
          "\"types\":[\"string\"],\"rows\":[]}]}",
     TH_ESYNTAX, "$.tables[0].chart"},
    {HEAD "\"metrics\":[],\"tables\":[{\"id\":\"x\",\"chapter\":\"c\","
          "\"title\":\"t\",\"columns\":[\"a\",\"b\"],"
          "\"types\":[\"string\"],\"rows\":[]}]}",
     TH_ESYNTAX, "$.tables[0].types: 1 types for 2 columns"},
    {HEAD "\"metrics\":[],\"tables\":[{\"id\":\"x\",\"chapter\":\"c\","
          "\"title\":\"t\",\"columns\":[\"a\"],\"types\":[\"text\"],"
          "\"rows\":[]}]}",
     TH_ESYNTAX, "$.tables[0].types[0]"},
    {HEAD "\"metrics\":[],\"tables\":[{\"id\":\"x\",\"chapter\":\"c\","
          "\"title\":\"t\",\"columns\":[\"a\",\"n\"],"
          "\"types\":[\"string\",\"count\"],\"rows\":[[\"a\",1],[\"b\"]]}]}",
     TH_ESYNTAX, "$.tables[0].rows[1]: expected an array of 2 cells"},
    {HEAD "\"metrics\":[],\"tables\":[{\"id\":\"x\",\"chapter\":\"c\","
          "\"title\":\"t\",\"columns\":[\"a\",\"n\"],"
          "\"types\":[\"string\",\"count\"],\"rows\":[[\"a\",\"1\"]]}]}",
     TH_ESYNTAX, "$.tables[0].rows[0][1]: expected a number"},
    {HEAD "\"metrics\":[],\"tables\":[{\"id\":\"x\",\"chapter\":\"c\","
          "\"title\":\"t\",\"columns\":[\"a\"],\"types\":[\"string\"],"
          "\"rows\":[[\"a\"]],\"total_rows\":0}]}",
     TH_ESYNTAX, "$.tables[0].total_rows"},
    {HEAD "\"metrics\":[],\"tables\":[{\"id\":\"x\",\"chapter\":\"c\","
          "\"title\":\"t\",\"columns\":[\"a\"],\"types\":[\"string\"],"
          "\"rows\":[]},{\"id\":\"x\",\"chapter\":\"c\",\"title\":\"t\","
          "\"columns\":[\"a\"],\"types\":[\"string\"],\"rows\":[]}]}",
     TH_ESYNTAX, "'x' used twice"},
    {HEAD "\"metrics\":[],\"tables\":[],\"compare\":[{\"domains\":1}]}",
     TH_ESYNTAX, "$.compare[0].run: missing"},
    /* jansson refuses NUL escapes and invalid UTF-8 outright. */
    {"{\"schema\":1,\"run\":\"a\\u0000b\"}", TH_ESYNTAX, "line 1"},
    {"{\"schema\":1,\"run\":\"\xff\"}", TH_ESYNTAX, "line 1"},
};

START_TEST(test_summary_malformed)
{
	struct th_model s;
	char err[256] = "";
	int rc = th_model_parse(&s, bad[_i].json, strlen(bad[_i].json), err,
	                        sizeof(err));

	ck_assert_msg(rc == bad[_i].rc, "case %d: rc %s, want %s (%s)", _i,
	              th_errname(rc), th_errname(bad[_i].rc), err);
	ck_assert_msg(strstr(err, bad[_i].msg) != NULL,
	              "case %d: error '%s' lacks '%s'", _i, err, bad[_i].msg);
}
END_TEST

/* The smallest valid file: nulls where numbers may be missing. */
START_TEST(test_summary_minimal)
{
	static const char json[] =
	    HEAD "\"metrics\":[{\"id\":\"m\",\"chapter\":\"c\",\"title\":\"t\","
	         "\"unit\":\"share\",\"value\":null}],"
	         "\"tables\":[{\"id\":\"x\",\"chapter\":\"c\",\"title\":\"t\","
	         "\"columns\":[\"a\",\"n\"],\"types\":[\"string\",\"count\"],"
	         "\"rows\":[[null,null]]}]}";
	struct th_model s;
	char err[256] = "";

	ck_assert_msg(
	    th_model_parse(&s, json, sizeof(json) - 1, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert(isnan(s.metrics[0].value));
	ck_assert(!s.metrics[0].has_ratio);
	ck_assert_int_eq(s.tables[0].chart, TH_MODEL_CHART_NONE);
	ck_assert_ptr_null(th_model_cell(&s.tables[0], 0, 0)->s);
	ck_assert(!th_model_cell(&s.tables[0], 0, 1)->is_num);
	ck_assert_uint_eq(s.tables[0].total_rows, 1);
	th_model_free(&s);
}
END_TEST

START_TEST(test_summary_missing_file)
{
	struct th_model s;
	char err[256] = "";

	ck_assert_int_eq(th_model_load(&s, "tests/data/report/nonexistent", err,
	                               sizeof(err)),
	                 -ENOENT);
	ck_assert(strstr(err, "nonexistent") != NULL);
}
END_TEST

Suite *
suite_model(void)
{
	Suite *s = suite_create("model");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_test(pos, test_summary_fixture);
	tcase_add_test(pos, test_summary_minimal);
	tcase_add_loop_test(neg, test_summary_malformed, 0, N_ELEMS(bad));
	tcase_add_test(neg, test_summary_missing_file);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
