/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_aggregate.c -- unit tests for analyzer/aggregate and
 * analyzer/metrics: four hand-made domains (facts and messages) whose
 * counts, operator shares, HHI and AS figures are computed by hand in the
 * comments, and the public suffix adapter.
 */
#include "analyzer/aggregate.h"
#include "analyzer/metrics.h"
#include "analyzer/psl.h"
#include "analyzer/summary.h"
#include "common/err.h"
#include "tests/suites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define T_VTIME 1800000000ULL

static void
set_name(struct th_dname *d, const char *text)
{
	ck_assert_int_eq(th_dname_parse(d, text, strlen(text), NULL, NULL), 0);
}

static void
server(struct th_facts *f, const char *name, const char *ip, uint8_t cls,
       uint8_t tcp)
{
	struct th_fact_server *s = &f->servers[f->nservers++];

	set_name(&s->name, name);
	s->cls = cls;
	s->tcp_cls = tcp;
	if (ip != NULL) {
		s->has_addr = true;
		ck_assert_int_eq(th_addr_parse(&s->addr, ip, 53), 0);
	}
}

/*
 * D1 secure (13 / digest 2, NSEC), served, all fine, IPv6, SOA timers all
 * OK (facts and messages), DMARC reject, CAA, a hostile version string; NS
 * ns1/ns2.op-a.net, one server without TCP. D2 bogus (sig_expired; 8 / digests
 * 1,2; NSEC3 10 iterations with opt-out), signatures expiring in 3 days, lame
 * partial, NS mismatch, SOA drift, MX only, an open recursor (ERROR) and
 * MULTIPLE_SOA_SERIALS (WARNING); NS ns1.op-a.net and ns.op-b.co.uk. D3 nobody
 * answers (indeterminate, unreachable full), NS ns1.op-b.co.uk. D4 no facts.
 */
static void
feed(struct th_aggregate *a)
{
	struct th_profile prof;
	struct th_report rep;
	struct th_facts *f = calloc(1, sizeof(*f));

	ck_assert_ptr_nonnull(f);
	th_profile_default(&prof);

	/* D1 */
	ck_assert_int_eq(th_report_init(&rep, &prof), 0);
	th_report_emit(&rep, TH_TAG_ZONE02_REFRESH_MINIMUM_VALUE_OK, "refresh",
	               "86400", "required_refresh", "14400", NULL);
	th_report_emit(&rep, TH_TAG_ZONE04_RETRY_MINIMUM_VALUE_OK, "retry",
	               "7200", "required_retry", "3600", NULL);
	th_report_emit(&rep, TH_TAG_ZONE05_EXPIRE_MINIMUM_VALUE_OK, "expire",
	               "1209600", "required_expire", "604800", "refresh",
	               "86400", NULL);
	th_report_emit(&rep, TH_TAG_ZONE06_SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK,
	               "minimum", "3600", NULL);
	th_report_emit(&rep, TH_TAG_NAMESERVER15_N15_SOFTWARE_VERSION,
	               "ns_list", "ns1.op-a.net", "query_name", "version.bind",
	               "string", "=cmd|' /C calc'!A0", NULL);
	f->dnssec.status = TH_DNSSEC_SECURE;
	f->dnssec.nalg = 1;
	f->dnssec.alg[0] = 13;
	f->dnssec.ndigest = 1;
	f->dnssec.digest[0] = 2;
	f->dnssec.denial = TH_DENIAL_NSEC;
	f->dnssec.has_expiry = true;
	f->dnssec.earliest_expiry = T_VTIME + 30 * 86400;
	f->served = f->ns_match = f->soa_consistent = f->mx = f->spf = true;
	/* Timer facts win over the messages' 86400 refresh. */
	f->content =
	    (struct th_fact_content){true,  true, TH_DMARC_REJECT, true, true,
	                             43200, 7200, 1209600,         3600};
	f->ipv4 = 1;
	f->ipv6 = 1;
	f->nparent = 2;
	set_name(&f->parent_ns[0], "ns1.op-a.net");
	set_name(&f->parent_ns[1], "NS2.op-a.net");
	server(f, "ns1.op-a.net", "192.0.2.1", TH_SC_AA, TH_SC_AA);
	server(f, "ns2.op-a.net", "2001:db8::1", TH_SC_AA, TH_SC_TIMEOUT);
	ck_assert_int_eq(th_aggregate_domain(a, &rep, f, T_VTIME), 0);
	th_report_free(&rep);

	/* D2 */
	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(th_report_init(&rep, &prof), 0);
	th_report_emit(&rep, TH_TAG_NAMESERVER01_IS_A_RECURSOR, "ns",
	               "ns.op-b.co.uk/192.0.2.3", NULL);
	th_report_emit(&rep, TH_TAG_CONSISTENCY01_MULTIPLE_SOA_SERIALS, "count",
	               "2", NULL);
	th_report_emit(&rep, TH_TAG_ZONE02_REFRESH_MINIMUM_VALUE_LOWER,
	               "refresh", "3600", "required_refresh", "14400", NULL);
	f->dnssec.status = TH_DNSSEC_BOGUS;
	f->dnssec.bogus = 1u << TH_DNSSEC_BOGUS_SIG_EXPIRED;
	f->dnssec.nalg = 1;
	f->dnssec.alg[0] = 8;
	f->dnssec.ndigest = 2;
	f->dnssec.digest[0] = 1;
	f->dnssec.digest[1] = 2;
	f->dnssec.denial = TH_DENIAL_NSEC3;
	f->dnssec.nsec3_known = true;
	f->dnssec.nsec3_iterations = 10;
	f->dnssec.nsec3_optout = true;
	f->dnssec.has_expiry = true;
	f->dnssec.earliest_expiry = T_VTIME + 3 * 86400;
	f->lame = TH_SHARE_PARTIAL;
	f->served = f->mx = true;
	f->ipv4 = 2;
	f->nparent = 2;
	set_name(&f->parent_ns[0], "ns1.op-a.net");
	set_name(&f->parent_ns[1], "ns.op-b.co.uk");
	server(f, "ns1.op-a.net", "192.0.2.2", TH_SC_AA, TH_SC_AA);
	server(f, "ns.op-b.co.uk", "192.0.2.3", TH_SC_REFUSED, TH_SC_REFUSED);
	ck_assert_int_eq(th_aggregate_domain(a, &rep, f, T_VTIME), 0);
	th_report_free(&rep);

	/* D3 */
	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(th_report_init(&rep, &prof), 0);
	f->dnssec.status = TH_DNSSEC_INDETERMINATE;
	f->unreachable = TH_SHARE_FULL;
	f->ipv4 = 1;
	f->nparent = 1;
	set_name(&f->parent_ns[0], "ns1.op-b.co.uk");
	server(f, "ns1.op-b.co.uk", "203.0.113.9", TH_SC_TIMEOUT,
	       TH_SC_TIMEOUT);
	ck_assert_int_eq(th_aggregate_domain(a, &rep, f, T_VTIME), 0);
	th_report_free(&rep);

	/* D4 */
	ck_assert_int_eq(th_report_init(&rep, &prof), 0);
	ck_assert_int_eq(th_aggregate_domain(a, &rep, NULL, 0), 0);
	th_report_free(&rep);
	free(f);
}

static uint64_t
tcount(const struct th_tally *t, const char *key)
{
	const struct th_tally_item *it = th_tally_find(t, key);

	return it != NULL ? it->count : 0;
}

START_TEST(test_aggregate_counts)
{
	struct th_aggregate *a = malloc(sizeof(*a));
	struct th_asn_db *db;
	static const char table[] = "192.0.2.0/24 64500\n"
	                            "2001:db8::/32 64501\n";
	const struct th_tally_item *op;

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(th_asn_db_load_mem(&db, table, strlen(table), NULL, 0),
	                 0);
	th_aggregate_init(a);
	a->asn = db;
	feed(a);
	ck_assert_uint_eq(a->domains, 4);
	ck_assert_uint_eq(a->withfacts, 3);
	ck_assert_uint_eq(a->nofacts, 1);
	ck_assert_uint_eq(a->status[TH_DNSSEC_SECURE], 1);
	ck_assert_uint_eq(a->status[TH_DNSSEC_BOGUS], 1);
	ck_assert_uint_eq(a->status[TH_DNSSEC_INDETERMINATE], 1);
	ck_assert_uint_eq(a->status[TH_DNSSEC_UNSIGNED], 0);
	ck_assert_uint_eq(a->bogus[TH_DNSSEC_BOGUS_SIG_EXPIRED], 1);
	ck_assert_uint_eq(a->bogus[TH_DNSSEC_BOGUS_NO_DNSKEY], 0);
	ck_assert_uint_eq(a->alg[13], 1);
	ck_assert_uint_eq(a->alg[8], 1);
	ck_assert_uint_eq(a->digest[2], 2);
	ck_assert_uint_eq(a->digest[1], 1);
	ck_assert_uint_eq(a->with_ds, 2);
	ck_assert_uint_eq(a->denial[TH_DENIAL_NSEC], 1);
	ck_assert_uint_eq(a->denial[TH_DENIAL_NSEC3], 1);
	ck_assert_uint_eq(a->denial[TH_DENIAL_UNKNOWN], 1);
	ck_assert_uint_eq(a->nsec3_optout[0], 1);
	ck_assert_uint_eq(a->nsec3_nonzero, 1);
	ck_assert_uint_eq(tcount(&a->nsec3_iter, "10"), 1);
	ck_assert_uint_eq(a->expiry_known, 2);
	ck_assert_uint_eq(a->expiring, 1);
	ck_assert_uint_eq(a->lame[TH_SHARE_NONE], 2);
	ck_assert_uint_eq(a->lame[TH_SHARE_PARTIAL], 1);
	ck_assert_uint_eq(a->unreachable[TH_SHARE_FULL], 1);
	ck_assert_uint_eq(a->ns_match[TH_AGG_YES], 1);
	ck_assert_uint_eq(a->ns_match[TH_AGG_NO], 1);
	ck_assert_uint_eq(a->ns_match[TH_AGG_UNKNOWN], 1);
	ck_assert_uint_eq(a->soa_consistent[TH_AGG_NO], 1);
	ck_assert_uint_eq(a->served, 2);
	ck_assert_uint_eq(a->mx[TH_AGG_YES], 2);
	ck_assert_uint_eq(a->spf[TH_AGG_YES], 1);
	ck_assert_uint_eq(a->spf[TH_AGG_NO], 1);
	ck_assert_uint_eq(a->ipv6[0], 1);
	ck_assert_uint_eq(a->ipv6[1], 2);
	ck_assert_uint_eq(a->srv_cls[TH_SC_AA], 3);
	ck_assert_uint_eq(a->srv_cls[TH_SC_REFUSED], 1);
	ck_assert_uint_eq(a->srv_cls[TH_SC_TIMEOUT], 1);
	/* D1's ns2 serves over UDP, not TCP; D2's REFUSED server is not
	 * serving, so its TCP class does not count. */
	ck_assert_uint_eq(a->tcp_fail, 1);
	ck_assert_uint_eq(a->open_recursion, 1);
	ck_assert_uint_eq(a->version_disclosure, 1);
	ck_assert_uint_eq(tcount(&a->versions, "=cmd|' /C calc'!A0"), 1);
	ck_assert_uint_eq(a->max_error, 1);
	ck_assert_uint_eq(a->max_warning, 0);
	ck_assert_uint_eq(a->tc_error[TH_TC_NAMESERVER01], 1);
	ck_assert_uint_eq(a->tc_warning[TH_TC_CONSISTENCY01], 1);
	ck_assert_uint_eq(a->tc_warning[TH_TC_ZONE02], 0);
	ck_assert_uint_eq(
	    a->tag_domains[TH_TAG_NAMESERVER15_N15_SOFTWARE_VERSION], 1);
	ck_assert_uint_eq(a->tag_domains[TH_TAG_ZONE04_RETRY_MINIMUM_VALUE_OK],
	                  0); /* INFO: below NOTICE */
	ck_assert_uint_eq(a->soa_known, 2);
	ck_assert_uint_eq(a->soa_ok, 1);
	ck_assert_uint_eq(tcount(&a->soa[TH_AGG_REFRESH], "86400"), 0);
	ck_assert_uint_eq(tcount(&a->soa[TH_AGG_REFRESH], "43200"), 1);
	ck_assert_uint_eq(a->soa_from_facts, 1);
	/* Content facts: D1 (version 2) has DMARC reject and CAA; D2 is a
	 * version 1 record (unknown); D3 is not served; D4 has no facts. */
	ck_assert_uint_eq(a->dmarc[TH_AGG_YES], 1);
	ck_assert_uint_eq(a->dmarc[TH_AGG_NO], 0);
	ck_assert_uint_eq(a->dmarc[TH_AGG_UNKNOWN], 2);
	ck_assert_uint_eq(a->dmarc_policy[TH_DMARC_REJECT], 1);
	ck_assert_uint_eq(a->caa[TH_AGG_YES], 1);
	ck_assert_uint_eq(tcount(&a->soa[TH_AGG_REFRESH], "3600"), 1);
	ck_assert_uint_eq(tcount(&a->soa[TH_AGG_MINIMUM], "3600"), 1);
	ck_assert_uint_eq(tcount(&a->ns_count, "2"), 2);
	ck_assert_uint_eq(tcount(&a->ns_count, "1"), 1);
	/* Without a PSL the operator is the last two labels: "co.uk". */
	ck_assert_ptr_nonnull(op = th_tally_find(&a->operators, "op-a.net"));
	ck_assert_uint_eq(op->count, 2);
	ck_assert_uint_eq(op->aux, 2); /* ns1, ns2 (case folded) */
	ck_assert(fabs(op->weight - 1.5) < 1e-9);
	ck_assert_ptr_nonnull(op = th_tally_find(&a->operators, "co.uk"));
	ck_assert_uint_eq(op->count, 2);
	ck_assert(fabs(op->weight - 1.5) < 1e-9);
	/* AS: D1 spans 64500 and 64501 (two prefixes); D2's two addresses
	 * share 192.0.2.0/24; D3's address is in no prefix. */
	ck_assert_uint_eq(a->asn_known, 2);
	ck_assert_uint_eq(a->multi_asn, 1);
	ck_assert_uint_eq(a->multi_prefix, 1);
	ck_assert_uint_eq(tcount(&a->asns, "64500"), 2);
	ck_assert_uint_eq(tcount(&a->asns, "64501"), 1);
	ck_assert_uint_eq(tcount(&a->nasns, "2"), 1);
	ck_assert_uint_eq(tcount(&a->nasns, "1"), 1);
	ck_assert_uint_eq(tcount(&a->nprefixes, "2"), 1);
	ck_assert_uint_eq(tcount(&a->nprefixes, "1"), 1);
	th_aggregate_free(a);
	th_asn_db_free(db);
	free(a);
}
END_TEST

START_TEST(test_aggregate_metrics)
{
	struct th_aggregate *a = malloc(sizeof(*a));
	struct th_summary *s;
	struct th_summary_meta m = {"r", "check", "done", 4, 0};
	double v;

	ck_assert_ptr_nonnull(a);
	th_aggregate_init(a);
	feed(a);
	ck_assert_int_eq(th_summary_new(&s, &m), 0);
	ck_assert_int_eq(th_metrics_build(a, false, s), 0);
	ck_assert(th_summary_metric(s, "dnssec.secure_share", &v));
	ck_assert(fabs(v - 0.25) < 1e-9);
	/* indeterminate: D3 and D4 (no facts) */
	ck_assert(th_summary_metric(s, "dnssec.indeterminate_share", &v));
	ck_assert(fabs(v - 0.5) < 1e-9);
	ck_assert(th_summary_metric(s, "delegation.ns_mismatch_share", &v));
	ck_assert(fabs(v - 0.5) < 1e-9);
	ck_assert(th_summary_metric(s, "dnssec.expiring_7d_share", &v));
	ck_assert(fabs(v - 0.5) < 1e-9);
	/* Market shares 1.5/3 each: HHI 0.25 + 0.25, top 3 all of it. */
	ck_assert(th_summary_metric(s, "infrastructure.operator_hhi", &v));
	ck_assert(fabs(v - 0.5) < 1e-9);
	ck_assert(th_summary_metric(s, "infrastructure.top3_share", &v));
	ck_assert(fabs(v - 1.0) < 1e-9);
	ck_assert(th_summary_metric(s, "infrastructure.ns_count_mean", &v));
	ck_assert(fabs(v - 5.0 / 3) < 1e-9);
	ck_assert(th_summary_metric(s, "outcomes.error_share", &v));
	ck_assert(fabs(v - 0.25) < 1e-9);
	ck_assert(th_summary_metric(s, "behaviour.tcp_fail_share", &v));
	ck_assert(fabs(v - 0.5) < 1e-9);
	/* No AS figures without --asn-db. */
	ck_assert(!th_summary_metric(s, "infrastructure.multi_asn_share", &v));
	th_summary_free(s);
	th_aggregate_free(a);
	free(a);
}
END_TEST

START_TEST(test_aggregate_psl)
{
	struct th_psl *p;
	char out[256];

	ck_assert_int_eq(
	    th_psl_registered(NULL, "ns1.example.co.uk", out, sizeof(out)), 5);
	ck_assert_str_eq(out, "co.uk");
	ck_assert_int_eq(th_psl_registered(NULL, "se", out, sizeof(out)), 2);
	ck_assert_int_eq(th_psl_registered(NULL, "a.b.c", out, 3), -1);
	if (th_psl_open(&p, NULL) != 0)
		return; /* no list on this machine: the fallback is tested */
	ck_assert_int_gt(
	    th_psl_registered(p, "ns1.example.co.uk", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "example.co.uk");
	ck_assert_int_gt(th_psl_registered(p, "dns.op3.net", out, sizeof(out)),
	                 0);
	ck_assert_str_eq(out, "op3.net");
	/* A public suffix itself is its own operator. */
	ck_assert_int_gt(th_psl_registered(p, "co.uk", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "co.uk");
	th_psl_free(p);
}
END_TEST

Suite *
suite_aggregate(void)
{
	Suite *s = suite_create("aggregate");
	TCase *tc = tcase_create("Core");

	tcase_add_test(tc, test_aggregate_counts);
	tcase_add_test(tc, test_aggregate_metrics);
	tcase_add_test(tc, test_aggregate_psl);
	suite_add_tcase(s, tc);
	return s;
}
