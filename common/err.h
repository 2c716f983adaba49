/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * err.h -- the project's one error space: our failures, never DNS outcomes.
 *
 * Functions that can fail return int: 0 for success, a negative value for
 * failure. Values in [-4095, -1] are negated errno codes (so libuv's UV_E*
 * statuses pass through unchanged); our own codes sit below TH_EBASE in a
 * disjoint range. A timeout, REFUSED or a bogus signature is what the survey
 * measures and is recorded as data in result records, not returned here.
 * Third-party codes are translated by each library's adapter module.
 */
#ifndef TH_ERR_H
#define TH_ERR_H

/* Our own error codes, one X-macro list for the enum and its strings. */
#define TH_ERR_MAP(XX)                                                         \
	XX(NOMEM, "out of memory")                                             \
	XX(INVAL, "invalid argument")                                          \
	XX(TOOBIG, "value exceeds its limit")                                  \
	XX(SYNTAX, "syntax error")                                             \
	XX(NAME, "malformed domain name")                                      \
	XX(WIRE, "malformed wire data")                                        \
	XX(IO, "input/output error")                                           \
	XX(CONFIG, "invalid configuration")                                    \
	XX(NOTFOUND, "not found")                                              \
	XX(EXISTS, "already exists")                                           \
	XX(STORE, "store failure")                                             \
	XX(STOREFULL, "store is full")                                         \
	XX(DNS, "DNS library failure")                                         \
	XX(CRYPTO, "cryptographic library failure")                            \
	XX(MQ, "message queue failure")                                        \
	XX(CODEC, "record encoding failure")                                   \
	XX(INTERNAL, "internal error")

#define TH_EBASE (-10000)

enum th_err {
	TH_OK = 0,
	TH_E__FIRST = TH_EBASE,
#define TH_ERR_ENUM(name, text) TH_E##name,
	TH_ERR_MAP(TH_ERR_ENUM)
#undef TH_ERR_ENUM
	    TH_E__END
};

/*
 * Human-readable text for any status this project returns: 0, a negated
 * errno, or one of TH_E*. Never NULL; unknown values give a fixed string.
 * The returned string is static and must not be freed.
 */
const char *th_strerror(int status);

/*
 * Symbolic name ("TH_ENOMEM", "ENOENT", "OK") for logs and tests.
 * Static storage; never NULL.
 */
const char *th_errname(int status);

/* Convert an errno value (positive) to our status: -errno, or 0 for 0. */
static inline int
th_from_errno(int e)
{
	return e > 0 ? -e : (e == 0 ? 0 : e);
}

#endif /* TH_ERR_H */
