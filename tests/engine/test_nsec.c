/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_nsec.c -- unit tests for engine/nsec: the NSEC3 hashes of RFC 5155
 * appendix A, base32hex (RFC 4648 section 10 vectors), type bitmaps, NSEC,
 * NSEC3 and NSEC3PARAM RDATA, coverage in canonical order with the
 * wrap-around at the end of a chain, and the NSEC and NSEC3 chains the
 * real signers wrote (tests/data/dnssec): every name of the zone matched,
 * names that do not exist covered by exactly one record.
 */
#include "common/err.h"
#include "engine/nsec.h"
#include "tests/suites.h"
#include "tests/support/zonefix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct th_dname
name(const char *text)
{
	struct th_dname n;

	ck_assert_msg(th_dname_parse(&n, text, strlen(text), NULL, NULL) == 0,
	              "bad name %s", text);
	return n;
}

static size_t
unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = strlen(hex) / 2;

	ck_assert_uint_le(n, cap);
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

/* Copy to an exact-size heap block, so sanitizers see overreads. */
static uint8_t *
exact(const uint8_t *p, size_t n)
{
	uint8_t *q = malloc(n > 0 ? n : 1);

	ck_assert_ptr_nonnull(q);
	if (n > 0)
		memcpy(q, p, n);
	return q;
}

/* ---- NSEC3 hashing: RFC 5155 appendix A (salt aabbccdd, 12 iterations) */

static const struct {
	const char *name, *hash;
} rfc5155[] = {
    {"example", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"},
    {"a.example", "35mthgpgcu1qg68fab165klnsnk3dpvl"},
    {"ai.example", "gjeqe526plbf1g8mklp59enfd789njgi"},
    {"ns1.example", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"},
    {"ns2.example", "q04jkcevqvmu85r014c7dkba38o0ji5r"},
    {"w.example", "k8udemvp1j2f7eg6jebps17vp3n8i58h"},
    {"*.w.example", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"},
    {"x.w.example", "b4um86eghhds6nea196smvmlo4ors995"},
    {"y.w.example", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"},
    {"x.y.w.example", "2vptu5timamqttgl4luu9kg21e0aor3s"},
    {"xx.example", "t644ebqk9bibcna874givr6joj62mlhv"},
    /* Case does not matter: the name is hashed in canonical form. */
    {"X.W.Example", "b4um86eghhds6nea196smvmlo4ors995"},
    {"AI.EXAMPLE", "gjeqe526plbf1g8mklp59enfd789njgi"},
};

START_TEST(hash_rfc5155)
{
	static const uint8_t salt[] = {0xaa, 0xbb, 0xcc, 0xdd};
	struct th_dname n = name(rfc5155[_i].name), zone = name("example"),
	                owner, want;
	uint8_t h[TH_NSEC_HASHLEN], back[TH_NSEC_HASHLEN];
	char text[TH_NSEC_B32LEN + 1];
	size_t blen = 0;

	ck_assert_int_eq(th_nsec_hash(&n, TH_NSEC_SHA1, 12, salt, 4, h), 0);
	ck_assert_uint_eq(th_nsec_b32hex(h, sizeof(h), text, sizeof(text)),
	                  TH_NSEC_B32LEN);
	ck_assert_str_eq(text, rfc5155[_i].hash);
	/* The NSEC3 owner name, and the hash read back out of it. */
	ck_assert_int_eq(th_nsec_hash_name(h, sizeof(h), &zone, &owner), 0);
	want = name(rfc5155[_i].hash);
	ck_assert_uint_eq(owner.len, want.len + zone.len - 1);
	ck_assert_mem_eq(owner.wire, want.wire, want.len - 1);
	ck_assert(th_dname_is_subdomain(&owner, &zone));
	ck_assert_int_eq(th_nsec_owner_hash(&owner, back, sizeof(back), &blen),
	                 0);
	ck_assert_uint_eq(blen, TH_NSEC_HASHLEN);
	ck_assert_mem_eq(back, h, TH_NSEC_HASHLEN);
}
END_TEST

START_TEST(hash_params)
{
	struct th_dname n = name("example");
	uint8_t a[TH_NSEC_HASHLEN], b[TH_NSEC_HASHLEN];
	static const uint8_t salt[] = {0xaa, 0xbb, 0xcc, 0xdd};

	/* Iterations and salt both change the hash. */
	ck_assert_int_eq(th_nsec_hash(&n, 1, 12, salt, 4, a), 0);
	ck_assert_int_eq(th_nsec_hash(&n, 1, 11, salt, 4, b), 0);
	ck_assert_mem_ne(a, b, sizeof(a));
	ck_assert_int_eq(th_nsec_hash(&n, 1, 12, salt, 3, b), 0);
	ck_assert_mem_ne(a, b, sizeof(a));
	ck_assert_int_eq(th_nsec_hash(&n, 1, 0, NULL, 0, b), 0);
	ck_assert_mem_ne(a, b, sizeof(a));
	/* Only SHA-1 is defined. */
	ck_assert_int_eq(th_nsec_hash(&n, 0, 12, salt, 4, b), TH_EINVAL);
	ck_assert_int_eq(th_nsec_hash(&n, 2, 12, salt, 4, b), TH_EINVAL);
}
END_TEST

/* ---- base32hex: RFC 4648 section 10, lower case, no padding ------------ */

static const struct {
	const char *raw, *b32;
} b32_cases[] = {
    {"", ""},
    {"f", "co"},
    {"fo", "cpng"},
    {"foo", "cpnmu"},
    {"foob", "cpnmuog"},
    {"fooba", "cpnmuoj1"},
    {"foobar", "cpnmuoj1e8"},
};

START_TEST(b32_vectors)
{
	const char *raw = b32_cases[_i].raw, *b32 = b32_cases[_i].b32;
	char text[32], upper[32];
	uint8_t back[16];
	size_t n = 99;

	ck_assert_uint_eq(th_nsec_b32hex((const uint8_t *)raw, strlen(raw),
	                                 text, sizeof(text)),
	                  strlen(b32));
	ck_assert_str_eq(text, b32);
	ck_assert_int_eq(
	    th_nsec_b32hex_decode(b32, strlen(b32), back, sizeof(back), &n), 0);
	ck_assert_uint_eq(n, strlen(raw));
	ck_assert_mem_eq(back, raw, n);
	for (size_t i = 0; i <= strlen(b32); i++)
		upper[i] = (b32[i] >= 'a' && b32[i] <= 'z')
		               ? (char)(b32[i] - 'a' + 'A')
		               : b32[i];
	ck_assert_int_eq(
	    th_nsec_b32hex_decode(upper, strlen(upper), back, sizeof(back), &n),
	    0);
	ck_assert_mem_eq(back, raw, n);
	/* Too small an output: nothing, and "" written. */
	if (strlen(b32) > 0) {
		ck_assert_uint_eq(th_nsec_b32hex((const uint8_t *)raw,
		                                 strlen(raw), text,
		                                 strlen(b32)),
		                  0);
		ck_assert_str_eq(text, "");
	}
}
END_TEST

static const struct {
	const char *text;
	size_t cap;
	int rc;
	const char *msg;
} b32_bad[] = {
    {"cw", 8, TH_EWIRE, "w is outside the alphabet"},
    {"c=", 8, TH_EWIRE, "padding is not accepted"},
    {"c", 8, TH_EWIRE, "1 character is no encoding"},
    {"cpn", 8, TH_EWIRE, "3 characters are no encoding"},
    {"cpnmuo", 8, TH_EWIRE, "6 characters are no encoding"},
    {"cp", 8, TH_EWIRE, "trailing bits not zero"},
    {"cpnmuoh", 8, TH_EWIRE, "trailing bits not zero (4 octets)"},
    {"cpnmuoj1", 4, TH_ETOOBIG, "output too small"},
};

START_TEST(b32_negative)
{
	uint8_t out[8];
	size_t n;

	ck_assert_msg(
	    th_nsec_b32hex_decode(b32_bad[_i].text, strlen(b32_bad[_i].text),
	                          out, b32_bad[_i].cap, &n) == b32_bad[_i].rc,
	    "%s", b32_bad[_i].msg);
}
END_TEST

START_TEST(owner_hash_negative)
{
	struct th_dname root = name("."), notb32 = name("www.example"),
	                zone = name("example"), out;
	uint8_t h[TH_NSEC_HASHLEN], big[40] = {0};
	size_t n;

	ck_assert_int_eq(th_nsec_owner_hash(&root, h, sizeof(h), &n), TH_EWIRE);
	ck_assert_int_eq(th_nsec_owner_hash(&notb32, h, sizeof(h), &n),
	                 TH_EWIRE);
	/* 40 octets are 64 characters: no label holds them. */
	ck_assert_int_eq(th_nsec_hash_name(big, sizeof(big), &zone, &out),
	                 TH_ETOOBIG);
}
END_TEST

/* ---- type bitmaps ------------------------------------------------------- */

static const struct {
	const char *hex;
	int rc;
	const char *msg;
} bitmap_cases[] = {
    {"", 0, "empty"},
    {"000162", 0, "A NS SOA MX-less window 0"},
    {"0006400000000003", 0, "A RRSIG NSEC (RFC 4034 4.3)"},
    {"000140010140", 0, "two windows: A, CAA"},
    {"0020"
     "0102030405060708090a0b0c0d0e0f10"
     "1112131415161718191a1b1c1d1e1f20",
     0, "32 octets"},
    {"00", TH_EWIRE, "window without length"},
    {"0000", TH_EWIRE, "length 0"},
    {"0021"
     "0102030405060708090a0b0c0d0e0f10"
     "1112131415161718191a1b1c1d1e1f2021",
     TH_EWIRE, "33 octets"},
    {"000240", TH_EWIRE, "length past the end"},
    {"00024000", TH_EWIRE, "trailing zero octet"},
    {"010140000140", TH_EWIRE, "windows out of order"},
    {"000140000140", TH_EWIRE, "window repeated"},
    {"00014000", TH_EWIRE, "stray octet after a window"},
};

START_TEST(bitmap_check)
{
	uint8_t buf[80];
	size_t n = unhex(bitmap_cases[_i].hex, buf, sizeof(buf));
	uint8_t *p = exact(buf, n);

	ck_assert_msg(th_nsec_bitmap_check(p, n) == bitmap_cases[_i].rc, "%s",
	              bitmap_cases[_i].msg);
	free(p);
}
END_TEST

START_TEST(bitmap_has)
{
	/* RFC 4034 4.3: A MX RRSIG NSEC TYPE1234. */
	uint8_t buf[64];
	size_t n = unhex("0006400100000003041b000000000000000000000000000000"
	                 "000000000000000000000020",
	                 buf, sizeof(buf));
	uint8_t *p = exact(buf, n);
	static const uint16_t yes[] = {1, 15, 46, 47, 1234};
	static const uint16_t no[] = {0,  2,   6,   14,   16,   45,
	                              48, 255, 256, 1233, 1235, 65535};

	ck_assert_int_eq(th_nsec_bitmap_check(p, n), 0);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(th_nsec_bitmap_has(p, n, yes[i]), "type %u",
		              yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!th_nsec_bitmap_has(p, n, no[i]), "type %u",
		              no[i]);
	/* Cut short: only what is inside the bounds counts, no overread. */
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *q = exact(buf, cut);

		(void)th_nsec_bitmap_has(q, cut, 1234);
		ck_assert(!th_nsec_bitmap_has(q, cut, 1234));
		free(q);
	}
	free(p);
}
END_TEST

/* ---- RDATA -------------------------------------------------------------- */

START_TEST(parse_nsec)
{
	/* host.example.com. A MX RRSIG NSEC TYPE1234 (RFC 4034 4.3). */
	uint8_t buf[80];
	size_t n = unhex("04686f7374076578616d706c6503636f6d00"
	                 "0006400100000003041b000000000000000000000000000000"
	                 "000000000000000000000020",
	                 buf, sizeof(buf));
	struct th_dname want = name("host.example.com");
	struct th_nsec nsec;
	uint8_t *p = exact(buf, n);

	ck_assert_int_eq(th_nsec_parse(p, n, &nsec), 0);
	ck_assert(th_dname_equal(&nsec.next, &want));
	ck_assert_uint_eq(nsec.bitmap_len, n - 18);
	ck_assert(th_nsec_bitmap_has(nsec.bitmap, nsec.bitmap_len, 1234));
	free(p);
	/* Every cut inside the name or the bitmap is malformed. */
	for (size_t cut = 0; cut < n; cut++) {
		/* The name alone (an empty bitmap) and the name with its
		 * first window are well-formed. */
		if (cut == 18 || cut == 26)
			continue;
		p = exact(buf, cut);
		ck_assert_msg(th_nsec_parse(p, cut, &nsec) == TH_EWIRE,
		              "cut at %zu", cut);
		free(p);
	}
	/* A compression pointer is not allowed in NSEC RDATA. */
	p = exact((const uint8_t *)"\xc0\x0c\x00\x01\x40", 5);
	ck_assert_int_eq(th_nsec_parse(p, 5, &nsec), TH_EWIRE);
	free(p);
}
END_TEST

/* RFC 5155 appendix B.1: 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3
 * 1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA
 * NSEC3PARAM RRSIG. */
static const char nsec3_hex[] = "0101000c04aabbccdd14"
                                "174eb2409fe28bcb4887a1836f957f0a8425e27b"
                                "000722010000000290";

START_TEST(parse_nsec3)
{
	uint8_t buf[80];
	size_t n = unhex(nsec3_hex, buf, sizeof(buf));
	uint8_t *p = exact(buf, n);
	char text[TH_NSEC_B32LEN + 1];
	struct th_nsec3 r;

	ck_assert_int_eq(th_nsec_parse3(p, n, &r), 0);
	ck_assert_uint_eq(r.algorithm, 1);
	ck_assert_uint_eq(r.flags & TH_NSEC_OPTOUT, 1);
	ck_assert_uint_eq(r.iterations, 12);
	ck_assert_uint_eq(r.salt_len, 4);
	ck_assert_mem_eq(r.salt, "\xaa\xbb\xcc\xdd", 4);
	ck_assert_uint_eq(r.next_len, 20);
	th_nsec_b32hex(r.next, r.next_len, text, sizeof(text));
	ck_assert_str_eq(text, "2t7b4g4vsa5smi47k61mv5bv1a22bojr");
	ck_assert(th_nsec_bitmap_has(r.bitmap, r.bitmap_len, 15));
	ck_assert(th_nsec_bitmap_has(r.bitmap, r.bitmap_len, 51));
	ck_assert(!th_nsec_bitmap_has(r.bitmap, r.bitmap_len, 1));
	free(p);
	for (size_t cut = 0; cut < n; cut++) {
		if (cut == 30)
			continue; /* hash alone: an empty bitmap is allowed */
		p = exact(buf, cut);
		ck_assert_msg(th_nsec_parse3(p, cut, &r) == TH_EWIRE,
		              "cut at %zu", cut);
		free(p);
	}
	/* A hash length of zero. */
	p = exact((const uint8_t *)"\x01\x00\x00\x00\x00\x00", 6);
	ck_assert_int_eq(th_nsec_parse3(p, 6, &r), TH_EWIRE);
	free(p);
}
END_TEST

START_TEST(parse_nsec3param)
{
	uint8_t buf[16];
	size_t n = unhex("0100000c04aabbccdd", buf, sizeof(buf));
	uint8_t *p = exact(buf, n);
	struct th_nsec3param r;

	ck_assert_int_eq(th_nsec_parse3param(p, n, &r), 0);
	ck_assert_uint_eq(r.algorithm, 1);
	ck_assert_uint_eq(r.flags, 0);
	ck_assert_uint_eq(r.iterations, 12);
	ck_assert_uint_eq(r.salt_len, 4);
	free(p);
	for (size_t cut = 0; cut < n; cut++) {
		p = exact(buf, cut);
		ck_assert_msg(th_nsec_parse3param(p, cut, &r) == TH_EWIRE,
		              "cut at %zu", cut);
		free(p);
	}
	buf[n] = 0;
	p = exact(buf, n + 1);
	ck_assert_int_eq(th_nsec_parse3param(p, n + 1, &r), TH_EWIRE);
	free(p);
	/* No salt. */
	p = exact((const uint8_t *)"\x01\x00\x00\x00\x00", 5);
	ck_assert_int_eq(th_nsec_parse3param(p, 5, &r), 0);
	ck_assert_uint_eq(r.salt_len, 0);
	free(p);
}
END_TEST

/* ---- coverage ----------------------------------------------------------- */

static const struct {
	const char *owner, *next, *name;
	bool covered;
} cover_cases[] = {
    {"a.example", "d.example", "b.example", true},
    {"a.example", "d.example", "b.a.example", true},
    {"a.example", "d.example", "zz.c.example", true},
    {"a.example", "d.example", "a.example", false},
    {"a.example", "d.example", "d.example", false},
    {"a.example", "d.example", "e.example", false},
    {"a.example", "d.example", "example", false},
    {"a.example", "d.example", "B.EXAMPLE", true},
    {"A.Example", "D.EXAMPLE", "b.example", true},
    /* The last NSEC points back to the apex: it covers what follows. */
    {"z.example", "example", "zz.example", true},
    {"z.example", "example", "a.z.example", true},
    {"z.example", "example", "y.example", false},
    {"z.example", "example", "z.example", false},
    {"z.example", "example", "example", false},
    /* A chain of one record covers every other name. */
    {"example", "example", "a.example", true},
    {"example", "example", "example", false},
    /* Canonical order, not text order: "b" < "a.b" < "aa.b" ... */
    {"b.example", "aa.b.example", "a.b.example", true},
    {"b.example", "a.b.example", "aa.b.example", false},
    {"example", "-.example", "\\000.example", true},
};

START_TEST(covers_name)
{
	struct th_dname o = name(cover_cases[_i].owner),
	                x = name(cover_cases[_i].next),
	                n = name(cover_cases[_i].name);

	ck_assert_msg(th_nsec_covers(&o, &x, &n) == cover_cases[_i].covered,
	              "%s -> %s covers %s", cover_cases[_i].owner,
	              cover_cases[_i].next, cover_cases[_i].name);
}
END_TEST

static const struct {
	const char *owner, *next, *hash;
	bool covered;
} hcover_cases[] = {
    {"10", "30", "20", true},       {"10", "30", "10", false},
    {"10", "30", "30", false},      {"10", "30", "05", false},
    {"10", "30", "40", false},      {"f0", "10", "f8", true},
    {"f0", "10", "05", true},       {"f0", "10", "00", true},
    {"f0", "10", "ff", true},       {"f0", "10", "80", false},
    {"f0", "10", "10", false},      {"f0", "10", "f0", false},
    {"10", "10", "20", true},       {"10", "10", "10", false},
    {"1000", "3000", "2fff", true}, {"1000", "3000", "10", false},
};

START_TEST(covers_hash)
{
	uint8_t o[8], x[8], h[8];
	size_t on = unhex(hcover_cases[_i].owner, o, sizeof(o)),
	       xn = unhex(hcover_cases[_i].next, x, sizeof(x)),
	       hn = unhex(hcover_cases[_i].hash, h, sizeof(h));

	ck_assert_msg(th_nsec_covers_hash(o, on, x, xn, h, hn) ==
	                  hcover_cases[_i].covered,
	              "%s -> %s covers %s", hcover_cases[_i].owner,
	              hcover_cases[_i].next, hcover_cases[_i].hash);
}
END_TEST

/* ---- the chains the signers wrote --------------------------------------- */

/* Names of zone.in that have NSEC or NSEC3 records (not glue below sub),
 * with the empty non-terminals NSEC3 also hashes. */
static const char *const zone_names[] = {
    "dnssec.test.",           "ns1.dnssec.test.",    "ns2.dnssec.test.",
    "mail.dnssec.test.",      "mail2.dnssec.test.",  "www.dnssec.test.",
    "alias.dnssec.test.",     "*.wild.dnssec.test.", "_sip._tcp.dnssec.test.",
    "sipserver.dnssec.test.", "sub.dnssec.test.",    "ptr.dnssec.test.",
    "rp.dnssec.test.",        "info.dnssec.test.",
};
static const char *const zone_ents[] = {"wild.dnssec.test.",
                                        "_tcp.dnssec.test."};
static const char *const absent[] = {
    "a.dnssec.test.",     "nonexistent.dnssec.test.", "zzzz.dnssec.test.",
    "x.www.dnssec.test.", "b.wild.dnssec.test.",      "_udp.dnssec.test.",
    "\\000.dnssec.test.", "~.dnssec.test.",
};

static void
check_nsec_chain(const struct zonefix *z)
{
	struct th_dsig_rr v[64];
	size_t nsecs = 0;

	for (size_t i = 0; i < z->n; i++) {
		const struct zonefix_rr *r = &z->rr[i];
		struct th_nsec nsec;

		if (r->type != 47)
			continue;
		nsecs++;
		ck_assert_int_eq(th_nsec_parse(r->rdata, r->rdlen, &nsec), 0);
		/* The bitmap lists exactly the types at the owner (the
		 * fixture has no type above 255). */
		for (unsigned t = 1; t < 256; t++) {
			bool present = t == 46 || t == 47 ||
			               zonefix_find(z, &r->owner, (uint16_t)t,
			                            0, v, 64) > 0;

			ck_assert_msg(
			    th_nsec_bitmap_has(nsec.bitmap, nsec.bitmap_len,
			                       (uint16_t)t) == present,
			    "type %u", t);
		}
	}
	ck_assert_uint_eq(nsecs, N_ELEMS(zone_names));
	for (int k = 0; k < N_ELEMS(zone_names) + N_ELEMS(absent); k++) {
		bool exists = k < N_ELEMS(zone_names);
		struct th_dname n = name(
		    exists ? zone_names[k] : absent[k - N_ELEMS(zone_names)]);
		size_t covering = 0, matching = 0;

		for (size_t i = 0; i < z->n; i++) {
			struct th_nsec nsec;

			if (z->rr[i].type != 47)
				continue;
			ck_assert_int_eq(th_nsec_parse(z->rr[i].rdata,
			                               z->rr[i].rdlen, &nsec),
			                 0);
			covering +=
			    th_nsec_covers(&z->rr[i].owner, &nsec.next, &n);
			matching += th_dname_equal(&z->rr[i].owner, &n);
		}
		ck_assert_msg(covering == (exists ? 0u : 1u) &&
		                  matching == (exists ? 1u : 0u),
		              "name %d: %zu covering, %zu matching", k,
		              covering, matching);
	}
}

static void
check_nsec3_chain(const struct zonefix *z, const struct zonefix_set *set)
{
	uint8_t salt[32], h[TH_NSEC_HASHLEN], oh[64];
	size_t saltlen = unhex(set->salt, salt, sizeof(salt)), nsec3s = 0, ol;
	struct th_dname apex = name(ZONEFIX_ORIGIN);
	struct th_dsig_rr pv[2];
	struct th_nsec3param param;
	int total = N_ELEMS(zone_names) + N_ELEMS(zone_ents) + N_ELEMS(absent);

	ck_assert_uint_eq(zonefix_find(z, &apex, 51, 0, pv, 2), 1);
	ck_assert_int_eq(th_nsec_parse3param(pv[0].rdata, pv[0].rdlen, &param),
	                 0);
	ck_assert_uint_eq(param.algorithm, 1);
	ck_assert_uint_eq(param.iterations, set->iterations);
	ck_assert_uint_eq(param.salt_len, saltlen);
	ck_assert_mem_eq(param.salt, salt, saltlen);
	for (size_t i = 0; i < z->n; i++)
		nsec3s += z->rr[i].type == 50;
	ck_assert_uint_eq(nsec3s, N_ELEMS(zone_names) + N_ELEMS(zone_ents));
	for (int k = 0; k < total; k++) {
		bool exists = k < N_ELEMS(zone_names) + N_ELEMS(zone_ents);
		const char *text =
		    k < N_ELEMS(zone_names) ? zone_names[k]
		    : exists
		        ? zone_ents[k - N_ELEMS(zone_names)]
		        : absent[k - N_ELEMS(zone_names) - N_ELEMS(zone_ents)];
		struct th_dname n = name(text), hname;
		size_t covering = 0, matching = 0;

		ck_assert_int_eq(
		    th_nsec_hash(&n, 1, set->iterations, salt, saltlen, h), 0);
		ck_assert_int_eq(th_nsec_hash_name(h, sizeof(h), &apex, &hname),
		                 0);
		for (size_t i = 0; i < z->n; i++) {
			const struct zonefix_rr *r = &z->rr[i];
			struct th_nsec3 n3;

			if (r->type != 50)
				continue;
			ck_assert_int_eq(
			    th_nsec_parse3(r->rdata, r->rdlen, &n3), 0);
			ck_assert_int_eq(
			    th_nsec_owner_hash(&r->owner, oh, sizeof(oh), &ol),
			    0);
			ck_assert_uint_eq(ol, TH_NSEC_HASHLEN);
			covering += th_nsec_covers_hash(
			    oh, ol, n3.next, n3.next_len, h, sizeof(h));
			if (memcmp(oh, h, sizeof(h)) == 0) {
				matching++;
				ck_assert(th_dname_equal(&r->owner, &hname));
				/* The apex record lists the apex types. */
				if (k == 0) {
					ck_assert(th_nsec_bitmap_has(
					    n3.bitmap, n3.bitmap_len, 6));
					ck_assert(th_nsec_bitmap_has(
					    n3.bitmap, n3.bitmap_len, 51));
					ck_assert(!th_nsec_bitmap_has(
					    n3.bitmap, n3.bitmap_len, 47));
				}
			}
		}
		ck_assert_msg(covering == (exists ? 0u : 1u) &&
		                  matching == (exists ? 1u : 0u),
		              "%s: %zu covering, %zu matching", text, covering,
		              matching);
	}
}

START_TEST(fixture_chains)
{
	const struct zonefix_set *set = &zonefix_sets[_i];
	struct zonefix_loaded l;

	ck_assert_int_eq(zonefix_set_load(set, &l), 0);
	if (set->salt == NULL)
		check_nsec_chain(&l.zone);
	else
		check_nsec3_chain(&l.zone, set);
	zonefix_loaded_free(&l);
}
END_TEST

Suite *
suite_nsec(void)
{
	Suite *s = suite_create("nsec");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_set_timeout(pos, 60);
	tcase_add_loop_test(pos, hash_rfc5155, 0, N_ELEMS(rfc5155));
	tcase_add_test(pos, hash_params);
	tcase_add_loop_test(pos, b32_vectors, 0, N_ELEMS(b32_cases));
	tcase_add_test(pos, bitmap_has);
	tcase_add_test(pos, parse_nsec);
	tcase_add_test(pos, parse_nsec3);
	tcase_add_test(pos, parse_nsec3param);
	tcase_add_loop_test(pos, covers_name, 0, N_ELEMS(cover_cases));
	tcase_add_loop_test(pos, covers_hash, 0, N_ELEMS(hcover_cases));
	tcase_add_loop_test(pos, fixture_chains, 0, (int)zonefix_nsets);
	tcase_add_loop_test(neg, b32_negative, 0, N_ELEMS(b32_bad));
	tcase_add_loop_test(neg, bitmap_check, 0, N_ELEMS(bitmap_cases));
	tcase_add_test(neg, owner_hash_negative);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
