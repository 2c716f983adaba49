/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pdf.c -- cairo and pango: the report paginated on A4, text through pango
 * markup built only with th_escape_pango, tables cell by cell so a long
 * hostile name is cut (ellipsized) instead of overrunning its column.
 */
#include "report/pdf.h"

#include "common/err.h"
#include "report/escape.h"
#include "report/chart.h"
#include "report/html.h"
#include "report/svgimg.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 50.0
#define TEXT_W (PAGE_W - 2 * MARGIN)

struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	double y;
	int page;
};

static PangoLayout *layout(struct pdf *p, const char *markup, double size,
                           double width, bool ellipsize);

static void
new_page(struct pdf *p)
{
	char num[32];
	PangoLayout *l;

	if (p->page > 0)
		cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
	/* The page number in the footer. */
	snprintf(num, sizeof(num), "%d", p->page);
	l = layout(p, num, 8, 40, false);
	cairo_move_to(p->cr, PAGE_W / 2, PAGE_H - MARGIN / 2);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

static PangoLayout *
layout(struct pdf *p, const char *markup, double size, double width,
       bool ellipsize)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd =
	    pango_font_description_from_string("DejaVu Sans");

	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (ellipsize) {
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, -1);
	}
	pango_layout_set_markup(l, markup, -1);
	return l;
}

/* A paragraph of markup; a new page first when it does not fit. */
static void
para(struct pdf *p, const char *markup, double size, double space)
{
	PangoLayout *l = layout(p, markup, size, TEXT_W, false);
	int w, h;

	pango_layout_get_size(l, &w, &h);
	if (p->y + (double)h / PANGO_SCALE > PAGE_H - MARGIN)
		new_page(p);
	cairo_move_to(p->cr, MARGIN, p->y);
	pango_cairo_show_layout(p->cr, l);
	p->y += (double)h / PANGO_SCALE + space;
	g_object_unref(l);
}

/* Markup builder: a memstream, with escaped text appended. */
struct mk {
	char *buf;
	size_t len;
	FILE *f;
};

static bool
mk_open(struct mk *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	return m->f != NULL;
}

static void
mk_text(struct mk *m, const char *s)
{
	if (s != NULL)
		th_escape_pango(m->f, s, strlen(s));
}

static char *
mk_close(struct mk *m)
{
	if (fclose(m->f) != 0) {
		free(m->buf);
		return NULL;
	}
	return m->buf;
}

/* Heading or paragraph from a fixed prefix, one escaped string and a
 * fixed suffix. */
static void
para3(struct pdf *p, const char *pre, const char *s, const char *post,
      double size, double space)
{
	struct mk m;
	char *t;

	if (!mk_open(&m))
		return;
	fputs(pre, m.f);
	mk_text(&m, s);
	fputs(post, m.f);
	if ((t = mk_close(&m)) != NULL)
		para(p, t, size, space);
	free(t);
}

/* One table row: each cell its own ellipsized layout, columns as wide as
 * their weights (NULL: equal). */
static void
row(struct pdf *p, char **cells, size_t n, bool head, const double *weight)
{
	double h = 0, x[65], sum = 0;
	PangoLayout *ls[64];

	n = n > 64 ? 64 : n;
	for (size_t k = 0; k < n; k++)
		sum += weight != NULL ? weight[k] : 1.0;
	x[0] = MARGIN;
	for (size_t k = 0; k < n; k++)
		x[k + 1] =
		    x[k] + TEXT_W * (weight != NULL ? weight[k] : 1.0) / sum;
	for (size_t k = 0; k < n; k++) {
		int w, lh;

		ls[k] = layout(p, cells[k] != NULL ? cells[k] : "", 8,
		               x[k + 1] - x[k] - 6, true);
		pango_layout_get_size(ls[k], &w, &lh);
		if ((double)lh / PANGO_SCALE > h)
			h = (double)lh / PANGO_SCALE;
	}
	h += 4;
	if (p->y + h > PAGE_H - MARGIN)
		new_page(p);
	if (head) {
		cairo_set_source_rgb(p->cr, 0.93, 0.95, 0.97);
		cairo_rectangle(p->cr, MARGIN, p->y, TEXT_W, h);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	for (size_t k = 0; k < n; k++) {
		cairo_move_to(p->cr, x[k] + 3, p->y + 2);
		pango_cairo_show_layout(p->cr, ls[k]);
		g_object_unref(ls[k]);
	}
	cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, p->y + h);
	cairo_line_to(p->cr, MARGIN + TEXT_W, p->y + h);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	p->y += h;
}

static char *
esc(const char *s)
{
	struct mk m;

	if (!mk_open(&m))
		return NULL;
	mk_text(&m, s != NULL ? s : "");
	return mk_close(&m);
}

static void
table(struct pdf *p, const struct th_model_table *t)
{
	char *cells[64];
	double weight[64] = {0};
	size_t n = t->ncols > 64 ? 64 : t->ncols;

	/* Names need room; numbers are short. */
	for (size_t k = 0; k < n; k++)
		weight[k] = t->types[k] == TH_MODEL_STRING ? 3.0 : 1.0;
	for (size_t k = 0; k < n; k++)
		cells[k] = esc(t->columns[k]);
	row(p, cells, n, true, weight);
	for (size_t k = 0; k < n; k++)
		free(cells[k]);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t k = 0; k < n; k++) {
			const struct th_model_cell *c = th_model_cell(t, r, k);
			char v[64];

			if (t->types[k] == TH_MODEL_STRING) {
				cells[k] = esc(c->s);
				continue;
			}
			th_html_format_cell(v, sizeof(v), t->types[k], c->v);
			cells[k] = esc(v);
		}
		row(p, cells, n, false, weight);
		for (size_t k = 0; k < n; k++)
			free(cells[k]);
	}
	p->y += 8;
}

static void
metric_table(struct pdf *p, const struct th_model *s, const char *chapter,
             bool headline)
{
	static const double weight[] = {4.0, 1.0, 1.3, 1.3};
	char *cells[4], v[64];
	bool any = false;
	struct mk mk;

	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct th_model_metric *m = &s->metrics[i];
		bool want =
		    headline ? m->headline : strcmp(m->chapter, chapter) == 0;

		if (!want)
			continue;
		if (!any) {
			cells[0] = "<b>Metric</b>";
			cells[1] = "<b>Value</b>";
			cells[2] = "<b>Domains</b>";
			cells[3] = "<b>Change</b>";
			row(p, cells, headline ? 4 : 3, true, weight);
			any = true;
		}
		th_html_format_value(v, sizeof(v), m->unit, m->value);
		cells[0] = esc(m->title);
		cells[1] = esc(v);
		if (m->has_ratio)
			snprintf(v, sizeof(v), "%.0f / %.0f", m->numerator,
			         m->denominator);
		else
			v[0] = '\0';
		cells[2] = esc(v);
		cells[3] = NULL;
		if (mk_open(&mk)) {
			for (size_t k = 0; k < m->ncompare; k++) {
				th_html_format_delta(v, sizeof(v), m->unit,
				                     m->compare[k].has_delta
				                         ? m->compare[k].delta
				                         : NAN);
				fprintf(mk.f, "%s%s", k > 0 ? ", " : "", v);
			}
			cells[3] = mk_close(&mk);
		}
		row(p, cells, headline ? 4 : 3, false, weight);
		for (size_t k = 0; k < 4; k++)
			free(cells[k]);
	}
	if (any)
		p->y += 10;
}

static int
chart(struct pdf *p, const struct th_model_table *t, const char *dir, char *err,
      size_t errlen)
{
	char path[4096 + 128];
	double w = TEXT_W, h = TEXT_W * th_chart_height(t) / 720.0;
	double room = PAGE_H - 2 * MARGIN - 60;
	int rc;

	/* A tall chart is narrowed so that it and its caption fit a page. */
	if (h > room) {
		w = w * room / h;
		h = room;
	}
	snprintf(path, sizeof(path), "%s/%s.svg", dir, t->id);
	if (p->y + h + 30 > PAGE_H - MARGIN)
		new_page(p);
	if ((rc = th_svgimg_draw(p->cr, path, MARGIN + (TEXT_W - w) / 2, p->y,
	                         w, &h, err, errlen)) != 0)
		return rc;
	p->y += h + 4;
	para3(p, "<b>", t->title, "</b>", 9, 2);
	if (t->definition != NULL)
		para3(p, "<span foreground=\"#444444\">", t->definition,
		      "</span>", 8, 12);
	return 0;
}

static int
write_all(struct pdf *p, const struct th_model *s, const char *dir, char *err,
          size_t errlen)
{
	char v[64];
	int rc;

	new_page(p);
	para(p, "<b>DNS health report</b>", 22, 8);
	th_html_format_value(v, sizeof(v), "count", s->domains);
	para3(p, "Run <b>", s->run, "</b>", 11, 2);
	para3(p, "Domains: ", v, "", 11, 2);
	if (s->input != NULL)
		para3(p, "Input: ", s->input, "", 11, 2);
	if (s->generated != NULL)
		para3(p, "Aggregated: ", s->generated, "", 11, 2);
	if (s->generator != NULL)
		para3(p, "Generator: ", s->generator, "", 11, 12);
	for (size_t i = 0; i < s->nchapters; i++) {
		const struct th_model_chapter *ch = &s->chapters[i];
		bool summary = strcmp(ch->id, "summary") == 0;

		if (i > 0)
			new_page(p);
		para3(p, "<b>", ch->title, "</b>", 16, 8);
		metric_table(p, s, ch->id, summary);
		for (size_t k = 0; !summary && k < s->ntables; k++) {
			const struct th_model_table *t = &s->tables[k];

			if (strcmp(t->chapter, ch->id) != 0)
				continue;
			if (t->chart == TH_MODEL_CHART_NONE) {
				para3(p, "<b>", t->title, "</b>", 9, 4);
				table(p, t);
			} else if ((rc = chart(p, t, dir, err, errlen)) != 0) {
				return rc;
			}
		}
	}
	new_page(p);
	para(p, "<b>Method and definitions</b>", 16, 8);
	for (size_t i = 0; i < s->nmetrics; i++) {
		para3(p, "<b>", s->metrics[i].title, "</b>", 9, 1);
		para3(p, "", s->metrics[i].definition, "", 8, 6);
	}
	for (size_t i = 0; i < s->ntables; i++) {
		para3(p, "<b>", s->tables[i].title, "</b>", 9, 1);
		para3(p, "", s->tables[i].definition, "", 8, 6);
	}
	new_page(p);
	para(p, "<b>Data appendix</b>", 16, 8);
	for (size_t i = 0; i < s->ntables; i++) {
		para3(p, "<b>", s->tables[i].title, "</b>", 10, 4);
		table(p, &s->tables[i]);
	}
	return 0;
}

int
th_pdf_write(const struct th_model *s, const char *charts_dir, const char *path,
             char *err, size_t errlen)
{
	struct pdf p = {0};
	cairo_status_t st;
	int rc;

	p.surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
		snprintf(
		    err, errlen, "%s: %s", path,
		    cairo_status_to_string(cairo_surface_status(p.surface)));
		cairo_surface_destroy(p.surface);
		return TH_EIO;
	}
	p.cr = cairo_create(p.surface);
	rc = write_all(&p, s, charts_dir, err, errlen);
	cairo_show_page(p.cr);
	st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (rc == 0 && st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	/* Font caches of pango, cairo and fontconfig live for the process;
	 * release them so leak checkers see only our own memory. Each is
	 * built again on the next use. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	if (rc == 0 && st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "%s: %s", path,
		         cairo_status_to_string(st));
		rc = TH_EIO;
	}
	return rc;
}
