/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dname.h -- domain names: parsing, printing, comparing, hashing, reading
 * names (possibly compressed) out of DNS messages.
 *
 * A name is held in wire format in a fixed-size value type, struct
 * th_dname: a sequence of labels, each a length octet (1..63) followed by
 * that many octets, ended by the root label (a zero octet). len counts
 * every octet including the final zero, so the root is {len 1, wire "\0"}
 * and "example.se." is {len 12, "\7example\2se\0"}. A valid name has
 * 1 <= len <= 255; a zeroed struct (len 0) is "no name" and must not be
 * passed to these functions. Names are always absolute. Case is kept as
 * given; comparisons fold ASCII letters only (RFC 4343), never other
 * octets. Being a plain 256-byte value, a name can be copied by assignment,
 * stored in a region or embedded in other structs; nothing here allocates.
 *
 * Text (presentation format, RFC 1035 5.1) is parsed from {ptr, len}, so
 * tokens need not be NUL-terminated. Parse failures return TH_ENAME and a
 * reason (enum th_dname_reason) whose names match Zonemaster's
 * normalisation tags where one exists, so a caller can report
 * LABEL_TOO_LONG, DOMAIN_NAME_TOO_LONG, REPEATED_DOTS, INITIAL_DOT or
 * EMPTY_DOMAIN_NAME. Wire data is untrusted: every reading function returns
 * TH_EWIRE on any malformation and never reads outside the given bounds.
 * No ldns: this module is self-contained.
 */
#ifndef TH_DNAME_H
#define TH_DNAME_H

#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest name in wire format, final zero included (RFC 1035 3.1). */
#define TH_DNAME_MAXLEN 255
/* Longest label (RFC 1035 3.1). */
#define TH_DNAME_MAXLABEL 63
/* Most labels in a name, the root label not counted: 127 * 2 + 1 = 255. */
#define TH_DNAME_MAXLABELS 127
/*
 * Buffer size that always holds th_dname_to_str() output with its NUL:
 * 4 labels of 63, 63, 63 and 61 octets, every octet printed as \DDD
 * (4 chars), plus 4 dots: 250 * 4 + 4 = 1004 characters, and the NUL.
 */
#define TH_DNAME_STRLEN 1005
/*
 * Most compression pointers followed while reading one name. Each pointer
 * must also point before every byte read so far for that name, which alone
 * rules out loops; the bound caps the work a hostile message can cause.
 */
#define TH_DNAME_MAXPTRS 127

struct th_dname {
	uint8_t len;                   /* octets used in wire, 1..255 */
	uint8_t wire[TH_DNAME_MAXLEN]; /* labels, ending with the zero label */
};

_Static_assert(sizeof(struct th_dname) == 256, "th_dname is 256 bytes");

/*
 * Why a text name was rejected. Syntax problems are reported before
 * length problems (whatever their position in the text), and a too-long
 * label before a too-long name, as Zonemaster's normalisation does.
 */
#define TH_DNAME_REASON_MAP(XX)                                                \
	XX(OK, "valid name")                                                   \
	XX(EMPTY_DOMAIN_NAME, "empty name")                                    \
	XX(INITIAL_DOT, "name starts with a dot")                              \
	XX(REPEATED_DOTS, "empty label (repeated dots)")                       \
	XX(BAD_ESCAPE, "invalid escape sequence")                              \
	XX(BAD_CHARACTER, "unescaped space, control or non-ASCII octet")       \
	XX(LABEL_TOO_LONG, "label longer than 63 octets")                      \
	XX(DOMAIN_NAME_TOO_LONG, "name longer than 255 octets in wire format")

enum th_dname_reason {
#define TH_DNAME_REASON_ENUM(name, text) TH_DNAME_##name,
	TH_DNAME_REASON_MAP(TH_DNAME_REASON_ENUM)
#undef TH_DNAME_REASON_ENUM
	/* The number of reasons, not a reason. */
	TH_DNAME__REASONS
};

/* Tag of a reason ("LABEL_TOO_LONG"); static, never NULL ("?" if unknown). */
const char *th_dname_reason_name(enum th_dname_reason reason);

/* English text of a reason; static, never NULL. */
const char *th_dname_reason_text(enum th_dname_reason reason);

/* Set *name to the root. */
static inline void
th_dname_set_root(struct th_dname *name)
{
	name->len = 1;
	name->wire[0] = 0;
}

static inline bool
th_dname_is_root(const struct th_dname *name)
{
	return name->len == 1;
}

/*
 * Parse a name in presentation format.
 *
 * A name ending in an unescaped dot is absolute. Any other name is relative
 * and origin is appended to it; origin NULL stands for the root, so
 * "example.se" and "example.se." then mean the same (the usual reading of
 * domain lists). "." is the root and "@" alone is the origin (the root when
 * origin is NULL). Escapes: "\DDD" (exactly three decimal digits, value at
 * most 255) is that octet, "\X" (X not a digit) is X itself, so "\." is a
 * dot inside a label. Unescaped octets must be printable ASCII other than
 * space (0x21..0x7e); everything else must be escaped. Case is kept.
 *
 * @param[out] out     the name; unchanged on failure.
 * @param[in]  text    the text, len octets, no NUL needed.
 * @param[in]  origin  appended to relative names; NULL for the root.
 * @param[out] reason  why the name was rejected, TH_DNAME_OK on success
 *                     (may be NULL).
 * @return 0, or TH_ENAME with *reason set: EMPTY_DOMAIN_NAME (len 0),
 *         INITIAL_DOT (".x"), REPEATED_DOTS ("a..b", "a.."), BAD_ESCAPE
 *         (a lone "\", "\1x", "\256"), BAD_CHARACTER, LABEL_TOO_LONG
 *         (a label of more than 63 octets), DOMAIN_NAME_TOO_LONG (more
 *         than 255 octets in wire format, origin included).
 */
int th_dname_parse(struct th_dname *out, const char *text, size_t len,
                   const struct th_dname *origin, enum th_dname_reason *reason)
    __attribute__((warn_unused_result));

/*
 * Write name in presentation format, absolute (ending in "."), with case
 * kept. Octets '.', '\\', '"', ';', '(', ')', '$' and '@' are written as
 * "\X"; space, control and non-ASCII octets as "\DDD". The result parses
 * back to the same name.
 * @param[out] dst   buffer of size bytes; TH_DNAME_STRLEN always suffices.
 * @return 0, or TH_ETOOBIG when size is too small (dst is then "" if
 *         size > 0).
 */
int th_dname_to_str(const struct th_dname *name, char *dst, size_t size)
    __attribute__((warn_unused_result));

/*
 * Lower-case ASCII letters in place (the canonical form of RFC 4034 6.2);
 * other octets are left alone.
 */
void th_dname_canonicalize(struct th_dname *name);

/*
 * Compare in canonical DNS name order (RFC 4034 6.1): label by label from
 * the rightmost, each label as an octet string with ASCII letters folded to
 * lower case, a label that is a prefix of another sorting first, and a name
 * sorting before its subdomains.
 * @return < 0, 0 or > 0 (as strcmp; this is an order, not a status).
 */
int th_dname_cmp(const struct th_dname *a, const struct th_dname *b);

/* True when a and b are the same name, ASCII case ignored. */
bool th_dname_equal(const struct th_dname *a, const struct th_dname *b);

/* Number of labels, the root label not counted: 0 for ".", 2 for "a.se.". */
unsigned th_dname_labels(const struct th_dname *name);

/*
 * True when name is parent or lies below it (ASCII case ignored), matching
 * whole labels: "a.example.se." and "example.se." are subdomains of
 * "example.se.", "aexample.se." is not. Every name is a subdomain of the
 * root. For bailiwick tests.
 */
bool th_dname_is_subdomain(const struct th_dname *name,
                           const struct th_dname *parent);

/*
 * Strip the first label: "www.example.se." gives "example.se.". out may be
 * the same object as name.
 * @return 0, or TH_ENOTFOUND when name is the root (out is unchanged).
 */
int th_dname_parent(struct th_dname *out, const struct th_dname *name)
    __attribute__((warn_unused_result));

/*
 * Hash for hash tables: SipHash-2-4 keyed with (k0, k1) over the lower-cased
 * wire form, so names equal under th_dname_equal() hash alike. Draw the key
 * at random per table (or per process) so that hostile names cannot be
 * chosen to collide.
 */
uint64_t th_dname_hash(const struct th_dname *name, uint64_t k0, uint64_t k1);

/*
 * Read a name, possibly compressed (RFC 1035 4.1.4), from a DNS message.
 *
 * Every compression pointer must point strictly before the first octet
 * read so far for this name (before the name's start, or before the target
 * of the previous pointer), and at most TH_DNAME_MAXPTRS pointers are
 * followed; together these rule out loops.
 *
 * @param[out] out     the uncompressed name, case kept; unchanged on error.
 * @param[in]  msg     the whole message, msglen octets.
 * @param[in]  offset  where the name starts in msg.
 * @param[out] next    offset just past the name as it appears at offset,
 *                     i.e. after its first pointer or its zero label (may
 *                     be NULL); unchanged on error.
 * @return 0, or TH_EWIRE when offset or any label or pointer runs past
 *         msglen, a pointer does not point backwards, there are too many
 *         pointers, a label type is 0x40/0x80 (extended or reserved), or
 *         the name exceeds 255 octets.
 */
int th_dname_read(struct th_dname *out, const uint8_t *msg, size_t msglen,
                  size_t offset, size_t *next)
    __attribute__((warn_unused_result));

/*
 * Read an uncompressed name from the start of wire (e.g. RDATA fields where
 * compression is forbidden, or a name taken from another library).
 * @param[out] used  octets the name occupies (may be NULL).
 * @return 0, or TH_EWIRE as th_dname_read(), and also for any compression
 *         pointer.
 */
int th_dname_from_wire(struct th_dname *out, const uint8_t *wire, size_t len,
                       size_t *used) __attribute__((warn_unused_result));

/*
 * th_dname_read() through a cursor over a whole message: reads the name at
 * the cursor's position and moves past it. On failure the cursor's sticky
 * error is set to TH_EWIRE, out is set to the root, and the status is
 * returned; after an earlier failure it does nothing but set out to the
 * root and return the cursor's error.
 */
int th_dname_cursor_read(struct th_cursor *cur, struct th_dname *out);

#endif /* TH_DNAME_H */
