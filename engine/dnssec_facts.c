/* SPDX-License-Identifier: BSD-3-Clause */
/* dnssec_facts.c -- the dnssec.* survey facts (see dnssec_facts.h). */
#include "engine/dnssec_facts.h"

#include "common/err.h"
#include "common/msg.h"
#include "engine/dnssec_sig.h"
#include "engine/nsec.h"
#include "engine/trust.h"

#include <string.h>

#define MAXDS 16
#define MAXKEYS 16
#define MAXSET TH_DSIG_MAXSET

static const char *const status_names[] = {
#define TH_DNSSEC_STATUS_NAME(name, text) text,
    TH_DNSSEC_STATUS_MAP(TH_DNSSEC_STATUS_NAME)
#undef TH_DNSSEC_STATUS_NAME
};

static const char *const bogus_names[] = {
#define TH_DNSSEC_BOGUS_NAME(name, text) text,
    TH_DNSSEC_BOGUS_MAP(TH_DNSSEC_BOGUS_NAME)
#undef TH_DNSSEC_BOGUS_NAME
};

const char *
th_dnssec_status_name(enum th_dnssec_status s)
{
	return (unsigned)s < TH_DNSSEC__STATUSES ? status_names[s] : "?";
}

const char *
th_dnssec_bogus_name(enum th_dnssec_bogus b)
{
	return (unsigned)b < TH_DNSSEC_BOGUS__COUNT ? bogus_names[b] : "?";
}

const char *
th_dnssec_denial_name(enum th_dnssec_denial d)
{
	switch (d) {
	case TH_DENIAL_NONE:
		return "none";
	case TH_DENIAL_NSEC:
		return "nsec";
	case TH_DENIAL_NSEC3:
		return "nsec3";
	default:
		return NULL;
	}
}

/* Everything the status needs, borrowed from the evidence's answers. */
struct dctx {
	const struct th_evidence *ev;
	struct th_dsig_rr ds[MAXDS];
	uint8_t given[MAXDS][4 + TH_EV_DIGESTMAX]; /* --ds RDATA */
	size_t nds;
	/* The first server answering DNSKEY and SOA with authority. */
	struct th_msg key_msg, soa_msg;
	struct th_addr server;
	struct th_dsig_rr keys[MAXKEYS];
	struct th_dsig_key *key[MAXKEYS]; /* the caller's ring's, or own */
	struct th_dsig_keyring own_keys;
	bool anchored[MAXKEYS];
	size_t nkeys;
	struct th_buf scratch;
};

static void
add_sorted(uint8_t *v, size_t *n, uint8_t x)
{
	size_t i = 0;

	while (i < *n && v[i] < x)
		i++;
	if ((i < *n && v[i] == x) || *n == TH_DNSSEC_MAXALG)
		return;
	memmove(v + i + 1, v + i, *n - i);
	v[i] = x;
	(*n)++;
}

/* A reply's message when it is an authoritative NOERROR answer. */
static bool
auth_answer(const struct th_evidence *ev, const struct th_addr *ip,
            uint16_t qtype, struct th_msg *m)
{
	const struct th_answer *a =
	    th_ev_reply(ev, ip, TH_QF_DNSSEC, &ev->domain, qtype);

	return th_ev_reply_msg(a, m) && m->rcode == TH_RCODE_NOERROR &&
	       (m->flags & TH_MSG_AA);
}

static void
add_ds(struct dctx *c, const struct th_dsig_rr *rr)
{
	for (size_t i = 0; i < c->nds; i++)
		if (c->ds[i].rdlen == rr->rdlen &&
		    memcmp(c->ds[i].rdata, rr->rdata, rr->rdlen) == 0)
			return;
	if (c->nds < MAXDS)
		c->ds[c->nds++] = *rr;
}

/* The DS set: --ds in an undelegated test, else the parent's answers. */
static void
collect_ds(struct dctx *c, struct th_dnssec_facts *f)
{
	const struct th_evidence *ev = c->ev;

	if (ev->undelegated) {
		for (size_t i = 0; i < ev->nds && i < MAXDS; i++) {
			const struct th_ev_ds *d = &ev->ds[i];
			uint8_t *r = c->given[i];
			struct th_dsig_rr rr = {.owner = &ev->domain,
			                        .type = TH_T_DS,
			                        .rclass = TH_CLASS_IN,
			                        .rdata = r,
			                        .rdlen =
			                            (uint16_t)(4 + d->dlen)};

			r[0] = (uint8_t)(d->keytag >> 8);
			r[1] = (uint8_t)d->keytag;
			r[2] = d->algorithm;
			r[3] = d->digest_type;
			memcpy(r + 4, d->digest, d->dlen);
			add_ds(c, &rr);
		}
	} else {
		for (size_t i = 0; i < ev->parent_ns.n; i++) {
			const struct th_ev_ns *p = &ev->parent_ns.ns[i];

			for (size_t a = 0; a < p->naddr; a++) {
				const struct th_answer *ans =
				    th_ev_reply(ev, &p->addr[a], TH_QF_DNSSEC,
				                &ev->domain, TH_T_DS);
				struct th_msg m;
				struct th_msg_iter it;
				struct th_rr rr;

				if (!th_ev_reply_msg(ans, &m) ||
				    m.rcode != TH_RCODE_NOERROR)
					continue;
				th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
				while (th_msg_iter_next(&it, &rr)) {
					struct th_dsig_rr v;

					if (rr.type != TH_T_DS ||
					    !th_dname_equal(&rr.owner,
					                    &ev->domain))
						continue;
					/* The owner view must outlive rr. */
					th_dsig_rr_from_msg(&v, &m, &rr);
					v.owner = &ev->domain;
					add_ds(c, &v);
				}
			}
		}
	}
	for (size_t i = 0; i < c->nds; i++)
		if (c->ds[i].rdlen >= 4)
			add_sorted(f->digest, &f->ndigest, c->ds[i].rdata[3]);
}

/*
 * The parent's chain of trust (crawler/chain) over a status the DS set
 * decided: a DS under an insecure parent authenticates nothing (RFC 4035
 * 5.2), a bogus parent makes its children bogus, and a secure zone's DS
 * RRset must carry a valid signature by the parent's keys in some parent
 * server's answer.
 */
static int
apply_chain(struct dctx *c, struct th_dnssec_facts *f)
{
	const struct th_evidence *ev = c->ev;
	const struct th_trust_zone *t = ev->parent_trust;
	int rc;

	if (t == NULL || ev->undelegated || c->nds == 0)
		return 0;
	switch ((enum th_trust_status)t->status) {
	case TH_TRUST_SECURE:
		break;
	case TH_TRUST_INSECURE:
		f->status =
		    c->nkeys == 0 ? TH_DNSSEC_UNSIGNED : TH_DNSSEC_ISLAND;
		f->bogus = 0;
		return 0;
	case TH_TRUST_BOGUS:
		f->status = TH_DNSSEC_BOGUS;
		f->bogus |= 1u << TH_DNSSEC_BOGUS_PARENT_BOGUS;
		return 0;
	default:
		f->status = TH_DNSSEC_INDETERMINATE;
		f->bogus = 0;
		return 0;
	}
	if (f->status != TH_DNSSEC_SECURE)
		return 0;
	for (size_t i = 0; i < ev->parent_ns.n; i++) {
		const struct th_ev_ns *p = &ev->parent_ns.ns[i];

		for (size_t a = 0; a < p->naddr; a++) {
			struct th_msg m;
			bool found, valid;

			if (!th_ev_reply_msg(th_ev_reply(ev, &p->addr[a],
			                                 TH_QF_DNSSEC,
			                                 &ev->domain, TH_T_DS),
			                     &m))
				continue;
			if ((rc = th_trust_ds_check(t, &ev->domain, &m, ev->now,
			                            &c->scratch, &found,
			                            &valid)) != 0)
				return rc;
			if (valid)
				return 0;
		}
	}
	f->status = TH_DNSSEC_BOGUS;
	f->bogus |= 1u << TH_DNSSEC_BOGUS_DS_BAD_SIGNATURE;
	return 0;
}

/* The server whose DNSKEY and SOA answers the status is judged on. */
static bool
pick_server(struct dctx *c)
{
	struct th_ev_ip ips[TH_EV_MAXNS * TH_EV_MAXADDR];
	size_t n = th_ev_ips(c->ev, TH_EV_DEL | TH_EV_CHILD, ips,
	                     sizeof(ips) / sizeof(ips[0]));

	for (size_t i = 0; i < n; i++)
		if (auth_answer(c->ev, &ips[i].addr, TH_T_DNSKEY,
		                &c->key_msg) &&
		    auth_answer(c->ev, &ips[i].addr, TH_T_SOA, &c->soa_msg)) {
			c->server = ips[i].addr;
			return true;
		}
	return false;
}

/* Some server answers the plain SOA query with authority. */
static bool
plain_auth(const struct th_evidence *ev)
{
	struct th_ev_ip ips[TH_EV_MAXNS * TH_EV_MAXADDR];
	size_t n = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips,
	                     sizeof(ips) / sizeof(ips[0]));
	struct th_msg m;

	for (size_t i = 0; i < n; i++)
		if (th_ev_reply_msg(th_ev_reply(ev, &ips[i].addr, TH_QF_PLAIN,
		                                &ev->domain, TH_T_SOA),
		                    &m) &&
		    m.rcode == TH_RCODE_NOERROR && (m.flags & TH_MSG_AA))
			return true;
	return false;
}

/* RFC 1982: the 32-bit time nearest the validation time. */
static uint64_t
abs_time(uint64_t now, uint32_t t)
{
	int32_t delta = (int32_t)(t - (uint32_t)now);

	return (uint64_t)((int64_t)now + delta);
}

/*
 * Check the RRSIGs over one RRset in m with the keys (only anchored ones
 * when anchored_only): true when one is valid; otherwise *bogus gets why.
 * *unsupported says a signature could not be checked for its algorithm.
 */
static int
check_rrset(struct dctx *c, const struct th_msg *m, uint16_t type,
            bool anchored_only, unsigned *bogus, bool *unsupported, bool *valid)
{
	struct th_dsig_key *keys[MAXKEYS];
	size_t nkeys = 0, nsig;
	unsigned seen = 0;
	int rc;

	for (size_t k = 0; k < c->nkeys; k++)
		if (!anchored_only || c->anchored[k])
			keys[nkeys++] = c->key[k];
	if ((rc = th_dsig_rrset_check(m, &c->ev->domain, type, keys, nkeys,
	                              c->ev->now, &c->scratch, &seen, &nsig,
	                              valid)) != 0)
		return rc;
	if (seen & (1u << TH_DSIG_EXPIRED))
		*bogus |= 1u << TH_DNSSEC_BOGUS_SIG_EXPIRED;
	if (seen & (1u << TH_DSIG_NOT_YET_VALID))
		*bogus |= 1u << TH_DNSSEC_BOGUS_SIG_NOT_YET_VALID;
	if (seen & (1u << TH_DSIG_ALGO_NOT_SUPPORTED))
		*unsupported = true;
	if (seen &
	    ((1u << TH_DSIG_BAD_SIGNATURE) | (1u << TH_DSIG_KEY_MISMATCH) |
	     (1u << TH_DSIG_RRSET_MISMATCH) | (1u << TH_DSIG_MALFORMED)))
		*bogus |= 1u << TH_DNSSEC_BOGUS_BAD_SIGNATURE;
	if (nsig == 0)
		*bogus |= 1u << TH_DNSSEC_BOGUS_NO_RRSIG;
	else if (*bogus == 0 && !*unsupported && !*valid)
		*bogus |= 1u << TH_DNSSEC_BOGUS_BAD_SIGNATURE; /* no key fits */
	return 0;
}

/* The earliest expiration among the RRSIGs of m's answer section. */
static void
expiry(const struct dctx *c, const struct th_msg *m, struct th_dnssec_facts *f)
{
	struct th_dsig_rr sigs[MAXSET];
	size_t nsig =
	    th_dsig_msg_rrset(m, &c->ev->domain, TH_T_RRSIG, sigs, MAXSET);

	for (size_t s = 0; s < nsig; s++) {
		struct th_dsig_rrsig sig;
		uint64_t t;

		if (th_dsig_rrsig_parse(&sigs[s], &sig) != 0)
			continue;
		t = abs_time(c->ev->now, sig.expiration);
		if (!f->has_expiry || t < f->earliest_expiry) {
			f->earliest_expiry = t;
			f->has_expiry = true;
		}
	}
}

/* Denial of existence and NSEC3 parameters, from the same server. */
static void
denial(struct dctx *c, struct th_dnssec_facts *f)
{
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;

	if (c->nkeys == 0) {
		f->denial = TH_DENIAL_NONE;
		return;
	}
	if (!auth_answer(c->ev, &c->server, TH_T_NSEC, &m))
		return;
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_NSEC &&
		    th_dname_equal(&rr.owner, &c->ev->domain))
			f->denial = TH_DENIAL_NSEC;
	if (f->denial == TH_DENIAL_NSEC)
		return;
	th_msg_iter_init(&it, &m, TH_SEC_AUTHORITY);
	while (th_msg_iter_next(&it, &rr)) {
		struct th_nsec3 n3;

		if (rr.type != TH_T_NSEC3 ||
		    th_nsec_parse3(th_msg_rdata(&m, &rr), rr.rdlen, &n3) != 0)
			continue;
		f->denial = TH_DENIAL_NSEC3;
		f->nsec3_known = true;
		f->nsec3_optout = (n3.flags & TH_NSEC_OPTOUT) != 0;
		f->nsec3_iterations = n3.iterations;
		f->nsec3_salt_len = n3.salt_len;
		memcpy(f->nsec3_salt, n3.salt, n3.salt_len);
		break;
	}
}

static void
free_keys(struct dctx *c)
{
	th_dsig_keyring_free(&c->own_keys);
	th_buf_free(&c->scratch);
}

int
th_dnssec_facts_compute(const struct th_evidence *ev, bool served,
                        struct th_dsig_keyring *keys, struct th_dnssec_facts *f)
{
	struct dctx c;
	unsigned bogus = 0;
	bool unsupported = false, checkable = false, any_anchor = false;
	bool valid_key, valid_soa;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	memset(&c, 0, sizeof(c));
	c.ev = ev;
	th_buf_init(&c.scratch, 1 << 20);
	collect_ds(&c, f);
	if (!served || !pick_server(&c)) {
		/*
		 * No server answers DNSSEC queries (FORMERR or silence with
		 * EDNS) while one answers plain ones with authority: without
		 * EDNS there is no DNSSEC, so the zone is unsigned, or bogus
		 * if the parent has a DS for it.
		 */
		f->status = TH_DNSSEC_INDETERMINATE;
		if (served && plain_auth(ev)) {
			f->status =
			    c.nds == 0 ? TH_DNSSEC_UNSIGNED : TH_DNSSEC_BOGUS;
			f->bogus =
			    c.nds == 0 ? 0 : 1u << TH_DNSSEC_BOGUS_NO_DNSKEY;
			f->denial = TH_DENIAL_NONE;
		}
		th_buf_free(&c.scratch);
		return 0;
	}
	c.nkeys = th_dsig_msg_rrset(&c.key_msg, &ev->domain, TH_T_DNSKEY,
	                            c.keys, MAXKEYS);
	for (size_t k = 0; k < c.nkeys; k++) {
		if ((rc = th_dsig_keyring_get(keys != NULL ? keys : &c.own_keys,
		                              &c.keys[k], &c.key[k])) != 0) {
			c.nkeys = k;
			goto fail;
		}
		if (c.keys[k].rdlen >= 4)
			add_sorted(f->alg, &f->nalg, c.keys[k].rdata[3]);
	}
	denial(&c, f);
	expiry(&c, &c.key_msg, f);
	expiry(&c, &c.soa_msg, f);
	if (c.nds == 0) {
		f->status =
		    c.nkeys == 0 ? TH_DNSSEC_UNSIGNED : TH_DNSSEC_ISLAND;
		goto out;
	}
	if (c.nkeys == 0) {
		f->status = TH_DNSSEC_BOGUS;
		f->bogus = 1u << TH_DNSSEC_BOGUS_NO_DNSKEY;
		goto out;
	}
	for (size_t d = 0; d < c.nds; d++)
		for (size_t k = 0; k < c.nkeys; k++) {
			enum th_dsig_ds_result r;

			if ((rc = th_dsig_ds_match(&c.ds[d], &c.keys[k], &r)) !=
			    0)
				goto fail;
			if (r == TH_DSIG_DS_MATCH &&
			    th_dsig_key_usable(c.key[k])) {
				c.anchored[k] = true;
				checkable = true;
			} else if (r == TH_DSIG_DS_MATCH ||
			           r == TH_DSIG_DS_DIGEST_NOT_SUPPORTED)
				unsupported = true;
			else
				checkable = true;
		}
	if (!checkable) {
		/* RFC 4035 5.2: no DS we can use is no authentication path. */
		f->status = TH_DNSSEC_INDETERMINATE;
		goto out;
	}
	for (size_t k = 0; k < c.nkeys; k++)
		any_anchor |= c.anchored[k];
	if (!any_anchor) {
		f->status =
		    unsupported ? TH_DNSSEC_INDETERMINATE : TH_DNSSEC_BOGUS;
		f->bogus = unsupported ? 0 : 1u << TH_DNSSEC_BOGUS_DS_NO_MATCH;
		goto out;
	}
	unsupported = false;
	if ((rc = check_rrset(&c, &c.key_msg, TH_T_DNSKEY, true, &bogus,
	                      &unsupported, &valid_key)) != 0 ||
	    (rc = check_rrset(&c, &c.soa_msg, TH_T_SOA, false, &bogus,
	                      &unsupported, &valid_soa)) != 0)
		goto fail;
	if (valid_key && valid_soa)
		f->status = TH_DNSSEC_SECURE;
	else if (unsupported && bogus == 0)
		f->status = TH_DNSSEC_INDETERMINATE;
	else {
		f->status = TH_DNSSEC_BOGUS;
		f->bogus = bogus;
	}
out:
	if ((rc = apply_chain(&c, f)) != 0)
		goto fail;
	free_keys(&c);
	return 0;
fail:
	free_keys(&c);
	f->status = TH_DNSSEC_INDETERMINATE;
	return rc;
}
