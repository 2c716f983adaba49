/* SPDX-License-Identifier: BSD-3-Clause */
/* plan.c -- decide servers, operators, addresses and domains (see plan.h). */
#include "testbed/gen/plan.h"

#include "common/err.h"
#include "common/log.h"
#include "testbed/gen/dnssec.h"
#include "common/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Random streams, one per concern (see rng.h). Per-domain streams mix the
 * domain's index in, so domain i's set-up does not depend on the others.
 */
enum {
	STREAM_OPS = 1,
	STREAM_NAMES,
	STREAM_PROFILES,
	STREAM_HOSTING,
	STREAM_DNSSEC,
	STREAM_CONTENT,
};

#define STREAM_DOMAIN(s, i) (((uint64_t)(s) << 32) | (uint64_t)(i))

/* Syllables for Swedish-looking names; fictional by construction. */
static const char *const name_pre[] = {
    "al",    "ang",   "ask",   "back",  "berg", "bjork", "bred", "by",
    "dal",   "djur",  "ek",    "fager", "falk", "fjall", "fors", "gard",
    "gran",  "gull",  "hag",   "hav",   "hed",  "hjort", "holm", "is",
    "kall",  "klint", "kulle", "kvarn", "lid",  "lind",  "lo",   "lund",
    "malm",  "mark",  "myr",   "mos",   "nas",  "norr",  "ny",   "ost",
    "rav",   "ros",   "sal",   "sand",  "sjo",  "skog",  "sol",  "sten",
    "strom", "sund",  "tall",  "torp",  "trad", "udd",   "ulv",  "varm",
    "vass",  "vik",   "as",    "ljung", "rag",  "hult",  "hem",  "bro",
};

static const char *const name_suf[] = {
    "berg",  "by",    "dal",  "fors",  "gard", "hamn",   "holm",
    "lund",  "mark",  "nas",  "sjo",   "vik",  "torp",   "ang",
    "backa", "kulla", "stad", "vall",  "hult", "strand", "aker",
    "bo",    "ryd",   "rum",  "sater", "tuna", "lycke",  "udden",
};

static const char *const name_trade[] = {
    "bygg",        "el",      "vvs",      "data",      "konsult",   "design",
    "foto",        "frisor",  "bil",      "mat",       "cafe",      "media",
    "redovisning", "advokat", "tandvard", "fastighet", "transport", "tradgard",
    "musik",       "konst",   "hotell",   "camping",   "sport",     "golf",
    "it",          "shop",    "event",    "bageri",    "resor",     "maleri",
};

static const char *const op_word[] = {
    "dns", "host",    "net",    "web",    "data",  "cloud",
    "it",  "hosting", "server", "domain", "drift", "nat",
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The operators whose every host misbehaves in one way. */
static const struct special_row {
	enum tbgen_op_kind kind;
	const char *name;
	enum tbgen_mode mode;
	uint32_t delay_ms;
	enum tbgen_server server;
	enum tbgen_inst_kind inst;
} special_ops[] = {
    {TBGEN_OP_BLACKHOLE, "blackhole-dns", TBGEN_MODE_BLACKHOLE, 0,
     TBGEN_SERVER_NONE, TBGEN_INST_FAULT},
    {TBGEN_OP_NOAA, "noaa-dns", TBGEN_MODE_NOAA, 0, TBGEN_SERVER_NSD,
     TBGEN_INST_FAULT},
    {TBGEN_OP_NOTCP, "notcp-dns", TBGEN_MODE_NOTCP, 0, TBGEN_SERVER_NSD,
     TBGEN_INST_FAULT},
    {TBGEN_OP_FORMERR, "formerr-dns", TBGEN_MODE_EDNS_FORMERR, 0,
     TBGEN_SERVER_NSD, TBGEN_INST_FAULT},
    {TBGEN_OP_EDNSDROP, "ednsdrop-dns", TBGEN_MODE_EDNS_DROP, 0,
     TBGEN_SERVER_NSD, TBGEN_INST_FAULT},
    {TBGEN_OP_EDNS1, "edns1-dns", TBGEN_MODE_EDNS1_IGNORE, 0, TBGEN_SERVER_NSD,
     TBGEN_INST_FAULT},
    {TBGEN_OP_TC, "tcalways-dns", TBGEN_MODE_TC_ALWAYS, 0, TBGEN_SERVER_NSD,
     TBGEN_INST_FAULT},
    {TBGEN_OP_SLOW, "slow-dns", TBGEN_MODE_FORWARD, 800, TBGEN_SERVER_NSD,
     TBGEN_INST_FAULT},
    {TBGEN_OP_RRL, "rrl-dns", TBGEN_MODE_DIRECT, 0, TBGEN_SERVER_NSD,
     TBGEN_INST_RRL},
    {TBGEN_OP_OPENRES, "openres-dns", TBGEN_MODE_DIRECT, 0,
     TBGEN_SERVER_UNBOUND, TBGEN_INST_FAULT},
};

#define SPECIAL_HOSTS 2 /* hosts of each misbehaving operator */

/* The root and TLD servers: name, slot, which TLD's servers. */
static const struct {
	const char *name;
	uint16_t slot;
	bool root;
} infra_hosts[] = {
    {"a.root-servers.net", 0x0001, true},
    {"b.root-servers.net", 0x0002, true},
    {"c.root-servers.net", 0x0003, true},
    {"a.ns.se", 0x0101, false},
    {"b.ns.se", 0x0102, false},
    {"c.ns.tldnic.net", 0x0103, false},
    {"a.gtld-servers.net", 0x010b, false},
    {"b.gtld-servers.net", 0x010c, false},
};

#define N_ROOT_HOSTS 3u
#define FIRST_OP_SLOT 0x0201u
#define LAST_OP_SLOT 0xfefeu

static const char *const mode_names[] = {
    [TBGEN_MODE_DIRECT] = "",
    [TBGEN_MODE_FORWARD] = "forward",
    [TBGEN_MODE_BLACKHOLE] = "blackhole",
    [TBGEN_MODE_NOTCP] = "notcp",
    [TBGEN_MODE_NOAA] = "noaa",
    [TBGEN_MODE_EDNS_FORMERR] = "edns-formerr",
    [TBGEN_MODE_EDNS_DROP] = "edns-drop",
    [TBGEN_MODE_EDNS1_IGNORE] = "edns1-ignore",
    [TBGEN_MODE_TC_ALWAYS] = "tc-always",
};

_Static_assert(N_ELEMS(mode_names) == TBGEN_MODE__COUNT,
               "one relay keyword per mode");

/* Digest-type mixes for DS records, per mille. */
static const struct {
	unsigned digests;
	uint32_t weight;
} digest_mix[] = {
    {TBGEN_DIGEST_SHA256, 850},
    {TBGEN_DIGEST_SHA1 | TBGEN_DIGEST_SHA256, 80},
    {TBGEN_DIGEST_SHA1, 40},
    {TBGEN_DIGEST_SHA384, 30},
};

/* ---- a set of names, to keep generated names unique ------------------ */

struct nameset {
	uint64_t *v; /* FNV-1a hashes, 0 = empty */
	size_t cap;  /* power of two */
};

static int
nameset_init(struct nameset *s, size_t expected)
{
	s->cap = 1024;
	while (s->cap < expected * 2)
		s->cap <<= 1;
	s->v = calloc(s->cap, sizeof(*s->v));
	return s->v != NULL ? 0 : TH_ENOMEM;
}

static uint64_t
nameset_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h != 0 ? h : 1;
}

/* Add a name; false when it (or a name with the same hash) is present. */
static bool
nameset_add(struct nameset *s, const char *name)
{
	uint64_t h = nameset_hash(name);
	size_t i = (size_t)h & (s->cap - 1);

	while (s->v[i] != 0) {
		if (s->v[i] == h)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->v[i] = h;
	return true;
}

/* ---- helpers ------------------------------------------------------------ */

void
tbgen_plan_addr(uint16_t slot, bool v6, bool backend, char *buf)
{
	unsigned o3 = slot >> 8, o4 = slot & 0xffu;

	if (v6)
		snprintf(buf, TBGEN_ADDR_MAX, "fd00:5e:%s::%x:%x",
		         backend ? "101" : "100", o3, o4);
	else
		snprintf(buf, TBGEN_ADDR_MAX, "127.%s.%u.%u",
		         backend ? "101" : "100", o3, o4);
}

bool
tbgen_plan_host_relayed(const struct tbgen_host *h)
{
	return h->mode != TBGEN_MODE_DIRECT;
}

const char *
tbgen_plan_mode_name(enum tbgen_mode mode)
{
	return (unsigned)mode < TBGEN_MODE__COUNT ? mode_names[mode] : "";
}

void
tbgen_plan_ns_name(const struct tbgen_plan *plan, const struct tbgen_domain *d,
                   const struct tbgen_ns *ns, char *buf)
{
	const struct tbgen_host *h = &plan->hosts[ns->host];
	char label[TBGEN_NAME_MAX];
	size_t n;

	switch (ns->kind) {
	case TBGEN_NS_HOST:
		snprintf(buf, TBGEN_NAME_MAX, "%s", h->name);
		break;
	case TBGEN_NS_VANITY:
		snprintf(buf, TBGEN_NAME_MAX, "ns%u.%.55s", ns->num, d->name);
		break;
	case TBGEN_NS_ALIAS:
		snprintf(buf, TBGEN_NAME_MAX, "dns.%.58s",
		         plan->ops[h->op].home);
		break;
	case TBGEN_NS_NXNAME:
		/* The first label of the domain; "-lapsed" never occurs in
		 * an operator's name, so the name cannot exist. */
		n = strcspn(d->name, ".");
		if (n >= sizeof(label))
			n = sizeof(label) - 1;
		memcpy(label, d->name, n);
		label[n] = '\0';
		snprintf(buf, TBGEN_NAME_MAX, "ns1.%.40s-lapsed.net", label);
		break;
	}
}

bool
tbgen_plan_serves(const struct tbgen_domain *d, uint32_t inst,
                  unsigned *version)
{
	for (unsigned i = 0; i < d->nserve; i++) {
		if (d->serve[i] == inst) {
			if (version != NULL)
				*version = (d->drift && i == 1) ? 2 : 1;
			return true;
		}
	}
	return false;
}

bool
tbgen_plan_zone_served(const struct tbgen_domain *d)
{
	return d->nserve > 0 || d->unbound_host != TBGEN_NONE;
}

void
tbgen_plan_free(struct tbgen_plan *plan)
{
	if (plan == NULL)
		return;
	free(plan->ops);
	free(plan->hosts);
	free(plan->inst);
	free(plan->dom);
	free(plan);
}

/* ---- building ----------------------------------------------------------- */

/* State used only while building. */
struct build {
	struct tbgen_plan *p;
	struct nameset names;
	uint64_t *zcum; /* cumulative Zipf weights of the normal operators */
	uint64_t ztotal;
	uint32_t op_normal0; /* index of the largest normal operator */
	uint32_t next_slot;
};

static int
next_slot(struct build *b, uint16_t *slot)
{
	/* Skip .0 and .255 so that no address looks like a network or
	 * broadcast address to a tool that cares. */
	while ((b->next_slot & 0xffu) == 0 || (b->next_slot & 0xffu) == 0xff)
		b->next_slot++;
	if (b->next_slot > LAST_OP_SLOT)
		return TH_ETOOBIG;
	*slot = (uint16_t)b->next_slot++;
	return 0;
}

static int
add_host(struct build *b, uint32_t op, const char *name, uint16_t slot, bool v6)
{
	struct tbgen_plan *p = b->p;
	struct tbgen_host *h = &p->hosts[p->nhosts++];

	memset(h, 0, sizeof(*h));
	snprintf(h->name, sizeof(h->name), "%s", name);
	h->slot = slot;
	h->v6 = v6;
	h->op = op;
	h->mode = TBGEN_MODE_DIRECT;
	h->server = TBGEN_SERVER_NSD;
	h->instance = p->ops[op].instance;
	h->unbound = TBGEN_NONE;
	return 0;
}

/* Hosts an operator runs: the big ones more, as in real hosting. */
static uint32_t
normal_host_count(struct th_rng *r, uint32_t rank)
{
	if (rank < 3)
		return 4;
	if (rank < 10)
		return 3;
	return th_rng_permille(r, 200) ? 3 : 2;
}

static void
gen_op_name(struct th_rng *r, struct nameset *set, char *out)
{
	char a[TBGEN_NAME_MAX], b[TBGEN_NAME_MAX];

	for (unsigned attempt = 0;; attempt++) {
		const char *pre = name_pre[th_rng_below(r, N_ELEMS(name_pre))];
		const char *w = op_word[th_rng_below(r, N_ELEMS(op_word))];

		if (attempt < 8)
			snprintf(out, TBGEN_NAME_MAX, "%s%s", pre, w);
		else
			snprintf(out, TBGEN_NAME_MAX, "%s%s%u", pre, w,
			         attempt);
		/* Reserve the name under both TLDs: an operator "vikdns"
		 * and a customer "vikdns.se" would only confuse readers. */
		snprintf(a, sizeof(a), "%.40s.net", out);
		snprintf(b, sizeof(b), "%.40s.se", out);
		if (nameset_add(set, a)) {
			(void)nameset_add(set, b);
			return;
		}
	}
}

static void
gen_domain_name(struct th_rng *r, struct nameset *set, char *out)
{
	char base[TBGEN_NAME_MAX];

	for (unsigned attempt = 0;; attempt++) {
		const char *pre = name_pre[th_rng_below(r, N_ELEMS(name_pre))];
		const char *suf = name_suf[th_rng_below(r, N_ELEMS(name_suf))];
		const char *trade =
		    name_trade[th_rng_below(r, N_ELEMS(name_trade))];
		uint32_t pattern = th_rng_below(r, 100);

		if (pattern < 40)
			snprintf(base, sizeof(base), "%s%s", pre, suf);
		else if (pattern < 70)
			snprintf(base, sizeof(base), "%s%s-%s", pre, suf,
			         trade);
		else if (pattern < 85)
			snprintf(base, sizeof(base), "%s-%s%s", trade, pre,
			         suf);
		else
			snprintf(base, sizeof(base), "%s%s%u", pre, suf,
			         2 + th_rng_below(r, 98));
		if (attempt < 6)
			snprintf(out, TBGEN_NAME_MAX, "%.48s.se", base);
		else
			snprintf(out, TBGEN_NAME_MAX, "%.48s-%u.se", base,
			         th_rng_below(r, 100000));
		if (nameset_add(set, out))
			return;
	}
}

/* A normal operator drawn by size: the Zipf-like share of the market. */
static uint32_t
pick_op(struct build *b, struct th_rng *r)
{
	uint64_t x = th_rng_next(r) % b->ztotal;
	uint32_t lo = 0, hi = b->p->nnormal - 1;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (b->zcum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return b->op_normal0 + lo;
}

/* A normal operator whose NSD instance is none of the given ones. */
static uint32_t
pick_op_elsewhere(struct build *b, struct th_rng *r, const uint32_t *avoid,
                  unsigned navoid)
{
	const struct tbgen_plan *p = b->p;

	for (unsigned attempt = 0; attempt < 200; attempt++) {
		uint32_t op = pick_op(b, r);
		bool clash = false;

		for (unsigned i = 0; i < navoid; i++)
			clash |= p->ops[op].instance == avoid[i];
		if (!clash)
			return op;
	}
	/* Only reachable with very few instances: take the first fit. */
	for (uint32_t i = 0; i < p->nnormal; i++) {
		uint32_t op = b->op_normal0 + i;
		bool clash = false;

		for (unsigned k = 0; k < navoid; k++)
			clash |= p->ops[op].instance == avoid[k];
		if (!clash)
			return op;
	}
	return b->op_normal0;
}

static void
ns_add(struct tbgen_domain *d, enum tbgen_ns_kind kind, uint32_t host,
       bool parent, bool child)
{
	struct tbgen_ns *ns;

	if (d->nns >= TBGEN_NS_MAX)
		return;
	ns = &d->ns[d->nns++];
	memset(ns, 0, sizeof(*ns));
	ns->kind = kind;
	ns->host = host;
	ns->child_host = host;
	ns->parent = parent;
	ns->child = child;
}

static void
ns_add_op(struct tbgen_plan *p, struct tbgen_domain *d, uint32_t op,
          uint32_t max)
{
	const struct tbgen_op *o = &p->ops[op];

	for (uint32_t i = 0; i < o->nhosts && i < max; i++)
		ns_add(d, TBGEN_NS_HOST, o->host0 + i, true, true);
}

static void
serve_add(struct tbgen_domain *d, uint32_t inst)
{
	if (inst == TBGEN_NONE || tbgen_plan_serves(d, inst, NULL) ||
	    d->nserve >= TBGEN_SERVE_MAX)
		return;
	d->serve[d->nserve++] = inst;
}

/*
 * Ordinary hosting: one operator by market share with all its hosts; with
 * extras, some domains use in-bailiwick vanity names for their operator's
 * addresses and some a second operator as well.
 */
static void
host_base(struct build *b, struct th_rng *r, struct tbgen_domain *d,
          bool extras)
{
	struct tbgen_plan *p = b->p;
	uint32_t op = pick_op(b, r);
	const struct tbgen_op *o = &p->ops[op];

	if (extras && th_rng_permille(r, 50)) {
		ns_add(d, TBGEN_NS_VANITY, o->host0, true, true);
		d->ns[d->nns - 1].num = 1;
		ns_add(d, TBGEN_NS_VANITY, o->host0 + 1, true, true);
		d->ns[d->nns - 1].num = 2;
	} else {
		ns_add_op(p, d, op, 4);
	}
	serve_add(d, o->instance);
	if (extras && th_rng_permille(r, 100)) {
		uint32_t op2 = pick_op(b, r);

		if (op2 != op) {
			ns_add_op(p, d, op2, 2);
			serve_add(d, p->ops[op2].instance);
		}
	}
}

static uint32_t
special_host(const struct tbgen_plan *p, enum tbgen_op_kind kind, unsigned i)
{
	const struct tbgen_op *o = &p->ops[p->op_special[kind]];

	return o->host0 + i % o->nhosts;
}

/* Every host of a misbehaving operator, and its instance serving. */
static void
host_special_all(struct tbgen_plan *p, struct tbgen_domain *d,
                 enum tbgen_op_kind kind)
{
	uint32_t op = p->op_special[kind];

	ns_add_op(p, d, op, SPECIAL_HOSTS);
	serve_add(d, p->ops[op].instance);
}

static void
plan_hosting(struct build *b, struct th_rng *r, struct tbgen_domain *d)
{
	struct tbgen_plan *p = b->p;
	uint32_t op, op2, h;

	switch (d->profile) {
	case TBGEN_P_LAME_REFUSED:
		host_base(b, r, d, false);
		/* A server of another instance: it answers, but REFUSED. */
		op2 = pick_op_elsewhere(b, r, d->serve, d->nserve);
		ns_add(d, TBGEN_NS_HOST, p->ops[op2].host0, true, true);
		break;
	case TBGEN_P_LAME_NOAA:
		host_base(b, r, d, false);
		ns_add(d, TBGEN_NS_HOST,
		       special_host(p, TBGEN_OP_NOAA, th_rng_below(r, 2)), true,
		       true);
		serve_add(d, p->ops[p->op_special[TBGEN_OP_NOAA]].instance);
		break;
	case TBGEN_P_LAME_FULL:
		/* Delegated to an operator that does not load the zone. */
		ns_add_op(p, d, pick_op(b, r), 3);
		break;
	case TBGEN_P_UNREACH_PARTIAL:
		host_base(b, r, d, false);
		ns_add(d, TBGEN_NS_HOST,
		       special_host(p, TBGEN_OP_BLACKHOLE, th_rng_below(r, 2)),
		       true, true);
		break;
	case TBGEN_P_UNREACH_FULL:
		ns_add_op(p, d, p->op_special[TBGEN_OP_BLACKHOLE],
		          SPECIAL_HOSTS);
		break;
	case TBGEN_P_NS_MISMATCH:
		/* The child replaced its last NS name by a vanity name for
		 * the same server, and the parent was never told. */
		host_base(b, r, d, false);
		h = d->ns[d->nns - 1].host;
		d->ns[d->nns - 1].child = false;
		ns_add(d, TBGEN_NS_VANITY, h, false, true);
		d->ns[d->nns - 1].num = 9;
		break;
	case TBGEN_P_SOA_DRIFT:
		op = pick_op(b, r);
		ns_add_op(p, d, op, 2);
		serve_add(d, p->ops[op].instance);
		op2 = pick_op_elsewhere(b, r, d->serve, d->nserve);
		ns_add_op(p, d, op2, 2);
		serve_add(d, p->ops[op2].instance);
		d->drift = true;
		break;
	case TBGEN_P_SINGLE_NS:
		op = pick_op(b, r);
		ns_add_op(p, d, op, 1);
		serve_add(d, p->ops[op].instance);
		break;
	case TBGEN_P_GLUE_MISMATCH:
		/* ns1's glue names the operator's first address, the
		 * child's own A record another one; both serve the zone. */
		op = pick_op(b, r);
		ns_add(d, TBGEN_NS_VANITY, p->ops[op].host0, true, true);
		d->ns[0].num = 1;
		d->ns[0].child_host =
		    p->ops[op].host0 + (p->ops[op].nhosts > 2 ? 2 : 1);
		ns_add(d, TBGEN_NS_VANITY, p->ops[op].host0 + 1, true, true);
		d->ns[1].num = 2;
		serve_add(d, p->ops[op].instance);
		break;
	case TBGEN_P_NS_CNAME:
		op = pick_op(b, r);
		ns_add(d, TBGEN_NS_HOST, p->ops[op].host0, true, true);
		ns_add(d, TBGEN_NS_ALIAS, p->ops[op].host0 + 1, true, true);
		p->ops[op].alias = true;
		serve_add(d, p->ops[op].instance);
		break;
	case TBGEN_P_NS_NXDOMAIN:
		host_base(b, r, d, false);
		ns_add(d, TBGEN_NS_NXNAME, 0, true, true);
		break;
	case TBGEN_P_OPEN_RECURSIVE:
		host_base(b, r, d, false);
		h = special_host(p, TBGEN_OP_OPENRES, th_rng_below(r, 2));
		ns_add(d, TBGEN_NS_HOST, h, true, true);
		d->unbound_host = h;
		break;
	case TBGEN_P_OPEN_AXFR:
		host_base(b, r, d, true);
		d->axfr = true;
		break;
	case TBGEN_P_NO_TCP:
		host_special_all(p, d, TBGEN_OP_NOTCP);
		break;
	case TBGEN_P_EDNS_FORMERR:
		host_special_all(p, d, TBGEN_OP_FORMERR);
		break;
	case TBGEN_P_EDNS_DROP:
		host_special_all(p, d, TBGEN_OP_EDNSDROP);
		break;
	case TBGEN_P_EDNS1_IGNORE:
		host_special_all(p, d, TBGEN_OP_EDNS1);
		break;
	case TBGEN_P_TC_ALWAYS:
		host_special_all(p, d, TBGEN_OP_TC);
		break;
	case TBGEN_P_RATELIMITED:
		host_special_all(p, d, TBGEN_OP_RRL);
		break;
	case TBGEN_P_SLOW:
		host_special_all(p, d, TBGEN_OP_SLOW);
		break;
	default:
		host_base(b, r, d, true);
		break;
	}
}

static uint8_t
pick_alg(struct th_rng *r)
{
	size_t n;
	const struct tbgen_alg_info *algs = tbgen_dnssec_algs(&n);
	uint32_t w[16];

	for (size_t i = 0; i < n && i < N_ELEMS(w); i++)
		w[i] = algs[i].weight;
	return algs[th_rng_weighted(r, w, n < N_ELEMS(w) ? n : N_ELEMS(w))].alg;
}

static void
plan_dnssec(struct th_rng *r, struct tbgen_domain *d)
{
	const struct tbgen_profile_info *pi = tbgen_profile_info(d->profile);
	struct tbgen_sec *s = &d->sec;
	const struct tbgen_alg_info *ai;
	uint32_t dw[N_ELEMS(digest_mix)];
	bool sign;

	memset(s, 0, sizeof(*s));
	sign = pi->sign == TBGEN_SIGN_ALWAYS ||
	       (pi->sign == TBGEN_SIGN_EITHER && th_rng_permille(r, 500));
	if (d->home_op != TBGEN_NONE)
		sign = d->profile == TBGEN_P_SECURE;
	s->alg = pick_alg(r);
	ai = tbgen_dnssec_alg(s->alg);
	s->ksk = (uint8_t)th_rng_below(r, ai->nksk);
	s->zsk = (uint8_t)th_rng_below(r, ai->nzsk);
	s->csk = th_rng_permille(r, 250);
	for (size_t i = 0; i < N_ELEMS(digest_mix); i++)
		dw[i] = digest_mix[i].weight;
	s->digests = digest_mix[th_rng_weighted(r, dw, N_ELEMS(dw))].digests;
	if (sign) {
		switch (d->profile) {
		case TBGEN_P_NSEC3_SALTED:
			s->denial = TBGEN_DENIAL_NSEC3;
			s->iterations = 10;
			s->salt_len = 8;
			break;
		case TBGEN_P_NSEC3_ITER100:
			s->denial = TBGEN_DENIAL_NSEC3;
			s->iterations = 100;
			break;
		case TBGEN_P_NSEC3_OPTOUT:
			s->denial = TBGEN_DENIAL_NSEC3;
			s->optout = true;
			break;
		default:
			/* RFC 9276: NSEC3 with no salt and no extra
			 * iterations, beside plain NSEC. */
			s->denial = th_rng_permille(r, 550)
			                ? TBGEN_DENIAL_NSEC
			                : TBGEN_DENIAL_NSEC3;
			break;
		}
		for (unsigned i = 0; i < s->salt_len; i++)
			s->salt[i] = (uint8_t)th_rng_below(r, 256);
		s->expired = d->profile == TBGEN_P_EXPIRED;
	}
	s->ds_alg = s->alg;
	s->ds_key = s->ksk;
	switch (pi->ds) {
	case TBGEN_DSPOL_MATCH:
		s->ds = sign;
		break;
	case TBGEN_DSPOL_NONE:
		s->ds = false;
		break;
	case TBGEN_DSPOL_WRONG_KEY:
		/* Another KSK of the same algorithm: the zone never
		 * publishes it (its own KSK comes from the same pool). */
		s->ds = true;
		s->ds_key = (uint8_t)((s->ksk + 1) % ai->nksk);
		break;
	}
}

/*
 * SOA timer sets with their share, per mille. The first three sit in the
 * ranges RIPE-203 and Zonemaster recommend (refresh >= 14400, retry >=
 * 3600, expire >= 604800, minimum 300 .. 86400); the others break one or
 * two of them, the way real zones do.
 */
static const struct {
	struct tbgen_soa_timers t;
	uint32_t weight;
} soa_timers[] = {
    {{86400, 7200, 3600000, 3600, ""}, 400},
    {{14400, 3600, 1209600, 3600, ""}, 200},
    {{10800, 3600, 604800, 86400, ""}, 150},
    {{3600, 600, 1209600, 300, "refresh,retry"}, 80},
    {{43200, 3600, 86400, 3600, "expire"}, 60},
    {{86400, 7200, 2419200, 172800, "minimum"}, 50},
    {{7200, 1800, 1209600, 60, "refresh,retry,minimum"}, 60},
};

const struct tbgen_soa_timers *
tbgen_plan_timers(unsigned row)
{
	return &soa_timers[row < N_ELEMS(soa_timers) ? row : 0].t;
}

static uint32_t
gen_serial(struct th_rng *r)
{
	uint32_t y = 2019 + th_rng_below(r, 7);
	uint32_t m = 1 + th_rng_below(r, 12);
	uint32_t dd = 1 + th_rng_below(r, 28);

	return y * 1000000u + m * 10000u + dd * 100u + th_rng_below(r, 10);
}

static void
plan_content(struct th_rng *r, struct tbgen_domain *d)
{
	struct tbgen_content *c = &d->c;
	uint32_t tw[N_ELEMS(soa_timers)];

	memset(c, 0, sizeof(*c));
	c->serial[0] = gen_serial(r);
	c->serial[1] = c->serial[0] + 1 + th_rng_below(r, 5);
	for (size_t i = 0; i < N_ELEMS(soa_timers); i++)
		tw[i] = soa_timers[i].weight;
	c->timers = (uint8_t)th_rng_weighted(r, tw, N_ELEMS(tw));
	c->mx = th_rng_permille(r, 750);
	c->spf = th_rng_permille(r, c->mx ? 850 : 300);
	c->spf_kind = (uint8_t)(c->mx ? th_rng_below(r, 2) : 2);
	c->dmarc = th_rng_permille(r, c->spf ? 450 : 50);
	c->dmarc_policy = (uint8_t)th_rng_below(r, 3);
	c->caa = th_rng_permille(r, 80);
	c->caa_ca = (uint8_t)th_rng_below(r, 3);
	c->web6 = th_rng_permille(r, 300);
	c->www_cname = th_rng_permille(r, 600);
	c->rname_op = th_rng_permille(r, 400);
	c->web = (uint16_t)th_rng_below(r, 512);
}

/* How many domains of each profile: shares, with a floor so that every
 * profile is present (twice from about 120 domains on). */
static void
profile_counts(uint32_t n, uint32_t counts[TBGEN_P__COUNT])
{
	const uint32_t nfault = TBGEN_P__COUNT - 2;
	uint32_t floor = n >= 4 * nfault ? 2 : (n >= 2 * nfault ? 1 : 0);
	uint32_t budget = n / 2, used = 0, rest;

	for (unsigned p = 0; p < TBGEN_P__COUNT; p++) {
		const struct tbgen_profile_info *pi = tbgen_profile_info(p);
		uint64_t c;

		counts[p] = 0;
		if (pi->basis_points == 0)
			continue;
		c = ((uint64_t)n * pi->basis_points + 5000) / 10000;
		if (c < floor)
			c = floor;
		if (floor == 0 && c == 0 && used < budget)
			c = 1; /* tiny testbeds: one each while room */
		if (used + c > budget)
			c = budget - used;
		counts[p] = (uint32_t)c;
		used += (uint32_t)c;
	}
	rest = n - used;
	counts[TBGEN_P_SECURE] = rest * 48 / 100;
	counts[TBGEN_P_UNSIGNED] = rest - counts[TBGEN_P_SECURE];
}

static int
check_opts(const struct tbgen_opts *o)
{
	if (o->domains < 1 || o->domains > TBGEN_MAX_DOMAINS) {
		th_log_error("--domains must be 1 .. %u", TBGEN_MAX_DOMAINS);
		return TH_EINVAL;
	}
	if (o->instances < 2 || o->instances > TBGEN_MAX_INSTANCES) {
		th_log_error("--instances must be 2 .. %u (lame servers need "
		             "a second instance)",
		             TBGEN_MAX_INSTANCES);
		return TH_EINVAL;
	}
	if (o->loss_pct < 0 || o->loss_pct > 100) {
		th_log_error("--loss must be 0 .. 100");
		return TH_EINVAL;
	}
	return 0;
}

static int
build_instances(struct build *b)
{
	struct tbgen_plan *p = b->p;
	uint32_t k = p->opts.instances;

	p->ninst = k + 4;
	p->inst = calloc(p->ninst, sizeof(*p->inst));
	if (p->inst == NULL)
		return TH_ENOMEM;
	snprintf(p->inst[0].name, sizeof(p->inst[0].name), "root");
	p->inst[0].kind = TBGEN_INST_ROOT;
	snprintf(p->inst[1].name, sizeof(p->inst[1].name), "tld");
	p->inst[1].kind = TBGEN_INST_TLD;
	for (uint32_t i = 0; i < k; i++) {
		snprintf(p->inst[2 + i].name, sizeof(p->inst[0].name), "i%02u",
		         i + 1);
		p->inst[2 + i].kind = TBGEN_INST_NORMAL;
	}
	snprintf(p->inst[k + 2].name, sizeof(p->inst[0].name), "fault");
	p->inst[k + 2].kind = TBGEN_INST_FAULT;
	snprintf(p->inst[k + 3].name, sizeof(p->inst[0].name), "rrl");
	p->inst[k + 3].kind = TBGEN_INST_RRL;
	return 0;
}

static uint32_t
inst_of_kind(const struct tbgen_plan *p, enum tbgen_inst_kind kind)
{
	for (uint32_t i = 0; i < p->ninst; i++)
		if (p->inst[i].kind == kind)
			return i;
	return TBGEN_NONE;
}

/* Root and TLD operators and their servers. */
static int
build_infra(struct build *b)
{
	struct tbgen_plan *p = b->p;

	for (unsigned i = 0; i < 2; i++) {
		struct tbgen_op *o = &p->ops[p->nops++];

		memset(o, 0, sizeof(*o));
		snprintf(o->name, sizeof(o->name), i == 0 ? "root" : "tld");
		o->kind = i == 0 ? TBGEN_OP_ROOT : TBGEN_OP_TLD;
		o->instance = i == 0 ? TBGEN_INST_ROOT_IDX : TBGEN_INST_TLD_IDX;
		o->home_domain = TBGEN_NONE;
		o->home_ns_op = i;
		o->host0 = p->nhosts;
		for (unsigned h = 0; h < N_ELEMS(infra_hosts); h++) {
			if (infra_hosts[h].root != (i == 0))
				continue;
			add_host(b, i, infra_hosts[h].name, infra_hosts[h].slot,
			         p->opts.ipv6);
			o->nhosts++;
		}
	}
	p->tld_hosts_se = p->ops[1].host0;
	return 0;
}

static int
build_normal_ops(struct build *b, uint32_t *nhome_se)
{
	struct tbgen_plan *p = b->p;
	struct th_rng r;
	uint32_t k = p->opts.instances;
	uint32_t max_home_se = p->opts.domains / 5;
	int rc;

	th_rng_stream(&r, p->opts.seed, STREAM_OPS);
	b->op_normal0 = p->nops;
	b->zcum = calloc(p->nnormal, sizeof(*b->zcum));
	if (b->zcum == NULL)
		return TH_ENOMEM;
	*nhome_se = 0;
	for (uint32_t rank = 0; rank < p->nnormal; rank++) {
		struct tbgen_op *o = &p->ops[p->nops];
		uint32_t op = p->nops++;
		uint64_t w = 1000000u / (rank + 1); /* Zipf, exponent 1 */
		uint32_t best = 2;
		bool v6;
		char hn[TBGEN_NAME_MAX];

		memset(o, 0, sizeof(*o));
		o->kind = TBGEN_OP_NORMAL;
		o->rank = rank;
		o->home_domain = TBGEN_NONE;
		o->home_ns_op = op;
		gen_op_name(&r, &b->names, o->name);
		/* About a third of the smaller hosters live under .se, as
		 * customers of the registry themselves. */
		o->tld = TBGEN_TLD_NET;
		if (rank > 0 && *nhome_se < max_home_se &&
		    th_rng_permille(&r, 300)) {
			o->tld = TBGEN_TLD_SE;
			(*nhome_se)++;
		}
		snprintf(o->home, sizeof(o->home), "%.40s.%s", o->name,
		         o->tld == TBGEN_TLD_SE ? "se" : "net");
		/* Greedy balance: the least loaded instance takes the
		 * next largest operator. */
		for (uint32_t i = 2; i < 2 + k; i++)
			if (p->inst[i].load < p->inst[best].load)
				best = i;
		p->inst[best].load += w;
		o->instance = best;
		b->ztotal += w;
		b->zcum[rank] = b->ztotal;
		v6 = p->opts.ipv6 && (rank < 3 || th_rng_permille(&r, 300));
		o->host0 = p->nhosts;
		o->nhosts = normal_host_count(&r, rank);
		for (uint32_t h = 0; h < o->nhosts; h++) {
			uint16_t slot;

			if ((rc = next_slot(b, &slot)) != 0)
				return rc;
			snprintf(hn, sizeof(hn), "ns%u.%.50s", h + 1, o->home);
			add_host(b, op, hn, slot, v6);
		}
	}
	return 0;
}

static int
build_special_ops(struct build *b)
{
	struct tbgen_plan *p = b->p;
	int rc;

	for (size_t i = 0; i < N_ELEMS(special_ops); i++) {
		const struct special_row *row = &special_ops[i];
		struct tbgen_op *o = &p->ops[p->nops];
		uint32_t op = p->nops++;
		char hn[TBGEN_NAME_MAX];

		memset(o, 0, sizeof(*o));
		o->kind = row->kind;
		o->home_domain = TBGEN_NONE;
		o->home_ns_op = p->infra_op;
		o->tld = TBGEN_TLD_NET;
		snprintf(o->name, sizeof(o->name), "%s", row->name);
		snprintf(o->home, sizeof(o->home), "%s.net", row->name);
		(void)nameset_add(&b->names, o->home);
		o->instance = row->server == TBGEN_SERVER_NSD
		                  ? inst_of_kind(p, row->inst)
		                  : TBGEN_NONE;
		p->op_special[row->kind] = op;
		o->host0 = p->nhosts;
		o->nhosts = SPECIAL_HOSTS;
		for (uint32_t h = 0; h < SPECIAL_HOSTS; h++) {
			struct tbgen_host *host;
			uint16_t slot;

			if ((rc = next_slot(b, &slot)) != 0)
				return rc;
			snprintf(hn, sizeof(hn), "ns%u.%.50s", h + 1, o->home);
			/* With --ipv6 the misbehaving servers misbehave on
			 * both families, so the relay's IPv6 path is used. */
			add_host(b, op, hn, slot, p->opts.ipv6);
			host = &p->hosts[p->nhosts - 1];
			host->mode = row->mode;
			host->delay_ms = row->delay_ms;
			host->server = row->server;
			if (row->server == TBGEN_SERVER_UNBOUND)
				host->unbound = p->nunbound++;
		}
	}
	return 0;
}

/* With --latency/--jitter/--loss every public address goes through the
 * relay, so hosts served directly become forwarded. */
static void
apply_latency(struct tbgen_plan *p)
{
	const struct tbgen_opts *o = &p->opts;

	if (o->latency_ms == 0 && o->jitter_ms == 0 && o->loss_pct == 0)
		return;
	for (uint32_t i = 0; i < p->nhosts; i++)
		if (p->hosts[i].mode == TBGEN_MODE_DIRECT)
			p->hosts[i].mode = TBGEN_MODE_FORWARD;
}

static int
build_domains(struct build *b, uint32_t nhome_se)
{
	struct tbgen_plan *p = b->p;
	uint32_t n = p->opts.domains;
	uint32_t counts[TBGEN_P__COUNT];
	uint32_t *order;
	struct th_rng r;
	uint32_t next = 0;

	p->dom = calloc(n, sizeof(*p->dom));
	order = calloc(n, sizeof(*order));
	if (p->dom == NULL || order == NULL) {
		free(order);
		return TH_ENOMEM;
	}
	p->ndom = n;
	profile_counts(n, counts);
	for (unsigned prof = 0; prof < TBGEN_P__COUNT; prof++)
		for (uint32_t i = 0; i < counts[prof]; i++)
			order[next++] = prof;
	th_rng_stream(&r, p->opts.seed, STREAM_PROFILES);
	th_rng_shuffle(&r, order, n);
	for (uint32_t i = 0; i < n; i++) {
		p->dom[i].profile = (enum tbgen_profile)order[i];
		p->dom[i].home_op = TBGEN_NONE;
		p->dom[i].unbound_host = TBGEN_NONE;
	}
	free(order);

	/* Operators living under .se take the first plain domains. */
	next = 0;
	for (uint32_t op = b->op_normal0;
	     op < b->op_normal0 + p->nnormal && nhome_se > 0; op++) {
		struct tbgen_op *o = &p->ops[op];

		if (o->tld != TBGEN_TLD_SE)
			continue;
		while (next < n && p->dom[next].profile != TBGEN_P_SECURE &&
		       p->dom[next].profile != TBGEN_P_UNSIGNED)
			next++;
		if (next >= n)
			break; /* cannot happen: plain domains are > n/2 */
		o->home_domain = next;
		p->dom[next].home_op = op;
		snprintf(p->dom[next].name, sizeof(p->dom[next].name), "%s",
		         o->home);
		next++;
		nhome_se--;
	}

	th_rng_stream(&r, p->opts.seed, STREAM_NAMES);
	for (uint32_t i = 0; i < n; i++) {
		struct tbgen_domain *d = &p->dom[i];
		struct th_rng dr;

		if (d->home_op == TBGEN_NONE)
			gen_domain_name(&r, &b->names, d->name);
		th_rng_stream(&dr, p->opts.seed,
		              STREAM_DOMAIN(STREAM_HOSTING, i));
		if (d->home_op != TBGEN_NONE) {
			ns_add_op(p, d, d->home_op, 4);
			serve_add(d, p->ops[d->home_op].instance);
		} else {
			plan_hosting(b, &dr, d);
		}
		th_rng_stream(&dr, p->opts.seed,
		              STREAM_DOMAIN(STREAM_DNSSEC, i));
		plan_dnssec(&dr, d);
		th_rng_stream(&dr, p->opts.seed,
		              STREAM_DOMAIN(STREAM_CONTENT, i));
		plan_content(&dr, d);
	}
	for (uint32_t i = 0; i < n; i++)
		for (unsigned s = 0; s < p->dom[i].nserve; s++)
			p->inst[p->dom[i].serve[s]].load++;
	return 0;
}

int
tbgen_plan_build(const struct tbgen_opts *opts, struct tbgen_plan **out)
{
	struct build b;
	struct tbgen_plan *p;
	uint32_t nhome_se = 0, maxhosts;
	int rc;

	*out = NULL;
	if ((rc = check_opts(opts)) != 0)
		return rc;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return TH_ENOMEM;
	memset(&b, 0, sizeof(b));
	b.p = p;
	b.next_slot = FIRST_OP_SLOT;
	p->opts = *opts;
	p->nnormal = opts->domains / 20 > 20 ? opts->domains / 20 : 20;
	maxhosts = (uint32_t)N_ELEMS(infra_hosts) + p->nnormal * 4 +
	           (uint32_t)N_ELEMS(special_ops) * SPECIAL_HOSTS;
	p->ops = calloc(2 + p->nnormal + N_ELEMS(special_ops), sizeof(*p->ops));
	p->hosts = calloc(maxhosts, sizeof(*p->hosts));
	if (p->ops == NULL || p->hosts == NULL) {
		rc = TH_ENOMEM;
		goto fail;
	}
	for (unsigned k = 0; k < TBGEN_OP__COUNT; k++)
		p->op_special[k] = TBGEN_NONE;
	if ((rc = nameset_init(&b.names,
	                       opts->domains + 3 * p->nnormal + 64)) != 0)
		goto fail;
	if ((rc = build_instances(&b)) != 0 || (rc = build_infra(&b)) != 0)
		goto fail;
	if ((rc = build_normal_ops(&b, &nhome_se)) != 0)
		goto fail;
	/* The largest hoster also serves the misbehaving operators' own
	 * zones, so that their host names always resolve. */
	p->infra_op = b.op_normal0;
	if ((rc = build_special_ops(&b)) != 0)
		goto fail;
	if ((rc = build_domains(&b, nhome_se)) != 0)
		goto fail;
	apply_latency(p);
	free(b.zcum);
	free(b.names.v);
	*out = p;
	return 0;
fail:
	if (rc == TH_ETOOBIG)
		th_log_error("too many name-server addresses for "
		             "127.100.2.0 - 127.100.254.254");
	free(b.zcum);
	free(b.names.v);
	tbgen_plan_free(p);
	return rc;
}
