/* SPDX-License-Identifier: BSD-3-Clause */
/* metrics.c -- the metrics and tables of summary.json (see metrics.h). */
#include "analyzer/metrics.h"

#include "common/err.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tri_name[TH_AGG__TRI] = {"yes", "no", "unknown"};
static const char *const share_name[3] = {"none", "partial", "full"};

/* Columns of the usual distribution: class, count, share. */
static const char *const dist_types[] = {"string", "count", "share"};

static int
dist_row(struct th_summary *s, const char *key, uint64_t n, uint64_t den)
{
	struct th_cell c[3] = {
	    {key, 0, 0, false}, {NULL, n, 0, false}, th_cell_share(n, den)};

	return th_summary_row(s, c);
}

static int
dist_begin(struct th_summary *s, const char *id, const char *chapter,
           const char *title, const char *chart, const char *key,
           const char *unit, const char *definition)
{
	const char *cols[3] = {key, unit, "share"};

	return th_summary_table(s, id, chapter, title, chart, definition, 3,
	                        cols, dist_types);
}

/* A table from a tally: top first (or by number for histograms). */
static int
dist_tally(struct th_summary *s, const struct th_tally *t, bool numeric,
           size_t max, uint64_t den)
{
	size_t n;
	const struct th_tally_item **v =
	    numeric ? th_tally_sorted_numeric(t, &n) : th_tally_sorted(t, &n);
	int rc = 0;

	if (v == NULL && t->n > 0)
		return TH_ENOMEM;
	for (size_t i = 0; i < n && i < max && rc == 0; i++)
		rc = dist_row(s, v[i]->key, v[i]->count, den);
	free(v);
	return rc;
}

#define TRY(x)                                                                 \
	do {                                                                   \
		if ((rc = (x)) != 0)                                           \
			return rc;                                             \
	} while (0)

static int
dnssec(const struct th_aggregate *a, struct th_summary *s)
{
	const uint64_t *st = a->status;
	uint64_t sig =
	    st[TH_DNSSEC_SECURE] + st[TH_DNSSEC_ISLAND] + st[TH_DNSSEC_BOGUS];
	uint64_t n = a->domains, den_denial, n3;
	char key[16];
	int rc;

	for (int i = 0; i < TH_DNSSEC__STATUSES; i++)
		TRY(th_summary_count(s, "dnssec", "status",
		                     th_dnssec_status_name(i), st[i]));
	for (int b = 0; b < TH_DNSSEC_BOGUS__COUNT; b++)
		TRY(th_summary_count(s, "dnssec", "bogus_reasons",
		                     th_dnssec_bogus_name(b), a->bogus[b]));
	for (int i = 0; i < 256; i++) {
		snprintf(key, sizeof(key), "%d", i);
		if (a->alg[i] != 0)
			TRY(th_summary_count(s, "dnssec", "algorithms", key,
			                     a->alg[i]));
		if (a->digest[i] != 0)
			TRY(th_summary_count(s, "dnssec", "ds_digest_types",
			                     key, a->digest[i]));
	}
	TRY(th_summary_count(s, "dnssec", "denial", "nsec",
	                     a->denial[TH_DENIAL_NSEC]));
	TRY(th_summary_count(s, "dnssec", "denial", "nsec3",
	                     a->denial[TH_DENIAL_NSEC3]));
	TRY(th_summary_count(s, "dnssec", "denial", "none",
	                     a->denial[TH_DENIAL_NONE]));
	TRY(th_summary_count(s, "dnssec", "denial", "unknown",
	                     a->denial[TH_DENIAL_UNKNOWN] + a->nofacts));
	TRY(th_summary_count(s, "dnssec", "nsec3_optout", "yes",
	                     a->nsec3_optout[0]));
	TRY(th_summary_count(s, "dnssec", "nsec3_optout", "no",
	                     a->nsec3_optout[1]));

	TRY(th_summary_share(
	    s, "dnssec.secure_share", "dnssec",
	    "Domains with a validating DNSSEC chain", true,
	    st[TH_DNSSEC_SECURE], n,
	    "dnssec.status = secure: a DS at the parent, a DNSKEY matching it, "
	    "valid signatures on the DNSKEY and SOA RRsets at the validation "
	    "time, and a secure chain from the trust anchor to the parent. Of "
	    "all domains of the run."));
	TRY(th_summary_share(s, "dnssec.signed_share", "dnssec",
	                     "Signed domains (secure, island or bogus)", true,
	                     sig, n,
	                     "dnssec.status is secure, island or bogus. Of all "
	                     "domains of the run."));
	TRY(th_summary_share(
	    s, "dnssec.island_share", "dnssec",
	    "Signed domains without a DS at the parent (islands)", false,
	    st[TH_DNSSEC_ISLAND], n,
	    "dnssec.status = island: a DNSKEY in the zone, no DS at the parent "
	    "(or an insecure parent). Of all domains."));
	TRY(th_summary_share(
	    s, "dnssec.bogus_share", "dnssec",
	    "Domains whose DNSSEC chain fails to validate", true,
	    st[TH_DNSSEC_BOGUS], n,
	    "dnssec.status = bogus: a DS at the parent, and no DNSKEY, no "
	    "DNSKEY matching a DS, or no valid signature on the DNSKEY or SOA "
	    "RRset at the validation time. Of all domains."));
	TRY(th_summary_share(s, "dnssec.unsigned_share", "dnssec",
	                     "Unsigned domains", false, st[TH_DNSSEC_UNSIGNED],
	                     n,
	                     "dnssec.status = unsigned: no DS, no DNSKEY. Of "
	                     "all domains."));
	TRY(th_summary_share(
	    s, "dnssec.indeterminate_share", "dnssec",
	    "Domains whose DNSSEC status is indeterminate", false,
	    st[TH_DNSSEC_INDETERMINATE] + a->nofacts, n,
	    "dnssec.status = indeterminate (no server answers for the zone "
	    "with authority, or only DS digests or algorithms this build "
	    "cannot check), plus records without facts. Of all domains."));
	den_denial = a->denial[TH_DENIAL_NSEC] + a->denial[TH_DENIAL_NSEC3];
	n3 = a->nsec3_optout[0] + a->nsec3_optout[1];
	TRY(th_summary_share(s, "dnssec.nsec3_share", "dnssec",
	                     "Signed domains using NSEC3", false,
	                     a->denial[TH_DENIAL_NSEC3], den_denial,
	                     "dnssec.denial = nsec3, of the domains whose "
	                     "dnssec.denial is nsec or nsec3."));
	TRY(th_summary_share(s, "dnssec.nsec3_optout_share", "dnssec",
	                     "NSEC3 domains with opt-out", false,
	                     a->nsec3_optout[0], n3,
	                     "dnssec.nsec3_optout set, of the NSEC3 domains "
	                     "whose NSEC3 parameters are known."));
	TRY(th_summary_share(
	    s, "dnssec.nsec3_iterations_nonzero_share", "dnssec",
	    "NSEC3 domains with more than 0 iterations", false,
	    a->nsec3_nonzero, n3,
	    "dnssec.nsec3_iterations > 0 (RFC 9276 recommends 0), of the NSEC3 "
	    "domains whose NSEC3 parameters are known."));
	TRY(th_summary_share(
	    s, "dnssec.expiring_7d_share", "dnssec",
	    "Signed domains whose signatures expire within 7 days", false,
	    a->expiring, a->expiry_known,
	    "dnssec.earliest_expiry earlier than 7 days after the validation "
	    "time of the domain's record (already expired included), of the "
	    "domains with a known earliest expiry."));

	TRY(dist_begin(s, "dnssec_status", "dnssec", "DNSSEC status of domains",
	               "bar", "status", "domains",
	               "dnssec.status per domain."));
	for (int i = TH_DNSSEC__STATUSES - 1; i >= 0; i--)
		TRY(dist_row(
		    s, th_dnssec_status_name(i),
		    st[i] + (i == TH_DNSSEC_INDETERMINATE ? a->nofacts : 0),
		    n));
	TRY(dist_begin(s, "dnssec_bogus_reasons", "dnssec",
	               "Why bogus domains fail", "hbar", "reason", "domains",
	               "dnssec.bogus_reasons of the bogus domains (share of "
	               "the bogus domains; a domain may have several)."));
	for (int b = 0; b < TH_DNSSEC_BOGUS__COUNT; b++)
		TRY(dist_row(s, th_dnssec_bogus_name(b), a->bogus[b],
		             st[TH_DNSSEC_BOGUS]));
	TRY(dist_begin(s, "dnssec_algorithms", "dnssec",
	               "DNSKEY algorithms of signed domains", "bar",
	               "algorithm", "domains",
	               "dnssec.algorithms: domains with a DNSKEY of the "
	               "algorithm, of the domains with a DNSKEY; a domain with "
	               "several algorithms counts once for each."));
	for (int i = 0; i < 256; i++)
		if (a->alg[i] != 0) {
			snprintf(key, sizeof(key), "%d", i);
			TRY(dist_row(s, key, a->alg[i], a->signed_with_alg));
		}
	TRY(dist_begin(s, "dnssec_ds_digest_types", "dnssec",
	               "DS digest types at the parent", "bar", "digest_type",
	               "domains",
	               "dnssec.ds_digest_types: domains with a DS of the "
	               "digest type, of the domains with a DS."));
	for (int i = 0; i < 256; i++)
		if (a->digest[i] != 0) {
			snprintf(key, sizeof(key), "%d", i);
			TRY(dist_row(s, key, a->digest[i], a->with_ds));
		}
	TRY(dist_begin(s, "dnssec_denial", "dnssec",
	               "Authenticated denial of existence", "pie", "denial",
	               "domains",
	               "dnssec.denial of the domains where it is known (none: "
	               "unsigned)."));
	{
		uint64_t known = den_denial + a->denial[TH_DENIAL_NONE];

		TRY(dist_row(s, "nsec", a->denial[TH_DENIAL_NSEC], known));
		TRY(dist_row(s, "nsec3", a->denial[TH_DENIAL_NSEC3], known));
		TRY(dist_row(s, "none", a->denial[TH_DENIAL_NONE], known));
	}
	TRY(dist_begin(s, "dnssec_nsec3_iterations", "dnssec",
	               "NSEC3 iterations", "histogram", "iterations", "domains",
	               "dnssec.nsec3_iterations of the NSEC3 domains."));
	TRY(dist_tally(s, &a->nsec3_iter, true, SIZE_MAX, n3));
	return 0;
}

static int
delegation(const struct th_aggregate *a, struct th_summary *s)
{
	uint64_t n = a->domains, nsrv = 0;
	int rc;

	for (int i = 0; i < 3; i++) {
		TRY(th_summary_count(s, "delegation", "lame", share_name[i],
		                     a->lame[i]));
		TRY(th_summary_count(s, "delegation", "unreachable",
		                     share_name[i], a->unreachable[i]));
	}
	for (int i = 0; i < TH_AGG__TRI; i++) {
		uint64_t nf = i == TH_AGG_UNKNOWN ? a->nofacts : 0;

		TRY(th_summary_count(s, "delegation", "ns_match", tri_name[i],
		                     a->ns_match[i] + nf));
		TRY(th_summary_count(s, "soa", "consistent", tri_name[i],
		                     a->soa_consistent[i] + nf));
	}
	TRY(th_summary_share(
	    s, "delegation.lame_share", "delegation",
	    "Domains with at least one lame server", true,
	    a->lame[TH_SHARE_PARTIAL] + a->lame[TH_SHARE_FULL], n,
	    "delegation.lame partial or full: some server (NS name, address) "
	    "answers without authority (REFUSED, SERVFAIL, NXDOMAIN for the "
	    "zone, or AA unset). Servers that do not answer are unreachable, "
	    "not lame. Of all domains."));
	TRY(th_summary_share(s, "delegation.lame_full_share", "delegation",
	                     "Domains where every server is lame", false,
	                     a->lame[TH_SHARE_FULL], n,
	                     "delegation.lame = full. Of all domains."));
	TRY(th_summary_share(
	    s, "delegation.unreachable_share", "delegation",
	    "Domains with at least one unreachable server", true,
	    a->unreachable[TH_SHARE_PARTIAL] + a->unreachable[TH_SHARE_FULL], n,
	    "delegation.unreachable partial or full: some server never answers "
	    "(TIMEOUT) or its name does not resolve (UNKNOWN_HOST). Of all "
	    "domains."));
	TRY(th_summary_share(s, "delegation.unreachable_full_share",
	                     "delegation", "Domains where no server answers",
	                     false, a->unreachable[TH_SHARE_FULL], n,
	                     "delegation.unreachable = full. Of all domains."));
	TRY(th_summary_share(
	    s, "delegation.ns_mismatch_share", "delegation",
	    "Domains whose parent and child NS sets differ", false,
	    a->ns_match[TH_AGG_NO], a->served,
	    "delegation.ns_match = false, of the domains some server serves "
	    "(the child's NS set is known)."));
	TRY(th_summary_share(
	    s, "delegation.glue_mismatch_share", "delegation",
	    "Domains whose glue differs from the child's addresses", false,
	    a->glue_mismatch, n,
	    "A CONSISTENCY05 message IN_BAILIWICK_ADDR_MISMATCH or "
	    "OUT_OF_BAILIWICK_ADDR_MISMATCH in the domain's record (there is "
	    "no glue fact yet). Of all domains."));
	TRY(th_summary_share(
	    s, "delegation.soa_drift_share", "delegation",
	    "Domains whose servers serve different SOA serials", false,
	    a->soa_consistent[TH_AGG_NO], a->served,
	    "soa.consistent = false (the serving servers give more than one "
	    "SOA serial), of the domains some server serves."));
	TRY(dist_begin(s, "delegation_lame", "delegation", "Lame delegation",
	               "bar", "lame", "domains",
	               "delegation.lame per domain."));
	for (int i = 0; i < 3; i++)
		TRY(dist_row(s, share_name[i], a->lame[i], n));
	TRY(dist_begin(s, "delegation_unreachable", "delegation",
	               "Unreachable name servers", "bar", "unreachable",
	               "domains", "delegation.unreachable per domain."));
	for (int i = 0; i < 3; i++)
		TRY(dist_row(s, share_name[i], a->unreachable[i], n));
	for (int i = 0; i < TH_SC__COUNT; i++)
		nsrv += a->srv_cls[i];
	TRY(dist_begin(s, "delegation_server_classes", "delegation",
	               "Server classes (LACNIC taxonomy)", "hbar", "class",
	               "servers",
	               "The class of each (NS name, address) server of each "
	               "domain over UDP, from its answer to the plain SOA "
	               "query; a server shared by many domains counts once "
	               "per domain."));
	for (int i = 0; i < TH_SC__COUNT; i++)
		TRY(dist_row(s, th_server_class_name(i), a->srv_cls[i], nsrv));
	return 0;
}

static int
by_weight(const void *x, const void *y)
{
	const struct th_tally_item *a = *(const struct th_tally_item *const *)x;
	const struct th_tally_item *b = *(const struct th_tally_item *const *)y;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return strcmp(a->key, b->key);
}

static int
infrastructure(const struct th_aggregate *a, bool with_asn,
               struct th_summary *s)
{
	static const char *const op_cols[] = {"operator", "domains", "share",
	                                      "market_share", "name_servers"};
	static const char *const op_types[] = {"string", "count", "share",
	                                       "share", "count"};
	uint64_t f = a->withfacts;
	const struct th_tally_item **v;
	double hhi = 0, top3 = 0, top10 = 0;
	size_t nop;
	int rc;

	TRY(th_summary_count(s, "ns", "ipv6", "yes", a->ipv6[0]));
	TRY(th_summary_count(s, "ns", "ipv6", "no", a->ipv6[1]));
	TRY(th_summary_share(
	    s, "infrastructure.ipv6_share", "infrastructure",
	    "Domains with an IPv6 name server", true, a->ipv6[0], f,
	    "ns.ipv6 > 0: at least one server address of the domain (parent "
	    "glue or child, both NS sets) is IPv6. Of the domains with "
	    "facts."));
	{
		const struct th_tally_item *one =
		    th_tally_find(&a->ns_count, "1");

		TRY(th_summary_share(
		    s, "infrastructure.single_ns_share", "infrastructure",
		    "Domains with a single NS name", false,
		    one != NULL ? one->count : 0, f,
		    "One NS name at the parent (delegation.ns_parent). Of the "
		    "domains with facts."));
	}
	TRY(th_summary_value(
	    s, "infrastructure.ns_count_mean", "infrastructure",
	    "Mean number of NS names per domain", false, "count",
	    f != 0 ? (double)a->ns_names / (double)f : 0,
	    "Mean size of delegation.ns_parent over the "
	    "domains with facts."));
	v = th_tally_sorted(&a->operators, &nop);
	if (v == NULL && a->operators.n > 0)
		return TH_ENOMEM;
	if (nop > 0)
		qsort(v, nop, sizeof(*v), by_weight);
	for (size_t i = 0; i < nop; i++) {
		double sh = f != 0 ? v[i]->weight / (double)f : 0;

		hhi += sh * sh;
		if (i < 3)
			top3 += sh;
		if (i < 10)
			top10 += sh;
	}
	rc = th_summary_value(
	    s, "infrastructure.operators", "infrastructure",
	    "Distinct name server operators", false, "count", (double)nop,
	    "Distinct operators of the parent's NS names; the operator of an "
	    "NS name is its registered domain by the public suffix list "
	    "(ns1.example.net: example.net), so a vanity name counts as its "
	    "own domain's operator.");
	if (rc == 0)
		rc = th_summary_value(
		    s, "infrastructure.operator_hhi", "infrastructure",
		    "Concentration of operators (HHI)", false, "index", hhi,
		    "Herfindahl-Hirschman index (0..1) of the operators' "
		    "market "
		    "shares: each domain counts 1/k for each of its k distinct "
		    "operators; the market share is that sum over the domains "
		    "with facts.");
	if (rc == 0)
		rc = th_summary_value(
		    s, "infrastructure.top3_share", "infrastructure",
		    "Market share of the three largest operators", true,
		    "share", top3,
		    "The sum of the three largest operators' market shares "
		    "(see operator_hhi).");
	if (rc == 0)
		rc = th_summary_value(
		    s, "infrastructure.top10_share", "infrastructure",
		    "Market share of the ten largest operators", false, "share",
		    top10,
		    "The sum of the ten largest operators' market shares.");
	if (rc == 0)
		rc = th_summary_table(
		    s, "infrastructure_operators", "infrastructure",
		    "Largest name server operators", "hbar",
		    "Operator = registered domain of a parent NS name (public "
		    "suffix list). domains: domains with at least one NS name "
		    "of the operator, share: of the domains with facts; "
		    "market_share: as in operator_hhi; name_servers: distinct "
		    "NS names of the operator.",
		    5, op_cols, op_types);
	for (size_t i = 0; i < nop && rc == 0; i++) {
		struct th_cell c[5] = {
		    {v[i]->key, 0, 0, false},
		    {NULL, v[i]->count, 0, false},
		    th_cell_share(v[i]->count, f),
		    {NULL, 0, f != 0 ? v[i]->weight / (double)f : 0, f == 0},
		    {NULL, v[i]->aux, 0, false},
		};

		rc = th_summary_row(s, c);
	}
	free(v);
	if (rc != 0)
		return rc;
	TRY(dist_begin(s, "infrastructure_ns_count", "infrastructure",
	               "NS names per domain", "histogram", "ns_names",
	               "domains",
	               "Size of delegation.ns_parent, of the domains with "
	               "facts."));
	TRY(dist_tally(s, &a->ns_count, true, SIZE_MAX, f));
	if (with_asn) {
		size_t nk;
		const struct th_tally *per[2] = {&a->nasns, &a->nprefixes};
		const char *const fact[2] = {"asns", "prefixes"};

		/* ns.asns and ns.prefixes: domains per number of distinct
		 * ASes / prefixes of their mapped addresses. */
		for (int k = 0; k < 2; k++) {
			const struct th_tally_item **it =
			    th_tally_sorted_numeric(per[k], &nk);

			if (it == NULL && per[k]->n > 0)
				return TH_ENOMEM;
			for (size_t i = 0; i < nk && rc == 0; i++)
				rc = th_summary_count(s, "ns", fact[k],
				                      it[i]->key, it[i]->count);
			free(it);
			if (rc != 0)
				return rc;
		}
		TRY(th_summary_share(
		    s, "infrastructure.multi_asn_share", "infrastructure",
		    "Domains whose servers span more than one AS", false,
		    a->multi_asn, a->asn_known,
		    "ns.asns > 1: the server addresses are originated by more "
		    "than one AS (--asn-db table), of the domains with at "
		    "least "
		    "one address in the table."));
		TRY(th_summary_share(
		    s, "infrastructure.multi_prefix_share", "infrastructure",
		    "Domains whose servers span more than one prefix", false,
		    a->multi_prefix, a->asn_known,
		    "ns.prefixes > 1: the server addresses lie in more than "
		    "one "
		    "announced prefix (--asn-db table), of the domains with at "
		    "least one address in the table."));
		TRY(dist_begin(
		    s, "infrastructure_asns", "infrastructure",
		    "Autonomous systems of name server addresses", "hbar",
		    "asn", "domains",
		    "Domains with at least one server address "
		    "originated by the AS (--asn-db), of the domains "
		    "with an address in the table."));
		TRY(dist_tally(s, &a->asns, false, SIZE_MAX, a->asn_known));
	}
	return 0;
}

static int
behaviour(const struct th_aggregate *a, struct th_summary *s)
{
	uint64_t n = a->domains, tested = 0, ntcp = 0;
	int rc;

	for (int i = 0; i < TH_ECV__COUNT; i++) {
		if (i != TH_ECV_UNTESTED)
			tested += a->edns[i];
		TRY(th_summary_count(s, "edns", "verdict",
		                     th_ednscomp_verdict_name(i), a->edns[i]));
	}
	TRY(th_summary_share(
	    s, "behaviour.edns_ok_share", "behaviour",
	    "Name server addresses compliant with EDNS", true,
	    a->edns[TH_ECV_OK], tested,
	    "Distinct server addresses of the run whose EDNS compliance "
	    "verdict (ISC genreport's ten tests, docs/edns.md) is ok, of the "
	    "tested addresses."));
	TRY(th_summary_share(
	    s, "behaviour.tcp_fail_share", "behaviour",
	    "Domains with a server that does not answer over TCP", false,
	    a->tcp_fail, a->served,
	    "Some server that serves the zone over UDP (class AA, CNAME or "
	    "NOAA) gives no such answer over TCP (servers[].tcp), of the "
	    "domains some server serves."));
	TRY(th_summary_share(s, "behaviour.open_recursion_share", "behaviour",
	                     "Domains with an open recursive name server",
	                     false, a->open_recursion, n,
	                     "A NAMESERVER01 IS_A_RECURSOR message. Of all "
	                     "domains."));
	TRY(th_summary_share(s, "behaviour.open_axfr_share", "behaviour",
	                     "Domains allowing zone transfer to anyone", false,
	                     a->open_axfr, n,
	                     "A NAMESERVER03 AXFR_AVAILABLE message. Of all "
	                     "domains."));
	TRY(th_summary_share(
	    s, "behaviour.version_disclosure_share", "behaviour",
	    "Domains whose servers disclose a software version", false,
	    a->version_disclosure, n,
	    "A NAMESERVER15 N15_SOFTWARE_VERSION message (an answer to "
	    "version.bind or version.server CH TXT). Of all domains."));
	TRY(dist_begin(s, "behaviour_edns", "behaviour",
	               "EDNS compliance of server addresses", "bar", "verdict",
	               "servers",
	               "EDNS compliance verdict per distinct server address "
	               "of the run (server facts), of the tested addresses."));
	for (int i = 1; i < TH_ECV__COUNT; i++)
		TRY(dist_row(s, th_ednscomp_verdict_name(i), a->edns[i],
		             tested));
	for (int i = 0; i < TH_SC__COUNT; i++)
		ntcp += a->srv_tcp_cls[i];
	TRY(dist_begin(s, "behaviour_tcp", "behaviour",
	               "Server classes over TCP", "bar", "class", "servers",
	               "servers[].tcp: the class of each (NS name, address) "
	               "server of each domain from its answer to the SOA query "
	               "over TCP."));
	for (int i = 0; i < TH_SC__COUNT; i++)
		TRY(dist_row(s, th_server_class_name(i), a->srv_tcp_cls[i],
		             ntcp));
	TRY(dist_begin(s, "behaviour_versions", "behaviour",
	               "Most common software version strings", "hbar",
	               "version", "domains",
	               "The string argument of NAMESERVER15 "
	               "N15_SOFTWARE_VERSION messages: domains with a server "
	               "giving it, of all domains. DNS-derived text, as "
	               "received."));
	TRY(dist_tally(s, &a->versions, false, SIZE_MAX, n));
	return 0;
}

static int
content(const struct th_aggregate *a, struct th_summary *s)
{
	static const char *const names[TH_AGG__SOA] = {"refresh", "retry",
	                                               "expire", "minimum"};
	char id[40], title[64], def[200];
	int rc;

	for (int i = 0; i < TH_AGG__TRI; i++) {
		uint64_t nf = i == TH_AGG_UNKNOWN ? a->nofacts : 0;

		TRY(th_summary_count(s, "mail", "mx", tri_name[i],
		                     a->mx[i] + nf));
		TRY(th_summary_count(s, "mail", "spf", tri_name[i],
		                     a->spf[i] + nf));
		TRY(th_summary_count(s, "mail", "dmarc", tri_name[i],
		                     a->dmarc[i] + nf));
		TRY(th_summary_count(s, "zone", "caa", tri_name[i],
		                     a->caa[i] + nf));
	}
	for (int p = TH_DMARC_NONE; p <= TH_DMARC_REJECT; p++)
		TRY(th_summary_count(s, "mail", "dmarc_policy",
		                     th_dmarc_policy_name(p),
		                     a->dmarc_policy[p]));
	TRY(th_summary_count(s, "mail", "dmarc_policy", "other",
	                     a->dmarc_policy[TH_DMARC_NOPOLICY]));
	{
		uint64_t kd = a->dmarc[TH_AGG_YES] + a->dmarc[TH_AGG_NO];
		uint64_t kc = a->caa[TH_AGG_YES] + a->caa[TH_AGG_NO];

		TRY(th_summary_share(
		    s, "content.dmarc_share", "content",
		    "Domains with a DMARC record", true, a->dmarc[TH_AGG_YES],
		    kd,
		    "mail.dmarc: a TXT record starting v=DMARC1 at "
		    "_dmarc.<domain>, of the domains some server serves (and "
		    "whose record has the fact: version 2 on)."));
		TRY(th_summary_share(
		    s, "content.dmarc_reject_share", "content",
		    "DMARC domains with policy reject", false,
		    a->dmarc_policy[TH_DMARC_REJECT], a->dmarc[TH_AGG_YES],
		    "mail.dmarc_policy = reject (the p= tag), of the domains "
		    "with a DMARC record."));
		TRY(th_summary_share(
		    s, "content.caa_share", "content",
		    "Domains with a CAA record", false, a->caa[TH_AGG_YES], kc,
		    "zone.caa: a CAA RRset at the apex, of the domains some "
		    "server serves (record version 2 on)."));
		TRY(dist_begin(s, "content_dmarc_policy", "content",
		               "DMARC policies", "pie", "policy", "domains",
		               "mail.dmarc_policy (the p= tag) of the domains "
		               "with a DMARC record; other: no valid p= tag."));
		for (int p = TH_DMARC_NONE; p <= TH_DMARC_REJECT; p++)
			TRY(dist_row(s, th_dmarc_policy_name(p),
			             a->dmarc_policy[p], a->dmarc[TH_AGG_YES]));
		TRY(dist_row(s, "other", a->dmarc_policy[TH_DMARC_NOPOLICY],
		             a->dmarc[TH_AGG_YES]));
	}
	TRY(th_summary_share(s, "content.mx_share", "content",
	                     "Domains with an MX record", true,
	                     a->mx[TH_AGG_YES], a->served,
	                     "mail.mx: an MX RRset at the apex, of the domains "
	                     "some server serves."));
	TRY(th_summary_share(s, "content.spf_share", "content",
	                     "Domains with an SPF record", true,
	                     a->spf[TH_AGG_YES], a->served,
	                     "mail.spf: a TXT record starting v=spf1 at the "
	                     "apex, of the domains some server serves."));
	TRY(th_summary_share(
	    s, "content.soa_timers_ok_share", "content",
	    "Domains whose SOA timers are all in the recommended ranges", false,
	    a->soa_ok, a->soa_known,
	    "refresh >= 14400, retry >= 3600, expire >= 604800 and >= "
	    "refresh, minimum 300..86400 (RIPE-203, Zonemaster ZONE02-06), "
	    "from the soa.refresh/retry/expire/minimum facts (the most common "
	    "values of the serving servers); for version 1 records from the "
	    "ZONE02/04/05/06 OK tags. Of the domains with known timers."));
	TRY(dist_begin(s, "content_mail", "content", "Mail and CAA records",
	               "bar", "record", "domains",
	               "Domains with each record, of the domains some server "
	               "serves."));
	TRY(dist_row(s, "mx", a->mx[TH_AGG_YES], a->served));
	TRY(dist_row(s, "spf", a->spf[TH_AGG_YES], a->served));
	TRY(dist_row(s, "dmarc", a->dmarc[TH_AGG_YES], a->served));
	TRY(dist_row(s, "caa", a->caa[TH_AGG_YES], a->served));
	for (int k = 0; k < TH_AGG__SOA; k++) {
		snprintf(id, sizeof(id), "content_soa_%s", names[k]);
		snprintf(title, sizeof(title), "SOA %s values", names[k]);
		snprintf(def, sizeof(def),
		         "soa.%s (seconds; the most common value of the "
		         "serving servers; version 1 records: the ZONE test "
		         "cases' argument %s), of the domains with known "
		         "timers.",
		         names[k], names[k]);
		TRY(dist_begin(s, id, "content", title, "histogram", "seconds",
		               "domains", def));
		TRY(dist_tally(s, &a->soa[k], true, SIZE_MAX, a->soa_known));
	}
	return 0;
}

struct tagrow {
	enum th_tag tag;
	uint64_t n;
};

static int
by_tagcount(const void *x, const void *y)
{
	const struct tagrow *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return a->tag < b->tag ? -1 : a->tag > b->tag;
}

static int
outcomes(const struct th_aggregate *a, struct th_summary *s)
{
	static const char *const tc_cols[] = {"testcase", "error_share",
	                                      "warning_share", "error_domains",
	                                      "warning_domains"};
	static const char *const tc_types[] = {"string", "share", "share",
	                                       "count", "count"};
	static const char *const tag_cols[] = {"tag", "level", "domains",
	                                       "share"};
	static const char *const tag_types[] = {"string", "string", "count",
	                                        "share"};
	uint64_t n = a->domains;
	struct tagrow *rows;
	size_t nrows = 0;
	int rc;

	TRY(th_summary_share(
	    s, "outcomes.error_share", "outcomes",
	    "Domains with at least one ERROR or CRITICAL message", true,
	    a->max_error, n,
	    "The highest message level of the domain (default profile) is "
	    "ERROR or CRITICAL. Of all domains."));
	TRY(th_summary_share(s, "outcomes.warning_share", "outcomes",
	                     "Domains whose worst message is a WARNING", false,
	                     a->max_warning, n,
	                     "The highest message level of the domain is "
	                     "WARNING. Of all domains."));
	TRY(th_summary_table(
	    s, "outcomes_testcases", "outcomes", "Outcome per test case",
	    "hbar",
	    "Per test case: domains whose highest message level in the test "
	    "case is ERROR or CRITICAL (error), or WARNING (warning); shares "
	    "of all domains.",
	    5, tc_cols, tc_types));
	for (int i = 1; i < TH_TC__COUNT; i++) {
		struct th_cell c[5] = {
		    {th_testcase_name(i), 0, 0, false},
		    th_cell_share(a->tc_error[i], n),
		    th_cell_share(a->tc_warning[i], n),
		    {NULL, a->tc_error[i], 0, false},
		    {NULL, a->tc_warning[i], 0, false},
		};

		TRY(th_summary_row(s, c));
	}
	if ((rows = malloc(TH_TAG__COUNT * sizeof(*rows))) == NULL)
		return TH_ENOMEM;
	for (int t = 0; t < TH_TAG__COUNT; t++)
		if (a->tag_domains[t] != 0)
			rows[nrows++] = (struct tagrow){t, a->tag_domains[t]};
	qsort(rows, nrows, sizeof(*rows), by_tagcount);
	rc = th_summary_table(
	    s, "outcomes_tags", "outcomes",
	    "The 20 most frequent message tags at NOTICE or above", "hbar",
	    "Domains with at least one message of the tag at level NOTICE or "
	    "above (default profile), of all domains. TESTCASE:TAG.",
	    4, tag_cols, tag_types);
	for (size_t i = 0; i < nrows && i < 20 && rc == 0; i++) {
		char name[128];
		struct th_cell c[4] = {
		    {name, 0, 0, false},
		    {th_level_name(th_tag_default_level(rows[i].tag)), 0, 0,
		     false},
		    {NULL, rows[i].n, 0, false},
		    th_cell_share(rows[i].n, n),
		};

		snprintf(name, sizeof(name), "%s:%s",
		         th_testcase_name(th_tag_testcase(rows[i].tag)),
		         th_tag_name(rows[i].tag));
		rc = th_summary_row(s, c);
	}
	free(rows);
	return rc;
}

int
th_metrics_build(const struct th_aggregate *a, bool with_asn,
                 struct th_summary *s)
{
	int rc;

	TRY(dnssec(a, s));
	TRY(delegation(a, s));
	TRY(infrastructure(a, with_asn, s));
	TRY(behaviour(a, s));
	TRY(content(a, s));
	TRY(outcomes(a, s));
	return 0;
}
