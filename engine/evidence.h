/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * evidence.h -- everything the probe learnt about one domain, for the
 * engine to judge without touching the network.
 *
 * The probe (crawler/probe) fills it: the parent zone and its servers, the
 * delegation's name servers with glue or resolved addresses (Zonemaster's
 * Method2/4), the zone's own NS set with addresses (Method3/5), every
 * reply from every server to every query shape the test cases use, and
 * the recursive lookups (PTR, MNAME, MX targets, ...). Test cases read it
 * through the accessors below; unit tests build it by hand from canned
 * packets with the same calls the probe uses.
 */
#ifndef TH_EVIDENCE_H
#define TH_EVIDENCE_H

#include "common/addr.h"
#include "common/dname.h"
#include "common/msg.h"
#include "crawler/resolver.h"
#include "crawler/transport.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The query shapes of Zonemaster's DNSQueryAndResponseDefaults: every
 * query is class IN, opcode QUERY, RD=0 unless said otherwise.
 */
enum th_qflavor {
	TH_QF_PLAIN = 0, /* UDP, no OPT, TCP after TC ("DNS Query") */
	TH_QF_TCP,       /* the same over TCP only */
	TH_QF_EDNS,      /* OPT version 0, 512 octets, DO=0 ("EDNS Query") */
	TH_QF_DNSSEC,    /* OPT, 1232 octets, DO=1 ("DNSSEC Query") */
	TH_QF_RD,        /* as PLAIN with RD=1 */
	/* The Nameserver module's probes (EDNS Query variants, UDP, TCP
	 * after TC unless said otherwise). */
	TH_QF_EDNS1,   /* OPT version 1 (NAMESERVER10; flag day "edns1") */
	TH_QF_EDNSOPT, /* an unassigned option, code 137, empty (NS11) */
	TH_QF_EDNSZ,   /* the OPT's Z field set to 3 (NAMESERVER12) */
	TH_QF_DO512,   /* DO=1, 512 octets, UDP only: TC stays (NS13) */
	TH_QF_CASE1,   /* plain, qname in case pattern 1 (NAMESERVER08/09) */
	TH_QF_CASE2,   /* plain, qname in case pattern 2 (NAMESERVER09) */
	TH_QF_CHAOS,   /* plain, class CH (NAMESERVER15, version.bind) */
	/* The rest of the DNS Flag Day EDNS compliance set (ednscomp):
	 * plain, edns, edns1 and do are PLAIN, EDNS, EDNS1 and DNSSEC; edns@512
	 * is DO512 with DNSKEY. */
	TH_QF_FD_EDNSOPT,   /* OPT version 0, option 100, empty */
	TH_QF_FD_EDNS1OPT,  /* OPT version 1, option 100, empty */
	TH_QF_FD_EDNSFLAGS, /* OPT version 0, unknown flag 0x0080 */
	TH_QF_FD_OPTLIST,   /* NSID, ECS 0.0.0.0/0, EXPIRE and a COOKIE */
	TH_QF_FD_EDNSTCP,   /* OPT version 0 over TCP only */
	TH_QF__COUNT
};

/* Flavour names for logs and the engine's DEBUG texts ("edns1"). */
const char *th_qflavor_name(enum th_qflavor f);

/* The query and protocol of a flavour. */
void th_qflavor_query(enum th_qflavor f, const struct th_dname *qname,
                      uint16_t qtype, struct th_query *q, enum th_proto *proto);

/*
 * The qname as TH_QF_CASE1/2 send it: ASCII letters alternately upper
 * and lower case, pattern 1 starting with upper case, pattern 2 its
 * inverse. Fixed patterns rather than random ones, so that a test is
 * reproducible and the engine knows what was asked.
 */
void th_qflavor_case(enum th_qflavor f, const struct th_dname *in,
                     struct th_dname *out);

struct th_trust_zone;

#define TH_EV_MAXNS 32
#define TH_EV_MAXADDR 8

/* Where a name server name was seen. */
#define TH_EV_DEL 0x01   /* the parent's NS set for the domain */
#define TH_EV_CHILD 0x02 /* the zone's own (authoritative) NS set */

struct th_ev_ns {
	struct th_dname name;
	uint8_t src;         /* TH_EV_DEL | TH_EV_CHILD */
	bool glue;           /* addresses came as glue from the parent */
	uint8_t addr_status; /* enum th_res_status of the lookup, if any */
	/* Glue (glue set), or the resolved addresses of the name. */
	size_t naddr;
	struct th_addr addr[TH_EV_MAXADDR];
	/* In-bailiwick names: the addresses the zone's own servers gave
	 * (Method5), which may differ from the glue. */
	size_t nchild;
	struct th_addr child_addr[TH_EV_MAXADDR];
};

struct th_ev_nsset {
	size_t n;
	struct th_ev_ns ns[TH_EV_MAXNS];
};

/* One query to one server and what came back (answer NULL: not sent). */
struct th_ev_reply {
	struct th_addr server;
	struct th_dname qname;
	uint16_t qtype;
	uint8_t flavor; /* enum th_qflavor */
	const struct th_answer *ans;
};

/* One recursive lookup through the resolver. */
struct th_ev_lookup {
	struct th_dname qname; /* as asked */
	uint16_t qtype;        /* TH_T_A + AAAA together: 0 ("addresses") */
	uint8_t status;        /* enum th_res_status */
	unsigned cnames;       /* CNAMEs followed */
	struct th_dname final; /* the name answered for */
	const struct th_answer *ans;
	size_t naddr; /* address lookups */
	struct th_addr addr[TH_EV_MAXADDR];
};

/* A DS record given by the user for an undelegated test (--ds). */
#define TH_EV_MAXDS 16
#define TH_EV_DIGESTMAX 64

struct th_ev_ds {
	uint16_t keytag;
	uint8_t algorithm, digest_type;
	uint8_t dlen;
	uint8_t digest[TH_EV_DIGESTMAX];
};

struct th_evidence {
	struct th_dname domain;
	bool undelegated; /* NS (and DS) given by the user */
	/* Undelegated test: the DS set that stands in for the parent's. */
	size_t nds;
	struct th_ev_ds ds[TH_EV_MAXDS];
	bool ipv4, ipv6; /* families queries were sent over */
	bool budget_exceeded;
	unsigned budget_s; /* the per-domain time budget */
	uint64_t now;      /* seconds since the epoch when collected */
	/* BASIC01: how the parent answered for the domain. */
	uint8_t parent_status; /* enum th_res_status of the delegation */
	struct th_dname parent;
	/* The parent zone's chain of trust from the run's anchor
	 * (crawler/chain; owned by the run, which outlives the evidence);
	 * NULL when not checked (no chain in the run, undelegated test). */
	const struct th_trust_zone *parent_trust;
	struct th_ev_nsset parent_ns;
	const struct th_answer *referral;
	/* Method2/4 and Method3/5. */
	struct th_ev_nsset ns;
	/* Replies and lookups, in the order they were made. */
	struct th_ev_reply *replies;
	size_t nreplies, areplies;
	struct th_ev_lookup *lookups;
	size_t nlookups, alookups;
};

void th_ev_init(struct th_evidence *ev, const struct th_dname *domain);
/* Drop every reference and array; ev can be initialised again. */
void th_ev_free(struct th_evidence *ev);

/*
 * Add a name server name to a set (or find it): src bits are or-ed in.
 * Returns the entry, or NULL when the set is full.
 */
struct th_ev_ns *th_ev_ns_add(struct th_ev_nsset *set,
                              const struct th_dname *name, uint8_t src);
struct th_ev_ns *th_ev_ns_find(const struct th_ev_nsset *set,
                               const struct th_dname *name);
/* Add an address to an entry unless present (or the entry is full). */
void th_ev_ns_add_addr(struct th_ev_ns *ns, const struct th_addr *a);
/* The same for the addresses the zone's own servers gave. */
void th_ev_ns_add_child_addr(struct th_ev_ns *ns, const struct th_addr *a);

/* Record a reply (takes a reference to ans, which may be NULL). */
int th_ev_add_reply(struct th_evidence *ev, const struct th_addr *server,
                    enum th_qflavor f, const struct th_dname *qname,
                    uint16_t qtype, const struct th_answer *ans)
    __attribute__((warn_unused_result));

/* The reply of server to (f, qname, qtype), or NULL if never asked. */
const struct th_answer *
th_ev_reply(const struct th_evidence *ev, const struct th_addr *server,
            enum th_qflavor f, const struct th_dname *qname, uint16_t qtype);

/* Record a lookup from a resolver result (copied; answer referenced). */
int th_ev_add_lookup(struct th_evidence *ev, const struct th_dname *qname,
                     uint16_t qtype, const struct th_res_result *res)
    __attribute__((warn_unused_result));

const struct th_ev_lookup *th_ev_lookup(const struct th_evidence *ev,
                                        const struct th_dname *qname,
                                        uint16_t qtype);

/* One (name, address) pair of the NS sets. */
struct th_ev_ip {
	const struct th_ev_ns *ns;
	struct th_addr addr;
};

/* Which address families th_ev_pairs keeps. */
enum th_ev_family { TH_EV_FAM_USED, TH_EV_FAM_UNUSED, TH_EV_FAM_ANY };

/*
 * The distinct (name, address) pairs whose name has any of the src bits
 * (TH_EV_DEL | TH_EV_CHILD: Zonemaster's "all NS IPs"), in set order:
 * addr[] of each name, plus child_addr[] when src has TH_EV_CHILD, of
 * the families fam selects (ev->ipv4/ipv6 say which are in use). Returns
 * how many were written (at most max).
 */
size_t th_ev_pairs(const struct th_evidence *ev, uint8_t src,
                   enum th_ev_family fam, struct th_ev_ip *out, size_t max);

/* th_ev_pairs of the families in use: the servers that were asked. */
size_t th_ev_ips(const struct th_evidence *ev, uint8_t src,
                 struct th_ev_ip *out, size_t max);

/* The pairs of both NS sets whose family is not in use: those th_ev_ips
 * leaves out, for the *_DISABLED messages. */
size_t th_ev_disabled_ips(const struct th_evidence *ev, struct th_ev_ip *out,
                          size_t max);

/* The distinct addresses among th_ev_ips (a server asked once). */
size_t th_ev_addrs(const struct th_evidence *ev, uint8_t src,
                   struct th_addr *out, size_t max);

/* A reply's message, parsed, when it came back as a DNS answer (a may be
 * NULL: never asked). */
bool th_ev_reply_msg(const struct th_answer *a, struct th_msg *m);

/* "ns1.example.se/192.0.2.1", Zonemaster's way to name a server; with a
 * NULL, the name alone, without the final dot (the root stays "."). */
void th_ev_ns_str(const struct th_dname *name, const struct th_addr *a,
                  char *dst, size_t size);

/*
 * Test and tool support: an answer made from wire octets, as the
 * transport would deliver it (outcome ANSWER with its RCODE, or the given
 * outcome with no message). The caller owns the reference.
 */
struct th_answer *th_ev_make_answer(enum th_outcome o, const uint8_t *wire,
                                    size_t len);

#endif /* TH_EVIDENCE_H */
