// SPDX-License-Identifier: GPL-2.0
/* Network namespace discovery and a setns() thread to work inside one. */
#include "listeners/netns_walk.h"

#include "lib/array.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int netns_list_add(struct netns_list *l, uint64_t inode, bool is_self, const char *path,
		   const char *label)
{
	struct netns_ref *r;

	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].inode == inode)
			return 0;
	if (array_reserve(&l->items, &l->cap, l->n, 8))
		return -ENOMEM;
	r = &l->items[l->n++];
	memset(r, 0, sizeof(*r));
	r->inode = inode;
	r->is_self = is_self;
	snprintf(r->path, sizeof(r->path), "%s", path);
	snprintf(r->label, sizeof(r->label), "%s", label);
	return 1;
}

void netns_list_free(struct netns_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

uint64_t netns_self_inode(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) == 0 ? st.st_ino : 0;
}

int netns_discover(const struct proc_owners *procs, const char *run_netns_dir,
		   struct netns_list *out)
{
	struct stat self;
	struct dirent *de;
	int err;
	DIR *dir;

	if (stat("/proc/self/ns/net", &self))
		memset(&self, 0, sizeof(self));
	err = netns_list_add(out, netns_self_inode(), true, "/proc/self/ns/net", "this namespace");
	if (err < 0)
		return err;
	dir = opendir(run_netns_dir);
	if (dir) {
		while ((de = readdir(dir)) != NULL) {
			char path[288], label[96];
			struct stat st;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%.255s", run_netns_dir, de->d_name);
			/* a live one is an nsfs file; an unmounted leftover is not */
			if (stat(path, &st) || st.st_dev != self.st_dev)
				continue;
			snprintf(label, sizeof(label), "netns %.80s", de->d_name);
			err = netns_list_add(out, st.st_ino, false, path, label);
			if (err < 0)
				break;
		}
		closedir(dir);
		if (err < 0)
			return err;
	}
	for (size_t i = 0; i < procs->n_procs; i++) {
		const struct proc_process *p = &procs->procs[i];
		char path[288], label[96];

		if (!p->netns)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)p->pid);
		snprintf(label, sizeof(label), "pid %d (%.16s)", (int)p->pid, p->comm);
		err = netns_list_add(out, p->netns, false, path, label);
		if (err < 0)
			return err;
	}
	return 0;
}

struct netns_job {
	const char *path;
	int (*fn)(void *ctx);
	void *ctx;
	int result;
};

static void *netns_thread(void *arg)
{
	struct netns_job *job = arg;
	int fd = open(job->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		job->result = -errno;
		return NULL;
	}
	/* Only this thread moves; it ends here, so there is no way back to find. */
	if (setns(fd, CLONE_NEWNET)) {
		job->result = -errno;
		close(fd);
		return NULL;
	}
	close(fd);
	job->result = job->fn(job->ctx);
	return NULL;
}

int netns_run_in(const char *path, int (*fn)(void *ctx), void *ctx)
{
	struct netns_job job = { .path = path, .fn = fn, .ctx = ctx };
	pthread_t thread;
	int err;

	err = pthread_create(&thread, NULL, netns_thread, &job);
	if (err)
		return -err;
	pthread_join(thread, NULL);
	return job.result;
}
