// SPDX-License-Identifier: GPL-2.0
/* Reading a whole small file under an optional sysroot (see file_read.h). */
#include "lib/file_read.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/safe_files.h"

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
	char full[PATH_MAX], why[PATH_MAX + 64];
	uint8_t *buf = NULL;
	size_t used = 0, cap = 0;
	int fd, err = 0;

	/* a FIFO would block the open() or the read() for ever, a device
	 * could hand out bytes without end: regular files only */
	fd = open_regular_file(sysroot_path(sysroot, path, full, sizeof(full)), why, sizeof(why));
	if (fd < 0)
		return fd;
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

const char *read_file_strerror(int err)
{
	if (err == -EINVAL)
		return "it is not a regular file";
	return strerror(-err);
}
