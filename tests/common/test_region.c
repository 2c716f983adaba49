/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_region.c -- unit tests for common/region: alignment, chunk and
 * large-object accounting, free_all reuse, cleanups, overflow checks.
 *
 * The accounting rows assume alignof(max_align_t) == 16 (x86-64, aarch64):
 * a 100-byte block takes 112 bytes of a chunk, so 9 fit in 1024.
 */
#include "common/err.h"
#include "common/region.h"
#include "tests/suites.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- Positive ----------------------------------------------------------- */

START_TEST(test_region_create_destroy)
{
	struct th_region *r = th_region_create(0, 0);
	struct th_region_stats st;

	ck_assert_ptr_nonnull(r);
	th_region_stats(r, &st);
	ck_assert_uint_eq(st.chunks, 1);
	ck_assert_uint_eq(st.bytes, 0);
	ck_assert_uint_eq(st.allocations, 0);
	/* The struct and one default chunk are held. */
	ck_assert_uint_gt(st.footprint, TH_REGION_CHUNK_DEFAULT);
	ck_assert_uint_eq(st.peak, st.footprint);
	th_region_destroy(&r);
	ck_assert_ptr_null(r);
	th_region_destroy(&r); /* NULL is a no-op */
	ck_assert_ptr_null(r);
}
END_TEST

/* Every block is aligned, usable over its full size, and distinct. */
static const size_t align_sizes[] = {0,   1,   2,   7,    8,    15,   16,
                                     17,  31,  33,  100,  255,  256,  257,
                                     511, 512, 513, 2000, 2048, 2049, 9000};

START_TEST(test_region_alignment)
{
	struct th_region *r = th_region_create(0, 0);
	size_t size = align_sizes[_i];
	unsigned char *p[3];

	ck_assert_ptr_nonnull(r);
	for (int k = 0; k < 3; k++) {
		p[k] = th_region_alloc(r, size);
		ck_assert_ptr_nonnull(p[k]);
		ck_assert_uint_eq((uintptr_t)p[k] % alignof(max_align_t), 0);
		memset(p[k], 0x40 + k, size);
	}
	ck_assert_ptr_ne(p[0], p[1]);
	ck_assert_ptr_ne(p[1], p[2]);
	for (int k = 0; k < 3; k++) {
		for (size_t j = 0; j < size; j++)
			ck_assert_uint_eq(p[k][j], 0x40 + k);
	}
	th_region_destroy(&r);
}
END_TEST

static const struct {
	size_t chunk, threshold; /* th_region_create() arguments */
	size_t size;             /* bytes per allocation */
	size_t count;            /* allocations */
	size_t chunks, large;    /* expected chunks and large objects */
	const char *msg;
} acct_cases[] = {
    {1024, 0, 100, 9, 1, 0, "9 x 112 = 1008 fit one 1024 chunk"},
    {1024, 0, 100, 10, 2, 0, "the 10th block opens a second chunk"},
    {1024, 0, 100, 18, 2, 0, "two chunks hold 18"},
    {1024, 0, 100, 19, 3, 0, "the 19th opens a third"},
    {1024, 0, 256, 4, 1, 0, "256 is the default threshold (1024 / 4)"},
    {1024, 0, 257, 5, 1, 5, "257 > 256 is large"},
    {1024, 1024, 256, 4, 1, 0, "4 x 256 fill a chunk exactly"},
    {1024, 1024, 256, 5, 2, 0, "a fifth 256 opens a chunk"},
    {1024, 5000, 1024, 2, 2, 0, "threshold capped at the chunk size"},
    {1024, 5000, 1025, 2, 1, 2, "above the capped threshold: large"},
    {0, 0, 2048, 4, 1, 0, "default chunk 8192, threshold 2048"},
    {0, 0, 2049, 3, 1, 3, "default threshold exceeded"},
    {100, 0, 64, 4, 1, 0, "chunk raised to 256, threshold 64"},
    {100, 0, 64, 5, 2, 0, "5 x 64 exceed the raised chunk"},
    {100, 0, 65, 1, 1, 1, "65 > 64 is large"},
    {256, 0, 0, 16, 1, 0, "zero-size blocks take one 16-byte unit"},
    {256, 0, 0, 17, 2, 0, "the 17th opens a chunk"},
    {1000, 0, 16, 63, 1, 0, "chunk 1000 rounded up to 1008 holds 63"},
    {1000, 0, 16, 64, 2, 0, "the 64th 16-byte block opens a chunk"},
};

START_TEST(test_region_accounting)
{
	struct th_region *r =
	    th_region_create(acct_cases[_i].chunk, acct_cases[_i].threshold);
	struct th_region_stats st, after;

	ck_assert_ptr_nonnull(r);
	for (size_t k = 0; k < acct_cases[_i].count; k++) {
		void *p = th_region_alloc(r, acct_cases[_i].size);

		ck_assert_msg(p != NULL, "%s", acct_cases[_i].msg);
	}
	th_region_stats(r, &st);
	ck_assert_msg(st.chunks == acct_cases[_i].chunks,
	              "%s: chunks %zu, want %zu", acct_cases[_i].msg, st.chunks,
	              acct_cases[_i].chunks);
	ck_assert_msg(st.large == acct_cases[_i].large,
	              "%s: large %zu, want %zu", acct_cases[_i].msg, st.large,
	              acct_cases[_i].large);
	ck_assert_uint_eq(st.allocations, acct_cases[_i].count);
	ck_assert_uint_eq(st.bytes, acct_cases[_i].count * acct_cases[_i].size);
	ck_assert_uint_eq(st.large_bytes,
	                  acct_cases[_i].large * acct_cases[_i].size);
	ck_assert_uint_eq(st.peak, st.footprint);

	/* free_all keeps one chunk and the lifetime counters. */
	th_region_free_all(r);
	th_region_stats(r, &after);
	ck_assert_uint_eq(after.chunks, 1);
	ck_assert_uint_eq(after.large, 0);
	ck_assert_uint_eq(after.large_bytes, 0);
	ck_assert_uint_eq(after.bytes, 0);
	ck_assert_uint_eq(after.allocations, 0);
	ck_assert_uint_eq(after.resets, 1);
	ck_assert_uint_eq(after.total_bytes, st.bytes);
	ck_assert_uint_eq(after.peak, st.peak);
	if (st.chunks > 1 || st.large > 0)
		ck_assert_uint_lt(after.footprint, st.footprint);
	else
		ck_assert_uint_eq(after.footprint, st.footprint);
	th_region_destroy(&r);
}
END_TEST

/* Blocks of mixed sizes never overlap: each keeps its own pattern. */
START_TEST(test_region_no_overlap)
{
	struct th_region *r = th_region_create(512, 0);
	unsigned char *blk[200];
	size_t len[200];

	ck_assert_ptr_nonnull(r);
	for (int k = 0; k < 200; k++) {
		len[k] = (size_t)(k * 37) % 300; /* 0..299, some large */
		blk[k] = th_region_alloc(r, len[k]);
		ck_assert_ptr_nonnull(blk[k]);
		memset(blk[k], k & 0xff, len[k]);
	}
	for (int k = 0; k < 200; k++) {
		for (size_t j = 0; j < len[k]; j++)
			ck_assert_uint_eq(blk[k][j], (unsigned)(k & 0xff));
	}
	th_region_destroy(&r);
}
END_TEST

START_TEST(test_region_reuses_first_chunk)
{
	struct th_region *r = th_region_create(1024, 0);
	unsigned char *first, *again;

	ck_assert_ptr_nonnull(r);
	first = th_region_alloc(r, 32);
	ck_assert_ptr_nonnull(first);
	for (int k = 0; k < 50; k++)
		ck_assert_ptr_nonnull(th_region_alloc(r, 100));
	memset(first, 0xaa, 32);
	th_region_free_all(r);
	again = th_region_alloc(r, 32);
	ck_assert_ptr_eq(again, first);
	th_region_destroy(&r);
}
END_TEST

START_TEST(test_region_alloc_zero)
{
	struct th_region *r = th_region_create(1024, 0);
	unsigned char *p;

	ck_assert_ptr_nonnull(r);
	/* Dirty the first chunk and a large block, then reuse the chunk. */
	p = th_region_alloc(r, 200);
	ck_assert_ptr_nonnull(p);
	memset(p, 0xaa, 200);
	th_region_free_all(r);
	p = th_region_alloc_zero(r, 200);
	ck_assert_ptr_nonnull(p);
	for (size_t j = 0; j < 200; j++)
		ck_assert_uint_eq(p[j], 0);
	p = th_region_alloc_zero(r, 5000); /* large */
	ck_assert_ptr_nonnull(p);
	for (size_t j = 0; j < 5000; j++)
		ck_assert_uint_eq(p[j], 0);
	th_region_destroy(&r);
}
END_TEST

static const struct {
	size_t n, size;
} array_ok_cases[] = {
    {0, 8}, {8, 0}, {1, 1}, {10, 24}, {1000, 8}, {3, 1000},
};

START_TEST(test_region_alloc_array)
{
	struct th_region *r = th_region_create(1024, 0);
	size_t n = array_ok_cases[_i].n, size = array_ok_cases[_i].size;
	struct th_region_stats st;
	unsigned char *p;

	ck_assert_ptr_nonnull(r);
	p = th_region_alloc_array(r, n, size);
	ck_assert_ptr_nonnull(p);
	memset(p, 0x55, n * size);
	th_region_stats(r, &st);
	ck_assert_uint_eq(st.bytes, n * size);
	ck_assert_uint_eq(st.allocations, 1);
	th_region_destroy(&r);
}
END_TEST

START_TEST(test_region_dup)
{
	struct th_region *r = th_region_create(0, 0);
	const char src[] = "example.se";
	const unsigned char bin[] = {0, 1, 2, 0, 255};
	char *s;
	unsigned char *b;

	ck_assert_ptr_nonnull(r);
	s = th_region_strdup(r, src);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_ne(s, src);
	ck_assert_str_eq(s, src);

	s = th_region_strdup(r, "");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");

	/* strndup stops at len, not at the source's NUL. */
	s = th_region_strndup(r, "example.se trailing", 10);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "example.se");

	b = th_region_memdup(r, bin, sizeof(bin));
	ck_assert_ptr_nonnull(b);
	ck_assert_mem_eq(b, bin, sizeof(bin));

	ck_assert_ptr_nonnull(th_region_memdup(r, NULL, 0));
	th_region_destroy(&r);
}
END_TEST

/* Cleanups record the order in which they ran. */
struct cleanup_log {
	int order[8];
	int n;
};

struct cleanup_arg {
	struct cleanup_log *log;
	int id;
};

static void
record_cleanup(void *arg)
{
	struct cleanup_arg *a = arg;

	a->log->order[a->log->n++] = a->id;
}

START_TEST(test_region_cleanup_order)
{
	struct th_region *r = th_region_create(0, 0);
	struct cleanup_log log = {{0}, 0};
	struct cleanup_arg args[4] = {
	    {&log, 1}, {&log, 2}, {&log, 3}, {&log, 4}};
	struct th_region_stats st;

	ck_assert_ptr_nonnull(r);
	for (int k = 0; k < 3; k++)
		ck_assert_int_eq(
		    th_region_add_cleanup(r, record_cleanup, &args[k]), 0);
	th_region_stats(r, &st);
	ck_assert_uint_eq(st.cleanups, 3);
	ck_assert_int_eq(log.n, 0);

	th_region_free_all(r);
	ck_assert_int_eq(log.n, 3);
	ck_assert_int_eq(log.order[0], 3);
	ck_assert_int_eq(log.order[1], 2);
	ck_assert_int_eq(log.order[2], 1);
	th_region_stats(r, &st);
	ck_assert_uint_eq(st.cleanups, 0);

	/* Each runs once: a second free_all has nothing to run. */
	th_region_free_all(r);
	ck_assert_int_eq(log.n, 3);

	/* destroy runs what is registered since. */
	ck_assert_int_eq(th_region_add_cleanup(r, record_cleanup, &args[3]), 0);
	th_region_destroy(&r);
	ck_assert_int_eq(log.n, 4);
	ck_assert_int_eq(log.order[3], 4);
}
END_TEST

START_TEST(test_region_cleanup_remove)
{
	struct th_region *r = th_region_create(0, 0);
	struct cleanup_log log = {{0}, 0};
	struct cleanup_arg args[3] = {{&log, 1}, {&log, 2}, {&log, 3}};

	ck_assert_ptr_nonnull(r);
	for (int k = 0; k < 3; k++)
		ck_assert_int_eq(
		    th_region_add_cleanup(r, record_cleanup, &args[k]), 0);
	ck_assert_int_eq(th_region_remove_cleanup(r, record_cleanup, &args[1]),
	                 0);
	th_region_free_all(r);
	ck_assert_int_eq(log.n, 2);
	ck_assert_int_eq(log.order[0], 3);
	ck_assert_int_eq(log.order[1], 1);
	th_region_destroy(&r);
}
END_TEST

/*
 * A cleanup can read region memory, large blocks included: cleanups run
 * before anything is released (ASan and valgrind would report it).
 */
static void
sum_cleanup(void *arg)
{
	int *v = arg;
	int *out = *(int **)(v + 2000);

	*out = v[0] + v[1999];
}

/* Free a malloc-owned object the way an ldns deep-free would. */
static void
free_cleanup(void *arg)
{
	free(arg);
}

START_TEST(test_region_cleanup_uses_region_memory)
{
	struct th_region *r = th_region_create(1024, 0);
	int result = 0;
	int *v;
	char *owned;

	ck_assert_ptr_nonnull(r);
	/* 2000 ints and a pointer: a large object in a 1024 region. */
	v = th_region_alloc(r, 2000 * sizeof(int) + sizeof(int *));
	ck_assert_ptr_nonnull(v);
	v[0] = 40;
	v[1999] = 2;
	*(int **)(v + 2000) = &result;
	ck_assert_int_eq(th_region_add_cleanup(r, sum_cleanup, v), 0);

	owned = malloc(64);
	ck_assert_ptr_nonnull(owned);
	ck_assert_int_eq(th_region_add_cleanup(r, free_cleanup, owned), 0);

	th_region_free_all(r);
	ck_assert_int_eq(result, 42);
	th_region_destroy(&r);
}
END_TEST

#ifdef TEST_ASAN
/* Under ASan, bytes past a block and memory reset by free_all trap. */
START_TEST(test_region_asan_poison)
{
	struct th_region *r = th_region_create(1024, 0);
	unsigned char *p;

	ck_assert_ptr_nonnull(r);
	p = th_region_alloc(r, 10);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(__asan_address_is_poisoned(p), 0);
	ck_assert_int_eq(__asan_address_is_poisoned(p + 9), 0);
	ck_assert_int_eq(__asan_address_is_poisoned(p + 10), 1);
	th_region_free_all(r);
	ck_assert_int_eq(__asan_address_is_poisoned(p), 1);
	th_region_destroy(&r);
}
END_TEST
#endif

/* ---- Negative ----------------------------------------------------------- */

/* Sizes that must fail without calling malloc (ASan aborts on those). */
static const struct {
	size_t n, size;
	const char *msg;
} overflow_cases[] = {
    {SIZE_MAX / 2 + 1, 2, "n * 2 wraps"},
    {SIZE_MAX, SIZE_MAX, "SIZE_MAX squared"},
    {2, SIZE_MAX / 2 + 1, "size * 2 wraps"},
    {1, SIZE_MAX, "SIZE_MAX plus the large header wraps"},
    {1, SIZE_MAX - 8, "near SIZE_MAX plus the large header wraps"},
    {(SIZE_MAX / 16) + 1, 16, "16-byte elements wrap"},
};

START_TEST(test_region_alloc_array_overflow)
{
	struct th_region *r = th_region_create(1024, 0);
	struct th_region_stats st;
	void *p;

	ck_assert_ptr_nonnull(r);
	p = th_region_alloc_array(r, overflow_cases[_i].n,
	                          overflow_cases[_i].size);
	ck_assert_msg(p == NULL, "%s", overflow_cases[_i].msg);
	th_region_stats(r, &st);
	ck_assert_uint_eq(st.allocations, 0);
	ck_assert_uint_eq(st.bytes, 0);
	ck_assert_uint_eq(st.large, 0);
	/* The region still works after the failure. */
	ck_assert_ptr_nonnull(th_region_alloc(r, 16));
	th_region_destroy(&r);
}
END_TEST

START_TEST(test_region_huge_requests)
{
	struct th_region *r = th_region_create(1024, 0);
	/* volatile: alloc_size would reject the constant at compile time. */
	volatile size_t huge = SIZE_MAX;

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(th_region_alloc(r, huge));
	ck_assert_ptr_null(th_region_alloc_zero(r, huge));
	ck_assert_ptr_null(th_region_strndup(r, "x", huge));
	th_region_destroy(&r);
	/* A chunk size that could wrap the arithmetic is refused. */
	ck_assert_ptr_null(th_region_create(SIZE_MAX, 0));
	ck_assert_ptr_null(th_region_create(SIZE_MAX / 2, 0));
}
END_TEST

START_TEST(test_region_remove_unknown_cleanup)
{
	struct th_region *r = th_region_create(0, 0);
	struct cleanup_log log = {{0}, 0};
	struct cleanup_arg a = {&log, 1}, b = {&log, 2};

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(th_region_remove_cleanup(r, record_cleanup, &a),
	                 TH_ENOTFOUND);
	ck_assert_int_eq(th_region_add_cleanup(r, record_cleanup, &a), 0);
	/* Same function, other argument: not a match. */
	ck_assert_int_eq(th_region_remove_cleanup(r, record_cleanup, &b),
	                 TH_ENOTFOUND);
	ck_assert_int_eq(th_region_remove_cleanup(r, free_cleanup, &a),
	                 TH_ENOTFOUND);
	ck_assert_int_eq(th_region_remove_cleanup(r, record_cleanup, &a), 0);
	ck_assert_int_eq(th_region_remove_cleanup(r, record_cleanup, &a),
	                 TH_ENOTFOUND);
	th_region_destroy(&r);
	ck_assert_int_eq(log.n, 0);
}
END_TEST

Suite *
suite_region(void)
{
	Suite *s = suite_create("region");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_test(pos, test_region_create_destroy);
	tcase_add_loop_test(pos, test_region_alignment, 0,
	                    N_ELEMS(align_sizes));
	tcase_add_loop_test(pos, test_region_accounting, 0,
	                    N_ELEMS(acct_cases));
	tcase_add_test(pos, test_region_no_overlap);
	tcase_add_test(pos, test_region_reuses_first_chunk);
	tcase_add_test(pos, test_region_alloc_zero);
	tcase_add_loop_test(pos, test_region_alloc_array, 0,
	                    N_ELEMS(array_ok_cases));
	tcase_add_test(pos, test_region_dup);
	tcase_add_test(pos, test_region_cleanup_order);
	tcase_add_test(pos, test_region_cleanup_remove);
	tcase_add_test(pos, test_region_cleanup_uses_region_memory);
#ifdef TEST_ASAN
	tcase_add_test(pos, test_region_asan_poison);
#endif

	tcase_add_loop_test(neg, test_region_alloc_array_overflow, 0,
	                    N_ELEMS(overflow_cases));
	tcase_add_test(neg, test_region_huge_requests);
	tcase_add_test(neg, test_region_remove_unknown_cleanup);

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
