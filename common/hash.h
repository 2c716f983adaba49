/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hash.h -- keyed hashing (SipHash-2-4) and an intrusive chained hash table.
 *
 * Keys in the crawler come from the network and from zone files that
 * registrants write, so tables are keyed with SipHash under a random key
 * chosen per table owner: nobody can aim names at one bucket.
 *
 * The table is intrusive: a struct embeds a struct th_hash_node and the
 * caller compares keys while walking a bucket (th_hash_first/next), so one
 * table type serves every key shape without callbacks or copies. The table
 * grows by doubling when it holds more nodes than buckets; it never
 * allocates on lookup or removal.
 */
#ifndef TH_HASH_H
#define TH_HASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-2-4 of len octets at data under the key (k0, k1). */
uint64_t th_hash_sip(const void *data, size_t len, uint64_t k0, uint64_t k1);

struct th_hash_node {
	struct th_hash_node *next;
	uint64_t hash;
};

struct th_hash {
	struct th_hash_node **buckets;
	size_t mask; /* buckets - 1; buckets is a power of two */
	size_t count;
};

/* An empty table with room for about `hint` nodes before it first grows. */
int th_hash_init(struct th_hash *t, size_t hint)
    __attribute__((warn_unused_result));

/* Free the bucket array; the nodes belong to the caller. */
void th_hash_free(struct th_hash *t);

/*
 * Insert node under hash. Duplicates are the caller's business (look up
 * first). Growth failure is not an error: the table stays correct, only
 * its chains get longer.
 */
void th_hash_insert(struct th_hash *t, struct th_hash_node *node,
                    uint64_t hash);

/* Remove a node that is in the table. */
void th_hash_remove(struct th_hash *t, struct th_hash_node *node);

/* First node of hash's bucket with that hash, or NULL. */
static inline struct th_hash_node *
th_hash_first(const struct th_hash *t, uint64_t hash)
{
	struct th_hash_node *n = t->buckets[hash & t->mask];

	while (n != NULL && n->hash != hash)
		n = n->next;
	return n;
}

/* Next node after n with the same hash, or NULL. */
static inline struct th_hash_node *
th_hash_next(const struct th_hash_node *n)
{
	uint64_t hash = n->hash;

	for (n = n->next; n != NULL; n = n->next)
		if (n->hash == hash)
			return (struct th_hash_node *)n;
	return NULL;
}

/* Visit every node; fn must not insert, but may remove the node given. */
void th_hash_foreach(struct th_hash *t,
                     void (*fn)(struct th_hash_node *node, void *arg),
                     void *arg);

#endif /* TH_HASH_H */
