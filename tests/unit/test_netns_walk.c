// SPDX-License-Identifier: GPL-2.0
/* Namespace discovery: unique by inode, ours first, named ones labelled by
 * name, the rest by a process; and running code inside our own namespace. */
#include "table_test.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "listeners/netns_walk.h"

static void test_add_dedupes(void **state)
{
	struct netns_list l = { 0 };

	(void)state;
	assert_int_equal(netns_list_add(&l, 10, true, "/proc/self/ns/net", "this namespace"), 1);
	assert_int_equal(netns_list_add(&l, 11, false, "/run/netns/blue", "netns blue"), 1);
	assert_int_equal(netns_list_add(&l, 11, false, "/proc/77/ns/net", "pid 77 (x)"), 0);
	assert_int_equal(netns_list_add(&l, 10, false, "/proc/1/ns/net", "pid 1 (init)"), 0);
	for (uint64_t i = 0; i < 20; i++)
		assert_int_equal(netns_list_add(&l, 100 + i, false, "/p", "l"), 1);
	assert_int_equal(l.n, 22);
	assert_string_equal(l.items[1].label, "netns blue");
	assert_true(l.items[0].is_self);
	netns_list_free(&l);
	assert_int_equal(l.n, 0);
}

/* Processes in our namespace add nothing; others add one entry each. */
static void test_discover_from_processes(void **state)
{
	uint64_t self = netns_self_inode();
	struct proc_process procs[] = {
		{ .pid = 1, .comm = "init", .netns = self },
		{ .pid = 50, .comm = "containerd-shim", .netns = self + 1000 },
		{ .pid = 51, .comm = "nginx", .netns = self + 1000 },
		{ .pid = 60, .comm = "unknown", .netns = 0 },
		{ .pid = 70, .comm = "redis", .netns = self + 2000 },
	};
	struct proc_owners owners = { .procs = procs, .n_procs = ARRAY_SIZE(procs) };
	struct netns_list l = { 0 };

	(void)state;
	assert_true(self != 0);
	assert_int_equal(netns_discover(&owners, "/nonexistent/run/netns", &l), 0);
	assert_int_equal(l.n, 3);
	assert_true(l.items[0].is_self);
	assert_true(l.items[0].inode == self);
	assert_string_equal(l.items[1].label, "pid 50 (containerd-shim)");
	assert_string_equal(l.items[1].path, "/proc/50/ns/net");
	assert_string_equal(l.items[2].label, "pid 70 (redis)");
	netns_list_free(&l);
}

/* A file in a /run/netns look-alike that is no namespace is passed over. */
static void test_discover_skips_leftovers(void **state)
{
	char dir[] = "/tmp/bg-netns-XXXXXX", path[64];
	struct proc_owners owners = { 0 };
	struct netns_list l = { 0 };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/stale", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(netns_discover(&owners, dir, &l), 0);
	assert_int_equal(l.n, 1);
	netns_list_free(&l);
	unlink(path);
	rmdir(dir);
}

static int report_self(void *ctx)
{
	*(uint64_t *)ctx = netns_self_inode();
	return 7;
}

static void test_run_in(void **state)
{
	uint64_t seen = 0;

	(void)state;
	/* entering our own namespace needs CAP_SYS_ADMIN all the same */
	if (geteuid() == 0) {
		assert_int_equal(netns_run_in("/proc/self/ns/net", report_self, &seen), 7);
		assert_true(seen == netns_self_inode());
	}
	assert_int_equal(netns_run_in("/nonexistent/ns", report_self, &seen), -ENOENT);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_dedupes),
		cmocka_unit_test(test_discover_from_processes),
		cmocka_unit_test(test_discover_skips_leftovers),
		cmocka_unit_test(test_run_in),
	};

	return cmocka_run_group_tests_name("netns_walk", tests, NULL, NULL);
}
