/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_udp.c -- the UDP path: loss, delay, mode, ID rewrite, reply.
 *
 * A query read on LISTEN may be lost (seeded chance), is then held for its
 * drawn delay (or handled at once when the delay is 0), then goes through
 * the mode: dropped, answered here, or rewritten; what is left gets a
 * relay-assigned ID and leaves through the listener's upstream socket.
 * A reply read on the upstream socket is matched by that ID, gets the
 * client's ID back, is rewritten by the mode (AA cleared, truncated) and
 * leaves from the LISTEN socket, so the client sees the address it asked.
 *
 * Sends use uv_udp_try_send(): a synchronous sendmsg(2) without a request
 * allocation; a full socket buffer drops the datagram (counted), which is
 * what a congested path would do.
 */
#include "testbed/relay/relay_int.h"
#include "testbed/relay/relay_wire.h"

#include "common/err.h"
#include "common/log.h"

#include <stdlib.h>
#include <string.h>

/* Ask for large socket buffers; the kernel caps them at rmem/wmem_max. */
#define UDP_SOCKBUF (4 * 1024 * 1024)

/* A query held for its delay. */
struct udp_held {
	struct relay_timed t;
	struct relay_listener *l;
	union relay_addr client;
	size_t len;
	uint8_t data[];
};

static void
udp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct relay_listener *l = h->data;

	(void)suggested;
	buf->base = (char *)l->relay->udp_buf;
	buf->len = l->relay->udp_buf_len;
}

static void
udp_send(struct relay_listener *l, uv_udp_t *sock, const uint8_t *msg,
         size_t len, const struct sockaddr *to)
{
	uv_buf_t b = uv_buf_init((char *)msg, (unsigned)len);
	int rc = uv_udp_try_send(sock, &b, 1, to);

	if (rc < 0) {
		l->st.udp_send_err++;
		th_log_debug("udp send: %s", uv_strerror(rc));
	}
}

/*
 * The query has arrived at the emulated server: apply the mode and
 * forward. msg is writable and at least RELAY_DNS_HDR long.
 */
static void
udp_query(struct relay_listener *l, const union relay_addr *client,
          uint8_t *msg, size_t len)
{
	struct relay_wire_info wi;
	uint16_t id;

	switch (relay__query_verdict(l->conf->mode, msg, &len, &wi)) {
	case RELAY_DROP:
		l->st.udp_mode_drop++;
		return;
	case RELAY_ANSWER:
		l->st.udp_local++;
		l->st.udp_out++;
		udp_send(l, &l->udp, msg, len, &client->sa);
		return;
	case RELAY_PASS:
		break;
	}
	if (relay_idmap_put(
	        &l->ids, client, relay_wire_id(msg), relay_wire_qhash(msg, &wi),
	        uv_now(l->relay->loop) + l->relay->opts.id_ttl_ms, &id) != 0) {
		l->st.udp_overflow++;
		return;
	}
	relay_wire_set_id(msg, id);
	l->st.udp_forwarded++;
	udp_send(l, &l->up, msg, len, &l->conf->backend.sa);
}

static void
udp_held_fire(struct relay_timed *t, int status)
{
	struct udp_held *h = RELAY_CONTAINER_OF(t, struct udp_held, t);

	if (status == 0 && !h->l->relay->closing)
		udp_query(h->l, &h->client, h->data, h->len);
	free(h);
}

static void
udp_copy_addr(union relay_addr *dst, const struct sockaddr *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->sa_family == AF_INET6)
		memcpy(&dst->in6, src, sizeof(dst->in6));
	else
		memcpy(&dst->in4, src, sizeof(dst->in4));
}

/* A datagram on LISTEN: a client's query. */
static void
udp_on_query(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf,
             const struct sockaddr *addr, unsigned flags)
{
	struct relay_listener *l = h->data;
	struct relay *r = l->relay;
	union relay_addr client;
	struct udp_held *held;
	uint64_t due;

	(void)flags;
	if (nread < 0) {
		th_log_debug("udp read: %s", uv_strerror((int)nread));
		return;
	}
	/* nread 0 without a peer: nothing read, or the end of a batch. */
	if (addr == NULL)
		return;
	l->st.udp_in++;
	if (l->conf->mode == RELAY_MODE_BLACKHOLE) {
		l->st.udp_mode_drop++;
		return;
	}
	if ((size_t)nread < RELAY_DNS_HDR) {
		l->st.udp_short++;
		return;
	}
	if (th_rng_chance_ppm(&r->rng, l->conf->loss_ppm)) {
		l->st.udp_lost++;
		return;
	}
	udp_copy_addr(&client, addr);
	due = relay__due(l);
	if (due == 0) {
		udp_query(l, &client, (uint8_t *)buf->base, (size_t)nread);
		return;
	}
	if ((held = malloc(sizeof(*held) + (size_t)nread)) == NULL) {
		l->st.udp_overflow++;
		return;
	}
	held->t.fire = udp_held_fire;
	held->l = l;
	held->client = client;
	held->len = (size_t)nread;
	memcpy(held->data, buf->base, (size_t)nread);
	if (relay_delay_push(&r->delay, &held->t, due) != 0) {
		free(held);
		l->st.udp_overflow++;
	}
}

/* A datagram on the upstream socket: the backend's reply. */
static void
udp_on_reply(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf,
             const struct sockaddr *addr, unsigned flags)
{
	struct relay_listener *l = h->data;
	uint8_t *msg = (uint8_t *)buf->base;
	size_t len = (size_t)nread;
	struct relay_wire_info wi;
	union relay_addr client;
	uint16_t orig_id;

	(void)flags;
	if (nread < 0) {
		th_log_debug("udp upstream read: %s", uv_strerror((int)nread));
		return;
	}
	if (addr == NULL)
		return;
	if (len < RELAY_DNS_HDR || !relay_addr_equal(&l->conf->backend, addr)) {
		l->st.udp_stray++;
		return;
	}
	(void)relay_wire_scan(msg, len, false, &wi); /* qend 0 if malformed */
	if (relay_idmap_take(&l->ids, relay_wire_id(msg),
	                     relay_wire_qhash(msg, &wi), &client,
	                     &orig_id) != 0) {
		l->st.udp_stray++;
		return;
	}
	relay_wire_set_id(msg, orig_id);
	if (l->conf->mode == RELAY_MODE_NOAA)
		relay_wire_clear_aa(msg, len);
	else if (l->conf->mode == RELAY_MODE_TC_ALWAYS)
		len = relay_wire_truncate(msg, len);
	l->st.udp_out++;
	udp_send(l, &l->udp, msg, len, &client.sa);
}

/* Open one UDP socket: init, bind, buffers, read. */
static int
udp_open(struct relay_listener *l, uv_udp_t *sock, bool *init,
         const union relay_addr *bind_to, uv_udp_recv_cb on_recv,
         const char *what)
{
	char text[RELAY_ADDR_STRLEN];
	unsigned flags = bind_to->sa.sa_family;
	int size = UDP_SOCKBUF;
	int rc;

	if (l->relay->opts.recvmmsg)
		flags |= UV_UDP_RECVMMSG;
	if ((rc = uv_udp_init_ex(l->relay->loop, sock, flags)) != 0)
		goto fail;
	*init = true;
	sock->data = l;
	if ((rc = uv_udp_bind(
	         sock, &bind_to->sa,
	         bind_to->sa.sa_family == AF_INET6 ? UV_UDP_IPV6ONLY : 0)) != 0)
		goto fail;
	/* Best effort: a smaller buffer only means earlier drops. */
	(void)uv_recv_buffer_size((uv_handle_t *)sock, &size);
	size = UDP_SOCKBUF;
	(void)uv_send_buffer_size((uv_handle_t *)sock, &size);
	if ((rc = uv_udp_recv_start(sock, udp_alloc, on_recv)) != 0)
		goto fail;
	return 0;
fail:
	relay_addr_format(bind_to, text, sizeof(text));
	th_log_error("%s %s: %s", what, text, uv_strerror(rc));
	return rc;
}

int
relay__udp_start(struct relay_listener *l)
{
	union relay_addr any;
	int rc;

	if ((rc = udp_open(l, &l->udp, &l->udp_init, &l->conf->listen,
	                   udp_on_query, "udp listen")) != 0)
		return rc;
	if (!l->conf->has_backend)
		return 0;
	/* The upstream socket: any local address, an ephemeral port. */
	memset(&any, 0, sizeof(any));
	any.sa.sa_family = l->conf->backend.sa.sa_family;
	return udp_open(l, &l->up, &l->up_init, &any, udp_on_reply,
	                "udp upstream for");
}
