/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * analyze.h -- the analyzer's public entry: one pass over a run of the
 * store (its result records and server records), then summary.json and
 * the CSV tables (docs/analyzer.md). `tldhealth analyze` and `tldhealth
 * report` call th_analyze().
 */
#ifndef TH_ANALYZE_H
#define TH_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#define TH_ANALYZE_MAXCOMPARE 16

/* What a pass saw, for logs and the benchmark. */
struct th_analyze_stats {
	uint64_t records, servers;
	double seconds; /* the main run's pass, wall clock */
};

struct th_analyze_conf {
	const char *db;                             /* the store directory */
	const char *run;                            /* the run to analyze */
	const char *compare[TH_ANALYZE_MAXCOMPARE]; /* earlier runs */
	size_t ncompare;
	const char *out; /* output directory; NULL: results/<run> */
	const char *asn; /* --asn-db table, or NULL */
	const char *psl; /* public suffix list file; NULL: the system's */
	struct th_analyze_stats *stats; /* filled in when not NULL */
};

/*
 * Analyze c->run (and every compare run, for the comparison) and write
 * the output directory, creating it (and its parent) when missing.
 * Returns 0, or an error code (common/err.h) with err saying what failed.
 */
int th_analyze(const struct th_analyze_conf *c, char *err, size_t errlen)
    __attribute__((warn_unused_result));

#endif /* TH_ANALYZE_H */
