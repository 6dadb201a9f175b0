// SPDX-License-Identifier: GPL-2.0
/* Taking the listening-socket snapshot, namespace by namespace. */
#include "listeners/listen_snapshot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Runs inside the namespace (directly for ours, in a setns thread else). */
static int read_namespace(void *opaque)
{
	struct ns_snapshot *ns = opaque;
	int err;

	err = sockdiag_dump_all(ns->ns.inode, &ns->socks, &ns->skipped);
	if (err)
		return err;
	return iface_addrs_read(&ns->ifs);
}

int listen_snapshot_take(struct listen_snapshot *s, bool all_netns)
{
	struct netns_list list = { 0 };
	int err = 0;

	memset(s, 0, sizeof(*s));
	s->owners_err = proc_owners_scan("/proc", &s->owners);

	if (all_netns)
		err = netns_discover(&s->owners, "/run/netns", &list);
	else
		err = netns_list_add(&list, netns_self_inode(), true, "/proc/self/ns/net",
				     "this namespace") < 0
			  ? -ENOMEM
			  : 0;
	if (err)
		goto cleanup;
	s->ns = calloc(list.n, sizeof(*s->ns));
	if (!s->ns) {
		err = -ENOMEM;
		goto cleanup;
	}
	s->n_ns = list.n;
	for (size_t i = 0; i < list.n; i++) {
		struct ns_snapshot *ns = &s->ns[i];

		ns->ns = list.items[i];
		if (ns->ns.is_self)
			ns->err = read_namespace(ns);
		else
			ns->err = netns_run_in(ns->ns.path, read_namespace, ns);
	}
	err = s->ns[0].err;
cleanup:
	netns_list_free(&list);
	return err;
}

void listen_snapshot_free(struct listen_snapshot *s)
{
	for (size_t i = 0; i < s->n_ns; i++) {
		listen_socket_list_free(&s->ns[i].socks);
		iface_addr_list_free(&s->ns[i].ifs);
	}
	free(s->ns);
	proc_owners_free(&s->owners);
	memset(s, 0, sizeof(*s));
}

const struct proc_process *listen_snapshot_holder(const struct listen_snapshot *s, uint64_t netns,
						  uint64_t cookie)
{
	const struct proc_socket_ref *ref;

	if (!cookie || s->owners_err)
		return NULL;
	for (size_t i = 0; i < s->n_ns; i++) {
		const struct listen_socket_list *l = &s->ns[i].socks;

		if (netns && s->ns[i].ns.inode != netns)
			continue;
		for (size_t j = 0; j < l->n; j++) {
			if (l->items[j].cookie != cookie)
				continue;
			if (!proc_owners_lookup(&s->owners, l->items[j].inode, &ref))
				return NULL;
			return &s->owners.procs[ref->process];
		}
	}
	return NULL;
}
