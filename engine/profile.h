/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * profile.h -- which test cases run, at which level each tag is reported,
 * and the test cases' tunables: Zonemaster's profile, as a value.
 *
 * th_profile_load reads the parts of a Zonemaster profile.json that apply
 * (test_cases, test_levels, test_cases_vars), so a registry's existing
 * profile works unchanged; unknown keys are ignored, unknown test cases
 * and tags are errors.
 */
#ifndef TH_PROFILE_H
#define TH_PROFILE_H

#include "engine/catalogue.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct th_profile {
	bool enabled[TH_TC__COUNT];
	uint8_t level[TH_TAG__COUNT]; /* enum th_level */
	/* test_cases_vars */
	uint32_t zone02_refresh_min; /* 14400 */
	uint32_t zone04_retry_min;   /* 3600 */
	uint32_t zone05_expire_min;  /* 604800 */
	uint32_t zone06_minimum_min; /* 300 */
	uint32_t zone06_minimum_max; /* 86400 */
};

/* Zonemaster's default profile: every test case, default levels. */
void th_profile_default(struct th_profile *p);

/*
 * Apply a profile.json on top of p. Returns 0, or TH_EIO / TH_ESYNTAX /
 * TH_ENOTFOUND with a message in err.
 */
int th_profile_load(struct th_profile *p, const char *path, char *err,
                    size_t errlen) __attribute__((warn_unused_result));

static inline enum th_level
th_profile_level(const struct th_profile *p, enum th_tag tag)
{
	return (enum th_level)p->level[tag];
}

#endif /* TH_PROFILE_H */
