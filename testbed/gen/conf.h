/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * conf.h -- server configurations and the manifest the orchestrator runs.
 *
 * Writes, from the plan:
 *   DIR/nsd/<instance>/nsd.conf   one NSD per instance: its listen
 *                                 addresses and exactly its zones
 *   DIR/unbound/validator.conf    the independent DNSSEC validator
 *   DIR/unbound/openresN.conf     open resolvers serving auth-zones
 *   DIR/relay.conf                one line per relayed listener
 *   DIR/servers.tsv               NAME KIND CONFIG PIDFILE per process
 *   DIR/addresses.txt             ADDR ROLE per listening address
 * Pid files go to DIR/run/, logs and server state beside each config.
 */
#ifndef TBGEN_CONF_H
#define TBGEN_CONF_H

#include "testbed/gen/plan.h"

/*
 * The NSD instance whose servers answer version.bind (CH TXT) with a
 * hostile string, and the string: markup, a script, quotes and an
 * ampersand (no double quote and no backslash: nsd.conf strings have no
 * escapes). Reports must escape it (docs/testbed.md, docs/report.md).
 */
#define TBGEN_HOSTILE_VERSION_INSTANCE "i01"
#define TBGEN_HOSTILE_VERSION                                                  \
	"<script>alert('tldhealth-version')</script> & <b>NSD</b> 'x' ;"

/* The validator's address, for messages. */
#define TBGEN_VALIDATOR_ADDR "127.100.255.254"

/*
 * Write every configuration file and the manifest.
 * @return 0; a status of out.h; TH_ENOMEM.
 */
int tbgen_conf_write_all(const struct tbgen_plan *p)
    __attribute__((warn_unused_result));

#endif /* TBGEN_CONF_H */
