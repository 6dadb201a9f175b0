/* SPDX-License-Identifier: GPL-2.0 */
/* The records and map values shared by bindguard's BPF programs and its
 * userspace: the one definition of a bind/listen event and of a policy. */
#ifndef BINDGUARD_H
#define BINDGUARD_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define BG_COMM_LEN 16
#define BG_ADDR_LEN 16

enum bg_event_kind {
	BG_EVENT_BIND = 1,
	BG_EVENT_LISTEN = 2,
	BG_EVENT_CLOSE = 3, /* a TCP listener left TCP_LISTEN */
};

/* What the enforcement hook decided about a bind.  NONE: not enforced. */
enum bg_action {
	BG_ACTION_NONE = 0,
	BG_ACTION_ALLOW = 1,   /* would be intervened, but an allow-list matched */
	BG_ACTION_LOG = 2,     /* would be intervened, mode log: left alone */
	BG_ACTION_REWRITE = 3, /* address rewritten to loopback */
	BG_ACTION_DENY = 4,    /* bind failed with EPERM */
	BG_ACTION_MAX = 5,
};

/* Why a bind got its action, when the policy alone does not say it. */
enum bg_reason {
	BG_REASON_NONE = 0,
	BG_REASON_CLIENT = 1,	 /* IP_BIND_ADDRESS_NO_PORT: a client, left alone */
	BG_REASON_TEMPORARY = 2, /* a `bindguard allow` exception matched */
	BG_REASON_LO_DEVICE = 3, /* AF_UNSPEC 0.0.0.0: kept, but bound to the lo device */
	BG_REASON_MAX = 4,
};

/* How the capture saw it (bind_event.backend). */
enum bg_backend {
	BG_BACKEND_UNKNOWN = 0,
	BG_BACKEND_FENTRY = 1,	   /* BPF trampolines on the kernel's functions */
	BG_BACKEND_TRACEPOINT = 2, /* syscall tracepoints */
	BG_BACKEND_HOOKS = 3,	   /* cgroup hooks */
	BG_BACKEND_MAX = 4,
};

/* bind_event.owner */
enum bg_owner {
	BG_OWNER_BINDER = 0,	/* the task that bound, read at bind time (or none) */
	BG_OWNER_LOOKED_UP = 1, /* the socket's holder, found later by its cookie */
	BG_OWNER_MAX = 2,
};

/* bind_event.flags */
#define BG_F_REQ_VALID	 (1u << 0) /* requested address could be read */
#define BG_F_EFF_VALID	 (1u << 1) /* effective address read from the socket */
#define BG_F_V6ONLY	 (1u << 2) /* IPV6_V6ONLY set on an AF_INET6 socket */
#define BG_F_REUSEADDR	 (1u << 3)
#define BG_F_REUSEPORT	 (1u << 4)
#define BG_F_FREEBIND	 (1u << 5) /* IP_FREEBIND */
#define BG_F_TRANSPARENT (1u << 6) /* IP_TRANSPARENT */
#define BG_F_NO_SYSCALL	 (1u << 7) /* seen without a bind/listen syscall (io_uring, kernel) */

/* One bind or listen attempt.  Addresses are in network byte order: for
 * AF_INET the first 4 bytes, for AF_INET6 all 16.  Ports in host order. */
struct bind_event {
	__u64 ts_ns; /* CLOCK_MONOTONIC */
	__u64 cgroup_id;
	__u32 pid; /* tgid */
	__u32 tid;
	__u32 ppid;
	__u32 uid;
	__u32 netns; /* network namespace inode */
	__s32 ret;   /* 0 or -errno */
	__u16 family;
	__u16 protocol; /* IPPROTO_* of the socket */
	__u16 sock_type;
	__u16 port;		    /* effective local port */
	__u16 req_port;		    /* requested port */
	__u16 req_family;	    /* sa_family the caller passed */
	__u8 kind;		    /* enum bg_event_kind */
	__u8 action;		    /* enum bg_action */
	__u8 flags;		    /* BG_F_* */
	__u8 reason;		    /* enum bg_reason */
	__u8 addr[BG_ADDR_LEN];	    /* effective local address */
	__u8 req_addr[BG_ADDR_LEN]; /* requested (for a rewrite: the original) */
	char comm[BG_COMM_LEN];
	__u8 backend; /* enum bg_backend: what captured it */
	/* Where pid and comm come from.  Cgroup hooks before Linux 6.0 cannot
	 * read them; `log` then looks the socket's owner up by sock_cookie. */
	__u8 owner; /* enum bg_owner */
	__u8 pad[6];
	__u64 sock_cookie; /* the socket's cookie (SO_COOKIE), 0 if unknown */
};

/* Indices of the per-CPU "drops" array. */
enum bg_drop_reason {
	BG_DROP_RINGBUF = 0,  /* ring buffer full */
	BG_DROP_INFLIGHT = 1, /* too many concurrent calls to pair enter/exit */
	BG_DROP_MAX = 2,
};

/* Filters applied in the kernel by the capture programs (rodata). */
#define BG_PORT_BITMAP_WORDS (65536 / 64)

/* --- enforcement policy ------------------------------------------------ */

enum bg_mode {
	BG_MODE_LOG = 1,
	BG_MODE_REWRITE = 2,
	BG_MODE_DENY = 3,
};

enum bg_scope {
	BG_SCOPE_WILDCARD = 1,	   /* 0.0.0.0, ::, ::ffff:0.0.0.0 */
	BG_SCOPE_NON_LOOPBACK = 2, /* every address but loopback */
};

#define BG_POLICY_MAX_PORT_RANGES 32
#define BG_POLICY_MAX_UIDS	  16
#define BG_POLICY_MAX_COMMS	  16
#define BG_POLICY_MAX_CGROUPS	  8

/* bg_policy.allow_protocols: bits for protocols whose binds are left alone */
#define BG_PROTO_TCP   (1u << 0)
#define BG_PROTO_UDP   (1u << 1)
#define BG_PROTO_OTHER (1u << 2)

struct bg_port_range {
	__u16 first;
	__u16 last;
};

/* An allowed cgroup's directory name, NUL-padded: at most 63 bytes, so
 * that the last byte is always a NUL (enforce.bpf.c relies on it). */
#define BG_CGROUP_NAME_LEN 64

/* An allowed cgroup, matched by its id or by its place: systemd removes a
 * service's cgroup and makes it again (same path, new id) at each restart,
 * and the new one sits under the same parent with the same name.  The root
 * (level 0) has no parent nor name, and is matched by id only. */
struct bg_cgroup_allow {
	__u64 id;    /* cgroup v2 id (inode) */
	__u32 level; /* depth below the root: ancestor level to compare */
	__u32 pad;
	__u64 parent_id;	       /* the parent's id; 0 at level 0 */
	char name[BG_CGROUP_NAME_LEN]; /* its kernfs name; "" at level 0 */
};

/* The whole policy, one value in a one-element array map: the hook reads
 * it, `status` prints it.  Replacing a policy loads a new map and swaps the
 * program behind the link, so a reader never sees half of two policies.
 * Pinned, it outlives the binary, and another version's is known by its
 * size alone (map_layout_is): a change here must change the size (632
 * bytes before allowed cgroups had a parent and a name, 1208 since). */
struct bg_policy {
	__u8 mode;  /* enum bg_mode */
	__u8 scope; /* enum bg_scope */
	__u8 host_netns_only;
	__u8 allow_protocols; /* BG_PROTO_* */
	__u8 n_port_ranges;
	__u8 n_uids;
	__u8 n_comms;
	__u8 n_cgroups;
	__u8 rewrite4[4];  /* IPv4 loopback target, network order */
	__u8 rewrite6[16]; /* IPv6 loopback target for IPv6-only sockets */
	/* Target of a :: bind on a dual-stack socket (no IPV6_V6ONLY):
	 * all zero means ::ffff:<rewrite4>, which IPv4 clients reach. */
	__u8 rewrite_dual[16];
	struct bg_port_range ports[BG_POLICY_MAX_PORT_RANGES];
	__u32 uids[BG_POLICY_MAX_UIDS];
	char comms[BG_POLICY_MAX_COMMS][BG_COMM_LEN];
	struct bg_cgroup_allow cgroups[BG_POLICY_MAX_CGROUPS];
	__u64 target_cgroup_id; /* the cgroup it is attached to, for status */
};

/* --- temporary exceptions (`bindguard allow`) --------------------------
 * A hash map beside the policy, pinned with it and changed in place: the
 * hook lets a bind through while bpf_ktime_get_boot_ns() < expires_boot_ns. */
#define BG_MAX_TEMPORARY_ALLOWS 64

struct bg_allow_key {
	__u16 port;
	__u8 protocol; /* BG_PROTO_TCP, BG_PROTO_UDP, or 0 for both */
	__u8 pad;
};

struct bg_allow_entry {
	__u64 expires_boot_ns;	/* CLOCK_BOOTTIME */
	char comm[BG_COMM_LEN]; /* "" for any process */
};

#endif /* BINDGUARD_H */
