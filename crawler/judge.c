/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * judge.c -- evidence and report to the store's records (see judge.h).
 */
#include "crawler/judge.h"

#include "common/err.h"
#include "engine/facts.h"
#include "store/record.h"

#include <stdlib.h>
#include <string.h>

/* Largest record accepted: the store's limit is far above any real one. */
#define JUDGE_RECMAX (1u << 26)

int
th_judge_encode(const struct th_dname *domain, const struct th_report *rep,
                const struct th_evidence *ev, struct th_dsig_keyring *keys,
                struct th_judged *out)
{
	struct th_facts *f;
	int rc;

	memset(out, 0, sizeof(*out));
	th_buf_init(&out->rec, JUDGE_RECMAX);
	/* The facts are large (every server, every EDNS test): heap. */
	if ((f = malloc(sizeof(*f))) == NULL)
		return TH_ENOMEM;
	th_facts_compute(ev, keys, f);
	out->srec = calloc(f->nedns + 1, sizeof(*out->srec));
	out->srv = calloc(f->nedns + 1, sizeof(*out->srv));
	if (out->srec == NULL || out->srv == NULL) {
		rc = TH_ENOMEM;
		goto out;
	}
	if ((rc = th_record_encode(domain, ev->now, rep, f, &out->rec)) != 0)
		goto out;
	for (size_t i = 0; i < f->nedns; i++) {
		th_buf_init(&out->srec[i], 1 << 16);
		out->nsrv = i + 1;
		if ((rc = th_record_server_encode(&f->edns[i],
		                                  &out->srec[i])) != 0)
			goto out;
		out->srv[i].addr = f->edns[i].addr;
		out->srv[i].rec = th_buf_data(&out->srec[i]);
		out->srv[i].len = th_buf_len(&out->srec[i]);
	}
out:
	free(f);
	return rc;
}

void
th_judge_free(struct th_judged *j)
{
	for (size_t i = 0; j->srec != NULL && i < j->nsrv; i++)
		th_buf_free(&j->srec[i]);
	free(j->srec);
	free(j->srv);
	th_buf_free(&j->rec);
	memset(j, 0, sizeof(*j));
}
