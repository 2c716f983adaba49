/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_relay_idmap.c -- unit tests for testbed/relay/relay_idmap: relay IDs
 * handed out and matched, FIFO reuse of freed slots, expiry in insertion
 * order, and a full table.
 */
#include "common/err.h"
#include "testbed/relay/relay_idmap.h"
#include "tests/suites.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A client address 127.0.0.1 with port 10000 + k, to tell clients apart. */
static union relay_addr
client(unsigned k)
{
	union relay_addr a;

	memset(&a, 0, sizeof(a));
	a.in4.sin_family = AF_INET;
	a.in4.sin_port = htons((uint16_t)(10000 + k));
	a.in4.sin_addr.s_addr = htonl(0x7f000001);
	return a;
}

static uint16_t
put_ok(struct relay_idmap *m, unsigned k, uint32_t qhash, uint64_t expires)
{
	union relay_addr a = client(k);
	uint16_t id = 0xdead;

	ck_assert_int_eq(
	    relay_idmap_put(m, &a, (uint16_t)(0x1000 + k), qhash, expires, &id),
	    0);
	return id;
}

/* Take id and check it belonged to client k. */
static void
take_ok(struct relay_idmap *m, uint16_t id, uint32_t qhash, unsigned k)
{
	union relay_addr got, want = client(k);
	uint16_t orig = 0;

	ck_assert_int_eq(relay_idmap_take(m, id, qhash, &got, &orig), 0);
	ck_assert_uint_eq(orig, 0x1000 + k);
	ck_assert(relay_addr_equal(&got, &want.sa));
}

static int
take_status(struct relay_idmap *m, uint16_t id, uint32_t qhash)
{
	union relay_addr got;
	uint16_t orig;

	return relay_idmap_take(m, id, qhash, &got, &orig);
}

/* ---- Positive ----------------------------------------------------------- */

START_TEST(test_relay_idmap_put_take)
{
	struct relay_idmap m;
	uint16_t a, b, c;

	relay_idmap_init(&m, 1000);
	ck_assert_uint_eq(relay_idmap_used(&m), 0);
	a = put_ok(&m, 1, 111, 100);
	b = put_ok(&m, 2, 222, 100);
	c = put_ok(&m, 3, 333, 100);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_ne(b, c);
	ck_assert_uint_ne(a, c);
	ck_assert_uint_eq(relay_idmap_used(&m), 3);
	/* Replies in any order reach their own clients. */
	take_ok(&m, b, 222, 2);
	take_ok(&m, c, 333, 3);
	take_ok(&m, a, 111, 1);
	ck_assert_uint_eq(relay_idmap_used(&m), 0);
	relay_idmap_free(&m);
}
END_TEST

/* A zero hash on either side means "no question to compare". */
static const struct {
	uint32_t put_hash, take_hash;
	int status;
	const char *msg;
} hash_cases[] = {
    {7, 7, 0, "same question"},
    {7, 0, 0, "reply without a question"},
    {0, 7, 0, "query without a question"},
    {0, 0, 0, "neither has one"},
    {7, 8, TH_ENOTFOUND, "another question: a stale reply"},
};

START_TEST(test_relay_idmap_qhash)
{
	struct relay_idmap m;
	uint16_t id;

	relay_idmap_init(&m, 10);
	id = put_ok(&m, 5, hash_cases[_i].put_hash, 100);
	ck_assert_msg(take_status(&m, id, hash_cases[_i].take_hash) ==
	                  hash_cases[_i].status,
	              "%s", hash_cases[_i].msg);
	if (hash_cases[_i].status != 0) {
		/* A mismatch leaves the mapping for the right reply. */
		ck_assert_uint_eq(relay_idmap_used(&m), 1);
		take_ok(&m, id, hash_cases[_i].put_hash, 5);
	}
	ck_assert_uint_eq(relay_idmap_used(&m), 0);
	relay_idmap_free(&m);
}
END_TEST

/* Freed slots come back least recently freed first. */
START_TEST(test_relay_idmap_fifo_reuse)
{
	struct relay_idmap m;
	uint16_t a, b, c, d, e;

	relay_idmap_init(&m, 3);
	a = put_ok(&m, 1, 0, 100);
	b = put_ok(&m, 2, 0, 100);
	c = put_ok(&m, 3, 0, 100);
	take_ok(&m, b, 0, 2);
	take_ok(&m, a, 0, 1);
	d = put_ok(&m, 4, 0, 100);
	e = put_ok(&m, 5, 0, 100);
	ck_assert_uint_eq(d, b);
	ck_assert_uint_eq(e, a);
	/* The old IDs now reach the new clients. */
	take_ok(&m, b, 0, 4);
	take_ok(&m, a, 0, 5);
	take_ok(&m, c, 0, 3);
	relay_idmap_free(&m);
}
END_TEST

START_TEST(test_relay_idmap_expire)
{
	struct relay_idmap m;
	uint16_t a, b, c;

	relay_idmap_init(&m, 100);
	a = put_ok(&m, 1, 0, 100);
	b = put_ok(&m, 2, 0, 200);
	c = put_ok(&m, 3, 0, 300);
	ck_assert_uint_eq(relay_idmap_expire(&m, 99), 0);
	ck_assert_uint_eq(relay_idmap_used(&m), 3);
	/* Due at exactly its time. */
	ck_assert_uint_eq(relay_idmap_expire(&m, 200), 2);
	ck_assert_uint_eq(relay_idmap_used(&m), 1);
	ck_assert_int_eq(take_status(&m, a, 0), TH_ENOTFOUND);
	ck_assert_int_eq(take_status(&m, b, 0), TH_ENOTFOUND);
	take_ok(&m, c, 0, 3);
	ck_assert_uint_eq(relay_idmap_expire(&m, UINT64_MAX), 0);
	relay_idmap_free(&m);
}
END_TEST

/* A mapping taken from the middle no longer blocks or counts in expiry. */
START_TEST(test_relay_idmap_expire_after_take)
{
	struct relay_idmap m;
	uint16_t a, b, c;

	relay_idmap_init(&m, 100);
	a = put_ok(&m, 1, 0, 100);
	b = put_ok(&m, 2, 0, 200);
	c = put_ok(&m, 3, 0, 300);
	take_ok(&m, b, 0, 2);
	ck_assert_uint_eq(relay_idmap_expire(&m, 250), 1);
	ck_assert_int_eq(take_status(&m, a, 0), TH_ENOTFOUND);
	take_ok(&m, c, 0, 3);
	/* Then the head: the list must stay whole. */
	a = put_ok(&m, 4, 0, 400);
	b = put_ok(&m, 5, 0, 500);
	take_ok(&m, a, 0, 4);
	ck_assert_uint_eq(relay_idmap_expire(&m, 450), 0);
	ck_assert_uint_eq(relay_idmap_expire(&m, 500), 1);
	ck_assert_uint_eq(relay_idmap_used(&m), 0);
	relay_idmap_free(&m);
}
END_TEST

/* The table grows past its first block (64) up to its maximum. */
static const struct {
	uint32_t max;   /* given to init */
	uint32_t limit; /* mappings it holds */
} full_cases[] = {
    {1, 1},     {3, 3}, {64, 64},       {65, 65},
    {100, 100}, {0, 1}, {65536, 65536}, {70000, 65536},
};

START_TEST(test_relay_idmap_full)
{
	struct relay_idmap m;
	uint32_t limit = full_cases[_i].limit;
	uint8_t *seen = calloc(65536, 1);
	union relay_addr a = client(0);
	uint16_t id;

	ck_assert_ptr_nonnull(seen);
	relay_idmap_init(&m, full_cases[_i].max);
	for (uint32_t k = 0; k < limit; k++) {
		ck_assert_int_eq(
		    relay_idmap_put(&m, &a, (uint16_t)k, k + 1, 1000, &id), 0);
		ck_assert_uint_lt(id, limit);
		ck_assert_msg(!seen[id], "ID %u handed out twice", id);
		seen[id] = 1;
	}
	ck_assert_uint_eq(relay_idmap_used(&m), limit);
	id = 0xbeef;
	ck_assert_int_eq(relay_idmap_put(&m, &a, 1, 1, 1000, &id), TH_ETOOBIG);
	ck_assert_uint_eq(relay_idmap_used(&m), limit);
	/* One freed slot makes room for exactly one more. */
	ck_assert_uint_eq(relay_idmap_expire(&m, 999), 0);
	ck_assert_int_eq(take_status(&m, 0, 0), 0);
	ck_assert_int_eq(relay_idmap_put(&m, &a, 1, 1, 1000, &id), 0);
	ck_assert_uint_eq(id, 0);
	ck_assert_int_eq(relay_idmap_put(&m, &a, 1, 1, 1000, &id), TH_ETOOBIG);
	ck_assert_uint_eq(relay_idmap_expire(&m, 1000), limit);
	ck_assert_uint_eq(relay_idmap_used(&m), 0);
	relay_idmap_free(&m);
	free(seen);
}
END_TEST

/* After free the table is empty and usable again. */
START_TEST(test_relay_idmap_free_reuse)
{
	struct relay_idmap m;
	uint16_t a;

	relay_idmap_init(&m, 5);
	a = put_ok(&m, 1, 0, 100);
	(void)put_ok(&m, 2, 0, 100);
	relay_idmap_free(&m);
	ck_assert_uint_eq(relay_idmap_used(&m), 0);
	ck_assert_int_eq(take_status(&m, a, 0), TH_ENOTFOUND);
	for (unsigned k = 0; k < 5; k++)
		(void)put_ok(&m, k, 0, 100);
	ck_assert_uint_eq(relay_idmap_used(&m), 5);
	relay_idmap_free(&m);
	relay_idmap_free(&m); /* twice: still fine */
}
END_TEST

/* ---- Negative ----------------------------------------------------------- */

START_TEST(test_relay_idmap_take_unknown)
{
	struct relay_idmap m;
	uint16_t a;

	relay_idmap_init(&m, 1000);
	ck_assert_int_eq(take_status(&m, 0, 0), TH_ENOTFOUND); /* empty */
	a = put_ok(&m, 1, 0, 100);
	ck_assert_int_eq(take_status(&m, (uint16_t)(a + 1), 0),
	                 TH_ENOTFOUND); /* allocated, not in use */
	ck_assert_int_eq(take_status(&m, 999, 0), TH_ENOTFOUND);
	ck_assert_int_eq(take_status(&m, 65535, 0), TH_ENOTFOUND);
	take_ok(&m, a, 0, 1);
	ck_assert_int_eq(take_status(&m, a, 0), TH_ENOTFOUND); /* twice */
	ck_assert_uint_eq(relay_idmap_used(&m), 0);
	relay_idmap_free(&m);
}
END_TEST

Suite *
suite_relay_idmap(void)
{
	Suite *s = suite_create("relay_idmap");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_test(pos, test_relay_idmap_put_take);
	tcase_add_loop_test(pos, test_relay_idmap_qhash, 0,
	                    N_ELEMS(hash_cases));
	tcase_add_test(pos, test_relay_idmap_fifo_reuse);
	tcase_add_test(pos, test_relay_idmap_expire);
	tcase_add_test(pos, test_relay_idmap_expire_after_take);
	tcase_add_test(pos, test_relay_idmap_free_reuse);

	tcase_add_loop_test(neg, test_relay_idmap_full, 0, N_ELEMS(full_cases));
	tcase_add_test(neg, test_relay_idmap_take_unknown);

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
