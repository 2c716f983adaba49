/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * crawlopt.c -- the workers' options (see crawlopt.h).
 */
#include "crawler/crawlopt.h"

#include "common/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OPT_MAP(XX)                                                            \
	XX(HINTS, "hints", 1, "FILE", "root hints (default: the IANA root)")   \
	XX(ANCHOR, "trust-anchor", 1, "FILE",                                  \
	   "DS or DNSKEY records (default: the IANA root KSKs)")               \
	XX(NO4, "no-ipv4", 0, "", "send nothing over IPv4")                    \
	XX(NO6, "no-ipv6", 0, "", "send nothing over IPv6")                    \
	XX(ASN, "asn-db", 1, "FILE", "prefix-to-ASN table (docs/asn-db.md)")   \
	XX(GLOBAL, "global-prefix", 1, "P",                                    \
	   "treat addresses in P as globally reachable")                       \
	XX(TIMEOUT, "timeout", 1, "MS", "per query try (default 5000)")        \
	XX(RETRIES, "retries", 1, "N", "tries after the first (default 1)")    \
	XX(QPS, "qps", 1, "N",                                                 \
	   "queries/s per worker, 0 = no limit (default 0)")                   \
	XX(SQPS, "server-qps", 1, "N",                                         \
	   "queries/s per server address per worker (default 100)")            \
	XX(INFLIGHT, "inflight", 1, "N",                                       \
	   "domains in flight per worker (default 256)")                       \
	XX(BUDGET, "budget", 1, "S", "seconds per domain (default 120)")

enum {
	OPT__FIRST = TH_CRAWLOPT_BASE - 1,
#define OPT_ENUM(id, name, arg, meta, help) OPT_##id,
	OPT_MAP(OPT_ENUM)
#undef OPT_ENUM
	    OPT__END
};

void
th_crawlopt_default(struct th_crawlopt *o)
{
	memset(o, 0, sizeof(*o));
	th_transport_conf_default(&o->tconf);
	o->tconf.server_qps = 100;
	th_resolver_conf_default(&o->rconf);
	th_probe_conf_default(&o->pconf);
	th_profile_default(&o->profile);
	th_engine_conf_init(&o->econf, &o->profile);
	o->parallel = 256;
}

size_t
th_crawlopt_table(struct option *tab)
{
	static const struct option opts[] = {
#define OPT_ROW(id, nm, arg, meta, help)                                       \
	{nm, (arg) ? required_argument : no_argument, NULL, OPT_##id},
	    OPT_MAP(OPT_ROW)
#undef OPT_ROW
	};
	size_t n = sizeof(opts) / sizeof(opts[0]);

	memcpy(tab, opts, sizeof(opts));
	return n;
}

bool
th_crawlopt_is(int code)
{
	return code > OPT__FIRST && code < OPT__END;
}

const char *
th_crawlopt_name(int code)
{
	switch (code) {
#define OPT_NAME(id, nm, arg, meta, help)                                      \
	case OPT_##id:                                                         \
		return nm;
		OPT_MAP(OPT_NAME)
#undef OPT_NAME
	default:
		return NULL;
	}
}

void
th_crawlopt_usage(FILE *out)
{
#define OPT_HELP(id, nm, arg, meta, help)                                      \
	fprintf(out, "  --%-14s %-5s %s\n", nm, meta, help);
	OPT_MAP(OPT_HELP)
#undef OPT_HELP
}

/* A whole decimal number up to max. */
static int
num(const char *arg, unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (*arg < '0' || *arg > '9')
		return TH_EINVAL;
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return TH_EINVAL;
	*out = (unsigned)v;
	return 0;
}

int
th_crawlopt_set(struct th_crawlopt *o, int code, const char *arg, char *err,
                size_t errlen)
{
	unsigned v = 0;
	int rc = 0;

	switch (code) {
	case OPT_HINTS:
		o->hints_path = arg;
		break;
	case OPT_ANCHOR:
		o->anchor_path = arg;
		break;
	case OPT_NO4:
		o->pconf.ipv4 = false;
		o->rconf.no_ipv4 = true;
		break;
	case OPT_NO6:
		o->pconf.ipv6 = false;
		o->rconf.no_ipv6 = true;
		break;
	case OPT_ASN:
		o->asn_path = arg;
		break;
	case OPT_GLOBAL:
		if (o->econf.nglobal == TH_ENGINE_MAXGLOBAL ||
		    th_prefix_parse(&o->econf.global[o->econf.nglobal], arg) !=
		        0)
			rc = TH_EINVAL;
		else
			o->econf.nglobal++;
		break;
	case OPT_TIMEOUT:
		if ((rc = num(arg, 600000, &v)) == 0 && v > 0)
			o->tconf.timeout_ms = v;
		else
			rc = TH_EINVAL;
		break;
	case OPT_RETRIES:
		if ((rc = num(arg, 10, &v)) == 0)
			o->tconf.tries = v + 1;
		break;
	case OPT_QPS:
		rc = num(arg, 10000000, &o->tconf.qps);
		break;
	case OPT_SQPS:
		rc = num(arg, 10000000, &o->tconf.server_qps);
		break;
	case OPT_INFLIGHT:
		if ((rc = num(arg, 100000, &v)) == 0 && v > 0)
			o->parallel = v;
		else
			rc = TH_EINVAL;
		break;
	case OPT_BUDGET:
		if ((rc = num(arg, 86400, &v)) == 0)
			o->pconf.budget_ms = v * 1000;
		break;
	default:
		rc = TH_EINVAL;
	}
	if (rc != 0)
		snprintf(err, errlen, "bad --%s '%s'",
		         th_crawlopt_name(code) ? th_crawlopt_name(code) : "?",
		         arg ? arg : "");
	return rc;
}

int
th_crawlopt_load(struct th_crawlopt *o, char *err, size_t errlen)
{
	char e[480];
	int rc;

	if (!o->pconf.ipv4 && !o->pconf.ipv6) {
		snprintf(err, errlen,
		         "--no-ipv4 and --no-ipv6 leave nothing "
		         "to test with");
		return TH_EINVAL;
	}
	if ((rc = th_hints_load(&o->hints, o->hints_path, e, sizeof(e))) != 0) {
		snprintf(err, errlen, "hints: %s", e);
		return rc;
	}
	if (o->anchor_path == NULL)
		th_trust_anchor_default(&o->anchor);
	else if ((rc = th_chain_anchor_load(&o->anchor, o->anchor_path, e,
	                                    sizeof(e))) != 0) {
		snprintf(err, errlen, "trust-anchor: %s", e);
		return rc;
	}
	if (o->asn_path != NULL &&
	    (rc = th_asn_db_load(&o->asn, o->asn_path, e, sizeof(e))) != 0) {
		snprintf(err, errlen, "asn-db: %s", e);
		return rc;
	}
	o->econf.asn = o->asn;
	o->econf.profile = &o->profile;
	return 0;
}

void
th_crawlopt_free(struct th_crawlopt *o)
{
	th_asn_db_free(o->asn);
	o->asn = NULL;
}
