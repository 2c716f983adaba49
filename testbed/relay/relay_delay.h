/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_delay.h -- the queue of held packets: a min-heap behind one timer.
 *
 * Every delayed item (a UDP query, a TCP message in either direction)
 * embeds a struct relay_timed and is pushed with its due time in loop
 * milliseconds. One uv_timer is armed for the earliest item; when it
 * fires, every item that is due is popped and its fire function called.
 * Items with equal due times leave in the order they were pushed, which is
 * what keeps a TCP stream's messages in order when its per-message due
 * times are made non-decreasing by the caller.
 *
 * A libuv timer per packet would cost a handle, an allocation and a close
 * round-trip each; the heap costs O(log n) pointer moves.
 *
 * Ownership: a pushed item belongs to the queue until its fire function is
 * called, exactly once: with status 0 when due, or UV_ECANCELED when the
 * queue is closed. The fire function then owns (and usually frees) it.
 */
#ifndef TH_RELAY_DELAY_H
#define TH_RELAY_DELAY_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

struct relay_timed;

/* Called once per item: status 0 (due) or UV_ECANCELED (queue closing). */
typedef void relay_timed_fn(struct relay_timed *t, int status);

/* Embed in each delayed item; the queue sets due and seq. */
struct relay_timed {
	uint64_t due; /* uv_now() time, ms */
	uint64_t seq; /* push order, breaks ties */
	relay_timed_fn *fire;
};

/* Caller-allocated; fields are private to relay_delay.c. */
struct relay_delay {
	uv_timer_t timer;
	struct relay_timed **heap;
	size_t n;
	size_t cap;
	size_t max;
	uint64_t seq;
	int closing;
};

/*
 * Initialise an empty queue holding at most max items.
 * @return 0 or a uv error from the timer.
 */
int relay_delay_init(uv_loop_t *loop, struct relay_delay *q, size_t max);

/*
 * Hold t until loop time `due` (ms; already past means "next turn").
 * @return 0 (t now belongs to the queue); TH_ETOOBIG when max items are
 *         held or the queue is closing, TH_ENOMEM: t was not taken and its
 *         fire function will not be called.
 */
int relay_delay_push(struct relay_delay *q, struct relay_timed *t, uint64_t due)
    __attribute__((warn_unused_result));

/* Items currently held. */
static inline size_t
relay_delay_count(const struct relay_delay *q)
{
	return q->n;
}

/*
 * Cancel every held item (fire with UV_ECANCELED, earliest first) and
 * close the timer. q must stay allocated until the loop has run the close
 * (uv_run returning is enough); then call relay_delay_free().
 */
void relay_delay_close(struct relay_delay *q);

/* Release the heap array after the timer is closed. */
void relay_delay_free(struct relay_delay *q);

#endif /* TH_RELAY_DELAY_H */
