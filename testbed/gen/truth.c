/* SPDX-License-Identifier: BSD-3-Clause */
/* truth.c -- expected facts per domain, domain and name-server lists (see
 * truth.h). */
#include "testbed/gen/truth.h"

#include "common/err.h"
#include "common/log.h"
#include "testbed/gen/out.h"
#include "testbed/gen/text.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRUTH_TEXT_LIMIT (1024u * 1024 * 1024)
#define SRV_MAX (TBGEN_NS_MAX * 4)

/*
 * What one server address does for the domain, in the LACNIC taxonomy
 * DESIGN.md section 5 uses. AA and CNAME answer with authority (CNAME:
 * the NS name is an alias, the server behind it is fine); NOAA and
 * REFUSED answer without it (lame); TIMEOUT and UNKNOWN_HOST never give
 * an answer (unreachable).
 */
enum srv_class {
	CLASS_AA = 0,
	CLASS_CNAME,
	CLASS_NOAA,
	CLASS_REFUSED,
	CLASS_TIMEOUT,
	CLASS_UNKNOWN_HOST,
};

static const char *const class_names[] = {
    "AA", "CNAME", "NOAA", "REFUSED", "TIMEOUT", "UNKNOWN_HOST",
};

/* Behaviour of a server beside its class; names as in truth.tsv. */
enum {
	FLAG_NOTCP = 1u << 0,
	FLAG_FORMERR = 1u << 1,
	FLAG_EDNSDROP = 1u << 2,
	FLAG_EDNS1 = 1u << 3,
	FLAG_TC = 1u << 4,
	FLAG_SLOW = 1u << 5,
	FLAG_RRL = 1u << 6,
	FLAG_OPENREC = 1u << 7,
	FLAG_AXFR = 1u << 8,
};

static const char *const flag_names[] = {
    "notcp", "edns-formerr", "edns-drop", "edns1-ignore", "tc-always",
    "slow",  "rrl",          "openrec",   "axfr",
};

struct srv {
	char name[TBGEN_NAME_MAX];
	char addr[TBGEN_ADDR_MAX]; /* "-" for a name without address */
	bool v6;
	enum srv_class cls;
	unsigned flags;
	unsigned version; /* zone version it serves, when it serves */
};

struct facts {
	const struct tbgen_plan *p;
	const struct tbgen_domain *d;
	struct srv srv[SRV_MAX];
	unsigned nsrv;
	unsigned serving;   /* servers answering from the zone */
	unsigned authority; /* ... of which with authority (AA, CNAME) */
	unsigned lame, unreach;
	unsigned flags; /* union over the serving servers */
};

static bool
serves(const struct tbgen_plan *p, const struct tbgen_domain *d, uint32_t h,
       unsigned *version)
{
	const struct tbgen_host *host = &p->hosts[h];

	*version = 1;
	switch (host->server) {
	case TBGEN_SERVER_NSD:
		return tbgen_plan_serves(d, host->instance, version);
	case TBGEN_SERVER_UNBOUND:
		return d->unbound_host == h;
	case TBGEN_SERVER_NONE:
		break;
	}
	return false;
}

static void
add_srv(struct facts *f, const char *name, uint32_t h, bool alias)
{
	const struct tbgen_plan *p = f->p;
	const struct tbgen_host *host = &p->hosts[h];

	for (int v6 = 0; v6 <= (host->v6 ? 1 : 0); v6++) {
		struct srv *s;
		unsigned version;
		bool on;

		if (f->nsrv >= SRV_MAX)
			return;
		s = &f->srv[f->nsrv++];
		memset(s, 0, sizeof(*s));
		snprintf(s->name, sizeof(s->name), "%s", name);
		tbgen_plan_addr(host->slot, v6, false, s->addr);
		s->v6 = v6;
		on = serves(p, f->d, h, &version);
		if (host->mode == TBGEN_MODE_BLACKHOLE)
			s->cls = CLASS_TIMEOUT;
		else if (!on)
			s->cls = CLASS_REFUSED;
		else if (host->mode == TBGEN_MODE_NOAA)
			s->cls = CLASS_NOAA;
		else
			s->cls = alias ? CLASS_CNAME : CLASS_AA;
		s->version = on ? version : 0;
		switch (host->mode) {
		case TBGEN_MODE_NOTCP:
			s->flags |= FLAG_NOTCP;
			break;
		case TBGEN_MODE_EDNS_FORMERR:
			s->flags |= FLAG_FORMERR;
			break;
		case TBGEN_MODE_EDNS_DROP:
			s->flags |= FLAG_EDNSDROP;
			break;
		case TBGEN_MODE_EDNS1_IGNORE:
			s->flags |= FLAG_EDNS1;
			break;
		case TBGEN_MODE_TC_ALWAYS:
			s->flags |= FLAG_TC;
			break;
		default:
			break;
		}
		if (host->delay_ms > 0)
			s->flags |= FLAG_SLOW;
		if (host->server == TBGEN_SERVER_NSD &&
		    p->inst[host->instance].kind == TBGEN_INST_RRL)
			s->flags |= FLAG_RRL;
		if (host->server == TBGEN_SERVER_UNBOUND)
			s->flags |= FLAG_OPENREC;
		if (on && f->d->axfr)
			s->flags |= FLAG_AXFR;
	}
}

static void
facts_compute(struct facts *f, const struct tbgen_plan *p,
              const struct tbgen_domain *d)
{
	char name[TBGEN_NAME_MAX];

	memset(f, 0, sizeof(*f));
	f->p = p;
	f->d = d;
	for (unsigned i = 0; i < d->nns; i++) {
		const struct tbgen_ns *ns = &d->ns[i];

		tbgen_plan_ns_name(p, d, ns, name);
		switch (ns->kind) {
		case TBGEN_NS_NXNAME:
			if (f->nsrv < SRV_MAX) {
				struct srv *s = &f->srv[f->nsrv++];

				memset(s, 0, sizeof(*s));
				snprintf(s->name, sizeof(s->name), "%s", name);
				snprintf(s->addr, sizeof(s->addr), "-");
				s->cls = CLASS_UNKNOWN_HOST;
			}
			break;
		case TBGEN_NS_VANITY:
			/* Glue and the child's own record may differ; a
			 * survey sees both addresses. */
			add_srv(f, name, ns->host, false);
			if (ns->child_host != ns->host)
				add_srv(f, name, ns->child_host, false);
			break;
		case TBGEN_NS_ALIAS:
			add_srv(f, name, ns->host, true);
			break;
		case TBGEN_NS_HOST:
			add_srv(f, name, ns->host, false);
			break;
		}
	}
	for (unsigned i = 0; i < f->nsrv; i++) {
		const struct srv *s = &f->srv[i];

		switch (s->cls) {
		case CLASS_AA:
		case CLASS_CNAME:
			f->authority++;
			f->serving++;
			f->flags |= s->flags;
			break;
		case CLASS_NOAA:
			f->serving++;
			f->lame++;
			f->flags |= s->flags;
			break;
		case CLASS_REFUSED:
			f->lame++;
			break;
		case CLASS_TIMEOUT:
		case CLASS_UNKNOWN_HOST:
			f->unreach++;
			break;
		}
		/* Open recursion does not need the zone. */
		f->flags |= s->flags & FLAG_OPENREC;
	}
}

/* ---- columns -------------------------------------------------------- */

typedef void column_fn(const struct facts *f, struct tbgen_text *t);

static void
put_bool(struct tbgen_text *t, bool known, bool v)
{
	tbgen_text_printf(t, "%s", !known ? "-" : (v ? "yes" : "no"));
}

static void
col_domain(const struct facts *f, struct tbgen_text *t)
{
	tbgen_text_printf(t, "%s", f->d->name);
}

static void
col_profile(const struct facts *f, struct tbgen_text *t)
{
	tbgen_text_printf(t, "%s", tbgen_profile_name(f->d->profile));
}

static bool
is_signed(const struct facts *f)
{
	return f->d->sec.denial != TBGEN_DENIAL_NONE;
}

static void
col_dnssec_status(const struct facts *f, struct tbgen_text *t)
{
	const struct tbgen_sec *s = &f->d->sec;
	const char *v;

	if (f->authority == 0)
		v = "indeterminate";
	else if (!s->ds)
		v = is_signed(f) ? "island" : "unsigned";
	else if (!is_signed(f) || s->expired ||
	         tbgen_profile_info(f->d->profile)->ds == TBGEN_DSPOL_WRONG_KEY)
		v = "bogus";
	else
		v = "secure";
	tbgen_text_printf(t, "%s", v);
}

static void
col_bogus_reason(const struct facts *f, struct tbgen_text *t)
{
	const struct tbgen_sec *s = &f->d->sec;
	const char *v = "-";

	if (f->authority > 0 && s->ds) {
		if (!is_signed(f))
			v = "no_dnskey";
		else if (tbgen_profile_info(f->d->profile)->ds ==
		         TBGEN_DSPOL_WRONG_KEY)
			v = "ds_no_match";
		else if (s->expired)
			v = "sig_expired";
	}
	tbgen_text_printf(t, "%s", v);
}

static void
col_algorithms(const struct facts *f, struct tbgen_text *t)
{
	if (f->authority > 0 && is_signed(f))
		tbgen_text_printf(t, "%u", f->d->sec.alg);
	else
		tbgen_text_printf(t, "-");
}

static void
col_ds_digests(const struct facts *f, struct tbgen_text *t)
{
	static const struct {
		unsigned bit;
		const char *num;
	} dg[] = {{TBGEN_DIGEST_SHA1, "1"},
	          {TBGEN_DIGEST_SHA256, "2"},
	          {TBGEN_DIGEST_SHA384, "4"}};
	const char *sep = "";

	/* The DS set is the parent's: known even when the child is not. */
	if (!f->d->sec.ds) {
		tbgen_text_printf(t, "-");
		return;
	}
	for (size_t i = 0; i < sizeof(dg) / sizeof(dg[0]); i++) {
		if (f->d->sec.digests & dg[i].bit) {
			tbgen_text_printf(t, "%s%s", sep, dg[i].num);
			sep = ",";
		}
	}
}

static void
col_denial(const struct facts *f, struct tbgen_text *t)
{
	static const char *const names[] = {"none", "nsec", "nsec3"};

	if (f->authority == 0)
		tbgen_text_printf(t, "-");
	else
		tbgen_text_printf(t, "%s", names[f->d->sec.denial % 3]);
}

static bool
nsec3_known(const struct facts *f)
{
	return f->authority > 0 && f->d->sec.denial == TBGEN_DENIAL_NSEC3;
}

static void
col_iterations(const struct facts *f, struct tbgen_text *t)
{
	if (nsec3_known(f))
		tbgen_text_printf(t, "%u", f->d->sec.iterations);
	else
		tbgen_text_printf(t, "-");
}

static void
col_salt(const struct facts *f, struct tbgen_text *t)
{
	if (!nsec3_known(f)) {
		tbgen_text_printf(t, "-");
		return;
	}
	if (f->d->sec.salt_len == 0)
		tbgen_text_printf(t, "none");
	for (unsigned i = 0; i < f->d->sec.salt_len; i++)
		tbgen_text_printf(t, "%02x", f->d->sec.salt[i]);
}

static void
col_optout(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, nsec3_known(f), f->d->sec.optout);
}

static void
col_expiry(const struct facts *f, struct tbgen_text *t)
{
	int64_t now = f->p->opts.now;
	time_t when;
	struct tm tm;

	if (f->authority == 0 || !is_signed(f)) {
		tbgen_text_printf(t, "-");
		return;
	}
	/* The same validity zone.c gives the signatures. */
	when = (time_t)(f->d->sec.expired ? now - 86400 : now + 30 * 86400);
	gmtime_r(&when, &tm);
	tbgen_text_printf(t, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	                  tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *
level(unsigned n, unsigned total)
{
	return n == 0 ? "none" : (n == total ? "full" : "partial");
}

static void
col_lame(const struct facts *f, struct tbgen_text *t)
{
	tbgen_text_printf(t, "%s", level(f->lame, f->nsrv));
}

static void
col_unreachable(const struct facts *f, struct tbgen_text *t)
{
	tbgen_text_printf(t, "%s", level(f->unreach, f->nsrv));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted comma list of the NS names at the parent or at the child. */
static void
ns_list(const struct facts *f, bool parent, struct tbgen_text *t)
{
	char names[TBGEN_NS_MAX][TBGEN_NAME_MAX];
	const char *sorted[TBGEN_NS_MAX];
	unsigned n = 0;

	for (unsigned i = 0; i < f->d->nns; i++) {
		const struct tbgen_ns *ns = &f->d->ns[i];

		if (parent ? !ns->parent : !ns->child)
			continue;
		tbgen_plan_ns_name(f->p, f->d, ns, names[n]);
		sorted[n] = names[n];
		n++;
	}
	qsort(sorted, n, sizeof(sorted[0]), cmp_str);
	for (unsigned i = 0; i < n; i++)
		tbgen_text_printf(t, "%s%s", i ? "," : "", sorted[i]);
}

static bool
ns_sets_equal(const struct tbgen_domain *d)
{
	for (unsigned i = 0; i < d->nns; i++)
		if (d->ns[i].parent != d->ns[i].child)
			return false;
	return true;
}

static void
col_ns_match(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->serving > 0, ns_sets_equal(f->d));
}

static void
col_ns_parent(const struct facts *f, struct tbgen_text *t)
{
	ns_list(f, true, t);
}

static void
col_ns_child(const struct facts *f, struct tbgen_text *t)
{
	if (f->serving == 0)
		tbgen_text_printf(t, "-");
	else
		ns_list(f, false, t);
}

/* Bit set of the zone versions the answering servers hold. */
static unsigned
versions(const struct facts *f)
{
	unsigned v = 0;

	for (unsigned i = 0; i < f->nsrv; i++)
		if (f->srv[i].version != 0 && f->srv[i].cls != CLASS_REFUSED)
			v |= 1u << f->srv[i].version;
	return v;
}

static void
col_soa_consistent(const struct facts *f, struct tbgen_text *t)
{
	unsigned v = versions(f);

	put_bool(t, v != 0, v == 2u || v == 4u);
}

static void
col_soa_serials(const struct facts *f, struct tbgen_text *t)
{
	unsigned v = versions(f);

	if (v == 0)
		tbgen_text_printf(t, "-");
	if (v & 2u)
		tbgen_text_printf(t, "%u", f->d->c.serial[0]);
	if (v & 4u)
		tbgen_text_printf(t, "%s%u", (v & 2u) ? "," : "",
		                  f->d->c.serial[1]);
}

static void
col_soa_timers(const struct facts *f, struct tbgen_text *t)
{
	const struct tbgen_soa_timers *tm = tbgen_plan_timers(f->d->c.timers);

	if (f->authority == 0)
		tbgen_text_printf(t, "-");
	else
		tbgen_text_printf(t, "%u,%u,%u,%u", tm->refresh, tm->retry,
		                  tm->expire, tm->minimum);
}

static void
col_ns_count(const struct facts *f, struct tbgen_text *t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < f->d->nns; i++)
		n += f->d->ns[i].parent;
	tbgen_text_printf(t, "%u", n);
}

/* Distinct addresses of one family (v6 < 0: both), sorted, into out. */
static unsigned
addresses(const struct facts *f, int v6, const char **out)
{
	unsigned n = 0;

	for (unsigned i = 0; i < f->nsrv; i++) {
		const struct srv *s = &f->srv[i];
		bool dup = false;

		if (s->cls == CLASS_UNKNOWN_HOST || (v6 >= 0 && s->v6 != v6))
			continue;
		for (unsigned k = 0; k < n && !dup; k++)
			dup = strcmp(out[k], s->addr) == 0;
		if (!dup)
			out[n++] = s->addr;
	}
	qsort(out, n, sizeof(out[0]), cmp_str);
	return n;
}

static void
col_ipv4(const struct facts *f, struct tbgen_text *t)
{
	const char *a[SRV_MAX];

	tbgen_text_printf(t, "%u", addresses(f, 0, a));
}

static void
col_ipv6(const struct facts *f, struct tbgen_text *t)
{
	const char *a[SRV_MAX];

	tbgen_text_printf(t, "%u", addresses(f, 1, a));
}

static void
col_addresses(const struct facts *f, struct tbgen_text *t)
{
	const char *a[SRV_MAX];
	unsigned n = addresses(f, -1, a);

	if (n == 0)
		tbgen_text_printf(t, "-");
	for (unsigned i = 0; i < n; i++)
		tbgen_text_printf(t, "%s%s", i ? "," : "", a[i]);
}

static void
col_operators(const struct facts *f, struct tbgen_text *t)
{
	const char *seen[TBGEN_NS_MAX];
	unsigned n = 0;

	for (unsigned i = 0; i < f->d->nns; i++) {
		const struct tbgen_ns *ns = &f->d->ns[i];
		const char *home;
		bool dup = false;

		if (ns->kind == TBGEN_NS_NXNAME)
			continue;
		home = f->p->ops[f->p->hosts[ns->host].op].home;
		for (unsigned k = 0; k < n && !dup; k++)
			dup = strcmp(seen[k], home) == 0;
		if (!dup)
			seen[n++] = home;
	}
	if (n == 0)
		tbgen_text_printf(t, "-");
	for (unsigned i = 0; i < n; i++)
		tbgen_text_printf(t, "%s%s", i ? "," : "", seen[i]);
}

static void
col_mx(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->authority > 0, f->d->c.mx);
}

static void
col_spf(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->authority > 0, f->d->c.spf);
}

static void
col_dmarc(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->authority > 0, f->d->c.dmarc);
}

static void
col_caa(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->authority > 0, f->d->c.caa);
}

static void
col_edns(const struct facts *f, struct tbgen_text *t)
{
	const char *v = "ok";

	if (f->serving == 0)
		v = "-";
	else if (f->flags & FLAG_FORMERR)
		v = "formerr";
	else if (f->flags & FLAG_EDNSDROP)
		v = "drop";
	else if (f->flags & FLAG_EDNS1)
		v = "ignores-version";
	tbgen_text_printf(t, "%s", v);
}

static void
col_tcp(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->serving > 0, !(f->flags & FLAG_NOTCP));
}

static void
col_truncated(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->serving > 0, f->flags & FLAG_TC);
}

static void
col_open_recursion(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, true, f->flags & FLAG_OPENREC);
}

static void
col_rrl(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->serving > 0, f->flags & FLAG_RRL);
}

static void
col_axfr(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->serving > 0, f->flags & FLAG_AXFR);
}

static void
col_slow(const struct facts *f, struct tbgen_text *t)
{
	put_bool(t, f->serving > 0, f->flags & FLAG_SLOW);
}

static void
col_servers(const struct facts *f, struct tbgen_text *t)
{
	for (unsigned i = 0; i < f->nsrv; i++) {
		const struct srv *s = &f->srv[i];

		tbgen_text_printf(t, "%s%s/%s=%s", i ? "," : "", s->name,
		                  s->addr, class_names[s->cls]);
		for (unsigned b = 0;
		     b < sizeof(flag_names) / sizeof(flag_names[0]); b++)
			if (s->flags & (1u << b))
				tbgen_text_printf(t, "+%s", flag_names[b]);
	}
}

/* The columns of truth.tsv, in order; docs/testbed.md defines each. */
static const struct {
	const char *name;
	column_fn *fn;
} columns[] = {
    {"domain", col_domain},
    {"profile", col_profile},
    {"dnssec.status", col_dnssec_status},
    {"dnssec.bogus_reason", col_bogus_reason},
    {"dnssec.algorithms", col_algorithms},
    {"dnssec.ds_digest_types", col_ds_digests},
    {"dnssec.denial", col_denial},
    {"dnssec.nsec3_iterations", col_iterations},
    {"dnssec.nsec3_salt", col_salt},
    {"dnssec.nsec3_optout", col_optout},
    {"dnssec.earliest_expiry", col_expiry},
    {"delegation.lame", col_lame},
    {"delegation.unreachable", col_unreachable},
    {"delegation.ns_match", col_ns_match},
    {"delegation.ns_parent", col_ns_parent},
    {"delegation.ns_child", col_ns_child},
    {"soa.consistent", col_soa_consistent},
    {"soa.serials", col_soa_serials},
    {"soa.timers", col_soa_timers},
    {"ns.count", col_ns_count},
    {"ns.ipv4", col_ipv4},
    {"ns.ipv6", col_ipv6},
    {"ns.addresses", col_addresses},
    {"ns.operators", col_operators},
    {"mail.mx", col_mx},
    {"mail.spf", col_spf},
    {"mail.dmarc", col_dmarc},
    {"zone.caa", col_caa},
    {"edns.class", col_edns},
    {"tcp", col_tcp},
    {"udp.truncated", col_truncated},
    {"open_recursion", col_open_recursion},
    {"rrl", col_rrl},
    {"axfr", col_axfr},
    {"slow", col_slow},
    {"servers", col_servers},
};

#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))

/* ---- files ------------------------------------------------------------ */

static int
flush(struct tbgen_text *t, const char *dir, const char *file)
{
	char path[TBGEN_PATH_MAX];
	int rc;

	if ((rc = tbgen_text_status(t)) != 0) {
		th_log_error("%s: %s", file, th_strerror(rc));
		return rc;
	}
	if ((rc = tbgen_out_path(path, sizeof(path), "%s/%s", dir, file)) != 0)
		return rc;
	return tbgen_out_write(path, tbgen_text_str(t), tbgen_text_len(t));
}

static void
ns_line(struct tbgen_text *t, const char *name, const struct tbgen_host *h1,
        const struct tbgen_host *h2)
{
	const struct tbgen_host *hs[2] = {h1, h2};
	char a[TBGEN_ADDR_MAX];
	const char *sep = "";

	tbgen_text_printf(t, "%s\t", name);
	for (int i = 0; i < 2; i++) {
		if (hs[i] == NULL)
			continue;
		for (int v6 = 0; v6 <= (hs[i]->v6 ? 1 : 0); v6++) {
			tbgen_plan_addr(hs[i]->slot, v6, false, a);
			tbgen_text_printf(t, "%s%s", sep, a);
			sep = ",";
		}
	}
	tbgen_text_printf(t, "%s\n", sep[0] ? "" : "-");
}

/*
 * Every NS name with the addresses a resolver ends up with: a host's
 * own, a vanity name's from the child zone (which wins over glue), an
 * alias's from its CNAME target; "-" for a name that does not exist.
 */
static int
write_nameservers(const struct tbgen_plan *p, struct tbgen_text *t)
{
	char name[TBGEN_NAME_MAX];

	tbgen_text_reset(t);
	for (uint32_t h = 0; h < p->nhosts; h++)
		ns_line(t, p->hosts[h].name, &p->hosts[h], NULL);
	for (uint32_t o = 0; o < p->nops; o++)
		if (p->ops[o].alias) {
			snprintf(name, sizeof(name), "dns.%.58s",
			         p->ops[o].home);
			ns_line(t, name, &p->hosts[p->ops[o].host0 + 1], NULL);
		}
	for (uint32_t i = 0; i < p->ndom; i++) {
		const struct tbgen_domain *d = &p->dom[i];

		for (unsigned k = 0; k < d->nns; k++) {
			const struct tbgen_ns *ns = &d->ns[k];

			if (ns->kind != TBGEN_NS_VANITY &&
			    ns->kind != TBGEN_NS_NXNAME)
				continue;
			/* A vanity name of a zone nobody serves cannot be
			 * resolved; the plan never makes one. */
			tbgen_plan_ns_name(p, d, ns, name);
			ns_line(t, name,
			        ns->kind == TBGEN_NS_VANITY
			            ? &p->hosts[ns->child_host]
			            : NULL,
			        NULL);
		}
	}
	return flush(t, p->opts.dir, "nameservers.tsv");
}

int
tbgen_truth_write_all(const struct tbgen_plan *p)
{
	struct tbgen_text t;
	struct facts f;
	int rc;

	tbgen_text_init(&t, TRUTH_TEXT_LIMIT);
	for (uint32_t i = 0; i < p->ndom; i++)
		tbgen_text_printf(&t, "%s\n", p->dom[i].name);
	if ((rc = flush(&t, p->opts.dir, "domains.txt")) != 0)
		goto out;

	tbgen_text_reset(&t);
	for (size_t c = 0; c < N_COLUMNS; c++)
		tbgen_text_printf(&t, "%s%s", c ? "\t" : "", columns[c].name);
	tbgen_text_printf(&t, "\n");
	for (uint32_t i = 0; i < p->ndom; i++) {
		facts_compute(&f, p, &p->dom[i]);
		for (size_t c = 0; c < N_COLUMNS; c++) {
			if (c > 0)
				tbgen_text_printf(&t, "\t");
			columns[c].fn(&f, &t);
		}
		tbgen_text_printf(&t, "\n");
	}
	if ((rc = flush(&t, p->opts.dir, "truth.tsv")) != 0)
		goto out;
	rc = write_nameservers(p, &t);
out:
	tbgen_text_free(&t);
	return rc;
}
