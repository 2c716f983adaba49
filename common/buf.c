/* SPDX-License-Identifier: BSD-3-Clause */
/* buf.c -- bounded growable byte buffer (see buf.h; cursors are inline). */
#include "common/buf.h"

#include <stdio.h>
#include <stdlib.h>

/* First allocation, so short strings do not realloc byte by byte. */
#define BUF_MIN_ALLOC 64

static void
buf_invariant(const struct th_buf *b)
{
	assert(b != NULL);
	assert(b->max < SIZE_MAX);
	assert(b->len <= b->max);
	if (b->data == NULL) {
		assert(b->len == 0 && b->alloc == 0);
	} else {
		assert(b->len < b->alloc);
		assert(b->alloc <= b->max + 1);
		assert(b->data[b->len] == '\0');
	}
	(void)b;
}

void
th_buf_init(struct th_buf *b, size_t max)
{
	assert(max < SIZE_MAX);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void
th_buf_free(struct th_buf *b)
{
	buf_invariant(b);
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
}

void
th_buf_reset(struct th_buf *b)
{
	buf_invariant(b);
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

int
th_buf_truncate(struct th_buf *b, size_t len)
{
	buf_invariant(b);
	if (len > b->len)
		return TH_EINVAL;
	if (b->data != NULL) {
		b->len = len;
		b->data[len] = '\0';
	}
	return 0;
}

int
th_buf_reserve(struct th_buf *b, size_t n)
{
	size_t need, nalloc;
	uint8_t *p;

	buf_invariant(b);
	/* len <= max < SIZE_MAX, so neither subtraction nor need can wrap. */
	if (n > b->max - b->len)
		return TH_ETOOBIG;
	need = b->len + n + 1;
	if (need <= b->alloc)
		return 0;
	/*
	 * Double (amortised O(1) appends) but never past the cap: storage
	 * beyond max + 1 bytes could never be used.
	 */
	nalloc = b->alloc < BUF_MIN_ALLOC ? BUF_MIN_ALLOC : b->alloc;
	while (nalloc < need)
		nalloc = nalloc > SIZE_MAX / 2 ? need : nalloc * 2;
	if (nalloc > b->max + 1)
		nalloc = b->max + 1;
	p = realloc(b->data, nalloc);
	if (p == NULL)
		return TH_ENOMEM;
	if (b->data == NULL)
		p[0] = '\0';
	b->data = p;
	b->alloc = nalloc;
	return 0;
}

int
th_buf_append(struct th_buf *b, const void *p, size_t n)
{
	int rc;

	if (n == 0) {
		buf_invariant(b);
		return 0;
	}
	if ((rc = th_buf_reserve(b, n)) != 0)
		return rc;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
th_buf_append_hex(struct th_buf *b, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *in = p;
	uint8_t *out;
	int rc;

	if (n == 0) {
		buf_invariant(b);
		return 0;
	}
	if (n > SIZE_MAX / 2)
		return TH_ETOOBIG;
	if ((rc = th_buf_reserve(b, 2 * n)) != 0)
		return rc;
	out = b->data + b->len;
	for (size_t i = 0; i < n; i++) {
		*out++ = (uint8_t)hex[in[i] >> 4];
		*out++ = (uint8_t)hex[in[i] & 15];
	}
	b->len += 2 * n;
	b->data[b->len] = '\0';
	return 0;
}

int
th_buf_append_u8(struct th_buf *b, uint8_t v)
{
	return th_buf_append(b, &v, 1);
}

int
th_buf_append_u16(struct th_buf *b, uint16_t v)
{
	const uint8_t be[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	return th_buf_append(b, be, sizeof(be));
}

int
th_buf_append_u32(struct th_buf *b, uint32_t v)
{
	const uint8_t be[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16),
	                       (uint8_t)(v >> 8), (uint8_t)v};

	return th_buf_append(b, be, sizeof(be));
}

int
th_buf_vprintf(struct th_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	size_t avail, want;
	int n, rc;

	buf_invariant(b);
	/*
	 * Try the spare storage first; most appends fit and need one pass.
	 * avail counts the NUL, so vsnprintf truncates exactly when n does
	 * not fit.
	 */
	avail = b->alloc - b->len;
	va_copy(aq, ap);
	n = vsnprintf(avail > 0 ? (char *)b->data + b->len : NULL, avail, fmt,
	              aq);
	va_end(aq);
	if (n >= 0 && (size_t)n < avail) {
		b->len += (size_t)n;
		return 0;
	}
	/* A failed or truncated attempt wrote past len: restore the NUL. */
	if (b->data != NULL)
		b->data[b->len] = '\0';
	if (n < 0)
		return TH_EINVAL;
	want = (size_t)n;
	if ((rc = th_buf_reserve(b, want)) != 0)
		return rc;
	/* Arguments cannot change between the passes; check all the same. */
	n = vsnprintf((char *)b->data + b->len, want + 1, fmt, ap);
	if (n < 0 || (size_t)n > want) {
		b->data[b->len] = '\0';
		return TH_EINVAL;
	}
	b->len += (size_t)n;
	return 0;
}

int
th_buf_printf(struct th_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = th_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

uint8_t *
th_buf_take(struct th_buf *b, size_t *lenp)
{
	uint8_t *p;

	buf_invariant(b);
	p = b->data;
	if (lenp != NULL)
		*lenp = b->len;
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	return p;
}
