/* SPDX-License-Identifier: BSD-3-Clause */
/* tagcheck.c -- assertions on a report's messages (see tagcheck.h). */
#include "tests/support/tagcheck.h"

#include "common/buf.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#define LIST_MAX 2048

static bool
is_tag(const struct th_message *m, enum th_testcase tc, const char *tag)
{
	return th_tag_testcase(m->tag) == tc &&
	       strcmp(th_tag_name(m->tag), tag) == 0;
}

/* Append ";name" (no ';' first); a list cut short still fails to match. */
static void
list_add(char *out, size_t size, size_t *len, const char *name)
{
	if (*len < size)
		*len += (size_t)snprintf(out + *len, size - *len, "%s%s",
		                         *len ? ";" : "", name);
}

/* The tags of tc at min or above, in emission order. */
static void
list_emitted(const struct th_report *rep, enum th_testcase tc,
             enum th_level min, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < rep->n; i++)
		if (th_tag_testcase(rep->msgs[i].tag) == tc &&
		    rep->msgs[i].level >= min)
			list_add(out, size, &len,
			         th_tag_name(rep->msgs[i].tag));
}

bool
tagcheck_has(const struct th_report *rep, enum th_testcase tc, const char *tag)
{
	for (size_t i = 0; i < rep->n; i++)
		if (is_tag(&rep->msgs[i], tc, tag) &&
		    rep->msgs[i].level >= TH_LEVEL_DEBUG)
			return true;
	return false;
}

size_t
tagcheck_count(const struct th_report *rep, enum th_testcase tc,
               const char *tag)
{
	size_t n = 0;

	for (size_t i = 0; i < rep->n; i++)
		n += is_tag(&rep->msgs[i], tc, tag);
	return n;
}

const char *
tagcheck_value(const struct th_report *rep, enum th_testcase tc,
               const char *tag, const char *key)
{
	for (size_t i = 0; i < rep->n; i++)
		if (is_tag(&rep->msgs[i], tc, tag))
			return th_message_arg(&rep->msgs[i], key);
	return NULL;
}

void
tagcheck_assert_tags(const struct th_report *rep, enum th_testcase tc,
                     const char *what, const char *const *want, size_t nwant)
{
	const char *tcn = th_testcase_name(tc);
	char got[LIST_MAX], wanted[LIST_MAX];
	size_t n = 0, len = 0;

	wanted[0] = '\0';
	while (n < nwant && want[n] != NULL)
		list_add(wanted, sizeof(wanted), &len, want[n++]);
	list_emitted(rep, tc, TH_LEVEL_DEBUG, got, sizeof(got));
	for (size_t i = 0; i < rep->n; i++) {
		const struct th_message *m = &rep->msgs[i];
		const char *name = th_tag_name(m->tag);
		bool ok = false;

		if (th_tag_testcase(m->tag) != tc || m->level < TH_LEVEL_DEBUG)
			continue;
		for (size_t k = 0; k < n && !ok; k++)
			ok = strcmp(want[k], name) == 0;
		ck_assert_msg(ok, "%s: %s: unexpected %s (got %s; want %s)",
		              what, tcn, name, got, wanted);
	}
	for (size_t k = 0; k < n; k++)
		ck_assert_msg(tagcheck_has(rep, tc, want[k]),
		              "%s: %s: %s missing (got %s; want %s)", what, tcn,
		              want[k], got, wanted);
}

void
tagcheck_assert_sequence(const struct th_report *rep, enum th_testcase tc,
                         const char *what, const char *want)
{
	char got[LIST_MAX];

	list_emitted(rep, tc, TH_LEVEL_DEBUG3, got, sizeof(got));
	ck_assert_msg(strcmp(got, want) == 0, "%s: %s: got \"%s\", want \"%s\"",
	              what, th_testcase_name(tc), got, want);
}

void
tagcheck_assert_count(const struct th_report *rep, enum th_testcase tc,
                      const char *what, const char *tag, size_t n)
{
	size_t got = tagcheck_count(rep, tc, tag);

	ck_assert_msg(got == n, "%s: %s: %s emitted %zu times, want %zu", what,
	              th_testcase_name(tc), tag, got, n);
}

void
tagcheck_assert_arg(const struct th_report *rep, enum th_testcase tc,
                    const char *what, const char *tag, const char *key,
                    const char *value)
{
	for (size_t i = 0; i < rep->n; i++) {
		const char *v;

		if (!is_tag(&rep->msgs[i], tc, tag))
			continue;
		v = th_message_arg(&rep->msgs[i], key);
		ck_assert_msg(v != NULL && strcmp(v, value) == 0,
		              "%s: %s: %s %s is \"%s\", want \"%s\"", what,
		              th_testcase_name(tc), tag, key,
		              v != NULL ? v : "(none)", value);
		return;
	}
	ck_assert_msg(0, "%s: %s: no %s, want one with %s \"%s\"", what,
	              th_testcase_name(tc), tag, key, value);
}

void
tagcheck_assert_args(const struct th_report *rep, enum th_testcase tc,
                     const char *what, const struct tagcheck_arg *args,
                     size_t n)
{
	for (size_t i = 0; i < n && args[i].tag != NULL; i++)
		tagcheck_assert_arg(rep, tc, what, args[i].tag, args[i].key,
		                    args[i].value);
}

void
tagcheck_assert_any_arg(const struct th_report *rep, enum th_testcase tc,
                        const char *what, const struct tagcheck_arg *a)
{
	const char *seen = NULL;

	for (size_t i = 0; i < rep->n; i++) {
		const char *v;

		if (!is_tag(&rep->msgs[i], tc, a->tag))
			continue;
		v = th_message_arg(&rep->msgs[i], a->key);
		if (v != NULL && strcmp(v, a->value) == 0)
			return;
		seen = v != NULL ? v : "(none)";
	}
	ck_assert_msg(0, "%s: %s: no %s with %s \"%s\" (saw \"%s\")", what,
	              th_testcase_name(tc), a->tag, a->key, a->value,
	              seen != NULL ? seen : "no message");
}

void
tagcheck_assert_any_args(const struct th_report *rep, enum th_testcase tc,
                         const char *what, const struct tagcheck_arg *args,
                         size_t n)
{
	for (size_t i = 0; i < n && args[i].tag != NULL; i++)
		tagcheck_assert_any_arg(rep, tc, what, &args[i]);
}

void
tagcheck_assert_texts(const struct th_report *rep, enum th_testcase tc,
                      const char *what)
{
	struct th_buf b = TH_BUF_INIT(1 << 16);

	for (size_t i = 0; i < rep->n; i++) {
		if (th_tag_testcase(rep->msgs[i].tag) != tc)
			continue;
		th_buf_reset(&b);
		ck_assert_int_eq(th_message_text(&rep->msgs[i], &b), 0);
		ck_assert_msg(strchr(th_buf_str(&b), '{') == NULL,
		              "%s: %s: unfilled placeholder in \"%s\"", what,
		              th_testcase_name(tc), th_buf_str(&b));
	}
	th_buf_free(&b);
}

void
tagcheck_assert_emitted(const struct th_report *rep, enum th_testcase tc,
                        const char *what, const char *const *want, size_t nwant)
{
	ck_assert_msg(rep->err == 0, "%s: %s: report error %d", what,
	              th_testcase_name(tc), rep->err);
	tagcheck_assert_tags(rep, tc, what, want, nwant);
	tagcheck_assert_texts(rep, tc, what);
}

void
tagcheck_assert_in_order(const struct th_report *rep, enum th_testcase first)
{
	enum th_testcase last = first;

	for (size_t i = 0; i < rep->n; i++) {
		enum th_testcase tc = th_tag_testcase(rep->msgs[i].tag);

		ck_assert_msg(tc >= last, "%s of %s after %s",
		              th_tag_name(rep->msgs[i].tag),
		              th_testcase_name(tc), th_testcase_name(last));
		last = tc;
	}
}

void
tagcheck_assert_catalogue(enum th_module mod, unsigned ntags,
                          const struct tagcheck_spot *spot, size_t nspot)
{
	unsigned n = 0;

	for (unsigned i = 0; i < TH_TAG__COUNT; i++) {
		const char *text = th_tag_text((enum th_tag)i);

		if (th_testcase_module(th_tag_testcase((enum th_tag)i)) != mod)
			continue;
		n++;
		ck_assert_msg(text != NULL && strlen(text) > 10,
		              "%s: text \"%s\" too short",
		              th_tag_name((enum th_tag)i),
		              text ? text : "(none)");
	}
	ck_assert_msg(n == ntags, "%s: %u tags, want %u", th_module_name(mod),
	              n, ntags);
	for (size_t i = 0; i < nspot; i++) {
		enum th_testcase tc;
		enum th_tag tag;

		ck_assert_msg(th_testcase_parse(spot[i].tc, &tc) == 0,
		              "no test case %s", spot[i].tc);
		ck_assert_msg(th_tag_find(tc, spot[i].tag, &tag) == 0,
		              "%s: no tag %s", spot[i].tc, spot[i].tag);
		ck_assert_msg(strcmp(th_level_name(th_tag_default_level(tag)),
		                     spot[i].level) == 0,
		              "%s: %s is %s, want %s", spot[i].tc, spot[i].tag,
		              th_level_name(th_tag_default_level(tag)),
		              spot[i].level);
	}
}
