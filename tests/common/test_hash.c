/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_hash.c -- unit tests for common/hash: SipHash-2-4 reference vectors
 * and the intrusive table (insert, find, remove, growth, foreach).
 */
#include "common/hash.h"
#include "tests/suites.h"

#include <stdbool.h>
#include <stdlib.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * SipHash-2-4 reference vectors (Aumasson and Bernstein's reference code,
 * vectors.h): key 00 01 .. 0f, message 00 01 .. (i - 1) for row i.
 */
static const uint64_t sip_vectors[64] = {
    0x726fdb47dd0e0e31, 0x74f839c593dc67fd, 0x0d6c8009d9a94f5a,
    0x85676696d7fb7e2d, 0xcf2794e0277187b7, 0x18765564cd99a68d,
    0xcbc9466e58fee3ce, 0xab0200f58b01d137, 0x93f5f5799a932462,
    0x9e0082df0ba9e4b0, 0x7a5dbbc594ddb9f3, 0xf4b32f46226bada7,
    0x751e8fbc860ee5fb, 0x14ea5627c0843d90, 0xf723ca908e7af2ee,
    0xa129ca6149be45e5, 0x3f2acc7f57c29bdb, 0x699ae9f52cbe4794,
    0x4bc1b3f0968dd39c, 0xbb6dc91da77961bd, 0xbed65cf21aa2ee98,
    0xd0f2cbb02e3b67c7, 0x93536795e3a33e88, 0xa80c038ccd5ccec8,
    0xb8ad50c6f649af94, 0xbce192de8a85b8ea, 0x17d835b85bbb15f3,
    0x2f2e6163076bcfad, 0xde4daaaca71dc9a5, 0xa6a2506687956571,
    0xad87a3535c49ef28, 0x32d892fad841c342, 0x7127512f72f27cce,
    0xa7f32346f95978e3, 0x12e0b01abb051238, 0x15e034d40fa197ae,
    0x314dffbe0815a3b4, 0x027990f029623981, 0xcadcd4e59ef40c4d,
    0x9abfd8766a33735c, 0x0e3ea96b5304a7d0, 0xad0c42d6fc585992,
    0x187306c89bc215a9, 0xd4a60abcf3792b95, 0xf935451de4f21df2,
    0xa9538f0419755787, 0xdb9acddff56ca510, 0xd06c98cd5c0975eb,
    0xe612a3cb9ecba951, 0xc766e62cfcadaf96, 0xee64435a9752fe72,
    0xa192d576b245165a, 0x0a8787bf8ecb74b2, 0x81b3e73d20b49b6f,
    0x7fa8220ba3b2ecea, 0x245731c13ca42499, 0xb78dbfaf3a8d83bd,
    0xea1ad565322a1a0b, 0x60e61c23a3795013, 0x6606d7e446282b93,
    0x6ca4ecb15c5f91e1, 0x9f626da15c9625f3, 0xe51b38608ef25f57,
    0x958a324ceb064572,
};

/* The reference key 00 01 .. 0f, read little-endian. */
#define SIP_K0 UINT64_C(0x0706050403020100)
#define SIP_K1 UINT64_C(0x0f0e0d0c0b0a0908)

START_TEST(test_hash_sip_vectors)
{
	uint8_t msg[64];

	for (int k = 0; k < 64; k++)
		msg[k] = (uint8_t)k;
	ck_assert_msg(th_hash_sip(msg, (size_t)_i, SIP_K0, SIP_K1) ==
	                  sip_vectors[_i],
	              "vector %d", _i);
}
END_TEST

struct item {
	struct th_hash_node hn;
	unsigned key;
	bool seen;
};

static struct item *
find(struct th_hash *t, unsigned key)
{
	uint64_t h = th_hash_sip(&key, sizeof(key), 1, 2);

	for (struct th_hash_node *n = th_hash_first(t, h); n != NULL;
	     n = th_hash_next(n))
		if (((struct item *)n)->key == key)
			return (struct item *)n;
	return NULL;
}

static void
mark(struct th_hash_node *n, void *arg)
{
	((struct item *)n)->seen = true;
	(*(unsigned *)arg)++;
}

START_TEST(test_hash_table)
{
	enum { N = 5000 };
	struct th_hash t;
	struct item *items = calloc(N, sizeof(*items));
	unsigned visited = 0;

	ck_assert_ptr_nonnull(items);
	ck_assert_int_eq(th_hash_init(&t, 4), 0);
	for (unsigned i = 0; i < N; i++) {
		items[i].key = i * 7919u;
		th_hash_insert(
		    &t, &items[i].hn,
		    th_hash_sip(&items[i].key, sizeof(unsigned), 1, 2));
	}
	ck_assert_uint_eq(t.count, N);
	/* It grew: no more nodes than buckets. */
	ck_assert_uint_ge(t.mask + 1, N);
	for (unsigned i = 0; i < N; i++)
		ck_assert_ptr_eq(find(&t, i * 7919u), &items[i]);
	ck_assert_ptr_null(find(&t, 1));
	/* Remove every other item; the rest stay findable. */
	for (unsigned i = 0; i < N; i += 2)
		th_hash_remove(&t, &items[i].hn);
	ck_assert_uint_eq(t.count, N / 2);
	for (unsigned i = 0; i < N; i++)
		ck_assert_ptr_eq(find(&t, i * 7919u), i % 2 ? &items[i] : NULL);
	th_hash_foreach(&t, mark, &visited);
	ck_assert_uint_eq(visited, N / 2);
	for (unsigned i = 0; i < N; i++)
		ck_assert(items[i].seen == (i % 2 == 1));
	th_hash_free(&t);
	free(items);
}
END_TEST

/* Equal hashes with different keys: th_hash_next walks them all. */
START_TEST(test_hash_collisions)
{
	struct th_hash t;
	struct item it[3] = {{.key = 1}, {.key = 2}, {.key = 3}};
	unsigned n = 0;

	ck_assert_int_eq(th_hash_init(&t, 0), 0);
	for (int i = 0; i < 3; i++)
		th_hash_insert(&t, &it[i].hn, 42);
	th_hash_insert(&t, &(struct item){.key = 9}.hn, 42 + 16);
	for (struct th_hash_node *x = th_hash_first(&t, 42); x != NULL;
	     x = th_hash_next(x))
		n++;
	ck_assert_uint_eq(n, 3);
	th_hash_remove(&t, &it[1].hn);
	n = 0;
	for (struct th_hash_node *x = th_hash_first(&t, 42); x != NULL;
	     x = th_hash_next(x))
		n++;
	ck_assert_uint_eq(n, 2);
	th_hash_free(&t);
}
END_TEST

Suite *
suite_hash(void)
{
	Suite *s = suite_create("hash");
	TCase *tc = tcase_create("hash");

	tcase_add_loop_test(tc, test_hash_sip_vectors, 0, N_ELEMS(sip_vectors));
	tcase_add_test(tc, test_hash_table);
	tcase_add_test(tc, test_hash_collisions);
	suite_add_tcase(s, tc);
	return s;
}
