/* SPDX-License-Identifier: BSD-3-Clause */
/* csv.c -- one escaped CSV cell (see csv.h). */
#include "common/csv.h"

#include "common/err.h"

#include <stdint.h>
#include <string.h>

int
th_csv_cell(struct th_buf *out, const char *text, bool first)
{
	int rc = 0;

	if (!first)
		rc |= th_buf_append_u8(out, ',');
	rc |= th_buf_append_u8(out, '"');
	if (text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL)
		rc |= th_buf_append_u8(out, '\'');
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '"')
			rc |= th_buf_append_u8(out, '"');
		rc |= th_buf_append_u8(out, (uint8_t)*p);
	}
	rc |= th_buf_append_u8(out, '"');
	return rc != 0 ? TH_ENOMEM : 0;
}
