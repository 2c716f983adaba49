/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * out.h -- files and folders tbgen writes: paths, creation, removal.
 *
 * Every error is logged here with the path it concerns, so callers only
 * pass the status up. Statuses are negated errno values (common/err.h)
 * or TH_ETOOBIG for a path that does not fit its buffer.
 */
#ifndef TBGEN_OUT_H
#define TBGEN_OUT_H

#include <stddef.h>
#include <stdio.h>

/* Longest path tbgen builds. */
#define TBGEN_PATH_MAX 1024

/*
 * Format a path into buf.
 * @return 0; TH_ETOOBIG when it does not fit (logged).
 */
int tbgen_out_path(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), warn_unused_result));

/*
 * Create a folder and its parents (mode 0755); existing ones are fine.
 * @return 0; -errno (logged).
 */
int tbgen_out_mkdirs(const char *path) __attribute__((warn_unused_result));

/*
 * Open a file for writing, truncating it.
 * @return 0 and *fp; -errno (logged).
 */
int tbgen_out_open(const char *path, FILE **fp)
    __attribute__((warn_unused_result));

/*
 * Flush and close a file opened with tbgen_out_open(); a write error that
 * happened earlier on the stream is reported here.
 * @return 0; -errno (logged).
 */
int tbgen_out_close(FILE *fp, const char *path)
    __attribute__((warn_unused_result));

/*
 * Write a whole file.
 * @return 0; -errno (logged).
 */
int tbgen_out_write(const char *path, const void *data, size_t len)
    __attribute__((warn_unused_result));

/*
 * Remove a folder and everything below it; a missing folder is fine.
 * Symbolic links are removed, never followed.
 * @return 0; -errno (logged).
 */
int tbgen_out_remove_tree(const char *path) __attribute__((warn_unused_result));

#endif /* TBGEN_OUT_H */
