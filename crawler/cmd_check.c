/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_check.c -- `tldhealth check DOMAIN`: the probe collects the evidence
 * over the survey's own transport and resolver, the engine judges it, and
 * the messages come out as text (like zonemaster-cli) or as the JSON
 * object of DESIGN.md section 3.
 */
#include "crawler/cmd_check.h"

#include "common/err.h"
#include "common/log.h"
#include "crawler/chain.h"
#include "crawler/judge.h"
#include "crawler/probe.h"
#include "crawler/resolver.h"
#include "crawler/transport.h"
#include "engine/asn.h"
#include "engine/dnssec_sig.h"
#include "engine/engine.h"
#include "engine/normalize.h"
#include "engine/result.h"
#include "store/store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct check_run {
	struct th_transport *t;
	struct th_resolver *r;
	struct th_evidence *ev;
};

static void
check_usage(FILE *out)
{
	fprintf(out,
	        "usage: tldhealth check [options] DOMAIN\n"
	        "\n"
	        "Test one domain as Zonemaster does and print the messages.\n"
	        "\n"
	        "  --hints FILE          root hints (default: the IANA root "
	        "servers)\n"
	        "  --json                one JSON object: domain, messages, "
	        "facts\n"
	        "  --level LEVEL         lowest level shown (default NOTICE)\n"
	        "  --test CASE           run only this test case (repeatable)\n"
	        "  --profile FILE        a Zonemaster profile.json (levels, "
	        "test cases, limits)\n"
	        "  --ns NAME[/IP]        undelegated test: a name server "
	        "(repeatable)\n"
	        "  --ds KEYTAG,ALG,DIGTYPE,HEX  undelegated test: a DS record "
	        "(repeatable)\n"
	        "  --now TIME            validate signatures at TIME (epoch "
	        "seconds or\n"
	        "                        YYYY-MM-DDTHH:MM:SSZ; default: "
	        "now)\n"
	        "  --no-ipv4, --no-ipv6  send nothing over that family\n"
	        "  --asn-db FILE         prefix-to-ASN table "
	        "(docs/asn-db.md)\n"
	        "  --global-prefix P     treat addresses in P as globally "
	        "reachable\n"
	        "  --timeout MS          per query try (default 5000)\n"
	        "  --retries N           tries after the first (default 1)\n"
	        "  --budget S            seconds for the whole domain "
	        "(default 120)\n"
	        "  --db DIR              also store the result in this store "
	        "(default\n"
	        "                        " TH_STORE_DEFAULT_DIR " when --run "
	        "is given)\n"
	        "  --run ID              ... under this run (default: "
	        "today, YYYY-MM-DD)\n"
	        "  --trust-anchor FILE   DS or DNSKEY records the chain of "
	        "trust starts from\n"
	        "                        (default: the IANA root KSKs)\n");
}

static void
on_evidence(void *arg, struct th_evidence *ev)
{
	struct check_run *run = arg;

	run->ev = ev;
	th_resolver_close(run->r);
	th_transport_close(run->t);
}

/*
 * The result on standard output. A JSON line goes out in one write(2), so
 * that checks run in parallel into one file (xargs -P) keep whole lines.
 */
static int
print_result(bool json, const struct th_dname *domain,
             const struct th_report *rep, enum th_level min,
             const struct th_evidence *ev, struct th_dsig_keyring *keys)
{
	struct th_buf out = TH_BUF_INIT(1 << 26);
	const char *p;
	size_t left;
	int rc;

	if (!json) {
		th_result_print_text(stdout, rep, min);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if ((rc = th_result_json(domain, rep, min, ev, keys, &out)) != 0 ||
	    (rc = th_buf_append_u8(&out, '\n')) != 0) {
		fprintf(stderr, "check: %s\n", th_strerror(rc));
		th_buf_free(&out);
		return 1;
	}
	fflush(stdout);
	p = (const char *)th_buf_data(&out);
	left = th_buf_len(&out);
	while (left > 0) {
		ssize_t n = write(STDOUT_FILENO, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "check: stdout: %s\n", strerror(errno));
			break;
		}
		p += n;
		left -= (size_t)n;
	}
	th_buf_free(&out);
	return left == 0 ? 0 : 1;
}

/*
 * --now: the validation time, as seconds since the epoch or as
 * YYYY-MM-DDTHH:MM:SSZ (UTC). Returns 0 or TH_EINVAL.
 */
static int
parse_now(const char *arg, uint64_t *out)
{
	struct tm tm;
	char *end;
	unsigned long long v;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	end = strptime(arg, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end != NULL && *end == '\0') {
		if ((t = timegm(&tm)) <= 0)
			return TH_EINVAL;
		*out = (uint64_t)t;
		return 0;
	}
	if (*arg < '0' || *arg > '9')
		return TH_EINVAL;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0)
		return TH_EINVAL;
	*out = v;
	return 0;
}

/* One number of a --ds field, "65535" at most max. */
static int
parse_uint(const char **p, unsigned long max, unsigned long *out)
{
	char *end;

	if (**p < '0' || **p > '9')
		return TH_EINVAL;
	errno = 0;
	*out = strtoul(*p, &end, 10);
	if (errno != 0 || *out > max || *end != ',')
		return TH_EINVAL;
	*p = end + 1;
	return 0;
}

/* --ds KEYTAG,ALG,DIGTYPE,HEX (Zonemaster's --ds format). */
static int
parse_ds(const char *arg, struct th_probe_conf *pc)
{
	struct th_ev_ds *ds;
	unsigned long keytag, alg, dtype;
	const char *p = arg;
	size_t hexlen;

	if (pc->nds == TH_EV_MAXDS || parse_uint(&p, 65535, &keytag) != 0 ||
	    parse_uint(&p, 255, &alg) != 0 || parse_uint(&p, 255, &dtype) != 0)
		return TH_EINVAL;
	hexlen = strlen(p);
	if (hexlen == 0 || hexlen % 2 != 0 || hexlen / 2 > TH_EV_DIGESTMAX)
		return TH_EINVAL;
	ds = &pc->ds[pc->nds];
	for (size_t i = 0; i < hexlen / 2; i++) {
		unsigned v;

		if (sscanf(p + 2 * i, "%2x", &v) != 1 ||
		    strchr("0123456789abcdefABCDEF", p[2 * i]) == NULL ||
		    strchr("0123456789abcdefABCDEF", p[2 * i + 1]) == NULL)
			return TH_EINVAL;
		ds->digest[i] = (uint8_t)v;
	}
	ds->keytag = (uint16_t)keytag;
	ds->algorithm = (uint8_t)alg;
	ds->digest_type = (uint8_t)dtype;
	ds->dlen = (uint8_t)(hexlen / 2);
	pc->nds++;
	return 0;
}

static int
parse_ns(const char *arg, struct th_probe_conf *pc)
{
	char name[TH_DNAME_STRLEN];
	const char *slash = strchr(arg, '/');
	size_t n = slash ? (size_t)(slash - arg) : strlen(arg);
	struct th_probe_ns *f;
	enum th_dname_reason why;

	if (pc->nfake == TH_PROBE_MAXFAKE || n == 0 || n >= sizeof(name))
		return TH_EINVAL;
	memcpy(name, arg, n);
	name[n] = '\0';
	/* The same name again adds an address. */
	for (size_t i = 0; i < pc->nfake; i++) {
		struct th_dname d;

		if (th_dname_parse(&d, name, n, NULL, &why) == 0 &&
		    th_dname_equal(&d, &pc->fake[i].name)) {
			f = &pc->fake[i];
			goto addr;
		}
	}
	f = &pc->fake[pc->nfake];
	memset(f, 0, sizeof(*f));
	if (th_dname_parse(&f->name, name, n, NULL, &why) != 0)
		return TH_EINVAL;
	pc->nfake++;
addr:
	if (slash != NULL) {
		if (f->naddr == TH_EV_MAXADDR ||
		    th_addr_parse(&f->addr[f->naddr], slash + 1, 53) != 0)
			return TH_EINVAL;
		f->naddr++;
	}
	return 0;
}

/*
 * --db/--run: store the result (record, and each tested address's EDNS
 * facts) in one batch, creating the run when it is new. A domain checked
 * again replaces its record.
 */
static int
store_result(const char *db, const char *run, const struct th_dname *domain,
             const struct th_report *rep, const struct th_evidence *ev,
             struct th_dsig_keyring *keys)
{
	struct th_judged j;
	struct th_store_result res;
	struct th_run_meta m;
	struct th_store *s = NULL;
	char today[TH_RUN_IDMAX + 1];
	size_t replaced = 0;
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (run == NULL) {
		if (gmtime_r(&now, &tm) == NULL ||
		    strftime(today, sizeof(today), "%Y-%m-%d", &tm) == 0)
			return TH_EINVAL;
		run = today;
	}
	if ((rc = th_judge_encode(domain, rep, ev, keys, &j)) != 0)
		goto out;
	if ((rc = th_store_open(&s, db, NULL)) != 0)
		goto out;
	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "%s", run);
	m.created = (uint64_t)now;
	m.state = TH_RUN_RUNNING;
	snprintf(m.input, sizeof(m.input), "check");
	if ((rc = th_store_run_create(s, &m)) != 0 && rc != TH_EEXISTS)
		goto out;
	res.domain = domain;
	res.rec = th_buf_data(&j.rec);
	res.len = th_buf_len(&j.rec);
	rc = th_store_put_batch(s, run, &res, 1, j.srv, j.nsrv, &replaced);
	if (rc == 0 && replaced > 0)
		fprintf(stderr, "check: replaced the stored result of run %s\n",
		        run);
out:
	th_store_destroy(&s);
	th_judge_free(&j);
	return rc;
}

int
th_cmd_check(int argc, char **argv)
{
	enum {
		O_HINTS = 256,
		O_JSON,
		O_LEVEL,
		O_TEST,
		O_PROFILE,
		O_NS,
		O_DS,
		O_NOW,
		O_NO4,
		O_NO6,
		O_ASN,
		O_GLOBAL,
		O_TIMEOUT,
		O_RETRIES,
		O_BUDGET,
		O_DB,
		O_RUN,
		O_ANCHOR,
		O_HELP
	};
	static const struct option opts[] = {
	    {"hints", required_argument, NULL, O_HINTS},
	    {"json", no_argument, NULL, O_JSON},
	    {"level", required_argument, NULL, O_LEVEL},
	    {"test", required_argument, NULL, O_TEST},
	    {"profile", required_argument, NULL, O_PROFILE},
	    {"ns", required_argument, NULL, O_NS},
	    {"ds", required_argument, NULL, O_DS},
	    {"now", required_argument, NULL, O_NOW},
	    {"no-ipv4", no_argument, NULL, O_NO4},
	    {"no-ipv6", no_argument, NULL, O_NO6},
	    {"asn-db", required_argument, NULL, O_ASN},
	    {"global-prefix", required_argument, NULL, O_GLOBAL},
	    {"timeout", required_argument, NULL, O_TIMEOUT},
	    {"retries", required_argument, NULL, O_RETRIES},
	    {"budget", required_argument, NULL, O_BUDGET},
	    {"db", required_argument, NULL, O_DB},
	    {"run", required_argument, NULL, O_RUN},
	    {"trust-anchor", required_argument, NULL, O_ANCHOR},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	const char *hints_path = NULL, *profile_path = NULL, *asn_path = NULL;
	const char *db = NULL, *run_id = NULL, *anchor_path = NULL;
	struct th_trust_anchor anchor;
	struct th_chain_conf cconf;
	struct th_asn_db *asn = NULL;
	enum th_level min = TH_LEVEL_NOTICE;
	bool json = false, tests_given = false;
	bool only[TH_TC__COUNT] = {false};
	struct th_transport_conf tconf;
	struct th_resolver_conf rconf;
	struct th_probe_conf pconf;
	struct th_engine_conf econf;
	struct th_profile profile;
	struct th_report rep;
	struct th_dsig_keyring keys = TH_DSIG_KEYRING_INIT;
	struct th_hints hints;
	struct th_dname domain;
	struct check_run run = {0};
	char err[512];
	uv_loop_t loop;
	int c, rc;

	th_transport_conf_default(&tconf);
	th_resolver_conf_default(&rconf);
	th_probe_conf_default(&pconf);
	th_profile_default(&profile);
	th_engine_conf_init(&econf, &profile);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		enum th_testcase tc;

		switch (c) {
		case O_HINTS:
			hints_path = optarg;
			break;
		case O_JSON:
			json = true;
			break;
		case O_LEVEL:
			if (th_level_parse(optarg, &min) != 0) {
				fprintf(stderr, "check: unknown level '%s'\n",
				        optarg);
				return 2;
			}
			break;
		case O_TEST:
			if (th_testcase_parse(optarg, &tc) != 0) {
				fprintf(stderr,
				        "check: unknown test case '%s'\n",
				        optarg);
				return 2;
			}
			only[tc] = tests_given = true;
			break;
		case O_PROFILE:
			profile_path = optarg;
			break;
		case O_DS:
			if (parse_ds(optarg, &pconf) != 0) {
				fprintf(stderr,
				        "check: bad --ds '%s' (KEYTAG,ALG,"
				        "DIGTYPE,HEX)\n",
				        optarg);
				return 2;
			}
			break;
		case O_NOW:
			if (parse_now(optarg, &pconf.now) != 0) {
				fprintf(stderr,
				        "check: bad --now '%s' (seconds since "
				        "the epoch or YYYY-MM-DDTHH:MM:SSZ)\n",
				        optarg);
				return 2;
			}
			break;
		case O_NS:
			if (parse_ns(optarg, &pconf) != 0) {
				fprintf(stderr, "check: bad --ns '%s'\n",
				        optarg);
				return 2;
			}
			break;
		case O_NO4:
			pconf.ipv4 = false;
			rconf.no_ipv4 = true;
			break;
		case O_NO6:
			pconf.ipv6 = false;
			rconf.no_ipv6 = true;
			break;
		case O_ASN:
			asn_path = optarg;
			break;
		case O_GLOBAL:
			if (econf.nglobal == TH_ENGINE_MAXGLOBAL ||
			    th_prefix_parse(&econf.global[econf.nglobal],
			                    optarg) != 0) {
				fprintf(stderr, "check: bad prefix '%s'\n",
				        optarg);
				return 2;
			}
			econf.nglobal++;
			break;
		case O_TIMEOUT:
			tconf.timeout_ms = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case O_RETRIES:
			tconf.tries = (unsigned)strtoul(optarg, NULL, 10) + 1;
			break;
		case O_BUDGET:
			pconf.budget_ms =
			    (unsigned)strtoul(optarg, NULL, 10) * 1000;
			break;
		case O_DB:
			db = optarg;
			break;
		case O_RUN:
			if (!th_store_run_id_valid(optarg)) {
				fprintf(stderr,
				        "check: bad --run '%s' (1 to 64 of "
				        "A-Z a-z 0-9 . _ -)\n",
				        optarg);
				return 2;
			}
			run_id = optarg;
			break;
		case O_ANCHOR:
			anchor_path = optarg;
			break;
		case O_HELP:
		case 'h':
			check_usage(stdout);
			return 0;
		default:
			check_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		check_usage(stderr);
		return 2;
	}
	if (pconf.nds > 0 && pconf.nfake == 0) {
		fprintf(stderr, "check: --ds is for undelegated tests: give "
		                "the name servers with --ns\n");
		return 2;
	}
	if (!pconf.ipv4 && !pconf.ipv6) {
		fprintf(stderr, "check: --no-ipv4 and --no-ipv6 leave nothing "
		                "to test with\n");
		return 2;
	}
	if (profile_path != NULL &&
	    th_profile_load(&profile, profile_path, err, sizeof(err)) != 0) {
		fprintf(stderr, "check: profile: %s\n", err);
		return 2;
	}
	if (tests_given)
		for (unsigned i = 0; i < TH_TC__COUNT; i++)
			profile.enabled[i] = profile.enabled[i] &&
			                     (only[i] || i == TH_TC_SYSTEM);
	if (th_hints_load(&hints, hints_path, err, sizeof(err)) != 0) {
		fprintf(stderr, "check: hints: %s\n", err);
		return 2;
	}
	if (anchor_path == NULL)
		th_trust_anchor_default(&anchor);
	else if (th_chain_anchor_load(&anchor, anchor_path, err, sizeof(err)) !=
	         0) {
		fprintf(stderr, "check: trust-anchor: %s\n", err);
		return 2;
	}
	if (asn_path != NULL &&
	    th_asn_db_load(&asn, asn_path, err, sizeof(err)) != 0) {
		fprintf(stderr, "check: asn-db: %s\n", err);
		return 2;
	}
	econf.asn = asn;
	if ((rc = th_report_init(&rep, &profile)) != 0) {
		fprintf(stderr, "check: %s\n", th_strerror(rc));
		th_asn_db_free(asn);
		return 1;
	}
	if (th_normalize(argv[optind], &domain, &rep) != 0) {
		/* The CRITICAL tag says why; nothing can be tested. */
		struct th_dname none;

		th_dname_set_root(&none);
		print_result(json, &none, &rep, min, NULL, NULL);
		th_report_free(&rep);
		th_asn_db_free(asn);
		return 1;
	}

	/* One validation time for the probe and the chain of trust. */
	if (pconf.now == 0)
		pconf.now = (uint64_t)time(NULL);
	cconf.anchor = &anchor;
	cconf.now = pconf.now;
	cconf.ipv4 = pconf.ipv4;
	cconf.ipv6 = pconf.ipv6;
	uv_loop_init(&loop);
	if ((rc = th_transport_create(&run.t, &loop, &tconf)) != 0 ||
	    (rc = th_resolver_create(&run.r, run.t, &hints, &rconf)) != 0 ||
	    (rc = th_chain_create(&pconf.chain, run.t, run.r, &cconf)) != 0 ||
	    (rc = th_probe_start(run.t, run.r, &domain, &pconf, on_evidence,
	                         &run)) != 0) {
		fprintf(stderr, "check: %s\n", th_strerror(rc));
		if (run.r != NULL)
			th_resolver_close(run.r);
		if (run.t != NULL)
			th_transport_close(run.t);
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
		th_chain_free(pconf.chain);
		th_report_free(&rep);
		th_asn_db_free(asn);
		return 1;
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);

	th_engine_run(run.ev, &econf, &rep, &keys);
	rc = print_result(json, &domain, &rep, min, run.ev, &keys);
	if (rep.err != 0)
		rc = 1;
	if ((db != NULL || run_id != NULL) && rep.err == 0) {
		int src = store_result(db ? db : TH_STORE_DEFAULT_DIR, run_id,
		                       &domain, &rep, run.ev, &keys);

		if (src != 0) {
			fprintf(stderr, "check: store %s: %s\n",
			        db ? db : TH_STORE_DEFAULT_DIR,
			        th_strerror(src));
			rc = 1;
		}
	}
	th_report_free(&rep);
	th_dsig_keyring_free(&keys);
	th_ev_free(run.ev);
	free(run.ev);
	/* After the engine: the evidence points at the chain's verdicts. */
	th_chain_free(pconf.chain);
	th_asn_db_free(asn);
	return rc;
}
