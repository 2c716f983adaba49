/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_tbgen.c -- unit tests for the testbed generator: its random numbers
 * (the exact xoshiro256** sequence one seed must give on every machine),
 * the profile table, and the plan with the truth file written from it.
 *
 * Two small testbeds (200 domains; seed 1 over IPv4, seed 2 with --ipv6)
 * are built once per test case by an unchecked fixture, and their
 * truth.tsv is written to a mkdtemp folder, read back into a table and
 * removed at the end. The expected facts per profile come from
 * docs/testbed.md sections 4 and 6, not from the generator's output.
 */
#include "common/err.h"
#include "common/rng.h"
#include "testbed/gen/out.h"
#include "testbed/gen/plan.h"
#include "testbed/gen/profile.h"
#include "testbed/gen/truth.h"
#include "tests/suites.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define NDOM 200u
#define NOW 1700000000 /* 2023-11-14T22:13:20Z */

/* ---- rng: the sequence behind "one seed, one testbed" ----------------- */

/*
 * Expected values from an independent implementation of splitmix64 and
 * xoshiro256** (Blackman and Vigna's reference code), transcribed to
 * Python. The state after seeding with 0 is splitmix64's published first
 * four outputs from 0 (e220a8397b1dcdaf, ...), which checks the seeding.
 */
static const struct {
	uint64_t seed;
	bool stream;
	uint64_t stream_no;
	uint64_t out[4];
	const char *msg;
} rng_vectors[] = {
    {0,
     false,
     0,
     {0x99ec5f36cb75f2b4, 0xbf6e1f784956452a, 0x1a5f849d4933e6e0,
      0x6aa594f1262d2d2c},
     "seed 0"},
    {42,
     false,
     0,
     {0x15780b2e0c2ec716, 0x6104d9866d113a7e, 0xae17533239e499a1,
      0xecb8ad4703b360a1},
     "seed 42"},
    {7,
     true,
     1,
     {0x16cd47cafa1617c5, 0x64c0d3f44a9b8a46, 0, 0},
     "seed 7, stream 1: seed ^ splitmix64(stream)"},
};

START_TEST(test_tbgen_rng_vectors)
{
	struct th_rng r;

	if (rng_vectors[_i].stream)
		th_rng_stream(&r, rng_vectors[_i].seed,
		              rng_vectors[_i].stream_no);
	else
		th_rng_init(&r, rng_vectors[_i].seed);
	if (_i == 0) {
		ck_assert(r.s[0] == 0xe220a8397b1dcdafULL);
		ck_assert(r.s[1] == 0x6e789e6aa1b965f4ULL);
		ck_assert(r.s[2] == 0x06c45d188009454fULL);
		ck_assert(r.s[3] == 0xf88bb8a8724c81ecULL);
	}
	for (int k = 0; k < 4; k++) {
		uint64_t v;

		if (rng_vectors[_i].out[k] == 0)
			break;
		v = th_rng_next(&r);
		ck_assert_msg(v == rng_vectors[_i].out[k],
		              "%s: output %d is %016llx", rng_vectors[_i].msg,
		              k, (unsigned long long)v);
	}
}
END_TEST

/* Same seed, same sequence; another seed, another one. */
START_TEST(test_tbgen_rng_determinism)
{
	struct th_rng a, b, c;
	uint32_t va[50], vb[50];
	int same = 0;

	th_rng_init(&a, 123);
	th_rng_init(&b, 123);
	th_rng_init(&c, 124);
	for (int k = 0; k < 1000; k++) {
		uint64_t x = th_rng_next(&a);

		ck_assert(x == th_rng_next(&b));
		same += x == th_rng_next(&c);
	}
	ck_assert_int_eq(same, 0);
	/* A shuffle from one seed is repeatable too. */
	for (uint32_t k = 0; k < 50; k++)
		va[k] = vb[k] = k;
	th_rng_init(&a, 9);
	th_rng_init(&b, 9);
	th_rng_shuffle(&a, va, 50);
	th_rng_shuffle(&b, vb, 50);
	ck_assert_mem_eq(va, vb, sizeof(va));
}
END_TEST

/* ---- the profile table -------------------------------------------------- */

START_TEST(test_tbgen_profile_table)
{
	uint32_t shares = 0;
	int rest = 0;

	for (unsigned p = 0; p < TBGEN_P__COUNT; p++) {
		const struct tbgen_profile_info *pi = tbgen_profile_info(p);

		ck_assert_ptr_nonnull(pi->name);
		ck_assert_uint_gt(strlen(pi->name), 0);
		ck_assert_str_eq(tbgen_profile_name(p), pi->name);
		ck_assert_msg(strspn(pi->name,
		                     "abcdefghijklmnopqrstuvwxyz"
		                     "0123456789-") == strlen(pi->name),
		              "profile %u: name %s", p, pi->name);
		ck_assert_ptr_nonnull(pi->summary);
		ck_assert_uint_gt(strlen(pi->summary), 0);
		for (unsigned q = 0; q < p; q++)
			ck_assert_msg(strcmp(tbgen_profile_name(q), pi->name) !=
			                  0,
			              "%s named twice", pi->name);
		if (pi->basis_points == 0)
			rest++;
		shares += pi->basis_points;
	}
	/* Exactly the two base profiles take the rest, and the faults
	 * leave them at least half of the domains. */
	ck_assert_int_eq(rest, 2);
	ck_assert_uint_eq(tbgen_profile_info(TBGEN_P_SECURE)->basis_points, 0);
	ck_assert_uint_eq(tbgen_profile_info(TBGEN_P_UNSIGNED)->basis_points,
	                  0);
	ck_assert_uint_gt(shares, 0);
	ck_assert_uint_le(shares, 5000);
	ck_assert_str_eq(tbgen_profile_name(TBGEN_P__COUNT), "?");
	ck_assert_str_eq(tbgen_profile_name((enum tbgen_profile) - 1), "?");
}
END_TEST

/* Signing and DS policies as docs/testbed.md section 4 describes them. */
static const struct {
	enum tbgen_profile p;
	const char *name;
	enum tbgen_signpol sign;
	enum tbgen_dspol ds;
} policy_cases[] = {
    {TBGEN_P_SECURE, "secure", TBGEN_SIGN_ALWAYS, TBGEN_DSPOL_MATCH},
    {TBGEN_P_UNSIGNED, "unsigned", TBGEN_SIGN_NEVER, TBGEN_DSPOL_MATCH},
    {TBGEN_P_ISLAND, "island", TBGEN_SIGN_ALWAYS, TBGEN_DSPOL_NONE},
    {TBGEN_P_DS_MISMATCH, "ds-mismatch", TBGEN_SIGN_ALWAYS,
     TBGEN_DSPOL_WRONG_KEY},
    {TBGEN_P_EXPIRED, "expired-signatures", TBGEN_SIGN_ALWAYS,
     TBGEN_DSPOL_MATCH},
    {TBGEN_P_DS_UNSIGNED, "ds-unsigned", TBGEN_SIGN_NEVER,
     TBGEN_DSPOL_WRONG_KEY},
    {TBGEN_P_NSEC3_SALTED, "nsec3-salted", TBGEN_SIGN_ALWAYS,
     TBGEN_DSPOL_MATCH},
    {TBGEN_P_LAME_FULL, "lame-full", TBGEN_SIGN_EITHER, TBGEN_DSPOL_MATCH},
    {TBGEN_P_EDNS_FORMERR, "edns-formerr", TBGEN_SIGN_NEVER, TBGEN_DSPOL_MATCH},
    {TBGEN_P_EDNS_DROP, "edns-drop", TBGEN_SIGN_NEVER, TBGEN_DSPOL_MATCH},
    {TBGEN_P_TC_ALWAYS, "tc-always", TBGEN_SIGN_EITHER, TBGEN_DSPOL_MATCH},
};

START_TEST(test_tbgen_profile_policy)
{
	const struct tbgen_profile_info *pi =
	    tbgen_profile_info(policy_cases[_i].p);

	ck_assert_str_eq(pi->name, policy_cases[_i].name);
	ck_assert_int_eq(pi->sign, policy_cases[_i].sign);
	ck_assert_int_eq(pi->ds, policy_cases[_i].ds);
}
END_TEST

/* ---- the two testbeds (unchecked fixture) ------------------------------- */

/* truth.tsv read back: cells[row * ncols + col], row 0 the header. */
struct table {
	char *buf;
	char **cells;
	size_t nrows, ncols;
	bool ragged; /* a row with another number of fields */
};

struct world {
	uint64_t seed;
	bool ipv6;
	char dir[40];
	struct tbgen_plan *plan;
	struct table truth;
	int rc; /* first failure of the set-up */
};

static struct world worlds[2] = {
    {1, false, "", NULL, {NULL, NULL, 0, 0, false}, 0},
    {2, true, "", NULL, {NULL, NULL, 0, 0, false}, 0},
};

static struct tbgen_opts
opts_for(uint64_t seed, bool ipv6, const char *dir)
{
	struct tbgen_opts o;

	memset(&o, 0, sizeof(o));
	o.dir = dir;
	o.domains = NDOM;
	o.seed = seed;
	o.ipv6 = ipv6;
	o.instances = 8;
	o.now = NOW;
	o.now_given = true;
	o.jobs = 1;
	return o;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, fp);
		buf[*len] = '\0';
	}
	fclose(fp);
	return buf;
}

/* Split text into lines and tab-separated fields, in place. */
static int
table_parse(struct table *t, char *text)
{
	size_t lines = 0, cap;
	char *p;

	memset(t, 0, sizeof(*t));
	t->buf = text;
	for (p = text; *p; p++)
		lines += *p == '\n';
	if (lines == 0)
		return TH_EINVAL;
	t->ncols = 1;
	for (p = text; *p && *p != '\n'; p++)
		t->ncols += *p == '\t';
	cap = lines * t->ncols;
	t->cells = calloc(cap, sizeof(*t->cells));
	if (t->cells == NULL)
		return TH_ENOMEM;
	p = text;
	for (size_t r = 0; r < lines; r++) {
		size_t c = 0;

		t->cells[r * t->ncols + c++] = p;
		for (; *p != '\n'; p++) {
			if (*p != '\t')
				continue;
			*p = '\0';
			if (c == t->ncols) {
				t->ragged = true;
				continue;
			}
			t->cells[r * t->ncols + c++] = p + 1;
		}
		*p++ = '\0';
		if (c != t->ncols)
			t->ragged = true;
	}
	t->nrows = lines;
	return 0;
}

static void
table_free(struct table *t)
{
	free(t->cells);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

static int
table_col(const struct table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->cells[c], name) == 0)
			return (int)c;
	return -1;
}

/* The cell of domain i (row i + 1); "" when missing. */
static const char *
cell(const struct table *t, uint32_t i, int col)
{
	const char *v;

	if (col < 0 || (size_t)i + 1 >= t->nrows)
		return "";
	v = t->cells[((size_t)i + 1) * t->ncols + (size_t)col];
	return v != NULL ? v : "";
}

static int
world_build(struct world *w)
{
	struct tbgen_opts o;
	char path[TBGEN_PATH_MAX];
	char *text;
	size_t len = 0;
	int rc;

	snprintf(w->dir, sizeof(w->dir), "/tmp/th-tbgen-XXXXXX");
	if (mkdtemp(w->dir) == NULL)
		return TH_EIO;
	o = opts_for(w->seed, w->ipv6, w->dir);
	if ((rc = tbgen_plan_build(&o, &w->plan)) != 0)
		return rc;
	if ((rc = tbgen_truth_write_all(w->plan)) != 0)
		return rc;
	snprintf(path, sizeof(path), "%s/truth.tsv", w->dir);
	if ((text = slurp(path, &len)) == NULL)
		return TH_EIO;
	return table_parse(&w->truth, text);
}

static void
worlds_setup(void)
{
	for (int k = 0; k < 2; k++)
		worlds[k].rc = world_build(&worlds[k]);
}

static void
worlds_teardown(void)
{
	for (int k = 0; k < 2; k++) {
		struct world *w = &worlds[k];

		tbgen_plan_free(w->plan);
		w->plan = NULL;
		table_free(&w->truth);
		if (w->dir[0] != '\0' && tbgen_out_remove_tree(w->dir) != 0)
			fprintf(stderr, "test_tbgen: cannot remove %s\n",
			        w->dir);
		w->dir[0] = '\0';
	}
}

static const struct world *
world(int k)
{
	const struct world *w = &worlds[k];

	ck_assert_msg(w->rc == 0, "seed %llu: set-up failed: %s",
	              (unsigned long long)w->seed, th_errname(w->rc));
	ck_assert_ptr_nonnull(w->plan);
	return w;
}

/* ---- the plan ----------------------------------------------------------- */

static void
assert_same_plan(const struct tbgen_plan *a, const struct tbgen_plan *b)
{
	ck_assert_uint_eq(a->ndom, b->ndom);
	ck_assert_uint_eq(a->nhosts, b->nhosts);
	ck_assert_uint_eq(a->nops, b->nops);
	ck_assert_uint_eq(a->ninst, b->ninst);
	for (uint32_t h = 0; h < a->nhosts; h++) {
		ck_assert_str_eq(a->hosts[h].name, b->hosts[h].name);
		ck_assert_uint_eq(a->hosts[h].slot, b->hosts[h].slot);
		ck_assert_int_eq(a->hosts[h].mode, b->hosts[h].mode);
		ck_assert_uint_eq(a->hosts[h].instance, b->hosts[h].instance);
		ck_assert(a->hosts[h].v6 == b->hosts[h].v6);
	}
	for (uint32_t i = 0; i < a->ndom; i++) {
		const struct tbgen_domain *x = &a->dom[i], *y = &b->dom[i];

		ck_assert_str_eq(x->name, y->name);
		ck_assert_int_eq(x->profile, y->profile);
		ck_assert_uint_eq(x->nns, y->nns);
		for (unsigned k = 0; k < x->nns; k++) {
			ck_assert_int_eq(x->ns[k].kind, y->ns[k].kind);
			ck_assert_uint_eq(x->ns[k].host, y->ns[k].host);
			ck_assert_uint_eq(x->ns[k].child_host,
			                  y->ns[k].child_host);
			ck_assert(x->ns[k].parent == y->ns[k].parent);
			ck_assert(x->ns[k].child == y->ns[k].child);
		}
		ck_assert_uint_eq(x->nserve, y->nserve);
		for (unsigned k = 0; k < x->nserve; k++)
			ck_assert_uint_eq(x->serve[k], y->serve[k]);
		ck_assert_int_eq(x->sec.denial, y->sec.denial);
		ck_assert_uint_eq(x->sec.alg, y->sec.alg);
		ck_assert_uint_eq(x->sec.ksk, y->sec.ksk);
		ck_assert(x->sec.ds == y->sec.ds);
		ck_assert_uint_eq(x->c.serial[0], y->c.serial[0]);
		ck_assert_uint_eq(x->c.timers, y->c.timers);
	}
}

/* The same options twice: the same plan and the same truth.tsv. */
START_TEST(test_tbgen_plan_deterministic)
{
	const struct world *w = world(_i);
	char dir[] = "/tmp/th-tbgen-again-XXXXXX", path[TBGEN_PATH_MAX];
	char p1[TBGEN_PATH_MAX];
	struct tbgen_opts o;
	struct tbgen_plan *again = NULL;
	char *t1, *t2 = NULL;
	size_t l1 = 0, l2 = 0;
	int rc_build, rc_write = -1, rc_rm;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	o = opts_for(w->seed, w->ipv6, dir);
	rc_build = tbgen_plan_build(&o, &again);
	if (rc_build == 0)
		rc_write = tbgen_truth_write_all(again);
	snprintf(path, sizeof(path), "%s/truth.tsv", dir);
	snprintf(p1, sizeof(p1), "%s/nameservers.tsv", dir);
	if (rc_write == 0)
		t2 = slurp(path, &l2);
	/* Remove the folder before any assertion can leave it behind. */
	rc_rm = tbgen_out_remove_tree(dir);
	ck_assert_int_eq(rc_build, 0);
	ck_assert_int_eq(rc_write, 0);
	ck_assert_int_eq(rc_rm, 0);
	ck_assert_int_ne(access(p1, F_OK), 0);
	ck_assert_int_ne(access(dir, F_OK), 0);
	assert_same_plan(w->plan, again);
	ck_assert_ptr_nonnull(t2);
	snprintf(path, sizeof(path), "%s/truth.tsv", w->dir);
	t1 = slurp(path, &l1);
	ck_assert_ptr_nonnull(t1);
	ck_assert_uint_eq(l1, l2);
	ck_assert_int_eq(memcmp(t1, t2, l1), 0);
	free(t1);
	free(t2);
	tbgen_plan_free(again);
}
END_TEST

/* Another seed: other names and another order of profiles. */
START_TEST(test_tbgen_plan_seeds_differ)
{
	struct tbgen_opts o = opts_for(1, true, NULL);
	const struct tbgen_plan *a = world(0)->plan;
	struct tbgen_plan *b = NULL;
	uint32_t names = 0, profiles = 0;

	/*
	 * Seed 1 with --ipv6: only the seed differs from world 1. The
	 * profile order has its own stream; names do not (--ipv6 adds
	 * draws to the operator stream, which moves the hosters' names).
	 */
	ck_assert_int_eq(tbgen_plan_build(&o, &b), 0);
	for (uint32_t i = 0; i < NDOM; i++) {
		const struct tbgen_domain *x = &a->dom[i];
		const struct tbgen_domain *y = &world(1)->plan->dom[i];

		names += strcmp(x->name, y->name) != 0;
		profiles += x->profile != y->profile;
		/* Same seed, other family: the same profiles. */
		ck_assert_int_eq(x->profile, b->dom[i].profile);
	}
	ck_assert_uint_gt(names, NDOM * 9 / 10);
	ck_assert_uint_gt(profiles, NDOM / 4);
	tbgen_plan_free(b);
}
END_TEST

START_TEST(test_tbgen_plan_profiles)
{
	const struct tbgen_plan *p = world(_i)->plan;
	uint32_t count[TBGEN_P__COUNT] = {0};

	ck_assert_uint_eq(p->ndom, NDOM);
	for (uint32_t i = 0; i < p->ndom; i++) {
		ck_assert_uint_lt(p->dom[i].profile, TBGEN_P__COUNT);
		count[p->dom[i].profile]++;
	}
	for (unsigned k = 0; k < TBGEN_P__COUNT; k++)
		ck_assert_msg(count[k] >= 2, "%s: %u domains",
		              tbgen_profile_name(k), count[k]);
	/* The base profiles share the rest (at least half). */
	ck_assert_uint_ge(count[TBGEN_P_SECURE] + count[TBGEN_P_UNSIGNED],
	                  NDOM / 2);
}
END_TEST

START_TEST(test_tbgen_plan_names)
{
	const struct tbgen_plan *p = world(_i)->plan;

	for (uint32_t i = 0; i < p->ndom; i++) {
		const char *n = p->dom[i].name;
		size_t len = strlen(n);

		ck_assert_msg(len > 3 && strcmp(n + len - 3, ".se") == 0,
		              "domain %u: %s", i, n);
		ck_assert_uint_eq(strspn(n, "abcdefghijklmnopqrstuvwxyz"
		                            "0123456789-."),
		                  len);
		for (uint32_t k = 0; k < i; k++)
			ck_assert_msg(strcmp(p->dom[k].name, n) != 0,
			              "%s twice", n);
	}
	for (uint32_t h = 0; h < p->nhosts; h++)
		for (uint32_t k = 0; k < h; k++)
			ck_assert_msg(
			    strcmp(p->hosts[k].name, p->hosts[h].name) != 0,
			    "host %s twice", p->hosts[h].name);
}
END_TEST

/* Every public address unique, inside 127.100/16 or fd00:5e:100::/48. */
START_TEST(test_tbgen_plan_addresses)
{
	const struct world *w = world(_i);
	const struct tbgen_plan *p = w->plan;
	static const uint8_t v6_prefix[12] = {0xfd, 0x00, 0x00,
	                                      0x5e, 0x01, 0x00};
	uint8_t *seen = calloc(65536, 1);
	unsigned n6 = 0;

	ck_assert_ptr_nonnull(seen);
	for (uint32_t h = 0; h < p->nhosts; h++) {
		const struct tbgen_host *host = &p->hosts[h];
		char text[TBGEN_ADDR_MAX];
		struct in_addr a4;
		struct in6_addr a6;
		uint32_t v;

		ck_assert_msg(!seen[host->slot], "%s: slot %04x used twice",
		              host->name, host->slot);
		seen[host->slot] = 1;
		tbgen_plan_addr(host->slot, false, false, text);
		ck_assert_int_eq(inet_pton(AF_INET, text, &a4), 1);
		v = ntohl(a4.s_addr);
		ck_assert_msg((v >> 16) == 0x7f64, "%s: %s", host->name, text);
		ck_assert_uint_eq(v & 0xffff, host->slot);
		ck_assert_uint_ne(v & 0xff, 0);
		ck_assert_uint_ne(v & 0xff, 0xff);
		tbgen_plan_addr(host->slot, false, true, text);
		ck_assert_int_eq(inet_pton(AF_INET, text, &a4), 1);
		ck_assert_uint_eq(ntohl(a4.s_addr), 0x7f650000u | host->slot);
		tbgen_plan_addr(host->slot, true, false, text);
		ck_assert_int_eq(inet_pton(AF_INET6, text, &a6), 1);
		ck_assert_mem_eq(a6.s6_addr, v6_prefix, 12);
		ck_assert_uint_eq(a6.s6_addr[12], 0);
		ck_assert_uint_eq(a6.s6_addr[13], host->slot >> 8);
		ck_assert_uint_eq(a6.s6_addr[14], 0);
		ck_assert_uint_eq(a6.s6_addr[15], host->slot & 0xff);
		ck_assert(!host->v6 || w->ipv6);
		n6 += host->v6;
	}
	/* With --ipv6 the root, the TLD and the largest hosters have it. */
	if (w->ipv6)
		ck_assert_uint_ge(n6, 8 + 3 * 2);
	else
		ck_assert_uint_eq(n6, 0);
	free(seen);
}
END_TEST

/*
 * 2,000 domains: about 100 hosters and 300 hosts, enough to cross from
 * 127.100.2.x into 127.100.3.x; no address ends in .0 or .255.
 */
START_TEST(test_tbgen_plan_addresses_large)
{
	struct tbgen_opts o = opts_for(3, false, NULL);
	struct tbgen_plan *p = NULL;
	uint8_t *seen = calloc(65536, 1);
	unsigned o3_max = 0;

	ck_assert_ptr_nonnull(seen);
	o.domains = 2000;
	ck_assert_int_eq(tbgen_plan_build(&o, &p), 0);
	for (uint32_t h = 0; h < p->nhosts; h++) {
		uint16_t slot = p->hosts[h].slot;

		ck_assert_msg(!seen[slot], "slot %04x twice", slot);
		seen[slot] = 1;
		ck_assert_uint_ne(slot & 0xff, 0);
		ck_assert_uint_ne(slot & 0xff, 0xff);
		ck_assert_uint_ne(slot >> 8, 0xff);
		if ((unsigned)(slot >> 8) > o3_max)
			o3_max = slot >> 8;
	}
	ck_assert_uint_ge(o3_max, 3);
	tbgen_plan_free(p);
	free(seen);
}
END_TEST

/*
 * Every NS of a domain points at a real host, the serving instances exist,
 * and truth.tsv's ns.count is the number of NS names at the parent.
 */
START_TEST(test_tbgen_plan_links)
{
	const struct world *w = world(_i);
	const struct tbgen_plan *p = w->plan;
	int c_count = table_col(&w->truth, "ns.count");

	ck_assert_int_ge(c_count, 0);
	for (uint32_t i = 0; i < p->ndom; i++) {
		const struct tbgen_domain *d = &p->dom[i];
		unsigned parent = 0;
		char want[16];

		ck_assert_uint_ge(d->nns, 1);
		ck_assert_uint_le(d->nns, TBGEN_NS_MAX);
		for (unsigned k = 0; k < d->nns; k++) {
			parent += d->ns[k].parent;
			if (d->ns[k].kind == TBGEN_NS_NXNAME)
				continue;
			ck_assert_uint_lt(d->ns[k].host, p->nhosts);
			ck_assert_uint_lt(d->ns[k].child_host, p->nhosts);
		}
		ck_assert_uint_ge(parent, 1);
		snprintf(want, sizeof(want), "%u", parent);
		ck_assert_str_eq(cell(&w->truth, i, c_count), want);
		for (unsigned k = 0; k < d->nserve; k++)
			ck_assert_uint_lt(d->serve[k], p->ninst);
	}
}
END_TEST

/*
 * lame-refused: exactly one NS is the first host of an NSD instance that
 * does not load the zone; its address is in the truth row as REFUSED, and
 * at least one other NS serves the zone.
 */
START_TEST(test_tbgen_plan_lame_refused)
{
	const struct world *w = world(_i);
	const struct tbgen_plan *p = w->plan;
	int c_addr = table_col(&w->truth, "ns.addresses");
	int c_srv = table_col(&w->truth, "servers");
	unsigned seen = 0;

	ck_assert_int_ge(c_addr, 0);
	ck_assert_int_ge(c_srv, 0);
	for (uint32_t i = 0; i < p->ndom; i++) {
		const struct tbgen_domain *d = &p->dom[i];
		unsigned lame = 0, serving = 0;

		if (d->profile != TBGEN_P_LAME_REFUSED)
			continue;
		seen++;
		for (unsigned k = 0; k < d->nns; k++) {
			const struct tbgen_host *h = &p->hosts[d->ns[k].host];
			char addr[TBGEN_ADDR_MAX], want[TBGEN_ADDR_MAX + 16];

			ck_assert_int_eq(d->ns[k].kind, TBGEN_NS_HOST);
			ck_assert_int_eq(h->server, TBGEN_SERVER_NSD);
			if (tbgen_plan_serves(d, h->instance, NULL)) {
				serving++;
				continue;
			}
			lame++;
			ck_assert_uint_eq(d->ns[k].host, p->ops[h->op].host0);
			ck_assert(d->ns[k].parent && d->ns[k].child);
			tbgen_plan_addr(h->slot, false, false, addr);
			ck_assert_msg(
			    strstr(cell(&w->truth, i, c_addr), addr) != NULL,
			    "%s: %s not in ns.addresses", d->name, addr);
			snprintf(want, sizeof(want), "/%s=REFUSED", addr);
			ck_assert_msg(strstr(cell(&w->truth, i, c_srv), want) !=
			                  NULL,
			              "%s: no %s in servers: %s", d->name, want,
			              cell(&w->truth, i, c_srv));
		}
		ck_assert_msg(lame == 1, "%s: %u lame NS", d->name, lame);
		ck_assert_uint_ge(serving, 1);
	}
	ck_assert_uint_ge(seen, 2);
}
END_TEST

/* Structure of the other delegation profiles, from the plan itself. */
START_TEST(test_tbgen_plan_delegations)
{
	const struct tbgen_plan *p = world(_i)->plan;

	for (uint32_t i = 0; i < p->ndom; i++) {
		const struct tbgen_domain *d = &p->dom[i];
		unsigned nx = 0, black = 0;

		for (unsigned k = 0; k < d->nns; k++) {
			nx += d->ns[k].kind == TBGEN_NS_NXNAME;
			black += d->ns[k].kind != TBGEN_NS_NXNAME &&
			         p->hosts[d->ns[k].host].mode ==
			             TBGEN_MODE_BLACKHOLE;
		}
		switch (d->profile) {
		case TBGEN_P_LAME_FULL:
			ck_assert_uint_eq(d->nserve, 0);
			ck_assert(!tbgen_plan_zone_served(d));
			break;
		case TBGEN_P_UNREACH_FULL:
			ck_assert_uint_eq(d->nns, 2);
			ck_assert_uint_eq(black, 2);
			break;
		case TBGEN_P_UNREACH_PARTIAL:
			ck_assert_uint_eq(black, 1);
			ck_assert_uint_gt(d->nns, 1);
			break;
		case TBGEN_P_NS_NXDOMAIN:
			ck_assert_uint_eq(nx, 1);
			break;
		case TBGEN_P_SINGLE_NS:
			ck_assert_uint_eq(d->nns, 1);
			break;
		case TBGEN_P_SOA_DRIFT:
			ck_assert_uint_eq(d->nserve, 2);
			ck_assert_uint_ne(d->serve[0], d->serve[1]);
			ck_assert(d->drift);
			ck_assert_uint_ge(d->c.serial[1], d->c.serial[0] + 1);
			ck_assert_uint_le(d->c.serial[1], d->c.serial[0] + 5);
			break;
		case TBGEN_P_NSEC3_SALTED:
			ck_assert_uint_eq(d->sec.salt_len, 8);
			break;
		case TBGEN_P_DS_MISMATCH:
			ck_assert(d->sec.ds);
			ck_assert_uint_ne(d->sec.ds_key, d->sec.ksk);
			break;
		default:
			ck_assert_uint_eq(black, 0);
			ck_assert_uint_eq(nx, 0);
			break;
		}
	}
}
END_TEST

/* ---- the truth file ----------------------------------------------------- */

START_TEST(test_tbgen_truth_shape)
{
	const struct world *w = world(_i);
	const struct table *t = &w->truth;
	int c_dom = table_col(t, "domain"), c_prof = table_col(t, "profile");

	ck_assert(!t->ragged);
	ck_assert_uint_eq(t->nrows, NDOM + 1);
	ck_assert_uint_eq(t->ncols, 36); /* docs/testbed.md section 6 */
	ck_assert_int_eq(c_dom, 0);
	ck_assert_int_eq(c_prof, 1);
	ck_assert_int_eq(table_col(t, "no such column"), -1);
	for (uint32_t i = 0; i < NDOM; i++) {
		ck_assert_str_eq(cell(t, i, c_dom), w->plan->dom[i].name);
		ck_assert_str_eq(cell(t, i, c_prof),
		                 tbgen_profile_name(w->plan->dom[i].profile));
	}
}
END_TEST

/*
 * Facts a correct survey finds, per profile (docs/testbed.md sections 4
 * and 6). want: a value, alternatives "a|b", or "~text": the cell
 * contains text. Every domain of the profile, in both testbeds, must
 * match.
 */
static const struct {
	enum tbgen_profile p;
	const char *col;
	const char *want;
} facts[] = {
    {TBGEN_P_SECURE, "dnssec.status", "secure"},
    {TBGEN_P_SECURE, "dnssec.bogus_reason", "-"},
    {TBGEN_P_SECURE, "dnssec.denial", "nsec|nsec3"},
    {TBGEN_P_SECURE, "dnssec.nsec3_iterations", "0|-"},
    {TBGEN_P_SECURE, "dnssec.nsec3_salt", "none|-"},
    {TBGEN_P_SECURE, "dnssec.earliest_expiry", "2023-12-14T22:13:20Z"},
    {TBGEN_P_SECURE, "delegation.lame", "none"},
    {TBGEN_P_SECURE, "delegation.unreachable", "none"},
    {TBGEN_P_SECURE, "delegation.ns_match", "yes"},
    {TBGEN_P_SECURE, "soa.consistent", "yes"},
    {TBGEN_P_SECURE, "edns.class", "ok"},
    {TBGEN_P_SECURE, "tcp", "yes"},
    {TBGEN_P_SECURE, "udp.truncated", "no"},
    {TBGEN_P_SECURE, "open_recursion", "no"},
    {TBGEN_P_SECURE, "rrl", "no"},
    {TBGEN_P_SECURE, "slow", "no"},
    {TBGEN_P_UNSIGNED, "dnssec.status", "unsigned"},
    {TBGEN_P_UNSIGNED, "dnssec.ds_digest_types", "-"},
    {TBGEN_P_UNSIGNED, "dnssec.denial", "none"},
    {TBGEN_P_UNSIGNED, "dnssec.algorithms", "-"},
    {TBGEN_P_UNSIGNED, "dnssec.earliest_expiry", "-"},
    {TBGEN_P_ISLAND, "dnssec.status", "island"},
    {TBGEN_P_ISLAND, "dnssec.ds_digest_types", "-"},
    {TBGEN_P_DS_MISMATCH, "dnssec.status", "bogus"},
    {TBGEN_P_DS_MISMATCH, "dnssec.bogus_reason", "ds_no_match"},
    {TBGEN_P_EXPIRED, "dnssec.status", "bogus"},
    {TBGEN_P_EXPIRED, "dnssec.bogus_reason", "sig_expired"},
    {TBGEN_P_EXPIRED, "dnssec.earliest_expiry", "2023-11-13T22:13:20Z"},
    {TBGEN_P_DS_UNSIGNED, "dnssec.status", "bogus"},
    {TBGEN_P_DS_UNSIGNED, "dnssec.bogus_reason", "no_dnskey"},
    {TBGEN_P_DS_UNSIGNED, "dnssec.denial", "none"},
    {TBGEN_P_NSEC3_SALTED, "dnssec.status", "secure"},
    {TBGEN_P_NSEC3_SALTED, "dnssec.denial", "nsec3"},
    {TBGEN_P_NSEC3_SALTED, "dnssec.nsec3_iterations", "10"},
    {TBGEN_P_NSEC3_SALTED, "dnssec.nsec3_optout", "no"},
    {TBGEN_P_NSEC3_ITER100, "dnssec.status", "secure"},
    {TBGEN_P_NSEC3_ITER100, "dnssec.nsec3_iterations", "100"},
    {TBGEN_P_NSEC3_ITER100, "dnssec.nsec3_salt", "none"},
    {TBGEN_P_NSEC3_OPTOUT, "dnssec.status", "secure"},
    {TBGEN_P_NSEC3_OPTOUT, "dnssec.nsec3_optout", "yes"},
    {TBGEN_P_NSEC3_OPTOUT, "dnssec.nsec3_iterations", "0"},
    {TBGEN_P_NSEC3_OPTOUT, "dnssec.nsec3_salt", "none"},
    {TBGEN_P_LAME_REFUSED, "delegation.lame", "partial"},
    {TBGEN_P_LAME_REFUSED, "delegation.unreachable", "none"},
    {TBGEN_P_LAME_REFUSED, "dnssec.status", "secure|unsigned"},
    {TBGEN_P_LAME_REFUSED, "servers", "~=REFUSED"},
    {TBGEN_P_LAME_NOAA, "delegation.lame", "partial"},
    {TBGEN_P_LAME_NOAA, "servers", "~noaa-dns.net/"},
    {TBGEN_P_LAME_NOAA, "servers", "~=NOAA"},
    {TBGEN_P_LAME_FULL, "delegation.lame", "full"},
    {TBGEN_P_LAME_FULL, "delegation.unreachable", "none"},
    {TBGEN_P_LAME_FULL, "dnssec.status", "indeterminate"},
    {TBGEN_P_LAME_FULL, "dnssec.denial", "-"},
    {TBGEN_P_LAME_FULL, "delegation.ns_child", "-"},
    {TBGEN_P_LAME_FULL, "soa.timers", "-"},
    {TBGEN_P_LAME_FULL, "mail.mx", "-"},
    {TBGEN_P_LAME_FULL, "edns.class", "-"},
    {TBGEN_P_UNREACH_PARTIAL, "delegation.unreachable", "partial"},
    {TBGEN_P_UNREACH_PARTIAL, "delegation.lame", "none"},
    {TBGEN_P_UNREACH_PARTIAL, "servers", "~blackhole-dns.net/"},
    {TBGEN_P_UNREACH_PARTIAL, "servers", "~=TIMEOUT"},
    {TBGEN_P_UNREACH_FULL, "delegation.unreachable", "full"},
    {TBGEN_P_UNREACH_FULL, "delegation.lame", "none"},
    {TBGEN_P_UNREACH_FULL, "dnssec.status", "indeterminate"},
    {TBGEN_P_NS_MISMATCH, "delegation.ns_match", "no"},
    {TBGEN_P_NS_MISMATCH, "delegation.lame", "none"},
    {TBGEN_P_NS_MISMATCH, "delegation.ns_child", "~ns9."},
    {TBGEN_P_SOA_DRIFT, "soa.consistent", "no"},
    {TBGEN_P_SOA_DRIFT, "soa.serials", "~,"},
    {TBGEN_P_SOA_DRIFT, "delegation.lame", "none"},
    {TBGEN_P_SINGLE_NS, "ns.count", "1"},
    {TBGEN_P_GLUE_MISMATCH, "delegation.lame", "none"},
    {TBGEN_P_GLUE_MISMATCH, "delegation.ns_match", "yes"},
    {TBGEN_P_NS_CNAME, "delegation.lame", "none"},
    {TBGEN_P_NS_CNAME, "servers", "~=CNAME"},
    {TBGEN_P_NS_NXDOMAIN, "delegation.unreachable", "partial"},
    {TBGEN_P_NS_NXDOMAIN, "servers", "~-lapsed.net/-=UNKNOWN_HOST"},
    {TBGEN_P_OPEN_RECURSIVE, "open_recursion", "yes"},
    {TBGEN_P_OPEN_AXFR, "axfr", "yes"},
    {TBGEN_P_NO_TCP, "tcp", "no"},
    {TBGEN_P_EDNS_FORMERR, "edns.class", "formerr"},
    {TBGEN_P_EDNS_FORMERR, "dnssec.status", "unsigned"},
    {TBGEN_P_EDNS_DROP, "edns.class", "drop"},
    {TBGEN_P_EDNS_DROP, "dnssec.status", "unsigned"},
    {TBGEN_P_EDNS1_IGNORE, "edns.class", "ignores-version"},
    {TBGEN_P_TC_ALWAYS, "udp.truncated", "yes"},
    {TBGEN_P_RATELIMITED, "rrl", "yes"},
    {TBGEN_P_SLOW, "slow", "yes"},
    {TBGEN_P_HOSTILE_STRINGS, "dnssec.status", "secure|unsigned"},
    {TBGEN_P_HOSTILE_STRINGS, "delegation.lame", "none"},
};

static bool
fact_matches(const char *v, const char *want)
{
	size_t n = strlen(v);

	if (want[0] == '~')
		return strstr(v, want + 1) != NULL;
	for (const char *p = want;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar != NULL ? (size_t)(bar - p) : strlen(p);

		if (len == n && strncmp(p, v, n) == 0)
			return true;
		if (bar == NULL)
			return false;
		p = bar + 1;
	}
}

START_TEST(test_tbgen_truth_facts)
{
	for (int k = 0; k < 2; k++) {
		const struct world *w = world(k);
		int col = table_col(&w->truth, facts[_i].col);
		unsigned n = 0;

		ck_assert_msg(col >= 0, "no column %s", facts[_i].col);
		for (uint32_t i = 0; i < w->plan->ndom; i++) {
			const char *v;

			if (w->plan->dom[i].profile != facts[_i].p)
				continue;
			n++;
			v = cell(&w->truth, i, col);
			ck_assert_msg(fact_matches(v, facts[_i].want),
			              "seed %llu, %s (%s): %s is \"%s\", want "
			              "\"%s\"",
			              (unsigned long long)w->seed,
			              w->plan->dom[i].name,
			              tbgen_profile_name(facts[_i].p),
			              facts[_i].col, v, facts[_i].want);
		}
		ck_assert_msg(n >= 2, "seed %llu: %u %s domains",
		              (unsigned long long)w->seed, n,
		              tbgen_profile_name(facts[_i].p));
	}
}
END_TEST

/* The matcher itself, so that a lax matcher cannot hide a wrong fact. */
START_TEST(test_tbgen_fact_matcher)
{
	ck_assert(fact_matches("secure", "secure"));
	ck_assert(!fact_matches("secur", "secure"));
	ck_assert(!fact_matches("securex", "secure"));
	ck_assert(fact_matches("unsigned", "secure|unsigned"));
	ck_assert(!fact_matches("island", "secure|unsigned"));
	ck_assert(!fact_matches("", "secure|unsigned"));
	ck_assert(fact_matches("a,b=REFUSED", "~=REFUSED"));
	ck_assert(!fact_matches("a,b=AA", "~=REFUSED"));
}
END_TEST

/* IPv6 twins: the misbehaving operators' hosts listen on both families. */
START_TEST(test_tbgen_truth_ipv6)
{
	for (int k = 0; k < 2; k++) {
		const struct world *w = world(k);
		int c4 = table_col(&w->truth, "ns.ipv4");
		int c6 = table_col(&w->truth, "ns.ipv6");
		unsigned n = 0;

		for (uint32_t i = 0; i < w->plan->ndom; i++) {
			if (w->plan->dom[i].profile != TBGEN_P_NO_TCP &&
			    w->plan->dom[i].profile != TBGEN_P_EDNS_DROP)
				continue;
			n++;
			ck_assert_str_eq(cell(&w->truth, i, c4), "2");
			ck_assert_str_eq(cell(&w->truth, i, c6),
			                 w->ipv6 ? "2" : "0");
		}
		ck_assert_uint_ge(n, 4);
	}
}
END_TEST

/* ---- options ------------------------------------------------------------ */

static const struct {
	uint32_t domains, instances;
	double loss;
	const char *msg;
} bad_opts[] = {
    {0, 8, 0, "no domains"},
    {TBGEN_MAX_DOMAINS + 1, 8, 0, "too many domains"},
    {10, 1, 0, "one instance: lame servers need two"},
    {10, TBGEN_MAX_INSTANCES + 1, 0, "too many instances"},
    {10, 8, -1, "negative loss"},
    {10, 8, 100.5, "loss over 100"},
};

START_TEST(test_tbgen_plan_bad_opts)
{
	struct tbgen_opts o = opts_for(1, false, NULL);
	struct tbgen_plan *p = (struct tbgen_plan *)&o;
	int rc, saved, devnull = open("/dev/null", O_WRONLY);

	ck_assert_int_ge(devnull, 0);

	o.domains = bad_opts[_i].domains;
	o.instances = bad_opts[_i].instances;
	o.loss_pct = bad_opts[_i].loss;
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(devnull, STDERR_FILENO), 0);
	rc = tbgen_plan_build(&o, &p);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(devnull);
	ck_assert_msg(rc == TH_EINVAL, "%s: %s", bad_opts[_i].msg,
	              th_errname(rc));
	ck_assert_ptr_null(p);
	tbgen_plan_free(NULL);
}
END_TEST

Suite *
suite_tbgen(void)
{
	Suite *s = suite_create("tbgen");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_unchecked_fixture(pos, worlds_setup, worlds_teardown);
	tcase_set_timeout(pos, 60);
	tcase_add_loop_test(pos, test_tbgen_rng_vectors, 0,
	                    N_ELEMS(rng_vectors));
	tcase_add_test(pos, test_tbgen_rng_determinism);
	tcase_add_test(pos, test_tbgen_profile_table);
	tcase_add_loop_test(pos, test_tbgen_profile_policy, 0,
	                    N_ELEMS(policy_cases));
	tcase_add_loop_test(pos, test_tbgen_plan_deterministic, 0, 2);
	tcase_add_test(pos, test_tbgen_plan_seeds_differ);
	tcase_add_loop_test(pos, test_tbgen_plan_profiles, 0, 2);
	tcase_add_loop_test(pos, test_tbgen_plan_names, 0, 2);
	tcase_add_loop_test(pos, test_tbgen_plan_addresses, 0, 2);
	tcase_add_test(pos, test_tbgen_plan_addresses_large);
	tcase_add_loop_test(pos, test_tbgen_plan_links, 0, 2);
	tcase_add_loop_test(pos, test_tbgen_plan_lame_refused, 0, 2);
	tcase_add_loop_test(pos, test_tbgen_plan_delegations, 0, 2);
	tcase_add_loop_test(pos, test_tbgen_truth_shape, 0, 2);
	tcase_add_test(pos, test_tbgen_fact_matcher);
	tcase_add_loop_test(pos, test_tbgen_truth_facts, 0, N_ELEMS(facts));
	tcase_add_test(pos, test_tbgen_truth_ipv6);

	tcase_add_loop_test(neg, test_tbgen_plan_bad_opts, 0,
	                    N_ELEMS(bad_opts));

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
