/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_runs.c -- `tldhealth runs`: one line per run of the store: id,
 * state, creation time, results, server addresses, batches, the input's
 * size when known, and what the input was.
 */
#include "crawler/cmd_runs.h"

#include "common/err.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void
runs_usage(FILE *out)
{
	fprintf(out,
	        "usage: tldhealth runs [--db DIR]\n"
	        "\n"
	        "List the runs in a store with their state and counts.\n"
	        "\n"
	        "  --db DIR   the store (default " TH_STORE_DEFAULT_DIR ")\n");
}

/* The input description came from a file: printable ASCII only. */
static void
print_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x20 && *p < 0x7f)
			putchar(*p);
		else
			printf("\\%03u", *p);
}

static int
print_run(void *arg, const struct th_run_meta *m)
{
	char when[32] = "-";
	time_t t = (time_t)m->created;
	struct tm tm;

	(void)arg;
	if (m->created != 0 && gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%-20s %-8s %-20s %10llu %8llu %8llu ", m->id,
	       th_run_state_name((enum th_run_state)m->state), when,
	       (unsigned long long)m->results, (unsigned long long)m->servers,
	       (unsigned long long)m->batches);
	if (m->total > 0)
		printf("%10llu ", (unsigned long long)m->total);
	else
		printf("%10s ", "-");
	print_safe(m->input);
	putchar('\n');
	return 0;
}

int
th_cmd_runs(int argc, char **argv)
{
	enum { O_DB = 256, O_HELP };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, O_DB},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct th_store_conf conf = {true, 0, 0};
	const char *db = TH_STORE_DEFAULT_DIR;
	struct th_store *s;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_DB:
			db = optarg;
			break;
		case O_HELP:
		case 'h':
			runs_usage(stdout);
			return 0;
		default:
			runs_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		runs_usage(stderr);
		return 2;
	}
	if ((rc = th_store_open(&s, db, &conf)) != 0) {
		fprintf(stderr, "runs: %s: %s\n", db,
		        rc == TH_ENOTFOUND ? "no store there"
		                           : th_strerror(rc));
		return 1;
	}
	printf("%-20s %-8s %-20s %10s %8s %8s %10s %s\n", "RUN", "STATE",
	       "CREATED", "RESULTS", "SERVERS", "BATCHES", "TOTAL", "INPUT");
	rc = th_store_runs(s, print_run, NULL);
	th_store_destroy(&s);
	if (rc != 0) {
		fprintf(stderr, "runs: %s: %s\n", db, th_strerror(rc));
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
