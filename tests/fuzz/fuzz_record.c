/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_record.c -- libFuzzer target for the store's record decoding
 * (store/record): a result record, run metadata and server facts from
 * hostile octets, as a corrupted or tampered store would give them. A
 * record that decodes is turned into JSON and CSV and encoded again, and
 * the new encoding must decode to the same JSON.
 *
 * `make fuzz` builds build-fuzz/fuzz_record; `make check` runs it briefly
 * on the seed corpus (tests/fuzz/corpus/record/).
 */
#include "engine/result.h"
#include "store/record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
json_of(const struct th_dname *d, const struct th_report *rep,
        const struct th_facts *f, struct th_buf *out)
{
	if (th_result_json_facts(d, rep, TH_LEVEL_DEBUG3, f, out) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct th_profile prof;
	struct th_report rep, again;
	struct th_facts *f = malloc(sizeof(*f)), *g = malloc(sizeof(*g));
	struct th_buf a = TH_BUF_INIT(1 << 26), b = TH_BUF_INIT(1 << 26);
	struct th_buf rec = TH_BUF_INIT(1 << 26);
	struct th_run_meta m;
	struct th_fact_edns e;
	struct th_dname d, d2;
	uint64_t vtime;
	bool has, has2;

	if (f == NULL || g == NULL)
		abort();
	th_profile_default(&prof);
	if (th_report_init(&rep, &prof) != 0 ||
	    th_report_init(&again, &prof) != 0)
		abort();
	if (th_record_decode(data, size, &d, &vtime, &rep, f, &has) == 0) {
		json_of(&d, &rep, has ? f : NULL, &a);
		if (th_result_csv_row(&d, &rep, has ? f : NULL, &a) != 0)
			abort();
		th_buf_reset(&a);
		json_of(&d, &rep, has ? f : NULL, &a);
		if (th_record_encode(&d, vtime, &rep, has ? f : NULL, &rec) !=
		        0 ||
		    th_record_decode(th_buf_data(&rec), th_buf_len(&rec), &d2,
		                     NULL, &again, g, &has2) != 0)
			abort();
		json_of(&d2, &again, has2 ? g : NULL, &b);
		if (th_buf_len(&a) != th_buf_len(&b) ||
		    memcmp(th_buf_data(&a), th_buf_data(&b), th_buf_len(&a)))
			abort();
	}
	memset(&m, 0, sizeof(m));
	(void)!th_record_run_decode(data, size, &m);
	(void)!th_record_server_decode(data, size, &e);
	th_report_free(&rep);
	th_report_free(&again);
	th_buf_free(&a);
	th_buf_free(&b);
	th_buf_free(&rec);
	free(f);
	free(g);
	return 0;
}
