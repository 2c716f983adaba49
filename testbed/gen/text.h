/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * text.h -- a growable text buffer with a hard cap and a sticky error.
 *
 * Zone files and configuration files are assembled in memory with
 * tbgen_text_printf() and written in one go. Growth stops at the limit
 * given to tbgen_text_init(); the first failure (out of memory, over the
 * limit) sticks, later appends are ignored, and the caller checks
 * tbgen_text_status() once at the end instead of after every line.
 *
 * The struct is caller-owned storage; tbgen_text_free() releases the
 * bytes it holds. Growth and the cap are common/buf.h's th_buf.
 */
#ifndef TBGEN_TEXT_H
#define TBGEN_TEXT_H

#include "common/buf.h"

#include <stddef.h>

/* The bytes live in a th_buf (common/buf.h); only the sticky error is ours. */
struct tbgen_text {
	struct th_buf buf;
	int status; /* 0, or the first error (TH_ENOMEM, TH_ETOOBIG) */
};

/* Prepare an empty buffer that may grow to limit bytes. */
void tbgen_text_init(struct tbgen_text *t, size_t limit);

/* Empty the buffer and clear its error; keeps the allocation. */
void tbgen_text_reset(struct tbgen_text *t);

/* Append formatted text (ignored once an error is set). */
void tbgen_text_printf(struct tbgen_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 0, or the first error: TH_ENOMEM or TH_ETOOBIG. */
int tbgen_text_status(const struct tbgen_text *t);

/* The text so far ("" when empty), valid until the next append. */
static inline const char *
tbgen_text_str(const struct tbgen_text *t)
{
	return th_buf_str(&t->buf);
}

static inline size_t
tbgen_text_len(const struct tbgen_text *t)
{
	return th_buf_len(&t->buf);
}

/* Release the bytes; the struct is left empty (as after init). */
void tbgen_text_free(struct tbgen_text *t);

#endif /* TBGEN_TEXT_H */
