/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zonefile.h -- streaming RFC 1035 master-file reader, and the delegations
 * of a TLD zone assembled from it.
 *
 * The reader is a pull parser: open it on a file, a descriptor, a FILE *
 * or a memory buffer, then call th_zonefile_next() until it yields no
 * record. Each record comes with its owner, type, class, TTL and its
 * RDATA in wire form (uncompressed names, case kept), converted from the
 * presentation form of the common types (A, NS, CNAME, SOA, PTR, HINFO,
 * MX, TXT, RP, AFSDB, AAAA, SRV, NAPTR, KX, DNAME, DS, SSHFP, RRSIG,
 * NSEC, DNSKEY, NSEC3, NSEC3PARAM, TLSA, SMIMEA, CDS, CDNSKEY,
 * OPENPGPKEY, CSYNC, ZONEMD, SPF, CAA, URI, DHCID, DLV) or from the
 * generic form of RFC 3597 ("TYPE65534 \# 2 abcd") for any type. The
 * syntax is RFC 1035 5.1 as BIND reads it: $ORIGIN, $TTL, $INCLUDE,
 * relative and absolute names, "@", a blank owner repeating the previous
 * one, parentheses spanning lines, ";" comments, quoted strings, "\DDD"
 * and "\X" escapes, TTL and class in either order, TTLs with units
 * ("1h30m"). The input is read in large blocks and tokenised in place,
 * so nothing is allocated per record.
 *
 * Errors. A malformed record (or directive) is reported through the
 * configured error callback with the file, the line and a reason, counted
 * in th_zonefile_stats.skipped, and skipped: the reader continues with
 * the next record. A few errors make the rest of the input meaningless:
 * a parenthesis or quote still open at the end of the input, a record
 * longer than TH_ZONEFILE_MAXENTRY octets, a read error. They are also
 * reported through the callback and end the read: th_zonefile_next()
 * returns TH_ESYNTAX (or the I/O status) from then on.
 *
 * $INCLUDE is refused (an error, the directive is skipped) unless
 * TH_ZONEFILE_ALLOW_INCLUDE is set; then a relative path is taken
 * relative to the directory of the including file, and includes nest at
 * most TH_ZONEFILE_MAXDEPTH deep. An included file starts with the origin
 * given in the directive (or the current one) and the includer's origin
 * and owner are restored after it, as RFC 1035 says.
 *
 * Delegations. th_zonefile_delegs_read() reads a whole TLD zone and
 * collects, per owner name, the NS, DS, A and AAAA records, in a hash
 * table keyed by SipHash under a random key, with all storage in region
 * arenas (no malloc per record). Zone files are not always sorted, so the
 * records of one delegation may lie anywhere in the file; the iterator
 * only starts once the whole input is read. It then yields, in the order
 * in which their first NS record appeared, every name strictly below the
 * origin that has NS records and is not itself below another delegation
 * (occluded), with its NS names, the glue (A and AAAA records of its NS
 * names that lie below the origin) and its DS records.
 *
 * Not thread-safe; one reader per thread.
 */
#ifndef TH_ZONEFILE_H
#define TH_ZONEFILE_H

#include "common/dname.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Longest record (all its lines, comments included) the reader accepts. */
#define TH_ZONEFILE_MAXENTRY (1u << 20)
/* Deepest $INCLUDE nesting (the top file is depth 0). */
#define TH_ZONEFILE_MAXDEPTH 8
/* Largest RDATA (RFC 1035: the RDLENGTH field is 16 bits). */
#define TH_ZONEFILE_MAXRDATA 65535

/* Flags of struct th_zonefile_conf. */
#define TH_ZONEFILE_ALLOW_INCLUDE 0x01u

/*
 * Why a record was skipped, or the read ended (FATAL marks the latter).
 * Tag and English text, one X-macro list.
 */
#define TH_ZONEFILE_REASON_MAP(XX)                                             \
	XX(OK, "no error")                                                     \
	XX(BAD_OWNER, "malformed owner name")                                  \
	XX(NO_OWNER, "blank owner with no previous record")                    \
	XX(NO_ORIGIN, "relative name or @ and no $ORIGIN")                     \
	XX(BAD_NAME, "malformed domain name in the record data")               \
	XX(BAD_TTL, "malformed TTL (0 .. 2147483647, units s m h d w)")        \
	XX(NO_TTL, "no TTL, no $TTL and no previous TTL")                      \
	XX(NO_TYPE, "record type missing")                                     \
	XX(UNKNOWN_TYPE, "unknown record type (use TYPEnnn \\# for others)")   \
	XX(UNSUPPORTED_TYPE, "type readable only in the generic \\# form "     \
	                     "(RFC 3597)")                                     \
	XX(BAD_GENERIC, "malformed \\# generic RDATA (RFC 3597)")              \
	XX(MISSING_FIELD, "record data ends too early")                        \
	XX(EXTRA_FIELD, "extra fields after the record data")                  \
	XX(BAD_NUMBER, "malformed or out-of-range number")                     \
	XX(BAD_ADDRESS, "malformed IP address")                                \
	XX(BAD_HEX, "malformed hexadecimal data")                              \
	XX(BAD_BASE64, "malformed base64 data")                                \
	XX(BAD_BASE32, "malformed base32hex data")                             \
	XX(BAD_TIME, "malformed time (YYYYMMDDHHmmSS or seconds)")             \
	XX(BAD_ALGORITHM, "unknown algorithm mnemonic")                        \
	XX(BAD_STRING, "malformed or too long character string")               \
	XX(BAD_ESCAPE, "malformed escape sequence")                            \
	XX(BAD_CHARACTER, "control character outside a quoted string")         \
	XX(RDATA_TOO_LONG, "record data longer than 65535 octets")             \
	XX(BAD_PAREN, "parenthesis closed without being opened, or nested")    \
	XX(BAD_DIRECTIVE, "unknown or malformed $ directive")                  \
	XX(INCLUDE_REFUSED, "$INCLUDE is not allowed (see --allow-include)")   \
	XX(INCLUDE_FAILED, "$INCLUDE file cannot be opened")                   \
	XX(INCLUDE_DEPTH, "$INCLUDE nested too deep")                          \
	XX(FATAL_OPEN_PAREN, "parenthesis still open at the end of the file")  \
	XX(FATAL_OPEN_QUOTE, "quoted string still open at the end of the "     \
	                     "file")                                           \
	XX(FATAL_TOO_LONG, "record longer than the 1 MiB limit")               \
	XX(FATAL_IO, "read error")

enum th_zonefile_reason {
#define TH_ZONEFILE_REASON_ENUM(name, text) TH_ZONEFILE_##name,
	TH_ZONEFILE_REASON_MAP(TH_ZONEFILE_REASON_ENUM)
#undef TH_ZONEFILE_REASON_ENUM
	/* The number of reasons, not a reason. */
	TH_ZONEFILE__REASONS
};

/* Tag ("BAD_TTL"); static, never NULL ("?" when out of range). */
const char *th_zonefile_reason_name(enum th_zonefile_reason reason);

/* English text; static, never NULL. */
const char *th_zonefile_reason_text(enum th_zonefile_reason reason);

/* True for the reasons that end the read. */
bool th_zonefile_reason_fatal(enum th_zonefile_reason reason);

/* One reported error; every pointer is borrowed for the callback only. */
struct th_zonefile_error {
	const char *file;   /* the name given at open, or the include path */
	unsigned long line; /* line of the offending field (1-based) */
	enum th_zonefile_reason reason;
	const char *detail; /* the offending token or a finer reason; "" */
};

/*
 * The error as the commands report it: "FILE:LINE: text (TAG): detail",
 * one line. Tokens from the file were made printable by the reader.
 */
void th_zonefile_error_print(FILE *out, const struct th_zonefile_error *e);

/*
 * Called once per skipped record and once for a fatal error. It must not
 * call back into the reader.
 */
typedef void th_zonefile_error_fn(void *arg,
                                  const struct th_zonefile_error *err);

struct th_zonefile_conf {
	/* Initial origin; NULL: none until a $ORIGIN (absolute names only). */
	const struct th_dname *origin;
	/* TTL of records without one before any $TTL or TTL; 0: none. */
	uint32_t default_ttl;
	unsigned flags; /* TH_ZONEFILE_ALLOW_INCLUDE */
	/* Where errors go; NULL: a warning through common/log. */
	th_zonefile_error_fn *on_error;
	void *arg;
};

/* Counters of one read; includes are counted in the including reader. */
struct th_zonefile_stats {
	uint64_t records;  /* records returned */
	uint64_t skipped;  /* records and directives skipped on error */
	uint64_t lines;    /* lines read, the last one even without newline */
	uint64_t bytes;    /* octets read */
	uint64_t includes; /* $INCLUDE files read */
};

/* One record. Every field is valid until the next call on the reader. */
struct th_zonefile_rr {
	struct th_dname owner;
	uint16_t type, rclass;
	uint32_t ttl;
	uint16_t rdlen;
	const uint8_t *rdata; /* rdlen octets, uncompressed names */
	const char *file;     /* where it was read */
	unsigned long line;   /* line of its owner (first line of the record) */
};

struct th_zonefile;

/*
 * Open a reader on the file at path (the name used in errors).
 * @param[in] conf  options; NULL for the defaults (all zero). Copied, but
 *                  conf->origin must stay valid until the first call to
 *                  th_zonefile_next().
 * @return 0 and *out (release with th_zonefile_destroy()); -errno when
 *         the file cannot be opened; TH_ENOMEM.
 */
int th_zonefile_open(struct th_zonefile **out, const char *path,
                     const struct th_zonefile_conf *conf)
    __attribute__((warn_unused_result));

/*
 * Open a reader on an open descriptor, read from its current position.
 * The descriptor stays the caller's (not closed by destroy). name is
 * copied and used in errors and to resolve relative $INCLUDE paths.
 * @return 0 and *out; TH_ENOMEM.
 */
int th_zonefile_open_fd(struct th_zonefile **out, int fd, const char *name,
                        const struct th_zonefile_conf *conf)
    __attribute__((warn_unused_result));

/* As th_zonefile_open_fd() on a stdio stream (fread), not closed. */
int th_zonefile_open_fp(struct th_zonefile **out, FILE *fp, const char *name,
                        const struct th_zonefile_conf *conf)
    __attribute__((warn_unused_result));

/*
 * As th_zonefile_open_fd() on len octets at data, which must stay valid
 * and unchanged while the reader lives. NUL octets in it are input like
 * any other (and rejected outside quoted strings).
 */
int th_zonefile_open_mem(struct th_zonefile **out, const void *data, size_t len,
                         const char *name, const struct th_zonefile_conf *conf)
    __attribute__((warn_unused_result));

/*
 * Read the next record, skipping (and reporting) malformed ones.
 * @param[out] rr  set to the record, borrowed until the next call; set
 *                 to NULL at the end of the input.
 * @return 0 (with *rr a record or NULL at the end); after a fatal error
 *         (reported once through the callback) TH_ESYNTAX, or -errno /
 *         TH_EIO for a read error, on this and every later call;
 *         TH_ENOMEM.
 */
int th_zonefile_next(struct th_zonefile *zf, const struct th_zonefile_rr **rr)
    __attribute__((warn_unused_result));

/* Counters so far. */
void th_zonefile_stats(const struct th_zonefile *zf,
                       struct th_zonefile_stats *out);

/* Close included files, free everything, set *zfp to NULL (NULL is a no-op). */
void th_zonefile_destroy(struct th_zonefile **zfp);

/*
 * Convert the presentation form of one record's RDATA (the text after the
 * type, e.g. "10 mail.example.se.") to wire form, as the reader does.
 * For tests, tools and the fuzzer.
 * @param[in]  origin  for relative names; NULL: relative names are an error.
 * @param[out] wire    cap octets; *len gets the length.
 * @param[out] reason  why it failed (may be NULL).
 * @return 0; TH_ESYNTAX with *reason; TH_ENOMEM.
 */
int th_zonefile_rdata_parse(uint16_t type, const char *text, size_t textlen,
                            const struct th_dname *origin, uint8_t *wire,
                            size_t cap, size_t *len,
                            enum th_zonefile_reason *reason)
    __attribute__((warn_unused_result));

/*
 * Type from its mnemonic (case-insensitive) or "TYPEnnn".
 * @return 0, or TH_ENOTFOUND.
 */
int th_zonefile_type_parse(const char *text, size_t len, uint16_t *type)
    __attribute__((warn_unused_result));

/* ---- delegations of a TLD zone ----------------------------------------- */

/* One glue record: the address of one NS name. */
struct th_zonefile_glue {
	unsigned ns;      /* index into ns[] */
	uint16_t type;    /* TH_T_A or TH_T_AAAA */
	uint8_t addr[16]; /* 4 or 16 octets, network order */
};

/* One DS record. */
struct th_zonefile_ds {
	uint16_t keytag;
	uint8_t algorithm, digest_type;
	uint16_t digest_len;
	const uint8_t *digest;
};

/* A delegation; everything in it is valid until the next call. */
struct th_zonefile_deleg {
	struct th_dname name;
	uint32_t ns_ttl;
	unsigned nns, nglue, nds;
	const struct th_dname *ns;           /* nns names, file order */
	const struct th_zonefile_glue *glue; /* nglue, grouped by ns */
	const struct th_zonefile_ds *ds;     /* nds, file order */
};

/* Counters of a delegation read. */
struct th_zonefile_delegs_stats {
	struct th_zonefile_stats file; /* the reader's counters */
	uint64_t delegations;          /* names yielded (or to be yielded) */
	uint64_t with_ds;              /* of which with at least one DS */
	uint64_t ns_records;           /* NS records of the delegations */
	uint64_t ds_records;           /* DS records of the delegations */
	uint64_t glue;                 /* A/AAAA records below the origin */
	uint64_t soa;                  /* SOA records at the origin */
	uint64_t apex_ns;              /* NS records at the origin */
	uint64_t out_of_zone;          /* records not at or below the origin */
	uint64_t occluded;             /* NS owners below another delegation */
	uint64_t orphan_ds;            /* DS owners without NS */
	size_t memory;                 /* bytes held by the collected data */
};

struct th_zonefile_delegs;

/*
 * Read every record of zf (which stays the caller's: destroy it after)
 * and assemble the delegations below origin.
 * @param[in] origin  the zone; NULL: the owner of the first SOA record.
 * @return 0 and *out (release with th_zonefile_delegs_destroy());
 *         TH_ENOTFOUND when origin is NULL and the zone has no SOA;
 *         the reader's fatal status (TH_ESYNTAX, I/O); TH_ENOMEM.
 */
int th_zonefile_delegs_read(struct th_zonefile_delegs **out,
                            struct th_zonefile *zf,
                            const struct th_dname *origin)
    __attribute__((warn_unused_result));

/*
 * The next delegation, or *d NULL after the last.
 * @return 0, or TH_ENOMEM.
 */
int th_zonefile_delegs_next(struct th_zonefile_delegs *dl,
                            const struct th_zonefile_deleg **d)
    __attribute__((warn_unused_result));

/* The origin in use (given, or found from the SOA). */
const struct th_dname *
th_zonefile_delegs_origin(const struct th_zonefile_delegs *dl);

void th_zonefile_delegs_stats(const struct th_zonefile_delegs *dl,
                              struct th_zonefile_delegs_stats *out);

/* Free everything and set *dlp to NULL (NULL is a no-op). */
void th_zonefile_delegs_destroy(struct th_zonefile_delegs **dlp);

#endif /* TH_ZONEFILE_H */
