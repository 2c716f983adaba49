/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * html.c -- report.html: chapters in the summary's order, then method and
 * definitions, then the data appendix.
 */
#include "report/html.h"

#include "common/err.h"
#include "report/escape.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static const char css[] =
    "body{font-family:'DejaVu Sans',sans-serif;max-width:60em;margin:2em "
    "auto;padding:0 1em;color:#222;line-height:1.45}"
    "h1{font-size:1.8em}h2{border-bottom:2px solid #2c6e9b;padding-bottom:"
    ".2em;margin-top:2em}"
    "table{border-collapse:collapse;margin:1em 0;font-size:.92em}"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;"
    "vertical-align:top;overflow-wrap:anywhere}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#eef3f7}"
    "figure.chart{margin:1.5em 0}figure.chart svg{width:100%;height:auto;"
    "display:block}"
    "figcaption{font-weight:bold;margin-top:.3em}"
    "p.def,dd{color:#444;font-size:.92em}dt{font-weight:bold;margin-top:"
    ".6em}code{font-size:.9em}nav ol{columns:2}"
    ".up{color:#1a7f37}.down{color:#b42318}";

static void
text(FILE *f, const char *s)
{
	if (s != NULL)
		th_escape_html(f, s, strlen(s));
}

static void
attr(FILE *f, const char *s)
{
	if (s != NULL)
		th_escape_html_attr(f, s, strlen(s));
}

void
th_html_format_value(char *buf, size_t len, const char *unit, double v)
{
	if (isnan(v))
		snprintf(buf, len, "n/a");
	else if (unit != NULL && strcmp(unit, "share") == 0)
		snprintf(buf, len, "%.1f %%", v * 100.0);
	else if (unit != NULL && strcmp(unit, "seconds") == 0)
		snprintf(buf, len, "%.3g s", v);
	else if (unit != NULL && strcmp(unit, "index") == 0)
		snprintf(buf, len, "%.3f", v);
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.2f", v);
}

void
th_html_format_delta(char *buf, size_t len, const char *unit, double d)
{
	if (isnan(d))
		snprintf(buf, len, "n/a");
	else if (unit != NULL && strcmp(unit, "share") == 0)
		snprintf(buf, len, "%+.1f pp", d);
	else
		snprintf(buf, len, "%+.3g", d);
}

void
th_html_format_cell(char *buf, size_t len, enum th_model_type type, double v)
{
	th_html_format_value(buf, len,
	                     type == TH_MODEL_SHARE   ? "share"
	                     : type == TH_MODEL_COUNT ? "count"
	                                              : "number",
	                     v);
}

static void
metric_row(FILE *f, const struct th_model_metric *m, bool compare)
{
	char v[64];

	fputs("<tr><td>", f);
	text(f, m->title);
	th_html_format_value(v, sizeof(v), m->unit, m->value);
	fprintf(f, "</td><td class=\"n\">%s</td>", v);
	if (m->has_ratio)
		fprintf(f, "<td class=\"n\">%.0f / %.0f</td>", m->numerator,
		        m->denominator);
	else
		fputs("<td></td>", f);
	for (size_t i = 0; compare && i < m->ncompare; i++) {
		char d[64];
		const struct th_model_cmp *c = &m->compare[i];

		th_html_format_value(v, sizeof(v), m->unit, c->value);
		th_html_format_delta(d, sizeof(d), m->unit,
		                     c->has_delta ? c->delta : NAN);
		fprintf(f, "<td class=\"n\">%s</td><td class=\"n %s\">%s</td>",
		        v,
		        !c->has_delta || c->delta == 0 ? ""
		        : c->delta > 0                 ? "up"
		                                       : "down",
		        d);
	}
	fputs("</tr>\n", f);
}

static void
write_summary_chapter(FILE *f, const struct th_model *s)
{
	size_t ncmp = 0;

	for (size_t i = 0; i < s->nmetrics; i++)
		if (s->metrics[i].headline && s->metrics[i].ncompare > ncmp)
			ncmp = s->metrics[i].ncompare;
	fputs("<p>The headline figures of the run", f);
	if (s->ncompare > 0) {
		fputs(" and their change since ", f);
		for (size_t i = 0; i < s->ncompare; i++) {
			fputs(i == 0 ? "run " : ", run ", f);
			text(f, s->compare[i].run);
		}
	}
	fputs(". Changes of shares are in percentage points (pp).</p>\n"
	      "<table class=\"headline\"><thead><tr><th>Metric</th>"
	      "<th>Value</th><th>Domains</th>",
	      f);
	for (size_t i = 0; i < ncmp; i++) {
		const char *run = NULL;

		for (size_t k = 0; k < s->nmetrics && run == NULL; k++)
			if (s->metrics[k].headline &&
			    s->metrics[k].ncompare > i)
				run = s->metrics[k].compare[i].run;
		fputs("<th>", f);
		text(f, run);
		fputs("</th><th>Change</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < s->nmetrics; i++)
		if (s->metrics[i].headline)
			metric_row(f, &s->metrics[i], true);
	fputs("</tbody></table>\n", f);
}

static void
write_table(FILE *f, const struct th_model_table *t)
{
	char v[64];

	fprintf(f, "<table class=\"data\" data-table=\"");
	attr(f, t->id);
	fputs("\"><thead><tr>", f);
	for (size_t k = 0; k < t->ncols; k++) {
		fputs("<th>", f);
		text(f, t->columns[k]);
		fputs("</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("<tr>", f);
		for (size_t k = 0; k < t->ncols; k++) {
			const struct th_model_cell *c = th_model_cell(t, r, k);

			if (t->types[k] == TH_MODEL_STRING) {
				fputs("<td>", f);
				text(f, c->s);
				fputs("</td>", f);
				continue;
			}
			th_html_format_cell(v, sizeof(v), t->types[k], c->v);
			fprintf(f, "<td class=\"n\">%s</td>", v);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (t->total_rows > t->nrows) {
		fprintf(f,
		        "<p class=\"def\">The first %zu of %zu rows; all in "
		        "<code>data/",
		        t->nrows, t->total_rows);
		text(f, t->id);
		fputs(".csv</code>.</p>\n", f);
	}
}

/* The chart's SVG inline, without its XML prolog. */
static int
inline_svg(FILE *f, const char *dir, const char *id, char *err, size_t errlen)
{
	char path[4096 + 128], buf[8192];
	FILE *in;
	size_t n;
	char *p;
	bool started = false;
	int rc;

	snprintf(path, sizeof(path), "%s/%s.svg", dir, id);
	if ((in = fopen(path, "r")) == NULL) {
		rc = th_from_errno(errno);
		snprintf(err, errlen, "%s: %s", path, th_strerror(rc));
		return rc;
	}
	while ((n = fread(buf, 1, sizeof(buf) - 1, in)) > 0) {
		buf[n] = '\0';
		p = buf;
		if (!started) {
			/* gnuplot writes the prolog in its first lines;
			 * the buffer always holds them whole. */
			if ((p = strstr(buf, "<svg")) == NULL)
				continue;
			started = true;
		}
		fwrite(p, 1, n - (size_t)(p - buf), f);
	}
	rc = ferror(in) ? TH_EIO : 0;
	fclose(in);
	if (rc == 0 && !started) {
		snprintf(err, errlen, "%s: no <svg> element", path);
		rc = TH_ESYNTAX;
	}
	return rc;
}

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int
write_chapter(FILE *f, const struct th_model *s, size_t ci,
              const char *charts_dir, char *err, size_t errlen)
{
	const struct th_model_chapter *ch = &s->chapters[ci];
	bool any = false;
	int rc;

	fprintf(f, "<section class=\"chapter\" id=\"ch%zu\" data-chapter=\"",
	        ci);
	attr(f, ch->id);
	fputs("\">\n<h2>", f);
	text(f, ch->title);
	fputs("</h2>\n", f);
	if (same(ch->id, "summary")) {
		write_summary_chapter(f, s);
		fputs("</section>\n", f);
		return 0;
	}
	for (size_t i = 0; i < s->nmetrics; i++) {
		if (!same(s->metrics[i].chapter, ch->id))
			continue;
		if (!any)
			fputs("<table class=\"metrics\"><thead><tr><th>Metric"
			      "</th><th>Value</th><th>Domains</th></tr>"
			      "</thead><tbody>\n",
			      f);
		any = true;
		metric_row(f, &s->metrics[i], false);
	}
	if (any)
		fputs("</tbody></table>\n", f);
	for (size_t i = 0; i < s->ntables; i++) {
		const struct th_model_table *t = &s->tables[i];

		if (!same(t->chapter, ch->id))
			continue;
		if (t->chart == TH_MODEL_CHART_NONE) {
			fputs("<h3>", f);
			text(f, t->title);
			fputs("</h3>\n", f);
			write_table(f, t);
			continue;
		}
		fputs("<figure class=\"chart\" data-chart=\"", f);
		attr(f, t->id);
		fputs("\">\n", f);
		if ((rc = inline_svg(f, charts_dir, t->id, err, errlen)) != 0)
			return rc;
		fputs("<figcaption>", f);
		text(f, t->title);
		fputs("</figcaption>\n", f);
		if (t->definition != NULL) {
			fputs("<p class=\"def\">", f);
			text(f, t->definition);
			fputs("</p>\n", f);
		}
		fputs("</figure>\n", f);
	}
	fputs("</section>\n", f);
	return 0;
}

static void
write_method(FILE *f, const struct th_model *s, size_t idx)
{
	fprintf(
	    f,
	    "<section class=\"chapter\" id=\"ch%zu\" data-chapter=\"method\">"
	    "\n<h2>Method and definitions</h2>\n"
	    "<p>Every figure counts the domains (or name servers, where "
	    "the column says so) of one survey run; a share is its "
	    "count divided by the denominator given beside it. "
	    "Published numbers are only comparable with the definition "
	    "printed next to them, so each one is stated here.</p>\n"
	    "<h3>Metrics</h3>\n<dl>\n",
	    idx);
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct th_model_metric *m = &s->metrics[i];

		fputs("<dt>", f);
		text(f, m->title);
		fputs(" <code>", f);
		text(f, m->id);
		fputs("</code></dt><dd>", f);
		text(f, m->definition != NULL ? m->definition : "(none given)");
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n<h3>Tables</h3>\n<dl>\n", f);
	for (size_t i = 0; i < s->ntables; i++) {
		const struct th_model_table *t = &s->tables[i];

		fputs("<dt>", f);
		text(f, t->title);
		fputs(" <code>", f);
		text(f, t->id);
		fputs("</code></dt><dd>", f);
		text(f, t->definition != NULL ? t->definition : "(none given)");
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n</section>\n", f);
}

static void
write_appendix(FILE *f, const struct th_model *s, size_t idx)
{
	fprintf(f,
	        "<section class=\"chapter\" id=\"ch%zu\" "
	        "data-chapter=\"appendix\">\n<h2>Data appendix</h2>\n"
	        "<p>Each table as the analyzer wrote it; the CSV files in "
	        "<code>data/</code> hold every row.</p>\n",
	        idx);
	for (size_t i = 0; i < s->ntables; i++) {
		fprintf(f, "<h3 id=\"table-%zu\">", i);
		text(f, s->tables[i].title);
		fputs("</h3>\n", f);
		write_table(f, &s->tables[i]);
	}
	fputs("</section>\n", f);
}

static void
write_head(FILE *f, const struct th_model *s)
{
	char v[64];

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" "
	      "content=\"" TH_HTML_CSP
	      "\">\n<meta name=\"viewport\" content=\"width=device-width\">\n"
	      "<title>DNS health report, run ",
	      f);
	text(f, s->run);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	fputs("<header>\n<h1>DNS health report</h1>\n<p>Run <b>", f);
	text(f, s->run);
	th_html_format_value(v, sizeof(v), "count", s->domains);
	fprintf(f, "</b>: %s domains", v);
	if (s->input != NULL) {
		fputs(" from ", f);
		text(f, s->input);
	}
	if (s->generated != NULL) {
		fputs(", aggregated ", f);
		text(f, s->generated);
	}
	if (s->generator != NULL) {
		fputs(" by ", f);
		text(f, s->generator);
	}
	if (s->state != NULL && strcmp(s->state, "done") != 0) {
		fputs(" <b>(run state: ", f);
		text(f, s->state);
		fputs(")</b>", f);
	}
	fputs(".</p>\n</header>\n<nav><ol>\n", f);
	for (size_t i = 0; i < s->nchapters; i++) {
		fprintf(f, "<li><a href=\"#ch%zu\">", i);
		text(f, s->chapters[i].title);
		fputs("</a></li>\n", f);
	}
	fprintf(f,
	        "<li><a href=\"#ch%zu\">Method and definitions</a></li>\n"
	        "<li><a href=\"#ch%zu\">Data appendix</a></li>\n</ol></nav>\n",
	        s->nchapters, s->nchapters + 1);
}

int
th_html_write(const struct th_model *s, const char *charts_dir, FILE *out,
              char *err, size_t errlen)
{
	int rc;

	write_head(out, s);
	for (size_t i = 0; i < s->nchapters; i++)
		if ((rc = write_chapter(out, s, i, charts_dir, err, errlen)) !=
		    0)
			return rc;
	write_method(out, s, s->nchapters);
	write_appendix(out, s, s->nchapters + 1);
	fputs("</body>\n</html>\n", out);
	if (ferror(out)) {
		snprintf(err, errlen, "writing the HTML report failed");
		return TH_EIO;
	}
	return 0;
}
