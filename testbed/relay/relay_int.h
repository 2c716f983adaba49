/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_int.h -- state shared by relay.c, relay_udp.c and relay_tcp.c.
 *
 * Not a public interface: the layouts here are private to the relay
 * module, and the relay__ functions are its internal seams (relay.c sets a
 * listener up, relay_udp.c and relay_tcp.c move its packets).
 */
#ifndef TH_RELAY_INT_H
#define TH_RELAY_INT_H

#include "testbed/relay/relay.h"
#include "testbed/relay/relay_delay.h"
#include "testbed/relay/relay_idmap.h"
#include "common/rng.h"
#include "testbed/relay/relay_wire.h"

#include <stddef.h>

#define RELAY_CONTAINER_OF(ptr, type, member)                                  \
	((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/* Per-listener counters, written by relay_stats_write(). */
#define RELAY_STATS_MAP(XX)                                                    \
	XX(udp_in)        /* UDP datagrams received on LISTEN */               \
	XX(udp_forwarded) /* UDP queries sent to the backend */                \
	XX(udp_lost)      /* dropped by the configured loss */                 \
	XX(udp_out)       /* UDP responses sent to clients */                  \
	XX(udp_mode_drop) /* dropped by the mode (blackhole, edns-drop) */     \
	XX(udp_local)     /* answered by the relay itself (edns-formerr) */    \
	XX(udp_short)     /* shorter than a DNS header, dropped */             \
	XX(udp_overflow)  /* dropped: held-packet or ID table full */          \
	XX(udp_expired)   /* forwarded, no reply within the ID lifetime */     \
	XX(udp_stray)     /* backend datagrams matching no query */            \
	XX(udp_send_err)  /* sendmsg failures (EAGAIN, ...) */                 \
	XX(tcp_conns)     /* TCP connections accepted */                       \
	XX(tcp_rejected)  /* TCP connections closed at once: cap reached */    \
	XX(tcp_failed)    /* backend connect failures */                       \
	XX(tcp_msgs_in)   /* TCP messages read from clients */                 \
	XX(tcp_msgs_out)  /* TCP messages written to clients */                \
	XX(tcp_mode_drop) /* TCP messages dropped by the mode */               \
	XX(tcp_overflow)  /* connections closed: held-message queue full */

struct relay_stats {
#define RELAY_STATS_FIELD(name) uint64_t name;
	RELAY_STATS_MAP(RELAY_STATS_FIELD)
#undef RELAY_STATS_FIELD
};

struct relay_tcp_conn;

struct relay_listener {
	struct relay *relay;
	const struct relay_conf_listener *conf;
	uv_udp_t udp; /* on LISTEN */
	uv_udp_t up;  /* towards BACKEND (conf->has_backend) */
	uv_tcp_t tcp; /* on LISTEN (relay_mode_has_tcp) */
	bool udp_init, up_init, tcp_init;
	struct relay_idmap ids;
	struct relay_stats st;
};

struct relay {
	uv_loop_t *loop;
	struct relay_opts opts;
	struct relay_conf conf; /* our copy; listeners point into it */
	struct relay_listener *ls;
	size_t nls;
	struct relay_delay delay;
	struct th_rng rng;
	uv_timer_t sweep; /* expires UDP ID mappings */
	bool delay_init, sweep_init;
	bool closing;
	uint32_t tcp_open;            /* connections currently open */
	struct relay_tcp_conn *conns; /* every open connection */
	uint8_t *udp_buf;             /* shared receive buffer */
	size_t udp_buf_len;
	uint8_t *tcp_buf; /* shared TCP read scratch */
	size_t tcp_buf_len;
};

/* What the emulated server does with a query. */
enum relay_verdict {
	RELAY_PASS,   /* relay it to the backend (perhaps rewritten) */
	RELAY_DROP,   /* never answer it */
	RELAY_ANSWER, /* it now holds the relay's own answer: send that back */
};

/*
 * Apply a listener's mode to a query reaching the emulated server (both
 * transports): edns-formerr answers an EDNS query with FORMERR, edns-drop
 * drops it, edns1-ignore sets its EDNS version to 0. A query that cannot
 * be parsed passes unchanged, for the backend to judge.
 * @param[in,out] msg, len  the query; rewritten in place
 * @param[out] wi           its offsets (see relay_wire_scan())
 */
enum relay_verdict relay__query_verdict(enum relay_mode mode, uint8_t *msg,
                                        size_t *len,
                                        struct relay_wire_info *wi);

/*
 * Open the listener's UDP sockets and start reading.
 * @return 0 or a uv error (logged).
 */
int relay__udp_start(struct relay_listener *l);

/*
 * Open the listener's TCP socket and start accepting.
 * @return 0 or a uv error (logged).
 */
int relay__tcp_start(struct relay_listener *l);

/* Close every open TCP connection of the relay (on shutdown). */
void relay__tcp_close_all(struct relay *r);

/*
 * Draw the delay for one packet or message of this listener and return
 * the loop time (ms) it is due at, or 0 when it is not to be held at all.
 * The due time is rounded up from the precise clock, so a packet is never
 * held less than its delay: the loop's cached millisecond clock can lag
 * the real time by up to a millisecond, which would otherwise shorten it.
 */
static inline uint64_t
relay__due(struct relay_listener *l)
{
	uint64_t d = th_rng_jitter(&l->relay->rng, l->conf->delay_ms,
	                           l->conf->jitter_ms);

	if (d == 0)
		return 0;
	return (uv_hrtime() + d * 1000000u + 999999u) / 1000000u;
}

#endif /* TH_RELAY_INT_H */
