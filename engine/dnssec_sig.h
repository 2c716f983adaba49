/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnssec_sig.h -- RFC 4034/4035 signature logic: key tags, DS digests,
 * canonical RRsets and RRSIG verification, over common/crypto.
 *
 * Records come in as views over wire format (struct th_dsig_rr): an owner,
 * type, class, TTL and RDATA borrowed from a parsed message (use
 * th_dsig_rr_from_msg() on a th_rr of common/msg.h) or from anywhere else
 * (a zone file, a DS given on the command line). When the RDATA lies in a
 * message, names inside it may be compressed and are read through the
 * message; standalone RDATA must hold its names uncompressed.
 *
 * The canonical form (RFC 4034 section 6) lower-cases the owner and the
 * names inside the RDATA of the types RFC 4034 section 6.2 lists as
 * amended by RFC 6840 section 5.1 (NS, MD, MF, CNAME, SOA, MB, MG, MR,
 * PTR, MINFO, MX, RP, AFSDB, RT, SIG, PX, NXT, NAPTR, KX, SRV, DNAME, A6,
 * RRSIG; not NSEC, not HINFO), takes the TTL from the RRSIG's original TTL,
 * rebuilds a wildcard owner from the RRSIG's labels field, sorts the
 * records by canonical RDATA and drops duplicates.
 *
 * Verification is a DNS outcome, not an error: th_dsig_verify() returns 0
 * and an enum th_dsig_outcome; its int status is for our failures
 * (TH_ENOMEM, TH_ETOOBIG for a scratch buffer cap, TH_ECRYPTO). The
 * validation time is a parameter: one clock per run, read by the caller.
 *
 * A DNSKEY is parsed once into a struct th_dsig_key (key tag, flags,
 * algorithm, owner, and the converted public key), then verifies any
 * number of RRSIGs. Like the crypto key inside it, one thread at a time.
 */
#ifndef TH_DNSSEC_SIG_H
#define TH_DNSSEC_SIG_H

#include "common/buf.h"
#include "common/dname.h"
#include "common/msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* DNSKEY flags (RFC 4034 2.1.1, RFC 5011 7). */
#define TH_DSIG_FLAG_ZONE 0x0100u
#define TH_DSIG_FLAG_REVOKE 0x0080u
#define TH_DSIG_FLAG_SEP 0x0001u

/* A record in wire format, borrowed. */
struct th_dsig_rr {
	const struct th_dname *owner; /* borrowed, as found (any case) */
	uint16_t type, rclass;
	uint32_t ttl;
	const uint8_t *rdata; /* rdlen octets */
	uint16_t rdlen;
	/*
	 * The message rdata lies in, for compressed names inside it; NULL
	 * (msglen 0) when rdata stands alone.
	 */
	const uint8_t *msg;
	size_t msglen;
};

/*
 * View a record of a parsed message. The view borrows m's wire and rr's
 * owner: both must outlive it.
 */
static inline void
th_dsig_rr_from_msg(struct th_dsig_rr *out, const struct th_msg *m,
                    const struct th_rr *rr)
{
	out->owner = &rr->owner;
	out->type = rr->type;
	out->rclass = rr->rclass;
	out->ttl = rr->ttl;
	out->rdata = m->wire + rr->rdoff;
	out->rdlen = rr->rdlen;
	out->msg = m->wire;
	out->msglen = m->len;
}

/* ---- key tags and DS ---------------------------------------------------- */

/*
 * Key tag of a DNSKEY RDATA (RFC 4034 appendix B), including the
 * algorithm 1 (RSA/MD5) rule of B.1: the 16 bits above the lowest 8 of
 * the modulus. RDATA shorter than 4 octets gives 0.
 */
uint16_t th_dsig_keytag(const uint8_t *rdata, size_t rdlen);

/* What a DS (or CDS) says about a DNSKEY. */
#define TH_DSIG_DS_MAP(XX)                                                     \
	XX(MATCH, "DS matches the DNSKEY")                                     \
	XX(NO_MATCH, "digest differs")                                         \
	XX(KEY_MISMATCH, "key tag, algorithm or owner differ")                 \
	XX(DIGEST_NOT_SUPPORTED, "digest type not supported")                  \
	XX(MALFORMED, "DS or DNSKEY RDATA malformed")

enum th_dsig_ds_result {
#define TH_DSIG_DS_ENUM(name, text) TH_DSIG_DS_##name,
	TH_DSIG_DS_MAP(TH_DSIG_DS_ENUM)
#undef TH_DSIG_DS_ENUM
	    TH_DSIG_DS__RESULTS
};

const char *th_dsig_ds_result_name(enum th_dsig_ds_result r);

/* Digest type to its length: 1 -> 20, 2 -> 32, 4 -> 48; 0 otherwise (3,
 * GOST R 34.11-94, included: this build does not compute it). */
size_t th_dsig_ds_digest_len(uint8_t digest_type);

/*
 * The DS digest of a DNSKEY (RFC 4034 5.1.4, RFC 4509, RFC 6605): digest
 * of the lower-cased owner name and the DNSKEY RDATA.
 * @param[out] out  room for TH_CRYPTO_MAXHASH (48) octets.
 * @param[out] len  octets written.
 * @return 0; TH_EINVAL for a digest type th_dsig_ds_digest_len() does not
 *         know; TH_ENOMEM; TH_ECRYPTO.
 */
int th_dsig_ds_digest(uint8_t digest_type, const struct th_dname *owner,
                      const uint8_t *dnskey, size_t dnskey_len, uint8_t *out,
                      size_t *len) __attribute__((warn_unused_result));

/*
 * Compare a DS (or CDS) RDATA with a DNSKEY (or CDNSKEY) record: key tag,
 * algorithm, owner name (the DS's owner must equal the key's, case
 * ignored), then the digest. A DS whose digest length is wrong for its
 * type, or RDATA shorter than its fixed fields, is MALFORMED.
 * @return 0 with *res; TH_ENOMEM or TH_ECRYPTO.
 */
int th_dsig_ds_match(const struct th_dsig_rr *ds, const struct th_dsig_rr *key,
                     enum th_dsig_ds_result *res)
    __attribute__((warn_unused_result));

/* ---- RRSIG -------------------------------------------------------------- */

/* The fields of an RRSIG RDATA (RFC 4034 3.1). */
struct th_dsig_rrsig {
	uint16_t type_covered;
	uint8_t algorithm;
	uint8_t labels;
	uint32_t original_ttl;
	uint32_t expiration;
	uint32_t inception;
	uint16_t key_tag;
	struct th_dname signer; /* uncompressed, case as found */
	const uint8_t *sig;     /* borrowed from the RDATA */
	size_t siglen;
};

/*
 * Read an RRSIG. The signer's name may be compressed when the view has a
 * message (RFC 4034 forbids it; we read what servers send).
 * @return 0, or TH_EWIRE when the RDATA is shorter than its fixed fields
 *         or the name is malformed. An empty signature is not an error
 *         here; verification calls it malformed.
 */
int th_dsig_rrsig_parse(const struct th_dsig_rr *rr, struct th_dsig_rrsig *out)
    __attribute__((warn_unused_result));

/*
 * RFC 1982 serial number comparison, as RFC 4034 3.1.5 asks for the
 * signature times: < 0 when a is before b, 0 when equal, > 0 after. Two
 * values exactly 2^31 apart are undefined in RFC 1982; here a is then
 * "after" b.
 */
int th_dsig_serial_cmp(uint32_t a, uint32_t b);

/*
 * Write the canonical form of rr's RDATA (names decompressed, lower-cased
 * for the types listed above) to out, cap octets.
 * @return 0 and *len; TH_EWIRE for RDATA whose names or fixed fields do
 *         not fit its type; TH_ETOOBIG when cap is too small (65535 is
 *         always enough).
 */
int th_dsig_rdata_canonical(const struct th_dsig_rr *rr, uint8_t *out,
                            size_t cap, size_t *len)
    __attribute__((warn_unused_result));

/*
 * Append to out the data an RRSIG signs (RFC 4034 3.1.8.1): the RRSIG
 * RDATA without its signature, the signer's name lower-cased, then the n
 * records of rrset in canonical form and order. out keeps what it held
 * before; on failure it is truncated back to that.
 * @return 0; TH_EWIRE for malformed RRSIG or record RDATA, records that
 *         are not one RRset (owner, class, type), a type other than the
 *         one covered, or a labels field larger than the owner's label
 *         count; TH_ETOOBIG from out's cap; TH_ENOMEM.
 */
int th_dsig_signed_data(const struct th_dsig_rr *rrsig,
                        const struct th_dsig_rr *rrset, size_t n,
                        struct th_buf *out) __attribute__((warn_unused_result));

/* ---- keys and verification ---------------------------------------------- */

/* A DNSKEY prepared for verification (opaque). */
struct th_dsig_key;

/*
 * Prepare a DNSKEY (or CDNSKEY) record. Never fails on content: a key
 * with an unsupported algorithm or an undecodable public key is still
 * made, knows its tag, flags, algorithm and owner, and makes every
 * signature check that gets as far as cryptography come out
 * ALGO_NOT_SUPPORTED or MALFORMED.
 * @return 0 and *out; TH_ENOMEM or TH_ECRYPTO (*out NULL). Copies what it
 *         needs from the view. Release with th_dsig_key_destroy().
 */
int th_dsig_key_new(const struct th_dsig_rr *dnskey, struct th_dsig_key **out)
    __attribute__((warn_unused_result));

void th_dsig_key_destroy(struct th_dsig_key **k);

/*
 * The DNSKEYs of one domain's test, shared by everything that checks its
 * signatures (the DNSSEC test cases and the facts): each key is prepared
 * once, and a signature one of them verified is not verified again (the
 * key's memory, below). Keys are told apart by owner and RDATA. Zero
 * (TH_DSIG_KEYRING_INIT) is an empty ring.
 */
struct th_dsig_keyring {
	struct th_dsig_keyring_entry *e;
	size_t n, alloc;
};
#define TH_DSIG_KEYRING_INIT                                                   \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/*
 * The ring's key for a DNSKEY record, prepared (th_dsig_key_new) the
 * first time. The ring owns it: do not destroy it.
 * @return 0 and *out; TH_ENOMEM or TH_ECRYPTO (*out NULL).
 */
int th_dsig_keyring_get(struct th_dsig_keyring *r,
                        const struct th_dsig_rr *dnskey,
                        struct th_dsig_key **out)
    __attribute__((warn_unused_result));

/* Public-key verifications run by the ring's keys, in all. */
uint64_t th_dsig_keyring_crypto_ops(const struct th_dsig_keyring *r);

/* Destroy every key of the ring; it is then empty and reusable. */
void th_dsig_keyring_free(struct th_dsig_keyring *r);

uint16_t th_dsig_key_tag(const struct th_dsig_key *k);
uint16_t th_dsig_key_flags(const struct th_dsig_key *k);
uint8_t th_dsig_key_protocol(const struct th_dsig_key *k);
uint8_t th_dsig_key_algorithm(const struct th_dsig_key *k);
/* The key's owner, borrowed from the key. */
const struct th_dname *th_dsig_key_owner(const struct th_dsig_key *k);
/* True when the public key was converted and can verify. */
bool th_dsig_key_usable(const struct th_dsig_key *k);
/* RSA modulus bits (0 when not RSA or malformed). */
unsigned th_dsig_key_rsa_bits(const struct th_dsig_key *k);
/*
 * Public-key verifications the key has run. A key remembers its last
 * eight (the exact signed data and signature, and the result), so the
 * same RRSIG over the same RRset, seen again from another server or by
 * another test case, is not verified twice.
 */
uint64_t th_dsig_key_crypto_ops(const struct th_dsig_key *k);

/* What checking one RRSIG over one RRset with one DNSKEY came to. */
#define TH_DSIG_OUTCOME_MAP(XX)                                                \
	XX(VALID, "signature valid")                                           \
	XX(BAD_SIGNATURE, "signature does not verify")                         \
	XX(ALGO_NOT_SUPPORTED, "algorithm not supported")                      \
	XX(KEY_MISMATCH, "key does not fit the RRSIG")                         \
	XX(RRSET_MISMATCH, "RRSIG does not cover the RRset")                   \
	XX(NOT_YET_VALID, "signature not yet valid")                           \
	XX(EXPIRED, "signature expired")                                       \
	XX(MALFORMED, "RRSIG, RRset or key malformed")

enum th_dsig_outcome {
#define TH_DSIG_OUTCOME_ENUM(name, text) TH_DSIG_##name,
	TH_DSIG_OUTCOME_MAP(TH_DSIG_OUTCOME_ENUM)
#undef TH_DSIG_OUTCOME_ENUM
	    TH_DSIG__OUTCOMES
};

/* Tag ("EXPIRED") and text of an outcome; static, never NULL. */
const char *th_dsig_outcome_name(enum th_dsig_outcome o);
const char *th_dsig_outcome_text(enum th_dsig_outcome o);

/*
 * Whether now (seconds since 1970) lies within the RRSIG's validity,
 * compared as serial numbers (RFC 4034 3.1.5): NOT_YET_VALID when now is
 * before inception, EXPIRED when after expiration, VALID otherwise (both
 * ends included).
 */
enum th_dsig_outcome th_dsig_check_time(const struct th_dsig_rrsig *sig,
                                        uint64_t now);

/*
 * Verify the RRSIG rrsig over the n records of rrset with key, at time
 * now. The checks, in order, and the first that fails decides *out:
 *  - MALFORMED: the RRSIG RDATA cannot be read, or its signature is empty;
 *  - RRSET_MISMATCH: n is 0, the records are not one RRset, its type is
 *    not the type covered, its class is not the RRSIG's, its owner is not
 *    the RRSIG's, the owner is not at or below the signer, or the labels
 *    field exceeds the owner's label count;
 *  - KEY_MISMATCH: the key's owner is not the signer, its algorithm or
 *    tag is not the RRSIG's, its protocol is not 3, or its zone flag is
 *    clear (RFC 4034 2.1.2, RFC 4035 5.3.1);
 *  - NOT_YET_VALID, EXPIRED: as th_dsig_check_time();
 *  - ALGO_NOT_SUPPORTED: the algorithm cannot be verified here;
 *  - MALFORMED: a record's RDATA does not fit its type, the public key
 *    cannot be decoded, or the signature has the wrong length;
 *  - BAD_SIGNATURE or VALID: the cryptographic check.
 * @param scratch  a buffer for the signed data, reused between calls to
 *                 save allocations (emptied first); NULL for a private
 *                 one freed before returning.
 * @return 0 with *out; TH_ENOMEM, TH_ETOOBIG (scratch's cap), TH_ECRYPTO.
 */
int th_dsig_verify(const struct th_dsig_rr *rrsig,
                   const struct th_dsig_rr *rrset, size_t n,
                   struct th_dsig_key *key, uint64_t now,
                   struct th_buf *scratch, enum th_dsig_outcome *out)
    __attribute__((warn_unused_result));

/* ---- an RRset of a message ---------------------------------------------- */

/* Records of one RRset, and RRSIGs over it, read from one message. */
#define TH_DSIG_MAXSET 64

/*
 * The records of type at owner (case ignored) in m's answer section, as
 * views whose owner is owner; at most max. Returns how many.
 */
size_t th_dsig_msg_rrset(const struct th_msg *m, const struct th_dname *owner,
                         uint16_t type, struct th_dsig_rr *out, size_t max);

/*
 * Check the RRSIGs over the RRset (owner, type) in the answer section of
 * m with keys: each key is tried on the RRSIGs that cover type and carry
 * its tag and algorithm. The bit 1u << outcome of every outcome met is
 * or-ed into *seen; *nsigs gets the number of RRSIGs covering type, and
 * *valid whether one of them verified. The views take owner as the owner
 * of every record (matched without regard to case).
 * @return 0; TH_ENOMEM, TH_ETOOBIG or TH_ECRYPTO as th_dsig_verify().
 */
int th_dsig_rrset_check(const struct th_msg *m, const struct th_dname *owner,
                        uint16_t type, struct th_dsig_key *const *keys,
                        size_t nkeys, uint64_t now, struct th_buf *scratch,
                        unsigned *seen, size_t *nsigs, bool *valid)
    __attribute__((warn_unused_result));

#endif /* TH_DNSSEC_SIG_H */
