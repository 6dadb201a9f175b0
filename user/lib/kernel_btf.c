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

#include "lib/file_read.h"

#define VMLINUX_BTF   "/sys/kernel/btf/vmlinux"
#define MAX_BTF_BYTES (256u << 20) /* 6.18 has 5.5 MB */

static struct btf_view view;
static void *data;
static size_t data_size;
static bool mapped;
static int read_error; /* errno of the last failed try, until released */

/* Linux 6.16+ maps its BTF; before, it is read (sysfs hands it out a page
 * per read()). */
static int load(void)
{
	struct stat st;
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	if (!fstat(fd, &st) && st.st_size > 0) {
		data_size = (size_t)st.st_size;
		data = mmap(NULL, data_size, PROT_READ, MAP_PRIVATE, fd, 0);
		mapped = data != MAP_FAILED;
	}
	close(fd);
	if (!mapped) {
		uint8_t *bytes;

		data = NULL;
		err = read_file_bytes(NULL, VMLINUX_BTF, MAX_BTF_BYTES, &bytes, &data_size);
		if (err)
			return err;
		data = bytes;
	}
	return btf_view_init(&view, data, data_size);
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
