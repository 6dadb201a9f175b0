/* SPDX-License-Identifier: GPL-2.0 */
/* Which capture backend this kernel can run: BPF trampolines (fentry/fexit,
 * checked through the kernel's BTF), syscall tracepoints (exit-only where the
 * helpers allow) or cgroup hooks (every helper each program calls). */
#ifndef BINDGUARD_CAPTURE_BACKEND_H
#define BINDGUARD_CAPTURE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

enum capture_backend {
	CAPTURE_BACKEND_AUTO = 0, /* fentry, else tracepoint */
	CAPTURE_BACKEND_FENTRY,
	CAPTURE_BACKEND_TRACEPOINT,
	CAPTURE_BACKEND_HOOKS,
};

/* "auto", "fentry", "tracepoint", "hooks" */
const char *capture_backend_name(enum capture_backend b);
/* Parses one of those names; -EINVAL for anything else. */
int capture_backend_parse(const char *text, enum capture_backend *out);

/* The kernel functions the trampolines attach to, as found in its BTF. */
struct fentry_targets {
	bool bind_socket;   /* __sys_bind_socket (6.11+): io_uring's binds */
	bool listen_socket; /* __sys_listen_socket (6.11+): io_uring's listens */
};

/* 0 when __sys_bind and __sys_listen exist with the prototypes the programs
 * expect and a trampoline on one loads and attaches; else a negative errno
 * and why in `why`.  With tracefs, first the quick heuristic of auto mode:
 * a function tracer that is missing or closed to root means none. */
int probe_fentry_targets(struct fentry_targets *t, const char *tracefs, char *why, size_t len);

/* Exit-only tracepoints need bpf_task_pt_regs and bpf_get_current_task_btf
 * (5.15+), and x86-64's saved registers; their direct BTF reads need the
 * bpf_rdonly_cast kfunc too (6.2+), which the caller looks for in the
 * kernel's BTF; it falls back if the verifier refuses them all the same. */
bool probe_exit_only_tracepoints(char *why, size_t len);

/* bpf_get_current_task_btf in tracepoint programs (5.11+). */
bool probe_task_btf(void);

/* 0 when the kernel lets every cgroup capture program call every helper it
 * uses; else prints one sentence naming the program type and the helper,
 * and returns -EOPNOTSUPP.  Its own probe: libbpf 1.1's takes the verifier's
 * newer "program of this type cannot use helper" for a yes. */
int probe_hook_helpers(void);

#endif
