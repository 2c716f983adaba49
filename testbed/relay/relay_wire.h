/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * relay_wire.h -- the little DNS wire knowledge the relay needs.
 *
 * The relay never decodes a message; it finds three offsets (end of the
 * header, end of the question section, the OPT record's TTL field) with a
 * bounded, sticky-error cursor, and rewrites bits in place: the ID, the AA
 * and TC flags, the section counts, the EDNS version. Every function is
 * total: garbage input yields TH_EWIRE or an unchanged message, never a
 * read or write outside [msg, msg + len).
 */
#ifndef TH_RELAY_WIRE_H
#define TH_RELAY_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RELAY_DNS_HDR 12
#define RELAY_DNS_RCODE_FORMERR 1

/* Offsets found by relay_wire_scan(). */
struct relay_wire_info {
	size_t qend;    /* offset just past the question section */
	size_t opt_ttl; /* offset of the OPT record's TTL field (has_opt) */
	uint16_t qdcount;
	bool has_opt; /* an OPT record (type 41, root owner) in additional */
};

/*
 * Find the end of the question section and, when want_opt, walk the
 * answer, authority and additional sections to the first OPT record.
 * @return 0 and *info filled; TH_EWIRE when the message is shorter than a
 *         header or a name or record runs past its end (or, with want_opt,
 *         anywhere before the OPT record is found). On TH_EWIRE, info->qend
 *         is still set (non-zero) when the question section itself was
 *         whole, and has_opt is false.
 */
int relay_wire_scan(const uint8_t *msg, size_t len, bool want_opt,
                    struct relay_wire_info *info);

/* The message ID (len >= 2 is the caller's guarantee). */
static inline uint16_t
relay_wire_id(const uint8_t *msg)
{
	return (uint16_t)((msg[0] << 8) | msg[1]);
}

static inline void
relay_wire_set_id(uint8_t *msg, uint16_t id)
{
	msg[0] = (uint8_t)(id >> 8);
	msg[1] = (uint8_t)id;
}

/* Clear the AA flag; no-op when len < RELAY_DNS_HDR. */
void relay_wire_clear_aa(uint8_t *msg, size_t len);

/*
 * Cut a response down to header and question with TC set and the answer,
 * authority and additional counts zero. When the question cannot be
 * parsed, only the header is kept (QDCOUNT zero).
 * @return the new length (<= len); len itself when len < RELAY_DNS_HDR.
 */
size_t relay_wire_truncate(uint8_t *msg, size_t len);

/*
 * Turn a query, in place, into the FORMERR a pre-EDNS server sends: the
 * header with QR set, AA/TC/RA/AD/CD clear, RCODE 1, the question kept,
 * every other section dropped.
 * @param[in] info  from relay_wire_scan() on this message
 * @return the answer's length (info->qend).
 */
size_t relay_wire_make_formerr(uint8_t *msg,
                               const struct relay_wire_info *info);

/* Rewrite the OPT record's EDNS version (info->has_opt must be true). */
void relay_wire_set_edns_version(uint8_t *msg,
                                 const struct relay_wire_info *info,
                                 uint8_t version);

static inline uint8_t
relay_wire_edns_version(const uint8_t *msg, const struct relay_wire_info *info)
{
	return msg[info->opt_ttl + 1];
}

/*
 * A 32-bit hash of the question section, to match a reply with the query
 * it answers. 0 means "no question to compare" (QDCOUNT 0, or the
 * question could not be parsed: info->qend 0).
 * @param[in] info  from relay_wire_scan() on this message
 */
uint32_t relay_wire_qhash(const uint8_t *msg,
                          const struct relay_wire_info *info);

#endif /* TH_RELAY_WIRE_H */
