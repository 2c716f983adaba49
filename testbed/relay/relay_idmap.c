/* SPDX-License-Identifier: BSD-3-Clause */
/* relay_idmap.c -- relay-assigned query IDs (see relay_idmap.h). */
#include "testbed/relay/relay_idmap.h"

#include "common/err.h"

#include <stdbool.h>
#include <stdlib.h>

#define IDMAP_FIRST_CAP 64u
#define IDMAP_MAX 65536u

struct relay_idmap_slot {
	union relay_addr client;
	uint64_t expires;
	uint32_t qhash;
	int32_t prev, next; /* used list (both) or free list (next only) */
	uint16_t orig_id;
	bool in_use;
};

void
relay_idmap_init(struct relay_idmap *m, uint32_t max)
{
	m->slots = NULL;
	m->cap = m->used = 0;
	m->max = max == 0 ? 1 : (max > IDMAP_MAX ? IDMAP_MAX : max);
	m->free_head = m->free_tail = -1;
	m->used_head = m->used_tail = -1;
}

void
relay_idmap_free(struct relay_idmap *m)
{
	free(m->slots);
	relay_idmap_init(m, m->max);
}

static void
idmap_free_push(struct relay_idmap *m, int32_t i)
{
	m->slots[i].in_use = false;
	m->slots[i].next = -1;
	if (m->free_tail < 0)
		m->free_head = i;
	else
		m->slots[m->free_tail].next = i;
	m->free_tail = i;
}

static int
idmap_grow(struct relay_idmap *m)
{
	uint32_t ncap = m->cap ? m->cap * 2 : IDMAP_FIRST_CAP;
	struct relay_idmap_slot *ns;

	if (m->cap >= m->max)
		return TH_ETOOBIG;
	if (ncap > m->max)
		ncap = m->max;
	if ((ns = realloc(m->slots, ncap * sizeof(*ns))) == NULL)
		return TH_ENOMEM;
	m->slots = ns;
	for (uint32_t i = m->cap; i < ncap; i++)
		idmap_free_push(m, (int32_t)i);
	m->cap = ncap;
	return 0;
}

/* Take slot i off the used list and give it back to the free list. */
static void
idmap_release(struct relay_idmap *m, int32_t i)
{
	struct relay_idmap_slot *s = &m->slots[i];

	if (s->prev < 0)
		m->used_head = s->next;
	else
		m->slots[s->prev].next = s->next;
	if (s->next < 0)
		m->used_tail = s->prev;
	else
		m->slots[s->next].prev = s->prev;
	m->used--;
	idmap_free_push(m, i);
}

int
relay_idmap_put(struct relay_idmap *m, const union relay_addr *client,
                uint16_t orig_id, uint32_t qhash, uint64_t expires,
                uint16_t *id)
{
	struct relay_idmap_slot *s;
	int32_t i;
	int rc;

	if (m->free_head < 0 && (rc = idmap_grow(m)) != 0)
		return rc;
	i = m->free_head;
	s = &m->slots[i];
	m->free_head = s->next;
	if (m->free_head < 0)
		m->free_tail = -1;
	s->client = *client;
	s->orig_id = orig_id;
	s->qhash = qhash;
	s->expires = expires;
	s->in_use = true;
	s->next = -1;
	s->prev = m->used_tail;
	if (m->used_tail < 0)
		m->used_head = i;
	else
		m->slots[m->used_tail].next = i;
	m->used_tail = i;
	m->used++;
	*id = (uint16_t)i;
	return 0;
}

int
relay_idmap_take(struct relay_idmap *m, uint16_t id, uint32_t qhash,
                 union relay_addr *client, uint16_t *orig_id)
{
	struct relay_idmap_slot *s;

	if (id >= m->cap || !m->slots[id].in_use)
		return TH_ENOTFOUND;
	s = &m->slots[id];
	if (s->qhash != 0 && qhash != 0 && s->qhash != qhash)
		return TH_ENOTFOUND;
	*client = s->client;
	*orig_id = s->orig_id;
	idmap_release(m, id);
	return 0;
}

uint32_t
relay_idmap_expire(struct relay_idmap *m, uint64_t now)
{
	uint32_t n = 0;

	while (m->used_head >= 0 && m->slots[m->used_head].expires <= now) {
		idmap_release(m, m->used_head);
		n++;
	}
	return n;
}
