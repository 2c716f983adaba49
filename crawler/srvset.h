/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srvset.h -- the server addresses whose per-server probes were sent in
 * this run.
 *
 * A server's EDNS compliance (the DNS Flag Day set) is a property of the
 * address, not of the zone, and a survey meets the same address in
 * thousands of domains: the first probe that claims an address sends the
 * set (with its own zone's name), the others skip it, and the result is
 * stored once per address. One set per run, owned by whoever runs the
 * probes, used from the loop's thread only.
 */
#ifndef TH_SRVSET_H
#define TH_SRVSET_H

#include "common/addr.h"

#include <stdbool.h>
#include <stddef.h>

struct th_srvset;

/* Returns 0 or TH_ENOMEM. */
int th_srvset_create(struct th_srvset **out)
    __attribute__((warn_unused_result));

/*
 * True when addr (port ignored) was not in the set, which now holds it:
 * the caller probes it. False when it was there already, or when memory
 * ran out (the address is then not probed twice, only never).
 */
bool th_srvset_claim(struct th_srvset *s, const struct th_addr *addr);

/* Addresses claimed so far. */
size_t th_srvset_size(const struct th_srvset *s);

/* NULL is a no-op. */
void th_srvset_free(struct th_srvset *s);

#endif /* TH_SRVSET_H */
