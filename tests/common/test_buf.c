/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_buf.c -- unit tests for common/buf: the capped buffer (appends,
 * printf, take, failure leaves it unchanged) and the sticky-error read and
 * write cursors.
 */
#include "common/buf.h"
#include "common/err.h"
#include "tests/suites.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- buffer: Positive --------------------------------------------------- */

static const struct {
	int width; /* 1, 2 or 4: which append */
	uint32_t value;
	const char *bytes; /* expected, big-endian */
} int_cases[] = {
    {1, 0x00, "\x00"},
    {1, 0xff, "\xff"},
    {2, 0x1234, "\x12\x34"},
    {2, 0xff00, "\xff\x00"},
    {2, 0x00ff, "\x00\xff"},
    {4, 0x01020304, "\x01\x02\x03\x04"},
    {4, 0xdeadbeef, "\xde\xad\xbe\xef"},
    {4, 0x80000001, "\x80\x00\x00\x01"},
};

START_TEST(test_buf_append_int)
{
	struct th_buf b;
	int w = int_cases[_i].width, rc;

	th_buf_init(&b, 16);
	ck_assert_int_eq(th_buf_append(&b, "<", 1), 0);
	if (w == 1)
		rc = th_buf_append_u8(&b, (uint8_t)int_cases[_i].value);
	else if (w == 2)
		rc = th_buf_append_u16(&b, (uint16_t)int_cases[_i].value);
	else
		rc = th_buf_append_u32(&b, int_cases[_i].value);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(th_buf_len(&b), 1 + (size_t)w);
	ck_assert_uint_eq(th_buf_data(&b)[0], '<');
	ck_assert_mem_eq(th_buf_data(&b) + 1, int_cases[_i].bytes, (size_t)w);
	/* The content stays NUL-terminated. */
	ck_assert_uint_eq(th_buf_data(&b)[1 + w], 0);
	th_buf_free(&b);
}
END_TEST

/* Appends at or under the cap succeed; storage never exceeds cap + 1. */
START_TEST(test_buf_grows_to_cap)
{
	struct th_buf b = TH_BUF_INIT(1000);

	ck_assert_str_eq(th_buf_str(&b), "");
	for (size_t k = 0; k < 1000; k++)
		ck_assert_int_eq(th_buf_append_u8(&b, (uint8_t)k), 0);
	ck_assert_uint_eq(th_buf_len(&b), 1000);
	ck_assert_uint_le(b.alloc, 1001);
	for (size_t k = 0; k < 1000; k++)
		ck_assert_uint_eq(th_buf_data(&b)[k], (uint8_t)k);
	ck_assert_int_eq(th_buf_append_u8(&b, 1), TH_ETOOBIG);
	th_buf_free(&b);
	/* free leaves an empty, reusable buffer with the same cap. */
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.max, 1000);
	ck_assert_int_eq(th_buf_append(&b, "x", 1), 0);
	ck_assert_str_eq(th_buf_str(&b), "x");
	th_buf_free(&b);
	th_buf_free(&b); /* twice is harmless */
}
END_TEST

START_TEST(test_buf_reserve_keeps_storage)
{
	struct th_buf b;
	const uint8_t *p;

	th_buf_init(&b, 4096);
	ck_assert_int_eq(th_buf_reserve(&b, 3000), 0);
	p = th_buf_data(&b);
	ck_assert_ptr_nonnull(p);
	for (int k = 0; k < 300; k++)
		ck_assert_int_eq(th_buf_append(&b, "0123456789", 10), 0);
	/* Appends within the reservation never move the storage. */
	ck_assert_ptr_eq(th_buf_data(&b), p);
	ck_assert_uint_eq(th_buf_len(&b), 3000);
	th_buf_free(&b);
}
END_TEST

struct printf_case {
	size_t max;
	const char *prefix;
	const char *word;
	int num;
	int status;
	const char *want; /* content afterwards */
};

static const struct printf_case printf_ok[] = {
    {64, "", "xy", 42, 0, "xy-42"},
    {64, "a", "xy", 42, 0, "axy-42"},
    {6, "a", "xy", 42, 0, "axy-42"}, /* exactly the cap */
    {5, "", "xy", -7, 0, "xy--7"},
    {300, "p",
     "0123456789012345678901234567890123456789012345678901234"
     "5678901234567890123456789",
     1, 0,
     "p0123456789012345678901234567890123456789012345678901234"
     "5678901234567890123456789-1"}, /* grows past the first 64 bytes */
};

static const struct printf_case printf_toobig[] = {
    {5, "a", "xy", 42, TH_ETOOBIG, "a"}, /* one over: unchanged */
    {4, "", "xy", -7, TH_ETOOBIG, ""},
    {0, "", "", 0, TH_ETOOBIG, ""},
    {70, "p",
     "0123456789012345678901234567890123456789012345678901234"
     "5678901234567890123456789",
     1, TH_ETOOBIG, "p"}, /* would need to grow past the cap */
};

static void
run_printf_case(const struct printf_case *pc)
{
	struct th_buf b;

	th_buf_init(&b, pc->max);
	ck_assert_int_eq(th_buf_printf(&b, "%s", pc->prefix), 0);
	ck_assert_int_eq(th_buf_printf(&b, "%s-%d", pc->word, pc->num),
	                 pc->status);
	ck_assert_str_eq(th_buf_str(&b), pc->want);
	ck_assert_uint_eq(th_buf_len(&b), strlen(pc->want));
	th_buf_free(&b);
}

START_TEST(test_buf_printf)
{
	run_printf_case(&printf_ok[_i]);
}
END_TEST

START_TEST(test_buf_printf_toobig)
{
	run_printf_case(&printf_toobig[_i]);
}
END_TEST

/* Hex: lower case, two characters an octet, NUL-terminated; a cap that
 * the hex would pass leaves the buffer as it was. */
START_TEST(test_buf_append_hex)
{
	static const uint8_t in[] = {0x00, 0x7f, 0xa5, 0xff, 0x10};
	struct th_buf b = TH_BUF_INIT(12);

	ck_assert_int_eq(th_buf_append(&b, "x", 1), 0);
	ck_assert_int_eq(th_buf_append_hex(&b, in, sizeof(in)), 0);
	ck_assert_str_eq(th_buf_str(&b), "x007fa5ff10");
	ck_assert_int_eq(th_buf_append_hex(&b, NULL, 0), 0);
	ck_assert_int_eq(th_buf_append_hex(&b, in, 1), TH_ETOOBIG);
	ck_assert_str_eq(th_buf_str(&b), "x007fa5ff10");
	ck_assert_uint_eq(th_buf_len(&b), 11);
	th_buf_free(&b);
}
END_TEST

START_TEST(test_buf_take)
{
	struct th_buf b;
	uint8_t *p;
	size_t len = 99;

	th_buf_init(&b, 64);
	/* Never allocated: NULL and length 0. */
	p = th_buf_take(&b, &len);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(len, 0);

	ck_assert_int_eq(th_buf_printf(&b, "%s.%s", "example", "se"), 0);
	p = th_buf_take(&b, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 10);
	ck_assert_str_eq((char *)p, "example.se");
	/* The buffer is empty and reusable; the block is ours. */
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(th_buf_len(&b), 0);
	ck_assert_uint_eq(b.max, 64);
	ck_assert_int_eq(th_buf_append(&b, "abc", 3), 0);
	ck_assert_str_eq(th_buf_str(&b), "abc");
	ck_assert_str_eq((char *)p, "example.se");
	free(p);
	th_buf_free(&b);
}
END_TEST

START_TEST(test_buf_reset_truncate)
{
	struct th_buf b;
	const uint8_t *p;

	th_buf_init(&b, 64);
	ck_assert_int_eq(th_buf_append(&b, "abcdef", 6), 0);
	ck_assert_int_eq(th_buf_truncate(&b, 3), 0);
	ck_assert_str_eq(th_buf_str(&b), "abc");
	ck_assert_int_eq(th_buf_truncate(&b, 3), 0);
	ck_assert_str_eq(th_buf_str(&b), "abc");
	p = th_buf_data(&b);
	th_buf_reset(&b);
	ck_assert_uint_eq(th_buf_len(&b), 0);
	ck_assert_str_eq(th_buf_str(&b), "");
	ck_assert_ptr_eq(th_buf_data(&b), p); /* storage kept */
	th_buf_free(&b);
}
END_TEST

/* ---- buffer: Negative --------------------------------------------------- */

static const struct {
	size_t max, prefill, add;
	int status;
	const char *msg;
} cap_cases[] = {
    {0, 0, 0, 0, "nothing into nothing"},
    {0, 0, 1, TH_ETOOBIG, "one byte over a zero cap"},
    {16, 16, 0, 0, "zero bytes into a full buffer"},
    {16, 16, 1, TH_ETOOBIG, "one byte into a full buffer"},
    {16, 10, 6, 0, "exactly to the cap"},
    {16, 10, 7, TH_ETOOBIG, "one over the cap"},
    {100, 0, 101, TH_ETOOBIG, "one over the cap from empty"},
    {SIZE_MAX - 1, 5, SIZE_MAX, TH_ETOOBIG, "length arithmetic would wrap"},
    {SIZE_MAX - 1, 5, SIZE_MAX - 5, TH_ETOOBIG, "past the largest cap"},
};

START_TEST(test_buf_cap)
{
	struct th_buf b;
	uint8_t fill[16];
	uint8_t *big = NULL;
	const uint8_t *src;
	int rc;

	memset(fill, 'f', sizeof(fill));
	th_buf_init(&b, cap_cases[_i].max);
	ck_assert_uint_le(cap_cases[_i].prefill, sizeof(fill));
	ck_assert_int_eq(th_buf_append(&b, fill, cap_cases[_i].prefill), 0);
	/* Rows that must fail are never read from, so no need for data. */
	if (cap_cases[_i].status == 0) {
		big = calloc(1, cap_cases[_i].add + 1);
		ck_assert_ptr_nonnull(big);
		src = big;
	} else {
		src = fill;
	}
	rc = th_buf_append(&b, src, cap_cases[_i].add);
	ck_assert_msg(rc == cap_cases[_i].status, "%s: %s", cap_cases[_i].msg,
	              th_errname(rc));
	if (rc == 0) {
		ck_assert_uint_eq(th_buf_len(&b),
		                  cap_cases[_i].prefill + cap_cases[_i].add);
	} else {
		/* Unchanged: same length, same bytes, still terminated. */
		ck_assert_uint_eq(th_buf_len(&b), cap_cases[_i].prefill);
		if (cap_cases[_i].prefill > 0) {
			ck_assert_mem_eq(th_buf_data(&b), fill,
			                 cap_cases[_i].prefill);
			ck_assert_uint_eq(
			    th_buf_data(&b)[cap_cases[_i].prefill], 0);
		}
		ck_assert_int_eq(th_buf_reserve(&b, cap_cases[_i].add),
		                 TH_ETOOBIG);
	}
	free(big);
	th_buf_free(&b);
}
END_TEST

START_TEST(test_buf_printf_failure_unchanged)
{
	struct th_buf b;

	th_buf_init(&b, 8);
	ck_assert_int_eq(th_buf_append(&b, "abc", 3), 0);
	/* Fits in the spare storage but not under the cap. */
	ck_assert_int_eq(th_buf_printf(&b, "%s", "123456"), TH_ETOOBIG);
	ck_assert_str_eq(th_buf_str(&b), "abc");
	ck_assert_uint_eq(th_buf_len(&b), 3);
	ck_assert_int_eq(th_buf_printf(&b, "%s", "12345"), 0);
	ck_assert_str_eq(th_buf_str(&b), "abc12345");
	th_buf_free(&b);
}
END_TEST

START_TEST(test_buf_printf_encoding_error)
{
	struct th_buf b;

	/*
	 * In the C locale (Check never calls setlocale) a wide character
	 * above 0x7f has no multibyte form, so vsnprintf fails with EILSEQ.
	 */
	th_buf_init(&b, 64);
	ck_assert_int_eq(th_buf_append(&b, "ab", 2), 0);
	ck_assert_int_eq(th_buf_printf(&b, "x%lcy", (wint_t)0x4e2d), TH_EINVAL);
	ck_assert_str_eq(th_buf_str(&b), "ab");
	ck_assert_uint_eq(th_buf_len(&b), 2);
	th_buf_free(&b);
}
END_TEST

START_TEST(test_buf_truncate_longer)
{
	struct th_buf b;

	th_buf_init(&b, 64);
	ck_assert_int_eq(th_buf_truncate(&b, 1), TH_EINVAL);
	ck_assert_int_eq(th_buf_append(&b, "abc", 3), 0);
	ck_assert_int_eq(th_buf_truncate(&b, 4), TH_EINVAL);
	ck_assert_str_eq(th_buf_str(&b), "abc");
	th_buf_free(&b);
}
END_TEST

/* ---- cursors ------------------------------------------------------------ */

/*
 * Cursor scripts: space-separated steps "op:arg", parsed by next_step().
 * Read cursor: "1:HEX" "2:HEX" "4:HEX" read u8/u16/u32, which must return
 * HEX; "s:N" skip N; "k:N" seek to N; "r:N" remaining() must be N.
 * Write cursor: "1:HEX" "2:HEX" "4:HEX" write HEX; "b:N" write the first N
 * bytes of "abcdefgh"; "p:AT=HEX" patch the u16 HEX at offset AT.
 * N may be "max" for SIZE_MAX.
 */
struct step {
	char op;
	size_t arg;
	unsigned long value;
};

static size_t
parse_size(const char *p, char **end)
{
	if (strncmp(p, "max", 3) == 0) {
		*end = (char *)p + 3;
		return SIZE_MAX;
	}
	return (size_t)strtoull(p, end, 10);
}

/* Parse the step at *sp into *st and advance; false at the end. */
static bool
next_step(const char **sp, struct step *st)
{
	const char *p = *sp;
	char *end;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return false;
	ck_assert_msg(p[1] == ':', "bad step at \"%s\"", p);
	st->op = p[0];
	st->arg = 0;
	st->value = 0;
	p += 2;
	switch (st->op) {
	case '1':
	case '2':
	case '4':
		st->value = strtoul(p, &end, 16);
		break;
	case 'p':
		st->arg = parse_size(p, &end);
		ck_assert_int_eq(*end, '=');
		st->value = strtoul(end + 1, &end, 16);
		break;
	default:
		st->arg = parse_size(p, &end);
		break;
	}
	ck_assert_msg(end != p && (*end == ' ' || *end == '\0'),
	              "bad step at \"%s\"", *sp);
	*sp = end;
	return true;
}

struct read_case {
	const char *in;
	size_t len;
	const char *script;
	int err;    /* c.err afterwards */
	size_t pos; /* position afterwards */
	const char *msg;
};

static const struct read_case read_ok[] = {
    {"\x12\x34\xde\xad\xbe\xef\x07", 7, "2:1234 4:deadbeef 1:07 r:0", 0, 7,
     "a whole record"},
    {"\x80\x00\x00\x01\xff\xfe", 6, "4:80000001 2:fffe", 0, 6,
     "high bits are not sign-extended"},
    {"\xaa\xbb\xcc\xdd", 4, "s:2 r:2 2:ccdd", 0, 4, "skip"},
    {"\xaa\xbb\xcc", 3, "k:2 1:cc k:0 1:aa k:3 r:0", 0, 3,
     "seek back and forth, to the end"},
    {"\xaa\xbb\xcc", 3, "s:0 r:3 s:3 r:0", 0, 3, "skip nothing, everything"},
    {"", 0, "s:0 k:0 r:0", 0, 0, "empty moves within an empty input"},
};

static const struct read_case read_bad[] = {
    {"\x12\x34\x56", 3, "4:0 r:0 1:0 2:0", TH_EWIRE, 0,
     "u32 past the end, then sticky although 3 bytes are there"},
    {"\x01\x02", 2, "2:0102 1:0", TH_EWIRE, 2, "u8 at the end"},
    {"\x01\x02\x03", 3, "1:01 4:0 1:0", TH_EWIRE, 1, "u32 with 2 left"},
    {"\x01\x02\x03", 3, "1:01 1:02 2:0 1:0", TH_EWIRE, 2, "u16 with 1 left"},
    {"", 0, "r:0 1:0", TH_EWIRE, 0, "empty input"},
    {"\xaa\xbb", 2, "s:3 1:0 r:0", TH_EWIRE, 0,
     "skip past the end, then sticky"},
    {"\xaa\xbb\xcc", 3, "k:4 k:1 1:0", TH_EWIRE, 0,
     "seek past the end; later seeks are ignored"},
    {"\xaa", 1, "s:max 1:0", TH_EWIRE, 0, "a huge skip does not wrap"},
    {"\xaa\xbb", 2, "k:max 1:0", TH_EWIRE, 0, "a huge seek"},
};

static void
run_read_case(const struct read_case *rc)
{
	struct th_cursor c;
	const char *script = rc->script;
	struct step st;

	th_cursor_init(&c, rc->in, rc->len);
	while (next_step(&script, &st)) {
		unsigned long got = st.value;

		switch (st.op) {
		case '1':
			got = th_cursor_read_u8(&c);
			break;
		case '2':
			got = th_cursor_read_u16(&c);
			break;
		case '4':
			got = th_cursor_read_u32(&c);
			break;
		case 's':
			th_cursor_skip(&c, st.arg);
			break;
		case 'k':
			th_cursor_seek(&c, st.arg);
			break;
		case 'r':
			ck_assert_msg(th_cursor_remaining(&c) == st.arg,
			              "%s: remaining %zu, want %zu", rc->msg,
			              th_cursor_remaining(&c), st.arg);
			break;
		default:
			ck_abort_msg("bad op %c", st.op);
		}
		ck_assert_msg(got == st.value, "%s: %c read 0x%lx, want 0x%lx",
		              rc->msg, st.op, got, st.value);
	}
	ck_assert_msg(c.err == rc->err, "%s: err %s", rc->msg,
	              th_errname(c.err));
	ck_assert_uint_eq(th_cursor_pos(&c), rc->pos);
}

START_TEST(test_cursor_read)
{
	run_read_case(&read_ok[_i]);
}
END_TEST

START_TEST(test_cursor_read_past_end)
{
	run_read_case(&read_bad[_i]);
}
END_TEST

START_TEST(test_cursor_read_bytes)
{
	static const uint8_t in[] = {1, 2, 3, 4, 5};
	struct th_cursor c;
	uint8_t out[4];

	th_cursor_init(&c, in, sizeof(in));
	th_cursor_read(&c, out, 3);
	ck_assert_mem_eq(out, in, 3);
	ck_assert_ptr_eq(th_cursor_ptr(&c), in + 3);
	ck_assert_uint_eq(th_cursor_remaining(&c), 2);
	/* Past the end: zero-filled, position kept, error set. */
	memset(out, 0xee, sizeof(out));
	th_cursor_read(&c, out, 4);
	for (int k = 0; k < 4; k++)
		ck_assert_uint_eq(out[k], 0);
	ck_assert_int_eq(c.err, TH_EWIRE);
	ck_assert_uint_eq(th_cursor_pos(&c), 3);
	/* Sticky: two bytes are there but the read still gives zeros. */
	memset(out, 0xee, sizeof(out));
	th_cursor_read(&c, out, 2);
	ck_assert_uint_eq(out[0], 0);
	ck_assert_uint_eq(out[1], 0);
	ck_assert_uint_eq(th_cursor_remaining(&c), 0);
}
END_TEST

struct write_case {
	size_t cap;
	const char *script;
	const char *out; /* the array afterwards; 0xee where never written */
	size_t pos;
	int err;
	const char *msg;
};

static const struct write_case write_ok[] = {
    {7, "2:1234 4:deadbeef 1:07", "\x12\x34\xde\xad\xbe\xef\x07", 7, 0,
     "a whole record"},
    {3, "b:3 b:0", "abc", 3, 0, "bytes fill it exactly, then an empty write"},
    {6, "2:0 4:01020304 p:0=0004", "\x00\x04\x01\x02\x03\x04", 6, 0,
     "patch a count at the start"},
    {6, "2:0 4:01020304 p:4=abcd", "\x00\x00\x01\x02\xab\xcd", 6, 0,
     "patch the last two bytes"},
    {4, "1:ff b:1", "\xff\x61\xee\xee", 2, 0, "room left over"},
};

static const struct write_case write_bad[] = {
    {5, "2:1234 4:deadbeef 1:07", "\x12\x34\xee\xee\xee", 2, TH_ETOOBIG,
     "u32 does not fit: nothing written, then sticky"},
    {0, "1:01", "", 0, TH_ETOOBIG, "zero-size array"},
    {3, "b:3 1:09", "abc", 3, TH_ETOOBIG, "a byte into a full array"},
    {3, "b:4", "\xee\xee\xee", 0, TH_ETOOBIG, "bytes are all or nothing"},
    {4, "1:01 2:0203 2:0405", "\x01\x02\x03\xee", 3, TH_ETOOBIG,
     "u16 with one byte left"},
    {6, "1:01 p:0=ffff 1:02", "\x01\xee\xee\xee\xee\xee", 1, TH_EINVAL,
     "patch over bytes never written, then sticky"},
    {6, "2:0102 p:max=ffff", "\x01\x02\xee\xee\xee\xee", 2, TH_EINVAL,
     "patch offset far away"},
};

static void
run_write_case(const struct write_case *wc)
{
	struct th_wcursor w;
	uint8_t arr[8];
	const char *script = wc->script;
	struct step st;

	memset(arr, 0xee, sizeof(arr));
	th_wcursor_init(&w, arr, wc->cap);
	while (next_step(&script, &st)) {
		switch (st.op) {
		case '1':
			th_wcursor_write_u8(&w, (uint8_t)st.value);
			break;
		case '2':
			th_wcursor_write_u16(&w, (uint16_t)st.value);
			break;
		case '4':
			th_wcursor_write_u32(&w, (uint32_t)st.value);
			break;
		case 'b':
			th_wcursor_write(&w, "abcdefgh", st.arg);
			break;
		case 'p':
			th_wcursor_patch_u16(&w, st.arg, (uint16_t)st.value);
			break;
		default:
			ck_abort_msg("bad op %c", st.op);
		}
	}
	ck_assert_msg(w.err == wc->err, "%s: err %s", wc->msg,
	              th_errname(w.err));
	ck_assert_uint_eq(th_wcursor_pos(&w), wc->pos);
	ck_assert_msg(memcmp(arr, wc->out, wc->cap) == 0, "%s", wc->msg);
	/* Nothing past the array was touched. */
	for (size_t k = wc->cap; k < sizeof(arr); k++)
		ck_assert_uint_eq(arr[k], 0xee);
	if (w.err != 0)
		ck_assert_uint_eq(th_wcursor_remaining(&w), 0);
	else
		ck_assert_uint_eq(th_wcursor_remaining(&w), wc->cap - w.pos);
}

START_TEST(test_cursor_write)
{
	run_write_case(&write_ok[_i]);
}
END_TEST

START_TEST(test_cursor_write_overflow)
{
	run_write_case(&write_bad[_i]);
}
END_TEST

Suite *
suite_buf(void)
{
	Suite *s = suite_create("buf");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_buf_append_int, 0, N_ELEMS(int_cases));
	tcase_add_test(pos, test_buf_grows_to_cap);
	tcase_add_test(pos, test_buf_reserve_keeps_storage);
	tcase_add_loop_test(pos, test_buf_printf, 0, N_ELEMS(printf_ok));
	tcase_add_test(pos, test_buf_take);
	tcase_add_test(pos, test_buf_append_hex);
	tcase_add_test(pos, test_buf_reset_truncate);
	tcase_add_loop_test(pos, test_cursor_read, 0, N_ELEMS(read_ok));
	tcase_add_loop_test(pos, test_cursor_write, 0, N_ELEMS(write_ok));

	tcase_add_loop_test(neg, test_buf_cap, 0, N_ELEMS(cap_cases));
	tcase_add_loop_test(neg, test_buf_printf_toobig, 0,
	                    N_ELEMS(printf_toobig));
	tcase_add_test(neg, test_buf_printf_failure_unchanged);
	tcase_add_test(neg, test_buf_printf_encoding_error);
	tcase_add_test(neg, test_buf_truncate_longer);
	tcase_add_loop_test(neg, test_cursor_read_past_end, 0,
	                    N_ELEMS(read_bad));
	tcase_add_test(neg, test_cursor_read_bytes);
	tcase_add_loop_test(neg, test_cursor_write_overflow, 0,
	                    N_ELEMS(write_bad));

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
