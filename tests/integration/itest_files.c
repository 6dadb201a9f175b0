// SPDX-License-Identifier: GPL-2.0
/* Files and failures (issue 11 §4): -o never follows a planted link or
 * overwrites a planted file, --policy refuses a FIFO before reading, and a
 * live enforcer whose cgroup is removed stops with a message. */
#include "itest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct fixture {
	char dir[256];	  /* sticky and world-writable, like /tmp */
	char target[256]; /* a file an attacker wants truncated */
	char cgroup[512];
};

static const char precious[] = "precious\n";

static int setup(void **state)
{
	static struct fixture f;
	int fd;

	memset(&f, 0, sizeof(f));
	*state = &f;
	if (geteuid() != 0)
		return 0;
	snprintf(f.dir, sizeof(f.dir), "/tmp/bindguard-sticky-%d", getpid());
	snprintf(f.target, sizeof(f.target), "/tmp/bindguard-precious-%d", getpid());
	if (mkdir(f.dir, 0755) || chmod(f.dir, 01777))
		return -1;
	fd = open(f.target, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, precious, strlen(precious)) != (ssize_t)strlen(precious))
		return -1;
	close(fd);
	return test_cgroup_create("files", f.cgroup, sizeof(f.cgroup)) ? -1 : 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_tree_remove(f->dir);
	if (f->target[0])
		unlink(f->target);
	test_cgroup_remove(f->cgroup);
	return 0;
}

/* Plants `name` in the sticky directory as uid (a symbolic link to `to`, or
 * with to NULL a regular file), from a child that gave up root. */
static void plant(const struct fixture *f, const char *name, const char *to, uid_t uid)
{
	char path[512];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	pid = fork();
	if (pid == 0) {
		if (uid && setresuid(uid, uid, uid))
			_exit(1);
		if (to)
			_exit(symlink(to, path) ? 2 : 0);
		_exit(open(path, O_WRONLY | O_CREAT | O_EXCL, 0644) < 0 ? 3 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void assert_target_untouched(const struct fixture *f)
{
	char buf[64] = "";
	int fd = open(f->target, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf) - 1), (ssize_t)strlen(precious));
	close(fd);
	assert_string_equal(buf, precious);
}

/* Runs `trace -o path` or `enforce -o path`; returns its exit status. */
static int run_with_output(const struct fixture *f, bool enforce, const char *path,
			   struct bg_proc *p)
{
	const char *const trace_args[] = { "trace", "-o", path, "--duration", "1", NULL };
	const char *const enforce_args[] = { "enforce", "-o",	      path, "--cgroup",
					     f->cgroup, "--duration", "1",  NULL };

	return bg_run(p, enforce ? enforce_args : trace_args, 20000);
}

struct planted_case {
	const char *name;
	const char *link_to; /* NULL: a regular file */
	uid_t owner;
	const char *words; /* in the refusal */
};

static const struct planted_case planted_cases[] = {
	{ "link-by-nobody", "TARGET", 65534, "symbolic link" },
	/* root's own link in a root-owned directory is followed whatever
	 * fs.protected_symlinks says: the check must not lean on it */
	{ "link-by-root", "TARGET", 0, "symbolic link" },
	{ "dangling-link", "CREATED", 65534, "symbolic link" },
	{ "file-by-nobody", NULL, 65534, "belongs to another user" },
};

static void test_planted_names_refused(void **state)
{
	struct fixture *f = *state;

	itest_require_root();
	for (int enforce = 0; enforce < 2; enforce++) {
		for (size_t i = 0; i < sizeof(planted_cases) / sizeof(planted_cases[0]); i++) {
			const struct planted_case *c = &planted_cases[i];
			char name[64], path[512], created[400];
			const char *to = c->link_to;
			struct bg_proc p;

			snprintf(name, sizeof(name), "%s-%d", c->name, enforce);
			snprintf(created, sizeof(created), "%s-created-%s", f->target, name);
			if (to && strcmp(to, "TARGET") == 0)
				to = f->target;
			else if (to)
				to = created;
			plant(f, name, to, c->owner);
			snprintf(path, sizeof(path), "%s/%s", f->dir, name);
			int status = run_with_output(f, enforce, path, &p);
			fprintf(stderr, "# %s -o %s: %d: %s", enforce ? "enforce" : "trace", name,
				status, p.err ? p.err : "\n");
			assert_int_equal(status, 2);
			assert_non_null(strstr(p.err, c->words));
			bg_free(&p);
			assert_target_untouched(f);
			assert_int_equal(access(created, F_OK), -1);
		}
	}
}

/* A hard link to one of root's files, planted where others write. */
static void test_planted_hard_link_refused(void **state)
{
	struct fixture *f = *state;
	char path[512];
	struct bg_proc p;

	itest_require_root();
	snprintf(path, sizeof(path), "%s/hardlink", f->dir);
	assert_int_equal(link(f->target, path), 0);
	assert_int_equal(run_with_output(f, false, path, &p), 2);
	assert_non_null(strstr(p.err, "hard links"));
	bg_free(&p);
	unlink(path);
	assert_target_untouched(f);
}

static void test_new_file_private_own_file_reused(void **state)
{
	struct fixture *f = *state;
	char path[512];
	struct bg_proc p;
	struct stat st;

	itest_require_root();
	snprintf(path, sizeof(path), "%s/new", f->dir);
	assert_int_equal(run_with_output(f, false, path, &p), 0);
	bg_free(&p);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	/* our own file, written again: fine */
	assert_int_equal(run_with_output(f, false, path, &p), 0);
	bg_free(&p);
	unlink(path);
}

static void test_fifo_refused(void **state)
{
	struct fixture *f = *state;
	char fifo[512];
	struct bg_proc p;

	itest_require_root();
	snprintf(fifo, sizeof(fifo), "%s/fifo", f->dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* nobody reads it: an open that waited would hang until the timeout */
	assert_int_equal(run_with_output(f, false, fifo, &p), 2);
	assert_non_null(strstr(p.err, "neither a regular file nor a character device"));
	bg_free(&p);
	const char *const args[] = { "enforce", "--policy", fifo, "--cgroup", f->cgroup, NULL };
	assert_int_equal(bg_run(&p, args, 5000), 2);
	assert_non_null(strstr(p.err, "not a regular file"));
	bg_free(&p);
	unlink(fifo);
}

static void test_enforced_cgroup_removed(void **state)
{
	struct fixture *f = *state;
	char cg[600];
	struct bg_proc p;

	itest_require_root();
	snprintf(cg, sizeof(cg), "%s/removed", f->cgroup);
	assert_int_equal(mkdir(cg, 0755), 0);
	const char *const args[] = { "enforce", "--cgroup", cg, NULL };
	assert_int_equal(bg_start(&p, args), 0);
	assert_int_equal(bg_wait_for_stderr(&p, "enforcing started", 10000), 0);
	assert_int_equal(rmdir(cg), 0);
	assert_int_equal(bg_wait(&p, 5000), 2);
	assert_non_null(strstr(p.err, "was removed"));
	bg_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_planted_names_refused),
		cmocka_unit_test(test_planted_hard_link_refused),
		cmocka_unit_test(test_new_file_private_own_file_reused),
		cmocka_unit_test(test_fifo_refused),
		cmocka_unit_test(test_enforced_cgroup_removed),
	};

	return cmocka_run_group_tests_name("files", tests, setup, teardown);
}
