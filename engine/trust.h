/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * trust.h -- the chain of trust (RFC 4035 section 5): from a trust anchor
 * to the root's DNSKEY RRset, and from a secure zone's keys down through
 * a child's DS and DNSKEY RRsets.
 *
 * Pure checks over answers that crawler/chain fetched, once per zone per
 * run; the validation time is a parameter. A zone's verdict:
 *   secure        its DNSKEY RRset is validated from the anchor;
 *   insecure      a zone above it, or it, has no DS at its parent (the
 *                 parent's NODATA answer is taken as it comes: its NSEC
 *                 or NSEC3 proof is not checked), or every DS uses a
 *                 digest or algorithm this build cannot check (RFC 4035
 *                 5.2);
 *   bogus         a signature or DS on the way does not validate;
 *   indeterminate no usable answer for a DNSKEY or DS question.
 * A secure zone keeps its prepared DNSKEYs, which then check the DS
 * RRsets of the zones delegated from it (th_trust_ds_check).
 */
#ifndef TH_TRUST_H
#define TH_TRUST_H

#include "common/buf.h"
#include "common/dname.h"
#include "common/msg.h"
#include "engine/dnssec_sig.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_TRUST_STATUS_MAP(XX)                                                \
	XX(UNKNOWN, "unknown")                                                 \
	XX(SECURE, "secure")                                                   \
	XX(INSECURE, "insecure")                                               \
	XX(BOGUS, "bogus")                                                     \
	XX(INDETERMINATE, "indeterminate")

enum th_trust_status {
#define TH_TRUST_STATUS_ENUM(name, text) TH_TRUST_##name,
	TH_TRUST_STATUS_MAP(TH_TRUST_STATUS_ENUM)
#undef TH_TRUST_STATUS_ENUM
	    TH_TRUST__STATUSES
};

/* "secure", ...; static, never NULL. */
const char *th_trust_status_name(enum th_trust_status s);

#define TH_TRUST_MAXANCHOR 8
#define TH_TRUST_RDMAX 1024
#define TH_TRUST_MAXKEYS 16

/* A trust anchor: DS and DNSKEY records of one zone (normally the root). */
struct th_trust_anchor {
	struct th_dname owner;
	size_t n;
	struct {
		uint16_t type; /* TH_T_DS or TH_T_DNSKEY */
		uint16_t len;
		uint8_t rdata[TH_TRUST_RDMAX];
	} rr[TH_TRUST_MAXANCHOR];
};

/* The IANA root KSKs (KSK-2017 and KSK-2024) as DS records. */
void th_trust_anchor_default(struct th_trust_anchor *a);

/*
 * Add a DS or DNSKEY record (RDATA in wire form). The first record sets
 * the anchor's owner; every other must have the same. Returns 0, or
 * TH_EINVAL (another type, another owner, RDATA too long or too short),
 * TH_ETOOBIG (full).
 */
int th_trust_anchor_add(struct th_trust_anchor *a, const struct th_dname *owner,
                        uint16_t type, const uint8_t *rdata, size_t len)
    __attribute__((warn_unused_result));

/* One zone's verdict. */
struct th_trust_zone {
	struct th_dname zone;
	uint8_t status;  /* enum th_trust_status */
	const char *why; /* static; NULL when secure */
	/* Secure only: the validated DNSKEY RRset, prepared. */
	size_t nkeys;
	struct th_dsig_key *keys[TH_TRUST_MAXKEYS];
};

/* Release the keys; z can be filled again. */
void th_trust_zone_clear(struct th_trust_zone *z);

/*
 * The anchor's zone from its DNSKEY answer (NULL: none came): secure when
 * a key matching the anchor (a DS of it, or a DNSKEY of it) signs the
 * DNSKEY RRset validly at now. scratch is a buffer for the signed data.
 * Returns 0, TH_ENOMEM or TH_ECRYPTO.
 */
int th_trust_zone_anchor(const struct th_trust_anchor *a,
                         const struct th_msg *dnskey, uint64_t now,
                         struct th_buf *scratch, struct th_trust_zone *out)
    __attribute__((warn_unused_result));

/*
 * A zone below parent, from the parent's DS answer and the zone's DNSKEY
 * answer (either NULL: none came). A parent that is not secure passes its
 * status on. Returns 0, TH_ENOMEM or TH_ECRYPTO.
 */
int th_trust_zone_child(const struct th_trust_zone *parent,
                        const struct th_dname *zone, const struct th_msg *ds,
                        const struct th_msg *dnskey, uint64_t now,
                        struct th_buf *scratch, struct th_trust_zone *out)
    __attribute__((warn_unused_result));

/*
 * Check the DS RRset of child in a message from a server of the secure
 * zone parent. *ds_found says the answer has DS records for child;
 * *valid that an RRSIG over them verifies with parent's keys at now.
 * Returns 0, TH_ENOMEM, TH_ETOOBIG or TH_ECRYPTO.
 */
int th_trust_ds_check(const struct th_trust_zone *parent,
                      const struct th_dname *child, const struct th_msg *ds,
                      uint64_t now, struct th_buf *scratch, bool *ds_found,
                      bool *valid) __attribute__((warn_unused_result));

#endif /* TH_TRUST_H */
