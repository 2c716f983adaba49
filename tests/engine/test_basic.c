/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_basic.c -- unit tests for engine/basic (BASIC01-03) over canned
 * evidence: a healthy delegation, parents that disagree, no child, no
 * parent found, undelegated and root shortcuts, every BASIC02 failure and
 * BASIC03's www check, and the gate of th_basic_run.
 */
#include "engine/basic.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"

#include <stdio.h>
#include <string.h>

#define DOM "example.se"
#define SOA_RR "example.se. 3600 IN SOA ns1.example.se. h.example.se. 1 2 3 4 5"
#define REF_NS                                                                 \
	"example.se. 3600 IN NS ns1.example.se.;example.se. 3600 IN NS "       \
	"ns2.example.se."

/* A parent with two servers, both delegating, and two child servers. */
static void
healthy(struct enginefx *fx)
{
	struct th_dname se = canned_name("se"), ans = canned_name("a.ns.se");
	struct th_addr a = canned_addr("192.0.2.53");
	struct th_ev_ns *p;

	fx->ev.parent_status = TH_RES_REFERRAL;
	fx->ev.parent = se;
	p = th_ev_ns_add(&fx->ev.parent_ns, &ans, TH_EV_DEL);
	ck_assert_ptr_nonnull(p);
	th_ev_ns_add_addr(p, &a);
	canned_reply(&fx->ev, "192.0.2.53", TH_QF_PLAIN, DOM, TH_T_NS,
	             canned_answer(DOM, TH_T_NS, 0, 0, NULL, REF_NS, NULL));
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.2");
	canned_reply(
	    &fx->ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	    canned_answer(DOM, TH_T_SOA, CANNED_AA, 0, SOA_RR, NULL, NULL));
	canned_reply(
	    &fx->ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	    canned_answer(DOM, TH_T_SOA, CANNED_AA, 0, SOA_RR, NULL, NULL));
}

START_TEST(test_basic_healthy)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	healthy(&fx);
	ck_assert(th_basic_run(&fx.ctx));
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC01, "healthy",
	                         "B01_PARENT_FOUND;B01_CHILD_FOUND");
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC02, "healthy",
	                         "B02_AUTH_RESPONSE_SOA");
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC03, "healthy",
	                         "HAS_NAMESERVER_NO_WWW_A_TEST");
	/* The argument lists name servers as Zonemaster does. */
	ck_assert_str_eq(th_message_arg(&fx.rep.msgs[2], "ns_list"),
	                 "ns1.example.se/192.0.2.1;ns2.example.se/192.0.2.2");
	ck_assert_str_eq(th_message_arg(&fx.rep.msgs[0], "domain"), "se");
	enginefx_free(&fx);
}
END_TEST

/* A second parent server says NXDOMAIN. */
START_TEST(test_basic01_inconsistent)
{
	struct enginefx fx;
	struct th_ev_ns *p;

	enginefx_init(&fx, DOM);
	healthy(&fx);
	p = &fx.ev.parent_ns.ns[0];
	p->addr[p->naddr++] = canned_addr("192.0.2.54");
	canned_reply(
	    &fx.ev, "192.0.2.54", TH_QF_PLAIN, DOM, TH_T_NS,
	    canned_answer(DOM, TH_T_NS, CANNED_AA, 3, NULL, NULL, NULL));
	th_basic01(&fx.ctx);
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC01, "inconsistent",
	                         "B01_PARENT_FOUND;B01_INCONSISTENT_DELEGATION;"
	                         "B01_CHILD_FOUND");
	enginefx_free(&fx);
}
END_TEST

/*
 * DNAME at the child name in the parent zone: one B01_CHILD_IS_ALIAS per
 * target, with the servers that give it, and B01_INCONSISTENT_ALIAS when
 * the parent servers disagree on the target.
 */
START_TEST(test_basic01_alias)
{
	static const char *const targets[2][2] = {
	    {"example.net.", "example.net."},
	    {"example.net.", "example.org."},
	};
	const char *const *t = targets[_i];
	struct enginefx fx;
	struct th_ev_ns *p;
	char rr[128];

	enginefx_init(&fx, DOM);
	healthy(&fx);
	p = &fx.ev.parent_ns.ns[0];
	p->addr[p->naddr++] = canned_addr("192.0.2.54");
	for (int i = 0; i < 2; i++) {
		snprintf(rr, sizeof(rr), "example.se. 3600 IN DNAME %s", t[i]);
		canned_reply(&fx.ev, i == 0 ? "192.0.2.53" : "192.0.2.54",
		             TH_QF_PLAIN, DOM, TH_T_DNAME,
		             canned_answer(DOM, TH_T_DNAME, CANNED_AA, 0, rr,
		                           NULL, NULL));
	}
	th_basic01(&fx.ctx);
	if (_i == 0) {
		tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC01, "one target",
		                         "B01_PARENT_FOUND;B01_CHILD_FOUND;"
		                         "B01_CHILD_IS_ALIAS");
		tagcheck_assert_arg(&fx.rep, TH_TC_BASIC01, "one target",
		                    "B01_CHILD_IS_ALIAS", "domain_target",
		                    "example.net");
		tagcheck_assert_arg(&fx.rep, TH_TC_BASIC01, "one target",
		                    "B01_CHILD_IS_ALIAS", "ns_ip_list",
		                    "a.ns.se/192.0.2.53;a.ns.se/192.0.2.54");
	} else {
		tagcheck_assert_sequence(
		    &fx.rep, TH_TC_BASIC01, "two targets",
		    "B01_PARENT_FOUND;B01_CHILD_FOUND;B01_CHILD_IS_ALIAS;"
		    "B01_CHILD_IS_ALIAS;B01_INCONSISTENT_ALIAS");
		tagcheck_assert_arg(&fx.rep, TH_TC_BASIC01, "two targets",
		                    "B01_INCONSISTENT_ALIAS", "domain",
		                    "example.se");
	}
	tagcheck_assert_texts(&fx.rep, TH_TC_BASIC01, "alias");
	enginefx_free(&fx);
}
END_TEST

struct b01_case {
	uint8_t status;
	bool undelegated;
	const char *domain;
	const char *tags;
	bool gate;
};

static const struct b01_case b01_cases[] = {
    {TH_RES_NXDOMAIN, false, DOM, "B01_PARENT_FOUND;B01_NO_CHILD", false},
    {TH_RES_NOT_DELEGATED, false, DOM, "B01_PARENT_FOUND;B01_NO_CHILD", false},
    {TH_RES_SERVFAIL, false, DOM, "B01_PARENT_NOT_FOUND", false},
    {TH_RES_LOOP, false, DOM, "B01_PARENT_NOT_FOUND", false},
    {TH_RES_SERVFAIL, true, DOM, "B01_PARENT_DISREGARDED;B01_CHILD_FOUND",
     true},
    {TH_RES_SERVFAIL, false, ".", "B01_ROOT_HAS_NO_PARENT;B01_CHILD_FOUND",
     true},
};

START_TEST(test_basic01_cases)
{
	const struct b01_case *c = &b01_cases[_i];
	struct enginefx fx;
	char what[32];

	enginefx_init(&fx, c->domain);
	fx.ev.parent_status = c->status;
	fx.ev.undelegated = c->undelegated;
	if (c->gate) {
		/* A working server, so that only BASIC01 decides. */
		canned_ns(&fx.ev, "ns1.example.se", TH_EV_DEL, "192.0.2.1");
		canned_reply(&fx.ev, "192.0.2.1", TH_QF_PLAIN, c->domain,
		             TH_T_SOA,
		             canned_answer(c->domain, TH_T_SOA, CANNED_AA, 0,
		                           strcmp(c->domain, ".") == 0
		                               ? ". 3600 IN SOA a. b. 1 2 3 4 5"
		                               : SOA_RR,
		                           NULL, NULL));
	}
	ck_assert(th_basic_run(&fx.ctx) == c->gate);
	snprintf(what, sizeof(what), "b01 row %d", _i);
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC01, what, c->tags);
	enginefx_free(&fx);
}
END_TEST

/* Every way a delegated server can fail BASIC02, one server each. */
START_TEST(test_basic02_failures)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.ev.parent_status = TH_RES_REFERRAL;
	canned_ns(&fx.ev, "ns1.example.se", TH_EV_DEL, "192.0.2.1");
	canned_ns(&fx.ev, "ns2.example.se", TH_EV_DEL, "192.0.2.2");
	canned_ns(&fx.ev, "ns3.example.se", TH_EV_DEL, "192.0.2.3");
	canned_ns(&fx.ev, "ns4.example.se", TH_EV_DEL, "192.0.2.4");
	canned_ns(&fx.ev, "ns5.example.se", TH_EV_DEL, NULL);
	canned_ns(&fx.ev, "ns6.example.se", TH_EV_DEL, "2001:db8::6");
	fx.ev.ipv6 = false;
	canned_reply(&fx.ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&fx.ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, 0, 5, NULL, NULL, NULL));
	canned_reply(&fx.ev, "192.0.2.3", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, 0, 0, SOA_RR, NULL, NULL));
	canned_reply(
	    &fx.ev, "192.0.2.4", TH_QF_PLAIN, DOM, TH_T_SOA,
	    canned_answer(DOM, TH_T_SOA, CANNED_AA, 0, NULL, NULL, NULL));
	th_basic02(&fx.ctx);
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC02, "failures",
	                         "IPV6_DISABLED;B02_NS_NO_RESPONSE;"
	                         "B02_UNEXPECTED_RCODE;B02_NS_NOT_AUTH;"
	                         "B02_NS_BROKEN;B02_NS_NO_IP_ADDR;"
	                         "B02_NO_WORKING_NS");
	ck_assert_str_eq(th_message_arg(&fx.rep.msgs[2], "rcode"), "REFUSED");
	ck_assert_int_eq(fx.rep.msgs[6].level, TH_LEVEL_CRITICAL);
	enginefx_free(&fx);
}
END_TEST

/* One working server: the failing ones are not BASIC02's to name. */
START_TEST(test_basic02_one_works)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.ev.parent_status = TH_RES_REFERRAL;
	canned_ns(&fx.ev, "ns1.example.se", TH_EV_DEL, "192.0.2.1");
	canned_ns(&fx.ev, "ns2.example.se", TH_EV_DEL, "192.0.2.2");
	canned_ns(&fx.ev, "ns3.example.se", TH_EV_DEL, NULL);
	canned_reply(&fx.ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, 0, 5, NULL, NULL, NULL));
	canned_reply(
	    &fx.ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	    canned_answer(DOM, TH_T_SOA, CANNED_AA, 0, SOA_RR, NULL, NULL));
	th_basic02(&fx.ctx);
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC02, "one works",
	                         "B02_AUTH_RESPONSE_SOA");
	ck_assert_str_eq(th_message_arg(&fx.rep.msgs[0], "ns_list"),
	                 "ns2.example.se/192.0.2.2");
	enginefx_free(&fx);
}
END_TEST

START_TEST(test_basic02_no_delegation)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.ev.parent_status = TH_RES_REFERRAL;
	th_basic02(&fx.ctx);
	ck_assert(th_report_has(&fx.rep, TH_TAG_BASIC02_B02_NO_DELEGATION));
	enginefx_free(&fx);
}
END_TEST

/* No working server: BASIC03 asks whether www still has an address. */
START_TEST(test_basic03_www)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	fx.ev.parent_status = TH_RES_REFERRAL;
	canned_ns(&fx.ev, "ns1.example.se", TH_EV_DEL, "192.0.2.1");
	canned_ns(&fx.ev, "ns2.example.se", TH_EV_DEL, "192.0.2.2");
	canned_reply(&fx.ev, "192.0.2.1", TH_QF_PLAIN, "www." DOM, TH_T_A,
	             canned_answer("www." DOM, TH_T_A, 0, 0,
	                           "www.example.se. 60 IN A 192.0.2.80", NULL,
	                           NULL));
	canned_reply(&fx.ev, "192.0.2.2", TH_QF_PLAIN, "www." DOM, TH_T_A,
	             canned_answer("www." DOM, TH_T_A, 0, 5, NULL, NULL, NULL));
	ck_assert(!th_basic_run(&fx.ctx));
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC03, "www",
	                         "HAS_A_RECORDS;NO_A_RECORDS");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	fx.ev.parent_status = TH_RES_REFERRAL;
	canned_ns(&fx.ev, "ns1.example.se", TH_EV_DEL, "192.0.2.1");
	th_basic03(&fx.ctx);
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC03, "www unasked",
	                         "A_QUERY_NO_RESPONSES");
	enginefx_free(&fx);
}
END_TEST

/* A profile without BASIC03 drops its messages, not the gate. */
START_TEST(test_basic_profile)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	healthy(&fx);
	fx.profile.enabled[TH_TC_BASIC03] = false;
	fx.profile.level[TH_TAG_BASIC01_B01_CHILD_FOUND] = TH_LEVEL_WARNING;
	ck_assert(th_basic_run(&fx.ctx));
	tagcheck_assert_sequence(&fx.rep, TH_TC_BASIC03, "profile", "");
	ck_assert_int_eq(fx.rep.msgs[1].level, TH_LEVEL_WARNING);
	enginefx_free(&fx);
}
END_TEST

Suite *
suite_basic(void)
{
	Suite *s = suite_create("basic");
	TCase *tc = tcase_create("basic");

	tcase_add_test(tc, test_basic_healthy);
	tcase_add_test(tc, test_basic01_inconsistent);
	tcase_add_loop_test(tc, test_basic01_alias, 0, 2);
	tcase_add_loop_test(tc, test_basic01_cases, 0,
	                    (int)(sizeof(b01_cases) / sizeof(b01_cases[0])));
	tcase_add_test(tc, test_basic02_failures);
	tcase_add_test(tc, test_basic02_one_works);
	tcase_add_test(tc, test_basic02_no_delegation);
	tcase_add_test(tc, test_basic03_www);
	tcase_add_test(tc, test_basic_profile);
	suite_add_tcase(s, tc);
	return s;
}
