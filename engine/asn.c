/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * asn.c -- the prefix-to-ASN table (see asn.h and docs/asn-db.md).
 *
 * The prefixes are kept in one array sorted by (family, address, length),
 * and each entry knows the nearest prefix that encloses it (its parent).
 * Announced prefixes are CIDR blocks, so any two are either nested or
 * disjoint; then the most specific prefix covering an address is the last
 * entry starting at or before the address, or one of that entry's
 * ancestors. A lookup is one binary search plus a walk up the nesting
 * chain (at most 33 or 129 steps, in real tables rarely more than 3).
 *
 * Cost (estimates, not measured here): a full table of about 1.2 million
 * prefixes (RouteViews IPv4 and IPv6) takes about 32 octets per prefix,
 * some 40 MB, and loads in O(n log n) -- roughly a second on one core,
 * mostly parsing the text and one qsort. A lookup costs about 21 probes
 * of the binary search plus the short walk: well under a microsecond.
 */
#include "engine/asn.h"

#include "common/err.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOPARENT UINT32_MAX

struct ent {
	uint8_t ip[16];   /* IPv4 in the first 4 octets; host bits zero */
	uint32_t parent;  /* index of the enclosing prefix, or NOPARENT */
	uint32_t asn_off; /* first AS number in the pool */
	uint16_t nasn;    /* how many, ascending and distinct */
	uint8_t len;      /* prefix length */
	uint8_t family;   /* enum th_addr_family */
};

struct th_asn_db {
	struct ent *v;
	size_t n, alloc;
	uint32_t *pool;
	size_t npool, apool;
};

static void
set_err(char *err, size_t errlen, const char *where, unsigned line,
        const char *why)
{
	if (err == NULL || errlen == 0)
		return;
	if (where != NULL)
		snprintf(err, errlen, "%s:%u: %s", where, line, why);
	else
		snprintf(err, errlen, "line %u: %s", line, why);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort and drop repeats; returns the new count. */
static size_t
sort_unique(uint32_t *v, size_t n)
{
	size_t out = 0;

	qsort(v, n, sizeof(v[0]), cmp_u32);
	for (size_t i = 0; i < n; i++)
		if (out == 0 || v[out - 1] != v[i])
			v[out++] = v[i];
	return out;
}

/* Append n AS numbers to the pool; returns their offset or -1. */
static long long
pool_add(struct th_asn_db *db, const uint32_t *asns, size_t n)
{
	size_t off = db->npool;

	if (db->npool + n > db->apool) {
		size_t a = db->apool ? db->apool : 1024;
		uint32_t *p;

		while (a < db->npool + n)
			a *= 2;
		if (a > UINT32_MAX)
			return -1;
		if ((p = realloc(db->pool, a * sizeof(*p))) == NULL)
			return -1;
		db->pool = p;
		db->apool = a;
	}
	memcpy(db->pool + off, asns, n * sizeof(asns[0]));
	db->npool += n;
	return (long long)off;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * One line (no newline): "PREFIX ASN[,ASN...]", a comment or blank.
 * Returns 0, TH_ESYNTAX with *why, or TH_ENOMEM.
 */
static int
parse_line(struct th_asn_db *db, const char *s, size_t len, const char **why)
{
	uint32_t asns[TH_ASN_MAXLINE];
	char tok[TH_ADDR_STRLEN + 8];
	struct th_prefix p;
	size_t i = 0, start, n = 0;
	long long off;
	struct ent *e;

	for (size_t k = 0; k < len; k++)
		if (s[k] == '#') {
			len = k;
			break;
		}
	while (i < len && is_space(s[i]))
		i++;
	if (i == len)
		return 0;
	start = i;
	while (i < len && !is_space(s[i]))
		i++;
	*why = "bad prefix";
	if (i - start >= sizeof(tok))
		return TH_ESYNTAX;
	memcpy(tok, s + start, i - start);
	tok[i - start] = '\0';
	if (th_prefix_parse(&p, tok) != 0)
		return TH_ESYNTAX;
	while (i < len && is_space(s[i]))
		i++;
	*why = "missing AS number";
	if (i == len)
		return TH_ESYNTAX;
	for (;;) {
		uint64_t v = 0;
		size_t digits = 0;

		while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 11) {
			v = v * 10 + (uint64_t)(s[i++] - '0');
			digits++;
		}
		*why = "bad AS number";
		if (digits == 0 || v > UINT32_MAX)
			return TH_ESYNTAX;
		*why = "too many AS numbers";
		if (n == TH_ASN_MAXLINE)
			return TH_ESYNTAX;
		asns[n++] = (uint32_t)v;
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		break;
	}
	while (i < len && is_space(s[i]))
		i++;
	*why = "unexpected text after the AS numbers";
	if (i != len)
		return TH_ESYNTAX;
	n = sort_unique(asns, n);
	*why = "out of memory";
	if (db->n == db->alloc) {
		size_t a = db->alloc ? db->alloc * 2 : 1024;
		struct ent *v;

		if (a >= NOPARENT ||
		    (v = realloc(db->v, a * sizeof(*v))) == NULL)
			return TH_ENOMEM;
		db->v = v;
		db->alloc = a;
	}
	if ((off = pool_add(db, asns, n)) < 0)
		return TH_ENOMEM;
	e = &db->v[db->n++];
	memcpy(e->ip, p.addr.ip, sizeof(e->ip));
	e->parent = NOPARENT;
	e->asn_off = (uint32_t)off;
	e->nasn = (uint16_t)n;
	e->len = p.len;
	e->family = p.addr.family;
	return 0;
}

static int
cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if ((c = memcmp(x->ip, y->ip, sizeof(x->ip))) != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static bool
ent_contains(const struct ent *e, uint8_t family, const uint8_t *ip)
{
	unsigned full = e->len / 8, rest = e->len % 8;

	if (e->family != family || memcmp(ip, e->ip, full) != 0)
		return false;
	return rest == 0 ||
	       ((ip[full] ^ e->ip[full]) & (0xffu << (8 - rest))) == 0;
}

/*
 * Sort, merge repeated prefixes (the union of their AS numbers) and link
 * each prefix to its parent. Returns 0 or TH_ENOMEM.
 */
static int
finish(struct th_asn_db *db)
{
	uint32_t stack[130];
	size_t sp = 0, out = 0;

	if (db->n > 1)
		qsort(db->v, db->n, sizeof(db->v[0]), cmp_ent);
	for (size_t i = 0; i < db->n;) {
		size_t j = i + 1, total = db->v[i].nasn;

		while (j < db->n && cmp_ent(&db->v[i], &db->v[j]) == 0)
			total += db->v[j++].nasn;
		db->v[out] = db->v[i];
		if (j > i + 1) {
			uint32_t *u = malloc(total * sizeof(*u));
			size_t k = 0;
			long long off;

			if (u == NULL)
				return TH_ENOMEM;
			for (size_t r = i; r < j; r++) {
				memcpy(u + k, db->pool + db->v[r].asn_off,
				       db->v[r].nasn * sizeof(*u));
				k += db->v[r].nasn;
			}
			k = sort_unique(u, k);
			if (k > UINT16_MAX) /* keep the first ones */
				k = UINT16_MAX;
			off = pool_add(db, u, k);
			free(u);
			if (off < 0)
				return TH_ENOMEM;
			db->v[out].asn_off = (uint32_t)off;
			db->v[out].nasn = (uint16_t)k;
		}
		out++;
		i = j;
	}
	db->n = out;
	/* Nested prefixes follow their parent in the order, so a stack of
	 * the open ones gives every parent in one pass. */
	for (size_t i = 0; i < db->n; i++) {
		struct ent *e = &db->v[i];

		while (sp > 0 &&
		       !ent_contains(&db->v[stack[sp - 1]], e->family, e->ip))
			sp--;
		e->parent = sp > 0 ? stack[sp - 1] : NOPARENT;
		if (sp < sizeof(stack) / sizeof(stack[0]))
			stack[sp++] = (uint32_t)i;
	}
	return 0;
}

static int
db_new(struct th_asn_db **out)
{
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? TH_ENOMEM : 0;
}

int
th_asn_db_load_mem(struct th_asn_db **out, const char *text, size_t len,
                   char *err, size_t errlen)
{
	struct th_asn_db *db;
	unsigned line = 0;
	size_t pos = 0;
	int rc;

	*out = NULL;
	if (db_new(&db) != 0) {
		set_err(err, errlen, NULL, 0, "out of memory");
		return TH_ENOMEM;
	}
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		const char *why = "";

		line++;
		if ((rc = parse_line(db, text + pos, end - pos, &why)) != 0) {
			set_err(err, errlen, NULL, line, why);
			th_asn_db_free(db);
			return rc;
		}
		pos = end + 1;
	}
	if ((rc = finish(db)) != 0) {
		set_err(err, errlen, NULL, line, "out of memory");
		th_asn_db_free(db);
		return rc;
	}
	*out = db;
	return 0;
}

int
th_asn_db_load(struct th_asn_db **out, const char *path, char *err,
               size_t errlen)
{
	struct th_asn_db *db;
	FILE *f;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned line = 0;
	int rc = 0;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		set_err(err, errlen, path, 0, strerror(errno));
		return TH_EIO;
	}
	if (db_new(&db) != 0) {
		fclose(f);
		set_err(err, errlen, path, 0, "out of memory");
		return TH_ENOMEM;
	}
	while ((got = getline(&buf, &cap, f)) >= 0) {
		const char *why = "";
		size_t n = (size_t)got;

		line++;
		if (n > 0 && buf[n - 1] == '\n')
			n--;
		if ((rc = parse_line(db, buf, n, &why)) != 0) {
			set_err(err, errlen, path, line, why);
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		set_err(err, errlen, path, line, "read error");
		rc = TH_EIO;
	}
	free(buf);
	fclose(f);
	if (rc == 0 && (rc = finish(db)) != 0)
		set_err(err, errlen, path, line, "out of memory");
	if (rc != 0) {
		th_asn_db_free(db);
		return rc;
	}
	*out = db;
	return 0;
}

size_t
th_asn_db_lookup(const struct th_asn_db *db, const struct th_addr *addr,
                 struct th_prefix *prefix, uint32_t *asns, size_t max)
{
	struct ent key;
	size_t lo = 0, hi, i;
	const struct ent *e;

	if (db == NULL || db->n == 0)
		return 0;
	memset(&key, 0, sizeof(key));
	key.family = addr->family;
	memcpy(key.ip, addr->ip, sizeof(key.ip));
	key.len = UINT8_MAX; /* after every prefix starting at addr */
	/* The number of entries at or before the key. */
	hi = db->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_ent(&db->v[mid], &key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	for (i = lo - 1; i != NOPARENT; i = db->v[i].parent)
		if (ent_contains(&db->v[i], addr->family, addr->ip))
			break;
	if (i == NOPARENT)
		return 0;
	e = &db->v[i];
	if (prefix != NULL) {
		memset(prefix, 0, sizeof(*prefix));
		prefix->addr.family = e->family;
		memcpy(prefix->addr.ip, e->ip, sizeof(e->ip));
		prefix->len = e->len;
	}
	for (size_t k = 0; k < e->nasn && k < max; k++)
		asns[k] = db->pool[e->asn_off + k];
	return e->nasn;
}

size_t
th_asn_db_size(const struct th_asn_db *db)
{
	return db != NULL ? db->n : 0;
}

void
th_asn_db_free(struct th_asn_db *db)
{
	if (db == NULL)
		return;
	free(db->v);
	free(db->pool);
	free(db);
}
