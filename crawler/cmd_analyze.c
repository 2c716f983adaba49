/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_analyze.c -- `tldhealth analyze`: the command line of th_analyze()
 * (analyzer/analyze.h).
 */
#include "crawler/cmd_analyze.h"

#include "analyzer/analyze.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void
analyze_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: tldhealth analyze --db DIR --run ID [--compare ID]... "
	    "[--out DIR]\n"
	    "                         [--asn-db FILE] [--psl FILE]\n"
	    "\n"
	    "Aggregate a run of the store into OUT/summary.json and one "
	    "CSV per table.\n"
	    "\n"
	    "  --db DIR        the store (default " TH_STORE_DEFAULT_DIR ")\n"
	    "  --run ID        the run\n"
	    "  --compare ID    an earlier run to compare with (repeatable)\n"
	    "  --out DIR       output directory (default results/<run>)\n"
	    "  --asn-db FILE   prefix-to-ASN table (docs/asn-db.md): AS and "
	    "prefix figures\n"
	    "  --psl FILE      public suffix list (default the system's)\n");
}

static bool
run_ok(const char *id)
{
	if (th_store_run_id_valid(id))
		return true;
	fprintf(stderr,
	        "analyze: bad run id '%s' (1 to 64 of A-Z a-z 0-9 . _ "
	        "-)\n",
	        id);
	return false;
}

int
th_cmd_analyze(int argc, char **argv)
{
	enum { O_DB = 256, O_RUN, O_COMPARE, O_OUT, O_ASN, O_PSL, O_HELP };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, O_DB},
	    {"run", required_argument, NULL, O_RUN},
	    {"compare", required_argument, NULL, O_COMPARE},
	    {"out", required_argument, NULL, O_OUT},
	    {"asn-db", required_argument, NULL, O_ASN},
	    {"psl", required_argument, NULL, O_PSL},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct th_analyze_conf conf;
	struct th_analyze_stats stats;
	char err[512];
	int c;

	memset(&conf, 0, sizeof(conf));
	conf.db = TH_STORE_DEFAULT_DIR;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_DB:
			conf.db = optarg;
			break;
		case O_RUN:
			conf.run = optarg;
			break;
		case O_COMPARE:
			if (conf.ncompare == TH_ANALYZE_MAXCOMPARE) {
				fprintf(stderr,
				        "analyze: at most %d --compare\n",
				        TH_ANALYZE_MAXCOMPARE);
				return 2;
			}
			conf.compare[conf.ncompare++] = optarg;
			break;
		case O_OUT:
			conf.out = optarg;
			break;
		case O_ASN:
			conf.asn = optarg;
			break;
		case O_PSL:
			conf.psl = optarg;
			break;
		case O_HELP:
		case 'h':
			analyze_usage(stdout);
			return 0;
		default:
			analyze_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || conf.run == NULL) {
		analyze_usage(stderr);
		return 2;
	}
	if (!run_ok(conf.run))
		return 2;
	for (size_t i = 0; i < conf.ncompare; i++)
		if (!run_ok(conf.compare[i]))
			return 2;
	conf.stats = &stats;
	if (th_analyze(&conf, err, sizeof(err)) != 0) {
		fprintf(stderr, "analyze: %s\n", err);
		return 1;
	}
	fprintf(stderr,
	        "analyze: run %s: %llu records, %llu server records, %.2f s\n",
	        conf.run, (unsigned long long)stats.records,
	        (unsigned long long)stats.servers, stats.seconds);
	return 0;
}
