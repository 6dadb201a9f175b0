// SPDX-License-Identifier: GPL-2.0
/* bindguard trace and enforce and binds and listens that arrive without a
 * syscall: io_uring's IORING_OP_BIND and IORING_OP_LISTEN (Linux 6.11+),
 * made through the raw io_uring syscalls (Debian 12's liburing has
 * neither).  Enforcement only on a cgroup the test made. */
#include "cgroup_fixture.h"
#include "itest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

/* Not in Debian 12's headers (6.1): the opcodes' numbers since 6.11. */
#define OP_BIND	  56
#define OP_LISTEN 57

struct ring {
	int fd;
	struct io_uring_params p;
	void *sq, *cq;
	size_t sq_len, cq_len;
	struct io_uring_sqe *sqes;
};

static int ring_open(struct ring *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = (int)syscall(__NR_io_uring_setup, 4, &r->p);
	if (r->fd < 0)
		return -errno;
	r->sq_len = r->p.sq_off.array + r->p.sq_entries * sizeof(unsigned int);
	r->cq_len = r->p.cq_off.cqes + r->p.cq_entries * sizeof(struct io_uring_cqe);
	r->sq = mmap(NULL, r->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		     IORING_OFF_SQ_RING);
	r->cq = mmap(NULL, r->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		     IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, r->p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (r->sq == MAP_FAILED || r->cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return -errno;
	return 0;
}

/* Submits one request (a copy of sqe) and waits for it: its result. */
static int ring_submit(struct ring *r, const struct io_uring_sqe *sqe)
{
	unsigned int *tail = (unsigned int *)((char *)r->sq + r->p.sq_off.tail);
	unsigned int mask = *(unsigned int *)((char *)r->sq + r->p.sq_off.ring_mask);
	unsigned int *array = (unsigned int *)((char *)r->sq + r->p.sq_off.array);
	unsigned int *head = (unsigned int *)((char *)r->cq + r->p.cq_off.head);
	unsigned int cq_mask = *(unsigned int *)((char *)r->cq + r->p.cq_off.ring_mask);
	struct io_uring_cqe *cqes = (struct io_uring_cqe *)((char *)r->cq + r->p.cq_off.cqes);
	unsigned int idx = *tail & mask;
	int res;

	r->sqes[idx] = *sqe;
	array[idx] = idx;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	res = cqes[__atomic_load_n(head, __ATOMIC_ACQUIRE) & cq_mask].res;
	__atomic_store_n(head, *head + 1, __ATOMIC_RELEASE);
	return res;
}

static int ring_bind(struct ring *r, int fd, const struct sockaddr *sa, socklen_t len)
{
	struct io_uring_sqe sqe = { .opcode = OP_BIND, .fd = fd };

	sqe.addr = (unsigned long)sa;
	sqe.addr2 = len;
	return ring_submit(r, &sqe);
}

/* IORING_OP_LISTEN: the backlog goes in len. */
static int ring_listen(struct ring *r, int fd, int backlog)
{
	const struct io_uring_sqe sqe = { .opcode = OP_LISTEN, .fd = fd, .len = (__u32)backlog };

	return ring_submit(r, &sqe);
}

/* Whether the kernel knows opcode `op`, as IORING_REGISTER_PROBE (5.6+)
 * says; -errno when it cannot say. */
static int ring_supports(struct ring *r, unsigned int op)
{
	const unsigned int n = 256;
	struct io_uring_probe *probe = calloc(1, sizeof(*probe) + n * sizeof(probe->ops[0]));
	int ret;

	if (!probe)
		return -ENOMEM;
	ret = (int)syscall(__NR_io_uring_register, r->fd, IORING_REGISTER_PROBE, probe, n);
	if (ret < 0)
		ret = -errno;
	else
		ret = op <= probe->last_op && (probe->ops[op].flags & IO_URING_OP_SUPPORTED);
	free(probe);
	return ret;
}

/* The child's ring: false, with res->extra 1 and the error in res->ret,
 * where there is no io_uring at all. */
static bool child_ring(struct child_result *res, struct ring *r)
{
	res->pid = getpid();
	res->ret = ring_open(r);
	if (res->ret)
		res->extra = 1;
	return !res->ret;
}

/* What a child binds through io_uring. */
struct uring_bind {
	int family, type;
	const char *addr;
	int port;
};

static const struct uring_bind loopback4 = { AF_INET, SOCK_STREAM, "127.0.0.1", 0 };
/* in a network namespace of its own: the port is free there */
static const struct uring_bind loopback6_udp = { AF_INET6, SOCK_DGRAM, "::1", 47131 };
static const struct uring_bind any4 = { AF_INET, SOCK_STREAM, "0.0.0.0", 0 };

/* One socket bound as arg (a struct uring_bind) says, through io_uring. */
static void child_io_uring_bind(struct child_result *res, void *arg)
{
	const struct uring_bind *b = arg;
	struct sockaddr_storage ss = { .ss_family = (sa_family_t)b->family };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = b->family == AF_INET ? sizeof(*sin) : sizeof(*sin6);
	struct ring r;
	int fd;

	if (!child_ring(res, &r))
		return;
	if (b->family == AF_INET) {
		sin->sin_port = htons((uint16_t)b->port);
		inet_pton(AF_INET, b->addr, &sin->sin_addr);
	} else {
		sin6->sin6_port = htons((uint16_t)b->port);
		inet_pton(AF_INET6, b->addr, &sin6->sin6_addr);
	}
	fd = socket(b->family, b->type, 0);
	res->ret = ring_bind(&r, fd, (const struct sockaddr *)&ss, len);
	fill_sockname(res, fd);
}

/* Sockets bound through io_uring to the port a first one holds (bound
 * by bind()): EADDRINUSE, before and after one io_uring bind that works
 * (from which the tracepoint backend learns where the kernel keeps the
 * address). */
static void child_io_uring_bind_in_use(struct child_result *res, void *arg)
{
	struct sockaddr_in sa = { .sin_family = AF_INET }, any = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	struct ring r;
	int first, second, third, fourth;

	(void)arg;
	if (!child_ring(res, &r))
		return;
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	any.sin_addr = sa.sin_addr;
	first = socket(AF_INET, SOCK_STREAM, 0);
	second = socket(AF_INET, SOCK_STREAM, 0);
	third = socket(AF_INET, SOCK_STREAM, 0);
	fourth = socket(AF_INET, SOCK_STREAM, 0);
	if (first < 0 || second < 0 || third < 0 || fourth < 0 ||
	    bind(first, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(first, (struct sockaddr *)&sa, &len)) {
		res->ret = -errno;
		res->extra = 2; /* the sockets could not be set up */
		return;
	}
	res->port = ntohs(sa.sin_port);
	res->ret = ring_bind(&r, second, (const struct sockaddr *)&sa, sizeof(sa));
	if (res->ret == -EINVAL)
		return; /* no IORING_OP_BIND */
	if (ring_bind(&r, third, (const struct sockaddr *)&any, sizeof(any)) != 0 ||
	    ring_bind(&r, fourth, (const struct sockaddr *)&sa, sizeof(sa)) != res->ret)
		res->extra = 3; /* the bind to any port, or the second failure, went otherwise */
}

/* Runs child under `trace --json -v` and gives its events; *hooked: -v
 * named one of `functions` (e.g. "__sys_bind_socket (io_uring)") as
 * hooked. */
static struct json_object *trace_child(child_fn child, const void *arg, bool new_netns,
				       const char *const functions[], struct child_result *r,
				       bool *hooked, char pid[16])
{
	const char *const args[] = { "trace", "--json", "-v", NULL };
	struct json_object *events;
	struct bg_proc p;

	itest_require_root();
	assert_int_equal(bg_start(&p, args), 0);
	if (bg_wait_for_stderr(&p, "tracing started", 15000)) {
		bg_free(&p);
		fail_msg("tracer did not start");
	}
	*hooked = false;
	for (size_t i = 0; functions[i]; i++)
		*hooked = *hooked || strstr(p.err, functions[i]);
	assert_int_equal(run_child_in(child, (void *)arg, r, new_netns, NULL), 0);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	bg_free(&p);
	snprintf(pid, 16, "%d", r->pid);
	return events;
}

/* What -v names when io_uring's binds are hooked: the trampoline on
 * __sys_bind_socket, or with tracepoints the requests' completions. */
static const char *const bind_hooks[] = { "__sys_bind_socket (io_uring)",
					  "binds from io_uring:io_uring_complete", NULL };

/* The backend that reported e: the trampolines hook __sys_bind_socket,
 * tracepoints take io_uring's binds from their completions. */
static void check_backend_of(struct json_object *e, const char *trace_err_hint)
{
	const char *backend = json_get_str(e, "backend");

	assert_non_null(backend);
	if (strcmp(backend, "fentry") && strcmp(backend, "tracepoint"))
		fail_msg("unexpected backend %s (%s)", backend, trace_err_hint);
}

/* io_uring's IORING_OP_BIND (6.11+) makes no bind() call: reported as made
 * without a syscall, by trampolines on __sys_bind_socket or with
 * tracepoints by the request's completion.  Kernels before 6.11 refuse
 * the opcode, and nothing may be hooked there. */
static void test_io_uring_bind(void **state)
{
	struct json_object *events, *e;
	struct child_result r;
	char pid[16];
	bool hooked;

	(void)state;
	events = trace_child(child_io_uring_bind, &loopback4, false, bind_hooks, &r, &hooked, pid);
	e = json_find(events, "pid", pid, "event", "bind", NULL);
	fprintf(stderr, "# io_uring bind: ret %d, bound %s port %d; io_uring's binds %s; %s\n",
		r.ret, r.addr, r.port, hooked ? "hooked" : "not hooked",
		e ? "reported" : "not reported");
	if (r.extra)
		fail_msg("io_uring_setup failed: %s", strerror(-r.ret));
	if (hooked && r.ret != 0)
		fail_msg("io_uring's binds were hooked but the kernel refused IORING_OP_BIND: %d",
			 r.ret);
	if (!hooked) {
		/* only a kernel without the opcode leaves them unhooked, or
		 * the capture planned as on an older one */
		if (!getenv("BINDGUARD_CAPTURE_AS_BEFORE"))
			assert_int_equal(r.ret, -EINVAL);
		assert_null(e);
	} else {
		assert_non_null(e);
		assert_string_equal(json_get_str(e, "source"), "kernel");
		check_backend_of(e, "io_uring bind");
		assert_int_equal(json_get_int(e, "ret"), 0);
		assert_string_equal(json_get_str(e, "addr"), "127.0.0.1");
		assert_int_equal(json_get_int(e, "port"), r.port);
		assert_string_equal(json_get_str(e, "requested_addr"), "127.0.0.1");
		assert_int_equal(json_get_int(e, "requested_port"), 0);
	}
	json_object_put(events);
}

/* An IPv6 IORING_OP_BIND: its address and port as asked and as bound. */
static void test_io_uring_bind6(void **state)
{
	struct json_object *events, *e;
	struct child_result r;
	char pid[16];
	bool hooked;

	(void)state;
	events =
	    trace_child(child_io_uring_bind, &loopback6_udp, true, bind_hooks, &r, &hooked, pid);
	e = json_find(events, "pid", pid, "event", "bind", NULL);
	fprintf(stderr, "# io_uring bind to [::1]:47131: ret %d, bound %s port %d; %s\n", r.ret,
		r.addr, r.port, e ? "reported" : "not reported");
	if (r.extra)
		fail_msg("io_uring_setup failed: %s", strerror(-r.ret));
	if (!hooked) {
		if (!getenv("BINDGUARD_CAPTURE_AS_BEFORE"))
			assert_int_equal(r.ret, -EINVAL);
		assert_null(e);
	} else {
		assert_int_equal(r.ret, 0);
		assert_non_null(e);
		check_backend_of(e, "io_uring bind6");
		assert_string_equal(json_get_str(e, "source"), "kernel");
		assert_string_equal(json_get_str(e, "family"), "ipv6");
		assert_string_equal(json_get_str(e, "proto"), "udp");
		assert_string_equal(json_get_str(e, "addr"), "::1");
		assert_int_equal(json_get_int(e, "port"), 47131);
		assert_string_equal(json_get_str(e, "requested_addr"), "::1");
		assert_int_equal(json_get_int(e, "requested_port"), 47131);
		assert_string_equal(json_get_str(e, "class"), "loopback");
	}
	json_object_put(events);
}

/* A failed IORING_OP_BIND: reported with its error and what it asked for,
 * where io_uring's binds are hooked. */
static void test_io_uring_bind_in_use(void **state)
{
	struct json_object *events, *e;
	struct child_result r;
	char pid[16];
	bool hooked;

	(void)state;
	events = trace_child(child_io_uring_bind_in_use, NULL, false, bind_hooks, &r, &hooked, pid);
	if (r.extra == 1)
		fail_msg("io_uring_setup failed: %s", strerror(-r.ret));
	if (r.extra == 2)
		fail_msg("the sockets could not be set up: %s", strerror(-r.ret));
	if (r.extra == 3)
		fail_msg("IORING_OP_BIND to port 0 failed, or the second bind to a port in use "
			 "did not fail as the first did");
	/* the plain bind() of the first socket, as a syscall */
	assert_int_equal(json_count(events, "pid", pid, "event", "bind", "source", "syscall", NULL),
			 1);
	e = json_find(events, "pid", pid, "event", "bind", "source", "kernel", NULL);
	fprintf(stderr,
		"# io_uring binds to a port in use: ret %d; io_uring's binds %s; %zu reported\n",
		r.ret, hooked ? "hooked" : "not hooked",
		json_count(events, "pid", pid, "event", "bind", "source", "kernel", NULL));
	if (!hooked) {
		/* a kernel without the opcode refuses it (EINVAL), or the
		 * capture planned as on an older one: nothing reported */
		if (!getenv("BINDGUARD_CAPTURE_AS_BEFORE"))
			assert_int_equal(r.ret, -EINVAL);
		assert_null(e);
		json_object_put(events);
		return;
	}
	assert_int_equal(r.ret, -EADDRINUSE);
	/* in order: the failure, the bind to any port, the failure again */
	assert_int_equal(json_count(events, "pid", pid, "event", "bind", "source", "kernel", NULL),
			 3);
	for (size_t i = 0, n = 0; i < json_object_array_length(events); i++) {
		e = json_object_array_get_idx(events, i);
		const char *event = json_get_str(e, "event"), *source = json_get_str(e, "source");

		if (json_get_int(e, "pid") != r.pid || !event || strcmp(event, "bind") || !source ||
		    strcmp(source, "kernel"))
			continue;
		check_backend_of(e, "io_uring bind");
		assert_string_equal(json_get_str(e, "proto"), "tcp");
		assert_string_equal(json_get_str(e, "requested_addr"), "127.0.0.1");
		if (n++ == 1) {
			assert_int_equal(json_get_int(e, "ret"), 0);
			assert_int_equal(json_get_int(e, "requested_port"), 0);
			continue;
		}
		assert_int_equal(json_get_int(e, "ret"), -EADDRINUSE);
		assert_string_equal(json_get_str(e, "error"), "EADDRINUSE");
		assert_int_equal(json_get_int(e, "requested_port"), r.port);
	}
	json_object_put(events);
}

static int enforce_setup(void **state)
{
	return fixture_setup(state, "io-uring", 0);
}

/* Live enforce in rewrite mode: its cgroup hook rewrites an io_uring bind
 * to 0.0.0.0 as any other, and the backend reports the rewrite as made
 * without a syscall.  A kernel without IORING_OP_BIND refuses the bind;
 * as an older kernel (BINDGUARD_CAPTURE_AS_BEFORE) the tracepoint backend
 * does not see io_uring's binds, while the hook still rewrites them. */
static void test_io_uring_bind_enforced(void **state)
{
	const char *const rewrite[] = { "--mode", "rewrite", "-v", NULL };
	struct fixture *f = *state;
	struct json_object *events, *e;
	struct child_result r;
	struct bg_proc p;
	bool hooked;
	char pid[16];

	itest_require_root();
	bg_start_enforcer(&p, f->cgroup, rewrite);
	hooked = strstr(p.err, bind_hooks[0]) || strstr(p.err, bind_hooks[1]);
	assert_int_equal(run_child_in(child_io_uring_bind, (void *)&any4, &r, false, f->cgroup), 0);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	snprintf(pid, sizeof(pid), "%d", r.pid);
	e = json_find(events, "pid", pid, "event", "bind", NULL);
	fprintf(stderr,
		"# io_uring bind under rewrite: ret %d, bound %s; io_uring's binds %s; %s\n", r.ret,
		r.addr, hooked ? "hooked" : "not hooked", e ? "reported" : "not reported");
	if (r.extra)
		fail_msg("io_uring_setup failed: %s", strerror(-r.ret));
	if (r.ret == -EINVAL && !hooked) {
		assert_null(e); /* no IORING_OP_BIND */
	} else {
		assert_int_equal(r.ret, 0);
		assert_string_equal(r.addr, "127.0.0.1");
		if (!hooked && getenv("BINDGUARD_CAPTURE_AS_BEFORE")) {
			assert_null(e);
		} else {
			assert_true(hooked);
			assert_non_null(e);
			check_backend_of(e, "io_uring bind under rewrite");
			assert_string_equal(json_get_str(e, "source"), "kernel");
			assert_string_equal(json_get_str(e, "action"), "rewrite");
			assert_string_equal(json_get_str(e, "orig_addr"), "0.0.0.0");
			assert_string_equal(json_get_str(e, "addr"), "127.0.0.1");
			assert_int_equal(json_get_int(e, "port"), r.port);
			assert_int_equal(json_get_int(e, "ret"), 0);
		}
	}
	json_object_put(events);
	bg_free(&p);
}

/* What child_io_uring_listen found, in child_result.extra. */
enum {
	LISTEN_OP_KNOWN,   /* the kernel has IORING_OP_LISTEN */
	LISTEN_NO_URING,   /* io_uring_setup failed */
	LISTEN_OP_UNKNOWN, /* IORING_REGISTER_PROBE says no IORING_OP_LISTEN */
	LISTEN_PROBE_FAILED,
	LISTEN_SETUP_FAILED,   /* a socket, bind() or listen() before it failed */
	LISTEN_UDP_UNEXPECTED, /* the UDP socket's listen did not fail with EOPNOTSUPP */
};

/* Three listens, each on its own address so that its events can be told
 * apart: listen() on 127.0.0.2, io_uring listens on a TCP socket bound to
 * 127.0.0.1 (its result and port in r) and on a UDP socket on 127.0.0.3
 * (which fails: EOPNOTSUPP). */
static void child_io_uring_listen(struct child_result *res, void *arg)
{
	struct child_result plain, udp;
	struct ring r;
	int fd, plain_fd, udp_fd, known;

	(void)arg;
	res->pid = getpid();
	res->ret = ring_open(&r);
	if (res->ret) {
		res->extra = LISTEN_NO_URING;
		return;
	}
	known = ring_supports(&r, OP_LISTEN);
	fd = do_bind(res, AF_INET, SOCK_STREAM, "127.0.0.1", 0, -1, 0);
	plain_fd = do_bind_listen(&plain, AF_INET, SOCK_STREAM, "127.0.0.2", 0);
	udp_fd = do_bind(&udp, AF_INET, SOCK_DGRAM, "127.0.0.3", 0, -1, 0);
	if (fd < 0 || res->ret || plain_fd < 0 || plain.ret || udp_fd < 0 || udp.ret) {
		res->ret = fd < 0 ? fd : res->ret ? res->ret : plain.ret ? plain.ret : udp.ret;
		res->extra = LISTEN_SETUP_FAILED;
		return;
	}
	res->ret = ring_listen(&r, fd, 8);
	fill_sockname(res, fd);
	if (known < 0)
		res->extra = LISTEN_PROBE_FAILED;
	else if (!known)
		res->extra = LISTEN_OP_UNKNOWN;
	else if (ring_listen(&r, udp_fd, 8) != -EOPNOTSUPP)
		res->extra = LISTEN_UDP_UNEXPECTED;
}

/* A kernel without the opcode refuses it and nothing may be reported. */
static void check_listen_op_unknown(struct json_object *events, const char *pid,
				    const struct child_result *r, bool hooked)
{
	struct utsname u;

	uname(&u);
	fprintf(stderr,
		"# kernel %s has no IORING_OP_LISTEN (IORING_REGISTER_PROBE; Linux 6.11+): "
		"checked only that it refuses the opcode and nothing is reported\n",
		u.release);
	if (hooked)
		fail_msg("__sys_listen_socket was hooked on a kernel without IORING_OP_LISTEN");
	assert_int_equal(r->ret, -EINVAL);
	assert_int_equal(
	    json_count(events, "pid", pid, "event", "listen", "addr", "127.0.0.1", NULL), 0);
}

/* Trampolines report both listens from __sys_listen_socket, with their
 * results; tracepoints see only the state change of the one that worked. */
static void check_listen_reported(struct json_object *events, const char *pid,
				  const struct child_result *r, const char *backend, bool hooked)
{
	bool fentry = !strcmp(backend, "fentry");
	size_t n = json_count(events, "pid", pid, "event", "listen", "addr", "127.0.0.1", NULL);
	size_t n_udp = json_count(events, "pid", pid, "event", "listen", "addr", "127.0.0.3", NULL);
	struct json_object *e;

	fprintf(stderr, "# io_uring listen on %s: %zu event(s), failed UDP listen %zu\n", backend,
		n, n_udp);
	assert_int_equal(r->ret, 0);
	if (fentry != hooked)
		fail_msg("backend %s but __sys_listen_socket %s", backend,
			 hooked ? "hooked" : "not hooked");
	if (!fentry && strcmp(backend, "tracepoint"))
		fail_msg("unexpected backend %s", backend);
	assert_int_equal(n, 1);
	e = json_find(events, "pid", pid, "event", "listen", "addr", "127.0.0.1", NULL);
	assert_string_equal(json_get_str(e, "source"), "kernel");
	assert_int_equal(json_get_int(e, "ret"), 0);
	assert_int_equal(json_get_int(e, "port"), r->port);
	assert_string_equal(json_get_str(e, "requested_addr"), "127.0.0.1");
	assert_int_equal(json_get_int(e, "requested_port"), r->port);
	assert_string_equal(json_get_str(e, "proto"), "tcp");
	if (!fentry) {
		assert_int_equal(n_udp, 0); /* no state change, no syscall */
		return;
	}
	assert_int_equal(n_udp, 1);
	e = json_find(events, "pid", pid, "event", "listen", "addr", "127.0.0.3", NULL);
	assert_string_equal(json_get_str(e, "source"), "kernel");
	assert_string_equal(json_get_str(e, "backend"), "fentry");
	assert_int_equal(json_get_int(e, "ret"), -EOPNOTSUPP);
	assert_string_equal(json_get_str(e, "error"), "EOPNOTSUPP");
	assert_string_equal(json_get_str(e, "proto"), "udp");
}

static const char *const listen_hooks[] = { "__sys_listen_socket (io_uring)", NULL };

/* IORING_OP_LISTEN (6.11+): reported once, with its result, by the backend
 * that runs (-v names __sys_listen_socket when trampolines hook it); the
 * listen() beside it once too, as a syscall, whichever functions are hooked. */
static void test_io_uring_listen(void **state)
{
	struct json_object *events, *plain;
	struct child_result r;
	const char *backend;
	char pid[16];
	bool hooked;

	(void)state;
	events = trace_child(child_io_uring_listen, NULL, false, listen_hooks, &r, &hooked, pid);
	fprintf(stderr, "# io_uring listen: ret %d, port %d, status %d; __sys_listen_socket %s\n",
		r.ret, r.port, r.extra, hooked ? "hooked" : "not hooked");
	if (r.extra == LISTEN_NO_URING || r.extra == LISTEN_PROBE_FAILED)
		fail_msg("io_uring_setup or IORING_REGISTER_PROBE failed: %s", strerror(-r.ret));
	if (r.extra == LISTEN_SETUP_FAILED)
		fail_msg("the sockets could not be set up: %s", strerror(-r.ret));
	if (r.extra == LISTEN_UDP_UNEXPECTED)
		fail_msg("IORING_OP_LISTEN on a UDP socket did not fail with EOPNOTSUPP");
	/* the listen() syscall: once, as a syscall */
	assert_int_equal(
	    json_count(events, "pid", pid, "event", "listen", "addr", "127.0.0.2", NULL), 1);
	plain = json_find(events, "pid", pid, "event", "listen", "addr", "127.0.0.2", NULL);
	assert_string_equal(json_get_str(plain, "source"), "syscall");
	assert_int_equal(json_get_int(plain, "ret"), 0);
	backend = json_get_str(plain, "backend");
	assert_non_null(backend);
	if (r.extra == LISTEN_OP_UNKNOWN)
		check_listen_op_unknown(events, pid, &r, hooked);
	else
		check_listen_reported(events, pid, &r, backend, hooked);
	json_object_put(events);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io_uring_bind),
		cmocka_unit_test(test_io_uring_bind6),
		cmocka_unit_test(test_io_uring_bind_in_use),
		cmocka_unit_test_setup_teardown(test_io_uring_bind_enforced, enforce_setup,
						fixture_teardown),
		cmocka_unit_test(test_io_uring_listen),
	};

	return cmocka_run_group_tests_name("io_uring", tests, NULL, NULL);
}
