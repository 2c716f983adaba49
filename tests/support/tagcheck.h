/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tagcheck.h -- Check assertions on the messages of an engine report, for
 * unit tests.
 *
 * Tags are named by their text ("CN01_NO_RESPONSE_UDP") and always within
 * one test case, so a table row reads like Zonemaster's documentation and
 * a tag of the same name in another test case never satisfies it. Every
 * assertion fails the running Check test with a message that starts with
 * what (the row or test name the caller gives) and the test case, and
 * shows what was got against what was wanted.
 */
#ifndef TH_TESTS_TAGCHECK_H
#define TH_TESTS_TAGCHECK_H

#include "engine/catalogue.h"
#include "engine/report.h"

#include <stdbool.h>
#include <stddef.h>

/* An argument a message with tag must carry: key = value. */
struct tagcheck_arg {
	const char *tag, *key, *value;
};

/* A tag of the catalogue and its default level, all by name. */
struct tagcheck_spot {
	const char *tc, *tag, *level;
};

/* True when tc emitted tag at DEBUG or above. */
bool tagcheck_has(const struct th_report *rep, enum th_testcase tc,
                  const char *tag);

/* How many messages of tc carry tag, at any level. */
size_t tagcheck_count(const struct th_report *rep, enum th_testcase tc,
                      const char *tag);

/*
 * The value of key in the first message of tc with tag; NULL when there
 * is no such message or it lacks the key. Valid as long as rep.
 */
const char *tagcheck_value(const struct th_report *rep, enum th_testcase tc,
                           const char *tag, const char *key);

/*
 * The tags tc emitted at DEBUG or above are exactly the set want: its
 * first nwant entries, or fewer when a NULL ends it (want may be NULL when
 * nwant is 0). Order and repetition do not matter; an empty set asserts
 * that tc said nothing at DEBUG or above.
 */
void tagcheck_assert_tags(const struct th_report *rep, enum th_testcase tc,
                          const char *what, const char *const *want,
                          size_t nwant);

/*
 * The tags of tc at every level, in the order emitted and joined by ';',
 * are want ("" for none): stronger than a set where order matters.
 */
void tagcheck_assert_sequence(const struct th_report *rep, enum th_testcase tc,
                              const char *what, const char *want);

/* tc emitted tag exactly n times, at any level. */
void tagcheck_assert_count(const struct th_report *rep, enum th_testcase tc,
                           const char *what, const char *tag, size_t n);

/* The first message of tc with tag exists and has key = value. */
void tagcheck_assert_arg(const struct th_report *rep, enum th_testcase tc,
                         const char *what, const char *tag, const char *key,
                         const char *value);

/* tagcheck_assert_arg for the first n of args, or up to a NULL tag. */
void tagcheck_assert_args(const struct th_report *rep, enum th_testcase tc,
                          const char *what, const struct tagcheck_arg *args,
                          size_t n);

/*
 * Some message of tc with a->tag has a->key = a->value: for tags emitted
 * once per server or record type, where any one may carry the value.
 */
void tagcheck_assert_any_arg(const struct th_report *rep, enum th_testcase tc,
                             const char *what, const struct tagcheck_arg *a);

/* tagcheck_assert_any_arg for the first n of args, or up to a NULL tag. */
void tagcheck_assert_any_args(const struct th_report *rep, enum th_testcase tc,
                              const char *what, const struct tagcheck_arg *args,
                              size_t n);

/* Every message of tc formats with no placeholder ('{') left unfilled. */
void tagcheck_assert_texts(const struct th_report *rep, enum th_testcase tc,
                           const char *what);

/*
 * What a table row of a test case checks first: the report kept every
 * message (no TH_ENOMEM), tc emitted exactly the set want
 * (tagcheck_assert_tags) and every text of tc is filled.
 */
void tagcheck_assert_emitted(const struct th_report *rep, enum th_testcase tc,
                             const char *what, const char *const *want,
                             size_t nwant);

/*
 * A module's run: every message belongs to first or a later test case,
 * and no test case follows a later one.
 */
void tagcheck_assert_in_order(const struct th_report *rep,
                              enum th_testcase first);

/*
 * The catalogue of module mod has ntags tags, each with a text of more
 * than ten characters, and each of the nspot spots has its level.
 */
void tagcheck_assert_catalogue(enum th_module mod, unsigned ntags,
                               const struct tagcheck_spot *spot, size_t nspot);

#endif /* TH_TESTS_TAGCHECK_H */
