/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_hostile.c -- unit tests for testbed/hostile: the scripted hostile
 * DNS server, driven over loopback with plain blocking sockets.
 *
 * Every test starts its own server (hostile_start on 127.0.0.1, port 0)
 * and stops it, so counters such as rrl's start from zero. Receives time
 * out after a second (DROP_MS where silence is what we expect), so a
 * broken server fails a test instead of hanging it. Answers are checked
 * octet by octet where the behaviour is about octets, and through ldns
 * (which must accept well-formed answers and reject the damaged ones).
 */
#include "common/dname.h"
#include "common/err.h"
#include "testbed/hostile/hostile.h"
#include "tests/suites.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define T_A 1
#define T_MX 15
#define T_TXT 16
#define T_AAAA 28
#define T_AXFR 252
#define C_IN 1
#define C_CH 3
#define RECV_MS 1000
#define DROP_MS 200
#define LATE_MS 100
#define BUF_LEN 70000

/* ---- helpers ------------------------------------------------------------ */

static struct hostile *
start_server(const char *alt, unsigned late_ms)
{
	struct hostile_conf conf = {
	    .addr = "127.0.0.1",
	    .alt_addr = alt,
	    .port = 0,
	    .tcp = true,
	    .late_ms = late_ms,
	};
	struct hostile *h = NULL;
	int rc;

	rc = hostile_open(&h, &conf);
	ck_assert_msg(rc == 0, "hostile_open: %s", th_errname(rc));
	ck_assert_uint_ne(hostile_port(h), 0);
	ck_assert_int_eq(hostile_start(h), 0);
	return h;
}

static void
stop_server(struct hostile *h)
{
	hostile_stop(h);
	hostile_close(h);
}

/*
 * A query: ID id, RD set, one question; with edns an OPT record (UDP
 * size 4096, DO as given).
 */
static size_t
make_query(uint8_t *buf, uint16_t id, const char *name, uint16_t qtype,
           bool edns, bool dnssec_ok)
{
	struct th_dname d;
	size_t n = 0;

	ck_assert_int_eq(th_dname_parse(&d, name, strlen(name), NULL, NULL), 0);
	buf[n++] = (uint8_t)(id >> 8);
	buf[n++] = (uint8_t)id;
	buf[n++] = 0x01;
	buf[n++] = 0x00;
	memcpy(buf + n, "\000\001\000\000\000\000\000", 7);
	n += 7;
	buf[n++] = edns ? 1 : 0;
	memcpy(buf + n, d.wire, d.len);
	n += d.len;
	buf[n++] = (uint8_t)(qtype >> 8);
	buf[n++] = (uint8_t)qtype;
	buf[n++] = 0;
	buf[n++] = C_IN;
	if (edns) {
		memcpy(buf + n, "\000\000\051\020\000\000\000", 7);
		n += 7;
		buf[n++] = dnssec_ok ? 0x80 : 0;
		memcpy(buf + n, "\000\000\000", 3);
		n += 3;
	}
	return n;
}

static void
set_timeout(int fd, unsigned ms)
{
	struct timeval tv = {(time_t)(ms / 1000),
	                     (suseconds_t)(ms % 1000) * 1000};

	ck_assert_int_eq(
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
}

static struct sockaddr_in
server_addr(uint16_t port)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sa;
}

static int
udp_client(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ck_assert_int_ge(fd, 0);
	set_timeout(fd, RECV_MS);
	return fd;
}

static void
udp_send(int fd, uint16_t port, const uint8_t *msg, size_t len)
{
	struct sockaddr_in sa = server_addr(port);

	ck_assert_int_eq(
	    sendto(fd, msg, len, 0, (struct sockaddr *)&sa, sizeof(sa)),
	    (ssize_t)len);
}

/* One datagram; -1 on timeout. from may be NULL. */
static ssize_t
udp_recv(int fd, uint8_t *buf, struct sockaddr_in *from)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof(sa);
	ssize_t n =
	    recvfrom(fd, buf, BUF_LEN, 0, (struct sockaddr *)&sa, &salen);

	if (from != NULL)
		*from = sa;
	return n;
}

/* Send one query over UDP and return the first answer's length. */
static ssize_t
udp_ask(uint16_t port, const uint8_t *q, size_t qlen, uint8_t *ans)
{
	int fd = udp_client();
	ssize_t n;

	udp_send(fd, port, q, qlen);
	n = udp_recv(fd, ans, NULL);
	close(fd);
	return n;
}

static int
tcp_client(uint16_t port)
{
	struct sockaddr_in sa = server_addr(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	set_timeout(fd, RECV_MS);
	return fd;
}

/* Append one framed message to out at *n. */
static void
frame(uint8_t *out, size_t *n, const uint8_t *msg, size_t len)
{
	out[(*n)++] = (uint8_t)(len >> 8);
	out[(*n)++] = (uint8_t)len;
	memcpy(out + *n, msg, len);
	*n += len;
}

static void
send_all(int fd, const uint8_t *p, size_t n)
{
	ck_assert_int_eq(send(fd, p, n, MSG_NOSIGNAL), (ssize_t)n);
}

static void
tcp_send_query(int fd, const uint8_t *q, size_t len)
{
	uint8_t buf[600];
	size_t n = 0;

	frame(buf, &n, q, len);
	send_all(fd, buf, n);
}

/* Read n octets; returns how many came before EOF, timeout or error. */
static size_t
read_full(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = recv(fd, p + got, n - got, 0);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* One framed message; its length, or -1 when the stream ends first. */
static ssize_t
tcp_recv_msg(int fd, uint8_t *buf)
{
	uint8_t pfx[2];
	size_t len;

	if (read_full(fd, pfx, 2) != 2)
		return -1;
	len = (size_t)pfx[0] << 8 | pfx[1];
	if (read_full(fd, buf, len) != len)
		return -1;
	return (ssize_t)len;
}

/* True when the peer closed: recv gives 0 (not a timeout). */
static bool
tcp_at_eof(int fd)
{
	uint8_t b;

	return recv(fd, &b, 1, 0) == 0;
}

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static ldns_pkt *
parse_ok(const uint8_t *msg, size_t len)
{
	ldns_pkt *pkt = NULL;
	ldns_status st = ldns_wire2pkt(&pkt, msg, len);

	ck_assert_msg(st == LDNS_STATUS_OK, "ldns: %s",
	              ldns_get_errorstr_by_id(st));
	return pkt;
}

static bool
parses(const uint8_t *msg, size_t len)
{
	ldns_pkt *pkt = NULL;
	ldns_status st = ldns_wire2pkt(&pkt, msg, len);

	ldns_pkt_free(pkt);
	return st == LDNS_STATUS_OK;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- Positive: UDP answer shapes ---------------------------------------- */

struct shape_case {
	const char *qname;
	uint16_t qtype;
	bool edns;
	uint16_t flags;      /* the answer's flags word */
	int qd, an, ar;      /* the answer's counts */
	uint16_t id_xor;     /* answer ID = query ID ^ id_xor */
	const char *a_qname; /* question name in the answer; NULL: same */
	uint16_t a_qtype;    /* 0: the query's */
	uint16_t a_qclass;   /* 0: the query's */
	const char *what;
};

static const struct shape_case shape_cases[] = {
    {"ok.example.", T_A, false, 0x8500, 1, 1, 0, 0, NULL, 0, 0, "ok A"},
    {"ok.example.", T_AAAA, true, 0x8500, 1, 1, 1, 0, NULL, 0, 0,
     "ok AAAA with EDNS"},
    {"ok.example.", T_TXT, false, 0x8500, 1, 0, 0, 0, NULL, 0, 0,
     "ok TXT: no records"},
    {"www.example.", T_A, false, 0x8500, 1, 1, 0, 0, NULL, 0, 0,
     "unknown label: ok"},
    {".", T_A, false, 0x8500, 1, 1, 0, 0, NULL, 0, 0, "root: ok"},
    {"wrongid.example.", T_A, false, 0x8500, 1, 1, 0, 0x5a5a, NULL, 0, 0,
     "wrongid"},
    {"WrongID.Example.", T_A, false, 0x8500, 1, 1, 0, 0x5a5a, NULL, 0, 0,
     "wrongid, mixed case"},
    {"wrongq.example.", T_A, true, 0x8500, 1, 1, 1, 0, "other.invalid.", 0, 0,
     "wrongq"},
    {"wrongtype.example.", T_A, false, 0x8500, 1, 1, 0, 0, NULL, T_AAAA, 0,
     "wrongtype A"},
    {"wrongtype.example.", T_AAAA, false, 0x8500, 1, 1, 0, 0, NULL, T_A, 0,
     "wrongtype AAAA"},
    {"wrongtype.example.", T_MX, false, 0x8500, 1, 0, 0, 0, NULL, T_TXT, 0,
     "wrongtype MX"},
    {"wrongclass.example.", T_A, false, 0x8500, 1, 1, 0, 0, NULL, 0, C_CH,
     "wrongclass"},
    {"noqr.example.", T_A, false, 0x0500, 1, 1, 0, 0, NULL, 0, 0, "noqr"},
    {"opcode.example.", T_A, false, 0x9500, 1, 1, 0, 0, NULL, 0, 0, "opcode"},
    {"formerr-noq.example.", T_A, true, 0x8101, 0, 0, 0, 0, NULL, 0, 0,
     "formerr-noq"},
    {"refused.example.", T_A, true, 0x8105, 1, 0, 1, 0, NULL, 0, 0, "refused"},
    {"servfail.example.", T_A, false, 0x8102, 1, 0, 0, 0, NULL, 0, 0,
     "servfail"},
    {"tc.example.", T_A, true, 0x8700, 1, 0, 1, 0, NULL, 0, 0, "tc"},
    {"tc-notcp.example.", T_A, false, 0x8700, 1, 0, 0, 0, NULL, 0, 0,
     "tc-notcp over UDP"},
    {"tcp-cut.example.", T_A, false, 0x8700, 1, 0, 0, 0, NULL, 0, 0,
     "tcp-cut over UDP"},
    {"tcp-big.example.", T_A, false, 0x8700, 1, 0, 0, 0, NULL, 0, 0,
     "tcp-big over UDP"},
    {"tcp-close.example.", T_A, false, 0x8500, 1, 1, 0, 0, NULL, 0, 0,
     "tcp-close over UDP: normal"},
    {"axfr.example.", T_AXFR, false, 0x8105, 1, 0, 0, 0, NULL, 0, 0,
     "axfr over UDP: refused"},
    {"otheraddr.example.", T_A, false, 0x8500, 1, 1, 0, 0, NULL, 0, 0,
     "otheraddr without alt_addr: normal"},
};

START_TEST(test_hostile_udp_shape)
{
	const struct shape_case *c = &shape_cases[_i];
	struct hostile *h = start_server(NULL, LATE_MS);
	uint16_t id = (uint16_t)(0x1200 + _i);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	ldns_rdf *want;
	ldns_pkt *pkt;
	ldns_rr *qrr;
	size_t qlen;
	ssize_t n;

	qlen = make_query(q, id, c->qname, c->qtype, c->edns, false);
	n = udp_ask(hostile_port(h), q, qlen, ans);
	ck_assert_msg(n >= 12, "%s: answer length %zd", c->what, n);
	ck_assert_msg(rd16(ans) == (id ^ c->id_xor), "%s: ID", c->what);
	ck_assert_msg(rd16(ans + 2) == c->flags, "%s: flags %04x", c->what,
	              rd16(ans + 2));
	ck_assert_int_eq(rd16(ans + 4), c->qd);
	ck_assert_int_eq(rd16(ans + 6), c->an);
	ck_assert_int_eq(rd16(ans + 8), 0);
	ck_assert_int_eq(rd16(ans + 10), c->ar);
	pkt = parse_ok(ans, (size_t)n);
	if (c->qd > 0) {
		qrr = ldns_rr_list_rr(ldns_pkt_question(pkt), 0);
		want =
		    ldns_dname_new_frm_str(c->a_qname ? c->a_qname : c->qname);
		ck_assert_msg(ldns_dname_compare(ldns_rr_owner(qrr), want) == 0,
		              "%s: question name", c->what);
		ldns_rdf_deep_free(want);
		ck_assert_int_eq(ldns_rr_get_type(qrr),
		                 c->a_qtype ? c->a_qtype : c->qtype);
		ck_assert_int_eq(ldns_rr_get_class(qrr),
		                 c->a_qclass ? c->a_qclass : C_IN);
	}
	if (c->ar > 0) {
		ck_assert_uint_eq(ldns_pkt_edns_udp_size(pkt), 1232);
		ck_assert(!ldns_pkt_edns_do(pkt));
	}
	ldns_pkt_free(pkt);
	free(ans);
	stop_server(h);
}
END_TEST

/* The normal A answer, octet by octet. */
START_TEST(test_hostile_udp_ok_octets)
{
	static const uint8_t want[] =
	    "\022\064\205\000\000\001\000\001\000\000\000\000"
	    "\002ok\007example\000\000\001\000\001"
	    "\300\014\000\001\000\001\000\000\001\054\000\004\300\000\002\001";
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	size_t qlen = make_query(q, 0x1234, "ok.example.", T_A, false, false);
	ssize_t n = udp_ask(hostile_port(h), q, qlen, ans);

	ck_assert_int_eq(n, (ssize_t)sizeof(want) - 1);
	ck_assert_mem_eq(ans, want, sizeof(want) - 1);
	free(ans);
	stop_server(h);
}
END_TEST

/* The OPT of an answer: size 1232, version 0, DO as asked. */
START_TEST(test_hostile_udp_edns)
{
	static const uint8_t opt_do[] = "\000\000\051\004\320\000\000\200\000"
	                                "\000\000";
	static const uint8_t opt[] = "\000\000\051\004\320\000\000\000\000"
	                             "\000\000";
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	size_t qlen;
	ssize_t n;

	for (int dnssec_ok = 0; dnssec_ok < 2; dnssec_ok++) {
		qlen = make_query(q, 7, "x.example.", T_A, true, dnssec_ok);
		n = udp_ask(hostile_port(h), q, qlen, ans);
		ck_assert_int_gt(n, 11);
		ck_assert_mem_eq(ans + n - 11, dnssec_ok ? opt_do : opt, 11);
	}
	free(ans);
	stop_server(h);
}
END_TEST

/* Offset of the first answer record in an answer to a query for name. */
static size_t
rr_offset(const char *name)
{
	struct th_dname d;

	ck_assert_int_eq(th_dname_parse(&d, name, strlen(name), NULL, NULL), 0);
	return 12 + d.len + 4;
}

/* Answers damaged on purpose: lengths, the damaged octets, ldns says no. */
START_TEST(test_hostile_udp_damaged)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	size_t qlen, rr;
	ssize_t n;

	qlen = make_query(q, 0x0101, "short.example.", T_A, false, false);
	n = udp_ask(hostile_port(h), q, qlen, ans);
	ck_assert_int_eq(n, 7);
	ck_assert_uint_eq(rd16(ans), 0x0101);
	ck_assert_uint_eq(ans[2], 0x85);

	/* cut leaves the OPT out: the 3 octets cut are the A rdata's. */
	rr = rr_offset("cut.example.");
	qlen = make_query(q, 0x0202, "cut.example.", T_A, true, false);
	n = udp_ask(hostile_port(h), q, qlen, ans);
	ck_assert_int_eq(n, (ssize_t)(rr + 16 - 3));
	ck_assert_uint_eq(rd16(ans + 6), 1);
	ck_assert_uint_eq(rd16(ans + 10), 0);
	ck_assert_uint_eq(rd16(ans + rr + 10), 4); /* rdlength still 4 */
	ck_assert(!parses(ans, (size_t)n));

	/* The owner points at itself; the OPT after it is intact. */
	rr = rr_offset("loop.x.example.");
	qlen = make_query(q, 0x0303, "loop.x.example.", T_A, true, false);
	n = udp_ask(hostile_port(h), q, qlen, ans);
	ck_assert_int_eq(n, (ssize_t)(rr + 16 + 11));
	ck_assert_uint_eq(ans[rr], 0xc0);
	ck_assert_uint_eq(ans[rr + 1], rr);
	ck_assert(!parses(ans, (size_t)n));

	/* One A record even for TXT; its owner points past the end. */
	rr = rr_offset("ptrfwd.example.");
	qlen = make_query(q, 0x0404, "ptrfwd.example.", T_TXT, false, false);
	n = udp_ask(hostile_port(h), q, qlen, ans);
	ck_assert_int_eq(n, (ssize_t)(rr + 16));
	ck_assert_uint_eq(rd16(ans + 6), 1);
	ck_assert_uint_eq(rd16(ans + rr), 0xffff);
	ck_assert(!parses(ans, (size_t)n));

	rr = rr_offset("counts.example.");
	qlen = make_query(q, 0x0505, "counts.example.", T_A, false, false);
	n = udp_ask(hostile_port(h), q, qlen, ans);
	ck_assert_int_eq(n, (ssize_t)(rr + 16));
	ck_assert_uint_eq(rd16(ans + 6), 0xffff);
	ck_assert_uint_eq(rd16(ans + rr), 0xc00c);
	ck_assert(!parses(ans, (size_t)n));
	free(ans);
	stop_server(h);
}
END_TEST

/* garbage: 64 octets, the same for the same ID; garbage-id keeps the ID. */
START_TEST(test_hostile_udp_garbage)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *a1 = malloc(BUF_LEN), *a2 = malloc(BUF_LEN);
	size_t qlen;

	qlen = make_query(q, 0x4242, "garbage.example.", T_A, false, false);
	ck_assert_int_eq(udp_ask(hostile_port(h), q, qlen, a1), 64);
	ck_assert_int_eq(udp_ask(hostile_port(h), q, qlen, a2), 64);
	ck_assert_mem_eq(a1, a2, 64);
	ck_assert_uint_ne(rd16(a1), 0x4242);
	qlen = make_query(q, 0x4242, "garbage-id.example.", T_A, false, false);
	ck_assert_int_eq(udp_ask(hostile_port(h), q, qlen, a2), 64);
	ck_assert_uint_eq(rd16(a2), 0x4242);
	free(a1);
	free(a2);
	stop_server(h);
}
END_TEST

START_TEST(test_hostile_udp_empty)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	size_t qlen = make_query(q, 9, "empty.example.", T_A, false, false);

	/* recv() returns 0 for an empty datagram, -1 for a timeout. */
	ck_assert_int_eq(udp_ask(hostile_port(h), q, qlen, ans), 0);
	free(ans);
	stop_server(h);
}
END_TEST

/* About 3000 octets over UDP although the query allows 512. */
START_TEST(test_hostile_udp_oversize)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	size_t qlen;
	ldns_pkt *pkt;
	ssize_t n;

	qlen = make_query(q, 9, "oversize.example.", T_A, false, false);
	n = udp_ask(hostile_port(h), q, qlen, ans);
	ck_assert_int_gt(n, 2900);
	ck_assert_int_le(n, 3000);
	pkt = parse_ok(ans, (size_t)n);
	ck_assert_uint_gt(ldns_pkt_ancount(pkt), 100);
	ck_assert(!ldns_pkt_tc(pkt));
	ldns_pkt_free(pkt);
	free(ans);
	stop_server(h);
}
END_TEST

/* dup: the answer twice; wrongid-then-ok: the wrong ID first. */
START_TEST(test_hostile_udp_two_answers)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *a1 = malloc(BUF_LEN), *a2 = malloc(BUF_LEN);
	int fd = udp_client();
	ssize_t n1, n2;
	size_t qlen;

	qlen = make_query(q, 0x1111, "dup.example.", T_A, false, false);
	udp_send(fd, hostile_port(h), q, qlen);
	n1 = udp_recv(fd, a1, NULL);
	n2 = udp_recv(fd, a2, NULL);
	ck_assert_int_gt(n1, 12);
	ck_assert_int_eq(n1, n2);
	ck_assert_mem_eq(a1, a2, (size_t)n1);
	ck_assert_uint_eq(rd16(a1), 0x1111);

	qlen = make_query(q, 0x2222, "wrongid-then-ok.example.", T_A, false,
	                  false);
	udp_send(fd, hostile_port(h), q, qlen);
	n1 = udp_recv(fd, a1, NULL);
	n2 = udp_recv(fd, a2, NULL);
	ck_assert_int_eq(n1, n2);
	ck_assert_uint_eq(rd16(a1), 0x2222 ^ 0x5a5a);
	ck_assert_uint_eq(rd16(a2), 0x2222);
	ck_assert_mem_eq(a1 + 2, a2 + 2, (size_t)n1 - 2);
	close(fd);
	free(a1);
	free(a2);
	stop_server(h);
}
END_TEST

/* otherport: same address, another port; otheraddr: from alt_addr. */
START_TEST(test_hostile_udp_other_source)
{
	struct hostile *h = start_server("127.0.0.2", LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	int fd = udp_client();
	struct sockaddr_in from;
	size_t qlen;

	qlen = make_query(q, 0x3333, "otherport.example.", T_A, false, false);
	udp_send(fd, hostile_port(h), q, qlen);
	ck_assert_int_gt(udp_recv(fd, ans, &from), 12);
	ck_assert_uint_eq(rd16(ans), 0x3333);
	ck_assert_uint_eq(ntohl(from.sin_addr.s_addr), INADDR_LOOPBACK);
	ck_assert_uint_ne(ntohs(from.sin_port), hostile_port(h));

	qlen = make_query(q, 0x4444, "otheraddr.example.", T_A, false, false);
	udp_send(fd, hostile_port(h), q, qlen);
	ck_assert_int_gt(udp_recv(fd, ans, &from), 12);
	ck_assert_uint_eq(rd16(ans), 0x4444);
	ck_assert_uint_eq(ntohl(from.sin_addr.s_addr), 0x7f000002u);

	/* And ok still comes from the listening socket. */
	qlen = make_query(q, 0x5555, "ok.example.", T_A, false, false);
	udp_send(fd, hostile_port(h), q, qlen);
	ck_assert_int_gt(udp_recv(fd, ans, &from), 12);
	ck_assert_uint_eq(ntohl(from.sin_addr.s_addr), INADDR_LOOPBACK);
	ck_assert_uint_eq(ntohs(from.sin_port), hostile_port(h));
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/* rrl: the 1st and 3rd get a TC slip, the 2nd and 4th an answer. */
START_TEST(test_hostile_udp_rrl)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	size_t qlen;
	ssize_t n;

	for (int i = 0; i < 4; i++) {
		qlen = make_query(q, (uint16_t)i, "rrl.example.", T_A, false,
		                  false);
		n = udp_ask(hostile_port(h), q, qlen, ans);
		ck_assert_int_ge(n, 12);
		ck_assert_uint_eq(rd16(ans + 2), i % 2 == 0 ? 0x8700 : 0x8500);
		ck_assert_uint_eq(rd16(ans + 6), i % 2 == 0 ? 0 : 1);
	}
	free(ans);
	stop_server(h);
}
END_TEST

START_TEST(test_hostile_udp_drop)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	int fd = udp_client();
	size_t qlen;

	set_timeout(fd, DROP_MS);
	qlen = make_query(q, 1, "drop.example.", T_A, false, false);
	udp_send(fd, hostile_port(h), q, qlen);
	ck_assert_int_eq(udp_recv(fd, ans, NULL), -1);
	ck_assert(errno == EAGAIN || errno == EWOULDBLOCK);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/* late: the answer comes after late_ms, overtaken by a later ok. */
START_TEST(test_hostile_udp_late)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	int fd = udp_client();
	size_t qlen;
	double t0;

	t0 = now_ms();
	qlen = make_query(q, 0xaaaa, "late.example.", T_A, false, false);
	udp_send(fd, hostile_port(h), q, qlen);
	qlen = make_query(q, 0xbbbb, "ok.example.", T_A, false, false);
	udp_send(fd, hostile_port(h), q, qlen);
	ck_assert_int_gt(udp_recv(fd, ans, NULL), 12);
	ck_assert_uint_eq(rd16(ans), 0xbbbb);
	ck_assert_int_gt(udp_recv(fd, ans, NULL), 12);
	ck_assert_uint_eq(rd16(ans), 0xaaaa);
	/* Loose bound: a late answer is never sent long before its time. */
	ck_assert(now_ms() - t0 >= LATE_MS / 2);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/* ---- Positive: TCP ------------------------------------------------------ */

/* tc: TC over UDP, the full answer over TCP. */
START_TEST(test_hostile_tcp_tc)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	size_t qlen = make_query(q, 0x7777, "tc.example.", T_A, false, false);
	ldns_pkt *pkt;
	ssize_t n;
	int fd;

	n = udp_ask(hostile_port(h), q, qlen, ans);
	ck_assert_int_ge(n, 12);
	ck_assert_uint_eq(rd16(ans + 2), 0x8700);
	fd = tcp_client(hostile_port(h));
	tcp_send_query(fd, q, qlen);
	n = tcp_recv_msg(fd, ans);
	ck_assert_int_gt(n, 12);
	pkt = parse_ok(ans, (size_t)n);
	ck_assert_uint_eq(ldns_pkt_id(pkt), 0x7777);
	ck_assert(!ldns_pkt_tc(pkt));
	ck_assert_uint_eq(ldns_pkt_ancount(pkt), 1);
	ldns_pkt_free(pkt);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/*
 * Queries pipelined in one write are answered in arrival order, a late
 * one holding back those behind it, and the connection stays open.
 */
START_TEST(test_hostile_tcp_pipeline)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN), *out = malloc(BUF_LEN);
	struct hostile_stats st;
	size_t qlen, n = 0;
	int fd = tcp_client(hostile_port(h));

	qlen = make_query(q, 1, "ok.example.", T_A, false, false);
	frame(out, &n, q, qlen);
	qlen = make_query(q, 2, "late.example.", T_A, false, false);
	frame(out, &n, q, qlen);
	qlen = make_query(q, 3, "drop.example.", T_A, false, false);
	frame(out, &n, q, qlen);
	qlen = make_query(q, 4, "ok.example.", T_AAAA, true, true);
	frame(out, &n, q, qlen);
	send_all(fd, out, n);
	for (uint16_t id = 1; id <= 4; id++) {
		if (id == 3)
			continue; /* dropped */
		ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
		ck_assert_uint_eq(rd16(ans), id);
	}
	/* Still open: one more query on the same connection. */
	qlen = make_query(q, 5, "x.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 5);
	close(fd);
	hostile_stats(h, &st);
	ck_assert_uint_eq(st.tcp_connections, 1);
	ck_assert_uint_eq(st.tcp_queries, 5);
	ck_assert_uint_eq(st.udp_queries, 0);
	free(ans);
	free(out);
	stop_server(h);
}
END_TEST

/* tcp-close: the answer, then the server closes. */
START_TEST(test_hostile_tcp_close)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	int fd = tcp_client(hostile_port(h));
	size_t qlen;

	qlen = make_query(q, 0x1001, "tcp-close.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 0x1001);
	ck_assert(tcp_at_eof(fd));
	close(fd);
	/* A new connection is served. */
	fd = tcp_client(hostile_port(h));
	qlen = make_query(q, 0x1002, "ok.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/* tc-notcp: over TCP the server closes without an answer. */
START_TEST(test_hostile_tcp_notcp)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512];
	int fd = tcp_client(hostile_port(h));
	size_t qlen;

	qlen = make_query(q, 0x2001, "tc-notcp.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert(tcp_at_eof(fd));
	close(fd);
	stop_server(h);
}
END_TEST

/* tcp-cut: the length promises the whole answer, half of it comes. */
START_TEST(test_hostile_tcp_cut)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	int fd = tcp_client(hostile_port(h));
	size_t qlen, len, got;

	qlen = make_query(q, 0x3001, "tcp-cut.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_uint_eq(read_full(fd, ans, 2), 2);
	len = rd16(ans);
	ck_assert_uint_eq(len, rr_offset("tcp-cut.example.") + 16);
	got = read_full(fd, ans, len);
	ck_assert_uint_eq(got, len / 2);
	ck_assert(tcp_at_eof(fd));
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/* tcp-big: about 40000 octets, well formed. */
START_TEST(test_hostile_tcp_big)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	int fd = tcp_client(hostile_port(h));
	ldns_pkt *pkt;
	size_t qlen;
	ssize_t n;

	qlen = make_query(q, 0x4001, "tcp-big.example.", T_AAAA, true, false);
	tcp_send_query(fd, q, qlen);
	n = tcp_recv_msg(fd, ans);
	ck_assert_int_gt(n, 39000);
	ck_assert_int_le(n, 40000);
	pkt = parse_ok(ans, (size_t)n);
	ck_assert_uint_gt(ldns_pkt_ancount(pkt), 1000);
	ck_assert_uint_eq(
	    ldns_rr_get_type(ldns_rr_list_rr(ldns_pkt_answer(pkt), 0)),
	    LDNS_RR_TYPE_AAAA);
	ldns_pkt_free(pkt);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/* axfr: SOA + 100 A, 100 A, 100 A + SOA, then the connection stays. */
START_TEST(test_hostile_tcp_axfr)
{
	static const size_t want_an[3] = {101, 100, 101};
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	int fd = tcp_client(hostile_port(h));
	ldns_rr_list *an;
	ldns_rdf *zone;
	size_t qlen;
	ssize_t n;

	zone = ldns_dname_new_frm_str("axfr.example.");
	qlen = make_query(q, 0x5001, "axfr.example.", T_AXFR, false, false);
	tcp_send_query(fd, q, qlen);
	for (int part = 0; part < 3; part++) {
		ldns_pkt *pkt;
		ldns_rr *first, *last;

		n = tcp_recv_msg(fd, ans);
		ck_assert_int_gt(n, 12);
		pkt = parse_ok(ans, (size_t)n);
		ck_assert_uint_eq(ldns_pkt_id(pkt), 0x5001);
		ck_assert_uint_eq(ldns_pkt_get_rcode(pkt), 0);
		an = ldns_pkt_answer(pkt);
		ck_assert_uint_eq(ldns_rr_list_rr_count(an), want_an[part]);
		first = ldns_rr_list_rr(an, 0);
		last = ldns_rr_list_rr(an, want_an[part] - 1);
		ck_assert_int_eq(ldns_rr_get_type(first),
		                 part == 0 ? LDNS_RR_TYPE_SOA : LDNS_RR_TYPE_A);
		ck_assert_int_eq(ldns_rr_get_type(last),
		                 part == 2 ? LDNS_RR_TYPE_SOA : LDNS_RR_TYPE_A);
		ck_assert_int_eq(ldns_dname_compare(ldns_rr_owner(first), zone),
		                 0);
		ldns_pkt_free(pkt);
	}
	ldns_rdf_deep_free(zone);
	/* axfr asked for A: a normal answer. */
	qlen = make_query(q, 0x5002, "axfr.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 0x5002);
	ck_assert_uint_eq(rd16(ans + 6), 1);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/* Message-level behaviours apply over TCP too: wrongid, dup. */
START_TEST(test_hostile_tcp_distorted)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	int fd = tcp_client(hostile_port(h));
	size_t qlen;

	qlen = make_query(q, 0x6001, "wrongid.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 0x6001 ^ 0x5a5a);
	qlen = make_query(q, 0x6002, "dup.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 0x6002);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 0x6002);
	qlen = make_query(q, 0x6003, "empty.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_int_eq(tcp_recv_msg(fd, ans), 0);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/* ---- Positive: lifecycle ------------------------------------------------ */

START_TEST(test_hostile_lifecycle)
{
	struct hostile_conf conf = {.addr = "127.0.0.1", .tcp = true};
	struct hostile_stats st;
	struct hostile *h = NULL;
	uint8_t q[512], *ans = malloc(BUF_LEN);
	size_t qlen;

	/* Open and close without running. */
	ck_assert_int_eq(hostile_open(&h, &conf), 0);
	hostile_close(h);
	/* Stop before start, then close. */
	ck_assert_int_eq(hostile_open(&h, &conf), 0);
	hostile_stop(h);
	hostile_close(h);
	hostile_close(NULL);
	/* Start, serve, stop twice, read the counters after the stop. */
	h = start_server(NULL, 0);
	ck_assert_int_eq(hostile_start(h), TH_EINVAL);
	ck_assert_int_eq(hostile_run(h), TH_EINVAL);
	qlen = make_query(q, 1, "ok.example.", T_A, false, false);
	ck_assert_int_gt(udp_ask(hostile_port(h), q, qlen, ans), 12);
	hostile_stop(h);
	hostile_stop(h);
	hostile_stats(h, &st);
	ck_assert_uint_eq(st.udp_queries, 1);
	ck_assert_uint_eq(st.tcp_queries, 0);
	hostile_close(h);
	free(ans);
}
END_TEST

static void *
run_thread(void *arg)
{
	return (void *)(intptr_t)hostile_run(arg);
}

/* hostile_run in a thread of the caller's, stopped from another. */
START_TEST(test_hostile_run_blocking)
{
	struct hostile_conf conf = {.addr = "127.0.0.1", .tcp = false};
	struct hostile *h = NULL;
	uint8_t q[512], *ans = malloc(BUF_LEN);
	pthread_t t;
	void *rc;
	size_t qlen;

	ck_assert_int_eq(hostile_open(&h, &conf), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, run_thread, h), 0);
	qlen = make_query(q, 1, "ok.example.", T_A, false, false);
	ck_assert_int_gt(udp_ask(hostile_port(h), q, qlen, ans), 12);
	hostile_stop(h);
	ck_assert_int_eq(pthread_join(t, &rc), 0);
	ck_assert_int_eq((int)(intptr_t)rc, 0);
	hostile_close(h);
	free(ans);
}
END_TEST

/* A fixed port: UDP and TCP on it; a second server cannot have it. */
START_TEST(test_hostile_fixed_port)
{
	struct hostile_conf conf = {.addr = "127.0.0.1", .tcp = true};
	struct hostile *h = start_server(NULL, 0), *h2 = NULL;
	uint16_t port = hostile_port(h);

	stop_server(h);
	conf.port = port;
	/* The port was free a moment ago; someone may have taken it since. */
	if (hostile_open(&h, &conf) != 0)
		return;
	ck_assert_uint_eq(hostile_port(h), port);
	ck_assert_int_eq(hostile_open(&h2, &conf), -EADDRINUSE);
	ck_assert_ptr_null(h2);
	hostile_close(h);
}
END_TEST

/* ::1 where the machine has IPv6. */
START_TEST(test_hostile_ipv6)
{
	struct hostile_conf conf = {.addr = "::1", .tcp = true};
	struct hostile *h = NULL;
	int rc = hostile_open(&h, &conf);

	if (rc == -EADDRNOTAVAIL || rc == -EAFNOSUPPORT)
		return;
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_ne(hostile_port(h), 0);
	ck_assert_int_eq(hostile_start(h), 0);
	stop_server(h);
}
END_TEST

/* ---- Negative ----------------------------------------------------------- */

struct conf_case {
	const char *addr, *alt;
	unsigned late_ms;
	const char *what;
};

static const struct conf_case bad_confs[] = {
    {NULL, NULL, 0, "no address"},
    {"localhost", NULL, 0, "a host name"},
    {"127.0.0.256", NULL, 0, "bad IPv4"},
    {"127.0.0.1", "::1", 0, "alt_addr of another family"},
    {"127.0.0.1", "x", 0, "bad alt_addr"},
    {"127.0.0.1", NULL, 600001, "late_ms too large"},
};

START_TEST(test_hostile_bad_conf)
{
	const struct conf_case *c = &bad_confs[_i];
	struct hostile_conf conf = {.addr = c->addr,
	                            .alt_addr = c->alt,
	                            .tcp = true,
	                            .late_ms = c->late_ms};
	struct hostile *h = (struct hostile *)&conf;

	ck_assert_msg(hostile_open(&h, &conf) == TH_EINVAL, "%s", c->what);
	ck_assert_ptr_null(h);
}
END_TEST

/*
 * Hostile queries: too short, empty, a response, two questions, a bad
 * name. None is answered or counted, and the server still serves.
 */
START_TEST(test_hostile_bad_queries)
{
	static const struct {
		const char *msg;
		size_t len;
	} bad[] = {
	    {"\001\002\003\004\005", 5},
	    {"", 0},
	    {"\000\001\200\000\000\001\000\000\000\000\000\000\002ok\000\000"
	     "\001\000\001",
	     20},
	    {"\000\001\000\000\000\002\000\000\000\000\000\000\002ok\000\000"
	     "\001\000\001",
	     20},
	    {"\000\001\000\000\000\001\000\000\000\000\000\000\300\014\000"
	     "\001\000\001",
	     18},
	    {"\000\001\000\000\000\001\000\000\000\000\000\000\002ok", 15},
	};
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	struct hostile_stats st;
	int fd = udp_client();
	size_t qlen;

	for (int i = 0; i < N_ELEMS(bad); i++)
		udp_send(fd, hostile_port(h), (const uint8_t *)bad[i].msg,
		         bad[i].len);
	qlen = make_query(q, 0x0909, "ok.example.", T_A, false, false);
	udp_send(fd, hostile_port(h), q, qlen);
	ck_assert_int_gt(udp_recv(fd, ans, NULL), 12);
	ck_assert_uint_eq(rd16(ans), 0x0909);
	hostile_stats(h, &st);
	ck_assert_uint_eq(st.udp_queries, 1);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/*
 * TCP framing abuse: a query sent one octet at a time, an empty frame,
 * a garbage frame; only the real queries get answers, in order.
 */
START_TEST(test_hostile_tcp_framing)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN), out[600];
	int fd = tcp_client(hostile_port(h));
	size_t qlen, n = 0;

	qlen = make_query(q, 0x0a01, "ok.example.", T_A, false, false);
	frame(out, &n, q, qlen);
	for (size_t i = 0; i < n; i++)
		send_all(fd, out + i, 1);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 0x0a01);
	n = 0;
	frame(out, &n, q, 0);
	frame(out, &n, (const uint8_t *)"\377\377\377", 3);
	qlen = make_query(q, 0x0a02, "ok.example.", T_A, false, false);
	frame(out, &n, q, qlen);
	send_all(fd, out, n);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 0x0a02);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

/*
 * Clients that vanish: one promises 65535 octets and leaves after a few,
 * one resets the connection while a 40000-octet answer is being written.
 * The server survives both and still answers.
 */
START_TEST(test_hostile_tcp_vanish)
{
	struct hostile *h = start_server(NULL, LATE_MS);
	uint8_t q[512], *ans = malloc(BUF_LEN);
	struct linger lg = {1, 0};
	size_t qlen;
	int fd;

	fd = tcp_client(hostile_port(h));
	send_all(fd, (const uint8_t *)"\377\377\000\001\002", 5);
	close(fd);
	for (int i = 0; i < 3; i++) {
		fd = tcp_client(hostile_port(h));
		qlen = make_query(q, 0x0b01, "tcp-big.example.", T_A, false,
		                  false);
		for (int k = 0; k < 4; k++)
			tcp_send_query(fd, q, qlen);
		/* Linger 0: the close sends a reset, not a FIN. */
		ck_assert_int_eq(
		    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)), 0);
		close(fd);
	}
	fd = tcp_client(hostile_port(h));
	qlen = make_query(q, 0x0b02, "ok.example.", T_A, false, false);
	tcp_send_query(fd, q, qlen);
	ck_assert_int_gt(tcp_recv_msg(fd, ans), 12);
	ck_assert_uint_eq(rd16(ans), 0x0b02);
	close(fd);
	free(ans);
	stop_server(h);
}
END_TEST

Suite *
suite_hostile(void)
{
	Suite *s = suite_create("hostile");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_hostile_udp_shape, 0,
	                    N_ELEMS(shape_cases));
	tcase_add_test(pos, test_hostile_udp_ok_octets);
	tcase_add_test(pos, test_hostile_udp_edns);
	tcase_add_test(pos, test_hostile_udp_damaged);
	tcase_add_test(pos, test_hostile_udp_garbage);
	tcase_add_test(pos, test_hostile_udp_empty);
	tcase_add_test(pos, test_hostile_udp_oversize);
	tcase_add_test(pos, test_hostile_udp_two_answers);
	tcase_add_test(pos, test_hostile_udp_other_source);
	tcase_add_test(pos, test_hostile_udp_rrl);
	tcase_add_test(pos, test_hostile_udp_drop);
	tcase_add_test(pos, test_hostile_udp_late);
	tcase_add_test(pos, test_hostile_tcp_tc);
	tcase_add_test(pos, test_hostile_tcp_pipeline);
	tcase_add_test(pos, test_hostile_tcp_close);
	tcase_add_test(pos, test_hostile_tcp_notcp);
	tcase_add_test(pos, test_hostile_tcp_cut);
	tcase_add_test(pos, test_hostile_tcp_big);
	tcase_add_test(pos, test_hostile_tcp_axfr);
	tcase_add_test(pos, test_hostile_tcp_distorted);
	tcase_add_test(pos, test_hostile_lifecycle);
	tcase_add_test(pos, test_hostile_run_blocking);
	tcase_add_test(pos, test_hostile_fixed_port);
	tcase_add_test(pos, test_hostile_ipv6);

	tcase_add_loop_test(neg, test_hostile_bad_conf, 0, N_ELEMS(bad_confs));
	tcase_add_test(neg, test_hostile_bad_queries);
	tcase_add_test(neg, test_hostile_tcp_framing);
	tcase_add_test(neg, test_hostile_tcp_vanish);

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
