/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * facts.h -- the survey facts of one domain (DESIGN.md section 5), derived
 * from its evidence so the analyzer aggregates without re-deriving.
 *
 * Definitions as in docs/testbed.md section 6 (and docs/facts.md): facts
 * are per server, each (NS name, address) pair over the union of the
 * parent's and the child's NS names, with a class from the LACNIC
 * taxonomy read off the plain SOA query. A server is lame when it answers
 * without authority (NOAA, REFUSED, SERVFAIL, NXDOMAIN), unreachable when
 * it never answers or its name does not resolve (TIMEOUT, UNKNOWN_HOST).
 */
#ifndef TH_FACTS_H
#define TH_FACTS_H

#include "engine/dnssec_facts.h"
#include "engine/ednscomp.h"
#include "engine/evidence.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_SERVER_CLASS_MAP(XX)                                                \
	XX(AA)                                                                 \
	XX(CNAME)                                                              \
	XX(NOAA)                                                               \
	XX(REFUSED)                                                            \
	XX(SERVFAIL)                                                           \
	XX(NXDOMAIN)                                                           \
	XX(TIMEOUT)                                                            \
	XX(UNKNOWN_HOST)                                                       \
	XX(UNKNOWN)

enum th_server_class {
#define TH_SC_ENUM(name) TH_SC_##name,
	TH_SERVER_CLASS_MAP(TH_SC_ENUM)
#undef TH_SC_ENUM
	    TH_SC__COUNT
};

const char *th_server_class_name(enum th_server_class c);

/* none / partial / full */
enum th_share { TH_SHARE_NONE, TH_SHARE_PARTIAL, TH_SHARE_FULL };
const char *th_share_name(enum th_share s);

#define TH_FACTS_MAXSERVERS (TH_EV_MAXNS * TH_EV_MAXADDR)

struct th_fact_server {
	struct th_dname name;
	bool has_addr;
	struct th_addr addr;
	uint8_t cls;     /* enum th_server_class, over UDP */
	uint8_t tcp_cls; /* the same over TCP */
};

/*
 * The EDNS compliance of one server address that was tested (verdict not
 * UNTESTED): what `edns.servers` shows, without the counts.
 */
struct th_fact_edns {
	struct th_addr addr;
	uint8_t verdict; /* enum th_ednscomp_verdict */
	struct th_ednscomp_result test[TH_EC__COUNT];
};

/* mail.dmarc_policy: the p= tag of the DMARC record. */
enum th_dmarc_policy {
	TH_DMARC_NOPOLICY, /* no DMARC record, or no valid p= tag */
	TH_DMARC_NONE,
	TH_DMARC_QUARANTINE,
	TH_DMARC_REJECT
};
/* "none", "quarantine", "reject"; NULL for TH_DMARC_NOPOLICY. */
const char *th_dmarc_policy_name(enum th_dmarc_policy p);

/* zone.caa, mail.dmarc and the SOA timers (record version 2 on). */
struct th_fact_content {
	bool known; /* false: a version 1 record, none of these is known */
	bool dmarc; /* a TXT starting v=DMARC1 at _dmarc.<domain> */
	uint8_t dmarc_policy; /* enum th_dmarc_policy */
	bool caa;             /* a CAA RRset at the apex */
	bool soa_known;       /* some serving server gave the SOA */
	/* The most common (refresh, retry, expire, minimum) tuple of the
	 * serving servers' SOA records. */
	uint32_t refresh, retry, expire, minimum;
};

struct th_facts {
	size_t nservers;
	struct th_fact_server servers[TH_FACTS_MAXSERVERS];
	uint8_t lame, unreachable; /* enum th_share */
	bool served;               /* some server answers for the zone */
	size_t nparent, nchild;
	struct th_dname parent_ns[TH_EV_MAXNS], child_ns[TH_EV_MAXNS];
	bool ns_match;
	size_t nserials;
	uint32_t serials[TH_EV_MAXNS];
	bool soa_consistent;
	unsigned ipv4, ipv6; /* distinct server addresses */
	bool mx;             /* an MX record at the apex */
	bool spf;            /* a v=spf1 TXT at the apex */
	struct th_fact_content content;
	struct th_dnssec_facts dnssec;
	bool dnssec_nomem; /* the signature checks ran out of memory */
	/* edns.servers: the tested addresses, in th_ednscomp_all's order. */
	size_t nedns;
	struct th_fact_edns edns[TH_FACTS_MAXSERVERS];
};

/*
 * Derive the facts of ev. Everything `check --json` shows is here, so a
 * stored result needs no evidence (store/record). keys: the domain's
 * DNSKEYs from th_engine_run, or NULL (th_dnssec_facts_compute).
 */
void th_facts_compute(const struct th_evidence *ev,
                      struct th_dsig_keyring *keys, struct th_facts *f);

#endif /* TH_FACTS_H */
