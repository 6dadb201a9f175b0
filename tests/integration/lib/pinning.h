/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for tests of pinned enforcement: what the kernel really does on
 * a test cgroup, and bindguard run under strace with a fault injected at
 * one step of its pin sequence. */
#ifndef BINDGUARD_PINNING_H
#define BINDGUARD_PINNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "itest.h"

/* What a wildcard TCP bind in a cgroup comes to. */
enum bind_outcome { OUTCOME_UNTOUCHED, OUTCOME_REWRITE, OUTCOME_DENY, OUTCOME_OTHER };

/* Programs attached to the cgroup's bind4 + bind6 hooks (BPF_PROG_QUERY). */
int hooks_attached(const char *cgroup);
/* Binds 0.0.0.0:0 (AF_INET) or [::]:0 (AF_INET6) from a child in cgroup. */
enum bind_outcome wildcard_bind_outcome(const char *cgroup, int family);
/* "rewrite", "deny", or NULL for untouched. */
const char *outcome_mode(enum bind_outcome o);
uint64_t cgroup_id_of(const char *cgroup);

/* Whether strace is installed (fault injection needs it). */
const char *strace_path(void);

/* One system call of a pin sequence that changes or reads pinned state:
 * the n-th call of `syscall` made by bindguard. */
struct pin_step {
	char syscall[16];
	int nth;
	char what[200]; /* the call as strace printed it */
};

/* Runs bindguard args under strace (no fault) and lists its steps.
 * Returns how many (at most max). */
int pin_steps(const char *const *args, struct pin_step *steps, int max);
/* Runs bindguard args under strace -e inject=SPEC; returns exit status. */
int bg_run_injected(struct bg_proc *p, const char *spec, const char *const *args, int timeout_ms);
/* Starts it the same way, without waiting. */
int bg_start_injected(struct bg_proc *p, const char *spec, const char *const *args);

#endif
