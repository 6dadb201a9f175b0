// SPDX-License-Identifier: GPL-2.0
/* Interventions that must not break programs (issue 11 §3), on the real
 * kernel in a cgroup and network namespaces the test made: a real dual-stack
 * server, client binds, AF_UNSPEC, MPTCP, multicast, allow-list identities. */
#include "cgroup_fixture.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

static int setup(void **state)
{
	return fixture_setup(state, "programs", 0);
}

/* --- a real dual-stack server ------------------------------------------- */

/* Node's listen(port) binds :: without IPV6_V6ONLY, as Java's, Go's and
 * .NET's defaults do; the QEMU guest has no Node, but busybox httpd -p PORT
 * binds the same dual-stack ::. */
static void exec_dual_stack_server(int port)
{
	char port_text[16];

	snprintf(port_text, sizeof(port_text), "%d", port);
	execlp("node", "node", "-e",
	       "require('http').createServer((q, s) => s.end('ok')).listen(+process.argv[1])",
	       port_text, (char *)NULL);
	execlp("busybox", "busybox", "httpd", "-f", "-h", "/", "-p", port_text, (char *)NULL);
}

static pid_t start_server(const char *cgroup, int port)
{
	pid_t pid = fork();

	if (pid == 0) {
		char procs[600];
		FILE *f;
		int devnull = open("/dev/null", O_WRONLY);

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", cgroup);
		f = fopen(procs, "w");
		if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f))
			_exit(126);
		if (unshare(CLONE_NEWNET) || bring_up_loopback())
			_exit(125);
		dup2(devnull, 1);
		dup2(devnull, 2);
		if (chdir("/"))
			_exit(124);
		exec_dual_stack_server(port);
		_exit(127);
	}
	return pid;
}

/* An HTTP GET to addr:port from inside the network namespace of `ns_pid`;
 * 0 when an HTTP answer comes back. */
static int http_get_once(pid_t ns_pid, int family, const char *addr, int port)
{
	struct sockaddr_storage ss = { 0 };
	struct timeval tv = { 1, 0 };
	char buf[64] = "", path[64];
	int fd, nsfd;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", ns_pid);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0 || setns(nsfd, CLONE_NEWNET))
		return 3;
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		inet_pton(AF_INET, addr, &sin->sin_addr);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		inet_pton(AF_INET6, addr, &sin6->sin6_addr);
	}
	fd = socket(family, SOCK_STREAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&ss, sizeof(ss)))
		return 1;
	dprintf(fd, "GET / HTTP/1.0\r\n\r\n");
	if (read(fd, buf, sizeof(buf) - 1) <= 0 || strncmp(buf, "HTTP/1.", 7) != 0)
		return 2;
	return 0;
}

/* The same in a child, so that setns stays there. */
static int http_get(pid_t ns_pid, int family, const char *addr, int port)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(http_get_once(ns_pid, family, addr, port));
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* How a browser, curl or Go opens http://localhost:PORT: ::1 first, then
 * 127.0.0.1 (RFC 6761 lets a client resolve localhost itself, and this VM's
 * /etc/hosts names only 127.0.0.1).  0 when either answers. */
static int http_get_localhost(pid_t ns_pid, int port)
{
	return http_get(ns_pid, AF_INET6, "::1", port) == 0 ||
		       http_get(ns_pid, AF_INET, "127.0.0.1", port) == 0
		   ? 0
		   : 1;
}

static int wait_for_server(pid_t ns_pid, int port)
{
	for (int i = 0; i < 100; i++) {
		if (http_get_localhost(ns_pid, port) == 0)
			return 0;
		usleep(50000);
	}
	return -1;
}

struct server_case {
	const char *name;
	const char *const *flags;
	const char *bound;	 /* the address the server ends up on */
	bool via_ipv4, via_ipv6; /* 127.0.0.1 and [::1] answer */
};

static const char *const rewrite_default[] = { "--mode", "rewrite", NULL };
static const char *const rewrite_dual_v6[] = { "--mode", "rewrite", "--dual-stack-to", "::1",
					       NULL };
static const char *const rewrite_mapped_flag[] = { "--mode", "rewrite", "--rewrite-to",
						   "127.0.0.1,::1,::ffff:127.0.0.1", NULL };

static const struct server_case server_cases[] = {
	/* the default: Windows in WSL mirrored mode and IPv4 clients reach it */
	{ "default target", rewrite_default, "::ffff:127.0.0.1", true, false },
	{ "--rewrite-to with a mapped target", rewrite_mapped_flag, "::ffff:127.0.0.1", true,
	  false },
	/* the choice: ::1 keeps [::1] clients, loses 127.0.0.1 ones */
	{ "--dual-stack-to ::1", rewrite_dual_v6, "::1", false, true },
};

static void test_dual_stack_server(void **state)
{
	struct fixture *f = *state;
	const int port = 40000 + getpid() % 20000;

	itest_require_root();
	for (size_t i = 0; i < sizeof(server_cases) / sizeof(server_cases[0]); i++) {
		const struct server_case *c = &server_cases[i];
		struct json_object *events;
		struct bg_proc p;
		char pid_text[16];
		int v4, v6, localhost;
		pid_t server;

		bg_start_enforcer(&p, f->cgroup, c->flags);
		server = start_server(f->cgroup, port);
		assert_true(server > 0);
		if (wait_for_server(server, port)) {
			kill(server, SIGKILL);
			waitpid(server, NULL, 0);
			bg_stop(&p);
			bg_free(&p);
			fail_msg("case %s: the server never answered", c->name);
		}
		v4 = http_get(server, AF_INET, "127.0.0.1", port);
		v6 = http_get(server, AF_INET6, "::1", port);
		localhost = http_get_localhost(server, port);
		kill(server, SIGKILL);
		waitpid(server, NULL, 0);
		assert_int_equal(bg_stop(&p), 0);
		events = bg_json_lines(&p);
		fprintf(stderr, "# %s: 127.0.0.1 %d, [::1] %d, localhost %d\n", c->name, v4, v6,
			localhost);
		snprintf(pid_text, sizeof(pid_text), "%d", server);
		if (!json_find(events, "pid", pid_text, "action", "rewrite", "orig_addr",
			       "::", "addr", c->bound, NULL))
			fail_msg("case %s: no rewrite of :: to %s in %s", c->name, c->bound, p.out);
		json_object_put(events);
		bg_free(&p);
		assert_int_equal(v4 == 0, c->via_ipv4);
		assert_int_equal(v6 == 0, c->via_ipv6);
		assert_int_equal(localhost, 0);
	}
}

/* --- one bind per case, judged by the enforcer ---------------------------- */
struct bind_case {
	const char *name;
	const char *const *flags;
	void (*child)(struct child_result *r, void *arg);
	bool new_netns;
	int want_ret;
	const char *want_addr;	 /* getsockname() after the bind */
	const char *want_action; /* NULL: no event */
	const char *want_reason;
	int want_extra;	 /* what the child put in extra */
	const void *arg; /* the child's */
};

/* An address off this host (TEST-NET-1), routed through a veth pair of the
 * child's own namespace (nobody answers there): connect() starts (EINPROGRESS) or fails at
 * once (EINVAL) when the source is loopback. */
static int route_off_host(void)
{
	return system("ip link add bgv0 type veth peer name bgv1 && ip addr add 10.77.0.1/24 dev "
		      "bgv0 && "
		      "ip link set bgv0 up && ip link set bgv1 up && "
		      "ip route add 192.0.2.0/24 dev bgv0") == 0
		   ? 0
		   : -1;
}

static int connect_off_host(int fd)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(80) };

	inet_pton(AF_INET, "192.0.2.1", &dst.sin_addr);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return connect(fd, (struct sockaddr *)&dst, sizeof(dst)) ? errno : 0;
}

/* A client picking its source address with IP_BIND_ADDRESS_NO_PORT. */
static void child_no_port_client(struct child_result *r, void *arg)
{
	struct sockaddr_in any = { .sin_family = AF_INET };
	int one = 1, fd;

	(void)arg;
	if (route_off_host()) {
		r->ret = -EIO;
		return;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	r->pid = getpid();
	r->ret = bind(fd, (struct sockaddr *)&any, sizeof(any)) ? -errno : 0;
	fill_sockname(r, fd);
	r->extra = connect_off_host(fd);
}

static void child_no_port_client6(struct child_result *r, void *arg)
{
	int one = 1, fd = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 any = { .sin6_family = AF_INET6 };

	(void)arg;
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	r->pid = getpid();
	r->ret = bind(fd, (struct sockaddr *)&any, sizeof(any)) ? -errno : 0;
	fill_sockname(r, fd);
}

/* bind(0.0.0.0:0) then connect(): the hook cannot know that no listen()
 * follows, so it is judged as a server (README: Client binds). */
static void child_port0_then_connect(struct child_result *r, void *arg)
{
	int fd;

	(void)arg;
	if (route_off_host()) {
		r->ret = -EIO;
		return;
	}
	fd = do_bind(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0, -1, 0);
	r->extra = connect_off_host(fd);
}

/* sin_family AF_UNSPEC with 0.0.0.0: the kernel takes it on AF_INET sockets.
 * extra: 1 when the socket ends up tied to the lo device. */
static void child_unspec_bind(struct child_result *r, void *arg)
{
	struct sockaddr_in sin = { .sin_family = AF_UNSPEC };
	char dev[IFNAMSIZ] = "";
	socklen_t len = sizeof(dev);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)arg;
	r->pid = getpid();
	r->ret = bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ? -errno : 0;
	fill_sockname(r, fd);
	getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, &len);
	r->extra = strcmp(dev, "lo") == 0;
}

static void child_mptcp_bind(struct child_result *r, void *arg)
{
	struct sockaddr_in any = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP);

	(void)arg;
	r->pid = getpid();
	if (fd < 0) {
		r->ret = -errno;
		return;
	}
	r->ret = bind(fd, (struct sockaddr *)&any, sizeof(any)) ? -errno : 0;
	fill_sockname(r, fd);
}

static void child_multicast4(struct child_result *r, void *arg)
{
	(void)arg;
	do_bind(r, AF_INET, SOCK_DGRAM, "239.1.2.3", 47301, -1, 0);
}

static void child_broadcast4(struct child_result *r, void *arg)
{
	(void)arg;
	do_bind(r, AF_INET, SOCK_DGRAM, "255.255.255.255", 47302, -1, 0);
}

static void child_multicast6(struct child_result *r, void *arg)
{
	(void)arg;
	do_bind(r, AF_INET6, SOCK_DGRAM, "ff0e::1:3", 47303, -1, 0);
}

/* Interfaces of the child's own namespace with subnet-directed broadcast
 * addresses: 10.99.7.255 (a /24, the kernel's own) and 10.98.0.255 (set
 * with `brd` on a /16, beside the /16's own 10.98.255.255). */
static int broadcast_subnets(void)
{
	return system("ip link add bgb0 type veth peer name bgb1 && "
		      "ip addr add 10.99.7.1/24 dev bgb0 && "
		      "ip addr add 10.98.0.1/16 brd 10.98.0.255 dev bgb1 && "
		      "ip link set bgb0 up && ip link set bgb1 up") == 0
		   ? 0
		   : -1;
}

static void child_directed_broadcast(struct child_result *r, void *arg)
{
	const char *addr = arg;

	if (broadcast_subnets()) {
		r->ret = -EIO;
		return;
	}
	do_bind(r, strchr(addr, ':') ? AF_INET6 : AF_INET, SOCK_DGRAM, addr, 47304, -1, 0);
}

/* A setuid-root program run by nobody: real uid 65534, effective 0. */
static void child_setuid_root(struct child_result *r, void *arg)
{
	(void)arg;
	if (setresuid(65534, 0, 0)) {
		r->ret = -errno;
		return;
	}
	do_bind(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0, -1, 0);
}

/* A root-started service that runs as nobody: effective uid 65534. */
static void child_runs_as_nobody(struct child_result *r, void *arg)
{
	(void)arg;
	if (setresuid(0, 65534, 0)) {
		r->ret = -errno;
		return;
	}
	do_bind(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0, -1, 0);
}

static const char *const rewrite[] = { "--mode", "rewrite", NULL };
static const char *const nonloop_rewrite[] = { "--mode", "rewrite", "--scope", "non-loopback",
					       NULL };
static const char *const deny_but_nobody[] = { "--mode", "deny", "--allow-user", "nobody", NULL };

static const struct bind_case bind_cases[] = {
	{ "IP_BIND_ADDRESS_NO_PORT client", nonloop_rewrite, child_no_port_client, true, 0,
	  "0.0.0.0", "allow", "client", EINPROGRESS },
	{ "IP_BIND_ADDRESS_NO_PORT client, IPv6", rewrite, child_no_port_client6, true, 0,
	  "::", "allow", "client", 0 },
	{ "port 0 then connect: judged as a server", rewrite, child_port0_then_connect, true, 0,
	  "127.0.0.1", "rewrite", "policy", EINVAL },
	{ "AF_UNSPEC 0.0.0.0 kept on the lo device", rewrite, child_unspec_bind, true, 0, "0.0.0.0",
	  "rewrite", "lo-device", 1 },
	{ "MPTCP in the stream", rewrite, child_mptcp_bind, true, 0, "127.0.0.1", "rewrite",
	  "policy", 0 },
	{ "multicast left alone", nonloop_rewrite, child_multicast4, true, 0, "239.1.2.3", NULL,
	  NULL, 0 },
	{ "broadcast left alone", nonloop_rewrite, child_broadcast4, true, 0, "255.255.255.255",
	  NULL, NULL, 0 },
	{ "IPv6 multicast left alone", nonloop_rewrite, child_multicast6, true, 0, "ff0e::1:3",
	  NULL, NULL, 0 },
	{ "directed broadcast of a /24 left alone", nonloop_rewrite, child_directed_broadcast, true,
	  0, "10.99.7.255", NULL, NULL, 0, "10.99.7.255" },
	{ "broadcast set with brd left alone", nonloop_rewrite, child_directed_broadcast, true, 0,
	  "10.98.0.255", NULL, NULL, 0, "10.98.0.255" },
	{ "directed broadcast of a /16 left alone", nonloop_rewrite, child_directed_broadcast, true,
	  0, "10.98.255.255", NULL, NULL, 0, "10.98.255.255" },
	{ "IPv4-mapped directed broadcast left alone", nonloop_rewrite, child_directed_broadcast,
	  true, 0, "::ffff:10.99.7.255", NULL, NULL, 0, "::ffff:10.99.7.255" },
	{ "a unicast address of that subnet still rewritten", nonloop_rewrite,
	  child_directed_broadcast, true, 0, "127.0.0.1", "rewrite", "policy", 0, "10.99.7.1" },
	{ "its network address still rewritten", nonloop_rewrite, child_directed_broadcast, true, 0,
	  "127.0.0.1", "rewrite", "policy", 0, "10.99.7.0" },
	{ "setuid root run by an allowed user", deny_but_nobody, child_setuid_root, false, -EPERM,
	  "0.0.0.0", "deny", "policy", 0 },
	{ "service running as the allowed user", deny_but_nobody, child_runs_as_nobody, false, 0,
	  "0.0.0.0", "allow", "policy", 0 },
};

/* Every case runs; each mismatch is named, then the test fails. */
static bool bind_case_holds(const struct bind_case *c, const struct child_result *r,
			    struct json_object *events)
{
	const char *action = NULL, *reason = NULL;
	struct json_object *e;
	char pid[16];
	bool ok;

	snprintf(pid, sizeof(pid), "%d", r->pid);
	e = json_find(events, "pid", pid, NULL);
	if (e) {
		action = json_get_str(e, "action");
		reason = json_get_str(e, "reason");
	}
	ok = r->ret == c->want_ret && strcmp(r->addr, c->want_addr) == 0 &&
	     r->extra == c->want_extra && !e == !c->want_action &&
	     (!e || (action && strcmp(action, c->want_action) == 0 && reason &&
		     strcmp(reason, c->want_reason) == 0));
	fprintf(stderr, "# case %s: %s: ret %d, bound %s, extra %d, action %s, reason %s\n",
		c->name, ok ? "ok" : "WRONG", r->ret, r->addr, r->extra,
		action ? action : "(no event)", reason ? reason : "-");
	return ok;
}

static void test_bind_cases(void **state)
{
	struct fixture *f = *state;
	int wrong = 0;

	itest_require_root();
	for (size_t i = 0; i < sizeof(bind_cases) / sizeof(bind_cases[0]); i++) {
		const struct bind_case *c = &bind_cases[i];
		struct json_object *events;
		struct child_result r;
		struct bg_proc p;

		bg_start_enforcer(&p, f->cgroup, c->flags);
		assert_int_equal(
		    run_child_in(c->child, (void *)c->arg, &r, c->new_netns, f->cgroup), 0);
		assert_int_equal(bg_stop(&p), 0);
		events = bg_json_lines(&p);
		wrong += !bind_case_holds(c, &r, events);
		json_object_put(events);
		bg_free(&p);
	}
	assert_int_equal(wrong, 0);
}

/* --- --allow-cgroup: the socket's cgroup, as the hook's own ---------------- */
struct move_arg {
	const char *to; /* cgroup to move into between socket() and bind() */
};

static void child_socket_then_move(struct child_result *r, void *arg)
{
	const struct move_arg *m = arg;
	struct sockaddr_in any = { .sin_family = AF_INET };
	char procs[700];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	FILE *f;

	r->pid = getpid();
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", m->to);
	f = fopen(procs, "w");
	if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f)) {
		r->ret = -EIO;
		return;
	}
	r->ret = bind(fd, (struct sockaddr *)&any, sizeof(any)) ? -errno : 0;
	fill_sockname(r, fd);
}

static void test_allow_cgroup_is_the_sockets(void **state)
{
	struct fixture *f = *state;
	char allowed[600], other[600];
	struct child_result made_in_allowed, made_in_other;
	struct move_arg to_other, to_allowed;
	struct bg_proc p;

	itest_require_root();
	snprintf(allowed, sizeof(allowed), "%s/allowed", f->cgroup);
	snprintf(other, sizeof(other), "%s/other", f->cgroup);
	assert_int_equal(mkdir(allowed, 0755), 0);
	assert_int_equal(mkdir(other, 0755), 0);
	to_other.to = other;
	to_allowed.to = allowed;
	const char *const flags[] = { "--mode", "deny", "--allow-cgroup", allowed, NULL };
	bg_start_enforcer(&p, f->cgroup, flags);
	assert_int_equal(
	    run_child_in(child_socket_then_move, &to_other, &made_in_allowed, false, allowed), 0);
	assert_int_equal(
	    run_child_in(child_socket_then_move, &to_allowed, &made_in_other, false, other), 0);
	assert_int_equal(bg_stop(&p), 0);
	bg_free(&p);
	rmdir(allowed);
	rmdir(other);
	/* judged by where the socket was made, not where the caller is now */
	assert_int_equal(made_in_allowed.ret, 0);
	assert_int_equal(made_in_other.ret, -EPERM);
}

/* --- rewrite targets nobody reaches are refused --------------------------- */
static void test_bad_rewrite_targets(void **state)
{
	static const char *const targets[] = { "127.0.0.0", "127.255.255.255",
					       "127.0.0.1,127.0.0.2", "::1,::1" };
	static const char *const words[] = { "network or broadcast", "network or broadcast",
					     "more than one IPv4", "more than one IPv6-only" };
	struct fixture *f = *state;

	itest_require_root();
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		const char *const args[] = { "enforce",	 "--cgroup",   f->cgroup, "--rewrite-to",
					     targets[i], "--duration", "1",	  NULL };
		struct bg_proc p;

		assert_int_equal(bg_run(&p, args, 10000), 2);
		assert_non_null(p.err);
		assert_non_null(strstr(p.err, words[i]));
		bg_free(&p);
	}
}

/* --- process names: the process's, not the binding thread's ------------------ */
static void *bind_from_worker(void *arg)
{
	struct child_result *r = arg;

	prctl(PR_SET_NAME, "bg-worker");
	do_bind(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0, -1, 0);
	r->tid = (int)syscall(SYS_gettid);
	return NULL;
}

/* A server named bg-proc binds from a worker thread named bg-worker, as
 * Java servers do (and io_uring's iou-wrk-PID workers). */
static void child_binds_from_a_worker(struct child_result *r, void *arg)
{
	pthread_t worker;

	(void)arg;
	prctl(PR_SET_NAME, "bg-proc");
	if (pthread_create(&worker, NULL, bind_from_worker, r)) {
		r->ret = -EAGAIN;
		return;
	}
	pthread_join(worker, NULL);
}

/* Found by review: a Java server allowed by --allow-comm java was denied,
 * because the hooks read the name of the thread that binds. */
static void test_allow_comm_is_the_process_name(void **state)
{
	struct fixture *f = *state;
	const char *const flags[] = { "--mode", "deny", "--allow-comm", "bg-proc", NULL };
	const char *before = getenv("BINDGUARD_HOOKS_AS_BEFORE");
	unsigned int major = 99, minor = 0;
	struct json_object *events, *e;
	struct child_result r;
	struct bg_proc p;
	char pid[16];

	itest_require_root();
	if (before && *before)
		assert_int_equal(sscanf(before, "%u.%u", &major, &minor), 2);
	if ((major << 8 | minor) <= (6u << 8)) {
		/* before 6.0 the hooks cannot read names: refused, not ignored */
		const char *args[] = {
			"enforce", "--cgroup", f->cgroup, "--allow-comm", "x", NULL
		};

		assert_int_equal(bg_run(&p, args, 20000), 2);
		assert_non_null(strstr(p.err, "process names"));
		bg_free(&p);
		return;
	}
	bg_start_enforcer(&p, f->cgroup, flags);
	assert_int_equal(run_child_in(child_binds_from_a_worker, NULL, &r, false, f->cgroup), 0);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	snprintf(pid, sizeof(pid), "%d", r.pid);
	e = json_find(events, "pid", pid, NULL);
	fprintf(stderr, "# worker bind: ret %d, bound %s, event %s\n", r.ret, r.addr,
		e ? json_object_to_json_string(e) : "(none)");
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.addr, "0.0.0.0");
	assert_non_null(e);
	assert_string_equal(json_get_str(e, "action"), "allow");
	assert_string_equal(json_get_str(e, "comm"), "bg-proc");
	json_object_put(events);
	bg_free(&p);
}

/* --- which program of each pair the kernel runs ----------------------------- */
/* The names of the programs on the cgroup's bind4 and bind6 hooks. */
static void hook_names(const char *cgroup, char names[2][BPF_OBJ_NAME_LEN])
{
	enum bpf_attach_type types[] = { BPF_CGROUP_INET4_BIND, BPF_CGROUP_INET6_BIND };
	int fd = open(cgroup, O_RDONLY | O_DIRECTORY);

	assert_true(fd >= 0);
	for (int i = 0; i < 2; i++) {
		struct bpf_prog_info info = { 0 };
		__u32 ids[4], cnt = 4, flags = 0, len = sizeof(info);
		int prog;

		assert_int_equal(bpf_prog_query(fd, types[i], 0, &flags, ids, &cnt), 0);
		assert_int_equal(cnt, 1);
		prog = bpf_prog_get_fd_by_id(ids[0]);
		assert_true(prog >= 0);
		assert_int_equal(bpf_obj_get_info_by_fd(prog, &info, &len), 0);
		memcpy(names[i], info.name, BPF_OBJ_NAME_LEN);
		close(prog);
	}
	close(fd);
}

/* Where the kernel has bpf_loop the hooks walk the interfaces with it
 * (the verifier checks one turn, not 128); as on a kernel before 5.17
 * (WSL's 5.15) they run the bounded loop.  The bind cases run with both
 * (tests/run.sh runs this binary again with BINDGUARD_HOOKS_AS_BEFORE). */
static void test_walk_program_by_kernel(void **state)
{
	struct fixture *f = *state;
	const char *before = getenv("BINDGUARD_HOOKS_AS_BEFORE");
	bool loop =
	    libbpf_probe_bpf_helper(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_FUNC_loop, NULL) == 1;
	char names[2][BPF_OBJ_NAME_LEN];
	struct bg_proc p;

	itest_require_root();
	if (before && *before) {
		unsigned int major = 0, minor = 0;

		assert_int_equal(sscanf(before, "%u.%u", &major, &minor), 2);
		loop = loop && (major << 8 | minor) > (5u << 8 | 17);
	}
	bg_start_enforcer(&p, f->cgroup, NULL);
	hook_names(f->cgroup, names);
	fprintf(stderr, "# bpf_loop %s: %s, %s\n", loop ? "used" : "not used", names[0], names[1]);
	assert_string_equal(names[0], loop ? "enforce_bind4_l" : "enforce_bind4");
	assert_string_equal(names[1], loop ? "enforce_bind6_l" : "enforce_bind6");
	assert_int_equal(bg_stop(&p), 0);
	bg_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dual_stack_server),
		cmocka_unit_test(test_bind_cases),
		cmocka_unit_test(test_allow_cgroup_is_the_sockets),
		cmocka_unit_test(test_allow_comm_is_the_process_name),
		cmocka_unit_test(test_walk_program_by_kernel),
		cmocka_unit_test(test_bad_rewrite_targets),
	};

	return cmocka_run_group_tests_name("enforce_programs", tests, setup, fixture_teardown);
}
