/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rng.h -- seeded pseudo-random numbers for the testbed generator.
 *
 * Everything tbgen decides (topology, profiles, names, addresses, zone
 * content) comes from this generator, so one seed gives one testbed on
 * every machine. It is xoshiro256** seeded through splitmix64; it is not
 * cryptographic and is never used for key material (that comes from
 * OpenSSL, see dnssec.h).
 *
 * Each concern draws from its own stream (tbgen_rng_stream), so adding a
 * draw in one place (say, zone content) does not reshuffle another (say,
 * which operator hosts which domain).
 *
 * struct tbgen_rng is a plain value: callers keep it on the stack or in
 * their own structs; there is nothing to free.
 */
#ifndef TBGEN_RNG_H
#define TBGEN_RNG_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct tbgen_rng {
	uint64_t s[4];
};

/* Seed a generator. Any seed, including 0, is valid. */
void tbgen_rng_init(struct tbgen_rng *rng, uint64_t seed);

/*
 * Seed a generator for one concern: the same (seed, stream) pair always
 * gives the same sequence, and different streams are independent.
 */
void tbgen_rng_stream(struct tbgen_rng *rng, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
uint64_t tbgen_rng_next(struct tbgen_rng *rng);

/* Uniform in [0, n); n must be > 0. Unbiased. */
uint32_t tbgen_rng_below(struct tbgen_rng *rng, uint32_t n);

/* True with probability permille / 1000. */
bool tbgen_rng_permille(struct tbgen_rng *rng, uint32_t permille);

/*
 * Index in [0, n) drawn with probability weights[i] / sum(weights).
 * n must be > 0 and the sum of the weights > 0 and below 2^32.
 */
size_t tbgen_rng_weighted(struct tbgen_rng *rng, const uint32_t *weights,
                          size_t n);

/* Shuffle n 32-bit values in place (Fisher-Yates). */
void tbgen_rng_shuffle(struct tbgen_rng *rng, uint32_t *v, size_t n);

#endif /* TBGEN_RNG_H */
