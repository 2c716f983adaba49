/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * transport.h -- asynchronous DNS queries over UDP and TCP on one libuv loop.
 *
 * Everything the crawler asks a name server goes through here. A query is
 * (server address, struct th_query, protocol); its result is a struct
 * th_answer: an outcome (an answer, a timeout, a network error, a
 * malformed answer, or a truncated answer with no TCP service), the RCODE,
 * the round-trip time, the protocol that carried it and the message. A DNS
 * outcome is data, never an error code.
 *
 * What the layer guarantees:
 * - Forged or stray packets never become answers: the source address and
 *   port, the ID (random, from the kernel CSPRNG) on a randomly chosen
 *   socket of a pool with kernel-chosen ports, QR, the opcode and the
 *   question must all match; anything else is dropped and counted.
 * - A question is asked once per run: answers (and non-answers) are cached
 *   under (server, protocol, query octets), and identical questions in
 *   flight share one query.
 * - Politeness: a token bucket per server address and a global one, a cap
 *   on queries in flight, bounded retries, and back-off when a server
 *   shows rate limiting (truncation slips, REFUSED, timeouts). Servers are
 *   served round-robin by their next permitted send time, so a server at
 *   its limit never holds back the others.
 *
 * Single-threaded: every call must come from the loop's thread.
 */
#ifndef TH_TRANSPORT_H
#define TH_TRANSPORT_H

#include "common/addr.h"
#include "common/msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#define TH_OUTCOME_MAP(XX)                                                     \
	XX(ANSWER, "answer")                                                   \
	XX(TIMEOUT, "no answer before the timeout, after every try")           \
	XX(NETWORK_ERROR, "the network refused the query")                     \
	XX(MALFORMED, "the answer matched the query but is malformed")         \
	XX(TRUNCATED_NO_TCP, "truncated over UDP, and no answer over TCP")

enum th_outcome {
#define TH_OUTCOME_ENUM(name, text) TH_OUT_##name,
	TH_OUTCOME_MAP(TH_OUTCOME_ENUM)
#undef TH_OUTCOME_ENUM
	    TH_OUT__COUNT
};

/* "ANSWER", "TIMEOUT", ...; static, never NULL. */
const char *th_outcome_name(enum th_outcome o);

/* How to carry a query. */
enum th_proto {
	TH_PROTO_UDP = 0,  /* UDP, then TCP when the answer is truncated */
	TH_PROTO_TCP = 1,  /* TCP only (AXFR is always TCP) */
	TH_PROTO_UDP_ONLY, /* UDP only: a truncated answer is the answer */
};

/* Which protocol carried the final result. */
enum th_via { TH_VIA_UDP = 0, TH_VIA_TCP = 1 };

/* Answer flags. */
#define TH_ANS_OVERSIZE                                                        \
	0x01u                 /* UDP answer above the size the query allowed   \
	                       */
#define TH_ANS_TC_FIRST 0x02u /* came over TCP after a truncated UDP answer */

/*
 * A result. Reference-counted and immutable; the cache holds one reference.
 * For AXFR, wire holds every message of the transfer, each preceded by its
 * 2-octet length (th_answer_next_msg walks them); otherwise the single
 * message (for TRUNCATED_NO_TCP the truncated UDP answer, for MALFORMED
 * the offending octets).
 */
struct th_answer {
	uint32_t refs;
	uint8_t outcome; /* enum th_outcome */
	uint8_t via;     /* enum th_via */
	uint8_t tries;   /* attempts made (1 = first try answered) */
	uint8_t reason;  /* enum th_msg_reason, for MALFORMED */
	uint8_t flags;   /* TH_ANS_* */
	uint8_t axfr;    /* wire holds length-prefixed messages */
	uint16_t rcode;  /* full RCODE (with EDNS upper bits), ANSWER only */
	int neterr;      /* libuv error code, for NETWORK_ERROR */
	uint32_t rtt_us; /* round-trip time of the try that answered */
	uint32_t nmsg;   /* messages in wire */
	uint32_t len;    /* octets in wire */
	uint8_t wire[];
};

void th_answer_ref(const struct th_answer *a);
void th_answer_unref(const struct th_answer *a);

/*
 * Walk the messages of an answer: *off starts at 0; returns false at the
 * end. Works for single-message answers too.
 */
bool th_answer_next_msg(const struct th_answer *a, size_t *off,
                        const uint8_t **msg, size_t *len);

struct th_transport_conf {
	unsigned timeout_ms; /* per try; default 5000 (Zonemaster) */
	unsigned tries;      /* attempts per query; default 2 (Zonemaster) */
	/* A first UDP try that has a retry behind it gives up after this
	 * long instead (default 1000; 0 or not below timeout_ms: the same as
	 * timeout_ms). A lost datagram then costs a second, not five: what
	 * a survey of lossy paths needs. The last try always has timeout_ms,
	 * so a server that is just slow still answers in time. */
	unsigned first_timeout_ms;
	unsigned qps;        /* global queries per second; 0 = no limit */
	unsigned server_qps; /* per server address; 0 = no limit */
	unsigned inflight;   /* queries sent and not answered; default 1024 */
	/* While at least 64 queries are in flight, queries wait up to this
	 * long to go out together: UDP in one burst per server, TCP in one
	 * write per connection (default 5; 0: at once). docs/transport.md
	 * section 6. */
	unsigned linger_ms;
	unsigned udp_sockets;  /* sockets per address family; default 16 */
	unsigned tcp_idle_ms;  /* idle TCP connections close; default 3000 */
	unsigned tcp_pipeline; /* queries outstanding per TCP connection */
	size_t cache_bytes;    /* answer cache budget; 0 = no cache */
	size_t axfr_max;       /* largest zone transfer kept; default 64 MiB */
};

/* Fill *c with the defaults. */
void th_transport_conf_default(struct th_transport_conf *c);

struct th_transport_stats {
	uint64_t queries;     /* th_transport_query calls */
	uint64_t cache_hits;  /* answered from the cache */
	uint64_t dedup_joins; /* joined an identical query in flight */
	uint64_t sent_udp, sent_tcp;
	uint64_t udp_syscalls;  /* system calls that sent the UDP queries */
	uint64_t retries;       /* tries after the first */
	uint64_t tcp_fallbacks; /* truncated UDP answers retried over TCP */
	uint64_t tcp_connects;
	uint64_t tcp_writes; /* system calls that sent the TCP queries */
	uint64_t outcomes[TH_OUT__COUNT];
	/* Packets dropped, by reason. */
	uint64_t drop_source;   /* unknown source address or port */
	uint64_t drop_id;       /* no query with that ID on that socket */
	uint64_t drop_header;   /* QR unset or another opcode */
	uint64_t drop_question; /* question section differs */
	uint64_t drop_short;    /* header or question unreadable */
	uint64_t backoffs;      /* times a server's rate was lowered */
	uint64_t rate_waits;    /* times a send waited for a rate token */
	/* Gauges. */
	uint64_t inflight, queued, servers;
	uint64_t cache_entries, cache_bytes, cache_evictions;
};

struct th_transport;

typedef void th_query_cb(void *arg, const struct th_answer *ans);

/*
 * Create a transport on loop. Returns 0 or a TH_E* code. If SIGPIPE is at
 * its default action it is set to ignored, process-wide: a server that
 * closes a TCP connection while we write must be an error, not a death.
 */
int th_transport_create(struct th_transport **out, uv_loop_t *loop,
                        const struct th_transport_conf *conf)
    __attribute__((warn_unused_result));

/*
 * Ask q of server over proto. cb runs exactly once, always later from the
 * loop (never inside this call), with a borrowed answer (th_answer_ref to
 * keep it). Returns 0, or TH_EINVAL for an unusable address or query.
 */
int th_transport_query(struct th_transport *t, const struct th_addr *server,
                       const struct th_query *q, enum th_proto proto,
                       th_query_cb *cb, void *arg)
    __attribute__((warn_unused_result));

void th_transport_stats(const struct th_transport *t,
                        struct th_transport_stats *out);

/* The loop the transport runs on. */
uv_loop_t *th_transport_loop(const struct th_transport *t);

/* Per-server figures, for the busiest-server bound and the logs. */
struct th_server_stats {
	struct th_addr addr;
	uint64_t sent, answers, timeouts;
	double rate; /* current permitted qps; 0 = unlimited */
};

void th_transport_foreach_server(const struct th_transport *t,
                                 void (*fn)(const struct th_server_stats *s,
                                            void *arg),
                                 void *arg);

/*
 * Stop: queries not yet answered complete with NETWORK_ERROR (UV_ECANCELED),
 * handles close, and the transport frees itself once the loop has run
 * their close callbacks (run the loop until it ends).
 */
void th_transport_close(struct th_transport *t);

#endif /* TH_TRANSPORT_H */
