/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * anagen.c -- writes a synthetic survey run into a store for the analyzer
 * benchmark (tests/bench/analyze.sh): N result records like a crawl's,
 * through th_store_put_batch in batches of 1,000, plus the run's server
 * records.
 *
 *   anagen --db DIR --run ID --records N [--seed S]
 *
 * Each record has the shape the engine gives a real domain (docs/store.md
 * "Sizes": about 59 messages of about 47 distinct tags, 1.9 kB): 1 to 4
 * NS names at operators drawn from a skewed distribution (a few large
 * hosters, a long tail, some vanity names), DNSSEC facts in .se-like
 * proportions, lame and unreachable servers, SOA timer and version
 * messages with their arguments, and the rest of the messages drawn from
 * the whole catalogue. Deterministic from the seed.
 */
#include "common/err.h"
#include "common/rng.h"
#include "store/record.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 1000
#define HOSTERS 20000

static const char *const versions[] = {"9.18.19-1~deb12u1-Debian",
                                       "NSD 4.6.1",
                                       "Knot DNS 3.2.6",
                                       "PowerDNS Authoritative Server 4.7.3",
                                       "9.16.44",
                                       "unbound 1.17.1",
                                       "=HYPERLINK(\"http://x\")",
                                       "<script>alert(1)</script>"};
static const char *const timers[][4] = {
    {"86400", "7200", "3600000", "3600"},
    {"14400", "3600", "1209600", "3600"},
    {"10800", "3600", "604800", "86400"},
    {"3600", "600", "1209600", "300"},
    {"43200", "3600", "86400", "3600"},
    {"86400", "7200", "2419200", "172800"},
};

static void
parse(struct th_dname *d, const char *text)
{
	if (th_dname_parse(d, text, strlen(text), NULL, NULL) != 0) {
		fprintf(stderr, "anagen: bad name %s\n", text);
		exit(1);
	}
}

/* One domain's facts and messages. */
static void
make_domain(struct th_rng *r, uint64_t i, struct th_report *rep,
            struct th_facts *f, struct th_dname *dom)
{
	static const uint32_t st_w[] = {25, 500, 15, 10, 450};
	static const uint8_t algs[] = {8, 13, 13, 13, 15, 14, 10, 16};
	char name[128], arg[160];
	unsigned nns = 1 + (unsigned)th_rng_weighted(
	                       r, (const uint32_t[]){10, 600, 250, 140}, 4);
	/* A skewed market: u^4 puts most domains on the first hosters. */
	double u = (double)th_rng_below(r, 1u << 30) / (double)(1u << 30);
	unsigned hoster = (unsigned)(u * u * u * u * HOSTERS);
	bool vanity = th_rng_permille(r, 30);
	size_t t = th_rng_below(r, 6), nmsg;

	snprintf(name, sizeof(name), "domain-%llu.se", (unsigned long long)i);
	parse(dom, name);
	memset(f, 0, sizeof(*f));
	f->dnssec.status = (uint8_t)th_rng_weighted(r, st_w, 5);
	if (f->dnssec.status == TH_DNSSEC_BOGUS)
		f->dnssec.bogus = 1u << th_rng_below(r, 3);
	if (f->dnssec.status >= TH_DNSSEC_ISLAND) {
		f->dnssec.nalg = 1;
		f->dnssec.alg[0] = algs[th_rng_below(r, 8)];
		f->dnssec.denial =
		    th_rng_permille(r, 450) ? TH_DENIAL_NSEC3 : TH_DENIAL_NSEC;
		f->dnssec.nsec3_known = f->dnssec.denial == TH_DENIAL_NSEC3;
		f->dnssec.nsec3_iterations =
		    th_rng_permille(r, 100) ? (uint16_t)th_rng_below(r, 150)
		                            : 0;
		f->dnssec.nsec3_optout = th_rng_permille(r, 50);
		f->dnssec.has_expiry = true;
		f->dnssec.earliest_expiry =
		    1800000000u + th_rng_below(r, 30 * 86400);
	} else if (f->dnssec.status == TH_DNSSEC_UNSIGNED) {
		f->dnssec.denial = TH_DENIAL_NONE;
	}
	if (f->dnssec.status >= TH_DNSSEC_BOGUS) {
		f->dnssec.ndigest = 1;
		f->dnssec.digest[0] = th_rng_permille(r, 900) ? 2 : 1;
	}
	f->served = f->dnssec.status != TH_DNSSEC_INDETERMINATE;
	f->ns_match = !th_rng_permille(r, 20);
	f->soa_consistent = !th_rng_permille(r, 15);
	f->mx = th_rng_permille(r, 750);
	f->spf = th_rng_permille(r, 650);
	f->nparent = f->nchild = nns;
	for (unsigned k = 0; k < nns; k++) {
		struct th_fact_server *s = &f->servers[f->nservers++];
		uint8_t cls = TH_SC_AA;

		if (vanity)
			snprintf(name, sizeof(name), "ns%u.domain-%llu.se",
			         k + 1, (unsigned long long)i);
		else
			snprintf(name, sizeof(name), "ns%u.hoster-%u.net",
			         k + 1, hoster + (k >= 2 ? 1 : 0));
		parse(&f->parent_ns[k], name);
		f->child_ns[k] = f->parent_ns[k];
		s->name = f->parent_ns[k];
		s->has_addr = true;
		snprintf(arg, sizeof(arg), "10.%u.%u.%u", hoster >> 8,
		         hoster & 255, k + 1);
		if (th_addr_parse(&s->addr, arg, 53) != 0)
			exit(1);
		if (!f->served)
			cls = TH_SC_TIMEOUT;
		else if (th_rng_permille(r, 10))
			cls = TH_SC_REFUSED;
		s->cls = s->tcp_cls = cls;
	}
	f->ipv4 = nns;
	f->ipv6 = th_rng_permille(r, 400) ? 1 : 0;
	f->lame = f->served && f->servers[0].cls == TH_SC_REFUSED
	              ? TH_SHARE_PARTIAL
	              : TH_SHARE_NONE;
	f->unreachable = f->served ? TH_SHARE_NONE : TH_SHARE_FULL;

	/* Messages: the SOA timers, a version now and then, then a draw
	 * over the catalogue to the usual count. */
	th_report_emit(rep, TH_TAG_ZONE02_REFRESH_MINIMUM_VALUE_OK, "refresh",
	               timers[t][0], "required_refresh", "14400", NULL);
	th_report_emit(rep, TH_TAG_ZONE04_RETRY_MINIMUM_VALUE_OK, "retry",
	               timers[t][1], "required_retry", "3600", NULL);
	th_report_emit(rep, TH_TAG_ZONE05_EXPIRE_MINIMUM_VALUE_OK, "expire",
	               timers[t][2], "required_expire", "604800", "refresh",
	               timers[t][0], NULL);
	th_report_emit(rep, TH_TAG_ZONE06_SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK,
	               "minimum", timers[t][3], "lowest_minimum", "300",
	               "highest_minimum", "86400", NULL);
	snprintf(name, sizeof(name), "ns1.hoster-%u.net/10.%u.%u.1", hoster,
	         hoster >> 8, hoster & 255);
	if (th_rng_permille(r, 300))
		th_report_emit(rep, TH_TAG_NAMESERVER15_N15_SOFTWARE_VERSION,
		               "ns_list", name, "query_name", "version.bind",
		               "string", versions[th_rng_below(r, 8)], NULL);
	nmsg = 35 + th_rng_below(r, 20);
	for (size_t k = 0; k < nmsg; k++) {
		enum th_tag tag = (enum th_tag)th_rng_below(r, TH_TAG__COUNT);
		char ns[160];

		/* Per-server arguments, as most test cases give: distinct
		 * strings per domain, so the string table does not fold
		 * them away. */
		snprintf(ns, sizeof(ns), "ns%u.hoster-%u.net/10.%u.%u.%u",
		         1 + th_rng_below(r, nns), hoster, hoster >> 8,
		         hoster & 255, 1 + th_rng_below(r, nns));
		snprintf(arg, sizeof(arg), "domain-%llu.se/%u",
		         (unsigned long long)i, th_rng_below(r, 100000));
		th_report_emit(rep, tag, "ns", ns, "domain", arg, NULL);
	}
}

int
main(int argc, char **argv)
{
	const char *db = NULL, *run = NULL;
	unsigned long long n = 0, seed = 1, bytes = 0;
	struct th_store_conf sc = {false, 0, 0};
	struct th_store *s;
	struct th_run_meta m;
	struct th_profile prof;
	struct th_rng r;
	struct th_facts *f = malloc(sizeof(*f));
	struct th_dname *doms = malloc(BATCH * sizeof(*doms));
	struct th_buf *bufs = malloc(BATCH * sizeof(*bufs));
	struct th_store_result *res = malloc(BATCH * sizeof(*res));
	int rc;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--run") == 0)
			run = argv[i + 1];
		else if (strcmp(argv[i], "--records") == 0)
			n = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
	}
	if (db == NULL || run == NULL || n == 0 || f == NULL || doms == NULL ||
	    bufs == NULL || res == NULL) {
		fprintf(stderr, "usage: anagen --db DIR --run ID --records N "
		                "[--seed S]\n");
		return 2;
	}
	if ((rc = th_store_open(&s, db, &sc)) != 0) {
		fprintf(stderr, "anagen: %s: %s\n", db, th_strerror(rc));
		return 1;
	}
	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "%s", run);
	m.created = (uint64_t)time(NULL);
	m.state = TH_RUN_DONE;
	m.total = n;
	snprintf(m.input, sizeof(m.input), "anagen %llu seed %llu", n, seed);
	if ((rc = th_store_run_create(s, &m)) != 0 && rc != TH_EEXISTS) {
		fprintf(stderr, "anagen: run: %s\n", th_strerror(rc));
		return 1;
	}
	th_profile_default(&prof);
	th_rng_init(&r, seed);
	for (size_t k = 0; k < BATCH; k++)
		th_buf_init(&bufs[k], 1 << 20);
	for (unsigned long long i = 0; i < n;) {
		size_t nb = 0;

		for (; nb < BATCH && i < n; nb++, i++) {
			struct th_report rep;

			if (th_report_init(&rep, &prof) != 0)
				return 1;
			make_domain(&r, i, &rep, f, &doms[nb]);
			th_buf_reset(&bufs[nb]);
			if ((rc = th_record_encode(&doms[nb], 1800000000u, &rep,
			                           f, &bufs[nb])) != 0) {
				fprintf(stderr, "anagen: encode: %s\n",
				        th_strerror(rc));
				return 1;
			}
			th_report_free(&rep);
			res[nb].domain = &doms[nb];
			res[nb].rec = th_buf_data(&bufs[nb]);
			res[nb].len = th_buf_len(&bufs[nb]);
			bytes += res[nb].len;
		}
		if ((rc = th_store_put_batch(s, run, res, nb, NULL, 0, NULL)) !=
		    0) {
			fprintf(stderr, "anagen: batch: %s\n", th_strerror(rc));
			return 1;
		}
	}
	/* The server records: one per hoster address, EDNS verdicts. */
	for (unsigned h = 0; h < HOSTERS;) {
		struct th_store_server srv[BATCH];
		size_t nb = 0;

		for (; nb < BATCH && h < HOSTERS; nb++, h++) {
			struct th_fact_edns e;
			char ip[32];

			memset(&e, 0, sizeof(e));
			snprintf(ip, sizeof(ip), "10.%u.%u.1", h >> 8, h & 255);
			if (th_addr_parse(&e.addr, ip, 53) != 0)
				return 1;
			e.verdict = th_rng_permille(&r, 900) ? TH_ECV_OK
			                                     : TH_ECV_FAILING;
			th_buf_reset(&bufs[nb]);
			if (th_record_server_encode(&e, &bufs[nb]) != 0)
				return 1;
			srv[nb].addr = e.addr;
			srv[nb].rec = th_buf_data(&bufs[nb]);
			srv[nb].len = th_buf_len(&bufs[nb]);
		}
		if ((rc = th_store_put_batch(s, run, NULL, 0, srv, nb, NULL)) !=
		    0) {
			fprintf(stderr, "anagen: servers: %s\n",
			        th_strerror(rc));
			return 1;
		}
	}
	printf("records=%llu bytes=%llu mean_record=%.0f\n", n, bytes,
	       (double)bytes / (double)n);
	for (size_t k = 0; k < BATCH; k++)
		th_buf_free(&bufs[k]);
	free(f);
	free(doms);
	free(bufs);
	free(res);
	th_store_destroy(&s);
	return 0;
}
