/* SPDX-License-Identifier: GPL-2.0 */
/* Naming cgroup v2 directories: path <-> id, and depth below the root. */
#ifndef BINDGUARD_CGROUPS_H
#define BINDGUARD_CGROUPS_H

#include <stddef.h>
#include <stdint.h>

struct cgroup_ref {
	char path[4096];    /* absolute path of the directory */
	uint64_t id;	    /* the cgroup id (kernfs inode) */
	uint32_t level;	    /* 0 for the root */
	uint64_t parent_id; /* the parent's id; 0 for the root */
	/* NULL, or why level, parent_id and the leaf name (read off the path)
	 * may not be the kernel's: then the cgroup can be a target, but not
	 * be matched by level as an allowed one */
	const char *unplaced;
};

/* Resolves `path`: a directory of the cgroup2 mount at `root`, given either
 * absolute ("/sys/fs/cgroup/x") or relative to the root ("/x", "x").  0, or
 * -errno with one sentence in err. */
int cgroup_resolve(const char *root, const char *path, struct cgroup_ref *out, char *err,
		   size_t err_len);

/* The directory's own name: what follows the path's last '/'. */
const char *cgroup_leaf_name(const struct cgroup_ref *ref);

/* cgroup_resolve for a command-line or policy value: finds (or mounts)
 * the cgroup2 hierarchy first, and on failure prints one sentence starting
 * with `what` ("--cgroup", "allowed cgroup"). */
int cgroup_resolve_arg(const char *what, const char *path, struct cgroup_ref *out);

/* Opens a cgroup directory for attaching programs: the fd, or -errno
 * after one sentence naming the cgroup. */
int cgroup_open(const char *path);

/* Finds the directory below root (root included, other mounts not) whose id
 * is `id`.  0, -ENOENT, or -errno when the walk cannot start. */
int cgroup_path_by_id(const char *root, uint64_t id, char *path, size_t len);

#endif
