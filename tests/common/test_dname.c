/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dname.c -- unit tests for common/dname: presentation parsing and
 * printing, canonical form and order (RFC 4034 6.1, 6.2), subdomains,
 * hashing (SipHash-2-4 reference vectors) and reading compressed names
 * from hostile messages.
 *
 * Expected wire forms are written W("\007example\002se"): the literal's own
 * terminating NUL is the root label, so sizeof gives the wire length.
 * Label lengths are 3-digit octal escapes so that no letter after them is
 * taken as part of the escape.
 */
#include "common/buf.h"
#include "common/dname.h"
#include "common/err.h"
#include "common/hash.h"
#include "tests/suites.h"

#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Wire form with its length: the NUL of the literal is the root label. */
#define W(s) (const uint8_t *)(s), sizeof(s)
/* A message or raw bytes: without the literal's NUL. */
#define M(s) (const uint8_t *)(s), sizeof(s) - 1

#define L10 "aaaaaaaaaa"
#define L61 L10 L10 L10 L10 L10 L10 "a"
#define L62 L61 "a"
#define L63 L62 "a"
#define L64 L63 "a"
/* Ten one-letter labels, as text and as wire. */
#define A10 "a.a.a.a.a.a.a.a.a.a."
#define WA10 "\001a\001a\001a\001a\001a\001a\001a\001a\001a\001a"
/* 127 one-letter labels: 127 * 2 + 1 = 255 octets. */
#define A127 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 "a.a.a.a.a.a.a."
#define WA127                                                                  \
	WA10 WA10 WA10 WA10 WA10 WA10 WA10 WA10 WA10 WA10 WA10 WA10            \
	    "\001a\001a\001a\001a\001a\001a\001a"

/* Parse text that the test relies on; fails the test if it does not parse. */
static struct th_dname
name_of(const char *text)
{
	struct th_dname d;
	enum th_dname_reason why;
	int rc = th_dname_parse(&d, text, strlen(text), NULL, &why);

	ck_assert_msg(rc == 0, "fixture %s: %s", text,
	              th_dname_reason_name(why));
	return d;
}

static struct th_dname
name_wire(const uint8_t *wire, size_t len)
{
	struct th_dname d;

	ck_assert_uint_le(len, TH_DNAME_MAXLEN);
	d.len = (uint8_t)len;
	memcpy(d.wire, wire, len);
	return d;
}

/* A sentinel that failed calls must leave untouched. */
static struct th_dname
sentinel(void)
{
	return name_wire(W("\010sentinel"));
}

static void
assert_same(const struct th_dname *d, const struct th_dname *e)
{
	ck_assert_uint_eq(d->len, e->len);
	ck_assert_mem_eq(d->wire, e->wire, e->len);
}

/* ---- parse -------------------------------------------------------------- */

struct parse_case {
	const char *text;
	size_t tlen;        /* 0: strlen(text) */
	const char *origin; /* NULL: none */
	const uint8_t *wire;
	size_t wlen;
	const char *msg;
};

static const struct parse_case parse_ok[] = {
    {".", 0, NULL, W(""), "root"},
    {"example.se.", 0, NULL, W("\007example\002se"), "absolute"},
    {"example.se", 0, NULL, W("\007example\002se"), "no origin: the root"},
    {"www", 0, "example.se.", W("\003www\007example\002se"), "relative"},
    {"a.b", 0, ".", W("\001a\001b"), "relative to the root"},
    {"www.example.se.", 0, "other.", W("\003www\007example\002se"),
     "absolute ignores the origin"},
    {"@", 0, "example.se.", W("\007example\002se"), "@ is the origin"},
    {"@", 0, NULL, W(""), "@ without origin is the root"},
    {"@.", 0, NULL, W("\001@"), "@ inside a name is a character"},
    {"EXAMPLE.Se.", 0, NULL, W("\007EXAMPLE\002Se"), "case is kept"},
    {"a\\.b.se.", 0, NULL, W("\003a.b\002se"), "escaped dot"},
    {"a\\.", 0, NULL, W("\002a."), "escaped final dot: relative"},
    {"\\065bc.", 0, NULL, W("\003Abc"), "\\DDD decimal"},
    {"\\000.se.", 0, NULL, W("\001\000\002se"), "\\000"},
    {"\\255\\032x.", 0, NULL, W("\003\377\040x"), "\\255 and \\032"},
    {"\\\\.", 0, NULL, W("\001\\"), "escaped backslash"},
    {"a\\ b.", 0, NULL, W("\003a b"), "escaped space"},
    {"\\(\\)\\;\\\"\\$\\@.", 0, NULL, W("\006();\"$@"), "escaped specials"},
    {"a;b(c)$d\"e.", 0, NULL, W("\012a;b(c)$d\"e"),
     "printable specials unescaped"},
    {"\\0651.", 0, NULL, W("\002A1"), "\\DDD takes exactly 3 digits"},
    {"*.example.", 0, NULL, W("\001*\007example"), "wildcard"},
    {"_dmarc.example.", 0, NULL, W("\006_dmarc\007example"), "underscore"},
    {"xn--rksmrgs-5wao1o.se", 0, NULL, W("\022xn--rksmrgs-5wao1o\002se"),
     "A-label"},
    {"example.se.trailing", 11, NULL, W("\007example\002se"),
     "{ptr, len}: stops at len"},
    {L63 ".", 0, NULL, W("\077" L63), "63-octet label"},
    {L63, 0, NULL, W("\077" L63), "63-octet label, relative"},
    {"\\097" L62 ".", 0, NULL, W("\077" L63), "63 octets with an escape"},
    {L63 "." L63 "." L63 "." L61 ".", 0, NULL,
     W("\077" L63 "\077" L63 "\077" L63 "\075" L61), "255 octets, absolute"},
    {L63 "." L63 "." L63 "." L61, 0, NULL,
     W("\077" L63 "\077" L63 "\077" L63 "\075" L61),
     "255 octets, relative to the root"},
    {L63 "." L63 "." L63, 0, L61 ".",
     W("\077" L63 "\077" L63 "\077" L63 "\075" L61),
     "255 octets with the origin"},
    {A127, 0, NULL, W(WA127), "127 labels, 255 octets"},
};

static const struct {
	const char *text;
	size_t tlen;
	const char *origin;
	enum th_dname_reason reason;
	const char *msg;
} parse_bad[] = {
    {"", 0, NULL, TH_DNAME_EMPTY_DOMAIN_NAME, "empty"},
    {"", 0, "example.se.", TH_DNAME_EMPTY_DOMAIN_NAME,
     "empty, even with an origin"},
    {".example.se", 0, NULL, TH_DNAME_INITIAL_DOT, "initial dot"},
    {"..", 0, NULL, TH_DNAME_INITIAL_DOT, "two dots: initial first"},
    {".." L64, 0, NULL, TH_DNAME_INITIAL_DOT, "initial dot wins"},
    {"example..se", 0, NULL, TH_DNAME_REPEATED_DOTS, "inner empty label"},
    {"example.se..", 0, NULL, TH_DNAME_REPEATED_DOTS, "trailing empty label"},
    {L64 "..x.", 0, NULL, TH_DNAME_REPEATED_DOTS,
     "repeated dots win over an earlier long label"},
    {"a\\", 0, NULL, TH_DNAME_BAD_ESCAPE, "lone backslash at the end"},
    {"\\25", 0, NULL, TH_DNAME_BAD_ESCAPE, "two digits at the end"},
    {"\\25x.", 0, NULL, TH_DNAME_BAD_ESCAPE, "two digits and a letter"},
    {"\\2", 0, NULL, TH_DNAME_BAD_ESCAPE, "one digit at the end"},
    {"\\256.", 0, NULL, TH_DNAME_BAD_ESCAPE, "\\256 is over 255"},
    {"\\999.", 0, NULL, TH_DNAME_BAD_ESCAPE, "\\999"},
    {L63 "." L63 "." L63 "." L63 ".\\999", 0, NULL, TH_DNAME_BAD_ESCAPE,
     "syntax error wins over the length"},
    {"a b.", 0, NULL, TH_DNAME_BAD_CHARACTER, "unescaped space"},
    {"a\tb", 0, NULL, TH_DNAME_BAD_CHARACTER, "unescaped tab"},
    {"a\x7f.", 0, NULL, TH_DNAME_BAD_CHARACTER, "DEL"},
    {"r\xc3\xa4ksm\xc3\xb6rg\xc3\xa5s.se", 0, NULL, TH_DNAME_BAD_CHARACTER,
     "UTF-8 must go through IDNA first"},
    {"a\0b.", 4, NULL, TH_DNAME_BAD_CHARACTER, "NUL inside {ptr, len}"},
    {L64 ".", 0, NULL, TH_DNAME_LABEL_TOO_LONG, "64-octet label"},
    {L64, 0, NULL, TH_DNAME_LABEL_TOO_LONG, "64-octet label, relative"},
    {"x." L63 "\\097.", 0, NULL, TH_DNAME_LABEL_TOO_LONG,
     "64 octets through an escape"},
    {L63 "." L63 "." L63 "." L63 "." L64 ".", 0, NULL, TH_DNAME_LABEL_TOO_LONG,
     "long label wins over a long name"},
    {L63 "." L63 "." L63 "." L62 ".", 0, NULL, TH_DNAME_DOMAIN_NAME_TOO_LONG,
     "256 octets"},
    {L63 "." L63 "." L63 "." L62, 0, NULL, TH_DNAME_DOMAIN_NAME_TOO_LONG,
     "256 octets, relative to the root"},
    {L63 "." L63 "." L63, 0, L62 ".", TH_DNAME_DOMAIN_NAME_TOO_LONG,
     "256 octets with the origin"},
    {L63 "." L63 "." L63 "." L61, 0, "se.", TH_DNAME_DOMAIN_NAME_TOO_LONG,
     "origin pushes 255 to 258"},
    {A127 "a.", 0, NULL, TH_DNAME_DOMAIN_NAME_TOO_LONG, "128 labels"},
    {L63 "." L63 "." L63 "." L63 "." L63 "." L63, 0, NULL,
     TH_DNAME_DOMAIN_NAME_TOO_LONG, "far too long"},
};

static size_t
text_len(const char *text, size_t tlen)
{
	return tlen != 0 ? tlen : strlen(text);
}

START_TEST(test_dname_parse)
{
	const struct parse_case *pc = &parse_ok[_i];
	struct th_dname d = sentinel(), origin;
	enum th_dname_reason why = TH_DNAME_BAD_ESCAPE;
	int rc;

	if (pc->origin != NULL)
		origin = name_of(pc->origin);
	rc = th_dname_parse(&d, pc->text, text_len(pc->text, pc->tlen),
	                    pc->origin != NULL ? &origin : NULL, &why);
	ck_assert_msg(rc == 0, "%s: %s", pc->msg, th_dname_reason_name(why));
	ck_assert_int_eq(why, TH_DNAME_OK);
	ck_assert_msg(d.len == pc->wlen, "%s: len %u want %zu", pc->msg, d.len,
	              pc->wlen);
	ck_assert_mem_eq(d.wire, pc->wire, pc->wlen);
}
END_TEST

START_TEST(test_dname_parse_bad)
{
	struct th_dname d = sentinel(), want = sentinel(), origin;
	enum th_dname_reason why = TH_DNAME_OK;
	int rc;

	if (parse_bad[_i].origin != NULL)
		origin = name_of(parse_bad[_i].origin);
	rc =
	    th_dname_parse(&d, parse_bad[_i].text,
	                   text_len(parse_bad[_i].text, parse_bad[_i].tlen),
	                   parse_bad[_i].origin != NULL ? &origin : NULL, &why);
	ck_assert_msg(rc == TH_ENAME, "%s: rc %s", parse_bad[_i].msg,
	              th_errname(rc));
	ck_assert_msg(why == parse_bad[_i].reason, "%s: reason %s, want %s",
	              parse_bad[_i].msg, th_dname_reason_name(why),
	              th_dname_reason_name(parse_bad[_i].reason));
	assert_same(&d, &want);
	/* The reason pointer is optional. */
	ck_assert_int_eq(
	    th_dname_parse(&d, parse_bad[_i].text,
	                   text_len(parse_bad[_i].text, parse_bad[_i].tlen),
	                   parse_bad[_i].origin != NULL ? &origin : NULL, NULL),
	    TH_ENAME);
}
END_TEST

START_TEST(test_dname_reason_names)
{
	ck_assert_str_eq(th_dname_reason_name(TH_DNAME_OK), "OK");
	ck_assert_str_eq(th_dname_reason_name(TH_DNAME_LABEL_TOO_LONG),
	                 "LABEL_TOO_LONG");
	ck_assert_str_eq(th_dname_reason_name(TH_DNAME_DOMAIN_NAME_TOO_LONG),
	                 "DOMAIN_NAME_TOO_LONG");
	ck_assert_str_eq(th_dname_reason_name(TH_DNAME_REPEATED_DOTS),
	                 "REPEATED_DOTS");
	ck_assert_str_eq(th_dname_reason_name(TH_DNAME_INITIAL_DOT),
	                 "INITIAL_DOT");
	ck_assert_str_eq(th_dname_reason_name(TH_DNAME_EMPTY_DOMAIN_NAME),
	                 "EMPTY_DOMAIN_NAME");
	ck_assert_str_eq(th_dname_reason_name(TH_DNAME__REASONS), "?");
	ck_assert_str_eq(th_dname_reason_text(TH_DNAME__REASONS),
	                 "unknown reason");
	for (int r = 0; r < TH_DNAME__REASONS; r++)
		ck_assert_str_ne(th_dname_reason_text((enum th_dname_reason)r),
		                 "unknown reason");
}
END_TEST

/* ---- presentation ------------------------------------------------------- */

static const struct {
	const uint8_t *wire;
	size_t wlen;
	const char *text;
} present_cases[] = {
    {W(""), "."},
    {W("\007example\002se"), "example.se."},
    {W("\007ExAmPlE\002SE"), "ExAmPlE.SE."},
    {W("\003a.b\002se"), "a\\.b.se."},
    {W("\010.\\\"();$@"), "\\.\\\\\\\"\\(\\)\\;\\$\\@."},
    {W("\003\040\011\177"), "\\032\\009\\127."},
    {W("\002\200\377"), "\\128\\255."},
    {W("\001\000"), "\\000."},
    {W("\007!#%&*-~"), "!#%&*-~."},
    {W("\005a-_/+"), "a-_/+."},
    {W("\001*\007example"), "*.example."},
    {W("\077" L63), L63 "."},
};

/* Print, compare with the expected text, parse back to the same octets. */
START_TEST(test_dname_present)
{
	struct th_dname d = name_wire(present_cases[_i].wire,
	                              present_cases[_i].wlen),
	                back;
	char text[TH_DNAME_STRLEN];

	ck_assert_int_eq(th_dname_to_str(&d, text, sizeof(text)), 0);
	ck_assert_str_eq(text, present_cases[_i].text);
	ck_assert_int_eq(th_dname_parse(&back, text, strlen(text), NULL, NULL),
	                 0);
	assert_same(&back, &d);
}
END_TEST

/* The longest presentation: 63 + 63 + 63 + 61 octets all printed \255. */
static struct th_dname
widest_name(void)
{
	struct th_dname d;
	static const uint8_t lens[4] = {63, 63, 63, 61};
	size_t n = 0;

	for (int k = 0; k < 4; k++) {
		d.wire[n++] = lens[k];
		memset(d.wire + n, 0xff, lens[k]);
		n += lens[k];
	}
	d.wire[n++] = 0;
	ck_assert_uint_eq(n, 255);
	d.len = (uint8_t)n;
	return d;
}

START_TEST(test_dname_present_widest)
{
	struct th_dname d = widest_name(), back;
	char text[TH_DNAME_STRLEN];

	ck_assert_int_eq(th_dname_to_str(&d, text, sizeof(text)), 0);
	ck_assert_uint_eq(strlen(text), TH_DNAME_STRLEN - 1);
	ck_assert_int_eq(strncmp(text, "\\255\\255", 8), 0);
	ck_assert_int_eq(th_dname_parse(&back, text, strlen(text), NULL, NULL),
	                 0);
	assert_same(&back, &d);
}
END_TEST

START_TEST(test_dname_present_small_buffer)
{
	struct th_dname d = name_of("example.se.");
	struct th_dname wide = widest_name();
	char text[TH_DNAME_STRLEN];

	/* "example.se." is 11 characters: 12 bytes with the NUL. */
	memset(text, 'x', sizeof(text));
	ck_assert_int_eq(th_dname_to_str(&d, text, 11), TH_ETOOBIG);
	ck_assert_str_eq(text, "");
	ck_assert_int_eq(th_dname_to_str(&d, text, 12), 0);
	ck_assert_str_eq(text, "example.se.");
	memset(text, 'x', sizeof(text));
	ck_assert_int_eq(th_dname_to_str(&d, text, 0), TH_ETOOBIG);
	ck_assert_int_eq(text[0], 'x'); /* size 0: nothing written */
	ck_assert_int_eq(th_dname_to_str(&wide, text, TH_DNAME_STRLEN - 1),
	                 TH_ETOOBIG);
	d = name_of(".");
	ck_assert_int_eq(th_dname_to_str(&d, text, 1), TH_ETOOBIG);
	ck_assert_int_eq(th_dname_to_str(&d, text, 2), 0);
	ck_assert_str_eq(text, ".");
}
END_TEST

/* ---- canonical form, order, equality ------------------------------------ */

static const struct {
	const uint8_t *in;
	size_t inlen;
	const uint8_t *out;
	size_t outlen;
} lower_cases[] = {
    {W("\007ExAmPlE\002SE"), W("\007example\002se")},
    {W("\002AZ"), W("\002az")},
    {W("\004@[`{"), W("\004@[`{")}, /* neighbours of A-Z and a-z */
    {W("\003\304\326\200"), W("\003\304\326\200")}, /* non-ASCII: as is */
    {W("\001A\001B\001C"), W("\001a\001b\001c")},
    {W(""), W("")},
};

START_TEST(test_dname_canonicalize)
{
	struct th_dname d =
	    name_wire(lower_cases[_i].in, lower_cases[_i].inlen);
	struct th_dname want =
	    name_wire(lower_cases[_i].out, lower_cases[_i].outlen);

	th_dname_canonicalize(&d);
	assert_same(&d, &want);
}
END_TEST

/* RFC 4034 section 6.1: these names in canonical order. */
static const char *const rfc4034_order[] = {
    "example.",         "a.example.",      "yljkjljk.a.example.",
    "Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
    "\\001.z.example.", "*.z.example.",    "\\200.z.example.",
};

#define RFC_N N_ELEMS(rfc4034_order)

/* Every ordered pair: _i encodes (i, j). */
START_TEST(test_dname_cmp_rfc4034)
{
	int i = _i / RFC_N, j = _i % RFC_N;
	struct th_dname a = name_of(rfc4034_order[i]);
	struct th_dname b = name_of(rfc4034_order[j]);
	int c = th_dname_cmp(&a, &b);
	int want = i < j ? -1 : (i > j ? 1 : 0);

	ck_assert_msg((c > 0) - (c < 0) == want, "cmp(%s, %s) = %d",
	              rfc4034_order[i], rfc4034_order[j], c);
	ck_assert_int_eq(th_dname_equal(&a, &b), i == j);
}
END_TEST

static int
cmp_for_qsort(const void *a, const void *b)
{
	return th_dname_cmp(a, b);
}

START_TEST(test_dname_sort_rfc4034)
{
	struct th_dname names[RFC_N];
	/* A fixed shuffle of 0..8. */
	static const int shuffle[RFC_N] = {5, 8, 0, 3, 7, 1, 6, 2, 4};

	for (int k = 0; k < RFC_N; k++)
		names[k] = name_of(rfc4034_order[shuffle[k]]);
	qsort(names, RFC_N, sizeof(names[0]), cmp_for_qsort);
	for (int k = 0; k < RFC_N; k++) {
		struct th_dname want = name_of(rfc4034_order[k]);

		assert_same(&names[k], &want);
	}
}
END_TEST

static const struct {
	const char *a, *b;
	int order; /* sign of cmp(a, b) */
	int equal;
} cmp_cases[] = {
    {".", ".", 0, 1},
    {".", "a.", -1, 0},
    {"a.", "A.", 0, 1},
    {"Example.SE.", "example.se.", 0, 1},
    {"a.a.", "b.", -1, 0},            /* rightmost label decides */
    {"ab.", "a.", 1, 0},              /* a prefix sorts first */
    {"a.b.", "b.a.", 1, 0},           /* b > a on the right */
    {"Z.", "a.", 1, 0},               /* folded: z > a (raw 'Z' < 'a') */
    {"[.", "Z.", -1, 0},              /* folded to lower: '[' < 'z' */
    {"\\200.", "z.", 1, 0},           /* octets compare unsigned */
    {"\\196.", "\\228.", -1, 0},      /* non-ASCII is not folded */
    {"a.bc.", "ab.c.", -1, 0},        /* same length, other labels */
    {"a.example.", "example.", 1, 0}, /* a name before its subdomains */
    {A127, A127, 0, 1},
};

START_TEST(test_dname_cmp)
{
	struct th_dname a = name_of(cmp_cases[_i].a);
	struct th_dname b = name_of(cmp_cases[_i].b);
	int c = th_dname_cmp(&a, &b), r = th_dname_cmp(&b, &a);

	ck_assert_msg((c > 0) - (c < 0) == cmp_cases[_i].order,
	              "cmp(%s, %s) = %d", cmp_cases[_i].a, cmp_cases[_i].b, c);
	ck_assert_int_eq((r > 0) - (r < 0), -cmp_cases[_i].order);
	ck_assert_int_eq(th_dname_equal(&a, &b), cmp_cases[_i].equal);
	ck_assert_int_eq(th_dname_equal(&b, &a), cmp_cases[_i].equal);
}
END_TEST

/* ---- structure: labels, subdomain, parent ------------------------------- */

static const struct {
	const char *name;
	unsigned labels;
} label_cases[] = {
    {".", 0},         {"se.", 1},  {"www.example.se.", 3},
    {"a\\.b.se.", 2}, {A127, 127}, {L63 "." L63 ".", 2},
};

START_TEST(test_dname_labels)
{
	struct th_dname d = name_of(label_cases[_i].name);

	ck_assert_uint_eq(th_dname_labels(&d), label_cases[_i].labels);
}
END_TEST

static const struct {
	const char *name, *parent;
	int expect;
} sub_cases[] = {
    {"www.example.se.", "example.se.", 1},
    {"example.se.", "example.se.", 1},
    {"EXAMPLE.se.", "example.SE.", 1},
    {"www.example.se.", "se.", 1},
    {"anything.", ".", 1},
    {".", ".", 1},
    {"example.se.", "www.example.se.", 0},
    {"aexample.se.", "example.se.", 0},    /* whole labels only */
    {"a\\.example.se.", "example.se.", 0}, /* "a.example" is one label */
    {"example.com.", "example.se.", 0},
    {"se.example.", "se.", 0},
    {".", "se.", 0},
    {"x.\\196.", "\\228.", 0}, /* non-ASCII is not folded */
};

START_TEST(test_dname_is_subdomain)
{
	struct th_dname n = name_of(sub_cases[_i].name);
	struct th_dname p = name_of(sub_cases[_i].parent);

	ck_assert_msg(th_dname_is_subdomain(&n, &p) == sub_cases[_i].expect,
	              "is_subdomain(%s, %s)", sub_cases[_i].name,
	              sub_cases[_i].parent);
}
END_TEST

static const struct {
	const char *name, *parent;
} parent_cases[] = {
    {"www.example.se.", "example.se."},
    {"se.", "."},
    {"a\\.b.c.", "c."},
    {"WWW.Example.SE.", "Example.SE."},
    /* 126 labels: A127 without its first "a." */
    {A127, &A127[2]},
};

START_TEST(test_dname_parent)
{
	struct th_dname n = name_of(parent_cases[_i].name);
	struct th_dname want = name_of(parent_cases[_i].parent);
	struct th_dname p = sentinel();

	ck_assert_int_eq(th_dname_parent(&p, &n), 0);
	assert_same(&p, &want);
	/* In place. */
	ck_assert_int_eq(th_dname_parent(&n, &n), 0);
	assert_same(&n, &want);
}
END_TEST

START_TEST(test_dname_parent_of_root)
{
	struct th_dname root = name_of(".");
	struct th_dname p = sentinel(), want = sentinel();

	ck_assert_int_eq(th_dname_parent(&p, &root), TH_ENOTFOUND);
	assert_same(&p, &want);
}
END_TEST

/* ---- hashing ------------------------------------------------------------ */

#define SIP_K0 UINT64_C(0x0706050403020100)
#define SIP_K1 UINT64_C(0x0f0e0d0c0b0a0908)

START_TEST(test_dname_hash)
{
	struct th_dname root = name_of(".");
	struct th_dname a = name_of("WWW.Example.SE.");
	struct th_dname b = name_of("www.example.se.");
	struct th_dname c = name_of("www.example.sf.");
	static const uint8_t low[] = "\003www\007example\002se";

	/* The root's wire form is the single octet 00. */
	ck_assert(th_dname_hash(&root, SIP_K0, SIP_K1) ==
	          th_hash_sip("", 1, SIP_K0, SIP_K1));
	/* Case-insensitive: the hash of the lower-cased wire form. */
	ck_assert(th_dname_hash(&a, SIP_K0, SIP_K1) ==
	          th_hash_sip(low, sizeof(low), SIP_K0, SIP_K1));
	ck_assert(th_dname_hash(&a, 1, 2) == th_dname_hash(&b, 1, 2));
	ck_assert(th_dname_hash(&b, 1, 2) != th_dname_hash(&c, 1, 2));
	ck_assert(th_dname_hash(&b, 1, 2) != th_dname_hash(&b, 1, 3));
	ck_assert(th_dname_hash(&b, 1, 2) != th_dname_hash(&b, 2, 2));
}
END_TEST

/* ---- reading from messages ---------------------------------------------- */

struct read_case {
	const uint8_t *msg;
	size_t msglen;
	size_t offset;
	const uint8_t *wire; /* expected name */
	size_t wlen;
	size_t next;
	const char *what;
};

static const struct read_case read_ok[] = {
    {M("\007example\002se\000"), 0, W("\007example\002se"), 12, "plain"},
    {M("\377\377\003www\000"), 2, W("\003www"), 7, "at an offset"},
    {M("\000"), 0, W(""), 1, "root"},
    {M("\003WwW\000"), 0, W("\003WwW"), 5, "case kept"},
    {M("\002se\000\003www\300\000"), 4, W("\003www\002se"), 10,
     "label then pointer"},
    {M("\002se\000\300\000"), 4, W("\002se"), 6, "only a pointer"},
    {M("\002se\000\007example\300\000\003www\300\004"), 14,
     W("\003www\007example\002se"), 20, "two hops"},
    {M("\002se\000\300\000\300\004"), 6, W("\002se"), 8,
     "pointer to a pointer"},
    {M("\002se\000\003www\300\000trailing"), 4, W("\003www\002se"), 10,
     "bytes after the name are not read"},
};

START_TEST(test_dname_read)
{
	const struct read_case *rc = &read_ok[_i];
	struct th_dname d = sentinel();
	size_t next = 0;
	int st = th_dname_read(&d, rc->msg, rc->msglen, rc->offset, &next);

	ck_assert_msg(st == 0, "%s: %s", rc->what, th_errname(st));
	ck_assert_uint_eq(d.len, rc->wlen);
	ck_assert_mem_eq(d.wire, rc->wire, rc->wlen);
	ck_assert_uint_eq(next, rc->next);
	/* next is optional. */
	ck_assert_int_eq(
	    th_dname_read(&d, rc->msg, rc->msglen, rc->offset, NULL), 0);
}
END_TEST

static const struct {
	const uint8_t *msg;
	size_t msglen;
	size_t offset;
	const char *what;
} read_bad[] = {
    {M(""), 0, "empty message"},
    {M("\000"), 1, "offset at the end"},
    {M("\000"), 5, "offset past the end"},
    {M("\003www"), 0, "no root label"},
    {M("\005ab"), 0, "truncated label"},
    {M("\003www\300"), 0, "truncated pointer"},
    {M("\300"), 0, "lone pointer octet"},
    {M("\300\000"), 0, "pointer to itself"},
    {M("\300\002\000"), 0, "forward pointer (to a valid root)"},
    {M("\003www\300\377"), 0, "pointer past the end"},
    {M("\377\377"), 0, "pointer to offset 16383"},
    {M("\001a\300\000"), 0, "loop back to the name's own start"},
    {M("\000\001a\300\001"), 1, "loop through a label, not at 0"},
    {M("\001a\002bc\300\002"), 0, "pointer into the name itself"},
    {M("\300\002\300\000"), 2, "two pointers in a loop"},
    {M("\001a\300\000\300\002"), 4,
     "each pointer backwards from itself, still a loop"},
    {M("\003\001c\000\300\001"), 0,
     "pointer into the name's own label data (a naive check accepts it)"},
    {M("\100\000"), 0, "extended label type 0x40"},
    {M("\200\000"), 0, "reserved label type 0x80"},
    {M("\177"), 0, "0x7f is type 0x40"},
    {M("\002se\000\003www\300\000"), 5, "offset inside a label"},
};

START_TEST(test_dname_read_bad)
{
	struct th_dname d = sentinel(), want = sentinel();
	size_t next = 12345;
	int st = th_dname_read(&d, read_bad[_i].msg, read_bad[_i].msglen,
	                       read_bad[_i].offset, &next);

	ck_assert_msg(st == TH_EWIRE, "%s: %s", read_bad[_i].what,
	              th_errname(st));
	assert_same(&d, &want);
	ck_assert_uint_eq(next, 12345);
}
END_TEST

/* Labels 63, 63, 63 and last (61: 255 octets, 62: 256) in a message. */
static size_t
long_message(uint8_t *msg, size_t last)
{
	static const size_t lens[3] = {63, 63, 63};
	size_t n = 0;

	for (int k = 0; k < 3; k++) {
		msg[n++] = (uint8_t)lens[k];
		memset(msg + n, 'a', lens[k]);
		n += lens[k];
	}
	msg[n++] = (uint8_t)last;
	memset(msg + n, 'b', last);
	n += last;
	msg[n++] = 0;
	return n;
}

START_TEST(test_dname_read_max_length)
{
	uint8_t msg[300];
	struct th_dname d;
	size_t n, next;

	n = long_message(msg, 61);
	ck_assert_uint_eq(n, 255);
	ck_assert_int_eq(th_dname_read(&d, msg, n, 0, &next), 0);
	ck_assert_uint_eq(d.len, 255);
	ck_assert_mem_eq(d.wire, msg, 255);
	ck_assert_uint_eq(next, 255);

	n = long_message(msg, 62);
	ck_assert_uint_eq(n, 256);
	ck_assert_int_eq(th_dname_read(&d, msg, n, 0, &next), TH_EWIRE);
}
END_TEST

START_TEST(test_dname_read_long_through_pointer)
{
	/*
	 * At 0: 63.63.63 + root (193 octets as a name). At 193: a 61-octet
	 * label then a pointer to 0 gives 62 + 193 = 255 octets; a 62-octet
	 * label gives 256.
	 */
	uint8_t msg[400];
	struct th_dname d;
	size_t n = 0, start, next;

	for (int k = 0; k < 3; k++) {
		msg[n++] = 63;
		memset(msg + n, 'a', 63);
		n += 63;
	}
	msg[n++] = 0;
	ck_assert_uint_eq(n, 193);
	start = n;
	msg[n++] = 61;
	memset(msg + n, 'b', 61);
	n += 61;
	msg[n++] = 0xc0;
	msg[n++] = 0x00;
	ck_assert_int_eq(th_dname_read(&d, msg, n, start, &next), 0);
	ck_assert_uint_eq(d.len, 255);
	ck_assert_uint_eq(next, n);

	n = start;
	msg[n++] = 62;
	memset(msg + n, 'b', 62);
	n += 62;
	msg[n++] = 0xc0;
	msg[n++] = 0x00;
	ck_assert_int_eq(th_dname_read(&d, msg, n, start, &next), TH_EWIRE);
}
END_TEST

/*
 * A chain of pointers, each to the one before, ending at a root label at
 * offset 0: reading at 2k + 1 follows k + 1 pointers.
 */
START_TEST(test_dname_read_pointer_chain)
{
	uint8_t msg[1 + 2 * (TH_DNAME_MAXPTRS + 1)];
	struct th_dname d;
	size_t next;

	msg[0] = 0;
	for (size_t k = 0; k <= TH_DNAME_MAXPTRS; k++) {
		size_t at = 1 + 2 * k, target = k == 0 ? 0 : at - 2;

		msg[at] = (uint8_t)(0xc0 | target >> 8);
		msg[at + 1] = (uint8_t)target;
	}
	/* TH_DNAME_MAXPTRS hops: allowed. */
	ck_assert_int_eq(th_dname_read(&d, msg, sizeof(msg),
	                               1 + 2 * (TH_DNAME_MAXPTRS - 1), &next),
	                 0);
	ck_assert_uint_eq(d.len, 1);
	ck_assert_uint_eq(next, 1 + 2 * (TH_DNAME_MAXPTRS - 1) + 2);
	/* One more: refused. */
	ck_assert_int_eq(th_dname_read(&d, msg, sizeof(msg),
	                               1 + 2 * TH_DNAME_MAXPTRS, &next),
	                 TH_EWIRE);
}
END_TEST

static const struct {
	const uint8_t *wire;
	size_t len;
	int status;
	const uint8_t *want;
	size_t wlen;
	size_t used;
} from_wire_cases[] = {
    {M("\003www\000"), 0, W("\003www"), 5},
    {M("\002se\000trailing"), 0, W("\002se"), 4},
    {M("\000"), 0, W(""), 1},
    {M("\003www\300\000"), TH_EWIRE, NULL, 0, 0}, /* no pointers here */
    {M("\003www"), TH_EWIRE, NULL, 0, 0},
    {M(""), TH_EWIRE, NULL, 0, 0},
};

START_TEST(test_dname_from_wire)
{
	struct th_dname d = sentinel(), want = sentinel();
	size_t used = 777;
	int st = th_dname_from_wire(&d, from_wire_cases[_i].wire,
	                            from_wire_cases[_i].len, &used);

	ck_assert_int_eq(st, from_wire_cases[_i].status);
	if (st == 0) {
		want = name_wire(from_wire_cases[_i].want,
		                 from_wire_cases[_i].wlen);
		ck_assert_uint_eq(used, from_wire_cases[_i].used);
	} else {
		ck_assert_uint_eq(used, 777);
	}
	assert_same(&d, &want);
}
END_TEST

START_TEST(test_dname_cursor_read)
{
	/* "se." at 0, then a record: name www + pointer, type 1, class 1. */
	static const uint8_t msg[] = {2,   's',  'e', 0, 3, 'w', 'w',
	                              'w', 0xc0, 0,   0, 1, 0,   1};
	struct th_cursor c;
	struct th_dname d, want = name_of("www.se.");

	th_cursor_init(&c, msg, sizeof(msg));
	th_cursor_seek(&c, 4);
	ck_assert_int_eq(th_dname_cursor_read(&c, &d), 0);
	assert_same(&d, &want);
	ck_assert_uint_eq(th_cursor_pos(&c), 10);
	ck_assert_uint_eq(th_cursor_read_u16(&c), 1);
	ck_assert_uint_eq(th_cursor_read_u16(&c), 1);
	ck_assert_int_eq(c.err, 0);
	ck_assert_uint_eq(th_cursor_remaining(&c), 0);
}
END_TEST

START_TEST(test_dname_cursor_read_bad)
{
	/* A name that points forward, then a type field. */
	static const uint8_t msg[] = {0xc0, 4, 0, 1, 0};
	struct th_cursor c;
	struct th_dname d = sentinel(), root = name_of(".");

	th_cursor_init(&c, msg, sizeof(msg));
	ck_assert_int_eq(th_dname_cursor_read(&c, &d), TH_EWIRE);
	ck_assert_int_eq(c.err, TH_EWIRE);
	assert_same(&d, &root);
	ck_assert_uint_eq(th_cursor_pos(&c), 0);
	/* Sticky: the next reads give zeros, the next name the root. */
	ck_assert_uint_eq(th_cursor_read_u16(&c), 0);
	d = sentinel();
	ck_assert_int_eq(th_dname_cursor_read(&c, &d), TH_EWIRE);
	assert_same(&d, &root);
}
END_TEST

Suite *
suite_dname(void)
{
	Suite *s = suite_create("dname");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_dname_parse, 0, N_ELEMS(parse_ok));
	tcase_add_test(pos, test_dname_reason_names);
	tcase_add_loop_test(pos, test_dname_present, 0, N_ELEMS(present_cases));
	tcase_add_test(pos, test_dname_present_widest);
	tcase_add_loop_test(pos, test_dname_canonicalize, 0,
	                    N_ELEMS(lower_cases));
	tcase_add_loop_test(pos, test_dname_cmp_rfc4034, 0, RFC_N * RFC_N);
	tcase_add_test(pos, test_dname_sort_rfc4034);
	tcase_add_loop_test(pos, test_dname_cmp, 0, N_ELEMS(cmp_cases));
	tcase_add_loop_test(pos, test_dname_labels, 0, N_ELEMS(label_cases));
	tcase_add_loop_test(pos, test_dname_is_subdomain, 0,
	                    N_ELEMS(sub_cases));
	tcase_add_loop_test(pos, test_dname_parent, 0, N_ELEMS(parent_cases));
	tcase_add_test(pos, test_dname_hash);
	tcase_add_loop_test(pos, test_dname_read, 0, N_ELEMS(read_ok));
	tcase_add_test(pos, test_dname_read_max_length);
	tcase_add_test(pos, test_dname_read_long_through_pointer);
	tcase_add_test(pos, test_dname_read_pointer_chain);
	tcase_add_loop_test(pos, test_dname_from_wire, 0,
	                    N_ELEMS(from_wire_cases));
	tcase_add_test(pos, test_dname_cursor_read);

	tcase_add_loop_test(neg, test_dname_parse_bad, 0, N_ELEMS(parse_bad));
	tcase_add_test(neg, test_dname_present_small_buffer);
	tcase_add_test(neg, test_dname_parent_of_root);
	tcase_add_loop_test(neg, test_dname_read_bad, 0, N_ELEMS(read_bad));
	tcase_add_test(neg, test_dname_cursor_read_bad);

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
