/* SPDX-License-Identifier: BSD-3-Clause */
/* test_evidence.c -- unit tests for the query flavours of engine/evidence. */
#include "engine/evidence.h"

#include "common/msg.h"
#include "tests/suites.h"

#include <stdio.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct th_dname
dn(const char *s)
{
	struct th_dname d;
	enum th_dname_reason why;

	ck_assert_int_eq(th_dname_parse(&d, s, strlen(s), NULL, &why), 0);
	return d;
}

static void
dn_str(const struct th_dname *d, char *out, size_t size)
{
	ck_assert_int_eq(th_dname_to_str(d, out, size), 0);
}

START_TEST(test_evidence_case_patterns)
{
	struct th_dname in = dn("www.Ex-4mple.se."), out;
	char s[TH_DNAME_STRLEN];

	th_qflavor_case(TH_QF_CASE1, &in, &out);
	dn_str(&out, s, sizeof(s));
	/* Letters alternate across labels; digits and dashes are skipped. */
	ck_assert_str_eq(s, "WwW.eX-4mPlE.sE.");
	ck_assert(th_dname_equal(&in, &out));
	th_qflavor_case(TH_QF_CASE2, &in, &out);
	dn_str(&out, s, sizeof(s));
	ck_assert_str_eq(s, "wWw.Ex-4MpLe.Se.");
	in = dn(".");
	th_qflavor_case(TH_QF_CASE1, &in, &out);
	ck_assert(th_dname_is_root(&out));
}
END_TEST

struct flavor_case {
	enum th_qflavor f;
	enum th_proto proto;
	bool opt;
	uint8_t version;
	uint16_t size, flags, qclass, rd;
	const char *options; /* option codes present, "3,8" */
};

static const struct flavor_case flavor_cases[] = {
    {TH_QF_PLAIN, TH_PROTO_UDP, false, 0, 0, 0, TH_CLASS_IN, 0, ""},
    {TH_QF_TCP, TH_PROTO_TCP, false, 0, 0, 0, TH_CLASS_IN, 0, ""},
    {TH_QF_EDNS, TH_PROTO_UDP, true, 0, 512, 0, TH_CLASS_IN, 0, ""},
    {TH_QF_DNSSEC, TH_PROTO_UDP, true, 0, 1232, TH_EDNS_DO, TH_CLASS_IN, 0, ""},
    {TH_QF_RD, TH_PROTO_UDP, false, 0, 0, 0, TH_CLASS_IN, TH_MSG_RD, ""},
    {TH_QF_EDNS1, TH_PROTO_UDP, true, 1, 512, 0, TH_CLASS_IN, 0, ""},
    {TH_QF_EDNSOPT, TH_PROTO_UDP, true, 0, 512, 0, TH_CLASS_IN, 0, "137"},
    {TH_QF_EDNSZ, TH_PROTO_UDP, true, 0, 512, 3, TH_CLASS_IN, 0, ""},
    {TH_QF_DO512, TH_PROTO_UDP_ONLY, true, 0, 512, TH_EDNS_DO, TH_CLASS_IN, 0,
     ""},
    {TH_QF_CASE1, TH_PROTO_UDP, false, 0, 0, 0, TH_CLASS_IN, 0, ""},
    {TH_QF_CHAOS, TH_PROTO_UDP, false, 0, 0, 0, TH_CLASS_CH, 0, ""},
    {TH_QF_FD_EDNSOPT, TH_PROTO_UDP, true, 0, 1232, 0, TH_CLASS_IN, 0, "100"},
    {TH_QF_FD_EDNS1OPT, TH_PROTO_UDP, true, 1, 1232, 0, TH_CLASS_IN, 0, "100"},
    {TH_QF_FD_EDNSFLAGS, TH_PROTO_UDP, true, 0, 1232, 0x0080, TH_CLASS_IN, 0,
     ""},
    {TH_QF_FD_OPTLIST, TH_PROTO_UDP, true, 0, 1232, 0, TH_CLASS_IN, 0,
     "3,8,9,10"},
    {TH_QF_FD_EDNSTCP, TH_PROTO_TCP, true, 0, 1232, 0, TH_CLASS_IN, 0, ""},
};

/* Every flavour's query, written and read back as a server sees it. */
START_TEST(test_evidence_flavor_query)
{
	const struct flavor_case *c = &flavor_cases[_i];
	struct th_dname qn = dn("example.se.");
	struct th_query q;
	enum th_proto proto;
	uint8_t wire[TH_QUERY_MAXWIRE];
	struct th_msg m;
	char codes[64] = "";
	size_t len, off;

	th_qflavor_query(c->f, &qn, TH_T_SOA, &q, &proto);
	len = th_query_write(&q, 0x1234, wire, sizeof(wire));
	ck_assert_int_eq(th_msg_parse(&m, wire, len, NULL), 0);
	ck_assert_int_eq(proto, c->proto);
	ck_assert_int_eq(m.qtype, TH_T_SOA);
	ck_assert_int_eq(m.qclass, c->qclass);
	ck_assert_int_eq(m.flags & TH_MSG_RD, c->rd);
	ck_assert(th_dname_equal(&m.qname, &qn));
	ck_assert_msg(m.has_opt == c->opt, "%s: OPT", th_qflavor_name(c->f));
	if (!c->opt)
		return;
	ck_assert_int_eq(m.edns_version, c->version);
	ck_assert_int_eq(m.edns_size, c->size);
	ck_assert_int_eq(m.edns_flags, c->flags);
	for (off = 0; off + 4 <= m.opt_rdlen;) {
		const uint8_t *o = wire + m.opt_rdoff + off;
		unsigned code = (unsigned)(o[0] << 8 | o[1]);
		size_t olen = (size_t)(o[2] << 8 | o[3]);

		snprintf(codes + strlen(codes), sizeof(codes) - strlen(codes),
		         "%s%u", codes[0] ? "," : "", code);
		off += 4 + olen;
	}
	ck_assert_uint_eq(off, m.opt_rdlen);
	ck_assert_str_eq(codes, c->options);
}
END_TEST

START_TEST(test_evidence_flavor_names)
{
	for (int f = 0; f < TH_QF__COUNT; f++)
		ck_assert_str_ne(th_qflavor_name((enum th_qflavor)f), "?");
	ck_assert_str_eq(th_qflavor_name(TH_QF__COUNT), "?");
	ck_assert_str_eq(th_qflavor_name(TH_QF_DO512), "edns@512");
}
END_TEST

Suite *
suite_evidence(void)
{
	Suite *s = suite_create("evidence");
	TCase *tc = tcase_create("Positive");

	tcase_add_test(tc, test_evidence_case_patterns);
	tcase_add_loop_test(tc, test_evidence_flavor_query, 0,
	                    N_ELEMS(flavor_cases));
	tcase_add_test(tc, test_evidence_flavor_names);
	suite_add_tcase(s, tc);
	return s;
}
