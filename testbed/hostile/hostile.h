/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostile.h -- a scripted misbehaving DNS server for the transport tests.
 *
 * The server answers any name below any zone; the FIRST LABEL of the query
 * name (ASCII case ignored) picks how it misbehaves: "wrongid.x.test."
 * gets an answer with the wrong ID, "tc.x.test." a truncated one, and so on
 * (docs/hostile-server.md lists every behaviour; an unknown label, or the
 * root, gets a normal answer). It listens on UDP and, optionally, TCP on
 * one address and one port, and runs its own libuv loop, either in the
 * caller's thread (hostile_run) or in a thread of its own (hostile_start),
 * so a unit test can start it next to the client under test.
 *
 * Lifecycle:
 *
 *     hostile_open() -> hostile_start() ... hostile_stop() -> hostile_close()
 *     hostile_open() -> hostile_run() (returns after hostile_stop() from
 *                       another thread) -> hostile_close()
 *
 * hostile_close() may follow hostile_open() directly, and stops a running
 * server itself when it was started with hostile_start(). A struct
 * hostile is used by one thread at a time, except hostile_stop(),
 * hostile_port() and hostile_stats(), which any thread may call while the
 * server runs.
 */
#ifndef TH_HOSTILE_H
#define TH_HOSTILE_H

#include <stdbool.h>
#include <stdint.h>

struct hostile;

struct hostile_conf {
	const char *addr;     /* listen address, "127.0.0.1" or "::1" */
	const char *alt_addr; /* source of "otheraddr" answers, same family
	                         as addr; NULL: "otheraddr" answers normally */
	uint16_t port;        /* 0: ephemeral (the same for UDP and TCP) */
	bool tcp;             /* listen on TCP as well */
	unsigned late_ms;     /* delay of the "late" behaviour; 0: 1500 */
};

/* Counters, updated as the server runs; readable from any thread. */
struct hostile_stats {
	uint64_t udp_queries;     /* well-formed queries read over UDP */
	uint64_t tcp_queries;     /* well-formed queries read over TCP */
	uint64_t tcp_connections; /* TCP connections accepted */
};

/*
 * Create a server and bind its sockets (conf and its strings are copied).
 * The sockets are bound when it returns, so a client may send at once:
 * datagrams wait in the kernel until the loop runs.
 * @return 0 and *out; TH_EINVAL for an unparsable address, mixed address
 *         families or late_ms over 600000; TH_ENOMEM; or the negated errno
 *         of a failed socket call (-EADDRINUSE, -EADDRNOTAVAIL, ...).
 *         On failure *out is NULL and nothing is left open.
 */
int hostile_open(struct hostile **out, const struct hostile_conf *conf)
    __attribute__((warn_unused_result));

/* The bound port, shared by UDP and TCP. */
uint16_t hostile_port(const struct hostile *h);

/*
 * Run the loop in the calling thread until hostile_stop(). SIGPIPE is
 * blocked in the calling thread meanwhile, so writes to a client that
 * went away fail with EPIPE instead of killing the process.
 * @return 0; TH_EINVAL when the server already runs or has run.
 */
int hostile_run(struct hostile *h) __attribute__((warn_unused_result));

/*
 * Run hostile_run() in a new thread, which blocks every signal (they stay
 * with the caller's threads).
 * @return 0; TH_EINVAL when already started or run; a negated errno from
 *         pthread_create().
 */
int hostile_start(struct hostile *h) __attribute__((warn_unused_result));

/*
 * Ask the loop to close every socket, connection and timer and return
 * (pending late answers are dropped). Safe from any thread but the
 * server's own, and idempotent. When the server was started with
 * hostile_start(), it also waits for that thread to end.
 */
void hostile_stop(struct hostile *h);

/*
 * Stop the server if it still runs (see hostile_stop) and free everything.
 * A server run with hostile_run() must have returned from it. NULL is
 * allowed.
 */
void hostile_close(struct hostile *h);

/* Copy the counters (consistent per field, not across fields). */
void hostile_stats(const struct hostile *h, struct hostile_stats *out);

#endif /* TH_HOSTILE_H */
