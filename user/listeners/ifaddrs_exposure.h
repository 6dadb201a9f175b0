/* SPDX-License-Identifier: GPL-2.0 */
/* What a listening address really exposes: the interface addresses a
 * wildcard is reachable on right now (getifaddrs), and how far they reach. */
#ifndef BINDGUARD_IFADDRS_EXPOSURE_H
#define BINDGUARD_IFADDRS_EXPOSURE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"

struct iface_addr {
	char ifname[IF_NAMESIZE];
	uint32_t ifindex;
	int family;	  /* AF_INET or AF_INET6 */
	uint8_t addr[16]; /* network order */
	enum addr_class cls;
	/* IPv4: the broadcast address set on it (0 when none) and its netmask,
	 * by which the kernel also takes the subnet-directed one */
	uint8_t brd[4], mask[4];
};

struct iface_addr_list {
	struct iface_addr *items;
	size_t n;
	size_t cap;
};

/* Ordered from least to most exposed: sorting by it puts the worst first. */
enum exposure {
	EXPOSURE_LOCAL = 0, /* loopback only: this machine */
	EXPOSURE_LATENT,    /* wildcard, but no address beyond loopback right now */
	EXPOSURE_LINK,	    /* link-local addresses: the attached link only */
	EXPOSURE_OTHER,	    /* special-purpose addresses (documentation, multicast ...) */
	EXPOSURE_LAN,	    /* private addresses: RFC 1918, CGNAT, ULA */
	EXPOSURE_INTERNET,  /* a global address: the internet, unless a firewall blocks it */
	EXPOSURE_COUNT,
};

#define EXPOSURE_MAX_REACH 32

struct exposure_result {
	enum exposure level;
	size_t reach[EXPOSURE_MAX_REACH]; /* indices of non-loopback iface addresses */
	size_t n_reach;
	bool reach_truncated; /* more than EXPOSURE_MAX_REACH addresses */
	bool dual_stack;      /* an IPv6 wildcard that also takes IPv4 */
	bool addr_absent;     /* a specific address no interface has now (freebind) */
	bool group;	      /* multicast or broadcast: what is sent to a group */
};

/* Pure.  family/addr: the bound address (an IPv4-mapped IPv6 address counts
 * as IPv4); v6only: IPV6_V6ONLY; ifindex: SO_BINDTODEVICE or 0. */
void exposure_resolve(int family, const uint8_t *addr, bool v6only, uint32_t ifindex,
		      const struct iface_addr *ifs, size_t n_ifs, struct exposure_result *out);
enum exposure exposure_of_class(enum addr_class cls);
const char *exposure_name(enum exposure e);
/* One clause a report can print after the address ("reachable from ..."). */
const char *exposure_sentence(enum exposure e);
/* Counted as exposed (exit status 1 of audit): everything but LOCAL. */
bool exposure_is_exposed(enum exposure e);

/* Pure: appends one address to the list.  0 or -ENOMEM. */
int iface_addr_list_push(struct iface_addr_list *l, const char *ifname, uint32_t ifindex,
			 int family, const uint8_t *addr);
void iface_addr_list_free(struct iface_addr_list *l);

/* Reads the addresses of every interface that is up, in the calling
 * thread's network namespace.  0 or -errno. */
int iface_addrs_read(struct iface_addr_list *out);

#endif
