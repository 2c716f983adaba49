/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_query.c -- `tldhealth query`: ask one server one question through the
 * crawler's own transport and print the outcome and the message.
 *
 * It exists so that an operator can see exactly what the survey sees (same
 * query shapes, same validation, same timeouts) without dig's defaults.
 */
#include "crawler/cmd_query.h"

#include "common/addr.h"
#include "common/err.h"
#include "common/ldnsx.h"
#include "common/log.h"
#include "common/msg.h"
#include "crawler/transport.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct query_run {
	struct th_transport *t;
	int repeat, done;
	int status;
	bool stats;
};

static void
print_stats(const struct th_transport *t)
{
	struct th_transport_stats st;

	th_transport_stats(t, &st);
	printf(
	    ";; transport: queries %llu, cache hits %llu, joined %llu, "
	    "sent udp %llu tcp %llu, retries %llu, tcp fallbacks %llu, "
	    "dropped: source %llu id %llu header %llu question %llu "
	    "short %llu\n",
	    (unsigned long long)st.queries, (unsigned long long)st.cache_hits,
	    (unsigned long long)st.dedup_joins, (unsigned long long)st.sent_udp,
	    (unsigned long long)st.sent_tcp, (unsigned long long)st.retries,
	    (unsigned long long)st.tcp_fallbacks,
	    (unsigned long long)st.drop_source, (unsigned long long)st.drop_id,
	    (unsigned long long)st.drop_header,
	    (unsigned long long)st.drop_question,
	    (unsigned long long)st.drop_short);
}

static void
query_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: tldhealth query --server IP[:PORT] [options] NAME [TYPE]\n"
	    "\n"
	    "Ask one server one question (RD=0, no EDNS unless asked).\n"
	    "\n"
	    "  --server IP[:PORT]  server to ask (port 53 by default)\n"
	    "  --tcp               TCP only\n"
	    "  --udp-only          no TCP retry after a truncated answer\n"
	    "  --rd, --cd, --ad    set the header flag\n"
	    "  --edns SIZE         add EDNS with this UDP size\n"
	    "  --edns-version N    EDNS version (implies --edns 1232)\n"
	    "  --do                set DO (implies --edns 1232)\n"
	    "  --edns-flags HEX    further EDNS flag bits\n"
	    "  --nsid              ask for the NSID\n"
	    "  --cookie            send a client cookie\n"
	    "  --option CODE       send an empty EDNS option CODE\n"
	    "  --class N           query class (default 1, IN)\n"
	    "  --timeout MS        per try (default 5000)\n"
	    "  --retries N         tries after the first (default 1)\n"
	    "  --repeat N          ask N times (shows the cache)\n"
	    "  --stats             print the transport's counters\n");
}

static void
on_answer(void *arg, const struct th_answer *a)
{
	struct query_run *run = arg;
	struct th_buf text = TH_BUF_INIT(1 << 24);
	char rc[16];
	size_t off = 0, len;
	const uint8_t *msg;

	printf(";; outcome %s, rcode %s, via %s, rtt %.3f ms, tries %u%s%s\n",
	       th_outcome_name((enum th_outcome)a->outcome),
	       a->outcome == TH_OUT_ANSWER
	           ? th_rcode_name(a->rcode, rc, sizeof(rc))
	           : "-",
	       a->via == TH_VIA_TCP ? "TCP" : "UDP", a->rtt_us / 1000.0,
	       a->tries, a->flags & TH_ANS_OVERSIZE ? ", oversize" : "",
	       a->flags & TH_ANS_TC_FIRST ? ", truncated over UDP first" : "");
	if (a->outcome == TH_OUT_NETWORK_ERROR)
		printf(";; network error: %s\n", uv_strerror(a->neterr));
	if (a->outcome == TH_OUT_MALFORMED)
		printf(";; malformed: %s\n",
		       th_msg_reason_text((enum th_msg_reason)a->reason));
	while (th_answer_next_msg(a, &off, &msg, &len)) {
		th_buf_reset(&text);
		if (th_ldns_msg_text(msg, len, &text) == 0)
			fputs(th_buf_str(&text), stdout);
		else
			printf(";; %zu octets that ldns cannot read\n", len);
	}
	th_buf_free(&text);
	if (a->outcome != TH_OUT_ANSWER)
		run->status = 1;
	if (++run->done == run->repeat) {
		if (run->stats)
			print_stats(run->t);
		th_transport_close(run->t);
	}
}

static int
parse_uint(const char *text, unsigned long max, unsigned long *out)
{
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return TH_EINVAL;
	*out = strtoul(text, &end, 0);
	return *end != '\0' || *out > max ? TH_EINVAL : 0;
}

int
th_cmd_query(int argc, char **argv)
{
	enum {
		O_SERVER = 256,
		O_TCP,
		O_UDPONLY,
		O_RD,
		O_CD,
		O_AD,
		O_EDNS,
		O_EVER,
		O_DO,
		O_EFLAGS,
		O_NSID,
		O_COOKIE,
		O_OPTION,
		O_CLASS,
		O_TIMEOUT,
		O_RETRIES,
		O_REPEAT,
		O_STATS,
		O_HELP
	};
	static const struct option opts[] = {
	    {"server", required_argument, NULL, O_SERVER},
	    {"tcp", no_argument, NULL, O_TCP},
	    {"udp-only", no_argument, NULL, O_UDPONLY},
	    {"rd", no_argument, NULL, O_RD},
	    {"cd", no_argument, NULL, O_CD},
	    {"ad", no_argument, NULL, O_AD},
	    {"edns", required_argument, NULL, O_EDNS},
	    {"edns-version", required_argument, NULL, O_EVER},
	    {"do", no_argument, NULL, O_DO},
	    {"edns-flags", required_argument, NULL, O_EFLAGS},
	    {"nsid", no_argument, NULL, O_NSID},
	    {"cookie", no_argument, NULL, O_COOKIE},
	    {"option", required_argument, NULL, O_OPTION},
	    {"class", required_argument, NULL, O_CLASS},
	    {"timeout", required_argument, NULL, O_TIMEOUT},
	    {"retries", required_argument, NULL, O_RETRIES},
	    {"repeat", required_argument, NULL, O_REPEAT},
	    {"stats", no_argument, NULL, O_STATS},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct th_transport_conf conf;
	struct th_addr server = {0};
	struct th_query q;
	struct th_dname name;
	enum th_dname_reason why;
	enum th_proto proto = TH_PROTO_UDP;
	uint16_t qtype = TH_T_A, qclass = TH_CLASS_IN, flags = 0;
	uint16_t edns_size = 0, edns_flags = 0;
	uint8_t edns_version = 0;
	bool edns = false, nsid = false, cookie = false;
	uint16_t extra_opts[8];
	unsigned nextra = 0;
	unsigned long v;
	int c, rc;
	uv_loop_t loop;
	struct query_run run = {0};

	th_transport_conf_default(&conf);
	run.repeat = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_SERVER:
			if (th_addr_parse_hostport(&server, optarg, 53) != 0) {
				fprintf(stderr, "query: bad --server '%s'\n",
				        optarg);
				return 2;
			}
			break;
		case O_TCP:
			proto = TH_PROTO_TCP;
			break;
		case O_UDPONLY:
			proto = TH_PROTO_UDP_ONLY;
			break;
		case O_RD:
			flags |= TH_MSG_RD;
			break;
		case O_CD:
			flags |= TH_MSG_CD;
			break;
		case O_AD:
			flags |= TH_MSG_AD;
			break;
		case O_EDNS:
		case O_EVER:
		case O_EFLAGS:
		case O_OPTION:
		case O_CLASS:
		case O_TIMEOUT:
		case O_RETRIES:
		case O_REPEAT:
			if (parse_uint(optarg, c == O_EVER ? 255 : 0xffffff,
			               &v) != 0) {
				fprintf(stderr, "query: bad number '%s'\n",
				        optarg);
				return 2;
			}
			if (c == O_EDNS) {
				edns = true;
				edns_size = (uint16_t)(v > 65535 ? 65535 : v);
			} else if (c == O_EVER) {
				edns = true;
				edns_version = (uint8_t)v;
			} else if (c == O_EFLAGS) {
				edns = true;
				edns_flags |= (uint16_t)v;
			} else if (c == O_OPTION && nextra < 8)
				extra_opts[nextra++] = (uint16_t)v;
			else if (c == O_CLASS)
				qclass = (uint16_t)v;
			else if (c == O_TIMEOUT)
				conf.timeout_ms = (unsigned)v;
			else if (c == O_RETRIES)
				conf.tries = (unsigned)v + 1;
			else if (c == O_REPEAT)
				run.repeat = v > 0 ? (int)v : 1;
			break;
		case O_DO:
			edns = true;
			edns_flags |= TH_EDNS_DO;
			break;
		case O_NSID:
			nsid = true;
			break;
		case O_COOKIE:
			cookie = true;
			break;
		case O_STATS:
			run.stats = true;
			break;
		case O_HELP:
		case 'h':
			query_usage(stdout);
			return 0;
		default:
			query_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc || argc - optind > 2 ||
	    server.family == TH_AF_NONE) {
		query_usage(stderr);
		return 2;
	}
	if (th_dname_parse(&name, argv[optind], strlen(argv[optind]), NULL,
	                   &why) != 0) {
		fprintf(stderr, "query: bad name: %s\n",
		        th_dname_reason_text(why));
		return 2;
	}
	if (optind + 1 < argc &&
	    th_rrtype_parse(argv[optind + 1], &qtype) != 0) {
		fprintf(stderr, "query: unknown type '%s'\n", argv[optind + 1]);
		return 2;
	}
	th_query_init(&q, &name, qtype);
	q.qclass = qclass;
	q.flags = flags;
	if (edns || nsid || cookie || nextra > 0)
		th_query_set_edns(&q, edns_size ? edns_size : 1232,
		                  edns_version, edns_flags);
	if (nsid && th_query_add_option(&q, TH_EDNS_OPT_NSID, NULL, 0) != 0)
		return 2;
	if (cookie) {
		/* A fixed client cookie: the query stays cacheable. */
		static const uint8_t cc[8] = {0x74, 0x6c, 0x64, 0x68,
		                              0x65, 0x61, 0x6c, 0x74};

		if (th_query_add_option(&q, TH_EDNS_OPT_COOKIE, cc, 8) != 0)
			return 2;
	}
	for (unsigned i = 0; i < nextra; i++)
		if (th_query_add_option(&q, extra_opts[i], NULL, 0) != 0) {
			fprintf(stderr, "query: too many EDNS options\n");
			return 2;
		}

	if ((rc = uv_loop_init(&loop)) != 0) {
		fprintf(stderr, "query: %s\n", uv_strerror(rc));
		return 1;
	}
	if ((rc = th_transport_create(&run.t, &loop, &conf)) != 0) {
		fprintf(stderr, "query: transport: %s\n", th_strerror(rc));
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
		return 1;
	}
	for (int i = 0; i < run.repeat; i++)
		if ((rc = th_transport_query(run.t, &server, &q, proto,
		                             on_answer, &run)) != 0) {
			fprintf(stderr, "query: %s\n", th_strerror(rc));
			run.status = 2;
			th_transport_close(run.t);
			break;
		}
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return run.status;
}
