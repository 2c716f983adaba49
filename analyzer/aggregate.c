/* SPDX-License-Identifier: BSD-3-Clause */
/* aggregate.c -- the accumulators of one run (see aggregate.h). */
#include "analyzer/aggregate.h"

#include "common/dname.h"
#include "common/err.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
th_aggregate_init(struct th_aggregate *a)
{
	memset(a, 0, sizeof(*a));
	th_tally_init(&a->nsec3_iter);
	th_tally_init(&a->ns_count);
	th_tally_init(&a->operators);
	th_tally_init(&a->nsnames);
	th_tally_init(&a->asns);
	th_tally_init(&a->nasns);
	th_tally_init(&a->nprefixes);
	th_tally_init(&a->versions);
	for (size_t i = 0; i < TH_AGG__SOA; i++)
		th_tally_init(&a->soa[i]);
}

void
th_aggregate_free(struct th_aggregate *a)
{
	th_tally_free(&a->nsec3_iter);
	th_tally_free(&a->ns_count);
	th_tally_free(&a->operators);
	th_tally_free(&a->nsnames);
	th_tally_free(&a->asns);
	th_tally_free(&a->nasns);
	th_tally_free(&a->nprefixes);
	th_tally_free(&a->versions);
	for (size_t i = 0; i < TH_AGG__SOA; i++)
		th_tally_free(&a->soa[i]);
}

/* Count key once per domain (mark = the domain's number). */
static int
tally_once(struct th_tally *t, const char *key, uint64_t mark)
{
	struct th_tally_item *it = th_tally_get(t, key, strlen(key), NULL);

	if (it == NULL)
		return TH_ENOMEM;
	if (it->mark != mark) {
		it->mark = mark;
		it->count++;
	}
	return 0;
}

static int
tally_u64(struct th_tally *t, uint64_t v, uint64_t mark)
{
	char key[24];

	snprintf(key, sizeof(key), "%" PRIu64, v);
	return tally_once(t, key, mark);
}

/* The name as lower-case text without the final dot. */
static void
name_text(const struct th_dname *n, char *dst, size_t size)
{
	size_t len;

	if (th_dname_to_str(n, dst, size) != 0) {
		snprintf(dst, size, "?");
		return;
	}
	len = strlen(dst);
	if (len > 1 && dst[len - 1] == '.')
		dst[len - 1] = '\0';
	for (char *p = dst; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
}

/* Which SOA timer a ZONE test case reports, and under which argument. */
static const struct {
	enum th_testcase tc;
	const char *arg;
	enum th_tag ok;
} soa_args[TH_AGG__SOA] = {
    [TH_AGG_REFRESH] = {TH_TC_ZONE02, "refresh",
                        TH_TAG_ZONE02_REFRESH_MINIMUM_VALUE_OK},
    [TH_AGG_RETRY] = {TH_TC_ZONE04, "retry",
                      TH_TAG_ZONE04_RETRY_MINIMUM_VALUE_OK},
    [TH_AGG_EXPIRE] = {TH_TC_ZONE05, "expire",
                       TH_TAG_ZONE05_EXPIRE_MINIMUM_VALUE_OK},
    [TH_AGG_MINIMUM] = {TH_TC_ZONE06, "minimum",
                        TH_TAG_ZONE06_SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK},
};

/* RIPE-203 / Zonemaster ranges, as the ZONE02..06 OK tags judge them. */
static bool
timers_ok(const struct th_fact_content *c)
{
	return c->refresh >= 14400 && c->retry >= 3600 && c->expire >= 604800 &&
	       c->expire >= c->refresh && c->minimum >= 300 &&
	       c->minimum <= 86400;
}

static int
soa_facts(struct th_aggregate *a, const struct th_fact_content *c,
          uint64_t mark)
{
	const uint32_t v[TH_AGG__SOA] = {c->refresh, c->retry, c->expire,
	                                 c->minimum};
	int rc = 0;

	a->soa_known++;
	a->soa_from_facts++;
	a->soa_ok += timers_ok(c);
	for (size_t k = 0; k < TH_AGG__SOA && rc == 0; k++)
		rc = tally_u64(&a->soa[k], v[k], mark);
	return rc;
}

static int
messages(struct th_aggregate *a, const struct th_report *rep, bool soa_msgs,
         uint64_t mark)
{
	int tcmax[TH_TC__COUNT];
	const char *soa[TH_AGG__SOA] = {NULL, NULL, NULL, NULL};
	unsigned soa_ok = 0;
	bool glue = false, rec = false, axfr = false, version = false;
	enum th_level top = TH_LEVEL_DEBUG3;
	int rc = 0;

	for (size_t i = 0; i < TH_TC__COUNT; i++)
		tcmax[i] = -1;
	for (size_t i = 0; i < rep->n && rc == 0; i++) {
		const struct th_message *m = &rep->msgs[i];
		enum th_testcase tc = th_tag_testcase(m->tag);
		const char *v;

		if ((int)m->level > tcmax[tc])
			tcmax[tc] = (int)m->level;
		if (m->level > top)
			top = m->level;
		if (m->level >= TH_LEVEL_NOTICE &&
		    a->tag_mark[m->tag] != mark) {
			a->tag_mark[m->tag] = mark;
			a->tag_domains[m->tag]++;
		}
		switch (m->tag) {
		case TH_TAG_CONSISTENCY05_IN_BAILIWICK_ADDR_MISMATCH:
		case TH_TAG_CONSISTENCY05_OUT_OF_BAILIWICK_ADDR_MISMATCH:
			glue = true;
			break;
		case TH_TAG_NAMESERVER01_IS_A_RECURSOR:
			rec = true;
			break;
		case TH_TAG_NAMESERVER03_AXFR_AVAILABLE:
			axfr = true;
			break;
		case TH_TAG_NAMESERVER15_N15_SOFTWARE_VERSION:
			version = true;
			if ((v = th_message_arg(m, "string")) != NULL)
				rc = tally_once(&a->versions, v, mark);
			break;
		default:
			break;
		}
		for (size_t k = 0; k < TH_AGG__SOA; k++) {
			if (tc != soa_args[k].tc)
				continue;
			if (m->tag == soa_args[k].ok)
				soa_ok |= 1u << k;
			if (soa[k] == NULL)
				soa[k] = th_message_arg(m, soa_args[k].arg);
		}
	}
	if (rc != 0)
		return rc;
	a->glue_mismatch += glue;
	a->open_recursion += rec;
	a->open_axfr += axfr;
	a->version_disclosure += version;
	if (!soa_msgs)
		memset(soa, 0, sizeof(soa));
	if (soa[TH_AGG_REFRESH] != NULL) {
		a->soa_known++;
		if (soa_ok == (1u << TH_AGG__SOA) - 1)
			a->soa_ok++;
	}
	for (size_t k = 0; k < TH_AGG__SOA && rc == 0; k++)
		if (soa[k] != NULL)
			rc = tally_once(&a->soa[k], soa[k], mark);
	for (size_t i = 0; i < TH_TC__COUNT; i++) {
		if (tcmax[i] >= (int)TH_LEVEL_ERROR)
			a->tc_error[i]++;
		else if (tcmax[i] == (int)TH_LEVEL_WARNING)
			a->tc_warning[i]++;
	}
	if (top >= TH_LEVEL_ERROR)
		a->max_error++;
	else if (top == TH_LEVEL_WARNING)
		a->max_warning++;
	return rc;
}

static void
dnssec(struct th_aggregate *a, const struct th_dnssec_facts *d, uint64_t vtime,
       uint64_t mark)
{
	a->status[d->status < TH_DNSSEC__STATUSES ? d->status
	                                          : TH_DNSSEC_INDETERMINATE]++;
	if (d->status == TH_DNSSEC_BOGUS)
		for (size_t b = 0; b < TH_DNSSEC_BOGUS__COUNT; b++)
			if (d->bogus & (1u << b))
				a->bogus[b]++;
	if (d->nalg > 0)
		a->signed_with_alg++;
	for (size_t i = 0; i < d->nalg && i < TH_DNSSEC_MAXALG; i++)
		a->alg[d->alg[i]]++;
	if (d->ndigest > 0)
		a->with_ds++;
	for (size_t i = 0; i < d->ndigest && i < TH_DNSSEC_MAXALG; i++)
		a->digest[d->digest[i]]++;
	a->denial[d->denial <= TH_DENIAL_NSEC3 ? d->denial
	                                       : TH_DENIAL_UNKNOWN]++;
	if (d->denial == TH_DENIAL_NSEC3 && d->nsec3_known) {
		a->nsec3_optout[d->nsec3_optout ? 0 : 1]++;
		if (d->nsec3_iterations > 0)
			a->nsec3_nonzero++;
		if (tally_u64(&a->nsec3_iter, d->nsec3_iterations, mark) != 0)
			a->nomem = 1;
	}
	if (d->has_expiry && vtime != 0) {
		a->expiry_known++;
		if (d->earliest_expiry < vtime + TH_AGG_EXPIRY_WINDOW)
			a->expiring++;
	}
}

static bool
answers(uint8_t cls)
{
	return cls == TH_SC_AA || cls == TH_SC_CNAME || cls == TH_SC_NOAA;
}

static int
operators(struct th_aggregate *a, const struct th_facts *f, uint64_t mark)
{
	struct th_tally_item *ops[TH_EV_MAXNS];
	size_t nops = 0;
	char name[TH_DNAME_STRLEN], op[TH_DNAME_STRLEN];

	for (size_t i = 0; i < f->nparent && i < TH_EV_MAXNS; i++) {
		struct th_tally_item *it, *ns;
		int created, len;

		name_text(&f->parent_ns[i], name, sizeof(name));
		len = th_psl_registered(a->psl, name, op, sizeof(op));
		if (len < 0)
			continue;
		if ((it = th_tally_get(&a->operators, op, (size_t)len, NULL)) ==
		        NULL ||
		    (ns = th_tally_get(&a->nsnames, name, strlen(name),
		                       &created)) == NULL)
			return TH_ENOMEM;
		if (created)
			it->aux++;
		if (it->mark != mark) {
			it->mark = mark;
			it->count++;
			ops[nops++] = it;
		}
	}
	for (size_t i = 0; i < nops; i++)
		ops[i]->weight += 1.0 / (double)nops;
	return 0;
}

static int
asns(struct th_aggregate *a, const struct th_facts *f, uint64_t mark)
{
	uint32_t seen_as[TH_FACTS_MAXSERVERS];
	struct th_prefix seen_pfx[TH_FACTS_MAXSERVERS];
	size_t nas = 0, npfx = 0;
	int rc = 0;

	for (size_t i = 0; i < f->nservers && rc == 0; i++) {
		struct th_prefix p;
		uint32_t as[4];
		size_t n;
		bool dup = false;

		if (!f->servers[i].has_addr ||
		    (n = th_asn_db_lookup(a->asn, &f->servers[i].addr, &p, as,
		                          4)) == 0)
			continue;
		for (size_t k = 0; k < npfx && !dup; k++)
			dup = memcmp(&seen_pfx[k], &p, sizeof(p)) == 0;
		if (!dup)
			seen_pfx[npfx++] = p;
		for (size_t j = 0; j < n && j < 4; j++) {
			dup = false;
			for (size_t k = 0; k < nas && !dup; k++)
				dup = seen_as[k] == as[j];
			if (!dup && nas < TH_FACTS_MAXSERVERS) {
				seen_as[nas++] = as[j];
				rc = tally_u64(&a->asns, as[j], mark);
			}
		}
	}
	if (npfx > 0 && rc == 0) {
		a->asn_known++;
		a->multi_asn += nas > 1;
		a->multi_prefix += npfx > 1;
		if ((rc = tally_u64(&a->nasns, nas, mark)) == 0)
			rc = tally_u64(&a->nprefixes, npfx, mark);
	}
	return rc;
}

int
th_aggregate_domain(struct th_aggregate *a, const struct th_report *rep,
                    const struct th_facts *f, uint64_t vtime)
{
	uint64_t mark = ++a->domains;
	int rc;

	if ((rc = messages(a, rep, f == NULL || !f->content.soa_known, mark)) !=
	    0)
		return rc;
	if (f == NULL) {
		a->nofacts++;
		return 0;
	}
	a->withfacts++;
	dnssec(a, &f->dnssec, vtime, mark);
	a->lame[f->lame <= TH_SHARE_FULL ? f->lame : TH_SHARE_FULL]++;
	a->unreachable[f->unreachable <= TH_SHARE_FULL ? f->unreachable
	                                               : TH_SHARE_FULL]++;
	if (f->served) {
		bool tcpfail = false;

		a->served++;
		a->ns_match[f->ns_match ? TH_AGG_YES : TH_AGG_NO]++;
		a->soa_consistent[f->soa_consistent ? TH_AGG_YES : TH_AGG_NO]++;
		a->mx[f->mx ? TH_AGG_YES : TH_AGG_NO]++;
		a->spf[f->spf ? TH_AGG_YES : TH_AGG_NO]++;
		if (f->content.known) {
			a->dmarc[f->content.dmarc ? TH_AGG_YES : TH_AGG_NO]++;
			a->caa[f->content.caa ? TH_AGG_YES : TH_AGG_NO]++;
			if (f->content.dmarc)
				a->dmarc_policy[f->content.dmarc_policy & 3]++;
		} else {
			a->dmarc[TH_AGG_UNKNOWN]++;
			a->caa[TH_AGG_UNKNOWN]++;
		}
		for (size_t i = 0; i < f->nservers; i++)
			if (answers(f->servers[i].cls) &&
			    !answers(f->servers[i].tcp_cls))
				tcpfail = true;
		a->tcp_fail += tcpfail;
	} else {
		a->ns_match[TH_AGG_UNKNOWN]++;
		a->soa_consistent[TH_AGG_UNKNOWN]++;
		a->mx[TH_AGG_UNKNOWN]++;
		a->spf[TH_AGG_UNKNOWN]++;
		a->dmarc[TH_AGG_UNKNOWN]++;
		a->caa[TH_AGG_UNKNOWN]++;
	}
	if (f->content.soa_known && (rc = soa_facts(a, &f->content, mark)) != 0)
		return rc;
	for (size_t i = 0; i < f->nservers; i++) {
		if (f->servers[i].cls < TH_SC__COUNT)
			a->srv_cls[f->servers[i].cls]++;
		if (f->servers[i].tcp_cls < TH_SC__COUNT)
			a->srv_tcp_cls[f->servers[i].tcp_cls]++;
	}
	a->ipv6[f->ipv6 > 0 ? 0 : 1]++;
	a->ns_names += f->nparent;
	if ((rc = tally_u64(&a->ns_count, f->nparent, mark)) != 0 ||
	    (rc = operators(a, f, mark)) != 0)
		return rc;
	if (a->asn != NULL && (rc = asns(a, f, mark)) != 0)
		return rc;
	return a->nomem ? TH_ENOMEM : 0;
}

void
th_aggregate_server(struct th_aggregate *a, const struct th_fact_edns *e)
{
	a->edns[e->verdict < TH_ECV__COUNT ? e->verdict : TH_ECV_UNTESTED]++;
}
