/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * store.h -- the result store: one LMDB environment (a directory, default
 * results/tldhealth.mdb), the only module that includes <lmdb.h>.
 *
 * Named databases (key formats in docs/store.md):
 *   runs     run id -> run metadata (th_record_run_encode)
 *   results  run id, 0, domain key -> result record (store/record)
 *   servers  run id, 0, address -> per-address facts
 *   progress run id -> batches committed (8 octets, big-endian)
 *
 * Writes go in one transaction per batch; readers use read-only
 * transactions. A full map grows (doubling up to the configured maximum);
 * a full map at its maximum or a full disk fails the batch with
 * TH_ESTOREFULL and loses nothing committed before: the batch can be
 * retried once space is freed. LMDB's codes never leave this module.
 */
#ifndef TH_STORE_H
#define TH_STORE_H

#include "common/addr.h"
#include "common/dname.h"
#include "store/record.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_STORE_DEFAULT_DIR "results/tldhealth.mdb"

struct th_store;

struct th_store_conf {
	bool readonly;      /* open for reading only; the store must exist */
	size_t mapsize;     /* initial map size; 0: 64 MiB */
	size_t max_mapsize; /* growth limit; 0: 1 TiB */
};

/*
 * Open (and, unless readonly, create) the environment in directory dir.
 * Returns 0, TH_ENOTFOUND (readonly and no store there), a negated errno,
 * or TH_ESTORE.
 */
int th_store_open(struct th_store **out, const char *dir,
                  const struct th_store_conf *conf)
    __attribute__((warn_unused_result));
/* Close and set *sp to NULL. */
void th_store_destroy(struct th_store **sp);

/* Whether id is a valid run id: 1 to 64 of [A-Za-z0-9._-]. */
bool th_store_run_id_valid(const char *id);

/*
 * Create a run (TH_EEXISTS when it exists) or update one's metadata. The
 * counts are the store's: th_store_run_set keeps results, servers and
 * batches as stored and writes created, state, total and input.
 */
int th_store_run_create(struct th_store *s, const struct th_run_meta *m)
    __attribute__((warn_unused_result));
int th_store_run_set(struct th_store *s, const struct th_run_meta *m)
    __attribute__((warn_unused_result));
/* A run's metadata (id filled in by the caller); TH_ENOTFOUND. */
int th_store_run_get(struct th_store *s, const char *id, struct th_run_meta *m)
    __attribute__((warn_unused_result));
/*
 * Call fn for every run in id order; a non-zero return from fn stops and
 * is returned.
 */
int th_store_runs(struct th_store *s,
                  int (*fn)(void *arg, const struct th_run_meta *m), void *arg)
    __attribute__((warn_unused_result));

/* One domain's record, and one address's facts. */
struct th_store_result {
	const struct th_dname *domain;
	const void *rec;
	size_t len;
};

struct th_store_server {
	struct th_addr addr;
	const void *rec;
	size_t len;
};

/*
 * Write one batch in one transaction: the results (a domain already in
 * the run is replaced: the store keeps one record per domain) and the
 * server facts, the run's counts, and progress (+1 batch). The run must
 * exist (TH_ENOTFOUND). *replaced (may be NULL) gets how many results
 * replaced a stored one. All or nothing: on any error nothing of the
 * batch is stored. Returns 0, TH_ESTOREFULL, TH_ETOOBIG (a record over
 * LMDB's limits), TH_EINVAL, TH_ESTORE or a negated errno.
 */
int th_store_put_batch(struct th_store *s, const char *run,
                       const struct th_store_result *res, size_t nres,
                       const struct th_store_server *srv, size_t nsrv,
                       size_t *replaced) __attribute__((warn_unused_result));

/* A stored record (borrowed: valid during the callback only). */
int th_store_get_result(struct th_store *s, const char *run,
                        const struct th_dname *domain,
                        int (*fn)(void *arg, const void *rec, size_t len),
                        void *arg) __attribute__((warn_unused_result));

/*
 * Call fn for every result of a run in domain order (the domain key:
 * lower-case text, bytewise), inside one read-only transaction. A
 * non-zero return from fn stops and is returned.
 */
int th_store_results(struct th_store *s, const char *run,
                     int (*fn)(void *arg, const void *rec, size_t len),
                     void *arg) __attribute__((warn_unused_result));

/* The same for the server facts of a run, in address order. */
int th_store_servers(struct th_store *s, const char *run,
                     int (*fn)(void *arg, const struct th_addr *addr,
                               const void *rec, size_t len),
                     void *arg) __attribute__((warn_unused_result));

/* Batches committed for the run (0 when none). */
int th_store_progress(struct th_store *s, const char *run, uint64_t *batches)
    __attribute__((warn_unused_result));

/* The current map size, for tests and logs. */
size_t th_store_mapsize(const struct th_store *s);

#endif /* TH_STORE_H */
