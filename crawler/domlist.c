/* SPDX-License-Identifier: BSD-3-Clause */
/* domlist.c -- domain-list reader (see domlist.h). */
#include "crawler/domlist.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/log.h"
#include "common/region.h"
#include "common/secrand.h"
#include "engine/normalize.h"
#include "engine/profile.h"
#include "engine/report.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A name already returned; the set keeps its first line for messages. */
struct dlist_seen {
	struct th_hash_node hn;
	unsigned long line;
	bool reported; /* its first repetition was reported */
	uint8_t len;
	uint8_t wire[];
};

struct th_domlist {
	FILE *fp;
	bool own_fp;
	char *name;
	th_domlist_error_fn *on_error;
	void *arg;
	struct th_domlist_stats st;
	struct th_profile profile;
	struct th_report rep;
	struct th_hash seen;
	struct th_region *region;
	uint64_t k0, k1;
	struct th_dname cur;
	char line[TH_DOMLIST_MAXLINE + 2];
};

static void
dlist_report(struct th_domlist *dl, const char *reason, const char *text,
             const char *input, size_t len)
{
	char in[256];
	size_t n = 0;
	struct th_domlist_error e;

	/* Control octets would drive a terminal: shown as '?'. */
	for (size_t i = 0; i < len && n + 4 < sizeof(in); i++) {
		unsigned char c = (unsigned char)input[i];

		in[n++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	if (n < len) {
		memcpy(in + n, "...", 3);
		n += 3;
	}
	in[n] = '\0';
	e = (struct th_domlist_error){dl->name, (unsigned long)dl->st.lines,
	                              reason, text, in};
	if (dl->on_error != NULL) {
		dl->on_error(dl->arg, &e);
		return;
	}
	th_log_warn("%s:%lu: %s (%s): %s", e.file, e.line, text, reason, in);
}

static bool
dlist_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * Read one line into dl->line (NUL-terminated, newline dropped).
 * Returns 1 with *len set, 0 at the end, or a negative status. A line
 * longer than TH_DOMLIST_MAXLINE is consumed and reported as *len larger
 * than the limit.
 */
static int
dlist_getline(struct th_domlist *dl, size_t *len)
{
	size_t n = 0;
	int c;
	bool any = false;

	while ((c = getc(dl->fp)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (n < TH_DOMLIST_MAXLINE + 1)
			dl->line[n] = (char)c;
		n++;
	}
	if (c == EOF && ferror(dl->fp))
		return errno != 0 ? th_from_errno(errno) : TH_EIO;
	if (!any)
		return 0;
	dl->line[n < TH_DOMLIST_MAXLINE + 1 ? n : TH_DOMLIST_MAXLINE + 1] =
	    '\0';
	*len = n;
	return 1;
}

static struct dlist_seen *
dlist_find(struct th_domlist *dl, const struct th_dname *d, uint64_t h)
{
	for (struct th_hash_node *n = th_hash_first(&dl->seen, h); n != NULL;
	     n = th_hash_next(n)) {
		struct dlist_seen *s = (struct dlist_seen *)n;

		if (s->len == d->len && memcmp(s->wire, d->wire, d->len) == 0)
			return s;
	}
	return NULL;
}

/* Why th_normalize refused: the tag it emitted. */
static void
dlist_refused(struct th_domlist *dl, const char *input, size_t len)
{
	const char *tag = "INVALID_NAME", *text = "not a valid domain name";
	struct th_buf msg = TH_BUF_INIT(1024);
	int rc;

	if (dl->rep.n > 0) {
		const struct th_message *m = &dl->rep.msgs[dl->rep.n - 1];

		tag = th_tag_name(m->tag);
		text = th_tag_text(m->tag);
		/* The catalogue's text with its {label} filled in. */
		if (th_message_text(m, &msg) == 0)
			text = th_buf_str(&msg);
	}
	dlist_report(dl, tag, text, input, len);
	th_buf_free(&msg);
	/* A fresh report, so that failures do not pile up in memory. */
	th_report_free(&dl->rep);
	rc = th_report_init(&dl->rep, &dl->profile);
	(void)rc; /* checked by the caller through dl->rep.region */
}

int
th_domlist_next(struct th_domlist *dl, const struct th_dname **name)
{
	size_t len;
	int rc;

	*name = NULL;
	while ((rc = dlist_getline(dl, &len)) > 0) {
		char *p = dl->line, *hash, *end;
		struct dlist_seen *s;
		uint64_t h;

		dl->st.lines++;
		if (len > TH_DOMLIST_MAXLINE) {
			dlist_report(dl, "LINE_TOO_LONG",
			             "line longer than 4096 octets", p, 64);
			dl->st.skipped++;
			continue;
		}
		if (memchr(p, '\0', len) != NULL) {
			dlist_report(dl, "BAD_CHARACTER",
			             "NUL octet in the line", p, len);
			dl->st.skipped++;
			continue;
		}
		if ((hash = strchr(p, '#')) != NULL)
			*hash = '\0';
		while (dlist_space((unsigned char)*p))
			p++;
		end = p + strlen(p);
		while (end > p && dlist_space((unsigned char)end[-1]))
			*--end = '\0';
		if (p == end)
			continue;
		for (const char *q = p; q < end; q++)
			if (dlist_space((unsigned char)*q)) {
				dlist_report(dl, "MULTIPLE_WORDS",
				             "more than one word on the line",
				             p, (size_t)(end - p));
				dl->st.skipped++;
				p = NULL;
				break;
			}
		if (p == NULL)
			continue;
		if (th_normalize(p, &dl->cur, &dl->rep) != 0) {
			dlist_refused(dl, p, (size_t)(end - p));
			if (dl->rep.region == NULL)
				return TH_ENOMEM;
			dl->st.skipped++;
			continue;
		}
		if (th_dname_is_root(&dl->cur)) {
			dlist_report(dl, "ROOT_NAME",
			             "the root is not a domain to survey", p,
			             (size_t)(end - p));
			dl->st.skipped++;
			continue;
		}
		th_dname_canonicalize(&dl->cur);
		h = th_hash_sip(dl->cur.wire, dl->cur.len, dl->k0, dl->k1);
		if ((s = dlist_find(dl, &dl->cur, h)) != NULL) {
			dl->st.duplicates++;
			if (!s->reported) {
				char text[96];

				snprintf(
				    text, sizeof(text),
				    "duplicate of line %lu (reported once)",
				    s->line);
				dlist_report(dl, "DUPLICATE", text, p,
				             (size_t)(end - p));
				s->reported = true;
			}
			continue;
		}
		s = th_region_alloc(dl->region, sizeof(*s) + dl->cur.len);
		if (s == NULL)
			return TH_ENOMEM;
		s->line = (unsigned long)dl->st.lines;
		s->reported = false;
		s->len = dl->cur.len;
		memcpy(s->wire, dl->cur.wire, dl->cur.len);
		th_hash_insert(&dl->seen, &s->hn, h);
		dl->st.names++;
		*name = &dl->cur;
		return 0;
	}
	return rc;
}

static int
dlist_new(struct th_domlist **out, FILE *fp, bool own, const char *name,
          th_domlist_error_fn *on_error, void *arg)
{
	struct th_domlist *dl = calloc(1, sizeof(*dl));
	struct th_secrand rnd;

	if (dl == NULL)
		return TH_ENOMEM;
	dl->fp = fp;
	dl->own_fp = own;
	dl->on_error = on_error;
	dl->arg = arg;
	th_profile_default(&dl->profile);
	if ((dl->name = strdup(name != NULL ? name : "-")) == NULL ||
	    (dl->region = th_region_create(1u << 16, 0)) == NULL ||
	    th_hash_init(&dl->seen, 1024) != 0 ||
	    th_report_init(&dl->rep, &dl->profile) != 0) {
		/* The caller keeps (and closes) fp when opening fails. */
		dl->own_fp = false;
		th_domlist_destroy(&dl);
		return TH_ENOMEM;
	}
	th_secrand_init(&rnd);
	dl->k0 = th_secrand_u64(&rnd);
	dl->k1 = th_secrand_u64(&rnd);
	*out = dl;
	return 0;
}

int
th_domlist_open(struct th_domlist **out, const char *path,
                th_domlist_error_fn *on_error, void *arg)
{
	FILE *fp = fopen(path, "re");
	int rc;

	if (fp == NULL)
		return th_from_errno(errno);
	if ((rc = dlist_new(out, fp, true, path, on_error, arg)) != 0)
		fclose(fp);
	return rc;
}

int
th_domlist_open_fp(struct th_domlist **out, FILE *fp, const char *name,
                   th_domlist_error_fn *on_error, void *arg)
{
	return dlist_new(out, fp, false, name, on_error, arg);
}

void
th_domlist_stats(const struct th_domlist *dl, struct th_domlist_stats *out)
{
	*out = dl->st;
}

void
th_domlist_destroy(struct th_domlist **dlp)
{
	struct th_domlist *dl;

	if (dlp == NULL || (dl = *dlp) == NULL)
		return;
	if (dl->own_fp && dl->fp != NULL)
		fclose(dl->fp);
	th_report_free(&dl->rep);
	if (dl->seen.buckets != NULL)
		th_hash_free(&dl->seen);
	th_region_destroy(&dl->region);
	free(dl->name);
	free(dl);
	*dlp = NULL;
}
