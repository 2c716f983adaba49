/* SPDX-License-Identifier: BSD-3-Clause */
/* region.c -- region (arena) allocator (see region.h). */
#include "common/region.h"

#include "common/err.h"

#include <assert.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Under AddressSanitizer the region poisons chunk space it has not handed
 * out, so a read or write past the end of a block is reported even though
 * the bytes belong to a live malloc block. GCC announces the sanitizer
 * with __SANITIZE_ADDRESS__, clang with __has_feature.
 */
#if defined(__SANITIZE_ADDRESS__)
#define REGION_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REGION_ASAN 1
#endif
#endif

#ifdef REGION_ASAN
#include <sanitizer/asan_interface.h>
#define region_poison(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define region_unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define region_poison(p, n) ((void)(p), (void)(n))
#define region_unpoison(p, n) ((void)(p), (void)(n))
#endif

#define REGION_ALIGN (alignof(max_align_t))

/* Round n up to the alignment; callers keep n far from SIZE_MAX. */
#define REGION_ALIGN_UP(n) (((n) + REGION_ALIGN - 1) & ~(REGION_ALIGN - 1))

/*
 * Chunks, large objects and cleanups are singly linked. A chunk or large
 * object starts with its header, padded to the alignment so the data that
 * follows is aligned like malloc's own result.
 */
struct region_chunk {
	struct region_chunk *next;
};

struct region_large {
	struct region_large *next;
	size_t size; /* bytes requested */
};

struct region_cleanup {
	struct region_cleanup *next;
	th_region_cleanup_fn *fn;
	void *arg;
};

#define CHUNK_HDR REGION_ALIGN_UP(sizeof(struct region_chunk))
#define LARGE_HDR REGION_ALIGN_UP(sizeof(struct region_large))

/* Chunk sizes above this are refused, so size arithmetic cannot wrap. */
#define REGION_CHUNK_MAX (SIZE_MAX / 4)

struct th_region {
	/* Current chunk first; the first chunk, kept by free_all, is last. */
	struct region_chunk *chunks;
	size_t used; /* bytes handed out from the current chunk */
	size_t chunk_size;
	size_t large_threshold;
	struct region_large *large;
	struct region_cleanup *cleanups; /* last registered first */
	int in_cleanup;
	struct th_region_stats st;
};

static void
region_invariant(const struct th_region *r)
{
	assert(r != NULL);
	assert(r->chunks != NULL);
	assert(r->used <= r->chunk_size);
	assert(r->large_threshold <= r->chunk_size);
	(void)r;
}

static unsigned char *
chunk_data(struct region_chunk *c)
{
	return (unsigned char *)c + CHUNK_HDR;
}

static void
region_hold(struct th_region *r, size_t n)
{
	r->st.footprint += n;
	if (r->st.footprint > r->st.peak)
		r->st.peak = r->st.footprint;
}

/*
 * Start a new current chunk. On failure nothing changes, so the blocks of
 * the old current chunk stay valid and its free tail stays usable.
 */
static int
region_new_chunk(struct th_region *r)
{
	struct region_chunk *c = malloc(CHUNK_HDR + r->chunk_size);

	if (c == NULL)
		return TH_ENOMEM;
	c->next = r->chunks;
	r->chunks = c;
	r->used = 0;
	r->st.chunks++;
	region_hold(r, CHUNK_HDR + r->chunk_size);
	region_poison(chunk_data(c), r->chunk_size);
	return 0;
}

static void
region_free_chunk(struct th_region *r, struct region_chunk *c)
{
	/* Give malloc its memory back in the state it handed it out. */
	region_unpoison(chunk_data(c), r->chunk_size);
	free(c);
	r->st.chunks--;
	r->st.footprint -= CHUNK_HDR + r->chunk_size;
}

static void *
region_alloc_large(struct th_region *r, size_t size)
{
	struct region_large *l;

	if (size > SIZE_MAX - LARGE_HDR)
		return NULL;
	l = malloc(LARGE_HDR + size);
	if (l == NULL)
		return NULL;
	l->next = r->large;
	l->size = size;
	r->large = l;
	r->st.large++;
	r->st.large_bytes += size;
	region_hold(r, LARGE_HDR + size);
	return (unsigned char *)l + LARGE_HDR;
}

/* Allocation without the caller-facing counters (used for bookkeeping). */
static void *
region_alloc_raw(struct th_region *r, size_t size)
{
	unsigned char *p;
	size_t need;

	if (size > r->large_threshold)
		return region_alloc_large(r, size);
	/*
	 * A zero-byte request still takes one aligned unit, so that every
	 * block has its own address.
	 */
	need = REGION_ALIGN_UP(size == 0 ? 1 : size);
	if (need > r->chunk_size - r->used && region_new_chunk(r) != 0)
		return NULL;
	p = chunk_data(r->chunks) + r->used;
	r->used += need;
	region_unpoison(p, size);
	return p;
}

static void
region_run_cleanups(struct th_region *r)
{
	/*
	 * Pop one entry at a time: the list head is the most recent
	 * registration, which gives the reverse order callers rely on (an
	 * object registered after its container is freed before it).
	 */
	r->in_cleanup = 1;
	while (r->cleanups != NULL) {
		struct region_cleanup *c = r->cleanups;

		r->cleanups = c->next;
		c->fn(c->arg);
	}
	r->in_cleanup = 0;
	r->st.cleanups = 0;
}

static void
region_free_large(struct th_region *r)
{
	while (r->large != NULL) {
		struct region_large *l = r->large;

		r->large = l->next;
		r->st.footprint -= LARGE_HDR + l->size;
		free(l);
	}
	r->st.large = 0;
	r->st.large_bytes = 0;
}

struct th_region *
th_region_create(size_t chunk_size, size_t large_threshold)
{
	struct th_region *r;

	if (chunk_size == 0)
		chunk_size = TH_REGION_CHUNK_DEFAULT;
	if (chunk_size < TH_REGION_CHUNK_MIN)
		chunk_size = TH_REGION_CHUNK_MIN;
	if (chunk_size > REGION_CHUNK_MAX)
		return NULL;
	chunk_size = REGION_ALIGN_UP(chunk_size);
	if (large_threshold == 0)
		large_threshold = chunk_size / 4;
	if (large_threshold > chunk_size)
		large_threshold = chunk_size;

	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->chunk_size = chunk_size;
	r->large_threshold = large_threshold;
	region_hold(r, sizeof(*r));
	if (region_new_chunk(r) != 0) {
		free(r);
		return NULL;
	}
	return r;
}

void
th_region_destroy(struct th_region **rp)
{
	struct th_region *r = *rp;

	if (r == NULL)
		return;
	region_invariant(r);
	assert(!r->in_cleanup);
	region_run_cleanups(r);
	region_free_large(r);
	while (r->chunks != NULL) {
		struct region_chunk *c = r->chunks;

		r->chunks = c->next;
		region_free_chunk(r, c);
	}
	free(r);
	*rp = NULL;
}

void
th_region_free_all(struct th_region *r)
{
	region_invariant(r);
	assert(!r->in_cleanup);
	/* Cleanups first: their arguments may live in region memory. */
	region_run_cleanups(r);
	region_free_large(r);
	while (r->chunks->next != NULL) {
		struct region_chunk *c = r->chunks;

		r->chunks = c->next;
		region_free_chunk(r, c);
	}
	r->used = 0;
	region_poison(chunk_data(r->chunks), r->chunk_size);
	r->st.bytes = 0;
	r->st.allocations = 0;
	r->st.resets++;
}

void *
th_region_alloc(struct th_region *r, size_t size)
{
	void *p;

	region_invariant(r);
	p = region_alloc_raw(r, size);
	if (p != NULL) {
		r->st.bytes += size;
		r->st.allocations++;
		r->st.total_bytes += size;
	}
	return p;
}

void *
th_region_alloc_zero(struct th_region *r, size_t size)
{
	void *p = th_region_alloc(r, size);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

void *
th_region_alloc_array(struct th_region *r, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	return th_region_alloc(r, n * size);
}

void *
th_region_memdup(struct th_region *r, const void *p, size_t len)
{
	void *q = th_region_alloc(r, len);

	if (q != NULL && len > 0)
		memcpy(q, p, len);
	return q;
}

char *
th_region_strndup(struct th_region *r, const char *p, size_t len)
{
	char *q;

	if (len == SIZE_MAX)
		return NULL;
	q = th_region_alloc(r, len + 1);
	if (q == NULL)
		return NULL;
	if (len > 0)
		memcpy(q, p, len);
	q[len] = '\0';
	return q;
}

char *
th_region_strdup(struct th_region *r, const char *s)
{
	return th_region_strndup(r, s, strlen(s));
}

int
th_region_add_cleanup(struct th_region *r, th_region_cleanup_fn *fn, void *arg)
{
	struct region_cleanup *c;

	region_invariant(r);
	assert(fn != NULL);
	assert(!r->in_cleanup);
	/*
	 * The record lives in the region itself: it is only needed until
	 * free_all, which runs it before releasing the chunks.
	 */
	c = region_alloc_raw(r, sizeof(*c));
	if (c == NULL)
		return TH_ENOMEM;
	c->fn = fn;
	c->arg = arg;
	c->next = r->cleanups;
	r->cleanups = c;
	r->st.cleanups++;
	return 0;
}

int
th_region_remove_cleanup(struct th_region *r, th_region_cleanup_fn *fn,
                         void *arg)
{
	region_invariant(r);
	assert(!r->in_cleanup);
	for (struct region_cleanup **pp = &r->cleanups; *pp != NULL;
	     pp = &(*pp)->next) {
		if ((*pp)->fn == fn && (*pp)->arg == arg) {
			/* The record's space is reclaimed at free_all. */
			*pp = (*pp)->next;
			r->st.cleanups--;
			return 0;
		}
	}
	return TH_ENOTFOUND;
}

void
th_region_stats(const struct th_region *r, struct th_region_stats *out)
{
	region_invariant(r);
	*out = r->st;
}
