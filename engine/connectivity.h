/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * connectivity.h -- the Connectivity module (CONNECTIVITY01-04): do the
 * name servers answer SOA and NS queries over UDP and TCP, and are their
 * addresses spread over several ASs and announced prefixes.
 *
 * Every test case reads the evidence only (engine.h). CONNECTIVITY01/02
 * judge the plain (UDP) and TCP SOA and NS replies of every name server
 * (name, address) pair of both NS sets; they are the one place where a
 * server's basic failures are reported. CONNECTIVITY03/04 look every
 * address up in the prefix-to-ASN table of the engine configuration
 * (engine/asn.h); without a table every address gets ERROR_ASN_DATABASE
 * or CN04_ERROR_PREFIX_DATABASE, as when Zonemaster's lookup fails.
 */
#ifndef TH_CONNECTIVITY_H
#define TH_CONNECTIVITY_H

#include "engine/engine.h"

void th_connectivity01(const struct th_engine_ctx *ctx);
void th_connectivity02(const struct th_engine_ctx *ctx);
void th_connectivity03(const struct th_engine_ctx *ctx);
void th_connectivity04(const struct th_engine_ctx *ctx);

#endif /* TH_CONNECTIVITY_H */
