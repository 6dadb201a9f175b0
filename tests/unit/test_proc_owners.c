// SPDX-License-Identifier: GPL-2.0
/* The /proc walk against a fake /proc laid out in a temporary directory:
 * fd links are symlinks whose targets read "socket:[INODE]". */
#include "table_test.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "listeners/proc_owners.h"

struct link_case {
	const char *target;
	int want_err;
	uint64_t want;
};

static const struct link_case links[] = {
	{ "socket:[12345]", 0, 12345 },
	{ "socket:[0]", 0, 0 },
	{ "socket:[18446744073709551615]", 0, UINT64_MAX },
	{ "socket:[]", -EINVAL, 0 },
	{ "socket:[12a]", -EINVAL, 0 },
	{ "socket:[123", -EINVAL, 0 },
	{ "socket:[123]x", -EINVAL, 0 },
	{ "socket:[-1]", -EINVAL, 0 },
	{ "socket:[99999999999999999999]", -EINVAL, 0 },
	{ "pipe:[123]", -EINVAL, 0 },
	{ "/dev/null", -EINVAL, 0 },
	{ "anon_inode:[eventpoll]", -EINVAL, 0 },
};

static void test_link(void **state)
{
	const struct link_case *c = *state;
	uint64_t inode = 42;

	assert_int_equal(parse_socket_link(c->target, &inode), c->want_err);
	if (!c->want_err)
		assert_true(inode == c->want);
}

static void test_status(void **state)
{
	uid_t uid = 0;

	(void)state;
	assert_int_equal(parse_status_euid("Name:\tnginx\nUmask:\t0022\nUid:\t0\t33\t33\t33\n"
					   "Gid:\t0\t33\t33\t33\n",
					   &uid),
			 0);
	assert_int_equal(uid, 33);
	assert_int_equal(parse_status_euid("Name:\tx\n", &uid), -EINVAL);
	assert_int_equal(parse_status_euid("Uid:\tgarbage\n", &uid), -EINVAL);
	assert_int_equal(parse_status_euid("", &uid), -EINVAL);
}

/* --- a fake /proc ------------------------------------------------------- */

static char root[64];

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void add_process(int pid, const char *comm, int euid, const uint64_t *socks, size_t n)
{
	char path[256], text[128];

	snprintf(path, sizeof(path), "%s/%d", root, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%d/comm", root, pid);
	snprintf(text, sizeof(text), "%s\n", comm);
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/%d/status", root, pid);
	snprintf(text, sizeof(text), "Name:\t%s\nUid:\t0\t%d\t%d\t%d\n", comm, euid, euid, euid);
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/%d/fd", root, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	for (size_t i = 0; i < n; i++) {
		char link[256];

		snprintf(path, sizeof(path), "%s/%d/fd/%zu", root, pid, i + 3);
		snprintf(link, sizeof(link), "socket:[%llu]", (unsigned long long)socks[i]);
		assert_int_equal(symlink(link, path), 0);
	}
	/* other kinds of fds are not sockets */
	snprintf(path, sizeof(path), "%s/%d/fd/0", root, pid);
	assert_int_equal(symlink("/dev/null", path), 0);
	snprintf(path, sizeof(path), "%s/%d/fd/1", root, pid);
	assert_int_equal(symlink("pipe:[777]", path), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup_fake_proc(void **state)
{
	static const uint64_t nginx_master[] = { 1000, 1001 };
	static const uint64_t nginx_worker[] = { 1000, 1000, 1002 }; /* dup'ed fd */
	static const uint64_t sshd[] = { 2000 };

	(void)state;
	snprintf(root, sizeof(root), "/tmp/bg-proc-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	add_process(100, "nginx", 0, nginx_master, 2);
	add_process(101, "nginx", 33, nginx_worker, 3);
	add_process(200, "sshd", 0, sshd, 1);
	add_process(300, "idle", 1000, NULL, 0);
	/* entries that are not processes */
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/self", root);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/uptime", root);
		write_file(path, "1.0 1.0\n");
	}
	return 0;
}

static int teardown_fake_proc(void **state)
{
	(void)state;
	return nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_scan(void **state)
{
	struct proc_owners o;
	const struct proc_socket_ref *first;
	size_t n;

	(void)state;
	assert_int_equal(proc_owners_scan(root, &o), 0);
	assert_int_equal(o.n_procs, 4);
	assert_int_equal(o.n_socks, 5); /* 1000 twice (two processes), 1001, 1002, 2000 */

	n = proc_owners_lookup(&o, 1000, &first);
	assert_int_equal(n, 2);
	{
		const struct proc_process *a = &o.procs[first[0].process];
		const struct proc_process *b = &o.procs[first[1].process];
		int pids = a->pid + b->pid;

		assert_int_equal(pids, 201);
		assert_string_equal(a->comm, "nginx");
		assert_true(a->uid == 0 || a->uid == 33);
	}
	n = proc_owners_lookup(&o, 2000, &first);
	assert_int_equal(n, 1);
	assert_int_equal(o.procs[first->process].pid, 200);
	assert_string_equal(o.procs[first->process].comm, "sshd");

	assert_int_equal(proc_owners_lookup(&o, 777, &first), 0);
	assert_null(first);
	assert_int_equal(proc_owners_lookup(&o, 1, &first), 0);
	assert_int_equal(proc_owners_lookup(&o, 999999, &first), 0);
	assert_int_equal(o.fd_denied, 0);
	proc_owners_free(&o);
}

static void test_scan_missing_root(void **state)
{
	struct proc_owners o;

	(void)state;
	assert_int_equal(proc_owners_scan("/nonexistent/bg-proc", &o), -ENOENT);
}

static void test_lookup_empty(void **state)
{
	struct proc_owners o = { 0 };
	const struct proc_socket_ref *first;

	(void)state;
	assert_int_equal(proc_owners_lookup(&o, 5, &first), 0);
	assert_null(first);
}

static void test_uid_to_name(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(uid_to_name(0, buf, sizeof(buf)), "root");
	assert_string_equal(uid_to_name(4000123, buf, sizeof(buf)), "4000123");
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test_setup_teardown(test_scan, setup_fake_proc, teardown_fake_proc),
		cmocka_unit_test(test_scan_missing_root),
		cmocka_unit_test(test_lookup_empty),
		cmocka_unit_test(test_uid_to_name),
	};
	struct CMUnitTest tests[ARRAY_SIZE(links) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		add_test(&l, test_link, &links[i], "fd link %s", links[i].target);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "proc_owners", NULL, NULL);
}
