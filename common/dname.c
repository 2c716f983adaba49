/* SPDX-License-Identifier: BSD-3-Clause */
/* dname.c -- domain names in wire format (see dname.h). */
#include "common/dname.h"
#include "common/hash.h"

#include "common/err.h"

#include <assert.h>
#include <string.h>

static const struct {
	const char *name;
	const char *text;
} reason_table[] = {
#define TH_DNAME_REASON_ROW(name, text) {#name, text},
    TH_DNAME_REASON_MAP(TH_DNAME_REASON_ROW)
#undef TH_DNAME_REASON_ROW
};

_Static_assert(sizeof(reason_table) / sizeof(reason_table[0]) ==
                   TH_DNAME__REASONS,
               "reason_table must have one row per th_dname_reason");

/*
 * A cheap check at API entry. Names come from this module's own
 * constructors; a full label walk here would double the cost of the hot
 * comparisons, so only the envelope is checked, and every walk below is
 * also bounded by len.
 */
static void
dname_invariant(const struct th_dname *name)
{
	assert(name != NULL);
	assert(name->len >= 1);
	assert(name->wire[name->len - 1] == 0);
	(void)name;
}

/* ASCII-only lower case: DNS folds A-Z and nothing else (RFC 4343). */
static inline uint8_t
dname_lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c;
}

static inline bool
dname_is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

const char *
th_dname_reason_name(enum th_dname_reason reason)
{
	if ((unsigned)reason >= TH_DNAME__REASONS)
		return "?";
	return reason_table[reason].name;
}

const char *
th_dname_reason_text(enum th_dname_reason reason)
{
	if ((unsigned)reason >= TH_DNAME__REASONS)
		return "unknown reason";
	return reason_table[reason].text;
}

/*
 * Offsets of the labels' length octets, first label first; returns how
 * many there are (root label not counted).
 */
static unsigned
dname_offsets(const struct th_dname *name, uint8_t off[TH_DNAME_MAXLABELS])
{
	unsigned n = 0;
	size_t i = 0;

	while (i < name->len && name->wire[i] != 0 && n < TH_DNAME_MAXLABELS) {
		off[n++] = (uint8_t)i;
		i += (size_t)name->wire[i] + 1;
	}
	return n;
}

/* ---- presentation format ------------------------------------------------ */

static int
dname_fail(enum th_dname_reason *reason, enum th_dname_reason why)
{
	if (reason != NULL)
		*reason = why;
	return TH_ENAME;
}

/*
 * Decode the escape whose backslash is at text[*i]: "\DDD" or "\X". On
 * success store the octet in *c, leave *i on the escape's last character
 * and return true.
 */
static bool
dname_unescape(const char *text, size_t len, size_t *i, unsigned *c)
{
	size_t k = *i + 1;
	unsigned v = 0;

	if (k >= len)
		return false;
	if (!dname_is_digit((unsigned char)text[k])) {
		*c = (unsigned char)text[k];
		*i = k;
		return true;
	}
	if (len - k < 3)
		return false;
	for (size_t j = k; j < k + 3; j++) {
		if (!dname_is_digit((unsigned char)text[j]))
			return false;
		v = v * 10 + (unsigned)(text[j] - '0');
	}
	if (v > 255)
		return false;
	*c = v;
	*i = k + 2;
	return true;
}

int
th_dname_parse(struct th_dname *out, const char *text, size_t len,
               const struct th_dname *origin, enum th_dname_reason *reason)
{
	uint8_t w[TH_DNAME_MAXLEN];
	size_t pos = 1;    /* where the next label octet goes */
	size_t lstart = 0; /* where the current label's length octet goes */
	size_t llen = 0;   /* octets in the current label so far */
	size_t total;
	bool label_long = false, absolute = false;

	assert(out != NULL);
	assert(text != NULL || len == 0);
	if (origin != NULL)
		dname_invariant(origin);
	if (reason != NULL)
		*reason = TH_DNAME_OK;

	/* The order of these checks is Zonemaster's. */
	if (len == 0)
		return dname_fail(reason, TH_DNAME_EMPTY_DOMAIN_NAME);
	if (len == 1 && text[0] == '.') {
		th_dname_set_root(out);
		return 0;
	}
	if (len == 1 && text[0] == '@') {
		if (origin != NULL)
			*out = *origin;
		else
			th_dname_set_root(out);
		return 0;
	}
	if (text[0] == '.')
		return dname_fail(reason, TH_DNAME_INITIAL_DOT);

	/*
	 * One pass. Syntax errors end it at once; length errors are only
	 * noted, and writes past w are skipped, so that a syntax error later
	 * in the text still wins over an earlier length error.
	 */
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)text[i];

		if (c == '.') {
			if (llen == 0)
				return dname_fail(reason,
				                  TH_DNAME_REPEATED_DOTS);
			if (lstart < sizeof(w))
				w[lstart] = (uint8_t)llen;
			lstart = pos++;
			llen = 0;
			absolute = i + 1 == len;
			continue;
		}
		if (c == '\\') {
			if (!dname_unescape(text, len, &i, &c))
				return dname_fail(reason, TH_DNAME_BAD_ESCAPE);
		} else if (c < 0x21 || c > 0x7e) {
			return dname_fail(reason, TH_DNAME_BAD_CHARACTER);
		}
		if (++llen > TH_DNAME_MAXLABEL)
			label_long = true;
		if (pos < sizeof(w))
			w[pos] = (uint8_t)c;
		pos++;
	}
	if (label_long)
		return dname_fail(reason, TH_DNAME_LABEL_TOO_LONG);

	if (absolute) {
		/* The final dot opened the root label at lstart = pos - 1. */
		total = pos;
		if (total > TH_DNAME_MAXLEN)
			return dname_fail(reason,
			                  TH_DNAME_DOMAIN_NAME_TOO_LONG);
		w[lstart] = 0;
	} else {
		size_t olen = origin != NULL ? origin->len : 1;

		total = pos + olen;
		if (total > TH_DNAME_MAXLEN)
			return dname_fail(reason,
			                  TH_DNAME_DOMAIN_NAME_TOO_LONG);
		w[lstart] = (uint8_t)llen;
		if (origin != NULL)
			memcpy(w + pos, origin->wire, olen);
		else
			w[pos] = 0;
	}
	out->len = (uint8_t)total;
	memcpy(out->wire, w, total);
	return 0;
}

/* Octets that have a meaning in zone files and are written as "\X". */
static bool
dname_is_special(uint8_t c)
{
	switch (c) {
	case '.':
	case '\\':
	case '"':
	case ';':
	case '(':
	case ')':
	case '$':
	case '@':
		return true;
	default:
		return false;
	}
}

int
th_dname_to_str(const struct th_dname *name, char *dst, size_t size)
{
	/* Built in full first, so the size check is one comparison. */
	char tmp[TH_DNAME_STRLEN];
	size_t n = 0, i = 0;

	dname_invariant(name);
	if (name->len == 1) {
		tmp[n++] = '.';
	}
	while (i < name->len && name->wire[i] != 0) {
		size_t end = i + 1 + name->wire[i];

		assert(end < name->len);
		for (i++; i < end && i < name->len; i++) {
			uint8_t c = name->wire[i];

			if (dname_is_special(c)) {
				tmp[n++] = '\\';
				tmp[n++] = (char)c;
			} else if (c < 0x21 || c > 0x7e) {
				tmp[n++] = '\\';
				tmp[n++] = (char)('0' + c / 100);
				tmp[n++] = (char)('0' + c / 10 % 10);
				tmp[n++] = (char)('0' + c % 10);
			} else {
				tmp[n++] = (char)c;
			}
		}
		tmp[n++] = '.';
	}
	tmp[n] = '\0';
	if (n + 1 > size) {
		if (size > 0)
			dst[0] = '\0';
		return TH_ETOOBIG;
	}
	memcpy(dst, tmp, n + 1);
	return 0;
}

/* ---- comparison --------------------------------------------------------- */

void
th_dname_canonicalize(struct th_dname *name)
{
	size_t i = 0;

	dname_invariant(name);
	/* Length octets are below 64 and never letters, but skip them. */
	while (i < name->len && name->wire[i] != 0) {
		size_t end = i + 1 + name->wire[i];

		for (i++; i < end && i < name->len; i++)
			name->wire[i] = dname_lower(name->wire[i]);
	}
}

int
th_dname_cmp(const struct th_dname *a, const struct th_dname *b)
{
	uint8_t oa[TH_DNAME_MAXLABELS], ob[TH_DNAME_MAXLABELS];
	unsigned na, nb;

	dname_invariant(a);
	dname_invariant(b);
	na = dname_offsets(a, oa);
	nb = dname_offsets(b, ob);
	/* Most significant label first: the rightmost. */
	while (na > 0 && nb > 0) {
		const uint8_t *la = a->wire + oa[--na];
		const uint8_t *lb = b->wire + ob[--nb];
		unsigned m = la[0] < lb[0] ? la[0] : lb[0];

		for (unsigned k = 1; k <= m; k++) {
			uint8_t ca = dname_lower(la[k]),
			        cb = dname_lower(lb[k]);

			if (ca != cb)
				return ca < cb ? -1 : 1;
		}
		if (la[0] != lb[0])
			return la[0] < lb[0] ? -1 : 1;
	}
	/* Equal so far: the name with labels left is the subdomain. */
	if (na != nb)
		return na < nb ? -1 : 1;
	return 0;
}

/*
 * Compare n octets with letters folded. Used on whole wire forms: length
 * octets are below 64, so folding leaves them alone.
 */
static bool
dname_fold_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (dname_lower(a[i]) != dname_lower(b[i]))
			return false;
	}
	return true;
}

bool
th_dname_equal(const struct th_dname *a, const struct th_dname *b)
{
	dname_invariant(a);
	dname_invariant(b);
	return a->len == b->len && dname_fold_eq(a->wire, b->wire, a->len);
}

unsigned
th_dname_labels(const struct th_dname *name)
{
	uint8_t off[TH_DNAME_MAXLABELS];

	dname_invariant(name);
	return dname_offsets(name, off);
}

bool
th_dname_is_subdomain(const struct th_dname *name,
                      const struct th_dname *parent)
{
	uint8_t off[TH_DNAME_MAXLABELS];
	unsigned n, np;
	size_t at;

	dname_invariant(name);
	dname_invariant(parent);
	n = dname_offsets(name, off);
	np = th_dname_labels(parent);
	if (np > n)
		return false;
	/*
	 * Skip name's extra labels; what is left must be parent octet for
	 * octet, which also lines the label boundaries up. With parent the
	 * root, what is left is name's final zero octet.
	 */
	at = n - np < n ? off[n - np] : (size_t)name->len - 1;
	return (size_t)name->len - at == parent->len &&
	       dname_fold_eq(name->wire + at, parent->wire, parent->len);
}

int
th_dname_parent(struct th_dname *out, const struct th_dname *name)
{
	size_t skip, len;

	dname_invariant(name);
	if (name->len == 1)
		return TH_ENOTFOUND;
	skip = (size_t)name->wire[0] + 1;
	len = name->len - skip;
	/* out may be name: memmove, and len computed before writing. */
	memmove(out->wire, name->wire + skip, len);
	out->len = (uint8_t)len;
	return 0;
}

/* ---- hashing ------------------------------------------------------------ */

uint64_t
th_dname_hash(const struct th_dname *name, uint64_t k0, uint64_t k1)
{
	uint8_t low[TH_DNAME_MAXLEN];

	dname_invariant(name);
	for (size_t i = 0; i < name->len; i++)
		low[i] = dname_lower(name->wire[i]);
	return th_hash_sip(low, name->len, k0, k1);
}

/* ---- wire format -------------------------------------------------------- */

static int
dname_read(struct th_dname *out, const uint8_t *msg, size_t msglen,
           size_t offset, size_t *next, bool allow_ptr)
{
	uint8_t w[TH_DNAME_MAXLEN];
	size_t pos = offset; /* next octet to read */
	size_t low = offset; /* lowest offset read so far */
	size_t end = 0, n = 0;
	unsigned hops = 0;

	for (;;) {
		size_t target;
		unsigned b;

		if (pos >= msglen)
			return TH_EWIRE;
		b = msg[pos];
		switch (b & 0xc0) {
		case 0x00:
			if (b == 0) {
				w[n++] = 0;
				if (hops == 0)
					end = pos + 1;
				goto done;
			}
			if (b > msglen - pos - 1)
				return TH_EWIRE; /* truncated label */
			/* Keep room for the final zero octet. */
			if (n + 1 + b + 1 > TH_DNAME_MAXLEN)
				return TH_EWIRE;
			memcpy(w + n, msg + pos, 1 + (size_t)b);
			n += 1 + (size_t)b;
			pos += 1 + (size_t)b;
			break;
		case 0xc0:
			if (!allow_ptr || msglen - pos < 2)
				return TH_EWIRE;
			target = (size_t)(b & 0x3f) << 8 | msg[pos + 1];
			/*
			 * "Strictly backwards" measured from the lowest
			 * octet read so far, not just from the pointer: the
			 * positions visited then only decrease, so no loop
			 * (even one through labels) can form.
			 */
			if (target >= low || hops >= TH_DNAME_MAXPTRS)
				return TH_EWIRE;
			if (hops++ == 0)
				end = pos + 2;
			pos = low = target;
			break;
		default:
			/* 0x40 extended (RFC 6891) and 0x80 reserved. */
			return TH_EWIRE;
		}
	}
done:
	out->len = (uint8_t)n;
	memcpy(out->wire, w, n);
	if (next != NULL)
		*next = end;
	return 0;
}

int
th_dname_read(struct th_dname *out, const uint8_t *msg, size_t msglen,
              size_t offset, size_t *next)
{
	assert(out != NULL);
	assert(msg != NULL || msglen == 0);
	return dname_read(out, msg, msglen, offset, next, true);
}

int
th_dname_from_wire(struct th_dname *out, const uint8_t *wire, size_t len,
                   size_t *used)
{
	assert(out != NULL);
	assert(wire != NULL || len == 0);
	return dname_read(out, wire, len, 0, used, false);
}

int
th_dname_cursor_read(struct th_cursor *cur, struct th_dname *out)
{
	size_t next;
	int rc;

	if (cur->err != 0) {
		th_dname_set_root(out);
		return cur->err;
	}
	rc = dname_read(out, cur->base, cur->len, cur->pos, &next, true);
	if (rc != 0) {
		cur->err = rc;
		th_dname_set_root(out);
		return rc;
	}
	th_cursor_seek(cur, next);
	return 0;
}
