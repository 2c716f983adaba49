/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * aggregate.h -- the accumulators of one run: counts over the facts and
 * messages of every domain record and over the per-address server facts.
 * Pure (no store, no files): the analyzer feeds it decoded records, the
 * unit tests hand-made facts. Definitions of what is counted:
 * docs/metrics.md.
 */
#ifndef TH_AGGREGATE_H
#define TH_AGGREGATE_H

#include "analyzer/psl.h"
#include "analyzer/tally.h"
#include "engine/asn.h"
#include "engine/facts.h"
#include "engine/report.h"

#include <stdbool.h>
#include <stdint.h>

/* yes / no / unknown for boolean facts. */
enum th_agg_tri { TH_AGG_YES, TH_AGG_NO, TH_AGG_UNKNOWN, TH_AGG__TRI };

/* The four SOA timers: facts (record version 2), else the ZONE test
 * cases' messages. */
enum th_agg_soa {
	TH_AGG_REFRESH,
	TH_AGG_RETRY,
	TH_AGG_EXPIRE,
	TH_AGG_MINIMUM,
	TH_AGG__SOA
};

/* Signatures expiring this soon after the validation time count. */
#define TH_AGG_EXPIRY_WINDOW (7 * 86400)

struct th_aggregate {
	/* Context, set before feeding (both may be NULL). */
	const struct th_psl *psl;
	const struct th_asn_db *asn;

	uint64_t domains; /* records */
	uint64_t nofacts; /* records without facts (not testable) */
	uint64_t withfacts;

	/* dnssec.* */
	uint64_t status[TH_DNSSEC__STATUSES];
	uint64_t bogus[TH_DNSSEC_BOGUS__COUNT];
	uint64_t alg[256], digest[256];
	uint64_t signed_with_alg, with_ds;
	uint64_t denial[4]; /* enum th_dnssec_denial */
	uint64_t nsec3_optout[2];
	uint64_t nsec3_nonzero;
	struct th_tally nsec3_iter;
	uint64_t expiry_known, expiring;

	/* delegation.*, soa.consistent */
	uint64_t lame[3], unreachable[3];
	uint64_t ns_match[TH_AGG__TRI], soa_consistent[TH_AGG__TRI];
	uint64_t glue_mismatch;
	uint64_t srv_cls[TH_SC__COUNT], srv_tcp_cls[TH_SC__COUNT];
	uint64_t served, tcp_fail;

	/* infrastructure */
	uint64_t ipv6[2];  /* [0]: some IPv6 server address, [1]: none */
	uint64_t ns_names; /* sum of NS names at the parent */
	struct th_tally ns_count;
	struct th_tally operators; /* count: domains, weight, aux: NS names */
	struct th_tally nsnames;   /* distinct NS names (operator census) */
	uint64_t asn_known, multi_asn, multi_prefix;
	struct th_tally asns; /* count: domains with an address in the AS */
	struct th_tally nasns, nprefixes; /* ns.asns, ns.prefixes per domain */

	/* behaviour */
	uint64_t edns[TH_ECV__COUNT]; /* server addresses per verdict */
	uint64_t open_recursion, open_axfr, version_disclosure;
	struct th_tally versions;

	/* content */
	uint64_t mx[TH_AGG__TRI], spf[TH_AGG__TRI];
	uint64_t dmarc[TH_AGG__TRI], caa[TH_AGG__TRI];
	uint64_t dmarc_policy[4]; /* enum th_dmarc_policy, of dmarc yes */
	uint64_t soa_from_facts;  /* soa_known from the SOA timer facts */
	uint64_t soa_known, soa_ok;
	struct th_tally soa[TH_AGG__SOA];

	/* outcomes */
	uint64_t tc_error[TH_TC__COUNT], tc_warning[TH_TC__COUNT];
	uint64_t tag_domains[TH_TAG__COUNT];
	uint64_t tag_mark[TH_TAG__COUNT]; /* last domain counted per tag */
	uint64_t max_error, max_warning;

	uint64_t nomem; /* 1 once a tally ran out of memory */
};

/* Zero a (keeping psl and asn as given afterwards by the caller). */
void th_aggregate_init(struct th_aggregate *a);
void th_aggregate_free(struct th_aggregate *a);

/*
 * Count one domain: its messages (rep), its facts (f, NULL when the
 * record has none) and its validation time (seconds since the epoch, 0
 * unknown). Returns 0 or TH_ENOMEM.
 */
int th_aggregate_domain(struct th_aggregate *a, const struct th_report *rep,
                        const struct th_facts *f, uint64_t vtime)
    __attribute__((warn_unused_result));

/* Count one server address's facts (the store's server records). */
void th_aggregate_server(struct th_aggregate *a, const struct th_fact_edns *e);

#endif /* TH_AGGREGATE_H */
