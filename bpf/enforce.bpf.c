// SPDX-License-Identifier: GPL-2.0
/* Enforce: a loopback-only policy in the cgroup pre-bind hooks.  Binds in
 * scope are logged, rewritten to loopback or denied, unless allow-listed.
 * The policy is data in a map; these programs only read it. */
#include "shared.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

/* Set by userspace after probing: helpers some kernels lack in cgroup hooks. */
const volatile bool have_comm_helper = true;
/* A live enforcer's capture collects verdicts; a pinned one has none. */
const volatile bool report_verdicts = false;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bg_policy);
} policy SEC(".maps");

/* Per-CPU count of decisions, indexed by enum bg_action. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BG_ACTION_MAX);
	__type(key, __u32);
	__type(value, __u64);
} action_counts SEC(".maps");

static __always_inline bool port_allowed(const struct bg_policy *p, __u16 port)
{
	for (int i = 0; i < BG_POLICY_MAX_PORT_RANGES; i++) {
		if (i >= p->n_port_ranges)
			break;
		if (port >= p->ports[i].first && port <= p->ports[i].last)
			return true;
	}
	return false;
}

static __always_inline bool uid_allowed(const struct bg_policy *p)
{
	__u32 uid = (__u32)bpf_get_current_uid_gid();

	for (int i = 0; i < BG_POLICY_MAX_UIDS; i++) {
		if (i >= p->n_uids)
			break;
		if (p->uids[i] == uid)
			return true;
	}
	return false;
}

static __always_inline bool comm_equal(const char *a, const char *b)
{
	for (int i = 0; i < BG_COMM_LEN; i++) {
		if (a[i] != b[i])
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

static __always_inline bool comm_allowed(const struct bg_policy *p)
{
	char comm[BG_COMM_LEN] = {};

	if (!have_comm_helper || !p->n_comms)
		return false;
	bpf_get_current_comm(comm, sizeof(comm));
	for (int i = 0; i < BG_POLICY_MAX_COMMS; i++) {
		if (i >= p->n_comms)
			break;
		if (comm_equal(comm, p->comms[i]))
			return true;
	}
	return false;
}

static __always_inline bool cgroup_allowed(const struct bg_policy *p)
{
	for (int i = 0; i < BG_POLICY_MAX_CGROUPS; i++) {
		if (i >= p->n_cgroups)
			break;
		if (bpf_get_current_ancestor_cgroup_id(p->cgroups[i].level) == p->cgroups[i].id)
			return true;
	}
	return false;
}

static __always_inline bool protocol_allowed(const struct bg_policy *p, __u32 protocol)
{
	__u8 bit = protocol == IPPROTO_TCP   ? BG_PROTO_TCP
		   : protocol == IPPROTO_UDP ? BG_PROTO_UDP
					     : BG_PROTO_OTHER;

	return p->allow_protocols & bit;
}

static __always_inline bool allow_listed(const struct bg_policy *p, struct bpf_sock_addr *ctx,
					 __u16 port)
{
	if (p->host_netns_only && bpf_get_netns_cookie(ctx) != bpf_get_netns_cookie(NULL))
		return true;
	return port_allowed(p, port) || protocol_allowed(p, ctx->protocol) || uid_allowed(p) ||
	       cgroup_allowed(p) || comm_allowed(p);
}

/* Judges one bind; returns the action.  Never denies or rewrites a
 * loopback bind (Go probes [::1]:0 to decide whether IPv6 works). */
static __always_inline __u8 judge(const struct bg_policy *p, struct bpf_sock_addr *ctx,
				  bool is_wildcard, bool is_loopback, __u16 port)
{
	if (is_loopback)
		return BG_ACTION_NONE;
	if (p->scope == BG_SCOPE_WILDCARD && !is_wildcard)
		return BG_ACTION_NONE;
	/* An explicit UDP bind to port 0 is how clients pick a source port;
	 * a loopback source would cut off their outgoing traffic. */
	if (port == 0 && ctx->protocol == IPPROTO_UDP)
		return BG_ACTION_NONE;
	if (allow_listed(p, ctx, port))
		return BG_ACTION_ALLOW;
	switch (p->mode) {
	case BG_MODE_REWRITE: return BG_ACTION_REWRITE;
	case BG_MODE_DENY: return BG_ACTION_DENY;
	default: return BG_ACTION_LOG;
	}
}

/* Count the decision and, live, tell the capture side about it. */
static __always_inline void record(struct bpf_sock_addr *ctx, __u8 action,
				   const __u8 orig[BG_ADDR_LEN], __u16 port)
{
	struct verdict v = { .action = action, .port = port };
	__u32 key = action;
	__u64 cookie, *n;

	if (action == BG_ACTION_NONE)
		return;
	n = bpf_map_lookup_elem(&action_counts, &key);
	if (n)
		*n += 1;
	if (!report_verdicts)
		return;
	/* the kernel's own copy of the address is authoritative */
	__builtin_memcpy(v.orig_addr, orig, BG_ADDR_LEN);
	cookie = bpf_get_socket_cookie(ctx);
	bpf_map_update_elem(&verdicts, &cookie, &v, BPF_ANY);
}

SEC("cgroup/bind4")
int enforce_bind4(struct bpf_sock_addr *ctx)
{
	__u32 key = 0, ip = ctx->user_ip4;
	__u16 port = bpf_ntohs((__u16)ctx->user_port);
	struct bg_policy *p = bpf_map_lookup_elem(&policy, &key);
	__u8 orig[BG_ADDR_LEN] = {}, action;

	if (!p || !p->mode)
		return 1;
	action = judge(p, ctx, ip == 0, ipv4_is_loopback(ip), port);
	__builtin_memcpy(orig, &ip, 4);
	record(ctx, action, orig, port);
	if (action == BG_ACTION_DENY)
		return 0;
	if (action == BG_ACTION_REWRITE)
		ctx->user_ip4 = *(__u32 *)p->rewrite4;
	return 1;
}

SEC("cgroup/bind6")
int enforce_bind6(struct bpf_sock_addr *ctx)
{
	__u32 key = 0, a[4];
	__u16 port = bpf_ntohs((__u16)ctx->user_port);
	struct bg_policy *p = bpf_map_lookup_elem(&policy, &key);
	bool mapped, wildcard;
	__u8 action;

	if (!p || !p->mode)
		return 1;
	CTX_IP6_COPY(a, ctx, user_ip6);
	mapped = !a[0] && !a[1] && a[2] == bpf_htonl(0xffff);
	wildcard = !a[0] && !a[1] && (!a[2] || mapped) && !a[3];
	action = judge(p, ctx, wildcard, ipv6_is_loopback(a), port);
	record(ctx, action, (__u8 *)a, port);
	if (action == BG_ACTION_DENY)
		return 0;
	if (action == BG_ACTION_REWRITE) {
		if (mapped) { /* stay IPv4: ::ffff:0.0.0.0 -> ::ffff:<rewrite4> */
			ctx->user_ip6[3] = *(__u32 *)p->rewrite4;
		} else {
			ctx->user_ip6[0] = *(__u32 *)&p->rewrite6[0];
			ctx->user_ip6[1] = *(__u32 *)&p->rewrite6[4];
			ctx->user_ip6[2] = *(__u32 *)&p->rewrite6[8];
			ctx->user_ip6[3] = *(__u32 *)&p->rewrite6[12];
		}
	}
	return 1;
}
