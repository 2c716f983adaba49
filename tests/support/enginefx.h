/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * enginefx.h -- an engine test case's surroundings for unit tests: the
 * evidence, default profile, configuration and report behind one
 * th_engine_ctx, and evidence written as table rows.
 *
 *     struct enginefx fx;
 *
 *     enginefx_init(&fx, "example.se");
 *     canned_ns(&fx.ev, "ns1.example.se", TH_EV_DEL, "192.0.2.1");
 *     th_zone01(&fx.ctx);
 *     ... tagcheck_assert_tags(&fx.rep, TH_TC_ZONE01, ...) ...
 *     enginefx_free(&fx);
 *
 * The profile and configuration stay the caller's to change between
 * enginefx_init and the run: the report and ctx point at them.
 */
#ifndef TH_TESTS_ENGINEFX_H
#define TH_TESTS_ENGINEFX_H

#include "common/dname.h"
#include "crawler/resolver.h"
#include "crawler/transport.h"
#include "engine/engine.h"
#include "engine/evidence.h"
#include "engine/profile.h"
#include "engine/report.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct enginefx {
	struct th_evidence ev;
	struct th_profile profile;
	struct th_engine_conf conf;
	struct th_report rep;
	struct th_engine_ctx ctx;
	char domain[TH_DNAME_STRLEN]; /* as given to enginefx_init */
};

/*
 * Evidence for domain (aborts the test on a bad name), the default
 * profile, a configuration without ASN table or extra prefixes, an empty
 * report, and ctx over them. fx must not move until enginefx_free.
 */
void enginefx_init(struct enginefx *fx, const char *domain);
void enginefx_free(struct enginefx *fx);

/* A name server of the NS sets (see canned_ns), glue or not. */
struct enginefx_ns {
	const char *name;
	uint8_t src;       /* TH_EV_DEL, TH_EV_CHILD */
	const char *addrs; /* "192.0.2.1,2001:db8::1" or NULL */
	bool glue;
};

/*
 * A reply of a server to (f, qname, qtype): a message from the records
 * (zone-file text, ';'-separated, NULL for an empty section) when
 * outcome is TH_OUT_ANSWER, else no message.
 */
struct enginefx_reply {
	const char *ip;
	enum th_qflavor f;
	uint16_t qtype;
	const char *qname; /* NULL: the domain */
	unsigned flags;    /* CANNED_AA, ... */
	unsigned rcode;
	const char *answer, *authority;
	enum th_outcome outcome;
};

/*
 * A recursive lookup of (qname, qtype; 0 for the addresses of a name)
 * as the probe records it. With records, the deciding message answers
 * qname with them (AA; NXDOMAIN when status is); without, there is none.
 */
struct enginefx_lookup {
	const char *qname;
	uint16_t qtype;
	enum th_res_status status;
	unsigned cnames;     /* CNAMEs followed */
	const char *addrs;   /* "a,b": the addresses found, or NULL */
	const char *records; /* the deciding message's answer, or NULL */
	const char *final;   /* the name answered for, NULL: qname */
};

/*
 * Add the first n rows of a table, or fewer: a row whose first field
 * (name, ip, qname) is NULL ends it, as {{0}} does.
 */
void enginefx_add_ns(struct enginefx *fx, const struct enginefx_ns *ns,
                     size_t n);
void enginefx_add_replies(struct enginefx *fx, const struct enginefx_reply *rep,
                          size_t n);
void enginefx_add_lookups(struct enginefx *fx, const struct enginefx_lookup *lk,
                          size_t n);
void enginefx_add_lookup(struct enginefx *fx, const struct enginefx_lookup *l);

#endif /* TH_TESTS_ENGINEFX_H */
