/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * csv.h -- one CSV cell, quoted and escaped against formula injection:
 * the single place export and the analyzer's tables write CSV through.
 */
#ifndef TH_CSV_H
#define TH_CSV_H

#include "common/buf.h"

#include <stdbool.h>

/*
 * Append text as one cell (a comma before it unless first): always
 * double-quoted, quotes doubled, and a leading = + - @ TAB or CR (what a
 * spreadsheet reads as a formula) behind a single quote. DNS-derived
 * strings reach spreadsheets through these files. Returns 0 or TH_ENOMEM.
 */
int th_csv_cell(struct th_buf *out, const char *text, bool first)
    __attribute__((warn_unused_result));

#endif /* TH_CSV_H */
