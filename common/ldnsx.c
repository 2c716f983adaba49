/* SPDX-License-Identifier: BSD-3-Clause */
/* ldnsx.c -- the adapter to ldns (see ldnsx.h). */
#include "common/ldnsx.h"

#include "common/err.h"

#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

int
th_ldns_msg_text(const uint8_t *wire, size_t len, struct th_buf *out)
{
	ldns_pkt *pkt = NULL;
	char *text;
	int rc;

	if (ldns_wire2pkt(&pkt, wire, len) != LDNS_STATUS_OK)
		return TH_EWIRE;
	text = ldns_pkt2str(pkt);
	ldns_pkt_free(pkt);
	if (text == NULL)
		return TH_ENOMEM;
	rc = th_buf_append(out, text, strlen(text));
	free(text);
	return rc;
}

int
th_ldns_rr_text(const uint8_t *msg, size_t len, size_t off, struct th_buf *out,
                size_t *next)
{
	ldns_rr *rr = NULL;
	size_t pos = off;
	char *text;
	int rc;

	if (off >= len || ldns_wire2rr(&rr, msg, len, &pos,
	                               LDNS_SECTION_ANSWER) != LDNS_STATUS_OK)
		return TH_EWIRE;
	text = ldns_rr2str(rr);
	ldns_rr_free(rr);
	if (text == NULL)
		return TH_ENOMEM;
	rc = th_buf_append(out, text, strlen(text));
	free(text);
	if (rc == 0 && next != NULL)
		*next = pos;
	return rc;
}
