/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostile.c -- the hostile server: sockets, loop, one answer per behaviour.
 *
 * Every query is parsed into struct hq, its first label picks a behaviour,
 * and reply_make() writes what the behaviour sends back into h->out as a
 * sequence of frames, each a two-octet length and a message, which is
 * TCP's framing: TCP writes the bytes as they are, UDP sends each frame as
 * one datagram. Messages are built in h->msg by build() from a struct
 * shape (the normal answer, tweaked per behaviour), and a few behaviours
 * then damage the built bytes (short, cut, loop, ptrfwd, counts).
 *
 * TCP answers leave in the order their queries arrived: each query that
 * gets an answer queues a slot on its connection, and a slot is written
 * only when every slot before it was (a "late" slot holds the ones behind
 * it until it is due). A slot may close the connection once written; the
 * slots behind it are then dropped, as a real server that closes would
 * drop those queries.
 *
 * Threads: the loop and everything it owns belong to the thread running
 * hostile_run(). Other threads touch only the stop request (a mutex and
 * uv_async_send), the counters (atomics) and the immutable port.
 */
#include "testbed/hostile/hostile.h"

#include "common/buf.h"
#include "common/dname.h"
#include "common/err.h"
#include "common/log.h"
#include "common/rng.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#define HOSTILE_CONTAINER_OF(ptr, type, member)                                \
	((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/* ---- DNS constants ------------------------------------------------------ */

#define DNS_HDR 12
#define F_QR 0x8000u
#define F_OPCODE 0x7800u
#define F_AA 0x0400u
#define F_TC 0x0200u
#define F_RD 0x0100u
#define OPCODE_STATUS 2u
#define RC_NOERROR 0u
#define RC_FORMERR 1u
#define RC_SERVFAIL 2u
#define RC_REFUSED 5u
#define T_A 1u
#define T_SOA 6u
#define T_TXT 16u
#define T_AAAA 28u
#define T_OPT 41u
#define T_AXFR 252u
#define C_IN 1u
#define C_CH 3u
#define ANSWER_TTL 300u
#define EDNS_UDP_SIZE 1232u
#define EDNS_DO 0x8000u
/* A compression pointer to offset 12: the question name. */
#define PTR_QNAME 0xc00cu

/* ---- limits ------------------------------------------------------------- */

#define LATE_DEFAULT_MS 1500u
#define LATE_MAX_MS 600000u
/* UDP "late" answers held at once; more are dropped. */
#define LATE_MAX_HELD 65536u
#define TCP_BACKLOG 128
/* Connections open at once; more are accepted and closed at once. */
#define TCP_MAX_CONNS 256u
#define TCP_IDLE_MS 10000u
/*
 * A client that pipelines queries but does not read the answers: stop
 * reading from it while this much is queued, resume below the low mark.
 */
#define TCP_HIGH_WATER (1024u * 1024u)
#define TCP_LOW_WATER (256u * 1024u)
#define MSG_MAX 65535u
#define FRAME_MAX (2u + MSG_MAX)
/* One reply: at most a few frames (axfr sends three, dup two). */
#define OUT_MAX (4u * FRAME_MAX)
#define RBUF_LEN 65536u
#define BIND_TRIES 8
#define OVERSIZE_LEN 3000u
#define TCP_BIG_LEN 40000u
#define AXFR_PART_RRS 100u
#define GARBAGE_LEN 64u
#define SHORT_LEN 7u
#define CUT_LEN 3u

/* ---- behaviours --------------------------------------------------------- */

#define HB_MAP(XX)                                                             \
	XX(OK, "ok")                                                           \
	XX(WRONGID, "wrongid")                                                 \
	XX(WRONGID_THEN_OK, "wrongid-then-ok")                                 \
	XX(WRONGQ, "wrongq")                                                   \
	XX(WRONGTYPE, "wrongtype")                                             \
	XX(WRONGCLASS, "wrongclass")                                           \
	XX(NOQR, "noqr")                                                       \
	XX(OPCODE, "opcode")                                                   \
	XX(SHORT, "short")                                                     \
	XX(CUT, "cut")                                                         \
	XX(LOOP, "loop")                                                       \
	XX(PTRFWD, "ptrfwd")                                                   \
	XX(COUNTS, "counts")                                                   \
	XX(OVERSIZE, "oversize")                                               \
	XX(GARBAGE, "garbage")                                                 \
	XX(GARBAGE_ID, "garbage-id")                                           \
	XX(EMPTY, "empty")                                                     \
	XX(LATE, "late")                                                       \
	XX(DROP, "drop")                                                       \
	XX(DUP, "dup")                                                         \
	XX(OTHERPORT, "otherport")                                             \
	XX(OTHERADDR, "otheraddr")                                             \
	XX(FORMERR_NOQ, "formerr-noq")                                         \
	XX(REFUSED, "refused")                                                 \
	XX(SERVFAIL, "servfail")                                               \
	XX(TC, "tc")                                                           \
	XX(TC_NOTCP, "tc-notcp")                                               \
	XX(TCP_CUT, "tcp-cut")                                                 \
	XX(TCP_BIG, "tcp-big")                                                 \
	XX(TCP_CLOSE, "tcp-close")                                             \
	XX(AXFR, "axfr")                                                       \
	XX(RRL, "rrl")

enum hb {
#define HB_ENUM(name, text) HB_##name,
	HB_MAP(HB_ENUM)
#undef HB_ENUM
	    HB__COUNT
};

static const char *const hb_names[HB__COUNT] = {
#define HB_NAME(name, text) text,
    HB_MAP(HB_NAME)
#undef HB_NAME
};

/* "other.invalid.", the question name of "wrongq" answers. */
static const struct th_dname other_invalid = {15, "\005other\007invalid"};

/* ---- state -------------------------------------------------------------- */

/* What a query asked, as far as the behaviours care. */
struct hq {
	uint16_t id;
	uint16_t flags; /* the query's flags word */
	struct th_dname qname;
	uint16_t qtype, qclass;
	bool edns, dnssec_ok;
	enum hb b;
};

enum hsock {
	HS_MAIN,
	HS_OTHERPORT,
	HS_OTHERADDR,
};

/* What reply_make() decided besides the bytes in h->out. */
struct reply {
	enum hsock sock;  /* UDP: the socket to send from */
	bool late;        /* send after late_ms */
	bool close_after; /* TCP: close the connection once this is written */
};

/* A UDP answer held for "late"; due times never decrease along the list. */
struct ulate {
	struct ulate *next;
	uint64_t due; /* loop time, ms */
	struct sockaddr_storage peer;
	size_t len;
	uint8_t frames[];
};

struct hconn;

/* One TCP answer waiting for its turn, and then its own write request. */
struct hslot {
	struct hslot *next;
	struct hconn *c;
	uv_write_t wreq;
	uint64_t due; /* loop time it may be written at; 0: now */
	bool close_after;
	size_t len;
	uint8_t bytes[];
};

struct hconn {
	struct hostile *h;
	struct hconn *prev, *next; /* h->conns */
	uv_tcp_t tcp;
	uv_timer_t idle; /* closes a silent connection */
	uv_timer_t wake; /* releases a late slot at the head */
	uv_shutdown_t sreq;
	unsigned handles;          /* initialised handles not yet closed */
	unsigned reqs;             /* writes and shutdown in flight */
	size_t held;               /* bytes queued or being written */
	struct hslot *head, *tail; /* answers not yet written */
	uint8_t *part;             /* the message being read */
	size_t part_len, part_cap;
	bool idle_init, wake_init;
	bool closing;  /* handles closed or closing */
	bool draining; /* a closing slot left: no more reads or answers */
	bool eof;      /* the client half-closed */
	bool paused;   /* reading stopped: too much queued */
	bool shutting; /* uv_shutdown() issued */
};

struct hostile {
	uv_loop_t loop;
	uv_async_t stop_async;
	uv_udp_t udp;       /* the listening socket */
	uv_udp_t udp_port;  /* otherport: same address, another port */
	uv_udp_t udp_addr;  /* otheraddr: alt_addr */
	uv_tcp_t tcp;       /* the TCP listener */
	uv_timer_t late_tm; /* due time of late_head */
	bool loop_init, async_init, udp_init, udp_port_init, udp_addr_init,
	    tcp_init, late_init;
	bool shut; /* hostile_shutdown() ran */
	struct sockaddr_storage listen, alt;
	bool has_alt;
	uint16_t port;
	unsigned late_ms;
	struct ulate *late_head, *late_tail;
	size_t nlate;
	struct hconn *conns;
	unsigned nconns;
	uint64_t rrl_seen; /* "rrl" queries over UDP so far */

	/* Shared with other threads. */
	pthread_mutex_t mu; /* guards the four fields below */
	bool mu_init;
	bool stop_sent;
	bool thread_started, thread_joined;
	pthread_t thread;
	atomic_bool ran;
	_Atomic uint64_t st_udp, st_tcp, st_conns;

	struct th_buf out;    /* frames of the reply being made */
	uint8_t msg[MSG_MAX]; /* the message being built */
	uint8_t rbuf[RBUF_LEN];
};

static void hostile_shutdown(struct hostile *h);

/* ---- parsing ------------------------------------------------------------ */

static bool
ascii_eq_nocase(const uint8_t *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned x = a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (x != y)
			return false;
	}
	return true;
}

static enum hb
behaviour_of(const struct th_dname *name)
{
	size_t n = name->wire[0];

	for (int i = 0; n > 0 && i < HB__COUNT; i++)
		if (strlen(hb_names[i]) == n &&
		    ascii_eq_nocase(name->wire + 1, hb_names[i], n))
			return (enum hb)i;
	return HB_OK;
}

/*
 * Parse a query. Anything but a query with exactly one well-formed
 * question is refused (false). The record sections are only searched for
 * an OPT record; when they are malformed the query counts as without EDNS.
 */
static bool
query_parse(const uint8_t *msg, size_t len, struct hq *q)
{
	struct th_cursor c;
	uint32_t an, ns, ar;

	if (len < DNS_HDR)
		return false;
	th_cursor_init(&c, msg, len);
	q->id = th_cursor_read_u16(&c);
	q->flags = th_cursor_read_u16(&c);
	if ((q->flags & F_QR) != 0 || th_cursor_read_u16(&c) != 1)
		return false;
	an = th_cursor_read_u16(&c);
	ns = th_cursor_read_u16(&c);
	ar = th_cursor_read_u16(&c);
	if (th_dname_cursor_read(&c, &q->qname) != 0)
		return false;
	q->qtype = th_cursor_read_u16(&c);
	q->qclass = th_cursor_read_u16(&c);
	if (c.err != 0)
		return false;
	q->edns = q->dnssec_ok = false;
	for (uint32_t i = 0; i < an + ns + ar && c.err == 0; i++) {
		struct th_dname owner;
		uint16_t type;
		uint32_t ttl;

		(void)th_dname_cursor_read(&c, &owner);
		type = th_cursor_read_u16(&c);
		(void)th_cursor_read_u16(&c);
		ttl = th_cursor_read_u32(&c);
		th_cursor_skip(&c, th_cursor_read_u16(&c));
		if (c.err == 0 && i >= an + ns && type == T_OPT &&
		    th_dname_is_root(&owner)) {
			q->edns = true;
			q->dnssec_ok = (ttl & EDNS_DO) != 0;
		}
	}
	q->b = behaviour_of(&q->qname);
	return true;
}

/* ---- building messages -------------------------------------------------- */

/* The answer to build; shape_normal() gives the well-behaved one. */
struct shape {
	uint16_t id, flags;
	const struct th_dname *qname; /* NULL: no question section */
	uint16_t qtype, qclass;
	uint16_t rrtype; /* of the address records: T_A or T_AAAA */
	unsigned nrr;    /* address records in the answer section */
	bool opt, dnssec_ok;
};

static uint16_t
addr_type_for(uint16_t qtype)
{
	return qtype == T_AAAA ? T_AAAA : T_A;
}

static void
shape_normal(const struct hq *q, struct shape *s)
{
	s->id = q->id;
	s->flags = (uint16_t)(F_QR | F_AA | (q->flags & (F_OPCODE | F_RD)));
	s->qname = &q->qname;
	s->qtype = q->qtype;
	s->qclass = q->qclass;
	s->rrtype = addr_type_for(q->qtype);
	s->nrr = q->qtype == T_A || q->qtype == T_AAAA ? 1 : 0;
	s->opt = q->edns;
	s->dnssec_ok = q->dnssec_ok;
}

/* An error answer: no AA, no answer records, the question if asked for. */
static void
shape_rcode(const struct hq *q, struct shape *s, unsigned rcode, bool question)
{
	shape_normal(q, s);
	s->flags = (uint16_t)((s->flags & ~F_AA) | rcode);
	s->nrr = 0;
	if (!question) {
		s->qname = NULL;
		s->opt = false;
	}
}

/* A truncated answer: TC set, nothing in the answer section. */
static void
shape_tc(const struct hq *q, struct shape *s)
{
	shape_normal(q, s);
	s->flags |= F_TC;
	s->nrr = 0;
}

static size_t
shape_rr_len(const struct shape *s)
{
	return s->rrtype == T_AAAA ? 2 + 10 + 16 : 2 + 10 + 4;
}

/* Offset of the first answer record. */
static size_t
shape_rr_off(const struct shape *s)
{
	return DNS_HDR + (s->qname != NULL ? s->qname->len + 4u : 0u);
}

/* As many address records as keep the message at or below target octets. */
static void
shape_fill(struct shape *s, size_t target)
{
	size_t base = shape_rr_off(s) + (s->opt ? 11 : 0);

	s->rrtype = addr_type_for(s->qtype);
	s->nrr = (unsigned)((target - base) / shape_rr_len(s));
}

static void
w_header(struct th_wcursor *w, uint16_t id, uint16_t flags, unsigned qd,
         unsigned an, unsigned ar)
{
	th_wcursor_write_u16(w, id);
	th_wcursor_write_u16(w, flags);
	th_wcursor_write_u16(w, (uint16_t)qd);
	th_wcursor_write_u16(w, (uint16_t)an);
	th_wcursor_write_u16(w, 0);
	th_wcursor_write_u16(w, (uint16_t)ar);
}

static void
w_question(struct th_wcursor *w, const struct th_dname *name, uint16_t type,
           uint16_t cls)
{
	th_wcursor_write(w, name->wire, name->len);
	th_wcursor_write_u16(w, type);
	th_wcursor_write_u16(w, cls);
}

/*
 * Address record i, owned by the question name: record 0 is 192.0.2.1 or
 * 2001:db8::1, the others count up from 198.18.0.1 (RFC 2544's range) or
 * 2001:db8::2, so that no two records of a padded answer are the same.
 */
static void
w_addr(struct th_wcursor *w, uint16_t type, uint32_t i)
{
	th_wcursor_write_u16(w, PTR_QNAME);
	th_wcursor_write_u16(w, type);
	th_wcursor_write_u16(w, C_IN);
	th_wcursor_write_u32(w, ANSWER_TTL);
	if (type == T_AAAA) {
		static const uint8_t prefix[12] = {0x20, 0x01, 0x0d, 0xb8};

		th_wcursor_write_u16(w, 16);
		th_wcursor_write(w, prefix, sizeof(prefix));
		th_wcursor_write_u32(w, i + 1);
	} else if (i == 0) {
		th_wcursor_write_u16(w, 4);
		th_wcursor_write_u32(w, 0xc0000201u);
	} else {
		th_wcursor_write_u16(w, 4);
		th_wcursor_write_u32(w, 0xc6120000u + i);
	}
}

/* SOA at the question name: ns.<name> hostmaster.<name> 1 3600 600 ... */
static void
w_soa(struct th_wcursor *w)
{
	size_t at;

	th_wcursor_write_u16(w, PTR_QNAME);
	th_wcursor_write_u16(w, T_SOA);
	th_wcursor_write_u16(w, C_IN);
	th_wcursor_write_u32(w, ANSWER_TTL);
	at = th_wcursor_pos(w);
	th_wcursor_write_u16(w, 0);
	th_wcursor_write(w, "\002ns", 3);
	th_wcursor_write_u16(w, PTR_QNAME);
	th_wcursor_write(w, "\012hostmaster", 11);
	th_wcursor_write_u16(w, PTR_QNAME);
	th_wcursor_write_u32(w, 1);
	th_wcursor_write_u32(w, 3600);
	th_wcursor_write_u32(w, 600);
	th_wcursor_write_u32(w, 86400);
	th_wcursor_write_u32(w, ANSWER_TTL);
	th_wcursor_patch_u16(w, at, (uint16_t)(th_wcursor_pos(w) - at - 2));
}

static void
w_opt(struct th_wcursor *w, bool dnssec_ok)
{
	th_wcursor_write_u8(w, 0);
	th_wcursor_write_u16(w, T_OPT);
	th_wcursor_write_u16(w, EDNS_UDP_SIZE);
	th_wcursor_write_u32(w, dnssec_ok ? EDNS_DO : 0);
	th_wcursor_write_u16(w, 0);
}

/* Build s into h->msg. @return 0 and *len, or TH_ETOOBIG (a bug). */
static int
build(struct hostile *h, const struct shape *s, size_t *len)
{
	struct th_wcursor w;

	th_wcursor_init(&w, h->msg, sizeof(h->msg));
	w_header(&w, s->id, s->flags, s->qname != NULL, s->nrr, s->opt);
	if (s->qname != NULL)
		w_question(&w, s->qname, s->qtype, s->qclass);
	for (unsigned i = 0; i < s->nrr; i++)
		w_addr(&w, s->rrtype, i);
	if (s->opt)
		w_opt(&w, s->dnssec_ok);
	*len = th_wcursor_pos(&w);
	return w.err;
}

/* Append one frame: the length it claims, then len octets of msg. */
static int
emit_frame(struct hostile *h, size_t claim, const uint8_t *msg, size_t len)
{
	int rc;

	if ((rc = th_buf_append_u16(&h->out, (uint16_t)claim)) != 0)
		return rc;
	return th_buf_append(&h->out, msg, len);
}

static int
emit(struct hostile *h, const uint8_t *msg, size_t len)
{
	return emit_frame(h, len, msg, len);
}

static int
emit_shape(struct hostile *h, const struct shape *s)
{
	size_t len;
	int rc;

	if ((rc = build(h, s, &len)) != 0)
		return rc;
	return emit(h, h->msg, len);
}

/* AXFR over TCP: SOA + 100 A, 100 A, 100 A + SOA, in three messages. */
static int
emit_axfr(struct hostile *h, const struct hq *q)
{
	struct shape s;
	int rc;

	shape_normal(q, &s);
	for (unsigned part = 0; part < 3; part++) {
		unsigned an = AXFR_PART_RRS + (part != 1 ? 1 : 0);
		struct th_wcursor w;

		th_wcursor_init(&w, h->msg, sizeof(h->msg));
		w_header(&w, s.id, s.flags, 1, an, s.opt);
		w_question(&w, s.qname, s.qtype, s.qclass);
		if (part == 0)
			w_soa(&w);
		for (unsigned i = 0; i < AXFR_PART_RRS; i++)
			w_addr(&w, T_A, 1 + part * AXFR_PART_RRS + i);
		if (part == 2)
			w_soa(&w);
		if (s.opt)
			w_opt(&w, s.dnssec_ok);
		if (w.err != 0)
			return w.err;
		if ((rc = emit(h, h->msg, th_wcursor_pos(&w))) != 0)
			return rc;
	}
	return 0;
}

/* 64 octets drawn from a generator seeded with the query ID. */
static int
emit_garbage(struct hostile *h, const struct hq *q, bool keep_id)
{
	uint8_t g[GARBAGE_LEN];
	struct th_rng rng;

	th_rng_init(&rng, q->id);
	for (size_t i = 0; i < sizeof(g); i += 8) {
		uint64_t v = th_rng_next(&rng);

		memcpy(g + i, &v, 8);
	}
	if (keep_id || (g[0] == q->id >> 8 && g[1] == (q->id & 0xff))) {
		/* garbage-id wants the ID; garbage must never match it. */
		g[0] = (uint8_t)(q->id >> 8);
		g[1] = (uint8_t)(keep_id ? q->id : q->id ^ 0xff);
	}
	return emit(h, g, sizeof(g));
}

/*
 * Make the reply to q in h->out (frames) and *r. Nothing in h->out and
 * no close_after means no answer at all.
 * @return 0, or TH_ETOOBIG/TH_ENOMEM when the reply could not be made.
 */
static int
reply_make(struct hostile *h, const struct hq *q, bool tcp, struct reply *r)
{
	struct shape s;
	size_t len, off;
	int rc;

	th_buf_reset(&h->out);
	memset(r, 0, sizeof(*r));
	shape_normal(q, &s);
	switch (q->b) {
	case HB_OK:
		break;
	case HB_WRONGID:
		s.id ^= 0x5a5a;
		break;
	case HB_WRONGID_THEN_OK:
		s.id ^= 0x5a5a;
		if ((rc = emit_shape(h, &s)) != 0)
			return rc;
		s.id = q->id;
		break;
	case HB_WRONGQ:
		s.qname = &other_invalid;
		break;
	case HB_WRONGTYPE:
		s.qtype = q->qtype == T_A      ? T_AAAA
		          : q->qtype == T_AAAA ? T_A
		          : q->qtype == T_TXT  ? T_A
		                               : T_TXT;
		break;
	case HB_WRONGCLASS:
		s.qclass = q->qclass == C_CH ? C_IN : C_CH;
		break;
	case HB_NOQR:
		s.flags &= (uint16_t)~F_QR;
		break;
	case HB_OPCODE:
		s.flags =
		    (uint16_t)((s.flags & ~F_OPCODE) | OPCODE_STATUS << 11);
		break;
	case HB_SHORT:
		if ((rc = build(h, &s, &len)) != 0)
			return rc;
		return emit(h, h->msg, SHORT_LEN);
	case HB_CUT:
		/* Without the OPT the answer's rdata is what ends the message.
		 */
		s.opt = false;
		if ((rc = build(h, &s, &len)) != 0)
			return rc;
		return emit(h, h->msg, len - CUT_LEN);
	case HB_LOOP:
	case HB_PTRFWD:
	case HB_COUNTS:
		s.nrr = 1;
		if ((rc = build(h, &s, &len)) != 0)
			return rc;
		off = shape_rr_off(&s);
		if (q->b == HB_LOOP) {
			/* The owner name is a pointer to itself. */
			h->msg[off] = (uint8_t)(0xc0 | off >> 8);
			h->msg[off + 1] = (uint8_t)off;
		} else if (q->b == HB_PTRFWD) {
			/* Offset 0x3fff: far past the end. */
			h->msg[off] = 0xff;
			h->msg[off + 1] = 0xff;
		} else {
			h->msg[6] = 0xff;
			h->msg[7] = 0xff;
		}
		return emit(h, h->msg, len);
	case HB_OVERSIZE:
		shape_fill(&s, OVERSIZE_LEN);
		break;
	case HB_GARBAGE:
	case HB_GARBAGE_ID:
		return emit_garbage(h, q, q->b == HB_GARBAGE_ID);
	case HB_EMPTY:
		return emit(h, NULL, 0);
	case HB_LATE:
		r->late = true;
		break;
	case HB_DROP:
		return 0;
	case HB_DUP:
		if ((rc = emit_shape(h, &s)) != 0)
			return rc;
		break;
	case HB_OTHERPORT:
		r->sock = HS_OTHERPORT;
		break;
	case HB_OTHERADDR:
		r->sock = HS_OTHERADDR;
		break;
	case HB_FORMERR_NOQ:
		shape_rcode(q, &s, RC_FORMERR, false);
		break;
	case HB_REFUSED:
		shape_rcode(q, &s, RC_REFUSED, true);
		break;
	case HB_SERVFAIL:
		shape_rcode(q, &s, RC_SERVFAIL, true);
		break;
	case HB_TC:
		if (!tcp)
			shape_tc(q, &s);
		break;
	case HB_TC_NOTCP:
		if (tcp) {
			r->close_after = true;
			return 0;
		}
		shape_tc(q, &s);
		break;
	case HB_TCP_CUT:
		if (!tcp) {
			shape_tc(q, &s);
			break;
		}
		if ((rc = build(h, &s, &len)) != 0)
			return rc;
		r->close_after = true;
		return emit_frame(h, len, h->msg, len / 2);
	case HB_TCP_BIG:
		if (!tcp)
			shape_tc(q, &s);
		else
			shape_fill(&s, TCP_BIG_LEN);
		break;
	case HB_TCP_CLOSE:
		r->close_after = tcp;
		break;
	case HB_AXFR:
		if (!tcp)
			shape_rcode(q, &s, RC_REFUSED, true);
		else if (q->qtype == T_AXFR)
			return emit_axfr(h, q);
		break;
	case HB_RRL:
		/* Slip the 1st, 3rd, 5th ... (a real RRL has no TCP limit). */
		if (!tcp && h->rrl_seen++ % 2 == 0)
			shape_tc(q, &s);
		break;
	case HB__COUNT:
		break;
	}
	return emit_shape(h, &s);
}

/* ---- UDP ---------------------------------------------------------------- */

static void
udp_send_frames(uv_udp_t *sock, const uint8_t *p, size_t n,
                const struct sockaddr *to)
{
	while (n >= 2) {
		size_t len = (size_t)p[0] << 8 | p[1];
		uv_buf_t b;
		int rc;

		if (len > n - 2)
			break;
		b = uv_buf_init((char *)p + 2, (unsigned)len);
		if ((rc = uv_udp_try_send(sock, &b, 1, to)) < 0)
			th_log_debug("hostile: udp send: %s", uv_strerror(rc));
		p += 2 + len;
		n -= 2 + len;
	}
}

static void
late_on_timer(uv_timer_t *t)
{
	struct hostile *h = t->data;
	uint64_t now = uv_now(&h->loop);
	struct ulate *l;

	while ((l = h->late_head) != NULL && l->due <= now) {
		h->late_head = l->next;
		if (h->late_head == NULL)
			h->late_tail = NULL;
		h->nlate--;
		udp_send_frames(&h->udp, l->frames, l->len,
		                (const struct sockaddr *)&l->peer);
		free(l);
	}
	if (l != NULL)
		uv_timer_start(&h->late_tm, late_on_timer, l->due - now, 0);
}

/* Hold the frames in h->out for late_ms; the queue stays in due order. */
static void
late_push(struct hostile *h, const struct sockaddr *peer)
{
	size_t len = th_buf_len(&h->out);
	struct ulate *l;

	if (h->nlate >= LATE_MAX_HELD ||
	    (l = malloc(sizeof(*l) + len)) == NULL) {
		th_log_debug("hostile: late answer dropped");
		return;
	}
	l->next = NULL;
	l->due = uv_now(&h->loop) + h->late_ms;
	memset(&l->peer, 0, sizeof(l->peer));
	memcpy(&l->peer, peer,
	       peer->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                   : sizeof(struct sockaddr_in));
	l->len = len;
	memcpy(l->frames, th_buf_data(&h->out), len);
	if (h->late_tail != NULL)
		h->late_tail->next = l;
	else
		h->late_head = l;
	h->late_tail = l;
	h->nlate++;
	if (!uv_is_active((uv_handle_t *)&h->late_tm))
		uv_timer_start(&h->late_tm, late_on_timer, h->late_ms, 0);
}

static void
rbuf_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
	struct hostile *h = handle->data;

	/* Every read is handled before the next: one buffer serves all. */
	(void)suggested;
	if (handle->type == UV_TCP)
		h = ((struct hconn *)handle->data)->h;
	buf->base = (char *)h->rbuf;
	buf->len = sizeof(h->rbuf);
}

static void
udp_on_recv(uv_udp_t *u, ssize_t nread, const uv_buf_t *buf,
            const struct sockaddr *addr, unsigned flags)
{
	struct hostile *h = u->data;
	struct reply r;
	uv_udp_t *sock;
	struct hq q;

	/* Errors, empty reads, cut datagrams: nothing to answer. */
	if (nread <= 0 || addr == NULL || (flags & UV_UDP_PARTIAL) != 0 ||
	    h->shut)
		return;
	if (!query_parse((const uint8_t *)buf->base, (size_t)nread, &q))
		return;
	atomic_fetch_add_explicit(&h->st_udp, 1, memory_order_relaxed);
	if (reply_make(h, &q, false, &r) != 0) {
		th_log_warn("hostile: no room for the answer");
		return;
	}
	if (r.late) {
		late_push(h, addr);
		return;
	}
	sock = &h->udp;
	if (r.sock == HS_OTHERPORT)
		sock = &h->udp_port;
	else if (r.sock == HS_OTHERADDR && h->has_alt)
		sock = &h->udp_addr;
	udp_send_frames(sock, th_buf_data(&h->out), th_buf_len(&h->out), addr);
}

/* ---- TCP ---------------------------------------------------------------- */

static void conn_flush(struct hconn *c);

static void
conn_maybe_free(struct hconn *c)
{
	if (c->closing && c->handles == 0 && c->reqs == 0)
		free(c);
}

static void
conn_on_closed(uv_handle_t *handle)
{
	struct hconn *c = handle->data;

	c->handles--;
	conn_maybe_free(c);
}

static void conn_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);

/* Forget a slot that was written or will never be. */
static void
slot_release(struct hconn *c, struct hslot *s)
{
	c->held -= sizeof(*s) + s->len;
	free(s);
	if (c->paused && c->held < TCP_LOW_WATER && !c->closing &&
	    !c->draining && !c->eof) {
		c->paused = false;
		if (uv_read_start((uv_stream_t *)&c->tcp, rbuf_alloc,
		                  conn_on_read) != 0)
			c->paused = true;
	}
}

static void
conn_drop_slots(struct hconn *c)
{
	struct hslot *s;

	while ((s = c->head) != NULL) {
		c->head = s->next;
		slot_release(c, s);
	}
	c->tail = NULL;
}

static void
conn_close(struct hconn *c)
{
	struct hostile *h = c->h;

	if (c->closing)
		return;
	c->closing = true;
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		h->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	h->nconns--;
	conn_drop_slots(c);
	free(c->part);
	c->part = NULL;
	/* Writes in flight are cancelled, their callbacks still run. */
	uv_close((uv_handle_t *)&c->tcp, conn_on_closed);
	if (c->idle_init)
		uv_close((uv_handle_t *)&c->idle, conn_on_closed);
	if (c->wake_init)
		uv_close((uv_handle_t *)&c->wake, conn_on_closed);
}

static void
conn_on_idle(uv_timer_t *t)
{
	conn_close(t->data);
}

/* After our FIN: what the client still sends is read and dropped. */
static void
conn_on_discard(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct hconn *c = s->data;

	(void)buf;
	if (nread < 0)
		conn_close(c);
}

static void
conn_on_shutdown(uv_shutdown_t *req, int status)
{
	struct hconn *c = req->data;

	c->reqs--;
	/*
	 * A behaviour that closes while the client has sent more: closing
	 * now, with its queries unread, would make the kernel send RST, and
	 * an RST can overtake the answer already sent. A real server that
	 * closes after an answer leaves the client that answer, so wait for
	 * the client's FIN (or the idle timer) instead.
	 */
	if (status == 0 && c->draining && !c->eof && !c->closing &&
	    uv_read_start((uv_stream_t *)&c->tcp, rbuf_alloc,
	                  conn_on_discard) == 0)
		return;
	conn_close(c);
	conn_maybe_free(c);
}

/*
 * Once every answer is out: after the client's FIN, or a behaviour that
 * closes, send our FIN behind the last answer and then close.
 */
static void
conn_maybe_finish(struct hconn *c)
{
	if (c->closing || c->shutting || c->reqs > 0 || c->head != NULL ||
	    !(c->draining || c->eof))
		return;
	c->shutting = true;
	c->sreq.data = c;
	if (uv_shutdown(&c->sreq, (uv_stream_t *)&c->tcp, conn_on_shutdown) !=
	    0) {
		conn_close(c);
		return;
	}
	c->reqs++;
}

static void
conn_on_written(uv_write_t *req, int status)
{
	struct hslot *s = req->data;
	struct hconn *c = s->c;

	c->reqs--;
	slot_release(c, s);
	if (status != 0) {
		/* The client went away (EPIPE, ECONNRESET) or we closed. */
		conn_close(c);
	} else if (!c->closing) {
		uv_timer_again(&c->idle);
		conn_maybe_finish(c);
	}
	conn_maybe_free(c);
}

static void
conn_on_wake(uv_timer_t *t)
{
	conn_flush(t->data);
}

/* Write every slot that is due, in order, up to the first that is not. */
static void
conn_flush(struct hconn *c)
{
	uint64_t now = uv_now(&c->h->loop);
	struct hslot *s;

	while (!c->closing && !c->draining && (s = c->head) != NULL) {
		uv_buf_t b;

		if (s->due > now) {
			uv_timer_start(&c->wake, conn_on_wake, s->due - now, 0);
			return;
		}
		c->head = s->next;
		if (c->head == NULL)
			c->tail = NULL;
		if (s->close_after) {
			c->draining = true;
			uv_read_stop((uv_stream_t *)&c->tcp);
			conn_drop_slots(c);
		}
		if (s->len == 0) {
			slot_release(c, s);
			continue;
		}
		b = uv_buf_init((char *)s->bytes, (unsigned)s->len);
		s->wreq.data = s;
		if (uv_write(&s->wreq, (uv_stream_t *)&c->tcp, &b, 1,
		             conn_on_written) != 0) {
			slot_release(c, s);
			conn_close(c);
			return;
		}
		c->reqs++;
	}
	conn_maybe_finish(c);
}

/* A whole message arrived: answer it (or not) in its turn. */
static void
conn_query(struct hconn *c, const uint8_t *msg, size_t len)
{
	struct hostile *h = c->h;
	struct hslot *s;
	struct reply r;
	struct hq q;
	size_t n;

	if (!query_parse(msg, len, &q))
		return;
	atomic_fetch_add_explicit(&h->st_tcp, 1, memory_order_relaxed);
	if (reply_make(h, &q, true, &r) != 0) {
		th_log_warn("hostile: no room for the answer");
		return;
	}
	n = th_buf_len(&h->out);
	if (n == 0 && !r.close_after)
		return;
	if ((s = malloc(sizeof(*s) + n)) == NULL) {
		conn_close(c);
		return;
	}
	s->next = NULL;
	s->c = c;
	s->due = r.late ? uv_now(&h->loop) + h->late_ms : 0;
	s->close_after = r.close_after;
	s->len = n;
	if (n > 0)
		memcpy(s->bytes, th_buf_data(&h->out), n);
	if (c->tail != NULL)
		c->tail->next = s;
	else
		c->head = s;
	c->tail = s;
	c->held += sizeof(*s) + n;
	if (c->held > TCP_HIGH_WATER && !c->paused) {
		c->paused = true;
		uv_read_stop((uv_stream_t *)&c->tcp);
	}
	conn_flush(c);
}

/* Make room for need octets of the current message (need <= FRAME_MAX). */
static bool
conn_part_reserve(struct hconn *c, size_t need)
{
	uint8_t *p;

	if (need <= c->part_cap)
		return true;
	if (need < 512)
		need = 512;
	if ((p = realloc(c->part, need)) == NULL)
		return false;
	c->part = p;
	c->part_cap = need;
	return true;
}

/* Cut the stream into messages: a two-octet length, then that many. */
static void
conn_feed(struct hconn *c, const uint8_t *p, size_t n)
{
	while (n > 0 && !c->closing && !c->draining) {
		size_t want, take;

		if (c->part_len < 2)
			want = 2 - c->part_len;
		else
			want = 2 + ((size_t)c->part[0] << 8 | c->part[1]) -
			       c->part_len;
		take = want < n ? want : n;
		if (!conn_part_reserve(
		        c, c->part_len < 2 ? 2 : c->part_len + want)) {
			conn_close(c);
			return;
		}
		memcpy(c->part + c->part_len, p, take);
		c->part_len += take;
		p += take;
		n -= take;
		if (c->part_len >= 2 &&
		    c->part_len == 2 + ((size_t)c->part[0] << 8 | c->part[1])) {
			c->part_len = 0;
			conn_query(c, c->part + 2,
			           (size_t)c->part[0] << 8 | c->part[1]);
		}
	}
}

static void
conn_on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct hconn *c = s->data;

	if (c->closing || nread == 0)
		return;
	if (nread == UV_EOF) {
		c->eof = true;
		uv_read_stop(s);
		conn_maybe_finish(c);
		return;
	}
	if (nread < 0) {
		conn_close(c);
		return;
	}
	uv_timer_again(&c->idle);
	conn_feed(c, (const uint8_t *)buf->base, (size_t)nread);
}

static void
tcp_on_rejected(uv_handle_t *handle)
{
	free(handle);
}

/* Accept and close at once: left in the backlog it would wake us forever. */
static void
tcp_reject(struct hostile *h)
{
	uv_tcp_t *t = malloc(sizeof(*t));

	if (t == NULL || uv_tcp_init(&h->loop, t) != 0) {
		free(t);
		return;
	}
	(void)uv_accept((uv_stream_t *)&h->tcp, (uv_stream_t *)t);
	uv_close((uv_handle_t *)t, tcp_on_rejected);
}

static void
tcp_on_connection(uv_stream_t *server, int status)
{
	struct hostile *h = server->data;
	struct hconn *c;

	if (status != 0 || h->shut)
		return;
	if (h->nconns >= TCP_MAX_CONNS || (c = calloc(1, sizeof(*c))) == NULL) {
		tcp_reject(h);
		return;
	}
	if (uv_tcp_init(&h->loop, &c->tcp) != 0) {
		free(c);
		tcp_reject(h);
		return;
	}
	c->h = h;
	c->handles = 1;
	c->tcp.data = c;
	c->next = h->conns;
	if (h->conns != NULL)
		h->conns->prev = c;
	h->conns = c;
	h->nconns++;
	if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
		conn_close(c);
		return;
	}
	atomic_fetch_add_explicit(&h->st_conns, 1, memory_order_relaxed);
	if (uv_timer_init(&h->loop, &c->idle) != 0) {
		conn_close(c);
		return;
	}
	c->idle_init = true;
	c->idle.data = c;
	c->handles++;
	if (uv_timer_init(&h->loop, &c->wake) != 0) {
		conn_close(c);
		return;
	}
	c->wake_init = true;
	c->wake.data = c;
	c->handles++;
	(void)uv_tcp_nodelay(&c->tcp, 1);
	uv_timer_start(&c->idle, conn_on_idle, TCP_IDLE_MS, TCP_IDLE_MS);
	if (uv_read_start((uv_stream_t *)&c->tcp, rbuf_alloc, conn_on_read) !=
	    0)
		conn_close(c);
}

/* ---- lifecycle ---------------------------------------------------------- */

static int
addr_parse(const char *text, uint16_t port, struct sockaddr_storage *out)
{
	memset(out, 0, sizeof(*out));
	if (uv_ip4_addr(text, port, (struct sockaddr_in *)out) == 0)
		return 0;
	memset(out, 0, sizeof(*out));
	if (uv_ip6_addr(text, port, (struct sockaddr_in6 *)out) == 0)
		return 0;
	return TH_EINVAL;
}

static void
addr_set_port(struct sockaddr_storage *sa, uint16_t port)
{
	if (sa->ss_family == AF_INET6)
		((struct sockaddr_in6 *)sa)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)sa)->sin_port = htons(port);
}

static uint16_t
addr_port(const struct sockaddr_storage *sa)
{
	if (sa->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return ntohs(((const struct sockaddr_in *)sa)->sin_port);
}

/* A UDP socket bound to sa; with fallback, to an ephemeral port if sa's
 * port is taken. */
static int
udp_open(struct hostile *h, uv_udp_t *u, bool *init,
         const struct sockaddr_storage *sa, bool fallback)
{
	struct sockaddr_storage a = *sa;
	unsigned flags = a.ss_family == AF_INET6 ? UV_UDP_IPV6ONLY : 0;
	int rc;

	if ((rc = uv_udp_init_ex(&h->loop, u, a.ss_family)) != 0)
		return rc;
	*init = true;
	u->data = h;
	rc = uv_udp_bind(u, (const struct sockaddr *)&a, flags);
	if (rc == UV_EADDRINUSE && fallback) {
		addr_set_port(&a, 0);
		rc = uv_udp_bind(u, (const struct sockaddr *)&a, flags);
	}
	return rc;
}

/*
 * Bind UDP, then TCP to the port UDP got. With port 0 the kernel may hand
 * UDP a port that some TCP socket holds: then try another one.
 */
static int
open_main(struct hostile *h, uint16_t port, bool tcp)
{
	struct sockaddr_storage a = h->listen;
	int rc = UV_EADDRINUSE, len;

	for (int i = 0; i < BIND_TRIES && rc == UV_EADDRINUSE; i++) {
		if (i > 0) {
			/* Let the loop finish the closes before reuse. */
			uv_close((uv_handle_t *)&h->udp, NULL);
			if (h->tcp_init)
				uv_close((uv_handle_t *)&h->tcp, NULL);
			h->udp_init = h->tcp_init = false;
			(void)uv_run(&h->loop, UV_RUN_NOWAIT);
		}
		addr_set_port(&a, port);
		if ((rc = udp_open(h, &h->udp, &h->udp_init, &a, false)) != 0)
			return rc;
		len = sizeof(a);
		if ((rc = uv_udp_getsockname(&h->udp, (struct sockaddr *)&a,
		                             &len)) != 0)
			return rc;
		h->port = addr_port(&a);
		if (!tcp)
			return 0;
		if ((rc = uv_tcp_init_ex(&h->loop, &h->tcp, a.ss_family)) != 0)
			return rc;
		h->tcp_init = true;
		h->tcp.data = h;
		/* EADDRINUSE may come from the bind or only from listen. */
		rc = uv_tcp_bind(&h->tcp, (const struct sockaddr *)&a,
		                 a.ss_family == AF_INET6 ? UV_TCP_IPV6ONLY : 0);
		if (rc == 0)
			rc = uv_listen((uv_stream_t *)&h->tcp, TCP_BACKLOG,
			               tcp_on_connection);
		if (port != 0)
			break;
	}
	return rc;
}

static void
on_stop(uv_async_t *a)
{
	hostile_shutdown(a->data);
}

int
hostile_open(struct hostile **out, const struct hostile_conf *conf)
{
	struct sockaddr_storage a;
	struct hostile *h;
	int rc;

	*out = NULL;
	if (conf == NULL || conf->addr == NULL || conf->late_ms > LATE_MAX_MS)
		return TH_EINVAL;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return TH_ENOMEM;
	th_buf_init(&h->out, OUT_MAX);
	atomic_init(&h->ran, false);
	atomic_init(&h->st_udp, 0);
	atomic_init(&h->st_tcp, 0);
	atomic_init(&h->st_conns, 0);
	h->late_ms = conf->late_ms != 0 ? conf->late_ms : LATE_DEFAULT_MS;
	rc = addr_parse(conf->addr, conf->port, &h->listen);
	if (rc == 0 && conf->alt_addr != NULL) {
		h->has_alt = true;
		rc = addr_parse(conf->alt_addr, 0, &h->alt);
		if (rc == 0 && h->alt.ss_family != h->listen.ss_family)
			rc = TH_EINVAL;
	}
	if (rc != 0)
		goto fail;
	if ((rc = pthread_mutex_init(&h->mu, NULL)) != 0) {
		rc = th_from_errno(rc);
		goto fail;
	}
	h->mu_init = true;
	if ((rc = uv_loop_init(&h->loop)) != 0)
		goto fail;
	h->loop_init = true;
	if ((rc = uv_async_init(&h->loop, &h->stop_async, on_stop)) != 0)
		goto fail;
	h->async_init = true;
	h->stop_async.data = h;
	if ((rc = uv_timer_init(&h->loop, &h->late_tm)) != 0)
		goto fail;
	h->late_init = true;
	h->late_tm.data = h;
	if ((rc = open_main(h, conf->port, conf->tcp)) != 0)
		goto fail;
	a = h->listen;
	addr_set_port(&a, 0);
	if ((rc = udp_open(h, &h->udp_port, &h->udp_port_init, &a, false)) != 0)
		goto fail;
	if (h->has_alt) {
		/* Same port as ours if free, so only the address differs. */
		a = h->alt;
		addr_set_port(&a, h->port);
		if ((rc = udp_open(h, &h->udp_addr, &h->udp_addr_init, &a,
		                   true)) != 0)
			goto fail;
	}
	if ((rc = uv_udp_recv_start(&h->udp, rbuf_alloc, udp_on_recv)) != 0)
		goto fail;
	*out = h;
	return 0;
fail:
	hostile_close(h);
	return rc;
}

uint16_t
hostile_port(const struct hostile *h)
{
	return h->port;
}

/* Close everything the loop owns; the loop then runs out and returns. */
static void
hostile_shutdown(struct hostile *h)
{
	struct ulate *l;

	if (h->shut)
		return;
	h->shut = true;
	if (h->async_init)
		uv_close((uv_handle_t *)&h->stop_async, NULL);
	if (h->late_init)
		uv_close((uv_handle_t *)&h->late_tm, NULL);
	if (h->udp_init)
		uv_close((uv_handle_t *)&h->udp, NULL);
	if (h->udp_port_init)
		uv_close((uv_handle_t *)&h->udp_port, NULL);
	if (h->udp_addr_init)
		uv_close((uv_handle_t *)&h->udp_addr, NULL);
	if (h->tcp_init)
		uv_close((uv_handle_t *)&h->tcp, NULL);
	while (h->conns != NULL)
		conn_close(h->conns);
	while ((l = h->late_head) != NULL) {
		h->late_head = l->next;
		free(l);
	}
	h->late_tail = NULL;
	h->nlate = 0;
}

/*
 * Run the loop with SIGPIPE blocked. A SIGPIPE our writes left pending is
 * taken back before the old mask returns, or it would kill the process.
 */
static void
hostile_loop(struct hostile *h)
{
	const struct timespec zero = {0, 0};
	sigset_t pipe_set, old, pending;
	bool was_pending;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE) == 1;
	(void)uv_run(&h->loop, UV_RUN_DEFAULT);
	if (sigismember(&old, SIGPIPE) == 0 && !was_pending &&
	    sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1)
		(void)sigtimedwait(&pipe_set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int
hostile_run(struct hostile *h)
{
	if (atomic_exchange(&h->ran, true))
		return TH_EINVAL;
	hostile_loop(h);
	return 0;
}

static void *
hostile_thread(void *arg)
{
	hostile_loop(arg);
	return NULL;
}

int
hostile_start(struct hostile *h)
{
	sigset_t all, old;
	int rc;

	if (atomic_exchange(&h->ran, true))
		return TH_EINVAL;
	/* The new thread inherits a mask that blocks every signal. */
	sigfillset(&all);
	pthread_mutex_lock(&h->mu);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&h->thread, NULL, hostile_thread, h);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		h->thread_started = true;
	pthread_mutex_unlock(&h->mu);
	if (rc != 0) {
		atomic_store(&h->ran, false);
		return th_from_errno(rc);
	}
	return 0;
}

void
hostile_stop(struct hostile *h)
{
	pthread_mutex_lock(&h->mu);
	if (!h->stop_sent) {
		h->stop_sent = true;
		(void)uv_async_send(&h->stop_async);
	}
	if (h->thread_started && !h->thread_joined &&
	    !pthread_equal(pthread_self(), h->thread)) {
		pthread_join(h->thread, NULL);
		h->thread_joined = true;
	}
	pthread_mutex_unlock(&h->mu);
}

void
hostile_close(struct hostile *h)
{
	int rc;

	if (h == NULL)
		return;
	if (h->thread_started)
		hostile_stop(h);
	if (h->loop_init) {
		/* Never run (or a failed open): close here, in our thread. */
		hostile_shutdown(h);
		(void)uv_run(&h->loop, UV_RUN_DEFAULT);
		if ((rc = uv_loop_close(&h->loop)) != 0)
			th_log_error("hostile: loop close: %s",
			             uv_strerror(rc));
	}
	th_buf_free(&h->out);
	if (h->mu_init)
		pthread_mutex_destroy(&h->mu);
	free(h);
}

void
hostile_stats(const struct hostile *h, struct hostile_stats *out)
{
	out->udp_queries =
	    atomic_load_explicit(&h->st_udp, memory_order_relaxed);
	out->tcp_queries =
	    atomic_load_explicit(&h->st_tcp, memory_order_relaxed);
	out->tcp_connections =
	    atomic_load_explicit(&h->st_conns, memory_order_relaxed);
}
