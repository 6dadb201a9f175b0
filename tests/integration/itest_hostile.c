// SPDX-License-Identifier: GPL-2.0
/* bindguard trace against hostile callers on the real kernel: bind() with
 * bad lengths, families and pointers, 10,000 concurrent binds, a reader
 * that goes away and an output that cannot be written.  What bindguard
 * prints must be what the kernel did: the same return value and error, and
 * never an invented address (a failed bind shows the requested address when
 * it could be read, else null). */
#include "hostile.h"
#include "itest.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Starts `bindguard trace -p <this process>` with more arguments. */
static void start_self_trace(struct bg_proc *p, const char *const *extra)
{
	char self[16];
	const char *const words[] = { "trace", "-p", self, NULL };

	snprintf(self, sizeof(self), "%d", getpid());
	bg_start_tracer(p, words, extra);
}

static const char *error_name(int ret)
{
	return ret < 0 ? strerrorname_np(-ret) : NULL;
}

/* --- one call at a time ----------------------------------------------- */
enum fd_kind { FD_SOCKET, FD_CLOSED, FD_PIPE };
enum placement { ON_STACK, PAGE_TAIL, UNREADABLE };

struct hostile_case {
	const char *name;
	int sock_family, sock_type;
	enum fd_kind fd_kind;
	bool listen; /* listen() instead of bind() */
	/* The sockaddr: a sockaddr_in (layout 16) or sockaddr_in6 (layout 28)
	 * whose family field is sa_family, port 0. */
	int layout, sa_family;
	const char *sa_addr;
	enum placement placement;
	size_t place_bytes; /* PAGE_TAIL: readable bytes before the unmapped page */
	socklen_t addrlen;
	int want_ret; /* what kernel 6.x returns */
	/* For a failed bind: the address bindguard shows (the requested one),
	 * NULL when it could not read one; or_null: null is acceptable too. */
	const char *want_addr;
	bool or_null;
	const char *want_family;
};

#define V4	    AF_INET, SOCK_STREAM, FD_SOCKET, false
#define V6	    AF_INET6, SOCK_STREAM, FD_SOCKET, false
#define IN4(fam, a) 16, fam, a
#define IN6(fam, a) 28, fam, a

static const struct hostile_case cases[] = {
	{ "addrlen 0", V4, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, 0, -EINVAL, NULL, false,
	  "ipv4" },
	{ "addrlen 1", V4, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, 1, -EINVAL, NULL, false,
	  "ipv4" },
	{ "addrlen 15", V4, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, 15, -EINVAL, NULL, false,
	  "ipv4" },
	{ "addrlen 16", V4, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, 16, 0, NULL, false, "ipv4" },
	{ "addrlen 28 on AF_INET", V4, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, 28, 0, NULL, false,
	  "ipv4" },
	{ "addrlen 4096", V4, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, 4096, -EINVAL, "127.0.0.1",
	  false, "ipv4" },
	{ "addrlen -1", V4, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, (socklen_t)-1, -EINVAL,
	  "127.0.0.1", false, "ipv4" },
	{ "addrlen 4096 on AF_INET6", V6, IN6(AF_INET6, "::1"), ON_STACK, 0, 4096, -EINVAL, "::1",
	  false, "ipv6" },
	/* the kernel takes AF_UNSPEC as AF_INET, but only with INADDR_ANY */
	{ "AF_UNSPEC 0.0.0.0 on AF_INET", V4, IN4(AF_UNSPEC, "0.0.0.0"), ON_STACK, 0, 16, 0, NULL,
	  false, "ipv4" },
	{ "AF_UNSPEC 127.0.0.1 on AF_INET", V4, IN4(AF_UNSPEC, "127.0.0.1"), ON_STACK, 0, 16,
	  -EAFNOSUPPORT, "127.0.0.1", false, "ipv4" },
	{ "AF_UNSPEC on AF_INET6", V6, IN6(AF_UNSPEC, "::1"), ON_STACK, 0, 28, -EAFNOSUPPORT, "::1",
	  true, "ipv6" },
	/* a family that does not match the socket: never shown as the other */
	{ "AF_INET6 address on AF_INET", V4, IN6(AF_INET6, "::1"), ON_STACK, 0, 28, -EAFNOSUPPORT,
	  NULL, false, "ipv4" },
	{ "AF_INET address on AF_INET6, addrlen 16", V6, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, 16,
	  -EINVAL, NULL, false, "ipv6" },
	{ "AF_INET address on AF_INET6, addrlen 28", V6, IN4(AF_INET, "127.0.0.1"), ON_STACK, 0, 28,
	  -EAFNOSUPPORT, NULL, false, "ipv6" },
	/* RFC 2133's sockaddr_in6 had no scope id: 24 bytes, still accepted */
	{ "sockaddr_in6 of 24 bytes", V6, IN6(AF_INET6, "::1"), ON_STACK, 0, 24, 0, NULL, false,
	  "ipv6" },
	{ "sockaddr_in6 of 24 bytes, failing", V6, IN6(AF_INET6, "2001:db8::1:2:3:4"), ON_STACK, 0,
	  24, -EADDRNOTAVAIL, "2001:db8::1:2:3:4", false, "ipv6" },
	/* pointers */
	{ "unreadable sockaddr", V4, IN4(AF_INET, "127.0.0.1"), UNREADABLE, 0, 16, -EFAULT, NULL,
	  false, "ipv4" },
	{ "sockaddr_in at a page end, addrlen 16", V4, IN4(AF_INET, "127.0.0.1"), PAGE_TAIL, 16, 16,
	  0, NULL, false, "ipv4" },
	{ "sockaddr_in at a page end, addrlen 28", V4, IN4(AF_INET, "127.0.0.1"), PAGE_TAIL, 16, 28,
	  -EFAULT, NULL, false, "ipv4" },
	{ "sockaddr_in6 at a page end", V6, IN6(AF_INET6, "::1"), PAGE_TAIL, 28, 28, 0, NULL, false,
	  "ipv6" },
	{ "sockaddr_in6 of 24 bytes at a page end", V6, IN6(AF_INET6, "::1"), PAGE_TAIL, 24, 24, 0,
	  NULL, false, "ipv6" },
	{ "sockaddr_in6 at a page end, failing", V6, IN6(AF_INET6, "2001:db8::77"), PAGE_TAIL, 28,
	  28, -EADDRNOTAVAIL, "2001:db8::77", false, "ipv6" },
	/* descriptors */
	{ "closed fd", AF_INET, SOCK_STREAM, FD_CLOSED, false, IN4(AF_INET, "127.0.0.1"), ON_STACK,
	  0, 16, -EBADF, "127.0.0.1", false, "ipv4" },
	{ "not a socket (a pipe)", AF_INET, SOCK_STREAM, FD_PIPE, false, IN4(AF_INET, "127.0.0.1"),
	  ON_STACK, 0, 16, -ENOTSOCK, "127.0.0.1", false, "ipv4" },
	{ "listen on UDP", AF_INET, SOCK_DGRAM, FD_SOCKET, true, IN4(AF_INET, "0.0.0.0"), ON_STACK,
	  0, 0, -EOPNOTSUPP, NULL, false, "ipv4" },
};

struct call_result {
	int ret;
	char addr[INET6_ADDRSTRLEN]; /* getsockname() afterwards */
	int port;
};

static void build_sockaddr(const struct hostile_case *c, uint8_t *buf)
{
	if (c->layout == 16) {
		struct sockaddr_in *sin = (struct sockaddr_in *)buf;

		sin->sin_family = (sa_family_t)c->sa_family;
		assert_int_equal(inet_pton(AF_INET, c->sa_addr, &sin->sin_addr), 1);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)buf;

		sin6->sin6_family = (sa_family_t)c->sa_family;
		assert_int_equal(inet_pton(AF_INET6, c->sa_addr, &sin6->sin6_addr), 1);
	}
}

static void run_case(const struct hostile_case *c, struct call_result *r)
{
	static uint8_t big[4096]; /* room for any addrlen the table gives */
	const void *addr = big;
	int fd;

	memset(big, 0, sizeof(big));
	memset(r, 0, sizeof(*r));
	build_sockaddr(c, big);
	if (c->placement == PAGE_TAIL) {
		void *tail = map_page_tail(c->place_bytes);

		assert_non_null(tail);
		memcpy(tail, big, c->place_bytes);
		addr = tail;
	} else if (c->placement == UNREADABLE) {
		addr = map_unreadable();
		assert_non_null(addr);
	}
	switch (c->fd_kind) {
	case FD_SOCKET: fd = socket(c->sock_family, c->sock_type, 0); break;
	case FD_CLOSED: fd = closed_fd(); break;
	default: fd = pipe_fd(); break;
	}
	assert_true(fd >= 0);
	r->ret = c->listen ? raw_listen(fd) : raw_bind(fd, addr, c->addrlen);
	if (c->fd_kind == FD_SOCKET) {
		struct child_result cr = { 0 };

		fill_sockname(&cr, fd);
		memcpy(r->addr, cr.addr, sizeof(r->addr));
		r->port = cr.port;
	}
	if (c->fd_kind != FD_CLOSED)
		close(fd);
}

static void check_event(const struct hostile_case *c, const struct call_result *r,
			struct json_object *e)
{
	const char *addr = json_get_str(e, "addr");
	const char *req = json_get_str(e, "requested_addr");

	fprintf(stderr, "# %-42s kernel %-14s bindguard ret %lld %s addr %s req %s\n", c->name,
		r->ret ? error_name(r->ret) : "ok", (long long)json_get_int(e, "ret"),
		json_get_str(e, "error") ? json_get_str(e, "error") : "-", addr ? addr : "null",
		req ? req : "null");
	if (r->ret != c->want_ret)
		fail_msg("%s: the kernel returned %d, the table expects %d", c->name, r->ret,
			 c->want_ret);
	assert_string_equal(json_get_str(e, "event"), c->listen ? "listen" : "bind");
	assert_int_equal(json_get_int(e, "ret"), r->ret);
	if (r->ret < 0)
		assert_string_equal(json_get_str(e, "error"), error_name(r->ret));
	else
		assert_null(json_get_str(e, "error"));
	assert_string_equal(json_get_str(e, "family"), c->want_family);
	if (c->fd_kind != FD_SOCKET) {
		/* no socket: no protocol and no exposure, not "proto-0"/"wildcard" */
		struct json_object *proto = NULL;

		assert_true(json_object_object_get_ex(e, "proto", &proto));
		if (proto || strcmp(json_get_str(e, "class"), "unknown") != 0)
			fail_msg("%s: proto %s, class %s; want null and unknown", c->name,
				 json_get_str(e, "proto"), json_get_str(e, "class"));
	}
	if (r->ret == 0 || c->listen) {
		/* what the socket is bound to, as getsockname() says */
		assert_non_null(addr);
		assert_string_equal(addr, r->addr);
		assert_int_equal(json_get_int(e, "port"), r->port);
	} else if (!c->want_addr || (c->or_null && !addr)) {
		if (addr)
			fail_msg("%s: bindguard shows address %s the caller never gave", c->name,
				 addr);
		assert_int_equal(json_get_int(e, "port"), INT64_MIN); /* null */
	} else {
		if (!addr)
			fail_msg("%s: the requested %s was readable, bindguard shows null", c->name,
				 c->want_addr);
		assert_string_equal(addr, c->want_addr);
		assert_int_equal(json_get_int(e, "port"), 0);
	}
	/* the requested address, when shown, is exactly what was asked, and
	 * in the socket's family */
	if (req && !c->listen) {
		if ((c->layout == 16) != (strcmp(c->want_family, "ipv4") == 0))
			fail_msg("%s: requested_addr %s shown in the socket's other family",
				 c->name, req);
		assert_string_equal(req, c->sa_addr);
	}
}

static void test_hostile_bind_arguments(void **state)
{
	const size_t n = sizeof(cases) / sizeof(cases[0]);
	struct call_result results[sizeof(cases) / sizeof(cases[0])];
	const char *const extra[] = { "--json", NULL };
	struct json_object *events;
	struct bg_proc p;

	(void)state;
	itest_require_root();
	start_self_trace(&p, extra);
	for (size_t i = 0; i < n; i++)
		run_case(&cases[i], &results[i]);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	if (json_object_array_length(events) != n) {
		fprintf(stderr, "# %zu calls, %zu events:\n%s", n, json_object_array_length(events),
			p.out ? p.out : "");
		fail_msg("one event per call expected");
	}
	/* one thread, so events come in the order of the calls */
	for (size_t i = 0; i < n; i++)
		check_event(&cases[i], &results[i], json_object_array_get_idx(events, i));
	assert_int_equal(bg_stderr_lines_with(&p, "malformed"), 0);
	json_object_put(events);
	bg_free(&p);
}

/* --- 10,000 concurrent binds -------------------------------------------- */
#define THREADS		 100
#define CALLS_PER_THREAD 100

struct bind_thread {
	pthread_t thread;
	int index;
	int tid;
	int held_port;
	pthread_barrier_t *start;
	int ret[CALLS_PER_THREAD];
	int port[CALLS_PER_THREAD];
	size_t matched; /* calls consumed while matching events */
};

/* 127.T.K.1: every call of every thread asks for its own address. */
static void call_address(int thread, int call, struct sockaddr_in *sin, char *text, size_t len)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr =
	    htonl(0x7f000001u | (uint32_t)(thread + 1) << 16 | (uint32_t)call << 8);
	if (text)
		inet_ntop(AF_INET, &sin->sin_addr, text, (socklen_t)len);
}

/* Four kinds of call in turn: a UDP bind that works, a TCP bind to a port
 * in use, a bind with a short addrlen, a bind on fd -1. */
static void *bind_thread_main(void *opaque)
{
	struct bind_thread *t = opaque;

	t->tid = (int)syscall(SYS_gettid);
	pthread_barrier_wait(t->start);
	for (int k = 0; k < CALLS_PER_THREAD; k++) {
		struct sockaddr_in sin;
		struct child_result cr = { 0 };
		int fd;

		call_address(t->index, k, &sin, NULL, 0);
		switch (k % 4) {
		case 0:
			fd = socket(AF_INET, SOCK_DGRAM, 0);
			t->ret[k] = raw_bind(fd, &sin, sizeof(sin));
			fill_sockname(&cr, fd);
			t->port[k] = cr.port;
			close(fd);
			break;
		case 1:
			sin.sin_port = htons((uint16_t)t->held_port);
			fd = socket(AF_INET, SOCK_STREAM, 0);
			t->ret[k] = raw_bind(fd, &sin, sizeof(sin));
			close(fd);
			break;
		case 2:
			fd = socket(AF_INET, SOCK_STREAM, 0);
			t->ret[k] = raw_bind(fd, &sin, 8);
			close(fd);
			break;
		default: t->ret[k] = raw_bind(-1, &sin, sizeof(sin)); break;
		}
	}
	return NULL;
}

/* Whether event e is what call k of thread t did. */
static bool event_is_call(const struct bind_thread *t, int k, struct json_object *e)
{
	char want[INET_ADDRSTRLEN];
	struct sockaddr_in sin;
	const char *addr = json_get_str(e, "addr"), *err = json_get_str(e, "error");
	int ret = t->ret[k];

	call_address(t->index, k, &sin, want, sizeof(want));
	if (json_get_int(e, "ret") != ret)
		return false;
	if (ret < 0 ? !err || strcmp(err, error_name(ret)) : err != NULL)
		return false;
	if (k % 4 == 2) /* addrlen 8: nothing readable to show */
		return addr == NULL;
	if (!addr || strcmp(addr, want))
		return false;
	if (k % 4 == 0 && json_get_int(e, "port") != t->port[k])
		return false;
	if (k % 4 == 1 && json_get_int(e, "port") != t->held_port)
		return false;
	return true;
}

static void concurrent_binds(const char *const *extra)
{
	static struct bind_thread threads[THREADS];
	pthread_barrier_t start;
	struct child_result held_result;
	unsigned long long printed = 0, dropped = 0;
	struct json_object *events;
	struct bg_proc p;
	int held;
	size_t n_events;

	/* the port every TCP bind of kind 1 collides with; bound before the
	 * tracer starts, so it is no event */
	held = do_bind_listen(&held_result, AF_INET, SOCK_STREAM, "0.0.0.0", 0);
	assert_true(held >= 0 && held_result.ret == 0);

	start_self_trace(&p, extra);
	assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
	for (int i = 0; i < THREADS; i++) {
		memset(&threads[i], 0, sizeof(threads[i]));
		threads[i].index = i;
		threads[i].held_port = held_result.port;
		threads[i].start = &start;
		assert_int_equal(
		    pthread_create(&threads[i].thread, NULL, bind_thread_main, &threads[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i].thread, NULL);
	pthread_barrier_destroy(&start);
	close(held);

	/* still alive and answering after the storm */
	assert_false(bg_exited(&p));
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	n_events = json_object_array_length(events);
	assert_int_equal(bg_summary(&p, &printed, &dropped), 0);
	fprintf(stderr, "# %d binds in %d threads: %zu events, %llu dropped\n",
		THREADS * CALLS_PER_THREAD, THREADS, n_events, dropped);
	assert_int_equal(printed, n_events);
	assert_int_equal(printed + dropped, THREADS * CALLS_PER_THREAD);
	assert_int_equal(bg_stderr_lines_with(&p, "malformed"), 0);

	/* Each thread's events come in the order of its calls: each must be
	 * the next call it made, or a later one when some were dropped. */
	for (size_t i = 0; i < n_events; i++) {
		struct json_object *e = json_object_array_get_idx(events, i);
		int tid = (int)json_get_int(e, "tid");
		struct bind_thread *t = NULL;

		for (int j = 0; j < THREADS && !t; j++)
			if (threads[j].tid == tid)
				t = &threads[j];
		if (!t)
			fail_msg("event %zu from tid %d, not one of the bind threads", i, tid);
		while (t->matched < CALLS_PER_THREAD && !event_is_call(t, (int)t->matched, e))
			t->matched++;
		if (t->matched == CALLS_PER_THREAD)
			fail_msg("event %zu (tid %d, addr %s, ret %lld) matches no call of its "
				 "thread",
				 i, tid, json_get_str(e, "addr") ? json_get_str(e, "addr") : "null",
				 (long long)json_get_int(e, "ret"));
		t->matched++;
	}
	json_object_put(events);
	bg_free(&p);
}

static void test_concurrent_binds(void **state)
{
	const char *const json[] = { "--json", NULL };

	(void)state;
	itest_require_root();
	concurrent_binds(json);
}

static void test_concurrent_binds_small_ring(void **state)
{
	const char *const small[] = { "--json", "-b", "16K", NULL };

	(void)state;
	itest_require_root();
	concurrent_binds(small);
}

/* --- bindguard's own output --------------------------------------------- */
static void bind_once(void)
{
	struct child_result r;
	int fd = do_bind(&r, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);

	close(fd);
}

/* Binds until bindguard exits by itself (it writes only when there is an
 * event), for at most timeout_ms. */
static void bind_until_exit(struct bg_proc *p, int timeout_ms)
{
	for (int waited = 0; waited < timeout_ms && !bg_exited(p); waited += 20) {
		bind_once();
		usleep(20000);
	}
}

/* `bindguard trace --json | head -1`: the reader leaves after one line and
 * more binds follow.  Exit status 141 (as for SIGPIPE) and one sentence. */
static void test_reader_goes_away(void **state)
{
	const char *const json[] = { "--json", NULL }, *const table[] = { NULL };
	const char *const *modes[] = { json, table };

	(void)state;
	itest_require_root();
	for (size_t m = 0; m < 2; m++) {
		struct bg_proc p;
		size_t started, summary, gone, lines;

		start_self_trace(&p, modes[m]);
		bind_once();
		assert_int_equal(bg_read_line(&p, 5000), 0);
		bg_close_stdout(&p);
		bind_until_exit(&p, 10000);
		assert_true(bg_exited(&p));
		assert_int_equal(bg_wait(&p, 5000), 141);
		/* nothing on stderr but the start line, the reason and the summary */
		started = bg_stderr_lines_with(&p, "bindguard trace: tracing started");
		gone = bg_stderr_lines_with(
		    &p, "bindguard trace: the reader of standard output went away");
		summary = bg_stderr_lines_with(&p, " events (");
		lines = bg_stderr_lines_with(&p, "");
		if (started != 1 || gone != 1 || summary != 1 || lines != 3)
			fail_msg("%s mode: unexpected stderr:\n%s", m ? "table" : "json", p.err);
		bg_free(&p);
	}
}

/* Issue 14: `trace --json | head -1` with exactly one bind never ended (it
 * learnt of the reader's exit only at its next write), and its summary
 * counted events it never delivered.  Now it ends at once, counting 1. */
static void test_reader_goes_away_after_the_only_event(void **state)
{
	const char *const json[] = { "--json", NULL };
	unsigned long long events, dropped;
	struct bg_proc p;

	(void)state;
	itest_require_root();
	start_self_trace(&p, json);
	bind_once();
	assert_int_equal(bg_read_line(&p, 5000), 0);
	assert_int_equal(count_lines(p.out), 1);
	bg_close_stdout(&p);
	/* no more binds: only the closed pipe can end it (137: killed, still
	 * running 3 s later) */
	assert_int_equal(bg_wait(&p, 3000), 141);
	assert_int_equal(bg_summary(&p, &events, &dropped), 0);
	if (events != 1)
		fail_msg("summary counts %llu events, 1 was delivered:\n%s", events, p.err);
	bg_free(&p);
}

/* The BPF links a process holds: the link_id of each fd's fdinfo. */
static size_t link_ids_of(pid_t pid, uint32_t *ids, size_t max)
{
	char dir_path[64], path[320], line[128];
	struct dirent *de;
	size_t n = 0;
	DIR *dir;

	snprintf(dir_path, sizeof(dir_path), "/proc/%d/fdinfo", (int)pid);
	dir = opendir(dir_path);
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL && n < max) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir_path, de->d_name);
		f = de->d_name[0] == '.' ? NULL : fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "link_id: %u", &ids[n]) == 1 && ++n == max)
				break;
		if (f)
			fclose(f);
	}
	closedir(dir);
	return n;
}

static bool link_exists(uint32_t id)
{
	int fd = bpf_link_get_fd_by_id(id);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* However trace ends (Ctrl-C, SIGTERM, its reader gone, killed), no link
 * of its own outlives it: they are the process's file descriptors, and it
 * destroys them all at once (link_teardown.c) or the kernel closes them. */
static void test_links_go_with_the_tracer(void **state)
{
	static const char *const ways[] = { "SIGINT", "SIGTERM", "reader gone", "SIGKILL" };
	const char *const json[] = { "--json", NULL };

	(void)state;
	itest_require_root();
	for (size_t w = 0; w < 4; w++) {
		uint32_t ids[32];
		struct bg_proc p;
		size_t n, left = 0;

		start_self_trace(&p, json);
		n = link_ids_of(p.pid, ids, 32);
		if (n < 2)
			fail_msg("%s: trace holds %zu BPF links, expected one per hook", ways[w],
				 n);
		for (size_t i = 0; i < n; i++)
			assert_true(link_exists(ids[i]));
		if (w == 2) {
			bind_once();
			assert_int_equal(bg_read_line(&p, 5000), 0);
			bg_close_stdout(&p);
			bind_until_exit(&p, 10000);
		} else {
			kill(p.pid, w == 0 ? SIGINT : w == 1 ? SIGTERM : SIGKILL);
		}
		/* stopped by itself: 0, or 141 (the reader's SIGPIPE); 137: killed */
		assert_int_equal(bg_wait(&p, 10000), w == 2 ? 141 : w == 3 ? 137 : 0);
		/* the links' files are closed when the process is gone */
		for (int tries = 0; tries < 100; tries++) {
			left = 0;
			for (size_t i = 0; i < n; i++)
				left += link_exists(ids[i]);
			if (!left)
				break;
			usleep(10000);
		}
		if (left)
			fail_msg("%s: %zu of trace's %zu BPF links are still there after it ended",
				 ways[w], left, n);
		bg_free(&p);
	}
}

/* `-o /dev/full`: exit status 2 and one sentence naming the file, whether
 * the first write is an event (JSON) or the header (table). */
static void test_output_to_full_device(void **state)
{
	const char *const json[] = { "--json", "-o", "/dev/full", NULL };
	const char *const table[] = { "-o", "/dev/full", "-d", "3", NULL };
	const char *const *modes[] = { json, table };

	(void)state;
	itest_require_root();
	for (size_t m = 0; m < 2; m++) {
		struct bg_proc p;

		start_self_trace(&p, modes[m]);
		if (m == 0)
			bind_until_exit(&p, 10000);
		assert_int_equal(bg_wait(&p, 10000), 2);
		if (bg_stderr_lines_with(&p, "/dev/full") != 1)
			fail_msg("%s mode: expected one sentence naming /dev/full:\n%s",
				 m ? "table" : "json", p.err);
		bg_free(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_bind_arguments),
		cmocka_unit_test(test_concurrent_binds),
		cmocka_unit_test(test_concurrent_binds_small_ring),
		cmocka_unit_test(test_reader_goes_away),
		cmocka_unit_test(test_reader_goes_away_after_the_only_event),
		cmocka_unit_test(test_links_go_with_the_tracer),
		cmocka_unit_test(test_output_to_full_device),
	};

	return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
