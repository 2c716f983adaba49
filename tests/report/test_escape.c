/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_escape.c -- unit tests for report/escape: hostile strings (markup,
 * quotes, ampersands, control bytes, invalid UTF-8, gnuplot's quote and
 * substitution tricks) through every escaper.
 *
 * gnuplot notes the gnuplot cases rely on (checked by hand with gnuplot
 * 5.4 and again by tests/integration/test_report.sh): inside single
 * quotes there is no backslash escape, no backquote command substitution
 * and no '@' macro expansion; '' is the only escape.
 */
#include "report/escape.h"
#include "tests/suites.h"

#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

typedef int escape_fn(FILE *, const char *, size_t);

static int
gnuplot32(FILE *f, const char *s, size_t len)
{
	return th_escape_gnuplot(f, s, len, 32);
}

static int
gnuplot_all(FILE *f, const char *s, size_t len)
{
	return th_escape_gnuplot(f, s, len, 0);
}

static const struct {
	escape_fn *fn;
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *out;
} cases[] = {
    /* Positive: ordinary text passes unchanged. */
    {th_escape_html, "ns1.example.se", 0, "ns1.example.se"},
    {th_escape_html, "r\xc3\xa4ksm\xc3\xb6rg\xc3\xa5s.se", 0,
     "r\xc3\xa4ksm\xc3\xb6rg\xc3\xa5s.se"},
    {gnuplot_all, "dns.example", 0, "dns.example"},
    /* Negative: markup and quotes. */
    {th_escape_html, "<script>alert(1)</script>", 0,
     "&lt;script&gt;alert(1)&lt;/script&gt;"},
    {th_escape_html, "a&b \"c\" 'd'", 0, "a&amp;b &quot;c&quot; &#39;d&#39;"},
    {th_escape_html_attr, "\" onmouseover=\"x", 0,
     "&quot; onmouseover=&quot;x"},
    {th_escape_html_attr, "a\nb\tc", 0, "a&#10;b&#9;c"},
    {th_escape_html, "a\nb\tc", 0, "a\nb\tc"},
    {th_escape_pango, "<b>&amp;</b>", 0, "&lt;b&gt;&amp;amp;&lt;/b&gt;"},
    /* Control bytes, NUL included, become U+FFFD. */
    {th_escape_html,
     "a\x01"
     "b\x1b[31m\x7f",
     0,
     "a\xef\xbf\xbd"
     "b\xef\xbf\xbd[31m\xef\xbf\xbd"},
    {th_escape_html, "a\0b", 3,
     "a\xef\xbf\xbd"
     "b"},
    /* Invalid UTF-8: lone continuation, overlong, surrogate, truncated. */
    {th_escape_html, "\x80x", 0, "\xef\xbf\xbdx"},
    {th_escape_html, "\xc0\xbc", 0, "\xef\xbf\xbd\xef\xbf\xbd"},
    {th_escape_html, "\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    {th_escape_html, "\xe2\x82", 0, "\xef\xbf\xbd\xef\xbf\xbd"},
    {th_escape_html, "\xf4\x90\x80\x80", 0,
     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    /* gnuplot: quotes doubled; newlines cannot end the command. */
    {gnuplot_all, "a'b", 0, "a''b"},
    {gnuplot_all, "x'; system('touch /tmp/p') #", 0,
     "x''; system(''touch /tmp/p'') #"},
    {gnuplot_all, "`id` @m \\' \"", 0, "`id` @m \\'' \""},
    {gnuplot_all, "a\nset output '/etc/x'", 0,
     "a\xef\xbf\xbdset output ''/etc/x''"},
    {gnuplot_all, "a\tb\rc", 0,
     "a b\xef\xbf\xbd"
     "c"},
    {gnuplot32, "0123456789012345678901234567890123456789", 0,
     "01234567890123456789012345678901..."},
    {gnuplot32,
     "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3"
     "\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
     "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3"
     "\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
     "\xc3\xa4\xc3\xa4\xc3\xa4",
     0,
     "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3"
     "\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
     "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3"
     "\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
     "\xc3\xa4\xc3\xa4..."},
};

START_TEST(test_escape_cases)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	size_t len = cases[_i].len ? cases[_i].len : strlen(cases[_i].in);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(cases[_i].fn(f, cases[_i].in, len), 0);
	fclose(f);
	ck_assert_msg(strcmp(buf, cases[_i].out) == 0,
	              "case %d: got '%s', want '%s'", _i, buf, cases[_i].out);
	free(buf);
}
END_TEST

/* Whatever goes in, no HTML metacharacter and no control byte comes out. */
START_TEST(test_escape_html_all_bytes)
{
	char in[256], *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	for (int i = 0; i < 256; i++)
		in[i] = (char)i;
	ck_assert_int_eq(th_escape_html(f, in, sizeof(in)), 0);
	fclose(f);
	ck_assert_ptr_null(strpbrk(buf, "<>\"'"));
	for (size_t i = 0; i < size; i++)
		ck_assert_msg((unsigned char)buf[i] >= 0x20 || buf[i] == '\t' ||
		                  buf[i] == '\n',
		              "control byte 0x%02x at %zu", buf[i], i);
	for (char *p = strchr(buf, '&'); p != NULL; p = strchr(p + 1, '&'))
		ck_assert(strncmp(p, "&amp;", 5) == 0 ||
		          strncmp(p, "&lt;", 4) == 0 ||
		          strncmp(p, "&gt;", 4) == 0 ||
		          strncmp(p, "&quot;", 6) == 0 ||
		          strncmp(p, "&#39;", 5) == 0);
	free(buf);
}
END_TEST

/* A gnuplot label never holds a lone quote or a line break. */
START_TEST(test_escape_gnuplot_all_bytes)
{
	char in[256], *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	for (int i = 0; i < 256; i++)
		in[i] = (char)i;
	ck_assert_int_eq(th_escape_gnuplot(f, in, sizeof(in), 0), 0);
	fclose(f);
	ck_assert_ptr_null(strpbrk(buf, "\n\r"));
	for (char *p = strchr(buf, '\''); p != NULL; p = strchr(p + 2, '\''))
		ck_assert_msg(p[1] == '\'', "lone quote at %td", p - buf);
	free(buf);
}
END_TEST

START_TEST(test_escape_plain)
{
	char *s = th_escape_plain("a\x01<b>\xff", 6);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "a\xef\xbf\xbd<b>\xef\xbf\xbd");
	free(s);
}
END_TEST

Suite *
suite_escape(void)
{
	Suite *s = suite_create("escape");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_escape_cases, 0, 3);
	tcase_add_test(pos, test_escape_plain);
	tcase_add_loop_test(neg, test_escape_cases, 3, N_ELEMS(cases));
	tcase_add_test(neg, test_escape_html_all_bytes);
	tcase_add_test(neg, test_escape_gnuplot_all_bytes);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
