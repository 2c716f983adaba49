/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tbgen.c -- build/testbed/tbgen: generate the simulated DNS hierarchy.
 *
 * Decides the whole testbed from the options and the seed (plan.c), then
 * writes the zone files (zone.c), the server configurations and the
 * manifest the orchestrator starts (conf.c), the truth file (truth.c) and
 * DIR/params last, so that DIR/params exists only after a complete run.
 * testbed/tldbed calls it; docs/testbed.md describes every output.
 */
#include "common/err.h"
#include "common/log.h"
#include "testbed/gen/conf.h"
#include "testbed/gen/dnssec.h"
#include "testbed/gen/out.h"
#include "testbed/gen/plan.h"
#include "testbed/gen/profile.h"
#include "testbed/gen/truth.h"
#include "testbed/gen/zone.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void
usage(FILE *out)
{
	fprintf(out,
	        "usage: tbgen --dir DIR [--domains N] [--seed S] [--ipv6]\n"
	        "             [--latency MS] [--jitter MS] [--loss PCT]\n"
	        "             [--instances K] [--now EPOCH] [--jobs J]\n"
	        "             [--verbose]\n"
	        "       tbgen --list-profiles\n"
	        "\n"
	        "Generate the tldhealth testbed: zone files, NSD, unbound and\n"
	        "relay configurations, the process manifest and the truth "
	        "file.\n"
	        "\n"
	        "  --dir DIR        output folder (created)\n"
	        "  --domains N      child domains of se. (default 2000)\n"
	        "  --seed S         seed of every random choice (default 1)\n"
	        "  --ipv6           IPv6 addresses for some name servers\n"
	        "  --latency MS     every public address through the relay,\n"
	        "                   with this delay (default 0: only faulty\n"
	        "                   servers are relayed)\n"
	        "  --jitter MS      random extra delay, 0 .. MS\n"
	        "  --loss PCT       share of packets the relay drops\n"
	        "  --instances K    NSD instances for the hosters (default "
	        "8)\n"
	        "  --now EPOCH      signature times relative to this "
	        "(default now)\n"
	        "  --jobs J         processes signing child zones (default "
	        "1)\n"
	        "  --list-profiles  print the profiles and their shares\n"
	        "  --verbose        debug messages\n"
	        "\n"
	        "See docs/testbed.md.\n");
}

/* Parse a whole unsigned decimal number in [0, max]. */
static int
parse_u64(const char *opt, const char *text, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		goto bad;
	v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	th_log_error("%s: not a number in 0 .. %" PRIu64 ": '%s'", opt, max,
	             text);
	return TH_EINVAL;
}

static int
parse_u32(const char *opt, const char *text, uint32_t max, uint32_t *out)
{
	uint64_t v;
	int rc = parse_u64(opt, text, max, &v);

	if (rc == 0)
		*out = (uint32_t)v;
	return rc;
}

static int
parse_pct(const char *text, double *out)
{
	char *end;
	double v;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		goto bad;
	v = strtod(text, &end);
	if (errno != 0 || *end != '\0' || v < 0 || v > 100)
		goto bad;
	*out = v;
	return 0;
bad:
	th_log_error("--loss: not a percentage: '%s'", text);
	return TH_EINVAL;
}

static void
list_profiles(void)
{
	printf("%-22s %8s  %s\n", "profile", "share", "what");
	for (unsigned p = 0; p < TBGEN_P__COUNT; p++) {
		const struct tbgen_profile_info *pi = tbgen_profile_info(p);

		if (pi->basis_points == 0)
			printf("%-22s %8s  %s\n", pi->name, "rest",
			       pi->summary);
		else
			printf("%-22s %7.2f%%  %s\n", pi->name,
			       pi->basis_points / 100.0, pi->summary);
	}
}

enum {
	OPT_DIR = 256,
	OPT_DOMAINS,
	OPT_SEED,
	OPT_IPV6,
	OPT_LATENCY,
	OPT_JITTER,
	OPT_LOSS,
	OPT_INSTANCES,
	OPT_NOW,
	OPT_JOBS,
	OPT_LIST,
	OPT_VERBOSE,
	OPT_HELP,
};

static const struct option long_opts[] = {
    {"dir", required_argument, NULL, OPT_DIR},
    {"domains", required_argument, NULL, OPT_DOMAINS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"ipv6", no_argument, NULL, OPT_IPV6},
    {"latency", required_argument, NULL, OPT_LATENCY},
    {"jitter", required_argument, NULL, OPT_JITTER},
    {"loss", required_argument, NULL, OPT_LOSS},
    {"instances", required_argument, NULL, OPT_INSTANCES},
    {"now", required_argument, NULL, OPT_NOW},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"list-profiles", no_argument, NULL, OPT_LIST},
    {"verbose", no_argument, NULL, OPT_VERBOSE},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* 1: done (help/list), 0: go on, < 0: error. */
static int
parse_args(int argc, char **argv, struct tbgen_opts *o)
{
	uint64_t v;
	int c, rc = 0;

	memset(o, 0, sizeof(*o));
	o->domains = 2000;
	o->seed = 1;
	o->instances = 8;
	o->jobs = 1;
	while (rc == 0 &&
	       (c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_DIR:
			o->dir = optarg;
			break;
		case OPT_DOMAINS:
			rc = parse_u32("--domains", optarg, TBGEN_MAX_DOMAINS,
			               &o->domains);
			break;
		case OPT_SEED:
			rc = parse_u64("--seed", optarg, UINT64_MAX, &o->seed);
			break;
		case OPT_IPV6:
			o->ipv6 = true;
			break;
		case OPT_LATENCY:
			rc = parse_u32("--latency", optarg, 60000,
			               &o->latency_ms);
			break;
		case OPT_JITTER:
			rc =
			    parse_u32("--jitter", optarg, 60000, &o->jitter_ms);
			break;
		case OPT_LOSS:
			rc = parse_pct(optarg, &o->loss_pct);
			break;
		case OPT_INSTANCES:
			rc = parse_u32("--instances", optarg,
			               TBGEN_MAX_INSTANCES, &o->instances);
			break;
		case OPT_NOW:
			/* Signatures carry 32-bit times. */
			rc = parse_u64("--now", optarg, UINT32_MAX - 31 * 86400,
			               &v);
			o->now = (int64_t)v;
			o->now_given = true;
			break;
		case OPT_JOBS:
			rc = parse_u32("--jobs", optarg, 64, &o->jobs);
			break;
		case OPT_LIST:
			list_profiles();
			return 1;
		case OPT_VERBOSE:
			th_log_set_level(TH_LOG_DEBUG);
			break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return TH_EINVAL;
		}
	}
	if (rc != 0)
		return rc;
	if (optind < argc) {
		th_log_error("unexpected argument '%s'", argv[optind]);
		return TH_EINVAL;
	}
	if (o->dir == NULL || o->dir[0] == '\0') {
		th_log_error("--dir is required");
		usage(stderr);
		return TH_EINVAL;
	}
	if (!o->now_given)
		o->now = (int64_t)time(NULL);
	if (o->jobs == 0)
		o->jobs = 1;
	return 0;
}

/*
 * A folder that holds an earlier testbed (DIR/params written by tbgen)
 * loses its generated trees, so that no zone or configuration of the
 * earlier run lingers. Anything else in DIR (run/, the orchestrator's
 * files) is left alone.
 */
static int
clear_previous(const char *dir)
{
	static const char *const trees[] = {"zones", "nsd", "unbound"};
	char path[TBGEN_PATH_MAX];
	char line[64] = "";
	FILE *fp;
	int rc;

	if ((rc = tbgen_out_path(path, sizeof(path), "%s/params", dir)) != 0)
		return rc;
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), fp) == NULL)
		line[0] = '\0';
	fclose(fp);
	if (strncmp(line, "domains=", 8) != 0)
		return 0;
	/* Until this run completes, DIR holds no valid testbed. */
	if (unlink(path) != 0)
		return th_from_errno(errno);
	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		if ((rc = tbgen_out_path(path, sizeof(path), "%s/%s", dir,
		                         trees[i])) != 0 ||
		    (rc = tbgen_out_remove_tree(path)) != 0)
			return rc;
	}
	return 0;
}

static int
write_params(const struct tbgen_opts *o)
{
	char path[TBGEN_PATH_MAX], text[512];
	int n, rc;

	/* The first line has the orchestrator's format, so that `up` can
	 * compare it; the rest is for people. */
	n = snprintf(text, sizeof(text),
	             "domains=%u seed=%" PRIu64 " instances=%u latency=%u "
	             "jitter=%u loss=%g ipv6=%s\n"
	             "now=%" PRId64 "\njobs=%u\ntbgen=%s\n",
	             o->domains, o->seed, o->instances, o->latency_ms,
	             o->jitter_ms, o->loss_pct, o->ipv6 ? "yes" : "no", o->now,
	             o->jobs, TLDHEALTH_VERSION);
	if (n < 0 || (size_t)n >= sizeof(text))
		return TH_EINTERNAL;
	if ((rc = tbgen_out_path(path, sizeof(path), "%s/params", o->dir)) != 0)
		return rc;
	return tbgen_out_write(path, text, (size_t)n);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int
main(int argc, char **argv)
{
	struct tbgen_opts opts;
	struct tbgen_plan *plan = NULL;
	struct tbgen_dnssec *ks = NULL;
	struct timespec t0;
	uint32_t counts[TBGEN_P__COUNT] = {0};
	int rc;

	th_log_set_ident("tbgen");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = parse_args(argc, argv, &opts)) != 0)
		return rc > 0 ? 0 : 2;
	/* Decide everything before touching DIR: bad options must not
	 * cost an existing testbed. */
	if ((rc = tbgen_plan_build(&opts, &plan)) != 0)
		goto out;
	if ((rc = tbgen_out_mkdirs(opts.dir)) != 0 ||
	    (rc = clear_previous(opts.dir)) != 0)
		goto out;
	if ((rc = tbgen_dnssec_new(&ks)) != 0)
		goto out;
	if ((rc = tbgen_zone_write_all(plan, ks)) != 0)
		goto out;
	if ((rc = tbgen_conf_write_all(plan)) != 0)
		goto out;
	if ((rc = tbgen_truth_write_all(plan)) != 0)
		goto out;
	if ((rc = write_params(&opts)) != 0)
		goto out;
	for (uint32_t i = 0; i < plan->ndom; i++)
		counts[plan->dom[i].profile]++;
	th_log_info("%u domains, %u operators, %u name-server hosts, %u NSD "
	            "instances, %u open resolvers, in %.1f s (%s)",
	            plan->ndom, plan->nnormal, plan->nhosts, plan->ninst,
	            plan->nunbound, seconds_since(&t0), opts.dir);
out:
	if (rc != 0)
		th_log_error("failed: %s", th_strerror(rc));
	tbgen_dnssec_free(ks);
	tbgen_plan_free(plan);
	return rc == 0 ? 0 : 1;
}
