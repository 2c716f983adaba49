/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * msg.h -- DNS messages in wire format: a checked reader and the query writer.
 *
 * The crawler reads tens of millions of answers from servers it does not
 * own. th_msg_parse() walks a whole message once, checking every bound
 * (header, question, each record's owner, type, class, TTL and RDATA
 * length, the names inside the RDATA of the types that carry them, the OPT
 * record), without allocating; afterwards the accessors cannot run off the
 * message. Records are read in place (zero-copy) through an iterator.
 *
 * ldns stays the library for DNSSEC (signature checks, canonical forms)
 * and zone files; it builds a heap object per record, which the hot path
 * of the transport cannot afford (docs/decisions.md).
 */
#ifndef TH_MSG_H
#define TH_MSG_H

#include "common/dname.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_MSG_HDRLEN 12
#define TH_MSG_MAXLEN 65535

/* Header flag bits (the 16-bit word after the ID). */
#define TH_MSG_QR 0x8000u
#define TH_MSG_AA 0x0400u
#define TH_MSG_TC 0x0200u
#define TH_MSG_RD 0x0100u
#define TH_MSG_RA 0x0080u
#define TH_MSG_Z 0x0040u
#define TH_MSG_AD 0x0020u
#define TH_MSG_CD 0x0010u
/* EDNS flag bits (RFC 6891 / 3225). */
#define TH_EDNS_DO 0x8000u

enum th_rcode {
	TH_RCODE_NOERROR = 0,
	TH_RCODE_FORMERR = 1,
	TH_RCODE_SERVFAIL = 2,
	TH_RCODE_NXDOMAIN = 3,
	TH_RCODE_NOTIMP = 4,
	TH_RCODE_REFUSED = 5,
	TH_RCODE_NOTAUTH = 9,
	TH_RCODE_BADVERS = 16,
	TH_RCODE_BADCOOKIE = 23,
};

enum th_rrtype {
	TH_T_A = 1,
	TH_T_NS = 2,
	TH_T_CNAME = 5,
	TH_T_SOA = 6,
	TH_T_PTR = 12,
	TH_T_MX = 15,
	TH_T_TXT = 16,
	TH_T_AAAA = 28,
	TH_T_SRV = 33,
	TH_T_DNAME = 39,
	TH_T_OPT = 41,
	TH_T_DS = 43,
	TH_T_RRSIG = 46,
	TH_T_NSEC = 47,
	TH_T_DNSKEY = 48,
	TH_T_NSEC3 = 50,
	TH_T_NSEC3PARAM = 51,
	TH_T_CDS = 59,
	TH_T_CDNSKEY = 60,
	TH_T_IXFR = 251,
	TH_T_AXFR = 252,
	TH_T_ANY = 255,
	TH_T_CAA = 257,
};

#define TH_CLASS_IN 1
#define TH_CLASS_CH 3

/* EDNS option codes the engine sends. */
#define TH_EDNS_OPT_NSID 3
#define TH_EDNS_OPT_COOKIE 10

enum th_msg_section {
	TH_SEC_ANSWER = 0,
	TH_SEC_AUTHORITY = 1,
	TH_SEC_ADDITIONAL = 2,
};

/* Why a message is malformed: tag and text. */
#define TH_MSG_REASON_MAP(XX)                                                  \
	XX(OK, "well-formed")                                                  \
	XX(SHORT_HEADER, "shorter than the 12-octet header")                   \
	XX(BAD_QNAME, "question name invalid or past the end")                 \
	XX(SHORT_QUESTION, "question type or class past the end")              \
	XX(BAD_OWNER, "record owner name invalid or past the end")             \
	XX(SHORT_RR, "record type, class, TTL or length past the end")         \
	XX(SHORT_RDATA, "record data runs past the end")                       \
	XX(BAD_RDATA, "record data does not fit its type")                     \
	XX(BAD_OPT, "OPT record misplaced, repeated or malformed")             \
	XX(OVERSIZE, "larger than the query allowed")

enum th_msg_reason {
#define TH_MSG_REASON_ENUM(name, text) TH_MSG_##name,
	TH_MSG_REASON_MAP(TH_MSG_REASON_ENUM)
#undef TH_MSG_REASON_ENUM
	    TH_MSG__REASONS
};

const char *th_msg_reason_name(enum th_msg_reason r);
const char *th_msg_reason_text(enum th_msg_reason r);

/* A parsed message; it borrows the wire octets, which must outlive it. */
struct th_msg {
	const uint8_t *wire;
	size_t len;
	uint16_t id;
	uint16_t flags;
	uint16_t qdcount, ancount, nscount, arcount;
	/* The first question (qdcount >= 1); qname is the root otherwise. */
	struct th_dname qname;
	uint16_t qtype, qclass;
	/* Offset of the first record of answer, authority, additional. */
	size_t sec_off[3];
	size_t end; /* offset just past the last record */
	/* EDNS (has_opt): from the OPT record. */
	bool has_opt;
	uint8_t edns_version;
	uint16_t edns_size;
	uint16_t edns_flags;
	size_t opt_rdoff;
	uint16_t opt_rdlen;
	/* RCODE with the OPT record's upper 8 bits when present. */
	uint16_t rcode;
};

static inline unsigned
th_msg_opcode(const struct th_msg *m)
{
	return (m->flags >> 11) & 0xfu;
}

/*
 * Check and index a whole message. Trailing octets after the last record
 * are tolerated (servers pad); m->end tells where the records stop.
 * Returns 0 or TH_EWIRE, with *why (may be NULL) set either way.
 */
int th_msg_parse(struct th_msg *m, const uint8_t *wire, size_t len,
                 enum th_msg_reason *why) __attribute__((warn_unused_result));

/* One record, read in place. */
struct th_rr {
	struct th_dname owner;
	uint16_t type, rclass;
	uint32_t ttl;
	uint16_t rdlen;
	size_t rdoff; /* offset of the RDATA in the message */
};

struct th_msg_iter {
	const struct th_msg *m;
	size_t off;
	unsigned left;
};

/* Iterate over one section of a parsed message. */
void th_msg_iter_init(struct th_msg_iter *it, const struct th_msg *m,
                      enum th_msg_section sec);

/* The next record, or false at the end of the section. */
bool th_msg_iter_next(struct th_msg_iter *it, struct th_rr *rr);

/* A record of type in the section, owned by owner (NULL: any owner). */
bool th_msg_has_rr(const struct th_msg *m, enum th_msg_section sec,
                   uint16_t type, const struct th_dname *owner);

static inline const uint8_t *
th_msg_rdata(const struct th_msg *m, const struct th_rr *rr)
{
	return m->wire + rr->rdoff;
}

/*
 * The (possibly compressed) name at octet rel of a record's RDATA, as in
 * NS, CNAME, PTR, DNAME, MX (rel 2), SOA. *next_rel (may be NULL) gets the
 * RDATA offset past it. Returns 0 or TH_EWIRE.
 */
int th_msg_rdata_name(const struct th_msg *m, const struct th_rr *rr,
                      size_t rel, struct th_dname *out, size_t *next_rel)
    __attribute__((warn_unused_result));

struct th_soa {
	struct th_dname mname, rname;
	uint32_t serial, refresh, retry, expire, minimum;
};

/* The fields of a SOA record. Returns 0 or TH_EWIRE. */
int th_msg_soa(const struct th_msg *m, const struct th_rr *rr,
               struct th_soa *out) __attribute__((warn_unused_result));

/*
 * Find EDNS option `code` in the OPT record: its data and length. Returns
 * false when there is no OPT record or no such option.
 */
bool th_msg_edns_option(const struct th_msg *m, uint16_t code,
                        const uint8_t **data, uint16_t *len);

/* ---- queries ------------------------------------------------------------ */

#define TH_QUERY_OPTMAX 64
/* Header, longest name, type and class, OPT record, options. */
#define TH_QUERY_MAXWIRE (12 + 255 + 4 + 11 + TH_QUERY_OPTMAX)

/*
 * Every shape of query the engine sends. A plain value: copied, compared
 * and hashed as part of cache keys (write it with th_query_write, whose
 * output with ID 0 is the canonical form).
 */
struct th_query {
	struct th_dname qname;
	uint16_t qtype, qclass;
	uint16_t flags; /* header bits to set: TH_MSG_RD, _CD, _AD, _Z */
	uint8_t opcode; /* 0 = QUERY */
	bool edns;      /* add an OPT record */
	uint8_t edns_version;
	uint16_t edns_size;
	uint16_t edns_flags; /* TH_EDNS_DO and any other (unknown) bits */
	uint16_t optlen;     /* octets used in opts */
	uint8_t opts[TH_QUERY_OPTMAX]; /* EDNS options, wire form */
};

/* A plain query: class IN, no flags (RD=0), no EDNS. */
void th_query_init(struct th_query *q, const struct th_dname *qname,
                   uint16_t qtype);

/* Add EDNS with the given UDP size, version and flags. */
void th_query_set_edns(struct th_query *q, uint16_t size, uint8_t version,
                       uint16_t flags);

/* Append an EDNS option (turns EDNS on). Returns 0 or TH_ETOOBIG. */
int th_query_add_option(struct th_query *q, uint16_t code, const void *data,
                        uint16_t len) __attribute__((warn_unused_result));

/*
 * Write the query with the given ID into buf (cap octets; TH_QUERY_MAXWIRE
 * always suffices). Returns the length.
 */
size_t th_query_write(const struct th_query *q, uint16_t id, uint8_t *buf,
                      size_t cap);

/* Most octets a UDP answer to q may have: the EDNS size, at least 512. */
static inline size_t
th_query_udp_limit(const struct th_query *q)
{
	return q->edns && q->edns_size > 512 ? q->edns_size : 512;
}

/* Type mnemonic ("AAAA", "TYPE65534" into buf); returns buf or static. */
const char *th_rrtype_name(uint16_t type, char *buf, size_t size);

/* Type from its mnemonic or "TYPEnnn"; returns 0 or TH_EINVAL. */
int th_rrtype_parse(const char *text, uint16_t *out)
    __attribute__((warn_unused_result));

/* RCODE mnemonic ("NXDOMAIN", "RCODE12" into buf). */
const char *th_rcode_name(unsigned rcode, char *buf, size_t size);

#endif /* TH_MSG_H */
