/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * unit_main.c -- runs every Check suite of the unit tests.
 *
 * Each tests/<folder>/test_<module>.c defines one suite constructor, listed
 * in tests/suites.h. Fork mode stays on (unless CK_FORK=no, as the asan and
 * valgrind targets set), so a crash fails one test, not the run.
 * An optional argument selects one suite by its name ("err", "dname").
 */
#include "tests/suites.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	Suite *(*make)(void);
} suite_table[] = {
#define TH_SUITE_ROW(name) {#name, suite_##name},
    TH_SUITES(TH_SUITE_ROW)
#undef TH_SUITE_ROW
};

int
main(int argc, char **argv)
{
	SRunner *sr = NULL;
	int failed;

	for (size_t i = 0; i < sizeof(suite_table) / sizeof(suite_table[0]);
	     i++) {
		Suite *s;

		if (argc > 1 && strcmp(argv[1], suite_table[i].name) != 0)
			continue;
		s = suite_table[i].make();
		if (sr == NULL)
			sr = srunner_create(s);
		else
			srunner_add_suite(sr, s);
	}
	if (sr == NULL)
		return EXIT_FAILURE;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
