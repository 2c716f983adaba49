/* SPDX-License-Identifier: BSD-3-Clause */
/* test_rng.c -- unit tests for common/rng: repeatability and ranges. */
#include "common/rng.h"
#include "tests/suites.h"

#include <string.h>

START_TEST(test_rng_repeatable)
{
	struct th_rng a, b, c;
	int differ = 0;

	th_rng_init(&a, 42);
	th_rng_init(&b, 42);
	th_rng_init(&c, 43);
	for (int i = 0; i < 100; i++) {
		uint64_t x = th_rng_next(&a);
		ck_assert_uint_eq(x, th_rng_next(&b));
		differ += x != th_rng_next(&c);
	}
	ck_assert_int_gt(differ, 95);
}
END_TEST

START_TEST(test_rng_streams_independent)
{
	struct th_rng s1, s1b, s2;
	int same = 0;

	th_rng_stream(&s1, 7, 1);
	th_rng_stream(&s1b, 7, 1);
	th_rng_stream(&s2, 7, 2);
	for (int i = 0; i < 100; i++) {
		uint64_t x = th_rng_next(&s1);
		ck_assert_uint_eq(x, th_rng_next(&s1b));
		same += x == th_rng_next(&s2);
	}
	ck_assert_int_lt(same, 5);
}
END_TEST

/* Each value of [0, n) is drawn, and nothing outside it. */
START_TEST(test_rng_below_range)
{
	static const uint32_t ns[] = {1, 2, 3, 7, 10, 1000};
	struct th_rng r;

	th_rng_init(&r, 1);
	for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		uint32_t n = ns[k], seen[1000];

		memset(seen, 0, sizeof(seen));
		for (uint32_t i = 0; i < 50 * n; i++) {
			uint32_t v = th_rng_below(&r, n);
			ck_assert_uint_lt(v, n);
			seen[v]++;
		}
		for (uint32_t v = 0; v < n; v++)
			ck_assert_msg(seen[v] > 0, "n=%u: %u never drawn", n,
			              v);
	}
}
END_TEST

static const struct {
	uint32_t ppm;
	int lo, hi; /* hits out of 10000 draws */
	const char *msg;
} chance_cases[] = {
    {0, 0, 0, "never"},
    {1000000, 10000, 10000, "always"},
    {2000000, 10000, 10000, "above one: always"},
    {500000, 4700, 5300, "half"},
    {10000, 60, 140, "one percent"},
};

START_TEST(test_rng_chance_ppm)
{
	struct th_rng r;
	int hits = 0;

	th_rng_init(&r, 9);
	for (int i = 0; i < 10000; i++)
		hits += th_rng_chance_ppm(&r, chance_cases[_i].ppm);
	ck_assert_msg(hits >= chance_cases[_i].lo &&
	                  hits <= chance_cases[_i].hi,
	              "%s: %d hits", chance_cases[_i].msg, hits);
}
END_TEST

START_TEST(test_rng_permille)
{
	struct th_rng r;
	int hits = 0;

	th_rng_init(&r, 3);
	for (int i = 0; i < 10000; i++)
		hits += th_rng_permille(&r, 250);
	ck_assert_int_ge(hits, 2300);
	ck_assert_int_le(hits, 2700);
	ck_assert(!th_rng_permille(&r, 0));
	ck_assert(th_rng_permille(&r, 1000));
}
END_TEST

static const struct {
	uint32_t base, jitter, lo, hi;
	const char *msg;
} jitter_cases[] = {
    {100, 0, 100, 100, "no jitter: exact"},
    {100, 10, 90, 110, "symmetric"},
    {5, 20, 0, 25, "clamped at zero"},
    {0, 0, 0, 0, "zero"},
};

START_TEST(test_rng_jitter)
{
	struct th_rng r;
	uint32_t min = UINT32_MAX, max = 0;

	th_rng_init(&r, 5);
	for (int i = 0; i < 2000; i++) {
		uint32_t v = th_rng_jitter(&r, jitter_cases[_i].base,
		                           jitter_cases[_i].jitter);
		min = v < min ? v : min;
		max = v > max ? v : max;
	}
	/* Both ends of the range are reached, nothing beyond them. */
	ck_assert_msg(min == jitter_cases[_i].lo && max == jitter_cases[_i].hi,
	              "%s: [%u, %u]", jitter_cases[_i].msg, min, max);
}
END_TEST

START_TEST(test_rng_weighted)
{
	static const uint32_t w[] = {0, 3, 0, 1};
	struct th_rng r;
	int count[4] = {0};

	th_rng_init(&r, 11);
	for (int i = 0; i < 8000; i++)
		count[th_rng_weighted(&r, w, 4)]++;
	ck_assert_int_eq(count[0], 0);
	ck_assert_int_eq(count[2], 0);
	ck_assert_int_ge(count[1], 5700); /* expected 6000 */
	ck_assert_int_le(count[1], 6300);
}
END_TEST

START_TEST(test_rng_shuffle_permutes)
{
	uint32_t v[64], seen[64] = {0};
	struct th_rng r;
	int moved = 0;

	for (uint32_t i = 0; i < 64; i++)
		v[i] = i;
	th_rng_init(&r, 13);
	th_rng_shuffle(&r, v, 64);
	for (uint32_t i = 0; i < 64; i++) {
		ck_assert_uint_lt(v[i], 64);
		seen[v[i]]++;
		moved += v[i] != i;
	}
	for (uint32_t i = 0; i < 64; i++)
		ck_assert_uint_eq(seen[i], 1);
	ck_assert_int_gt(moved, 32);
}
END_TEST

Suite *
suite_rng(void)
{
	Suite *s = suite_create("rng");
	TCase *pos = tcase_create("Positive");

	tcase_add_test(pos, test_rng_repeatable);
	tcase_add_test(pos, test_rng_streams_independent);
	tcase_add_test(pos, test_rng_below_range);
	tcase_add_loop_test(
	    pos, test_rng_chance_ppm, 0,
	    (int)(sizeof(chance_cases) / sizeof(chance_cases[0])));
	tcase_add_test(pos, test_rng_permille);
	tcase_add_loop_test(
	    pos, test_rng_jitter, 0,
	    (int)(sizeof(jitter_cases) / sizeof(jitter_cases[0])));
	tcase_add_test(pos, test_rng_weighted);
	tcase_add_test(pos, test_rng_shuffle_permutes);
	suite_add_tcase(s, pos);
	return s;
}
