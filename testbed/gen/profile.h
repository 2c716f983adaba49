/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * profile.h -- the testbed's domain profiles: what each one is and how often.
 *
 * A profile names one situation a survey must recognise: a validating
 * chain, a bogus DS, a lame server, a server that drops EDNS, ... Every
 * child domain of the testbed gets exactly one. This table says how common
 * each profile is and whether its zone is signed; plan.c turns a profile
 * into names, servers and zone content, and truth.c states the facts a
 * correct survey finds. docs/testbed.md describes every profile.
 *
 * The table is const data indexed by enum tbgen_profile; nothing to free.
 */
#ifndef TBGEN_PROFILE_H
#define TBGEN_PROFILE_H

#include <stdint.h>

/* Every profile. The order is the order of truth.tsv's documentation. */
enum tbgen_profile {
	TBGEN_P_SECURE = 0,
	TBGEN_P_UNSIGNED,
	TBGEN_P_ISLAND,
	TBGEN_P_DS_MISMATCH,
	TBGEN_P_EXPIRED,
	TBGEN_P_DS_UNSIGNED,
	TBGEN_P_NSEC3_SALTED,
	TBGEN_P_NSEC3_ITER100,
	TBGEN_P_NSEC3_OPTOUT,
	TBGEN_P_LAME_REFUSED,
	TBGEN_P_LAME_NOAA,
	TBGEN_P_LAME_FULL,
	TBGEN_P_UNREACH_PARTIAL,
	TBGEN_P_UNREACH_FULL,
	TBGEN_P_NS_MISMATCH,
	TBGEN_P_SOA_DRIFT,
	TBGEN_P_SINGLE_NS,
	TBGEN_P_GLUE_MISMATCH,
	TBGEN_P_NS_CNAME,
	TBGEN_P_NS_NXDOMAIN,
	TBGEN_P_OPEN_RECURSIVE,
	TBGEN_P_OPEN_AXFR,
	TBGEN_P_NO_TCP,
	TBGEN_P_EDNS_FORMERR,
	TBGEN_P_EDNS_DROP,
	TBGEN_P_EDNS1_IGNORE,
	TBGEN_P_TC_ALWAYS,
	TBGEN_P_RATELIMITED,
	TBGEN_P_SLOW,
	TBGEN_P_HOSTILE_STRINGS,
	TBGEN_P__COUNT
};

/* Whether a profile's zone is signed. */
enum tbgen_signpol {
	TBGEN_SIGN_NEVER = 0, /* unsigned zone */
	TBGEN_SIGN_ALWAYS,    /* signed zone (DS as the profile says) */
	TBGEN_SIGN_EITHER,    /* half signed with a DS, half unsigned */
};

/* What the parent holds for a signed or unsigned zone. */
enum tbgen_dspol {
	TBGEN_DSPOL_MATCH = 0, /* DS of the zone's KSK when signed, else none */
	TBGEN_DSPOL_NONE,      /* never a DS (island) */
	TBGEN_DSPOL_WRONG_KEY, /* a DS of a key the zone does not publish */
};

struct tbgen_profile_info {
	const char *name;      /* as in truth.tsv, e.g. "lame-refused" */
	uint32_t basis_points; /* share of the domains, 1/10000; 0: the rest */
	enum tbgen_signpol sign;
	enum tbgen_dspol ds;
	const char *summary; /* one line for --list-profiles */
};

/* The row of a profile; p must be below TBGEN_P__COUNT. */
const struct tbgen_profile_info *tbgen_profile_info(enum tbgen_profile p);

/* The name of a profile ("?" when out of range). */
const char *tbgen_profile_name(enum tbgen_profile p);

#endif /* TBGEN_PROFILE_H */
