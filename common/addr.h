/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * addr.h -- IP address and port of a DNS server, as a plain value.
 *
 * A fixed-size, comparable, hashable value so that server addresses can be
 * table keys, parts of cache keys and record fields without the size and
 * padding games of struct sockaddr_storage.
 */
#ifndef TH_ADDR_H
#define TH_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Long enough for any IPv6 text form with brackets and ":65535". */
#define TH_ADDR_STRLEN 56

enum th_addr_family { TH_AF_NONE = 0, TH_AF_INET = 4, TH_AF_INET6 = 6 };

struct th_addr {
	uint8_t family; /* enum th_addr_family */
	uint8_t pad;    /* always 0, so that memcmp and hashing work */
	uint16_t port;  /* host order */
	uint8_t ip[16]; /* IPv4 in the first 4 octets, the rest 0 */
};

/*
 * Parse an IPv4 or IPv6 address ("192.0.2.1", "2001:db8::1") with the
 * given port. Returns 0 or TH_EINVAL.
 */
int th_addr_parse(struct th_addr *out, const char *text, uint16_t port)
    __attribute__((warn_unused_result));

/*
 * Parse "IP", "IP:PORT", "[IPv6]:PORT" or "IPv6"; default_port when the
 * text has none. Returns 0 or TH_EINVAL.
 */
int th_addr_parse_hostport(struct th_addr *out, const char *text,
                           uint16_t default_port)
    __attribute__((warn_unused_result));

/* The IP alone, as text. Returns 0 or TH_ETOOBIG. */
int th_addr_ip_str(const struct th_addr *a, char *dst, size_t size)
    __attribute__((warn_unused_result));

/* "IP:PORT" or "[IPv6]:PORT". Returns 0 or TH_ETOOBIG. */
int th_addr_str(const struct th_addr *a, char *dst, size_t size)
    __attribute__((warn_unused_result));

/* Fill a sockaddr; returns its length. */
socklen_t th_addr_to_sockaddr(const struct th_addr *a,
                              struct sockaddr_storage *ss);

/* Read a sockaddr (AF_INET or AF_INET6). Returns 0 or TH_EINVAL. */
int th_addr_from_sockaddr(struct th_addr *out, const struct sockaddr *sa)
    __attribute__((warn_unused_result));

/* An address from 4 or 16 raw octets (A or AAAA rdata). */
void th_addr_from_raw(struct th_addr *out, const uint8_t *ip, size_t len,
                      uint16_t port);

bool th_addr_equal(const struct th_addr *a, const struct th_addr *b);

/* Total order: IPv4 before IPv6, then by address, then port. */
int th_addr_cmp(const struct th_addr *a, const struct th_addr *b);

uint64_t th_addr_hash(const struct th_addr *a, uint64_t k0, uint64_t k1);

/* True for 127.0.0.1 and ::1 only: what Zonemaster's test cases call a
 * localhost address (the rest of 127.0.0.0/8 is an ordinary address to
 * them, and the testbed lives there). */
bool th_addr_is_localhost(const struct th_addr *a);

/* An address prefix: 192.0.2.0/24, 2001:db8::/32. */
struct th_prefix {
	struct th_addr addr; /* port 0; bits after len are zero */
	uint8_t len;
};

/* Parse "IP/LEN" (or a bare IP: a host prefix). Returns 0 or TH_EINVAL. */
int th_prefix_parse(struct th_prefix *out, const char *text)
    __attribute__((warn_unused_result));

/* True when a (port ignored) lies inside p. */
bool th_prefix_contains(const struct th_prefix *p, const struct th_addr *a);

#endif /* TH_ADDR_H */
