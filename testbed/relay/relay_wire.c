/* SPDX-License-Identifier: BSD-3-Clause */
/* relay_wire.c -- bounded offsets and in-place rewrites (see relay_wire.h). */
#include "testbed/relay/relay_wire.h"

#include "common/buf.h"
#include "common/err.h"

#include <string.h>

#define WIRE_TYPE_OPT 41
#define WIRE_MAX_LABELS 128 /* a 255-byte name has at most 127 labels */

/* Header bytes: flags in 2-3, counts in 4-11. */
#define WIRE_FLAG_QR 0x80 /* byte 2 */
#define WIRE_FLAG_AA 0x04 /* byte 2 */
#define WIRE_FLAG_TC 0x02 /* byte 2 */
#define WIRE_FLAG_RD 0x01 /* byte 2 */
#define WIRE_OPCODE_MASK 0x78

/*
 * Skip a name in place. A compression pointer ends the name here (its
 * target is never followed, so loops cannot hurt us); the label types 01
 * and 10 are obsolete or unassigned and count as malformed.
 */
static void
wire_skip_name(struct th_cursor *c)
{
	size_t total = 0;

	for (int i = 0; i < WIRE_MAX_LABELS && c->err == 0; i++) {
		uint8_t b = th_cursor_read_u8(c);

		if (b == 0)
			return; /* the root label, or the sticky error */
		if ((b & 0xC0) == 0xC0) {
			th_cursor_skip(c, 1);
			return;
		}
		total += (size_t)b + 1;
		/* 255 octets at most, counting the root octet still to come. */
		if ((b & 0xC0) != 0 || total > 254)
			break;
		th_cursor_skip(c, b);
	}
	/* Too many labels, an invalid label type or an overlong name. */
	if (c->err == 0)
		c->err = TH_EWIRE;
}

static uint16_t
wire_count(const uint8_t *msg, int which)
{
	return (uint16_t)((msg[4 + 2 * which] << 8) | msg[5 + 2 * which]);
}

/* Walk the question section; returns false when it is malformed. */
static bool
wire_question(struct th_cursor *c, uint16_t qdcount)
{
	for (uint16_t i = 0; i < qdcount && c->err == 0; i++) {
		wire_skip_name(c);
		th_cursor_skip(c, 4); /* type, class */
	}
	return c->err == 0;
}

int
relay_wire_scan(const uint8_t *msg, size_t len, bool want_opt,
                struct relay_wire_info *info)
{
	struct th_cursor c;
	unsigned rrs, an_ns;

	memset(info, 0, sizeof(*info));
	if (len < RELAY_DNS_HDR)
		return TH_EWIRE;
	th_cursor_init(&c, msg, len);
	th_cursor_seek(&c, RELAY_DNS_HDR);
	info->qdcount = wire_count(msg, 0);
	if (!wire_question(&c, info->qdcount))
		return TH_EWIRE;
	info->qend = th_cursor_pos(&c);
	if (!want_opt)
		return 0;
	an_ns = (unsigned)wire_count(msg, 1) + wire_count(msg, 2);
	rrs = an_ns + wire_count(msg, 3);
	/*
	 * Each record takes at least 11 bytes, so the cursor runs out long
	 * before a forged count of 3 x 65535 could make this loop costly.
	 */
	for (unsigned i = 0; i < rrs; i++) {
		size_t owner = th_cursor_pos(&c);
		uint16_t type, rdlen;

		wire_skip_name(&c);
		type = th_cursor_read_u16(&c);
		th_cursor_skip(&c, 6); /* class, ttl */
		rdlen = th_cursor_read_u16(&c);
		if (c.err != 0)
			return TH_EWIRE;
		if (i >= an_ns && type == WIRE_TYPE_OPT &&
		    th_cursor_pos(&c) - owner == 11 && msg[owner] == 0) {
			info->has_opt = true;
			info->opt_ttl = owner + 5;
			return 0;
		}
		th_cursor_skip(&c, rdlen);
		if (c.err != 0)
			return TH_EWIRE;
	}
	return 0;
}

void
relay_wire_clear_aa(uint8_t *msg, size_t len)
{
	if (len >= RELAY_DNS_HDR)
		msg[2] &= (uint8_t)~WIRE_FLAG_AA;
}

size_t
relay_wire_truncate(uint8_t *msg, size_t len)
{
	struct relay_wire_info info;
	size_t keep = RELAY_DNS_HDR;

	if (len < RELAY_DNS_HDR)
		return len;
	if (relay_wire_scan(msg, len, false, &info) == 0)
		keep = info.qend;
	else
		msg[4] = msg[5] = 0;
	msg[2] |= WIRE_FLAG_TC;
	memset(msg + 6, 0, 6); /* ANCOUNT, NSCOUNT, ARCOUNT */
	return keep;
}

size_t
relay_wire_make_formerr(uint8_t *msg, const struct relay_wire_info *info)
{
	msg[2] = (uint8_t)(WIRE_FLAG_QR | (msg[2] & WIRE_OPCODE_MASK) |
	                   (msg[2] & WIRE_FLAG_RD));
	msg[3] = RELAY_DNS_RCODE_FORMERR; /* RA, Z, AD, CD clear */
	memset(msg + 6, 0, 6);
	return info->qend;
}

void
relay_wire_set_edns_version(uint8_t *msg, const struct relay_wire_info *info,
                            uint8_t version)
{
	msg[info->opt_ttl + 1] = version;
}

uint32_t
relay_wire_qhash(const uint8_t *msg, const struct relay_wire_info *info)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	if (info->qdcount == 0 || info->qend < RELAY_DNS_HDR)
		return 0;
	for (size_t i = RELAY_DNS_HDR; i < info->qend; i++) {
		h ^= msg[i];
		h *= 16777619u;
	}
	return h != 0 ? h : 1;
}
