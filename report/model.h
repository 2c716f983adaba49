/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * model.h -- summary.json (schema 1) read into a checked model: the one
 * jansson adapter of the report.
 *
 * The report renders from this model alone, never from the store, so any
 * run written by any analyzer of schema 1 renders. Loading checks every
 * member the report uses (type, range, table shape) and fails with a
 * message naming the JSON path, so a malformed file gives a clear error
 * instead of a half-written report. Strings in the model are hostile DNS
 * data and must pass through report/escape before output.
 */
#ifndef TH_MODEL_H
#define TH_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#define TH_MODEL_SCHEMA 1

enum th_model_type {
	TH_MODEL_STRING,
	TH_MODEL_COUNT,
	TH_MODEL_SHARE,
	TH_MODEL_NUMBER,
};

enum th_model_chart {
	TH_MODEL_CHART_NONE,
	TH_MODEL_CHART_BAR,
	TH_MODEL_CHART_HBAR,
	TH_MODEL_CHART_PIE,
	TH_MODEL_CHART_HISTOGRAM,
};

/* One value of a metric in a compared run. */
struct th_model_cmp {
	const char *run;
	double value;
	bool has_delta;
	double delta; /* percentage points for shares, else plain */
};

struct th_model_metric {
	const char *id, *chapter, *title, *unit, *definition;
	bool headline;
	double value;
	bool has_ratio; /* numerator and denominator present */
	double numerator, denominator;
	size_t ncompare;
	struct th_model_cmp *compare;
};

/* One cell: a string (NULL for JSON null) or a number. */
struct th_model_cell {
	const char *s;
	double v;
	bool is_num;
};

struct th_model_table {
	const char *id, *chapter, *title, *definition;
	enum th_model_chart chart;
	size_t ncols, nrows, total_rows;
	const char **columns;
	enum th_model_type *types;
	struct th_model_cell *cells; /* nrows * ncols, row-major */
};

struct th_model_chapter {
	const char *id, *title;
};

struct th_model_run {
	const char *run, *generated;
	double domains;
};

/*
 * The model. Strings are borrowed from the parsed document and live as
 * long as the model.
 */
struct th_model {
	void *doc; /* the jansson root, owned */
	const char *generator, *generated, *run, *input, *state;
	double domains;
	size_t nchapters, nmetrics, ntables, ncompare;
	struct th_model_chapter *chapters;
	struct th_model_metric *metrics;
	struct th_model_table *tables;
	struct th_model_run *compare;
};

/*
 * Read and check the summary.json at path into *out (caller storage).
 * On failure returns TH_ESYNTAX (not JSON, or a member of the wrong type
 * or shape), TH_ECONFIG (an unsupported schema), TH_ENOMEM, or a negated
 * errno for the file, and writes a message naming the file, line or JSON
 * path into err. *out needs th_model_free only after success.
 */
int th_model_load(struct th_model *out, const char *path, char *err,
                  size_t errlen);

/* As th_model_load, from a buffer (the fuzz target's and tests' way). */
int th_model_parse(struct th_model *out, const char *buf, size_t len, char *err,
                   size_t errlen);

void th_model_free(struct th_model *s);

/* The cell at (row, col) of t. */
const struct th_model_cell *th_model_cell(const struct th_model_table *t,
                                          size_t row, size_t col);

/* Name of a column type or chart kind as in the schema. */
const char *th_model_type_name(enum th_model_type t);
const char *th_model_chart_name(enum th_model_chart c);

#endif /* TH_MODEL_H */
