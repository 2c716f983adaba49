/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * chart.c -- gnuplot scripts from summary tables, and the child process
 * that runs them.
 */
#include "report/chart.h"

#include "common/err.h"
#include "report/escape.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Labels longer than this are cut on the chart (the tables keep them). */
#define LABEL_MAX 32

int
th_chart_value_col(const struct th_model_table *t)
{
	static const enum th_model_type order[] = {
	    TH_MODEL_COUNT, TH_MODEL_SHARE, TH_MODEL_NUMBER};

	for (size_t o = 0; o < 3; o++)
		for (size_t k = 0; k < t->ncols; k++)
			if (t->types[k] == order[o])
				return (int)k;
	return -1;
}

int
th_chart_label_col(const struct th_model_table *t)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (t->types[k] == TH_MODEL_STRING)
			return (int)k;
	return -1;
}

unsigned
th_chart_height(const struct th_model_table *t)
{
	unsigned h = 400;

	/* Horizontal bars get 16 px a row, so 50 operator names stay
	 * legible; capped so one chart stays within a PDF page. */
	if (t->chart == TH_MODEL_CHART_HBAR && 80 + 16 * t->nrows > h)
		h = t->nrows > 100 ? 1680 : (unsigned)(80 + 16 * t->nrows);
	return h;
}

static double
value_at(const struct th_model_table *t, size_t r, int vc)
{
	const struct th_model_cell *c = th_model_cell(t, r, (size_t)vc);

	return c->is_num && isfinite(c->v) ? c->v : NAN;
}

/* One gnuplot single-quoted label: the row's label, or its number. */
static void
put_label(FILE *f, const struct th_model_table *t, size_t r, int lc)
{
	const char *s = NULL;

	if (lc >= 0)
		s = th_model_cell(t, r, (size_t)lc)->s;
	fputc('\'', f);
	if (s != NULL)
		th_escape_gnuplot(f, s, strlen(s), LABEL_MAX);
	else
		fprintf(f, "%zu", r + 1);
	fputc('\'', f);
}

static void
put_tics(FILE *f, const char *axis, const struct th_model_table *t, int lc)
{
	fprintf(f, "set %s (", axis);
	for (size_t r = 0; r < t->nrows; r++) {
		if (r > 0)
			fputs(", ", f);
		put_label(f, t, r, lc);
		fprintf(f, " %zu", r);
	}
	fputs(")\n", f);
}

/* The data file: numbers only, so no string ever reaches gnuplot's data
 * parser. Pie rows carry their wedge's angles. */
static int
write_data(const struct th_model_table *t, const char *path, int vc)
{
	FILE *f = fopen(path, "w");
	double sum = 0, a = 90;
	int rc;

	if (f == NULL)
		return th_from_errno(errno);
	for (size_t r = 0; r < t->nrows; r++) {
		double v = value_at(t, r, vc);

		if (!isnan(v) && v > 0)
			sum += v;
	}
	fprintf(f, "# %s: row value [angle_from angle_to]\n", t->id);
	for (size_t r = 0; r < t->nrows; r++) {
		double v = value_at(t, r, vc);

		if (isnan(v)) {
			fprintf(f, "%zu ?\n", r);
			continue;
		}
		fprintf(f, "%zu %.17g", r, v);
		if (t->chart == TH_MODEL_CHART_PIE && sum > 0 && v > 0) {
			double b = a - 360.0 * v / sum;

			fprintf(f, " %.6f %.6f", b, a);
			a = b;
		}
		fputc('\n', f);
	}
	rc = ferror(f) ? TH_EIO : 0;
	if (fclose(f) != 0 && rc == 0)
		rc = th_from_errno(errno);
	return rc;
}

static bool
has_data(const struct th_model_table *t, int vc)
{
	for (size_t r = 0; vc >= 0 && r < t->nrows; r++) {
		double v = value_at(t, r, vc);

		if (!isnan(v) && (t->chart != TH_MODEL_CHART_PIE || v > 0))
			return true;
	}
	return false;
}

static void
write_plot(FILE *f, const struct th_model_table *t, int vc, int lc)
{
	size_t n = t->nrows;

	if (!has_data(t, vc)) {
		/* An empty table still gets a visible chart: the report
		 * shows every chart it lists. */
		fputs("unset tics\nunset border\n"
		      "set label 1 'no data' at 0.5,0.5 center\n"
		      "plot [0:1][0:1] NaN notitle\n",
		      f);
		return;
	}
	fputs("set datafile missing '?'\n", f);
	switch (t->chart) {
	case TH_MODEL_CHART_HBAR:
		put_tics(f, "ytics", t, lc);
		fprintf(f,
		        "set yrange [%zu.4:-0.6]\n"
		        "set xrange [0:*]\nset grid xtics\n"
		        "set offsets 0, graph 0.05, 0, 0\n",
		        n == 0 ? 0 : n - 1);
		fprintf(f, "plot DATA using ($2/2):1:($2/2):(0.35) "
		           "with boxxyerror fill solid 0.8 lc rgb '#2c6e9b' "
		           "notitle\n");
		return;
	case TH_MODEL_CHART_PIE:
		fputs("set size ratio -1\nunset tics\nunset border\n"
		      "set xrange [-1.9:1.9]\nset yrange [-1.3:1.3]\n"
		      "set style fill solid 0.9 border rgb 'white'\n",
		      f);
		for (size_t r = 0; r < n; r++) {
			double v = value_at(t, r, vc);

			if (isnan(v) || v <= 0)
				continue;
			fprintf(f, "set label %zu ", r + 1);
			put_label(f, t, r, lc);
			fprintf(f, " front\n");
		}
		fputs("plot DATA using (0):(0):(1):3:4:($1+1) with circles "
		      "lc variable notitle\n",
		      f);
		return;
	case TH_MODEL_CHART_BAR:
	case TH_MODEL_CHART_HISTOGRAM:
	case TH_MODEL_CHART_NONE:
		break;
	}
	put_tics(f, "xtics", t, lc);
	fprintf(f,
	        "set xtics rotate by -30 left\n"
	        "set xrange [-0.6:%zu.6]\nset yrange [0:*]\n"
	        "set grid ytics\nset offsets 0, 0, graph 0.05, 0\n"
	        "set boxwidth %s\n"
	        "plot DATA using 1:2 with boxes fill solid 0.8 "
	        "lc rgb '#2c6e9b' notitle\n",
	        n == 0 ? 0 : n - 1,
	        t->chart == TH_MODEL_CHART_HISTOGRAM ? "0.95" : "0.7");
}

/* Pie labels are moved to their wedges by a second pass over the data
 * file: gnuplot's own stats, so the placement needs no C geometry. */
static void
write_pie_labels(FILE *f, const struct th_model_table *t, int vc)
{
	for (size_t r = 0; r < t->nrows; r++) {
		double v = value_at(t, r, vc);

		if (isnan(v) || v <= 0)
			continue;
		fprintf(f,
		        "stats DATA every ::%zu::%zu using (($3+$4)/2) "
		        "nooutput\n"
		        "set label %zu at first 1.3*cos(STATS_min*pi/180), "
		        "1.15*sin(STATS_min*pi/180) center\n",
		        r, r, r + 1);
	}
}

static int
write_script(const struct th_model_table *t, const char *path)
{
	unsigned h = th_chart_height(t);
	char terms[3][160];
	static const char *const ext[] = {"svg", "png", "pdf"};
	int vc = th_chart_value_col(t), lc = th_chart_label_col(t);
	FILE *f = fopen(path, "w");
	int rc;

	if (f == NULL)
		return th_from_errno(errno);
	fprintf(f,
	        "# %s.gp -- written by tldhealth report; run in its "
	        "directory\n",
	        t->id);
	fprintf(f, "DATA = '%s.dat'\nset encoding utf8\nunset key\n", t->id);
	if (vc >= 0) {
		fputs("set ylabel '", f);
		th_escape_gnuplot(f, t->columns[vc], strlen(t->columns[vc]),
		                  LABEL_MAX);
		fputs("'\n", f);
		if (t->chart == TH_MODEL_CHART_HBAR) {
			fputs("unset ylabel\nset xlabel '", f);
			th_escape_gnuplot(f, t->columns[vc],
			                  strlen(t->columns[vc]), LABEL_MAX);
			fputs("'\n", f);
		}
		if (t->chart == TH_MODEL_CHART_PIE)
			fputs("unset ylabel\n", f);
	}
	if (t->chart == TH_MODEL_CHART_PIE && has_data(t, vc))
		write_pie_labels(f, t, vc);
	snprintf(terms[0], sizeof(terms[0]),
	         "svg size 720,%u dynamic noenhanced font 'DejaVu Sans,11' "
	         "background rgb 'white'",
	         h);
	snprintf(terms[1], sizeof(terms[1]),
	         "pngcairo size 1080,%u noenhanced font 'DejaVu Sans,11'",
	         h * 3 / 2);
	snprintf(terms[2], sizeof(terms[2]),
	         "pdfcairo size 7in,%.2fin noenhanced font 'DejaVu Sans,9'",
	         h * 7.0 / 720.0);
	for (size_t i = 0; i < 3; i++) {
		fprintf(f, "set terminal %s\nset output '%s.%s'\n", terms[i],
		        t->id, ext[i]);
		if (i == 0)
			write_plot(f, t, vc, lc);
		else
			fputs("replot\n", f);
	}
	fputs("unset output\n", f);
	rc = ferror(f) ? TH_EIO : 0;
	if (fclose(f) != 0 && rc == 0)
		rc = th_from_errno(errno);
	return rc;
}

/* gnuplot is looked up in fixed directories so the caller's PATH cannot
 * substitute another program. */
static int
find_gnuplot(const char *name, char *out, size_t outlen)
{
	static const char *const dirs[] = {"/usr/bin", "/usr/local/bin",
	                                   "/bin"};

	if (strchr(name, '/') != NULL) {
		snprintf(out, outlen, "%s", name);
		return access(out, X_OK) == 0 ? 0 : TH_ENOTFOUND;
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(out, outlen, "%s/%s", dirs[i], name);
		if (access(out, X_OK) == 0)
			return 0;
	}
	return TH_ENOTFOUND;
}

static int
run_gnuplot(const char *prog, const char *dir, const char *id, char *err,
            size_t errlen)
{
	/* A fixed environment: no user init file (HOME is the chart
	 * directory, which has none), a UTF-8 locale, no inherited
	 * GNUPLOT_* or font settings. */
	char home[4096 + 8], script[256], log[256];
	char *envp[] = {"PATH=/usr/bin:/bin", home, "LC_ALL=C.UTF-8",
	                "TERM=dumb", NULL};
	char *argv[] = {(char *)prog, script, NULL};
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, status;

	snprintf(home, sizeof(home), "HOME=%s", dir);
	snprintf(script, sizeof(script), "%s.gp", id);
	snprintf(log, sizeof(log), "%s.log", id);
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		return th_from_errno(rc);
	rc = posix_spawn_file_actions_addchdir_np(&fa, dir);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
		                                      O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(
		    &fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (rc == 0)
		rc = posix_spawn(&pid, prog, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		snprintf(err, errlen, "%s: cannot run: %s", prog, strerror(rc));
		return th_from_errno(rc);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return th_from_errno(errno);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "gnuplot failed on %s/%s.gp (see %s/%s)",
		         dir, id, dir, log);
		return TH_EIO;
	}
	return 0;
}

int
th_chart_render(const struct th_model_table *t, const char *dir,
                const char *gnuplot, char *err, size_t errlen)
{
	char prog[4096], path[4096 + 128];
	int rc;

	if (t->chart == TH_MODEL_CHART_NONE)
		return TH_EINVAL;
	if (find_gnuplot(gnuplot != NULL ? gnuplot : TH_CHART_GNUPLOT_DEFAULT,
	                 prog, sizeof(prog)) != 0) {
		snprintf(err, errlen,
		         "gnuplot not found (Debian package gnuplot-nox)");
		return TH_ENOTFOUND;
	}
	snprintf(path, sizeof(path), "%s/%s.dat", dir, t->id);
	if ((rc = write_data(t, path, th_chart_value_col(t))) != 0) {
		snprintf(err, errlen, "%s: %s", path, th_strerror(rc));
		return rc;
	}
	snprintf(path, sizeof(path), "%s/%s.gp", dir, t->id);
	if ((rc = write_script(t, path)) != 0) {
		snprintf(err, errlen, "%s: %s", path, th_strerror(rc));
		return rc;
	}
	return run_gnuplot(prog, dir, t->id, err, errlen);
}
