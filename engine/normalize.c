/* SPDX-License-Identifier: BSD-3-Clause */
/* normalize.c -- input normalisation of domain names (see normalize.h). */
#include "engine/normalize.h"

#include "common/err.h"

#include <idn2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static bool
ascii_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int
fail(struct th_report *rep, enum th_tag tag, const char *label)
{
	th_report_emit(rep, tag, "label", label, NULL);
	return TH_EINVAL;
}

int
th_normalize(const char *input, struct th_dname *out, struct th_report *rep)
{
	char name[1024], label[256];
	size_t start = 0, end = strlen(input), n = 0;
	enum th_dname_reason why;

	while (start < end && is_space(input[start]))
		start++;
	while (end > start && is_space(input[end - 1]))
		end--;
	if (end == start)
		return fail(rep, TH_TAG_SYSTEM_EMPTY_DOMAIN_NAME, "");
	if (end - start == 1 && input[start] == '.') {
		th_dname_set_root(out);
		return 0;
	}
	if (input[start] == '.')
		return fail(rep, TH_TAG_SYSTEM_INITIAL_DOT, "");
	if (input[end - 1] == '.')
		end--; /* one final dot is the root label */
	for (size_t i = start; i < end;) {
		size_t j = i;
		bool ascii = true;

		while (j < end && input[j] != '.')
			ascii &= (unsigned char)input[j++] < 0x80;
		if (j == i)
			return fail(rep, TH_TAG_SYSTEM_REPEATED_DOTS, "");
		if (j - i >= sizeof(label))
			return fail(rep, TH_TAG_SYSTEM_LABEL_TOO_LONG, "");
		memcpy(label, input + i, j - i);
		label[j - i] = '\0';
		if (ascii) {
			for (size_t k = 0; label[k] != '\0'; k++) {
				if (!ascii_ok((unsigned char)label[k]))
					return fail(rep,
					            TH_TAG_SYSTEM_INVALID_ASCII,
					            label);
				if (label[k] >= 'A' && label[k] <= 'Z')
					label[k] = (char)(label[k] - 'A' + 'a');
			}
		} else {
			char *alabel = NULL;

			if (idn2_to_ascii_8z(label, &alabel,
			                     IDN2_NFC_INPUT |
			                         IDN2_NONTRANSITIONAL) !=
			    IDN2_OK) {
				free(alabel);
				return fail(rep, TH_TAG_SYSTEM_INVALID_U_LABEL,
				            label);
			}
			if (strlen(alabel) >= sizeof(label)) {
				free(alabel);
				return fail(rep, TH_TAG_SYSTEM_LABEL_TOO_LONG,
				            label);
			}
			memcpy(label, alabel, strlen(alabel) + 1);
			free(alabel);
		}
		if (strlen(label) > TH_DNAME_MAXLABEL)
			return fail(rep, TH_TAG_SYSTEM_LABEL_TOO_LONG, label);
		if (n + strlen(label) + 2 > sizeof(name))
			return fail(rep, TH_TAG_SYSTEM_DOMAIN_NAME_TOO_LONG,
			            "");
		memcpy(name + n, label, strlen(label));
		n += strlen(label);
		name[n++] = '.';
		i = j + 1;
		if (j < end && j + 1 == end)
			return fail(rep, TH_TAG_SYSTEM_REPEATED_DOTS, "");
	}
	/* 253 characters without the final dot, as Zonemaster counts. */
	if (n - 1 > 253)
		return fail(rep, TH_TAG_SYSTEM_DOMAIN_NAME_TOO_LONG, "");
	if (th_dname_parse(out, name, n, NULL, &why) != 0)
		return fail(rep, TH_TAG_SYSTEM_DOMAIN_NAME_TOO_LONG, "");
	return 0;
}
