/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_export.c -- `tldhealth export`: every result of a run from the
 * store, in domain order, as JSON lines (each the object `check --json`
 * prints) or as CSV (docs/store.md gives the columns).
 */
#include "crawler/cmd_export.h"

#include "common/err.h"
#include "engine/result.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct export
{
	bool csv;
	enum th_level min;
	struct th_profile profile;
	struct th_facts *facts;
	struct th_buf line;
	unsigned long long n;
};

static void
export_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: tldhealth export --db DIR --run ID [--format jsonl|csv] "
	    "[--level LEVEL]\n"
	    "\n"
	    "Write every result of a run, in domain order.\n"
	    "\n"
	    "  --db DIR          the store (default " TH_STORE_DEFAULT_DIR ")\n"
	    "  --run ID          the run\n"
	    "  --format FORMAT   jsonl (default: one `check --json` "
	    "object a line) or\n"
	    "                    csv (one row a domain, docs/store.md)\n"
	    "  --level LEVEL     lowest message level in jsonl (default "
	    "NOTICE)\n");
}

static int
export_one(void *arg, const void *rec, size_t len)
{
	struct export *x = arg;
	struct th_report rep;
	struct th_dname domain;
	bool has;
	int rc;

	if ((rc = th_report_init(&rep, &x->profile)) != 0)
		return rc;
	rc = th_record_decode(rec, len, &domain, NULL, &rep, x->facts, &has);
	th_buf_reset(&x->line);
	if (rc == 0)
		rc = x->csv ? th_result_csv_row(&domain, &rep,
		                                has ? x->facts : NULL, &x->line)
		            : th_result_json_facts(&domain, &rep, x->min,
		                                   has ? x->facts : NULL,
		                                   &x->line);
	if (rc == 0)
		rc = th_buf_append_u8(&x->line, '\n');
	if (rc == 0 && fwrite(th_buf_data(&x->line), 1, th_buf_len(&x->line),
	                      stdout) != th_buf_len(&x->line))
		rc = th_from_errno(errno ? errno : EIO);
	th_report_free(&rep);
	x->n++;
	return rc;
}

int
th_cmd_export(int argc, char **argv)
{
	enum { O_DB = 256, O_RUN, O_FORMAT, O_LEVEL, O_HELP };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, O_DB},
	    {"run", required_argument, NULL, O_RUN},
	    {"format", required_argument, NULL, O_FORMAT},
	    {"level", required_argument, NULL, O_LEVEL},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct th_store_conf conf = {true, 0, 0};
	const char *db = TH_STORE_DEFAULT_DIR, *run = NULL;
	struct export x;
	struct th_store *s;
	struct th_run_meta m;
	int c, rc;

	memset(&x, 0, sizeof(x));
	x.min = TH_LEVEL_NOTICE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_DB:
			db = optarg;
			break;
		case O_RUN:
			run = optarg;
			break;
		case O_FORMAT:
			if (strcmp(optarg, "csv") == 0) {
				x.csv = true;
			} else if (strcmp(optarg, "jsonl") != 0) {
				fprintf(stderr,
				        "export: unknown format '%s' (jsonl or "
				        "csv)\n",
				        optarg);
				return 2;
			}
			break;
		case O_LEVEL:
			if (th_level_parse(optarg, &x.min) != 0) {
				fprintf(stderr, "export: unknown level '%s'\n",
				        optarg);
				return 2;
			}
			break;
		case O_HELP:
		case 'h':
			export_usage(stdout);
			return 0;
		default:
			export_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || run == NULL) {
		export_usage(stderr);
		return 2;
	}
	if (!th_store_run_id_valid(run)) {
		fprintf(stderr,
		        "export: bad run id (1 to 64 of A-Z a-z 0-9 . _ -)\n");
		return 2;
	}
	if ((rc = th_store_open(&s, db, &conf)) != 0) {
		fprintf(stderr, "export: %s: %s\n", db,
		        rc == TH_ENOTFOUND ? "no store there"
		                           : th_strerror(rc));
		return 1;
	}
	if ((rc = th_store_run_get(s, run, &m)) != 0) {
		fprintf(stderr, "export: run %s: %s\n", run,
		        rc == TH_ENOTFOUND ? "no such run" : th_strerror(rc));
		th_store_destroy(&s);
		return 1;
	}
	th_profile_default(&x.profile);
	th_buf_init(&x.line, 1 << 26);
	if ((x.facts = malloc(sizeof(*x.facts))) == NULL) {
		rc = TH_ENOMEM;
	} else {
		rc = 0;
		if (x.csv && (rc = th_result_csv_header(&x.line)) == 0 &&
		    (rc = th_buf_append_u8(&x.line, '\n')) == 0)
			fwrite(th_buf_data(&x.line), 1, th_buf_len(&x.line),
			       stdout);
		if (rc == 0)
			rc = th_store_results(s, run, export_one, &x);
	}
	if (rc != 0)
		fprintf(stderr, "export: run %s, record %llu: %s\n", run, x.n,
		        th_strerror(rc));
	free(x.facts);
	th_buf_free(&x.line);
	th_store_destroy(&s);
	if (fflush(stdout) != 0)
		return 1;
	return rc != 0 ? 1 : 0;
}
