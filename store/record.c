/* SPDX-License-Identifier: BSD-3-Clause */
/* record.c -- msgpack encoding of one domain's result (see record.h). */
#include "store/record.h"

#include "common/err.h"

#include <errno.h>
#include <msgpack.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Positions in the top-level array and the facts array (docs/store.md). */
enum { R_VERSION, R_DOMAIN, R_VTIME, R_TAGS, R_STRS, R_MSGS, R_FACTS, R__N };
enum {
	F_FLAGS,
	F_LAME,
	F_UNREACH,
	F_IPV4,
	F_IPV6,
	F_NAMES,
	F_PARENT,
	F_CHILD,
	F_SERIALS,
	F_SERVERS,
	F_DNSSEC,
	F_EDNS,
	F_CONTENT, /* version 2 on: [flags, dmarc policy, SOA timers or nil] */
	F__N
};
/* Facts of a version 1 record: everything before F_CONTENT. */
#define F__N1 F_CONTENT
#define FC_DMARC 0x01u
#define FC_CAA 0x02u
enum {
	D_STATUS,
	D_BOGUS,
	D_ALGS,
	D_DIGESTS,
	D_DENIAL,
	D_NSEC3,
	D_EXPIRY,
	D__N
};

#define FL_SERVED 0x01u
#define FL_NS_MATCH 0x02u
#define FL_SOA_CONSISTENT 0x04u
#define FL_MX 0x08u
#define FL_SPF 0x10u
#define FL_DNSSEC_NOMEM 0x20u

/* Distinct NS names of a record: parent and child sets, servers. */
#define MAXNAMES (2 * TH_EV_MAXNS + TH_FACTS_MAXSERVERS)

/* ---- encoding ---------------------------------------------------------- */

struct enc {
	msgpack_sbuffer sb;
	msgpack_packer pk;
	int err; /* sticky: a pack call failed (out of memory) */
};

static void
e_check(struct enc *e, int rc)
{
	if (rc != 0)
		e->err = TH_ENOMEM;
}

static void
e_uint(struct enc *e, uint64_t v)
{
	e_check(e, msgpack_pack_uint64(&e->pk, v));
}

static void
e_array(struct enc *e, size_t n)
{
	e_check(e, msgpack_pack_array(&e->pk, n));
}

static void
e_nil(struct enc *e)
{
	e_check(e, msgpack_pack_nil(&e->pk));
}

static void
e_bin(struct enc *e, const void *p, size_t n)
{
	e_check(e, msgpack_pack_bin(&e->pk, n));
	e_check(e, msgpack_pack_bin_body(&e->pk, p, n));
}

static void
e_str(struct enc *e, const char *s)
{
	size_t n = strlen(s);

	e_check(e, msgpack_pack_str(&e->pk, n));
	e_check(e, msgpack_pack_str_body(&e->pk, s, n));
}

static void
e_name(struct enc *e, const struct th_dname *d)
{
	e_bin(e, d->wire, d->len);
}

/* 4 or 16 octets, and the port (2 octets, network order) unless 53. */
static void
e_addr(struct enc *e, const struct th_addr *a)
{
	uint8_t b[18];
	size_t n = a->family == TH_AF_INET6 ? 16 : 4;

	memcpy(b, a->ip, n);
	if (a->port != 53) {
		b[n] = (uint8_t)(a->port >> 8);
		b[n + 1] = (uint8_t)a->port;
		n += 2;
	}
	e_bin(e, b, n);
}

struct names {
	size_t n;
	const struct th_dname *v[MAXNAMES];
};

static size_t
name_index(struct names *t, const struct th_dname *d)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i]->len == d->len &&
		    memcmp(t->v[i]->wire, d->wire, d->len) == 0)
			return i;
	t->v[t->n] = d;
	return t->n++;
}

static void
enc_dnssec(struct enc *e, const struct th_dnssec_facts *d)
{
	e_array(e, D__N);
	e_uint(e, d->status);
	e_uint(e, d->bogus);
	e_bin(e, d->alg, d->nalg);
	e_bin(e, d->digest, d->ndigest);
	e_uint(e, d->denial);
	if (d->nsec3_known) {
		e_array(e, 3);
		e_uint(e, d->nsec3_iterations);
		e_check(e, d->nsec3_optout ? msgpack_pack_true(&e->pk)
		                           : msgpack_pack_false(&e->pk));
		e_bin(e, d->nsec3_salt, d->nsec3_salt_len);
	} else {
		e_nil(e);
	}
	if (d->has_expiry)
		e_uint(e, d->earliest_expiry);
	else
		e_nil(e);
}

static void enc_edns(struct enc *e, const struct th_fact_edns *x);

static void
enc_facts(struct enc *e, const struct th_facts *f)
{
	struct names *t = malloc(sizeof(*t));
	size_t pidx[TH_EV_MAXNS], cidx[TH_EV_MAXNS];
	size_t *sidx = malloc(TH_FACTS_MAXSERVERS * sizeof(*sidx));
	unsigned flags = 0;

	if (t == NULL || sidx == NULL || f->nparent > TH_EV_MAXNS ||
	    f->nchild > TH_EV_MAXNS || f->nservers > TH_FACTS_MAXSERVERS ||
	    f->nedns > TH_FACTS_MAXSERVERS || f->nserials > TH_EV_MAXNS ||
	    f->dnssec.nalg > TH_DNSSEC_MAXALG ||
	    f->dnssec.ndigest > TH_DNSSEC_MAXALG) {
		e->err = t == NULL || sidx == NULL ? TH_ENOMEM : TH_EINVAL;
		free(t);
		free(sidx);
		return;
	}
	t->n = 0;
	for (size_t i = 0; i < f->nparent; i++)
		pidx[i] = name_index(t, &f->parent_ns[i]);
	for (size_t i = 0; i < f->nchild; i++)
		cidx[i] = name_index(t, &f->child_ns[i]);
	for (size_t i = 0; i < f->nservers; i++)
		sidx[i] = name_index(t, &f->servers[i].name);
	flags |= f->served ? FL_SERVED : 0;
	flags |= f->ns_match ? FL_NS_MATCH : 0;
	flags |= f->soa_consistent ? FL_SOA_CONSISTENT : 0;
	flags |= f->mx ? FL_MX : 0;
	flags |= f->spf ? FL_SPF : 0;
	flags |= f->dnssec_nomem ? FL_DNSSEC_NOMEM : 0;
	e_array(e, F__N);
	e_uint(e, flags);
	e_uint(e, f->lame);
	e_uint(e, f->unreachable);
	e_uint(e, f->ipv4);
	e_uint(e, f->ipv6);
	e_array(e, t->n);
	for (size_t i = 0; i < t->n; i++)
		e_name(e, t->v[i]);
	e_array(e, f->nparent);
	for (size_t i = 0; i < f->nparent; i++)
		e_uint(e, pidx[i]);
	e_array(e, f->nchild);
	for (size_t i = 0; i < f->nchild; i++)
		e_uint(e, cidx[i]);
	e_array(e, f->nserials);
	for (size_t i = 0; i < f->nserials; i++)
		e_uint(e, f->serials[i]);
	e_array(e, f->nservers);
	for (size_t i = 0; i < f->nservers; i++) {
		const struct th_fact_server *s = &f->servers[i];

		e_array(e, 4);
		e_uint(e, sidx[i]);
		if (s->has_addr)
			e_addr(e, &s->addr);
		else
			e_nil(e);
		e_uint(e, s->cls);
		e_uint(e, s->tcp_cls);
	}
	enc_dnssec(e, &f->dnssec);
	e_array(e, f->nedns);
	for (size_t i = 0; i < f->nedns; i++)
		enc_edns(e, &f->edns[i]);
	if (!f->content.known) {
		e_nil(e);
	} else {
		e_array(e, 3);
		e_uint(e, (f->content.dmarc ? FC_DMARC : 0) |
		              (f->content.caa ? FC_CAA : 0));
		e_uint(e, f->content.dmarc_policy);
		if (f->content.soa_known) {
			e_array(e, 4);
			e_uint(e, f->content.refresh);
			e_uint(e, f->content.retry);
			e_uint(e, f->content.expire);
			e_uint(e, f->content.minimum);
		} else {
			e_nil(e);
		}
	}
	free(t);
	free(sidx);
}

static void
enc_edns(struct enc *e, const struct th_fact_edns *x)
{
	{
		e_array(e, 2 + TH_EC__COUNT);
		e_addr(e, &x->addr);
		e_uint(e, x->verdict);
		for (unsigned k = 0; k < TH_EC__COUNT; k++) {
			const struct th_ednscomp_result *r = &x->test[k];

			/* Untested: one 0; else state, codes, RCODE. */
			if (r->state == TH_ECS_UNTESTED && r->codes == 0 &&
			    r->rcode == 0) {
				e_uint(e, 0);
				continue;
			}
			e_array(e, 3);
			e_uint(e, r->state);
			e_uint(e, r->codes);
			e_uint(e, r->rcode);
		}
	}
}

/* FNV-1a over "TESTCASE:TAG": the tag's name, stable as the catalogue
 * grows. */
uint32_t
th_record_tag_hash(enum th_tag tag)
{
	const char *parts[3] = {th_testcase_name(th_tag_testcase(tag)), ":",
	                        th_tag_name(tag)};
	uint32_t h = 2166136261u;

	for (unsigned i = 0; i < 3; i++)
		for (const char *p = parts[i]; *p != '\0'; p++)
			h = (h ^ (uint8_t)*p) * 16777619u;
	return h;
}

/*
 * The record's strings (argument keys and values), each once: a value
 * such as "ns1.example.se/192.0.2.1" recurs in many messages.
 */
struct strtab {
	size_t n, slots;
	const char **v;  /* in order of first use */
	uint32_t *index; /* open addressing: 1 + position, 0 empty */
};

static uint32_t
str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

/* Position of s, added when new. */
static size_t
str_index(struct strtab *t, const char *s)
{
	size_t i = str_hash(s) & (t->slots - 1);

	while (t->index[i] != 0) {
		if (strcmp(t->v[t->index[i] - 1], s) == 0)
			return t->index[i] - 1;
		i = (i + 1) & (t->slots - 1);
	}
	t->v[t->n] = s;
	t->index[i] = (uint32_t)++t->n;
	return t->n - 1;
}

static void
enc_messages(struct enc *e, const struct th_report *rep)
{
	int16_t *tagidx = malloc(TH_TAG__COUNT * sizeof(*tagidx));
	enum th_tag *tags = malloc(TH_TAG__COUNT * sizeof(*tags));
	struct strtab st = {0, 64, NULL, NULL};
	size_t ntags = 0, nstr = 0;

	for (size_t i = 0; i < rep->n; i++)
		nstr += 2 * (size_t)rep->msgs[i].nargs;
	while (st.slots < 2 * nstr)
		st.slots *= 2;
	st.v = malloc((nstr + 1) * sizeof(*st.v));
	st.index = calloc(st.slots, sizeof(*st.index));
	if (tagidx == NULL || tags == NULL || st.v == NULL ||
	    st.index == NULL) {
		e->err = TH_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < TH_TAG__COUNT; i++)
		tagidx[i] = -1;
	for (size_t i = 0; i < rep->n; i++) {
		const struct th_message *m = &rep->msgs[i];

		if ((unsigned)m->tag >= TH_TAG__COUNT ||
		    m->nargs > TH_REPORT_MAXARGS) {
			e->err = TH_EINVAL;
			goto out;
		}
		if (tagidx[m->tag] < 0) {
			tagidx[m->tag] = (int16_t)ntags;
			tags[ntags++] = m->tag;
		}
		for (unsigned a = 0; a < m->nargs; a++) {
			(void)str_index(&st, m->args[a].key);
			(void)str_index(&st, m->args[a].value);
		}
	}
	e_array(e, ntags);
	for (size_t i = 0; i < ntags; i++)
		e_uint(e, th_record_tag_hash(tags[i]));
	e_array(e, st.n);
	for (size_t i = 0; i < st.n; i++)
		e_str(e, st.v[i]);
	e_array(e, rep->n);
	for (size_t i = 0; i < rep->n; i++) {
		const struct th_message *m = &rep->msgs[i];

		e_array(e, 2 + 2 * (size_t)m->nargs);
		e_uint(e, (uint64_t)tagidx[m->tag]);
		e_uint(e, m->level);
		for (unsigned a = 0; a < m->nargs; a++) {
			e_uint(e, str_index(&st, m->args[a].key));
			e_uint(e, str_index(&st, m->args[a].value));
		}
	}
out:
	free(tagidx);
	free(tags);
	free(st.v);
	free(st.index);
}

int
th_record_encode(const struct th_dname *domain, uint64_t vtime,
                 const struct th_report *rep, const struct th_facts *f,
                 struct th_buf *out)
{
	struct enc e;
	int rc;

	e.err = 0;
	msgpack_sbuffer_init(&e.sb);
	msgpack_packer_init(&e.pk, &e.sb, msgpack_sbuffer_write);
	e_array(&e, R__N);
	e_uint(&e, TH_RECORD_VERSION);
	e_name(&e, domain);
	e_uint(&e, vtime);
	enc_messages(&e, rep);
	if (f != NULL)
		enc_facts(&e, f);
	else
		e_nil(&e);
	rc = e.err;
	if (rc == 0)
		rc = th_buf_append(out, e.sb.data, e.sb.size);
	msgpack_sbuffer_destroy(&e.sb);
	return rc;
}

/* ---- decoding ---------------------------------------------------------- */

static uint64_t
be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * Walk the msgpack structure without building it: every container's
 * count must fit the octets left (each element takes at least one), so
 * that msgpack-c, which allocates a container's elements before reading
 * them, never allocates more than a small multiple of len. Exactly one
 * object, nothing after it.
 */
static int
prescan(const uint8_t *p, size_t len)
{
	uint64_t pending = 1;
	size_t off = 0;

	while (pending > 0) {
		uint8_t b;
		uint64_t skip = 0, kids = 0;
		unsigned lenlen = 0, extra = 0;

		if (off >= len || pending > len - off)
			return TH_ECODEC;
		b = p[off++];
		pending--;
		if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 ||
		    b == 0xc3)
			continue;
		if (b >= 0x80 && b <= 0x8f)
			kids = 2u * (b & 0x0fu);
		else if (b >= 0x90 && b <= 0x9f)
			kids = b & 0x0fu;
		else if (b >= 0xa0 && b <= 0xbf)
			skip = b & 0x1fu;
		else
			switch (b) {
			case 0xc4:
			case 0xd9:
				lenlen = 1;
				break;
			case 0xc5:
			case 0xda:
				lenlen = 2;
				break;
			case 0xc6:
			case 0xdb:
				lenlen = 4;
				break;
			case 0xc7:
				lenlen = 1;
				extra = 1;
				break;
			case 0xc8:
				lenlen = 2;
				extra = 1;
				break;
			case 0xc9:
				lenlen = 4;
				extra = 1;
				break;
			case 0xca:
				skip = 4;
				break;
			case 0xcb:
				skip = 8;
				break;
			case 0xcc:
			case 0xd0:
				skip = 1;
				break;
			case 0xcd:
			case 0xd1:
				skip = 2;
				break;
			case 0xce:
			case 0xd2:
				skip = 4;
				break;
			case 0xcf:
			case 0xd3:
				skip = 8;
				break;
			case 0xd4:
				skip = 2;
				break;
			case 0xd5:
				skip = 3;
				break;
			case 0xd6:
				skip = 5;
				break;
			case 0xd7:
				skip = 9;
				break;
			case 0xd8:
				skip = 17;
				break;
			case 0xdc:
			case 0xdd:
			case 0xde:
			case 0xdf: {
				unsigned n = (b == 0xdc || b == 0xde) ? 2 : 4;

				if (len - off < n)
					return TH_ECODEC;
				kids = be(p + off, n) * (b >= 0xde ? 2 : 1);
				off += n;
				break;
			}
			default: /* 0xc1: never used */
				return TH_ECODEC;
			}
		if (lenlen > 0) {
			if (len - off < lenlen)
				return TH_ECODEC;
			skip = be(p + off, lenlen) + extra;
			off += lenlen;
		}
		if (skip > len - off)
			return TH_ECODEC;
		off += (size_t)skip;
		pending += kids;
	}
	return off == len ? 0 : TH_ECODEC;
}

static bool
d_uint(const msgpack_object *o, uint64_t max, uint64_t *out)
{
	if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER || o->via.u64 > max)
		return false;
	*out = o->via.u64;
	return true;
}

/* An array of n elements, min <= n <= max. */
static const msgpack_object *
d_array(const msgpack_object *o, size_t min, size_t max, size_t *n)
{
	if (o->type != MSGPACK_OBJECT_ARRAY || o->via.array.size < min ||
	    o->via.array.size > max)
		return NULL;
	*n = o->via.array.size;
	return o->via.array.ptr;
}

static bool
d_name(const msgpack_object *o, struct th_dname *out)
{
	size_t used;

	return o->type == MSGPACK_OBJECT_BIN && o->via.bin.size > 0 &&
	       o->via.bin.size <= TH_DNAME_MAXLEN &&
	       th_dname_from_wire(out, (const uint8_t *)o->via.bin.ptr,
	                          o->via.bin.size, &used) == 0 &&
	       used == o->via.bin.size;
}

static bool
d_addr(const msgpack_object *o, struct th_addr *a)
{
	const uint8_t *p = (const uint8_t *)o->via.bin.ptr;
	size_t n;

	if (o->type != MSGPACK_OBJECT_BIN)
		return false;
	n = o->via.bin.size;
	if (n != 4 && n != 6 && n != 16 && n != 18)
		return false;
	memset(a, 0, sizeof(*a));
	a->family = n >= 16 ? TH_AF_INET6 : TH_AF_INET;
	memcpy(a->ip, p, n >= 16 ? 16 : 4);
	a->port = n == 6 || n == 18 ? (uint16_t)be(p + n - 2, 2) : 53;
	return true;
}

/* A bin of at most max octets into dst. */
static bool
d_bytes(const msgpack_object *o, uint8_t *dst, size_t max, size_t *n)
{
	if (o->type != MSGPACK_OBJECT_BIN || o->via.bin.size > max)
		return false;
	if (o->via.bin.size > 0)
		memcpy(dst, o->via.bin.ptr, o->via.bin.size);
	*n = o->via.bin.size;
	return true;
}

static bool
d_bool(const msgpack_object *o, bool *out)
{
	if (o->type != MSGPACK_OBJECT_BOOLEAN)
		return false;
	*out = o->via.boolean;
	return true;
}

static int
dec_dnssec(const msgpack_object *o, struct th_dnssec_facts *d)
{
	const msgpack_object *v, *n3;
	size_t n, nn;
	uint64_t u;

	if ((v = d_array(o, D__N, D__N, &n)) == NULL ||
	    !d_uint(&v[D_STATUS], TH_DNSSEC__STATUSES - 1, &u))
		return TH_ECODEC;
	d->status = (uint8_t)u;
	if (!d_uint(&v[D_BOGUS], (1u << TH_DNSSEC_BOGUS__COUNT) - 1, &u))
		return TH_ECODEC;
	d->bogus = (unsigned)u;
	if (!d_bytes(&v[D_ALGS], d->alg, TH_DNSSEC_MAXALG, &d->nalg) ||
	    !d_bytes(&v[D_DIGESTS], d->digest, TH_DNSSEC_MAXALG, &d->ndigest) ||
	    !d_uint(&v[D_DENIAL], TH_DENIAL_NSEC3, &u))
		return TH_ECODEC;
	d->denial = (uint8_t)u;
	if (v[D_NSEC3].type != MSGPACK_OBJECT_NIL) {
		if ((n3 = d_array(&v[D_NSEC3], 3, 3, &nn)) == NULL ||
		    !d_uint(&n3[0], UINT16_MAX, &u) ||
		    !d_bool(&n3[1], &d->nsec3_optout) ||
		    !d_bytes(&n3[2], d->nsec3_salt, 255, &nn))
			return TH_ECODEC;
		d->nsec3_known = true;
		d->nsec3_iterations = (uint16_t)u;
		d->nsec3_salt_len = (uint8_t)nn;
	}
	if (v[D_EXPIRY].type != MSGPACK_OBJECT_NIL) {
		if (!d_uint(&v[D_EXPIRY], UINT64_MAX, &d->earliest_expiry))
			return TH_ECODEC;
		d->has_expiry = true;
	}
	return 0;
}

static int
dec_edns(const msgpack_object *o, struct th_fact_edns *x)
{
	const msgpack_object *v, *t;
	size_t n;
	uint64_t u;

	if ((v = d_array(o, 2 + TH_EC__COUNT, 2 + TH_EC__COUNT, &n)) == NULL ||
	    !d_addr(&v[0], &x->addr) || !d_uint(&v[1], TH_ECV__COUNT - 1, &u))
		return TH_ECODEC;
	x->verdict = (uint8_t)u;
	for (unsigned k = 0; k < TH_EC__COUNT; k++) {
		struct th_ednscomp_result *r = &x->test[k];

		if (d_uint(&v[2 + k], 0, &u))
			continue; /* untested */
		if ((t = d_array(&v[2 + k], 3, 3, &n)) == NULL ||
		    !d_uint(&t[0], TH_ECS_NO_ANSWER, &u))
			return TH_ECODEC;
		r->state = (uint8_t)u;
		if (!d_uint(&t[1], UINT64_MAX, &r->codes) ||
		    (r->codes >> TH_ECC__COUNT) != 0 ||
		    !d_uint(&t[2], UINT16_MAX, &u))
			return TH_ECODEC;
		r->rcode = (uint16_t)u;
	}
	return 0;
}

/* F_CONTENT: nil (not collected) or [flags, policy, timers or nil]. */
static int
dec_content(const msgpack_object *o, struct th_fact_content *c)
{
	const msgpack_object *v, *t;
	size_t n;
	uint64_t u;
	uint32_t *dst[4] = {&c->refresh, &c->retry, &c->expire, &c->minimum};

	if (o->type == MSGPACK_OBJECT_NIL)
		return 0;
	if ((v = d_array(o, 3, 3, &n)) == NULL ||
	    !d_uint(&v[0], FC_DMARC | FC_CAA, &u))
		return TH_ECODEC;
	c->known = true;
	c->dmarc = u & FC_DMARC;
	c->caa = u & FC_CAA;
	if (!d_uint(&v[1], TH_DMARC_REJECT, &u))
		return TH_ECODEC;
	c->dmarc_policy = (uint8_t)u;
	if (v[2].type == MSGPACK_OBJECT_NIL)
		return 0;
	if ((t = d_array(&v[2], 4, 4, &n)) == NULL)
		return TH_ECODEC;
	for (size_t i = 0; i < 4; i++) {
		if (!d_uint(&t[i], UINT32_MAX, &u))
			return TH_ECODEC;
		*dst[i] = (uint32_t)u;
	}
	c->soa_known = true;
	return 0;
}

static int
dec_facts(const msgpack_object *o, struct th_facts *f)
{
	const msgpack_object *v, *a, *names, *s;
	size_t n, nnames, ns, nfacts;
	uint64_t u;
	struct th_dname *tab = NULL;
	int rc = TH_ECODEC;

	if ((v = d_array(o, F__N1, F__N, &n)) == NULL ||
	    !d_uint(&v[F_FLAGS], 0x3f, &u))
		return TH_ECODEC;
	nfacts = n;
	f->served = u & FL_SERVED;
	f->ns_match = u & FL_NS_MATCH;
	f->soa_consistent = u & FL_SOA_CONSISTENT;
	f->mx = u & FL_MX;
	f->spf = u & FL_SPF;
	f->dnssec_nomem = u & FL_DNSSEC_NOMEM;
	if (!d_uint(&v[F_LAME], TH_SHARE_FULL, &u))
		return TH_ECODEC;
	f->lame = (uint8_t)u;
	if (!d_uint(&v[F_UNREACH], TH_SHARE_FULL, &u))
		return TH_ECODEC;
	f->unreachable = (uint8_t)u;
	if (!d_uint(&v[F_IPV4], UINT32_MAX, &u))
		return TH_ECODEC;
	f->ipv4 = (unsigned)u;
	if (!d_uint(&v[F_IPV6], UINT32_MAX, &u))
		return TH_ECODEC;
	f->ipv6 = (unsigned)u;
	if ((names = d_array(&v[F_NAMES], 0, MAXNAMES, &nnames)) == NULL)
		return TH_ECODEC;
	if (nnames > 0 && (tab = malloc(nnames * sizeof(*tab))) == NULL)
		return TH_ENOMEM;
	for (size_t i = 0; i < nnames; i++)
		if (!d_name(&names[i], &tab[i]))
			goto out;
	if ((a = d_array(&v[F_PARENT], 0, TH_EV_MAXNS, &n)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++, f->nparent++)
		if (nnames == 0 || !d_uint(&a[i], nnames - 1, &u))
			goto out;
		else
			f->parent_ns[i] = tab[u];
	if ((a = d_array(&v[F_CHILD], 0, TH_EV_MAXNS, &n)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++, f->nchild++)
		if (nnames == 0 || !d_uint(&a[i], nnames - 1, &u))
			goto out;
		else
			f->child_ns[i] = tab[u];
	if ((a = d_array(&v[F_SERIALS], 0, TH_EV_MAXNS, &n)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++, f->nserials++)
		if (!d_uint(&a[i], UINT32_MAX, &u))
			goto out;
		else
			f->serials[i] = (uint32_t)u;
	if ((a = d_array(&v[F_SERVERS], 0, TH_FACTS_MAXSERVERS, &n)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++, f->nservers++) {
		struct th_fact_server *fs = &f->servers[i];

		if ((s = d_array(&a[i], 4, 4, &ns)) == NULL || nnames == 0 ||
		    !d_uint(&s[0], nnames - 1, &u))
			goto out;
		fs->name = tab[u];
		if (s[1].type != MSGPACK_OBJECT_NIL) {
			if (!d_addr(&s[1], &fs->addr))
				goto out;
			fs->has_addr = true;
		}
		if (!d_uint(&s[2], TH_SC__COUNT - 1, &u))
			goto out;
		fs->cls = (uint8_t)u;
		if (!d_uint(&s[3], TH_SC__COUNT - 1, &u))
			goto out;
		fs->tcp_cls = (uint8_t)u;
	}
	if ((rc = dec_dnssec(&v[F_DNSSEC], &f->dnssec)) != 0)
		goto out;
	rc = TH_ECODEC;
	if ((a = d_array(&v[F_EDNS], 0, TH_FACTS_MAXSERVERS, &n)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++, f->nedns++)
		if ((rc = dec_edns(&a[i], &f->edns[i])) != 0)
			goto out;
	/* A version 1 record has no F_CONTENT: content.known stays false. */
	rc = nfacts > F_CONTENT ? dec_content(&v[F_CONTENT], &f->content) : 0;
out:
	free(tab);
	return rc;
}

/* This build's tags by name hash, sorted for bsearch. */
struct taghash {
	uint32_t hash;
	enum th_tag tag;
};

static int
cmp_taghash(const void *a, const void *b)
{
	uint32_t x = ((const struct taghash *)a)->hash,
	         y = ((const struct taghash *)b)->hash;

	return x < y ? -1 : x > y;
}

/*
 * Built once per process and read-only afterwards (pthread_once): sorting
 * the catalogue's hashes per record was most of the analyzer's decode
 * time (tests/bench/analyze.sh).
 */
struct taghash_once {
	pthread_once_t once;
	struct taghash t[TH_TAG__COUNT];
};

static struct taghash_once taghash_built = {PTHREAD_ONCE_INIT, {{0, 0}}};

static void
taghash_build(void)
{
	struct taghash *t = taghash_built.t;

	for (size_t i = 0; i < TH_TAG__COUNT; i++) {
		t[i].tag = (enum th_tag)i;
		t[i].hash = th_record_tag_hash((enum th_tag)i);
	}
	qsort(t, TH_TAG__COUNT, sizeof(*t), cmp_taghash);
}

static const struct taghash *
taghash_table(void)
{
	pthread_once(&taghash_built.once, taghash_build);
	return taghash_built.t;
}

static int
dec_tag(const msgpack_object *o, const struct taghash *t, enum th_tag *out)
{
	struct taghash key;
	const struct taghash *hit;
	uint64_t h;

	if (!d_uint(o, UINT32_MAX, &h))
		return TH_ECODEC;
	key.hash = (uint32_t)h;
	hit = bsearch(&key, t, TH_TAG__COUNT, sizeof(*t), cmp_taghash);
	if (hit == NULL)
		return TH_ENOTFOUND;
	*out = hit->tag;
	return 0;
}

/* A string without NUL octets, copied into the region. */
static const char *
d_str(const msgpack_object *o, struct th_region *region)
{
	if (o->type != MSGPACK_OBJECT_STR ||
	    (o->via.str.size > 0 &&
	     memchr(o->via.str.ptr, '\0', o->via.str.size) != NULL))
		return NULL;
	return th_region_strndup(region, o->via.str.ptr, o->via.str.size);
}

static int
dec_messages(const msgpack_object *top, struct th_report *rep)
{
	const msgpack_object *tv, *sv, *mv;
	size_t ntags, nstr, nmsgs;
	enum th_tag *tags = NULL;
	const char **strs = NULL;
	const struct taghash *th = NULL;
	int rc = TH_ECODEC;

	if ((tv = d_array(&top[R_TAGS], 0, TH_TAG__COUNT, &ntags)) == NULL ||
	    (sv = d_array(&top[R_STRS], 0, SIZE_MAX, &nstr)) == NULL ||
	    (mv = d_array(&top[R_MSGS], 0, SIZE_MAX, &nmsgs)) == NULL)
		return TH_ECODEC;
	tags = malloc((ntags + 1) * sizeof(*tags));
	strs = malloc((nstr + 1) * sizeof(*strs));
	th = ntags > 0 ? taghash_table() : NULL;
	if (tags == NULL || strs == NULL) {
		rc = TH_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < ntags; i++)
		if ((rc = dec_tag(&tv[i], th, &tags[i])) != 0)
			goto out;
	rc = TH_ECODEC;
	for (size_t i = 0; i < nstr; i++)
		if ((strs[i] = d_str(&sv[i], rep->region)) == NULL)
			goto out;
	if (rep->n + nmsgs > rep->alloc) {
		size_t want = rep->n + nmsgs;
		struct th_message *p =
		    realloc(rep->msgs, (want > 0 ? want : 1) * sizeof(*p));

		if (p == NULL) {
			rc = TH_ENOMEM;
			goto out;
		}
		rep->msgs = p;
		rep->alloc = want;
	}
	for (size_t i = 0; i < nmsgs; i++) {
		struct th_message *m = &rep->msgs[rep->n];
		const msgpack_object *a;
		size_t n;
		uint64_t u, w;

		if ((a = d_array(&mv[i], 2, 2 + 2 * TH_REPORT_MAXARGS, &n)) ==
		        NULL ||
		    n % 2 != 0 || ntags == 0 || !d_uint(&a[0], ntags - 1, &u))
			goto out;
		m->tag = tags[u];
		if (!d_uint(&a[1], TH_LEVEL__COUNT - 1, &u))
			goto out;
		m->level = (enum th_level)u;
		m->nargs = 0;
		for (size_t k = 2; k < n; k += 2) {
			if (nstr == 0 || !d_uint(&a[k], nstr - 1, &u) ||
			    !d_uint(&a[k + 1], nstr - 1, &w))
				goto out;
			m->args[m->nargs].key = strs[u];
			m->args[m->nargs].value = strs[w];
			m->nargs++;
		}
		rep->n++;
	}
	rc = 0;
out:
	free(tags);
	free(strs);
	return rc;
}

/* The version from the first octets: an array, then a positive int. */
int
th_record_version(const void *data, size_t len, unsigned *version)
{
	const uint8_t *p = data;

	if (len < 2 || p[0] < 0x91 || p[0] > 0x9f)
		return TH_ECODEC;
	if (p[1] <= 0x7f) {
		*version = p[1];
		return 0;
	}
	if (p[1] == 0xcc && len >= 3) {
		*version = p[2];
		return 0;
	}
	if (p[1] == 0xcd && len >= 4) {
		*version = (unsigned)be(p + 2, 2);
		return 0;
	}
	return TH_ECODEC;
}

int
th_record_decode(const void *data, size_t len, struct th_dname *domain,
                 uint64_t *vtime, struct th_report *rep, struct th_facts *f,
                 bool *has_facts)
{
	msgpack_unpacked u;
	const msgpack_object *top;
	size_t off = 0, n;
	unsigned version;
	uint64_t v;
	struct th_dname d;
	int rc;

	memset(f, 0, sizeof(*f));
	*has_facts = false;
	if ((rc = th_record_version(data, len, &version)) != 0)
		return rc;
	if (version == 0)
		return TH_ECODEC;
	if (version > TH_RECORD_VERSION)
		return -EPROTONOSUPPORT;
	if ((rc = prescan(data, len)) != 0)
		return rc;
	msgpack_unpacked_init(&u);
	rc = TH_ECODEC;
	switch (msgpack_unpack_next(&u, data, len, &off)) {
	case MSGPACK_UNPACK_SUCCESS:
		break;
	case MSGPACK_UNPACK_NOMEM_ERROR:
		rc = TH_ENOMEM;
		goto out;
	default:
		goto out;
	}
	/* Later minor additions may append fields; version 1 has R__N. */
	if (off != len ||
	    (top = d_array(&u.data, R__N, SIZE_MAX, &n)) == NULL ||
	    !d_uint(&top[R_VERSION], TH_RECORD_VERSION, &v) ||
	    !d_name(&top[R_DOMAIN], &d) ||
	    !d_uint(&top[R_VTIME], UINT64_MAX, &v))
		goto out;
	if (domain != NULL)
		*domain = d;
	if (vtime != NULL)
		*vtime = v;
	if ((rc = dec_messages(top, rep)) != 0)
		goto out;
	if (top[R_FACTS].type != MSGPACK_OBJECT_NIL) {
		if ((rc = dec_facts(&top[R_FACTS], f)) != 0)
			goto out;
		*has_facts = true;
	}
	rc = 0;
out:
	msgpack_unpacked_destroy(&u);
	return rc;
}

/* ---- run metadata and server facts ------------------------------------ */

static const char *const run_state_names[] = {
#define TH_RUN_STATE_NAME(name, text) text,
    TH_RUN_STATE_MAP(TH_RUN_STATE_NAME)
#undef TH_RUN_STATE_NAME
};

const char *
th_run_state_name(enum th_run_state s)
{
	return (unsigned)s < TH_RUN__STATES ? run_state_names[s] : "?";
}

static void
enc_begin(struct enc *e)
{
	e->err = 0;
	msgpack_sbuffer_init(&e->sb);
	msgpack_packer_init(&e->pk, &e->sb, msgpack_sbuffer_write);
}

static int
enc_end(struct enc *e, struct th_buf *out)
{
	int rc = e->err;

	if (rc == 0)
		rc = th_buf_append(out, e->sb.data, e->sb.size);
	msgpack_sbuffer_destroy(&e->sb);
	return rc;
}

/* [version, created, state, total, results, servers, batches, input] */
int
th_record_run_encode(const struct th_run_meta *m, struct th_buf *out)
{
	struct enc e;

	enc_begin(&e);
	e_array(&e, 8);
	e_uint(&e, TH_RECORD_VERSION);
	e_uint(&e, m->created);
	e_uint(&e, m->state);
	e_uint(&e, m->total);
	e_uint(&e, m->results);
	e_uint(&e, m->servers);
	e_uint(&e, m->batches);
	e_str(&e, m->input);
	return enc_end(&e, out);
}

/* Unpack one whole object after the prescan; *top is its array. */
static int
unpack(const void *data, size_t len, msgpack_unpacked *u, size_t min,
       const msgpack_object **top)
{
	unsigned version;
	size_t off = 0, n;
	int rc;

	if ((rc = th_record_version(data, len, &version)) != 0)
		return rc;
	if (version == 0)
		return TH_ECODEC;
	if (version > TH_RECORD_VERSION)
		return -EPROTONOSUPPORT;
	if ((rc = prescan(data, len)) != 0)
		return rc;
	switch (msgpack_unpack_next(u, data, len, &off)) {
	case MSGPACK_UNPACK_SUCCESS:
		break;
	case MSGPACK_UNPACK_NOMEM_ERROR:
		return TH_ENOMEM;
	default:
		return TH_ECODEC;
	}
	if (off != len || (*top = d_array(&u->data, min, SIZE_MAX, &n)) == NULL)
		return TH_ECODEC;
	return 0;
}

int
th_record_run_decode(const void *data, size_t len, struct th_run_meta *m)
{
	msgpack_unpacked u;
	const msgpack_object *v;
	uint64_t st;
	char id[sizeof(m->id)];
	int rc;

	memcpy(id, m->id, sizeof(id));
	memset(m, 0, sizeof(*m));
	memcpy(m->id, id, sizeof(id));
	msgpack_unpacked_init(&u);
	if ((rc = unpack(data, len, &u, 8, &v)) != 0)
		goto out;
	rc = TH_ECODEC;
	if (!d_uint(&v[1], UINT64_MAX, &m->created) ||
	    !d_uint(&v[2], TH_RUN__STATES - 1, &st) ||
	    !d_uint(&v[3], UINT64_MAX, &m->total) ||
	    !d_uint(&v[4], UINT64_MAX, &m->results) ||
	    !d_uint(&v[5], UINT64_MAX, &m->servers) ||
	    !d_uint(&v[6], UINT64_MAX, &m->batches) ||
	    v[7].type != MSGPACK_OBJECT_STR ||
	    v[7].via.str.size > TH_RUN_INPUTMAX ||
	    (v[7].via.str.size > 0 &&
	     memchr(v[7].via.str.ptr, '\0', v[7].via.str.size) != NULL))
		goto out;
	m->state = (uint8_t)st;
	if (v[7].via.str.size > 0)
		memcpy(m->input, v[7].via.str.ptr, v[7].via.str.size);
	m->input[v[7].via.str.size] = '\0';
	rc = 0;
out:
	msgpack_unpacked_destroy(&u);
	return rc;
}

/* [version, the edns entry of the facts] */
int
th_record_server_encode(const struct th_fact_edns *x, struct th_buf *out)
{
	struct enc e;

	enc_begin(&e);
	e_array(&e, 2);
	e_uint(&e, TH_RECORD_VERSION);
	enc_edns(&e, x);
	return enc_end(&e, out);
}

int
th_record_server_decode(const void *data, size_t len, struct th_fact_edns *x)
{
	msgpack_unpacked u;
	const msgpack_object *v;
	int rc;

	memset(x, 0, sizeof(*x));
	msgpack_unpacked_init(&u);
	if ((rc = unpack(data, len, &u, 2, &v)) == 0)
		rc = dec_edns(&v[1], x);
	msgpack_unpacked_destroy(&u);
	return rc;
}
