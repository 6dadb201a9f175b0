// SPDX-License-Identifier: GPL-2.0
/* The census of attached enforce programs: the kernel's answer to "what
 * does bindguard enforce right now", independent of what pins claim. */
#include "enforcement/attached_hooks.h"

#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enforcement/policy.h"
#include "lib/bpf_support.h"
#include "lib/mounts.h"

#define MAX_PROG_MAPS  16
#define MAX_WALK_DEPTH 16

int fdinfo_u32(pid_t pid, int fd, const char *key, uint32_t *value)
{
	char path[64], line[256];
	size_t klen = strlen(key);
	FILE *f;
	int err = -ENOENT;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)pid, fd);
	else
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			*value = (uint32_t)strtoul(line + klen + 1, NULL, 10);
			err = 0;
			break;
		}
	fclose(f);
	return err;
}

static void read_map(int map_fd, const struct bpf_map_info *info, struct enforce_program *p)
{
	/* another version's program may hold maps of other sizes */
	bool counter = map_info_is_percpu_counter(info);
	__u32 zero = 0;

	if (strcmp(info->name, "policy") == 0 &&
	    map_info_is(info, BPF_MAP_TYPE_ARRAY, sizeof(__u32), sizeof(p->policy))) {
		p->have_policy = bpf_map_lookup_elem(map_fd, &zero, &p->policy) == 0 &&
				 policy_counts_fit(&p->policy);
		/* one changed past its lists is none: whoever reads it (status's
		 * bind6 policy too) reads zero counts, never past the arrays */
		if (!p->have_policy)
			memset(&p->policy, 0, sizeof(p->policy));
	} else if (strcmp(info->name, "action_counts") == 0 && counter) {
		p->counts_map_id = info->id;
		for (__u32 key = 0; key < BG_ACTION_MAX; key++)
			p->counts[key] = percpu_u64_sum(map_fd, key);
	} else if (strcmp(info->name, "log_lost") == 0 && counter) {
		p->log_lost_map_id = info->id;
		p->log_lost = percpu_u64_sum(map_fd, 0);
	} else if (strcmp(info->name, "interventions") == 0) {
		p->log_map_id = info->id;
	}
}

static bool is_enforce_name(const char *name)
{
	return strcmp(name, ENFORCE_PROG_NAME4) == 0 || strcmp(name, ENFORCE_PROG_NAME6) == 0 ||
	       strcmp(name, ENFORCE_PROG_NAME4_LOOP) == 0 ||
	       strcmp(name, ENFORCE_PROG_NAME6_LOOP) == 0;
}

int enforce_program_read(uint32_t prog_id, struct enforce_program *p)
{
	__u32 map_ids[MAX_PROG_MAPS] = { 0 }; /* valgrind cannot see the kernel fill it */
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	int fd = bpf_prog_get_fd_by_id(prog_id), err = 0;

	memset(p, 0, sizeof(*p));
	p->prog_id = prog_id;
	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = MAX_PROG_MAPS;
	info.map_ids = (__u64)(unsigned long)map_ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto out;
	}
	if (info.type != BPF_PROG_TYPE_CGROUP_SOCK_ADDR || !is_enforce_name(info.name)) {
		err = -EINVAL;
		goto out;
	}
	for (__u32 i = 0; i < info.nr_map_ids && i < MAX_PROG_MAPS; i++) {
		struct bpf_map_info minfo;
		__u32 mlen = sizeof(minfo);
		int mfd = bpf_map_get_fd_by_id(map_ids[i]);

		if (mfd < 0)
			continue;
		memset(&minfo, 0, sizeof(minfo));
		if (!bpf_obj_get_info_by_fd(mfd, &minfo, &mlen))
			read_map(mfd, &minfo, p);
		close(mfd);
	}
out:
	close(fd);
	return err;
}

static int census_add(struct hook_census *c, uint64_t cgroup_id, int family, uint32_t prog_id)
{
	struct attached_hook *grown, *h;

	for (size_t i = 0; i < c->n; i++)
		if (c->hooks[i].cgroup_id == cgroup_id && c->hooks[i].prog.prog_id == prog_id &&
		    c->hooks[i].family == family)
			return 0;
	grown = realloc(c->hooks, (c->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	c->hooks = grown;
	h = &c->hooks[c->n];
	memset(h, 0, sizeof(*h));
	if (enforce_program_read(prog_id, &h->prog))
		return 0; /* another program, or gone meanwhile */
	h->cgroup_id = cgroup_id;
	h->family = family;
	c->n++;
	return 0;
}

/* BPF_PROG_QUERY on one cgroup: programs attached there directly. */
static int query_cgroup(struct hook_census *c, int cg_fd, uint64_t cgroup_id)
{
	static const struct {
		enum bpf_attach_type type;
		int family;
	} hooks[] = { { BPF_CGROUP_INET4_BIND, AF_INET }, { BPF_CGROUP_INET6_BIND, AF_INET6 } };
	int err = 0;

	for (size_t t = 0; t < 2 && !err; t++) {
		__u32 ids[64], cnt = 64, flags = 0;

		if (bpf_prog_query(cg_fd, hooks[t].type, 0, &flags, ids, &cnt))
			continue; /* a cgroup removed meanwhile */
		for (__u32 i = 0; i < cnt && !err; i++)
			err = census_add(c, cgroup_id, hooks[t].family, ids[i]);
	}
	return err;
}

static int walk_cgroups(struct hook_census *c, int dir_fd, int depth)
{
	struct stat st;
	struct dirent *d;
	DIR *dir;
	int err;

	if (fstat(dir_fd, &st)) {
		close(dir_fd);
		return 0;
	}
	err = query_cgroup(c, dir_fd, st.st_ino);
	dir = fdopendir(dir_fd);
	if (!dir) {
		close(dir_fd);
		return err;
	}
	while (!err && depth < MAX_WALK_DEPTH && (d = readdir(dir))) {
		int sub;

		if (d->d_type != DT_DIR || strcmp(d->d_name, ".") == 0 ||
		    strcmp(d->d_name, "..") == 0)
			continue;
		sub = openat(dirfd(dir), d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub >= 0)
			err = walk_cgroups(c, sub, depth + 1);
	}
	closedir(dir);
	return err;
}

/* Each kernel cgroup link running one of the census's programs. */
static void match_links(struct hook_census *c)
{
	__u32 id = 0;

	while (!bpf_link_get_next_id(id, &id)) {
		struct bpf_link_info info;
		__u32 len = sizeof(info);
		int fd = bpf_link_get_fd_by_id(id);

		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.type == BPF_LINK_TYPE_CGROUP)
			for (size_t i = 0; i < c->n; i++)
				if (c->hooks[i].prog.prog_id == info.prog_id &&
				    c->hooks[i].cgroup_id == info.cgroup.cgroup_id)
					c->hooks[i].link_id = id;
		close(fd);
	}
}

/* Pins anywhere below a bpffs directory that hold one of the links. */
static void find_pins(struct hook_census *c, const char *path, int depth)
{
	DIR *dir = opendir(path);
	struct dirent *d;

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		char sub[4096];
		uint32_t link_id;
		struct attached_hook *h;
		int fd;

		if (d->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name) >= sizeof(sub))
			continue;
		if (d->d_type == DT_DIR) {
			if (depth < MAX_WALK_DEPTH)
				find_pins(c, sub, depth + 1);
			continue;
		}
		fd = bpf_obj_get(sub);
		if (fd < 0)
			continue;
		if (!fdinfo_u32(0, fd, "link_id", &link_id) &&
		    (h = hook_census_find_link(c, link_id)) && !h->pinned_at[0])
			snprintf(h->pinned_at, sizeof(h->pinned_at), "%s", sub);
		close(fd);
	}
	closedir(dir);
}

static void read_comm(pid_t pid, char *comm, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(comm, (int)len, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

/* Calls fn(pid, id, ctx) for every BPF object of one kind (kind: the fd's
 * link target, "anon_inode:bpf_link" or "anon_inode:bpf-map"; key: its id's
 * line in fdinfo) that another process holds, until fn returns true. */
static void walk_held(const char *kind, const char *key,
		      bool (*fn)(pid_t pid, uint32_t id, void *ctx), void *ctx)
{
	DIR *proc = opendir("/proc");
	struct dirent *p;
	bool done = false;

	while (proc && !done && (p = readdir(proc))) {
		pid_t pid = (pid_t)atoi(p->d_name);
		char fd_dir[64], link[320], target[64];
		struct dirent *f;
		uint32_t id;
		ssize_t n;
		DIR *fds;

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(fd_dir, sizeof(fd_dir), "/proc/%d/fd", (int)pid);
		fds = opendir(fd_dir);
		while (fds && !done && (f = readdir(fds))) {
			snprintf(link, sizeof(link), "%s/%s", fd_dir, f->d_name);
			n = readlink(link, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (!strcmp(target, kind) && !fdinfo_u32(pid, atoi(f->d_name), key, &id))
				done = fn(pid, id, ctx);
		}
		if (fds)
			closedir(fds);
	}
	if (proc)
		closedir(proc);
}

struct map_search {
	uint32_t map_id;
	pid_t found;
};

static bool is_the_map(pid_t pid, uint32_t id, void *ctx)
{
	struct map_search *m = ctx;

	if (id == m->map_id)
		m->found = pid;
	return m->found != 0;
}

pid_t map_holder(uint32_t map_id, char *comm, size_t len)
{
	struct map_search m = { .map_id = map_id };

	walk_held("anon_inode:bpf-map", "map_id", is_the_map, &m);
	if (m.found)
		read_comm(m.found, comm, len);
	return m.found;
}

/* The first process found holding a census link is its holder. */
static bool note_holder(pid_t pid, uint32_t link_id, void *ctx)
{
	struct attached_hook *h = hook_census_find_link(ctx, link_id);

	if (h && !h->holder) {
		h->holder = pid;
		read_comm(pid, h->holder_comm, sizeof(h->holder_comm));
	}
	return false;
}

/* Processes holding one of the links (a live `enforce`). */
static void find_holders(struct hook_census *c)
{
	walk_held("anon_inode:bpf_link", "link_id", note_holder, c);
}

struct attached_hook *hook_census_find_link(struct hook_census *c, uint32_t link_id)
{
	for (size_t i = 0; i < c->n; i++)
		if (link_id && c->hooks[i].link_id == link_id)
			return &c->hooks[i];
	return NULL;
}

int hook_census_take(struct hook_census *c)
{
	char root[4096], bpffs[4096];
	FILE *mounts;
	int fd, err;

	memset(c, 0, sizeof(*c));
	err = find_cgroup2(root, sizeof(root));
	if (err)
		return err;
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = walk_cgroups(c, fd, 0);
	if (err) {
		hook_census_free(c);
		return err;
	}
	match_links(c);
	mounts = fopen("/proc/self/mountinfo", "re");
	if (mounts) {
		if (!mountinfo_find(mounts, "bpf", bpffs, sizeof(bpffs)))
			find_pins(c, bpffs, 0);
		fclose(mounts);
	}
	find_holders(c);
	return 0;
}

void hook_census_free(struct hook_census *c)
{
	free(c->hooks);
	c->hooks = NULL;
	c->n = 0;
}
