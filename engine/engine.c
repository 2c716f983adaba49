/* SPDX-License-Identifier: BSD-3-Clause */
/* engine.c -- the run order and gates of the test modules (see engine.h). */
#include "engine/engine.h"

#include <stdio.h>
#include <string.h>

void
th_engine_run(const struct th_evidence *ev, const struct th_engine_conf *conf,
              struct th_report *rep, struct th_dsig_keyring *keys)
{
	struct th_engine_ctx ctx = {ev, conf, rep, keys};
	char dom[TH_DNAME_STRLEN], secs[16];

	if (ev->budget_exceeded) {
		snprintf(secs, sizeof(secs), "%u", ev->budget_s);
		th_report_emit(rep, TH_TAG_SYSTEM_TIME_BUDGET_EXCEEDED,
		               "seconds", secs, NULL);
	}
	if (!th_basic_run(&ctx)) {
		th_ev_ns_str(&ev->domain, NULL, dom, sizeof(dom));
		th_report_emit(rep, TH_TAG_SYSTEM_CANNOT_CONTINUE, "domain",
		               dom, NULL);
		return;
	}
	th_address_run(&ctx);
	th_connectivity_run(&ctx);
	th_consistency_run(&ctx);
	th_delegation_run(&ctx);
	th_dnssec_run(&ctx);
	th_nameserver_run(&ctx);
	th_syntax_run(&ctx);
	th_zone_run(&ctx);
}
