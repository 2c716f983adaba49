/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tally.h -- counts per string key (operator names, version strings, SOA
 * values, ...): the analyzer's one open-addressing table, so a run of
 * millions of records aggregates in memory proportional to the distinct
 * keys, not the records.
 */
#ifndef TH_TALLY_H
#define TH_TALLY_H

#include <stddef.h>
#include <stdint.h>

/* One key's counters; what each means is the caller's (aggregate.h). */
struct th_tally_item {
	char *key;
	uint64_t count; /* usually: domains */
	uint64_t aux;   /* usually: a second count (name servers) */
	double weight;  /* usually: a fractional share of domains */
	uint64_t mark;  /* the last domain that counted here (dedup) */
};

/* Items are allocated one by one: their addresses stay valid while the
 * table grows, so a caller may hold several at once. */
struct th_tally {
	struct th_tally_item **slots;
	size_t cap, n;
};

void th_tally_init(struct th_tally *t);
void th_tally_free(struct th_tally *t);

/*
 * The item of key (len octets, any bytes but NUL), created with zero
 * counters when new (*created, may be NULL, says so). NULL when out of
 * memory.
 */
struct th_tally_item *th_tally_get(struct th_tally *t, const char *key,
                                   size_t len, int *created);

/* An existing key's item, or NULL. */
const struct th_tally_item *th_tally_find(const struct th_tally *t,
                                          const char *key);

/*
 * The items sorted by count (descending), then key (bytewise ascending):
 * a stable order for tables. *n gets how many; the array is the caller's
 * to free (the items still belong to t). NULL when out of memory (or t
 * is empty, with *n 0).
 */
const struct th_tally_item **th_tally_sorted(const struct th_tally *t,
                                             size_t *n);

/* The same, ordered by key read as a number (histograms), then key. */
const struct th_tally_item **th_tally_sorted_numeric(const struct th_tally *t,
                                                     size_t *n);

#endif /* TH_TALLY_H */
