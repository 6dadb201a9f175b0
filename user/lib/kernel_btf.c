// SPDX-License-Identifier: GPL-2.0
/* The running kernel's BTF, read once per process. */
#include "lib/kernel_btf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

static struct btf_view view;
static void *data;
static size_t data_size;
static bool mapped;
static int read_error; /* errno of the last failed try, until released */

/* sysfs hands the file out a page per read() */
static void *read_whole(int fd, size_t size)
{
	char *buf = malloc(size);
	size_t done = 0;

	while (buf && done < size) {
		ssize_t n = read(fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			free(buf);
			return NULL;
		}
		done += (size_t)n;
	}
	return buf;
}

static int load(void)
{
	struct stat st;
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || st.st_size <= 0) {
		err = st.st_size <= 0 ? -EINVAL : -errno;
		goto out;
	}
	data_size = (size_t)st.st_size;
	data = mmap(NULL, data_size, PROT_READ, MAP_PRIVATE, fd, 0);
	mapped = data != MAP_FAILED;
	if (!mapped)
		data = read_whole(fd, data_size);
	if (!data) {
		err = -errno;
		goto out;
	}
	err = btf_view_init(&view, data, data_size);
out:
	close(fd);
	return err;
}

const struct btf_view *kernel_btf(void)
{
	int err;

	if (view.types)
		return &view;
	if (read_error) {
		errno = read_error;
		return NULL;
	}
	err = load();
	if (!err)
		return &view;
	kernel_btf_release();
	read_error = -err;
	errno = -err;
	return NULL;
}

void kernel_btf_release(void)
{
	btf_view_free(&view);
	if (data && mapped)
		munmap(data, data_size);
	else
		free(data);
	data = NULL;
	data_size = 0;
	mapped = false;
	read_error = 0;
}
