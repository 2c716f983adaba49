/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_ednscomp.c -- unit tests for engine/ednscomp: every result code of
 * the EDNS compliance classification from one canned answer each, then
 * the per-address verdict over canned evidence.
 *
 * The zone is example.se. Answers are built with ldns from zone-file text
 * (as tests/support/canned.h does), then given an OPT record and header
 * bits octet by octet, so that every field a server can get wrong can be
 * set: EDNS version, flags, extended RCODE, options.
 */
#include "engine/ednscomp.h"
#include "tests/suites.h"
#include "tests/support/canned.h"

#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define DOM "example.se"
#define NS1 "192.0.2.1"
#define NS2 "192.0.2.2"
#define SOA_RR                                                                 \
	"example.se. 3600 IN SOA ns1.example.se. hostmaster.example.se. 5 "    \
	"14400 3600 604800 3600"
#define KEY_RR                                                                 \
	"example.se. 3600 IN DNSKEY 257 3 13 "                                 \
	"mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLU" \
	"T0rAK9iUzy1L53eKGQ=="
#define BIG_TXT                                                                \
	"example.se. 3600 IN TXT \"" PAD100 PAD100 "\";"                       \
	"example.se. 3600 IN TXT \"" PAD100 PAD100 "x\";"                      \
	"example.se. 3600 IN TXT \"" PAD100 PAD100 "xy\""
#define PAD100                                                                 \
	"01234567890123456789012345678901234567890123456789012345678901234567" \
	"89"                                                                   \
	"012345678901234567890123456789"

/* Header bits of a canned answer (besides QR). */
#define H_AA 0x01u
#define H_TC 0x02u
#define H_RD 0x04u
#define H_AD 0x08u
#define H_CD 0x10u
#define H_Z 0x20u
#define H_TCP 0x40u  /* came over TCP */
#define H_JUNK 0x80u /* octets that do not parse, as an ANSWER */

#define DO_FLAG 0x8000u

/* An answer: outcome (ANSWER unless set), header bits, full RCODE,
 * records, and the OPT record (opt false: none). */
struct ans {
	enum th_outcome outcome;
	int neterr;
	unsigned hdr;
	unsigned rcode;
	const char *answer;
	bool opt;
	uint8_t version;
	uint16_t eflags;
	uint16_t option; /* an empty option of this code (0: none) */
	uint8_t cookie;  /* a COOKIE option of this many octets (0: none) */
};

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The answer to qtype for the zone, as the transport would keep it. */
static struct th_answer *
make(uint16_t qtype, const struct ans *s)
{
	ldns_pkt *pkt = NULL;
	uint8_t *wire = NULL, *all;
	size_t len = 0, n;
	struct th_answer *a;
	char *copy, *save = NULL, *one;

	if (s->outcome != TH_OUT_ANSWER) {
		a = canned_outcome(s->outcome);
		a->neterr = s->neterr;
		return a;
	}
	if (s->hdr & H_JUNK) {
		static const uint8_t junk[] = {0x10, 0x92, 0x84, 0x00, 0x00,
		                               0x01, 0x00, 0x00, 0x00, 0x00,
		                               0x00, 0x00, 0x07, 'e'};

		a = th_ev_make_answer(TH_OUT_ANSWER, junk, sizeof(junk));
		ck_assert_ptr_nonnull(a);
		return a;
	}
	ck_assert_int_eq(
	    ldns_pkt_query_new_frm_str(&pkt, DOM, qtype, LDNS_RR_CLASS_IN, 0),
	    LDNS_STATUS_OK);
	ldns_pkt_set_id(pkt, 4242);
	ldns_pkt_set_qr(pkt, true);
	ldns_pkt_set_rd(pkt, false);
	ldns_pkt_set_rcode(pkt, (uint8_t)(s->rcode & 0xf));
	if (s->answer != NULL) {
		copy = strdup(s->answer);
		ck_assert_ptr_nonnull(copy);
		for (one = strtok_r(copy, ";", &save); one != NULL;
		     one = strtok_r(NULL, ";", &save)) {
			ldns_rr *rr = NULL;

			ck_assert_msg(
			    ldns_rr_new_frm_str(&rr, one, 3600, NULL, NULL) ==
			        LDNS_STATUS_OK,
			    "record: %s", one);
			ldns_pkt_push_rr(pkt, LDNS_SECTION_ANSWER, rr);
		}
		free(copy);
	}
	ck_assert_int_eq(ldns_pkt2wire(&wire, pkt, &len), LDNS_STATUS_OK);
	ldns_pkt_free(pkt);
	all = calloc(1, len + 64);
	ck_assert_ptr_nonnull(all);
	memcpy(all, wire, len);
	free(wire);
	if (s->hdr & H_AA)
		all[2] |= 0x04;
	if (s->hdr & H_TC)
		all[2] |= 0x02;
	if (s->hdr & H_RD)
		all[2] |= 0x01;
	if (s->hdr & H_Z)
		all[3] |= 0x40;
	if (s->hdr & H_AD)
		all[3] |= 0x20;
	if (s->hdr & H_CD)
		all[3] |= 0x10;
	n = len;
	if (s->opt) {
		size_t rdlen =
		    (s->option ? 4u : 0u) + (s->cookie ? 4u + s->cookie : 0u);

		all[n++] = 0; /* root owner */
		put16(all + n, TH_T_OPT);
		put16(all + n + 2, 1232);
		all[n + 4] = (uint8_t)(s->rcode >> 4);
		all[n + 5] = s->version;
		put16(all + n + 6, s->eflags);
		put16(all + n + 8, (unsigned)rdlen);
		n += 10;
		if (s->option) {
			put16(all + n, s->option);
			put16(all + n + 2, 0);
			n += 4;
		}
		if (s->cookie) {
			put16(all + n, TH_EDNS_OPT_COOKIE);
			put16(all + n + 2, s->cookie);
			memset(all + n + 4, 0xab, s->cookie);
			n += 4u + s->cookie;
		}
		put16(all + 10, (unsigned)(all[10] << 8 | all[11]) + 1);
	}
	a = th_ev_make_answer(TH_OUT_ANSWER, all, n);
	ck_assert_ptr_nonnull(a);
	a->via = (s->hdr & H_TCP) ? TH_VIA_TCP : TH_VIA_UDP;
	free(all);
	return a;
}

/* ---- one answer per code ------------------------------------------------ */

#define AA H_AA
#define OPT0 true, 0, 0, 0, 0
#define OPT0DO true, 0, DO_FLAG, 0, 0
#define NOOPT false, 0, 0, 0, 0
#define BADVERS_OK                                                             \
	{                                                                      \
		TH_OUT_ANSWER, 0, 0, TH_RCODE_BADVERS, NULL, OPT0              \
	}

struct jcase {
	const char *name;
	enum th_ednscomp_test test;
	struct ans ans;
	const char *codes; /* th_ednscomp_codes_str */
	uint8_t state;
};

static const struct jcase jcases[] = {
    /* Passing answers, one per test. */
    {"dns ok",
     TH_EC_DNS,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, NOOPT},
     "ok",
     TH_ECS_ANSWER},
    {"edns ok",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
     "ok",
     TH_ECS_ANSWER},
    {"edns1 ok", TH_EC_EDNS1, BADVERS_OK, "ok", TH_ECS_ANSWER},
    {"edns@512 ok",
     TH_EC_EDNS512,
     {TH_OUT_ANSWER, 0, AA, 0, KEY_RR, OPT0DO},
     "ok",
     TH_ECS_ANSWER},
    {"edns@512 truncated is ok",
     TH_EC_EDNS512,
     {TH_OUT_ANSWER, 0, AA | H_TC, 0, NULL, OPT0DO},
     "ok",
     TH_ECS_ANSWER},
    {"ednsopt ok",
     TH_EC_EDNSOPT,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
     "ok",
     TH_ECS_ANSWER},
    {"edns1opt ok", TH_EC_EDNS1OPT, BADVERS_OK, "ok", TH_ECS_ANSWER},
    {"do ok",
     TH_EC_DO,
     {TH_OUT_ANSWER, 0, AA | H_AD, 0, SOA_RR, OPT0DO},
     "ok",
     TH_ECS_ANSWER},
    {"ednsflags ok",
     TH_EC_EDNSFLAGS,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
     "ok",
     TH_ECS_ANSWER},
    {"optlist ok with a server cookie",
     TH_EC_OPTLIST,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, true, 0, 0, 0, 24},
     "ok",
     TH_ECS_ANSWER},
    {"optlist BADCOOKIE with a server cookie is ok",
     TH_EC_OPTLIST,
     {TH_OUT_ANSWER, 0, AA, TH_RCODE_BADCOOKIE, NULL, true, 0, 0, 0, 16},
     "ok",
     TH_ECS_ANSWER},
    {"ednstcp ok",
     TH_EC_EDNSTCP,
     {TH_OUT_ANSWER, 0, AA | H_TCP, 0, SOA_RR, OPT0},
     "ok",
     TH_ECS_ANSWER},
    /* RCODE codes. */
    {"edns1 NOERROR instead of BADVERS",
     TH_EC_EDNS1,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
     "noerror,badversion,soa",
     TH_ECS_ANSWER},
    {"ednsopt FORMERR without OPT",
     TH_EC_EDNSOPT,
     {TH_OUT_ANSWER, 0, 0, TH_RCODE_FORMERR, NULL, NOOPT},
     "formerr,noopt",
     TH_ECS_ANSWER},
    {"edns SERVFAIL",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, 0, 2, NULL, OPT0},
     "servfail",
     TH_ECS_ANSWER},
    {"dns NXDOMAIN",
     TH_EC_DNS,
     {TH_OUT_ANSWER, 0, AA, 3, NULL, NOOPT},
     "nxdomain",
     TH_ECS_ANSWER},
    {"edns NOTIMP",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, 0, 4, NULL, OPT0},
     "notimp",
     TH_ECS_ANSWER},
    {"dns REFUSED",
     TH_EC_DNS,
     {TH_OUT_ANSWER, 0, 0, 5, NULL, NOOPT},
     "refused",
     TH_ECS_ANSWER},
    {"do YXDOMAIN",
     TH_EC_DO,
     {TH_OUT_ANSWER, 0, 0, 6, NULL, OPT0DO},
     "yxdomain",
     TH_ECS_ANSWER},
    {"do YXRRSET",
     TH_EC_DO,
     {TH_OUT_ANSWER, 0, 0, 7, NULL, OPT0DO},
     "yxrrset",
     TH_ECS_ANSWER},
    {"do NXRRSET",
     TH_EC_DO,
     {TH_OUT_ANSWER, 0, 0, 8, NULL, OPT0DO},
     "nxrrset",
     TH_ECS_ANSWER},
    {"edns NOTAUTH",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, 0, 9, NULL, OPT0},
     "notauth",
     TH_ECS_ANSWER},
    {"edns NOTZONE",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, 0, 10, NULL, OPT0},
     "notzone",
     TH_ECS_ANSWER},
    {"edns BADVERS to version 0",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, 0, TH_RCODE_BADVERS, NULL, OPT0},
     "badvers,badversion",
     TH_ECS_ANSWER},
    {"optlist BADCOOKIE without a server cookie",
     TH_EC_OPTLIST,
     {TH_OUT_ANSWER, 0, AA, TH_RCODE_BADCOOKIE, NULL, OPT0},
     "badcookie",
     TH_ECS_ANSWER},
    {"ednsopt BADCOOKIE (no cookie asked)",
     TH_EC_EDNSOPT,
     {TH_OUT_ANSWER, 0, AA, TH_RCODE_BADCOOKIE, NULL, true, 0, 0, 0, 16},
     "badcookie",
     TH_ECS_ANSWER},
    {"an unnamed RCODE",
     TH_EC_DNS,
     {TH_OUT_ANSWER, 0, 0, 12, NULL, NOOPT},
     "rcode12",
     TH_ECS_ANSWER},
    /* EDNS version codes. */
    {"edns answered with version 1",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, true, 1, 0, 0, 0},
     "version-not-zero",
     TH_ECS_ANSWER},
    {"edns1 BADVERS with version 1",
     TH_EC_EDNS1,
     {TH_OUT_ANSWER, 0, 0, TH_RCODE_BADVERS, NULL, true, 1, 0, 0, 0},
     "version-not-zero,badversion",
     TH_ECS_ANSWER},
    {"edns1opt FORMERR with OPT version 0",
     TH_EC_EDNS1OPT,
     {TH_OUT_ANSWER, 0, 0, TH_RCODE_FORMERR, NULL, OPT0},
     "formerr,badversion",
     TH_ECS_ANSWER},
    /* OPT presence. */
    {"edns answered without OPT",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, NOOPT},
     "noopt",
     TH_ECS_ANSWER},
    {"dns answered with OPT",
     TH_EC_DNS,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
     "opt",
     TH_ECS_ANSWER},
    /* SOA. */
    {"ednsflags NOERROR without the SOA",
     TH_EC_EDNSFLAGS,
     {TH_OUT_ANSWER, 0, AA, 0, NULL, OPT0},
     "nosoa",
     TH_ECS_ANSWER},
    {"SOA of another zone is no SOA",
     TH_EC_DNS,
     {TH_OUT_ANSWER, 0, AA, 0,
      "other.se. 3600 IN SOA ns1.other.se. h.other.se. 1 2 3 4 5", NOOPT},
     "nosoa",
     TH_ECS_ANSWER},
    {"edns1opt BADVERS with the SOA",
     TH_EC_EDNS1OPT,
     {TH_OUT_ANSWER, 0, 0, TH_RCODE_BADVERS, SOA_RR, OPT0},
     "soa",
     TH_ECS_ANSWER},
    {"SERVFAIL with the SOA",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, 0, 2, SOA_RR, OPT0},
     "servfail,soa",
     TH_ECS_ANSWER},
    /* Options and flags. */
    {"ednsopt echoes option 100",
     TH_EC_EDNSOPT,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, true, 0, 0, 100, 0},
     "echoed",
     TH_ECS_ANSWER},
    {"edns1opt FORMERR, option echoed, no OPT version",
     TH_EC_EDNS1OPT,
     {TH_OUT_ANSWER, 0, 0, TH_RCODE_FORMERR, NULL, true, 0, 0, 100, 0},
     "formerr,badversion,echoed",
     TH_ECS_ANSWER},
    {"do without DO in the answer",
     TH_EC_DO,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
     "nodo",
     TH_ECS_ANSWER},
    {"edns@512 without DO in the answer",
     TH_EC_EDNS512,
     {TH_OUT_ANSWER, 0, AA, 0, KEY_RR, OPT0},
     "nodo",
     TH_ECS_ANSWER},
    {"edns without AA",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, 0, 0, SOA_RR, OPT0},
     "noaa",
     TH_ECS_ANSWER},
    {"dns with RD",
     TH_EC_DNS,
     {TH_OUT_ANSWER, 0, AA | H_RD, 0, SOA_RR, NOOPT},
     "rd",
     TH_ECS_ANSWER},
    {"edns with AD (no DO)",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, AA | H_AD, 0, SOA_RR, OPT0},
     "ad",
     TH_ECS_ANSWER},
    {"edns with CD",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, AA | H_CD, 0, SOA_RR, OPT0},
     "cd",
     TH_ECS_ANSWER},
    {"dns with the Z bit",
     TH_EC_DNS,
     {TH_OUT_ANSWER, 0, AA | H_Z, 0, SOA_RR, NOOPT},
     "z",
     TH_ECS_ANSWER},
    {"ednsflags echoes the unknown flag",
     TH_EC_EDNSFLAGS,
     {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, true, 0, 0x0080, 0, 0},
     "mbz",
     TH_ECS_ANSWER},
    {"edns@512 larger than 512 octets",
     TH_EC_EDNS512,
     {TH_OUT_ANSWER, 0, AA, 0, BIG_TXT, OPT0DO},
     "toobig",
     TH_ECS_ANSWER},
    {"edns@512 large over TCP is not too big",
     TH_EC_EDNS512,
     {TH_OUT_ANSWER, 0, AA | H_TCP, 0, BIG_TXT, OPT0DO},
     "ok",
     TH_ECS_ANSWER},
    {"do large is not too big",
     TH_EC_DO,
     {TH_OUT_ANSWER, 0, AA, 0, BIG_TXT, OPT0DO},
     "nosoa",
     TH_ECS_ANSWER},
    {"many failures at once",
     TH_EC_EDNSFLAGS,
     {TH_OUT_ANSWER, 0, H_RD | H_Z, TH_RCODE_FORMERR, SOA_RR, true, 2, 0x0080,
      100, 0},
     "formerr,version-not-zero,soa,echoed,rd,z,mbz",
     TH_ECS_ANSWER},
    /* No DNS answer. */
    {"timeout",
     TH_EC_EDNS,
     {TH_OUT_TIMEOUT, 0, 0, 0, NULL, NOOPT},
     "timeout",
     TH_ECS_NO_ANSWER},
    {"TCP reset",
     TH_EC_EDNSTCP,
     {TH_OUT_NETWORK_ERROR, UV_ECONNRESET, 0, 0, NULL, NOOPT},
     "reset",
     TH_ECS_NO_ANSWER},
    {"TCP refused",
     TH_EC_EDNSTCP,
     {TH_OUT_NETWORK_ERROR, UV_ECONNREFUSED, 0, 0, NULL, NOOPT},
     "connection-refused",
     TH_ECS_NO_ANSWER},
    {"TCP closed",
     TH_EC_EDNSTCP,
     {TH_OUT_NETWORK_ERROR, UV_EOF, 0, 0, NULL, NOOPT},
     "eof",
     TH_ECS_NO_ANSWER},
    {"other network error",
     TH_EC_EDNS,
     {TH_OUT_NETWORK_ERROR, UV_ENETUNREACH, 0, 0, NULL, NOOPT},
     "failed",
     TH_ECS_NO_ANSWER},
    {"truncated, TCP retry failed",
     TH_EC_DO,
     {TH_OUT_TRUNCATED_NO_TCP, 0, 0, 0, NULL, NOOPT},
     "failed",
     TH_ECS_NO_ANSWER},
    {"malformed",
     TH_EC_EDNS,
     {TH_OUT_MALFORMED, 0, 0, 0, NULL, NOOPT},
     "malformed",
     TH_ECS_NO_ANSWER},
    {"an answer that does not parse",
     TH_EC_EDNS,
     {TH_OUT_ANSWER, 0, H_JUNK, 0, NULL, NOOPT},
     "malformed",
     TH_ECS_NO_ANSWER},
};

START_TEST(test_ednscomp_judge)
{
	const struct jcase *c = &jcases[_i];
	struct th_dname zone = canned_name(DOM);
	struct th_ednscomp_result r;
	enum th_qflavor f;
	uint16_t qtype;
	struct th_answer *a;
	char codes[256];

	th_ednscomp_test_query(c->test, &f, &qtype);
	a = make(qtype, &c->ans);
	th_ednscomp_judge(c->test, &zone, a, &r);
	th_ednscomp_codes_str(&r, codes, sizeof(codes));
	ck_assert_msg(strcmp(codes, c->codes) == 0, "%s: codes %s, want %s",
	              c->name, codes, c->codes);
	ck_assert_msg(r.state == c->state, "%s: state %u, want %u", c->name,
	              (unsigned)r.state, (unsigned)c->state);
	if (r.state == TH_ECS_ANSWER)
		ck_assert_uint_eq(r.rcode, c->ans.rcode);
	th_answer_unref(a);
}
END_TEST

/* Every code is produced by some case above (the table is complete). */
START_TEST(test_ednscomp_every_code)
{
	struct th_dname zone = canned_name(DOM);
	uint64_t seen = 0;

	for (int i = 0; i < N_ELEMS(jcases); i++) {
		struct th_ednscomp_result r;
		enum th_qflavor f;
		uint16_t qtype;
		struct th_answer *a;

		th_ednscomp_test_query(jcases[i].test, &f, &qtype);
		a = make(qtype, &jcases[i].ans);
		th_ednscomp_judge(jcases[i].test, &zone, a, &r);
		seen |= r.codes;
		th_answer_unref(a);
	}
	for (unsigned c = 0; c < TH_ECC__COUNT; c++)
		ck_assert_msg(seen & TH_ECC_BIT(c), "code %s never produced",
		              th_ednscomp_code_name((enum th_ednscomp_code)c));
}
END_TEST

START_TEST(test_ednscomp_untested)
{
	struct th_dname zone = canned_name(DOM);
	struct th_ednscomp_result r;
	char codes[32];

	th_ednscomp_judge(TH_EC_EDNS, &zone, NULL, &r);
	ck_assert_uint_eq(r.state, TH_ECS_UNTESTED);
	ck_assert(r.codes == 0);
	ck_assert_str_eq(th_ednscomp_codes_str(&r, codes, sizeof(codes)),
	                 "untested");
	/* A short buffer is cut, never overrun. */
	r.state = TH_ECS_ANSWER;
	r.codes = TH_ECC_BIT(TH_ECC_FORMERR) | TH_ECC_BIT(TH_ECC_NOSOA);
	ck_assert_str_eq(th_ednscomp_codes_str(&r, codes, 5), "form");
}
END_TEST

START_TEST(test_ednscomp_names)
{
	enum th_qflavor f;
	uint16_t qtype;

	ck_assert_str_eq(th_ednscomp_test_name(TH_EC_EDNS512), "edns@512");
	ck_assert_str_eq(th_ednscomp_test_name(TH_EC_EDNSTCP), "ednstcp");
	ck_assert_str_eq(th_ednscomp_test_name(TH_EC__COUNT), "?");
	ck_assert_str_eq(th_ednscomp_code_name(TH_ECC_REFUSED_CONN),
	                 "connection-refused");
	ck_assert_str_eq(th_ednscomp_code_name(TH_ECC__COUNT), "?");
	ck_assert_str_eq(th_ednscomp_verdict_name(TH_ECV_NO_RESPONSE),
	                 "no-response");
	ck_assert_str_eq(th_ednscomp_verdict_name(TH_ECV__COUNT), "?");
	th_ednscomp_test_query(TH_EC_EDNS512, &f, &qtype);
	ck_assert_int_eq(f, TH_QF_DO512);
	ck_assert_uint_eq(qtype, TH_T_DNSKEY);
	th_ednscomp_test_query(TH_EC_DO, &f, &qtype);
	ck_assert_int_eq(f, TH_QF_DNSSEC);
	ck_assert_uint_eq(qtype, TH_T_SOA);
	th_ednscomp_test_query(TH_EC_OPTLIST, &f, &qtype);
	ck_assert_int_eq(f, TH_QF_FD_OPTLIST);
}
END_TEST

/* ---- per address -------------------------------------------------------- */

/* A compliant answer to every test. */
static const struct ans good[TH_EC__COUNT] = {
    [TH_EC_DNS] = {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, NOOPT},
    [TH_EC_EDNS] = {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
    [TH_EC_EDNS1] = BADVERS_OK,
    [TH_EC_EDNS512] = {TH_OUT_ANSWER, 0, AA, 0, KEY_RR, OPT0DO},
    [TH_EC_EDNSOPT] = {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
    [TH_EC_EDNS1OPT] = BADVERS_OK,
    [TH_EC_DO] = {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0DO},
    [TH_EC_EDNSFLAGS] = {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
    [TH_EC_OPTLIST] = {TH_OUT_ANSWER, 0, AA, 0, SOA_RR, OPT0},
    [TH_EC_EDNSTCP] = {TH_OUT_ANSWER, 0, AA | H_TCP, 0, SOA_RR, OPT0},
};

static const struct ans silent = {TH_OUT_TIMEOUT, 0, 0, 0, NULL, NOOPT};
static const struct ans opt_echo = {TH_OUT_ANSWER, 0, AA, 0,   SOA_RR,
                                    true,          0, 0,  100, 0};

/* Record test t's answer s from ip (s NULL: not asked). */
static void
add(struct th_evidence *ev, const char *ip, enum th_ednscomp_test t,
    const struct ans *s)
{
	enum th_qflavor f;
	uint16_t qtype;

	if (s == NULL)
		return;
	th_ednscomp_test_query(t, &f, &qtype);
	canned_reply(ev, ip, f, DOM, qtype, make(qtype, s));
}

struct vcase {
	const char *name;
	int kind; /* 0 good, 1 one failing, 2 all silent, 3 none, 4 partial */
	uint8_t verdict;
	bool complete;
	unsigned tested, answered, ok;
	enum th_ednscomp_test bad; /* kind 1 */
	const char *bad_codes;
};

static const struct vcase vcases[] = {
    {"all ok", 0, TH_ECV_OK, true, 10, 10, 10, 0, NULL},
    {"option echoed", 1, TH_ECV_FAILING, true, 10, 10, 9, TH_EC_EDNSOPT,
     "echoed"},
    {"edns1 timeout", 1, TH_ECV_FAILING, true, 10, 9, 9, TH_EC_EDNS1,
     "timeout"},
    {"no answer at all", 2, TH_ECV_NO_RESPONSE, true, 10, 0, 0, 0, NULL},
    {"never asked", 3, TH_ECV_UNTESTED, false, 0, 0, 0, 0, NULL},
    {"only the Nameserver module's queries", 4, TH_ECV_OK, false, 5, 5, 5, 0,
     NULL},
};

START_TEST(test_ednscomp_verdict)
{
	const struct vcase *c = &vcases[_i];
	struct th_dname d = canned_name(DOM);
	struct th_addr ip = canned_addr(NS1);
	struct th_evidence ev;
	struct th_ednscomp out;
	char codes[128];

	th_ev_init(&ev, &d);
	canned_ns(&ev, "ns1.example.se", TH_EV_DEL | TH_EV_CHILD, NS1);
	for (unsigned t = 0; t < TH_EC__COUNT; t++) {
		const struct ans *s = &good[t];

		if (c->kind == 1 && t == (unsigned)c->bad)
			s = c->bad == TH_EC_EDNSOPT ? &opt_echo : &silent;
		else if (c->kind == 2)
			s = &silent;
		else if (c->kind == 3)
			s = NULL;
		else if (c->kind == 4 && t != TH_EC_DNS && t != TH_EC_EDNS &&
		         t != TH_EC_EDNS1 && t != TH_EC_DO &&
		         t != TH_EC_EDNS512)
			s = NULL;
		add(&ev, NS1, (enum th_ednscomp_test)t, s);
	}
	th_ednscomp_classify(&ev, &ip, &out);
	ck_assert_msg(out.verdict == c->verdict, "%s: verdict %s", c->name,
	              th_ednscomp_verdict_name(out.verdict));
	ck_assert_msg(out.complete == c->complete, "%s: complete", c->name);
	ck_assert_uint_eq(out.tested, c->tested);
	ck_assert_uint_eq(out.answered, c->answered);
	ck_assert_uint_eq(out.ok, c->ok);
	ck_assert(th_addr_equal(&out.addr, &ip));
	if (c->bad_codes != NULL)
		ck_assert_str_eq(th_ednscomp_codes_str(&out.test[c->bad], codes,
		                                       sizeof(codes)),
		                 c->bad_codes);
	th_ev_free(&ev);
}
END_TEST

/* Every distinct address of both NS sets, each on its own replies. */
START_TEST(test_ednscomp_all)
{
	struct th_dname d = canned_name(DOM);
	struct th_evidence ev;
	struct th_ednscomp out[4];
	size_t n;

	th_ev_init(&ev, &d);
	canned_ns(&ev, "ns1.example.se", TH_EV_DEL, NS1);
	canned_ns(&ev, "ns2.example.se", TH_EV_CHILD, NS2);
	canned_ns(&ev, "ns3.example.se", TH_EV_DEL | TH_EV_CHILD, NS1);
	for (unsigned t = 0; t < TH_EC__COUNT; t++) {
		add(&ev, NS1, (enum th_ednscomp_test)t, &good[t]);
		add(&ev, NS2, (enum th_ednscomp_test)t,
		    t == TH_EC_EDNSOPT ? &opt_echo : &good[t]);
	}
	n = th_ednscomp_all(&ev, out, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(out[0].verdict, TH_ECV_OK);
	ck_assert_uint_eq(out[1].verdict, TH_ECV_FAILING);
	ck_assert_uint_eq(out[1].test[TH_EC_EDNSOPT].codes,
	                  TH_ECC_BIT(TH_ECC_ECHOED));
	ck_assert_uint_eq(th_ednscomp_all(&ev, out, 1), 1);
	th_ev_free(&ev);
}
END_TEST

Suite *
suite_ednscomp(void)
{
	Suite *s = suite_create("ednscomp");
	TCase *tc = tcase_create("Codes");
	TCase *addr = tcase_create("Addresses");

	tcase_add_loop_test(tc, test_ednscomp_judge, 0, N_ELEMS(jcases));
	tcase_add_test(tc, test_ednscomp_every_code);
	tcase_add_test(tc, test_ednscomp_untested);
	tcase_add_test(tc, test_ednscomp_names);
	tcase_add_loop_test(addr, test_ednscomp_verdict, 0, N_ELEMS(vcases));
	tcase_add_test(addr, test_ednscomp_all);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, addr);
	return s;
}
