/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay.h -- the relay: every configured listener on one libuv loop.
 *
 * A relay sits in front of a real name server and emulates what the
 * kernel's netem would (delay, jitter, loss) plus a few server faults (see
 * enum relay_mode). Each listener owns a UDP socket on its LISTEN address,
 * an upstream UDP socket towards its BACKEND and, unless the mode has no
 * TCP, a TCP listener; held packets of every listener share one timer heap
 * and one seeded random stream.
 *
 * Lifecycle (libuv rules: memory is released only after the loop has run
 * the close callbacks):
 *
 *     relay_new()  -> relay_start() -> uv_run() ... relay_close()
 *                  -> uv_run() until it returns -> relay_free()
 *
 * relay_close() may be called after a failed relay_start() too.
 */
#ifndef TH_RELAY_H
#define TH_RELAY_H

#include "testbed/relay/relay_conf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

struct relay;

/* Tunables; relay_opts_default() gives the documented defaults. */
struct relay_opts {
	uint64_t seed;        /* PRNG seed for loss and jitter */
	size_t max_held;      /* delayed packets/messages held at once */
	uint32_t max_tcp;     /* TCP connections open at once */
	uint32_t max_ids;     /* UDP queries awaiting a reply, per listener */
	uint32_t id_ttl_ms;   /* forget an unanswered UDP query after this */
	uint32_t tcp_idle_ms; /* close an idle relayed TCP connection */
	uint32_t blackhole_idle_ms; /* close an idle blackhole connection */
	bool recvmmsg;              /* read UDP with recvmmsg(2) batches */
};

void relay_opts_default(struct relay_opts *opts);

/*
 * Create a relay for conf (copied; the caller keeps its own).
 * @return 0 and *out; TH_ENOMEM.
 */
int relay_new(uv_loop_t *loop, const struct relay_conf *conf,
              const struct relay_opts *opts, struct relay **out)
    __attribute__((warn_unused_result));

/*
 * Bind and start every listener. Stops at the first failure, which is
 * logged with the address concerned.
 * @return 0, or the uv error (negated errno, e.g. UV_EADDRINUSE).
 */
int relay_start(struct relay *r) __attribute__((warn_unused_result));

/*
 * Close every socket, connection and timer and cancel held packets.
 * Idempotent. The loop must then run until it returns before relay_free().
 */
void relay_close(struct relay *r);

/* Release the relay after relay_close() and the loop's last run. */
void relay_free(struct relay *r);

/* Listeners configured. */
size_t relay_listener_count(const struct relay *r);

/*
 * Write every listener's counters to path (via a temporary file renamed
 * into place, so readers never see half a file).
 * @return 0 or a negated errno.
 */
int relay_stats_write(const struct relay *r, const char *path)
    __attribute__((warn_unused_result));

#endif /* TH_RELAY_H */
