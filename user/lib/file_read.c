// SPDX-License-Identifier: GPL-2.0
/* Reading a whole small file under an optional sysroot (see file_read.h). */
#include "lib/file_read.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *sysroot_path(const char *sysroot, const char *path, char *buf, size_t len)
{
	int n;

	if (!sysroot || !*sysroot)
		return path;
	n = snprintf(buf, len, "%s%s", sysroot, path);
	if (n < 0 || (size_t)n >= len)
		buf[0] = '\0'; /* too long: open("") fails with ENOENT */
	return buf;
}

int read_file_bytes(const char *sysroot, const char *path, size_t max, uint8_t **data, size_t *len)
{
	char full[PATH_MAX];
	uint8_t *buf = NULL;
	size_t used = 0, cap = 0;
	int fd, err = 0;

	fd = open(sysroot_path(sysroot, path, full, sizeof(full)), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		if (used == cap) {
			uint8_t *grown;

			if (cap > max) {
				err = -EFBIG;
				break;
			}
			cap = cap ? cap * 2 : 4096;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				err = -ENOMEM;
				break;
			}
			buf = grown;
		}
		n = read(fd, buf + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (!err && used > max)
		err = -EFBIG;
	if (err) {
		free(buf);
		return err;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			return -ENOMEM;
	}
	buf[used] = '\0'; /* callers may treat small text files as strings */
	*data = buf;
	*len = used;
	return 0;
}
