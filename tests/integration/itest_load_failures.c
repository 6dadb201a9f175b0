// SPDX-License-Identifier: GPL-2.0
/* What a user sees when the kernel will not take the BPF programs: a
 * rejected program and a kernel without ring buffers, simulated by a
 * seccomp filter that makes bpf(BPF_PROG_LOAD) or bpf(BPF_MAP_CREATE) fail
 * for the bindguard process only. */
#include "itest.h"

#include <errno.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Fails bpf(cmd, ...) with errno err; every other call goes through. */
static int fail_bpf_command(int cmd, int err)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bpf, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)cmd, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) ? -errno : 0;
}

struct bpf_failure {
	int cmd;
	int err;
};

static int prepare_failure(void *arg)
{
	const struct bpf_failure *f = arg;

	return fail_bpf_command(f->cmd, f->err);
}

static int run_with_failing_bpf(struct bg_proc *p, int cmd, int err, const char *const *args)
{
	struct bpf_failure f = { cmd, err };

	assert_int_equal(bg_start_with(p, args, prepare_failure, &f), 0);
	return bg_wait(p, 20000);
}

static void test_rejected_program_is_one_sentence(void **state)
{
	static const char *const args[] = { "trace", "-d", "1", NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_equal(run_with_failing_bpf(&p, BPF_PROG_LOAD, EINVAL, args), 2);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(strstr(p.err, "loading the capture BPF programs failed: Invalid argument"));
	assert_non_null(strstr(p.err, "run with -v"));
	assert_null(strstr(p.err, "libbpf:")); /* no log without -v */
	assert_null(strstr(p.err, "tracing started"));
	assert_int_equal(count_lines(p.err), 1);
	bg_free(&p);
}

static void test_rejected_program_with_verbose_shows_libbpf_log(void **state)
{
	static const char *const args[] = { "trace", "-v", "-d", "1", NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_equal(run_with_failing_bpf(&p, BPF_PROG_LOAD, EINVAL, args), 2);
	assert_non_null(strstr(p.err, "libbpf: "));
	assert_non_null(strstr(p.err, "loading the capture BPF programs failed"));
	assert_null(strstr(p.err, "run with -v"));
	bg_free(&p);
}

/* -v says, for each program the verifier accepted, what it checked (its
 * whole log of an accepted program runs to pages); without -v, nothing. */
static void test_accepted_programs_with_verbose_say_what_was_checked(void **state)
{
	static const char *const verbose[] = { "trace", "-v", "-d", "1", NULL };
	static const char *const quiet[] = { "trace", "-d", "1", NULL };
	const char *line;
	struct bg_proc p;
	int accepted = 0;

	(void)state;
	itest_require_root();
	assert_int_equal(bg_run(&p, verbose, 30000), 0);
	for (line = p.err; line && (line = strstr(line, "verifier: ")); line++) {
		const char *end = strchr(line, '\n');

		fprintf(stderr, "# %.*s\n", (int)(end ? end - line : 80), line);
		assert_true(end && memmem(line, (size_t)(end - line), " accepted: ", 11));
		assert_true(memmem(line, (size_t)(end - line), " instructions ", 14) != NULL);
		accepted++;
	}
	assert_true(accepted >= 2); /* a bind and a listen program at least */
	bg_free(&p);
	assert_int_equal(bg_run(&p, quiet, 30000), 0);
	assert_null(strstr(p.err, "verifier: "));
	bg_free(&p);
}

static void test_refused_program_says_why(void **state)
{
	static const char *const args[] = { "trace", "-d", "1", NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_equal(run_with_failing_bpf(&p, BPF_PROG_LOAD, EPERM, args), 2);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(strstr(p.err, "the kernel refused loading the capture BPF programs"));
	assert_int_equal(count_lines(p.err), 1);
	bg_free(&p);
}

static void test_no_ring_buffer_names_the_kernel_needed(void **state)
{
	static const char *const args[] = { "trace", "-d", "1", NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_equal(run_with_failing_bpf(&p, BPF_MAP_CREATE, EINVAL, args), 2);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(strstr(p.err, "has no BPF ring buffer"));
	assert_non_null(strstr(p.err, "Linux 5.8 or newer"));
	assert_int_equal(count_lines(p.err), 1);
	bg_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rejected_program_is_one_sentence),
		cmocka_unit_test(test_rejected_program_with_verbose_shows_libbpf_log),
		cmocka_unit_test(test_accepted_programs_with_verbose_say_what_was_checked),
		cmocka_unit_test(test_refused_program_says_why),
		cmocka_unit_test(test_no_ring_buffer_names_the_kernel_needed),
	};

	return cmocka_run_group_tests_name("load_failures", tests, NULL, NULL);
}
