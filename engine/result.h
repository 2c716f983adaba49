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
#include "engine/facts.h"
#include "engine/report.h"

#include <stdio.h>

/*
 * Print the messages at level min or above, one a line:
 * LEVEL MODULE TESTCASE TAG text.
 */
void th_result_print_text(FILE *out, const struct th_report *rep,
                          enum th_level min);

/*
 * Append the JSON object of the result (messages at min or above; the
 * facts f, or an empty object when f is NULL) to out, without a final
 * newline. The facts carry everything shown, so a stored result (store/
 * record) gives the same octets as the live one. Returns 0 or TH_ENOMEM.
 */
int th_result_json_facts(const struct th_dname *domain,
                         const struct th_report *rep, enum th_level min,
                         const struct th_facts *f, struct th_buf *out)
    __attribute__((warn_unused_result));

/*
 * th_result_json_facts with the facts computed from ev (NULL: none);
 * keys as th_facts_compute's.
 */
int th_result_json(const struct th_dname *domain, const struct th_report *rep,
                   enum th_level min, const struct th_evidence *ev,
                   struct th_dsig_keyring *keys, struct th_buf *out)
    __attribute__((warn_unused_result));

/*
 * CSV for export (docs/store.md): the header line, and one row per
 * result with the main facts as columns (lists joined with ';', unknown
 * empty), the number of servers, the highest message level and the
 * counts of ERROR-or-worse and WARNING messages. Every cell is quoted;
 * one starting = + - @ TAB or CR gets a ' in front (formula injection).
 * No final newline. Return 0 or TH_ENOMEM.
 */
int th_result_csv_header(struct th_buf *out)
    __attribute__((warn_unused_result));
int th_result_csv_row(const struct th_dname *domain,
                      const struct th_report *rep, const struct th_facts *f,
                      struct th_buf *out) __attribute__((warn_unused_result));

#endif /* TH_RESULT_H */
