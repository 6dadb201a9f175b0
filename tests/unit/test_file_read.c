// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/lib/file_read.c: whole small files under a sysroot. */
#include "table_test.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "lib/file_read.h"

/* a private sysroot with etc/small, etc/empty, and what is no regular
 * file: the FIFO etc/fifo (no writer), the socket etc/sock, the directory
 * etc/dir */
static char root[64];
static int sock = -1;

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

static int make_special_files(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char path[128];

	snprintf(path, sizeof(path), "%s/etc/fifo", root);
	if (mkfifo(path, 0600))
		return -1;
	snprintf(path, sizeof(path), "%s/etc/dir", root);
	if (mkdir(path, 0700))
		return -1;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/etc/sock", root);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sock < 0 || bind(sock, (struct sockaddr *)&sun, sizeof(sun)) || listen(sock, 1))
		return -1;
	return 0;
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
	return make_special_files();
}

static int teardown(void **state)
{
	char path[128];

	(void)state;
	if (sock >= 0)
		close(sock);
	for (size_t i = 0; i < 4; i++) {
		static const char *const names[] = { "small", "empty", "fifo", "sock" };

		snprintf(path, sizeof(path), "%s/etc/%s", root, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/etc/dir", root);
	rmdir(path);
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
	/* refused before any read: a FIFO without a writer blocked for ever */
	{ ROOT, "/etc/fifo", 100, -EINVAL, NULL },
	{ ROOT, "/etc/sock", 100, -EINVAL, NULL },
	{ ROOT, "/etc/dir", 100, -EINVAL, NULL },
};

/* Devices are no files either: /dev/zero would be read up to max. */
static const char *const devices[] = { "/dev/null", "/dev/zero" };

static void test_read(void **state)
{
	const struct read_case *c = *state;
	const char *sysroot = c->sysroot && strcmp(c->sysroot, ROOT) == 0 ? root : c->sysroot;
	char path[128];
	uint8_t *data = NULL;
	size_t len = 12345;

	snprintf(path, sizeof(path), "%s%s", sysroot == root ? "" : root, c->path);
	alarm(10); /* a read that blocks fails the test (SIGALRM) rather than hang */
	assert_int_equal(read_file_bytes(sysroot, path, c->max, &data, &len), c->ret);
	alarm(0);
	if (c->ret) {
		assert_null(data);
		return;
	}
	assert_int_equal(len, strlen(c->text));
	assert_memory_equal(data, c->text, len);
	assert_int_equal(data[len], '\0'); /* a string too */
	free(data);
}

static void test_device(void **state)
{
	uint8_t *data = NULL;
	size_t len = 0;

	assert_int_equal(read_file_bytes(NULL, *state, 100, &data, &len), -EINVAL);
	assert_null(data);
	assert_string_equal(read_file_strerror(-EINVAL), "it is not a regular file");
	assert_string_equal(read_file_strerror(-ENOENT), strerror(ENOENT));
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
	static struct CMUnitTest storage[ARRAY_SIZE(cases) + ARRAY_SIZE(devices) + 1];
	struct test_list l = { storage, 0, ARRAY_SIZE(storage) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_read, &cases[i], "read_file_bytes case %zu (%s, max %zu)", i,
			 cases[i].path, cases[i].max);
	for (size_t i = 0; i < ARRAY_SIZE(devices); i++)
		add_test(&l, test_device, devices[i], "read_file_bytes refuses %s", devices[i]);
	add_test(&l, test_sysroot_path, NULL, "sysroot_path");
	return run_test_list(&l, "file_read", setup, teardown);
}
