/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * normalize.h -- Zonemaster's input normalisation of a domain name: spaces
 * trimmed, IDN U-labels to A-labels (libidn2, IDNA2008 with UTS #46
 * non-transitional processing), lower case, length limits. Failures are
 * the SYSTEM module's CRITICAL tags (RequirementsAndNormalizationOf-
 * DomainNames.md). This module is the adapter to libidn2.
 */
#ifndef TH_NORMALIZE_H
#define TH_NORMALIZE_H

#include "common/dname.h"
#include "engine/report.h"

/*
 * Normalise input into out. Returns 0, or TH_EINVAL after emitting the
 * CRITICAL tag that says why into rep.
 */
int th_normalize(const char *input, struct th_dname *out, struct th_report *rep)
    __attribute__((warn_unused_result));

#endif /* TH_NORMALIZE_H */
