/* SPDX-License-Identifier: GPL-2.0 */
/* What both BPF objects use: the verdicts map a live enforcer shares with
 * its capture (userspace makes them one map), and address helpers. */
#ifndef BINDGUARD_SHARED_BPF_H
#define BINDGUARD_SHARED_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bindguard.h"

#define AF_INET	 2
#define AF_INET6 10

/* What an enforce hook decided about a socket's bind, for the capture
 * side to put into the event.  Keyed by socket cookie rather than thread:
 * cgroup hooks before Linux 6.0 cannot read the current pid. */
struct verdict {
	__u8 action;
	__u8 reason; /* enum bg_reason */
	__u16 port;
	__u8 orig_addr[BG_ADDR_LEN];
};

/* Shared by a live enforcer and its capture; LRU so that verdicts nobody
 * collects (io_uring binds, races) cannot fill it. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct verdict);
} verdicts SEC(".maps");

static __always_inline bool ipv4_is_loopback(__u32 addr_be)
{
	return (addr_be & bpf_htonl(0xff000000)) == bpf_htonl(0x7f000000);
}

/* ::1 or ::ffff:127.x.y.z */
static __always_inline bool ipv6_is_loopback(const __u32 a[4])
{
	if (a[0] || a[1])
		return false;
	if (a[2] == 0 && a[3] == bpf_htonl(1))
		return true;
	return a[2] == bpf_htonl(0xffff) && ipv4_is_loopback(a[3]);
}

/* An IPv6 address out of a socket program's context (user_ip6, src_ip6,
 * local_ip6): the verifier allows those fields only as 4-byte loads at a
 * constant offset from the context, so a macro, not a function taking a
 * pointer into it ("dereference of modified ctx ptr"). */
#define CTX_IP6_COPY(dst, ctx, field)                                                              \
	do {                                                                                       \
		(dst)[0] = (ctx)->field[0];                                                        \
		(dst)[1] = (ctx)->field[1];                                                        \
		(dst)[2] = (ctx)->field[2];                                                        \
		(dst)[3] = (ctx)->field[3];                                                        \
	} while (0)

#endif
