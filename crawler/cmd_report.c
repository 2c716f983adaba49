/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_report.c -- `tldhealth report`: analyze a run into OUT/data/ (or take
 * a summary.json as it is), then render OUT/charts/, OUT/report.html and
 * OUT/report.pdf from the summary alone.
 */
#include "crawler/cmd_report.h"

#include "analyzer/analyze.h"
#include "common/err.h"
#include "report/chart.h"
#include "report/html.h"
#include "report/pdf.h"
#include "report/model.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_COMPARE TH_ANALYZE_MAXCOMPARE

struct report_opts {
	const char *db, *run, *out, *summary, *gnuplot;
	const char *compare[MAX_COMPARE];
	size_t ncompare;
	bool no_pdf;
};

static void
report_usage(FILE *out)
{
	fprintf(out,
	        "usage: tldhealth report --db DIR --run ID [--compare ID]... "
	        "[--out DIR]\n"
	        "       tldhealth report --summary FILE [--out DIR]\n"
	        "\n"
	        "Write a run's annual report: gnuplot charts (SVG, PNG, PDF) "
	        "in OUT/charts/,\n"
	        "OUT/report.html (self-contained) and OUT/report.pdf.\n"
	        "\n"
	        "  --db DIR         the store (default " TH_STORE_DEFAULT_DIR
	        ")\n"
	        "  --run ID         the run\n"
	        "  --compare ID     a run to compare with (repeatable)\n"
	        "  --out DIR        where to write (default "
	        "results/<run>/report/)\n"
	        "  --summary FILE   render this summary.json (schema 1) "
	        "instead of\n"
	        "                   analyzing the store\n"
	        "  --gnuplot PATH   the gnuplot program (default: gnuplot "
	        "in /usr/bin)\n"
	        "  --no-pdf         skip report.pdf\n");
}

static int
mkdir_p(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return TH_EINVAL;
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return th_from_errno(errno);
		*p = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		return th_from_errno(errno);
	return 0;
}

static int
parse_opts(int argc, char **argv, struct report_opts *o)
{
	enum { OPT_SUMMARY = 256, OPT_GNUPLOT, OPT_NO_PDF };
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"run", required_argument, NULL, 'r'},
	    {"compare", required_argument, NULL, 'c'},
	    {"out", required_argument, NULL, 'o'},
	    {"summary", required_argument, NULL, OPT_SUMMARY},
	    {"gnuplot", required_argument, NULL, OPT_GNUPLOT},
	    {"no-pdf", no_argument, NULL, OPT_NO_PDF},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o->db = optarg;
			break;
		case 'r':
			o->run = optarg;
			break;
		case 'c':
			if (o->ncompare == MAX_COMPARE) {
				fprintf(stderr,
				        "tldhealth report: at most %d "
				        "--compare runs\n",
				        MAX_COMPARE);
				return 2;
			}
			o->compare[o->ncompare++] = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case OPT_SUMMARY:
			o->summary = optarg;
			break;
		case OPT_GNUPLOT:
			o->gnuplot = optarg;
			break;
		case OPT_NO_PDF:
			o->no_pdf = true;
			break;
		case 'h':
			report_usage(stdout);
			return -1;
		default:
			report_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || (o->summary == NULL && o->run == NULL)) {
		report_usage(stderr);
		return 2;
	}
	return 0;
}

/*
 * The summary this report renders: the one given, or the analyzer's over
 * the store. Writes its path into path.
 */
static int
summary_path(const struct report_opts *o, const char out[2048], char *path,
             size_t len)
{
	struct th_analyze_conf ac = {0};
	char data[2100], err[1024];
	int rc;

	if (o->summary != NULL) {
		snprintf(path, len, "%s", o->summary);
		return 0;
	}
	snprintf(data, sizeof(data), "%s/data", out);
	if ((rc = mkdir_p(data)) != 0) {
		fprintf(stderr, "tldhealth report: %s: %s\n", data,
		        th_strerror(rc));
		return rc;
	}
	snprintf(path, len, "%s/summary.json", data);
	/* The analyzer writes the data appendix's files beside the report. */
	ac.db = o->db != NULL ? o->db : TH_STORE_DEFAULT_DIR;
	ac.run = o->run;
	for (size_t i = 0; i < o->ncompare; i++)
		ac.compare[i] = o->compare[i];
	ac.ncompare = o->ncompare;
	ac.out = data;
	if ((rc = th_analyze(&ac, err, sizeof(err))) != 0) {
		fprintf(stderr, "tldhealth report: analyze: %s\n", err);
		return rc;
	}
	return 0;
}

static int
render(const struct th_model *s, const struct report_opts *o,
       const char out[2048])
{
	char charts[2100], path[2200], tmp[2200], err[4608] = "";
	FILE *f;
	int rc;

	snprintf(charts, sizeof(charts), "%s/charts", out);
	if ((rc = mkdir_p(charts)) != 0) {
		fprintf(stderr, "tldhealth report: %s: %s\n", charts,
		        th_strerror(rc));
		return rc;
	}
	for (size_t i = 0; i < s->ntables; i++) {
		if (s->tables[i].chart == TH_MODEL_CHART_NONE)
			continue;
		rc = th_chart_render(&s->tables[i], charts, o->gnuplot, err,
		                     sizeof(err));
		if (rc != 0) {
			fprintf(stderr, "tldhealth report: %s\n", err);
			return rc;
		}
	}
	/* Written beside and renamed, so a failed run never leaves a
	 * truncated report where the last good one was. */
	snprintf(path, sizeof(path), "%s/report.html", out);
	snprintf(tmp, sizeof(tmp), "%s/.report.html.tmp", out);
	if ((f = fopen(tmp, "w")) == NULL) {
		rc = th_from_errno(errno);
		fprintf(stderr, "tldhealth report: %s: %s\n", tmp,
		        th_strerror(rc));
		return rc;
	}
	rc = th_html_write(s, charts, f, err, sizeof(err));
	if (fclose(f) != 0 && rc == 0) {
		rc = th_from_errno(errno);
		snprintf(err, sizeof(err), "%s: %s", tmp, th_strerror(rc));
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = th_from_errno(errno);
		snprintf(err, sizeof(err), "%s: %s", path, th_strerror(rc));
	}
	if (rc != 0) {
		remove(tmp);
		fprintf(stderr, "tldhealth report: %s\n", err);
		return rc;
	}
	printf("%s\n", path);
	if (o->no_pdf)
		return 0;
	snprintf(path, sizeof(path), "%s/report.pdf", out);
	snprintf(tmp, sizeof(tmp), "%s/.report.pdf.tmp", out);
	rc = th_pdf_write(s, charts, tmp, err, sizeof(err));
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = th_from_errno(errno);
		snprintf(err, sizeof(err), "%s: %s", path, th_strerror(rc));
	}
	if (rc != 0) {
		remove(tmp);
		fprintf(stderr, "tldhealth report: %s\n", err);
		return rc;
	}
	printf("%s\n", path);
	return 0;
}

int
th_cmd_report(int argc, char **argv)
{
	struct report_opts o = {0};
	struct th_model s;
	char out[2048], path[4096], err[4608] = "";
	int rc;

	if ((rc = parse_opts(argc, argv, &o)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.out != NULL)
		snprintf(out, sizeof(out), "%s", o.out);
	else if (o.run != NULL)
		snprintf(out, sizeof(out), "results/%s/report", o.run);
	if ((o.out != NULL || o.run != NULL) && (rc = mkdir_p(out)) != 0) {
		fprintf(stderr, "tldhealth report: %s: %s\n", out,
		        th_strerror(rc));
		return 1;
	}
	if (o.out != NULL || o.run != NULL) {
		if (summary_path(&o, out, path, sizeof(path)) != 0)
			return 1;
	} else {
		snprintf(path, sizeof(path), "%s", o.summary);
	}
	if ((rc = th_model_load(&s, path, err, sizeof(err))) != 0) {
		fprintf(stderr, "tldhealth report: %s\n", err);
		return 1;
	}
	if (o.out == NULL && o.run == NULL) {
		/* Only a summary given: its own run names the default. */
		snprintf(out, sizeof(out), "results/%s/report", s.run);
		if (strchr(s.run, '/') != NULL || s.run[0] == '.' ||
		    (rc = mkdir_p(out)) != 0) {
			fprintf(stderr,
			        "tldhealth report: run '%s' makes no directory "
			        "name; pass --out DIR\n",
			        s.run);
			th_model_free(&s);
			return 1;
		}
	}
	rc = render(&s, &o, out);
	th_model_free(&s);
	return rc == 0 ? 0 : 1;
}
