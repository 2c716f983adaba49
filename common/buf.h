/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * buf.h -- bounded growable buffers, and sticky-error cursors over bytes.
 *
 * struct th_buf is a byte buffer that grows on demand up to a hard cap set
 * at th_buf_init(). An append that would take it past the cap fails with
 * TH_ETOOBIG, and any failed operation leaves the buffer exactly as it
 * was. The content is always followed by a NUL byte (not counted in len),
 * so text built with th_buf_printf() can be used as a C string. Storage
 * comes from malloc: release it with th_buf_free(), or move it out with
 * th_buf_take().
 *
 * struct th_cursor reads a {ptr, len} byte range front to back in network
 * byte order. Its error is sticky: the first read past the end sets
 * cur->err to TH_EWIRE, leaves the position where it was, and every later
 * read returns zeros (or zero-filled bytes) without moving. A parser can
 * therefore read a whole record field by field and test cur->err once at
 * the end. struct th_wcursor is the same over a fixed output array: the
 * first write that does not fit sets w->err to TH_ETOOBIG (the output space
 * is our own limit, not malformed input), writes nothing, and every later
 * write is ignored.
 *
 * Both cursors are plain value types the caller allocates (usually on the
 * stack); they borrow the bytes they walk over, which must outlive them.
 * Their accessors are static inline, because parsers call them per byte.
 */
#ifndef TH_BUF_H
#define TH_BUF_H

#include "common/err.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- growable buffer ---------------------------------------------------- */

struct th_buf {
	uint8_t *data; /* NULL until the first growth; then NUL-terminated */
	size_t len;    /* content bytes */
	size_t alloc;  /* bytes allocated at data (content + NUL + spare) */
	size_t max;    /* hard cap on len */
};

/* Static initialiser, equivalent to th_buf_init(b, max). */
#define TH_BUF_INIT(max_len)                                                   \
	{                                                                      \
		NULL, 0, 0, (max_len)                                          \
	}

/*
 * Initialise caller-owned storage as an empty buffer that may hold at most
 * max bytes (max < SIZE_MAX). Allocates nothing.
 */
void th_buf_init(struct th_buf *b, size_t max);

/*
 * Release the storage. The buffer is empty again, keeps its cap and can be
 * reused; freeing twice is harmless.
 */
void th_buf_free(struct th_buf *b);

/* Empty the buffer (len = 0) but keep its storage for reuse. */
void th_buf_reset(struct th_buf *b);

/*
 * Shorten the content to len bytes.
 * @return 0, or TH_EINVAL when len is greater than the current length
 *         (the buffer is unchanged).
 */
int th_buf_truncate(struct th_buf *b, size_t len)
    __attribute__((warn_unused_result));

/*
 * Make room for n more bytes, so the next appends totalling n bytes cannot
 * fail.
 * @return 0; TH_ETOOBIG when len + n would exceed the cap; TH_ENOMEM.
 *         On failure the buffer is unchanged.
 */
int th_buf_reserve(struct th_buf *b, size_t n)
    __attribute__((warn_unused_result));

/*
 * Append n bytes from p (p may be NULL when n is 0).
 * @return 0, TH_ETOOBIG or TH_ENOMEM; on failure the buffer is unchanged.
 */
int th_buf_append(struct th_buf *b, const void *p, size_t n)
    __attribute__((warn_unused_result));

/* Append one byte. Returns as th_buf_append(). */
int th_buf_append_u8(struct th_buf *b, uint8_t v)
    __attribute__((warn_unused_result));

/* Append v as 2 bytes, big-endian (network order). As th_buf_append(). */
int th_buf_append_u16(struct th_buf *b, uint16_t v)
    __attribute__((warn_unused_result));

/* Append v as 4 bytes, big-endian (network order). As th_buf_append(). */
int th_buf_append_u32(struct th_buf *b, uint32_t v)
    __attribute__((warn_unused_result));

/* Append n bytes from p as lower-case hex (2n characters). As
 * th_buf_append(). */
int th_buf_append_hex(struct th_buf *b, const void *p, size_t n)
    __attribute__((warn_unused_result));

/*
 * Append printf-formatted text (without its NUL).
 * @return 0; TH_ETOOBIG when the text does not fit under the cap (nothing
 *         of it is kept); TH_ENOMEM; TH_EINVAL when the format fails
 *         (an encoding error). On failure the buffer is unchanged.
 */
int th_buf_printf(struct th_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), warn_unused_result));
int th_buf_vprintf(struct th_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0), warn_unused_result));

/*
 * Move the storage out: the caller owns the returned block (len bytes
 * followed by a NUL) and releases it with free(). The buffer is left
 * empty, with its cap, ready for reuse.
 * @param[out] lenp  set to the content length (may be NULL).
 * @return the block, or NULL when the buffer never allocated (len 0).
 */
uint8_t *th_buf_take(struct th_buf *b, size_t *lenp)
    __attribute__((warn_unused_result));

/* Content bytes, valid until the next call that changes the buffer. */
static inline const uint8_t *
th_buf_data(const struct th_buf *b)
{
	return b->data;
}

static inline size_t
th_buf_len(const struct th_buf *b)
{
	return b->len;
}

/* The content as a C string ("" while nothing is allocated). */
static inline const char *
th_buf_str(const struct th_buf *b)
{
	return b->data != NULL ? (const char *)b->data : "";
}

/* ---- read cursor -------------------------------------------------------- */

struct th_cursor {
	const uint8_t *base; /* first byte of the range (borrowed) */
	size_t len;          /* bytes in the range */
	size_t pos;          /* next byte to read, pos <= len */
	int err;             /* 0, or TH_EWIRE after the first failure */
};

static inline void
th_cursor__invariant(const struct th_cursor *c)
{
	assert(c != NULL);
	assert(c->pos <= c->len);
	assert(c->base != NULL || c->len == 0);
	(void)c;
}

/* Start reading len bytes at p (p may be NULL when len is 0). */
static inline void
th_cursor_init(struct th_cursor *c, const void *p, size_t len)
{
	c->base = (const uint8_t *)p;
	c->len = len;
	c->pos = 0;
	c->err = 0;
}

/*
 * True when n more bytes can be read; otherwise sets the sticky error
 * (unless already set) and returns false.
 */
static inline bool
th_cursor__need(struct th_cursor *c, size_t n)
{
	th_cursor__invariant(c);
	if (c->err != 0)
		return false;
	if (n > c->len - c->pos) {
		c->err = TH_EWIRE;
		return false;
	}
	return true;
}

/* Bytes left to read; 0 once the error is set, so read loops end. */
static inline size_t
th_cursor_remaining(const struct th_cursor *c)
{
	th_cursor__invariant(c);
	return c->err != 0 ? 0 : c->len - c->pos;
}

/* Offset of the next byte from base. */
static inline size_t
th_cursor_pos(const struct th_cursor *c)
{
	return c->pos;
}

/* Pointer to the next byte (borrowed, valid as long as the range). */
static inline const uint8_t *
th_cursor_ptr(const struct th_cursor *c)
{
	return c->base != NULL ? c->base + c->pos : NULL;
}

static inline uint8_t
th_cursor_read_u8(struct th_cursor *c)
{
	if (!th_cursor__need(c, 1))
		return 0;
	return c->base[c->pos++];
}

/* Read a big-endian 16-bit value. */
static inline uint16_t
th_cursor_read_u16(struct th_cursor *c)
{
	const uint8_t *p;

	if (!th_cursor__need(c, 2))
		return 0;
	p = c->base + c->pos;
	c->pos += 2;
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

/* Read a big-endian 32-bit value. */
static inline uint32_t
th_cursor_read_u32(struct th_cursor *c)
{
	const uint8_t *p;

	if (!th_cursor__need(c, 4))
		return 0;
	p = c->base + c->pos;
	c->pos += 4;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Copy n bytes to dst; on failure dst is zero-filled. */
static inline void
th_cursor_read(struct th_cursor *c, void *dst, size_t n)
{
	if (!th_cursor__need(c, n)) {
		if (n > 0)
			memset(dst, 0, n);
		return;
	}
	if (n > 0)
		memcpy(dst, c->base + c->pos, n);
	c->pos += n;
}

/* Move n bytes forward without reading them. */
static inline void
th_cursor_skip(struct th_cursor *c, size_t n)
{
	if (th_cursor__need(c, n))
		c->pos += n;
}

/*
 * Move to offset pos from base (pos == len is allowed: nothing left).
 * Past the end it sets the sticky error; after an error it does nothing.
 */
static inline void
th_cursor_seek(struct th_cursor *c, size_t pos)
{
	th_cursor__invariant(c);
	if (c->err != 0)
		return;
	if (pos > c->len) {
		c->err = TH_EWIRE;
		return;
	}
	c->pos = pos;
}

/* ---- write cursor ------------------------------------------------------- */

struct th_wcursor {
	uint8_t *base; /* first byte of the output array (borrowed) */
	size_t len;    /* bytes in the array */
	size_t pos;    /* next byte to write, pos <= len */
	int err;       /* 0, or TH_ETOOBIG (TH_EINVAL: bad patch) */
};

static inline void
th_wcursor__invariant(const struct th_wcursor *w)
{
	assert(w != NULL);
	assert(w->pos <= w->len);
	assert(w->base != NULL || w->len == 0);
	(void)w;
}

/* Start writing into the len bytes at p (p may be NULL when len is 0). */
static inline void
th_wcursor_init(struct th_wcursor *w, void *p, size_t len)
{
	w->base = (uint8_t *)p;
	w->len = len;
	w->pos = 0;
	w->err = 0;
}

static inline bool
th_wcursor__need(struct th_wcursor *w, size_t n)
{
	th_wcursor__invariant(w);
	if (w->err != 0)
		return false;
	if (n > w->len - w->pos) {
		w->err = TH_ETOOBIG;
		return false;
	}
	return true;
}

/* Space left; 0 once the error is set. */
static inline size_t
th_wcursor_remaining(const struct th_wcursor *w)
{
	th_wcursor__invariant(w);
	return w->err != 0 ? 0 : w->len - w->pos;
}

/* Bytes written so far (the offset of the next byte). */
static inline size_t
th_wcursor_pos(const struct th_wcursor *w)
{
	return w->pos;
}

static inline void
th_wcursor_write_u8(struct th_wcursor *w, uint8_t v)
{
	if (th_wcursor__need(w, 1))
		w->base[w->pos++] = v;
}

/* Write v big-endian. */
static inline void
th_wcursor_write_u16(struct th_wcursor *w, uint16_t v)
{
	if (!th_wcursor__need(w, 2))
		return;
	w->base[w->pos] = (uint8_t)(v >> 8);
	w->base[w->pos + 1] = (uint8_t)v;
	w->pos += 2;
}

/* Write v big-endian. */
static inline void
th_wcursor_write_u32(struct th_wcursor *w, uint32_t v)
{
	if (!th_wcursor__need(w, 4))
		return;
	w->base[w->pos] = (uint8_t)(v >> 24);
	w->base[w->pos + 1] = (uint8_t)(v >> 16);
	w->base[w->pos + 2] = (uint8_t)(v >> 8);
	w->base[w->pos + 3] = (uint8_t)v;
	w->pos += 4;
}

/* Write n bytes from p (p may be NULL when n is 0); all or nothing. */
static inline void
th_wcursor_write(struct th_wcursor *w, const void *p, size_t n)
{
	if (!th_wcursor__need(w, n))
		return;
	if (n > 0)
		memcpy(w->base + w->pos, p, n);
	w->pos += n;
}

/*
 * Overwrite 2 bytes already written at offset at with v, big-endian (a
 * length or count known only later). Does nothing after an error. When
 * at + 2 exceeds the current position (a caller bug: those bytes were
 * never written) it writes nothing and sets the sticky error to TH_EINVAL.
 */
static inline void
th_wcursor_patch_u16(struct th_wcursor *w, size_t at, uint16_t v)
{
	th_wcursor__invariant(w);
	if (w->err != 0)
		return;
	if (at > w->pos || w->pos - at < 2) {
		w->err = TH_EINVAL;
		return;
	}
	w->base[at] = (uint8_t)(v >> 8);
	w->base[at + 1] = (uint8_t)v;
}

#endif /* TH_BUF_H */
