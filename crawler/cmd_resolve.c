/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_resolve.c -- `tldhealth resolve`: resolve names iteratively from the
 * root hints, many at a time, through the survey's resolver and cache.
 *
 * One line per name: NAME, TAB, STATUS, TAB, detail (the addresses with
 * --addrs; the parent zone and its NS names with --delegation; the final
 * name and answering zone otherwise). Lines come in completion order.
 */
#include "crawler/cmd_resolve.h"

#include "common/err.h"
#include "common/log.h"
#include "common/msg.h"
#include "crawler/resolver.h"
#include "crawler/transport.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum resolve_mode { R_LOOKUP, R_ADDRS, R_DELEG };

struct resolve_run {
	struct th_transport *t;
	struct th_resolver *r;
	enum resolve_mode mode;
	uint16_t qtype;
	struct th_dname *names;
	size_t nnames, next, done;
	unsigned window;
	bool stats;
	int status;
};

struct resolve_item {
	struct resolve_run *run;
	struct th_dname name;
};

static void resolve_launch(struct resolve_run *run);

static void
print_deleg(const struct th_res_result *res)
{
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;
	char buf[TH_DNAME_STRLEN];
	const char *sep = "\t";

	if (th_dname_to_str(&res->zone, buf, sizeof(buf)) == 0)
		printf("\t%s", buf);
	if (res->answer == NULL ||
	    th_msg_parse(&m, res->answer->wire, res->answer->len, NULL) != 0)
		return;
	th_msg_iter_init(&it, &m,
	                 res->status == TH_RES_REFERRAL ? TH_SEC_AUTHORITY
	                                                : TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr)) {
		struct th_dname ns;

		if (rr.type != TH_T_NS ||
		    th_msg_rdata_name(&m, &rr, 0, &ns, NULL) != 0 ||
		    th_dname_to_str(&ns, buf, sizeof(buf)) != 0)
			continue;
		printf("%s%s", sep, buf);
		sep = ",";
	}
}

static void
on_result(void *arg, const struct th_res_result *res)
{
	struct resolve_item *item = arg;
	struct resolve_run *run = item->run;
	char name[TH_DNAME_STRLEN], buf[TH_DNAME_STRLEN];

	if (th_dname_to_str(&item->name, name, sizeof(name)) != 0)
		name[0] = '\0';
	printf("%s\t%s", name, th_res_status_name(res->status));
	if (run->mode == R_ADDRS) {
		printf("\t");
		for (size_t i = 0; i < res->naddrs; i++) {
			char ip[TH_ADDR_STRLEN];

			if (th_addr_ip_str(&res->addrs[i], ip, sizeof(ip)) == 0)
				printf("%s%s", i ? "," : "", ip);
		}
		if (res->naddrs == 0)
			printf("-");
	} else if (run->mode == R_DELEG)
		print_deleg(res);
	else {
		if (th_dname_to_str(&res->qname, buf, sizeof(buf)) == 0)
			printf("\t%s", buf);
		if (th_dname_to_str(&res->zone, buf, sizeof(buf)) == 0)
			printf("\t%s", buf);
		printf("\t%u queries", res->queries);
	}
	printf("\n");
	free(item);
	run->done++;
	if (run->next < run->nnames)
		resolve_launch(run);
	else if (run->done == run->nnames) {
		if (run->stats) {
			struct th_resolver_stats rs;
			struct th_transport_stats ts;

			th_resolver_stats(run->r, &rs);
			th_transport_stats(run->t, &ts);
			fprintf(
			    stderr,
			    "resolve: %zu names; resolver queries %llu, "
			    "zones %llu, hosts %llu, host cache hits %llu, "
			    "lame %llu, loops %llu, limits %llu; transport "
			    "sent %llu, cache hits %llu, joined %llu, "
			    "timeouts %llu\n",
			    run->nnames, (unsigned long long)rs.queries,
			    (unsigned long long)rs.zones,
			    (unsigned long long)rs.hosts,
			    (unsigned long long)rs.host_hits,
			    (unsigned long long)rs.lame,
			    (unsigned long long)rs.loops,
			    (unsigned long long)rs.limits,
			    (unsigned long long)(ts.sent_udp + ts.sent_tcp),
			    (unsigned long long)ts.cache_hits,
			    (unsigned long long)ts.dedup_joins,
			    (unsigned long long)ts.outcomes[TH_OUT_TIMEOUT]);
		}
		th_resolver_close(run->r);
		th_transport_close(run->t);
	}
}

static void
resolve_launch(struct resolve_run *run)
{
	struct resolve_item *item = malloc(sizeof(*item));
	int rc;

	if (item == NULL) {
		th_log_error("resolve: out of memory");
		exit(1);
	}
	item->run = run;
	item->name = run->names[run->next++];
	switch (run->mode) {
	case R_ADDRS:
		rc = th_resolver_addrs(run->r, &item->name, on_result, item);
		break;
	case R_DELEG:
		rc = th_resolver_delegation(run->r, &item->name, on_result,
		                            item);
		break;
	default:
		rc = th_resolver_lookup(run->r, &item->name, run->qtype,
		                        on_result, item);
	}
	if (rc != 0) {
		th_log_error("resolve: %s", th_strerror(rc));
		exit(1);
	}
}

static int
add_name(struct resolve_run *run, const char *text, size_t *alloc)
{
	enum th_dname_reason why;
	struct th_dname n;

	if (th_dname_parse(&n, text, strlen(text), NULL, &why) != 0) {
		fprintf(stderr, "resolve: '%s': %s\n", text,
		        th_dname_reason_text(why));
		return -1;
	}
	if (run->nnames == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 256;
		run->names = realloc(run->names, *alloc * sizeof(*run->names));
		if (run->names == NULL)
			return -1;
	}
	run->names[run->nnames++] = n;
	return 0;
}

static void
resolve_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: tldhealth resolve [options] [NAME...]\n"
	    "\n"
	    "Resolve names iteratively from the root hints.\n"
	    "\n"
	    "  --hints FILE     root hints (default: the IANA root servers)\n"
	    "  --file FILE      names to resolve, one a line\n"
	    "  --type TYPE      record type (default A)\n"
	    "  --addrs          all addresses (A and AAAA) of each name\n"
	    "  --delegation     the parent zone and NS set of each name\n"
	    "  --no-ipv4, --no-ipv6   do not query servers over that family\n"
	    "  --timeout MS     per try (default 5000)\n"
	    "  --retries N      tries after the first (default 1)\n"
	    "  --inflight N     names resolved at once (default 200)\n"
	    "  --stats          print counters on standard error\n");
}

int
th_cmd_resolve(int argc, char **argv)
{
	enum {
		O_HINTS = 256,
		O_FILE,
		O_TYPE,
		O_ADDRS,
		O_DELEG,
		O_NO4,
		O_NO6,
		O_TIMEOUT,
		O_RETRIES,
		O_INFLIGHT,
		O_STATS,
		O_HELP
	};
	static const struct option opts[] = {
	    {"hints", required_argument, NULL, O_HINTS},
	    {"file", required_argument, NULL, O_FILE},
	    {"type", required_argument, NULL, O_TYPE},
	    {"addrs", no_argument, NULL, O_ADDRS},
	    {"delegation", no_argument, NULL, O_DELEG},
	    {"no-ipv4", no_argument, NULL, O_NO4},
	    {"no-ipv6", no_argument, NULL, O_NO6},
	    {"timeout", required_argument, NULL, O_TIMEOUT},
	    {"retries", required_argument, NULL, O_RETRIES},
	    {"inflight", required_argument, NULL, O_INFLIGHT},
	    {"stats", no_argument, NULL, O_STATS},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct resolve_run run;
	struct th_transport_conf tconf;
	struct th_resolver_conf rconf;
	struct th_hints hints;
	const char *hints_path = NULL, *file = NULL;
	char err[256];
	size_t alloc = 0;
	uv_loop_t loop;
	int c, rc;

	memset(&run, 0, sizeof(run));
	run.qtype = TH_T_A;
	run.window = 200;
	th_transport_conf_default(&tconf);
	th_resolver_conf_default(&rconf);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_HINTS:
			hints_path = optarg;
			break;
		case O_FILE:
			file = optarg;
			break;
		case O_TYPE:
			if (th_rrtype_parse(optarg, &run.qtype) != 0) {
				fprintf(stderr, "resolve: unknown type '%s'\n",
				        optarg);
				return 2;
			}
			break;
		case O_ADDRS:
			run.mode = R_ADDRS;
			break;
		case O_DELEG:
			run.mode = R_DELEG;
			break;
		case O_NO4:
			rconf.no_ipv4 = true;
			break;
		case O_NO6:
			rconf.no_ipv6 = true;
			break;
		case O_TIMEOUT:
			tconf.timeout_ms = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case O_RETRIES:
			tconf.tries = (unsigned)strtoul(optarg, NULL, 10) + 1;
			break;
		case O_INFLIGHT:
			run.window = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case O_STATS:
			run.stats = true;
			break;
		case O_HELP:
		case 'h':
			resolve_usage(stdout);
			return 0;
		default:
			resolve_usage(stderr);
			return 2;
		}
	}
	if (rconf.no_ipv4 && rconf.no_ipv6) {
		fprintf(stderr, "resolve: --no-ipv4 and --no-ipv6 leave no "
		                "server to ask\n");
		return 2;
	}
	for (int i = optind; i < argc; i++)
		if (add_name(&run, argv[i], &alloc) != 0)
			return 2;
	if (file != NULL) {
		FILE *f = fopen(file, "r");
		char line[1100];

		if (f == NULL) {
			perror(file);
			return 2;
		}
		while (fgets(line, sizeof(line), f) != NULL) {
			line[strcspn(line, " \t\r\n")] = '\0';
			if (line[0] != '\0' && line[0] != '#' &&
			    add_name(&run, line, &alloc) != 0) {
				fclose(f);
				return 2;
			}
		}
		fclose(f);
	}
	if (run.nnames == 0) {
		resolve_usage(stderr);
		return 2;
	}
	if ((rc = th_hints_load(&hints, hints_path, err, sizeof(err))) != 0) {
		fprintf(stderr, "resolve: hints: %s\n", err);
		return 2;
	}
	uv_loop_init(&loop);
	if ((rc = th_transport_create(&run.t, &loop, &tconf)) != 0 ||
	    (rc = th_resolver_create(&run.r, run.t, &hints, &rconf)) != 0) {
		fprintf(stderr, "resolve: %s\n", th_strerror(rc));
		if (run.t != NULL)
			th_transport_close(run.t);
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
		return 1;
	}
	for (unsigned i = 0; i < run.window && run.next < run.nnames; i++)
		resolve_launch(&run);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	free(run.names);
	return run.status;
}
