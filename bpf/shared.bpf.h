/* SPDX-License-Identifier: GPL-2.0 */
/* What both BPF objects use: the verdicts map a live enforcer shares with
 * its capture (userspace makes them one map), address helpers, and how a
 * socket's options are read. */
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

/* The inet_sock fields read here: inet_flags since 6.6, the bitfields
 * before.  One local type for both generations, not vmlinux.h's inet_sock
 * plus a second flavor: libbpf scans the whole kernel BTF once per local
 * type at every start (~1 ms each). */
struct inet_sock___bg {
	unsigned long inet_flags;
	__u8 freebind : 1;
	__u8 transparent : 1;
	__u8 bind_address_no_port : 1;
} __attribute__((preserve_access_index));

/* inet_flags bits: enum values since 6.6, unchanged since */
#define INET_FLAGS_FREEBIND_BIT	   11
#define INET_FLAGS_TRANSPARENT_BIT 15
#define INET_FLAGS_NO_PORT_BIT	   18 /* INET_FLAGS_BIND_ADDRESS_NO_PORT */

/* Socket fields read directly (direct: a BTF pointer, in capture's lean
 * programs) or with probe reads (everywhere else).  `direct` is a constant
 * at every call: the compiler keeps one of the two. */
#define SK_FIELD(direct, sk, field) ((direct) ? (sk)->field : BPF_CORE_READ(sk, field))
#define SK_BITFIELD(direct, s, field)                                                              \
	((direct) ? BPF_CORE_READ_BITFIELD(s, field) : BPF_CORE_READ_BITFIELD_PROBED(s, field))

/* The options of a socket's common part an event shows (BG_F_*): c is the
 * socket's (a BTF pointer, or a copy: direct) or read with probe reads. */
static __always_inline __u8 sock_common_flags(const struct sock_common *c, bool v6, bool direct)
{
	__u8 flags = 0;

	if (SK_BITFIELD(direct, c, skc_reuse))
		flags |= BG_F_REUSEADDR;
	if (SK_BITFIELD(direct, c, skc_reuseport))
		flags |= BG_F_REUSEPORT;
	if (v6 && SK_BITFIELD(direct, c, skc_ipv6only))
		flags |= BG_F_V6ONLY;
	return flags;
}

/* The inet options an event shows: inet is the socket, cast (for a BTF
 * pointer, with bpf_rdonly_cast) to read the inet fields. */
static __always_inline __u8 inet_sock_flags(struct inet_sock___bg *inet, bool direct)
{
	__u8 flags = 0;

	if (bpf_core_field_exists(inet->inet_flags)) {
		unsigned long f = SK_FIELD(direct, inet, inet_flags);

		if (f & (1UL << INET_FLAGS_FREEBIND_BIT))
			flags |= BG_F_FREEBIND;
		if (f & (1UL << INET_FLAGS_TRANSPARENT_BIT))
			flags |= BG_F_TRANSPARENT;
	} else if (!direct &&
		   bpf_core_field_offset(inet->freebind) ==
		       bpf_core_field_offset(inet->transparent) &&
		   bpf_core_field_size(inet->freebind) == bpf_core_field_size(inet->transparent)) {
		/* before 6.6 both are bits of one byte: one probe read, each
		 * bit taken out of it as BPF_CORE_READ_BITFIELD_PROBED does */
		unsigned long long v = 0, fb, tr;

		bpf_probe_read_kernel(&v, bpf_core_field_size(inet->freebind),
				      (const void *)inet + bpf_core_field_offset(inet->freebind));
		fb = (v << __CORE_RELO(inet, freebind, LSHIFT_U64)) >>
		     __CORE_RELO(inet, freebind, RSHIFT_U64);
		tr = (v << __CORE_RELO(inet, transparent, LSHIFT_U64)) >>
		     __CORE_RELO(inet, transparent, RSHIFT_U64);
		if (fb)
			flags |= BG_F_FREEBIND;
		if (tr)
			flags |= BG_F_TRANSPARENT;
	} else {
		if (SK_BITFIELD(direct, inet, freebind))
			flags |= BG_F_FREEBIND;
		if (SK_BITFIELD(direct, inet, transparent))
			flags |= BG_F_TRANSPARENT;
	}
	return flags;
}

/* The socket options an event shows (BG_F_*). */
static __always_inline __u8 sock_flags(struct sock *sk, struct inet_sock___bg *inet, bool v6,
				       bool direct)
{
	return sock_common_flags(&sk->__sk_common, v6, direct) | inet_sock_flags(inet, direct);
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
