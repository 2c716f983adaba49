/* SPDX-License-Identifier: BSD-3-Clause */
/* tally.c -- counts per string key (see tally.h). */
#include "analyzer/tally.h"

#include "common/hash.h"

#include <stdlib.h>
#include <string.h>

void
th_tally_init(struct th_tally *t)
{
	memset(t, 0, sizeof(*t));
}

void
th_tally_free(struct th_tally *t)
{
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i] != NULL) {
			free(t->slots[i]->key);
			free(t->slots[i]);
		}
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* Fixed keys: the table is not exposed to chosen collisions across runs
 * in a way that matters, and the order of output never depends on it. */
static size_t
slot_of(const char *key, size_t len, size_t cap)
{
	return (size_t)th_hash_sip(key, len, 0x7461626c79ULL, 0x74616c6c79ULL) &
	       (cap - 1);
}

static int
grow(struct th_tally *t)
{
	size_t cap = t->cap != 0 ? t->cap * 2 : 64;
	struct th_tally_item **s = calloc(cap, sizeof(*s));

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		size_t j;

		if (t->slots[i] == NULL)
			continue;
		j = slot_of(t->slots[i]->key, strlen(t->slots[i]->key), cap);
		while (s[j] != NULL)
			j = (j + 1) & (cap - 1);
		s[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = s;
	t->cap = cap;
	return 0;
}

struct th_tally_item *
th_tally_get(struct th_tally *t, const char *key, size_t len, int *created)
{
	struct th_tally_item *it;
	size_t j;

	if (created != NULL)
		*created = 0;
	if ((t->n + 1) * 4 > t->cap * 3 && grow(t) != 0)
		return NULL;
	j = slot_of(key, len, t->cap);
	while ((it = t->slots[j]) != NULL) {
		if (strncmp(it->key, key, len) == 0 && it->key[len] == '\0')
			return it;
		j = (j + 1) & (t->cap - 1);
	}
	if ((it = calloc(1, sizeof(*it))) == NULL)
		return NULL;
	if ((it->key = malloc(len + 1)) == NULL) {
		free(it);
		return NULL;
	}
	memcpy(it->key, key, len);
	it->key[len] = '\0';
	t->slots[j] = it;
	t->n++;
	if (created != NULL)
		*created = 1;
	return it;
}

const struct th_tally_item *
th_tally_find(const struct th_tally *t, const char *key)
{
	size_t len = strlen(key), j;

	if (t->cap == 0)
		return NULL;
	j = slot_of(key, len, t->cap);
	while (t->slots[j] != NULL) {
		if (strcmp(t->slots[j]->key, key) == 0)
			return t->slots[j];
		j = (j + 1) & (t->cap - 1);
	}
	return NULL;
}

static int
by_count(const void *a, const void *b)
{
	const struct th_tally_item *x = *(const struct th_tally_item *const *)a;
	const struct th_tally_item *y = *(const struct th_tally_item *const *)b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
by_number(const void *a, const void *b)
{
	const struct th_tally_item *x = *(const struct th_tally_item *const *)a;
	const struct th_tally_item *y = *(const struct th_tally_item *const *)b;
	double u = strtod(x->key, NULL), v = strtod(y->key, NULL);

	if (u != v)
		return u < v ? -1 : 1;
	return strcmp(x->key, y->key);
}

static const struct th_tally_item **
sorted(const struct th_tally *t, size_t *n,
       int (*cmp)(const void *, const void *))
{
	const struct th_tally_item **v;
	size_t k = 0;

	*n = 0;
	if (t->n == 0 || (v = malloc(t->n * sizeof(*v))) == NULL)
		return NULL;
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i] != NULL)
			v[k++] = t->slots[i];
	qsort(v, k, sizeof(*v), cmp);
	*n = k;
	return v;
}

const struct th_tally_item **
th_tally_sorted(const struct th_tally *t, size_t *n)
{
	return sorted(t, n, by_count);
}

const struct th_tally_item **
th_tally_sorted_numeric(const struct th_tally *t, size_t *n)
{
	return sorted(t, n, by_number);
}
