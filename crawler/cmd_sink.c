/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_sink.c -- the crawl's sink: receives RESULT messages from the
 * coordinator, writes each batch in ONE store transaction
 * (th_store_put_batch), and only then acknowledges it. A batch that
 * cannot be written is acknowledged with the store's error (a full store
 * stops the crawl); nothing is acknowledged that is not committed, so a
 * sink killed at any point loses only batches the coordinator re-issues.
 */
#include "crawler/cmd_sink.h"

#include "common/err.h"
#include "common/log.h"
#include "crawler/wire.h"
#include "crawler/zmqx.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

static int
sink_loop(struct th_store *s, const char *run, struct th_zmqx_sock *in,
          struct th_zmqx_sock *ack, int sfd)
{
	struct th_buf msg = TH_BUF_INIT(TH_WIRE_MAXMSG);
	struct th_buf out = TH_BUF_INIT(64);
	int rc = 0;

	for (;;) {
		struct th_zmqx_pollitem it[2] = {{in, -1, false},
		                                 {NULL, sfd, false}};
		struct th_wire_result r;
		struct th_wire_ack a;
		bool more;

		if ((rc = th_zmqx_poll(it, 2, -1)) < 0 && rc != -EINTR)
			break;
		if (it[1].readable) {
			rc = 0;
			break;
		}
		if (!it[0].readable)
			continue;
		if ((rc = th_zmqx_recv(in, &msg, &more, true)) != 0) {
			if (rc == -EAGAIN || rc == -EINTR || rc == TH_ETOOBIG)
				continue;
			break;
		}
		if (more)
			th_zmqx_drain(in);
		if (th_wire_result_decode(th_buf_data(&msg), th_buf_len(&msg),
		                          &r) != 0) {
			th_log(TH_LOG_WARN, "sink: malformed result dropped");
			continue;
		}
		memset(&a, 0, sizeof(a));
		a.id = r.id;
		a.lease = r.lease;
		a.nres = (uint32_t)r.nres;
		a.status = th_store_put_batch(s, run, r.res, r.nres, r.srv,
		                              r.nsrv, NULL);
		th_wire_result_free(&r);
		if (a.status != 0)
			th_log(TH_LOG_ERROR, "sink: batch %llu: %s",
			       (unsigned long long)a.id, th_strerror(a.status));
		if ((rc = th_wire_ack_encode(&a, &out)) != 0 ||
		    (rc = th_zmqx_send(ack, th_buf_data(&out), th_buf_len(&out),
		                       false, false)) != 0)
			break;
		if (a.status == TH_ESTOREFULL) {
			/* Nothing more can be written; the coordinator
			 * stops the crawl. */
			rc = a.status;
			break;
		}
	}
	th_buf_free(&msg);
	th_buf_free(&out);
	return rc;
}

int
th_cmd_sink(int argc, char **argv)
{
	enum { O_IN = 256, O_ACK, O_DB, O_RUN, O_PARENT, O_MAXMAP };
	static const struct option opts[] = {
	    {"in", required_argument, NULL, O_IN},
	    {"ack", required_argument, NULL, O_ACK},
	    {"db", required_argument, NULL, O_DB},
	    {"run", required_argument, NULL, O_RUN},
	    {"parent-pid", required_argument, NULL, O_PARENT},
	    {"max-mapsize", required_argument, NULL, O_MAXMAP},
	    {NULL, 0, NULL, 0},
	};
	const char *in_ep = NULL, *ack_ep = NULL, *db = NULL, *run = NULL;
	struct th_store_conf sc = {0};
	struct th_store *s = NULL;
	struct th_zmqx *z = NULL;
	struct th_zmqx_sock *in = NULL, *ack = NULL;
	long parent = 0;
	sigset_t set;
	int c, sfd, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_IN:
			in_ep = optarg;
			break;
		case O_ACK:
			ack_ep = optarg;
			break;
		case O_DB:
			db = optarg;
			break;
		case O_RUN:
			run = optarg;
			break;
		case O_PARENT:
			parent = strtol(optarg, NULL, 10);
			break;
		case O_MAXMAP:
			sc.max_mapsize = (size_t)strtoull(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "sink: started by tldhealth crawl, "
			                "not by hand\n");
			return 2;
		}
	}
	if (in_ep == NULL || ack_ep == NULL || db == NULL || run == NULL) {
		fprintf(stderr, "sink: --in, --ack, --db and --run needed\n");
		return 2;
	}
	if (parent > 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != (pid_t)parent)
			return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if ((sfd = signalfd(-1, &set, SFD_CLOEXEC)) < 0) {
		fprintf(stderr, "sink: signalfd: %s\n", strerror(errno));
		return 1;
	}
	if ((rc = th_store_open(&s, db, &sc)) != 0) {
		fprintf(stderr, "sink: store %s: %s\n", db, th_strerror(rc));
		close(sfd);
		return 1;
	}
	if ((rc = th_zmqx_create(&z)) != 0 ||
	    (rc = th_zmqx_sock_open(&in, z, TH_ZMQX_PULL, 0, NULL)) != 0 ||
	    (rc = th_zmqx_sock_open(&ack, z, TH_ZMQX_PUSH, 2000, NULL)) != 0 ||
	    (rc = th_zmqx_connect(in, in_ep)) != 0 ||
	    (rc = th_zmqx_connect(ack, ack_ep)) != 0)
		fprintf(stderr, "sink: %s\n", th_strerror(rc));
	else
		rc = sink_loop(s, run, in, ack, sfd);
	th_zmqx_sock_close(&in);
	th_zmqx_sock_close(&ack);
	th_zmqx_destroy(&z);
	th_store_destroy(&s);
	close(sfd);
	return rc == 0 ? 0 : 1;
}
