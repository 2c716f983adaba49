/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * region.h -- region (arena) allocator for one unit of work.
 *
 * A region hands out memory from large chunks by bumping an offset, and
 * frees everything at once: th_region_free_all() at the end of a domain
 * (or of an analyzer record) replaces hundreds of free() calls, and keeps
 * the first chunk so the next unit of work starts without a malloc.
 * Requests larger than the region's large-object threshold are taken from
 * malloc one by one and released by the next free_all. Objects that hold
 * memory the region does not own (ldns objects, for one) are attached as
 * cleanups, which free_all and destroy call in reverse order of
 * registration before releasing any memory.
 *
 * Every block is aligned for any object type (max_align_t). There is no
 * per-object free: a region suits work whose memory all dies together.
 * Objects handed to another lifetime (results sent on, rows stored) must be
 * copied out of the region, never borrowed from it.
 *
 * Out-of-memory policy: allocating functions return NULL and leave the
 * region as it was (earlier blocks stay valid); callers map NULL to
 * TH_ENOMEM. A size that overflows (alloc_array, or a size near SIZE_MAX)
 * is reported the same way. Nothing here aborts or logs.
 *
 * A region is not thread-safe; use one per thread or per unit of work.
 * Built with AddressSanitizer, unused chunk space and memory released by
 * free_all are poisoned, so overruns and use-after-reset are reported.
 */
#ifndef TH_REGION_H
#define TH_REGION_H

#include <stddef.h>

struct th_region;

/* Usable bytes per chunk when th_region_create() is given 0. */
#define TH_REGION_CHUNK_DEFAULT 8192
/* Smallest chunk accepted; smaller requests are raised to this. */
#define TH_REGION_CHUNK_MIN 256

/*
 * Function called by free_all/destroy with the argument given at
 * registration. It must not use the region it was registered with.
 */
typedef void th_region_cleanup_fn(void *arg);

/* Counters for benchmarks and tests (see th_region_stats()). */
struct th_region_stats {
	size_t bytes;       /* bytes requested since the last free_all */
	size_t allocations; /* allocation calls since the last free_all */
	size_t chunks;      /* chunks held now, the kept first one included */
	size_t large;       /* large objects held now */
	size_t large_bytes; /* bytes requested by those large objects */
	size_t cleanups;    /* cleanups registered now */
	size_t footprint;   /* bytes held from malloc now (all overheads) */
	size_t peak;        /* highest footprint since creation */
	size_t total_bytes; /* bytes requested since creation */
	size_t resets;      /* free_all calls since creation */
};

/*
 * Create a region.
 * @param[in] chunk_size  usable bytes per chunk; 0 for
 *                        TH_REGION_CHUNK_DEFAULT. Raised to
 *                        TH_REGION_CHUNK_MIN and to the alignment.
 * @param[in] large_threshold  requests above this many bytes are large
 *                        objects taken separately from malloc; 0 for
 *                        chunk_size / 4. Capped at chunk_size.
 * @return the region (owned by the caller, release with
 *         th_region_destroy()), or NULL when out of memory.
 */
struct th_region *th_region_create(size_t chunk_size, size_t large_threshold)
    __attribute__((warn_unused_result));

/*
 * Run the cleanups (last registered first), release every chunk, every
 * large object and the region itself, and set *rp to NULL. Every block
 * the region handed out becomes invalid. *rp may be NULL (no-op).
 */
void th_region_destroy(struct th_region **rp);

/*
 * Run the cleanups (last registered first), then release every block: the
 * first chunk is kept and reused, further chunks and large objects go back
 * to malloc. Every block the region handed out becomes invalid. The
 * lifetime counters (total_bytes, peak, resets) survive.
 */
void th_region_free_all(struct th_region *r);

/*
 * Allocate size bytes, aligned to max_align_t, uninitialised. A size of 0
 * gives a valid, unique pointer to zero usable bytes.
 * @return the block, valid until the next free_all or destroy; NULL when
 *         out of memory (the region is unchanged).
 */
void *th_region_alloc(struct th_region *r, size_t size)
    __attribute__((warn_unused_result, alloc_size(2)));

/* As th_region_alloc(), with the block set to zero bytes. */
void *th_region_alloc_zero(struct th_region *r, size_t size)
    __attribute__((warn_unused_result, alloc_size(2)));

/*
 * Allocate an uninitialised array of n elements of size bytes each.
 * @return the array, or NULL when out of memory or when n * size does not
 *         fit in size_t.
 */
void *th_region_alloc_array(struct th_region *r, size_t n, size_t size)
    __attribute__((warn_unused_result, alloc_size(2, 3)));

/*
 * Copy len bytes of p into the region (p may be NULL when len is 0).
 * @return the copy, or NULL when out of memory.
 */
void *th_region_memdup(struct th_region *r, const void *p, size_t len)
    __attribute__((warn_unused_result));

/*
 * Copy the NUL-terminated string s into the region.
 * @return the copy, or NULL when out of memory.
 */
char *th_region_strdup(struct th_region *r, const char *s)
    __attribute__((warn_unused_result));

/*
 * Copy len bytes of p and add a NUL: turns a {ptr, len} token into a C
 * string. p must not contain a NUL within len bytes if the result is to be
 * used as a string of length len.
 * @return the copy, or NULL when out of memory.
 */
char *th_region_strndup(struct th_region *r, const char *p, size_t len)
    __attribute__((warn_unused_result));

/*
 * Register fn(arg) to run at the next free_all or destroy, before any
 * memory is released, in reverse order of registration. Typical use: hand
 * a malloc-owned ldns object to the region with its deep-free function.
 * @return 0, or TH_ENOMEM. On failure fn is never called and the caller
 *         still owns arg.
 */
int th_region_add_cleanup(struct th_region *r, th_region_cleanup_fn *fn,
                          void *arg) __attribute__((warn_unused_result));

/*
 * Unregister the most recently registered cleanup equal to (fn, arg),
 * without calling it: ownership of arg returns to the caller.
 * @return 0, or TH_ENOTFOUND when no such cleanup is registered.
 */
int th_region_remove_cleanup(struct th_region *r, th_region_cleanup_fn *fn,
                             void *arg) __attribute__((warn_unused_result));

/* Copy the region's counters into *out. */
void th_region_stats(const struct th_region *r, struct th_region_stats *out);

#endif /* TH_REGION_H */
