/* SPDX-License-Identifier: GPL-2.0 */
/* Finding the network namespaces of this machine (the names in /run/netns
 * and each process's /proc/PID/ns/net, unique by inode) and running code
 * in one. */
#ifndef BINDGUARD_NETNS_WALK_H
#define BINDGUARD_NETNS_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "listeners/proc_owners.h"

struct netns_ref {
	uint64_t inode;
	bool is_self;	/* the namespace bindguard runs in */
	char path[288]; /* what setns() opens: /run/netns/NAME or /proc/PID/ns/net */
	char label[96]; /* "this namespace", "netns NAME", "pid 123 (nginx)" */
};

struct netns_list {
	struct netns_ref *items;
	size_t n;
	size_t cap;
};

/* Pure: appends unless a namespace with that inode is listed already.
 * Returns 1 when added, 0 for a duplicate, -ENOMEM. */
int netns_list_add(struct netns_list *l, uint64_t inode, bool is_self, const char *path,
		   const char *label);
void netns_list_free(struct netns_list *l);

/* The inode of the caller's network namespace, 0 if unknown. */
uint64_t netns_self_inode(void);

/* Ours first, then the named ones in run_netns_dir ("/run/netns"), then
 * those only processes hold (from the one /proc walk).  0 or -ENOMEM. */
int netns_discover(const struct proc_owners *procs, const char *run_netns_dir,
		   struct netns_list *out);

/* Runs fn(ctx) in a thread that has entered the namespace at path, so the
 * rest of the process stays where it is.  fn's result, or -errno when the
 * namespace cannot be entered (-EPERM without CAP_SYS_ADMIN). */
int netns_run_in(const char *path, int (*fn)(void *ctx), void *ctx);

#endif
