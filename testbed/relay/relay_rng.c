/* SPDX-License-Identifier: BSD-3-Clause */
/* relay_rng.c -- xoshiro256** with splitmix64 seeding (see relay_rng.h). */
#include "testbed/relay/relay_rng.h"

#include "testbed/relay/relay_conf.h"

static uint64_t
rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void
relay_rng_seed(struct relay_rng *rng, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rng->s[i] = rng_splitmix(&seed);
}

uint64_t
relay_rng_next(struct relay_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return result;
}

bool
relay_rng_chance(struct relay_rng *rng, uint32_t ppm)
{
	if (ppm == 0)
		return false;
	if (ppm >= RELAY_LOSS_SCALE)
		return true;
	/* Scale 32 random bits onto [0, 10^6) without modulo bias. */
	return ((relay_rng_next(rng) >> 32) * RELAY_LOSS_SCALE >> 32) < ppm;
}

uint32_t
relay_rng_delay(struct relay_rng *rng, uint32_t base, uint32_t jitter)
{
	int64_t d;

	if (jitter == 0)
		return base;
	d = (int64_t)base - jitter +
	    (int64_t)(relay_rng_next(rng) % (2 * (uint64_t)jitter + 1));
	return d > 0 ? (uint32_t)d : 0;
}
