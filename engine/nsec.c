/* SPDX-License-Identifier: BSD-3-Clause */
/* nsec.c -- NSEC/NSEC3 RDATA, type bitmaps, NSEC3 hashing and coverage. */
#include "engine/nsec.h"

#include "common/buf.h"
#include "common/crypto.h"
#include "common/err.h"

#include <string.h>

/* ---- bitmaps ------------------------------------------------------------ */

int
th_nsec_bitmap_check(const uint8_t *bitmap, size_t len)
{
	size_t pos = 0;
	int last = -1;

	while (pos < len) {
		unsigned win, blen;

		if (len - pos < 2)
			return TH_EWIRE;
		win = bitmap[pos];
		blen = bitmap[pos + 1];
		/* RFC 4034 4.1.2: increasing windows, 1..32 octets, trailing
		 * zero octets omitted. */
		if ((int)win <= last || blen < 1 || blen > 32 ||
		    blen > len - pos - 2 || bitmap[pos + 2 + blen - 1] == 0)
			return TH_EWIRE;
		last = (int)win;
		pos += 2 + blen;
	}
	return 0;
}

bool
th_nsec_bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type)
{
	unsigned want = type >> 8, bit = type & 0xffu;
	size_t pos = 0;

	while (len - pos >= 2) {
		unsigned win = bitmap[pos], blen = bitmap[pos + 1];

		if (blen > len - pos - 2)
			blen = (unsigned)(len - pos - 2);
		if (win == want)
			return bit / 8 < blen && (bitmap[pos + 2 + bit / 8] &
			                          (0x80u >> (bit % 8)));
		pos += 2 + blen;
	}
	return false;
}

/* ---- RDATA -------------------------------------------------------------- */

int
th_nsec_parse(const uint8_t *rdata, size_t len, struct th_nsec *out)
{
	size_t used;

	if (th_dname_from_wire(&out->next, rdata, len, &used) != 0)
		return TH_EWIRE;
	out->bitmap = rdata + used;
	out->bitmap_len = len - used;
	return th_nsec_bitmap_check(out->bitmap, out->bitmap_len);
}

/* The fields NSEC3 and NSEC3PARAM share, through the salt. */
static void
read_params(struct th_cursor *c, uint8_t *alg, uint8_t *flags, uint16_t *iter,
            const uint8_t **salt, uint8_t *salt_len)
{
	*alg = th_cursor_read_u8(c);
	*flags = th_cursor_read_u8(c);
	*iter = th_cursor_read_u16(c);
	*salt_len = th_cursor_read_u8(c);
	*salt = th_cursor_ptr(c);
	th_cursor_skip(c, *salt_len);
}

int
th_nsec_parse3(const uint8_t *rdata, size_t len, struct th_nsec3 *out)
{
	struct th_cursor c;

	th_cursor_init(&c, rdata, len);
	read_params(&c, &out->algorithm, &out->flags, &out->iterations,
	            &out->salt, &out->salt_len);
	out->next_len = th_cursor_read_u8(&c);
	out->next = th_cursor_ptr(&c);
	th_cursor_skip(&c, out->next_len);
	/* RFC 5155 3.2: the hash length is 1..255. */
	if (c.err != 0 || out->next_len == 0)
		return TH_EWIRE;
	out->bitmap = th_cursor_ptr(&c);
	out->bitmap_len = th_cursor_remaining(&c);
	return th_nsec_bitmap_check(out->bitmap, out->bitmap_len);
}

int
th_nsec_parse3param(const uint8_t *rdata, size_t len, struct th_nsec3param *out)
{
	struct th_cursor c;

	th_cursor_init(&c, rdata, len);
	read_params(&c, &out->algorithm, &out->flags, &out->iterations,
	            &out->salt, &out->salt_len);
	if (c.err != 0 || th_cursor_remaining(&c) != 0)
		return TH_EWIRE;
	return 0;
}

/* ---- hashing ------------------------------------------------------------ */

int
th_nsec_hash(const struct th_dname *name, uint8_t algorithm,
             uint16_t iterations, const uint8_t *salt, size_t salt_len,
             uint8_t *out)
{
	struct th_dname lower = *name;
	struct th_crypto_digest *d;
	int rc;

	if (algorithm != TH_NSEC_SHA1)
		return TH_EINVAL;
	th_dname_canonicalize(&lower);
	/* One digest object for every iteration: no allocation per round. */
	if ((rc = th_crypto_digest_new(TH_CRYPTO_SHA1, &d)) != 0)
		return rc;
	if ((rc = th_crypto_digest_update(d, lower.wire, lower.len)) == 0 &&
	    (rc = th_crypto_digest_update(d, salt, salt_len)) == 0)
		rc = th_crypto_digest_final(d, out);
	for (unsigned i = 0; rc == 0 && i < iterations; i++) {
		if ((rc = th_crypto_digest_update(d, out, TH_NSEC_HASHLEN)) ==
		        0 &&
		    (rc = th_crypto_digest_update(d, salt, salt_len)) == 0)
			rc = th_crypto_digest_final(d, out);
	}
	th_crypto_digest_destroy(&d);
	return rc;
}

static const char b32hex[] = "0123456789abcdefghijklmnopqrstuv";

size_t
th_nsec_b32hex(const uint8_t *in, size_t len, char *out, size_t cap)
{
	size_t need = (len * 8 + 4) / 5, o = 0;
	unsigned acc = 0, bits = 0;

	if (cap < need + 1) {
		if (cap > 0)
			out[0] = '\0';
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8 | in[i]) & 0xfffu;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = b32hex[(acc >> bits) & 0x1fu];
		}
	}
	if (bits > 0)
		out[o++] = b32hex[(acc << (5 - bits)) & 0x1fu];
	out[o] = '\0';
	return o;
}

static int
b32_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'v')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'V')
		return ch - 'A' + 10;
	return -1;
}

int
th_nsec_b32hex_decode(const char *in, size_t len, uint8_t *out, size_t cap,
                      size_t *outlen)
{
	size_t n = len * 5 / 8, o = 0;
	unsigned acc = 0, bits = 0;

	/* Encodings of whole octets leave 0 to 4 spare bits: lengths with 5
	 * or more (1, 3, 6 mod 8) cannot occur. */
	if (len * 5 % 8 >= 5)
		return TH_EWIRE;
	if (n > cap)
		return TH_ETOOBIG;
	for (size_t i = 0; i < len; i++) {
		int v = b32_value(in[i]);

		if (v < 0)
			return TH_EWIRE;
		acc = (acc << 5 | (unsigned)v) & 0xfffu;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	if ((acc & ((1u << bits) - 1)) != 0)
		return TH_EWIRE;
	*outlen = o;
	return 0;
}

int
th_nsec_owner_hash(const struct th_dname *owner, uint8_t *out, size_t cap,
                   size_t *outlen)
{
	size_t l = owner->wire[0];

	if (l == 0)
		return TH_EWIRE;
	return th_nsec_b32hex_decode((const char *)owner->wire + 1, l, out, cap,
	                             outlen);
}

int
th_nsec_hash_name(const uint8_t *hash, size_t len, const struct th_dname *zone,
                  struct th_dname *out)
{
	char text[TH_DNAME_MAXLABEL + 1];
	size_t n;

	if ((len * 8 + 4) / 5 > TH_DNAME_MAXLABEL)
		return TH_ETOOBIG;
	n = th_nsec_b32hex(hash, len, text, sizeof(text));
	if (n == 0 || 1 + n + zone->len > TH_DNAME_MAXLEN)
		return TH_ETOOBIG;
	out->wire[0] = (uint8_t)n;
	memcpy(out->wire + 1, text, n);
	memcpy(out->wire + 1 + n, zone->wire, zone->len);
	out->len = (uint8_t)(1 + n + zone->len);
	return 0;
}

/* ---- coverage ----------------------------------------------------------- */

/*
 * The interval test both kinds share, from the three comparisons:
 * name_owner = name vs owner, next_owner = next vs owner, name_next =
 * name vs next.
 */
static bool
covers(int name_owner, int next_owner, int name_next)
{
	if (name_owner == 0)
		return false;
	if (next_owner > 0)
		return name_owner > 0 && name_next < 0;
	/* The last link wraps round to the apex (or a one-record chain). */
	return name_owner > 0 || name_next < 0;
}

bool
th_nsec_covers(const struct th_dname *owner, const struct th_dname *next,
               const struct th_dname *name)
{
	return covers(th_dname_cmp(name, owner), th_dname_cmp(next, owner),
	              th_dname_cmp(name, next));
}

static int
octets_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = n > 0 ? memcmp(a, b, n) : 0;

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

bool
th_nsec_covers_hash(const uint8_t *owner, size_t owner_len, const uint8_t *next,
                    size_t next_len, const uint8_t *hash, size_t hash_len)
{
	return covers(octets_cmp(hash, hash_len, owner, owner_len),
	              octets_cmp(next, next_len, owner, owner_len),
	              octets_cmp(hash, hash_len, next, next_len));
}
