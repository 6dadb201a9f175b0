/* SPDX-License-Identifier: GPL-2.0 */
/* The set of listeners `top` shows: seeded from a snapshot, kept current by
 * bind/listen/close events, sorted exposed first, printed as rows.  Pure. */
#ifndef BINDGUARD_LISTENER_TABLE_H
#define BINDGUARD_LISTENER_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"
#include "bindguard.h"
#include "listeners/ifaddrs_exposure.h"
#include "lib/strbuf.h"

struct listener {
	uint64_t netns;
	int family;	  /* AF_INET or AF_INET6 */
	int protocol;	  /* IPPROTO_TCP or IPPROTO_UDP */
	uint8_t addr[16]; /* network order */
	uint16_t port;
	bool v6only;
	enum addr_class cls;
	enum exposure exposure;
	uint32_t pid; /* 0: no process known */
	uint32_t uid;
	char comm[BG_COMM_LEN];
	unsigned int sockets; /* sockets sharing this address (SO_REUSEPORT, workers) */
	bool from_event;      /* appeared through an event since the last snapshot */
};

struct listener_table {
	struct listener *items;
	size_t n;
	size_t cap;
	/* since start, from events */
	uint64_t binds[ADDR_CLASS_COUNT]; /* successful binds by class of address */
	uint64_t failed_binds;
	/* of those, refused for permission: EPERM (a cgroup bind hook, such
	 * as enforce --mode deny, or seccomp) or EACCES (a privileged port
	 * without CAP_NET_BIND_SERVICE, or an LSM) */
	uint64_t denied_binds;
	uint64_t listens;
	uint64_t closes;
};

void listener_table_init(struct listener_table *t);
void listener_table_free(struct listener_table *t);
/* Forgets the listeners (before a new snapshot); keeps the counters. */
void listener_table_clear(struct listener_table *t);

/* Adds l, or merges it into the listener with the same namespace,
 * protocol, address and port (adding its socket count).  0 or -ENOMEM. */
int listener_table_add(struct listener_table *t, const struct listener *l);

/* Applies one event: LISTEN adds a TCP listener, CLOSE takes one socket
 * away, a successful UDP BIND adds a UDP listener; every BIND counts.  ifs:
 * the addresses of the event's namespace, for its exposure.  Returns 1 when
 * the listeners changed, 0 when only counters did, -ENOMEM. */
int listener_table_apply(struct listener_table *t, const struct bind_event *e,
			 const struct iface_addr *ifs, size_t n_ifs);

/* Most exposed first, then TCP before UDP, by port and address. */
void listener_table_sort(struct listener_table *t);
size_t listener_table_exposed(const struct listener_table *t);

void listener_format_header(struct strbuf *sb, bool show_netns);
void listener_format_row(struct strbuf *sb, const struct listener *l, bool show_netns);
/* "binds: wildcard 2, loopback 5 ... failed 1" */
void listener_format_counters(struct strbuf *sb, const struct listener_table *t);

#endif
