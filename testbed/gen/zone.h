/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zone.h -- every zone file of the testbed, and the root hints and anchor.
 *
 * From the plan this module writes the root zone, the se. and net. TLD
 * zones (signed, with NS, glue and DS for every delegation), the operator
 * zones that hold the name-server addresses, and one file per child zone
 * version, signed through dnssec.h where the domain's set-up says so.
 * Child zones are independent, so with jobs > 1 they are written by that
 * many worker processes.
 *
 * Layout under DIR/zones/: root.zone; tld/se.zone, tld/net.zone;
 * op/<operator zone>.zone; se/<first letter>/<domain>.zone, and
 * <domain>.v2.zone for the second version of a drifting zone.
 */
#ifndef TBGEN_ZONE_H
#define TBGEN_ZONE_H

#include "testbed/gen/dnssec.h"
#include "testbed/gen/plan.h"

#include <stddef.h>

enum tbgen_zone_kind {
	TBGEN_ZONE_ROOT = 0,
	TBGEN_ZONE_TLD,   /* "se" or "net" */
	TBGEN_ZONE_OP,    /* an operator's zone under net. */
	TBGEN_ZONE_CHILD, /* a child domain of se. */
};

/*
 * The file of a zone: name without the final dot ("" for the root),
 * version 1 or 2 (children only).
 * @return 0; TH_ETOOBIG (logged).
 */
int tbgen_zone_path(const struct tbgen_plan *p, enum tbgen_zone_kind kind,
                    const char *name, unsigned version, char *buf, size_t size)
    __attribute__((warn_unused_result));

/*
 * Write every zone file, DIR/root.hints, DIR/root-anchor.ds and
 * DIR/root-anchor.dnskey. Generates the keys the plan needs first.
 * @return 0; any status of out.h and dnssec.h; TH_EINTERNAL when a worker
 *         process fails (it logs why).
 */
int tbgen_zone_write_all(const struct tbgen_plan *p, struct tbgen_dnssec *ks)
    __attribute__((warn_unused_result));

#endif /* TBGEN_ZONE_H */
