/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ldnswire.h -- expected wire forms computed by ldns, for unit tests.
 *
 * A test of a parser of ours should not compare against bytes the same
 * author wrote by hand: ldns reads the same presentation text, and its
 * wire output is the reference (RDATA uncompressed, case kept).
 */
#ifndef TH_TESTS_LDNSWIRE_H
#define TH_TESTS_LDNSWIRE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse one record in zone-file syntax ("example.se. 3600 IN MX 10
 * mail.example.se.") with ldns. origin (NULL for the root) completes
 * relative names. Sets *type, *ttl and *rclass, writes the RDATA to out
 * (cap octets) and the owner's wire form to owner (256 octets, may be
 * NULL). Fails the running Check test when ldns cannot read the text.
 * @return the RDATA length.
 */
size_t ldnswire_rr(const char *text, const char *origin, uint16_t *type,
                   uint32_t *ttl, uint16_t *rclass, uint8_t *owner,
                   uint8_t *out, size_t cap);

/* True when ldns refuses the text (for tests of what both reject). */
int ldnswire_rejects(const char *text);

#endif /* TH_TESTS_LDNSWIRE_H */
