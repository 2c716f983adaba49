/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * plan.h -- the testbed model: every server, operator, address and domain.
 *
 * tbgen_plan_build() decides the whole simulated hierarchy from the
 * options and the seed, before a single file is written: the root and TLD
 * servers, the hosting operators (ranked by size with a Zipf-like share)
 * and their name-server hosts, the NSD instances that serve them, the
 * address of every listener, and for each child domain its profile, its
 * name servers at the parent and at the child, which servers load its zone,
 * its DNSSEC set-up and its content. The writers (zone.c, conf.c, truth.c)
 * only read this model, so the zone files, the server configurations and
 * the truth file cannot disagree.
 *
 * The model is a set of plain arrays of value structs (exposed because
 * every writer walks them); the plan owns them all and tbgen_plan_free()
 * releases everything. Indices, not pointers, link the records.
 *
 * Addresses: a "slot" is a 16-bit number o3 * 256 + o4 naming the public
 * IPv4 address 127.100.o3.o4, its IPv6 twin fd00:5e:100::o3:o4 (hex),
 * and the backend pair 127.101.o3.o4 / fd00:5e:101::o3:o4 where the real
 * server listens when the relay stands in front of it.
 */
#ifndef TBGEN_PLAN_H
#define TBGEN_PLAN_H

#include "testbed/gen/profile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A name in text without the final dot, NUL included. */
#define TBGEN_NAME_MAX 64
#define TBGEN_NS_MAX 6    /* NS entries of one domain (parent and child) */
#define TBGEN_SERVE_MAX 2 /* NSD instances loading one child zone */
#define TBGEN_NONE UINT32_MAX
#define TBGEN_MAX_DOMAINS 1000000u
#define TBGEN_MAX_INSTANCES 64u
#define TBGEN_ADDR_MAX 48 /* text of an address, NUL included */

/* Command-line options (see tbgen.c for their meaning and defaults). */
struct tbgen_opts {
	const char *dir;
	uint32_t domains;
	uint64_t seed;
	bool ipv6;
	uint32_t latency_ms;
	uint32_t jitter_ms;
	double loss_pct;
	uint32_t instances;
	int64_t now;
	bool now_given; /* --now was on the command line */
	uint32_t jobs;
};

enum tbgen_tld { TBGEN_TLD_SE = 0, TBGEN_TLD_NET };

/*
 * How a public address is served: by the server itself, or by the relay
 * in one of its modes (the relay's keywords, see testbed/relay).
 */
enum tbgen_mode {
	TBGEN_MODE_DIRECT = 0,
	TBGEN_MODE_FORWARD,
	TBGEN_MODE_BLACKHOLE,
	TBGEN_MODE_NOTCP,
	TBGEN_MODE_NOAA,
	TBGEN_MODE_EDNS_FORMERR,
	TBGEN_MODE_EDNS_DROP,
	TBGEN_MODE_EDNS1_IGNORE,
	TBGEN_MODE_TC_ALWAYS,
	TBGEN_MODE__COUNT
};

/* What kind of operator runs a host: the root, the TLD, or a hoster. */
enum tbgen_op_kind {
	TBGEN_OP_ROOT = 0,
	TBGEN_OP_TLD,
	TBGEN_OP_NORMAL,
	/* Operators whose every host misbehaves in one way. */
	TBGEN_OP_BLACKHOLE,
	TBGEN_OP_NOAA,
	TBGEN_OP_NOTCP,
	TBGEN_OP_FORMERR,
	TBGEN_OP_EDNSDROP,
	TBGEN_OP_EDNS1,
	TBGEN_OP_TC,
	TBGEN_OP_SLOW,
	TBGEN_OP_RRL,
	TBGEN_OP_OPENRES,
	TBGEN_OP__COUNT
};

/* What listens behind a host's address. */
enum tbgen_server {
	TBGEN_SERVER_NSD = 0, /* an NSD instance */
	TBGEN_SERVER_UNBOUND, /* an open resolver with auth-zones */
	TBGEN_SERVER_NONE,    /* nothing: the relay blackholes the address */
};

/* A name-server host: one name, one address slot. */
struct tbgen_host {
	char name[TBGEN_NAME_MAX]; /* "ns1.bigdns.net", no final dot */
	uint16_t slot;
	bool v6;              /* also listens on the IPv6 twin */
	enum tbgen_mode mode; /* DIRECT unless the relay stands in front */
	uint32_t delay_ms;    /* the relay's delay for this host */
	uint32_t op;
	enum tbgen_server server;
	uint32_t instance; /* NSD instance (TBGEN_SERVER_NSD) */
	uint32_t unbound;  /* open-resolver number (TBGEN_SERVER_UNBOUND) */
};

struct tbgen_op {
	char name[TBGEN_NAME_MAX]; /* "bigdns" */
	char home[TBGEN_NAME_MAX]; /* its zone, "bigdns.net"; "" root/TLD */
	enum tbgen_op_kind kind;
	enum tbgen_tld tld;
	uint32_t host0, nhosts; /* its hosts: hosts[host0 .. host0+nhosts) */
	uint32_t instance;      /* NSD instance of its hosts, or TBGEN_NONE */
	uint32_t home_domain;   /* child domain that is its home, or NONE */
	uint32_t home_ns_op;    /* operator whose hosts serve its home zone */
	uint32_t rank;          /* 0 = largest (normal operators) */
	bool alias;             /* home zone has "dns" CNAME to its ns2 */
};

enum tbgen_inst_kind {
	TBGEN_INST_ROOT = 0,
	TBGEN_INST_TLD,
	TBGEN_INST_NORMAL,
	TBGEN_INST_FAULT, /* backends of the misbehaving operators */
	TBGEN_INST_RRL,   /* response rate limiting on */
};

struct tbgen_instance {
	char name[16]; /* "root", "tld", "i01", ..., "fault", "rrl" */
	enum tbgen_inst_kind kind;
	uint64_t load; /* zones it loads, for balancing */
};

enum tbgen_ns_kind {
	TBGEN_NS_HOST = 0, /* an operator's host name */
	TBGEN_NS_VANITY,   /* nsN.<domain>, in-bailiwick with glue */
	TBGEN_NS_ALIAS,    /* dns.<operator home>, a CNAME to host */
	TBGEN_NS_NXNAME,   /* a name that does not exist */
};

/* One NS name of a domain. */
struct tbgen_ns {
	enum tbgen_ns_kind kind;
	uint8_t num;         /* VANITY: the N of nsN */
	bool parent;         /* in the delegation at the parent */
	bool child;          /* in the child's apex NS set */
	uint32_t host;       /* host behind the name (glue for VANITY) */
	uint32_t child_host; /* VANITY: host of the child's own A record */
};

enum tbgen_denial {
	TBGEN_DENIAL_NONE = 0,
	TBGEN_DENIAL_NSEC,
	TBGEN_DENIAL_NSEC3
};

/* DS digest types at the parent, as a bit set. */
#define TBGEN_DIGEST_SHA1 0x1u
#define TBGEN_DIGEST_SHA256 0x2u
#define TBGEN_DIGEST_SHA384 0x4u

/* DNSSEC set-up of one zone. Keys come from the pool (dnssec.h). */
struct tbgen_sec {
	enum tbgen_denial denial; /* NONE: unsigned */
	uint8_t alg;
	bool csk;         /* one key (flags 257) signs everything */
	uint8_t ksk, zsk; /* pool indices */
	bool expired;     /* signatures expired */
	bool optout;
	uint16_t iterations;
	uint8_t salt_len;
	uint8_t salt[8];
	bool ds;        /* the parent holds DS records */
	uint8_t ds_key; /* pool index (KSK pool) the DS is made from */
	uint8_t ds_alg;
	unsigned digests; /* TBGEN_DIGEST_* */
};

/* Zone content the survey looks at. */
struct tbgen_content {
	uint32_t serial[TBGEN_SERVE_MAX]; /* per zone version */
	uint8_t timers; /* row of the SOA timer table (zone.c) */
	bool mx, spf, dmarc, caa, web6, www_cname, rname_op;
	uint8_t spf_kind, dmarc_policy, caa_ca;
	uint16_t web; /* low bits of the web server address */
};

struct tbgen_domain {
	char name[TBGEN_NAME_MAX]; /* "solberg-bygg.se", no final dot */
	enum tbgen_profile profile;
	struct tbgen_ns ns[TBGEN_NS_MAX];
	uint8_t nns;
	uint32_t serve[TBGEN_SERVE_MAX]; /* NSD instances loading the zone */
	uint8_t nserve;
	bool drift;            /* serve[1] loads version 2 (another serial) */
	uint32_t unbound_host; /* open resolver serving it, or TBGEN_NONE */
	uint32_t home_op;      /* operator whose home zone this is, or NONE */
	bool axfr;             /* servers give AXFR to anyone */
	struct tbgen_sec sec;
	struct tbgen_content c;
};

struct tbgen_plan {
	struct tbgen_opts opts;
	struct tbgen_op *ops;
	uint32_t nops;
	struct tbgen_host *hosts;
	uint32_t nhosts;
	struct tbgen_instance *inst;
	uint32_t ninst;
	struct tbgen_domain *dom;
	uint32_t ndom;
	uint32_t nunbound; /* open resolvers (one per OPENRES host) */
	uint32_t
	    op_special[TBGEN_OP__COUNT]; /* operator of each special kind */
	uint32_t infra_op;     /* serves the special operators' home zones */
	uint32_t nnormal;      /* normal operators */
	uint32_t tld_hosts_se; /* first host serving se. (a.ns.se) */
};

/* Instance numbers fixed by the layout. */
#define TBGEN_INST_ROOT_IDX 0u
#define TBGEN_INST_TLD_IDX 1u

/*
 * Decide the whole testbed.
 * @param[in] opts  options; copied (opts->dir is borrowed and must outlive
 *                  the plan)
 * @param[out] out  the plan, owned by the caller (tbgen_plan_free)
 * @return 0; TH_EINVAL for options out of range (logged); TH_ETOOBIG when
 *         the addresses do not fit in 127.100.0.0/16; TH_ENOMEM.
 */
int tbgen_plan_build(const struct tbgen_opts *opts, struct tbgen_plan **out)
    __attribute__((warn_unused_result));

/* Release a plan and everything in it. NULL-safe. */
void tbgen_plan_free(struct tbgen_plan *plan);

/*
 * Text of a slot's address. backend selects 127.101/fd00:5e:101::, v6 the
 * IPv6 twin. buf must hold TBGEN_ADDR_MAX bytes.
 */
void tbgen_plan_addr(uint16_t slot, bool v6, bool backend, char *buf);

/* Whether the relay stands in front of a host (any mode but DIRECT). */
bool tbgen_plan_host_relayed(const struct tbgen_host *h);

/* The relay keyword of a mode ("forward", "noaa", ...); "" for DIRECT. */
const char *tbgen_plan_mode_name(enum tbgen_mode mode);

/*
 * The name of a domain's NS entry, without the final dot.
 * buf must hold TBGEN_NAME_MAX bytes.
 */
void tbgen_plan_ns_name(const struct tbgen_plan *plan,
                        const struct tbgen_domain *d, const struct tbgen_ns *ns,
                        char *buf);

/* Whether NSD instance inst loads the zone of d; *version gets 1 or 2. */
bool tbgen_plan_serves(const struct tbgen_domain *d, uint32_t inst,
                       unsigned *version);

/* SOA timers of a zone, in seconds. */
struct tbgen_soa_timers {
	uint32_t refresh, retry, expire, minimum;
	const char *note; /* what is out of the recommended ranges, or "" */
};

/* Row of the SOA timer table (struct tbgen_content.timers). */
const struct tbgen_soa_timers *tbgen_plan_timers(unsigned row);

/* Whether d's zone file exists (someone serves it). */
bool tbgen_plan_zone_served(const struct tbgen_domain *d);

#endif /* TBGEN_PLAN_H */
