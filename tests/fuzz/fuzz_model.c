/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_model.c -- libFuzzer target for the report's reader: summary.json
 * bytes through report/summary, and every model that loads through the
 * HTML writer (charts from a directory that does not exist, so a charted
 * table takes the error path and a table without a chart is rendered).
 *
 * `make fuzz` builds build-fuzz/fuzz/fuzz_model; `make check` runs it
 * briefly on tests/fuzz/corpus/model.
 */
#include "report/html.h"
#include "report/model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct th_model s;
	char err[256], *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (th_model_parse(&s, (const char *)data, size, err, sizeof(err)) != 0)
		return 0;
	if ((f = open_memstream(&buf, &len)) != NULL) {
		(void)th_html_write(&s, "/nonexistent/charts", f, err,
		                    sizeof(err));
		fclose(f);
		free(buf);
	}
	th_model_free(&s);
	return 0;
}
