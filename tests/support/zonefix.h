/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zonefix.h -- zone files and single records read into wire-format views,
 * for the DNSSEC unit tests and the signature benchmark.
 *
 * ldns parses the presentation format (the signed zones and key files of
 * tests/data/dnssec); each record becomes an owner, type, class, TTL and
 * a heap copy of its RDATA, case kept, names uncompressed, exactly as the
 * engine's th_dsig_rr views expect. Free of Check, so sigbench can use it.
 */
#ifndef TH_TESTS_ZONEFIX_H
#define TH_TESTS_ZONEFIX_H

#include "common/dname.h"
#include "engine/dnssec_sig.h"

#include <stddef.h>
#include <stdint.h>

struct zonefix_rr {
	struct th_dname owner;
	uint16_t type, rclass;
	uint32_t ttl;
	uint16_t rdlen;
	uint8_t *rdata; /* malloc'd, rdlen octets (at least 1 allocated) */
};

struct zonefix {
	struct zonefix_rr *rr;
	size_t n, cap;
};

/* An empty set. */
void zonefix_init(struct zonefix *z);

/*
 * Append every record of a zone file (the SOA first when there is one).
 * origin is the default origin for relative names ("dnssec.test.").
 * Returns 0, or -1 when the file cannot be read or parsed (a message on
 * stderr says where).
 */
int zonefix_load(struct zonefix *z, const char *path, const char *origin);

/*
 * Append the DNSKEY of every key file K<zone>+<alg>+<tag>.key in dir, in
 * name order, and the tag each file name gives to tags[i] for the i-th
 * key appended (at most cap). Returns the number of keys, or -1.
 */
int zonefix_load_keys(struct zonefix *z, const char *dir, const char *origin,
                      uint16_t *tags, size_t cap);

/* Append one record in zone-file syntax, absolute names. 0 or -1. */
int zonefix_add_str(struct zonefix *z, const char *text);

void zonefix_free(struct zonefix *z);

/*
 * The lines of a signed zone file (as ldns-signzone writes them: one
 * record a line) whose owner is owner (absolute, as written) and type is
 * type, and for RRSIG whose type covered is covered (any when NULL),
 * ';'-joined without ldns's comments: the text canned_answer() takes.
 * Returns a malloc'd string ("" when none), or NULL when the file cannot
 * be read.
 */
char *zonefix_lines(const char *path, const char *owner, const char *type,
                    const char *covered);

/* A view of one record (borrowing it). */
void zonefix_view(const struct zonefix_rr *rr, struct th_dsig_rr *out);

/*
 * The records with this owner (case ignored) and type, as views into out
 * (at most cap); for type RRSIG only those covering `covered` (any when
 * covered is 0). Returns how many there are (may exceed cap).
 */
size_t zonefix_find(const struct zonefix *z, const struct th_dname *owner,
                    uint16_t type, uint16_t covered, struct th_dsig_rr *out,
                    size_t cap);

/* ---- the signed fixtures of tests/data/dnssec (make-fixtures.sh) ------- */

/* Where they are, relative to the repository root (where tests run). */
#define ZONEFIX_DIR "tests/data/dnssec"
#define ZONEFIX_ORIGIN "dnssec.test."
/* Validation time inside every fixture's 2024-2044 validity: 2025-01-01. */
#define ZONEFIX_NOW 1735689600u

/* One signed copy of zone.in: <tool>-<alg>/. */
struct zonefix_set {
	const char *name; /* "ldns-8" */
	uint8_t alg;
	const char *salt; /* NSEC3 salt in hex ("" none); NULL for NSEC */
	uint16_t iterations;
};

extern const struct zonefix_set zonefix_sets[];
extern const size_t zonefix_nsets;

/* A set loaded: the signed zone, its keys and the tags in the names. */
struct zonefix_loaded {
	struct zonefix zone, keys;
	uint16_t tags[8];
	size_t nkeys;
};

/* Load a set; 0 or -1. Free with zonefix_loaded_free(). */
int zonefix_set_load(const struct zonefix_set *s, struct zonefix_loaded *l);
void zonefix_loaded_free(struct zonefix_loaded *l);

/* The key with this tag, or NULL. */
const struct zonefix_rr *zonefix_key(const struct zonefix_loaded *l,
                                     uint16_t tag);

#endif /* TH_TESTS_ZONEFIX_H */
