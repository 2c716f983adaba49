/* SPDX-License-Identifier: BSD-3-Clause */
/* msg.c -- DNS message reader and query writer (see msg.h). */
#include "common/msg.h"

#include "common/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const reason_names[] = {
#define TH_MSG_REASON_NAME(name, text) #name,
    TH_MSG_REASON_MAP(TH_MSG_REASON_NAME)
#undef TH_MSG_REASON_NAME
};

static const char *const reason_texts[] = {
#define TH_MSG_REASON_TEXT(name, text) text,
    TH_MSG_REASON_MAP(TH_MSG_REASON_TEXT)
#undef TH_MSG_REASON_TEXT
};

const char *
th_msg_reason_name(enum th_msg_reason r)
{
	return (unsigned)r < TH_MSG__REASONS ? reason_names[r] : "?";
}

const char *
th_msg_reason_text(enum th_msg_reason r)
{
	return (unsigned)r < TH_MSG__REASONS ? reason_texts[r] : "?";
}

static inline uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * Names inside RDATA must end within it. For the types whose RDATA starts
 * with (or is) compressible names, check them; other types are opaque here
 * and are checked by whoever decodes them.
 */
static bool
msg_rdata_ok(const uint8_t *wire, size_t len, uint16_t type, size_t rdoff,
             uint16_t rdlen)
{
	struct th_dname name;
	size_t end = rdoff + rdlen, next;

	switch (type) {
	case TH_T_A:
		return rdlen == 4;
	case TH_T_AAAA:
		return rdlen == 16;
	case TH_T_NS:
	case TH_T_CNAME:
	case TH_T_PTR:
	case TH_T_DNAME:
		return th_dname_read(&name, wire, len, rdoff, &next) == 0 &&
		       next == end;
	case TH_T_MX:
		return rdlen > 2 &&
		       th_dname_read(&name, wire, len, rdoff + 2, &next) == 0 &&
		       next == end;
	case TH_T_SOA:
		if (th_dname_read(&name, wire, len, rdoff, &next) != 0 ||
		    next >= end ||
		    th_dname_read(&name, wire, len, next, &next) != 0)
			return false;
		return next + 20 == end;
	default:
		return true;
	}
}

static int
msg_fail(enum th_msg_reason *why, enum th_msg_reason r)
{
	if (why != NULL)
		*why = r;
	return TH_EWIRE;
}

int
th_msg_parse(struct th_msg *m, const uint8_t *wire, size_t len,
             enum th_msg_reason *why)
{
	struct th_dname scratch;
	size_t off;
	unsigned counts[3];

	memset(m, 0, offsetof(struct th_msg, qname));
	m->wire = wire;
	m->len = len;
	th_dname_set_root(&m->qname);
	m->qtype = m->qclass = 0;
	m->has_opt = false;
	m->edns_version = 0;
	m->edns_size = 0;
	m->edns_flags = 0;
	m->opt_rdoff = 0;
	m->opt_rdlen = 0;
	if (len < TH_MSG_HDRLEN || len > TH_MSG_MAXLEN)
		return msg_fail(why, TH_MSG_SHORT_HEADER);
	m->id = rd16(wire);
	m->flags = rd16(wire + 2);
	m->qdcount = rd16(wire + 4);
	m->ancount = rd16(wire + 6);
	m->nscount = rd16(wire + 8);
	m->arcount = rd16(wire + 10);
	m->rcode = m->flags & 0xfu;
	off = TH_MSG_HDRLEN;

	for (unsigned i = 0; i < m->qdcount; i++) {
		struct th_dname *qn = i == 0 ? &m->qname : &scratch;

		if (th_dname_read(qn, wire, len, off, &off) != 0)
			return msg_fail(why, TH_MSG_BAD_QNAME);
		if (len - off < 4)
			return msg_fail(why, TH_MSG_SHORT_QUESTION);
		if (i == 0) {
			m->qtype = rd16(wire + off);
			m->qclass = rd16(wire + off + 2);
		}
		off += 4;
	}

	counts[0] = m->ancount;
	counts[1] = m->nscount;
	counts[2] = m->arcount;
	for (unsigned sec = 0; sec < 3; sec++) {
		m->sec_off[sec] = off;
		for (unsigned i = 0; i < counts[sec]; i++) {
			uint16_t type, rdlen;

			if (th_dname_read(&scratch, wire, len, off, &off) != 0)
				return msg_fail(why, TH_MSG_BAD_OWNER);
			if (len - off < 10)
				return msg_fail(why, TH_MSG_SHORT_RR);
			type = rd16(wire + off);
			rdlen = rd16(wire + off + 8);
			off += 10;
			if (len - off < rdlen)
				return msg_fail(why, TH_MSG_SHORT_RDATA);
			if (type == TH_T_OPT) {
				/* RFC 6891 6.1.1: one, in additional, at the
				 * root. */
				if (sec != TH_SEC_ADDITIONAL || m->has_opt ||
				    !th_dname_is_root(&scratch))
					return msg_fail(why, TH_MSG_BAD_OPT);
				m->has_opt = true;
				m->edns_size = rd16(wire + off - 8);
				m->rcode |= (uint16_t)(wire[off - 6] << 4);
				m->edns_version = wire[off - 5];
				m->edns_flags = rd16(wire + off - 4);
				m->opt_rdoff = off;
				m->opt_rdlen = rdlen;
				/* Options must tile the RDATA exactly. */
				for (size_t o = 0; o < rdlen;) {
					if (rdlen - o < 4 ||
					    rdlen - o - 4 <
					        rd16(wire + off + o + 2))
						return msg_fail(why,
						                TH_MSG_BAD_OPT);
					o += 4u + rd16(wire + off + o + 2);
				}
			} else if (!msg_rdata_ok(wire, len, type, off, rdlen))
				return msg_fail(why, TH_MSG_BAD_RDATA);
			off += rdlen;
		}
	}
	m->end = off;
	if (why != NULL)
		*why = TH_MSG_OK;
	return 0;
}

void
th_msg_iter_init(struct th_msg_iter *it, const struct th_msg *m,
                 enum th_msg_section sec)
{
	static const unsigned idx[] = {TH_SEC_ANSWER, TH_SEC_AUTHORITY,
	                               TH_SEC_ADDITIONAL};

	it->m = m;
	it->off = m->sec_off[idx[sec]];
	it->left = sec == TH_SEC_ANSWER      ? m->ancount
	           : sec == TH_SEC_AUTHORITY ? m->nscount
	                                     : m->arcount;
}

bool
th_msg_iter_next(struct th_msg_iter *it, struct th_rr *rr)
{
	const struct th_msg *m = it->m;
	size_t off = it->off;

	if (it->left == 0)
		return false;
	/* th_msg_parse checked every bound; a failure here is a bug. */
	if (th_dname_read(&rr->owner, m->wire, m->len, off, &off) != 0 ||
	    m->len - off < 10) {
		it->left = 0;
		return false;
	}
	rr->type = rd16(m->wire + off);
	rr->rclass = rd16(m->wire + off + 2);
	rr->ttl = rd32(m->wire + off + 4);
	rr->rdlen = rd16(m->wire + off + 8);
	rr->rdoff = off + 10;
	it->off = rr->rdoff + rr->rdlen;
	it->left--;
	return true;
}

bool
th_msg_has_rr(const struct th_msg *m, enum th_msg_section sec, uint16_t type,
              const struct th_dname *owner)
{
	struct th_msg_iter it;
	struct th_rr rr;

	th_msg_iter_init(&it, m, sec);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == type &&
		    (owner == NULL || th_dname_equal(&rr.owner, owner)))
			return true;
	return false;
}

int
th_msg_rdata_name(const struct th_msg *m, const struct th_rr *rr, size_t rel,
                  struct th_dname *out, size_t *next_rel)
{
	size_t next;

	if (rel >= rr->rdlen)
		return TH_EWIRE;
	if (th_dname_read(out, m->wire, m->len, rr->rdoff + rel, &next) != 0)
		return TH_EWIRE;
	if (next > rr->rdoff + rr->rdlen)
		return TH_EWIRE;
	if (next_rel != NULL)
		*next_rel = next - rr->rdoff;
	return 0;
}

int
th_msg_soa(const struct th_msg *m, const struct th_rr *rr, struct th_soa *out)
{
	size_t rel;
	const uint8_t *p;

	if (rr->type != TH_T_SOA ||
	    th_msg_rdata_name(m, rr, 0, &out->mname, &rel) != 0 ||
	    th_msg_rdata_name(m, rr, rel, &out->rname, &rel) != 0 ||
	    rr->rdlen - rel != 20)
		return TH_EWIRE;
	p = m->wire + rr->rdoff + rel;
	out->serial = rd32(p);
	out->refresh = rd32(p + 4);
	out->retry = rd32(p + 8);
	out->expire = rd32(p + 12);
	out->minimum = rd32(p + 16);
	return 0;
}

bool
th_msg_edns_option(const struct th_msg *m, uint16_t code, const uint8_t **data,
                   uint16_t *len)
{
	const uint8_t *p = m->wire + m->opt_rdoff;

	if (!m->has_opt)
		return false;
	for (size_t o = 0; o + 4 <= m->opt_rdlen;) {
		uint16_t c = rd16(p + o), l = rd16(p + o + 2);

		if (c == code) {
			*data = p + o + 4;
			*len = l;
			return true;
		}
		o += 4u + l;
	}
	return false;
}

/* ---- queries ------------------------------------------------------------ */

void
th_query_init(struct th_query *q, const struct th_dname *qname, uint16_t qtype)
{
	memset(q, 0, sizeof(*q));
	q->qname = *qname;
	/* Unused name octets are zero so that whole structs compare equal. */
	memset(q->qname.wire + q->qname.len, 0,
	       sizeof(q->qname.wire) - q->qname.len);
	q->qtype = qtype;
	q->qclass = TH_CLASS_IN;
}

void
th_query_set_edns(struct th_query *q, uint16_t size, uint8_t version,
                  uint16_t flags)
{
	q->edns = true;
	q->edns_size = size;
	q->edns_version = version;
	q->edns_flags = flags;
}

int
th_query_add_option(struct th_query *q, uint16_t code, const void *data,
                    uint16_t len)
{
	if ((size_t)len + 4 > sizeof(q->opts) - q->optlen)
		return TH_ETOOBIG;
	wr16(q->opts + q->optlen, code);
	wr16(q->opts + q->optlen + 2, len);
	if (len > 0)
		memcpy(q->opts + q->optlen + 4, data, len);
	q->optlen = (uint16_t)(q->optlen + 4 + len);
	q->edns = true;
	return 0;
}

size_t
th_query_write(const struct th_query *q, uint16_t id, uint8_t *buf, size_t cap)
{
	uint16_t flags = (uint16_t)((q->opcode & 0xfu) << 11 |
	                            (q->flags & (TH_MSG_RD | TH_MSG_CD |
	                                         TH_MSG_AD | TH_MSG_Z)));
	size_t len = TH_MSG_HDRLEN + q->qname.len + 4;

	if (q->edns)
		len += 11u + q->optlen;
	if (len > cap)
		return 0;
	wr16(buf, id);
	wr16(buf + 2, flags);
	wr16(buf + 4, 1);
	wr16(buf + 6, 0);
	wr16(buf + 8, 0);
	wr16(buf + 10, q->edns ? 1 : 0);
	memcpy(buf + 12, q->qname.wire, q->qname.len);
	len = 12u + q->qname.len;
	wr16(buf + len, q->qtype);
	wr16(buf + len + 2, q->qclass);
	len += 4;
	if (q->edns) {
		buf[len] = 0; /* root owner */
		wr16(buf + len + 1, TH_T_OPT);
		wr16(buf + len + 3, q->edns_size);
		buf[len + 5] = 0; /* extended RCODE */
		buf[len + 6] = q->edns_version;
		wr16(buf + len + 7, q->edns_flags);
		wr16(buf + len + 9, q->optlen);
		memcpy(buf + len + 11, q->opts, q->optlen);
		len += 11u + q->optlen;
	}
	return len;
}

/* ---- mnemonics ---------------------------------------------------------- */

static const struct {
	uint16_t type;
	const char *name;
} rrtypes[] = {
    {TH_T_A, "A"},
    {TH_T_NS, "NS"},
    {TH_T_CNAME, "CNAME"},
    {TH_T_SOA, "SOA"},
    {TH_T_PTR, "PTR"},
    {TH_T_MX, "MX"},
    {TH_T_TXT, "TXT"},
    {TH_T_AAAA, "AAAA"},
    {TH_T_SRV, "SRV"},
    {TH_T_DNAME, "DNAME"},
    {TH_T_OPT, "OPT"},
    {TH_T_DS, "DS"},
    {TH_T_RRSIG, "RRSIG"},
    {TH_T_NSEC, "NSEC"},
    {TH_T_DNSKEY, "DNSKEY"},
    {TH_T_NSEC3, "NSEC3"},
    {TH_T_NSEC3PARAM, "NSEC3PARAM"},
    {TH_T_CDS, "CDS"},
    {TH_T_CDNSKEY, "CDNSKEY"},
    {TH_T_IXFR, "IXFR"},
    {TH_T_AXFR, "AXFR"},
    {TH_T_ANY, "ANY"},
    {TH_T_CAA, "CAA"},
};

const char *
th_rrtype_name(uint16_t type, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(rrtypes) / sizeof(rrtypes[0]); i++)
		if (rrtypes[i].type == type)
			return rrtypes[i].name;
	snprintf(buf, size, "TYPE%u", type);
	return buf;
}

int
th_rrtype_parse(const char *text, uint16_t *out)
{
	char *end;
	unsigned long v;

	for (size_t i = 0; i < sizeof(rrtypes) / sizeof(rrtypes[0]); i++)
		if (strcasecmp(rrtypes[i].name, text) == 0) {
			*out = rrtypes[i].type;
			return 0;
		}
	if (strncasecmp(text, "TYPE", 4) != 0 || text[4] < '0' || text[4] > '9')
		return TH_EINVAL;
	v = strtoul(text + 4, &end, 10);
	if (*end != '\0' || v > 65535)
		return TH_EINVAL;
	*out = (uint16_t)v;
	return 0;
}

const char *
th_rcode_name(unsigned rcode, char *buf, size_t size)
{
	static const char *const names[] = {
	    "NOERROR",  "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
	    "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE",
	};

	if (rcode < sizeof(names) / sizeof(names[0]))
		return names[rcode];
	if (rcode == TH_RCODE_BADVERS)
		return "BADVERS";
	if (rcode == TH_RCODE_BADCOOKIE)
		return "BADCOOKIE";
	snprintf(buf, size, "RCODE%u", rcode);
	return buf;
}
