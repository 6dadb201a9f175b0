// SPDX-License-Identifier: GPL-2.0
/* Integration-test helpers: process control, JSON lines, children, cgroups. */
#include "itest.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/mounts.h"

/* ITEST_ONLY=PATTERN runs only the tests whose names match (cmocka's
 * wildcards), to try one test while working on it. */
__attribute__((constructor)) static void itest_only(void)
{
	const char *pattern = getenv("ITEST_ONLY");

	if (pattern && *pattern)
		cmocka_set_test_filter(pattern);
}

void itest_require_root(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "# needs root and BPF: skipped\n");
		skip();
	}
}

const char *bindguard_path(void)
{
	const char *p = getenv("BINDGUARD");

	return p && *p ? p : "build/bindguard";
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int bg_start_argv(struct bg_proc *p, const char *const *argv, int (*prepare)(void *), void *arg)
{
	int out[2], err[2];

	memset(p, 0, sizeof(*p));
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		return -errno;
	p->pid = fork();
	if (p->pid < 0)
		return -errno;
	if (p->pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		if (prepare && prepare(arg)) {
			fprintf(stderr, "test: preparing the child failed: %s\n", strerror(errno));
			_exit(99);
		}
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	p->out_fd = out[0];
	p->err_fd = err[0];
	fcntl(p->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(p->err_fd, F_SETFL, O_NONBLOCK);
	return 0;
}

int bg_start_with(struct bg_proc *p, const char *const *args, int (*prepare)(void *), void *arg)
{
	const char *argv[64];
	size_t n = 0;

	argv[n++] = bindguard_path();
	for (; args && *args && n < 63; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	return bg_start_argv(p, argv, prepare, arg);
}

int bg_start(struct bg_proc *p, const char *const *args)
{
	return bg_start_with(p, args, NULL, NULL);
}

long voluntary_switches(pid_t pid)
{
	char path[64], line[128];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}

static void append(char **buf, size_t *len, const char *data, size_t n)
{
	*buf = realloc(*buf, *len + n + 1);
	assert_non_null(*buf);
	memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* Reads what is available from both pipes, waiting up to timeout_ms.
 * Returns the number of pipes still open. */
static int pump(struct bg_proc *p, int timeout_ms)
{
	struct pollfd fds[2] = { { p->out_fd, POLLIN, 0 }, { p->err_fd, POLLIN, 0 } };
	char chunk[65536];
	int open_pipes = 0;

	if (p->out_fd < 0 && p->err_fd < 0)
		return 0;
	poll(fds, 2, timeout_ms);
	for (int i = 0; i < 2; i++) {
		int *fd = i ? &p->err_fd : &p->out_fd;

		if (*fd < 0)
			continue;
		for (;;) {
			ssize_t n = read(*fd, chunk, sizeof(chunk));

			if (n > 0) {
				if (i)
					append(&p->err, &p->err_len, chunk, (size_t)n);
				else
					append(&p->out, &p->out_len, chunk, (size_t)n);
				continue;
			}
			if (n == 0) {
				close(*fd);
				*fd = -1;
			}
			break;
		}
		if (*fd >= 0)
			open_pipes++;
	}
	return open_pipes;
}

/* Reads until *text (stdout or stderr so far) contains marker. */
static int wait_for_text(struct bg_proc *p, char *const *text, const char *marker, int timeout_ms)
{
	uint64_t deadline = now_ms() + (uint64_t)timeout_ms;

	while (now_ms() < deadline) {
		if (*text && strstr(*text, marker))
			return 0;
		if (!pump(p, 50) && !(*text && strstr(*text, marker)))
			break;
	}
	if (*text && strstr(*text, marker))
		return 0;
	fprintf(stderr, "# bindguard did not print '%s'; its stdout:\n%s\n# its stderr:\n%s\n",
		marker, p->out ? p->out : "", p->err ? p->err : "");
	return -ETIMEDOUT;
}

int bg_wait_for_stderr(struct bg_proc *p, const char *marker, int timeout_ms)
{
	return wait_for_text(p, &p->err, marker, timeout_ms);
}

int bg_wait_for_stdout(struct bg_proc *p, const char *marker, int timeout_ms)
{
	return wait_for_text(p, &p->out, marker, timeout_ms);
}

int bg_wait(struct bg_proc *p, int timeout_ms)
{
	uint64_t deadline = now_ms() + (uint64_t)timeout_ms;
	int status = 0;

	while (pump(p, 50) && now_ms() < deadline)
		;
	for (;;) {
		pid_t r = waitpid(p->pid, &status, WNOHANG);

		if (r == p->pid)
			break;
		if (now_ms() >= deadline) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, &status, 0);
			fprintf(stderr, "# bindguard did not exit in time: killed\n");
			break;
		}
		usleep(10000);
	}
	while (pump(p, 0))
		;
	p->pid = 0;
	p->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return p->status;
}

int bg_stop(struct bg_proc *p)
{
	if (p->pid > 0)
		kill(p->pid, SIGINT);
	return bg_wait(p, 10000);
}

void bg_free(struct bg_proc *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
	}
	if (p->out_fd > 0)
		close(p->out_fd);
	if (p->err_fd > 0)
		close(p->err_fd);
	free(p->out);
	free(p->err);
	memset(p, 0, sizeof(*p));
}

int bg_run(struct bg_proc *p, const char *const *args, int timeout_ms)
{
	int err = bg_start(p, args);

	if (err)
		return err;
	return bg_wait(p, timeout_ms);
}

static void append_words(const char **args, size_t *n, size_t cap, const char *const *words)
{
	for (; words && *words; words++) {
		if (*n + 1 >= cap)
			fail_msg("more than %zu arguments for bindguard", cap - 1);
		args[(*n)++] = *words;
	}
}

void join_args(const char **args, size_t cap, const char *const *words, const char *const *extra)
{
	size_t n = 0;

	append_words(args, &n, cap, words);
	append_words(args, &n, cap, extra);
	args[n] = NULL;
}

/* Starts bindguard with args; waits for `marker` on its stderr. */
static void start_until(struct bg_proc *p, const char *const *args, const char *marker,
			const char *what)
{
	assert_int_equal(bg_start(p, args), 0);
	if (bg_wait_for_stderr(p, marker, 15000)) {
		fprintf(stderr, "# %s", p->err ? p->err : "");
		bg_free(p);
		fail_msg("%s did not start", what);
	}
}

void bg_start_enforcer(struct bg_proc *p, const char *cgroup, const char *const *extra)
{
	const char *const words[] = { "enforce", "--json", "--cgroup", cgroup, NULL };
	const char *args[40];

	join_args(args, 40, words, extra);
	start_until(p, args, "enforcing started", "enforcer");
}

void bg_start_tracer(struct bg_proc *p, const char *const *words, const char *const *extra)
{
	const char *args[40];

	join_args(args, 40, words, extra);
	start_until(p, args, "tracing started", "tracer");
}

struct json_object *bg_json_lines(const struct bg_proc *p)
{
	struct json_object *arr = json_object_new_array();
	char *copy = strdup(p->out ? p->out : ""), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct json_tokener *tok = json_tokener_new();
		struct json_object *o = json_tokener_parse_ex(tok, line, (int)strlen(line));

		if (!o || json_tokener_get_error(tok) != json_tokener_success ||
		    tok->char_offset != (int)strlen(line)) {
			fprintf(stderr, "# not a JSON line: %s\n", line);
			fail_msg("bindguard wrote a line that is not JSON");
		}
		json_tokener_free(tok);
		json_object_array_add(arr, o);
	}
	free(copy);
	return arr;
}

static bool matches(struct json_object *o, va_list ap)
{
	const char *key;

	while ((key = va_arg(ap, const char *)) != NULL) {
		const char *want = va_arg(ap, const char *);
		struct json_object *v;

		if (!json_object_object_get_ex(o, key, &v))
			return false;
		if (v == NULL) {
			if (strcmp(want, "null") != 0)
				return false;
		} else if (strcmp(json_object_get_string(v), want) != 0) {
			return false;
		}
	}
	return true;
}

struct json_object *json_find(struct json_object *arr, ...)
{
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		va_list ap;
		bool ok;

		va_start(ap, arr);
		ok = matches(o, ap);
		va_end(ap);
		if (ok)
			return o;
	}
	return NULL;
}

size_t json_count(struct json_object *arr, ...)
{
	size_t n = 0;

	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		va_list ap;

		va_start(ap, arr);
		n += matches(o, ap);
		va_end(ap);
	}
	return n;
}

const char *json_get_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

int64_t json_get_int(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return INT64_MIN;
	return json_object_get_int64(v);
}

int link_set_up(const char *name)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr))
			err = -errno;
	} else {
		err = -errno;
	}
	close(fd);
	return err;
}

int bring_up_loopback(void)
{
	return link_set_up("lo");
}

void fill_sockname(struct child_result *r, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &sin->sin_addr, r->addr, sizeof(r->addr));
		r->port = ntohs(sin->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, r->addr, sizeof(r->addr));
		r->port = ntohs(sin6->sin6_port);
	}
}

static int make_sockaddr(int family, const char *addr, int port, struct sockaddr_storage *ss,
			 socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1)
			return -EINVAL;
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) != 1)
			return -EINVAL;
		*len = sizeof(*sin6);
	}
	return 0;
}

int do_bind(struct child_result *r, int family, int type, const char *addr, int port, int v6only,
	    int freebind)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = socket(family, type, 0), one = 1;

	r->pid = getpid();
	r->tid = (int)syscall(SYS_gettid);
	if (fd < 0)
		return r->ret = -errno;
	if (family == AF_INET6 && v6only >= 0)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
	if (freebind)
		setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one));
	if (make_sockaddr(family, addr, port, &ss, &len))
		return r->ret = -EINVAL;
	r->ret = bind(fd, (struct sockaddr *)&ss, len) ? -errno : 0;
	fill_sockname(r, fd);
	return fd;
}

int do_bind_listen(struct child_result *r, int family, int type, const char *addr, int port)
{
	int fd = do_bind(r, family, type, addr, port, -1, 0);

	if (fd >= 0 && r->ret == 0 && listen(fd, 16))
		r->ret = -errno;
	return fd;
}

int run_child_in(child_fn fn, void *arg, struct child_result *r, bool new_netns,
		 const char *cgroup_dir)
{
	int pipefd[2], status;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct child_result res = { 0 };

		close(pipefd[0]);
		if (cgroup_dir) {
			char procs[512];
			FILE *f;

			snprintf(procs, sizeof(procs), "%s/cgroup.procs", cgroup_dir);
			f = fopen(procs, "w");
			if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f))
				_exit(90);
		}
		if (new_netns && (unshare(CLONE_NEWNET) || bring_up_loopback()))
			_exit(91);
		fn(&res, arg);
		if (write(pipefd[1], &res, sizeof(res)) != sizeof(res))
			_exit(92);
		_exit(0);
	}
	close(pipefd[1]);
	ssize_t n = read(pipefd[0], r, sizeof(*r));
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (n != sizeof(*r)) {
		fprintf(stderr, "# child failed to report (exit status %d)\n",
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -EIO;
	}
	return 0;
}

int run_child(child_fn fn, void *arg, struct child_result *r)
{
	return run_child_in(fn, arg, r, false, NULL);
}

void child_listen_unbound(struct child_result *r, void *arg)
{
	int fd = socket(AF_INET6, SOCK_STREAM, 0);

	(void)arg;
	r->pid = getpid();
	r->tid = (int)syscall(SYS_gettid);
	r->ret = listen(fd, 4) ? -errno : 0;
	fill_sockname(r, fd);
}

void child_bind_then_listen(struct child_result *r, void *arg)
{
	(void)arg;
	do_bind_listen(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0);
}

int free_port(int type)
{
	struct child_result r;
	int fd = do_bind(&r, AF_INET, type, "127.0.0.1", 0, -1, 0);

	close(fd);
	return r.port;
}

struct json_object *event_for(struct json_object *events, const struct child_result *r,
			      const char *kind)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", r->pid);
	return json_find(events, "pid", pid, "event", kind, NULL);
}

size_t count_events_for(struct json_object *events, const struct child_result *r)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", r->pid);
	return json_count(events, "pid", pid, NULL);
}

struct json_object *expect_bind_then_listen(struct json_object *events,
					    const struct child_result *r)
{
	struct json_object *b = event_for(events, r, "bind"), *l = event_for(events, r, "listen");

	assert_non_null(b);
	assert_non_null(l);
	assert_int_equal(json_get_int(b, "port"), r->port);
	assert_int_equal(json_get_int(l, "port"), r->port);
	return l;
}

struct json_object *expect_bind_event(struct json_object *events, const struct child_result *r,
				      const struct bind_want *want)
{
	struct json_object *e = event_for(events, r, "bind");

	fprintf(stderr, "# case %s: child ret %d, bound %s port %d\n", want->name, r->ret, r->addr,
		r->port);
	assert_int_equal(r->ret, 0);
	if (!e)
		fail_msg("case %s: no bind event for pid %d", want->name, r->pid);
	assert_string_equal(json_get_str(e, "class"), want->class);
	assert_string_equal(json_get_str(e, "proto"), want->proto);
	assert_string_equal(json_get_str(e, "family"), want->family == AF_INET ? "ipv4" : "ipv6");
	assert_string_equal(json_get_str(e, "addr"), r->addr);
	assert_int_equal(json_get_int(e, "port"), r->port);
	assert_int_equal(json_get_int(e, "tid"), r->tid);
	assert_int_equal(json_get_int(e, "ppid"), getpid());
	assert_int_equal(json_get_int(e, "uid"), 0);
	assert_int_equal(json_get_int(e, "ret"), 0);
	return e;
}

int test_cgroup_create(const char *name, char *path, size_t len)
{
	char root[256];
	int err = find_cgroup2(root, sizeof(root));

	if (err)
		return err;
	snprintf(path, len, "%s/bindguard-test-%d-%s", root, getpid(), name);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

void test_cgroup_remove(const char *path)
{
	char file[512];
	struct dirent *de;
	DIR *d;

	if (!path || !*path)
		return;
	/* the cgroups a test made inside it first: rmdir takes only a leaf */
	d = opendir(path);
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_type == DT_DIR && de->d_name[0] != '.') {
			snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
			test_cgroup_remove(file);
		}
	}
	if (d)
		closedir(d);
	/* cgroup.kill (5.14+) ends whatever a failed test left behind */
	snprintf(file, sizeof(file), "%s/cgroup.kill", path);
	FILE *f = fopen(file, "w");
	if (f) {
		fputs("1\n", f);
		fclose(f);
	}
	for (int i = 0; i < 100 && rmdir(path) && errno == EBUSY; i++)
		usleep(10000);
}

int test_pin_dir_name(const char *name, char *path, size_t len)
{
	char bpffs[256];
	int err = ensure_bpffs(bpffs, sizeof(bpffs));

	if (!err)
		snprintf(path, len, "%s/bindguard-test-%d-%s", bpffs, getpid(), name);
	return err;
}

void test_pin_dir_remove(const char *path)
{
	test_tree_remove(path);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path))
		fprintf(stderr, "# could not remove %s: %s\n", path, strerror(errno));
	return 0; /* remove what can be removed */
}

void test_tree_remove(const char *path)
{
	if (path && path[0])
		nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
