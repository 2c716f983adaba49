/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * escape.c -- escapers for hostile strings: one UTF-8 normaliser, one
 * table of replacements per output language.
 */
#include "report/escape.h"

#include "common/err.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
static const char replacement[] = "\xef\xbf\xbd";

enum lang { LANG_HTML, LANG_ATTR, LANG_GNUPLOT, LANG_PLAIN };

/*
 * Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not
 * valid: overlong forms, surrogates and values above U+10FFFF are invalid
 * too, since browsers and pango would each repair them differently.
 */
static size_t
utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static const char *
replace(enum lang lang, unsigned char c)
{
	if (c == '\t')
		return lang == LANG_ATTR      ? "&#9;"
		       : lang == LANG_GNUPLOT ? " "
		                              : NULL;
	if (c == '\n' && lang == LANG_ATTR)
		return "&#10;";
	if ((c < 0x20 && c != '\n') || c == 0x7f)
		return replacement;
	if (c == '\n')
		return lang == LANG_GNUPLOT ? replacement : NULL;
	switch (lang) {
	case LANG_HTML:
	case LANG_ATTR:
		switch (c) {
		case '&':
			return "&amp;";
		case '<':
			return "&lt;";
		case '>':
			return "&gt;";
		case '"':
			return "&quot;";
		case '\'':
			return "&#39;";
		default:
			return NULL;
		}
	case LANG_GNUPLOT:
		return c == '\'' ? "''" : NULL;
	case LANG_PLAIN:
		return NULL;
	}
	return NULL;
}

static int
escape(FILE *out, enum lang lang, const char *str, size_t len, size_t maxcp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, cps = 0;

	if (s == NULL)
		return 0;
	while (i < len) {
		size_t n = utf8_seq(s + i, len - i);
		const char *r;

		if (maxcp > 0 && cps == maxcp) {
			fputs("...", out);
			break;
		}
		cps++;
		if (n == 0) {
			fputs(replacement, out);
			i++;
			continue;
		}
		if (n > 1) {
			fwrite(s + i, 1, n, out);
			i += n;
			continue;
		}
		if ((r = replace(lang, s[i])) != NULL)
			fputs(r, out);
		else
			fputc(s[i], out);
		i++;
	}
	return ferror(out) ? th_from_errno(errno ? errno : EIO) : 0;
}

int
th_escape_html(FILE *out, const char *s, size_t len)
{
	return escape(out, LANG_HTML, s, len, 0);
}

int
th_escape_html_attr(FILE *out, const char *s, size_t len)
{
	return escape(out, LANG_ATTR, s, len, 0);
}

int
th_escape_gnuplot(FILE *out, const char *s, size_t len, size_t maxcp)
{
	return escape(out, LANG_GNUPLOT, s, len, maxcp);
}

int
th_escape_pango(FILE *out, const char *s, size_t len)
{
	/* Pango's markup parser is GMarkup: XML's five entities. */
	return escape(out, LANG_HTML, s, len, 0);
}

char *
th_escape_plain(const char *s, size_t len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (f == NULL)
		return NULL;
	if (escape(f, LANG_PLAIN, s, len, 0) != 0) {
		fclose(f);
		free(buf);
		return NULL;
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
