/* SPDX-License-Identifier: BSD-3-Clause */
/* profile.c -- Zonemaster profiles (see profile.h); the JSON side of jansson.
 */
#include "engine/profile.h"

#include "common/err.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void
th_profile_default(struct th_profile *p)
{
	memset(p, 0, sizeof(*p));
	for (unsigned i = 0; i < TH_TC__COUNT; i++)
		p->enabled[i] = true;
	for (unsigned i = 0; i < TH_TAG__COUNT; i++)
		p->level[i] = (uint8_t)th_tag_default_level((enum th_tag)i);
	p->zone02_refresh_min = 14400;
	p->zone04_retry_min = 3600;
	p->zone05_expire_min = 604800;
	p->zone06_minimum_min = 300;
	p->zone06_minimum_max = 86400;
}

static int
load_levels(struct th_profile *p, json_t *levels, char *err, size_t errlen)
{
	const char *module, *tagname;
	json_t *tags, *lv;

	json_object_foreach(levels, module, tags)
	{
		if (!json_is_object(tags))
			continue;
		json_object_foreach(tags, tagname, lv)
		{
			enum th_level level;
			bool found = false;

			if (!json_is_string(lv) ||
			    th_level_parse(json_string_value(lv), &level) !=
			        0) {
				snprintf(err, errlen,
				         "test_levels.%s.%s: bad level", module,
				         tagname);
				return TH_ESYNTAX;
			}
			/* A tag name may recur in several test cases of
			 * the module: the profile sets them all. */
			for (unsigned i = 0; i < TH_TAG__COUNT; i++) {
				enum th_testcase tc = th_tag_testcase(i);

				if (strcasecmp(
				        th_module_name(th_testcase_module(tc)),
				        module) == 0 &&
				    strcmp(th_tag_name(i), tagname) == 0) {
					p->level[i] = (uint8_t)level;
					found = true;
				}
			}
			/* Tags of modules this build does not implement yet
			 * are accepted and ignored. */
			(void)found;
		}
	}
	return 0;
}

static void
load_var(json_t *vars, const char *tc, const char *name, uint32_t *out)
{
	json_t *v = json_object_get(json_object_get(vars, tc), name);

	if (json_is_integer(v) && json_integer_value(v) >= 0)
		*out = (uint32_t)json_integer_value(v);
}

int
th_profile_load(struct th_profile *p, const char *path, char *err,
                size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr), *v;
	int rc = 0;

	if (root == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, jerr.line, jerr.text);
		return jerr.line > 0 ? TH_ESYNTAX : TH_EIO;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: not a JSON object", path);
		json_decref(root);
		return TH_ESYNTAX;
	}
	if ((v = json_object_get(root, "test_cases")) != NULL) {
		size_t i;
		json_t *tc;

		if (!json_is_array(v)) {
			snprintf(err, errlen, "%s: test_cases is not a list",
			         path);
			json_decref(root);
			return TH_ESYNTAX;
		}
		for (unsigned k = 0; k < TH_TC__COUNT; k++)
			p->enabled[k] = k == TH_TC_SYSTEM;
		json_array_foreach(v, i, tc)
		{
			enum th_testcase t;

			/* Test cases of modules not built yet are skipped. */
			if (json_is_string(tc) &&
			    th_testcase_parse(json_string_value(tc), &t) == 0)
				p->enabled[t] = true;
		}
	}
	if ((v = json_object_get(root, "test_levels")) != NULL &&
	    json_is_object(v))
		rc = load_levels(p, v, err, errlen);
	if ((v = json_object_get(root, "test_cases_vars")) != NULL) {
		load_var(v, "zone02", "SOA_REFRESH_MINIMUM_VALUE",
		         &p->zone02_refresh_min);
		load_var(v, "zone04", "SOA_RETRY_MINIMUM_VALUE",
		         &p->zone04_retry_min);
		load_var(v, "zone05", "SOA_EXPIRE_MINIMUM_VALUE",
		         &p->zone05_expire_min);
		load_var(v, "zone06", "SOA_DEFAULT_TTL_MINIMUM_VALUE",
		         &p->zone06_minimum_min);
		load_var(v, "zone06", "SOA_DEFAULT_TTL_MAXIMUM_VALUE",
		         &p->zone06_minimum_max);
	}
	json_decref(root);
	return rc;
}
