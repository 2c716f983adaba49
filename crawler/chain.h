/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * chain.h -- the chain of trust of every parent zone a run meets, fetched
 * once per zone per run and shared by all its domains.
 *
 * For a zone Z the chain finds Z's parent P through the resolver, gets
 * P's verdict first (recursively up to the trust anchor's zone), then
 * asks one of P's servers for Z's DS and one of Z's servers for Z's
 * DNSKEY, both as DNSSEC queries (DO, 1232 octets), trying the next
 * server (three at most) when one gives no authoritative NOERROR answer.
 * engine/trust judges the answers. A domain's own DS is checked against
 * its parent's verdict by the engine (dnssec.status).
 *
 * Zones are kept in a list: a survey meets few parent zones (one per
 * TLD); a list of domains under many public suffixes meets hundreds.
 */
#ifndef TH_CHAIN_H
#define TH_CHAIN_H

#include "common/dname.h"
#include "crawler/resolver.h"
#include "crawler/transport.h"
#include "engine/trust.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct th_chain;

struct th_chain_conf {
	const struct th_trust_anchor *anchor; /* copied */
	uint64_t now;                         /* the run's validation time */
	bool ipv4, ipv6;                      /* families to ask over */
};

int th_chain_create(struct th_chain **out, struct th_transport *t,
                    struct th_resolver *r, const struct th_chain_conf *conf)
    __attribute__((warn_unused_result));

/*
 * Free the chain and every verdict it handed out. Call it when none of
 * its questions is out any more: after the loop has run dry, or after
 * the transport was closed and its cancelled callbacks ran.
 */
void th_chain_free(struct th_chain *c);

typedef void th_chain_cb(void *arg, const struct th_trust_zone *z);

/*
 * The verdict of zone. When it is known already, *known gets it (valid
 * until th_chain_free) and cb is not called; otherwise *known is NULL and
 * cb runs later, from the loop, with the verdict. Returns 0 or TH_ENOMEM
 * (cb is then not called).
 */
int th_chain_zone(struct th_chain *c, const struct th_dname *zone,
                  th_chain_cb *cb, void *arg,
                  const struct th_trust_zone **known)
    __attribute__((warn_unused_result));

/*
 * Read a trust anchor file: DS or DNSKEY records of one owner in zone-file
 * syntax (unbound's and BIND's anchor files; absolute owner names).
 * Returns 0, or TH_EIO / TH_ESYNTAX / TH_EINVAL with a message naming the
 * file and line in err.
 */
int th_chain_anchor_load(struct th_trust_anchor *a, const char *path, char *err,
                         size_t errlen) __attribute__((warn_unused_result));

#endif /* TH_CHAIN_H */
