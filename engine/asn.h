/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * asn.h -- the prefix-to-ASN table behind --asn-db: which announced prefix
 * covers an address, and which AS numbers originate it.
 *
 * CONNECTIVITY03/04 need the origin AS and the announced prefix of every
 * name server address. Zonemaster asks a DNS zone (Cymru style) or RIPE
 * RISwhois per address; a survey of a whole TLD reads one local table
 * instead, made from a RouteViews or RIPE RIS dump (docs/asn-db.md). The
 * text format is one announced prefix per line:
 *
 *     # comment
 *     192.0.2.0/24 64500
 *     2001:db8::/32 64500,64501
 *
 * Lookups are longest-prefix matches. The table is read-only after
 * loading, so one table can serve every thread.
 */
#ifndef TH_ASN_H
#define TH_ASN_H

#include "common/addr.h"

#include <stddef.h>
#include <stdint.h>

/* struct th_asn_db is opaque (engine.h declares it for the engine conf). */
struct th_asn_db;

/* Most AS numbers one line may give for a prefix (a large AS set). */
#define TH_ASN_MAXLINE 1024

/*
 * Read a table from a file. A prefix given on several lines gets the
 * union of their AS numbers; host bits after the prefix length are
 * cleared. Returns 0 with *out set, or TH_EIO (cannot read the file),
 * TH_ESYNTAX (a bad line; err says "path:line: why") or TH_ENOMEM, with
 * *out NULL. err (errlen bytes, may be NULL when errlen is 0) gets a
 * message on failure.
 */
int th_asn_db_load(struct th_asn_db **out, const char *path, char *err,
                   size_t errlen) __attribute__((warn_unused_result));

/*
 * The same from text in memory (len octets, no NUL needed); err names
 * the line as "line N: why". For tests and tools.
 */
int th_asn_db_load_mem(struct th_asn_db **out, const char *text, size_t len,
                       char *err, size_t errlen)
    __attribute__((warn_unused_result));

/*
 * The most specific prefix covering addr (port ignored): *prefix (may be
 * NULL) gets it, asns its AS numbers in ascending order, at most max of
 * them. Returns how many AS numbers the prefix has (possibly more than
 * max), or 0 when no prefix covers addr. db may be NULL (returns 0).
 */
size_t th_asn_db_lookup(const struct th_asn_db *db, const struct th_addr *addr,
                        struct th_prefix *prefix, uint32_t *asns, size_t max);

/* Prefixes in the table (after merging repeated ones). */
size_t th_asn_db_size(const struct th_asn_db *db);

/* Free the table; NULL is a no-op. */
void th_asn_db_free(struct th_asn_db *db);

#endif /* TH_ASN_H */
