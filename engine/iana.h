/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * iana.h -- the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890 and its updates) as static tables, and the classifier that
 * ADDRESS01 sorts name server addresses with.
 *
 * Each row keeps the registry's prefix, name, RFC and "Globally Reachable"
 * column. An address takes the row of the most specific prefix that
 * covers it (192.0.0.9/32 is globally reachable inside the not globally
 * reachable 192.0.0.0/24); an address no row covers is globally
 * reachable. "N/A" in the column (2001::/23, 2002::/16, ...) counts as not
 * globally reachable, as Python's ipaddress does.
 */
#ifndef TH_IANA_H
#define TH_IANA_H

#include "common/addr.h"

#include <stddef.h>
#include <stdint.h>

/* The "Globally Reachable" column. */
enum th_iana_reach {
	TH_IANA_REACH_FALSE = 0,
	TH_IANA_REACH_TRUE,
	TH_IANA_REACH_NA,
};

/* The four groups of ADDRESS01. */
enum th_iana_class {
	TH_IANA_GLOBAL = 0,    /* globally reachable */
	TH_IANA_DOCUMENTATION, /* 192.0.2/24, 2001:db8::/32, ... */
	TH_IANA_LOCAL,         /* private, loopback, link-local, ULA, shared */
	TH_IANA_NOT_GLOBAL,    /* any other not globally reachable block */
};

/* One registry row. */
struct th_iana_block {
	uint8_t family;     /* TH_AF_INET or TH_AF_INET6 */
	uint8_t len;        /* prefix length */
	uint8_t ip[16];     /* the prefix, bits after len zero */
	const char *prefix; /* as the registry writes it, "192.0.2.0/24" */
	const char *name;
	const char *rfc;
	uint8_t reach; /* enum th_iana_reach */
	uint8_t cls;   /* enum th_iana_class */
};

/* The rows of one registry (family TH_AF_INET or TH_AF_INET6); static. */
const struct th_iana_block *th_iana_table(enum th_addr_family family,
                                          size_t *n);

/* The most specific row covering a (port ignored), or NULL. */
const struct th_iana_block *th_iana_lookup(const struct th_addr *a);

/*
 * The group of an address. Prefixes in global (nglobal of them; global may
 * be NULL when nglobal is 0) count as globally reachable whatever the
 * registries say: the testbed serves from 127.100.0.0/16.
 */
enum th_iana_class th_iana_classify(const struct th_addr *a,
                                    const struct th_prefix *global,
                                    size_t nglobal);

/* "globally reachable", "documentation", ...; static. */
const char *th_iana_class_name(enum th_iana_class c);

#endif /* TH_IANA_H */
