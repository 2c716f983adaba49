/* SPDX-License-Identifier: BSD-3-Clause */
/* result.c -- text and JSON forms of a result (see result.h). */
#include "engine/result.h"

#include "common/csv.h"
#include "common/err.h"
#include "engine/ednscomp.h"
#include "engine/facts.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
th_result_print_text(FILE *out, const struct th_report *rep, enum th_level min)
{
	struct th_buf text = TH_BUF_INIT(1 << 16);

	for (size_t i = 0; i < rep->n; i++) {
		const struct th_message *m = &rep->msgs[i];
		enum th_testcase tc = th_tag_testcase(m->tag);

		if (m->level < min)
			continue;
		th_buf_reset(&text);
		if (th_message_text(m, &text) != 0)
			continue;
		fprintf(out, "%-8s %-12s %-14s %s %s\n",
		        th_level_name(m->level),
		        th_module_name(th_testcase_module(tc)),
		        th_testcase_name(tc), th_tag_name(m->tag),
		        th_buf_str(&text));
	}
	th_buf_free(&text);
}

static json_t *
message_json(const struct th_message *m)
{
	enum th_testcase tc = th_tag_testcase(m->tag);
	json_t *o = json_object(), *args = json_object();

	if (o == NULL || args == NULL) {
		json_decref(o);
		json_decref(args);
		return NULL;
	}
	for (unsigned i = 0; i < m->nargs; i++)
		json_object_set_new(args, m->args[i].key,
		                    json_string(m->args[i].value));
	json_object_set_new(
	    o, "module", json_string(th_module_name(th_testcase_module(tc))));
	json_object_set_new(o, "testcase", json_string(th_testcase_name(tc)));
	json_object_set_new(o, "tag", json_string(th_tag_name(m->tag)));
	json_object_set_new(o, "level", json_string(th_level_name(m->level)));
	json_object_set_new(o, "args", args);
	return o;
}

static json_t *
name_list(const struct th_dname *names, size_t n)
{
	json_t *a = json_array();
	char buf[TH_DNAME_STRLEN];

	for (size_t i = 0; i < n; i++) {
		if (th_dname_to_str(&names[i], buf, sizeof(buf)) != 0)
			continue;
		if (strlen(buf) > 1)
			buf[strlen(buf) - 1] = '\0';
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

static json_t *
u8_list(const uint8_t *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

/* dnssec.*: null where a fact is unknown or does not apply. */
static json_t *
dnssec_json(const struct th_dnssec_facts *d)
{
	json_t *o = json_object(), *why = json_array();
	const char *denial = th_dnssec_denial_name(d->denial);
	char buf[2 * 255 + 1];

	json_object_set_new(o, "status",
	                    json_string(th_dnssec_status_name(
	                        (enum th_dnssec_status)d->status)));
	for (unsigned b = 0; b < TH_DNSSEC_BOGUS__COUNT; b++)
		if (d->bogus & (1u << b))
			json_array_append_new(why,
			                      json_string(th_dnssec_bogus_name(
			                          (enum th_dnssec_bogus)b)));
	json_object_set_new(o, "bogus_reasons", why);
	json_object_set_new(o, "algorithms", u8_list(d->alg, d->nalg));
	json_object_set_new(o, "ds_digest_types",
	                    u8_list(d->digest, d->ndigest));
	json_object_set_new(o, "denial",
	                    denial ? json_string(denial) : json_null());
	if (d->nsec3_known) {
		for (size_t i = 0; i < d->nsec3_salt_len; i++)
			snprintf(buf + 2 * i, 3, "%02x", d->nsec3_salt[i]);
		buf[2 * d->nsec3_salt_len] = '\0';
		json_object_set_new(o, "nsec3_iterations",
		                    json_integer(d->nsec3_iterations));
		json_object_set_new(o, "nsec3_salt", json_string(buf));
		json_object_set_new(o, "nsec3_optout",
		                    json_boolean(d->nsec3_optout));
	} else {
		json_object_set_new(o, "nsec3_iterations", json_null());
		json_object_set_new(o, "nsec3_salt", json_null());
		json_object_set_new(o, "nsec3_optout", json_null());
	}
	if (d->has_expiry) {
		time_t t = (time_t)d->earliest_expiry;
		struct tm tm;

		if (gmtime_r(&t, &tm) != NULL &&
		    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
			json_object_set_new(o, "earliest_expiry",
			                    json_string(buf));
	}
	if (json_object_get(o, "earliest_expiry") == NULL)
		json_object_set_new(o, "earliest_expiry", json_null());
	return o;
}

/*
 * edns: the DNS Flag Day compliance of every server address that was
 * probed (engine/ednscomp, kept in the facts): a verdict and the codes
 * per test, and the domain's worst verdict.
 */
static json_t *
edns_json(const struct th_facts *f)
{
	json_t *o = json_object(), *servers = json_array();
	enum th_ednscomp_verdict worst = TH_ECV_UNTESTED;
	char buf[512];

	for (size_t i = 0; i < f->nedns; i++) {
		const struct th_fact_edns *e = &f->edns[i];
		json_t *so, *tests;

		if (e->verdict == TH_ECV_UNTESTED)
			continue;
		/* Order of badness: untested < ok < failing < no-response. */
		if (e->verdict > worst)
			worst = (enum th_ednscomp_verdict)e->verdict;
		so = json_object();
		tests = json_object();
		if (th_addr_ip_str(&e->addr, buf, sizeof(buf)) == 0)
			json_object_set_new(so, "address", json_string(buf));
		json_object_set_new(so, "verdict",
		                    json_string(th_ednscomp_verdict_name(
		                        (enum th_ednscomp_verdict)e->verdict)));
		for (unsigned t = 0; t < TH_EC__COUNT; t++)
			if (e->test[t].state != TH_ECS_UNTESTED)
				json_object_set_new(
				    tests,
				    th_ednscomp_test_name(
				        (enum th_ednscomp_test)t),
				    json_string(th_ednscomp_codes_str(
				        &e->test[t], buf, sizeof(buf))));
		json_object_set_new(so, "tests", tests);
		json_array_append_new(servers, so);
	}
	json_object_set_new(o, "verdict",
	                    worst == TH_ECV_UNTESTED
	                        ? json_null()
	                        : json_string(th_ednscomp_verdict_name(worst)));
	json_object_set_new(o, "servers", servers);
	return o;
}

/* The facts of DESIGN.md section 5; a dotted name is a path. */
static json_t *
facts_json(const struct th_facts *f)
{
	json_t *o = json_object(), *deleg, *soa, *ns, *mail, *servers, *serials;

	if (o == NULL)
		return o;
	deleg = json_object();
	json_object_set_new(deleg, "lame", json_string(th_share_name(f->lame)));
	json_object_set_new(deleg, "unreachable",
	                    json_string(th_share_name(f->unreachable)));
	json_object_set_new(deleg, "ns_parent",
	                    name_list(f->parent_ns, f->nparent));
	json_object_set_new(deleg, "ns_child",
	                    f->served ? name_list(f->child_ns, f->nchild)
	                              : json_null());
	json_object_set_new(deleg, "ns_match",
	                    f->served ? json_boolean(f->ns_match)
	                              : json_null());
	json_object_set_new(o, "delegation", deleg);
	servers = json_array();
	for (size_t i = 0; i < f->nservers; i++) {
		const struct th_fact_server *s = &f->servers[i];
		json_t *so = json_object();
		char buf[TH_DNAME_STRLEN + 64];

		th_ev_ns_str(&s->name, NULL, buf, sizeof(buf));
		json_object_set_new(so, "name", json_string(buf));
		if (s->has_addr &&
		    th_addr_ip_str(&s->addr, buf, sizeof(buf)) == 0)
			json_object_set_new(so, "address", json_string(buf));
		else
			json_object_set_new(so, "address", json_null());
		json_object_set_new(so, "udp",
		                    json_string(th_server_class_name(s->cls)));
		json_object_set_new(
		    so, "tcp", json_string(th_server_class_name(s->tcp_cls)));
		json_array_append_new(servers, so);
	}
	json_object_set_new(o, "servers", servers);
	soa = json_object();
	serials = json_array();
	for (size_t i = 0; i < f->nserials; i++)
		json_array_append_new(serials, json_integer(f->serials[i]));
	json_object_set_new(soa, "serials", serials);
	json_object_set_new(soa, "consistent",
	                    f->served ? json_boolean(f->soa_consistent)
	                              : json_null());
	{
		/* null when unknown: a version 1 record, or no SOA. */
		bool t = f->content.soa_known;

		json_object_set_new(soa, "refresh",
		                    t ? json_integer(f->content.refresh)
		                      : json_null());
		json_object_set_new(soa, "retry",
		                    t ? json_integer(f->content.retry)
		                      : json_null());
		json_object_set_new(soa, "expire",
		                    t ? json_integer(f->content.expire)
		                      : json_null());
		json_object_set_new(soa, "minimum",
		                    t ? json_integer(f->content.minimum)
		                      : json_null());
	}
	json_object_set_new(o, "soa", soa);
	ns = json_object();
	json_object_set_new(ns, "ipv4", json_integer(f->ipv4));
	json_object_set_new(ns, "ipv6", json_integer(f->ipv6));
	json_object_set_new(o, "ns", ns);
	mail = json_object();
	json_object_set_new(mail, "mx", json_boolean(f->mx));
	json_object_set_new(mail, "spf", json_boolean(f->spf));
	{
		const char *pol = th_dmarc_policy_name(f->content.dmarc_policy);
		bool k = f->content.known;

		json_object_set_new(mail, "dmarc",
		                    k ? json_boolean(f->content.dmarc)
		                      : json_null());
		json_object_set_new(mail, "dmarc_policy",
		                    k && pol != NULL ? json_string(pol)
		                                     : json_null());
		json_object_set_new(o, "mail", mail);
		json_object_set_new(
		    o, "zone",
		    json_pack("{s:o}", "caa",
		              k ? json_boolean(f->content.caa) : json_null()));
	}
	json_object_set_new(o, "dnssec", dnssec_json(&f->dnssec));
	json_object_set_new(o, "edns", edns_json(f));
	return o;
}

int
th_result_json_facts(const struct th_dname *domain, const struct th_report *rep,
                     enum th_level min, const struct th_facts *f,
                     struct th_buf *out)
{
	char name[TH_DNAME_STRLEN];
	json_t *root = json_object(), *msgs = json_array();
	char *text;
	int rc;

	if (root == NULL || msgs == NULL ||
	    th_dname_to_str(domain, name, sizeof(name)) != 0) {
		json_decref(root);
		json_decref(msgs);
		return TH_ENOMEM;
	}
	if (strlen(name) > 1)
		name[strlen(name) - 1] = '\0';
	json_object_set_new(root, "domain", json_string(name));
	for (size_t i = 0; i < rep->n; i++)
		if (rep->msgs[i].level >= min)
			json_array_append_new(msgs,
			                      message_json(&rep->msgs[i]));
	json_object_set_new(root, "messages", msgs);
	json_object_set_new(root, "facts",
	                    f != NULL ? facts_json(f) : json_object());
	text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(root);
	if (text == NULL)
		return TH_ENOMEM;
	rc = th_buf_append(out, text, strlen(text));
	free(text);
	return rc;
}

int
th_result_json(const struct th_dname *domain, const struct th_report *rep,
               enum th_level min, const struct th_evidence *ev,
               struct th_dsig_keyring *keys, struct th_buf *out)
{
	struct th_facts *f = NULL;
	int rc;

	/* As before the facts moved: no memory for them, no facts. */
	if (ev != NULL && (f = malloc(sizeof(*f))) != NULL)
		th_facts_compute(ev, keys, f);
	rc = th_result_json_facts(domain, rep, min, ev != NULL ? f : NULL, out);
	free(f);
	return rc;
}

/* ---- CSV ------------------------------------------------------------- */

/* The columns of a CSV row: fact paths of the JSON object, then counts. */
static const char *const csv_paths[] = {
    "dnssec.status",
    "dnssec.bogus_reasons",
    "dnssec.algorithms",
    "dnssec.ds_digest_types",
    "dnssec.denial",
    "dnssec.nsec3_iterations",
    "dnssec.nsec3_optout",
    "dnssec.earliest_expiry",
    "delegation.lame",
    "delegation.unreachable",
    "delegation.ns_parent",
    "delegation.ns_child",
    "delegation.ns_match",
    "soa.serials",
    "soa.consistent",
    "ns.ipv4",
    "ns.ipv6",
    "mail.mx",
    "mail.spf",
    "edns.verdict",
};

#define N_CSV_PATHS (sizeof(csv_paths) / sizeof(csv_paths[0]))

int
th_result_csv_header(struct th_buf *out)
{
	int rc = th_csv_cell(out, "domain", true);

	for (size_t i = 0; i < N_CSV_PATHS && rc == 0; i++)
		rc = th_csv_cell(out, csv_paths[i], false);
	if (rc == 0)
		rc = th_csv_cell(out, "servers", false);
	if (rc == 0)
		rc = th_csv_cell(out, "messages.max_level", false);
	if (rc == 0)
		rc = th_csv_cell(out, "messages.error", false);
	if (rc == 0)
		rc = th_csv_cell(out, "messages.warning", false);
	return rc;
}

/* A JSON value as cell text: lists joined with ';', null empty. */
static int
cell_text(const json_t *v, struct th_buf *t)
{
	size_t i;
	json_t *e;
	int rc = 0;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return th_buf_append(t, json_string_value(v),
		                     json_string_length(v));
	case JSON_INTEGER:
		return th_buf_printf(t, "%lld",
		                     (long long)json_integer_value(v));
	case JSON_TRUE:
		return th_buf_printf(t, "true");
	case JSON_FALSE:
		return th_buf_printf(t, "false");
	case JSON_ARRAY:
		json_array_foreach(v, i, e)
		{
			if (i > 0)
				rc |= th_buf_append_u8(t, ';');
			rc |= cell_text(e, t);
		}
		return rc != 0 ? TH_ENOMEM : 0;
	default:
		return 0;
	}
}

int
th_result_csv_row(const struct th_dname *domain, const struct th_report *rep,
                  const struct th_facts *f, struct th_buf *out)
{
	struct th_buf t = TH_BUF_INIT(1 << 20);
	char name[TH_DNAME_STRLEN], path[64];
	json_t *facts = f != NULL ? facts_json(f) : json_object();
	size_t errors = 0, warnings = 0;
	int rc;

	if (facts == NULL || th_dname_to_str(domain, name, sizeof(name)) != 0) {
		json_decref(facts);
		return TH_ENOMEM;
	}
	if (strlen(name) > 1)
		name[strlen(name) - 1] = '\0';
	rc = th_csv_cell(out, name, true);
	for (size_t i = 0; i < N_CSV_PATHS && rc == 0; i++) {
		const json_t *v = facts;
		char *dot;

		snprintf(path, sizeof(path), "%s", csv_paths[i]);
		dot = strchr(path, '.');
		*dot = '\0';
		v = json_object_get(v, path);
		v = v != NULL ? json_object_get(v, dot + 1) : NULL;
		th_buf_reset(&t);
		if (v != NULL && (rc = cell_text(v, &t)) != 0)
			break;
		rc = th_csv_cell(out, th_buf_str(&t), false);
	}
	for (size_t i = 0; i < rep->n; i++) {
		errors += rep->msgs[i].level >= TH_LEVEL_ERROR;
		warnings += rep->msgs[i].level == TH_LEVEL_WARNING;
	}
	th_buf_reset(&t);
	if (rc == 0)
		rc = th_buf_printf(&t, "%zu", f != NULL ? f->nservers : 0);
	if (rc == 0)
		rc = th_csv_cell(out, th_buf_str(&t), false);
	if (rc == 0)
		rc = th_csv_cell(
		    out,
		    rep->n > 0 ? th_level_name(th_report_max_level(rep)) : "",
		    false);
	th_buf_reset(&t);
	if (rc == 0)
		rc = th_buf_printf(&t, "%zu", errors);
	if (rc == 0)
		rc = th_csv_cell(out, th_buf_str(&t), false);
	th_buf_reset(&t);
	if (rc == 0)
		rc = th_buf_printf(&t, "%zu", warnings);
	if (rc == 0)
		rc = th_csv_cell(out, th_buf_str(&t), false);
	th_buf_free(&t);
	json_decref(facts);
	return rc;
}
