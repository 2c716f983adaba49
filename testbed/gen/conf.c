/* SPDX-License-Identifier: BSD-3-Clause */
/* conf.c -- NSD, unbound and relay configurations, manifest (see conf.h). */
#include "testbed/gen/conf.h"

#include "common/err.h"
#include "common/log.h"
#include "testbed/gen/out.h"
#include "testbed/gen/text.h"
#include "testbed/gen/zone.h"

#include <string.h>

#define CONF_TEXT_LIMIT (256u * 1024 * 1024)

/* Response rate limiting of the "rrl" instance: low enough that a
 * survey's burst of queries to one server trips it. */
#define RRL_QPS 10
#define RRL_SLIP 2

struct cctx {
	const struct tbgen_plan *p;
	struct tbgen_text t;
	char path[TBGEN_PATH_MAX];
};

static const char *
host_role(const struct tbgen_plan *p, const struct tbgen_host *h)
{
	switch (p->ops[h->op].kind) {
	case TBGEN_OP_ROOT:
		return "root";
	case TBGEN_OP_TLD:
		return "tld";
	default:
		return "ns";
	}
}

/* Where the real server of a host listens: the public address, or the
 * backend twin when the relay takes the public one. */
static void
listen_addr(const struct tbgen_host *h, bool v6, char *buf)
{
	tbgen_plan_addr(h->slot, v6, tbgen_plan_host_relayed(h), buf);
}

static int
flush_to(struct cctx *c, const char *fmt, const char *a, const char *b)
{
	int rc;

	if ((rc = tbgen_text_status(&c->t)) != 0) {
		th_log_error("configuration text: %s", th_strerror(rc));
		return rc;
	}
	if ((rc = tbgen_out_path(c->path, sizeof(c->path), fmt, a, b)) != 0)
		return rc;
	return tbgen_out_write(c->path, tbgen_text_str(&c->t),
	                       tbgen_text_len(&c->t));
}

static void
nsd_zone(struct cctx *c, const char *name, const char *file, bool xfr_local,
         bool xfr_any)
{
	tbgen_text_printf(&c->t, "zone:\n\tname: \"%s\"\n\tzonefile: \"%s\"\n",
	                  name, file);
	if (xfr_local)
		tbgen_text_printf(&c->t, "\tprovide-xfr: 127.0.0.0/8 NOKEY\n"
		                         "\tprovide-xfr: ::1 NOKEY\n"
		                         "\tprovide-xfr: fd00:5e::/32 NOKEY\n");
	if (xfr_any)
		tbgen_text_printf(&c->t, "\tprovide-xfr: 0.0.0.0/0 NOKEY\n"
		                         "\tprovide-xfr: ::0/0 NOKEY\n");
}

/* Does instance i listen anywhere? */
static bool
inst_has_hosts(const struct tbgen_plan *p, uint32_t i)
{
	for (uint32_t h = 0; h < p->nhosts; h++)
		if (p->hosts[h].server == TBGEN_SERVER_NSD &&
		    p->hosts[h].instance == i)
			return true;
	return false;
}

static int
write_nsd(struct cctx *c, uint32_t i)
{
	const struct tbgen_plan *p = c->p;
	const struct tbgen_instance *in = &p->inst[i];
	const char *dir = p->opts.dir;
	char a[TBGEN_ADDR_MAX], file[TBGEN_PATH_MAX], name[TBGEN_NAME_MAX + 1];
	bool v6 = false;
	int rc;

	if ((rc = tbgen_out_path(c->path, sizeof(c->path), "%s/nsd/%s", dir,
	                         in->name)) != 0 ||
	    (rc = tbgen_out_mkdirs(c->path)) != 0)
		return rc;
	tbgen_text_reset(&c->t);
	tbgen_text_printf(&c->t,
	                  "# nsd.conf of testbed instance %s, written by "
	                  "tbgen: do not edit.\nserver:\n",
	                  in->name);
	for (uint32_t h = 0; h < p->nhosts; h++) {
		const struct tbgen_host *host = &p->hosts[h];

		if (host->server != TBGEN_SERVER_NSD || host->instance != i)
			continue;
		listen_addr(host, false, a);
		tbgen_text_printf(&c->t, "\tip-address: %s\n", a);
		if (host->v6) {
			listen_addr(host, true, a);
			tbgen_text_printf(&c->t, "\tip-address: %s\n", a);
			v6 = true;
		}
	}
	tbgen_text_printf(&c->t,
	                  "\tport: 53\n"
	                  "\tdo-ip4: yes\n"
	                  "\tdo-ip6: %s\n"
	                  "\tserver-count: 1\n"
	                  "\tusername: \"\"\n"
	                  "\tchroot: \"\"\n"
	                  "\tdatabase: \"\"\n"
	                  "\tzonelistfile: \"%s/nsd/%s/zone.list\"\n"
	                  "\txfrdfile: \"%s/nsd/%s/xfrd.state\"\n"
	                  "\txfrdir: \"%s/nsd/%s\"\n"
	                  "\tpidfile: \"%s/run/nsd-%s.pid\"\n"
	                  "\tlogfile: \"%s/nsd/%s/nsd.log\"\n"
	                  "\tverbosity: 1\n"
	                  "\thide-version: no\n"
	                  "\tidentity: \"tbgen-%s\"\n"
	                  "\tzonefiles-write: 0\n"
	                  "\ttcp-count: 200\n",
	                  v6 ? "yes" : "no", dir, in->name, dir, in->name, dir,
	                  in->name, dir, in->name, dir, in->name, in->name);
	/* One instance answers version.bind with markup, so a hostile
	 * version string reaches the report from every testbed; a config
	 * line only, so no domain's random draws change. */
	if (strcmp(in->name, TBGEN_HOSTILE_VERSION_INSTANCE) == 0)
		tbgen_text_printf(&c->t, "\tversion: \"%s\"\n",
		                  TBGEN_HOSTILE_VERSION);
	if (in->kind == TBGEN_INST_RRL)
		tbgen_text_printf(&c->t,
		                  "\trrl-ratelimit: %d\n\trrl-slip: %d\n"
		                  "\trrl-whitelist-ratelimit: %d\n"
		                  "\trrl-size: 100000\n",
		                  RRL_QPS, RRL_SLIP, 10 * RRL_QPS);
	else
		/* Debian's NSD limits by default; the testbed must not. The
		 * table is allocated even when off: keep it small (the
		 * default, a million buckets, costs 32 MB per instance). */
		tbgen_text_printf(&c->t, "\trrl-ratelimit: 0\n"
		                         "\trrl-whitelist-ratelimit: 0\n"
		                         "\trrl-size: 1000\n");
	tbgen_text_printf(&c->t, "remote-control:\n\tcontrol-enable: no\n");

	switch (in->kind) {
	case TBGEN_INST_ROOT:
		if ((rc = tbgen_zone_path(p, TBGEN_ZONE_ROOT, "", 1, file,
		                          sizeof(file))) != 0)
			return rc;
		nsd_zone(c, ".", file, false, false);
		break;
	case TBGEN_INST_TLD:
		if ((rc = tbgen_zone_path(p, TBGEN_ZONE_TLD, "se", 1, file,
		                          sizeof(file))) != 0)
			return rc;
		nsd_zone(c, "se.", file, true, false);
		if ((rc = tbgen_zone_path(p, TBGEN_ZONE_TLD, "net", 1, file,
		                          sizeof(file))) != 0)
			return rc;
		nsd_zone(c, "net.", file, true, false);
		break;
	default:
		break;
	}
	/* Operator zones under net. live where their name servers are. */
	for (uint32_t o = 2; o < p->nops; o++) {
		const struct tbgen_op *op = &p->ops[o];

		if (op->tld != TBGEN_TLD_NET ||
		    p->ops[op->home_ns_op].instance != i)
			continue;
		if ((rc = tbgen_zone_path(p, TBGEN_ZONE_OP, op->home, 1, file,
		                          sizeof(file))) != 0)
			return rc;
		snprintf(name, sizeof(name), "%s.", op->home);
		nsd_zone(c, name, file, false, false);
	}
	for (uint32_t k = 0; k < p->ndom; k++) {
		const struct tbgen_domain *d = &p->dom[k];
		unsigned version;

		if (!tbgen_plan_serves(d, i, &version))
			continue;
		if ((rc = tbgen_zone_path(p, TBGEN_ZONE_CHILD, d->name, version,
		                          file, sizeof(file))) != 0)
			return rc;
		snprintf(name, sizeof(name), "%s.", d->name);
		nsd_zone(c, name, file, false, d->axfr);
	}
	return flush_to(c, "%s/nsd/%s/nsd.conf", dir, in->name);
}

/* Settings every unbound of the testbed shares. */
static void
unbound_common(struct cctx *c, const char *name)
{
	const char *dir = c->p->opts.dir;

	tbgen_text_printf(&c->t,
	                  "\tport: 53\n"
	                  "\tdo-ip6: %s\n"
	                  "\tdo-not-query-localhost: no\n"
	                  "\troot-hints: \"%s/root.hints\"\n"
	                  "\tdirectory: \"%s\"\n"
	                  "\tusername: \"\"\n"
	                  "\tchroot: \"\"\n"
	                  "\tpidfile: \"%s/run/unbound-%s.pid\"\n"
	                  "\tuse-syslog: no\n"
	                  "\tlogfile: \"%s/unbound/%s.log\"\n"
	                  "\tverbosity: 1\n"
	                  "\tso-reuseport: no\n"
	                  "\tnum-threads: 1\n"
	                  "\tqname-minimisation: no\n"
	                  "\tharden-referral-path: no\n"
	                  "\taggressive-nsec: no\n"
	                  "\tdiscard-timeout: 0\n"
	                  "\twait-limit: 0\n"
	                  "\tedns-buffer-size: 1232\n"
	                  "\tmsg-cache-size: 4m\n"
	                  "\trrset-cache-size: 8m\n"
	                  "\tkey-cache-size: 4m\n"
	                  "\tneg-cache-size: 1m\n"
	                  "\tinfra-cache-numhosts: 100000\n"
	                  "\tunwanted-reply-threshold: 0\n",
	                  c->p->opts.ipv6 ? "yes" : "no", dir, dir, dir, name,
	                  dir, name);
}

static int
write_validator(struct cctx *c)
{
	tbgen_text_reset(&c->t);
	tbgen_text_printf(&c->t,
	                  "# The testbed's independent DNSSEC validator, "
	                  "written by tbgen: do not edit.\n"
	                  "server:\n"
	                  "\tinterface: %s\n"
	                  "\taccess-control: 127.0.0.0/8 allow\n"
	                  "\taccess-control: ::1 allow\n"
	                  "\taccess-control: fd00:5e::/32 allow\n"
	                  "\tmodule-config: \"validator iterator\"\n"
	                  "\ttrust-anchor-file: \"%s/root-anchor.ds\"\n"
	                  "\tval-log-level: 2\n",
	                  TBGEN_VALIDATOR_ADDR, c->p->opts.dir);
	unbound_common(c, "validator");
	tbgen_text_printf(&c->t, "remote-control:\n\tcontrol-enable: no\n");
	return flush_to(c, "%s/unbound/%s.conf", c->p->opts.dir, "validator");
}

static int
write_openres(struct cctx *c, uint32_t hidx)
{
	const struct tbgen_plan *p = c->p;
	const struct tbgen_host *h = &p->hosts[hidx];
	char a[TBGEN_ADDR_MAX], name[32], file[TBGEN_PATH_MAX];
	int rc;

	snprintf(name, sizeof(name), "openres%u", h->unbound + 1);
	tbgen_text_reset(&c->t);
	tbgen_text_printf(&c->t,
	                  "# %s: an open resolver that also serves zones, "
	                  "written by tbgen: do not edit.\nserver:\n",
	                  h->name);
	listen_addr(h, false, a);
	tbgen_text_printf(&c->t, "\tinterface: %s\n", a);
	if (h->v6) {
		listen_addr(h, true, a);
		tbgen_text_printf(&c->t, "\tinterface: %s\n", a);
	}
	tbgen_text_printf(&c->t, "\taccess-control: 0.0.0.0/0 allow\n"
	                         "\taccess-control: ::/0 allow\n"
	                         "\tmodule-config: \"iterator\"\n");
	unbound_common(c, name);
	tbgen_text_printf(&c->t, "remote-control:\n\tcontrol-enable: no\n");
	for (uint32_t k = 0; k < p->ndom; k++) {
		const struct tbgen_domain *d = &p->dom[k];

		if (d->unbound_host != hidx)
			continue;
		if ((rc = tbgen_zone_path(p, TBGEN_ZONE_CHILD, d->name, 1, file,
		                          sizeof(file))) != 0)
			return rc;
		tbgen_text_printf(&c->t,
		                  "auth-zone:\n\tname: \"%s.\"\n"
		                  "\tzonefile: \"%s\"\n"
		                  "\tfor-downstream: yes\n"
		                  "\tfor-upstream: no\n"
		                  "\tfallback-enabled: no\n",
		                  d->name, file);
	}
	return flush_to(c, "%s/unbound/%s.conf", p->opts.dir, name);
}

static void
relay_line(struct cctx *c, const struct tbgen_host *h, bool v6)
{
	const struct tbgen_opts *o = &c->p->opts;
	char pub[TBGEN_ADDR_MAX], back[TBGEN_ADDR_MAX];

	tbgen_plan_addr(h->slot, v6, false, pub);
	if (h->mode == TBGEN_MODE_BLACKHOLE)
		snprintf(back, sizeof(back), "-");
	else
		tbgen_plan_addr(h->slot, v6, true, back);
	tbgen_text_printf(&c->t, "%s\t%s\t%s\t%u\t%u\t%g\n", pub, back,
	                  tbgen_plan_mode_name(h->mode),
	                  h->delay_ms + o->latency_ms, o->jitter_ms,
	                  o->loss_pct);
}

/* relay.conf; *any tells whether a relay is needed at all. */
static int
write_relay(struct cctx *c, bool *any)
{
	const struct tbgen_plan *p = c->p;

	*any = false;
	tbgen_text_reset(&c->t);
	tbgen_text_printf(&c->t,
	                  "# tbrelay listeners, written by tbgen: do not "
	                  "edit.\n# LISTEN BACKEND MODE DELAY_MS "
	                  "JITTER_MS LOSS_PCT\n");
	for (uint32_t h = 0; h < p->nhosts; h++) {
		const struct tbgen_host *host = &p->hosts[h];

		if (!tbgen_plan_host_relayed(host))
			continue;
		*any = true;
		relay_line(c, host, false);
		if (host->v6)
			relay_line(c, host, true);
	}
	return flush_to(c, "%s/%s", p->opts.dir, "relay.conf");
}

static int
write_addresses(struct cctx *c)
{
	const struct tbgen_plan *p = c->p;
	char a[TBGEN_ADDR_MAX];

	tbgen_text_reset(&c->t);
	for (uint32_t h = 0; h < p->nhosts; h++) {
		const struct tbgen_host *host = &p->hosts[h];

		for (int v6 = 0; v6 <= (host->v6 ? 1 : 0); v6++) {
			tbgen_plan_addr(host->slot, v6, false, a);
			tbgen_text_printf(&c->t, "%s\t%s\n", a,
			                  host_role(p, host));
			if (tbgen_plan_host_relayed(host) &&
			    host->mode != TBGEN_MODE_BLACKHOLE) {
				tbgen_plan_addr(host->slot, v6, true, a);
				tbgen_text_printf(&c->t, "%s\tbackend\n", a);
			}
		}
	}
	tbgen_text_printf(&c->t, "%s\tvalidator\n", TBGEN_VALIDATOR_ADDR);
	return flush_to(c, "%s/%s", p->opts.dir, "addresses.txt");
}

int
tbgen_conf_write_all(const struct tbgen_plan *p)
{
	struct cctx c;
	const char *dir = p->opts.dir;
	struct tbgen_text m; /* the manifest, servers.tsv */
	bool relay = false;
	int rc;

	memset(&c, 0, sizeof(c));
	c.p = p;
	tbgen_text_init(&c.t, CONF_TEXT_LIMIT);
	tbgen_text_init(&m, CONF_TEXT_LIMIT);
	if ((rc = tbgen_out_path(c.path, sizeof(c.path), "%s/run", dir)) != 0 ||
	    (rc = tbgen_out_mkdirs(c.path)) != 0 ||
	    (rc = tbgen_out_path(c.path, sizeof(c.path), "%s/unbound", dir)) !=
	        0 ||
	    (rc = tbgen_out_mkdirs(c.path)) != 0)
		goto out;
	tbgen_text_printf(&m,
	                  "# NAME\tKIND\tCONFIG\tPIDFILE, written by tbgen\n");
	for (uint32_t i = 0; i < p->ninst; i++) {
		if (!inst_has_hosts(p, i))
			continue;
		if ((rc = write_nsd(&c, i)) != 0)
			goto out;
		tbgen_text_printf(&m, "nsd-%s\tnsd\t%s\t%s/run/nsd-%s.pid\n",
		                  p->inst[i].name, c.path, dir,
		                  p->inst[i].name);
	}
	if ((rc = write_relay(&c, &relay)) != 0)
		goto out;
	if (relay)
		tbgen_text_printf(&m, "relay\trelay\t%s\t%s/run/relay.pid\n",
		                  c.path, dir);
	for (uint32_t h = 0; h < p->nhosts; h++) {
		if (p->hosts[h].server != TBGEN_SERVER_UNBOUND)
			continue;
		if ((rc = write_openres(&c, h)) != 0)
			goto out;
		tbgen_text_printf(&m,
		                  "unbound-openres%u\tunbound\t%s\t%s/run/"
		                  "unbound-openres%u.pid\n",
		                  p->hosts[h].unbound + 1, c.path, dir,
		                  p->hosts[h].unbound + 1);
	}
	if ((rc = write_validator(&c)) != 0)
		goto out;
	tbgen_text_printf(
	    &m, "validator\tunbound\t%s\t%s/run/unbound-validator.pid\n",
	    c.path, dir);
	if ((rc = write_addresses(&c)) != 0)
		goto out;
	if ((rc = tbgen_text_status(&m)) != 0 ||
	    (rc = tbgen_out_path(c.path, sizeof(c.path), "%s/servers.tsv",
	                         dir)) != 0)
		goto out;
	rc = tbgen_out_write(c.path, tbgen_text_str(&m), tbgen_text_len(&m));
out:
	tbgen_text_free(&c.t);
	tbgen_text_free(&m);
	return rc;
}
