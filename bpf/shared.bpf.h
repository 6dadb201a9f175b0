/* SPDX-License-Identifier: GPL-2.0 */
/* Maps and helpers shared by the capture and enforce BPF objects.  When both
 * run together (live `enforce`), userspace makes them share these maps. */
#ifndef BINDGUARD_SHARED_BPF_H
#define BINDGUARD_SHARED_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bindguard.h"

#define AF_INET	 2
#define AF_INET6 10

/* A bind or listen call between its syscall entry and exit. */
struct inflight_call {
	struct sock *sk; /* NULL when the fd is not a socket */
	__u16 family;
	__u16 req_family;
	__u16 req_port;
	__u8 kind;
	__u8 req_valid;
	__u8 pad[8];
	__u8 req_addr[BG_ADDR_LEN];
};

/* What an enforce hook decided about a socket's bind, for the capture
 * side to put into the event.  Keyed by socket cookie rather than thread:
 * cgroup hooks before Linux 6.0 cannot read the current pid. */
struct verdict {
	__u8 action;
	__u8 reason; /* enum bg_reason */
	__u16 port;
	__u8 orig_addr[BG_ADDR_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20); /* userspace sets the real size */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BG_DROP_MAX);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* Keyed by thread id: pairs a syscall's entry with its exit. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct inflight_call);
} inflight SEC(".maps");

/* Shared by a live enforcer and its capture; LRU so that verdicts nobody
 * collects (io_uring binds, races) cannot fill it. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct verdict);
} verdicts SEC(".maps");

static __always_inline void count_drop(__u32 reason)
{
	__u64 *n = bpf_map_lookup_elem(&drops, &reason);

	if (n)
		*n += 1;
}

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

#endif
