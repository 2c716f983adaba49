/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * crawlopt.h -- the options a crawl's workers need (hints, trust anchor,
 * families, ASN table, timeouts, rates), parsed the same way by `crawl`
 * (which checks them, then hands them to the workers it starts, as they
 * were given) and by `worker`.
 */
#ifndef TH_CRAWLOPT_H
#define TH_CRAWLOPT_H

#include "crawler/chain.h"
#include "crawler/probe.h"
#include "crawler/resolver.h"
#include "crawler/transport.h"
#include "engine/asn.h"
#include "engine/engine.h"
#include "engine/profile.h"

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* getopt_long codes of these options are at and above this. */
#define TH_CRAWLOPT_BASE 1000
/* Entries th_crawlopt_table writes at most. */
#define TH_CRAWLOPT_MAX 20

struct th_crawlopt {
	struct th_transport_conf tconf;
	struct th_resolver_conf rconf;
	struct th_probe_conf pconf; /* budget, families */
	struct th_profile profile;
	struct th_engine_conf econf; /* global prefixes, ASN table */
	struct th_hints hints;
	struct th_trust_anchor anchor;
	struct th_asn_db *asn;
	const char *hints_path, *anchor_path, *asn_path;
	unsigned parallel; /* domains in flight per worker */
};

void th_crawlopt_default(struct th_crawlopt *o);

/* Append the options to tab (room for TH_CRAWLOPT_MAX); returns how many. */
size_t th_crawlopt_table(struct option *tab);

/* Whether code is one of ours. */
bool th_crawlopt_is(int code);

/* The option's name without dashes ("hints"); NULL when not ours. */
const char *th_crawlopt_name(int code);

/*
 * Apply one option. Returns 0, or TH_EINVAL with a message in err.
 */
int th_crawlopt_set(struct th_crawlopt *o, int code, const char *arg, char *err,
                    size_t errlen) __attribute__((warn_unused_result));

/*
 * Read the files the options name (hints, anchor, ASN table). Returns 0,
 * or an error with a message (file:line) in err.
 */
int th_crawlopt_load(struct th_crawlopt *o, char *err, size_t errlen)
    __attribute__((warn_unused_result));

void th_crawlopt_free(struct th_crawlopt *o);

/* The options' help lines. */
void th_crawlopt_usage(FILE *out);

#endif /* TH_CRAWLOPT_H */
