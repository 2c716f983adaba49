/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zone.h -- the Zone module (ZONE01-11): the zone's content as its
 * servers publish it: SOA MNAME and timers, MX, single SOA, SPF policy.
 *
 * Every test case reads the evidence only (engine.h). ZONE02-07 judge the
 * SOA of the first name server (th_ev_ips order) that answers the plain
 * SOA query authoritatively. As in Zonemaster's Zone::all, ZONE09 is
 * skipped when ZONE08 found no authoritative MX answer, and ZONE10 and
 * ZONE11 when ZONE02-07 found no authoritative SOA answer.
 */
#ifndef TH_ZONE_H
#define TH_ZONE_H

#include "engine/engine.h"

void th_zone01(const struct th_engine_ctx *ctx);
void th_zone02(const struct th_engine_ctx *ctx);
void th_zone03(const struct th_engine_ctx *ctx);
void th_zone04(const struct th_engine_ctx *ctx);
void th_zone05(const struct th_engine_ctx *ctx);
void th_zone06(const struct th_engine_ctx *ctx);
void th_zone07(const struct th_engine_ctx *ctx);
void th_zone08(const struct th_engine_ctx *ctx);
void th_zone09(const struct th_engine_ctx *ctx);
void th_zone10(const struct th_engine_ctx *ctx);
void th_zone11(const struct th_engine_ctx *ctx);

#endif /* TH_ZONE_H */
