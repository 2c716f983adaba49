/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * report.h -- the messages a domain's test produced.
 *
 * Test cases emit (tag, arguments); the report stamps each with its level
 * from the profile and keeps it. Arguments are key/value strings, as in
 * Zonemaster's JSON ("ns": "ns1.example.se/192.0.2.1"); they are copied,
 * so callers may pass stack buffers. Formatting fills the catalogue's text
 * with the arguments, escaping anything a terminal could misread: every
 * DNS-derived string is hostile.
 */
#ifndef TH_REPORT_H
#define TH_REPORT_H

#include "common/buf.h"
#include "common/region.h"
#include "engine/catalogue.h"
#include "engine/profile.h"

#include <stdbool.h>
#include <stddef.h>

#define TH_REPORT_MAXARGS 8

struct th_msg_arg {
	const char *key;
	const char *value;
};

struct th_message {
	enum th_tag tag;
	enum th_level level;
	unsigned nargs;
	struct th_msg_arg args[TH_REPORT_MAXARGS];
};

struct th_report {
	const struct th_profile *profile;
	struct th_region *region;
	struct th_message *msgs;
	size_t n, alloc;
	int err; /* sticky: TH_ENOMEM after a failed emit */
};

int th_report_init(struct th_report *r, const struct th_profile *profile)
    __attribute__((warn_unused_result));
void th_report_free(struct th_report *r);

/*
 * Emit tag with key/value string pairs, ended by NULL:
 *     th_report_emit(r, TH_TAG_BASIC02_B02_NS_NOT_AUTH, "ns", buf, NULL);
 * Tags of disabled test cases are dropped. Out of memory sets r->err.
 */
void th_report_emit(struct th_report *r, enum th_tag tag, ...);

/* True when tag was emitted. */
bool th_report_has(const struct th_report *r, enum th_tag tag);

/* Messages of test case tc at level or above. */
size_t th_report_count(const struct th_report *r, enum th_testcase tc,
                       enum th_level min);

/* Highest level emitted (TH_LEVEL_DEBUG3 when nothing was). */
enum th_level th_report_max_level(const struct th_report *r);

/* The value of an argument, or NULL. */
const char *th_message_arg(const struct th_message *m, const char *key);

/*
 * Append m's text with its arguments filled in; unknown placeholders are
 * left as they are; argument values are escaped (\DDD for control and
 * non-ASCII octets). Returns 0 or TH_ENOMEM.
 */
int th_message_text(const struct th_message *m, struct th_buf *out)
    __attribute__((warn_unused_result));

#endif /* TH_REPORT_H */
