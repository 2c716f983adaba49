/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * record.h -- the stored form of one domain's result: a versioned, compact
 * msgpack encoding (msgpack-c; this is the only module that includes
 * <msgpack.h>) of the domain, the validation time, every message of the
 * report and all facts, enough to give back the `check --json` object
 * without the evidence. Layout: docs/store.md (version 2 appends the
 * content facts, zone.caa, mail.dmarc and the SOA timers; version 1
 * records decode with those unknown).
 *
 * Tags are stored by name, not by catalogue index: the catalogue grows
 * (rows are added in the middle of the X-macro tables), and a record
 * written by this build must decode under a later one. The name is kept
 * as its 32-bit FNV-1a hash (th_record_tag_hash of "BASIC01:
 * B01_CHILD_FOUND"), in a per-record table that the messages index: five
 * octets instead of about thirty. The unit tests check that the hashes of
 * the catalogue are distinct. Argument keys and values are a per-record
 * string table the same way, since values recur across messages.
 *
 * Decoding treats its input as hostile: a truncated or corrupted record
 * gives an error, never a crash, and allocates at most a small multiple of
 * its length.
 */
#ifndef TH_RECORD_H
#define TH_RECORD_H

#include "common/buf.h"
#include "common/dname.h"
#include "engine/facts.h"
#include "engine/report.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The version this build writes; it reads versions 1 to this one. */
#define TH_RECORD_VERSION 2

/*
 * Append the record of one result to out: domain, validation time (seconds
 * since the epoch, 0 when unknown), every message of rep whatever its level
 * (the reader filters), and the facts (f NULL: none, as for a name that
 * could not be tested). Returns 0, TH_ENOMEM, or TH_ETOOBIG when out's
 * limit is reached.
 */
int th_record_encode(const struct th_dname *domain, uint64_t vtime,
                     const struct th_report *rep, const struct th_facts *f,
                     struct th_buf *out) __attribute__((warn_unused_result));

/* The name hash a record stores for tag. */
uint32_t th_record_tag_hash(enum th_tag tag);

/*
 * The version a record says it has. Returns 0, or TH_ECODEC when data does
 * not start like a record.
 */
int th_record_version(const void *data, size_t len, unsigned *version)
    __attribute__((warn_unused_result));

/*
 * Decode a record. rep must have been initialised (th_report_init); the
 * messages are appended to it, their keys and values copied into its
 * region. f receives the facts when the record has them (*has_facts
 * true), else it is zeroed. domain and vtime may be NULL.
 * Returns 0;
 *   -EPROTONOSUPPORT for a record of a version this build does not read
 *     (written by a newer tldhealth: th_record_version() says which);
 *   TH_ENOTFOUND when a message's tag is not in this build's catalogue;
 *   TH_ECODEC for anything truncated, malformed or out of range;
 *   TH_ENOMEM.
 * On error rep may hold part of the messages and f is unspecified.
 */
int th_record_decode(const void *data, size_t len, struct th_dname *domain,
                     uint64_t *vtime, struct th_report *rep, struct th_facts *f,
                     bool *has_facts) __attribute__((warn_unused_result));

/* A run's metadata (the store's runs database). */
#define TH_RUN_IDMAX 64
#define TH_RUN_INPUTMAX 512

#define TH_RUN_STATE_MAP(XX)                                                   \
	XX(CREATED, "created")                                                 \
	XX(RUNNING, "running")                                                 \
	XX(STOPPED, "stopped")                                                 \
	XX(DONE, "done")

enum th_run_state {
#define TH_RUN_STATE_ENUM(name, text) TH_RUN_##name,
	TH_RUN_STATE_MAP(TH_RUN_STATE_ENUM)
#undef TH_RUN_STATE_ENUM
	    TH_RUN__STATES
};

/* "running"; static, never NULL. */
const char *th_run_state_name(enum th_run_state s);

struct th_run_meta {
	char id[TH_RUN_IDMAX + 1];
	uint64_t created; /* seconds since the epoch */
	uint8_t state;    /* enum th_run_state */
	uint64_t total;   /* domains in the input, 0 when not known */
	uint64_t results; /* distinct domains stored */
	uint64_t servers; /* distinct server addresses stored */
	uint64_t batches; /* batches committed */
	char input[TH_RUN_INPUTMAX + 1]; /* "zone se.zone", "check" */
};

/* Encode and decode run metadata (the id is the key, not encoded). */
int th_record_run_encode(const struct th_run_meta *m, struct th_buf *out)
    __attribute__((warn_unused_result));
int th_record_run_decode(const void *data, size_t len, struct th_run_meta *m)
    __attribute__((warn_unused_result));

/*
 * The per-address facts of a run (the store's server database): the EDNS
 * compliance of one address. Returns as th_record_encode/decode.
 */
int th_record_server_encode(const struct th_fact_edns *e, struct th_buf *out)
    __attribute__((warn_unused_result));
int th_record_server_decode(const void *data, size_t len,
                            struct th_fact_edns *e)
    __attribute__((warn_unused_result));

#endif /* TH_RECORD_H */
