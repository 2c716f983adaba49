/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * secrand.h -- unpredictable random numbers for query IDs and similar.
 *
 * Query IDs and the choice of source socket are what stands between the
 * crawler and forged answers, so they come from the kernel's CSPRNG
 * (getrandom), read in blocks to keep the system call off the hot path.
 * Not seeded and not repeatable: simulations use common/rng instead.
 */
#ifndef TH_SECRAND_H
#define TH_SECRAND_H

#include <stddef.h>
#include <stdint.h>

struct th_secrand {
	uint8_t buf[512];
	size_t pos; /* next unused octet; sizeof(buf) when empty */
};

/* An empty pool; the first draw fills it. */
void th_secrand_init(struct th_secrand *r);

/* Fill p with n random octets. Aborts if the kernel has no randomness. */
void th_secrand_bytes(struct th_secrand *r, void *p, size_t n);

uint16_t th_secrand_u16(struct th_secrand *r);
uint64_t th_secrand_u64(struct th_secrand *r);

/* Uniform in [0, n), n > 0, without modulo bias. */
uint32_t th_secrand_below(struct th_secrand *r, uint32_t n);

#endif /* TH_SECRAND_H */
