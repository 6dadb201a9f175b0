// SPDX-License-Identifier: GPL-2.0
/* listen_snapshot_holder(): from a socket cookie to the process holding
 * the socket, on a snapshot built by hand (what `log` does without a pid). */
#include "table_test.h"

#include <errno.h>
#include <string.h>

#include "listeners/listen_snapshot.h"

static struct proc_process procs[] = {
	{ .pid = 100, .comm = "nginx" },
	{ .pid = 200, .comm = "node" },
};
/* sorted by inode, as the /proc walk leaves them */
static struct proc_socket_ref refs[] = {
	{ .inode = 11, .process = 1 },
	{ .inode = 22, .process = 0 },
	{ .inode = 22, .process = 1 },
};
static struct listen_socket home_socks[] = {
	{ .inode = 11, .cookie = 0x1001 },
	{ .inode = 33, .cookie = 0x1003 }, /* nobody we can see holds it */
};
static struct listen_socket other_socks[] = {
	{ .inode = 22, .cookie = 0x2002 },
};

static void snapshot(struct listen_snapshot *s, struct ns_snapshot ns[2])
{
	memset(s, 0, sizeof(*s));
	memset(ns, 0, 2 * sizeof(*ns));
	s->owners.procs = procs;
	s->owners.n_procs = 2;
	s->owners.socks = refs;
	s->owners.n_socks = 3;
	ns[0].ns.inode = 4026531840ULL;
	ns[0].socks.items = home_socks;
	ns[0].socks.n = 2;
	ns[1].ns.inode = 4026532000ULL;
	ns[1].socks.items = other_socks;
	ns[1].socks.n = 1;
	s->ns = ns;
	s->n_ns = 2;
}

struct holder_case {
	uint64_t netns, cookie;
	pid_t want_pid; /* 0: none found */
};

static const struct holder_case cases[] = {
	{ 4026531840ULL, 0x1001, 200 }, { 0, 0x1001, 200 }, /* namespace unknown: any */
	{ 4026532000ULL, 0x1001, 0 },			    /* not in that namespace */
	{ 4026532000ULL, 0x2002, 100 },			    /* two holders: the first */
	{ 4026531840ULL, 0x1003, 0 },			    /* in the table, held by nobody seen */
	{ 4026531840ULL, 0x9999, 0 },			    /* closed, or never in a table */
	{ 4026531840ULL, 0, 0 },			    /* no cookie recorded */
};

static void test_holder_by_cookie(void **state)
{
	struct listen_snapshot s;
	struct ns_snapshot ns[2];

	(void)state;
	snapshot(&s, ns);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct proc_process *p =
		    listen_snapshot_holder(&s, cases[i].netns, cases[i].cookie);

		if (!cases[i].want_pid)
			assert_null(p);
		else
			assert_int_equal(p ? p->pid : -1, cases[i].want_pid);
	}
	/* the /proc walk failed: no holder is known */
	s.owners_err = -EACCES;
	assert_null(listen_snapshot_holder(&s, 0, 0x1001));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_holder_by_cookie),
	};

	return cmocka_run_group_tests_name("listen_snapshot", tests, NULL, NULL);
}
