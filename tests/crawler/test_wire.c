/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_wire.c -- unit tests for crawler/wire: every message round-trips,
 * and hostile input (every truncation, every single-octet corruption,
 * lengths and counts that lie) gives TH_EWIRE, never a crash or a read
 * past the end (the asan build checks the latter).
 */
#include "crawler/wire.h"
#include "tests/suites.h"

#include "common/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
name(struct th_dname *d, const char *text)
{
	enum th_dname_reason why;

	ck_assert_int_eq(th_dname_parse(d, text, strlen(text), NULL, &why), 0);
}

static const struct th_wire_counters cnt = {10, 2000, 30, 400, 5, 4242};

/* A RESULT of two domains and one server. */
static void
make_result(struct th_buf *out)
{
	struct th_buf srv = TH_BUF_INIT(1 << 20);
	struct th_dname a, b;
	struct th_addr addr;

	name(&a, "a.se.");
	name(&b, "b.se.");
	ck_assert_int_eq(th_addr_parse(&addr, "192.0.2.1", 53), 0);
	ck_assert_int_eq(th_wire_result_begin(out, 77, 3), 0);
	ck_assert_int_eq(th_wire_result_add(out, &a, "rec-a", 5), 0);
	ck_assert_int_eq(th_wire_result_add(out, &b, "record-b", 8), 0);
	ck_assert_int_eq(th_wire_server_add(&srv, &addr, "srv", 3), 0);
	ck_assert_int_eq(th_wire_result_finish(out, 2, &srv, 1, &cnt), 0);
	th_buf_free(&srv);
}

START_TEST(result_roundtrip)
{
	struct th_buf m = TH_BUF_INIT(1 << 20);
	struct th_wire_result r;
	struct th_dname a;

	make_result(&m);
	ck_assert_int_eq(th_wire_type(th_buf_data(&m), th_buf_len(&m)),
	                 TH_WIRE_RESULT);
	ck_assert_int_eq(
	    th_wire_result_decode(th_buf_data(&m), th_buf_len(&m), &r), 0);
	ck_assert_uint_eq(r.id, 77);
	ck_assert_uint_eq(r.lease, 3);
	ck_assert_uint_eq(r.nres, 2);
	name(&a, "a.se.");
	ck_assert(th_dname_equal(r.res[0].domain, &a));
	ck_assert_uint_eq(r.res[1].len, 8);
	ck_assert_mem_eq(r.res[1].rec, "record-b", 8);
	ck_assert_uint_eq(r.nsrv, 1);
	ck_assert_uint_eq(r.srv[0].addr.family, TH_AF_INET);
	ck_assert_uint_eq(r.srv[0].addr.port, 53);
	ck_assert_mem_eq(r.srv[0].rec, "srv", 3);
	ck_assert_uint_eq(r.counters.queries, 2000);
	ck_assert_uint_eq(r.counters.pid, 4242);
	th_wire_result_free(&r);
	th_buf_free(&m);
}
END_TEST

START_TEST(result_hostile)
{
	struct th_buf m = TH_BUF_INIT(1 << 20);
	struct th_wire_result r;
	const uint8_t *p;
	uint8_t *copy;
	size_t len;

	make_result(&m);
	p = th_buf_data(&m);
	len = th_buf_len(&m);
	/* Every truncation fails. */
	for (size_t i = 0; i < len; i++) {
		copy = malloc(i + 1);
		memcpy(copy, p, i);
		ck_assert_int_eq(th_wire_result_decode(copy, i, &r), TH_EWIRE);
		free(copy);
	}
	/* Every octet flipped: an error or a consistent message, never a
	 * read past the end (asan) and never a count beyond the input. */
	copy = malloc(len);
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(copy, p, len);
			copy[i] ^= (uint8_t)(1u << bit);
			if (th_wire_result_decode(copy, len, &r) == 0) {
				ck_assert_uint_le(r.nres, len);
				ck_assert_uint_le(r.nsrv, len);
				th_wire_result_free(&r);
			}
		}
	}
	/* Trailing garbage. */
	ck_assert_int_eq(th_buf_append_u8(&m, 0), 0);
	ck_assert_int_eq(
	    th_wire_result_decode(th_buf_data(&m), th_buf_len(&m), &r),
	    TH_EWIRE);
	free(copy);
	th_buf_free(&m);
}
END_TEST

/* The same message with the marker 0 decodes: the test above fails for
 * the marker alone. */
static void
msg4_zero_ok(const uint8_t *m, size_t len)
{
	uint8_t copy[80];
	struct th_wire_result r;

	ck_assert_uint_le(len, sizeof(copy));
	memcpy(copy, m, len);
	copy[16] = 0;
	ck_assert_int_eq(th_wire_result_decode(copy, len, &r), 0);
	ck_assert_uint_eq(r.nres, 0);
	th_wire_result_free(&r);
}

START_TEST(result_lying_counts)
{
	/* A server count of 65536 with nothing behind it. */
	static const uint8_t msg[] = {
	    'T', 'H', 1, TH_WIRE_RESULT,
	    0,   0,   0, 0,
	    0,   0,   0, 1, /* id */
	    0,   0,   0, 1, /* lease */
	    0,              /* end */
	    0,   0,   0, 0, /* nres */
	    0,   1,   0, 0, /* nsrv */
	};
	/* A record length past the end. */
	static const uint8_t msg2[] = {
	    'T',  'H',  1,    TH_WIRE_RESULT,
	    0,    0,    0,    0,
	    0,    0,    0,    1,
	    0,    0,    0,    1,
	    1,    4,    1,    'a',
	    0,    0,    0xff, 0xff,
	    0xff, 0xff,
	};
	/* A name whose label runs past its length octet. */
	static const uint8_t msg3[] = {
	    'T', 'H', 1, TH_WIRE_RESULT,
	    0,   0,   0, 0,
	    0,   0,   0, 1,
	    0,   0,   0, 1,
	    1,   2,   5, 'a',
	    0,   0,   0, 0,
	};
	/* An end marker other than 0 (found by fuzz_wire). */
	static const uint8_t msg4[] = {
	    'T',  'H', 1, TH_WIRE_RESULT,
	    0,    0,   0, 0,
	    0,    0,   0, 1,
	    0,    0,   0, 1,
	    0x21, 0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,    0,   0, 0,
	    0,
	};
	struct th_wire_result r;

	ck_assert_int_eq(th_wire_result_decode(msg4, sizeof(msg4), &r),
	                 TH_EWIRE);
	msg4_zero_ok(msg4, sizeof(msg4));
	ck_assert_int_eq(th_wire_result_decode(msg, sizeof(msg), &r), TH_EWIRE);
	ck_assert_int_eq(th_wire_result_decode(msg2, sizeof(msg2), &r),
	                 TH_EWIRE);
	ck_assert_int_eq(th_wire_result_decode(msg3, sizeof(msg3), &r),
	                 TH_EWIRE);
	ck_assert_int_eq(th_wire_result_decode(msg, 3, &r), TH_EWIRE);
}
END_TEST

START_TEST(batch_roundtrip_and_hostile)
{
	struct th_buf m = TH_BUF_INIT(1 << 20);
	struct th_dname names[3];
	struct th_wire_batch b = {5, 2, 1700000000, 3, names}, d;
	const uint8_t *p;
	uint8_t *copy;
	size_t len;

	name(&names[0], "x.se.");
	name(&names[1], "y.se.");
	name(&names[2], "xn--rksmrgs-5wao1o.se.");
	ck_assert_int_eq(th_wire_batch_encode(&b, &m), 0);
	p = th_buf_data(&m);
	len = th_buf_len(&m);
	ck_assert_int_eq(th_wire_batch_decode(p, len, &d), 0);
	ck_assert_uint_eq(d.id, 5);
	ck_assert_uint_eq(d.lease, 2);
	ck_assert_uint_eq(d.now, 1700000000);
	ck_assert_uint_eq(d.n, 3);
	ck_assert(th_dname_equal(&d.names[2], &names[2]));
	free(d.names);
	for (size_t i = 0; i < len; i++) {
		copy = malloc(i + 1);
		memcpy(copy, p, i);
		ck_assert_int_eq(th_wire_batch_decode(copy, i, &d), TH_EWIRE);
		free(copy);
	}
	copy = malloc(len);
	for (size_t i = 0; i < len; i++) {
		memcpy(copy, p, len);
		copy[i] ^= 0x80;
		if (th_wire_batch_decode(copy, len, &d) == 0) {
			ck_assert_uint_le(d.n, 3);
			free(d.names);
		}
	}
	free(copy);
	/* An empty batch is not a batch. */
	b.n = 0;
	ck_assert_int_eq(th_wire_batch_encode(&b, &m), 0);
	ck_assert_int_eq(
	    th_wire_batch_decode(th_buf_data(&m), th_buf_len(&m), &d),
	    TH_EWIRE);
	th_buf_free(&m);
}
END_TEST

START_TEST(small_messages)
{
	struct th_buf m = TH_BUF_INIT(1 << 10);
	struct th_wire_counters c;
	struct th_wire_ack a = {9, 1, 32, TH_ESTOREFULL}, a2;
	uint32_t ms;

	ck_assert_int_eq(th_wire_req_encode(&cnt, &m), 0);
	ck_assert_int_eq(
	    th_wire_req_decode(th_buf_data(&m), th_buf_len(&m), &c), 0);
	ck_assert_uint_eq(c.busiest, 400);
	ck_assert_int_eq(
	    th_wire_req_decode(th_buf_data(&m), th_buf_len(&m) - 1, &c),
	    TH_EWIRE);
	ck_assert_int_eq(th_wire_ack_encode(&a, &m), 0);
	ck_assert_int_eq(
	    th_wire_ack_decode(th_buf_data(&m), th_buf_len(&m), &a2), 0);
	ck_assert_int_eq(a2.status, TH_ESTOREFULL);
	ck_assert_uint_eq(a2.nres, 32);
	/* An ACK is not a REQ. */
	ck_assert_int_eq(
	    th_wire_req_decode(th_buf_data(&m), th_buf_len(&m), &c), TH_EWIRE);
	ck_assert_int_eq(th_wire_wait_encode(300, &m), 0);
	ck_assert_int_eq(
	    th_wire_wait_decode(th_buf_data(&m), th_buf_len(&m), &ms), 0);
	ck_assert_uint_eq(ms, 300);
	ck_assert_int_eq(th_wire_done_encode(&m), 0);
	ck_assert_int_eq(th_wire_type(th_buf_data(&m), th_buf_len(&m)),
	                 TH_WIRE_DONE);
	/* Unknown version, type, magic. */
	ck_assert_int_eq(th_wire_type("TH\x02\x04", 4), 0);
	ck_assert_int_eq(th_wire_type("TH\x01\x09", 4), 0);
	ck_assert_int_eq(th_wire_type("XX\x01\x04", 4), 0);
	ck_assert_int_eq(th_wire_type("TH", 2), 0);
	th_buf_free(&m);
}
END_TEST

Suite *
suite_wire(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, result_roundtrip);
	tcase_add_test(tc, result_hostile);
	tcase_add_test(tc, result_lying_counts);
	tcase_add_test(tc, batch_roundtrip_and_hostile);
	tcase_add_test(tc, small_messages);
	suite_add_tcase(s, tc);
	return s;
}
