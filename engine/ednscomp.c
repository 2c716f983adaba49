/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ednscomp.c -- the EDNS compliance classification (see ednscomp.h and
 * docs/edns.md).
 *
 * The checks are those genreport makes of each answer, in its order, so
 * that our codes read like ednscomp.isc.org's reports. Two differences come
 * from our queries, not from the checks: edns and edns1 are Zonemaster's
 * queries (512 octets, where genreport offers 4096), and ednstcp asks SOA
 * without DO (genreport asks DNSKEY with DO), so the SOA checks apply to it.
 * Codes genreport gives for queries we never send (header flag and opcode
 * tests) are left out; its informational tags (nsid, expire, cookie,
 * subnet) are not failures and are not kept.
 */
#include "engine/ednscomp.h"

#include "common/msg.h"

#include <stdio.h>
#include <string.h>
#include <uv.h>

/* The option code genreport's ednsopt and edns1opt send. */
#define ECHO_OPTION 100
/* EDNS flags other than DO: "must be zero". */
#define MBZ_MASK 0x7fffu

static const char *const test_names[] = {
#define TH_EDNSCOMP_TEST_NAME(name, text) text,
    TH_EDNSCOMP_TEST_MAP(TH_EDNSCOMP_TEST_NAME)
#undef TH_EDNSCOMP_TEST_NAME
};

static const char *const code_names[] = {
#define TH_EDNSCOMP_CODE_NAME(name, text) text,
    TH_EDNSCOMP_CODE_MAP(TH_EDNSCOMP_CODE_NAME)
#undef TH_EDNSCOMP_CODE_NAME
};

static const char *const verdict_names[] = {
#define TH_EDNSCOMP_VERDICT_NAME(name, text) text,
    TH_EDNSCOMP_VERDICT_MAP(TH_EDNSCOMP_VERDICT_NAME)
#undef TH_EDNSCOMP_VERDICT_NAME
};

/* What each test asks: genreport's opts[] row, with our flavours. */
struct ectest {
	enum th_qflavor flavor;
	uint16_t qtype;
	uint8_t version;
	bool edns; /* an OPT record in the query (genreport: udpsize != 0) */
	bool dnssec_ok;
	bool ignore_tc; /* UDP only, a truncated answer is the answer */
	bool cookie;    /* the query carries a client cookie */
	uint16_t udpsize;
};

static const struct ectest tests[TH_EC__COUNT] = {
    [TH_EC_DNS] = {TH_QF_PLAIN, TH_T_SOA, 0, false, false, false, false, 0},
    [TH_EC_EDNS] = {TH_QF_EDNS, TH_T_SOA, 0, true, false, false, false, 512},
    [TH_EC_EDNS1] = {TH_QF_EDNS1, TH_T_SOA, 1, true, false, false, false, 512},
    [TH_EC_EDNS512] = {TH_QF_DO512, TH_T_DNSKEY, 0, true, true, true, false,
                       512},
    [TH_EC_EDNSOPT] = {TH_QF_FD_EDNSOPT, TH_T_SOA, 0, true, false, false, false,
                       1232},
    [TH_EC_EDNS1OPT] = {TH_QF_FD_EDNS1OPT, TH_T_SOA, 1, true, false, false,
                        false, 1232},
    [TH_EC_DO] = {TH_QF_DNSSEC, TH_T_SOA, 0, true, true, false, false, 1232},
    [TH_EC_EDNSFLAGS] = {TH_QF_FD_EDNSFLAGS, TH_T_SOA, 0, true, false, false,
                         false, 1232},
    [TH_EC_OPTLIST] = {TH_QF_FD_OPTLIST, TH_T_SOA, 0, true, false, false, true,
                       1232},
    [TH_EC_EDNSTCP] = {TH_QF_FD_EDNSTCP, TH_T_SOA, 0, true, false, false, false,
                       1232},
};

const char *
th_ednscomp_test_name(enum th_ednscomp_test t)
{
	return (unsigned)t < TH_EC__COUNT ? test_names[t] : "?";
}

void
th_ednscomp_test_query(enum th_ednscomp_test t, enum th_qflavor *f,
                       uint16_t *qtype)
{
	if ((unsigned)t >= TH_EC__COUNT)
		t = TH_EC_DNS;
	*f = tests[t].flavor;
	*qtype = tests[t].qtype;
}

const char *
th_ednscomp_code_name(enum th_ednscomp_code c)
{
	return (unsigned)c < TH_ECC__COUNT ? code_names[c] : "?";
}

const char *
th_ednscomp_verdict_name(enum th_ednscomp_verdict v)
{
	return (unsigned)v < TH_ECV__COUNT ? verdict_names[v] : "?";
}

/* The code for an RCODE that was not the expected one. */
static enum th_ednscomp_code
rcode_code(uint16_t rcode)
{
	static const enum th_ednscomp_code low[] = {
	    TH_ECC_NOERROR, TH_ECC_FORMERR, TH_ECC_SERVFAIL, TH_ECC_NXDOMAIN,
	    TH_ECC_NOTIMP,  TH_ECC_REFUSED, TH_ECC_YXDOMAIN, TH_ECC_YXRRSET,
	    TH_ECC_NXRRSET, TH_ECC_NOTAUTH, TH_ECC_NOTZONE,
	};

	if (rcode < sizeof(low) / sizeof(low[0]))
		return low[rcode];
	if (rcode == TH_RCODE_BADVERS)
		return TH_ECC_BADVERS;
	if (rcode == TH_RCODE_BADCOOKIE)
		return TH_ECC_BADCOOKIE;
	return TH_ECC_RCODE;
}

/* Why no DNS answer came back. */
static enum th_ednscomp_code
no_answer_code(const struct th_answer *a)
{
	switch (a->outcome) {
	case TH_OUT_TIMEOUT:
		return TH_ECC_TIMEOUT;
	case TH_OUT_NETWORK_ERROR:
		if (a->neterr == UV_ECONNRESET)
			return TH_ECC_RESET;
		if (a->neterr == UV_ECONNREFUSED)
			return TH_ECC_REFUSED_CONN;
		if (a->neterr == UV_EOF)
			return TH_ECC_EOF;
		return TH_ECC_FAILED;
	case TH_OUT_MALFORMED:
		return TH_ECC_MALFORMED;
	default:
		/* TRUNCATED_NO_TCP: the TCP retry after TC failed. */
		return TH_ECC_FAILED;
	}
}

/* A server cookie answered (client 8 + server 8 to 32 octets). */
static bool
seen_cookie(const struct th_msg *m)
{
	const uint8_t *data;
	uint16_t len;

	return th_msg_edns_option(m, TH_EDNS_OPT_COOKIE, &data, &len) &&
	       len >= 16 && len <= 40;
}

void
th_ednscomp_judge(enum th_ednscomp_test t, const struct th_dname *zone,
                  const struct th_answer *a, struct th_ednscomp_result *out)
{
	const struct ectest *q = &tests[(unsigned)t < TH_EC__COUNT ? t : 0];
	const uint8_t *data;
	uint16_t dlen;
	struct th_msg m;
	uint64_t c = 0;
	bool opt, aa;
	unsigned vers;

	memset(out, 0, sizeof(*out));
	if (a == NULL)
		return;
	/* A truncated answer without its TCP retry is still the answer of
	 * a test that keeps TC (genreport's "ignore"). */
	if ((a->outcome != TH_OUT_ANSWER &&
	     !(a->outcome == TH_OUT_TRUNCATED_NO_TCP && q->ignore_tc)) ||
	    th_msg_parse(&m, a->wire, a->len, NULL) != 0) {
		out->state = TH_ECS_NO_ANSWER;
		out->codes =
		    TH_ECC_BIT(a->outcome == TH_OUT_ANSWER ? TH_ECC_MALFORMED
		                                           : no_answer_code(a));
		return;
	}
	out->state = TH_ECS_ANSWER;
	out->rcode = m.rcode;
	opt = m.has_opt;
	aa = (m.flags & TH_MSG_AA) != 0;
	vers = m.edns_version;
	/* The RCODE: NOERROR (or BADCOOKIE with a server cookie to a
	 * client cookie) for version 0, BADVERS for version 1. */
	if (q->version == 0) {
		if (m.rcode != TH_RCODE_NOERROR &&
		    !(q->cookie && m.rcode == TH_RCODE_BADCOOKIE &&
		      seen_cookie(&m)))
			c |= TH_ECC_BIT(rcode_code(m.rcode));
	} else if (m.rcode != TH_RCODE_BADVERS) {
		c |= TH_ECC_BIT(rcode_code(m.rcode));
	}
	if (opt && vers != 0)
		c |= TH_ECC_BIT(TH_ECC_VERSION_NOT_ZERO);
	if (opt && ((vers < q->version && m.rcode != TH_RCODE_BADVERS) ||
	            (vers >= q->version && m.rcode == TH_RCODE_BADVERS)))
		c |= TH_ECC_BIT(TH_ECC_BADVERSION);
	if (!opt && q->edns)
		c |= TH_ECC_BIT(TH_ECC_NOOPT);
	if (opt && !q->edns)
		c |= TH_ECC_BIT(TH_ECC_OPT);
	if (q->qtype == TH_T_SOA) {
		bool soa = th_msg_has_rr(&m, TH_SEC_ANSWER, TH_T_SOA, zone);

		if (q->version == 0 && !q->ignore_tc && !soa &&
		    m.rcode == TH_RCODE_NOERROR)
			c |= TH_ECC_BIT(TH_ECC_NOSOA);
		if (soa && (q->version != 0 || m.rcode != TH_RCODE_NOERROR))
			c |= TH_ECC_BIT(TH_ECC_SOA);
	}
	if (th_msg_edns_option(&m, ECHO_OPTION, &data, &dlen))
		c |= TH_ECC_BIT(TH_ECC_ECHOED);
	if (opt && q->dnssec_ok && !(m.edns_flags & TH_EDNS_DO))
		c |= TH_ECC_BIT(TH_ECC_NODO);
	if (!aa && q->version == 0 && m.rcode == TH_RCODE_NOERROR)
		c |= TH_ECC_BIT(TH_ECC_NOAA);
	/* Header bits the queries never set (RD, AD, CD; AD is allowed
	 * when DO was set), and the reserved Z bit. */
	if (m.flags & TH_MSG_RD)
		c |= TH_ECC_BIT(TH_ECC_RD);
	if ((m.flags & TH_MSG_AD) && !q->dnssec_ok)
		c |= TH_ECC_BIT(TH_ECC_AD);
	if (m.flags & TH_MSG_CD)
		c |= TH_ECC_BIT(TH_ECC_CD);
	if (m.flags & TH_MSG_Z)
		c |= TH_ECC_BIT(TH_ECC_Z);
	if (opt && (m.edns_flags & MBZ_MASK) != 0)
		c |= TH_ECC_BIT(TH_ECC_MBZ);
	if (q->ignore_tc && a->via == TH_VIA_UDP &&
	    a->len > (q->udpsize ? q->udpsize : 512))
		c |= TH_ECC_BIT(TH_ECC_TOOBIG);
	out->codes = c != 0 ? c : TH_ECC_BIT(TH_ECC_OK);
}

void
th_ednscomp_classify(const struct th_evidence *ev, const struct th_addr *addr,
                     struct th_ednscomp *out)
{
	memset(out, 0, sizeof(*out));
	out->addr = *addr;
	for (unsigned t = 0; t < TH_EC__COUNT; t++) {
		struct th_ednscomp_result *r = &out->test[t];
		enum th_qflavor f;
		uint16_t qtype;

		th_ednscomp_test_query((enum th_ednscomp_test)t, &f, &qtype);
		th_ednscomp_judge((enum th_ednscomp_test)t, &ev->domain,
		                  th_ev_reply(ev, addr, f, &ev->domain, qtype),
		                  r);
		if (r->state == TH_ECS_UNTESTED)
			continue;
		out->tested++;
		if (r->state == TH_ECS_ANSWER)
			out->answered++;
		if (r->codes == TH_ECC_BIT(TH_ECC_OK))
			out->ok++;
	}
	out->complete = out->tested == TH_EC__COUNT;
	if (out->tested == 0)
		out->verdict = TH_ECV_UNTESTED;
	else if (out->answered == 0)
		out->verdict = TH_ECV_NO_RESPONSE;
	else if (out->ok == out->tested)
		out->verdict = TH_ECV_OK;
	else
		out->verdict = TH_ECV_FAILING;
}

size_t
th_ednscomp_all(const struct th_evidence *ev, struct th_ednscomp *out,
                size_t max)
{
	struct th_addr addrs[TH_EV_MAXNS * TH_EV_MAXADDR * 2];
	size_t n = th_ev_addrs(ev, TH_EV_DEL | TH_EV_CHILD, addrs,
	                       sizeof(addrs) / sizeof(addrs[0]));

	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		th_ednscomp_classify(ev, &addrs[i], &out[i]);
	return n;
}

const char *
th_ednscomp_codes_str(const struct th_ednscomp_result *r, char *dst,
                      size_t size)
{
	size_t len = 0;

	if (size == 0)
		return dst;
	dst[0] = '\0';
	if (r->state == TH_ECS_UNTESTED) {
		snprintf(dst, size, "untested");
		return dst;
	}
	for (unsigned c = 0; c < TH_ECC__COUNT && len < size; c++) {
		int w;

		if (!(r->codes & TH_ECC_BIT(c)))
			continue;
		if (c == TH_ECC_RCODE)
			w = snprintf(dst + len, size - len, "%srcode%u",
			             len > 0 ? "," : "", (unsigned)r->rcode);
		else
			w = snprintf(dst + len, size - len, "%s%s",
			             len > 0 ? "," : "", code_names[c]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return dst;
}
