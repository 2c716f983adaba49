/* SPDX-License-Identifier: BSD-3-Clause */
/* cannedsrv.c -- the canned DNS server of the unit tests (see cannedsrv.h). */
#include "tests/support/cannedsrv.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CS_MAXCONN 32
#define CS_TCPBUF 4096
#define CS_NFD (2 * CANNEDSRV_NADDR + CS_MAXCONN + 1)

/* A rule with its records parsed (in the test's thread, before start). */
struct cs_prep {
	int srv;
	bool any_name;
	struct th_dname qname;
	uint16_t qtype;
	unsigned flags;
	uint8_t rcode;
	ldns_rr_list *sec[3];
};

/* A TCP connection: messages are read whole before they are answered. */
struct cs_conn {
	int fd; /* -1: free */
	int srv;
	size_t used;
	uint8_t buf[CS_TCPBUF];
};

struct cannedsrv {
	int udp[CANNEDSRV_NADDR], tcp[CANNEDSRV_NADDR];
	int wake[2];
	uint16_t port;
	pthread_t thread;
	size_t nprep;
	struct cs_prep *prep;
	struct cs_conn conn[CS_MAXCONN]; /* the server thread's alone */
	pthread_mutex_t mu;              /* count and log */
	unsigned count[CANNEDSRV_NADDR];
	size_t nlog, alog;
	struct cannedsrv_query *log;
};

static struct th_dname
cs_name(const char *text)
{
	struct th_dname d;
	enum th_dname_reason why;
	int rc = th_dname_parse(&d, text, strlen(text), NULL, &why);

	ck_assert_msg(rc == 0, "fixture %s: %s", text,
	              th_dname_reason_name(why));
	return d;
}

int
cannedsrv_index(const char *ip)
{
	struct in_addr a;
	uint32_t h;

	ck_assert_msg(inet_pton(AF_INET, ip, &a) == 1, "fixture %s", ip);
	h = ntohl(a.s_addr);
	ck_assert_msg(h >= 0x7f000001u && h < 0x7f000001u + CANNEDSRV_NADDR,
	              "fixture %s: not a canned address", ip);
	return (int)(h - 0x7f000001u);
}

static ldns_rr_list *
cs_records(const char *text)
{
	ldns_rr_list *l = ldns_rr_list_new();

	ck_assert_ptr_nonnull(l);
	while (text != NULL && *text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t n = nl != NULL ? (size_t)(nl - text) : strlen(text);
		char line[512];
		ldns_rr *rr = NULL;
		ldns_status st;

		ck_assert_uint_lt(n, sizeof(line));
		memcpy(line, text, n);
		line[n] = '\0';
		st = ldns_rr_new_frm_str(&rr, line, 3600, NULL, NULL);
		ck_assert_msg(st == LDNS_STATUS_OK, "fixture record '%s': %s",
		              line, ldns_get_errorstr_by_id(st));
		ck_assert(ldns_rr_list_push_rr(l, rr));
		text = nl != NULL ? nl + 1 : NULL;
	}
	return l;
}

static const struct cs_prep *
cs_match(const struct cannedsrv *c, int srv, const struct th_dname *qname,
         uint16_t qtype, bool edns)
{
	for (size_t i = 0; i < c->nprep; i++) {
		const struct cs_prep *p = &c->prep[i];

		if (p->srv != srv || (p->qtype != 0 && p->qtype != qtype) ||
		    ((p->flags & CS_EDNS) && !edns))
			continue;
		if (!p->any_name &&
		    !((p->flags & CS_SUB)
		          ? th_dname_is_subdomain(qname, &p->qname)
		          : th_dname_equal(qname, &p->qname)))
			continue;
		return p;
	}
	return NULL;
}

static uint64_t
cs_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
cs_log(struct cannedsrv *c, int srv, bool tcp, bool edns, ldns_rr *qrr,
       const struct th_dname *qname, const uint8_t *q, size_t qlen)
{
	struct cannedsrv_query *e;

	pthread_mutex_lock(&c->mu);
	c->count[srv]++;
	if (c->nlog == c->alog) {
		size_t n = c->alog ? 2 * c->alog : 256;
		struct cannedsrv_query *l = realloc(c->log, n * sizeof(*l));

		if (l == NULL) {
			pthread_mutex_unlock(&c->mu);
			return; /* counted, not logged */
		}
		c->log = l;
		c->alog = n;
	}
	e = &c->log[c->nlog++];
	memset(e, 0, sizeof(*e));
	e->srv = srv;
	e->tcp = tcp;
	e->edns = edns;
	e->qtype = (uint16_t)ldns_rr_get_type(qrr);
	e->qclass = (uint16_t)ldns_rr_get_class(qrr);
	e->qname = *qname;
	e->at_ns = cs_now_ns();
	e->len = qlen < CANNEDSRV_WIREMAX ? qlen : CANNEDSRV_WIREMAX;
	memcpy(e->wire, q, e->len);
	e->wire[0] = e->wire[1] = 0;
	pthread_mutex_unlock(&c->mu);
}

/*
 * Log the query q and build its answer into *wire (malloc'd). False when
 * it gets none: unreadable, or a silent rule.
 */
static bool
cs_respond(struct cannedsrv *c, int srv, bool tcp, const uint8_t *q,
           size_t qlen, uint8_t **wire, size_t *len)
{
	static const ldns_pkt_section secs[3] = {LDNS_SECTION_ANSWER,
	                                         LDNS_SECTION_AUTHORITY,
	                                         LDNS_SECTION_ADDITIONAL};
	ldns_pkt *qp = NULL, *p;
	const struct cs_prep *rule;
	struct th_dname qname;
	ldns_rr *qrr;
	ldns_rdf *owner;
	bool edns, ok;

	if (qlen < 12 || ldns_wire2pkt(&qp, q, qlen) != LDNS_STATUS_OK)
		return false;
	qrr = ldns_rr_list_rr(ldns_pkt_question(qp), 0);
	owner = qrr != NULL ? ldns_rr_owner(qrr) : NULL;
	if (owner == NULL ||
	    th_dname_from_wire(&qname, ldns_rdf_data(owner),
	                       ldns_rdf_size(owner), NULL) != 0) {
		ldns_pkt_free(qp);
		return false;
	}
	edns = ldns_pkt_edns(qp);
	cs_log(c, srv, tcp, edns, qrr, &qname, q, qlen);
	rule = cs_match(c, srv, &qname, (uint16_t)ldns_rr_get_type(qrr), edns);
	if ((rule != NULL && (rule->flags & CS_DROP)) ||
	    (p = ldns_pkt_new()) == NULL) {
		ldns_pkt_free(qp);
		return false;
	}
	ldns_pkt_set_id(p, ldns_pkt_id(qp));
	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_opcode(p, LDNS_PACKET_QUERY);
	ldns_pkt_set_aa(p, rule != NULL && (rule->flags & CS_AA));
	ldns_pkt_set_rcode(p, rule != NULL ? rule->rcode : TH_RCODE_REFUSED);
	ldns_pkt_push_rr(p, LDNS_SECTION_QUESTION, ldns_rr_clone(qrr));
	if (rule != NULL && (rule->flags & CS_TC) && !tcp)
		ldns_pkt_set_tc(p, true);
	else
		for (int s = 0; rule != NULL && s < 3; s++)
			for (size_t i = 0;
			     i < ldns_rr_list_rr_count(rule->sec[s]); i++)
				ldns_pkt_push_rr(p, secs[s],
				                 ldns_rr_clone(ldns_rr_list_rr(
				                     rule->sec[s], i)));
	/* A server that speaks EDNS answers with an OPT record. */
	if (edns) {
		ldns_pkt_set_edns_udp_size(p, 1232);
		ldns_pkt_set_edns_do(p, ldns_pkt_edns_do(qp));
	}
	*wire = NULL;
	ok = ldns_pkt2wire(wire, p, len) == LDNS_STATUS_OK;
	if (!ok) {
		free(*wire);
		*wire = NULL;
	}
	ldns_pkt_free(p);
	ldns_pkt_free(qp);
	return ok;
}

static void
cs_udp(struct cannedsrv *c, int srv)
{
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof(from);
	uint8_t buf[4096], *wire;
	size_t len;
	ssize_t n = recvfrom(c->udp[srv], buf, sizeof(buf), MSG_DONTWAIT,
	                     (struct sockaddr *)&from, &fromlen);

	if (n <= 0 || !cs_respond(c, srv, false, buf, (size_t)n, &wire, &len))
		return;
	(void)sendto(c->udp[srv], wire, len, 0, (struct sockaddr *)&from,
	             fromlen);
	free(wire);
}

static void
cs_conn_close(struct cs_conn *k)
{
	close(k->fd);
	k->fd = -1;
	k->used = 0;
}

static void
cs_accept(struct cannedsrv *c, int srv)
{
	int fd = accept4(c->tcp[srv], NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < CS_MAXCONN; i++)
		if (c->conn[i].fd < 0) {
			c->conn[i].fd = fd;
			c->conn[i].srv = srv;
			c->conn[i].used = 0;
			return;
		}
	close(fd); /* more connections than any test makes */
}

/* Read what the client sent; answer every whole message, in order. */
static void
cs_tcp_read(struct cannedsrv *c, struct cs_conn *k)
{
	ssize_t n = recv(k->fd, k->buf + k->used, sizeof(k->buf) - k->used,
	                 MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		cs_conn_close(k);
		return;
	}
	if (n < 0)
		return;
	k->used += (size_t)n;
	while (k->used >= 2) {
		size_t mlen = (size_t)k->buf[0] << 8 | k->buf[1];
		uint8_t *wire;
		size_t len;

		if (mlen + 2 > sizeof(k->buf)) {
			cs_conn_close(k);
			return;
		}
		if (k->used < mlen + 2)
			return;
		if (cs_respond(c, k->srv, true, k->buf + 2, mlen, &wire,
		               &len)) {
			uint8_t *out = malloc(len + 2);
			bool sent = false;

			if (out != NULL) {
				out[0] = (uint8_t)(len >> 8);
				out[1] = (uint8_t)len;
				memcpy(out + 2, wire, len);
				sent = send(k->fd, out, len + 2,
				            MSG_NOSIGNAL) == (ssize_t)(len + 2);
			}
			free(out);
			free(wire);
			if (!sent) {
				cs_conn_close(k);
				return;
			}
		}
		k->used -= mlen + 2;
		memmove(k->buf, k->buf + mlen + 2, k->used);
	}
}

static void *
cs_main(void *arg)
{
	struct cannedsrv *c = arg;
	struct pollfd pfd[CS_NFD];
	int who[CS_NFD]; /* connection index of pfd[i], or -1 */

	for (;;) {
		nfds_t n = 0;

		for (int i = 0; i < CANNEDSRV_NADDR; i++) {
			pfd[n].fd = c->udp[i];
			pfd[n].events = POLLIN;
			who[n++] = -1;
			pfd[n].fd = c->tcp[i];
			pfd[n].events = POLLIN;
			who[n++] = -1;
		}
		for (int i = 0; i < CS_MAXCONN; i++)
			if (c->conn[i].fd >= 0) {
				pfd[n].fd = c->conn[i].fd;
				pfd[n].events = POLLIN;
				who[n++] = i;
			}
		pfd[n].fd = c->wake[0];
		pfd[n].events = POLLIN;
		who[n++] = -1;
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[n - 1].revents != 0)
			break;
		for (nfds_t i = 0; i < n - 1; i++) {
			if (pfd[i].revents == 0)
				continue;
			if (who[i] >= 0)
				cs_tcp_read(c, &c->conn[who[i]]);
			else if (i < 2 * CANNEDSRV_NADDR && i % 2 == 0)
				cs_udp(c, (int)i / 2);
			else if (i < 2 * CANNEDSRV_NADDR)
				cs_accept(c, (int)i / 2);
		}
	}
	return NULL;
}

/* A socket of type bound to 127.0.0.(i + 1):port, or -errno. */
static int
cs_socket(int type, int i, uint16_t port)
{
	struct sockaddr_in sa;
	int one = 1, fd, err;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(0x7f000001u + (unsigned)i);
	fd = socket(AF_INET, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(fd, 0);
	/* Connections the tests closed linger in TIME_WAIT on this port. */
	if (type == SOCK_STREAM)
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
		                 sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    (type == SOCK_STREAM && listen(fd, 16) != 0)) {
		err = errno;
		close(fd);
		return -err;
	}
	return fd;
}

/* Bind 127.0.0.1:0 (UDP), then everything else to the same port; retry
 * with another port when one is taken. */
static void
cs_bind(struct cannedsrv *c)
{
	for (int attempt = 0; attempt < 50; attempt++) {
		struct sockaddr_in sa;
		socklen_t salen = sizeof(sa);
		int i, err = 0, nudp = 0, ntcp = 0;
		uint16_t port;

		c->udp[0] = cs_socket(SOCK_DGRAM, 0, 0);
		ck_assert_msg(c->udp[0] >= 0, "bind 127.0.0.1: %s",
		              strerror(-c->udp[0]));
		nudp = 1;
		ck_assert_int_eq(
		    getsockname(c->udp[0], (struct sockaddr *)&sa, &salen), 0);
		port = ntohs(sa.sin_port);
		for (i = 1; i < CANNEDSRV_NADDR && err == 0; i++) {
			if ((c->udp[i] = cs_socket(SOCK_DGRAM, i, port)) < 0)
				err = -c->udp[i];
			else
				nudp++;
		}
		for (i = 0; i < CANNEDSRV_NADDR && err == 0; i++) {
			if ((c->tcp[i] = cs_socket(SOCK_STREAM, i, port)) < 0)
				err = -c->tcp[i];
			else
				ntcp++;
		}
		if (err == 0) {
			c->port = port;
			return;
		}
		while (nudp-- > 0)
			close(c->udp[nudp]);
		while (ntcp-- > 0)
			close(c->tcp[ntcp]);
		ck_assert_msg(err == EADDRINUSE, "bind port %u: %s", port,
		              strerror(err));
	}
	ck_abort_msg("no free port for the canned server");
}

struct cannedsrv *
cannedsrv_start(const struct cannedsrv_rule *const *tables)
{
	struct cannedsrv *c = calloc(1, sizeof(*c));
	size_t n = 0;

	ck_assert_ptr_nonnull(c);
	for (int i = 0; i < CS_MAXCONN; i++)
		c->conn[i].fd = -1;
	for (size_t t = 0; tables[t] != NULL; t++)
		for (const struct cannedsrv_rule *r = tables[t];
		     r->server != NULL; r++)
			n++;
	c->prep = calloc(n > 0 ? n : 1, sizeof(*c->prep));
	ck_assert_ptr_nonnull(c->prep);
	for (size_t t = 0; tables[t] != NULL; t++)
		for (const struct cannedsrv_rule *r = tables[t];
		     r->server != NULL; r++) {
			struct cs_prep *p = &c->prep[c->nprep++];

			p->srv = cannedsrv_index(r->server);
			p->any_name = r->qname == NULL;
			if (r->qname != NULL)
				p->qname = cs_name(r->qname);
			p->qtype = r->qtype;
			p->flags = r->flags;
			p->rcode = r->rcode;
			p->sec[0] = cs_records(r->an);
			p->sec[1] = cs_records(r->ns);
			p->sec[2] = cs_records(r->ar);
		}
	cs_bind(c);
	ck_assert_int_eq(pipe2(c->wake, O_CLOEXEC), 0);
	ck_assert_int_eq(pthread_mutex_init(&c->mu, NULL), 0);
	ck_assert_int_eq(pthread_create(&c->thread, NULL, cs_main, c), 0);
	return c;
}

void
cannedsrv_stop(struct cannedsrv *c)
{
	ck_assert_int_eq(write(c->wake[1], "x", 1), 1);
	ck_assert_int_eq(pthread_join(c->thread, NULL), 0);
	for (int i = 0; i < CANNEDSRV_NADDR; i++) {
		close(c->udp[i]);
		close(c->tcp[i]);
	}
	for (int i = 0; i < CS_MAXCONN; i++)
		if (c->conn[i].fd >= 0)
			close(c->conn[i].fd);
	close(c->wake[0]);
	close(c->wake[1]);
	for (size_t i = 0; i < c->nprep; i++)
		for (int s = 0; s < 3; s++)
			ldns_rr_list_deep_free(c->prep[i].sec[s]);
	free(c->prep);
	free(c->log);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

uint16_t
cannedsrv_port(const struct cannedsrv *c)
{
	return c->port;
}

struct th_addr
cannedsrv_addr(const struct cannedsrv *c, const char *ip)
{
	struct th_addr a;

	(void)cannedsrv_index(ip);
	ck_assert_int_eq(th_addr_parse(&a, ip, c->port), 0);
	return a;
}

unsigned
cannedsrv_count(struct cannedsrv *c, int srv)
{
	unsigned n;

	ck_assert(srv >= 0 && srv < CANNEDSRV_NADDR);
	pthread_mutex_lock(&c->mu);
	n = c->count[srv];
	pthread_mutex_unlock(&c->mu);
	return n;
}

unsigned
cannedsrv_count_q(struct cannedsrv *c, int srv, const struct th_dname *qname,
                  uint16_t qtype)
{
	unsigned n = 0;

	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->nlog; i++) {
		const struct cannedsrv_query *e = &c->log[i];

		if ((srv < 0 || e->srv == srv) &&
		    (qtype == 0 || e->qtype == qtype) &&
		    (qname == NULL || th_dname_equal(&e->qname, qname)))
			n++;
	}
	pthread_mutex_unlock(&c->mu);
	return n;
}

unsigned
cannedsrv_count_wire(struct cannedsrv *c, int srv, bool tcp,
                     const uint8_t *wire, size_t len)
{
	unsigned n = 0;

	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->nlog; i++) {
		const struct cannedsrv_query *e = &c->log[i];

		if ((srv < 0 || e->srv == srv) && e->tcp == tcp &&
		    e->len == len && len >= 2 &&
		    memcmp(e->wire + 2, wire + 2, len - 2) == 0)
			n++;
	}
	pthread_mutex_unlock(&c->mu);
	return n;
}

size_t
cannedsrv_nlog(struct cannedsrv *c)
{
	size_t n;

	pthread_mutex_lock(&c->mu);
	n = c->nlog;
	pthread_mutex_unlock(&c->mu);
	return n;
}

bool
cannedsrv_log(struct cannedsrv *c, size_t i, struct cannedsrv_query *out)
{
	bool ok;

	pthread_mutex_lock(&c->mu);
	ok = i < c->nlog;
	if (ok)
		*out = c->log[i];
	pthread_mutex_unlock(&c->mu);
	return ok;
}

void
cannedsrv_dump(struct cannedsrv *c, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->nlog && used + 1 < size; i++) {
		char name[TH_DNAME_STRLEN], tb[16];
		int w;

		if (th_dname_to_str(&c->log[i].qname, name, sizeof(name)) != 0)
			name[0] = '\0';
		w = snprintf(out + used, size - used, "%s%d:%s/%s%s",
		             i > 0 ? " " : "", c->log[i].srv + 1, name,
		             th_rrtype_name(c->log[i].qtype, tb, sizeof(tb)),
		             c->log[i].tcp ? "+tcp" : "");
		if (w < 0)
			break;
		used += (size_t)w;
	}
	pthread_mutex_unlock(&c->mu);
}
