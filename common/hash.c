/* SPDX-License-Identifier: BSD-3-Clause */
/* hash.c -- SipHash-2-4 and the intrusive hash table (see hash.h). */
#include "common/hash.h"

#include "common/err.h"

#include <assert.h>
#include <stdlib.h>

/* ---- SipHash-2-4 -------------------------------------------------------- */

#define SIP_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static inline void
sip_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = SIP_ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = SIP_ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = SIP_ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = SIP_ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = SIP_ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = SIP_ROTL(v[2], 32);
}

static inline uint64_t
sip_load_le(const uint8_t *p, size_t n)
{
	uint64_t m = 0;

	for (size_t i = 0; i < n; i++)
		m |= (uint64_t)p[i] << (8 * i);
	return m;
}

uint64_t
th_hash_sip(const void *data, size_t len, uint64_t k0, uint64_t k1)
{
	const uint8_t *p = data;
	uint64_t v[4] = {
	    k0 ^ UINT64_C(0x736f6d6570736575),
	    k1 ^ UINT64_C(0x646f72616e646f6d),
	    k0 ^ UINT64_C(0x6c7967656e657261),
	    k1 ^ UINT64_C(0x7465646279746573),
	};
	size_t full = len - len % 8;
	uint64_t m;

	for (size_t i = 0; i < full; i += 8) {
		m = sip_load_le(p + i, 8);
		v[3] ^= m;
		sip_round(v);
		sip_round(v);
		v[0] ^= m;
	}
	/* Last block: the remaining octets, and len mod 256 on top. */
	m = len > full ? sip_load_le(p + full, len - full) : 0;
	m |= (uint64_t)(len & 0xff) << 56;
	v[3] ^= m;
	sip_round(v);
	sip_round(v);
	v[0] ^= m;
	v[2] ^= 0xff;
	for (int r = 0; r < 4; r++)
		sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* ---- table -------------------------------------------------------------- */

int
th_hash_init(struct th_hash *t, size_t hint)
{
	size_t n = 16;

	while (n < hint && n < ((size_t)1 << 40))
		n <<= 1;
	t->buckets = calloc(n, sizeof(*t->buckets));
	if (t->buckets == NULL)
		return TH_ENOMEM;
	t->mask = n - 1;
	t->count = 0;
	return 0;
}

void
th_hash_free(struct th_hash *t)
{
	free(t->buckets);
	t->buckets = NULL;
	t->mask = 0;
	t->count = 0;
}

static void
hash_grow(struct th_hash *t)
{
	size_t n = (t->mask + 1) * 2;
	struct th_hash_node **nb = calloc(n, sizeof(*nb));

	if (nb == NULL)
		return;
	for (size_t i = 0; i <= t->mask; i++) {
		struct th_hash_node *node = t->buckets[i], *next;

		for (; node != NULL; node = next) {
			next = node->next;
			node->next = nb[node->hash & (n - 1)];
			nb[node->hash & (n - 1)] = node;
		}
	}
	free(t->buckets);
	t->buckets = nb;
	t->mask = n - 1;
}

void
th_hash_insert(struct th_hash *t, struct th_hash_node *node, uint64_t hash)
{
	struct th_hash_node **b;

	if (t->count > t->mask)
		hash_grow(t);
	b = &t->buckets[hash & t->mask];
	node->hash = hash;
	node->next = *b;
	*b = node;
	t->count++;
}

void
th_hash_remove(struct th_hash *t, struct th_hash_node *node)
{
	struct th_hash_node **pp = &t->buckets[node->hash & t->mask];

	while (*pp != NULL && *pp != node)
		pp = &(*pp)->next;
	assert(*pp == node);
	if (*pp == NULL)
		return;
	*pp = node->next;
	node->next = NULL;
	t->count--;
}

void
th_hash_foreach(struct th_hash *t,
                void (*fn)(struct th_hash_node *node, void *arg), void *arg)
{
	for (size_t i = 0; i <= t->mask; i++) {
		struct th_hash_node *node = t->buckets[i], *next;

		for (; node != NULL; node = next) {
			next = node->next;
			fn(node, arg);
		}
	}
}
