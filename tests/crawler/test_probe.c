/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_probe.c -- unit tests for crawler/probe: the evidence one probe
 * collects (delegation, NS sets, glue and child addresses, every reply of
 * every server, lookups), what it asks where and how often, silent
 * servers, side questions that must not hold up the phases, the time
 * budget, undelegated tests, the run-wide Flag Day set (srvset), and the
 * questions asked only when an answer calls for them (the parent's DNAME,
 * the DNSSEC module's beyond DNSKEY and SOA).
 *
 * The probe runs over a real transport (no answer cache, one try) and
 * resolver against the canned server of tests/support/cannedsrv, UDP and
 * TCP on 127.0.0.1 ... 127.0.0.9, one unprivileged port:
 *
 *   .             127.0.0.1  a.root.test.
 *   test.         127.0.0.2  a.ns.test.
 *   dns.test.     127.0.0.5  ns.dns.test. (glue in test.): the hosts
 *                            ns1 .3, ns2 .4, ns3 .6, ns8 .8, ns9 .9
 *   example.test. ns1.dns.test., ns2.dns.test., ns6.example.test.
 *                            (glue AAAA 2001:db8::6 only)
 *   child.test.   ns1, ns2.dns.test.; the zone adds ns3.dns.test. and
 *                            ns7.child.test. (AAAA 2001:db8::7 in the zone)
 *   far.test.     ns.other.test. (other.test.: ns1.dns.test., no glue);
 *                            ns.other.test. is 127.0.0.7
 *   quiet.test.   ns1.dns.test., ns9.dns.test. (127.0.0.9 is silent)
 *   slow.test.    ns8.dns.test. (127.0.0.8 is silent)
 *   sib.test.     ns1.dns.test.
 *   undel.test.   not delegated; ns1, ns2.undel.test. in the zone
 *
 * The in-bailiwick names are IPv6-only while the probe runs IPv4 only, so
 * their glue and child addresses are recorded but never asked: the
 * scenarios were written while the probe gave those addresses port 53
 * (fixed; test_probe_glue_port checks their port now).
 *
 * A watchdog timer fails a test instead of letting it hang.
 */
#include "common/addr.h"
#include "common/dname.h"
#include "common/err.h"
#include "common/msg.h"
#include "crawler/probe.h"
#include "crawler/resolver.h"
#include "crawler/srvset.h"
#include "crawler/transport.h"
#include "engine/evidence.h"
#include "tests/suites.h"
#include "tests/support/cannedsrv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#define ROOT "127.0.0.1"
#define TLD "127.0.0.2"
#define NS1 "127.0.0.3"
#define NS2 "127.0.0.4"
#define DNS "127.0.0.5"
#define NS3 "127.0.0.6"
#define OTHER "127.0.0.7"
#define SILENT8 "127.0.0.8"
#define SILENT9 "127.0.0.9"

/* Generous, so that slow runs (valgrind) do not turn answers into
 * timeouts; the tests that wait for a timeout pay it once. */
#define TIMEOUT_MS 1000
#define WAIT_MS 15000

#define SOA_ROOT ". SOA a.root.test. hostmaster.test. 1 3600 600 86400 300"
#define SOA_TEST "test. SOA a.ns.test. hostmaster.test. 1 3600 600 86400 300"
#define SOA_DNS                                                                \
	"dns.test. SOA ns.dns.test. hostmaster.dns.test. 1 3600 600 86400 300"
/* MNAME and RNAME outside the zone: the lookups they cause never reach
 * the zone's servers, so what those see is the probe's alone. */
#define SOA_OF(z)                                                              \
	z " SOA ns1.dns.test. hostmaster.dns.test. 1 3600 600 86400 300"

/* SOA, NS, and NODATA for every other name and type of zone z at srv. */
#define ZONE(srv, z, ns)                                                       \
	CS_AUTH(srv, z, TH_T_SOA, SOA_OF(z)), CS_AUTH(srv, z, TH_T_NS, ns),    \
	    CS_EMPTY(srv, z, SOA_OF(z))

#define NS_EX                                                                  \
	"example.test. NS ns1.dns.test.\n"                                     \
	"example.test. NS ns2.dns.test.\n"                                     \
	"example.test. NS ns6.example.test."
#define NS_CHILD                                                               \
	"child.test. NS ns1.dns.test.\n"                                       \
	"child.test. NS ns2.dns.test.\n"                                       \
	"child.test. NS ns3.dns.test.\n"                                       \
	"child.test. NS ns7.child.test."

/* example.test. as its servers hold it (MX and TXT for the std set). */
#define ZONE_EX(srv)                                                           \
	CS_AUTH(srv, "example.test.", TH_T_MX,                                 \
	        "example.test. MX 10 mail.dns.test."),                         \
	    CS_AUTH(srv, "example.test.", TH_T_TXT,                            \
	            "example.test. TXT \"v=spf1 -all\""),                      \
	    CS_AUTH(srv, "ns6.example.test.", TH_T_AAAA,                       \
	            "ns6.example.test. AAAA 2001:db8::6"),                     \
	    ZONE(srv, "example.test.", NS_EX)

#define ZONE_CHILD(srv)                                                        \
	CS_AUTH(srv, "ns7.child.test.", TH_T_AAAA,                             \
	        "ns7.child.test. AAAA 2001:db8::7"),                           \
	    ZONE(srv, "child.test.", NS_CHILD)

#define ZONE_UNDEL(srv)                                                        \
	ZONE(srv, "undel.test.",                                               \
	     "undel.test. NS ns1.undel.test.\nundel.test. NS ns2.undel.test.")

static const struct cannedsrv_rule base_rules[] = {
    /* the root */
    CS_REFER(ROOT, "test.", "test. NS a.ns.test.", "a.ns.test. A 127.0.0.2"),
    CS_NXDOM(ROOT, ".", SOA_ROOT),
    /* test. */
    {TLD, "example.test.", TH_T_DS, CS_AA, TH_RCODE_NOERROR, NULL, SOA_TEST,
     NULL},
    CS_REFER(TLD, "example.test.", NS_EX, "ns6.example.test. AAAA 2001:db8::6"),
    CS_REFER(TLD, "child.test.",
             "child.test. NS ns1.dns.test.\nchild.test. NS ns2.dns.test.",
             NULL),
    CS_REFER(TLD, "far.test.", "far.test. NS ns.other.test.", NULL),
    CS_REFER(TLD, "other.test.", "other.test. NS ns1.dns.test.", NULL),
    CS_REFER(TLD, "quiet.test.",
             "quiet.test. NS ns1.dns.test.\nquiet.test. NS ns9.dns.test.",
             NULL),
    CS_REFER(TLD, "slow.test.", "slow.test. NS ns8.dns.test.", NULL),
    CS_REFER(TLD, "sib.test.", "sib.test. NS ns1.dns.test.", NULL),
    CS_REFER(TLD, "dns.test.", "dns.test. NS ns.dns.test.",
             "ns.dns.test. A 127.0.0.5"),
    CS_NXDOM(TLD, "test.", SOA_TEST),
    /* dns.test.: the hosts */
    CS_AUTH(DNS, "ns.dns.test.", TH_T_A, "ns.dns.test. A 127.0.0.5"),
    CS_AUTH(DNS, "ns1.dns.test.", TH_T_A, "ns1.dns.test. A 127.0.0.3"),
    CS_AUTH(DNS, "ns2.dns.test.", TH_T_A, "ns2.dns.test. A 127.0.0.4"),
    CS_AUTH(DNS, "ns3.dns.test.", TH_T_A, "ns3.dns.test. A 127.0.0.6"),
    CS_AUTH(DNS, "ns8.dns.test.", TH_T_A, "ns8.dns.test. A 127.0.0.8"),
    CS_AUTH(DNS, "ns9.dns.test.", TH_T_A, "ns9.dns.test. A 127.0.0.9"),
    CS_AUTH(DNS, "mail.dns.test.", TH_T_A, "mail.dns.test. A 192.0.2.25"),
    CS_AUTH(DNS, "dns.test.", TH_T_MX, "dns.test. MX 10 mail.dns.test."),
    CS_NXDOM(DNS, "nx.dns.test.", SOA_DNS),
    CS_EMPTY(DNS, "dns.test.", SOA_DNS),
    /* ns1.dns.test. */
    ZONE_EX(NS1),
    ZONE_CHILD(NS1),
    ZONE_UNDEL(NS1),
    ZONE(NS1, "quiet.test.",
         "quiet.test. NS ns1.dns.test.\nquiet.test. NS ns9.dns.test."),
    ZONE(NS1, "sib.test.", "sib.test. NS ns1.dns.test."),
    CS_AUTH(NS1, "ns.other.test.", TH_T_A, "ns.other.test. A 127.0.0.7"),
    ZONE(NS1, "other.test.", "other.test. NS ns1.dns.test."),
    /* ns2.dns.test. */
    ZONE_EX(NS2),
    ZONE_CHILD(NS2),
    ZONE_UNDEL(NS2),
    /* ns3.dns.test., only child.test. lists it */
    ZONE_CHILD(NS3),
    /* ns.other.test. */
    ZONE(OTHER, "far.test.", "far.test. NS ns.other.test."),
    CS_SILENT(SILENT8),
    CS_SILENT(SILENT9),
    CS_END,
};

/* ---- the probe under test ----------------------------------------------- */

struct env {
	struct cannedsrv *srv;
	uv_loop_t loop;
	uv_timer_t watchdog;
	bool expired;
	unsigned timeout_ms;
	struct th_transport *t;
	struct th_resolver *r;
};

/* What the probe delivered. */
struct got {
	unsigned calls;
	struct th_evidence *ev;
	uint64_t at_ns; /* uv_hrtime() at delivery */
};

static struct th_dname
name_of(const char *text)
{
	struct th_dname d;
	enum th_dname_reason why;
	int rc = th_dname_parse(&d, text, strlen(text), NULL, &why);

	ck_assert_msg(rc == 0, "fixture %s: %s", text,
	              th_dname_reason_name(why));
	return d;
}

static void
on_watchdog(uv_timer_t *h)
{
	struct env *e = h->data;

	e->expired = true;
}

static struct env *
env_open(const struct cannedsrv_rule *front, unsigned timeout_ms)
{
	const struct cannedsrv_rule *tables[3] = {base_rules, NULL, NULL};
	struct env *e = calloc(1, sizeof(*e));
	struct th_transport_conf tc;
	struct th_resolver_conf rc;
	struct th_hints h;

	ck_assert_ptr_nonnull(e);
	if (front != NULL) {
		tables[0] = front;
		tables[1] = base_rules;
	}
	e->srv = cannedsrv_start(tables);
	e->timeout_ms = timeout_ms;
	ck_assert_int_eq(uv_loop_init(&e->loop), 0);
	ck_assert_int_eq(uv_timer_init(&e->loop, &e->watchdog), 0);
	e->watchdog.data = e;
	th_transport_conf_default(&tc);
	tc.timeout_ms = timeout_ms;
	tc.tries = 1;
	tc.cache_bytes = 0; /* every question reaches the server */
	tc.udp_sockets = 2;
	tc.tcp_idle_ms = 100; /* connections close soon after their query */
	ck_assert_int_eq(th_transport_create(&e->t, &e->loop, &tc), 0);
	th_resolver_conf_default(&rc);
	rc.port = cannedsrv_port(e->srv);
	rc.no_ipv6 = true; /* the universe's IPv6 addresses serve nothing */
	memset(&h, 0, sizeof(h));
	h.nns = 1;
	h.ns[0] = name_of("a.root.test.");
	h.naddr[0] = 1;
	ck_assert_int_eq(th_addr_parse(&h.addr[0][0], ROOT, 53), 0);
	ck_assert_int_eq(th_resolver_create(&e->r, e->t, &h, &rc), 0);
	return e;
}

static void
env_close(struct env *e)
{
	uv_close((uv_handle_t *)&e->watchdog, NULL);
	th_resolver_close(e->r);
	th_transport_close(e->t);
	uv_run(&e->loop, UV_RUN_DEFAULT);
	/* Not busy: every probe closed its timer, so it freed itself. */
	ck_assert_int_eq(uv_loop_close(&e->loop), 0);
	cannedsrv_stop(e->srv);
	free(e);
}

/* IPv4 only, and a budget no test reaches unless it means to. */
static void
conf_default(struct th_probe_conf *c)
{
	th_probe_conf_default(c);
	c->ipv6 = false;
	c->budget_ms = WAIT_MS;
}

static void
on_probe(void *arg, struct th_evidence *ev)
{
	struct got *g = arg;

	g->calls++;
	g->ev = ev;
	g->at_ns = uv_hrtime();
}

static void
start_probe(struct env *e, const char *domain, const struct th_probe_conf *conf,
            struct got *g)
{
	struct th_dname d = name_of(domain);

	memset(g, 0, sizeof(*g));
	ck_assert_int_eq(th_probe_start(e->t, e->r, &d, conf, on_probe, g), 0);
	/* Never inside the call. */
	ck_assert_uint_eq(g->calls, 0);
}

/* Run the loop until every probe of gs delivered; fail after WAIT_MS. */
static void
wait_probes(struct env *e, struct got *gs, size_t n)
{
	e->expired = false;
	ck_assert_int_eq(uv_timer_start(&e->watchdog, on_watchdog, WAIT_MS, 0),
	                 0);
	for (;;) {
		size_t done = 0;

		for (size_t i = 0; i < n; i++)
			done += gs[i].calls > 0;
		if (done == n || e->expired)
			break;
		uv_run(&e->loop, UV_RUN_ONCE);
	}
	uv_timer_stop(&e->watchdog);
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(gs[i].calls > 0, "no evidence within %d ms",
		              WAIT_MS);
		ck_assert_uint_eq(gs[i].calls, 1);
		ck_assert_ptr_nonnull(gs[i].ev);
	}
}

static void
run_probe(struct env *e, const char *domain, const struct th_probe_conf *conf,
          struct got *g)
{
	start_probe(e, domain, conf, g);
	wait_probes(e, g, 1);
}

/* Run the loop for about ms milliseconds. */
static void
run_for(struct env *e, unsigned ms)
{
	e->expired = false;
	ck_assert_int_eq(uv_timer_start(&e->watchdog, on_watchdog, ms, 0), 0);
	while (!e->expired)
		uv_run(&e->loop, UV_RUN_ONCE);
}

static void
got_free(struct got *g)
{
	if (g->ev != NULL) {
		th_ev_free(g->ev);
		free(g->ev);
		g->ev = NULL;
	}
}

/* ---- reading the evidence ----------------------------------------------- */

/* A question: "@" is the probed domain, "www.@" and "_dmarc.@" names
 * below it. */
struct want {
	enum th_qflavor f;
	const char *qname;
	uint16_t qtype;
};

/* What every server of a zone is asked once: the standard queries ... */
static const struct want zone_std[] = {
    {TH_QF_PLAIN, "@", TH_T_SOA}, {TH_QF_PLAIN, "@", TH_T_NS},
    {TH_QF_TCP, "@", TH_T_SOA},   {TH_QF_TCP, "@", TH_T_NS},
    {TH_QF_PLAIN, "@", TH_T_MX},  {TH_QF_PLAIN, "@", TH_T_TXT},
};

/* ... the side questions (DNSSEC and Nameserver modules) ... */
static const struct want zone_side[] = {
    {TH_QF_DNSSEC, "@", TH_T_DNSKEY},
    {TH_QF_DNSSEC, "@", TH_T_SOA},
    {TH_QF_PLAIN, "xn--nameservertest.iis.se.", TH_T_A},
    {TH_QF_PLAIN, "xn--nameservertest.icann.org.", TH_T_A},
    {TH_QF_PLAIN, "xn--nameservertest.ripe.net.", TH_T_A},
    {TH_QF_EDNS, "@", TH_T_SOA},
    {TH_QF_EDNS1, "@", TH_T_SOA},
    {TH_QF_EDNSOPT, "@", TH_T_SOA},
    {TH_QF_EDNSZ, "@", TH_T_SOA},
    {TH_QF_DO512, "@", TH_T_SOA},
    {TH_QF_TCP, "@", TH_T_AXFR},
    {TH_QF_PLAIN, "@", TH_T_A},
    {TH_QF_PLAIN, "@", TH_T_AAAA},
    {TH_QF_PLAIN, ".", TH_T_NS},
    {TH_QF_PLAIN, "@", TH_T_CAA},
    {TH_QF_PLAIN, "_dmarc.@", TH_T_TXT},
    {TH_QF_CASE1, "www.@", TH_T_SOA},
    {TH_QF_CASE2, "www.@", TH_T_SOA},
    {TH_QF_CHAOS, "version.bind.", TH_T_TXT},
    {TH_QF_CHAOS, "version.server.", TH_T_TXT},
};

/* ... and, once per address per run, the DNS Flag Day set. */
static const struct want zone_fd[] = {
    {TH_QF_FD_EDNSOPT, "@", TH_T_SOA},   {TH_QF_FD_EDNS1OPT, "@", TH_T_SOA},
    {TH_QF_FD_EDNSFLAGS, "@", TH_T_SOA}, {TH_QF_FD_OPTLIST, "@", TH_T_SOA},
    {TH_QF_FD_EDNSTCP, "@", TH_T_SOA},   {TH_QF_DO512, "@", TH_T_DNSKEY},
};

/* ... the rest of the DNSSEC module's, when the zone has a key or a DS,
 * or DNSSEC07 cannot tell it is unsigned ... */
static const struct want zone_dnssec_more[] = {
    {TH_QF_DNSSEC, "@", TH_T_NS},         {TH_QF_DNSSEC, "@", TH_T_NSEC},
    {TH_QF_DNSSEC, "@", TH_T_NSEC3PARAM}, {TH_QF_DNSSEC, "@", TH_T_CDS},
    {TH_QF_DNSSEC, "@", TH_T_CDNSKEY},
};

/* Every parent server: BASIC01's NS and (a side question) DS; a DNAME
 * only after a NODATA answer. */
static const struct want parent_set[] = {
    {TH_QF_PLAIN, "@", TH_T_NS},
    {TH_QF_DNSSEC, "@", TH_T_DS},
};

#define N_WANT(a) (sizeof(a) / sizeof((a)[0]))

static struct th_dname
want_name(const struct want *w, const char *domain)
{
	char buf[TH_DNAME_STRLEN];

	if (strcmp(w->qname, "@") == 0)
		return name_of(domain);
	if (strcmp(w->qname, "www.@") == 0) {
		snprintf(buf, sizeof(buf), "www.%s", domain);
		return name_of(buf);
	}
	if (strcmp(w->qname, "_dmarc.@") == 0) {
		snprintf(buf, sizeof(buf), "_dmarc.%s", domain);
		return name_of(buf);
	}
	return name_of(w->qname);
}

/* Replies recorded for server. */
static size_t
replies_to(const struct th_evidence *ev, const struct th_addr *server)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->nreplies; i++)
		n += th_addr_equal(&ev->replies[i].server, server);
	return n;
}

/* How often the canned server saw the question exactly as f sends it. */
static unsigned
asked(struct env *e, const char *ip, enum th_qflavor f,
      const struct th_dname *qname, uint16_t qtype)
{
	struct th_query q;
	enum th_proto proto;
	uint8_t wire[TH_QUERY_MAXWIRE];
	size_t len;

	th_qflavor_query(f, qname, qtype, &q, &proto);
	len = th_query_write(&q, 0, wire, sizeof(wire));
	ck_assert_uint_gt(len, 0);
	return cannedsrv_count_wire(e->srv, cannedsrv_index(ip),
	                            proto == TH_PROTO_TCP || qtype == TH_T_AXFR,
	                            wire, len);
}

enum times { ANY_TIMES, ONCE, AT_LEAST_ONCE };

/*
 * Every question of ws was put to ip with a reply of outcome o, and the
 * canned server saw it as often as times says.
 */
static void
check_set(struct env *e, const struct th_evidence *ev, const char *ip,
          const struct want *ws, size_t n, const char *domain,
          enum th_outcome o, enum times times)
{
	struct th_addr a = cannedsrv_addr(e->srv, ip);

	for (size_t i = 0; i < n; i++) {
		struct th_dname qn = want_name(&ws[i], domain);
		const struct th_answer *ans =
		    th_ev_reply(ev, &a, ws[i].f, &qn, ws[i].qtype);
		char tb[16], log[8192];
		unsigned k;

		ck_assert_msg(ans != NULL, "%s: no %s %s/%s reply from %s",
		              domain, th_qflavor_name(ws[i].f), ws[i].qname,
		              th_rrtype_name(ws[i].qtype, tb, sizeof(tb)), ip);
		ck_assert_msg(ans->outcome == o,
		              "%s: %s %s/%s from %s: %s, want %s", domain,
		              th_qflavor_name(ws[i].f), ws[i].qname,
		              th_rrtype_name(ws[i].qtype, tb, sizeof(tb)), ip,
		              th_outcome_name((enum th_outcome)ans->outcome),
		              th_outcome_name(o));
		if (times == ANY_TIMES)
			continue;
		k = asked(e, ip, ws[i].f, &qn, ws[i].qtype);
		if (times == ONCE ? k == 1 : k >= 1)
			continue;
		cannedsrv_dump(e->srv, log, sizeof(log));
		ck_abort_msg("%s: %s %s/%s reached %s %u times (log: %s)",
		             domain, th_qflavor_name(ws[i].f), ws[i].qname,
		             th_rrtype_name(ws[i].qtype, tb, sizeof(tb)), ip, k,
		             log);
	}
}

/* No question of ws reached ip, and none is in the evidence. */
static void
check_unasked(struct env *e, const struct th_evidence *ev, const char *ip,
              const struct want *ws, size_t n, const char *domain)
{
	struct th_addr a = cannedsrv_addr(e->srv, ip);

	for (size_t i = 0; i < n; i++) {
		struct th_dname qn = want_name(&ws[i], domain);
		char tb[16];

		ck_assert_msg(
		    asked(e, ip, ws[i].f, &qn, ws[i].qtype) == 0 &&
		        th_ev_reply(ev, &a, ws[i].f, &qn, ws[i].qtype) == NULL,
		    "%s: %s %s/%s was asked of %s", domain,
		    th_qflavor_name(ws[i].f), ws[i].qname,
		    th_rrtype_name(ws[i].qtype, tb, sizeof(tb)), ip);
	}
}

static const struct th_ev_ns *
ns_named(const struct th_ev_nsset *set, const char *name)
{
	struct th_dname n = name_of(name);
	const struct th_ev_ns *ns = th_ev_ns_find(set, &n);

	ck_assert_msg(ns != NULL, "no NS %s", name);
	return ns;
}

/* The one address of ns, as "ip" when its port is the canned one. */
static void
addr_str(struct env *e, const struct th_addr *a, char *out, size_t size)
{
	char ip[TH_ADDR_STRLEN];

	ck_assert_int_eq(th_addr_ip_str(a, ip, sizeof(ip)), 0);
	if (a->port == cannedsrv_port(e->srv))
		snprintf(out, size, "%s", ip);
	else
		snprintf(out, size, "%s:%u", ip, a->port);
}

static void
check_ns_addr(struct env *e, const struct th_ev_ns *ns, const char *want)
{
	char got[TH_ADDR_STRLEN + 8];

	ck_assert_uint_eq(ns->naddr, 1);
	addr_str(e, &ns->addr[0], got, sizeof(got));
	ck_assert_str_eq(got, want);
}

/* Arrival of the first query of qtype at ip (UINT64_MAX: none). */
static uint64_t
first_arrival(struct env *e, const char *ip, uint16_t qtype)
{
	int srv = cannedsrv_index(ip);
	struct cannedsrv_query q;
	uint64_t at = UINT64_MAX;

	for (size_t i = 0; cannedsrv_log(e->srv, i, &q); i++)
		if (q.srv == srv && q.qtype == qtype && q.at_ns < at)
			at = q.at_ns;
	return at;
}

static void
count_handle(uv_handle_t *h, void *arg)
{
	if (!uv_is_closing(h))
		++*(unsigned *)arg;
}

static unsigned
open_handles(struct env *e)
{
	unsigned n = 0;

	uv_walk(&e->loop, count_handle, &n);
	return n;
}

/* ---- scenarios ---------------------------------------------------------- */

/*
 * A healthy delegated zone: every server is asked every question once,
 * each flavour exactly as the flavour sends it, and everything answers.
 */
START_TEST(test_probe_healthy)
{
	struct env *e = env_open(NULL, TIMEOUT_MS);
	struct th_probe_conf conf;
	struct th_dname d = name_of("example.test."), t = name_of("test.");
	const struct th_ev_ns *ns;
	const struct th_ev_lookup *l;
	struct th_dname n;
	struct th_msg m;
	struct got g;
	char ip[TH_ADDR_STRLEN];
	static const char *const servers[] = {NS1, NS2};

	conf_default(&conf);
	run_probe(e, "example.test.", &conf, &g);
	ck_assert(!g.ev->budget_exceeded);
	ck_assert(!g.ev->undelegated);
	ck_assert(th_dname_equal(&g.ev->domain, &d));
	/* The delegation, from the parent. */
	ck_assert_int_eq(g.ev->parent_status, TH_RES_REFERRAL);
	ck_assert(th_dname_equal(&g.ev->parent, &t));
	ck_assert_ptr_nonnull(g.ev->referral);
	ck_assert_uint_eq(g.ev->parent_ns.n, 1);
	ns = ns_named(&g.ev->parent_ns, "a.ns.test.");
	ck_assert(ns->glue);
	check_ns_addr(e, ns, TLD);
	/* Method2/4 and Method3/5: one NS set, both sources. */
	ck_assert_uint_eq(g.ev->ns.n, 3);
	ns = ns_named(&g.ev->ns, "ns1.dns.test.");
	ck_assert_uint_eq(ns->src, TH_EV_DEL | TH_EV_CHILD);
	ck_assert(!ns->glue); /* out of bailiwick: resolved */
	ck_assert_int_eq(ns->addr_status, TH_RES_ANSWER);
	check_ns_addr(e, ns, NS1);
	ck_assert_uint_eq(ns->nchild, 0);
	ns = ns_named(&g.ev->ns, "ns2.dns.test.");
	ck_assert_uint_eq(ns->src, TH_EV_DEL | TH_EV_CHILD);
	check_ns_addr(e, ns, NS2);
	/* In bailiwick: the glue, and what the zone says apart from it. */
	ns = ns_named(&g.ev->ns, "ns6.example.test.");
	ck_assert_uint_eq(ns->src, TH_EV_DEL | TH_EV_CHILD);
	ck_assert(ns->glue);
	ck_assert_uint_eq(ns->naddr, 1);
	ck_assert_int_eq(th_addr_ip_str(&ns->addr[0], ip, sizeof(ip)), 0);
	ck_assert_str_eq(ip, "2001:db8::6");
	ck_assert_uint_eq(ns->nchild, 1);
	ck_assert_int_eq(th_addr_ip_str(&ns->child_addr[0], ip, sizeof(ip)), 0);
	ck_assert_str_eq(ip, "2001:db8::6");
	/* Each server: the whole set once, nothing else, all answered. */
	for (size_t s = 0; s < 2; s++) {
		struct th_addr a = cannedsrv_addr(e->srv, servers[s]);
		/* The std set's A/AAAA of the in-bailiwick NS name, and the
		 * CNAME query for the MX target. */
		static const struct want extra[] = {
		    {TH_QF_PLAIN, "ns6.example.test.", TH_T_A},
		    {TH_QF_PLAIN, "ns6.example.test.", TH_T_AAAA},
		    {TH_QF_PLAIN, "mail.dns.test.", TH_T_CNAME},
		};
		size_t total = N_WANT(zone_std) + N_WANT(zone_side) +
		               N_WANT(zone_fd) + N_WANT(extra);

		check_set(e, g.ev, servers[s], zone_std, N_WANT(zone_std),
		          "example.test.", TH_OUT_ANSWER, ONCE);
		check_set(e, g.ev, servers[s], zone_side, N_WANT(zone_side),
		          "example.test.", TH_OUT_ANSWER, ONCE);
		check_set(e, g.ev, servers[s], zone_fd, N_WANT(zone_fd),
		          "example.test.", TH_OUT_ANSWER, ONCE);
		check_set(e, g.ev, servers[s], extra, N_WANT(extra),
		          "example.test.", TH_OUT_ANSWER, ONCE);
		/* Unsigned: DNSKEY NODATA with authority, no DS. */
		check_unasked(e, g.ev, servers[s], zone_dnssec_more,
		              N_WANT(zone_dnssec_more), "example.test.");
		ck_assert_uint_eq(replies_to(g.ev, &a), total);
		ck_assert_uint_eq(
		    cannedsrv_count(e->srv, cannedsrv_index(servers[s])),
		    total);
	}
	/* The parent: BASIC01's NS (the resolver may have asked the same)
	 * and the DS once; no SOA, and no DNAME after a referral. */
	check_set(e, g.ev, TLD, parent_set, 1, "example.test.", TH_OUT_ANSWER,
	          AT_LEAST_ONCE);
	check_set(e, g.ev, TLD, parent_set + 1, 1, "example.test.",
	          TH_OUT_ANSWER, ONCE);
	ck_assert_uint_eq(
	    cannedsrv_count_q(e->srv, cannedsrv_index(TLD), &d, TH_T_DNAME), 0);
	{
		struct th_addr a = cannedsrv_addr(e->srv, TLD);

		ck_assert_uint_eq(replies_to(g.ev, &a), N_WANT(parent_set));
		/* The parent holds the DS set: AA, NODATA. */
		ck_assert(th_ev_reply_msg(
		    th_ev_reply(g.ev, &a, TH_QF_DNSSEC, &d, TH_T_DS), &m));
		ck_assert(m.flags & TH_MSG_AA);
	}
	/* Nothing asked of the servers the zone does not use. */
	ck_assert_uint_eq(cannedsrv_count(e->srv, cannedsrv_index(NS3)), 0);
	ck_assert_uint_eq(cannedsrv_count(e->srv, cannedsrv_index(OTHER)), 0);
	/* The extra phases: PTR of both addresses, the MNAME, the MX
	 * target, the RNAME's mail domain. */
	n = name_of("3.0.0.127.in-addr.arpa.");
	ck_assert_ptr_nonnull(th_ev_lookup(g.ev, &n, TH_T_PTR));
	n = name_of("4.0.0.127.in-addr.arpa.");
	ck_assert_ptr_nonnull(th_ev_lookup(g.ev, &n, TH_T_PTR));
	n = name_of("ns1.dns.test.");
	ck_assert_ptr_nonnull(l = th_ev_lookup(g.ev, &n, 0));
	ck_assert_int_eq(l->status, TH_RES_ANSWER);
	ck_assert_ptr_nonnull(th_ev_lookup(g.ev, &n, TH_T_A));
	n = name_of("mail.dns.test.");
	ck_assert_ptr_nonnull(l = th_ev_lookup(g.ev, &n, 0));
	ck_assert_uint_eq(l->naddr, 1);
	n = name_of("dns.test.");
	ck_assert_ptr_nonnull(l = th_ev_lookup(g.ev, &n, TH_T_MX));
	ck_assert_int_eq(l->status, TH_RES_ANSWER);
	/* ZONE01's SOA to the MNAME's address (127.0.0.3) was the standard
	 * one again: the ONCE checks above saw it asked once. */
	got_free(&g);
	env_close(e);
}
END_TEST

/*
 * The zone lists more servers than the parent: ns3.dns.test. (out of
 * bailiwick) is resolved and gets the whole set; ns7.child.test. (in
 * bailiwick) gets its address from the zone's servers.
 */
START_TEST(test_probe_child_ns)
{
	struct env *e = env_open(NULL, TIMEOUT_MS);
	struct th_probe_conf conf;
	struct th_addr a3;
	const struct th_ev_ns *ns;
	struct th_dname n7 = name_of("ns7.child.test.");
	struct got g;
	char ip[TH_ADDR_STRLEN];
	static const char *const servers[] = {NS1, NS2, NS3};

	conf_default(&conf);
	run_probe(e, "child.test.", &conf, &g);
	ck_assert_int_eq(g.ev->parent_status, TH_RES_REFERRAL);
	ck_assert_uint_eq(g.ev->ns.n, 4);
	ns = ns_named(&g.ev->ns, "ns1.dns.test.");
	ck_assert_uint_eq(ns->src, TH_EV_DEL | TH_EV_CHILD);
	ns = ns_named(&g.ev->ns, "ns3.dns.test.");
	ck_assert_uint_eq(ns->src, TH_EV_CHILD);
	ck_assert(!ns->glue);
	ck_assert_int_eq(ns->addr_status, TH_RES_ANSWER);
	check_ns_addr(e, ns, NS3);
	ns = ns_named(&g.ev->ns, "ns7.child.test.");
	ck_assert_uint_eq(ns->src, TH_EV_CHILD);
	ck_assert(!ns->glue);
	ck_assert_uint_eq(ns->naddr, 0);
	ck_assert_uint_eq(ns->nchild, 1);
	ck_assert_int_eq(th_addr_ip_str(&ns->child_addr[0], ip, sizeof(ip)), 0);
	ck_assert_str_eq(ip, "2001:db8::7");
	/* The new name's address was asked of every server, the old ones
	 * and the new one; every server got the standard set. */
	for (size_t s = 0; s < 3; s++) {
		struct th_addr a = cannedsrv_addr(e->srv, servers[s]);

		ck_assert_ptr_nonnull(
		    th_ev_reply(g.ev, &a, TH_QF_PLAIN, &n7, TH_T_A));
		ck_assert_ptr_nonnull(
		    th_ev_reply(g.ev, &a, TH_QF_PLAIN, &n7, TH_T_AAAA));
		check_set(e, g.ev, servers[s], zone_std, N_WANT(zone_std),
		          "child.test.", TH_OUT_ANSWER, ONCE);
		check_set(e, g.ev, servers[s], zone_side, N_WANT(zone_side),
		          "child.test.", TH_OUT_ANSWER, ONCE);
	}
	/* The new address is in the extra phase too (PTR), and was asked
	 * nothing the evidence does not hold. */
	a3 = cannedsrv_addr(e->srv, NS3);
	{
		struct th_dname r = name_of("6.0.0.127.in-addr.arpa.");

		ck_assert_ptr_nonnull(th_ev_lookup(g.ev, &r, TH_T_PTR));
		ck_assert_uint_eq(cannedsrv_count(e->srv, cannedsrv_index(NS3)),
		                  replies_to(g.ev, &a3));
	}
	got_free(&g);
	env_close(e);
}
END_TEST

/* The only NS name is out of bailiwick and without glue, in a zone that
 * has no glue either: the resolver finds it. */
START_TEST(test_probe_glueless)
{
	struct env *e = env_open(NULL, TIMEOUT_MS);
	struct th_probe_conf conf;
	const struct th_ev_ns *ns;
	const struct th_ev_lookup *l;
	struct th_dname n = name_of("ns.other.test.");
	struct got g;
	char ip[TH_ADDR_STRLEN];

	conf_default(&conf);
	run_probe(e, "far.test.", &conf, &g);
	ck_assert_int_eq(g.ev->parent_status, TH_RES_REFERRAL);
	ck_assert_uint_eq(g.ev->ns.n, 1);
	ns = ns_named(&g.ev->ns, "ns.other.test.");
	ck_assert_uint_eq(ns->src, TH_EV_DEL | TH_EV_CHILD);
	ck_assert(!ns->glue);
	ck_assert_int_eq(ns->addr_status, TH_RES_ANSWER);
	check_ns_addr(e, ns, OTHER);
	/* The address lookup, and DELEGATION05's A lookup. */
	ck_assert_ptr_nonnull(l = th_ev_lookup(g.ev, &n, 0));
	ck_assert_int_eq(l->status, TH_RES_ANSWER);
	ck_assert_uint_eq(l->naddr, 1);
	ck_assert_int_eq(th_addr_ip_str(&l->addr[0], ip, sizeof(ip)), 0);
	ck_assert_str_eq(ip, OTHER);
	ck_assert_ptr_nonnull(l = th_ev_lookup(g.ev, &n, TH_T_A));
	ck_assert_int_eq(l->status, TH_RES_ANSWER);
	/* The address came from other.test.'s server, ns1.dns.test. */
	ck_assert_uint_ge(
	    cannedsrv_count_q(e->srv, cannedsrv_index(NS1), &n, TH_T_A), 1);
	check_set(e, g.ev, OTHER, zone_std, N_WANT(zone_std), "far.test.",
	          TH_OUT_ANSWER, ONCE);
	check_set(e, g.ev, OTHER, zone_side, N_WANT(zone_side), "far.test.",
	          TH_OUT_ANSWER, ONCE);
	check_set(e, g.ev, TLD, parent_set, N_WANT(parent_set), "far.test.",
	          TH_OUT_ANSWER, AT_LEAST_ONCE);
	got_free(&g);
	env_close(e);
}
END_TEST

/* One of two servers never answers: the probe delivers all the same,
 * with TIMEOUT for every question to it. */
START_TEST(test_probe_silent_server)
{
	struct env *e = env_open(NULL, 300);
	struct th_probe_conf conf;
	struct th_addr a9;
	struct th_dname n;
	struct got g;
	size_t n9 = 0;

	conf_default(&conf);
	run_probe(e, "quiet.test.", &conf, &g);
	ck_assert(!g.ev->budget_exceeded);
	ck_assert_uint_eq(g.ev->ns.n, 2);
	check_ns_addr(e, ns_named(&g.ev->ns, "ns9.dns.test."), SILENT9);
	check_set(e, g.ev, NS1, zone_std, N_WANT(zone_std), "quiet.test.",
	          TH_OUT_ANSWER, ONCE);
	check_set(e, g.ev, SILENT9, zone_std, N_WANT(zone_std), "quiet.test.",
	          TH_OUT_TIMEOUT, ONCE);
	check_set(e, g.ev, SILENT9, zone_side, N_WANT(zone_side), "quiet.test.",
	          TH_OUT_TIMEOUT, ONCE);
	a9 = cannedsrv_addr(e->srv, SILENT9);
	for (size_t i = 0; i < g.ev->nreplies; i++) {
		const struct th_ev_reply *r = &g.ev->replies[i];

		if (!th_addr_equal(&r->server, &a9))
			continue;
		n9++;
		ck_assert_ptr_nonnull(r->ans);
		ck_assert_int_eq(r->ans->outcome, TH_OUT_TIMEOUT);
	}
	ck_assert_uint_eq(n9,
	                  cannedsrv_count(e->srv, cannedsrv_index(SILENT9)));
	/* Every phase ran: PTR of both, and the mail domain's MX. */
	n = name_of("9.0.0.127.in-addr.arpa.");
	ck_assert_ptr_nonnull(th_ev_lookup(g.ev, &n, TH_T_PTR));
	n = name_of("dns.test.");
	ck_assert_ptr_nonnull(th_ev_lookup(g.ev, &n, TH_T_MX));
	got_free(&g);
	env_close(e);
}
END_TEST

/* The servers drop every DNSKEY query (side questions only). */
static const struct cannedsrv_rule r_no_dnskey[] = {
    {NS1, NULL, TH_T_DNSKEY, CS_DROP, 0, NULL, NULL, NULL},
    {NS2, NULL, TH_T_DNSKEY, CS_DROP, 0, NULL, NULL, NULL},
    CS_END,
};

/*
 * Side questions that time out hold up the delivery, not the phases: the
 * extra phase's lookups (PTR to the root) go out while the DNSKEY queries
 * are still waiting for their timeout.
 */
START_TEST(test_probe_side_timeout)
{
	struct env *e = env_open(r_no_dnskey, 1500);
	struct th_probe_conf conf;
	struct th_dname d = name_of("example.test."), n;
	struct th_addr a1;
	uint64_t dnskey, ptr, timeout_ns = 1500 * 1000000ull;
	struct got g;
	static const struct want dnskey_q[] = {
	    {TH_QF_DNSSEC, "@", TH_T_DNSKEY},
	    {TH_QF_DO512, "@", TH_T_DNSKEY},
	};

	conf_default(&conf);
	run_probe(e, "example.test.", &conf, &g);
	check_set(e, g.ev, NS1, dnskey_q, 2, "example.test.", TH_OUT_TIMEOUT,
	          ONCE);
	check_set(e, g.ev, NS2, dnskey_q, 2, "example.test.", TH_OUT_TIMEOUT,
	          ONCE);
	check_set(e, g.ev, NS1, zone_std, N_WANT(zone_std), "example.test.",
	          TH_OUT_ANSWER, ONCE);
	/* The extra phases ran and are in the evidence. */
	n = name_of("3.0.0.127.in-addr.arpa.");
	ck_assert_ptr_nonnull(th_ev_lookup(g.ev, &n, TH_T_PTR));
	n = name_of("dns.test.");
	ck_assert_ptr_nonnull(th_ev_lookup(g.ev, &n, TH_T_MX));
	dnskey = first_arrival(e, NS1, TH_T_DNSKEY);
	ptr = first_arrival(e, ROOT, TH_T_PTR);
	ck_assert_uint_ne(dnskey, UINT64_MAX);
	ck_assert_uint_ne(ptr, UINT64_MAX);
	/* Phases waiting for the side questions would have sent the PTR
	 * lookups a whole timeout after the DNSKEY queries. */
	ck_assert_msg(ptr < dnskey + timeout_ns / 2,
	              "PTR lookups %.0f ms after the DNSKEY queries",
	              ((double)ptr - (double)dnskey) / 1e6);
	/* The delivery waited for the DNSKEY timeouts. */
	ck_assert_uint_ge(g.at_ns, dnskey + timeout_ns / 2);
	a1 = cannedsrv_addr(e->srv, NS1);
	ck_assert_uint_eq(
	    th_ev_reply(g.ev, &a1, TH_QF_DNSSEC, &d, TH_T_SOA)->outcome,
	    TH_OUT_ANSWER);
	/* No server said DNSKEY NODATA, so DNSSEC07 would not end the
	 * module: the rest of its questions went out after all. */
	check_set(e, g.ev, NS1, zone_dnssec_more, N_WANT(zone_dnssec_more),
	          "example.test.", TH_OUT_ANSWER, ONCE);
	check_set(e, g.ev, NS2, zone_dnssec_more, N_WANT(zone_dnssec_more),
	          "example.test.", TH_OUT_ANSWER, ONCE);
	got_free(&g);
	env_close(e);
}
END_TEST

/*
 * A budget shorter than the servers' timeout: the evidence so far comes
 * early, marked; the probe lingers until its queries are back, then frees
 * itself (its timer closes; valgrind and ASan see no leak).
 */
START_TEST(test_probe_budget)
{
	struct env *e = env_open(NULL, 2000);
	struct th_probe_conf conf;
	struct th_addr a8 = cannedsrv_addr(e->srv, SILENT8);
	struct th_addr a2 = cannedsrv_addr(e->srv, TLD);
	struct th_dname d = name_of("slow.test.");
	unsigned before;
	uint64_t t0;
	struct got g;

	conf_default(&conf);
	conf.budget_ms = 300;
	before = open_handles(e);
	t0 = uv_hrtime();
	start_probe(e, "slow.test.", &conf, &g);
	ck_assert_uint_eq(open_handles(e), before + 1); /* the probe's timer */
	wait_probes(e, &g, 1);
	ck_assert(g.ev->budget_exceeded);
	ck_assert_uint_eq(g.ev->budget_s, 0);
	/* Before any question could time out. */
	ck_assert_msg(g.at_ns - t0 < 2000 * 1000000ull,
	              "delivered after %.0f ms", (double)(g.at_ns - t0) / 1e6);
	/* What came before the budget: the delegation and the parent's
	 * answers; nothing from the silent server. */
	ck_assert_int_eq(g.ev->parent_status, TH_RES_REFERRAL);
	check_ns_addr(e, ns_named(&g.ev->ns, "ns8.dns.test."), SILENT8);
	ck_assert_ptr_nonnull(th_ev_reply(g.ev, &a2, TH_QF_PLAIN, &d, TH_T_NS));
	ck_assert_uint_eq(replies_to(g.ev, &a8), 0);
	ck_assert_uint_gt(cannedsrv_count(e->srv, cannedsrv_index(SILENT8)), 0);
	got_free(&g); /* the probe no longer touches it */
	/* Still out: the probe's timer is open. */
	ck_assert_uint_ge(open_handles(e), before + 1);
	run_for(e, 2000 + 700);
	uv_timer_stop(&e->watchdog);
	/* Every query came back (TIMEOUT): the probe closed its timer. */
	ck_assert_uint_eq(open_handles(e), before);
	ck_assert_uint_eq(g.calls, 1);
	env_close(e);
}
END_TEST

/* An undelegated test: the NS set and DS are given; no parent query. */
START_TEST(test_probe_undelegated)
{
	struct env *e = env_open(NULL, TIMEOUT_MS);
	struct th_probe_conf conf;
	struct th_dname d = name_of("undel.test.");
	struct th_addr a2 = cannedsrv_addr(e->srv, TLD);
	const struct th_ev_ns *ns;
	struct got g;
	static const char *const servers[] = {NS1, NS2};
	static const struct want ns_addr_q[] = {
	    {TH_QF_PLAIN, "ns1.undel.test.", TH_T_A},
	    {TH_QF_PLAIN, "ns1.undel.test.", TH_T_AAAA},
	    {TH_QF_PLAIN, "ns2.undel.test.", TH_T_A},
	    {TH_QF_PLAIN, "ns2.undel.test.", TH_T_AAAA},
	};

	conf_default(&conf);
	conf.nfake = 2;
	conf.fake[0].name = name_of("ns1.undel.test.");
	conf.fake[0].naddr = 1;
	conf.fake[0].addr[0] = cannedsrv_addr(e->srv, NS1);
	conf.fake[1].name = name_of("ns2.undel.test.");
	conf.fake[1].naddr = 1;
	conf.fake[1].addr[0] = cannedsrv_addr(e->srv, NS2);
	conf.nds = 1;
	conf.ds[0].keytag = 12345;
	conf.ds[0].algorithm = 13;
	conf.ds[0].digest_type = 2;
	conf.ds[0].dlen = 32;
	memset(conf.ds[0].digest, 0xab, 32);
	run_probe(e, "undel.test.", &conf, &g);
	ck_assert(g.ev->undelegated);
	ck_assert_uint_eq(g.ev->nds, 1);
	ck_assert_uint_eq(g.ev->ds[0].keytag, 12345);
	ck_assert_uint_eq(g.ev->ds[0].dlen, 32);
	ck_assert_ptr_null(g.ev->referral);
	ck_assert_uint_eq(g.ev->parent_ns.n, 0);
	ck_assert_uint_eq(g.ev->ns.n, 2);
	ns = ns_named(&g.ev->ns, "ns1.undel.test.");
	ck_assert_uint_eq(ns->src, TH_EV_DEL | TH_EV_CHILD);
	ck_assert(ns->glue);
	check_ns_addr(e, ns, NS1);
	check_ns_addr(e, ns_named(&g.ev->ns, "ns2.undel.test."), NS2);
	for (size_t s = 0; s < 2; s++) {
		check_set(e, g.ev, servers[s], zone_std, N_WANT(zone_std),
		          "undel.test.", TH_OUT_ANSWER, ONCE);
		check_set(e, g.ev, servers[s], zone_side, N_WANT(zone_side),
		          "undel.test.", TH_OUT_ANSWER, ONCE);
		check_set(e, g.ev, servers[s], ns_addr_q, N_WANT(ns_addr_q),
		          "undel.test.", TH_OUT_ANSWER, ONCE);
		/* The DS given: DNSSEC07 has more to say than unsigned. */
		check_set(e, g.ev, servers[s], zone_dnssec_more,
		          N_WANT(zone_dnssec_more), "undel.test.",
		          TH_OUT_ANSWER, ONCE);
	}
	/* No delegation walk, no parent question: no query about the
	 * domain anywhere but its own servers. */
	ck_assert_uint_eq(replies_to(g.ev, &a2), 0);
	ck_assert_uint_eq(
	    cannedsrv_count_q(e->srv, cannedsrv_index(ROOT), &d, 0), 0);
	ck_assert_uint_eq(
	    cannedsrv_count_q(e->srv, cannedsrv_index(TLD), &d, 0), 0);
	ck_assert_ptr_null(th_ev_reply(g.ev, &a2, TH_QF_DNSSEC, &d, TH_T_DS));
	got_free(&g);
	env_close(e);
}
END_TEST

/*
 * Two probes of one run share a srvset: ns1.dns.test. serves both zones
 * and gets the Flag Day set once, from whichever probe came first;
 * ns2.dns.test. (example.test. only) gets it too. The rest of the side
 * questions are per zone.
 */
START_TEST(test_probe_srvset)
{
	struct env *e = env_open(NULL, TIMEOUT_MS);
	struct th_probe_conf conf;
	struct th_srvset *set;
	struct got g[2];
	static const char *const domains[] = {"example.test.", "sib.test."};
	struct th_addr a1 = cannedsrv_addr(e->srv, NS1);
	unsigned sent[2] = {0, 0};

	ck_assert_int_eq(th_srvset_create(&set), 0);
	conf_default(&conf);
	conf.probed = set;
	start_probe(e, domains[0], &conf, &g[0]);
	start_probe(e, domains[1], &conf, &g[1]);
	wait_probes(e, g, 2);
	ck_assert_uint_eq(th_srvset_size(set), 2);
	for (size_t i = 0; i < N_WANT(zone_fd); i++)
		for (int p = 0; p < 2; p++) {
			struct th_dname d = want_name(&zone_fd[i], domains[p]);
			const struct th_answer *ans = th_ev_reply(
			    g[p].ev, &a1, zone_fd[i].f, &d, zone_fd[i].qtype);
			unsigned k =
			    asked(e, NS1, zone_fd[i].f, &d, zone_fd[i].qtype);

			ck_assert_uint_eq(k, ans != NULL);
			sent[p] += k;
		}
	/* One probe sent the whole set to 127.0.0.3, the other none. */
	ck_assert_msg((sent[0] == N_WANT(zone_fd) && sent[1] == 0) ||
	                  (sent[0] == 0 && sent[1] == N_WANT(zone_fd)),
	              "Flag Day set to 127.0.0.3: %u for example.test., %u "
	              "for sib.test.",
	              sent[0], sent[1]);
	check_set(e, g[0].ev, NS2, zone_fd, N_WANT(zone_fd), domains[0],
	          TH_OUT_ANSWER, ONCE);
	/* Some side questions do not name the zone (version.bind, the
	 * root's NS): both probes ask them, and without an answer cache
	 * they may reach the server twice. */
	for (int p = 0; p < 2; p++)
		check_set(e, g[p].ev, NS1, zone_side, N_WANT(zone_side),
		          domains[p], TH_OUT_ANSWER, AT_LEAST_ONCE);
	got_free(&g[0]);
	got_free(&g[1]);
	th_srvset_free(set);
	env_close(e);
}
END_TEST

/* Without a srvset every probe sends the Flag Day set. */
START_TEST(test_probe_no_srvset)
{
	struct env *e = env_open(NULL, TIMEOUT_MS);
	struct th_probe_conf conf;
	struct got g[2];
	static const char *const domains[] = {"example.test.", "sib.test."};

	conf_default(&conf);
	start_probe(e, domains[0], &conf, &g[0]);
	start_probe(e, domains[1], &conf, &g[1]);
	wait_probes(e, g, 2);
	for (int p = 0; p < 2; p++)
		check_set(e, g[p].ev, NS1, zone_fd, N_WANT(zone_fd), domains[p],
		          TH_OUT_ANSWER, ONCE);
	got_free(&g[0]);
	got_free(&g[1]);
	env_close(e);
}
END_TEST

/*
 * Glue and the zone's own addresses of in-bailiwick names get the port of
 * every other server address (th_resolver_port), not a fixed 53: this
 * test found that bug, fixed in take_glue and collect_child_addrs.
 */
START_TEST(test_probe_glue_port)
{
	struct env *e = env_open(NULL, TIMEOUT_MS);
	struct th_probe_conf conf;
	const struct th_ev_ns *ns;
	struct got g;

	conf_default(&conf);
	run_probe(e, "example.test.", &conf, &g);
	ns = ns_named(&g.ev->ns, "ns6.example.test.");
	ck_assert_uint_eq(ns->addr[0].port, cannedsrv_port(e->srv));
	ck_assert_uint_eq(ns->child_addr[0].port, cannedsrv_port(e->srv));
	got_free(&g);
	env_close(e);
}
END_TEST

/* A key at sib.test.'s server, or a DS for it at the parent. */
static const struct cannedsrv_rule r_sib_key[] = {
    CS_AUTH(NS1, "sib.test.", TH_T_DNSKEY,
            "sib.test. DNSKEY 257 3 13 "
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKiss"
            "LS4vMDEyMzQ1Njc4OTo7PD0+Pw=="),
    CS_END,
};
static const struct cannedsrv_rule r_sib_ds[] = {
    CS_AUTH(TLD, "sib.test.", TH_T_DS,
            "sib.test. DS 12345 13 2 "
            "000102030405060708090a0b0c0d0e0f"
            "101112131415161718191a1b1c1d1e1f"),
    CS_END,
};

/*
 * A signed zone, or one with a DS: the DNSSEC module's questions beyond
 * DNSKEY and SOA go to every server, once (unsigned zones do without
 * them: test_probe_healthy).
 */
START_TEST(test_probe_dnssec_signed)
{
	const struct cannedsrv_rule *const fronts[] = {r_sib_key, r_sib_ds};
	struct env *e = env_open(fronts[_i], TIMEOUT_MS);
	struct th_probe_conf conf;
	struct got g;

	conf_default(&conf);
	run_probe(e, "sib.test.", &conf, &g);
	check_set(e, g.ev, NS1, zone_side, N_WANT(zone_side), "sib.test.",
	          TH_OUT_ANSWER, ONCE);
	check_set(e, g.ev, NS1, zone_dnssec_more, N_WANT(zone_dnssec_more),
	          "sib.test.", TH_OUT_ANSWER, ONCE);
	check_set(e, g.ev, TLD, parent_set + 1, 1, "sib.test.", TH_OUT_ANSWER,
	          ONCE);
	/* The DS came before the zone's server was asked anything, so that
	 * with a DS the gate is open for the first burst. */
	ck_assert_uint_lt(first_arrival(e, TLD, TH_T_DS),
	                  first_arrival(e, NS1, TH_T_SOA));
	got_free(&g);
	env_close(e);
}
END_TEST

/*
 * No server answers at all: BASIC02 would stop the test, so the probe
 * does not add the DNSSEC module's other questions to the timeouts.
 */
START_TEST(test_probe_dnssec_dead)
{
	struct env *e = env_open(NULL, 300);
	struct th_probe_conf conf;
	static const struct want dnskey_q[] = {
	    {TH_QF_DNSSEC, "@", TH_T_DNSKEY},
	};
	struct got g;

	conf_default(&conf);
	run_probe(e, "slow.test.", &conf, &g);
	ck_assert(!g.ev->budget_exceeded);
	check_set(e, g.ev, SILENT8, dnskey_q, 1, "slow.test.", TH_OUT_TIMEOUT,
	          ONCE);
	check_unasked(e, g.ev, SILENT8, zone_dnssec_more,
	              N_WANT(zone_dnssec_more), "slow.test.");
	got_free(&g);
	env_close(e);
}
END_TEST

/* The parent says NODATA for alias.test. and holds a DNAME there. */
static const struct cannedsrv_rule r_alias[] = {
    CS_AUTH(TLD, "alias.test.", TH_T_DNAME, "alias.test. DNAME example.test."),
    CS_NODATA(TLD, "alias.test.", SOA_TEST),
    CS_END,
};

/* BASIC01's DNAME question follows a NODATA from the parent (after a
 * referral it is not asked: test_probe_healthy). */
START_TEST(test_probe_parent_dname)
{
	struct env *e = env_open(r_alias, TIMEOUT_MS);
	struct th_probe_conf conf;
	struct th_dname d = name_of("alias.test.");
	struct th_addr a2 = cannedsrv_addr(e->srv, TLD);
	static const struct want dname_q[] = {
	    {TH_QF_PLAIN, "@", TH_T_DNAME},
	};
	struct th_msg m;
	struct got g;

	conf_default(&conf);
	run_probe(e, "alias.test.", &conf, &g);
	check_set(e, g.ev, TLD, parent_set, 1, "alias.test.", TH_OUT_ANSWER,
	          AT_LEAST_ONCE);
	check_set(e, g.ev, TLD, dname_q, 1, "alias.test.", TH_OUT_ANSWER, ONCE);
	ck_assert(th_ev_reply_msg(
	    th_ev_reply(g.ev, &a2, TH_QF_PLAIN, &d, TH_T_DNAME), &m));
	ck_assert_uint_eq(m.ancount, 1);
	got_free(&g);
	env_close(e);
}
END_TEST

Suite *
suite_probe(void)
{
	Suite *s = suite_create("probe");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	/* The slowest test waits about 3 s; valgrind multiplies it. */
	tcase_set_timeout(pos, 60);
	tcase_set_timeout(neg, 60);
	tcase_add_test(pos, test_probe_healthy);
	tcase_add_test(pos, test_probe_child_ns);
	tcase_add_test(pos, test_probe_glueless);
	tcase_add_test(pos, test_probe_undelegated);
	tcase_add_test(pos, test_probe_srvset);
	tcase_add_test(pos, test_probe_no_srvset);
	tcase_add_loop_test(pos, test_probe_dnssec_signed, 0, 2);
	tcase_add_test(pos, test_probe_parent_dname);
	tcase_add_test(neg, test_probe_silent_server);
	tcase_add_test(neg, test_probe_side_timeout);
	tcase_add_test(neg, test_probe_budget);
	tcase_add_test(neg, test_probe_glue_port);
	tcase_add_test(neg, test_probe_dnssec_dead);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
