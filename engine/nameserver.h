/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nameserver.h -- the Nameserver module (NAMESERVER01-13 and 15): how each
 * name server behaves as a server, whatever the zone's data: recursion,
 * EDNS handling, zone transfers, AAAA queries, name resolution of the NS
 * names, upward referrals, letter case, software version.
 *
 * Every test case reads the evidence only (engine.h; the replies each one
 * reads are listed at the top of nameserver.c). Servers are Zonemaster's
 * "all NS IPs": every (name, address) pair of both NS sets; pairs of a
 * family not in use get IPV4_DISABLED / IPV6_DISABLED (DEBUG). A reply the
 * probe never sent gives no verdict for that server, never a failure.
 */
#ifndef TH_NAMESERVER_H
#define TH_NAMESERVER_H

#include "engine/engine.h"

void th_nameserver01(const struct th_engine_ctx *ctx);
void th_nameserver02(const struct th_engine_ctx *ctx);
void th_nameserver03(const struct th_engine_ctx *ctx);
void th_nameserver04(const struct th_engine_ctx *ctx);
void th_nameserver05(const struct th_engine_ctx *ctx);
void th_nameserver06(const struct th_engine_ctx *ctx);
void th_nameserver07(const struct th_engine_ctx *ctx);
void th_nameserver08(const struct th_engine_ctx *ctx);
void th_nameserver09(const struct th_engine_ctx *ctx);
void th_nameserver10(const struct th_engine_ctx *ctx);
void th_nameserver11(const struct th_engine_ctx *ctx);
void th_nameserver12(const struct th_engine_ctx *ctx);
void th_nameserver13(const struct th_engine_ctx *ctx);
void th_nameserver15(const struct th_engine_ctx *ctx);

#endif /* TH_NAMESERVER_H */
