/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wire.c -- the crawl's inter-process messages (see wire.h).
 *
 * Every message starts with "TH", a version octet and the type. Numbers
 * are big-endian; names are uncompressed wire names after a length
 * octet; records are 32-bit length-prefixed.
 */
#include "crawler/wire.h"

#include "common/err.h"

#include <stdlib.h>
#include <string.h>

#define WIRE_VERSION 1
#define HDR_LEN 4

static int
put_u64(struct th_buf *b, uint64_t v)
{
	uint8_t o[8];

	for (int i = 0; i < 8; i++)
		o[i] = (uint8_t)(v >> (56 - 8 * i));
	return th_buf_append(b, o, sizeof(o));
}

static uint64_t
get_u64(struct th_cursor *c)
{
	uint64_t hi = th_cursor_read_u32(c);

	return (hi << 32) | th_cursor_read_u32(c);
}

static int
put_hdr(struct th_buf *b, enum th_wire_type t)
{
	const uint8_t h[HDR_LEN] = {'T', 'H', WIRE_VERSION, (uint8_t)t};

	th_buf_reset(b);
	return th_buf_append(b, h, sizeof(h));
}

enum th_wire_type
th_wire_type(const void *p, size_t len)
{
	const uint8_t *h = p;

	if (len < HDR_LEN || h[0] != 'T' || h[1] != 'H' || h[2] != WIRE_VERSION)
		return 0;
	if (h[3] < TH_WIRE_REQ || h[3] > TH_WIRE_ACK)
		return 0;
	return (enum th_wire_type)h[3];
}

/* A cursor past the header of a message of type t, or TH_EWIRE. */
static int
open_msg(struct th_cursor *c, const void *p, size_t len, enum th_wire_type t)
{
	if (th_wire_type(p, len) != t)
		return TH_EWIRE;
	th_cursor_init(c, p, len);
	th_cursor_skip(c, HDR_LEN);
	return 0;
}

/* The cursor read everything, without error. */
static int
close_msg(const struct th_cursor *c)
{
	return c->err == 0 && c->pos == c->len ? 0 : TH_EWIRE;
}

static int
put_counters(struct th_buf *b, const struct th_wire_counters *c)
{
	int rc;

	if ((rc = put_u64(b, c->domains)) != 0 ||
	    (rc = put_u64(b, c->queries)) != 0 ||
	    (rc = put_u64(b, c->timeouts)) != 0 ||
	    (rc = put_u64(b, c->busiest)) != 0 ||
	    (rc = th_buf_append_u32(b, c->inflight)) != 0 ||
	    (rc = th_buf_append_u32(b, c->pid)) != 0)
		return rc;
	return 0;
}

static void
get_counters(struct th_cursor *cur, struct th_wire_counters *c)
{
	c->domains = get_u64(cur);
	c->queries = get_u64(cur);
	c->timeouts = get_u64(cur);
	c->busiest = get_u64(cur);
	c->inflight = th_cursor_read_u32(cur);
	c->pid = th_cursor_read_u32(cur);
}

static int
put_name(struct th_buf *b, const struct th_dname *n)
{
	int rc;

	if ((rc = th_buf_append_u8(b, n->len)) != 0)
		return rc;
	return th_buf_append(b, n->wire, n->len);
}

static int
get_name(struct th_cursor *c, struct th_dname *n)
{
	size_t len = th_cursor_read_u8(c), used = 0;

	if (c->err != 0 || len == 0 || len > th_cursor_remaining(c))
		return TH_EWIRE;
	if (th_dname_from_wire(n, th_cursor_ptr(c), len, &used) != 0 ||
	    used != len)
		return TH_EWIRE;
	th_cursor_skip(c, len);
	return 0;
}

int
th_wire_req_encode(const struct th_wire_counters *c, struct th_buf *out)
{
	int rc;

	if ((rc = put_hdr(out, TH_WIRE_REQ)) != 0)
		return rc;
	return put_counters(out, c);
}

int
th_wire_req_decode(const void *p, size_t len, struct th_wire_counters *c)
{
	struct th_cursor cur;

	if (open_msg(&cur, p, len, TH_WIRE_REQ) != 0)
		return TH_EWIRE;
	get_counters(&cur, c);
	return close_msg(&cur);
}

int
th_wire_batch_encode(const struct th_wire_batch *b, struct th_buf *out)
{
	int rc;

	if (b->n > TH_WIRE_MAXBATCH)
		return TH_EINVAL;
	if ((rc = put_hdr(out, TH_WIRE_BATCH)) != 0 ||
	    (rc = put_u64(out, b->id)) != 0 ||
	    (rc = th_buf_append_u32(out, b->lease)) != 0 ||
	    (rc = put_u64(out, b->now)) != 0 ||
	    (rc = th_buf_append_u16(out, (uint16_t)b->n)) != 0)
		return rc;
	for (size_t i = 0; i < b->n; i++)
		if ((rc = put_name(out, &b->names[i])) != 0)
			return rc;
	return 0;
}

int
th_wire_batch_decode(const void *p, size_t len, struct th_wire_batch *b)
{
	struct th_cursor cur;

	memset(b, 0, sizeof(*b));
	if (open_msg(&cur, p, len, TH_WIRE_BATCH) != 0)
		return TH_EWIRE;
	b->id = get_u64(&cur);
	b->lease = th_cursor_read_u32(&cur);
	b->now = get_u64(&cur);
	b->n = th_cursor_read_u16(&cur);
	/* Each name takes at least two octets: no allocation beyond that. */
	if (cur.err != 0 || b->n == 0 || b->n > TH_WIRE_MAXBATCH ||
	    b->n * 2 > th_cursor_remaining(&cur))
		return TH_EWIRE;
	if ((b->names = calloc(b->n, sizeof(*b->names))) == NULL)
		return TH_ENOMEM;
	for (size_t i = 0; i < b->n; i++)
		if (get_name(&cur, &b->names[i]) != 0)
			goto bad;
	if (close_msg(&cur) == 0)
		return 0;
bad:
	free(b->names);
	b->names = NULL;
	return TH_EWIRE;
}

int
th_wire_wait_encode(uint32_t ms, struct th_buf *out)
{
	int rc;

	if ((rc = put_hdr(out, TH_WIRE_WAIT)) != 0)
		return rc;
	return th_buf_append_u32(out, ms);
}

int
th_wire_wait_decode(const void *p, size_t len, uint32_t *ms)
{
	struct th_cursor cur;

	if (open_msg(&cur, p, len, TH_WIRE_WAIT) != 0)
		return TH_EWIRE;
	*ms = th_cursor_read_u32(&cur);
	return close_msg(&cur);
}

int
th_wire_done_encode(struct th_buf *out)
{
	return put_hdr(out, TH_WIRE_DONE);
}

int
th_wire_result_begin(struct th_buf *out, uint64_t id, uint32_t lease)
{
	int rc;

	if ((rc = put_hdr(out, TH_WIRE_RESULT)) != 0 ||
	    (rc = put_u64(out, id)) != 0)
		return rc;
	return th_buf_append_u32(out, lease);
}

int
th_wire_result_add(struct th_buf *out, const struct th_dname *domain,
                   const void *rec, size_t len)
{
	int rc;

	if (len > TH_WIRE_MAXREC)
		return TH_ETOOBIG;
	if ((rc = th_buf_append_u8(out, 1)) != 0 ||
	    (rc = put_name(out, domain)) != 0 ||
	    (rc = th_buf_append_u32(out, (uint32_t)len)) != 0)
		return rc;
	return th_buf_append(out, rec, len);
}

int
th_wire_server_add(struct th_buf *servers, const struct th_addr *addr,
                   const void *rec, size_t len)
{
	int rc;

	if (len > TH_WIRE_MAXREC)
		return TH_ETOOBIG;
	if ((rc = th_buf_append_u8(servers, addr->family)) != 0 ||
	    (rc = th_buf_append_u16(servers, addr->port)) != 0 ||
	    (rc = th_buf_append(servers, addr->ip, sizeof(addr->ip))) != 0 ||
	    (rc = th_buf_append_u32(servers, (uint32_t)len)) != 0)
		return rc;
	return th_buf_append(servers, rec, len);
}

int
th_wire_result_finish(struct th_buf *out, size_t nres,
                      const struct th_buf *servers, size_t nsrv,
                      const struct th_wire_counters *c)
{
	int rc;

	if (nres > TH_WIRE_MAXBATCH || nsrv > TH_WIRE_MAXSRV)
		return TH_ETOOBIG;
	if ((rc = th_buf_append_u8(out, 0)) != 0 ||
	    (rc = th_buf_append_u32(out, (uint32_t)nres)) != 0 ||
	    (rc = th_buf_append_u32(out, (uint32_t)nsrv)) != 0 ||
	    (nsrv > 0 && (rc = th_buf_append(out, th_buf_data(servers),
	                                     th_buf_len(servers))) != 0))
		return rc;
	return put_counters(out, c);
}

/* A length-prefixed record at the cursor: a view into the message. */
static int
get_rec(struct th_cursor *c, const void **rec, size_t *len)
{
	*len = th_cursor_read_u32(c);
	if (c->err != 0 || *len > TH_WIRE_MAXREC ||
	    *len > th_cursor_remaining(c))
		return TH_EWIRE;
	*rec = th_cursor_ptr(c);
	th_cursor_skip(c, *len);
	return 0;
}

int
th_wire_result_decode(const void *p, size_t len, struct th_wire_result *r)
{
	struct th_cursor cur;
	size_t cap = 0, n;
	uint8_t more;
	int rc = TH_EWIRE;

	memset(r, 0, sizeof(*r));
	if (open_msg(&cur, p, len, TH_WIRE_RESULT) != 0)
		return TH_EWIRE;
	r->id = get_u64(&cur);
	r->lease = th_cursor_read_u32(&cur);
	/* Each record starts with 1; 0 ends them; anything else is bad. */
	while ((more = th_cursor_read_u8(&cur)) == 1) {
		struct th_store_result *x;

		if (r->nres == TH_WIRE_MAXBATCH)
			goto bad;
		if (r->nres == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct th_dname *d;
			struct th_store_result *nr;

			if ((d = realloc(r->domains, ncap * sizeof(*d))) ==
			    NULL)
				goto nomem;
			r->domains = d;
			if ((nr = realloc(r->res, ncap * sizeof(*nr))) == NULL)
				goto nomem;
			r->res = nr;
			cap = ncap;
		}
		x = &r->res[r->nres];
		if (get_name(&cur, &r->domains[r->nres]) != 0 ||
		    get_rec(&cur, &x->rec, &x->len) != 0)
			goto bad;
		r->nres++;
	}
	if (cur.err != 0 || more != 0)
		goto bad;
	/* Pointers into domains only once it stops moving. */
	for (size_t i = 0; i < r->nres; i++)
		r->res[i].domain = &r->domains[i];
	n = th_cursor_read_u32(&cur);
	if (cur.err != 0 || n != r->nres)
		goto bad;
	n = th_cursor_read_u32(&cur);
	/* A server entry takes at least 23 octets. */
	if (cur.err != 0 || n > TH_WIRE_MAXSRV ||
	    n * 23 > th_cursor_remaining(&cur))
		goto bad;
	if (n > 0 && (r->srv = calloc(n, sizeof(*r->srv))) == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		struct th_store_server *s = &r->srv[i];

		s->addr.family = th_cursor_read_u8(&cur);
		s->addr.port = th_cursor_read_u16(&cur);
		th_cursor_read(&cur, s->addr.ip, sizeof(s->addr.ip));
		if (cur.err != 0 || get_rec(&cur, &s->rec, &s->len) != 0)
			goto bad;
		if (s->addr.family != TH_AF_INET &&
		    s->addr.family != TH_AF_INET6)
			goto bad;
		r->nsrv++;
	}
	get_counters(&cur, &r->counters);
	if (close_msg(&cur) == 0)
		return 0;
	goto bad;
nomem:
	rc = TH_ENOMEM;
bad:
	th_wire_result_free(r);
	return rc;
}

void
th_wire_result_free(struct th_wire_result *r)
{
	free(r->domains);
	free(r->res);
	free(r->srv);
	memset(r, 0, sizeof(*r));
}

int
th_wire_ack_encode(const struct th_wire_ack *a, struct th_buf *out)
{
	int rc;

	if ((rc = put_hdr(out, TH_WIRE_ACK)) != 0 ||
	    (rc = put_u64(out, a->id)) != 0 ||
	    (rc = th_buf_append_u32(out, a->lease)) != 0 ||
	    (rc = th_buf_append_u32(out, a->nres)) != 0)
		return rc;
	return th_buf_append_u32(out, (uint32_t)a->status);
}

int
th_wire_ack_decode(const void *p, size_t len, struct th_wire_ack *a)
{
	struct th_cursor cur;

	if (open_msg(&cur, p, len, TH_WIRE_ACK) != 0)
		return TH_EWIRE;
	a->id = get_u64(&cur);
	a->lease = th_cursor_read_u32(&cur);
	a->nres = th_cursor_read_u32(&cur);
	a->status = (int32_t)th_cursor_read_u32(&cur);
	return close_msg(&cur);
}
