/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * result.h -- one domain's result as people and programs read it: the
 * text lines of `tldhealth check` and the JSON object of `--json` and
 * `export` (DESIGN.md section 3: domain, messages, facts). The JSON side
 * of jansson for results lives here.
 */
#ifndef TH_RESULT_H
#define TH_RESULT_H

#include "common/buf.h"
#include "common/dname.h"
#include "engine/evidence.h"
#include "engine/report.h"

#include <stdio.h>

/*
 * Print the messages at level min or above, one a line:
 * LEVEL MODULE TESTCASE TAG text.
 */
void th_result_print_text(FILE *out, const struct th_report *rep,
                          enum th_level min);

/*
 * Append the JSON object of the result (messages at min or above; facts
 * from ev, which may be NULL) to out, without a final newline. Returns 0
 * or TH_ENOMEM.
 */
int th_result_json(const struct th_dname *domain, const struct th_report *rep,
                   enum th_level min, const struct th_evidence *ev,
                   struct th_buf *out) __attribute__((warn_unused_result));

#endif /* TH_RESULT_H */
