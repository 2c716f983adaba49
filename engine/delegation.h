/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * delegation.h -- the Delegation module (DELEGATION01-07): enough name
 * servers with distinct addresses, a referral that fits in 512 octets,
 * authoritative servers, NS names that are not aliases, an SOA, and NS
 * sets that agree between parent and child.
 */
#ifndef TH_DELEGATION_H
#define TH_DELEGATION_H

#include "common/dname.h"
#include "engine/engine.h"

#include <stddef.h>

/* DELEGATION01: at least 2 NS names, 2 with IPv4 and 2 with IPv6. */
void th_delegation01(const struct th_engine_ctx *ctx);
/* DELEGATION02: no IP shared by two NS names. */
void th_delegation02(const struct th_engine_ctx *ctx);
/* DELEGATION03: the largest referral fits in 512 octets. */
void th_delegation03(const struct th_engine_ctx *ctx);
/* DELEGATION04: SOA answers have AA set, over UDP and TCP. */
void th_delegation04(const struct th_engine_ctx *ctx);
/* DELEGATION05: no NS name is a CNAME. */
void th_delegation05(const struct th_engine_ctx *ctx);
/* DELEGATION06: NOERROR SOA answers hold the SOA. */
void th_delegation06(const struct th_engine_ctx *ctx);
/* DELEGATION07: the parent's NS names are the child's. */
void th_delegation07(const struct th_engine_ctx *ctx);

/*
 * DELEGATION03's query name: labels of 'x' in front of zone up to 255
 * octets in wire format (254 when a lone octet would remain).
 */
void th_delegation_long_name(const struct th_dname *zone, struct th_dname *out);

/*
 * The size in octets of the compressed referral DELEGATION03 judges: the
 * long name as question (type NS), the parent's NS RRset (names with
 * TH_EV_DEL) in the authority section, and one A and one AAAA glue record
 * when every such name lies under ev->parent. Name compression is
 * computed as ldns writes it (every suffix of a name written in full is a
 * pointer target); the packet itself is not built.
 */
size_t th_delegation_referral_size(const struct th_evidence *ev);

#endif /* TH_DELEGATION_H */
