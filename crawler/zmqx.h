/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zmqx.h -- the ZeroMQ adapter: the only module that includes <zmq.h>.
 *
 * The crawl's processes talk over a few socket patterns (ROUTER for the
 * coordinator, DEALER for workers, PUSH/PULL between coordinator and
 * sink), with single- or two-part messages, polled together with plain
 * descriptors (a signalfd). Endpoints are ZeroMQ's ("ipc:///path",
 * "tcp://127.0.0.1:5555"). CURVE (libsodium) authenticates and encrypts
 * TCP endpoints that leave the host. ZeroMQ's errors become TH_EMQ, or a
 * negated errno for EAGAIN and EINTR, which callers act on.
 */
#ifndef TH_ZMQX_H
#define TH_ZMQX_H

#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Z85 text of a CURVE key: 40 characters and a NUL. */
#define TH_ZMQX_KEYLEN 41

struct th_zmqx;      /* a context: one per process */
struct th_zmqx_sock; /* a socket of that context */

enum th_zmqx_type {
	TH_ZMQX_ROUTER,
	TH_ZMQX_DEALER,
	TH_ZMQX_PUSH,
	TH_ZMQX_PULL,
};

/* CURVE keys of one side; NULL members: no CURVE. */
struct th_zmqx_curve {
	const char *public_key; /* ours */
	const char *secret_key; /* ours */
	const char *server_key; /* the server's public key (clients only) */
};

int th_zmqx_create(struct th_zmqx **out) __attribute__((warn_unused_result));
/* Sockets must be closed first. NULL is a no-op; *zp becomes NULL. */
void th_zmqx_destroy(struct th_zmqx **zp);

/*
 * A socket. linger_ms: how long a close waits to deliver queued
 * messages. curve NULL: plain; with a server key the socket is a CURVE
 * client, without one a CURVE server. Returns 0 or TH_EMQ.
 */
int th_zmqx_sock_open(struct th_zmqx_sock **out, struct th_zmqx *z,
                      enum th_zmqx_type type, int linger_ms,
                      const struct th_zmqx_curve *curve)
    __attribute__((warn_unused_result));
void th_zmqx_sock_close(struct th_zmqx_sock **sp);

int th_zmqx_bind(struct th_zmqx_sock *s, const char *endpoint)
    __attribute__((warn_unused_result));
int th_zmqx_connect(struct th_zmqx_sock *s, const char *endpoint)
    __attribute__((warn_unused_result));

/*
 * Send one frame; more: another frame of the same message follows.
 * Returns 0, -EAGAIN (dontwait and the queue is full, or no peer),
 * -EINTR, or TH_EMQ.
 */
int th_zmqx_send(struct th_zmqx_sock *s, const void *p, size_t len, bool more,
                 bool dontwait) __attribute__((warn_unused_result));

/*
 * Receive one frame into out (replacing its content); *more tells
 * whether another frame of the message follows. Returns 0, -EAGAIN,
 * -EINTR, TH_ETOOBIG (over out's cap: the frame is dropped) or TH_EMQ.
 */
int th_zmqx_recv(struct th_zmqx_sock *s, struct th_buf *out, bool *more,
                 bool dontwait) __attribute__((warn_unused_result));

/* Drop the rest of a multi-part message. */
void th_zmqx_drain(struct th_zmqx_sock *s);

/*
 * The descriptor that becomes readable when the socket's state may have
 * changed (edge-triggered: check th_zmqx_readable after every wake-up
 * and after every send or receive).
 */
int th_zmqx_fd(struct th_zmqx_sock *s, int *fd)
    __attribute__((warn_unused_result));
bool th_zmqx_readable(struct th_zmqx_sock *s);

/* One item of a poll: a socket, or (sock NULL) a descriptor. */
struct th_zmqx_pollitem {
	struct th_zmqx_sock *sock;
	int fd;
	bool readable; /* out */
};

/*
 * Wait until an item is readable or timeout_ms passes (-1: forever).
 * Returns the number of readable items, -EINTR or TH_EMQ.
 */
int th_zmqx_poll(struct th_zmqx_pollitem *items, size_t n, long timeout_ms);

/* Whether this libzmq can do CURVE. */
bool th_zmqx_has_curve(void);

/* A new CURVE key pair, Z85 text. Returns 0 or TH_EMQ (no CURVE). */
int th_zmqx_keygen(char public_key[TH_ZMQX_KEYLEN],
                   char secret_key[TH_ZMQX_KEYLEN])
    __attribute__((warn_unused_result));

#endif /* TH_ZMQX_H */
