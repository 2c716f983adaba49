/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_dnssec.c -- unit tests for engine/dnssec: DNSSEC01-11 and 13-18
 * over canned evidence, one table per test case, each row the exact
 * set of tags the test case must emit (levels DEBUG and up); then the
 * module's run order and gate, and its catalogue.
 *
 * The zone is dnssec.test, the zone of the signed fixtures in
 * tests/data/dnssec, with two name servers in both NS sets,
 * ns1.dnssec.test (192.0.2.1) and ns2.dnssec.test (192.0.2.2), and two
 * parent servers (192.0.2.53, .54). Answers name fixture records with
 * tokens, so signatures are the real tools' ones:
 *   %K the DNSKEY RRset   %B the KSK (flags 257)   %Z the ZSK (256)
 *   %k RRSIG(DNSKEY)      %S SOA   %s RRSIG(SOA)   %D the DS records
 *   %x RRSIG(DNSKEY) and %y RRSIG(SOA) with a bit of the signature flipped
 *   %N NS   %n RRSIG(NS)   %C the KSK's DS records as CDS
 *   %c the KSK as CDNSKEY  %z the ZSK as CDNSKEY
 *   %d the KSK's DS records   %e the ZSK's   %O the KSK with flags 1
 *   %E the apex NSEC, %f its RRSIG, %g flipped (NSEC sets)
 *   %3 the apex NSEC3 of ldns-8, %4 its RRSIG, %5 flipped
 *   %P NSEC3PARAM   %p RRSIG(NSEC3PARAM)
 * The validation time is ZONEFIX_NOW (2025) unless a row sets another.
 */
#include "engine/dnssec.h"
#include "engine/dnssec_facts.h"
#include "engine/dnssec_sig.h"
#include "tests/suites.h"
#include "tests/support/canned.h"
#include "tests/support/enginefx.h"
#include "tests/support/tagcheck.h"
#include "tests/support/zonefix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define DOM "dnssec.test"
#define NS1 "192.0.2.1"
#define NS2 "192.0.2.2"
#define P1 "192.0.2.53"
#define P2 "192.0.2.54"
#define AAE (CANNED_AA | CANNED_EDNS | CANNED_DO)
#define ANS TH_OUT_ANSWER
#define T2045 2366841600u /* 2045-01-01: every fixture RRSIG expired */
#define T2023 1672531200u /* 2023-01-01: none valid yet */

#define SOA_RR                                                                 \
	"dnssec.test. 3600 IN SOA NS1.dnssec.test. HostMaster.Dnssec.Test. "   \
	"2024010101 7200 3600 1209600 300"
#define SHA256                                                                 \
	"41e7b77d697e685da6fcd25ed300fedb55d70804bd454b25db88e42703e39ce7"
#define SHA1 "ff4d0eda068cc3b4bad91e71b0ca5a08e8b21a58"
#define DS2 "dnssec.test. 3600 IN DS 805 8 2 " SHA256
/* A GOST (12) key this build cannot verify with, tag 1037, and an RRSIG
 * "made" by it. */
#define GOSTKEY "dnssec.test. 3600 IN DNSKEY 257 3 12 AAAA"
#define GOSTSIG(t)                                                             \
	"dnssec.test. 3600 IN RRSIG " t " 12 2 3600 20440101000000 "           \
	"20240101000000 1037 dnssec.test. AAAA"

/* Common replies. */
#define SOA(ip)                                                                \
	{                                                                      \
		ip, TH_QF_PLAIN, TH_T_SOA, NULL, CANNED_AA, 0, SOA_RR, NULL,   \
		    ANS                                                        \
	}
#define KEY(ip, ans)                                                           \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_DNSKEY, NULL, AAE, 0, ans, NULL, ANS    \
	}
#define DSSOA(ip, ans)                                                         \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_SOA, NULL, AAE, 0, ans, NULL, ANS       \
	}
#define DS(ip, ans)                                                            \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_DS, NULL, AAE, 0, ans, NULL, ANS        \
	}
#define OUT(ip, qt)                                                            \
	{                                                                      \
		ip, TH_QF_DNSSEC, qt, NULL, 0, 0, NULL, NULL, TH_OUT_TIMEOUT   \
	}

/* ldns-8's NSEC3 owner for the apex (salt aabbccdd, 12 iterations). */
#define APEX3 "gc3ft0133tn0vo0to840s7todgqtlj1t.dnssec.test."

struct dcase {
	const char *name;
	const char *domain; /* NULL: dnssec.test */
	const char *set;    /* fixture set, NULL: ldns-8 */
	uint64_t now;       /* 0: ZONEFIX_NOW */
	bool undel, no6;
	const char *undel_ds; /* "tag alg digtype" of one --ds, or NULL */
	struct enginefx_reply rep[12];
	const char *tags[8];
	struct tagcheck_arg arg[3];
};

/* ---- fixture records ---------------------------------------------------- */

/* Append n octets of s to the string out (cap octets in all). */
static void
app(char *out, size_t cap, const char *s, size_t n)
{
	size_t len = strlen(out);

	ck_assert_uint_lt(len + n, cap);
	memcpy(out + len, s, n);
	out[len + n] = '\0';
}

/* Append s, after a ';' unless out is empty. */
static void
app_item(char *out, size_t cap, const char *s)
{
	if (out[0] != '\0')
		app(out, cap, ";", 1);
	app(out, cap, s, strlen(s));
}

/* Append to out the apex records of type (RRSIG: covering cov) of the
 * fixture, ';'-separated; flip corrupts the signature. flags filters
 * DNSKEY flags (0: any). */
static void
fixture_at(const char *owner, const char *set, const char *file,
           const char *type, const char *cov, const char *flags, bool flip,
           const char *rename, char *out, size_t cap)
{
	char path[256], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", ZONEFIX_DIR, set, file);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		char copy[4096], *fld[8], *save = NULL;
		size_t nf = 0, len;

		memcpy(copy, line, sizeof(copy));
		for (char *t = strtok_r(copy, " \t\n", &save);
		     t != NULL && nf < 8; t = strtok_r(NULL, " \t\n", &save))
			fld[nf++] = t;
		if (nf < 6 || strcasecmp(fld[0], owner) != 0 ||
		    strcmp(fld[3], type) != 0)
			continue;
		if (cov != NULL && strcmp(fld[4], cov) != 0)
			continue;
		if (flags != NULL && strcmp(fld[4], flags) != 0)
			continue;
		len = strcspn(line, ";\n"); /* drop ldns's comments */
		line[len] = '\0';
		while (len > 0 &&
		       (line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		if (flip) {
			/* a character in the middle of the base64 signature */
			char *c = &line[len - 20];

			*c = *c == 'A' ? 'B' : 'A';
		}
		if (rename != NULL) {
			/* the same record as another type (CDS, CDNSKEY) */
			char re[4096];

			snprintf(re, sizeof(re), "%s %s %s %s %s", fld[0],
			         fld[1], fld[2], rename,
			         line + (fld[3] - copy) + strlen(fld[3]));
			memcpy(line, re, sizeof(re));
			len = strlen(line);
		}
		app_item(out, cap, line);
	}
	fclose(f);
}

static void
fixture(const char *set, const char *file, const char *type, const char *cov,
        const char *flags, bool flip, const char *rename, char *out, size_t cap)
{
	fixture_at("dnssec.test.", set, file, type, cov, flags, flip, rename,
	           out, cap);
}

/* The answer text with the tokens expanded (malloc'd; NULL stays). */
static char *
expand(const char *set, const char *text)
{
	size_t cap = 1 << 16;
	char *out, *copy, *save = NULL;

	if (text == NULL)
		return NULL;
	out = calloc(1, cap);
	copy = strdup(text);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(copy);
	for (char *t = strtok_r(copy, ";", &save); t != NULL;
	     t = strtok_r(NULL, ";", &save)) {
		if (t[0] != '%' || t[1] == '\0' || t[2] != '\0') {
			app_item(out, cap, t);
			continue;
		}
		switch (t[1]) {
		case 'K':
			fixture(set, "signed.zone", "DNSKEY", NULL, NULL, false,
			        NULL, out, cap);
			break;
		case 'B':
			fixture(set, "signed.zone", "DNSKEY", NULL, "257",
			        false, NULL, out, cap);
			break;
		case 'Z':
			fixture(set, "signed.zone", "DNSKEY", NULL, "256",
			        false, NULL, out, cap);
			break;
		case 'k':
		case 'x':
			fixture(set, "signed.zone", "RRSIG", "DNSKEY", NULL,
			        t[1] == 'x', NULL, out, cap);
			break;
		case 'S':
			fixture(set, "signed.zone", "SOA", NULL, NULL, false,
			        NULL, out, cap);
			break;
		case 's':
		case 'y':
			fixture(set, "signed.zone", "RRSIG", "SOA", NULL,
			        t[1] == 'y', NULL, out, cap);
			break;
		case 'N':
			fixture(set, "signed.zone", "NS", NULL, NULL, false,
			        NULL, out, cap);
			break;
		case 'n':
			fixture(set, "signed.zone", "RRSIG", "NS", NULL, false,
			        NULL, out, cap);
			break;
		case 'C':
			fixture(set, "ds", "DS", NULL, "805", false, "CDS", out,
			        cap);
			break;
		case 'c':
			fixture(set, "signed.zone", "DNSKEY", NULL, "257",
			        false, "CDNSKEY", out, cap);
			break;
		case 'z':
			fixture(set, "signed.zone", "DNSKEY", NULL, "256",
			        false, "CDNSKEY", out, cap);
			break;
		case 'd':
		case 'e':
			fixture(set, "ds", "DS", NULL,
			        t[1] == 'd' ? "805" : "56928", false, NULL, out,
			        cap);
			break;
		case 'O': {
			/* the KSK with flags 1: no zone bit, tag 549 */
			char *k = calloc(1, cap), *at;

			ck_assert_ptr_nonnull(k);
			fixture(set, "signed.zone", "DNSKEY", NULL, "257",
			        false, NULL, k, cap);
			at = strstr(k, "257 3 8");
			ck_assert_ptr_nonnull(at);
			if (out[0] != '\0')
				app(out, cap, ";", 1);
			app(out, cap, k, (size_t)(at - k));
			app(out, cap, "1 3 8", 5);
			app(out, cap, at + 7, strlen(at + 7));
			free(k);
			break;
		}
		case '3':
		case '4':
		case '5':
			/* ldns-8's NSEC3 of the apex and its RRSIG */
			fixture_at(APEX3, set, "signed.zone",
			           t[1] == '3' ? "NSEC3" : "RRSIG",
			           t[1] == '3' ? NULL : "NSEC3", NULL,
			           t[1] == '5', NULL, out, cap);
			break;
		case 'E':
			fixture(set, "signed.zone", "NSEC", NULL, NULL, false,
			        NULL, out, cap);
			break;
		case 'f':
		case 'g':
			fixture(set, "signed.zone", "RRSIG", "NSEC", NULL,
			        t[1] == 'g', NULL, out, cap);
			break;
		case 'P':
			fixture(set, "signed.zone", "NSEC3PARAM", NULL, NULL,
			        false, NULL, out, cap);
			break;
		case 'p':
			fixture(set, "signed.zone", "RRSIG", "NSEC3PARAM", NULL,
			        false, NULL, out, cap);
			break;
		case 'D':
			fixture(set, "ds", "DS", NULL, NULL, false, NULL, out,
			        cap);
			break;
		default:
			ck_abort_msg("unknown token %s", t);
		}
	}
	free(copy);
	return out;
}

/* ---- running a row ------------------------------------------------------ */

static void
setup(struct enginefx *fx, const struct dcase *c)
{
	const char *set = c->set != NULL ? c->set : "ldns-8";
	struct th_dname pn = canned_name("ns.test");
	struct th_ev_ns *p;

	enginefx_init(fx, c->domain != NULL ? c->domain : DOM);
	fx->ev.now = c->now != 0 ? c->now : ZONEFIX_NOW;
	fx->ev.ipv4 = true;
	fx->ev.ipv6 = !c->no6;
	canned_ns(&fx->ev, "ns1.dnssec.test", TH_EV_DEL | TH_EV_CHILD, NS1);
	canned_ns(&fx->ev, "ns2.dnssec.test", TH_EV_DEL | TH_EV_CHILD,
	          c->no6 ? NS2 ",2001:db8::2" : NS2);
	fx->ev.undelegated = c->undel;
	if (c->undel_ds != NULL) {
		unsigned tag, alg, dt;
		char hex[2 * TH_EV_DIGESTMAX + 1] = "";

		ck_assert_int_ge(
		    sscanf(c->undel_ds, "%u %u %u %128s", &tag, &alg, &dt, hex),
		    3);
		fx->ev.ds[0].keytag = (uint16_t)tag;
		fx->ev.ds[0].algorithm = (uint8_t)alg;
		fx->ev.ds[0].digest_type = (uint8_t)dt;
		fx->ev.ds[0].dlen = 32;
		for (size_t i = 0; hex[0] != '\0' && i < 32; i++) {
			unsigned v;

			ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
			fx->ev.ds[0].digest[i] = (uint8_t)v;
		}
		fx->ev.nds = 1;
	}
	if (!c->undel) {
		struct th_addr a1 = canned_addr(P1), a2 = canned_addr(P2);

		p = th_ev_ns_add(&fx->ev.parent_ns, &pn, TH_EV_DEL);
		ck_assert_ptr_nonnull(p);
		th_ev_ns_add_addr(p, &a1);
		th_ev_ns_add_addr(p, &a2);
	}
	for (size_t i = 0; i < 12 && c->rep[i].ip != NULL; i++) {
		struct enginefx_reply r = c->rep[i];
		char *ans = expand(set, r.answer);
		char *auth = expand(set, r.authority);

		r.answer = ans;
		r.authority = auth;
		enginefx_add_replies(fx, &r, 1);
		free(ans);
		free(auth);
	}
}

static void
run_row(const struct dcase *c, enum th_testcase tc,
        void (*fn)(const struct th_engine_ctx *))
{
	struct enginefx fx;

	setup(&fx, c);
	fn(&fx.ctx);
	tagcheck_assert_emitted(&fx.rep, tc, c->name, c->tags, 8);
	tagcheck_assert_any_args(&fx.rep, tc, c->name, c->arg, 3);
	enginefx_free(&fx);
}

/* Both child servers signed, authoritative. */
#define SIGNED SOA(NS1), SOA(NS2), KEY(NS1, "%K;%k"), KEY(NS2, "%K;%k")

/* ---- DNSSEC01 ----------------------------------------------------------- */

#define DSX(t, d) "dnssec.test. 3600 IN DS 805 8 " t " " d

static const struct dcase d01[] = {
    {"ok", .rep = {DS(P1, DS2), DS(P2, DS2)}, .tags = {"DS01_DS_ALGO_OK"},
     .arg = {{"DS01_DS_ALGO_OK", "ns_ip_list", P1 ";" P2},
             {"DS01_DS_ALGO_OK", "keytag", "805"}}},
    {"deprecated", .rep = {DS(P1, DSX("1", SHA1))},
     .tags = {"DS01_DS_ALGO_DEPRECATED", "DS01_DS_ALGO_2_MISSING"},
     .arg = {{"DS01_DS_ALGO_DEPRECATED", "ds_algo_mnemo", "SHA-1"}}},
    {"not_ds", .rep = {DS(P1, DSX("0", SHA1))},
     .tags = {"DS01_DS_ALGO_NOT_DS", "DS01_DS_ALGO_2_MISSING"}},
    {"unassigned", .rep = {DS(P1, DSX("7", SHA1))},
     .tags = {"DS01_DS_ALGO_UNASSIGNED", "DS01_DS_ALGO_2_MISSING"}},
    {"reserved", .rep = {DS(P1, DSX("128", SHA1))},
     .tags = {"DS01_DS_ALGO_RESERVED", "DS01_DS_ALGO_2_MISSING"}},
    {"private", .rep = {DS(P1, DSX("253", SHA1))},
     .tags = {"DS01_DS_ALGO_PRIVATE", "DS01_DS_ALGO_2_MISSING"}},
    {"no_response", .rep = {DS(P1, DS2), OUT(P2, TH_T_DS)},
     .tags = {"DS01_DS_ALGO_OK", "DS01_NO_RESPONSE"},
     .arg = {{"DS01_NO_RESPONSE", "ns_ip_list", P2}}},
    {"no_do_bit",
     .rep = {DS(P1, DS2),
             {P2, TH_QF_DNSSEC, TH_T_DS, NULL, CANNED_AA, 0, DS2, NULL, ANS}},
     .tags = {"DS01_DS_ALGO_OK", "DS01_NO_RESPONSE"}},
    {"parent_server_no_ds", .rep = {DS(P1, DS2), DS(P2, NULL)},
     .tags = {"DS01_DS_ALGO_OK", "DS01_PARENT_SERVER_NO_DS"},
     .arg = {{"DS01_PARENT_SERVER_NO_DS", "ns_ip_list", P2}}},
    {"parent_zone_no_ds", .rep = {DS(P1, NULL), DS(P2, NULL)},
     .tags = {"DS01_PARENT_ZONE_NO_DS"}},
    {"undelegated_no_ds", .undel = true, .tags = {"DS01_UNDEL_N_NO_UNDEL_DS"}},
    {"undelegated_ds", .undel = true, .undel_ds = "805 8 2",
     .tags = {"DS01_DS_ALGO_OK"},
     .arg = {{"DS01_DS_ALGO_OK", "ns_ip_list", "-"}}},
};

START_TEST(test_dnssec01)
{
	run_row(&d01[_i], TH_TC_DNSSEC01, th_dnssec01);
}
END_TEST

/* ---- DNSSEC05 ----------------------------------------------------------- */

#define K(alg) "dnssec.test. 3600 IN DNSKEY 257 3 " alg " AwEAAQ=="

static const struct dcase d05[] = {
    {"ok", .rep = {KEY(NS1, "%K;%k"), KEY(NS2, "%K;%k")},
     .tags = {"DS05_ALGO_OK"},
     .arg = {{"DS05_ALGO_OK", "ns_ip_list", NS1 ";" NS2},
             {"DS05_ALGO_OK", "algo_mnemo", "RSASHA256"}}},
    {"deprecated", .rep = {KEY(NS1, K("5"))}, .tags = {"DS05_ALGO_DEPRECATED"}},
    {"not_zone_sign", .rep = {KEY(NS1, K("252"))},
     .tags = {"DS05_ALGO_NOT_ZONE_SIGN"}},
    {"not_recommended", .rep = {KEY(NS1, K("10"))},
     .tags = {"DS05_ALGO_NOT_RECOMMENDED"}},
    {"reserved", .rep = {KEY(NS1, K("4"))}, .tags = {"DS05_ALGO_RESERVED"}},
    {"unassigned", .rep = {KEY(NS1, K("100"))},
     .tags = {"DS05_ALGO_UNASSIGNED"}},
    {"private", .rep = {KEY(NS1, K("253"))}, .tags = {"DS05_ALGO_PRIVATE"}},
    {"no_response", .rep = {KEY(NS1, "%K"), OUT(NS2, TH_T_DNSKEY)},
     .tags = {"DS05_ALGO_OK", "DS05_NO_RESPONSE"},
     .arg = {{"DS05_NO_RESPONSE", "ns_ip_list", NS2}}},
    {"server_no_dnssec", .rep = {KEY(NS1, "%K"), KEY(NS2, NULL)},
     .tags = {"DS05_ALGO_OK", "DS05_SERVER_NO_DNSSEC"},
     .arg = {{"DS05_SERVER_NO_DNSSEC", "ns_ip_list", NS2}}},
    {"zone_no_dnssec", .rep = {KEY(NS1, NULL), KEY(NS2, NULL)},
     .tags = {"DS05_ZONE_NO_DNSSEC"}},
};

START_TEST(test_dnssec05)
{
	run_row(&d05[_i], TH_TC_DNSSEC05, th_dnssec05);
}
END_TEST

/* ---- DNSSEC06 ----------------------------------------------------------- */

static const struct dcase d06[] = {
    {"ok", .rep = {KEY(NS1, "%K;%k")}, .tags = {"EXTRA_PROCESSING_OK"},
     .arg = {{"EXTRA_PROCESSING_OK", "keys", "2"},
             {"EXTRA_PROCESSING_OK", "sigs", "1"}}},
    {"broken", .rep = {KEY(NS1, "%K;%k"), KEY(NS2, "%K")},
     .tags = {"EXTRA_PROCESSING_OK", "EXTRA_PROCESSING_BROKEN"},
     .arg = {{"EXTRA_PROCESSING_BROKEN", "server", NS2},
             {"EXTRA_PROCESSING_BROKEN", "sigs", "0"}}},
};

START_TEST(test_dnssec06)
{
	run_row(&d06[_i], TH_TC_DNSSEC06, th_dnssec06);
}
END_TEST

/* ---- DNSSEC07 ----------------------------------------------------------- */

static const struct dcase d07[] = {
    {"signed_with_ds", .rep = {SIGNED, DS(P1, "%D"), DS(P2, "%D")},
     .tags = {"DS07_SIGNED", "DS07_DS_FOR_SIGNED_ZONE"},
     .arg = {{"DS07_SIGNED", "domain", DOM}}},
    {"not_signed",
     .rep = {SOA(NS1), SOA(NS2), KEY(NS1, NULL), KEY(NS2, NULL), DS(P1, NULL)},
     .tags = {"DS07_NOT_SIGNED"}},
    {"keys_without_rrsig",
     .rep = {SOA(NS1), SOA(NS2), KEY(NS1, "%K"), KEY(NS2, "%K")},
     .tags = {"DS07_NOT_SIGNED"}},
    {"inconsistent_signed",
     .rep = {SOA(NS1), SOA(NS2), KEY(NS1, "%K;%k"), KEY(NS2, NULL),
             DS(P1, "%D")},
     .tags = {"DS07_INCONSISTENT_SIGNED", "DS07_SIGNED_ON_SERVER",
              "DS07_NOT_SIGNED_ON_SERVER", "DS07_DS_FOR_SIGNED_ZONE"},
     .arg = {{"DS07_SIGNED_ON_SERVER", "ns_ip_list", NS1},
             {"DS07_NOT_SIGNED_ON_SERVER", "ns_ip_list", NS2}}},
    {"no_ds", .rep = {SIGNED, DS(P1, NULL), DS(P2, NULL)},
     .tags = {"DS07_SIGNED", "DS07_NO_DS_FOR_SIGNED_ZONE"}},
    {"inconsistent_ds", .rep = {SIGNED, DS(P1, "%D"), DS(P2, NULL)},
     .tags = {"DS07_SIGNED", "DS07_INCONSISTENT_DS", "DS07_DS_ON_PARENT_SERVER",
              "DS07_NO_DS_ON_PARENT_SERVER"},
     .arg = {{"DS07_DS_ON_PARENT_SERVER", "ns_ip_list", P1},
             {"DS07_NO_DS_ON_PARENT_SERVER", "ns_ip_list", P2}}},
    {"no_response_dnskey",
     .rep = {SOA(NS1), SOA(NS2), KEY(NS1, "%K;%k"), OUT(NS2, TH_T_DNSKEY),
             DS(P1, "%D")},
     .tags = {"DS07_NO_RESPONSE_DNSKEY", "DS07_SIGNED",
              "DS07_DS_FOR_SIGNED_ZONE"},
     .arg = {{"DS07_NO_RESPONSE_DNSKEY", "ns", NS2}}},
    {"unexpected_rcode",
     .rep = {SOA(NS1),
             SOA(NS2),
             KEY(NS1, "%K;%k"),
             {NS2, TH_QF_DNSSEC, TH_T_DNSKEY, NULL, AAE, 5, NULL, NULL, ANS},
             DS(P1, "%D")},
     .tags = {"DS07_UNEXP_RCODE_RESP_DNSKEY", "DS07_SIGNED",
              "DS07_DS_FOR_SIGNED_ZONE"},
     .arg = {{"DS07_UNEXP_RCODE_RESP_DNSKEY", "rcode", "5"}}},
    {"non_authoritative",
     .rep = {SOA(NS1),
             SOA(NS2),
             KEY(NS1, "%K;%k"),
             {NS2, TH_QF_DNSSEC, TH_T_DNSKEY, NULL, CANNED_EDNS | CANNED_DO, 0,
              "%K;%k", NULL, ANS},
             DS(P1, "%D")},
     .tags = {"DS07_NON_AUTH_RESPONSE_DNSKEY", "DS07_SIGNED",
              "DS07_DS_FOR_SIGNED_ZONE"}},
    {"undelegated_ds", .undel = true, .undel_ds = "805 8 2", .rep = {SIGNED},
     .tags = {"DS07_SIGNED", "DS07_DS_FOR_SIGNED_ZONE"}},
};

START_TEST(test_dnssec07)
{
	run_row(&d07[_i], TH_TC_DNSSEC07, th_dnssec07);
}
END_TEST

/* ---- DNSSEC08 ----------------------------------------------------------- */

static const struct dcase d08[] = {
    {"valid", .rep = {KEY(NS1, "%K;%k"), KEY(NS2, "%K;%k")}, .tags = {0}},
    {"valid_ecdsa", .set = "bind-13", .rep = {KEY(NS1, "%K;%k")}, .tags = {0}},
    {"missing_rrsig", .rep = {KEY(NS1, "%K;%k"), KEY(NS2, "%K")},
     .tags = {"DS08_MISSING_RRSIG_IN_RESPONSE"},
     .arg = {{"DS08_MISSING_RRSIG_IN_RESPONSE", "ns_ip_list", NS2}}},
    {"bad_signature", .rep = {KEY(NS1, "%K;%x")},
     .tags = {"DS08_RRSIG_NOT_VALID_BY_DNSKEY"},
     .arg = {{"DS08_RRSIG_NOT_VALID_BY_DNSKEY", "keytag", "805"}}},
    {"expired", .now = T2045, .rep = {KEY(NS1, "%K;%k")},
     .tags = {"DS08_DNSKEY_RRSIG_EXPIRED"}},
    {"not_yet_valid", .now = T2023, .rep = {KEY(NS1, "%K;%k")},
     .tags = {"DS08_DNSKEY_RRSIG_NOT_YET_VALID"}},
    {"no_matching_dnskey", .rep = {KEY(NS1, "%Z;%k")},
     .tags = {"DS08_NO_MATCHING_DNSKEY"},
     .arg = {{"DS08_NO_MATCHING_DNSKEY", "keytag", "805"}}},
    {"algo_not_supported", .rep = {KEY(NS1, GOSTKEY ";" GOSTSIG("DNSKEY"))},
     .tags = {"DS08_ALGO_NOT_SUPPORTED_BY_ZM"},
     .arg = {{"DS08_ALGO_NOT_SUPPORTED_BY_ZM", "algo_num", "12"},
             {"DS08_ALGO_NOT_SUPPORTED_BY_ZM", "keytag", "1037"}}},
};

START_TEST(test_dnssec08)
{
	run_row(&d08[_i], TH_TC_DNSSEC08, th_dnssec08);
}
END_TEST

/* ---- DNSSEC09 ----------------------------------------------------------- */

static const struct dcase d09[] = {
    {"valid",
     .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S;%s"), KEY(NS2, "%K;%k"),
             DSSOA(NS2, "%S;%s")},
     .tags = {0}},
    {"missing_rrsig",
     .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S;%s"), KEY(NS2, "%K;%k"),
             DSSOA(NS2, "%S")},
     .tags = {"DS09_MISSING_RRSIG_IN_RESPONSE"},
     .arg = {{"DS09_MISSING_RRSIG_IN_RESPONSE", "ns_ip_list", NS2}}},
    {"bad_signature", .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S;%y")},
     .tags = {"DS09_RRSIG_NOT_VALID_BY_DNSKEY"},
     .arg = {{"DS09_RRSIG_NOT_VALID_BY_DNSKEY", "keytag", "56928"}}},
    {"expired", .now = T2045, .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S;%s")},
     .tags = {"DS09_SOA_RRSIG_EXPIRED"}},
    {"not_yet_valid", .now = T2023,
     .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S;%s")},
     .tags = {"DS09_SOA_RRSIG_NOT_YET_VALID"}},
    {"no_matching_dnskey", .rep = {KEY(NS1, "%B;%k"), DSSOA(NS1, "%S;%s")},
     .tags = {"DS09_NO_MATCHING_DNSKEY"},
     .arg = {{"DS09_NO_MATCHING_DNSKEY", "keytag", "56928"}}},
    {"algo_not_supported",
     .rep = {KEY(NS1, GOSTKEY), DSSOA(NS1, "%S;" GOSTSIG("SOA"))},
     .tags = {"DS09_ALGO_NOT_SUPPORTED_BY_ZM"},
     .arg = {{"DS09_ALGO_NOT_SUPPORTED_BY_ZM", "algo_mnemo", "ECC-GOST"}}},
    {"no_dnskey_no_verdict", .rep = {KEY(NS1, NULL), DSSOA(NS1, "%S")},
     .tags = {0}},
};

START_TEST(test_dnssec09)
{
	run_row(&d09[_i], TH_TC_DNSSEC09, th_dnssec09);
}
END_TEST

/* ---- DNSSEC11 ----------------------------------------------------------- */

static const struct dcase d11[] = {
    {"ds_and_signed", .rep = {SIGNED, DS(P1, "%D"), DS(P2, "%D")}, .tags = {0}},
    /* No parent server has a DS: silent (spec step 3.5), signed or not. */
    {"parent_without_ds", .rep = {SIGNED, DS(P1, NULL), DS(P2, NULL)},
     .tags = {0}},
    {"ds_but_unsigned",
     .rep = {SOA(NS1), SOA(NS2), KEY(NS1, NULL), KEY(NS2, NULL), DS(P1, "%D")},
     .tags = {"DS11_DS_BUT_UNSIGNED_ZONE"}},
    {"inconsistent_ds", .rep = {SIGNED, DS(P1, "%D"), DS(P2, NULL)},
     .tags = {"DS11_INCONSISTENT_DS", "DS11_PARENT_WITH_DS",
              "DS11_PARENT_WITHOUT_DS"},
     .arg = {{"DS11_PARENT_WITH_DS", "ns_ip_list", P1}}},
    {"inconsistent_signed",
     .rep = {SOA(NS1), SOA(NS2), KEY(NS1, "%K;%k"), KEY(NS2, NULL),
             DS(P1, "%D")},
     .tags = {"DS11_INCONSISTENT_SIGNED_ZONE", "DS11_NS_WITH_SIGNED_ZONE",
              "DS11_NS_WITH_UNSIGNED_ZONE"},
     .arg = {{"DS11_NS_WITH_UNSIGNED_ZONE", "ns_ip_list", NS2}}},
    {"undetermined_ds", .rep = {SIGNED, OUT(P1, TH_T_DS)},
     .tags = {"DS11_UNDETERMINED_DS"}},
    {"undetermined_signed",
     .rep = {SOA(NS1), SOA(NS2), OUT(NS1, TH_T_DNSKEY), OUT(NS2, TH_T_DNSKEY),
             DS(P1, "%D")},
     .tags = {"DS11_UNDETERMINED_SIGNED_ZONE"}},
};

START_TEST(test_dnssec11)
{
	run_row(&d11[_i], TH_TC_DNSSEC11, th_dnssec11);
}
END_TEST

/* ---- DNSSEC14 ----------------------------------------------------------- */

/* RSA/SHA-256 keys with a 256-bit and a 4104-bit modulus (exponent 65537,
 * every modulus bit set). */
#define SMALLKEY                                                               \
	"dnssec.test. 3600 IN DNSKEY 257 3 8 "                                 \
	"AwEAAf//////////////////////////////////////////"
#define M64 "////////////////////////////////////////////////////////////////"
#define BIGKEY                                                                 \
	"dnssec.test. 3600 IN DNSKEY 257 3 8 AwEAAf" M64 M64 M64 M64 M64 M64   \
	    M64 M64 M64 M64 "///////////////////////////////////////////w=="

static const struct dcase d14[] = {
    {"ok_rsa2048", .rep = {KEY(NS1, "%B;%k"), KEY(NS2, "%B;%k")},
     .tags = {"KEY_SIZE_OK"}},
    {"ok_ecdsa", .set = "ldns-13", .rep = {KEY(NS1, "%K;%k")},
     .tags = {"KEY_SIZE_OK"}},
    {"smaller_than_rec", .rep = {KEY(NS1, "%K;%k")},
     .tags = {"DNSKEY_SMALLER_THAN_REC"},
     .arg = {{"DNSKEY_SMALLER_THAN_REC", "keysize", "1024"},
             {"DNSKEY_SMALLER_THAN_REC", "keytag", "56928"},
             {"DNSKEY_SMALLER_THAN_REC", "keysizerec", "2048"}}},
    {"too_small", .rep = {KEY(NS1, SMALLKEY)},
     .tags = {"DNSKEY_TOO_SMALL_FOR_ALGO"},
     .arg = {{"DNSKEY_TOO_SMALL_FOR_ALGO", "keysize", "256"},
             {"DNSKEY_TOO_SMALL_FOR_ALGO", "keysizemin", "512"}}},
    {"too_large", .rep = {KEY(NS1, BIGKEY)},
     .tags = {"DNSKEY_TOO_LARGE_FOR_ALGO"},
     .arg = {{"DNSKEY_TOO_LARGE_FOR_ALGO", "keysize", "4104"}}},
    {"no_response_dnskey", .rep = {KEY(NS1, "%B"), KEY(NS2, NULL)},
     .tags = {"KEY_SIZE_OK", "NO_RESPONSE_DNSKEY"},
     .arg = {{"NO_RESPONSE_DNSKEY", "ns", NS2}}},
    {"no_response", .rep = {KEY(NS1, "%B"), OUT(NS2, TH_T_DNSKEY)},
     .tags = {"KEY_SIZE_OK", "NO_RESPONSE"}},
    {"ipv6_disabled", .no6 = true, .rep = {KEY(NS1, "%B"), KEY(NS2, "%B")},
     .tags = {"KEY_SIZE_OK", "IPV6_DISABLED"},
     .arg = {{"IPV6_DISABLED", "ns", "ns2.dnssec.test/2001:db8::2"},
             {"IPV6_DISABLED", "rrtype", "DNSKEY"}}},
};

START_TEST(test_dnssec14)
{
	run_row(&d14[_i], TH_TC_DNSSEC14, th_dnssec14);
}
END_TEST

/* ---- DNSSEC02 ----------------------------------------------------------- */

#define DS549                                                                  \
	"dnssec.test. 3600 IN DS 549 8 2 "                                     \
	"00e93f304b46b57d10a7d146494a85fe21f364be206f2692a51425936b544f42"
#define DS1037                                                                 \
	"dnssec.test. 3600 IN DS 1037 12 2 "                                   \
	"40b69f2ca231e89298f8083a80c1be079c1c38c8f9f79fa717315ab978b7a756"
#define BADDS "dnssec.test. 3600 IN DS 805 8 2 " SHA1 SHA1 "01234567"

static const struct dcase d02[] = {
    {"valid", .rep = {DS(P1, "%d"), KEY(NS1, "%K;%k"), KEY(NS2, "%K;%k")},
     .tags = {0}},
    {"valid_undelegated", .undel = true, .undel_ds = "805 8 2 " SHA256,
     .rep = {KEY(NS1, "%K;%k")}, .tags = {0}},
    {"no_ds_silent", .rep = {DS(P1, NULL), KEY(NS1, "%K;%x")}, .tags = {0}},
    {"no_dnskey_for_ds", .rep = {DS(P1, "%d"), KEY(NS1, "%Z;%k")},
     .tags = {"DS02_NO_DNSKEY_FOR_DS", "DS02_NO_VALID_DNSKEY_FOR_ANY_DS"},
     .arg = {{"DS02_NO_DNSKEY_FOR_DS", "keytag", "805"},
             {"DS02_NO_VALID_DNSKEY_FOR_ANY_DS", "ns_ip_list", NS1}}},
    {"no_match", .rep = {DS(P1, BADDS), KEY(NS1, "%K;%k")},
     .tags = {"DS02_NO_MATCH_DS_DNSKEY", "DS02_NO_VALID_DNSKEY_FOR_ANY_DS"}},
    {"not_for_zone_signing", .rep = {DS(P1, DS549), KEY(NS1, "%O;%Z;%k")},
     .tags = {"DS02_DNSKEY_NOT_FOR_ZONE_SIGNING",
              "DS02_NO_VALID_DNSKEY_FOR_ANY_DS"},
     .arg = {{"DS02_DNSKEY_NOT_FOR_ZONE_SIGNING", "keytag", "549"}}},
    {"not_sep", .rep = {DS(P1, "%e"), KEY(NS1, "%K;%k")},
     .tags = {"DS02_DNSKEY_NOT_SEP", "DS02_NO_MATCHING_DNSKEY_RRSIG",
              "DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS"},
     .arg = {{"DS02_DNSKEY_NOT_SEP", "keytag", "56928"}}},
    {"rrsig_not_valid", .rep = {DS(P1, "%d"), KEY(NS1, "%K;%x")},
     .tags = {"DS02_RRSIG_NOT_VALID_BY_DNSKEY",
              "DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS"}},
    {"expired_rrsig", .now = T2045, .rep = {DS(P1, "%d"), KEY(NS1, "%K;%k")},
     .tags = {"DS02_RRSIG_NOT_VALID_BY_DNSKEY",
              "DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS"}},
    {"algo_not_supported",
     .rep = {DS(P1, DS1037), KEY(NS1, GOSTKEY ";" GOSTSIG("DNSKEY"))},
     .tags = {"DS02_ALGO_NOT_SUPPORTED_BY_ZM"},
     .arg = {{"DS02_ALGO_NOT_SUPPORTED_BY_ZM", "algo_num", "12"}}},
};

START_TEST(test_dnssec02)
{
	run_row(&d02[_i], TH_TC_DNSSEC02, th_dnssec02);
}
END_TEST

/* ---- DNSSEC03 ----------------------------------------------------------- */

#define N3(alg, fl, it, salt)                                                  \
	"0123456789abcdefghijklmnopqrstuv.dnssec.test. 300 IN NSEC3 " alg      \
	" " fl " " it " " salt                                                 \
	" 46QVMGLSK2HA4LPPK01SCJ2I1EKEJHSP NS SOA RRSIG "                      \
	"DNSKEY NSEC3PARAM"
#define N3OK N3("1", "0", "0", "-")
#define NSECQ(ip, auth)                                                        \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_NSEC, NULL, AAE, 0, NULL, auth, ANS     \
	}
#define APEXNSEC                                                               \
	"dnssec.test. 300 IN NSEC a.dnssec.test. NS SOA RRSIG NSEC DNSKEY"
#define NSLIST "ns1.dnssec.test/" NS1 ";ns2.dnssec.test/" NS2
#define LEGAL                                                                  \
	"DS03_LEGAL_HASH_ALGO", "DS03_LEGAL_ITERATION_VALUE",                  \
	    "DS03_LEGAL_EMPTY_SALT", "DS03_NSEC3_OPT_OUT_DISABLED"

static const struct dcase d03[] = {
    {"legal",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3OK), KEY(NS2, "%K"),
             NSECQ(NS2, N3OK)},
     .tags = {LEGAL}, .arg = {{"DS03_LEGAL_HASH_ALGO", "ns_list", NSLIST}}},
    {"iterations_and_salt",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3("1", "0", "12", "AABBCCDD"))},
     .tags = {"DS03_LEGAL_HASH_ALGO", "DS03_ILLEGAL_ITERATION_VALUE",
              "DS03_ILLEGAL_SALT_LENGTH", "DS03_NSEC3_OPT_OUT_DISABLED"},
     .arg = {{"DS03_ILLEGAL_ITERATION_VALUE", "int", "12"},
             {"DS03_ILLEGAL_SALT_LENGTH", "int", "4"}}},
    {"illegal_hash_algo",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3("2", "0", "0", "-"))},
     .tags = {"DS03_ILLEGAL_HASH_ALGO", "DS03_LEGAL_ITERATION_VALUE",
              "DS03_LEGAL_EMPTY_SALT", "DS03_NSEC3_OPT_OUT_DISABLED"},
     .arg = {{"DS03_ILLEGAL_HASH_ALGO", "algo_num", "2"}}},
    {"unassigned_flag",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3("1", "2", "0", "-"))},
     .tags = {LEGAL, "DS03_UNASSIGNED_FLAG_USED"},
     .arg = {{"DS03_UNASSIGNED_FLAG_USED", "int", "6"}}},
    {"opt_out_non_tld",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3("1", "1", "0", "-"))},
     .tags = {"DS03_LEGAL_HASH_ALGO", "DS03_LEGAL_ITERATION_VALUE",
              "DS03_LEGAL_EMPTY_SALT", "DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD"}},
    {"opt_out_tld", .domain = "test",
     .rep = {KEY(NS1, "test. 3600 IN DNSKEY 257 3 8 AwEAAQ=="),
             NSECQ(NS1, "0123456789abcdefghijklmnopqrstuv.test. 300 IN NSEC3 "
                        "1 1 0 - 46QVMGLSK2HA4LPPK01SCJ2I1EKEJHSP NS SOA")},
     .tags = {"DS03_LEGAL_HASH_ALGO", "DS03_LEGAL_ITERATION_VALUE",
              "DS03_LEGAL_EMPTY_SALT", "DS03_NSEC3_OPT_OUT_ENABLED_TLD"}},
    {"multiple_nsec3",
     .rep = {KEY(NS1, "%K"),
             NSECQ(NS1, N3OK ";0123456789abcdefghijklmnopqrstuu.dnssec.test. "
                             "300 IN NSEC3 1 0 0 - "
                             "46QVMGLSK2HA4LPPK01SCJ2I1EKEJHSP NS")},
     .tags = {"DS03_ERR_MULT_NSEC3"}},
    {"inconsistent_hash_algo",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3OK), KEY(NS2, "%K"),
             NSECQ(NS2, N3("2", "0", "0", "-"))},
     .tags = {LEGAL, "DS03_ILLEGAL_HASH_ALGO", "DS03_INCONSISTENT_HASH_ALGO"}},
    {"inconsistent_iteration",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3OK), KEY(NS2, "%K"),
             NSECQ(NS2, N3("1", "0", "5", "-"))},
     .tags = {LEGAL, "DS03_ILLEGAL_ITERATION_VALUE",
              "DS03_INCONSISTENT_ITERATION"}},
    {"inconsistent_flags",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3OK), KEY(NS2, "%K"),
             NSECQ(NS2, N3("1", "1", "0", "-"))},
     .tags = {LEGAL, "DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD",
              "DS03_INCONSISTENT_NSEC3_FLAGS"}},
    {"inconsistent_salt",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3OK), KEY(NS2, "%K"),
             NSECQ(NS2, N3("1", "0", "0", "AABB"))},
     .tags = {LEGAL, "DS03_ILLEGAL_SALT_LENGTH",
              "DS03_INCONSISTENT_SALT_LENGTH"}},
    {"no_dnssec", .rep = {KEY(NS1, NULL), KEY(NS2, NULL)},
     .tags = {"DS03_NO_DNSSEC_SUPPORT"},
     .arg = {{"DS03_NO_DNSSEC_SUPPORT", "ns_list", NSLIST}}},
    {"server_no_dnssec",
     .rep = {KEY(NS1, "%K"), NSECQ(NS1, N3OK), KEY(NS2, NULL)},
     .tags = {LEGAL, "DS03_SERVER_NO_DNSSEC_SUPPORT"},
     .arg = {{"DS03_SERVER_NO_DNSSEC_SUPPORT", "ns_list",
              "ns2.dnssec.test/" NS2}}},
    {"no_nsec3",
     .rep = {KEY(NS1, "%K"),
             {NS1, TH_QF_DNSSEC, TH_T_NSEC, NULL, AAE, 0, APEXNSEC, NULL, ANS}},
     .tags = {"DS03_NO_NSEC3"}},
    {"server_no_nsec3",
     .rep = {KEY(NS1, "%K"),
             NSECQ(NS1, N3OK),
             KEY(NS2, "%K"),
             {NS2, TH_QF_DNSSEC, TH_T_NSEC, NULL, AAE, 0, APEXNSEC, NULL, ANS}},
     .tags = {LEGAL, "DS03_SERVER_NO_NSEC3"}},
};

START_TEST(test_dnssec03)
{
	run_row(&d03[_i], TH_TC_DNSSEC03, th_dnssec03);
}
END_TEST

/* ---- DNSSEC04 ----------------------------------------------------------- */

#define SIG(t, exp, inc)                                                       \
	"dnssec.test. 3600 IN RRSIG " t " 8 2 3600 " exp " " inc               \
	" 56928 dnssec.test. AAAA"

static const struct dcase d04[] = {
    {"ok",
     .rep = {KEY(NS1, "%K"),
             DSSOA(NS1, "%S;" SIG("SOA", "20250115000000", "20241225000000"))},
     .tags = {"RRSIG_EXPIRATION", "DURATION_OK"},
     .arg = {{"DURATION_OK", "duration", "1814400"},
             {"RRSIG_EXPIRATION", "date", "Wed Jan 15 00:00:00 2025"},
             {"DURATION_OK", "types", "SOA"}}},
    {"fixture_long", .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S;%s")},
     .tags = {"RRSIG_EXPIRATION", "REMAINING_LONG", "DURATION_LONG"},
     .arg = {{"REMAINING_LONG", "keytag", "805"},
             {"REMAINING_LONG", "keytag", "56928"}}},
    {"remaining_short",
     .rep = {KEY(NS1, "%K"),
             DSSOA(NS1, "%S;" SIG("SOA", "20250101060000", "20241225000000"))},
     .tags = {"RRSIG_EXPIRATION", "REMAINING_SHORT", "DURATION_OK"},
     .arg = {{"REMAINING_SHORT", "duration", "21600"}}},
    {"expired", .now = T2045, .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S")},
     .tags = {"RRSIG_EXPIRATION", "RRSIG_EXPIRED"},
     .arg = {{"RRSIG_EXPIRED", "types", "DNSKEY"}}},
    {"first_answering_server",
     .rep = {OUT(NS1, TH_T_DNSKEY), KEY(NS2, "%K"),
             DSSOA(NS2, "%S;" SIG("SOA", "20250115000000", "20241225000000"))},
     .tags = {"RRSIG_EXPIRATION", "DURATION_OK"}},
};

START_TEST(test_dnssec04)
{
	run_row(&d04[_i], TH_TC_DNSSEC04, th_dnssec04);
}
END_TEST

/* ---- DNSSEC13 ----------------------------------------------------------- */

#define NSQ(ip, ans)                                                           \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_NS, NULL, AAE, 0, ans, NULL, ANS        \
	}

static const struct dcase d13[] = {
    {"all_signed",
     .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S;%s"), NSQ(NS1, "%N;%n")},
     .tags = {0}},
    {"ns_not_signed",
     .rep = {KEY(NS1, "%K;%k"), DSSOA(NS1, "%S;%s"), NSQ(NS1, "%N"),
             KEY(NS2, "%K;%k"), DSSOA(NS2, "%S;%s"), NSQ(NS2, "%N;%n")},
     .tags = {"DS13_ALGO_NOT_SIGNED_NS"},
     .arg = {{"DS13_ALGO_NOT_SIGNED_NS", "ns_ip_list", NS1},
             {"DS13_ALGO_NOT_SIGNED_NS", "algo_mnemo", "RSASHA256"}}},
    {"extra_algorithm",
     .rep = {KEY(NS1, "%K;%k;" K("13")), DSSOA(NS1, "%S;%s"),
             NSQ(NS1, "%N;%n")},
     .tags = {"DS13_ALGO_NOT_SIGNED_DNSKEY", "DS13_ALGO_NOT_SIGNED_SOA",
              "DS13_ALGO_NOT_SIGNED_NS"},
     .arg = {{"DS13_ALGO_NOT_SIGNED_SOA", "algo_num", "13"}}},
};

START_TEST(test_dnssec13)
{
	run_row(&d13[_i], TH_TC_DNSSEC13, th_dnssec13);
}
END_TEST

/* ---- DNSSEC15 ----------------------------------------------------------- */

#define CDS(ip, ans)                                                           \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_CDS, NULL, AAE, 0, ans, NULL, ANS       \
	}
#define CDNSKEY(ip, ans)                                                       \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_CDNSKEY, NULL, AAE, 0, ans, NULL, ANS   \
	}

static const struct dcase d15[] = {
    {"none",
     .rep = {CDS(NS1, NULL), CDNSKEY(NS1, NULL), CDS(NS2, NULL),
             CDNSKEY(NS2, NULL)},
     .tags = {"DS15_NO_CDS_CDNSKEY"}},
    {"both",
     .rep = {CDS(NS1, "%C"), CDNSKEY(NS1, "%c"), CDS(NS2, "%C"),
             CDNSKEY(NS2, "%c")},
     .tags = {"DS15_HAS_CDS_AND_CDNSKEY"},
     .arg = {{"DS15_HAS_CDS_AND_CDNSKEY", "ns_ip_list", NS1 ";" NS2}}},
    {"delete",
     .rep = {CDS(NS1, "dnssec.test. 3600 IN CDS 0 0 0 00"),
             CDNSKEY(NS1, "dnssec.test. 3600 IN CDNSKEY 0 3 0 AA==")},
     .tags = {"DS15_HAS_CDS_AND_CDNSKEY"}},
    {"cds_only", .rep = {CDS(NS1, "%C"), CDNSKEY(NS1, NULL)},
     .tags = {"DS15_HAS_CDS_NO_CDNSKEY"}},
    {"cdnskey_only", .rep = {CDS(NS1, NULL), CDNSKEY(NS1, "%c")},
     .tags = {"DS15_HAS_CDNSKEY_NO_CDS"}},
    {"mismatch", .rep = {CDS(NS1, "%C"), CDNSKEY(NS1, "%z")},
     .tags = {"DS15_HAS_CDS_AND_CDNSKEY", "DS15_MISMATCH_CDS_CDNSKEY"},
     .arg = {{"DS15_MISMATCH_CDS_CDNSKEY", "ns_ip_list", NS1}}},
    {"inconsistent_cds",
     .rep = {CDS(NS1, "%C"), CDNSKEY(NS1, "%c"), CDS(NS2, NULL),
             CDNSKEY(NS2, "%c")},
     .tags = {"DS15_HAS_CDS_AND_CDNSKEY", "DS15_HAS_CDNSKEY_NO_CDS",
              "DS15_INCONSISTENT_CDS"}},
    {"inconsistent_cdnskey",
     .rep = {CDS(NS1, "%C"), CDNSKEY(NS1, "%c"), CDS(NS2, "%C"),
             CDNSKEY(NS2, "%c;%z")},
     .tags = {"DS15_HAS_CDS_AND_CDNSKEY", "DS15_INCONSISTENT_CDNSKEY",
              "DS15_MISMATCH_CDS_CDNSKEY"},
     .arg = {{"DS15_MISMATCH_CDS_CDNSKEY", "ns_ip_list", NS2}}},
};

START_TEST(test_dnssec15)
{
	run_row(&d15[_i], TH_TC_DNSSEC15, th_dnssec15);
}
END_TEST

/* ---- DNSSEC16, 17 and 18 ------------------------------------------------ */

/*
 * dnssec.test signed again with ldns-signzone (ECDSA P-256, inception
 * 2024-01-01, expiration 2044-01-01; keys thrown away) with a CDS and a
 * CDNSKEY for its KSK 14843; ldns signs those RRsets with the KSK. The
 * *Z records come from a copy whose CDS (CDNSKEY) is the ZSK 64201's,
 * signed by the KSK.
 */
#define GZSK                                                                   \
	"dnssec.test. 3600 IN DNSKEY 256 3 13 "                                \
	"kx8Hrp04ZvD0CI9vhCIBIUorfiGCgjPuT55cjAqzMzMCk2rw57xpILNzRMqwYXE96pqG" \
	"n"                                                                    \
	"MX6TqK5ZzeInFL65g=="
#define GKSKDATA                                                               \
	"YsNXUC7eSjvmIG965hA6Ue+MR2jmG7AOg6et4+"                               \
	"H0IbwR0sAkkqQQSFoqXaHCEzFFYAv5e"                                      \
	"psmkXgJrJKvY3jkZA=="
#define GKSK "dnssec.test. 3600 IN DNSKEY 257 3 13 " GKSKDATA
/* The KSK's key with flags 1 (no zone bit): tag 14587. */
#define GNONZONE "dnssec.test. 3600 IN DNSKEY 1 3 13 " GKSKDATA
#define GKEYS GZSK ";" GKSK
#define GSIG(t, tag, s)                                                        \
	"dnssec.test. 3600 IN RRSIG " t " 13 2 3600 20440101000000 "           \
	"20240101000000 " tag " dnssec.test. " s
#define GKSIG                                                                  \
	GSIG(                                                                  \
	    "DNSKEY", "14843",                                                 \
	    "B6EOylseyd0RNz62cqWHkVNsP/E71CZ6jvckQOS9/yZ2Hf1v+e0BqI08crNxGTzY" \
	    "lY4Kr/X6X7lBU9v0zGwXCA==")
#define GDS                                                                    \
	"dnssec.test. 3600 IN DS 14843 13 2 "                                  \
	"2da9a73660714b8fe68b9d4535047464aa6b36b59e4af32f6629f70dd969ab54"
#define GCDS                                                                   \
	"dnssec.test. 3600 IN CDS 14843 13 2 "                                 \
	"2da9a73660714b8fe68b9d4535047464aa6b36b59e4af32f6629f70dd969ab54"
#define GCDSSIG                                                                \
	GSIG(                                                                  \
	    "CDS", "14843",                                                    \
	    "yLIHqBTFqBk2GiDfxv9XkU7ZdVnM9nk3c0/TLot32om46/dVdoBX0G84JYRtuUDK" \
	    "TjpD1Xamuap78+cE+VVd2w==")
/* The same with one signature character changed. */
#define GCDSSIGBAD                                                             \
	GSIG(                                                                  \
	    "CDS", "14843",                                                    \
	    "yLIHqBTFqBk2GiDfxv9XkU7ZdVnM9nk3c0/TLot32om46/dVdoBX0G84JYRtuUDK" \
	    "TjpD1Xamuap78+cE+VVd3w==")
#define GCDNSKEY "dnssec.test. 3600 IN CDNSKEY 257 3 13 " GKSKDATA
#define GCDNSKEYSIG                                                            \
	GSIG(                                                                  \
	    "CDNSKEY", "14843",                                                \
	    "5t4jpbQXTlasnki6cKivU/o53K+EiU9mP1JWFDltbPchLylH92tlpg8gq67ovJ+r" \
	    "quJJfaomiwMmOZve62p4AA==")
#define GCDNSKEYSIGBAD                                                         \
	GSIG(                                                                  \
	    "CDNSKEY", "14843",                                                \
	    "5t4jpbQXTlasnki6cKivU/o53K+EiU9mP1JWFDltbPchLylH92tlpg8gq67ovJ+r" \
	    "quJJfaomiwMmOZve62p5AA==")
#define GCDSZ                                                                  \
	"dnssec.test. 3600 IN CDS 64201 13 2 "                                 \
	"bff9efbcb2c297fd2f918d9649ff9a3222d248e1f35f2617a42bc8480ed9e516"
#define GCDSZSIG                                                               \
	GSIG(                                                                  \
	    "CDS", "14843",                                                    \
	    "0fH3GM/I8Xza3oyeKhslAD8A+MyYuM1zWojLG/Knfz5p4hLQrnK9jnQ/BRlPgePd" \
	    "fO15rzmXxFkQhhi1XzjCNA==")
#define GCDNSKEYZ                                                              \
	"dnssec.test. 3600 IN CDNSKEY 256 3 13 "                               \
	"kx8Hrp04ZvD0CI9vhCIBIUorfiGCgjPuT55cjAqzMzMCk2rw57xpILNzRMqwYXE96pqG" \
	"n"                                                                    \
	"MX6TqK5ZzeInFL65g=="
#define GCDNSKEYZSIG                                                           \
	GSIG(                                                                  \
	    "CDNSKEY", "14843",                                                \
	    "YlWsZn4ognHRTx2ZP3ZWWQ9iteKR4v+SLHucgi85k5pIM1JZJ9XR47gg4hN9f9Jm" \
	    "Gc7y2i9z5CPqCXfHWHtwhg==")
#define GCDSNONZONE                                                            \
	"dnssec.test. 3600 IN CDS 14587 13 2 "                                 \
	"23be50211c99ef7b8cd039041087898ce2cb87de847ee9d7ecd65a21515d1987"
#define GKEYSIGNED KEY(NS1, GKEYS ";" GKSIG)

static const struct dcase d16[] = {
    {"valid", .rep = {GKEYSIGNED, CDS(NS1, GCDS ";" GCDSSIG)}, .tags = {0}},
    {"no_cds", .rep = {GKEYSIGNED, CDS(NS1, NULL)}, .tags = {0}},
    {"delete",
     .rep = {GKEYSIGNED, CDS(NS1, "dnssec.test. 3600 IN CDS 0 0 0 00")},
     .tags = {"DS16_DELETE_CDS"},
     .arg = {{"DS16_DELETE_CDS", "ns_ip_list", NS1}}},
    {"mixed_delete",
     .rep = {GKEYSIGNED, CDS(NS1, GCDS ";dnssec.test. 3600 IN CDS 0 0 0 00")},
     .tags = {"DS16_MIXED_DELETE_CDS", "DS16_CDS_UNSIGNED"}},
    {"without_dnskey", .rep = {KEY(NS1, NULL), CDS(NS1, GCDS ";" GCDSSIG)},
     .tags = {"DS16_CDS_WITHOUT_DNSKEY"}},
    {"unsigned", .rep = {GKEYSIGNED, CDS(NS1, GCDS)},
     .tags = {"DS16_CDS_UNSIGNED"}},
    {"invalid_rrsig", .rep = {GKEYSIGNED, CDS(NS1, GCDS ";" GCDSSIGBAD)},
     .tags = {"DS16_CDS_INVALID_RRSIG", "DS16_CDS_NOT_SIGNED_BY_CDS"},
     .arg = {{"DS16_CDS_INVALID_RRSIG", "keytag", "14843"}}},
    {"signed_by_unknown", .rep = {KEY(NS1, GZSK), CDS(NS1, GCDS ";" GCDSSIG)},
     .tags = {"DS16_CDS_MATCHES_NO_DNSKEY",
              "DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY"}},
    {"matches_no_dnskey", .rep = {GKEYSIGNED, CDS(NS1, "%C")},
     .tags = {"DS16_CDS_MATCHES_NO_DNSKEY", "DS16_CDS_UNSIGNED"},
     .arg = {{"DS16_CDS_MATCHES_NO_DNSKEY", "keytag", "805"}}},
    {"non_sep", .rep = {GKEYSIGNED, CDS(NS1, GCDSZ ";" GCDSZSIG)},
     .tags = {"DS16_CDS_MATCHES_NON_SEP_DNSKEY",
              "DS16_DNSKEY_NOT_SIGNED_BY_CDS", "DS16_CDS_NOT_SIGNED_BY_CDS"},
     .arg = {{"DS16_DNSKEY_NOT_SIGNED_BY_CDS", "keytag", "64201"}}},
    {"non_zone",
     .rep = {KEY(NS1, GKEYS ";" GNONZONE ";" GKSIG), CDS(NS1, GCDSNONZONE)},
     .tags = {"DS16_CDS_MATCHES_NON_ZONE_DNSKEY", "DS16_CDS_UNSIGNED"},
     .arg = {{"DS16_CDS_MATCHES_NON_ZONE_DNSKEY", "keytag", "14587"}}},
};

START_TEST(test_dnssec16)
{
	run_row(&d16[_i], TH_TC_DNSSEC16, th_dnssec16);
}
END_TEST

static const struct dcase d17[] = {
    {"valid", .rep = {GKEYSIGNED, CDNSKEY(NS1, GCDNSKEY ";" GCDNSKEYSIG)},
     .tags = {0}},
    {"delete",
     .rep = {GKEYSIGNED,
             CDNSKEY(NS1, "dnssec.test. 3600 IN CDNSKEY 0 3 0 AA==")},
     .tags = {"DS17_DELETE_CDNSKEY"}},
    {"mixed_delete",
     .rep = {GKEYSIGNED,
             CDNSKEY(NS1, GCDNSKEY ";dnssec.test. 3600 IN CDNSKEY 0 3 0 AA==")},
     .tags = {"DS17_MIXED_DELETE_CDNSKEY", "DS17_CDNSKEY_UNSIGNED"}},
    {"without_dnskey",
     .rep = {KEY(NS1, NULL), CDNSKEY(NS1, GCDNSKEY ";" GCDNSKEYSIG)},
     .tags = {"DS17_CDNSKEY_WITHOUT_DNSKEY"}},
    {"unsigned", .rep = {GKEYSIGNED, CDNSKEY(NS1, GCDNSKEY)},
     .tags = {"DS17_CDNSKEY_UNSIGNED"}},
    {"invalid_rrsig",
     .rep = {GKEYSIGNED, CDNSKEY(NS1, GCDNSKEY ";" GCDNSKEYSIGBAD)},
     .tags = {"DS17_CDNSKEY_INVALID_RRSIG",
              "DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY"}},
    {"signed_by_unknown",
     .rep = {KEY(NS1, GZSK), CDNSKEY(NS1, GCDNSKEY ";" GCDNSKEYSIG)},
     .tags = {"DS17_CDNSKEY_MATCHES_NO_DNSKEY",
              "DS17_CDNSKEY_SIGNED_BY_UNKNOWN_DNSKEY"},
     .arg = {{"DS17_CDNSKEY_MATCHES_NO_DNSKEY", "keytag", "14843"}}},
    {"non_sep", .rep = {GKEYSIGNED, CDNSKEY(NS1, GCDNSKEYZ ";" GCDNSKEYZSIG)},
     .tags = {"DS17_CDNSKEY_IS_NON_SEP", "DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY",
              "DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY"}},
    {"non_zone",
     .rep = {KEY(NS1, GKEYS ";" GNONZONE ";" GKSIG),
             CDNSKEY(NS1, "dnssec.test. 3600 IN CDNSKEY 1 3 13 " GKSKDATA)},
     .tags = {"DS17_CDNSKEY_IS_NON_ZONE", "DS17_CDNSKEY_UNSIGNED"}},
};

START_TEST(test_dnssec17)
{
	run_row(&d17[_i], TH_TC_DNSSEC17, th_dnssec17);
}
END_TEST

static const struct dcase d18[] = {
    {"valid",
     .rep = {DS(P1, GDS), GKEYSIGNED, CDS(NS1, GCDS ";" GCDSSIG),
             CDNSKEY(NS1, GCDNSKEY ";" GCDNSKEYSIG)},
     .tags = {0}},
    {"no_ds_silent",
     .rep = {DS(P1, NULL), GKEYSIGNED, CDS(NS1, GCDS), CDNSKEY(NS1, GCDNSKEY)},
     .tags = {0}},
    {"no_match",
     .rep = {DS(P1, "%d"), GKEYSIGNED, CDS(NS1, GCDS ";" GCDSSIG),
             CDNSKEY(NS1, GCDNSKEY ";" GCDNSKEYSIG)},
     .tags = {"DS18_NO_MATCH_CDS_RRSIG_DS", "DS18_NO_MATCH_CDNSKEY_RRSIG_DS"},
     .arg = {{"DS18_NO_MATCH_CDS_RRSIG_DS", "ns_ip_list", NS1}}},
    {"cds_unsigned",
     .rep = {DS(P1, GDS), GKEYSIGNED, CDS(NS1, GCDS),
             CDNSKEY(NS1, GCDNSKEY ";" GCDNSKEYSIG)},
     .tags = {"DS18_NO_MATCH_CDS_RRSIG_DS"}},
};

START_TEST(test_dnssec18)
{
	run_row(&d18[_i], TH_TC_DNSSEC18, th_dnssec18);
}
END_TEST

/* ---- DNSSEC10 ----------------------------------------------------------- */

#define NSECA(ip, ans)                                                         \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_NSEC, NULL, AAE, 0, ans, NULL, ANS      \
	}
#define N3P(ip, ans, auth)                                                     \
	{                                                                      \
		ip, TH_QF_DNSSEC, TH_T_NSEC3PARAM, NULL, AAE, 0, ans, auth,    \
		    ANS                                                        \
	}
#define WRONGSOA                                                               \
	"x.dnssec.test. 3600 IN SOA ns1.dnssec.test. h.dnssec.test. 1 2 3 4 5"
#define BARE_NSEC(next, types) "dnssec.test. 300 IN NSEC " next " " types
#define NSEC_TYPES "NS SOA RRSIG NSEC DNSKEY"
#define BARE_NSEC3(owner, types)                                               \
	owner " 300 IN NSEC3 1 0 12 AABBCCDD "                                 \
	      "grr4sru5adjuqgbuo2eils16mnuhftch " types
#define N3_TYPES "NS SOA RRSIG DNSKEY NSEC3PARAM"
/* An NSEC server (set ldns-13) and an NSEC3 one (ldns-8), all correct. */
#define NSEC_OK(ip)                                                            \
	KEY(ip, "%K;%k"), NSECA(ip, "%E;%f"), N3P(ip, NULL, "%S;%E;%f")
#define NSEC3_OK(ip)                                                           \
	KEY(ip, "%K;%k"), NSECQ(ip, "%S;%3;%4"), N3P(ip, "%P;%p", NULL)
#define L13 "ldns-13"

static const struct dcase d10[] = {
    {"nsec", .set = L13, .rep = {NSEC_OK(NS1), NSEC_OK(NS2)},
     .tags = {"DS10_HAS_NSEC"}, .arg = {{"DS10_HAS_NSEC", "ns_list", NSLIST}}},
    {"nsec3", .rep = {NSEC3_OK(NS1), NSEC3_OK(NS2)},
     .tags = {"DS10_HAS_NSEC3"}},
    /* NSEC zones */
    {"nsec_query_err", .set = L13,
     .rep = {KEY(NS1, "%K;%k"), OUT(NS1, TH_T_NSEC)},
     .tags = {"DS10_NSEC_QUERY_RESPONSE_ERR"}},
    {"nsec_gives_err", .set = L13,
     .rep = {KEY(NS1, "%K;%k"), NSECA(NS1, "%E;%f;%S"), N3P(NS1, NULL, "%S")},
     .tags = {"DS10_NSEC_GIVES_ERR_ANSWER", "DS10_HAS_NSEC"}},
    {"mult_nsec", .set = L13,
     .rep = {KEY(NS1, "%K;%k"),
             NSECA(NS1, "%E;%f;a.dnssec.test. 300 IN NSEC b.dnssec.test. A")},
     .tags = {"DS10_ERR_MULT_NSEC", "DS10_HAS_NSEC"}},
    {"nsec_mismatch", .set = L13,
     .rep = {KEY(NS1, "%K;%k"),
             NSECA(NS1,
                   "a.dnssec.test. 300 IN NSEC b.dnssec.test. " NSEC_TYPES),
             N3P(NS1, NULL, "%S")},
     .tags = {"DS10_NSEC_MISMATCHES_APEX", "DS10_NSEC_MISSING_SIGNATURE",
              "DS10_HAS_NSEC"}},
    {"nsec_type_list", .set = L13,
     .rep = {KEY(NS1, "%K;%k"),
             NSECA(NS1, BARE_NSEC("a.dnssec.test.", "NS SOA RRSIG NSEC")),
             N3P(NS1, NULL, "%S")},
     .tags = {"DS10_NSEC_ERR_TYPE_LIST", "DS10_NSEC_MISSING_SIGNATURE",
              "DS10_HAS_NSEC"}},
    {"nsec_verify_error", .set = L13,
     .rep = {KEY(NS1, "%K;%k"), NSECA(NS1, "%E;%g"), N3P(NS1, NULL, "%S")},
     .tags = {"DS10_NSEC_RRSIG_VERIFY_ERROR", "DS10_NSEC_NO_VERIFIED_SIGNATURE",
              "DS10_HAS_NSEC"},
     .arg = {{"DS10_NSEC_RRSIG_VERIFY_ERROR", "keytag", "13076"}}},
    {"nsec_expired", .set = L13, .now = T2045,
     .rep = {KEY(NS1, "%K;%k"), NSECA(NS1, "%E;%f"), N3P(NS1, NULL, "%S")},
     .tags = {"DS10_NSEC_RRSIG_EXPIRED", "DS10_NSEC_NO_VERIFIED_SIGNATURE",
              "DS10_HAS_NSEC"}},
    {"nsec_not_yet_valid", .set = L13, .now = T2023,
     .rep = {KEY(NS1, "%K;%k"), NSECA(NS1, "%E;%f"), N3P(NS1, NULL, "%S")},
     .tags = {"DS10_NSEC_RRSIG_NOT_YET_VALID",
              "DS10_NSEC_NO_VERIFIED_SIGNATURE", "DS10_HAS_NSEC"}},
    {"nsec_no_dnskey", .set = L13,
     .rep = {KEY(NS1, "%B;%k"), NSECA(NS1, "%E;%f"), N3P(NS1, NULL, "%S")},
     .tags = {"DS10_NSEC_RRSIG_NO_DNSKEY", "DS10_NSEC_NO_VERIFIED_SIGNATURE",
              "DS10_HAS_NSEC"}},
    {"nsec_nodata_missing_soa", .set = L13,
     .rep = {KEY(NS1, "%K;%k"), NSECA(NS1, "%E;%f"), N3P(NS1, NULL, "%E;%f")},
     .tags = {"DS10_NSEC_NODATA_MISSING_SOA", "DS10_HAS_NSEC"}},
    {"nsec_nodata_wrong_soa", .set = L13,
     .rep = {KEY(NS1, "%K;%k"), NSECA(NS1, "%E;%f"), N3P(NS1, NULL, WRONGSOA)},
     .tags = {"DS10_NSEC_NODATA_WRONG_SOA", "DS10_HAS_NSEC"},
     .arg = {{"DS10_NSEC_NODATA_WRONG_SOA", "domain", "x.dnssec.test"}}},
    {"mixed", .set = L13,
     .rep = {KEY(NS1, "%K;%k"), NSECA(NS1, "%E;%f"),
             N3P(NS1, "dnssec.test. 0 IN NSEC3PARAM 1 0 0 -", NULL)},
     .tags = {"DS10_MIXED_NSEC_NSEC3", "DS10_HAS_NSEC"}},
    {"nsec_nsec3param_err", .set = L13,
     .rep = {KEY(NS1, "%K;%k"), NSECA(NS1, "%E;%f"), OUT(NS1, TH_T_NSEC3PARAM)},
     .tags = {"DS10_NSEC3PARAM_QUERY_RESPONSE_ERR", "DS10_HAS_NSEC"}},
    {"inconsistent_nsec", .set = L13,
     .rep = {NSEC_OK(NS1), KEY(NS2, "%K;%k"),
             NSECA(NS2, BARE_NSEC("b.dnssec.test.", NSEC_TYPES)),
             N3P(NS2, NULL, "%S")},
     .tags = {"DS10_INCONSISTENT_NSEC", "DS10_NSEC_MISSING_SIGNATURE",
              "DS10_HAS_NSEC"}},
    {"algo_not_supported", .set = L13,
     .rep = {KEY(NS1, GOSTKEY), NSECA(NS1, "%E;" GOSTSIG("NSEC")),
             N3P(NS1, NULL, "%S")},
     .tags = {"DS10_ALGO_NOT_SUPPORTED_BY_ZM", "DS10_HAS_NSEC"},
     .arg = {{"DS10_ALGO_NOT_SUPPORTED_BY_ZM", "ns_ip_list", NS1}}},
    /* NSEC3 zones */
    {"expected_missing", .rep = {KEY(NS1, "%K;%k"), NSECQ(NS1, "%S")},
     .tags = {"DS10_EXPECTED_NSEC_NSEC3_MISSING"}},
    {"mult_nsec3",
     .rep = {KEY(NS1, "%K;%k"),
             NSECQ(NS1, "%S;%3;%4;" BARE_NSEC3("a.dnssec.test.", "A"))},
     .tags = {"DS10_ERR_MULT_NSEC3", "DS10_HAS_NSEC3"}},
    {"nsec3_mismatch",
     .rep = {KEY(NS1, "%K;%k"),
             NSECQ(NS1, "%S;" BARE_NSEC3(
                            "0123456789abcdefghijklmnopqrstuv.dnssec.test.",
                            N3_TYPES)),
             N3P(NS1, "%P;%p", NULL)},
     .tags = {"DS10_NSEC3_MISMATCHES_APEX", "DS10_NSEC3_MISSING_SIGNATURE",
              "DS10_HAS_NSEC3"}},
    {"nsec3_type_list",
     .rep = {KEY(NS1, "%K;%k"),
             NSECQ(NS1, "%S;" BARE_NSEC3(APEX3, "NS SOA RRSIG DNSKEY")),
             N3P(NS1, "%P;%p", NULL)},
     .tags = {"DS10_NSEC3_ERR_TYPE_LIST", "DS10_NSEC3_MISSING_SIGNATURE",
              "DS10_HAS_NSEC3"}},
    {"nsec3_verify_error",
     .rep = {KEY(NS1, "%K;%k"), NSECQ(NS1, "%S;%3;%5"),
             N3P(NS1, "%P;%p", NULL)},
     .tags = {"DS10_NSEC3_RRSIG_VERIFY_ERROR",
              "DS10_NSEC3_NO_VERIFIED_SIGNATURE", "DS10_HAS_NSEC3"}},
    {"nsec3_expired", .now = T2045, .rep = {NSEC3_OK(NS1)},
     .tags = {"DS10_NSEC3_RRSIG_EXPIRED", "DS10_NSEC3_NO_VERIFIED_SIGNATURE",
              "DS10_HAS_NSEC3"},
     .arg = {{"DS10_NSEC3_RRSIG_EXPIRED", "keytag", "56928"}}},
    {"nsec3_not_yet_valid", .now = T2023, .rep = {NSEC3_OK(NS1)},
     .tags = {"DS10_NSEC3_RRSIG_NOT_YET_VALID",
              "DS10_NSEC3_NO_VERIFIED_SIGNATURE", "DS10_HAS_NSEC3"}},
    {"nsec3_no_dnskey",
     .rep = {KEY(NS1, "%B;%k"), NSECQ(NS1, "%S;%3;%4"),
             N3P(NS1, "%P;%p", NULL)},
     .tags = {"DS10_NSEC3_RRSIG_NO_DNSKEY", "DS10_NSEC3_NO_VERIFIED_SIGNATURE",
              "DS10_HAS_NSEC3"}},
    {"nsec3_nodata_missing_soa",
     .rep = {KEY(NS1, "%K;%k"), NSECQ(NS1, "%3;%4"), N3P(NS1, "%P;%p", NULL)},
     .tags = {"DS10_NSEC3_NODATA_MISSING_SOA", "DS10_HAS_NSEC3"}},
    {"nsec3_nodata_wrong_soa",
     .rep = {KEY(NS1, "%K;%k"), NSECQ(NS1, WRONGSOA ";%3;%4"),
             N3P(NS1, "%P;%p", NULL)},
     .tags = {"DS10_NSEC3_NODATA_WRONG_SOA", "DS10_HAS_NSEC3"}},
    {"nsec3param_gives_err",
     .rep = {KEY(NS1, "%K;%k"), NSECQ(NS1, "%S;%3;%4"),
             N3P(NS1, "%P;%p;%S", NULL)},
     .tags = {"DS10_NSEC3PARAM_GIVES_ERR_ANSWER", "DS10_HAS_NSEC3"}},
    {"mult_nsec3param",
     .rep = {KEY(NS1, "%K;%k"), NSECQ(NS1, "%S;%3;%4"),
             N3P(NS1, "%P;%p;dnssec.test. 0 IN NSEC3PARAM 1 0 0 -", NULL)},
     .tags = {"DS10_ERR_MULT_NSEC3PARAM", "DS10_HAS_NSEC3"}},
    {"nsec3param_mismatch",
     .rep = {KEY(NS1, "%K;%k"), NSECQ(NS1, "%S;%3;%4"),
             N3P(NS1, "x.dnssec.test. 0 IN NSEC3PARAM 1 0 12 AABBCCDD", NULL)},
     .tags = {"DS10_NSEC3PARAM_MISMATCHES_APEX", "DS10_HAS_NSEC3"}},
    {"nsec3param_query_err",
     .rep = {KEY(NS1, "%K;%k"), NSECQ(NS1, "%S;%3;%4"),
             OUT(NS1, TH_T_NSEC3PARAM)},
     .tags = {"DS10_NSEC3PARAM_QUERY_RESPONSE_ERR", "DS10_HAS_NSEC3"}},
    {"inconsistent_nsec3",
     .rep = {NSEC3_OK(NS1), KEY(NS2, "%K;%k"),
             NSECQ(NS2, "%S;" BARE_NSEC3(APEX3, N3_TYPES " TXT")),
             N3P(NS2, "%P;%p", NULL)},
     .tags = {"DS10_INCONSISTENT_NSEC3", "DS10_NSEC3_MISSING_SIGNATURE",
              "DS10_HAS_NSEC3"}},
    {"inconsistent_nsec_nsec3",
     .rep = {NSEC3_OK(NS1), KEY(NS2, "%K;%k"),
             NSECA(NS2, BARE_NSEC("a.dnssec.test.", NSEC_TYPES)),
             N3P(NS2, NULL, "%S")},
     .tags = {"DS10_INCONSISTENT_NSEC_NSEC3", "DS10_NSEC_MISSING_SIGNATURE"},
     .arg = {{"DS10_INCONSISTENT_NSEC_NSEC3", "ns_list_nsec3",
              "ns1.dnssec.test/" NS1}}},
    {"server_no_dnssec", .rep = {NSEC3_OK(NS1), KEY(NS2, NULL)},
     .tags = {"DS10_SERVER_NO_DNSSEC", "DS10_HAS_NSEC3"}},
    {"zone_no_dnssec", .rep = {KEY(NS1, NULL), KEY(NS2, NULL)},
     .tags = {"DS10_ZONE_NO_DNSSEC"}},
};

START_TEST(test_dnssec10)
{
	run_row(&d10[_i], TH_TC_DNSSEC10, th_dnssec10);
}
END_TEST

/* ---- the module: order, gate, profile, catalogue ------------------------ */

/* An unsigned zone: DNSSEC07 says so, DNSSEC11 runs and is silent (no
 * DS), nothing else runs. */
START_TEST(test_dnssec_gate_unsigned)
{
	static const struct dcase c = {"gate_unsigned",
	                               .rep = {SOA(NS1), SOA(NS2),
	                                       KEY(NS1, NULL), KEY(NS2, NULL),
	                                       DS(P1, NULL), DS(P2, NULL)}};
	struct enginefx fx;

	setup(&fx, &c);
	th_dnssec_run(&fx.ctx);
	ck_assert(tagcheck_has(&fx.rep, TH_TC_DNSSEC07, "DS07_NOT_SIGNED"));
	ck_assert_uint_eq(fx.rep.n, 1);
	ck_assert_int_eq(fx.rep.msgs[0].tag, TH_TAG_DNSSEC07_DS07_NOT_SIGNED);
	enginefx_free(&fx);
}
END_TEST

/* A signed zone: 07, 11, then the rest; a disabled test case is silent. */
START_TEST(test_dnssec_run_signed)
{
	static const struct dcase c = {
	    "run_signed", .rep = {SIGNED, DS(P1, DS2), DS(P2, DS2),
	                          DSSOA(NS1, "%S;%s"), DSSOA(NS2, "%S;%s")}};
	struct enginefx fx;

	setup(&fx, &c);
	fx.profile.enabled[TH_TC_DNSSEC06] = false;
	th_dnssec_run(&fx.ctx);
	ck_assert_int_eq(fx.rep.err, 0);
	ck_assert_int_eq(fx.rep.msgs[0].tag, TH_TAG_DNSSEC07_DS07_SIGNED);
	ck_assert(tagcheck_has(&fx.rep, TH_TC_DNSSEC01, "DS01_DS_ALGO_OK"));
	ck_assert(tagcheck_has(&fx.rep, TH_TC_DNSSEC05, "DS05_ALGO_OK"));
	ck_assert(
	    tagcheck_has(&fx.rep, TH_TC_DNSSEC14, "DNSKEY_SMALLER_THAN_REC"));
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_DNSSEC06, TH_LEVEL_DEBUG3), 0);
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_DNSSEC08, TH_LEVEL_DEBUG3), 0);
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_DNSSEC09, TH_LEVEL_DEBUG3), 0);
	ck_assert_uint_eq(
	    th_report_count(&fx.rep, TH_TC_DNSSEC11, TH_LEVEL_DEBUG3), 0);
	/* DNSSEC04 runs in the module (it was once missing from the run
	 * list, so only a single-test-case run reached it). */
	ck_assert_uint_gt(
	    th_report_count(&fx.rep, TH_TC_DNSSEC04, TH_LEVEL_DEBUG3), 0);
	/* Module order: DNSSEC07's messages come first. */
	for (size_t i = 1; i < fx.rep.n; i++)
		if (th_tag_testcase(fx.rep.msgs[i].tag) == TH_TC_DNSSEC07)
			ck_assert_int_eq(
			    th_tag_testcase(fx.rep.msgs[i - 1].tag),
			    TH_TC_DNSSEC07);
	enginefx_free(&fx);
}
END_TEST

/*
 * The facts after the run, on the run's keys: the same facts as on keys
 * of their own, no new key, and no signature verified a second time.
 */
START_TEST(test_dnssec_keys_shared)
{
	static const struct dcase c = {
	    "keys_shared", .rep = {SIGNED, DS(P1, DS2), DS(P2, DS2),
	                           DSSOA(NS1, "%S;%s"), DSSOA(NS2, "%S;%s")}};
	struct th_dsig_keyring ring = TH_DSIG_KEYRING_INIT;
	struct th_dnssec_facts shared, own;
	struct enginefx fx;
	uint64_t ops;
	size_t nkeys;

	setup(&fx, &c);
	fx.ctx.keys = &ring;
	th_dnssec_run(&fx.ctx);
	ck_assert_int_eq(fx.rep.err, 0);
	nkeys = ring.n;
	ops = th_dsig_keyring_crypto_ops(&ring);
	ck_assert_uint_gt(nkeys, 0);
	ck_assert_uint_gt(ops, 0);
	ck_assert_int_eq(th_dnssec_facts_compute(&fx.ev, true, &ring, &shared),
	                 0);
	ck_assert_int_eq(shared.status, TH_DNSSEC_SECURE);
	ck_assert_uint_eq(ring.n, nkeys);
	ck_assert_uint_eq(th_dsig_keyring_crypto_ops(&ring), ops);
	ck_assert_int_eq(th_dnssec_facts_compute(&fx.ev, true, NULL, &own), 0);
	ck_assert_int_eq(own.status, shared.status);
	ck_assert_uint_eq(own.bogus, shared.bogus);
	ck_assert_uint_eq(own.nalg, shared.nalg);
	th_dsig_keyring_free(&ring);
	ck_assert_uint_eq(ring.n, 0);
	/* The facts take their keys from the ring they are given. */
	ck_assert_int_eq(th_dnssec_facts_compute(&fx.ev, true, &ring, &shared),
	                 0);
	ck_assert_uint_eq(ring.n, nkeys);
	ck_assert_uint_gt(th_dsig_keyring_crypto_ops(&ring), 0);
	th_dsig_keyring_free(&ring);
	enginefx_free(&fx);
}
END_TEST

/* With DNSSEC07 disabled there is no gate. */
START_TEST(test_dnssec_run_no07)
{
	static const struct dcase c = {
	    "run_no07", .rep = {SOA(NS1), SOA(NS2), KEY(NS1, NULL),
	                        KEY(NS2, NULL), DS(P1, NULL), DS(P2, NULL)}};
	struct enginefx fx;

	setup(&fx, &c);
	fx.profile.enabled[TH_TC_DNSSEC07] = false;
	th_dnssec_run(&fx.ctx);
	ck_assert(tagcheck_has(&fx.rep, TH_TC_DNSSEC05, "DS05_ZONE_NO_DNSSEC"));
	enginefx_free(&fx);
}
END_TEST

START_TEST(test_dnssec_catalogue)
{
	static const struct tagcheck_spot spot[] = {
	    {"DNSSEC01", "DS01_DS_ALGO_DEPRECATED", "ERROR"},
	    {"DNSSEC01", "DS01_NO_RESPONSE", "WARNING"},
	    {"DNSSEC01", "DS01_DS_ALGO_2_MISSING", "NOTICE"},
	    {"DNSSEC01", "DS01_UNDEL_N_NO_UNDEL_DS", "INFO"},
	    {"DNSSEC05", "DS05_SERVER_NO_DNSSEC", "ERROR"},
	    {"DNSSEC05", "DS05_ALGO_NOT_RECOMMENDED", "WARNING"},
	    {"DNSSEC05", "DS05_ZONE_NO_DNSSEC", "NOTICE"},
	    {"DNSSEC06", "EXTRA_PROCESSING_BROKEN", "ERROR"},
	    {"DNSSEC06", "EXTRA_PROCESSING_OK", "DEBUG"},
	    {"DNSSEC07", "DS07_NOT_SIGNED", "WARNING"},
	    {"DNSSEC07", "DS07_INCONSISTENT_DS", "ERROR"},
	    {"DNSSEC07", "DS07_SIGNED_ON_SERVER", "INFO"},
	    {"DNSSEC08", "DS08_ALGO_NOT_SUPPORTED_BY_ZM", "NOTICE"},
	    {"DNSSEC08", "DS08_NO_MATCHING_DNSKEY", "ERROR"},
	    {"DNSSEC09", "DS09_ALGO_NOT_SUPPORTED_BY_ZM", "NOTICE"},
	    {"DNSSEC09", "DS09_SOA_RRSIG_EXPIRED", "ERROR"},
	    {"DNSSEC10", "DS10_SERVER_NO_DNSSEC", "ERROR"},
	    {"DNSSEC10", "DS10_NSEC_RRSIG_NO_DNSKEY", "WARNING"},
	    {"DNSSEC10", "DS10_ZONE_NO_DNSSEC", "NOTICE"},
	    {"DNSSEC10", "DS10_HAS_NSEC3", "INFO"},
	    {"DNSSEC11", "DS11_DS_BUT_UNSIGNED_ZONE", "ERROR"},
	    {"DNSSEC11", "DS11_NS_WITH_UNSIGNED_ZONE", "WARNING"},
	    {"DNSSEC11", "DS11_PARENT_WITH_DS", "NOTICE"},
	    {"DNSSEC14", "NO_RESPONSE_DNSKEY", "ERROR"},
	    {"DNSSEC14", "DNSKEY_SMALLER_THAN_REC", "WARNING"},
	    {"DNSSEC14", "KEY_SIZE_OK", "INFO"},
	    {"DNSSEC14", "NO_RESPONSE", "DEBUG"},
	    {"DNSSEC02", "DS02_NO_DNSKEY_FOR_DS", "WARNING"},
	    {"DNSSEC02", "DS02_DNSKEY_NOT_SEP", "NOTICE"},
	    {"DNSSEC02", "DS02_NO_VALID_DNSKEY_FOR_ANY_DS", "ERROR"},
	    {"DNSSEC03", "DS03_SERVER_NO_NSEC3", "ERROR"},
	    {"DNSSEC03", "DS03_ILLEGAL_SALT_LENGTH", "WARNING"},
	    {"DNSSEC03", "DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD", "NOTICE"},
	    {"DNSSEC03", "DS03_NSEC3_OPT_OUT_ENABLED_TLD", "INFO"},
	    {"DNSSEC04", "RRSIG_EXPIRED", "ERROR"},
	    {"DNSSEC04", "REMAINING_SHORT", "WARNING"},
	    {"DNSSEC04", "RRSIG_EXPIRATION", "INFO"},
	    {"DNSSEC04", "DURATION_OK", "DEBUG"},
	    {"DNSSEC13", "DS13_ALGO_NOT_SIGNED_NS", "WARNING"},
	    {"DNSSEC15", "DS15_MISMATCH_CDS_CDNSKEY", "ERROR"},
	    {"DNSSEC15", "DS15_HAS_CDS_NO_CDNSKEY", "NOTICE"},
	    {"DNSSEC15", "DS15_NO_CDS_CDNSKEY", "INFO"},
	    {"DNSSEC16", "DS16_CDS_UNSIGNED", "ERROR"},
	    {"DNSSEC16", "DS16_CDS_MATCHES_NO_DNSKEY", "WARNING"},
	    {"DNSSEC16", "DS16_CDS_NOT_SIGNED_BY_CDS", "NOTICE"},
	    {"DNSSEC16", "DS16_DELETE_CDS", "INFO"},
	    {"DNSSEC17", "DS17_CDNSKEY_IS_NON_ZONE", "ERROR"},
	    {"DNSSEC17", "DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY", "WARNING"},
	    {"DNSSEC17", "DS17_CDNSKEY_IS_NON_SEP", "NOTICE"},
	    {"DNSSEC17", "DS17_DELETE_CDNSKEY", "INFO"},
	    {"DNSSEC18", "DS18_NO_MATCH_CDS_RRSIG_DS", "ERROR"},
	};

	/* 01 12, 02 9, 03 19, 04 6, 05 10, 06 2, 07 13, 08 6, 09 6, 10 38, 11
	 * 9, 13 3, 14 8, 15 7, 16 11, 17 11, 18 2 */
	tagcheck_assert_catalogue(TH_MOD_DNSSEC, 172, spot, N_ELEMS(spot));
}
END_TEST

Suite *
suite_dnssec(void)
{
	Suite *s = suite_create("dnssec");
	TCase *tc = tcase_create("Cases");
	TCase *mod = tcase_create("Module");

	tcase_add_loop_test(tc, test_dnssec01, 0, N_ELEMS(d01));
	tcase_add_loop_test(tc, test_dnssec02, 0, N_ELEMS(d02));
	tcase_add_loop_test(tc, test_dnssec03, 0, N_ELEMS(d03));
	tcase_add_loop_test(tc, test_dnssec04, 0, N_ELEMS(d04));
	tcase_add_loop_test(tc, test_dnssec05, 0, N_ELEMS(d05));
	tcase_add_loop_test(tc, test_dnssec06, 0, N_ELEMS(d06));
	tcase_add_loop_test(tc, test_dnssec07, 0, N_ELEMS(d07));
	tcase_add_loop_test(tc, test_dnssec08, 0, N_ELEMS(d08));
	tcase_add_loop_test(tc, test_dnssec09, 0, N_ELEMS(d09));
	tcase_add_loop_test(tc, test_dnssec10, 0, N_ELEMS(d10));
	tcase_add_loop_test(tc, test_dnssec11, 0, N_ELEMS(d11));
	tcase_add_loop_test(tc, test_dnssec13, 0, N_ELEMS(d13));
	tcase_add_loop_test(tc, test_dnssec14, 0, N_ELEMS(d14));
	tcase_add_loop_test(tc, test_dnssec15, 0, N_ELEMS(d15));
	tcase_add_loop_test(tc, test_dnssec16, 0, N_ELEMS(d16));
	tcase_add_loop_test(tc, test_dnssec17, 0, N_ELEMS(d17));
	tcase_add_loop_test(tc, test_dnssec18, 0, N_ELEMS(d18));
	tcase_add_test(mod, test_dnssec_gate_unsigned);
	tcase_add_test(mod, test_dnssec_run_signed);
	tcase_add_test(mod, test_dnssec_keys_shared);
	tcase_add_test(mod, test_dnssec_run_no07);
	tcase_add_test(mod, test_dnssec_catalogue);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, mod);
	return s;
}
