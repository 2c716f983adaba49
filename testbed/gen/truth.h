/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * truth.h -- the facts a correct survey finds for every testbed domain.
 *
 * Writes DIR/domains.txt (the child domains, one a line), DIR/truth.tsv
 * (a header line, then one row per domain with its profile and expected
 * facts, in the vocabularies of DESIGN.md section 5; docs/testbed.md
 * defines every column) and DIR/nameservers.tsv (every name-server name
 * with the addresses a resolver finds for it).
 *
 * The facts are derived from the same plan the zone files and server
 * configurations come from, by the rules stated here and in the docs:
 * which server answers with authority, which refuses, which is silent.
 */
#ifndef TBGEN_TRUTH_H
#define TBGEN_TRUTH_H

#include "testbed/gen/plan.h"

/*
 * Write domains.txt, truth.tsv and nameservers.tsv.
 * @return 0; a status of out.h; TH_ENOMEM.
 */
int tbgen_truth_write_all(const struct tbgen_plan *p)
    __attribute__((warn_unused_result));

#endif /* TBGEN_TRUTH_H */
