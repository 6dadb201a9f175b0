// SPDX-License-Identifier: GPL-2.0
/* Pinned-enforcement test helpers: kernel truth and injected faults. */
#include "pinning.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

int hooks_attached(const char *cgroup)
{
	enum bpf_attach_type types[] = { BPF_CGROUP_INET4_BIND, BPF_CGROUP_INET6_BIND };
	int fd = open(cgroup, O_RDONLY | O_DIRECTORY), total = 0;

	assert_true(fd >= 0);
	for (int i = 0; i < 2; i++) {
		__u32 ids[16], cnt = 16, flags = 0;

		assert_int_equal(bpf_prog_query(fd, types[i], 0, &flags, ids, &cnt), 0);
		total += (int)cnt;
	}
	close(fd);
	return total;
}

static void child_wildcard(struct child_result *r, void *arg)
{
	int family = *(int *)arg;

	do_bind(r, family, SOCK_STREAM, family == AF_INET ? "0.0.0.0" : "::", 0, -1, 0);
}

enum bind_outcome wildcard_bind_outcome(const char *cgroup, int family)
{
	struct child_result r;

	assert_int_equal(run_child_in(child_wildcard, &family, &r, false, cgroup), 0);
	if (r.ret == -EPERM)
		return OUTCOME_DENY;
	if (r.ret)
		return OUTCOME_OTHER;
	/* a dual-stack :: goes to ::ffff:127.0.0.1, a v6-only one to ::1 */
	if (strcmp(r.addr, "127.0.0.1") == 0 || strcmp(r.addr, "::1") == 0 ||
	    strcmp(r.addr, "::ffff:127.0.0.1") == 0)
		return OUTCOME_REWRITE;
	if (strcmp(r.addr, "0.0.0.0") == 0 || strcmp(r.addr, "::") == 0)
		return OUTCOME_UNTOUCHED;
	return OUTCOME_OTHER;
}

const char *outcome_mode(enum bind_outcome o)
{
	switch (o) {
	case OUTCOME_REWRITE: return "rewrite";
	case OUTCOME_DENY: return "deny";
	case OUTCOME_UNTOUCHED: return NULL;
	default: return "?";
	}
}

uint64_t cgroup_id_of(const char *cgroup)
{
	struct stat st;

	assert_int_equal(stat(cgroup, &st), 0);
	return st.st_ino;
}

const char *strace_path(void)
{
	static char found[512];
	const char *path = getenv("PATH");
	char dirs[4096], *dir, *save = NULL;

	if (found[0])
		return found;
	snprintf(dirs, sizeof(dirs), "%s", path && *path ? path : "/usr/bin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(found, sizeof(found), "%s/strace", dir);
		if (access(found, X_OK) == 0)
			return found;
	}
	found[0] = '\0';
	return NULL;
}

/* strace [-o out] -e ... bindguard args */
static int start_strace(struct bg_proc *p, const char *const *strace_args, const char *const *args)
{
	static char asan[1024];
	const char *argv[64], *given = getenv("ASAN_OPTIONS");
	size_t n = 0;

	argv[n++] = strace_path();
	if (given) { /* a sanitizer build: LeakSanitizer cannot run under ptrace */
		snprintf(asan, sizeof(asan), "ASAN_OPTIONS=%s:detect_leaks=0", given);
		argv[n++] = "-E";
		argv[n++] = asan;
	}
	for (; *strace_args; strace_args++)
		argv[n++] = *strace_args;
	argv[n++] = bindguard_path();
	for (; *args && n < 63; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	return bg_start_argv(p, argv, NULL, NULL);
}

int bg_start_injected(struct bg_proc *p, const char *spec, const char *const *args)
{
	char inject[128];
	const char *strace_args[] = { "-qq", "-o", "/dev/null", "-e", inject, NULL };

	snprintf(inject, sizeof(inject), "inject=%s", spec);
	return start_strace(p, strace_args, args);
}

int bg_run_injected(struct bg_proc *p, const char *spec, const char *const *args, int timeout_ms)
{
	assert_int_equal(bg_start_injected(p, spec, args), 0);
	return bg_wait(p, timeout_ms);
}

/* The calls that read or change what is pinned and attached. */
static bool is_step(const char *name, const char *line)
{
	static const char *const bpf_cmds[] = { "BPF_OBJ_PIN", "BPF_OBJ_GET,", "BPF_LINK_CREATE",
						"BPF_LINK_UPDATE" };

	if (strcmp(name, "bpf"))
		return true;
	for (size_t i = 0; i < sizeof(bpf_cmds) / sizeof(bpf_cmds[0]); i++)
		if (strstr(line, bpf_cmds[i]))
			return true;
	return false;
}

int pin_steps(const char *const *args, struct pin_step *steps, int max)
{
	static const char *const names[] = { "bpf", "rename", "unlink", "mkdir", "flock" };
	const char *strace_args[] = {
		"-qq", "-o", NULL, "-e", "trace=bpf,rename,unlink,mkdir,flock", NULL
	};
	int counts[5] = { 0 }, n = 0;
	char out[128], line[1024];
	struct bg_proc p;
	int status;
	FILE *f;

	snprintf(out, sizeof(out), "/tmp/bindguard-pin-steps-%d", getpid());
	strace_args[2] = out;
	assert_int_equal(start_strace(&p, strace_args, args), 0);
	status = bg_wait(&p, 30000);
	bg_free(&p);
	f = fopen(out, "r");
	unlink(out); /* before any assertion: a failed one must not leave it behind */
	if (status != 0 || !f) {
		if (f)
			fclose(f);
		fail_msg("bindguard under strace exited %d%s", status,
			 f ? "" : ", no strace output");
	}
	while (fgets(line, sizeof(line), f) && n < max) {
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			size_t len = strlen(names[i]);

			if (strncmp(line, names[i], len) || line[len] != '(')
				continue;
			counts[i]++;
			if (!is_step(names[i], line))
				break;
			snprintf(steps[n].syscall, sizeof(steps[n].syscall), "%s", names[i]);
			steps[n].nth = counts[i];
			snprintf(steps[n].what, sizeof(steps[n].what), "%.*s",
				 (int)strcspn(line, "\n"), line);
			n++;
			break;
		}
	}
	fclose(f);
	return n;
}
