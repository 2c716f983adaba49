/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * catalogue.h -- every message the engine can emit: test case, tag, default
 * level and text, as one table.
 *
 * Tags and default levels are Zonemaster's (../shared/reference/
 * zonemaster-testcases.md), so output compares line by line. The table
 * lives in engine/tags/<module>.def, one X-macro row per (test case, tag):
 *
 *     XX(BASIC01, B01_CHILD_FOUND, INFO, "The zone {domain} is found.")
 *
 * Texts name their arguments in braces; th_report fills them in. A tag
 * that two test cases share has a row in each.
 */
#ifndef TH_CATALOGUE_H
#define TH_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>

/* Severity, lowest first (Zonemaster's SeverityLevelDefinitions). */
#define TH_LEVEL_MAP(XX)                                                       \
	XX(DEBUG3)                                                             \
	XX(DEBUG2)                                                             \
	XX(DEBUG)                                                              \
	XX(INFO)                                                               \
	XX(NOTICE)                                                             \
	XX(WARNING)                                                            \
	XX(ERROR)                                                              \
	XX(CRITICAL)

enum th_level {
#define TH_LEVEL_ENUM(name) TH_LEVEL_##name,
	TH_LEVEL_MAP(TH_LEVEL_ENUM)
#undef TH_LEVEL_ENUM
	    TH_LEVEL__COUNT
};

const char *th_level_name(enum th_level l);
/* "WARNING" (any case) to its level; returns 0 or TH_EINVAL. */
int th_level_parse(const char *text, enum th_level *out);

/* The modules, in Zonemaster's run order. */
#define TH_MODULE_MAP(XX)                                                      \
	XX(SYSTEM, "System")                                                   \
	XX(BASIC, "Basic")                                                     \
	XX(ADDRESS, "Address")                                                 \
	XX(CONNECTIVITY, "Connectivity")                                       \
	XX(CONSISTENCY, "Consistency")                                         \
	XX(DELEGATION, "Delegation")                                           \
	XX(DNSSEC, "DNSSEC")                                                   \
	XX(NAMESERVER, "Nameserver")                                           \
	XX(SYNTAX, "Syntax")                                                   \
	XX(ZONE, "Zone")

enum th_module {
#define TH_MODULE_ENUM(name, title) TH_MOD_##name,
	TH_MODULE_MAP(TH_MODULE_ENUM)
#undef TH_MODULE_ENUM
	    TH_MOD__COUNT
};

/* "BASIC" (the name Zonemaster prints in JSON and text output). */
const char *th_module_name(enum th_module m);

/* Every row of every module's table. */
#define TH_TAG_TABLE(XX)                                                       \
	TH_TAGS_SYSTEM(XX)                                                     \
	TH_TAGS_BASIC(XX)                                                      \
	TH_TAGS_ADDRESS(XX)                                                    \
	TH_TAGS_CONNECTIVITY(XX)                                               \
	TH_TAGS_CONSISTENCY(XX)                                                \
	TH_TAGS_DELEGATION(XX)                                                 \
	TH_TAGS_DNSSEC(XX)                                                     \
	TH_TAGS_NAMESERVER(XX)                                                 \
	TH_TAGS_SYNTAX(XX)                                                     \
	TH_TAGS_ZONE(XX)

#include "engine/tags/system.def"
#include "engine/tags/basic.def"
#include "engine/tags/address.def"
#include "engine/tags/connectivity.def"
#include "engine/tags/consistency.def"
#include "engine/tags/delegation.def"
#include "engine/tags/dnssec.def"
#include "engine/tags/nameserver.def"
#include "engine/tags/syntax.def"
#include "engine/tags/zone.def"

/* TH_TAG_BASIC01_B01_CHILD_FOUND, ... */
enum th_tag {
#define TH_TAG_ENUM(tc, tag, level, text) TH_TAG_##tc##_##tag,
	TH_TAG_TABLE(TH_TAG_ENUM)
#undef TH_TAG_ENUM
	    TH_TAG__COUNT
};

/* The test cases, as in the tables: TH_TC_BASIC01, ... */
#define TH_TESTCASE_MAP(XX)                                                    \
	XX(SYSTEM, SYSTEM)                                                     \
	XX(BASIC01, BASIC)                                                     \
	XX(BASIC02, BASIC)                                                     \
	XX(BASIC03, BASIC)                                                     \
	XX(ADDRESS01, ADDRESS)                                                 \
	XX(ADDRESS02, ADDRESS)                                                 \
	XX(ADDRESS03, ADDRESS)                                                 \
	XX(CONNECTIVITY01, CONNECTIVITY)                                       \
	XX(CONNECTIVITY02, CONNECTIVITY)                                       \
	XX(CONNECTIVITY03, CONNECTIVITY)                                       \
	XX(CONNECTIVITY04, CONNECTIVITY)                                       \
	XX(CONSISTENCY01, CONSISTENCY)                                         \
	XX(CONSISTENCY02, CONSISTENCY)                                         \
	XX(CONSISTENCY03, CONSISTENCY)                                         \
	XX(CONSISTENCY04, CONSISTENCY)                                         \
	XX(CONSISTENCY05, CONSISTENCY)                                         \
	XX(CONSISTENCY06, CONSISTENCY)                                         \
	XX(DELEGATION01, DELEGATION)                                           \
	XX(DELEGATION02, DELEGATION)                                           \
	XX(DELEGATION03, DELEGATION)                                           \
	XX(DELEGATION04, DELEGATION)                                           \
	XX(DELEGATION05, DELEGATION)                                           \
	XX(DELEGATION06, DELEGATION)                                           \
	XX(DELEGATION07, DELEGATION)                                           \
	XX(DNSSEC01, DNSSEC)                                                   \
	XX(DNSSEC02, DNSSEC)                                                   \
	XX(DNSSEC03, DNSSEC)                                                   \
	XX(DNSSEC04, DNSSEC)                                                   \
	XX(DNSSEC05, DNSSEC)                                                   \
	XX(DNSSEC06, DNSSEC)                                                   \
	XX(DNSSEC07, DNSSEC)                                                   \
	XX(DNSSEC08, DNSSEC)                                                   \
	XX(DNSSEC09, DNSSEC)                                                   \
	XX(DNSSEC10, DNSSEC)                                                   \
	XX(DNSSEC11, DNSSEC)                                                   \
	XX(DNSSEC13, DNSSEC)                                                   \
	XX(DNSSEC14, DNSSEC)                                                   \
	XX(DNSSEC15, DNSSEC)                                                   \
	XX(DNSSEC16, DNSSEC)                                                   \
	XX(DNSSEC17, DNSSEC)                                                   \
	XX(DNSSEC18, DNSSEC)                                                   \
	XX(NAMESERVER01, NAMESERVER)                                           \
	XX(NAMESERVER02, NAMESERVER)                                           \
	XX(NAMESERVER03, NAMESERVER)                                           \
	XX(NAMESERVER04, NAMESERVER)                                           \
	XX(NAMESERVER05, NAMESERVER)                                           \
	XX(NAMESERVER06, NAMESERVER)                                           \
	XX(NAMESERVER07, NAMESERVER)                                           \
	XX(NAMESERVER08, NAMESERVER)                                           \
	XX(NAMESERVER09, NAMESERVER)                                           \
	XX(NAMESERVER10, NAMESERVER)                                           \
	XX(NAMESERVER11, NAMESERVER)                                           \
	XX(NAMESERVER12, NAMESERVER)                                           \
	XX(NAMESERVER13, NAMESERVER)                                           \
	XX(NAMESERVER15, NAMESERVER)                                           \
	XX(SYNTAX01, SYNTAX)                                                   \
	XX(SYNTAX02, SYNTAX)                                                   \
	XX(SYNTAX03, SYNTAX)                                                   \
	XX(SYNTAX04, SYNTAX)                                                   \
	XX(SYNTAX05, SYNTAX)                                                   \
	XX(SYNTAX06, SYNTAX)                                                   \
	XX(SYNTAX07, SYNTAX)                                                   \
	XX(SYNTAX08, SYNTAX)                                                   \
	XX(ZONE01, ZONE)                                                       \
	XX(ZONE02, ZONE)                                                       \
	XX(ZONE03, ZONE)                                                       \
	XX(ZONE04, ZONE)                                                       \
	XX(ZONE05, ZONE)                                                       \
	XX(ZONE06, ZONE)                                                       \
	XX(ZONE07, ZONE)                                                       \
	XX(ZONE08, ZONE)                                                       \
	XX(ZONE09, ZONE)                                                       \
	XX(ZONE10, ZONE)                                                       \
	XX(ZONE11, ZONE)

enum th_testcase {
#define TH_TC_ENUM(tc, mod) TH_TC_##tc,
	TH_TESTCASE_MAP(TH_TC_ENUM)
#undef TH_TC_ENUM
	    TH_TC__COUNT
};

/* "BASIC01"; static. */
const char *th_testcase_name(enum th_testcase tc);
enum th_module th_testcase_module(enum th_testcase tc);
/* "basic01" or "BASIC01" to the test case; returns 0 or TH_EINVAL. */
int th_testcase_parse(const char *text, enum th_testcase *out);

/* Per tag: its name ("B01_CHILD_FOUND"), test case, default level, text. */
const char *th_tag_name(enum th_tag tag);
enum th_testcase th_tag_testcase(enum th_tag tag);
enum th_level th_tag_default_level(enum th_tag tag);
const char *th_tag_text(enum th_tag tag);

/*
 * Find the tag of a test case by name ("B01_CHILD_FOUND"); for profiles.
 * Returns 0 or TH_ENOTFOUND.
 */
int th_tag_find(enum th_testcase tc, const char *name, enum th_tag *out);

#endif /* TH_CATALOGUE_H */
