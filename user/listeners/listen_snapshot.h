/* SPDX-License-Identifier: GPL-2.0 */
/* One picture of what listens now, shared by audit and top: the /proc walk,
 * then per network namespace its sockets (sock_diag) and addresses. */
#ifndef BINDGUARD_LISTEN_SNAPSHOT_H
#define BINDGUARD_LISTEN_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "listeners/ifaddrs_exposure.h"
#include "listeners/netns_walk.h"
#include "listeners/proc_owners.h"
#include "listeners/sockdiag.h"

struct ns_snapshot {
	struct netns_ref ns;
	struct listen_socket_list socks;
	struct iface_addr_list ifs;
	int err;	      /* 0, or why this namespace could not be read */
	unsigned int skipped; /* family/protocol pairs the kernel cannot dump */
};

struct listen_snapshot {
	struct proc_owners owners;
	int owners_err;		/* the /proc walk failed: no owners known */
	struct ns_snapshot *ns; /* ns[0] is ours */
	size_t n_ns;
};

/* all_netns: also every other namespace (needs CAP_SYS_ADMIN to enter).
 * 0, or -errno when our own namespace could not be read (then s->ns[0].err
 * says which step; the snapshot must still be freed). */
int listen_snapshot_take(struct listen_snapshot *s, bool all_netns);
void listen_snapshot_free(struct listen_snapshot *s);

/* Pure: the first process that holds the socket with this cookie (in the
 * namespace with inode netns, any namespace for 0), or NULL when no
 * snapshotted socket has it or nobody we can see holds it. */
const struct proc_process *listen_snapshot_holder(const struct listen_snapshot *s, uint64_t netns,
						  uint64_t cookie);

#endif
