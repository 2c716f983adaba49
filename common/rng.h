/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rng.h -- seeded, repeatable pseudo-random numbers for simulations.
 *
 * The testbed draws everything from it: tbgen's decisions (topology,
 * profiles, names, addresses, zone content), so one seed gives one testbed
 * on every machine, and the relay's loss and jitter, so two runs with one
 * seed drop the same packets. It is xoshiro256** seeded through splitmix64; it
 * is not cryptographic and is never used for key material (that comes from
 * OpenSSL). Query IDs and source ports must never come from here: they
 * must be unpredictable.
 *
 * Each concern draws from its own stream (th_rng_stream), so adding a
 * draw in one place (say, zone content) does not reshuffle another (say,
 * which operator hosts which domain).
 *
 * struct th_rng is a plain value: callers keep it on the stack or in
 * their own structs; there is nothing to free.
 */
#ifndef TH_RNG_H
#define TH_RNG_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct th_rng {
	uint64_t s[4];
};

/* Seed a generator. Any seed, including 0, is valid. */
void th_rng_init(struct th_rng *rng, uint64_t seed);

/*
 * Seed a generator for one concern: the same (seed, stream) pair always
 * gives the same sequence, and different streams are independent.
 */
void th_rng_stream(struct th_rng *rng, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
uint64_t th_rng_next(struct th_rng *rng);

/* Uniform in [0, n); n must be > 0. Unbiased. */
uint32_t th_rng_below(struct th_rng *rng, uint32_t n);

/* True with probability permille / 1000. */
bool th_rng_permille(struct th_rng *rng, uint32_t permille);

/* True with probability ppm / 1000000 (ppm >= 1000000: always). */
bool th_rng_chance_ppm(struct th_rng *rng, uint32_t ppm);

/*
 * A value drawn uniformly from [base - jitter, base + jitter], clamped at
 * 0. Draws nothing from the stream when jitter is 0.
 */
uint32_t th_rng_jitter(struct th_rng *rng, uint32_t base, uint32_t jitter);

/*
 * Index in [0, n) drawn with probability weights[i] / sum(weights).
 * n must be > 0 and the sum of the weights > 0 and below 2^32.
 */
size_t th_rng_weighted(struct th_rng *rng, const uint32_t *weights, size_t n);

/* Shuffle n 32-bit values in place (Fisher-Yates). */
void th_rng_shuffle(struct th_rng *rng, uint32_t *v, size_t n);

#endif /* TH_RNG_H */
