/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_zonefile.c -- unit tests for crawler/zonefile: the master-file
 * syntax, RDATA of every supported type against ldns's wire output for
 * the same text (tests/support/ldnswire), every error with its file:line
 * and reason, $INCLUDE refused and allowed, inputs larger than the read
 * buffer, the corpus of malformed files in tests/data/zonefile/bad/, and
 * the delegation iterator on unsorted input.
 */
#include "common/err.h"
#include "common/msg.h"
#include "crawler/zonefile.h"
#include "tests/suites.h"
#include "tests/support/ldnswire.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_ELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- helpers ------------------------------------------------------------ */

#define MAXERR 16

struct errs {
	unsigned n;
	struct {
		enum th_zonefile_reason reason;
		unsigned long line;
		char file[256];
		char detail[200];
	} e[MAXERR];
};

static void
on_err(void *arg, const struct th_zonefile_error *e)
{
	struct errs *x = arg;

	if (x->n < MAXERR) {
		x->e[x->n].reason = e->reason;
		x->e[x->n].line = e->line;
		snprintf(x->e[x->n].file, sizeof(x->e[x->n].file), "%s",
		         e->file);
		snprintf(x->e[x->n].detail, sizeof(x->e[x->n].detail), "%s",
		         e->detail);
	}
	x->n++;
}

/* A record copied out of the reader. */
struct rec {
	struct th_dname owner;
	uint16_t type, rclass;
	uint32_t ttl;
	uint16_t rdlen;
	unsigned long line;
	uint8_t *rdata;
};

struct got {
	struct rec *r;
	size_t n;
	int rc; /* the status that ended the read */
	struct th_zonefile_stats st;
	struct errs errs;
};

static void
got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->r[i].rdata);
	free(g->r);
	memset(g, 0, sizeof(*g));
}

static void
read_zf(struct th_zonefile *zf, struct got *g)
{
	const struct th_zonefile_rr *rr;

	for (;;) {
		struct rec *r;

		g->rc = th_zonefile_next(zf, &rr);
		if (g->rc != 0 || rr == NULL)
			break;
		/* Doubling: a quadratic copy would dominate big inputs. */
		if ((g->n & (g->n - 1)) == 0) {
			g->r = realloc(g->r,
			               (g->n ? 2 * g->n : 1) * sizeof(*g->r));
			ck_assert_ptr_nonnull(g->r);
		}
		r = &g->r[g->n++];
		r->owner = rr->owner;
		r->type = rr->type;
		r->rclass = rr->rclass;
		r->ttl = rr->ttl;
		r->rdlen = rr->rdlen;
		r->line = rr->line;
		r->rdata = malloc(rr->rdlen + 1u);
		ck_assert_ptr_nonnull(r->rdata);
		memcpy(r->rdata, rr->rdata, rr->rdlen);
	}
	th_zonefile_stats(zf, &g->st);
}

/* Read text (name "t.zone") with the given flags and origin. */
static void
read_text(const char *text, size_t len, unsigned flags, const char *origin,
          struct got *g)
{
	struct th_zonefile_conf conf = {0};
	struct th_zonefile *zf;
	struct th_dname o;

	memset(g, 0, sizeof(*g));
	if (origin != NULL) {
		ck_assert_int_eq(
		    th_dname_parse(&o, origin, strlen(origin), NULL, NULL), 0);
		conf.origin = &o;
	}
	conf.flags = flags;
	conf.on_error = on_err;
	conf.arg = &g->errs;
	ck_assert_int_eq(th_zonefile_open_mem(&zf, text, len, "t.zone", &conf),
	                 0);
	read_zf(zf, g);
	th_zonefile_destroy(&zf);
	ck_assert_ptr_null(zf);
}

static void
read_str(const char *text, struct got *g)
{
	read_text(text, strlen(text), 0, NULL, g);
}

/* The record matches ldns's reading of expected (absolute names). */
static void
assert_rec_is(const struct rec *r, const char *expected)
{
	uint8_t wire[65536], owner[256];
	uint16_t type, rclass;
	uint32_t ttl;
	size_t len = ldnswire_rr(expected, NULL, &type, &ttl, &rclass, owner,
	                         wire, sizeof(wire));

	ck_assert_msg(r->type == type, "%s: type %u, expected %u", expected,
	              r->type, type);
	ck_assert_msg(r->ttl == ttl, "%s: ttl %u, expected %u", expected,
	              r->ttl, ttl);
	ck_assert_msg(r->rclass == rclass, "%s: class %u", expected, r->rclass);
	ck_assert_msg(memcmp(r->owner.wire, owner, r->owner.len) == 0,
	              "%s: owner differs", expected);
	ck_assert_msg(r->rdlen == len, "%s: rdlen %u, ldns %zu", expected,
	              r->rdlen, len);
	ck_assert_msg(memcmp(r->rdata, wire, len) == 0, "%s: rdata differs",
	              expected);
}

/* ---- RDATA of every type, against ldns ---------------------------------- */

static const struct {
	const char *rr;
} rdata_cases[] = {
    {"a.se. 3600 IN A 192.0.2.1"},
    {"a.se. 3600 IN NS ns1.Example.SE."},
    {"a.se. 3600 IN CNAME target.se."},
    {"se. 3600 IN SOA a.ns.se. hostmaster.nic.se. 2026112800 1800 900 "
     "864000 3600"},
    {"se. 3600 IN SOA a.ns.se. host\\.master.nic.se. 4294967295 1h 15m "
     "10d 1w"},
    {"1.2.0.192.in-addr.arpa. 3600 IN PTR host.se."},
    {"a.se. 3600 IN HINFO \"PC Intel\" Linux"},
    {"a.se. 3600 IN MX 10 mail.a.se."},
    {"a.se. 3600 IN MX 0 ."},
    {"a.se. 3600 IN TXT \"v=spf1 mx -all\""},
    {"a.se. 3600 IN TXT \"two\" \"strings\" plain"},
    {"a.se. 3600 IN TXT \"semi;colon (paren)\" \"q\\\"uote\" \"\\065\\066\""},
    {"a.se. 3600 IN TXT \"\""},
    {"a.se. 3600 IN RP admin.a.se. txt.a.se."},
    {"a.se. 3600 IN AFSDB 1 afs.a.se."},
    {"a.se. 3600 IN AAAA 2001:db8::1"},
    {"a.se. 3600 IN AAAA ::ffff:192.0.2.1"},
    {"_sip._udp.a.se. 3600 IN SRV 10 60 5060 sip.a.se."},
    {"a.se. 3600 IN NAPTR 100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.a.se."},
    {"a.se. 3600 IN KX 10 kx.a.se."},
    {"a.se. 3600 IN DNAME b.se."},
    {"a.se. 3600 IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"},
    {"a.se. 3600 IN DS 12345 13 2 "
     "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE0E6F7C9E5C4DD2B4A5C8C9D0"},
    {"a.se. 3600 IN DS 12345 ECDSAP256SHA256 2 "
     "49FD46E6C4B45C55 D4AC69CBD3CD34AC 1AFE51DE0E6F7C9E5C4DD2B4A5C8C9D0"},
    {"a.se. 3600 IN SSHFP 4 2 "
     "123456789abcdef67890123456789abcdef67890123456789abcdef123456789"},
    {"se. 3600 IN RRSIG SOA 13 1 86400 20261228123225 20261128113225 "
     "15090 se. GodGHDjQO9HerYBes782OeFMGbnvjvcq0+rxaKQ8fnVDC56qxzKXXD/t "
     "T1tBw00pFgeSE5NyGCm4BVKcedC+3w=="},
    {"se. 3600 IN RRSIG NSEC3PARAM 8 1 3600 1767225600 1764547200 1 se. "
     "AwEAAQ=="},
    {"a.se. 3600 IN NSEC b.se. A NS SOA RRSIG NSEC DNSKEY TYPE1234"},
    {"a.se. 3600 IN NSEC b.se. CAA"},
    {"se. 3600 IN DNSKEY 256 3 13 "
     "CaxBLADZWAfkLB6Okobg9J28C8AH621U/01peFk6cbUw5grYA1gZljr5 "
     "dxcPi/gRytq7rZbIqLKFH2vR3PgkPA=="},
    {"se. 3600 IN DNSKEY 257 3 RSASHA256 AwEAAag="},
    {"a.se. 3600 IN DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="},
    {"x.se. 3600 IN NSEC3 1 1 0 - 021DC8C5EPBN3EPNBD9TLK50H0VR2P8C NS DS "
     "RRSIG"},
    {"x.se. 3600 IN NSEC3 1 0 10 aabbccdd 021dc8c5epbn3epnbd9tlk50h0vr2p8c "
     "A"},
    {"se. 3600 IN NSEC3PARAM 1 0 0 -"},
    {"se. 3600 IN NSEC3PARAM 1 0 100 AABBCCDD11223344"},
    {"_443._tcp.a.se. 3600 IN TLSA 3 1 1 "
     "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6"},
    {"a.se. 3600 IN SMIMEA 3 1 1 aabbcc"},
    {"a.se. 3600 IN CDS 12345 13 2 "
     "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE0E6F7C9E5C4DD2B4A5C8C9D0"},
    {"a.se. 3600 IN CDS 0 0 0 00"},
    {"a.se. 3600 IN CDNSKEY 257 3 13 "
     "1PHtXzdTt0gdXrIrVwoKSQsIggaSCWUWk/V6KOkmFRn/6vbqpWUepz2g"},
    {"a.se. 3600 IN OPENPGPKEY AwEAAag="},
    {"a.se. 3600 IN CSYNC 66 3 A NS AAAA"},
    {"se. 3600 IN ZONEMD 2026112800 1 1 "
     "A8E7B1C5D4E3F2A1B0C9D8E7F6A5B4C3D2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7"
     "A8E7B1C5D4E3F2A1B0C9D8E7F6A5B4C3D2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7"},
    {"a.se. 3600 IN SPF \"v=spf1 -all\""},
    {"a.se. 3600 IN CAA 0 issue \"letsencrypt.org\""},
    {"a.se. 3600 IN CAA 128 iodef \"mailto:x@a.se\""},
    {"a.se. 3600 IN URI 10 1 \"https://a.se/\""},
    {"a.se. 3600 IN TYPE65534 \\# 4 0a000001"},
    {"a.se. 3600 IN TYPE65534 \\# 0"},
    {"a.se. 3600 IN TYPE260 \\# 6 0a00 0001 abcd"},
    {"a.se. 3600 IN A \\# 4 0A000001"},
    {"a.se. 3600 IN TYPE1 10.0.0.1"},
    {"a.se. 3600 IN LOC \\# 16 00121613 8997e0d0 6cbbf3a0 00989680"},
    {"a.se. 3600 CH TXT \"chaos\""},
    {"a.se. 3600 CLASS255 TYPE65280 \\# 1 ff"},
};

START_TEST(test_zonefile_rdata)
{
	struct got g;
	char text[2048];

	snprintf(text, sizeof(text), "%s\n", rdata_cases[_i].rr);
	read_str(text, &g);
	ck_assert_msg(
	    g.n == 1 && g.errs.n == 0, "%s: %zu records, %u errors%s%s",
	    rdata_cases[_i].rr, g.n, g.errs.n, g.errs.n ? ": " : "",
	    g.errs.n ? th_zonefile_reason_name(g.errs.e[0].reason) : "");
	assert_rec_is(&g.r[0], rdata_cases[_i].rr);
	ck_assert_int_eq(g.rc, 0);
	got_free(&g);
}
END_TEST

/* th_zonefile_rdata_parse(): the RDATA text alone, relative names. */
START_TEST(test_zonefile_rdata_parse)
{
	struct th_dname origin;
	uint8_t wire[512], exp[512];
	size_t len, elen;
	uint16_t type, rclass;
	uint32_t ttl;
	enum th_zonefile_reason why;
	static const char mx[] = "10 mail";

	ck_assert_int_eq(th_dname_parse(&origin, "a.se.", 5, NULL, NULL), 0);
	ck_assert_int_eq(th_zonefile_rdata_parse(TH_T_MX, mx, strlen(mx),
	                                         &origin, wire, sizeof(wire),
	                                         &len, &why),
	                 0);
	elen = ldnswire_rr("a.se. 1 IN MX 10 mail.a.se.", NULL, &type, &ttl,
	                   &rclass, NULL, exp, sizeof(exp));
	ck_assert_uint_eq(len, elen);
	ck_assert_mem_eq(wire, exp, elen);
	/* Without an origin a relative name is refused. */
	ck_assert_int_eq(th_zonefile_rdata_parse(TH_T_MX, mx, strlen(mx), NULL,
	                                         wire, sizeof(wire), &len,
	                                         &why),
	                 TH_ESYNTAX);
	ck_assert_int_eq(why, TH_ZONEFILE_NO_ORIGIN);
	/* Too small an output is a too-long RDATA. */
	ck_assert_int_eq(th_zonefile_rdata_parse(TH_T_A, "192.0.2.1", 9, NULL,
	                                         wire, 3, &len, &why),
	                 TH_ESYNTAX);
	ck_assert_int_eq(why, TH_ZONEFILE_RDATA_TOO_LONG);
}
END_TEST

START_TEST(test_zonefile_type_parse)
{
	uint16_t t;

	ck_assert_int_eq(th_zonefile_type_parse("aaaa", 4, &t), 0);
	ck_assert_uint_eq(t, TH_T_AAAA);
	ck_assert_int_eq(th_zonefile_type_parse("NSEC3PARAM", 10, &t), 0);
	ck_assert_uint_eq(t, TH_T_NSEC3PARAM);
	ck_assert_int_eq(th_zonefile_type_parse("TYPE99", 6, &t), 0);
	ck_assert_uint_eq(t, 99);
	ck_assert_int_eq(th_zonefile_type_parse("type65535", 9, &t), 0);
	ck_assert_uint_eq(t, 65535);
	ck_assert_int_eq(th_zonefile_type_parse("TYPE65536", 9, &t),
	                 TH_ENOTFOUND);
	ck_assert_int_eq(th_zonefile_type_parse("FOO", 3, &t), TH_ENOTFOUND);
	ck_assert_int_eq(th_zonefile_type_parse("TYPE", 4, &t), TH_ENOTFOUND);
	ck_assert_int_eq(th_zonefile_type_parse("", 0, &t), TH_ENOTFOUND);
}
END_TEST

START_TEST(test_zonefile_reasons)
{
	for (int r = 0; r < TH_ZONEFILE__REASONS; r++) {
		ck_assert_str_ne(th_zonefile_reason_name(r), "?");
		ck_assert_ptr_nonnull(th_zonefile_reason_text(r));
	}
	ck_assert_str_eq(th_zonefile_reason_name(TH_ZONEFILE__REASONS), "?");
	ck_assert_str_eq(th_zonefile_reason_name(TH_ZONEFILE_BAD_TTL),
	                 "BAD_TTL");
	ck_assert(th_zonefile_reason_fatal(TH_ZONEFILE_FATAL_OPEN_PAREN));
	ck_assert(th_zonefile_reason_fatal(TH_ZONEFILE_FATAL_IO));
	ck_assert(!th_zonefile_reason_fatal(TH_ZONEFILE_INCLUDE_DEPTH));
	ck_assert(!th_zonefile_reason_fatal(TH_ZONEFILE_OK));
}
END_TEST

/* ---- syntax ------------------------------------------------------------- */

/*
 * A zone text and the records it holds, written out absolute, one a line,
 * as ldns reads them.
 */
static const struct {
	const char *zone;
	const char *expect;
	const char *msg;
} syntax_cases[] = {
    {"$ORIGIN example.se.\n$TTL 300\n"
     "@ IN SOA ns1 hostmaster ( 1 2 3 4 5 )\n"
     "www A 192.0.2.1\n"
     "ftp.example.se. 60 IN A 192.0.2.2\n",
     "example.se. 300 IN SOA ns1.example.se. hostmaster.example.se. 1 2 3 "
     "4 5\n"
     "www.example.se. 300 IN A 192.0.2.1\n"
     "ftp.example.se. 60 IN A 192.0.2.2\n",
     "$ORIGIN, $TTL, @, relative and absolute names"},
    {"$ORIGIN se.\n"
     "a 100 IN NS ns1.a\n"
     "  IN 200 NS ns2.a\n"
     "\tNS ns3.a\n"
     "b IN A 192.0.2.1\n",
     "a.se. 100 IN NS ns1.a.se.\n"
     "a.se. 200 IN NS ns2.a.se.\n"
     "a.se. 200 IN NS ns3.a.se.\n"
     "b.se. 200 IN A 192.0.2.1\n",
     "blank owner, TTL and class in either order, previous TTL"},
    {"$ORIGIN se.\n$TTL 1h30m\n"
     "t TXT ( \"a;b\" ; a comment ( inside\n"
     "   \"c(d)\"\n"
     "   ) ; after\n"
     "x 1W TXT \"with space\" unquoted \\\"q\\\"\n",
     "t.se. 5400 IN TXT \"a;b\" \"c(d)\"\n"
     "x.se. 604800 IN TXT \"with space\" \"unquoted\" \"\\\"q\\\"\"\n",
     "parentheses over lines, comments, quotes, TTL units"},
    {"a\\.b.se. 3600 IN A 192.0.2.1\n"
     "\\065bc.se. 3600 IN A 192.0.2.2\n"
     "x\\032y.se. 3600 IN TXT a\\ b \\;\n",
     "a\\.b.se. 3600 IN A 192.0.2.1\n"
     "Abc.se. 3600 IN A 192.0.2.2\n"
     "x\\032y.se. 3600 IN TXT \"a b\" \";\"\n",
     "\\X and \\DDD escapes in names and strings"},
    {"$ORIGIN se.\n$ORIGIN example\nwww 60 A 192.0.2.1\n"
     "$ORIGIN .\nabs 60 A 192.0.2.2\n",
     "www.example.se. 60 IN A 192.0.2.1\n"
     "abs. 60 IN A 192.0.2.2\n",
     "$ORIGIN relative to the current origin, and the root"},
    {"a.se. 60 IN A 192.0.2.1\r\n\tIN A 192.0.2.2\r\n",
     "a.se. 60 IN A 192.0.2.1\n"
     "a.se. 60 IN A 192.0.2.2\n",
     "CRLF line ends"},
    {"; only a comment\n\n   \n\t; indented comment\n"
     "a.se. 60 IN A 192.0.2.1",
     "a.se. 60 IN A 192.0.2.1\n", "blank and comment lines, no final newline"},
    {"a.se. 60 in a 192.0.2.1\nb.se. 60 In Ns a.se.\n",
     "a.se. 60 IN A 192.0.2.1\nb.se. 60 IN NS a.se.\n",
     "case-insensitive class and type"},
    {"a.se. 60 IN SOA (a.ns.se. h.se. 1\n2 3 4 5)\n",
     "a.se. 60 IN SOA a.ns.se. h.se. 1 2 3 4 5\n",
     "parentheses touching tokens"},
    {"$TTL 30\na.se. A 192.0.2.1\nb.se. 10 A 192.0.2.2\nc.se. A 192.0.2.3\n",
     "a.se. 30 IN A 192.0.2.1\nb.se. 10 IN A 192.0.2.2\n"
     "c.se. 30 IN A 192.0.2.3\n",
     "$TTL wins over the previous record's TTL"},
    {"$ORIGIN se.\n@ 60 NS a.ns\n\tDS 1 8 2 AABB\n",
     "se. 60 IN NS a.ns.se.\nse. 60 IN DS 1 8 2 AABB\n",
     "@ as owner, blank owner repeats it"},
};

START_TEST(test_zonefile_syntax)
{
	struct got g;
	char *exp = strdup(syntax_cases[_i].expect), *save = NULL, *line;
	size_t k = 0;

	ck_assert_ptr_nonnull(exp);
	read_str(syntax_cases[_i].zone, &g);
	ck_assert_msg(
	    g.errs.n == 0, "%s: error %s line %lu", syntax_cases[_i].msg,
	    th_zonefile_reason_name(g.errs.e[0].reason), g.errs.e[0].line);
	ck_assert_int_eq(g.rc, 0);
	for (line = strtok_r(exp, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save), k++) {
		ck_assert_msg(k < g.n, "%s: only %zu records",
		              syntax_cases[_i].msg, g.n);
		assert_rec_is(&g.r[k], line);
	}
	ck_assert_msg(k == g.n, "%s: %zu records, expected %zu",
	              syntax_cases[_i].msg, g.n, k);
	ck_assert_uint_eq(g.st.records, g.n);
	ck_assert_uint_eq(g.st.skipped, 0);
	free(exp);
	got_free(&g);
}
END_TEST

/* Line numbers of records, and the counters. */
START_TEST(test_zonefile_lines)
{
	static const char zone[] = "; c\n\na.se. 60 A 192.0.2.1\n"
	                           "b.se. 60 TXT ( x\n y\n)\n"
	                           "c.se. 60 A 192.0.2.3\n";
	struct got g;

	read_str(zone, &g);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_uint_eq(g.r[0].line, 3);
	ck_assert_uint_eq(g.r[1].line, 4);
	ck_assert_uint_eq(g.r[2].line, 7);
	ck_assert_uint_eq(g.st.lines, 7);
	ck_assert_uint_eq(g.st.records, 3);
	ck_assert_uint_eq(g.st.bytes, strlen(zone));
	got_free(&g);
}
END_TEST

/* ---- errors ------------------------------------------------------------- */

/*
 * One malformed record (or directive), the reason and line of its error.
 * Non-fatal cases get a good record appended, which must still be read.
 */
static const struct {
	const char *zone;
	enum th_zonefile_reason reason;
	unsigned long line;
	const char *detail; /* a substring of the detail, or NULL */
} error_cases[] = {
    {"a.se. 3600 IN FOO 1 2\n", TH_ZONEFILE_UNKNOWN_TYPE, 1, "FOO"},
    {"a.se. 3600 IN TYPE65534 abcd\n", TH_ZONEFILE_UNSUPPORTED_TYPE, 1, NULL},
    {"a.se. 3600 IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m\n",
     TH_ZONEFILE_UNSUPPORTED_TYPE, 1, NULL},
    {"a.se. 99999999999 IN A 192.0.2.1\n", TH_ZONEFILE_BAD_TTL, 1, NULL},
    {"a.se. 2147483648 IN A 192.0.2.1\n", TH_ZONEFILE_BAD_TTL, 1, NULL},
    {"a.se. 1x IN A 192.0.2.1\n", TH_ZONEFILE_BAD_TTL, 1, "1x"},
    {"a.se. 60 60 A 192.0.2.1\n", TH_ZONEFILE_BAD_TTL, 1, NULL},
    {" 3600 IN A 192.0.2.1\n", TH_ZONEFILE_NO_OWNER, 1, NULL},
    {"www 3600 IN A 192.0.2.1\n", TH_ZONEFILE_NO_ORIGIN, 1, "www"},
    {"@ 3600 IN A 192.0.2.1\n", TH_ZONEFILE_NO_ORIGIN, 1, NULL},
    {"a.se. 3600 IN NS ns1\n", TH_ZONEFILE_NO_ORIGIN, 1, "ns1"},
    {"a.se. IN A 192.0.2.1\n", TH_ZONEFILE_NO_TTL, 1, NULL},
    {"a.se. 3600 IN\n", TH_ZONEFILE_NO_TYPE, 1, NULL},
    {"a.se. 3600 IN A 192.0.2.256\n", TH_ZONEFILE_BAD_ADDRESS, 1, NULL},
    {"a.se. 3600 IN AAAA 2001:db8::g\n", TH_ZONEFILE_BAD_ADDRESS, 1, NULL},
    {"a.se. 3600 IN MX 10\n", TH_ZONEFILE_MISSING_FIELD, 1, NULL},
    {"a.se. 3600 IN SOA a.se. b.se. 1 2 3 4\n", TH_ZONEFILE_MISSING_FIELD, 1,
     NULL},
    {"a.se. 3600 IN A 192.0.2.1 5\n", TH_ZONEFILE_EXTRA_FIELD, 1, "5"},
    {"a.se. 3600 IN MX 65536 b.se.\n", TH_ZONEFILE_BAD_NUMBER, 1, "65536"},
    {"a.se. 3600 IN SOA a.se. b.se. 1 2 3 4 5x\n", TH_ZONEFILE_BAD_NUMBER, 1,
     NULL},
    {"a.se. 3600 IN DS 1 8 2 zz\n", TH_ZONEFILE_BAD_HEX, 1, "zz"},
    {"a.se. 3600 IN DS 1 8 2 abc\n", TH_ZONEFILE_BAD_HEX, 1, NULL},
    {"a.se. 3600 IN DNSKEY 257 3 8 AwEAAQ=x\n", TH_ZONEFILE_BAD_BASE64, 1,
     NULL},
    {"a.se. 3600 IN DNSKEY 257 3 8 AwE\n", TH_ZONEFILE_BAD_BASE64, 1, NULL},
    {"a.se. 3600 IN DNSKEY 257 3 8 AA== BB==\n", TH_ZONEFILE_BAD_BASE64, 1,
     NULL},
    {"a.se. 3600 IN NSEC3 1 1 0 - WXYZ A\n", TH_ZONEFILE_BAD_BASE32, 1, "WXYZ"},
    {"a.se. 3600 IN NSEC3 1 1 0 zz 021DC8C5 A\n", TH_ZONEFILE_BAD_HEX, 1, NULL},
    {"a.se. 3600 IN NSEC b.se. A FOO\n", TH_ZONEFILE_UNKNOWN_TYPE, 1, "FOO"},
    {"a.se. 3600 IN RRSIG A 8 2 3600 20261340000000 20261128113225 1 a.se. "
     "AwEAAQ==\n",
     TH_ZONEFILE_BAD_TIME, 1, NULL},
    {"a.se. 3600 IN RRSIG FOO 8 2 3600 1 2 1 a.se. AwEAAQ==\n",
     TH_ZONEFILE_UNKNOWN_TYPE, 1, NULL},
    {"a.se. 3600 IN DS 1 NOALG 2 aa\n", TH_ZONEFILE_BAD_ALGORITHM, 1, "NOALG"},
    {"a.se. 3600 IN DS 1 256 2 aa\n", TH_ZONEFILE_BAD_NUMBER, 1, NULL},
    {"a.se. 3600 IN TXT \"\\2x\"\n", TH_ZONEFILE_BAD_ESCAPE, 1, NULL},
    {"a.se. 3600 IN TXT \"\\256\"\n", TH_ZONEFILE_BAD_ESCAPE, 1, NULL},
    {"a.se. 3600 IN CAA 0 \"issue\" \"x\"\n", TH_ZONEFILE_BAD_STRING, 1, NULL},
    {"a.se. 3600 IN NS bad..name.\n", TH_ZONEFILE_BAD_NAME, 1, "REPEATED_DOTS"},
    {"a.se. 3600 IN NS \"quoted.se.\"\n", TH_ZONEFILE_BAD_NAME, 1, NULL},
    {"bad..se. 3600 IN A 192.0.2.1\n", TH_ZONEFILE_BAD_OWNER, 1,
     "REPEATED_DOTS"},
    {"\"q\" 3600 IN A 192.0.2.1\n", TH_ZONEFILE_BAD_OWNER, 1, NULL},
    {"a.se. 3600 IN TYPE65534 \\# 3 0a00\n", TH_ZONEFILE_BAD_GENERIC, 1, NULL},
    {"a.se. 3600 IN TYPE65534 \\# x 0a\n", TH_ZONEFILE_BAD_GENERIC, 1, NULL},
    {"a.se. 3600 IN TYPE65534 \\#\n", TH_ZONEFILE_BAD_GENERIC, 1, NULL},
    {"a.se. 3600 IN TYPE65534 \\# 2\n", TH_ZONEFILE_BAD_GENERIC, 1, NULL},
    {"a.se. 3600 IN TYPE65534 \\# 1 0g\n", TH_ZONEFILE_BAD_GENERIC, 1, NULL},
    {"a.se. 3600 IN A 192.0.2.1 )\n", TH_ZONEFILE_BAD_PAREN, 1, NULL},
    {"a.se. 3600 IN TXT ( ( x ) )\n", TH_ZONEFILE_BAD_PAREN, 1, NULL},
    {"a.se. 3600 IN TXT a\001b\n", TH_ZONEFILE_BAD_CHARACTER, 1, NULL},
    {"a.se. 3600 IN TXT a\\\nb.se. 3600 IN A 192.0.2.9\n",
     TH_ZONEFILE_BAD_ESCAPE, 1, NULL},
    {"a.se. 3600 IN TXT \"open\nb.se. 3600 IN A 192.0.2.9\n",
     TH_ZONEFILE_BAD_STRING, 1, NULL},
    {"$FOO bar\n", TH_ZONEFILE_BAD_DIRECTIVE, 1, "$FOO"},
    {"$GENERATE 1-10 host$ A 192.0.2.$\n", TH_ZONEFILE_BAD_DIRECTIVE, 1, NULL},
    {"$ORIGIN\n", TH_ZONEFILE_BAD_DIRECTIVE, 1, NULL},
    {"$ORIGIN a..b.\n", TH_ZONEFILE_BAD_NAME, 1, NULL},
    {"$ORIGIN rel\n", TH_ZONEFILE_NO_ORIGIN, 1, "rel"},
    {"$TTL 1 2\n", TH_ZONEFILE_BAD_DIRECTIVE, 1, NULL},
    {"$TTL x\n", TH_ZONEFILE_BAD_TTL, 1, NULL},
    {"$INCLUDE other.zone\n", TH_ZONEFILE_INCLUDE_REFUSED, 1, "other.zone"},
    {"\n\n; comment\na.se. 3600 IN A\n", TH_ZONEFILE_MISSING_FIELD, 4, NULL},
    {"a.se. 3600 IN SOA a.se. b.se. (\n 1 2 3\n 4 x )\n",
     TH_ZONEFILE_BAD_NUMBER, 3, "x"},
};

#define GOOD_RR "ok.se. 3600 IN A 192.0.2.200\n"

START_TEST(test_zonefile_error)
{
	char text[512];
	struct got g;
	unsigned long lines = 0;

	for (const char *p = error_cases[_i].zone; *p; p++)
		lines += *p == '\n';
	snprintf(text, sizeof(text), "%s%s", error_cases[_i].zone, GOOD_RR);
	read_str(text, &g);
	ck_assert_msg(g.errs.n >= 1, "case %d: no error", _i);
	ck_assert_msg(g.errs.e[0].reason == error_cases[_i].reason,
	              "case %d: %s, expected %s (%s)", _i,
	              th_zonefile_reason_name(g.errs.e[0].reason),
	              th_zonefile_reason_name(error_cases[_i].reason),
	              g.errs.e[0].detail);
	ck_assert_uint_eq(g.errs.e[0].line, error_cases[_i].line);
	ck_assert_str_eq(g.errs.e[0].file, "t.zone");
	if (error_cases[_i].detail != NULL)
		ck_assert_msg(
		    strstr(g.errs.e[0].detail, error_cases[_i].detail) != NULL,
		    "case %d: detail '%s'", _i, g.errs.e[0].detail);
	ck_assert_int_eq(g.rc, 0);
	ck_assert_uint_eq(g.st.skipped, g.errs.n);
	/* The read went on: the good record after it is there. */
	ck_assert_uint_ge(g.n, 1);
	ck_assert_uint_eq(g.r[g.n - 1].line, lines + 1);
	assert_rec_is(&g.r[g.n - 1], GOOD_RR);
	got_free(&g);
}
END_TEST

/* Errors that end the read: reported once, then a sticky status. */
static const struct {
	const char *zone;
	enum th_zonefile_reason reason;
	unsigned long line;
	size_t records;
} fatal_cases[] = {
    {"a.se. 60 A 192.0.2.1\nb.se. 60 TXT ( \"x\"\n\n",
     TH_ZONEFILE_FATAL_OPEN_PAREN, 2, 1},
    {"a.se. 60 A 192.0.2.1\nb.se. 60 TXT ( x ; ) in a comment",
     TH_ZONEFILE_FATAL_OPEN_PAREN, 2, 1},
    {"a.se. 60 TXT \"abc", TH_ZONEFILE_FATAL_OPEN_QUOTE, 1, 0},
    {"a.se. 60 TXT ( \"ab\\\"c)", TH_ZONEFILE_FATAL_OPEN_QUOTE, 1, 0},
};

START_TEST(test_zonefile_fatal)
{
	struct got g;
	struct th_zonefile *zf;
	const struct th_zonefile_rr *rr;
	struct th_zonefile_conf conf = {0};
	struct errs errs = {0};

	read_str(fatal_cases[_i].zone, &g);
	ck_assert_int_eq(g.rc, TH_ESYNTAX);
	ck_assert_uint_eq(g.n, fatal_cases[_i].records);
	ck_assert_uint_eq(g.errs.n, 1);
	ck_assert_int_eq(g.errs.e[0].reason, fatal_cases[_i].reason);
	ck_assert_uint_eq(g.errs.e[0].line, fatal_cases[_i].line);
	got_free(&g);

	/* Sticky, and reported once. */
	conf.on_error = on_err;
	conf.arg = &errs;
	ck_assert_int_eq(th_zonefile_open_mem(&zf, fatal_cases[_i].zone,
	                                      strlen(fatal_cases[_i].zone),
	                                      "t.zone", &conf),
	                 0);
	while (th_zonefile_next(zf, &rr) == 0 && rr != NULL)
		;
	ck_assert_int_eq(th_zonefile_next(zf, &rr), TH_ESYNTAX);
	ck_assert_ptr_null(rr);
	ck_assert_uint_eq(errs.n, 1);
	th_zonefile_destroy(&zf);
}
END_TEST

/* TXT of 300 strings of 255 octets: 76,800 octets of RDATA. */
START_TEST(test_zonefile_rdata_too_long)
{
	size_t n = 300 * 258 + 64;
	char *text = malloc(n), *p = text;
	struct got g;

	ck_assert_ptr_nonnull(text);
	p += snprintf(p, n, "a.se. 60 TXT (\n");
	for (int i = 0; i < 300; i++) {
		memset(p, 'x', 255);
		p[255] = '\n';
		p += 256;
	}
	p += snprintf(p, (size_t)(text + n - p), ")\n%s", GOOD_RR);
	read_text(text, (size_t)(p - text), 0, NULL, &g);
	ck_assert_uint_eq(g.errs.n, 1);
	ck_assert_int_eq(g.errs.e[0].reason, TH_ZONEFILE_RDATA_TOO_LONG);
	ck_assert_uint_eq(g.n, 1);
	got_free(&g);
	free(text);
}
END_TEST

/*
 * Inputs larger than the 256 KiB read buffer: a record across a buffer
 * boundary, a 600 KiB record, and one over the 1 MiB limit.
 */
START_TEST(test_zonefile_big_input)
{
	size_t n = 4u << 20, used = 0;
	char *text = malloc(n);
	struct got g;
	unsigned records = 0;

	ck_assert_ptr_nonnull(text);
	for (unsigned i = 0; i < 20000; i++, records++)
		used += (size_t)snprintf(text + used, n - used,
		                         "n%u.se. 60 IN A 192.0.2.%u\n", i,
		                         i % 256);
	/* 250 strings of 250 octets, each line padded by a long comment. */
	used += (size_t)snprintf(text + used, n - used, "big.se. 60 TXT (\n");
	for (unsigned i = 0; i < 250; i++) {
		memset(text + used, 'y', 250);
		memcpy(text + used + 250, " ;", 2);
		memset(text + used + 252, 'c', 1000);
		text[used + 1252] = '\n';
		used += 1253;
	}
	used += (size_t)snprintf(text + used, n - used,
	                         ")\nlast.se. 60 A "
	                         "192.0.2.1\n");
	records += 2;
	read_text(text, used, 0, NULL, &g);
	ck_assert_uint_eq(g.errs.n, 0);
	ck_assert_uint_eq(g.n, records);
	ck_assert_uint_eq(g.r[20000].type, TH_T_TXT);
	ck_assert_uint_eq(g.r[20000].rdlen, 250 * 251);
	ck_assert_uint_eq(g.r[20001].line, 20000 + 1 + 250 + 1 + 1);
	ck_assert_uint_eq(g.st.bytes, used);
	got_free(&g);

	/* Over 1 MiB in one record: the read ends there. */
	used =
	    (size_t)snprintf(text, n, "a.se. 60 A 192.0.2.1\nb.se. 60 TXT (\n");
	while (used < (1u << 20) + 4096) {
		memset(text + used, 'z', 99);
		text[used + 99] = '\n';
		used += 100;
	}
	used += (size_t)snprintf(text + used, n - used, ")\n");
	read_text(text, used, 0, NULL, &g);
	ck_assert_int_eq(g.rc, TH_ESYNTAX);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(g.errs.n, 1);
	ck_assert_int_eq(g.errs.e[0].reason, TH_ZONEFILE_FATAL_TOO_LONG);
	got_free(&g);
	free(text);
}
END_TEST

/* ---- sources ------------------------------------------------------------ */

static char *
tmpdir_make(void)
{
	char tmpl[] = "/tmp/test_zonefile.XXXXXX";
	char *d = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
rm_rf(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_zonefile_sources)
{
	static const char zone[] = "a.se. 60 A 192.0.2.1\nb.se. 60 A "
	                           "192.0.2.2\n";
	char *dir = tmpdir_make(), path[512];
	struct th_zonefile *zf;
	struct got g;
	FILE *fp;
	int fd;

	write_file(dir, "z.zone", zone);
	snprintf(path, sizeof(path), "%s/z.zone", dir);

	ck_assert_int_eq(th_zonefile_open(&zf, path, NULL), 0);
	memset(&g, 0, sizeof(g));
	read_zf(zf, &g);
	th_zonefile_destroy(&zf);
	ck_assert_uint_eq(g.n, 2);
	got_free(&g);

	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(th_zonefile_open_fp(&zf, fp, "fp", NULL), 0);
	memset(&g, 0, sizeof(g));
	read_zf(zf, &g);
	th_zonefile_destroy(&zf);
	ck_assert_uint_eq(g.n, 2);
	got_free(&g);
	/* The stream is still the caller's. */
	ck_assert_int_eq(fclose(fp), 0);

	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(th_zonefile_open_fd(&zf, fd, "fd", NULL), 0);
	memset(&g, 0, sizeof(g));
	read_zf(zf, &g);
	th_zonefile_destroy(&zf);
	ck_assert_uint_eq(g.n, 2);
	assert_rec_is(&g.r[1], "b.se. 60 IN A 192.0.2.2");
	got_free(&g);
	ck_assert_int_eq(close(fd), 0);

	snprintf(path, sizeof(path), "%s/missing.zone", dir);
	ck_assert_int_eq(th_zonefile_open(&zf, path, NULL), -ENOENT);
	th_zonefile_destroy(&zf); /* NULL: a no-op */
	rm_rf(dir);
	free(dir);
}
END_TEST

/* Errors without a callback go to the log and are still counted. */
START_TEST(test_zonefile_default_errors)
{
	struct th_zonefile *zf;
	const struct th_zonefile_rr *rr;
	struct th_zonefile_stats st;
	static const char zone[] = "a.se. 60 FOO 1\nb.se. 60 A 192.0.2.2\n";

	ck_assert_int_eq(
	    th_zonefile_open_mem(&zf, zone, strlen(zone), "log.zone", NULL), 0);
	ck_assert_int_eq(th_zonefile_next(zf, &rr), 0);
	ck_assert_ptr_nonnull(rr);
	ck_assert_str_eq(rr->file, "log.zone");
	ck_assert_int_eq(th_zonefile_next(zf, &rr), 0);
	ck_assert_ptr_null(rr);
	th_zonefile_stats(zf, &st);
	ck_assert_uint_eq(st.skipped, 1);
	th_zonefile_destroy(&zf);
}
END_TEST

START_TEST(test_zonefile_include)
{
	char *dir = tmpdir_make(), path[512], sub[512];
	struct th_zonefile_conf conf = {0};
	struct th_zonefile *zf;
	struct errs errs = {0};
	struct got g;

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	write_file(dir, "main.zone",
	           "$ORIGIN se.\n$TTL 60\na A 192.0.2.1\n"
	           "$INCLUDE sub/inc.zone example.se.\n"
	           "\tA 192.0.2.3\n"
	           "b A 192.0.2.2\n");
	write_file(dir, "sub/inc.zone",
	           "www A 192.0.2.9\n$INCLUDE deeper.zone\n\tAAAA ::1\n");
	write_file(dir, "sub/deeper.zone", "deep A 192.0.2.10\n");
	write_file(dir, "self.zone", "$INCLUDE self.zone\n");
	write_file(dir, "missing.zone",
	           "$INCLUDE nothere.zone\n"
	           "a.se. 60 A 192.0.2.1\n");
	snprintf(path, sizeof(path), "%s/main.zone", dir);

	/* Refused by default. */
	conf.on_error = on_err;
	conf.arg = &errs;
	ck_assert_int_eq(th_zonefile_open(&zf, path, &conf), 0);
	memset(&g, 0, sizeof(g));
	read_zf(zf, &g);
	th_zonefile_destroy(&zf);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.e[0].reason, TH_ZONEFILE_INCLUDE_REFUSED);
	ck_assert_uint_eq(errs.e[0].line, 4);
	ck_assert_str_eq(errs.e[0].file, path);
	ck_assert_uint_eq(g.n, 3);
	assert_rec_is(&g.r[1], "a.se. 60 IN A 192.0.2.3");
	got_free(&g);

	/* Allowed: relative to the includer, origin and owner restored. */
	memset(&errs, 0, sizeof(errs));
	conf.flags = TH_ZONEFILE_ALLOW_INCLUDE;
	ck_assert_int_eq(th_zonefile_open(&zf, path, &conf), 0);
	memset(&g, 0, sizeof(g));
	read_zf(zf, &g);
	th_zonefile_destroy(&zf);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_uint_eq(g.n, 6);
	assert_rec_is(&g.r[0], "a.se. 60 IN A 192.0.2.1");
	assert_rec_is(&g.r[1], "www.example.se. 60 IN A 192.0.2.9");
	assert_rec_is(&g.r[2], "deep.example.se. 60 IN A 192.0.2.10");
	/* Back in inc.zone: its owner before the nested include. */
	assert_rec_is(&g.r[3], "www.example.se. 60 IN AAAA ::1");
	assert_rec_is(&g.r[4], "a.se. 60 IN A 192.0.2.3");
	assert_rec_is(&g.r[5], "b.se. 60 IN A 192.0.2.2");
	ck_assert_uint_eq(g.st.includes, 2);
	ck_assert_uint_eq(g.r[2].line, 1);
	got_free(&g);

	/* A file that includes itself stops at the depth limit. */
	memset(&errs, 0, sizeof(errs));
	snprintf(path, sizeof(path), "%s/self.zone", dir);
	ck_assert_int_eq(th_zonefile_open(&zf, path, &conf), 0);
	memset(&g, 0, sizeof(g));
	read_zf(zf, &g);
	th_zonefile_destroy(&zf);
	ck_assert_int_eq(g.rc, 0);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.e[0].reason, TH_ZONEFILE_INCLUDE_DEPTH);
	ck_assert_uint_eq(g.st.includes, TH_ZONEFILE_MAXDEPTH);
	got_free(&g);

	/* A missing file is an error; the read goes on. */
	memset(&errs, 0, sizeof(errs));
	snprintf(path, sizeof(path), "%s/missing.zone", dir);
	ck_assert_int_eq(th_zonefile_open(&zf, path, &conf), 0);
	memset(&g, 0, sizeof(g));
	read_zf(zf, &g);
	th_zonefile_destroy(&zf);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_int_eq(errs.e[0].reason, TH_ZONEFILE_INCLUDE_FAILED);
	ck_assert(strstr(errs.e[0].detail, "nothere.zone") != NULL);
	ck_assert_uint_eq(g.n, 1);
	got_free(&g);

	rm_rf(dir);
	free(dir);
}
END_TEST

/* ---- the corpus of malformed files -------------------------------------- */

/*
 * Each file in tests/data/zonefile/bad/ starts with a comment
 * "; expect REASON LINE RECORDS": the first error's reason and line, and
 * how many records are still read. No file may crash or hang the reader.
 */
START_TEST(test_zonefile_bad_corpus)
{
	char dir[512], path[1024], reason[64];
	const char *src = __FILE__, *slash = strrchr(src, '/');
	DIR *d;
	struct dirent *de;
	unsigned files = 0;

	snprintf(dir, sizeof(dir), "%.*s/../data/zonefile/bad",
	         (int)(slash - src), src);
	d = opendir(dir);
	ck_assert_msg(d != NULL, "no corpus at %s", dir);
	while ((de = readdir(d)) != NULL) {
		struct th_zonefile_conf conf = {0};
		struct th_zonefile *zf;
		struct errs errs = {0};
		struct got g;
		unsigned long line, nrec;
		FILE *f;
		int r;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "r");
		ck_assert_ptr_nonnull(f);
		ck_assert_msg(fscanf(f, "; expect %63s %lu %lu", reason, &line,
		                     &nrec) == 3,
		              "%s: no '; expect REASON LINE RECORDS' line",
		              de->d_name);
		fclose(f);
		for (r = 0; r < TH_ZONEFILE__REASONS; r++)
			if (strcmp(th_zonefile_reason_name(r), reason) == 0)
				break;
		ck_assert_msg(r < TH_ZONEFILE__REASONS, "%s: reason %s",
		              de->d_name, reason);
		conf.on_error = on_err;
		conf.arg = &errs;
		ck_assert_int_eq(th_zonefile_open(&zf, path, &conf), 0);
		memset(&g, 0, sizeof(g));
		read_zf(zf, &g);
		th_zonefile_destroy(&zf);
		ck_assert_msg(errs.n >= 1, "%s: no error", de->d_name);
		ck_assert_msg(
		    (int)errs.e[0].reason == r && errs.e[0].line == line,
		    "%s: %s line %lu, expected %s line %lu", de->d_name,
		    th_zonefile_reason_name(errs.e[0].reason), errs.e[0].line,
		    reason, line);
		ck_assert_msg(g.n == nrec, "%s: %zu records, expected %lu",
		              de->d_name, g.n, nrec);
		ck_assert_int_eq(g.rc != 0, th_zonefile_reason_fatal(
		                                (enum th_zonefile_reason)r));
		got_free(&g);
		files++;
	}
	closedir(d);
	ck_assert_uint_ge(files, 20);
}
END_TEST

/* ---- delegations -------------------------------------------------------- */

#define HEX64 "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE0E6F7C9E5C4DD2B4A5C8C9D0"

/* Records of one delegation spread over the file, as unsorted zones do. */
static const char deleg_zone[] =
    "$ORIGIN se.\n$TTL 3600\n"
    "b.se. NS ns1.b.se.\n"
    "a NS ns1.hoster.net.\n"
    "ns1.b A 192.0.2.1\n"
    "@ SOA a.ns.se. host.se. 1 2 3 4 5\n"
    "@ NS a.ns\n"
    "a.ns A 127.0.0.1\n"
    "c 7200 NS ns.a\n"
    "ns.a A 192.0.2.9\n"
    "ns.a AAAA 2001:db8::9\n"
    "sub.a NS ns.elsewhere.net.\n"
    "a DS 1 13 2 " HEX64 "\n"
    "b NS NS2.B\n"
    "ns1.b AAAA 2001:db8::1\n"
    "orphan DS 2 13 2 " HEX64 "\n"
    "other.net. NS x.net.\n"
    "A.SE. DS 3 8 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n"
    "b RRSIG NS 13 2 3600 1 2 3 se. AwEAAQ==\n"
    "@ SOA a.ns.se. host.se. 1 2 3 4 5\n";

static struct th_dname
dn(const char *text)
{
	struct th_dname d;

	ck_assert_int_eq(th_dname_parse(&d, text, strlen(text), NULL, NULL), 0);
	return d;
}

static void
check_delegs(const struct th_dname *origin)
{
	struct th_zonefile *zf;
	struct th_zonefile_delegs *dl;
	struct th_zonefile_delegs_stats st;
	const struct th_zonefile_deleg *d;
	struct th_dname n;
	static const uint8_t ip[] = {192, 0, 2, 1}, ip9[] = {192, 0, 2, 9};

	ck_assert_int_eq(th_zonefile_open_mem(&zf, deleg_zone,
	                                      strlen(deleg_zone), "d.zone",
	                                      NULL),
	                 0);
	ck_assert_int_eq(th_zonefile_delegs_read(&dl, zf, origin), 0);
	n = dn("se.");
	ck_assert(th_dname_equal(th_zonefile_delegs_origin(dl), &n));

	/* b: first NS first; its second NS came later, in upper case. */
	ck_assert_int_eq(th_zonefile_delegs_next(dl, &d), 0);
	ck_assert_ptr_nonnull(d);
	n = dn("b.se.");
	ck_assert(th_dname_equal(&d->name, &n));
	ck_assert_uint_eq(d->nns, 2);
	n = dn("ns1.b.se.");
	ck_assert(th_dname_equal(&d->ns[0], &n));
	n = dn("ns2.b.se.");
	ck_assert(th_dname_equal(&d->ns[1], &n));
	ck_assert_uint_eq(d->nds, 0);
	ck_assert_uint_eq(d->nglue, 2);
	ck_assert_uint_eq(d->glue[0].ns, 0);
	ck_assert_uint_eq(d->glue[0].type, TH_T_A);
	ck_assert_mem_eq(d->glue[0].addr, ip, 4);
	ck_assert_uint_eq(d->glue[1].type, TH_T_AAAA);
	ck_assert_uint_eq(d->glue[1].addr[15], 1);

	/* a: out-of-bailiwick NS, two DS from two places, file order. */
	ck_assert_int_eq(th_zonefile_delegs_next(dl, &d), 0);
	ck_assert_ptr_nonnull(d);
	n = dn("a.se.");
	ck_assert(th_dname_equal(&d->name, &n));
	ck_assert_uint_eq(d->nns, 1);
	ck_assert_uint_eq(d->nglue, 0);
	ck_assert_uint_eq(d->nds, 2);
	ck_assert_uint_eq(d->ds[0].keytag, 1);
	ck_assert_uint_eq(d->ds[0].algorithm, 13);
	ck_assert_uint_eq(d->ds[0].digest_type, 2);
	ck_assert_uint_eq(d->ds[0].digest_len, 32);
	ck_assert_uint_eq(d->ds[0].digest[0], 0x49);
	ck_assert_uint_eq(d->ds[1].keytag, 3);
	ck_assert_uint_eq(d->ds[1].digest_len, 20);

	/* c: sibling glue (ns.a.se. is in the zone, below a.se.). */
	ck_assert_int_eq(th_zonefile_delegs_next(dl, &d), 0);
	ck_assert_ptr_nonnull(d);
	n = dn("c.se.");
	ck_assert(th_dname_equal(&d->name, &n));
	ck_assert_uint_eq(d->ns_ttl, 7200);
	ck_assert_uint_eq(d->nglue, 2);
	ck_assert_mem_eq(d->glue[0].addr, ip9, 4);

	ck_assert_int_eq(th_zonefile_delegs_next(dl, &d), 0);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(th_zonefile_delegs_next(dl, &d), 0);
	ck_assert_ptr_null(d);

	th_zonefile_delegs_stats(dl, &st);
	ck_assert_uint_eq(st.delegations, 3);
	ck_assert_uint_eq(st.with_ds, 1);
	ck_assert_uint_eq(st.ns_records, 4);
	ck_assert_uint_eq(st.ds_records, 2);
	ck_assert_uint_eq(st.glue, 5);
	ck_assert_uint_eq(st.soa, 2);
	ck_assert_uint_eq(st.apex_ns, 1);
	ck_assert_uint_eq(st.out_of_zone, 1);
	ck_assert_uint_eq(st.occluded, 1);
	ck_assert_uint_eq(st.orphan_ds, 1);
	ck_assert_uint_eq(st.file.records, 18);
	ck_assert_uint_gt(st.memory, 0);
	th_zonefile_delegs_destroy(&dl);
	ck_assert_ptr_null(dl);
	th_zonefile_delegs_destroy(&dl);
	th_zonefile_destroy(&zf);
}

START_TEST(test_zonefile_delegs_unsorted)
{
	struct th_dname se = dn("SE.");

	check_delegs(NULL); /* the origin from the SOA */
	check_delegs(&se);
}
END_TEST

START_TEST(test_zonefile_delegs_errors)
{
	struct th_zonefile *zf;
	struct th_zonefile_delegs *dl = NULL;
	static const char nosoa[] = "a.se. 60 NS ns.b.se.\n";
	static const char broken[] = "a.se. 60 NS ns.b.se.\nb.se. 60 TXT ( x\n";

	ck_assert_int_eq(
	    th_zonefile_open_mem(&zf, nosoa, strlen(nosoa), "n", NULL), 0);
	ck_assert_int_eq(th_zonefile_delegs_read(&dl, zf, NULL), TH_ENOTFOUND);
	ck_assert_ptr_null(dl);
	th_zonefile_destroy(&zf);

	ck_assert_int_eq(
	    th_zonefile_open_mem(&zf, broken, strlen(broken), "b", NULL), 0);
	ck_assert_int_eq(th_zonefile_delegs_read(&dl, zf, NULL), TH_ESYNTAX);
	ck_assert_ptr_null(dl);
	th_zonefile_destroy(&zf);
}
END_TEST

/* Many delegations, every tenth with its DS at the end of the file. */
START_TEST(test_zonefile_delegs_many)
{
	size_t cap = 4u << 20, used = 0;
	char *text = malloc(cap);
	struct th_zonefile *zf;
	struct th_zonefile_delegs *dl;
	struct th_zonefile_delegs_stats st;
	const struct th_zonefile_deleg *d;
	unsigned n = 0, withds = 0;

	ck_assert_ptr_nonnull(text);
	used += (size_t)snprintf(text, cap,
	                         "$ORIGIN se.\n$TTL 60\n"
	                         "@ SOA a.se. b.se. 1 2 3 4 5\n");
	for (unsigned i = 0; i < 30000; i++)
		used += (size_t)snprintf(
		    text + used, cap - used,
		    "d%u NS ns1.op%u.net.\n\tNS ns2.op%u.net.\n", i, i % 50,
		    i % 50);
	for (unsigned i = 0; i < 30000; i += 10)
		used += (size_t)snprintf(text + used, cap - used,
		                         "d%u DS %u 13 2 " HEX64 "\n", i, i);
	ck_assert_int_eq(th_zonefile_open_mem(&zf, text, used, "m", NULL), 0);
	ck_assert_int_eq(th_zonefile_delegs_read(&dl, zf, NULL), 0);
	while (th_zonefile_delegs_next(dl, &d) == 0 && d != NULL) {
		char want[32];
		struct th_dname w;

		snprintf(want, sizeof(want), "d%u.se.", n);
		w = dn(want);
		ck_assert(th_dname_equal(&d->name, &w));
		ck_assert_uint_eq(d->nns, 2);
		ck_assert_uint_eq(d->nds, n % 10 == 0 ? 1 : 0);
		if (d->nds == 1)
			ck_assert_uint_eq(d->ds[0].keytag, n);
		withds += d->nds;
		n++;
	}
	ck_assert_uint_eq(n, 30000);
	ck_assert_uint_eq(withds, 3000);
	th_zonefile_delegs_stats(dl, &st);
	ck_assert_uint_eq(st.delegations, 30000);
	ck_assert_uint_eq(st.with_ds, 3000);
	th_zonefile_delegs_destroy(&dl);
	th_zonefile_destroy(&zf);
	free(text);
}
END_TEST

Suite *
suite_zonefile(void)
{
	Suite *s = suite_create("zonefile");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_set_timeout(pos, 30);
	tcase_set_timeout(neg, 30);
	tcase_add_loop_test(pos, test_zonefile_rdata, 0, N_ELEMS(rdata_cases));
	tcase_add_test(pos, test_zonefile_rdata_parse);
	tcase_add_test(pos, test_zonefile_type_parse);
	tcase_add_test(pos, test_zonefile_reasons);
	tcase_add_loop_test(pos, test_zonefile_syntax, 0,
	                    N_ELEMS(syntax_cases));
	tcase_add_test(pos, test_zonefile_lines);
	tcase_add_test(pos, test_zonefile_big_input);
	tcase_add_test(pos, test_zonefile_sources);
	tcase_add_test(pos, test_zonefile_include);
	tcase_add_test(pos, test_zonefile_delegs_unsorted);
	tcase_add_test(pos, test_zonefile_delegs_many);

	tcase_add_loop_test(neg, test_zonefile_error, 0, N_ELEMS(error_cases));
	tcase_add_loop_test(neg, test_zonefile_fatal, 0, N_ELEMS(fatal_cases));
	tcase_add_test(neg, test_zonefile_rdata_too_long);
	tcase_add_test(neg, test_zonefile_default_errors);
	tcase_add_test(neg, test_zonefile_bad_corpus);
	tcase_add_test(neg, test_zonefile_delegs_errors);

	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
