/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_main.c -- tbrelay: command line, daemon, signals, counters.
 *
 *     tbrelay -c CONFIG [--seed N] [--pidfile FILE] [--foreground]
 *             [--stats FILE] [--log FILE] [--log-level LEVEL] [--check]
 *             [--max-tcp N] [--max-held N] [--no-recvmmsg]
 *
 * Exit status: 0 after SIGTERM/SIGINT (or --check on a good config), 1
 * when the relay cannot start (a bind fails, ...), 2 for a malformed
 * configuration or command line (nothing is started then).
 *
 * Unless --foreground, the process forks before opening any socket; the
 * parent waits until the child has bound every listener and written the
 * pidfile, and exits 0 only then (1 if the child failed), so a script can
 * read the pidfile as soon as tbrelay returns. The child calls setsid()
 * and, once running, sends stdin/stdout (and stderr unless --log) to
 * /dev/null.
 */
#include "testbed/relay/relay.h"

#include "common/err.h"
#include "common/log.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define EXIT_START 1
#define EXIT_USAGE 2

struct main_args {
	const char *config;
	const char *pidfile;
	const char *stats;
	const char *logfile;
	bool foreground;
	bool check;
	struct relay_opts opts;
};

/* What the signal callbacks need; reached through handle->data. */
struct main_ctx {
	struct relay *relay;
	const char *stats;
	uv_signal_t sig[3]; /* SIGTERM, SIGINT, SIGUSR1 */
	int nsig;
};

static void
main_usage(FILE *fp)
{
	fprintf(fp, "usage: tbrelay -c CONFIG [--seed N] [--pidfile FILE] "
	            "[--foreground]\n"
	            "               [--stats FILE] [--log FILE] [--log-level "
	            "LEVEL] [--check]\n"
	            "               [--max-tcp N] [--max-held N] "
	            "[--no-recvmmsg]\n"
	            "CONFIG lines: LISTEN BACKEND MODE DELAY_MS JITTER_MS "
	            "LOSS_PCT\n"
	            "see docs/testbed-relay.md\n");
}

/* A decimal unsigned integer filling the whole string, at most max. */
static bool
main_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

/* Parse argv; returns 0, or EXIT_USAGE after printing why. */
static int
main_parse_args(int argc, char **argv, struct main_args *a)
{
	enum {
		OPT_SEED = 256,
		OPT_PIDFILE,
		OPT_FOREGROUND,
		OPT_STATS,
		OPT_LOG,
		OPT_LOG_LEVEL,
		OPT_CHECK,
		OPT_MAX_TCP,
		OPT_MAX_HELD,
		OPT_NO_MMSG,
	};
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"pidfile", required_argument, NULL, OPT_PIDFILE},
	    {"foreground", no_argument, NULL, OPT_FOREGROUND},
	    {"stats", required_argument, NULL, OPT_STATS},
	    {"log", required_argument, NULL, OPT_LOG},
	    {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
	    {"check", no_argument, NULL, OPT_CHECK},
	    {"max-tcp", required_argument, NULL, OPT_MAX_TCP},
	    {"max-held", required_argument, NULL, OPT_MAX_HELD},
	    {"no-recvmmsg", no_argument, NULL, OPT_NO_MMSG},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	enum th_log_level level;
	uint64_t v;
	int ch;

	memset(a, 0, sizeof(*a));
	relay_opts_default(&a->opts);
	while ((ch = getopt_long(argc, argv, "c:fh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			a->config = optarg;
			break;
		case OPT_SEED:
			if (!main_parse_u64(optarg, UINT64_MAX, &a->opts.seed))
				goto bad_number;
			break;
		case OPT_PIDFILE:
			a->pidfile = optarg;
			break;
		case 'f':
		case OPT_FOREGROUND:
			a->foreground = true;
			break;
		case OPT_STATS:
			a->stats = optarg;
			break;
		case OPT_LOG:
			a->logfile = optarg;
			break;
		case OPT_LOG_LEVEL:
			if (th_log_level_parse(optarg, &level) != 0) {
				fprintf(stderr, "tbrelay: bad log level '%s'\n",
				        optarg);
				return EXIT_USAGE;
			}
			th_log_set_level(level);
			break;
		case OPT_CHECK:
			a->check = true;
			break;
		case OPT_MAX_TCP:
			if (!main_parse_u64(optarg, 1000000, &v) || v == 0)
				goto bad_number;
			a->opts.max_tcp = (uint32_t)v;
			break;
		case OPT_MAX_HELD:
			if (!main_parse_u64(optarg, 100000000, &v) || v == 0)
				goto bad_number;
			a->opts.max_held = (size_t)v;
			break;
		case OPT_NO_MMSG:
			a->opts.recvmmsg = false;
			break;
		case 'h':
			main_usage(stdout);
			exit(0);
		default:
			main_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || a->config == NULL) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	return 0;
bad_number:
	fprintf(stderr, "tbrelay: bad number '%s'\n", optarg);
	return EXIT_USAGE;
}

/*
 * Each listener needs up to three descriptors and each TCP connection two:
 * raise the soft limit to the hard one, and keep the connection cap within
 * what is left.
 */
static void
main_fit_fd_limit(size_t listeners, struct relay_opts *opts)
{
	struct rlimit rl;
	uint64_t need = 3 * (uint64_t)listeners + 64, room;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		return;
	if (rl.rlim_cur <= need) {
		th_log_warn("descriptor limit %llu is low for %zu listeners",
		            (unsigned long long)rl.rlim_cur, listeners);
		return;
	}
	room = (rl.rlim_cur - need) / 2;
	if (opts->max_tcp > room) {
		th_log_warn("TCP connection cap lowered to %llu (descriptor "
		            "limit %llu)",
		            (unsigned long long)room,
		            (unsigned long long)rl.rlim_cur);
		opts->max_tcp = (uint32_t)(room > 0 ? room : 1);
	}
}

/* Write our pid to path through a temporary file; 0 or a negated errno. */
static int
main_write_pidfile(const char *path)
{
	char tmp[4096];
	FILE *fp;
	int rc = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	if ((fp = fopen(tmp, "w")) == NULL)
		return th_from_errno(errno);
	fprintf(fp, "%ld\n", (long)getpid());
	if (fclose(fp) != 0)
		rc = th_from_errno(errno);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = th_from_errno(errno);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

static void
main_write_stats(const struct main_ctx *ctx)
{
	int rc;

	if (ctx->stats == NULL)
		return;
	if ((rc = relay_stats_write(ctx->relay, ctx->stats)) != 0)
		th_log_error("stats %s: %s", ctx->stats, th_strerror(rc));
}

static void
main_on_signal(uv_signal_t *h, int signum)
{
	struct main_ctx *ctx = h->data;

	if (signum == SIGUSR1) {
		main_write_stats(ctx);
		return;
	}
	th_log_info("signal %d: shutting down", signum);
	relay_close(ctx->relay);
	for (int i = 0; i < ctx->nsig; i++)
		uv_close((uv_handle_t *)&ctx->sig[i], NULL);
	ctx->nsig = 0;
}

/*
 * Fork; the parent waits for the child's one-byte report on a pipe and
 * exits with it. Returns the write end in the child.
 */
static int
main_daemonize(void)
{
	int fds[2];
	pid_t pid;
	char status;
	ssize_t n;

	if (pipe(fds) != 0) {
		th_log_error("pipe: %s", strerror(errno));
		exit(EXIT_START);
	}
	if ((pid = fork()) < 0) {
		th_log_error("fork: %s", strerror(errno));
		exit(EXIT_START);
	}
	if (pid > 0) {
		close(fds[1]);
		do
			n = read(fds[0], &status, 1);
		while (n < 0 && errno == EINTR);
		/* No byte: the child died before it could report. */
		exit(n == 1 ? status : EXIT_START);
	}
	close(fds[0]);
	if (setsid() < 0)
		th_log_warn("setsid: %s", strerror(errno));
	return fds[1];
}

/* Tell the waiting parent how the start went, and detach from the tty. */
static void
main_report(int *ready_fd, char status, bool keep_stderr)
{
	int null;
	ssize_t n;

	if (*ready_fd < 0)
		return;
	do
		n = write(*ready_fd, &status, 1);
	while (n < 0 && errno == EINTR);
	close(*ready_fd);
	*ready_fd = -1;
	if (status != 0 || (null = open("/dev/null", O_RDWR)) < 0)
		return;
	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	if (!keep_stderr)
		dup2(null, STDERR_FILENO);
	if (null > STDERR_FILENO)
		close(null);
}

/* Set the relay up, run it until a signal, tear it down. */
static int
main_run(const struct main_args *a, const struct relay_conf *conf, int ready_fd)
{
	static const int signums[] = {SIGTERM, SIGINT, SIGUSR1};
	struct main_ctx ctx;
	uv_loop_t loop;
	int rc, status = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.stats = a->stats;
	if ((rc = uv_loop_init(&loop)) != 0) {
		th_log_error("loop: %s", uv_strerror(rc));
		main_report(&ready_fd, EXIT_START, true);
		return EXIT_START;
	}
	if ((rc = relay_new(&loop, conf, &a->opts, &ctx.relay)) != 0) {
		th_log_error("relay: %s", th_strerror(rc));
		uv_loop_close(&loop);
		main_report(&ready_fd, EXIT_START, true);
		return EXIT_START;
	}
	rc = relay_start(ctx.relay);
	for (int i = 0; rc == 0 && i < 3; i++) {
		if ((rc = uv_signal_init(&loop, &ctx.sig[i])) != 0)
			break;
		ctx.sig[i].data = &ctx;
		ctx.nsig++;
		rc = uv_signal_start(&ctx.sig[i], main_on_signal, signums[i]);
	}
	if (rc == 0 && a->pidfile != NULL &&
	    (rc = main_write_pidfile(a->pidfile)) != 0)
		th_log_error("pidfile %s: %s", a->pidfile, th_strerror(rc));
	if (rc != 0) {
		status = EXIT_START;
		main_report(&ready_fd, EXIT_START, true);
		relay_close(ctx.relay);
		for (int i = 0; i < ctx.nsig; i++)
			uv_close((uv_handle_t *)&ctx.sig[i], NULL);
	} else {
		th_log_info("serving %zu listeners (seed %llu)",
		            relay_listener_count(ctx.relay),
		            (unsigned long long)a->opts.seed);
		main_report(&ready_fd, 0, a->logfile != NULL);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	if (status == 0) {
		main_write_stats(&ctx);
		if (a->pidfile != NULL)
			unlink(a->pidfile);
	}
	relay_free(ctx.relay);
	if ((rc = uv_loop_close(&loop)) != 0) {
		th_log_error("loop close: %s", uv_strerror(rc));
		status = EXIT_START;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct main_args args;
	struct relay_conf conf;
	int rc, ready_fd = -1;

	th_log_set_ident("tbrelay");
	if ((rc = main_parse_args(argc, argv, &args)) != 0)
		return rc;
	if (args.logfile != NULL &&
	    freopen(args.logfile, "a", stderr) == NULL) {
		fprintf(stdout, "tbrelay: %s: %s\n", args.logfile,
		        strerror(errno));
		return EXIT_USAGE;
	}
	if (args.logfile != NULL)
		setvbuf(stderr, NULL, _IOLBF, 0);
	if (relay_conf_load(args.config, &conf) != 0)
		return EXIT_USAGE;
	if (args.check) {
		printf("%s: %zu listeners ok\n", args.config, conf.n);
		relay_conf_free(&conf);
		return 0;
	}
	/* Writes to a closed TCP peer must fail with EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	main_fit_fd_limit(conf.n, &args.opts);
	if (!args.foreground)
		ready_fd = main_daemonize();
	rc = main_run(&args, &conf, ready_fd);
	relay_conf_free(&conf);
	return rc;
}
