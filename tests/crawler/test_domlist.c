/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_domlist.c -- unit tests for crawler/domlist: comments, blank lines,
 * whitespace, IDN normalisation, every rejection with its line and
 * reason, duplicates reported once, counters.
 */
#include "common/err.h"
#include "crawler/domlist.h"
#include "tests/suites.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define MAXERR 16

struct dl_errs {
	unsigned n;
	struct {
		char file[64];
		unsigned long line;
		char reason[64];
		char text[256];
		char input[300];
	} e[MAXERR];
};

static void
on_err(void *arg, const struct th_domlist_error *e)
{
	struct dl_errs *x = arg;

	if (x->n < MAXERR) {
		snprintf(x->e[x->n].file, sizeof(x->e[0].file), "%s", e->file);
		x->e[x->n].line = e->line;
		snprintf(x->e[x->n].reason, sizeof(x->e[0].reason), "%s",
		         e->reason);
		snprintf(x->e[x->n].text, sizeof(x->e[0].text), "%s", e->text);
		snprintf(x->e[x->n].input, sizeof(x->e[0].input), "%s",
		         e->input);
	}
	x->n++;
}

/* Read text as a list; names joined by spaces into out. */
static void
read_list(const char *text, size_t len, char *out, size_t size,
          struct dl_errs *errs, struct th_domlist_stats *st)
{
	FILE *fp = fmemopen((void *)text, len, "r");
	struct th_domlist *dl;
	const struct th_dname *d;
	size_t n = 0;

	ck_assert_ptr_nonnull(fp);
	memset(errs, 0, sizeof(*errs));
	out[0] = '\0';
	ck_assert_int_eq(th_domlist_open_fp(&dl, fp, "l.txt", on_err, errs), 0);
	while (th_domlist_next(dl, &d) == 0 && d != NULL) {
		char name[TH_DNAME_STRLEN];

		ck_assert_int_eq(th_dname_to_str(d, name, sizeof(name)), 0);
		n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " " : "",
		                      name);
		ck_assert_uint_lt(n, size);
	}
	th_domlist_stats(dl, st);
	th_domlist_destroy(&dl);
	ck_assert_ptr_null(dl);
	fclose(fp);
}

static const struct {
	const char *text;
	const char *names;
	const char *msg;
} ok_cases[] = {
    {"example.se\n", "example.se.", "one name"},
    {"Example.SE.\n", "example.se.", "lower case, final dot"},
    {"  \texample.se \t\r\n", "example.se.", "surrounding whitespace, CRLF"},
    {"# comment\n\n   \nexample.se # trailing comment\n#x.se\n", "example.se.",
     "comments and blank lines"},
    {"räksmörgås.se\n", "xn--rksmrgs-5wao1o.se.", "U-label to A-label"},
    {"xn--rksmrgs-5wao1o.se\n", "xn--rksmrgs-5wao1o.se.", "A-label kept"},
    {"a.se\nb.se\nc.se", "a.se. b.se. c.se.", "no final newline"},
    {"", "", "empty input"},
    {"_dmarc.example.se\n", "_dmarc.example.se.", "underscore allowed"},
};

START_TEST(test_domlist_ok)
{
	char out[1024];
	struct dl_errs errs;
	struct th_domlist_stats st;

	read_list(ok_cases[_i].text, strlen(ok_cases[_i].text), out,
	          sizeof(out), &errs, &st);
	ck_assert_msg(strcmp(out, ok_cases[_i].names) == 0, "%s: got '%s'",
	              ok_cases[_i].msg, out);
	ck_assert_msg(errs.n == 0, "%s: error %s", ok_cases[_i].msg,
	              errs.e[0].reason);
	ck_assert_uint_eq(st.skipped, 0);
	ck_assert_uint_eq(st.duplicates, 0);
}
END_TEST

/* One bad line between two good ones: its line, its reason. */
static const struct {
	const char *line;
	const char *reason;
} bad_cases[] = {
    {"bad..name.se", "REPEATED_DOTS"},
    {".se", "INITIAL_DOT"},
    {"a\\b.se", "INVALID_ASCII"},
    {"exa mple.se", "MULTIPLE_WORDS"},
    {"☃.se", "INVALID_U_LABEL"},
    {"ä\xff.se", "INVALID_U_LABEL"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.se",
     "LABEL_TOO_LONG"},
    {"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h."
     "i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p."
     "q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x."
     "y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.se",
     "DOMAIN_NAME_TOO_LONG"},
    {".", "ROOT_NAME"},
    {"a.se\x01", "INVALID_ASCII"},
};

START_TEST(test_domlist_bad)
{
	char text[1024], out[1024];
	struct dl_errs errs;
	struct th_domlist_stats st;

	snprintf(text, sizeof(text), "first.se\n%s\nlast.se\n",
	         bad_cases[_i].line);
	read_list(text, strlen(text), out, sizeof(out), &errs, &st);
	ck_assert_str_eq(out, "first.se. last.se.");
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_msg(strcmp(errs.e[0].reason, bad_cases[_i].reason) == 0,
	              "'%s': %s, expected %s", bad_cases[_i].line,
	              errs.e[0].reason, bad_cases[_i].reason);
	ck_assert_uint_eq(errs.e[0].line, 2);
	ck_assert_str_eq(errs.e[0].file, "l.txt");
	ck_assert(errs.e[0].text[0] != '\0');
	/* The input is shown, control octets made harmless. */
	ck_assert(strchr(errs.e[0].input, '\x01') == NULL);
	ck_assert_uint_eq(st.skipped, 1);
	ck_assert_uint_eq(st.names, 2);
	ck_assert_uint_eq(st.lines, 3);
}
END_TEST

START_TEST(test_domlist_duplicates)
{
	static const char text[] =
	    "a.se\nb.se\nA.SE.\na.se\n"
	    "b.se\nräksmörgås.se\nxn--rksmrgs-5wao1o.se\n";
	char out[1024];
	struct dl_errs errs;
	struct th_domlist_stats st;

	read_list(text, strlen(text), out, sizeof(out), &errs, &st);
	ck_assert_str_eq(out, "a.se. b.se. xn--rksmrgs-5wao1o.se.");
	/* Each repeated name reported once, at its first repetition. */
	ck_assert_uint_eq(errs.n, 3);
	ck_assert_str_eq(errs.e[0].reason, "DUPLICATE");
	ck_assert_uint_eq(errs.e[0].line, 3);
	ck_assert(strstr(errs.e[0].text, "line 1") != NULL);
	ck_assert_uint_eq(errs.e[1].line, 5);
	ck_assert(strstr(errs.e[1].text, "line 2") != NULL);
	ck_assert_uint_eq(errs.e[2].line, 7);
	ck_assert_uint_eq(st.duplicates, 4);
	ck_assert_uint_eq(st.names, 3);
	ck_assert_uint_eq(st.skipped, 0);
	ck_assert_uint_eq(st.lines, 7);
}
END_TEST

START_TEST(test_domlist_long_line)
{
	size_t n = TH_DOMLIST_MAXLINE + 100;
	char *text = malloc(n + 32), out[256];
	struct dl_errs errs;
	struct th_domlist_stats st;

	ck_assert_ptr_nonnull(text);
	memset(text, 'a', n);
	memcpy(text + n, "\nok.se\n", 8);
	read_list(text, strlen(text), out, sizeof(out), &errs, &st);
	ck_assert_str_eq(out, "ok.se.");
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.e[0].reason, "LINE_TOO_LONG");
	ck_assert_uint_eq(errs.e[0].line, 1);
	ck_assert_uint_eq(st.lines, 2);
	free(text);
}
END_TEST

START_TEST(test_domlist_nul)
{
	static const char text[] = "a.se\nb\0c.se\nd.se\n";
	char out[256];
	struct dl_errs errs;
	struct th_domlist_stats st;

	read_list(text, sizeof(text) - 1, out, sizeof(out), &errs, &st);
	ck_assert_str_eq(out, "a.se. d.se.");
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.e[0].reason, "BAD_CHARACTER");
	ck_assert_uint_eq(errs.e[0].line, 2);
}
END_TEST

START_TEST(test_domlist_open)
{
	struct th_domlist *dl = NULL;
	char path[] = "/tmp/test_domlist.XXXXXX";
	const struct th_dname *d;
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("x.se\nnot valid\n", f);
	ck_assert_int_eq(fclose(f), 0);
	/* No callback: problems go to the log. */
	ck_assert_int_eq(th_domlist_open(&dl, path, NULL, NULL), 0);
	ck_assert_int_eq(th_domlist_next(dl, &d), 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(th_domlist_next(dl, &d), 0);
	ck_assert_ptr_null(d);
	th_domlist_destroy(&dl);
	th_domlist_destroy(&dl);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(th_domlist_open(&dl, path, NULL, NULL), -ENOENT);
	ck_assert_ptr_null(dl);
}
END_TEST

Suite *
suite_domlist(void)
{
	Suite *s = suite_create("domlist");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_domlist_ok, 0, N_ELEMS(ok_cases));
	tcase_add_test(pos, test_domlist_duplicates);
	tcase_add_test(pos, test_domlist_open);

	tcase_add_loop_test(neg, test_domlist_bad, 0, N_ELEMS(bad_cases));
	tcase_add_test(neg, test_domlist_long_line);
	tcase_add_test(neg, test_domlist_nul);

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
