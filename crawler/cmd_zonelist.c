/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_zonelist.c -- `tldhealth zonelist`: the inputs of a crawl.
 *
 * fetch: AXFR of a zone through the crawler's own transport (TCP, the
 * same validation of every message as for any answer), checked (the first
 * and the last record are the zone's SOA with one serial, every message
 * NOERROR) and written as a zone file, one record a line in presentation
 * form, with the closing SOA left out. The file is written beside its
 * final name and renamed only once complete, so a failed transfer never
 * leaves a truncated zone where the crawl would read it.
 *
 * count, delegations: read a zone file with crawler/zonefile and print
 * its counters, or one line per delegation. domains: read a domain list
 * with crawler/domlist and print the normalised names. Problems in the
 * input go to stderr with file:line and a reason; the counters say how
 * many records or lines were skipped.
 */
#include "crawler/cmd_zonelist.h"

#include "common/addr.h"
#include "common/err.h"
#include "common/ldnsx.h"
#include "common/log.h"
#include "common/msg.h"
#include "crawler/domlist.h"
#include "crawler/transport.h"
#include "crawler/zonefile.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
zonelist_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: tldhealth zonelist fetch ZONE --server ADDR [--port N]\n"
	    "                          [--out FILE] [--timeout MS] "
	    "[--max-mb N]\n"
	    "       tldhealth zonelist count FILE [--origin ZONE] "
	    "[--allow-include]\n"
	    "       tldhealth zonelist delegations FILE [--origin ZONE] "
	    "[--allow-include]\n"
	    "       tldhealth zonelist domains FILE\n"
	    "\n"
	    "fetch        transfer ZONE (AXFR over TCP) from ADDR and write "
	    "it as a\n"
	    "             zone file (stdout without --out)\n"
	    "count        read a zone file; print records, delegations, "
	    "DS, glue and\n"
	    "             skipped records\n"
	    "delegations  read a zone file; print NAME NS,NS... DS GLUE per "
	    "delegation\n"
	    "domains      read a domain list; print the normalised names\n"
	    "\n"
	    "  --server ADDR    server to transfer from (IP, IP:PORT)\n"
	    "  --port N         its port (default 53)\n"
	    "  --out FILE       where the zone goes (written, then renamed)\n"
	    "  --timeout MS     time allowed for the transfer (default "
	    "600000)\n"
	    "  --max-mb N       largest transfer accepted (default 2048)\n"
	    "  --origin ZONE    the zone of the file (default: the owner of "
	    "its SOA)\n"
	    "  --allow-include  follow $INCLUDE (relative to the file, 8 "
	    "deep)\n");
}

static int
parse_ulong(const char *text, unsigned long max, unsigned long *out)
{
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return TH_EINVAL;
	errno = 0;
	*out = strtoul(text, &end, 10);
	return *end != '\0' || errno != 0 || *out > max ? TH_EINVAL : 0;
}

/* ---- fetch -------------------------------------------------------------- */

struct fetch_run {
	struct th_transport *t;
	const struct th_dname *zone;
	FILE *out;
	int status; /* 0, or 1 when the transfer failed a check */
	uint64_t records, messages;
	uint32_t serial;
};

/* Print why the transfer is refused and mark the run failed. */
static void
fetch_fail(struct fetch_run *run, const char *fmt, const char *arg)
{
	fprintf(stderr, "zonelist fetch: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	run->status = 1;
}

/*
 * Walk every record of every message: check the framing, write the text.
 * Returns 0 when the transfer is a whole zone.
 */
static void
fetch_write(struct fetch_run *run, const struct th_answer *a)
{
	struct th_buf text = TH_BUF_INIT(1 << 20);
	struct th_soa first = {0}, last = {0};
	bool have_first = false, last_is_soa = false;
	size_t off = 0, len, pending_soa = 0;
	const uint8_t *wire;
	char name[TH_DNAME_STRLEN], rc[16];

	while (th_answer_next_msg(a, &off, &wire, &len)) {
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;
		enum th_msg_reason why;

		run->messages++;
		if (th_msg_parse(&m, wire, len, &why) != 0) {
			fetch_fail(run, "malformed message: %s",
			           th_msg_reason_text(why));
			break;
		}
		if (m.rcode != TH_RCODE_NOERROR) {
			fetch_fail(run, "transfer refused: rcode %s",
			           th_rcode_name(m.rcode, rc, sizeof(rc)));
			break;
		}
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		for (;;) {
			size_t start = it.off;
			struct th_soa soa;

			if (!th_msg_iter_next(&it, &rr))
				break;
			/*
			 * The record before this one was a SOA held back:
			 * it was not the last, so it is zone content.
			 */
			if (pending_soa != 0) {
				fputs(th_buf_str(&text), run->out);
				pending_soa = 0;
			}
			th_buf_reset(&text);
			if (th_ldns_rr_text(m.wire, m.len, start, &text,
			                    NULL) != 0) {
				fetch_fail(run, "record %s unreadable",
				           "in the transfer");
				goto out;
			}
			last_is_soa = rr.type == TH_T_SOA &&
			              th_dname_equal(&rr.owner, run->zone) &&
			              th_msg_soa(&m, &rr, &soa) == 0;
			if (!have_first) {
				if (!last_is_soa) {
					fetch_fail(run, "%s",
					           "the first record is not "
					           "the zone's SOA");
					goto out;
				}
				first = soa;
				have_first = true;
				fputs(th_buf_str(&text), run->out);
				run->records++;
				continue;
			}
			if (last_is_soa) {
				last = soa;
				/* Maybe the closing SOA: wait and see. */
				pending_soa = 1;
				run->records++;
				continue;
			}
			fputs(th_buf_str(&text), run->out);
			run->records++;
		}
	}
	if (run->status != 0)
		goto out;
	if (!have_first || !last_is_soa || run->records < 2) {
		fetch_fail(run, "%s",
		           "the transfer does not end with the zone's SOA");
		goto out;
	}
	if (first.serial != last.serial) {
		snprintf(name, sizeof(name), "%u and %u", first.serial,
		         last.serial);
		fetch_fail(run, "SOA serials differ: %s", name);
		goto out;
	}
	run->records--; /* the closing SOA is framing, not content */
	run->serial = first.serial;
out:
	th_buf_free(&text);
}

static void fetch_check(struct fetch_run *run, const struct th_answer *a);

/* The transfer's one result: check and write it, then stop the loop. */
static void
on_axfr(void *arg, const struct th_answer *a)
{
	struct fetch_run *run = arg;

	fetch_check(run, a);
	th_transport_close(run->t);
}

static void
fetch_check(struct fetch_run *run, const struct th_answer *a)
{
	char rc[16];

	if (a->outcome != TH_OUT_ANSWER) {
		fetch_fail(run, "no transfer: %s",
		           th_outcome_name((enum th_outcome)a->outcome));
		if (a->outcome == TH_OUT_NETWORK_ERROR)
			fprintf(stderr, "zonelist fetch: %s\n",
			        uv_strerror(a->neterr));
		return;
	}
	if (!a->axfr) {
		fetch_fail(run, "refused: rcode %s",
		           th_rcode_name(a->rcode, rc, sizeof(rc)));
		return;
	}
	fetch_write(run, a);
}

static int
cmd_fetch(int argc, char **argv)
{
	enum { O_SERVER = 256, O_PORT, O_OUT, O_TIMEOUT, O_MAXMB, O_HELP };
	static const struct option opts[] = {
	    {"server", required_argument, NULL, O_SERVER},
	    {"port", required_argument, NULL, O_PORT},
	    {"out", required_argument, NULL, O_OUT},
	    {"timeout", required_argument, NULL, O_TIMEOUT},
	    {"max-mb", required_argument, NULL, O_MAXMB},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	const char *server_text = NULL, *out_path = NULL;
	unsigned long port = 53, timeout = 600000, max_mb = 2048;
	struct th_transport_conf conf;
	struct th_transport *t = NULL;
	struct th_addr server;
	struct th_dname zone;
	enum th_dname_reason why;
	struct th_query q;
	struct fetch_run run = {0};
	char *tmp = NULL, zname[TH_DNAME_STRLEN];
	uv_loop_t loop;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_SERVER:
			server_text = optarg;
			break;
		case O_PORT:
		case O_TIMEOUT:
		case O_MAXMB: {
			unsigned long v;

			if (parse_ulong(optarg,
			                c == O_PORT    ? 65535
			                : c == O_MAXMB ? 4095
			                               : 86400000,
			                &v) != 0 ||
			    v == 0) {
				fprintf(stderr,
				        "zonelist fetch: bad number '%s'\n",
				        optarg);
				return 2;
			}
			if (c == O_PORT)
				port = v;
			else if (c == O_TIMEOUT)
				timeout = v;
			else
				max_mb = v;
			break;
		}
		case O_OUT:
			out_path = optarg;
			break;
		case O_HELP:
		case 'h':
			zonelist_usage(stdout);
			return 0;
		default:
			zonelist_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc || server_text == NULL) {
		zonelist_usage(stderr);
		return 2;
	}
	if (th_addr_parse_hostport(&server, server_text, (uint16_t)port) != 0) {
		fprintf(stderr, "zonelist fetch: bad --server '%s'\n",
		        server_text);
		return 2;
	}
	if (th_dname_parse(&zone, argv[optind], strlen(argv[optind]), NULL,
	                   &why) != 0) {
		fprintf(stderr, "zonelist fetch: bad zone name: %s\n",
		        th_dname_reason_text(why));
		return 2;
	}
	run.zone = &zone;
	run.out = stdout;
	if (out_path != NULL) {
		size_t n = strlen(out_path) + 16;
		FILE *f;

		if ((tmp = malloc(n)) == NULL)
			return 1;
		snprintf(tmp, n, "%s.part", out_path);
		if ((f = fopen(tmp, "w")) == NULL) {
			fprintf(stderr, "zonelist fetch: %s: %s\n", tmp,
			        strerror(errno));
			free(tmp);
			return 1;
		}
		run.out = f;
	}
	th_transport_conf_default(&conf);
	conf.timeout_ms = (unsigned)timeout;
	conf.tries = 1; /* a transfer is not retried behind the user's back */
	conf.axfr_max = (size_t)max_mb << 20;
	conf.cache_bytes = 0;
	th_query_init(&q, &zone, TH_T_AXFR);
	if ((rc = uv_loop_init(&loop)) != 0) {
		fprintf(stderr, "zonelist fetch: %s\n", uv_strerror(rc));
		goto fail;
	}
	if ((rc = th_transport_create(&t, &loop, &conf)) != 0 ||
	    (rc = th_transport_query(t, &server, &q, TH_PROTO_TCP, on_axfr,
	                             &run)) != 0) {
		fprintf(stderr, "zonelist fetch: %s\n", th_strerror(rc));
		run.status = 1;
		/* No callback will come (the transport's rule): close here. */
		if (t != NULL)
			th_transport_close(t);
	}
	run.t = t;
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	if (th_dname_to_str(&zone, zname, sizeof(zname)) != 0)
		zname[0] = '\0';
	if (run.out != stdout) {
		if (fclose(run.out) != 0 && run.status == 0) {
			fprintf(stderr, "zonelist fetch: %s: %s\n", tmp,
			        strerror(errno));
			run.status = 1;
		}
		run.out = NULL;
		if (run.status == 0 && rename(tmp, out_path) != 0) {
			fprintf(stderr, "zonelist fetch: %s: %s\n", out_path,
			        strerror(errno));
			run.status = 1;
		}
		if (run.status != 0)
			remove(tmp);
	} else if (fflush(stdout) != 0) {
		run.status = 1;
	}
	if (run.status == 0)
		fprintf(stderr,
		        "zonelist fetch: %s serial %u: %llu records in %llu "
		        "messages\n",
		        zname, run.serial, (unsigned long long)run.records,
		        (unsigned long long)run.messages);
	free(tmp);
	return run.status;
fail:
	if (run.out != stdout) {
		fclose(run.out);
		remove(tmp);
	}
	free(tmp);
	return 1;
}

/* ---- count, delegations ------------------------------------------------- */

static void
zf_error(void *arg, const struct th_zonefile_error *e)
{
	(void)arg;
	th_zonefile_error_print(stderr, e);
}

static int
cmd_zone(int argc, char **argv, bool list)
{
	enum { O_ORIGIN = 256, O_INCLUDE, O_HELP };
	static const struct option opts[] = {
	    {"origin", required_argument, NULL, O_ORIGIN},
	    {"allow-include", no_argument, NULL, O_INCLUDE},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct th_zonefile_conf conf = {0};
	struct th_zonefile *zf;
	struct th_zonefile_delegs *dl;
	struct th_zonefile_delegs_stats st;
	const struct th_zonefile_deleg *d;
	struct th_dname origin;
	enum th_dname_reason why;
	const char *origin_text = NULL, *cmd = list ? "delegations" : "count";
	char name[TH_DNAME_STRLEN];
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_ORIGIN:
			origin_text = optarg;
			break;
		case O_INCLUDE:
			conf.flags |= TH_ZONEFILE_ALLOW_INCLUDE;
			break;
		case O_HELP:
		case 'h':
			zonelist_usage(stdout);
			return 0;
		default:
			zonelist_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		zonelist_usage(stderr);
		return 2;
	}
	if (origin_text != NULL) {
		if (th_dname_parse(&origin, origin_text, strlen(origin_text),
		                   NULL, &why) != 0) {
			fprintf(stderr, "zonelist %s: bad --origin: %s\n", cmd,
			        th_dname_reason_text(why));
			return 2;
		}
		conf.origin = &origin;
	}
	conf.on_error = zf_error;
	if ((rc = th_zonefile_open(&zf, argv[optind], &conf)) != 0) {
		fprintf(stderr, "zonelist %s: %s: %s\n", cmd, argv[optind],
		        th_strerror(rc));
		return 1;
	}
	rc = th_zonefile_delegs_read(&dl, zf, conf.origin);
	if (rc != 0) {
		fprintf(stderr, "zonelist %s: %s: %s\n", cmd, argv[optind],
		        rc == TH_ENOTFOUND ? "no SOA record: give --origin"
		                           : th_strerror(rc));
		th_zonefile_destroy(&zf);
		return 1;
	}
	while ((rc = th_zonefile_delegs_next(dl, &d)) == 0 && d != NULL) {
		if (!list)
			continue;
		if (th_dname_to_str(&d->name, name, sizeof(name)) != 0)
			continue;
		printf("%s\t", name);
		for (unsigned i = 0; i < d->nns; i++)
			if (th_dname_to_str(&d->ns[i], name, sizeof(name)) == 0)
				printf("%s%s", i ? "," : "", name);
		printf("\t%u\t%u\n", d->nds, d->nglue);
	}
	th_zonefile_delegs_stats(dl, &st);
	if (rc == 0 && !list) {
		if (th_dname_to_str(th_zonefile_delegs_origin(dl), name,
		                    sizeof(name)) != 0)
			name[0] = '\0';
		printf("origin %s\n"
		       "records %llu\n"
		       "delegations %llu\n"
		       "with_ds %llu\n"
		       "ns_records %llu\n"
		       "ds_records %llu\n"
		       "glue %llu\n"
		       "soa %llu\n"
		       "out_of_zone %llu\n"
		       "occluded %llu\n"
		       "orphan_ds %llu\n"
		       "skipped %llu\n"
		       "lines %llu\n",
		       name, (unsigned long long)st.file.records,
		       (unsigned long long)st.delegations,
		       (unsigned long long)st.with_ds,
		       (unsigned long long)st.ns_records,
		       (unsigned long long)st.ds_records,
		       (unsigned long long)st.glue, (unsigned long long)st.soa,
		       (unsigned long long)st.out_of_zone,
		       (unsigned long long)st.occluded,
		       (unsigned long long)st.orphan_ds,
		       (unsigned long long)st.file.skipped,
		       (unsigned long long)st.file.lines);
	}
	if (st.file.skipped > 0)
		fprintf(stderr, "zonelist %s: %s: %llu records skipped\n", cmd,
		        argv[optind], (unsigned long long)st.file.skipped);
	th_zonefile_delegs_destroy(&dl);
	th_zonefile_destroy(&zf);
	if (rc != 0) {
		fprintf(stderr, "zonelist %s: %s\n", cmd, th_strerror(rc));
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- domains ------------------------------------------------------------ */

static void
dom_error(void *arg, const struct th_domlist_error *e)
{
	(void)arg;
	fprintf(stderr, "%s:%lu: %s (%s): %s\n", e->file, e->line, e->text,
	        e->reason, e->input);
}

static int
cmd_domains(int argc, char **argv)
{
	struct th_domlist *dl;
	struct th_domlist_stats st;
	const struct th_dname *d;
	char name[TH_DNAME_STRLEN];
	int rc;

	if (argc == 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		zonelist_usage(stdout);
		return 0;
	}
	if (argc != 2) {
		zonelist_usage(stderr);
		return 2;
	}
	if ((rc = th_domlist_open(&dl, argv[1], dom_error, NULL)) != 0) {
		fprintf(stderr, "zonelist domains: %s: %s\n", argv[1],
		        th_strerror(rc));
		return 1;
	}
	while ((rc = th_domlist_next(dl, &d)) == 0 && d != NULL)
		if (th_dname_to_str(d, name, sizeof(name)) == 0)
			puts(name);
	th_domlist_stats(dl, &st);
	fprintf(stderr,
	        "zonelist domains: %s: %llu names, %llu lines, %llu skipped, "
	        "%llu duplicates\n",
	        argv[1], (unsigned long long)st.names,
	        (unsigned long long)st.lines, (unsigned long long)st.skipped,
	        (unsigned long long)st.duplicates);
	th_domlist_destroy(&dl);
	if (rc != 0) {
		fprintf(stderr, "zonelist domains: %s\n", th_strerror(rc));
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

int
th_cmd_zonelist(int argc, char **argv)
{
	if (argc < 2) {
		zonelist_usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		zonelist_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "fetch") == 0)
		return cmd_fetch(argc - 1, argv + 1);
	if (strcmp(argv[1], "count") == 0)
		return cmd_zone(argc - 1, argv + 1, false);
	if (strcmp(argv[1], "delegations") == 0)
		return cmd_zone(argc - 1, argv + 1, true);
	if (strcmp(argv[1], "domains") == 0)
		return cmd_domains(argc - 1, argv + 1);
	fprintf(stderr, "zonelist: unknown subcommand '%s'\n\n", argv[1]);
	zonelist_usage(stderr);
	return 2;
}
