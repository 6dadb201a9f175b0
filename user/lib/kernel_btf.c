// SPDX-License-Identifier: GPL-2.0
/* The running kernel's BTF, parsed once per process. */
#include "lib/kernel_btf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

static struct btf *parsed;
static int parse_error;

/* Linux 6.16+ maps its BTF: no copy through 1 300 reads of 4 KiB (sysfs
 * hands out a page a read), as libbpf's btf__load_vmlinux_btf() makes. */
static struct btf *parse_mapped(void)
{
	struct btf *btf = NULL;
	struct stat st;
	void *data = MAP_FAILED;
	int fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && !fstat(fd, &st) && st.st_size > 0)
		data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data != MAP_FAILED) {
		btf = btf__new(data, (__u32)st.st_size);
		munmap(data, (size_t)st.st_size);
	}
	if (fd >= 0)
		close(fd);
	return btf;
}

const struct btf *kernel_btf(void)
{
	if (!parsed && !parse_error) {
		parsed = parse_mapped();
		if (!parsed)
			parsed = btf__load_vmlinux_btf();
		if (!parsed)
			parse_error = errno ? errno : ENOENT;
	}
	if (!parsed)
		errno = parse_error;
	return parsed;
}

void kernel_btf_release(void)
{
	btf__free(parsed);
	parsed = NULL;
	parse_error = 0;
}

void btf_find_structs(const struct btf *btf, const char *const names[], __u32 ids[], size_t n)
{
	__u32 count = btf__type_cnt(btf);
	size_t missing = n;

	memset(ids, 0, n * sizeof(*ids));
	for (__u32 id = 1; id < count && missing; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_struct(t) || !t->name_off)
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		for (size_t i = 0; i < n; i++) {
			if (!ids[i] && !strcmp(name, names[i])) {
				ids[i] = id;
				missing--;
			}
		}
	}
}
