/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cannedsrv.h -- a "canned" DNS server for unit tests: answers from rules.
 *
 * One thread serves 127.0.0.1 ... 127.0.0.9, UDP and TCP, all on one
 * unprivileged port chosen at start. Each query is answered from a table
 * of rules written in zone-file syntax (ldns builds the messages): the
 * first rule that matches the address, qname and qtype wins; no rule
 * means REFUSED. Every query is logged (address, protocol, question, the
 * octets with the ID zeroed, arrival time), so a test can count what it
 * asked where, per address, per (qname, qtype), or per exact query shape.
 *
 * Over TCP every message is 2-octet length-prefixed; each query gets one
 * answer (none for a silent rule) and the server closes the connection
 * when the client does. A rule with CS_TC answers UDP with an empty
 * truncated message and TCP in full. There are no delays: a server is
 * either prompt or silent (CS_DROP), which the client sees as a timeout.
 */
#ifndef TH_TESTS_CANNEDSRV_H
#define TH_TESTS_CANNEDSRV_H

#include "common/addr.h"
#include "common/dname.h"
#include "common/msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Addresses served: 127.0.0.1 is index 0, 127.0.0.9 index 8. */
#define CANNEDSRV_NADDR 9

/* Rule flags. */
#define CS_AA 0x01u   /* set AA */
#define CS_SUB 0x02u  /* qname matches the name and everything below it */
#define CS_DROP 0x04u /* never answer (the query is still logged) */
#define CS_TC 0x08u   /* over UDP: no records and TC set */
#define CS_EDNS 0x10u /* match only queries that carry an OPT record */

struct cannedsrv_rule {
	const char *server; /* "127.0.0.1" .. "127.0.0.9"; NULL ends a table */
	const char *qname;  /* absolute; NULL matches any name */
	uint16_t qtype;     /* 0 matches any type */
	unsigned flags;     /* CS_* */
	uint8_t rcode;
	/* Records of answer, authority, additional: one per line. */
	const char *an, *ns, *ar;
};

/* A referral to zone (for the name and below). */
#define CS_REFER(srv, zone, ns, glue)                                          \
	{                                                                      \
		srv, zone, 0, CS_SUB, TH_RCODE_NOERROR, NULL, ns, glue         \
	}
/* An authoritative answer. */
#define CS_AUTH(srv, name, type, an)                                           \
	{                                                                      \
		srv, name, type, CS_AA, TH_RCODE_NOERROR, an, NULL, NULL       \
	}
/* NODATA for the name itself, or for everything at and below it. */
#define CS_NODATA(srv, name, soa)                                              \
	{                                                                      \
		srv, name, 0, CS_AA, TH_RCODE_NOERROR, NULL, soa, NULL         \
	}
#define CS_EMPTY(srv, zone, soa)                                               \
	{                                                                      \
		srv, zone, 0, CS_AA | CS_SUB, TH_RCODE_NOERROR, NULL, soa,     \
		    NULL                                                       \
	}
#define CS_NXDOM(srv, zone, soa)                                               \
	{                                                                      \
		srv, zone, 0, CS_AA | CS_SUB, TH_RCODE_NXDOMAIN, NULL, soa,    \
		    NULL                                                       \
	}
/* Every query to srv goes unanswered. */
#define CS_SILENT(srv)                                                         \
	{                                                                      \
		srv, NULL, 0, CS_DROP, 0, NULL, NULL, NULL                     \
	}
#define CS_END                                                                 \
	{                                                                      \
		NULL, NULL, 0, 0, 0, NULL, NULL, NULL                          \
	}

/* The query octets kept in the log (every test query fits). */
#define CANNEDSRV_WIREMAX 512

/* One query as received. */
struct cannedsrv_query {
	int srv;   /* index of the address */
	bool tcp;  /* came over TCP */
	bool edns; /* carried an OPT record */
	uint16_t qtype, qclass;
	struct th_dname qname;
	uint64_t at_ns; /* arrival, CLOCK_MONOTONIC (uv_hrtime's clock) */
	size_t len;     /* octets in wire (at most CANNEDSRV_WIREMAX) */
	uint8_t wire[CANNEDSRV_WIREMAX]; /* the query, ID zeroed */
};

struct cannedsrv;

/*
 * Bind every address (UDP and TCP) on one free port and start serving
 * the rules of tables (a NULL-terminated list), in order. Aborts the test
 * on a fixture error or when no port is free.
 */
struct cannedsrv *cannedsrv_start(const struct cannedsrv_rule *const *tables);

/* Stop the thread, close every socket, free. */
void cannedsrv_stop(struct cannedsrv *c);

/* The port every address listens on. */
uint16_t cannedsrv_port(const struct cannedsrv *c);

/* The index of "127.0.0.N" (N - 1); aborts for any other address. */
int cannedsrv_index(const char *ip);

/* The address of "127.0.0.N" with the server's port. */
struct th_addr cannedsrv_addr(const struct cannedsrv *c, const char *ip);

/* Queries received at address srv, over both protocols. */
unsigned cannedsrv_count(struct cannedsrv *c, int srv);

/*
 * Queries for (qname, qtype) received at srv: srv -1, qname NULL and
 * qtype 0 match any; names compare without case.
 */
unsigned cannedsrv_count_q(struct cannedsrv *c, int srv,
                           const struct th_dname *qname, uint16_t qtype);

/*
 * Queries received at srv (-1: any) over the given protocol whose octets,
 * the ID aside, are wire (as th_query_write makes them).
 */
unsigned cannedsrv_count_wire(struct cannedsrv *c, int srv, bool tcp,
                              const uint8_t *wire, size_t len);

/* Queries logged so far, and a copy of the i-th (false past the end). */
size_t cannedsrv_nlog(struct cannedsrv *c);
bool cannedsrv_log(struct cannedsrv *c, size_t i, struct cannedsrv_query *out);

/*
 * The log as "N:name/TYPE ..." (N = 1 for 127.0.0.1; "+tcp" after a query
 * that came over TCP), truncated to size, for failure messages.
 */
void cannedsrv_dump(struct cannedsrv *c, char *out, size_t size);

#endif /* TH_TESTS_CANNEDSRV_H */
