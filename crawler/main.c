/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c -- entry point of bin/tldhealth: subcommand dispatch.
 *
 * Each subcommand lives in its own module and has the shape of main().
 * Only subcommands that work are listed in the table; the command-line
 * contract they follow is in DESIGN.md section 3.
 */
#include "common/log.h"
#include "crawler/cmd_analyze.h"
#include "crawler/cmd_check.h"
#include "crawler/cmd_crawl.h"
#include "crawler/cmd_export.h"
#include "crawler/cmd_keygen.h"
#include "crawler/cmd_query.h"
#include "crawler/cmd_report.h"
#include "crawler/cmd_resolve.h"
#include "crawler/cmd_runs.h"
#include "crawler/cmd_sink.h"
#include "crawler/cmd_worker.h"
#include "crawler/cmd_zonelist.h"

#include <stdio.h>
#include <string.h>

typedef int cmd_main_fn(int argc, char **argv);

struct cmd {
	const char *name;
	cmd_main_fn *run;
	const char *summary;
};

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct cmd commands[] = {
    {"check", th_cmd_check, "test one domain, print the messages"},
    {"query", th_cmd_query, "ask one server one question, as the survey does"},
    {"resolve", th_cmd_resolve,
     "resolve names iteratively from the root hints"},
    {"crawl", th_cmd_crawl,
     "survey a zone file or a domain list into the store"},
    {"worker", th_cmd_worker, "an extra worker for a running crawl"},
    {"sink", th_cmd_sink, "a crawl's store writer (started by crawl)"},
    {"keygen", th_cmd_keygen, "write a CURVE key pair for remote workers"},
    {"runs", th_cmd_runs, "list the runs in a store, with counts and state"},
    {"analyze", th_cmd_analyze, "aggregate a run: summary.json and CSV tables"},
    {"export", th_cmd_export, "write a run's results as JSON lines or CSV"},
    {"report", th_cmd_report, "write a run's report: charts, HTML and PDF"},
    {"zonelist", th_cmd_zonelist,
     "fetch a zone by AXFR; read zone files and domain lists"},
    {"help", cmd_help, "show this help, or the help of one subcommand"},
    {"version", cmd_version, "print the version"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *out)
{
	fprintf(out, "usage: tldhealth [--version] [--help] COMMAND [ARGS]\n"
	             "\n"
	             "DNS health survey of a whole top-level domain.\n"
	             "\n"
	             "commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
		        commands[i].summary);
	fprintf(out,
	        "\nRun 'tldhealth COMMAND --help' for a command's options.\n");
}

static int
cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("tldhealth %s\n", TLDHEALTH_VERSION);
	return 0;
}

static const struct cmd *
find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
cmd_help(int argc, char **argv)
{
	const struct cmd *c;
	char *sub[] = {NULL, "--help", NULL};

	if (argc < 2 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if ((c = find_command(argv[1])) == NULL) {
		fprintf(stderr, "tldhealth: unknown command '%s'\n", argv[1]);
		return 2;
	}
	sub[0] = argv[1];
	return c->run(2, sub);
}

int
main(int argc, char **argv)
{
	const struct cmd *c;

	th_log_set_ident("tldhealth");
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	if ((c = find_command(argv[1])) == NULL) {
		fprintf(stderr, "tldhealth: unknown command '%s'\n\n", argv[1]);
		usage(stderr);
		return 2;
	}
	return c->run(argc - 1, argv + 1);
}
