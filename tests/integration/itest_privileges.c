// SPDX-License-Identifier: GPL-2.0
/* A running `bindguard trace` holds no capability once attached, and still
 * delivers events, counts drops, writes -o and detaches. */
#include "itest.h"

#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads "Key:\tvalue" from /proc/<pid>/task/<tid>/status as a number. */
static int status_field(const char *status_path, const char *key, int base, unsigned long long *out)
{
	char line[256];
	size_t klen = strlen(key);
	FILE *f = fopen(status_path, "re");
	int err = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			*out = strtoull(line + klen + 1, NULL, base);
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

/* Every thread of pid: all five capability sets empty, no_new_privs on. */
static void assert_no_capabilities(pid_t pid)
{
	static const char *const sets[] = { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" };
	char dir[64], path[384];
	struct dirent *de;
	int threads = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/task", pid);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		unsigned long long v;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/status", dir, de->d_name);
		for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
			assert_int_equal(status_field(path, sets[i], 16, &v), 0);
			if (v)
				fail_msg("thread %s of bindguard has %s %016llx", de->d_name,
					 sets[i], v);
		}
		assert_int_equal(status_field(path, "NoNewPrivs", 10, &v), 0);
		assert_int_equal(v, 1);
		threads++;
	}
	closedir(d);
	assert_true(threads >= 1);
}

/* The tracer under test; the teardown kills it if a test failed midway. */
static struct bg_proc tracer;

static int stop_tracer(void **state)
{
	(void)state;
	bg_free(&tracer);
	return 0;
}

static void child_bind_wildcard(struct child_result *r, void *arg)
{
	(void)arg;
	do_bind_listen(r, AF_INET, SOCK_STREAM, "0.0.0.0", 0);
}

static void test_trace_holds_no_capability_while_events_flow(void **state)
{
	const char *const args[] = { "trace", "--json", "-v", NULL };
	struct json_object *events;
	struct child_result r;
	struct bg_proc *p = &tracer;
	char pid[16];

	(void)state;
	itest_require_root();
	bg_start_tracer(p, args, NULL);
	assert_no_capabilities(p->pid);
	assert_non_null(
	    strstr(p->err, "bindguard trace: dropped every capability; no_new_privs set"));
	assert_int_equal(run_child(child_bind_wildcard, NULL, &r), 0);
	assert_int_equal(r.ret, 0);
	assert_no_capabilities(p->pid);
	assert_int_equal(bg_stop(p), 0);
	events = bg_json_lines(p);
	snprintf(pid, sizeof(pid), "%d", r.pid);
	assert_non_null(json_find(events, "pid", pid, "event", "bind", NULL));
	assert_non_null(json_find(events, "pid", pid, "event", "listen", NULL));
	json_object_put(events);
	bg_free(p);
}

/* -o opens its file before the drop: writing it later needs nothing, even
 * in a directory only root may enter. */
static char output_dir[64], output_file[96];

static int remove_output_dir(void **state)
{
	stop_tracer(state);
	test_tree_remove(output_dir); /* and whatever a failed test left in it */
	output_dir[0] = output_file[0] = '\0';
	return 0;
}

static void test_output_file_in_root_only_directory(void **state)
{
	const char *args[] = { "trace", "--json", "-o", output_file, NULL };
	char pid[32], *text;
	struct child_result r;
	struct bg_proc *p = &tracer;
	struct stat st;
	FILE *f;

	(void)state;
	itest_require_root();
	snprintf(output_dir, sizeof(output_dir), "/tmp/bindguard-privileges-XXXXXX");
	assert_non_null(mkdtemp(output_dir));
	assert_int_equal(chmod(output_dir, 0700), 0);
	snprintf(output_file, sizeof(output_file), "%s/events.jsonl", output_dir);
	bg_start_tracer(p, args, NULL);
	assert_no_capabilities(p->pid);
	assert_int_equal(run_child(child_bind_wildcard, NULL, &r), 0);
	assert_int_equal(bg_stop(p), 0);
	bg_free(p);

	assert_int_equal(stat(output_file, &st), 0);
	text = calloc(1, (size_t)st.st_size + 1);
	assert_non_null(text);
	f = fopen(output_file, "re");
	assert_non_null(f);
	assert_int_equal(fread(text, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	fclose(f);
	snprintf(pid, sizeof(pid), "\"pid\":%d,", r.pid);
	if (!strstr(text, pid)) {
		free(text);
		fail_msg("no event of pid %d in %s", r.pid, output_file);
	}
	free(text);
}

/* Drops are read from a BPF map at every poll and at exit: those reads
 * work on an open fd without CAP_BPF (or the tracer keeps it, and says so). */
static void test_drops_counted_without_capabilities(void **state)
{
	const int binds = 20000;
	char self[16];
	const char *const args[] = { "trace", "--json", "-b", "4096", "-p", self, NULL };
	unsigned long long printed = 0, dropped = 0;
	struct json_object *events;
	const char *summary;
	struct bg_proc *p = &tracer;

	(void)state;
	itest_require_root();
	snprintf(self, sizeof(self), "%d", getpid());
	bg_start_tracer(p, args, NULL);
	assert_no_capabilities(p->pid);
	for (int i = 0; i < binds; i++) {
		struct child_result r;

		close(do_bind(&r, AF_INET, SOCK_DGRAM, "127.0.0.1", 0, -1, 0));
	}
	assert_int_equal(bg_stop(p), 0);
	events = bg_json_lines(p);
	/* the summary: "bindguard trace: N events (B bind, L listen), D dropped, ..." */
	summary = strstr(p->err, " listen), ");
	assert_non_null(summary);
	assert_int_equal(sscanf(summary, " listen), %llu dropped", &dropped), 1);
	while (summary > p->err && summary[-1] != '\n')
		summary--;
	assert_int_equal(sscanf(summary, "bindguard trace: %llu events (", &printed), 1);
	fprintf(stderr, "# %d binds: %llu events, %llu dropped\n", binds, printed, dropped);
	assert_int_equal(printed, json_object_array_length(events));
	assert_true(dropped > 0);
	assert_int_equal(printed + dropped, (unsigned long long)binds);
	json_object_put(events);
	bg_free(p);
}

/* The BPF programs bindguard holds, from its fdinfo. */
static size_t held_program_ids(pid_t pid, unsigned int *ids, size_t max)
{
	char dir[64], path[320], line[128];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/fdinfo", pid);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL && n < max) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f) && n < max)
			if (sscanf(line, "prog_id: %u", &ids[n]) == 1)
				n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

/* Detaching is closing fds, which needs no capability: after a stop
 * without capabilities, none of its programs is left in the kernel. */
static void test_detaches_without_capabilities(void **state)
{
	const char *const args[] = { "trace", "--json", NULL };
	unsigned int ids[64];
	struct bg_proc *p = &tracer;
	size_t n;

	(void)state;
	itest_require_root();
	bg_start_tracer(p, args, NULL);
	assert_no_capabilities(p->pid);
	n = held_program_ids(p->pid, ids, 64);
	fprintf(stderr, "# bindguard holds %zu BPF programs\n", n);
	assert_true(n > 0);
	assert_int_equal(bg_stop(p), 0);
	bg_free(p);
	for (size_t i = 0; i < n; i++) {
		int fd = bpf_prog_get_fd_by_id(ids[i]);

		if (fd >= 0) {
			close(fd);
			fail_msg("BPF program %u is still loaded after bindguard stopped", ids[i]);
		}
		assert_int_equal(fd, -ENOENT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_trace_holds_no_capability_while_events_flow,
					  stop_tracer),
		cmocka_unit_test_teardown(test_output_file_in_root_only_directory,
					  remove_output_dir),
		cmocka_unit_test_teardown(test_drops_counted_without_capabilities, stop_tracer),
		cmocka_unit_test_teardown(test_detaches_without_capabilities, stop_tracer),
	};

	return cmocka_run_group_tests_name("privileges", tests, NULL, NULL);
}
