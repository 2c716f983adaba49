/* SPDX-License-Identifier: BSD-3-Clause */
/* zonefile.c -- RFC 1035 master files and TLD delegations (see zonefile.h). */
#include "crawler/zonefile.h"

#include "common/buf.h"
#include "common/err.h"
#include "common/hash.h"
#include "common/log.h"
#include "common/msg.h"
#include "common/region.h"
#include "common/secrand.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reasons ------------------------------------------------------------ */

static const struct {
	const char *name;
	const char *text;
} reason_table[] = {
#define TH_ZONEFILE_REASON_ROW(name, text) {#name, text},
    TH_ZONEFILE_REASON_MAP(TH_ZONEFILE_REASON_ROW)
#undef TH_ZONEFILE_REASON_ROW
};

_Static_assert(sizeof(reason_table) / sizeof(reason_table[0]) ==
                   TH_ZONEFILE__REASONS,
               "reason_table must have one row per th_zonefile_reason");

const char *
th_zonefile_reason_name(enum th_zonefile_reason reason)
{
	if ((unsigned)reason >= TH_ZONEFILE__REASONS)
		return "?";
	return reason_table[reason].name;
}

const char *
th_zonefile_reason_text(enum th_zonefile_reason reason)
{
	if ((unsigned)reason >= TH_ZONEFILE__REASONS)
		return "unknown reason";
	return reason_table[reason].text;
}

void
th_zonefile_error_print(FILE *out, const struct th_zonefile_error *e)
{
	fprintf(out, "%s:%lu: %s (%s)%s%s\n", e->file, e->line,
	        th_zonefile_reason_text(e->reason),
	        th_zonefile_reason_name(e->reason), e->detail[0] ? ": " : "",
	        e->detail);
}

bool
th_zonefile_reason_fatal(enum th_zonefile_reason reason)
{
	return reason >= TH_ZONEFILE_FATAL_OPEN_PAREN &&
	       reason < TH_ZONEFILE__REASONS;
}

/* ---- record types ------------------------------------------------------- */

/*
 * Fields of RDATA in presentation form. The *_REST kinds take every
 * remaining token (base64 and hex may be split by spaces, RFC 4034).
 */
enum zf_field {
	F_END = 0,
	F_NAME,      /* domain name, uncompressed */
	F_U8,        /* decimal */
	F_U16,       /* decimal */
	F_U32,       /* decimal */
	F_PERIOD,    /* 32 bits, decimal or with units (SOA timers) */
	F_A,         /* dotted quad */
	F_AAAA,      /* RFC 4291 text */
	F_STR,       /* <character-string>, length-prefixed */
	F_STRS,      /* one or more <character-string> (TXT) */
	F_STR_NOLEN, /* one string, no length octet (CAA value, URI) */
	F_TAG,       /* CAA tag: letters and digits, length-prefixed */
	F_TYPE,      /* type mnemonic, 16 bits (RRSIG type covered) */
	F_ALG,       /* DNSSEC algorithm, number or mnemonic */
	F_TIME,      /* RRSIG time: YYYYMMDDHHmmSS or seconds */
	F_HEX_REST,  /* hexadecimal, at least one token */
	F_B64_REST,  /* base64, at least one token */
	F_SALT,      /* NSEC3 salt: hex or "-", length-prefixed */
	F_B32,       /* NSEC3 next hashed owner: base32hex, length-prefixed */
	F_BITMAP,    /* type bitmap (NSEC, NSEC3, CSYNC), may be empty */
};

#define ZF_MAXFIELDS 9

struct zf_type {
	const char *name;
	uint16_t type;
	uint8_t fields[ZF_MAXFIELDS]; /* enum zf_field; F_END: generic only */
};

/*
 * Mnemonics. Types with no fields are known by name but can only be
 * written in the generic form (RFC 3597 5).
 */
static const struct zf_type type_table[] = {
    {"A", 1, {F_A}},
    {"NS", 2, {F_NAME}},
    {"MD", 3, {F_NAME}},
    {"MF", 4, {F_NAME}},
    {"CNAME", 5, {F_NAME}},
    {"SOA", 6, {F_NAME, F_NAME, F_U32, F_PERIOD, F_PERIOD, F_PERIOD, F_PERIOD}},
    {"MB", 7, {F_NAME}},
    {"MG", 8, {F_NAME}},
    {"MR", 9, {F_NAME}},
    {"NULL", 10, {F_END}},
    {"WKS", 11, {F_END}},
    {"PTR", 12, {F_NAME}},
    {"HINFO", 13, {F_STR, F_STR}},
    {"MINFO", 14, {F_NAME, F_NAME}},
    {"MX", 15, {F_U16, F_NAME}},
    {"TXT", 16, {F_STRS}},
    {"RP", 17, {F_NAME, F_NAME}},
    {"AFSDB", 18, {F_U16, F_NAME}},
    {"X25", 19, {F_STR}},
    {"ISDN", 20, {F_END}},
    {"RT", 21, {F_U16, F_NAME}},
    {"NSAP", 22, {F_END}},
    {"SIG", 24, {F_END}},
    {"KEY", 25, {F_END}},
    {"PX", 26, {F_U16, F_NAME, F_NAME}},
    {"GPOS", 27, {F_END}},
    {"AAAA", 28, {F_AAAA}},
    {"LOC", 29, {F_END}},
    {"NXT", 30, {F_END}},
    {"SRV", 33, {F_U16, F_U16, F_U16, F_NAME}},
    {"NAPTR", 35, {F_U16, F_U16, F_STR, F_STR, F_STR, F_NAME}},
    {"KX", 36, {F_U16, F_NAME}},
    {"CERT", 37, {F_END}},
    {"A6", 38, {F_END}},
    {"DNAME", 39, {F_NAME}},
    {"APL", 42, {F_END}},
    {"DS", 43, {F_U16, F_ALG, F_U8, F_HEX_REST}},
    {"SSHFP", 44, {F_U8, F_U8, F_HEX_REST}},
    {"IPSECKEY", 45, {F_END}},
    {"RRSIG",
     46,
     {F_TYPE, F_ALG, F_U8, F_U32, F_TIME, F_TIME, F_U16, F_NAME, F_B64_REST}},
    {"NSEC", 47, {F_NAME, F_BITMAP}},
    {"DNSKEY", 48, {F_U16, F_U8, F_ALG, F_B64_REST}},
    {"DHCID", 49, {F_B64_REST}},
    {"NSEC3", 50, {F_U8, F_U8, F_U16, F_SALT, F_B32, F_BITMAP}},
    {"NSEC3PARAM", 51, {F_U8, F_U8, F_U16, F_SALT}},
    {"TLSA", 52, {F_U8, F_U8, F_U8, F_HEX_REST}},
    {"SMIMEA", 53, {F_U8, F_U8, F_U8, F_HEX_REST}},
    {"HIP", 55, {F_END}},
    {"CDS", 59, {F_U16, F_ALG, F_U8, F_HEX_REST}},
    {"CDNSKEY", 60, {F_U16, F_U8, F_ALG, F_B64_REST}},
    {"OPENPGPKEY", 61, {F_B64_REST}},
    {"CSYNC", 62, {F_U32, F_U16, F_BITMAP}},
    {"ZONEMD", 63, {F_U32, F_U8, F_U8, F_HEX_REST}},
    {"SVCB", 64, {F_END}},
    {"HTTPS", 65, {F_END}},
    {"SPF", 99, {F_STRS}},
    {"NID", 104, {F_END}},
    {"L32", 105, {F_END}},
    {"L64", 106, {F_END}},
    {"LP", 107, {F_END}},
    {"EUI48", 108, {F_END}},
    {"EUI64", 109, {F_END}},
    {"TKEY", 249, {F_END}},
    {"TSIG", 250, {F_END}},
    {"URI", 256, {F_U16, F_U16, F_STR_NOLEN}},
    {"CAA", 257, {F_U8, F_TAG, F_STR_NOLEN}},
    {"DLV", 32769, {F_U16, F_ALG, F_U8, F_HEX_REST}},
};

#define N_TYPES (sizeof(type_table) / sizeof(type_table[0]))
/* Rows the fast path of type_find() uses, pinned. */
#define TYPE_ROW_DS 36

/* DNSSEC algorithm mnemonics (RFC 4034 A.1 and the IANA registry). */
static const struct {
	const char *name;
	uint8_t number;
} alg_table[] = {
    {"RSAMD5", 1},
    {"DH", 2},
    {"DSA", 3},
    {"RSASHA1", 5},
    {"DSA-NSEC3-SHA1", 6},
    {"RSASHA1-NSEC3-SHA1", 7},
    {"RSASHA256", 8},
    {"RSASHA512", 10},
    {"ECC-GOST", 12},
    {"ECDSAP256SHA256", 13},
    {"ECDSAP384SHA384", 14},
    {"ED25519", 15},
    {"ED448", 16},
    {"INDIRECT", 252},
    {"PRIVATEDNS", 253},
    {"PRIVATEOID", 254},
};

static bool
is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

/* Case-insensitive equality of a token with a NUL-terminated word. */
static bool
tok_is(const char *p, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(p, word, len) == 0;
}

/* Decimal digits only, into *out, at most max. */
static bool
parse_dec(const char *p, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit((unsigned char)p[i]))
			return false;
		v = v * 10 + (uint64_t)(p[i] - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* "TYPEnnn" or "CLASSnnn": the number after prefix. */
static bool
parse_prefixed(const char *p, size_t len, const char *prefix, uint16_t *out)
{
	size_t n = strlen(prefix);
	uint64_t v;

	if (len <= n || strncasecmp(p, prefix, n) != 0 ||
	    !parse_dec(p + n, len - n, 65535, &v))
		return false;
	*out = (uint16_t)v;
	return true;
}

static const struct zf_type *
type_find(const char *p, size_t len)
{
	if (len == 0)
		return NULL;
	/* The types of a TLD zone, as they are usually written. */
	if (len == 2 && p[0] == 'N' && p[1] == 'S')
		return &type_table[1];
	if (len == 2 && p[0] == 'D' && p[1] == 'S') {
		assert(type_table[TYPE_ROW_DS].type == TH_T_DS);
		return &type_table[TYPE_ROW_DS];
	}
	if (len == 1 && p[0] == 'A')
		return &type_table[0];
	/* The first letter rules out most rows before any strlen. */
	for (size_t i = 0; i < N_TYPES; i++)
		if ((type_table[i].name[0] | 0x20) == (p[0] | 0x20) &&
		    tok_is(p, len, type_table[i].name))
			return &type_table[i];
	return NULL;
}

static const struct zf_type *
type_by_number(uint16_t type)
{
	for (size_t i = 0; i < N_TYPES; i++)
		if (type_table[i].type == type)
			return &type_table[i];
	return NULL;
}

int
th_zonefile_type_parse(const char *text, size_t len, uint16_t *type)
{
	const struct zf_type *t = type_find(text, len);

	if (t != NULL) {
		*type = t->type;
		return 0;
	}
	return parse_prefixed(text, len, "TYPE", type) ? 0 : TH_ENOTFOUND;
}

/*
 * A TTL or SOA timer: decimal, or BIND's units ("1w2d", "1h30m"). Every
 * number but the last needs a unit, and the total must fit max.
 */
static bool
parse_period(const char *p, size_t len, uint64_t max, uint32_t *out)
{
	uint64_t total = 0, cur = 0;
	bool digits = false, any_unit = false;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)p[i];
		uint64_t mult;

		if (is_digit(c)) {
			cur = cur * 10 + (c - '0');
			if (cur > max)
				return false;
			digits = true;
			continue;
		}
		switch (c | 0x20) {
		case 's':
			mult = 1;
			break;
		case 'm':
			mult = 60;
			break;
		case 'h':
			mult = 3600;
			break;
		case 'd':
			mult = 86400;
			break;
		case 'w':
			mult = 604800;
			break;
		default:
			return false;
		}
		if (!digits)
			return false;
		total += cur * mult;
		if (total > max)
			return false;
		cur = 0;
		digits = false;
		any_unit = true;
	}
	if (digits)
		total += cur;
	else if (!any_unit)
		return false;
	if (total > max)
		return false;
	*out = (uint32_t)total;
	return true;
}

/* ---- tokens ------------------------------------------------------------- */

struct zf_tok {
	uint32_t off; /* from the entry's start */
	uint32_t len;
	uint32_t line;
	uint32_t quoted;
};

/* A token as a {ptr, len} pair, with its line. */
struct zf_word {
	const char *p;
	size_t len;
	unsigned long line;
	bool quoted;
};

/* The state RDATA conversion needs: tokens, origin, where errors go. */
struct zf_rd {
	const struct zf_word *w;
	size_t n, i;
	const struct th_dname *origin; /* NULL: relative names refused */
	struct th_wcursor out;
	enum th_zonefile_reason reason;
	unsigned long line; /* of the failing token */
	const char *detail; /* borrowed token text */
	size_t detail_len;
	enum th_dname_reason why; /* for BAD_NAME */
};

static bool
rd_fail(struct zf_rd *rd, enum th_zonefile_reason r, const struct zf_word *w)
{
	rd->reason = r;
	if (w != NULL) {
		rd->line = w->line;
		rd->detail = w->p;
		rd->detail_len = w->len;
	}
	return false;
}

/* True when text ends in an unescaped dot: an absolute name. */
static bool
name_is_absolute(const char *p, size_t len)
{
	size_t bs = 0;

	if (len == 0 || p[len - 1] != '.')
		return false;
	/*
	 * Backslashes just before the dot: an odd count escapes it. "\046."
	 * ends in a digit-escape and a real dot, which this also gets right
	 * because the digits stop the count.
	 */
	while (bs + 1 < len && p[len - 2 - bs] == '\\')
		bs++;
	return bs % 2 == 0;
}

/*
 * Parse a name token against origin. Returns the reason, and the finer
 * dname reason in *why.
 */
static enum th_zonefile_reason
name_parse(struct th_dname *out, const char *p, size_t len,
           const struct th_dname *origin, enum th_dname_reason *why,
           enum th_zonefile_reason bad)
{
	*why = TH_DNAME_OK;
	if (origin == NULL && !name_is_absolute(p, len) &&
	    !(len == 1 && p[0] == '.'))
		return TH_ZONEFILE_NO_ORIGIN;
	if (th_dname_parse(out, p, len, origin, why) != 0)
		return bad;
	return TH_ZONEFILE_OK;
}

static bool
rd_name(struct zf_rd *rd, const struct zf_word *w)
{
	struct th_dname d;
	enum th_zonefile_reason r;

	if (w->quoted)
		return rd_fail(rd, TH_ZONEFILE_BAD_NAME, w);
	r = name_parse(&d, w->p, w->len, rd->origin, &rd->why,
	               TH_ZONEFILE_BAD_NAME);
	if (r != TH_ZONEFILE_OK)
		return rd_fail(rd, r, w);
	th_wcursor_write(&rd->out, d.wire, d.len);
	return true;
}

/*
 * Decode a <character-string> token (escapes \X and \DDD) into dst (cap
 * octets). Returns the length, or -1.
 */
static long
str_decode(const char *p, size_t len, uint8_t *dst, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)p[i];

		if (c == '\\') {
			if (i + 1 >= len)
				return -1;
			if (is_digit((unsigned char)p[i + 1])) {
				unsigned v = 0;

				if (len - i - 1 < 3)
					return -1;
				for (size_t k = i + 1; k < i + 4; k++) {
					if (!is_digit((unsigned char)p[k]))
						return -1;
					v = v * 10 + (unsigned)(p[k] - '0');
				}
				if (v > 255)
					return -1;
				c = v;
				i += 3;
			} else {
				c = (unsigned char)p[++i];
			}
		}
		if (n >= cap)
			return -2;
		dst[n++] = (uint8_t)c;
	}
	return (long)n;
}

/*
 * A string decoded straight into the output: its length octet (when
 * prefix) is written once the length is known.
 */
static bool
rd_string(struct zf_rd *rd, const struct zf_word *w, bool prefix)
{
	size_t room = th_wcursor_remaining(&rd->out), at, cap;
	long n;

	if (rd->out.err != 0 || room < (prefix ? 1u : 0u))
		return rd_fail(rd, TH_ZONEFILE_RDATA_TOO_LONG, w);
	at = th_wcursor_pos(&rd->out);
	cap = room - (prefix ? 1 : 0);
	if (prefix && cap > 255)
		cap = 255;
	n = str_decode(w->p, w->len, rd->out.base + at + (prefix ? 1 : 0), cap);
	if (n == -1)
		return rd_fail(rd, TH_ZONEFILE_BAD_ESCAPE, w);
	if (n < 0)
		return rd_fail(rd,
		               prefix && room > 256
		                   ? TH_ZONEFILE_BAD_STRING
		                   : TH_ZONEFILE_RDATA_TOO_LONG,
		               w);
	if (prefix)
		rd->out.base[at] = (uint8_t)n;
	rd->out.pos += (size_t)n + (prefix ? 1 : 0);
	return true;
}

static int
hex_val(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	return -1;
}

/* Hex over tokens [from, to) into the output; an even digit count. */
static bool
rd_hex(struct zf_rd *rd, size_t from, size_t to)
{
	int hi = -1;

	for (size_t t = from; t < to; t++) {
		const struct zf_word *w = &rd->w[t];

		for (size_t i = 0; i < w->len; i++) {
			int v = hex_val((unsigned char)w->p[i]);

			if (v < 0)
				return rd_fail(rd, TH_ZONEFILE_BAD_HEX, w);
			if (hi < 0) {
				hi = v;
			} else {
				th_wcursor_write_u8(&rd->out,
				                    (uint8_t)(hi << 4 | v));
				hi = -1;
			}
		}
	}
	if (hi >= 0)
		return rd_fail(rd, TH_ZONEFILE_BAD_HEX, &rd->w[to - 1]);
	return true;
}

/*
 * Base64 digit values plus one (0: not a digit). A table, because RRSIG
 * and DNSKEY data are most of the octets of a signed zone.
 */
static const uint8_t b64_table[256] = {
    ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,
    ['G'] = 7,  ['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12,
    ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18,
    ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
    ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30,
    ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
    ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
    ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
    ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54,
    ['2'] = 55, ['3'] = 56, ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60,
    ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
};

static inline int
b64_val(unsigned c)
{
	return (int)b64_table[c & 0xffu] - 1;
}

/*
 * Base64 (RFC 4648 4) over every remaining token: groups of four
 * characters, '=' padding only at the very end.
 */
static bool
rd_base64(struct zf_rd *rd)
{
	uint32_t acc = 0;
	unsigned nch = 0, pad = 0;
	const struct zf_word *last = &rd->w[rd->n - 1];

	for (; rd->i < rd->n; rd->i++) {
		const struct zf_word *w = &rd->w[rd->i];

		last = w;
		for (size_t k = 0; k < w->len; k++) {
			unsigned c = (unsigned char)w->p[k];
			int v;

			if (c == '=') {
				pad++;
				v = 0;
			} else {
				if (pad > 0 || (v = b64_val(c)) < 0)
					return rd_fail(
					    rd, TH_ZONEFILE_BAD_BASE64, w);
			}
			if (pad > 2)
				return rd_fail(rd, TH_ZONEFILE_BAD_BASE64, w);
			acc = acc << 6 | (uint32_t)v;
			if (++nch == 4) {
				th_wcursor_write_u8(&rd->out,
				                    (uint8_t)(acc >> 16));
				if (pad < 2)
					th_wcursor_write_u8(
					    &rd->out, (uint8_t)(acc >> 8));
				if (pad < 1)
					th_wcursor_write_u8(&rd->out,
					                    (uint8_t)acc);
				nch = 0;
				acc = 0;
				if (pad > 0) {
					/* Nothing may follow the padding. */
					if (k + 1 < w->len || rd->i + 1 < rd->n)
						return rd_fail(
						    rd, TH_ZONEFILE_BAD_BASE64,
						    w);
				}
			}
		}
	}
	if (nch != 0)
		return rd_fail(rd, TH_ZONEFILE_BAD_BASE64, last);
	return true;
}

/* Base32hex (RFC 4648 7) without padding, length-prefixed. */
static bool
rd_base32(struct zf_rd *rd, const struct zf_word *w)
{
	uint8_t buf[256];
	size_t n = 0;
	uint32_t acc = 0;
	unsigned bits = 0;

	for (size_t k = 0; k < w->len; k++) {
		unsigned c = (unsigned char)w->p[k];
		unsigned v;

		if (is_digit(c))
			v = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'v')
			v = (c | 0x20) - 'a' + 10;
		else
			return rd_fail(rd, TH_ZONEFILE_BAD_BASE32, w);
		acc = (acc << 5 | v) & 0xffffu;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n >= 255)
				return rd_fail(rd, TH_ZONEFILE_BAD_BASE32, w);
			buf[n++] = (uint8_t)(acc >> bits);
		}
	}
	/* Leftover bits must be padding zeros, and fewer than 5. */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0 || n == 0)
		return rd_fail(rd, TH_ZONEFILE_BAD_BASE32, w);
	th_wcursor_write_u8(&rd->out, (uint8_t)n);
	th_wcursor_write(&rd->out, buf, n);
	return true;
}

static bool
rd_salt(struct zf_rd *rd, const struct zf_word *w)
{
	if (w->len == 1 && w->p[0] == '-') {
		th_wcursor_write_u8(&rd->out, 0);
		return true;
	}
	if (w->len > 510)
		return rd_fail(rd, TH_ZONEFILE_BAD_HEX, w);
	th_wcursor_write_u8(&rd->out, (uint8_t)(w->len / 2));
	return rd_hex(rd, rd->i, rd->i + 1);
}

static int
cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return x < y ? -1 : x > y;
}

/* Type bitmap (RFC 4034 4.1.2) from every remaining token. */
static bool
rd_bitmap(struct zf_rd *rd)
{
	uint16_t types[4096];
	size_t n = 0;

	for (; rd->i < rd->n; rd->i++) {
		const struct zf_word *w = &rd->w[rd->i];
		uint16_t t;

		if (th_zonefile_type_parse(w->p, w->len, &t) != 0)
			return rd_fail(rd, TH_ZONEFILE_UNKNOWN_TYPE, w);
		if (n >= sizeof(types) / sizeof(types[0]))
			return rd_fail(rd, TH_ZONEFILE_RDATA_TOO_LONG, w);
		types[n++] = t;
	}
	qsort(types, n, sizeof(types[0]), cmp_u16);
	for (size_t i = 0; i < n;) {
		uint8_t win = (uint8_t)(types[i] >> 8), bm[32];
		unsigned len = 0;

		memset(bm, 0, sizeof(bm));
		for (; i < n && (types[i] >> 8) == win; i++) {
			unsigned lo = types[i] & 0xffu;

			bm[lo / 8] |= (uint8_t)(0x80u >> (lo % 8));
			if (lo / 8 + 1 > len)
				len = lo / 8 + 1;
		}
		th_wcursor_write_u8(&rd->out, win);
		th_wcursor_write_u8(&rd->out, (uint8_t)len);
		th_wcursor_write(&rd->out, bm, len);
	}
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool
rd_time(struct zf_rd *rd, const struct zf_word *w)
{
	uint64_t v;

	if (w->len == 14) {
		unsigned f[6];
		static const unsigned width[6] = {4, 2, 2, 2, 2, 2};
		static const unsigned maxv[6] = {9999, 12, 31, 23, 59, 59};
		size_t at = 0;
		int64_t secs;

		for (unsigned k = 0; k < 6; k++) {
			uint64_t x;

			if (!parse_dec(w->p + at, width[k], maxv[k], &x))
				return rd_fail(rd, TH_ZONEFILE_BAD_TIME, w);
			f[k] = (unsigned)x;
			at += width[k];
		}
		if (f[1] < 1 || f[2] < 1)
			return rd_fail(rd, TH_ZONEFILE_BAD_TIME, w);
		secs = days_from_civil(f[0], f[1], f[2]) * 86400 +
		       (int64_t)f[3] * 3600 + f[4] * 60 + f[5];
		/* Serial number arithmetic: the value is taken mod 2^32. */
		th_wcursor_write_u32(&rd->out, (uint32_t)(uint64_t)secs);
		return true;
	}
	if (!parse_dec(w->p, w->len, 0xffffffffu, &v))
		return rd_fail(rd, TH_ZONEFILE_BAD_TIME, w);
	th_wcursor_write_u32(&rd->out, (uint32_t)v);
	return true;
}

static bool
rd_alg(struct zf_rd *rd, const struct zf_word *w)
{
	uint64_t v;

	if (parse_dec(w->p, w->len, 255, &v)) {
		th_wcursor_write_u8(&rd->out, (uint8_t)v);
		return true;
	}
	if (w->len > 0 && is_digit((unsigned char)w->p[0]))
		return rd_fail(rd, TH_ZONEFILE_BAD_NUMBER, w);
	for (size_t i = 0; i < sizeof(alg_table) / sizeof(alg_table[0]); i++)
		if (tok_is(w->p, w->len, alg_table[i].name)) {
			th_wcursor_write_u8(&rd->out, alg_table[i].number);
			return true;
		}
	return rd_fail(rd, TH_ZONEFILE_BAD_ALGORITHM, w);
}

static bool
rd_tag(struct zf_rd *rd, const struct zf_word *w)
{
	if (w->len == 0 || w->len > 255 || w->quoted)
		return rd_fail(rd, TH_ZONEFILE_BAD_STRING, w);
	for (size_t i = 0; i < w->len; i++) {
		unsigned c = (unsigned char)w->p[i];

		if (!is_digit(c) && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return rd_fail(rd, TH_ZONEFILE_BAD_STRING, w);
	}
	th_wcursor_write_u8(&rd->out, (uint8_t)w->len);
	th_wcursor_write(&rd->out, w->p, w->len);
	return true;
}

/* One field; rd->i is the next token. */
static bool
rd_field(struct zf_rd *rd, enum zf_field f)
{
	const struct zf_word *w;
	uint64_t v;
	uint32_t p32;
	uint8_t addr[16];
	char tmp[64];

	if (f != F_BITMAP && rd->i >= rd->n)
		return rd_fail(rd, TH_ZONEFILE_MISSING_FIELD,
		               rd->n > 0 ? &rd->w[rd->n - 1] : NULL);
	w = f != F_BITMAP ? &rd->w[rd->i] : NULL;
	switch (f) {
	case F_NAME:
		rd->i++;
		return rd_name(rd, w);
	case F_U8:
	case F_U16:
	case F_U32:
		if (!parse_dec(w->p, w->len,
		               f == F_U8    ? 255
		               : f == F_U16 ? 65535
		                            : 0xffffffffu,
		               &v))
			return rd_fail(rd, TH_ZONEFILE_BAD_NUMBER, w);
		if (f == F_U8)
			th_wcursor_write_u8(&rd->out, (uint8_t)v);
		else if (f == F_U16)
			th_wcursor_write_u16(&rd->out, (uint16_t)v);
		else
			th_wcursor_write_u32(&rd->out, (uint32_t)v);
		rd->i++;
		return true;
	case F_PERIOD:
		if (!parse_period(w->p, w->len, 0xffffffffu, &p32))
			return rd_fail(rd, TH_ZONEFILE_BAD_NUMBER, w);
		th_wcursor_write_u32(&rd->out, p32);
		rd->i++;
		return true;
	case F_A:
	case F_AAAA:
		if (w->len >= sizeof(tmp))
			return rd_fail(rd, TH_ZONEFILE_BAD_ADDRESS, w);
		memcpy(tmp, w->p, w->len);
		tmp[w->len] = '\0';
		if (inet_pton(f == F_A ? AF_INET : AF_INET6, tmp, addr) != 1)
			return rd_fail(rd, TH_ZONEFILE_BAD_ADDRESS, w);
		th_wcursor_write(&rd->out, addr, f == F_A ? 4 : 16);
		rd->i++;
		return true;
	case F_STR:
		rd->i++;
		return rd_string(rd, w, true);
	case F_STRS:
		for (; rd->i < rd->n; rd->i++)
			if (!rd_string(rd, &rd->w[rd->i], true))
				return false;
		return true;
	case F_STR_NOLEN:
		rd->i++;
		return rd_string(rd, w, false);
	case F_TAG:
		rd->i++;
		return rd_tag(rd, w);
	case F_TYPE: {
		uint16_t t;

		if (th_zonefile_type_parse(w->p, w->len, &t) != 0)
			return rd_fail(rd, TH_ZONEFILE_UNKNOWN_TYPE, w);
		th_wcursor_write_u16(&rd->out, t);
		rd->i++;
		return true;
	}
	case F_ALG:
		rd->i++;
		return rd_alg(rd, w);
	case F_TIME:
		rd->i++;
		return rd_time(rd, w);
	case F_HEX_REST: {
		size_t from = rd->i;

		rd->i = rd->n;
		return rd_hex(rd, from, rd->n);
	}
	case F_B64_REST:
		return rd_base64(rd);
	case F_SALT:
		if (!rd_salt(rd, w))
			return false;
		rd->i++;
		return true;
	case F_B32:
		rd->i++;
		return rd_base32(rd, w);
	case F_BITMAP:
		return rd_bitmap(rd);
	case F_END:
		break;
	}
	return rd_fail(rd, TH_ZONEFILE_UNKNOWN_TYPE, w);
}

/* RFC 3597: "\# LEN HEX..." */
static bool
rd_generic(struct zf_rd *rd)
{
	const struct zf_word *w;
	uint64_t len;
	size_t start;

	rd->i++; /* the \# */
	if (rd->i >= rd->n)
		return rd_fail(rd, TH_ZONEFILE_BAD_GENERIC, &rd->w[rd->i - 1]);
	w = &rd->w[rd->i++];
	if (!parse_dec(w->p, w->len, 65535, &len))
		return rd_fail(rd, TH_ZONEFILE_BAD_GENERIC, w);
	start = th_wcursor_pos(&rd->out);
	if (len == 0 && rd->i == rd->n)
		return true;
	if (rd->i >= rd->n)
		return rd_fail(rd, TH_ZONEFILE_BAD_GENERIC, w);
	if (!rd_hex(rd, rd->i, rd->n)) {
		if (rd->reason == TH_ZONEFILE_BAD_HEX)
			rd->reason = TH_ZONEFILE_BAD_GENERIC;
		return false;
	}
	rd->i = rd->n;
	if (rd->out.err == 0 && th_wcursor_pos(&rd->out) - start != len)
		return rd_fail(rd, TH_ZONEFILE_BAD_GENERIC, w);
	return true;
}

/*
 * Convert the RDATA tokens of one record. t is the type's table row, or
 * NULL for a type known only by number (generic form required).
 */
static bool
rd_convert(struct zf_rd *rd, const struct zf_type *t)
{
	if (rd->i < rd->n && !rd->w[rd->i].quoted && rd->w[rd->i].len == 2 &&
	    rd->w[rd->i].p[0] == '\\' && rd->w[rd->i].p[1] == '#') {
		if (!rd_generic(rd))
			return false;
		if (rd->out.err != 0)
			return rd_fail(rd, TH_ZONEFILE_RDATA_TOO_LONG, NULL);
		return true;
	}
	if (t == NULL || t->fields[0] == F_END)
		return rd_fail(rd, TH_ZONEFILE_UNSUPPORTED_TYPE,
		               rd->i < rd->n ? &rd->w[rd->i] : NULL);
	for (unsigned k = 0; k < ZF_MAXFIELDS && t->fields[k] != F_END; k++)
		if (!rd_field(rd, (enum zf_field)t->fields[k]))
			return false;
	if (rd->out.err != 0)
		return rd_fail(rd, TH_ZONEFILE_RDATA_TOO_LONG, NULL);
	if (rd->i < rd->n)
		return rd_fail(rd, TH_ZONEFILE_EXTRA_FIELD, &rd->w[rd->i]);
	return true;
}

/* Split text into words the way the reader does (no parentheses). */
static size_t
split_words(const char *text, size_t len, struct zf_word *w, size_t max)
{
	size_t n = 0, i = 0;

	while (i < len && n < max) {
		size_t s;

		while (i < len && (text[i] == ' ' || text[i] == '\t'))
			i++;
		if (i >= len)
			break;
		if (text[i] == '"') {
			s = ++i;
			while (i < len && text[i] != '"') {
				if (text[i] == '\\' && i + 1 < len)
					i++;
				i++;
			}
			w[n++] = (struct zf_word){text + s, i - s, 1, true};
			if (i < len)
				i++;
			continue;
		}
		s = i;
		while (i < len && text[i] != ' ' && text[i] != '\t') {
			if (text[i] == '\\' && i + 1 < len)
				i++;
			i++;
		}
		w[n++] = (struct zf_word){text + s, i - s, 1, false};
	}
	return n;
}

int
th_zonefile_rdata_parse(uint16_t type, const char *text, size_t textlen,
                        const struct th_dname *origin, uint8_t *wire,
                        size_t cap, size_t *len,
                        enum th_zonefile_reason *reason)
{
	struct zf_word *w;
	struct zf_rd rd;
	size_t n, max = textlen / 2 + 2;
	bool ok;

	if ((w = malloc(max * sizeof(*w))) == NULL)
		return TH_ENOMEM;
	n = split_words(text, textlen, w, max);
	memset(&rd, 0, sizeof(rd));
	rd.w = w;
	rd.n = n;
	rd.origin = origin;
	th_wcursor_init(&rd.out, wire,
	                cap < TH_ZONEFILE_MAXRDATA ? cap
	                                           : TH_ZONEFILE_MAXRDATA);
	ok = rd_convert(&rd, type_by_number(type));
	free(w);
	if (reason != NULL)
		*reason = ok ? TH_ZONEFILE_OK : rd.reason;
	if (!ok)
		return TH_ESYNTAX;
	*len = th_wcursor_pos(&rd.out);
	return 0;
}

/* ---- input sources ------------------------------------------------------ */

enum zf_kind { SRC_FD, SRC_FP, SRC_MEM };

/* Octets asked of the source per read. */
#define ZF_CHUNK (256u * 1024)

struct zf_src {
	struct zf_src *up; /* the including source, NULL for the top */
	enum zf_kind kind;
	int fd;
	bool own_fd;
	FILE *fp;
	const uint8_t *mem;
	size_t memlen, mempos;
	char *name;
	char *buf;
	size_t cap;   /* bytes allocated at buf */
	size_t start; /* first byte of the entry being scanned */
	size_t pos;   /* next byte to scan */
	size_t end;   /* bytes of valid data */
	unsigned long line;
	bool eof;
	int ioerr;
	unsigned depth;
	uint64_t bytes; /* octets read from this source */
	/* The includer's state, restored when this source ends. */
	struct th_dname saved_origin, saved_owner;
	bool saved_has_origin, saved_has_owner;
};

struct th_zonefile {
	struct th_zonefile_conf conf;
	struct zf_src *src;
	struct th_zonefile_stats st;
	int fatal; /* sticky status after a fatal error */
	unsigned long fatal_line;
	/* Parser state. */
	struct th_dname origin, owner;
	bool has_origin, has_owner;
	uint32_t dollar_ttl, last_ttl;
	bool has_dollar_ttl, has_last_ttl;
	uint16_t last_class;
	/* Owner text cache: the same token under the same origin. */
	char owner_text[TH_DNAME_STRLEN];
	size_t owner_text_len;
	uint64_t origin_gen, owner_gen;
	/* The entry being parsed. */
	struct zf_tok *toks;
	size_t ntok, tokcap;
	struct zf_word *words;
	size_t wordcap;
	bool blank_owner;
	enum th_zonefile_reason entry_err;
	unsigned long entry_err_line;
	size_t entry_err_tok; /* token index, or SIZE_MAX */
	/* Output. */
	struct th_zonefile_rr rr;
	uint8_t rdata[TH_ZONEFILE_MAXRDATA];
};

static void
src_free(struct zf_src *s)
{
	if (s == NULL)
		return;
	if (s->own_fd && s->fd >= 0)
		close(s->fd);
	free(s->name);
	free(s->buf);
	free(s);
}

static struct zf_src *
src_new(enum zf_kind kind, const char *name)
{
	struct zf_src *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->kind = kind;
	s->fd = -1;
	s->line = 1;
	s->cap = ZF_CHUNK;
	s->name = strdup(name != NULL ? name : "-");
	s->buf = malloc(s->cap);
	if (s->name == NULL || s->buf == NULL) {
		src_free(s);
		return NULL;
	}
	return s;
}

/*
 * Read more input after end. Keeps the entry being scanned (from start)
 * by moving it to the front, and grows the buffer while one entry fills
 * it. Returns 1 when bytes were added, 0 at the end of the input, or a
 * negative status (TH_ETOOBIG: the entry is too long; I/O).
 */
static int
src_fill(struct zf_src *s)
{
	ssize_t got = 0;
	size_t room;

	if (s->eof)
		return 0;
	/* Called with the whole buffer scanned: the entry is end - start. */
	if (s->end - s->start > TH_ZONEFILE_MAXENTRY)
		return TH_ETOOBIG;
	if (s->start > 0 && s->cap - s->end < ZF_CHUNK / 2) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->pos -= s->start;
		s->end -= s->start;
		s->start = 0;
	}
	if (s->end == s->cap) {
		char *nb;

		if ((nb = realloc(s->buf, s->cap * 2)) == NULL)
			return TH_ENOMEM;
		s->buf = nb;
		s->cap *= 2;
	}
	room = s->cap - s->end;
	switch (s->kind) {
	case SRC_MEM:
		got = (ssize_t)(s->memlen - s->mempos < room
		                    ? s->memlen - s->mempos
		                    : room);
		memcpy(s->buf + s->end, s->mem + s->mempos, (size_t)got);
		s->mempos += (size_t)got;
		break;
	case SRC_FP:
		got = (ssize_t)fread(s->buf + s->end, 1, room, s->fp);
		if (got == 0 && ferror(s->fp))
			return TH_EIO;
		break;
	case SRC_FD:
		do
			got = read(s->fd, s->buf + s->end, room);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return th_from_errno(errno);
		break;
	}
	if (got == 0) {
		s->eof = true;
		return 0;
	}
	s->end += (size_t)got;
	s->bytes += (uint64_t)got;
	return 1;
}

/* ---- errors ------------------------------------------------------------- */

/* Copy a token for an error message, unprintable octets as '?'. */
static const char *
detail_of(char *buf, size_t size, const char *p, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 4 < size; i++) {
		unsigned c = (unsigned char)p[i];

		buf[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (n < len && n + 4 <= size) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

static void
report(struct th_zonefile *zf, const char *file, unsigned long line,
       enum th_zonefile_reason r, const char *detail)
{
	struct th_zonefile_error e = {file, line, r, detail ? detail : ""};

	if (zf->conf.on_error != NULL) {
		zf->conf.on_error(zf->conf.arg, &e);
		return;
	}
	th_log_warn("%s:%lu: %s%s%s", file, line, th_zonefile_reason_text(r),
	            e.detail[0] ? ": " : "", e.detail);
}

/* A record or directive is skipped. */
static void
skip(struct th_zonefile *zf, unsigned long line, enum th_zonefile_reason r,
     const char *p, size_t len, const char *prefix)
{
	char d[160], tok[96];

	detail_of(tok, sizeof(tok), p, len);
	if (prefix != NULL && prefix[0] != '\0')
		snprintf(d, sizeof(d), "%s: %s", prefix, tok);
	else
		snprintf(d, sizeof(d), "%s", tok);
	report(zf, zf->src->name, line, r, d);
	zf->st.skipped++;
}

static int
fatal(struct th_zonefile *zf, enum th_zonefile_reason r, int status,
      const char *detail)
{
	report(zf, zf->src->name, zf->fatal_line, r, detail);
	zf->fatal = status;
	return status;
}

/* ---- tokenizer ---------------------------------------------------------- */

enum scan_result { SCAN_ENTRY, SCAN_EOF, SCAN_FATAL };

/*
 * Octets that simply continue a plain token: everything but delimiters,
 * the backslash and control octets (those take the slow path).
 */
#define ZF_PLAIN_ROW(x) [x] = 1, [x + 1] = 1, [x + 2] = 1, [x + 3] = 1
static const uint8_t plain_octet[256] = {
    ['!'] = 1,          ['#'] = 1,          ['$'] = 1,
    ['%'] = 1,          ['&'] = 1,          ['\''] = 1,
    ['*'] = 1,          ['+'] = 1,          [','] = 1,
    ['-'] = 1,          ['.'] = 1,          ['/'] = 1,
    ZF_PLAIN_ROW('0'),  ZF_PLAIN_ROW('4'),  ['8'] = 1,
    ['9'] = 1,          [':'] = 1,          ['<'] = 1,
    ['='] = 1,          ['>'] = 1,          ['?'] = 1,
    ZF_PLAIN_ROW('@'),  ZF_PLAIN_ROW('D'),  ZF_PLAIN_ROW('H'),
    ZF_PLAIN_ROW('L'),  ZF_PLAIN_ROW('P'),  ZF_PLAIN_ROW('T'),
    ZF_PLAIN_ROW('X'),  [']'] = 1,          ['^'] = 1,
    ['_'] = 1,          ZF_PLAIN_ROW('`'),  ZF_PLAIN_ROW('d'),
    ZF_PLAIN_ROW('h'),  ZF_PLAIN_ROW('l'),  ZF_PLAIN_ROW('p'),
    ZF_PLAIN_ROW('t'),  ZF_PLAIN_ROW('x'),  ['|'] = 1,
    ['}'] = 1,          ['~'] = 1,          ZF_PLAIN_ROW(0x80),
    ZF_PLAIN_ROW(0x84), ZF_PLAIN_ROW(0x88), ZF_PLAIN_ROW(0x8c),
    ZF_PLAIN_ROW(0x90), ZF_PLAIN_ROW(0x94), ZF_PLAIN_ROW(0x98),
    ZF_PLAIN_ROW(0x9c), ZF_PLAIN_ROW(0xa0), ZF_PLAIN_ROW(0xa4),
    ZF_PLAIN_ROW(0xa8), ZF_PLAIN_ROW(0xac), ZF_PLAIN_ROW(0xb0),
    ZF_PLAIN_ROW(0xb4), ZF_PLAIN_ROW(0xb8), ZF_PLAIN_ROW(0xbc),
    ZF_PLAIN_ROW(0xc0), ZF_PLAIN_ROW(0xc4), ZF_PLAIN_ROW(0xc8),
    ZF_PLAIN_ROW(0xcc), ZF_PLAIN_ROW(0xd0), ZF_PLAIN_ROW(0xd4),
    ZF_PLAIN_ROW(0xd8), ZF_PLAIN_ROW(0xdc), ZF_PLAIN_ROW(0xe0),
    ZF_PLAIN_ROW(0xe4), ZF_PLAIN_ROW(0xe8), ZF_PLAIN_ROW(0xec),
    ZF_PLAIN_ROW(0xf0), ZF_PLAIN_ROW(0xf4), ZF_PLAIN_ROW(0xf8),
    ZF_PLAIN_ROW(0xfc),
};
#undef ZF_PLAIN_ROW

static int
tok_push(struct th_zonefile *zf, size_t off, size_t len, unsigned long line,
         bool quoted)
{
	if (zf->ntok == zf->tokcap) {
		size_t nc = zf->tokcap ? zf->tokcap * 2 : 64;
		struct zf_tok *nt = realloc(zf->toks, nc * sizeof(*nt));

		if (nt == NULL)
			return TH_ENOMEM;
		zf->toks = nt;
		zf->tokcap = nc;
	}
	zf->toks[zf->ntok++] = (struct zf_tok){
	    (uint32_t)off, (uint32_t)len, (uint32_t)line, quoted ? 1u : 0u};
	return 0;
}

static void
entry_error(struct th_zonefile *zf, enum th_zonefile_reason r,
            unsigned long line)
{
	if (zf->entry_err == TH_ZONEFILE_OK) {
		zf->entry_err = r;
		zf->entry_err_line = line;
		zf->entry_err_tok = zf->ntok;
	}
}

/*
 * The next byte of the source, reading more when needed: 0..255, -1 at
 * the end of the input, or a status below -1 (-2 - status is not used;
 * the status is left in *st).
 */
static inline int
src_peek(struct zf_src *s, int *st)
{
	int rc;

	if (s->pos < s->end)
		return (unsigned char)s->buf[s->pos];
	rc = src_fill(s);
	if (rc > 0)
		return (unsigned char)s->buf[s->pos];
	*st = rc;
	return -1;
}

/*
 * A whole entry was scanned. The length limit is checked here too, and
 * not only when the buffer runs dry, so that where the read blocks fall
 * never decides whether a record is accepted.
 */
static enum scan_result
entry_done(struct th_zonefile *zf, int *status,
           enum th_zonefile_reason *fatal_r)
{
	struct zf_src *s = zf->src;

	if (s->pos - s->start > TH_ZONEFILE_MAXENTRY) {
		zf->fatal_line = zf->ntok > 0 ? zf->toks[0].line : s->line;
		*fatal_r = TH_ZONEFILE_FATAL_TOO_LONG;
		*status = TH_ESYNTAX;
		return SCAN_FATAL;
	}
	return SCAN_ENTRY;
}

/*
 * Scan one entry (a record or directive, all of its lines) into zf->toks.
 * Token offsets are relative to s->start, which stays put while the entry
 * is scanned (src_fill moves the bytes, not the offsets).
 */
static enum scan_result
scan_entry(struct th_zonefile *zf, int *status,
           enum th_zonefile_reason *fatal_r)
{
	struct zf_src *s = zf->src;
	unsigned paren = 0;
	unsigned long paren_line = 0;
	int c, st = 0;
	bool at_line_start = true;

	zf->ntok = 0;
	zf->fatal_line = s->line;
	zf->blank_owner = false;
	zf->entry_err = TH_ZONEFILE_OK;
	zf->entry_err_tok = SIZE_MAX;
	s->start = s->pos;
	for (;;) {
		c = src_peek(s, &st);
		if (c < 0)
			break;
		if (c == '\n') {
			s->pos++;
			s->line++;
			zf->st.lines++;
			if (paren == 0) {
				if (zf->ntok > 0 ||
				    zf->entry_err != TH_ZONEFILE_OK)
					return entry_done(zf, status, fatal_r);
				/* An empty line: the entry starts anew. */
				s->start = s->pos;
				zf->blank_owner = false;
			}
			at_line_start = true;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			if (at_line_start && zf->ntok == 0 && paren == 0 &&
			    c != '\r')
				zf->blank_owner = true;
			at_line_start = false;
			s->pos++;
			continue;
		}
		at_line_start = false;
		if (c == ';') {
			/* A comment runs to the end of the line. */
			for (;;) {
				char *nl = memchr(s->buf + s->pos, '\n',
				                  s->end - s->pos);

				if (nl != NULL) {
					s->pos = (size_t)(nl - s->buf);
					break;
				}
				s->pos = s->end;
				/* Nothing of an empty entry need be kept. */
				if (zf->ntok == 0 && paren == 0)
					s->start = s->pos;
				if (src_peek(s, &st) < 0)
					break;
			}
			continue;
		}
		if (c == '(') {
			if (paren > 0)
				entry_error(zf, TH_ZONEFILE_BAD_PAREN, s->line);
			paren++;
			paren_line = s->line;
			s->pos++;
			continue;
		}
		if (c == ')') {
			if (paren == 0)
				entry_error(zf, TH_ZONEFILE_BAD_PAREN, s->line);
			else
				paren--;
			s->pos++;
			continue;
		}
		if (c == '"') {
			size_t off;
			unsigned long line = s->line;

			s->pos++;
			off = s->pos - s->start;
			for (;;) {
				c = src_peek(s, &st);
				if (c < 0 || c == '"' || c == '\n')
					break;
				if (c == '\\') {
					s->pos++;
					c = src_peek(s, &st);
					if (c < 0)
						break;
					if (c == '\n')
						break;
				}
				s->pos++;
			}
			if (c < 0) {
				if (st != 0)
					break;
				*fatal_r = TH_ZONEFILE_FATAL_OPEN_QUOTE;
				zf->fatal_line = line;
				*status = TH_ESYNTAX;
				return SCAN_FATAL;
			}
			if (c == '\n')
				entry_error(zf, TH_ZONEFILE_BAD_STRING, line);
			if (tok_push(zf, off, s->pos - s->start - off, line,
			             true) != 0) {
				*status = TH_ENOMEM;
				*fatal_r = TH_ZONEFILE_FATAL_IO;
				return SCAN_FATAL;
			}
			if (c == '"')
				s->pos++;
			continue;
		}
		/* A plain token: up to a delimiter, escapes kept as written. */
		{
			size_t off = s->pos - s->start;
			unsigned long line = s->line;

			for (;;) {
				/* The common case: a run of plain octets. */
				const unsigned char *b =
				    (const unsigned char *)s->buf;
				size_t p = s->pos, e = s->end;

				while (p < e && plain_octet[b[p]])
					p++;
				s->pos = p;
				c = src_peek(s, &st);
				if (c < 0 || c == ' ' || c == '\t' ||
				    c == '\n' || c == '\r' || c == ';' ||
				    c == '(' || c == ')' || c == '"')
					break;
				if (c == '\\') {
					s->pos++;
					c = src_peek(s, &st);
					if (c < 0)
						break;
					if (c == '\n') {
						/* An escaped newline ends
						 * nothing but is no text. */
						entry_error(
						    zf, TH_ZONEFILE_BAD_ESCAPE,
						    line);
						break;
					}
				} else if (c < 0x20 || c == 0x7f) {
					entry_error(zf,
					            TH_ZONEFILE_BAD_CHARACTER,
					            s->line);
				}
				s->pos++;
			}
			if (tok_push(zf, off, s->pos - s->start - off, line,
			             false) != 0) {
				*status = TH_ENOMEM;
				*fatal_r = TH_ZONEFILE_FATAL_IO;
				return SCAN_FATAL;
			}
			if (c < 0 && st != 0)
				break;
		}
	}
	/* The end of the input, or a read failure. */
	zf->fatal_line = s->line;
	if (st != 0) {
		*status = st == TH_ETOOBIG ? TH_ESYNTAX : st;
		*fatal_r = st == TH_ETOOBIG ? TH_ZONEFILE_FATAL_TOO_LONG
		                            : TH_ZONEFILE_FATAL_IO;
		return SCAN_FATAL;
	}
	if (s->pos > s->start && s->buf[s->pos - 1] != '\n')
		zf->st.lines++;
	if (paren > 0) {
		zf->fatal_line = paren_line;
		*fatal_r = TH_ZONEFILE_FATAL_OPEN_PAREN;
		*status = TH_ESYNTAX;
		return SCAN_FATAL;
	}
	if (zf->ntok > 0 || zf->entry_err != TH_ZONEFILE_OK)
		return entry_done(zf, status, fatal_r);
	return SCAN_EOF;
}

/* ---- entries ------------------------------------------------------------ */

static int
words_make(struct th_zonefile *zf)
{
	struct zf_src *s = zf->src;

	if (zf->wordcap < zf->ntok) {
		struct zf_word *nw =
		    realloc(zf->words, zf->tokcap * sizeof(*nw));

		if (nw == NULL)
			return TH_ENOMEM;
		zf->words = nw;
		zf->wordcap = zf->tokcap;
	}
	for (size_t i = 0; i < zf->ntok; i++) {
		const struct zf_tok *t = &zf->toks[i];

		zf->words[i] =
		    (struct zf_word){s->buf + s->start + t->off, t->len,
		                     t->line, t->quoted != 0};
	}
	return 0;
}

static const struct th_dname *
cur_origin(const struct th_zonefile *zf)
{
	return zf->has_origin ? &zf->origin : NULL;
}

static bool
class_parse(const struct zf_word *w, uint16_t *out)
{
	if (w->quoted || w->len < 2)
		return false;
	if (w->len == 2 && (w->p[0] | 0x20) == 'i' && (w->p[1] | 0x20) == 'n')
		*out = 1;
	else if (tok_is(w->p, w->len, "CH"))
		*out = 3;
	else if (tok_is(w->p, w->len, "HS"))
		*out = 4;
	else if (tok_is(w->p, w->len, "CS"))
		*out = 2;
	else if (!parse_prefixed(w->p, w->len, "CLASS", out))
		return false;
	return true;
}

static bool
ttl_parse(const struct zf_word *w, uint32_t *out)
{
	return parse_period(w->p, w->len, 2147483647u, out);
}

/* Join a path relative to the directory of the including file. */
static char *
include_path(const char *includer, const char *p, size_t len)
{
	const char *slash = strrchr(includer, '/');
	size_t dlen =
	    p[0] == '/' || slash == NULL ? 0 : (size_t)(slash - includer) + 1;
	char *out = malloc(dlen + len + 1);

	if (out == NULL)
		return NULL;
	memcpy(out, includer, dlen);
	memcpy(out + dlen, p, len);
	out[dlen + len] = '\0';
	return out;
}

static int
directive(struct th_zonefile *zf)
{
	const struct zf_word *w = zf->words;
	size_t n = zf->ntok;
	struct th_dname d;
	enum th_dname_reason why;
	enum th_zonefile_reason r;
	uint32_t ttl;

	if (tok_is(w[0].p, w[0].len, "$ORIGIN")) {
		if (n != 2) {
			skip(zf, w[0].line, TH_ZONEFILE_BAD_DIRECTIVE, w[0].p,
			     w[0].len, n < 2 ? "missing name" : "extra field");
			return 0;
		}
		r = name_parse(&d, w[1].p, w[1].len, cur_origin(zf), &why,
		               TH_ZONEFILE_BAD_NAME);
		if (r != TH_ZONEFILE_OK || w[1].quoted) {
			skip(zf, w[1].line,
			     r != TH_ZONEFILE_OK ? r : TH_ZONEFILE_BAD_NAME,
			     w[1].p, w[1].len, th_dname_reason_name(why));
			return 0;
		}
		zf->origin = d;
		zf->has_origin = true;
		zf->origin_gen++;
		return 0;
	}
	if (tok_is(w[0].p, w[0].len, "$TTL")) {
		if (n != 2) {
			skip(zf, w[0].line, TH_ZONEFILE_BAD_DIRECTIVE, w[0].p,
			     w[0].len, n < 2 ? "missing TTL" : "extra field");
			return 0;
		}
		if (!ttl_parse(&w[1], &ttl)) {
			skip(zf, w[1].line, TH_ZONEFILE_BAD_TTL, w[1].p,
			     w[1].len, NULL);
			return 0;
		}
		zf->dollar_ttl = ttl;
		zf->has_dollar_ttl = true;
		return 0;
	}
	if (tok_is(w[0].p, w[0].len, "$INCLUDE")) {
		struct zf_src *ns;
		char *path;
		int fd;

		if (!(zf->conf.flags & TH_ZONEFILE_ALLOW_INCLUDE)) {
			skip(zf, w[0].line, TH_ZONEFILE_INCLUDE_REFUSED,
			     n > 1 ? w[1].p : w[0].p, n > 1 ? w[1].len : 0,
			     NULL);
			return 0;
		}
		if (n < 2 || n > 3) {
			skip(zf, w[0].line, TH_ZONEFILE_BAD_DIRECTIVE, w[0].p,
			     w[0].len, n < 2 ? "missing file" : "extra field");
			return 0;
		}
		if (zf->src->depth + 1 > TH_ZONEFILE_MAXDEPTH) {
			skip(zf, w[0].line, TH_ZONEFILE_INCLUDE_DEPTH, w[1].p,
			     w[1].len, NULL);
			return 0;
		}
		d = zf->origin;
		if (n == 3) {
			r = name_parse(&d, w[2].p, w[2].len, cur_origin(zf),
			               &why, TH_ZONEFILE_BAD_NAME);
			if (r != TH_ZONEFILE_OK) {
				skip(zf, w[2].line, r, w[2].p, w[2].len,
				     th_dname_reason_name(why));
				return 0;
			}
		}
		if (memchr(w[1].p, '\0', w[1].len) != NULL ||
		    (path = include_path(zf->src->name, w[1].p, w[1].len)) ==
		        NULL) {
			skip(zf, w[1].line, TH_ZONEFILE_INCLUDE_FAILED, w[1].p,
			     w[1].len, NULL);
			return 0;
		}
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			skip(zf, w[1].line, TH_ZONEFILE_INCLUDE_FAILED, path,
			     strlen(path), strerror(errno));
			free(path);
			return 0;
		}
		ns = src_new(SRC_FD, path);
		free(path);
		if (ns == NULL) {
			close(fd);
			return TH_ENOMEM;
		}
		ns->fd = fd;
		ns->own_fd = true;
		ns->depth = zf->src->depth + 1;
		ns->saved_origin = zf->origin;
		ns->saved_has_origin = zf->has_origin;
		ns->saved_owner = zf->owner;
		ns->saved_has_owner = zf->has_owner;
		/* The includer's entry is done: its bytes may go. */
		zf->src->start = zf->src->pos;
		ns->up = zf->src;
		zf->src = ns;
		if (n == 3 || zf->has_origin) {
			zf->origin = d;
			zf->has_origin = true;
		}
		zf->origin_gen++;
		zf->st.includes++;
		return 0;
	}
	skip(zf, w[0].line, TH_ZONEFILE_BAD_DIRECTIVE, w[0].p, w[0].len, NULL);
	return 0;
}

/* Parse the entry as a record into zf->rr. Returns true when it is one. */
static bool
record(struct th_zonefile *zf)
{
	const struct zf_word *w = zf->words;
	size_t n = zf->ntok, i = 0;
	enum th_dname_reason why;
	enum th_zonefile_reason r;
	uint32_t ttl = 0;
	uint16_t rclass = 0, type;
	bool has_ttl = false, has_class = false;
	const struct zf_type *t;
	struct zf_rd rd;

	if (zf->blank_owner) {
		if (!zf->has_owner) {
			skip(zf, w[0].line, TH_ZONEFILE_NO_OWNER, w[0].p,
			     w[0].len, NULL);
			return false;
		}
	} else {
		if (w[0].quoted) {
			skip(zf, w[0].line, TH_ZONEFILE_BAD_OWNER, w[0].p,
			     w[0].len, NULL);
			return false;
		}
		/*
		 * Most owners in a big zone repeat the previous one's text:
		 * skip parsing it again under the same origin.
		 */
		if (!(zf->has_owner && zf->owner_gen == zf->origin_gen &&
		      zf->owner_text_len == w[0].len &&
		      memcmp(zf->owner_text, w[0].p, w[0].len) == 0)) {
			r = name_parse(&zf->owner, w[0].p, w[0].len,
			               cur_origin(zf), &why,
			               TH_ZONEFILE_BAD_OWNER);
			if (r != TH_ZONEFILE_OK) {
				zf->has_owner = false;
				skip(zf, w[0].line, r, w[0].p, w[0].len,
				     why != TH_DNAME_OK
				         ? th_dname_reason_name(why)
				         : NULL);
				return false;
			}
			zf->has_owner = true;
			if (w[0].len < sizeof(zf->owner_text)) {
				memcpy(zf->owner_text, w[0].p, w[0].len);
				zf->owner_text_len = w[0].len;
				zf->owner_gen = zf->origin_gen;
			} else {
				zf->owner_text_len = SIZE_MAX;
			}
		}
		i = 1;
	}
	/* TTL and class, in either order. */
	for (unsigned k = 0; k < 2 && i < n; k++) {
		if (!w[i].quoted && w[i].len > 0 &&
		    is_digit((unsigned char)w[i].p[0]) && !has_ttl) {
			if (!ttl_parse(&w[i], &ttl)) {
				skip(zf, w[i].line, TH_ZONEFILE_BAD_TTL, w[i].p,
				     w[i].len, NULL);
				return false;
			}
			has_ttl = true;
			i++;
		} else if (!has_class && class_parse(&w[i], &rclass)) {
			has_class = true;
			i++;
		}
	}
	if (i >= n) {
		skip(zf, w[n - 1].line, TH_ZONEFILE_NO_TYPE, w[n - 1].p,
		     w[n - 1].len, NULL);
		return false;
	}
	t = type_find(w[i].p, w[i].len);
	if (t != NULL) {
		type = t->type;
	} else if (!w[i].quoted &&
	           parse_prefixed(w[i].p, w[i].len, "TYPE", &type)) {
		t = type_by_number(type);
	} else {
		skip(zf, w[i].line,
		     w[i].len > 0 && is_digit((unsigned char)w[i].p[0])
		         ? TH_ZONEFILE_BAD_TTL
		         : TH_ZONEFILE_UNKNOWN_TYPE,
		     w[i].p, w[i].len, NULL);
		return false;
	}
	i++;
	if (!has_ttl) {
		if (zf->has_dollar_ttl)
			ttl = zf->dollar_ttl;
		else if (zf->has_last_ttl)
			ttl = zf->last_ttl;
		else if (zf->conf.default_ttl != 0)
			ttl = zf->conf.default_ttl;
		else {
			skip(zf, w[0].line, TH_ZONEFILE_NO_TTL, w[0].p,
			     w[0].len, NULL);
			return false;
		}
	}
	if (!has_class)
		rclass = zf->last_class != 0 ? zf->last_class : TH_CLASS_IN;

	memset(&rd, 0, sizeof(rd));
	rd.w = w;
	rd.n = n;
	rd.i = i;
	rd.origin = cur_origin(zf);
	th_wcursor_init(&rd.out, zf->rdata, sizeof(zf->rdata));
	if (!rd_convert(&rd, t)) {
		unsigned long line = rd.line ? rd.line : w[i - 1].line;

		if (rd.detail == NULL) {
			rd.detail = w[i - 1].p;
			rd.detail_len = w[i - 1].len;
		}
		skip(zf, line, rd.reason, rd.detail, rd.detail_len,
		     rd.reason == TH_ZONEFILE_BAD_NAME
		         ? th_dname_reason_name(rd.why)
		         : NULL);
		return false;
	}
	if (has_ttl) {
		zf->last_ttl = ttl;
		zf->has_last_ttl = true;
	}
	zf->last_class = rclass;
	zf->rr.owner = zf->owner;
	zf->rr.type = type;
	zf->rr.rclass = rclass;
	zf->rr.ttl = ttl;
	zf->rr.rdlen = (uint16_t)th_wcursor_pos(&rd.out);
	zf->rr.rdata = zf->rdata;
	zf->rr.file = zf->src->name;
	zf->rr.line = w[0].line;
	return true;
}

/* The included source ended: back to the includer. */
static void
src_pop(struct th_zonefile *zf)
{
	struct zf_src *s = zf->src;

	zf->src = s->up;
	zf->origin = s->saved_origin;
	zf->has_origin = s->saved_has_origin;
	zf->owner = s->saved_owner;
	zf->has_owner = s->saved_has_owner;
	zf->origin_gen++;
	zf->st.bytes += s->bytes;
	src_free(s);
}

int
th_zonefile_next(struct th_zonefile *zf, const struct th_zonefile_rr **rr)
{
	*rr = NULL;
	if (zf->fatal != 0)
		return zf->fatal;
	for (;;) {
		enum th_zonefile_reason fr = TH_ZONEFILE_OK;
		int st = 0, rc;
		enum scan_result sr = scan_entry(zf, &st, &fr);

		if (sr == SCAN_FATAL) {
			char d[64];

			snprintf(d, sizeof(d), "%s",
			         st == TH_ESYNTAX || st == TH_ENOMEM
			             ? ""
			             : th_strerror(st));
			return fatal(zf, fr, st, d);
		}
		if (sr == SCAN_EOF) {
			if (zf->src->up == NULL)
				return 0;
			src_pop(zf);
			continue;
		}
		if ((rc = words_make(zf)) != 0)
			return fatal(zf, TH_ZONEFILE_FATAL_IO, rc, "");
		if (zf->entry_err != TH_ZONEFILE_OK) {
			size_t k = zf->entry_err_tok < zf->ntok
			               ? zf->entry_err_tok
			               : zf->ntok - (zf->ntok > 0);
			const struct zf_word *w =
			    zf->ntok > 0 ? &zf->words[k] : NULL;

			skip(zf, zf->entry_err_line, zf->entry_err,
			     w ? w->p : "", w ? w->len : 0, NULL);
			continue;
		}
		if (!zf->blank_owner && zf->words[0].len > 0 &&
		    zf->words[0].p[0] == '$' && !zf->words[0].quoted) {
			if ((rc = directive(zf)) != 0)
				return fatal(zf, TH_ZONEFILE_FATAL_IO, rc, "");
			continue;
		}
		if (record(zf)) {
			zf->st.records++;
			*rr = &zf->rr;
			return 0;
		}
	}
}

/* ---- open / close ------------------------------------------------------- */

static int
zf_new(struct th_zonefile **out, struct zf_src *s,
       const struct th_zonefile_conf *conf)
{
	struct th_zonefile *zf;

	if (s == NULL)
		return TH_ENOMEM;
	if ((zf = calloc(1, sizeof(*zf))) == NULL) {
		src_free(s);
		return TH_ENOMEM;
	}
	if (conf != NULL)
		zf->conf = *conf;
	if (zf->conf.origin != NULL) {
		zf->origin = *zf->conf.origin;
		zf->has_origin = true;
	}
	zf->src = s;
	*out = zf;
	return 0;
}

int
th_zonefile_open(struct th_zonefile **out, const char *path,
                 const struct th_zonefile_conf *conf)
{
	struct zf_src *s;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return th_from_errno(errno);
	if ((s = src_new(SRC_FD, path)) == NULL) {
		close(fd);
		return TH_ENOMEM;
	}
	s->fd = fd;
	s->own_fd = true;
	return zf_new(out, s, conf);
}

int
th_zonefile_open_fd(struct th_zonefile **out, int fd, const char *name,
                    const struct th_zonefile_conf *conf)
{
	struct zf_src *s = src_new(SRC_FD, name);

	if (s != NULL)
		s->fd = fd;
	return zf_new(out, s, conf);
}

int
th_zonefile_open_fp(struct th_zonefile **out, FILE *fp, const char *name,
                    const struct th_zonefile_conf *conf)
{
	struct zf_src *s = src_new(SRC_FP, name);

	if (s != NULL)
		s->fp = fp;
	return zf_new(out, s, conf);
}

int
th_zonefile_open_mem(struct th_zonefile **out, const void *data, size_t len,
                     const char *name, const struct th_zonefile_conf *conf)
{
	struct zf_src *s = src_new(SRC_MEM, name);

	if (s != NULL) {
		s->mem = data;
		s->memlen = len;
	}
	return zf_new(out, s, conf);
}

void
th_zonefile_stats(const struct th_zonefile *zf, struct th_zonefile_stats *out)
{
	*out = zf->st;
	for (const struct zf_src *s = zf->src; s != NULL; s = s->up)
		out->bytes += s->bytes;
}

void
th_zonefile_destroy(struct th_zonefile **zfp)
{
	struct th_zonefile *zf;

	if (zfp == NULL || (zf = *zfp) == NULL)
		return;
	while (zf->src != NULL) {
		struct zf_src *up = zf->src->up;

		src_free(zf->src);
		zf->src = up;
	}
	free(zf->toks);
	free(zf->words);
	free(zf);
	*zfp = NULL;
}

/* ---- delegations -------------------------------------------------------- */

/*
 * The collected zone. One node per owner name that matters (NS, DS, A or
 * AAAA owners, and every NS target, so that glue is found by following a
 * pointer), in one hash table; items are the node's records, newest first.
 * Everything lives in one region: a few hundred MiB for 1.5 million
 * delegations come in 1 MiB chunks, not in millions of mallocs.
 */
struct dl_item {
	struct dl_item *next;
	uint32_t ttl;
	uint16_t type;
	uint16_t len;
	uint8_t data[]; /* NS: a struct dl_node pointer; else the RDATA */
};

#define DL_HAS_NS 0x01u
#define DL_LISTED 0x02u /* in the order array */
#define DL_DELEG 0x04u  /* yielded: below the origin, not occluded */

struct dl_node {
	struct th_hash_node hn;
	struct dl_item *items;
	uint8_t flags;
	uint8_t len;
	uint8_t name[]; /* wire form, lower case */
};

struct th_zonefile_delegs {
	struct th_region *region;
	struct th_hash table;
	uint64_t k0, k1;
	struct dl_node *last;   /* the previous record's owner */
	struct dl_node **order; /* NS owners by first appearance */
	size_t norder, ordercap, next;
	struct th_dname origin;
	bool has_origin;
	struct th_zonefile_delegs_stats st;
	/* The delegation being yielded, and its arrays. */
	struct th_zonefile_deleg cur;
	struct th_dname *ns;
	size_t nscap;
	struct th_zonefile_glue *glue;
	size_t gluecap;
	struct th_zonefile_ds *ds;
	size_t dscap;
};

static struct dl_node *
dl_lookup(struct th_zonefile_delegs *dl, const uint8_t *name, size_t len,
          uint64_t h)
{
	for (struct th_hash_node *n = th_hash_first(&dl->table, h); n != NULL;
	     n = th_hash_next(n)) {
		struct dl_node *d = (struct dl_node *)n;

		if (d->len == len && memcmp(d->name, name, len) == 0)
			return d;
	}
	return NULL;
}

/* The node of a (lower-case) name, created when missing. */
static struct dl_node *
dl_get(struct th_zonefile_delegs *dl, const struct th_dname *name)
{
	uint64_t h = th_hash_sip(name->wire, name->len, dl->k0, dl->k1);
	struct dl_node *d = dl_lookup(dl, name->wire, name->len, h);

	if (d != NULL)
		return d;
	d = th_region_alloc(dl->region, sizeof(*d) + name->len);
	if (d == NULL)
		return NULL;
	d->items = NULL;
	d->flags = 0;
	d->len = name->len;
	memcpy(d->name, name->wire, name->len);
	th_hash_insert(&dl->table, &d->hn, h);
	return d;
}

static struct dl_node *
dl_find(struct th_zonefile_delegs *dl, const struct th_dname *name)
{
	uint64_t h = th_hash_sip(name->wire, name->len, dl->k0, dl->k1);

	return dl_lookup(dl, name->wire, name->len, h);
}

static void
dl_node_name(const struct dl_node *d, struct th_dname *out)
{
	out->len = d->len;
	memcpy(out->wire, d->name, d->len);
}

static int
dl_add(struct th_zonefile_delegs *dl, const struct th_zonefile_rr *rr)
{
	struct th_dname owner = rr->owner;
	struct dl_node *d, *target = NULL;
	struct dl_item *it;
	size_t dlen;

	th_dname_canonicalize(&owner);
	if (rr->type == TH_T_NS) {
		struct th_dname ns;

		if (th_dname_from_wire(&ns, rr->rdata, rr->rdlen, NULL) != 0)
			return 0;
		th_dname_canonicalize(&ns);
		if ((target = dl_get(dl, &ns)) == NULL)
			return TH_ENOMEM;
		dlen = sizeof(target);
	} else {
		dlen = rr->rdlen;
	}
	/* Records of one owner mostly come together: skip the lookup. */
	if (dl->last != NULL && dl->last->len == owner.len &&
	    memcmp(dl->last->name, owner.wire, owner.len) == 0)
		d = dl->last;
	else if ((d = dl_get(dl, &owner)) == NULL)
		return TH_ENOMEM;
	dl->last = d;
	if ((it = th_region_alloc(dl->region, sizeof(*it) + dlen)) == NULL)
		return TH_ENOMEM;
	it->ttl = rr->ttl;
	it->type = rr->type;
	it->len = (uint16_t)dlen;
	if (target != NULL)
		memcpy(it->data, &target, sizeof(target));
	else
		memcpy(it->data, rr->rdata, dlen);
	it->next = d->items;
	d->items = it;
	if (rr->type == TH_T_NS)
		d->flags |= DL_HAS_NS;
	/*
	 * NS and DS owners are listed in order of first appearance; the
	 * list is what the iterator and the counters walk, so that nothing
	 * needs a pass over the whole table.
	 */
	if (rr->type == TH_T_NS || rr->type == TH_T_DS) {
		if (!(d->flags & DL_LISTED)) {
			if (dl->norder == dl->ordercap) {
				size_t nc =
				    dl->ordercap ? dl->ordercap * 2 : 1024;
				struct dl_node **no =
				    realloc(dl->order, nc * sizeof(*no));

				if (no == NULL)
					return TH_ENOMEM;
				dl->order = no;
				dl->ordercap = nc;
			}
			dl->order[dl->norder++] = d;
			d->flags |= DL_LISTED;
		}
	}
	return 0;
}

/* True when a name between d and the origin has NS records. */
static bool
dl_occluded(struct th_zonefile_delegs *dl, const struct th_dname *name)
{
	struct th_dname p = *name;
	unsigned stop = th_dname_labels(&dl->origin);

	while (th_dname_labels(&p) > stop + 1) {
		struct dl_node *up;

		if (th_dname_parent(&p, &p) != 0)
			break;
		up = dl_find(dl, &p);
		if (up != NULL && (up->flags & DL_HAS_NS))
			return true;
	}
	return false;
}

static bool
dl_below(const struct th_zonefile_delegs *dl, const struct th_dname *name)
{
	return !th_dname_equal(name, &dl->origin) &&
	       th_dname_is_subdomain(name, &dl->origin);
}

/* Classify every NS owner once the origin is known, and count. */
static void
dl_classify(struct th_zonefile_delegs *dl)
{
	for (size_t i = 0; i < dl->norder; i++) {
		struct dl_node *d = dl->order[i];
		struct th_dname name;
		uint64_t nds = 0, nns = 0;

		dl_node_name(d, &name);
		if (!(d->flags & DL_HAS_NS)) {
			if (dl_below(dl, &name))
				dl->st.orphan_ds++;
			continue;
		}
		if (th_dname_equal(&name, &dl->origin)) {
			for (struct dl_item *it = d->items; it; it = it->next)
				dl->st.apex_ns += it->type == TH_T_NS;
			continue;
		}
		if (!th_dname_is_subdomain(&name, &dl->origin))
			continue;
		if (dl_occluded(dl, &name)) {
			dl->st.occluded++;
			continue;
		}
		d->flags |= DL_DELEG;
		for (struct dl_item *it = d->items; it != NULL; it = it->next) {
			nns += it->type == TH_T_NS;
			nds += it->type == TH_T_DS;
		}
		dl->st.delegations++;
		dl->st.ns_records += nns;
		dl->st.ds_records += nds;
		dl->st.with_ds += nds > 0;
	}
}

/*
 * Glue, when the origin was not known while reading (it came from a SOA
 * after address records): a pass over every node.
 */
static void
dl_count_glue(struct th_hash_node *n, void *arg)
{
	struct th_zonefile_delegs *dl = arg;
	struct dl_node *d = (struct dl_node *)n;
	struct th_dname name;
	uint64_t addrs = 0;

	for (struct dl_item *it = d->items; it != NULL; it = it->next)
		addrs += it->type == TH_T_A || it->type == TH_T_AAAA;
	if (addrs == 0)
		return;
	dl_node_name(d, &name);
	if (dl_below(dl, &name))
		dl->st.glue += addrs;
}

/*
 * Buckets to start the table with: a TLD zone holds a name worth keeping
 * per 128 octets or more, so a regular file's size bounds the table
 * without growing it several times over millions of nodes.
 */
static size_t
size_hint(const struct th_zonefile *zf)
{
	struct stat sb;
	size_t n = 1u << 10;

	if (zf->src->kind == SRC_FD && fstat(zf->src->fd, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && (uint64_t)sb.st_size / 128 > n)
		n = (size_t)((uint64_t)sb.st_size / 128);
	if (zf->src->kind == SRC_MEM && zf->src->memlen / 128 > n)
		n = zf->src->memlen / 128;
	/* 16 Mi buckets (128 MiB) at most; beyond, the table grows. */
	return n < (1u << 24) ? n : (1u << 24);
}

int
th_zonefile_delegs_read(struct th_zonefile_delegs **out, struct th_zonefile *zf,
                        const struct th_dname *origin)
{
	struct th_zonefile_delegs *dl;
	struct th_secrand rnd;
	const struct th_zonefile_rr *rr;
	struct th_region_stats rs;
	bool early_addr = false; /* address records before the origin */
	size_t hint;
	int rc;

	if ((dl = calloc(1, sizeof(*dl))) == NULL)
		return TH_ENOMEM;
	/*
	 * 1 MiB chunks for a big zone (few mallocs, little waste at the
	 * tail), 64 KiB for a small one.
	 */
	hint = size_hint(zf);
	if ((dl->region = th_region_create(
	         hint > (1u << 14) ? 1u << 20 : 1u << 16, 0)) == NULL ||
	    th_hash_init(&dl->table, hint) != 0) {
		th_zonefile_delegs_destroy(&dl);
		return TH_ENOMEM;
	}
	th_secrand_init(&rnd);
	dl->k0 = th_secrand_u64(&rnd);
	dl->k1 = th_secrand_u64(&rnd);
	if (origin != NULL) {
		dl->origin = *origin;
		th_dname_canonicalize(&dl->origin);
		dl->has_origin = true;
	}
	for (;;) {
		if ((rc = th_zonefile_next(zf, &rr)) != 0) {
			th_zonefile_delegs_destroy(&dl);
			return rc;
		}
		if (rr == NULL)
			break;
		if (rr->type == TH_T_SOA && !dl->has_origin) {
			dl->origin = rr->owner;
			th_dname_canonicalize(&dl->origin);
			dl->has_origin = true;
		}
		if (dl->has_origin &&
		    !th_dname_is_subdomain(&rr->owner, &dl->origin)) {
			dl->st.out_of_zone++;
			continue;
		}
		if (rr->type == TH_T_SOA &&
		    th_dname_equal(&rr->owner, &dl->origin))
			dl->st.soa++;
		if (rr->type != TH_T_NS && rr->type != TH_T_DS &&
		    rr->type != TH_T_A && rr->type != TH_T_AAAA)
			continue;
		if ((rc = dl_add(dl, rr)) != 0) {
			th_zonefile_delegs_destroy(&dl);
			return rc;
		}
		if ((rr->type == TH_T_A || rr->type == TH_T_AAAA) &&
		    dl->has_origin && !early_addr &&
		    !th_dname_equal(&rr->owner, &dl->origin))
			dl->st.glue++;
		else if (rr->type == TH_T_A || rr->type == TH_T_AAAA)
			early_addr |= !dl->has_origin;
	}
	th_zonefile_stats(zf, &dl->st.file);
	if (!dl->has_origin) {
		th_zonefile_delegs_destroy(&dl);
		return TH_ENOTFOUND;
	}
	dl_classify(dl);
	if (early_addr) {
		dl->st.glue = 0;
		th_hash_foreach(&dl->table, dl_count_glue, dl);
	}
	th_region_stats(dl->region, &rs);
	dl->st.memory = rs.footprint +
	                (dl->table.mask + 1) * sizeof(*dl->table.buckets) +
	                dl->ordercap * sizeof(*dl->order);
	*out = dl;
	return 0;
}

/*
 * A scratch array with room for n elements (at least one): arr itself,
 * or a larger copy; NULL when out of memory (arr is then unchanged).
 */
static void *
grow(void *arr, size_t *cap, size_t n, size_t size)
{
	size_t nc;
	void *na;

	if (n <= *cap && arr != NULL)
		return arr;
	nc = *cap ? *cap : 8;
	while (nc < n)
		nc *= 2;
	if ((na = realloc(arr, nc * size)) == NULL)
		return NULL;
	*cap = nc;
	return na;
}

int
th_zonefile_delegs_next(struct th_zonefile_delegs *dl,
                        const struct th_zonefile_deleg **out)
{
	struct dl_node *d = NULL;
	unsigned nns = 0, nds = 0, nglue = 0, k;
	void *p;

	*out = NULL;
	while (dl->next < dl->norder) {
		d = dl->order[dl->next++];
		if (d->flags & DL_DELEG)
			break;
		d = NULL;
	}
	if (d == NULL)
		return 0;
	for (struct dl_item *it = d->items; it != NULL; it = it->next) {
		nns += it->type == TH_T_NS;
		nds += it->type == TH_T_DS;
	}
	if ((p = grow(dl->ns, &dl->nscap, nns, sizeof(*dl->ns))) == NULL)
		return TH_ENOMEM;
	dl->ns = p;
	if ((p = grow(dl->ds, &dl->dscap, nds, sizeof(*dl->ds))) == NULL)
		return TH_ENOMEM;
	dl->ds = p;
	memset(&dl->cur, 0, sizeof(dl->cur));
	dl_node_name(d, &dl->cur.name);
	/* Items are newest first: fill from the back for file order. */
	k = nns;
	for (struct dl_item *it = d->items; it != NULL; it = it->next) {
		struct dl_node *t;

		if (it->type != TH_T_NS)
			continue;
		memcpy(&t, it->data, sizeof(t));
		dl_node_name(t, &dl->ns[--k]);
		dl->cur.ns_ttl = it->ttl;
	}
	k = nds;
	for (struct dl_item *it = d->items; it != NULL; it = it->next) {
		struct th_zonefile_ds *ds;

		if (it->type != TH_T_DS)
			continue;
		ds = &dl->ds[--k];
		if (it->len < 4) {
			/* Only a generic (\#) DS can be this short. */
			memset(ds, 0, sizeof(*ds));
			continue;
		}
		ds->keytag = (uint16_t)(it->data[0] << 8 | it->data[1]);
		ds->algorithm = it->data[2];
		ds->digest_type = it->data[3];
		ds->digest_len = (uint16_t)(it->len - 4);
		ds->digest = it->data + 4;
	}
	/* Glue: addresses of the NS names below the origin, NS order. */
	for (unsigned i = 0; i < nns; i++) {
		struct dl_node *t;
		unsigned cnt = 0;

		if (!dl_below(dl, &dl->ns[i]))
			continue;
		t = dl_find(dl, &dl->ns[i]);
		if (t == NULL)
			continue;
		for (struct dl_item *it = t->items; it != NULL; it = it->next)
			cnt += (it->type == TH_T_A && it->len == 4) ||
			       (it->type == TH_T_AAAA && it->len == 16);
		p = grow(dl->glue, &dl->gluecap, nglue + cnt,
		         sizeof(*dl->glue));
		if (p == NULL)
			return TH_ENOMEM;
		dl->glue = p;
		nglue += cnt;
		k = nglue;
		for (struct dl_item *it = t->items; it != NULL; it = it->next) {
			struct th_zonefile_glue *g;

			if (!((it->type == TH_T_A && it->len == 4) ||
			      (it->type == TH_T_AAAA && it->len == 16)))
				continue;
			g = &dl->glue[--k];
			g->ns = i;
			g->type = it->type;
			memset(g->addr, 0, sizeof(g->addr));
			memcpy(g->addr, it->data, it->len);
		}
	}
	dl->cur.nns = nns;
	dl->cur.nds = nds;
	dl->cur.nglue = nglue;
	dl->cur.ns = dl->ns;
	dl->cur.ds = dl->ds;
	dl->cur.glue = dl->glue;
	*out = &dl->cur;
	return 0;
}

const struct th_dname *
th_zonefile_delegs_origin(const struct th_zonefile_delegs *dl)
{
	return &dl->origin;
}

void
th_zonefile_delegs_stats(const struct th_zonefile_delegs *dl,
                         struct th_zonefile_delegs_stats *out)
{
	*out = dl->st;
}

void
th_zonefile_delegs_destroy(struct th_zonefile_delegs **dlp)
{
	struct th_zonefile_delegs *dl;

	if (dlp == NULL || (dl = *dlp) == NULL)
		return;
	th_region_destroy(&dl->region);
	if (dl->table.buckets != NULL)
		th_hash_free(&dl->table);
	free(dl->order);
	free(dl->ns);
	free(dl->glue);
	free(dl->ds);
	free(dl);
	*dlp = NULL;
}
