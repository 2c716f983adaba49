/* SPDX-License-Identifier: BSD-3-Clause */
/* relay.c -- relay lifecycle, ID expiry and counters (see relay.h). */
#include "testbed/relay/relay_int.h"

#include "common/err.h"
#include "common/log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RELAY_SWEEP_MS 1000
/*
 * The UDP receive buffer: 20 chunks of 64 KiB, which is what libuv needs to
 * read up to 20 datagrams per recvmmsg(2) (uv__udp_recvmmsg splits the
 * buffer into UV__UDP_DGRAM_MAXSIZE chunks). Shared by every socket: a
 * receive callback finishes with the data before the next read.
 */
#define RELAY_UDP_CHUNK 65536u
#define RELAY_UDP_CHUNKS 20u
#define RELAY_TCP_BUF 65536u

void
relay_opts_default(struct relay_opts *opts)
{
	opts->seed = 1;
	opts->max_held = 262144;
	opts->max_tcp = 4096;
	opts->max_ids = 65536;
	opts->id_ttl_ms = 10000;
	opts->tcp_idle_ms = 120000;
	opts->blackhole_idle_ms = 30000;
	opts->recvmmsg = true;
}

int
relay_new(uv_loop_t *loop, const struct relay_conf *conf,
          const struct relay_opts *opts, struct relay **out)
{
	struct relay *r;

	*out = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return TH_ENOMEM;
	r->loop = loop;
	r->opts = *opts;
	th_rng_init(&r->rng, opts->seed);
	r->udp_buf_len =
	    RELAY_UDP_CHUNK * (opts->recvmmsg ? RELAY_UDP_CHUNKS : 1);
	r->tcp_buf_len = RELAY_TCP_BUF;
	r->conf.n = conf->n;
	r->conf.v = calloc(conf->n, sizeof(*r->conf.v));
	r->ls = calloc(conf->n, sizeof(*r->ls));
	r->udp_buf = malloc(r->udp_buf_len);
	r->tcp_buf = malloc(r->tcp_buf_len);
	if (r->conf.v == NULL || r->ls == NULL || r->udp_buf == NULL ||
	    r->tcp_buf == NULL) {
		relay_free(r);
		return TH_ENOMEM;
	}
	memcpy(r->conf.v, conf->v, conf->n * sizeof(*conf->v));
	r->nls = conf->n;
	for (size_t i = 0; i < r->nls; i++) {
		struct relay_listener *l = &r->ls[i];

		l->relay = r;
		l->conf = &r->conf.v[i];
		relay_idmap_init(&l->ids, opts->max_ids);
	}
	*out = r;
	return 0;
}

static void
relay_on_sweep(uv_timer_t *timer)
{
	struct relay *r = timer->data;
	uint64_t now = uv_now(r->loop);

	for (size_t i = 0; i < r->nls; i++) {
		struct relay_listener *l = &r->ls[i];

		if (relay_idmap_used(&l->ids) > 0)
			l->st.udp_expired += relay_idmap_expire(&l->ids, now);
	}
}

int
relay_start(struct relay *r)
{
	int rc;

	if ((rc = relay_delay_init(r->loop, &r->delay, r->opts.max_held)) != 0)
		return rc;
	r->delay_init = true;
	if ((rc = uv_timer_init(r->loop, &r->sweep)) != 0)
		return rc;
	r->sweep_init = true;
	r->sweep.data = r;
	if ((rc = uv_timer_start(&r->sweep, relay_on_sweep, RELAY_SWEEP_MS,
	                         RELAY_SWEEP_MS)) != 0)
		return rc;
	/* The sweep alone must not keep a closing loop alive. */
	uv_unref((uv_handle_t *)&r->sweep);
	for (size_t i = 0; i < r->nls; i++) {
		struct relay_listener *l = &r->ls[i];

		if ((rc = relay__udp_start(l)) != 0)
			return rc;
		if (relay_mode_has_tcp(l->conf->mode) &&
		    (rc = relay__tcp_start(l)) != 0)
			return rc;
	}
	return 0;
}

static void
relay_close_handle(uv_handle_t *h, bool *init)
{
	if (*init && !uv_is_closing(h))
		uv_close(h, NULL);
	*init = false;
}

void
relay_close(struct relay *r)
{
	if (r->closing)
		return;
	r->closing = true;
	for (size_t i = 0; i < r->nls; i++) {
		struct relay_listener *l = &r->ls[i];

		relay_close_handle((uv_handle_t *)&l->udp, &l->udp_init);
		relay_close_handle((uv_handle_t *)&l->up, &l->up_init);
		relay_close_handle((uv_handle_t *)&l->tcp, &l->tcp_init);
	}
	relay__tcp_close_all(r);
	if (r->delay_init)
		relay_delay_close(&r->delay);
	relay_close_handle((uv_handle_t *)&r->sweep, &r->sweep_init);
}

void
relay_free(struct relay *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; r->ls != NULL && i < r->nls; i++)
		relay_idmap_free(&r->ls[i].ids);
	if (r->delay_init) {
		relay_delay_free(&r->delay);
		r->delay_init = false;
	}
	free(r->ls);
	free(r->udp_buf);
	free(r->tcp_buf);
	relay_conf_free(&r->conf);
	free(r);
}

enum relay_verdict
relay__query_verdict(enum relay_mode mode, uint8_t *msg, size_t *len,
                     struct relay_wire_info *wi)
{
	bool edns_mode = mode == RELAY_MODE_EDNS_FORMERR ||
	                 mode == RELAY_MODE_EDNS_DROP ||
	                 mode == RELAY_MODE_EDNS1_IGNORE;

	if (relay_wire_scan(msg, *len, edns_mode, wi) != 0 || !wi->has_opt)
		return RELAY_PASS;
	switch (mode) {
	case RELAY_MODE_EDNS_FORMERR:
		*len = relay_wire_make_formerr(msg, wi);
		return RELAY_ANSWER;
	case RELAY_MODE_EDNS_DROP:
		return RELAY_DROP;
	case RELAY_MODE_EDNS1_IGNORE:
		if (relay_wire_edns_version(msg, wi) > 0)
			relay_wire_set_edns_version(msg, wi, 0);
		return RELAY_PASS;
	default:
		return RELAY_PASS;
	}
}

size_t
relay_listener_count(const struct relay *r)
{
	return r->nls;
}

static void
relay_stats_line(FILE *fp, const char *label, const char *mode,
                 const struct relay_stats *st)
{
	fprintf(fp, "%s mode=%s", label, mode);
#define RELAY_STATS_PRINT(name) fprintf(fp, " " #name "=%" PRIu64, st->name);
	RELAY_STATS_MAP(RELAY_STATS_PRINT)
#undef RELAY_STATS_PRINT
	fputc('\n', fp);
}

int
relay_stats_write(const struct relay *r, const char *path)
{
	char tmp[4096], label[RELAY_ADDR_STRLEN + 16];
	char addr[RELAY_ADDR_STRLEN];
	struct relay_stats total;
	FILE *fp;
	int rc = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path,
	                     (long)getpid()) >= sizeof(tmp))
		return -ENAMETOOLONG;
	if ((fp = fopen(tmp, "w")) == NULL)
		return th_from_errno(errno);
	memset(&total, 0, sizeof(total));
	fprintf(fp,
	        "# tbrelay counters: one line per listener, then the "
	        "sum; pid %ld, %zu listeners, %zu held now\n",
	        (long)getpid(), r->nls,
	        r->delay_init ? relay_delay_count(&r->delay) : (size_t)0);
	for (size_t i = 0; i < r->nls; i++) {
		const struct relay_listener *l = &r->ls[i];

		relay_addr_format(&l->conf->listen, addr, sizeof(addr));
		snprintf(label, sizeof(label), "listen=%s", addr);
		relay_stats_line(fp, label, relay_mode_name(l->conf->mode),
		                 &l->st);
#define RELAY_STATS_ADD(name) total.name += l->st.name;
		RELAY_STATS_MAP(RELAY_STATS_ADD)
#undef RELAY_STATS_ADD
	}
	relay_stats_line(fp, "listen=total", "-", &total);
	if (ferror(fp))
		rc = TH_EIO;
	if (fclose(fp) != 0 && rc == 0)
		rc = th_from_errno(errno);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = th_from_errno(errno);
	if (rc != 0)
		unlink(tmp);
	return rc;
}
