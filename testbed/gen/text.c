/* SPDX-License-Identifier: BSD-3-Clause */
/* text.c -- capped text buffer with a sticky error (see text.h). */
#include "testbed/gen/text.h"

#include <stdarg.h>

void
tbgen_text_init(struct tbgen_text *t, size_t limit)
{
	th_buf_init(&t->buf, limit);
	t->status = 0;
}

void
tbgen_text_reset(struct tbgen_text *t)
{
	th_buf_reset(&t->buf);
	t->status = 0;
}

void
tbgen_text_printf(struct tbgen_text *t, const char *fmt, ...)
{
	va_list ap;

	if (t->status != 0)
		return;
	va_start(ap, fmt);
	t->status = th_buf_vprintf(&t->buf, fmt, ap);
	va_end(ap);
}

int
tbgen_text_status(const struct tbgen_text *t)
{
	return t->status;
}

void
tbgen_text_free(struct tbgen_text *t)
{
	th_buf_free(&t->buf);
	t->status = 0;
}
