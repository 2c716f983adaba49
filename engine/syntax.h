/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * syntax.h -- the Syntax module (SYNTAX01-08): the domain's labels, the
 * NS names, the SOA MNAME and MX exchanges as host names, and the SOA
 * RNAME as a deliverable mail address.
 */
#ifndef TH_SYNTAX_H
#define TH_SYNTAX_H

#include "common/dname.h"
#include "engine/engine.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void th_syntax01(const struct th_engine_ctx *ctx); /* LDH characters */
void th_syntax02(const struct th_engine_ctx *ctx); /* no edge hyphens */
void th_syntax03(const struct th_engine_ctx *ctx); /* "--" at 3-4 */
void th_syntax04(const struct th_engine_ctx *ctx); /* NS names */
void th_syntax05(const struct th_engine_ctx *ctx); /* "@" in RNAME */
void th_syntax06(const struct th_engine_ctx *ctx); /* RNAME mailbox */
void th_syntax07(const struct th_engine_ctx *ctx); /* MNAME */
void th_syntax08(const struct th_engine_ctx *ctx); /* MX exchanges */

/* True when a label (len octets) has only letters, digits and hyphens. */
bool th_syntax_label_ldh(const uint8_t *label, size_t len);

/* True when a label has "--" at positions 3-4 and does not start "xn". */
bool th_syntax_label_double_dash(const uint8_t *label, size_t len);

/* What is wrong with a host name (0: a valid host name). */
#define TH_SYNTAX_HOST_BAD_CHARS 0x1u   /* a label is not LDH */
#define TH_SYNTAX_HOST_NUMERIC_TLD 0x2u /* the last label is all digits */
#define TH_SYNTAX_HOST_DOUBLE_DASH 0x4u /* a label has "--" at 3-4 */

/*
 * The host name checks of SYNTAX04, 07 and 08. A name with characters
 * outside LDH gets TH_SYNTAX_HOST_BAD_CHARS alone (the other checks assume
 * LDH labels); the root is valid (the null MX of RFC 7505).
 */
unsigned th_syntax_hostname(const struct th_dname *name);

/*
 * RNAME as a mail address: the first label is the local part, the rest
 * the mail domain. Writes "local@domain" to box (size octets; octets
 * outside printable ASCII as \DDD) and the mail domain to *domain (the
 * root when RNAME has a single label). Returns whether the address is
 * valid: a dot-atom local part (RFC 5322 3.4.1; quoted strings are not
 * accepted) and a mail domain of two or more LDH labels that neither
 * start nor end with a hyphen.
 */
bool th_syntax_rname_mailbox(const struct th_dname *rname, char *box,
                             size_t size, struct th_dname *domain);

#endif /* TH_SYNTAX_H */
