/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * psl.h -- the public suffix list (libpsl; the only module that includes
 * <libpsl.h>): the registered domain of a name server name, which the
 * analyzer takes as the name server's operator.
 */
#ifndef TH_PSL_H
#define TH_PSL_H

#include <stddef.h>

struct th_psl;

/*
 * Load the list: path, or NULL for the newest of libpsl's built-in list
 * and the system's (Debian's publicsuffix package). Returns 0 or TH_EIO.
 */
int th_psl_open(struct th_psl **out, const char *path)
    __attribute__((warn_unused_result));
void th_psl_free(struct th_psl *p);

/*
 * The registered domain of name (lower-case text, no final dot): one
 * label below its public suffix ("example.co.uk" for "ns1.example.co.uk").
 * A name that is itself a public suffix, or that the list cannot split,
 * is its own operator. p NULL: the last two labels. Writes at most size
 * octets with the NUL; returns the length, or -1 when it does not fit.
 */
int th_psl_registered(const struct th_psl *p, const char *name, char *dst,
                      size_t size);

#endif /* TH_PSL_H */
