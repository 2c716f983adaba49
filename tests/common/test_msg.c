/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_msg.c -- unit tests for common/msg: the checked reader (sections,
 * records, RDATA names, SOA, EDNS, every malformation it names), the query
 * writer (checked against ldns as an independent reader) and mnemonics.
 *
 * Messages are octal string literals; M(s) gives their bytes without the
 * NUL. Each is copied to an exact-size heap buffer so that AddressSanitizer
 * and valgrind see any read past the end.
 */
#include "common/err.h"
#include "common/msg.h"
#include "tests/suites.h"

#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define M(s) (const uint8_t *)(s), sizeof(s) - 1

/* ID 0xabcd, flags QR AA (0x84 0x00) + rcode in the second octet. */
#define HDR(rc, qd, an, ns, ar)                                                \
	"\253\315\204" rc "\000" qd "\000" an "\000" ns "\000" ar
/* example.se. A IN: question at 12, 16 octets. */
#define Q_EX "\007example\002se\000\000\001\000\001"
/* A record, owner = pointer to 12, 192.0.2.1, TTL 3600. */
#define RR_A "\300\014\000\001\000\001\000\000\016\020\000\004\300\000\002\001"
/* NS record at example.se.: ns1.example.se. compressed ("\003ns1" + ptr). */
#define RR_NS "\300\014\000\002\000\001\000\000\016\020\000\006\003ns1\300\014"
/* OPT: size 1232, ext-rcode 1, version 0, DO, rdlen 8: NSID "abcd". */
#define RR_OPT                                                                 \
	"\000\000\051\004\320\001\000\200\000\000\010\000\003\000\004abcd"
/* SOA at example.se.: mname ns1 (ptr), rname root (ptr), 5 numbers. */
#define RR_SOA                                                                 \
	"\300\014\000\006\000\001\000\000\016\020\000\041"                     \
	"\003ns1\300\014\004root\300\014"                                      \
	"\000\000\000\052\000\000\016\020\000\000\003\204\000\011\072\200"     \
	"\000\000\001\054"

static uint8_t *
dup_msg(const uint8_t *msg, size_t len)
{
	uint8_t *p = malloc(len > 0 ? len : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, msg, len);
	return p;
}

static struct th_dname
name_of(const char *s)
{
	struct th_dname n;
	enum th_dname_reason why;

	ck_assert_int_eq(th_dname_parse(&n, s, strlen(s), NULL, &why), 0);
	return n;
}

START_TEST(test_msg_parse_full)
{
	static const char raw[] = HDR("\001", "\001", "\001", "\002", "\001")
	    Q_EX RR_A RR_NS RR_SOA RR_OPT;
	uint8_t *w = dup_msg(M(raw));
	struct th_msg m;
	enum th_msg_reason why = TH_MSG_OVERSIZE;
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_dname ns, want = name_of("example.se.");
	struct th_soa soa;
	const uint8_t *opt;
	uint16_t optlen;
	int n;

	ck_assert_int_eq(th_msg_parse(&m, w, sizeof(raw) - 1, &why), 0);
	ck_assert_int_eq(why, TH_MSG_OK);
	ck_assert_uint_eq(m.id, 0xabcd);
	ck_assert(m.flags & TH_MSG_QR);
	ck_assert(m.flags & TH_MSG_AA);
	ck_assert_uint_eq(th_msg_opcode(&m), 0);
	ck_assert(th_dname_equal(&m.qname, &want));
	ck_assert_uint_eq(m.qtype, TH_T_A);
	ck_assert_uint_eq(m.qclass, TH_CLASS_IN);
	ck_assert_uint_eq(m.end, sizeof(raw) - 1);
	/* Header RCODE 1 plus extended RCODE 1 << 4: 17. */
	ck_assert_uint_eq(m.rcode, 17);
	ck_assert(m.has_opt);
	ck_assert_uint_eq(m.edns_size, 1232);
	ck_assert_uint_eq(m.edns_version, 0);
	ck_assert_uint_eq(m.edns_flags, TH_EDNS_DO);
	ck_assert(th_msg_edns_option(&m, TH_EDNS_OPT_NSID, &opt, &optlen));
	ck_assert_uint_eq(optlen, 4);
	ck_assert_int_eq(memcmp(opt, "abcd", 4), 0);
	ck_assert(!th_msg_edns_option(&m, TH_EDNS_OPT_COOKIE, &opt, &optlen));

	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	ck_assert(th_msg_iter_next(&it, &rr));
	ck_assert_uint_eq(rr.type, TH_T_A);
	ck_assert_uint_eq(rr.ttl, 3600);
	ck_assert_uint_eq(rr.rdlen, 4);
	ck_assert_int_eq(memcmp(th_msg_rdata(&m, &rr), "\300\000\002\001", 4),
	                 0);
	ck_assert(th_dname_equal(&rr.owner, &want));
	ck_assert(!th_msg_iter_next(&it, &rr));

	th_msg_iter_init(&it, &m, TH_SEC_AUTHORITY);
	for (n = 0; th_msg_iter_next(&it, &rr); n++) {
		if (rr.type == TH_T_NS) {
			struct th_dname nsn = name_of("ns1.example.se.");

			ck_assert_int_eq(
			    th_msg_rdata_name(&m, &rr, 0, &ns, NULL), 0);
			ck_assert(th_dname_equal(&ns, &nsn));
			/* No SOA fields in an NS record. */
			ck_assert_int_eq(th_msg_soa(&m, &rr, &soa), TH_EWIRE);
		} else {
			ck_assert_uint_eq(rr.type, TH_T_SOA);
			ck_assert_int_eq(th_msg_soa(&m, &rr, &soa), 0);
			ck_assert_uint_eq(soa.serial, 42);
			ck_assert_uint_eq(soa.refresh, 3600);
			ck_assert_uint_eq(soa.retry, 900);
			ck_assert_uint_eq(soa.expire, 604800);
			ck_assert_uint_eq(soa.minimum, 300);
		}
	}
	ck_assert_int_eq(n, 2);
	th_msg_iter_init(&it, &m, TH_SEC_ADDITIONAL);
	ck_assert(th_msg_iter_next(&it, &rr));
	ck_assert_uint_eq(rr.type, TH_T_OPT);
	free(w);
}
END_TEST

/* th_msg_has_rr: the type, the section and the owner all count; a NULL
 * owner matches any. */
START_TEST(test_msg_has_rr)
{
	static const char raw[] =
	    HDR("\000", "\001", "\001", "\002", "\000") Q_EX RR_A RR_NS RR_SOA;
	uint8_t *w = dup_msg(M(raw));
	struct th_dname ex = name_of("example.se."),
	                other = name_of("ns1.example.se.");
	struct th_msg m;

	ck_assert_int_eq(th_msg_parse(&m, w, sizeof(raw) - 1, NULL), 0);
	ck_assert(th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_A, &ex));
	ck_assert(th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_A, NULL));
	ck_assert(!th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_A, &other));
	ck_assert(!th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_NS, &ex));
	ck_assert(th_msg_has_rr(&m, TH_SEC_AUTHORITY, TH_T_NS, &ex));
	ck_assert(th_msg_has_rr(&m, TH_SEC_AUTHORITY, TH_T_SOA, NULL));
	ck_assert(!th_msg_has_rr(&m, TH_SEC_AUTHORITY, TH_T_A, NULL));
	ck_assert(!th_msg_has_rr(&m, TH_SEC_ADDITIONAL, TH_T_A, NULL));
	free(w);
}
END_TEST

/* Trailing octets after the records are tolerated; end says where. */
START_TEST(test_msg_parse_trailing)
{
	static const char raw[] =
	    HDR("\000", "\001", "\001", "\000", "\000") Q_EX RR_A "\377\377";
	uint8_t *w = dup_msg(M(raw));
	struct th_msg m;

	ck_assert_int_eq(th_msg_parse(&m, w, sizeof(raw) - 1, NULL), 0);
	ck_assert_uint_eq(m.end, sizeof(raw) - 3);
	free(w);
}
END_TEST

/* An error answer without a question (qdcount 0) parses. */
START_TEST(test_msg_parse_noquestion)
{
	static const char raw[] = HDR("\001", "\000", "\000", "\000", "\000");
	uint8_t *w = dup_msg(M(raw));
	struct th_msg m;

	ck_assert_int_eq(th_msg_parse(&m, w, sizeof(raw) - 1, NULL), 0);
	ck_assert_uint_eq(m.qdcount, 0);
	ck_assert(th_dname_is_root(&m.qname));
	ck_assert_uint_eq(m.rcode, TH_RCODE_FORMERR);
	free(w);
}
END_TEST

struct bad_case {
	const uint8_t *msg;
	size_t len;
	enum th_msg_reason why;
};

#define BAD(s, r)                                                              \
	{                                                                      \
		M(s), TH_MSG_##r                                               \
	}

static const struct bad_case bad_cases[] = {
    BAD("", SHORT_HEADER),
    BAD("\253\315\204\000\000\001\000\000\000\000\000", SHORT_HEADER),
    /* Question name runs off the end. */
    BAD(HDR("\000", "\001", "\000", "\000", "\000") "\007exam", BAD_QNAME),
    /* Question without type and class. */
    BAD(HDR("\000", "\001", "\000", "\000", "\000") "\007example\002se\000",
        SHORT_QUESTION),
    /* QDCOUNT 2, one question. */
    BAD(HDR("\000", "\002", "\000", "\000", "\000") Q_EX, BAD_QNAME),
    /* ANCOUNT 1, no record. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX, BAD_OWNER),
    /* Owner is a pointer to itself (offset 28): a loop. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX
        "\300\034\000\001\000\001\000\000\016\020\000\004\300\000\002\001",
        BAD_OWNER),
    /* Owner is a pointer past the end. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX
        "\300\377\000\001\000\001\000\000\016\020\000\004\300\000\002\001",
        BAD_OWNER),
    /* Record cut inside the fixed fields. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX "\300\014\000\001\000",
        SHORT_RR),
    /* RDLENGTH beyond the end. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX
        "\300\014\000\001\000\001\000\000\016\020\000\004\300\000",
        SHORT_RDATA),
    /* A record with 5 octets of RDATA. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX
        "\300\014\000\001\000\001\000\000\016\020\000\005\300\000\002\001\001",
        BAD_RDATA),
    /* NS whose name ends before RDLENGTH does (one spare octet). */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX
        "\300\014\000\002\000\001\000\000\016\020\000\003\300\014\000",
        BAD_RDATA),
    /* CNAME whose name points forward. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX
        "\300\014\000\005\000\001\000\000\016\020\000\002\300\100",
        BAD_RDATA),
    /* SOA with 19 octets of numbers. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX
        "\300\014\000\006\000\001\000\000\016\020\000\025\000\000"
        "\000\000\000\001\000\000\000\002\000\000\000\003\000\000\000\004"
        "\000\000\000",
        BAD_RDATA),
    /* OPT in the answer section. */
    BAD(HDR("\000", "\001", "\001", "\000", "\000") Q_EX
        "\000\000\051\004\320\000\000\000\000\000\000",
        BAD_OPT),
    /* Two OPT records. */
    BAD(HDR("\000", "\001", "\000", "\000", "\002") Q_EX
        "\000\000\051\004\320\000\000\000\000\000\000"
        "\000\000\051\004\320\000\000\000\000\000\000",
        BAD_OPT),
    /* OPT with a non-root owner. */
    BAD(HDR("\000", "\001", "\000", "\000", "\001") Q_EX
        "\300\014\000\051\004\320\000\000\000\000\000\000",
        BAD_OPT),
    /* OPT option longer than the RDATA. */
    BAD(HDR("\000", "\001", "\000", "\000", "\001") Q_EX
        "\000\000\051\004\320\000\000\000\000\000\006\000\003\000\010ab",
        BAD_OPT),
};

START_TEST(test_msg_parse_bad)
{
	const struct bad_case *c = &bad_cases[_i];
	uint8_t *w = dup_msg(c->msg, c->len);
	struct th_msg m;
	enum th_msg_reason why = TH_MSG_OK;

	ck_assert_int_eq(th_msg_parse(&m, w, c->len, &why), TH_EWIRE);
	ck_assert_msg(why == c->why, "case %d: %s, want %s", _i,
	              th_msg_reason_name(why), th_msg_reason_name(c->why));
	free(w);
}
END_TEST

/* A message of more than 65535 octets cannot be DNS. */
START_TEST(test_msg_parse_toolong)
{
	uint8_t *w = calloc(1, 70000);
	struct th_msg m;
	enum th_msg_reason why;

	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(th_msg_parse(&m, w, 70000, &why), TH_EWIRE);
	ck_assert_int_eq(why, TH_MSG_SHORT_HEADER);
	free(w);
}
END_TEST

/* RDATA names past the record's RDATA are refused. */
START_TEST(test_msg_rdata_name_bounds)
{
	static const char raw[] =
	    HDR("\000", "\001", "\001", "\000", "\000") Q_EX RR_A;
	uint8_t *w = dup_msg(M(raw));
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_dname out;

	ck_assert_int_eq(th_msg_parse(&m, w, sizeof(raw) - 1, NULL), 0);
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	ck_assert(th_msg_iter_next(&it, &rr));
	/* The 4 address octets are no name. */
	ck_assert_int_eq(th_msg_rdata_name(&m, &rr, 0, &out, NULL), TH_EWIRE);
	ck_assert_int_eq(th_msg_rdata_name(&m, &rr, 4, &out, NULL), TH_EWIRE);
	free(w);
}
END_TEST

/* ---- the query writer, read back by ldns -------------------------------- */

START_TEST(test_query_plain)
{
	struct th_dname n = name_of("Example.SE.");
	struct th_query q;
	uint8_t buf[TH_QUERY_MAXWIRE];
	static const char want[] = "\022\064\000\000\000\001\000\000\000\000"
	                           "\000\000\007Example\002SE\000\000\034\000"
	                           "\001";
	size_t len;

	th_query_init(&q, &n, TH_T_AAAA);
	len = th_query_write(&q, 0x1234, buf, sizeof(buf));
	ck_assert_uint_eq(len, sizeof(want) - 1);
	ck_assert_int_eq(memcmp(buf, want, len), 0);
	/* Too small a buffer writes nothing. */
	ck_assert_uint_eq(th_query_write(&q, 1, buf, len - 1), 0);
	ck_assert_uint_eq(th_query_udp_limit(&q), 512);
}
END_TEST

START_TEST(test_query_edns_ldns)
{
	struct th_dname n = name_of("example.se.");
	struct th_query q;
	uint8_t buf[TH_QUERY_MAXWIRE];
	static const uint8_t cookie[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	ldns_pkt *pkt = NULL;
	ldns_rdf *opts;
	struct th_msg m;
	const uint8_t *opt;
	uint16_t optlen;
	size_t len;

	th_query_init(&q, &n, TH_T_DNSKEY);
	q.flags = TH_MSG_RD | TH_MSG_CD;
	th_query_set_edns(&q, 4096, 1, TH_EDNS_DO | 0x0040);
	ck_assert_int_eq(th_query_add_option(&q, TH_EDNS_OPT_NSID, NULL, 0), 0);
	ck_assert_int_eq(th_query_add_option(&q, TH_EDNS_OPT_COOKIE, cookie, 8),
	                 0);
	len = th_query_write(&q, 7, buf, sizeof(buf));
	ck_assert_uint_gt(len, 0);
	ck_assert_uint_eq(th_query_udp_limit(&q), 4096);

	ck_assert_int_eq(ldns_wire2pkt(&pkt, buf, len), LDNS_STATUS_OK);
	ck_assert_uint_eq(ldns_pkt_id(pkt), 7);
	ck_assert(ldns_pkt_rd(pkt));
	ck_assert(ldns_pkt_cd(pkt));
	ck_assert(!ldns_pkt_qr(pkt));
	ck_assert_uint_eq(ldns_pkt_edns_udp_size(pkt), 4096);
	ck_assert_uint_eq(ldns_pkt_edns_version(pkt), 1);
	ck_assert(ldns_pkt_edns_do(pkt));
	ck_assert_uint_eq(ldns_pkt_edns_z(pkt), 0x8040);
	opts = ldns_pkt_edns_data(pkt);
	ck_assert_ptr_nonnull(opts);
	/* NSID (4 octets) + cookie (4 + 8). */
	ck_assert_uint_eq(ldns_rdf_size(opts), 16);
	ldns_pkt_free(pkt);

	/* Our own reader agrees. */
	ck_assert_int_eq(th_msg_parse(&m, buf, len, NULL), 0);
	ck_assert(th_msg_edns_option(&m, TH_EDNS_OPT_COOKIE, &opt, &optlen));
	ck_assert_uint_eq(optlen, 8);
	ck_assert_int_eq(memcmp(opt, cookie, 8), 0);
	ck_assert(th_msg_edns_option(&m, TH_EDNS_OPT_NSID, &opt, &optlen));
	ck_assert_uint_eq(optlen, 0);
}
END_TEST

START_TEST(test_query_option_space)
{
	struct th_dname n = name_of("se.");
	struct th_query q;
	uint8_t big[TH_QUERY_OPTMAX];
	uint8_t buf[TH_QUERY_MAXWIRE];

	memset(big, 0xaa, sizeof(big));
	th_query_init(&q, &n, TH_T_SOA);
	ck_assert_int_eq(
	    th_query_add_option(&q, 65001, big, TH_QUERY_OPTMAX - 4), 0);
	ck_assert_int_eq(th_query_add_option(&q, 65002, NULL, 0), TH_ETOOBIG);
	ck_assert(q.edns);
	/* The longest query still fits the documented maximum. */
	ck_assert_uint_gt(th_query_write(&q, 1, buf, sizeof(buf)), 0);
}
END_TEST

/* Equal shapes give equal structs and equal octets (cache keys). */
START_TEST(test_query_canonical)
{
	struct th_dname a = name_of("a.example.se.");
	struct th_dname b = name_of("b.se.");
	struct th_query q1, q2;
	enum th_dname_reason why;

	/* A longer name leaves bytes behind in b's storage ... */
	b = a;
	ck_assert_int_eq(th_dname_parse(&b, "b.se.", 5, NULL, &why), 0);
	th_query_init(&q1, &b, TH_T_A);
	b = name_of("b.se.");
	th_query_init(&q2, &b, TH_T_A);
	/* ... which th_query_init clears. */
	ck_assert_int_eq(memcmp(&q1, &q2, sizeof(q1)), 0);
}
END_TEST

START_TEST(test_msg_mnemonics)
{
	char buf[16];
	uint16_t t;

	ck_assert_str_eq(th_rrtype_name(TH_T_AAAA, buf, sizeof(buf)), "AAAA");
	ck_assert_str_eq(th_rrtype_name(65534, buf, sizeof(buf)), "TYPE65534");
	ck_assert_int_eq(th_rrtype_parse("dnskey", &t), 0);
	ck_assert_uint_eq(t, TH_T_DNSKEY);
	ck_assert_int_eq(th_rrtype_parse("TYPE99", &t), 0);
	ck_assert_uint_eq(t, 99);
	ck_assert_int_eq(th_rrtype_parse("TYPE70000", &t), TH_EINVAL);
	ck_assert_int_eq(th_rrtype_parse("BOGUS", &t), TH_EINVAL);
	ck_assert_str_eq(th_rcode_name(3, buf, sizeof(buf)), "NXDOMAIN");
	ck_assert_str_eq(th_rcode_name(16, buf, sizeof(buf)), "BADVERS");
	ck_assert_str_eq(th_rcode_name(12, buf, sizeof(buf)), "RCODE12");
	ck_assert_str_eq(th_msg_reason_name(TH_MSG_BAD_OPT), "BAD_OPT");
	ck_assert_str_eq(th_msg_reason_name((enum th_msg_reason)99), "?");
}
END_TEST

Suite *
suite_msg(void)
{
	Suite *s = suite_create("msg");
	TCase *tc = tcase_create("msg");

	tcase_add_test(tc, test_msg_parse_full);
	tcase_add_test(tc, test_msg_has_rr);
	tcase_add_test(tc, test_msg_parse_trailing);
	tcase_add_test(tc, test_msg_parse_noquestion);
	tcase_add_loop_test(tc, test_msg_parse_bad, 0, N_ELEMS(bad_cases));
	tcase_add_test(tc, test_msg_parse_toolong);
	tcase_add_test(tc, test_msg_rdata_name_bounds);
	tcase_add_test(tc, test_query_plain);
	tcase_add_test(tc, test_query_edns_ldns);
	tcase_add_test(tc, test_query_option_space);
	tcase_add_test(tc, test_query_canonical);
	tcase_add_test(tc, test_msg_mnemonics);
	suite_add_tcase(s, tc);
	return s;
}
