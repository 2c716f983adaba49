/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sigbench.c -- RRSIG verifications per second through engine/dnssec_sig.
 *
 * For each algorithm it takes the DNSKEY RRset of a signed fixture zone
 * (tests/data/dnssec, signed by ldns-signzone; its RRSIG is made by the
 * 2048-bit KSK for RSA), prepares the key once and verifies that RRSIG
 * over and over for the given time: canonical form, signed data and the
 * cryptographic check, as the engine does per RRSIG. Prints one line per
 * algorithm, "name verifies_per_second"; tests/bench/dnssec.sh compares
 * them with `openssl speed`.
 *
 * Usage: sigbench [seconds] (default 3), run from the repository root.
 */
#include "common/err.h"
#include "engine/dnssec_sig.h"
#include "tests/support/zonefix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	const char *name; /* as dnssec.sh prints it */
	const char *set;  /* fixture directory */
} algs[] = {
    {"rsa2048", "ldns-8"},    {"rsasha512", "ldns-10"},
    {"ecdsap256", "ldns-13"}, {"ecdsap384", "ldns-14"},
    {"ed25519", "ldns-15"},   {"ed448", "ldns-16"},
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct zonefix_set *
set_named(const char *name)
{
	for (size_t i = 0; i < zonefix_nsets; i++)
		if (strcmp(zonefix_sets[i].name, name) == 0)
			return &zonefix_sets[i];
	return NULL;
}

/* Verifications per second for one fixture set, or < 0 on failure. */
static double
bench(const struct zonefix_set *set, double seconds)
{
	struct zonefix_loaded l;
	struct th_dname apex;
	struct th_dsig_rr rrset[8], sig;
	struct th_dsig_rrsig p;
	struct th_dsig_rr kv;
	struct th_dsig_key *key = NULL;
	const struct zonefix_rr *kr;
	struct th_buf scratch;
	enum th_dsig_outcome o;
	double t0, t;
	unsigned long n = 0;
	size_t nset;

	if (set == NULL || zonefix_set_load(set, &l) != 0)
		return -1;
	if (th_dname_parse(&apex, ZONEFIX_ORIGIN, strlen(ZONEFIX_ORIGIN), NULL,
	                   NULL) != 0 ||
	    (nset = zonefix_find(&l.zone, &apex, 48, 0, rrset, 8)) == 0 ||
	    nset > 8 || zonefix_find(&l.zone, &apex, 46, 48, &sig, 1) == 0 ||
	    th_dsig_rrsig_parse(&sig, &p) != 0 ||
	    (kr = zonefix_key(&l, p.key_tag)) == NULL) {
		zonefix_loaded_free(&l);
		return -1;
	}
	zonefix_view(kr, &kv);
	if (th_dsig_key_new(&kv, &key) != 0) {
		zonefix_loaded_free(&l);
		return -1;
	}
	th_buf_init(&scratch, 1 << 20);
	t0 = now_s();
	do {
		/* Read the clock every 16 verifications only. */
		for (int i = 0; i < 16; i++) {
			if (th_dsig_verify(&sig, rrset, nset, key, ZONEFIX_NOW,
			                   &scratch, &o) != 0 ||
			    o != TH_DSIG_VALID) {
				fprintf(stderr, "sigbench: %s: %s\n", set->name,
				        th_dsig_outcome_name(o));
				n = 0;
				goto out;
			}
		}
		n += 16;
		t = now_s() - t0;
	} while (t < seconds);
out:
	th_buf_free(&scratch);
	th_dsig_key_destroy(&key);
	zonefix_loaded_free(&l);
	return n > 0 ? (double)n / t : -1;
}

int
main(int argc, char **argv)
{
	double seconds = 3;
	int rc = EXIT_SUCCESS;

	if (argc > 1) {
		char *end;

		seconds = strtod(argv[1], &end);
		if (*end != '\0' || !(seconds > 0)) {
			fprintf(stderr, "usage: sigbench [seconds]\n");
			return EXIT_FAILURE;
		}
	}
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		double r = bench(set_named(algs[i].set), seconds);

		if (r < 0) {
			fprintf(stderr, "sigbench: %s failed\n", algs[i].name);
			rc = EXIT_FAILURE;
			continue;
		}
		printf("%s %.0f\n", algs[i].name, r);
		fflush(stdout);
	}
	return rc;
}
