/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_resolver.c -- unit tests for crawler/resolver: iterative resolution,
 * the infrastructure cache, bailiwick rules for glue, CNAME chains, lame
 * servers, loops and budgets, delegations and the root hints.
 *
 * The resolver runs against the canned server of tests/support/cannedsrv
 * (127.0.0.1 ... 127.0.0.9 on one unprivileged port, answering from rules
 * in zone-file syntax, counting queries per address), so the tests can say
 * how many questions the resolver asked and where. A universe of zones
 * (base_rules) is shared:
 *
 *   .             127.0.0.1  a.root.test.
 *   test.         127.0.0.2  a.ns.test.
 *   example.test. 127.0.0.3  ns1, ns2.example.test. (glue in test.)
 *   other.test.   127.0.0.4  ns.other.test. (glue in test.)
 *   example.      127.0.0.6  ns.example. (glue in .)
 *
 * Each scenario puts its own rules in front of it. The transport has no
 * answer cache (so every question reaches the server) and a 200 ms
 * timeout with one try; a watchdog timer fails a test instead of letting
 * it hang.
 */
#include "common/addr.h"
#include "common/dname.h"
#include "common/err.h"
#include "common/msg.h"
#include "crawler/resolver.h"
#include "crawler/transport.h"
#include "tests/suites.h"
#include "tests/support/cannedsrv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <uv.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Server addresses of the universe. */
#define ROOT "127.0.0.1"
#define TLD "127.0.0.2"
#define EXA "127.0.0.3"
#define OTH "127.0.0.4"
#define S5 "127.0.0.5"
#define S6 "127.0.0.6"
#define S7 "127.0.0.7"
#define S8 "127.0.0.8"
#define EVIL "127.0.0.9"

#define SOA_ROOT ". SOA a.root.test. hostmaster.test. 1 3600 600 86400 300"
#define SOA_TEST "test. SOA a.ns.test. hostmaster.test. 1 3600 600 86400 300"
#define SOA_EX                                                                 \
	"example.test. SOA ns1.example.test. hostmaster.example.test. 1 "      \
	"3600 600 86400 300"
#define SOA_OTH                                                                \
	"other.test. SOA ns.other.test. hostmaster.other.test. 1 3600 600 "    \
	"86400 300"
#define SOA_EXAMPLE                                                            \
	"example. SOA ns.example. hostmaster.example. 1 3600 600 86400 300"

#define WAIT_MS 3000

/* ---- the resolver under test -------------------------------------------- */

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

struct env {
	struct cannedsrv *srv;
	uv_loop_t loop;
	uv_timer_t watchdog;
	bool expired;
	bool in_call; /* inside a public resolver call */
	struct th_transport *t;
	struct th_resolver *r;
};

/* What a callback saw. */
struct got {
	struct env *e;
	unsigned calls;
	unsigned inside; /* callbacks that ran inside a public call */
	enum th_res_status status;
	char qname[TH_DNAME_STRLEN], zone[TH_DNAME_STRLEN];
	char server[TH_ADDR_STRLEN];
	uint16_t server_port;
	unsigned cnames;
	size_t naddrs;
	struct th_addr addrs[16];
	char a[TH_ADDR_STRLEN]; /* first A/AAAA of qname in the answer */
	char ns[512];           /* NS targets in the answer's authority */
};

static void
on_watchdog(uv_timer_t *h)
{
	struct env *e = h->data;

	e->expired = true;
}

static void
hints_test(struct th_hints *h)
{
	memset(h, 0, sizeof(*h));
	h->nns = 1;
	h->ns[0] = name_of("a.root.test.");
	h->naddr[0] = 1;
	ck_assert_int_eq(th_addr_parse(&h->addr[0][0], ROOT, 53), 0);
}

static struct env *
env_open(const struct cannedsrv_rule *const *tables,
         void (*tune)(struct th_resolver_conf *c))
{
	struct env *e = calloc(1, sizeof(*e));
	struct th_transport_conf tc;
	struct th_resolver_conf rc;
	struct th_hints h;

	ck_assert_ptr_nonnull(e);
	e->srv = cannedsrv_start(tables);
	ck_assert_int_eq(uv_loop_init(&e->loop), 0);
	ck_assert_int_eq(uv_timer_init(&e->loop, &e->watchdog), 0);
	e->watchdog.data = e;
	th_transport_conf_default(&tc);
	tc.timeout_ms = 200;
	tc.tries = 1;
	tc.cache_bytes = 0; /* every question reaches the server */
	tc.udp_sockets = 2;
	ck_assert_int_eq(th_transport_create(&e->t, &e->loop, &tc), 0);
	th_resolver_conf_default(&rc);
	rc.port = cannedsrv_port(e->srv);
	if (tune != NULL)
		tune(&rc);
	hints_test(&h);
	ck_assert_int_eq(th_resolver_create(&e->r, e->t, &h, &rc), 0);
	return e;
}

/* Run the loop until *calls reaches n; fail after WAIT_MS. */
static void
env_wait(struct env *e, const unsigned *calls, unsigned n)
{
	e->expired = false;
	ck_assert_int_eq(uv_timer_start(&e->watchdog, on_watchdog, WAIT_MS, 0),
	                 0);
	while (*calls < n && !e->expired)
		uv_run(&e->loop, UV_RUN_ONCE);
	uv_timer_stop(&e->watchdog);
	ck_assert_msg(*calls >= n, "no result within %d ms", WAIT_MS);
}

static void
env_close(struct env *e)
{
	uv_close((uv_handle_t *)&e->watchdog, NULL);
	th_resolver_close(e->r);
	th_transport_close(e->t);
	uv_run(&e->loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(uv_loop_close(&e->loop), 0);
	cannedsrv_stop(e->srv);
	free(e);
}

static void
on_result(void *arg, const struct th_res_result *res)
{
	struct got *g = arg;
	struct th_msg m;

	g->calls++;
	if (g->e->in_call)
		g->inside++;
	g->status = res->status;
	if (th_dname_to_str(&res->qname, g->qname, sizeof(g->qname)) != 0)
		g->qname[0] = '\0';
	if (th_dname_to_str(&res->zone, g->zone, sizeof(g->zone)) != 0)
		g->zone[0] = '\0';
	g->server[0] = '\0';
	if (res->server.family != TH_AF_NONE &&
	    th_addr_ip_str(&res->server, g->server, sizeof(g->server)) != 0)
		g->server[0] = '\0';
	g->server_port = res->server.port;
	g->cnames = res->cnames;
	g->naddrs = res->naddrs;
	for (size_t i = 0; i < res->naddrs && i < 16; i++)
		g->addrs[i] = res->addrs[i];
	g->a[0] = g->ns[0] = '\0';
	if (res->answer == NULL || res->answer->outcome != TH_OUT_ANSWER ||
	    th_msg_parse(&m, res->answer->wire, res->answer->len, NULL) != 0)
		return;
	for (int sec = TH_SEC_ANSWER; sec <= TH_SEC_AUTHORITY; sec++) {
		struct th_msg_iter it;
		struct th_rr rr;

		th_msg_iter_init(&it, &m, (enum th_msg_section)sec);
		while (th_msg_iter_next(&it, &rr)) {
			if (sec == TH_SEC_ANSWER && g->a[0] == '\0' &&
			    (rr.type == TH_T_A || rr.type == TH_T_AAAA) &&
			    th_dname_equal(&rr.owner, &res->qname)) {
				struct th_addr a;

				th_addr_from_raw(&a, th_msg_rdata(&m, &rr),
				                 rr.rdlen, 0);
				if (th_addr_ip_str(&a, g->a, sizeof(g->a)) != 0)
					g->a[0] = '\0';
			}
			if (sec == TH_SEC_AUTHORITY && rr.type == TH_T_NS) {
				struct th_dname t;
				char s[TH_DNAME_STRLEN];
				size_t used = strlen(g->ns);

				if (th_msg_rdata_name(&m, &rr, 0, &t, NULL) !=
				        0 ||
				    th_dname_to_str(&t, s, sizeof(s)) != 0)
					continue;
				snprintf(g->ns + used, sizeof(g->ns) - used,
				         "%s%s", used > 0 ? " " : "", s);
			}
		}
	}
}

/* ---- scenarios ---------------------------------------------------------- */

enum op { OP_NONE, OP_LOOKUP, OP_ADDRS, OP_DELEG };

#define ST(x) (1u << TH_RES_##x)

struct step {
	enum op op;
	const char *name;
	uint16_t qtype;
	unsigned want; /* ST() mask of acceptable statuses */
	/* Checked when not NULL ("" = expect none). */
	const char *qname, *zone, *server, *a, *ns;
	const char *addrs;  /* "127.0.0.5 ::1", all with the canned port */
	const char *counts; /* "1:1 3:0": queries per server in this step */
	unsigned cnames;    /* always checked */
};

struct scen {
	const char *what;
	const struct cannedsrv_rule *rules[3]; /* in front of base_rules */
	void (*tune)(struct th_resolver_conf *c);
	struct step steps[3];
	uint64_t min_lame, min_loops, min_limits, host_hits;
	/* th_resolver_zone_servers(zs_zone): "ns.=ip,ip ns2.=" */
	const char *zs_zone, *zs_want;
};

static const struct cannedsrv_rule base_rules[] = {
    /* the root */
    CS_REFER(ROOT, "test.", "test. NS a.ns.test.", "a.ns.test. A 127.0.0.2"),
    CS_REFER(ROOT, "example.", "example. NS ns.example.",
             "ns.example. A 127.0.0.6"),
    CS_NXDOM(ROOT, ".", SOA_ROOT),
    /* test. */
    CS_REFER(TLD, "example.test.",
             "example.test. NS ns1.example.test.\n"
             "example.test. NS ns2.example.test.",
             "ns1.example.test. A 127.0.0.3\n"
             "ns2.example.test. A 127.0.0.3"),
    CS_REFER(TLD, "other.test.", "other.test. NS ns.other.test.",
             "ns.other.test. A 127.0.0.4"),
    CS_AUTH(TLD, "host.test.", TH_T_A, "host.test. A 192.0.2.50"),
    CS_AUTH(TLD, "test.", TH_T_NS, "test. NS a.ns.test."),
    CS_AUTH(TLD, "a.ns.test.", TH_T_A, "a.ns.test. A 127.0.0.2"),
    CS_NODATA(TLD, "host.test.", SOA_TEST),
    CS_NODATA(TLD, "test.", SOA_TEST),
    CS_NODATA(TLD, "a.ns.test.", SOA_TEST),
    CS_NXDOM(TLD, "test.", SOA_TEST),
    /* example.test.: every name not listed exists without records */
    CS_AUTH(EXA, "www.example.test.", TH_T_A, "www.example.test. A 192.0.2.1"),
    CS_AUTH(EXA, "mail.example.test.", TH_T_A,
            "mail.example.test. A 192.0.2.2"),
    CS_AUTH(EXA, "ns1.example.test.", TH_T_A, "ns1.example.test. A 127.0.0.3"),
    CS_AUTH(EXA, "ns2.example.test.", TH_T_A, "ns2.example.test. A 127.0.0.3"),
    CS_AUTH(EXA, "example.test.", TH_T_NS,
            "example.test. NS ns1.example.test.\n"
            "example.test. NS ns2.example.test."),
    CS_NXDOM(EXA, "nx.example.test.", SOA_EX),
    CS_EMPTY(EXA, "example.test.", SOA_EX),
    /* other.test. */
    CS_AUTH(OTH, "ns.other.test.", TH_T_A, "ns.other.test. A 127.0.0.4"),
    CS_AUTH(OTH, "host.other.test.", TH_T_A, "host.other.test. A 192.0.2.7"),
    CS_EMPTY(OTH, "other.test.", SOA_OTH),
    /* example. */
    CS_AUTH(S6, "ns.evil.example.", TH_T_A, "ns.evil.example. A 127.0.0.3"),
    CS_EMPTY(S6, "example.", SOA_EXAMPLE),
    CS_END,
};

/* Example.test. NS ns.other.test., no glue; 127.0.0.4 serves it. */
static const struct cannedsrv_rule r_glueless[] = {
    CS_REFER(TLD, "example.test.", "example.test. NS ns.other.test.", NULL),
    CS_AUTH(OTH, "www.example.test.", TH_T_A, "www.example.test. A 192.0.2.1"),
    CS_EMPTY(OTH, "example.test.", SOA_EX),
    CS_END,
};

/* Glue for a name outside test.'s bailiwick. */
static const struct cannedsrv_rule r_evil_glue[] = {
    CS_REFER(TLD, "example.test.", "example.test. NS ns.evil.example.",
             "ns.evil.example. A 127.0.0.9"),
    CS_AUTH(EVIL, "www.example.test.", TH_T_A,
            "www.example.test. A 192.0.2.99"),
    CS_AUTH(EVIL, "ns.evil.example.", TH_T_A, "ns.evil.example. A 127.0.0.9"),
    CS_END,
};

static const struct cannedsrv_rule r_evil_nx[] = {
    CS_NXDOM(ROOT, "example.", SOA_ROOT),
    CS_END,
};

/* Mixed case in the referral: names compare without case. */
static const struct cannedsrv_rule r_case[] = {
    CS_REFER(TLD, "example.test.", "EXAMPLE.Test. NS NS1.Example.TEST.",
             "ns1.EXAMPLE.test. A 127.0.0.3"),
    CS_END,
};

/* The child zone's address, not the glue, is the answer. */
static const struct cannedsrv_rule r_child_wins[] = {
    CS_AUTH(EXA, "ns1.example.test.", TH_T_A, "ns1.example.test. A 127.0.0.5"),
    CS_AUTH(EXA, "ns1.example.test.", TH_T_AAAA, "ns1.example.test. AAAA ::1"),
    CS_END,
};

static const struct cannedsrv_rule r_child_nx[] = {
    CS_NXDOM(EXA, "ns1.example.test.", SOA_EX),
    CS_END,
};

/* CNAME chains. */
static const struct cannedsrv_rule r_cname_cross[] = {
    CS_AUTH(EXA, "www.example.test.", TH_T_A,
            "www.example.test. CNAME host.other.test."),
    CS_END,
};

static const struct cannedsrv_rule r_cname_poison[] = {
    CS_AUTH(EXA, "www.example.test.", TH_T_A,
            "www.example.test. CNAME host.other.test.\n"
            "host.other.test. A 192.0.2.66"),
    CS_END,
};

static const struct cannedsrv_rule r_cname_inzone[] = {
    CS_AUTH(EXA, "alias.example.test.", TH_T_A,
            "alias.example.test. CNAME www.example.test.\n"
            "www.example.test. A 192.0.2.1"),
    CS_AUTH(EXA, "alias.example.test.", TH_T_CNAME,
            "alias.example.test. CNAME www.example.test."),
    CS_AUTH(EXA, "split.example.test.", TH_T_A,
            "split.example.test. CNAME www.example.test."),
    CS_END,
};

/* Loops and long chains. */
static const struct cannedsrv_rule r_cname_loop[] = {
    CS_AUTH(EXA, "a.example.test.", TH_T_A,
            "a.example.test. CNAME b.example.test."),
    CS_AUTH(EXA, "b.example.test.", TH_T_A,
            "b.example.test. CNAME a.example.test."),
    CS_AUTH(EXA, "one.example.test.", TH_T_A,
            "one.example.test. CNAME two.example.test.\n"
            "two.example.test. CNAME one.example.test."),
    CS_AUTH(EXA, "self.example.test.", TH_T_A,
            "self.example.test. CNAME self.example.test."),
    CS_AUTH(EXA, "www.example.test.", TH_T_A,
            "www.example.test. CNAME host.other.test."),
    CS_AUTH(OTH, "host.other.test.", TH_T_A,
            "host.other.test. CNAME www.example.test."),
    CS_END,
};

static const struct cannedsrv_rule r_cname_long[] = {
    CS_AUTH(EXA, "c0.example.test.", TH_T_A,
            "c0.example.test. CNAME c1.example.test."),
    CS_AUTH(EXA, "c1.example.test.", TH_T_A,
            "c1.example.test. CNAME c2.example.test."),
    CS_AUTH(EXA, "c2.example.test.", TH_T_A,
            "c2.example.test. CNAME c3.example.test."),
    CS_AUTH(EXA, "c3.example.test.", TH_T_A, "c3.example.test. A 192.0.2.3"),
    CS_END,
};

/* Referrals that do not go down. */
static const struct cannedsrv_rule r_up_root[] = {
    CS_REFER(TLD, "example.test.", ". NS a.root.test.",
             "a.root.test. A 127.0.0.1"),
    CS_END,
};

static const struct cannedsrv_rule r_sideways[] = {
    CS_REFER(TLD, "example.test.", "other.test. NS ns.other.test.",
             "ns.other.test. A 127.0.0.4"),
    CS_END,
};

static const struct cannedsrv_rule r_same_zone[] = {
    CS_REFER(TLD, "example.test.", "test. NS a.ns.test.",
             "a.ns.test. A 127.0.0.2"),
    CS_END,
};

/* A lame server with glue, and a good one (127.0.0.4) without. */
static const struct cannedsrv_rule r_lame_pair[] = {
    CS_REFER(TLD, "example.test.",
             "example.test. NS ns1.example.test.\n"
             "example.test. NS ns.other.test.",
             "ns1.example.test. A 127.0.0.5"),
    CS_AUTH(OTH, "www.example.test.", TH_T_A, "www.example.test. A 192.0.2.1"),
    CS_EMPTY(OTH, "example.test.", SOA_EX),
    CS_END,
};

static const struct cannedsrv_rule r_lame_empty[] = {
    {S5, NULL, 0, 0, TH_RCODE_NOERROR, NULL, NULL, NULL},
    CS_END,
};

static const struct cannedsrv_rule r_lame_nonauth[] = {
    {S5, NULL, 0, 0, TH_RCODE_NOERROR, "www.example.test. A 192.0.2.66", NULL,
     NULL},
    CS_END,
};

static const struct cannedsrv_rule r_lame_servfail[] = {
    {S5, NULL, 0, CS_AA, TH_RCODE_SERVFAIL, NULL, NULL, NULL},
    CS_END,
};

/* Name servers that need each other, or themselves, without glue. */
static const struct cannedsrv_rule r_mutual[] = {
    CS_REFER(TLD, "a.test.", "a.test. NS ns.b.test.", NULL),
    CS_REFER(TLD, "b.test.", "b.test. NS ns.a.test.", NULL),
    CS_REFER(TLD, "self.test.", "self.test. NS ns.self.test.", NULL),
    CS_END,
};

/* A parent server also authoritative for the child. */
static const struct cannedsrv_rule r_both[] = {
    CS_AUTH(TLD, "both.test.", TH_T_NS, "both.test. NS a.ns.test."),
    CS_END,
};

/* Every server of slow.test. is silent. */
static const struct cannedsrv_rule r_slow[] = {
    CS_REFER(TLD, "slow.test.",
             "slow.test. NS ns1.slow.test.\nslow.test. NS ns2.slow.test.",
             "ns1.slow.test. A 127.0.0.7\nns2.slow.test. A 127.0.0.8"),
    CS_SILENT(S7),
    CS_SILENT(S8),
    CS_END,
};

/* Four referrals and five queries down to x.l3.l2.l1.test. */
static const struct cannedsrv_rule r_deep[] = {
    CS_REFER(TLD, "l1.test.", "l1.test. NS ns.l1.test.",
             "ns.l1.test. A 127.0.0.5"),
    CS_REFER(S5, "l2.l1.test.", "l2.l1.test. NS ns.l2.l1.test.",
             "ns.l2.l1.test. A 127.0.0.6"),
    CS_REFER(S6, "l3.l2.l1.test.", "l3.l2.l1.test. NS ns.l3.l2.l1.test.",
             "ns.l3.l2.l1.test. A 127.0.0.7"),
    CS_AUTH(S7, "x.l3.l2.l1.test.", TH_T_A, "x.l3.l2.l1.test. A 192.0.2.3"),
    CS_END,
};

static void
tune_cnames2(struct th_resolver_conf *c)
{
	c->max_cnames = 2;
}

static void
tune_referrals3(struct th_resolver_conf *c)
{
	c->max_referrals = 3;
}

static void
tune_referrals4(struct th_resolver_conf *c)
{
	c->max_referrals = 4;
}

static void
tune_queries4(struct th_resolver_conf *c)
{
	c->max_queries = 4;
}

static void
tune_queries5(struct th_resolver_conf *c)
{
	c->max_queries = 5;
}

static void
tune_queries0(struct th_resolver_conf *c)
{
	c->max_queries = 0;
}

static void
tune_no_ipv4(struct th_resolver_conf *c)
{
	c->no_ipv4 = true;
}

#define LOOKUP_A(n) .op = OP_LOOKUP, .name = n, .qtype = TH_T_A

/* Found: answers, referrals, and names that do not exist. */
static const struct scen scens_pos[] = {
    {.what = "referral chain, then the infrastructure cache",
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .qname = "www.example.test.", .zone = "example.test.",
                .server = EXA, .a = "192.0.2.1", .counts = "1:1 2:1 3:1"},
               {LOOKUP_A("mail.example.test."), .want = ST(ANSWER),
                .qname = "mail.example.test.", .zone = "example.test.",
                .server = EXA, .a = "192.0.2.2", .counts = "1:0 2:0 3:1"},
               {.op = OP_ADDRS,
                .name = "ns2.example.test.",
                .want = ST(ANSWER),
                .qname = "ns2.example.test.",
                .addrs = "127.0.0.3",
                .counts = "1:0 2:0 3:2"}},
     .zs_zone = "example.test.",
     .zs_want = "ns1.example.test.=127.0.0.3 ns2.example.test.=127.0.0.3"},
    {.what = "NS without glue, out of bailiwick; then a host cache hit",
     .rules = {r_glueless},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .qname = "www.example.test.", .zone = "example.test.",
                .server = OTH, .a = "192.0.2.1", .counts = "1:1 2:3 3:0 4:3"},
               {.op = OP_ADDRS,
                .name = "ns.other.test.",
                .want = ST(ANSWER),
                .qname = "ns.other.test.",
                .addrs = "127.0.0.4",
                .counts = "1:0 2:0 4:0"}},
     .host_hits = 1,
     .zs_zone = "example.test.",
     .zs_want = "ns.other.test.="},
    {.what = "glue outside the sender's bailiwick is ignored",
     .rules = {r_evil_glue},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .qname = "www.example.test.", .zone = "example.test.",
                .server = EXA, .a = "192.0.2.1",
                .counts = "1:3 2:1 3:1 6:2 9:0"}},
     .zs_zone = "example.test.",
     .zs_want = "ns.evil.example.="},
    {.what = "names in a referral compare without case",
     .rules = {r_case},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .server = EXA, .a = "192.0.2.1", .counts = "2:1 3:1"}},
     .zs_zone = "example.test.",
     .zs_want = "NS1.Example.TEST.=127.0.0.3"},
    {.what = "the child's address wins over the glue",
     .rules = {r_child_wins},
     .steps = {{.op = OP_ADDRS,
                .name = "ns1.example.test.",
                .want = ST(ANSWER),
                .qname = "ns1.example.test.",
                .addrs = "127.0.0.5 ::1",
                .counts = "3:2 5:0"}},
     .zs_zone = "example.test.",
     .zs_want = "ns1.example.test.=127.0.0.3 ns2.example.test.=127.0.0.3"},
    {.what = "glue is never an answer: the child says NXDOMAIN",
     .rules = {r_child_nx},
     .steps = {{.op = OP_ADDRS,
                .name = "ns1.example.test.",
                .want = ST(NXDOMAIN),
                .qname = "ns1.example.test.",
                .addrs = "",
                .counts = "3:2"}}},
    {.what = "CNAME into another zone",
     .rules = {r_cname_cross},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .qname = "host.other.test.", .zone = "other.test.",
                .server = OTH, .a = "192.0.2.7", .cnames = 1,
                .counts = "1:1 2:2 3:1 4:1"}}},
    {.what = "CNAME target records from the wrong zone are not taken",
     .rules = {r_cname_poison},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .qname = "host.other.test.", .zone = "other.test.",
                .server = OTH, .a = "192.0.2.7", .cnames = 1,
                .counts = "3:1 4:1"}}},
    {.what = "in-zone CNAME with its target in the same answer",
     .rules = {r_cname_inzone},
     .steps = {{LOOKUP_A("alias.example.test."), .want = ST(ANSWER),
                .qname = "www.example.test.", .zone = "example.test.",
                .a = "192.0.2.1", .cnames = 1, .counts = "3:1"},
               {LOOKUP_A("split.example.test."), .want = ST(ANSWER),
                .qname = "www.example.test.", .a = "192.0.2.1", .cnames = 1,
                .counts = "3:2"},
               {.op = OP_LOOKUP,
                .name = "alias.example.test.",
                .qtype = TH_T_CNAME,
                .want = ST(ANSWER),
                .qname = "alias.example.test.",
                .cnames = 0,
                .counts = "3:1"}}},
    {.what = "REFUSED, then a good server",
     .rules = {r_lame_pair},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .zone = "example.test.", .server = OTH, .a = "192.0.2.1",
                .counts = "5:1 4:3"}},
     .min_lame = 1},
    {.what = "non-AA empty NOERROR, then a good server",
     .rules = {r_lame_empty, r_lame_pair},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .server = OTH, .a = "192.0.2.1", .counts = "5:1 4:3"}},
     .min_lame = 1},
    {.what = "non-AA answer with records, then a good server",
     .rules = {r_lame_nonauth, r_lame_pair},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .server = OTH, .a = "192.0.2.1", .counts = "5:1 4:3"}},
     .min_lame = 1},
    {.what = "SERVFAIL, then a good server",
     .rules = {r_lame_servfail, r_lame_pair},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(ANSWER),
                .server = OTH, .a = "192.0.2.1", .counts = "5:1 4:3"}},
     .min_lame = 1},
    {.what = "delegation found, then again from the cache",
     .steps = {{.op = OP_DELEG,
                .name = "example.test.",
                .want = ST(REFERRAL),
                .qname = "example.test.",
                .zone = "test.",
                .server = TLD,
                .ns = "ns1.example.test. ns2.example.test.",
                .counts = "1:1 2:1 3:0"},
               {.op = OP_DELEG,
                .name = "example.test.",
                .want = ST(REFERRAL),
                .zone = "test.",
                .ns = "ns1.example.test. ns2.example.test.",
                .counts = "1:0 2:1 3:0"}}},
    {.what = "delegation of a TLD, from the root",
     .steps = {{.op = OP_DELEG,
                .name = "test.",
                .want = ST(REFERRAL),
                .zone = ".",
                .server = ROOT,
                .ns = "a.ns.test.",
                .counts = "1:1 2:0"}}},
    {.what = "delegation of names that do not exist",
     .steps = {{.op = OP_DELEG,
                .name = "nonexist.test.",
                .want = ST(NXDOMAIN),
                .zone = "test.",
                .server = TLD,
                .counts = "1:1 2:1"},
               {.op = OP_DELEG,
                .name = "nx.example.test.",
                .want = ST(NXDOMAIN),
                .zone = "example.test.",
                .server = EXA,
                .counts = "1:0 2:1 3:1"}}},
    {.what = "delegation of names without a cut",
     .steps = {{.op = OP_DELEG,
                .name = "host.test.",
                .want = ST(NOT_DELEGATED),
                .zone = "test.",
                .server = TLD,
                .counts = "1:1 2:1"},
               {.op = OP_DELEG,
                .name = "www.example.test.",
                .want = ST(NOT_DELEGATED),
                .zone = "example.test.",
                .server = EXA,
                .counts = "1:0 2:1 3:1"}}},
    {.what = "delegation answered by a parent that serves the child",
     .rules = {r_both},
     .steps = {{.op = OP_DELEG,
                .name = "both.test.",
                .want = ST(ANSWER),
                .qname = "both.test.",
                .zone = "test.",
                .server = TLD}}},
    {.what = "NXDOMAIN and NODATA",
     .steps = {{LOOKUP_A("nx.example.test."), .want = ST(NXDOMAIN),
                .qname = "nx.example.test.", .zone = "example.test.",
                .server = EXA, .a = ""},
               {.op = OP_LOOKUP,
                .name = "www.example.test.",
                .qtype = TH_T_AAAA,
                .want = ST(NODATA),
                .zone = "example.test.",
                .server = EXA,
                .a = ""}}},
    {.what = "addresses of names without any",
     .steps = {{.op = OP_ADDRS,
                .name = "nx.example.test.",
                .want = ST(NXDOMAIN),
                .addrs = ""},
               {.op = OP_ADDRS,
                .name = "noaddr.example.test.",
                .want = ST(NODATA),
                .addrs = "",
                .counts = "3:2"}}},
    {.what = "referral chain within max_referrals",
     .rules = {r_deep},
     .tune = tune_referrals4,
     .steps = {{LOOKUP_A("x.l3.l2.l1.test."), .want = ST(ANSWER),
                .zone = "l3.l2.l1.test.", .a = "192.0.2.3",
                .counts = "1:1 2:1 5:1 6:1 7:1"}}},
    {.what = "referral chain within max_queries",
     .rules = {r_deep},
     .tune = tune_queries5,
     .steps = {{LOOKUP_A("x.l3.l2.l1.test."), .want = ST(ANSWER),
                .a = "192.0.2.3", .counts = "7:1"}}},
};

/* Failures: loops, lame servers, limits, timeouts. */
static const struct scen scens_neg[] = {
    {.what = "out-of-bailiwick glue, its name does not resolve",
     .rules = {r_evil_nx, r_evil_glue},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(SERVFAIL),
                .qname = "www.example.test.", .counts = "3:0 6:0 9:0"}}},
    {.what = "CNAME loop across two answers",
     .rules = {r_cname_loop},
     .steps = {{LOOKUP_A("a.example.test."), .want = ST(LOOP), .cnames = 1,
                .counts = "3:2"}},
     .min_loops = 1},
    {.what = "CNAME loop inside one answer, and to itself",
     .rules = {r_cname_loop},
     .steps = {{LOOKUP_A("one.example.test."), .want = ST(LOOP), .cnames = 1,
                .counts = "3:1"},
               {LOOKUP_A("self.example.test."), .want = ST(LOOP), .cnames = 1,
                .counts = "3:1"}},
     .min_loops = 2},
    {.what = "CNAME loop across zones",
     .rules = {r_cname_loop},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(LOOP), .cnames = 1,
                .counts = "3:1 4:1"}},
     .min_loops = 1},
    {.what = "CNAME chain at and over max_cnames",
     .rules = {r_cname_long},
     .tune = tune_cnames2,
     .steps = {{LOOKUP_A("c1.example.test."), .want = ST(ANSWER),
                .qname = "c3.example.test.", .a = "192.0.2.3", .cnames = 2},
               {LOOKUP_A("c0.example.test."), .want = ST(LIMIT), .cnames = 2}},
     .min_limits = 1},
    {.what = "referral upward to the root is lame",
     .rules = {r_up_root},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(SERVFAIL),
                .zone = "test.", .counts = "1:1 2:1 3:0"}},
     .min_lame = 1},
    {.what = "referral sideways is lame",
     .rules = {r_sideways},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(SERVFAIL),
                .zone = "test.", .counts = "2:1 3:0 4:0"}},
     .min_lame = 1},
    {.what = "referral to the same zone is lame",
     .rules = {r_same_zone},
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(SERVFAIL),
                .zone = "test.", .counts = "1:1 2:1 3:0"}},
     .min_lame = 1},
    {.what = "name servers that need each other",
     .rules = {r_mutual},
     .steps = {{LOOKUP_A("www.a.test."), .want = ST(SERVFAIL) | ST(LOOP)}},
     .min_loops = 1},
    {.what = "a name server that needs itself",
     .rules = {r_mutual},
     .steps = {{LOOKUP_A("www.self.test."), .want = ST(SERVFAIL) | ST(LOOP)}},
     .min_loops = 1},
    {.what = "every server of a zone times out",
     .rules = {r_slow},
     .steps = {{LOOKUP_A("www.slow.test."), .want = ST(SERVFAIL),
                .zone = "slow.test.", .counts = "7:1 8:1"}}},
    {.what = "referral chain over max_referrals",
     .rules = {r_deep},
     .tune = tune_referrals3,
     .steps = {{LOOKUP_A("x.l3.l2.l1.test."), .want = ST(LIMIT),
                .counts = "6:1 7:0"}},
     .min_limits = 1},
    {.what = "referral chain over max_queries",
     .rules = {r_deep},
     .tune = tune_queries4,
     .steps = {{LOOKUP_A("x.l3.l2.l1.test."), .want = ST(LIMIT),
                .counts = "6:1 7:0"}},
     .min_limits = 1},
    /* Decided inside the call: the callbacks still come later. */
    {.what = "no query allowed at all",
     .tune = tune_queries0,
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(LIMIT),
                .counts = "1:0"},
               {.op = OP_ADDRS,
                .name = "ns1.example.test.",
                .want = ST(LIMIT),
                .addrs = "",
                .counts = "1:0"},
               {.op = OP_DELEG,
                .name = "example.test.",
                .want = ST(LIMIT),
                .counts = "1:0"}}},
    {.what = "no usable address family",
     .tune = tune_no_ipv4,
     .steps = {{LOOKUP_A("www.example.test."), .want = ST(SERVFAIL),
                .counts = "1:0"}}},
};

static void
status_mask_str(unsigned mask, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (int s = 0; s < TH_RES__COUNT; s++)
		if (mask & (1u << s)) {
			int w =
			    snprintf(out + used, size - used, "%s%s",
			             used > 0 ? "|" : "",
			             th_res_status_name((enum th_res_status)s));

			if (w < 0 || (size_t)w >= size - used)
				return;
			used += (size_t)w;
		}
}

static void
addrs_str(const struct got *g, uint16_t port, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < g->naddrs && i < 16; i++) {
		char ip[TH_ADDR_STRLEN];
		int w;

		if (th_addr_ip_str(&g->addrs[i], ip, sizeof(ip)) != 0)
			ip[0] = '\0';
		/* A wrong port shows as "ip:port". */
		if (g->addrs[i].port == port)
			w = snprintf(out + used, size - used, "%s%s",
			             used > 0 ? " " : "", ip);
		else
			w = snprintf(out + used, size - used, "%s%s:%u",
			             used > 0 ? " " : "", ip, g->addrs[i].port);
		if (w < 0 || (size_t)w >= size - used)
			return;
		used += (size_t)w;
	}
}

static void
check_counts(struct env *e, const unsigned before[], const char *spec,
             const char *what)
{
	const char *p = spec;

	while (*p != '\0') {
		char *end;
		unsigned long srv = strtoul(p, &end, 10), want;
		unsigned got;

		ck_assert_msg(*end == ':' && srv >= 1 && srv <= CANNEDSRV_NADDR,
		              "fixture counts '%s'", spec);
		want = strtoul(end + 1, &end, 10);
		got = cannedsrv_count(e->srv, (int)srv - 1) - before[srv - 1];
		if (got != want) {
			char log[4096];

			cannedsrv_dump(e->srv, log, sizeof(log));
			ck_abort_msg("%s: 127.0.0.%lu got %u queries, want "
			             "%lu (all queries: %s)",
			             what, srv, got, want, log);
		}
		p = end;
		while (*p == ' ')
			p++;
	}
}

/* Start one operation with the in-call flag up, and wait for its result. */
static int
start_op(struct env *e, enum op op, const char *name, uint16_t qtype,
         struct got *g)
{
	struct th_dname d = name_of(name);
	int rc = TH_EINVAL;

	g->e = e;
	e->in_call = true;
	switch (op) {
	case OP_LOOKUP:
		rc = th_resolver_lookup(e->r, &d, qtype, on_result, g);
		break;
	case OP_ADDRS:
		rc = th_resolver_addrs(e->r, &d, on_result, g);
		break;
	case OP_DELEG:
		rc = th_resolver_delegation(e->r, &d, on_result, g);
		break;
	case OP_NONE:
		break;
	}
	e->in_call = false;
	return rc;
}

static void
run_step(struct env *e, const struct scen *sc, int j)
{
	const struct step *st = &sc->steps[j];
	struct got *g = calloc(1, sizeof(*g));
	unsigned before[CANNEDSRV_NADDR];
	char what[256], buf[512], want[128];

	ck_assert_ptr_nonnull(g);
	snprintf(what, sizeof(what), "%s, step %d (%s)", sc->what, j + 1,
	         st->name);
	for (int i = 0; i < CANNEDSRV_NADDR; i++)
		before[i] = cannedsrv_count(e->srv, i);
	ck_assert_int_eq(start_op(e, st->op, st->name, st->qtype, g), 0);
	env_wait(e, &g->calls, 1);
	ck_assert_msg(g->inside == 0, "%s: callback inside the call", what);
	ck_assert_msg(g->calls == 1, "%s: %u callbacks", what, g->calls);
	status_mask_str(st->want, want, sizeof(want));
	ck_assert_msg((1u << g->status) & st->want, "%s: status %s, want %s",
	              what, th_res_status_name(g->status), want);
	if (st->qname != NULL)
		ck_assert_msg(strcmp(g->qname, st->qname) == 0,
		              "%s: qname %s, want %s", what, g->qname,
		              st->qname);
	if (st->zone != NULL)
		ck_assert_msg(strcmp(g->zone, st->zone) == 0,
		              "%s: zone %s, want %s", what, g->zone, st->zone);
	if (st->server != NULL) {
		ck_assert_msg(strcmp(g->server, st->server) == 0,
		              "%s: server %s, want %s", what, g->server,
		              st->server);
		ck_assert_uint_eq(g->server_port, cannedsrv_port(e->srv));
	}
	if (st->a != NULL)
		ck_assert_msg(strcmp(g->a, st->a) == 0,
		              "%s: address '%s', "
		              "want '%s'",
		              what, g->a, st->a);
	if (st->ns != NULL)
		ck_assert_msg(strcmp(g->ns, st->ns) == 0,
		              "%s: NS '%s', "
		              "want '%s'",
		              what, g->ns, st->ns);
	if (st->addrs != NULL) {
		addrs_str(g, cannedsrv_port(e->srv), buf, sizeof(buf));
		ck_assert_msg(strcmp(buf, st->addrs) == 0,
		              "%s: addrs '%s', want '%s'", what, buf,
		              st->addrs);
	}
	ck_assert_msg(g->cnames == st->cnames, "%s: %u CNAMEs, want %u", what,
	              g->cnames, st->cnames);
	if (st->counts != NULL)
		check_counts(e, before, st->counts, what);
	free(g);
}

struct zs_buf {
	char s[512];
};

static void
zs_collect(const struct th_dname *ns, const struct th_addr *addrs,
           size_t naddrs, void *arg)
{
	struct zs_buf *b = arg;
	size_t used = strlen(b->s);
	char name[TH_DNAME_STRLEN];

	if (th_dname_to_str(ns, name, sizeof(name)) != 0)
		name[0] = '\0';
	snprintf(b->s + used, sizeof(b->s) - used, "%s%s=", used > 0 ? " " : "",
	         name);
	for (size_t i = 0; i < naddrs; i++) {
		char ip[TH_ADDR_STRLEN];

		used = strlen(b->s);
		if (th_addr_ip_str(&addrs[i], ip, sizeof(ip)) != 0)
			ip[0] = '\0';
		snprintf(b->s + used, sizeof(b->s) - used, "%s%s",
		         i > 0 ? "," : "", ip);
	}
}

static void
run_scenario(const struct scen *sc)
{
	const struct cannedsrv_rule *tables[5];
	struct th_resolver_stats rs;
	struct env *e;
	int n = 0;

	for (int i = 0; i < 3 && sc->rules[i] != NULL; i++)
		tables[n++] = sc->rules[i];
	tables[n++] = base_rules;
	tables[n] = NULL;
	e = env_open(tables, sc->tune);
	for (int j = 0; j < 3 && sc->steps[j].op != OP_NONE; j++)
		run_step(e, sc, j);
	th_resolver_stats(e->r, &rs);
	ck_assert_msg(rs.lame >= sc->min_lame, "%s: lame %llu, want >= %llu",
	              sc->what, (unsigned long long)rs.lame,
	              (unsigned long long)sc->min_lame);
	ck_assert_msg(rs.loops >= sc->min_loops, "%s: loops %llu, want >= %llu",
	              sc->what, (unsigned long long)rs.loops,
	              (unsigned long long)sc->min_loops);
	ck_assert_msg(rs.limits >= sc->min_limits,
	              "%s: limits %llu, want >= %llu", sc->what,
	              (unsigned long long)rs.limits,
	              (unsigned long long)sc->min_limits);
	ck_assert_msg(rs.host_hits == sc->host_hits,
	              "%s: host cache hits %llu, want %llu", sc->what,
	              (unsigned long long)rs.host_hits,
	              (unsigned long long)sc->host_hits);
	if (sc->zs_zone != NULL) {
		struct th_dname z = name_of(sc->zs_zone);
		struct zs_buf b = {{0}};

		ck_assert_msg(
		    th_resolver_zone_servers(e->r, &z, zs_collect, &b),
		    "%s: zone %s not cached", sc->what, sc->zs_zone);
		/* ldns compresses names without regard to case, so the
		 * case of the NS names sent is not the fixture's. */
		ck_assert_msg(strcasecmp(b.s, sc->zs_want) == 0,
		              "%s: servers of %s '%s', want '%s'", sc->what,
		              sc->zs_zone, b.s, sc->zs_want);
	}
	env_close(e);
}

START_TEST(test_resolver_found)
{
	run_scenario(&scens_pos[_i]);
}
END_TEST

START_TEST(test_resolver_failures)
{
	run_scenario(&scens_neg[_i]);
}
END_TEST

/* Two servers with glue, one lame: whichever comes first, all answer. */
static const struct cannedsrv_rule r_lame_glue[] = {
    CS_REFER(TLD, "example.test.",
             "example.test. NS ns1.example.test.\n"
             "example.test. NS ns2.example.test.",
             "ns1.example.test. A 127.0.0.3\nns2.example.test. A 127.0.0.5"),
    CS_END,
};

START_TEST(test_resolver_lame_rotation)
{
	const struct cannedsrv_rule *tables[] = {r_lame_glue, base_rules, NULL};
	static const char *const names[] = {
	    "w0.example.test.", "w1.example.test.", "w2.example.test.",
	    "w3.example.test.", "w4.example.test.", "w5.example.test.",
	    "w6.example.test.", "w7.example.test."};
	struct got g[8];
	struct th_resolver_stats rs;
	struct env *e = env_open(tables, NULL);
	unsigned calls = 0;

	memset(g, 0, sizeof(g));
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(
		    start_op(e, OP_LOOKUP, names[i], TH_T_A, &g[i]), 0);
	for (;;) {
		calls = 0;
		for (int i = 0; i < 8; i++)
			calls += g[i].calls;
		if (calls == 8)
			break;
		e->expired = false;
		uv_timer_start(&e->watchdog, on_watchdog, WAIT_MS, 0);
		uv_run(&e->loop, UV_RUN_ONCE);
		uv_timer_stop(&e->watchdog);
		ck_assert_msg(!e->expired, "no result within %d ms", WAIT_MS);
	}
	for (int i = 0; i < 8; i++) {
		ck_assert_msg(g[i].status == TH_RES_NODATA, "%s: %s", names[i],
		              th_res_status_name(g[i].status));
		ck_assert_str_eq(g[i].server, EXA);
		ck_assert_uint_eq(g[i].inside, 0);
	}
	th_resolver_stats(e->r, &rs);
	/* The hash spreads the 8 names over both servers. */
	ck_assert_uint_gt(cannedsrv_count(e->srv, 4), 0);
	ck_assert_uint_eq(rs.lame, cannedsrv_count(e->srv, 4));
	ck_assert_uint_eq(cannedsrv_count(e->srv, 2), 8);
	env_close(e);
}
END_TEST

/* Two address lookups of one name in flight share one resolution. */
START_TEST(test_resolver_join)
{
	const struct cannedsrv_rule *tables[] = {base_rules, NULL};
	struct env *e = env_open(tables, NULL);
	struct got g1, g2;
	struct th_resolver_stats rs;
	unsigned calls;

	memset(&g1, 0, sizeof(g1));
	memset(&g2, 0, sizeof(g2));
	ck_assert_int_eq(start_op(e, OP_ADDRS, "ns1.example.test.", 0, &g1), 0);
	ck_assert_int_eq(start_op(e, OP_ADDRS, "ns1.example.test.", 0, &g2), 0);
	e->expired = false;
	uv_timer_start(&e->watchdog, on_watchdog, WAIT_MS, 0);
	while (g1.calls + g2.calls < 2 && !e->expired)
		uv_run(&e->loop, UV_RUN_ONCE);
	uv_timer_stop(&e->watchdog);
	calls = g1.calls + g2.calls;
	ck_assert_uint_eq(calls, 2);
	ck_assert_int_eq(g1.status, TH_RES_ANSWER);
	ck_assert_int_eq(g2.status, TH_RES_ANSWER);
	ck_assert_uint_eq(g1.naddrs, 1);
	ck_assert_uint_eq(g2.naddrs, 1);
	ck_assert(th_addr_equal(&g1.addrs[0], &g2.addrs[0]));
	th_resolver_stats(e->r, &rs);
	ck_assert_uint_eq(rs.joins, 1);
	ck_assert_uint_eq(rs.addr_lookups, 2);
	/* A and AAAA once each. */
	ck_assert_uint_eq(cannedsrv_count(e->srv, 2), 2);
	env_close(e);
}
END_TEST

static void
on_never(void *arg, const struct th_res_result *res)
{
	(void)res;
	++*(unsigned *)arg;
}

/* Run the loop for about ms milliseconds. */
static void
run_for(struct env *e, unsigned ms)
{
	e->expired = false;
	uv_timer_start(&e->watchdog, on_watchdog, ms, 0);
	while (!e->expired)
		uv_run(&e->loop, UV_RUN_ONCE);
}

/* Close with queries out (resolver, then transport): no callbacks. */
START_TEST(test_resolver_close_inflight)
{
	const struct cannedsrv_rule *tables[] = {r_slow, base_rules, NULL};
	struct env *e = env_open(tables, NULL);
	struct th_dname a = name_of("www.slow.test."),
	                b = name_of("ns1.slow.test.");
	unsigned calls = 0;

	ck_assert_int_eq(th_resolver_lookup(e->r, &a, TH_T_A, on_never, &calls),
	                 0);
	ck_assert_int_eq(th_resolver_addrs(e->r, &b, on_never, &calls), 0);
	run_for(e, 50);
	ck_assert_uint_eq(calls, 0);
	env_close(e);
	ck_assert_uint_eq(calls, 0);
}
END_TEST

/*
 * The resolver closes and frees itself while its queries are out; the
 * transport (still running) ends them later. No callback, no access to
 * the freed resolver.
 */
START_TEST(test_resolver_close_transport_later)
{
	const struct cannedsrv_rule *tables[] = {r_slow, base_rules, NULL};
	struct env *e = env_open(tables, NULL);
	struct th_dname a = name_of("www.slow.test.");
	unsigned calls = 0;

	ck_assert_int_eq(th_resolver_lookup(e->r, &a, TH_T_A, on_never, &calls),
	                 0);
	run_for(e, 50);
	th_resolver_close(e->r);
	run_for(e, 300); /* the resolver is gone; the query times out */
	ck_assert_uint_eq(calls, 0);
	uv_close((uv_handle_t *)&e->watchdog, NULL);
	th_transport_close(e->t);
	uv_run(&e->loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(uv_loop_close(&e->loop), 0);
	cannedsrv_stop(e->srv);
	free(e);
	ck_assert_uint_eq(calls, 0);
}
END_TEST

START_TEST(test_resolver_einval)
{
	const struct cannedsrv_rule *tables[] = {base_rules, NULL};
	struct env *e = env_open(tables, NULL);
	struct th_dname root, www = name_of("www.example.test.");
	unsigned calls = 0;

	th_dname_set_root(&root);
	ck_assert_int_eq(th_resolver_delegation(e->r, &root, on_never, &calls),
	                 TH_EINVAL);
	uv_close((uv_handle_t *)&e->watchdog, NULL);
	th_resolver_close(e->r);
	ck_assert_int_eq(
	    th_resolver_lookup(e->r, &www, TH_T_A, on_never, &calls),
	    TH_EINVAL);
	ck_assert_int_eq(th_resolver_addrs(e->r, &www, on_never, &calls),
	                 TH_EINVAL);
	ck_assert_int_eq(th_resolver_delegation(e->r, &www, on_never, &calls),
	                 TH_EINVAL);
	th_transport_close(e->t);
	uv_run(&e->loop, UV_RUN_DEFAULT);
	ck_assert_int_eq(uv_loop_close(&e->loop), 0);
	cannedsrv_stop(e->srv);
	free(e);
	ck_assert_uint_eq(calls, 0);
}
END_TEST

START_TEST(test_resolver_status_names)
{
	ck_assert_str_eq(th_res_status_name(TH_RES_ANSWER), "ANSWER");
	ck_assert_str_eq(th_res_status_name(TH_RES_NOT_DELEGATED),
	                 "NOT_DELEGATED");
	ck_assert_str_eq(th_res_status_name(TH_RES_LIMIT), "LIMIT");
	ck_assert_str_eq(th_res_status_name(TH_RES__COUNT), "?");
}
END_TEST

/* ---- hints -------------------------------------------------------------- */

/* Write text to a fresh temporary file; returns its path (static). */
static const char *
temp_file(const char *text)
{
	static char path[64];
	int fd;
	size_t len = strlen(text);

	snprintf(path, sizeof(path), "/tmp/th_hints_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

START_TEST(test_resolver_hints_iana)
{
	struct th_hints h;
	char err[256] = "";
	struct th_dname a = name_of("a.root-servers.net.");
	char ip[TH_ADDR_STRLEN];

	ck_assert_int_eq(th_hints_load(&h, NULL, err, sizeof(err)), 0);
	ck_assert_uint_eq(h.nns, 13);
	for (unsigned i = 0; i < h.nns; i++)
		ck_assert_uint_eq(h.naddr[i], 2);
	ck_assert(th_dname_equal(&h.ns[0], &a));
	ck_assert_int_eq(th_addr_ip_str(&h.addr[0][0], ip, sizeof(ip)), 0);
	ck_assert_str_eq(ip, "198.41.0.4");
	ck_assert_int_eq(h.addr[0][1].family, TH_AF_INET6);
}
END_TEST

START_TEST(test_resolver_hints_file)
{
	const char *path =
	    temp_file("; root hints for the tests\n"
	              "\n"
	              ".   3600000  IN  NS  A.ROOT.TEST.\n"
	              ".   3600000      NS  b.root.test. ; second\n"
	              "a.root.test.  3600000  A     127.0.0.1\n"
	              "a.root.test.  3600000  AAAA  ::1\n"
	              "B.root.test.  IN A 127.0.0.2\n");
	struct th_hints h;
	char err[256] = "";
	struct th_dname a = name_of("a.root.test.");
	int rc = th_hints_load(&h, path, err, sizeof(err));

	unlink(path);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_uint_eq(h.nns, 2);
	ck_assert(th_dname_equal(&h.ns[0], &a));
	ck_assert_uint_eq(h.naddr[0], 2);
	ck_assert_uint_eq(h.naddr[1], 1);
	ck_assert_int_eq(h.addr[0][0].family, TH_AF_INET);
	ck_assert_int_eq(h.addr[0][1].family, TH_AF_INET6);
}
END_TEST

struct hints_bad {
	const char *text;
	int rc;
	const char *msg; /* expected in err */
};

static const struct hints_bad hints_bad[] = {
    {". NS a.root.test.\na.root.test. A 127.0.0.1\nbogus line\n", TH_ESYNTAX,
     "line 3:"},
    {". NS a.root.test.\na.root.test. A 127.0.0.1\n"
     "x.root.test. A 127.0.0.2\n",
     TH_ESYNTAX, "line 3: address for a name with no NS line"},
    {"a.root.test. A 127.0.0.1\n. NS a.root.test.\n", TH_ESYNTAX,
     "line 1: address for a name with no NS line"},
    {". NS a.root.test.\na.root.test. A 300.0.0.1\n", TH_ESYNTAX,
     "line 2: bad address"},
    {". NS a.root.test.\na.root.test. A ::1\n", TH_ESYNTAX,
     "line 2: bad address"},
    {". NS a.root.test.\na.root.test. AAAA 127.0.0.1\n", TH_ESYNTAX,
     "line 2: bad address"},
    {"\n\ntest. NS a.root.test.\n", TH_ESYNTAX,
     "line 3: NS for a name other than the root"},
    {". NS a..root.test.\n", TH_ESYNTAX, "line 1: NS target"},
    {". MX a.root.test.\n", TH_ESYNTAX, "line 1: type 'MX'"},
    {". NS a.root.test.\n", TH_ESYNTAX, "no root server with an address"},
    {"", TH_ESYNTAX, "no root server with an address"},
};

START_TEST(test_resolver_hints_bad)
{
	const struct hints_bad *c = &hints_bad[_i];
	const char *path = temp_file(c->text);
	struct th_hints h;
	char err[256] = "";
	int rc = th_hints_load(&h, path, err, sizeof(err));

	unlink(path);
	ck_assert_msg(rc == c->rc, "case %d: %s, want %s", _i, th_errname(rc),
	              th_errname(c->rc));
	ck_assert_msg(strstr(err, c->msg) != NULL, "case %d: '%s' lacks '%s'",
	              _i, err, c->msg);
}
END_TEST

START_TEST(test_resolver_hints_missing)
{
	struct th_hints h;
	char err[256] = "";

	ck_assert_int_eq(
	    th_hints_load(&h, "/nonexistent/hints", err, sizeof(err)), TH_EIO);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/hints"));
}
END_TEST

START_TEST(test_resolver_hints_too_many)
{
	char text[2048];
	size_t used = 0;
	const char *path;
	struct th_hints h;
	char err[256] = "";
	int rc;

	for (int i = 0; i < 17; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
		                         ". NS n%d.root.test.\n", i);
	path = temp_file(text);
	rc = th_hints_load(&h, path, err, sizeof(err));
	unlink(path);
	ck_assert_int_eq(rc, TH_ESYNTAX);
	ck_assert_ptr_nonnull(strstr(err, "line 17: more than 16"));
}
END_TEST

Suite *
suite_resolver(void)
{
	Suite *s = suite_create("resolver");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_resolver_found, 0, N_ELEMS(scens_pos));
	tcase_add_test(pos, test_resolver_lame_rotation);
	tcase_add_test(pos, test_resolver_join);
	tcase_add_test(pos, test_resolver_close_inflight);
	tcase_add_test(pos, test_resolver_close_transport_later);
	tcase_add_test(pos, test_resolver_status_names);
	tcase_add_test(pos, test_resolver_hints_iana);
	tcase_add_test(pos, test_resolver_hints_file);
	tcase_add_loop_test(neg, test_resolver_failures, 0, N_ELEMS(scens_neg));
	tcase_add_test(neg, test_resolver_einval);
	tcase_add_loop_test(neg, test_resolver_hints_bad, 0,
	                    N_ELEMS(hints_bad));
	tcase_add_test(neg, test_resolver_hints_missing);
	tcase_add_test(neg, test_resolver_hints_too_many);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
