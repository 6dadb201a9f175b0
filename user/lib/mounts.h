/* SPDX-License-Identifier: GPL-2.0 */
/* Finding (and where missing, mounting) the filesystems bindguard needs:
 * cgroup2, tracefs, bpffs.  Mount points come from /proc/self/mountinfo. */
#ifndef BINDGUARD_MOUNTS_H
#define BINDGUARD_MOUNTS_H

#include <stddef.h>
#include <stdio.h>

/* Pure: the first mount point of fstype in mountinfo text read from f.
 * Octal escapes (\040) are decoded.  0, or -ENOENT. */
int mountinfo_find(FILE *f, const char *fstype, char *path, size_t len);

/* Finds the mount of fstype; if there is none, mounts it at default_path
 * (creating the directory) and says so on stderr.  0 or -errno (message
 * printed). */
int ensure_mounted(const char *fstype, const char *default_path, char *path, size_t len);

int find_cgroup2(char *path, size_t len);   /* mounts at /sys/fs/cgroup if missing */
int ensure_tracefs(char *path, size_t len); /* /sys/kernel/tracing */
int ensure_bpffs(char *path, size_t len);   /* /sys/fs/bpf */

#endif
