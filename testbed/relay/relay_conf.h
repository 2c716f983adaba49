/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_conf.h -- the tbrelay configuration: one listener per line.
 *
 * A configuration file lists the listeners one process serves:
 *
 *     LISTEN  BACKEND  MODE  DELAY_MS  JITTER_MS  LOSS_PCT
 *
 * LISTEN and BACKEND are "ADDR" (port 53) or "ADDR@PORT", IPv4 or IPv6;
 * BACKEND is "-" for the one mode that needs none (blackhole). '#' starts
 * a comment; blank lines are ignored. The parser reports every malformed
 * line (file:line: reason) through the log and then fails as a whole, so a
 * caller never starts a half-configured relay.
 *
 * The result is a plain value array the caller owns and releases with
 * relay_conf_free().
 */
#ifndef TH_RELAY_CONF_H
#define TH_RELAY_CONF_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* What a listener emulates; see docs/testbed-relay.md for each. */
enum relay_mode {
	RELAY_MODE_FORWARD = 0,
	RELAY_MODE_BLACKHOLE,
	RELAY_MODE_NOTCP,
	RELAY_MODE_NOAA,
	RELAY_MODE_EDNS_FORMERR,
	RELAY_MODE_EDNS_DROP,
	RELAY_MODE_EDNS1_IGNORE,
	RELAY_MODE_TC_ALWAYS,
	RELAY_MODE__COUNT
};

/* An IPv4 or IPv6 socket address, sized for either. */
union relay_addr {
	struct sockaddr sa;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
};

/* Longest text relay_addr_format() writes, NUL included. */
#define RELAY_ADDR_STRLEN (INET6_ADDRSTRLEN + 8)

/* Upper bounds the parser enforces on the numeric columns. */
#define RELAY_CONF_MAX_DELAY_MS 60000u
#define RELAY_LOSS_SCALE 1000000u /* loss is kept in parts per million */

/* One configured listener. */
struct relay_conf_listener {
	union relay_addr listen;
	union relay_addr backend; /* unset (AF_UNSPEC) when has_backend false */
	bool has_backend;
	enum relay_mode mode;
	uint32_t delay_ms;
	uint32_t jitter_ms;
	uint32_t loss_ppm; /* 0 .. RELAY_LOSS_SCALE */
	unsigned line;     /* line of the file, for messages */
};

struct relay_conf {
	struct relay_conf_listener *v;
	size_t n;
};

/*
 * Parse configuration text.
 * @param[in] text, len  the file contents (need not be NUL-terminated)
 * @param[in] name       file name used in error messages
 * @param[out] out       the listeners; owned by the caller on success,
 *                       zeroed on failure
 * @return 0; TH_ECONFIG when any line is malformed or there is no listener
 *         (each problem has been logged as "name:line: reason");
 *         TH_ENOMEM.
 */
int relay_conf_parse(const char *text, size_t len, const char *name,
                     struct relay_conf *out)
    __attribute__((warn_unused_result));

/*
 * Read and parse a configuration file (at most 16 MiB).
 * @return as relay_conf_parse(), plus a negated errno when the file cannot
 *         be read (logged) and TH_ETOOBIG when it is too large.
 */
int relay_conf_load(const char *path, struct relay_conf *out)
    __attribute__((warn_unused_result));

/* Release the listener array; the struct is left empty. NULL-safe. */
void relay_conf_free(struct relay_conf *conf);

/* The configuration keyword of a mode ("forward", "edns-drop", ...). */
const char *relay_mode_name(enum relay_mode mode);

/* Whether a listener of this mode needs a backend / serves TCP. */
bool relay_mode_has_backend(enum relay_mode mode);
bool relay_mode_has_tcp(enum relay_mode mode);

/*
 * Format an address the way the configuration writes it: "ADDR@PORT".
 * @param[out] buf  at least RELAY_ADDR_STRLEN bytes
 */
void relay_addr_format(const union relay_addr *addr, char *buf, size_t size);

/* Same family, address and port. */
bool relay_addr_equal(const union relay_addr *a, const struct sockaddr *b);

#endif /* TH_RELAY_CONF_H */
