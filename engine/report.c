/* SPDX-License-Identifier: BSD-3-Clause */
/* report.c -- collected messages and their texts (see report.h). */
#include "engine/report.h"

#include "common/err.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int
th_report_init(struct th_report *r, const struct th_profile *profile)
{
	memset(r, 0, sizeof(*r));
	r->profile = profile;
	if ((r->region = th_region_create(0, 0)) == NULL)
		return TH_ENOMEM;
	return 0;
}

void
th_report_free(struct th_report *r)
{
	th_region_destroy(&r->region);
	free(r->msgs);
	memset(r, 0, sizeof(*r));
}

void
th_report_emit(struct th_report *r, enum th_tag tag, ...)
{
	struct th_message *m;
	const char *key;
	va_list ap;

	if (r->err != 0 || !r->profile->enabled[th_tag_testcase(tag)])
		return;
	if (r->n == r->alloc) {
		size_t n = r->alloc ? r->alloc * 2 : 32;
		struct th_message *p = realloc(r->msgs, n * sizeof(*p));

		if (p == NULL) {
			r->err = TH_ENOMEM;
			return;
		}
		r->msgs = p;
		r->alloc = n;
	}
	m = &r->msgs[r->n];
	m->tag = tag;
	m->level = th_profile_level(r->profile, tag);
	m->nargs = 0;
	va_start(ap, tag);
	while ((key = va_arg(ap, const char *)) != NULL) {
		const char *value = va_arg(ap, const char *);

		if (m->nargs == TH_REPORT_MAXARGS)
			continue;
		m->args[m->nargs].key = key; /* keys are literals */
		m->args[m->nargs].value =
		    th_region_strdup(r->region, value ? value : "");
		if (m->args[m->nargs].value == NULL) {
			r->err = TH_ENOMEM;
			va_end(ap);
			return;
		}
		m->nargs++;
	}
	va_end(ap);
	r->n++;
}

bool
th_report_has(const struct th_report *r, enum th_tag tag)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->msgs[i].tag == tag)
			return true;
	return false;
}

size_t
th_report_count(const struct th_report *r, enum th_testcase tc,
                enum th_level min)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		if (th_tag_testcase(r->msgs[i].tag) == tc &&
		    r->msgs[i].level >= min)
			n++;
	return n;
}

enum th_level
th_report_max_level(const struct th_report *r)
{
	enum th_level max = TH_LEVEL_DEBUG3;

	for (size_t i = 0; i < r->n; i++)
		if (r->msgs[i].level > max)
			max = r->msgs[i].level;
	return max;
}

const char *
th_message_arg(const struct th_message *m, const char *key)
{
	for (unsigned i = 0; i < m->nargs; i++)
		if (strcmp(m->args[i].key, key) == 0)
			return m->args[i].value;
	return NULL;
}

static int
append_escaped(struct th_buf *out, const char *s)
{
	int rc = 0;

	for (const unsigned char *p = (const unsigned char *)s;
	     *p != '\0' && rc == 0; p++) {
		if (*p < 0x20 || *p >= 0x7f)
			rc = th_buf_printf(out, "\\%03u", *p);
		else
			rc = th_buf_append_u8(out, *p);
	}
	return rc;
}

int
th_message_text(const struct th_message *m, struct th_buf *out)
{
	const char *t = th_tag_text(m->tag);
	int rc = 0;

	while (*t != '\0' && rc == 0) {
		const char *close;
		const char *value = NULL;

		if (*t == '{' && (close = strchr(t, '}')) != NULL) {
			for (unsigned i = 0; i < m->nargs; i++)
				if (strlen(m->args[i].key) ==
				        (size_t)(close - t - 1) &&
				    memcmp(m->args[i].key, t + 1,
				           (size_t)(close - t - 1)) == 0)
					value = m->args[i].value;
			if (value != NULL) {
				rc = append_escaped(out, value);
				t = close + 1;
				continue;
			}
		}
		rc = th_buf_append_u8(out, (uint8_t)*t++);
	}
	return rc;
}
