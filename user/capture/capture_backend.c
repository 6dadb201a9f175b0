// SPDX-License-Identifier: GPL-2.0
/* Probing what the kernel offers each capture backend: trampoline targets in
 * its BTF, the lean tracepoint helpers, and the helpers of the cgroup hooks. */
#include "capture/capture_backend.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/bpf_support.h"
#include "lib/kernel_btf.h"
#include "lib/report.h"

/* The functions the trampolines attach to, looked up in one walk. */
enum target_func { SYS_BIND, SYS_LISTEN, SYS_BIND_SOCKET, SYS_LISTEN_SOCKET, TARGET_FUNCS };
static const char *const target_func_names[TARGET_FUNCS] = { "__sys_bind", "__sys_listen",
							     "__sys_bind_socket",
							     "__sys_listen_socket" };

/* The parameters of kernel function `id`: their count, and whether the
 * first is a pointer.  -ENOENT when it is no function (id 0: not found). */
static int func_params(const struct btf_view *btf, __u32 id, int *count, bool *first_is_ptr)
{
	const struct btf_type *t = id ? btf_view_type(btf, id) : NULL, *proto;
	const struct btf_param *params;

	proto = t && btf_is_func(t) ? btf_view_type(btf, t->type) : NULL;
	if (!proto || !btf_is_func_proto(proto))
		return -ENOENT;
	params = btf_params(proto);
	*count = btf_vlen(proto);
	*first_is_ptr = false;
	if (*count > 0) {
		const struct btf_type *p = btf_view_type(btf, params[0].type);

		while (p && (btf_is_const(p) || btf_is_volatile(p) || btf_is_typedef(p)))
			p = btf_view_type(btf, p->type);
		*first_is_ptr = p && btf_is_ptr(p);
	}
	return 0;
}

/* A function the programs need, with the parameter count and first
 * parameter they are written for. */
static bool func_matches(const struct btf_view *btf, const __u32 ids[], enum target_func f,
			 int want_count, bool want_ptr, char *why, size_t len)
{
	const char *name = target_func_names[f];
	int count;
	bool first_is_ptr;

	if (func_params(btf, ids[f], &count, &first_is_ptr)) {
		snprintf(why, len, "the kernel's BTF has no function %s", name);
		return false;
	}
	if (count != want_count || first_is_ptr != want_ptr) {
		snprintf(why, len, "%s has %d parameters%s here, not the %d the programs expect",
			 name, count, first_is_ptr ? " (first a pointer)" : "", want_count);
		return false;
	}
	return true;
}

/* An empty fexit program on __sys_listen, loaded and attached for a moment:
 * a kernel that refuses trampolines (no ftrace, or a security policy) says
 * so here in a millisecond, not after the whole capture object was loaded. */
static int trampoline_works(int btf_id, char *why, size_t len)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FEXIT,
		    .attach_btf_id = (__u32)btf_id);
	int prog, link, err = 0;

	prog = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bindguard_probe", "GPL", insns, 2, &opts);
	if (prog < 0) {
		err = -errno;
		snprintf(why, len, "the kernel refused a trampoline program: %s", strerror(-err));
		return err;
	}
	link = bpf_raw_tracepoint_open(NULL, prog);
	if (link < 0) {
		err = -errno;
		snprintf(why, len, "the kernel refused to attach a trampoline: %s", strerror(-err));
	} else {
		close(link);
	}
	close(prog);
	return err;
}

int probe_fentry_targets(struct fentry_targets *t, const char *tracefs, char *why, size_t len)
{
	const struct btf_view *btf;
	__u32 ids[TARGET_FUNCS];
	char path[512], ignored[160];
	int fd, err;

	memset(t, 0, sizeof(*t));
	/* Trampolines sit on the function tracer's entry points: no tracer, or
	 * one closed even to root (this project's development VM: EPERM, and
	 * its fentry loads fail the same way), and there are none to use. */
	snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs ? tracefs : "");
	fd = tracefs ? open(path, O_RDONLY | O_CLOEXEC) : -2;
	if (fd == -1) {
		err = -errno;
		snprintf(why, len, "the kernel's function tracer is %s (%s)",
			 err == -ENOENT ? "missing (CONFIG_FUNCTION_TRACER)" : "closed", path);
		return err;
	}
	if (fd >= 0)
		close(fd);
	btf = kernel_btf();
	if (!btf) {
		snprintf(why, len, "the kernel's BTF cannot be read: %s", strerror(errno));
		return -ENOENT;
	}
	btf_view_find(btf, BTF_KIND_FUNC, target_func_names, ids, TARGET_FUNCS);
	/* int __sys_bind(int fd, struct sockaddr __user *, int addrlen) and
	 * int __sys_listen(int fd, int backlog): 5.8 to today */
	if (!func_matches(btf, ids, SYS_BIND, 3, false, why, len) ||
	    !func_matches(btf, ids, SYS_LISTEN, 2, false, why, len))
		return -ENOENT;
	/* int __sys_bind_socket(struct socket *, struct sockaddr_storage *, int): 6.11+ */
	t->bind_socket = func_matches(btf, ids, SYS_BIND_SOCKET, 3, true, ignored, sizeof(ignored));
	/* int __sys_listen_socket(struct socket *, int backlog): 6.11+ */
	t->listen_socket =
	    func_matches(btf, ids, SYS_LISTEN_SOCKET, 2, true, ignored, sizeof(ignored));
	return trampoline_works((int)ids[SYS_LISTEN], why, len);
}

/* Auto mode plans fentry, then maybe tracepoints, asking the same
 * questions: each answer costs a program load, so ask once. */
static bool tracepoint_helper_allowed(int *answer, enum bpf_func_id id)
{
	if (*answer < 0)
		*answer = bpf_helper_allowed(BPF_PROG_TYPE_TRACEPOINT, 0, id);
	return *answer;
}

bool probe_task_btf(void)
{
	static int answer = -1;

	return tracepoint_helper_allowed(&answer, BPF_FUNC_get_current_task_btf);
}

static bool probe_task_pt_regs(void)
{
	static int answer = -1;

	return tracepoint_helper_allowed(&answer, BPF_FUNC_task_pt_regs);
}

bool probe_exit_only_tracepoints(char *why, size_t len)
{
#ifndef __x86_64__
	snprintf(why, len, "the exit-only programs read x86-64 registers");
	return false;
#endif
	if (!probe_task_btf() || !probe_task_pt_regs()) {
		snprintf(why, len,
			 "tracepoint programs cannot call bpf_get_current_task_btf and "
			 "bpf_task_pt_regs here (Linux 5.15+)");
		return false;
	}
	return true;
}

#define HELPER(name)                                                                               \
	{                                                                                          \
		BPF_FUNC_##name, "bpf_" #name                                                      \
	}

struct helper {
	enum bpf_func_id id;
	const char *name;
};

/* Every helper each hooks program calls (bpf/capture.bpf.c), by program
 * type: 6.1 lets no cgroup program read the task, 6.12 lets sockops read
 * the pid but not the uid. */
static const struct helper sock_addr_helpers[] = {
	HELPER(get_current_pid_tgid),
	HELPER(get_socket_cookie),
	HELPER(map_update_elem),
	{ 0, NULL },
};
static const struct helper task_event_helpers[] = {
	HELPER(get_current_pid_tgid), HELPER(get_current_task),
	HELPER(get_current_uid_gid),  HELPER(get_current_cgroup_id),
	HELPER(ktime_get_ns),	      HELPER(ringbuf_output),
	HELPER(ringbuf_query),	      HELPER(probe_read_kernel),
	HELPER(map_lookup_elem),      { 0, NULL },
};
static const struct helper post_bind_helpers[] = {
	HELPER(get_socket_cookie),
	HELPER(map_delete_elem),
	{ 0, NULL },
};
static const struct helper sockops_helpers[] = {
	HELPER(skc_to_tcp_sock),
	{ 0, NULL },
};

static const struct {
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	const char *what;
	const struct helper *helpers;
} hook_helpers[] = {
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, "cgroup bind", sock_addr_helpers },
	{ BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, "cgroup post_bind",
	  task_event_helpers },
	{ BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, "cgroup post_bind",
	  post_bind_helpers },
	{ BPF_PROG_TYPE_SOCK_OPS, 0, "sockops", task_event_helpers },
	{ BPF_PROG_TYPE_SOCK_OPS, 0, "sockops", sockops_helpers },
};

int probe_hook_helpers(void)
{
	for (size_t t = 0; t < sizeof(hook_helpers) / sizeof(hook_helpers[0]); t++) {
		for (const struct helper *h = hook_helpers[t].helpers; h->name; h++) {
			if (bpf_helper_allowed(hook_helpers[t].type, hook_helpers[t].attach, h->id))
				continue;
			report("kernel %s does not let %s programs (%s) call %s, which "
			       "--hooks (--backend hooks) needs: --hooks cannot work here; trace "
			       "without it\n",
			       kernel_release(), hook_helpers[t].what,
			       libbpf_bpf_prog_type_str(hook_helpers[t].type), h->name);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}
