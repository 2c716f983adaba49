/* SPDX-License-Identifier: BSD-3-Clause */
/* err.c -- string tables for the project's error space (see err.h). */
#include "common/err.h"

#include <errno.h>
#include <string.h>

struct err_entry {
	const char *name;
	const char *text;
};

static const struct err_entry err_table[] = {
#define TH_ERR_ROW(name, text) {"TH_E" #name, text},
    TH_ERR_MAP(TH_ERR_ROW)
#undef TH_ERR_ROW
};

_Static_assert(sizeof(err_table) / sizeof(err_table[0]) ==
                   (size_t)(TH_E__END - TH_E__FIRST - 1),
               "err_table must have one row per TH_E code");

static const struct err_entry *
err_own(int status)
{
	if (status > TH_E__FIRST && status < TH_E__END)
		return &err_table[status - TH_E__FIRST - 1];
	return NULL;
}

const char *
th_strerror(int status)
{
	const struct err_entry *e;

	if (status == 0)
		return "success";
	if ((e = err_own(status)) != NULL)
		return e->text;
	if (status < 0 && status > -4096)
		return strerror(-status);
	return "unknown error";
}

const char *
th_errname(int status)
{
	const struct err_entry *e;

	if (status == 0)
		return "OK";
	if ((e = err_own(status)) != NULL)
		return e->name;
	if (status < 0 && status > -4096) {
		/* strerrorname_np is glibc 2.32+; Debian 12 has 2.36. */
		const char *n = strerrorname_np(-status);
		return n != NULL ? n : "E?";
	}
	return "UNKNOWN";
}
