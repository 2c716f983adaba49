/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hostile_main.c -- tbhostile: the hostile DNS server as a program.
 *
 *     tbhostile --addr A [--alt-addr B] [--port P] [--no-tcp]
 *               [--late-ms N] [--port-file F] [--log-level LEVEL]
 *
 * Binds, prints the port on stdout (and writes it to F, through a
 * temporary file renamed into place, so a reader never sees half of it),
 * then serves until SIGTERM or SIGINT and exits 0 (removing F). Exit
 * status 1: the server could not start; 2: a bad command line.
 *
 * The server runs in its own thread (hostile_start); this thread only
 * waits for the signals on a loop of its own.
 */
#include "testbed/hostile/hostile.h"

#include "common/err.h"
#include "common/log.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#define EXIT_START 1
#define EXIT_USAGE 2

struct main_args {
	struct hostile_conf conf;
	const char *port_file;
};

static void
main_usage(FILE *fp)
{
	fprintf(fp, "usage: tbhostile --addr A [--alt-addr B] [--port P] "
	            "[--no-tcp] [--late-ms N]\n"
	            "                 [--port-file F] [--log-level LEVEL]\n"
	            "see docs/hostile-server.md\n");
}

/* A decimal unsigned integer filling the whole string, at most max. */
static bool
main_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

/* Parse argv; returns 0, or EXIT_USAGE after printing why. */
static int
main_parse_args(int argc, char **argv, struct main_args *a)
{
	enum {
		OPT_ADDR = 256,
		OPT_ALT,
		OPT_PORT,
		OPT_NO_TCP,
		OPT_LATE,
		OPT_PORT_FILE,
		OPT_LOG_LEVEL,
	};
	static const struct option longopts[] = {
	    {"addr", required_argument, NULL, OPT_ADDR},
	    {"alt-addr", required_argument, NULL, OPT_ALT},
	    {"port", required_argument, NULL, OPT_PORT},
	    {"no-tcp", no_argument, NULL, OPT_NO_TCP},
	    {"late-ms", required_argument, NULL, OPT_LATE},
	    {"port-file", required_argument, NULL, OPT_PORT_FILE},
	    {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	enum th_log_level level;
	unsigned long v;
	int ch;

	memset(a, 0, sizeof(*a));
	a->conf.tcp = true;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_ADDR:
			a->conf.addr = optarg;
			break;
		case OPT_ALT:
			a->conf.alt_addr = optarg;
			break;
		case OPT_PORT:
			if (!main_parse_uint(optarg, 65535, &v))
				goto bad_number;
			a->conf.port = (uint16_t)v;
			break;
		case OPT_NO_TCP:
			a->conf.tcp = false;
			break;
		case OPT_LATE:
			if (!main_parse_uint(optarg, 600000, &v) || v == 0)
				goto bad_number;
			a->conf.late_ms = (unsigned)v;
			break;
		case OPT_PORT_FILE:
			a->port_file = optarg;
			break;
		case OPT_LOG_LEVEL:
			if (th_log_level_parse(optarg, &level) != 0) {
				fprintf(stderr,
				        "tbhostile: bad log level '%s'\n",
				        optarg);
				return EXIT_USAGE;
			}
			th_log_set_level(level);
			break;
		case 'h':
			main_usage(stdout);
			exit(0);
		default:
			main_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || a->conf.addr == NULL) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	return 0;
bad_number:
	fprintf(stderr, "tbhostile: bad number '%s'\n", optarg);
	return EXIT_USAGE;
}

/* Write the port to path through a temporary file; 0 or a negated errno. */
static int
main_write_port(const char *path, uint16_t port)
{
	char tmp[4096];
	FILE *fp;
	int rc = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	if ((fp = fopen(tmp, "w")) == NULL)
		return th_from_errno(errno);
	fprintf(fp, "%u\n", (unsigned)port);
	if (fclose(fp) != 0)
		rc = th_from_errno(errno);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = th_from_errno(errno);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

static void
main_on_signal(uv_signal_t *sig, int signum)
{
	uv_signal_t *all = sig->data;

	th_log_info("signal %d: shutting down", signum);
	/* Closing both handles lets uv_run() in main_serve() return. */
	for (int i = 0; i < 2; i++)
		if (!uv_is_closing((uv_handle_t *)&all[i]))
			uv_close((uv_handle_t *)&all[i], NULL);
}

/* Announce the port, serve until a signal. */
static int
main_serve(struct hostile *h, const char *port_file)
{
	static const int signums[2] = {SIGTERM, SIGINT};
	uv_signal_t sig[2];
	uv_loop_t loop;
	int rc, n = 0;

	if ((rc = uv_loop_init(&loop)) != 0) {
		th_log_error("loop: %s", uv_strerror(rc));
		return EXIT_START;
	}
	/* Signals are caught before anyone learns the port. */
	for (; n < 2; n++) {
		if ((rc = uv_signal_init(&loop, &sig[n])) != 0)
			break;
		sig[n].data = sig;
		if ((rc = uv_signal_start(&sig[n], main_on_signal,
		                          signums[n])) != 0) {
			n++;
			break;
		}
	}
	if (rc == 0 && (rc = hostile_start(h)) != 0)
		th_log_error("start: %s", th_strerror(rc));
	if (rc == 0 && port_file != NULL &&
	    (rc = main_write_port(port_file, hostile_port(h))) != 0)
		th_log_error("port file %s: %s", port_file, th_strerror(rc));
	if (rc == 0) {
		printf("%u\n", (unsigned)hostile_port(h));
		fflush(stdout);
		th_log_info("serving on port %u", (unsigned)hostile_port(h));
	} else {
		for (int i = 0; i < n; i++)
			uv_close((uv_handle_t *)&sig[i], NULL);
	}
	(void)uv_run(&loop, UV_RUN_DEFAULT);
	hostile_stop(h);
	if (rc == 0 && port_file != NULL)
		unlink(port_file);
	if (uv_loop_close(&loop) != 0)
		th_log_error("loop close: busy");
	return rc == 0 ? 0 : EXIT_START;
}

int
main(int argc, char **argv)
{
	struct main_args args;
	struct hostile *h;
	int rc;

	th_log_set_ident("tbhostile");
	if ((rc = main_parse_args(argc, argv, &args)) != 0)
		return rc;
	if ((rc = hostile_open(&h, &args.conf)) != 0) {
		th_log_error("%s: %s", args.conf.addr, th_strerror(rc));
		return rc == TH_EINVAL ? EXIT_USAGE : EXIT_START;
	}
	rc = main_serve(h, args.port_file);
	hostile_close(h);
	return rc;
}
