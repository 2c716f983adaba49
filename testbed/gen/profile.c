/* SPDX-License-Identifier: BSD-3-Clause */
/* profile.c -- the profile table (see profile.h and docs/testbed.md). */
#include "testbed/gen/profile.h"

#include <stddef.h>

/*
 * Shares follow a registry like .se: most domains are plain signed or
 * unsigned, every fault a fraction of a percent to a few percent. The two
 * base profiles (share 0) take whatever the others leave, about half each.
 */
static const struct tbgen_profile_info profiles[] = {
    [TBGEN_P_SECURE] = {"secure", 0, TBGEN_SIGN_ALWAYS, TBGEN_DSPOL_MATCH,
                        "signed, DS at the parent, the chain validates"},
    [TBGEN_P_UNSIGNED] = {"unsigned", 0, TBGEN_SIGN_NEVER, TBGEN_DSPOL_MATCH,
                          "no DNSKEY, no DS"},
    [TBGEN_P_ISLAND] = {"island", 150, TBGEN_SIGN_ALWAYS, TBGEN_DSPOL_NONE,
                        "signed, no DS at the parent"},
    [TBGEN_P_DS_MISMATCH] = {"ds-mismatch", 50, TBGEN_SIGN_ALWAYS,
                             TBGEN_DSPOL_WRONG_KEY,
                             "signed, the DS matches no DNSKEY (bogus)"},
    [TBGEN_P_EXPIRED] = {"expired-signatures", 50, TBGEN_SIGN_ALWAYS,
                         TBGEN_DSPOL_MATCH,
                         "DS at the parent, every RRSIG expired (bogus)"},
    [TBGEN_P_DS_UNSIGNED] = {"ds-unsigned", 50, TBGEN_SIGN_NEVER,
                             TBGEN_DSPOL_WRONG_KEY,
                             "DS at the parent, zone unsigned (bogus)"},
    [TBGEN_P_NSEC3_SALTED] = {"nsec3-salted", 100, TBGEN_SIGN_ALWAYS,
                              TBGEN_DSPOL_MATCH,
                              "secure, NSEC3 with 10 iterations and salt"},
    [TBGEN_P_NSEC3_ITER100] = {"nsec3-iter100", 50, TBGEN_SIGN_ALWAYS,
                               TBGEN_DSPOL_MATCH,
                               "secure, NSEC3 with 100 iterations"},
    [TBGEN_P_NSEC3_OPTOUT] = {"nsec3-optout", 100, TBGEN_SIGN_ALWAYS,
                              TBGEN_DSPOL_MATCH,
                              "secure, NSEC3 with the opt-out flag"},
    [TBGEN_P_LAME_REFUSED] = {"lame-refused", 200, TBGEN_SIGN_EITHER,
                              TBGEN_DSPOL_MATCH,
                              "one name server answers REFUSED"},
    [TBGEN_P_LAME_NOAA] = {"lame-noaa", 50, TBGEN_SIGN_EITHER,
                           TBGEN_DSPOL_MATCH,
                           "one name server answers without AA"},
    [TBGEN_P_LAME_FULL] = {"lame-full", 100, TBGEN_SIGN_EITHER,
                           TBGEN_DSPOL_MATCH,
                           "every name server answers REFUSED"},
    [TBGEN_P_UNREACH_PARTIAL] = {"unreachable-partial", 100, TBGEN_SIGN_EITHER,
                                 TBGEN_DSPOL_MATCH,
                                 "one name server never answers"},
    [TBGEN_P_UNREACH_FULL] = {"unreachable-full", 50, TBGEN_SIGN_EITHER,
                              TBGEN_DSPOL_MATCH, "no name server ever answers"},
    [TBGEN_P_NS_MISMATCH] = {"ns-mismatch", 100, TBGEN_SIGN_EITHER,
                             TBGEN_DSPOL_MATCH,
                             "the child's apex NS differ from the parent's"},
    [TBGEN_P_SOA_DRIFT] = {"soa-drift", 100, TBGEN_SIGN_EITHER,
                           TBGEN_DSPOL_MATCH,
                           "two server groups serve different SOA serials"},
    [TBGEN_P_SINGLE_NS] = {"single-ns", 100, TBGEN_SIGN_EITHER,
                           TBGEN_DSPOL_MATCH, "one name server only"},
    [TBGEN_P_GLUE_MISMATCH] = {"glue-mismatch", 50, TBGEN_SIGN_EITHER,
                               TBGEN_DSPOL_MATCH,
                               "in-bailiwick glue differs from the child's A"},
    [TBGEN_P_NS_CNAME] = {"ns-cname", 50, TBGEN_SIGN_EITHER, TBGEN_DSPOL_MATCH,
                          "one NS name is a CNAME to a working server"},
    [TBGEN_P_NS_NXDOMAIN] = {"ns-nxdomain", 50, TBGEN_SIGN_EITHER,
                             TBGEN_DSPOL_MATCH, "one NS name does not exist"},
    [TBGEN_P_OPEN_RECURSIVE] = {"open-recursive", 30, TBGEN_SIGN_EITHER,
                                TBGEN_DSPOL_MATCH,
                                "one name server is an open resolver"},
    [TBGEN_P_OPEN_AXFR] = {"open-axfr", 50, TBGEN_SIGN_EITHER,
                           TBGEN_DSPOL_MATCH,
                           "every name server gives AXFR to anyone"},
    [TBGEN_P_NO_TCP] = {"no-tcp", 50, TBGEN_SIGN_EITHER, TBGEN_DSPOL_MATCH,
                        "no name server answers over TCP"},
    [TBGEN_P_EDNS_FORMERR] = {"edns-formerr", 50, TBGEN_SIGN_NEVER,
                              TBGEN_DSPOL_MATCH,
                              "name servers answer FORMERR to EDNS"},
    [TBGEN_P_EDNS_DROP] = {"edns-drop", 30, TBGEN_SIGN_NEVER, TBGEN_DSPOL_MATCH,
                           "name servers drop queries with EDNS"},
    [TBGEN_P_EDNS1_IGNORE] = {"edns1-ignore", 50, TBGEN_SIGN_EITHER,
                              TBGEN_DSPOL_MATCH,
                              "name servers answer EDNS version 1 as 0"},
    [TBGEN_P_TC_ALWAYS] = {"tc-always", 30, TBGEN_SIGN_EITHER,
                           TBGEN_DSPOL_MATCH,
                           "UDP answers always truncated, TCP works"},
    [TBGEN_P_RATELIMITED] = {"ratelimited", 50, TBGEN_SIGN_EITHER,
                             TBGEN_DSPOL_MATCH,
                             "name servers apply response rate limiting"},
    [TBGEN_P_SLOW] = {"slow", 30, TBGEN_SIGN_EITHER, TBGEN_DSPOL_MATCH,
                      "name servers answer after 800 ms"},
    [TBGEN_P_HOSTILE_STRINGS] = {"hostile-strings", 20, TBGEN_SIGN_EITHER,
                                 TBGEN_DSPOL_MATCH,
                                 "HTML, script and quotes in TXT and SOA"},
};

_Static_assert(sizeof(profiles) / sizeof(profiles[0]) == TBGEN_P__COUNT,
               "one row per profile");

const struct tbgen_profile_info *
tbgen_profile_info(enum tbgen_profile p)
{
	return &profiles[(unsigned)p < TBGEN_P__COUNT ? p : 0];
}

const char *
tbgen_profile_name(enum tbgen_profile p)
{
	if ((unsigned)p >= TBGEN_P__COUNT)
		return "?";
	return profiles[p].name;
}
