/* SPDX-License-Identifier: BSD-3-Clause */
/* addr.c -- IP address and port values (see addr.h). */
#include "common/addr.h"

#include "common/err.h"
#include "common/hash.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
th_addr_parse(struct th_addr *out, const char *text, uint16_t port)
{
	memset(out, 0, sizeof(*out));
	out->port = port;
	if (inet_pton(AF_INET, text, out->ip) == 1) {
		out->family = TH_AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, out->ip) == 1) {
		out->family = TH_AF_INET6;
		return 0;
	}
	memset(out, 0, sizeof(*out));
	return TH_EINVAL;
}

static int
addr_port(const char *text, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (*text < '0' || *text > '9')
		return TH_EINVAL;
	v = strtoul(text, &end, 10);
	if (*end != '\0' || v == 0 || v > 65535)
		return TH_EINVAL;
	*port = (uint16_t)v;
	return 0;
}

int
th_addr_parse_hostport(struct th_addr *out, const char *text,
                       uint16_t default_port)
{
	char host[TH_ADDR_STRLEN];
	const char *colon, *close;
	uint16_t port = default_port;
	size_t n;

	if (text[0] == '[') {
		if ((close = strchr(text, ']')) == NULL)
			return TH_EINVAL;
		n = (size_t)(close - text - 1);
		if (close[1] == ':') {
			if (addr_port(close + 2, &port) != 0)
				return TH_EINVAL;
		} else if (close[1] != '\0')
			return TH_EINVAL;
		text++;
	} else if ((colon = strchr(text, ':')) != NULL &&
	           strchr(colon + 1, ':') == NULL) {
		/* Exactly one colon: IPv4 with a port. */
		n = (size_t)(colon - text);
		if (addr_port(colon + 1, &port) != 0)
			return TH_EINVAL;
	} else
		n = strlen(text);
	if (n == 0 || n >= sizeof(host))
		return TH_EINVAL;
	memcpy(host, text, n);
	host[n] = '\0';
	return th_addr_parse(out, host, port);
}

int
th_addr_ip_str(const struct th_addr *a, char *dst, size_t size)
{
	int af = a->family == TH_AF_INET6 ? AF_INET6 : AF_INET;

	if (a->family == TH_AF_NONE) {
		if (size < 2)
			return TH_ETOOBIG;
		memcpy(dst, "-", 2);
		return 0;
	}
	if (inet_ntop(af, a->ip, dst, (socklen_t)size) == NULL)
		return TH_ETOOBIG;
	return 0;
}

int
th_addr_str(const struct th_addr *a, char *dst, size_t size)
{
	char ip[INET6_ADDRSTRLEN];
	int n;

	if (th_addr_ip_str(a, ip, sizeof(ip)) != 0)
		return TH_ETOOBIG;
	if (a->family == TH_AF_INET6)
		n = snprintf(dst, size, "[%s]:%u", ip, a->port);
	else
		n = snprintf(dst, size, "%s:%u", ip, a->port);
	return n < 0 || (size_t)n >= size ? TH_ETOOBIG : 0;
}

socklen_t
th_addr_to_sockaddr(const struct th_addr *a, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == TH_AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(a->port);
		memcpy(&s6->sin6_addr, a->ip, 16);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(a->port);
	memcpy(&s4->sin_addr, a->ip, 4);
	return sizeof(*s4);
}

int
th_addr_from_sockaddr(struct th_addr *out, const struct sockaddr *sa)
{
	memset(out, 0, sizeof(*out));
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;

		out->family = TH_AF_INET;
		out->port = ntohs(s4->sin_port);
		memcpy(out->ip, &s4->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

		out->family = TH_AF_INET6;
		out->port = ntohs(s6->sin6_port);
		memcpy(out->ip, &s6->sin6_addr, 16);
		return 0;
	}
	return TH_EINVAL;
}

void
th_addr_from_raw(struct th_addr *out, const uint8_t *ip, size_t len,
                 uint16_t port)
{
	memset(out, 0, sizeof(*out));
	out->family = len == 16 ? TH_AF_INET6 : TH_AF_INET;
	out->port = port;
	memcpy(out->ip, ip, len == 16 ? 16 : 4);
}

bool
th_addr_equal(const struct th_addr *a, const struct th_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

int
th_addr_cmp(const struct th_addr *a, const struct th_addr *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if ((c = memcmp(a->ip, b->ip, sizeof(a->ip))) != 0)
		return c < 0 ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return 0;
}

uint64_t
th_addr_hash(const struct th_addr *a, uint64_t k0, uint64_t k1)
{
	return th_hash_sip(a, sizeof(*a), k0, k1);
}

bool
th_addr_is_localhost(const struct th_addr *a)
{
	static const uint8_t v4_local[4] = {127, 0, 0, 1};
	static const uint8_t v6_loop[16] = {[15] = 1};

	if (a->family == TH_AF_INET)
		return memcmp(a->ip, v4_local, 4) == 0;
	return a->family == TH_AF_INET6 && memcmp(a->ip, v6_loop, 16) == 0;
}

int
th_prefix_parse(struct th_prefix *out, const char *text)
{
	char ip[TH_ADDR_STRLEN];
	const char *slash = strchr(text, '/');
	size_t n = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long len;
	char *end;
	unsigned max;

	memset(out, 0, sizeof(*out));
	if (n == 0 || n >= sizeof(ip))
		return TH_EINVAL;
	memcpy(ip, text, n);
	ip[n] = '\0';
	if (th_addr_parse(&out->addr, ip, 0) != 0)
		return TH_EINVAL;
	max = out->addr.family == TH_AF_INET ? 32 : 128;
	len = max;
	if (slash != NULL) {
		if (slash[1] < '0' || slash[1] > '9')
			return TH_EINVAL;
		len = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || len > max)
			return TH_EINVAL;
	}
	out->len = (uint8_t)len;
	/* Clear the host bits, so that equal prefixes compare equal. */
	for (unsigned bit = (unsigned)len; bit < max; bit++)
		out->addr.ip[bit / 8] &= (uint8_t) ~(0x80u >> (bit % 8));
	return 0;
}

bool
th_prefix_contains(const struct th_prefix *p, const struct th_addr *a)
{
	unsigned full = p->len / 8, rest = p->len % 8;

	if (a->family != p->addr.family)
		return false;
	if (memcmp(a->ip, p->addr.ip, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a->ip[full] ^ p->addr.ip[full]) & (0xffu << (8 - rest))) == 0;
}
