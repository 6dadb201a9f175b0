// SPDX-License-Identifier: GPL-2.0
/* Unit tests of mountinfo_find() in user/mounts.c, on fixture mountinfo text. */
#include "table_test.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "lib/mounts.h"

/* Shaped like a systemd host's /proc/self/mountinfo: optional fields
 * (shared:N, master:N) or none, escaped mount points, and a second cgroup2
 * mount further down that must lose to the first. */
#define HOST_HEAD                                                                                  \
	"22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"            \
	"23 28 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw\n"            \
	"28 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n"         \
	"26 22 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 master:1 - cgroup2 " \
	"cgroup2 rw,nsdelegate,memory_recursiveprot\n"                                             \
	"27 22 0:25 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:10 - pstore pstore "   \
	"rw\n"                                                                                     \
	"30 22 0:27 / /sys/fs/bpf rw,nosuid,nodev,noexec,relatime - bpf bpf rw,mode=700\n"         \
	"41 22 0:12 / /sys/kernel/tracing rw,nosuid,nodev,noexec,relatime shared:20 - tracefs "    \
	"tracefs rw\n"
#define HOST_TAIL                                                                                  \
	"60 28 8:17 / /mnt/my\\040disk rw,relatime shared:30 - ext4 /dev/sdb1 rw\n"                \
	"61 28 8:18 /sub\\040dir /mnt/tab\\011and\\134back rw - xfs /dev/sdb2 rw\n"                \
	"62 28 0:50 / /run/user/1000/doc rw,nosuid,nodev,relatime shared:40 - fuse.portal portal " \
	"rw,user_id=1000,group_id=1000\n"                                                          \
	"70 28 0:60 / /opt/second-cgroup rw,relatime shared:50 - cgroup2 cgroup2 rw\n"             \
	"71 28 0:61 / /opt/cgroup-v1 rw,relatime shared:51 - cgroup cgroup rw,cpu\n"               \
	"72 28 0:62 / /opt/cgroup2 rw,relatime - tmpfs cgroup2 rw\n"                               \
	"73 28 0:63 / /opt/a\\040b\\040c rw,relatime shared:52 master:3 propagate_from:2 "         \
	"unbindable - autofs systemd-1 rw\n"

static const char host[] = HOST_HEAD HOST_TAIL;
static const char host_tail[] = HOST_TAIL;

struct find_case {
	const char *name;
	const char *text;
	const char *fstype;
	int ret;
	const char *path;
};

static const struct find_case find_cases[] = {
	{ "cgroup2 with two optional fields", host, "cgroup2", 0, "/sys/fs/cgroup" },
	{ "bpf without optional fields", host, "bpf", 0, "/sys/fs/bpf" },
	{ "tracefs", host, "tracefs", 0, "/sys/kernel/tracing" },
	{ "the first of several", host, "ext4", 0, "/" },
	{ "pstore", host, "pstore", 0, "/sys/fs/pstore" },
	{ "\\040 in the mount point", host_tail, "ext4", 0, "/mnt/my disk" },
	{ "xfs with \\011 and \\134", host, "xfs", 0, "/mnt/tab\tand\\back" },
	{ "fuse subtype", host, "fuse.portal", 0, "/run/user/1000/doc" },
	{ "cgroup v1 is not cgroup2", host, "cgroup", 0, "/opt/cgroup-v1" },
	{ "four optional fields", host, "autofs", 0, "/opt/a b c" },
	{ "the source is not the type", host, "tmpfs", 0, "/opt/cgroup2" },
	{ "no match", host, "debugfs", -ENOENT, NULL },
	{ "a prefix of a type is no match", host, "cgroup2x", -ENOENT, NULL },
	{ "a type's prefix is no match", host, "trace", -ENOENT, NULL },
	{ "a mount source is no type", host, "systemd-1", -ENOENT, NULL },
	{ "an optional field is no type", host, "shared:9", -ENOENT, NULL },
	{ "a mount point is no type", host, "/sys", -ENOENT, NULL },
	{ "empty text", "", "cgroup2", -ENOENT, NULL },
	{ "blank lines", "\n\n\n", "cgroup2", -ENOENT, NULL },
	{ "escaped mount point alone", "60 28 8:17 / /mnt/my\\040disk rw - ext4 /dev/sdb1 rw\n",
	  "ext4", 0, "/mnt/my disk" },
	{ "last line without a newline", "30 22 0:27 / /sys/fs/bpf rw - bpf bpf rw", "bpf", 0,
	  "/sys/fs/bpf" },
	{ "cgroup2 first wins",
	  "1 0 0:1 / /a rw - cgroup2 cgroup2 rw\n2 0 0:2 / /b rw - cgroup2 cgroup2 rw\n"
	  "3 0 0:3 / /c rw - cgroup2 cgroup2 rw\n",
	  "cgroup2", 0, "/a" },
	{ "cgroup2 first wins after other types",
	  "1 0 0:1 / /x rw - tmpfs tmpfs rw\n2 0 0:2 / /b rw shared:1 - cgroup2 cgroup2 rw\n"
	  "3 0 0:3 / /c rw - cgroup2 cgroup2 rw\n",
	  "cgroup2", 0, "/b" },
	{ "a line without the separator is skipped",
	  "1 0 0:1 / /broken rw cgroup2 cgroup2 rw\n2 0 0:2 / /good rw - cgroup2 cgroup2 rw\n",
	  "cgroup2", 0, "/good" },
	{ "a short line is skipped", "1 0\n2 0 0:2 / /good rw - cgroup2 cgroup2 rw\n", "cgroup2", 0,
	  "/good" },
	{ "a separator with nothing after it", "1 0 0:1 / /x rw -\n", "cgroup2", -ENOENT, NULL },
};

static void test_find(void **state)
{
	const struct find_case *c = *state;
	char path[PATH_MAX];
	FILE *f;

	f = fmemopen((void *)c->text, strlen(c->text), "r");
	assert_non_null(f);
	strcpy(path, "untouched");
	assert_int_equal(mountinfo_find(f, c->fstype, path, sizeof(path)), c->ret);
	assert_string_equal(path, c->ret ? "untouched" : c->path);
	fclose(f);
}

/* A mount point that does not fit the buffer is not cut: it is skipped. */
static void test_find_short_buffer(void **state)
{
	static const char text[] = "1 0 0:1 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
				   "2 0 0:2 / /cg rw - cgroup2 cgroup2 rw\n";
	char path[16];
	FILE *f;

	(void)state;
	f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	assert_int_equal(mountinfo_find(f, "cgroup2", path, sizeof("/sys/fs/cgroup")), 0);
	assert_string_equal(path, "/sys/fs/cgroup");
	fclose(f);

	f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	assert_int_equal(mountinfo_find(f, "cgroup2", path, sizeof("/sys/fs/cgroup") - 1), 0);
	assert_string_equal(path, "/cg");
	fclose(f);
}

/* Lines longer than any fixed buffer still parse. */
static void test_find_long_line(void **state)
{
	size_t len = 20000;
	char *text = malloc(len), *mp = malloc(8192), path[8200];
	FILE *f;

	(void)state;
	assert_non_null(text);
	assert_non_null(mp);
	mp[0] = '/';
	memset(mp + 1, 'd', 8000);
	mp[8001] = '\0';
	snprintf(text, len,
		 "1 0 0:1 / /x rw,%0*d - ext4 /dev/sda rw\n2 0 0:2 / %s rw - bpf bpf rw\n", 9000, 0,
		 mp);
	f = fmemopen(text, strlen(text), "r");
	assert_non_null(f);
	assert_int_equal(mountinfo_find(f, "bpf", path, sizeof(path)), 0);
	assert_string_equal(path, mp);
	fclose(f);
	free(text);
	free(mp);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_find_short_buffer),
		cmocka_unit_test(test_find_long_line),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(find_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(find_cases); i++)
		add_test(&l, test_find, &find_cases[i], "mountinfo_find: %s", find_cases[i].name);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "mountinfo", NULL, NULL);
}
