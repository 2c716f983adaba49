/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_worker.c -- a crawl worker: one libuv loop with one transport,
 * resolver, chain of trust and server set shared by all its probes.
 *
 * It asks the coordinator for a batch (REQ), keeps up to --inflight
 * domains probing, asks for the next batch before the current ones run
 * dry, and sends each finished batch (every domain's record, in the
 * batch's order, and the server facts its probes measured) back as one
 * RESULT. ZeroMQ's socket is watched by a uv_poll on its descriptor and,
 * since that descriptor is edge-triggered, by a short timer as well.
 */
#include "crawler/cmd_worker.h"

#include "common/err.h"
#include "common/log.h"
#include "crawler/crawlopt.h"
#include "crawler/judge.h"
#include "crawler/srvset.h"
#include "crawler/wire.h"
#include "crawler/zmqx.h"
#include "engine/dnssec_sig.h"
#include "engine/engine.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

struct wbatch {
	uint64_t id;
	uint32_t lease;
	size_t n, started, left;
	struct th_dname *names;
	struct th_buf *rec;    /* n records, by position */
	struct th_buf servers; /* wire server entries */
	size_t nsrv;
	struct wbatch *next;
};

struct wdomain {
	struct worker *w;
	struct wbatch *b;
	size_t idx;
};

struct worker {
	struct th_crawlopt *o;
	uv_loop_t loop;
	uv_poll_t poll;
	uv_timer_t tick;
	uv_signal_t sigterm, sigint;
	struct th_zmqx *z;
	struct th_zmqx_sock *sock;
	struct th_transport *t;
	struct th_resolver *r;
	struct th_srvset *probed;
	struct th_probe_conf pconf;
	struct wbatch *head, *tail;
	size_t unstarted; /* domains received, not yet started */
	unsigned inflight;
	bool requested, done, closing;
	uint64_t wait_until; /* after WAIT: no REQ before (loop ms) */
	uint64_t req_at;     /* when the pending REQ went out */
	uint64_t domains;
	struct th_buf msg;
	int rc;
};

static void
worker_usage(FILE *out)
{
	fprintf(out, "usage: tldhealth worker --connect ENDPOINT [options]\n"
	             "\n"
	             "Probe batches of a running crawl (tldhealth crawl "
	             "--listen ENDPOINT).\n"
	             "\n"
	             "  --connect ENDPOINT  the coordinator (tcp://HOST:PORT)\n"
	             "  --curve-key FILE    our key pair (tldhealth keygen); "
	             "needed for an\n"
	             "                      endpoint that is not loopback\n"
	             "  --server-key FILE   the coordinator's public key\n");
	th_crawlopt_usage(out);
}

static void counters(struct worker *w, struct th_wire_counters *c);

static void
send_msg(struct worker *w)
{
	int rc = th_zmqx_send(w->sock, th_buf_data(&w->msg),
	                      th_buf_len(&w->msg), false, false);

	if (rc != 0)
		th_log(TH_LOG_WARN, "worker: send: %s", th_strerror(rc));
}

static void
request(struct worker *w)
{
	struct th_wire_counters c;

	if (w->requested || w->done || w->closing ||
	    uv_now(&w->loop) < w->wait_until)
		return;
	/* Ask ahead: a batch's round trip should not leave slots idle. */
	if (w->unstarted > w->o->parallel)
		return;
	counters(w, &c);
	if (th_wire_req_encode(&c, &w->msg) != 0)
		return;
	w->requested = true;
	w->req_at = uv_now(&w->loop);
	send_msg(w);
}

/* What the transport did, for whoever tunes a crawl: one line at the end. */
static void
log_transport(struct worker *w)
{
	struct th_transport_stats ts;

	th_transport_stats(w->t, &ts);
	th_log(
	    TH_LOG_INFO,
	    "worker: %llu domains; sent %llu UDP (%llu system calls), "
	    "%llu TCP (%llu connections, %llu writes), %llu retries, "
	    "%llu timeouts; "
	    "%llu cache hits, %llu joined; %llu back-offs, %llu rate waits; "
	    "dropped %llu (source), %llu (ID)",
	    (unsigned long long)w->domains, (unsigned long long)ts.sent_udp,
	    (unsigned long long)ts.udp_syscalls,
	    (unsigned long long)ts.sent_tcp,
	    (unsigned long long)ts.tcp_connects,
	    (unsigned long long)ts.tcp_writes, (unsigned long long)ts.retries,
	    (unsigned long long)ts.outcomes[TH_OUT_TIMEOUT],
	    (unsigned long long)ts.cache_hits,
	    (unsigned long long)ts.dedup_joins, (unsigned long long)ts.backoffs,
	    (unsigned long long)ts.rate_waits,
	    (unsigned long long)ts.drop_source, (unsigned long long)ts.drop_id);
}

static void
shutdown_all(struct worker *w)
{
	if (w->closing)
		return;
	w->closing = true;
	uv_poll_stop(&w->poll);
	uv_close((uv_handle_t *)&w->poll, NULL);
	uv_close((uv_handle_t *)&w->tick, NULL);
	uv_close((uv_handle_t *)&w->sigterm, NULL);
	uv_close((uv_handle_t *)&w->sigint, NULL);
	if (w->t != NULL)
		log_transport(w);
	if (w->r != NULL)
		th_resolver_close(w->r);
	if (w->t != NULL)
		th_transport_close(w->t);
}

static void
busiest_fn(const struct th_server_stats *s, void *arg)
{
	uint64_t *max = arg;

	if (s->sent > *max)
		*max = s->sent;
}

static void
counters(struct worker *w, struct th_wire_counters *c)
{
	struct th_transport_stats ts;

	memset(c, 0, sizeof(*c));
	c->domains = w->domains;
	c->inflight = w->inflight;
	c->pid = (uint32_t)getpid();
	if (w->t == NULL)
		return;
	th_transport_stats(w->t, &ts);
	c->queries = ts.sent_udp + ts.sent_tcp;
	c->timeouts = ts.outcomes[TH_OUT_TIMEOUT];
	th_transport_foreach_server(w->t, busiest_fn, &c->busiest);
}

static void
batch_free(struct wbatch *b)
{
	for (size_t i = 0; i < b->n; i++)
		th_buf_free(&b->rec[i]);
	free(b->rec);
	free(b->names);
	th_buf_free(&b->servers);
	free(b);
}

/* Every domain of b is in: one RESULT, in the batch's order. */
static void
batch_send(struct worker *w, struct wbatch *b)
{
	struct th_wire_counters c;
	int rc;

	if ((rc = th_wire_result_begin(&w->msg, b->id, b->lease)) != 0)
		goto out;
	for (size_t i = 0; i < b->n && rc == 0; i++)
		rc = th_wire_result_add(&w->msg, &b->names[i],
		                        th_buf_data(&b->rec[i]),
		                        th_buf_len(&b->rec[i]));
	counters(w, &c);
	if (rc == 0)
		rc = th_wire_result_finish(&w->msg, b->n, &b->servers, b->nsrv,
		                           &c);
	if (rc == 0)
		send_msg(w);
out:
	if (rc != 0)
		/* The lease expires and another worker tries. */
		th_log(TH_LOG_WARN, "worker: batch %llu: %s",
		       (unsigned long long)b->id, th_strerror(rc));
}

static void fill(struct worker *w);

/* One domain judged (ev NULL: it could not be probed). */
static void
domain_done(struct wdomain *d, struct th_evidence *ev)
{
	struct worker *w = d->w;
	struct wbatch *b = d->b;
	struct th_report rep;
	struct th_dsig_keyring keys = TH_DSIG_KEYRING_INIT;
	struct th_judged j;
	int rc;

	if ((rc = th_report_init(&rep, &w->o->profile)) == 0) {
		if (ev != NULL) {
			th_engine_run(ev, &w->o->econf, &rep, &keys);
			rc = th_judge_encode(&b->names[d->idx], &rep, ev, &keys,
			                     &j);
			for (size_t i = 0; rc == 0 && i < j.nsrv; i++) {
				rc = th_wire_server_add(
				    &b->servers, &j.srv[i].addr, j.srv[i].rec,
				    j.srv[i].len);
				b->nsrv += rc == 0;
			}
			if (rc == 0)
				rc = th_buf_append(&b->rec[d->idx],
				                   th_buf_data(&j.rec),
				                   th_buf_len(&j.rec));
			th_judge_free(&j);
			th_dsig_keyring_free(&keys);
		} else {
			rc = th_record_encode(&b->names[d->idx], w->pconf.now,
			                      &rep, NULL, &b->rec[d->idx]);
		}
		th_report_free(&rep);
	}
	if (rc != 0)
		th_log(TH_LOG_WARN, "worker: a domain of batch %llu: %s",
		       (unsigned long long)b->id, th_strerror(rc));
	free(d);
	w->inflight--;
	w->domains++;
	if (--b->left == 0) {
		struct wbatch **pp = &w->head, *prev = NULL;

		batch_send(w, b);
		while (*pp != b) {
			prev = *pp;
			pp = &(*pp)->next;
		}
		*pp = b->next;
		if (w->tail == b)
			w->tail = prev;
		batch_free(b);
	}
	fill(w);
}

static void
on_evidence(void *arg, struct th_evidence *ev)
{
	struct wdomain *d = arg;

	if (d->w->closing) {
		th_ev_free(ev);
		free(ev);
		free(d);
		return;
	}
	domain_done(d, ev);
	th_ev_free(ev);
	free(ev);
}

/* Start domains while there is room, then ask for more work. */
static void
fill(struct worker *w)
{
	for (struct wbatch *b = w->head; b != NULL && !w->closing;
	     b = b->next) {
		while (b->started < b->n && w->inflight < w->o->parallel) {
			struct wdomain *d = calloc(1, sizeof(*d));

			if (d == NULL)
				break;
			d->w = w;
			d->b = b;
			d->idx = b->started++;
			w->unstarted--;
			w->inflight++;
			if (th_probe_start(w->t, w->r, &b->names[d->idx],
			                   &w->pconf, on_evidence, d) != 0)
				domain_done(d, NULL);
		}
	}
	if (!w->closing && w->done && w->head == NULL)
		shutdown_all(w);
	else
		request(w);
}

/* The first batch brings the run's time: the chain of trust needs it. */
static int
start_engine(struct worker *w, uint64_t now)
{
	struct th_chain_conf cc;
	int rc;

	w->pconf = w->o->pconf;
	w->pconf.now = now;
	cc.anchor = &w->o->anchor;
	cc.now = now;
	cc.ipv4 = w->pconf.ipv4;
	cc.ipv6 = w->pconf.ipv6;
	if ((rc = th_transport_create(&w->t, &w->loop, &w->o->tconf)) != 0 ||
	    (rc = th_resolver_create(&w->r, w->t, &w->o->hints,
	                             &w->o->rconf)) != 0 ||
	    (rc = th_srvset_create(&w->probed)) != 0 ||
	    (rc = th_chain_create(&w->pconf.chain, w->t, w->r, &cc)) != 0)
		return rc;
	w->pconf.probed = w->probed;
	return 0;
}

static void
on_batch(struct worker *w, const void *p, size_t len)
{
	struct th_wire_batch wb;
	struct wbatch *b;

	if (th_wire_batch_decode(p, len, &wb) != 0) {
		th_log(TH_LOG_WARN, "worker: malformed batch dropped");
		return;
	}
	if (w->t == NULL && (w->rc = start_engine(w, wb.now)) != 0) {
		th_log(TH_LOG_ERROR, "worker: %s", th_strerror(w->rc));
		free(wb.names);
		shutdown_all(w);
		return;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->rec = calloc(wb.n, sizeof(*b->rec))) == NULL) {
		free(b);
		free(wb.names);
		return;
	}
	b->id = wb.id;
	b->lease = wb.lease;
	b->n = b->left = wb.n;
	b->names = wb.names;
	for (size_t i = 0; i < b->n; i++)
		th_buf_init(&b->rec[i], TH_WIRE_MAXREC);
	th_buf_init(&b->servers, TH_WIRE_MAXMSG);
	if (w->tail != NULL)
		w->tail->next = b;
	else
		w->head = b;
	w->tail = b;
	w->unstarted += b->n;
}

static void
drain(struct worker *w)
{
	struct th_buf in = TH_BUF_INIT(TH_WIRE_MAXMSG);
	bool more;

	while (!w->closing && th_zmqx_readable(w->sock)) {
		uint32_t ms;

		if (th_zmqx_recv(w->sock, &in, &more, true) != 0)
			break;
		if (more)
			th_zmqx_drain(w->sock);
		switch (th_wire_type(th_buf_data(&in), th_buf_len(&in))) {
		case TH_WIRE_BATCH:
			w->requested = false;
			on_batch(w, th_buf_data(&in), th_buf_len(&in));
			break;
		case TH_WIRE_WAIT:
			w->requested = false;
			if (th_wire_wait_decode(th_buf_data(&in),
			                        th_buf_len(&in), &ms) == 0)
				w->wait_until = uv_now(&w->loop) +
				                (ms > 60000 ? 60000 : ms);
			break;
		case TH_WIRE_DONE:
			w->requested = false;
			w->done = true;
			break;
		default:
			th_log(TH_LOG_WARN, "worker: unknown message dropped");
		}
	}
	th_buf_free(&in);
	if (!w->closing && w->t != NULL)
		fill(w);
	else if (!w->closing)
		request(w);
	if (!w->closing && w->done && w->head == NULL)
		shutdown_all(w);
}

static void
on_poll(uv_poll_t *h, int status, int events)
{
	(void)status;
	(void)events;
	drain(h->data);
}

/*
 * A coordinator that stays silent for this long after a request is gone
 * (a remote worker has no parent to die with).
 */
#define WORKER_SILENCE_MS 60000

static void
on_tick(uv_timer_t *h)
{
	struct worker *w = h->data;

	drain(w);
	if (!w->closing && w->requested && w->head == NULL &&
	    uv_now(&w->loop) - w->req_at > WORKER_SILENCE_MS) {
		th_log(TH_LOG_ERROR, "worker: no answer from the coordinator "
		                     "for 60 s; exiting");
		w->rc = TH_EMQ;
		shutdown_all(w);
	}
}

/* Stop now: unfinished batches go back to the pool when leases expire. */
static void
on_signal(uv_signal_t *h, int sig)
{
	struct worker *w = h->data;

	(void)sig;
	w->done = true;
	shutdown_all(w);
}

/* Read a key file: one Z85 key per line, public first, then secret. */
static int
read_keys(const char *path, char pub[TH_ZMQX_KEYLEN], char sec[TH_ZMQX_KEYLEN])
{
	FILE *f = fopen(path, "r");
	char line[256];
	int n = 0;

	if (f == NULL)
		return TH_EIO;
	while (n < 2 && fgets(line, sizeof(line), f) != NULL) {
		size_t len = strcspn(line, "\r\n");

		if (line[0] == '#' || len == 0)
			continue;
		if (len != TH_ZMQX_KEYLEN - 1)
			break;
		line[len] = '\0';
		memcpy(n == 0 ? pub : sec, line, TH_ZMQX_KEYLEN);
		n++;
	}
	fclose(f);
	return n >= 1 ? 0 : TH_ESYNTAX;
}

int
th_cmd_worker(int argc, char **argv)
{
	enum { O_CONNECT = 256, O_PARENT, O_KEY, O_SKEY, O_HELP };
	struct option opts[TH_CRAWLOPT_MAX + 8];
	size_t n = th_crawlopt_table(opts);
	struct th_crawlopt o;
	struct worker w;
	const char *connect = NULL, *key_path = NULL, *skey_path = NULL;
	char pub[TH_ZMQX_KEYLEN] = "", sec[TH_ZMQX_KEYLEN] = "";
	char spub[TH_ZMQX_KEYLEN] = "", ssec[TH_ZMQX_KEYLEN] = "";
	struct th_zmqx_curve curve = {pub, sec, spub};
	char err[512];
	long parent = 0;
	int c, fd, rc;

	opts[n++] =
	    (struct option){"connect", required_argument, NULL, O_CONNECT};
	opts[n++] =
	    (struct option){"parent-pid", required_argument, NULL, O_PARENT};
	opts[n++] =
	    (struct option){"curve-key", required_argument, NULL, O_KEY};
	opts[n++] =
	    (struct option){"server-key", required_argument, NULL, O_SKEY};
	opts[n++] = (struct option){"help", no_argument, NULL, O_HELP};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	th_crawlopt_default(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (th_crawlopt_is(c)) {
			if (th_crawlopt_set(&o, c, optarg, err, sizeof(err)) !=
			    0) {
				fprintf(stderr, "worker: %s\n", err);
				return 2;
			}
			continue;
		}
		switch (c) {
		case O_CONNECT:
			connect = optarg;
			break;
		case O_PARENT:
			parent = strtol(optarg, NULL, 10);
			break;
		case O_KEY:
			key_path = optarg;
			break;
		case O_SKEY:
			skey_path = optarg;
			break;
		case O_HELP:
		case 'h':
			worker_usage(stdout);
			return 0;
		default:
			worker_usage(stderr);
			return 2;
		}
	}
	if (connect == NULL || optind != argc) {
		worker_usage(stderr);
		return 2;
	}
	/* Started by a crawl: die with it, even by kill -9. */
	if (parent > 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != (pid_t)parent)
			return 1;
	}
	if ((key_path != NULL) != (skey_path != NULL)) {
		fprintf(stderr, "worker: --curve-key and --server-key go "
		                "together\n");
		return 2;
	}
	if (key_path != NULL &&
	    (read_keys(key_path, pub, sec) != 0 || sec[0] == '\0' ||
	     read_keys(skey_path, spub, ssec) != 0)) {
		fprintf(stderr, "worker: cannot read the CURVE keys (%s, %s)\n",
		        key_path, skey_path);
		return 2;
	}
	if (th_crawlopt_load(&o, err, sizeof(err)) != 0) {
		fprintf(stderr, "worker: %s\n", err);
		return 2;
	}
	memset(&w, 0, sizeof(w));
	w.o = &o;
	th_buf_init(&w.msg, TH_WIRE_MAXMSG);
	if ((rc = th_zmqx_create(&w.z)) != 0 ||
	    (rc = th_zmqx_sock_open(&w.sock, w.z, TH_ZMQX_DEALER, 2000,
	                            key_path ? &curve : NULL)) != 0 ||
	    (rc = th_zmqx_connect(w.sock, connect)) != 0 ||
	    (rc = th_zmqx_fd(w.sock, &fd)) != 0) {
		fprintf(stderr, "worker: %s: %s\n", connect, th_strerror(rc));
		th_zmqx_sock_close(&w.sock);
		th_zmqx_destroy(&w.z);
		th_crawlopt_free(&o);
		return 1;
	}
	uv_loop_init(&w.loop);
	uv_poll_init(&w.loop, &w.poll, fd);
	w.poll.data = &w;
	uv_poll_start(&w.poll, UV_READABLE, on_poll);
	uv_timer_init(&w.loop, &w.tick);
	w.tick.data = &w;
	uv_timer_start(&w.tick, on_tick, 20, 20);
	uv_signal_init(&w.loop, &w.sigterm);
	w.sigterm.data = &w;
	uv_signal_start(&w.sigterm, on_signal, SIGTERM);
	uv_signal_init(&w.loop, &w.sigint);
	w.sigint.data = &w;
	uv_signal_start(&w.sigint, on_signal, SIGINT);
	request(&w);
	uv_run(&w.loop, UV_RUN_DEFAULT);
	uv_loop_close(&w.loop);
	while (w.head != NULL) {
		struct wbatch *b = w.head;

		w.head = b->next;
		batch_free(b);
	}
	th_chain_free(w.pconf.chain);
	th_srvset_free(w.probed);
	th_zmqx_sock_close(&w.sock);
	th_zmqx_destroy(&w.z);
	th_buf_free(&w.msg);
	th_crawlopt_free(&o);
	return w.rc != 0 ? 1 : 0;
}
