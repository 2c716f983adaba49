/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * metrics.h -- the survey's metrics and tables: every figure of
 * summary.json, with its id, chapter, title and printed definition, made
 * from a run's accumulators. docs/metrics.md states the same definitions.
 */
#ifndef TH_METRICS_H
#define TH_METRICS_H

#include "analyzer/aggregate.h"
#include "analyzer/summary.h"

/*
 * Add the fact-path counts, metrics and tables of a to s. with_asn: the
 * AS figures were collected (--asn-db). Returns 0 or TH_ENOMEM.
 */
int th_metrics_build(const struct th_aggregate *a, bool with_asn,
                     struct th_summary *s) __attribute__((warn_unused_result));

#endif /* TH_METRICS_H */
