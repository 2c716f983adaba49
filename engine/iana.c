/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * iana.c -- the IANA special-purpose address registries and the ADDRESS01
 * classifier (see iana.h).
 *
 * Rows are from iana-ipv4-special-registry and iana-ipv6-special-registry
 * (RFC 6890 with the later additions: RFC 7335, 7450, 7526, 7534, 7535,
 * 7600, 7723, 8155, 8215, 8880, 9374, 9602, 9637, 9665, 9780). Prefixes
 * are written as octets so that classifying parses nothing; the unit
 * suite checks every row's octets against its text.
 */
#include "engine/iana.h"

#define V4(a, b, c, d, l, pfx, nm, rfc, reach, cls)                            \
	{                                                                      \
		TH_AF_INET, l, {a, b, c, d}, pfx, nm, rfc,                     \
		    TH_IANA_REACH_##reach, TH_IANA_##cls                       \
	}
#define V6(l, pfx, nm, rfc, reach, cls, ...)                                   \
	{                                                                      \
		TH_AF_INET6, l, {__VA_ARGS__}, pfx, nm, rfc,                   \
		    TH_IANA_REACH_##reach, TH_IANA_##cls                       \
	}

static const struct th_iana_block v4_table[] = {
    V4(0, 0, 0, 0, 8, "0.0.0.0/8", "\"This network\"", "RFC 791", FALSE,
       NOT_GLOBAL),
    V4(0, 0, 0, 0, 32, "0.0.0.0/32", "\"This host on this network\"",
       "RFC 1122", FALSE, NOT_GLOBAL),
    V4(10, 0, 0, 0, 8, "10.0.0.0/8", "Private-Use", "RFC 1918", FALSE, LOCAL),
    V4(100, 64, 0, 0, 10, "100.64.0.0/10", "Shared Address Space", "RFC 6598",
       FALSE, LOCAL),
    V4(127, 0, 0, 0, 8, "127.0.0.0/8", "Loopback", "RFC 1122", FALSE, LOCAL),
    V4(169, 254, 0, 0, 16, "169.254.0.0/16", "Link Local", "RFC 3927", FALSE,
       LOCAL),
    V4(172, 16, 0, 0, 12, "172.16.0.0/12", "Private-Use", "RFC 1918", FALSE,
       LOCAL),
    V4(192, 0, 0, 0, 24, "192.0.0.0/24", "IETF Protocol Assignments",
       "RFC 6890", FALSE, NOT_GLOBAL),
    V4(192, 0, 0, 0, 29, "192.0.0.0/29", "IPv4 Service Continuity Prefix",
       "RFC 7335", FALSE, NOT_GLOBAL),
    V4(192, 0, 0, 8, 32, "192.0.0.8/32", "IPv4 dummy address", "RFC 7600",
       FALSE, NOT_GLOBAL),
    V4(192, 0, 0, 9, 32, "192.0.0.9/32", "Port Control Protocol Anycast",
       "RFC 7723", TRUE, GLOBAL),
    V4(192, 0, 0, 10, 32, "192.0.0.10/32",
       "Traversal Using Relays around NAT Anycast", "RFC 8155", TRUE, GLOBAL),
    V4(192, 0, 0, 170, 32, "192.0.0.170/32", "NAT64/DNS64 Discovery",
       "RFC 8880", FALSE, NOT_GLOBAL),
    V4(192, 0, 0, 171, 32, "192.0.0.171/32", "NAT64/DNS64 Discovery",
       "RFC 8880", FALSE, NOT_GLOBAL),
    V4(192, 0, 2, 0, 24, "192.0.2.0/24", "Documentation (TEST-NET-1)",
       "RFC 5737", FALSE, DOCUMENTATION),
    V4(192, 31, 196, 0, 24, "192.31.196.0/24", "AS112-v4", "RFC 7535", TRUE,
       GLOBAL),
    V4(192, 52, 193, 0, 24, "192.52.193.0/24", "AMT", "RFC 7450", TRUE, GLOBAL),
    V4(192, 88, 99, 0, 24, "192.88.99.0/24", "Deprecated (6to4 Relay Anycast)",
       "RFC 7526", NA, NOT_GLOBAL),
    V4(192, 88, 99, 2, 32, "192.88.99.2/32", "6a44-relay anycast address",
       "RFC 6751", FALSE, NOT_GLOBAL),
    V4(192, 168, 0, 0, 16, "192.168.0.0/16", "Private-Use", "RFC 1918", FALSE,
       LOCAL),
    V4(192, 175, 48, 0, 24, "192.175.48.0/24",
       "Direct Delegation AS112 Service", "RFC 7534", TRUE, GLOBAL),
    V4(198, 18, 0, 0, 15, "198.18.0.0/15", "Benchmarking", "RFC 2544", FALSE,
       NOT_GLOBAL),
    V4(198, 51, 100, 0, 24, "198.51.100.0/24", "Documentation (TEST-NET-2)",
       "RFC 5737", FALSE, DOCUMENTATION),
    V4(203, 0, 113, 0, 24, "203.0.113.0/24", "Documentation (TEST-NET-3)",
       "RFC 5737", FALSE, DOCUMENTATION),
    V4(240, 0, 0, 0, 4, "240.0.0.0/4", "Reserved", "RFC 1112", FALSE,
       NOT_GLOBAL),
    V4(255, 255, 255, 255, 32, "255.255.255.255/32", "Limited Broadcast",
       "RFC 919", FALSE, NOT_GLOBAL),
};

static const struct th_iana_block v6_table[] = {
    V6(128, "::1/128", "Loopback Address", "RFC 4291", FALSE, LOCAL, [15] = 1),
    V6(128, "::/128", "Unspecified Address", "RFC 4291", FALSE, NOT_GLOBAL, 0),
    V6(96, "::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", FALSE,
       NOT_GLOBAL, [10] = 0xff, [11] = 0xff),
    V6(96, "64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", TRUE, GLOBAL,
       0x00, 0x64, 0xff, 0x9b),
    V6(48, "64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", FALSE,
       NOT_GLOBAL, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01),
    V6(64, "100::/64", "Discard-Only Address Block", "RFC 6666", FALSE,
       NOT_GLOBAL, 0x01, 0x00),
    V6(64, "100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", FALSE, NOT_GLOBAL,
       0x01, 0x00, 0, 0, 0, 0, 0x00, 0x01),
    V6(23, "2001::/23", "IETF Protocol Assignments", "RFC 2928", NA, NOT_GLOBAL,
       0x20, 0x01),
    V6(32, "2001::/32", "TEREDO", "RFC 4380", NA, NOT_GLOBAL, 0x20, 0x01),
    V6(128, "2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", TRUE,
       GLOBAL, 0x20, 0x01, 0x00, 0x01, [15] = 1),
    V6(128, "2001:1::2/128", "Traversal Using Relays around NAT Anycast",
       "RFC 8155", TRUE, GLOBAL, 0x20, 0x01, 0x00, 0x01, [15] = 2),
    V6(128, "2001:1::3/128", "DNS-SD Service Registration Protocol Anycast",
       "RFC 9665", TRUE, GLOBAL, 0x20, 0x01, 0x00, 0x01, [15] = 3),
    V6(48, "2001:2::/48", "Benchmarking", "RFC 5180", FALSE, NOT_GLOBAL, 0x20,
       0x01, 0x00, 0x02),
    V6(32, "2001:3::/32", "AMT", "RFC 7450", TRUE, GLOBAL, 0x20, 0x01, 0x00,
       0x03),
    V6(48, "2001:4:112::/48", "AS112-v6", "RFC 7535", TRUE, GLOBAL, 0x20, 0x01,
       0x00, 0x04, 0x01, 0x12),
    V6(28, "2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", NA,
       NOT_GLOBAL, 0x20, 0x01, 0x00, 0x10),
    V6(28, "2001:20::/28", "ORCHIDv2", "RFC 7343", TRUE, GLOBAL, 0x20, 0x01,
       0x00, 0x20),
    V6(28, "2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs)",
       "RFC 9374", TRUE, GLOBAL, 0x20, 0x01, 0x00, 0x30),
    V6(32, "2001:db8::/32", "Documentation", "RFC 3849", FALSE, DOCUMENTATION,
       0x20, 0x01, 0x0d, 0xb8),
    V6(16, "2002::/16", "6to4", "RFC 3056", NA, NOT_GLOBAL, 0x20, 0x02),
    V6(48, "2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534",
       TRUE, GLOBAL, 0x26, 0x20, 0x00, 0x4f, 0x80, 0x00),
    V6(20, "3fff::/20", "Documentation", "RFC 9637", FALSE, DOCUMENTATION, 0x3f,
       0xff),
    V6(16, "5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", FALSE,
       NOT_GLOBAL, 0x5f, 0x00),
    V6(7, "fc00::/7", "Unique-Local", "RFC 4193", FALSE, LOCAL, 0xfc),
    V6(10, "fe80::/10", "Link-Local Unicast", "RFC 4291", FALSE, LOCAL, 0xfe,
       0x80),
};

const struct th_iana_block *
th_iana_table(enum th_addr_family family, size_t *n)
{
	if (family == TH_AF_INET) {
		*n = sizeof(v4_table) / sizeof(v4_table[0]);
		return v4_table;
	}
	if (family == TH_AF_INET6) {
		*n = sizeof(v6_table) / sizeof(v6_table[0]);
		return v6_table;
	}
	*n = 0;
	return NULL;
}

static bool
block_contains(const struct th_iana_block *b, const struct th_addr *a)
{
	unsigned full = b->len / 8u, rest = b->len % 8u;

	for (unsigned i = 0; i < full; i++)
		if (a->ip[i] != b->ip[i])
			return false;
	return rest == 0 ||
	       ((a->ip[full] ^ b->ip[full]) & (0xffu << (8u - rest))) == 0;
}

const struct th_iana_block *
th_iana_lookup(const struct th_addr *a)
{
	const struct th_iana_block *t, *best = NULL;
	size_t n;

	t = th_iana_table((enum th_addr_family)a->family, &n);
	for (size_t i = 0; i < n; i++)
		if (block_contains(&t[i], a) &&
		    (best == NULL || t[i].len > best->len))
			best = &t[i];
	return best;
}

enum th_iana_class
th_iana_classify(const struct th_addr *a, const struct th_prefix *global,
                 size_t nglobal)
{
	const struct th_iana_block *b;

	for (size_t i = 0; i < nglobal; i++)
		if (th_prefix_contains(&global[i], a))
			return TH_IANA_GLOBAL;
	b = th_iana_lookup(a);
	return b == NULL ? TH_IANA_GLOBAL : (enum th_iana_class)b->cls;
}

const char *
th_iana_class_name(enum th_iana_class c)
{
	switch (c) {
	case TH_IANA_GLOBAL:
		return "globally reachable";
	case TH_IANA_DOCUMENTATION:
		return "documentation";
	case TH_IANA_LOCAL:
		return "local use";
	case TH_IANA_NOT_GLOBAL:
		return "not globally reachable";
	}
	return "?";
}
