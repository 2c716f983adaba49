/* SPDX-License-Identifier: BSD-3-Clause */
/* enginefx.c -- engine test fixture and table evidence (see enginefx.h). */
#include "tests/support/enginefx.h"

#include "common/msg.h"
#include "tests/support/canned.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
enginefx_init(struct enginefx *fx, const char *domain)
{
	struct th_dname d = canned_name(domain);

	ck_assert_uint_lt(strlen(domain), sizeof(fx->domain));
	snprintf(fx->domain, sizeof(fx->domain), "%s", domain);
	th_ev_init(&fx->ev, &d);
	th_profile_default(&fx->profile);
	th_engine_conf_init(&fx->conf, &fx->profile);
	ck_assert_int_eq(th_report_init(&fx->rep, &fx->profile), 0);
	fx->ctx.ev = &fx->ev;
	fx->ctx.conf = &fx->conf;
	fx->ctx.rep = &fx->rep;
	fx->ctx.keys = NULL; /* the DNSSEC module keeps its own */
}

void
enginefx_free(struct enginefx *fx)
{
	th_ev_free(&fx->ev);
	th_report_free(&fx->rep);
}

void
enginefx_add_ns(struct enginefx *fx, const struct enginefx_ns *ns, size_t n)
{
	for (size_t i = 0; i < n && ns[i].name != NULL; i++)
		canned_ns(&fx->ev, ns[i].name, ns[i].src, ns[i].addrs)->glue =
		    ns[i].glue;
}

void
enginefx_add_replies(struct enginefx *fx, const struct enginefx_reply *rep,
                     size_t n)
{
	for (size_t i = 0; i < n && rep[i].ip != NULL; i++) {
		const struct enginefx_reply *r = &rep[i];
		const char *qn = r->qname != NULL ? r->qname : fx->domain;
		struct th_answer *a =
		    r->outcome == TH_OUT_ANSWER
		        ? canned_answer(qn, r->qtype, r->flags, r->rcode,
		                        r->answer, r->authority, NULL)
		        : canned_outcome(r->outcome);

		canned_reply(&fx->ev, r->ip, r->f, qn, r->qtype, a);
	}
}

void
enginefx_add_lookup(struct enginefx *fx, const struct enginefx_lookup *l)
{
	struct th_res_result res;
	struct th_addr addrs[TH_EV_MAXADDR];
	struct th_dname q = canned_name(l->qname);
	struct th_answer *ans = NULL;

	memset(&res, 0, sizeof(res));
	res.status = l->status;
	res.cnames = l->cnames;
	res.qname = canned_name(l->final != NULL ? l->final : l->qname);
	res.addrs = addrs;
	if (l->addrs != NULL) {
		char *copy = strdup(l->addrs), *save = NULL, *one;

		ck_assert_ptr_nonnull(copy);
		for (one = strtok_r(copy, ",", &save); one != NULL;
		     one = strtok_r(NULL, ",", &save)) {
			ck_assert_uint_lt(res.naddrs, TH_EV_MAXADDR);
			addrs[res.naddrs++] = canned_addr(one);
		}
		free(copy);
	}
	/* An address lookup (qtype 0) is decided by the A answer. */
	if (l->records != NULL)
		res.answer = ans = canned_answer(
		    l->qname, l->qtype != 0 ? l->qtype : TH_T_A, CANNED_AA,
		    l->status == TH_RES_NXDOMAIN ? TH_RCODE_NXDOMAIN : 0,
		    l->records, NULL, NULL);
	ck_assert_int_eq(th_ev_add_lookup(&fx->ev, &q, l->qtype, &res), 0);
	if (ans != NULL)
		th_answer_unref(ans);
}

void
enginefx_add_lookups(struct enginefx *fx, const struct enginefx_lookup *lk,
                     size_t n)
{
	for (size_t i = 0; i < n && lk[i].qname != NULL; i++)
		enginefx_add_lookup(fx, &lk[i]);
}
