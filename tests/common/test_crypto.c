/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_crypto.c -- unit tests for common/crypto: digest test vectors (FIPS
 * 180 "abc" and the empty string), incremental digests, which DNSSEC
 * algorithms are supported, RSA key sizes from RFC 3110 wire form, and
 * signature checks with the keys and signatures the real signers wrote
 * (tests/data/dnssec), valid and broken.
 *
 * The signed data for a fixture signature comes from engine/dnssec_sig
 * (the SOA RRset and its RRSIG); the crypto layer is then called
 * directly, so these tests fail on a key or signature conversion bug.
 */
#include "common/crypto.h"
#include "common/err.h"
#include "engine/dnssec_sig.h"
#include "tests/suites.h"
#include "tests/support/zonefix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

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

/* ---- digests ------------------------------------------------------------ */

static const struct {
	enum th_crypto_hash h;
	const char *in;
	const char *hex;
} hash_cases[] = {
    {TH_CRYPTO_SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {TH_CRYPTO_SHA1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    {TH_CRYPTO_SHA256, "abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {TH_CRYPTO_SHA256, "",
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {TH_CRYPTO_SHA384, "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
     "8086072ba1e7cc2358baeca134c825a7"},
};

START_TEST(hash_vectors)
{
	uint8_t want[TH_CRYPTO_MAXHASH], got[TH_CRYPTO_MAXHASH];
	struct th_crypto_digest *d = NULL;
	size_t n = unhex(hash_cases[_i].hex, want, sizeof(want));
	const char *in = hash_cases[_i].in;

	ck_assert_uint_eq(th_crypto_hash_len(hash_cases[_i].h), n);
	ck_assert_int_eq(th_crypto_hash(hash_cases[_i].h, in, strlen(in), got),
	                 0);
	ck_assert_mem_eq(got, want, n);
	/* Incremental, a byte at a time, twice on one object. */
	ck_assert_int_eq(th_crypto_digest_new(hash_cases[_i].h, &d), 0);
	ck_assert_uint_eq(th_crypto_digest_len(d), n);
	for (int round = 0; round < 2; round++) {
		memset(got, 0, sizeof(got));
		for (size_t i = 0; in[i] != '\0'; i++)
			ck_assert_int_eq(th_crypto_digest_update(d, in + i, 1),
			                 0);
		ck_assert_int_eq(th_crypto_digest_final(d, got), 0);
		ck_assert_mem_eq(got, want, n);
	}
	th_crypto_digest_destroy(&d);
	ck_assert_ptr_null(d);
	th_crypto_digest_destroy(&d);
}
END_TEST

START_TEST(hash_bad_kind)
{
	struct th_crypto_digest *d = (void *)1;
	uint8_t out[TH_CRYPTO_MAXHASH];

	ck_assert_int_eq(th_crypto_hash(TH_CRYPTO__HASHES, "a", 1, out),
	                 TH_EINVAL);
	ck_assert_int_eq(th_crypto_digest_new(TH_CRYPTO__HASHES, &d),
	                 TH_EINVAL);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(th_crypto_hash_len(TH_CRYPTO__HASHES), 0);
}
END_TEST

/* ---- algorithms --------------------------------------------------------- */

static const struct {
	uint8_t alg;
	bool supported;
} alg_cases[] = {
    {5, true},    {7, true},    {8, true},    {10, true},  {13, true},
    {14, true},   {15, true},   {16, true},   {0, false},  {1, false},
    {2, false},   {3, false},   {4, false},   {6, false},  {9, false},
    {11, false},  {12, false},  {17, false},  {23, false}, {252, false},
    {253, false}, {254, false}, {255, false},
};

START_TEST(alg_support)
{
	struct th_crypto_key *k = (void *)1;
	enum th_crypto_result res = TH_CRYPTO_OK;
	uint8_t key[64] = {3, 1, 0, 1};

	ck_assert_msg(th_crypto_alg_supported(alg_cases[_i].alg) ==
	                  alg_cases[_i].supported,
	              "algorithm %u", alg_cases[_i].alg);
	if (alg_cases[_i].supported)
		return;
	/* Unsupported is a result of its own, never a key. */
	ck_assert_int_eq(
	    th_crypto_key_new(alg_cases[_i].alg, key, sizeof(key), &k, &res),
	    0);
	ck_assert_int_eq(res, TH_CRYPTO_UNSUPPORTED);
	ck_assert_ptr_null(k);
}
END_TEST

/* ---- RSA key sizes ------------------------------------------------------ */

static const struct {
	const char *hex;
	int rc;
	unsigned bits;
	const char *msg;
} rsa_cases[] = {
    {"0103ff", 0, 8, "one-octet modulus"},
    {"010301", 0, 1, "modulus 1"},
    {"0103000180", 0, 9, "leading zero octets not counted"},
    {"010301000000", 0, 25, "four octets, top bit 1"},
    {"00000203018000", 0, 16, "long exponent length form"},
    {"", TH_EWIRE, 0, "empty"},
    {"00", TH_EWIRE, 0, "long form cut"},
    {"0000", TH_EWIRE, 0, "long form cut after one octet"},
    {"000000ff", TH_EWIRE, 0, "exponent length 0"},
    {"00ff", TH_EWIRE, 0, "exponent length 0, short"},
    {"0203", TH_EWIRE, 0, "exponent past the end"},
    {"0103", TH_EWIRE, 0, "no modulus"},
    {"01030000", TH_EWIRE, 0, "modulus zero"},
    {"000003010001", TH_EWIRE, 0, "long form, no modulus"},
};

START_TEST(rsa_bits)
{
	uint8_t buf[64];
	size_t n = unhex(rsa_cases[_i].hex, buf, sizeof(buf));
	uint8_t *exact = malloc(n > 0 ? n : 1);
	unsigned bits = 0;

	memcpy(exact, buf, n);
	ck_assert_msg(th_crypto_rsa_bits(exact, n, &bits) == rsa_cases[_i].rc,
	              "%s", rsa_cases[_i].msg);
	if (rsa_cases[_i].rc == 0)
		ck_assert_uint_eq(bits, rsa_cases[_i].bits);
	free(exact);
}
END_TEST

/* ---- signatures over the fixtures --------------------------------------- */

/* A fixture's SOA signature: the data it signs, the signature, the key. */
struct soa_sig {
	struct zonefix_loaded l;
	struct th_buf data;
	const uint8_t *sig;
	size_t siglen;
	const uint8_t *key; /* public key, after the DNSKEY's 4 octets */
	size_t keylen;
	const uint8_t *other; /* the set's other key */
	size_t otherlen;
	uint8_t alg;
};

static void
soa_sig_load(struct soa_sig *s, const struct zonefix_set *set)
{
	struct th_dname apex;
	struct th_dsig_rr soa[1], sig[2];
	struct th_dsig_rrsig parsed;
	const struct zonefix_rr *key;

	ck_assert_int_eq(zonefix_set_load(set, &s->l), 0);
	ck_assert_int_eq(th_dname_parse(&apex, ZONEFIX_ORIGIN,
	                                strlen(ZONEFIX_ORIGIN), NULL, NULL),
	                 0);
	ck_assert_uint_eq(zonefix_find(&s->l.zone, &apex, 6, 0, soa, 1), 1);
	ck_assert_uint_ge(zonefix_find(&s->l.zone, &apex, 46, 6, sig, 2), 1);
	ck_assert_int_eq(th_dsig_rrsig_parse(&sig[0], &parsed), 0);
	th_buf_init(&s->data, 1 << 20);
	ck_assert_int_eq(th_dsig_signed_data(&sig[0], soa, 1, &s->data), 0);
	s->sig = parsed.sig;
	s->siglen = parsed.siglen;
	s->alg = parsed.algorithm;
	ck_assert_uint_eq(s->alg, set->alg);
	key = zonefix_key(&s->l, parsed.key_tag);
	ck_assert_ptr_nonnull(key);
	s->key = key->rdata + 4;
	s->keylen = key->rdlen - 4u;
	ck_assert_uint_eq(s->l.nkeys, 2);
	key = &s->l.keys.rr[s->l.keys.rr[0].rdata + 4 == s->key ? 1 : 0];
	s->other = key->rdata + 4;
	s->otherlen = key->rdlen - 4u;
}

static void
soa_sig_free(struct soa_sig *s)
{
	th_buf_free(&s->data);
	zonefix_loaded_free(&s->l);
}

static enum th_crypto_result
verify(struct th_crypto_key *k, const uint8_t *data, size_t len,
       const uint8_t *sig, size_t siglen)
{
	enum th_crypto_result r = TH_CRYPTO__RESULTS;

	ck_assert_int_eq(th_crypto_key_verify(k, data, len, sig, siglen, &r),
	                 0);
	return r;
}

START_TEST(fixture_verify)
{
	const struct zonefix_set *set = &zonefix_sets[_i];
	struct th_crypto_key *k = NULL;
	enum th_crypto_result res;
	struct soa_sig s;
	unsigned bits;

	soa_sig_load(&s, set);
	ck_assert_int_eq(th_crypto_key_new(s.alg, s.key, s.keylen, &k, &res),
	                 0);
	ck_assert_int_eq(res, TH_CRYPTO_OK);
	ck_assert_uint_eq(th_crypto_key_alg(k), set->alg);
	/* Twice: the contexts the key keeps can be reused. */
	for (int round = 0; round < 2; round++)
		ck_assert_msg(verify(k, th_buf_data(&s.data),
		                     th_buf_len(&s.data), s.sig,
		                     s.siglen) == TH_CRYPTO_OK,
		              "%s round %d", set->name, round);
	bits = th_crypto_key_bits(k);
	switch (set->alg) {
	case 5:
	case 7:
	case 8:
	case 10:
		/* make-fixtures.sh: the ZSK that signs the SOA has 1024 bits.
		 */
		ck_assert_uint_eq(bits, 1024);
		ck_assert_int_eq(th_crypto_rsa_bits(s.key, s.keylen, &bits), 0);
		ck_assert_uint_eq(bits, 1024);
		break;
	case 13:
		ck_assert_uint_eq(bits, 256);
		break;
	case 14:
		ck_assert_uint_eq(bits, 384);
		break;
	default:
		ck_assert_uint_gt(bits, 0);
		break;
	}
	th_crypto_key_destroy(&k);
	ck_assert_ptr_null(k);
	th_crypto_key_destroy(&k);
	soa_sig_free(&s);
}
END_TEST

/* Broken signatures and data: each must fail, then the good one pass. */
START_TEST(fixture_broken)
{
	const struct zonefix_set *set = &zonefix_sets[_i];
	struct th_crypto_key *k = NULL, *other = NULL;
	enum th_crypto_result res;
	uint8_t *sig, *data, *longer;
	size_t dlen;
	struct soa_sig s;

	soa_sig_load(&s, set);
	ck_assert_int_eq(th_crypto_key_new(s.alg, s.key, s.keylen, &k, &res),
	                 0);
	ck_assert_int_eq(res, TH_CRYPTO_OK);
	sig = malloc(s.siglen);
	memcpy(sig, s.sig, s.siglen);
	dlen = th_buf_len(&s.data);
	data = malloc(dlen);
	memcpy(data, th_buf_data(&s.data), dlen);

	/* A flipped bit anywhere in the signature: first, middle, last. */
	for (size_t at = 0; at < s.siglen; at += s.siglen / 2 - 1) {
		sig[at] ^= 0x10;
		ck_assert_msg(verify(k, data, dlen, sig, s.siglen) ==
		                  TH_CRYPTO_BAD_SIGNATURE,
		              "%s sig bit at %zu", set->name, at);
		sig[at] ^= 0x10;
	}
	/* A flipped bit in the signed data. */
	data[dlen - 1] ^= 0x01;
	ck_assert_int_eq(verify(k, data, dlen, sig, s.siglen),
	                 TH_CRYPTO_BAD_SIGNATURE);
	data[dlen - 1] ^= 0x01;
	/* Shorter data. */
	ck_assert_int_eq(verify(k, data, dlen - 1, sig, s.siglen),
	                 TH_CRYPTO_BAD_SIGNATURE);
	/* Wrong lengths are malformed: cut, empty, one octet more. */
	ck_assert_int_eq(verify(k, data, dlen, sig, s.siglen - 1),
	                 TH_CRYPTO_MALFORMED_SIG);
	ck_assert_int_eq(verify(k, data, dlen, sig, 0),
	                 TH_CRYPTO_MALFORMED_SIG);
	longer = calloc(1, s.siglen + 1);
	memcpy(longer, sig, s.siglen);
	ck_assert_int_eq(verify(k, data, dlen, longer, s.siglen + 1),
	                 TH_CRYPTO_MALFORMED_SIG);
	free(longer);
	/* The other key of the set (a different size for RSA). */
	ck_assert_int_eq(
	    th_crypto_key_new(s.alg, s.other, s.otherlen, &other, &res), 0);
	ck_assert_int_eq(res, TH_CRYPTO_OK);
	res = verify(other, data, dlen, sig, s.siglen);
	ck_assert_msg(res == TH_CRYPTO_BAD_SIGNATURE ||
	                  (s.alg <= 10 && res == TH_CRYPTO_MALFORMED_SIG),
	              "%s other key: %s", set->name,
	              th_crypto_result_name(res));
	/* And after all that, the good signature still verifies. */
	ck_assert_int_eq(verify(k, data, dlen, sig, s.siglen), TH_CRYPTO_OK);
	th_crypto_key_destroy(&other);
	th_crypto_key_destroy(&k);
	free(sig);
	free(data);
	soa_sig_free(&s);
}
END_TEST

/* Keys that cannot be decoded, built from a fixture key of each kind. */
START_TEST(fixture_bad_keys)
{
	const struct zonefix_set *set = &zonefix_sets[_i];
	struct th_crypto_key *k = (void *)1;
	enum th_crypto_result res;
	struct soa_sig s;
	uint8_t *key;

	soa_sig_load(&s, set);
	key = malloc(s.keylen + 1);
	memcpy(key, s.key, s.keylen);
	/* One octet short, one octet long (EC and EdDSA fix the length),
	 * empty. */
	ck_assert_int_eq(th_crypto_key_new(s.alg, key, s.keylen - 1, &k, &res),
	                 0);
	if (s.alg >= 13) {
		ck_assert_int_eq(res, TH_CRYPTO_MALFORMED_KEY);
		ck_assert_ptr_null(k);
		key[s.keylen] = 0;
		ck_assert_int_eq(
		    th_crypto_key_new(s.alg, key, s.keylen + 1, &k, &res), 0);
		ck_assert_int_eq(res, TH_CRYPTO_MALFORMED_KEY);
		ck_assert_ptr_null(k);
	} else {
		/* A shorter RSA modulus is another key: it must not verify. */
		ck_assert_int_eq(res, TH_CRYPTO_OK);
		ck_assert_int_ne(verify(k, th_buf_data(&s.data),
		                        th_buf_len(&s.data), s.sig, s.siglen),
		                 TH_CRYPTO_OK);
		th_crypto_key_destroy(&k);
		/* An exponent length running past the key. */
		key[0] = 0xff;
		ck_assert_int_eq(th_crypto_key_new(s.alg, key, 200, &k, &res),
		                 0);
		ck_assert_int_eq(res, TH_CRYPTO_MALFORMED_KEY);
		ck_assert_ptr_null(k);
		memcpy(key, s.key, s.keylen);
	}
	ck_assert_int_eq(th_crypto_key_new(s.alg, key, 0, &k, &res), 0);
	ck_assert_int_eq(res, TH_CRYPTO_MALFORMED_KEY);
	ck_assert_ptr_null(k);
	if (s.alg == 13 || s.alg == 14) {
		/* A point off the curve: Y + 1. */
		key[s.keylen - 1] ^= 0x01;
		ck_assert_int_eq(
		    th_crypto_key_new(s.alg, key, s.keylen, &k, &res), 0);
		ck_assert_int_eq(res, TH_CRYPTO_MALFORMED_KEY);
		ck_assert_ptr_null(k);
	}
	free(key);
	soa_sig_free(&s);
}
END_TEST

START_TEST(rsa_huge_modulus)
{
	/* 16385 bits: more than OpenSSL verifies with. */
	size_t n = 3 + 2049;
	uint8_t *key = calloc(1, n);
	struct th_crypto_key *k = (void *)1;
	enum th_crypto_result res;

	key[0] = 1;
	key[1] = 3;
	key[2] = 1;
	ck_assert_int_eq(th_crypto_key_new(8, key, n, &k, &res), 0);
	ck_assert_int_eq(res, TH_CRYPTO_MALFORMED_KEY);
	ck_assert_ptr_null(k);
	free(key);
}
END_TEST

START_TEST(result_names)
{
	ck_assert_str_eq(th_crypto_result_name(TH_CRYPTO_OK), "OK");
	ck_assert_str_eq(th_crypto_result_name(TH_CRYPTO_UNSUPPORTED),
	                 "UNSUPPORTED");
	ck_assert_str_eq(th_crypto_result_name(TH_CRYPTO__RESULTS), "?");
	ck_assert_str_eq(th_crypto_result_text(TH_CRYPTO_BAD_SIGNATURE),
	                 "signature does not verify");
}
END_TEST

Suite *
suite_crypto(void)
{
	Suite *s = suite_create("crypto");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");
	int nsets = (int)zonefix_nsets;

	tcase_set_timeout(pos, 60);
	tcase_set_timeout(neg, 60);
	tcase_add_loop_test(pos, hash_vectors, 0, N_ELEMS(hash_cases));
	tcase_add_loop_test(pos, alg_support, 0, N_ELEMS(alg_cases));
	tcase_add_loop_test(pos, rsa_bits, 0, N_ELEMS(rsa_cases));
	tcase_add_loop_test(pos, fixture_verify, 0, nsets);
	tcase_add_test(pos, result_names);
	tcase_add_test(neg, hash_bad_kind);
	tcase_add_loop_test(neg, fixture_broken, 0, nsets);
	tcase_add_loop_test(neg, fixture_bad_keys, 0, nsets);
	tcase_add_test(neg, rsa_huge_modulus);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
