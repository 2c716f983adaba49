/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_keygen.c -- write a CURVE key pair: FILE (public and secret key,
 * mode 0600) and FILE.pub (the public key alone, to hand to the other
 * side). Format and use: docs/crawl.md.
 */
#include "crawler/cmd_keygen.h"

#include "common/err.h"
#include "crawler/zmqx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
write_file(const char *path, int mode, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t len = strlen(text);

	if (fd < 0) {
		fprintf(stderr, "keygen: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (write(fd, text, len) != (ssize_t)len || close(fd) != 0) {
		fprintf(stderr, "keygen: %s: write failed\n", path);
		return 1;
	}
	return 0;
}

int
th_cmd_keygen(int argc, char **argv)
{
	char pub[TH_ZMQX_KEYLEN], sec[TH_ZMQX_KEYLEN];
	char both[256], one[128], pubpath[4096];

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(argc == 2 ? stdout : stderr,
		        "usage: tldhealth keygen FILE\n\n"
		        "Write a CURVE key pair to FILE (mode 0600) and its "
		        "public key to FILE.pub.\n");
		return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	if (th_zmqx_keygen(pub, sec) != 0) {
		fprintf(stderr, "keygen: this libzmq has no CURVE support\n");
		return 1;
	}
	snprintf(both, sizeof(both),
	         "# tldhealth CURVE key pair: public, then secret\n%s\n%s\n",
	         pub, sec);
	snprintf(one, sizeof(one), "# tldhealth CURVE public key\n%s\n", pub);
	snprintf(pubpath, sizeof(pubpath), "%s.pub", argv[1]);
	if (write_file(argv[1], 0600, both) != 0 ||
	    write_file(pubpath, 0644, one) != 0)
		return 1;
	printf("%s\n", pub);
	return 0;
}
