/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_transport.c -- unit tests for crawler/transport, driven against the
 * scripted hostile DNS server (testbed/hostile) over loopback.
 *
 * Every test starts its own hostile server (127.0.0.1, port 0, TCP on,
 * alt_addr 127.0.0.2 for "otheraddr"), makes a libuv loop and runs a batch
 * of queries through batch_run(): queries go out concurrently (or in
 * stages, each stage once the previous one ended), every callback records
 * what it got (and the transport's counters at that moment), and the last
 * one closes the transport, so the loop ends by itself; uv_loop_close()
 * must then succeed (no handle left behind). With `iso`, each query gets
 * a transport of its own on the same loop, so that the drop counters of
 * one misbehaviour are not mixed with another's while all of them still
 * run at once. Timeouts are 250 ms with 2 tries; nothing asserts on a
 * duration.
 */
#include "common/addr.h"
#include "common/dname.h"
#include "common/err.h"
#include "common/msg.h"
#include "crawler/transport.h"
#include "testbed/hostile/hostile.h"
#include "tests/suites.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define TIMEOUT_MS 250
#define TRIES 2
#define LATE_MS 700
#define MAXQ 256
#define NAMELEN 40

/* ---- fixture: a hostile server and a loop ------------------------------- */

struct fx {
	struct hostile *h;
	const char *ip;
	uint16_t port;
	uv_loop_t loop;
};

static struct hostile *
server_start(const char *ip, const char *alt, bool tcp)
{
	struct hostile_conf conf = {
	    .addr = ip,
	    .alt_addr = alt,
	    .port = 0,
	    .tcp = tcp,
	    .late_ms = LATE_MS,
	};
	struct hostile *h = NULL;
	int rc = hostile_open(&h, &conf);

	ck_assert_msg(rc == 0, "hostile_open: %s", th_errname(rc));
	ck_assert_int_eq(hostile_start(h), 0);
	return h;
}

static void
fx_open_at(struct fx *f, const char *ip, const char *alt)
{
	memset(f, 0, sizeof(*f));
	f->ip = ip;
	f->h = server_start(ip, alt, true);
	f->port = hostile_port(f->h);
	ck_assert_uint_ne(f->port, 0);
	ck_assert_int_eq(uv_loop_init(&f->loop), 0);
}

static void
fx_open(struct fx *f)
{
	fx_open_at(f, "127.0.0.1", "127.0.0.2");
}

/* Every handle of every transport must be closed by now. */
static void
fx_close(struct fx *f)
{
	ck_assert_int_eq(uv_loop_close(&f->loop), 0);
	hostile_stop(f->h);
	hostile_close(f->h);
}

static struct th_transport_conf
conf_test(void)
{
	struct th_transport_conf c;

	th_transport_conf_default(&c);
	c.timeout_ms = TIMEOUT_MS;
	c.tries = TRIES;
	c.udp_sockets = 4;
	return c;
}

/* ---- batches of queries ------------------------------------------------- */

struct qspec {
	const char *name;
	uint16_t qtype; /* 0: A */
	enum th_proto proto;
	uint16_t edns;  /* EDNS UDP size; 0: no EDNS */
	unsigned stage; /* sent once every query of earlier stages ended */
};

/* What one callback saw. */
struct res {
	int rc;      /* of th_transport_query */
	int calls;   /* callbacks run: must end as 1 */
	bool inside; /* the callback ran inside th_transport_query */
	int outcome, via, tries, reason, neterr;
	unsigned rcode, flags, axfr;
	uint32_t len, nmsg;
	const struct th_answer *ans;   /* our reference, for the wire */
	int requery_rc;                /* a query from a callback at close */
	struct th_transport_stats st;  /* its transport's, in the callback */
	struct th_transport_stats fin; /* its transport's, at its close */
};

struct run_opt {
	bool iso;                             /* a transport per query */
	unsigned linger_ms;                   /* stay open after the last */
	unsigned close_ms;                    /* close this soon, whatever */
	const struct th_transport_conf *conf; /* NULL: conf_test() */
	unsigned block_ms; /* the loop is busy this long after the sends */
	const char *ip;    /* NULL: the server's */
	uint16_t port;     /* 0: the server's */
};

struct batch;

struct tx {
	struct batch *b;
	struct th_transport *t;
	uv_timer_t linger;
	unsigned pending; /* queries of the current stage not yet ended */
	unsigned stage;
	bool closed;
	struct th_transport_stats fin;
};

struct slot {
	struct batch *b;
	struct tx *tx;
	unsigned i;
};

struct batch {
	struct fx *f;
	const struct qspec *q;
	unsigned n, maxstage;
	struct run_opt opt;
	struct th_addr server;
	bool in_query; /* inside th_transport_query */
	uv_timer_t close_timer;
	unsigned ntx;
	struct tx tx[MAXQ];
	struct slot slot[MAXQ];
	struct res res[MAXQ];
};

static void tx_advance(struct tx *tx);

static void
make_query(struct th_query *q, const struct qspec *s)
{
	struct th_dname d;
	int rc = th_dname_parse(&d, s->name, strlen(s->name), NULL, NULL);

	ck_assert_msg(rc == 0, "fixture name %s", s->name);
	th_query_init(q, &d, s->qtype != 0 ? s->qtype : TH_T_A);
	if (s->edns != 0)
		th_query_set_edns(q, s->edns, 0, 0);
}

static void
tx_close(struct tx *tx)
{
	if (tx->closed)
		return;
	th_transport_stats(tx->t, &tx->fin);
	tx->closed = true;
	th_transport_close(tx->t);
}

static void
on_answer(void *arg, const struct th_answer *a)
{
	struct slot *s = arg;
	struct batch *b = s->b;
	struct tx *tx = s->tx;
	struct res *r = &b->res[s->i];

	if (r->calls++ > 0)
		return; /* reported after the run */
	r->inside = b->in_query;
	r->outcome = a->outcome;
	r->via = a->via;
	r->tries = a->tries;
	r->reason = a->reason;
	r->neterr = a->neterr;
	r->rcode = a->rcode;
	r->flags = a->flags;
	r->axfr = a->axfr;
	r->len = a->len;
	r->nmsg = a->nmsg;
	th_answer_ref(a);
	r->ans = a;
	th_transport_stats(tx->t, &r->st);
	if (tx->closed) {
		/* Cancelled by th_transport_close: no new queries now. */
		struct th_query q;

		make_query(&q, &b->q[s->i]);
		r->requery_rc = th_transport_query(
		    tx->t, &b->server, &q, b->q[s->i].proto, on_answer, s);
	}
	if (--tx->pending == 0)
		tx_advance(tx);
}

/* Send this transport's queries of its current stage; returns how many. */
static unsigned
tx_send_stage(struct tx *tx)
{
	struct batch *b = tx->b;
	unsigned sent = 0;

	for (unsigned i = 0; i < b->n; i++) {
		struct th_query q;
		int rc;

		if (b->slot[i].tx != tx || b->q[i].stage != tx->stage)
			continue;
		make_query(&q, &b->q[i]);
		tx->pending++;
		b->in_query = true;
		rc = th_transport_query(tx->t, &b->server, &q, b->q[i].proto,
		                        on_answer, &b->slot[i]);
		b->in_query = false;
		b->res[i].rc = rc;
		if (rc != 0)
			tx->pending--;
		else
			sent++;
	}
	return sent;
}

static void
on_linger(uv_timer_t *h)
{
	struct tx *tx = h->data;

	uv_close((uv_handle_t *)h, NULL);
	tx_close(tx);
}

/* The current stage ended: send the next one, or linger, or close. */
static void
tx_advance(struct tx *tx)
{
	struct batch *b = tx->b;

	while (!tx->closed && tx->stage < b->maxstage) {
		tx->stage++;
		if (tx_send_stage(tx) > 0)
			return;
	}
	if (b->opt.linger_ms > 0 && !tx->closed) {
		ck_assert_int_eq(uv_timer_init(&b->f->loop, &tx->linger), 0);
		tx->linger.data = tx;
		uv_timer_start(&tx->linger, on_linger, b->opt.linger_ms, 0);
		return;
	}
	tx_close(tx);
}

static void
on_close_timer(uv_timer_t *h)
{
	struct batch *b = h->data;

	uv_close((uv_handle_t *)h, NULL);
	for (unsigned i = 0; i < b->ntx; i++)
		tx_close(&b->tx[i]);
}

/*
 * Run n queries to the fixture's server (or opt's address) and return
 * every result; the loop has ended and every transport closed.
 */
static struct batch *
batch_run(struct fx *f, const struct qspec *q, unsigned n,
          const struct run_opt *opt)
{
	static const struct run_opt none;
	struct th_transport_conf conf = conf_test();
	struct batch *b = calloc(1, sizeof(*b));
	int rc;

	ck_assert_ptr_nonnull(b);
	ck_assert_uint_le(n, MAXQ);
	b->f = f;
	b->q = q;
	b->n = n;
	b->opt = opt != NULL ? *opt : none;
	if (b->opt.conf != NULL)
		conf = *b->opt.conf;
	rc = th_addr_parse(&b->server, b->opt.ip ? b->opt.ip : f->ip,
	                   b->opt.port ? b->opt.port : f->port);
	ck_assert_int_eq(rc, 0);
	for (unsigned i = 0; i < n; i++)
		if (q[i].stage > b->maxstage)
			b->maxstage = q[i].stage;
	b->ntx = b->opt.iso ? n : 1;
	for (unsigned i = 0; i < b->ntx; i++) {
		b->tx[i].b = b;
		rc = th_transport_create(&b->tx[i].t, &f->loop, &conf);
		ck_assert_msg(rc == 0, "create: %s", th_errname(rc));
	}
	for (unsigned i = 0; i < n; i++) {
		b->slot[i].b = b;
		b->slot[i].i = i;
		b->slot[i].tx = &b->tx[b->opt.iso ? i : 0];
	}
	if (b->opt.close_ms > 0) {
		ck_assert_int_eq(uv_timer_init(&f->loop, &b->close_timer), 0);
		b->close_timer.data = b;
		uv_timer_start(&b->close_timer, on_close_timer, b->opt.close_ms,
		               0);
	}
	for (unsigned i = 0; i < b->ntx; i++)
		if (tx_send_stage(&b->tx[i]) == 0)
			tx_advance(&b->tx[i]);
	if (b->opt.block_ms > 0) {
		/* As a long run of callbacks would: no poll meanwhile. */
		struct timespec ts = {
		    .tv_sec = b->opt.block_ms / 1000,
		    .tv_nsec = (long)(b->opt.block_ms % 1000) * 1000000L};

		while (nanosleep(&ts, &ts) != 0)
			;
	}
	ck_assert_int_eq(uv_run(&f->loop, UV_RUN_DEFAULT), 0);
	for (unsigned i = 0; i < n; i++) {
		ck_assert_msg(b->res[i].rc == 0, "query %s: %s", q[i].name,
		              th_errname(b->res[i].rc));
		ck_assert_msg(b->res[i].calls == 1, "%s: %d callbacks",
		              q[i].name, b->res[i].calls);
		ck_assert_msg(!b->res[i].inside,
		              "%s: callback inside th_transport_query",
		              q[i].name);
		b->res[i].fin = b->slot[i].tx->fin;
	}
	for (unsigned i = 0; i < b->ntx; i++)
		ck_assert(b->tx[i].closed);
	return b;
}

static void
batch_free(struct batch *b)
{
	for (unsigned i = 0; i < b->n; i++)
		th_answer_unref(b->res[i].ans);
	free(b);
}

/* n names from a pattern with one %u, into names[]. */
static void
fill_names(struct qspec *q, char (*names)[NAMELEN], unsigned n, const char *fmt,
           enum th_proto proto)
{
	for (unsigned i = 0; i < n; i++) {
		int len = snprintf(names[i], NAMELEN, fmt, i);

		ck_assert(len > 0 && len < NAMELEN);
		memset(&q[i], 0, sizeof(q[i]));
		q[i].name = names[i];
		q[i].proto = proto;
	}
}

/* The header flags word of the (first) message of an answer. */
static unsigned
wire_flags(const struct res *r)
{
	const uint8_t *m = r->ans->wire;

	if (r->ans->axfr)
		m += 2;
	ck_assert_uint_ge(r->len, 4);
	return (unsigned)(m[2] << 8 | m[3]);
}

static const char *
outcome_of(int o)
{
	return th_outcome_name((enum th_outcome)o);
}

#define ASSERT_OUTCOME(r, o, name)                                             \
	ck_assert_msg((r)->outcome == (o), "%s: %s, expected %s", (name),      \
	              outcome_of((r)->outcome), outcome_of(o))

/* ---- drop counters ------------------------------------------------------ */

enum drop {
	D_NONE,
	D_SOURCE,
	D_ID,
	D_HEADER,
	D_QUESTION,
	D_SHORT,
	D_GARBLED, /* short, header or question: random octets */
};

static uint64_t
drops_all(const struct th_transport_stats *s)
{
	return s->drop_source + s->drop_id + s->drop_header + s->drop_question +
	       s->drop_short;
}

static uint64_t
drops_of(const struct th_transport_stats *s, enum drop d)
{
	switch (d) {
	case D_NONE:
		return 0;
	case D_SOURCE:
		return s->drop_source;
	case D_ID:
		return s->drop_id;
	case D_HEADER:
		return s->drop_header;
	case D_QUESTION:
		return s->drop_question;
	case D_SHORT:
		return s->drop_short;
	case D_GARBLED:
		return s->drop_short + s->drop_header + s->drop_question;
	}
	return 0;
}

/* ---- answers, one query each -------------------------------------------- */

#define ANY (-1)

static const struct answer_case {
	struct qspec q;
	int outcome;
	int rcode;
	int via;
	unsigned flags; /* TH_ANS_* exactly */
	int tc;         /* TC bit of the message: 0, 1, ANY */
	int reason;     /* MALFORMED: enum th_msg_reason */
	int tries;      /* ANY: not checked */
	uint32_t min_len;
	enum drop drop; /* this counter must have grown */
} answer_cases[] = {
    {{"ok.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_UDP,
     0,
     0,
     0,
     1,
     28,
     D_NONE},
    {{"ok.test.", TH_T_AAAA, TH_PROTO_UDP, 1232, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_UDP,
     0,
     0,
     0,
     1,
     40,
     D_NONE},
    {{"ok.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_TCP,
     0,
     0,
     0,
     1,
     28,
     D_NONE},
    {{"OK.Test.", TH_T_MX, TH_PROTO_UDP_ONLY, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_UDP,
     0,
     0,
     0,
     1,
     12,
     D_NONE},
    {{"wrongid-then-ok.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_UDP,
     0,
     0,
     0,
     1,
     28,
     D_ID},
    {{"wrongid-then-ok.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_TCP,
     0,
     0,
     0,
     1,
     28,
     D_ID},
    {{"formerr-noq.test.", TH_T_A, TH_PROTO_UDP, 1232, 0},
     TH_OUT_ANSWER,
     TH_RCODE_FORMERR,
     TH_VIA_UDP,
     0,
     0,
     0,
     1,
     12,
     D_NONE},
    {{"refused.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_REFUSED,
     TH_VIA_UDP,
     0,
     0,
     0,
     1,
     12,
     D_NONE},
    {{"servfail.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_SERVFAIL,
     TH_VIA_UDP,
     0,
     0,
     0,
     1,
     12,
     D_NONE},
    {{"servfail.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_SERVFAIL,
     TH_VIA_TCP,
     0,
     0,
     0,
     1,
     12,
     D_NONE},
    /* Damaged answers that match the query: reported, not retried. */
    {{"cut.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_MALFORMED,
     ANY,
     TH_VIA_UDP,
     0,
     ANY,
     TH_MSG_SHORT_RDATA,
     1,
     12,
     D_NONE},
    {{"cut.test.", TH_T_AAAA, TH_PROTO_TCP, 1232, 0},
     TH_OUT_MALFORMED,
     ANY,
     TH_VIA_TCP,
     0,
     ANY,
     TH_MSG_SHORT_RDATA,
     1,
     12,
     D_NONE},
    {{"loop.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_MALFORMED,
     ANY,
     TH_VIA_UDP,
     0,
     ANY,
     TH_MSG_BAD_OWNER,
     1,
     12,
     D_NONE},
    {{"loop.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
     TH_OUT_MALFORMED,
     ANY,
     TH_VIA_TCP,
     0,
     ANY,
     TH_MSG_BAD_OWNER,
     1,
     12,
     D_NONE},
    {{"ptrfwd.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_MALFORMED,
     ANY,
     TH_VIA_UDP,
     0,
     ANY,
     TH_MSG_BAD_OWNER,
     1,
     12,
     D_NONE},
    /* One record, ANCOUNT 65535: the second owner is past the end. */
    {{"counts.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_MALFORMED,
     ANY,
     TH_VIA_UDP,
     0,
     ANY,
     TH_MSG_BAD_OWNER,
     1,
     12,
     D_NONE},
    /* With EDNS the OPT record lands in the answer section. */
    {{"counts.test.", TH_T_A, TH_PROTO_UDP, 1232, 0},
     TH_OUT_MALFORMED,
     ANY,
     TH_VIA_UDP,
     0,
     ANY,
     TH_MSG_BAD_OPT,
     1,
     12,
     D_NONE},
    /* 3000 octets: above 512 without EDNS, below 4096 with it. */
    {{"oversize.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_UDP,
     TH_ANS_OVERSIZE,
     0,
     0,
     1,
     2500,
     D_NONE},
    {{"oversize.test.", TH_T_A, TH_PROTO_UDP, 4096, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_UDP,
     0,
     0,
     0,
     1,
     2500,
     D_NONE},
    {{"oversize.test.", TH_T_AAAA, TH_PROTO_UDP, 1232, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_UDP,
     TH_ANS_OVERSIZE,
     0,
     0,
     1,
     2500,
     D_NONE},
    /* Truncation: TCP, unless told UDP only. */
    {{"tc.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_TCP,
     TH_ANS_TC_FIRST,
     0,
     0,
     2,
     28,
     D_NONE},
    {{"tc.test.", TH_T_A, TH_PROTO_UDP_ONLY, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_UDP,
     0,
     1,
     0,
     1,
     12,
     D_NONE},
    {{"tc.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_TCP,
     0,
     0,
     0,
     1,
     28,
     D_NONE},
    {{"tcp-big.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_TCP,
     TH_ANS_TC_FIRST,
     0,
     0,
     2,
     30001,
     D_NONE},
    {{"tcp-big.test.", TH_T_AAAA, TH_PROTO_TCP, 1232, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_TCP,
     0,
     0,
     0,
     1,
     30001,
     D_NONE},
    /* TCP fails (closed without an answer, or cut): the UDP answer. */
    {{"tc-notcp.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_TRUNCATED_NO_TCP,
     TH_RCODE_NOERROR,
     ANY,
     0,
     1,
     0,
     ANY,
     12,
     D_NONE},
    {{"tcp-cut.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
     TH_OUT_TRUNCATED_NO_TCP,
     TH_RCODE_NOERROR,
     ANY,
     0,
     1,
     0,
     ANY,
     12,
     D_NONE},
    /* Over TCP the answer from another port or address is the normal one. */
    {{"otherport.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_TCP,
     0,
     0,
     0,
     1,
     28,
     D_NONE},
    {{"otheraddr.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
     TH_OUT_ANSWER,
     TH_RCODE_NOERROR,
     TH_VIA_TCP,
     0,
     0,
     0,
     1,
     28,
     D_NONE},
};

static void
check_answer(const struct answer_case *c, const struct res *r)
{
	const char *n = c->q.name;

	ASSERT_OUTCOME(r, c->outcome, n);
	if (c->rcode != ANY)
		ck_assert_msg(r->rcode == (unsigned)c->rcode, "%s: rcode %u", n,
		              r->rcode);
	if (c->via != ANY)
		ck_assert_msg(r->via == c->via, "%s: via %d", n, r->via);
	ck_assert_msg(r->flags == c->flags, "%s: flags %#x", n, r->flags);
	if (c->tc != ANY)
		ck_assert_msg(!!(wire_flags(r) & TH_MSG_TC) == c->tc,
		              "%s: TC bit", n);
	if (c->outcome == TH_OUT_MALFORMED)
		ck_assert_msg(
		    r->reason == c->reason, "%s: reason %s", n,
		    th_msg_reason_name((enum th_msg_reason)r->reason));
	if (c->tries != ANY)
		ck_assert_msg(r->tries == c->tries, "%s: tries %d", n,
		              r->tries);
	ck_assert_msg(r->len >= c->min_len, "%s: len %u", n, r->len);
	ck_assert_uint_eq(r->axfr, 0);
	ck_assert_uint_eq(r->nmsg, 1);
	if (c->drop != D_NONE)
		ck_assert_msg(drops_of(&r->st, c->drop) >= 1,
		              "%s: drop counter", n);
	else
		ck_assert_msg(drops_all(&r->st) == 0, "%s: drops", n);
}

START_TEST(test_transport_answer)
{
	const struct answer_case *c = &answer_cases[_i];
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, &c->q, 1, NULL);
	check_answer(c, &b->res[0]);
	ck_assert_uint_eq(b->res[0].fin.queries, 1);
	ck_assert_uint_eq(b->res[0].fin.outcomes[c->outcome], 1);
	ck_assert_uint_eq(b->res[0].fin.inflight, 0);
	ck_assert_uint_eq(b->res[0].fin.queued, 0);
	if (c->flags & TH_ANS_TC_FIRST)
		ck_assert_uint_eq(b->res[0].fin.tcp_fallbacks, 1);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * The same cases at once on one transport: nothing mixes them up. Not the
 * ones whose server closes the connection (tc-notcp, tcp-cut): queries
 * pipelined behind them may lose it too (test_transport_tcp_culprit).
 */
static bool
closes_connection(const struct qspec *q)
{
	return strncmp(q->name, "tc-notcp.", 9) == 0 ||
	       strncmp(q->name, "tcp-cut.", 8) == 0;
}

START_TEST(test_transport_answer_concurrent)
{
	const struct answer_case *cases[N_ELEMS(answer_cases)];
	struct qspec q[N_ELEMS(answer_cases)];
	unsigned n = 0;
	struct fx f;
	struct batch *b;

	for (int i = 0; i < N_ELEMS(answer_cases); i++)
		if (!closes_connection(&answer_cases[i].q)) {
			cases[n] = &answer_cases[i];
			q[n++] = answer_cases[i].q;
		}
	fx_open(&f);
	b = batch_run(&f, q, n, NULL);
	for (unsigned i = 0; i < n; i++) {
		const struct answer_case *c = cases[i];
		const struct res *r = &b->res[i];

		ASSERT_OUTCOME(r, c->outcome, c->q.name);
		if (c->rcode != ANY)
			ck_assert_uint_eq(r->rcode, (unsigned)c->rcode);
		if (c->via != ANY)
			ck_assert_int_eq(r->via, c->via);
		ck_assert_uint_eq(r->flags, c->flags);
		if (c->outcome == TH_OUT_MALFORMED)
			ck_assert_int_eq(r->reason, c->reason);
	}
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* ---- no usable answer: every try times out ------------------------------ */

static const struct timeout_case {
	struct qspec q;
	enum drop drop; /* counts every try's answer */
} timeout_cases[] = {
    {{"wrongid.test.", 0, TH_PROTO_UDP, 0, 0}, D_ID},
    {{"wrongq.test.", 0, TH_PROTO_UDP, 0, 0}, D_QUESTION},
    {{"wrongtype.test.", 0, TH_PROTO_UDP, 0, 0}, D_QUESTION},
    {{"wrongclass.test.", 0, TH_PROTO_UDP, 0, 0}, D_QUESTION},
    {{"noqr.test.", 0, TH_PROTO_UDP, 0, 0}, D_HEADER},
    {{"opcode.test.", 0, TH_PROTO_UDP, 0, 0}, D_HEADER},
    {{"short.test.", 0, TH_PROTO_UDP, 0, 0}, D_SHORT},
    {{"garbage.test.", 0, TH_PROTO_UDP, 0, 0}, D_ID},
    {{"garbage-id.test.", 0, TH_PROTO_UDP, 0, 0}, D_GARBLED},
    {{"empty.test.", 0, TH_PROTO_UDP, 0, 0}, D_SHORT},
    {{"drop.test.", 0, TH_PROTO_UDP, 0, 0}, D_NONE},
    {{"otherport.test.", 0, TH_PROTO_UDP, 0, 0}, D_SOURCE},
    {{"otheraddr.test.", 0, TH_PROTO_UDP, 0, 0}, D_SOURCE},
    {{"wrongid.test.", 0, TH_PROTO_TCP, 0, 0}, D_ID},
    {{"wrongq.test.", TH_T_AAAA, TH_PROTO_TCP, 0, 0}, D_QUESTION},
    {{"wrongtype.test.", TH_T_TXT, TH_PROTO_TCP, 0, 0}, D_QUESTION},
    {{"noqr.test.", 0, TH_PROTO_TCP, 0, 0}, D_HEADER},
    {{"opcode.test.", 0, TH_PROTO_TCP, 0, 0}, D_HEADER},
    {{"short.test.", 0, TH_PROTO_TCP, 0, 0}, D_SHORT},
    {{"garbage.test.", 0, TH_PROTO_TCP, 0, 0}, D_ID},
    {{"empty.test.", 0, TH_PROTO_TCP, 0, 0}, D_SHORT},
    {{"drop.test.", 0, TH_PROTO_TCP, 0, 0}, D_NONE},
};

/*
 * Every case at once, each on its own transport, so each transport's
 * counters hold exactly the drops of its case: one per try.
 */
START_TEST(test_transport_timeouts)
{
	struct qspec q[N_ELEMS(timeout_cases)];
	struct run_opt opt = {.iso = true};
	struct fx f;
	struct batch *b;

	for (int i = 0; i < N_ELEMS(timeout_cases); i++)
		q[i] = timeout_cases[i].q;
	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(timeout_cases), &opt);
	for (int i = 0; i < N_ELEMS(timeout_cases); i++) {
		const struct timeout_case *c = &timeout_cases[i];
		const struct res *r = &b->res[i];
		const char *n = c->q.name;

		ASSERT_OUTCOME(r, TH_OUT_TIMEOUT, n);
		ck_assert_msg(r->tries == TRIES, "%s: tries %d", n, r->tries);
		ck_assert_uint_eq(r->len, 0);
		ck_assert_uint_eq(r->st.retries, TRIES - 1);
		ck_assert_msg(drops_of(&r->st, c->drop) ==
		                  (c->drop == D_NONE ? 0 : TRIES),
		              "%s: %llu drops of its kind", n,
		              (unsigned long long)drops_of(&r->st, c->drop));
		ck_assert_msg(drops_all(&r->st) == drops_of(&r->st, c->drop),
		              "%s: drops of another kind", n);
	}
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * The first UDP try of a query with a retry behind it gives up after
 * first_timeout_ms: a server that answers in LATE_MS (between the two)
 * is asked again, answers the second try in time, and the first try's
 * answer is dropped as an unknown ID. With no retry behind it, or with
 * first_timeout_ms off, the one try waits the whole timeout.
 */
START_TEST(test_transport_first_timeout)
{
	static const struct qspec q[] = {{"late.test.", 0, TH_PROTO_UDP, 0, 0}};
	struct th_transport_conf c = conf_test();
	struct run_opt opt = {.iso = true, .linger_ms = 1000, .conf = &c};
	struct fx f;
	struct batch *b;

	c.timeout_ms = 1500;
	c.first_timeout_ms = 300;
	fx_open(&f);
	b = batch_run(&f, q, 1, &opt);
	ASSERT_OUTCOME(&b->res[0], TH_OUT_ANSWER, "late, early retry");
	ck_assert_int_eq(b->res[0].tries, 2);
	ck_assert_uint_eq(b->res[0].fin.retries, 1);
	ck_assert_uint_eq(b->res[0].fin.drop_id, 1);
	batch_free(b);

	c.tries = 1; /* no retry behind the first try: the whole timeout */
	b = batch_run(&f, q, 1, &opt);
	ASSERT_OUTCOME(&b->res[0], TH_OUT_ANSWER, "late, one try");
	ck_assert_int_eq(b->res[0].tries, 1);
	ck_assert_uint_eq(b->res[0].fin.retries, 0);
	batch_free(b);

	c.tries = TRIES;
	c.first_timeout_ms = 0; /* off */
	b = batch_run(&f, q, 1, &opt);
	ASSERT_OUTCOME(&b->res[0], TH_OUT_ANSWER, "late, no early timeout");
	ck_assert_int_eq(b->res[0].tries, 1);
	ck_assert_uint_eq(b->res[0].fin.retries, 0);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* Answers after the end: dropped as unknown IDs, and nothing breaks. */
START_TEST(test_transport_stray_after_end)
{
	static const struct qspec q[] = {
	    {"late.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"dup.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"dup.test.", 0, TH_PROTO_TCP, 0, 0},
	};
	struct run_opt opt = {.iso = true, .linger_ms = 1000};
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), &opt);
	ASSERT_OUTCOME(&b->res[0], TH_OUT_TIMEOUT, "late");
	ck_assert_int_eq(b->res[0].tries, TRIES);
	ck_assert_uint_eq(b->res[0].st.drop_id, 0);
	/* Each try's answer came LATE_MS after it, both after the end. */
	ck_assert_uint_ge(b->res[0].fin.drop_id, 1);
	ck_assert_uint_le(b->res[0].fin.drop_id, TRIES);
	for (int i = 1; i < 3; i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, "dup");
		ck_assert_int_eq(b->res[i].tries, 1);
		ck_assert_uint_eq(b->res[i].fin.drop_id, 1);
		ck_assert_uint_eq(drops_all(&b->res[i].fin), 1);
	}
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* ---- truncation and TCP ------------------------------------------------- */

/* A server without TCP: the connection is refused. */
START_TEST(test_transport_tc_no_tcp_service)
{
	static const struct qspec q[] = {
	    {"tc.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"ok.test.", 0, TH_PROTO_TCP, 0, 0},
	};
	struct hostile *h = server_start("127.0.0.1", NULL, false);
	struct run_opt opt = {.port = hostile_port(h)};
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), &opt);
	ASSERT_OUTCOME(&b->res[0], TH_OUT_TRUNCATED_NO_TCP, "tc");
	ck_assert_int_eq(b->res[0].neterr, UV_ECONNREFUSED);
	ck_assert_uint_eq(b->res[0].rcode, TH_RCODE_NOERROR);
	ck_assert(wire_flags(&b->res[0]) & TH_MSG_TC);
	ck_assert_uint_ge(b->res[0].len, 12);
	ASSERT_OUTCOME(&b->res[1], TH_OUT_NETWORK_ERROR, "ok over TCP");
	ck_assert_int_eq(b->res[1].neterr, UV_ECONNREFUSED);
	ck_assert_uint_eq(b->res[1].fin.tcp_fallbacks, 1);
	batch_free(b);
	fx_close(&f);
	hostile_stop(h);
	hostile_close(h);
}
END_TEST

/* Two names at once over TCP share one connection. */
START_TEST(test_transport_tcp_pipeline)
{
	static const struct qspec q[] = {
	    {"ok.a.test.", 0, TH_PROTO_TCP, 0, 0},
	    {"ok.b.test.", TH_T_AAAA, TH_PROTO_TCP, 0, 0},
	};
	struct hostile_stats hs;
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	for (int i = 0; i < N_ELEMS(q); i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
		ck_assert_int_eq(b->res[i].via, TH_VIA_TCP);
		ck_assert_uint_eq(b->res[i].rcode, TH_RCODE_NOERROR);
	}
	ck_assert_uint_eq(b->res[0].fin.sent_tcp, 2);
	ck_assert_uint_eq(b->res[0].fin.sent_udp, 0);
	ck_assert_uint_eq(b->res[0].fin.tcp_connects, 1);
	hostile_stats(f.h, &hs);
	ck_assert_uint_eq(hs.tcp_connections, 1);
	ck_assert_uint_eq(hs.udp_queries, 0);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * The server closes after every answer: three pipelined queries (two of
 * them lost with the connection and asked again on a new one), then three
 * more one after the other. Each needs a connection of its own.
 */
START_TEST(test_transport_tcp_reconnect)
{
	static const struct qspec q[] = {
	    {"tcp-close.a.test.", 0, TH_PROTO_TCP, 0, 0},
	    {"tcp-close.b.test.", 0, TH_PROTO_TCP, 0, 0},
	    {"tcp-close.c.test.", 0, TH_PROTO_TCP, 0, 0},
	    {"tcp-close.d.test.", 0, TH_PROTO_TCP, 0, 1},
	    {"tcp-close.e.test.", 0, TH_PROTO_TCP, 0, 2},
	    {"tcp-close.f.test.", 0, TH_PROTO_TCP, 0, 3},
	};
	struct hostile_stats hs;
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	for (int i = 0; i < N_ELEMS(q); i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
		ck_assert_int_eq(b->res[i].via, TH_VIA_TCP);
		ck_assert_int_eq(b->res[i].tries, 1);
	}
	ck_assert_uint_eq(b->res[0].fin.tcp_connects, N_ELEMS(q));
	ck_assert_uint_eq(b->res[0].fin.retries, 0);
	hostile_stats(f.h, &hs);
	ck_assert_uint_eq(hs.tcp_connections, N_ELEMS(q));
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * A query that makes the server close without an answer, with others
 * pipelined behind it on the same connection: only the oldest (the one
 * the server was at) pays a try; the others are asked again on a new
 * connection and answered.
 */
START_TEST(test_transport_tcp_culprit)
{
	static const struct qspec q[] = {
	    {"tc-notcp.test.", 0, TH_PROTO_TCP, 0, 0},
	    {"ok.a.test.", 0, TH_PROTO_TCP, 0, 0},
	    {"ok.b.test.", TH_T_AAAA, TH_PROTO_TCP, 0, 0},
	    {"tcp-cut.test.", 0, TH_PROTO_TCP, 0, 1},
	    {"ok.c.test.", 0, TH_PROTO_TCP, 0, 1},
	};
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	for (int i = 0; i < N_ELEMS(q); i++) {
		const struct res *r = &b->res[i];

		if (closes_connection(&q[i])) {
			ASSERT_OUTCOME(r, TH_OUT_NETWORK_ERROR, q[i].name);
			ck_assert_int_eq(r->tries, TRIES);
			/* Closed before or while we wrote. */
			ck_assert_msg(
			    r->neterr == UV_EOF || r->neterr == UV_EPIPE ||
			        r->neterr == UV_ECONNRESET,
			    "%s: %s", q[i].name, uv_err_name(r->neterr));
		} else {
			ASSERT_OUTCOME(r, TH_OUT_ANSWER, q[i].name);
			ck_assert_int_eq(r->tries, 1);
		}
	}
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* A zone transfer: three messages, SOA first and last. */
START_TEST(test_transport_axfr)
{
	static const struct qspec q[] = {
	    {"axfr.example.", TH_T_AXFR, TH_PROTO_UDP, 0, 0},
	    {"ok.example.", TH_T_A, TH_PROTO_UDP, 0, 0},
	};
	const uint8_t *msg;
	size_t off = 0, len;
	unsigned nmsg = 0, nrr = 0, soas = 0;
	uint16_t last_type = 0, first_type = 0;
	struct fx f;
	struct batch *b;
	const struct res *r;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	r = &b->res[0];
	ASSERT_OUTCOME(r, TH_OUT_ANSWER, "axfr");
	ck_assert_int_eq(r->via, TH_VIA_TCP);
	ck_assert_uint_eq(r->axfr, 1);
	ck_assert_uint_eq(r->nmsg, 3);
	ck_assert_uint_eq(r->rcode, TH_RCODE_NOERROR);
	while (th_answer_next_msg(r->ans, &off, &msg, &len)) {
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;
		enum th_msg_reason why;

		ck_assert_int_eq(th_msg_parse(&m, msg, len, &why), 0);
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (th_msg_iter_next(&it, &rr)) {
			if (nrr++ == 0)
				first_type = rr.type;
			last_type = rr.type;
			soas += rr.type == TH_T_SOA;
		}
		nmsg++;
	}
	ck_assert_uint_eq(off, r->len);
	ck_assert_uint_eq(nmsg, 3);
	ck_assert_uint_eq(nrr, 302);
	ck_assert_uint_eq(soas, 2);
	ck_assert_uint_eq(first_type, TH_T_SOA);
	ck_assert_uint_eq(last_type, TH_T_SOA);
	/* A plain answer is one message. */
	r = &b->res[1];
	ASSERT_OUTCOME(r, TH_OUT_ANSWER, "ok");
	off = 0;
	ck_assert(th_answer_next_msg(r->ans, &off, &msg, &len));
	ck_assert_ptr_eq(msg, r->ans->wire);
	ck_assert_uint_eq(len, r->len);
	ck_assert(!th_answer_next_msg(r->ans, &off, &msg, &len));
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * A zone transfer shares the server's TCP connection with the other TCP
 * questions, before and after it (a connection per transfer was a
 * handshake and a close per domain and address in a crawl).
 */
START_TEST(test_transport_axfr_shared)
{
	static const struct qspec q[] = {
	    {"ok.s1.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
	    {"axfr.example.", TH_T_AXFR, TH_PROTO_UDP, 0, 0},
	    {"ok.s2.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
	    {"ok.s3.test.", TH_T_A, TH_PROTO_TCP, 0, 1},
	};
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	for (size_t i = 0; i < N_ELEMS(q); i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
		ck_assert_int_eq(b->res[i].via, TH_VIA_TCP);
	}
	ck_assert_uint_eq(b->res[1].axfr, 1);
	ck_assert_uint_eq(b->res[1].nmsg, 3);
	ck_assert_uint_eq(b->res[0].axfr, 0);
	ck_assert_uint_eq(b->res[3].fin.tcp_connects, 1);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * Queries asked while the answers of one recvmmsg(2) are read (here, a
 * stage started from the callback of the previous stage's answer) leave
 * together, from one socket, in one sendmmsg(2): not one system call each.
 */
START_TEST(test_transport_udp_batch)
{
	enum { N = 33 };
	static char names[N][NAMELEN];
	struct qspec q[N];
	struct fx f;
	struct batch *b;

	fill_names(q, names, N, "ok.u%u.test.", TH_PROTO_UDP);
	for (unsigned i = 1; i < N; i++)
		q[i].stage = 1;
	fx_open(&f);
	b = batch_run(&f, q, N, NULL);
	for (int i = 0; i < N; i++)
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
	ck_assert_uint_eq(b->res[0].fin.sent_udp, N);
	ck_assert_uint_le(b->res[0].fin.udp_syscalls, 2);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * A busy transport (64 queries in flight or more) lets UDP queries linger
 * and go out together: 200 queries asked at once leave in the first 63
 * system calls (below the mark, each at once) and one more, not in 200.
 * With linger_ms 0 every query is its own system call.
 */
static struct batch *
linger_run(struct fx *f, struct qspec *q, unsigned n, unsigned linger_ms)
{
	struct th_transport_conf c = conf_test();
	struct run_opt opt = {.conf = &c};

	c.linger_ms = linger_ms;
	/* Counts, not timing: under valgrind the server thread answering
	 * 200 queries once took longer than the 250 ms tries. */
	c.timeout_ms = c.first_timeout_ms = 3000;
	return batch_run(f, q, n, &opt);
}

START_TEST(test_transport_udp_linger)
{
	enum { N = 200 };
	static char names[N][NAMELEN];
	struct qspec q[N];
	struct fx f;
	struct batch *b;

	fill_names(q, names, N, "ok.l%u.test.", TH_PROTO_UDP);
	fx_open(&f);
	b = linger_run(&f, q, N, 5);
	for (int i = 0; i < N; i++)
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
	ck_assert_uint_eq(b->res[0].fin.sent_udp, N);
	ck_assert_uint_le(b->res[0].fin.udp_syscalls, 63 + 2);
	ck_assert_uint_eq(b->res[0].fin.retries, 0);
	batch_free(b);
	b = linger_run(&f, q, N, 0);
	for (int i = 0; i < N; i++)
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
	ck_assert_uint_eq(b->res[0].fin.udp_syscalls, N);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * TCP queries asked together go out in one write: the three asked before
 * the connection is up, at connect; the three the last answer's callback
 * asks on the open connection, once that callback has returned.
 */
START_TEST(test_transport_tcp_coalesce)
{
	static const struct qspec q[] = {
	    {"ok.c1.test.", TH_T_SOA, TH_PROTO_TCP, 0, 0},
	    {"ok.c2.test.", TH_T_NS, TH_PROTO_TCP, 0, 0},
	    {"ok.c3.test.", TH_T_A, TH_PROTO_TCP, 0, 0},
	    {"ok.c4.test.", TH_T_SOA, TH_PROTO_TCP, 0, 1},
	    {"ok.c5.test.", TH_T_NS, TH_PROTO_TCP, 0, 1},
	    {"ok.c6.test.", TH_T_A, TH_PROTO_TCP, 0, 1},
	};
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	for (size_t i = 0; i < N_ELEMS(q); i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
		ck_assert_int_eq(b->res[i].via, TH_VIA_TCP);
	}
	ck_assert_uint_eq(b->res[0].fin.sent_tcp, N_ELEMS(q));
	ck_assert_uint_eq(b->res[0].fin.tcp_connects, 1);
	ck_assert_uint_eq(b->res[0].fin.tcp_writes, 2);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* Every other rrl query slips (TC, empty): each slip is asked over TCP. */
START_TEST(test_transport_rrl)
{
	enum { N = 60 };
	static char names[N][NAMELEN];
	struct qspec q[N];
	struct fx f;
	struct batch *b;
	unsigned tc_first = 0;

	fill_names(q, names, N, "rrl.n%u.test.", TH_PROTO_UDP);
	fx_open(&f);
	b = batch_run(&f, q, N, NULL);
	for (int i = 0; i < N; i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
		ck_assert_uint_eq(b->res[i].rcode, TH_RCODE_NOERROR);
		ck_assert(!(wire_flags(&b->res[i]) & TH_MSG_TC));
		if (b->res[i].flags & TH_ANS_TC_FIRST) {
			ck_assert_int_eq(b->res[i].via, TH_VIA_TCP);
			tc_first++;
		} else
			ck_assert_int_eq(b->res[i].via, TH_VIA_UDP);
	}
	ck_assert_uint_eq(tc_first, N / 2);
	ck_assert_uint_eq(b->res[0].fin.tcp_fallbacks, N / 2);
	ck_assert_uint_eq(b->res[0].fin.outcomes[TH_OUT_ANSWER], N);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * Answers that arrived in time while the loop was busy (the sends, then
 * four timeouts' worth of sleep, no poll) are answers: the deadline only
 * counts once a poll has run after it. Before, every one timed out and
 * was asked again.
 */
START_TEST(test_transport_busy_loop)
{
	enum { N = 8 };
	static char names[N][NAMELEN];
	struct qspec q[N];
	struct run_opt opt = {.block_ms = 4 * TIMEOUT_MS};
	struct fx f;
	struct batch *b;

	fill_names(q, names, N, "ok.b%u.test.", TH_PROTO_UDP);
	fx_open(&f);
	b = batch_run(&f, q, N, &opt);
	for (int i = 0; i < N; i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
		ck_assert_msg(b->res[i].tries == 1, "%s: %d tries", q[i].name,
		              b->res[i].tries);
	}
	ck_assert_uint_eq(b->res[0].fin.retries, 0);
	ck_assert_uint_eq(b->res[0].fin.drop_id, 0);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * Back-off: queries in stages for 1.5 s, so that a one-second window is
 * judged. A server that drops two thirds of them is slowed down; one that
 * answers nothing at all is dead, not rate limiting, and keeps its pace.
 */
static struct batch *
backoff_run(struct fx *f, unsigned ok_every)
{
	enum { STAGES = 5, PER = 12 };
	static char names[STAGES * PER][NAMELEN];
	static struct qspec q[STAGES * PER];

	fill_names(q, names, STAGES * PER, "drop.k%u.test.", TH_PROTO_UDP);
	for (unsigned i = 0; i < STAGES * PER; i++) {
		q[i].stage = i / PER;
		if (ok_every > 0 && i % ok_every == 0)
			snprintf(names[i], NAMELEN, "ok.k%u.test.", i);
	}
	return batch_run(f, q, STAGES * PER, NULL);
}

/*
 * What is not a rate limit is not slowed down, though half of a busy
 * window's events look bad: a server that truncates every UDP answer on
 * purpose (each question then goes over TCP), and one that answers some
 * zones and refuses as many others (lame delegations batched together).
 * Both windows are judged: late stages of dropped queries carry the run
 * past one second. Before, both servers were backed off. drop_edns: the
 * EDNS size of the dropped queries (0: none).
 */
static struct batch *
signal_run(struct fx *f, const char *first, const char *second,
           uint16_t drop_edns)
{
	enum { PER = 24, SLOW = 3, N = 2 * PER + SLOW + 1 };
	static char names[N][NAMELEN];
	static struct qspec q[N];

	fill_names(q, names, N, "drop.g%u.test.", TH_PROTO_UDP);
	for (unsigned i = 0; i < N; i++) {
		if (i < PER)
			snprintf(names[i], NAMELEN, "%s.g%u.test.", first, i);
		else if (i < 2 * PER)
			snprintf(names[i], NAMELEN, "%s.g%u.test.", second, i);
		else if (i == N - 1)
			snprintf(names[i], NAMELEN, "ok.g%u.test.", i);
		q[i].stage = i < 2 * PER ? 0 : 1 + (i - 2 * PER);
		if (strncmp(names[i], "drop.", 5) == 0)
			q[i].edns = drop_edns;
	}
	return batch_run(f, q, N, NULL);
}

START_TEST(test_transport_backoff_signals)
{
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = signal_run(&f, "tc", "tc", 0);
	ck_assert_uint_eq(b->res[0].fin.tcp_fallbacks, 48);
	ck_assert_uint_eq(b->res[0].fin.backoffs, 0);
	batch_free(b);
	fx_close(&f);
	fx_open(&f);
	b = signal_run(&f, "ok", "refused", 0);
	ck_assert_uint_eq(b->res[30].rcode, TH_RCODE_REFUSED);
	ck_assert_uint_eq(b->res[0].fin.backoffs, 0);
	batch_free(b);
	fx_close(&f);
	/* A server that drops every query with OPT and answers every one
	 * without it (the testbed's ednsdrop-dns.net): a filter. */
	fx_open(&f);
	b = signal_run(&f, "drop", "ok", 1232);
	ASSERT_OUTCOME(&b->res[0], TH_OUT_TIMEOUT, "drop with EDNS");
	ASSERT_OUTCOME(&b->res[30], TH_OUT_ANSWER, "ok without EDNS");
	ck_assert_uint_eq(b->res[0].fin.backoffs, 0);
	batch_free(b);
	fx_close(&f);
	/* The same drops without OPT are a rate limit's. */
	fx_open(&f);
	b = signal_run(&f, "drop", "ok", 0);
	ck_assert_uint_ge(b->res[0].fin.backoffs, 1);
	batch_free(b);
	fx_close(&f);
}
END_TEST

START_TEST(test_transport_backoff)
{
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = backoff_run(&f, 3);
	ck_assert_uint_ge(b->res[0].fin.backoffs, 1);
	ck_assert_uint_gt(b->res[0].fin.outcomes[TH_OUT_ANSWER], 0);
	batch_free(b);
	b = backoff_run(&f, 0);
	ck_assert_uint_eq(b->res[0].fin.outcomes[TH_OUT_ANSWER], 0);
	ck_assert_uint_eq(b->res[0].fin.backoffs, 0);
	ck_assert_uint_eq(b->res[0].fin.rate_waits, 0);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* ---- cache, dedup, limits ----------------------------------------------- */

START_TEST(test_transport_cache_dedup)
{
	static const struct qspec q[] = {
	    {"ok.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"ok.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"ok.test.", 0, TH_PROTO_UDP, 0, 1},
	    /* Not the same question: another protocol, type, EDNS. */
	    {"ok.test.", 0, TH_PROTO_TCP, 0, 1},
	    {"ok.test.", TH_T_AAAA, TH_PROTO_UDP, 0, 1},
	    {"ok.test.", 0, TH_PROTO_UDP, 1232, 1},
	};
	struct fx f;
	struct batch *b;
	const struct th_transport_stats *st;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	for (int i = 0; i < N_ELEMS(q); i++)
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
	/* One query answered all three: the same answer object. */
	ck_assert_ptr_eq(b->res[0].ans, b->res[1].ans);
	ck_assert_ptr_eq(b->res[0].ans, b->res[2].ans);
	ck_assert_ptr_ne(b->res[0].ans, b->res[3].ans);
	st = &b->res[0].st;
	ck_assert_uint_eq(st->dedup_joins, 1);
	ck_assert_uint_eq(st->sent_udp, 1);
	ck_assert_uint_eq(st->cache_entries, 1);
	st = &b->res[0].fin;
	ck_assert_uint_eq(st->queries, N_ELEMS(q));
	ck_assert_uint_eq(st->cache_hits, 1);
	ck_assert_uint_eq(st->dedup_joins, 1);
	ck_assert_uint_eq(st->sent_udp, 3);
	ck_assert_uint_eq(st->sent_tcp, 1);
	ck_assert_uint_eq(st->cache_entries, 4);
	ck_assert_uint_eq(st->outcomes[TH_OUT_ANSWER], 4);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* Non-answers are cached too: a timeout is not asked again. */
START_TEST(test_transport_cache_timeout)
{
	static const struct qspec q[] = {
	    {"drop.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"drop.test.", 0, TH_PROTO_UDP, 0, 1},
	};
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	ASSERT_OUTCOME(&b->res[0], TH_OUT_TIMEOUT, "first");
	ASSERT_OUTCOME(&b->res[1], TH_OUT_TIMEOUT, "second");
	ck_assert_uint_eq(b->res[1].fin.cache_hits, 1);
	ck_assert_uint_eq(b->res[1].fin.sent_udp, TRIES);
	batch_free(b);
	fx_close(&f);
}
END_TEST

START_TEST(test_transport_rate_limit)
{
	enum { N = 10 };
	static char names[N][NAMELEN];
	struct qspec q[N];
	struct th_transport_conf conf = conf_test();
	struct run_opt opt = {.conf = &conf};
	struct fx f;
	struct batch *b;

	conf.server_qps = 20;
	fill_names(q, names, N, "ok.n%u.test.", TH_PROTO_UDP);
	fx_open(&f);
	b = batch_run(&f, q, N, &opt);
	for (int i = 0; i < N; i++)
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
	ck_assert_uint_gt(b->res[0].fin.rate_waits, 0);
	ck_assert_uint_eq(b->res[0].fin.sent_udp, N);
	batch_free(b);
	fx_close(&f);
}
END_TEST

START_TEST(test_transport_global_rate_limit)
{
	enum { N = 6 };
	static char names[N][NAMELEN];
	struct qspec q[N];
	struct th_transport_conf conf = conf_test();
	struct run_opt opt = {.conf = &conf};
	struct fx f;
	struct batch *b;

	conf.qps = 30;
	fill_names(q, names, N, "ok.g%u.test.", TH_PROTO_UDP);
	fx_open(&f);
	b = batch_run(&f, q, N, &opt);
	for (int i = 0; i < N; i++)
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
	ck_assert_uint_gt(b->res[0].fin.rate_waits, 0);
	batch_free(b);
	fx_close(&f);
}
END_TEST

START_TEST(test_transport_inflight_cap)
{
	enum { N = 20 };
	static char names[N][NAMELEN];
	struct qspec q[N];
	struct th_transport_conf conf = conf_test();
	struct run_opt opt = {.conf = &conf};
	struct fx f;
	struct batch *b;

	conf.inflight = 2;
	fill_names(q, names, N, "ok.i%u.test.", TH_PROTO_UDP);
	/* Some over TCP, so both kinds of sends count. */
	q[3].proto = q[7].proto = TH_PROTO_TCP;
	fx_open(&f);
	b = batch_run(&f, q, N, &opt);
	for (int i = 0; i < N; i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_ANSWER, q[i].name);
		/* Counted before this one left the gauge. */
		ck_assert_uint_le(b->res[i].st.inflight, 2);
	}
	ck_assert_uint_eq(b->res[0].fin.inflight, 0);
	ck_assert_uint_eq(b->res[0].fin.queued, 0);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* The same name on two servers: two questions, two answers. */
START_TEST(test_transport_two_servers)
{
	static const struct qspec q[] = {
	    {"ok.test.", 0, TH_PROTO_UDP, 0, 0},
	};
	struct hostile *h2 = server_start("127.0.0.1", NULL, true);
	struct run_opt opt = {.port = hostile_port(h2)};
	struct hostile_stats hs;
	struct fx f;
	struct batch *b1, *b2;

	fx_open(&f);
	b1 = batch_run(&f, q, 1, NULL);
	b2 = batch_run(&f, q, 1, &opt);
	ASSERT_OUTCOME(&b1->res[0], TH_OUT_ANSWER, "server 1");
	ASSERT_OUTCOME(&b2->res[0], TH_OUT_ANSWER, "server 2");
	hostile_stats(h2, &hs);
	ck_assert_uint_eq(hs.udp_queries, 1);
	hostile_stats(f.h, &hs);
	ck_assert_uint_eq(hs.udp_queries, 1);
	batch_free(b1);
	batch_free(b2);
	fx_close(&f);
	hostile_stop(h2);
	hostile_close(h2);
}
END_TEST

START_TEST(test_transport_ipv6)
{
	static const struct qspec q[] = {
	    {"ok.test.", TH_T_AAAA, TH_PROTO_UDP, 0, 0},
	    {"tc.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
	    {"wrongid.test.", TH_T_A, TH_PROTO_UDP, 0, 0},
	};
	struct fx f;
	struct batch *b;

	fx_open_at(&f, "::1", NULL);
	b = batch_run(&f, q, N_ELEMS(q), NULL);
	ASSERT_OUTCOME(&b->res[0], TH_OUT_ANSWER, "ok");
	ck_assert_int_eq(b->res[0].via, TH_VIA_UDP);
	ASSERT_OUTCOME(&b->res[1], TH_OUT_ANSWER, "tc");
	ck_assert_int_eq(b->res[1].via, TH_VIA_TCP);
	ASSERT_OUTCOME(&b->res[2], TH_OUT_TIMEOUT, "wrongid");
	ck_assert_uint_eq(b->res[2].fin.drop_id, TRIES);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* ---- closing and bad input ---------------------------------------------- */

/*
 * Close while queries wait: sent over UDP and TCP, and queued behind the
 * in-flight cap. Each ends NETWORK_ERROR/ECANCELED; a new query from such
 * a callback is refused.
 */
START_TEST(test_transport_close_outstanding)
{
	static const struct qspec q[] = {
	    {"drop.a.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"drop.b.test.", 0, TH_PROTO_TCP, 0, 0},
	    {"drop.c.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"drop.d.test.", 0, TH_PROTO_TCP, 0, 0},
	    {"drop.a.test.", 0, TH_PROTO_UDP, 0, 0},
	};
	struct th_transport_conf conf = conf_test();
	struct run_opt opt = {.conf = &conf, .close_ms = 50};
	struct fx f;
	struct batch *b;

	conf.inflight = 2;
	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), &opt);
	for (int i = 0; i < N_ELEMS(q); i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_NETWORK_ERROR, q[i].name);
		ck_assert_int_eq(b->res[i].neterr, UV_ECANCELED);
		ck_assert_int_eq(b->res[i].requery_rc, TH_EINVAL);
	}
	ck_assert_uint_eq(b->res[0].fin.dedup_joins, 1);
	/* At the close: two sent, two behind the cap. */
	ck_assert_uint_eq(b->res[0].fin.inflight, 2);
	ck_assert_uint_eq(b->res[0].fin.queued, 2);
	batch_free(b);
	fx_close(&f);
}
END_TEST

/* A transport that never had a query closes cleanly too. */
START_TEST(test_transport_close_idle)
{
	struct th_transport_conf conf = conf_test();
	struct th_transport *t;
	uv_loop_t loop;

	ck_assert_int_eq(uv_loop_init(&loop), 0);
	ck_assert_int_eq(th_transport_create(&t, &loop, &conf), 0);
	ck_assert_ptr_eq(th_transport_loop(t), &loop);
	th_transport_close(t);
	ck_assert_int_eq(uv_run(&loop, UV_RUN_DEFAULT), 0);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
}
END_TEST

static void
on_sigpipe(int sig)
{
	(void)sig;
}

/*
 * A server closing while we write must not kill the process (tcp-close,
 * tc-notcp): a transport ignores SIGPIPE while it is at its default, and
 * leaves a handler the program chose alone.
 */
START_TEST(test_transport_sigpipe)
{
	struct th_transport_conf conf = conf_test();
	struct sigaction old, sa, now;
	struct th_transport *t;
	uv_loop_t loop;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(uv_loop_init(&loop), 0);
	for (int i = 0; i < 2; i++) {
		sa.sa_handler = i == 0 ? SIG_DFL : on_sigpipe;
		ck_assert_int_eq(sigaction(SIGPIPE, &sa, i == 0 ? &old : NULL),
		                 0);
		ck_assert_int_eq(th_transport_create(&t, &loop, &conf), 0);
		ck_assert_int_eq(sigaction(SIGPIPE, NULL, &now), 0);
		ck_assert(now.sa_handler == (i == 0 ? SIG_IGN : on_sigpipe));
		th_transport_close(t);
		ck_assert_int_eq(uv_run(&loop, UV_RUN_DEFAULT), 0);
	}
	ck_assert_int_eq(sigaction(SIGPIPE, &old, NULL), 0);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
}
END_TEST

static void
on_never(void *arg, const struct th_answer *a)
{
	(void)a;
	(*(int *)arg)++;
}

START_TEST(test_transport_bad_input)
{
	struct th_transport_conf conf = conf_test();
	struct th_transport_stats st;
	struct th_transport *t;
	struct th_addr a;
	struct th_query q;
	struct th_dname d;
	uv_loop_t loop;
	int calls = 0;

	ck_assert_int_eq(th_dname_parse(&d, "ok.test.", 8, NULL, NULL), 0);
	th_query_init(&q, &d, TH_T_A);
	ck_assert_int_eq(uv_loop_init(&loop), 0);
	ck_assert_int_eq(th_transport_create(&t, &loop, &conf), 0);
	memset(&a, 0, sizeof(a));
	a.family = TH_AF_NONE;
	a.port = 53;
	ck_assert_int_eq(
	    th_transport_query(t, &a, &q, TH_PROTO_UDP, on_never, &calls),
	    TH_EINVAL);
	ck_assert_int_eq(th_addr_parse(&a, "127.0.0.1", 0), 0);
	ck_assert_int_eq(
	    th_transport_query(t, &a, &q, TH_PROTO_UDP, on_never, &calls),
	    TH_EINVAL);
	ck_assert_int_eq(th_addr_parse(&a, "::1", 0), 0);
	ck_assert_int_eq(
	    th_transport_query(t, &a, &q, TH_PROTO_TCP, on_never, &calls),
	    TH_EINVAL);
	ck_assert_int_eq(th_addr_parse(&a, "127.0.0.1", 53), 0);
	ck_assert_int_eq(
	    th_transport_query(t, &a, &q, (enum th_proto)7, on_never, &calls),
	    TH_EINVAL);
	ck_assert_int_eq(
	    th_transport_query(t, &a, &q, TH_PROTO_UDP, NULL, &calls),
	    TH_EINVAL);
	th_transport_stats(t, &st);
	ck_assert_uint_eq(st.queries, 0);
	ck_assert_uint_eq(st.servers, 0);
	th_transport_close(t);
	ck_assert_int_eq(uv_run(&loop, UV_RUN_DEFAULT), 0);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
	ck_assert_int_eq(calls, 0);
}
END_TEST

START_TEST(test_transport_bad_conf)
{
	struct th_transport_conf conf = conf_test();
	struct th_transport *t = (struct th_transport *)&conf;
	uv_loop_t loop;

	ck_assert_int_eq(uv_loop_init(&loop), 0);
	conf.udp_sockets = 0;
	ck_assert_int_eq(th_transport_create(&t, &loop, &conf), TH_EINVAL);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(uv_run(&loop, UV_RUN_DEFAULT), 0);
	ck_assert_int_eq(uv_loop_close(&loop), 0);
}
END_TEST

/*
 * The network refuses the send at once (broadcast without SO_BROADCAST):
 * NETWORK_ERROR, reported from the loop, not inside th_transport_query.
 */
START_TEST(test_transport_send_refused)
{
	static const struct qspec q[] = {
	    {"ok.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"ok.test.", 0, TH_PROTO_UDP, 0, 0},
	    {"ok.b.test.", 0, TH_PROTO_UDP, 0, 1},
	};
	struct run_opt opt = {.ip = "255.255.255.255", .port = 53};
	struct fx f;
	struct batch *b;

	fx_open(&f);
	b = batch_run(&f, q, N_ELEMS(q), &opt);
	for (int i = 0; i < N_ELEMS(q); i++) {
		ASSERT_OUTCOME(&b->res[i], TH_OUT_NETWORK_ERROR, q[i].name);
		ck_assert_int_lt(b->res[i].neterr, 0);
	}
	batch_free(b);
	fx_close(&f);
}
END_TEST

/*
 * A send that fails at once, behind the in-flight cap: its callback runs
 * from the pump that an answer started, and closes the transport while
 * another query to the same address still waits in the pump's heap.
 */
struct close_ctx {
	struct th_transport *t;
	int calls[3];
	int outcome[3];
};

static void
on_close_ctx(struct close_ctx *c, int i, const struct th_answer *a)
{
	c->calls[i]++;
	c->outcome[i] = a->outcome;
	if (i == 1)
		th_transport_close(c->t);
}

static void
on_cc0(void *arg, const struct th_answer *a)
{
	on_close_ctx(arg, 0, a);
}

static void
on_cc1(void *arg, const struct th_answer *a)
{
	on_close_ctx(arg, 1, a);
}

static void
on_cc2(void *arg, const struct th_answer *a)
{
	on_close_ctx(arg, 2, a);
}

START_TEST(test_transport_send_refused_close)
{
	struct th_transport_conf conf = conf_test();
	struct close_ctx c;
	struct th_addr ok, bcast;
	struct th_query q;
	struct th_dname d;
	struct fx f;

	memset(&c, 0, sizeof(c));
	conf.inflight = 1;
	fx_open(&f);
	ck_assert_int_eq(th_addr_parse(&ok, f.ip, f.port), 0);
	ck_assert_int_eq(th_addr_parse(&bcast, "255.255.255.255", 53), 0);
	ck_assert_int_eq(th_transport_create(&c.t, &f.loop, &conf), 0);
	ck_assert_int_eq(th_dname_parse(&d, "ok.test.", 8, NULL, NULL), 0);
	th_query_init(&q, &d, TH_T_A);
	ck_assert_int_eq(
	    th_transport_query(c.t, &ok, &q, TH_PROTO_UDP, on_cc0, &c), 0);
	ck_assert_int_eq(
	    th_transport_query(c.t, &bcast, &q, TH_PROTO_UDP, on_cc1, &c), 0);
	th_query_init(&q, &d, TH_T_AAAA);
	ck_assert_int_eq(
	    th_transport_query(c.t, &bcast, &q, TH_PROTO_UDP, on_cc2, &c), 0);
	ck_assert_int_eq(uv_run(&f.loop, UV_RUN_DEFAULT), 0);
	ck_assert_int_eq(c.calls[0], 1);
	ck_assert_int_eq(c.calls[1], 1);
	ck_assert_int_eq(c.calls[2], 1);
	ck_assert_int_eq(c.outcome[0], TH_OUT_ANSWER);
	ck_assert_int_eq(c.outcome[1], TH_OUT_NETWORK_ERROR);
	ck_assert_int_eq(c.outcome[2], TH_OUT_NETWORK_ERROR);
	fx_close(&f);
}
END_TEST

static const char *const outcome_names[] = {
    "ANSWER", "TIMEOUT", "NETWORK_ERROR", "MALFORMED", "TRUNCATED_NO_TCP",
};

START_TEST(test_transport_outcome_names)
{
	for (int i = 0; i < TH_OUT__COUNT; i++)
		ck_assert_str_eq(th_outcome_name((enum th_outcome)i),
		                 outcome_names[i]);
	ck_assert_str_eq(th_outcome_name(TH_OUT__COUNT), "?");
}
END_TEST

Suite *
suite_transport(void)
{
	Suite *s = suite_create("transport");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_set_timeout(pos, 20);
	tcase_set_timeout(neg, 20);
	tcase_add_loop_test(pos, test_transport_answer, 0,
	                    N_ELEMS(answer_cases));
	tcase_add_test(pos, test_transport_answer_concurrent);
	tcase_add_test(pos, test_transport_tc_no_tcp_service);
	tcase_add_test(pos, test_transport_tcp_pipeline);
	tcase_add_test(pos, test_transport_tcp_reconnect);
	tcase_add_test(pos, test_transport_tcp_culprit);
	tcase_add_test(pos, test_transport_axfr);
	tcase_add_test(pos, test_transport_axfr_shared);
	tcase_add_test(pos, test_transport_udp_batch);
	tcase_add_test(pos, test_transport_rrl);
	tcase_add_test(pos, test_transport_busy_loop);
	tcase_add_test(pos, test_transport_cache_dedup);
	tcase_add_test(pos, test_transport_cache_timeout);
	tcase_add_test(pos, test_transport_rate_limit);
	tcase_add_test(pos, test_transport_global_rate_limit);
	tcase_add_test(pos, test_transport_inflight_cap);
	tcase_add_test(pos, test_transport_udp_linger);
	tcase_add_test(pos, test_transport_tcp_coalesce);
	tcase_add_test(pos, test_transport_two_servers);
	tcase_add_test(pos, test_transport_ipv6);
	tcase_add_test(pos, test_transport_close_idle);
	tcase_add_test(pos, test_transport_sigpipe);
	tcase_add_test(pos, test_transport_outcome_names);

	tcase_add_test(neg, test_transport_timeouts);
	tcase_add_test(neg, test_transport_backoff);
	tcase_add_test(neg, test_transport_backoff_signals);
	tcase_add_test(neg, test_transport_first_timeout);
	tcase_add_test(neg, test_transport_stray_after_end);
	tcase_add_test(neg, test_transport_close_outstanding);
	tcase_add_test(neg, test_transport_bad_input);
	tcase_add_test(neg, test_transport_bad_conf);
	tcase_add_test(neg, test_transport_send_refused);
	tcase_add_test(neg, test_transport_send_refused_close);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
