/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_idmap.h -- per-listener table of UDP queries awaiting a reply.
 *
 * Each query forwarded to the backend gets a relay-assigned 16-bit ID,
 * which is the index of its slot here; the slot keeps the client's address,
 * the client's own ID and a hash of the question. A reply is matched by
 * its ID (and, when both sides have a question, by the question hash, so
 * a very late reply cannot reach the wrong client after its slot was
 * reused), and the slot is freed.
 *
 * The table starts small and doubles on demand up to `max` slots (at most
 * 65536), so hundreds of idle listeners cost little. Freed slots are reused
 * in FIFO order (the least recently freed first), which keeps a late reply
 * from meeting a fresh mapping. In-use slots sit on a list in insertion
 * order; as every mapping lives the same time, that list is also expiry
 * order and relay_idmap_expire() only looks at its head.
 */
#ifndef TH_RELAY_IDMAP_H
#define TH_RELAY_IDMAP_H

#include "testbed/relay/relay_conf.h"

#include <stdint.h>

struct relay_idmap_slot;

/* Caller-allocated; fields are private to relay_idmap.c. */
struct relay_idmap {
	struct relay_idmap_slot *slots;
	uint32_t cap;
	uint32_t max;
	uint32_t used;
	int32_t free_head, free_tail;
	int32_t used_head, used_tail;
};

/* An empty table growing up to max slots (clamped to 1..65536). */
void relay_idmap_init(struct relay_idmap *m, uint32_t max);

/* Release the slots; the table is left empty and may be reused. */
void relay_idmap_free(struct relay_idmap *m);

/*
 * Remember a forwarded query until `expires` (loop ms).
 * @param[out] id  the ID to put in the forwarded query
 * @return 0; TH_ETOOBIG when every slot is in use; TH_ENOMEM.
 */
int relay_idmap_put(struct relay_idmap *m, const union relay_addr *client,
                    uint16_t orig_id, uint32_t qhash, uint64_t expires,
                    uint16_t *id) __attribute__((warn_unused_result));

/*
 * Match a reply and free its slot.
 * @param[out] client, orig_id  where and under which ID to send it
 * @return 0; TH_ENOTFOUND when the ID is not in use or the question hashes
 *         (both non-zero) differ.
 */
int relay_idmap_take(struct relay_idmap *m, uint16_t id, uint32_t qhash,
                     union relay_addr *client, uint16_t *orig_id);

/* Free every mapping whose time is up; returns how many. */
uint32_t relay_idmap_expire(struct relay_idmap *m, uint64_t now);

/* Mappings in use. */
static inline uint32_t
relay_idmap_used(const struct relay_idmap *m)
{
	return m->used;
}

#endif /* TH_RELAY_IDMAP_H */
