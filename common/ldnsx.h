/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ldnsx.h -- the adapter to ldns: everything the project asks of it.
 *
 * ldns is used where its completeness matters more than speed: turning
 * messages and records into presentation format for people. Nothing
 * outside this module includes <ldns/ldns.h>.
 */
#ifndef TH_LDNSX_H
#define TH_LDNSX_H

#include "common/buf.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Append the presentation form of a whole message (dig-like sections) to
 * out. Returns 0, TH_EWIRE when ldns cannot read it, or TH_ENOMEM.
 */
int th_ldns_msg_text(const uint8_t *wire, size_t len, struct th_buf *out)
    __attribute__((warn_unused_result));

/*
 * Append the presentation form of the one record that starts at octet off
 * of a whole message (names may be compressed), as one line ending in a
 * newline, and set *next (may be NULL) to the octet after it. For writing
 * zone transfers as zone files.
 * @return 0; TH_EWIRE when ldns cannot read a record there; TH_ENOMEM or
 *         TH_ETOOBIG from the buffer.
 */
int th_ldns_rr_text(const uint8_t *msg, size_t len, size_t off,
                    struct th_buf *out, size_t *next)
    __attribute__((warn_unused_result));

#endif /* TH_LDNSX_H */
