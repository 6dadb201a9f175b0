// SPDX-License-Identifier: GPL-2.0
/* Enforce programs: load with a policy, attach live or pinned, read back. */
#include "enforcement/enforce_hooks.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "lib/bpf_support.h"
#include "enforce.skel.h"
#include "lib/mounts.h"
#include "enforcement/temporary_allow.h"
#include "lib/report.h"

#define PIN_SUBDIR "bindguard"
#define PIN_POLICY "policy"
#define PIN_COUNTS "action_counts"

static const char *const link_pin_names[2] = { "link_bind4", "link_bind6" };

struct enforcer {
	struct enforce_bpf *skel;
	bool counts_reused;
	bool allows_reused;
};

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

static void pin_path(char *buf, size_t len, const char *dir, const char *name, const char *suffix)
{
	snprintf(buf, len, "%s/%s%s", dir, name, suffix ? suffix : "");
}

static int reuse_temporary_allows(struct enforcer *e, const char *pin_dir)
{
	int fd = temporary_allows_open(pin_dir), err;

	if (fd == -ENOENT)
		return 0;
	if (fd < 0) {
		bpf_report_error("opening the pinned temporary exceptions", fd);
		return fd;
	}
	err = bpf_map__reuse_fd(e->skel->maps.temporary_allows, fd);
	close(fd);
	if (err)
		bpf_report_error("reusing the pinned temporary exceptions", err);
	e->allows_reused = !err;
	return err;
}

int enforcer_load(struct enforcer **out, const struct bg_policy *policy, struct capture *share,
		  const char *pin_dir)
{
	struct enforcer *e = calloc(1, sizeof(*e));
	__u32 key = 0;
	int err, fd;

	*out = NULL;
	if (!e)
		return -ENOMEM;
	e->skel = enforce_bpf__open();
	if (!e->skel) {
		err = -errno;
		bpf_report_error("opening the enforce BPF object", err);
		goto fail;
	}
	/* comm is available to cgroup hooks from Linux 6.0 on */
	e->skel->rodata->have_comm_helper =
	    libbpf_probe_bpf_helper(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_FUNC_get_current_comm,
				    NULL) == 1;
	if (policy->n_comms && !e->skel->rodata->have_comm_helper) {
		report("kernel %s does not let cgroup bind hooks read process "
		       "names (Linux 6.0 or newer needed); remove the comm allow-list\n",
		       kernel_release());
		err = -EOPNOTSUPP;
		goto fail;
	}
	if (share) {
		e->skel->rodata->report_verdicts = true;
		err = bpf_map__reuse_fd(e->skel->maps.verdicts, capture_verdicts_fd(share));
		if (err) {
			bpf_report_error("sharing verdicts with the capture programs", err);
			goto fail;
		}
	} else {
		bpf_map__set_max_entries(e->skel->maps.verdicts, 1);
	}
	/* `bindguard allow` exceptions outlive a re-pin, and a live
	 * enforcer honours those of the pinned policy */
	if (pin_dir) {
		err = reuse_temporary_allows(e, pin_dir);
		if (err)
			goto fail;
	}
	if (pin_dir && !share) {
		char path[4096];

		pin_path(path, sizeof(path), pin_dir, PIN_COUNTS, NULL);
		fd = bpf_obj_get(path);
		if (fd >= 0) {
			err = bpf_map__reuse_fd(e->skel->maps.action_counts, fd);
			close(fd);
			if (err) {
				bpf_report_error("reusing the pinned counters", err);
				goto fail;
			}
			e->counts_reused = true;
		}
	}
	err = enforce_bpf__load(e->skel);
	if (err) {
		bpf_report_error("loading the enforce BPF programs", err);
		goto fail;
	}
	err = bpf_map_update_elem(bpf_map__fd(e->skel->maps.policy), &key, policy, BPF_ANY);
	if (err) {
		err = -errno;
		bpf_report_error("writing the policy map", err);
		goto fail;
	}
	*out = e;
	return 0;
fail:
	enforcer_destroy(e);
	return err;
}

static struct bpf_program *hook_program(struct enforcer *e, int i)
{
	return i == 0 ? e->skel->progs.enforce_bind4 : e->skel->progs.enforce_bind6;
}

static struct bpf_link **hook_link(struct enforcer *e, int i)
{
	return i == 0 ? &e->skel->links.enforce_bind4 : &e->skel->links.enforce_bind6;
}

static int open_cgroup(const char *cgroup_path)
{
	int fd = open(cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		report("cannot open cgroup %s: %s\n", cgroup_path, strerror(errno));
	return fd < 0 ? -errno : fd;
}

int enforcer_attach(struct enforcer *e, const char *cgroup_path)
{
	int cg = open_cgroup(cgroup_path), err = 0;

	if (cg < 0)
		return cg;
	for (int i = 0; i < 2 && !err; i++) {
		struct bpf_link *link = bpf_program__attach_cgroup(hook_program(e, i), cg);

		if (!link) {
			err = -errno;
			bpf_report_error("attaching the cgroup bind hooks", err);
			break;
		}
		*hook_link(e, i) = link;
	}
	close(cg);
	if (err) /* nothing half-way: drop what was attached */
		for (int i = 0; i < 2; i++) {
			bpf_link__destroy(*hook_link(e, i));
			*hook_link(e, i) = NULL;
		}
	return err;
}

static uint64_t link_cgroup_id(int link_fd)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(link_fd, &info, &len) || info.type != BPF_LINK_TYPE_CGROUP)
		return 0;
	return info.cgroup.cgroup_id;
}

/* Pins a map or link fd at dir/name atomically: pin beside it, rename. */
static int pin_replace(int fd, const char *dir, const char *name)
{
	char tmp[4096], final[4096];

	/* bpffs refuses names with a dot */
	pin_path(tmp, sizeof(tmp), dir, name, "_new");
	pin_path(final, sizeof(final), dir, name, NULL);
	unlink(tmp);
	if (bpf_obj_pin(fd, tmp))
		return -errno;
	if (rename(tmp, final)) {
		int err = -errno;

		unlink(tmp);
		return err;
	}
	return 0;
}

int enforcer_pin(struct enforcer *e, const char *cgroup_path, const char *pin_dir)
{
	struct stat st;
	int cg, err = 0;

	if (mkdir(pin_dir, 0700) && errno != EEXIST) {
		err = -errno;
		report("cannot create %s: %s\n", pin_dir, strerror(errno));
		return err;
	}
	err = check_pin_dir_owner(pin_dir);
	if (err)
		return err;
	if (stat(cgroup_path, &st))
		return -errno;
	cg = open_cgroup(cgroup_path);
	if (cg < 0)
		return cg;

	/* Attach or swap both hooks first; the policy pin follows. */
	for (int i = 0; i < 2 && !err; i++) {
		char path[4096];
		struct bpf_link *old, *fresh;

		pin_path(path, sizeof(path), pin_dir, link_pin_names[i], NULL);
		old = bpf_link__open(path);
		if (old && link_cgroup_id(bpf_link__fd(old)) == st.st_ino) {
			err = bpf_link__update_program(old, hook_program(e, i));
			bpf_link__disconnect(old); /* the pin keeps it */
			bpf_link__destroy(old);
			if (err)
				bpf_report_error("replacing the pinned bind hook", err);
			continue;
		}
		bpf_link__destroy(old);
		fresh = bpf_program__attach_cgroup(hook_program(e, i), cg);
		if (!fresh) {
			err = -errno;
			bpf_report_error("attaching the cgroup bind hooks", err);
			break;
		}
		/* replacing the pin releases an old link on another cgroup */
		err = pin_replace(bpf_link__fd(fresh), pin_dir, link_pin_names[i]);
		if (err)
			bpf_report_error("pinning the bind hook", err);
		bpf_link__disconnect(fresh);
		bpf_link__destroy(fresh);
	}
	close(cg);
	if (!err)
		err = pin_replace(bpf_map__fd(e->skel->maps.policy), pin_dir, PIN_POLICY);
	if (!err && !e->counts_reused)
		err = pin_replace(bpf_map__fd(e->skel->maps.action_counts), pin_dir, PIN_COUNTS);
	if (!err && !e->allows_reused)
		err = pin_replace(bpf_map__fd(e->skel->maps.temporary_allows), pin_dir,
				  TEMPORARY_ALLOWS_PIN);
	if (err)
		report("pinning in %s failed: %s\n", pin_dir, strerror(-err));
	return err;
}

static void read_counts(int fd, uint64_t counts[BG_ACTION_MAX])
{
	for (__u32 key = 0; key < BG_ACTION_MAX; key++)
		counts[key] = percpu_u64_sum(fd, key);
}

void enforcer_counts(struct enforcer *e, uint64_t counts[BG_ACTION_MAX])
{
	read_counts(bpf_map__fd(e->skel->maps.action_counts), counts);
}

void enforcer_destroy(struct enforcer *e)
{
	if (!e)
		return;
	enforce_bpf__destroy(e->skel);
	free(e);
}

int pinned_read(const char *pin_dir, struct pinned_state *st)
{
	char path[4096];
	__u32 key = 0;
	int fd;

	memset(st, 0, sizeof(*st));
	pin_path(path, sizeof(path), pin_dir, PIN_POLICY, NULL);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (bpf_map_lookup_elem(fd, &key, &st->policy)) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	st->present = true;

	pin_path(path, sizeof(path), pin_dir, PIN_COUNTS, NULL);
	fd = bpf_obj_get(path);
	if (fd >= 0) {
		read_counts(fd, st->counts);
		close(fd);
	}
	for (int i = 0; i < 2; i++) {
		pin_path(path, sizeof(path), pin_dir, link_pin_names[i], NULL);
		fd = bpf_obj_get(path);
		if (fd < 0)
			continue;
		st->link_cgroup_id[i] = link_cgroup_id(fd);
		if (st->link_cgroup_id[i])
			st->links++;
		close(fd);
	}
	return 0;
}

int pinned_remove(const char *pin_dir)
{
	const char *names[] = { "link_bind4", "link_bind6", PIN_POLICY, PIN_COUNTS,
				TEMPORARY_ALLOWS_PIN };
	char path[4096];
	int removed = 0;

	/* links first: enforcement stops before its policy disappears */
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		pin_path(path, sizeof(path), pin_dir, names[i], NULL);
		if (unlink(path) == 0)
			removed++;
		else if (errno != ENOENT)
			return -errno;
	}
	if (rmdir(pin_dir) && errno != ENOENT && errno != ENOTEMPTY)
		return -errno;
	return removed;
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

int resolve_pin_dir(const char *given, char *path, size_t len)
{
	char bpffs[4096], parent[4096], *slash;
	struct statfs fs;
	int err = ensure_bpffs(bpffs, sizeof(bpffs));

	if (err)
		return err;
	if (!given) {
		snprintf(path, len, "%s/%s", bpffs, PIN_SUBDIR);
		return check_pin_dir_owner(path);
	}
	snprintf(path, len, "%s", given);
	snprintf(parent, sizeof(parent), "%s", given);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	else if (slash)
		slash[1] = '\0';
	else
		snprintf(parent, sizeof(parent), ".");
	if (statfs(parent, &fs) || fs.f_type != BPF_FS_MAGIC) {
		report("pin directory %s must be on a bpf filesystem (%s is one)\n", given, bpffs);
		return -EINVAL;
	}
	return check_pin_dir_owner(path);
}
