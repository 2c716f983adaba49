/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * basic.h -- the Basic module (BASIC01-03): does the zone exist, is it
 * delegated, does any name server answer for it. Its verdict gates every
 * other module.
 */
#ifndef TH_BASIC_H
#define TH_BASIC_H

#include "engine/engine.h"

void th_basic01(const struct th_engine_ctx *ctx);
void th_basic02(const struct th_engine_ctx *ctx);
void th_basic03(const struct th_engine_ctx *ctx);

#endif /* TH_BASIC_H */
