/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * probe.h -- collect the evidence the test cases need for one domain.
 *
 * A state machine in phases, each sending all of its queries at once to
 * every server concerned (never one after another), and moving on when
 * the last answer of the phase is in:
 *
 *   1. delegation: the parent zone and its referral (resolver), unless
 *      the name servers were given (undelegated test);
 *   2. addresses of the parent's and the delegation's name servers that
 *      came without glue; NS and DS (with DO) of the domain from every
 *      parent server address known (a DS opens the DNSSEC gate below
 *      before phase 3; DNAME follows in phase 4 where the NS answer was
 *      NODATA);
 *   3. to every name server address: SOA, NS (UDP and TCP), MX, TXT, and
 *      A/AAAA of the in-bailiwick name server names; phase 2's parent
 *      questions to parent addresses found in phase 2;
 *   4. the zone's own NS set: addresses of names the parent did not list,
 *      and phase 3's queries to their new addresses;
 *   5. the rest: PTR of every address, the SOA MNAME (addresses, CNAME,
 *      SOA from each address), MX targets (CNAME queries, addresses), the
 *      RNAME's mail domain, www A when no server works.
 *
 * Beside the phases, "side" questions that nothing later depends on go
 * out with phase 3 and only hold up the delivery: the DNSSEC module's
 * (DNSKEY and SOA with DO; NS, NSEC, NSEC3PARAM, CDS and CDNSKEY once
 * the zone shows a key or a DS, or unless a server shows it unsigned:
 * DNSSEC07 then ends the module), the
 * Nameserver module's (EDNS variants, AXFR, 0x20 case, CH TXT version,
 * upward referral, open recursion) and, once per address per run, the
 * DNS Flag Day EDNS compliance set.
 *
 * Only the transport touches sockets; identical questions are asked once
 * (and the transport's cache shares them between domains). A time budget
 * ends the probe early: the evidence so far is delivered, marked.
 */
#ifndef TH_PROBE_H
#define TH_PROBE_H

#include "common/addr.h"
#include "common/dname.h"
#include "crawler/resolver.h"
#include "crawler/transport.h"
#include "engine/evidence.h"

#include <stdbool.h>
#include <stddef.h>

#define TH_PROBE_MAXFAKE 16

/* A name server given by the user (--ns NAME[/IP]). */
struct th_probe_ns {
	struct th_dname name;
	size_t naddr;
	struct th_addr addr[TH_EV_MAXADDR];
};

struct th_srvset;
struct th_chain;

struct th_probe_conf {
	unsigned budget_ms; /* per domain; 0 = none */
	/* The validation time of the run (seconds since the epoch), read
	 * once by whoever starts the run, so that a survey's DNSSEC verdicts
	 * do not drift while it runs; 0: the time the probe starts. */
	uint64_t now;
	bool ipv4, ipv6;
	/* Addresses whose EDNS compliance set the run has sent (shared by
	 * the run's probes); NULL: every probe sends it. */
	struct th_srvset *probed;
	/* The run's chain of trust (crawler/chain), asked for the parent
	 * zone's verdict beside the phases; NULL: not checked. */
	struct th_chain *chain;
	/* Undelegated test: the NS set replaces the parent's referral, and
	 * the DS set (--ds) the parent's DS records. */
	size_t nfake;
	struct th_probe_ns fake[TH_PROBE_MAXFAKE];
	size_t nds;
	struct th_ev_ds ds[TH_EV_MAXDS];
};

void th_probe_conf_default(struct th_probe_conf *c);

/*
 * Called once with the evidence, which the callee now owns (th_ev_free,
 * then free the struct).
 */
typedef void th_probe_cb(void *arg, struct th_evidence *ev);

/*
 * Start probing domain. The callback runs later, from the loop. Returns 0
 * or TH_ENOMEM.
 */
int th_probe_start(struct th_transport *t, struct th_resolver *r,
                   const struct th_dname *domain,
                   const struct th_probe_conf *conf, th_probe_cb *cb, void *arg)
    __attribute__((warn_unused_result));

#endif /* TH_PROBE_H */
