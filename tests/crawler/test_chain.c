/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_chain.c -- unit tests for crawler/chain's trust anchor files: the
 * DS files of the DNSSEC fixtures and unbound-style key files read, bad
 * ones refused with the file and line.
 */
#include "crawler/chain.h"

#include "common/err.h"
#include "tests/suites.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A new file holding text, named after the process and the caller's id
 * so that parallel runs never share one; the caller unlinks it. */
static void
write_tmp(char *path, size_t size, int id, const char *text)
{
	int fd;
	FILE *fp;

	snprintf(path, size, "/tmp/th-anchor-%ld-%d", (long)getpid(), id);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The fixtures' DS files: three digest types of two keys. */
START_TEST(test_chain_anchor_ds_file)
{
	struct th_trust_anchor a;
	char err[256] = "";

	ck_assert_int_eq(th_chain_anchor_load(&a,
	                                      "tests/data/dnssec/ldns-13/ds",
	                                      err, sizeof(err)),
	                 0);
	ck_assert_uint_eq(a.n, 6);
	for (size_t i = 0; i < a.n; i++)
		ck_assert_uint_eq(a.rr[i].type, TH_T_DS);
	/* 40996 13 1 2fb5a1d2... is the first line. */
	ck_assert_uint_eq((a.rr[0].rdata[0] << 8) | a.rr[0].rdata[1], 40996);
	ck_assert_uint_eq(a.rr[0].rdata[2], 13);
	ck_assert_uint_eq(a.rr[0].rdata[3], 1);
	ck_assert_uint_eq(a.rr[0].rdata[4], 0x2f);
}
END_TEST

/* A DNSKEY anchor with comments and a relative-free layout. */
START_TEST(test_chain_anchor_dnskey_file)
{
	static const char text[] =
	    "; the testbed's root key\n"
	    ".\t3600\tIN\tDNSKEY\t257 3 13 "
	    "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxIL"
	    "fDLUT0rAK9iUzy1L53eKGQ==\n";
	struct th_trust_anchor a;
	char path[64], err[256] = "";

	write_tmp(path, sizeof(path), -1, text);
	ck_assert_int_eq(th_chain_anchor_load(&a, path, err, sizeof(err)), 0);
	ck_assert_uint_eq(a.n, 1);
	ck_assert_uint_eq(a.rr[0].type, TH_T_DNSKEY);
	ck_assert_uint_eq(a.rr[0].len, 4 + 64);
	unlink(path);
}
END_TEST

static const struct {
	const char *text, *error;
} bad[] = {
    {". IN DS 20326 8 2 E06Z\n", ":1: "},
    {". IN DS 20326 8 2 E06D\nse. IN DS 1 8 2 E06D\n", ":2: "},
    {"; nothing but a comment\n", "no DS or DNSKEY record"},
    {". IN A 192.0.2.1\n", "no DS or DNSKEY record"},
};

START_TEST(test_chain_anchor_bad)
{
	struct th_trust_anchor a;
	char path[64], err[256] = "";
	int rc;

	write_tmp(path, sizeof(path), _i, bad[_i].text);
	rc = th_chain_anchor_load(&a, path, err, sizeof(err));
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(err, bad[_i].error) != NULL &&
	                  strstr(err, path) != NULL,
	              "row %d: '%s'", _i, err);
	unlink(path);
	ck_assert_int_eq(
	    th_chain_anchor_load(&a, "/nonexistent/anchor", err, sizeof(err)),
	    TH_EIO);
}
END_TEST

Suite *
suite_chain(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tcase_create("Anchor");

	tcase_add_test(tc, test_chain_anchor_ds_file);
	tcase_add_test(tc, test_chain_anchor_dnskey_file);
	tcase_add_loop_test(tc, test_chain_anchor_bad, 0,
	                    (int)(sizeof(bad) / sizeof(bad[0])));
	suite_add_tcase(s, tc);
	return s;
}
