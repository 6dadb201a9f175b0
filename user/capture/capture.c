// SPDX-License-Identifier: GPL-2.0
/* Loads the capture BPF object with the programs of one backend (picked by
 * probing, or forced), attaches them and drains its ring buffer into a
 * callback. */
#include "capture/capture.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "lib/bpf_support.h"
#include "lib/clock.h"
#include "lib/core_btf.h"
#include "lib/kernel_btf.h"
#include "lib/link_teardown.h"
#include "capture.skel.h"
#include "capture/event_format.h"
#include "capture/ring_reader.h"
#include "lib/mounts.h"
#include "lib/report.h"

/* See plan_recheck() */
#define QUIET_SLACK_NS 1000000ull /* 1 ms */

struct capture {
	struct capture_bpf *skel;
	/* capture.bpf.c's rings in use (events0..), one per CPU up to four */
	struct ring_reader rings[CAPTURE_RINGS];
	size_t n_rings;
	uint32_t ring_bytes; /* each */
	int wake_fd;	     /* epoll, edge-triggered on the rings: see open_wake_fd() */
	/* How long after a wake-up the programs may still add records without
	 * one, and when capture_poll() must look again for such records
	 * (CLOCK_MONOTONIC ns; 0: not before the next wake-up). */
	uint64_t quiet_window_ns;
	uint64_t recheck_ns;
	capture_event_fn fn;
	void *ctx;
	uint64_t malformed;
	enum capture_backend backend;
	unsigned int as_before; /* BINDGUARD_CAPTURE_AS_BEFORE: see plan_as_before() */
	char detail[384];
	char summary[CAPTURE_SUMMARY_LEN]; /* "fentry (__sys_bind, __sys_listen)" */
	/* the kernel's BTF cut to the object's CO-RE needs, while starting */
	int core_btf_fd;
	char core_btf_path[32];
};

/* The kernel types the direct (lean) programs cast to: their ids go into
 * the kernel_id_* rodata of capture.bpf.c. */
enum cast_type {
	CAST_TASK_STRUCT,
	CAST_FILE,
	CAST_SOCKET,
	CAST_SOCK,
	CAST_INET_SOCK,
	CAST_FILES_STRUCT,
	CAST_PT_REGS,
	CAST_TYPES
};
static const char *const cast_type_names[CAST_TYPES] = {
	[CAST_TASK_STRUCT] = "task_struct", [CAST_FILE] = "file",
	[CAST_SOCKET] = "socket",	    [CAST_SOCK] = "sock",
	[CAST_INET_SOCK] = "inet_sock",	    [CAST_FILES_STRUCT] = "files_struct",
	[CAST_PT_REGS] = "pt_regs",
};

/* io_uring:io_uring_complete's arguments, as the kernel's BTF gives them
 * (capture.bpf.c: uring_complete_*); none where it has no IORING_OP_BIND. */
enum uring_complete { URING_NONE, URING_RES, URING_CQE };

/* What one attempt loads, from probing the kernel. */
struct capture_plan {
	enum capture_backend backend;
	bool have_set_state; /* sock:inet_sock_set_state */
	bool exit_only;	     /* tracepoints: exit only (bpf_task_pt_regs, 5.15+) */
	bool lean;	     /* direct BTF reads (bpf_rdonly_cast, 6.2+) */
	bool task_btf;	     /* bpf_get_current_task_btf */
	bool files;	     /* trampolines, not lean: BTF reads of the fd array (5.11+) */
	bool no_tracefs;     /* said so already: no other backend can help */
	struct fentry_targets fentry;
	__u32 cast_ids[CAST_TYPES]; /* with lean */
	/* io_uring's binds from io_uring:io_uring_complete: planned only with
	 * the lean tracepoint programs (plan_uring), and given up before them */
	bool uring;
	enum uring_complete uring_proto;
	__u32 io_kiocb_id;
	char why_not_uring[224];
	char why_not_lean[256];
	char why_not_exit_only[256];
};

/* The lean programs also need the kernel's ids of the types they cast to. */
static void plan_casts(struct capture_plan *p)
{
	const struct btf_view *btf = p->lean ? kernel_btf() : NULL;
	const char *const cast_kfunc[] = { "bpf_rdonly_cast" };
	__u32 cast_kfunc_id = 0;

	if (!p->lean)
		return;
	if (!btf) {
		p->lean = false;
		snprintf(p->why_not_lean, sizeof(p->why_not_lean),
			 "the kernel's BTF cannot be read: %s", strerror(errno));
		return;
	}
	/* the kfunc itself (6.2+): its absence planned out, not left for the
	 * verifier to refuse, so that a refusal always means a bug */
	btf_view_find(btf, BTF_KIND_FUNC, cast_kfunc, &cast_kfunc_id, 1);
	if (!cast_kfunc_id) {
		p->lean = false;
		snprintf(p->why_not_lean, sizeof(p->why_not_lean),
			 "the kernel has no bpf_rdonly_cast (Linux 6.2+)");
		return;
	}
	btf_view_find(btf, BTF_KIND_STRUCT, cast_type_names, p->cast_ids, CAST_TYPES);
	for (size_t i = 0; i < CAST_TYPES; i++) {
		if (!p->cast_ids[i]) {
			p->lean = false;
			snprintf(p->why_not_lean, sizeof(p->why_not_lean),
				 "the kernel's BTF has no struct %s", cast_type_names[i]);
			return;
		}
	}
}

/* The parameters of the function type that typedef `name` points to
 * (btf_trace_* typedefs: the tracepoint's prototype, with a leading void
 * *data), or -1. */
static int typedef_proto_params(const struct btf_view *btf, const char *name)
{
	const char *const names[] = { name };
	const struct btf_type *t;
	__u32 id;

	btf_view_find(btf, BTF_KIND_TYPEDEF, names, &id, 1);
	t = btf_view_type(btf, id);
	for (int hops = 0; t && hops < 2 && (btf_is_typedef(t) || btf_is_ptr(t)); hops++)
		t = btf_view_type(btf, t->type);
	return t && btf_is_func_proto(t) ? btf_vlen(t) : -1;
}

/* Whether enum `name` of the kernel has a value named `value`. */
static bool enum_has_value(const struct btf_view *btf, const char *name, const char *value)
{
	const char *const names[] = { name };
	const struct btf_type *t;
	__u32 id;

	btf_view_find(btf, BTF_KIND_ENUM, names, &id, 1);
	t = btf_view_type(btf, id);
	for (__u16 i = 0; t && btf_is_enum(t) && i < btf_vlen(t); i++)
		if (!strcmp(btf_view_name(btf, btf_enum(t)[i].name_off), value))
			return true;
	return false;
}

/* Tracepoints with direct BTF reads (plan_casts read the kernel's BTF):
 * io_uring's binds (6.11+, which make no bind() call) from the completions
 * of IORING_OP_BIND requests. */
static void plan_uring(struct capture_plan *p)
{
	const struct btf_view *btf = kernel_btf();
	const char *const kiocb[] = { "io_kiocb" };
	int params;

	p->uring_proto = URING_NONE;
	if (!enum_has_value(btf, "io_uring_op", "IORING_OP_BIND")) {
		snprintf(p->why_not_uring, sizeof(p->why_not_uring),
			 "the kernel has no IORING_OP_BIND");
		return;
	}
	btf_view_find(btf, BTF_KIND_STRUCT, kiocb, &p->io_kiocb_id, 1);
	params = typedef_proto_params(btf, "btf_trace_io_uring_complete");
	/* data, ctx, req, cqe / data, ctx, req, user_data, res, cflags, extra1, extra2 */
	if (params < 0)
		snprintf(p->why_not_uring, sizeof(p->why_not_uring),
			 "the kernel has no io_uring:io_uring_complete tracepoint");
	else if (p->io_kiocb_id && params == 4)
		p->uring_proto = URING_CQE;
	else if (p->io_kiocb_id && params == 8)
		p->uring_proto = URING_RES;
	else
		snprintf(p->why_not_uring, sizeof(p->why_not_uring),
			 "io_uring:io_uring_complete has an unknown prototype (%d parameters)",
			 params);
	p->uring = p->uring_proto != URING_NONE;
}

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

/* Plans as a kernel older than `before` (LINUX_VERSION; 0: this one) would:
 * without bpf_rdonly_cast (6.2), bpf_task_pt_regs (5.15) and
 * bpf_get_current_task_btf (5.11), so the tests run every path on any
 * kernel (BINDGUARD_CAPTURE_AS_BEFORE). */
static void plan_as_before(struct capture_plan *p, unsigned int before)
{
	const unsigned int major = before >> 8, minor = before & 0xff;

	if (!before)
		return;
	if (before <= LINUX_VERSION(6, 2) && p->lean) {
		p->lean = false;
		snprintf(p->why_not_lean, sizeof(p->why_not_lean),
			 "as before Linux %u.%u (BINDGUARD_CAPTURE_AS_BEFORE)", major, minor);
	}
	if (before <= LINUX_VERSION(5, 15) && p->exit_only) {
		p->exit_only = false;
		snprintf(p->why_not_exit_only, sizeof(p->why_not_exit_only),
			 "as before Linux %u.%u (BINDGUARD_CAPTURE_AS_BEFORE)", major, minor);
	}
	if (before <= LINUX_VERSION(5, 11))
		p->task_btf = p->files = false;
}

/* Probes what `backend` needs, as a kernel older than `as_before` would
 * (plan_as_before).  Tracepoints and hooks print why they cannot run;
 * fentry leaves its reason in `why` (auto falls back).  Every backend but
 * hooks needs tracefs: the tracepoints, and with trampolines
 * sock:inet_sock_set_state for listeners made without listen() and closes. */
static int plan_backend(struct capture_plan *p, enum capture_backend backend, bool forced,
			unsigned int as_before, char *why, size_t len)
{
	char tracefs[256];
	int err;

	memset(p, 0, sizeof(*p));
	p->backend = backend;
	if (backend == CAPTURE_BACKEND_HOOKS)
		return probe_hook_helpers();
	p->task_btf = probe_task_btf();
	if (backend == CAPTURE_BACKEND_FENTRY) {
		/* for a tracepoint that taxes no syscall, and the function tracer */
		err = ensure_tracefs(tracefs, sizeof(tracefs));
		p->no_tracefs = err != 0;
		if (err) {
			snprintf(why, len, "tracefs cannot be mounted");
			return err;
		}
		p->have_set_state = tracepoint_exists(tracefs, "sock/inet_sock_set_state");
		p->files = p->task_btf; /* bpf_sock_from_file came with it */
		/* forced: only the trampoline probe, not the tracer heuristic */
		err = probe_fentry_targets(&p->fentry, forced ? NULL : tracefs, why, len);
	} else {
		err = ensure_tracefs(tracefs, sizeof(tracefs));
		if (!err)
			err = probe_tracepoints(tracefs, &p->have_set_state);
	}
	if (err)
		return err;
	p->exit_only =
	    probe_exit_only_tracepoints(p->why_not_exit_only, sizeof(p->why_not_exit_only));
	/* and bpf_rdonly_cast, which plan_casts looks for in the kernel's BTF */
	p->lean = p->exit_only;
	snprintf(p->why_not_lean, sizeof(p->why_not_lean), "%s", p->why_not_exit_only);
	plan_as_before(p, as_before);
	plan_casts(p);
	if (backend == CAPTURE_BACKEND_TRACEPOINT && p->lean)
		plan_uring(p);
	return 0;
}

/* Loads only the programs of the planned backend. */
static void choose_programs(struct capture_bpf *skel, const struct capture_plan *p)
{
	const bool tp = p->backend == CAPTURE_BACKEND_TRACEPOINT,
		   fentry = p->backend == CAPTURE_BACKEND_FENTRY,
		   hooks = p->backend == CAPTURE_BACKEND_HOOKS;
	const struct {
		struct bpf_program *prog;
		bool load;
	} progs[] = {
		{ skel->progs.trace_enter_bind, tp && !p->exit_only },
		{ skel->progs.trace_exit_bind, tp && !p->exit_only },
		{ skel->progs.trace_enter_listen, tp && !p->exit_only },
		{ skel->progs.trace_exit_listen, tp && !p->exit_only },
		{ skel->progs.lean_exit_bind, tp && p->lean },
		{ skel->progs.lean_exit_listen, tp && p->lean },
		{ skel->progs.probed_exit_bind, tp && p->exit_only && !p->lean },
		{ skel->progs.probed_exit_listen, tp && p->exit_only && !p->lean },
		{ skel->progs.uring_complete_cqe, p->uring && p->uring_proto == URING_CQE },
		{ skel->progs.uring_complete_res, p->uring && p->uring_proto == URING_RES },
		{ skel->progs.fexit_sys_bind, fentry && !p->lean && !p->files },
		{ skel->progs.fexit_sys_bind_files, fentry && !p->lean && p->files },
		{ skel->progs.fexit_sys_bind_btf, fentry && p->lean },
		{ skel->progs.fexit_sys_bind_socket, fentry && p->fentry.bind_socket },
		{ skel->progs.fentry_sys_listen, fentry },
		{ skel->progs.fexit_sys_listen, fentry },
		{ skel->progs.fentry_sys_listen_socket, fentry && p->fentry.listen_socket },
		{ skel->progs.fexit_sys_listen_socket, fentry && p->fentry.listen_socket },
		/* hooks mode reports listens through sockops, scoped to the cgroup */
		{ skel->progs.trace_inet_sock_set_state, !hooks && p->have_set_state },
		{ skel->progs.hook_bind4, hooks },
		{ skel->progs.hook_bind6, hooks },
		{ skel->progs.hook_post_bind4, hooks },
		{ skel->progs.hook_post_bind6, hooks },
		{ skel->progs.hook_listen, hooks },
	};

	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		bpf_program__set_autoload(progs[i].prog, progs[i].load);
}

/* capture.bpf.c's ring i, events0 to events3. */
static struct bpf_map *ring_map(struct capture_bpf *skel, size_t i)
{
	struct bpf_map *maps[CAPTURE_RINGS] = { skel->maps.events0, skel->maps.events1,
						skel->maps.events2, skel->maps.events3 };

	return maps[i];
}

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static const __u8 event_backend[] = {
	[CAPTURE_BACKEND_FENTRY] = BG_BACKEND_FENTRY,
	[CAPTURE_BACKEND_TRACEPOINT] = BG_BACKEND_TRACEPOINT,
	[CAPTURE_BACKEND_HOOKS] = BG_BACKEND_HOOKS,
};

/* Filters, programs and map sizes, before load. */
static int configure(const struct capture *c, const struct capture_options *opts,
		     const struct capture_plan *p)
{
	struct capture_bpf *skel = c->skel;
	struct capture_bpf__rodata *ro = skel->rodata;
	const bool tp = p->backend == CAPTURE_BACKEND_TRACEPOINT;
	const bool pairs = (tp && !p->exit_only) || p->backend == CAPTURE_BACKEND_FENTRY;
	int err = 0;

	choose_programs(skel, p);
	/* enter/exit pairs, listen's trampolines, exit-only listen's state */
	if (!pairs && !(tp && p->exit_only && p->have_set_state))
		bpf_map__set_max_entries(skel->maps.inflight, 1);
	else if (!pairs)
		bpf_map__set_max_entries(skel->maps.inflight, 1024); /* listens only */
	if (p->backend != CAPTURE_BACKEND_HOOKS)
		bpf_map__set_max_entries(skel->maps.pending_binds, 1);
	if (!opts->only_actions) /* only a live enforcer fills it */
		bpf_map__set_max_entries(skel->maps.verdicts, 1);
	ro->filter_pid = opts->pid;
	ro->filter_family = (__u16)opts->family;
	ro->filter_result = (__s8)opts->result;
	ro->filter_exposed = opts->exposed_only;
	ro->emit_close = opts->emit_close;
	ro->only_actions = opts->only_actions;
	ro->backend = event_backend[p->backend];
	ro->exit_only_tracepoints = tp && p->exit_only;
	/* with the lean programs, the others read the task by probe reads:
	 * see have_task_btf in capture.bpf.c */
	ro->have_task_btf = p->task_btf && !p->lean && p->backend != CAPTURE_BACKEND_HOOKS;
	ro->kernel_id_task_struct = p->cast_ids[CAST_TASK_STRUCT];
	ro->kernel_id_file = p->cast_ids[CAST_FILE];
	ro->kernel_id_socket = p->cast_ids[CAST_SOCKET];
	ro->kernel_id_sock = p->cast_ids[CAST_SOCK];
	ro->kernel_id_inet_sock = p->cast_ids[CAST_INET_SOCK];
	ro->kernel_id_files_struct = p->cast_ids[CAST_FILES_STRUCT];
	ro->kernel_id_pt_regs = p->cast_ids[CAST_PT_REGS];
	ro->kernel_id_io_kiocb = p->uring ? p->io_kiocb_id : 0;
	if (opts->port_bitmap) {
		ro->filter_ports = true;
		memcpy((void *)ro->port_bitmap, opts->port_bitmap, sizeof(ro->port_bitmap));
	}
	ro->wakeup_bytes = c->ring_bytes / 4;
	ro->ring_mask = (__u32)c->n_rings - 1;
	for (size_t i = 0; i < CAPTURE_RINGS && !err; i++) /* the unused ones: a page */
		err = bpf_map__set_max_entries(ring_map(skel, i),
					       i < c->n_rings ? c->ring_bytes : (__u32)page_size());
	if (err)
		bpf_report_error("sizing the ring buffers", err);
	return err;
}

/* As many rings as CPUs, up to four, a power of two (the programs take
 * the CPU's number under ring_mask), each of the size asked for. */
static int plan_rings(struct capture *c, const struct capture_options *opts)
{
	int cpus = libbpf_num_possible_cpus();

	if (cpus <= 0) {
		bpf_report_error("counting the CPUs", cpus ? cpus : -EINVAL);
		return cpus ? cpus : -EINVAL;
	}
	c->n_rings = 1;
	while (c->n_rings < CAPTURE_RINGS && c->n_rings < (size_t)cpus)
		c->n_rings *= 2;
	c->ring_bytes = opts->ringbuf_bytes ? opts->ringbuf_bytes : CAPTURE_DEFAULT_RINGBUF;
	return 0;
}

/* Maps the rings in use for reading, once a backend has started. */
static int open_rings(struct capture *c)
{
	for (size_t i = 0; i < c->n_rings; i++) {
		int err = ring_reader_open(&c->rings[i], bpf_map__fd(ring_map(c->skel, i)));

		if (err) {
			bpf_report_error("mapping the ring buffers", err);
			return err;
		}
	}
	return 0;
}

/* Links owned by the skeleton: they go when the process does, even on a crash. */
static int attach_hooks(struct capture_bpf *skel, const char *cgroup_path)
{
	const struct cgroup_attachment hooks[] = {
		{ skel->progs.hook_bind4, &skel->links.hook_bind4 },
		{ skel->progs.hook_bind6, &skel->links.hook_bind6 },
		{ skel->progs.hook_post_bind4, &skel->links.hook_post_bind4 },
		{ skel->progs.hook_post_bind6, &skel->links.hook_post_bind6 },
		{ skel->progs.hook_listen, &skel->links.hook_listen },
	};

	return attach_to_cgroup(cgroup_path, hooks, sizeof(hooks) / sizeof(hooks[0]),
				"attaching the cgroup capture hooks");
}

/* The kernel functions the trampolines hook, each io_uring one followed by
 * io_uring_note. */
static void fentry_functions(char *buf, size_t len, const struct capture_plan *p,
			     const char *io_uring_note)
{
	snprintf(buf, len, "__sys_bind, __sys_listen%s%s%s%s",
		 p->fentry.bind_socket ? ", __sys_bind_socket" : "",
		 p->fentry.bind_socket ? io_uring_note : "",
		 p->fentry.listen_socket ? ", __sys_listen_socket" : "",
		 p->fentry.listen_socket ? io_uring_note : "");
}

/* -v's account of the backend, and the short one the closing summary of
 * trace and enforce gives: the backend and what it hooked. */
static void describe_backend(struct capture *c, const struct capture_plan *p)
{
	char functions[96];
	const char *hooked = functions;

	c->backend = p->backend;
	if (p->backend == CAPTURE_BACKEND_FENTRY) {
		fentry_functions(functions, sizeof(functions), p, " (io_uring)");
		snprintf(c->detail, sizeof(c->detail), "BPF trampolines on %s; %s", functions,
			 p->lean ? "direct BTF reads"
			 : p->files
			     ? "BTF reads of the sockets of fds below 64, probe reads of others"
			     : "probe reads");
		fentry_functions(functions, sizeof(functions), p, "");
	} else if (p->backend == CAPTURE_BACKEND_HOOKS) {
		snprintf(c->detail, sizeof(c->detail), "cgroup bind/post_bind/sockops hooks");
		hooked = "cgroup bind, post_bind, sockops";
	} else if (p->uring) {
		snprintf(c->detail, sizeof(c->detail),
			 "syscall exit tracepoints only, direct BTF reads; io_uring's binds from "
			 "io_uring:io_uring_complete");
		hooked = "exit-only, io_uring_complete";
	} else if (p->lean) {
		snprintf(c->detail, sizeof(c->detail),
			 "syscall exit tracepoints only, direct BTF reads; io_uring's binds not "
			 "seen: %s",
			 p->why_not_uring);
		hooked = "exit-only";
	} else if (p->exit_only) {
		snprintf(c->detail, sizeof(c->detail),
			 "syscall exit tracepoints only, probe reads; no direct BTF reads: %s",
			 p->why_not_lean);
		hooked = "exit-only";
	} else {
		snprintf(c->detail, sizeof(c->detail), "syscall enter+exit tracepoints; %s",
			 p->why_not_exit_only);
		hooked = "enter+exit";
	}
	snprintf(c->summary, sizeof(c->summary), "%s (%s)", capture_backend_name(p->backend),
		 hooked);
}

/* Opens, configures, loads and attaches one backend.  With `why`, a
 * failure is not reported but described there: the caller tries another. */
static int start_backend(struct capture *c, const struct capture_options *opts,
			 const struct capture_plan *p, char *why, size_t len)
{
	const char *step = "opening the capture BPF object";
	LIBBPF_OPTS(bpf_object_open_opts, open_opts,
		    .btf_custom_path = c->core_btf_fd >= 0 ? c->core_btf_path : NULL);
	int err;

	c->skel = capture_bpf__open_opts(&open_opts);
	if (!c->skel) {
		err = -errno;
		goto fail;
	}
	err = configure(c, opts, p);
	if (err)
		return err;
	step = "loading the capture BPF programs";
	/* planned and cut: our copy of the kernel's BTF (5.5 MB where the
	 * kernel cannot map it) goes before libbpf parses it (for the kfunc
	 * and the trampolines' targets) */
	kernel_btf_release();
	err = capture_bpf__load(c->skel);
	if (err)
		goto fail;
	bpf_report_verified(c->skel->obj);
	if (p->backend == CAPTURE_BACKEND_HOOKS) {
		err = attach_hooks(c->skel, opts->cgroup_path);
		if (!err)
			describe_backend(c, p);
		return err;
	}
	step = p->backend == CAPTURE_BACKEND_FENTRY ? "attaching the trampolines"
						    : "attaching to the bind/listen tracepoints";
	err = capture_bpf__attach(c->skel);
	if (!err) {
		describe_backend(c, p);
		return 0;
	}
fail:
	if (why)
		snprintf(why, len, "%s failed: %s", step, strerror(-err));
	else
		bpf_report_error(step, err);
	return err;
}

/* What the kernel may refuse in the plan, the most capable first: with
 * tracepoints, io_uring's binds (the others load without them), direct
 * BTF reads (bpf_rdonly_cast, 6.2+, which only loading tells), then with
 * trampolines the BTF reads of the fd array, with tracepoints the exit-only
 * programs.  NULL when nothing is left but the probe reads. */
static bool *plan_refusable(struct capture_plan *p)
{
	if (p->uring)
		return &p->uring;
	if (p->lean)
		return &p->lean;
	if (p->backend == CAPTURE_BACKEND_FENTRY && p->files)
		return &p->files;
	if (p->backend == CAPTURE_BACKEND_TRACEPOINT && p->exit_only)
		return &p->exit_only;
	return NULL;
}

/* Starts the plan, giving up what the kernel refuses one step at a time
 * (plan_refusable).  With `why`, a failure of the last step is not
 * reported but described there. */
static int start_leanest(struct capture *c, const struct capture_options *opts,
			 struct capture_plan *p, char *why_out, size_t len)
{
	bool *refusable;
	char why[160];

	while ((refusable = plan_refusable(p))) {
		if (!start_backend(c, opts, p, why, sizeof(why)))
			return 0;
		capture_bpf__destroy(c->skel);
		c->skel = NULL;
		*refusable = false;
		if (refusable == &p->uring)
			snprintf(p->why_not_uring, sizeof(p->why_not_uring),
				 "the kernel refused the program (%s)", why);
		else if (refusable == &p->lean)
			snprintf(p->why_not_lean, sizeof(p->why_not_lean),
				 "the kernel refused them (%s)", why);
		else if (refusable == &p->exit_only)
			snprintf(p->why_not_exit_only, sizeof(p->why_not_exit_only),
				 "the kernel refused the exit-only programs (%s)", why);
		else if (opts->verbose)
			report("the kernel refused the BTF reads of the fd array (%s); probe "
			       "reads instead\n",
			       why);
	}
	return start_backend(c, opts, p, why_out, len);
}

/* Every attempt to load relocates against the kernel's BTF cut to the
 * object's needs; without it (no BTF: the load then says why), against
 * the whole. */
static void open_core_btf(struct capture *c, bool verbose)
{
	size_t size;
	const void *elf = capture_bpf__elf_bytes(&size);

	c->core_btf_fd = core_btf_file(elf, size, c->core_btf_path, sizeof(c->core_btf_path));
	if (c->core_btf_fd < 0 && verbose)
		report("CO-RE relocations against the kernel's whole BTF: %s\n",
		       strerror(-c->core_btf_fd));
}

/* The kernel's BTF was read once for the probes and the cut, and parsed by
 * libbpf at each load (a refused fentry or lean load, then the fallback):
 * after glibc frees one such buffer it raises its mmap threshold, so the
 * next ones came from the heap and stay resident once freed (make bench:
 * 16.8 MB steady RSS instead of 5.6).  Give them back. */
static void release_start_memory(struct capture *c)
{
	if (c->core_btf_fd >= 0)
		close(c->core_btf_fd);
	c->core_btf_fd = -1;
	kernel_btf_release();
	malloc_trim(0);
}

/* The backend asked for: the option, else BINDGUARD_BACKEND, else auto. */
static int requested_backend(const struct capture_options *opts, enum capture_backend *out)
{
	const char *env = getenv("BINDGUARD_BACKEND");

	*out = opts->backend;
	if (*out != CAPTURE_BACKEND_AUTO || !env || !*env)
		return 0;
	if (capture_backend_parse(env, out) || *out == CAPTURE_BACKEND_HOOKS) {
		report("invalid BINDGUARD_BACKEND '%s': expected auto, fentry or "
		       "tracepoint\n",
		       env);
		return -EINVAL;
	}
	return 0;
}

/* Auto: trampolines when this kernel has them, else tracepoints. */
static int start_auto(struct capture *c, const struct capture_options *opts)
{
	struct capture_plan plan;
	char why[192] = "";
	int err;

	err = plan_backend(&plan, CAPTURE_BACKEND_FENTRY, false, c->as_before, why, sizeof(why));
	if (!err)
		err = start_leanest(c, opts, &plan, why, sizeof(why));
	if (!err || plan.no_tracefs)
		return err;
	capture_bpf__destroy(c->skel);
	c->skel = NULL;
	if (opts->verbose)
		report("no BPF trampolines here: %s; using tracepoints\n", why);
	err =
	    plan_backend(&plan, CAPTURE_BACKEND_TRACEPOINT, false, c->as_before, why, sizeof(why));
	return err ? err : start_leanest(c, opts, &plan, NULL, 0);
}

static int start_forced(struct capture *c, const struct capture_options *opts,
			enum capture_backend backend)
{
	bool fentry = backend == CAPTURE_BACKEND_FENTRY;
	struct capture_plan plan;
	char why[192] = "";
	int err = plan_backend(&plan, backend, true, c->as_before, why, sizeof(why));

	if (!err && backend == CAPTURE_BACKEND_HOOKS)
		err = start_backend(c, opts, &plan, NULL, 0);
	else if (!err)
		err = start_leanest(c, opts, &plan, fentry ? why : NULL, sizeof(why));
	/* trampolines need a kernel with FUNCTION_TRACER and
	 * DYNAMIC_FTRACE_WITH_DIRECT_CALLS: most distributions, WSL2 */
	if (err && fentry)
		report("--backend fentry cannot work on kernel %s: %s; the kernel "
		       "needs BPF trampolines (CONFIG_FUNCTION_TRACER, "
		       "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS); use --backend tracepoint\n",
		       kernel_release(), why);
	return err;
}

static int handle_record(void *opaque, const void *data, size_t size)
{
	struct capture *c = opaque;
	struct bind_event e;

	if (decode_event(data, size, &e)) {
		c->malformed++;
		return 0;
	}
	return c->fn(c->ctx, &e);
}

/* A ring's own fd polls ready whenever data waits, so a reader that waits
 * on it drains at once what the BPF side meant to batch: under load
 * `trace` woke ~1700 times a second for ~160 events each (strace -c).
 * Edge-triggered, it is ready only when the BPF side wakes the reader:
 * at a quarter of a ring or every 5 ms (capture.bpf.c). */
static int open_wake_fd(struct capture *c)
{
	int err;

	c->wake_fd = epoll_create1(EPOLL_CLOEXEC);
	for (size_t i = 0; c->wake_fd >= 0 && i < c->n_rings; i++) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
		int fd = bpf_map__fd(ring_map(c->skel, i));

		if (epoll_ctl(c->wake_fd, EPOLL_CTL_ADD, fd, &ev))
			break;
		if (i + 1 == c->n_rings)
			return 0;
	}
	err = -errno;
	report("waiting for the ring buffers: %s\n", strerror(-err));
	return err;
}

int capture_start(struct capture **out, const struct capture_options *opts, capture_event_fn fn,
		  void *ctx)
{
	enum capture_backend backend;
	unsigned int as_before;
	struct capture *c;
	int err;

	*out = NULL;
	err = bpf_preflight();
	if (!err)
		err = requested_backend(opts, &backend);
	if (!err)
		err = kernel_as_before("BINDGUARD_CAPTURE_AS_BEFORE", &as_before);
	if (err)
		return err;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->as_before = as_before;
	c->fn = fn;
	c->ctx = ctx;
	c->wake_fd = -1;
	c->core_btf_fd = -1;
	err = plan_rings(c, opts);
	if (err)
		goto fail;
	open_core_btf(c, opts->verbose);
	if (backend == CAPTURE_BACKEND_AUTO)
		err = start_auto(c, opts);
	else
		err = start_forced(c, opts, backend);
	if (!err)
		err = open_rings(c);
	if (!err)
		err = open_wake_fd(c);
	if (err)
		goto fail;
	/* the programs' own interval (rodata stays readable once loaded), plus
	 * the time a program that read the clock just before it ended takes
	 * to submit */
	c->quiet_window_ns = c->skel->rodata->wakeup_interval_ns + QUIET_SLACK_NS;
	release_start_memory(c);
	if (opts->verbose)
		report("capture backend: %s (%s); %zu ring buffer(s) of %u KiB, CPU n writing "
		       "ring n %% %zu\n",
		       capture_backend_name(c->backend), c->detail, c->n_rings, c->ring_bytes >> 10,
		       c->n_rings);
	*out = c;
	return 0;
fail:
	release_start_memory(c);
	capture_stop(c);
	return err;
}

/* With one ring per CPU, a record can be seen before an older one of
 * another CPU is: the older one's program was still running when that
 * ring was read.  Each pass therefore takes only records made before it
 * began, and leaves the newer ones for the next: whatever happened before
 * a record was made (its bind, for a listen) was then already in its ring
 * when the pass read it. */
#define MAX_PASSES 8

/* The programs wake the reader for a record unless they woke it less than
 * wakeup_interval_ns before (or a quarter of the ring waits).  Records
 * after a wake-up can therefore wait unseen until the interval has passed
 * since it; from then on the next record wakes the reader.  So the reader
 * looks once more one window after anything happened (a wake-up, records,
 * or records left for later: newer than the pass, or still being written),
 * and when that look finds nothing it sleeps until the next wake-up,
 * however long: an idle tracer does not wake up at all (it woke 50 times a
 * second with a fixed poll timeout).  Under load the programs' own
 * wake-ups come first. */
static void plan_recheck(struct capture *c, bool woken, long delivered, bool held)
{
	uint64_t now = monotonic_ns();

	if (woken || delivered > 0 || held)
		c->recheck_ns = now + c->quiet_window_ns;
	else if (c->recheck_ns && now >= c->recheck_ns)
		c->recheck_ns = 0;
}

int capture_poll(struct capture *c, int timeout_ms)
{
	struct epoll_event ev[8];
	long n, total = 0;
	int passes = 0, woken;
	bool held = false;

	/* takes the edge: the next wait sleeps until the next wake-up */
	woken = epoll_wait(c->wake_fd, ev, 8, timeout_ms);
	if (woken < 0 && errno != EINTR)
		return -errno;
	/* Events submitted without a wake-up are waiting too.  What a pass
	 * left because it came during the pass gets another pass at once,
	 * while there is any (a few at most, so that the caller writes what
	 * it has): at full speed, waiting for the next wake-up instead lost
	 * events with --json (make bench: 4 726 of 4.2 M). */
	do {
		/* with one ring, its order is the order of the records */
		n = ring_merge(c->rings, c->n_rings, c->n_rings == 1 ? UINT64_MAX : monotonic_ns(),
			       handle_record, c, &held);
		if (n < 0 && n != -EINTR)
			return (int)n;
		if (n > 0)
			total += n;
	} while (n > 0 && held && ++passes < MAX_PASSES);
	plan_recheck(c, woken > 0, total, held);
	return total > INT32_MAX ? INT32_MAX : (int)total;
}

uint64_t capture_recheck_ns(const struct capture *c)
{
	return c->recheck_ns;
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
	return c->wake_fd;
}

enum capture_backend capture_backend_used(const struct capture *c)
{
	return c->backend;
}

const char *capture_backend_detail(const struct capture *c)
{
	return c->detail;
}

const char *capture_backend_summary(const struct capture *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s", c->summary);
	return buf;
}

int capture_verdicts_fd(struct capture *c)
{
	return bpf_map__fd(c->skel->maps.verdicts);
}

void capture_stop(struct capture *c)
{
	if (!c)
		return;
	if (c->wake_fd >= 0)
		close(c->wake_fd);
	for (size_t i = 0; i < c->n_rings; i++)
		ring_reader_close(&c->rings[i]);
	if (c->skel)
		skeleton_links_destroy(c->skel->skeleton);
	capture_bpf__destroy(c->skel);
	free(c);
}
