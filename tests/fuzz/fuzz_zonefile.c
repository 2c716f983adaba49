/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_zonefile.c -- libFuzzer target for crawler/zonefile: the master-file
 * reader over arbitrary text (tokens, parentheses, quotes, escapes,
 * directives, every RDATA converter), the delegation collector and
 * iterator over what it reads, and th_zonefile_rdata_parse() for the type
 * named by the input's first two octets.
 *
 * The input is a zone file. $INCLUDE stays refused: a fuzzer must not
 * open files. `make fuzz` builds build-fuzz/fuzz/fuzz_zonefile; the seeds
 * are in tests/fuzz/corpus/zonefile/.
 */
#include "crawler/zonefile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
count_error(void *arg, const struct th_zonefile_error *e)
{
	volatile size_t *n = arg;

	/* Touch what the reader hands out: it must be valid strings. */
	*n += strlen(e->file) + strlen(e->detail) + e->line;
	*n += strlen(th_zonefile_reason_text(e->reason));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct th_zonefile_conf conf = {0};
	struct th_zonefile *zf;
	struct th_zonefile_delegs *dl;
	const struct th_zonefile_rr *rr;
	const struct th_zonefile_deleg *d;
	struct th_dname origin;
	volatile size_t sink = 0;
	uint8_t *wire;
	size_t len;

	/* Half the inputs with an origin, half without. */
	if (size > 0 && (data[0] & 1) &&
	    th_dname_parse(&origin, "se.", 3, NULL, NULL) == 0)
		conf.origin = &origin;
	conf.on_error = count_error;
	conf.arg = (void *)&sink;

	if (th_zonefile_open_mem(&zf, data, size, "fuzz", &conf) != 0)
		return 0;
	while (th_zonefile_next(zf, &rr) == 0 && rr != NULL) {
		for (size_t i = 0; i < rr->rdlen; i++)
			sink += rr->rdata[i];
		sink += rr->owner.len + rr->type + rr->ttl;
	}
	th_zonefile_destroy(&zf);

	if (th_zonefile_open_mem(&zf, data, size, "fuzz", &conf) != 0)
		return 0;
	if (th_zonefile_delegs_read(&dl, zf, conf.origin) == 0) {
		while (th_zonefile_delegs_next(dl, &d) == 0 && d != NULL) {
			for (unsigned i = 0; i < d->nns; i++)
				sink += d->ns[i].len;
			for (unsigned i = 0; i < d->nglue; i++)
				sink += d->glue[i].addr[0] + d->glue[i].ns;
			for (unsigned i = 0; i < d->nds; i++)
				for (size_t k = 0; k < d->ds[i].digest_len; k++)
					sink += d->ds[i].digest[k];
		}
		th_zonefile_delegs_destroy(&dl);
	}
	th_zonefile_destroy(&zf);

	/* One RDATA text of the type the first two octets name. */
	if (size >= 2 && (wire = malloc(TH_ZONEFILE_MAXRDATA)) != NULL) {
		uint16_t type = (uint16_t)(data[0] << 8 | data[1]);

		if (th_zonefile_rdata_parse(
		        type, (const char *)data + 2, size - 2, conf.origin,
		        wire, TH_ZONEFILE_MAXRDATA, &len, NULL) == 0)
			for (size_t i = 0; i < len; i++)
				sink += wire[i];
		free(wire);
	}
	(void)sink;
	return 0;
}
