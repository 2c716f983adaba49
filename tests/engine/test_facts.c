/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_facts.c -- unit tests for engine/facts: server classes, lame and
 * unreachable shares, NS sets, serials, IPv4/IPv6 counts, MX and SPF,
 * over canned evidence (definitions: docs/testbed.md section 6).
 */
#include "engine/facts.h"
#include "tests/suites.h"
#include "tests/support/canned.h"

#include <stdlib.h>
#include <string.h>

#define DOM "example.se"

static struct th_answer *
soa(unsigned flags, unsigned rcode, unsigned serial)
{
	char rr[160];

	snprintf(rr, sizeof(rr),
	         "example.se. 3600 IN SOA ns1.example.se. h.example.se. %u 2 3 "
	         "4 5",
	         serial);
	return canned_answer(DOM, TH_T_SOA, flags, rcode, rcode ? NULL : rr,
	                     NULL, NULL);
}

START_TEST(test_facts_classes)
{
	struct th_dname d = canned_name(DOM);
	struct th_evidence ev;
	struct th_facts *f = malloc(sizeof(*f));
	char buf[TH_DNAME_STRLEN];

	ck_assert_ptr_nonnull(f);
	th_ev_init(&ev, &d);
	canned_ns(&ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD, "192.0.2.1");
	canned_ns(&ev, "b.example.net", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.2,2001:db8::2");
	canned_ns(&ev, "c.example.net", TH_EV_DEL, "192.0.2.3");
	canned_ns(&ev, "gone.example.org", TH_EV_DEL, NULL);
	canned_ns(&ev, "a.example.net", TH_EV_CHILD, "192.0.2.1");
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(CANNED_AA, 0, 7));
	canned_reply(&ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(0, 0, 8));
	canned_reply(&ev, "2001:db8::2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(0, 5, 0));
	canned_reply(&ev, "192.0.2.3", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_MX,
	             canned_answer(DOM, TH_T_MX, CANNED_AA, 0,
	                           "example.se. 60 IN MX 10 mail.example.se.",
	                           NULL, NULL));
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_TXT,
	             canned_answer(DOM, TH_T_TXT, CANNED_AA, 0,
	                           "example.se. 60 IN TXT \"v=spf1 -all\"",
	                           NULL, NULL));
	th_facts_compute(&ev, NULL, f);
	/* Six servers: AA, NOAA, REFUSED, TIMEOUT, UNKNOWN_HOST, AA. */
	ck_assert_uint_eq(f->nservers, 6);
	ck_assert_int_eq(f->servers[0].cls, TH_SC_AA);
	ck_assert_int_eq(f->servers[1].cls, TH_SC_NOAA);
	ck_assert_int_eq(f->servers[2].cls, TH_SC_REFUSED);
	ck_assert_int_eq(f->servers[3].cls, TH_SC_TIMEOUT);
	ck_assert_int_eq(f->servers[4].cls, TH_SC_UNKNOWN_HOST);
	ck_assert(!f->servers[4].has_addr);
	ck_assert_int_eq(f->lame, TH_SHARE_PARTIAL);
	ck_assert_int_eq(f->unreachable, TH_SHARE_PARTIAL);
	/* Serials of the serving servers (AA and NOAA), ascending. */
	ck_assert_uint_eq(f->nserials, 2);
	ck_assert_uint_eq(f->serials[0], 7);
	ck_assert_uint_eq(f->serials[1], 8);
	ck_assert(!f->soa_consistent);
	/* Parent and child sets, sorted as text. */
	ck_assert_uint_eq(f->nparent, 4);
	ck_assert_int_eq(th_dname_to_str(&f->parent_ns[0], buf, sizeof(buf)),
	                 0);
	ck_assert_str_eq(buf, "b.example.net.");
	ck_assert_uint_eq(f->nchild, 3);
	ck_assert_int_eq(th_dname_to_str(&f->child_ns[0], buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "a.example.net.");
	ck_assert(!f->ns_match);
	/* 192.0.2.1 counts once though two names use it. */
	ck_assert_uint_eq(f->ipv4, 3);
	ck_assert_uint_eq(f->ipv6, 1);
	ck_assert(f->mx);
	ck_assert(f->spf);
	ck_assert_str_eq(th_server_class_name(TH_SC_UNKNOWN_HOST),
	                 "UNKNOWN_HOST");
	ck_assert_str_eq(th_share_name(TH_SHARE_FULL), "full");
	th_ev_free(&ev);
	free(f);
}
END_TEST

/* All servers lame, or all silent: full; an alias NS is class CNAME. */
/*
 * Content facts: DMARC at _dmarc (policy from p=), CAA at the apex, and
 * the SOA timers the most servers give (two AA servers say 2 3 4 5, one
 * says 10 20 30 40; the NOAA one does not count).
 */
START_TEST(test_facts_content)
{
	struct th_dname d = canned_name(DOM);
	struct th_evidence ev;
	struct th_facts *f = malloc(sizeof(*f));

	ck_assert_ptr_nonnull(f);
	th_ev_init(&ev, &d);
	canned_ns(&ev, "a.example.net", TH_EV_DEL | TH_EV_CHILD, "192.0.2.1");
	canned_ns(&ev, "b.example.net", TH_EV_DEL | TH_EV_CHILD, "192.0.2.2");
	canned_ns(&ev, "c.example.net", TH_EV_DEL | TH_EV_CHILD, "192.0.2.3");
	canned_ns(&ev, "d.example.net", TH_EV_DEL | TH_EV_CHILD, "192.0.2.4");
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(CANNED_AA, 0, 1));
	canned_reply(&ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, CANNED_AA, 0,
	                           "example.se. 3600 IN SOA ns1.example.se. "
	                           "h.example.se. 1 10 20 30 40",
	                           NULL, NULL));
	canned_reply(&ev, "192.0.2.3", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(CANNED_AA, 0, 1));
	canned_reply(&ev, "192.0.2.4", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, 0, 0,
	                           "example.se. 3600 IN SOA ns1.example.se. "
	                           "h.example.se. 1 10 20 30 40",
	                           NULL, NULL));
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, "_dmarc." DOM, TH_T_TXT,
	             canned_answer("_dmarc." DOM, TH_T_TXT, CANNED_AA, 0,
	                           "_dmarc.example.se. 60 IN TXT "
	                           "\"v=DMARC1\\059 p=quarantine\\059 rua=x\"",
	                           NULL, NULL));
	canned_reply(&ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_CAA,
	             canned_answer(DOM, TH_T_CAA, CANNED_AA, 0,
	                           "example.se. 60 IN CAA 0 issue "
	                           "\"letsencrypt.org\"",
	                           NULL, NULL));
	th_facts_compute(&ev, NULL, f);
	ck_assert(f->content.known);
	ck_assert(f->content.dmarc);
	ck_assert_int_eq(f->content.dmarc_policy, TH_DMARC_QUARANTINE);
	ck_assert(f->content.caa);
	ck_assert(f->content.soa_known);
	ck_assert_uint_eq(f->content.refresh, 2);
	ck_assert_uint_eq(f->content.retry, 3);
	ck_assert_uint_eq(f->content.expire, 4);
	ck_assert_uint_eq(f->content.minimum, 5);
	th_ev_free(&ev);

	/* No DMARC record: a TXT at _dmarc without v=DMARC1 does not count;
	 * no CAA; no authoritative SOA. */
	th_ev_init(&ev, &d);
	canned_ns(&ev, "a.example.net", TH_EV_DEL | TH_EV_CHILD, "192.0.2.1");
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, "_dmarc." DOM, TH_T_TXT,
	             canned_answer("_dmarc." DOM, TH_T_TXT, CANNED_AA, 0,
	                           "_dmarc.example.se. 60 IN TXT "
	                           "\"v=DMARC10\\059 p=reject\"",
	                           NULL, NULL));
	th_facts_compute(&ev, NULL, f);
	ck_assert(f->content.known);
	ck_assert(!f->content.dmarc);
	ck_assert_int_eq(f->content.dmarc_policy, TH_DMARC_NOPOLICY);
	ck_assert(!f->content.caa);
	ck_assert(!f->content.soa_known);
	ck_assert_ptr_null(th_dmarc_policy_name(TH_DMARC_NOPOLICY));
	ck_assert_str_eq(th_dmarc_policy_name(TH_DMARC_REJECT), "reject");
	th_ev_free(&ev);
	free(f);
}
END_TEST

START_TEST(test_facts_full_and_cname)
{
	struct th_dname d = canned_name(DOM),
	                ns1 = canned_name("ns1.example.net");
	struct th_evidence ev;
	struct th_facts *f = malloc(sizeof(*f));
	struct th_res_result res;

	ck_assert_ptr_nonnull(f);
	th_ev_init(&ev, &d);
	canned_ns(&ev, "ns1.example.net", TH_EV_DEL, "192.0.2.1");
	canned_ns(&ev, "ns2.example.net", TH_EV_DEL, "192.0.2.2");
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(0, 5, 0));
	canned_reply(&ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(0, 2, 0));
	th_facts_compute(&ev, NULL, f);
	ck_assert_int_eq(f->lame, TH_SHARE_FULL);
	ck_assert_int_eq(f->unreachable, TH_SHARE_NONE);
	ck_assert(!f->served);
	th_ev_free(&ev);

	th_ev_init(&ev, &d);
	canned_ns(&ev, "ns1.example.net", TH_EV_DEL, "192.0.2.1");
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(CANNED_AA, 0, 1));
	memset(&res, 0, sizeof(res));
	res.status = TH_RES_ANSWER;
	res.cnames = 1;
	res.qname = canned_name("ns2.example.net");
	ck_assert_int_eq(th_ev_add_lookup(&ev, &ns1, TH_T_A, &res), 0);
	th_facts_compute(&ev, NULL, f);
	ck_assert_int_eq(f->servers[0].cls, TH_SC_CNAME);
	ck_assert(f->served);
	ck_assert_int_eq(f->lame, TH_SHARE_NONE);
	th_ev_free(&ev);
	free(f);
}
END_TEST

/*
 * A rate limit that drops every UDP SOA query to one address while TCP
 * gets through: the server answers, so it is neither unreachable nor
 * lame, and its TCP serial counts; its UDP class stays TIMEOUT. A server
 * silent over both transports is unreachable; one whose UDP timed out
 * and whose TCP reply is REFUSED is lame.
 */
START_TEST(test_facts_udp_lost_tcp_answers)
{
	struct th_dname d = canned_name(DOM);
	struct th_evidence ev;
	struct th_facts *f = malloc(sizeof(*f));

	ck_assert_ptr_nonnull(f);
	th_ev_init(&ev, &d);
	canned_ns(&ev, "ns1.example.net", TH_EV_DEL, "192.0.2.1");
	canned_ns(&ev, "ns2.example.net", TH_EV_DEL, "192.0.2.2");
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             soa(CANNED_AA, 0, 7));
	canned_reply(&ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&ev, "192.0.2.2", TH_QF_TCP, DOM, TH_T_SOA,
	             soa(CANNED_AA, 0, 9));
	th_facts_compute(&ev, NULL, f);
	ck_assert_int_eq(f->servers[1].cls, TH_SC_TIMEOUT);
	ck_assert_int_eq(f->servers[1].tcp_cls, TH_SC_AA);
	ck_assert_int_eq(f->unreachable, TH_SHARE_NONE);
	ck_assert_int_eq(f->lame, TH_SHARE_NONE);
	ck_assert_uint_eq(f->nserials, 2);
	ck_assert_uint_eq(f->serials[1], 9);
	th_ev_free(&ev);

	th_ev_init(&ev, &d);
	canned_ns(&ev, "ns1.example.net", TH_EV_DEL, "192.0.2.1");
	canned_ns(&ev, "ns2.example.net", TH_EV_DEL, "192.0.2.2");
	canned_reply(&ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&ev, "192.0.2.1", TH_QF_TCP, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&ev, "192.0.2.2", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&ev, "192.0.2.2", TH_QF_TCP, DOM, TH_T_SOA, soa(0, 5, 0));
	th_facts_compute(&ev, NULL, f);
	ck_assert_int_eq(f->unreachable, TH_SHARE_PARTIAL);
	ck_assert_int_eq(f->lame, TH_SHARE_PARTIAL);
	ck_assert(!f->served);
	th_ev_free(&ev);
	free(f);
}
END_TEST

Suite *
suite_facts(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("facts");

	tcase_add_test(tc, test_facts_classes);
	tcase_add_test(tc, test_facts_full_and_cname);
	tcase_add_test(tc, test_facts_content);
	tcase_add_test(tc, test_facts_udp_lost_tcp_answers);
	suite_add_tcase(s, tc);
	return s;
}
