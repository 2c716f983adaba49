/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * strlist.h -- the ';'-joined lists of message arguments ("ns_list",
 * "asn_list", ...), as Zonemaster writes them.
 *
 * Two forms: a th_strlist collects distinct strings and joins them sorted
 * bytewise (Zonemaster sorts its lists); th_strlist_cat appends to a list
 * kept in a buffer, in the order given. Out of memory drops an item: a
 * shorter list in a message is better than none, and the report's own
 * allocation failure is what the caller sees.
 */
#ifndef TH_STRLIST_H
#define TH_STRLIST_H

#include "common/buf.h"

#include <stddef.h>

struct th_strlist {
	char **v;
	size_t n, alloc;
};

#define TH_STRLIST_INIT                                                        \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Append a copy of s, repeats kept. Returns 0 or TH_ENOMEM. */
int th_strlist_push(struct th_strlist *l, const char *s);

/* Append a copy of s unless an equal string is there. */
void th_strlist_add(struct th_strlist *l, const char *s);

/*
 * Sort the list and write it as "a;b;c" into out (reset first). Returns
 * out's text, valid until out changes.
 */
const char *th_strlist_join(struct th_strlist *l, struct th_buf *out);

/* Free the strings and the list; l is empty and reusable afterwards. */
void th_strlist_free(struct th_strlist *l);

/* Append item to the ';'-separated list in b, in one append, so that a
 * list at b's cap keeps whole items only. */
void th_strlist_cat(struct th_buf *b, const char *item);

#endif /* TH_STRLIST_H */
