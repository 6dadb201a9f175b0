// SPDX-License-Identifier: GPL-2.0
/* cgroup v2 paths, ids and levels. */
#include "lib/cgroups.h"
#include "lib/mounts.h"
#include "lib/report.h"

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

static uint32_t depth_below(const char *root, const char *path)
{
	const char *rest = path + strlen(root);
	uint32_t level = 0;

	for (; *rest; rest++)
		if (*rest == '/' && rest[1] && rest[1] != '/')
			level++;
	return level;
}

/* The id of the directory above a resolved one, below the root. */
static int parent_id(struct cgroup_ref *ref, char *err, size_t err_len)
{
	char parent[4096];
	struct stat st;

	ref->parent_id = 0;
	if (!ref->level)
		return 0;
	snprintf(parent, sizeof(parent), "%.*s", (int)(cgroup_leaf_name(ref) - 1 - ref->path),
		 ref->path);
	if (stat(parent, &st)) {
		int e = errno;

		snprintf(err, err_len, "cgroup %s: %s", parent, strerror(e));
		return -e;
	}
	ref->parent_id = st.st_ino;
	return 0;
}

/* The mount a path is on, or 0 where the kernel does not say (before 5.8). */
static uint64_t mount_id(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, 0, STATX_MNT_ID, &stx) || !(stx.stx_mask & STATX_MNT_ID))
		return 0;
	return stx.stx_mnt_id;
}

/* Level, parent and name come from the path's text, which the kernel's
 * hierarchy matches only from its true root and without a mount between
 * (a bind mount of one cgroup over another's path would make the path
 * name the hidden one).  The root cgroup's id is 1 on every kernel. */
static const char *why_unplaced(const char *real_root, uint64_t root_id, const char *real)
{
	uint64_t root_mount = mount_id(real_root);

	if (root_id != 1)
		return "the cgroup2 mount it is under shows a part of the hierarchy (a cgroup "
		       "namespace's, or a mount of a subtree), so its depth is not known; name it "
		       "under a mount of the whole hierarchy";
	if (root_mount && mount_id(real) != root_mount)
		return "its path crosses another mount inside the cgroup2 mount (a bind mount), so "
		       "the path may not name the cgroup it reaches; name it by its own path";
	return NULL;
}

int cgroup_resolve(const char *root, const char *path, struct cgroup_ref *out, char *err,
		   size_t err_len)
{
	char candidate[8200], real_root[4096], real[4096];
	struct stat st, root_st;
	struct statfs fs;
	size_t root_len;

	if (!realpath(root, real_root) || stat(real_root, &root_st)) {
		snprintf(err, err_len, "cgroup2 mount %s: %s", root, strerror(errno));
		return -errno;
	}
	root_len = strlen(real_root);
	if (!path || !*path || strcmp(path, "/") == 0)
		snprintf(candidate, sizeof(candidate), "%s", real_root);
	else if (strncmp(path, real_root, root_len) == 0 &&
		 (path[root_len] == '/' || path[root_len] == '\0'))
		snprintf(candidate, sizeof(candidate), "%s", path);
	else
		snprintf(candidate, sizeof(candidate), "%s/%s", real_root,
			 path[0] == '/' ? path + 1 : path);

	if (!realpath(candidate, real) || stat(real, &st)) {
		snprintf(err, err_len, "cgroup '%s' does not exist (looked for %s)", path,
			 candidate);
		return -ENOENT;
	}
	if (!S_ISDIR(st.st_mode) || statfs(real, &fs) || fs.f_type != CGROUP2_SUPER_MAGIC ||
	    strncmp(real, real_root, root_len) != 0) {
		snprintf(err, err_len, "'%s' is not a cgroup v2 directory below %s", path,
			 real_root);
		return -EINVAL;
	}
	snprintf(out->path, sizeof(out->path), "%s", real);
	out->id = st.st_ino;
	out->level = depth_below(real_root, real);
	out->unplaced = why_unplaced(real_root, root_st.st_ino, real);
	return parent_id(out, err, err_len);
}

const char *cgroup_leaf_name(const struct cgroup_ref *ref)
{
	const char *slash = strrchr(ref->path, '/');

	return slash ? slash + 1 : ref->path;
}

int cgroup_resolve_arg(const char *what, const char *path, struct cgroup_ref *out)
{
	char root[4096], err[512];
	int ret = find_cgroup2(root, sizeof(root));

	if (ret)
		return ret;
	ret = cgroup_resolve(root, path, out, err, sizeof(err));
	if (ret)
		report("%s: %s\n", what, err);
	return ret;
}

int cgroup_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		fd = -errno;
		report("cannot open cgroup %s: %s\n", path, strerror(-fd));
	}
	return fd;
}

/* fts rather than nftw: its walk is a loop, so what it looks for stays a
 * local instead of state shared with a callback through globals. */
int cgroup_path_by_id(const char *root, uint64_t id, char *path, size_t len)
{
	char *const roots[] = { (char *)root, NULL };
	FTS *walk = fts_open(roots, FTS_PHYSICAL | FTS_XDEV | FTS_NOCHDIR, NULL);
	FTSENT *entry;
	int ret = -ENOENT;

	if (!walk)
		return -errno;
	while ((entry = fts_read(walk)) != NULL) {
		if (entry->fts_info == FTS_D && entry->fts_statp->st_ino == id) {
			snprintf(path, len, "%s", entry->fts_path);
			ret = 0;
			break;
		}
	}
	fts_close(walk);
	return ret;
}
