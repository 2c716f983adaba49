/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * model.c -- summary.json through jansson into the checked model; every
 * error names the JSON path of the member at fault.
 */
#include "report/model.h"

#include "common/err.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds that keep a hostile file from making the report huge; the schema
 * has at most 50 rows a table. */
#define MAX_COLS 64
#define MAX_ROWS 10000
#define MAX_ITEMS 100000

struct ctx {
	char *err;
	size_t errlen;
};

static int
fail(struct ctx *c, int rc, const char *fmt, ...)
{
	va_list ap;

	if (c->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* A string member; NULL (and no error) when optional and absent. */
static int
get_str(struct ctx *c, json_t *obj, const char *path, const char *key,
        bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || (json_is_null(v) && !required)) {
		if (required)
			return fail(c, TH_ESYNTAX, "%s.%s: missing", path, key);
		return 0;
	}
	if (!json_is_string(v))
		return fail(c, TH_ESYNTAX, "%s.%s: expected a string", path,
		            key);
	*out = json_string_value(v);
	return 0;
}

/* A number member; NaN when null, or when optional and absent. */
static int
get_num(struct ctx *c, json_t *obj, const char *path, const char *key,
        bool required, double *out, bool *present)
{
	json_t *v = json_object_get(obj, key);

	*out = NAN;
	if (present != NULL)
		*present = false;
	if (v == NULL) {
		if (required)
			return fail(c, TH_ESYNTAX, "%s.%s: missing", path, key);
		return 0;
	}
	if (json_is_null(v))
		return 0;
	if (!json_is_number(v))
		return fail(c, TH_ESYNTAX, "%s.%s: expected a number", path,
		            key);
	*out = json_number_value(v);
	if (present != NULL)
		*present = true;
	return 0;
}

static int
get_array(struct ctx *c, json_t *obj, const char *path, const char *key,
          bool required, json_t **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL) {
		if (required)
			return fail(c, TH_ESYNTAX, "%s.%s: missing", path, key);
		return 0;
	}
	if (!json_is_array(v))
		return fail(c, TH_ESYNTAX, "%s.%s: expected an array", path,
		            key);
	if (json_array_size(v) > MAX_ITEMS)
		return fail(c, TH_ETOOBIG, "%s.%s: more than %d items", path,
		            key, MAX_ITEMS);
	*out = v;
	return 0;
}

static int
load_chapters(struct ctx *c, struct th_model *s, json_t *root)
{
	json_t *a, *v;
	size_t i;
	int rc;

	if ((rc = get_array(c, root, "$", "chapters", true, &a)) != 0)
		return rc;
	s->chapters = calloc(json_array_size(a) + 1, sizeof(*s->chapters));
	if (s->chapters == NULL)
		return TH_ENOMEM;
	json_array_foreach(a, i, v)
	{
		struct th_model_chapter *ch = &s->chapters[i];
		char path[64];

		snprintf(path, sizeof(path), "$.chapters[%zu]", i);
		if (!json_is_object(v))
			return fail(c, TH_ESYNTAX, "%s: expected an object",
			            path);
		if ((rc = get_str(c, v, path, "id", true, &ch->id)) != 0 ||
		    (rc = get_str(c, v, path, "title", true, &ch->title)) != 0)
			return rc;
		s->nchapters++;
	}
	return 0;
}

static int
load_metric_compare(struct ctx *c, struct th_model_metric *m, json_t *obj,
                    const char *mpath)
{
	json_t *a, *v;
	size_t i;
	int rc;

	if ((rc = get_array(c, obj, mpath, "compare", false, &a)) != 0)
		return rc;
	if (a == NULL)
		return 0;
	m->compare = calloc(json_array_size(a) + 1, sizeof(*m->compare));
	if (m->compare == NULL)
		return TH_ENOMEM;
	json_array_foreach(a, i, v)
	{
		struct th_model_cmp *cm = &m->compare[i];
		char path[128];
		bool pp, plain;
		double d1, d2;

		snprintf(path, sizeof(path), "%s.compare[%zu]", mpath, i);
		if (!json_is_object(v))
			return fail(c, TH_ESYNTAX, "%s: expected an object",
			            path);
		if ((rc = get_str(c, v, path, "run", true, &cm->run)) != 0 ||
		    (rc = get_num(c, v, path, "value", true, &cm->value,
		                  NULL)) != 0 ||
		    (rc = get_num(c, v, path, "delta_pp", false, &d1, &pp)) !=
		        0 ||
		    (rc = get_num(c, v, path, "delta", false, &d2, &plain)) !=
		        0)
			return rc;
		cm->has_delta = pp || plain;
		cm->delta = pp ? d1 : d2;
		m->ncompare++;
	}
	return 0;
}

static int
load_metrics(struct ctx *c, struct th_model *s, json_t *root)
{
	json_t *a, *v;
	size_t i;
	int rc;

	if ((rc = get_array(c, root, "$", "metrics", true, &a)) != 0)
		return rc;
	s->metrics = calloc(json_array_size(a) + 1, sizeof(*s->metrics));
	if (s->metrics == NULL)
		return TH_ENOMEM;
	json_array_foreach(a, i, v)
	{
		struct th_model_metric *m = &s->metrics[i];
		json_t *h;
		char path[64];
		bool num, den;

		snprintf(path, sizeof(path), "$.metrics[%zu]", i);
		if (!json_is_object(v))
			return fail(c, TH_ESYNTAX, "%s: expected an object",
			            path);
		s->nmetrics++;
		if ((rc = get_str(c, v, path, "id", true, &m->id)) != 0 ||
		    (rc = get_str(c, v, path, "chapter", true, &m->chapter)) !=
		        0 ||
		    (rc = get_str(c, v, path, "title", true, &m->title)) != 0 ||
		    (rc = get_str(c, v, path, "unit", true, &m->unit)) != 0 ||
		    (rc = get_str(c, v, path, "definition", false,
		                  &m->definition)) != 0 ||
		    (rc = get_num(c, v, path, "value", true, &m->value,
		                  NULL)) != 0 ||
		    (rc = get_num(c, v, path, "numerator", false, &m->numerator,
		                  &num)) != 0 ||
		    (rc = get_num(c, v, path, "denominator", false,
		                  &m->denominator, &den)) != 0)
			return rc;
		h = json_object_get(v, "headline");
		if (h != NULL && !json_is_boolean(h))
			return fail(c, TH_ESYNTAX,
			            "%s.headline: expected true or false",
			            path);
		m->headline = json_is_true(h);
		m->has_ratio = num && den;
		if ((rc = load_metric_compare(c, m, v, path)) != 0)
			return rc;
	}
	return 0;
}

static const char *const type_names[] = {"string", "count", "share", "number"};
static const char *const chart_names[] = {"none", "bar", "hbar", "pie",
                                          "histogram"};

const char *
th_model_type_name(enum th_model_type t)
{
	return (size_t)t < 4 ? type_names[t] : "?";
}

const char *
th_model_chart_name(enum th_model_chart c)
{
	return (size_t)c < 5 ? chart_names[c] : "?";
}

/* Table ids become file names (OUT/charts/<id>.svg), so they are held to a
 * file-name alphabet rather than escaped. */
static bool
safe_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 100 || id[0] == '.' || id[0] == '-')
		return false;
	return strspn(id, "abcdefghijklmnopqrstuvwxyz"
	                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

static int
load_table_shape(struct ctx *c, struct th_model_table *t, json_t *v,
                 const char *path)
{
	json_t *cols, *types, *x;
	size_t i;
	int rc;

	if ((rc = get_array(c, v, path, "columns", true, &cols)) != 0 ||
	    (rc = get_array(c, v, path, "types", true, &types)) != 0)
		return rc;
	t->ncols = json_array_size(cols);
	if (t->ncols == 0 || t->ncols > MAX_COLS)
		return fail(c, TH_ESYNTAX, "%s.columns: 1 to %d columns", path,
		            MAX_COLS);
	if (json_array_size(types) != t->ncols)
		return fail(c, TH_ESYNTAX,
		            "%s.types: %zu types for %zu columns", path,
		            json_array_size(types), t->ncols);
	t->columns = calloc(t->ncols, sizeof(*t->columns));
	t->types = calloc(t->ncols, sizeof(*t->types));
	if (t->columns == NULL || t->types == NULL)
		return TH_ENOMEM;
	json_array_foreach(cols, i, x)
	{
		if (!json_is_string(x))
			return fail(c, TH_ESYNTAX,
			            "%s.columns[%zu]: expected a string", path,
			            i);
		t->columns[i] = json_string_value(x);
	}
	json_array_foreach(types, i, x)
	{
		size_t k;

		for (k = 0; k < 4 && json_is_string(x); k++)
			if (strcmp(json_string_value(x), type_names[k]) == 0)
				break;
		if (!json_is_string(x) || k == 4)
			return fail(c, TH_ESYNTAX,
			            "%s.types[%zu]: expected one of string, "
			            "count, share, number",
			            path, i);
		t->types[i] = (enum th_model_type)k;
	}
	return 0;
}

static int
load_rows(struct ctx *c, struct th_model_table *t, json_t *v, const char *path)
{
	json_t *rows, *row, *x;
	size_t r, k;
	int rc;
	double total;
	bool has_total;

	if ((rc = get_array(c, v, path, "rows", true, &rows)) != 0)
		return rc;
	t->nrows = json_array_size(rows);
	if (t->nrows > MAX_ROWS)
		return fail(c, TH_ETOOBIG, "%s.rows: more than %d rows", path,
		            MAX_ROWS);
	t->cells = calloc(t->nrows * t->ncols + 1, sizeof(*t->cells));
	if (t->cells == NULL)
		return TH_ENOMEM;
	json_array_foreach(rows, r, row)
	{
		if (!json_is_array(row) || json_array_size(row) != t->ncols)
			return fail(c, TH_ESYNTAX,
			            "%s.rows[%zu]: expected an array of %zu "
			            "cells",
			            path, r, t->ncols);
		json_array_foreach(row, k, x)
		{
			struct th_model_cell *cell =
			    &t->cells[r * t->ncols + k];
			bool str = t->types[k] == TH_MODEL_STRING;

			cell->v = NAN;
			if (json_is_null(x))
				continue;
			if (str && json_is_string(x)) {
				cell->s = json_string_value(x);
			} else if (!str && json_is_number(x)) {
				cell->v = json_number_value(x);
				cell->is_num = true;
			} else {
				return fail(c, TH_ESYNTAX,
				            "%s.rows[%zu][%zu]: expected %s",
				            path, r, k,
				            str ? "a string" : "a number");
			}
		}
	}
	if ((rc = get_num(c, v, path, "total_rows", false, &total,
	                  &has_total)) != 0)
		return rc;
	if (has_total && (total < (double)t->nrows || total > 1e15))
		return fail(c, TH_ESYNTAX,
		            "%s.total_rows: %g is fewer than the %zu rows",
		            path, total, t->nrows);
	t->total_rows = has_total ? (size_t)total : t->nrows;
	return 0;
}

static int
load_tables(struct ctx *c, struct th_model *s, json_t *root)
{
	json_t *a, *v;
	size_t i;
	int rc;

	if ((rc = get_array(c, root, "$", "tables", true, &a)) != 0)
		return rc;
	s->tables = calloc(json_array_size(a) + 1, sizeof(*s->tables));
	if (s->tables == NULL)
		return TH_ENOMEM;
	json_array_foreach(a, i, v)
	{
		struct th_model_table *t = &s->tables[i];
		const char *chart;
		char path[64];
		size_t k;

		snprintf(path, sizeof(path), "$.tables[%zu]", i);
		if (!json_is_object(v))
			return fail(c, TH_ESYNTAX, "%s: expected an object",
			            path);
		s->ntables++;
		if ((rc = get_str(c, v, path, "id", true, &t->id)) != 0 ||
		    (rc = get_str(c, v, path, "chapter", true, &t->chapter)) !=
		        0 ||
		    (rc = get_str(c, v, path, "title", true, &t->title)) != 0 ||
		    (rc = get_str(c, v, path, "definition", false,
		                  &t->definition)) != 0 ||
		    (rc = get_str(c, v, path, "chart", false, &chart)) != 0)
			return rc;
		if (!safe_id(t->id))
			return fail(c, TH_ESYNTAX,
			            "%s.id: not a file name (letters, digits, "
			            "'_', '.', '-')",
			            path);
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->tables[j].id, t->id) == 0)
				return fail(c, TH_ESYNTAX,
				            "%s.id: '%s' used twice", path,
				            t->id);
		for (k = 0; chart != NULL && k < 5; k++)
			if (strcmp(chart, chart_names[k]) == 0)
				break;
		if (k == 5)
			return fail(
			    c, TH_ESYNTAX,
			    "%s.chart: expected one of none, bar, hbar, "
			    "pie, histogram",
			    path);
		t->chart = chart == NULL ? TH_MODEL_CHART_NONE
		                         : (enum th_model_chart)k;
		if ((rc = load_table_shape(c, t, v, path)) != 0 ||
		    (rc = load_rows(c, t, v, path)) != 0)
			return rc;
	}
	return 0;
}

static int
load_compare(struct ctx *c, struct th_model *s, json_t *root)
{
	json_t *a, *v;
	size_t i;
	int rc;

	if ((rc = get_array(c, root, "$", "compare", false, &a)) != 0)
		return rc;
	if (a == NULL)
		return 0;
	s->compare = calloc(json_array_size(a) + 1, sizeof(*s->compare));
	if (s->compare == NULL)
		return TH_ENOMEM;
	json_array_foreach(a, i, v)
	{
		struct th_model_run *r = &s->compare[i];
		char path[64];

		snprintf(path, sizeof(path), "$.compare[%zu]", i);
		if (!json_is_object(v))
			return fail(c, TH_ESYNTAX, "%s: expected an object",
			            path);
		if ((rc = get_str(c, v, path, "run", true, &r->run)) != 0 ||
		    (rc = get_str(c, v, path, "generated", false,
		                  &r->generated)) != 0 ||
		    (rc = get_num(c, v, path, "domains", false, &r->domains,
		                  NULL)) != 0)
			return rc;
		s->ncompare++;
	}
	return 0;
}

static int
load_root(struct ctx *c, struct th_model *s, json_t *root)
{
	json_t *schema;
	int rc;

	if (!json_is_object(root))
		return fail(c, TH_ESYNTAX, "$: expected an object");
	schema = json_object_get(root, "schema");
	if (schema == NULL)
		return fail(c, TH_ESYNTAX, "$.schema: missing");
	if (!json_is_integer(schema) ||
	    json_integer_value(schema) != TH_MODEL_SCHEMA)
		return fail(c, TH_ECONFIG,
		            "$.schema: this report reads schema %d only",
		            TH_MODEL_SCHEMA);
	if ((rc = get_str(c, root, "$", "run", true, &s->run)) != 0 ||
	    (rc = get_str(c, root, "$", "generator", false, &s->generator)) !=
	        0 ||
	    (rc = get_str(c, root, "$", "generated", false, &s->generated)) !=
	        0 ||
	    (rc = get_str(c, root, "$", "input", false, &s->input)) != 0 ||
	    (rc = get_str(c, root, "$", "state", false, &s->state)) != 0 ||
	    (rc = get_num(c, root, "$", "domains", true, &s->domains, NULL)) !=
	        0)
		return rc;
	if ((rc = load_chapters(c, s, root)) != 0 ||
	    (rc = load_metrics(c, s, root)) != 0 ||
	    (rc = load_tables(c, s, root)) != 0 ||
	    (rc = load_compare(c, s, root)) != 0)
		return rc;
	return 0;
}

static int
finish(struct th_model *out, json_t *root, struct ctx *c)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->doc = root;
	if ((rc = load_root(c, out, root)) != 0) {
		th_model_free(out);
		return rc;
	}
	return 0;
}

int
th_model_parse(struct th_model *out, const char *buf, size_t len, char *err,
               size_t errlen)
{
	struct ctx c = {err, errlen};
	json_error_t je;
	json_t *root;

	memset(out, 0, sizeof(*out));
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return fail(&c, TH_ESYNTAX, "line %d column %d: %s", je.line,
		            je.column, je.text);
	return finish(out, root, &c);
}

int
th_model_load(struct th_model *out, const char *path, char *err, size_t errlen)
{
	struct ctx c = {err, errlen};
	json_error_t je;
	json_t *root;
	FILE *f;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((f = fopen(path, "r")) == NULL) {
		rc = th_from_errno(errno);
		return fail(&c, rc, "%s: %s", path, th_strerror(rc));
	}
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
	if (root == NULL)
		return fail(&c, TH_ESYNTAX, "%s: line %d column %d: %s", path,
		            je.line, je.column, je.text);
	if ((rc = finish(out, root, &c)) != 0 && errlen > 0) {
		char tmp[512];

		snprintf(tmp, sizeof(tmp), "%s", err);
		snprintf(err, errlen, "%s: %s", path, tmp);
	}
	return rc;
}

void
th_model_free(struct th_model *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; s->metrics != NULL && i < s->nmetrics; i++)
		free(s->metrics[i].compare);
	for (size_t i = 0; s->tables != NULL && i < s->ntables; i++) {
		free(s->tables[i].columns);
		free(s->tables[i].types);
		free(s->tables[i].cells);
	}
	free(s->chapters);
	free(s->metrics);
	free(s->tables);
	free(s->compare);
	json_decref(s->doc);
	memset(s, 0, sizeof(*s));
}

const struct th_model_cell *
th_model_cell(const struct th_model_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}
