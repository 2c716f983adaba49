/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * coord.h -- the coordinator's bookkeeping, without sockets: the domains
 * of a run grouped into batches, and the life of each batch.
 *
 *   PENDING --lease--> LEASED --results in--> SINKING --ack--> DONE
 *      ^                 |  (deadline passed,         |
 *      +-----------------+   worker died)             |
 *      +------------------------ sink died -----------+
 *
 * Domains are added with a group key (a hash of the NS set; 0 for none)
 * and sealed: a stable sort by group makes domains that share servers
 * contiguous, and batches are cut from that order, so they land on the
 * same worker (its caches and per-server politeness). Batches are handed
 * out spread: a large NS set's batches over the whole run. A batch is counted
 * once, at its first ACK, whatever number of times it was handed out:
 * a re-issued batch whose first lease still delivers is committed twice
 * (the store keeps one record per domain) and counted once.
 *
 * Time is passed in (milliseconds of a monotonic clock): pure, testable.
 */
#ifndef TH_COORD_H
#define TH_COORD_H

#include "common/dname.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum th_coord_state {
	TH_COORD_PENDING,
	TH_COORD_LEASED,
	TH_COORD_SINKING,
	TH_COORD_DONE,
};

struct th_coord_conf {
	unsigned batch_size; /* domains per batch; default 32 */
	uint64_t lease_ms;   /* a lease's life; default 300000 */
};

struct th_coord;

int th_coord_create(struct th_coord **out, const struct th_coord_conf *conf)
    __attribute__((warn_unused_result));
void th_coord_destroy(struct th_coord **cp);

/* Add a domain (before th_coord_seal). Returns 0 or TH_ENOMEM. */
int th_coord_add(struct th_coord *c, const struct th_dname *name,
                 uint64_t group) __attribute__((warn_unused_result));
/* Sort and cut the batches. Returns 0 or TH_ENOMEM. */
int th_coord_seal(struct th_coord *c) __attribute__((warn_unused_result));

size_t th_coord_domains(const struct th_coord *c);
size_t th_coord_batches(const struct th_coord *c);

/* A batch as handed out; names valid until th_coord_destroy. */
struct th_coord_lease {
	uint64_t id;
	uint32_t lease; /* which handing-out of the batch this is */
	size_t n;
	const struct th_dname *names;
};

/*
 * Lease the next pending batch to owner until now_ms + lease_ms.
 * Returns 0, or TH_ENOTFOUND when nothing is pending.
 */
int th_coord_lease(struct th_coord *c, uint64_t owner, uint64_t now_ms,
                   struct th_coord_lease *out)
    __attribute__((warn_unused_result));

/*
 * Results of batch id arrived (from any of its leases): check that names
 * are the batch's, in order. Returns 0 (pass them to the sink: the batch
 * is SINKING), TH_EEXISTS (already sinking or done: drop them),
 * TH_ENOTFOUND (no such batch) or TH_EINVAL (other names).
 */
int th_coord_results(struct th_coord *c, uint64_t id,
                     const struct th_dname *names, size_t n)
    __attribute__((warn_unused_result));

/* The sink committed batch id: the domains counted now (0 when counted). */
size_t th_coord_ack(struct th_coord *c, uint64_t id);

/* Leases past their deadline go back to pending; returns how many. */
size_t th_coord_expire(struct th_coord *c, uint64_t now_ms);
/* The owner is gone: its leases go back to pending; returns how many. */
size_t th_coord_release(struct th_coord *c, uint64_t owner);
/* The sink is gone: batches it had not acknowledged go back to pending. */
size_t th_coord_sink_lost(struct th_coord *c);

struct th_coord_stats {
	size_t pending, leased, sinking, done; /* batches */
	size_t done_domains;
	uint64_t reissued; /* leases handed out again */
};

void th_coord_stats(const struct th_coord *c, struct th_coord_stats *out);

/* Every batch is done. */
bool th_coord_finished(const struct th_coord *c);

#endif /* TH_COORD_H */
