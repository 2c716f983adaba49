/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * address.h -- the Address module (ADDRESS01-03): are the name servers'
 * addresses globally reachable, and do they have reverse DNS entries that
 * name the servers.
 */
#ifndef TH_ADDRESS_H
#define TH_ADDRESS_H

#include "common/addr.h"
#include "common/dname.h"
#include "engine/engine.h"

/* ADDRESS01: every NS IP against the IANA special-purpose registries. */
void th_address01(const struct th_engine_ctx *ctx);
/* ADDRESS02: every NS IP has a PTR record (the probe's PTR lookups). */
void th_address02(const struct th_engine_ctx *ctx);
/* ADDRESS03: a PTR target of every child-side NS IP is the NS name. */
void th_address03(const struct th_engine_ctx *ctx);

/*
 * The reverse name of an address: "1.2.0.192.in-addr.arpa." or the
 * 32-nibble name under "ip6.arpa.", lower-case hex. Returns 0, or
 * TH_EINVAL when a has no address family.
 */
int th_address_reverse_name(const struct th_addr *a, struct th_dname *out)
    __attribute__((warn_unused_result));

#endif /* TH_ADDRESS_H */
