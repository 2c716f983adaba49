/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnssec.c -- DNSSEC01-11 and 13-18 over the evidence (see dnssec.h and
 * the catalogue, section 2.6; Zonemaster's DNSSEC-TP specifications).
 *
 * Replies each test case reads ("zone" is ev->domain; all flavour DNSSEC
 * unless said; child servers are the addresses of both NS sets, parent
 * servers those of ev->parent_ns; an undelegated test's DS set is ev->ds):
 *
 *   DNSSEC01, 02, 18  DS of the zone from every parent server
 *   every test case but 01  DNSKEY from every child server
 *   DNSSEC03  NSEC of the zone (NODATA with the apex NSEC3)
 *   DNSSEC04  SOA from the first child server answering DNSKEY and SOA
 *   DNSSEC07, 11  PLAIN SOA (sanity filter); DS from the parent servers
 *   DNSSEC09, 13  SOA (13: and NS) from every child server
 *   DNSSEC10  NSEC and NSEC3PARAM of the zone
 *   DNSSEC15-18  CDS and CDNSKEY of the zone
 *
 * Speed: a survey runs this module for every domain, so the DNSKEY
 * answers are parsed once per run into a cache (struct dcache) that every
 * test case reads: each server's keys become th_dsig_key objects once,
 * and a key with the same RDATA on another server shares the object. The
 * DS set is collected once too.
 *
 * Messages that name servers aggregate them per finding into one
 * "ns_ip_list" (addresses) or "ns_list" (name/address), sorted and
 * ';'-joined, as Zonemaster does. Departures, all documented in
 * docs/engine.md: DNSSEC04's limits are Zonemaster's
 * defaults (the profile has no test_cases_vars.dnssec04 yet); DNSSEC03
 * treats only the root and single-label zones as TLD-like (no Public
 * Suffix List); DNSSEC13 checks that RRSIGs of each algorithm exist and
 * name a key of the set, not that they verify (08 and 09 do that).
 */
#include "engine/dnssec.h"

#include "common/buf.h"
#include "common/err.h"
#include "common/msg.h"
#include "engine/dnssec_sig.h"
#include "engine/nsec.h"
#include "engine/strlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ALLNS (TH_EV_DEL | TH_EV_CHILD)
#define MAXADDRS (TH_EV_MAXNS * TH_EV_MAXADDR * 2)
#define MAXKEYS 32
#define MAXSIGS 32
#define NSSTR (TH_DNAME_STRLEN + TH_ADDR_STRLEN + 2)
#define LISTMAX (1 << 16)
#define MAXFIND 128

enum qstate { QS_NOT_SENT, QS_NO_RESPONSE, QS_ANSWER };

/* One child server's DNSKEY answer, parsed once. */
struct dsrv {
	struct th_addr addr;
	char ip[TH_ADDR_STRLEN];
	enum qstate kq;
	struct th_msg km;
	bool kauth; /* NOERROR and AA */
	size_t nkeys, nksig;
	struct th_rr krr[MAXKEYS], srr[MAXSIGS];
	struct th_dsig_rr key_rr[MAXKEYS], ksig[MAXSIGS];
	struct th_dsig_key *key[MAXKEYS]; /* the ring's */
};

#define MAXDS 32

/* The DS set: the parent servers' authoritative answers, or --ds. */
struct dsset {
	size_t n;
	struct th_rr rr[MAXDS];
	struct th_dsig_rr v[MAXDS];
	uint8_t given[MAXDS][4 + TH_EV_DIGESTMAX];
};

struct dcache {
	size_t n;
	struct dsrv *s;
	struct dsset ds;
	struct th_buf scratch;
	/* The domain's keys: the caller's ring, else own_keys. */
	struct th_dsig_keyring *keys, own_keys;
	int err;
};

/* One finding and the servers that showed it. */
struct find {
	unsigned kind;
	unsigned a, b; /* tag and algorithm, digest type, ... */
	struct th_strlist ips;
};

struct finds {
	size_t n;
	struct find f[MAXFIND];
};

/* ---- helpers ------------------------------------------------------------ */

static void
finds_add(struct finds *fs, unsigned kind, unsigned a, unsigned b,
          const char *ip)
{
	for (size_t i = 0; i < fs->n; i++)
		if (fs->f[i].kind == kind && fs->f[i].a == a &&
		    fs->f[i].b == b) {
			th_strlist_add(&fs->f[i].ips, ip);
			return;
		}
	if (fs->n == MAXFIND)
		return;
	fs->f[fs->n].kind = kind;
	fs->f[fs->n].a = a;
	fs->f[fs->n].b = b;
	fs->f[fs->n].ips = (struct th_strlist)TH_STRLIST_INIT;
	th_strlist_add(&fs->f[fs->n].ips, ip);
	fs->n++;
}

static void
finds_free(struct finds *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		th_strlist_free(&fs->f[i].ips);
	fs->n = 0;
}

static void
dom_str(const struct th_evidence *ev, char *dst, size_t size)
{
	th_ev_ns_str(&ev->domain, NULL, dst, size);
}

static void
ip_str(const struct th_addr *a, char *dst, size_t size)
{
	if (th_addr_ip_str(a, dst, size) != 0)
		dst[0] = '\0';
}

static enum qstate
reply(const struct th_evidence *ev, const struct th_addr *server,
      enum th_qflavor f, uint16_t qtype, struct th_msg *m)
{
	const struct th_answer *a =
	    th_ev_reply(ev, server, f, &ev->domain, qtype);

	if (a == NULL)
		return QS_NOT_SENT;
	return th_ev_reply_msg(a, m) ? QS_ANSWER : QS_NO_RESPONSE;
}

static bool
auth_ok(const struct th_msg *m)
{
	return m->rcode == TH_RCODE_NOERROR && (m->flags & TH_MSG_AA);
}

/* The type an RRSIG covers (0 when too short). */
static uint16_t
covered(const struct th_msg *m, const struct th_rr *rr)
{
	const uint8_t *p = th_msg_rdata(m, rr);

	return rr->rdlen < 2 ? 0 : (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * Records of type at the zone apex in the answer section (RRSIGs: those
 * covering cov), up to max; returns how many were kept.
 */
static size_t
collect(const struct th_evidence *ev, const struct th_msg *m, uint16_t type,
        uint16_t cov, struct th_rr *rr, struct th_dsig_rr *view, size_t max)
{
	struct th_msg_iter it;
	struct th_rr r;
	size_t n = 0;

	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (n < max && th_msg_iter_next(&it, &r)) {
		if (r.type != type || r.rclass != TH_CLASS_IN ||
		    !th_dname_equal(&r.owner, &ev->domain))
			continue;
		if (type == TH_T_RRSIG && covered(m, &r) != cov)
			continue;
		rr[n] = r;
		th_dsig_rr_from_msg(&view[n], m, &rr[n]);
		n++;
	}
	return n;
}

static bool rr_in(const struct th_dsig_rr *x, const struct th_dsig_rr *set,
                  size_t n);
static void dsset_build(const struct th_evidence *ev, struct dsset *d);

/* ---- the DNSKEY cache --------------------------------------------------- */

static void
dcache_free(struct dcache *c)
{
	th_dsig_keyring_free(&c->own_keys);
	free(c->s);
	th_buf_free(&c->scratch);
	memset(c, 0, sizeof(*c));
}

/* Returns 0 or TH_ENOMEM / TH_ECRYPTO (c is then empty but freeable). */
static int
dcache_build(const struct th_evidence *ev, struct th_dsig_keyring *keys,
             struct dcache *c)
{
	struct th_addr addrs[MAXADDRS];
	size_t n = th_ev_addrs(ev, ALLNS, addrs, MAXADDRS);

	memset(c, 0, sizeof(*c));
	c->keys = keys != NULL ? keys : &c->own_keys;
	th_buf_init(&c->scratch, 1 << 20);
	dsset_build(ev, &c->ds);
	if (n == 0)
		return 0;
	c->s = calloc(n, sizeof(*c->s));
	if (c->s == NULL)
		return c->err = TH_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct dsrv *s = &c->s[i];

		c->n = i + 1;
		s->addr = addrs[i];
		ip_str(&addrs[i], s->ip, sizeof(s->ip));
		s->kq = reply(ev, &addrs[i], TH_QF_DNSSEC, TH_T_DNSKEY, &s->km);
		if (s->kq != QS_ANSWER)
			continue;
		s->kauth = auth_ok(&s->km);
		s->nkeys = collect(ev, &s->km, TH_T_DNSKEY, 0, s->krr,
		                   s->key_rr, MAXKEYS);
		s->nksig = collect(ev, &s->km, TH_T_RRSIG, TH_T_DNSKEY, s->srr,
		                   s->ksig, MAXSIGS);
		for (size_t k = 0; k < s->nkeys; k++) {
			int rc;

			if ((rc = th_dsig_keyring_get(c->keys, &s->key_rr[k],
			                              &s->key[k])) != 0) {
				s->nkeys = k;
				return c->err = rc;
			}
		}
	}
	return 0;
}

/* A server with an authoritative NOERROR DNSKEY answer holding keys. */
static bool
has_keys(const struct dsrv *s)
{
	return s->kq == QS_ANSWER && s->kauth && s->nkeys > 0;
}

/* ---- algorithm tables --------------------------------------------------- */

static const char *
algo_mnemo(unsigned a)
{
	switch (a) {
	case 0:
		return "DELETE";
	case 1:
		return "RSAMD5";
	case 2:
		return "DH";
	case 3:
		return "DSA";
	case 5:
		return "RSASHA1";
	case 6:
		return "DSA-NSEC3-SHA1";
	case 7:
		return "RSASHA1-NSEC3-SHA1";
	case 8:
		return "RSASHA256";
	case 10:
		return "RSASHA512";
	case 12:
		return "ECC-GOST";
	case 13:
		return "ECDSAP256SHA256";
	case 14:
		return "ECDSAP384SHA384";
	case 15:
		return "ED25519";
	case 16:
		return "ED448";
	case 17:
		return "SM2SM3";
	case 23:
		return "ECC-GOST12";
	case 252:
		return "INDIRECT";
	case 253:
		return "PRIVATEDNS";
	case 254:
		return "PRIVATEOID";
	default:
		return "unassigned";
	}
}

static const char *
digest_mnemo(unsigned d)
{
	switch (d) {
	case 0:
		return "NONE";
	case 1:
		return "SHA-1";
	case 2:
		return "SHA-256";
	case 3:
		return "GOST R 34.11-94";
	case 4:
		return "SHA-384";
	case 5:
		return "GOST R 34.11-2012";
	case 6:
		return "SM3";
	default:
		if (d >= 253 && d <= 254)
			return "private";
		if (d >= 128 && d <= 252)
			return "reserved";
		return "unassigned";
	}
}

/* ---- the DS set --------------------------------------------------------- */

/* One parent server's DS answer. */
enum dsstate { DS_NOT_SENT, DS_NO_RESPONSE, DS_NONE, DS_PRESENT };

static enum dsstate
parent_ds(const struct th_evidence *ev, const struct th_addr *a, bool strict,
          struct th_msg *m)
{
	enum qstate q = reply(ev, a, TH_QF_DNSSEC, TH_T_DS, m);
	struct th_rr rr[1];
	struct th_dsig_rr v[1];

	if (q == QS_NOT_SENT)
		return DS_NOT_SENT;
	if (q != QS_ANSWER || !auth_ok(m) ||
	    (strict && (!m->has_opt || !(m->edns_flags & TH_EDNS_DO))))
		return DS_NO_RESPONSE;
	return collect(ev, m, TH_T_DS, 0, rr, v, 1) > 0 ? DS_PRESENT : DS_NONE;
}

/* ---- DNSSEC01 ----------------------------------------------------------- */

enum {
	D01_NOT_DS,
	D01_DEPRECATED,
	D01_OK,
	D01_UNASSIGNED,
	D01_RESERVED,
	D01_PRIVATE
};

static unsigned
d01_class(unsigned d)
{
	if (d == 0)
		return D01_NOT_DS;
	if (d == 1 || d == 3)
		return D01_DEPRECATED;
	if (d >= 2 && d <= 6)
		return D01_OK;
	if (d >= 253 && d <= 254)
		return D01_PRIVATE;
	if (d >= 128 && d <= 252)
		return D01_RESERVED;
	return D01_UNASSIGNED;
}

static void
d01_ds(struct finds *fs, const uint8_t *rd, size_t len, const char *ip)
{
	if (len < 4)
		return;
	finds_add(fs, d01_class(rd[3]), (unsigned)(rd[0] << 8 | rd[1]), rd[3],
	          ip);
}

static void
dnssec01_run(const struct th_engine_ctx *ctx)
{
	static const enum th_tag tags[] = {
	    [D01_NOT_DS] = TH_TAG_DNSSEC01_DS01_DS_ALGO_NOT_DS,
	    [D01_DEPRECATED] = TH_TAG_DNSSEC01_DS01_DS_ALGO_DEPRECATED,
	    [D01_OK] = TH_TAG_DNSSEC01_DS01_DS_ALGO_OK,
	    [D01_UNASSIGNED] = TH_TAG_DNSSEC01_DS01_DS_ALGO_UNASSIGNED,
	    [D01_RESERVED] = TH_TAG_DNSSEC01_DS01_DS_ALGO_RESERVED,
	    [D01_PRIVATE] = TH_TAG_DNSSEC01_DS01_DS_ALGO_PRIVATE,
	};
	const struct th_evidence *ev = ctx->ev;
	struct th_strlist nods = TH_STRLIST_INIT, nores = TH_STRLIST_INIT;
	struct finds fs = {0};
	struct th_buf b;
	char dom[TH_DNAME_STRLEN], tag[8], num[8];
	bool any_ds = false;

	dom_str(ev, dom, sizeof(dom));
	if (ev->undelegated && ev->nds == 0) {
		if (th_dname_is_root(&ev->domain))
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC01_DS01_ROOT_N_NO_UNDEL_DS,
			               NULL);
		else
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC01_DS01_UNDEL_N_NO_UNDEL_DS,
			               "domain", dom, NULL);
		return;
	}
	if (ev->undelegated) {
		for (size_t i = 0; i < ev->nds; i++) {
			uint8_t rd[4] = {(uint8_t)(ev->ds[i].keytag >> 8),
			                 (uint8_t)ev->ds[i].keytag,
			                 ev->ds[i].algorithm,
			                 ev->ds[i].digest_type};

			d01_ds(&fs, rd, 4, "-");
		}
		any_ds = ev->nds > 0;
	} else {
		for (size_t i = 0; i < ev->parent_ns.n; i++) {
			const struct th_ev_ns *p = &ev->parent_ns.ns[i];

			for (size_t a = 0; a < p->naddr; a++) {
				struct th_msg m;
				struct th_rr rr[MAXSIGS];
				struct th_dsig_rr v[MAXSIGS];
				char ip[TH_ADDR_STRLEN];
				size_t n;

				ip_str(&p->addr[a], ip, sizeof(ip));
				switch (parent_ds(ev, &p->addr[a], true, &m)) {
				case DS_NOT_SENT:
					break;
				case DS_NO_RESPONSE:
					th_strlist_add(&nores, ip);
					break;
				case DS_NONE:
					th_strlist_add(&nods, ip);
					break;
				case DS_PRESENT:
					any_ds = true;
					n = collect(ev, &m, TH_T_DS, 0, rr, v,
					            MAXSIGS);
					for (size_t k = 0; k < n; k++)
						d01_ds(&fs, v[k].rdata,
						       v[k].rdlen, ip);
					break;
				}
			}
		}
	}
	th_buf_init(&b, LISTMAX);
	for (size_t i = 0; i < fs.n; i++) {
		const struct find *f = &fs.f[i];

		snprintf(tag, sizeof(tag), "%u", f->a);
		snprintf(num, sizeof(num), "%u", f->b);
		th_report_emit(ctx->rep, tags[f->kind], "domain", dom, "keytag",
		               tag, "ds_algo_num", num, "ds_algo_mnemo",
		               digest_mnemo(f->b), "ns_ip_list",
		               th_strlist_join(&fs.f[i].ips, &b), NULL);
	}
	/* Key tags without a SHA-256 DS. */
	for (size_t i = 0; i < fs.n; i++) {
		bool seen = false, has2 = false;

		for (size_t j = 0; j < fs.n; j++)
			if (fs.f[j].a == fs.f[i].a) {
				seen |= j < i;
				has2 |= fs.f[j].b == 2;
			}
		if (seen || has2)
			continue;
		snprintf(tag, sizeof(tag), "%u", fs.f[i].a);
		th_report_emit(ctx->rep, TH_TAG_DNSSEC01_DS01_DS_ALGO_2_MISSING,
		               "domain", dom, "keytag", tag, NULL);
	}
	if (nores.n > 0)
		th_report_emit(ctx->rep, TH_TAG_DNSSEC01_DS01_NO_RESPONSE,
		               "domain", dom, "ns_ip_list",
		               th_strlist_join(&nores, &b), NULL);
	if (nods.n > 0)
		th_report_emit(ctx->rep,
		               any_ds ? TH_TAG_DNSSEC01_DS01_PARENT_SERVER_NO_DS
		                      : TH_TAG_DNSSEC01_DS01_PARENT_ZONE_NO_DS,
		               "domain", dom, "ns_ip_list",
		               th_strlist_join(&nods, &b), NULL);
	th_buf_free(&b);
	th_strlist_free(&nods);
	th_strlist_free(&nores);
	finds_free(&fs);
}

/* ---- DNSSEC05 ----------------------------------------------------------- */

enum {
	D05_OK,
	D05_DEPRECATED,
	D05_NOT_ZONE,
	D05_NOT_REC,
	D05_RESERVED,
	D05_UNASSIGNED,
	D05_PRIVATE
};

static unsigned
d05_class(unsigned a)
{
	switch (a) {
	case 1:
	case 3:
	case 5:
	case 6:
	case 7:
	case 12:
		return D05_DEPRECATED;
	case 0:
	case 2:
	case 252:
		return D05_NOT_ZONE;
	case 10:
		return D05_NOT_REC;
	case 8:
	case 13:
	case 14:
	case 15:
	case 16:
	case 17:
	case 23:
		return D05_OK;
	case 4:
	case 9:
	case 11:
	case 255:
		return D05_RESERVED;
	case 253:
	case 254:
		return D05_PRIVATE;
	default:
		return a >= 123 ? D05_RESERVED : D05_UNASSIGNED;
	}
}

static void
dnssec05_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const enum th_tag tags[] = {
	    [D05_OK] = TH_TAG_DNSSEC05_DS05_ALGO_OK,
	    [D05_DEPRECATED] = TH_TAG_DNSSEC05_DS05_ALGO_DEPRECATED,
	    [D05_NOT_ZONE] = TH_TAG_DNSSEC05_DS05_ALGO_NOT_ZONE_SIGN,
	    [D05_NOT_REC] = TH_TAG_DNSSEC05_DS05_ALGO_NOT_RECOMMENDED,
	    [D05_RESERVED] = TH_TAG_DNSSEC05_DS05_ALGO_RESERVED,
	    [D05_UNASSIGNED] = TH_TAG_DNSSEC05_DS05_ALGO_UNASSIGNED,
	    [D05_PRIVATE] = TH_TAG_DNSSEC05_DS05_ALGO_PRIVATE,
	};
	struct th_strlist nokey = TH_STRLIST_INIT, nores = TH_STRLIST_INIT;
	struct finds fs = {0};
	struct th_buf b;
	char tag[8], num[8];

	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];

		if (s->kq == QS_NOT_SENT)
			continue;
		if (s->kq != QS_ANSWER || !s->kauth) {
			th_strlist_add(&nores, s->ip);
			continue;
		}
		if (s->nkeys == 0) {
			th_strlist_add(&nokey, s->ip);
			continue;
		}
		for (size_t k = 0; k < s->nkeys; k++) {
			unsigned alg = th_dsig_key_algorithm(s->key[k]);

			finds_add(&fs, d05_class(alg),
			          th_dsig_key_tag(s->key[k]), alg, s->ip);
		}
	}
	th_buf_init(&b, LISTMAX);
	for (size_t i = 0; i < fs.n; i++) {
		snprintf(tag, sizeof(tag), "%u", fs.f[i].a);
		snprintf(num, sizeof(num), "%u", fs.f[i].b);
		th_report_emit(ctx->rep, tags[fs.f[i].kind], "keytag", tag,
		               "algo_num", num, "algo_mnemo",
		               algo_mnemo(fs.f[i].b), "ns_ip_list",
		               th_strlist_join(&fs.f[i].ips, &b), NULL);
	}
	if (nores.n > 0)
		th_report_emit(ctx->rep, TH_TAG_DNSSEC05_DS05_NO_RESPONSE,
		               "ns_ip_list", th_strlist_join(&nores, &b), NULL);
	if (nokey.n > 0)
		th_report_emit(ctx->rep,
		               fs.n > 0 ? TH_TAG_DNSSEC05_DS05_SERVER_NO_DNSSEC
		                        : TH_TAG_DNSSEC05_DS05_ZONE_NO_DNSSEC,
		               "ns_ip_list", th_strlist_join(&nokey, &b), NULL);
	th_buf_free(&b);
	th_strlist_free(&nokey);
	th_strlist_free(&nores);
	finds_free(&fs);
}

/* ---- DNSSEC06 ----------------------------------------------------------- */

static void
dnssec06_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];
		char keys[24], sigs[24];

		if (!has_keys(s))
			continue;
		snprintf(keys, sizeof(keys), "%zu", s->nkeys);
		snprintf(sigs, sizeof(sigs), "%zu", s->nksig);
		th_report_emit(
		    ctx->rep,
		    s->nksig > 0 ? TH_TAG_DNSSEC06_EXTRA_PROCESSING_OK
		                 : TH_TAG_DNSSEC06_EXTRA_PROCESSING_BROKEN,
		    "server", s->ip, "keys", keys, "sigs", sigs, NULL);
	}
}

/* ---- DNSSEC07 and DNSSEC11 ---------------------------------------------- */

/* A child server that answers the plain SOA query with authority (the
 * sanity filter of DNSSEC07 and DNSSEC11). */
static bool
soa_sane(const struct th_evidence *ev, const struct dsrv *s)
{
	struct th_msg m;

	return reply(ev, &s->addr, TH_QF_PLAIN, TH_T_SOA, &m) == QS_ANSWER &&
	       auth_ok(&m);
}

/* Parent servers with and without DS (and, for DNSSEC11, undetermined). */
static void
parent_lists(const struct th_evidence *ev, struct th_strlist *with,
             struct th_strlist *without, struct th_strlist *undet)
{
	for (size_t i = 0; i < ev->parent_ns.n; i++) {
		const struct th_ev_ns *p = &ev->parent_ns.ns[i];

		for (size_t a = 0; a < p->naddr; a++) {
			struct th_msg m;
			char ip[TH_ADDR_STRLEN];

			ip_str(&p->addr[a], ip, sizeof(ip));
			switch (parent_ds(ev, &p->addr[a], false, &m)) {
			case DS_PRESENT:
				th_strlist_add(with, ip);
				break;
			case DS_NONE:
				th_strlist_add(without, ip);
				break;
			case DS_NO_RESPONSE:
				if (undet != NULL)
					th_strlist_add(undet, ip);
				break;
			case DS_NOT_SENT:
				break;
			}
		}
	}
}

static void
dnssec07_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_strlist sig = TH_STRLIST_INIT, unsig = TH_STRLIST_INIT;
	struct th_strlist with = TH_STRLIST_INIT, without = TH_STRLIST_INIT;
	char dom[TH_DNAME_STRLEN];
	struct th_buf b;

	dom_str(ev, dom, sizeof(dom));
	th_buf_init(&b, LISTMAX);
	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];
		char rc[8];

		if (s->kq == QS_NOT_SENT || !soa_sane(ev, s))
			continue;
		if (s->kq != QS_ANSWER) {
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC07_DS07_NO_RESPONSE_DNSKEY,
			               "ns", s->ip, "domain", dom, NULL);
			continue;
		}
		if (s->km.rcode != TH_RCODE_NOERROR) {
			snprintf(rc, sizeof(rc), "%u", (unsigned)s->km.rcode);
			th_report_emit(
			    ctx->rep,
			    TH_TAG_DNSSEC07_DS07_UNEXP_RCODE_RESP_DNSKEY, "ns",
			    s->ip, "rcode", rc, "domain", dom, NULL);
			continue;
		}
		if (!(s->km.flags & TH_MSG_AA)) {
			th_report_emit(
			    ctx->rep,
			    TH_TAG_DNSSEC07_DS07_NON_AUTH_RESPONSE_DNSKEY, "ns",
			    s->ip, "domain", dom, NULL);
			continue;
		}
		th_strlist_add(s->nkeys > 0 && s->nksig > 0 ? &sig : &unsig,
		               s->ip);
	}
	if (sig.n == 0 && unsig.n > 0) {
		th_report_emit(ctx->rep, TH_TAG_DNSSEC07_DS07_NOT_SIGNED,
		               "domain", dom, NULL);
		goto out;
	}
	if (sig.n == 0)
		goto out;
	if (unsig.n > 0) {
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC07_DS07_INCONSISTENT_SIGNED,
		               "domain", dom, NULL);
		th_report_emit(ctx->rep, TH_TAG_DNSSEC07_DS07_SIGNED_ON_SERVER,
		               "domain", dom, "ns_ip_list",
		               th_strlist_join(&sig, &b), NULL);
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC07_DS07_NOT_SIGNED_ON_SERVER,
		               "domain", dom, "ns_ip_list",
		               th_strlist_join(&unsig, &b), NULL);
	} else {
		th_report_emit(ctx->rep, TH_TAG_DNSSEC07_DS07_SIGNED, "domain",
		               dom, NULL);
	}
	if (ev->undelegated) {
		th_report_emit(ctx->rep,
		               ev->nds > 0
		                   ? TH_TAG_DNSSEC07_DS07_DS_FOR_SIGNED_ZONE
		                   : TH_TAG_DNSSEC07_DS07_NO_DS_FOR_SIGNED_ZONE,
		               "domain", dom, NULL);
		goto out;
	}
	parent_lists(ev, &with, &without, NULL);
	if (with.n > 0 && without.n > 0) {
		th_report_emit(ctx->rep, TH_TAG_DNSSEC07_DS07_INCONSISTENT_DS,
		               "domain", dom, NULL);
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC07_DS07_DS_ON_PARENT_SERVER,
		               "domain", dom, "ns_ip_list",
		               th_strlist_join(&with, &b), NULL);
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC07_DS07_NO_DS_ON_PARENT_SERVER,
		               "domain", dom, "ns_ip_list",
		               th_strlist_join(&without, &b), NULL);
	} else if (with.n > 0) {
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC07_DS07_DS_FOR_SIGNED_ZONE,
		               "domain", dom, NULL);
	} else if (without.n > 0) {
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC07_DS07_NO_DS_FOR_SIGNED_ZONE,
		               "domain", dom, NULL);
	}
out:
	th_buf_free(&b);
	th_strlist_free(&sig);
	th_strlist_free(&unsig);
	th_strlist_free(&with);
	th_strlist_free(&without);
}

static void
dnssec11_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_strlist with = TH_STRLIST_INIT, without = TH_STRLIST_INIT;
	struct th_strlist undet = TH_STRLIST_INIT;
	struct th_strlist sig = TH_STRLIST_INIT, unsig = TH_STRLIST_INIT;
	struct th_buf b;

	th_buf_init(&b, LISTMAX);
	if (ev->undelegated) {
		if (ev->nds == 0)
			goto out;
	} else {
		parent_lists(ev, &with, &without, &undet);
		if (with.n == 0 && without.n == 0) {
			if (undet.n > 0)
				th_report_emit(
				    ctx->rep,
				    TH_TAG_DNSSEC11_DS11_UNDETERMINED_DS, NULL);
			goto out;
		}
		/* No DS anywhere: the spec (step 3.5) exits without a
		 * message; an unsigned delegation is DNSSEC07's to report. */
		if (with.n == 0)
			goto out;
		if (without.n > 0) {
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC11_DS11_INCONSISTENT_DS,
			               NULL);
			th_report_emit(
			    ctx->rep, TH_TAG_DNSSEC11_DS11_PARENT_WITH_DS,
			    "ns_ip_list", th_strlist_join(&with, &b), NULL);
			th_report_emit(
			    ctx->rep, TH_TAG_DNSSEC11_DS11_PARENT_WITHOUT_DS,
			    "ns_ip_list", th_strlist_join(&without, &b), NULL);
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];

		if (s->kq != QS_ANSWER || !s->kauth || !soa_sane(ev, s))
			continue;
		th_strlist_add(s->nkeys > 0 ? &sig : &unsig, s->ip);
	}
	if (sig.n == 0 && unsig.n == 0) {
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC11_DS11_UNDETERMINED_SIGNED_ZONE,
		               NULL);
	} else if (sig.n == 0) {
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC11_DS11_DS_BUT_UNSIGNED_ZONE, NULL);
	} else if (unsig.n > 0) {
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC11_DS11_INCONSISTENT_SIGNED_ZONE,
		               NULL);
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC11_DS11_NS_WITH_SIGNED_ZONE,
		               "ns_ip_list", th_strlist_join(&sig, &b), NULL);
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC11_DS11_NS_WITH_UNSIGNED_ZONE,
		               "ns_ip_list", th_strlist_join(&unsig, &b), NULL);
	}
out:
	th_buf_free(&b);
	th_strlist_free(&with);
	th_strlist_free(&without);
	th_strlist_free(&undet);
	th_strlist_free(&sig);
	th_strlist_free(&unsig);
}

/* ---- DNSSEC08 and DNSSEC09: RRSIGs checked against the DNSKEY set -------- */

enum {
	SG_MISSING,
	SG_NO_KEY,
	SG_EXPIRED,
	SG_NOT_YET,
	SG_ALGO,
	SG_INVALID,
	SG__COUNT
};

/*
 * Check each of the nsig RRSIGs over the n records of rrset with the keys
 * of s; findings go to fs keyed by (kind, key tag, algorithm).
 */
static int
check_sigs(struct dcache *c, const struct dsrv *s, uint64_t now,
           const struct th_dsig_rr *sigs, size_t nsig,
           const struct th_dsig_rr *rrset, size_t n, struct finds *fs)
{
	for (size_t g = 0; g < nsig; g++) {
		struct th_dsig_rrsig rs;
		unsigned kind = SG_NO_KEY;

		if (th_dsig_rrsig_parse(&sigs[g], &rs) != 0) {
			finds_add(fs, SG_INVALID, 0, 0, s->ip);
			continue;
		}
		for (size_t k = 0; k < s->nkeys; k++) {
			enum th_dsig_outcome o;
			int rc;

			if (th_dsig_key_tag(s->key[k]) != rs.key_tag ||
			    th_dsig_key_algorithm(s->key[k]) != rs.algorithm)
				continue;
			rc = th_dsig_verify(&sigs[g], rrset, n, s->key[k], now,
			                    &c->scratch, &o);
			if (rc != 0)
				return rc;
			if (o == TH_DSIG_KEY_MISMATCH)
				continue;
			switch (o) {
			case TH_DSIG_VALID:
				kind = SG__COUNT;
				break;
			case TH_DSIG_EXPIRED:
				kind = SG_EXPIRED;
				break;
			case TH_DSIG_NOT_YET_VALID:
				kind = SG_NOT_YET;
				break;
			case TH_DSIG_ALGO_NOT_SUPPORTED:
				kind = SG_ALGO;
				break;
			default:
				kind = SG_INVALID;
				break;
			}
			if (kind == SG__COUNT)
				break;
		}
		if (kind != SG__COUNT)
			finds_add(fs, kind, rs.key_tag, rs.algorithm, s->ip);
	}
	return 0;
}

static void
emit_sig_finds(const struct th_engine_ctx *ctx, struct finds *fs,
               const enum th_tag *tags)
{
	struct th_buf b;
	char tag[8], num[8];

	th_buf_init(&b, LISTMAX);
	for (size_t i = 0; i < fs->n; i++) {
		const struct find *f = &fs->f[i];
		const char *list = th_strlist_join(&fs->f[i].ips, &b);

		snprintf(tag, sizeof(tag), "%u", f->a);
		snprintf(num, sizeof(num), "%u", f->b);
		if (f->kind == SG_MISSING)
			th_report_emit(ctx->rep, tags[f->kind], "ns_ip_list",
			               list, NULL);
		else if (f->kind == SG_ALGO)
			th_report_emit(ctx->rep, tags[f->kind], "keytag", tag,
			               "algo_num", num, "algo_mnemo",
			               algo_mnemo(f->b), "ns_ip_list", list,
			               NULL);
		else
			th_report_emit(ctx->rep, tags[f->kind], "keytag", tag,
			               "ns_ip_list", list, NULL);
	}
	th_buf_free(&b);
}

static void
dnssec08_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const enum th_tag tags[SG__COUNT] = {
	    [SG_MISSING] = TH_TAG_DNSSEC08_DS08_MISSING_RRSIG_IN_RESPONSE,
	    [SG_NO_KEY] = TH_TAG_DNSSEC08_DS08_NO_MATCHING_DNSKEY,
	    [SG_EXPIRED] = TH_TAG_DNSSEC08_DS08_DNSKEY_RRSIG_EXPIRED,
	    [SG_NOT_YET] = TH_TAG_DNSSEC08_DS08_DNSKEY_RRSIG_NOT_YET_VALID,
	    [SG_ALGO] = TH_TAG_DNSSEC08_DS08_ALGO_NOT_SUPPORTED_BY_ZM,
	    [SG_INVALID] = TH_TAG_DNSSEC08_DS08_RRSIG_NOT_VALID_BY_DNSKEY,
	};
	struct finds fs = {0};

	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];

		if (!has_keys(s))
			continue;
		if (s->nksig == 0) {
			finds_add(&fs, SG_MISSING, 0, 0, s->ip);
			continue;
		}
		if (check_sigs(c, s, ctx->ev->now, s->ksig, s->nksig, s->key_rr,
		               s->nkeys, &fs) != 0) {
			c->err = TH_ENOMEM;
			break;
		}
	}
	emit_sig_finds(ctx, &fs, tags);
	finds_free(&fs);
}

static void
dnssec09_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const enum th_tag tags[SG__COUNT] = {
	    [SG_MISSING] = TH_TAG_DNSSEC09_DS09_MISSING_RRSIG_IN_RESPONSE,
	    [SG_NO_KEY] = TH_TAG_DNSSEC09_DS09_NO_MATCHING_DNSKEY,
	    [SG_EXPIRED] = TH_TAG_DNSSEC09_DS09_SOA_RRSIG_EXPIRED,
	    [SG_NOT_YET] = TH_TAG_DNSSEC09_DS09_SOA_RRSIG_NOT_YET_VALID,
	    [SG_ALGO] = TH_TAG_DNSSEC09_DS09_ALGO_NOT_SUPPORTED_BY_ZM,
	    [SG_INVALID] = TH_TAG_DNSSEC09_DS09_RRSIG_NOT_VALID_BY_DNSKEY,
	};
	const struct th_evidence *ev = ctx->ev;
	struct finds fs = {0};

	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];
		struct th_msg m;
		struct th_rr rr[8], sr[MAXSIGS];
		struct th_dsig_rr soa[8], sig[MAXSIGS];
		size_t nsoa, nsig;

		if (!has_keys(s) ||
		    reply(ev, &s->addr, TH_QF_DNSSEC, TH_T_SOA, &m) !=
		        QS_ANSWER ||
		    !auth_ok(&m))
			continue;
		nsoa = collect(ev, &m, TH_T_SOA, 0, rr, soa, 8);
		if (nsoa == 0)
			continue;
		nsig = collect(ev, &m, TH_T_RRSIG, TH_T_SOA, sr, sig, MAXSIGS);
		if (nsig == 0) {
			finds_add(&fs, SG_MISSING, 0, 0, s->ip);
			continue;
		}
		if (check_sigs(c, s, ev->now, sig, nsig, soa, nsoa, &fs) != 0) {
			c->err = TH_ENOMEM;
			break;
		}
	}
	emit_sig_finds(ctx, &fs, tags);
	finds_free(&fs);
}

/* ---- DNSSEC14 ----------------------------------------------------------- */

enum { K14_SMALL, K14_LARGE, K14_REC };

/* IPV4_DISABLED / IPV6_DISABLED (DNSSEC14) for every pair of the NS sets
 * whose family is not in use: th_ev_ips leaves those out. */
static void
d14_disabled(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;

	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *ns = &ev->ns.ns[i];
		size_t n = ns->naddr + ns->nchild;

		if (!(ns->src & ALLNS))
			continue;
		for (size_t a = 0; a < n; a++) {
			const struct th_addr *x =
			    a < ns->naddr ? &ns->addr[a]
			                  : &ns->child_addr[a - ns->naddr];
			bool v6 = x->family == TH_AF_INET6, dup = false;
			char str[NSSTR];

			if (v6 ? ev->ipv6 : ev->ipv4)
				continue;
			for (size_t b = 0; b < ns->naddr && a >= ns->naddr; b++)
				dup |= th_addr_equal(&ns->addr[b], x);
			if (dup)
				continue;
			th_ev_ns_str(&ns->name, x, str, sizeof(str));
			th_report_emit(ctx->rep,
			               v6 ? TH_TAG_DNSSEC14_IPV6_DISABLED
			                  : TH_TAG_DNSSEC14_IPV4_DISABLED,
			               "ns", str, "rrtype", "DNSKEY", NULL);
		}
	}
}

static void
dnssec14_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const enum th_tag tags[] = {
	    [K14_SMALL] = TH_TAG_DNSSEC14_DNSKEY_TOO_SMALL_FOR_ALGO,
	    [K14_LARGE] = TH_TAG_DNSSEC14_DNSKEY_TOO_LARGE_FOR_ALGO,
	    [K14_REC] = TH_TAG_DNSSEC14_DNSKEY_SMALLER_THAN_REC,
	};
	static const char *const bound_key[] = {"keysizemin", "keysizemax",
	                                        "keysizerec"};
	struct finds fs = {0};
	bool any = false;

	d14_disabled(ctx);
	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];

		if (s->kq == QS_NOT_SENT)
			continue;
		if (s->kq != QS_ANSWER) {
			th_report_emit(ctx->rep, TH_TAG_DNSSEC14_NO_RESPONSE,
			               "ns", s->ip, NULL);
			continue;
		}
		if (s->nkeys == 0) {
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC14_NO_RESPONSE_DNSKEY, "ns",
			               s->ip, NULL);
			continue;
		}
		any = true;
		for (size_t k = 0; k < s->nkeys; k++) {
			unsigned alg = th_dsig_key_algorithm(s->key[k]);
			unsigned bits = th_dsig_key_rsa_bits(s->key[k]);
			unsigned min = alg == 10 ? 1024 : 512;
			unsigned tag = th_dsig_key_tag(s->key[k]);

			if (alg != 5 && alg != 7 && alg != 8 && alg != 10)
				continue;
			/* The finding's b packs algorithm and size. */
			if (bits < min)
				finds_add(&fs, K14_SMALL, tag, alg << 16 | bits,
				          s->ip);
			else if (bits > 4096)
				finds_add(&fs, K14_LARGE, tag, alg << 16 | bits,
				          s->ip);
			else if (bits < 2048)
				finds_add(&fs, K14_REC, tag, alg << 16 | bits,
				          s->ip);
		}
	}
	for (size_t i = 0; i < fs.n; i++) {
		const struct find *f = &fs.f[i];
		unsigned alg = f->b >> 16;
		unsigned bound = f->kind == K14_LARGE ? 4096
		                 : f->kind == K14_REC ? 2048
		                 : alg == 10          ? 1024
		                                      : 512;
		char tag[8], num[8], size[12], lim[12];

		snprintf(tag, sizeof(tag), "%u", f->a);
		snprintf(num, sizeof(num), "%u", alg);
		snprintf(size, sizeof(size), "%u", f->b & 0xffffu);
		snprintf(lim, sizeof(lim), "%u", bound);
		th_report_emit(ctx->rep, tags[f->kind], "keytag", tag,
		               "algo_num", num, "algo_descr", algo_mnemo(alg),
		               "keysize", size, bound_key[f->kind], lim, NULL);
	}
	if (any && fs.n == 0)
		th_report_emit(ctx->rep, TH_TAG_DNSSEC14_KEY_SIZE_OK, NULL);
	finds_free(&fs);
}

/* ---- DNSSEC02 ----------------------------------------------------------- */

static void
ds_add(struct dsset *d, const struct th_rr *rr, const struct th_dsig_rr *v)
{
	if (rr_in(v, d->v, d->n) || d->n == MAXDS)
		return;
	d->rr[d->n] = *rr;
	d->v[d->n] = *v;
	d->v[d->n].owner = &d->rr[d->n].owner;
	d->n++;
}

static void
dsset_build(const struct th_evidence *ev, struct dsset *d)
{
	d->n = 0;
	if (ev->undelegated) {
		for (size_t i = 0; i < ev->nds && d->n < MAXDS; i++) {
			const struct th_ev_ds *g = &ev->ds[i];
			uint8_t *r = d->given[d->n];
			size_t dl = g->dlen < TH_EV_DIGESTMAX ? g->dlen
			                                      : TH_EV_DIGESTMAX;

			r[0] = (uint8_t)(g->keytag >> 8);
			r[1] = (uint8_t)g->keytag;
			r[2] = g->algorithm;
			r[3] = g->digest_type;
			memcpy(r + 4, g->digest, dl);
			d->rr[d->n].owner = ev->domain;
			d->v[d->n] =
			    (struct th_dsig_rr){.owner = &d->rr[d->n].owner,
			                        .type = TH_T_DS,
			                        .rclass = TH_CLASS_IN,
			                        .rdata = r,
			                        .rdlen = (uint16_t)(4 + dl)};
			d->n++;
		}
		return;
	}
	for (size_t i = 0; i < ev->parent_ns.n; i++) {
		const struct th_ev_ns *p = &ev->parent_ns.ns[i];

		for (size_t a = 0; a < p->naddr; a++) {
			struct th_msg m;
			struct th_rr rr[MAXDS];
			struct th_dsig_rr v[MAXDS];
			size_t n;

			if (parent_ds(ev, &p->addr[a], false, &m) != DS_PRESENT)
				continue;
			n = collect(ev, &m, TH_T_DS, 0, rr, v, MAXDS);
			for (size_t k = 0; k < n; k++)
				ds_add(d, &rr[k], &v[k]);
		}
	}
}

enum {
	D02_NO_KEY,
	D02_NO_MATCH,
	D02_NOT_ZONE,
	D02_NOT_SEP,
	D02_NO_RRSIG,
	D02_SIG_INVALID,
	D02_ALGO,
	D02_NOT_SIGNED,
	D02_NO_VALID
};

static int
d02_server(struct dcache *c, const struct dsrv *s, uint64_t now,
           struct finds *fs)
{
	bool matched = false, valid = false, undecided = false;

	for (size_t d = 0; d < c->ds.n; d++) {
		const struct th_dsig_rr *ds = &c->ds.v[d];
		unsigned tag, alg;
		bool found = false, hit = false;

		if (ds->rdlen < 4)
			continue;
		tag = (unsigned)(ds->rdata[0] << 8 | ds->rdata[1]);
		alg = ds->rdata[2];
		for (size_t k = 0; k < s->nkeys; k++) {
			enum th_dsig_ds_result r;
			uint16_t flags = th_dsig_key_flags(s->key[k]);
			int rc;

			if (th_dsig_key_tag(s->key[k]) != tag ||
			    th_dsig_key_algorithm(s->key[k]) != alg)
				continue;
			found = true;
			if ((rc = th_dsig_ds_match(ds, &s->key_rr[k], &r)) != 0)
				return rc;
			if (r == TH_DSIG_DS_DIGEST_NOT_SUPPORTED)
				undecided = true;
			if (r != TH_DSIG_DS_MATCH)
				continue;
			hit = true;
			if (!(flags & TH_DSIG_FLAG_ZONE)) {
				finds_add(fs, D02_NOT_ZONE, tag, alg, s->ip);
				continue;
			}
			if (!(flags & TH_DSIG_FLAG_SEP))
				finds_add(fs, D02_NOT_SEP, tag, alg, s->ip);
			matched = true;
			{
				bool sigfound = false;

				for (size_t g = 0; g < s->nksig; g++) {
					struct th_dsig_rrsig rs;
					enum th_dsig_outcome o;

					if (th_dsig_rrsig_parse(&s->ksig[g],
					                        &rs) != 0 ||
					    rs.key_tag != tag ||
					    rs.algorithm != alg)
						continue;
					sigfound = true;
					rc = th_dsig_verify(
					    &s->ksig[g], s->key_rr, s->nkeys,
					    s->key[k], now, &c->scratch, &o);
					if (rc != 0)
						return rc;
					if (o == TH_DSIG_VALID) {
						valid = true;
					} else if (o ==
					           TH_DSIG_ALGO_NOT_SUPPORTED) {
						undecided = true;
						finds_add(fs, D02_ALGO, tag,
						          alg, s->ip);
					} else {
						finds_add(fs, D02_SIG_INVALID,
						          tag, alg, s->ip);
					}
				}
				if (!sigfound)
					finds_add(fs, D02_NO_RRSIG, tag, alg,
					          s->ip);
			}
		}
		if (!found)
			finds_add(fs, D02_NO_KEY, tag, alg, s->ip);
		else if (!hit && !undecided)
			finds_add(fs, D02_NO_MATCH, tag, alg, s->ip);
	}
	if (!matched && !undecided)
		finds_add(fs, D02_NO_VALID, 0, 0, s->ip);
	else if (matched && !valid && !undecided)
		finds_add(fs, D02_NOT_SIGNED, 0, 0, s->ip);
	return 0;
}

static void
dnssec02_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const enum th_tag tags[] = {
	    [D02_NO_KEY] = TH_TAG_DNSSEC02_DS02_NO_DNSKEY_FOR_DS,
	    [D02_NO_MATCH] = TH_TAG_DNSSEC02_DS02_NO_MATCH_DS_DNSKEY,
	    [D02_NOT_ZONE] = TH_TAG_DNSSEC02_DS02_DNSKEY_NOT_FOR_ZONE_SIGNING,
	    [D02_NOT_SEP] = TH_TAG_DNSSEC02_DS02_DNSKEY_NOT_SEP,
	    [D02_NO_RRSIG] = TH_TAG_DNSSEC02_DS02_NO_MATCHING_DNSKEY_RRSIG,
	    [D02_SIG_INVALID] = TH_TAG_DNSSEC02_DS02_RRSIG_NOT_VALID_BY_DNSKEY,
	    [D02_ALGO] = TH_TAG_DNSSEC02_DS02_ALGO_NOT_SUPPORTED_BY_ZM,
	    [D02_NOT_SIGNED] = TH_TAG_DNSSEC02_DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS,
	    [D02_NO_VALID] = TH_TAG_DNSSEC02_DS02_NO_VALID_DNSKEY_FOR_ANY_DS,
	};
	struct finds fs = {0};
	struct th_buf b;
	char tag[8], num[8];

	if (c->ds.n == 0)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (has_keys(&c->s[i]) &&
		    d02_server(c, &c->s[i], ctx->ev->now, &fs) != 0) {
			c->err = TH_ENOMEM;
			break;
		}
	th_buf_init(&b, LISTMAX);
	for (size_t i = 0; i < fs.n; i++) {
		const struct find *f = &fs.f[i];
		const char *list = th_strlist_join(&fs.f[i].ips, &b);

		snprintf(tag, sizeof(tag), "%u", f->a);
		snprintf(num, sizeof(num), "%u", f->b);
		if (f->kind == D02_NOT_SIGNED || f->kind == D02_NO_VALID)
			th_report_emit(ctx->rep, tags[f->kind], "ns_ip_list",
			               list, NULL);
		else if (f->kind == D02_ALGO)
			th_report_emit(ctx->rep, tags[f->kind], "keytag", tag,
			               "algo_num", num, "algo_mnemo",
			               algo_mnemo(f->b), "ns_ip_list", list,
			               NULL);
		else
			th_report_emit(ctx->rep, tags[f->kind], "keytag", tag,
			               "ns_ip_list", list, NULL);
	}
	th_buf_free(&b);
	finds_free(&fs);
}

/* ---- DNSSEC03 ----------------------------------------------------------- */

/*
 * Opt-out is expected of the root, TLDs and names on the Public Suffix
 * List (INFO there, NOTICE elsewhere). No PSL is wired into the engine:
 * the root and single-label zones count as TLD-like, every other zone as
 * not, so a registry zone below a TLD (co.uk) with opt-out gets NOTICE
 * where Zonemaster says INFO.
 */
static bool
tld_like(const struct th_dname *zone)
{
	return th_dname_labels(zone) <= 1;
}

enum {
	D03_NO_SUPPORT_SRV,
	D03_NO_NSEC3_SRV,
	D03_MULT,
	D03_ILLEGAL_ALGO,
	D03_LEGAL_ALGO,
	D03_ILLEGAL_ITER,
	D03_LEGAL_ITER,
	D03_ILLEGAL_SALT,
	D03_EMPTY_SALT,
	D03_UNASSIGNED,
	D03_OPTOUT,
	D03_NO_OPTOUT
};

/* The server of the cache with this address. */
static const struct dsrv *
srv_of(const struct dcache *c, const struct th_addr *a)
{
	for (size_t i = 0; i < c->n; i++)
		if (th_addr_equal(&c->s[i].addr, a))
			return &c->s[i];
	return NULL;
}

static void
dnssec03_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip *ips = malloc(MAXADDRS * sizeof(*ips));
	struct finds fs = {0};
	struct th_strlist sec = TH_STRLIST_INIT;
	size_t nips, nsec3 = 0, nnodnssec = 0, nnonsec3 = 0;
	bool first = true, incons[4] = {false};
	unsigned ref[4] = {0};
	struct th_buf b;

	if (ips == NULL) {
		c->err = TH_ENOMEM;
		return;
	}
	nips = th_ev_ips(ev, ALLNS, ips, MAXADDRS);
	for (size_t i = 0; i < nips; i++) {
		const struct dsrv *s = srv_of(c, &ips[i].addr);
		char ns[NSSTR];
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;
		struct th_nsec3 n3 = {0};
		size_t count = 0;
		unsigned cur[4];

		if (s == NULL || s->kq == QS_NOT_SENT)
			continue;
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		if (!has_keys(s)) {
			finds_add(&fs, D03_NO_SUPPORT_SRV, 0, 0, ns);
			nnodnssec++;
			continue;
		}
		th_strlist_add(&sec, ns);
		if (reply(ev, &s->addr, TH_QF_DNSSEC, TH_T_NSEC, &m) !=
		        QS_ANSWER ||
		    m.rcode != TH_RCODE_NOERROR)
			continue;
		th_msg_iter_init(&it, &m, TH_SEC_AUTHORITY);
		while (th_msg_iter_next(&it, &rr))
			if (rr.type == TH_T_NSEC3 &&
			    th_nsec_parse3(
			        th_msg_rdata(&m, &rr), rr.rdlen,
			        count == 0 ? &n3 : &(struct th_nsec3){0}) == 0)
				count++;
		if (count == 0) {
			finds_add(&fs, D03_NO_NSEC3_SRV, 0, 0, ns);
			nnonsec3++;
			continue;
		}
		nsec3++;
		if (count > 1) {
			finds_add(&fs, D03_MULT, 0, 0, ns);
			continue;
		}
		finds_add(&fs,
		          n3.algorithm == 1 ? D03_LEGAL_ALGO : D03_ILLEGAL_ALGO,
		          n3.algorithm, 0, ns);
		finds_add(
		    &fs, n3.iterations == 0 ? D03_LEGAL_ITER : D03_ILLEGAL_ITER,
		    n3.iterations, 0, ns);
		finds_add(&fs,
		          n3.salt_len == 0 ? D03_EMPTY_SALT : D03_ILLEGAL_SALT,
		          n3.salt_len, 0, ns);
		for (unsigned bit = 1; bit < 8; bit++)
			if (n3.flags & (1u << bit))
				/* RFC 5155 numbers the flag bits from the
				 * left: opt-out, value 1, is bit 7. */
				finds_add(&fs, D03_UNASSIGNED, 7 - bit, 0, ns);
		finds_add(&fs,
		          (n3.flags & TH_NSEC_OPTOUT) ? D03_OPTOUT
		                                      : D03_NO_OPTOUT,
		          0, 0, ns);
		cur[0] = n3.algorithm;
		cur[1] = n3.iterations;
		cur[2] = n3.flags;
		cur[3] = n3.salt_len;
		for (int k = 0; k < 4; k++) {
			if (!first && cur[k] != ref[k])
				incons[k] = true;
			ref[k] = cur[k];
		}
		first = false;
	}
	th_buf_init(&b, LISTMAX);
	if (nnodnssec > 0 || nsec3 == 0) {
		for (size_t i = 0; i < fs.n; i++) {
			const struct find *f = &fs.f[i];

			if (f->kind == D03_NO_SUPPORT_SRV)
				th_report_emit(
				    ctx->rep,
				    sec.n == 0
				        ? TH_TAG_DNSSEC03_DS03_NO_DNSSEC_SUPPORT
				        : TH_TAG_DNSSEC03_DS03_SERVER_NO_DNSSEC_SUPPORT,
				    "ns_list",
				    th_strlist_join(&fs.f[i].ips, &b), NULL);
		}
	}
	if (sec.n > 0 && nsec3 == 0) {
		th_report_emit(ctx->rep, TH_TAG_DNSSEC03_DS03_NO_NSEC3,
		               "ns_list", th_strlist_join(&sec, &b), NULL);
		goto out;
	}
	for (size_t i = 0; i < fs.n; i++) {
		const struct find *f = &fs.f[i];
		const char *list = th_strlist_join(&fs.f[i].ips, &b);
		char v[12];

		snprintf(v, sizeof(v), "%u", f->a);
		switch (f->kind) {
		case D03_NO_NSEC3_SRV:
			if (nnonsec3 > 0)
				th_report_emit(
				    ctx->rep,
				    TH_TAG_DNSSEC03_DS03_SERVER_NO_NSEC3,
				    "ns_list", list, NULL);
			break;
		case D03_MULT:
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC03_DS03_ERR_MULT_NSEC3,
			               "ns_list", list, NULL);
			break;
		case D03_ILLEGAL_ALGO:
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC03_DS03_ILLEGAL_HASH_ALGO,
			               "algo_num", v, "ns_list", list, NULL);
			break;
		case D03_LEGAL_ALGO:
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC03_DS03_LEGAL_HASH_ALGO,
			               "ns_list", list, NULL);
			break;
		case D03_ILLEGAL_ITER:
			th_report_emit(
			    ctx->rep,
			    TH_TAG_DNSSEC03_DS03_ILLEGAL_ITERATION_VALUE, "int",
			    v, "ns_list", list, NULL);
			break;
		case D03_LEGAL_ITER:
			th_report_emit(
			    ctx->rep,
			    TH_TAG_DNSSEC03_DS03_LEGAL_ITERATION_VALUE,
			    "ns_list", list, NULL);
			break;
		case D03_ILLEGAL_SALT:
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC03_DS03_ILLEGAL_SALT_LENGTH,
			               "int", v, "ns_list", list, NULL);
			break;
		case D03_EMPTY_SALT:
			th_report_emit(ctx->rep,
			               TH_TAG_DNSSEC03_DS03_LEGAL_EMPTY_SALT,
			               "ns_list", list, NULL);
			break;
		case D03_UNASSIGNED:
			th_report_emit(
			    ctx->rep, TH_TAG_DNSSEC03_DS03_UNASSIGNED_FLAG_USED,
			    "int", v, "ns_list", list, NULL);
			break;
		case D03_OPTOUT:
			th_report_emit(
			    ctx->rep,
			    tld_like(&ev->domain)
			        ? TH_TAG_DNSSEC03_DS03_NSEC3_OPT_OUT_ENABLED_TLD
			        : TH_TAG_DNSSEC03_DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD,
			    "ns_list", list, NULL);
			break;
		case D03_NO_OPTOUT:
			th_report_emit(
			    ctx->rep,
			    TH_TAG_DNSSEC03_DS03_NSEC3_OPT_OUT_DISABLED,
			    "ns_list", list, NULL);
			break;
		default:
			break;
		}
	}
	if (incons[0])
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC03_DS03_INCONSISTENT_HASH_ALGO,
		               NULL);
	if (incons[1])
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC03_DS03_INCONSISTENT_ITERATION,
		               NULL);
	if (incons[2])
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC03_DS03_INCONSISTENT_NSEC3_FLAGS,
		               NULL);
	if (incons[3])
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC03_DS03_INCONSISTENT_SALT_LENGTH,
		               NULL);
out:
	th_buf_free(&b);
	th_strlist_free(&sec);
	finds_free(&fs);
	free(ips);
}

/* ---- DNSSEC04 ----------------------------------------------------------- */

/*
 * Zonemaster's test_cases_vars.dnssec04 defaults: engine/profile.h has no
 * such tunables yet, so these limits are fixed here.
 */
#define D04_REMAINING_SHORT 43200u
#define D04_REMAINING_LONG 15552000u
#define D04_DURATION_LONG 15552000u

static const char *
type_name(uint16_t t)
{
	return t == TH_T_SOA ? "SOA" : t == TH_T_DNSKEY ? "DNSKEY" : "?";
}

static void
d04_sig(const struct th_engine_ctx *ctx, const struct th_dsig_rr *rr)
{
	struct th_dsig_rrsig rs;
	char tag[8], dur[24], date[64];
	uint64_t now = ctx->ev->now;
	time_t exp;
	struct tm tm;

	if (th_dsig_rrsig_parse(rr, &rs) != 0)
		return;
	snprintf(tag, sizeof(tag), "%u", (unsigned)rs.key_tag);
	exp = (time_t)rs.expiration;
	if (gmtime_r(&exp, &tm) == NULL ||
	    strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm) == 0)
		snprintf(date, sizeof(date), "%u", (unsigned)rs.expiration);
	th_report_emit(ctx->rep, TH_TAG_DNSSEC04_RRSIG_EXPIRATION, "keytag",
	               tag, "types", type_name(rs.type_covered), "date", date,
	               NULL);
	if (th_dsig_check_time(&rs, now) == TH_DSIG_EXPIRED) {
		th_report_emit(ctx->rep, TH_TAG_DNSSEC04_RRSIG_EXPIRED,
		               "keytag", tag, "types",
		               type_name(rs.type_covered), "expiration", date,
		               NULL);
		return;
	}
	if (rs.expiration >= now) {
		uint64_t left = rs.expiration - now;

		snprintf(dur, sizeof(dur), "%llu", (unsigned long long)left);
		if (left < D04_REMAINING_SHORT)
			th_report_emit(
			    ctx->rep, TH_TAG_DNSSEC04_REMAINING_SHORT, "keytag",
			    tag, "types", type_name(rs.type_covered),
			    "duration", dur, NULL);
		else if (left > D04_REMAINING_LONG)
			th_report_emit(ctx->rep, TH_TAG_DNSSEC04_REMAINING_LONG,
			               "keytag", tag, "types",
			               type_name(rs.type_covered), "duration",
			               dur, NULL);
	}
	{
		uint32_t d = rs.expiration - rs.inception;

		snprintf(dur, sizeof(dur), "%u", (unsigned)d);
		th_report_emit(
		    ctx->rep,
		    d > D04_DURATION_LONG ? TH_TAG_DNSSEC04_DURATION_LONG
		                          : TH_TAG_DNSSEC04_DURATION_OK,
		    "keytag", tag, "types", type_name(rs.type_covered),
		    "duration", dur, NULL);
	}
}

static void
dnssec04_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	const struct th_evidence *ev = ctx->ev;

	/* The first server that answers both queries. */
	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];
		struct th_msg m;
		struct th_rr sr[MAXSIGS];
		struct th_dsig_rr sig[MAXSIGS];
		size_t nsig;

		if (s->kq != QS_ANSWER || !s->kauth ||
		    reply(ev, &s->addr, TH_QF_DNSSEC, TH_T_SOA, &m) !=
		        QS_ANSWER ||
		    !auth_ok(&m))
			continue;
		for (size_t g = 0; g < s->nksig; g++)
			d04_sig(ctx, &s->ksig[g]);
		nsig = collect(ev, &m, TH_T_RRSIG, TH_T_SOA, sr, sig, MAXSIGS);
		for (size_t g = 0; g < nsig; g++)
			d04_sig(ctx, &sig[g]);
		return;
	}
}

/* ---- DNSSEC10 ----------------------------------------------------------- */

/*
 * Per server (name/address pair): the apex NSEC query answers with the
 * apex NSEC (an NSEC zone) or NODATA with the apex NSEC3 in the authority
 * section (an NSEC3 zone); the NSEC3PARAM query is NODATA for the first,
 * one apex NSEC3PARAM for the second. INCONSISTENT_NSEC (NSEC3) here
 * means servers of one kind that give different apex records.
 */
enum {
	T_QERR,
	T_GIVES_ERR,
	T_MULT,
	T_MISMATCH,
	T_TYPES,
	T_MISSING_SIG,
	T_NO_KEY,
	T_EXPIRED,
	T_NOT_YET,
	T_VERIFY,
	T_NO_VERIFIED,
	T_NODATA_SOA,
	T__COUNT
};

/* NSEC and NSEC3 variants of each finding. */
static const enum th_tag d10_tags[2][T__COUNT] = {
    {
        [T_QERR] = TH_TAG_DNSSEC10_DS10_NSEC_QUERY_RESPONSE_ERR,
        [T_GIVES_ERR] = TH_TAG_DNSSEC10_DS10_NSEC_GIVES_ERR_ANSWER,
        [T_MULT] = TH_TAG_DNSSEC10_DS10_ERR_MULT_NSEC,
        [T_MISMATCH] = TH_TAG_DNSSEC10_DS10_NSEC_MISMATCHES_APEX,
        [T_TYPES] = TH_TAG_DNSSEC10_DS10_NSEC_ERR_TYPE_LIST,
        [T_MISSING_SIG] = TH_TAG_DNSSEC10_DS10_NSEC_MISSING_SIGNATURE,
        [T_NO_KEY] = TH_TAG_DNSSEC10_DS10_NSEC_RRSIG_NO_DNSKEY,
        [T_EXPIRED] = TH_TAG_DNSSEC10_DS10_NSEC_RRSIG_EXPIRED,
        [T_NOT_YET] = TH_TAG_DNSSEC10_DS10_NSEC_RRSIG_NOT_YET_VALID,
        [T_VERIFY] = TH_TAG_DNSSEC10_DS10_NSEC_RRSIG_VERIFY_ERROR,
        [T_NO_VERIFIED] = TH_TAG_DNSSEC10_DS10_NSEC_NO_VERIFIED_SIGNATURE,
        [T_NODATA_SOA] = TH_TAG_DNSSEC10_DS10_NSEC_NODATA_MISSING_SOA,
    },
    {
        [T_QERR] = TH_TAG_DNSSEC10_DS10_NSEC_QUERY_RESPONSE_ERR,
        [T_GIVES_ERR] = TH_TAG_DNSSEC10_DS10_NSEC_GIVES_ERR_ANSWER,
        [T_MULT] = TH_TAG_DNSSEC10_DS10_ERR_MULT_NSEC3,
        [T_MISMATCH] = TH_TAG_DNSSEC10_DS10_NSEC3_MISMATCHES_APEX,
        [T_TYPES] = TH_TAG_DNSSEC10_DS10_NSEC3_ERR_TYPE_LIST,
        [T_MISSING_SIG] = TH_TAG_DNSSEC10_DS10_NSEC3_MISSING_SIGNATURE,
        [T_NO_KEY] = TH_TAG_DNSSEC10_DS10_NSEC3_RRSIG_NO_DNSKEY,
        [T_EXPIRED] = TH_TAG_DNSSEC10_DS10_NSEC3_RRSIG_EXPIRED,
        [T_NOT_YET] = TH_TAG_DNSSEC10_DS10_NSEC3_RRSIG_NOT_YET_VALID,
        [T_VERIFY] = TH_TAG_DNSSEC10_DS10_NSEC3_RRSIG_VERIFY_ERROR,
        [T_NO_VERIFIED] = TH_TAG_DNSSEC10_DS10_NSEC3_NO_VERIFIED_SIGNATURE,
        [T_NODATA_SOA] = TH_TAG_DNSSEC10_DS10_NSEC3_NODATA_MISSING_SOA,
    },
};

/* Finding kinds beyond the per-variant ones. */
enum {
	K_BASE3 = T__COUNT,
	K_ALGO = 2 * T__COUNT,
	K_MIXED,
	K_P_QERR,
	K_P_GIVES_ERR,
	K_P_MULT,
	K_P_MISMATCH,
	K_MISSING,
	K_NODNSSEC
};

struct d10 {
	const struct th_engine_ctx *ctx;
	struct dcache *c;
	struct finds fs;
	struct th_strlist nsec, nsec3;
	uint8_t first[2][512];
	size_t firstlen[2];
	bool seen[2], incons[2];
};

static void
d10_find(struct d10 *d, int v, unsigned kind, unsigned tag, unsigned alg,
         const char *ns)
{
	finds_add(&d->fs, (unsigned)v * T__COUNT + kind, tag, alg, ns);
}

/* The RRSIGs over the apex record rr (of msg m, section sec). */
static int
d10_sigs(struct d10 *d, const struct dsrv *s, const struct th_msg *m,
         enum th_msg_section sec, const struct th_rr *rr, int v, const char *ns)
{
	struct th_dsig_rr set, sig;
	struct th_msg_iter it;
	struct th_rr r;
	bool any = false, valid = false, unsupported = false;

	th_dsig_rr_from_msg(&set, m, rr);
	th_msg_iter_init(&it, m, sec);
	while (th_msg_iter_next(&it, &r)) {
		struct th_dsig_rrsig rs;
		unsigned kind = T_NO_KEY;

		if (r.type != TH_T_RRSIG || covered(m, &r) != rr->type ||
		    !th_dname_equal(&r.owner, &rr->owner))
			continue;
		any = true;
		th_dsig_rr_from_msg(&sig, m, &r);
		if (th_dsig_rrsig_parse(&sig, &rs) != 0) {
			d10_find(d, v, T_VERIFY, 0, 0, ns);
			continue;
		}
		for (size_t k = 0; k < s->nkeys && kind != T__COUNT; k++) {
			enum th_dsig_outcome o;
			int rc;

			if (th_dsig_key_tag(s->key[k]) != rs.key_tag ||
			    th_dsig_key_algorithm(s->key[k]) != rs.algorithm)
				continue;
			rc =
			    th_dsig_verify(&sig, &set, 1, s->key[k],
			                   d->ctx->ev->now, &d->c->scratch, &o);
			if (rc != 0)
				return rc;
			switch (o) {
			case TH_DSIG_VALID:
				kind = T__COUNT;
				break;
			case TH_DSIG_KEY_MISMATCH:
				break;
			case TH_DSIG_EXPIRED:
				kind = T_EXPIRED;
				break;
			case TH_DSIG_NOT_YET_VALID:
				kind = T_NOT_YET;
				break;
			case TH_DSIG_ALGO_NOT_SUPPORTED:
				kind = K_ALGO;
				break;
			default:
				kind = T_VERIFY;
				break;
			}
		}
		if (kind == T__COUNT) {
			valid = true;
		} else if (kind == K_ALGO) {
			unsupported = true;
			finds_add(&d->fs, K_ALGO, rs.key_tag, rs.algorithm,
			          s->ip);
		} else {
			d10_find(d, v, kind, rs.key_tag, 0, ns);
		}
	}
	if (!any)
		d10_find(d, v, T_MISSING_SIG, 0, 0, ns);
	else if (!valid && !unsupported)
		d10_find(d, v, T_NO_VERIFIED, 0, 0, ns);
	return 0;
}

/* The SOA of a NODATA answer: missing, or owned by another name. */
static void
d10_nodata_soa(struct d10 *d, const struct th_msg *m, int v, const char *ns)
{
	struct th_msg_iter it;
	struct th_rr r;
	char owner[TH_DNAME_STRLEN];

	th_msg_iter_init(&it, m, TH_SEC_AUTHORITY);
	while (th_msg_iter_next(&it, &r)) {
		if (r.type != TH_T_SOA)
			continue;
		if (th_dname_equal(&r.owner, &d->ctx->ev->domain))
			return;
		th_ev_ns_str(&r.owner, NULL, owner, sizeof(owner));
		th_report_emit(d->ctx->rep,
		               v ? TH_TAG_DNSSEC10_DS10_NSEC3_NODATA_WRONG_SOA
		                 : TH_TAG_DNSSEC10_DS10_NSEC_NODATA_WRONG_SOA,
		               "domain", owner, "ns_list", ns, NULL);
		return;
	}
	d10_find(d, v, T_NODATA_SOA, 0, 0, ns);
}

static void
d10_consistent(struct d10 *d, int v, const struct th_msg *m,
               const struct th_rr *rr)
{
	size_t n = rr->rdlen < 512 ? rr->rdlen : 512;

	if (!d->seen[v]) {
		memcpy(d->first[v], th_msg_rdata(m, rr), n);
		d->firstlen[v] = n;
		d->seen[v] = true;
	} else if (d->firstlen[v] != n ||
	           memcmp(d->first[v], th_msg_rdata(m, rr), n) != 0) {
		d->incons[v] = true;
	}
}

static bool
bitmap_ok(const uint8_t *bm, size_t len, const uint16_t *must, size_t nmust,
          const uint16_t *mustnot, size_t nnot)
{
	for (size_t i = 0; i < nmust; i++)
		if (!th_nsec_bitmap_has(bm, len, must[i]))
			return false;
	for (size_t i = 0; i < nnot; i++)
		if (th_nsec_bitmap_has(bm, len, mustnot[i]))
			return false;
	return true;
}

static int
d10_server(struct d10 *d, const struct dsrv *s, const char *ns)
{
	static const uint16_t nsec_must[] = {TH_T_SOA, TH_T_NS, TH_T_DNSKEY,
	                                     TH_T_NSEC, TH_T_RRSIG};
	static const uint16_t nsec_not[] = {TH_T_NSEC3, TH_T_NSEC3PARAM};
	static const uint16_t n3_must[] = {TH_T_SOA, TH_T_NS, TH_T_DNSKEY,
	                                   TH_T_NSEC3PARAM, TH_T_RRSIG};
	static const uint16_t n3_not[] = {TH_T_NSEC, TH_T_NSEC3};
	const struct th_evidence *ev = d->ctx->ev;
	struct th_msg m, p;
	struct th_msg_iter it;
	struct th_rr r, rec = {0};
	size_t count = 0, other = 0;
	int v, rc;

	if (reply(ev, &s->addr, TH_QF_DNSSEC, TH_T_NSEC, &m) != QS_ANSWER ||
	    m.rcode != TH_RCODE_NOERROR) {
		d10_find(d, 0, T_QERR, 0, 0, ns);
		return 0;
	}
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &r))
		if (r.type == TH_T_NSEC)
			rec = count++ == 0 ? r : rec;
		else if (r.type != TH_T_RRSIG)
			other++;
	v = count > 0 ? 0 : 1;
	if (v == 1) {
		th_msg_iter_init(&it, &m, TH_SEC_AUTHORITY);
		while (th_msg_iter_next(&it, &r))
			if (r.type == TH_T_NSEC3)
				rec = count++ == 0 ? r : rec;
		if (count == 0) {
			finds_add(&d->fs, K_MISSING, 0, 0, ns);
			return 0;
		}
		d10_nodata_soa(d, &m, 1, ns);
	}
	th_strlist_add(v ? &d->nsec3 : &d->nsec, ns);
	if (other > 0)
		d10_find(d, v, T_GIVES_ERR, 0, 0, ns);
	if (count > 1) {
		d10_find(d, v, T_MULT, 0, 0, ns);
		return 0;
	}
	d10_consistent(d, v, &m, &rec);
	if (v == 0) {
		struct th_nsec n;

		if (!th_dname_equal(&rec.owner, &ev->domain))
			d10_find(d, 0, T_MISMATCH, 0, 0, ns);
		if (th_nsec_parse(th_msg_rdata(&m, &rec), rec.rdlen, &n) != 0 ||
		    !bitmap_ok(n.bitmap, n.bitmap_len, nsec_must, 5, nsec_not,
		               2))
			d10_find(d, 0, T_TYPES, 0, 0, ns);
		if ((rc = d10_sigs(d, s, &m, TH_SEC_ANSWER, &rec, 0, ns)) != 0)
			return rc;
	} else {
		struct th_nsec3 n;
		uint8_t want[TH_NSEC_HASHLEN], have[64];
		size_t hl = 0;

		if (th_nsec_parse3(th_msg_rdata(&m, &rec), rec.rdlen, &n) !=
		    0) {
			d10_find(d, 1, T_TYPES, 0, 0, ns);
		} else {
			rc =
			    th_nsec_hash(&ev->domain, n.algorithm, n.iterations,
			                 n.salt, n.salt_len, want);
			if (rc == TH_ENOMEM || rc == TH_ECRYPTO)
				return rc;
			if (rc != 0 ||
			    th_nsec_owner_hash(&rec.owner, have, sizeof(have),
			                       &hl) != 0 ||
			    hl != TH_NSEC_HASHLEN ||
			    memcmp(have, want, hl) != 0 ||
			    !th_dname_is_subdomain(&rec.owner, &ev->domain))
				d10_find(d, 1, T_MISMATCH, 0, 0, ns);
			if (!bitmap_ok(n.bitmap, n.bitmap_len, n3_must, 5,
			               n3_not, 2))
				d10_find(d, 1, T_TYPES, 0, 0, ns);
		}
		if ((rc = d10_sigs(d, s, &m, TH_SEC_AUTHORITY, &rec, 1, ns)) !=
		    0)
			return rc;
	}
	/* The NSEC3PARAM query. */
	if (reply(ev, &s->addr, TH_QF_DNSSEC, TH_T_NSEC3PARAM, &p) !=
	        QS_ANSWER ||
	    p.rcode != TH_RCODE_NOERROR) {
		finds_add(&d->fs, K_P_QERR, 0, 0, ns);
		return 0;
	}
	count = other = 0;
	th_msg_iter_init(&it, &p, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &r))
		if (r.type == TH_T_NSEC3PARAM)
			rec = count++ == 0 ? r : rec;
		else if (r.type != TH_T_RRSIG)
			other++;
	if (v == 0) {
		if (count > 0)
			finds_add(&d->fs, K_MIXED, 0, 0, ns);
		else
			d10_nodata_soa(d, &p, 0, ns);
		return 0;
	}
	if (other > 0)
		finds_add(&d->fs, K_P_GIVES_ERR, 0, 0, ns);
	if (count == 0) {
		bool has_nsec = false;

		th_msg_iter_init(&it, &p, TH_SEC_AUTHORITY);
		while (th_msg_iter_next(&it, &r))
			has_nsec |= r.type == TH_T_NSEC;
		finds_add(&d->fs, has_nsec ? K_MIXED : K_P_QERR, 0, 0, ns);
	} else if (count > 1) {
		finds_add(&d->fs, K_P_MULT, 0, 0, ns);
	} else if (!th_dname_equal(&rec.owner, &ev->domain)) {
		finds_add(&d->fs, K_P_MISMATCH, 0, 0, ns);
	}
	return 0;
}

static void
dnssec10_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const enum th_tag extra[] = {
	    [K_MIXED - K_ALGO] = TH_TAG_DNSSEC10_DS10_MIXED_NSEC_NSEC3,
	    [K_P_QERR - K_ALGO] =
	        TH_TAG_DNSSEC10_DS10_NSEC3PARAM_QUERY_RESPONSE_ERR,
	    [K_P_GIVES_ERR - K_ALGO] =
	        TH_TAG_DNSSEC10_DS10_NSEC3PARAM_GIVES_ERR_ANSWER,
	    [K_P_MULT - K_ALGO] = TH_TAG_DNSSEC10_DS10_ERR_MULT_NSEC3PARAM,
	    [K_P_MISMATCH - K_ALGO] =
	        TH_TAG_DNSSEC10_DS10_NSEC3PARAM_MISMATCHES_APEX,
	    [K_MISSING - K_ALGO] =
	        TH_TAG_DNSSEC10_DS10_EXPECTED_NSEC_NSEC3_MISSING,
	};
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip *ips = malloc(MAXADDRS * sizeof(*ips));
	struct th_strlist nodnssec = TH_STRLIST_INIT, all = TH_STRLIST_INIT;
	struct d10 *d = calloc(1, sizeof(*d));
	struct th_buf b, b2;
	size_t nips;

	if (ips == NULL || d == NULL) {
		free(ips);
		free(d);
		c->err = TH_ENOMEM;
		return;
	}
	d->ctx = ctx;
	d->c = c;
	nips = th_ev_ips(ev, ALLNS, ips, MAXADDRS);
	for (size_t i = 0; i < nips; i++) {
		const struct dsrv *s = srv_of(c, &ips[i].addr);
		char ns[NSSTR];

		if (s == NULL || s->kq == QS_NOT_SENT)
			continue;
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		th_strlist_add(&all, ns);
		if (!has_keys(s)) {
			th_strlist_add(&nodnssec, ns);
			continue;
		}
		if (d10_server(d, s, ns) != 0) {
			c->err = TH_ENOMEM;
			break;
		}
	}
	th_buf_init(&b, LISTMAX);
	th_buf_init(&b2, LISTMAX);
	for (size_t i = 0; i < d->fs.n; i++) {
		const struct find *f = &d->fs.f[i];
		const char *list = th_strlist_join(&d->fs.f[i].ips, &b);
		char tag[8], num[8];

		snprintf(tag, sizeof(tag), "%u", f->a);
		snprintf(num, sizeof(num), "%u", f->b);
		if (f->kind == K_ALGO) {
			th_report_emit(
			    ctx->rep,
			    TH_TAG_DNSSEC10_DS10_ALGO_NOT_SUPPORTED_BY_ZM,
			    "keytag", tag, "algo_num", num, "algo_mnemo",
			    algo_mnemo(f->b), "ns_ip_list", list, NULL);
		} else if (f->kind > K_ALGO) {
			th_report_emit(ctx->rep, extra[f->kind - K_ALGO],
			               "ns_list", list, NULL);
		} else {
			unsigned k = f->kind % T__COUNT;
			enum th_tag t = d10_tags[f->kind / T__COUNT][k];

			if (k == T_NO_KEY || k == T_EXPIRED || k == T_NOT_YET ||
			    k == T_VERIFY)
				th_report_emit(ctx->rep, t, "keytag", tag,
				               "ns_list", list, NULL);
			else
				th_report_emit(ctx->rep, t, "ns_list", list,
				               NULL);
		}
	}
	if (nodnssec.n > 0)
		th_report_emit(ctx->rep,
		               nodnssec.n == all.n
		                   ? TH_TAG_DNSSEC10_DS10_ZONE_NO_DNSSEC
		                   : TH_TAG_DNSSEC10_DS10_SERVER_NO_DNSSEC,
		               "ns_list", th_strlist_join(&nodnssec, &b), NULL);
	if (d->nsec.n > 0 && d->nsec3.n > 0)
		th_report_emit(
		    ctx->rep, TH_TAG_DNSSEC10_DS10_INCONSISTENT_NSEC_NSEC3,
		    "ns_list_nsec", th_strlist_join(&d->nsec, &b),
		    "ns_list_nsec3", th_strlist_join(&d->nsec3, &b2), NULL);
	else if (d->nsec.n > 0)
		th_report_emit(ctx->rep, TH_TAG_DNSSEC10_DS10_HAS_NSEC,
		               "ns_list", th_strlist_join(&d->nsec, &b), NULL);
	else if (d->nsec3.n > 0)
		th_report_emit(ctx->rep, TH_TAG_DNSSEC10_DS10_HAS_NSEC3,
		               "ns_list", th_strlist_join(&d->nsec3, &b), NULL);
	if (d->incons[0])
		th_report_emit(ctx->rep, TH_TAG_DNSSEC10_DS10_INCONSISTENT_NSEC,
		               "ns_list", th_strlist_join(&d->nsec, &b), NULL);
	if (d->incons[1])
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC10_DS10_INCONSISTENT_NSEC3,
		               "ns_list", th_strlist_join(&d->nsec3, &b), NULL);
	th_buf_free(&b);
	th_buf_free(&b2);
	th_strlist_free(&nodnssec);
	th_strlist_free(&all);
	th_strlist_free(&d->nsec);
	th_strlist_free(&d->nsec3);
	finds_free(&d->fs);
	free(d);
	free(ips);
}

/* ---- DNSSEC13 ----------------------------------------------------------- */

/*
 * Whether one of the RRSIGs has algorithm alg and the tag of a key of s
 * with that algorithm. Presence is what DNSSEC13 asks; whether the
 * signature verifies is DNSSEC08's and DNSSEC09's question.
 */
static bool
signed_by_alg(const struct dsrv *s, const struct th_dsig_rr *sigs, size_t n,
              unsigned alg)
{
	for (size_t g = 0; g < n; g++) {
		struct th_dsig_rrsig rs;

		if (th_dsig_rrsig_parse(&sigs[g], &rs) != 0 ||
		    rs.algorithm != alg)
			continue;
		for (size_t k = 0; k < s->nkeys; k++)
			if (th_dsig_key_algorithm(s->key[k]) == alg &&
			    th_dsig_key_tag(s->key[k]) == rs.key_tag)
				return true;
	}
	return false;
}

static void
dnssec13_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const uint16_t types[] = {TH_T_DNSKEY, TH_T_SOA, TH_T_NS};
	static const enum th_tag tags[] = {
	    TH_TAG_DNSSEC13_DS13_ALGO_NOT_SIGNED_DNSKEY,
	    TH_TAG_DNSSEC13_DS13_ALGO_NOT_SIGNED_SOA,
	    TH_TAG_DNSSEC13_DS13_ALGO_NOT_SIGNED_NS,
	};
	const struct th_evidence *ev = ctx->ev;
	struct finds fs = {0};
	struct th_buf b;
	char num[8];

	for (size_t i = 0; i < c->n; i++) {
		const struct dsrv *s = &c->s[i];

		if (!has_keys(s))
			continue;
		for (size_t t = 0; t < 3; t++) {
			struct th_msg m;
			struct th_rr sr[MAXSIGS];
			struct th_dsig_rr sigbuf[MAXSIGS];
			const struct th_dsig_rr *sig = s->ksig;
			size_t nsig = s->nksig;

			if (types[t] != TH_T_DNSKEY) {
				if (reply(ev, &s->addr, TH_QF_DNSSEC, types[t],
				          &m) != QS_ANSWER ||
				    !auth_ok(&m))
					continue;
				nsig = collect(ev, &m, TH_T_RRSIG, types[t], sr,
				               sigbuf, MAXSIGS);
				sig = sigbuf;
			}
			for (size_t k = 0; k < s->nkeys; k++) {
				unsigned alg = th_dsig_key_algorithm(s->key[k]);

				if (!signed_by_alg(s, sig, nsig, alg))
					finds_add(&fs, (unsigned)t, alg, 0,
					          s->ip);
			}
		}
	}
	th_buf_init(&b, LISTMAX);
	for (size_t i = 0; i < fs.n; i++) {
		snprintf(num, sizeof(num), "%u", fs.f[i].a);
		th_report_emit(ctx->rep, tags[fs.f[i].kind], "algo_num", num,
		               "algo_mnemo", algo_mnemo(fs.f[i].a),
		               "ns_ip_list", th_strlist_join(&fs.f[i].ips, &b),
		               NULL);
	}
	th_buf_free(&b);
	finds_free(&fs);
}

/* ---- DNSSEC15 ----------------------------------------------------------- */

/* One server's CDS and CDNSKEY RRsets. */
struct cset {
	bool have; /* both answers usable */
	struct th_msg m[2];
	size_t n[2];
	struct th_rr rr[2][MAXKEYS];
	struct th_dsig_rr v[2][MAXKEYS];
};

static bool
rr_in(const struct th_dsig_rr *x, const struct th_dsig_rr *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i].rdlen == x->rdlen &&
		    memcmp(set[i].rdata, x->rdata, x->rdlen) == 0)
			return true;
	return false;
}

static bool
set_equal(const struct th_dsig_rr *a, size_t na, const struct th_dsig_rr *b,
          size_t nb)
{
	for (size_t i = 0; i < na; i++)
		if (!rr_in(&a[i], b, nb))
			return false;
	for (size_t i = 0; i < nb; i++)
		if (!rr_in(&b[i], a, na))
			return false;
	return true;
}

/* A "delete" CDS (0 0 0 00) or CDNSKEY (0 3 0 AA==), RFC 8078 4. */
static bool
is_delete(const struct th_dsig_rr *r, bool cds)
{
	const uint8_t *p = r->rdata;

	if (cds)
		return r->rdlen == 5 && p[0] == 0 && p[1] == 0 && p[2] == 0 &&
		       p[3] == 0;
	return r->rdlen == 5 && p[0] == 0 && p[1] == 0 && p[2] == 3 &&
	       p[3] == 0;
}

/* Every CDS matches a CDNSKEY and every CDNSKEY is matched by a CDS. */
static int
cds_cdnskey_match(const struct cset *cs, bool *ok)
{
	bool keyhit[MAXKEYS] = {false};

	*ok = false;
	if (cs->n[0] == 1 && cs->n[1] == 1 && is_delete(&cs->v[0][0], true) &&
	    is_delete(&cs->v[1][0], false)) {
		*ok = true;
		return 0;
	}
	for (size_t d = 0; d < cs->n[0]; d++) {
		bool hit = false;

		for (size_t k = 0; k < cs->n[1]; k++) {
			enum th_dsig_ds_result r;
			int rc =
			    th_dsig_ds_match(&cs->v[0][d], &cs->v[1][k], &r);

			if (rc != 0)
				return rc;
			if (r == TH_DSIG_DS_MATCH)
				hit = keyhit[k] = true;
		}
		if (!hit)
			return 0;
	}
	for (size_t k = 0; k < cs->n[1]; k++)
		if (!keyhit[k])
			return 0;
	*ok = true;
	return 0;
}

static void
dnssec15_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const uint16_t qt[2] = {TH_T_CDS, TH_T_CDNSKEY};
	const struct th_evidence *ev = ctx->ev;
	struct th_strlist both = TH_STRLIST_INIT, cdsonly = TH_STRLIST_INIT;
	struct th_strlist keyonly = TH_STRLIST_INIT, mism = TH_STRLIST_INIT;
	const struct cset *first = NULL;
	bool incons[2] = {false, false};
	struct cset *cs;
	struct th_buf b;

	if (c->n == 0)
		return;
	cs = calloc(c->n, sizeof(*cs));
	if (cs == NULL) {
		c->err = TH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		struct cset *x = &cs[i];

		x->have = true;
		for (int t = 0; t < 2; t++) {
			if (reply(ev, &c->s[i].addr, TH_QF_DNSSEC, qt[t],
			          &x->m[t]) != QS_ANSWER ||
			    !auth_ok(&x->m[t])) {
				x->have = false;
				break;
			}
			x->n[t] = collect(ev, &x->m[t], qt[t], 0, x->rr[t],
			                  x->v[t], MAXKEYS);
		}
		if (!x->have)
			continue;
		if (first == NULL)
			first = x;
		for (int t = 0; t < 2; t++)
			if (!set_equal(first->v[t], first->n[t], x->v[t],
			               x->n[t]))
				incons[t] = true;
		if (x->n[0] > 0 && x->n[1] > 0) {
			bool ok;

			th_strlist_add(&both, c->s[i].ip);
			if (cds_cdnskey_match(x, &ok) != 0) {
				c->err = TH_ENOMEM;
				break;
			}
			if (!ok)
				th_strlist_add(&mism, c->s[i].ip);
		} else if (x->n[0] > 0) {
			th_strlist_add(&cdsonly, c->s[i].ip);
		} else if (x->n[1] > 0) {
			th_strlist_add(&keyonly, c->s[i].ip);
		}
	}
	th_buf_init(&b, LISTMAX);
	if (first != NULL && both.n + cdsonly.n + keyonly.n == 0)
		th_report_emit(ctx->rep, TH_TAG_DNSSEC15_DS15_NO_CDS_CDNSKEY,
		               NULL);
	if (both.n > 0)
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC15_DS15_HAS_CDS_AND_CDNSKEY,
		               "ns_ip_list", th_strlist_join(&both, &b), NULL);
	if (cdsonly.n > 0)
		th_report_emit(
		    ctx->rep, TH_TAG_DNSSEC15_DS15_HAS_CDS_NO_CDNSKEY,
		    "ns_ip_list", th_strlist_join(&cdsonly, &b), NULL);
	if (keyonly.n > 0)
		th_report_emit(
		    ctx->rep, TH_TAG_DNSSEC15_DS15_HAS_CDNSKEY_NO_CDS,
		    "ns_ip_list", th_strlist_join(&keyonly, &b), NULL);
	if (incons[0])
		th_report_emit(ctx->rep, TH_TAG_DNSSEC15_DS15_INCONSISTENT_CDS,
		               NULL);
	if (incons[1])
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC15_DS15_INCONSISTENT_CDNSKEY, NULL);
	if (mism.n > 0)
		th_report_emit(ctx->rep,
		               TH_TAG_DNSSEC15_DS15_MISMATCH_CDS_CDNSKEY,
		               "ns_ip_list", th_strlist_join(&mism, &b), NULL);
	th_buf_free(&b);
	th_strlist_free(&both);
	th_strlist_free(&cdsonly);
	th_strlist_free(&keyonly);
	th_strlist_free(&mism);
	free(cs);
}

/* ---- DNSSEC16, 17 and 18: CDS and CDNSKEY -------------------------------- */

enum vbk { VBK_NONE, VBK_VALID, VBK_INVALID, VBK_UNSUPPORTED };

/* How the RRSIGs made by key k judge the n records of rrset. */
static int
verify_by_key(struct dcache *c, struct th_dsig_key *k, uint64_t now,
              const struct th_dsig_rr *sigs, size_t nsig,
              const struct th_dsig_rr *rrset, size_t n, enum vbk *out)
{
	*out = VBK_NONE;
	for (size_t g = 0; g < nsig; g++) {
		struct th_dsig_rrsig rs;
		enum th_dsig_outcome o;
		int rc;

		if (th_dsig_rrsig_parse(&sigs[g], &rs) != 0 ||
		    rs.key_tag != th_dsig_key_tag(k) ||
		    rs.algorithm != th_dsig_key_algorithm(k))
			continue;
		rc =
		    th_dsig_verify(&sigs[g], rrset, n, k, now, &c->scratch, &o);
		if (rc != 0)
			return rc;
		if (o == TH_DSIG_VALID) {
			*out = VBK_VALID;
			return 0;
		}
		if (o == TH_DSIG_ALGO_NOT_SUPPORTED && *out != VBK_INVALID)
			*out = VBK_UNSUPPORTED;
		else if (o != TH_DSIG_KEY_MISMATCH)
			*out = VBK_INVALID;
	}
	return 0;
}

/* One server's CDS or CDNSKEY RRset and its RRSIGs. */
struct crset {
	struct th_msg m;
	size_t n, nsig;
	struct th_rr rr[MAXKEYS], sr[MAXSIGS];
	struct th_dsig_rr v[MAXKEYS], sig[MAXSIGS];
};

static bool
crset_get(const struct th_evidence *ev, const struct dsrv *s, uint16_t qt,
          struct crset *x)
{
	if (reply(ev, &s->addr, TH_QF_DNSSEC, qt, &x->m) != QS_ANSWER ||
	    !auth_ok(&x->m))
		return false;
	x->n = collect(ev, &x->m, qt, 0, x->rr, x->v, MAXKEYS);
	x->nsig = collect(ev, &x->m, TH_T_RRSIG, qt, x->sr, x->sig, MAXSIGS);
	return x->n > 0;
}

enum {
	C_DELETE,
	C_MIXED,
	C_WITHOUT,
	C_NO_MATCH,
	C_NON_ZONE,
	C_NON_SEP,
	C_DNSKEY_NOT_SIGNED,
	C_NOT_SIGNED_BY_SELF,
	C_UNSIGNED,
	C_UNKNOWN,
	C_INVALID,
	C__COUNT
};

/* The key of s a CDS (cds) or CDNSKEY record points to, or -1. */
static int
c_match(const struct dsrv *s, const struct th_dsig_rr *r, bool cds, size_t *out)
{
	for (size_t k = 0; k < s->nkeys; k++) {
		enum th_dsig_ds_result res;
		int rc;

		if (!cds) {
			if (r->rdlen == s->key_rr[k].rdlen &&
			    memcmp(r->rdata, s->key_rr[k].rdata, r->rdlen) ==
			        0) {
				*out = k;
				return 1;
			}
			continue;
		}
		if ((rc = th_dsig_ds_match(r, &s->key_rr[k], &res)) != 0)
			return rc;
		if (res == TH_DSIG_DS_MATCH) {
			*out = k;
			return 1;
		}
	}
	return 0;
}

static int
c_server(struct dcache *c, const struct dsrv *s, const struct crset *x,
         bool cds, uint64_t now, struct finds *fs)
{
	size_t ndel = 0;
	int rc;

	for (size_t i = 0; i < x->n; i++)
		ndel += is_delete(&x->v[i], cds);
	if (ndel > 0 && ndel == x->n && x->n == 1) {
		finds_add(fs, C_DELETE, 0, 0, s->ip);
		return 0;
	}
	if (ndel > 0)
		finds_add(fs, C_MIXED, 0, 0, s->ip);
	if (s->nkeys == 0) {
		finds_add(fs, C_WITHOUT, 0, 0, s->ip);
		return 0;
	}
	for (size_t i = 0; i < x->n; i++) {
		const struct th_dsig_rr *r = &x->v[i];
		unsigned tag =
		    cds ? (r->rdlen >= 2
		               ? (unsigned)(r->rdata[0] << 8 | r->rdata[1])
		               : 0)
		        : th_dsig_keytag(r->rdata, r->rdlen);
		struct th_dsig_key *k;
		uint16_t flags;
		enum vbk v;
		size_t ki = 0;

		if (is_delete(r, cds))
			continue;
		if ((rc = c_match(s, r, cds, &ki)) < 0)
			return rc;
		if (rc == 0) {
			finds_add(fs, C_NO_MATCH, tag, 0, s->ip);
			continue;
		}
		k = s->key[ki];
		flags = th_dsig_key_flags(k);
		if (!(flags & TH_DSIG_FLAG_ZONE)) {
			finds_add(fs, C_NON_ZONE, tag, 0, s->ip);
			continue;
		}
		if (!(flags & TH_DSIG_FLAG_SEP))
			finds_add(fs, C_NON_SEP, tag, 0, s->ip);
		if ((rc = verify_by_key(c, k, now, s->ksig, s->nksig, s->key_rr,
		                        s->nkeys, &v)) != 0)
			return rc;
		if (v == VBK_NONE || v == VBK_INVALID)
			finds_add(fs, C_DNSKEY_NOT_SIGNED, tag, 0, s->ip);
		if (x->nsig == 0)
			continue;
		if ((rc = verify_by_key(c, k, now, x->sig, x->nsig, x->v, x->n,
		                        &v)) != 0)
			return rc;
		if (v == VBK_NONE || v == VBK_INVALID)
			finds_add(fs, C_NOT_SIGNED_BY_SELF, tag, 0, s->ip);
	}
	if (x->nsig == 0) {
		finds_add(fs, C_UNSIGNED, 0, 0, s->ip);
		return 0;
	}
	for (size_t g = 0; g < x->nsig; g++) {
		struct th_dsig_rrsig rs;
		enum vbk best = VBK_NONE;

		if (th_dsig_rrsig_parse(&x->sig[g], &rs) != 0) {
			finds_add(fs, C_INVALID, 0, 0, s->ip);
			continue;
		}
		for (size_t k = 0; k < s->nkeys && best != VBK_VALID; k++) {
			enum vbk v;

			if (th_dsig_key_tag(s->key[k]) != rs.key_tag ||
			    th_dsig_key_algorithm(s->key[k]) != rs.algorithm)
				continue;
			if ((rc = verify_by_key(c, s->key[k], now, &x->sig[g],
			                        1, x->v, x->n, &v)) != 0)
				return rc;
			if (v == VBK_VALID || best == VBK_NONE ||
			    (best == VBK_UNSUPPORTED && v == VBK_INVALID))
				best = v;
		}
		if (best == VBK_NONE)
			finds_add(fs, C_UNKNOWN, rs.key_tag, 0, s->ip);
		else if (best == VBK_INVALID)
			finds_add(fs, C_INVALID, rs.key_tag, 0, s->ip);
	}
	return 0;
}

static void
c_run(const struct th_engine_ctx *ctx, struct dcache *c, bool cds,
      const enum th_tag *tags)
{
	struct finds fs = {0};
	struct crset *x = malloc(sizeof(*x));
	struct th_buf b;
	char tag[8];

	if (x == NULL) {
		c->err = TH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < c->n; i++)
		if (crset_get(ctx->ev, &c->s[i], cds ? TH_T_CDS : TH_T_CDNSKEY,
		              x) &&
		    c_server(c, &c->s[i], x, cds, ctx->ev->now, &fs) != 0) {
			c->err = TH_ENOMEM;
			break;
		}
	th_buf_init(&b, LISTMAX);
	for (size_t i = 0; i < fs.n; i++) {
		const struct find *f = &fs.f[i];
		const char *list = th_strlist_join(&fs.f[i].ips, &b);

		snprintf(tag, sizeof(tag), "%u", f->a);
		switch (f->kind) {
		case C_DELETE:
		case C_MIXED:
		case C_WITHOUT:
		case C_UNSIGNED:
			th_report_emit(ctx->rep, tags[f->kind], "ns_ip_list",
			               list, NULL);
			break;
		default:
			th_report_emit(ctx->rep, tags[f->kind], "keytag", tag,
			               "ns_ip_list", list, NULL);
			break;
		}
	}
	th_buf_free(&b);
	finds_free(&fs);
	free(x);
}

static void
dnssec16_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const enum th_tag tags[C__COUNT] = {
	    [C_DELETE] = TH_TAG_DNSSEC16_DS16_DELETE_CDS,
	    [C_MIXED] = TH_TAG_DNSSEC16_DS16_MIXED_DELETE_CDS,
	    [C_WITHOUT] = TH_TAG_DNSSEC16_DS16_CDS_WITHOUT_DNSKEY,
	    [C_NO_MATCH] = TH_TAG_DNSSEC16_DS16_CDS_MATCHES_NO_DNSKEY,
	    [C_NON_ZONE] = TH_TAG_DNSSEC16_DS16_CDS_MATCHES_NON_ZONE_DNSKEY,
	    [C_NON_SEP] = TH_TAG_DNSSEC16_DS16_CDS_MATCHES_NON_SEP_DNSKEY,
	    [C_DNSKEY_NOT_SIGNED] =
	        TH_TAG_DNSSEC16_DS16_DNSKEY_NOT_SIGNED_BY_CDS,
	    [C_NOT_SIGNED_BY_SELF] = TH_TAG_DNSSEC16_DS16_CDS_NOT_SIGNED_BY_CDS,
	    [C_UNSIGNED] = TH_TAG_DNSSEC16_DS16_CDS_UNSIGNED,
	    [C_UNKNOWN] = TH_TAG_DNSSEC16_DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY,
	    [C_INVALID] = TH_TAG_DNSSEC16_DS16_CDS_INVALID_RRSIG,
	};

	c_run(ctx, c, true, tags);
}

static void
dnssec17_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	static const enum th_tag tags[C__COUNT] = {
	    [C_DELETE] = TH_TAG_DNSSEC17_DS17_DELETE_CDNSKEY,
	    [C_MIXED] = TH_TAG_DNSSEC17_DS17_MIXED_DELETE_CDNSKEY,
	    [C_WITHOUT] = TH_TAG_DNSSEC17_DS17_CDNSKEY_WITHOUT_DNSKEY,
	    [C_NO_MATCH] = TH_TAG_DNSSEC17_DS17_CDNSKEY_MATCHES_NO_DNSKEY,
	    [C_NON_ZONE] = TH_TAG_DNSSEC17_DS17_CDNSKEY_IS_NON_ZONE,
	    [C_NON_SEP] = TH_TAG_DNSSEC17_DS17_CDNSKEY_IS_NON_SEP,
	    [C_DNSKEY_NOT_SIGNED] =
	        TH_TAG_DNSSEC17_DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY,
	    [C_NOT_SIGNED_BY_SELF] =
	        TH_TAG_DNSSEC17_DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY,
	    [C_UNSIGNED] = TH_TAG_DNSSEC17_DS17_CDNSKEY_UNSIGNED,
	    [C_UNKNOWN] = TH_TAG_DNSSEC17_DS17_CDNSKEY_SIGNED_BY_UNKNOWN_DNSKEY,
	    [C_INVALID] = TH_TAG_DNSSEC17_DS17_CDNSKEY_INVALID_RRSIG,
	};

	c_run(ctx, c, false, tags);
}

static void
dnssec18_run(const struct th_engine_ctx *ctx, struct dcache *c)
{
	struct th_strlist bad[2] = {TH_STRLIST_INIT, TH_STRLIST_INIT};
	static const enum th_tag tags[2] = {
	    TH_TAG_DNSSEC18_DS18_NO_MATCH_CDS_RRSIG_DS,
	    TH_TAG_DNSSEC18_DS18_NO_MATCH_CDNSKEY_RRSIG_DS,
	};
	struct crset *x;
	struct th_buf b;

	if (c->ds.n == 0)
		return;
	if ((x = malloc(sizeof(*x))) == NULL) {
		c->err = TH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < c->n && c->err == 0; i++) {
		const struct dsrv *s = &c->s[i];

		for (int t = 0; t < 2; t++) {
			bool ok = false, undecided = false;

			if (!crset_get(ctx->ev, s,
			               t == 0 ? TH_T_CDS : TH_T_CDNSKEY, x))
				continue;
			for (size_t k = 0; k < s->nkeys && !ok; k++) {
				bool anchored = false;
				enum vbk v;

				for (size_t d = 0; d < c->ds.n && !anchored;
				     d++) {
					enum th_dsig_ds_result r =
					    TH_DSIG_DS_NO_MATCH;

					if (th_dsig_ds_match(&c->ds.v[d],
					                     &s->key_rr[k],
					                     &r) != 0)
						c->err = TH_ENOMEM;
					anchored = r == TH_DSIG_DS_MATCH;
				}
				if (!anchored || c->err != 0)
					continue;
				if (verify_by_key(c, s->key[k], ctx->ev->now,
				                  x->sig, x->nsig, x->v, x->n,
				                  &v) != 0) {
					c->err = TH_ENOMEM;
					break;
				}
				ok = v == VBK_VALID;
				undecided |= v == VBK_UNSUPPORTED;
			}
			if (!ok && !undecided)
				th_strlist_add(&bad[t], s->ip);
		}
	}
	th_buf_init(&b, LISTMAX);
	for (int t = 0; t < 2; t++)
		if (bad[t].n > 0)
			th_report_emit(ctx->rep, tags[t], "ns_ip_list",
			               th_strlist_join(&bad[t], &b), NULL);
	th_buf_free(&b);
	th_strlist_free(&bad[0]);
	th_strlist_free(&bad[1]);
	free(x);
}

/* ---- entry points ------------------------------------------------------- */

typedef void (*dfn)(const struct th_engine_ctx *, struct dcache *);

static void
run_one(const struct th_engine_ctx *ctx, dfn f)
{
	struct dcache c;

	if (dcache_build(ctx->ev, ctx->keys, &c) != 0) {
		ctx->rep->err = c.err;
		dcache_free(&c);
		return;
	}
	f(ctx, &c);
	if (c.err != 0)
		ctx->rep->err = c.err;
	dcache_free(&c);
}

static void
dnssec01_c(const struct th_engine_ctx *ctx, struct dcache *c)
{
	(void)c;
	dnssec01_run(ctx);
}

void
th_dnssec01(const struct th_engine_ctx *ctx)
{
	dnssec01_run(ctx);
}

void
th_dnssec05(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec05_run);
}

void
th_dnssec06(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec06_run);
}

void
th_dnssec07(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec07_run);
}

void
th_dnssec08(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec08_run);
}

void
th_dnssec09(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec09_run);
}

void
th_dnssec10(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec10_run);
}

void
th_dnssec11(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec11_run);
}

void
th_dnssec14(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec14_run);
}

void
th_dnssec02(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec02_run);
}

void
th_dnssec03(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec03_run);
}

void
th_dnssec04(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec04_run);
}

void
th_dnssec13(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec13_run);
}

void
th_dnssec15(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec15_run);
}

void
th_dnssec16(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec16_run);
}

void
th_dnssec17(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec17_run);
}

void
th_dnssec18(const struct th_engine_ctx *ctx)
{
	run_one(ctx, dnssec18_run);
}

void
th_dnssec_run(const struct th_engine_ctx *ctx)
{
	static const struct {
		enum th_testcase tc;
		dfn f;
	} rest[] = {
	    {TH_TC_DNSSEC01, dnssec01_c},   {TH_TC_DNSSEC02, dnssec02_run},
	    {TH_TC_DNSSEC03, dnssec03_run}, {TH_TC_DNSSEC04, dnssec04_run},
	    {TH_TC_DNSSEC05, dnssec05_run}, {TH_TC_DNSSEC06, dnssec06_run},
	    {TH_TC_DNSSEC08, dnssec08_run}, {TH_TC_DNSSEC09, dnssec09_run},
	    {TH_TC_DNSSEC10, dnssec10_run}, {TH_TC_DNSSEC13, dnssec13_run},
	    {TH_TC_DNSSEC14, dnssec14_run}, {TH_TC_DNSSEC15, dnssec15_run},
	    {TH_TC_DNSSEC16, dnssec16_run}, {TH_TC_DNSSEC17, dnssec17_run},
	    {TH_TC_DNSSEC18, dnssec18_run},
	};
	const bool *on = ctx->conf->profile->enabled;
	struct dcache c;

	if (dcache_build(ctx->ev, ctx->keys, &c) != 0) {
		ctx->rep->err = c.err;
		dcache_free(&c);
		return;
	}
	if (on[TH_TC_DNSSEC07])
		dnssec07_run(ctx, &c);
	if (on[TH_TC_DNSSEC11])
		dnssec11_run(ctx, &c);
	if (!(on[TH_TC_DNSSEC07] &&
	      th_report_has(ctx->rep, TH_TAG_DNSSEC07_DS07_NOT_SIGNED)))
		for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
			if (on[rest[i].tc])
				rest[i].f(ctx, &c);
	if (c.err != 0)
		ctx->rep->err = c.err;
	dcache_free(&c);
}
