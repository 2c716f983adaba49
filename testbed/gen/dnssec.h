/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnssec.h -- keys, DS records and zone signing: tbgen's one ldns adapter.
 *
 * Key generation is slow for RSA (about 150 ms a key), so the testbed
 * keeps a small pool of keys per algorithm and role (KSK with flags 257,
 * ZSK with flags 256) and reuses them across zones; reusing a key in many
 * zones is harmless for validation. A zone's DNSSEC set-up (struct
 * tbgen_sec in plan.h) names its keys by algorithm and pool index.
 * Key material comes from OpenSSL and differs on every run; everything
 * else is deterministic.
 *
 * Call tbgen_dnssec_prepare() for every key a run needs before forking
 * worker processes, so that parent and children sign with the same keys.
 *
 * The pool is an opaque handle owned by the caller (tbgen_dnssec_free).
 * ldns types and statuses stay inside dnssec.c.
 */
#ifndef TBGEN_DNSSEC_H
#define TBGEN_DNSSEC_H

#include "testbed/gen/plan.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct tbgen_dnssec;

/* One algorithm the testbed signs with. */
struct tbgen_alg_info {
	uint8_t alg;     /* DNSSEC algorithm number */
	uint16_t bits;   /* key size given to the generator */
	uint32_t weight; /* share among signed child zones, per mille */
	uint8_t nksk;    /* KSK pool size (at least 2) */
	uint8_t nzsk;    /* ZSK pool size */
};

/* The algorithm table (RSASHA256, RSASHA512, ECDSA P-256/P-384, Ed25519,
 * Ed448); *n gets its length. Static storage. */
const struct tbgen_alg_info *tbgen_dnssec_algs(size_t *n);

/* The row of one algorithm number, or NULL if the testbed does not sign
 * with it. */
const struct tbgen_alg_info *tbgen_dnssec_alg(uint8_t alg);

/* Times written into RRSIGs. */
struct tbgen_sigtimes {
	uint32_t inception;
	uint32_t expiration;
};

/*
 * Create an empty pool.
 * @return 0; TH_ENOMEM.
 */
int tbgen_dnssec_new(struct tbgen_dnssec **out)
    __attribute__((warn_unused_result));

/* Release the pool and its keys. NULL-safe. */
void tbgen_dnssec_free(struct tbgen_dnssec *ks);

/*
 * Make sure the key (alg, ksk?, index) exists, generating it if needed.
 * @return 0; TH_EINVAL for an algorithm or index outside the table;
 *         TH_ECRYPTO when key generation fails.
 */
int tbgen_dnssec_prepare(struct tbgen_dnssec *ks, uint8_t alg, bool ksk,
                         unsigned index) __attribute__((warn_unused_result));

/*
 * Sign a zone given as presentation-format text and write it to out.
 * @param[in] origin  zone name with the final dot ("example.se.")
 * @param[in] text,len  the unsigned zone (SOA first), absolute owner names
 * @param[in] sec     keys, denial of existence and NSEC3 parameters
 * @param[in] times   signature validity
 * @return 0; TH_ESYNTAX when the text does not parse; TH_ECRYPTO when
 *         signing fails; TH_EINVAL for keys not prepared; -errno when
 *         writing fails; TH_ENOMEM.
 */
int tbgen_dnssec_sign_zone(struct tbgen_dnssec *ks, const char *origin,
                           const char *text, size_t len,
                           const struct tbgen_sec *sec,
                           const struct tbgen_sigtimes *times, FILE *out)
    __attribute__((warn_unused_result));

/*
 * The DS records the parent publishes for a zone, in presentation format,
 * one per digest type in sec->digests, each ending in a newline, made from
 * KSK pool key (sec->ds_alg, sec->ds_key).
 * @param[in] owner  with the final dot
 * @param[out] buf   receives the text (NUL-terminated)
 * @return 0; TH_ETOOBIG when buf is too small; TH_EINVAL for a key not
 *         prepared; TH_ECRYPTO.
 */
int tbgen_dnssec_ds_text(struct tbgen_dnssec *ks, const char *owner,
                         const struct tbgen_sec *sec, uint32_t ttl, char *buf,
                         size_t size) __attribute__((warn_unused_result));

/*
 * The DNSKEY record of a KSK pool key under owner, in presentation format
 * with a newline (the root trust anchor).
 * @return as tbgen_dnssec_ds_text().
 */
int tbgen_dnssec_dnskey_text(struct tbgen_dnssec *ks, const char *owner,
                             uint8_t alg, unsigned index, uint32_t ttl,
                             char *buf, size_t size)
    __attribute__((warn_unused_result));

#endif /* TBGEN_DNSSEC_H */
