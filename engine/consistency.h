/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * consistency.h -- the Consistency module (CONSISTENCY01-06): do all the
 * name servers serve the same SOA (serial, RNAME, timers, MNAME) and NS
 * set, and do the glue addresses at the parent match the zone's own.
 *
 * Every test case reads the evidence only (engine.h). CONSISTENCY01-04
 * and 06 compare the authoritative plain SOA (NS for 04) replies of every
 * name server (name, address) pair of both NS sets; servers that do not
 * answer so are reported at DEBUG only, CONNECTIVITY01 covers them.
 * CONSISTENCY05 asks the zone's own servers for the addresses of its
 * in-bailiwick names and compares them with the glue.
 */
#ifndef TH_CONSISTENCY_H
#define TH_CONSISTENCY_H

#include "engine/engine.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void th_consistency01(const struct th_engine_ctx *ctx);
void th_consistency02(const struct th_engine_ctx *ctx);
void th_consistency03(const struct th_engine_ctx *ctx);
void th_consistency04(const struct th_engine_ctx *ctx);
void th_consistency05(const struct th_engine_ctx *ctx);
void th_consistency06(const struct th_engine_ctx *ctx);

/* Zonemaster's $SERIAL_MAX_VARIATION: serials must be equal. */
#define TH_SERIAL_MAX_VARIATION 0u

/* th_consistency_serial_cmp: a and b are exactly 2^31 apart. */
#define TH_SERIAL_UNDEFINED 2

/*
 * Compare two SOA serials in RFC 1982 arithmetic (SERIAL_BITS 32):
 * -1 when a < b, 0 when equal, 1 when a > b, TH_SERIAL_UNDEFINED when
 * they are 2^31 apart, which RFC 1982 leaves undefined.
 */
int th_consistency_serial_cmp(uint32_t a, uint32_t b);

/*
 * Order n serials (n >= 1) in RFC 1982 arithmetic. When they have one
 * well-defined order (all lie within less than half the serial space of
 * the smallest), returns true with the first and last in *min and *max;
 * their distance is *max - *min (modulo 2^32). Otherwise returns false,
 * with the plain numeric minimum and maximum.
 */
bool th_consistency_serial_range(const uint32_t *s, size_t n, uint32_t *min,
                                 uint32_t *max);

#endif /* TH_CONSISTENCY_H */
