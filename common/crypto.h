/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * crypto.h -- the adapter to OpenSSL 3: digests and DNSSEC signature checks.
 *
 * Nothing else in the tree includes <openssl/...>. Two services:
 *
 * Digests (SHA-1, SHA-256, SHA-384), one-shot with th_crypto_hash() or
 * incremental through a struct th_crypto_digest that can be reused after
 * each th_crypto_digest_final() (NSEC3 hashing iterates thousands of times
 * and must not allocate per iteration).
 *
 * Public keys by DNSSEC algorithm number, in DNSKEY wire form: RSA (RFC
 * 3110 exponent length, exponent, modulus: algorithms 5, 7, 8, 10), ECDSA
 * (RFC 6605 raw X || Y: 13 P-256, 14 P-384) and EdDSA (RFC 8080 raw keys:
 * 15 Ed25519, 16 Ed448). th_crypto_key_new() converts a key once; the key
 * then verifies any number of signatures in RRSIG wire form (RSA PKCS#1
 * v1.5 of the modulus length, ECDSA r || s, EdDSA R || S) over the signed
 * data, which it hashes itself. The same DNSKEY typically verifies many
 * RRSIGs, so the key keeps OpenSSL contexts prepared for that.
 *
 * What a key or signature from the network turns out to be is data, not an
 * error (CONTRIBUTING.md): it comes back as an enum th_crypto_result. An
 * algorithm this build cannot verify (3 DSA, 6, 12 GOST, unknown numbers)
 * is always TH_CRYPTO_UNSUPPORTED, never valid. The int return path is for
 * our own failures only: TH_ENOMEM, or TH_ECRYPTO when OpenSSL fails in a
 * way no input explains.
 *
 * A key object holds mutable OpenSSL contexts: one thread at a time may
 * use it. Distinct keys are independent. There is no global state here.
 */
#ifndef TH_CRYPTO_H
#define TH_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- digests ------------------------------------------------------------ */

enum th_crypto_hash {
	TH_CRYPTO_SHA1 = 0,
	TH_CRYPTO_SHA256,
	TH_CRYPTO_SHA384,
	TH_CRYPTO__HASHES
};

/* Longest digest of enum th_crypto_hash, in octets (SHA-384). */
#define TH_CRYPTO_MAXHASH 48

/* Octets of a digest (20, 32, 48); 0 for a value outside the enum. */
size_t th_crypto_hash_len(enum th_crypto_hash h);

/*
 * One-shot digest of len octets at data (data may be NULL when len is 0)
 * into out, which has room for th_crypto_hash_len(h) octets.
 * @return 0; TH_EINVAL for an unknown h; TH_ENOMEM; TH_ECRYPTO.
 */
int th_crypto_hash(enum th_crypto_hash h, const void *data, size_t len,
                   uint8_t *out) __attribute__((warn_unused_result));

/* An incremental digest (opaque). */
struct th_crypto_digest;

/*
 * Allocate a digest of kind h, ready for updates.
 * @return 0 and *out; TH_EINVAL for an unknown h; TH_ENOMEM; TH_ECRYPTO.
 *         *out is NULL on failure. Release with th_crypto_digest_destroy().
 */
int th_crypto_digest_new(enum th_crypto_hash h, struct th_crypto_digest **out)
    __attribute__((warn_unused_result));

/* Feed len octets. @return 0 or TH_ECRYPTO. */
int th_crypto_digest_update(struct th_crypto_digest *d, const void *data,
                            size_t len) __attribute__((warn_unused_result));

/*
 * Write the digest to out (th_crypto_hash_len() octets) and start over:
 * the object is ready for a new message. @return 0 or TH_ECRYPTO.
 */
int th_crypto_digest_final(struct th_crypto_digest *d, uint8_t *out)
    __attribute__((warn_unused_result));

/* Octets the digest writes. */
size_t th_crypto_digest_len(const struct th_crypto_digest *d);

/* Free the digest and set *d to NULL (NULL or *d NULL: nothing). */
void th_crypto_digest_destroy(struct th_crypto_digest **d);

/* ---- signatures --------------------------------------------------------- */

/* What a key or a signature check came to. */
#define TH_CRYPTO_RESULT_MAP(XX)                                               \
	XX(OK, "valid")                                                        \
	XX(BAD_SIGNATURE, "signature does not verify")                         \
	XX(UNSUPPORTED, "algorithm not supported")                             \
	XX(MALFORMED_KEY, "public key cannot be decoded")                      \
	XX(MALFORMED_SIG, "signature has the wrong form")

enum th_crypto_result {
#define TH_CRYPTO_RESULT_ENUM(name, text) TH_CRYPTO_##name,
	TH_CRYPTO_RESULT_MAP(TH_CRYPTO_RESULT_ENUM)
#undef TH_CRYPTO_RESULT_ENUM
	    TH_CRYPTO__RESULTS
};

/* Tag ("BAD_SIGNATURE") and text of a result; static, never NULL. */
const char *th_crypto_result_name(enum th_crypto_result r);
const char *th_crypto_result_text(enum th_crypto_result r);

/*
 * True when this OpenSSL can verify DNSSEC algorithm alg (the algorithm is
 * one of 5, 7, 8, 10, 13, 14, 15, 16 and its key type and digest can be
 * fetched from the loaded providers). False for everything else.
 */
bool th_crypto_alg_supported(uint8_t alg);

/*
 * Size in bits of the modulus of an RSA public key in DNSKEY wire form
 * (RFC 3110 section 2), leading zero octets not counted: what DNSSEC14
 * judges. Needs no OpenSSL.
 * @return 0 and *bits; TH_EWIRE when the exponent length runs past the
 *         key, the exponent or the modulus is empty, or the modulus is 0.
 */
int th_crypto_rsa_bits(const uint8_t *key, size_t len, unsigned *bits)
    __attribute__((warn_unused_result));

/* A public key ready to verify signatures (opaque). */
struct th_crypto_key;

/*
 * Convert the public key of a DNSKEY (its RDATA after flags, protocol and
 * algorithm: len octets at key) for algorithm alg.
 * @param[out] out  the key, or NULL when *res is not TH_CRYPTO_OK.
 * @param[out] res  TH_CRYPTO_OK; TH_CRYPTO_UNSUPPORTED (as
 *                  th_crypto_alg_supported()); TH_CRYPTO_MALFORMED_KEY for
 *                  a wrong length, an RSA key th_crypto_rsa_bits() rejects
 *                  or longer than 16384 bits, an EC point not on its curve.
 * @return 0 whatever *res is; TH_ENOMEM or TH_ECRYPTO (then *out is NULL
 *         and *res is undefined).
 * The key copies what it needs; key may be released afterwards. Release
 * the object with th_crypto_key_destroy().
 */
int th_crypto_key_new(uint8_t alg, const uint8_t *key, size_t len,
                      struct th_crypto_key **out, enum th_crypto_result *res)
    __attribute__((warn_unused_result));

/*
 * Check the signature sig (siglen octets, RRSIG wire form) of the len
 * octets at data with key k.
 * @param[out] res  TH_CRYPTO_OK when it verifies; TH_CRYPTO_BAD_SIGNATURE
 *                  when it does not; TH_CRYPTO_MALFORMED_SIG when siglen
 *                  is not what the algorithm and key size give.
 * @return 0 whatever *res is; TH_ECRYPTO when OpenSSL fails otherwise.
 */
int th_crypto_key_verify(struct th_crypto_key *k, const void *data, size_t len,
                         const uint8_t *sig, size_t siglen,
                         enum th_crypto_result *res)
    __attribute__((warn_unused_result));

/* The DNSSEC algorithm number the key was made for. */
uint8_t th_crypto_key_alg(const struct th_crypto_key *k);

/* Key size in bits as OpenSSL counts it (RSA modulus, EC curve, 253
 * for Ed25519, 456 for Ed448). */
unsigned th_crypto_key_bits(const struct th_crypto_key *k);

/* Free the key and set *k to NULL (NULL or *k NULL: nothing). */
void th_crypto_key_destroy(struct th_crypto_key **k);

#endif /* TH_CRYPTO_H */
