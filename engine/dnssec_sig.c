/* SPDX-License-Identifier: BSD-3-Clause */
/* dnssec_sig.c -- key tags, DS digests, canonical RRsets, RRSIG checks. */
#include "engine/dnssec_sig.h"

#include "common/crypto.h"
#include "common/err.h"

#include <stdlib.h>
#include <string.h>

/* ---- key tags and DS ---------------------------------------------------- */

uint16_t
th_dsig_keytag(const uint8_t *rdata, size_t rdlen)
{
	uint32_t ac = 0;

	if (rdlen < 4)
		return 0;
	/* B.1: RSA/MD5 keys take their tag from the modulus instead. */
	if (rdata[3] == 1)
		return (uint16_t)((unsigned)rdata[rdlen - 3] << 8 |
		                  rdata[rdlen - 2]);
	for (size_t i = 0; i < rdlen; i++)
		ac += (i & 1) ? rdata[i] : (uint32_t)rdata[i] << 8;
	ac += (ac >> 16) & 0xffffu;
	return (uint16_t)(ac & 0xffffu);
}

static const char *const ds_names[TH_DSIG_DS__RESULTS] = {
#define TH_DSIG_DS_NAME(name, text) #name,
    TH_DSIG_DS_MAP(TH_DSIG_DS_NAME)
#undef TH_DSIG_DS_NAME
};

const char *
th_dsig_ds_result_name(enum th_dsig_ds_result r)
{
	return (unsigned)r < TH_DSIG_DS__RESULTS ? ds_names[r] : "?";
}

/* DS digest types we compute, and the crypto digest for each. */
static bool
ds_hash(uint8_t digest_type, enum th_crypto_hash *h)
{
	switch (digest_type) {
	case 1:
		*h = TH_CRYPTO_SHA1;
		return true;
	case 2:
		*h = TH_CRYPTO_SHA256;
		return true;
	case 4:
		*h = TH_CRYPTO_SHA384;
		return true;
	default:
		return false;
	}
}

size_t
th_dsig_ds_digest_len(uint8_t digest_type)
{
	enum th_crypto_hash h;

	return ds_hash(digest_type, &h) ? th_crypto_hash_len(h) : 0;
}

int
th_dsig_ds_digest(uint8_t digest_type, const struct th_dname *owner,
                  const uint8_t *dnskey, size_t dnskey_len, uint8_t *out,
                  size_t *len)
{
	struct th_dname lower = *owner;
	struct th_crypto_digest *d;
	enum th_crypto_hash h;
	int rc;

	if (!ds_hash(digest_type, &h))
		return TH_EINVAL;
	th_dname_canonicalize(&lower);
	if ((rc = th_crypto_digest_new(h, &d)) != 0)
		return rc;
	if ((rc = th_crypto_digest_update(d, lower.wire, lower.len)) == 0 &&
	    (rc = th_crypto_digest_update(d, dnskey, dnskey_len)) == 0 &&
	    (rc = th_crypto_digest_final(d, out)) == 0)
		*len = th_crypto_digest_len(d);
	th_crypto_digest_destroy(&d);
	return rc;
}

int
th_dsig_ds_match(const struct th_dsig_rr *ds, const struct th_dsig_rr *key,
                 enum th_dsig_ds_result *res)
{
	uint8_t digest[TH_CRYPTO_MAXHASH];
	size_t dlen, want;
	int rc;

	if (ds->rdlen < 4 || key->rdlen < 4) {
		*res = TH_DSIG_DS_MALFORMED;
		return 0;
	}
	if (!th_dname_equal(ds->owner, key->owner) ||
	    ds->rdata[2] != key->rdata[3] ||
	    ((unsigned)ds->rdata[0] << 8 | ds->rdata[1]) !=
	        th_dsig_keytag(key->rdata, key->rdlen)) {
		*res = TH_DSIG_DS_KEY_MISMATCH;
		return 0;
	}
	if ((want = th_dsig_ds_digest_len(ds->rdata[3])) == 0) {
		*res = TH_DSIG_DS_DIGEST_NOT_SUPPORTED;
		return 0;
	}
	if ((size_t)ds->rdlen - 4 != want) {
		*res = TH_DSIG_DS_MALFORMED;
		return 0;
	}
	rc = th_dsig_ds_digest(ds->rdata[3], key->owner, key->rdata, key->rdlen,
	                       digest, &dlen);
	if (rc != 0)
		return rc;
	*res = memcmp(digest, ds->rdata + 4, want) == 0 ? TH_DSIG_DS_MATCH
	                                                : TH_DSIG_DS_NO_MATCH;
	return 0;
}

/* ---- RRSIG and canonical form ------------------------------------------- */

/*
 * Read the name at rel octets into rr's RDATA: through the message when
 * there is one (compression allowed), else uncompressed. The name's own
 * octets must lie inside the RDATA. *next gets the RDATA offset past it.
 */
static int
rdata_name(const struct th_dsig_rr *rr, size_t rel, struct th_dname *out,
           size_t *next)
{
	size_t used, base, end;

	if (rel >= rr->rdlen)
		return TH_EWIRE;
	if (rr->msg == NULL) {
		if (th_dname_from_wire(out, rr->rdata + rel, rr->rdlen - rel,
		                       &used) != 0)
			return TH_EWIRE;
		*next = rel + used;
		return 0;
	}
	base = (size_t)(rr->rdata - rr->msg);
	if (th_dname_read(out, rr->msg, rr->msglen, base + rel, &end) != 0 ||
	    end > base + rr->rdlen)
		return TH_EWIRE;
	*next = end - base;
	return 0;
}

/* A view with a message must have its RDATA inside that message. */
static bool
rr_ok(const struct th_dsig_rr *rr)
{
	if (rr->rdata == NULL && rr->rdlen > 0)
		return false;
	if (rr->msg == NULL)
		return true;
	return rr->rdlen <= rr->msglen && rr->rdata >= rr->msg &&
	       (size_t)(rr->rdata - rr->msg) <= rr->msglen - rr->rdlen;
}

int
th_dsig_rrsig_parse(const struct th_dsig_rr *rr, struct th_dsig_rrsig *out)
{
	struct th_cursor c;
	size_t next;

	if (!rr_ok(rr))
		return TH_EWIRE;
	th_cursor_init(&c, rr->rdata, rr->rdlen);
	out->type_covered = th_cursor_read_u16(&c);
	out->algorithm = th_cursor_read_u8(&c);
	out->labels = th_cursor_read_u8(&c);
	out->original_ttl = th_cursor_read_u32(&c);
	out->expiration = th_cursor_read_u32(&c);
	out->inception = th_cursor_read_u32(&c);
	out->key_tag = th_cursor_read_u16(&c);
	if (c.err != 0 || rdata_name(rr, 18, &out->signer, &next) != 0)
		return TH_EWIRE;
	out->sig = rr->rdata + next;
	out->siglen = rr->rdlen - next;
	return 0;
}

int
th_dsig_serial_cmp(uint32_t a, uint32_t b)
{
	uint32_t d = a - b;

	if (d == 0)
		return 0;
	/* RFC 1982 3.2: a > b when their distance, mod 2^32, is below 2^31
	 * one way round. Unsigned arithmetic keeps the wrap defined. */
	return d <= 0x80000000u ? 1 : -1;
}

/*
 * The RDATA layouts with names (RFC 4034 6.2 as amended by RFC 6840 5.1),
 * as a list of fields: a positive count of fixed octets, or one of the
 * codes below. A layout without F_REST must use the RDATA exactly.
 */
enum {
	F_END = 0,
	F_NAME = -1, /* a name, lower-cased */
	F_KEEP = -2, /* a name, case kept (NSEC, RFC 6840 5.1) */
	F_STR = -3,  /* a <character-string> */
	F_REST = -4, /* the rest, as it is */
};

static const struct layout {
	uint16_t type;
	signed char f[6];
} layouts[] = {
    {2, {F_NAME}},                          /* NS */
    {3, {F_NAME}},                          /* MD */
    {4, {F_NAME}},                          /* MF */
    {5, {F_NAME}},                          /* CNAME */
    {6, {F_NAME, F_NAME, 20}},              /* SOA */
    {7, {F_NAME}},                          /* MB */
    {8, {F_NAME}},                          /* MG */
    {9, {F_NAME}},                          /* MR */
    {12, {F_NAME}},                         /* PTR */
    {14, {F_NAME, F_NAME}},                 /* MINFO */
    {15, {2, F_NAME}},                      /* MX */
    {17, {F_NAME, F_NAME}},                 /* RP */
    {18, {2, F_NAME}},                      /* AFSDB */
    {21, {2, F_NAME}},                      /* RT */
    {24, {18, F_NAME, F_REST}},             /* SIG */
    {26, {2, F_NAME, F_NAME}},              /* PX */
    {30, {F_NAME, F_REST}},                 /* NXT */
    {33, {6, F_NAME}},                      /* SRV */
    {35, {4, F_STR, F_STR, F_STR, F_NAME}}, /* NAPTR */
    {36, {2, F_NAME}},                      /* KX */
    {39, {F_NAME}},                         /* DNAME */
    {46, {18, F_NAME, F_REST}},             /* RRSIG */
    {47, {F_KEEP, F_REST}},                 /* NSEC */
};

static const struct layout *
layout_find(uint16_t type)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].type == type)
			return &layouts[i];
	return NULL;
}

/* A6 (RFC 2874 3.1): prefix length, address suffix, prefix name. */
static int
canon_a6(const struct th_dsig_rr *rr, struct th_wcursor *w)
{
	struct th_dname name;
	size_t plen, slen, next;

	if (rr->rdlen < 1 || rr->rdata[0] > 128)
		return TH_EWIRE;
	plen = rr->rdata[0];
	slen = (128 - plen + 7) / 8;
	if (1 + slen > rr->rdlen)
		return TH_EWIRE;
	th_wcursor_write(w, rr->rdata, 1 + slen);
	if (plen == 0)
		return 1 + slen == rr->rdlen ? 0 : TH_EWIRE;
	if (rdata_name(rr, 1 + slen, &name, &next) != 0 || next != rr->rdlen)
		return TH_EWIRE;
	th_dname_canonicalize(&name);
	th_wcursor_write(w, name.wire, name.len);
	return 0;
}

int
th_dsig_rdata_canonical(const struct th_dsig_rr *rr, uint8_t *out, size_t cap,
                        size_t *len)
{
	const struct layout *lay;
	struct th_wcursor w;
	struct th_dname name;
	size_t pos = 0, n;
	int rc = 0;

	if (!rr_ok(rr))
		return TH_EWIRE;
	th_wcursor_init(&w, out, cap);
	if (rr->type == 38) {
		rc = canon_a6(rr, &w);
	} else if ((lay = layout_find(rr->type)) == NULL) {
		th_wcursor_write(&w, rr->rdata, rr->rdlen);
	} else {
		for (size_t i = 0; i < 6 && lay->f[i] != F_END && rc == 0;
		     i++) {
			int f = lay->f[i];

			if (f > 0) {
				if ((size_t)f > rr->rdlen - pos) {
					rc = TH_EWIRE;
					break;
				}
				th_wcursor_write(&w, rr->rdata + pos,
				                 (size_t)f);
				pos += (size_t)f;
			} else if (f == F_NAME || f == F_KEEP) {
				if (rdata_name(rr, pos, &name, &pos) != 0) {
					rc = TH_EWIRE;
					break;
				}
				if (f == F_NAME)
					th_dname_canonicalize(&name);
				th_wcursor_write(&w, name.wire, name.len);
			} else if (f == F_STR) {
				if (pos >= rr->rdlen ||
				    (n = 1u + rr->rdata[pos]) >
				        rr->rdlen - pos) {
					rc = TH_EWIRE;
					break;
				}
				th_wcursor_write(&w, rr->rdata + pos, n);
				pos += n;
			} else {
				th_wcursor_write(&w, rr->rdata + pos,
				                 rr->rdlen - pos);
				pos = rr->rdlen;
			}
		}
		if (rc == 0 && pos != rr->rdlen)
			rc = TH_EWIRE;
	}
	if (rc != 0)
		return rc;
	if (w.err != 0)
		return w.err;
	*len = th_wcursor_pos(&w);
	return 0;
}

/* One record of the RRset in the signed data: its canonical RDATA. */
struct canon_ent {
	const uint8_t *p; /* set once the buffer no longer moves */
	size_t off;       /* where it is in the buffer */
	size_t len;
};

/* RFC 4034 6.3: RDATA as left-justified unsigned octet sequences. */
static int
ent_cmp(const void *a, const void *b)
{
	const struct canon_ent *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = n > 0 ? memcmp(x->p, y->p, n) : 0;

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/*
 * The owner name the signature covers: lower-cased, and for an RRSIG whose
 * labels field is smaller than the owner's label count (a wildcard
 * expansion) "*." followed by the owner's rightmost labels labels
 * (RFC 4035 5.3.2). Fails when labels exceeds the count.
 */
static int
signed_owner(const struct th_dname *owner, unsigned labels,
             struct th_dname *out)
{
	unsigned have = th_dname_labels(owner);
	struct th_dname tail = *owner;

	if (labels > have)
		return TH_EWIRE;
	th_dname_canonicalize(&tail);
	if (labels == have) {
		*out = tail;
		return 0;
	}
	for (unsigned i = labels; i < have; i++)
		if (th_dname_parent(&tail, &tail) != 0)
			return TH_EWIRE;
	if (tail.len + 2 > TH_DNAME_MAXLEN)
		return TH_EWIRE;
	out->wire[0] = 1;
	out->wire[1] = '*';
	memcpy(out->wire + 2, tail.wire, tail.len);
	out->len = (uint8_t)(tail.len + 2);
	return 0;
}

/* The records are one RRset (owner, class, type). */
static bool
one_rrset(const struct th_dsig_rr *rrset, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (rrset[i].type != rrset[0].type ||
		    rrset[i].rclass != rrset[0].rclass ||
		    !th_dname_equal(rrset[i].owner, rrset[0].owner))
			return false;
	return true;
}

/* Canonical RDATA of a record is at most this much longer than its wire
 * form: its names decompressed (the layouts hold at most two names). */
#define CANON_GROWTH (2 * TH_DNAME_MAXLEN)
#define STACK_ENTS 32

/* Append the canonical RDATA of rr to out; *len gets its length. */
static int
append_canonical(const struct th_dsig_rr *rr, struct th_buf *out, size_t *len)
{
	uint8_t stack[1024];
	uint8_t *tmp = stack;
	size_t cap = (size_t)rr->rdlen + CANON_GROWTH;
	int rc;

	if (rr->type != 38 && layout_find(rr->type) == NULL) {
		/* No names inside: the wire form is canonical. */
		*len = rr->rdlen;
		return th_buf_append(out, rr->rdata, rr->rdlen);
	}
	if (cap > sizeof(stack) && (tmp = malloc(cap)) == NULL)
		return TH_ENOMEM;
	rc = th_dsig_rdata_canonical(rr, tmp, cap, len);
	if (rc == 0 && *len > 65535)
		rc = TH_EWIRE;
	if (rc == 0)
		rc = th_buf_append(out, tmp, *len);
	if (tmp != stack)
		free(tmp);
	return rc;
}

static int
signed_data(const struct th_dsig_rrsig *sig, const struct th_dsig_rr *rrsig,
            const struct th_dsig_rr *rrset, size_t n, struct th_buf *out)
{
	struct canon_ent stack[STACK_ENTS], *ent = stack;
	struct th_dname owner, signer = sig->signer;
	size_t start = th_buf_len(out), stash, total = 0, rrs;
	int rc;

	if (n == 0 || !one_rrset(rrset, n) ||
	    rrset[0].type != sig->type_covered)
		return TH_EWIRE;
	if ((rc = signed_owner(rrset[0].owner, sig->labels, &owner)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!rr_ok(&rrset[i]))
			return TH_EWIRE;
	if (n > STACK_ENTS && (ent = calloc(n, sizeof(*ent))) == NULL)
		return TH_ENOMEM;
	th_dname_canonicalize(&signer);
	/* RFC 4034 3.1.8.1: RRSIG_RDATA is the RDATA up to the signer. */
	if ((rc = th_buf_append(out, rrsig->rdata, 18)) != 0 ||
	    (rc = th_buf_append(out, signer.wire, signer.len)) != 0)
		goto fail;
	/*
	 * First the canonical RDATA of every record, stashed after the
	 * prefix; then, with room reserved so the buffer stops moving, the
	 * records in canonical order after the stash, finally moved down
	 * over it. One buffer, no allocation per record.
	 */
	stash = th_buf_len(out);
	for (size_t i = 0; i < n; i++) {
		ent[i].off = th_buf_len(out);
		if ((rc = append_canonical(&rrset[i], out, &ent[i].len)) != 0)
			goto fail;
		total += owner.len + 10u + ent[i].len;
	}
	if ((rc = th_buf_reserve(out, total)) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		ent[i].p = th_buf_data(out) + ent[i].off;
	qsort(ent, n, sizeof(*ent), ent_cmp);
	rrs = th_buf_len(out);
	for (size_t i = 0; i < n; i++) {
		/* RFC 4034 6.3: duplicates are one record. */
		if (i > 0 && ent_cmp(&ent[i - 1], &ent[i]) == 0)
			continue;
		if ((rc = th_buf_append(out, owner.wire, owner.len)) != 0 ||
		    (rc = th_buf_append_u16(out, rrset[0].type)) != 0 ||
		    (rc = th_buf_append_u16(out, rrset[0].rclass)) != 0 ||
		    (rc = th_buf_append_u32(out, sig->original_ttl)) != 0 ||
		    (rc = th_buf_append_u16(out, (uint16_t)ent[i].len)) != 0 ||
		    (rc = th_buf_append(out, ent[i].p, ent[i].len)) != 0)
			goto fail;
	}
	/* th_buf has no interior write; its content is ours to move. */
	memmove(out->data + stash, out->data + rrs, th_buf_len(out) - rrs);
	rc = th_buf_truncate(out, stash + (th_buf_len(out) - rrs));
fail:
	if (rc != 0 && th_buf_truncate(out, start) != 0)
		rc = TH_EINTERNAL;
	if (ent != stack)
		free(ent);
	return rc;
}

int
th_dsig_signed_data(const struct th_dsig_rr *rrsig,
                    const struct th_dsig_rr *rrset, size_t n,
                    struct th_buf *out)
{
	struct th_dsig_rrsig sig;

	if (th_dsig_rrsig_parse(rrsig, &sig) != 0)
		return TH_EWIRE;
	return signed_data(&sig, rrsig, rrset, n, out);
}

/* ---- keys and verification ---------------------------------------------- */

/*
 * What the key's public-key operations gave, by the exact octets they
 * checked: the same RRSIG over the same RRset comes from every server of
 * a zone and is checked by several test cases, and each repeat cost a
 * full verification (a sixth of a crawl worker's CPU). Exact copies, not
 * hashes: hostile data must not be able to borrow another's result.
 */
#define KEY_MEMO 8

struct key_memo {
	uint8_t *octets; /* signed data, then the signature */
	size_t datalen, siglen;
	enum th_crypto_result cr;
};

struct th_dsig_key {
	struct th_dname owner;
	uint16_t tag, flags;
	uint8_t protocol, algorithm;
	unsigned rsa_bits;
	enum th_crypto_result state; /* OK when ck is set */
	struct th_crypto_key *ck;
	struct key_memo memo[KEY_MEMO];
	unsigned memo_next; /* ring: the oldest goes first */
	uint64_t crypto_ops;
};

static const struct key_memo *
memo_find(const struct th_dsig_key *k, const uint8_t *data, size_t datalen,
          const uint8_t *sig, size_t siglen)
{
	for (size_t i = 0; i < KEY_MEMO; i++) {
		const struct key_memo *e = &k->memo[i];

		if (e->octets != NULL && e->datalen == datalen &&
		    e->siglen == siglen &&
		    memcmp(e->octets + datalen, sig, siglen) == 0 &&
		    memcmp(e->octets, data, datalen) == 0)
			return e;
	}
	return NULL;
}

/* Best effort: without memory the next repeat verifies again. */
static void
memo_add(struct th_dsig_key *k, const uint8_t *data, size_t datalen,
         const uint8_t *sig, size_t siglen, enum th_crypto_result cr)
{
	struct key_memo *e = &k->memo[k->memo_next];
	uint8_t *o = malloc(datalen + siglen);

	if (o == NULL)
		return;
	memcpy(o, data, datalen);
	memcpy(o + datalen, sig, siglen);
	free(e->octets);
	e->octets = o;
	e->datalen = datalen;
	e->siglen = siglen;
	e->cr = cr;
	k->memo_next = (k->memo_next + 1) % KEY_MEMO;
}

int
th_dsig_key_new(const struct th_dsig_rr *dnskey, struct th_dsig_key **out)
{
	struct th_dsig_key *k;
	int rc;

	*out = NULL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return TH_ENOMEM;
	k->owner = *dnskey->owner;
	k->tag = th_dsig_keytag(dnskey->rdata, dnskey->rdlen);
	if (dnskey->rdlen < 4) {
		k->state = TH_CRYPTO_MALFORMED_KEY;
		*out = k;
		return 0;
	}
	k->flags =
	    (uint16_t)((unsigned)dnskey->rdata[0] << 8 | dnskey->rdata[1]);
	k->protocol = dnskey->rdata[2];
	k->algorithm = dnskey->rdata[3];
	switch (k->algorithm) {
	case 1:
	case 5:
	case 7:
	case 8:
	case 10:
		if (th_crypto_rsa_bits(dnskey->rdata + 4, dnskey->rdlen - 4u,
		                       &k->rsa_bits) != 0)
			k->rsa_bits = 0;
		break;
	default:
		break;
	}
	rc = th_crypto_key_new(k->algorithm, dnskey->rdata + 4,
	                       dnskey->rdlen - 4u, &k->ck, &k->state);
	if (rc != 0) {
		free(k);
		return rc;
	}
	*out = k;
	return 0;
}

void
th_dsig_key_destroy(struct th_dsig_key **kp)
{
	if (kp == NULL || *kp == NULL)
		return;
	th_crypto_key_destroy(&(*kp)->ck);
	for (size_t i = 0; i < KEY_MEMO; i++)
		free((*kp)->memo[i].octets);
	free(*kp);
	*kp = NULL;
}

struct th_dsig_keyring_entry {
	struct th_dname owner;
	uint8_t *rdata;
	uint16_t rdlen;
	struct th_dsig_key *key;
};

int
th_dsig_keyring_get(struct th_dsig_keyring *r, const struct th_dsig_rr *dnskey,
                    struct th_dsig_key **out)
{
	struct th_dsig_keyring_entry *e;
	int rc;

	/* A domain has a handful of keys: a linear search is the cheapest. */
	for (size_t i = 0; i < r->n; i++) {
		e = &r->e[i];
		if (e->rdlen == dnskey->rdlen &&
		    memcmp(e->rdata, dnskey->rdata, dnskey->rdlen) == 0 &&
		    th_dname_equal(&e->owner, dnskey->owner)) {
			*out = e->key;
			return 0;
		}
	}
	*out = NULL;
	if (r->n == r->alloc) {
		size_t na = r->alloc == 0 ? 8 : 2 * r->alloc;
		void *p = realloc(r->e, na * sizeof(*r->e));

		if (p == NULL)
			return TH_ENOMEM;
		r->e = p;
		r->alloc = na;
	}
	e = &r->e[r->n];
	if ((e->rdata = malloc(dnskey->rdlen + 1u)) == NULL)
		return TH_ENOMEM;
	if ((rc = th_dsig_key_new(dnskey, &e->key)) != 0) {
		free(e->rdata);
		return rc;
	}
	memcpy(e->rdata, dnskey->rdata, dnskey->rdlen);
	e->rdlen = dnskey->rdlen;
	e->owner = *dnskey->owner;
	r->n++;
	*out = e->key;
	return 0;
}

uint64_t
th_dsig_keyring_crypto_ops(const struct th_dsig_keyring *r)
{
	uint64_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->e[i].key->crypto_ops;
	return n;
}

void
th_dsig_keyring_free(struct th_dsig_keyring *r)
{
	for (size_t i = 0; i < r->n; i++) {
		th_dsig_key_destroy(&r->e[i].key);
		free(r->e[i].rdata);
	}
	free(r->e);
	memset(r, 0, sizeof(*r));
}

uint16_t
th_dsig_key_tag(const struct th_dsig_key *k)
{
	return k->tag;
}

uint16_t
th_dsig_key_flags(const struct th_dsig_key *k)
{
	return k->flags;
}

uint8_t
th_dsig_key_protocol(const struct th_dsig_key *k)
{
	return k->protocol;
}

uint8_t
th_dsig_key_algorithm(const struct th_dsig_key *k)
{
	return k->algorithm;
}

const struct th_dname *
th_dsig_key_owner(const struct th_dsig_key *k)
{
	return &k->owner;
}

bool
th_dsig_key_usable(const struct th_dsig_key *k)
{
	return k->ck != NULL;
}

unsigned
th_dsig_key_rsa_bits(const struct th_dsig_key *k)
{
	return k->rsa_bits;
}

uint64_t
th_dsig_key_crypto_ops(const struct th_dsig_key *k)
{
	return k->crypto_ops;
}

static const char *const outcome_names[TH_DSIG__OUTCOMES] = {
#define TH_DSIG_OUTCOME_NAME(name, text) #name,
    TH_DSIG_OUTCOME_MAP(TH_DSIG_OUTCOME_NAME)
#undef TH_DSIG_OUTCOME_NAME
};

static const char *const outcome_texts[TH_DSIG__OUTCOMES] = {
#define TH_DSIG_OUTCOME_TEXT(name, text) text,
    TH_DSIG_OUTCOME_MAP(TH_DSIG_OUTCOME_TEXT)
#undef TH_DSIG_OUTCOME_TEXT
};

const char *
th_dsig_outcome_name(enum th_dsig_outcome o)
{
	return (unsigned)o < TH_DSIG__OUTCOMES ? outcome_names[o] : "?";
}

const char *
th_dsig_outcome_text(enum th_dsig_outcome o)
{
	return (unsigned)o < TH_DSIG__OUTCOMES ? outcome_texts[o]
	                                       : "unknown outcome";
}

enum th_dsig_outcome
th_dsig_check_time(const struct th_dsig_rrsig *sig, uint64_t now)
{
	/* RFC 4034 3.1.5: the times are serial numbers modulo 2^32. */
	uint32_t t = (uint32_t)now;

	if (th_dsig_serial_cmp(t, sig->inception) < 0)
		return TH_DSIG_NOT_YET_VALID;
	if (th_dsig_serial_cmp(t, sig->expiration) > 0)
		return TH_DSIG_EXPIRED;
	return TH_DSIG_VALID;
}

/* The RRSIG fits the RRset: RFC 4035 5.3.1, the parts about the RRset. */
static bool
covers(const struct th_dsig_rrsig *sig, const struct th_dsig_rr *rrsig,
       const struct th_dsig_rr *rrset, size_t n)
{
	return n > 0 && one_rrset(rrset, n) &&
	       rrset[0].type == sig->type_covered &&
	       rrset[0].rclass == rrsig->rclass &&
	       th_dname_equal(rrset[0].owner, rrsig->owner) &&
	       th_dname_is_subdomain(rrset[0].owner, &sig->signer) &&
	       sig->labels <= th_dname_labels(rrset[0].owner);
}

/* The key can have made the RRSIG: RFC 4035 5.3.1, the parts about it. */
static bool
key_fits(const struct th_dsig_rrsig *sig, const struct th_dsig_key *k)
{
	return th_dname_equal(&k->owner, &sig->signer) &&
	       k->algorithm == sig->algorithm && k->tag == sig->key_tag &&
	       k->protocol == 3 && (k->flags & TH_DSIG_FLAG_ZONE) != 0;
}

int
th_dsig_verify(const struct th_dsig_rr *rrsig, const struct th_dsig_rr *rrset,
               size_t n, struct th_dsig_key *key, uint64_t now,
               struct th_buf *scratch, enum th_dsig_outcome *out)
{
	/* A message's RRset, names decompressed, stays far below 8 MiB. */
	struct th_buf own = TH_BUF_INIT((size_t)8 << 20);
	struct th_buf *b = scratch != NULL ? scratch : &own;
	const struct key_memo *memo;
	struct th_dsig_rrsig sig;
	enum th_crypto_result cr;
	enum th_dsig_outcome t;
	int rc;

	if (th_dsig_rrsig_parse(rrsig, &sig) != 0 || sig.siglen == 0) {
		*out = TH_DSIG_MALFORMED;
		return 0;
	}
	if (!covers(&sig, rrsig, rrset, n)) {
		*out = TH_DSIG_RRSET_MISMATCH;
		return 0;
	}
	if (!key_fits(&sig, key)) {
		*out = TH_DSIG_KEY_MISMATCH;
		return 0;
	}
	if ((t = th_dsig_check_time(&sig, now)) != TH_DSIG_VALID) {
		*out = t;
		return 0;
	}
	if (key->ck == NULL) {
		*out = key->state == TH_CRYPTO_UNSUPPORTED
		           ? TH_DSIG_ALGO_NOT_SUPPORTED
		           : TH_DSIG_MALFORMED;
		return 0;
	}
	th_buf_reset(b);
	rc = signed_data(&sig, rrsig, rrset, n, b);
	if (rc == TH_EWIRE) {
		*out = TH_DSIG_MALFORMED;
		rc = 0;
		goto out;
	}
	if (rc != 0)
		goto out;
	memo =
	    memo_find(key, th_buf_data(b), th_buf_len(b), sig.sig, sig.siglen);
	if (memo != NULL) {
		cr = memo->cr;
		rc = 0;
	} else {
		rc =
		    th_crypto_key_verify(key->ck, th_buf_data(b), th_buf_len(b),
		                         sig.sig, sig.siglen, &cr);
		key->crypto_ops++;
		if (rc == 0)
			memo_add(key, th_buf_data(b), th_buf_len(b), sig.sig,
			         sig.siglen, cr);
	}
	if (rc == 0)
		*out = cr == TH_CRYPTO_OK              ? TH_DSIG_VALID
		       : cr == TH_CRYPTO_BAD_SIGNATURE ? TH_DSIG_BAD_SIGNATURE
		                                       : TH_DSIG_MALFORMED;
out:
	th_buf_free(&own);
	return rc;
}

size_t
th_dsig_msg_rrset(const struct th_msg *m, const struct th_dname *owner,
                  uint16_t type, struct th_dsig_rr *out, size_t max)
{
	struct th_msg_iter it;
	struct th_rr rr;
	size_t n = 0;

	th_msg_iter_init(&it, m, TH_SEC_ANSWER);
	while (n < max && th_msg_iter_next(&it, &rr)) {
		if (rr.type != type || !th_dname_equal(&rr.owner, owner))
			continue;
		th_dsig_rr_from_msg(&out[n], m, &rr);
		out[n].owner = owner;
		n++;
	}
	return n;
}

int
th_dsig_rrset_check(const struct th_msg *m, const struct th_dname *owner,
                    uint16_t type, struct th_dsig_key *const *keys,
                    size_t nkeys, uint64_t now, struct th_buf *scratch,
                    unsigned *seen, size_t *nsigs, bool *valid)
{
	struct th_dsig_rr set[TH_DSIG_MAXSET], sigs[TH_DSIG_MAXSET];
	size_t nset = th_dsig_msg_rrset(m, owner, type, set, TH_DSIG_MAXSET);
	size_t nsig =
	    th_dsig_msg_rrset(m, owner, TH_T_RRSIG, sigs, TH_DSIG_MAXSET);
	int rc;

	*nsigs = 0;
	*valid = false;
	for (size_t s = 0; s < nsig; s++) {
		struct th_dsig_rrsig sig;

		if (th_dsig_rrsig_parse(&sigs[s], &sig) != 0 ||
		    sig.type_covered != type)
			continue;
		(*nsigs)++;
		for (size_t k = 0; k < nkeys; k++) {
			enum th_dsig_outcome o;

			if (th_dsig_key_tag(keys[k]) != sig.key_tag ||
			    th_dsig_key_algorithm(keys[k]) != sig.algorithm)
				continue;
			if ((rc = th_dsig_verify(&sigs[s], set, nset, keys[k],
			                         now, scratch, &o)) != 0)
				return rc;
			*seen |= 1u << o;
			if (o == TH_DSIG_VALID)
				*valid = true;
		}
	}
	return 0;
}
