// SPDX-License-Identifier: GPL-2.0
/* Missing filesystems, simulated in a private mount namespace: bindguard
 * mounts tracefs, bpffs and cgroup2 when they are absent and says so, and
 * stops with one sentence when it cannot (no BTF, tracefs unmountable). */
#include "itest.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/mounts.h"

enum hide {
	HIDE_TRACEFS = 1 << 0,
	HIDE_BPFFS = 1 << 1,
	HIDE_CGROUP2 = 1 << 2,
	HIDE_SYS_KERNEL = 1 << 3,   /* an empty /sys/kernel: no BTF either */
	RO_SYS_KERNEL_BTF = 1 << 4, /* /sys/kernel read-only, BTF kept, tracefs absent */
};

/* Unmounts every mount of fstype in this (private) namespace. */
static void unmount_all(const char *fstype)
{
	char path[4096];

	for (int i = 0; i < 16; i++) {
		FILE *f = fopen("/proc/self/mountinfo", "r");
		int err = f ? mountinfo_find(f, fstype, path, sizeof(path)) : -ENOENT;

		if (f)
			fclose(f);
		if (err || umount2(path, MNT_DETACH))
			return;
	}
}

static int prepare_namespace(unsigned int hide)
{
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;
	if (hide & (HIDE_TRACEFS | RO_SYS_KERNEL_BTF)) {
		unmount_all("tracefs");
		unmount_all("debugfs"); /* its tracing/ automounts tracefs */
	}
	if (hide & HIDE_BPFFS)
		unmount_all("bpf");
	if (hide & HIDE_CGROUP2)
		unmount_all("cgroup2");
	if (hide & HIDE_SYS_KERNEL && mount("none", "/sys/kernel", "tmpfs", 0, "mode=0755"))
		return -errno;
	if (hide & RO_SYS_KERNEL_BTF) {
		/* keep BTF reachable, then cover /sys/kernel read-only */
		if (mkdir("/tmp/bindguard-itest-btf", 0700) && errno != EEXIST)
			return -errno;
		if (mount("/sys/kernel/btf", "/tmp/bindguard-itest-btf", NULL, MS_BIND, NULL) ||
		    mount("none", "/sys/kernel", "tmpfs", 0, "mode=0755") ||
		    mkdir("/sys/kernel/btf", 0755) ||
		    mount("/tmp/bindguard-itest-btf", "/sys/kernel/btf", NULL, MS_BIND, NULL) ||
		    mount(NULL, "/sys/kernel", NULL, MS_REMOUNT | MS_RDONLY, NULL))
			return -errno;
	}
	return 0;
}

static int prepare_hidden(void *arg)
{
	return prepare_namespace(*(unsigned int *)arg);
}

/* Runs bindguard with args in a private mount namespace missing `hide`. */
static int run_hidden(struct bg_proc *p, unsigned int hide, const char *const *args)
{
	assert_int_equal(bg_start_with(p, args, prepare_hidden, &hide), 0);
	return bg_wait(p, 20000);
}

static void test_tracefs_missing_is_mounted(void **state)
{
	static const char *const args[] = { "trace", "-d", "1", NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_equal(run_hidden(&p, HIDE_TRACEFS, args), 0);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(
	    strstr(p.err, "tracefs was not mounted; mounted it on /sys/kernel/tracing"));
	assert_non_null(strstr(p.err, "tracing started"));
	bg_free(&p);
}

static void test_bpffs_missing_is_mounted(void **state)
{
	static const char *const args[] = { "status", NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	/* exit status 1: mounted, but (in this namespace) nothing is pinned */
	assert_int_equal(run_hidden(&p, HIDE_BPFFS, args), 1);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(strstr(p.err, "bpf was not mounted; mounted it on /sys/fs/bpf"));
	bg_free(&p);
}

static void test_cgroup2_missing_is_mounted(void **state)
{
	/* a cgroup that does not exist: the run stops after the mount and
	 * never attaches anything to the machine's real root */
	static const char *const args[] = { "enforce", "--cgroup", "/bindguard-itest-absent",
					    NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_equal(run_hidden(&p, HIDE_CGROUP2, args), 2);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(strstr(p.err, "cgroup2 was not mounted; mounted it on /sys/fs/cgroup"));
	assert_non_null(strstr(p.err, "does not exist"));
	bg_free(&p);
}

static void test_no_btf_is_one_sentence(void **state)
{
	static const char *const args[] = { "trace", "-d", "1", NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_equal(run_hidden(&p, HIDE_SYS_KERNEL, args), 2);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(strstr(p.err, "has no BTF"));
	assert_non_null(strstr(p.err, "CONFIG_DEBUG_INFO_BTF"));
	assert_null(strchr(strchr(p.err, '\n') + 1, '\n')); /* one line */
	bg_free(&p);
}

static void test_tracefs_unmountable_is_one_sentence(void **state)
{
	static const char *const args[] = { "trace", "-d", "1", NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();

	int status = run_hidden(&p, RO_SYS_KERNEL_BTF, args);

	rmdir("/tmp/bindguard-itest-btf"); /* the mount point; its mounts died with the namespace */
	assert_int_equal(status, 2);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(strstr(p.err, "tracefs is not mounted and mounting it on "
				      "/sys/kernel/tracing failed"));
	assert_null(strstr(p.err, "tracing started"));
	bg_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracefs_missing_is_mounted),
		cmocka_unit_test(test_bpffs_missing_is_mounted),
		cmocka_unit_test(test_cgroup2_missing_is_mounted),
		cmocka_unit_test(test_no_btf_is_one_sentence),
		cmocka_unit_test(test_tracefs_unmountable_is_one_sentence),
	};

	return cmocka_run_group_tests_name("mounts", tests, NULL, NULL);
}
