/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * domlist.h -- domain-list reader: one name per line, normalised as
 * `tldhealth check` normalises its argument.
 *
 * A line holds one domain name, with surrounding whitespace ignored;
 * "#" starts a comment that runs to the end of the line (a whole line or
 * after the name); blank lines are skipped. Each name goes through
 * engine/normalize (Zonemaster's input normalisation: U-labels to
 * A-labels by IDNA2008 with UTS #46, lower case, length limits), so
 * "Räksmörgås.SE" is read as "xn--rksmrgs-5wao1o.se.". A name that does
 * not normalise is reported with file:line and the reason (the SYSTEM
 * tag of the normalisation: INVALID_U_LABEL, LABEL_TOO_LONG, ...),
 * counted and skipped; so are lines with more than one word and lines
 * longer than TH_DOMLIST_MAXLINE. A name seen before is skipped and
 * reported once, at its first repetition; later repetitions are only
 * counted. The root (".") is not a domain to survey and is rejected.
 *
 * Memory: a hash set of the names read (SipHash under a random key), in a
 * region: about 48 octets per distinct name.
 */
#ifndef TH_DOMLIST_H
#define TH_DOMLIST_H

#include "common/dname.h"

#include <stdint.h>
#include <stdio.h>

/* Longest line accepted (octets, newline excluded). */
#define TH_DOMLIST_MAXLINE 4096

struct th_domlist;

/* One problem with a line; pointers are borrowed for the callback only. */
struct th_domlist_error {
	const char *file;
	unsigned long line;
	const char *reason; /* tag: "INVALID_U_LABEL", "DUPLICATE", ... */
	const char *text;   /* English text of the reason */
	const char *input;  /* the line's name, control octets as '?' */
};

typedef void th_domlist_error_fn(void *arg, const struct th_domlist_error *e);

struct th_domlist_stats {
	uint64_t lines;      /* lines read */
	uint64_t names;      /* names returned */
	uint64_t skipped;    /* lines rejected (bad names, long lines) */
	uint64_t duplicates; /* repeated names skipped */
};

/*
 * Open a reader on the file at path, or on a stream (not closed by the
 * reader; name is used in messages). on_error NULL logs a warning per
 * problem through common/log.
 * @return 0 and *out (release with th_domlist_destroy()); -errno when the
 *         file cannot be opened; TH_ENOMEM.
 */
int th_domlist_open(struct th_domlist **out, const char *path,
                    th_domlist_error_fn *on_error, void *arg)
    __attribute__((warn_unused_result));
int th_domlist_open_fp(struct th_domlist **out, FILE *fp, const char *name,
                       th_domlist_error_fn *on_error, void *arg)
    __attribute__((warn_unused_result));

/*
 * The next name, lower case, absolute.
 * @param[out] name  set to the name (borrowed until the next call), or
 *                   NULL at the end of the input.
 * @return 0; TH_EIO (or -errno) on a read error; TH_ENOMEM.
 */
int th_domlist_next(struct th_domlist *dl, const struct th_dname **name)
    __attribute__((warn_unused_result));

void th_domlist_stats(const struct th_domlist *dl,
                      struct th_domlist_stats *out);

/* Free everything (closing a file it opened); *dlp becomes NULL. */
void th_domlist_destroy(struct th_domlist **dlp);

#endif /* TH_DOMLIST_H */
