/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_delegation.c -- unit tests for engine/delegation (DELEGATION01-07)
 * over canned evidence: name and address counts per side, shared
 * addresses, the referral size checked against the packet ldns writes
 * for the same records, AA over UDP and TCP, NS names that are CNAMEs in
 * and out of the domain, missing SOA records, and NS set differences.
 */
#include "engine/delegation.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"

#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define DOM "example.se"
#define SOA_RR "example.se. 3600 IN SOA ns1.example.se. h.example.se. 1 2 3 4 5"
#define MAXTAGS 8

/* Delegation tests need the parent's name. */
static void
fx_init(struct enginefx *fx)
{
	enginefx_init(fx, DOM);
	fx->ev.parent = canned_name("se");
}

static void
add_child_addr(struct enginefx *fx, const char *name, const char *ip)
{
	struct th_dname n = canned_name(name);
	struct th_ev_ns *ns = th_ev_ns_find(&fx->ev.ns, &n);
	struct th_addr a = canned_addr(ip);

	ck_assert_ptr_nonnull(ns);
	th_ev_ns_add_child_addr(ns, &a);
}

/* A recursive lookup with its status and CNAME count. */
static void
add_lookup(struct enginefx *fx, const char *qname, uint16_t qtype,
           enum th_res_status st, unsigned cnames)
{
	enginefx_add_lookup(fx, &(struct enginefx_lookup){.qname = qname,
	                                                  .qtype = qtype,
	                                                  .status = st,
	                                                  .cnames = cnames});
}

/* An SOA reply of a server: AA or not, RCODE, with or without the SOA. */
static void
soa_reply(struct enginefx *fx, const char *ip, enum th_qflavor f, bool aa,
          unsigned rcode, bool with_soa)
{
	canned_reply(&fx->ev, ip, f, DOM, TH_T_SOA,
	             canned_answer(DOM, TH_T_SOA, aa ? CANNED_AA : 0, rcode,
	                           with_soa ? SOA_RR : NULL, NULL, NULL));
}

/* ---- evidence shapes ---------------------------------------------------- */

/* ns1 and ns2 in both sets, each with an IPv4 and an IPv6 address. */
static void
healthy(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1,2001:db8::1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.2,2001:db8::2");
}

static void
one_ns(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
}

static void
v6_only(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "2001:db8::1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "2001:db8::2");
}

static void
one_v6(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1,2001:db8::1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.2");
}

/* The child lists only ns1, and gives it addresses of its own. */
static void
child_smaller(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD, NULL);
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL, "192.0.2.2");
	add_child_addr(fx, "ns1.example.se", "192.0.2.1");
	add_child_addr(fx, "ns1.example.se", "2001:db8::1");
}

/* IPv6 is not in use: DELEGATION01 still counts IPv6 addresses. */
static void
healthy_no_ipv6(struct enginefx *fx)
{
	healthy(fx);
	fx->ev.ipv6 = false;
}

static void
same_ip(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1,2001:db8::2");
}

/* Each side is distinct, but the union shares 192.0.2.1. */
static void
same_ip_across(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL, "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_CHILD, "192.0.2.1");
}

/* The child gives ns2 the address of ns1. */
static void
same_ip_child(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.2");
	add_child_addr(fx, "ns2.example.se", "192.0.2.1");
}

static void
many_ns(struct enginefx *fx)
{
	char name[128];

	/* Distinct second-level names defeat compression. */
	for (int i = 0; i < 13; i++) {
		snprintf(name, sizeof(name),
		         "a-rather-long-name-server-name.provider-%d.example",
		         i);
		canned_ns(&fx->ev, name, TH_EV_DEL, "192.0.2.1");
	}
}

static void
auth_ok(struct enginefx *fx)
{
	healthy(fx);
	for (int i = 0; i < 4; i++) {
		static const char *const ips[] = {"192.0.2.1", "2001:db8::1",
		                                  "192.0.2.2", "2001:db8::2"};

		soa_reply(fx, ips[i], TH_QF_PLAIN, true, 0, true);
		soa_reply(fx, ips[i], TH_QF_TCP, true, 0, true);
	}
}

static void
auth_udp_not_aa(struct enginefx *fx)
{
	healthy(fx);
	soa_reply(fx, "192.0.2.1", TH_QF_PLAIN, false, 0, true);
	soa_reply(fx, "192.0.2.1", TH_QF_TCP, true, 0, true);
	soa_reply(fx, "192.0.2.2", TH_QF_PLAIN, true, 0, true);
}

static void
auth_tcp_not_aa(struct enginefx *fx)
{
	healthy(fx);
	soa_reply(fx, "192.0.2.1", TH_QF_PLAIN, true, 0, true);
	soa_reply(fx, "192.0.2.1", TH_QF_TCP, false, TH_RCODE_REFUSED, false);
}

static void
auth_timeouts(struct enginefx *fx)
{
	healthy(fx);
	canned_reply(&fx->ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
	canned_reply(&fx->ev, "192.0.2.1", TH_QF_TCP, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_NETWORK_ERROR));
}

static void
auth_no_ipv6(struct enginefx *fx)
{
	auth_ok(fx);
	fx->ev.ipv6 = false;
}

static void
auth_no_ipv4(struct enginefx *fx)
{
	auth_ok(fx);
	fx->ev.ipv4 = false;
}

/* In-domain ns1/ns2 (child IPs 192.0.2.1, .2) and ns.provider.net. */
static void
cname_base(struct enginefx *fx, const char *ns2_answer, unsigned ns2_rcode,
           unsigned provider_cnames)
{
	static const char *const ips[] = {"192.0.2.1", "192.0.2.2"};

	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.2");
	canned_ns(&fx->ev, "ns.provider.net", TH_EV_DEL, "198.51.100.1");
	for (int i = 0; i < 2; i++) {
		canned_reply(
		    &fx->ev, ips[i], TH_QF_PLAIN, "ns1.example.se", TH_T_A,
		    canned_answer("ns1.example.se", TH_T_A, CANNED_AA, 0,
		                  "ns1.example.se. 300 IN A 192.0.2.1", NULL,
		                  NULL));
		canned_reply(
		    &fx->ev, ips[i], TH_QF_PLAIN, "ns2.example.se", TH_T_A,
		    canned_answer("ns2.example.se", TH_T_A, CANNED_AA,
		                  i == 1 ? ns2_rcode : 0,
		                  i == 1 ? ns2_answer
		                         : "ns2.example.se. 300 IN A 192.0.2.2",
		                  NULL, NULL));
	}
	add_lookup(fx, "ns.provider.net", TH_T_A, TH_RES_ANSWER,
	           provider_cnames);
}

static void
cname_none(struct enginefx *fx)
{
	cname_base(fx, "ns2.example.se. 300 IN A 192.0.2.2", 0, 0);
}

static void
cname_in_domain(struct enginefx *fx)
{
	cname_base(fx,
	           "ns2.example.se. 300 IN CNAME host.example.se.;"
	           "host.example.se. 300 IN A 192.0.2.2",
	           0, 0);
}

static void
cname_out_of_domain(struct enginefx *fx)
{
	cname_base(fx, "ns2.example.se. 300 IN A 192.0.2.2", 0, 1);
}

static void
cname_refused(struct enginefx *fx)
{
	cname_base(fx, NULL, TH_RCODE_REFUSED, 0);
}

static void
cname_timeout(struct enginefx *fx)
{
	cname_none(fx);
	canned_reply(&fx->ev, "192.0.2.3", TH_QF_PLAIN, "ns1.example.se",
	             TH_T_A, canned_outcome(TH_OUT_TIMEOUT));
	canned_ns(&fx->ev, "ns3.example.se", TH_EV_CHILD, "192.0.2.3");
}

/* The probe made no lookup for the out-of-domain name: no verdict on it. */
static void
cname_no_lookup(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns.provider.net", TH_EV_DEL | TH_EV_CHILD,
	          "198.51.100.1");
	canned_ns(&fx->ev, "ns.provider.org", TH_EV_DEL | TH_EV_CHILD,
	          "198.51.100.2");
	add_lookup(fx, "ns.provider.net", TH_T_A, TH_RES_ANSWER, 0);
}

static void
soa_all(struct enginefx *fx)
{
	healthy(fx);
	soa_reply(fx, "192.0.2.1", TH_QF_PLAIN, true, 0, true);
	soa_reply(fx, "2001:db8::1", TH_QF_PLAIN, true, 0, true);
	soa_reply(fx, "192.0.2.2", TH_QF_PLAIN, true, 0, true);
}

static void
soa_missing(struct enginefx *fx)
{
	healthy(fx);
	soa_reply(fx, "192.0.2.1", TH_QF_PLAIN, true, 0, true);
	soa_reply(fx, "192.0.2.2", TH_QF_PLAIN, true, 0, false);
}

/* REFUSED without an SOA is some other test case's business. */
static void
soa_refused(struct enginefx *fx)
{
	healthy(fx);
	soa_reply(fx, "192.0.2.1", TH_QF_PLAIN, true, 0, true);
	soa_reply(fx, "192.0.2.2", TH_QF_PLAIN, false, TH_RCODE_REFUSED, false);
}

static void
soa_timeouts(struct enginefx *fx)
{
	healthy(fx);
	canned_reply(&fx->ev, "192.0.2.1", TH_QF_PLAIN, DOM, TH_T_SOA,
	             canned_outcome(TH_OUT_TIMEOUT));
}

static void
soa_no_ipv4(struct enginefx *fx)
{
	soa_all(fx);
	fx->ev.ipv4 = false;
}

static void
names_match(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD, NULL);
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD, NULL);
}

static void
names_extra_parent(struct enginefx *fx)
{
	names_match(fx);
	canned_ns(&fx->ev, "old.example.se", TH_EV_DEL, NULL);
}

static void
names_extra_child(struct enginefx *fx)
{
	names_match(fx);
	canned_ns(&fx->ev, "new.example.se", TH_EV_CHILD, NULL);
}

static void
names_both_extra(struct enginefx *fx)
{
	names_extra_parent(fx);
	canned_ns(&fx->ev, "new.example.se", TH_EV_CHILD, NULL);
}

static void
names_disjoint(struct enginefx *fx)
{
	canned_ns(&fx->ev, "old.example.se", TH_EV_DEL, NULL);
	canned_ns(&fx->ev, "new.example.se", TH_EV_CHILD, NULL);
}

/* The zone's NS set is unknown: every parent name is missing. */
static void
names_no_child(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL, NULL);
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL, NULL);
}

/* ---- the table ---------------------------------------------------------- */

struct tc_case {
	const char *name;
	void (*setup)(struct enginefx *fx);
	void (*run)(const struct th_engine_ctx *ctx);
	enum th_testcase tc;
	const char *want[MAXTAGS + 4];
};

#define D01(x) "ENOUGH_" #x "_DEL", "ENOUGH_" #x "_CHILD"

static const struct tc_case cases[] = {
    /* DELEGATION01 */
    {"d01 healthy",
     healthy,
     th_delegation01,
     TH_TC_DELEGATION01,
     {D01(NS), D01(IPV4_NS), D01(IPV6_NS), NULL}},
    {"d01 one name",
     one_ns,
     th_delegation01,
     TH_TC_DELEGATION01,
     {"NOT_ENOUGH_NS_DEL", "NOT_ENOUGH_NS_CHILD", "NOT_ENOUGH_IPV4_NS_DEL",
      "NOT_ENOUGH_IPV4_NS_CHILD", "NO_IPV6_NS_DEL", "NO_IPV6_NS_CHILD", NULL}},
    {"d01 no ipv4",
     v6_only,
     th_delegation01,
     TH_TC_DELEGATION01,
     {D01(NS), D01(IPV6_NS), "NO_IPV4_NS_DEL", "NO_IPV4_NS_CHILD", NULL}},
    {"d01 one ipv6",
     one_v6,
     th_delegation01,
     TH_TC_DELEGATION01,
     {D01(NS), D01(IPV4_NS), "NOT_ENOUGH_IPV6_NS_DEL",
      "NOT_ENOUGH_IPV6_NS_CHILD", NULL}},
    {"d01 child smaller",
     child_smaller,
     th_delegation01,
     TH_TC_DELEGATION01,
     {"ENOUGH_NS_DEL", "NOT_ENOUGH_NS_CHILD", "NOT_ENOUGH_IPV4_NS_DEL",
      "NOT_ENOUGH_IPV4_NS_CHILD", "NO_IPV6_NS_DEL", "NOT_ENOUGH_IPV6_NS_CHILD",
      NULL}},
    {"d01 ipv6 off",
     healthy_no_ipv6,
     th_delegation01,
     TH_TC_DELEGATION01,
     {D01(NS), D01(IPV4_NS), D01(IPV6_NS), NULL}},
    /* DELEGATION02 */
    {"d02 distinct",
     healthy,
     th_delegation02,
     TH_TC_DELEGATION02,
     {"DEL_DISTINCT_NS_IP", "CHILD_DISTINCT_NS_IP", "DISTINCT_IP_ADDRESS",
      NULL}},
    {"d02 same",
     same_ip,
     th_delegation02,
     TH_TC_DELEGATION02,
     {"DEL_NS_SAME_IP", "CHILD_NS_SAME_IP", "SAME_IP_ADDRESS", NULL}},
    {"d02 across",
     same_ip_across,
     th_delegation02,
     TH_TC_DELEGATION02,
     {"DEL_DISTINCT_NS_IP", "CHILD_DISTINCT_NS_IP", "SAME_IP_ADDRESS", NULL}},
    {"d02 child addr",
     same_ip_child,
     th_delegation02,
     TH_TC_DELEGATION02,
     {"DEL_DISTINCT_NS_IP", "CHILD_NS_SAME_IP", "SAME_IP_ADDRESS", NULL}},
    /* DELEGATION03 */
    {"d03 ok",
     healthy,
     th_delegation03,
     TH_TC_DELEGATION03,
     {"REFERRAL_SIZE_OK", NULL}},
    {"d03 large",
     many_ns,
     th_delegation03,
     TH_TC_DELEGATION03,
     {"REFERRAL_SIZE_TOO_LARGE", NULL}},
    /* DELEGATION04 */
    {"d04 ok",
     auth_ok,
     th_delegation04,
     TH_TC_DELEGATION04,
     {"ARE_AUTHORITATIVE", NULL}},
    {"d04 udp",
     auth_udp_not_aa,
     th_delegation04,
     TH_TC_DELEGATION04,
     {"IS_NOT_AUTHORITATIVE", NULL}},
    {"d04 tcp",
     auth_tcp_not_aa,
     th_delegation04,
     TH_TC_DELEGATION04,
     {"IS_NOT_AUTHORITATIVE", NULL}},
    {"d04 timeouts",
     auth_timeouts,
     th_delegation04,
     TH_TC_DELEGATION04,
     {NULL}},
    {"d04 no ipv6",
     auth_no_ipv6,
     th_delegation04,
     TH_TC_DELEGATION04,
     {"IPV6_DISABLED", "ARE_AUTHORITATIVE", NULL}},
    {"d04 no ipv4",
     auth_no_ipv4,
     th_delegation04,
     TH_TC_DELEGATION04,
     {"IPV4_DISABLED", "ARE_AUTHORITATIVE", NULL}},
    /* DELEGATION05 */
    {"d05 none",
     cname_none,
     th_delegation05,
     TH_TC_DELEGATION05,
     {"NO_NS_CNAME", NULL}},
    {"d05 in domain",
     cname_in_domain,
     th_delegation05,
     TH_TC_DELEGATION05,
     {"NS_IS_CNAME", NULL}},
    {"d05 out of domain",
     cname_out_of_domain,
     th_delegation05,
     TH_TC_DELEGATION05,
     {"NS_IS_CNAME", NULL}},
    {"d05 refused",
     cname_refused,
     th_delegation05,
     TH_TC_DELEGATION05,
     {"UNEXPECTED_RCODE", "NO_NS_CNAME", NULL}},
    {"d05 timeout",
     cname_timeout,
     th_delegation05,
     TH_TC_DELEGATION05,
     {"NO_RESPONSE", "NO_NS_CNAME", NULL}},
    {"d05 no lookup",
     cname_no_lookup,
     th_delegation05,
     TH_TC_DELEGATION05,
     {"NO_NS_CNAME", NULL}},
    /* DELEGATION06 */
    {"d06 ok",
     soa_all,
     th_delegation06,
     TH_TC_DELEGATION06,
     {"SOA_EXISTS", NULL}},
    {"d06 missing",
     soa_missing,
     th_delegation06,
     TH_TC_DELEGATION06,
     {"SOA_NOT_EXISTS", NULL}},
    {"d06 refused",
     soa_refused,
     th_delegation06,
     TH_TC_DELEGATION06,
     {"SOA_EXISTS", NULL}},
    {"d06 timeouts", soa_timeouts, th_delegation06, TH_TC_DELEGATION06, {NULL}},
    {"d06 no ipv4",
     soa_no_ipv4,
     th_delegation06,
     TH_TC_DELEGATION06,
     {"IPV4_DISABLED", "SOA_EXISTS", NULL}},
    /* DELEGATION07 */
    {"d07 match",
     names_match,
     th_delegation07,
     TH_TC_DELEGATION07,
     {"NAMES_MATCH", NULL}},
    {"d07 extra parent",
     names_extra_parent,
     th_delegation07,
     TH_TC_DELEGATION07,
     {"EXTRA_NAME_PARENT", NULL}},
    {"d07 extra child",
     names_extra_child,
     th_delegation07,
     TH_TC_DELEGATION07,
     {"EXTRA_NAME_CHILD", NULL}},
    {"d07 both",
     names_both_extra,
     th_delegation07,
     TH_TC_DELEGATION07,
     {"EXTRA_NAME_PARENT", "EXTRA_NAME_CHILD", NULL}},
    {"d07 disjoint",
     names_disjoint,
     th_delegation07,
     TH_TC_DELEGATION07,
     {"EXTRA_NAME_PARENT", "EXTRA_NAME_CHILD", "TOTAL_NAME_MISMATCH", NULL}},
    {"d07 no child",
     names_no_child,
     th_delegation07,
     TH_TC_DELEGATION07,
     {"EXTRA_NAME_PARENT", "TOTAL_NAME_MISMATCH", NULL}},
};

START_TEST(test_delegation_cases)
{
	const struct tc_case *c = &cases[_i];
	struct enginefx fx;

	fx_init(&fx);
	c->setup(&fx);
	c->run(&fx.ctx);
	tagcheck_assert_tags(&fx.rep, c->tc, c->name, c->want,
	                     N_ELEMS(c->want));
	/* A test case emits only its own tags. */
	ck_assert_uint_eq(th_report_count(&fx.rep, c->tc, TH_LEVEL_DEBUG3),
	                  fx.rep.n);
	enginefx_free(&fx);
}
END_TEST

/* ---- arguments ---------------------------------------------------------- */

START_TEST(test_delegation_args)
{
	struct enginefx fx;

	fx_init(&fx);
	one_v6(&fx);
	th_delegation01(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION01, "one v6",
	                    "NOT_ENOUGH_IPV6_NS_DEL", "count", "1");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION01, "one v6",
	                    "NOT_ENOUGH_IPV6_NS_DEL", "minimum", "2");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION01, "one v6",
	                    "NOT_ENOUGH_IPV6_NS_DEL", "ns_list",
	                    "ns1.example.se/2001:db8::1");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION01, "one v6",
	                    "ENOUGH_NS_DEL", "nsname_list",
	                    "ns1.example.se;ns2.example.se");
	enginefx_free(&fx);

	fx_init(&fx);
	same_ip(&fx);
	th_delegation02(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_DELEGATION02, "same ip",
	                      "DEL_NS_SAME_IP", 1);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION02, "same ip",
	                    "DEL_NS_SAME_IP", "ns_ip", "192.0.2.1");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION02, "same ip",
	                    "DEL_NS_SAME_IP", "nsname_list",
	                    "ns1.example.se;ns2.example.se");
	enginefx_free(&fx);

	fx_init(&fx);
	auth_tcp_not_aa(&fx);
	th_delegation04(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_DELEGATION04, "auth tcp not aa",
	                      "IS_NOT_AUTHORITATIVE", 1);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION04, "auth tcp not aa",
	                    "IS_NOT_AUTHORITATIVE", "proto", "TCP");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION04, "auth tcp not aa",
	                    "IS_NOT_AUTHORITATIVE", "ns",
	                    "ns1.example.se/192.0.2.1");
	enginefx_free(&fx);

	fx_init(&fx);
	auth_no_ipv6(&fx);
	th_delegation04(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_DELEGATION04, "auth no ipv6",
	                      "IPV6_DISABLED", 2);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION04, "auth no ipv6",
	                    "IPV6_DISABLED", "rrtype", "SOA");
	enginefx_free(&fx);

	fx_init(&fx);
	cname_in_domain(&fx);
	th_delegation05(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION05, "cname in domain",
	                    "NS_IS_CNAME", "nsname", "ns2.example.se");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION05, "cname in domain",
	                    "NS_IS_CNAME", "ns_ip_list", "192.0.2.2");
	enginefx_free(&fx);

	fx_init(&fx);
	cname_out_of_domain(&fx);
	th_delegation05(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION05, "cname out of domain",
	                    "NS_IS_CNAME", "nsname", "ns.provider.net");
	enginefx_free(&fx);

	fx_init(&fx);
	cname_refused(&fx);
	th_delegation05(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION05, "cname refused",
	                    "UNEXPECTED_RCODE", "rcode", "REFUSED");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION05, "cname refused",
	                    "UNEXPECTED_RCODE", "ns",
	                    "ns2.example.se/192.0.2.2");
	enginefx_free(&fx);

	fx_init(&fx);
	soa_missing(&fx);
	th_delegation06(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION06, "soa missing",
	                    "SOA_NOT_EXISTS", "ns", "ns2.example.se/192.0.2.2");
	enginefx_free(&fx);

	/* Lists are sorted, as Zonemaster prints them. */
	fx_init(&fx);
	names_disjoint(&fx);
	canned_ns(&fx.ev, "a.example.se", TH_EV_DEL, NULL);
	th_delegation07(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION07, "names disjoint",
	                    "EXTRA_NAME_PARENT", "nsname_list",
	                    "a.example.se;old.example.se");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION07, "names disjoint",
	                    "TOTAL_NAME_MISMATCH", "child_nsname_list",
	                    "new.example.se");
	enginefx_free(&fx);

	fx_init(&fx);
	names_match(&fx);
	th_delegation07(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION07, "names match",
	                    "NAMES_MATCH", "nsname_list",
	                    "ns1.example.se;ns2.example.se");
	enginefx_free(&fx);
}
END_TEST

/* ---- DELEGATION03 against ldns ------------------------------------------ */

START_TEST(test_delegation_long_name)
{
	static const char *const zones[] = {".", "se", "example.se",
	                                    "a.b.c.d.example.se"};
	struct th_dname z, q;
	char text[300];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		z = canned_name(zones[i]);
		th_delegation_long_name(&z, &q);
		ck_assert_uint_eq(q.len, TH_DNAME_MAXLEN);
		ck_assert(th_dname_is_subdomain(&q, &z));
	}
	/* A zone of 254 octets (3 * 63 + 64 + 1): a lone octet cannot
	 * make a label, so nothing is added. */
	for (int i = 0; i < 3; i++) {
		memset(text + n, 'a', 62);
		n += 62;
		text[n++] = '.';
	}
	memset(text + n, 'b', 63);
	text[n + 63] = '\0';
	z = canned_name(text);
	ck_assert_uint_eq(z.len, 254);
	th_delegation_long_name(&z, &q);
	ck_assert(th_dname_equal(&q, &z));
}
END_TEST

/* The packet ldns writes for the referral DELEGATION03 describes. */
static size_t
ldns_referral_size(const struct th_evidence *ev)
{
	struct th_dname q;
	char qtext[TH_DNAME_STRLEN], zone[TH_DNAME_STRLEN], ns[TH_DNAME_STRLEN],
	    ip[TH_ADDR_STRLEN], rr[4096];
	ldns_pkt *pkt = NULL;
	uint8_t *wire = NULL;
	size_t len = 0;
	bool in_parent = true, v4 = false, v6 = false;

	th_delegation_long_name(&ev->domain, &q);
	ck_assert_int_eq(th_dname_to_str(&q, qtext, sizeof(qtext)), 0);
	ck_assert_int_eq(th_dname_to_str(&ev->domain, zone, sizeof(zone)), 0);
	ck_assert_int_eq(ldns_pkt_query_new_frm_str(
	                     &pkt, qtext, LDNS_RR_TYPE_NS, LDNS_RR_CLASS_IN, 0),
	                 LDNS_STATUS_OK);
	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *n = &ev->ns.ns[i];
		ldns_rr *r = NULL;

		if (!(n->src & TH_EV_DEL))
			continue;
		in_parent &= th_dname_is_subdomain(&n->name, &ev->parent);
		ck_assert_int_eq(th_dname_to_str(&n->name, ns, sizeof(ns)), 0);
		snprintf(rr, sizeof(rr), "%s 3600 IN NS %s", zone, ns);
		ck_assert_int_eq(ldns_rr_new_frm_str(&r, rr, 0, NULL, NULL),
		                 LDNS_STATUS_OK);
		ldns_pkt_push_rr(pkt, LDNS_SECTION_AUTHORITY, r);
	}
	for (size_t i = 0; in_parent && i < ev->ns.n; i++) {
		const struct th_ev_ns *n = &ev->ns.ns[i];

		if (!(n->src & TH_EV_DEL))
			continue;
		for (size_t a = 0; a < n->naddr; a++) {
			bool is6 = n->addr[a].family == TH_AF_INET6;
			ldns_rr *r = NULL;

			if (is6 ? v6 : v4)
				continue;
			ck_assert_int_eq(
			    th_dname_to_str(&n->name, ns, sizeof(ns)), 0);
			ck_assert_int_eq(
			    th_addr_ip_str(&n->addr[a], ip, sizeof(ip)), 0);
			snprintf(rr, sizeof(rr), "%s 3600 IN %s %s", ns,
			         is6 ? "AAAA" : "A", ip);
			ck_assert_int_eq(
			    ldns_rr_new_frm_str(&r, rr, 0, NULL, NULL),
			    LDNS_STATUS_OK);
			ldns_pkt_push_rr(pkt, LDNS_SECTION_ADDITIONAL, r);
			if (is6)
				v6 = true;
			else
				v4 = true;
		}
	}
	ck_assert_int_eq(ldns_pkt2wire(&wire, pkt, &len), LDNS_STATUS_OK);
	free(wire);
	ldns_pkt_free(pkt);
	return len;
}

struct size_case {
	const char *zone; /* NULL: example.se */
	const char *parent;
	const char *ns[14]; /* "name" or "name=ip,ip", NULL ends */
};

static const struct size_case size_cases[] = {
    /* In-bailiwick names with glue of both families. */
    {NULL,
     "se",
     {"ns1.example.se=192.0.2.1,2001:db8::1", "ns2.example.se=192.0.2.2",
      NULL}},
    /* The IPv6 glue comes from the second name. */
    {NULL,
     "se",
     {"ns1.example.se=192.0.2.1", "ns2.other.se=2001:db8::2", "ns3.example.se",
      NULL}},
    /* An out-of-bailiwick name: no glue at all. */
    {NULL,
     "se",
     {"ns1.example.se=192.0.2.1", "ns.provider.net=198.51.100.1", NULL}},
    /* Names sharing suffixes with each other but not with the zone. */
    {NULL,
     "se",
     {"a.ns.provider.net=198.51.100.1", "b.ns.provider.net", "ns.provider.net",
      "provider.net", "c.d.provider.net", NULL}},
    /* Mixed case compresses against lower case. */
    {"Example.SE",
     ".",
     {"NS1.Example.SE=192.0.2.1", "ns2.EXAMPLE.se=2001:db8::2", NULL}},
    {NULL,
     "se",
     {"a-rather-long-name-server-name.provider-0.example=192.0.2.1",
      "a-rather-long-name-server-name.provider-1.example",
      "a-rather-long-name-server-name.provider-2.example",
      "a-rather-long-name-server-name.provider-3.example",
      "a-rather-long-name-server-name.provider-4.example",
      "a-rather-long-name-server-name.provider-5.example",
      "a-rather-long-name-server-name.provider-6.example",
      "a-rather-long-name-server-name.provider-7.example", NULL}},
    /* The zone's own name as a name server. */
    {NULL, "se", {"example.se=192.0.2.1", "se", NULL}},
    /* No delegation names. */
    {NULL, "se", {NULL}},
};

START_TEST(test_delegation_referral_size)
{
	const struct size_case *c = &size_cases[_i];
	struct enginefx fx;
	size_t ours, theirs;

	fx_init(&fx);
	if (c->zone != NULL)
		fx.ev.domain = canned_name(c->zone);
	fx.ev.parent = canned_name(c->parent);
	for (size_t i = 0; c->ns[i] != NULL; i++) {
		char name[256];
		const char *eq = strchr(c->ns[i], '=');
		size_t n = eq ? (size_t)(eq - c->ns[i]) : strlen(c->ns[i]);

		memcpy(name, c->ns[i], n);
		name[n] = '\0';
		canned_ns(&fx.ev, name, TH_EV_DEL | TH_EV_CHILD,
		          eq ? eq + 1 : NULL);
	}
	/* A child-only name is not in the referral. */
	canned_ns(&fx.ev, "child-only.example.org", TH_EV_CHILD, "192.0.2.99");
	ours = th_delegation_referral_size(&fx.ev);
	theirs = ldns_referral_size(&fx.ev);
	ck_assert_msg(ours == theirs, "case %d: %zu octets, ldns %zu", _i, ours,
	              theirs);
	enginefx_free(&fx);
}
END_TEST

START_TEST(test_delegation03_size_arg)
{
	struct enginefx fx;
	const char *size;

	fx_init(&fx);
	many_ns(&fx);
	th_delegation03(&fx.ctx);
	size = tagcheck_value(&fx.rep, TH_TC_DELEGATION03,
	                      "REFERRAL_SIZE_TOO_LARGE", "size");
	ck_assert_ptr_nonnull(size);
	ck_assert_int_gt(strtol(size, NULL, 10), 512);
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION03, "many ns",
	                    "REFERRAL_SIZE_TOO_LARGE", "limit", "512");
	tagcheck_assert_arg(&fx.rep, TH_TC_DELEGATION03, "many ns",
	                    "REFERRAL_SIZE_TOO_LARGE", "domain", "example.se");
	enginefx_free(&fx);
}
END_TEST

/* The module entry runs the enabled test cases only. */
START_TEST(test_delegation_run)
{
	struct enginefx fx;

	fx_init(&fx);
	healthy(&fx);
	fx.profile.enabled[TH_TC_DELEGATION02] = false;
	th_delegation_run(&fx.ctx);
	ck_assert(th_report_has(&fx.rep, TH_TAG_DELEGATION01_ENOUGH_NS_DEL));
	ck_assert(th_report_has(&fx.rep, TH_TAG_DELEGATION03_REFERRAL_SIZE_OK));
	ck_assert(th_report_has(&fx.rep, TH_TAG_DELEGATION07_NAMES_MATCH));
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_DELEGATION02, TH_LEVEL_DEBUG3), 0);
	enginefx_free(&fx);
}
END_TEST

Suite *
suite_delegation(void)
{
	Suite *s = suite_create("delegation");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_delegation_cases, 0, N_ELEMS(cases));
	tcase_add_test(neg, test_delegation_args);
	tcase_add_test(pos, test_delegation_long_name);
	tcase_add_loop_test(pos, test_delegation_referral_size, 0,
	                    N_ELEMS(size_cases));
	tcase_add_test(neg, test_delegation03_size_arg);
	tcase_add_test(pos, test_delegation_run);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
