/* SPDX-License-Identifier: BSD-3-Clause */
/* relay_conf.c -- parse the tbrelay listener table (see relay_conf.h). */
#include "testbed/relay/relay_conf.h"

#include "common/err.h"
#include "common/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONF_MAX_FILE (16u * 1024 * 1024)
#define CONF_FIELDS 6
#define CONF_MAX_ERRORS 20 /* log this many, then just count */

/* The mode keywords, with what each needs. Indexed by enum relay_mode. */
static const struct {
	const char *name;
	bool backend;
	bool tcp;
} conf_modes[] = {
    [RELAY_MODE_FORWARD] = {"forward", true, true},
    [RELAY_MODE_BLACKHOLE] = {"blackhole", false, true},
    [RELAY_MODE_NOTCP] = {"notcp", true, false},
    [RELAY_MODE_NOAA] = {"noaa", true, true},
    [RELAY_MODE_EDNS_FORMERR] = {"edns-formerr", true, true},
    [RELAY_MODE_EDNS_DROP] = {"edns-drop", true, true},
    [RELAY_MODE_EDNS1_IGNORE] = {"edns1-ignore", true, true},
    [RELAY_MODE_TC_ALWAYS] = {"tc-always", true, true},
};

_Static_assert(sizeof(conf_modes) / sizeof(conf_modes[0]) == RELAY_MODE__COUNT,
               "conf_modes must have one row per relay_mode");

/* A byte string borrowed from the configuration text. */
struct conf_tok {
	const char *p;
	size_t len;
};

const char *
relay_mode_name(enum relay_mode mode)
{
	if ((unsigned)mode >= RELAY_MODE__COUNT)
		return "?";
	return conf_modes[mode].name;
}

bool
relay_mode_has_backend(enum relay_mode mode)
{
	return (unsigned)mode < RELAY_MODE__COUNT && conf_modes[mode].backend;
}

bool
relay_mode_has_tcp(enum relay_mode mode)
{
	return (unsigned)mode < RELAY_MODE__COUNT && conf_modes[mode].tcp;
}

bool
relay_addr_equal(const union relay_addr *a, const struct sockaddr *b)
{
	if (a->sa.sa_family != b->sa_family)
		return false;
	if (b->sa_family == AF_INET) {
		const struct sockaddr_in *b4 = (const struct sockaddr_in *)b;

		return a->in4.sin_port == b4->sin_port &&
		       a->in4.sin_addr.s_addr == b4->sin_addr.s_addr;
	}
	if (b->sa_family == AF_INET6) {
		const struct sockaddr_in6 *b6 = (const struct sockaddr_in6 *)b;

		return a->in6.sin6_port == b6->sin6_port &&
		       memcmp(&a->in6.sin6_addr, &b6->sin6_addr,
		              sizeof(b6->sin6_addr)) == 0;
	}
	return false;
}

void
relay_addr_format(const union relay_addr *addr, char *buf, size_t size)
{
	char host[INET6_ADDRSTRLEN];
	unsigned port;

	if (addr->sa.sa_family == AF_INET) {
		inet_ntop(AF_INET, &addr->in4.sin_addr, host, sizeof(host));
		port = ntohs(addr->in4.sin_port);
	} else if (addr->sa.sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &addr->in6.sin6_addr, host, sizeof(host));
		port = ntohs(addr->in6.sin6_port);
	} else {
		snprintf(buf, size, "-");
		return;
	}
	snprintf(buf, size, "%s@%u", host, port);
}

static bool
tok_is(struct conf_tok t, const char *word)
{
	size_t n = strlen(word);

	return t.len == n && memcmp(t.p, word, n) == 0;
}

/*
 * Parse a decimal integer in [0, max] that fills the whole token.
 * Returns false on anything else (sign, blanks, overflow).
 */
static bool
conf_uint(struct conf_tok t, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (t.len == 0 || t.len > 10)
		return false;
	for (size_t i = 0; i < t.len; i++) {
		if (t.p[i] < '0' || t.p[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(t.p[i] - '0');
	}
	if (v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/*
 * Parse a loss percentage "D[.D...]" in [0, 100] into parts per million.
 * Digits past the fourth decimal are accepted and truncated (a millionth
 * is below anything a test can observe).
 */
static bool
conf_loss(struct conf_tok t, uint32_t *ppm)
{
	uint64_t whole = 0, frac = 0, scale = 10000; /* 1 % = 10000 ppm */
	size_t i = 0;

	if (t.len == 0 || t.len > 32)
		return false;
	for (; i < t.len && t.p[i] >= '0' && t.p[i] <= '9'; i++) {
		whole = whole * 10 + (uint64_t)(t.p[i] - '0');
		if (whole > 100)
			return false;
	}
	if (i == 0)
		return false;
	if (i < t.len) {
		size_t start;

		if (t.p[i] != '.')
			return false;
		start = ++i;
		for (; i < t.len && t.p[i] >= '0' && t.p[i] <= '9'; i++) {
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(t.p[i] - '0') * scale;
			}
		}
		if (i == start || i < t.len)
			return false;
	}
	whole = whole * 10000 + frac;
	if (whole > RELAY_LOSS_SCALE)
		return false;
	*ppm = (uint32_t)whole;
	return true;
}

/* Parse "ADDR" or "ADDR@PORT"; *why explains a failure. */
static bool
conf_addr(struct conf_tok t, union relay_addr *out, const char **why)
{
	char host[INET6_ADDRSTRLEN + 1];
	struct conf_tok port = {NULL, 0};
	uint32_t portnum = 53;
	size_t hlen = t.len;
	const char *at = memchr(t.p, '@', t.len);

	if (at != NULL) {
		hlen = (size_t)(at - t.p);
		port.p = at + 1;
		port.len = t.len - hlen - 1;
		if (!conf_uint(port, 65535, &portnum) || portnum == 0) {
			*why = "port must be 1-65535";
			return false;
		}
	}
	if (hlen == 0 || hlen >= sizeof(host)) {
		*why = "not an IPv4 or IPv6 address";
		return false;
	}
	memcpy(host, t.p, hlen);
	host[hlen] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, host, &out->in4.sin_addr) == 1) {
		out->in4.sin_family = AF_INET;
		out->in4.sin_port = htons((uint16_t)portnum);
		return true;
	}
	if (inet_pton(AF_INET6, host, &out->in6.sin6_addr) == 1) {
		out->in6.sin6_family = AF_INET6;
		out->in6.sin6_port = htons((uint16_t)portnum);
		return true;
	}
	*why = "not an IPv4 or IPv6 address";
	return false;
}

static bool
conf_mode(struct conf_tok t, enum relay_mode *out)
{
	for (unsigned m = 0; m < RELAY_MODE__COUNT; m++) {
		if (tok_is(t, conf_modes[m].name)) {
			*out = (enum relay_mode)m;
			return true;
		}
	}
	return false;
}

/*
 * Split one line (comment already cut) into blank-separated fields.
 * Returns the number of fields found, at most max + 1 (so callers can tell
 * "too many").
 */
static size_t
conf_split(const char *p, size_t len, struct conf_tok *f, size_t max)
{
	size_t n = 0, i = 0;

	while (i < len && n <= max) {
		size_t start;

		while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			i++;
		if (n < max) {
			f[n].p = p + start;
			f[n].len = i - start;
		}
		n++;
	}
	return n;
}

/*
 * Parse the fields of one line into *l; returns NULL or the reason the
 * line is malformed.
 */
static const char *
conf_line(struct conf_tok *f, size_t nf, struct relay_conf_listener *l)
{
	const char *why = NULL;

	if (nf != CONF_FIELDS)
		return "expected 6 fields: LISTEN BACKEND MODE DELAY_MS "
		       "JITTER_MS LOSS_PCT";
	if (!conf_addr(f[0], &l->listen, &why))
		return why;
	if (!conf_mode(f[2], &l->mode))
		return "unknown mode (forward, blackhole, notcp, noaa, "
		       "edns-formerr, edns-drop, edns1-ignore, tc-always)";
	if (tok_is(f[1], "-")) {
		if (relay_mode_has_backend(l->mode))
			return "this mode needs a BACKEND address";
		l->has_backend = false;
	} else {
		if (!relay_mode_has_backend(l->mode))
			return "blackhole takes no backend; write '-'";
		if (!conf_addr(f[1], &l->backend, &why))
			return why;
		l->has_backend = true;
	}
	if (!conf_uint(f[3], RELAY_CONF_MAX_DELAY_MS, &l->delay_ms))
		return "DELAY_MS must be an integer 0-60000";
	if (!conf_uint(f[4], RELAY_CONF_MAX_DELAY_MS, &l->jitter_ms))
		return "JITTER_MS must be an integer 0-60000";
	if (!conf_loss(f[5], &l->loss_ppm))
		return "LOSS_PCT must be a decimal number 0-100";
	return NULL;
}

/* Index of an earlier listener on the same address, or n if none. */
static size_t
conf_find_dup(const struct relay_conf *c, const union relay_addr *a)
{
	for (size_t i = 0; i < c->n; i++)
		if (relay_addr_equal(&c->v[i].listen, &a->sa))
			return i;
	return c->n;
}

int
relay_conf_parse(const char *text, size_t len, const char *name,
                 struct relay_conf *out)
{
	struct relay_conf c = {NULL, 0};
	size_t cap = 0, pos = 0;
	unsigned lineno = 0, errors = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl != NULL ? (size_t)(nl - line) : len - pos;
		const char *hash = memchr(line, '#', llen);
		struct conf_tok f[CONF_FIELDS];
		struct relay_conf_listener l;
		const char *why;
		size_t nf, dup;

		pos += llen + (nl != NULL ? 1 : 0);
		lineno++;
		if (hash != NULL)
			llen = (size_t)(hash - line);
		nf = conf_split(line, llen, f, CONF_FIELDS);
		if (nf == 0)
			continue;
		memset(&l, 0, sizeof(l));
		l.line = lineno;
		why = conf_line(f, nf, &l);
		if (why == NULL && (dup = conf_find_dup(&c, &l.listen)) < c.n) {
			if (++errors <= CONF_MAX_ERRORS)
				th_log_error("%s:%u: LISTEN address already "
				             "used on line %u",
				             name, lineno, c.v[dup].line);
			continue;
		}
		if (why != NULL) {
			if (++errors <= CONF_MAX_ERRORS)
				th_log_error("%s:%u: %s", name, lineno, why);
			continue;
		}
		if (c.n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			void *nv = realloc(c.v, ncap * sizeof(*c.v));

			if (nv == NULL) {
				free(c.v);
				return TH_ENOMEM;
			}
			c.v = nv;
			cap = ncap;
		}
		c.v[c.n++] = l;
	}
	if (errors > CONF_MAX_ERRORS)
		th_log_error("%s: %u malformed lines in all", name, errors);
	if (errors == 0 && c.n == 0) {
		th_log_error("%s: no listener configured", name);
		errors++;
	}
	if (errors > 0) {
		free(c.v);
		return TH_ECONFIG;
	}
	*out = c;
	return 0;
}

int
relay_conf_load(const char *path, struct relay_conf *out)
{
	FILE *fp;
	char *text = NULL;
	size_t len = 0, cap = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if ((fp = fopen(path, "r")) == NULL) {
		rc = th_from_errno(errno);
		th_log_error("%s: %s", path, th_strerror(rc));
		return rc;
	}
	/* Grow the buffer as the file is read, up to the cap. */
	for (;;) {
		size_t got;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nt;

			if (cap > CONF_MAX_FILE) {
				rc = TH_ETOOBIG;
				th_log_error("%s: larger than %u bytes", path,
				             CONF_MAX_FILE);
				break;
			}
			if ((nt = realloc(text, ncap)) == NULL) {
				rc = TH_ENOMEM;
				break;
			}
			text = nt;
			cap = ncap;
		}
		got = fread(text + len, 1, cap - len, fp);
		len += got;
		if (got == 0) {
			if (ferror(fp)) {
				rc = TH_EIO;
				th_log_error("%s: read error", path);
			}
			break;
		}
	}
	if (rc == 0 && len > CONF_MAX_FILE) {
		rc = TH_ETOOBIG;
		th_log_error("%s: larger than %u bytes", path, CONF_MAX_FILE);
	}
	if (rc == 0)
		rc = relay_conf_parse(text != NULL ? text : "", len, path, out);
	free(text);
	fclose(fp);
	return rc;
}

void
relay_conf_free(struct relay_conf *conf)
{
	if (conf == NULL)
		return;
	free(conf->v);
	conf->v = NULL;
	conf->n = 0;
}
