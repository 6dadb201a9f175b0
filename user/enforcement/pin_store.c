// SPDX-License-Identifier: GPL-2.0
/* The pin store: a root-owned bpffs directory holding the hooks' links and
 * the maps of a pinned policy, guarded by a lock on the directory. */
#include "enforcement/pin_store.h"

#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "enforcement/policy.h"
#include "enforcement/temporary_allow.h"
#include "lib/bpf_support.h"
#include "lib/mounts.h"
#include "lib/report.h"

#define PIN_SUBDIR "bindguard"

const char *const pin_link_names[2] = { "link_bind4", "link_bind6" };

static const char *const known_maps[] = { PIN_POLICY, PIN_COUNTS, PIN_LOG, PIN_LOG_LOST,
					  TEMPORARY_ALLOWS_PIN };

void pin_path(char *buf, size_t len, const char *dir, const char *name, const char *suffix)
{
	snprintf(buf, len, "%s/%s%s", dir, name, suffix ? suffix : "");
}

/* bpffs is world-writable (1777): anyone could make the pin directory
 * first and then remove our pins, so one we did not make is refused. */
static int check_pin_dir_owner(const char *path)
{
	struct stat st;

	if (lstat(path, &st)) {
		if (errno == ENOENT)
			return 0;
		report("%s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		report("refusing pin directory %s: it must be a directory owned by "
		       "root that only root can write (found owner uid %u, mode %04o)\n",
		       path, st.st_uid, st.st_mode & 07777);
		return -EPERM;
	}
	return 0;
}

/* Opens the directory and waits for its lock.  The fd, or -errno. */
static int lock_dir(const char *pin_dir)
{
	int fd = open(pin_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW), err;

	if (fd < 0) {
		err = -errno;
		if (err != -ENOENT)
			report("cannot open %s: %s\n", pin_dir, strerror(-err));
		return err;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (errno == EWOULDBLOCK) {
		report("another bindguard is changing the policy pinned in %s; "
		       "waiting for it\n",
		       pin_dir);
		if (flock(fd, LOCK_EX) == 0)
			return fd;
	}
	err = -errno;
	report("cannot lock %s: %s\n", pin_dir, strerror(-err));
	close(fd);
	return err;
}

/* Whether the locked fd is still the directory at pin_dir: a `disable`
 * that held the lock before us may have removed it. */
static bool still_there(int fd, const char *pin_dir)
{
	struct stat locked, now;

	return fstat(fd, &locked) == 0 && stat(pin_dir, &now) == 0 && locked.st_ino == now.st_ino &&
	       locked.st_dev == now.st_dev;
}

int pin_store_lock(const char *pin_dir, bool create)
{
	int fd = -ENOENT, err;

	for (int attempt = 0; attempt < 8; attempt++) {
		if (create && mkdir(pin_dir, 0700) && errno != EEXIST) {
			err = -errno;
			report("cannot create %s: %s\n", pin_dir, strerror(errno));
			return err;
		}
		err = check_pin_dir_owner(pin_dir);
		if (err)
			return err;
		fd = lock_dir(pin_dir);
		if (fd < 0 || still_there(fd, pin_dir))
			return fd;
		close(fd);
		fd = -ENOENT;
		if (!create)
			break;
	}
	return fd;
}

void pin_store_unlock(int lock_fd)
{
	if (lock_fd >= 0)
		close(lock_fd); /* the lock goes with the last fd */
}

/* A pinned link as an attached hook: its cgroup and program.  0, or
 * -ENOENT when fd is no enforce link (or no longer attached). */
static int read_link(int fd, struct attached_hook *h)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);

	memset(h, 0, sizeof(*h));
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_LINK_TYPE_CGROUP ||
	    !info.cgroup.cgroup_id)
		return -ENOENT;
	h->link_id = info.id;
	h->cgroup_id = info.cgroup.cgroup_id;
	h->family = info.cgroup.attach_type == BPF_CGROUP_INET6_BIND ? AF_INET6 : AF_INET;
	return enforce_program_read(info.prog_id, &h->prog) ? -ENOENT : 0;
}

static bool is_known_map(const char *name)
{
	for (size_t i = 0; i < sizeof(known_maps) / sizeof(known_maps[0]); i++)
		if (strcmp(name, known_maps[i]) == 0)
			return true;
	return false;
}

/* A name an `enforce --pin` stages an object under before its rename. */
static bool is_staged_name(const char *name)
{
	size_t n = strlen(name), k = strlen(PIN_STAGING_SUFFIX);

	return n > k && strcmp(name + n - k, PIN_STAGING_SUFFIX) == 0;
}

/* The pinned policy map's value, or none: a map that root changed to hold
 * counts past its lists reads as unreadable, never past its arrays. */
static void read_policy(int fd, struct pinned_state *st)
{
	__u32 zero = 0;

	if (bpf_map_lookup_elem(fd, &zero, &st->policy) || !policy_counts_fit(&st->policy)) {
		memset(&st->policy, 0, sizeof(st->policy));
		st->policy_unreadable = true;
	}
}

static void read_entry(struct pinned_state *st, const char *dir, const char *name)
{
	char path[4096];
	uint32_t link_id;
	int fd, i;

	pin_path(path, sizeof(path), dir, name, NULL);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return;
	st->present = true;
	for (i = 0; i < 2 && strcmp(name, pin_link_names[i]); i++)
		;
	if (i < 2) {
		if (!read_link(fd, &st->hooks[i]))
			st->link_cgroup_id[i] = st->hooks[i].cgroup_id;
	} else if (strcmp(name, PIN_POLICY) == 0) {
		if (!map_layout_is(fd, BPF_MAP_TYPE_ARRAY, sizeof(__u32), sizeof(struct bg_policy)))
			st->policy_unreadable = true;
		else if (!st->links) /* the hooks' own policy is read below */
			read_policy(fd, st);
	} else if (strcmp(name, PIN_COUNTS) == 0) {
		if (map_is_percpu_counter(fd))
			for (__u32 key = 0; key < BG_ACTION_MAX; key++)
				st->counts[key] = percpu_u64_sum(fd, key);
	} else if (strcmp(name, PIN_LOG_LOST) == 0) {
		if (map_is_percpu_counter(fd))
			st->log_lost = percpu_u64_sum(fd, 0);
	} else if (!is_known_map(name) && st->n_strays < PIN_MAX_STRAYS) {
		struct pinned_stray *s = &st->strays[st->n_strays++];

		snprintf(s->name, sizeof(s->name), "%s", name);
		s->is_hook =
		    fdinfo_u32(0, fd, "link_id", &link_id) == 0 && read_link(fd, &s->hook) == 0;
		s->foreign = !s->is_hook && !is_staged_name(name);
	}
	close(fd);
}

/* The policy and counters the attached programs themselves hold. */
static void settle(struct pinned_state *st)
{
	const struct enforce_program *p4 = &st->hooks[0].prog, *p6 = &st->hooks[1].prog;
	bool h4 = st->link_cgroup_id[0], h6 = st->link_cgroup_id[1];

	st->links = h4 + h6;
	if (!st->links)
		return;
	/* an attached program whose policy map could not be read */
	if ((h4 && !p4->have_policy) || (h6 && !p6->have_policy))
		st->policy_unreadable = true;
	st->policy = h4 && p4->have_policy ? p4->policy : p6->policy;
	st->policies_differ = h4 && h6 && memcmp(&p4->policy, &p6->policy, sizeof(p4->policy));
	if (st->policies_differ)
		st->policy6 = p6->policy;
	memcpy(st->counts, h4 ? p4->counts : p6->counts, sizeof(st->counts));
	if (h4 && h6 && p4->counts_map_id != p6->counts_map_id)
		for (int a = 0; a < BG_ACTION_MAX; a++)
			st->counts[a] += p6->counts[a];
}

int pinned_interrupted(const struct pinned_state *st)
{
	int n = 0;

	for (int i = 0; i < st->n_strays; i++)
		n += !st->strays[i].foreign;
	return n;
}

bool pinned_consistent(const struct pinned_state *st)
{
	return st->links == 2 && st->link_cgroup_id[0] == st->link_cgroup_id[1] &&
	       !st->policies_differ && pinned_interrupted(st) == 0;
}

int pinned_read(const char *pin_dir, struct pinned_state *st)
{
	DIR *dir = opendir(pin_dir);
	struct dirent *d;

	memset(st, 0, sizeof(*st));
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	/* links first: the hooks' own policy wins over the pinned map */
	for (int i = 0; i < 2; i++)
		read_entry(st, pin_dir, pin_link_names[i]);
	st->links = !!st->link_cgroup_id[0] + !!st->link_cgroup_id[1];
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.' && strcmp(d->d_name, pin_link_names[0]) &&
		    strcmp(d->d_name, pin_link_names[1]))
			read_entry(st, pin_dir, d->d_name);
	closedir(dir);
	settle(st);
	return 0;
}

int pin_store_unpin(const char *path)
{
	uint32_t link_id;
	int fd = bpf_obj_get(path);

	/* A link's last reference goes in a kernel work item, later: detach
	 * it now, so that "off" is true when this returns. */
	if (fd >= 0) {
		if (fdinfo_u32(0, fd, "link_id", &link_id) == 0)
			bpf_link_detach(fd);
		close(fd);
	}
	return unlink(path);
}

/* Unlinks dir/name when `pick` says so.  Returns how many went or -errno. */
static int unlink_entries(const char *pin_dir, bool (*pick)(const char *name))
{
	char path[4096];
	struct dirent *d;
	DIR *dir = opendir(pin_dir);
	int removed = 0, err = 0;

	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || !pick(d->d_name))
			continue;
		pin_path(path, sizeof(path), pin_dir, d->d_name, NULL);
		if (pin_store_unpin(path) == 0)
			removed++;
		else if (errno != ENOENT && !err)
			err = -errno;
	}
	closedir(dir);
	return err ? err : removed;
}

static bool is_staged(const char *name)
{
	size_t n = strlen(name), s = strlen(PIN_STAGING_SUFFIX);

	return n > s && strcmp(name + n - s, PIN_STAGING_SUFFIX) == 0;
}

static bool is_link_pin(const char *name)
{
	return strcmp(name, pin_link_names[0]) == 0 || strcmp(name, pin_link_names[1]) == 0 ||
	       is_staged(name);
}

static bool is_any(const char *name)
{
	(void)name;
	return true;
}

int pin_store_clear_staging(const char *pin_dir)
{
	int n = unlink_entries(pin_dir, is_staged);

	return n < 0 ? n : 0;
}

int pinned_remove(const char *pin_dir)
{
	int links, rest, allows = temporary_allows_open(pin_dir);

	/* links first: enforcement stops before its policy disappears */
	links = unlink_entries(pin_dir, is_link_pin);
	if (links < 0) {
		if (allows >= 0)
			close(allows);
		return links;
	}
	/* A live `enforce` may share the exceptions' map (it honours the
	 * pinned policy's): emptied, it honours none of them after the unpin,
	 * which it would otherwise go on doing with no command to list them. */
	if (allows >= 0) {
		int err = temporary_allows_clear(allows);

		close(allows);
		if (err)
			return err;
	}
	/* the directory is ours (owner-checked): nothing else belongs there */
	rest = unlink_entries(pin_dir, is_any);
	if (rest < 0)
		return rest;
	if (rmdir(pin_dir) && errno != ENOENT && errno != ENOTEMPTY)
		return -errno;
	return links + rest;
}

int find_pin_dir(char *path, size_t len)
{
	char bpffs[4096];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int err;

	if (!f)
		return -errno;
	err = mountinfo_find(f, "bpf", bpffs, sizeof(bpffs));
	fclose(f);
	if (!err)
		snprintf(path, len, "%s/%s", bpffs, PIN_SUBDIR);
	return err;
}

static void parent_of(const char *path, char *parent, size_t len)
{
	char *slash;

	snprintf(parent, len, "%s", path);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	else if (slash)
		slash[1] = '\0';
	else
		snprintf(parent, len, ".");
}

int resolve_pin_dir(const char *given, char *path, size_t len)
{
	char bpffs[4096], parent[4096];
	struct statfs fs;
	int err;

	if (given && !*given)
		return report_usage("--pin-dir: empty path");
	err = ensure_bpffs(bpffs, sizeof(bpffs));
	if (err)
		return err;
	if (!given) {
		snprintf(path, len, "%s/%s", bpffs, PIN_SUBDIR);
		return check_pin_dir_owner(path);
	}
	snprintf(path, len, "%s", given);
	parent_of(given, parent, sizeof(parent));
	if (statfs(parent, &fs)) {
		err = -errno;
		if (err == -ENOENT)
			report("pin directory %s: its parent %s does not exist "
			       "(create it on the bpf filesystem %s first)\n",
			       given, parent, bpffs);
		else
			report("pin directory %s: %s: %s\n", given, parent, strerror(-err));
		return err;
	}
	if (fs.f_type != BPF_FS_MAGIC) {
		report("pin directory %s must be on a bpf filesystem (%s is one)\n", given, bpffs);
		return -EINVAL;
	}
	return check_pin_dir_owner(path);
}
