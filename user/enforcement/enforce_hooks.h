/* SPDX-License-Identifier: GPL-2.0 */
/* Loading the enforce BPF programs with a policy, and attaching them to a
 * cgroup: owned by this process (live) or pinned in bpffs (persistent). */
#ifndef BINDGUARD_ENFORCER_H
#define BINDGUARD_ENFORCER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bindguard.h"
#include "capture/capture.h"

struct enforcer;

/* Opens and loads the programs with `policy` in their policy map.  With
 * `share`, intervention events go into that capture's stream.  With
 * `pin_dir` holding an earlier policy, its `bindguard allow` exceptions
 * apply and, unless live (share), its counters carry on.  Prints one
 * sentence on failure; nothing is attached by this call. */
int enforcer_load(struct enforcer **out, const struct bg_policy *policy, struct capture *share,
		  const char *pin_dir);
/* Attaches to the cgroup; links are owned by this process's fds. */
int enforcer_attach(struct enforcer *e, const char *cgroup_path);
/* Attaches and pins links and maps in pin_dir, replacing a pinned policy
 * in place: the kernel swaps programs behind the links, so no bind goes
 * unjudged in between. */
int enforcer_pin(struct enforcer *e, const char *cgroup_path, const char *pin_dir);
/* Decisions so far, per enum bg_action. */
void enforcer_counts(struct enforcer *e, uint64_t counts[BG_ACTION_MAX]);
/* Detaches what is not pinned and frees everything. */
void enforcer_destroy(struct enforcer *e);

/* What is pinned in pin_dir, read back from the kernel. */
struct pinned_state {
	bool present; /* a policy map is pinned */
	struct bg_policy policy;
	uint64_t counts[BG_ACTION_MAX];
	int links; /* attached cgroup links found (2 when whole) */
	uint64_t link_cgroup_id[2];
};

int pinned_read(const char *pin_dir, struct pinned_state *st);
/* Unpins everything; the links detach with their last reference. */
int pinned_remove(const char *pin_dir);
/* The pin directory: `given` (which must lie on bpffs) or, when NULL,
 * <bpffs>/bindguard; bpffs is mounted when needed.  Prints why it fails. */
int resolve_pin_dir(const char *given, char *path, size_t len);
/* The default pin directory where bpffs is mounted now, without mounting
 * anything (for readers such as top).  0 or -ENOENT. */
int find_pin_dir(char *path, size_t len);

#endif
