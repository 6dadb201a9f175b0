// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the audit model's pure parts: who owns a socket as far as
 * /proc tells (issue 14: never "no process" when some could not be read),
 * and the growable array every list of the tree uses. */
#include "table_test.h"

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "audit/audit_model.h"
#include "lib/array.h"

static struct proc_process procs[] = {
	{ .pid = 1, .uid = 0, .comm = "init", .netns = 100, .fd_err = -EACCES },
	{ .pid = 50, .uid = 1000, .comm = "python3", .netns = 100 },
	{ .pid = 60, .uid = 0, .comm = "sidecar", .netns = 200, .fd_err = -EACCES },
};
static struct proc_socket_ref socks[] = { { .inode = 7, .process = 1 } };

struct owner_case {
	const char *name;
	uint64_t inode, netns;
	uint32_t sock_uid;
	uid_t euid;
	bool denied; /* include the unreadable processes */
	enum owner_status want;
	const char *want_reason; /* substring, or NULL: empty */
};

static const struct owner_case owner_cases[] = {
	{ "found", 7, 100, 1000, 0, true, OWNER_KNOWN, NULL },
	{ "kernel socket", 0, 100, 0, 0, true, OWNER_KERNEL, NULL },
	{ "other user, not root", 9, 100, 0, 1000, true, OWNER_HIDDEN, NULL },
	{ "unreadable, own namespace named first", 9, 200, 0, 0, true, OWNER_UNKNOWN,
	  "2 processes could not be read (Permission denied), among them pid 60 (sidecar), "
	  "pid 1 (init)" },
	{ "one unreadable process", 9, 100, 0, 0, true, OWNER_UNKNOWN, "pid 1 (init), pid 60" },
	{ "all read, none holds it", 9, 100, 0, 0, false, OWNER_NONE, NULL },
	{ "own socket, not root, unreadable others", 9, 100, 1000, 1000, true, OWNER_UNKNOWN,
	  "could not be read" },
};

static void test_owner(void **state)
{
	const struct owner_case *c = *state;
	struct proc_process none[] = { procs[1] };
	struct proc_owners o = { .procs = procs, .n_procs = 3, .socks = socks, .n_socks = 1 };
	char reason[OWNER_REASON_LEN];

	if (!c->denied) {
		o.procs = none;
		o.n_procs = 1;
		socks[0].process = 0;
	} else {
		socks[0].process = 1;
	}
	assert_int_equal(audit_owner_status(&o, c->inode, c->netns, c->sock_uid, c->euid, reason,
					    sizeof(reason)),
			 c->want);
	if (c->want_reason) {
		if (!strstr(reason, c->want_reason))
			fail_msg("reason \"%s\" lacks \"%s\"", reason, c->want_reason);
	} else {
		assert_string_equal(reason, "");
	}
}

static void test_wants(void **state)
{
	struct audit_options all = { 0 }, tcp = { .tcp = true },
			     udp6 = { .udp = true, .ipv6 = true };

	(void)state;
	assert_true(audit_wants(&all, IPPROTO_UDP, AF_INET6));
	assert_true(audit_wants(&tcp, IPPROTO_TCP, AF_INET));
	assert_false(audit_wants(&tcp, IPPROTO_UDP, AF_INET));
	assert_true(audit_wants(&tcp, 0, AF_INET)); /* a DNAT for every protocol */
	assert_true(audit_wants(&udp6, IPPROTO_UDP, AF_INET6));
	assert_false(audit_wants(&udp6, IPPROTO_UDP, AF_INET));
	assert_false(audit_wants(&udp6, IPPROTO_TCP, AF_INET6));
}

static void test_array_grows(void **state)
{
	int *items = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(array_reserve(&items, &cap, n, 4), 0);
		assert_true(cap > n);
		items[n++] = i;
	}
	assert_int_equal(cap, 1024);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(items[i], i);
	/* room left: nothing moves */
	assert_int_equal(array_reserve(&items, &cap, 10, 4), 0);
	assert_int_equal(cap, 1024);
	free(items);
}

static void test_array_overflow(void **state)
{
	char *items = NULL;
	size_t cap = SIZE_MAX / 2 + 1;

	(void)state;
	/* doubling would wrap: refused, the array untouched */
	assert_int_equal(array_grow(&items, &cap, cap, 1, 4), -ENOMEM);
	assert_null(items);
	assert_int_equal(cap, SIZE_MAX / 2 + 1);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_array_grows),
		cmocka_unit_test(test_array_overflow),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(owner_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(owner_cases); i++)
		add_test(&l, test_owner, &owner_cases[i], "owner: %s", owner_cases[i].name);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "audit_model", NULL, NULL);
}
