// SPDX-License-Identifier: GPL-2.0
/* top's listener model: a snapshot, then listen/close/bind events on top of
 * it; order (exposed first), counters and the printed rows. */
#include "table_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "listeners/listener_table.h"

#define NETNS 4026531840ULL

static struct iface_addr_list ifs;

static int setup(void **state)
{
	uint8_t lan[4] = { 192, 168, 1, 23 }, lo[4] = { 127, 0, 0, 1 };

	(void)state;
	memset(&ifs, 0, sizeof(ifs));
	iface_addr_list_push(&ifs, "lo", 1, AF_INET, lo);
	iface_addr_list_push(&ifs, "eth0", 2, AF_INET, lan);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	iface_addr_list_free(&ifs);
	return 0;
}

static struct bind_event event(uint8_t kind, int protocol, const char *addr, uint16_t port,
			       uint32_t pid, const char *comm)
{
	struct bind_event e;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.protocol = (uint16_t)protocol;
	e.sock_type = protocol == IPPROTO_TCP ? 1 : 2;
	e.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	inet_pton(e.family, addr, e.addr);
	e.port = port;
	e.flags = BG_F_EFF_VALID;
	e.pid = pid;
	e.uid = 0;
	e.netns = (uint32_t)NETNS;
	snprintf(e.comm, sizeof(e.comm), "%s", comm);
	return e;
}

static struct listener snapshot_entry(int protocol, const char *addr, uint16_t port, uint32_t pid,
				      const char *comm)
{
	struct bind_event e = event(BG_EVENT_LISTEN, protocol, addr, port, pid, comm);
	struct listener l = { 0 };
	struct exposure_result r;

	l.netns = e.netns;
	l.family = e.family;
	l.protocol = protocol;
	memcpy(l.addr, e.addr, 16);
	l.port = port;
	l.cls = classify_addr(l.family, l.addr);
	exposure_resolve(l.family, l.addr, false, 0, ifs.items, ifs.n, &r);
	l.exposure = r.level;
	l.pid = pid;
	snprintf(l.comm, sizeof(l.comm), "%s", comm);
	l.sockets = 1;
	return l;
}

static void test_snapshot_order(void **state)
{
	struct listener_table t;
	struct listener l;

	(void)state;
	listener_table_init(&t);
	l = snapshot_entry(IPPROTO_TCP, "127.0.0.1", 631, 700, "cupsd");
	assert_int_equal(listener_table_add(&t, &l), 0);
	l = snapshot_entry(IPPROTO_UDP, "0.0.0.0", 5353, 600, "avahi-daemon");
	assert_int_equal(listener_table_add(&t, &l), 0);
	l = snapshot_entry(IPPROTO_TCP, "0.0.0.0", 22, 500, "sshd");
	assert_int_equal(listener_table_add(&t, &l), 0);
	l = snapshot_entry(IPPROTO_TCP, "::1", 25, 400, "exim4");
	assert_int_equal(listener_table_add(&t, &l), 0);
	listener_table_sort(&t);

	assert_int_equal(t.n, 4);
	assert_int_equal(listener_table_exposed(&t), 2);
	/* exposed first (TCP before UDP), then the local ones by port */
	assert_int_equal(t.items[0].port, 22);
	assert_int_equal(t.items[1].port, 5353);
	assert_int_equal(t.items[2].port, 25);
	assert_int_equal(t.items[3].port, 631);
	assert_int_equal(t.items[0].exposure, EXPOSURE_LAN);
	listener_table_free(&t);
}

/* SO_REUSEPORT groups and forked workers share one row with a count. */
static void test_merge_and_close(void **state)
{
	struct listener_table t;
	struct listener l = snapshot_entry(IPPROTO_TCP, "0.0.0.0", 80, 100, "nginx");
	struct bind_event close_ev =
	    event(BG_EVENT_CLOSE, IPPROTO_TCP, "0.0.0.0", 80, 101, "nginx");

	(void)state;
	listener_table_init(&t);
	assert_int_equal(listener_table_add(&t, &l), 0);
	assert_int_equal(listener_table_add(&t, &l), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.items[0].sockets, 2);

	assert_int_equal(listener_table_apply(&t, &close_ev, ifs.items, ifs.n), 1);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.items[0].sockets, 1);
	assert_int_equal(listener_table_apply(&t, &close_ev, ifs.items, ifs.n), 1);
	assert_int_equal(t.n, 0);
	/* a close for something unknown changes nothing but the counter */
	assert_int_equal(listener_table_apply(&t, &close_ev, ifs.items, ifs.n), 0);
	assert_int_equal(t.closes, 3);
	listener_table_free(&t);
}

static const struct {
	int err;
	bool denied;
} failures[] = {
	{ EPERM, true },
	{ EADDRINUSE, false },
	{ EACCES, true },
	{ EADDRNOTAVAIL, false },
};

static void test_events(void **state)
{
	struct listener_table t;
	struct bind_event e;

	(void)state;
	listener_table_init(&t);

	/* TCP bind: counted, but not a listener until listen() */
	e = event(BG_EVENT_BIND, IPPROTO_TCP, "0.0.0.0", 8080, 42, "python3");
	assert_int_equal(listener_table_apply(&t, &e, ifs.items, ifs.n), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.binds[ADDR_CLASS_WILDCARD], 1);

	e.kind = BG_EVENT_LISTEN;
	assert_int_equal(listener_table_apply(&t, &e, ifs.items, ifs.n), 1);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.items[0].pid, 42);
	assert_string_equal(t.items[0].comm, "python3");
	assert_int_equal(t.items[0].exposure, EXPOSURE_LAN);
	assert_true(t.items[0].from_event);
	assert_int_equal(t.listens, 1);

	/* UDP has no listen: the bind makes the listener */
	e = event(BG_EVENT_BIND, IPPROTO_UDP, "127.0.0.1", 5300, 43, "dnsd");
	assert_int_equal(listener_table_apply(&t, &e, ifs.items, ifs.n), 1);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.binds[ADDR_CLASS_LOOPBACK], 1);

	/* a refused bind is counted, nothing listens */
	e = event(BG_EVENT_BIND, IPPROTO_TCP, "0.0.0.0", 9000, 44, "evil");
	e.ret = -1;
	e.action = BG_ACTION_DENY;
	assert_int_equal(listener_table_apply(&t, &e, ifs.items, ifs.n), 0);
	assert_int_equal(t.failed_binds, 1);
	assert_int_equal(t.denied_binds, 1);
	assert_int_equal(t.n, 2);

	/* top's events come from the capture, whose action is always NONE:
	 * the errno says whether a bind was refused (an enforce hook: EPERM;
	 * a port below 1024 without the capability: EACCES) or just failed */
	e.action = BG_ACTION_NONE;
	for (size_t i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
		uint64_t denied = t.denied_binds;

		e.ret = -failures[i].err;
		assert_int_equal(listener_table_apply(&t, &e, ifs.items, ifs.n), 0);
		assert_int_equal(t.failed_binds, 2 + i);
		assert_int_equal(t.denied_binds, denied + failures[i].denied);
	}
	assert_int_equal(t.denied_binds, 3);
	assert_int_equal(t.n, 2);

	/* other families are not ours */
	e = event(BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 1, 1, "x");
	e.family = 1; /* AF_UNIX */
	assert_int_equal(listener_table_apply(&t, &e, ifs.items, ifs.n), 0);

	/* clear keeps the counters, drops the rows */
	listener_table_clear(&t);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.listens, 1);
	listener_table_free(&t);
}

static void test_rows(void **state)
{
	struct listener_table t;
	struct listener l;
	struct strbuf sb;

	(void)state;
	listener_table_init(&t);
	strbuf_init(&sb);
	l = snapshot_entry(IPPROTO_TCP, "0.0.0.0", 22, 500, "sshd");
	listener_table_add(&t, &l);
	listener_table_add(&t, &l);
	l = snapshot_entry(IPPROTO_UDP, "::1", 53, 0, "");
	listener_table_add(&t, &l);
	listener_table_sort(&t);

	listener_format_header(&sb, false);
	for (size_t i = 0; i < t.n; i++)
		listener_format_row(&sb, &t.items[i], false);
	assert_string_equal(
	    strbuf_str(&sb),
	    "PROTO ADDRESS                                  PORT CLASS         EXPOSURE     PID "
	    "USER       COMM\n"
	    "tcp   0.0.0.0                                    22 wildcard      lan          500 "
	    "root       sshd x2\n"
	    "udp   ::1                                        53 loopback      local          - "
	    "root       -\n");

	strbuf_reset(&sb);
	listener_format_row(&sb, &t.items[0], true);
	assert_non_null(strstr(strbuf_str(&sb), " 4026531840\n"));

	/* a process that names itself with escape sequences: shown, not obeyed */
	strbuf_reset(&sb);
	memcpy(t.items[0].comm, "\033[2K\rsshd", sizeof("\033[2K\rsshd"));
	listener_format_row(&sb, &t.items[0], false);
	assert_non_null(strstr(strbuf_str(&sb), " \\x1b[2K\\x0dsshd x2\n"));
	assert_null(strchr(strbuf_str(&sb), '\033'));

	strbuf_reset(&sb);
	t.binds[ADDR_CLASS_WILDCARD] = 3;
	t.binds[ADDR_CLASS_DOCUMENTATION] = 2;
	t.binds[ADDR_CLASS_MULTICAST] = 1;
	t.failed_binds = 4;
	listener_format_counters(&sb, &t);
	assert_string_equal(strbuf_str(&sb),
			    "binds: wildcard 3 loopback 0 private 0 global 0 link-local 0 other 3 "
			    "| failed 4 (denied 0) | listens 0 closes 0");
	strbuf_free(&sb);
	listener_table_free(&t);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_order),
		cmocka_unit_test(test_merge_and_close),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_rows),
	};

	return cmocka_run_group_tests_name("listener_table", tests, setup, teardown);
}
