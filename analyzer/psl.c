/* SPDX-License-Identifier: BSD-3-Clause */
/* psl.c -- registered domains through libpsl (see psl.h). */
#include "analyzer/psl.h"

#include "common/err.h"

#include <libpsl.h>
#include <stdlib.h>
#include <string.h>

struct th_psl {
	psl_ctx_t *ctx;
};

int
th_psl_open(struct th_psl **out, const char *path)
{
	struct th_psl *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return TH_ENOMEM;
	p->ctx = path != NULL ? psl_load_file(path) : psl_latest(NULL);
	if (p->ctx == NULL) {
		free(p);
		return TH_EIO;
	}
	*out = p;
	return 0;
}

void
th_psl_free(struct th_psl *p)
{
	if (p == NULL)
		return;
	psl_free(p->ctx);
	free(p);
}

static int
copy(const char *src, char *dst, size_t size)
{
	size_t n = strlen(src);

	if (n + 1 > size)
		return -1;
	memcpy(dst, src, n + 1);
	return (int)n;
}

int
th_psl_registered(const struct th_psl *p, const char *name, char *dst,
                  size_t size)
{
	const char *r = NULL;

	if (p != NULL) {
		r = psl_registrable_domain(p->ctx, name);
	} else {
		/* The last two labels: the start after the second-last dot. */
		const char *last = strrchr(name, '.');

		r = name;
		if (last != NULL) {
			for (const char *q = last - 1; q >= name; q--)
				if (*q == '.') {
					r = q + 1;
					break;
				}
		}
	}
	return copy(r != NULL ? r : name, dst, size);
}
