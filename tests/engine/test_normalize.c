/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_normalize.c -- unit tests for engine/normalize: Zonemaster's input
 * normalisation (spaces, case, IDN, final dot) and each CRITICAL tag.
 */
#include "common/err.h"
#include "engine/normalize.h"
#include "tests/suites.h"

#include <string.h>

struct norm_case {
	const char *input;
	const char *want; /* normalised name, or NULL */
	const char *tag;  /* the CRITICAL tag when want is NULL */
};

static const struct norm_case cases[] = {
    {"example.se", "example.se.", NULL},
    {"  Example.SE.  ", "example.se.", NULL},
    {"\tx-y_z.se\n", "x-y_z.se.", NULL},
    {".", ".", NULL},
    {"r\xc3\xa4ksm\xc3\xb6rg\xc3\xa5s.se", "xn--rksmrgs-5wao1o.se.", NULL},
    {"", NULL, "EMPTY_DOMAIN_NAME"},
    {"   ", NULL, "EMPTY_DOMAIN_NAME"},
    {".example.se", NULL, "INITIAL_DOT"},
    {"example..se", NULL, "REPEATED_DOTS"},
    {"example.se..", NULL, "REPEATED_DOTS"},
    {"exa mple.se", NULL, "INVALID_ASCII"},
    {"exa$mple.se", NULL, "INVALID_ASCII"},
    {"xn--\xe2\x98\x83.se", NULL, "INVALID_U_LABEL"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.se",
     NULL, "LABEL_TOO_LONG"},
};

START_TEST(test_normalize_cases)
{
	const struct norm_case *c = &cases[_i];
	struct th_profile p;
	struct th_report r;
	struct th_dname out;
	char buf[TH_DNAME_STRLEN];
	int rc;

	th_profile_default(&p);
	ck_assert_int_eq(th_report_init(&r, &p), 0);
	rc = th_normalize(c->input, &out, &r);
	if (c->want != NULL) {
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(th_dname_to_str(&out, buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, c->want);
		ck_assert_uint_eq(r.n, 0);
	} else {
		ck_assert_int_eq(rc, TH_EINVAL);
		ck_assert_uint_eq(r.n, 1);
		ck_assert_str_eq(th_tag_name(r.msgs[0].tag), c->tag);
		ck_assert_int_eq(r.msgs[0].level, TH_LEVEL_CRITICAL);
	}
	th_report_free(&r);
}
END_TEST

/* 253 characters pass; one more label does not. */
START_TEST(test_normalize_length)
{
	struct th_profile p;
	struct th_report r;
	struct th_dname out;
	char name[300];
	size_t n = 0;

	th_profile_default(&p);
	ck_assert_int_eq(th_report_init(&r, &p), 0);
	/* 4 labels of 62 + 3 dots = 251, then ".se" = 254 > 253. */
	for (int i = 0; i < 4; i++) {
		memset(name + n, 'a', 62);
		n += 62;
		name[n++] = '.';
	}
	memcpy(name + n, "se", 3);
	ck_assert_int_eq(th_normalize(name, &out, &r), TH_EINVAL);
	ck_assert_str_eq(th_tag_name(r.msgs[0].tag), "DOMAIN_NAME_TOO_LONG");
	/* 3 labels of 62 + ".se": 191, fine. */
	memcpy(name + 3 * 63, "se", 3);
	ck_assert_int_eq(th_normalize(name, &out, &r), 0);
	th_report_free(&r);
}
END_TEST

Suite *
suite_normalize(void)
{
	Suite *s = suite_create("normalize");
	TCase *tc = tcase_create("normalize");

	tcase_add_loop_test(tc, test_normalize_cases, 0,
	                    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_normalize_length);
	suite_add_tcase(s, tc);
	return s;
}
