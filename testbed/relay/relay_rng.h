/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_rng.h -- the seeded pseudo-random generator behind loss and jitter.
 *
 * xoshiro256** seeded through splitmix64, so one 64-bit seed gives a
 * repeatable stream: two runs with the same --seed and the same packet
 * order drop the same packets. Not for anything secret. The state is a
 * plain value the caller owns (one per process).
 */
#ifndef TH_RELAY_RNG_H
#define TH_RELAY_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct relay_rng {
	uint64_t s[4];
};

/* Seed the generator; every seed, 0 included, gives a valid state. */
void relay_rng_seed(struct relay_rng *rng, uint64_t seed);

/* The next 64 random bits. */
uint64_t relay_rng_next(struct relay_rng *rng);

/* True with probability ppm / 1000000 (ppm >= 1000000: always). */
bool relay_rng_chance(struct relay_rng *rng, uint32_t ppm);

/*
 * A delay drawn uniformly from [base - jitter, base + jitter], clamped at
 * 0. Draws nothing from the stream when jitter is 0.
 */
uint32_t relay_rng_delay(struct relay_rng *rng, uint32_t base, uint32_t jitter);

#endif /* TH_RELAY_RNG_H */
