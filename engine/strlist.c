/* SPDX-License-Identifier: BSD-3-Clause */
/* strlist.c -- ';'-joined lists of message arguments (see strlist.h). */
#include "engine/strlist.h"

#include "common/err.h"

#include <stdlib.h>
#include <string.h>

int
th_strlist_push(struct th_strlist *l, const char *s)
{
	char *dup;

	if (l->n == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 8;
		char **p = realloc(l->v, n * sizeof(*p));

		if (p == NULL)
			return TH_ENOMEM;
		l->v = p;
		l->alloc = n;
	}
	if ((dup = strdup(s)) == NULL)
		return TH_ENOMEM;
	l->v[l->n++] = dup;
	return 0;
}

void
th_strlist_add(struct th_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	(void)th_strlist_push(l, s);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const char *
th_strlist_join(struct th_strlist *l, struct th_buf *out)
{
	th_buf_reset(out);
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(l->v[0]), cmp_str);
	for (size_t i = 0; i < l->n; i++)
		if ((i > 0 && th_buf_append_u8(out, ';') != 0) ||
		    th_buf_append(out, l->v[i], strlen(l->v[i])) != 0)
			break;
	return th_buf_str(out);
}

void
th_strlist_free(struct th_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
th_strlist_cat(struct th_buf *b, const char *item)
{
	int rc = th_buf_printf(b, "%s%s", th_buf_len(b) > 0 ? ";" : "", item);

	(void)rc; /* a full list stays as it is */
}
