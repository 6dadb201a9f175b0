// SPDX-License-Identifier: GPL-2.0
/* cgroup_path_by_id on a directory tree made here: ids are inode numbers,
 * so any tree will do; deep, first, root and missing entries, a file's
 * inode, a missing root, and a short buffer. */
#include "table_test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cgroups.h"

struct tree {
	char root[64];
};

static const char *const dirs[] = { "a", "a/b", "a/b/c", "d", "d/e" };

static uint64_t inode_of(const struct tree *t, const char *rel)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s%s%s", t->root, *rel ? "/" : "", rel);
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static int setup(void **state)
{
	static struct tree t;
	char path[256];
	int fd;

	snprintf(t.root, sizeof(t.root), "/tmp/bindguard-cgroups.%d.XXXXXX", (int)getpid());
	if (!mkdtemp(t.root))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", t.root, dirs[i]);
		if (mkdir(path, 0755))
			return -1;
	}
	snprintf(path, sizeof(path), "%s/a/file", t.root);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	const struct tree *t = *state;
	char path[256];

	snprintf(path, sizeof(path), "%s/a/file", t->root);
	unlink(path);
	for (size_t i = ARRAY_SIZE(dirs); i-- > 0;) {
		snprintf(path, sizeof(path), "%s/%s", t->root, dirs[i]);
		rmdir(path);
	}
	return rmdir(t->root);
}

static void test_finds_each_directory(void **state)
{
	const struct tree *t = *state;
	char want[256], got[256];

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(want, sizeof(want), "%s/%s", t->root, dirs[i]);
		assert_int_equal(cgroup_path_by_id(t->root, inode_of(t, dirs[i]), got, sizeof(got)),
				 0);
		assert_string_equal(got, want);
	}
	assert_int_equal(cgroup_path_by_id(t->root, inode_of(t, ""), got, sizeof(got)), 0);
	assert_string_equal(got, t->root);
}

static void test_not_found(void **state)
{
	const struct tree *t = *state;
	char got[256] = "untouched";

	/* a file is no cgroup, whatever its inode */
	assert_int_equal(cgroup_path_by_id(t->root, inode_of(t, "a/file"), got, sizeof(got)),
			 -ENOENT);
	assert_int_equal(cgroup_path_by_id(t->root, 1, got, sizeof(got)), -ENOENT);
	assert_string_equal(got, "untouched");
}

static void test_missing_root(void **state)
{
	char got[64];

	(void)state;
	assert_int_equal(cgroup_path_by_id("/nonexistent/bindguard-cgroups", 1, got, sizeof(got)),
			 -ENOENT);
}

/* The same walk twice, interleaved ids: no state survives a call. */
static void test_calls_are_independent(void **state)
{
	const struct tree *t = *state;
	char first[256], second[256];

	assert_int_equal(cgroup_path_by_id(t->root, inode_of(t, "d/e"), first, sizeof(first)), 0);
	assert_int_equal(cgroup_path_by_id(t->root, inode_of(t, "a/b"), second, sizeof(second)), 0);
	assert_non_null(strstr(first, "/d/e"));
	assert_non_null(strstr(second, "/a/b"));
}

static void test_short_buffer_is_cut(void **state)
{
	const struct tree *t = *state;
	char got[8];

	assert_int_equal(cgroup_path_by_id(t->root, inode_of(t, "a/b/c"), got, sizeof(got)), 0);
	assert_int_equal(strlen(got), sizeof(got) - 1);
	assert_memory_equal(got, t->root, sizeof(got) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finds_each_directory),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_missing_root),
		cmocka_unit_test(test_calls_are_independent),
		cmocka_unit_test(test_short_buffer_is_cut),
	};

	return cmocka_run_group_tests_name("cgroups", tests, setup, teardown);
}
