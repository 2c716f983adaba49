/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnssec.h -- the DNSSEC module, DNSSEC01-11 and 13-18: DS digest
 * algorithms (01), DS against DNSKEY (02), NSEC3 parameters (03), RRSIG
 * lifetimes (04), DNSKEY algorithms (05), RRSIGs in DNSKEY answers (06),
 * signed zone and DS (07), valid RRSIGs over DNSKEY (08) and SOA (09),
 * NSEC/NSEC3 at the apex (10), DS against an unsigned zone (11), every
 * algorithm signing SOA, NS and DNSKEY (13), RSA key sizes (14), CDS and
 * CDNSKEY existence (15), validity (16, 17) and trust from the DS (18).
 * DNSSEC12 is a placeholder in Zonemaster too and has no function.
 *
 * Every test case reads the evidence only (the replies each one reads
 * are listed at the top of dnssec.c). Signatures are checked at ev->now,
 * the one clock of the run. A reply missing from the evidence gives no
 * verdict for that server. Algorithms this build cannot verify are
 * reported as Zonemaster does (*_ALGO_NOT_SUPPORTED_BY_ZM) and never
 * count as valid.
 *
 * th_dnssec_run (engine.h) runs DNSSEC07, then DNSSEC11, then the rest
 * in number order unless DNSSEC07 emitted DS07_NOT_SIGNED, each only when
 * the profile enables it. It parses the DNSKEY answers once for all of
 * them; a th_dnssecNN called alone parses them for itself.
 */
#ifndef TH_DNSSEC_H
#define TH_DNSSEC_H

#include "engine/engine.h"

void th_dnssec01(const struct th_engine_ctx *ctx);
void th_dnssec02(const struct th_engine_ctx *ctx);
void th_dnssec03(const struct th_engine_ctx *ctx);
void th_dnssec04(const struct th_engine_ctx *ctx);
void th_dnssec05(const struct th_engine_ctx *ctx);
void th_dnssec06(const struct th_engine_ctx *ctx);
void th_dnssec07(const struct th_engine_ctx *ctx);
void th_dnssec08(const struct th_engine_ctx *ctx);
void th_dnssec09(const struct th_engine_ctx *ctx);
void th_dnssec10(const struct th_engine_ctx *ctx);
void th_dnssec11(const struct th_engine_ctx *ctx);
void th_dnssec13(const struct th_engine_ctx *ctx);
void th_dnssec14(const struct th_engine_ctx *ctx);
void th_dnssec15(const struct th_engine_ctx *ctx);
void th_dnssec16(const struct th_engine_ctx *ctx);
void th_dnssec17(const struct th_engine_ctx *ctx);
void th_dnssec18(const struct th_engine_ctx *ctx);

#endif /* TH_DNSSEC_H */
