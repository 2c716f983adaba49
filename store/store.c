/* SPDX-License-Identifier: BSD-3-Clause */
/* store.c -- the LMDB adapter (see store.h). */
#include "store/store.h"

#include "common/err.h"

#include <ctype.h>
#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/stat.h>

#define DEFAULT_MAP ((size_t)64 << 20)
#define DEFAULT_MAX ((size_t)1 << 40)
/* Key: run id (64), 0, domain key (at most 1 + 255 octets). */
#define KEYMAX (TH_RUN_IDMAX + 1 + 1 + 255)

struct th_store {
	MDB_env *env;
	MDB_dbi runs, results, servers, progress;
	bool readonly;
	size_t mapsize, max_mapsize;
};

/* LMDB's codes to ours; they never leave this module. */
static int
from_mdb(int rc)
{
	switch (rc) {
	case 0:
		return 0;
	case MDB_NOTFOUND:
		return TH_ENOTFOUND;
	case MDB_MAP_FULL:
	case ENOSPC:
		return TH_ESTOREFULL;
	case MDB_BAD_VALSIZE:
		return TH_ETOOBIG;
	case ENOMEM:
		return TH_ENOMEM;
	default:
		return rc > 0 ? -rc : TH_ESTORE;
	}
}

bool
th_store_run_id_valid(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > TH_RUN_IDMAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '.' &&
		    id[i] != '_' && id[i] != '-')
			return false;
	return true;
}

int
th_store_open(struct th_store **out, const char *dir,
              const struct th_store_conf *conf)
{
	struct th_store *s = calloc(1, sizeof(*s));
	struct th_store_conf def = {false, 0, 0};
	MDB_txn *txn = NULL;
	unsigned dbflags;
	struct stat st;
	int rc;

	*out = NULL;
	if (s == NULL)
		return TH_ENOMEM;
	if (conf == NULL)
		conf = &def;
	s->readonly = conf->readonly;
	s->mapsize = conf->mapsize ? conf->mapsize : DEFAULT_MAP;
	s->max_mapsize = conf->max_mapsize ? conf->max_mapsize : DEFAULT_MAX;
	if (s->max_mapsize < s->mapsize)
		s->max_mapsize = s->mapsize;
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT || s->readonly) {
			rc = errno == ENOENT ? TH_ENOTFOUND : -errno;
			free(s);
			return rc;
		}
		if (mkdir(dir, 0755) != 0) {
			rc = -errno;
			free(s);
			return rc;
		}
	}
	if ((rc = mdb_env_create(&s->env)) != 0)
		goto fail;
	/* A map already larger in the file wins (mdb_env_info below). */
	if ((rc = mdb_env_set_mapsize(s->env, s->mapsize)) != 0 ||
	    (rc = mdb_env_set_maxdbs(s->env, 8)) != 0 ||
	    (rc = mdb_env_open(s->env, dir,
	                       MDB_NOTLS | (s->readonly ? MDB_RDONLY : 0),
	                       0644)) != 0)
		goto fail;
	{
		MDB_envinfo info;

		if (mdb_env_info(s->env, &info) == 0 &&
		    info.me_mapsize > s->mapsize)
			s->mapsize = info.me_mapsize;
	}
	dbflags = s->readonly ? 0 : MDB_CREATE;
	if ((rc = mdb_txn_begin(s->env, NULL, s->readonly ? MDB_RDONLY : 0,
	                        &txn)) != 0 ||
	    (rc = mdb_dbi_open(txn, "runs", dbflags, &s->runs)) != 0 ||
	    (rc = mdb_dbi_open(txn, "results", dbflags, &s->results)) != 0 ||
	    (rc = mdb_dbi_open(txn, "servers", dbflags, &s->servers)) != 0 ||
	    (rc = mdb_dbi_open(txn, "progress", dbflags, &s->progress)) != 0)
		goto fail;
	if ((rc = mdb_txn_commit(txn)) != 0) {
		txn = NULL;
		goto fail;
	}
	*out = s;
	return 0;
fail:
	if (txn != NULL)
		mdb_txn_abort(txn);
	if (s->env != NULL)
		mdb_env_close(s->env);
	free(s);
	/* An empty directory opened read-only: no store there. */
	return rc == MDB_NOTFOUND || (rc == ENOENT && conf->readonly)
	           ? TH_ENOTFOUND
	           : from_mdb(rc);
}

void
th_store_destroy(struct th_store **sp)
{
	if (*sp == NULL)
		return;
	mdb_env_close((*sp)->env);
	free(*sp);
	*sp = NULL;
}

size_t
th_store_mapsize(const struct th_store *s)
{
	return s->mapsize;
}

/* A transaction; another process may have grown the map. */
static int
txn_begin(struct th_store *s, unsigned flags, MDB_txn **txn)
{
	int rc = mdb_txn_begin(s->env, NULL, flags, txn);

	if (rc == MDB_MAP_RESIZED) {
		MDB_envinfo info;

		if ((rc = mdb_env_set_mapsize(s->env, 0)) != 0)
			return rc;
		if (mdb_env_info(s->env, &info) == 0)
			s->mapsize = info.me_mapsize;
		rc = mdb_txn_begin(s->env, NULL, flags, txn);
	}
	return rc;
}

/* Double the map, up to the maximum; false when it cannot grow. */
static bool
grow(struct th_store *s)
{
	size_t next = s->mapsize * 2;

	if (s->mapsize >= s->max_mapsize)
		return false;
	if (next > s->max_mapsize)
		next = s->max_mapsize;
	if (mdb_env_set_mapsize(s->env, next) != 0)
		return false;
	s->mapsize = next;
	return true;
}

/*
 * The domain key: lower-case text without the final dot, so that a
 * cursor walks a run in the order people sort names. A name whose
 * escaped text would not fit an LMDB key is keyed 0xff and its wire form
 * (0xff never starts presentation text): unique, sorted last.
 */
static size_t
domain_key(const struct th_dname *d, uint8_t *dst)
{
	char text[TH_DNAME_STRLEN];
	size_t n;

	if (th_dname_to_str(d, text, sizeof(text)) == 0 &&
	    (n = strlen(text)) <= 255) {
		if (n > 1)
			n--;
		for (size_t i = 0; i < n; i++)
			dst[i] = (uint8_t)tolower((unsigned char)text[i]);
		return n;
	}
	dst[0] = 0xff;
	for (size_t i = 0; i < d->len; i++)
		dst[1 + i] = (uint8_t)tolower(d->wire[i]);
	return 1 + (size_t)d->len;
}

/* run, 0, and the rest. */
static size_t
run_key(const char *run, uint8_t *dst)
{
	size_t n = strlen(run);

	memcpy(dst, run, n);
	dst[n] = 0;
	return n + 1;
}

/* family, 16 octets of address, port: fixed 19 octets, sorted. */
static size_t
addr_key(const struct th_addr *a, uint8_t *dst)
{
	dst[0] = a->family;
	memcpy(dst + 1, a->ip, 16);
	dst[17] = (uint8_t)(a->port >> 8);
	dst[18] = (uint8_t)a->port;
	return 19;
}

static int
meta_get(struct th_store *s, MDB_txn *txn, const char *id,
         struct th_run_meta *m)
{
	MDB_val k = {strlen(id), (void *)(uintptr_t)id}, v;
	int rc = mdb_get(txn, s->runs, &k, &v);

	if (rc != 0)
		return from_mdb(rc);
	snprintf(m->id, sizeof(m->id), "%s", id);
	return th_record_run_decode(v.mv_data, v.mv_size, m);
}

static int
meta_put(struct th_store *s, MDB_txn *txn, const struct th_run_meta *m)
{
	struct th_buf b = TH_BUF_INIT(1 << 16);
	MDB_val k = {strlen(m->id), (void *)(uintptr_t)m->id}, v;
	int rc;

	if ((rc = th_record_run_encode(m, &b)) == 0) {
		v.mv_size = th_buf_len(&b);
		v.mv_data = (void *)(uintptr_t)th_buf_data(&b);
		rc = from_mdb(mdb_put(txn, s->runs, &k, &v, 0));
	}
	th_buf_free(&b);
	return rc;
}

/*
 * LMDB turns a short write into EIO: on a nearly full filesystem (a
 * tmpfs in particular) that is how a full disk shows. It is a full store
 * when the filesystem has next to nothing left.
 */
static int
commit_error(struct th_store *s, int mrc)
{
	const char *path = NULL;
	struct statvfs sv;

	if (mrc == EIO && mdb_env_get_path(s->env, &path) == 0 &&
	    path != NULL && statvfs(path, &sv) == 0 &&
	    (uint64_t)sv.f_bavail * sv.f_frsize < ((uint64_t)1 << 20))
		return TH_ESTOREFULL;
	return from_mdb(mrc);
}

/* Run one write transaction; a full map grows and the whole op reruns. */
static int
write_txn(struct th_store *s, int (*op)(struct th_store *, MDB_txn *, void *),
          void *arg)
{
	for (;;) {
		MDB_txn *txn;
		int rc, mrc;

		if (s->readonly)
			return TH_EINVAL;
		if ((mrc = txn_begin(s, 0, &txn)) != 0)
			return from_mdb(mrc);
		rc = op(s, txn, arg);
		if (rc != 0) {
			mdb_txn_abort(txn);
			if (rc == TH_ESTOREFULL && grow(s))
				continue;
			return rc;
		}
		mrc = mdb_txn_commit(txn);
		if (mrc == MDB_MAP_FULL && grow(s))
			continue;
		return commit_error(s, mrc);
	}
}

struct meta_op {
	const struct th_run_meta *m;
	bool create;
};

static int
op_meta(struct th_store *s, MDB_txn *txn, void *arg)
{
	struct meta_op *o = arg;
	struct th_run_meta old, m = *o->m;
	int rc = meta_get(s, txn, m.id, &old);

	if (rc == 0 && o->create)
		return TH_EEXISTS;
	if (rc == 0) {
		m.results = old.results;
		m.servers = old.servers;
		m.batches = old.batches;
	} else if (rc != TH_ENOTFOUND) {
		return rc;
	} else {
		m.results = m.servers = m.batches = 0;
	}
	return meta_put(s, txn, &m);
}

int
th_store_run_create(struct th_store *s, const struct th_run_meta *m)
{
	struct meta_op o = {m, true};

	if (!th_store_run_id_valid(m->id))
		return TH_EINVAL;
	return write_txn(s, op_meta, &o);
}

int
th_store_run_set(struct th_store *s, const struct th_run_meta *m)
{
	struct meta_op o = {m, false};

	if (!th_store_run_id_valid(m->id))
		return TH_EINVAL;
	return write_txn(s, op_meta, &o);
}

int
th_store_run_get(struct th_store *s, const char *id, struct th_run_meta *m)
{
	MDB_txn *txn;
	int rc;

	if (!th_store_run_id_valid(id))
		return TH_EINVAL;
	if ((rc = txn_begin(s, MDB_RDONLY, &txn)) != 0)
		return from_mdb(rc);
	rc = meta_get(s, txn, id, m);
	mdb_txn_abort(txn);
	return rc;
}

int
th_store_runs(struct th_store *s,
              int (*fn)(void *arg, const struct th_run_meta *m), void *arg)
{
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	struct th_run_meta m;
	int rc, mrc;

	if ((mrc = txn_begin(s, MDB_RDONLY, &txn)) != 0)
		return from_mdb(mrc);
	if ((mrc = mdb_cursor_open(txn, s->runs, &cur)) != 0) {
		mdb_txn_abort(txn);
		return from_mdb(mrc);
	}
	rc = 0;
	for (mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); mrc == 0 && rc == 0;
	     mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size == 0 || k.mv_size > TH_RUN_IDMAX) {
			rc = TH_ECODEC;
			break;
		}
		memcpy(m.id, k.mv_data, k.mv_size);
		m.id[k.mv_size] = '\0';
		if ((rc = th_record_run_decode(v.mv_data, v.mv_size, &m)) == 0)
			rc = fn(arg, &m);
	}
	if (rc == 0 && mrc != MDB_NOTFOUND)
		rc = from_mdb(mrc);
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}

struct batch_op {
	const char *run;
	const struct th_store_result *res;
	size_t nres;
	const struct th_store_server *srv;
	size_t nsrv;
	size_t replaced;
};

static int
op_batch(struct th_store *s, MDB_txn *txn, void *arg)
{
	struct batch_op *o = arg;
	struct th_run_meta m;
	uint8_t key[KEYMAX], prog[8];
	size_t pre = run_key(o->run, key);
	MDB_val k, v;
	int rc;

	o->replaced = 0;
	if ((rc = meta_get(s, txn, o->run, &m)) != 0)
		return rc;
	for (size_t i = 0; i < o->nres; i++) {
		k.mv_data = key;
		k.mv_size = pre + domain_key(o->res[i].domain, key + pre);
		v.mv_data = (void *)(uintptr_t)o->res[i].rec;
		v.mv_size = o->res[i].len;
		/* MDB_NOOVERWRITE points v at the stored value on a hit. */
		rc = mdb_put(txn, s->results, &k, &v, MDB_NOOVERWRITE);
		if (rc == MDB_KEYEXIST) {
			o->replaced++;
			v.mv_data = (void *)(uintptr_t)o->res[i].rec;
			v.mv_size = o->res[i].len;
			rc = mdb_put(txn, s->results, &k, &v, 0);
		} else if (rc == 0) {
			m.results++;
		}
		if (rc != 0)
			return from_mdb(rc);
	}
	for (size_t i = 0; i < o->nsrv; i++) {
		k.mv_data = key;
		k.mv_size = pre + addr_key(&o->srv[i].addr, key + pre);
		v.mv_data = (void *)(uintptr_t)o->srv[i].rec;
		v.mv_size = o->srv[i].len;
		rc = mdb_put(txn, s->servers, &k, &v, MDB_NOOVERWRITE);
		if (rc == MDB_KEYEXIST) {
			v.mv_data = (void *)(uintptr_t)o->srv[i].rec;
			v.mv_size = o->srv[i].len;
			rc = mdb_put(txn, s->servers, &k, &v, 0);
		} else if (rc == 0)
			m.servers++;
		if (rc != 0)
			return from_mdb(rc);
	}
	m.batches++;
	for (unsigned i = 0; i < 8; i++)
		prog[i] = (uint8_t)(m.batches >> (56 - 8 * i));
	k.mv_data = (void *)(uintptr_t)o->run;
	k.mv_size = strlen(o->run);
	v.mv_data = prog;
	v.mv_size = sizeof(prog);
	if ((rc = mdb_put(txn, s->progress, &k, &v, 0)) != 0)
		return from_mdb(rc);
	return meta_put(s, txn, &m);
}

int
th_store_put_batch(struct th_store *s, const char *run,
                   const struct th_store_result *res, size_t nres,
                   const struct th_store_server *srv, size_t nsrv,
                   size_t *replaced)
{
	struct batch_op o = {run, res, nres, srv, nsrv, 0};
	int rc;

	if (!th_store_run_id_valid(run))
		return TH_EINVAL;
	rc = write_txn(s, op_batch, &o);
	if (replaced != NULL)
		*replaced = rc == 0 ? o.replaced : 0;
	return rc;
}

int
th_store_get_result(struct th_store *s, const char *run,
                    const struct th_dname *domain,
                    int (*fn)(void *arg, const void *rec, size_t len),
                    void *arg)
{
	uint8_t key[KEYMAX];
	MDB_txn *txn;
	MDB_val k = {0, key}, v;
	int rc;

	if (!th_store_run_id_valid(run))
		return TH_EINVAL;
	k.mv_size = run_key(run, key);
	k.mv_size += domain_key(domain, key + k.mv_size);
	if ((rc = txn_begin(s, MDB_RDONLY, &txn)) != 0)
		return from_mdb(rc);
	rc = mdb_get(txn, s->results, &k, &v);
	rc = rc == 0 ? fn(arg, v.mv_data, v.mv_size) : from_mdb(rc);
	mdb_txn_abort(txn);
	return rc;
}

/* Every entry of dbi under the run's prefix, in key order. */
static int
walk(struct th_store *s, MDB_dbi dbi, const char *run,
     int (*fn)(void *arg, const MDB_val *k, size_t pre, const MDB_val *v),
     void *arg)
{
	uint8_t key[KEYMAX];
	size_t pre;
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k, v;
	int rc = 0, mrc;

	if (!th_store_run_id_valid(run))
		return TH_EINVAL;
	pre = run_key(run, key);
	if ((mrc = txn_begin(s, MDB_RDONLY, &txn)) != 0)
		return from_mdb(mrc);
	if ((mrc = mdb_cursor_open(txn, dbi, &cur)) != 0) {
		mdb_txn_abort(txn);
		return from_mdb(mrc);
	}
	k.mv_data = key;
	k.mv_size = pre;
	for (mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	     mrc == 0 && rc == 0; mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < pre || memcmp(k.mv_data, key, pre) != 0)
			break;
		rc = fn(arg, &k, pre, &v);
	}
	if (rc == 0 && mrc != 0 && mrc != MDB_NOTFOUND)
		rc = from_mdb(mrc);
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	return rc;
}

struct res_walk {
	int (*fn)(void *arg, const void *rec, size_t len);
	void *arg;
};

static int
res_cb(void *arg, const MDB_val *k, size_t pre, const MDB_val *v)
{
	struct res_walk *w = arg;

	(void)k;
	(void)pre;
	return w->fn(w->arg, v->mv_data, v->mv_size);
}

int
th_store_results(struct th_store *s, const char *run,
                 int (*fn)(void *arg, const void *rec, size_t len), void *arg)
{
	struct res_walk w = {fn, arg};

	return walk(s, s->results, run, res_cb, &w);
}

struct srv_walk {
	int (*fn)(void *arg, const struct th_addr *addr, const void *rec,
	          size_t len);
	void *arg;
};

static int
srv_cb(void *arg, const MDB_val *k, size_t pre, const MDB_val *v)
{
	struct srv_walk *w = arg;
	const uint8_t *p = (const uint8_t *)k->mv_data + pre;
	struct th_addr a;

	if (k->mv_size != pre + 19)
		return TH_ECODEC;
	memset(&a, 0, sizeof(a));
	a.family = p[0];
	memcpy(a.ip, p + 1, 16);
	a.port = (uint16_t)(p[17] << 8 | p[18]);
	return w->fn(w->arg, &a, v->mv_data, v->mv_size);
}

int
th_store_servers(struct th_store *s, const char *run,
                 int (*fn)(void *arg, const struct th_addr *addr,
                           const void *rec, size_t len),
                 void *arg)
{
	struct srv_walk w = {fn, arg};

	return walk(s, s->servers, run, srv_cb, &w);
}

int
th_store_progress(struct th_store *s, const char *run, uint64_t *batches)
{
	MDB_txn *txn;
	MDB_val k = {strlen(run), (void *)(uintptr_t)run}, v;
	int rc;

	*batches = 0;
	if (!th_store_run_id_valid(run))
		return TH_EINVAL;
	if ((rc = txn_begin(s, MDB_RDONLY, &txn)) != 0)
		return from_mdb(rc);
	rc = mdb_get(txn, s->progress, &k, &v);
	if (rc == 0 && v.mv_size == 8)
		for (unsigned i = 0; i < 8; i++)
			*batches =
			    *batches << 8 | ((const uint8_t *)v.mv_data)[i];
	rc = rc == MDB_NOTFOUND || rc == 0 ? 0 : from_mdb(rc);
	mdb_txn_abort(txn);
	return rc;
}
