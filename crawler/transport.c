/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * transport.c -- asynchronous DNS over UDP and TCP (see transport.h).
 *
 * A query (struct tx_q) lives from th_transport_query to its completion:
 * queued at its server, sent (UDP or TCP), maybe retried or moved to TCP,
 * then completed once for every waiter that asked the same question.
 * Every sent query sits on one of two deadline lists: first UDP tries with
 * a retry behind them (first_timeout_ms), and the rest (timeout_ms). Each
 * list's tries have the same timeout, so appending keeps it sorted, and
 * one timer serves both.
 */
#include "crawler/transport.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/log.h"
#include "common/secrand.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/queue.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_MS UINT64_C(1000000)
#define NS_PER_S UINT64_C(1000000000)
/* recvmmsg: libuv reads one datagram per 64 KiB chunk of the buffer. */
#define UDP_CHUNK (64 * 1024)
#define UDP_CHUNKS 16
/* Receive buffer asked for each UDP socket: answers queue there while the
 * loop runs callbacks; the kernel's 208 KiB default holds about a hundred
 * DNSSEC answers and dropped thousands a second at high concurrency. */
#define UDP_RCVBUF (4 * 1024 * 1024)
/* Back-off: judged per one-second window with at least this many events. */
#define BACKOFF_MIN_EVENTS 20
#define BACKOFF_HOLD_NS (5 * NS_PER_S)
/* Consecutive timeouts after which a server gets no more retries. */
#define DEAD_TIMEOUTS 10
/* A TCP query may be moved to a new connection this often when servers
 * close connections after answering. */
#define TCP_MAX_REQUEUE 4
#define TCP_MAX_CONNS 2

enum q_state { Q_NEW, Q_QUEUED, Q_UDP, Q_TCP, Q_DONE };

struct tx_waiter {
	th_query_cb *cb;
	void *arg;
	struct tx_waiter *next;
};

struct tx_server;
struct tx_conn;

/* UDP queries sent by one sendmmsg(2) at most. */
#define UDP_BATCH 256
/* Queries in flight from which queries linger (conf.linger_ms): a busy
 * transport, where a few milliseconds cost nothing; a single domain's
 * test, below it, is not slowed. */
#define LINGER_BUSY 64

struct tx_q {
	struct th_hash_node hn;  /* inflight (dedup) table */
	struct th_hash_node idn; /* UDP ID table, while state == Q_UDP */
	struct th_transport *t;
	struct tx_server *srv;
	struct tx_waiter first; /* first waiter inline */
	struct tx_waiter *more, **more_tail;
	struct tx_q *qnext;      /* server queue */
	TAILQ_ENTRY(tx_q) tlink; /* deadline list, while on_deadlines */
	TAILQ_ENTRY(tx_q) clink; /* connection's pending list */
	struct tx_conn *conn;
	struct th_answer *tc_answer; /* truncated UDP answer, kept */
	struct th_buf axfr;          /* AXFR: messages so far */
	uint64_t deadline_ns, sent_ns;
	unsigned axfr_soas;
	uint16_t id;
	uint8_t sock;
	uint8_t state;    /* enum q_state */
	uint8_t proto;    /* enum th_proto asked for */
	uint8_t next_via; /* enum th_via of the next send */
	uint8_t tries;    /* sends on the current protocol */
	uint8_t attempts; /* sends in all */
	uint8_t requeues; /* moves to a new TCP connection */
	bool is_axfr;
	bool batched; /* in the transport's UDP batch, not yet sent */
	bool on_deadlines;
	bool early; /* on the first-try list */
	uint16_t qtype, qclass;
	uint8_t opcode;
	struct th_dname qname;
	uint16_t udp_limit;                 /* largest UDP answer allowed */
	uint16_t wlen;                      /* query octets, without prefix */
	uint8_t wire[2 + TH_QUERY_MAXWIRE]; /* TCP length prefix, then query */
};

TAILQ_HEAD(tx_qlist, tx_q);

struct tx_conn {
	uv_tcp_t tcp;
	uv_connect_t creq;
	uv_timer_t idle;
	struct th_transport *t;
	struct tx_server *srv;
	struct tx_conn *next;       /* server's list */
	TAILQ_HEAD(, tx_q) pending; /* sent, oldest first */
	unsigned npending;
	/* The first of pending not yet written; the rest go with it in one
	 * write (conn_flush) at the end of the pump or on connect. */
	struct tx_q *wfrom;
	TAILQ_ENTRY(tx_conn) dlink; /* transport's dirty list, while dirty */
	bool dirty;
	uint64_t answered;
	uint8_t *rbuf;
	size_t rlen, ralloc;
	bool open, closing;
	int handles; /* open libuv handles (tcp, idle) */
};

struct tx_server {
	struct th_hash_node hn;
	struct th_addr addr;
	struct sockaddr_storage sa;
	socklen_t salen;
	struct tx_q *qhead, *qtail;
	unsigned queued;
	size_t heap_idx; /* SIZE_MAX when not scheduled */
	uint64_t eligible_ns, seq;
	double rate;     /* permitted qps; 0 = unlimited */
	uint64_t tat_ns; /* pacing: theoretical time of the next send */
	/* Back-off window. */
	uint64_t win_start_ns;
	uint32_t win_events, win_bad, win_sent;
	uint32_t win_udp; /* plain UDP answers: neither slips nor timeouts */
	/* The same split by EDNS: a server that drops every query with OPT
	 * and answers every one without it filters, it does not limit. */
	uint32_t win_bad_edns, win_udp_edns;
	uint64_t hold_until_ns;
	uint32_t consec_timeouts;
	struct tx_conn *conns;
	unsigned nconns;
	uint64_t sent, answers, timeouts;
};

struct tx_centry {
	struct th_hash_node hn;
	TAILQ_ENTRY(tx_centry) llink; /* LRU, most recent first */
	struct tx_server *srv;
	struct th_answer *ans;
	uint8_t proto;
	uint16_t wlen;
	uint8_t wire[]; /* the query, ID octets included but ignored */
};

struct tx_ready {
	struct tx_ready *next;
	th_query_cb *cb;
	void *arg;
	struct th_answer *ans;
};

struct tx_sock {
	uv_udp_t udp;
	struct th_transport *t;
	uint8_t index;
	bool ok;
	bool inited;
};

struct th_transport {
	uv_loop_t *loop;
	struct th_transport_conf conf;
	struct th_transport_stats st;
	struct th_secrand rand;
	uint64_t k0, k1; /* hash keys */
	struct th_hash servers, inflight, ids, cache;
	/* Scheduling heap of servers with queued queries. */
	struct tx_server **heap;
	size_t nheap, aheap;
	uint64_t seq;
	uint64_t gtat_ns; /* global pacing */
	bool pumping;
	uv_timer_t sched_timer;
	uint64_t sched_at_ns; /* when sched_timer fires; 0 = idle */
	/* Ends the linger (conf.linger_ms) of the UDP batch and of the
	 * connections' unwritten queries; active while they linger. */
	uv_timer_t flush_timer;
	bool flush_now;
	/* Deadlines. */
	struct tx_qlist deadlines;
	struct tx_qlist early; /* first UDP tries, first_timeout_ms */
	uv_timer_t deadline_timer;
	/* Start of the latest poll for I/O: a deadline after it has not seen
	 * a poll yet, and its answer may be waiting unread in a socket. */
	uv_prepare_t poll_prep;
	uint64_t polled_ns;
	/* Cache LRU. */
	TAILQ_HEAD(tx_lru, tx_centry) lru;
	/* Open connections with queries to write. */
	TAILQ_HEAD(, tx_conn) dirty;
	/* Cache hits waiting for the next loop turn. */
	struct tx_ready *rhead, **rtail;
	uv_idle_t ready_idle;
	/* UDP sockets: [0, n) IPv4, [n, 2n) IPv6. */
	struct tx_sock *socks;
	unsigned nsock;
	/* UDP queries of this pump, sent together (udp_flush), each family's
	 * from one socket drawn at random for the batch (bsock, or -1). */
	struct tx_q *batch[UDP_BATCH];
	unsigned nbatch;
	int bsock[2];
	/* Answers of one recvmmsg(2) are being read: the queries they free
	 * room for wait, and go out together after the last one. */
	bool hold_pump;
	uint8_t *rbuf;
	/* Free query objects. */
	struct tx_q *freeq;
	unsigned depth; /* callbacks running; close waits for them */
	/* Queries asked by running callbacks: the pump waits for the last
	 * callback, so that what they ask together leaves together. */
	bool pump_after;
	bool close_pending;
	bool closing;
	int handles; /* open libuv handles owned directly */
	int conns;   /* connections not yet freed */
};

static void tx_pump(struct th_transport *t);
static void tx_send_tcp(struct th_transport *t, struct tx_q *q);
static void tx_conn_close(struct tx_conn *c);
static void on_deadline(uv_timer_t *h);
static void conn_take(struct tx_conn *c, struct tx_q *q);
static void conn_fail(struct tx_conn *c, int err);
static void conn_maybe_idle(struct tx_conn *c);
static void conns_flush(struct th_transport *t);
static void on_ready_idle(uv_idle_t *h);
static void tx_do_close(struct th_transport *t);
static void tx_free(struct th_transport *t);

/* ---- outcomes and answers ----------------------------------------------- */

static const char *const outcome_names[] = {
#define TH_OUTCOME_NAME(name, text) #name,
    TH_OUTCOME_MAP(TH_OUTCOME_NAME)
#undef TH_OUTCOME_NAME
};

const char *
th_outcome_name(enum th_outcome o)
{
	return (unsigned)o < TH_OUT__COUNT ? outcome_names[o] : "?";
}

static struct th_answer *
answer_new(enum th_outcome o, const uint8_t *wire, size_t len)
{
	struct th_answer *a = malloc(sizeof(*a) + len);

	if (a == NULL)
		return NULL;
	memset(a, 0, sizeof(*a));
	a->refs = 1;
	a->outcome = (uint8_t)o;
	a->len = (uint32_t)len;
	a->nmsg = len > 0 ? 1 : 0;
	if (len > 0)
		memcpy(a->wire, wire, len);
	return a;
}

void
th_answer_ref(const struct th_answer *a)
{
	((struct th_answer *)a)->refs++;
}

void
th_answer_unref(const struct th_answer *a)
{
	struct th_answer *m = (struct th_answer *)a;

	if (m == NULL)
		return;
	assert(m->refs > 0);
	if (--m->refs == 0)
		free(m);
}

bool
th_answer_next_msg(const struct th_answer *a, size_t *off, const uint8_t **msg,
                   size_t *len)
{
	size_t n;

	if (!a->axfr) {
		if (*off != 0 || a->len == 0)
			return false;
		*msg = a->wire;
		*len = a->len;
		*off = a->len;
		return true;
	}
	if (a->len - *off < 2)
		return false;
	n = (size_t)a->wire[*off] << 8 | a->wire[*off + 1];
	if (a->len - *off - 2 < n)
		return false;
	*msg = a->wire + *off + 2;
	*len = n;
	*off += 2 + n;
	return true;
}

/* ---- configuration ------------------------------------------------------ */

void
th_transport_conf_default(struct th_transport_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->timeout_ms = 5000;
	c->tries = 2;
	c->first_timeout_ms = 1000;
	/* docs/transport.md section 4: more only wait in the sockets. */
	c->inflight = 1024;
	c->linger_ms = 5;
	c->udp_sockets = 16;
	c->tcp_idle_ms = 3000;
	c->tcp_pipeline = 32;
	c->cache_bytes = (size_t)256 << 20;
	c->axfr_max = (size_t)64 << 20;
}

/* ---- servers and the scheduling heap ------------------------------------ */

static struct tx_server *
server_find(const struct th_transport *t, const struct th_addr *a,
            uint64_t *hashp)
{
	uint64_t h = th_addr_hash(a, t->k0, t->k1);
	struct th_hash_node *n;

	if (hashp != NULL)
		*hashp = h;
	for (n = th_hash_first(&t->servers, h); n != NULL;
	     n = th_hash_next(n)) {
		struct tx_server *s = (struct tx_server *)n;

		if (th_addr_equal(&s->addr, a))
			return s;
	}
	return NULL;
}

static struct tx_server *
server_get(struct th_transport *t, const struct th_addr *a)
{
	uint64_t h;
	struct tx_server *s = server_find(t, a, &h);

	if (s != NULL)
		return s;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->addr = *a;
	s->salen = th_addr_to_sockaddr(a, &s->sa);
	s->heap_idx = SIZE_MAX;
	s->rate = t->conf.server_qps;
	th_hash_insert(&t->servers, &s->hn, h);
	t->st.servers++;
	return s;
}

static bool
heap_less(const struct tx_server *a, const struct tx_server *b)
{
	if (a->eligible_ns != b->eligible_ns)
		return a->eligible_ns < b->eligible_ns;
	return a->seq < b->seq;
}

static void
heap_set(struct th_transport *t, size_t i, struct tx_server *s)
{
	t->heap[i] = s;
	s->heap_idx = i;
}

static void
heap_up(struct th_transport *t, size_t i)
{
	struct tx_server *s = t->heap[i];

	while (i > 0 && heap_less(s, t->heap[(i - 1) / 2])) {
		heap_set(t, i, t->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(t, i, s);
}

static void
heap_down(struct th_transport *t, size_t i)
{
	struct tx_server *s = t->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= t->nheap)
			break;
		if (c + 1 < t->nheap && heap_less(t->heap[c + 1], t->heap[c]))
			c++;
		if (!heap_less(t->heap[c], s))
			break;
		heap_set(t, i, t->heap[c]);
		i = c;
	}
	heap_set(t, i, s);
}

static int
heap_push(struct th_transport *t, struct tx_server *s)
{
	if (t->nheap == t->aheap) {
		size_t n = t->aheap ? t->aheap * 2 : 256;
		struct tx_server **h = realloc(t->heap, n * sizeof(*h));

		if (h == NULL)
			return TH_ENOMEM;
		t->heap = h;
		t->aheap = n;
	}
	heap_set(t, t->nheap++, s);
	heap_up(t, s->heap_idx);
	return 0;
}

static void
heap_remove(struct th_transport *t, struct tx_server *s)
{
	size_t i = s->heap_idx;
	struct tx_server *last;

	assert(i < t->nheap);
	last = t->heap[--t->nheap];
	s->heap_idx = SIZE_MAX;
	if (last == s)
		return;
	heap_set(t, i, last);
	heap_up(t, i);
	heap_down(t, last->heap_idx);
}

static void
heap_update(struct th_transport *t, struct tx_server *s)
{
	heap_up(t, s->heap_idx);
	heap_down(t, s->heap_idx);
}

/*
 * Pacing (GCRA, the virtual-scheduling form of a token bucket): a send is
 * allowed when its theoretical time *tat is at most `tolerance` ahead of
 * now; each send moves *tat one interval on. A send that comes late keeps
 * its lateness (up to PACE_SLACK) instead of losing it to the timer's
 * millisecond granularity, and per-server intervals are of 99 % of the
 * rate, so that any one-second window sees at most the rate:
 * 0.99 R (1 s + tolerance + slack) + 1 < R + 1 for 1 ms each.
 */
#define PACE_SLACK_NS NS_PER_MS

static bool
pace_allows(uint64_t tat, uint64_t tolerance, uint64_t now)
{
	return tat <= now + tolerance;
}

static void
pace_take(uint64_t *tat, double rate, uint64_t now)
{
	uint64_t base = *tat + PACE_SLACK_NS < now ? now - PACE_SLACK_NS : *tat;

	*tat = base + (uint64_t)((double)NS_PER_S / rate);
}

/* Per-server limits are promises to the server: paced at 99 %. */
#define SERVER_PACE(rate) ((rate)*0.99)
#define SERVER_TOLERANCE_NS NS_PER_MS
/* The global limit is ours: a 20 ms burst is fine. */
#define GLOBAL_TOLERANCE_NS (20 * NS_PER_MS)

/* Put q at the back (or, for retries, the front) of its server's queue. */
static void
server_enqueue(struct th_transport *t, struct tx_q *q, bool front)
{
	struct tx_server *s = q->srv;

	q->state = Q_QUEUED;
	q->qnext = NULL;
	if (front) {
		q->qnext = s->qhead;
		s->qhead = q;
		if (s->qtail == NULL)
			s->qtail = q;
	} else {
		if (s->qtail != NULL)
			s->qtail->qnext = q;
		else
			s->qhead = q;
		s->qtail = q;
	}
	s->queued++;
	t->st.queued++;
	if (s->heap_idx == SIZE_MAX) {
		s->eligible_ns = 0;
		s->seq = ++t->seq;
		if (heap_push(t, s) != 0)
			th_log_error("transport: out of memory scheduling");
	}
}

static struct tx_q *
server_dequeue(struct th_transport *t, struct tx_server *s)
{
	struct tx_q *q = s->qhead;

	if (q == NULL)
		return NULL;
	s->qhead = q->qnext;
	if (s->qhead == NULL)
		s->qtail = NULL;
	q->qnext = NULL;
	s->queued--;
	t->st.queued--;
	return q;
}

/* Remove a queued query from its server's queue (at close). */
static void
server_unqueue(struct th_transport *t, struct tx_q *q)
{
	struct tx_server *s = q->srv;
	struct tx_q **pp = &s->qhead, *prev = NULL;

	while (*pp != NULL && *pp != q) {
		prev = *pp;
		pp = &(*pp)->qnext;
	}
	if (*pp == NULL)
		return;
	*pp = q->qnext;
	if (s->qtail == q)
		s->qtail = prev;
	s->queued--;
	t->st.queued--;
	if (s->queued == 0 && s->heap_idx != SIZE_MAX)
		heap_remove(t, s);
}

/*
 * Rate-limit signals, judged per one-second window: when at least half of
 * a busy window's events were timeouts or truncation slips, and the
 * server still answered some queries over UDP, halve the server's rate;
 * after a quiet hold time, give it back a quarter of the configured rate
 * per clean window. What is not a rate limit is not slowed down
 * (docs/transport.md section 4): a window with no plain UDP answer is a
 * server that is down, or that truncates everything on purpose; a
 * REFUSED is a zone the server does not serve; a window whose drops are
 * all of queries with OPT and whose answers all of queries without (or
 * the reverse) is a server that filters EDNS. Slowing those down changed
 * nothing for them and queued every domain using the server: a dead one
 * held 206 of 20,000 domains for their whole 120 s budget, a healthy
 * one that refused a batch of lame delegations (batches group domains by
 * name server set) idled a worker for 30 s, and the EDNS-dropping ones
 * made the last 16 s of a 20,000-domain crawl.
 */
static void
server_event(struct th_transport *t, struct tx_server *s, bool bad,
             bool udp_answer, bool edns, uint64_t now)
{
	double configured = t->conf.server_qps;

	if (now - s->win_start_ns >= NS_PER_S) {
		double secs = (double)(now - s->win_start_ns) / NS_PER_S;
		double sent_rate = s->win_sent / (secs > 1 ? secs : 1);
		/* Every bad event on one side of EDNS, every plain UDP
		 * answer on the other: the server filters by content. */
		bool filters =
		    (s->win_bad_edns == s->win_bad && s->win_udp_edns == 0) ||
		    (s->win_bad_edns == 0 && s->win_udp_edns == s->win_udp);

		if (s->win_events >= BACKOFF_MIN_EVENTS &&
		    2 * s->win_bad >= s->win_events && s->win_udp > 0 &&
		    !filters) {
			double floor = configured > 0 ? configured / 20 : 5;
			double r = sent_rate / 2;

			if (floor < 1)
				floor = 1;
			if (r < floor)
				r = floor;
			if (s->rate == 0 || r < s->rate) {
				s->rate = r;
				t->st.backoffs++;
				th_log_debug("transport: backing off a server "
				             "to %.0f qps",
				             r);
			}
			s->hold_until_ns = now + BACKOFF_HOLD_NS;
		} else if (s->rate > 0 && now >= s->hold_until_ns &&
		           (configured == 0 || s->rate < configured)) {
			if (configured > 0) {
				s->rate += configured / 4;
				if (s->rate > configured)
					s->rate = configured;
			} else if ((s->rate *= 2) > 10000)
				s->rate = 0; /* back to unlimited */
		}
		s->win_start_ns = now;
		s->win_events = s->win_bad = s->win_sent = s->win_udp = 0;
		s->win_bad_edns = s->win_udp_edns = 0;
	}
	s->win_events++;
	if (bad) {
		s->win_bad++;
		s->win_bad_edns += edns;
	}
	if (udp_answer) {
		s->win_udp++;
		s->win_udp_edns += edns;
	}
}

/* Whether q carries an OPT record: a query's only additional record. */
static bool
q_has_edns(const struct tx_q *q)
{
	return q->wire[2 + 10] != 0 || q->wire[2 + 11] != 0;
}

/* ---- the deadline list -------------------------------------------------- */

/* The query that times out next, on either list. */
static struct tx_q *
deadline_first(const struct th_transport *t)
{
	struct tx_q *a = TAILQ_FIRST(&t->deadlines),
	            *b = TAILQ_FIRST(&t->early);

	if (a == NULL || (b != NULL && b->deadline_ns < a->deadline_ns))
		return b;
	return a;
}

static void
deadline_arm(struct th_transport *t)
{
	struct tx_q *head = deadline_first(t);
	uint64_t now, ms;

	if (head == NULL || t->closing)
		return;
	now = uv_hrtime();
	/* At least 1 ms: a deadline on_deadline left for the next poll must
	 * not be due again in this same run of the loop's timers. */
	ms = head->deadline_ns > now + NS_PER_MS
	         ? (head->deadline_ns - now + NS_PER_MS - 1) / NS_PER_MS
	         : 1;
	uv_timer_start(&t->deadline_timer, on_deadline, ms, 0);
}

static void
deadline_add(struct th_transport *t, struct tx_q *q, uint64_t now)
{
	struct tx_q *before = deadline_first(t);
	unsigned first = t->conf.first_timeout_ms;
	struct tx_qlist *list;

	q->early = q->state == Q_UDP && q->tries == 1 &&
	           q->tries < t->conf.tries && first > 0 &&
	           first < t->conf.timeout_ms;
	q->deadline_ns =
	    now + (uint64_t)(q->early ? first : t->conf.timeout_ms) * NS_PER_MS;
	list = q->early ? &t->early : &t->deadlines;
	TAILQ_INSERT_TAIL(list, q, tlink);
	q->on_deadlines = true;
	if (before == NULL || q->deadline_ns < before->deadline_ns)
		deadline_arm(t);
}

static void
deadline_remove(struct th_transport *t, struct tx_q *q)
{
	struct tx_qlist *list = q->early ? &t->early : &t->deadlines;

	if (!q->on_deadlines)
		return;
	TAILQ_REMOVE(list, q, tlink);
	q->on_deadlines = false;
}

/* ---- the UDP ID table --------------------------------------------------- */

static uint64_t
id_hash(unsigned sock, uint16_t id, const struct tx_server *s)
{
	/* Our own random IDs: a multiplicative mix suffices here. */
	uint64_t h = ((uint64_t)sock << 16 | id) ^ (uint64_t)(uintptr_t)s;

	h *= UINT64_C(0x9e3779b97f4a7c15);
	return h ^ (h >> 29);
}

static struct tx_q *
id_find(const struct th_transport *t, unsigned sock, uint16_t id,
        const struct tx_server *s)
{
	struct th_hash_node *n;

	for (n = th_hash_first(&t->ids, id_hash(sock, id, s)); n != NULL;
	     n = th_hash_next(n)) {
		struct tx_q *q =
		    (struct tx_q *)((char *)n - offsetof(struct tx_q, idn));

		if (q->sock == sock && q->id == id && q->srv == s)
			return q;
	}
	return NULL;
}

/* ---- query objects, dedup and cache keys -------------------------------- */

static uint64_t
key_hash(const struct th_transport *t, const struct tx_server *s, uint8_t proto,
         const uint8_t *wire, size_t wlen)
{
	uint8_t buf[sizeof(struct th_addr) + 1 + TH_QUERY_MAXWIRE];

	/* The ID (first two octets) is not part of the question. */
	memcpy(buf, &s->addr, sizeof(s->addr));
	buf[sizeof(s->addr)] = proto;
	memcpy(buf + sizeof(s->addr) + 1, wire + 2, wlen - 2);
	return th_hash_sip(buf, sizeof(s->addr) + 1 + wlen - 2, t->k0, t->k1);
}

static bool
key_equal(const struct tx_server *s1, uint8_t p1, const uint8_t *w1, size_t l1,
          const struct tx_server *s2, uint8_t p2, const uint8_t *w2, size_t l2)
{
	return s1 == s2 && p1 == p2 && l1 == l2 &&
	       memcmp(w1 + 2, w2 + 2, l1 - 2) == 0;
}

static struct tx_q *
q_alloc(struct th_transport *t)
{
	struct tx_q *q = t->freeq;

	if (q != NULL)
		t->freeq = q->qnext;
	else if ((q = malloc(sizeof(*q))) == NULL)
		return NULL;
	memset(q, 0, offsetof(struct tx_q, qname));
	q->t = t;
	q->more_tail = &q->more;
	th_buf_init(&q->axfr, t->conf.axfr_max);
	return q;
}

static void
q_free(struct th_transport *t, struct tx_q *q)
{
	struct tx_waiter *w, *next;

	for (w = q->more; w != NULL; w = next) {
		next = w->next;
		free(w);
	}
	th_answer_unref(q->tc_answer);
	th_buf_free(&q->axfr);
	q->qnext = t->freeq;
	t->freeq = q;
}

/* ---- cache -------------------------------------------------------------- */

static struct tx_centry *
cache_find(struct th_transport *t, uint64_t h, const struct tx_server *s,
           uint8_t proto, const uint8_t *wire, size_t wlen)
{
	struct th_hash_node *n;

	for (n = th_hash_first(&t->cache, h); n != NULL; n = th_hash_next(n)) {
		struct tx_centry *e = (struct tx_centry *)n;

		if (key_equal(e->srv, e->proto, e->wire, e->wlen, s, proto,
		              wire, wlen))
			return e;
	}
	return NULL;
}

static size_t
centry_bytes(const struct tx_centry *e)
{
	return sizeof(*e) + e->wlen + sizeof(*e->ans) + e->ans->len;
}

static void
cache_drop(struct th_transport *t, struct tx_centry *e)
{
	th_hash_remove(&t->cache, &e->hn);
	TAILQ_REMOVE(&t->lru, e, llink);
	t->st.cache_bytes -= centry_bytes(e);
	t->st.cache_entries--;
	th_answer_unref(e->ans);
	free(e);
}

static void
cache_insert(struct th_transport *t, struct tx_q *q, struct th_answer *a)
{
	struct tx_centry *e;

	if (t->conf.cache_bytes == 0)
		return;
	if ((e = malloc(sizeof(*e) + q->wlen)) == NULL)
		return; /* a cache miss later, nothing worse */
	memset(e, 0, sizeof(*e));
	e->srv = q->srv;
	e->proto = q->proto;
	e->wlen = q->wlen;
	memcpy(e->wire, q->wire + 2, q->wlen);
	e->ans = a;
	th_answer_ref(a);
	th_hash_insert(&t->cache, &e->hn, q->hn.hash);
	TAILQ_INSERT_HEAD(&t->lru, e, llink);
	t->st.cache_entries++;
	t->st.cache_bytes += centry_bytes(e);
	while (t->st.cache_bytes > t->conf.cache_bytes &&
	       TAILQ_LAST(&t->lru, tx_lru) != e) {
		cache_drop(t, TAILQ_LAST(&t->lru, tx_lru));
		t->st.cache_evictions++;
	}
}

/* ---- completion --------------------------------------------------------- */

static void
ready_push(struct th_transport *t, th_query_cb *cb, void *arg,
           struct th_answer *a)
{
	struct tx_ready *r = malloc(sizeof(*r));

	if (r == NULL) {
		/* Cannot defer: deliver now rather than lose the callback. */
		cb(arg, a);
		return;
	}
	r->next = NULL;
	r->cb = cb;
	r->arg = arg;
	r->ans = a;
	th_answer_ref(a);
	*t->rtail = r;
	t->rtail = &r->next;
	if (!t->closing)
		uv_idle_start(&t->ready_idle, on_ready_idle);
}

/* The end of a run of callbacks. */
static void
depth_leave(struct th_transport *t)
{
	if (--t->depth > 0)
		return;
	if (t->close_pending)
		tx_do_close(t);
	else if (t->pump_after) {
		t->pump_after = false;
		tx_pump(t);
	}
}

static void
ready_run(struct th_transport *t)
{
	struct tx_ready *r;

	t->depth++;
	while ((r = t->rhead) != NULL) {
		t->rhead = r->next;
		if (t->rhead == NULL)
			t->rtail = &t->rhead;
		r->cb(r->arg, r->ans);
		th_answer_unref(r->ans);
		free(r);
	}
	depth_leave(t);
}

static void
on_ready_idle(uv_idle_t *h)
{
	struct th_transport *t = h->data;

	uv_idle_stop(h);
	ready_run(t);
}

/* Finish q with answer a (which it consumes): cache, then every waiter. */
static void
q_complete(struct th_transport *t, struct tx_q *q, struct th_answer *a)
{
	struct tx_waiter *w;

	if (a == NULL) {
		/* Out of memory for the answer itself: report it as a
		 * network error without a message. */
		static const uint8_t none[1];

		a = answer_new(TH_OUT_NETWORK_ERROR, none, 0);
		if (a == NULL) {
			th_log_error("transport: out of memory");
			abort();
		}
		a->neterr = UV_ENOMEM;
	}
	if (a->tries == 0)
		a->tries = q->attempts;
	q->state = Q_DONE;
	th_hash_remove(&t->inflight, &q->hn);
	t->st.outcomes[a->outcome < TH_OUT__COUNT ? a->outcome : 0]++;
	if (!(a->outcome == TH_OUT_NETWORK_ERROR && a->neterr == UV_ECANCELED))
		cache_insert(t, q, a);
	if (t->pumping) {
		/* A send failed at once, maybe inside th_transport_query,
		 * whose callbacks must run later, from the loop. */
		ready_push(t, q->first.cb, q->first.arg, a);
		for (w = q->more; w != NULL; w = w->next)
			ready_push(t, w->cb, w->arg, a);
		th_answer_unref(a);
		q_free(t, q);
		return;
	}
	t->depth++;
	q->first.cb(q->first.arg, a);
	for (w = q->more; w != NULL; w = w->next)
		w->cb(w->arg, a);
	th_answer_unref(a);
	q_free(t, q);
	depth_leave(t);
}

static void
q_fail(struct th_transport *t, struct tx_q *q, enum th_outcome o, int err)
{
	struct th_answer *a;

	if (q->tc_answer != NULL && o != TH_OUT_ANSWER &&
	    q->next_via == TH_VIA_TCP && !(err == UV_ECANCELED)) {
		/* Truncated over UDP and TCP failed: keep the UDP answer. */
		a = answer_new(TH_OUT_TRUNCATED_NO_TCP, q->tc_answer->wire,
		               q->tc_answer->len);
		if (a != NULL) {
			a->rcode = q->tc_answer->rcode;
			a->rtt_us = q->tc_answer->rtt_us;
			a->neterr = err;
		}
	} else {
		a = answer_new(o, NULL, 0);
		if (a != NULL)
			a->neterr = err;
	}
	if (a != NULL)
		a->via = q->next_via;
	q_complete(t, q, a);
}

/* q was sent and now stops waiting: off the deadline list and ID table. */
static void
q_unsend(struct th_transport *t, struct tx_q *q)
{
	deadline_remove(t, q);
	if (q->batched) {
		unsigned i = 0;

		while (t->batch[i] != q)
			i++;
		t->batch[i] = t->batch[--t->nbatch];
		q->batched = false;
	}
	if (q->state == Q_UDP)
		th_hash_remove(&t->ids, &q->idn);
	if (q->state == Q_UDP || q->state == Q_TCP) {
		assert(t->st.inflight > 0);
		t->st.inflight--;
	}
	q->state = Q_NEW;
}

/* A try failed (timeout, reset): retry or complete. */
static void
q_try_failed(struct th_transport *t, struct tx_q *q, enum th_outcome o, int err)
{
	unsigned max = t->conf.tries;

	if (q->srv->consec_timeouts >= DEAD_TIMEOUTS)
		max = 1; /* no retry storms against a dead server */
	if (q->tries < max && !t->closing) {
		server_enqueue(t, q, true);
		tx_pump(t);
		return;
	}
	q_fail(t, q, o, err);
}

/* ---- sending ------------------------------------------------------------ */

struct udp_send_req {
	uv_udp_send_t req;
	uv_buf_t buf;
	uint8_t data[];
};

static void
on_udp_sent(uv_udp_send_t *req, int status)
{
	(void)status; /* a lost datagram shows up as a timeout */
	free(req);
}

/* A datagram the kernel would not take now: libuv queues a copy. */
static int
udp_send_queued(struct th_transport *t, struct tx_sock *sk,
                const struct tx_q *q)
{
	struct udp_send_req *r = malloc(sizeof(*r) + q->wlen);
	int rc;

	if (r == NULL)
		return UV_ENOMEM;
	t->st.udp_syscalls++;
	memcpy(r->data, q->wire + 2, q->wlen);
	r->buf = uv_buf_init((char *)r->data, q->wlen);
	rc = uv_udp_send(&r->req, &sk->udp, &r->buf, 1,
	                 (const struct sockaddr *)&q->srv->sa, on_udp_sent);
	if (rc != 0)
		free(r);
	return rc;
}

/* q's send failed. The pump is on: its callbacks run later, from the loop. */
static void
udp_send_failed(struct th_transport *t, struct tx_q *q, int err)
{
	q_unsend(t, q);
	q_fail(t, q, TH_OUT_NETWORK_ERROR, err);
}

/* Batch order: by socket, then by server, so that each server gets its
 * queries back to back. */
static bool
q_before(const struct tx_q *a, const struct tx_q *b)
{
	if (a->sock != b->sock)
		return a->sock < b->sock;
	return th_addr_cmp(&a->srv->addr, &b->srv->addr) < 0;
}

/*
 * Send the batch: one sendmmsg(2) per socket instead of a sendmsg(2) per
 * query. On this 2-core machine the system calls, and the wake-ups of
 * servers each datagram triggered, were a third of a worker's time. The
 * clock of each query starts here, after any linger.
 */
static void
udp_flush(struct th_transport *t)
{
	struct mmsghdr mm[UDP_BATCH];
	struct iovec iov[UDP_BATCH];
	struct tx_q *b[UDP_BATCH];
	unsigned n = t->nbatch, start, end;
	uint64_t now = uv_hrtime();

	memcpy(b, t->batch, n * sizeof(b[0]));
	t->nbatch = 0;
	t->bsock[0] = t->bsock[1] = -1;
	/* Group by socket (insertion sort: n is small). */
	for (unsigned i = 0; i < n; i++) {
		struct tx_q *q = b[i];
		unsigned j = i;

		q->batched = false;
		q->sent_ns = now;
		deadline_add(t, q, now);
		for (; j > 0 && q_before(q, b[j - 1]); j--)
			b[j] = b[j - 1];
		b[j] = q;
	}
	memset(mm, 0, n * sizeof(mm[0]));
	for (unsigned i = 0; i < n; i++) {
		iov[i].iov_base = b[i]->wire + 2;
		iov[i].iov_len = b[i]->wlen;
		mm[i].msg_hdr.msg_name = &b[i]->srv->sa;
		mm[i].msg_hdr.msg_namelen = b[i]->srv->salen;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	for (start = 0; start < n; start = end) {
		struct tx_sock *sk = &t->socks[b[start]->sock];
		uv_os_fd_t fd;
		unsigned i = start;

		for (end = start + 1; end < n && b[end]->sock == b[start]->sock;
		     end++)
			;
		if (uv_fileno((uv_handle_t *)&sk->udp, &fd) != 0)
			fd = -1;
		while (i < end) {
			int r = fd < 0 ? -1 : sendmmsg(fd, &mm[i], end - i, 0);

			t->st.udp_syscalls += fd >= 0;
			if (r > 0) {
				i += (unsigned)r;
				continue;
			}
			if (fd >= 0 && errno == EINTR)
				continue;
			if (fd < 0 || errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == ENOBUFS) {
				/* The rest wait in libuv's queue. */
				for (; i < end; i++) {
					int rc = udp_send_queued(t, sk, b[i]);

					if (rc != 0)
						udp_send_failed(t, b[i], rc);
				}
				break;
			}
			/* This datagram is refused (no route, ...). */
			udp_send_failed(t, b[i], -errno);
			i++;
		}
	}
}

static void
tx_send_udp(struct th_transport *t, struct tx_q *q)
{
	unsigned fam = q->srv->addr.family == TH_AF_INET6;

	/* The batch's random socket, and an ID not in use there for this
	 * server. Ports are as random to anyone off the path as with a
	 * socket per query; a server sees a few of them either way. */
	if (t->bsock[fam] < 0)
		t->bsock[fam] = (int)(fam * t->nsock +
		                      th_secrand_below(&t->rand, t->nsock));
	q->sock = (uint8_t)t->bsock[fam];
	do
		q->id = th_secrand_u16(&t->rand);
	while (id_find(t, q->sock, q->id, q->srv) != NULL);
	if (!t->socks[q->sock].ok) {
		q_fail(t, q, TH_OUT_NETWORK_ERROR, UV_EAFNOSUPPORT);
		return;
	}
	q->wire[2] = (uint8_t)(q->id >> 8);
	q->wire[3] = (uint8_t)q->id;
	q->state = Q_UDP;
	th_hash_insert(&t->ids, &q->idn, id_hash(q->sock, q->id, q->srv));
	t->st.inflight++;
	t->st.sent_udp++;
	q->batched = true;
	t->batch[t->nbatch++] = q;
	if (t->nbatch == UDP_BATCH)
		udp_flush(t);
}

static void
tx_send(struct th_transport *t, struct tx_q *q)
{
	struct tx_server *s = q->srv;

	if (q->attempts > 0)
		t->st.retries++;
	q->tries++;
	q->attempts++;
	s->sent++;
	s->win_sent++;
	if (q->next_via == TH_VIA_TCP)
		tx_send_tcp(t, q);
	else
		tx_send_udp(t, q);
}

static void
on_sched_timer(uv_timer_t *h)
{
	struct th_transport *t = h->data;

	t->sched_at_ns = 0;
	tx_pump(t);
}

static void
on_flush_timer(uv_timer_t *h)
{
	struct th_transport *t = h->data;

	t->flush_now = true;
	tx_pump(t);
	t->flush_now = false;
}

static void
sched_at(struct th_transport *t, uint64_t when, uint64_t now)
{
	uint64_t ms = when > now ? (when - now + NS_PER_MS - 1) / NS_PER_MS : 0;

	if (t->sched_at_ns != 0 && t->sched_at_ns <= when)
		return;
	t->sched_at_ns = when;
	uv_timer_start(&t->sched_timer, on_sched_timer, ms, 0);
}

/*
 * Send what the limits allow: servers in order of their next permitted
 * time, one query each per turn, so no server waits behind a busy one.
 */
static void
tx_pump(struct th_transport *t)
{
	uint64_t now = uv_hrtime();

	if (t->pumping || t->closing || t->hold_pump)
		return;
	if (t->depth > 0) {
		t->pump_after = true;
		return;
	}
	t->pumping = true;
again:
	while (t->nheap > 0 && t->st.inflight < t->conf.inflight) {
		struct tx_server *s = t->heap[0];
		struct tx_q *q;

		if (s->eligible_ns > now) {
			sched_at(t, s->eligible_ns, now);
			break;
		}
		if (t->conf.qps > 0 &&
		    !pace_allows(t->gtat_ns, GLOBAL_TOLERANCE_NS, now)) {
			t->st.rate_waits++;
			sched_at(t, t->gtat_ns - GLOBAL_TOLERANCE_NS, now);
			break;
		}
		if (s->rate > 0 &&
		    !pace_allows(s->tat_ns, SERVER_TOLERANCE_NS, now)) {
			t->st.rate_waits++;
			s->eligible_ns = s->tat_ns - SERVER_TOLERANCE_NS;
			heap_update(t, s);
			continue;
		}
		if (s->rate > 0)
			pace_take(&s->tat_ns, SERVER_PACE(s->rate), now);
		if (t->conf.qps > 0)
			pace_take(&t->gtat_ns, t->conf.qps, now);
		q = server_dequeue(t, s);
		if (s->queued == 0)
			heap_remove(t, s);
		else {
			s->eligible_ns = 0;
			if (s->rate > 0 &&
			    !pace_allows(s->tat_ns, SERVER_TOLERANCE_NS, now))
				s->eligible_ns =
				    s->tat_ns - SERVER_TOLERANCE_NS;
			s->seq = ++t->seq;
			heap_update(t, s);
		}
		if (q != NULL)
			tx_send(t, q);
	}
	if (t->nbatch == 0 && TAILQ_EMPTY(&t->dirty)) {
		t->pumping = false;
		return;
	}
	/* A busy transport lets what it sends grow for up to linger_ms:
	 * servers then wake once per burst, not once per query (and so do
	 * we for their answers). At the inflight cap each pump sends only
	 * what the latest answers made room for. */
	if (!t->flush_now && t->conf.linger_ms > 0 &&
	    t->st.inflight >= LINGER_BUSY) {
		if (!uv_is_active((uv_handle_t *)&t->flush_timer))
			uv_timer_start(&t->flush_timer, on_flush_timer,
			               t->conf.linger_ms, 0);
		t->pumping = false;
		return;
	}
	if (!TAILQ_EMPTY(&t->dirty)) {
		/* A failed write puts its queries back in the queues. */
		conns_flush(t);
		if (t->nheap > 0 && t->st.inflight < t->conf.inflight &&
		    t->heap[0]->eligible_ns <= now && !t->closing)
			goto again;
	}
	if (t->nbatch > 0)
		udp_flush(t);
	t->pumping = false;
}

/* ---- answers ------------------------------------------------------------ */

static bool
question_matches(const struct tx_q *q, const struct th_msg *m)
{
	if (m->qdcount == 0) {
		/* Some servers drop the question from error answers. */
		unsigned rc = m->flags & 0xfu;

		return rc == TH_RCODE_FORMERR || rc == TH_RCODE_SERVFAIL ||
		       rc == TH_RCODE_NOTIMP || rc == TH_RCODE_REFUSED;
	}
	return m->qdcount == 1 && m->qtype == q->qtype &&
	       m->qclass == q->qclass && th_dname_equal(&m->qname, &q->qname);
}

/*
 * Check a message against q. Returns true when it is q's answer (even a
 * malformed one); false when it must be dropped.
 */
static bool
answer_matches(struct th_transport *t, const struct tx_q *q,
               const struct th_msg *m, int parsed, enum th_msg_reason why)
{
	if (parsed != 0 &&
	    (why == TH_MSG_SHORT_HEADER || why == TH_MSG_BAD_QNAME ||
	     why == TH_MSG_SHORT_QUESTION)) {
		t->st.drop_short++;
		return false;
	}
	if (m->id != q->id) {
		t->st.drop_id++;
		return false;
	}
	if (!(m->flags & TH_MSG_QR) || th_msg_opcode(m) != q->opcode) {
		t->st.drop_header++;
		return false;
	}
	if (!question_matches(q, m)) {
		t->st.drop_question++;
		return false;
	}
	return true;
}

static bool
is_slip(const struct th_msg *m)
{
	return (m->flags & TH_MSG_TC) && m->ancount == 0;
}

/* q's answer arrived (already off the ID table and deadline list). */
static void
q_answered(struct th_transport *t, struct tx_q *q, const struct th_msg *m,
           int parsed, enum th_msg_reason why, enum th_via via)
{
	uint64_t now = uv_hrtime();
	struct tx_server *s = q->srv;
	struct th_answer *a;
	bool slip = via == TH_VIA_UDP && parsed == 0 && is_slip(m);

	s->answers++;
	s->consec_timeouts = 0;
	server_event(t, s, slip, via == TH_VIA_UDP && !slip, q_has_edns(q),
	             now);
	a = answer_new(parsed == 0 ? TH_OUT_ANSWER : TH_OUT_MALFORMED, m->wire,
	               m->len);
	if (a == NULL) {
		q_complete(t, q, NULL);
		return;
	}
	a->via = (uint8_t)via;
	a->rtt_us = (uint32_t)((now - q->sent_ns) / 1000);
	if (parsed != 0) {
		a->reason = (uint8_t)why;
		q_complete(t, q, a);
		return;
	}
	a->rcode = m->rcode;
	if (via == TH_VIA_UDP && m->len > q->udp_limit)
		a->flags |= TH_ANS_OVERSIZE;
	if (via == TH_VIA_UDP && (m->flags & TH_MSG_TC) &&
	    q->proto == TH_PROTO_UDP) {
		/* Truncated: ask again over TCP, keep the UDP answer. */
		th_answer_unref(q->tc_answer);
		q->tc_answer = a;
		q->next_via = TH_VIA_TCP;
		q->tries = 0;
		t->st.tcp_fallbacks++;
		server_enqueue(t, q, true);
		tx_pump(t);
		return;
	}
	if (q->tc_answer != NULL)
		a->flags |= TH_ANS_TC_FIRST;
	q_complete(t, q, a);
}

static void
on_udp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct tx_sock *sk = h->data;

	(void)suggested;
	/* One buffer for every socket: callbacks run one at a time. */
	*buf = uv_buf_init((char *)sk->t->rbuf, UDP_CHUNK * UDP_CHUNKS);
}

static void
on_udp_recv(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf,
            const struct sockaddr *from, unsigned flags)
{
	struct tx_sock *sk = h->data;
	struct th_transport *t = sk->t;
	struct th_addr src;
	struct tx_server *s;
	struct tx_q *q;
	struct th_msg m;
	enum th_msg_reason why;
	int parsed;

	/* The end of a recvmmsg(2) batch: send what its answers let out. */
	if (flags & UV_UDP_MMSG_FREE) {
		t->hold_pump = false;
		tx_pump(t);
		return;
	}
	if (flags & UV_UDP_MMSG_CHUNK)
		t->hold_pump = true;
	/* Nothing (from == NULL), or a socket error: timeouts handle it.
	 * An empty datagram (nread 0, from set) is dropped below. */
	if (nread < 0 || from == NULL)
		return;
	if (th_addr_from_sockaddr(&src, from) != 0 ||
	    (s = server_find(t, &src, NULL)) == NULL) {
		t->st.drop_source++;
		return;
	}
	if (nread < TH_MSG_HDRLEN) {
		t->st.drop_short++;
		return;
	}
	q = id_find(
	    t, sk->index,
	    (uint16_t)((uint8_t)buf->base[0] << 8 | (uint8_t)buf->base[1]), s);
	if (q == NULL) {
		t->st.drop_id++;
		return;
	}
	parsed =
	    th_msg_parse(&m, (const uint8_t *)buf->base, (size_t)nread, &why);
	if (!answer_matches(t, q, &m, parsed, why))
		return;
	q_unsend(t, q);
	q_answered(t, q, &m, parsed, why, TH_VIA_UDP);
	tx_pump(t);
}

/* ---- timeouts ----------------------------------------------------------- */

static void
on_deadline(uv_timer_t *h)
{
	struct th_transport *t = h->data;
	uint64_t now = uv_hrtime();
	struct tx_q *q;

	/* Only deadlines a poll has passed since (polled_ns <= now): when
	 * callbacks kept the loop busy past a deadline, the answer gets that
	 * one poll first. The server's rate windows keep the real time. */
	while ((q = deadline_first(t)) != NULL &&
	       q->deadline_ns <= t->polled_ns) {
		struct tx_server *s = q->srv;
		struct tx_conn *c = q->conn;

		if (c != NULL)
			conn_take(c, q);
		q_unsend(t, q);
		s->timeouts++;
		s->consec_timeouts++;
		server_event(t, s, true, false, q_has_edns(q), now);
		/* A transfer that stalls after it began may hold the
		 * connection's stream mid-message: the queries behind it move
		 * to a new one. One that never began is just a timeout. */
		if (c != NULL && q->is_axfr && th_buf_len(&q->axfr) > 0)
			conn_fail(c, UV_ETIMEDOUT);
		else if (c != NULL)
			conn_maybe_idle(c);
		if (q->is_axfr)
			q_fail(t, q, TH_OUT_TIMEOUT, 0);
		else
			q_try_failed(t, q, TH_OUT_TIMEOUT, 0);
	}
	deadline_arm(t);
	tx_pump(t);
}

static void
on_poll_prep(uv_prepare_t *h)
{
	struct th_transport *t = h->data;

	if (t->hold_pump) {
		/* A batch that ended without its last call. */
		t->hold_pump = false;
		tx_pump(t);
	}
	t->polled_ns = uv_hrtime();
}

/* ---- TCP ---------------------------------------------------------------- */

struct tcp_write_req {
	uv_write_t req;
	uv_buf_t buf;
	uint8_t data[];
};

static void
on_conn_closed(uv_handle_t *h)
{
	struct tx_conn *c = h->data;
	struct th_transport *t = c->t;

	if (--c->handles > 0)
		return;
	free(c->rbuf);
	free(c);
	t->conns--;
	if (t->closing && t->handles == 0 && t->conns == 0)
		tx_free(t);
}

static void
conn_unlink(struct tx_conn *c)
{
	struct tx_conn **pp = &c->srv->conns;

	while (*pp != NULL && *pp != c)
		pp = &(*pp)->next;
	if (*pp != NULL) {
		*pp = c->next;
		c->srv->nconns--;
	}
}

static void
tx_conn_close(struct tx_conn *c)
{
	if (c->closing)
		return;
	c->closing = true;
	conn_unlink(c);
	if (c->dirty) {
		TAILQ_REMOVE(&c->t->dirty, c, dlink);
		c->dirty = false;
	}
	c->wfrom = NULL;
	uv_close((uv_handle_t *)&c->idle, on_conn_closed);
	uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
}

static void
conn_take(struct tx_conn *c, struct tx_q *q)
{
	if (c->wfrom == q)
		c->wfrom = TAILQ_NEXT(q, clink);
	TAILQ_REMOVE(&c->pending, q, clink);
	q->conn = NULL;
	c->npending--;
}

/* The connection broke (err < 0): every query on it moves on. */
static void
conn_fail(struct tx_conn *c, int err)
{
	struct th_transport *t = c->t;
	struct tx_q *q;
	bool worked = c->answered > 0;
	/* On an open connection, servers read and answer in order: the
	 * oldest query is the one that broke it, not those behind it. */
	bool behind = false;

	tx_conn_close(c);
	while ((q = TAILQ_FIRST(&c->pending)) != NULL) {
		bool spare = worked || (c->open && behind);

		behind = true;
		conn_take(c, q);
		q_unsend(t, q);
		if (spare && (!q->is_axfr || th_buf_len(&q->axfr) == 0) &&
		    q->requeues < TCP_MAX_REQUEUE) {
			/* The server closes after answering, or because of
			 * another query: not a failure of this query, which
			 * goes to a new connection. */
			q->requeues++;
			q->tries--;
			q->attempts--;
			server_enqueue(t, q, true);
			continue;
		}
		if (err == UV_ECONNREFUSED || q->is_axfr)
			q_fail(t, q, TH_OUT_NETWORK_ERROR, err);
		else
			q_try_failed(t, q, TH_OUT_NETWORK_ERROR, err);
	}
	tx_pump(t);
}

static void
on_tcp_written(uv_write_t *req, int status)
{
	struct tx_conn *c = req->data;

	free(req);
	if (status < 0 && status != UV_ECANCELED && !c->closing)
		conn_fail(c, status);
}

/*
 * Write the queries not yet written, in one write: the three a server's
 * address gets at once in a crawl (SOA, NS, AXFR) were three system calls
 * and three segments, each waking the server.
 */
static void
conn_flush(struct tx_conn *c)
{
	struct tcp_write_req *w;
	struct tx_q *q, *next;
	size_t len = 0;
	int rc;

	if (c->wfrom == NULL)
		return;
	for (q = c->wfrom; q != NULL; q = TAILQ_NEXT(q, clink))
		len += q->wlen + 2u;
	if ((w = malloc(sizeof(*w) + len)) == NULL) {
		for (q = c->wfrom; q != NULL; q = next) {
			next = TAILQ_NEXT(q, clink);
			conn_take(c, q);
			q_unsend(c->t, q);
			q_fail(c->t, q, TH_OUT_NETWORK_ERROR, UV_ENOMEM);
		}
		conn_maybe_idle(c);
		return;
	}
	len = 0;
	for (q = c->wfrom; q != NULL; q = TAILQ_NEXT(q, clink)) {
		q->wire[0] = (uint8_t)(q->wlen >> 8);
		q->wire[1] = (uint8_t)q->wlen;
		memcpy(w->data + len, q->wire, q->wlen + 2u);
		len += q->wlen + 2u;
	}
	c->wfrom = NULL;
	w->buf = uv_buf_init((char *)w->data, (unsigned)len);
	w->req.data = c;
	c->t->st.tcp_writes++;
	rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &w->buf, 1,
	              on_tcp_written);
	if (rc != 0) {
		free(w);
		conn_fail(c, rc);
	}
}

/* Write every open connection's new queries. */
static void
conns_flush(struct th_transport *t)
{
	struct tx_conn *c;

	while ((c = TAILQ_FIRST(&t->dirty)) != NULL) {
		TAILQ_REMOVE(&t->dirty, c, dlink);
		c->dirty = false;
		conn_flush(c);
	}
}

static void
on_conn_idle(uv_timer_t *h)
{
	struct tx_conn *c = h->data;

	if (c->npending == 0)
		tx_conn_close(c);
}

static void
conn_maybe_idle(struct tx_conn *c)
{
	if (c->npending == 0 && !c->closing)
		uv_timer_start(&c->idle, on_conn_idle, c->t->conf.tcp_idle_ms,
		               0);
}

static void
on_tcp_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct tx_conn *c = h->data;
	size_t want = c->rlen + 4096;

	(void)suggested;
	if (c->rlen >= 2) {
		size_t frame = 2 + ((size_t)c->rbuf[0] << 8 | c->rbuf[1]);

		if (frame > want)
			want = frame;
	}
	if (want > c->ralloc) {
		uint8_t *p = realloc(c->rbuf, want);

		if (p == NULL) {
			*buf = uv_buf_init(NULL, 0); /* libuv reports ENOBUFS */
			return;
		}
		c->rbuf = p;
		c->ralloc = want;
	}
	*buf = uv_buf_init((char *)c->rbuf + c->rlen,
	                   (unsigned)(c->ralloc - c->rlen));
}

/*
 * One AXFR message for q. Returns NULL while the transfer goes on, else
 * the result (an answer, or a malformed or oversized transfer).
 */
static struct th_answer *
axfr_message(struct tx_q *q, const struct th_msg *m, int parsed,
             enum th_msg_reason why, bool *done)
{
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_answer *a;
	bool first = th_buf_len(&q->axfr) == 0;
	uint8_t *data;
	size_t len;

	*done = true;
	if (parsed != 0) {
		if ((a = answer_new(TH_OUT_MALFORMED, m->wire, m->len)) != NULL)
			a->reason = (uint8_t)why;
		return a;
	}
	if (th_buf_append_u16(&q->axfr, (uint16_t)m->len) != 0 ||
	    th_buf_append(&q->axfr, m->wire, m->len) != 0) {
		if ((a = answer_new(TH_OUT_NETWORK_ERROR, NULL, 0)) != NULL)
			a->neterr = UV_E2BIG;
		return a;
	}
	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_SOA)
			q->axfr_soas++;
	/* Done at the closing SOA, on an error, or when the first message
	 * does not start a transfer. */
	if (m->rcode == TH_RCODE_NOERROR && q->axfr_soas < 2 &&
	    !(first && q->axfr_soas == 0)) {
		*done = false;
		return NULL;
	}
	data = th_buf_take(&q->axfr, &len);
	a = answer_new(TH_OUT_ANSWER, data, len);
	free(data);
	if (a == NULL)
		return NULL;
	a->axfr = 1;
	a->rcode = m->rcode;
	a->nmsg = 0;
	for (size_t off = 0; off + 2 <= a->len;
	     off += 2 + ((size_t)a->wire[off] << 8 | a->wire[off + 1]))
		a->nmsg++;
	a->rtt_us = (uint32_t)((uv_hrtime() - q->sent_ns) / 1000);
	return a;
}

static void
conn_frame(struct tx_conn *c, const uint8_t *msg, size_t len)
{
	struct th_transport *t = c->t;
	struct th_msg m;
	enum th_msg_reason why;
	int parsed = th_msg_parse(&m, msg, len, &why);
	struct tx_q *q;

	if (len < TH_MSG_HDRLEN) {
		t->st.drop_short++; /* as over UDP: not even an ID */
		return;
	}
	TAILQ_FOREACH(q, &c->pending, clink)
	{
		if (q->id == (uint16_t)(msg[0] << 8 | msg[1]))
			break;
	}
	if (q == NULL) {
		t->st.drop_id++;
		return;
	}
	if (q->is_axfr && th_buf_len(&q->axfr) > 0) {
		/* Later AXFR messages may omit the question. */
		if (parsed != 0 && why == TH_MSG_SHORT_HEADER) {
			t->st.drop_short++;
			return;
		}
		if (!(m.flags & TH_MSG_QR)) {
			t->st.drop_header++;
			return;
		}
	} else if (!answer_matches(t, q, &m, parsed, why))
		return;
	c->answered++;
	if (q->is_axfr) {
		bool done;
		struct th_answer *a = axfr_message(q, &m, parsed, why, &done);

		/* Each message restarts the transfer's clock. */
		deadline_remove(t, q);
		deadline_add(t, q, uv_hrtime());
		if (!done)
			return;
		conn_take(c, q);
		q_unsend(t, q);
		if (a != NULL)
			a->via = TH_VIA_TCP;
		q->srv->answers++;
		q_complete(t, q, a);
		conn_maybe_idle(c);
		return;
	}
	conn_take(c, q);
	q_unsend(t, q);
	q_answered(t, q, &m, parsed, why, TH_VIA_TCP);
	conn_maybe_idle(c);
}

static void
on_tcp_read(uv_stream_t *h, ssize_t nread, const uv_buf_t *buf)
{
	struct tx_conn *c = h->data;
	size_t off = 0;

	(void)buf;
	if (nread < 0) {
		conn_fail(c, (int)nread);
		return;
	}
	c->rlen += (size_t)nread;
	while (c->rlen - off >= 2 && !c->closing) {
		size_t n = (size_t)c->rbuf[off] << 8 | c->rbuf[off + 1];

		if (c->rlen - off - 2 < n)
			break;
		conn_frame(c, c->rbuf + off + 2, n);
		off += 2 + n;
	}
	if (off > 0 && !c->closing) {
		memmove(c->rbuf, c->rbuf + off, c->rlen - off);
		c->rlen -= off;
	}
	tx_pump(c->t);
}

static void
on_tcp_connect(uv_connect_t *req, int status)
{
	struct tx_conn *c = req->data;
	int rc;

	if (c->closing)
		return;
	if (status < 0) {
		conn_fail(c, status);
		return;
	}
	c->open = true;
	if ((rc = uv_read_start((uv_stream_t *)&c->tcp, on_tcp_alloc,
	                        on_tcp_read)) != 0) {
		conn_fail(c, rc);
		return;
	}
	conn_flush(c);
}

static struct tx_conn *
conn_new(struct th_transport *t, struct tx_server *s)
{
	struct tx_conn *c = calloc(1, sizeof(*c));
	int rc;

	if (c == NULL)
		return NULL;
	c->t = t;
	c->srv = s;
	TAILQ_INIT(&c->pending);
	if (uv_tcp_init(t->loop, &c->tcp) != 0) {
		free(c);
		return NULL;
	}
	uv_timer_init(t->loop, &c->idle);
	c->tcp.data = c->idle.data = c->creq.data = c;
	c->handles = 2;
	t->conns++;
	c->next = s->conns;
	s->conns = c;
	s->nconns++;
	t->st.tcp_connects++;
	rc = uv_tcp_connect(&c->creq, &c->tcp, (const struct sockaddr *)&s->sa,
	                    on_tcp_connect);
	if (rc != 0) {
		tx_conn_close(c);
		return NULL;
	}
	return c;
}

static struct tx_conn *
conn_pick(struct th_transport *t, struct tx_server *s)
{
	struct tx_conn *c, *best = NULL;

	for (c = s->conns; c != NULL; c = c->next) {
		if (c->closing)
			continue;
		if (best == NULL || c->npending < best->npending)
			best = c;
	}
	if (best != NULL && (best->npending < t->conf.tcp_pipeline ||
	                     s->nconns >= TCP_MAX_CONNS))
		return best;
	return conn_new(t, s);
}

static void
tx_send_tcp(struct th_transport *t, struct tx_q *q)
{
	/* Zone transfers share the connections too (RFC 7766 section 6.2.1,
	 * RFC 5936 section 4.1.2: answers are told apart by their ID). */
	struct tx_conn *c = conn_pick(t, q->srv);
	uint64_t now = uv_hrtime();

	if (c == NULL) {
		q_fail(t, q, TH_OUT_NETWORK_ERROR, UV_ENOMEM);
		return;
	}
	/* TCP IDs need only be unique on the connection. */
	for (bool dup = true; dup;) {
		q->id = th_secrand_u16(&t->rand);
		dup = false;
		struct tx_q *o;

		TAILQ_FOREACH(o, &c->pending, clink)
		{
			if (o->id == q->id)
				dup = true;
		}
	}
	q->wire[2] = (uint8_t)(q->id >> 8);
	q->wire[3] = (uint8_t)q->id;
	q->conn = c;
	TAILQ_INSERT_TAIL(&c->pending, q, clink);
	c->npending++;
	if (c->wfrom == NULL)
		c->wfrom = q;
	uv_timer_stop(&c->idle);
	q->state = Q_TCP;
	q->sent_ns = now;
	deadline_add(t, q, now);
	t->st.inflight++;
	t->st.sent_tcp++;
	if (c->open && !c->dirty) {
		c->dirty = true;
		TAILQ_INSERT_TAIL(&t->dirty, c, dlink);
	}
}

/* ---- public calls ------------------------------------------------------- */

static void
tx_free(struct th_transport *t)
{
	free(t->socks);
	free(t);
}

static void
on_handle_closed(uv_handle_t *h)
{
	struct th_transport *t = h->data;

	if (--t->handles == 0 && t->conns == 0)
		tx_free(t);
}

static void
on_sock_closed(uv_handle_t *h)
{
	struct tx_sock *sk = h->data;
	struct th_transport *t = sk->t;

	if (--t->handles == 0 && t->conns == 0)
		tx_free(t);
}

/*
 * Best effort: SO_RCVBUFFORCE passes net.core.rmem_max when we may
 * (CAP_NET_ADMIN), else SO_RCVBUF up to that limit; a smaller buffer only
 * means drops sooner, which the timeouts handle.
 */
static void
rcvbuf_grow(uv_udp_t *udp)
{
	int size = UDP_RCVBUF;
	uv_os_fd_t fd;

	if (uv_fileno((uv_handle_t *)udp, &fd) != 0)
		return;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) !=
	    0)
		(void)uv_recv_buffer_size((uv_handle_t *)udp, &size);
}

static int
socks_open(struct th_transport *t)
{
	unsigned n = t->conf.udp_sockets;

	if (n == 0 || n > 127)
		return TH_EINVAL;
	t->nsock = n;
	if ((t->socks = calloc(2 * n, sizeof(*t->socks))) == NULL)
		return TH_ENOMEM;
	for (unsigned i = 0; i < 2 * n; i++) {
		struct tx_sock *sk = &t->socks[i];
		int af = i < n ? AF_INET : AF_INET6;
		struct sockaddr_storage ss;
		int rc;

		sk->t = t;
		sk->index = (uint8_t)i;
		memset(&ss, 0, sizeof(ss));
		ss.ss_family = (sa_family_t)af;
		if (uv_udp_init_ex(t->loop, &sk->udp,
		                   (unsigned)af | UV_UDP_RECVMMSG) != 0)
			continue;
		sk->udp.data = sk;
		sk->inited = true;
		t->handles++;
		/* Port 0: the kernel picks a random ephemeral port. */
		rc = uv_udp_bind(&sk->udp, (const struct sockaddr *)&ss, 0);
		if (rc == 0) {
			rcvbuf_grow(&sk->udp);
			rc = uv_udp_recv_start(&sk->udp, on_udp_alloc,
			                       on_udp_recv);
		}
		sk->ok = rc == 0;
		if (!sk->ok && af == AF_INET)
			return th_from_errno(-rc);
	}
	return 0;
}

/*
 * A server that closes a connection while we write to it must cost an
 * EPIPE (a failed try), not the process: libuv writes with write(2) and
 * leaves SIGPIPE to the application. Deliberate process-wide state: set
 * only while it is the default, so a disposition the program chose stays.
 */
static void
sigpipe_ignore(void)
{
	struct sigaction sa;

	if (sigaction(SIGPIPE, NULL, &sa) != 0 ||
	    (sa.sa_flags & SA_SIGINFO) != 0 || sa.sa_handler != SIG_DFL)
		return;
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);
}

int
th_transport_create(struct th_transport **out, uv_loop_t *loop,
                    const struct th_transport_conf *conf)
{
	struct th_transport *t = calloc(1, sizeof(*t));
	int rc;

	*out = NULL;
	if (t == NULL)
		return TH_ENOMEM;
	sigpipe_ignore();
	t->loop = loop;
	t->conf = *conf;
	if (t->conf.tries == 0)
		t->conf.tries = 1;
	if (t->conf.inflight == 0)
		t->conf.inflight = 1;
	if (t->conf.tcp_pipeline == 0)
		t->conf.tcp_pipeline = 1;
	th_secrand_init(&t->rand);
	t->k0 = th_secrand_u64(&t->rand);
	t->k1 = th_secrand_u64(&t->rand);
	t->rtail = &t->rhead;
	TAILQ_INIT(&t->deadlines);
	TAILQ_INIT(&t->early);
	TAILQ_INIT(&t->lru);
	TAILQ_INIT(&t->dirty);
	if ((rc = th_hash_init(&t->servers, 1024)) != 0 ||
	    (rc = th_hash_init(&t->inflight, 4096)) != 0 ||
	    (rc = th_hash_init(&t->ids, 4096)) != 0 ||
	    (rc = th_hash_init(&t->cache, 4096)) != 0 ||
	    (t->rbuf = malloc(UDP_CHUNK * UDP_CHUNKS)) == NULL) {
		th_hash_free(&t->servers);
		th_hash_free(&t->inflight);
		th_hash_free(&t->ids);
		th_hash_free(&t->cache);
		free(t->rbuf);
		free(t);
		return rc != 0 ? rc : TH_ENOMEM;
	}
	uv_timer_init(loop, &t->sched_timer);
	uv_timer_init(loop, &t->deadline_timer);
	uv_timer_init(loop, &t->flush_timer);
	uv_idle_init(loop, &t->ready_idle);
	uv_prepare_init(loop, &t->poll_prep);
	t->sched_timer.data = t->deadline_timer.data = t->ready_idle.data = t;
	t->flush_timer.data = t;
	t->poll_prep.data = t;
	t->bsock[0] = t->bsock[1] = -1;
	t->handles = 5;
	/* Runs before every poll; unreferenced, it keeps no loop alive. */
	uv_prepare_start(&t->poll_prep, on_poll_prep);
	uv_unref((uv_handle_t *)&t->poll_prep);
	/* uv_timer_start needs a callback; deadline_arm passes NULL. */
	uv_timer_start(&t->deadline_timer, on_deadline, 0, 0);
	uv_timer_stop(&t->deadline_timer);
	if ((rc = socks_open(t)) != 0) {
		th_transport_close(t);
		return rc;
	}
	*out = t;
	return 0;
}

int
th_transport_query(struct th_transport *t, const struct th_addr *server,
                   const struct th_query *query, enum th_proto proto,
                   th_query_cb *cb, void *arg)
{
	uint8_t wire[2 + TH_QUERY_MAXWIRE];
	size_t wlen;
	struct tx_server *s;
	struct tx_centry *e;
	struct th_hash_node *n;
	struct tx_q *q;
	uint64_t h;

	if (t->closing || cb == NULL ||
	    (server->family != TH_AF_INET && server->family != TH_AF_INET6) ||
	    server->port == 0 || (unsigned)proto > TH_PROTO_UDP_ONLY)
		return TH_EINVAL;
	if (query->qtype == TH_T_AXFR || query->qtype == TH_T_IXFR)
		proto = TH_PROTO_TCP;
	wlen = th_query_write(query, 0, wire + 2, sizeof(wire) - 2);
	if (wlen == 0)
		return TH_EINVAL;
	t->st.queries++;
	if ((s = server_get(t, server)) == NULL)
		return TH_ENOMEM;
	h = key_hash(t, s, (uint8_t)proto, wire + 2, wlen);
	if ((e = cache_find(t, h, s, (uint8_t)proto, wire + 2, wlen)) != NULL) {
		t->st.cache_hits++;
		TAILQ_REMOVE(&t->lru, e, llink);
		TAILQ_INSERT_HEAD(&t->lru, e, llink);
		ready_push(t, cb, arg, e->ans);
		return 0;
	}
	for (n = th_hash_first(&t->inflight, h); n != NULL;
	     n = th_hash_next(n)) {
		q = (struct tx_q *)n;
		if (key_equal(q->srv, q->proto, q->wire + 2, q->wlen, s,
		              (uint8_t)proto, wire + 2, wlen)) {
			struct tx_waiter *w = malloc(sizeof(*w));

			if (w == NULL)
				return TH_ENOMEM;
			w->cb = cb;
			w->arg = arg;
			w->next = NULL;
			*q->more_tail = w;
			q->more_tail = &w->next;
			t->st.dedup_joins++;
			return 0;
		}
	}
	if ((q = q_alloc(t)) == NULL)
		return TH_ENOMEM;
	q->srv = s;
	q->first.cb = cb;
	q->first.arg = arg;
	q->proto = (uint8_t)proto;
	q->next_via = proto == TH_PROTO_TCP ? TH_VIA_TCP : TH_VIA_UDP;
	q->is_axfr = query->qtype == TH_T_AXFR || query->qtype == TH_T_IXFR;
	q->qtype = query->qtype;
	q->qclass = query->qclass;
	q->opcode = query->opcode;
	q->qname = query->qname;
	q->wlen = (uint16_t)wlen;
	q->udp_limit = (uint16_t)th_query_udp_limit(query);
	memcpy(q->wire + 2, wire + 2, wlen);
	th_hash_insert(&t->inflight, &q->hn, h);
	server_enqueue(t, q, false);
	tx_pump(t);
	return 0;
}

void
th_transport_stats(const struct th_transport *t, struct th_transport_stats *out)
{
	*out = t->st;
}

uv_loop_t *
th_transport_loop(const struct th_transport *t)
{
	return t->loop;
}

struct foreach_ctx {
	void (*fn)(const struct th_server_stats *s, void *arg);
	void *arg;
};

static void
foreach_server(struct th_hash_node *n, void *arg)
{
	struct foreach_ctx *ctx = arg;
	struct tx_server *s = (struct tx_server *)n;
	struct th_server_stats st = {
	    .addr = s->addr,
	    .sent = s->sent,
	    .answers = s->answers,
	    .timeouts = s->timeouts,
	    .rate = s->rate,
	};

	ctx->fn(&st, ctx->arg);
}

void
th_transport_foreach_server(const struct th_transport *t,
                            void (*fn)(const struct th_server_stats *s,
                                       void *arg),
                            void *arg)
{
	struct foreach_ctx ctx = {fn, arg};

	th_hash_foreach((struct th_hash *)&t->servers, foreach_server, &ctx);
}

static void
free_server(struct th_hash_node *n, void *arg)
{
	(void)arg;
	free(n);
}

static void
free_centry(struct th_hash_node *n, void *arg)
{
	struct tx_centry *e = (struct tx_centry *)n;

	(void)arg;
	th_answer_unref(e->ans);
	free(e);
}

static void
cancel_inflight(struct th_hash_node *n, void *arg)
{
	struct th_transport *t = arg;
	struct tx_q *q = (struct tx_q *)n;

	if (q->state == Q_QUEUED)
		server_unqueue(t, q);
	else {
		if (q->conn != NULL)
			conn_take(q->conn, q);
		q_unsend(t, q);
	}
	q_fail(t, q, TH_OUT_NETWORK_ERROR, UV_ECANCELED);
}

static void
close_server_conns(struct th_hash_node *n, void *arg)
{
	struct tx_server *s = (struct tx_server *)n;

	(void)arg;
	while (s->conns != NULL)
		tx_conn_close(s->conns);
}

void
th_transport_close(struct th_transport *t)
{
	if (t->depth > 0)
		t->close_pending = true; /* after the running callbacks */
	else
		tx_do_close(t);
}

static void
tx_do_close(struct th_transport *t)
{
	struct tx_q *q, *next;

	if (t->closing)
		return;
	t->closing = true;
	t->close_pending = false;
	t->depth++;
	/* Queued and sent queries end now, as cancelled. */
	th_hash_foreach(&t->inflight, cancel_inflight, t);
	ready_run(t);
	t->depth--;
	th_hash_foreach(&t->servers, close_server_conns, NULL);
	th_hash_foreach(&t->cache, free_centry, NULL);
	th_hash_foreach(&t->servers, free_server, NULL);
	th_hash_free(&t->servers);
	th_hash_free(&t->inflight);
	th_hash_free(&t->ids);
	th_hash_free(&t->cache);
	for (q = t->freeq; q != NULL; q = next) {
		next = q->qnext;
		free(q);
	}
	t->freeq = NULL;
	free(t->heap);
	t->heap = NULL;
	free(t->rbuf);
	t->rbuf = NULL;
	for (unsigned i = 0; t->socks != NULL && i < 2 * t->nsock; i++)
		if (t->socks[i].inited)
			uv_close((uv_handle_t *)&t->socks[i].udp,
			         on_sock_closed);
	uv_close((uv_handle_t *)&t->sched_timer, on_handle_closed);
	uv_close((uv_handle_t *)&t->deadline_timer, on_handle_closed);
	uv_close((uv_handle_t *)&t->flush_timer, on_handle_closed);
	uv_close((uv_handle_t *)&t->ready_idle, on_handle_closed);
	uv_close((uv_handle_t *)&t->poll_prep, on_handle_closed);
}
