/* SPDX-License-Identifier: GPL-2.0 */
/* Listing listening TCP and bound UDP sockets from the kernel's tables
 * through NETLINK_SOCK_DIAG (inet_diag), as `ss -tulpen` does. */
#ifndef BINDGUARD_SOCKDIAG_H
#define BINDGUARD_SOCKDIAG_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct listen_socket {
	int family;	  /* AF_INET or AF_INET6 */
	int protocol;	  /* IPPROTO_TCP or IPPROTO_UDP */
	uint8_t addr[16]; /* local address, network order (AF_INET: first 4 bytes) */
	uint16_t port;	  /* local port, host order */
	uint8_t state;	  /* TCP state: TCP_LISTEN, or TCP_CLOSE for unconnected UDP */
	bool v6only;	  /* IPV6_V6ONLY on an AF_INET6 socket */
	bool freebind;	  /* IP_FREEBIND: may be bound to an address no interface has */
	bool transparent; /* IP_TRANSPARENT */
	uint32_t ifindex; /* SO_BINDTODEVICE, 0 when not bound to a device */
	uint32_t uid;	  /* socket owner */
	uint64_t inode;	  /* sockfs inode: what /proc/PID/fd links name */
	uint64_t cookie;
	uint64_t cgroup_id;
	uint64_t netns; /* network namespace inode; set by whoever dumped it */
};

struct listen_socket_list {
	struct listen_socket *items;
	size_t n;
	size_t cap;
};

void listen_socket_list_free(struct listen_socket_list *l);
int listen_socket_list_push(struct listen_socket_list *l, const struct listen_socket *s);

/* Pure: decodes one SOCK_DIAG_BY_FAMILY reply (struct inet_diag_msg and its
 * attributes) into *out; protocol is what was asked for (the reply only
 * carries it for some sockets).  0 or -EINVAL for a malformed message. */
int sockdiag_parse_message(const struct nlmsghdr *nlh, int protocol, struct listen_socket *out);

/* Appends the sockets of one family/protocol in the caller's network
 * namespace: TCP in TCP_LISTEN, UDP unconnected (TCP_CLOSE) with a port.
 * 0, or -errno (-ENOENT/-EAFNOSUPPORT: the kernel has no diag module or no
 * IPv6 for it). */
int sockdiag_dump(int family, int protocol, struct listen_socket_list *out);

/* TCP and UDP, IPv4 and IPv6, tagged with netns.  Families or protocols
 * the kernel cannot dump are skipped and counted in *skipped (may be NULL).
 * 0 or the first hard -errno. */
int sockdiag_dump_all(uint64_t netns, struct listen_socket_list *out, unsigned int *skipped);

#endif
