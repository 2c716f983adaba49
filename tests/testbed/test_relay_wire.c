/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_relay_wire.c -- unit tests for testbed/relay/relay_wire: finding the
 * end of the question and the OPT record, the in-place rewrites (AA, the
 * FORMERR answer, the TC-only answer, the EDNS version) and hostile input.
 *
 * Messages are written as string literals with 3-digit octal escapes, built
 * from the pieces below; M(s) gives the bytes without the literal's NUL.
 * Every message under test is copied into a heap buffer of exactly its
 * length, so that AddressSanitizer and valgrind see any read past the end.
 */
#include "common/err.h"
#include "common/rng.h"
#include "testbed/relay/relay_wire.h"
#include "tests/suites.h"

#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define M(s) (const uint8_t *)(s), sizeof(s) - 1

/*
 * Header: ID 0x1234, flags RD (byte 2 = 0x01, byte 3 = 0x00), then the
 * four counts, each given as its low octet ("\001" = 1).
 */
#define HDR(qd, an, ns, ar)                                                    \
	"\022\064\001\000"                                                     \
	"\000" qd "\000" an "\000" ns "\000" ar
#define C0 "\000"
#define C1 "\001"
#define C2 "\002"
/* example.se. A IN: 12 + 4 octets, so the question ends at 28. */
#define Q_EX "\007example\002se\000\000\001\000\001"
#define QEND 28
/* OPT: root owner, type 41, UDP 4096, ext-rcode 0, version, DO, rdlen 0. */
#define OPT(ver) "\000\000\051\020\000\000" ver "\200\000\000\000"
/* An A record whose owner points at the question name: 16 octets. */
#define RR_A "\300\014\000\001\000\001\000\000\016\020\000\004\300\000\002\001"

/* An exact-size heap copy of a message. */
static uint8_t *
dup_msg(const uint8_t *msg, size_t len)
{
	uint8_t *p = malloc(len > 0 ? len : 1);

	ck_assert_ptr_nonnull(p);
	if (len > 0)
		memcpy(p, msg, len);
	return p;
}

/* ---- scan: valid messages ----------------------------------------------- */

struct scan_case {
	const uint8_t *msg;
	size_t len;
	bool want_opt;
	size_t qend;
	uint16_t qdcount;
	bool has_opt;
	size_t opt_ttl;
	uint8_t version;
	const char *what;
};

static const struct scan_case scan_ok[] = {
    {M(HDR(C1, C0, C0, C1) Q_EX OPT("\000")), true, QEND, 1, true, 33, 0,
     "query with OPT, version 0"},
    {M(HDR(C1, C0, C0, C1) Q_EX OPT("\001")), true, QEND, 1, true, 33, 1,
     "query with OPT, version 1"},
    {M(HDR(C1, C0, C0, C1) Q_EX OPT("\377")), true, QEND, 1, true, 33, 255,
     "query with OPT, version 255"},
    {M(HDR(C1, C0, C0, C0) Q_EX), true, QEND, 1, false, 0, 0,
     "query without OPT"},
    {M(HDR(C1, C0, C0, C2) Q_EX RR_A OPT("\000")), true, QEND, 1, true,
     QEND + 16 + 5, 0, "OPT after another additional record"},
    {M(HDR(C1, C0, C0, C2) Q_EX OPT("\001") RR_A), true, QEND, 1, true, 33, 1,
     "OPT not last"},
    {M(HDR(C1, C1, C1, C1) Q_EX RR_A RR_A OPT("\000")), true, QEND, 1, true,
     QEND + 32 + 5, 0, "OPT after an answer and an authority record"},
    {M(HDR(C1, C1, C0, C0) Q_EX OPT("\000")), true, QEND, 1, false, 0, 0,
     "type 41 in the answer section is not the OPT"},
    {M(HDR(C1, C0, C1, C0) Q_EX OPT("\000")), true, QEND, 1, false, 0, 0,
     "type 41 in the authority section is not the OPT"},
    {M(HDR(C1, C0, C0, C1) Q_EX "\300\014\000\051\020\000\000\000\000\000"
                                "\000\000"),
     true, QEND, 1, false, 0, 0, "type 41 with a non-root owner"},
    {M(HDR(C1, C0, C0, C1) Q_EX "\000\000\051\020\000\000\000\200\000\000"
                                "\004\000\012\000\000"),
     true, QEND, 1, true, 33, 0, "OPT with an option in its rdata"},
    {M(HDR(C1, C0, C0, C1) Q_EX OPT("\000")), false, QEND, 1, false, 0, 0,
     "want_opt false: OPT not looked for"},
    {M(HDR(C0, C0, C0, C1) OPT("\000")), true, 12, 0, true, 17, 0,
     "no question, OPT right after the header"},
    {M(HDR(C0, C0, C0, C0)), true, 12, 0, false, 0, 0, "header only"},
    {M(HDR(C2, C0, C0, C0) Q_EX "\003www\300\014\000\034\000\001"), true,
     QEND + 10, 2, false, 0, 0, "two questions, the second compressed"},
    {M(HDR(C1, C0, C0, C0) "\300\014\000\001\000\001"), true, 18, 1, false, 0,
     0, "question name a pointer to itself: never followed"},
    {M(HDR(C1, C0, C0, C0) "\300\377\000\001\000\001"), true, 18, 1, false, 0,
     0, "question name a pointer past the end: never followed"},
    {M(HDR(C1, C1, C0, C1) Q_EX "\300\034\000\001\000\001\000\000\016\020"
                                "\000\004\300\000\002\001" OPT("\001")),
     true, QEND, 1, true, QEND + 16 + 5, 1,
     "answer owner a pointer loop, OPT after it"},
    {M(HDR(C1, C0, C0, C0) Q_EX "trailing garbage"), true, QEND, 1, false, 0, 0,
     "bytes after the last counted record are ignored"},
};

static void
check_scan(const struct scan_case *c)
{
	uint8_t *msg = dup_msg(c->msg, c->len);
	struct relay_wire_info info;
	int rc;

	memset(&info, 0xa5, sizeof(info));
	rc = relay_wire_scan(msg, c->len, c->want_opt, &info);
	ck_assert_msg(rc == 0, "%s: %s", c->what, th_errname(rc));
	ck_assert_msg(info.qend == c->qend, "%s: qend %zu, want %zu", c->what,
	              info.qend, c->qend);
	ck_assert_uint_eq(info.qdcount, c->qdcount);
	ck_assert_msg(info.has_opt == c->has_opt, "%s: has_opt %d", c->what,
	              info.has_opt);
	if (c->has_opt) {
		ck_assert_uint_eq(info.opt_ttl, c->opt_ttl);
		ck_assert_uint_eq(relay_wire_edns_version(msg, &info),
		                  c->version);
		/* The TTL field sits 5 octets after a root owner of type 41. */
		ck_assert_uint_eq(msg[info.opt_ttl - 5], 0);
		ck_assert_uint_eq(msg[info.opt_ttl - 4], 0);
		ck_assert_uint_eq(msg[info.opt_ttl - 3], 41);
	}
	free(msg);
}

START_TEST(test_relay_wire_scan)
{
	check_scan(&scan_ok[_i]);
}
END_TEST

/* The longest legal name, 255 octets (63 + 63 + 63 + 61 + lengths). */
static size_t
long_name_query(uint8_t *buf, unsigned last)
{
	static const uint8_t hdr[] = HDR(C1, C0, C0, C0);
	size_t n = sizeof(hdr) - 1;

	memcpy(buf, hdr, n);
	for (int k = 0; k < 4; k++) {
		unsigned len = k < 3 ? 63 : last;

		buf[n++] = (uint8_t)len;
		memset(buf + n, 'a', len);
		n += len;
	}
	buf[n++] = 0;
	memcpy(buf + n, "\000\001\000\001", 4);
	return n + 4;
}

START_TEST(test_relay_wire_scan_longest_name)
{
	uint8_t buf[300];
	size_t len = long_name_query(buf, 61);
	uint8_t *msg = dup_msg(buf, len);
	struct relay_wire_info info;

	ck_assert_uint_eq(len, 12 + 255 + 4);
	ck_assert_int_eq(relay_wire_scan(msg, len, true, &info), 0);
	ck_assert_uint_eq(info.qend, len);
	free(msg);
}
END_TEST

/* Queries as ldns writes them, with and without EDNS. */
static const struct {
	const char *name;
	bool edns;
	uint8_t version;
	size_t qend; /* 12 + name + 4 */
} ldns_cases[] = {
    {"example.se.", false, 0, 12 + 12 + 4},
    {"example.se.", true, 0, 12 + 12 + 4},
    {"www.example.se.", true, 1, 12 + 16 + 4},
    {".", true, 0, 12 + 1 + 4},
};

START_TEST(test_relay_wire_scan_ldns)
{
	ldns_rdf *qname = ldns_dname_new_frm_str(ldns_cases[_i].name);
	ldns_pkt *pkt;
	uint8_t *wire = NULL, *msg;
	size_t len = 0;
	struct relay_wire_info info;

	ck_assert_ptr_nonnull(qname);
	pkt = ldns_pkt_query_new(qname, LDNS_RR_TYPE_SOA, LDNS_RR_CLASS_IN,
	                         LDNS_RD);
	ck_assert_ptr_nonnull(pkt);
	ldns_pkt_set_id(pkt, 0xbeef);
	if (ldns_cases[_i].edns) {
		ldns_pkt_set_edns_udp_size(pkt, 1232);
		ldns_pkt_set_edns_version(pkt, ldns_cases[_i].version);
		ldns_pkt_set_edns_do(pkt, true);
	}
	ck_assert_int_eq(ldns_pkt2wire(&wire, pkt, &len), LDNS_STATUS_OK);
	msg = dup_msg(wire, len);
	free(wire);
	ldns_pkt_free(pkt);

	ck_assert_uint_eq(relay_wire_id(msg), 0xbeef);
	ck_assert_int_eq(relay_wire_scan(msg, len, true, &info), 0);
	ck_assert_uint_eq(info.qdcount, 1);
	ck_assert_uint_eq(info.qend, ldns_cases[_i].qend);
	ck_assert(info.has_opt == ldns_cases[_i].edns);
	if (ldns_cases[_i].edns) {
		/* The OPT is the only additional record: it ends the wire. */
		ck_assert_uint_eq(info.opt_ttl, ldns_cases[_i].qend + 5);
		ck_assert_uint_eq(len, ldns_cases[_i].qend + 11);
		ck_assert_uint_eq(relay_wire_edns_version(msg, &info),
		                  ldns_cases[_i].version);
		ck_assert_uint_eq(msg[info.opt_ttl + 2], 0x80); /* DO */
	} else {
		ck_assert_uint_eq(len, ldns_cases[_i].qend);
	}
	free(msg);
}
END_TEST

/* ---- scan: hostile messages --------------------------------------------- */

struct bad_case {
	const uint8_t *msg;
	size_t len;
	size_t qend;   /* still set on TH_EWIRE when the question was whole */
	int rc_no_opt; /* status with want_opt false */
	const char *what;
};

static const struct bad_case scan_bad[] = {
    {M(""), 0, TH_EWIRE, "empty"},
    {M("\022"), 0, TH_EWIRE, "one octet"},
    {M("\022\064\001\000\000\001\000\000\000\000\000"), 0, TH_EWIRE,
     "header of 11 octets"},
    {M(HDR(C1, C0, C0, C0)), 0, TH_EWIRE, "QDCOUNT 1, no question"},
    {M(HDR(C1, C0, C0, C0) "\007exa"), 0, TH_EWIRE, "label past the end"},
    {M(HDR(C1, C0, C0, C0) "\007example\002se"), 0, TH_EWIRE,
     "name without its root label"},
    {M(HDR(C1, C0, C0, C0) "\007example\002se\000\000\001"), 0, TH_EWIRE,
     "question without its class"},
    {M(HDR(C1, C0, C0, C0) "\007example\002se\000\000\001\000"), 0, TH_EWIRE,
     "question one octet short"},
    {M(HDR(C1, C0, C0, C0) "\300"), 0, TH_EWIRE, "half a pointer"},
    {M(HDR(C2, C0, C0, C0) Q_EX), 0, TH_EWIRE, "QDCOUNT 2, one question"},
    {M("\022\064\001\000\377\377\000\000\000\000\000\000" Q_EX), 0, TH_EWIRE,
     "QDCOUNT 65535"},
    {M(HDR(C1, C0, C0, C0) "\100abc\000\000\001\000\001"), 0, TH_EWIRE,
     "label type 01 (extended)"},
    {M(HDR(C1, C0, C0, C0) "\200abc\000\000\001\000\001"), 0, TH_EWIRE,
     "label type 10 (reserved)"},
    {M(HDR(C1, C0, C0, C1) Q_EX), QEND, 0, "ARCOUNT 1, no record"},
    {M("\022\064\001\000\000\001\377\377\377\377\377\377" Q_EX RR_A), QEND, 0,
     "every count 65535, one record"},
    {M(HDR(C1, C1, C0, C0) Q_EX "\300\014\000\001\000\001\000\000\016\020"
                                "\000\004\300\000"),
     QEND, 0, "rdata past the end"},
    {M(HDR(C1, C1, C0, C0) Q_EX "\300\014\000\001\000\001\000"), QEND, 0,
     "record cut in its TTL"},
    {M(HDR(C1, C1, C0, C1) Q_EX "\300\014\000\001\000\001\000\000\016\020"
                                "\377\377" OPT("\000")),
     QEND, 0, "rdlength 65535 hides the OPT"},
    {M(HDR(C1, C0, C0, C1) Q_EX "\000\000\051\020\000"), QEND, 0,
     "OPT cut short"},
    {M(HDR(C1, C0, C0, C1) Q_EX "\100\000\000\051\020\000\000\000\000\000"
                                "\000\000"),
     QEND, 0, "record owner with a bad label type"},
};

START_TEST(test_relay_wire_scan_bad)
{
	const struct bad_case *c = &scan_bad[_i];
	uint8_t *msg = dup_msg(c->msg, c->len);
	struct relay_wire_info info;
	int rc;

	memset(&info, 0xa5, sizeof(info));
	rc = relay_wire_scan(msg, c->len, true, &info);
	ck_assert_msg(rc == TH_EWIRE, "%s: %s", c->what, th_errname(rc));
	ck_assert_msg(info.qend == c->qend, "%s: qend %zu, want %zu", c->what,
	              info.qend, c->qend);
	ck_assert(!info.has_opt);
	ck_assert_uint_eq(relay_wire_qhash(msg, &info) == 0, c->qend == 0);
	/* Without want_opt only the question counts. */
	rc = relay_wire_scan(msg, c->len, false, &info);
	ck_assert_msg(rc == c->rc_no_opt, "%s: want_opt false: %s", c->what,
	              th_errname(rc));
	ck_assert_uint_eq(info.qend, c->qend);
	free(msg);
}
END_TEST

/* 128 one-octet labels: 257 octets with the root. */
START_TEST(test_relay_wire_scan_too_many_labels)
{
	static const uint8_t hdr[] = HDR(C1, C0, C0, C0);
	uint8_t buf[12 + 2 * 128 + 1 + 4];
	size_t n = sizeof(hdr) - 1;
	uint8_t *msg;
	struct relay_wire_info info;

	memcpy(buf, hdr, n);
	for (int k = 0; k < 128; k++) {
		buf[n++] = 1;
		buf[n++] = 'a';
	}
	buf[n++] = 0;
	memcpy(buf + n, "\000\001\000\001", 4);
	n += 4;
	ck_assert_uint_eq(n, sizeof(buf));
	msg = dup_msg(buf, n);
	ck_assert_int_eq(relay_wire_scan(msg, n, false, &info), TH_EWIRE);
	ck_assert_uint_eq(info.qend, 0);
	free(msg);
}
END_TEST

/*
 * Label types 01 and 10 inside a message long enough to hold the "label"
 * they announce: only the type check can refuse them.
 */
static const uint8_t label_types[] = {0x40, 0x7f, 0x80, 0xbf};

START_TEST(test_relay_wire_scan_label_type)
{
	static const uint8_t hdr[] = HDR(C1, C0, C0, C0);
	uint8_t buf[12 + 1 + 0xbf + 1 + 4];
	size_t n = sizeof(hdr) - 1, len;
	uint8_t *msg;
	struct relay_wire_info info;

	memcpy(buf, hdr, n);
	buf[n++] = label_types[_i];
	/* As a length, the low six bits plus the type bits. */
	len = label_types[_i];
	memset(buf + n, 'a', len);
	n += len;
	buf[n++] = 0;
	memcpy(buf + n, "\000\001\000\001", 4);
	n += 4;
	msg = dup_msg(buf, n);
	ck_assert_int_eq(relay_wire_scan(msg, n, false, &info), TH_EWIRE);
	ck_assert_uint_eq(info.qend, 0);
	free(msg);
}
END_TEST

/*
 * Labels 63, 63, 63, 62: 256 octets with the root label, one more than
 * RFC 1035 allows (wire_skip_name once forgot the root octet).
 */
START_TEST(test_relay_wire_scan_name_256)
{
	uint8_t buf[300];
	size_t len = long_name_query(buf, 62);
	uint8_t *msg = dup_msg(buf, len);
	struct relay_wire_info info;

	ck_assert_uint_eq(len, 12 + 256 + 4);
	ck_assert_int_eq(relay_wire_scan(msg, len, false, &info), TH_EWIRE);
	free(msg);
}
END_TEST

/* ---- rewrites ------------------------------------------------------------ */

START_TEST(test_relay_wire_id)
{
	uint8_t msg[] = HDR(C1, C0, C0, C0);

	ck_assert_uint_eq(relay_wire_id(msg), 0x1234);
	relay_wire_set_id(msg, 0xfe01);
	ck_assert_uint_eq(msg[0], 0xfe);
	ck_assert_uint_eq(msg[1], 0x01);
	ck_assert_uint_eq(relay_wire_id(msg), 0xfe01);
	ck_assert_uint_eq(msg[2], 0x01); /* the flags are untouched */
}
END_TEST

static const struct {
	uint8_t b2, b3;  /* flags of the message */
	uint8_t want_b2; /* after relay_wire_clear_aa */
	const char *what;
} aa_cases[] = {
    {0x85, 0x80, 0x81, "QR AA RD, RA: AA cleared"},
    {0x81, 0x80, 0x81, "AA already clear"},
    {0xff, 0xff, 0xfb, "every bit set: only AA cleared"},
    {0x04, 0x00, 0x00, "AA alone"},
};

START_TEST(test_relay_wire_clear_aa)
{
	static const uint8_t base[] = HDR(C1, C1, C0, C0) Q_EX RR_A;
	size_t len = sizeof(base) - 1;
	uint8_t *msg = dup_msg(base, len);
	uint8_t *want = dup_msg(base, len);

	msg[2] = want[2] = aa_cases[_i].b2;
	msg[3] = want[3] = aa_cases[_i].b3;
	want[2] = aa_cases[_i].want_b2;
	relay_wire_clear_aa(msg, len);
	ck_assert_mem_eq(msg, want, len);
	free(msg);
	free(want);
}
END_TEST

START_TEST(test_relay_wire_clear_aa_short)
{
	static const uint8_t base[] =
	    "\022\064\205\200\000\001\000\000\000\000\000";
	uint8_t *msg = dup_msg(base, sizeof(base) - 1);

	relay_wire_clear_aa(msg, sizeof(base) - 1);
	ck_assert_mem_eq(msg, base, sizeof(base) - 1);
	free(msg);
}
END_TEST

/*
 * FORMERR from a query: QR set, opcode and RD kept, AA and TC cleared,
 * byte 3 = RCODE 1 (RA, Z, AD, CD cleared), QDCOUNT kept, other counts 0,
 * the question kept and nothing after it.
 */
static const struct {
	uint8_t b2, b3, want_b2;
	const char *what;
} formerr_cases[] = {
    {0x01, 0x00, 0x81, "RD"},
    {0x00, 0x00, 0x80, "no flags"},
    {0x01, 0x30, 0x81, "AD and CD cleared"},
    {0x06, 0x8f, 0x80, "AA and TC cleared, RA and RCODE 15 replaced"},
    {0x7f, 0xff, 0xf9, "opcode 15 kept, AA and TC dropped, RD kept"},
    {0x28, 0x00, 0xa8, "opcode 5 (UPDATE) kept"},
    {0x80, 0x00, 0x80, "QR already set"},
};

START_TEST(test_relay_wire_formerr)
{
	static const uint8_t query[] =
	    HDR(C1, C1, C1, C1) Q_EX RR_A RR_A OPT("\000");
	static const uint8_t reply[] = "\022\064\200\001"
	                               "\000\001\000\000\000\000\000\000" Q_EX;
	size_t len = sizeof(query) - 1;
	uint8_t *msg = dup_msg(query, len);
	uint8_t want[QEND];
	struct relay_wire_info info;

	msg[2] = formerr_cases[_i].b2;
	msg[3] = formerr_cases[_i].b3;
	ck_assert_int_eq(relay_wire_scan(msg, len, true, &info), 0);
	ck_assert(info.has_opt);
	ck_assert_uint_eq(relay_wire_make_formerr(msg, &info), QEND);
	ck_assert_uint_eq(sizeof(reply) - 1, QEND);
	memcpy(want, reply, QEND);
	want[2] = formerr_cases[_i].want_b2;
	ck_assert_mem_eq(msg, want, QEND);
	/* Byte by byte, the parts that matter. */
	ck_assert_uint_eq(msg[2] & 0x80, 0x80);     /* QR */
	ck_assert_uint_eq(msg[2] & 0x06, 0);        /* AA, TC */
	ck_assert_uint_eq(msg[3], 0x01);            /* RCODE FORMERR */
	ck_assert_uint_eq(msg[4] << 8 | msg[5], 1); /* QDCOUNT */
	for (int k = 6; k < 12; k++)
		ck_assert_uint_eq(msg[k], 0);
	free(msg);
}
END_TEST

/* The FORMERR answer as ldns reads it. */
START_TEST(test_relay_wire_formerr_ldns)
{
	static const uint8_t query[] = HDR(C1, C0, C0, C1) Q_EX OPT("\000");
	size_t len = sizeof(query) - 1, n;
	uint8_t *msg = dup_msg(query, len);
	struct relay_wire_info info;
	ldns_pkt *pkt = NULL;
	ldns_rr *q;
	char *owner;

	ck_assert_int_eq(relay_wire_scan(msg, len, true, &info), 0);
	n = relay_wire_make_formerr(msg, &info);
	ck_assert_int_eq(ldns_wire2pkt(&pkt, msg, n), LDNS_STATUS_OK);
	ck_assert_uint_eq(ldns_pkt_id(pkt), 0x1234);
	ck_assert(ldns_pkt_qr(pkt));
	ck_assert(ldns_pkt_rd(pkt));
	ck_assert(!ldns_pkt_aa(pkt));
	ck_assert(!ldns_pkt_tc(pkt));
	ck_assert_int_eq(ldns_pkt_get_rcode(pkt), LDNS_RCODE_FORMERR);
	ck_assert_uint_eq(ldns_pkt_qdcount(pkt), 1);
	ck_assert_uint_eq(ldns_pkt_ancount(pkt), 0);
	ck_assert_uint_eq(ldns_pkt_nscount(pkt), 0);
	ck_assert_uint_eq(ldns_pkt_arcount(pkt), 0);
	ck_assert(!ldns_pkt_edns(pkt));
	q = ldns_rr_list_rr(ldns_pkt_question(pkt), 0);
	ck_assert_ptr_nonnull(q);
	owner = ldns_rdf2str(ldns_rr_owner(q));
	ck_assert_str_eq(owner, "example.se.");
	ck_assert_int_eq(ldns_rr_get_type(q), LDNS_RR_TYPE_A);
	free(owner);
	ldns_pkt_free(pkt);
	free(msg);
}
END_TEST

/* TC-only answers: header and question, TC set, AN/NS/AR zero. */
static const struct {
	const uint8_t *msg;
	size_t len;
	const uint8_t *want;
	size_t wlen;
	const char *what;
} tc_cases[] = {
    {M("\022\064\205\200\000\001\000\001\000\000\000\001" Q_EX RR_A OPT(
         "\000")),
     M("\022\064\207\200\000\001\000\000\000\000\000\000" Q_EX),
     "answer with a record and OPT"},
    {M("\022\064\207\203\000\001\000\002\000\001\000\000" Q_EX RR_A RR_A RR_A),
     M("\022\064\207\203\000\001\000\000\000\000\000\000" Q_EX),
     "TC already set, RCODE 3 kept"},
    {M("\022\064\204\000\000\000\000\001\000\000\000\000" RR_A),
     M("\022\064\206\000\000\000\000\000\000\000\000\000"),
     "no question: header only"},
    {M("\022\064\204\000\000\001\000\001\000\000\000\000"
       "\007exa"),
     M("\022\064\206\000\000\000\000\000\000\000\000\000"),
     "question cut short: header only, QDCOUNT 0"},
    {M("\022\064\204\000\000\001\000\001\000\000\000\000" Q_EX "\300"),
     M("\022\064\206\000\000\001\000\000\000\000\000\000" Q_EX),
     "whole question, garbage after it"},
    {M("\022\064\204\000\000\001\000\001\000\000\000"),
     M("\022\064\204\000\000\001\000\001\000\000\000"), "11 octets: untouched"},
};

START_TEST(test_relay_wire_truncate)
{
	uint8_t *msg = dup_msg(tc_cases[_i].msg, tc_cases[_i].len);
	size_t n = relay_wire_truncate(msg, tc_cases[_i].len);

	ck_assert_msg(n == tc_cases[_i].wlen, "%s: length %zu, want %zu",
	              tc_cases[_i].what, n, tc_cases[_i].wlen);
	ck_assert_mem_eq(msg, tc_cases[_i].want, tc_cases[_i].wlen);
	free(msg);
}
END_TEST

START_TEST(test_relay_wire_set_edns_version)
{
	static const uint8_t v0[] = HDR(C1, C0, C0, C2) Q_EX OPT("\000") RR_A;
	static const uint8_t v1[] = HDR(C1, C0, C0, C2) Q_EX OPT("\001") RR_A;
	size_t len = sizeof(v0) - 1;
	uint8_t *msg = dup_msg(v0, len);
	struct relay_wire_info info;

	ck_assert_int_eq(relay_wire_scan(msg, len, true, &info), 0);
	ck_assert_uint_eq(relay_wire_edns_version(msg, &info), 0);
	relay_wire_set_edns_version(msg, &info, 1);
	ck_assert_mem_eq(msg, v1, len);
	ck_assert_uint_eq(relay_wire_edns_version(msg, &info), 1);
	relay_wire_set_edns_version(msg, &info, 0);
	ck_assert_mem_eq(msg, v0, len);
	free(msg);
}
END_TEST

/* ---- question hash ------------------------------------------------------ */

static uint32_t
qhash_of(const uint8_t *m, size_t len)
{
	uint8_t *msg = dup_msg(m, len);
	struct relay_wire_info info;
	uint32_t h;

	(void)relay_wire_scan(msg, len, false, &info);
	h = relay_wire_qhash(msg, &info);
	free(msg);
	return h;
}

START_TEST(test_relay_wire_qhash)
{
	uint32_t q = qhash_of(M(HDR(C1, C0, C0, C0) Q_EX));
	/* Same question, another ID, flags, counts and sections. */
	uint32_t r = qhash_of(M("\377\377\205\200\000\001\000\001\000\000\000"
	                        "\001" Q_EX RR_A OPT("\000")));
	uint32_t t = qhash_of(
	    M(HDR(C1, C0, C0, C0) "\007example\002se\000\000\034\000\001"));
	uint32_t u = qhash_of(
	    M(HDR(C1, C0, C0, C0) "\007example\002nu\000\000\001\000\001"));

	ck_assert_uint_ne(q, 0);
	ck_assert_uint_eq(q, r);
	ck_assert_uint_ne(q, t); /* type AAAA */
	ck_assert_uint_ne(q, u); /* another name */
	ck_assert_uint_eq(qhash_of(M(HDR(C0, C0, C0, C0))), 0);
	ck_assert_uint_eq(qhash_of(M(HDR(C1, C0, C0, C0) "\007exa")), 0);
	ck_assert_uint_eq(qhash_of(M("\022\064")), 0);
}
END_TEST

/* ---- random input -------------------------------------------------------- */

/*
 * Mutations of valid messages and pure noise, at every length up to the
 * original: whatever scan says must hold in the bytes, and the rewrites
 * must stay inside the message.
 */
static const struct {
	const uint8_t *msg;
	size_t len;
} fuzz_seeds[] = {
    {M(HDR(C1, C0, C0, C1) Q_EX OPT("\000"))},
    {M(HDR(C1, C1, C1, C2) Q_EX RR_A RR_A RR_A OPT("\001"))},
    {M(HDR(C2, C0, C0, C0) Q_EX "\003www\300\014\000\034\000\001")},
};

static void
fuzz_one(const uint8_t *src, size_t len)
{
	uint8_t *msg = dup_msg(src, len);
	struct relay_wire_info info;
	int rc = relay_wire_scan(msg, len, true, &info);
	size_t n;

	ck_assert(rc == 0 || rc == TH_EWIRE);
	ck_assert_uint_le(info.qend, len);
	if (rc == 0)
		ck_assert_uint_ge(info.qend, RELAY_DNS_HDR);
	if (info.has_opt) {
		ck_assert_int_eq(rc, 0);
		ck_assert_uint_le(info.opt_ttl + 6, len);
		ck_assert_uint_eq(msg[info.opt_ttl - 5], 0);
		ck_assert_uint_eq(
		    msg[info.opt_ttl - 4] << 8 | msg[info.opt_ttl - 3], 41);
		relay_wire_set_edns_version(msg, &info, 1);
	}
	(void)relay_wire_qhash(msg, &info);
	relay_wire_clear_aa(msg, len);
	n = relay_wire_truncate(msg, len);
	ck_assert_uint_le(n, len);
	if (len >= RELAY_DNS_HDR) {
		ck_assert_uint_ge(n, RELAY_DNS_HDR);
		ck_assert_uint_eq(msg[2] & 0x06, 0x02); /* TC on, AA off */
		for (int k = 6; k < 12; k++)
			ck_assert_uint_eq(msg[k], 0);
		/* What is left is a whole header and question. */
		ck_assert_int_eq(relay_wire_scan(msg, n, true, &info), 0);
		ck_assert_uint_eq(info.qend, n);
	}
	free(msg);
}

START_TEST(test_relay_wire_fuzz)
{
	struct th_rng r;
	uint8_t buf[128];

	th_rng_init(&r, 20261128u + (uint64_t)_i);
	for (int round = 0; round < 3000; round++) {
		const uint8_t *seed = fuzz_seeds[_i].msg;
		size_t len = fuzz_seeds[_i].len;

		ck_assert_uint_le(len, sizeof(buf));
		memcpy(buf, seed, len);
		/* A few flipped bytes, then a random cut. */
		for (uint32_t k = th_rng_below(&r, 4); k > 0; k--)
			buf[th_rng_below(&r, (uint32_t)len)] =
			    (uint8_t)th_rng_below(&r, 256);
		if (round % 3 == 0)
			for (size_t k = 0; k < len; k++)
				buf[k] = (uint8_t)th_rng_below(&r, 256);
		fuzz_one(buf, th_rng_below(&r, (uint32_t)len + 1));
	}
}
END_TEST

Suite *
suite_relay_wire(void)
{
	Suite *s = suite_create("relay_wire");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_loop_test(pos, test_relay_wire_scan, 0, N_ELEMS(scan_ok));
	tcase_add_test(pos, test_relay_wire_scan_longest_name);
	tcase_add_loop_test(pos, test_relay_wire_scan_ldns, 0,
	                    N_ELEMS(ldns_cases));
	tcase_add_test(pos, test_relay_wire_id);
	tcase_add_loop_test(pos, test_relay_wire_clear_aa, 0,
	                    N_ELEMS(aa_cases));
	tcase_add_loop_test(pos, test_relay_wire_formerr, 0,
	                    N_ELEMS(formerr_cases));
	tcase_add_test(pos, test_relay_wire_formerr_ldns);
	tcase_add_loop_test(pos, test_relay_wire_truncate, 0,
	                    N_ELEMS(tc_cases));
	tcase_add_test(pos, test_relay_wire_set_edns_version);
	tcase_add_test(pos, test_relay_wire_qhash);

	tcase_add_loop_test(neg, test_relay_wire_scan_bad, 0,
	                    N_ELEMS(scan_bad));
	tcase_add_test(neg, test_relay_wire_scan_too_many_labels);
	tcase_add_loop_test(neg, test_relay_wire_scan_label_type, 0,
	                    N_ELEMS(label_types));
	tcase_add_test(neg, test_relay_wire_clear_aa_short);
	tcase_add_loop_test(neg, test_relay_wire_fuzz, 0, N_ELEMS(fuzz_seeds));
	tcase_add_test(neg, test_relay_wire_scan_name_256);

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
