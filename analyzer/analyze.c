/* SPDX-License-Identifier: BSD-3-Clause */
/* analyze.c -- the pass over a stored run (see analyze.h). */
#include "analyzer/analyze.h"

#include "analyzer/aggregate.h"
#include "analyzer/metrics.h"
#include "analyzer/summary.h"
#include "common/err.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct pass {
	struct th_aggregate *agg;
	struct th_report rep;
	struct th_facts *facts;
	uint64_t records, servers;
};

static int
one_record(void *arg, const void *rec, size_t len)
{
	struct pass *p = arg;
	uint64_t vtime = 0;
	bool has;
	int rc;

	/* One report for the whole pass: emptied, not rebuilt, per record. */
	p->rep.n = 0;
	th_region_free_all(p->rep.region);
	rc = th_record_decode(rec, len, NULL, &vtime, &p->rep, p->facts, &has);
	if (rc != 0)
		return rc;
	p->records++;
	return th_aggregate_domain(p->agg, &p->rep, has ? p->facts : NULL,
	                           vtime);
}

static int
one_server(void *arg, const struct th_addr *addr, const void *rec, size_t len)
{
	struct pass *p = arg;
	struct th_fact_edns e;
	int rc;

	(void)addr;
	if ((rc = th_record_server_decode(rec, len, &e)) != 0)
		return rc;
	p->servers++;
	th_aggregate_server(p->agg, &e);
	return 0;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Aggregate one run into a new summary. */
static int
analyze_run(struct th_store *st, const char *run, const struct th_psl *psl,
            const struct th_asn_db *asn, struct th_summary **out,
            struct th_analyze_stats *stats, char *err, size_t errlen)
{
	struct th_profile *profile;
	struct th_run_meta m;
	struct th_summary_meta sm;
	struct pass p;
	struct th_aggregate *agg;
	double t0 = now_s();
	int rc;

	*out = NULL;
	if ((rc = th_store_run_get(st, run, &m)) != 0) {
		snprintf(err, errlen, "run %s: %s", run,
		         rc == TH_ENOTFOUND ? "no such run" : th_strerror(rc));
		return rc;
	}
	memset(&p, 0, sizeof(p));
	agg = malloc(sizeof(*agg));
	profile = malloc(sizeof(*profile));
	if (agg == NULL || profile == NULL ||
	    (p.facts = malloc(sizeof(*p.facts))) == NULL) {
		free(agg);
		free(profile);
		snprintf(err, errlen, "out of memory");
		return TH_ENOMEM;
	}
	th_profile_default(profile);
	th_aggregate_init(agg);
	agg->psl = psl;
	agg->asn = asn;
	p.agg = agg;
	if ((rc = th_report_init(&p.rep, profile)) == 0) {
		rc = th_store_results(st, run, one_record, &p);
		if (rc == 0)
			rc = th_store_servers(st, run, one_server, &p);
		th_report_free(&p.rep);
	}
	free(p.facts);
	if (rc != 0) {
		snprintf(err, errlen, "run %s, record %llu: %s", run,
		         (unsigned long long)p.records + 1, th_strerror(rc));
		goto out;
	}
	sm.run = run;
	sm.input = m.input;
	sm.state = th_run_state_name(m.state);
	sm.domains = agg->domains;
	sm.generated = (uint64_t)time(NULL);
	if ((rc = th_summary_new(out, &sm)) == 0 &&
	    (rc = th_metrics_build(agg, asn != NULL, *out)) != 0) {
		th_summary_free(*out);
		*out = NULL;
	}
	if (rc != 0)
		snprintf(err, errlen, "run %s: %s", run, th_strerror(rc));
	if (stats != NULL) {
		stats->records = p.records;
		stats->servers = p.servers;
		stats->seconds = now_s() - t0;
	}
out:
	th_aggregate_free(agg);
	free(agg);
	free(profile);
	return rc;
}

/* mkdir -p of one or two levels (results/<run>). */
static int
make_dir(const char *path, char *err, size_t errlen)
{
	char tmp[4096];

	if (strlen(path) >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return TH_EINVAL;
	}
	memcpy(tmp, path, strlen(path) + 1);
	for (char *p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
	return th_from_errno(errno);
}

int
th_analyze(const struct th_analyze_conf *c, char *err, size_t errlen)
{
	struct th_store_conf sc = {true, 0, 0};
	struct th_store *st = NULL;
	struct th_psl *psl = NULL;
	struct th_asn_db *asn = NULL;
	struct th_summary *sum = NULL, *old = NULL;
	char outdir[4096];
	int rc;

	if (c->out != NULL)
		snprintf(outdir, sizeof(outdir), "%s", c->out);
	else
		snprintf(outdir, sizeof(outdir), "results/%s", c->run);
	if ((rc = th_store_open(&st, c->db, &sc)) != 0) {
		snprintf(err, errlen, "%s: %s", c->db,
		         rc == TH_ENOTFOUND ? "no store there"
		                            : th_strerror(rc));
		return rc;
	}
	if (c->asn != NULL &&
	    (rc = th_asn_db_load(&asn, c->asn, err, errlen)) != 0)
		goto out;
	if ((rc = th_psl_open(&psl, c->psl)) != 0) {
		snprintf(err, errlen, "public suffix list %s: cannot load",
		         c->psl ? c->psl : "(system)");
		goto out;
	}
	if ((rc = analyze_run(st, c->run, psl, asn, &sum, c->stats, err,
	                      errlen)) != 0)
		goto out;
	for (size_t i = 0; i < c->ncompare; i++) {
		if ((rc = analyze_run(st, c->compare[i], psl, asn, &old, NULL,
		                      err, errlen)) != 0)
			goto out;
		rc = th_summary_compare(sum, old);
		th_summary_free(old);
		if (rc != 0) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}
	if ((rc = make_dir(outdir, err, errlen)) == 0)
		rc = th_summary_write(sum, outdir, err, errlen);
out:
	th_summary_free(sum);
	th_psl_free(psl);
	th_asn_db_free(asn);
	th_store_destroy(&st);
	return rc;
}
