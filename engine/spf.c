/* SPDX-License-Identifier: BSD-3-Clause */
/* spf.c -- SPF version 1 record syntax, from RFC 7208's ABNF (see spf.h). */
#include "engine/spf.h"

#include "common/err.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ASCII classes by hand: the record is bytes, never locale text. */
static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* s (n octets) equals the lower-case literal lit, ignoring case. */
static bool
eq_nocase(const char *s, size_t n, const char *lit)
{
	if (n != strlen(lit))
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != lit[i])
			return false;
	return true;
}

/*
 * "%{" macro-letter transformers *delimiter "}", from just after the
 * "%{" at s[*i]; *i moves past the "}".
 */
static const char *
macro_expand(const char *s, size_t n, size_t *i)
{
	size_t k = *i, digits;
	bool nonzero = false;

	if (k == n || s[k] == '\0' ||
	    strchr("slodiphcrtv", lower(s[k])) == NULL)
		return "unknown macro letter";
	/* transformers = *DIGIT [ "r" ] */
	for (digits = ++k; k < n && is_digit(s[k]); k++)
		nonzero |= s[k] != '0';
	/* 7.1: "if DIGIT is specified, the value MUST be nonzero" */
	if (k > digits && !nonzero)
		return "macro digit transformer is zero";
	if (k < n && lower(s[k]) == 'r')
		k++;
	while (k < n && s[k] != '\0' && strchr(".-+,/_=", s[k]) != NULL)
		k++;
	if (k == n || s[k] != '}')
		return "macro not closed by '}'";
	*i = k + 1;
	return NULL;
}

/*
 * macro-string = *( macro-expand / macro-literal ). *tail gets the offset
 * just past the last macro-expand (0 when there is none), for domain-end.
 */
static const char *
macro_string(const char *s, size_t n, size_t *tail)
{
	size_t i = 0;
	const char *why;

	*tail = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c != '%') {
			/* macro-literal: visible characters except '%' */
			if (c < 0x21 || c > 0x7e)
				return "character not allowed";
			i++;
			continue;
		}
		if (i + 1 == n)
			return "'%' at the end";
		if (s[i + 1] == '%' || s[i + 1] == '_' || s[i + 1] == '-') {
			i += 2;
		} else if (s[i + 1] == '{') {
			i += 2;
			if ((why = macro_expand(s, n, &i)) != NULL)
				return why;
		} else
			return "'%' not followed by '{', '%', '_' or '-'";
		*tail = i;
	}
	return NULL;
}

/*
 * toplabel = ( *alphanum ALPHA *alphanum ) /
 *            ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
 */
static bool
toplabel(const char *s, size_t n)
{
	bool alpha = false, hyphen = false;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (is_alpha(s[i]))
			alpha = true;
		else if (s[i] == '-')
			hyphen = true;
		else if (!is_digit(s[i]))
			return false;
	}
	if (hyphen)
		return is_alnum(s[0]) && is_alnum(s[n - 1]);
	return alpha;
}

/* domain-spec = macro-string domain-end */
static const char *
domain_spec(const char *s, size_t n)
{
	size_t tail, end = n, dot;
	const char *why;

	if (n == 0)
		return "empty domain-spec";
	if ((why = macro_string(s, n, &tail)) != NULL)
		return why;
	/* domain-end = ( "." toplabel [ "." ] ) / macro-expand */
	if (tail == n)
		return NULL;
	if (s[end - 1] == '.')
		end--;
	for (dot = end; dot > tail && s[dot - 1] != '.'; dot--)
		;
	if (dot == tail)
		return "domain-spec does not end with a top label or a macro";
	if (!toplabel(s + dot, end - dot))
		return "invalid top label in domain-spec";
	return NULL;
}

/* "/" ( "0" / %x31-39 0*N DIGIT ) with a value up to max. */
static bool
cidr_value(const char *s, size_t n, unsigned max)
{
	unsigned v = 0;

	if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v <= max;
}

/* The digits ending s after one '/' (twice when dbl): their offset. */
static bool
cidr_suffix(const char *s, size_t n, bool dbl, size_t *digits)
{
	size_t j = n, slashes = dbl ? 2 : 1;

	while (j > 0 && is_digit(s[j - 1]))
		j--;
	if (j == n || j < slashes)
		return false;
	for (size_t k = 1; k <= slashes; k++)
		if (s[j - k] != '/')
			return false;
	*digits = j;
	return true;
}

/* qnum "." qnum "." qnum "." qnum, each 0-255 without leading zeros. */
static bool
ip4_network(const char *s, size_t n)
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		size_t d = i;
		unsigned v = 0;

		if (part > 0) {
			if (i == n || s[i] != '.')
				return false;
			d = ++i;
		}
		while (i < n && is_digit(s[i]) && i - d < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == d || v > 255 || (i - d > 1 && s[d] == '0'))
			return false;
	}
	return i == n;
}

/* ip6-network: RFC 4291 section 2.2 text forms, as inet_pton reads them. */
static bool
ip6_network(const char *s, size_t n)
{
	char buf[64];
	unsigned char bin[16];

	if (n == 0 || n >= sizeof(buf) || memchr(s, '\0', n) != NULL)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, bin) == 1;
}

/* ip4 / ip6: ":" network [ "/" length ]. */
static const char *
ip_mech(const char *s, size_t n, bool v6)
{
	size_t net, d;

	if (n == 0 || s[0] != ':')
		return v6 ? "ip6 needs ':' and a network"
		          : "ip4 needs ':' and a network";
	s++;
	n--;
	net = n;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			net = i;
	if (net < n) {
		d = net + 1;
		if (!cidr_value(s + d, n - d, v6 ? 128 : 32))
			return v6 ? "bad IPv6 CIDR length"
			          : "bad IPv4 CIDR length";
	}
	if (v6 ? !ip6_network(s, net) : !ip4_network(s, net))
		return v6 ? "bad IPv6 network" : "bad IPv4 network";
	return NULL;
}

/* a / mx: [ ":" domain-spec ] [ dual-cidr-length ]. */
static const char *
a_mech(const char *s, size_t n)
{
	size_t d;

	/* dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]:
	 * taken from the right, as a domain-spec never ends in "/digits". */
	if (cidr_suffix(s, n, true, &d)) {
		if (!cidr_value(s + d, n - d, 128))
			return "bad IPv6 CIDR length";
		n = d - 2;
	}
	if (cidr_suffix(s, n, false, &d)) {
		if (!cidr_value(s + d, n - d, 32))
			return "bad IPv4 CIDR length";
		n = d - 1;
	}
	if (n == 0)
		return NULL;
	if (s[0] != ':')
		return "expected ':' and a domain-spec, or CIDR lengths";
	return domain_spec(s + 1, n - 1);
}

struct seen {
	bool redirect, exp;
};

static const char *
modifier(const char *name, size_t nlen, const char *val, size_t vlen,
         struct seen *seen)
{
	size_t tail;

	if (eq_nocase(name, nlen, "redirect")) {
		if (seen->redirect)
			return "second redirect modifier";
		seen->redirect = true;
		return domain_spec(val, vlen);
	}
	if (eq_nocase(name, nlen, "exp")) {
		if (seen->exp)
			return "second exp modifier";
		seen->exp = true;
		return domain_spec(val, vlen);
	}
	/* unknown-modifier = name "=" macro-string */
	return macro_string(val, vlen, &tail);
}

static const char *
term(const char *t, size_t n, struct seen *seen)
{
	size_t k = 0, q = 0;
	const char *rest;
	size_t rlen;

	/* modifier: name "=" ..., name = ALPHA *( ALPHA / DIGIT / "-" / "_" /
	 * "." ) */
	if (is_alpha(t[0])) {
		k = 1;
		while (k < n && (is_alnum(t[k]) || t[k] == '-' || t[k] == '_' ||
		                 t[k] == '.'))
			k++;
		if (k < n && t[k] == '=')
			return modifier(t, k, t + k + 1, n - k - 1, seen);
	}
	if (t[0] == '+' || t[0] == '-' || t[0] == '?' || t[0] == '~')
		q = 1;
	for (k = q; k < n && is_alnum(t[k]); k++)
		;
	rest = t + k;
	rlen = n - k;
	t += q;
	k -= q;
	if (eq_nocase(t, k, "all"))
		return rlen == 0 ? NULL : "nothing may follow all";
	if (eq_nocase(t, k, "include") || eq_nocase(t, k, "exists")) {
		if (rlen == 0 || rest[0] != ':')
			return "needs ':' and a domain-spec";
		return domain_spec(rest + 1, rlen - 1);
	}
	if (eq_nocase(t, k, "a") || eq_nocase(t, k, "mx"))
		return a_mech(rest, rlen);
	if (eq_nocase(t, k, "ptr")) {
		if (rlen == 0)
			return NULL;
		if (rest[0] != ':')
			return "unknown mechanism";
		return domain_spec(rest + 1, rlen - 1);
	}
	if (eq_nocase(t, k, "ip4"))
		return ip_mech(rest, rlen, false);
	if (eq_nocase(t, k, "ip6"))
		return ip_mech(rest, rlen, true);
	return "unknown mechanism";
}

static int
fail(char *err, size_t errlen, const char *t, size_t n, const char *why)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "\"%.*s\": %s", (int)(n > 80 ? 80 : n), t,
		         why);
	return TH_ESYNTAX;
}

int
th_spf_check(const char *record, size_t len, char *err, size_t errlen)
{
	struct seen seen = {false, false};
	size_t i = 6;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	/* version = "v=spf1", then a space or the end */
	if (len < 6 || !eq_nocase(record, 6, "v=spf1") ||
	    (len > 6 && record[6] != ' '))
		return fail(err, errlen, record, len < 6 ? len : 6,
		            "not an SPF version 1 record");
	for (;;) {
		size_t start;
		const char *why;

		while (i < len && record[i] == ' ')
			i++;
		if (i == len)
			return 0;
		start = i;
		while (i < len && record[i] != ' ')
			i++;
		if ((why = term(record + start, i - start, &seen)) != NULL)
			return fail(err, errlen, record + start, i - start,
			            why);
	}
}
