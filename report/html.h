/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * html.h -- the self-contained HTML report: CSS inline, the charts' SVG
 * inlined, a Content-Security-Policy that forbids every fetch and every
 * script, and each string of the summary escaped by report/escape.
 */
#ifndef TH_HTML_H
#define TH_HTML_H

#include "report/model.h"

#include <stdio.h>

/* The policy in the report's meta element: no script, no fetch; inline
 * styles and data: images only. */
#define TH_HTML_CSP                                                            \
	"default-src 'none'; style-src 'unsafe-inline'; img-src data:"

/*
 * Write the report for s to out. charts_dir holds <id>.svg for every
 * table with a chart (th_chart_render's output); a missing chart is an
 * error, since the report promises it. Returns 0, or TH_EIO / a negated
 * errno with a message in err.
 */
int th_html_write(const struct th_model *s, const char *charts_dir, FILE *out,
                  char *err, size_t errlen);

/*
 * A figure as the report prints it: shares as percent with one decimal,
 * counts as integers (two decimals when fractional), seconds with "s",
 * indices with three decimals, "n/a" for NaN. Shared with the PDF.
 */
void th_html_format_value(char *buf, size_t len, const char *unit, double v);

/* A change since a compared run: "+1.0 pp" for shares, else "+2.5". */
void th_html_format_delta(char *buf, size_t len, const char *unit, double d);

/* The format of a table cell of the given column type. */
void th_html_format_cell(char *buf, size_t len, enum th_model_type type,
                         double v);

#endif /* TH_HTML_H */
