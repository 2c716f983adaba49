/* SPDX-License-Identifier: BSD-3-Clause */
/* secrand.c -- kernel randomness in blocks (see secrand.h). */
#include "common/secrand.h"

#include "common/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

void
th_secrand_init(struct th_secrand *r)
{
	r->pos = sizeof(r->buf);
}

static void
secrand_fill(struct th_secrand *r)
{
	size_t got = 0;

	while (got < sizeof(r->buf)) {
		ssize_t n = getrandom(r->buf + got, sizeof(r->buf) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* Without randomness every query could be forged. */
			th_log_error("getrandom: %s", strerror(errno));
			abort();
		}
		got += (size_t)n;
	}
	r->pos = 0;
}

void
th_secrand_bytes(struct th_secrand *r, void *p, size_t n)
{
	uint8_t *out = p;

	while (n > 0) {
		size_t take;

		if (r->pos >= sizeof(r->buf))
			secrand_fill(r);
		take = sizeof(r->buf) - r->pos;
		if (take > n)
			take = n;
		memcpy(out, r->buf + r->pos, take);
		/* Used octets are wiped so a memory dump does not replay IDs.
		 */
		memset(r->buf + r->pos, 0, take);
		r->pos += take;
		out += take;
		n -= take;
	}
}

uint16_t
th_secrand_u16(struct th_secrand *r)
{
	uint8_t b[2];

	th_secrand_bytes(r, b, sizeof(b));
	return (uint16_t)(b[0] << 8 | b[1]);
}

uint64_t
th_secrand_u64(struct th_secrand *r)
{
	uint64_t v;

	th_secrand_bytes(r, &v, sizeof(v));
	return v;
}

uint32_t
th_secrand_below(struct th_secrand *r, uint32_t n)
{
	/* Rejection sampling: drop the top partial range of 2^32 mod n. */
	uint32_t limit = (uint32_t)(UINT32_MAX - UINT32_MAX % n);
	uint32_t v;

	do
		th_secrand_bytes(r, &v, sizeof(v));
	while (v >= limit);
	return v % n;
}
