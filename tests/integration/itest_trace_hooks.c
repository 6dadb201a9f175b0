// SPDX-License-Identifier: GPL-2.0
/* bindguard trace --hooks on the real kernel: cgroup hooks attached only to
 * a cgroup this test creates; children bind inside (and outside) it. */
#include "cgroup_fixture.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

static int setup(void **state)
{
	return fixture_setup(state, "hooks", FIXTURE_OUTSIDE);
}

static void start_tracer(struct bg_proc *p, const struct fixture *f, const char *const *extra)
{
	const char *const words[] = { "trace", "--json", "--hooks", "--cgroup", f->cgroup, NULL };

	bg_start_tracer(p, words, extra);
}

static struct json_object *stop_tracer(struct bg_proc *p)
{
	struct json_object *events;

	assert_int_equal(bg_stop(p), 0);
	assert_non_null(strstr(p->err, "--hooks: failed binds"));
	/* the closing summary names what was hooked */
	assert_non_null(strstr(p->err, ", backend hooks (cgroup bind, post_bind, sockops)\n"));
	events = bg_json_lines(p);
	bg_free(p);
	return events;
}

/* Traces one child run inside the traced cgroup (or outside it). */
static struct json_object *trace_child(const struct fixture *f, const char *const *extra,
				       child_fn fn, void *arg, struct child_result *r, bool outside)
{
	struct bg_proc p;

	start_tracer(&p, f, extra);
	assert_int_equal(run_child_in(fn, arg, r, false, outside ? f->outside : f->cgroup), 0);
	return stop_tracer(&p);
}

/* --- the table ------------------------------------------------------------ */
struct hook_case {
	const char *name;
	int family, type;
	const char *addr;
	bool fixed_port; /* a free port rather than 0 */
	int v6only;
	const char *want_class, *want_proto;
	const char *want_v6only; /* IPv6 only */
};

static const struct hook_case hook_cases[] = {
	{ "tcp4 wildcard", AF_INET, SOCK_STREAM, "0.0.0.0", false, -1, "wildcard", "tcp", NULL },
	{ "udp4 wildcard", AF_INET, SOCK_DGRAM, "0.0.0.0", false, -1, "wildcard", "udp", NULL },
	{ "tcp4 loopback", AF_INET, SOCK_STREAM, "127.0.0.1", false, -1, "loopback", "tcp", NULL },
	{ "udp4 loopback fixed", AF_INET, SOCK_DGRAM, "127.0.0.1", true, -1, "loopback", "udp",
	  NULL },
	{ "tcp4 wildcard fixed", AF_INET, SOCK_STREAM, "0.0.0.0", true, -1, "wildcard", "tcp",
	  NULL },
	{ "tcp6 wildcard dual-stack", AF_INET6, SOCK_STREAM, "::", false, 0, "wildcard", "tcp",
	  "false" },
	{ "tcp6 wildcard v6only", AF_INET6, SOCK_STREAM, "::", false, 1, "wildcard", "tcp",
	  "true" },
	{ "udp6 wildcard", AF_INET6, SOCK_DGRAM, "::", false, 0, "wildcard", "udp", "false" },
	{ "udp6 loopback", AF_INET6, SOCK_DGRAM, "::1", false, -1, "loopback", "udp", "true" },
	{ "tcp6 loopback fixed", AF_INET6, SOCK_STREAM, "::1", true, -1, "loopback", "tcp",
	  "true" },
	{ "tcp6 v4-mapped loopback", AF_INET6, SOCK_STREAM, "::ffff:127.0.0.1", false, 0,
	  "loopback", "tcp", "false" },
};

struct hook_arg {
	const struct hook_case *c;
	int port;
};

static void child_hook_case(struct child_result *r, void *arg)
{
	const struct hook_arg *a = arg;

	do_bind(r, a->c->family, a->c->type, a->c->addr, a->port, a->c->v6only, 0);
}

static void test_bind_cases(void **state)
{
	const struct fixture *f = *state;

	itest_require_root();
	for (size_t i = 0; i < sizeof(hook_cases) / sizeof(hook_cases[0]); i++) {
		const struct hook_case *c = &hook_cases[i];
		struct hook_arg a = { c, c->fixed_port ? free_port(c->type) : 0 };
		struct child_result r;
		struct json_object *events = trace_child(f, NULL, child_hook_case, &a, &r, false);
		const struct bind_want want = { c->name, c->family, c->want_class, c->want_proto };
		struct json_object *e = expect_bind_event(events, &r, &want);

		assert_int_equal(count_events_for(events, &r), 1);
		assert_true(r.port > 0);
		/* the request as the kernel's copy held it */
		assert_string_equal(json_get_str(e, "requested_addr"), c->addr);
		assert_int_equal(json_get_int(e, "requested_port"), a.port);
		assert_true(json_get_int(e, "netns") > 0);
		if (c->want_v6only)
			assert_string_equal(json_get_str(e, "v6only"), c->want_v6only);
		json_object_put(events);
	}
}

/* --- listen ---------------------------------------------------------------- */
static void test_listen_without_bind(void **state)
{
	const struct fixture *f = *state;
	struct child_result r;
	struct json_object *events, *e;

	itest_require_root();
	events = trace_child(f, NULL, child_listen_unbound, NULL, &r, false);
	assert_int_equal(r.ret, 0);
	assert_null(event_for(events, &r, "bind")); /* autobind: no bind hook */
	e = event_for(events, &r, "listen");
	assert_non_null(e);
	assert_string_equal(json_get_str(e, "addr"), "::");
	/* the port the kernel gave at listen(), not the 0 of before */
	assert_int_equal(json_get_int(e, "port"), r.port);
	assert_true(r.port > 0);
	assert_null(json_get_str(e, "requested_port")); /* unknown in this mode */
	assert_string_equal(json_get_str(e, "dual_stack"), "true");
	assert_string_equal(json_get_str(e, "source"), "syscall");
	assert_int_equal(json_get_int(e, "tid"), r.tid);
	json_object_put(events);
}

static void test_bind_then_listen(void **state)
{
	const struct fixture *f = *state;
	struct child_result r;
	struct json_object *events, *l;

	itest_require_root();
	events = trace_child(f, NULL, child_bind_then_listen, NULL, &r, false);
	l = expect_bind_then_listen(events, &r);
	assert_string_equal(json_get_str(l, "addr"), "0.0.0.0");
	json_object_put(events);
}

/* The table line of pid's event of this kind ("bind", "listen"), or NULL. */
static char *table_line_for(const char *out, int pid, const char *kind, char *line, size_t len)
{
	char want[64];

	snprintf(want, sizeof(want), " %d ", pid);
	for (const char *l = out; l && *l;) {
		const char *end = strchr(l, '\n');
		size_t n = end ? (size_t)(end - l) : strlen(l);

		snprintf(line, len, "%.*s", (int)n, l);
		if (strstr(line, want) && strstr(line, kind))
			return line;
		l = end ? end + 1 : NULL;
	}
	return NULL;
}

static void child_bind_port_then_listen(struct child_result *r, void *arg)
{
	do_bind_listen(r, AF_INET, SOCK_STREAM, "127.0.0.1", *(int *)arg);
}

/* Issue 14: the table said "(autobind)" for every listen under --hooks,
 * even after an explicit bind: this mode does not know what was bound
 * before listen() (JSON: requested null), so it claims nothing. */
static void test_table_listen_after_bind_is_not_autobind(void **state)
{
	const struct fixture *f = *state;
	const char *args[] = { "trace", "--hooks", "--cgroup", f->cgroup, NULL };
	int port = free_port(SOCK_STREAM);
	struct child_result r;
	struct bg_proc p;
	char line[512];

	itest_require_root();
	bg_start_tracer(&p, args, NULL);
	assert_int_equal(run_child_in(child_bind_port_then_listen, &port, &r, false, f->cgroup), 0);
	assert_int_equal(r.ret, 0);
	assert_int_equal(bg_stop(&p), 0);
	assert_non_null(table_line_for(p.out, r.pid, " bind ", line, sizeof(line)));
	if (!table_line_for(p.out, r.pid, " listen ", line, sizeof(line)))
		fail_msg("no listen line for pid %d:\n%s", r.pid, p.out);
	if (strstr(line, "(autobind)"))
		fail_msg("a listen after bind() to port %d is labelled autobind:\n%s", port, line);
	bg_free(&p);
}

/* --- what the mode cannot see (documented) --------------------------------- */
static void child_failures(struct child_result *r, void *arg)
{
	struct child_result first;
	int fd, one = 1;

	(void)arg;
	fd = do_bind(&first, AF_INET, SOCK_STREAM, "127.0.0.1", 0, -1, 0);
	listen(fd, 1);
	/* EADDRINUSE: no post_bind */
	do_bind(r, AF_INET, SOCK_STREAM, "127.0.0.1", first.port, -1, 0);
	r->extra = first.port;
	/* IP_BIND_ADDRESS_NO_PORT: the kernel skips post_bind */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one)) == 0) {
		struct sockaddr_in sin = { .sin_family = AF_INET,
					   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
			r->ret = -1000; /* not expected */
	}
}

static void test_failed_and_no_port_binds_not_reported(void **state)
{
	const struct fixture *f = *state;
	struct child_result r;
	struct json_object *events;
	char port[16];

	itest_require_root();
	events = trace_child(f, NULL, child_failures, NULL, &r, false);
	assert_int_equal(r.ret, -EADDRINUSE);
	snprintf(port, sizeof(port), "%d", r.extra);
	/* the first bind and its listen only */
	assert_int_equal(json_count(events, "event", "bind", NULL), 1);
	assert_int_equal(json_count(events, "event", "listen", NULL), 1);
	assert_int_equal(json_count(events, "port", port, NULL), 2);
	assert_null(json_find(events, "error", "EADDRINUSE", NULL));
	json_object_put(events);
}

static void child_bind_loopback(struct child_result *r, void *arg)
{
	(void)arg;
	do_bind(r, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);
}

static void test_outside_cgroup_not_seen(void **state)
{
	const struct fixture *f = *state;
	struct child_result r;
	struct json_object *events;

	itest_require_root();
	events = trace_child(f, NULL, child_bind_loopback, NULL, &r, true);
	assert_int_equal(r.ret, 0);
	assert_int_equal(count_events_for(events, &r), 0);
	json_object_put(events);
}

/* --- beside an enforcer on the same cgroup --------------------------------- */
static void child_bind_wildcard(struct child_result *r, void *arg)
{
	(void)arg;
	do_bind(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0, -1, 0);
}

static void test_beside_enforcer(void **state)
{
	const struct fixture *f = *state;
	const char *const enforce_args[] = { "enforce",	 "--json",  "--mode", "rewrite",
					     "--cgroup", f->cgroup, NULL };
	struct bg_proc enforcer, tracer;
	struct child_result r;
	struct json_object *events, *e;

	itest_require_root();
	/* enforcer first: its hook was attached first and runs first */
	assert_int_equal(bg_start(&enforcer, enforce_args), 0);
	if (bg_wait_for_stderr(&enforcer, "enforcing started", 10000)) {
		bg_free(&enforcer);
		fail_msg("enforcer did not start");
	}
	start_tracer(&tracer, f, NULL);
	assert_int_equal(run_child_in(child_bind_wildcard, NULL, &r, false, f->cgroup), 0);
	events = stop_tracer(&tracer);
	assert_int_equal(bg_stop(&enforcer), 0);
	bg_free(&enforcer);

	assert_int_equal(r.ret, 0);
	assert_string_equal(r.addr, "127.0.0.1");
	e = event_for(events, &r, "bind");
	assert_non_null(e);
	/* effective: the rewritten address */
	assert_string_equal(json_get_str(e, "addr"), "127.0.0.1");
	assert_int_equal(json_get_int(e, "port"), r.port);
	/* requested: what the enforcer's hook, which ran before ours, left */
	assert_string_equal(json_get_str(e, "requested_addr"), "127.0.0.1");
	assert_null(json_get_str(e, "action")); /* the tracer knows no verdicts */
	json_object_put(events);
}

/* --- filters ----------------------------------------------------------------- */
static void child_mixed(struct child_result *r, void *arg)
{
	struct child_result tmp;

	(void)arg;
	do_bind(r, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0);
	do_bind(&tmp, AF_INET, SOCK_DGRAM, "0.0.0.0", 0, -1, 0);
	do_bind(&tmp, AF_INET6, SOCK_DGRAM, "::1", 0, -1, 0);
	r->extra = tmp.port;
}

static void test_filters(void **state)
{
	const struct fixture *f = *state;
	const char *const exposed[] = { "-x", NULL };
	const char *const v6[] = { "-6", NULL };
	const char *const ok[] = { "--ok", NULL };
	struct child_result r;
	struct json_object *events;
	char pid_other[16];

	itest_require_root();
	events = trace_child(f, exposed, child_mixed, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 1);
	assert_non_null(json_find(events, "addr", "0.0.0.0", NULL));
	json_object_put(events);

	events = trace_child(f, v6, child_mixed, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 1);
	assert_non_null(json_find(events, "addr", "::1", NULL));
	json_object_put(events);

	events = trace_child(f, ok, child_mixed, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 3);
	json_object_put(events);

	snprintf(pid_other, sizeof(pid_other), "%d", getpid());
	const char *const pid_args[] = { "-p", pid_other, NULL };
	events = trace_child(f, pid_args, child_mixed, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 0); /* the child is another process */
	json_object_put(events);

	const char *const port_args[] = { "-P", "1-3", NULL };
	events = trace_child(f, port_args, child_mixed, NULL, &r, false);
	assert_int_equal(count_events_for(events, &r), 0);
	json_object_put(events);
}

/* --- options refused --------------------------------------------------------- */
static void test_refused_combinations(void **state)
{
	const char *const errors[] = { "trace", "--hooks", "--errors", NULL };
	const char *const no_hooks[] = { "trace", "--cgroup", "/", NULL };
	const char *const bad_cg[] = { "trace", "--hooks", "--cgroup", "/no/such/cgroup/here",
				       NULL };
	struct bg_proc p;

	(void)state;
	itest_require_root();
	assert_int_not_equal(bg_run(&p, errors, 10000), 0);
	assert_non_null(strstr(p.err, "--errors cannot go with --hooks"));
	bg_free(&p);
	assert_int_not_equal(bg_run(&p, no_hooks, 10000), 0);
	assert_non_null(strstr(p.err, "--cgroup needs --hooks"));
	bg_free(&p);
	assert_int_not_equal(bg_run(&p, bad_cg, 10000), 0);
	assert_non_null(strstr(p.err, "--cgroup"));
	bg_free(&p);
}

/* Where the kernel does not let cgroup socket programs read the current
 * task, --hooks must refuse with one sentence and attach nothing. */
static void test_refused_on_this_kernel(void **state)
{
	struct fixture *f = *state;
	const char *const args[] = { "trace", "--hooks", "--cgroup", f->cgroup, "-d", "1", NULL };
	struct bg_proc p;

	itest_require_root();
	assert_int_equal(bg_run(&p, args, 20000), 2);
	fprintf(stderr, "# %s", p.err);
	assert_non_null(strstr(p.err, "--hooks cannot work here"));
	assert_non_null(strstr(p.err, " programs (")); /* names the program type */
	assert_non_null(strstr(p.err, ") call bpf_")); /* and the helper */
	assert_null(strstr(p.err, "tracing started"));
	bg_free(&p);
}

/* The test's own check of what bindguard probes, to pick the right tests:
 * whether the verifier lets the post_bind and sockops programs call the
 * task helpers they need.  Not libbpf_probe_bpf_helper: libbpf 1.1 takes
 * the newer verifiers' "program of this type cannot use helper" for a yes
 * (Debian's 6.12, sockops and bpf_get_current_uid_gid). */
static bool helper_refused(enum bpf_prog_type type, enum bpf_attach_type attach, int helper)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = helper },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static char log[8192];
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach, .log_buf = log,
		    .log_size = sizeof(log), .log_level = 1);
	int fd;

	log[0] = 0;
	fd = bpf_prog_load(type, NULL, "GPL", insns, 3, &opts);
	if (fd >= 0)
		close(fd);
	return fd < 0 && (strstr(log, "cannot use helper") || strstr(log, "unknown func"));
}

static bool kernel_supports_hooks(void)
{
	const int helpers[] = { BPF_FUNC_get_current_pid_tgid, BPF_FUNC_get_current_uid_gid,
				BPF_FUNC_get_current_comm, BPF_FUNC_get_current_task };

	for (size_t h = 0; h < sizeof(helpers) / sizeof(helpers[0]); h++)
		if (helper_refused(BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND,
				   helpers[h]) ||
		    helper_refused(BPF_PROG_TYPE_SOCK_OPS, 0, helpers[h]))
			return false;
	return true;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bind_cases),
		cmocka_unit_test(test_listen_without_bind),
		cmocka_unit_test(test_bind_then_listen),
		cmocka_unit_test(test_table_listen_after_bind_is_not_autobind),
		cmocka_unit_test(test_failed_and_no_port_binds_not_reported),
		cmocka_unit_test(test_outside_cgroup_not_seen),
		cmocka_unit_test(test_beside_enforcer),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_refused_combinations),
	};
	const struct CMUnitTest unsupported[] = {
		cmocka_unit_test(test_refused_on_this_kernel),
		cmocka_unit_test(test_refused_combinations),
	};

	if (geteuid() == 0 && !kernel_supports_hooks()) {
		fprintf(stderr, "# this kernel cannot run --hooks: checking that it refuses\n");
		return cmocka_run_group_tests_name("trace_hooks_refused", unsupported, setup,
						   fixture_teardown);
	}
	return cmocka_run_group_tests_name("trace_hooks", tests, setup, fixture_teardown);
}
