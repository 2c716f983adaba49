/* SPDX-License-Identifier: BSD-3-Clause */
/* zone.c -- zone files, root hints and trust anchor (see zone.h). */
#include "testbed/gen/zone.h"

#include "common/err.h"
#include "common/log.h"
#include "testbed/gen/out.h"
#include "testbed/gen/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ZONE_TEXT_LIMIT (1024u * 1024 * 1024)
#define DS_TEXT_MAX 2048
#define DAY 86400u
#define MAX_JOBS 64u

/*
 * The infrastructure zones sign like their real counterparts: the root
 * with RSASHA256 and NSEC, se. with ECDSA P-256 and NSEC3 opt-out (no
 * salt, no extra iterations), net. with ECDSA P-256 and NSEC.
 */
static const struct tbgen_sec sec_root = {
    .denial = TBGEN_DENIAL_NSEC,
    .alg = 8,
    .ksk = 0,
    .zsk = 0,
    .ds = true,
    .ds_alg = 8,
    .ds_key = 0,
    .digests = TBGEN_DIGEST_SHA256,
};
static const struct tbgen_sec sec_se = {
    .denial = TBGEN_DENIAL_NSEC3,
    .alg = 13,
    .ksk = 0,
    .zsk = 0,
    .optout = true,
    .ds = true,
    .ds_alg = 13,
    .ds_key = 0,
    .digests = TBGEN_DIGEST_SHA256,
};
static const struct tbgen_sec sec_net = {
    .denial = TBGEN_DENIAL_NSEC,
    .alg = 13,
    .ksk = 1,
    .zsk = 1,
    .ds = true,
    .ds_alg = 13,
    .ds_key = 1,
    .digests = TBGEN_DIGEST_SHA256,
};

/* Servers of se. and of net. among the TLD operator's hosts. */
#define TLD_SE_FIRST 0u
#define TLD_SE_COUNT 3u
#define TLD_NET_FIRST 3u
#define TLD_NET_COUNT 2u

static const char *const caa_issuers[] = {"letsencrypt.org", "digicert.com",
                                          "sectigo.com"};
static const char *const dmarc_policies[] = {"none", "quarantine", "reject"};

/*
 * Strings a report must escape: markup, script, quotes, a semicolon, a
 * backslash and terminal control sequences (decimal escapes of the zone
 * file format: \027 is ESC, \007 BEL, \010 newline).
 */
static const char *const hostile_txt[] = {
    "\"<script>alert(\\\"tldhealth\\\")</script>\"",
    "\"\\\"quoted\\\" & <b>bold</b> 'single' ; semicolon \\\\ backslash\"",
    "\"\\027[31mred\\027[0m \\007bell \\010newline <img src=x "
    "onerror=alert(1)>\"",
};
/*
 * An SOA RNAME label: '<script>alert(1)</script>& (no double quote: ldns
 * prints one unescaped in a name, and NSD then cannot read the zone).
 */
static const char hostile_rname[] = "'<script>alert\\(1\\)</script>&";

struct zctx {
	const struct tbgen_plan *p;
	struct tbgen_dnssec *ks;
	struct tbgen_text t;
	struct tbgen_sigtimes valid, expired;
	char ds[DS_TEXT_MAX];
};

int
tbgen_zone_path(const struct tbgen_plan *p, enum tbgen_zone_kind kind,
                const char *name, unsigned version, char *buf, size_t size)
{
	const char *dir = p->opts.dir;

	switch (kind) {
	case TBGEN_ZONE_ROOT:
		return tbgen_out_path(buf, size, "%s/zones/root.zone", dir);
	case TBGEN_ZONE_TLD:
		return tbgen_out_path(buf, size, "%s/zones/tld/%s.zone", dir,
		                      name);
	case TBGEN_ZONE_OP:
		return tbgen_out_path(buf, size, "%s/zones/op/%s.zone", dir,
		                      name);
	case TBGEN_ZONE_CHILD:
		return tbgen_out_path(buf, size, "%s/zones/se/%c/%s%s.zone",
		                      dir, name[0], name,
		                      version == 2 ? ".v2" : "");
	}
	return TH_EINVAL;
}

/* A and (if the host has one) AAAA records of a host under owner. */
static void
text_addrs(struct tbgen_text *t, const char *owner, const struct tbgen_host *h,
           uint32_t ttl)
{
	char a[TBGEN_ADDR_MAX];

	tbgen_plan_addr(h->slot, false, false, a);
	tbgen_text_printf(t, "%s. %u IN A %s\n", owner, ttl, a);
	if (h->v6) {
		tbgen_plan_addr(h->slot, true, false, a);
		tbgen_text_printf(t, "%s. %u IN AAAA %s\n", owner, ttl, a);
	}
}

/* Whether name is zone or below it (names without the final dot). */
static bool
name_below(const char *name, const char *zone)
{
	size_t n = strlen(name), z = strlen(zone);

	if (n == z)
		return strcmp(name, zone) == 0;
	return n > z && name[n - z - 1] == '.' &&
	       strcmp(name + n - z, zone) == 0;
}

/* The operator behind a domain's first host, or NULL. */
static const struct tbgen_op *
domain_op(const struct tbgen_plan *p, const struct tbgen_domain *d)
{
	for (unsigned i = 0; i < d->nns; i++)
		if (d->ns[i].kind != TBGEN_NS_NXNAME)
			return &p->ops[p->hosts[d->ns[i].host].op];
	return NULL;
}

static void
web_addr(uint16_t web, bool v6, char *buf, size_t size)
{
	/* Documentation ranges: 198.51.100.0/24, 203.0.113.0/24 and
	 * 2001:db8::/32; never on loopback, never queried. */
	if (v6)
		snprintf(buf, size, "2001:db8:5e::%x", web + 1u);
	else if (web < 254)
		snprintf(buf, size, "198.51.100.%u", web + 1u);
	else
		snprintf(buf, size, "203.0.113.%u", (web - 254u) % 254u + 1u);
}

/* The zone text of one child domain, version 1 or 2. */
static void
child_text(struct zctx *z, const struct tbgen_domain *d, unsigned version)
{
	const struct tbgen_plan *p = z->p;
	const struct tbgen_content *c = &d->c;
	const struct tbgen_soa_timers *tm = tbgen_plan_timers(c->timers);
	const struct tbgen_op *op = domain_op(p, d);
	struct tbgen_text *t = &z->t;
	char mname[TBGEN_NAME_MAX] = "", rname[2 * TBGEN_NAME_MAX];
	char ns[TBGEN_NAME_MAX], a[TBGEN_ADDR_MAX];
	const char *n = d->name;

	for (unsigned i = 0; i < d->nns && mname[0] == '\0'; i++)
		if (d->ns[i].child)
			tbgen_plan_ns_name(p, d, &d->ns[i], mname);
	if (d->profile == TBGEN_P_HOSTILE_STRINGS)
		snprintf(rname, sizeof(rname), "%s.%s", hostile_rname, n);
	else
		snprintf(rname, sizeof(rname), "hostmaster.%s",
		         c->rname_op && op != NULL && op->home[0] ? op->home
		                                                  : n);
	tbgen_text_printf(t, "%s. 3600 IN SOA %s. %s. %u %u %u %u %u\n", n,
	                  mname, rname, c->serial[version == 2 ? 1 : 0],
	                  tm->refresh, tm->retry, tm->expire, tm->minimum);
	for (unsigned i = 0; i < d->nns; i++) {
		if (!d->ns[i].child)
			continue;
		tbgen_plan_ns_name(p, d, &d->ns[i], ns);
		tbgen_text_printf(t, "%s. 3600 IN NS %s.\n", n, ns);
	}
	/* In-bailiwick names need their addresses in the zone; for a
	 * glue mismatch this is where the child disagrees with the
	 * parent. */
	for (unsigned i = 0; i < d->nns; i++) {
		if (d->ns[i].kind != TBGEN_NS_VANITY)
			continue;
		tbgen_plan_ns_name(p, d, &d->ns[i], ns);
		text_addrs(t, ns, &p->hosts[d->ns[i].child_host], 3600);
	}
	if (d->home_op != TBGEN_NONE) {
		const struct tbgen_op *ho = &p->ops[d->home_op];

		for (uint32_t h = 0; h < ho->nhosts; h++)
			text_addrs(t, p->hosts[ho->host0 + h].name,
			           &p->hosts[ho->host0 + h], 3600);
		if (ho->alias)
			tbgen_text_printf(t, "dns.%s. 3600 IN CNAME ns2.%s.\n",
			                  n, n);
	}
	web_addr(c->web, false, a, sizeof(a));
	tbgen_text_printf(t, "%s. 3600 IN A %s\n", n, a);
	if (c->web6) {
		web_addr(c->web, true, a, sizeof(a));
		tbgen_text_printf(t, "%s. 3600 IN AAAA %s\n", n, a);
	}
	if (c->www_cname) {
		tbgen_text_printf(t, "www.%s. 3600 IN CNAME %s.\n", n, n);
	} else {
		web_addr(c->web, false, a, sizeof(a));
		tbgen_text_printf(t, "www.%s. 3600 IN A %s\n", n, a);
	}
	if (c->mx) {
		web_addr((uint16_t)(c->web + 256u), false, a, sizeof(a));
		tbgen_text_printf(t, "%s. 3600 IN MX 10 mail.%s.\n", n, n);
		tbgen_text_printf(t, "mail.%s. 3600 IN A %s\n", n, a);
	}
	if (c->spf) {
		if (c->spf_kind == 0)
			tbgen_text_printf(
			    t, "%s. 3600 IN TXT \"v=spf1 mx -all\"\n", n);
		else if (c->spf_kind == 1)
			tbgen_text_printf(
			    t,
			    "%s. 3600 IN TXT \"v=spf1 include:_spf.%s ~all\"\n",
			    n, op != NULL && op->home[0] ? op->home : n);
		else
			tbgen_text_printf(
			    t, "%s. 3600 IN TXT \"v=spf1 -all\"\n", n);
	}
	if (c->dmarc)
		tbgen_text_printf(t,
		                  "_dmarc.%s. 3600 IN TXT \"v=DMARC1; p=%s; "
		                  "rua=mailto:dmarc@%s\"\n",
		                  n, dmarc_policies[c->dmarc_policy % 3], n);
	if (c->caa)
		tbgen_text_printf(t, "%s. 3600 IN CAA 0 issue \"%s\"\n", n,
		                  caa_issuers[c->caa_ca % 3]);
	if (d->profile == TBGEN_P_HOSTILE_STRINGS)
		for (size_t i = 0;
		     i < sizeof(hostile_txt) / sizeof(hostile_txt[0]); i++)
			tbgen_text_printf(t, "%s. 3600 IN TXT %s\n", n,
			                  hostile_txt[i]);
}

/* The zone of an operator living under net.: its hosts' addresses. */
static void
op_text(struct zctx *z, const struct tbgen_op *o)
{
	const struct tbgen_plan *p = z->p;
	const struct tbgen_op *nsop = &p->ops[o->home_ns_op];
	struct tbgen_text *t = &z->t;

	tbgen_text_printf(t,
	                  "%s. 3600 IN SOA %s. hostmaster.%s. 2024010101 "
	                  "14400 3600 1209600 3600\n",
	                  o->home, p->hosts[nsop->host0].name, o->home);
	for (uint32_t h = 0; h < nsop->nhosts; h++)
		tbgen_text_printf(t, "%s. 3600 IN NS %s.\n", o->home,
		                  p->hosts[nsop->host0 + h].name);
	for (uint32_t h = 0; h < o->nhosts; h++)
		text_addrs(t, p->hosts[o->host0 + h].name,
		           &p->hosts[o->host0 + h], 3600);
	if (o->alias)
		tbgen_text_printf(t, "dns.%s. 3600 IN CNAME ns2.%s.\n", o->home,
		                  o->home);
}

static uint32_t
tld_serial(const struct tbgen_plan *p)
{
	time_t now = (time_t)p->opts.now;
	struct tm tm;

	gmtime_r(&now, &tm);
	return (uint32_t)(tm.tm_year + 1900) * 1000000u +
	       (uint32_t)(tm.tm_mon + 1) * 10000u + (uint32_t)tm.tm_mday * 100u;
}

/* Append the DS records of a zone for its parent. */
static int
text_ds(struct zctx *z, const char *owner, const struct tbgen_sec *sec)
{
	int rc =
	    tbgen_dnssec_ds_text(z->ks, owner, sec, 3600, z->ds, sizeof(z->ds));

	if (rc == 0)
		tbgen_text_printf(&z->t, "%s", z->ds);
	return rc;
}

static void
text_tld_ns(struct zctx *z, const char *zone, unsigned first, unsigned count,
            bool glue)
{
	const struct tbgen_plan *p = z->p;
	const struct tbgen_op *tld = &p->ops[1];

	for (unsigned i = 0; i < count; i++)
		tbgen_text_printf(&z->t, "%s. 172800 IN NS %s.\n", zone,
		                  p->hosts[tld->host0 + first + i].name);
	for (unsigned i = 0; glue && i < count; i++) {
		const struct tbgen_host *h = &p->hosts[tld->host0 + first + i];

		text_addrs(&z->t, h->name, h, 172800);
	}
}

static int
root_text(struct zctx *z)
{
	const struct tbgen_plan *p = z->p;
	const struct tbgen_op *root = &p->ops[0];
	int rc;

	tbgen_text_printf(&z->t,
	                  ". 86400 IN SOA a.root-servers.net. "
	                  "hostmaster.root-servers.net. %u 1800 900 604800 "
	                  "86400\n",
	                  tld_serial(p));
	for (uint32_t h = 0; h < root->nhosts; h++)
		tbgen_text_printf(&z->t, ". 518400 IN NS %s.\n",
		                  p->hosts[root->host0 + h].name);
	for (uint32_t h = 0; h < root->nhosts; h++)
		text_addrs(&z->t, p->hosts[root->host0 + h].name,
		           &p->hosts[root->host0 + h], 518400);
	text_tld_ns(z, "se", TLD_SE_FIRST, TLD_SE_COUNT, true);
	if ((rc = text_ds(z, "se.", &sec_se)) != 0)
		return rc;
	text_tld_ns(z, "net", TLD_NET_FIRST, TLD_NET_COUNT, true);
	return text_ds(z, "net.", &sec_net);
}

static int
se_text(struct zctx *z)
{
	const struct tbgen_plan *p = z->p;
	char ns[TBGEN_NAME_MAX], owner[TBGEN_NAME_MAX + 1];
	int rc;

	tbgen_text_printf(&z->t,
	                  "se. 86400 IN SOA a.ns.se. hostmaster.nic.se. %u "
	                  "1800 900 864000 3600\n",
	                  tld_serial(p));
	text_tld_ns(z, "se", TLD_SE_FIRST, 2, true);
	text_tld_ns(z, "se", TLD_SE_FIRST + 2, TLD_SE_COUNT - 2, false);
	for (uint32_t i = 0; i < p->ndom; i++) {
		const struct tbgen_domain *d = &p->dom[i];

		for (unsigned k = 0; k < d->nns; k++) {
			if (!d->ns[k].parent)
				continue;
			tbgen_plan_ns_name(p, d, &d->ns[k], ns);
			tbgen_text_printf(&z->t, "%s. 86400 IN NS %s.\n",
			                  d->name, ns);
		}
		/* Glue: the parent's addresses for in-bailiwick names. */
		for (unsigned k = 0; k < d->nns; k++) {
			if (!d->ns[k].parent ||
			    d->ns[k].kind == TBGEN_NS_NXNAME)
				continue;
			tbgen_plan_ns_name(p, d, &d->ns[k], ns);
			if (name_below(ns, d->name))
				text_addrs(&z->t, ns, &p->hosts[d->ns[k].host],
				           86400);
		}
		if (d->sec.ds) {
			snprintf(owner, sizeof(owner), "%s.", d->name);
			if ((rc = text_ds(z, owner, &d->sec)) != 0)
				return rc;
		}
	}
	return 0;
}

static void
net_text(struct zctx *z)
{
	const struct tbgen_plan *p = z->p;
	const struct tbgen_op *tld = &p->ops[1], *root = &p->ops[0];

	tbgen_text_printf(&z->t,
	                  "net. 86400 IN SOA a.gtld-servers.net. "
	                  "hostmaster.tldnic.net. %u 1800 900 604800 3600\n",
	                  tld_serial(p));
	text_tld_ns(z, "net", TLD_NET_FIRST, TLD_NET_COUNT, false);
	/* root-servers.net, gtld-servers.net and tldnic.net are not
	 * delegated: their hosts are data of net. itself. */
	for (uint32_t h = 0; h < tld->nhosts; h++)
		if (name_below(p->hosts[tld->host0 + h].name, "net"))
			text_addrs(&z->t, p->hosts[tld->host0 + h].name,
			           &p->hosts[tld->host0 + h], 172800);
	for (uint32_t h = 0; h < root->nhosts; h++)
		text_addrs(&z->t, p->hosts[root->host0 + h].name,
		           &p->hosts[root->host0 + h], 172800);
	for (uint32_t i = 2; i < p->nops; i++) {
		const struct tbgen_op *o = &p->ops[i];
		const struct tbgen_op *nsop = &p->ops[o->home_ns_op];

		if (o->tld != TBGEN_TLD_NET)
			continue;
		for (uint32_t h = 0; h < nsop->nhosts; h++)
			tbgen_text_printf(&z->t, "%s. 86400 IN NS %s.\n",
			                  o->home,
			                  p->hosts[nsop->host0 + h].name);
		if (o->home_ns_op != i)
			continue;
		for (uint32_t h = 0; h < o->nhosts; h++)
			text_addrs(&z->t, p->hosts[o->host0 + h].name,
			           &p->hosts[o->host0 + h], 86400);
	}
}

/* Write the text in z->t to path, signed with sec when given. */
static int
write_zone(struct zctx *z, const char *path, const char *origin,
           const struct tbgen_sec *sec, const struct tbgen_sigtimes *times)
{
	FILE *fp;
	int rc;

	if ((rc = tbgen_text_status(&z->t)) != 0) {
		th_log_error("%s: zone text: %s", origin, th_strerror(rc));
		return rc;
	}
	if (sec == NULL || sec->denial == TBGEN_DENIAL_NONE)
		return tbgen_out_write(path, tbgen_text_str(&z->t),
		                       tbgen_text_len(&z->t));
	if ((rc = tbgen_out_open(path, &fp)) != 0)
		return rc;
	rc = tbgen_dnssec_sign_zone(z->ks, origin, tbgen_text_str(&z->t),
	                            tbgen_text_len(&z->t), sec, times, fp);
	if (rc != 0) {
		(void)fclose(fp);
		return rc;
	}
	return tbgen_out_close(fp, path);
}

static int
write_child(struct zctx *z, const struct tbgen_domain *d)
{
	char path[TBGEN_PATH_MAX], origin[TBGEN_NAME_MAX + 1];
	int rc;

	if (!tbgen_plan_zone_served(d))
		return 0;
	snprintf(origin, sizeof(origin), "%s.", d->name);
	for (unsigned v = 1; v <= (d->drift ? 2u : 1u); v++) {
		tbgen_text_reset(&z->t);
		child_text(z, d, v);
		if ((rc = tbgen_zone_path(z->p, TBGEN_ZONE_CHILD, d->name, v,
		                          path, sizeof(path))) != 0)
			return rc;
		rc = write_zone(z, path, origin, &d->sec,
		                d->sec.expired ? &z->expired : &z->valid);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
write_children_part(struct zctx *z, uint32_t part, uint32_t parts)
{
	int rc;

	for (uint32_t i = part; i < z->p->ndom; i += parts)
		if ((rc = write_child(z, &z->p->dom[i])) != 0)
			return rc;
	return 0;
}

/*
 * Child zones are independent: with jobs > 1 each worker process writes
 * every jobs-th zone. The keys exist before the fork, so every process
 * signs with the same ones.
 */
static int
write_children(struct zctx *z)
{
	uint32_t jobs = z->p->opts.jobs;
	pid_t pids[MAX_JOBS];
	int rc = 0;

	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if (jobs <= 1 || z->p->ndom < 2 * jobs)
		return write_children_part(z, 0, 1);
	fflush(NULL);
	for (uint32_t w = 0; w < jobs; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			th_log_error("fork: %s", strerror(errno));
			rc = th_from_errno(errno);
			jobs = w;
			break;
		}
		if (pids[w] == 0)
			_exit(write_children_part(z, w, jobs) == 0 ? 0 : 1);
	}
	for (uint32_t w = 0; w < jobs; w++) {
		int st;

		while (waitpid(pids[w], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			rc = rc != 0 ? rc : TH_EINTERNAL;
	}
	return rc;
}

/* Every key the plan signs with, made before any zone is written. */
static int
prepare_keys(struct zctx *z)
{
	const struct tbgen_sec *infra[] = {&sec_root, &sec_se, &sec_net};
	int rc = 0;

	for (size_t i = 0; i < 3 && rc == 0; i++) {
		rc = tbgen_dnssec_prepare(z->ks, infra[i]->alg, true,
		                          infra[i]->ksk);
		if (rc == 0)
			rc = tbgen_dnssec_prepare(z->ks, infra[i]->alg, false,
			                          infra[i]->zsk);
	}
	for (uint32_t i = 0; i < z->p->ndom && rc == 0; i++) {
		const struct tbgen_sec *s = &z->p->dom[i].sec;

		if (s->denial != TBGEN_DENIAL_NONE) {
			rc = tbgen_dnssec_prepare(z->ks, s->alg, true, s->ksk);
			if (rc == 0 && !s->csk)
				rc = tbgen_dnssec_prepare(z->ks, s->alg, false,
				                          s->zsk);
		}
		if (rc == 0 && s->ds)
			rc = tbgen_dnssec_prepare(z->ks, s->ds_alg, true,
			                          s->ds_key);
	}
	return rc;
}

static int
write_hints_and_anchor(struct zctx *z)
{
	const struct tbgen_plan *p = z->p;
	const struct tbgen_op *root = &p->ops[0];
	char path[TBGEN_PATH_MAX], a[TBGEN_ADDR_MAX];
	int rc;

	tbgen_text_reset(&z->t);
	tbgen_text_printf(&z->t, "; root hints of the tldhealth testbed\n");
	for (uint32_t h = 0; h < root->nhosts; h++)
		tbgen_text_printf(&z->t, ". 3600000 NS %s.\n",
		                  p->hosts[root->host0 + h].name);
	for (uint32_t h = 0; h < root->nhosts; h++) {
		const struct tbgen_host *host = &p->hosts[root->host0 + h];

		tbgen_plan_addr(host->slot, false, false, a);
		tbgen_text_printf(&z->t, "%s. 3600000 A %s\n", host->name, a);
		if (host->v6) {
			tbgen_plan_addr(host->slot, true, false, a);
			tbgen_text_printf(&z->t, "%s. 3600000 AAAA %s\n",
			                  host->name, a);
		}
	}
	if ((rc = tbgen_text_status(&z->t)) != 0 ||
	    (rc = tbgen_out_path(path, sizeof(path), "%s/root.hints",
	                         p->opts.dir)) != 0 ||
	    (rc = tbgen_out_write(path, tbgen_text_str(&z->t),
	                          tbgen_text_len(&z->t))) != 0)
		return rc;
	if ((rc = tbgen_dnssec_ds_text(z->ks, ".", &sec_root, 3600, z->ds,
	                               sizeof(z->ds))) != 0 ||
	    (rc = tbgen_out_path(path, sizeof(path), "%s/root-anchor.ds",
	                         p->opts.dir)) != 0 ||
	    (rc = tbgen_out_write(path, z->ds, strlen(z->ds))) != 0)
		return rc;
	if ((rc = tbgen_dnssec_dnskey_text(z->ks, ".", sec_root.alg,
	                                   sec_root.ksk, 3600, z->ds,
	                                   sizeof(z->ds))) != 0 ||
	    (rc = tbgen_out_path(path, sizeof(path), "%s/root-anchor.dnskey",
	                         p->opts.dir)) != 0)
		return rc;
	return tbgen_out_write(path, z->ds, strlen(z->ds));
}

static int
make_dirs(const struct tbgen_plan *p)
{
	char path[TBGEN_PATH_MAX];
	bool made[256] = {false};
	int rc;

	if ((rc = tbgen_out_path(path, sizeof(path), "%s/zones/tld",
	                         p->opts.dir)) != 0 ||
	    (rc = tbgen_out_mkdirs(path)) != 0)
		return rc;
	if ((rc = tbgen_out_path(path, sizeof(path), "%s/zones/op",
	                         p->opts.dir)) != 0 ||
	    (rc = tbgen_out_mkdirs(path)) != 0)
		return rc;
	for (uint32_t i = 0; i < p->ndom; i++) {
		unsigned char c = (unsigned char)p->dom[i].name[0];

		if (made[c])
			continue;
		made[c] = true;
		if ((rc = tbgen_out_path(path, sizeof(path), "%s/zones/se/%c",
		                         p->opts.dir, c)) != 0 ||
		    (rc = tbgen_out_mkdirs(path)) != 0)
			return rc;
	}
	return 0;
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int
tbgen_zone_write_all(const struct tbgen_plan *p, struct tbgen_dnssec *ks)
{
	struct zctx z;
	char path[TBGEN_PATH_MAX];
	uint32_t now = (uint32_t)p->opts.now;
	struct timespec t0;
	int rc;

	memset(&z, 0, sizeof(z));
	z.p = p;
	z.ks = ks;
	tbgen_text_init(&z.t, ZONE_TEXT_LIMIT);
	z.valid.inception = now - 3600;
	z.valid.expiration = now + 30 * DAY;
	z.expired.inception = now - 30 * DAY;
	z.expired.expiration = now - DAY;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = make_dirs(p)) != 0 || (rc = prepare_keys(&z)) != 0)
		goto out;
	th_log_debug("keys ready after %.2f s", elapsed(&t0));
	if ((rc = write_hints_and_anchor(&z)) != 0)
		goto out;

	tbgen_text_reset(&z.t);
	if ((rc = root_text(&z)) != 0 ||
	    (rc = tbgen_zone_path(p, TBGEN_ZONE_ROOT, "", 1, path,
	                          sizeof(path))) != 0 ||
	    (rc = write_zone(&z, path, ".", &sec_root, &z.valid)) != 0)
		goto out;
	tbgen_text_reset(&z.t);
	if ((rc = se_text(&z)) != 0 ||
	    (rc = tbgen_zone_path(p, TBGEN_ZONE_TLD, "se", 1, path,
	                          sizeof(path))) != 0 ||
	    (rc = write_zone(&z, path, "se.", &sec_se, &z.valid)) != 0)
		goto out;
	tbgen_text_reset(&z.t);
	net_text(&z);
	if ((rc = tbgen_zone_path(p, TBGEN_ZONE_TLD, "net", 1, path,
	                          sizeof(path))) != 0 ||
	    (rc = write_zone(&z, path, "net.", &sec_net, &z.valid)) != 0)
		goto out;
	for (uint32_t i = 2; i < p->nops; i++) {
		const struct tbgen_op *o = &p->ops[i];

		if (o->tld != TBGEN_TLD_NET)
			continue;
		tbgen_text_reset(&z.t);
		op_text(&z, o);
		if ((rc = tbgen_zone_path(p, TBGEN_ZONE_OP, o->home, 1, path,
		                          sizeof(path))) != 0 ||
		    (rc = write_zone(&z, path, o->home, NULL, NULL)) != 0)
			goto out;
	}
	th_log_debug("root, TLD and operator zones after %.2f s", elapsed(&t0));
	rc = write_children(&z);
	th_log_debug("child zones after %.2f s", elapsed(&t0));
out:
	tbgen_text_free(&z.t);
	return rc;
}
