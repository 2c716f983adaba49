/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zfbench.c -- zone-file benchmark driver: writes a synthetic TLD zone, and
 * reads one through crawler/zonefile (records and delegations), timed.
 *
 *   zfbench --generate N --seed S --out FILE
 *   zfbench --read FILE [--origin ZONE]
 *
 * The generated zone looks like a signed TLD's AXFR dump: an apex with
 * SOA, NS and DNSKEY, then N delegations with 2 or 3 NS each (mostly
 * hosting operators' out-of-bailiwick names, 10 % in-bailiwick names with
 * A and, for a third of those, AAAA glue), DS for 30 % with an RRSIG over
 * it, owners written absolute, relative or blank. It is not sorted: the DS
 * sets of every tenth signed delegation and a second NS of every
 * twentieth come in a block at the end, as a zone assembled from several
 * sources may. --read prints one line
 *   ZFBENCH records=... delegations=... with_ds=... ns=... glue=...
 *           skipped=... seconds=... records_per_s=... rss_mb=... mem_mb=...
 */
#include "common/err.h"
#include "crawler/zonefile.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* xorshift64*: reproducible from the seed, and fast. */
struct zb_rng {
	uint64_t s;
};

static uint64_t
zb_next(struct zb_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ull;
}

static unsigned
zb_below(struct zb_rng *r, unsigned n)
{
	return (unsigned)(zb_next(r) % n);
}

static void
zb_hex(struct zb_rng *r, char *out, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++)
		out[i] = digits[zb_below(r, 16)];
	out[n] = '\0';
}

static void
zb_b64(struct zb_rng *r, char *out, size_t n)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	                             "opqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i++)
		out[i] = digits[zb_below(r, 64)];
	out[n] = '\0';
}

/* A domain label: a syllable mix, plus the index so names stay unique. */
static void
zb_label(struct zb_rng *r, unsigned long i, char *out, size_t size)
{
	static const char *syl[] = {"ka", "ro",    "sun",  "dal", "berg", "vik",
	                            "ny", "ström", "lund", "ek",  "holm", "by"};
	size_t n = 0;
	unsigned k = 1 + zb_below(r, 3);

	for (unsigned j = 0; j < k; j++) {
		const char *s = syl[zb_below(r, 12)];

		/* ASCII only: "ström" becomes "strom". */
		for (; *s != '\0' && n + 1 < size; s++)
			if ((unsigned char)*s < 0x80)
				out[n++] = *s;
	}
	snprintf(out + n, size - n, "%lu", i);
}

static int
generate(unsigned long n, uint64_t seed, const char *path)
{
	struct zb_rng r = {seed * 0x9e3779b97f4a7c15ull + 1};
	FILE *f = fopen(path, "w");
	FILE *late;
	char label[64], hex[97], b64[129];
	int c;

	if (f == NULL || (late = tmpfile()) == NULL) {
		perror(path);
		if (f != NULL)
			fclose(f);
		return 1;
	}
	fprintf(f,
	        "; synthetic TLD zone, %lu delegations, seed %llu\n"
	        "$ORIGIN se.\n$TTL 86400\n"
	        "@ IN SOA a.ns.se. hostmaster.nic.se. ( 2026112800 ; serial\n"
	        "\t1800 900 864000 3600 )\n"
	        "\t172800 IN NS a.ns\n\t172800 IN NS b.ns.se.\n"
	        "\tIN NS c.ns.tldnic.net.\n",
	        n, (unsigned long long)seed);
	zb_b64(&r, b64, 88);
	fprintf(f, "@ 3600 IN DNSKEY 257 3 13 %.44s %s\n", b64, b64 + 44);
	fprintf(f, "a.ns 172800 A 127.100.1.1\nb.ns 172800 A 127.100.1.2\n"
	           "b.ns 172800 AAAA fd00:5e:100::1:2\n");
	for (unsigned long i = 0; i < n; i++) {
		unsigned nns = 2 + zb_below(&r, 2);
		bool vanity = zb_below(&r, 10) == 0;
		bool ds = zb_below(&r, 10) < 3;
		bool ds_late = ds && zb_below(&r, 10) == 0;
		unsigned op = zb_below(&r, 3000);
		unsigned style = zb_below(&r, 3);

		zb_label(&r, i, label, sizeof(label));
		for (unsigned k = 0; k < nns; k++) {
			FILE *o = k == 1 && i % 20 == 7 ? late : f;

			if (o == late)
				fprintf(o, "%s.se. 86400 IN NS ", label);
			else if (k == 0 && style == 0)
				fprintf(o, "%s.se. 86400 IN NS ", label);
			else if (k == 0 && style == 1)
				fprintf(o, "%s NS ", label);
			else if (k == 0)
				fprintf(o, "%s IN 86400 NS ", label);
			else
				fprintf(o, "\t\tNS ");
			if (vanity)
				fprintf(o, "ns%u.%s\n", k + 1, label);
			else
				fprintf(o, "ns%u.hosting%u.net.\n", k + 1, op);
		}
		if (vanity)
			for (unsigned k = 0; k < nns; k++) {
				fprintf(f, "ns%u.%s A 192.0.%u.%u\n", k + 1,
				        label, zb_below(&r, 256),
				        1 + zb_below(&r, 254));
				if (k % 3 == 0)
					fprintf(f, "\tAAAA 2001:db8::%x:%x\n",
					        zb_below(&r, 65536), k + 1);
			}
		if (ds) {
			FILE *o = ds_late ? late : f;

			zb_hex(&r, hex, 64);
			fprintf(o, "%s 3600 DS %u 13 2 %s\n", label,
			        zb_below(&r, 65536), hex);
			zb_b64(&r, b64, 88);
			fprintf(o,
			        "%s 3600 RRSIG DS 13 2 3600 ( 20261228123225 "
			        "20261128113225 15090 se.\n\t%.56s\n\t%s )\n",
			        label, b64, b64 + 56);
		}
	}
	/* The late block: records whose owners came long before. */
	rewind(late);
	while ((c = getc(late)) != EOF)
		putc(c, f);
	fclose(late);
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
count_error(void *arg, const struct th_zonefile_error *e)
{
	unsigned long *n = arg;

	if ((*n)++ < 5)
		fprintf(stderr, "%s:%lu: %s: %s\n", e->file, e->line,
		        th_zonefile_reason_text(e->reason), e->detail);
}

static int
read_zone(const char *path, const char *origin_text)
{
	struct th_zonefile_conf conf = {0};
	struct th_zonefile *zf;
	struct th_zonefile_delegs *dl;
	struct th_zonefile_delegs_stats st;
	const struct th_zonefile_deleg *d;
	struct th_dname origin;
	enum th_dname_reason why;
	struct rusage ru;
	unsigned long errors = 0;
	uint64_t ns = 0, glue = 0;
	double t0, t1;
	int rc;

	if (origin_text != NULL &&
	    th_dname_parse(&origin, origin_text, strlen(origin_text), NULL,
	                   &why) != 0) {
		fprintf(stderr, "zfbench: bad origin\n");
		return 2;
	}
	conf.on_error = count_error;
	conf.arg = &errors;
	t0 = now_s();
	if ((rc = th_zonefile_open(&zf, path, &conf)) != 0) {
		fprintf(stderr, "zfbench: %s: %s\n", path, th_strerror(rc));
		return 1;
	}
	rc = th_zonefile_delegs_read(&dl, zf,
	                             origin_text != NULL ? &origin : NULL);
	if (rc != 0) {
		fprintf(stderr, "zfbench: %s: %s\n", path, th_strerror(rc));
		th_zonefile_destroy(&zf);
		return 1;
	}
	while ((rc = th_zonefile_delegs_next(dl, &d)) == 0 && d != NULL) {
		ns += d->nns;
		glue += d->nglue;
	}
	t1 = now_s();
	th_zonefile_delegs_stats(dl, &st);
	getrusage(RUSAGE_SELF, &ru);
	printf("ZFBENCH records=%llu delegations=%llu with_ds=%llu ns=%llu "
	       "glue=%llu skipped=%llu bytes=%llu seconds=%.2f "
	       "records_per_s=%.0f rss_mb=%.0f mem_mb=%.0f\n",
	       (unsigned long long)st.file.records,
	       (unsigned long long)st.delegations,
	       (unsigned long long)st.with_ds, (unsigned long long)ns,
	       (unsigned long long)glue, (unsigned long long)st.file.skipped,
	       (unsigned long long)st.file.bytes, t1 - t0,
	       (double)st.file.records / (t1 - t0), ru.ru_maxrss / 1024.0,
	       st.memory / 1048576.0);
	th_zonefile_delegs_destroy(&dl);
	th_zonefile_destroy(&zf);
	return rc == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"generate", required_argument, NULL, 'g'},
	    {"seed", required_argument, NULL, 's'},
	    {"out", required_argument, NULL, 'o'},
	    {"read", required_argument, NULL, 'r'},
	    {"origin", required_argument, NULL, 'O'},
	    {NULL, 0, NULL, 0},
	};
	unsigned long n = 0;
	uint64_t seed = 1;
	const char *out = NULL, *in = NULL, *origin = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'g':
			n = strtoul(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'o':
			out = optarg;
			break;
		case 'r':
			in = optarg;
			break;
		case 'O':
			origin = optarg;
			break;
		default:
			return 2;
		}
	}
	if (n > 0 && out != NULL)
		return generate(n, seed, out);
	if (in != NULL)
		return read_zone(in, origin);
	fprintf(stderr, "usage: zfbench --generate N [--seed S] --out FILE | "
	                "--read FILE [--origin ZONE]\n");
	return 2;
}
