/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dnssec_facts.c -- unit tests for engine/dnssec_facts over canned
 * evidence built from a zone signed by ldns-signzone (ECDSA P-256, KSK tag
 * 40996, ZSK tag 13076, signatures valid 2024-01-01 to 2044-01-01).
 */
#include "engine/dnssec_facts.h"

#include "engine/trust.h"

#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/zonefix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE "tests/data/dnssec/ldns-13/signed.zone"
#define DOM "dnssec.test"
#define PARENT "192.0.2.53"
#define CHILD "192.0.2.1"
#define T2025 UINT64_C(1735689600) /* 2025-01-01 */
#define T2045 UINT64_C(2366841600) /* 2045-01-01 */
#define DS_KSK                                                                 \
	"dnssec.test. 3600 IN DS 40996 13 2 "                                  \
	"3ed7219e213a6571a4a33b1304add93d550cc8d49ee08858a9a58271010b0a11"
#define DS_BAD                                                                 \
	"dnssec.test. 3600 IN DS 40996 13 2 "                                  \
	"3ed7219e213a6571a4a33b1304add93d550cc8d49ee08858a9a58271010b0a12"
#define DS_GOST                                                                \
	"dnssec.test. 3600 IN DS 40996 13 3 "                                  \
	"3ed7219e213a6571a4a33b1304add93d550cc8d49ee08858a9a58271010b0a11"

/* The apex records of the fixture of one type (for RRSIG, one type
 * covered), ';'-joined for canned_answer. Caller frees. */
static char *
apex(const char *type, const char *covered)
{
	char *out = zonefix_lines(FIXTURE, DOM ".", type, covered);

	ck_assert_ptr_nonnull(out);
	return out;
}

/* Both sets of records, ';'-joined. */
static char *
with_sigs(const char *type)
{
	char *a = apex(type, NULL), *b = apex("RRSIG", type);
	size_t size = strlen(a) + strlen(b) + 2;
	char *out = malloc(size);

	ck_assert_ptr_nonnull(out);
	snprintf(out, size, "%s;%s", a, b);
	free(a);
	free(b);
	return out;
}

struct scene {
	const char *name;
	const char *ds;  /* parent's DS answer, NULL: NODATA */
	bool dnskey;     /* child answers DNSKEY (else NODATA) */
	bool edns;       /* child answers DNSSEC queries at all */
	bool tamper_soa; /* a flipped octet in the SOA's RRSIG */
	uint64_t now;
	const char *status;
	unsigned bogus;
};

static const struct scene scenes[] = {
    {"secure", DS_KSK, true, true, false, T2025, "secure", 0},
    {"expired", DS_KSK, true, true, false, T2045, "bogus",
     1u << TH_DNSSEC_BOGUS_SIG_EXPIRED},
    {"ds mismatch", DS_BAD, true, true, false, T2025, "bogus",
     1u << TH_DNSSEC_BOGUS_DS_NO_MATCH},
    {"island", NULL, true, true, false, T2025, "island", 0},
    {"ds, no dnskey", DS_KSK, false, true, false, T2025, "bogus",
     1u << TH_DNSSEC_BOGUS_NO_DNSKEY},
    {"unsigned", NULL, false, true, false, T2025, "unsigned", 0},
    {"gost only", DS_GOST, true, true, false, T2025, "indeterminate", 0},
    {"soa signature", DS_KSK, true, true, true, T2025, "bogus",
     1u << TH_DNSSEC_BOGUS_BAD_SIGNATURE},
    {"no edns, no ds", NULL, false, false, false, T2025, "unsigned", 0},
    {"no edns, ds", DS_KSK, false, false, false, T2025, "bogus",
     1u << TH_DNSSEC_BOGUS_NO_DNSKEY},
};

static void
build(struct th_evidence *ev, const struct scene *s)
{
	struct th_dname par = canned_name("test"), pns = canned_name("a.test");
	struct th_addr pa = canned_addr(PARENT);
	struct th_ev_ns *p;
	char *soa = with_sigs("SOA"), *key = with_sigs("DNSKEY");
	char *nsec = with_sigs("NSEC"), *plain = apex("SOA", NULL);

	struct th_dname d = canned_name(DOM);

	th_ev_init(ev, &d);
	ev->now = s->now;
	ev->parent = par;
	ev->parent_status = TH_RES_REFERRAL;
	p = th_ev_ns_add(&ev->parent_ns, &pns, TH_EV_DEL);
	th_ev_ns_add_addr(p, &pa);
	canned_reply(
	    ev, PARENT, TH_QF_DNSSEC, DOM, TH_T_DS,
	    canned_answer(DOM, TH_T_DS, CANNED_AA, 0, s->ds, NULL, NULL));
	canned_ns(ev, "ns1." DOM, TH_EV_DEL | TH_EV_CHILD, CHILD);
	canned_reply(
	    ev, CHILD, TH_QF_PLAIN, DOM, TH_T_SOA,
	    canned_answer(DOM, TH_T_SOA, CANNED_AA, 0, plain, NULL, NULL));
	if (s->tamper_soa) {
		/* The signature's last base64 digit, changed. */
		char *end = strrchr(soa, ';');

		end = end != NULL ? end + strlen(end) - 2 : soa;
		*end = *end == 'A' ? 'B' : 'A';
	}
	if (s->edns) {
		canned_reply(ev, CHILD, TH_QF_DNSSEC, DOM, TH_T_SOA,
		             canned_answer(DOM, TH_T_SOA, CANNED_AA, 0, soa,
		                           NULL, NULL));
		canned_reply(ev, CHILD, TH_QF_DNSSEC, DOM, TH_T_DNSKEY,
		             canned_answer(DOM, TH_T_DNSKEY, CANNED_AA, 0,
		                           s->dnskey ? key : NULL, NULL, NULL));
		canned_reply(ev, CHILD, TH_QF_DNSSEC, DOM, TH_T_NSEC,
		             canned_answer(DOM, TH_T_NSEC, CANNED_AA, 0,
		                           s->dnskey ? nsec : NULL, NULL,
		                           NULL));
	} else {
		canned_reply(
		    ev, CHILD, TH_QF_DNSSEC, DOM, TH_T_SOA,
		    canned_answer(DOM, TH_T_SOA, 0, 1, NULL, NULL, NULL));
		canned_reply(
		    ev, CHILD, TH_QF_DNSSEC, DOM, TH_T_DNSKEY,
		    canned_answer(DOM, TH_T_DNSKEY, 0, 1, NULL, NULL, NULL));
	}
	free(soa);
	free(key);
	free(nsec);
	free(plain);
}

START_TEST(test_dnssec_facts_status)
{
	const struct scene *s = &scenes[_i];
	struct th_evidence ev;
	struct th_dnssec_facts f;

	build(&ev, s);
	ck_assert_int_eq(th_dnssec_facts_compute(&ev, true, NULL, &f), 0);
	ck_assert_msg(strcmp(th_dnssec_status_name(f.status), s->status) == 0,
	              "%s: status %s, want %s", s->name,
	              th_dnssec_status_name(f.status), s->status);
	ck_assert_msg(f.bogus == s->bogus, "%s: bogus %#x, want %#x", s->name,
	              f.bogus, s->bogus);
	if (s->ds != NULL) {
		ck_assert_uint_eq(f.ndigest, 1);
		ck_assert_uint_eq(f.digest[0],
		                  strstr(s->ds, " 13 3 ") != NULL ? 3 : 2);
	}
	if (s->dnskey && s->edns) {
		ck_assert_uint_eq(f.nalg, 1);
		ck_assert_uint_eq(f.alg[0], 13);
		ck_assert_int_eq(f.denial, TH_DENIAL_NSEC);
		ck_assert(f.has_expiry);
		ck_assert_uint_eq(f.earliest_expiry, UINT64_C(2335219200));
	} else {
		ck_assert_uint_eq(f.nalg, 0);
		ck_assert_int_eq(f.denial, TH_DENIAL_NONE);
	}
	th_ev_free(&ev);
}
END_TEST

/* No server answers with authority: nothing can be said. */
START_TEST(test_dnssec_facts_unserved)
{
	struct th_evidence ev;
	struct th_dnssec_facts f;

	build(&ev, &scenes[0]);
	ck_assert_int_eq(th_dnssec_facts_compute(&ev, false, NULL, &f), 0);
	ck_assert_str_eq(th_dnssec_status_name(f.status), "indeterminate");
	th_ev_free(&ev);
}
END_TEST

/* An undelegated test's --ds stands in for the parent's. */
START_TEST(test_dnssec_facts_given_ds)
{
	static const uint8_t digest[] = {
	    0x3e, 0xd7, 0x21, 0x9e, 0x21, 0x3a, 0x65, 0x71, 0xa4, 0xa3, 0x3b,
	    0x13, 0x04, 0xad, 0xd9, 0x3d, 0x55, 0x0c, 0xc8, 0xd4, 0x9e, 0xe0,
	    0x88, 0x58, 0xa9, 0xa5, 0x82, 0x71, 0x01, 0x0b, 0x0a, 0x11};
	struct th_evidence ev;
	struct th_dnssec_facts f;

	build(&ev, &scenes[3]); /* the parent has no DS */
	ev.undelegated = true;
	ev.nds = 1;
	ev.ds[0] = (struct th_ev_ds){.keytag = 40996,
	                             .algorithm = 13,
	                             .digest_type = 2,
	                             .dlen = sizeof(digest)};
	memcpy(ev.ds[0].digest, digest, sizeof(digest));
	ck_assert_int_eq(th_dnssec_facts_compute(&ev, true, NULL, &f), 0);
	ck_assert_str_eq(th_dnssec_status_name(f.status), "secure");
	ev.ds[0].digest[0] ^= 1;
	ck_assert_int_eq(th_dnssec_facts_compute(&ev, true, NULL, &f), 0);
	ck_assert_str_eq(th_dnssec_status_name(f.status), "bogus");
	th_ev_free(&ev);
}
END_TEST

/*
 * The parent's chain of trust over the DS set's verdict. The secure
 * parent is the fixture's own zone validated from its DS (a real key
 * set): the scene's DS answer carries no RRSIG, so no key of it signs.
 */
static const struct {
	size_t scene;
	enum th_trust_status parent;
	const char *status;
	unsigned bogus;
} chains[] = {
    {0, TH_TRUST_INSECURE, "island", 0},
    {4, TH_TRUST_INSECURE, "unsigned", 0},
    {0, TH_TRUST_BOGUS, "bogus", 1u << TH_DNSSEC_BOGUS_PARENT_BOGUS},
    {0, TH_TRUST_INDETERMINATE, "indeterminate", 0},
    {0, TH_TRUST_SECURE, "bogus", 1u << TH_DNSSEC_BOGUS_DS_BAD_SIGNATURE},
    /* Unsigned and island zones are what they are, whatever the parent. */
    {3, TH_TRUST_BOGUS, "island", 0},
    {5, TH_TRUST_SECURE, "unsigned", 0},
};

/* DS_KSK's RDATA: key tag 40996, algorithm 13, SHA-256. */
static const uint8_t ksk_ds[] = {
    0xa0, 0x24, 13,   2,    0x3e, 0xd7, 0x21, 0x9e, 0x21, 0x3a, 0x65, 0x71,
    0xa4, 0xa3, 0x3b, 0x13, 0x04, 0xad, 0xd9, 0x3d, 0x55, 0x0c, 0xc8, 0xd4,
    0x9e, 0xe0, 0x88, 0x58, 0xa9, 0xa5, 0x82, 0x71, 0x01, 0x0b, 0x0a, 0x11};

static void
secure_parent(struct th_trust_zone *z)
{
	struct th_trust_anchor a;
	struct th_dname dom = canned_name(DOM);
	char *key = with_sigs("DNSKEY");
	struct th_answer *ans =
	    canned_answer(DOM, TH_T_DNSKEY, CANNED_AA, 0, key, NULL, NULL);
	struct th_buf scratch;
	struct th_msg m;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(
	    th_trust_anchor_add(&a, &dom, TH_T_DS, ksk_ds, sizeof(ksk_ds)), 0);
	ck_assert(th_ev_reply_msg(ans, &m));
	th_buf_init(&scratch, 1 << 20);
	ck_assert_int_eq(th_trust_zone_anchor(&a, &m, T2025, &scratch, z), 0);
	ck_assert_int_eq(z->status, TH_TRUST_SECURE);
	th_buf_free(&scratch);
	th_answer_unref(ans);
	free(key);
}

START_TEST(test_dnssec_facts_chain)
{
	struct th_trust_zone parent;
	struct th_evidence ev;
	struct th_dnssec_facts f;

	memset(&parent, 0, sizeof(parent));
	if (chains[_i].parent == TH_TRUST_SECURE)
		secure_parent(&parent);
	parent.status = (uint8_t)chains[_i].parent;
	build(&ev, &scenes[chains[_i].scene]);
	ev.parent_trust = &parent;
	ck_assert_int_eq(th_dnssec_facts_compute(&ev, true, NULL, &f), 0);
	ck_assert_msg(
	    strcmp(th_dnssec_status_name(f.status), chains[_i].status) == 0,
	    "row %d: status %s, want %s", _i, th_dnssec_status_name(f.status),
	    chains[_i].status);
	ck_assert_msg(f.bogus == chains[_i].bogus, "row %d: bogus %#x", _i,
	              f.bogus);
	/* An undelegated test's DS is the user's: no chain applies. */
	if (chains[_i].scene == 0) {
		ev.undelegated = true;
		ev.nds = 1;
		ev.ds[0] = (struct th_ev_ds){.keytag = 40996,
		                             .algorithm = 13,
		                             .digest_type = 2,
		                             .dlen = sizeof(ksk_ds) - 4};
		memcpy(ev.ds[0].digest, ksk_ds + 4, sizeof(ksk_ds) - 4);
		ck_assert_int_eq(th_dnssec_facts_compute(&ev, true, NULL, &f),
		                 0);
		ck_assert_str_eq(th_dnssec_status_name(f.status), "secure");
	}
	th_ev_free(&ev);
	th_trust_zone_clear(&parent);
}
END_TEST

Suite *
suite_dnssec_facts(void)
{
	Suite *s = suite_create("dnssec_facts");
	TCase *tc = tcase_create("Positive");

	tcase_add_loop_test(tc, test_dnssec_facts_status, 0,
	                    (int)(sizeof(scenes) / sizeof(scenes[0])));
	tcase_add_loop_test(tc, test_dnssec_facts_chain, 0,
	                    (int)(sizeof(chains) / sizeof(chains[0])));
	tcase_add_test(tc, test_dnssec_facts_unserved);
	tcase_add_test(tc, test_dnssec_facts_given_ds);
	suite_add_tcase(s, tc);
	return s;
}
