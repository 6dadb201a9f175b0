// SPDX-License-Identifier: GPL-2.0
/* Loads the capture BPF object, attaches its tracepoints (or, in hooks mode,
 * its cgroup programs) and drains its ring buffer into a callback. */
#include "capture/capture.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/bpf_support.h"
#include "capture.skel.h"
#include "capture/event_format.h"
#include "lib/mounts.h"
#include "lib/report.h"

struct capture {
	struct capture_bpf *skel;
	struct ring_buffer *rb;
	capture_event_fn fn;
	void *ctx;
	uint64_t malformed;
};

static bool tracepoint_exists(const char *tracefs, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/events/%s/id", tracefs, name);
	return access(path, F_OK) == 0;
}

/* Syscall tracepoints are essential; the socket state one only adds
 * listeners made without listen() (io_uring) and, for top, closes. */
static int probe_tracepoints(const char *tracefs, bool *have_set_state)
{
	static const char *const essential[] = { "syscalls/sys_enter_bind",
						 "syscalls/sys_exit_bind",
						 "syscalls/sys_enter_listen",
						 "syscalls/sys_exit_listen" };

	for (size_t i = 0; i < sizeof(essential) / sizeof(essential[0]); i++) {
		if (!tracepoint_exists(tracefs, essential[i])) {
			report("kernel %s has no %s tracepoint; bindguard needs a kernel "
			       "built with CONFIG_FTRACE_SYSCALLS=y\n",
			       kernel_release(), essential[i]);
			return -ENOENT;
		}
	}
	*have_set_state = tracepoint_exists(tracefs, "sock/inet_sock_set_state");
	if (!*have_set_state)
		report("note: kernel %s has no sock:inet_sock_set_state "
		       "tracepoint; TCP listeners created without listen() (io_uring) and "
		       "listener closes will not be seen\n",
		       kernel_release());
	return 0;
}

/* The hooks fill pid, comm and ppid from the current task, which not every
 * kernel lets cgroup socket and sockops programs read (6.1 does not). */
static int probe_hook_helpers(void)
{
	static const enum bpf_prog_type types[] = { BPF_PROG_TYPE_CGROUP_SOCK,
						    BPF_PROG_TYPE_SOCK_OPS };
	static const enum bpf_func_id helpers[] = { BPF_FUNC_get_current_pid_tgid,
						    BPF_FUNC_get_current_comm,
						    BPF_FUNC_get_current_task };
	static const char *const helper_names[] = { "bpf_get_current_pid_tgid",
						    "bpf_get_current_comm",
						    "bpf_get_current_task" };

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		for (size_t h = 0; h < sizeof(helpers) / sizeof(helpers[0]); h++) {
			if (libbpf_probe_bpf_helper(types[t], helpers[h], NULL) == 1)
				continue;
			report("kernel %s does not let %s programs call %s, which "
			       "--hooks needs to name the process (Linux 6.18 has it): --hooks "
			       "cannot work here; trace without --hooks\n",
			       kernel_release(), libbpf_bpf_prog_type_str(types[t]),
			       helper_names[h]);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/* Syscall tracepoints, or cgroup programs: only one set is loaded. */
static void choose_programs(struct capture_bpf *skel, bool hooks, bool have_set_state)
{
	struct bpf_program *tracepoints[] = { skel->progs.trace_enter_bind,
					      skel->progs.trace_exit_bind,
					      skel->progs.trace_enter_listen,
					      skel->progs.trace_exit_listen };
	struct bpf_program *hook_progs[] = { skel->progs.hook_bind4, skel->progs.hook_bind6,
					     skel->progs.hook_post_bind4,
					     skel->progs.hook_post_bind6, skel->progs.hook_listen };

	for (size_t i = 0; i < sizeof(tracepoints) / sizeof(tracepoints[0]); i++)
		bpf_program__set_autoload(tracepoints[i], !hooks);
	for (size_t i = 0; i < sizeof(hook_progs) / sizeof(hook_progs[0]); i++)
		bpf_program__set_autoload(hook_progs[i], hooks);
	/* hooks mode reports listens through sockops, scoped to the cgroup */
	bpf_program__set_autoload(skel->progs.trace_inet_sock_set_state, !hooks && have_set_state);
}

/* Links owned by the skeleton: they go when the process does, even on a crash. */
static int attach_hooks(struct capture_bpf *skel, const char *cgroup_path)
{
	struct {
		struct bpf_program *prog;
		struct bpf_link **link;
	} hooks[] = {
		{ skel->progs.hook_bind4, &skel->links.hook_bind4 },
		{ skel->progs.hook_bind6, &skel->links.hook_bind6 },
		{ skel->progs.hook_post_bind4, &skel->links.hook_post_bind4 },
		{ skel->progs.hook_post_bind6, &skel->links.hook_post_bind6 },
		{ skel->progs.hook_listen, &skel->links.hook_listen },
	};
	int cg = open(cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;

	if (cg < 0) {
		err = -errno;
		report("cannot open cgroup %s: %s\n", cgroup_path, strerror(-err));
		return err;
	}
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++) {
		*hooks[i].link = bpf_program__attach_cgroup(hooks[i].prog, cg);
		if (!*hooks[i].link) {
			err = -errno;
			bpf_report_error("attaching the cgroup capture hooks", err);
			break;
		}
	}
	close(cg);
	return err;
}

static int handle_record(void *opaque, void *data, size_t size)
{
	struct capture *c = opaque;
	struct bind_event e;

	if (decode_event(data, size, &e)) {
		c->malformed++;
		return 0;
	}
	return c->fn(c->ctx, &e);
}

int capture_start(struct capture **out, const struct capture_options *opts, capture_event_fn fn,
		  void *ctx)
{
	struct capture *c;
	char tracefs[256];
	bool have_set_state = false;
	__u32 ring_bytes;
	int err;

	*out = NULL;
	err = bpf_preflight();
	if (err)
		return err;
	if (opts->hooks) {
		err = probe_hook_helpers();
	} else {
		err = ensure_tracefs(tracefs, sizeof(tracefs));
		if (!err)
			err = probe_tracepoints(tracefs, &have_set_state);
	}
	if (err)
		return err;

	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fn = fn;
	c->ctx = ctx;

	c->skel = capture_bpf__open();
	if (!c->skel) {
		err = -errno;
		bpf_report_error("opening the capture BPF object", err);
		goto fail;
	}
	choose_programs(c->skel, opts->hooks, have_set_state);
	if (opts->hooks) /* no enter/exit pairing */
		bpf_map__set_max_entries(c->skel->maps.inflight, 1);
	else
		bpf_map__set_max_entries(c->skel->maps.pending_binds, 1);
	c->skel->rodata->filter_pid = opts->pid;
	c->skel->rodata->filter_family = (__u16)opts->family;
	c->skel->rodata->filter_result = (__s8)opts->result;
	c->skel->rodata->filter_exposed = opts->exposed_only;
	c->skel->rodata->emit_close = opts->emit_close;
	c->skel->rodata->only_actions = opts->only_actions;
	if (!opts->only_actions) /* only a live enforcer fills it */
		bpf_map__set_max_entries(c->skel->maps.verdicts, 1);
	if (opts->port_bitmap) {
		c->skel->rodata->filter_ports = true;
		memcpy((void *)c->skel->rodata->port_bitmap, opts->port_bitmap,
		       sizeof(c->skel->rodata->port_bitmap));
	}
	ring_bytes = opts->ringbuf_bytes ? opts->ringbuf_bytes : CAPTURE_DEFAULT_RINGBUF;
	c->skel->rodata->wakeup_bytes = ring_bytes / 4;
	err = bpf_map__set_max_entries(c->skel->maps.events, ring_bytes);
	if (err) {
		bpf_report_error("sizing the ring buffer", err);
		goto fail;
	}
	err = capture_bpf__load(c->skel);
	if (err) {
		bpf_report_error("loading the capture BPF programs", err);
		goto fail;
	}
	if (opts->hooks) {
		err = attach_hooks(c->skel, opts->cgroup_path);
	} else {
		err = capture_bpf__attach(c->skel);
		if (err)
			bpf_report_error("attaching to the bind/listen tracepoints", err);
	}
	if (err)
		goto fail;
	c->rb = ring_buffer__new(bpf_map__fd(c->skel->maps.events), handle_record, c, NULL);
	if (!c->rb) {
		err = -errno;
		bpf_report_error("opening the ring buffer", err);
		goto fail;
	}
	*out = c;
	return 0;
fail:
	capture_stop(c);
	return err;
}

int capture_poll(struct capture *c, int timeout_ms)
{
	int n = ring_buffer__poll(c->rb, timeout_ms), m;

	if (n < 0 && n != -EINTR)
		return n;
	/* Events submitted without a wake-up are waiting too. */
	m = ring_buffer__consume(c->rb);
	if (m < 0 && m != -EINTR)
		return m;
	return (n > 0 ? n : 0) + (m > 0 ? m : 0);
}

uint64_t capture_drops(struct capture *c)
{
	int fd = bpf_map__fd(c->skel->maps.drops);
	uint64_t total = 0;

	for (__u32 key = 0; key < BG_DROP_MAX; key++)
		total += percpu_u64_sum(fd, key);
	return total;
}

uint64_t capture_malformed(struct capture *c)
{
	return c->malformed;
}

int capture_events_fd(struct capture *c)
{
	return bpf_map__fd(c->skel->maps.events);
}

int capture_verdicts_fd(struct capture *c)
{
	return bpf_map__fd(c->skel->maps.verdicts);
}

void capture_stop(struct capture *c)
{
	if (!c)
		return;
	ring_buffer__free(c->rb);
	capture_bpf__destroy(c->skel);
	free(c);
}
