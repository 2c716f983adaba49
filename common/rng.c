/* SPDX-License-Identifier: BSD-3-Clause */
/* rng.c -- xoshiro256** seeded through splitmix64 (see rng.h). */
#include "common/rng.h"

static uint64_t
rng_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
th_rng_init(struct th_rng *rng, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		rng->s[i] = rng_splitmix(&x);
}

void
th_rng_stream(struct th_rng *rng, uint64_t seed, uint64_t stream)
{
	uint64_t x = stream;

	/* Mix the stream number first so that nearby streams diverge. */
	th_rng_init(rng, seed ^ rng_splitmix(&x));
}

uint64_t
th_rng_next(struct th_rng *rng)
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

uint32_t
th_rng_below(struct th_rng *rng, uint32_t n)
{
	/* Lemire's multiply-and-reject: no modulo bias. */
	uint64_t m = (th_rng_next(rng) >> 32) * n;
	uint32_t low = (uint32_t)m;

	if (low < n) {
		uint32_t threshold = (uint32_t)-n % n;

		while (low < threshold) {
			m = (th_rng_next(rng) >> 32) * n;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

bool
th_rng_permille(struct th_rng *rng, uint32_t permille)
{
	return th_rng_below(rng, 1000) < permille;
}

bool
th_rng_chance_ppm(struct th_rng *rng, uint32_t ppm)
{
	if (ppm == 0)
		return false;
	if (ppm >= 1000000)
		return true;
	/* Scale 32 random bits onto [0, 10^6) without modulo. */
	return ((th_rng_next(rng) >> 32) * 1000000 >> 32) < ppm;
}

uint32_t
th_rng_jitter(struct th_rng *rng, uint32_t base, uint32_t jitter)
{
	int64_t d;

	if (jitter == 0)
		return base;
	d = (int64_t)base - jitter + (int64_t)th_rng_below(rng, 2 * jitter + 1);
	return d > 0 ? (uint32_t)d : 0;
}

size_t
th_rng_weighted(struct th_rng *rng, const uint32_t *weights, size_t n)
{
	uint64_t sum = 0;
	uint32_t pick;

	for (size_t i = 0; i < n; i++)
		sum += weights[i];
	if (sum == 0 || sum > UINT32_MAX)
		return 0;
	pick = th_rng_below(rng, (uint32_t)sum);
	for (size_t i = 0; i < n; i++) {
		if (pick < weights[i])
			return i;
		pick -= weights[i];
	}
	return n - 1;
}

void
th_rng_shuffle(struct th_rng *rng, uint32_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = th_rng_below(rng, (uint32_t)i);
		uint32_t t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}
