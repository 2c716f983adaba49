/* SPDX-License-Identifier: BSD-3-Clause */
/* srvset.c -- server addresses already probed in a run (see srvset.h). */
#include "crawler/srvset.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/secrand.h"

#include <stdlib.h>
#include <string.h>

struct srv_node {
	struct th_hash_node hn;
	struct th_addr addr; /* port 0 */
};

struct th_srvset {
	struct th_hash table;
	uint64_t k0, k1; /* keyed: addresses come from the network */
};

int
th_srvset_create(struct th_srvset **out)
{
	struct th_srvset *s = calloc(1, sizeof(*s));
	struct th_secrand r;

	*out = NULL;
	if (s == NULL)
		return TH_ENOMEM;
	if (th_hash_init(&s->table, 1024) != 0) {
		free(s);
		return TH_ENOMEM;
	}
	th_secrand_init(&r);
	s->k0 = th_secrand_u64(&r);
	s->k1 = th_secrand_u64(&r);
	*out = s;
	return 0;
}

bool
th_srvset_claim(struct th_srvset *s, const struct th_addr *addr)
{
	struct th_addr key = *addr;
	struct th_hash_node *n;
	struct srv_node *node;
	uint64_t h;

	key.port = 0;
	h = th_addr_hash(&key, s->k0, s->k1);
	for (n = th_hash_first(&s->table, h); n != NULL; n = th_hash_next(n))
		if (th_addr_equal(&((struct srv_node *)n)->addr, &key))
			return false;
	if ((node = malloc(sizeof(*node))) == NULL)
		return false;
	node->addr = key;
	th_hash_insert(&s->table, &node->hn, h);
	return true;
}

size_t
th_srvset_size(const struct th_srvset *s)
{
	return s->table.count;
}

static void
free_node(struct th_hash_node *n, void *arg)
{
	(void)arg;
	free(n);
}

void
th_srvset_free(struct th_srvset *s)
{
	if (s == NULL)
		return;
	th_hash_foreach(&s->table, free_node, NULL);
	th_hash_free(&s->table);
	free(s);
}
