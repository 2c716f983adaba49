/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * summary.h -- summary.json (schema 1) read into a checked model: the one
 * jansson adapter of the report.
 *
 * The report renders from this model alone, never from the store, so any
 * run written by any analyzer of schema 1 renders. Loading checks every
 * member the report uses (type, range, table shape) and fails with a
 * message naming the JSON path, so a malformed file gives a clear error
 * instead of a half-written report. Strings in the model are hostile DNS
 * data and must pass through report/escape before output.
 */
#ifndef TH_SUMMARY_H
#define TH_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#define TH_SUMMARY_SCHEMA 1

enum th_summary_type {
	TH_SUMMARY_STRING,
	TH_SUMMARY_COUNT,
	TH_SUMMARY_SHARE,
	TH_SUMMARY_NUMBER,
};

enum th_summary_chart {
	TH_CHART_NONE,
	TH_CHART_BAR,
	TH_CHART_HBAR,
	TH_CHART_PIE,
	TH_CHART_HISTOGRAM,
};

/* One value of a metric in a compared run. */
struct th_summary_cmp {
	const char *run;
	double value;
	bool has_delta;
	double delta; /* percentage points for shares, else plain */
};

struct th_summary_metric {
	const char *id, *chapter, *title, *unit, *definition;
	bool headline;
	double value;
	bool has_ratio; /* numerator and denominator present */
	double numerator, denominator;
	size_t ncompare;
	struct th_summary_cmp *compare;
};

/* One cell: a string (NULL for JSON null) or a number. */
struct th_summary_cell {
	const char *s;
	double v;
	bool is_num;
};

struct th_summary_table {
	const char *id, *chapter, *title, *definition;
	enum th_summary_chart chart;
	size_t ncols, nrows, total_rows;
	const char **columns;
	enum th_summary_type *types;
	struct th_summary_cell *cells; /* nrows * ncols, row-major */
};

struct th_summary_chapter {
	const char *id, *title;
};

struct th_summary_run {
	const char *run, *generated;
	double domains;
};

/*
 * The model. Strings are borrowed from the parsed document and live as
 * long as the model.
 */
struct th_summary {
	void *doc; /* the jansson root, owned */
	const char *generator, *generated, *run, *input, *state;
	double domains;
	size_t nchapters, nmetrics, ntables, ncompare;
	struct th_summary_chapter *chapters;
	struct th_summary_metric *metrics;
	struct th_summary_table *tables;
	struct th_summary_run *compare;
};

/*
 * Read and check the summary.json at path into *out (caller storage).
 * On failure returns TH_ESYNTAX (not JSON, or a member of the wrong type
 * or shape), TH_ECONFIG (an unsupported schema), TH_ENOMEM, or a negated
 * errno for the file, and writes a message naming the file, line or JSON
 * path into err. *out needs th_summary_free only after success.
 */
int th_summary_load(struct th_summary *out, const char *path, char *err,
                    size_t errlen);

/* As th_summary_load, from a buffer (the fuzz target's and tests' way). */
int th_summary_parse(struct th_summary *out, const char *buf, size_t len,
                     char *err, size_t errlen);

void th_summary_free(struct th_summary *s);

/* The cell at (row, col) of t. */
const struct th_summary_cell *th_summary_cell(const struct th_summary_table *t,
                                              size_t row, size_t col);

/* Name of a column type or chart kind as in the schema. */
const char *th_summary_type_name(enum th_summary_type t);
const char *th_summary_chart_name(enum th_summary_chart c);

#endif /* TH_SUMMARY_H */
