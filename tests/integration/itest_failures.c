// SPDX-License-Identifier: GPL-2.0
/* How bindguard fails: one sentence on standard error and exit status 2
 * for a missing privilege, a bad flag, a bad policy file or a setuid
 * install; --version and --help succeed.  Table-driven. */
#include "itest.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETPRIV	 "/usr/bin/setpriv"
#define MAX_ARGS 16

/* Runs argv (NULL-terminated) to completion; output and status in p. */
static int run_argv(struct bg_proc *p, const char *const *argv)
{
	int err = bg_start_argv(p, argv, NULL, NULL);

	return err ? err : bg_wait(p, 15000);
}

/* binary args... as uid/gid 65534 without groups, if as_nobody. */
static int run_bindguard(struct bg_proc *p, const char *binary, bool as_nobody,
			 const char *const *args)
{
	const char *argv[MAX_ARGS + 8];
	size_t n = 0;

	if (as_nobody) {
		argv[n++] = SETPRIV;
		argv[n++] = "--reuid=65534";
		argv[n++] = "--regid=65534";
		argv[n++] = "--clear-groups";
	}
	argv[n++] = binary;
	for (; args && *args && n < MAX_ARGS + 6; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	return run_argv(p, argv);
}

static void describe(char *buf, size_t len, const char *const *args)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; *args && used < len; args++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", *args);
}

/* Exit status 2, nothing on stdout, one line on stderr from bindguard that
 * contains want (and want2 if given). */
static void assert_one_sentence_error(const struct bg_proc *p, const char *const *args,
				      const char *want, const char *want2)
{
	char cmd[256];

	describe(cmd, sizeof(cmd), args);
	fprintf(stderr, "# bindguard %s -> %d: %s", cmd, p->status, p->err ? p->err : "\n");
	if (p->status != 2)
		fail_msg("`bindguard %s` exited %d, not 2", cmd, p->status);
	if (p->out_len)
		fail_msg("`bindguard %s` wrote to stdout: %s", cmd, p->out);
	if (count_lines(p->err) != 1 || p->err[p->err_len - 1] != '\n')
		fail_msg("`bindguard %s`: stderr is not one line", cmd);
	if (strncmp(p->err, "bindguard", 9) != 0)
		fail_msg("`bindguard %s`: the message does not start with 'bindguard'", cmd);
	if (want && !strstr(p->err, want) && !(want2 && strstr(p->err, want2)))
		fail_msg("`bindguard %s`: the message names neither '%s' nor '%s'", cmd, want,
			 want2 ? want2 : want);
}

static void require_setpriv(void)
{
	itest_require_root();
	if (access(SETPRIV, X_OK)) {
		fprintf(stderr, "# %s (util-linux) is missing: skipped\n", SETPRIV);
		skip();
	}
}

/* --- not root ------------------------------------------------------------ */
/* audit and top work without root by design (less to see, no BPF). */
static const char *const not_root_cases[][MAX_ARGS] = {
	{ NULL },
	{ "trace", NULL },
	{ "trace", "--json", "-x", NULL },
	{ "enforce", NULL },
	{ "enforce", "--mode", "deny", NULL },
	{ "enforce", "--pin", NULL },
	{ "status", NULL },
	{ "status", "--json", NULL },
	{ "disable", NULL },
};

static void test_not_root(void **state)
{
	(void)state;
	require_setpriv();
	for (size_t i = 0; i < sizeof(not_root_cases) / sizeof(not_root_cases[0]); i++) {
		struct bg_proc p;

		assert_true(run_bindguard(&p, bindguard_path(), true, not_root_cases[i]) >= 0);
		assert_one_sentence_error(&p, not_root_cases[i], "root", NULL);
		bg_free(&p);
	}
}

/* --- bad flags ------------------------------------------------------------ */
struct flag_case {
	const char *args[MAX_ARGS];
	const char *want, *want2; /* the message names one of these */
};

static const struct flag_case flag_cases[] = {
	/* unknown flags, every command */
	{ { "--no-such-flag", NULL }, "--no-such-flag" },
	{ { "trace", "--no-such-flag", NULL }, "--no-such-flag" },
	{ { "trace", "-Z", NULL }, "-Z" },
	{ { "enforce", "--no-such-flag", NULL }, "--no-such-flag" },
	{ { "enforce", "-Z", NULL }, "-Z" },
	{ { "status", "--no-such-flag", NULL }, "--no-such-flag" },
	{ { "status", "-Z", NULL }, "-Z" },
	{ { "disable", "--no-such-flag", NULL }, "--no-such-flag" },
	{ { "disable", "--json", NULL }, "--json" },
	{ { "audit", "--no-such-flag", NULL }, "--no-such-flag" },
	{ { "audit", "-Z", NULL }, "-Z" },
	{ { "top", "--no-such-flag", NULL }, "--no-such-flag" },
	{ { "top", "-Z", NULL }, "-Z" },
	{ { "no-such-command", NULL }, "no-such-command" },
	/* a value missing */
	{ { "trace", "--pid", NULL }, "--pid" },
	{ { "trace", "-o", NULL }, "-o" },
	{ { "enforce", "--mode", NULL }, "--mode" },
	{ { "enforce", "--policy", NULL }, "--policy" },
	{ { "status", "--pin-dir", NULL }, "--pin-dir" },
	{ { "disable", "--pin-dir", NULL }, "--pin-dir" },
	{ { "audit", "--wslconfig", NULL }, "--wslconfig" },
	{ { "top", "--delay", NULL }, "--delay" },
	/* a bad value: the flag, or at least the value, is named */
	{ { "trace", "--pid", "0", NULL }, "--pid" },
	{ { "trace", "--port", "70000", NULL }, "--port" },
	{ { "trace", "--ringbuf-size", "3000", NULL }, "--ringbuf-size" },
	{ { "trace", "--duration", "0", NULL }, "--duration" },
	{ { "trace", "--comm", "a-name-longer-than-15", NULL }, "--comm" },
	{ { "trace", "-4", "-6", NULL }, "-6" },
	{ { "trace", "--errors", "--ok", NULL }, "--ok" },
	{ { "enforce", "--mode", "strict", NULL }, "--mode", "'strict'" },
	{ { "enforce", "--scope", "everything", NULL }, "--scope", "'everything'" },
	{ { "enforce", "--allow-port", "99999", NULL }, "--allow-port", "'99999'" },
	{ { "enforce", "--allow-protocol", "sctp", NULL }, "--allow-protocol", "'sctp'" },
	{ { "enforce", "--rewrite-to", "10.0.0.1", NULL }, "--rewrite-to", "'10.0.0.1'" },
	{ { "enforce", "--allow-user", "no-such-user-bg", NULL },
	  "--allow-user",
	  "'no-such-user-bg'" },
	{ { "enforce", "--duration", "0", NULL }, "--duration" },
	{ { "enforce", "--pin", "--json", NULL }, "--pin" },
	{ { "top", "--delay", "0", NULL }, "--delay", "-d " },
	{ { "top", "--iterations", "x", NULL }, "--iterations", "-n " },
	/* arguments that are not options */
	{ { "trace", "extra", NULL }, "extra" },
	{ { "enforce", "extra", NULL }, "extra" },
	{ { "status", "extra", NULL }, "extra" },
	{ { "disable", "extra", NULL }, "extra" },
	{ { "audit", "extra", NULL }, "extra" },
	{ { "top", "extra", NULL }, "extra" },
};

static void test_bad_flags(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(flag_cases) / sizeof(flag_cases[0]); i++) {
		const struct flag_case *c = &flag_cases[i];
		struct bg_proc p;

		assert_true(run_bindguard(&p, bindguard_path(), false, c->args) >= 0);
		assert_one_sentence_error(&p, c->args, c->want, c->want2);
		bg_free(&p);
	}
}

/* Issue 14: `trace -p PID` for a process that does not exist was accepted
 * silently and traced nothing; a thread id is not a process either. */
static void *park_thread(void *arg)
{
	int *tid = arg;

	__atomic_store_n(tid, (int)syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	while (__atomic_load_n(tid, __ATOMIC_SEQ_CST) > 0)
		usleep(1000);
	return NULL;
}

static void test_pid_that_is_no_process(void **state)
{
	char gone[16], thread[16];
	const char *const gone_args[] = { "trace", "-p", gone, "-d", "2", NULL };
	const char *const thread_args[] = { "trace", "--pid", thread, "-d", "2", NULL };
	struct bg_proc p;
	pthread_t t;
	int tid = 0;
	pid_t child;

	(void)state;
	itest_require_root();
	child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child); /* reaped: no such process */
	snprintf(gone, sizeof(gone), "%d", (int)child);
	assert_true(run_bindguard(&p, bindguard_path(), false, gone_args) >= 0);
	assert_one_sentence_error(&p, gone_args, "no such process", NULL);
	assert_non_null(strstr(p.err, gone));
	bg_free(&p);

	assert_int_equal(pthread_create(&t, NULL, park_thread, &tid), 0);
	while (!__atomic_load_n(&tid, __ATOMIC_SEQ_CST))
		usleep(1000);
	snprintf(thread, sizeof(thread), "%d", tid);
	assert_true(run_bindguard(&p, bindguard_path(), false, thread_args) >= 0);
	__atomic_store_n(&tid, -1, __ATOMIC_SEQ_CST);
	pthread_join(t, NULL);
	assert_one_sentence_error(&p, thread_args, "thread", NULL);
	bg_free(&p);
}

/* --- bad policy files ------------------------------------------------------ */
struct policy_case {
	const char *name, *text;
	mode_t mode;
	int line;	  /* the message says FILE:LINE:, 0: just FILE */
	const char *want; /* and this */
};

static const struct policy_case policy_cases[] = {
	{ "unknown mode", "[enforce]\nmode = strict\n", 0600, 2, "unknown mode 'strict'" },
	{ "mode twice", "[enforce]\nmode = log\n\nmode = deny\n", 0600, 4, "given twice" },
	{ "unknown key", "# a comment\n[enforce]\ncolour = red\n", 0600, 3,
	  "unknown key 'colour'" },
	{ "unknown section", "[enforce]\nmode = log\n[nope]\nx = 1\n", 0600, 3, "unknown section" },
	{ "not key = value", "[allow]\nports = 22\njust words\n", 0600, 3, "not a 'key = value'" },
	{ "port out of range", "[allow]\nports = 22, 70000\n", 0600, 2, "bad port list" },
	{ "unknown protocol", "[allow]\nprotocols = tcp, sctp\n", 0600, 2,
	  "unknown protocol 'sctp'" },
	{ "unknown user", "[allow]\nusers = no-such-user-bg\n", 0600, 2, "unknown user" },
	{ "rewrite elsewhere", "[enforce]\nrewrite_to = 192.168.1.1\n", 0600, 2, "not a loopback" },
	{ "comm too long", "[allow]\ncomm = a-name-longer-than-15\n", 0600, 2, "longer than 15" },
	{ "bad boolean", "[allow]\nhost_netns_only = maybe\n", 0600, 2, "true or false" },
	{ "group-writable", "[enforce]\nmode = log\n", 0664, 0, "chmod go-w" },
	{ "world-writable", "[enforce]\nmode = log\n", 0666, 0, "chmod go-w" },
};

/* The temporary files of the policy tests, removed by the teardown. */
static char policy_dir[64], policy_file[128];

static int remove_policy_files(void **state)
{
	(void)state;
	test_tree_remove(policy_dir); /* and whatever a failed test left in it */
	policy_dir[0] = policy_file[0] = '\0';
	return 0;
}

static void write_policy(const char *text, mode_t mode)
{
	int fd;

	unlink(policy_file);
	fd = open(policy_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* If a policy were wrongly accepted, the missing cgroup stops enforce
 * before it loads anything: a failing test never enforces on the machine. */
#define NO_SUCH_CGROUP "/bindguard-test-no-such-cgroup"

static void test_bad_policy_files(void **state)
{
	const char *args[] = {
		"enforce", "--policy", policy_file, "--cgroup", NO_SUCH_CGROUP, NULL
	};
	char where[192];

	(void)state;
	snprintf(policy_dir, sizeof(policy_dir), "/tmp/bindguard-failures-XXXXXX");
	assert_non_null(mkdtemp(policy_dir));
	snprintf(policy_file, sizeof(policy_file), "%s/policy.conf", policy_dir);
	for (size_t i = 0; i < sizeof(policy_cases) / sizeof(policy_cases[0]); i++) {
		const struct policy_case *c = &policy_cases[i];
		struct bg_proc p;

		fprintf(stderr, "# policy case: %s\n", c->name);
		write_policy(c->text, c->mode);
		if (c->line)
			snprintf(where, sizeof(where), "%s:%d: ", policy_file, c->line);
		else
			snprintf(where, sizeof(where), "%s: ", policy_file);
		assert_true(run_bindguard(&p, bindguard_path(), false, args) >= 0);
		assert_one_sentence_error(&p, args, where, NULL);
		if (!strstr(p.err, c->want))
			fail_msg("policy case %s: the message does not say '%s'", c->name, c->want);
		bg_free(&p);
	}

	/* a file that is not there, and one that is not a file */
	const char *missing[] = { "enforce", "--policy", "/nonexistent/policy.conf", NULL };
	const char *directory[] = { "enforce", "--policy", policy_dir, NULL };
	struct bg_proc p;

	unlink(policy_file);
	assert_true(run_bindguard(&p, bindguard_path(), false, missing) >= 0);
	assert_one_sentence_error(&p, missing, "/nonexistent/policy.conf: cannot be read", NULL);
	bg_free(&p);
	assert_true(run_bindguard(&p, bindguard_path(), false, directory) >= 0);
	assert_one_sentence_error(&p, directory, policy_dir, NULL);
	bg_free(&p);
}

/* The example that `make install` ships parses: the error is the cgroup. */
static void test_example_policy_is_valid(void **state)
{
	const char *example = "packaging/policy.conf.example";
	const char *args[] = { "enforce", "--policy", example, "--cgroup", NO_SUCH_CGROUP, NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root(); /* the cgroup is looked up after the root check */
	if (access(example, R_OK)) {
		fprintf(stderr, "# %s not found (run from the source tree): skipped\n", example);
		skip();
	}
	assert_true(run_bindguard(&p, bindguard_path(), false, args) >= 0);
	assert_one_sentence_error(&p, args, NO_SUCH_CGROUP, NULL);
	assert_null(strstr(p.err, example));
	bg_free(&p);
}

/* --- setuid ------------------------------------------------------------------ */
static char setuid_dir[64], setuid_copy[128];

static int remove_setuid_copy(void **state)
{
	(void)state;
	test_tree_remove(setuid_dir); /* and whatever a failed test left in it */
	setuid_dir[0] = setuid_copy[0] = '\0';
	return 0;
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	ssize_t n;

	assert_true(in >= 0);
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	assert_true(out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_int_equal(n, 0);
	close(in);
	assert_int_equal(close(out), 0);
}

static const char *const setuid_cases[][MAX_ARGS] = {
	{ NULL },	   { "--version", NULL },	{ "status", NULL },
	{ "audit", NULL }, { "trace", "--help", NULL },
};

static void test_setuid_and_setgid_refused(void **state)
{
	static const mode_t modes[] = { 04755, 02755, 06755 };
	struct statvfs fs;

	(void)state;
	require_setpriv();
	snprintf(setuid_dir, sizeof(setuid_dir), "/tmp/bindguard-setuid-XXXXXX");
	assert_non_null(mkdtemp(setuid_dir));
	assert_int_equal(chmod(setuid_dir, 0755), 0);
	assert_int_equal(statvfs(setuid_dir, &fs), 0);
	if (fs.f_flag & ST_NOSUID) {
		fprintf(stderr,
			"# /tmp is mounted nosuid: the setuid bit would be ignored; skipped\n");
		skip();
	}
	snprintf(setuid_copy, sizeof(setuid_copy), "%s/bindguard", setuid_dir);
	copy_file(bindguard_path(), setuid_copy);
	assert_int_equal(chown(setuid_copy, 0, 0), 0);
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		assert_int_equal(chmod(setuid_copy, modes[m]), 0);
		for (size_t i = 0; i < sizeof(setuid_cases) / sizeof(setuid_cases[0]); i++) {
			struct bg_proc p;

			fprintf(stderr, "# mode %04o\n", modes[m]);
			assert_true(run_bindguard(&p, setuid_copy, true, setuid_cases[i]) >= 0);
			assert_one_sentence_error(&p, setuid_cases[i], "setuid", NULL);
			bg_free(&p);
		}
	}
}

/* --- --version and --help ------------------------------------------------------ */
static const char *const success_cases[][MAX_ARGS] = {
	{ "--version", NULL },
	{ "-V", NULL },
	{ "--help", NULL },
	{ "help", NULL },
	{ "trace", "--help", NULL },
	{ "trace", "-h", NULL },
	{ "-x", "--help", NULL }, /* trace, the default command */
	{ "enforce", "--help", NULL },
	{ "enforce", "-h", NULL },
	{ "status", "--help", NULL },
	{ "status", "-h", NULL },
	{ "disable", "--help", NULL },
	{ "disable", "-h", NULL },
	{ "audit", "--help", NULL },
	{ "audit", "-h", NULL },
	{ "top", "--help", NULL },
	{ "top", "-h", NULL },
};

static void test_version_and_help(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(success_cases) / sizeof(success_cases[0]); i++) {
		const char *const *args = success_cases[i];
		bool version = args[0][1] == 'V' || strcmp(args[0], "--version") == 0;
		struct bg_proc p;
		char cmd[256];

		describe(cmd, sizeof(cmd), args);
		assert_true(run_bindguard(&p, bindguard_path(), false, args) >= 0);
		if (p.status != 0)
			fail_msg("`bindguard %s` exited %d: %s", cmd, p.status, p.err ? p.err : "");
		if (p.err_len)
			fail_msg("`bindguard %s` wrote to stderr: %s", cmd, p.err);
		assert_non_null(p.out);
		if (version)
			assert_true(strncmp(p.out, "bindguard ", 10) == 0 &&
				    count_lines(p.out) == 1);
		else if (strncmp(p.out, "Usage: bindguard", 16) != 0)
			fail_msg("`bindguard %s` does not start with a usage line", cmd);
		bg_free(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_root),
		cmocka_unit_test(test_bad_flags),
		cmocka_unit_test(test_pid_that_is_no_process),
		cmocka_unit_test_teardown(test_bad_policy_files, remove_policy_files),
		cmocka_unit_test(test_example_policy_is_valid),
		cmocka_unit_test_teardown(test_setuid_and_setgid_refused, remove_setuid_copy),
		cmocka_unit_test(test_version_and_help),
	};

	return cmocka_run_group_tests_name("failures", tests, NULL, NULL);
}
