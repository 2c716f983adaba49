/* SPDX-License-Identifier: BSD-3-Clause */
/* summary.c -- summary.json and the CSV tables (see summary.h). */
#include "analyzer/summary.h"

#include "common/buf.h"
#include "common/csv.h"
#include "common/err.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct th_summary {
	json_t *root;    /* the document, tables' rows all kept */
	json_t *metrics; /* borrowed from root */
	json_t *tables;
	json_t *table; /* the last table started */
	size_t ncols;
};

static const char *const chapters[][2] = {
    {"summary", "Summary"},
    {"dnssec", "DNSSEC"},
    {"delegation", "Delegation quality"},
    {"infrastructure", "Name server infrastructure"},
    {"behaviour", "Name server behaviour"},
    {"content", "Zone content and mail"},
    {"outcomes", "Test outcomes"},
};

static void
utc(uint64_t t, char *dst, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(dst, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(dst, size, "1970-01-01T00:00:00Z");
}

int
th_summary_new(struct th_summary **out, const struct th_summary_meta *m)
{
	struct th_summary *s = calloc(1, sizeof(*s));
	json_t *ch;
	char when[32];
	int rc = 0;

	*out = NULL;
	if (s == NULL)
		return TH_ENOMEM;
	utc(m->generated, when, sizeof(when));
	s->root = json_object();
	s->metrics = json_array();
	s->tables = json_array();
	ch = json_array();
	if (s->root == NULL || s->metrics == NULL || s->tables == NULL ||
	    ch == NULL) {
		json_decref(s->metrics);
		json_decref(s->tables);
		json_decref(ch);
		th_summary_free(s);
		return TH_ENOMEM;
	}
	rc |= json_object_set_new(s->root, "schema",
	                          json_integer(TH_SUMMARY_SCHEMA));
	rc |= json_object_set_new(s->root, "generator",
	                          json_string("tldhealth " TLDHEALTH_VERSION));
	rc |= json_object_set_new(s->root, "generated", json_string(when));
	rc |= json_object_set_new(s->root, "run", json_string(m->run));
	rc |= json_object_set_new(s->root, "input",
	                          json_string(m->input ? m->input : ""));
	rc |= json_object_set_new(s->root, "state",
	                          json_string(m->state ? m->state : ""));
	rc |= json_object_set_new(s->root, "domains",
	                          json_integer((json_int_t)m->domains));
	for (size_t i = 0; i < sizeof(chapters) / sizeof(chapters[0]); i++)
		rc |= json_array_append_new(
		    ch, json_pack("{s:s, s:s}", "id", chapters[i][0], "title",
		                  chapters[i][1]));
	rc |= json_object_set_new(s->root, "chapters", ch);
	rc |= json_object_set(s->root, "metrics", s->metrics);
	rc |= json_object_set(s->root, "tables", s->tables);
	rc |= json_object_set_new(s->root, "compare", json_array());
	json_decref(s->metrics);
	json_decref(s->tables);
	if (rc != 0) {
		th_summary_free(s);
		return TH_ENOMEM;
	}
	*out = s;
	return 0;
}

void
th_summary_free(struct th_summary *s)
{
	if (s == NULL)
		return;
	json_decref(s->root);
	free(s);
}

/* The object at root.key, created when missing. */
static json_t *
child(json_t *parent, const char *key)
{
	json_t *o = json_object_get(parent, key);

	if (o == NULL) {
		o = json_object();
		if (o == NULL || json_object_set_new(parent, key, o) != 0)
			return NULL;
	}
	return o;
}

int
th_summary_count(struct th_summary *s, const char *group, const char *fact,
                 const char *cls, uint64_t n)
{
	json_t *g = child(s->root, group), *f = g ? child(g, fact) : NULL;

	if (f == NULL ||
	    json_object_set_new(f, cls, json_integer((json_int_t)n)) != 0)
		return TH_ENOMEM;
	return 0;
}

static json_t *
metric(const char *id, const char *chapter, const char *title, bool headline,
       const char *unit)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:s}", "id", id, "chapter",
	                 chapter, "title", title, "headline", headline, "unit",
	                 unit);
}

static int
metric_add(struct th_summary *s, json_t *m, const char *definition)
{
	int rc = 0;

	if (m == NULL)
		return TH_ENOMEM;
	rc |= json_object_set_new(m, "definition", json_string(definition));
	rc |= json_object_set_new(m, "compare", json_array());
	rc |= json_array_append_new(s->metrics, m);
	return rc != 0 ? TH_ENOMEM : 0;
}

int
th_summary_share(struct th_summary *s, const char *id, const char *chapter,
                 const char *title, bool headline, uint64_t num, uint64_t den,
                 const char *definition)
{
	json_t *m = metric(id, chapter, title, headline, "share");
	int rc = 0;

	if (m == NULL)
		return TH_ENOMEM;
	rc |= json_object_set_new(
	    m, "value",
	    den != 0 ? json_real((double)num / (double)den) : json_null());
	rc |=
	    json_object_set_new(m, "numerator", json_integer((json_int_t)num));
	rc |= json_object_set_new(m, "denominator",
	                          json_integer((json_int_t)den));
	if (rc != 0) {
		json_decref(m);
		return TH_ENOMEM;
	}
	return metric_add(s, m, definition);
}

int
th_summary_value(struct th_summary *s, const char *id, const char *chapter,
                 const char *title, bool headline, const char *unit,
                 double value, const char *definition)
{
	json_t *m = metric(id, chapter, title, headline, unit);

	if (m == NULL)
		return TH_ENOMEM;
	if (json_object_set_new(m, "value",
	                        strcmp(unit, "count") == 0 &&
	                                value == (double)(json_int_t)value
	                            ? json_integer((json_int_t)value)
	                            : json_real(value)) != 0) {
		json_decref(m);
		return TH_ENOMEM;
	}
	return metric_add(s, m, definition);
}

int
th_summary_table(struct th_summary *s, const char *id, const char *chapter,
                 const char *title, const char *chart, const char *definition,
                 size_t ncols, const char *const *columns,
                 const char *const *types)
{
	json_t *t, *cols = json_array(), *ty = json_array();
	int rc = 0;

	if (ncols == 0 || ncols > TH_SUMMARY_MAXCOLS)
		return TH_EINVAL;
	for (size_t i = 0; i < ncols && cols && ty; i++) {
		rc |= json_array_append_new(cols, json_string(columns[i]));
		rc |= json_array_append_new(ty, json_string(types[i]));
	}
	t = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o*, s:o*, s:[]}", "id", id,
	              "chapter", chapter, "title", title, "definition",
	              definition, "chart", chart, "columns", cols, "types", ty,
	              "rows");
	if (t == NULL || rc != 0 || json_array_append_new(s->tables, t) != 0)
		return TH_ENOMEM;
	s->table = t;
	s->ncols = ncols;
	return 0;
}

struct th_cell
th_cell_share(uint64_t num, uint64_t den)
{
	struct th_cell c = {NULL, 0, 0, den == 0};

	if (den != 0)
		c.v = (double)num / (double)den;
	return c;
}

int
th_summary_row(struct th_summary *s, const struct th_cell *cells)
{
	json_t *types, *row;
	int rc = 0;

	if (s->table == NULL)
		return TH_EINVAL;
	types = json_object_get(s->table, "types");
	if ((row = json_array()) == NULL)
		return TH_ENOMEM;
	for (size_t i = 0; i < s->ncols; i++) {
		const char *ty = json_string_value(json_array_get(types, i));
		json_t *v;

		if (cells[i].null)
			v = json_null();
		else if (strcmp(ty, "string") == 0)
			v = json_string_nocheck(cells[i].s ? cells[i].s : "");
		else if (strcmp(ty, "count") == 0)
			v = json_integer((json_int_t)cells[i].n);
		else
			v = json_real(cells[i].v);
		rc |= json_array_append_new(row, v);
	}
	if (rc != 0 ||
	    json_array_append_new(json_object_get(s->table, "rows"), row) != 0)
		return TH_ENOMEM;
	return 0;
}

static json_t *
find_metric(const json_t *metrics, const char *id)
{
	size_t i;
	json_t *m;

	json_array_foreach(metrics, i, m)
	{
		const char *mid = json_string_value(json_object_get(m, "id"));

		if (mid != NULL && strcmp(mid, id) == 0)
			return m;
	}
	return NULL;
}

int
th_summary_compare(struct th_summary *s, const struct th_summary *old)
{
	const char *run = json_string_value(json_object_get(old->root, "run"));
	size_t i;
	json_t *m;
	int rc = 0;

	json_array_foreach(s->metrics, i, m)
	{
		json_t *o = find_metric(
		    old->metrics, json_string_value(json_object_get(m, "id")));
		json_t *ov = o ? json_object_get(o, "value") : NULL;
		json_t *nv = json_object_get(m, "value");
		json_t *e;
		bool share =
		    strcmp(json_string_value(json_object_get(m, "unit")),
		           "share") == 0;

		if (ov == NULL || !json_is_number(ov))
			continue;
		e = json_pack("{s:s, s:O}", "run", run, "value", ov);
		if (e == NULL)
			return TH_ENOMEM;
		if (json_is_number(nv)) {
			double d =
			    json_number_value(nv) - json_number_value(ov);

			rc |=
			    json_object_set_new(e, share ? "delta_pp" : "delta",
			                        json_real(share ? d * 100 : d));
		}
		rc |= json_array_append_new(json_object_get(m, "compare"), e);
	}
	rc |= json_array_append_new(
	    json_object_get(s->root, "compare"),
	    json_pack("{s:s, s:O, s:O}", "run", run, "domains",
	              json_object_get(old->root, "domains"), "generated",
	              json_object_get(old->root, "generated")));
	return rc != 0 ? TH_ENOMEM : 0;
}

static int
write_file(const char *dir, const char *name, const char *data, size_t len,
           char *err, size_t errlen)
{
	char path[4096], tmp[4200];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", dir);
		return TH_EINVAL;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	/* Written beside and renamed: a reader never sees half a file. */
	if ((f = fopen(tmp, "w")) == NULL || fwrite(data, 1, len, f) != len ||
	    fclose(f) != 0) {
		int e = errno ? errno : EIO;

		snprintf(err, errlen, "%s: %s", tmp, strerror(e));
		return th_from_errno(e);
	}
	if (rename(tmp, path) != 0) {
		int e = errno;

		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return th_from_errno(e);
	}
	return 0;
}

static int
csv_table(const json_t *t, struct th_buf *b)
{
	const json_t *cols = json_object_get(t, "columns");
	const json_t *rows = json_object_get(t, "rows");
	json_t *c, *row;
	size_t i, j;
	int rc = 0;

	json_array_foreach(cols, i, c) rc |=
	    th_csv_cell(b, json_string_value(c), i == 0);
	rc |= th_buf_append_u8(b, '\n');
	json_array_foreach(rows, j, row)
	{
		json_array_foreach(row, i, c)
		{
			char num[40];
			const char *text = num;

			if (json_is_string(c))
				text = json_string_value(c);
			else if (json_is_integer(c))
				snprintf(num, sizeof(num),
				         "%" JSON_INTEGER_FORMAT,
				         json_integer_value(c));
			else if (json_is_real(c))
				snprintf(num, sizeof(num), "%.6g",
				         json_real_value(c));
			else
				num[0] = '\0';
			rc |= th_csv_cell(b, text, i == 0);
		}
		rc |= th_buf_append_u8(b, '\n');
	}
	return rc != 0 ? TH_ENOMEM : 0;
}

int
th_summary_write(const struct th_summary *s, const char *dir, char *err,
                 size_t errlen)
{
	json_t *doc = json_deep_copy(s->root), *t;
	struct th_buf b = TH_BUF_INIT(SIZE_MAX / 2);
	char *text;
	size_t i;
	int rc = 0;

	if (doc == NULL) {
		snprintf(err, errlen, "out of memory");
		return TH_ENOMEM;
	}
	json_array_foreach(s->tables, i, t)
	{
		const char *id = json_string_value(json_object_get(t, "id"));
		char name[300];

		th_buf_reset(&b);
		snprintf(name, sizeof(name), "%s.csv", id);
		if ((rc = csv_table(t, &b)) != 0) {
			snprintf(err, errlen, "out of memory");
			break;
		}
		if ((rc = write_file(dir, name, (const char *)th_buf_data(&b),
		                     th_buf_len(&b), err, errlen)) != 0)
			break;
	}
	th_buf_free(&b);
	/* The JSON carries the first rows only, and their total. */
	json_array_foreach(json_object_get(doc, "tables"), i, t)
	{
		json_t *rows = json_object_get(t, "rows");
		size_t n = json_array_size(rows);

		json_object_set_new(t, "total_rows",
		                    json_integer((json_int_t)n));
		while (json_array_size(rows) > TH_SUMMARY_JSON_ROWS)
			json_array_remove(rows, json_array_size(rows) - 1);
	}
	if (rc == 0) {
		text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
		                           JSON_REAL_PRECISION(8));
		if (text == NULL) {
			snprintf(err, errlen, "out of memory");
			rc = TH_ENOMEM;
		} else {
			struct th_buf out = TH_BUF_INIT(SIZE_MAX / 2);

			rc = th_buf_append(&out, text, strlen(text)) |
			     th_buf_append_u8(&out, '\n');
			free(text);
			if (rc != 0)
				snprintf(err, errlen, "out of memory");
			else
				rc = write_file(dir, "summary.json",
				                (const char *)th_buf_data(&out),
				                th_buf_len(&out), err, errlen);
			th_buf_free(&out);
		}
	}
	json_decref(doc);
	return rc;
}

bool
th_summary_metric(const struct th_summary *s, const char *id, double *value)
{
	json_t *m = find_metric(s->metrics, id), *v;

	if (m == NULL || !json_is_number(v = json_object_get(m, "value")))
		return false;
	*value = json_number_value(v);
	return true;
}
