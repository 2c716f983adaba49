/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * summary.h -- summary.json (schema 1, docs/analyzer.md) and the CSV
 * tables beside it: the analyzer's writer, and the only analyzer module
 * that includes <jansson.h>. The builder keeps every row; the JSON gets
 * the first TH_SUMMARY_JSON_ROWS of a table, its CSV all of them.
 */
#ifndef TH_SUMMARY_H
#define TH_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_SUMMARY_SCHEMA 1
#define TH_SUMMARY_JSON_ROWS 50
#define TH_SUMMARY_MAXCOLS 8

struct th_summary;

struct th_summary_meta {
	const char *run, *input, *state;
	uint64_t domains;
	uint64_t generated; /* seconds since the epoch */
};

/* One table cell; the column's type says which member counts. */
enum th_cell_type {
	TH_CELL_STRING,
	TH_CELL_COUNT,
	TH_CELL_SHARE, /* v, or null when den is 0: use th_cell_share() */
	TH_CELL_NUMBER
};
struct th_cell {
	const char *s;
	uint64_t n;
	double v;
	bool null;
};

int th_summary_new(struct th_summary **out, const struct th_summary_meta *m)
    __attribute__((warn_unused_result));
void th_summary_free(struct th_summary *s);

/* The count of one class of a fact path: group.fact.cls = n. */
int th_summary_count(struct th_summary *s, const char *group, const char *fact,
                     const char *cls, uint64_t n)
    __attribute__((warn_unused_result));

/* A share metric: num / den (value null when den is 0). */
int th_summary_share(struct th_summary *s, const char *id, const char *chapter,
                     const char *title, bool headline, uint64_t num,
                     uint64_t den, const char *definition)
    __attribute__((warn_unused_result));

/* A scalar metric with unit "count", "seconds" or "index". */
int th_summary_value(struct th_summary *s, const char *id, const char *chapter,
                     const char *title, bool headline, const char *unit,
                     double value, const char *definition)
    __attribute__((warn_unused_result));

/*
 * Start a table; th_summary_row adds rows to the last one started. types
 * are "string", "count", "share" or "number", one per column.
 */
int th_summary_table(struct th_summary *s, const char *id, const char *chapter,
                     const char *title, const char *chart,
                     const char *definition, size_t ncols,
                     const char *const *columns, const char *const *types)
    __attribute__((warn_unused_result));
int th_summary_row(struct th_summary *s, const struct th_cell *cells)
    __attribute__((warn_unused_result));

/* A share cell. */
struct th_cell th_cell_share(uint64_t num, uint64_t den);

/*
 * Compare s with old (the summary of run `old`, built the same way):
 * every metric of s that old has gets a compare entry (delta_pp for
 * shares, delta otherwise), and the top-level compare list an entry.
 */
int th_summary_compare(struct th_summary *s, const struct th_summary *old)
    __attribute__((warn_unused_result));

/*
 * Write dir/summary.json and dir/<table>.csv (dir must exist). Returns 0
 * or an error code with err filled.
 */
int th_summary_write(const struct th_summary *s, const char *dir, char *err,
                     size_t errlen) __attribute__((warn_unused_result));

/* A metric's value by id, for tests: false when absent or null. */
bool th_summary_metric(const struct th_summary *s, const char *id,
                       double *value);

#endif /* TH_SUMMARY_H */
