/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_address.c -- unit tests for engine/address (ADDRESS01-03) over
 * canned evidence: each group of ADDRESS01 and the testbed override, PTR
 * lookups that answer, fail, are missing or follow a CNAME, PTR targets
 * that match the NS name in any case or not, and the reverse names.
 */
#include "common/err.h"
#include "engine/address.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define DOM "example.se"
#define MAXTAGS 8

static void
reverse_str(const char *ip, char *dst, size_t size)
{
	struct th_addr a = canned_addr(ip);
	struct th_dname r;

	ck_assert_int_eq(th_address_reverse_name(&a, &r), 0);
	ck_assert_int_eq(th_dname_to_str(&r, dst, size), 0);
}

/*
 * Record the PTR lookup of ip: its status, and for ANSWER the PTR records
 * (";"-separated targets) owned by final (the reverse name when NULL)
 * after cnames CNAMEs.
 */
static void
add_ptr(struct enginefx *fx, const char *ip, enum th_res_status st,
        const char *targets, unsigned cnames, const char *final)
{
	char rev[TH_DNAME_STRLEN], rrs[2048], *save = NULL, *one, *copy;
	size_t n = 0;

	reverse_str(ip, rev, sizeof(rev));
	rrs[0] = '\0';
	if (cnames > 0)
		n += (size_t)snprintf(rrs, sizeof(rrs), "%s 300 IN CNAME %s;",
		                      rev, final);
	if (targets != NULL) {
		copy = strdup(targets);
		for (one = strtok_r(copy, ";", &save); one != NULL;
		     one = strtok_r(NULL, ";", &save))
			n += (size_t)snprintf(rrs + n, sizeof(rrs) - n,
			                      "%s 300 IN PTR %s;",
			                      final != NULL ? final : rev, one);
		free(copy);
	}
	/* Only a status read from a message keeps that message. */
	enginefx_add_lookup(fx, &(struct enginefx_lookup){
	                            .qname = rev,
	                            .qtype = TH_T_PTR,
	                            .status = st,
	                            .cnames = cnames,
	                            .records = st == TH_RES_ANSWER ||
	                                               st == TH_RES_NODATA ||
	                                               st == TH_RES_NXDOMAIN
	                                           ? rrs
	                                           : NULL,
	                            .final = final});
}

/* ---- reverse names ------------------------------------------------------ */

static const struct {
	const char *ip, *rev;
} rev_cases[] = {
    {"192.0.2.1", "1.2.0.192.in-addr.arpa."},
    {"0.0.0.0", "0.0.0.0.in-addr.arpa."},
    {"255.255.255.255", "255.255.255.255.in-addr.arpa."},
    {"2001:db8::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d."
                    "0.1.0.0.2.ip6.arpa."},
    {"2a00:ff::abcd", "d.c.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.f.f."
                      "0.0.0.0.a.2.ip6.arpa."},
};

START_TEST(test_address_reverse_name)
{
	char got[TH_DNAME_STRLEN];

	reverse_str(rev_cases[_i].ip, got, sizeof(got));
	ck_assert_str_eq(got, rev_cases[_i].rev);
}
END_TEST

START_TEST(test_address_reverse_name_no_family)
{
	struct th_addr a;
	struct th_dname r;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(th_address_reverse_name(&a, &r), TH_EINVAL);
}
END_TEST

/* ---- ADDRESS01 ---------------------------------------------------------- */

struct a01_case {
	const char *ns1, *ns2; /* addresses of ns1 and ns2, NULL: no name */
	bool testbed;          /* 127.100.0.0/16 is global */
	bool no_ipv6;
	const char *want[MAXTAGS];
	const char *list_tag, *list; /* an ns_list to check */
};

static const struct a01_case a01_cases[] = {
    {"193.0.14.129",
     "2001:7fe::53",
     false,
     false,
     {"A01_GLOBALLY_REACHABLE_ADDR", NULL},
     "A01_GLOBALLY_REACHABLE_ADDR",
     "ns1.example.se/193.0.14.129;ns2.example.se/2001:7fe::53"},
    {"192.0.2.1",
     "193.0.14.129",
     false,
     false,
     {"A01_DOCUMENTATION_ADDR", NULL},
     "A01_DOCUMENTATION_ADDR",
     "ns1.example.se/192.0.2.1"},
    {"10.0.0.1,193.0.14.129",
     "fd00::1",
     false,
     false,
     {"A01_LOCAL_USE_ADDR", NULL},
     "A01_LOCAL_USE_ADDR",
     "ns1.example.se/10.0.0.1;ns2.example.se/fd00::1"},
    {"240.0.0.1",
     "2001::1",
     false,
     false,
     {"A01_ADDR_NOT_GLOBALLY_REACHABLE", "A01_NO_GLOBALLY_REACHABLE_ADDR",
      NULL},
     "A01_ADDR_NOT_GLOBALLY_REACHABLE",
     "ns1.example.se/240.0.0.1;ns2.example.se/2001::1"},
    {"192.0.2.1",
     "127.0.0.1",
     false,
     false,
     {"A01_DOCUMENTATION_ADDR", "A01_LOCAL_USE_ADDR",
      "A01_NO_GLOBALLY_REACHABLE_ADDR", NULL},
     "A01_LOCAL_USE_ADDR",
     "ns2.example.se/127.0.0.1"},
    {NULL, NULL, false, false, {"A01_NO_NAME_SERVERS_FOUND", NULL}, NULL, NULL},
    /* A name without addresses is no NS IP. */
    {"", "", false, false, {"A01_NO_NAME_SERVERS_FOUND", NULL}, NULL, NULL},
    /* The testbed's loopback addresses count as global. */
    {"127.100.0.1",
     "127.100.0.2",
     true,
     false,
     {"A01_GLOBALLY_REACHABLE_ADDR", NULL},
     NULL,
     NULL},
    {"127.100.0.1",
     "127.100.0.2",
     false,
     false,
     {"A01_LOCAL_USE_ADDR", "A01_NO_GLOBALLY_REACHABLE_ADDR", NULL},
     NULL,
     NULL},
    /* Addresses of a family not in use are left out. */
    {"fe80::1",
     "fe80::2",
     false,
     true,
     {"A01_NO_NAME_SERVERS_FOUND", NULL},
     NULL,
     NULL},
};

START_TEST(test_address01)
{
	const struct a01_case *c = &a01_cases[_i];
	struct enginefx fx;
	char what[32];

	enginefx_init(&fx, DOM);
	if (c->ns1 != NULL)
		canned_ns(&fx.ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
		          *c->ns1 ? c->ns1 : NULL);
	if (c->ns2 != NULL)
		canned_ns(&fx.ev, "ns2.example.se", TH_EV_DEL,
		          *c->ns2 ? c->ns2 : NULL);
	if (c->testbed) {
		ck_assert_int_eq(
		    th_prefix_parse(&fx.conf.global[0], "127.100.0.0/16"), 0);
		fx.conf.nglobal = 1;
	}
	fx.ev.ipv6 = !c->no_ipv6;
	th_address01(&fx.ctx);
	snprintf(what, sizeof(what), "a01 row %d", _i);
	tagcheck_assert_tags(&fx.rep, TH_TC_ADDRESS01, what, c->want, MAXTAGS);
	if (c->list_tag != NULL)
		tagcheck_assert_arg(&fx.rep, TH_TC_ADDRESS01, what, c->list_tag,
		                    "ns_list", c->list);
	enginefx_free(&fx);
}
END_TEST

/* ---- ADDRESS02 and ADDRESS03 -------------------------------------------- */

struct ptr_case {
	const char *name;
	void (*setup)(struct enginefx *fx);
	const char *want02[MAXTAGS];
	const char *want03[MAXTAGS];
};

/* ns1 (both sides) 192.0.2.1 and 2001:db8::1, ns2 (both) 192.0.2.2. */
static void
two_ns(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1,2001:db8::1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.2");
}

static void
ptr_good(struct enginefx *fx)
{
	two_ns(fx);
	add_ptr(fx, "192.0.2.1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "2001:db8::1", TH_RES_ANSWER,
	        "other.example.net.;NS1.Example.SE.", 0, NULL);
	add_ptr(fx, "192.0.2.2", TH_RES_ANSWER, "ns2.example.se.", 0, NULL);
}

static void
ptr_nxdomain(struct enginefx *fx)
{
	two_ns(fx);
	add_ptr(fx, "192.0.2.1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "2001:db8::1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "192.0.2.2", TH_RES_NXDOMAIN, NULL, 0, NULL);
}

static void
ptr_nodata(struct enginefx *fx)
{
	two_ns(fx);
	add_ptr(fx, "192.0.2.1", TH_RES_NODATA, NULL, 0, NULL);
	add_ptr(fx, "2001:db8::1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "192.0.2.2", TH_RES_ANSWER, "ns2.example.se.", 0, NULL);
}

static void
ptr_servfail(struct enginefx *fx)
{
	two_ns(fx);
	add_ptr(fx, "192.0.2.1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "2001:db8::1", TH_RES_SERVFAIL, NULL, 0, NULL);
	add_ptr(fx, "192.0.2.2", TH_RES_LOOP, NULL, 0, NULL);
}

/* The probe never made the lookup of 192.0.2.2. */
static void
ptr_missing(struct enginefx *fx)
{
	two_ns(fx);
	add_ptr(fx, "192.0.2.1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "2001:db8::1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
}

static void
ptr_mismatch(struct enginefx *fx)
{
	two_ns(fx);
	add_ptr(fx, "192.0.2.1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "2001:db8::1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "192.0.2.2", TH_RES_ANSWER,
	        "host.provider.net.;ns9.example.se.", 0, NULL);
}

/* RFC 2317 classless delegation: the PTR is behind a CNAME. */
static void
ptr_cname(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.130");
	add_ptr(fx, "192.0.2.1", TH_RES_ANSWER, "ns1.example.se.", 1,
	        "1.0/25.2.0.192.in-addr.arpa.");
	add_ptr(fx, "192.0.2.130", TH_RES_ANSWER, "ns2.example.se.", 1,
	        "130.128/25.2.0.192.in-addr.arpa.");
}

/* A delegation-only name: ADDRESS02 sees it, ADDRESS03 does not. */
static void
ptr_del_only(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "old.example.se", TH_EV_DEL, "192.0.2.9");
	add_ptr(fx, "192.0.2.1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
	add_ptr(fx, "192.0.2.9", TH_RES_NXDOMAIN, NULL, 0, NULL);
}

/* Two names on one address: reported once; each name is matched. */
static void
ptr_shared(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	add_ptr(fx, "192.0.2.1", TH_RES_ANSWER, "ns1.example.se.", 0, NULL);
}

static void
ptr_shared_none(struct enginefx *fx)
{
	canned_ns(&fx->ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	canned_ns(&fx->ev, "ns2.example.se", TH_EV_DEL | TH_EV_CHILD,
	          "192.0.2.1");
	add_ptr(fx, "192.0.2.1", TH_RES_NXDOMAIN, NULL, 0, NULL);
}

static void
ptr_no_ns(struct enginefx *fx)
{
	(void)fx;
}

static const struct ptr_case ptr_cases[] = {
    {"good",
     ptr_good,
     {"NAMESERVERS_IP_WITH_REVERSE", NULL},
     {"NAMESERVER_IP_PTR_MATCH", NULL}},
    {"nxdomain",
     ptr_nxdomain,
     {"NAMESERVER_IP_WITHOUT_REVERSE", NULL},
     {"NAMESERVER_IP_WITHOUT_REVERSE", NULL}},
    {"nodata",
     ptr_nodata,
     {"NAMESERVER_IP_WITHOUT_REVERSE", NULL},
     {"NAMESERVER_IP_WITHOUT_REVERSE", NULL}},
    {"servfail",
     ptr_servfail,
     {"NO_RESPONSE_PTR_QUERY", NULL},
     {"NO_RESPONSE_PTR_QUERY", NULL}},
    {"missing",
     ptr_missing,
     {"NO_RESPONSE_PTR_QUERY", NULL},
     {"NO_RESPONSE_PTR_QUERY", NULL}},
    {"mismatch",
     ptr_mismatch,
     {"NAMESERVERS_IP_WITH_REVERSE", NULL},
     {"NAMESERVER_IP_PTR_MISMATCH", NULL}},
    {"cname",
     ptr_cname,
     {"NAMESERVERS_IP_WITH_REVERSE", NULL},
     {"NAMESERVER_IP_PTR_MATCH", NULL}},
    {"del_only",
     ptr_del_only,
     {"NAMESERVER_IP_WITHOUT_REVERSE", NULL},
     {"NAMESERVER_IP_PTR_MATCH", NULL}},
    {"shared",
     ptr_shared,
     {"NAMESERVERS_IP_WITH_REVERSE", NULL},
     {"NAMESERVER_IP_PTR_MISMATCH", NULL}},
    {"shared_none",
     ptr_shared_none,
     {"NAMESERVER_IP_WITHOUT_REVERSE", NULL},
     {"NAMESERVER_IP_WITHOUT_REVERSE", NULL}},
    {"no_ns", ptr_no_ns, {NULL}, {NULL}},
};

START_TEST(test_address02)
{
	const struct ptr_case *c = &ptr_cases[_i];
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	c->setup(&fx);
	th_address02(&fx.ctx);
	tagcheck_assert_tags(&fx.rep, TH_TC_ADDRESS02, c->name, c->want02,
	                     MAXTAGS);
	tagcheck_assert_tags(&fx.rep, TH_TC_ADDRESS03, c->name, NULL, 0);
	enginefx_free(&fx);
}
END_TEST

START_TEST(test_address03)
{
	const struct ptr_case *c = &ptr_cases[_i];
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	c->setup(&fx);
	th_address03(&fx.ctx);
	tagcheck_assert_tags(&fx.rep, TH_TC_ADDRESS03, c->name, c->want03,
	                     MAXTAGS);
	enginefx_free(&fx);
}
END_TEST

/* Arguments: which server, which query, which PTR targets. */
START_TEST(test_address_ptr_args)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	ptr_nxdomain(&fx);
	th_address02(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_ADDRESS02, "ptr nxdomain",
	                    "NAMESERVER_IP_WITHOUT_REVERSE", "ns",
	                    "ns2.example.se/192.0.2.2");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	ptr_servfail(&fx);
	th_address02(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_ADDRESS02, "ptr servfail",
	                      "NO_RESPONSE_PTR_QUERY", 2);
	tagcheck_assert_arg(
	    &fx.rep, TH_TC_ADDRESS02, "ptr servfail", "NO_RESPONSE_PTR_QUERY",
	    "query_name",
	    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2."
	    "ip6.arpa");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	ptr_mismatch(&fx);
	th_address03(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_ADDRESS03, "ptr mismatch",
	                      "NAMESERVER_IP_PTR_MISMATCH", 1);
	tagcheck_assert_arg(&fx.rep, TH_TC_ADDRESS03, "ptr mismatch",
	                    "NAMESERVER_IP_PTR_MISMATCH", "ns",
	                    "ns2.example.se/192.0.2.2");
	tagcheck_assert_arg(&fx.rep, TH_TC_ADDRESS03, "ptr mismatch",
	                    "NAMESERVER_IP_PTR_MISMATCH", "names",
	                    "host.provider.net;ns9.example.se");
	enginefx_free(&fx);

	/* A shared address without PTR is one message, under ns1. */
	enginefx_init(&fx, DOM);
	ptr_shared_none(&fx);
	th_address02(&fx.ctx);
	tagcheck_assert_count(&fx.rep, TH_TC_ADDRESS02, "ptr shared none",
	                      "NAMESERVER_IP_WITHOUT_REVERSE", 1);
	tagcheck_assert_arg(&fx.rep, TH_TC_ADDRESS02, "ptr shared none",
	                    "NAMESERVER_IP_WITHOUT_REVERSE", "ns",
	                    "ns1.example.se/192.0.2.1");
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	ptr_shared(&fx);
	th_address03(&fx.ctx);
	tagcheck_assert_arg(&fx.rep, TH_TC_ADDRESS03, "ptr shared",
	                    "NAMESERVER_IP_PTR_MISMATCH", "ns",
	                    "ns2.example.se/192.0.2.1");
	enginefx_free(&fx);
}
END_TEST

/* The module entry runs the enabled test cases only, and ADDRESS03 only
 * after ADDRESS02 passed. */
START_TEST(test_address_run)
{
	struct enginefx fx;

	enginefx_init(&fx, DOM);
	ptr_good(&fx);
	th_address_run(&fx.ctx);
	ck_assert(
	    th_report_has(&fx.rep, TH_TAG_ADDRESS01_A01_DOCUMENTATION_ADDR));
	ck_assert(th_report_has(&fx.rep,
	                        TH_TAG_ADDRESS02_NAMESERVERS_IP_WITH_REVERSE));
	ck_assert(
	    th_report_has(&fx.rep, TH_TAG_ADDRESS03_NAMESERVER_IP_PTR_MATCH));
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	ptr_good(&fx);
	fx.profile.enabled[TH_TC_ADDRESS02] = false;
	th_address_run(&fx.ctx);
	ck_assert(
	    th_report_has(&fx.rep, TH_TAG_ADDRESS01_A01_DOCUMENTATION_ADDR));
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_ADDRESS02, TH_LEVEL_DEBUG3), 0);
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_ADDRESS03, TH_LEVEL_DEBUG3), 0);
	enginefx_free(&fx);

	enginefx_init(&fx, DOM);
	ptr_nxdomain(&fx);
	th_address_run(&fx.ctx);
	ck_assert(th_report_has(
	    &fx.rep, TH_TAG_ADDRESS02_NAMESERVER_IP_WITHOUT_REVERSE));
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_ADDRESS03, TH_LEVEL_DEBUG3), 0);
	enginefx_free(&fx);
}
END_TEST

Suite *
suite_address(void)
{
	Suite *s = suite_create("address");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_address_reverse_name, 0,
	                    N_ELEMS(rev_cases));
	tcase_add_test(neg, test_address_reverse_name_no_family);
	tcase_add_loop_test(pos, test_address01, 0, N_ELEMS(a01_cases));
	tcase_add_loop_test(pos, test_address02, 0, N_ELEMS(ptr_cases));
	tcase_add_loop_test(pos, test_address03, 0, N_ELEMS(ptr_cases));
	tcase_add_test(neg, test_address_ptr_args);
	tcase_add_test(pos, test_address_run);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
