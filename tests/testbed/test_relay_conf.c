/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_relay_conf.c -- unit tests for testbed/relay/relay_conf: the
 * listener table of tbrelay, its valid lines for every mode and address
 * form, and one row per kind of malformed line, each of which must be
 * reported as "file:line: reason" and fail the whole parse.
 *
 * The parser reports through the log on stderr; the tests capture file
 * descriptor 2 into a temporary file around each call and read it back.
 */
#include "common/err.h"
#include "testbed/relay/relay_conf.h"
#include "tests/suites.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define LOG_MAX 8192

/* Send stderr to a temporary file until capture_end(). */
static FILE *
capture_begin(int *saved)
{
	FILE *tmp = tmpfile();

	ck_assert_ptr_nonnull(tmp);
	fflush(stderr);
	*saved = dup(STDERR_FILENO);
	ck_assert_int_ge(*saved, 0);
	ck_assert_int_ge(dup2(fileno(tmp), STDERR_FILENO), 0);
	return tmp;
}

/* Restore stderr; log gets what was written (LOG_MAX bytes). */
static void
capture_end(FILE *tmp, int saved, char *log)
{
	size_t got;

	fflush(stderr);
	ck_assert_int_ge(dup2(saved, STDERR_FILENO), 0);
	close(saved);
	rewind(tmp);
	got = fread(log, 1, LOG_MAX - 1, tmp);
	log[got] = '\0';
	fclose(tmp);
}

/* Parse text as the file "t.conf", with what it logged in log. */
static int
parse_logged(const char *text, struct relay_conf *conf, char *log)
{
	int saved, rc;
	FILE *tmp = capture_begin(&saved);

	rc = relay_conf_parse(text, strlen(text), "t.conf", conf);
	capture_end(tmp, saved, log);
	return rc;
}

static void
addr_text(const union relay_addr *a, char *buf)
{
	relay_addr_format(a, buf, RELAY_ADDR_STRLEN);
}

/* ---- valid lines -------------------------------------------------------- */

struct ok_case {
	const char *text;
	size_t n;     /* listeners in the file */
	size_t which; /* the listener checked */
	const char *listen;
	const char *backend; /* "-": none */
	enum relay_mode mode;
	uint32_t delay, jitter, loss_ppm;
	unsigned line;
	const char *msg;
};

#define FWD RELAY_MODE_FORWARD

static const struct ok_case ok_cases[] = {
    {"127.0.0.1@5300 127.0.0.2 forward 0 0 0\n", 1, 0, "127.0.0.1@5300",
     "127.0.0.2@53", FWD, 0, 0, 0, 1, "forward, backend without a port"},
    {"127.100.2.1 - blackhole 0 0 0\n", 1, 0, "127.100.2.1@53", "-",
     RELAY_MODE_BLACKHOLE, 0, 0, 0, 1, "blackhole with '-', port 53"},
    {"127.100.2.2 127.101.2.2@53 notcp 1 2 3\n", 1, 0, "127.100.2.2@53",
     "127.101.2.2@53", RELAY_MODE_NOTCP, 1, 2, 30000, 1, "notcp"},
    {"127.100.2.3 127.101.2.3 noaa 0 0 0\n", 1, 0, "127.100.2.3@53",
     "127.101.2.3@53", RELAY_MODE_NOAA, 0, 0, 0, 1, "noaa"},
    {"127.100.2.4 127.101.2.4 edns-formerr 0 0 0\n", 1, 0, "127.100.2.4@53",
     "127.101.2.4@53", RELAY_MODE_EDNS_FORMERR, 0, 0, 0, 1, "edns-formerr"},
    {"127.100.2.5 127.101.2.5 edns-drop 0 0 0\n", 1, 0, "127.100.2.5@53",
     "127.101.2.5@53", RELAY_MODE_EDNS_DROP, 0, 0, 0, 1, "edns-drop"},
    {"127.100.2.6 127.101.2.6 edns1-ignore 0 0 0\n", 1, 0, "127.100.2.6@53",
     "127.101.2.6@53", RELAY_MODE_EDNS1_IGNORE, 0, 0, 0, 1, "edns1-ignore"},
    {"127.100.2.7 127.101.2.7 tc-always 0 0 0\n", 1, 0, "127.100.2.7@53",
     "127.101.2.7@53", RELAY_MODE_TC_ALWAYS, 0, 0, 0, 1, "tc-always"},
    {"::1@5353 fd00:5e:101::2:1@5354 forward 100 20 100\n", 1, 0, "::1@5353",
     "fd00:5e:101::2:1@5354", FWD, 100, 20, RELAY_LOSS_SCALE, 1,
     "IPv6 with ports, loss 100"},
    {"fd00:5e:100::2:1 - blackhole 0 0 0\n", 1, 0, "fd00:5e:100::2:1@53", "-",
     RELAY_MODE_BLACKHOLE, 0, 0, 0, 1, "IPv6 without a port"},
    {"127.0.0.1@1 127.0.0.2@65535 forward 60000 60000 0\n", 1, 0, "127.0.0.1@1",
     "127.0.0.2@65535", FWD, 60000, 60000, 0, 1,
     "ports 1 and 65535, largest delay and jitter"},
    {"# header\n\n   \t \n127.0.0.1 127.0.0.2 forward 5 1 0 # comment\n", 1, 0,
     "127.0.0.1@53", "127.0.0.2@53", FWD, 5, 1, 0, 4,
     "comment, blank lines, trailing comment: line 4"},
    {"127.0.0.1\t127.0.0.2\tforward\t7\t3\t0.5", 1, 0, "127.0.0.1@53",
     "127.0.0.2@53", FWD, 7, 3, 5000, 1, "tabs, no final newline"},
    {"127.0.0.1 127.0.0.2 forward 0 0 0\r\n", 1, 0, "127.0.0.1@53",
     "127.0.0.2@53", FWD, 0, 0, 0, 1, "CRLF line end"},
    {"127.0.0.1 127.0.0.2 forward 0 0 0#no blank before the comment\n", 1, 0,
     "127.0.0.1@53", "127.0.0.2@53", FWD, 0, 0, 0, 1,
     "comment right after a field"},
    {"127.0.0.1 127.0.0.2 forward 0 0 0\n\n127.0.0.3@54 - blackhole 9 8 "
     "0.0001\n",
     2, 1, "127.0.0.3@54", "-", RELAY_MODE_BLACKHOLE, 9, 8, 1, 3,
     "second listener, a millionth of loss"},
    {"127.0.0.1 127.0.0.2 forward 0 0 12.34567\n", 1, 0, "127.0.0.1@53",
     "127.0.0.2@53", FWD, 0, 0, 123456, 1,
     "loss digits past the fourth decimal truncated"},
    {"127.0.0.1 127.0.0.2 forward 0 0 100.0000\n", 1, 0, "127.0.0.1@53",
     "127.0.0.2@53", FWD, 0, 0, RELAY_LOSS_SCALE, 1, "loss 100.0000"},
    {"127.0.0.1@53 127.0.0.2 forward 0 0 0\n127.0.0.1@54 127.0.0.2 forward "
     "0 0 0\n",
     2, 1, "127.0.0.1@54", "127.0.0.2@53", FWD, 0, 0, 0, 2,
     "same address, other port: not a duplicate"},
    {"::1 127.0.0.2 forward 0 0 0\n127.0.0.1 ::2 noaa 0 0 0\n", 2, 1,
     "127.0.0.1@53", "::2@53", RELAY_MODE_NOAA, 0, 0, 0, 2, "mixed families"},
};

START_TEST(test_relay_conf_ok)
{
	const struct ok_case *c = &ok_cases[_i];
	struct relay_conf conf;
	const struct relay_conf_listener *l;
	char log[LOG_MAX], buf[RELAY_ADDR_STRLEN];
	int rc = parse_logged(c->text, &conf, log);

	ck_assert_msg(rc == 0, "%s: %s; log: %s", c->msg, th_errname(rc), log);
	ck_assert_msg(log[0] == '\0', "%s: logged %s", c->msg, log);
	ck_assert_uint_eq(conf.n, c->n);
	l = &conf.v[c->which];
	addr_text(&l->listen, buf);
	ck_assert_str_eq(buf, c->listen);
	addr_text(&l->backend, buf);
	ck_assert_str_eq(buf, c->backend);
	ck_assert(l->has_backend == (strcmp(c->backend, "-") != 0));
	ck_assert_msg(l->mode == c->mode, "%s: mode %s", c->msg,
	              relay_mode_name(l->mode));
	ck_assert_uint_eq(l->delay_ms, c->delay);
	ck_assert_uint_eq(l->jitter_ms, c->jitter);
	ck_assert_uint_eq(l->loss_ppm, c->loss_ppm);
	ck_assert_uint_eq(l->line, c->line);
	relay_conf_free(&conf);
	ck_assert_ptr_null(conf.v);
	ck_assert_uint_eq(conf.n, 0);
}
END_TEST

/* The address the parser stores, byte for byte, not just as text. */
START_TEST(test_relay_conf_addr_bytes)
{
	struct relay_conf conf;
	char log[LOG_MAX];
	struct sockaddr_in6 want6;
	struct sockaddr_in want4;

	ck_assert_int_eq(
	    parse_logged("10.1.2.3@5300 fd00::1@53 forward 0 0 0\n", &conf,
	                 log),
	    0);
	memset(&want4, 0, sizeof(want4));
	want4.sin_family = AF_INET;
	want4.sin_port = htons(5300);
	want4.sin_addr.s_addr = htonl(0x0a010203);
	memset(&want6, 0, sizeof(want6));
	want6.sin6_family = AF_INET6;
	want6.sin6_port = htons(53);
	want6.sin6_addr.s6_addr[0] = 0xfd;
	want6.sin6_addr.s6_addr[15] = 1;
	ck_assert(relay_addr_equal(&conf.v[0].listen,
	                           (const struct sockaddr *)&want4));
	ck_assert(relay_addr_equal(&conf.v[0].backend,
	                           (const struct sockaddr *)&want6));
	/* A different port, address or family is another address. */
	want4.sin_port = htons(5301);
	ck_assert(!relay_addr_equal(&conf.v[0].listen,
	                            (const struct sockaddr *)&want4));
	want4.sin_port = htons(5300);
	want4.sin_addr.s_addr = htonl(0x0a010204);
	ck_assert(!relay_addr_equal(&conf.v[0].listen,
	                            (const struct sockaddr *)&want4));
	ck_assert(!relay_addr_equal(&conf.v[0].listen,
	                            (const struct sockaddr *)&want6));
	want6.sin6_port = htons(54);
	ck_assert(!relay_addr_equal(&conf.v[0].backend,
	                            (const struct sockaddr *)&want6));
	relay_conf_free(&conf);
}
END_TEST

/* ---- the mode table ----------------------------------------------------- */

static const struct {
	enum relay_mode mode;
	const char *name;
	bool backend, tcp;
} mode_cases[] = {
    {RELAY_MODE_FORWARD, "forward", true, true},
    {RELAY_MODE_BLACKHOLE, "blackhole", false, true},
    {RELAY_MODE_NOTCP, "notcp", true, false},
    {RELAY_MODE_NOAA, "noaa", true, true},
    {RELAY_MODE_EDNS_FORMERR, "edns-formerr", true, true},
    {RELAY_MODE_EDNS_DROP, "edns-drop", true, true},
    {RELAY_MODE_EDNS1_IGNORE, "edns1-ignore", true, true},
    {RELAY_MODE_TC_ALWAYS, "tc-always", true, true},
    {RELAY_MODE__COUNT, "?", false, false},
    {(enum relay_mode) - 1, "?", false, false},
};

START_TEST(test_relay_conf_modes)
{
	ck_assert_str_eq(relay_mode_name(mode_cases[_i].mode),
	                 mode_cases[_i].name);
	ck_assert(relay_mode_has_backend(mode_cases[_i].mode) ==
	          mode_cases[_i].backend);
	ck_assert(relay_mode_has_tcp(mode_cases[_i].mode) ==
	          mode_cases[_i].tcp);
}
END_TEST

START_TEST(test_relay_conf_format_unset)
{
	union relay_addr a;
	char buf[RELAY_ADDR_STRLEN];

	memset(&a, 0, sizeof(a));
	addr_text(&a, buf);
	ck_assert_str_eq(buf, "-");
}
END_TEST

/* ---- malformed lines ---------------------------------------------------- */

#define GOOD "127.0.0.9 127.0.0.2 forward 0 0 0\n"

static const struct {
	const char *text;
	const char *where; /* the "file:line:" prefix expected in the log */
	const char *why;   /* part of the reason */
	const char *msg;
} bad_cases[] = {
    {"127.0.0.1 127.0.0.2 relay 0 0 0\n", "t.conf:1: ", "unknown mode",
     "unknown mode"},
    {"127.0.0.1 127.0.0.2 Forward 0 0 0\n", "t.conf:1: ", "unknown mode",
     "modes are case-sensitive"},
    {"127.0.0.256 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "not an IPv4 or IPv6 address", "listen octet 256"},
    {"127.0.0.1 ns1.example forward 0 0 0\n",
     "t.conf:1: ", "not an IPv4 or IPv6 address", "backend is a name"},
    {"[::1]@53 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "not an IPv4 or IPv6 address", "bracketed IPv6"},
    {"@53 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "not an IPv4 or IPv6 address", "port without an address"},
    {"1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb - blackhole 0 0 "
     "0\n",
     "t.conf:1: ", "not an IPv4 or IPv6 address",
     "address longer than any IPv6 text"},
    {"127.0.0.1@0 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "port must be 1-65535", "port 0"},
    {"127.0.0.1@65536 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "port must be 1-65535", "port 65536"},
    {"127.0.0.1 127.0.0.2@99999999999 forward 0 0 0\n",
     "t.conf:1: ", "port must be 1-65535", "backend port with 11 digits"},
    {"127.0.0.1@ 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "port must be 1-65535", "empty port"},
    {"127.0.0.1@dns 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "port must be 1-65535", "port not a number"},
    {"127.0.0.1@-53 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "port must be 1-65535", "negative port"},
    {"127.0.0.1@53@54 127.0.0.2 forward 0 0 0\n",
     "t.conf:1: ", "port must be 1-65535", "two ports"},
    {"127.0.0.1 127.0.0.2 forward -1 0 0\n", "t.conf:1: ", "DELAY_MS",
     "negative delay"},
    {"127.0.0.1 127.0.0.2 forward +5 0 0\n", "t.conf:1: ", "DELAY_MS",
     "signed delay"},
    {"127.0.0.1 127.0.0.2 forward 1.5 0 0\n", "t.conf:1: ", "DELAY_MS",
     "fractional delay"},
    {"127.0.0.1 127.0.0.2 forward 10ms 0 0\n", "t.conf:1: ", "DELAY_MS",
     "delay with a unit"},
    {"127.0.0.1 127.0.0.2 forward 60001 0 0\n", "t.conf:1: ", "DELAY_MS",
     "delay over 60000"},
    {"127.0.0.1 127.0.0.2 forward 4294967296 0 0\n", "t.conf:1: ", "DELAY_MS",
     "delay 2^32 (would wrap in 32 bits)"},
    {"127.0.0.1 127.0.0.2 forward 0 -5 0\n", "t.conf:1: ", "JITTER_MS",
     "negative jitter"},
    {"127.0.0.1 127.0.0.2 forward 0 x 0\n", "t.conf:1: ", "JITTER_MS",
     "jitter not a number"},
    {"127.0.0.1 127.0.0.2 forward 0 60001 0\n", "t.conf:1: ", "JITTER_MS",
     "jitter over 60000"},
    {"127.0.0.1 127.0.0.2 forward 0 0 100.1\n", "t.conf:1: ", "LOSS_PCT",
     "loss 100.1"},
    {"127.0.0.1 127.0.0.2 forward 0 0 101\n", "t.conf:1: ", "LOSS_PCT",
     "loss 101"},
    {"127.0.0.1 127.0.0.2 forward 0 0 100.0001\n", "t.conf:1: ", "LOSS_PCT",
     "loss a millionth over 100"},
    {"127.0.0.1 127.0.0.2 forward 0 0 -1\n", "t.conf:1: ", "LOSS_PCT",
     "negative loss"},
    {"127.0.0.1 127.0.0.2 forward 0 0 abc\n", "t.conf:1: ", "LOSS_PCT",
     "loss not a number"},
    {"127.0.0.1 127.0.0.2 forward 0 0 1.\n", "t.conf:1: ", "LOSS_PCT",
     "loss with a bare point"},
    {"127.0.0.1 127.0.0.2 forward 0 0 .5\n", "t.conf:1: ", "LOSS_PCT",
     "loss without a whole part"},
    {"127.0.0.1 127.0.0.2 forward 0 0 1e2\n", "t.conf:1: ", "LOSS_PCT",
     "loss in exponent form"},
    {"127.0.0.1 127.0.0.2 forward 0 0 5%\n", "t.conf:1: ", "LOSS_PCT",
     "loss with a percent sign"},
    {"127.0.0.1 127.0.0.2 forward 0 0\n", "t.conf:1: ", "expected 6 fields",
     "five fields"},
    {"127.0.0.1\n", "t.conf:1: ", "expected 6 fields", "one field"},
    {"127.0.0.1 127.0.0.2 forward 0 0 0 0\n", "t.conf:1: ", "expected 6 fields",
     "seven fields"},
    {"127.0.0.1 127.0.0.2 forward 0 0 0 a b c d e f g\n",
     "t.conf:1: ", "expected 6 fields", "many extra fields"},
    {"127.0.0.1 - forward 0 0 0\n", "t.conf:1: ", "needs a BACKEND",
     "forward with '-'"},
    {"127.0.0.1 - notcp 0 0 0\n", "t.conf:1: ", "needs a BACKEND",
     "notcp with '-'"},
    {"127.0.0.1 - tc-always 0 0 0\n", "t.conf:1: ", "needs a BACKEND",
     "tc-always with '-'"},
    {"127.0.0.1 127.0.0.2 blackhole 0 0 0\n",
     "t.conf:1: ", "blackhole takes no backend", "blackhole with a backend"},
    {GOOD "127.0.0.9@53 127.0.0.3 noaa 0 0 0\n",
     "t.conf:2: ", "already used on line 1", "duplicate listen address"},
    {GOOD "::1 - blackhole 0 0 0\n::1@53 - blackhole 0 0 0\n",
     "t.conf:3: ", "already used on line 2", "duplicate IPv6 listen address"},
    {GOOD "# comment\n\n127.0.0.1 127.0.0.2 forward 0 0 zero\n",
     "t.conf:4: ", "LOSS_PCT", "error after good lines, comments, blanks"},
    {"127.0.0.1 127.0.0.2 bogus 0 0 0\n" GOOD "127.0.0.3 - forward 0 0 0\n",
     "t.conf:3: ", "needs a BACKEND",
     "every bad line is reported, not only the first"},
    {"", "t.conf: ", "no listener configured", "empty file"},
    {"# only a comment\n\n  \t\n", "t.conf: ", "no listener configured",
     "comments and blanks only"},
};

START_TEST(test_relay_conf_bad)
{
	struct relay_conf conf = {(struct relay_conf_listener *)&conf, 99};
	char log[LOG_MAX];
	int rc = parse_logged(bad_cases[_i].text, &conf, log);

	ck_assert_msg(rc == TH_ECONFIG, "%s: %s", bad_cases[_i].msg,
	              th_errname(rc));
	ck_assert_ptr_null(conf.v);
	ck_assert_uint_eq(conf.n, 0);
	ck_assert_msg(strstr(log, bad_cases[_i].where) != NULL,
	              "%s: no \"%s\" in the log: %s", bad_cases[_i].msg,
	              bad_cases[_i].where, log);
	ck_assert_msg(strstr(log, bad_cases[_i].why) != NULL,
	              "%s: no \"%s\" in the log: %s", bad_cases[_i].msg,
	              bad_cases[_i].why, log);
}
END_TEST

/* Two bad lines among good ones: both named, the good ones not. */
START_TEST(test_relay_conf_bad_lines_named)
{
	struct relay_conf conf;
	char log[LOG_MAX];

	ck_assert_int_eq(parse_logged(GOOD "127.0.0.1 - forward 0 0 0\n"
	                                   "127.0.0.3 127.0.0.2 noaa 0 0 0\n"
	                                   "127.0.0.4 127.0.0.2 noaa 0 -1 0\n",
	                              &conf, log),
	                 TH_ECONFIG);
	ck_assert_ptr_nonnull(strstr(log, "t.conf:2: "));
	ck_assert_ptr_nonnull(strstr(log, "t.conf:4: "));
	ck_assert_ptr_null(strstr(log, "t.conf:1: "));
	ck_assert_ptr_null(strstr(log, "t.conf:3: "));
}
END_TEST

/* The text need not be NUL-terminated: len bounds the parse. */
START_TEST(test_relay_conf_len_bounds)
{
	static const char text[] = GOOD "garbage that must not be read";
	struct relay_conf conf;
	char *copy = malloc(strlen(GOOD));

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, strlen(GOOD));
	ck_assert_int_eq(relay_conf_parse(copy, strlen(GOOD), "t", &conf), 0);
	ck_assert_uint_eq(conf.n, 1);
	relay_conf_free(&conf);
	/* Without the newline: the last line still counts. */
	ck_assert_int_eq(relay_conf_parse(copy, strlen(GOOD) - 1, "t", &conf),
	                 0);
	ck_assert_uint_eq(conf.n, 1);
	relay_conf_free(&conf);
	free(copy);
	relay_conf_free(NULL);
}
END_TEST

/* Many listeners: the array grows past its first allocation (64). */
START_TEST(test_relay_conf_many)
{
	char *text = malloc(300 * 64);
	size_t len = 0;
	struct relay_conf conf;
	char buf[RELAY_ADDR_STRLEN];

	ck_assert_ptr_nonnull(text);
	for (unsigned i = 0; i < 300; i++)
		len += (size_t)snprintf(text + len, 300 * 64 - len,
		                        "127.100.%u.%u - blackhole 0 0 0\n",
		                        2 + i / 200, 1 + i % 200);
	ck_assert_int_eq(relay_conf_parse(text, len, "t", &conf), 0);
	ck_assert_uint_eq(conf.n, 300);
	addr_text(&conf.v[299].listen, buf);
	ck_assert_str_eq(buf, "127.100.3.100@53");
	ck_assert_uint_eq(conf.v[299].line, 300);
	relay_conf_free(&conf);
	free(text);
}
END_TEST

/* ---- loading files ------------------------------------------------------ */

START_TEST(test_relay_conf_load)
{
	char dir[] = "/tmp/th-relay-conf-XXXXXX", path[64];
	struct relay_conf conf;
	FILE *fp;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/relay.conf", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("# two listeners\n" GOOD "::1@5300 ::2 edns-drop 1 2 3\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
	rc = relay_conf_load(path, &conf);
	/* Remove the folder first, so that a failure leaves nothing. */
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(conf.n, 2);
	ck_assert_int_eq(conf.v[1].mode, RELAY_MODE_EDNS_DROP);
	ck_assert_uint_eq(conf.v[1].line, 3);
	relay_conf_free(&conf);
}
END_TEST

START_TEST(test_relay_conf_load_missing)
{
	struct relay_conf conf = {(struct relay_conf_listener *)&conf, 5};
	char log[LOG_MAX];
	int saved, rc;
	FILE *tmp = capture_begin(&saved);

	rc = relay_conf_load("/nonexistent/th-relay.conf", &conf);
	capture_end(tmp, saved, log);
	ck_assert_int_eq(rc, th_from_errno(ENOENT));
	ck_assert_ptr_null(conf.v);
	ck_assert_uint_eq(conf.n, 0);
	ck_assert_ptr_nonnull(strstr(log, "/nonexistent/th-relay.conf"));
}
END_TEST

Suite *
suite_relay_conf(void)
{
	Suite *s = suite_create("relay_conf");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_relay_conf_ok, 0, N_ELEMS(ok_cases));
	tcase_add_test(pos, test_relay_conf_addr_bytes);
	tcase_add_loop_test(pos, test_relay_conf_modes, 0, N_ELEMS(mode_cases));
	tcase_add_test(pos, test_relay_conf_format_unset);
	tcase_add_test(pos, test_relay_conf_len_bounds);
	tcase_add_test(pos, test_relay_conf_many);
	tcase_add_test(pos, test_relay_conf_load);

	tcase_add_loop_test(neg, test_relay_conf_bad, 0, N_ELEMS(bad_cases));
	tcase_add_test(neg, test_relay_conf_bad_lines_named);
	tcase_add_test(neg, test_relay_conf_load_missing);

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
