/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel enforces, read from the kernel itself: every bindguard
 * enforce program attached to any cgroup, its policy, its counters, and
 * what keeps it attached (a pin in bpffs, a live process, nothing seen). */
#ifndef BINDGUARD_ATTACHED_HOOKS_H
#define BINDGUARD_ATTACHED_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bindguard.h"

/* The programs an enforce hook runs: "enforce_bind4" and "enforce_bind6",
 * or where the kernel has bpf_loop "enforce_bind4_loop" and
 * "enforce_bind6_loop", which the kernel keeps cut to 15 bytes. */
#define ENFORCE_PROG_NAME4	"enforce_bind4"
#define ENFORCE_PROG_NAME6	"enforce_bind6"
#define ENFORCE_PROG_NAME4_LOOP "enforce_bind4_l"
#define ENFORCE_PROG_NAME6_LOOP "enforce_bind6_l"

/* What one enforce program carries, read through its own maps. */
struct enforce_program {
	uint32_t prog_id;
	bool have_policy;
	struct bg_policy policy;
	uint64_t counts[BG_ACTION_MAX];
	uint64_t log_lost;	/* interventions the full ring could not keep */
	uint32_t counts_map_id; /* shared by the programs of one pin dir */
	uint32_t log_map_id;	/* its ring of interventions */
	uint32_t log_lost_map_id;
};

struct attached_hook {
	uint32_t link_id; /* 0: attached without a link */
	uint64_t cgroup_id;
	int family; /* AF_INET (bind4) or AF_INET6 (bind6) */
	struct enforce_program prog;
	char pinned_at[4096]; /* a bpffs path that holds its link, or "" */
	pid_t holder;	      /* a process holding its link, or 0 */
	char holder_comm[16];
};

struct hook_census {
	struct attached_hook *hooks;
	size_t n;
};

/* Every enforce program attached on the machine: the cgroup tree is walked
 * with BPF_PROG_QUERY and matched to the kernel's cgroup links; then bpffs
 * and /proc say who holds each link.  0 or -errno. */
int hook_census_take(struct hook_census *c);
void hook_census_free(struct hook_census *c);
/* The census entry of a link id, or NULL. */
struct attached_hook *hook_census_find_link(struct hook_census *c, uint32_t link_id);

/* Reads an enforce program's policy, counters and map ids.  0 or -errno
 * (-ENOENT: no such program; -EINVAL: not a bindguard enforce program). */
int enforce_program_read(uint32_t prog_id, struct enforce_program *p);

/* An fd's kind and id from /proc/PID/fdinfo: "link_id", "map_id", ... */
int fdinfo_u32(pid_t pid, int fd, const char *key, uint32_t *value);
/* A process other than this one that holds an fd of map map_id (and its
 * name in comm), or 0. */
pid_t map_holder(uint32_t map_id, char *comm, size_t len);

#endif
