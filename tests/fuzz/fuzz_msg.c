/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_msg.c -- libFuzzer target for response handling: the checked reader
 * (common/msg) and everything the transport, resolver and engine do with a
 * message after it passed: every record of every section, names in RDATA,
 * SOA fields, EDNS options, and the AXFR framing walk of th_answer.
 *
 * The input is one message as it came off the wire. `make fuzz` builds
 * build-fuzz/fuzz_msg; `make check` runs it briefly on the seed corpus.
 */
#include "common/msg.h"
#include "crawler/transport.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
walk(const struct th_msg *m)
{
	static const enum th_msg_section secs[] = {
	    TH_SEC_ANSWER, TH_SEC_AUTHORITY, TH_SEC_ADDITIONAL};
	struct th_msg_iter it;
	struct th_rr rr;
	struct th_dname n;
	struct th_soa soa;
	const uint8_t *opt;
	uint16_t optlen;
	size_t next;
	volatile unsigned sink = 0;

	for (unsigned s = 0; s < 3; s++) {
		th_msg_iter_init(&it, m, secs[s]);
		while (th_msg_iter_next(&it, &rr)) {
			const uint8_t *rd = th_msg_rdata(m, &rr);

			/* Touch every RDATA octet: bounds are the reader's
			 * promise. */
			for (size_t i = 0; i < rr.rdlen; i++)
				sink += rd[i];
			if (th_msg_rdata_name(m, &rr, 0, &n, &next) == 0)
				sink += n.len + (unsigned)next;
			if (rr.rdlen > 2 &&
			    th_msg_rdata_name(m, &rr, 2, &n, NULL) == 0)
				sink += n.len;
			if (th_msg_soa(m, &rr, &soa) == 0)
				sink += soa.serial;
		}
	}
	if (th_msg_edns_option(m, TH_EDNS_OPT_NSID, &opt, &optlen))
		for (size_t i = 0; i < optlen; i++)
			sink += opt[i];
	(void)sink;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct th_msg m;
	enum th_msg_reason why;
	struct th_answer *a;
	size_t off = 0, len;
	const uint8_t *msg;

	if (th_msg_parse(&m, data, size, &why) == 0)
		walk(&m);

	/* The same octets as an AXFR answer: length-prefixed messages. */
	if ((a = malloc(sizeof(*a) + size)) == NULL)
		return 0;
	memset(a, 0, sizeof(*a));
	a->refs = 1;
	a->axfr = 1;
	a->len = (uint32_t)size;
	memcpy(a->wire, data, size);
	while (th_answer_next_msg(a, &off, &msg, &len))
		if (th_msg_parse(&m, msg, len, &why) == 0)
			walk(&m);
	th_answer_unref(a);
	return 0;
}
