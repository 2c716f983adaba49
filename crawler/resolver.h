/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * resolver.h -- iterative resolution from root hints, with an infrastructure
 * cache shared by every domain of a run.
 *
 * As Zonemaster does, and never through the system resolver: start at the
 * deepest zone cut known, ask its servers (RD=0), follow referrals down,
 * CNAME chains across, and resolve the addresses of name servers that
 * come without glue. Glue is taken only for names inside the bailiwick of
 * the server that sent it, and only to reach servers, never as an answer.
 *
 * The cache maps zone cuts to their servers and names to addresses, for
 * the whole run, so a name server used by 100,000 domains is resolved
 * once; identical resolutions in flight share one task. Loops (CNAME
 * chains, referrals that do not go down, name servers whose addresses
 * depend on each other) and runaway work (queries, depth) are bounded.
 */
#ifndef TH_RESOLVER_H
#define TH_RESOLVER_H

#include "common/addr.h"
#include "common/dname.h"
#include "crawler/transport.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_RES_STATUS_MAP(XX)                                                  \
	XX(ANSWER, "records of the asked type")                                \
	XX(NODATA, "the name exists without records of that type")             \
	XX(NXDOMAIN, "the name does not exist")                                \
	XX(REFERRAL, "delegation found")                                       \
	XX(NOT_DELEGATED, "the name is inside its parent zone, not a cut")     \
	XX(SERVFAIL, "no server of a zone on the way gave a usable answer")    \
	XX(LOOP, "CNAME or referral loop, or name servers that need "          \
	         "each other")                                                 \
	XX(LIMIT, "query or depth budget spent")

enum th_res_status {
#define TH_RES_STATUS_ENUM(name, text) TH_RES_##name,
	TH_RES_STATUS_MAP(TH_RES_STATUS_ENUM)
#undef TH_RES_STATUS_ENUM
	    TH_RES__COUNT
};

/* "ANSWER", "NXDOMAIN", ...; static, never NULL. */
const char *th_res_status_name(enum th_res_status s);

struct th_resolver_conf {
	bool no_ipv4, no_ipv6;  /* do not use servers of that family */
	unsigned max_queries;   /* per resolution; default 120 */
	unsigned max_depth;     /* nested name server resolutions; default 4 */
	unsigned max_cnames;    /* CNAME chain length; default 8 */
	unsigned max_referrals; /* default 30 */
	/* Port of every server learnt from hints and DNS data: 53, except
	 * in tests that run their servers unprivileged. */
	uint16_t port;
};

void th_resolver_conf_default(struct th_resolver_conf *c);

/*
 * Root hints: NS names of the root and their A/AAAA, in zone-file syntax
 * (the IANA named.root format). Parsed with the line numbers of errors.
 */
struct th_hints {
	unsigned nns;
	struct th_dname ns[16];
	unsigned naddr[16];
	struct th_addr addr[16][4];
};

/*
 * Read hints from a file; NULL means the IANA root servers. Returns 0, or
 * TH_EIO / TH_ESYNTAX with a message in err (errlen octets).
 */
int th_hints_load(struct th_hints *h, const char *path, char *err,
                  size_t errlen) __attribute__((warn_unused_result));

/* A resolution's result, valid during the callback only. */
struct th_res_result {
	enum th_res_status status;
	/* The message that decided it (NULL when none did). */
	const struct th_answer *answer;
	struct th_addr server; /* who sent it */
	/* The zone whose server answered; for delegations, the parent. */
	struct th_dname zone;
	/* The name finally answered for, after CNAMEs. */
	struct th_dname qname;
	unsigned cnames;
	unsigned queries; /* sent by this resolution, cache hits included */
	/* th_resolver_addrs: the addresses, sorted, IPv4 first. */
	size_t naddrs;
	const struct th_addr *addrs;
};

typedef void th_res_cb(void *arg, const struct th_res_result *res);

struct th_resolver;

/* The port of servers learnt from DNS data (conf.port): addresses the
 * caller takes from answers (glue, the zone's own A/AAAA) get it too. */
uint16_t th_resolver_port(const struct th_resolver *r);

int th_resolver_create(struct th_resolver **out, struct th_transport *t,
                       const struct th_hints *hints,
                       const struct th_resolver_conf *conf)
    __attribute__((warn_unused_result));

/*
 * Stop: resolutions still running are abandoned without callbacks, and
 * the resolver frees itself once the loop has run its handle's close
 * callback. Close the resolver before the transport it uses: the other
 * way round, the cancelled queries end their resolutions with SERVFAIL
 * callbacks first.
 */
void th_resolver_close(struct th_resolver *r);

/*
 * Resolve (qname, qtype): ANSWER with the message holding the records
 * (and any CNAMEs before them in res->qname), NODATA, NXDOMAIN, or a
 * failure. cb runs later, from the loop. Returns 0 or TH_ENOMEM.
 */
int th_resolver_lookup(struct th_resolver *r, const struct th_dname *qname,
                       uint16_t qtype, th_res_cb *cb, void *arg)
    __attribute__((warn_unused_result));

/*
 * All addresses (A and AAAA, filtered by the families in use) of a name,
 * from the cache when known. ANSWER with naddrs > 0, or NODATA, NXDOMAIN,
 * or a failure.
 */
int th_resolver_addrs(struct th_resolver *r, const struct th_dname *name,
                      th_res_cb *cb, void *arg)
    __attribute__((warn_unused_result));

/*
 * Find the delegation of domain: walk down from the root to the zone that
 * holds its cut. REFERRAL with the parent zone in res->zone and the
 * referral in res->answer; NXDOMAIN; NOT_DELEGATED (the parent answers
 * for the name itself); ANSWER when a parent server is also authoritative
 * for the child and answered its NS; or a failure.
 */
int th_resolver_delegation(struct th_resolver *r, const struct th_dname *domain,
                           th_res_cb *cb, void *arg)
    __attribute__((warn_unused_result));

/*
 * The servers of a zone cut as the cache knows them (from referrals):
 * calls fn for each name server with its glue and resolved addresses.
 * Returns false when the zone is not cached.
 */
bool th_resolver_zone_servers(const struct th_resolver *r,
                              const struct th_dname *zone,
                              void (*fn)(const struct th_dname *ns,
                                         const struct th_addr *addrs,
                                         size_t naddrs, void *arg),
                              void *arg);

struct th_resolver_stats {
	uint64_t lookups, addr_lookups, delegations;
	uint64_t queries;
	uint64_t zones, hosts; /* cache entries */
	uint64_t host_hits;    /* address lookups answered from the cache */
	uint64_t joins;        /* resolutions joined in flight */
	uint64_t loops, limits, lame;
};

void th_resolver_stats(const struct th_resolver *r,
                       struct th_resolver_stats *out);

#endif /* TH_RESOLVER_H */
