/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_coord.c -- unit tests for crawler/coord: batches cut by NS set,
 * a large set's batches spread over the run, leases handed out once, expired
 * and released leases re-issued, results checked against the batch, each batch
 * counted once whatever the number of acknowledgements, a lost sink's batches
 * back in the pool.
 */
#include "crawler/coord.h"
#include "tests/suites.h"

#include "common/err.h"

#include <stdio.h>
#include <string.h>

static void
name(struct th_dname *d, unsigned i)
{
	char text[32];
	enum th_dname_reason why;

	snprintf(text, sizeof(text), "d%u.se.", i);
	ck_assert_int_eq(th_dname_parse(d, text, strlen(text), NULL, &why), 0);
}

/* n domains, domain i in group groups[i % ngroups]. */
static struct th_coord *
make(unsigned n, unsigned batch, uint64_t lease_ms, const uint64_t *groups,
     unsigned ngroups)
{
	struct th_coord_conf c = {batch, lease_ms};
	struct th_coord *co;

	ck_assert_int_eq(th_coord_create(&co, &c), 0);
	for (unsigned i = 0; i < n; i++) {
		struct th_dname d;

		name(&d, i);
		ck_assert_int_eq(th_coord_add(co, &d, groups[i % ngroups]), 0);
	}
	ck_assert_int_eq(th_coord_seal(co), 0);
	return co;
}

START_TEST(batches_by_group)
{
	/* Domains of groups 7 and 3 interleaved: each batch of 5 holds
	 * one group only, in input order within it, and each group's two
	 * batches come in order. */
	const uint64_t g[] = {7, 3};
	struct th_coord *co = make(20, 5, 1000, g, 2);
	struct th_coord_lease l;
	struct th_dname d;
	unsigned seen = 0, next[2] = {0, 0};

	ck_assert_uint_eq(th_coord_domains(co), 20);
	ck_assert_uint_eq(th_coord_batches(co), 4);
	for (unsigned b = 0; b < 4; b++) {
		unsigned odd;

		ck_assert_int_eq(th_coord_lease(co, 1, 0, &l), 0);
		ck_assert_uint_eq(l.n, 5);
		/* Group 3 holds the odd inputs, group 7 the even ones: a
		 * batch of group 3 starts with its next odd input. */
		name(&d, 1 + 10 * next[1]);
		odd = th_dname_equal(&l.names[0], &d);
		for (size_t i = 0; i < l.n; i++) {
			unsigned want = odd + 2 * (next[odd] * 5 + (unsigned)i);

			name(&d, want);
			ck_assert(th_dname_equal(&l.names[i], &d));
			seen++;
		}
		next[odd]++;
	}
	ck_assert_uint_eq(next[0], 2);
	ck_assert_uint_eq(next[1], 2);
	ck_assert_uint_eq(seen, 20);
	ck_assert_int_eq(th_coord_lease(co, 1, 0, &l), TH_ENOTFOUND);
	th_coord_destroy(&co);
	ck_assert_ptr_null(co);
}
END_TEST

/*
 * A large group's batches spread over the run: 4 batches of one NS set
 * among 32 batches of 32 others are never handed out back to back (they
 * were, all four, when batches went out in sorted order), and still in
 * their own order.
 */
START_TEST(batches_spread)
{
	enum { BS = 8, BIG = 4, SMALL = 32, BIGID = 1000 };
	struct th_coord_conf conf = {BS, 1000};
	struct th_coord *co;
	struct th_coord_lease l;
	struct th_dname d;
	unsigned nbig = 0, i;
	bool prev_big = false;

	ck_assert_int_eq(th_coord_create(&co, &conf), 0);
	for (i = 0; i < BIG * BS; i++) {
		name(&d, BIGID + i);
		ck_assert_int_eq(th_coord_add(co, &d, 42), 0);
	}
	for (i = 0; i < SMALL * BS; i++) {
		name(&d, i);
		ck_assert_int_eq(th_coord_add(co, &d, 100 + i / BS), 0);
	}
	ck_assert_int_eq(th_coord_seal(co), 0);
	ck_assert_uint_eq(th_coord_batches(co), BIG + SMALL);
	for (unsigned b = 0; b < BIG + SMALL; b++) {
		bool big;

		ck_assert_int_eq(th_coord_lease(co, 1, 0, &l), 0);
		ck_assert_uint_eq(l.n, BS);
		name(&d, BIGID + nbig * BS);
		big = th_dname_equal(&l.names[0], &d);
		ck_assert_msg(!(big && prev_big), "lease %u: back to back", b);
		nbig += big;
		prev_big = big;
	}
	ck_assert_uint_eq(nbig, BIG);
	ck_assert_int_eq(th_coord_lease(co, 1, 0, &l), TH_ENOTFOUND);
	th_coord_destroy(&co);
}
END_TEST

START_TEST(last_batch_short)
{
	const uint64_t g[] = {0};
	struct th_coord *co = make(7, 3, 1000, g, 1);
	struct th_coord_lease l;

	ck_assert_uint_eq(th_coord_batches(co), 3);
	ck_assert_int_eq(th_coord_lease(co, 1, 0, &l), 0);
	ck_assert_int_eq(th_coord_lease(co, 1, 0, &l), 0);
	ck_assert_int_eq(th_coord_lease(co, 1, 0, &l), 0);
	ck_assert_uint_eq(l.n, 1);
	th_coord_destroy(&co);
}
END_TEST

START_TEST(empty_input)
{
	const uint64_t g[] = {0};
	struct th_coord *co = make(0, 3, 1000, g, 1);
	struct th_coord_lease l;

	ck_assert_uint_eq(th_coord_batches(co), 0);
	ck_assert(th_coord_finished(co));
	ck_assert_int_eq(th_coord_lease(co, 1, 0, &l), TH_ENOTFOUND);
	th_coord_destroy(&co);
}
END_TEST

START_TEST(lease_expires)
{
	const uint64_t g[] = {0};
	struct th_coord *co = make(4, 2, 1000, g, 1);
	struct th_coord_lease a, b, c;
	struct th_coord_stats st;

	ck_assert_int_eq(th_coord_lease(co, 1, 0, &a), 0);
	ck_assert_int_eq(th_coord_lease(co, 2, 0, &b), 0);
	ck_assert_int_eq(th_coord_lease(co, 3, 500, &c), TH_ENOTFOUND);
	/* Not before the deadline. */
	ck_assert_uint_eq(th_coord_expire(co, 999), 0);
	ck_assert_uint_eq(th_coord_expire(co, 1000), 2);
	ck_assert_int_eq(th_coord_lease(co, 3, 1000, &c), 0);
	ck_assert_uint_eq(c.id, a.id);
	ck_assert_uint_eq(c.lease, 2);
	th_coord_stats(co, &st);
	ck_assert_uint_eq(st.reissued, 1);
	ck_assert_uint_eq(st.pending, 1);
	ck_assert_uint_eq(st.leased, 1);
	th_coord_destroy(&co);
}
END_TEST

START_TEST(release_owner)
{
	const uint64_t g[] = {0};
	struct th_coord *co = make(6, 2, 1000, g, 1);
	struct th_coord_lease a, b, c;

	ck_assert_int_eq(th_coord_lease(co, 1, 0, &a), 0);
	ck_assert_int_eq(th_coord_lease(co, 2, 0, &b), 0);
	ck_assert_int_eq(th_coord_lease(co, 1, 0, &c), 0);
	ck_assert_uint_eq(th_coord_release(co, 1), 2);
	ck_assert_uint_eq(th_coord_release(co, 1), 0);
	/* b is still worker 2's; a and c come back in order. */
	ck_assert_int_eq(th_coord_lease(co, 3, 0, &c), 0);
	ck_assert_uint_eq(c.id, a.id);
	ck_assert_int_eq(th_coord_lease(co, 3, 0, &c), 0);
	ck_assert_uint_ne(c.id, b.id);
	ck_assert_int_eq(th_coord_lease(co, 3, 0, &c), TH_ENOTFOUND);
	th_coord_destroy(&co);
}
END_TEST

START_TEST(results_and_acks_counted_once)
{
	const uint64_t g[] = {0};
	struct th_coord *co = make(4, 2, 1000, g, 1);
	struct th_coord_lease a, b, again;
	struct th_coord_stats st;
	struct th_dname names[2];

	ck_assert_int_eq(th_coord_lease(co, 1, 0, &a), 0);
	ck_assert_int_eq(th_coord_lease(co, 2, 0, &b), 0);
	memcpy(names, a.names, sizeof(names));
	/* Wrong count, wrong names, unknown batch. */
	ck_assert_int_eq(th_coord_results(co, a.id, names, 1), TH_EINVAL);
	ck_assert_int_eq(th_coord_results(co, a.id, b.names, 2), TH_EINVAL);
	ck_assert_int_eq(th_coord_results(co, 99, names, 2), TH_ENOTFOUND);
	/* Expired, re-leased, and both leases deliver: once to the sink. */
	ck_assert_uint_eq(th_coord_expire(co, 2000), 2);
	ck_assert_int_eq(th_coord_lease(co, 3, 2000, &again), 0);
	ck_assert_uint_eq(again.id, a.id);
	ck_assert_int_eq(th_coord_results(co, a.id, names, 2), 0);
	ck_assert_int_eq(th_coord_results(co, a.id, names, 2), TH_EEXISTS);
	ck_assert_uint_eq(th_coord_ack(co, a.id), 2);
	ck_assert_uint_eq(th_coord_ack(co, a.id), 0);
	ck_assert_int_eq(th_coord_results(co, a.id, names, 2), TH_EEXISTS);
	th_coord_stats(co, &st);
	ck_assert_uint_eq(st.done_domains, 2);
	ck_assert(!th_coord_finished(co));
	/* An expired batch whose results arrive before it is re-leased is
	 * no longer handed out. */
	ck_assert_int_eq(th_coord_results(co, b.id, b.names, 2), 0);
	ck_assert_int_eq(th_coord_lease(co, 4, 2000, &again), TH_ENOTFOUND);
	ck_assert_uint_eq(th_coord_ack(co, b.id), 2);
	ck_assert(th_coord_finished(co));
	th_coord_stats(co, &st);
	ck_assert_uint_eq(st.done_domains, 4);
	ck_assert_uint_eq(st.done, 2);
	th_coord_destroy(&co);
}
END_TEST

START_TEST(sink_lost)
{
	const uint64_t g[] = {0};
	struct th_coord *co = make(4, 2, 1000, g, 1);
	struct th_coord_lease a, b, c;

	ck_assert_int_eq(th_coord_lease(co, 1, 0, &a), 0);
	ck_assert_int_eq(th_coord_lease(co, 1, 0, &b), 0);
	ck_assert_int_eq(th_coord_results(co, a.id, a.names, 2), 0);
	ck_assert_int_eq(th_coord_results(co, b.id, b.names, 2), 0);
	ck_assert_uint_eq(th_coord_ack(co, b.id), 2);
	/* a was not acknowledged: it goes round again; b stays done. */
	ck_assert_uint_eq(th_coord_sink_lost(co), 1);
	ck_assert_int_eq(th_coord_lease(co, 2, 0, &c), 0);
	ck_assert_uint_eq(c.id, a.id);
	ck_assert_int_eq(th_coord_lease(co, 2, 0, &c), TH_ENOTFOUND);
	/* The old sink's late ack still counts once. */
	ck_assert_uint_eq(th_coord_ack(co, a.id), 2);
	ck_assert_uint_eq(th_coord_ack(co, a.id), 0);
	ck_assert(th_coord_finished(co));
	th_coord_destroy(&co);
}
END_TEST

START_TEST(many_requeues)
{
	/* The pending queue survives many expiries without growing
	 * without bound or losing a batch. */
	const uint64_t g[] = {1, 2, 3};
	struct th_coord *co = make(300, 7, 10, g, 3);
	struct th_coord_lease l;
	struct th_coord_stats st;
	uint64_t t = 0;

	for (int round = 0; round < 50; round++) {
		while (th_coord_lease(co, 1, t, &l) == 0)
			;
		t += 10;
		ck_assert_uint_eq(th_coord_expire(co, t), th_coord_batches(co));
	}
	while (th_coord_lease(co, 1, t, &l) == 0) {
		ck_assert_int_eq(th_coord_results(co, l.id, l.names, l.n), 0);
		th_coord_ack(co, l.id);
	}
	th_coord_stats(co, &st);
	ck_assert_uint_eq(st.done_domains, 300);
	ck_assert(th_coord_finished(co));
	th_coord_destroy(&co);
}
END_TEST

Suite *
suite_coord(void)
{
	Suite *s = suite_create("coord");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, batches_by_group);
	tcase_add_test(tc, batches_spread);
	tcase_add_test(tc, last_batch_short);
	tcase_add_test(tc, empty_input);
	tcase_add_test(tc, lease_expires);
	tcase_add_test(tc, release_owner);
	tcase_add_test(tc, results_and_acks_counted_once);
	tcase_add_test(tc, sink_lost);
	tcase_add_test(tc, many_requeues);
	suite_add_tcase(s, tc);
	return s;
}
