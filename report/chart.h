/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * chart.h -- the gnuplot adapter: one data file and one script per table
 * of the summary, run by gnuplot as a child process (no shell, a fixed
 * environment) into SVG (for the HTML), PNG (pngcairo) and PDF (pdfcairo).
 *
 * The data files hold numbers only; labels, which are hostile DNS
 * strings, go into the script as single-quoted gnuplot strings through
 * th_escape_gnuplot, and every terminal runs with `noenhanced` so no
 * label is read as markup.
 */
#ifndef TH_CHART_H
#define TH_CHART_H

#include "report/model.h"

#include <stddef.h>

/* The gnuplot used when the caller names none; searched in a fixed list
 * of directories, never through the caller's PATH. */
#define TH_CHART_GNUPLOT_DEFAULT "gnuplot"

/*
 * Write DIR/<id>.dat and DIR/<id>.gp for table t (which must have a chart
 * kind other than none) and run gnuplot on them in DIR, making
 * DIR/<id>.svg, DIR/<id>.png and DIR/<id>.pdf. gnuplot's messages go to
 * DIR/<id>.log. gnuplot: a path, or NULL for the default. Returns 0,
 * TH_ENOTFOUND when gnuplot is missing, TH_EIO when it fails (err names
 * the log), or a negated errno for the files.
 */
int th_chart_render(const struct th_model_table *t, const char *dir,
                    const char *gnuplot, char *err, size_t errlen);

/*
 * The column a chart plots for t: the first count column, else the first
 * share, else the first number; -1 when t has no numeric column. The
 * label column is the first string column (-1: row numbers).
 */
int th_chart_value_col(const struct th_model_table *t);
int th_chart_label_col(const struct th_model_table *t);

/* The chart's height in SVG pixels (its width is 720): 400, more for
 * horizontal bars with many rows. PNG and PDF keep the same aspect. */
unsigned th_chart_height(const struct th_model_table *t);

#endif /* TH_CHART_H */
