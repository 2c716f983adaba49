/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ldnswire.c -- expected wire forms computed by ldns (see ldnswire.h).
 *
 * Test support may use ldns directly: it stands for the reference
 * implementation here, not for a dependency of the product.
 */
#include "tests/support/ldnswire.h"

#include <check.h>
#include <ldns/ldns.h>
#include <string.h>

size_t
ldnswire_rr(const char *text, const char *origin, uint16_t *type, uint32_t *ttl,
            uint16_t *rclass, uint8_t *owner, uint8_t *out, size_t cap)
{
	ldns_rr *rr = NULL;
	ldns_rdf *orig = NULL;
	ldns_buffer *b;
	ldns_status st;
	size_t len;

	if (origin != NULL)
		ck_assert_int_eq(ldns_str2rdf_dname(&orig, origin),
		                 LDNS_STATUS_OK);
	st = ldns_rr_new_frm_str(&rr, text, 3600, orig, NULL);
	ldns_rdf_deep_free(orig);
	ck_assert_msg(st == LDNS_STATUS_OK, "ldns cannot read '%s': %s", text,
	              ldns_get_errorstr_by_id(st));
	*type = (uint16_t)ldns_rr_get_type(rr);
	*ttl = ldns_rr_ttl(rr);
	*rclass = (uint16_t)ldns_rr_get_class(rr);
	if (owner != NULL) {
		ldns_rdf *o = ldns_rr_owner(rr);

		ck_assert_uint_le(ldns_rdf_size(o), 255);
		memcpy(owner, ldns_rdf_data(o), ldns_rdf_size(o));
	}
	b = ldns_buffer_new(65536);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(ldns_rr_rdata2buffer_wire(b, rr), LDNS_STATUS_OK);
	len = ldns_buffer_position(b);
	ck_assert_uint_le(len, cap);
	memcpy(out, ldns_buffer_begin(b), len);
	ldns_buffer_free(b);
	ldns_rr_free(rr);
	return len;
}

int
ldnswire_rejects(const char *text)
{
	ldns_rr *rr = NULL;
	ldns_status st = ldns_rr_new_frm_str(&rr, text, 3600, NULL, NULL);

	ldns_rr_free(rr);
	return st != LDNS_STATUS_OK;
}
