/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_summary.c -- unit tests for analyzer/summary: the JSON document
 * read back with jansson (schema members, chapters, 50-row cut with the
 * true total), the CSV beside it (every row, quoting, formula cells
 * defused), and the comparison of two runs in percentage points.
 */
#include "analyzer/summary.h"
#include "common/err.h"
#include "tests/suites.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct th_summary *
make(const char *run, uint64_t num, uint64_t den)
{
	struct th_summary *s;
	struct th_summary_meta m = {run, "zone se.zone", "done", den,
	                            1800000000};
	static const char *const cols[] = {"name", "domains", "share"};
	static const char *const types[] = {"string", "count", "share"};

	ck_assert_int_eq(th_summary_new(&s, &m), 0);
	ck_assert_int_eq(th_summary_count(s, "dnssec", "status", "secure", num),
	                 0);
	ck_assert_int_eq(th_summary_share(s, "x.share", "dnssec", "X", true,
	                                  num, den, "def"),
	                 0);
	ck_assert_int_eq(th_summary_share(s, "x.empty", "dnssec", "E", false, 0,
	                                  0, "nothing to divide"),
	                 0);
	ck_assert_int_eq(th_summary_value(s, "x.count", "infrastructure", "C",
	                                  false, "count", (double)num, "def"),
	                 0);
	ck_assert_int_eq(th_summary_table(s, "t_names", "behaviour", "T",
	                                  "hbar", "def", 3, cols, types),
	                 0);
	for (int i = 0; i < 60; i++) {
		char name[32];
		struct th_cell c[3] = {{name, 0, 0, false},
		                       {NULL, (uint64_t)i, 0, false},
		                       th_cell_share((uint64_t)i, 60)};

		snprintf(name, sizeof(name), i == 0 ? "=1+1" : "a\"b%d", i);
		ck_assert_int_eq(th_summary_row(s, c), 0);
	}
	return s;
}

START_TEST(test_summary_write)
{
	char dir[] = "/tmp/th-summary.XXXXXX", path[128], line[256];
	struct th_summary *s = make("r2", 1, 4);
	json_error_t jerr;
	json_t *root, *t, *m;
	FILE *f;
	int lines = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(th_summary_write(s, dir, NULL, 0), 0);
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	ck_assert_ptr_nonnull(root = json_load_file(path, 0, &jerr));
	ck_assert_int_eq(json_integer_value(json_object_get(root, "schema")),
	                 1);
	ck_assert_str_eq(json_string_value(json_object_get(root, "generated")),
	                 "2027-01-15T08:00:00Z");
	ck_assert_int_eq(json_array_size(json_object_get(root, "chapters")), 7);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(
	        json_object_get(json_object_get(root, "dnssec"), "status"),
	        "secure")),
	    1);
	m = json_array_get(json_object_get(root, "metrics"), 0);
	ck_assert(fabs(json_number_value(json_object_get(m, "value")) - 0.25) <
	          1e-12);
	ck_assert_int_eq(json_integer_value(json_object_get(m, "denominator")),
	                 4);
	m = json_array_get(json_object_get(root, "metrics"), 1);
	ck_assert(json_is_null(json_object_get(m, "value")));
	t = json_array_get(json_object_get(root, "tables"), 0);
	ck_assert_int_eq(json_array_size(json_object_get(t, "rows")), 50);
	ck_assert_int_eq(json_integer_value(json_object_get(t, "total_rows")),
	                 60);
	ck_assert_str_eq(json_string_value(json_array_get(
	                     json_array_get(json_object_get(t, "rows"), 0), 0)),
	                 "=1+1"); /* JSON keeps it; the CSV defuses it */
	json_decref(root);

	snprintf(path, sizeof(path), "%s/t_names.csv", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		if (lines == 0)
			ck_assert_str_eq(line,
			                 "\"name\",\"domains\",\"share\"\n");
		if (lines == 1)
			ck_assert_str_eq(line, "\"'=1+1\",\"0\",\"0\"\n");
		if (lines == 2)
			ck_assert_str_eq(line,
			                 "\"a\"\"b1\",\"1\",\"0.0166667\"\n");
		lines++;
	}
	fclose(f);
	ck_assert_int_eq(lines, 61);
	unlink(path);
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	unlink(path);
	rmdir(dir);
	th_summary_free(s);
}
END_TEST

START_TEST(test_summary_compare)
{
	struct th_summary *now = make("r2", 1, 2), *old = make("r1", 1, 4);
	char dir[] = "/tmp/th-summary.XXXXXX", path[128];
	json_error_t jerr;
	json_t *root, *m, *c;

	ck_assert_int_eq(th_summary_compare(now, old), 0);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(th_summary_write(now, dir, NULL, 0), 0);
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	ck_assert_ptr_nonnull(root = json_load_file(path, 0, &jerr));
	/* 0.5 now, 0.25 before: +25 percentage points. */
	m = json_array_get(json_object_get(root, "metrics"), 0);
	c = json_array_get(json_object_get(m, "compare"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(c, "run")), "r1");
	ck_assert(fabs(json_number_value(json_object_get(c, "delta_pp")) -
	               25.0) < 1e-9);
	/* A null share has nothing to compare. */
	m = json_array_get(json_object_get(root, "metrics"), 1);
	ck_assert_int_eq(json_array_size(json_object_get(m, "compare")), 0);
	/* A count: delta, not delta_pp (2 - 1). */
	m = json_array_get(json_object_get(root, "metrics"), 2);
	c = json_array_get(json_object_get(m, "compare"), 0);
	ck_assert_ptr_null(json_object_get(c, "delta_pp"));
	ck_assert(fabs(json_number_value(json_object_get(c, "delta")) - 0) <
	          1e-9);
	c = json_array_get(json_object_get(root, "compare"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(c, "run")), "r1");
	ck_assert_int_eq(json_integer_value(json_object_get(c, "domains")), 4);
	json_decref(root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t_names.csv", dir);
	unlink(path);
	rmdir(dir);
	th_summary_free(now);
	th_summary_free(old);
}
END_TEST

START_TEST(test_summary_bad_dir)
{
	struct th_summary *s = make("r", 1, 1);
	char err[256] = "";

	ck_assert_int_ne(
	    th_summary_write(s, "/nonexistent/dir", err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/dir"));
	th_summary_free(s);
}
END_TEST

Suite *
suite_summary(void)
{
	Suite *s = suite_create("summary");
	TCase *tc = tcase_create("Core");

	tcase_add_test(tc, test_summary_write);
	tcase_add_test(tc, test_summary_compare);
	tcase_add_test(tc, test_summary_bad_dir);
	suite_add_tcase(s, tc);
	return s;
}
