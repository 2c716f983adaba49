/* SPDX-License-Identifier: BSD-3-Clause */
/* crypto.c -- digests and DNSSEC signature checks over OpenSSL 3. */
#include "common/crypto.h"

#include "common/err.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <stdlib.h>
#include <string.h>

/* ---- digests ------------------------------------------------------------ */

static const struct {
	const char *name; /* OpenSSL fetch name */
	size_t len;
} hash_info[TH_CRYPTO__HASHES] = {
    [TH_CRYPTO_SHA1] = {"SHA1", 20},
    [TH_CRYPTO_SHA256] = {"SHA256", 32},
    [TH_CRYPTO_SHA384] = {"SHA384", 48},
};

size_t
th_crypto_hash_len(enum th_crypto_hash h)
{
	return (unsigned)h < TH_CRYPTO__HASHES ? hash_info[h].len : 0;
}

/*
 * OpenSSL keeps a per-thread error queue; a failure we have classified
 * must not leave entries behind for the next, unrelated call to find.
 */
static int
crypto_fail(int status)
{
	ERR_clear_error();
	return status;
}

int
th_crypto_hash(enum th_crypto_hash h, const void *data, size_t len,
               uint8_t *out)
{
	EVP_MD *md;
	unsigned outlen = 0;
	int ok;

	if ((unsigned)h >= TH_CRYPTO__HASHES)
		return TH_EINVAL;
	md = EVP_MD_fetch(NULL, hash_info[h].name, NULL);
	if (md == NULL)
		return crypto_fail(TH_ECRYPTO);
	ok = EVP_Digest(len > 0 ? data : "", len, out, &outlen, md, NULL);
	EVP_MD_free(md);
	if (!ok || outlen != hash_info[h].len)
		return crypto_fail(TH_ECRYPTO);
	return 0;
}

struct th_crypto_digest {
	EVP_MD *md; /* fetched once: implicit fetches per init are slow */
	EVP_MD_CTX *ctx;
	size_t len;
};

int
th_crypto_digest_new(enum th_crypto_hash h, struct th_crypto_digest **out)
{
	struct th_crypto_digest *d;

	*out = NULL;
	if ((unsigned)h >= TH_CRYPTO__HASHES)
		return TH_EINVAL;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return TH_ENOMEM;
	d->len = hash_info[h].len;
	d->md = EVP_MD_fetch(NULL, hash_info[h].name, NULL);
	d->ctx = EVP_MD_CTX_new();
	if (d->md == NULL || d->ctx == NULL ||
	    !EVP_DigestInit_ex2(d->ctx, d->md, NULL)) {
		th_crypto_digest_destroy(&d);
		return crypto_fail(TH_ECRYPTO);
	}
	*out = d;
	return 0;
}

int
th_crypto_digest_update(struct th_crypto_digest *d, const void *data,
                        size_t len)
{
	if (len == 0)
		return 0;
	if (!EVP_DigestUpdate(d->ctx, data, len))
		return crypto_fail(TH_ECRYPTO);
	return 0;
}

int
th_crypto_digest_final(struct th_crypto_digest *d, uint8_t *out)
{
	unsigned outlen = 0;

	if (!EVP_DigestFinal_ex(d->ctx, out, &outlen) || outlen != d->len ||
	    !EVP_DigestInit_ex2(d->ctx, d->md, NULL))
		return crypto_fail(TH_ECRYPTO);
	return 0;
}

size_t
th_crypto_digest_len(const struct th_crypto_digest *d)
{
	return d->len;
}

void
th_crypto_digest_destroy(struct th_crypto_digest **dp)
{
	struct th_crypto_digest *d;

	if (dp == NULL || *dp == NULL)
		return;
	d = *dp;
	EVP_MD_CTX_free(d->ctx);
	EVP_MD_free(d->md);
	free(d);
	*dp = NULL;
}

/* ---- algorithms --------------------------------------------------------- */

static const char *const result_names[TH_CRYPTO__RESULTS] = {
#define TH_CRYPTO_RESULT_NAME(name, text) #name,
    TH_CRYPTO_RESULT_MAP(TH_CRYPTO_RESULT_NAME)
#undef TH_CRYPTO_RESULT_NAME
};

static const char *const result_texts[TH_CRYPTO__RESULTS] = {
#define TH_CRYPTO_RESULT_TEXT(name, text) text,
    TH_CRYPTO_RESULT_MAP(TH_CRYPTO_RESULT_TEXT)
#undef TH_CRYPTO_RESULT_TEXT
};

const char *
th_crypto_result_name(enum th_crypto_result r)
{
	return (unsigned)r < TH_CRYPTO__RESULTS ? result_names[r] : "?";
}

const char *
th_crypto_result_text(enum th_crypto_result r)
{
	return (unsigned)r < TH_CRYPTO__RESULTS ? result_texts[r]
	                                        : "unknown result";
}

enum key_kind { KIND_RSA, KIND_EC, KIND_ED };

/* The algorithms we verify; anything else is unsupported (RFC 8624). */
static const struct alg_info {
	uint8_t alg;
	enum key_kind kind;
	const char *keytype; /* OpenSSL key management name */
	const char *md;      /* digest of the signature; NULL for EdDSA */
	const char *group;   /* EC curve */
	size_t keylen;       /* EC and EdDSA: exact public key octets */
	size_t siglen;       /* EC and EdDSA: exact signature octets */
} alg_table[] = {
    {5, KIND_RSA, "RSA", "SHA1", NULL, 0, 0},
    {7, KIND_RSA, "RSA", "SHA1", NULL, 0, 0},
    {8, KIND_RSA, "RSA", "SHA256", NULL, 0, 0},
    {10, KIND_RSA, "RSA", "SHA512", NULL, 0, 0},
    {13, KIND_EC, "EC", "SHA256", "P-256", 64, 64},
    {14, KIND_EC, "EC", "SHA384", "P-384", 96, 96},
    {15, KIND_ED, "ED25519", NULL, NULL, 32, 64},
    {16, KIND_ED, "ED448", NULL, NULL, 57, 114},
};

static const struct alg_info *
alg_find(uint8_t alg)
{
	for (size_t i = 0; i < sizeof(alg_table) / sizeof(alg_table[0]); i++)
		if (alg_table[i].alg == alg)
			return &alg_table[i];
	return NULL;
}

bool
th_crypto_alg_supported(uint8_t alg)
{
	const struct alg_info *ai = alg_find(alg);
	EVP_KEYMGMT *km;
	EVP_MD *md = NULL;
	bool ok;

	if (ai == NULL)
		return false;
	/* Providers decide, not our table: a FIPS-only or trimmed build may
	 * lack a curve or a digest. */
	km = EVP_KEYMGMT_fetch(NULL, ai->keytype, NULL);
	if (ai->md != NULL)
		md = EVP_MD_fetch(NULL, ai->md, NULL);
	ok = km != NULL && (ai->md == NULL || md != NULL);
	EVP_KEYMGMT_free(km);
	EVP_MD_free(md);
	ERR_clear_error();
	return ok;
}

/* RFC 3110 section 2: exponent length (1 or 3 octets), exponent, modulus. */
static int
rsa_split(const uint8_t *key, size_t len, const uint8_t **e, size_t *elen,
          const uint8_t **n, size_t *nlen)
{
	size_t off, explen;

	if (len < 1)
		return TH_EWIRE;
	if (key[0] != 0) {
		explen = key[0];
		off = 1;
	} else {
		if (len < 3)
			return TH_EWIRE;
		explen = (size_t)key[1] << 8 | key[2];
		off = 3;
	}
	if (explen == 0 || explen >= len - off)
		return TH_EWIRE;
	*e = key + off;
	*elen = explen;
	*n = key + off + explen;
	*nlen = len - off - explen;
	/* A modulus with leading zero octets is still that number. */
	while (*nlen > 0 && (*n)[0] == 0) {
		(*n)++;
		(*nlen)--;
	}
	if (*nlen == 0)
		return TH_EWIRE;
	return 0;
}

int
th_crypto_rsa_bits(const uint8_t *key, size_t len, unsigned *bits)
{
	const uint8_t *e, *n;
	size_t elen, nlen;
	unsigned top;
	int rc;

	if ((rc = rsa_split(key, len, &e, &elen, &n, &nlen)) != 0)
		return rc;
	top = 0;
	for (unsigned v = n[0]; v != 0; v >>= 1)
		top++;
	*bits = (unsigned)(nlen - 1) * 8 + top;
	return 0;
}

/* ---- keys --------------------------------------------------------------- */

struct th_crypto_key {
	const struct alg_info *ai;
	EVP_PKEY *pkey;
	EVP_MD *md;         /* RSA and ECDSA: the signature's digest */
	EVP_MD_CTX *mdctx;  /* RSA, ECDSA: hashing; EdDSA: DigestVerify */
	EVP_PKEY_CTX *vctx; /* RSA, ECDSA: verify context, set up once */
	size_t siglen;      /* the only valid signature length */
	unsigned bits;
};

void
th_crypto_key_destroy(struct th_crypto_key **kp)
{
	struct th_crypto_key *k;

	if (kp == NULL || *kp == NULL)
		return;
	k = *kp;
	EVP_PKEY_CTX_free(k->vctx);
	EVP_MD_CTX_free(k->mdctx);
	EVP_MD_free(k->md);
	EVP_PKEY_free(k->pkey);
	free(k);
	*kp = NULL;
}

/*
 * Build an EVP_PKEY from parameters. Returns 1 with *pkey, 0 when OpenSSL
 * rejects the parameters (the key is malformed), -1 on our failure.
 */
static int
pkey_fromdata(const char *type, OSSL_PARAM *params, EVP_PKEY **pkey)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	int rc;

	*pkey = NULL;
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0) {
		EVP_PKEY_CTX_free(ctx);
		return -1;
	}
	rc = EVP_PKEY_fromdata(ctx, pkey, EVP_PKEY_PUBLIC_KEY, params) > 0;
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

/* RSA: returns as pkey_fromdata(), 0 also for bounds we refuse. */
static int
key_rsa(struct th_crypto_key *k, const uint8_t *key, size_t len)
{
	const uint8_t *e, *n;
	size_t elen, nlen;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	BIGNUM *bn_n = NULL, *bn_e = NULL;
	unsigned bits;
	int rc = -1;

	if (rsa_split(key, len, &e, &elen, &n, &nlen) != 0 ||
	    th_crypto_rsa_bits(key, len, &bits) != 0)
		return 0;
	/* OpenSSL refuses moduli past 16384 bits at verification time
	 * (OPENSSL_RSA_MAX_MODULUS_BITS); say so when the key is read. */
	if (bits > 16384)
		return 0;
	bn_n = BN_bin2bn(n, (int)nlen, NULL);
	bn_e = BN_bin2bn(e, (int)elen, NULL);
	bld = OSSL_PARAM_BLD_new();
	if (bn_n == NULL || bn_e == NULL || bld == NULL ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL)
		goto out;
	rc = pkey_fromdata("RSA", params, &k->pkey);
	k->siglen = nlen;
	k->bits = bits;
out:
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn_n);
	BN_free(bn_e);
	return rc;
}

/* ECDSA: RFC 6605 keys are X || Y; OpenSSL wants the SEC1 04 || X || Y. */
static int
key_ec(struct th_crypto_key *k, const uint8_t *key, size_t len)
{
	uint8_t point[1 + 96];
	OSSL_PARAM params[3];

	if (len != k->ai->keylen)
		return 0;
	point[0] = 0x04;
	memcpy(point + 1, key, len);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
	                                             (char *)k->ai->group, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
	                                              point, len + 1);
	params[2] = OSSL_PARAM_construct_end();
	/* Decoding the point checks that it lies on the curve. */
	k->siglen = k->ai->siglen;
	return pkey_fromdata("EC", params, &k->pkey);
}

/* EdDSA: RFC 8080 keys are the raw public keys OpenSSL takes as they are. */
static int
key_ed(struct th_crypto_key *k, const uint8_t *key, size_t len)
{
	if (len != k->ai->keylen)
		return 0;
	k->pkey = EVP_PKEY_new_raw_public_key_ex(NULL, k->ai->keytype, NULL,
	                                         key, len);
	k->siglen = k->ai->siglen;
	return k->pkey != NULL ? 1 : 0;
}

/*
 * Prepare the contexts verification reuses: for RSA and ECDSA a digest
 * context and a verify context with padding and digest set once, so each
 * signature costs one hash and one EVP_PKEY_verify(); for EdDSA a
 * DigestVerify context initialised once and copied per signature.
 */
static int
key_prepare(struct th_crypto_key *k)
{
	if ((k->mdctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (k->ai->kind == KIND_ED)
		return EVP_DigestVerifyInit_ex(k->mdctx, NULL, NULL, NULL, NULL,
		                               k->pkey, NULL) > 0
		           ? 0
		           : -1;
	if ((k->md = EVP_MD_fetch(NULL, k->ai->md, NULL)) == NULL)
		return -1;
	k->vctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	if (k->vctx == NULL || EVP_PKEY_verify_init(k->vctx) <= 0)
		return -1;
	if (k->ai->kind == KIND_RSA &&
	    EVP_PKEY_CTX_set_rsa_padding(k->vctx, RSA_PKCS1_PADDING) <= 0)
		return -1;
	if (EVP_PKEY_CTX_set_signature_md(k->vctx, k->md) <= 0)
		return -1;
	return 0;
}

int
th_crypto_key_new(uint8_t alg, const uint8_t *key, size_t len,
                  struct th_crypto_key **out, enum th_crypto_result *res)
{
	const struct alg_info *ai = alg_find(alg);
	struct th_crypto_key *k;
	int rc;

	*out = NULL;
	if (ai == NULL || !th_crypto_alg_supported(alg)) {
		*res = TH_CRYPTO_UNSUPPORTED;
		return 0;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return TH_ENOMEM;
	k->ai = ai;
	switch (ai->kind) {
	case KIND_RSA:
		rc = key_rsa(k, key, len);
		break;
	case KIND_EC:
		rc = key_ec(k, key, len);
		break;
	default:
		rc = key_ed(k, key, len);
		break;
	}
	if (rc == 0) {
		th_crypto_key_destroy(&k);
		*res = TH_CRYPTO_MALFORMED_KEY;
		return crypto_fail(0);
	}
	if (rc < 0 || key_prepare(k) != 0) {
		th_crypto_key_destroy(&k);
		return crypto_fail(TH_ECRYPTO);
	}
	if (k->bits == 0)
		k->bits = (unsigned)EVP_PKEY_get_bits(k->pkey);
	*out = k;
	*res = TH_CRYPTO_OK;
	return 0;
}

/*
 * One DER INTEGER from a big-endian unsigned value (RFC 6605 gives r and
 * s as fixed-width octet strings; ASN.1 wants the shortest two's
 * complement). Returns the octets written.
 */
static size_t
der_int(uint8_t *out, const uint8_t *v, size_t n)
{
	size_t pad, i = 0;

	while (n > 1 && v[0] == 0) {
		v++;
		n--;
	}
	pad = (v[0] & 0x80) != 0;
	out[i++] = 0x02;
	out[i++] = (uint8_t)(n + pad);
	if (pad)
		out[i++] = 0;
	memcpy(out + i, v, n);
	return i + n;
}

/* ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } from r || s. */
static size_t
ecdsa_der(uint8_t *out, const uint8_t *sig, size_t siglen)
{
	size_t half = siglen / 2, len = 2;

	/* At most 2 * (3 + 48) = 102 content octets: a short-form length. */
	len += der_int(out + len, sig, half);
	len += der_int(out + len, sig + half, half);
	out[0] = 0x30;
	out[1] = (uint8_t)(len - 2);
	return len;
}

int
th_crypto_key_verify(struct th_crypto_key *k, const void *data, size_t len,
                     const uint8_t *sig, size_t siglen,
                     enum th_crypto_result *res)
{
	uint8_t dgst[EVP_MAX_MD_SIZE];
	uint8_t der[2 + 2 * (3 + 48)];
	unsigned dlen = 0;
	int v;

	if (siglen != k->siglen) {
		*res = TH_CRYPTO_MALFORMED_SIG;
		return 0;
	}
	if (k->ai->kind == KIND_ED) {
		/* A copy of the initialised context: the one-shot
		 * EVP_DigestVerify() may not be called twice on one. */
		EVP_MD_CTX *c = EVP_MD_CTX_new();

		if (c == NULL)
			return TH_ENOMEM;
		if (!EVP_MD_CTX_copy_ex(c, k->mdctx)) {
			EVP_MD_CTX_free(c);
			return crypto_fail(TH_ECRYPTO);
		}
		v = EVP_DigestVerify(c, sig, siglen, len > 0 ? data : "", len);
		EVP_MD_CTX_free(c);
	} else {
		if (!EVP_DigestInit_ex2(k->mdctx, k->md, NULL) ||
		    !EVP_DigestUpdate(k->mdctx, data, len) ||
		    !EVP_DigestFinal_ex(k->mdctx, dgst, &dlen))
			return crypto_fail(TH_ECRYPTO);
		if (k->ai->kind == KIND_EC) {
			size_t derlen = ecdsa_der(der, sig, siglen);

			v = EVP_PKEY_verify(k->vctx, der, derlen, dgst, dlen);
		} else {
			v = EVP_PKEY_verify(k->vctx, sig, siglen, dgst, dlen);
		}
	}
	/* 0 is a mismatch; a negative value is, for a well-formed key and a
	 * signature of the right length, also a signature OpenSSL rejects
	 * (an RSA value not below the modulus, an ECDSA r or s out of
	 * range). */
	*res = v == 1 ? TH_CRYPTO_OK : TH_CRYPTO_BAD_SIGNATURE;
	if (v != 1)
		ERR_clear_error();
	return 0;
}

uint8_t
th_crypto_key_alg(const struct th_crypto_key *k)
{
	return k->ai->alg;
}

unsigned
th_crypto_key_bits(const struct th_crypto_key *k)
{
	return k->bits;
}
