/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * escape.h -- the one place where hostile DNS-derived strings are made safe
 * for each output language of the report: HTML text, HTML attributes,
 * gnuplot single-quoted strings and pango markup.
 *
 * Every string of summary.json is treated as hostile (names, tags'
 * arguments, version strings, SOA RNAME, TXT). All escapers share one
 * normalisation first: invalid UTF-8 becomes U+FFFD, C0 controls (other
 * than tab) and DEL become U+FFFD, so no output language ever sees a raw
 * control byte or a broken sequence. Then each language's metacharacters
 * are escaped. They write to a stdio stream so large documents need no
 * intermediate copies.
 */
#ifndef TH_ESCAPE_H
#define TH_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/*
 * HTML text content: & < > " ' become character references. Safe inside
 * element content and, because quotes are escaped too, inside a quoted
 * attribute; th_escape_html_attr says the latter at the call site.
 * Returns 0, or -errno when writing fails.
 */
int th_escape_html(FILE *out, const char *s, size_t len);

/* HTML attribute value (double- or single-quoted): also escapes newlines
 * and tabs as references so the value stays on one line. */
int th_escape_html_attr(FILE *out, const char *s, size_t len);

/*
 * The inside of a gnuplot single-quoted string (the caller writes the
 * quotes): a quote is doubled, which is the only escape single-quoted
 * strings have; backslashes, backquotes and '@' are inert there (no
 * command or macro substitution inside single quotes, checked in
 * tests/report/test_escape.c's notes). Tabs become spaces, since a label
 * is one line. At most maxcp code points are written (0: no limit), with
 * "..." appended when cut, so long names do not crowd a chart.
 */
int th_escape_gnuplot(FILE *out, const char *s, size_t len, size_t maxcp);

/* Pango markup text: as HTML text (& < > " ' as entities). */
int th_escape_pango(FILE *out, const char *s, size_t len);

/*
 * The normalised text alone (invalid UTF-8 and controls to U+FFFD), for
 * sinks that take plain text. Returns a malloc'd NUL-terminated string
 * the caller frees, or NULL when out of memory.
 */
char *th_escape_plain(const char *s, size_t len);

#endif /* TH_ESCAPE_H */
