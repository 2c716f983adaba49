/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_wire.c -- libFuzzer target for the crawl's messages (crawler/wire)
 * from hostile octets, as a remote worker could send them. Every decoder
 * is tried; a RESULT or BATCH that decodes is encoded again and must give
 * the same octets.
 *
 * `make fuzz` builds build-fuzz/fuzz_wire; `make check` runs it briefly
 * on the seed corpus (tests/fuzz/corpus/wire/).
 */
#include "crawler/wire.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
same(const struct th_buf *b, const uint8_t *data, size_t size)
{
	if (th_buf_len(b) != size || memcmp(th_buf_data(b), data, size) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct th_buf out = TH_BUF_INIT(TH_WIRE_MAXMSG);
	struct th_buf srv = TH_BUF_INIT(TH_WIRE_MAXMSG);
	struct th_wire_counters c;
	struct th_wire_batch b;
	struct th_wire_result r;
	struct th_wire_ack a;
	uint32_t ms;

	int n = 0;

	/* Results ignored: only crashes and overreads count here. */
	n += th_wire_type(data, size) != 0;
	n += th_wire_req_decode(data, size, &c) == 0;
	n += th_wire_wait_decode(data, size, &ms) == 0;
	n += th_wire_ack_decode(data, size, &a) == 0;
	if (n > 2)
		abort(); /* a message of two types at once */
	if (th_wire_batch_decode(data, size, &b) == 0) {
		if (th_wire_batch_encode(&b, &out) != 0)
			abort();
		same(&out, data, size);
		free(b.names);
	}
	if (th_wire_result_decode(data, size, &r) == 0) {
		int rc = th_wire_result_begin(&out, r.id, r.lease);

		for (size_t i = 0; rc == 0 && i < r.nres; i++)
			rc = th_wire_result_add(&out, r.res[i].domain,
			                        r.res[i].rec, r.res[i].len);
		for (size_t i = 0; rc == 0 && i < r.nsrv; i++)
			rc = th_wire_server_add(&srv, &r.srv[i].addr,
			                        r.srv[i].rec, r.srv[i].len);
		if (rc != 0 || th_wire_result_finish(&out, r.nres, &srv, r.nsrv,
		                                     &r.counters) != 0)
			abort();
		same(&out, data, size);
		th_wire_result_free(&r);
	}
	th_buf_free(&out);
	th_buf_free(&srv);
	return 0;
}
