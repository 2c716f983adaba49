/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * canned.h -- DNS answers and evidence written as text, for unit tests.
 *
 * canned_answer("www.example.se", TH_T_A, CANNED_AA, 0,
 *               "www.example.se. 300 IN A 192.0.2.1", NULL, NULL)
 * gives the th_answer a server would have sent: records are in zone-file
 * syntax, several separated by ';'. ldns turns them into wire format, so
 * the engine under test reads real messages.
 */
#ifndef TH_TESTS_CANNED_H
#define TH_TESTS_CANNED_H

#include "common/addr.h"
#include "common/dname.h"
#include "crawler/transport.h"
#include "engine/evidence.h"

#include <stdint.h>

#define CANNED_AA 0x01u
#define CANNED_TC 0x02u
#define CANNED_RD 0x04u
#define CANNED_EDNS 0x08u /* an OPT record (1232, DO copied if CANNED_DO) */
#define CANNED_DO 0x10u

/*
 * An ANSWER from the given sections (NULL or "" for empty). Aborts the
 * test on a syntax error in the records. Caller owns the reference.
 */
struct th_answer *canned_answer(const char *qname, uint16_t qtype,
                                unsigned flags, unsigned rcode,
                                const char *answer, const char *authority,
                                const char *additional);

/* A non-answer: TIMEOUT, NETWORK_ERROR, ... */
struct th_answer *canned_outcome(enum th_outcome o);

struct th_dname canned_name(const char *text);
struct th_addr canned_addr(const char *ip);

/* Record a reply in ev and drop the caller's reference. */
void canned_reply(struct th_evidence *ev, const char *server_ip,
                  enum th_qflavor f, const char *qname, uint16_t qtype,
                  struct th_answer *a);

/* Add NS name with addresses ("192.0.2.1,2001:db8::1" or NULL). */
struct th_ev_ns *canned_ns(struct th_evidence *ev, const char *name,
                           uint8_t src, const char *addrs);

#endif /* TH_TESTS_CANNED_H */
