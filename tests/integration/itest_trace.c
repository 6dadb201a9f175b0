// SPDX-License-Identifier: GPL-2.0
/* bindguard trace on the real kernel: real binds and listens from child
 * processes, asserted on the JSON events the real binary prints. */
#include "cgroup_fixture.h"
#include "itest.h"
#include "pinning.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

/* Starts `bindguard trace --json` with extra args, runs fn in a child (in
 * cgroup, unless NULL), stops the tracer and returns the events. */
static struct json_object *trace_child_in(const char *const *extra, child_fn fn, void *arg,
					  struct child_result *r, bool new_netns,
					  const char *cgroup)
{
	static const char *const trace_json[] = { "trace", "--json", NULL };
	struct json_object *events;
	struct bg_proc p;

	bg_start_tracer(&p, trace_json, extra);
	assert_int_equal(run_child_in(fn, arg, r, new_netns, cgroup), 0);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	bg_free(&p);
	return events;
}

static struct json_object *trace_child(const char *const *extra, child_fn fn, void *arg,
				       struct child_result *r, bool new_netns)
{
	return trace_child_in(extra, fn, arg, r, new_netns, NULL);
}

/* --- the table of simple bind cases ------------------------------------- */
struct bind_case {
	const char *name;
	int family, type;
	const char *addr;
	int v6only, freebind;
	const char *want_class, *want_proto;
	const char *want_dual_stack; /* "true"/"false", NULL: not checked / IPv4 */
	const char *want_v6only;     /* IPv6: the kernel's IPV6_V6ONLY after the bind */
};

static const struct bind_case bind_cases[] = {
	{ "tcp4 wildcard", AF_INET, SOCK_STREAM, "0.0.0.0", -1, 0, "wildcard", "tcp", NULL },
	{ "udp4 wildcard", AF_INET, SOCK_DGRAM, "0.0.0.0", -1, 0, "wildcard", "udp", NULL },
	{ "tcp4 loopback", AF_INET, SOCK_STREAM, "127.0.0.1", -1, 0, "loopback", "tcp", NULL },
	{ "udp4 loopback 127.0.0.2", AF_INET, SOCK_DGRAM, "127.0.0.2", -1, 0, "loopback", "udp",
	  NULL },
	{ "tcp4 freebind", AF_INET, SOCK_STREAM, "203.0.113.7", -1, 1, "documentation", "tcp",
	  NULL },
	{ "tcp4 freebind private", AF_INET, SOCK_STREAM, "192.168.77.5", -1, 1, "private", "tcp",
	  NULL },
	{ "tcp6 wildcard dual-stack", AF_INET6, SOCK_STREAM, "::", 0, 0, "wildcard", "tcp", "true",
	  "false" },
	{ "tcp6 wildcard v6only", AF_INET6, SOCK_STREAM, "::", 1, 0, "wildcard", "tcp", "false",
	  "true" },
	{ "udp6 wildcard", AF_INET6, SOCK_DGRAM, "::", 0, 0, "wildcard", "udp", "true", "false" },
	/* a bind to a specific IPv6 address makes the kernel set IPV6_V6ONLY */
	{ "udp6 loopback", AF_INET6, SOCK_DGRAM, "::1", -1, 0, "loopback", "udp", "false", "true" },
	{ "tcp6 v4-mapped wildcard", AF_INET6, SOCK_STREAM, "::ffff:0.0.0.0", 0, 0, "wildcard",
	  "tcp", NULL, "false" },
	{ "tcp6 v4-mapped loopback", AF_INET6, SOCK_STREAM, "::ffff:127.0.0.1", 0, 0, "loopback",
	  "tcp", NULL, "false" },
	{ "tcp6 freebind global", AF_INET6, SOCK_STREAM, "2a00:1450:4001::99", 1, 1, "global",
	  "tcp", "false", "true" },
};

static void child_bind_case(struct child_result *r, void *arg)
{
	const struct bind_case *c = arg;
	int fd = do_bind(r, c->family, c->type, c->addr, 0, c->v6only, c->freebind);

	(void)fd; /* closed at exit, after the report */
}

static void test_bind_cases(void **state)
{
	(void)state;
	itest_require_root();
	for (size_t i = 0; i < sizeof(bind_cases) / sizeof(bind_cases[0]); i++) {
		const struct bind_case *c = &bind_cases[i];
		struct child_result r;
		struct json_object *events =
		    trace_child(NULL, child_bind_case, (void *)c, &r, false);
		const struct bind_want want = { c->name, c->family, c->want_class, c->want_proto };
		struct json_object *e = expect_bind_event(events, &r, &want);

		assert_int_equal(json_get_int(e, "requested_port"), 0);
		assert_null(json_get_str(e, "error"));
		if (c->want_dual_stack)
			assert_string_equal(json_get_str(e, "dual_stack"), c->want_dual_stack);
		if (c->family == AF_INET6)
			assert_string_equal(json_get_str(e, "v6only"), c->want_v6only);
		else
			assert_null(json_get_str(e, "v6only"));
		assert_string_equal(json_get_str(e, "freebind"), c->freebind ? "true" : "false");
		json_object_put(events);
	}
}

static void child_addr_in_use(struct child_result *r, void *arg)
{
	struct child_result first;
	int fd;

	(void)arg;
	fd = do_bind(&first, AF_INET, SOCK_STREAM, "127.0.0.1", 0, -1, 0);
	listen(fd, 1);
	do_bind(r, AF_INET, SOCK_STREAM, "127.0.0.1", first.port, -1, 0);
	r->extra = first.port;
}

static void test_bind_failure_eaddrinuse(void **state)
{
	struct child_result r;
	struct json_object *events, *e;
	char port[16], pid[16];

	(void)state;
	itest_require_root();
	events = trace_child(NULL, child_addr_in_use, NULL, &r, false);
	assert_int_equal(r.ret, -EADDRINUSE);
	snprintf(port, sizeof(port), "%d", r.extra);
	snprintf(pid, sizeof(pid), "%d", r.pid);
	e = json_find(events, "pid", pid, "error", "EADDRINUSE", "requested_port", port, NULL);
	assert_non_null(e);
	assert_int_equal(json_get_int(e, "ret"), -EADDRINUSE);
	assert_string_equal(json_get_str(e, "addr"), "127.0.0.1");
	assert_int_equal(json_get_int(e, "port"), r.extra);
	json_object_put(events);
}

static void test_listen_without_bind(void **state)
{
	struct child_result r;
	struct json_object *events, *e;

	(void)state;
	itest_require_root();
	events = trace_child(NULL, child_listen_unbound, NULL, &r, false);
	assert_int_equal(r.ret, 0);
	assert_null(event_for(events, &r, "bind"));
	e = event_for(events, &r, "listen");
	assert_non_null(e);
	assert_string_equal(json_get_str(e, "addr"), "::");
	assert_int_equal(json_get_int(e, "port"), r.port);
	assert_true(r.port > 0);
	assert_int_equal(json_get_int(e, "requested_port"), 0);
	assert_string_equal(json_get_str(e, "class"), "wildcard");
	assert_string_equal(json_get_str(e, "dual_stack"), "true");
	json_object_put(events);
}

static void test_bind_then_listen(void **state)
{
	struct child_result r;
	struct json_object *events, *l;

	(void)state;
	itest_require_root();
	events = trace_child(NULL, child_bind_then_listen, NULL, &r, false);
	l = expect_bind_then_listen(events, &r);
	assert_int_equal(json_get_int(l, "requested_port"), r.port);
	json_object_put(events);
}

static void child_listen_udp(struct child_result *r, void *arg)
{
	int fd;

	(void)arg;
	fd = do_bind(r, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);
	r->ret = listen(fd, 1) ? -errno : 0;
}

static void test_listen_on_udp_fails(void **state)
{
	struct child_result r;
	struct json_object *events, *e;

	(void)state;
	itest_require_root();
	events = trace_child(NULL, child_listen_udp, NULL, &r, false);
	assert_int_equal(r.ret, -EOPNOTSUPP);
	e = event_for(events, &r, "listen");
	assert_non_null(e);
	assert_string_equal(json_get_str(e, "error"), "EOPNOTSUPP");
	assert_string_equal(json_get_str(e, "proto"), "udp");
	json_object_put(events);
}

static void *thread_bind(void *arg)
{
	struct child_result *r = arg;

	do_bind(r, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);
	return NULL;
}

static void child_bind_in_thread(struct child_result *r, void *arg)
{
	pthread_t t;

	(void)arg;
	pthread_create(&t, NULL, thread_bind, r);
	pthread_join(t, NULL);
}

static void test_bind_from_second_thread(void **state)
{
	struct child_result r;
	struct json_object *events, *e;

	(void)state;
	itest_require_root();
	events = trace_child(NULL, child_bind_in_thread, NULL, &r, false);
	assert_int_not_equal(r.tid, r.pid);
	e = event_for(events, &r, "bind");
	assert_non_null(e);
	assert_int_equal(json_get_int(e, "tid"), r.tid);
	assert_int_equal(json_get_int(e, "pid"), r.pid);
	json_object_put(events);
}

static void child_bind_wildcard_tcp(struct child_result *r, void *arg)
{
	struct stat st;

	(void)arg;
	do_bind(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0, -1, 0);
	r->extra = stat("/proc/self/ns/net", &st) ? -1 : (int)st.st_ino;
}

static void test_bind_in_new_netns(void **state)
{
	struct child_result r;
	struct json_object *events, *e;
	struct stat st;

	(void)state;
	itest_require_root();
	events = trace_child(NULL, child_bind_wildcard_tcp, NULL, &r, true);
	assert_int_equal(stat("/proc/self/ns/net", &st), 0);
	e = event_for(events, &r, "bind");
	assert_non_null(e);
	assert_int_not_equal((uint32_t)r.extra, (uint32_t)st.st_ino);
	assert_int_equal(json_get_int(e, "netns"), (uint32_t)r.extra);
	json_object_put(events);
}

/* The test's own cgroup for test_task_fields. */
static int own_cgroup_setup(void **state)
{
	return fixture_setup(state, "trace-task", 0);
}

static int own_cgroup_teardown(void **state)
{
	return fixture_teardown(state);
}

static void child_bind_as_nobody(struct child_result *r, void *arg)
{
	(void)arg;
	r->extra = setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534) ? -errno : 0;
	prctl(PR_SET_NAME, "bg-task-fields", 0, 0, 0);
	do_bind(r, AF_INET, SOCK_STREAM, "127.0.0.1", 0, -1, 0);
}

/* Who bound, as the kernel has it: the process and thread, the parent (this
 * test), the uid (not root's), the comm and the cgroup (the test's own,
 * by its id: the inode of its directory). */
static void test_task_fields(void **state)
{
	const struct fixture *f = *state;
	struct child_result r;
	struct json_object *events, *e;

	itest_require_root();
	events = trace_child_in(NULL, child_bind_as_nobody, NULL, &r, false, f->cgroup);
	assert_int_equal(r.extra, 0);
	e = event_for(events, &r, "bind");
	assert_non_null(e);
	assert_int_equal(json_get_int(e, "pid"), r.pid);
	assert_int_equal(json_get_int(e, "tid"), r.pid);
	assert_int_equal(json_get_int(e, "ppid"), getpid());
	assert_int_equal(json_get_int(e, "uid"), 65534);
	assert_string_equal(json_get_str(e, "comm"), "bg-task-fields");
	assert_int_equal((uint64_t)json_get_int(e, "cgroup_id"), cgroup_id_of(f->cgroup));
	json_object_put(events);
}

static void child_hostile_comm(struct child_result *r, void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "a\"\\\x01\xff", 0, 0, 0);
	do_bind(r, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);
}

static void test_hostile_comm_stays_valid_json(void **state)
{
	struct child_result r;
	struct json_object *events, *e;

	(void)state;
	itest_require_root();
	/* bg_json_lines fails the test on any line that is not JSON */
	events = trace_child(NULL, child_hostile_comm, NULL, &r, false);
	e = event_for(events, &r, "bind");
	assert_non_null(e);
	/* 0xff is not UTF-8: written as \u00ff, read back as U+00FF */
	assert_string_equal(json_get_str(e, "comm"), "a\"\\\x01\xc3\xbf");
	json_object_put(events);
}

static void child_not_inet(struct child_result *r, void *arg)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	(void)arg;
	r->pid = getpid();
	snprintf(sun.sun_path, sizeof(sun.sun_path), "@bindguard-test-%d", getpid());
	sun.sun_path[0] = '\0'; /* abstract: nothing on disk */
	r->ret = bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ? -errno : 0;
	/* and a bad fd, a bad pointer: errors, never a bogus success */
	struct sockaddr_in sin = { .sin_family = AF_INET };
	r->extra = bind(1000, (struct sockaddr *)&sin, sizeof(sin)) ? -errno : 0;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	r->port = bind(s, (struct sockaddr *)8, sizeof(sin)) ? -errno : 0;
}

static void test_unix_ignored_bad_fd_and_pointer_reported(void **state)
{
	struct child_result r;
	struct json_object *events, *ebadf, *efault, *proto = NULL;
	char pid[16];

	(void)state;
	itest_require_root();
	events = trace_child(NULL, child_not_inet, NULL, &r, false);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.extra, -EBADF);
	assert_int_equal(r.port, -EFAULT);
	/* the child's own: other processes fail binds too while this runs */
	snprintf(pid, sizeof(pid), "%d", r.pid);
	ebadf = json_find(events, "pid", pid, "error", "EBADF", NULL);
	efault = json_find(events, "pid", pid, "error", "EFAULT", NULL);
	assert_non_null(ebadf);
	assert_non_null(efault);
	assert_null(json_get_str(efault, "addr")); /* unreadable: null, not invented */
	/* no socket behind the descriptor: no protocol, no exposure (issue 14:
	 * this said "proto-0" and "wildcard") */
	assert_true(json_object_object_get_ex(ebadf, "proto", &proto));
	if (proto)
		fail_msg("EBADF bind reported with protocol %s", json_object_get_string(proto));
	assert_string_equal(json_get_str(ebadf, "class"), "unknown");
	assert_string_equal(json_get_str(efault, "proto"),
			    "tcp"); /* a socket, unreadable address */
	/* the AF_UNIX bind succeeded but is not reported */
	assert_int_equal(json_count(events, "pid", pid, "ret", "0", NULL), 0);
	json_object_put(events);
}

/* Sockets at any fd: one past the 64 fds a task's files_struct holds
 * itself, one below them once the table has grown past them, and a file
 * that is no socket below them in a fresh child.  (With trampolines on
 * Linux 5.11-6.1 the capture reads fds in that array through BTF pointers
 * and the others with probe reads: the events must not tell.) */
static void child_fds_past_the_array(struct child_result *r, void *arg)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = 0 };
	struct child_result low;
	int s = socket(AF_INET, SOCK_STREAM, 0);

	(void)arg;
	r->pid = getpid();
	r->tid = (int)syscall(SYS_gettid);
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	if (s < 0 || dup2(s, 100) != 100) {
		r->ret = -errno;
		return;
	}
	close(s);
	r->ret = bind(100, (struct sockaddr *)&sin, sizeof(sin)) ? -errno : 0;
	fill_sockname(r, 100);
	/* the fd table is no longer the one inside files_struct */
	do_bind(&low, AF_INET6, SOCK_DGRAM, "::1", 0, -1, 0);
	r->extra = low.ret ? low.ret : low.port;
}

static void child_file_not_socket(struct child_result *r, void *arg)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = open("/dev/null", O_RDONLY);

	(void)arg;
	r->pid = getpid();
	r->extra = fd;
	r->ret = bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ? -errno : 0;
}

static void test_sockets_at_any_fd(void **state)
{
	const struct bind_want high = { "fd 100", AF_INET, "loopback", "tcp" };
	struct json_object *events, *e;
	struct child_result r;
	char pid[16], port[16];

	(void)state;
	itest_require_root();
	events = trace_child(NULL, child_fds_past_the_array, NULL, &r, false);
	assert_true(r.extra > 0); /* the second bind's port */
	expect_bind_event(events, &r, &high);
	snprintf(pid, sizeof(pid), "%d", r.pid);
	snprintf(port, sizeof(port), "%d", r.extra);
	e = json_find(events, "pid", pid, "port", port, NULL);
	if (!e)
		fail_msg("no event for the bind at a low fd after the table grew (port %s)", port);
	assert_string_equal(json_get_str(e, "proto"), "udp");
	assert_string_equal(json_get_str(e, "addr"), "::1");
	assert_string_equal(json_get_str(e, "class"), "loopback");
	json_object_put(events);

	events = trace_child(NULL, child_file_not_socket, NULL, &r, false);
	assert_true(r.extra >= 0 && r.extra < 64);
	assert_int_equal(r.ret, -ENOTSOCK);
	snprintf(pid, sizeof(pid), "%d", r.pid);
	e = json_find(events, "pid", pid, "error", "ENOTSOCK", NULL);
	if (!e)
		fail_msg("no ENOTSOCK event for the bind on /dev/null");
	assert_null(json_get_str(e, "proto"));
	assert_string_equal(json_get_str(e, "class"), "unknown");
	json_object_put(events);
}

/* --- filters ----------------------------------------------------------- */
static void child_mixed_binds(struct child_result *r, void *arg)
{
	struct child_result tmp;
	int fd;

	(void)arg;
	do_bind(r, AF_INET, SOCK_STREAM, "127.0.0.1", 0, -1, 0);  /* loopback, ok */
	do_bind(&tmp, AF_INET, SOCK_STREAM, "0.0.0.0", 0, -1, 0); /* wildcard, ok */
	r->extra = tmp.port;
	do_bind(&tmp, AF_INET6, SOCK_DGRAM, "::", 0, 0, 0);		       /* v6 */
	fd = do_bind(&tmp, AF_INET, SOCK_STREAM, "127.0.0.1", r->port, -1, 0); /* EADDRINUSE */
	(void)fd;
}

static void test_filters(void **state)
{
	static const char *const exposed[] = { "-x", NULL }, *const errors[] = { "--errors", NULL },
				 *const ok[] = { "--ok", NULL }, *const v4[] = { "-4", NULL },
				 *const v6[] = { "-6", NULL };
	struct child_result r;
	struct json_object *events;
	char pid[16];

	(void)state;
	itest_require_root();

	events = trace_child(NULL, child_mixed_binds, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 4);
	json_object_put(events);

	events = trace_child(exposed, child_mixed_binds, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 2);
	assert_null(json_find(events, "class", "loopback", NULL));
	json_object_put(events);

	events = trace_child(errors, child_mixed_binds, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 1);
	snprintf(pid, sizeof(pid), "%d", r.pid);
	assert_non_null(json_find(events, "pid", pid, "error", "EADDRINUSE", NULL));
	json_object_put(events);

	events = trace_child(ok, child_mixed_binds, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 3);
	json_object_put(events);

	events = trace_child(v4, child_mixed_binds, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 3);
	assert_null(json_find(events, "family", "ipv6", NULL));
	json_object_put(events);

	events = trace_child(v6, child_mixed_binds, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 1);
	json_object_put(events);
}

struct two_ports {
	int a, b;
	char comm[16]; /* with the test's pid: a concurrent run is not ours */
};

static void child_bind_two_ports(struct child_result *r, void *arg)
{
	struct two_ports *p = arg;
	struct child_result tmp;

	prctl(PR_SET_NAME, p->comm, 0, 0, 0);
	do_bind(r, AF_INET, SOCK_DGRAM, "127.0.0.1", p->a, -1, 0);
	do_bind(&tmp, AF_INET, SOCK_DGRAM, "127.0.0.1", p->b, -1, 0);
}

static void test_port_pid_comm_filters(void **state)
{
	struct two_ports ports = { free_port(SOCK_DGRAM), 0, "" };
	struct child_result r;
	struct json_object *events, *e;
	char list[32], comms[48], self[16];

	(void)state;
	itest_require_root();
	ports.b = free_port(SOCK_DGRAM);
	while (ports.b == ports.a)
		ports.b = free_port(SOCK_DGRAM);
	snprintf(list, sizeof(list), "1-3,%d", ports.a);
	snprintf(ports.comm, sizeof(ports.comm), "bgf-%d", (int)getpid());
	snprintf(comms, sizeof(comms), "nosuchprocess,%s", ports.comm);

	const char *const port_args[] = { "-P", list, NULL };
	events = trace_child(port_args, child_bind_two_ports, &ports, &r, false);
	assert_int_equal(count_events_for(events, &r), 1);
	e = event_for(events, &r, "bind");
	assert_non_null(e);
	assert_int_equal(json_get_int(e, "port"), ports.a);
	json_object_put(events);

	const char *const comm_args[] = { "-c", comms, NULL };
	events = trace_child(comm_args, child_bind_two_ports, &ports, &r, false);
	assert_int_equal(count_events_for(events, &r), 2);
	assert_int_equal(json_object_array_length(events), 2);
	json_object_put(events);

	/* -p: the test process itself binds; its child must not show up */
	snprintf(self, sizeof(self), "%d", getpid());
	const char *const pid_args[] = { "trace", "--json", "-p", self, NULL };
	struct bg_proc p;
	struct child_result mine;
	bg_start_tracer(&p, pid_args, NULL);
	int fd = do_bind(&mine, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);
	assert_int_equal(run_child(child_bind_two_ports, &ports, &r), 0);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	assert_int_equal(json_object_array_length(events), 1);
	assert_int_equal(json_get_int(json_object_array_get_idx(events, 0), "pid"), getpid());
	close(fd);
	json_object_put(events);
	bg_free(&p);
}

/* --- losing events is never silent --------------------------------------- */
static void test_ring_buffer_overflow_is_counted(void **state)
{
	const int binds = 20000;
	char self[16];
	const char *const args[] = { "trace", "--json", "-b", "4096", "-p", self, NULL };
	struct bg_proc p;
	struct json_object *events;
	unsigned long long seen_events = 0, dropped = 0;
	const char *summary;

	(void)state;
	itest_require_root();
	snprintf(self, sizeof(self), "%d", getpid());
	bg_start_tracer(&p, args, NULL);
	for (int i = 0; i < binds; i++) {
		struct child_result r;
		int fd = do_bind(&r, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);

		close(fd);
	}
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	summary = p.err ? strstr(p.err, " events (") : NULL;
	assert_non_null(summary);
	while (summary > p.err && summary[-1] != '\n' && summary[-1] != ' ')
		summary--;
	assert_int_equal(sscanf(summary, "%llu events", &seen_events), 1);
	assert_non_null(strstr(summary, "dropped"));
	const char *d = strstr(summary, "), ");
	assert_non_null(d);
	assert_int_equal(sscanf(d, "), %llu dropped", &dropped), 1);
	fprintf(stderr, "# %d binds: %zu events printed, %llu dropped\n", binds,
		json_object_array_length(events), dropped);
	assert_int_equal(seen_events, json_object_array_length(events));
	assert_true(dropped > 0);
	assert_non_null(strstr(p.err, "lost"));
	assert_int_equal(seen_events + dropped, (unsigned long long)binds);
	json_object_put(events);
	bg_free(&p);
}

/* --- an idle tracer sleeps; records made without a wake-up still come --- */

/* With nothing to trace (-p: only this process's binds make records) the
 * tracer sleeps: it woke 50 times a second when it polled with a timeout.
 * Then a bind, and a second one as soon as the first was printed: the
 * programs wake the reader for the first only (the second comes within
 * their wake-up interval, 5 ms, unless this machine is slower than that),
 * so the second shows only if the reader comes back for it by itself. */
static void test_idle_tracer_sleeps_and_late_records_come(void **state)
{
	char self[16], want[32];
	struct child_result first, second;
	struct json_object *events;
	struct bg_proc p;
	long before, woke;
	int fd1, fd2;

	(void)state;
	itest_require_root();
	snprintf(self, sizeof(self), "%d", getpid());
	const char *const args[] = { "trace", "--json", "-p", self, NULL };
	bg_start_tracer(&p, args, NULL);
	usleep(200 * 1000); /* past its start */
	before = voluntary_switches(p.pid);
	usleep(2000 * 1000);
	woke = voluntary_switches(p.pid) - before;
	fprintf(stderr, "# an idle tracer woke %ld times in 2 s\n", woke);
	assert_in_range(woke, 0, 4);

	fd1 = do_bind(&first, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);
	assert_true(fd1 >= 0);
	snprintf(want, sizeof(want), "\"port\":%d,", first.port);
	assert_int_equal(bg_wait_for_stdout(&p, want, 2000), 0);
	fd2 = do_bind(&second, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);
	assert_true(fd2 >= 0);
	snprintf(want, sizeof(want), "\"port\":%d,", second.port);
	assert_int_equal(bg_wait_for_stdout(&p, want, 2000), 0);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	assert_int_equal(json_object_array_length(events), 2);
	assert_int_equal(json_get_int(json_object_array_get_idx(events, 0), "port"), first.port);
	assert_int_equal(json_get_int(json_object_array_get_idx(events, 1), "port"), second.port);
	json_object_put(events);
	close(fd1);
	close(fd2);
	bg_free(&p);
}

/* --- the closing summary names what ran --------------------------------- */

/* The stderr line that starts with `prefix`, as a string (caller frees). */
static char *stderr_line(const struct bg_proc *p, const char *prefix)
{
	const char *line = p->err ? strstr(p->err, prefix) : NULL;

	if (!line)
		return NULL;
	return strndup(line, strcspn(line, "\n"));
}

/* "N events (...), ..., backend NAME (WHAT)": WHAT is what -v said was
 * hooked, in short (the trampolines' functions, which tracepoints). */
static void test_summary_names_what_was_hooked(void **state)
{
	const char *const args[] = { "trace", "-v", "-d", "1", NULL };
	static const char backend_line[] = "bindguard trace: capture backend: ";
	char want[160], *line, *summary;
	const char *detail;
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_equal(bg_run(&p, args, 30000), 0);
	line = stderr_line(&p, backend_line);
	summary = stderr_line(&p, " events (");
	assert_non_null(line);
	assert_non_null(summary);
	fprintf(stderr, "# %s\n# ...%s\n", line, summary);
	detail = line + strlen(backend_line);
	if (!strncmp(detail, "fentry ", 7))
		snprintf(want, sizeof(want), ", backend fentry (__sys_bind, __sys_listen%s%s)",
			 strstr(detail, "__sys_bind_socket") ? ", __sys_bind_socket" : "",
			 strstr(detail, "__sys_listen_socket") ? ", __sys_listen_socket" : "");
	else if (strstr(detail, "exit tracepoints only"))
		snprintf(want, sizeof(want), ", backend tracepoint (exit-only%s)",
			 strstr(detail, "from io_uring:io_uring_complete") ? ", io_uring_complete"
									   : "");
	else if (strstr(detail, "enter+exit tracepoints"))
		snprintf(want, sizeof(want), ", backend tracepoint (enter+exit)");
	else
		fail_msg("unexpected backend: %s", detail);
	/* the last part of the line: trace counts no actions */
	assert_true(strlen(summary) > strlen(want));
	assert_string_equal(summary + strlen(summary) - strlen(want), want);
	free(summary);
	free(line);
	bg_free(&p);
}

/* What the probes planned, the kernel loads: a program it refuses falls
 * back to a slower path (so users still get their events), but on a kernel
 * that has every helper the plan needs it is a bug in the program, which
 * only this test would see (a 6.18 verifier once typed task->stack of a
 * cast task as a pointer and refused the lean programs' arithmetic). */
static void test_kernel_refuses_nothing_planned(void **state)
{
	const char *const args[] = { "trace", "-v", "-d", "1", NULL };
	static const char own[] = "bindguard trace: ";
	const char *line;
	struct bg_proc p;
	int refusals = 0;

	(void)state;
	itest_require_root();
	assert_int_equal(bg_run(&p, args, 30000), 0);
	for (line = p.err; line && *line;
	     line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0)) {
		int len = (int)strcspn(line, "\n");

		if (strncmp(line, own, strlen(own)) || !memmem(line, (size_t)len, "refused", 7))
			continue;
		fprintf(stderr, "# %.*s\n", len, line);
		refusals++;
	}
	bg_free(&p);
	assert_int_equal(refusals, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bind_cases),
		cmocka_unit_test(test_bind_failure_eaddrinuse),
		cmocka_unit_test(test_listen_without_bind),
		cmocka_unit_test(test_bind_then_listen),
		cmocka_unit_test(test_listen_on_udp_fails),
		cmocka_unit_test(test_bind_from_second_thread),
		cmocka_unit_test(test_bind_in_new_netns),
		cmocka_unit_test_setup_teardown(test_task_fields, own_cgroup_setup,
						own_cgroup_teardown),
		cmocka_unit_test(test_hostile_comm_stays_valid_json),
		cmocka_unit_test(test_unix_ignored_bad_fd_and_pointer_reported),
		cmocka_unit_test(test_sockets_at_any_fd),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_port_pid_comm_filters),
		cmocka_unit_test(test_ring_buffer_overflow_is_counted),
		cmocka_unit_test(test_summary_names_what_was_hooked),
		cmocka_unit_test(test_kernel_refuses_nothing_planned),
		cmocka_unit_test(test_idle_tracer_sleeps_and_late_records_come),
	};

	return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
