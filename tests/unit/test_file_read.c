// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/lib/file_read.c: whole small files under a sysroot. */
#include "table_test.h"

#include <errno.h>
#include <sys/stat.h>

#include "lib/file_read.h"

static char root[64]; /* a private sysroot with etc/small and etc/empty */

static void write_file(const char *rel, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char etc[80];

	(void)state;
	snprintf(root, sizeof(root), "/tmp/bg_file_read_%d", (int)getpid());
	snprintf(etc, sizeof(etc), "%s/etc", root);
	if (mkdir(root, 0700) || mkdir(etc, 0700))
		return -1;
	write_file("/etc/small", "hello\nworld");
	write_file("/etc/empty", "");
	return 0;
}

static int teardown(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/etc/small", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/empty", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc", root);
	rmdir(path);
	rmdir(root);
	return 0;
}

struct read_case {
	const char *sysroot; /* NULL, "", or ROOT: the test's own */
	const char *path;    /* under ROOT's directory when sysroot is not ROOT */
	size_t max;
	int ret;
	const char *text; /* what is read when ret is 0 */
};

#define ROOT "root"

static const struct read_case cases[] = {
	{ ROOT, "/etc/small", 100, 0, "hello\nworld" },
	{ ROOT, "/etc/small", 11, 0, "hello\nworld" }, /* exactly max */
	{ ROOT, "/etc/small", 10, -EFBIG, NULL },
	{ ROOT, "/etc/empty", 100, 0, "" }, /* an empty string, not NULL */
	{ ROOT, "/etc/none", 100, -ENOENT, NULL },
	{ NULL, "/etc/small", 100, 0, "hello\nworld" }, /* the path as it is */
	{ "", "/etc/small", 100, 0, "hello\nworld" },
};

static void test_read(void **state)
{
	const struct read_case *c = *state;
	const char *sysroot = c->sysroot && strcmp(c->sysroot, ROOT) == 0 ? root : c->sysroot;
	char path[128];
	uint8_t *data = NULL;
	size_t len = 12345;

	snprintf(path, sizeof(path), "%s%s", sysroot == root ? "" : root, c->path);
	assert_int_equal(read_file_bytes(sysroot, path, c->max, &data, &len), c->ret);
	if (c->ret) {
		assert_null(data);
		return;
	}
	assert_int_equal(len, strlen(c->text));
	assert_memory_equal(data, c->text, len);
	assert_int_equal(data[len], '\0'); /* a string too */
	free(data);
}

static void test_sysroot_path(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(sysroot_path(NULL, "/etc/x", buf, sizeof(buf)), "/etc/x");
	assert_string_equal(sysroot_path("", "/etc/x", buf, sizeof(buf)), "/etc/x");
	assert_string_equal(sysroot_path("/r", "/etc/x", buf, sizeof(buf)), "/r/etc/x");
	/* too long for buf: "" rather than a cut path that names another file */
	assert_string_equal(sysroot_path("/a/long/root", "/etc/x", buf, sizeof(buf)), "");
}

int main(void)
{
	static struct CMUnitTest storage[ARRAY_SIZE(cases) + 1];
	struct test_list l = { storage, 0, ARRAY_SIZE(storage) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_read, &cases[i], "read_file_bytes case %zu (%s, max %zu)", i,
			 cases[i].path, cases[i].max);
	add_test(&l, test_sysroot_path, NULL, "sysroot_path");
	return run_test_list(&l, "file_read", setup, teardown);
}
