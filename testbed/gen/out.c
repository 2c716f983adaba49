/* SPDX-License-Identifier: BSD-3-Clause */
/* out.c -- paths, folders and files tbgen writes (see out.h). */
#include "testbed/gen/out.h"

#include "common/err.h"
#include "common/log.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
tbgen_out_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		th_log_error("path too long (over %zu bytes)", size - 1);
		return TH_ETOOBIG;
	}
	return 0;
}

int
tbgen_out_mkdirs(const char *path)
{
	char buf[TBGEN_PATH_MAX];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		return TH_ETOOBIG;
	memcpy(buf, path, n + 1);
	/* Create each ancestor in turn, then the folder itself. */
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
			int e = errno;

			th_log_error("mkdir %s: %s", buf, strerror(e));
			return th_from_errno(e);
		}
		buf[i] = path[i];
	}
	return 0;
}

int
tbgen_out_open(const char *path, FILE **fp)
{
	*fp = fopen(path, "w");
	if (*fp == NULL) {
		int e = errno;

		th_log_error("%s: %s", path, strerror(e));
		return th_from_errno(e);
	}
	return 0;
}

int
tbgen_out_close(FILE *fp, const char *path)
{
	int failed = ferror(fp);
	int e = errno;

	if (fclose(fp) != 0 && !failed) {
		failed = 1;
		e = errno;
	}
	if (failed) {
		if (e == 0)
			e = EIO;
		th_log_error("write %s: %s", path, strerror(e));
		return th_from_errno(e);
	}
	return 0;
}

int
tbgen_out_write(const char *path, const void *data, size_t len)
{
	FILE *fp;
	int rc;

	if ((rc = tbgen_out_open(path, &fp)) != 0)
		return rc;
	if (len > 0)
		(void)fwrite(data, 1, len, fp);
	return tbgen_out_close(fp, path);
}

static int
out_unlink(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) != 0 &&
	    errno != ENOENT) {
		th_log_error("remove %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
tbgen_out_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : th_from_errno(errno);
	/* FTW_DEPTH: children before their folder; FTW_PHYS: never follow
	 * a symbolic link out of the tree. */
	if (nftw(path, out_unlink, 32, FTW_DEPTH | FTW_PHYS) != 0)
		return TH_EIO;
	return 0;
}
