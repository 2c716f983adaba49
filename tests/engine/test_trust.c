/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_trust.c -- unit tests for engine/trust: the anchor's zone over the
 * DNSKEY RRsets that ldns-signzone and dnssec-signzone signed with every
 * algorithm (tests/data/dnssec), anchored by the DS files the tools wrote
 * or by the key-signing key itself; and the verdicts handed down to
 * child zones.
 */
#include "engine/trust.h"

#include "common/err.h"
#include "engine/evidence.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/zonefix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T2045 UINT64_C(2366841600) /* after every fixture's expiration */

/* The DNSKEY answer of a fixture set (DNSKEY RRset and its RRSIGs). */
static struct th_answer *
keyset_answer(const char *set, bool sigs)
{
	char path[256], *keys, *rrsigs, *text;
	struct th_answer *a;
	size_t size;

	snprintf(path, sizeof(path), ZONEFIX_DIR "/%s/signed.zone", set);
	keys = zonefix_lines(path, ZONEFIX_ORIGIN, "DNSKEY", NULL);
	rrsigs = zonefix_lines(path, ZONEFIX_ORIGIN, "RRSIG", "DNSKEY");
	ck_assert_ptr_nonnull(keys);
	ck_assert_ptr_nonnull(rrsigs);
	ck_assert(keys[0] != '\0' && rrsigs[0] != '\0');
	size = strlen(keys) + strlen(rrsigs) + 2;
	text = malloc(size);
	ck_assert_ptr_nonnull(text);
	if (sigs)
		snprintf(text, size, "%s;%s", keys, rrsigs);
	else
		snprintf(text, size, "%s", keys);
	a = canned_answer(ZONEFIX_ORIGIN, TH_T_DNSKEY, CANNED_AA, 0, text, NULL,
	                  NULL);
	free(keys);
	free(rrsigs);
	free(text);
	return a;
}

/* The anchor from a set's ds file (every digest type the tool wrote). */
static void
ds_anchor(const char *set, struct th_trust_anchor *a)
{
	char path[256];
	struct zonefix z;

	snprintf(path, sizeof(path), ZONEFIX_DIR "/%s/ds", set);
	zonefix_init(&z);
	ck_assert_int_eq(zonefix_load(&z, path, ZONEFIX_ORIGIN), 0);
	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < z.n && a->n < TH_TRUST_MAXANCHOR; i++)
		ck_assert_int_eq(
		    th_trust_anchor_add(a, &z.rr[i].owner, z.rr[i].type,
		                        z.rr[i].rdata, z.rr[i].rdlen),
		    0);
	ck_assert_uint_gt(a->n, 0);
	zonefix_free(&z);
}

static enum th_trust_status
judge_anchor(const struct th_trust_anchor *a, const struct th_answer *ans,
             uint64_t now, struct th_trust_zone *z)
{
	struct th_buf scratch;
	struct th_msg m;
	bool have = ans != NULL && th_ev_reply_msg(ans, &m);

	th_buf_init(&scratch, 1 << 20);
	ck_assert_int_eq(
	    th_trust_zone_anchor(a, have ? &m : NULL, now, &scratch, z), 0);
	th_buf_free(&scratch);
	return (enum th_trust_status)z->status;
}

/* Every algorithm and both tools: the DS files anchor the key set. */
START_TEST(test_trust_anchor_ds)
{
	const struct zonefix_set *s = &zonefix_sets[_i];
	struct th_answer *ans = keyset_answer(s->name, true);
	struct th_trust_anchor a;
	struct th_trust_zone z;

	ds_anchor(s->name, &a);
	ck_assert_msg(judge_anchor(&a, ans, ZONEFIX_NOW, &z) == TH_TRUST_SECURE,
	              "%s: %s (%s)", s->name,
	              th_trust_status_name((enum th_trust_status)z.status),
	              z.why ? z.why : "");
	ck_assert_uint_eq(z.nkeys, 2); /* the KSK and the ZSK */
	ck_assert_ptr_null(z.why);
	th_trust_zone_clear(&z);
	/* Expired signatures, and no signatures at all, are bogus. */
	ck_assert_int_eq(judge_anchor(&a, ans, T2045, &z), TH_TRUST_BOGUS);
	ck_assert_uint_eq(z.nkeys, 0);
	th_answer_unref(ans);
	ans = keyset_answer(s->name, false);
	ck_assert_int_eq(judge_anchor(&a, ans, ZONEFIX_NOW, &z),
	                 TH_TRUST_BOGUS);
	th_answer_unref(ans);
}
END_TEST

/* A DNSKEY anchors as well as a DS; a key the zone lacks anchors nothing. */
START_TEST(test_trust_anchor_dnskey)
{
	struct zonefix z;
	struct th_trust_anchor a;
	struct th_trust_zone tz;
	struct th_answer *ans = keyset_answer("ldns-13", true);
	bool added = false;

	zonefix_init(&z);
	ck_assert_int_eq(zonefix_load_keys(&z, ZONEFIX_DIR "/ldns-13",
	                                   ZONEFIX_ORIGIN, NULL, 0),
	                 2);
	memset(&a, 0, sizeof(a));
	for (size_t i = 0; i < z.n; i++)
		if (z.rr[i].rdata[1] & 1) { /* SEP: the KSK */
			ck_assert_int_eq(
			    th_trust_anchor_add(&a, &z.rr[i].owner, TH_T_DNSKEY,
			                        z.rr[i].rdata, z.rr[i].rdlen),
			    0);
			added = true;
		}
	ck_assert(added);
	ck_assert_int_eq(judge_anchor(&a, ans, ZONEFIX_NOW, &tz),
	                 TH_TRUST_SECURE);
	th_trust_zone_clear(&tz);
	/* One octet of the public key changed. */
	a.rr[0].rdata[a.rr[0].len - 1] ^= 1;
	ck_assert_int_eq(judge_anchor(&a, ans, ZONEFIX_NOW, &tz),
	                 TH_TRUST_BOGUS);
	ck_assert_str_eq(tz.why,
	                 "no DNSKEY of the zone matches the trust anchor");
	/* No answer at all. */
	ck_assert_int_eq(judge_anchor(&a, NULL, ZONEFIX_NOW, &tz),
	                 TH_TRUST_INDETERMINATE);
	th_answer_unref(ans);
	zonefix_free(&z);
}
END_TEST

/* The IANA root KSKs, and what an anchor refuses. */
START_TEST(test_trust_anchor_add)
{
	static const uint8_t ds[36] = {0x4f, 0x66, 8, 2};
	struct th_trust_anchor a;
	struct th_dname root, other = canned_name("se");

	th_trust_anchor_default(&a);
	th_dname_set_root(&root);
	ck_assert(th_dname_equal(&a.owner, &root));
	ck_assert_uint_eq(a.n, 2);
	ck_assert_uint_eq(a.rr[0].len, 36);
	ck_assert_uint_eq((a.rr[0].rdata[0] << 8) | a.rr[0].rdata[1], 20326);
	ck_assert_uint_eq((a.rr[1].rdata[0] << 8) | a.rr[1].rdata[1], 38696);
	ck_assert_uint_eq(a.rr[1].rdata[4], 0x68);
	ck_assert_uint_eq(a.rr[1].rdata[35], 0x16);
	ck_assert_int_eq(th_trust_anchor_add(&a, &other, TH_T_DS, ds, 36),
	                 TH_EINVAL);
	ck_assert_int_eq(th_trust_anchor_add(&a, &root, TH_T_A, ds, 36),
	                 TH_EINVAL);
	ck_assert_int_eq(th_trust_anchor_add(&a, &root, TH_T_DS, ds, 3),
	                 TH_EINVAL);
	while (a.n < TH_TRUST_MAXANCHOR)
		ck_assert_int_eq(
		    th_trust_anchor_add(&a, &root, TH_T_DS, ds, 36), 0);
	ck_assert_int_eq(th_trust_anchor_add(&a, &root, TH_T_DS, ds, 36),
	                 TH_ETOOBIG);
}
END_TEST

/* A child's verdict from its parent's and the parent's DS answer. */
START_TEST(test_trust_child)
{
	struct th_trust_anchor a;
	struct th_trust_zone parent, z;
	struct th_dname child = canned_name("sub.dnssec.test");
	struct th_answer *ans = keyset_answer("ldns-13", true);
	struct th_answer *nodata = canned_answer(
	    "sub.dnssec.test", TH_T_DS, CANNED_AA, 0, NULL, NULL, NULL);
	struct th_answer *unsigned_ds = canned_answer(
	    "sub.dnssec.test", TH_T_DS, CANNED_AA, 0,
	    "sub.dnssec.test. 3600 IN DS 1 13 2 "
	    "3ed7219e213a6571a4a33b1304add93d550cc8d49ee08858a9a58271010b0a11",
	    NULL, NULL);
	struct th_buf scratch;
	struct th_msg m;
	bool found, valid;

	th_buf_init(&scratch, 1 << 20);
	ds_anchor("ldns-13", &a);
	ck_assert_int_eq(judge_anchor(&a, ans, ZONEFIX_NOW, &parent),
	                 TH_TRUST_SECURE);
	/* No DS answer: nothing can be said. */
	ck_assert_int_eq(th_trust_zone_child(&parent, &child, NULL, NULL,
	                                     ZONEFIX_NOW, &scratch, &z),
	                 0);
	ck_assert_int_eq(z.status, TH_TRUST_INDETERMINATE);
	/* NODATA: an insecure delegation. */
	ck_assert(th_ev_reply_msg(nodata, &m));
	ck_assert_int_eq(th_trust_zone_child(&parent, &child, &m, NULL,
	                                     ZONEFIX_NOW, &scratch, &z),
	                 0);
	ck_assert_int_eq(z.status, TH_TRUST_INSECURE);
	/* A DS RRset the parent's keys did not sign. */
	ck_assert(th_ev_reply_msg(unsigned_ds, &m));
	ck_assert_int_eq(th_trust_ds_check(&parent, &child, &m, ZONEFIX_NOW,
	                                   &scratch, &found, &valid),
	                 0);
	ck_assert(found);
	ck_assert(!valid);
	ck_assert_int_eq(th_trust_zone_child(&parent, &child, &m, NULL,
	                                     ZONEFIX_NOW, &scratch, &z),
	                 0);
	ck_assert_int_eq(z.status, TH_TRUST_BOGUS);
	/* A parent that is not secure hands its verdict down, whatever
	 * the answers say. */
	parent.status = TH_TRUST_INSECURE;
	ck_assert_int_eq(th_trust_zone_child(&parent, &child, &m, NULL,
	                                     ZONEFIX_NOW, &scratch, &z),
	                 0);
	ck_assert_int_eq(z.status, TH_TRUST_INSECURE);
	ck_assert(th_dname_equal(&z.zone, &child));
	/* The zone may lie in the verdict it is written to. */
	parent.status = TH_TRUST_BOGUS;
	ck_assert_int_eq(th_trust_zone_child(&parent, &z.zone, NULL, NULL,
	                                     ZONEFIX_NOW, &scratch, &z),
	                 0);
	ck_assert_int_eq(z.status, TH_TRUST_BOGUS);
	ck_assert(th_dname_equal(&z.zone, &child));
	parent.status = TH_TRUST_SECURE;
	th_trust_zone_clear(&parent);
	th_answer_unref(ans);
	th_answer_unref(nodata);
	th_answer_unref(unsigned_ds);
	th_buf_free(&scratch);
}
END_TEST

Suite *
suite_trust(void)
{
	Suite *s = suite_create("trust");
	TCase *tc = tcase_create("Chain");

	tcase_add_loop_test(tc, test_trust_anchor_ds, 0, (int)zonefix_nsets);
	tcase_add_test(tc, test_trust_anchor_dnskey);
	tcase_add_test(tc, test_trust_anchor_add);
	tcase_add_test(tc, test_trust_child);
	suite_add_tcase(s, tc);
	return s;
}
