/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ednscomp.h -- the DNS Flag Day EDNS compliance classification of one
 * server address, with the result codes of ISC's EDNS compliance tester
 * (ednscomp.isc.org, the genreport tool of DNS-Compliance-Testing).
 *
 * Ten tests, each one reply of the evidence (all to the zone, ev->domain):
 *
 *   dns        PLAIN SOA            no OPT
 *   edns       EDNS SOA             OPT version 0, 512 octets
 *   edns1      EDNS1 SOA            OPT version 1
 *   edns@512   DO512 DNSKEY         DO, 512 octets, UDP only (TC kept)
 *   ednsopt    FD_EDNSOPT SOA       option 100
 *   edns1opt   FD_EDNS1OPT SOA      version 1 and option 100
 *   do         DNSSEC SOA           DO
 *   ednsflags  FD_EDNSFLAGS SOA     unknown EDNS flag 0x0080
 *   optlist    FD_OPTLIST SOA       NSID, ECS, EXPIRE, COOKIE
 *   ednstcp    FD_EDNSTCP SOA       OPT over TCP
 *
 * Each reply gets a set of codes (docs/edns.md gives each code's exact
 * condition): "ok", or the problems found ("formerr,echoed,nosoa", in
 * genreport's order), or why there was no DNS answer ("timeout"). A reply
 * missing from the evidence (never asked: the flag day set is asked once
 * per address per run, and the budget may run out) is "untested" and
 * counts for nothing. Pure functions; no allocation.
 */
#ifndef TH_EDNSCOMP_H
#define TH_EDNSCOMP_H

#include "engine/evidence.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_EDNSCOMP_TEST_MAP(XX)                                               \
	XX(DNS, "dns")                                                         \
	XX(EDNS, "edns")                                                       \
	XX(EDNS1, "edns1")                                                     \
	XX(EDNS512, "edns@512")                                                \
	XX(EDNSOPT, "ednsopt")                                                 \
	XX(EDNS1OPT, "edns1opt")                                               \
	XX(DO, "do")                                                           \
	XX(EDNSFLAGS, "ednsflags")                                             \
	XX(OPTLIST, "optlist")                                                 \
	XX(EDNSTCP, "ednstcp")

enum th_ednscomp_test {
#define TH_EDNSCOMP_TEST_ENUM(name, text) TH_EC_##name,
	TH_EDNSCOMP_TEST_MAP(TH_EDNSCOMP_TEST_ENUM)
#undef TH_EDNSCOMP_TEST_ENUM
	    TH_EC__COUNT
};

/* "edns@512"; static. */
const char *th_ednscomp_test_name(enum th_ednscomp_test t);

/* The query flavour and type of a test. */
void th_ednscomp_test_query(enum th_ednscomp_test t, enum th_qflavor *f,
                            uint16_t *qtype);

/*
 * The result codes, in the order genreport writes them. The RCODE codes
 * (noerror ... badcookie, and "rcode" for any other, written "rcodeN")
 * say that the RCODE was not the expected one (NOERROR, or BADVERS for
 * the version 1 tests); the transport codes (timeout ... malformed) that
 * no DNS answer came back, and are then the only code.
 */
#define TH_EDNSCOMP_CODE_MAP(XX)                                               \
	XX(NOERROR, "noerror")                                                 \
	XX(FORMERR, "formerr")                                                 \
	XX(SERVFAIL, "servfail")                                               \
	XX(NXDOMAIN, "nxdomain")                                               \
	XX(NOTIMP, "notimp")                                                   \
	XX(REFUSED, "refused")                                                 \
	XX(YXDOMAIN, "yxdomain")                                               \
	XX(YXRRSET, "yxrrset")                                                 \
	XX(NXRRSET, "nxrrset")                                                 \
	XX(NOTAUTH, "notauth")                                                 \
	XX(NOTZONE, "notzone")                                                 \
	XX(BADVERS, "badvers")                                                 \
	XX(BADCOOKIE, "badcookie")                                             \
	XX(RCODE, "rcode")                                                     \
	XX(VERSION_NOT_ZERO, "version-not-zero")                               \
	XX(BADVERSION, "badversion")                                           \
	XX(NOOPT, "noopt")                                                     \
	XX(OPT, "opt")                                                         \
	XX(NOSOA, "nosoa")                                                     \
	XX(SOA, "soa")                                                         \
	XX(ECHOED, "echoed")                                                   \
	XX(NODO, "nodo")                                                       \
	XX(NOAA, "noaa")                                                       \
	XX(RD, "rd")                                                           \
	XX(AD, "ad")                                                           \
	XX(CD, "cd")                                                           \
	XX(Z, "z")                                                             \
	XX(MBZ, "mbz")                                                         \
	XX(TOOBIG, "toobig")                                                   \
	XX(OK, "ok")                                                           \
	XX(TIMEOUT, "timeout")                                                 \
	XX(RESET, "reset")                                                     \
	XX(REFUSED_CONN, "connection-refused")                                 \
	XX(EOF, "eof")                                                         \
	XX(FAILED, "failed")                                                   \
	XX(MALFORMED, "malformed")

enum th_ednscomp_code {
#define TH_EDNSCOMP_CODE_ENUM(name, text) TH_ECC_##name,
	TH_EDNSCOMP_CODE_MAP(TH_EDNSCOMP_CODE_ENUM)
#undef TH_EDNSCOMP_CODE_ENUM
	    TH_ECC__COUNT
};

_Static_assert(TH_ECC__COUNT <= 64, "codes fit a 64-bit set");

#define TH_ECC_BIT(c) ((uint64_t)1 << (c))

/* "nosoa"; static. */
const char *th_ednscomp_code_name(enum th_ednscomp_code c);

/* Whether a test was asked and answered. */
enum th_ednscomp_state {
	TH_ECS_UNTESTED = 0, /* no reply in the evidence */
	TH_ECS_ANSWER,       /* a DNS answer, judged */
	TH_ECS_NO_ANSWER,    /* timeout, network error, malformed answer */
};

struct th_ednscomp_result {
	uint8_t state;  /* enum th_ednscomp_state */
	uint16_t rcode; /* the full RCODE, for TH_ECS_ANSWER */
	uint64_t codes; /* TH_ECC_BIT set; 0 only when untested */
};

/* The per-address verdict (survey fact edns.*). */
#define TH_EDNSCOMP_VERDICT_MAP(XX)                                            \
	XX(UNTESTED, "untested")                                               \
	XX(OK, "ok")                                                           \
	XX(FAILING, "failing")                                                 \
	XX(NO_RESPONSE, "no-response")

enum th_ednscomp_verdict {
#define TH_EDNSCOMP_VERDICT_ENUM(name, text) TH_ECV_##name,
	TH_EDNSCOMP_VERDICT_MAP(TH_EDNSCOMP_VERDICT_ENUM)
#undef TH_EDNSCOMP_VERDICT_ENUM
	    TH_ECV__COUNT
};

/* "no-response"; static. */
const char *th_ednscomp_verdict_name(enum th_ednscomp_verdict v);

struct th_ednscomp {
	struct th_addr addr;
	struct th_ednscomp_result test[TH_EC__COUNT];
	unsigned tested;   /* tests with a reply in the evidence */
	unsigned answered; /* of those, with a DNS answer */
	unsigned ok;       /* of those, "ok" */
	/*
	 * UNTESTED: no test has a reply; NO_RESPONSE: replies, but no DNS
	 * answer to any; OK: every test with a reply is "ok"; FAILING:
	 * otherwise. complete: all ten tests have a reply.
	 */
	uint8_t verdict; /* enum th_ednscomp_verdict */
	bool complete;
};

/*
 * Judge one reply of test t to the zone (a may be NULL: untested). The
 * classification of genreport's process(), per docs/edns.md.
 */
void th_ednscomp_judge(enum th_ednscomp_test t, const struct th_dname *zone,
                       const struct th_answer *a,
                       struct th_ednscomp_result *out);

/* Every test of one address, and the verdict. */
void th_ednscomp_classify(const struct th_evidence *ev,
                          const struct th_addr *addr, struct th_ednscomp *out);

/*
 * Every distinct address of both NS sets (th_ev_addrs(DEL | CHILD)), in
 * order. Returns how many were written (at most max).
 */
size_t th_ednscomp_all(const struct th_evidence *ev, struct th_ednscomp *out,
                       size_t max);

/*
 * A result's codes as genreport writes them, comma-separated in the order
 * of TH_EDNSCOMP_CODE_MAP ("formerr,echoed,nosoa"; "rcode" as "rcodeN";
 * "untested" for an untested reply). Returns dst (truncated to size).
 */
const char *th_ednscomp_codes_str(const struct th_ednscomp_result *r, char *dst,
                                  size_t size);

#endif /* TH_EDNSCOMP_H */
