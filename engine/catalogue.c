/* SPDX-License-Identifier: BSD-3-Clause */
/* catalogue.c -- the message table and its lookups (see catalogue.h). */
#include "engine/catalogue.h"

#include "common/err.h"

#include <string.h>
#include <strings.h>

static const char *const level_names[] = {
#define TH_LEVEL_NAME(name) #name,
    TH_LEVEL_MAP(TH_LEVEL_NAME)
#undef TH_LEVEL_NAME
};

const char *
th_level_name(enum th_level l)
{
	return (unsigned)l < TH_LEVEL__COUNT ? level_names[l] : "?";
}

int
th_level_parse(const char *text, enum th_level *out)
{
	for (unsigned i = 0; i < TH_LEVEL__COUNT; i++)
		if (strcasecmp(text, level_names[i]) == 0) {
			*out = (enum th_level)i;
			return 0;
		}
	return TH_EINVAL;
}

static const char *const module_names[] = {
#define TH_MODULE_NAME(name, title) #name,
    TH_MODULE_MAP(TH_MODULE_NAME)
#undef TH_MODULE_NAME
};

const char *
th_module_name(enum th_module m)
{
	return (unsigned)m < TH_MOD__COUNT ? module_names[m] : "?";
}

static const struct {
	const char *name;
	enum th_module module;
} testcases[] = {
#define TH_TC_ROW(tc, mod) {#tc, TH_MOD_##mod},
    TH_TESTCASE_MAP(TH_TC_ROW)
#undef TH_TC_ROW
};

const char *
th_testcase_name(enum th_testcase tc)
{
	return (unsigned)tc < TH_TC__COUNT ? testcases[tc].name : "?";
}

enum th_module
th_testcase_module(enum th_testcase tc)
{
	return (unsigned)tc < TH_TC__COUNT ? testcases[tc].module
	                                   : TH_MOD_SYSTEM;
}

int
th_testcase_parse(const char *text, enum th_testcase *out)
{
	for (unsigned i = 0; i < TH_TC__COUNT; i++)
		if (strcasecmp(text, testcases[i].name) == 0) {
			*out = (enum th_testcase)i;
			return 0;
		}
	return TH_EINVAL;
}

static const struct {
	const char *name;
	enum th_testcase tc;
	enum th_level level;
	const char *text;
} tags[] = {
#define TH_TAG_ROW(tc, tag, level, text)                                       \
	{#tag, TH_TC_##tc, TH_LEVEL_##level, text},
    TH_TAG_TABLE(TH_TAG_ROW)
#undef TH_TAG_ROW
};

_Static_assert(sizeof(tags) / sizeof(tags[0]) == TH_TAG__COUNT,
               "one row per tag");

const char *
th_tag_name(enum th_tag tag)
{
	return (unsigned)tag < TH_TAG__COUNT ? tags[tag].name : "?";
}

enum th_testcase
th_tag_testcase(enum th_tag tag)
{
	return (unsigned)tag < TH_TAG__COUNT ? tags[tag].tc : TH_TC_SYSTEM;
}

enum th_level
th_tag_default_level(enum th_tag tag)
{
	return (unsigned)tag < TH_TAG__COUNT ? tags[tag].level : TH_LEVEL_DEBUG;
}

const char *
th_tag_text(enum th_tag tag)
{
	return (unsigned)tag < TH_TAG__COUNT ? tags[tag].text : "";
}

int
th_tag_find(enum th_testcase tc, const char *name, enum th_tag *out)
{
	for (unsigned i = 0; i < TH_TAG__COUNT; i++)
		if (tags[i].tc == tc && strcmp(tags[i].name, name) == 0) {
			*out = (enum th_tag)i;
			return 0;
		}
	return TH_ENOTFOUND;
}
