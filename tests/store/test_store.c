/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_store.c -- unit tests for store/store over a temporary LMDB
 * environment: runs, batches in domain order, one record per domain on
 * resume, server facts, progress, an all-or-nothing batch on a full map,
 * map growth, and retry after the map is allowed to grow.
 */
#include "store/store.h"
#include "tests/suites.h"
#include "tests/support/canned.h"

#include "common/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tmpdb {
	char dir[64];
};

static void
tmpdb_make(struct tmpdb *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/th_store_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->dir));
}

static void
tmpdb_remove(struct tmpdb *t)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/data.mdb", t->dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/lock.mdb", t->dir);
	unlink(p);
	rmdir(t->dir);
}

static void
new_run(struct th_store *s, const char *id)
{
	struct th_run_meta m;

	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "%s", id);
	m.created = 1764300000;
	m.state = TH_RUN_RUNNING;
	snprintf(m.input, sizeof(m.input), "test");
	ck_assert_int_eq(th_store_run_create(s, &m), 0);
}

/* Records here are opaque octets: the domain's text, padded. */
struct collect {
	size_t n;
	char seen[64][128];
};

static int
collect_cb(void *arg, const void *rec, size_t len)
{
	struct collect *c = arg;

	if (c->n < 64) {
		size_t k = len < 127 ? len : 127;

		memcpy(c->seen[c->n], rec, k);
		c->seen[c->n][k] = '\0';
	}
	c->n++;
	return 0;
}

static size_t
put_names(struct th_store *s, const char *run, const char *const *names,
          size_t n, size_t pad, int want)
{
	struct th_store_result res[16];
	struct th_dname d[16];
	char *buf[16];
	size_t replaced = 99;

	ck_assert_uint_le(n, 16);
	for (size_t i = 0; i < n; i++) {
		d[i] = canned_name(names[i]);
		buf[i] = calloc(1, strlen(names[i]) + pad + 1);
		ck_assert_ptr_nonnull(buf[i]);
		memcpy(buf[i], names[i], strlen(names[i]));
		res[i].domain = &d[i];
		res[i].rec = buf[i];
		res[i].len = strlen(names[i]) + pad;
	}
	ck_assert_int_eq(th_store_put_batch(s, run, res, n, NULL, 0, &replaced),
	                 want);
	for (size_t i = 0; i < n; i++)
		free(buf[i]);
	return replaced;
}

START_TEST(test_store_runs_and_results)
{
	static const char *const b1[] = {"b.se", "A.se", "c.se"};
	static const char *const b2[] = {"a.se", "d.se"};
	struct tmpdb t;
	struct th_store *s;
	struct th_run_meta m;
	struct collect c;
	uint64_t batches;
	struct th_dname d = canned_name("D.se");

	tmpdb_make(&t);
	ck_assert_int_eq(th_store_open(&s, t.dir, NULL), 0);
	new_run(s, "2026");
	new_run(s, "2025");
	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "2026");
	ck_assert_int_eq(th_store_run_create(s, &m), TH_EEXISTS);
	snprintf(m.id, sizeof(m.id), "bad id");
	ck_assert_int_eq(th_store_run_create(s, &m), TH_EINVAL);
	ck_assert_uint_eq(put_names(s, "2026", b1, 3, 0, 0), 0);
	/* a.se again (any case): replaced, and said so. */
	ck_assert_uint_eq(put_names(s, "2026", b2, 2, 0, 0), 1);
	ck_assert_uint_eq(put_names(s, "none", b2, 2, 0, TH_ENOTFOUND), 0);
	ck_assert_int_eq(th_store_run_get(s, "2026", &m), 0);
	ck_assert_uint_eq(m.results, 4);
	ck_assert_uint_eq(m.batches, 2);
	ck_assert_int_eq(m.state, TH_RUN_RUNNING);
	ck_assert_str_eq(m.input, "test");
	ck_assert_int_eq(th_store_run_get(s, "nope", &m), TH_ENOTFOUND);
	ck_assert_int_eq(th_store_progress(s, "2026", &batches), 0);
	ck_assert_uint_eq(batches, 2);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(th_store_results(s, "2026", collect_cb, &c), 0);
	ck_assert_uint_eq(c.n, 4);
	ck_assert_str_eq(c.seen[0], "a.se");
	ck_assert_str_eq(c.seen[1], "b.se");
	ck_assert_str_eq(c.seen[2], "c.se");
	ck_assert_str_eq(c.seen[3], "d.se");
	/* The other run is empty; a prefix of a run id is another run. */
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(th_store_results(s, "2025", collect_cb, &c), 0);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_int_eq(th_store_results(s, "202", collect_cb, &c), 0);
	ck_assert_uint_eq(c.n, 0);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(th_store_get_result(s, "2026", &d, collect_cb, &c), 0);
	ck_assert_str_eq(c.seen[0], "d.se");
	/* State changes keep the counts. */
	snprintf(m.id, sizeof(m.id), "2026");
	m.state = TH_RUN_DONE;
	m.results = 0;
	ck_assert_int_eq(th_store_run_set(s, &m), 0);
	th_store_destroy(&s);
	ck_assert_ptr_null(s);

	/* Read-only, and runs in id order. */
	{
		struct th_store_conf ro = {true, 0, 0};
		struct collect ids;

		ck_assert_int_eq(th_store_open(&s, t.dir, &ro), 0);
		ck_assert_int_eq(th_store_run_get(s, "2026", &m), 0);
		ck_assert_int_eq(m.state, TH_RUN_DONE);
		ck_assert_uint_eq(m.results, 4);
		ck_assert_int_ne(th_store_run_set(s, &m), 0);
		th_store_destroy(&s);
		(void)ids;
	}
	tmpdb_remove(&t);
}
END_TEST

static int
count_runs(void *arg, const struct th_run_meta *m)
{
	struct collect *c = arg;

	snprintf(c->seen[c->n++], sizeof(c->seen[0]), "%s", m->id);
	return 0;
}

static int
srv_cb(void *arg, const struct th_addr *a, const void *rec, size_t len)
{
	struct collect *c = arg;
	char ip[64];

	ck_assert_int_eq(th_addr_ip_str(a, ip, sizeof(ip)), 0);
	ck_assert_uint_eq(len, 1);
	snprintf(c->seen[c->n++], sizeof(c->seen[0]), "%s=%c", ip,
	         *(const char *)rec);
	return 0;
}

START_TEST(test_store_servers_and_runs)
{
	struct tmpdb t;
	struct th_store *s;
	struct th_store_server srv[3];
	struct collect c;
	struct th_run_meta m;
	size_t replaced;

	tmpdb_make(&t);
	ck_assert_int_eq(th_store_open(&s, t.dir, NULL), 0);
	new_run(s, "b");
	new_run(s, "a");
	srv[0].addr = canned_addr("192.0.2.2");
	srv[1].addr = canned_addr("192.0.2.1");
	srv[2].addr = canned_addr("2001:db8::1");
	for (int i = 0; i < 3; i++) {
		srv[i].rec = i == 0 ? "x" : "y";
		srv[i].len = 1;
	}
	ck_assert_int_eq(th_store_put_batch(s, "a", NULL, 0, srv, 3, &replaced),
	                 0);
	ck_assert_int_eq(th_store_put_batch(s, "a", NULL, 0, srv, 1, &replaced),
	                 0);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(th_store_servers(s, "a", srv_cb, &c), 0);
	ck_assert_uint_eq(c.n, 3);
	ck_assert_str_eq(c.seen[0], "192.0.2.1=y");
	ck_assert_str_eq(c.seen[1], "192.0.2.2=x");
	ck_assert_str_eq(c.seen[2], "2001:db8::1=y");
	ck_assert_int_eq(th_store_run_get(s, "a", &m), 0);
	ck_assert_uint_eq(m.servers, 3);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(th_store_runs(s, count_runs, &c), 0);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_str_eq(c.seen[0], "a");
	ck_assert_str_eq(c.seen[1], "b");
	th_store_destroy(&s);
	tmpdb_remove(&t);
}
END_TEST

/* No store in a directory opened read-only. */
START_TEST(test_store_missing)
{
	struct th_store_conf ro = {true, 0, 0};
	struct th_store *s = (struct th_store *)1;
	struct tmpdb t;

	ck_assert_int_eq(
	    th_store_open(&s, "/tmp/th_store_does_not_exist/x", &ro),
	    TH_ENOTFOUND);
	ck_assert_ptr_null(s);
	tmpdb_make(&t);
	ck_assert_int_ne(th_store_open(&s, t.dir, &ro), 0);
	tmpdb_remove(&t);
}
END_TEST

/*
 * A map that may not grow fills: the batch fails with TH_ESTOREFULL and
 * leaves nothing; what was committed stays. Reopened with room to grow
 * (space freed), the same batch goes in.
 */
START_TEST(test_store_full)
{
	static const char *const first[] = {"a.se"};
	static const char *const big[] = {"b.se", "c.se", "d.se", "e.se",
	                                  "f.se", "g.se", "h.se", "i.se"};
	struct th_store_conf tiny = {false, 256 << 10, 256 << 10};
	struct th_store_conf roomy = {false, 256 << 10, 64 << 20};
	struct tmpdb t;
	struct th_store *s;
	struct th_run_meta m;
	struct collect c;
	uint64_t batches;

	tmpdb_make(&t);
	ck_assert_int_eq(th_store_open(&s, t.dir, &tiny), 0);
	new_run(s, "r");
	ck_assert_uint_eq(put_names(s, "r", first, 1, 1000, 0), 0);
	/* Eight records of 64 KiB do not fit in 256 KiB. */
	put_names(s, "r", big, 8, 64 << 10, TH_ESTOREFULL);
	ck_assert_int_eq(th_store_run_get(s, "r", &m), 0);
	ck_assert_uint_eq(m.results, 1);
	ck_assert_uint_eq(m.batches, 1);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(th_store_results(s, "r", collect_cb, &c), 0);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_str_eq(c.seen[0], "a.se");
	th_store_destroy(&s);

	ck_assert_int_eq(th_store_open(&s, t.dir, &roomy), 0);
	put_names(s, "r", big, 8, 64 << 10, 0);
	ck_assert_uint_gt(th_store_mapsize(s), 256 << 10);
	ck_assert_int_eq(th_store_run_get(s, "r", &m), 0);
	ck_assert_uint_eq(m.results, 9);
	ck_assert_int_eq(th_store_progress(s, "r", &batches), 0);
	ck_assert_uint_eq(batches, 2);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(th_store_results(s, "r", collect_cb, &c), 0);
	ck_assert_uint_eq(c.n, 9);
	ck_assert_str_eq(c.seen[8], "i.se");
	th_store_destroy(&s);
	tmpdb_remove(&t);
}
END_TEST

/*
 * A real full filesystem (tests/integration/test_store_full.sh): with
 * TH_STORE_FULL_DIR set to a store directory on a small tmpfs, batches go
 * in until the disk is full, which must fail with TH_ESTOREFULL and keep
 * what was committed; TH_STORE_FULL_GROW (a command, e.g. a remount with
 * more space) frees space, and the same batch then goes in. Without the
 * variables the test does nothing.
 */
START_TEST(test_store_disk_full)
{
	const char *dir = getenv("TH_STORE_FULL_DIR");
	const char *grow = getenv("TH_STORE_FULL_GROW");
	struct th_store_conf conf = {false, 64 << 20, 64 << 20};
	struct th_store *s;
	struct th_store_result res;
	struct th_dname d;
	struct th_run_meta m;
	struct collect c;
	char name[64], *rec;
	unsigned i;
	int rc = 0;

	if (dir == NULL || grow == NULL)
		return;
	rec = malloc(3000);
	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(th_store_open(&s, dir, &conf), 0);
	new_run(s, "full");
	for (i = 0; i < 100000; i++) {
		snprintf(name, sizeof(name), "domain-%06u.se", i);
		d = canned_name(name);
		memset(rec, 'a' + i % 26, 3000);
		memcpy(rec, name, strlen(name));
		res.domain = &d;
		res.rec = rec;
		res.len = 3000;
		if ((rc = th_store_put_batch(s, "full", &res, 1, NULL, 0,
		                             NULL)) != 0)
			break;
	}
	fprintf(stderr, "disk full after %u batches: %s\n", i, th_strerror(rc));
	ck_assert_int_eq(rc, TH_ESTOREFULL);
	ck_assert_int_eq(th_store_run_get(s, "full", &m), 0);
	ck_assert_uint_eq(m.results, i);
	th_store_destroy(&s);
	ck_assert_int_eq(system(grow), 0);
	ck_assert_int_eq(th_store_open(&s, dir, &conf), 0);
	ck_assert_int_eq(th_store_put_batch(s, "full", &res, 1, NULL, 0, NULL),
	                 0);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(th_store_results(s, "full", collect_cb, &c), 0);
	ck_assert_uint_eq(c.n, i + 1);
	ck_assert_int_eq(th_store_run_get(s, "full", &m), 0);
	ck_assert_uint_eq(m.results, i + 1);
	th_store_destroy(&s);
	free(rec);
}
END_TEST

Suite *
suite_store(void)
{
	Suite *s = suite_create("store");
	TCase *pos = tcase_create("Positive");
	TCase *neg = tcase_create("Negative");

	tcase_add_test(pos, test_store_runs_and_results);
	tcase_add_test(pos, test_store_servers_and_runs);
	tcase_add_test(neg, test_store_missing);
	tcase_add_test(neg, test_store_full);
	tcase_add_test(neg, test_store_disk_full);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, neg);
	return s;
}
