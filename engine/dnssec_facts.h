/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnssec_facts.h -- the survey's dnssec.* facts of one domain (DESIGN.md
 * section 5), from the evidence's DNSSEC answers.
 *
 * Definitions (docs/facts.md):
 *   status: "indeterminate" when no server answers for the zone with
 *     authority, or when every DS that could anchor the zone uses a
 *     digest or algorithm this build cannot check; else "unsigned" (no
 *     DS, no DNSKEY), "island" (DNSKEY, no DS), "bogus" (DS, and the zone
 *     has no DNSKEY, or no DNSKEY matches a DS, or the DNSKEY or SOA
 *     RRset has no valid signature at the validation time), "secure".
 *   A zone whose servers answer plain queries with authority but no
 *   DNSSEC (EDNS) query is unsigned, or bogus (no_dnskey) under a DS.
 *   The DS set is the union of the parent servers' authoritative DS
 *   answers (an undelegated test's --ds instead); the DNSKEY RRset and
 *   SOA signatures come from the first server that answers both with
 *   authority. Validation time is the evidence's, one clock per run.
 *   With the parent's chain of trust (ev->parent_trust, crawler/chain): a
 *   zone with DS under an insecure parent is "island" (signed) or
 *   "unsigned"; under a bogus parent "bogus" (parent_bogus); under an
 *   indeterminate one "indeterminate"; under a secure one a "secure" zone
 *   also needs a DS RRset validly signed by the parent's keys (else
 *   "bogus", ds_bad_signature).
 */
#ifndef TH_DNSSEC_FACTS_H
#define TH_DNSSEC_FACTS_H

#include "engine/evidence.h"

struct th_dsig_keyring;

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_DNSSEC_STATUS_MAP(XX)                                               \
	XX(INDETERMINATE, "indeterminate")                                     \
	XX(UNSIGNED, "unsigned")                                               \
	XX(ISLAND, "island")                                                   \
	XX(BOGUS, "bogus")                                                     \
	XX(SECURE, "secure")

enum th_dnssec_status {
#define TH_DNSSEC_STATUS_ENUM(name, text) TH_DNSSEC_##name,
	TH_DNSSEC_STATUS_MAP(TH_DNSSEC_STATUS_ENUM)
#undef TH_DNSSEC_STATUS_ENUM
	    TH_DNSSEC__STATUSES
};

/* Why a zone is bogus (bits of th_dnssec_facts.bogus). */
#define TH_DNSSEC_BOGUS_MAP(XX)                                                \
	XX(NO_DNSKEY, "no_dnskey")                                             \
	XX(DS_NO_MATCH, "ds_no_match")                                         \
	XX(NO_RRSIG, "no_rrsig")                                               \
	XX(SIG_EXPIRED, "sig_expired")                                         \
	XX(SIG_NOT_YET_VALID, "sig_not_yet_valid")                             \
	XX(BAD_SIGNATURE, "bad_signature")                                     \
	XX(DS_BAD_SIGNATURE, "ds_bad_signature")                               \
	XX(PARENT_BOGUS, "parent_bogus")

enum th_dnssec_bogus {
#define TH_DNSSEC_BOGUS_ENUM(name, text) TH_DNSSEC_BOGUS_##name,
	TH_DNSSEC_BOGUS_MAP(TH_DNSSEC_BOGUS_ENUM)
#undef TH_DNSSEC_BOGUS_ENUM
	    TH_DNSSEC_BOGUS__COUNT
};

enum th_dnssec_denial {
	TH_DENIAL_UNKNOWN,
	TH_DENIAL_NONE,
	TH_DENIAL_NSEC,
	TH_DENIAL_NSEC3
};

#define TH_DNSSEC_MAXALG 16

struct th_dnssec_facts {
	uint8_t status; /* enum th_dnssec_status */
	unsigned bogus; /* 1 << enum th_dnssec_bogus */
	size_t nalg, ndigest;
	uint8_t alg[TH_DNSSEC_MAXALG];    /* DNSKEY algorithms, ascending */
	uint8_t digest[TH_DNSSEC_MAXALG]; /* DS digest types, ascending */
	uint8_t denial;                   /* enum th_dnssec_denial */
	bool nsec3_known;                 /* the three below are set */
	uint16_t nsec3_iterations;
	bool nsec3_optout;
	uint8_t nsec3_salt_len;
	uint8_t nsec3_salt[255];
	bool has_expiry;
	uint64_t earliest_expiry; /* seconds since the epoch */
};

const char *th_dnssec_status_name(enum th_dnssec_status s);
const char *th_dnssec_bogus_name(enum th_dnssec_bogus b);
/* "nsec", "nsec3", "none"; NULL when unknown. */
const char *th_dnssec_denial_name(enum th_dnssec_denial d);

/*
 * Derive the facts of ev; served says whether some server answers for
 * the zone with authority (th_facts). keys: the domain's DNSKEYs shared
 * with the engine's run (th_engine_run), so that what it verified is
 * not verified again; NULL: keys of its own. Returns 0, or TH_ENOMEM
 * when the signature checks could not run (status is then
 * indeterminate).
 */
int th_dnssec_facts_compute(const struct th_evidence *ev, bool served,
                            struct th_dsig_keyring *keys,
                            struct th_dnssec_facts *out)
    __attribute__((warn_unused_result));

#endif /* TH_DNSSEC_FACTS_H */
