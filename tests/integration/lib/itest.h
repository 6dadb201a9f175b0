/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for integration tests: run the real bindguard binary, make real
 * calls from child processes, in private cgroups and network namespaces. */
#ifndef BINDGUARD_ITEST_H
#define BINDGUARD_ITEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <cmocka.h>
#include <json-c/json.h>

/* skip() unless root (tests/run.sh fails skips under CI=true). */
void itest_require_root(void);

/* --- the bindguard binary ----------------------------------------------- */
struct bg_proc {
	pid_t pid;
	int out_fd; /* its stdout */
	int err_fd; /* its stderr */
	char *out;  /* all stdout read so far */
	size_t out_len;
	char *err;
	size_t err_len;
	int status; /* after bg_stop / bg_wait */
};

const char *bindguard_path(void);
/* Starts bindguard with args (NULL-terminated, without argv[0]); stdin is
 * /dev/null, stdout and stderr are read into p. */
int bg_start(struct bg_proc *p, const char *const *args);
/* The same, running prepare(arg) in the child just before exec (a private
 * mount namespace, a seccomp filter ...); a non-zero return ends the child
 * with status 99. */
int bg_start_with(struct bg_proc *p, const char *const *args, int (*prepare)(void *), void *arg);
/* Any program: argv[0] is its path. */
int bg_start_argv(struct bg_proc *p, const char *const *argv, int (*prepare)(void *), void *arg);
/* How often pid has gone to sleep by itself so far (its voluntary context
 * switches): a process that sleeps while idle adds none. */
long voluntary_switches(pid_t pid);
/* Lines in text (newlines counted). */
size_t count_lines(const char *text);
/* Reads stderr until it contains `marker` (e.g. "tracing started"). */
int bg_wait_for_stderr(struct bg_proc *p, const char *marker, int timeout_ms);
/* The same on stdout, which it keeps running. */
int bg_wait_for_stdout(struct bg_proc *p, const char *marker, int timeout_ms);
/* SIGINT, then reads stdout/stderr to EOF and reaps it.  Returns exit status. */
int bg_stop(struct bg_proc *p);
/* Waits for it to exit by itself (with a timeout), reading output. */
int bg_wait(struct bg_proc *p, int timeout_ms);
void bg_free(struct bg_proc *p);
/* Runs bindguard to completion with args; returns exit status; output in p. */
int bg_run(struct bg_proc *p, const char *const *args, int timeout_ms);

/* args = words then extra (both NULL-terminated, extra may be NULL), then
 * NULL; fails the test when they need more than cap slots. */
void join_args(const char **args, size_t cap, const char *const *words, const char *const *extra);
/* Starts `bindguard enforce --json --cgroup CGROUP EXTRA...` (extra
 * NULL-terminated, may be NULL) and waits until it enforces; fails the test
 * with its stderr when it does not start. */
void bg_start_enforcer(struct bg_proc *p, const char *cgroup, const char *const *extra);
/* The same for `bindguard WORDS... EXTRA...` until it is tracing. */
void bg_start_tracer(struct bg_proc *p, const char *const *words, const char *const *extra);

/* Parses every stdout line as JSON; fails the test on a line that is not.
 * Returns a json array (caller puts it). */
struct json_object *bg_json_lines(const struct bg_proc *p);
/* First element of arr whose fields match: key=value pairs, NULL-terminated;
 * values compared as strings (numbers in decimal). */
struct json_object *json_find(struct json_object *arr, ...);
size_t json_count(struct json_object *arr, ...);
const char *json_get_str(struct json_object *o, const char *key);
int64_t json_get_int(struct json_object *o, const char *key);

/* --- children that make real calls ------------------------------------- */
/* What a child reports back to the test. */
struct child_result {
	int pid;
	int tid;
	int ret;       /* 0 or -errno of the call under test */
	int port;      /* getsockname() port after the call */
	char addr[64]; /* getsockname() address after the call */
	int extra;
};

typedef void (*child_fn)(struct child_result *r, void *arg);
/* Forks, runs fn in the child, returns what it reported (and waits).
 * Options: in a new network namespace with lo up; in cgroup cg_path. */
int run_child(child_fn fn, void *arg, struct child_result *r);
int run_child_in(child_fn fn, void *arg, struct child_result *r, bool new_netns,
		 const char *cgroup_dir);

/* Children most trace tests run: listen() on an unbound IPv6 TCP socket
 * (the kernel picks the port); bind 0.0.0.0:0 TCP, then listen(). */
void child_listen_unbound(struct child_result *r, void *arg);
void child_bind_then_listen(struct child_result *r, void *arg);
/* A port free on 127.0.0.1 for type (SOCK_STREAM, SOCK_DGRAM) just now. */
int free_port(int type);
/* The first event of kind ("bind", "listen") from r's process, or NULL;
 * how many events r's process has. */
struct json_object *event_for(struct json_object *events, const struct child_result *r,
			      const char *kind);
size_t count_events_for(struct json_object *events, const struct child_result *r);
/* What child_bind_then_listen did, as the tracer saw it: a bind and a
 * listen event, both at the port the child got; the listen event. */
struct json_object *expect_bind_then_listen(struct json_object *events,
					    const struct child_result *r);
/* A bind case of a trace test: what its event must say. */
struct bind_want {
	const char *name; /* of the case, for the messages */
	int family;	  /* AF_INET, AF_INET6 */
	const char *class, *proto;
};
/* The child's successful bind (r->ret 0) as root, its event: of want's
 * class, protocol and family, at the address and port getsockname() gave
 * the child, from its thread, with the test as parent, ret 0.  Fails the
 * test, naming the case, otherwise. */
struct json_object *expect_bind_event(struct json_object *events, const struct child_result *r,
				      const struct bind_want *want);

/* Socket helpers for child functions: return 0 or -errno, fill r. */
int do_bind(struct child_result *r, int family, int type, const char *addr, int port, int v6only,
	    int freebind);
int do_bind_listen(struct child_result *r, int family, int type, const char *addr, int port);
void fill_sockname(struct child_result *r, int fd);
int bring_up_loopback(void);
/* Sets interface `name` of this network namespace up.  0 or -errno. */
int link_set_up(const char *name);

/* --- private cgroups ---------------------------------------------------- */
/* Creates a fresh cgroup v2 directory for this test; path out. */
int test_cgroup_create(const char *name, char *path, size_t len);
/* Kills anything left in it and removes it, with any cgroups made inside. */
void test_cgroup_remove(const char *path);

/* --- pin directories ----------------------------------------------------- */
/* <bpffs>/bindguard-test-PID-NAME (not created: enforce --pin makes it). */
int test_pin_dir_name(const char *name, char *path, size_t len);
/* Removes it and whatever is pinned in it. */
void test_pin_dir_remove(const char *path);

/* --- files ---------------------------------------------------------------- */
/* Removes a directory the test made and all below it (symbolic links, not
 * what they point to); says on stderr what it could not.  "" or NULL: none. */
void test_tree_remove(const char *path);

#endif
