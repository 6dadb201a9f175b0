/* SPDX-License-Identifier: GPL-2.0 */
/* Loading the enforce BPF programs with a policy, and attaching them to a
 * cgroup: owned by this process (live) or pinned in bpffs (persistent,
 * through the pin store). */
#ifndef BINDGUARD_ENFORCER_H
#define BINDGUARD_ENFORCER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bindguard.h"
#include "capture/capture.h"
#include "enforcement/pin_store.h"

struct enforcer;

/* Opens and loads the programs with `policy` in their policy map.  With
 * `share`, intervention events go into that capture's stream.  With
 * `pin_dir` holding an earlier policy, its `bindguard allow` exceptions
 * apply; pinned (no share), the programs keep a record of their
 * interventions and the earlier counters and record carry on.  Prints one
 * sentence on failure; nothing is attached by this call. */
int enforcer_load(struct enforcer **out, const struct bg_policy *policy, struct capture *share,
		  const char *pin_dir);
/* Attaches to the cgroup; links are owned by this process's fds. */
int enforcer_attach(struct enforcer *e, const char *cgroup_path);
/* Attaches and pins links and maps in pin_dir, replacing a pinned policy
 * in place: the kernel swaps programs behind the links, so no bind goes
 * unjudged in between.  The caller holds the pin store's lock.  Signals
 * that end the process wait until it is done; a failure rolls back to
 * the policy pinned before.  Prints one sentence on failure. */
int enforcer_pin(struct enforcer *e, const char *cgroup_path, const char *pin_dir);
/* Decisions so far, per enum bg_action. */
void enforcer_counts(struct enforcer *e, uint64_t counts[BG_ACTION_MAX]);
/* Detaches what is not pinned and frees everything. */
void enforcer_destroy(struct enforcer *e);

#endif
