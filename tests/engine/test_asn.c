/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_asn.c -- unit tests for engine/asn, the prefix-to-ASN table:
 * the text format and its errors, longest-prefix matches through nested
 * prefixes, repeated prefixes, both families, loading from a file, and a
 * random table checked against a linear scan.
 */
#include "common/err.h"
#include "engine/asn.h"
#include "tests/suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct th_asn_db *
load(const char *text)
{
	struct th_asn_db *db = NULL;
	char err[128] = "";

	ck_assert_msg(
	    th_asn_db_load_mem(&db, text, strlen(text), err, sizeof(err)) == 0,
	    "load: %s", err);
	ck_assert_ptr_nonnull(db);
	return db;
}

static struct th_addr
addr(const char *ip)
{
	struct th_addr a;

	ck_assert_msg(th_addr_parse(&a, ip, 53) == 0, "address %s", ip);
	return a;
}

/* "prefix asn,asn" of the lookup of ip, or "-" when nothing covers it. */
static void
lookup_str(const struct th_asn_db *db, const char *ip, char *out, size_t size)
{
	struct th_addr a = addr(ip);
	struct th_prefix p;
	uint32_t asns[8];
	char pfx[TH_ADDR_STRLEN];
	size_t n = th_asn_db_lookup(db, &a, &p, asns, 8), len;

	if (n == 0) {
		snprintf(out, size, "-");
		return;
	}
	ck_assert_int_eq(th_addr_ip_str(&p.addr, pfx, sizeof(pfx)), 0);
	len = (size_t)snprintf(out, size, "%s/%u ", pfx, (unsigned)p.len);
	for (size_t i = 0; i < n && i < 8 && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%u",
		                        i > 0 ? "," : "", (unsigned)asns[i]);
}

/* ---- good tables --------------------------------------------------------- */

struct lk {
	const char *ip, *want;
};

struct good_case {
	const char *name;
	const char *text;
	size_t size;
	struct lk lk[8];
};

#define NESTED                                                                 \
	"0.0.0.0/0 1\n"                                                        \
	"10.0.0.0/8 8\n"                                                       \
	"10.1.0.0/16 16\n"                                                     \
	"10.1.2.0/24 24\n"                                                     \
	"10.1.2.128/25 25\n"                                                   \
	"10.2.0.0/16 216\n"

static const struct good_case good[] = {
    {"one line",
     "192.0.2.0/24 64500\n",
     1,
     {{"192.0.2.1", "192.0.2.0/24 64500"},
      {"192.0.2.255", "192.0.2.0/24 64500"},
      {"192.0.3.0", "-"},
      {"192.0.1.255", "-"},
      {"2001:db8::1", "-"}}},
    {"nested prefixes, most specific wins",
     NESTED,
     6,
     {{"10.1.2.129", "10.1.2.128/25 25"},
      {"10.1.2.127", "10.1.2.0/24 24"},
      {"10.1.3.1", "10.1.0.0/16 16"},
      {"10.2.255.255", "10.2.0.0/16 216"},
      {"10.3.0.0", "10.0.0.0/8 8"},
      {"11.0.0.1", "0.0.0.0/0 1"},
      {"9.255.255.255", "0.0.0.0/0 1"},
      {"2001:db8::1", "-"}}},
    {"lines in any order",
     "10.1.2.128/25 25\n10.2.0.0/16 216\n10.0.0.0/8 8\n"
     "10.1.2.0/24 24\n0.0.0.0/0 1\n10.1.0.0/16 16\n",
     6,
     {{"10.1.2.129", "10.1.2.128/25 25"},
      {"10.1.3.1", "10.1.0.0/16 16"},
      {"10.3.0.0", "10.0.0.0/8 8"},
      {"11.0.0.1", "0.0.0.0/0 1"}}},
    {"AS sets sorted, repeated prefixes merged",
     "192.0.2.0/24 64502,64500,64502\n192.0.2.0/24 64501\n",
     1,
     {{"192.0.2.9", "192.0.2.0/24 64500,64501,64502"}}},
    {"comments, blanks, tabs, CRLF, host bits",
     "# a table\n\n   \n2001:db8::/32\t64510  # tail\r\n"
     "192.0.2.77/24 4294967295\n",
     2,
     {{"2001:db8:ffff::1", "2001:db8::/32 64510"},
      {"2001:db9::1", "-"},
      {"192.0.2.1", "192.0.2.0/24 4294967295"},
      {"192.0.2.77", "192.0.2.0/24 4294967295"}}},
    {"IPv6 default route does not cover IPv4",
     "::/0 7\n2001:db8::/32 8\n2001:db8:0:1::/64 9\n",
     3,
     {{"192.0.2.1", "-"},
      {"2001:db8:0:1::53", "2001:db8:0:1::/64 9"},
      {"2001:db8:0:2::53", "2001:db8::/32 8"},
      {"::1", "::/0 7"}}},
    {"host prefixes",
     "192.0.2.1 1\n192.0.2.1/32 2\n2001:db8::53/128 3\n",
     2,
     {{"192.0.2.1", "192.0.2.1/32 1,2"},
      {"192.0.2.2", "-"},
      {"2001:db8::53", "2001:db8::53/128 3"}}},
    {"empty table", "# nothing\n", 0, {{"192.0.2.1", "-"}}},
};

START_TEST(test_asn_good)
{
	const struct good_case *c = &good[_i];
	struct th_asn_db *db = load(c->text);
	char got[128];

	ck_assert_uint_eq(th_asn_db_size(db), c->size);
	for (int i = 0; i < N_ELEMS(c->lk) && c->lk[i].ip != NULL; i++) {
		lookup_str(db, c->lk[i].ip, got, sizeof(got));
		ck_assert_msg(strcmp(got, c->lk[i].want) == 0,
		              "%s: %s gives \"%s\", not \"%s\"", c->name,
		              c->lk[i].ip, got, c->lk[i].want);
	}
	th_asn_db_free(db);
}
END_TEST

/* ---- bad tables ---------------------------------------------------------- */

struct bad_case {
	const char *text;
	const char *err;
};

static const struct bad_case bad[] = {
    {"192.0.2.0/33 1\n", "line 1: bad prefix"},
    {"192.0.2.0/24\n", "line 1: missing AS number"},
    {"192.0.2.0/24 AS64500\n", "line 1: bad AS number"},
    {"192.0.2.0/24 4294967296\n", "line 1: bad AS number"},
    {"192.0.2.0/24 99999999999999\n", "line 1: bad AS number"},
    {"192.0.2.0/24 1,,2\n", "line 1: bad AS number"},
    {"192.0.2.0/24 1,\n", "line 1: bad AS number"},
    {"192.0.2.0/24 -1\n", "line 1: bad AS number"},
    {"192.0.2.0/24 1 2\n", "line 1: unexpected text after the AS numbers"},
    {"\n# ok\n300.0.0.0/8 1\n", "line 3: bad prefix"},
    {"192.0.2.0/24 1\nexample.se 2\n", "line 2: bad prefix"},
    {"192.0.2.0/24 1\n2001:db8::/129 2", "line 2: bad prefix"},
};

START_TEST(test_asn_bad)
{
	const struct bad_case *c = &bad[_i];
	struct th_asn_db *db = (struct th_asn_db *)&db; /* must be reset */
	char err[128] = "";

	ck_assert_int_eq(
	    th_asn_db_load_mem(&db, c->text, strlen(c->text), err, sizeof(err)),
	    TH_ESYNTAX);
	ck_assert_ptr_null(db);
	ck_assert_str_eq(err, c->err);
}
END_TEST

/* A line with too many AS numbers. */
START_TEST(test_asn_too_many)
{
	size_t cap = 16 + (TH_ASN_MAXLINE + 1) * 6;
	char *text = malloc(cap), err[128] = "";
	size_t len = (size_t)snprintf(text, cap, "192.0.2.0/24 ");
	struct th_asn_db *db = NULL;
	uint32_t asns[4];
	struct th_addr a = addr("192.0.2.1");

	ck_assert_ptr_nonnull(text);
	for (unsigned i = 0; i < TH_ASN_MAXLINE; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s%u",
		                        i > 0 ? "," : "", i + 1);
	/* At the limit the line loads, and lookups cut to max. */
	ck_assert_int_eq(th_asn_db_load_mem(&db, text, len, err, sizeof(err)),
	                 0);
	ck_assert_uint_eq(th_asn_db_lookup(db, &a, NULL, asns, 4),
	                  TH_ASN_MAXLINE);
	ck_assert_uint_eq(asns[0], 1);
	ck_assert_uint_eq(asns[3], 4);
	th_asn_db_free(db);
	len += (size_t)snprintf(text + len, cap - len, ",99999");
	ck_assert_int_eq(th_asn_db_load_mem(&db, text, len, err, sizeof(err)),
	                 TH_ESYNTAX);
	ck_assert_str_eq(err, "line 1: too many AS numbers");
	free(text);
}
END_TEST

/* ---- files --------------------------------------------------------------- */

START_TEST(test_asn_file)
{
	char path[] = "/tmp/test_asn.XXXXXX", err[256] = "", got[128];
	int fd = mkstemp(path);
	FILE *f;
	struct th_asn_db *db = NULL;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("# from pfx2as\n198.51.100.0/24 64501\n203.0.113.0/24 64502\n"
	      "2001:db8::/32 64510,64511",
	      f); /* no final newline */
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(th_asn_db_load(&db, path, err, sizeof(err)), 0);
	ck_assert_uint_eq(th_asn_db_size(db), 3);
	lookup_str(db, "2001:db8::1", got, sizeof(got));
	ck_assert_str_eq(got, "2001:db8::/32 64510,64511");
	lookup_str(db, "198.51.100.7", got, sizeof(got));
	ck_assert_str_eq(got, "198.51.100.0/24 64501");
	th_asn_db_free(db);

	/* Errors name the file and the line. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("198.51.100.0/24 64501\n198.51.100.0/24 x\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(th_asn_db_load(&db, path, err, sizeof(err)),
	                 TH_ESYNTAX);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(err, ":2: bad AS number"));
	ck_assert_int_eq(strncmp(err, path, strlen(path)), 0);
	ck_assert_int_eq(unlink(path), 0);

	ck_assert_int_eq(th_asn_db_load(&db, path, err, sizeof(err)), TH_EIO);
	ck_assert_ptr_null(db);
	ck_assert_ptr_nonnull(strstr(err, path));

	/* NULL tables are empty. */
	ck_assert_uint_eq(th_asn_db_size(NULL), 0);
	ck_assert_uint_eq(
	    th_asn_db_lookup(NULL, &(struct th_addr){0}, NULL, NULL, 0), 0);
	th_asn_db_free(NULL);
}
END_TEST

/* ---- a random table against a linear scan -------------------------------- */

/* xorshift64: reproducible, no global state. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct pfx {
	struct th_prefix p;
	uint32_t asn;
};

/* A random prefix near a few bases, so that many nest and overlap. */
static void
random_prefix(uint64_t *s, struct pfx *out, uint32_t asn)
{
	static const char *const bases[] = {"10.0.0.0", "192.0.2.0",
	                                    "2001:db8::", "2001:db8:40::"};
	uint64_t r = next(s);
	struct th_addr a = addr(bases[r % 4]);
	unsigned max = a.family == TH_AF_INET ? 32 : 128;
	unsigned len = (unsigned)(r >> 8) % (max + 1);

	/* Random bits after the first 8 of the base, then cleared. */
	for (unsigned b = 8; b < (a.family == TH_AF_INET ? 32u : 64u); b++)
		if (next(s) & 1)
			a.ip[b / 8] ^= (uint8_t)(0x80u >> (b % 8));
	for (unsigned b = len; b < max; b++)
		a.ip[b / 8] &= (uint8_t) ~(0x80u >> (b % 8));
	memset(out, 0, sizeof(*out));
	out->p.addr = a;
	out->p.addr.port = 0;
	out->p.len = (uint8_t)len;
	out->asn = asn;
}

START_TEST(test_asn_random)
{
	enum { NPFX = 3000, NLOOKUP = 3000 };
	struct pfx *v = calloc(NPFX, sizeof(*v));
	char *text = malloc((size_t)NPFX * 80);
	size_t len = 0;
	uint64_t s = 0x9e3779b97f4a7c15ull;
	struct th_asn_db *db;
	char err[128];

	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_nonnull(text);
	for (unsigned i = 0; i < NPFX; i++) {
		char ip[TH_ADDR_STRLEN];

		/* Every prefix gets its own AS, so a repeat merges two. */
		random_prefix(&s, &v[i], i + 1);
		ck_assert_int_eq(th_addr_ip_str(&v[i].p.addr, ip, sizeof(ip)),
		                 0);
		len += (size_t)snprintf(text + len, 80, "%s/%u %u\n", ip,
		                        (unsigned)v[i].p.len, v[i].asn);
	}
	ck_assert_int_eq(th_asn_db_load_mem(&db, text, len, err, sizeof(err)),
	                 0);
	for (unsigned k = 0; k < NLOOKUP; k++) {
		struct pfx q;
		struct th_prefix got;
		uint32_t asns[4];
		size_t n, best = NPFX;

		/* An address inside some prefix, or anywhere near the bases. */
		random_prefix(&s, &q, 0);
		for (unsigned b = 0; b < 128; b++)
			if (next(&s) & 1)
				q.p.addr.ip[b / 8] ^=
				    (uint8_t)(0x80u >> (b % 8));
		if (q.p.addr.family == TH_AF_INET)
			memset(q.p.addr.ip + 4, 0, 12);
		if (k % 2 == 0) {
			const struct pfx *in = &v[next(&s) % NPFX];
			unsigned max =
			    in->p.addr.family == TH_AF_INET ? 32 : 128;

			q.p.addr.family = in->p.addr.family;
			for (unsigned b = 0; b < max; b++) {
				uint8_t bit = (uint8_t)(0x80u >> (b % 8));

				if (b < in->p.len)
					q.p.addr.ip[b / 8] =
					    (uint8_t)((q.p.addr.ip[b / 8] &
					               ~bit) |
					              (in->p.addr.ip[b / 8] &
					               bit));
			}
			if (q.p.addr.family == TH_AF_INET)
				memset(q.p.addr.ip + 4, 0, 12);
		}
		for (unsigned i = 0; i < NPFX; i++)
			if (th_prefix_contains(&v[i].p, &q.p.addr) &&
			    (best == NPFX || v[i].p.len > v[best].p.len))
				best = i;
		n = th_asn_db_lookup(db, &q.p.addr, &got, asns, 4);
		if (best == NPFX) {
			ck_assert_uint_eq(n, 0);
			continue;
		}
		ck_assert_uint_ge(n, 1);
		ck_assert_uint_eq(got.len, v[best].p.len);
		ck_assert(th_addr_equal(&got.addr, &v[best].p.addr));
		/* The AS of best is among those merged into the prefix. */
		for (size_t i = 0; i < n && i < 4; i++)
			if (asns[i] == v[best].asn)
				n = 0;
		ck_assert_msg(n == 0 || n > 4, "AS %u missing",
		              (unsigned)v[best].asn);
	}
	th_asn_db_free(db);
	free(text);
	free(v);
}
END_TEST

Suite *
suite_asn(void)
{
	Suite *s = suite_create("asn");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_asn_good, 0, N_ELEMS(good));
	tcase_add_test(pos, test_asn_file);
	tcase_add_test(pos, test_asn_random);
	tcase_add_loop_test(neg, test_asn_bad, 0, N_ELEMS(bad));
	tcase_add_test(neg, test_asn_too_many);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
