/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spf.h -- syntax check of SPF version 1 records (RFC 7208), for ZONE11.
 *
 * Zonemaster checks a policy with Perl's Mail::SPF parser; this is a
 * checker written from the RFC's ABNF (sections 4.5, 4.6.1, 5, 6, 7.1):
 *
 *   record    = "v=spf1" *( 1*SP ( directive / modifier ) ) *SP
 *   directive = [ "+" / "-" / "?" / "~" ] mechanism
 *   mechanism = all / include / a / mx / ptr / ip4 / ip6 / exists
 *   modifier  = redirect / explanation / unknown-modifier
 *
 * with domain-spec and macro-string syntax (%{letter digits r delimiters},
 * %%, %_, %-), CIDR lengths (0-32, 0-128, no leading zeros) and dotted
 * quads (0-255, no leading zeros). ABNF strings are case-insensitive, so
 * "V=SPF1 MX -ALL" is valid. Beyond the ABNF it enforces the RFC's prose
 * rules that are syntax: a macro's digit transformer is not zero (7.1)
 * and "redirect" and "exp" appear at most once each (6). Macro letters
 * c, r and t are accepted anywhere, as the ABNF does (7.1 reserves them
 * for explanation text, which is evaluated, not checked here). Semantics
 * (DNS lookup limits, include loops) are out of scope.
 */
#ifndef TH_SPF_H
#define TH_SPF_H

#include <stddef.h>

/*
 * Check record (len octets, no NUL needed; any octet may occur).
 * Returns 0 when it is a valid SPF version 1 record, or TH_ESYNTAX with
 * the offending term and the reason in err ("\"ip4:192.0.2.256\": bad
 * IPv4 network"; err may be NULL when errlen is 0).
 */
int th_spf_check(const char *record, size_t len, char *err, size_t errlen);

#endif /* TH_SPF_H */
