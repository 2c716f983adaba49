/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_tcp.c -- the TCP path: length-prefixed messages, delayed on the way up.
 *
 * For each accepted client connection the relay connects to the backend
 * and starts reading both sides only once that connection is up. Bytes are
 * cut into DNS messages (two-byte length prefix); each query is held for
 * a drawn delay (twice for the first, the handshake), with due times kept
 * non-decreasing so the stream order survives jitter, and then delivered:
 * towards the server it first meets the mode (dropped, answered here,
 * rewritten), towards the client it may lose its AA bit. There is no loss
 * on TCP.
 *
 * A client that half-closes gets its pending queries delivered, then the
 * backend's write side is shut down and the backend's answers still flow
 * back until the backend closes; any other close or error closes both.
 * An idle timer closes connections nobody talks on.
 *
 * Memory: a connection holds at most one partial message per direction
 * (<= 65537 bytes), and reading from a side stops while more than
 * TCP_HIGH_WATER bytes read from it are held or being written, so a peer
 * that sends but never reads stalls the stream as a real TCP path would,
 * instead of growing the relay. Bytes are charged to the side they were
 * read from, even when they travel back (an answer the relay makes itself
 * is charged to the client whose query caused it): pausing the other side
 * could stall the very writes that would drain the queue. The number of
 * connections is capped by relay_opts.max_tcp.
 *
 * Lifetime: a connection is freed when its handles have all run their
 * close callbacks and no message refers to it any more (refs reaches 0).
 */
#include "testbed/relay/relay_int.h"
#include "testbed/relay/relay_wire.h"

#include "common/err.h"
#include "common/log.h"

#include <stdlib.h>
#include <string.h>

#define TCP_BACKLOG 256
#define TCP_HIGH_WATER (256 * 1024)
#define TCP_LOW_WATER (64 * 1024)
#define TCP_FRAME_MAX (2 + 65535)

enum tcp_dir {
	TCP_UP = 0,   /* client -> server */
	TCP_DOWN = 1, /* server -> client */
};

struct tcp_flow {
	uint8_t *part; /* partial message read so far */
	size_t part_len;
	size_t part_cap;
	uint64_t last_due;  /* keeps due times non-decreasing */
	unsigned held_msgs; /* going this way: in the delay queue or written */
	size_t held_bytes;  /* read from this way's source and not yet gone */
	bool paused;        /* reading the source stopped: too much held */
	bool eof;           /* the source side sent FIN */
};

struct relay_tcp_conn {
	struct relay_listener *l;
	struct relay_tcp_conn *prev, *next; /* relay->conns */
	uv_tcp_t client;
	uv_tcp_t backend;
	uv_timer_t idle;
	uv_connect_t creq;
	uv_shutdown_t sreq;
	struct tcp_flow flow[2];
	unsigned handles; /* initialised handles whose close is pending */
	unsigned refs;    /* 1 for the handles + 1 per message */
	bool has_backend;
	bool shut;
	bool closing;
};

/* One framed message; also its own write request. */
struct tcp_msg {
	struct relay_timed t;
	struct relay_tcp_conn *c;
	uv_write_t wreq;
	enum tcp_dir dir; /* the way it goes */
	enum tcp_dir src; /* the way it came in: whose bytes it is charged to */
	size_t len;       /* frame length: prefix + message */
	uint8_t frame[];
};

static void tcp_conn_close(struct relay_tcp_conn *c);
static void tcp_queue(struct relay_tcp_conn *c, struct tcp_msg *m,
                      enum tcp_dir dir);

static uv_stream_t *
tcp_source(struct relay_tcp_conn *c, enum tcp_dir dir)
{
	return (uv_stream_t *)(dir == TCP_UP ? &c->client : &c->backend);
}

static uv_stream_t *
tcp_sink(struct relay_tcp_conn *c, enum tcp_dir dir)
{
	return (uv_stream_t *)(dir == TCP_UP ? &c->backend : &c->client);
}

static void
tcp_maybe_free(struct relay_tcp_conn *c)
{
	if (c->refs > 0)
		return;
	free(c->flow[TCP_UP].part);
	free(c->flow[TCP_DOWN].part);
	free(c);
}

static void
tcp_on_handle_closed(uv_handle_t *h)
{
	struct relay_tcp_conn *c = h->data;

	if (--c->handles == 0) {
		c->refs--;
		tcp_maybe_free(c);
	}
}

/* Close a handle if it was initialised (the conn is calloc'ed: loop NULL). */
static void
tcp_close_handle(uv_handle_t *h)
{
	if (h->loop != NULL && !uv_is_closing(h))
		uv_close(h, tcp_on_handle_closed);
}

static void
tcp_conn_close(struct relay_tcp_conn *c)
{
	struct relay *r = c->l->relay;

	if (c->closing)
		return;
	c->closing = true;
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		r->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	r->tcp_open--;
	tcp_close_handle((uv_handle_t *)&c->client);
	tcp_close_handle((uv_handle_t *)&c->idle);
	if (c->has_backend)
		tcp_close_handle((uv_handle_t *)&c->backend);
}

static void
tcp_on_idle(uv_timer_t *t)
{
	tcp_conn_close(t->data);
}

static void
tcp_touch(struct relay_tcp_conn *c)
{
	const struct relay_opts *o = &c->l->relay->opts;
	uint64_t ms = c->has_backend ? o->tcp_idle_ms : o->blackhole_idle_ms;

	uv_timer_start(&c->idle, tcp_on_idle, ms, 0);
}

static void tcp_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);

static void
tcp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct relay_tcp_conn *c = h->data;

	(void)suggested;
	buf->base = (char *)c->l->relay->tcp_buf;
	buf->len = c->l->relay->tcp_buf_len;
}

static void
tcp_on_shutdown(uv_shutdown_t *req, int status)
{
	/* Nothing to do: the backend's FIN, or an error, closes the rest. */
	(void)req;
	(void)status;
}

/* Both sides of a direction are done: a FIN read and nothing held. */
static void
tcp_flow_drained(struct relay_tcp_conn *c, enum tcp_dir dir)
{
	if (dir == TCP_DOWN || !c->has_backend) {
		tcp_conn_close(c);
		return;
	}
	/* The client half-closed: pass the FIN on, keep the answers coming. */
	if (!c->shut) {
		c->shut = true;
		if (uv_shutdown(&c->sreq, tcp_sink(c, dir), tcp_on_shutdown) !=
		    0)
			tcp_conn_close(c);
	}
}

/* Stop or restart reading one side, for flow control. */
static void
tcp_set_paused(struct relay_tcp_conn *c, enum tcp_dir src, bool paused)
{
	struct tcp_flow *f = &c->flow[src];

	f->paused = paused;
	if (f->eof)
		return;
	if (paused)
		uv_read_stop(tcp_source(c, src));
	else if (uv_read_start(tcp_source(c, src), tcp_alloc, tcp_on_read) != 0)
		tcp_conn_close(c);
}

/* Account a message that is about to be held or written. */
static void
tcp_hold(struct relay_tcp_conn *c, const struct tcp_msg *m)
{
	struct tcp_flow *src = &c->flow[m->src];

	c->refs++;
	c->flow[m->dir].held_msgs++;
	src->held_bytes += m->len;
	if (src->held_bytes > TCP_HIGH_WATER && !src->paused && !c->closing)
		tcp_set_paused(c, m->src, true);
}

/*
 * Take a message off the accounts; the caller drops the message's
 * reference. Also runs what waited for the direction to drain.
 */
static void
tcp_unhold(struct relay_tcp_conn *c, enum tcp_dir dir, enum tcp_dir src,
           size_t len)
{
	struct tcp_flow *f = &c->flow[dir];

	f->held_msgs--;
	c->flow[src].held_bytes -= len;
	if (c->closing)
		return;
	if (c->flow[src].paused && c->flow[src].held_bytes < TCP_LOW_WATER)
		tcp_set_paused(c, src, false);
	if (!c->closing && f->eof && f->held_msgs == 0)
		tcp_flow_drained(c, dir);
}

/* A message left the relay (written, dropped or cancelled). */
static void
tcp_msg_done(struct tcp_msg *m)
{
	struct relay_tcp_conn *c = m->c;
	enum tcp_dir dir = m->dir, src = m->src;
	size_t len = m->len;

	free(m);
	tcp_unhold(c, dir, src, len);
	c->refs--;
	tcp_maybe_free(c);
}

static void
tcp_on_written(uv_write_t *req, int status)
{
	struct tcp_msg *m = RELAY_CONTAINER_OF(req, struct tcp_msg, wreq);
	struct relay_tcp_conn *c = m->c;

	if (status == 0 && m->dir == TCP_DOWN)
		c->l->st.tcp_msgs_out++;
	/* Hold a reference so the close below cannot free c under us. */
	c->refs++;
	tcp_msg_done(m);
	if (status != 0 && status != UV_ECANCELED)
		tcp_conn_close(c);
	c->refs--;
	tcp_maybe_free(c);
}

static void
tcp_write(struct tcp_msg *m)
{
	struct relay_tcp_conn *c = m->c;
	uv_buf_t b = uv_buf_init((char *)m->frame, (unsigned)m->len);

	if (uv_write(&m->wreq, tcp_sink(c, m->dir), &b, 1, tcp_on_written) !=
	    0) {
		c->refs++;
		tcp_msg_done(m);
		tcp_conn_close(c);
		c->refs--;
		tcp_maybe_free(c);
	}
}

/*
 * A query the relay answers itself: send the answer (already written over
 * the query, old_len was the query's frame length) back to the client,
 * still charged to the client.
 */
static void
tcp_turn_around(struct tcp_msg *m, size_t old_len)
{
	struct relay_tcp_conn *c = m->c;
	enum tcp_dir src = m->src;

	/*
	 * The query's reference keeps c alive until the end; m itself may be
	 * gone after tcp_queue() (delivered and failed at once).
	 */
	tcp_queue(c, m, TCP_DOWN);
	tcp_unhold(c, TCP_UP, src, old_len);
	c->refs--;
	tcp_maybe_free(c);
}

/* A query reaches the emulated server: apply the mode. */
static void
tcp_deliver_up(struct tcp_msg *m)
{
	struct relay_listener *l = m->c->l;
	size_t old_len = m->len, len = m->len - 2;
	struct relay_wire_info wi;

	switch (relay__query_verdict(l->conf->mode, m->frame + 2, &len, &wi)) {
	case RELAY_DROP:
		l->st.tcp_mode_drop++;
		tcp_msg_done(m);
		return;
	case RELAY_ANSWER:
		m->frame[0] = (uint8_t)(len >> 8);
		m->frame[1] = (uint8_t)len;
		m->len = len + 2;
		tcp_turn_around(m, old_len);
		return;
	case RELAY_PASS:
		break;
	}
	tcp_write(m);
}

static void
tcp_deliver(struct tcp_msg *m)
{
	if (m->dir == TCP_UP) {
		tcp_deliver_up(m);
		return;
	}
	if (m->c->l->conf->mode == RELAY_MODE_NOAA)
		relay_wire_clear_aa(m->frame + 2, m->len - 2);
	tcp_write(m);
}

static void
tcp_msg_fire(struct relay_timed *t, int status)
{
	struct tcp_msg *m = RELAY_CONTAINER_OF(t, struct tcp_msg, t);

	if (status != 0 || m->c->closing)
		tcp_msg_done(m);
	else
		tcp_deliver(m);
}

/*
 * Account m to a direction and hold it for that direction's delay (or
 * deliver it now when the listener has no delay at all).
 */
static void
tcp_queue(struct relay_tcp_conn *c, struct tcp_msg *m, enum tcp_dir dir)
{
	struct relay_listener *l = c->l;
	struct relay *r = l->relay;
	struct tcp_flow *f = &c->flow[dir];
	uint64_t due;

	m->c = c;
	m->dir = dir;
	m->t.fire = tcp_msg_fire;
	tcp_hold(c, m);
	/*
	 * The whole round trip is paid on the way up, as over UDP, so a
	 * query on an open connection costs one DELAY; answers go at once,
	 * which also keeps them in order.
	 */
	if (dir == TCP_DOWN ||
	    (l->conf->delay_ms == 0 && l->conf->jitter_ms == 0)) {
		tcp_deliver(m);
		return;
	}
	due = relay__due(l);
	/* The first query of a connection also pays for the handshake. */
	if (f->last_due == 0 && due != 0)
		due += th_rng_jitter(&r->rng, l->conf->delay_ms,
		                     l->conf->jitter_ms);
	if (due < f->last_due)
		due = f->last_due;
	f->last_due = due;
	if (relay_delay_push(&r->delay, &m->t, due) != 0) {
		l->st.tcp_overflow++;
		c->refs++;
		tcp_msg_done(m);
		tcp_conn_close(c);
		c->refs--;
		tcp_maybe_free(c);
	}
}

/* Append bytes to a flow's partial message (bounded by one frame). */
static bool
tcp_part_append(struct tcp_flow *f, const uint8_t *p, size_t n)
{
	if (f->part_len + n > f->part_cap) {
		size_t need = f->part_len + n;
		size_t ncap = f->part_cap ? f->part_cap * 2 : 512;
		uint8_t *np;

		if (need > TCP_FRAME_MAX)
			return false;
		if (ncap < need)
			ncap = need;
		if (ncap > TCP_FRAME_MAX)
			ncap = TCP_FRAME_MAX;
		if ((np = realloc(f->part, ncap)) == NULL)
			return false;
		f->part = np;
		f->part_cap = ncap;
	}
	memcpy(f->part + f->part_len, p, n);
	f->part_len += n;
	return true;
}

/* A complete frame was read: copy it into a message and queue it. */
static bool
tcp_emit(struct relay_tcp_conn *c, enum tcp_dir dir, const uint8_t *frame,
         size_t len)
{
	struct tcp_msg *m;

	if (dir == TCP_UP)
		c->l->st.tcp_msgs_in++;
	if ((m = malloc(sizeof(*m) + len)) == NULL)
		return false;
	memcpy(m->frame, frame, len);
	m->len = len;
	m->src = dir;
	tcp_queue(c, m, dir);
	return true;
}

static size_t
tcp_frame_len(const uint8_t *p)
{
	return 2 + (size_t)((p[0] << 8) | p[1]);
}

/*
 * Cut read bytes into frames. Whole frames in the read buffer go straight
 * to tcp_emit(); only a frame split across reads is copied into the flow.
 */
static bool
tcp_feed(struct relay_tcp_conn *c, enum tcp_dir dir, const uint8_t *p, size_t n)
{
	struct tcp_flow *f = &c->flow[dir];

	while (f->part_len > 0 && n > 0 && !c->closing) {
		size_t need = f->part_len < 2
		                  ? 2 - f->part_len
		                  : tcp_frame_len(f->part) - f->part_len;
		size_t take = need < n ? need : n;

		if (!tcp_part_append(f, p, take))
			return false;
		p += take;
		n -= take;
		if (f->part_len >= 2 && f->part_len == tcp_frame_len(f->part)) {
			f->part_len = 0;
			if (!tcp_emit(c, dir, f->part, tcp_frame_len(f->part)))
				return false;
		}
	}
	while (n >= 2 && n >= tcp_frame_len(p) && !c->closing) {
		size_t len = tcp_frame_len(p);

		if (!tcp_emit(c, dir, p, len))
			return false;
		p += len;
		n -= len;
	}
	if (n > 0 && !c->closing)
		return tcp_part_append(f, p, n);
	return true;
}

static void
tcp_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct relay_tcp_conn *c = s->data;
	enum tcp_dir dir = s == (uv_stream_t *)&c->client ? TCP_UP : TCP_DOWN;
	struct tcp_flow *f = &c->flow[dir];

	if (c->closing)
		return;
	if (nread == 0)
		return;
	c->refs++;
	if (nread < 0) {
		if (nread == UV_EOF) {
			f->eof = true;
			uv_read_stop(s);
			if (f->held_msgs == 0)
				tcp_flow_drained(c, dir);
		} else {
			tcp_conn_close(c);
		}
	} else {
		tcp_touch(c);
		if (!c->has_backend) {
			/* blackhole: read and forget */
		} else if (!tcp_feed(c, dir, (const uint8_t *)buf->base,
		                     (size_t)nread)) {
			tcp_conn_close(c);
		}
	}
	c->refs--;
	tcp_maybe_free(c);
}

static void
tcp_on_connect(uv_connect_t *req, int status)
{
	struct relay_tcp_conn *c = req->data;

	if (c->closing)
		return;
	if (status != 0) {
		char text[RELAY_ADDR_STRLEN];

		relay_addr_format(&c->l->conf->backend, text, sizeof(text));
		th_log_debug("tcp connect to %s: %s", text,
		             uv_strerror(status));
		c->l->st.tcp_failed++;
		tcp_conn_close(c);
		return;
	}
	(void)uv_tcp_nodelay(&c->backend, 1);
	if (uv_read_start((uv_stream_t *)&c->client, tcp_alloc, tcp_on_read) !=
	        0 ||
	    uv_read_start((uv_stream_t *)&c->backend, tcp_alloc, tcp_on_read) !=
	        0)
		tcp_conn_close(c);
}

static void
tcp_on_rejected_closed(uv_handle_t *h)
{
	free(h);
}

/*
 * Accept and drop a connection over the cap: left in the backlog, it
 * would make the listening socket readable forever.
 */
static void
tcp_reject(uv_stream_t *server)
{
	uv_tcp_t *t = malloc(sizeof(*t));

	if (t == NULL || uv_tcp_init(server->loop, t) != 0) {
		free(t);
		return;
	}
	(void)uv_accept(server, (uv_stream_t *)t);
	uv_close((uv_handle_t *)t, tcp_on_rejected_closed);
}

static void
tcp_on_connection(uv_stream_t *server, int status)
{
	struct relay_listener *l = server->data;
	struct relay *r = l->relay;
	struct relay_tcp_conn *c = NULL;

	if (status != 0) {
		th_log_debug("tcp accept: %s", uv_strerror(status));
		return;
	}
	if (r->tcp_open < r->opts.max_tcp &&
	    (c = calloc(1, sizeof(*c))) != NULL &&
	    uv_tcp_init(r->loop, &c->client) != 0) {
		free(c);
		c = NULL;
	}
	if (c == NULL) {
		l->st.tcp_rejected++;
		tcp_reject(server);
		return;
	}
	c->l = l;
	c->refs = 1;
	c->handles = 1;
	c->has_backend = l->conf->has_backend;
	c->client.data = c;
	c->next = r->conns;
	if (r->conns != NULL)
		r->conns->prev = c;
	r->conns = c;
	r->tcp_open++;
	if (uv_accept(server, (uv_stream_t *)&c->client) != 0 ||
	    uv_timer_init(r->loop, &c->idle) != 0) {
		tcp_conn_close(c);
		return;
	}
	c->idle.data = c;
	c->handles++;
	l->st.tcp_conns++;
	(void)uv_tcp_nodelay(&c->client, 1);
	tcp_touch(c);
	if (!c->has_backend) {
		if (uv_read_start((uv_stream_t *)&c->client, tcp_alloc,
		                  tcp_on_read) != 0)
			tcp_conn_close(c);
		return;
	}
	if (uv_tcp_init(r->loop, &c->backend) != 0) {
		tcp_conn_close(c);
		return;
	}
	c->backend.data = c->creq.data = c;
	c->handles++;
	if (uv_tcp_connect(&c->creq, &c->backend, &l->conf->backend.sa,
	                   tcp_on_connect) != 0) {
		l->st.tcp_failed++;
		tcp_conn_close(c);
	}
}

int
relay__tcp_start(struct relay_listener *l)
{
	const union relay_addr *a = &l->conf->listen;
	char text[RELAY_ADDR_STRLEN];
	int rc;

	if ((rc = uv_tcp_init(l->relay->loop, &l->tcp)) != 0)
		goto fail;
	l->tcp_init = true;
	l->tcp.data = l;
	if ((rc = uv_tcp_bind(&l->tcp, &a->sa,
	                      a->sa.sa_family == AF_INET6 ? UV_TCP_IPV6ONLY
	                                                  : 0)) != 0)
		goto fail;
	if ((rc = uv_listen((uv_stream_t *)&l->tcp, TCP_BACKLOG,
	                    tcp_on_connection)) != 0)
		goto fail;
	return 0;
fail:
	relay_addr_format(a, text, sizeof(text));
	th_log_error("tcp listen %s: %s", text, uv_strerror(rc));
	return rc;
}

void
relay__tcp_close_all(struct relay *r)
{
	while (r->conns != NULL)
		tcp_conn_close(r->conns);
}
