/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * txbench.c -- load generator over crawler/transport, dnsperf's counterpart.
 *
 * Reads a dnsperf-style query file ("name type" per line), keeps a fixed
 * number of queries in flight against one or more servers for a fixed
 * time, cycling through the file, and prints what it achieved. The cache
 * is off, so every query goes to the wire, as with dnsperf.
 */
#include "common/addr.h"
#include "common/err.h"
#include "common/msg.h"
#include "crawler/transport.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bench {
	struct th_transport *t;
	uv_loop_t loop;
	uv_timer_t stop;
	struct th_query *qs;
	size_t nq, next;
	struct th_addr *servers;
	size_t nservers;
	unsigned window;
	uint64_t started, answered, outcomes[TH_OUT__COUNT], tries_gt1;
	uint64_t t0, t1;
	uint64_t answers_at_stop; /* the rate counts only these */
	bool stopping;
};

static void launch(struct bench *b);

static void
on_answer(void *arg, const struct th_answer *a)
{
	struct bench *b = arg;

	b->answered++;
	b->outcomes[a->outcome]++;
	if (a->tries > 1)
		b->tries_gt1++;
	if (!b->stopping)
		launch(b);
	else if (b->answered == b->started)
		th_transport_close(b->t);
}

static void
launch(struct bench *b)
{
	size_t i = b->next % b->nq;
	/* Servers in turn: over time each gets every query of the file. */
	const struct th_addr *s = &b->servers[b->next % b->nservers];

	if (th_transport_query(b->t, s, &b->qs[i], TH_PROTO_UDP, on_answer,
	                       b) != 0) {
		fprintf(stderr, "txbench: query refused\n");
		exit(1);
	}
	b->next++;
	b->started++;
}

static void
on_stop(uv_timer_t *h)
{
	struct bench *b = h->data;

	b->stopping = true;
	b->t1 = uv_hrtime();
	b->answers_at_stop = b->outcomes[TH_OUT_ANSWER];
	uv_close((uv_handle_t *)h, NULL);
	if (b->answered == b->started)
		th_transport_close(b->t);
}

static int
load_queries(struct bench *b, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1100], name[1025], type[32];
	size_t alloc = 0;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		struct th_dname dn;
		enum th_dname_reason why;
		uint16_t qt;

		if (sscanf(line, "%1024s %31s", name, type) != 2)
			continue;
		if (th_dname_parse(&dn, name, strlen(name), NULL, &why) != 0 ||
		    th_rrtype_parse(type, &qt) != 0)
			continue;
		if (b->nq == alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			b->qs = realloc(b->qs, alloc * sizeof(*b->qs));
			if (b->qs == NULL)
				abort();
		}
		th_query_init(&b->qs[b->nq++], &dn, qt);
	}
	fclose(f);
	return b->nq > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"server", required_argument, NULL, 's'},
	    {"file", required_argument, NULL, 'f'},
	    {"duration", required_argument, NULL, 'd'},
	    {"inflight", required_argument, NULL, 'i'},
	    {"server-qps", required_argument, NULL, 'S'},
	    {"qps", required_argument, NULL, 'Q'},
	    {"timeout", required_argument, NULL, 't'},
	    {"tries", required_argument, NULL, 'r'},
	    {"sockets", required_argument, NULL, 'k'},
	    {NULL, 0, NULL, 0},
	};
	struct bench b;
	struct th_transport_conf conf;
	double secs, duration = 10;
	int c;

	memset(&b, 0, sizeof(b));
	th_transport_conf_default(&conf);
	conf.cache_bytes = 0;
	b.window = 200;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			b.servers = realloc(b.servers, (b.nservers + 1) *
			                                   sizeof(*b.servers));
			if (b.servers == NULL ||
			    th_addr_parse_hostport(&b.servers[b.nservers++],
			                           optarg, 53) != 0) {
				fprintf(stderr, "txbench: bad server\n");
				return 2;
			}
			break;
		case 'f':
			if (load_queries(&b, optarg) != 0) {
				fprintf(stderr, "txbench: no queries\n");
				return 2;
			}
			break;
		case 'd':
			duration = strtod(optarg, NULL);
			break;
		case 'i':
			b.window = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'S':
			conf.server_qps = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'Q':
			conf.qps = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 't':
			conf.timeout_ms = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'r':
			conf.tries = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'k':
			conf.udp_sockets = (unsigned)strtoul(optarg, NULL, 10);
			break;
		default:
			return 2;
		}
	}
	if (b.nservers == 0 || b.nq == 0 || b.window == 0) {
		fprintf(stderr, "usage: txbench --server IP[:PORT]... --file "
		                "QUERIES [--duration S] [--inflight N] "
		                "[--server-qps N] [--qps N] [--timeout MS] "
		                "[--tries N] [--sockets N]\n");
		return 2;
	}
	conf.inflight = b.window;
	uv_loop_init(&b.loop);
	if (th_transport_create(&b.t, &b.loop, &conf) != 0) {
		fprintf(stderr, "txbench: transport failed\n");
		return 1;
	}
	uv_timer_init(&b.loop, &b.stop);
	b.stop.data = &b;
	uv_timer_start(&b.stop, on_stop, (uint64_t)(duration * 1000), 0);
	b.t0 = uv_hrtime();
	for (unsigned i = 0; i < b.window; i++)
		launch(&b);
	uv_run(&b.loop, UV_RUN_DEFAULT);
	uv_loop_close(&b.loop);
	secs = (double)(b.t1 - b.t0) / 1e9;
	/* The rate counts answers until the stop; the ones in flight then
	 * are drained and counted in the totals only. */
	printf("txbench: %.0f qps over %.2f s; in all %llu queries: answers "
	       "%llu, timeouts %llu, other %llu; with retries %llu (%.3f%%)\n",
	       (double)b.answers_at_stop / secs, secs,
	       (unsigned long long)b.answered,
	       (unsigned long long)b.outcomes[TH_OUT_ANSWER],
	       (unsigned long long)b.outcomes[TH_OUT_TIMEOUT],
	       (unsigned long long)(b.answered - b.outcomes[TH_OUT_ANSWER] -
	                            b.outcomes[TH_OUT_TIMEOUT]),
	       (unsigned long long)b.tries_gt1,
	       b.answered ? 100.0 * (double)b.tries_gt1 / (double)b.answered
	                  : 0.0);
	printf("TXBENCH qps=%.0f answers=%llu timeouts=%llu retried=%llu "
	       "seconds=%.2f\n",
	       (double)b.answers_at_stop / secs,
	       (unsigned long long)b.outcomes[TH_OUT_ANSWER],
	       (unsigned long long)b.outcomes[TH_OUT_TIMEOUT],
	       (unsigned long long)b.tries_gt1, secs);
	free(b.qs);
	free(b.servers);
	return 0;
}
