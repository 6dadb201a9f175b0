// SPDX-License-Identifier: GPL-2.0
/* bindguard enforce on the real kernel, always on a cgroup the test made:
 * rewrite, deny, scopes, allow-lists, bad policies, process death, pinning. */
#include "cgroup_fixture.h"
#include "pinning.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sched.h>
#include <unistd.h>

#include "hostile.h"

static int setup(void **state)
{
	return fixture_setup(state, "enforce", FIXTURE_OUTSIDE | FIXTURE_PIN_DIR);
}

/* Number of programs attached to the cgroup for bind4 + bind6. */
static int hooks_on(const char *cgroup)
{
	return hooks_attached(cgroup);
}

/* --- table: what each bind becomes -------------------------------------- */
struct bind_req {
	int family, type;
	const char *addr;
	int port;
	int freebind;
	const char *comm; /* process name, NULL: default */
	uid_t uid;	  /* 0: stay root */
};

static void child_bind_req(struct child_result *r, void *arg)
{
	const struct bind_req *q = arg;

	if (q->comm)
		prctl(PR_SET_NAME, q->comm, 0, 0, 0);
	if (q->uid && setresuid(q->uid, q->uid, q->uid)) {
		r->ret = -errno;
		return;
	}
	do_bind(r, q->family, q->type, q->addr, q->port, -1, q->freebind);
}

struct enforce_case {
	const char *name;
	const char *const *flags; /* enforcer flags */
	struct bind_req req;
	bool outside; /* bind from the sibling cgroup */
	int want_ret;
	const char *want_addr;	 /* getsockname() after the bind */
	const char *want_action; /* NULL: no event expected */
};

static const char *const rewrite[] = { "--mode", "rewrite", NULL };
static const char *const deny[] = { "--mode", "deny", NULL };
static const char *const log_only[] = { "--mode", "log", NULL };
static const char *const nonloop_rewrite[] = { "--mode", "rewrite", "--scope", "non-loopback",
					       NULL };
static const char *const nonloop_deny[] = { "--mode", "deny", "--scope", "non-loopback", NULL };
static const char *const allow_port[] = { "--mode", "deny", "--allow-port", "1-2,47123", NULL };
static const char *const allow_comm[] = { "--mode", "deny", "--allow-comm", "bg-allowed", NULL };
static const char *const allow_user[] = { "--mode", "deny", "--allow-user", "nobody", NULL };
static const char *const allow_udp[] = { "--mode", "deny", "--allow-protocol", "udp", NULL };
static const char *const rewrite_127_2[] = { "--mode", "rewrite", "--rewrite-to", "127.0.0.2",
					     NULL };

static const struct enforce_case cases[] = {
	{ "tcp4 rewrite",
	  rewrite,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0 },
	  false,
	  0,
	  "127.0.0.1",
	  "rewrite" },
	{ "udp4 rewrite",
	  rewrite,
	  { AF_INET, SOCK_DGRAM, "0.0.0.0", 47124 },
	  false,
	  0,
	  "127.0.0.1",
	  "rewrite" },
	/* dual-stack :: keeps 127.0.0.1 clients (itest_enforce_programs) */
	{ "tcp6 rewrite",
	  rewrite,
	  { AF_INET6, SOCK_STREAM, "::", 0 },
	  false,
	  0,
	  "::ffff:127.0.0.1",
	  "rewrite" },
	{ "udp6 rewrite",
	  rewrite,
	  { AF_INET6, SOCK_DGRAM, "::", 47125 },
	  false,
	  0,
	  "::ffff:127.0.0.1",
	  "rewrite" },
	{ "tcp v4-mapped rewrite",
	  rewrite,
	  { AF_INET6, SOCK_STREAM, "::ffff:0.0.0.0", 0 },
	  false,
	  0,
	  "::ffff:127.0.0.1",
	  "rewrite" },
	{ "udp v4-mapped rewrite",
	  rewrite,
	  { AF_INET6, SOCK_DGRAM, "::ffff:0.0.0.0", 47126 },
	  false,
	  0,
	  "::ffff:127.0.0.1",
	  "rewrite" },
	{ "rewrite to 127.0.0.2",
	  rewrite_127_2,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0 },
	  false,
	  0,
	  "127.0.0.2",
	  "rewrite" },
	{ "loopback untouched",
	  deny,
	  { AF_INET, SOCK_STREAM, "127.0.0.1", 0 },
	  false,
	  0,
	  "127.0.0.1",
	  NULL },
	{ "::1 port 0 never denied",
	  deny,
	  { AF_INET6, SOCK_STREAM, "::1", 0 },
	  false,
	  0,
	  "::1",
	  NULL },
	{ "tcp4 deny",
	  deny,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0 },
	  false,
	  -EPERM,
	  "0.0.0.0",
	  "deny" },
	{ "tcp6 deny", deny, { AF_INET6, SOCK_STREAM, "::", 0 }, false, -EPERM, "::", "deny" },
	{ "udp4 fixed port deny",
	  deny,
	  { AF_INET, SOCK_DGRAM, "0.0.0.0", 47127 },
	  false,
	  -EPERM,
	  "0.0.0.0",
	  "deny" },
	{ "udp port 0 is a client: left alone",
	  deny,
	  { AF_INET, SOCK_DGRAM, "0.0.0.0", 0 },
	  false,
	  0,
	  "0.0.0.0",
	  NULL },
	{ "log only",
	  log_only,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0 },
	  false,
	  0,
	  "0.0.0.0",
	  "log" },
	{ "freebind address, scope wildcard: untouched",
	  deny,
	  { AF_INET, SOCK_STREAM, "192.168.77.5", 0, 1 },
	  false,
	  0,
	  "192.168.77.5",
	  NULL },
	{ "freebind address, scope non-loopback: rewritten",
	  nonloop_rewrite,
	  { AF_INET, SOCK_STREAM, "192.168.77.5", 0, 1 },
	  false,
	  0,
	  "127.0.0.1",
	  "rewrite" },
	{ "freebind address, scope non-loopback: denied",
	  nonloop_deny,
	  { AF_INET, SOCK_STREAM, "192.168.77.5", 0, 1 },
	  false,
	  -EPERM,
	  "0.0.0.0",
	  "deny" },
	{ "allowed port",
	  allow_port,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 47123 },
	  false,
	  0,
	  "0.0.0.0",
	  "allow" },
	{ "port not allowed",
	  allow_port,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 47128 },
	  false,
	  -EPERM,
	  "0.0.0.0",
	  "deny" },
	{ "allowed comm",
	  allow_comm,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0, 0, "bg-allowed" },
	  false,
	  0,
	  "0.0.0.0",
	  "allow" },
	{ "other comm",
	  allow_comm,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0, 0, "bg-other" },
	  false,
	  -EPERM,
	  "0.0.0.0",
	  "deny" },
	{ "allowed user",
	  allow_user,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0, 0, NULL, 65534 },
	  false,
	  0,
	  "0.0.0.0",
	  "allow" },
	{ "root not allowed",
	  allow_user,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0 },
	  false,
	  -EPERM,
	  "0.0.0.0",
	  "deny" },
	{ "allowed protocol udp",
	  allow_udp,
	  { AF_INET, SOCK_DGRAM, "0.0.0.0", 47129 },
	  false,
	  0,
	  "0.0.0.0",
	  "allow" },
	{ "tcp with udp allowed",
	  allow_udp,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0 },
	  false,
	  -EPERM,
	  "0.0.0.0",
	  "deny" },
	{ "outside the cgroup: untouched",
	  deny,
	  { AF_INET, SOCK_STREAM, "0.0.0.0", 0 },
	  true,
	  0,
	  "0.0.0.0",
	  NULL },
};

static void test_enforce_cases(void **state)
{
	struct fixture *f = *state;

	itest_require_root();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct enforce_case *c = &cases[i];
		struct bg_proc p;
		struct child_result r;
		struct json_object *events, *e;
		char pid[16];

		bg_start_enforcer(&p, f->cgroup, c->flags);
		assert_int_equal(run_child_in(child_bind_req, (void *)&c->req, &r, false,
					      c->outside ? f->outside : f->cgroup),
				 0);
		assert_int_equal(bg_stop(&p), 0);
		events = bg_json_lines(&p);
		fprintf(stderr, "# case %s: ret %d, bound %s port %d, %zu events\n", c->name, r.ret,
			r.addr, r.port, json_object_array_length(events));
		if (r.ret != c->want_ret)
			fail_msg("case %s: bind returned %d, expected %d", c->name, r.ret,
				 c->want_ret);
		assert_string_equal(r.addr, c->want_addr);
		snprintf(pid, sizeof(pid), "%d", r.pid);
		e = json_find(events, "pid", pid, NULL);
		if (!c->want_action) {
			if (e)
				fail_msg("case %s: unexpected event %s", c->name,
					 json_object_to_json_string(e));
		} else {
			if (!e)
				fail_msg("case %s: no event", c->name);
			assert_string_equal(json_get_str(e, "action"), c->want_action);
			assert_int_equal(json_get_int(e, "ret"), r.ret);
			assert_string_equal(json_get_str(e, "requested_addr"), c->req.addr);
			if (strcmp(c->want_action, "rewrite") == 0) {
				assert_string_equal(json_get_str(e, "orig_addr"), c->req.addr);
				assert_string_equal(json_get_str(e, "addr"), r.addr);
				assert_int_equal(json_get_int(e, "port"), r.port);
				assert_string_equal(json_get_str(e, "class"), "loopback");
			}
			if (strcmp(c->want_action, "deny") == 0)
				assert_string_equal(json_get_str(e, "error"), "EPERM");
		}
		json_object_put(events);
		bg_free(&p);
	}
	assert_int_equal(hooks_on(f->cgroup), 0);
}

static void child_bind_allowed_cgroup(struct child_result *r, void *arg)
{
	(void)arg;
	do_bind(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0, -1, 0);
}

static void test_allowed_cgroup_subtree(void **state)
{
	struct fixture *f = *state;
	char sub[600], allowed[600];
	struct bg_proc p;
	struct child_result in_allowed, in_other;

	itest_require_root();
	snprintf(allowed, sizeof(allowed), "%s/allowed", f->cgroup);
	snprintf(sub, sizeof(sub), "%s/other", f->cgroup);
	assert_int_equal(mkdir(allowed, 0755), 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	const char *const flags[] = { "--mode", "deny", "--allow-cgroup", allowed, NULL };
	bg_start_enforcer(&p, f->cgroup, flags);
	assert_int_equal(run_child_in(child_bind_allowed_cgroup, NULL, &in_allowed, false, allowed),
			 0);
	assert_int_equal(run_child_in(child_bind_allowed_cgroup, NULL, &in_other, false, sub), 0);
	assert_int_equal(bg_stop(&p), 0);
	bg_free(&p);
	rmdir(allowed);
	rmdir(sub);
	assert_int_equal(in_allowed.ret, 0);
	assert_int_equal(in_other.ret, -EPERM);
}

/* The cgroups of the tests below: an allowed service under a slice, a
 * sibling whose name starts with its name, and one of its name under
 * another slice. */
struct service_cgroups {
	char slice[600], other_slice[600];
	char allowed[700], sibling[700], elsewhere[700];
};

static void make_service_cgroups(const struct fixture *f, struct service_cgroups *c)
{
	snprintf(c->slice, sizeof(c->slice), "%s/apps.slice", f->cgroup);
	snprintf(c->other_slice, sizeof(c->other_slice), "%s/other.slice", f->cgroup);
	snprintf(c->allowed, sizeof(c->allowed), "%s/web.service", c->slice);
	snprintf(c->sibling, sizeof(c->sibling), "%s/web.service2", c->slice);
	snprintf(c->elsewhere, sizeof(c->elsewhere), "%s/web.service", c->other_slice);
	assert_int_equal(mkdir(c->slice, 0755), 0);
	assert_int_equal(mkdir(c->other_slice, 0755), 0);
	assert_int_equal(mkdir(c->allowed, 0755), 0);
	assert_int_equal(mkdir(c->sibling, 0755), 0);
	assert_int_equal(mkdir(c->elsewhere, 0755), 0);
}

static void remove_service_cgroups(const struct service_cgroups *c)
{
	test_cgroup_remove(c->slice);
	test_cgroup_remove(c->other_slice);
}

/* What systemd does when a service restarts: its cgroup is removed and
 * made again, same path, new id. */
static void make_again(const char *cgroup)
{
	struct stat before, after;

	assert_int_equal(stat(cgroup, &before), 0);
	assert_int_equal(rmdir(cgroup), 0);
	assert_int_equal(mkdir(cgroup, 0755), 0);
	assert_int_equal(stat(cgroup, &after), 0);
	assert_true(after.st_ino != before.st_ino);
}

/* An allowed cgroup is matched by its place too (its parent and name), so
 * a service systemd restarted is still allowed; a sibling of another name
 * and a cgroup of its name under another parent are not. */
static void allowed_cgroup_made_again(const struct fixture *f)
{
	struct child_result first, again, sibling, elsewhere;
	struct service_cgroups c;
	int ran[4], stopped;
	struct bg_proc p;

	itest_require_root();
	make_service_cgroups(f, &c);
	const char *const flags[] = { "--mode", "deny", "--allow-cgroup", c.allowed, NULL };
	bg_start_enforcer(&p, f->cgroup, flags);
	ran[0] = run_child_in(child_bind_allowed_cgroup, NULL, &first, false, c.allowed);
	make_again(c.allowed);
	ran[1] = run_child_in(child_bind_allowed_cgroup, NULL, &again, false, c.allowed);
	ran[2] = run_child_in(child_bind_allowed_cgroup, NULL, &sibling, false, c.sibling);
	ran[3] = run_child_in(child_bind_allowed_cgroup, NULL, &elsewhere, false, c.elsewhere);
	stopped = bg_stop(&p);
	bg_free(&p);
	remove_service_cgroups(&c);
	assert_int_equal(stopped, 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ran[i], 0);
	assert_int_equal(first.ret, 0);
	if (again.ret != 0)
		fail_msg("a bind from the allowed cgroup made again returned %d", again.ret);
	assert_int_equal(sibling.ret, -EPERM);
	assert_int_equal(elsewhere.ret, -EPERM);
}

static void test_allowed_cgroup_made_again(void **state)
{
	allowed_cgroup_made_again(*state);
}

/* The same as on a kernel before 6.0, which has no cgroup->ancestors[]:
 * the hook walks up the cgroups' directories to the allowed one's level
 * (unless the whole run is already planned as on an older kernel).  Set
 * and unset around the test, so that a failure leaves it set for no other. */
static bool hooks_as_before_set;

static int plan_hooks_as_before_6_0(void **state)
{
	(void)state;
	hooks_as_before_set = !getenv("BINDGUARD_HOOKS_AS_BEFORE");
	if (hooks_as_before_set)
		setenv("BINDGUARD_HOOKS_AS_BEFORE", "6.0", 1);
	return 0;
}

static int plan_hooks_as_now(void **state)
{
	(void)state;
	if (hooks_as_before_set)
		unsetenv("BINDGUARD_HOOKS_AS_BEFORE");
	hooks_as_before_set = false;
	return 0;
}

static void test_allowed_cgroup_made_again_before_6_0(void **state)
{
	allowed_cgroup_made_again(*state);
}

/* The allowed cgroup's entry in `status --json`: [0] of allow_cgroups. */
static struct json_object *status_allowed_cgroup(const struct fixture *f, struct json_object **st)
{
	const char *const args[] = { "status", "--json", "--pin-dir", f->pin_dir, NULL };
	struct json_object *list;
	struct bg_proc p;

	assert_int_equal(bg_run(&p, args, 10000), 0);
	*st = json_tokener_parse(p.out);
	bg_free(&p);
	assert_non_null(*st);
	assert_true(json_object_object_get_ex(*st, "allow_cgroups", &list));
	assert_int_equal(json_object_array_length(list), 1);
	return json_object_array_get_idx(list, 0);
}

static void expect_status_text(const struct fixture *f, const char *words)
{
	const char *const args[] = { "status", "--pin-dir", f->pin_dir, NULL };
	struct bg_proc p;

	assert_int_equal(bg_run(&p, args, 10000), 0);
	if (!strstr(p.out, words) || strstr(p.out, "cgroup cgroup"))
		fail_msg("status does not say '%s' (once):\n%s", words, p.out);
	bg_free(&p);
}

/* A pinned policy's allowed cgroup, removed and made again: the new one
 * is allowed, and `status` says why (and, in between, what will match). */
static void test_status_of_an_allowed_cgroup_made_again(void **state)
{
	struct fixture *f = *state;
	struct json_object *st, *a;
	struct service_cgroups c;
	struct child_result r;
	struct bg_proc p;
	char words[800];
	int64_t first_id;
	struct stat made;

	itest_require_root();
	make_service_cgroups(f, &c);
	const char *const pin[] = { "enforce",	      "--cgroup", f->cgroup,   "--mode",
				    "deny",	      "--pin",	  "--pin-dir", f->pin_dir,
				    "--allow-cgroup", c.allowed,  NULL };
	assert_int_equal(bg_run(&p, pin, 10000), 0);
	bg_free(&p);
	a = status_allowed_cgroup(f, &st);
	assert_string_equal(json_get_str(a, "cgroup"), c.allowed);
	assert_non_null(json_get_str(a, "name"));
	assert_string_equal(json_get_str(a, "name"), "web.service");
	assert_null(json_get_str(a, "matched_by_name"));
	first_id = json_get_int(a, "cgroup_id");
	json_object_put(st);

	/* between the service's stop and its start */
	assert_int_equal(rmdir(c.allowed), 0);
	snprintf(words, sizeof(words), "(no longer exists; matches %s when it is made again)",
		 c.allowed);
	expect_status_text(f, words);

	assert_int_equal(mkdir(c.allowed, 0755), 0);
	assert_int_equal(stat(c.allowed, &made), 0);
	assert_true((int64_t)made.st_ino != first_id);
	snprintf(words, sizeof(words), "(no longer exists; matched by name: %s)", c.allowed);
	expect_status_text(f, words);
	a = status_allowed_cgroup(f, &st);
	assert_non_null(json_get_str(a, "matched_by_name"));
	assert_string_equal(json_get_str(a, "matched_by_name"), c.allowed);
	assert_int_equal(json_get_int(a, "cgroup_id"), first_id);
	json_object_put(st);

	assert_int_equal(run_child_in(child_bind_allowed_cgroup, NULL, &r, false, c.allowed), 0);
	assert_int_equal(r.ret, 0);
	assert_int_equal(run_child_in(child_bind_allowed_cgroup, NULL, &r, false, c.elsewhere), 0);
	assert_int_equal(r.ret, -EPERM);

	/* the parent made again would have a new id: nothing can match */
	test_cgroup_remove(c.slice);
	snprintf(words, sizeof(words), "cgroup id %lld (no longer exists, nor does its parent",
		 (long long)first_id);
	expect_status_text(f, words);
	const char *const disable[] = { "disable", "--pin-dir", f->pin_dir, NULL };
	assert_int_equal(bg_run(&p, disable, 10000), 0);
	bg_free(&p);
	remove_service_cgroups(&c);
}

/* A name the hook cannot compare whole is refused, and nothing attached. */
static void test_allowed_cgroup_name_too_long(void **state)
{
	struct fixture *f = *state;
	char cgroup[700];
	struct bg_proc p;
	int status;

	itest_require_root();
	snprintf(cgroup, sizeof(cgroup), "%s/%.64s", f->cgroup,
		 "a-name-of-sixty-four-bytes-which-is-one-more-than-a-policy-keeps");
	assert_int_equal(strlen(strrchr(cgroup, '/') + 1), 64);
	assert_int_equal(mkdir(cgroup, 0755), 0);
	const char *const args[] = { "enforce",	       "--cgroup", f->cgroup,
				     "--allow-cgroup", cgroup,	   NULL };
	status = bg_run(&p, args, 10000);
	rmdir(cgroup);
	assert_int_equal(status, 2);
	if (!strstr(p.err, "--allow-cgroup: cgroup ") || !strstr(p.err, "64 bytes long") ||
	    !strstr(p.err, "at most 63"))
		fail_msg("no clear message:\n%s", p.err);
	bg_free(&p);
	assert_int_equal(hooks_on(f->cgroup), 0);
}

/* How a child sees the cgroup2 hierarchy before it runs bindguard. */
enum cgroup_view {
	VIEW_BIND_MOUNT,       /* the fixture's x bind-mounted over its p/r */
	VIEW_CGROUP_NAMESPACE, /* in a cgroup namespace rooted at its ns, cgroup2 mounted anew */
};

/* The child's side: a mount namespace of its own (and a cgroup one), the
 * view set up with the system calls (busybox's unshare in the QEMU guest
 * has no -C), then bindguard.  Exits 100 when the setup fails. */
static void exec_in_view(const struct fixture *f, enum cgroup_view view, const char *const *args)
{
	char mnt[512], path[600], target[600];
	const char *argv[16] = { bindguard_path() };
	size_t n = 1;

	snprintf(mnt, sizeof(mnt), "%s", f->cgroup);
	*strrchr(mnt, '/') = '\0'; /* the cgroup2 mount the fixture is under */
	if (view == VIEW_CGROUP_NAMESPACE) {
		int fd;

		snprintf(path, sizeof(path), "%s/ns/cgroup.procs", f->cgroup);
		fd = open(path, O_WRONLY);
		if (fd < 0 || write(fd, "0", 1) != 1) /* "0": the writer itself */
			_exit(100);
		close(fd);
	}
	if (unshare(CLONE_NEWNS | (view == VIEW_CGROUP_NAMESPACE ? CLONE_NEWCGROUP : 0)) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		_exit(100);
	if (view == VIEW_BIND_MOUNT) {
		snprintf(path, sizeof(path), "%s/x", f->cgroup);
		snprintf(target, sizeof(target), "%s/p/r", f->cgroup);
		if (mount(path, target, NULL, MS_BIND, NULL))
			_exit(100);
	} else if (umount2(mnt, MNT_DETACH) || mount("none", mnt, "cgroup2", 0, NULL)) {
		_exit(100);
	}
	for (; *args && n + 1 < sizeof(argv) / sizeof(argv[0]); args++)
		argv[n++] = *args;
	argv[n] = NULL;
	execv(argv[0], (char *const *)argv);
	_exit(100);
}

/* Runs bindguard ARGS in a child that sees `view`; its exit status, and
 * what it printed (both streams) in out. */
static int run_in_view(const struct fixture *f, enum cgroup_view view, const char *const *args,
		       char *out, size_t len)
{
	size_t n = 0;
	int fds[2], status;
	ssize_t got;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		exec_in_view(f, view, args);
	}
	close(fds[1]);
	while (n + 1 < len && (got = read(fds[0], out + n, len - n - 1)) > 0)
		n += (size_t)got;
	out[n] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	fprintf(stderr, "# %s", out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* An allowed cgroup is matched by its depth, parent and name as its path
 * gives them: a path that reaches another cgroup through a bind mount
 * (in a mount namespace of the test's own) would allow the cgroup it
 * hides, so it is refused, and nothing is attached. */
static void test_allowed_cgroup_through_a_bind_mount(void **state)
{
	struct fixture *f = *state;
	char x[600], p[600], r[700], out[4096];
	int status;

	itest_require_root();
	snprintf(x, sizeof(x), "%s/x", f->cgroup);
	snprintf(p, sizeof(p), "%s/p", f->cgroup);
	snprintf(r, sizeof(r), "%s/r", p);
	assert_int_equal(mkdir(x, 0755) || mkdir(p, 0755) || mkdir(r, 0755), 0);
	const char *const args[] = { "enforce",	       "--cgroup", f->cgroup, "--mode", "deny",
				     "--allow-cgroup", r,	   "-d",      "1",	NULL };
	status = run_in_view(f, VIEW_BIND_MOUNT, args, out, sizeof(out));
	rmdir(r);
	rmdir(p);
	rmdir(x);
	assert_int_equal(status, 2);
	if (!strstr(out, "--allow-cgroup: cgroup ") || !strstr(out, "crosses another mount"))
		fail_msg("no clear message");
	assert_int_equal(hooks_on(f->cgroup), 0);
}

/* In a cgroup namespace with cgroup2 mounted afresh, the mount's root is
 * the namespace's cgroup, not the hierarchy's: depths counted from it are
 * not the kernel's, so an allowed cgroup named there is refused. */
static void test_allowed_cgroup_in_a_cgroup_namespace(void **state)
{
	struct fixture *f = *state;
	char ns[600], a[700], seen[700], out[4096];
	int status;

	itest_require_root();
	snprintf(ns, sizeof(ns), "%s/ns", f->cgroup);
	snprintf(a, sizeof(a), "%s/a", ns);
	assert_int_equal(mkdir(ns, 0755) || mkdir(a, 0755), 0);
	/* the child's view: the mount's root is ns, so ns/a is MOUNT/a */
	snprintf(seen, sizeof(seen), "%s", f->cgroup);
	snprintf(strrchr(seen, '/'), sizeof(seen) - (size_t)(strrchr(seen, '/') - seen), "/a");
	const char *const args[] = { "enforce",	       "--cgroup", seen, "--mode", "deny",
				     "--allow-cgroup", seen,	   "-d", "1",	   NULL };
	status = run_in_view(f, VIEW_CGROUP_NAMESPACE, args, out, sizeof(out));
	rmdir(a);
	rmdir(ns);
	assert_int_equal(status, 2);
	if (!strstr(out, "--allow-cgroup: cgroup ") || !strstr(out, "part of the hierarchy"))
		fail_msg("no clear message");
	assert_int_equal(hooks_on(f->cgroup), 0);
}

static void test_host_netns_only(void **state)
{
	struct fixture *f = *state;
	const char *const flags[] = { "--mode", "deny", "--host-netns-only", NULL };
	struct bind_req req = { AF_INET, SOCK_STREAM, "0.0.0.0", 0 };
	struct child_result host, container;
	struct bg_proc p;

	itest_require_root();
	bg_start_enforcer(&p, f->cgroup, flags);
	assert_int_equal(run_child_in(child_bind_req, &req, &host, false, f->cgroup), 0);
	assert_int_equal(run_child_in(child_bind_req, &req, &container, true, f->cgroup), 0);
	assert_int_equal(bg_stop(&p), 0);
	bg_free(&p);
	assert_int_equal(host.ret, -EPERM);
	assert_int_equal(container.ret, 0);
}

/* --- bad policies attach nothing --------------------------------------- */
struct bad_policy {
	const char *text;
	int line;
	const char *words; /* part of the message */
};

static const struct bad_policy bad_policies[] = {
	{ "[enforce]\nmode = rewrite\nmode = deny\n", 3, "twice" },
	{ "[enforce]\nmode = rewritee\n", 2, "unknown mode" },
	{ "[enforce]\nscope = everything\n", 2, "unknown scope" },
	{ "[allow]\nports = 22, 9000-8000\n", 2, "bad port list" },
	{ "[allow]\nports = 70000\n", 2, "bad port list" },
	{ "# comment\n[allow]\n\nusers = root, no-such-user-bg\n", 4, "unknown user" },
	{ "[allow]\nprot = tcp\n", 2, "unknown key" },
	{ "[enforcer]\nmode = deny\n", 1, "unknown section" },
	{ "[enforce]\nrewrite_to = 10.0.0.1\n", 2, "not a loopback" },
	{ "[enforce]\nmode deny\n", 2, "not a 'key = value' line" },
	/* found by review: libinih drops what follows ']', and reads a file of
	 * bare CRs as one line: both gave the default policy, unsaid */
	{ "[enforce] mode = deny\n", 1, "text after [enforce] on its line" },
	{ "[allow]\nports = 22\n[enforce]junk\nmode = deny\n", 3, "text after [enforce]" },
	{ "[enforce]\rmode = deny\rscope = non-loopback\r", 1, "a carriage return" },
	/* after a byte order mark (Notepad writes one), which libinih skips */
	{ "\xef\xbb\xbf[enforce] mode = log\n", 1, "text after [enforce] on its line" },
	{ "\xef\xbb\xbf[enforcer]\n", 1, "unknown section [enforcer]" },
	/* found by review: read as a second port of line 2, and blamed on a flag */
	{ "[allow]\nports = 22\n  8080\n", 3, "an indented line after a setting" },
	{ "[allow]\n\ncgroups = /bindguard-no-such-cgroup\n", 3, "does not exist" },
};

static void test_bad_policy_files(void **state)
{
	struct fixture *f = *state;

	itest_require_root();
	for (size_t i = 0; i < sizeof(bad_policies) / sizeof(bad_policies[0]); i++) {
		char path[] = "/tmp/bindguard-policy-XXXXXX", where[64];
		int fd = mkstemp(path);
		struct bg_proc p;

		assert_true(fd >= 0);
		assert_int_equal(write(fd, bad_policies[i].text, strlen(bad_policies[i].text)),
				 (ssize_t)strlen(bad_policies[i].text));
		close(fd);
		const char *const args[] = { "enforce",	 "--policy", path,
					     "--cgroup", f->cgroup,  NULL };
		int status = bg_run(&p, args, 10000);
		unlink(path);
		snprintf(where, sizeof(where), "%s:%d: ", path, bad_policies[i].line);
		fprintf(stderr, "# policy %zu: %s", i, p.err ? p.err : "(nothing)\n");
		assert_int_equal(status, 2);
		assert_non_null(p.err);
		assert_non_null(strstr(p.err, where));
		assert_non_null(strstr(p.err, bad_policies[i].words));
		bg_free(&p);
		assert_int_equal(hooks_on(f->cgroup), 0);
	}
}

/* Flags that cannot all be honoured are refused, and nothing is attached:
 * found by review. */
static void test_flags_that_cannot_be_honoured(void **state)
{
	struct fixture *f = *state;
	char policy[] = "/tmp/bindguard-policy-XXXXXX", missing[] = "/tmp/bindguard-policy-XXXXXX";
	const char *text = "[enforce]\nmode = deny\n",
		   *bad_cgroup = "[enforce]\ncgroup = /bindguard-test-no-such-cgroup\n";
	const char *pd = f->pin_dir;
	const struct {
		const char *args[12];
		const char *words;
	} rows[] = {
		/* "" would be the whole machine; log mode, in case it ever is */
		{ { "--cgroup", f->cgroup, "--cgroup", "", "--mode", "log", "-d", "1" },
		  "--cgroup: empty path" },
		{ { "--cgroup", f->cgroup, "--pin", "--pin-dir", "" }, "--pin-dir: empty path" },
		{ { "--cgroup", f->cgroup, "--pin", "--pin-dir", pd, "-T" }, "do not apply" },
		{ { "--cgroup", f->cgroup, "--pin", "--pin-dir", pd, "--backend", "tracepoint" },
		  "do not apply" },
		{ { "--cgroup", f->cgroup, "--policy", policy, "--policy", policy },
		  "give one policy file" },
		{ { "--cgroup", f->cgroup, "--rewrite-to", "127.0.0.2,::1,::ffff:127.0.0.3",
		    "--dual-stack-to", "::1" },
		  "more than one dual-stack rewrite target" },
		{ { "--cgroup", f->cgroup, "--rewrite-to", "127.0.0.2", "--rewrite-to",
		    "127.0.0.3" },
		  "more than one IPv4 rewrite target" },
		/* the file's cgroup, replaced by the flag: still checked */
		{ { "--policy", missing, "--cgroup", f->cgroup }, ":2: cgroup" },
	};
	int fd = mkstemp(policy), fd2 = mkstemp(missing);

	itest_require_root();
	assert_true(fd >= 0 && fd2 >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(write(fd2, bad_cgroup, strlen(bad_cgroup)), (ssize_t)strlen(bad_cgroup));
	close(fd);
	close(fd2);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *args[14] = { "enforce" };
		struct bg_proc p;
		int status;

		for (size_t j = 0; rows[i].args[j]; j++)
			args[j + 1] = rows[i].args[j];
		status = bg_run(&p, args, 20000);
		fprintf(stderr, "# row %zu: %d %s", i, status, p.err ? p.err : "(nothing)\n");
		assert_int_equal(status, 2);
		assert_non_null(p.err);
		assert_non_null(strstr(p.err, rows[i].words));
		assert_null(strstr(p.err, "started"));
		bg_free(&p);
		assert_int_equal(hooks_on(f->cgroup), 0);
		assert_int_equal(access(pd, F_OK), -1);
	}
	unlink(policy);
	unlink(missing);
}

static void test_policy_file_and_flags(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/bindguard-policy-XXXXXX";
	const char *text = "[enforce]\nmode  = deny\nscope = wildcard\n[allow]\nports = 47130\n"
			   "comm  = sshd, docker-proxy\n";
	struct bind_req allowed = { AF_INET, SOCK_STREAM, "0.0.0.0", 47130 },
			other = { AF_INET, SOCK_STREAM, "0.0.0.0", 0 };
	struct child_result ra, ro;
	struct bg_proc p;
	int fd = mkstemp(path);

	itest_require_root();
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	/* the flag overrides the file's mode */
	const char *const flags[] = { "--policy", path, "--mode", "rewrite", NULL };
	bg_start_enforcer(&p, f->cgroup, flags);
	assert_int_equal(run_child_in(child_bind_req, &allowed, &ra, false, f->cgroup), 0);
	assert_int_equal(run_child_in(child_bind_req, &other, &ro, false, f->cgroup), 0);
	assert_int_equal(bg_stop(&p), 0);
	bg_free(&p);
	unlink(path);
	assert_int_equal(ra.ret, 0);
	assert_string_equal(ra.addr, "0.0.0.0");
	assert_int_equal(ro.ret, 0);
	assert_string_equal(ro.addr, "127.0.0.1");

	/* a policy others may write is refused */
	snprintf(path, sizeof(path), "/tmp/bindguard-policy-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, 0666);
	const char *const args[] = { "enforce", "--policy", path, "--cgroup", f->cgroup, NULL };
	assert_int_equal(bg_run(&p, args, 10000), 2);
	assert_non_null(strstr(p.err, "group or others can write"));
	bg_free(&p);
	unlink(path);
}

/* --- lifetime ------------------------------------------------------------ */
static const char *cap_eff_of(pid_t pid)
{
	static char value[32];
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	value[0] = '\0';
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %31s", value) == 1)
			break;
	if (f)
		fclose(f);
	return value;
}

static void test_sigkill_removes_hooks(void **state)
{
	struct fixture *f = *state;
	struct bg_proc p;
	int n = -1;

	itest_require_root();
	bg_start_enforcer(&p, f->cgroup, deny);
	assert_int_equal(hooks_on(f->cgroup), 2);
	/* attached, it holds no capability any more */
	assert_string_equal(cap_eff_of(p.pid), "0000000000000000");
	kill(p.pid, SIGKILL);
	bg_wait(&p, 5000);
	/* the link fds close as the process exits */
	for (int i = 0; i < 100 && (n = hooks_on(f->cgroup)) != 0; i++)
		usleep(10000);
	assert_int_equal(n, 0);
	bg_free(&p);
}

/* A denying enforcer on the fixture's cgroup that has denied one bind. */
static void start_enforcer_after_one_denial(struct bg_proc *p, const struct fixture *f)
{
	struct bind_req req = { AF_INET, SOCK_STREAM, "0.0.0.0", 0 };
	struct child_result r;

	bg_start_enforcer(p, f->cgroup, deny);
	assert_int_equal(run_child_in(child_bind_req, &req, &r, false, f->cgroup), 0);
	assert_int_equal(r.ret, -EPERM);
}

static void test_sigterm_detaches_and_counts(void **state)
{
	struct fixture *f = *state;
	struct bg_proc p;

	itest_require_root();
	start_enforcer_after_one_denial(&p, f);
	kill(p.pid, SIGTERM);
	assert_int_equal(bg_wait(&p, 5000), 0);
	assert_non_null(strstr(p.err, "deny 1"));
	assert_int_equal(hooks_on(f->cgroup), 0);
	bg_free(&p);
}

/* Issue 14: live `enforce | head -1` ended with status 0, as if nothing
 * had happened, although enforcement ended with it.  Now: at once, 141,
 * a sentence saying the policy is no longer in force, hooks detached. */
static void test_reader_goes_away(void **state)
{
	struct fixture *f = *state;
	struct bg_proc p;

	itest_require_root();
	start_enforcer_after_one_denial(&p, f);
	assert_int_equal(bg_read_line(&p, 5000), 0);
	bg_close_stdout(&p);
	/* 137 if it had to be killed: still running 3 s later */
	assert_int_equal(bg_wait(&p, 3000), 141);
	if (!strstr(p.err, "the reader of standard output went away") ||
	    !strstr(p.err, "no longer in force"))
		fail_msg("no clear message:\n%s", p.err);
	assert_int_equal(hooks_on(f->cgroup), 0);
	bg_free(&p);
}

static void test_pinned_lifecycle(void **state)
{
	struct fixture *f = *state;
	struct bind_req req = { AF_INET, SOCK_STREAM, "0.0.0.0", 0 };
	struct child_result r;
	struct bg_proc p;
	struct json_object *st;

	itest_require_root();
	const char *const pin_deny[] = { "enforce", "--cgroup",	 f->cgroup,  "--mode", "deny",
					 "--pin",   "--pin-dir", f->pin_dir, NULL };
	assert_int_equal(bg_run(&p, pin_deny, 10000), 0);
	bg_free(&p);
	/* the command has exited; the policy is still in force */
	assert_int_equal(hooks_on(f->cgroup), 2);
	assert_int_equal(run_child_in(child_bind_req, &req, &r, false, f->cgroup), 0);
	assert_int_equal(r.ret, -EPERM);

	const char *const status[] = { "status", "--json", "--pin-dir", f->pin_dir, NULL };
	assert_int_equal(bg_run(&p, status, 10000), 0);
	st = json_tokener_parse(p.out);
	assert_non_null(st);
	assert_string_equal(json_get_str(st, "mode"), "deny");
	assert_string_equal(json_get_str(st, "in_force"), "true");
	assert_string_equal(json_get_str(st, "cgroup"), f->cgroup);
	assert_int_equal(json_get_int(st, "count_deny"), 1);
	json_object_put(st);
	bg_free(&p);

	/* a second --pin swaps the policy in place: same links, new program */
	const char *const pin_rewrite[] = { "enforce", "--cgroup",  f->cgroup,	"--mode", "rewrite",
					    "--pin",   "--pin-dir", f->pin_dir, NULL };
	assert_int_equal(bg_run(&p, pin_rewrite, 10000), 0);
	bg_free(&p);
	assert_int_equal(hooks_on(f->cgroup), 2);
	assert_int_equal(run_child_in(child_bind_req, &req, &r, false, f->cgroup), 0);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.addr, "127.0.0.1");
	assert_int_equal(bg_run(&p, status, 10000), 0);
	st = json_tokener_parse(p.out);
	assert_string_equal(json_get_str(st, "mode"), "rewrite");
	assert_int_equal(json_get_int(st, "count_deny"), 1); /* counters carried over */
	assert_int_equal(json_get_int(st, "count_rewrite"), 1);
	json_object_put(st);
	bg_free(&p);

	/* a policy that fails to load leaves the pinned one in force */
	const char *const pin_bad[] = { "enforce", "--cgroup",	f->cgroup,  "--mode", "nonsense",
					"--pin",   "--pin-dir", f->pin_dir, NULL };
	assert_int_equal(bg_run(&p, pin_bad, 10000), 2);
	bg_free(&p);
	assert_int_equal(hooks_on(f->cgroup), 2);

	const char *const disable[] = { "disable", "--pin-dir", f->pin_dir, NULL };
	assert_int_equal(bg_run(&p, disable, 10000), 0);
	bg_free(&p);
	/* unlinking a pinned link drops the kernel's last reference, and the
	 * kernel frees (detaches) it from a workqueue: a moment later on a
	 * busy machine */
	for (int i = 0; i < 100 && hooks_on(f->cgroup) != 0; i++)
		usleep(10000);
	assert_int_equal(hooks_on(f->cgroup), 0);
	assert_int_equal(bg_run(&p, status, 10000), 1);
	st = json_tokener_parse(p.out);
	assert_string_equal(json_get_str(st, "pinned"), "false");
	json_object_put(st);
	bg_free(&p);
	assert_int_equal(run_child_in(child_bind_req, &req, &r, false, f->cgroup), 0);
	assert_string_equal(r.addr, "0.0.0.0");
}

static void test_two_enforcers_and_a_tracer(void **state)
{
	struct fixture *f = *state;
	struct bind_req req = { AF_INET, SOCK_STREAM, "0.0.0.0", 0 };
	struct child_result in_a, in_b;
	struct bg_proc a, b, t;
	struct json_object *ea, *eb, *et;
	char pid_a[16], pid_b[16];
	const char *const trace_args[] = { "trace", "--json", NULL };

	itest_require_root();
	bg_start_enforcer(&a, f->cgroup, rewrite);
	bg_start_enforcer(&b, f->outside, deny);
	assert_int_equal(bg_start(&t, trace_args), 0);
	assert_int_equal(bg_wait_for_stderr(&t, "tracing started", 10000), 0);
	assert_int_equal(run_child_in(child_bind_req, &req, &in_a, false, f->cgroup), 0);
	assert_int_equal(run_child_in(child_bind_req, &req, &in_b, false, f->outside), 0);
	assert_int_equal(bg_stop(&a), 0);
	assert_int_equal(bg_stop(&b), 0);
	assert_int_equal(bg_stop(&t), 0);
	assert_string_equal(in_a.addr, "127.0.0.1");
	assert_int_equal(in_b.ret, -EPERM);
	ea = bg_json_lines(&a);
	eb = bg_json_lines(&b);
	et = bg_json_lines(&t);
	snprintf(pid_a, sizeof(pid_a), "%d", in_a.pid);
	snprintf(pid_b, sizeof(pid_b), "%d", in_b.pid);
	/* each enforcer reports its own cgroup only; the tracer sees both */
	assert_non_null(json_find(ea, "pid", pid_a, "action", "rewrite", NULL));
	assert_null(json_find(ea, "pid", pid_b, NULL));
	assert_non_null(json_find(eb, "pid", pid_b, "action", "deny", NULL));
	assert_null(json_find(eb, "pid", pid_a, NULL));
	assert_non_null(json_find(et, "pid", pid_a, "addr", "127.0.0.1", NULL));
	assert_non_null(json_find(et, "pid", pid_b, "error", "EPERM", NULL));
	json_object_put(ea);
	json_object_put(eb);
	json_object_put(et);
	bg_free(&a);
	bg_free(&b);
	bg_free(&t);
}

/* --- a real server, reached over a veth pair from another namespace ------- */
struct netpair {
	char srv[64], cli[64];
	int ok;
};

static struct netpair pair;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int netpair_setup(void **state)
{
	int pid = getpid();

	(void)state;
	if (geteuid() != 0)
		return 0;
	snprintf(pair.srv, sizeof(pair.srv), "bgt-srv-%d", pid);
	snprintf(pair.cli, sizeof(pair.cli), "bgt-cli-%d", pid);
	pair.ok = !sh("ip netns add %s && ip netns add %s", pair.srv, pair.cli) &&
		  !sh("ip link add bgs%d netns %s type veth peer name bgc%d netns %s", pid,
		      pair.srv, pid, pair.cli) &&
		  !sh("ip -n %s addr add 10.231.0.1/24 dev bgs%d && ip -n %s link set bgs%d up && "
		      "ip -n %s link set lo up",
		      pair.srv, pid, pair.srv, pid, pair.srv) &&
		  !sh("ip -n %s addr add 10.231.0.2/24 dev bgc%d && ip -n %s link set bgc%d up && "
		      "ip -n %s link set lo up",
		      pair.cli, pid, pair.cli, pid, pair.cli);
	return 0;
}

static int netpair_teardown(void **state)
{
	(void)state;
	if (pair.srv[0])
		sh("ip netns del %s 2>/dev/null", pair.srv);
	if (pair.cli[0])
		sh("ip netns del %s 2>/dev/null", pair.cli);
	return 0;
}

static int enter_netns(const char *name)
{
	char path[128];
	int fd, err;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = setns(fd, CLONE_NEWNET) ? -errno : 0;
	close(fd);
	return err;
}

/* An HTTP GET from inside netns `ns`; 0 when an HTTP answer comes back
 * (busybox httpd may say 404 for "/": it is still the server answering). */
static int http_get(const char *ns, const char *addr, int port)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct sockaddr_in sin = { .sin_family = AF_INET,
					   .sin_port = htons((uint16_t)port) };
		struct timeval tv = { 1, 0 };
		char buf[64] = "";
		int fd;

		if (enter_netns(ns))
			_exit(3);
		inet_pton(AF_INET, addr, &sin.sin_addr);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
			_exit(1);
		dprintf(fd, "GET / HTTP/1.0\r\n\r\n");
		if (read(fd, buf, sizeof(buf) - 1) <= 0 || strncmp(buf, "HTTP/1.", 7) != 0)
			_exit(2);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static pid_t start_http_server(const char *cgroup, int port)
{
	pid_t pid = fork();

	if (pid == 0) {
		char procs[600], port_text[16];
		FILE *f;
		int devnull = open("/dev/null", O_WRONLY);

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", cgroup);
		f = fopen(procs, "w");
		if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f) || enter_netns(pair.srv))
			_exit(126);
		dup2(devnull, 1);
		dup2(devnull, 2);
		chdir("/");
		snprintf(port_text, sizeof(port_text), "%d", port);
		execlp("python3", "python3", "-m", "http.server", "--bind", "0.0.0.0", port_text,
		       (char *)NULL);
		/* the QEMU guest has no Python: busybox's httpd binds 0.0.0.0 too */
		snprintf(port_text, sizeof(port_text), "0.0.0.0:%d", port);
		execlp("busybox", "busybox", "httpd", "-f", "-h", "/", "-p", port_text,
		       (char *)NULL);
		_exit(127);
	}
	/* ready when it answers on loopback inside its namespace */
	for (int i = 0; i < 100; i++) {
		if (http_get(pair.srv, "127.0.0.1", port) == 0)
			return pid;
		usleep(50000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static void stop_http_server(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void test_real_server_reachable_on_loopback_only(void **state)
{
	struct fixture *f = *state;
	const int port = 47180;
	struct bg_proc p;
	struct json_object *events;
	char server_pid[16];
	pid_t server;

	itest_require_root();
	assert_true(pair.ok);

	/* without enforcement the other namespace reaches it over the veth */
	server = start_http_server(f->cgroup, port);
	assert_true(server > 0);
	assert_int_equal(http_get(pair.cli, "10.231.0.1", port), 0);
	stop_http_server(server);

	bg_start_enforcer(&p, f->cgroup, rewrite);
	server = start_http_server(f->cgroup, port);
	assert_true(server > 0); /* answers on 127.0.0.1 */
	int from_peer = http_get(pair.cli, "10.231.0.1", port);
	stop_http_server(server);
	assert_int_equal(bg_stop(&p), 0);
	events = bg_json_lines(&p);
	assert_int_equal(from_peer, 1); /* connection refused */
	snprintf(server_pid, sizeof(server_pid), "%d", server);
	assert_non_null(json_find(events, "pid", server_pid, "action", "rewrite", "orig_addr",
				  "0.0.0.0", "addr", "127.0.0.1", NULL));
	json_object_put(events);
	bg_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enforce_cases),
		cmocka_unit_test(test_allowed_cgroup_subtree),
		cmocka_unit_test(test_allowed_cgroup_made_again),
		cmocka_unit_test_setup_teardown(test_allowed_cgroup_made_again_before_6_0,
						plan_hooks_as_before_6_0, plan_hooks_as_now),
		cmocka_unit_test(test_status_of_an_allowed_cgroup_made_again),
		cmocka_unit_test(test_allowed_cgroup_name_too_long),
		cmocka_unit_test(test_allowed_cgroup_through_a_bind_mount),
		cmocka_unit_test(test_allowed_cgroup_in_a_cgroup_namespace),
		cmocka_unit_test(test_host_netns_only),
		cmocka_unit_test(test_bad_policy_files),
		cmocka_unit_test(test_flags_that_cannot_be_honoured),
		cmocka_unit_test(test_policy_file_and_flags),
		cmocka_unit_test(test_sigkill_removes_hooks),
		cmocka_unit_test(test_sigterm_detaches_and_counts),
		cmocka_unit_test(test_reader_goes_away),
		cmocka_unit_test(test_pinned_lifecycle),
		cmocka_unit_test(test_two_enforcers_and_a_tracer),
		cmocka_unit_test_setup_teardown(test_real_server_reachable_on_loopback_only,
						netpair_setup, netpair_teardown),
	};

	return cmocka_run_group_tests_name("enforce", tests, setup, fixture_teardown);
}
