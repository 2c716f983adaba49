/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_record.c -- unit tests for store/record: round trips over realistic
 * results (canned evidence, the engine's messages, all facts) with the
 * JSON of the decoded record byte-identical to the original's, record
 * sizes, versions, unknown tags, truncation and corruption.
 */
#include "engine/ednscomp.h"
#include "engine/facts.h"
#include "engine/result.h"
#include "store/record.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

/* FNV-1a 32 of "BASIC01:B01_CHILD_FOUND", computed independently. */
#define FNV_B01_CHILD_FOUND 0xd5dd2aa7u

/* Results the size test encodes (and prints the distribution of). */
#define N_SIZES 3000

/*
 * A realistic result from canned evidence: 1 to 4 name servers (in or out
 * of bailiwick, IPv4 and sometimes IPv6), SOA answers with the odd
 * timeout, REFUSED or serial drift, MX and SPF, the DNS Flag Day set on
 * some addresses, the engine's messages; the DNSSEC facts are then set
 * from the seed (the canned evidence is unsigned).
 */
static uint32_t
gen_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffffu;
}

static void
gen_result(unsigned seed, struct enginefx *fx, struct th_facts *f)
{
	uint32_t r = seed * 2654435761u + 1;
	char dom[64], name[128], ip[64], rr[256];
	unsigned nns = 1 + gen_rand(&r) % 4, hoster = gen_rand(&r) % 50;

	snprintf(dom, sizeof(dom), "domain-%u.se", seed);
	enginefx_init(fx, dom);
	for (unsigned i = 0; i < nns; i++) {
		bool inb = gen_rand(&r) % 3 == 0, v6 = gen_rand(&r) % 3 == 0;
		unsigned kind = gen_rand(&r) % 10;
		uint8_t src = gen_rand(&r) % 12 == 0 ? TH_EV_DEL
		                                     : TH_EV_DEL | TH_EV_CHILD;
		char addrs[128];

		if (inb)
			snprintf(name, sizeof(name), "ns%u.%s", i + 1, dom);
		else
			snprintf(name, sizeof(name), "ns%u.hoster-%u.net",
			         i + 1, hoster);
		snprintf(ip, sizeof(ip), "10.%u.%u.%u", seed % 200, hoster,
		         i + 1);
		if (v6)
			snprintf(addrs, sizeof(addrs), "%s,fd00:%x::%x", ip,
			         hoster, i + 1);
		else
			snprintf(addrs, sizeof(addrs), "%s", ip);
		canned_ns(&fx->ev, name, src, addrs);
		snprintf(rr, sizeof(rr),
		         "%s. 3600 IN SOA ns1.%s. hostmaster.%s. %u 14400 3600 "
		         "604800 3600",
		         dom, dom, dom, 2024010100u + (kind == 9 ? i : 0));
		if (kind == 7)
			canned_reply(&fx->ev, ip, TH_QF_PLAIN, dom, TH_T_SOA,
			             canned_outcome(TH_OUT_TIMEOUT));
		else if (kind == 8)
			canned_reply(&fx->ev, ip, TH_QF_PLAIN, dom, TH_T_SOA,
			             canned_answer(dom, TH_T_SOA, 0, 5, NULL,
			                           NULL, NULL));
		else
			canned_reply(&fx->ev, ip, TH_QF_PLAIN, dom, TH_T_SOA,
			             canned_answer(dom, TH_T_SOA, CANNED_AA, 0,
			                           rr, NULL, NULL));
		canned_reply(&fx->ev, ip, TH_QF_TCP, dom, TH_T_SOA,
		             kind == 6 ? canned_outcome(TH_OUT_TIMEOUT)
		                       : canned_answer(dom, TH_T_SOA, CANNED_AA,
		                                       0, rr, NULL, NULL));
		if (i == 0 && gen_rand(&r) % 2 == 0) {
			snprintf(rr, sizeof(rr), "%s. 60 IN MX 10 mail.%s.",
			         dom, dom);
			canned_reply(&fx->ev, ip, TH_QF_PLAIN, dom, TH_T_MX,
			             canned_answer(dom, TH_T_MX, CANNED_AA, 0,
			                           rr, NULL, NULL));
			snprintf(rr, sizeof(rr),
			         "%s. 60 IN TXT \"v=spf1 mx -all\"", dom);
			canned_reply(&fx->ev, ip, TH_QF_PLAIN, dom, TH_T_TXT,
			             canned_answer(dom, TH_T_TXT, CANNED_AA, 0,
			                           rr, NULL, NULL));
		}
		/* The flag day set on about half the addresses. */
		if (gen_rand(&r) % 2 == 0)
			for (unsigned t = 0; t < TH_EC__COUNT; t++) {
				enum th_qflavor fl;
				uint16_t qt;

				th_ednscomp_test_query((enum th_ednscomp_test)t,
				                       &fl, &qt);
				canned_reply(
				    &fx->ev, ip, fl, dom, qt,
				    (kind == 5 && t % 3 == 0)
				        ? canned_outcome(TH_OUT_TIMEOUT)
				        : canned_answer(dom, qt, CANNED_AA,
				                        t == 2 ? 1 : 0,
				                        qt == TH_T_SOA ? rr
				                                       : NULL,
				                        NULL, NULL));
			}
	}
	fx->ev.now = 1735689600u + seed;
	fx->ev.parent_status = TH_RES_REFERRAL;
	fx->ev.parent = canned_name("se");
	th_engine_run(&fx->ev, &fx->conf, &fx->rep, NULL);
	th_facts_compute(&fx->ev, NULL, f);
	if (f->dnssec.status == TH_DNSSEC_INDETERMINATE)
		return;
	switch (seed % 5) {
	case 0: /* secure, NSEC3 */
	case 1:
		f->dnssec.status = TH_DNSSEC_SECURE;
		f->dnssec.nalg = 1;
		f->dnssec.alg[0] = seed % 2 ? 13 : 8;
		f->dnssec.ndigest = 1;
		f->dnssec.digest[0] = 2;
		f->dnssec.denial = TH_DENIAL_NSEC3;
		f->dnssec.nsec3_known = true;
		f->dnssec.nsec3_iterations = (uint16_t)(seed % 3 ? 0 : 10);
		f->dnssec.nsec3_optout = seed % 7 == 0;
		f->dnssec.nsec3_salt_len = (uint8_t)(seed % 3 ? 0 : 8);
		for (unsigned i = 0; i < f->dnssec.nsec3_salt_len; i++)
			f->dnssec.nsec3_salt[i] = (uint8_t)(seed + i);
		f->dnssec.has_expiry = true;
		f->dnssec.earliest_expiry = 1737000000u + seed * 37u;
		break;
	case 2: /* bogus */
		f->dnssec.status = TH_DNSSEC_BOGUS;
		f->dnssec.bogus = (1u << TH_DNSSEC_BOGUS_SIG_EXPIRED) |
		                  (1u << TH_DNSSEC_BOGUS_NO_RRSIG);
		f->dnssec.nalg = 2;
		f->dnssec.alg[0] = 8;
		f->dnssec.alg[1] = 13;
		f->dnssec.ndigest = 2;
		f->dnssec.digest[0] = 1;
		f->dnssec.digest[1] = 2;
		f->dnssec.denial = TH_DENIAL_NSEC;
		f->dnssec.has_expiry = true;
		f->dnssec.earliest_expiry = 1700000000u;
		break;
	default:
		break;
	}
}

/* The JSON of a result at min, from its facts (NULL: none). */
static char *
json_of(const struct th_dname *d, const struct th_report *rep,
        enum th_level min, const struct th_facts *f)
{
	struct th_buf b = TH_BUF_INIT(1 << 26);
	char *s;

	ck_assert_int_eq(th_result_json_facts(d, rep, min, f, &b), 0);
	ck_assert_int_eq(th_buf_append_u8(&b, 0), 0);
	s = strdup((const char *)th_buf_data(&b));
	th_buf_free(&b);
	return s;
}

/* Encode seed's result, decode it, compare; returns the record size. */
static size_t
roundtrip(unsigned seed)
{
	struct enginefx *fx = calloc(1, sizeof(*fx));
	struct th_facts *f = malloc(sizeof(*f)), *g = malloc(sizeof(*g));
	struct th_buf rec = TH_BUF_INIT(1 << 24);
	struct th_report rep;
	struct th_dname dom;
	uint64_t vtime = 0;
	bool has = false;
	size_t size;

	ck_assert(fx != NULL && f != NULL && g != NULL);
	gen_result(seed, fx, f);
	ck_assert_int_eq(
	    th_record_encode(&fx->ev.domain, fx->ev.now, &fx->rep, f, &rec), 0);
	size = th_buf_len(&rec);
	ck_assert_int_eq(th_report_init(&rep, &fx->profile), 0);
	ck_assert_int_eq(th_record_decode(th_buf_data(&rec), size, &dom, &vtime,
	                                  &rep, g, &has),
	                 0);
	ck_assert(has);
	ck_assert(th_dname_equal(&dom, &fx->ev.domain));
	ck_assert_uint_eq(vtime, fx->ev.now);
	ck_assert_uint_eq(rep.n, fx->rep.n);
	for (size_t i = 0; i < rep.n; i++) {
		ck_assert_int_eq(rep.msgs[i].tag, fx->rep.msgs[i].tag);
		ck_assert_int_eq(rep.msgs[i].level, fx->rep.msgs[i].level);
		ck_assert_uint_eq(rep.msgs[i].nargs, fx->rep.msgs[i].nargs);
	}
	ck_assert_uint_eq(g->nservers, f->nservers);
	ck_assert_uint_eq(g->nedns, f->nedns);
	for (size_t i = 0; i < f->nedns; i++)
		ck_assert_mem_eq(g->edns[i].test, f->edns[i].test,
		                 sizeof(f->edns[i].test));
	ck_assert_mem_eq(&g->dnssec, &f->dnssec, sizeof(f->dnssec));
	for (enum th_level min = TH_LEVEL_DEBUG3; min <= TH_LEVEL_NOTICE;
	     min += TH_LEVEL_NOTICE) {
		char *a = json_of(&fx->ev.domain, &fx->rep, min, f);
		char *b = json_of(&dom, &rep, min, g);

		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
	th_report_free(&rep);
	th_buf_free(&rec);
	enginefx_free(fx);
	free(fx);
	free(f);
	free(g);
	return size;
}

/* Facts from evidence give the JSON of th_result_json. */
START_TEST(test_record_json_wrapper)
{
	for (unsigned seed = 0; seed < 50; seed++) {
		struct enginefx *fx = calloc(1, sizeof(*fx));
		struct th_facts *f = malloc(sizeof(*f));
		struct th_buf a = TH_BUF_INIT(1 << 26),
		              b = TH_BUF_INIT(1 << 26);

		ck_assert(fx != NULL && f != NULL);
		gen_result(seed, fx, f);
		th_facts_compute(&fx->ev, NULL,
		                 f); /* undo the DNSSEC stand-ins */
		ck_assert_int_eq(th_result_json(&fx->ev.domain, &fx->rep,
		                                TH_LEVEL_DEBUG3, &fx->ev, NULL,
		                                &a),
		                 0);
		ck_assert_int_eq(th_result_json_facts(&fx->ev.domain, &fx->rep,
		                                      TH_LEVEL_DEBUG3, f, &b),
		                 0);
		ck_assert_uint_eq(th_buf_len(&a), th_buf_len(&b));
		ck_assert_mem_eq(th_buf_data(&a), th_buf_data(&b),
		                 th_buf_len(&a));
		th_buf_free(&a);
		th_buf_free(&b);
		enginefx_free(fx);
		free(fx);
		free(f);
	}
}
END_TEST

START_TEST(test_record_roundtrip)
{
	roundtrip((unsigned)_i);
}
END_TEST

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Size distribution over N_SIZES results; the target is 4 KiB. */
START_TEST(test_record_sizes)
{
	size_t *sz = malloc(N_SIZES * sizeof(*sz)), total = 0;

	ck_assert_ptr_nonnull(sz);
	for (unsigned i = 0; i < N_SIZES; i++) {
		sz[i] = roundtrip(1000 + i);
		total += sz[i];
	}
	qsort(sz, N_SIZES, sizeof(*sz), cmp_size);
	fprintf(stderr,
	        "record sizes over %u results: min %zu median %zu mean %zu "
	        "p95 %zu p99 %zu max %zu octets\n",
	        N_SIZES, sz[0], sz[N_SIZES / 2], total / N_SIZES,
	        sz[N_SIZES * 95 / 100], sz[N_SIZES * 99 / 100],
	        sz[N_SIZES - 1]);
	ck_assert_uint_le(sz[N_SIZES * 95 / 100], 4096);
	free(sz);
}
END_TEST

/* A name that could not be tested: messages, no facts. */
START_TEST(test_record_no_facts)
{
	struct th_profile prof;
	struct th_report rep, out;
	struct th_dname root, d;
	struct th_facts *f = malloc(sizeof(*f));
	struct th_buf rec = TH_BUF_INIT(1 << 20);
	bool has = true;
	char *a, *b;

	ck_assert_ptr_nonnull(f);
	th_profile_default(&prof);
	ck_assert_int_eq(th_report_init(&rep, &prof), 0);
	ck_assert_int_eq(th_report_init(&out, &prof), 0);
	th_report_emit(&rep, TH_TAG_BASIC01_B01_CHILD_FOUND, "domain",
	               "bad\x01name \"quoted\"", NULL);
	th_dname_set_root(&root);
	ck_assert_int_eq(th_record_encode(&root, 0, &rep, NULL, &rec), 0);
	ck_assert_int_eq(th_record_decode(th_buf_data(&rec), th_buf_len(&rec),
	                                  &d, NULL, &out, f, &has),
	                 0);
	ck_assert(!has);
	a = json_of(&root, &rep, TH_LEVEL_DEBUG3, NULL);
	b = json_of(&d, &out, TH_LEVEL_DEBUG3, NULL);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	th_report_free(&rep);
	th_report_free(&out);
	th_buf_free(&rec);
	free(f);
}
END_TEST

/* Encode seed 7 into rec. */
static void
sample(struct th_buf *rec, struct th_profile *prof)
{
	struct enginefx *fx = calloc(1, sizeof(*fx));
	struct th_facts *f = malloc(sizeof(*f));

	ck_assert(fx != NULL && f != NULL);
	gen_result(7, fx, f);
	*prof = fx->profile;
	ck_assert_int_eq(
	    th_record_encode(&fx->ev.domain, fx->ev.now, &fx->rep, f, rec), 0);
	enginefx_free(fx);
	free(fx);
	free(f);
}

static int
decode(const void *p, size_t n, const struct th_profile *prof)
{
	struct th_report rep;
	struct th_facts *f = malloc(sizeof(*f));
	bool has;
	int rc;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(th_report_init(&rep, prof), 0);
	rc = th_record_decode(p, n, NULL, NULL, &rep, f, &has);
	th_report_free(&rep);
	free(f);
	return rc;
}

/* A newer version is refused and says which; version 0 is corrupt. */
START_TEST(test_record_version)
{
	struct th_buf rec = TH_BUF_INIT(1 << 24);
	struct th_profile prof;
	uint8_t *p;
	unsigned v;

	sample(&rec, &prof);
	p = (uint8_t *)(uintptr_t)th_buf_data(&rec);
	ck_assert_int_eq(th_record_version(p, th_buf_len(&rec), &v), 0);
	ck_assert_uint_eq(v, TH_RECORD_VERSION);
	p[1] = TH_RECORD_VERSION + 1;
	ck_assert_int_eq(decode(p, th_buf_len(&rec), &prof), -EPROTONOSUPPORT);
	ck_assert_int_eq(th_record_version(p, th_buf_len(&rec), &v), 0);
	ck_assert_uint_eq(v, TH_RECORD_VERSION + 1);
	p[1] = 0;
	ck_assert_int_eq(decode(p, th_buf_len(&rec), &prof), TH_ECODEC);
	ck_assert_int_eq(th_record_version("x", 1, &v), TH_ECODEC);
	th_buf_free(&rec);
}
END_TEST

/*
 * Version 2's content facts round trip; a version 1 record (the same
 * bytes without F_CONTENT: the facts array one shorter, its last element
 * gone, version 1) decodes with them unknown.
 */
START_TEST(test_record_v1_content)
{
	struct th_buf rec = TH_BUF_INIT(1 << 20);
	struct th_profile prof;
	struct th_report rep;
	struct th_facts *f = calloc(1, sizeof(*f)), *g = malloc(sizeof(*g));
	struct th_dname d;
	uint8_t *p, *hdr = NULL;
	size_t len, nhdr = 0;
	unsigned v;
	bool has;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(th_dname_parse(&d, "example.se", 10, NULL, NULL), 0);
	th_profile_default(&prof);
	ck_assert_int_eq(th_report_init(&rep, &prof), 0);
	f->content = (struct th_fact_content){
	    true, true, TH_DMARC_REJECT, true, true, 86400, 7200, 1209600, 300};
	ck_assert_int_eq(th_record_encode(&d, 0, &rep, f, &rec), 0);
	ck_assert_int_eq(th_record_decode(th_buf_data(&rec), th_buf_len(&rec),
	                                  NULL, NULL, &rep, g, &has),
	                 0);
	ck_assert(has);
	ck_assert_int_eq(memcmp(&g->content, &f->content, sizeof(f->content)),
	                 0);

	/* Without content: F_CONTENT is nil, the record's last octet. */
	f->content.known = false;
	th_buf_reset(&rec);
	ck_assert_int_eq(th_record_encode(&d, 0, &rep, f, &rec), 0);
	p = (uint8_t *)(uintptr_t)th_buf_data(&rec);
	len = th_buf_len(&rec);
	ck_assert_uint_eq(p[len - 1], 0xc0);
	/* The facts array (fixarray of 13, 0x9d) is the only such octet of
	 * this small record. */
	for (size_t i = 0; i < len; i++)
		if (p[i] == 0x9d) {
			hdr = &p[i];
			nhdr++;
		}
	ck_assert_uint_eq(nhdr, 1);
	*hdr = 0x9c;
	ck_assert_uint_eq(p[1], 2);
	p[1] = 1;
	len--;
	ck_assert_int_eq(th_record_version(p, len, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(th_record_decode(p, len, NULL, NULL, &rep, g, &has),
	                 0);
	ck_assert(has);
	ck_assert(!g->content.known);
	ck_assert(!g->content.soa_known);
	th_report_free(&rep);
	th_buf_free(&rec);
	free(f);
	free(g);
}
END_TEST

/*
 * A tag this build's catalogue does not have: the first entry of the tag
 * table (a uint32 hash, 0xce and four octets after the domain and time)
 * replaced.
 */
START_TEST(test_record_unknown_tag)
{
	struct th_buf rec = TH_BUF_INIT(1 << 24);
	struct th_profile prof;
	uint8_t *p, *hit, want[5];
	uint32_t h = th_record_tag_hash(TH_TAG_BASIC01_B01_PARENT_FOUND);

	sample(&rec, &prof);
	p = (uint8_t *)(uintptr_t)th_buf_data(&rec);
	want[0] = 0xce;
	for (unsigned i = 0; i < 4; i++)
		want[1 + i] = (uint8_t)(h >> (24 - 8 * i));
	hit = memmem(p, th_buf_len(&rec), want, sizeof(want));
	ck_assert_ptr_nonnull(hit);
	hit[4] ^= 0x5a;
	ck_assert_int_eq(decode(p, th_buf_len(&rec), &prof), TH_ENOTFOUND);
	th_buf_free(&rec);
}
END_TEST

/* Tags are told apart by their name hashes. */
START_TEST(test_record_tag_hashes)
{
	uint32_t *h = malloc(TH_TAG__COUNT * sizeof(*h));

	ck_assert_ptr_nonnull(h);
	for (size_t i = 0; i < TH_TAG__COUNT; i++) {
		h[i] = th_record_tag_hash((enum th_tag)i);
		for (size_t k = 0; k < i; k++)
			ck_assert_msg(h[k] != h[i], "%s and %s share a hash",
			              th_tag_name((enum th_tag)k),
			              th_tag_name((enum th_tag)i));
	}
	/* FNV-1a of "BASIC01:B01_CHILD_FOUND": fixed by docs/store.md. */
	ck_assert_uint_eq(th_record_tag_hash(TH_TAG_BASIC01_B01_CHILD_FOUND),
	                  FNV_B01_CHILD_FOUND);
	free(h);
}
END_TEST

/* Every truncation fails; flipped octets never crash. */
START_TEST(test_record_corrupt)
{
	struct th_buf rec = TH_BUF_INIT(1 << 24);
	struct th_profile prof;
	const uint8_t *p;
	uint8_t *copy;
	size_t n;
	uint32_t r = 1;

	sample(&rec, &prof);
	p = th_buf_data(&rec);
	n = th_buf_len(&rec);
	for (size_t len = 0; len < n; len++)
		ck_assert_int_ne(decode(p, len, &prof), 0);
	ck_assert_int_eq(decode(p, n, &prof), 0);
	copy = malloc(n + 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, p, n);
	copy[n] = 0;
	ck_assert_int_eq(decode(copy, n + 1, &prof), TH_ECODEC);
	for (unsigned k = 0; k < 3000; k++) {
		memcpy(copy, p, n);
		for (unsigned j = 0; j < 1 + k % 4; j++)
			copy[gen_rand(&r) % n] = (uint8_t)gen_rand(&r);
		(void)decode(copy, n, &prof);
	}
	/* A huge array count in a short buffer: refused, no allocation. */
	{
		static const uint8_t huge[] = {0x97, 0x01, 0xc4, 0x01,
		                               0x00, 0x00, 0xdd, 0xff,
		                               0xff, 0xff, 0xff};

		ck_assert_int_eq(decode(huge, sizeof(huge), &prof), TH_ECODEC);
	}
	free(copy);
	th_buf_free(&rec);
}
END_TEST

START_TEST(test_record_run_and_server)
{
	struct th_run_meta m, back;
	struct th_fact_edns e, eb;
	struct th_buf b = TH_BUF_INIT(1 << 16);

	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "2026-11-28");
	m.created = 1764300000;
	m.state = TH_RUN_RUNNING;
	m.total = 1400000;
	m.results = 12;
	m.servers = 5;
	m.batches = 3;
	snprintf(m.input, sizeof(m.input), "zone se.zone");
	ck_assert_int_eq(th_record_run_encode(&m, &b), 0);
	memset(&back, 0, sizeof(back));
	snprintf(back.id, sizeof(back.id), "2026-11-28");
	ck_assert_int_eq(
	    th_record_run_decode(th_buf_data(&b), th_buf_len(&b), &back), 0);
	ck_assert_mem_eq(&m, &back, sizeof(m));
	ck_assert_str_eq(th_run_state_name(TH_RUN_DONE), "done");
	ck_assert_int_ne(
	    th_record_run_decode(th_buf_data(&b), th_buf_len(&b) - 1, &back),
	    0);
	th_buf_reset(&b);
	memset(&e, 0, sizeof(e));
	e.addr = canned_addr("2001:db8::53");
	e.verdict = TH_ECV_FAILING;
	e.test[TH_EC_DNS].state = TH_ECS_ANSWER;
	e.test[TH_EC_DNS].codes = TH_ECC_BIT(TH_ECC_OK);
	e.test[TH_EC_EDNS1].state = TH_ECS_ANSWER;
	e.test[TH_EC_EDNS1].rcode = 23;
	e.test[TH_EC_EDNS1].codes = TH_ECC_BIT(TH_ECC_RCODE);
	e.test[TH_EC_EDNSTCP].state = TH_ECS_NO_ANSWER;
	e.test[TH_EC_EDNSTCP].codes = TH_ECC_BIT(TH_ECC_TIMEOUT);
	ck_assert_int_eq(th_record_server_encode(&e, &b), 0);
	ck_assert_int_eq(
	    th_record_server_decode(th_buf_data(&b), th_buf_len(&b), &eb), 0);
	ck_assert_mem_eq(&e, &eb, sizeof(e));
	th_buf_free(&b);
}
END_TEST

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* CSV: quoted cells, formula prefixes behind a quote, quotes doubled. */
START_TEST(test_record_csv)
{
	struct th_profile prof;
	struct th_report rep;
	struct th_dname d = canned_name("=cmd.se");
	struct th_buf b = TH_BUF_INIT(1 << 20);
	const char *row;

	th_profile_default(&prof);
	ck_assert_int_eq(th_report_init(&rep, &prof), 0);
	ck_assert_int_eq(th_result_csv_header(&b), 0);
	ck_assert(starts(th_buf_str(&b), "\"domain\",\"dnssec.status\","));
	th_buf_reset(&b);
	ck_assert_int_eq(th_result_csv_row(&d, &rep, NULL, &b), 0);
	row = th_buf_str(&b);
	ck_assert_msg(starts(row, "\"'=cmd.se\",\"\","), "%s", row);
	th_buf_reset(&b);
	d = canned_name("-a\\\"b.se");
	ck_assert_int_eq(th_result_csv_row(&d, &rep, NULL, &b), 0);
	row = th_buf_str(&b);
	ck_assert_msg(starts(row, "\"'-a\\\"\"b.se\","), "%s", row);
	th_buf_reset(&b);
	/* "@" comes out of the name escaped ("\@"); "+" does not. */
	d = canned_name("+1.se");
	ck_assert_int_eq(th_result_csv_row(&d, &rep, NULL, &b), 0);
	ck_assert_msg(starts(th_buf_str(&b), "\"'+1.se\""), "%s",
	              th_buf_str(&b));
	th_buf_reset(&b);
	d = canned_name("plain.se");
	ck_assert_int_eq(th_result_csv_row(&d, &rep, NULL, &b), 0);
	ck_assert(starts(th_buf_str(&b), "\"plain.se\","));
	th_buf_free(&b);
	th_report_free(&rep);
}
END_TEST

Suite *
suite_record(void)
{
	Suite *s = suite_create("record");
	TCase *rt = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_set_timeout(rt, 300);
	tcase_add_test(rt, test_record_json_wrapper);
	tcase_add_loop_test(rt, test_record_roundtrip, 0, 200);
	tcase_add_test(rt, test_record_sizes);
	tcase_add_test(rt, test_record_no_facts);
	tcase_add_test(rt, test_record_run_and_server);
	tcase_add_test(rt, test_record_tag_hashes);
	tcase_add_test(rt, test_record_csv);
	tcase_set_timeout(neg, 120);
	tcase_add_test(neg, test_record_version);
	tcase_add_test(neg, test_record_v1_content);
	tcase_add_test(neg, test_record_unknown_tag);
	tcase_add_test(neg, test_record_corrupt);
	suite_add_tcase(s, rt);
	suite_add_tcase(s, neg);
	return s;
}
