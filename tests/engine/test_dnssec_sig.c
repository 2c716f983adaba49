/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dnssec_sig.c -- unit tests for engine/dnssec_sig: key tags and DS
 * digests (RFC 4034 5.4 and RFC 4509 examples, and every DS the real
 * tools wrote), canonical RDATA per type, the signed data, and RRSIG
 * verification over the zones ldns-signzone and dnssec-signzone signed
 * for every algorithm (tests/data/dnssec): every RRSIG valid, and each
 * way of breaking one giving its outcome -- signature, data, key, key
 * tag, algorithm, signer, times (with serial-number wrap-around), RRset,
 * truncated RDATA and keys, unsupported algorithms.
 *
 * Records modified by a test are copied to exact-size heap blocks, so
 * AddressSanitizer and valgrind see any read past their ends.
 */
#include "common/err.h"
#include "common/msg.h"
#include "engine/dnssec_sig.h"
#include "tests/suites.h"
#include "tests/support/zonefix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define NOW ((uint64_t)ZONEFIX_NOW)

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
	size_t n = 0;

	for (size_t i = 0; hex[i] != '\0';) {
		unsigned v;

		if (hex[i] == ' ') {
			i++;
			continue;
		}
		ck_assert_uint_lt(n, cap);
		ck_assert_int_eq(sscanf(hex + i, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		i += 2;
	}
	return n;
}

/* A record the test may change: its own owner and an exact-size RDATA. */
struct mrr {
	struct th_dname owner;
	uint8_t *rdata;
	struct th_dsig_rr v;
};

static void
mrr_set(struct mrr *m, const struct th_dsig_rr *src, const uint8_t *rdata,
        size_t rdlen)
{
	m->owner = *src->owner;
	m->rdata = malloc(rdlen > 0 ? rdlen : 1);
	ck_assert_ptr_nonnull(m->rdata);
	if (rdlen > 0)
		memcpy(m->rdata, rdata, rdlen);
	m->v = *src;
	m->v.owner = &m->owner;
	m->v.rdata = m->rdata;
	m->v.rdlen = (uint16_t)rdlen;
	m->v.msg = NULL;
	m->v.msglen = 0;
}

static void
mrr_copy(struct mrr *m, const struct th_dsig_rr *src)
{
	mrr_set(m, src, src->rdata, src->rdlen);
}

static void
mrr_free(struct mrr *m)
{
	free(m->rdata);
	m->rdata = NULL;
}

static void
mrr_owner(struct mrr *m, const char *text)
{
	m->owner = name(text);
}

static enum th_dsig_outcome
verify(const struct th_dsig_rr *sig, const struct th_dsig_rr *set, size_t n,
       struct th_dsig_key *k, uint64_t now)
{
	enum th_dsig_outcome o = TH_DSIG__OUTCOMES;
	struct th_buf scratch;

	/* Half the calls with a reused scratch buffer, half without. */
	th_buf_init(&scratch, 1 << 20);
	ck_assert_int_eq(
	    th_dsig_verify(sig, set, n, k, now, (n & 1) ? &scratch : NULL, &o),
	    0);
	th_buf_free(&scratch);
	return o;
}

#define ck_outcome(got, want, what)                                            \
	do {                                                                   \
		enum th_dsig_outcome got_ = (got), want_ = (want);             \
		ck_assert_msg(got_ == want_, "%s: %s, want %s", (what),        \
		              th_dsig_outcome_name(got_),                      \
		              th_dsig_outcome_name(want_));                    \
	} while (0)

/* ---- key tags and DS: RFC examples -------------------------------------- */

/* RFC 4034 5.4 (and RFC 4509 section 2.3): dskey.example.com. */
static const char rfc_key_hex[] =
    "0100 03 05"
    "01039e8a247418e318903b215a848acfd5f37f026bd4062db26c774c690968d5"
    "d56df8bfda91e6f36d9a279888f41333357c5e6029990d10fdf5663062a51276"
    "3326980a615ddbf17a05ddfcce7e5fb3abcca05a31b0957452d4521e83870789"
    "063115bf97f6c308ccf57cdc9ce7fe10f6ed1bd0cc0660038c50dcdb0feb963c"
    "2f17";

START_TEST(rfc_keytag_ds)
{
	uint8_t key[256], ds[64], d[48];
	size_t klen = unhex(rfc_key_hex, key, sizeof(key)), dlen;
	struct th_dname owner = name("dskey.example.com");
	struct th_dsig_rr kv = {&owner, 48, 1, 86400, key, 0, NULL, 0};
	struct th_dsig_rr dv = {&owner, 43, 1, 86400, ds, 0, NULL, 0};
	enum th_dsig_ds_result r;
	static const struct {
		uint8_t type;
		const char *hex;
	} cases[] = {
	    {1, "2bb183af5f22588179a53b0a98631fad1a292118"},
	    {2, "d4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da5"
	        "0a"},
	};

	kv.rdlen = (uint16_t)klen;
	ck_assert_uint_eq(th_dsig_keytag(key, klen), 60485);
	for (size_t i = 0; i < 2; i++) {
		size_t n = unhex(cases[i].hex, ds + 4, sizeof(ds) - 4);

		ck_assert_int_eq(th_dsig_ds_digest(cases[i].type, &owner, key,
		                                   klen, d, &dlen),
		                 0);
		ck_assert_uint_eq(dlen, n);
		ck_assert_mem_eq(d, ds + 4, n);
		ds[0] = 60485 >> 8;
		ds[1] = 60485 & 0xff;
		ds[2] = 5;
		ds[3] = cases[i].type;
		dv.rdlen = (uint16_t)(4 + n);
		ck_assert_int_eq(th_dsig_ds_match(&dv, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_MATCH);
		/* The owner name is part of the digest, in lower case. */
		owner = name("DSKEY.Example.COM");
		ck_assert_int_eq(th_dsig_ds_match(&dv, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_MATCH);
		owner = name("dskey.example.com");
	}
}
END_TEST

START_TEST(keytag_special)
{
	/* Algorithm 1: bits 8..23 from the end of the modulus (B.1). */
	static const uint8_t alg1[] = {1, 0,    3,    1,    1,
	                               3, 0x12, 0xab, 0xcd, 0xef};
	/* A tiny key computed by hand with the B formula. */
	static const uint8_t k[] = {0x01, 0x01, 0x03, 0x08, 0xff};

	ck_assert_uint_eq(th_dsig_keytag(alg1, sizeof(alg1)), 0xabcd);
	/* 0x0101 + 0x0308 + 0xff00 = 0x10309 -> 0x0309 + 0x0001 = 0x030a */
	ck_assert_uint_eq(th_dsig_keytag(k, sizeof(k)), 0x030a);
	ck_assert_uint_eq(th_dsig_keytag(k, 3), 0);
	ck_assert_uint_eq(th_dsig_keytag(NULL, 0), 0);
}
END_TEST

/* ---- the fixtures: every RRSIG, every DS, every key tag ----------------- */

/* Keys of a loaded set, by tag. */
struct keyring {
	struct th_dsig_key *k[8];
	size_t n;
};

static void
keyring_make(struct keyring *kr, const struct zonefix_loaded *l,
             const struct zonefix_set *set)
{
	kr->n = l->nkeys;
	for (size_t i = 0; i < l->nkeys; i++) {
		struct th_dsig_rr v;

		zonefix_view(&l->keys.rr[i], &v);
		/* The tag the tool put in the file name. */
		ck_assert_msg(th_dsig_keytag(v.rdata, v.rdlen) == l->tags[i],
		              "%s key %zu: tag %u, tool says %u", set->name, i,
		              th_dsig_keytag(v.rdata, v.rdlen), l->tags[i]);
		ck_assert_int_eq(th_dsig_key_new(&v, &kr->k[i]), 0);
		ck_assert_uint_eq(th_dsig_key_tag(kr->k[i]), l->tags[i]);
		ck_assert_uint_eq(th_dsig_key_algorithm(kr->k[i]), set->alg);
		ck_assert_uint_eq(th_dsig_key_protocol(kr->k[i]), 3);
		ck_assert(th_dsig_key_usable(kr->k[i]));
		ck_assert(th_dname_equal(th_dsig_key_owner(kr->k[i]), v.owner));
		if (set->alg <= 10)
			ck_assert_uint_eq(
			    th_dsig_key_rsa_bits(kr->k[i]),
			    (th_dsig_key_flags(kr->k[i]) & TH_DSIG_FLAG_SEP)
			        ? 2048u
			        : 1024u);
		else
			ck_assert_uint_eq(th_dsig_key_rsa_bits(kr->k[i]), 0);
	}
}

static struct th_dsig_key *
keyring_find(const struct keyring *kr, uint16_t tag)
{
	for (size_t i = 0; i < kr->n; i++)
		if (th_dsig_key_tag(kr->k[i]) == tag)
			return kr->k[i];
	return NULL;
}

static void
keyring_free(struct keyring *kr)
{
	for (size_t i = 0; i < kr->n; i++)
		th_dsig_key_destroy(&kr->k[i]);
	kr->n = 0;
}

START_TEST(fixture_all_valid)
{
	const struct zonefix_set *set = &zonefix_sets[_i];
	struct zonefix_loaded l;
	struct keyring kr;
	struct th_dsig_rr rrset[16];
	size_t verified = 0, by_ksk = 0;

	ck_assert_int_eq(zonefix_set_load(set, &l), 0);
	ck_assert_uint_eq(l.nkeys, 2);
	keyring_make(&kr, &l, set);
	for (size_t i = 0; i < l.zone.n; i++) {
		struct th_dsig_rr sig;
		struct th_dsig_rrsig p;
		struct th_dsig_key *k;
		size_t n;

		if (l.zone.rr[i].type != 46)
			continue;
		zonefix_view(&l.zone.rr[i], &sig);
		ck_assert_int_eq(th_dsig_rrsig_parse(&sig, &p), 0);
		ck_assert_uint_eq(p.algorithm, set->alg);
		n = zonefix_find(&l.zone, sig.owner, p.type_covered, 0, rrset,
		                 16);
		ck_assert_uint_ge(n, 1);
		ck_assert_uint_le(n, 16);
		k = keyring_find(&kr, p.key_tag);
		ck_assert_ptr_nonnull(k);
		ck_outcome(verify(&sig, rrset, n, k, NOW), TH_DSIG_VALID,
		           set->name);
		verified++;
		by_ksk += (th_dsig_key_flags(k) & TH_DSIG_FLAG_SEP) != 0;
	}
	/* Every RRset of zone.in and its NSEC or NSEC3 chain. */
	ck_assert_uint_ge(verified, 30);
	ck_assert_uint_ge(by_ksk, 1);
	keyring_free(&kr);
	zonefix_loaded_free(&l);
}
END_TEST

START_TEST(fixture_ds)
{
	const struct zonefix_set *set = &zonefix_sets[_i];
	struct zonefix_loaded l;
	struct zonefix ds;
	char path[256];
	size_t matched = 0;

	ck_assert_int_eq(zonefix_set_load(set, &l), 0);
	zonefix_init(&ds);
	snprintf(path, sizeof(path), "%s/%s/ds", ZONEFIX_DIR, set->name);
	ck_assert_int_eq(zonefix_load(&ds, path, ZONEFIX_ORIGIN), 0);
	for (size_t i = 0; i < ds.n; i++) {
		struct th_dsig_rr dv, kv;
		const struct zonefix_rr *key;
		enum th_dsig_ds_result r;
		uint8_t d[48];
		size_t dlen;
		struct mrr m;

		ck_assert_uint_eq(ds.rr[i].type, 43);
		zonefix_view(&ds.rr[i], &dv);
		key =
		    zonefix_key(&l, (uint16_t)(dv.rdata[0] << 8 | dv.rdata[1]));
		ck_assert_ptr_nonnull(key);
		zonefix_view(key, &kv);
		ck_assert_int_eq(th_dsig_ds_match(&dv, &kv, &r), 0);
		ck_assert_msg(r == TH_DSIG_DS_MATCH, "%s DS %zu: %s", set->name,
		              i, th_dsig_ds_result_name(r));
		ck_assert_int_eq(th_dsig_ds_digest(dv.rdata[3], kv.owner,
		                                   kv.rdata, kv.rdlen, d,
		                                   &dlen),
		                 0);
		ck_assert_uint_eq(dlen + 4, dv.rdlen);
		ck_assert_mem_eq(d, dv.rdata + 4, dlen);
		matched++;

		/* A wrong digest. */
		mrr_copy(&m, &dv);
		m.rdata[m.v.rdlen - 1] ^= 0x01;
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_NO_MATCH);
		m.rdata[m.v.rdlen - 1] ^= 0x01;
		/* Another key tag, algorithm, owner. */
		m.rdata[1] ^= 0x01;
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_KEY_MISMATCH);
		m.rdata[1] ^= 0x01;
		m.rdata[2] ^= 0x02;
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_KEY_MISMATCH);
		m.rdata[2] ^= 0x02;
		mrr_owner(&m, "other.test.");
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_KEY_MISMATCH);
		mrr_owner(&m, "DNSSEC.Test.");
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_MATCH);
		/* GOST (3) and unassigned types are not computed. */
		m.rdata[3] = 3;
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_DIGEST_NOT_SUPPORTED);
		m.rdata[3] = 0;
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_DIGEST_NOT_SUPPORTED);
		ck_assert_int_eq(th_dsig_ds_digest(3, kv.owner, kv.rdata,
		                                   kv.rdlen, d, &dlen),
		                 TH_EINVAL);
		mrr_free(&m);
		/* A digest one octet short, and RDATA cut to 3 octets. */
		mrr_set(&m, &dv, dv.rdata, dv.rdlen - 1u);
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_MALFORMED);
		mrr_free(&m);
		mrr_set(&m, &dv, dv.rdata, 3);
		ck_assert_int_eq(th_dsig_ds_match(&m.v, &kv, &r), 0);
		ck_assert_int_eq(r, TH_DSIG_DS_MALFORMED);
		mrr_free(&m);
	}
	/* Digest types 1, 2 and 4 for both keys. */
	ck_assert_uint_eq(matched, 6);
	zonefix_free(&ds);
	zonefix_loaded_free(&l);
}
END_TEST

/* ---- canonical form ----------------------------------------------------- */

/*
 * One set's RRset and its RRSIG, copied so that tests can change them:
 * sig, set[0..n-1], and the key that made the signature.
 */
struct case_rrset {
	struct zonefix_loaded l;
	struct keyring kr;
	struct mrr sig;
	struct mrr set[16];
	size_t n;
	struct th_dsig_key *key;
	struct th_dsig_rrsig p;
};

static void
case_load(struct case_rrset *c, const struct zonefix_set *set,
          const char *owner, uint16_t type)
{
	struct th_dname o = name(owner);
	struct th_dsig_rr v[16], sig;

	ck_assert_int_eq(zonefix_set_load(set, &c->l), 0);
	keyring_make(&c->kr, &c->l, set);
	c->n = zonefix_find(&c->l.zone, &o, type, 0, v, 16);
	ck_assert_uint_ge(c->n, 1);
	ck_assert_uint_le(c->n, 16);
	for (size_t i = 0; i < c->n; i++)
		mrr_copy(&c->set[i], &v[i]);
	ck_assert_uint_ge(zonefix_find(&c->l.zone, &o, 46, type, &sig, 1), 1);
	mrr_copy(&c->sig, &sig);
	ck_assert_int_eq(th_dsig_rrsig_parse(&c->sig.v, &c->p), 0);
	c->key = keyring_find(&c->kr, c->p.key_tag);
	ck_assert_ptr_nonnull(c->key);
}

static void
case_free(struct case_rrset *c)
{
	for (size_t i = 0; i < c->n; i++)
		mrr_free(&c->set[i]);
	mrr_free(&c->sig);
	keyring_free(&c->kr);
	zonefix_loaded_free(&c->l);
}

/* The views of the RRset, in an array th_dsig_verify takes. */
static void
case_views(const struct case_rrset *c, struct th_dsig_rr *v)
{
	for (size_t i = 0; i < c->n; i++)
		v[i] = c->set[i].v;
}

static enum th_dsig_outcome
case_verify(const struct case_rrset *c, uint64_t now)
{
	struct th_dsig_rr v[16];

	case_views(c, v);
	return verify(&c->sig.v, v, c->n, c->key, now);
}

/* Upper-case every ASCII letter in the RDATA (names and all). */
static void
upcase(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] >= 'a' && p[i] <= 'z')
			p[i] = (uint8_t)(p[i] - 'a' + 'A');
}

/* RRsets with names in their RDATA, and the octets around the names. */
static const struct {
	const char *owner;
	uint16_t type;
	size_t head, tail;
} name_types[] = {
    {"dnssec.test.", 6, 0, 20},           {"dnssec.test.", 2, 0, 0},
    {"dnssec.test.", 15, 2, 0},           {"alias.dnssec.test.", 5, 0, 0},
    {"_sip._tcp.dnssec.test.", 33, 6, 0}, {"ptr.dnssec.test.", 12, 0, 0},
    {"rp.dnssec.test.", 17, 0, 0},
};

/* Names inside RDATA are lower-cased, whatever case they arrive in. */
START_TEST(canonical_case)
{
	for (int t = 0; t < N_ELEMS(name_types); t++) {
		struct case_rrset c;

		case_load(&c, &zonefix_sets[_i], name_types[t].owner,
		          name_types[t].type);
		ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "as signed");
		for (size_t i = 0; i < c.n; i++) {
			upcase(c.set[i].rdata + name_types[t].head,
			       c.set[i].v.rdlen - name_types[t].head -
			           name_types[t].tail);
			upcase(c.set[i].owner.wire, c.set[i].owner.len);
		}
		upcase(c.sig.owner.wire, c.sig.owner.len);
		ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID,
		           name_types[t].owner);
		/* The signer's name too. */
		upcase(c.sig.rdata + 18, c.p.signer.len);
		ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "signer");
		/* A change that is not only case must fail. */
		c.set[0].rdata[c.set[0].v.rdlen - 2] ^= 0x01;
		ck_outcome(case_verify(&c, NOW), TH_DSIG_BAD_SIGNATURE,
		           "changed name");
		case_free(&c);
	}
}
END_TEST

/* The order records arrive in does not matter; duplicates are one. */
START_TEST(canonical_order)
{
	struct case_rrset c;
	struct th_dsig_rr v[16], w[16];

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	ck_assert_uint_eq(c.n, 3);
	case_views(&c, v);
	for (size_t i = 0; i < c.n; i++)
		w[i] = v[c.n - 1 - i];
	ck_outcome(verify(&c.sig.v, w, c.n, c.key, NOW), TH_DSIG_VALID,
	           "reversed");
	w[3] = v[1];
	w[4] = v[0];
	ck_outcome(verify(&c.sig.v, w, 5, c.key, NOW), TH_DSIG_VALID,
	           "duplicates");
	/* A record missing. */
	ck_outcome(verify(&c.sig.v, w, 2, c.key, NOW), TH_DSIG_BAD_SIGNATURE,
	           "one missing");
	/* The TTL the RRset arrives with does not matter either. */
	c.set[0].v.ttl = 1;
	c.set[1].v.ttl = 99999;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "TTLs");
	/* The RDATA does. */
	c.set[1].rdata[3] ^= 0x01;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_BAD_SIGNATURE, "RDATA bit");
	case_free(&c);
}
END_TEST

/* A wildcard answer: the owner is rebuilt from the labels field. */
START_TEST(canonical_wildcard)
{
	static const struct {
		const char *owner;
		enum th_dsig_outcome want;
	} owners[] = {
	    {"*.wild.dnssec.test.", TH_DSIG_VALID},
	    {"foo.wild.dnssec.test.", TH_DSIG_VALID},
	    {"A.B.Wild.DNSSEC.test.", TH_DSIG_VALID},
	    {"wild.dnssec.test.", TH_DSIG_BAD_SIGNATURE},
	    {"foo.other.dnssec.test.", TH_DSIG_BAD_SIGNATURE},
	    {"dnssec.test.", TH_DSIG_RRSET_MISMATCH},
	};

	for (int o = 0; o < N_ELEMS(owners); o++) {
		struct case_rrset c;

		case_load(&c, &zonefix_sets[_i], "*.wild.dnssec.test.", 16);
		ck_assert_uint_eq(c.p.labels, 3);
		for (size_t i = 0; i < c.n; i++)
			mrr_owner(&c.set[i], owners[o].owner);
		mrr_owner(&c.sig, owners[o].owner);
		ck_outcome(case_verify(&c, NOW), owners[o].want,
		           owners[o].owner);
		case_free(&c);
	}
}
END_TEST

/*
 * The MX RRset and its RRSIG in a DNS message, with the names inside
 * the MX RDATA compressed (and in another case than signed).
 */
START_TEST(from_message)
{
	struct case_rrset c;
	uint8_t wire[1024];
	size_t len = 0;
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr[3];
	struct th_dsig_rr mx[2], sig;
	size_t nmx = 0, nsig = 0;
	static const uint8_t head[] = {0,
	                               0,
	                               0x84,
	                               0,
	                               0,
	                               1,
	                               0,
	                               3,
	                               0,
	                               0,
	                               0,
	                               0,
	                               6,
	                               'd',
	                               'n',
	                               's',
	                               's',
	                               'e',
	                               'c',
	                               4,
	                               't',
	                               'e',
	                               's',
	                               't',
	                               0,
	                               0,
	                               15,
	                               0,
	                               1,
	                               /* answer 1 */ 0xc0,
	                               12,
	                               0,
	                               15,
	                               0,
	                               1,
	                               0,
	                               0,
	                               0x0e,
	                               0x10,
	                               0,
	                               9,
	                               0,
	                               10,
	                               4,
	                               'M',
	                               'a',
	                               'i',
	                               'l',
	                               0xc0,
	                               12,
	                               /* answer 2 */ 0xc0,
	                               12,
	                               0,
	                               15,
	                               0,
	                               1,
	                               0,
	                               0,
	                               0x0e,
	                               0x10,
	                               0,
	                               10,
	                               0,
	                               20,
	                               5,
	                               'M',
	                               'A',
	                               'I',
	                               'L',
	                               '2',
	                               0xc0,
	                               12,
	                               /* answer 3 */ 0xc0,
	                               12,
	                               0,
	                               46,
	                               0,
	                               1,
	                               0,
	                               0,
	                               0x0e,
	                               0x10};

	case_load(&c, &zonefix_sets[_i], "dnssec.test.", 15);
	memcpy(wire, head, sizeof(head));
	len = sizeof(head);
	wire[len++] = (uint8_t)(c.sig.v.rdlen >> 8);
	wire[len++] = (uint8_t)c.sig.v.rdlen;
	memcpy(wire + len, c.sig.rdata, c.sig.v.rdlen);
	len += c.sig.v.rdlen;
	ck_assert_int_eq(th_msg_parse(&m, wire, len, NULL), 0);
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	for (int i = 0; i < 3; i++) {
		ck_assert(th_msg_iter_next(&it, &rr[i]));
		if (rr[i].type == 15)
			th_dsig_rr_from_msg(&mx[nmx++], &m, &rr[i]);
		else {
			th_dsig_rr_from_msg(&sig, &m, &rr[i]);
			nsig++;
		}
	}
	ck_assert_uint_eq(nmx, 2);
	ck_assert_uint_eq(nsig, 1);
	ck_outcome(verify(&sig, mx, 2, c.key, NOW), TH_DSIG_VALID, "message");
	/* Without the message the compressed names cannot be read. */
	mx[0].msg = NULL;
	mx[0].msglen = 0;
	ck_outcome(verify(&sig, mx, 2, c.key, NOW), TH_DSIG_MALFORMED,
	           "no message");
	case_free(&c);
}
END_TEST

/* ---- broken signatures -------------------------------------------------- */

START_TEST(broken_signature)
{
	struct case_rrset c;

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "as signed");
	c.sig.rdata[c.sig.v.rdlen - 10] ^= 0x04;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_BAD_SIGNATURE, "sig bit");
	c.sig.rdata[c.sig.v.rdlen - 10] ^= 0x04;
	/* The signed RRSIG fields are part of the data. */
	c.sig.rdata[4] ^= 0x01; /* original TTL */
	ck_outcome(case_verify(&c, NOW), TH_DSIG_BAD_SIGNATURE, "orig TTL");
	c.sig.rdata[4] ^= 0x01;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "restored");
	case_free(&c);
}
END_TEST

/*
 * A ring prepares a key once: the same RDATA under the same owner (in any
 * letter case) gives the same key, another RDATA another key.
 */
START_TEST(keyring_shares)
{
	struct th_dsig_keyring r = TH_DSIG_KEYRING_INIT;
	struct th_dsig_key *a, *b, *x;
	struct th_dsig_rr v, w;
	struct th_dname upper;
	struct case_rrset c;

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	ck_assert_uint_ge(c.l.nkeys, 2);
	zonefix_view(&c.l.keys.rr[0], &v);
	zonefix_view(&c.l.keys.rr[1], &w);
	ck_assert_int_eq(th_dsig_keyring_get(&r, &v, &a), 0);
	ck_assert_int_eq(th_dsig_keyring_get(&r, &w, &b), 0);
	ck_assert_ptr_ne(a, b);
	ck_assert_uint_eq(th_dsig_key_tag(a), c.l.tags[0]);
	ck_assert_uint_eq(th_dsig_key_tag(b), c.l.tags[1]);
	upper = *v.owner;
	for (size_t i = 0; i < upper.len; i++)
		if (upper.wire[i] >= 'a' && upper.wire[i] <= 'z')
			upper.wire[i] = (uint8_t)(upper.wire[i] - 'a' + 'A');
	ck_assert(memcmp(upper.wire, v.owner->wire, upper.len) != 0);
	v.owner = &upper;
	ck_assert_int_eq(th_dsig_keyring_get(&r, &v, &x), 0);
	ck_assert_ptr_eq(x, a);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_uint_eq(th_dsig_keyring_crypto_ops(&r), 0);
	th_dsig_keyring_free(&r);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_ptr_null(r.e);
	case_free(&c);
}
END_TEST

/*
 * A key verifies the same RRSIG over the same RRset once; any changed
 * octet, in the signature or in the records, is verified anew and comes
 * out as it should, and the original is still valid from the memo.
 */
START_TEST(verify_memo)
{
	struct case_rrset c;
	uint64_t ops;

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "first");
	ops = th_dsig_key_crypto_ops(c.key);
	ck_assert_uint_eq(ops, 1);
	for (int i = 0; i < 3; i++)
		ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "repeat");
	ck_assert_uint_eq(th_dsig_key_crypto_ops(c.key), ops);
	c.sig.rdata[c.sig.v.rdlen - 10] ^= 0x04;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_BAD_SIGNATURE, "sig bit");
	ck_outcome(case_verify(&c, NOW), TH_DSIG_BAD_SIGNATURE, "sig again");
	ck_assert_uint_eq(th_dsig_key_crypto_ops(c.key), ops + 1);
	c.sig.rdata[c.sig.v.rdlen - 10] ^= 0x04;
	c.set[0].rdata[c.set[0].v.rdlen - 1] ^= 0x01; /* the address */
	ck_outcome(case_verify(&c, NOW), TH_DSIG_BAD_SIGNATURE, "rdata bit");
	ck_assert_uint_eq(th_dsig_key_crypto_ops(c.key), ops + 2);
	c.set[0].rdata[c.set[0].v.rdlen - 1] ^= 0x01;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "restored");
	ck_assert_uint_eq(th_dsig_key_crypto_ops(c.key), ops + 2);
	case_free(&c);
}
END_TEST

/* Patch the RRSIG's key tag. */
static void
set_tag(struct mrr *sig, uint16_t tag)
{
	sig->rdata[16] = (uint8_t)(tag >> 8);
	sig->rdata[17] = (uint8_t)tag;
}

START_TEST(broken_key)
{
	struct case_rrset c;
	struct th_dsig_key *other;
	enum th_dsig_outcome o;

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	other = c.kr.k[0] == c.key ? c.kr.k[1] : c.kr.k[0];
	/* The set's other key: its tag is not the RRSIG's. */
	{
		struct th_dsig_rr v[16];

		case_views(&c, v);
		ck_outcome(verify(&c.sig.v, v, c.n, other, NOW),
		           TH_DSIG_KEY_MISMATCH, "other key");
		/* With the tag changed to fit it, the check fails. */
		set_tag(&c.sig, th_dsig_key_tag(other));
		o = verify(&c.sig.v, v, c.n, other, NOW);
		ck_assert_msg(
		    o == TH_DSIG_BAD_SIGNATURE ||
		        (c.p.algorithm <= 10 && o == TH_DSIG_MALFORMED),
		    "retagged: %s", th_dsig_outcome_name(o));
		set_tag(&c.sig, c.p.key_tag);
	}
	/* Key tag, algorithm, signer. */
	set_tag(&c.sig, (uint16_t)(c.p.key_tag + 1));
	ck_outcome(case_verify(&c, NOW), TH_DSIG_KEY_MISMATCH, "tag");
	set_tag(&c.sig, c.p.key_tag);
	c.sig.rdata[2] = c.p.algorithm == 13 ? 8 : 13;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_KEY_MISMATCH, "algorithm");
	c.sig.rdata[2] = c.p.algorithm;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "restored");
	case_free(&c);
}
END_TEST

START_TEST(broken_signer)
{
	struct case_rrset c;
	struct th_dname signer = name("www.dnssec.test.");
	struct th_dsig_rr v[16];
	uint8_t *rd;
	size_t len;
	struct mrr s;

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	/* Signer www.dnssec.test. (the owner itself): not the key's owner. */
	len = 18 + signer.len + c.p.siglen;
	rd = malloc(len);
	memcpy(rd, c.sig.rdata, 18);
	memcpy(rd + 18, signer.wire, signer.len);
	memcpy(rd + 18 + signer.len, c.p.sig, c.p.siglen);
	mrr_set(&s, &c.sig.v, rd, len);
	case_views(&c, v);
	ck_outcome(verify(&s.v, v, c.n, c.key, NOW), TH_DSIG_KEY_MISMATCH,
	           "signer");
	mrr_free(&s);
	/* Signer other.test.: the RRset is not in its zone. */
	signer = name("other.test.");
	len = 18 + signer.len + c.p.siglen;
	memcpy(rd + 18, signer.wire, signer.len);
	memcpy(rd + 18 + signer.len, c.p.sig, c.p.siglen);
	mrr_set(&s, &c.sig.v, rd, len);
	ck_outcome(verify(&s.v, v, c.n, c.key, NOW), TH_DSIG_RRSET_MISMATCH,
	           "out-of-zone signer");
	mrr_free(&s);
	free(rd);
	case_free(&c);
}
END_TEST

START_TEST(broken_time)
{
	struct case_rrset c;

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	/* make-fixtures.sh: 2024-01-01 to 2044-01-01. */
	ck_assert_uint_eq(c.p.inception, 1704067200u);
	ck_assert_uint_eq(c.p.expiration, 2335219200u);
	ck_outcome(case_verify(&c, c.p.inception), TH_DSIG_VALID, "inception");
	ck_outcome(case_verify(&c, c.p.expiration), TH_DSIG_VALID,
	           "expiration");
	ck_outcome(case_verify(&c, c.p.inception - 1u), TH_DSIG_NOT_YET_VALID,
	           "a second early");
	ck_outcome(case_verify(&c, (uint64_t)c.p.expiration + 1),
	           TH_DSIG_EXPIRED, "a second late");
	ck_outcome(case_verify(&c, 1000000000u), TH_DSIG_NOT_YET_VALID, "2001");
	/* Serial arithmetic: a clock 2^32 s later reads the same. */
	ck_outcome(case_verify(&c, NOW + ((uint64_t)1 << 32)), TH_DSIG_VALID,
	           "one wrap later");
	ck_outcome(case_verify(&c, (uint64_t)c.p.expiration + 86400 * 365),
	           TH_DSIG_EXPIRED, "a year late");
	case_free(&c);
}
END_TEST

START_TEST(broken_rrset)
{
	struct case_rrset c;
	struct th_dsig_rr v[16], soa;
	struct th_dname apex = name("dnssec.test.");

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	case_views(&c, v);
	ck_outcome(verify(&c.sig.v, v, 0, c.key, NOW), TH_DSIG_RRSET_MISMATCH,
	           "empty RRset");
	/* Another type than the one covered. */
	ck_assert_uint_eq(zonefix_find(&c.l.zone, &apex, 6, 0, &soa, 1), 1);
	ck_outcome(verify(&c.sig.v, &soa, 1, c.key, NOW),
	           TH_DSIG_RRSET_MISMATCH, "SOA for A");
	/* Mixed owners, mixed classes, another class than the RRSIG's. */
	v[1].owner = &apex;
	ck_outcome(verify(&c.sig.v, v, c.n, c.key, NOW), TH_DSIG_RRSET_MISMATCH,
	           "two owners");
	case_views(&c, v);
	v[2].rclass = 3;
	ck_outcome(verify(&c.sig.v, v, c.n, c.key, NOW), TH_DSIG_RRSET_MISMATCH,
	           "two classes");
	for (size_t i = 0; i < c.n; i++)
		v[i].rclass = 3;
	ck_outcome(verify(&c.sig.v, v, c.n, c.key, NOW), TH_DSIG_RRSET_MISMATCH,
	           "class CH");
	/* The RRSIG found at another owner. */
	case_views(&c, v);
	mrr_owner(&c.sig, "mail.dnssec.test.");
	ck_outcome(verify(&c.sig.v, v, c.n, c.key, NOW), TH_DSIG_RRSET_MISMATCH,
	           "RRSIG owner");
	mrr_owner(&c.sig, "www.dnssec.test.");
	/* A labels field above the owner's label count. */
	c.sig.rdata[3] = 4;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_RRSET_MISMATCH, "labels");
	c.sig.rdata[3] = 3;
	ck_outcome(case_verify(&c, NOW), TH_DSIG_VALID, "restored");
	/* An A record that is not 4 octets is still data, signed or not. */
	case_free(&c);
}
END_TEST

START_TEST(broken_truncated)
{
	struct case_rrset c;
	struct th_dsig_rr v[16];
	size_t full;

	case_load(&c, &zonefix_sets[_i], "dnssec.test.", 15);
	case_views(&c, v);
	full = c.sig.v.rdlen;
	/* Every cut of the RRSIG RDATA is malformed. */
	for (size_t cut = 0; cut < full; cut++) {
		struct mrr s;

		mrr_set(&s, &c.sig.v, c.sig.rdata, cut);
		ck_outcome(verify(&s.v, v, c.n, c.key, NOW), TH_DSIG_MALFORMED,
		           "cut RRSIG");
		mrr_free(&s);
	}
	/* A cut MX RDATA in the RRset. */
	for (size_t cut = 0; cut < c.set[0].v.rdlen; cut++) {
		struct mrr r;

		mrr_set(&r, &c.set[0].v, c.set[0].rdata, cut);
		v[0] = r.v;
		ck_outcome(verify(&c.sig.v, v, c.n, c.key, NOW),
		           TH_DSIG_MALFORMED, "cut MX");
		mrr_free(&r);
	}
	/* One octet more after the MX name. */
	{
		struct mrr r;
		uint8_t *rd = calloc(1, c.set[0].v.rdlen + 1u);

		memcpy(rd, c.set[0].rdata, c.set[0].v.rdlen);
		mrr_set(&r, &c.set[0].v, rd, c.set[0].v.rdlen + 1u);
		v[0] = r.v;
		ck_outcome(verify(&c.sig.v, v, c.n, c.key, NOW),
		           TH_DSIG_MALFORMED, "long MX");
		mrr_free(&r);
		free(rd);
	}
	case_free(&c);
}
END_TEST

/*
 * A DNSKEY changed by the test (flags, protocol, algorithm, public key),
 * the RRSIG's tag and algorithm made to fit it: the outcome is then
 * about the change alone.
 */
static enum th_dsig_outcome
with_key(struct case_rrset *c, uint16_t flags, uint8_t protocol, uint8_t alg,
         size_t keylen, uint64_t now)
{
	const struct zonefix_rr *src = zonefix_key(&c->l, c->p.key_tag);
	struct th_dsig_key *k;
	struct th_dsig_rr kv;
	enum th_dsig_outcome o;
	struct mrr m;

	ck_assert_ptr_nonnull(src);
	zonefix_view(src, &kv);
	mrr_set(&m, &kv, kv.rdata, keylen);
	if (keylen >= 4) {
		m.rdata[0] = (uint8_t)(flags >> 8);
		m.rdata[1] = (uint8_t)flags;
		m.rdata[2] = protocol;
		m.rdata[3] = alg;
	}
	ck_assert_int_eq(th_dsig_key_new(&m.v, &k), 0);
	set_tag(&c->sig, th_dsig_keytag(m.rdata, keylen));
	c->sig.rdata[2] = alg;
	{
		struct th_dsig_rr v[16];

		case_views(c, v);
		o = verify(&c->sig.v, v, c->n, k, now);
	}
	set_tag(&c->sig, c->p.key_tag);
	c->sig.rdata[2] = c->p.algorithm;
	th_dsig_key_destroy(&k);
	mrr_free(&m);
	return o;
}

START_TEST(broken_dnskey)
{
	struct case_rrset c;
	const struct zonefix_rr *src;
	uint16_t flags;
	size_t full;

	case_load(&c, &zonefix_sets[_i], "www.dnssec.test.", 1);
	src = zonefix_key(&c.l, c.p.key_tag);
	full = src->rdlen;
	flags = (uint16_t)(src->rdata[0] << 8 | src->rdata[1]);
	ck_outcome(with_key(&c, flags, 3, c.p.algorithm, full, NOW),
	           TH_DSIG_VALID, "unchanged");
	/* Zone flag clear; protocol not 3 (RFC 4034 2.1.1, 2.1.2). */
	ck_outcome(with_key(&c, flags & ~TH_DSIG_FLAG_ZONE, 3, c.p.algorithm,
	                    full, NOW),
	           TH_DSIG_KEY_MISMATCH, "no zone flag");
	ck_outcome(with_key(&c, flags, 2, c.p.algorithm, full, NOW),
	           TH_DSIG_KEY_MISMATCH, "protocol 2");
	/* Public keys cut to 1 octet and to nothing: malformed. */
	ck_outcome(with_key(&c, flags, 3, c.p.algorithm, 5, NOW),
	           TH_DSIG_MALFORMED, "1-octet key");
	ck_outcome(with_key(&c, flags, 3, c.p.algorithm, 4, NOW),
	           TH_DSIG_MALFORMED, "empty key");
	/* Not even flags, protocol and algorithm: cannot be the signer. */
	ck_outcome(with_key(&c, flags, 3, c.p.algorithm, 3, NOW),
	           TH_DSIG_KEY_MISMATCH, "3-octet DNSKEY");
	if (c.p.algorithm >= 13)
		ck_outcome(with_key(&c, flags, 3, c.p.algorithm, full - 1, NOW),
		           TH_DSIG_MALFORMED, "key one octet short");
	case_free(&c);
}
END_TEST

static const uint8_t unsupported_algs[] = {0,  1,  2,  3,   4,   6,   9,   11,
                                           12, 17, 23, 200, 252, 253, 254, 255};

START_TEST(unsupported_alg)
{
	uint8_t alg = unsupported_algs[_i];
	struct case_rrset c;
	uint16_t flags;
	const struct zonefix_rr *src;

	case_load(&c, &zonefix_sets[2], "www.dnssec.test.", 1);
	src = zonefix_key(&c.l, c.p.key_tag);
	flags = (uint16_t)(src->rdata[0] << 8 | src->rdata[1]);
	/* A well-fitting key and RRSIG of that algorithm: never VALID. */
	ck_outcome(with_key(&c, flags, 3, alg, src->rdlen, NOW),
	           TH_DSIG_ALGO_NOT_SUPPORTED, "unsupported");
	/* Times are judged first (2046, after the 2044 expiration). */
	ck_outcome(with_key(&c, flags, 3, alg, src->rdlen, 2400000000u),
	           TH_DSIG_EXPIRED, "unsupported, expired");
	case_free(&c);
}
END_TEST

/* ---- serial numbers ----------------------------------------------------- */

static const struct {
	uint32_t a, b;
	int sign;
} serial_cases[] = {
    {0, 0, 0},
    {1, 0, 1},
    {0, 1, -1},
    {0, 0xffffffffu, 1}, /* wraps: 0 follows 2^32 - 1 */
    {0xffffffffu, 0, -1},
    {0x7fffffffu, 0, 1},
    {0x80000001u, 0, -1},
    {0x80000000u, 0, 1}, /* undefined in RFC 1982; "after" here */
    {100, 0xffffff00u, 1},
    {0xffffff00u, 100, -1},
};

START_TEST(serial_cmp)
{
	int c = th_dsig_serial_cmp(serial_cases[_i].a, serial_cases[_i].b);

	ck_assert_msg((c > 0) - (c < 0) == serial_cases[_i].sign,
	              "%08x vs %08x: %d", serial_cases[_i].a,
	              serial_cases[_i].b, c);
}
END_TEST

static const struct {
	uint32_t inception, expiration;
	uint64_t now;
	enum th_dsig_outcome want;
} time_cases[] = {
    {1000, 2000, 1500, TH_DSIG_VALID},
    {1000, 2000, 1000, TH_DSIG_VALID},
    {1000, 2000, 2000, TH_DSIG_VALID},
    {1000, 2000, 999, TH_DSIG_NOT_YET_VALID},
    {1000, 2000, 2001, TH_DSIG_EXPIRED},
    /* A validity period across 2^32 (the year 2106). */
    {0xffffff00u, 0x100, ((uint64_t)1 << 32) + 0x10, TH_DSIG_VALID},
    {0xffffff00u, 0x100, ((uint64_t)1 << 32) - 0x10, TH_DSIG_VALID},
    {0xffffff00u, 0x100, ((uint64_t)1 << 32) - 0x200, TH_DSIG_NOT_YET_VALID},
    {0xffffff00u, 0x100, ((uint64_t)1 << 32) + 0x200, TH_DSIG_EXPIRED},
    {0xffffff00u, 0x100, 0x10, TH_DSIG_VALID},
    /* Now past 2^32 with times written for then. */
    {0x10, 0x1000, ((uint64_t)1 << 32) + 0x20, TH_DSIG_VALID},
    {0x10, 0x1000, ((uint64_t)1 << 32) + 0x2000, TH_DSIG_EXPIRED},
};

START_TEST(check_time)
{
	struct th_dsig_rrsig s;

	memset(&s, 0, sizeof(s));
	s.inception = time_cases[_i].inception;
	s.expiration = time_cases[_i].expiration;
	ck_outcome(th_dsig_check_time(&s, time_cases[_i].now),
	           time_cases[_i].want, "time");
}
END_TEST

/* ---- canonical RDATA per type ------------------------------------------- */

static const struct {
	uint16_t type;
	const char *in, *out;
	int rc;
	const char *msg;
} canon_cases[] = {
    {2, "024e53 0145 00", "026e73 0165 00", 0, "NS"},
    {15, "000a 044d61696c 00", "000a 046d61696c 00", 0, "MX"},
    {6, "0141 00 0142 00 0000000100000002000000030000000400000005",
     "0161 00 0162 00 0000000100000002000000030000000400000005", 0, "SOA"},
    {33, "000100020003 0141 00", "000100020003 0161 00", 0, "SRV"},
    {35, "00010002 0141 0142 00 0158 00", "00010002 0141 0142 00 0178 00", 0,
     "NAPTR: strings kept, replacement lower-cased"},
    {46, "0001 08 02 00000e10 00000002 00000001 1234 0141 00 ABCD",
     "0001 08 02 00000e10 00000002 00000001 1234 0161 00 ABCD", 0,
     "RRSIG signer"},
    {47, "0141 00 000140", "0141 00 000140", 0, "NSEC keeps case"},
    {13, "024142 024344", "024142 024344", 0, "HINFO has no names"},
    {16, "0548454c4c4f", "0548454c4c4f", 0, "TXT as it is"},
    {17, "0141 00 0142 00", "0161 00 0162 00", 0, "RP"},
    {38, "00 0000000000000000000000000000000a",
     "00 0000000000000000000000000000000a", 0, "A6 without prefix name"},
    {38, "40 0000000000000001 0150 00", "40 0000000000000001 0170 00", 0,
     "A6 with prefix name"},
    {39, "0141 00", "0161 00", 0, "DNAME"},
    {15, "00", NULL, TH_EWIRE, "MX cut in the preference"},
    {15, "000a", NULL, TH_EWIRE, "MX without name"},
    {15, "000a 0141", NULL, TH_EWIRE, "MX name cut"},
    {2, "0141 00 00", NULL, TH_EWIRE, "NS with an octet more"},
    {6, "0141 00 0142 00 00000001", NULL, TH_EWIRE, "SOA counters cut"},
    {35, "00010002 05", NULL, TH_EWIRE, "NAPTR string past the end"},
    {38, "81 00", NULL, TH_EWIRE, "A6 prefix length 129"},
    {38, "40 00000000", NULL, TH_EWIRE, "A6 suffix cut"},
    {2, "c00c", NULL, TH_EWIRE, "pointer without a message"},
    {46, "0001 08 02 00000e10", NULL, TH_EWIRE, "RRSIG cut"},
};

START_TEST(rdata_canonical)
{
	uint8_t in[128], want[128], out[512];
	size_t n = unhex(canon_cases[_i].in, in, sizeof(in)), len = 0;
	struct th_dname owner = name("x.test.");
	struct mrr m;
	struct th_dsig_rr src = {
	    &owner, canon_cases[_i].type, 1, 60, in, 0, NULL, 0};
	int rc;

	mrr_set(&m, &src, in, n);
	rc = th_dsig_rdata_canonical(&m.v, out, sizeof(out), &len);
	ck_assert_msg(rc == canon_cases[_i].rc, "%s: rc %d",
	              canon_cases[_i].msg, rc);
	if (rc == 0) {
		size_t wn = unhex(canon_cases[_i].out, want, sizeof(want));

		ck_assert_uint_eq(len, wn);
		ck_assert_mem_eq(out, want, wn);
		/* Too small an output is our limit, not bad data. */
		ck_assert_int_eq(
		    th_dsig_rdata_canonical(&m.v, out, wn - 1, &len),
		    TH_ETOOBIG);
	}
	mrr_free(&m);
}
END_TEST

/* The signed data, octet for octet, for a small hand-made RRset. */
START_TEST(signed_data_layout)
{
	struct th_dname owner = name("X.Test."), lower = name("x.test.");
	uint8_t sigrd[64], a1[4] = {192, 0, 2, 2}, a2[4] = {192, 0, 2, 1};
	size_t sn =
	    unhex("0001 0d 02 00000e10 00000002 00000001 1234 0454455354"
	          "00 abcdef",
	          sigrd, sizeof(sigrd));
	struct th_dsig_rr sig = {&owner, 46,           1,    60,
	                         sigrd,  (uint16_t)sn, NULL, 0};
	struct th_dsig_rr set[3] = {
	    {&owner, 1, 1, 60, a1, 4, NULL, 0},
	    {&owner, 1, 1, 60, a2, 4, NULL, 0},
	    {&owner, 1, 1, 60, a1, 4, NULL, 0},
	};
	struct th_buf b;
	uint8_t want[128];
	size_t wn = 0;

	/* RRSIG RDATA to the signer, signer lower-cased ... */
	memcpy(want, sigrd, 18);
	wn = 18;
	memcpy(want + wn, "\4test", 6);
	wn += 6;
	/* ... then 192.0.2.1 before 192.0.2.2, once each, TTL 3600. */
	for (int i = 0; i < 2; i++) {
		memcpy(want + wn, lower.wire, lower.len);
		wn += lower.len;
		memcpy(want + wn, "\0\1\0\1\0\0\x0e\x10\0\4\xc0\0\2", 13);
		wn += 13;
		want[wn++] = (uint8_t)(i + 1);
	}
	th_buf_init(&b, 4096);
	ck_assert_int_eq(th_buf_append(&b, "keep", 4), 0);
	ck_assert_int_eq(th_dsig_signed_data(&sig, set, 3, &b), 0);
	ck_assert_uint_eq(th_buf_len(&b), 4 + wn);
	ck_assert_mem_eq(th_buf_data(&b), "keep", 4);
	ck_assert_mem_eq(th_buf_data(&b) + 4, want, wn);
	/* On failure the buffer is back to what it held. */
	ck_assert_int_eq(th_dsig_signed_data(&sig, set, 0, &b), TH_EWIRE);
	set[1].type = 28;
	ck_assert_int_eq(th_dsig_signed_data(&sig, set, 3, &b), TH_EWIRE);
	ck_assert_uint_eq(th_buf_len(&b), 4 + wn);
	th_buf_free(&b);
	/* A cap too small is TH_ETOOBIG, and leaves the buffer alone. */
	set[1].type = 1;
	th_buf_init(&b, 30);
	ck_assert_int_eq(th_dsig_signed_data(&sig, set, 3, &b), TH_ETOOBIG);
	ck_assert_uint_eq(th_buf_len(&b), 0);
	th_buf_free(&b);
}
END_TEST

START_TEST(outcome_names)
{
	ck_assert_str_eq(th_dsig_outcome_name(TH_DSIG_VALID), "VALID");
	ck_assert_str_eq(th_dsig_outcome_name(TH_DSIG_ALGO_NOT_SUPPORTED),
	                 "ALGO_NOT_SUPPORTED");
	ck_assert_str_eq(th_dsig_outcome_name(TH_DSIG__OUTCOMES), "?");
	ck_assert_str_eq(th_dsig_outcome_text(TH_DSIG_EXPIRED),
	                 "signature expired");
	ck_assert_str_eq(th_dsig_ds_result_name(TH_DSIG_DS_NO_MATCH),
	                 "NO_MATCH");
	ck_assert_uint_eq(th_dsig_ds_digest_len(1), 20);
	ck_assert_uint_eq(th_dsig_ds_digest_len(2), 32);
	ck_assert_uint_eq(th_dsig_ds_digest_len(3), 0);
	ck_assert_uint_eq(th_dsig_ds_digest_len(4), 48);
}
END_TEST

Suite *
suite_dnssec_sig(void)
{
	Suite *s = suite_create("dnssec_sig");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");
	int nsets = (int)zonefix_nsets;

	tcase_set_timeout(pos, 120);
	tcase_set_timeout(neg, 120);
	tcase_add_test(pos, rfc_keytag_ds);
	tcase_add_test(pos, keytag_special);
	tcase_add_loop_test(pos, fixture_all_valid, 0, nsets);
	tcase_add_loop_test(pos, fixture_ds, 0, nsets);
	tcase_add_loop_test(pos, canonical_case, 0, nsets);
	tcase_add_loop_test(pos, canonical_order, 0, nsets);
	tcase_add_loop_test(pos, canonical_wildcard, 0, nsets);
	tcase_add_loop_test(pos, from_message, 0, nsets);
	tcase_add_loop_test(pos, serial_cmp, 0, N_ELEMS(serial_cases));
	tcase_add_loop_test(pos, check_time, 0, N_ELEMS(time_cases));
	tcase_add_loop_test(pos, rdata_canonical, 0, N_ELEMS(canon_cases));
	tcase_add_test(pos, signed_data_layout);
	tcase_add_test(pos, outcome_names);
	tcase_add_loop_test(neg, broken_signature, 0, nsets);
	tcase_add_loop_test(neg, verify_memo, 0, nsets);
	tcase_add_loop_test(pos, keyring_shares, 0, nsets);
	tcase_add_loop_test(neg, broken_key, 0, nsets);
	tcase_add_loop_test(neg, broken_signer, 0, nsets);
	tcase_add_loop_test(neg, broken_time, 0, nsets);
	tcase_add_loop_test(neg, broken_rrset, 0, nsets);
	tcase_add_loop_test(neg, broken_truncated, 0, nsets);
	tcase_add_loop_test(neg, broken_dnskey, 0, nsets);
	tcase_add_loop_test(neg, unsupported_alg, 0, N_ELEMS(unsupported_algs));
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
