/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * wire.h -- the messages between the crawl's processes, in a fixed
 * big-endian framing over th_buf (layout in docs/crawl.md).
 *
 *   worker -> coordinator  REQ     "give me a batch" + the worker's counters
 *   coordinator -> worker  BATCH   batch id, lease, the run's time, names
 *                          WAIT    nothing to hand out now, ask again later
 *                          DONE    the run is over: exit
 *   worker -> coordinator  RESULT  a batch's records and server facts
 *     (the coordinator checks it against the lease and passes it on)
 *   coordinator -> sink    RESULT  as received
 *   sink -> coordinator    ACK     the batch is committed (or the store's
 *                                  error)
 *
 * A remote worker is untrusted: every decoder checks each length and
 * count against the message and the limits below, and fails with
 * TH_EWIRE rather than read past the end or allocate without bound.
 */
#ifndef TH_WIRE_H
#define TH_WIRE_H

#include "common/buf.h"
#include "common/dname.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define TH_WIRE_MAXBATCH 4096     /* domains per batch */
#define TH_WIRE_MAXSRV 65536      /* server records per result */
#define TH_WIRE_MAXREC (1u << 24) /* one encoded record */
#define TH_WIRE_MAXMSG (1u << 28) /* one message */

enum th_wire_type {
	TH_WIRE_REQ = 1,
	TH_WIRE_BATCH = 2,
	TH_WIRE_WAIT = 3,
	TH_WIRE_DONE = 4,
	TH_WIRE_RESULT = 5,
	TH_WIRE_ACK = 6,
};

/* A worker's running totals, reported with each REQ and RESULT. */
struct th_wire_counters {
	uint64_t domains;  /* domains finished */
	uint64_t queries;  /* queries sent (UDP and TCP) */
	uint64_t timeouts; /* queries that ended without an answer */
	uint64_t busiest;  /* queries sent to its busiest server */
	uint32_t inflight; /* domains in flight now */
	uint32_t pid;      /* process id, for the coordinator's children */
};

/* The type of a message, or 0 when it has none we know. */
enum th_wire_type th_wire_type(const void *p, size_t len);

int th_wire_req_encode(const struct th_wire_counters *c, struct th_buf *out)
    __attribute__((warn_unused_result));
int th_wire_req_decode(const void *p, size_t len, struct th_wire_counters *c)
    __attribute__((warn_unused_result));

/* BATCH: names as a packed array of uncompressed wire names. */
struct th_wire_batch {
	uint64_t id;
	uint32_t lease;
	uint64_t now; /* the run's validation time */
	size_t n;
	struct th_dname *names; /* n names (decode: allocated, free it) */
};

int th_wire_batch_encode(const struct th_wire_batch *b, struct th_buf *out)
    __attribute__((warn_unused_result));
int th_wire_batch_decode(const void *p, size_t len, struct th_wire_batch *b)
    __attribute__((warn_unused_result));

int th_wire_wait_encode(uint32_t ms, struct th_buf *out)
    __attribute__((warn_unused_result));
int th_wire_wait_decode(const void *p, size_t len, uint32_t *ms)
    __attribute__((warn_unused_result));
int th_wire_done_encode(struct th_buf *out) __attribute__((warn_unused_result));

/*
 * RESULT: for each domain of the batch, in the batch's order, the domain
 * and its record; then the server records. Decoding points into the
 * message (valid while it is) and allocates the arrays (free with
 * th_wire_result_free).
 */
struct th_wire_result {
	uint64_t id;
	uint32_t lease;
	struct th_wire_counters counters;
	size_t nres;
	struct th_dname *domains;
	struct th_store_result *res;
	size_t nsrv;
	struct th_store_server *srv;
};

/* Start a RESULT in out; then add records and servers, then finish. */
int th_wire_result_begin(struct th_buf *out, uint64_t id, uint32_t lease)
    __attribute__((warn_unused_result));
int th_wire_result_add(struct th_buf *out, const struct th_dname *domain,
                       const void *rec, size_t len)
    __attribute__((warn_unused_result));
/* servers: a th_buf of th_wire_server_add entries, counted by nsrv. */
int th_wire_server_add(struct th_buf *servers, const struct th_addr *addr,
                       const void *rec, size_t len)
    __attribute__((warn_unused_result));
int th_wire_result_finish(struct th_buf *out, size_t nres,
                          const struct th_buf *servers, size_t nsrv,
                          const struct th_wire_counters *c)
    __attribute__((warn_unused_result));
int th_wire_result_decode(const void *p, size_t len, struct th_wire_result *r)
    __attribute__((warn_unused_result));
void th_wire_result_free(struct th_wire_result *r);

/* ACK: status 0 (committed) or the store's error. */
struct th_wire_ack {
	uint64_t id;
	uint32_t lease;
	uint32_t nres;
	int32_t status;
};

int th_wire_ack_encode(const struct th_wire_ack *a, struct th_buf *out)
    __attribute__((warn_unused_result));
int th_wire_ack_decode(const void *p, size_t len, struct th_wire_ack *a)
    __attribute__((warn_unused_result));

#endif /* TH_WIRE_H */
