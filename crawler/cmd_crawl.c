/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_crawl.c -- the crawl's coordinator (docs/crawl.md).
 *
 * One command on one machine: the coordinator (this process) reads the
 * input, drops what the store already holds for the run (resume), groups
 * the rest into batches by NS set (crawler/coord), and starts the sink
 * and --workers worker processes (fork and exec of this binary), all
 * linked by ZeroMQ over ipc:// endpoints in a private directory:
 *
 *   workers --DEALER/ROUTER--> coordinator --PUSH/PULL--> sink
 *   sink    --PUSH/PULL------> coordinator   (acknowledgements)
 *
 * Workers ask for batches and send results to the coordinator, which
 * checks them against the batch and passes them on; the sink commits a
 * batch, then acknowledges it. The coordinator counts a domain at its
 * batch's first acknowledgement. Children die with the coordinator
 * (PR_SET_PDEATHSIG); a dead worker's leases are re-issued at once, a
 * dead sink's unacknowledged batches too, and both are started again.
 */
#include "crawler/cmd_crawl.h"

#include "common/err.h"
#include "common/log.h"
#include "crawler/coord.h"
#include "crawler/crawlopt.h"
#include "crawler/domlist.h"
#include "crawler/wire.h"
#include "crawler/zmqx.h"
#include "crawler/zonefile.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXARGS 96
#define MAXPEERS 1024
#define MAXCHILD 257

enum child_kind { CHILD_SINK, CHILD_WORKER };

struct child {
	pid_t pid;
	enum child_kind kind;
	bool alive;
	long hwm_kb; /* last peak RSS read */
};

struct peer {
	uint8_t id[256];
	size_t idlen;
	struct th_zmqx_sock *sock; /* where it talks to us */
	struct th_wire_counters c;
};

struct crawl {
	const char *db, *run, *zone, *list, *listen, *key_path;
	unsigned workers, batch;
	uint64_t lease_ms;
	unsigned long long max_mapsize;
	uint64_t vnow; /* the run's validation time */
	bool progress_tty;
	unsigned progress_s;
	/* Options passed on to the workers as given. */
	char *pass[MAXARGS];
	char passname[MAXARGS][32];
	size_t npass;
	struct th_coord *co;
	uint64_t resumed, total;
	struct th_zmqx *z;
	struct th_zmqx_sock *router, *remote, *tosink, *acks;
	char dir[64], ep_coord[128], ep_sink[128], ep_ack[128];
	struct peer *peers;
	size_t npeers;
	struct child child[MAXCHILD];
	size_t nchild;
	unsigned respawns;
	bool stopping, closing, failed, interrupted;
	uint64_t start_ms, last_progress;
	struct th_buf msg, out;
};

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
crawl_usage(FILE *out)
{
	fprintf(out,
	        "usage: tldhealth crawl [options] (--zone FILE | --list FILE)\n"
	        "\n"
	        "Survey every domain of a zone file or a list into the "
	        "store.\n"
	        "\n"
	        "  --zone FILE        a TLD zone file (delegations, NS sets)\n"
	        "  --list FILE        a list of domain names, one a line\n"
	        "  --db DIR           the store (default " TH_STORE_DEFAULT_DIR
	        ")\n"
	        "  --run ID           the run (default: today, YYYY-MM-DD); "
	        "an existing\n"
	        "                     run is resumed\n"
	        "  --workers N        worker processes (default: cores)\n"
	        "  --batch N          domains per batch (default 32)\n"
	        "  --lease S          seconds a batch stays with a worker "
	        "(default 300)\n"
	        "  --now TIME         validation time (epoch seconds; "
	        "default: the run's\n"
	        "                     creation)\n"
	        "  --listen ENDPOINT  also accept remote workers "
	        "(tcp://ADDR:PORT)\n"
	        "  --curve-key FILE   our CURVE key pair (tldhealth keygen); "
	        "needed when\n"
	        "                     --listen is not loopback\n"
	        "  --progress S       seconds between log lines off a "
	        "terminal (default 5)\n"
	        "  --max-mapsize N    store size limit in bytes (default "
	        "1 TiB)\n");
	th_crawlopt_usage(out);
}

/* ---- input -------------------------------------------------------------- */

static void
zf_error(void *arg, const struct th_zonefile_error *e)
{
	(void)arg;
	th_zonefile_error_print(stderr, e);
}

static void
dl_error(void *arg, const struct th_domlist_error *e)
{
	(void)arg;
	fprintf(stderr, "%s:%lu: %s (%s): %s\n", e->file, e->line, e->text,
	        e->reason, e->input);
}

static int
exists_fn(void *arg, const void *rec, size_t len)
{
	(void)arg;
	(void)rec;
	(void)len;
	return 0;
}

/* Add a domain unless the run has it already. */
static int
add_domain(struct crawl *cr, struct th_store *s, const struct th_dname *d,
           uint64_t group)
{
	cr->total++;
	if (th_store_get_result(s, cr->run, d, exists_fn, NULL) == 0) {
		cr->resumed++;
		return 0;
	}
	return th_coord_add(cr->co, d, group);
}

/* The NS set's key: order does not matter, case does not either. */
static uint64_t
ns_group(const struct th_zonefile_deleg *d)
{
	uint64_t g = 0;

	for (unsigned i = 0; i < d->nns; i++) {
		struct th_dname n = d->ns[i];

		th_dname_canonicalize(&n);
		g += th_dname_hash(&n, 0x7468636f6f7264ULL, 0x6e737365746bULL);
	}
	return g == 0 ? 1 : g;
}

static int
read_input(struct crawl *cr, struct th_store *s)
{
	int rc;

	if (cr->zone != NULL) {
		struct th_zonefile_conf zc = {0};
		struct th_zonefile *zf;
		struct th_zonefile_delegs *dl;
		struct th_zonefile_delegs_stats st;
		const struct th_zonefile_deleg *d;

		zc.on_error = zf_error;
		if ((rc = th_zonefile_open(&zf, cr->zone, &zc)) != 0) {
			fprintf(stderr, "crawl: %s: %s\n", cr->zone,
			        th_strerror(rc));
			return rc;
		}
		rc = th_zonefile_delegs_read(&dl, zf, NULL);
		th_zonefile_destroy(&zf);
		if (rc != 0) {
			fprintf(stderr, "crawl: %s: %s\n", cr->zone,
			        rc == TH_ENOTFOUND ? "no SOA record"
			                           : th_strerror(rc));
			return rc;
		}
		while ((rc = th_zonefile_delegs_next(dl, &d)) == 0 &&
		       d != NULL) {
			struct th_dname n = d->name;

			th_dname_canonicalize(&n);
			if ((rc = add_domain(cr, s, &n, ns_group(d))) != 0)
				break;
		}
		th_zonefile_delegs_stats(dl, &st);
		if (st.file.skipped > 0)
			fprintf(stderr, "crawl: %s: %llu records skipped\n",
			        cr->zone, (unsigned long long)st.file.skipped);
		th_zonefile_delegs_destroy(&dl);
	} else {
		struct th_domlist *dl;
		struct th_domlist_stats st;
		const struct th_dname *d;

		if ((rc = th_domlist_open(&dl, cr->list, dl_error, NULL)) !=
		    0) {
			fprintf(stderr, "crawl: %s: %s\n", cr->list,
			        th_strerror(rc));
			return rc;
		}
		while ((rc = th_domlist_next(dl, &d)) == 0 && d != NULL)
			if ((rc = add_domain(cr, s, d, 0)) != 0)
				break;
		th_domlist_stats(dl, &st);
		if (st.skipped > 0 || st.duplicates > 0)
			fprintf(stderr,
			        "crawl: %s: %llu lines skipped, %llu "
			        "duplicates\n",
			        cr->list, (unsigned long long)st.skipped,
			        (unsigned long long)st.duplicates);
		th_domlist_destroy(&dl);
	}
	if (rc != 0)
		fprintf(stderr, "crawl: reading the input: %s\n",
		        th_strerror(rc));
	return rc;
}

/* ---- children ----------------------------------------------------------- */

static int
spawn(struct crawl *cr, enum child_kind kind)
{
	char *argv[MAXARGS + 24];
	char ppid[24], mapsz[32];
	size_t n = 0;
	struct child *ch = NULL;
	pid_t pid;

	for (size_t i = 0; i < cr->nchild; i++)
		if (!cr->child[i].alive) {
			ch = &cr->child[i];
			break;
		}
	if (ch == NULL) {
		if (cr->nchild == MAXCHILD)
			return TH_ETOOBIG;
		ch = &cr->child[cr->nchild++];
	}
	snprintf(ppid, sizeof(ppid), "%ld", (long)getpid());
	snprintf(mapsz, sizeof(mapsz), "%llu", cr->max_mapsize);
	argv[n++] = "tldhealth";
	if (kind == CHILD_SINK) {
		argv[n++] = "sink";
		argv[n++] = "--in";
		argv[n++] = cr->ep_sink;
		argv[n++] = "--ack";
		argv[n++] = cr->ep_ack;
		argv[n++] = "--db";
		argv[n++] = (char *)cr->db;
		argv[n++] = "--run";
		argv[n++] = (char *)cr->run;
		if (cr->max_mapsize > 0) {
			argv[n++] = "--max-mapsize";
			argv[n++] = mapsz;
		}
	} else {
		argv[n++] = "worker";
		argv[n++] = "--connect";
		argv[n++] = cr->ep_coord;
		for (size_t i = 0; i < cr->npass; i++)
			argv[n++] = cr->pass[i];
	}
	argv[n++] = "--parent-pid";
	argv[n++] = ppid;
	argv[n] = NULL;
	fflush(NULL);
	if ((pid = fork()) < 0)
		return th_from_errno(errno);
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	ch->pid = pid;
	ch->kind = kind;
	ch->alive = true;
	ch->hwm_kb = 0;
	return 0;
}

static long
peak_rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static void
signal_children(struct crawl *cr, enum child_kind kind, int sig)
{
	for (size_t i = 0; i < cr->nchild; i++)
		if (cr->child[i].alive && cr->child[i].kind == kind) {
			long kb = peak_rss_kb(cr->child[i].pid);

			if (kb > cr->child[i].hwm_kb)
				cr->child[i].hwm_kb = kb;
			kill(cr->child[i].pid, sig);
		}
}

static struct peer *
peer_by_pid(struct crawl *cr, pid_t pid)
{
	for (size_t i = 0; i < cr->npeers; i++)
		if (cr->peers[i].c.pid == (uint32_t)pid)
			return &cr->peers[i];
	return NULL;
}

/* Reap the children that ended; start them again while the run goes on. */
static void
reap(struct crawl *cr)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (size_t i = 0; i < cr->nchild; i++) {
			struct child *ch = &cr->child[i];
			struct peer *p;

			if (!ch->alive || ch->pid != pid)
				continue;
			ch->alive = false;
			if (cr->closing)
				break;
			if (ch->kind == CHILD_WORKER) {
				size_t n = 0;

				if ((p = peer_by_pid(cr, pid)) != NULL) {
					n = th_coord_release(
					    cr->co, (uint64_t)(p - cr->peers));
					/* Its totals stay counted. */
					p->c.inflight = 0;
					p->c.pid = 0;
				}
				th_log(TH_LOG_WARN,
				       "crawl: worker %ld ended (status %d); "
				       "%zu batches re-issued",
				       (long)pid, status, n);
			} else {
				size_t n = th_coord_sink_lost(cr->co);

				th_log(TH_LOG_WARN,
				       "crawl: sink %ld ended (status %d); "
				       "%zu batches re-issued",
				       (long)pid, status, n);
			}
			if (cr->respawns++ < 4 * cr->workers + 8) {
				if (spawn(cr, ch->kind) != 0)
					th_log(TH_LOG_ERROR,
					       "crawl: cannot restart a child");
			} else {
				fprintf(stderr, "crawl: children keep dying; "
				                "stopping\n");
				cr->failed = cr->stopping = true;
			}
			break;
		}
	}
}

/* ---- messages ----------------------------------------------------------- */

static struct peer *
peer_find(struct crawl *cr, struct th_zmqx_sock *sock, const void *id,
          size_t len)
{
	struct peer *p;

	for (size_t i = 0; i < cr->npeers; i++)
		if (cr->peers[i].sock == sock && cr->peers[i].idlen == len &&
		    memcmp(cr->peers[i].id, id, len) == 0)
			return &cr->peers[i];
	if (cr->npeers == MAXPEERS || len > sizeof(p->id))
		return NULL;
	p = &cr->peers[cr->npeers++];
	memset(p, 0, sizeof(*p));
	memcpy(p->id, id, len);
	p->idlen = len;
	p->sock = sock;
	return p;
}

static void
reply(struct crawl *cr, struct peer *p)
{
	int rc;

	if ((rc = th_zmqx_send(p->sock, p->id, p->idlen, true, true)) == 0)
		rc = th_zmqx_send(p->sock, th_buf_data(&cr->out),
		                  th_buf_len(&cr->out), false, true);
	if (rc != 0)
		/* Gone: what it holds goes back at once. */
		th_coord_release(cr->co, (uint64_t)(p - cr->peers));
}

static void
on_req(struct crawl *cr, struct peer *p, const void *m, size_t len)
{
	struct th_coord_lease l;
	struct th_wire_batch b;
	struct th_wire_counters c;

	if (th_wire_req_decode(m, len, &c) != 0)
		return;
	p->c = c;
	if (cr->stopping || cr->closing || th_coord_finished(cr->co)) {
		if (th_wire_done_encode(&cr->out) == 0)
			reply(cr, p);
		return;
	}
	if (th_coord_lease(cr->co, (uint64_t)(p - cr->peers), mono_ms(), &l) !=
	    0) {
		/* All leased: ask again; a lease may expire. */
		if (th_wire_wait_encode(300, &cr->out) == 0)
			reply(cr, p);
		return;
	}
	b.id = l.id;
	b.lease = l.lease;
	b.now = cr->vnow;
	b.n = l.n;
	b.names = (struct th_dname *)l.names;
	if (th_wire_batch_encode(&b, &cr->out) == 0)
		reply(cr, p);
}

static void
on_result(struct crawl *cr, struct peer *p, const void *m, size_t len)
{
	struct th_wire_result r;
	int rc;

	if (th_wire_result_decode(m, len, &r) != 0) {
		th_log(TH_LOG_WARN, "crawl: malformed result dropped");
		return;
	}
	p->c = r.counters;
	rc = th_coord_results(cr->co, r.id, r.domains, r.nres);
	th_wire_result_free(&r);
	if (rc == TH_EEXISTS)
		return;
	if (rc != 0) {
		th_log(TH_LOG_WARN,
		       "crawl: a result for batch %llu that does not match "
		       "it dropped",
		       (unsigned long long)r.id);
		return;
	}
	if (th_zmqx_send(cr->tosink, m, len, false, true) != 0)
		/* No sink right now: the batch goes round again. */
		th_coord_sink_lost(cr->co);
}

static void
read_router(struct crawl *cr, struct th_zmqx_sock *sock)
{
	struct th_buf id = TH_BUF_INIT(256);
	bool more;

	while (th_zmqx_recv(sock, &id, &more, true) == 0) {
		struct peer *p;

		if (!more)
			continue;
		if (th_zmqx_recv(sock, &cr->msg, &more, true) != 0)
			break;
		if (more)
			th_zmqx_drain(sock);
		if ((p = peer_find(cr, sock, th_buf_data(&id),
		                   th_buf_len(&id))) == NULL)
			continue;
		switch (
		    th_wire_type(th_buf_data(&cr->msg), th_buf_len(&cr->msg))) {
		case TH_WIRE_REQ:
			on_req(cr, p, th_buf_data(&cr->msg),
			       th_buf_len(&cr->msg));
			break;
		case TH_WIRE_RESULT:
			on_result(cr, p, th_buf_data(&cr->msg),
			          th_buf_len(&cr->msg));
			break;
		default:
			th_log(TH_LOG_WARN, "crawl: unknown message dropped");
		}
	}
	th_buf_free(&id);
}

static void
read_acks(struct crawl *cr)
{
	bool more;

	while (th_zmqx_recv(cr->acks, &cr->msg, &more, true) == 0) {
		struct th_wire_ack a;

		if (more)
			th_zmqx_drain(cr->acks);
		if (th_wire_ack_decode(th_buf_data(&cr->msg),
		                       th_buf_len(&cr->msg), &a) != 0)
			continue;
		if (a.status == 0) {
			th_coord_ack(cr->co, a.id);
			continue;
		}
		fprintf(stderr,
		        "crawl: the store cannot take batch %llu: %s%s\n",
		        (unsigned long long)a.id, th_strerror(a.status),
		        a.status == TH_ESTOREFULL
		            ? " (free space, then run the same crawl again "
		              "with --run to resume)"
		            : "");
		cr->failed = cr->stopping = true;
	}
}

/* ---- progress ----------------------------------------------------------- */

struct totals {
	uint64_t done, queries, timeouts, busiest;
	uint32_t inflight;
};

static void
totals(struct crawl *cr, struct totals *t)
{
	struct th_coord_stats st;

	memset(t, 0, sizeof(*t));
	th_coord_stats(cr->co, &st);
	t->done = st.done_domains;
	for (size_t i = 0; i < cr->npeers; i++) {
		t->queries += cr->peers[i].c.queries;
		t->timeouts += cr->peers[i].c.timeouts;
		t->inflight += cr->peers[i].c.inflight;
		if (cr->peers[i].c.busiest > t->busiest)
			t->busiest = cr->peers[i].c.busiest;
	}
}

static void
progress(struct crawl *cr, const struct th_crawlopt *o, bool final)
{
	uint64_t now = mono_ms();
	unsigned every = cr->progress_tty ? 1000 : cr->progress_s * 1000;
	struct totals t;
	double el, rate, qrate, eta, bound = 0;
	char etas[32] = "-", bounds[48] = "-";

	if (!final && now - cr->last_progress < every)
		return;
	cr->last_progress = now;
	totals(cr, &t);
	el = (double)(now - cr->start_ms) / 1000.0;
	if (el <= 0)
		el = 0.001;
	rate = (double)t.done / el;
	qrate = (double)t.queries / el;
	if (rate > 0) {
		eta = (double)(th_coord_domains(cr->co) - t.done) / rate;
		snprintf(etas, sizeof(etas), "%.0fs", eta);
	}
	/* A server cannot be asked faster than its limit: its queries so
	 * far over the limit bound the run from below. */
	if (o->tconf.server_qps > 0) {
		bound = (double)t.busiest / o->tconf.server_qps;
		snprintf(bounds, sizeof(bounds), "%.0fs (%llu q)", bound,
		         (unsigned long long)t.busiest);
	}
	if (cr->progress_tty && !final)
		fprintf(stderr,
		        "\r\033[K%llu/%llu  %.0f dom/s  %.0f q/s  in flight "
		        "%u  timeouts %llu  ETA %s  busiest server %s",
		        (unsigned long long)(cr->resumed + t.done),
		        (unsigned long long)cr->total, rate, qrate, t.inflight,
		        (unsigned long long)t.timeouts, etas, bounds);
	else
		fprintf(stderr,
		        "%scrawl: %llu/%llu done, %.1f domains/s, %.0f "
		        "queries/s, %u in flight, %llu timeouts, ETA %s, "
		        "busiest server bound %s\n",
		        cr->progress_tty ? "\r\033[K" : "",
		        (unsigned long long)(cr->resumed + t.done),
		        (unsigned long long)cr->total, rate, qrate, t.inflight,
		        (unsigned long long)t.timeouts, etas, bounds);
}

/* ---- run ---------------------------------------------------------------- */

static int
setup_sockets(struct crawl *cr)
{
	struct th_zmqx_curve curve = {NULL, NULL, NULL};
	char pub[TH_ZMQX_KEYLEN], sec[TH_ZMQX_KEYLEN];
	int rc;

	snprintf(cr->dir, sizeof(cr->dir), "/tmp/tldhealth-crawl.XXXXXX");
	if (mkdtemp(cr->dir) == NULL) {
		cr->dir[0] = '\0';
		return th_from_errno(errno);
	}
	snprintf(cr->ep_coord, sizeof(cr->ep_coord), "ipc://%s/coord", cr->dir);
	snprintf(cr->ep_sink, sizeof(cr->ep_sink), "ipc://%s/sink", cr->dir);
	snprintf(cr->ep_ack, sizeof(cr->ep_ack), "ipc://%s/ack", cr->dir);
	if ((rc = th_zmqx_create(&cr->z)) != 0 ||
	    (rc = th_zmqx_sock_open(&cr->router, cr->z, TH_ZMQX_ROUTER, 0,
	                            NULL)) != 0 ||
	    (rc = th_zmqx_sock_open(&cr->tosink, cr->z, TH_ZMQX_PUSH, 0,
	                            NULL)) != 0 ||
	    (rc = th_zmqx_sock_open(&cr->acks, cr->z, TH_ZMQX_PULL, 0, NULL)) !=
	        0 ||
	    (rc = th_zmqx_bind(cr->router, cr->ep_coord)) != 0 ||
	    (rc = th_zmqx_bind(cr->tosink, cr->ep_sink)) != 0 ||
	    (rc = th_zmqx_bind(cr->acks, cr->ep_ack)) != 0)
		return rc;
	if (cr->listen == NULL)
		return 0;
	if (cr->key_path != NULL) {
		FILE *f = fopen(cr->key_path, "r");
		char line[128];
		int n = 0;

		while (f != NULL && n < 2 && fgets(line, sizeof(line), f)) {
			size_t len = strcspn(line, "\r\n");

			if (line[0] == '#' || len != TH_ZMQX_KEYLEN - 1)
				continue;
			line[len] = '\0';
			memcpy(n++ == 0 ? pub : sec, line, TH_ZMQX_KEYLEN);
		}
		if (f != NULL)
			fclose(f);
		if (n != 2) {
			fprintf(stderr,
			        "crawl: %s: no key pair (tldhealth "
			        "keygen)\n",
			        cr->key_path);
			return TH_ECONFIG;
		}
		curve.public_key = pub;
		curve.secret_key = sec;
	}
	if ((rc = th_zmqx_sock_open(&cr->remote, cr->z, TH_ZMQX_ROUTER, 0,
	                            cr->key_path ? &curve : NULL)) != 0 ||
	    (rc = th_zmqx_bind(cr->remote, cr->listen)) != 0)
		fprintf(stderr, "crawl: --listen %s: %s\n", cr->listen,
		        th_strerror(rc));
	return rc;
}

static void
teardown_sockets(struct crawl *cr)
{
	char path[160];

	th_zmqx_sock_close(&cr->router);
	th_zmqx_sock_close(&cr->remote);
	th_zmqx_sock_close(&cr->tosink);
	th_zmqx_sock_close(&cr->acks);
	th_zmqx_destroy(&cr->z);
	if (cr->dir[0] == '\0')
		return;
	for (int i = 0; i < 3; i++) {
		static const char *names[] = {"coord", "sink", "ack"};

		snprintf(path, sizeof(path), "%s/%s", cr->dir, names[i]);
		unlink(path);
	}
	rmdir(cr->dir);
}

/* Wait for every child, killing the ones that do not end in time. */
static void
wait_children(struct crawl *cr, uint64_t grace_ms)
{
	uint64_t until = mono_ms() + grace_ms;

	for (;;) {
		bool any = false;

		reap(cr);
		for (size_t i = 0; i < cr->nchild; i++)
			any = any || cr->child[i].alive;
		if (!any)
			return;
		if (mono_ms() > until) {
			for (size_t i = 0; i < cr->nchild; i++)
				if (cr->child[i].alive)
					kill(cr->child[i].pid, SIGKILL);
			until = mono_ms() + 60000;
		}
		usleep(20000);
	}
}

static void
handle_signals(struct crawl *cr, int sfd)
{
	struct signalfd_siginfo si;

	while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap(cr);
		else if (!cr->stopping) {
			fprintf(stderr,
			        "%scrawl: stopping (signal %u); the "
			        "run can be resumed\n",
			        cr->progress_tty ? "\n" : "", si.ssi_signo);
			cr->stopping = cr->interrupted = true;
		}
	}
}

static void
main_loop(struct crawl *cr, const struct th_crawlopt *o, int sfd)
{
	uint64_t close_until = 0;

	for (;;) {
		struct th_zmqx_pollitem it[4] = {
		    {cr->router, -1, false},
		    {cr->acks, -1, false},
		    {NULL, sfd, false},
		    {cr->remote, -1, false},
		};
		size_t n = cr->remote ? 4 : 3;
		struct th_coord_stats st;
		uint64_t now;

		if (th_zmqx_poll(it, n, 200) < 0) {
			if (errno != EINTR)
				usleep(10000);
		}
		handle_signals(cr, sfd);
		read_acks(cr);
		read_router(cr, cr->router);
		if (cr->remote != NULL)
			read_router(cr, cr->remote);
		now = mono_ms();
		if (!cr->closing) {
			size_t n_exp = th_coord_expire(cr->co, now);

			if (n_exp > 0)
				th_log(TH_LOG_WARN,
				       "crawl: %zu leases expired, re-issued",
				       n_exp);
		}
		progress(cr, o, false);
		th_coord_stats(cr->co, &st);
		if (!cr->closing &&
		    (th_coord_finished(cr->co) || cr->stopping)) {
			/* Workers stop now; what they sent is in the sink's
			 * queue, which it is given time to commit. */
			cr->closing = true;
			signal_children(cr, CHILD_WORKER, SIGTERM);
			/* Remote workers are not our children: tell them. */
			for (size_t i = 0; i < cr->npeers; i++)
				if (cr->peers[i].sock == cr->remote &&
				    th_wire_done_encode(&cr->out) == 0)
					reply(cr, &cr->peers[i]);
			close_until = now + (cr->failed ? 0 : 10000);
		}
		if (cr->closing && (st.sinking == 0 || now >= close_until))
			break;
	}
}

static int
parse_args(struct crawl *cr, struct th_crawlopt *o, int argc, char **argv)
{
	enum {
		O_ZONE = 256,
		O_LIST,
		O_DB,
		O_RUN,
		O_WORKERS,
		O_BATCH,
		O_LEASE,
		O_NOW,
		O_LISTEN,
		O_KEY,
		O_PROGRESS,
		O_MAXMAP,
		O_HELP
	};
	struct option opts[TH_CRAWLOPT_MAX + 16];
	size_t n = th_crawlopt_table(opts);
	char err[512];
	int c;

	opts[n++] = (struct option){"zone", required_argument, NULL, O_ZONE};
	opts[n++] = (struct option){"list", required_argument, NULL, O_LIST};
	opts[n++] = (struct option){"db", required_argument, NULL, O_DB};
	opts[n++] = (struct option){"run", required_argument, NULL, O_RUN};
	opts[n++] =
	    (struct option){"workers", required_argument, NULL, O_WORKERS};
	opts[n++] = (struct option){"batch", required_argument, NULL, O_BATCH};
	opts[n++] = (struct option){"lease", required_argument, NULL, O_LEASE};
	opts[n++] = (struct option){"now", required_argument, NULL, O_NOW};
	opts[n++] =
	    (struct option){"listen", required_argument, NULL, O_LISTEN};
	opts[n++] =
	    (struct option){"curve-key", required_argument, NULL, O_KEY};
	opts[n++] =
	    (struct option){"progress", required_argument, NULL, O_PROGRESS};
	opts[n++] =
	    (struct option){"max-mapsize", required_argument, NULL, O_MAXMAP};
	opts[n++] = (struct option){"help", no_argument, NULL, O_HELP};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end = NULL;
		unsigned long long v = 0;

		if (th_crawlopt_is(c)) {
			if (th_crawlopt_set(o, c, optarg, err, sizeof(err)) !=
			    0) {
				fprintf(stderr, "crawl: %s\n", err);
				return 2;
			}
			if (cr->npass + 2 > MAXARGS)
				return 2;
			snprintf(cr->passname[cr->npass],
			         sizeof(cr->passname[0]), "--%s",
			         th_crawlopt_name(c));
			cr->pass[cr->npass] = cr->passname[cr->npass];
			cr->npass++;
			if (optarg != NULL)
				cr->pass[cr->npass++] = optarg;
			continue;
		}
		if (optarg != NULL && c != O_ZONE && c != O_LIST && c != O_DB &&
		    c != O_RUN && c != O_LISTEN && c != O_KEY) {
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || *optarg < '0' ||
			    *optarg > '9') {
				fprintf(stderr, "crawl: bad number '%s'\n",
				        optarg);
				return 2;
			}
		}
		switch (c) {
		case O_ZONE:
			cr->zone = optarg;
			break;
		case O_LIST:
			cr->list = optarg;
			break;
		case O_DB:
			cr->db = optarg;
			break;
		case O_RUN:
			if (!th_store_run_id_valid(optarg)) {
				fprintf(stderr,
				        "crawl: bad --run '%s' (1 to "
				        "64 of A-Z a-z 0-9 . _ -)\n",
				        optarg);
				return 2;
			}
			cr->run = optarg;
			break;
		case O_WORKERS:
			if (v == 0 || v > MAXCHILD - 1)
				return fprintf(stderr, "crawl: --workers 1 to "
				                       "256\n"),
				       2;
			cr->workers = (unsigned)v;
			break;
		case O_BATCH:
			if (v == 0 || v > TH_WIRE_MAXBATCH)
				return fprintf(stderr, "crawl: --batch 1 to "
				                       "4096\n"),
				       2;
			cr->batch = (unsigned)v;
			break;
		case O_LEASE:
			if (v == 0)
				return 2;
			cr->lease_ms = v * 1000;
			break;
		case O_NOW:
			cr->vnow = v;
			break;
		case O_LISTEN:
			cr->listen = optarg;
			break;
		case O_KEY:
			cr->key_path = optarg;
			break;
		case O_PROGRESS:
			cr->progress_s = v > 0 ? (unsigned)v : 1;
			break;
		case O_MAXMAP:
			cr->max_mapsize = v;
			break;
		case O_HELP:
		case 'h':
			crawl_usage(stdout);
			return 0;
		default:
			crawl_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || (cr->zone == NULL) == (cr->list == NULL)) {
		fprintf(stderr,
		        "crawl: give one of --zone FILE, --list FILE\n");
		return 2;
	}
	if (th_crawlopt_load(o, err, sizeof(err)) != 0) {
		fprintf(stderr, "crawl: %s\n", err);
		return 2;
	}
	/* Plain TCP only on loopback: anything else needs CURVE. */
	if (cr->listen != NULL && cr->key_path == NULL &&
	    strncmp(cr->listen, "tcp://127.", 10) != 0 &&
	    strncmp(cr->listen, "tcp://[::1]:", 12) != 0 &&
	    strncmp(cr->listen, "tcp://localhost:", 16) != 0) {
		fprintf(stderr,
		        "crawl: --listen %s is not loopback: give "
		        "--curve-key (tldhealth keygen)\n",
		        cr->listen);
		return 2;
	}
	if (cr->key_path != NULL && !th_zmqx_has_curve()) {
		fprintf(stderr, "crawl: this libzmq has no CURVE support\n");
		return 2;
	}
	return -1;
}

/* Create or resume the run; its validation time is its creation. */
static int
open_run(struct crawl *cr, struct th_store *s, const char *input)
{
	struct th_run_meta m;
	int rc;

	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "%s", cr->run);
	if ((rc = th_store_run_get(s, cr->run, &m)) == TH_ENOTFOUND) {
		m.created = cr->vnow ? cr->vnow : (uint64_t)time(NULL);
		m.state = TH_RUN_CREATED;
		snprintf(m.input, sizeof(m.input), "%s", input);
		rc = th_store_run_create(s, &m);
	} else if (rc == 0) {
		fprintf(stderr, "crawl: resuming run %s (%llu results)\n",
		        cr->run, (unsigned long long)m.results);
	}
	if (rc != 0)
		return rc;
	if (cr->vnow == 0)
		cr->vnow = m.created;
	return 0;
}

static int
set_state(struct crawl *cr, enum th_run_state state)
{
	struct th_store_conf sc = {0};
	struct th_store *s = NULL;
	struct th_run_meta m;
	int rc;

	sc.max_mapsize = (size_t)cr->max_mapsize;
	if ((rc = th_store_open(&s, cr->db, &sc)) == 0 &&
	    (rc = th_store_run_get(s, cr->run, &m)) == 0) {
		m.state = (uint8_t)state;
		m.total = cr->total;
		rc = th_store_run_set(s, &m);
	}
	th_store_destroy(&s);
	return rc;
}

int
th_cmd_crawl(int argc, char **argv)
{
	struct crawl cr;
	struct th_crawlopt o;
	struct th_store_conf sc = {0};
	struct th_store *s = NULL;
	char today[TH_RUN_IDMAX + 1], input[TH_RUN_INPUTMAX + 1];
	time_t t = time(NULL);
	struct tm tm;
	sigset_t set;
	struct th_coord_conf cc;
	struct totals tot;
	long hwm_sink = 0, hwm_worker = 0;
	double el;
	int rc, sfd = -1;

	memset(&cr, 0, sizeof(cr));
	th_crawlopt_default(&o);
	cr.db = TH_STORE_DEFAULT_DIR;
	cr.workers = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	cr.progress_s = 5;
	if ((rc = parse_args(&cr, &o, argc, argv)) >= 0) {
		th_crawlopt_free(&o);
		return rc;
	}
	if (cr.workers == 0)
		cr.workers = 1;
	if (cr.run == NULL) {
		gmtime_r(&t, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		cr.run = today;
	}
	snprintf(input, sizeof(input), "%s %s", cr.zone ? "zone" : "list",
	         cr.zone ? cr.zone : cr.list);
	cc.batch_size = cr.batch;
	cc.lease_ms = cr.lease_ms;
	sc.max_mapsize = (size_t)cr.max_mapsize;
	th_buf_init(&cr.msg, TH_WIRE_MAXMSG);
	th_buf_init(&cr.out, TH_WIRE_MAXMSG);
	if ((cr.peers = calloc(MAXPEERS, sizeof(*cr.peers))) == NULL ||
	    th_coord_create(&cr.co, &cc) != 0) {
		rc = TH_ENOMEM;
		goto fail;
	}
	if ((rc = th_store_open(&s, cr.db, &sc)) != 0) {
		fprintf(stderr, "crawl: store %s: %s\n", cr.db,
		        th_strerror(rc));
		goto out;
	}
	if ((rc = open_run(&cr, s, input)) != 0 ||
	    (rc = read_input(&cr, s)) != 0 || (rc = th_coord_seal(cr.co)) != 0)
		goto fail;
	th_store_destroy(&s);
	if ((rc = set_state(&cr, TH_RUN_RUNNING)) != 0)
		goto fail;
	fprintf(stderr,
	        "crawl: run %s: %llu domains, %llu already stored, %zu "
	        "batches, %u workers\n",
	        cr.run, (unsigned long long)cr.total,
	        (unsigned long long)cr.resumed, th_coord_batches(cr.co),
	        cr.workers);
	cr.progress_tty = isatty(STDERR_FILENO);
	cr.start_ms = cr.last_progress = mono_ms();
	if (th_coord_batches(cr.co) > 0) {
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGCHLD);
		sigprocmask(SIG_BLOCK, &set, NULL);
		if ((sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) <
		    0) {
			rc = th_from_errno(errno);
			goto fail;
		}
		if ((rc = setup_sockets(&cr)) != 0)
			goto fail;
		if ((rc = spawn(&cr, CHILD_SINK)) != 0)
			goto fail;
		for (unsigned i = 0; i < cr.workers; i++)
			if ((rc = spawn(&cr, CHILD_WORKER)) != 0)
				goto fail;
		main_loop(&cr, &o, sfd);
		/* Peak memory of each process, read while they live. */
		signal_children(&cr, CHILD_WORKER, SIGTERM);
		signal_children(&cr, CHILD_SINK, SIGTERM);
		wait_children(&cr, 3000);
		for (size_t i = 0; i < cr.nchild; i++) {
			long *h = cr.child[i].kind == CHILD_SINK ? &hwm_sink
			                                         : &hwm_worker;

			if (cr.child[i].hwm_kb > *h)
				*h = cr.child[i].hwm_kb;
		}
	}
	progress(&cr, &o, true);
	totals(&cr, &tot);
	el = (double)(mono_ms() - cr.start_ms) / 1000.0;
	rc = set_state(&cr,
	               th_coord_finished(cr.co) ? TH_RUN_DONE : TH_RUN_STOPPED);
	if (rc != 0)
		fprintf(stderr, "crawl: cannot record the run's state: %s\n",
		        th_strerror(rc));
	fprintf(stderr,
	        "crawl: run %s %s: %llu domains crawled in %.1f s (%.1f "
	        "domains/s), %llu queries (%.1f per domain), %llu timeouts; "
	        "peak RSS MB: coordinator %.1f sink %.1f worker %.1f\n",
	        cr.run, th_coord_finished(cr.co) ? "done" : "stopped",
	        (unsigned long long)tot.done, el,
	        el > 0 ? (double)tot.done / el : 0.0,
	        (unsigned long long)tot.queries,
	        tot.done ? (double)tot.queries / (double)tot.done : 0.0,
	        (unsigned long long)tot.timeouts,
	        (double)peak_rss_kb(getpid()) / 1024.0,
	        (double)hwm_sink / 1024.0, (double)hwm_worker / 1024.0);
	{
		struct th_coord_stats st;
		size_t remote = 0;

		th_coord_stats(cr.co, &st);
		for (size_t i = 0; i < cr.npeers; i++)
			remote += cr.peers[i].sock == cr.remote;
		fprintf(stderr,
		        "crawl: %zu workers took part (%zu remote), %llu "
		        "leases re-issued\n",
		        cr.npeers, remote, (unsigned long long)st.reissued);
	}
	if (cr.failed)
		rc = 1;
	else if (cr.interrupted)
		rc = 130;
	else
		rc = th_coord_finished(cr.co) ? 0 : 1;
	goto out;
fail:
	if (rc != 0)
		fprintf(stderr, "crawl: %s\n", th_strerror(rc));
	signal_children(&cr, CHILD_WORKER, SIGKILL);
	signal_children(&cr, CHILD_SINK, SIGKILL);
	wait_children(&cr, 1000);
	rc = 1;
out:
	th_store_destroy(&s);
	teardown_sockets(&cr);
	if (sfd >= 0)
		close(sfd);
	th_coord_destroy(&cr.co);
	free(cr.peers);
	th_buf_free(&cr.msg);
	th_buf_free(&cr.out);
	th_crawlopt_free(&o);
	return rc;
}
