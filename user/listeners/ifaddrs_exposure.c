// SPDX-License-Identifier: GPL-2.0
/* Wildcard resolution (pure) and the getifaddrs reader it works on. */
#include "listeners/ifaddrs_exposure.h"

#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/array.h"

enum exposure exposure_of_class(enum addr_class cls)
{
	switch (cls) {
	case ADDR_CLASS_LOOPBACK:
	case ADDR_CLASS_UNKNOWN: return EXPOSURE_LOCAL;
	case ADDR_CLASS_WILDCARD: return EXPOSURE_LATENT;
	case ADDR_CLASS_LINK_LOCAL: return EXPOSURE_LINK;
	case ADDR_CLASS_PRIVATE: return EXPOSURE_LAN;
	case ADDR_CLASS_GLOBAL: return EXPOSURE_INTERNET;
	default: return EXPOSURE_OTHER;
	}
}

const char *exposure_name(enum exposure e)
{
	static const char *const names[EXPOSURE_COUNT] = {
		[EXPOSURE_LOCAL] = "local", [EXPOSURE_LATENT] = "latent",
		[EXPOSURE_LINK] = "link",   [EXPOSURE_OTHER] = "other",
		[EXPOSURE_LAN] = "lan",	    [EXPOSURE_INTERNET] = "internet",
	};

	return (unsigned int)e < EXPOSURE_COUNT ? names[e] : "unknown";
}

const char *exposure_sentence(enum exposure e)
{
	switch (e) {
	case EXPOSURE_LOCAL: return "reachable only from this machine";
	case EXPOSURE_LATENT:
		return "listening on every address, though this host has none beyond loopback "
		       "right "
		       "now: any address it gets later is reachable at once";
	case EXPOSURE_LINK: return "reachable from the attached link only";
	case EXPOSURE_OTHER:
		return "reachable on a special-purpose address, from whatever network routes it";
	case EXPOSURE_LAN: return "reachable from the local network";
	case EXPOSURE_INTERNET: return "reachable from the internet unless a firewall blocks it";
	default: return "unknown";
	}
}

bool exposure_is_exposed(enum exposure e)
{
	return e != EXPOSURE_LOCAL;
}

static void add_reach(struct exposure_result *r, size_t index)
{
	if (r->n_reach < EXPOSURE_MAX_REACH)
		r->reach[r->n_reach++] = index;
	else
		r->reach_truncated = true;
}

/* A subnet-directed broadcast address of an interface (192.168.1.255 on a
 * /24), as the kernel's fib_add_ifaddr() makes them: the broadcast address
 * set on it, and a primary address's prefix with every host bit set when
 * the prefix is shorter than /31.  ifindex: SO_BINDTODEVICE or 0. */
static bool is_local_broadcast(const uint8_t addr[4], const struct iface_addr *ifs, size_t n_ifs,
			       uint32_t ifindex)
{
	for (size_t i = 0; i < n_ifs; i++) {
		const struct iface_addr *a = &ifs[i];
		uint32_t ip, mask, brd, want;

		if (a->family != AF_INET || (ifindex && a->ifindex != ifindex))
			continue;
		memcpy(&ip, a->addr, 4);
		memcpy(&mask, a->mask, 4);
		memcpy(&brd, a->brd, 4);
		memcpy(&want, addr, 4);
		if (brd && brd == want)
			return true;
		if (__builtin_popcount(mask) < 31 && mask && ((ip & mask) | ~mask) == want)
			return true;
	}
	return false;
}

/* How far what is sent to a group address comes from: a broadcast, and a
 * multicast group of link scope (224.0.0.0/24, ff02::/16, mDNS among
 * them), the attached link; an interface-local IPv6 group (ff01::/16) this
 * machine; other groups whatever network routes them. */
static enum exposure group_exposure(int family, const uint8_t *addr, enum addr_class cls)
{
	if (cls != ADDR_CLASS_MULTICAST) /* a broadcast */
		return EXPOSURE_LINK;
	if (family == AF_INET)
		return addr[0] == 224 && addr[1] == 0 && addr[2] == 0 ? EXPOSURE_LINK
								      : EXPOSURE_OTHER;
	switch (addr[1] & 0x0f) {
	case 1: return EXPOSURE_LOCAL;
	case 2: return EXPOSURE_LINK;
	default: return EXPOSURE_OTHER;
	}
}

void exposure_resolve(int family, const uint8_t *addr, bool v6only, uint32_t ifindex,
		      const struct iface_addr *ifs, size_t n_ifs, struct exposure_result *r)
{
	enum addr_class cls;
	bool bound_dev_has_addr = false;

	memset(r, 0, sizeof(*r));
	/* ::ffff:a.b.c.d on an IPv6 socket is an IPv4 bind in all but name */
	if (family == AF_INET6 && addr_is_v4_mapped(addr)) {
		family = AF_INET;
		addr += 12;
	}
	cls = classify_addr(family, addr);

	if (cls == ADDR_CLASS_MULTICAST || cls == ADDR_CLASS_BROADCAST ||
	    (family == AF_INET && is_local_broadcast(addr, ifs, n_ifs, ifindex))) {
		r->group = true; /* no interface has a group's address */
		r->level = group_exposure(family, addr, cls);
		return;
	}
	if (cls != ADDR_CLASS_WILDCARD) {
		size_t len = family == AF_INET ? 4 : 16;

		r->level = exposure_of_class(cls);
		r->addr_absent = true;
		for (size_t i = 0; i < n_ifs; i++) {
			if (ifs[i].family != family || memcmp(ifs[i].addr, addr, len))
				continue;
			r->addr_absent = false;
			if (ifs[i].cls != ADDR_CLASS_LOOPBACK)
				add_reach(r, i);
		}
		/* loopback addresses need no interface to be reachable locally */
		if (cls == ADDR_CLASS_LOOPBACK)
			r->addr_absent = false;
		return;
	}

	r->dual_stack = family == AF_INET6 && !v6only;
	r->level = EXPOSURE_LOCAL;
	for (size_t i = 0; i < n_ifs; i++) {
		const struct iface_addr *a = &ifs[i];
		enum exposure level;

		if (ifindex && a->ifindex != ifindex)
			continue;
		if (a->family != family && !(r->dual_stack && a->family == AF_INET))
			continue;
		bound_dev_has_addr = true;
		if (a->cls == ADDR_CLASS_LOOPBACK)
			continue;
		add_reach(r, i);
		level = exposure_of_class(a->cls);
		if (level > r->level)
			r->level = level;
	}
	/* Nothing beyond loopback now.  A socket bound to the loopback device
	 * stays local for good; any other wildcard waits for the next address. */
	if (r->n_reach == 0 && !(ifindex && bound_dev_has_addr))
		r->level = EXPOSURE_LATENT;
}

int iface_addr_list_push(struct iface_addr_list *l, const char *ifname, uint32_t ifindex,
			 int family, const uint8_t *addr)
{
	struct iface_addr *a;

	if (array_reserve(&l->items, &l->cap, l->n, 16))
		return -ENOMEM;
	a = &l->items[l->n++];
	memset(a, 0, sizeof(*a));
	snprintf(a->ifname, sizeof(a->ifname), "%s", ifname);
	a->ifindex = ifindex;
	a->family = family;
	memcpy(a->addr, addr, family == AF_INET ? 4 : 16);
	a->cls = classify_addr(family, a->addr);
	return 0;
}

void iface_addr_list_free(struct iface_addr_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* Interface order, IPv4 before IPv6, then by address: reports stay stable
 * whatever order the kernel lists addresses in. */
static int compare_iface_addrs(const void *pa, const void *pb)
{
	const struct iface_addr *a = pa, *b = pb;

	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return memcmp(a->addr, b->addr, 16);
}

int iface_addrs_read(struct iface_addr_list *out)
{
	size_t first = out->n;
	struct ifaddrs *list, *ifa;
	int err = 0;

	if (getifaddrs(&list))
		return -errno;
	for (ifa = list; ifa && !err; ifa = ifa->ifa_next) {
		char base[IF_NAMESIZE];
		const uint8_t *addr;
		uint32_t ifindex;
		int family;

		if (!ifa->ifa_addr || !(ifa->ifa_flags & IFF_UP))
			continue;
		family = ifa->ifa_addr->sa_family;
		if (family == AF_INET)
			addr = (const uint8_t *)&((struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
		else if (family == AF_INET6)
			addr = (const uint8_t *)&((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr;
		else
			continue;
		/* "eth0:1" labels name their interface before the colon */
		snprintf(base, sizeof(base), "%s", ifa->ifa_name);
		base[strcspn(base, ":")] = '\0';
		ifindex = if_nametoindex(base);
		err = iface_addr_list_push(out, ifa->ifa_name, ifindex, family, addr);
		if (!err && family == AF_INET) {
			struct iface_addr *a = &out->items[out->n - 1];

			if (ifa->ifa_netmask)
				memcpy(a->mask, &((struct sockaddr_in *)ifa->ifa_netmask)->sin_addr,
				       4);
			/* glibc gives the address itself where the kernel sent no
			 * broadcast (its second IFA_ADDRESS): that is none */
			if ((ifa->ifa_flags & IFF_BROADCAST) && ifa->ifa_broadaddr &&
			    memcmp(&((struct sockaddr_in *)ifa->ifa_broadaddr)->sin_addr, addr, 4))
				memcpy(a->brd,
				       &((struct sockaddr_in *)ifa->ifa_broadaddr)->sin_addr, 4);
		}
	}
	freeifaddrs(list);
	if (!err && out->n > first)
		qsort(out->items + first, out->n - first, sizeof(*out->items), compare_iface_addrs);
	return err;
}
