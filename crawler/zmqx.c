/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zmqx.c -- the ZeroMQ adapter (see zmqx.h).
 */
#include "crawler/zmqx.h"

#include "common/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

struct th_zmqx {
	void *ctx;
};

struct th_zmqx_sock {
	void *s;
};

/* ZeroMQ's errno to ours: the ones callers act on pass through. */
static int
zerr(void)
{
	int e = zmq_errno();

	if (e == EAGAIN || e == EINTR)
		return -e;
	return TH_EMQ;
}

int
th_zmqx_create(struct th_zmqx **out)
{
	struct th_zmqx *z;

	*out = NULL;
	if ((z = calloc(1, sizeof(*z))) == NULL)
		return TH_ENOMEM;
	if ((z->ctx = zmq_ctx_new()) == NULL) {
		free(z);
		return TH_EMQ;
	}
	/* One I/O thread is plenty for a few MB/s. */
	zmq_ctx_set(z->ctx, ZMQ_IO_THREADS, 1);
	*out = z;
	return 0;
}

void
th_zmqx_destroy(struct th_zmqx **zp)
{
	if (*zp == NULL)
		return;
	while (zmq_ctx_term((*zp)->ctx) != 0 && zmq_errno() == EINTR)
		;
	free(*zp);
	*zp = NULL;
}

int
th_zmqx_sock_open(struct th_zmqx_sock **out, struct th_zmqx *z,
                  enum th_zmqx_type type, int linger_ms,
                  const struct th_zmqx_curve *curve)
{
	static const int types[] = {
	    [TH_ZMQX_ROUTER] = ZMQ_ROUTER,
	    [TH_ZMQX_DEALER] = ZMQ_DEALER,
	    [TH_ZMQX_PUSH] = ZMQ_PUSH,
	    [TH_ZMQX_PULL] = ZMQ_PULL,
	};
	struct th_zmqx_sock *s;
	int one = 1, hwm = 100000;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return TH_ENOMEM;
	if ((s->s = zmq_socket(z->ctx, types[type])) == NULL) {
		free(s);
		return TH_EMQ;
	}
	if (zmq_setsockopt(s->s, ZMQ_LINGER, &linger_ms, sizeof(linger_ms)) !=
	        0 ||
	    zmq_setsockopt(s->s, ZMQ_SNDHWM, &hwm, sizeof(hwm)) != 0 ||
	    zmq_setsockopt(s->s, ZMQ_RCVHWM, &hwm, sizeof(hwm)) != 0)
		goto fail;
	/* A ROUTER reports a peer that went away instead of dropping. */
	if (type == TH_ZMQX_ROUTER &&
	    zmq_setsockopt(s->s, ZMQ_ROUTER_MANDATORY, &one, sizeof(one)) != 0)
		goto fail;
	if (curve != NULL && curve->secret_key != NULL) {
		if (!th_zmqx_has_curve())
			goto fail;
		if (curve->server_key == NULL) {
			if (zmq_setsockopt(s->s, ZMQ_CURVE_SERVER, &one,
			                   sizeof(one)) != 0 ||
			    zmq_setsockopt(s->s, ZMQ_CURVE_SECRETKEY,
			                   curve->secret_key, 40) != 0)
				goto fail;
		} else if (zmq_setsockopt(s->s, ZMQ_CURVE_SERVERKEY,
		                          curve->server_key, 40) != 0 ||
		           zmq_setsockopt(s->s, ZMQ_CURVE_PUBLICKEY,
		                          curve->public_key, 40) != 0 ||
		           zmq_setsockopt(s->s, ZMQ_CURVE_SECRETKEY,
		                          curve->secret_key, 40) != 0)
			goto fail;
	}
	*out = s;
	return 0;
fail:
	zmq_close(s->s);
	free(s);
	return TH_EMQ;
}

void
th_zmqx_sock_close(struct th_zmqx_sock **sp)
{
	if (*sp == NULL)
		return;
	zmq_close((*sp)->s);
	free(*sp);
	*sp = NULL;
}

int
th_zmqx_bind(struct th_zmqx_sock *s, const char *endpoint)
{
	return zmq_bind(s->s, endpoint) == 0 ? 0 : TH_EMQ;
}

int
th_zmqx_connect(struct th_zmqx_sock *s, const char *endpoint)
{
	return zmq_connect(s->s, endpoint) == 0 ? 0 : TH_EMQ;
}

int
th_zmqx_send(struct th_zmqx_sock *s, const void *p, size_t len, bool more,
             bool dontwait)
{
	int flags = (more ? ZMQ_SNDMORE : 0) | (dontwait ? ZMQ_DONTWAIT : 0);

	if (zmq_send(s->s, p, len, flags) < 0) {
		/* A ROUTER whose peer is gone says EHOSTUNREACH. */
		if (zmq_errno() == EHOSTUNREACH)
			return -EAGAIN;
		return zerr();
	}
	return 0;
}

int
th_zmqx_recv(struct th_zmqx_sock *s, struct th_buf *out, bool *more,
             bool dontwait)
{
	zmq_msg_t m;
	int rc = 0, mo = 0;
	size_t molen = sizeof(mo);

	zmq_msg_init(&m);
	if (zmq_msg_recv(&m, s->s, dontwait ? ZMQ_DONTWAIT : 0) < 0) {
		zmq_msg_close(&m);
		return zerr();
	}
	th_buf_reset(out);
	rc = th_buf_append(out, zmq_msg_data(&m), zmq_msg_size(&m));
	if (zmq_getsockopt(s->s, ZMQ_RCVMORE, &mo, &molen) != 0)
		mo = 0;
	*more = mo != 0;
	zmq_msg_close(&m);
	return rc;
}

void
th_zmqx_drain(struct th_zmqx_sock *s)
{
	int mo = 1;
	size_t molen = sizeof(mo);

	while (zmq_getsockopt(s->s, ZMQ_RCVMORE, &mo, &molen) == 0 && mo) {
		zmq_msg_t m;

		zmq_msg_init(&m);
		if (zmq_msg_recv(&m, s->s, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&m);
			return;
		}
		zmq_msg_close(&m);
	}
}

int
th_zmqx_fd(struct th_zmqx_sock *s, int *fd)
{
	size_t len = sizeof(*fd);

	return zmq_getsockopt(s->s, ZMQ_FD, fd, &len) == 0 ? 0 : TH_EMQ;
}

bool
th_zmqx_readable(struct th_zmqx_sock *s)
{
	int ev = 0;
	size_t len = sizeof(ev);

	if (zmq_getsockopt(s->s, ZMQ_EVENTS, &ev, &len) != 0)
		return false;
	return (ev & ZMQ_POLLIN) != 0;
}

int
th_zmqx_poll(struct th_zmqx_pollitem *items, size_t n, long timeout_ms)
{
	zmq_pollitem_t zi[8];
	int rc;

	if (n > sizeof(zi) / sizeof(zi[0]))
		return TH_EINVAL;
	for (size_t i = 0; i < n; i++) {
		zi[i].socket = items[i].sock ? items[i].sock->s : NULL;
		zi[i].fd = items[i].fd;
		zi[i].events = ZMQ_POLLIN;
		zi[i].revents = 0;
	}
	if ((rc = zmq_poll(zi, (int)n, timeout_ms)) < 0)
		return zerr();
	for (size_t i = 0; i < n; i++)
		items[i].readable = (zi[i].revents & ZMQ_POLLIN) != 0;
	return rc;
}

bool
th_zmqx_has_curve(void)
{
	return zmq_has("curve") != 0;
}

int
th_zmqx_keygen(char public_key[TH_ZMQX_KEYLEN], char secret_key[TH_ZMQX_KEYLEN])
{
	if (!th_zmqx_has_curve())
		return TH_EMQ;
	return zmq_curve_keypair(public_key, secret_key) == 0 ? 0 : TH_EMQ;
}
