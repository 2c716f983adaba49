/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nsec.h -- NSEC and NSEC3 data: RDATA parsing, type bitmaps, NSEC3
 * hashing and the canonical-order coverage tests denial of existence
 * rests on.
 *
 * For DNSSEC03 and DNSSEC10 and the dnssec.denial, dnssec.nsec3_iterations
 * and dnssec.nsec3_optout facts. RDATA is read from {ptr, len} views as
 * untrusted bytes: the parsers return TH_EWIRE for anything that does not
 * fit the RFC's layout and never read outside the given bounds. Parsed
 * structs borrow from the RDATA (salt, next hash, bitmap), which must
 * outlive them. NSEC3 hashing (RFC 5155 section 5) is SHA-1 through
 * common/crypto; nothing here allocates except that digest.
 */
#ifndef TH_NSEC_H
#define TH_NSEC_H

#include "common/dname.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* NSEC3 hash algorithm 1, SHA-1 (RFC 5155 11): its digest length. */
#define TH_NSEC_SHA1 1
#define TH_NSEC_HASHLEN 20
/* NSEC3 flags (RFC 5155 3.1.2.1); the other seven bits are unassigned. */
#define TH_NSEC_OPTOUT 0x01u
/* base32hex of a 20-octet hash: 32 characters. */
#define TH_NSEC_B32LEN 32

/* NSEC RDATA (RFC 4034 4.1). */
struct th_nsec {
	struct th_dname next; /* uncompressed, case as found */
	const uint8_t *bitmap;
	size_t bitmap_len;
};

/* NSEC3 RDATA (RFC 5155 3.2). */
struct th_nsec3 {
	uint8_t algorithm;
	uint8_t flags;
	uint16_t iterations;
	const uint8_t *salt;
	uint8_t salt_len;
	const uint8_t *next; /* next hashed owner, binary */
	uint8_t next_len;
	const uint8_t *bitmap;
	size_t bitmap_len;
};

/* NSEC3PARAM RDATA (RFC 5155 4.2). */
struct th_nsec3param {
	uint8_t algorithm;
	uint8_t flags;
	uint16_t iterations;
	const uint8_t *salt;
	uint8_t salt_len;
};

/*
 * Parse NSEC RDATA: the next name (uncompressed, RFC 4034 4.1.1) and a
 * well-formed bitmap (th_nsec_bitmap_check()).
 * @return 0 or TH_EWIRE.
 */
int th_nsec_parse(const uint8_t *rdata, size_t len, struct th_nsec *out)
    __attribute__((warn_unused_result));

/*
 * Parse NSEC3 RDATA: fixed fields, salt, next hashed owner (at least one
 * octet) and a well-formed bitmap (possibly empty).
 * @return 0 or TH_EWIRE.
 */
int th_nsec_parse3(const uint8_t *rdata, size_t len, struct th_nsec3 *out)
    __attribute__((warn_unused_result));

/* Parse NSEC3PARAM RDATA, which ends after the salt. @return 0/TH_EWIRE. */
int th_nsec_parse3param(const uint8_t *rdata, size_t len,
                        struct th_nsec3param *out)
    __attribute__((warn_unused_result));

/*
 * Check a type bitmap (RFC 4034 4.1.2): windows in increasing order, each
 * with a bitmap length of 1 to 32 octets that ends in a non-zero octet,
 * all inside len. An empty bitmap is well-formed (NSEC3 of an empty
 * non-terminal). @return 0 or TH_EWIRE.
 */
int th_nsec_bitmap_check(const uint8_t *bitmap, size_t len)
    __attribute__((warn_unused_result));

/*
 * True when type is in the bitmap. Reads within len whatever the content;
 * a malformed bitmap gives the answer of its readable windows.
 */
bool th_nsec_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type);

/*
 * NSEC3 hash of name (RFC 5155 5): IH(salt, x, 0) = H(x || salt),
 * IH(salt, x, k) = H(IH(salt, x, k-1) || salt), over the canonical (lower
 * case) wire form of name, iterations additional times.
 * @param[out] out  TH_NSEC_HASHLEN octets.
 * @return 0; TH_EINVAL for an algorithm other than 1; TH_ENOMEM;
 *         TH_ECRYPTO.
 */
int th_nsec_hash(const struct th_dname *name, uint8_t algorithm,
                 uint16_t iterations, const uint8_t *salt, size_t salt_len,
                 uint8_t *out) __attribute__((warn_unused_result));

/*
 * Base32 with the extended hex alphabet (RFC 4648 7), lower case, no
 * padding (RFC 5155 3.3): the text of len octets into out (cap octets
 * including a NUL; (len * 8 + 4) / 5 + 1 suffice).
 * @return the characters written (without the NUL), or 0 when cap is too
 *         small (out is then "" if cap > 0).
 */
size_t th_nsec_b32hex(const uint8_t *in, size_t len, char *out, size_t cap);

/*
 * Decode base32hex text (either case, no padding) of len characters into
 * out, cap octets. Unused trailing bits must be zero.
 * @return 0 and *outlen; TH_EWIRE for a character outside the alphabet, a
 *         length no encoding has, or non-zero trailing bits; TH_ETOOBIG
 *         when cap is too small.
 */
int th_nsec_b32hex_decode(const char *in, size_t len, uint8_t *out, size_t cap,
                          size_t *outlen) __attribute__((warn_unused_result));

/*
 * The hash an NSEC3 owner name carries in its first label.
 * @return 0 and *outlen; TH_EWIRE when the first label is not base32hex
 *         (or name is the root); TH_ETOOBIG as th_nsec_b32hex_decode().
 */
int th_nsec_owner_hash(const struct th_dname *owner, uint8_t *out, size_t cap,
                       size_t *outlen) __attribute__((warn_unused_result));

/*
 * The owner name of the NSEC3 record for hash in zone: base32hex of the
 * hash as a label in front of zone.
 * @return 0, or TH_ETOOBIG when the label (at most 63 characters) or the
 *         name (255 octets) would be too long.
 */
int th_nsec_hash_name(const uint8_t *hash, size_t len,
                      const struct th_dname *zone, struct th_dname *out)
    __attribute__((warn_unused_result));

/*
 * Whether an NSEC from owner to next covers name (RFC 4034 6.1 order):
 * owner < name < next, or, for the last NSEC of the chain (next at or
 * before owner, pointing back to the apex), name after owner or before
 * next. A chain of one record (next == owner) covers every other name.
 * The owner itself is matched, not covered: false.
 */
bool th_nsec_covers(const struct th_dname *owner, const struct th_dname *next,
                    const struct th_dname *name);

/*
 * The same for NSEC3 hashes, compared as unsigned octet strings (a
 * shorter string that is a prefix sorts first; hashes of one chain have
 * one length).
 */
bool th_nsec_covers_hash(const uint8_t *owner, size_t owner_len,
                         const uint8_t *next, size_t next_len,
                         const uint8_t *hash, size_t hash_len);

#endif /* TH_NSEC_H */
