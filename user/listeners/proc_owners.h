/* SPDX-License-Identifier: GPL-2.0 */
/* Which processes hold which sockets: ONE walk of /proc that audit, top and
 * the namespace walk all reuse (socket inode -> pid, comm, user, netns). */
#ifndef BINDGUARD_PROC_OWNERS_H
#define BINDGUARD_PROC_OWNERS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct proc_process {
	pid_t pid;
	uid_t uid; /* effective uid */
	char comm[16];
	uint64_t netns; /* inode of /proc/PID/ns/net, 0 when unreadable */
	int fd_err;	/* 0, or why its open files could not be read (-EACCES ...) */
};

struct proc_socket_ref {
	uint64_t inode;
	uint32_t process; /* index into proc_owners.procs */
};

struct proc_owners {
	struct proc_process *procs;
	size_t n_procs;
	struct proc_socket_ref *socks; /* sorted by inode, then process */
	size_t n_socks;
	size_t fd_denied; /* processes whose fd table we may not read (even as root:
			   * the kernel's ptrace check can refuse /proc/PID/fd links) */
};

/* Walks proc_root ("/proc" outside tests).  Processes that exit during the
 * walk are skipped.  0 or -errno (proc_root unreadable, no memory). */
int proc_owners_scan(const char *proc_root, struct proc_owners *out);
void proc_owners_free(struct proc_owners *o);

/* The processes holding a socket inode: returns how many there are and
 * points *first at the first reference (consecutive in o->socks). */
size_t proc_owners_lookup(const struct proc_owners *o, uint64_t inode,
			  const struct proc_socket_ref **first);

/* Pure parsers.  "socket:[12345]" -> 12345: 0 or -EINVAL. */
int parse_socket_link(const char *target, uint64_t *inode);
/* The effective uid from the "Uid:" line of /proc/PID/status: 0 or -EINVAL. */
int parse_status_euid(const char *status, uid_t *euid);

/* The user name for uid, or its number as text.  Returns buf. */
const char *uid_to_name(uid_t uid, char *buf, size_t len);

#endif
