/* SPDX-License-Identifier: GPL-2.0 */
/* Ports published by DNAT in the nat prerouting path (Docker's DOCKER
 * chain, podman/netavark, CNI): found in the libnftables JSON ruleset.
 * Pure. */
#ifndef BINDGUARD_FW_DNAT_H
#define BINDGUARD_FW_DNAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firewall/fw_eval.h"

struct fw_dnat {
	int family;	  /* AF_INET or AF_INET6 (an inet table: of the destination) */
	int l4proto;	  /* IPPROTO_TCP or IPPROTO_UDP, 0: any */
	uint16_t port_lo; /* the published host ports; 0-0: every port */
	uint16_t port_hi;
	char daddr[64];	  /* only to this host address ("" any): "127.0.0.1" ... */
	bool daddr_local; /* that address is loopback: not published beyond */
	char to_addr[64]; /* the destination, "" when the rule does not show it */
	uint16_t to_port; /* 0: the same port */
	char chain[FW_CHAIN_LEN];
	int64_t handle;
	bool iptables; /* an iptables-nft DNAT target: its destination is not shown */
};

/* Appends up to max DNAT rules reachable from the nat prerouting base
 * chains (following jumps and gotos); returns how many were found (the
 * count may exceed max; only max are written). */
size_t fw_find_dnats(const struct fw_ruleset *rs, struct fw_dnat *out, size_t max);

#endif
