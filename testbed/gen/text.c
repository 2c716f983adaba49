/* SPDX-License-Identifier: BSD-3-Clause */
/* text.c -- capped text buffer with a sticky error (see text.h). */
#include "testbed/gen/text.h"

#include "common/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void
tbgen_text_init(struct tbgen_text *t, size_t limit)
{
	t->p = NULL;
	t->len = 0;
	t->cap = 0;
	t->limit = limit;
	t->status = 0;
}

void
tbgen_text_reset(struct tbgen_text *t)
{
	t->len = 0;
	t->status = 0;
	if (t->p != NULL)
		t->p[0] = '\0';
}

static int
text_reserve(struct tbgen_text *t, size_t need)
{
	size_t cap = t->cap != 0 ? t->cap : 4096;
	char *p;

	if (need > t->limit)
		return TH_ETOOBIG;
	if (need + 1 <= t->cap)
		return 0;
	while (cap < need + 1)
		cap *= 2;
	if ((p = realloc(t->p, cap)) == NULL)
		return TH_ENOMEM;
	t->p = p;
	t->cap = cap;
	return 0;
}

void
tbgen_text_printf(struct tbgen_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->status != 0)
		return;
	if ((t->status = text_reserve(t, t->len + 256)) != 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->status = TH_EINTERNAL;
		return;
	}
	if ((size_t)n >= t->cap - t->len) {
		/* Did not fit: grow to size and format again. */
		if ((t->status = text_reserve(t, t->len + (size_t)n)) != 0)
			return;
		va_start(ap, fmt);
		vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
	}
	t->len += (size_t)n;
}

int
tbgen_text_status(const struct tbgen_text *t)
{
	return t->status;
}

void
tbgen_text_free(struct tbgen_text *t)
{
	free(t->p);
	tbgen_text_init(t, t->limit);
}
