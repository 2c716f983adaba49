/* SPDX-License-Identifier: BSD-3-Clause */
/* relay_delay.c -- min-heap of held items behind one timer (relay_delay.h). */
#include "testbed/relay/relay_delay.h"

#include "common/err.h"

#include <stdbool.h>
#include <stdlib.h>

static bool
delay_before(const struct relay_timed *a, const struct relay_timed *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void
delay_up(struct relay_delay *q, size_t i)
{
	struct relay_timed *t = q->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!delay_before(t, q->heap[parent]))
			break;
		q->heap[i] = q->heap[parent];
		i = parent;
	}
	q->heap[i] = t;
}

static void
delay_down(struct relay_delay *q, size_t i)
{
	struct relay_timed *t = q->heap[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= q->n)
			break;
		if (child + 1 < q->n &&
		    delay_before(q->heap[child + 1], q->heap[child]))
			child++;
		if (!delay_before(q->heap[child], t))
			break;
		q->heap[i] = q->heap[child];
		i = child;
	}
	q->heap[i] = t;
}

static struct relay_timed *
delay_pop(struct relay_delay *q)
{
	struct relay_timed *top = q->heap[0];

	if (--q->n > 0) {
		q->heap[0] = q->heap[q->n];
		delay_down(q, 0);
	}
	return top;
}

static void delay_on_timer(uv_timer_t *timer);

static void
delay_arm(struct relay_delay *q)
{
	uint64_t now = uv_now(q->timer.loop);
	uint64_t due;

	if (q->n == 0) {
		uv_timer_stop(&q->timer);
		return;
	}
	due = q->heap[0]->due;
	uv_timer_start(&q->timer, delay_on_timer, due > now ? due - now : 0, 0);
}

static void
delay_on_timer(uv_timer_t *timer)
{
	struct relay_delay *q = timer->data;
	uint64_t now = uv_now(timer->loop);

	/*
	 * Fire functions may push new items (a TCP answer queued behind the
	 * query that caused it); those are due later than now unless their
	 * delay is zero, and a zero-delay item is simply handled in this
	 * same pass.
	 */
	while (q->n > 0 && q->heap[0]->due <= now) {
		struct relay_timed *t = delay_pop(q);

		t->fire(t, 0);
	}
	delay_arm(q);
}

int
relay_delay_init(uv_loop_t *loop, struct relay_delay *q, size_t max)
{
	int rc;

	q->heap = NULL;
	q->n = q->cap = 0;
	q->max = max;
	q->seq = 0;
	q->closing = 0;
	if ((rc = uv_timer_init(loop, &q->timer)) != 0)
		return rc;
	q->timer.data = q;
	return 0;
}

int
relay_delay_push(struct relay_delay *q, struct relay_timed *t, uint64_t due)
{
	if (q->closing || q->n >= q->max)
		return TH_ETOOBIG;
	if (q->n == q->cap) {
		size_t ncap = q->cap ? q->cap * 2 : 1024;
		void *nh;

		if (ncap > q->max)
			ncap = q->max;
		if ((nh = realloc(q->heap, ncap * sizeof(*q->heap))) == NULL)
			return TH_ENOMEM;
		q->heap = nh;
		q->cap = ncap;
	}
	t->due = due;
	t->seq = q->seq++;
	q->heap[q->n++] = t;
	delay_up(q, q->n - 1);
	if (q->heap[0] == t)
		delay_arm(q);
	return 0;
}

void
relay_delay_close(struct relay_delay *q)
{
	q->closing = 1;
	while (q->n > 0) {
		struct relay_timed *t = delay_pop(q);

		t->fire(t, UV_ECANCELED);
	}
	uv_close((uv_handle_t *)&q->timer, NULL);
}

void
relay_delay_free(struct relay_delay *q)
{
	free(q->heap);
	q->heap = NULL;
	q->n = q->cap = 0;
}
