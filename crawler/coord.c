/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * coord.c -- batches and leases of a crawl (see coord.h).
 */
#include "crawler/coord.h"

#include "common/err.h"
#include "common/rng.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	uint64_t group;
	size_t seq; /* input order: the sort is stable through it */
	struct th_dname name;
};

struct batch {
	size_t start, n; /* in names */
	uint8_t state;   /* enum th_coord_state */
	uint32_t lease;
	uint64_t owner;
	uint64_t deadline;
};

struct th_coord {
	struct th_coord_conf conf;
	struct entry *ent; /* before seal */
	size_t nent, capent;
	struct th_dname *names; /* after seal, batch order */
	struct batch *b;
	size_t nb;
	/* FIFO of pending batch ids; stale entries are skipped on pop. */
	uint64_t *q;
	size_t qhead, qlen, qcap;
	size_t count[TH_COORD_DONE + 1];
	size_t done_domains;
	uint64_t reissued;
};

int
th_coord_create(struct th_coord **out, const struct th_coord_conf *conf)
{
	struct th_coord *c;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return TH_ENOMEM;
	c->conf = *conf;
	if (c->conf.batch_size == 0)
		c->conf.batch_size = 32;
	if (c->conf.lease_ms == 0)
		c->conf.lease_ms = 300000;
	*out = c;
	return 0;
}

void
th_coord_destroy(struct th_coord **cp)
{
	struct th_coord *c = *cp;

	if (c == NULL)
		return;
	free(c->ent);
	free(c->names);
	free(c->b);
	free(c->q);
	free(c);
	*cp = NULL;
}

int
th_coord_add(struct th_coord *c, const struct th_dname *name, uint64_t group)
{
	if (c->nent == c->capent) {
		size_t ncap = c->capent ? c->capent * 2 : 1024;
		struct entry *e = realloc(c->ent, ncap * sizeof(*e));

		if (e == NULL)
			return TH_ENOMEM;
		c->ent = e;
		c->capent = ncap;
	}
	c->ent[c->nent].group = group;
	c->ent[c->nent].seq = c->nent;
	c->ent[c->nent].name = *name;
	c->nent++;
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
push(struct th_coord *c, uint64_t id)
{
	if (c->qhead + c->qlen == c->qcap) {
		/* Slide the live part down before growing. */
		if (c->qhead > 0) {
			memmove(c->q, c->q + c->qhead, c->qlen * sizeof(*c->q));
			c->qhead = 0;
		}
		if (c->qlen == c->qcap) {
			size_t ncap = c->qcap ? c->qcap * 2 : 64;
			uint64_t *q = realloc(c->q, ncap * sizeof(*q));

			if (q == NULL)
				return TH_ENOMEM;
			c->q = q;
			c->qcap = ncap;
		}
	}
	c->q[c->qhead + c->qlen++] = id;
	return 0;
}

static void
set_state(struct th_coord *c, struct batch *b, enum th_coord_state s)
{
	c->count[b->state]--;
	c->count[s]++;
	b->state = (uint8_t)s;
}

/* Back to pending, queued again. */
static void
requeue(struct th_coord *c, struct batch *b)
{
	set_state(c, b, TH_COORD_PENDING);
	/* Out of memory: the batch stays pending but unqueued; the queue
	 * is rebuilt from the states when it runs dry (see lease). */
	(void)push(c, (uint64_t)(b - c->b));
}

struct slot {
	double key;
	size_t id;
};

static int
slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* A fraction in [0, 1) fixed by the group, however its keys are spread. */
static double
group_phase(uint64_t g)
{
	struct th_rng r;

	th_rng_init(&r, g);
	return (double)(th_rng_next(&r) >> 11) / (double)(UINT64_C(1) << 53);
}

/*
 * The order batches are handed out in: the k-th of a group's n batches
 * at (k + phase) / n of the run. A large operator's domains then spread
 * over the whole crawl instead of filling every worker for a stretch:
 * its servers see a steady share of the queries, and --server-qps holds
 * up its domains only, not the whole crawl (docs/crawl.md). Deterministic,
 * so a resumed run hands out the rest in the same order.
 */
static int
queue_spread(struct th_coord *c)
{
	size_t bs = c->conf.batch_size;
	struct slot *sl;

	if (c->nb == 0)
		return 0;
	if ((sl = malloc(c->nb * sizeof(*sl))) == NULL)
		return TH_ENOMEM;
	for (size_t s = 0, e; s < c->nb; s = e) {
		uint64_t g = c->ent[s * bs].group;
		double ph = group_phase(g);

		for (e = s + 1; e < c->nb && c->ent[e * bs].group == g; e++)
			;
		for (size_t i = s; i < e; i++) {
			sl[i].key = ((double)(i - s) + ph) / (double)(e - s);
			sl[i].id = i;
		}
	}
	qsort(sl, c->nb, sizeof(*sl), slot_cmp);
	for (size_t i = 0; i < c->nb; i++)
		if (push(c, sl[i].id) != 0) {
			free(sl);
			return TH_ENOMEM;
		}
	free(sl);
	return 0;
}

int
th_coord_seal(struct th_coord *c)
{
	size_t bs = c->conf.batch_size;
	int rc;

	if (c->nent > 0)
		qsort(c->ent, c->nent, sizeof(*c->ent), entry_cmp);
	c->nb = (c->nent + bs - 1) / bs;
	if (c->nent > 0 &&
	    ((c->names = malloc(c->nent * sizeof(*c->names))) == NULL ||
	     (c->b = calloc(c->nb, sizeof(*c->b))) == NULL))
		return TH_ENOMEM;
	for (size_t i = 0; i < c->nent; i++)
		c->names[i] = c->ent[i].name;
	c->count[TH_COORD_PENDING] = c->nb;
	for (size_t i = 0; i < c->nb; i++) {
		c->b[i].start = i * bs;
		c->b[i].n = i + 1 < c->nb ? bs : c->nent - i * bs;
		c->b[i].state = TH_COORD_PENDING;
	}
	rc = queue_spread(c);
	free(c->ent);
	c->ent = NULL;
	c->capent = 0;
	return rc;
}

size_t
th_coord_domains(const struct th_coord *c)
{
	return c->nent;
}

size_t
th_coord_batches(const struct th_coord *c)
{
	return c->nb;
}

int
th_coord_lease(struct th_coord *c, uint64_t owner, uint64_t now_ms,
               struct th_coord_lease *out)
{
	struct batch *b = NULL;

	while (c->qlen > 0) {
		uint64_t id = c->q[c->qhead++];

		c->qlen--;
		if (c->b[id].state == TH_COORD_PENDING) {
			b = &c->b[id];
			break;
		}
	}
	if (b == NULL && c->count[TH_COORD_PENDING] > 0)
		/* Pending batches lost from the queue (out of memory). */
		for (size_t i = 0; i < c->nb && b == NULL; i++)
			if (c->b[i].state == TH_COORD_PENDING)
				b = &c->b[i];
	if (b == NULL)
		return TH_ENOTFOUND;
	if (b->lease > 0)
		c->reissued++;
	set_state(c, b, TH_COORD_LEASED);
	b->lease++;
	b->owner = owner;
	b->deadline = now_ms + c->conf.lease_ms;
	out->id = (uint64_t)(b - c->b);
	out->lease = b->lease;
	out->n = b->n;
	out->names = &c->names[b->start];
	return 0;
}

int
th_coord_results(struct th_coord *c, uint64_t id, const struct th_dname *names,
                 size_t n)
{
	struct batch *b;

	if (id >= c->nb)
		return TH_ENOTFOUND;
	b = &c->b[id];
	if (n != b->n)
		return TH_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!th_dname_equal(&names[i], &c->names[b->start + i]))
			return TH_EINVAL;
	if (b->state == TH_COORD_SINKING || b->state == TH_COORD_DONE)
		return TH_EEXISTS;
	set_state(c, b, TH_COORD_SINKING);
	return 0;
}

size_t
th_coord_ack(struct th_coord *c, uint64_t id)
{
	struct batch *b;

	if (id >= c->nb || c->b[id].state == TH_COORD_DONE)
		return 0;
	b = &c->b[id];
	set_state(c, b, TH_COORD_DONE);
	c->done_domains += b->n;
	return b->n;
}

size_t
th_coord_expire(struct th_coord *c, uint64_t now_ms)
{
	size_t n = 0;

	if (c->count[TH_COORD_LEASED] == 0)
		return 0;
	for (size_t i = 0; i < c->nb; i++)
		if (c->b[i].state == TH_COORD_LEASED &&
		    c->b[i].deadline <= now_ms) {
			requeue(c, &c->b[i]);
			n++;
		}
	return n;
}

size_t
th_coord_release(struct th_coord *c, uint64_t owner)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nb; i++)
		if (c->b[i].state == TH_COORD_LEASED &&
		    c->b[i].owner == owner) {
			requeue(c, &c->b[i]);
			n++;
		}
	return n;
}

size_t
th_coord_sink_lost(struct th_coord *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nb; i++)
		if (c->b[i].state == TH_COORD_SINKING) {
			requeue(c, &c->b[i]);
			n++;
		}
	return n;
}

void
th_coord_stats(const struct th_coord *c, struct th_coord_stats *out)
{
	out->pending = c->count[TH_COORD_PENDING];
	out->leased = c->count[TH_COORD_LEASED];
	out->sinking = c->count[TH_COORD_SINKING];
	out->done = c->count[TH_COORD_DONE];
	out->done_domains = c->done_domains;
	out->reissued = c->reissued;
}

bool
th_coord_finished(const struct th_coord *c)
{
	return c->count[TH_COORD_DONE] == c->nb;
}
