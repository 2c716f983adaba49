/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * judge.h -- from a probe's evidence and the engine's report to what the
 * store keeps: the domain's encoded record and the encoded facts of each
 * address whose EDNS compliance the probe measured.
 *
 * `check --db` and the crawl's workers both store results; this is the
 * one place that turns a result into store records, so that both write
 * the same thing.
 */
#ifndef TH_JUDGE_H
#define TH_JUDGE_H

#include "common/buf.h"
#include "common/dname.h"
#include "engine/evidence.h"
#include "engine/report.h"
#include "store/store.h"

#include <stddef.h>

struct th_dsig_keyring;

struct th_judged {
	struct th_buf rec;           /* the domain's record */
	size_t nsrv;                 /* per-address facts */
	struct th_buf *srec;         /* nsrv encoded server records */
	struct th_store_server *srv; /* nsrv views of srec, for the store */
};

/*
 * Compute the facts of ev and encode the record of domain (messages of
 * rep) and the server records into *out, which the caller releases with
 * th_judge_free (also after an error). keys: the DNSKEYs of the engine's
 * run over ev (th_engine_run), or NULL. Returns 0, TH_ENOMEM or
 * TH_ETOOBIG.
 */
int th_judge_encode(const struct th_dname *domain, const struct th_report *rep,
                    const struct th_evidence *ev, struct th_dsig_keyring *keys,
                    struct th_judged *out) __attribute__((warn_unused_result));

void th_judge_free(struct th_judged *j);

#endif /* TH_JUDGE_H */
