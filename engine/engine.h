/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine.h -- judging a domain: the test cases over its evidence.
 *
 * Pure functions: no network, no clock (the evidence carries the time),
 * no global state. th_engine_run runs the modules in Zonemaster's order
 * with its gates (nothing after Basic unless BASIC01 found the child and
 * BASIC02 a working name server). Each module is engine/<module>.c with
 * a th_<module>_run entry and one public function per test case, so unit
 * tests can run a single test case over canned evidence.
 */
#ifndef TH_ENGINE_H
#define TH_ENGINE_H

#include "common/addr.h"
#include "engine/evidence.h"
#include "engine/profile.h"
#include "engine/report.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct th_asn_db;
struct th_dsig_keyring;

#define TH_ENGINE_MAXGLOBAL 8

struct th_engine_conf {
	const struct th_profile *profile;
	/* Prefix-to-ASN table for CONNECTIVITY03/04 (--asn-db); NULL when
	 * none was given. */
	const struct th_asn_db *asn;
	/* Prefixes to treat as globally reachable despite the IANA
	 * registries (--global-prefix; the testbed's loopback addresses). */
	size_t nglobal;
	struct th_prefix global[TH_ENGINE_MAXGLOBAL];
};

/* What a test case function gets. */
struct th_engine_ctx {
	const struct th_evidence *ev;
	const struct th_engine_conf *conf;
	struct th_report *rep;
	/* The domain's DNSKEYs, shared with whoever checks its signatures
	 * after the run (th_facts_compute); NULL: the DNSSEC module keeps
	 * its own. */
	struct th_dsig_keyring *keys;
};

/* Defaults: the profile must be given; no ASN table, no extra prefixes. */
static inline void
th_engine_conf_init(struct th_engine_conf *c, const struct th_profile *profile)
{
	memset(c, 0, sizeof(*c));
	c->profile = profile;
}

/* Run every enabled test case over ev into rep. keys: as in
 * th_engine_ctx (NULL or a ring the caller frees). */
void th_engine_run(const struct th_evidence *ev,
                   const struct th_engine_conf *conf, struct th_report *rep,
                   struct th_dsig_keyring *keys);

/* Module entry points, in run order (engine/<module>.c). */
bool th_basic_run(const struct th_engine_ctx *ctx);
void th_address_run(const struct th_engine_ctx *ctx);
void th_connectivity_run(const struct th_engine_ctx *ctx);
void th_consistency_run(const struct th_engine_ctx *ctx);
void th_delegation_run(const struct th_engine_ctx *ctx);
/* DNSSEC07, then DNSSEC11, then the rest unless DNSSEC07 said
 * DS07_NOT_SIGNED (engine/dnssec.c). */
void th_dnssec_run(const struct th_engine_ctx *ctx);
void th_nameserver_run(const struct th_engine_ctx *ctx);
void th_syntax_run(const struct th_engine_ctx *ctx);
void th_zone_run(const struct th_engine_ctx *ctx);

#endif /* TH_ENGINE_H */
