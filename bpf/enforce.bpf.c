// SPDX-License-Identifier: GPL-2.0
/* Enforce: a loopback-only policy in the cgroup pre-bind hooks.  Binds in
 * scope are logged, rewritten to loopback or denied, unless allow-listed.
 * The policy is data in a map, which these programs only read; they also
 * delete `bindguard allow` exceptions once expired. */
#include "shared.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define SOL_SOCKET	1
#define SO_BINDTODEVICE 25

/* Set by userspace after probing: helpers some kernels lack in cgroup hooks. */
const volatile bool have_comm_helper = true;
/* A live enforcer's capture collects verdicts; a pinned one has none. */
const volatile bool report_verdicts = false;
/* A pinned enforcer keeps a record of its interventions for `log`. */
const volatile bool keep_log = false;
const volatile bool have_pid_helper = true;
/* bpf_get_current_task, by which the hooks read the process's name. */
const volatile bool have_task_helper = true;
/* bpf_probe_read_kernel_str, by which they read an allowed cgroup's name. */
const volatile bool have_str_helper = true;
/* cgroup->ancestors[] (Linux 6.0+); false also plans as on an older
 * kernel, which walks kernfs parents instead (BINDGUARD_HOOKS_AS_BEFORE). */
const volatile bool have_cgroup_ancestors = true;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bg_policy);
} policy SEC(".maps");

/* The record of a pinned policy's interventions (struct bind_event), read
 * by `bindguard log`; pinned, so the backlog outlives its readers. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20); /* about 9000 interventions */
} interventions SEC(".maps");

/* Interventions the full ring could not keep (nobody followed it). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} log_lost SEC(".maps");

/* Per-CPU count of decisions, indexed by enum bg_action. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BG_ACTION_MAX);
	__type(key, __u32);
	__type(value, __u64);
} action_counts SEC(".maps");

/* Kernels before 6.0 keep the ancestors' ids, not pointers. */
struct cgroup___pre60 {
	int level;
	__u64 ancestor_ids[];
} __attribute__((preserve_access_index));

/* Linux 6.15 renamed kernfs_node's parent __parent (read under RCU). */
struct kernfs_node___pre615 {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

/* Before 6.0 an allowed cgroup's node is found by walking up from the
 * socket's cgroup: a socket more levels below it is matched by id only. */
#define MAX_WALKED_CGROUP_LEVELS 32

/* `bindguard allow`: exceptions with an expiry, changed in place. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BG_MAX_TEMPORARY_ALLOWS);
	__type(key, struct bg_allow_key);
	__type(value, struct bg_allow_entry);
} temporary_allows SEC(".maps");

/* What the hook knows about one bind besides its address. */
struct bind_facts {
	struct sock *sk; /* the socket, for CO-RE reads; NULL if unknown */
	__u16 port;
	bool wildcard, loopback, multicast;
	bool v4;   /* an IPv4 address (ip4), IPv4-mapped ones included */
	__u32 ip4; /* network order */
};

/* The walk over a namespace's interfaces gives up past these (then the
 * address counts as unicast: judged, never wrongly left alone). */
#define MAX_WALKED_DEVICES 128
#define MAX_WALKED_IFADDRS 8
#define IFF_UP		   1
#define IFA_F_SECONDARY	   0x01

/* The socket being bound, as the kernel's struct sock.  The verifier lets
 * no program offset ctx->sk, so its value is copied out as a number (root
 * may see pointers) and read field by field with CO-RE probe reads: the
 * socket's owner, cgroup and options, on every kernel from 5.x on. */
static __always_inline struct sock *judged_sock(struct bpf_sock_addr *ctx)
{
	struct bpf_sock *bs = ctx->sk;
	__u64 raw = 0;

	if (bpf_probe_read_kernel(&raw, sizeof(raw), &bs))
		return NULL;
	return (struct sock *)raw;
}

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

/* Who runs the service: the socket's owner (the effective uid that created
 * it, as ss -e shows), not the caller's real uid, which a setuid program
 * keeps from whoever started it. */
static __always_inline bool uid_allowed(const struct bg_policy *p, struct sock *sk)
{
	__u32 uid;

	if (!p->n_uids || !sk || bpf_core_read(&uid, sizeof(uid), &sk->sk_uid.val))
		return false;
	for (int i = 0; i < BG_POLICY_MAX_UIDS; i++) {
		if (i >= p->n_uids)
			break;
		if (p->uids[i] == uid)
			return true;
	}
	return false;
}

/* The process's name (its main thread's, as ps shows it), NUL-padded: the
 * binding thread may have a name of its own (a Java server's worker thread,
 * io_uring's "iou-wrk-PID").  Where the hooks cannot reach the task, the
 * thread's.  Only where have_comm_helper (Linux 6.0+). */
static __always_inline void process_comm(char comm[BG_COMM_LEN])
{
	if (have_task_helper) {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		struct task_struct *leader = BPF_CORE_READ(task, group_leader);

		/* copies up to the NUL: the rest stays zero */
		__builtin_memset(comm, 0, BG_COMM_LEN);
		if (leader && bpf_probe_read_kernel_str(comm, BG_COMM_LEN, &leader->comm) > 0)
			return;
	}
	bpf_get_current_comm(comm, BG_COMM_LEN);
}

/* Both names are NUL-padded to BG_COMM_LEN (process_comm pads, and so does
 * bindguard when it writes the policy): four words say it all, where a loop
 * over the bytes costs the verifier 16 turns for each name listed.  32-bit
 * words: the policy's names start 4 bytes into an 8-byte word, which a
 * strict-alignment architecture's verifier would refuse to read as 64. */
static __always_inline bool comm_equal(const char *a, const char *b)
{
	const __u32 *x = (const __u32 *)a, *y = (const __u32 *)b;

	_Static_assert(BG_COMM_LEN == 4 * sizeof(__u32), "a name is four words");
	return x[0] == y[0] && x[1] == y[1] && x[2] == y[2] && x[3] == y[3];
}

static __always_inline bool comm_allowed(const struct bg_policy *p)
{
	char comm[BG_COMM_LEN] = {};

	if (!have_comm_helper || !p->n_comms)
		return false;
	process_comm(comm);
	for (int i = 0; i < BG_POLICY_MAX_COMMS; i++) {
		if (i >= p->n_comms)
			break;
		if (comm_equal(comm, p->comms[i]))
			return true;
	}
	return false;
}

/* The socket's cgroup at `level`, the one the kernel judged to run this
 * hook at all (the cgroup the socket was created in), or 0. */
static __always_inline __u64 sock_ancestor_cgroup(struct sock *sk, __u32 level)
{
	struct cgroup *cg = BPF_CORE_READ(sk, sk_cgrp_data.cgroup), *anc = NULL;
	struct cgroup___pre60 *old = (void *)cg;
	__u64 id = 0;

	if (!cg || level > 255 || (__u32)BPF_CORE_READ(cg, level) < level)
		return 0;
	if (!bpf_core_field_exists(cg->ancestors)) {
		bpf_core_read(&id, sizeof(id), &old->ancestor_ids[level]);
		return id;
	}
	if (bpf_core_read(&anc, sizeof(anc), &cg->ancestors[level]) || !anc)
		return 0;
	return BPF_CORE_READ(anc, kn, id);
}

static __always_inline struct kernfs_node *kernfs_parent(struct kernfs_node *kn)
{
	struct kernfs_node___pre615 *old = (void *)kn;

	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ(old, parent);
}

/* The directory (kernfs node) of the socket's cgroup's ancestor at
 * `level`: through ancestors[] where the kernel has it, else up the
 * directories' parents from the socket's cgroup (ancestor_ids[] has ids,
 * and a name is what is wanted).  NULL when not found. */
static __always_inline struct kernfs_node *ancestor_node(struct sock *sk, __u32 level)
{
	struct cgroup *cg = BPF_CORE_READ(sk, sk_cgrp_data.cgroup), *anc = NULL;
	struct kernfs_node *kn;
	__u32 cg_level, up;

	if (!cg)
		return NULL;
	cg_level = BPF_CORE_READ(cg, level);
	if (cg_level < level)
		return NULL;
	if (have_cgroup_ancestors && bpf_core_field_exists(cg->ancestors)) {
		if (bpf_core_read(&anc, sizeof(anc), &cg->ancestors[level]) || !anc)
			return NULL;
		return BPF_CORE_READ(anc, kn);
	}
	up = cg_level - level;
	if (up > MAX_WALKED_CGROUP_LEVELS)
		return NULL;
	kn = BPF_CORE_READ(cg, kn);
	for (__u32 i = 0; i < MAX_WALKED_CGROUP_LEVELS && kn; i++) {
		if (i >= up)
			break;
		kn = kernfs_parent(kn);
	}
	return kn;
}

/* Whether a directory's name is `want` (NUL-padded, at most 63 bytes).
 * Compared as words, where a byte loop would cost the verifier 64 turns
 * per allowed cgroup.  The read takes a word more than a name: a kernel
 * name longer than 63 bytes then has no NUL where `want` has its last one
 * (read into 64 bytes, it would be cut to 63 and could match). */
static __always_inline bool kernfs_name_is(struct kernfs_node *kn, const char *want)
{
	__u64 got[BG_CGROUP_NAME_LEN / 8 + 1] = {};
	const __u64 *w = (const __u64 *)want;
	const char *name = BPF_CORE_READ(kn, name);

	_Static_assert(BG_CGROUP_NAME_LEN % 8 == 0 &&
			   __builtin_offsetof(struct bg_policy, cgroups[1].name) % 8 == 0,
		       "a policy's cgroup names are whole, aligned words");
	if (!name || bpf_probe_read_kernel_str(got, sizeof(got), name) <= 0)
		return false;
	for (int i = 0; i < BG_CGROUP_NAME_LEN / 8; i++)
		if (got[i] != w[i])
			return false;
	return true;
}

/* The allowed cgroup's place: the socket's ancestor at its level has its
 * name and sits under its parent.  So a cgroup made anew there (a service
 * systemd restarted) still matches; one of that name elsewhere does not. */
static __always_inline bool same_place(const struct bg_cgroup_allow *a, struct sock *sk)
{
	struct kernfs_node *kn, *parent;

	if (!have_str_helper || !a->level || a->level > 255)
		return false;
	kn = ancestor_node(sk, a->level);
	parent = kn ? kernfs_parent(kn) : NULL;
	/* the parent's id first: it rules out most sockets with one read */
	return parent && BPF_CORE_READ(parent, id) == a->parent_id && kernfs_name_is(kn, a->name);
}

static __always_inline bool cgroup_allowed(const struct bg_policy *p, struct sock *sk)
{
	if (!sk)
		return false;
	for (int i = 0; i < BG_POLICY_MAX_CGROUPS; i++) {
		if (i >= p->n_cgroups)
			break;
		if (sock_ancestor_cgroup(sk, p->cgroups[i].level) == p->cgroups[i].id ||
		    same_place(&p->cgroups[i], sk))
			return true;
	}
	return false;
}

static __always_inline __u8 protocol_bit(__u32 protocol)
{
	return protocol == IPPROTO_TCP	 ? BG_PROTO_TCP
	       : protocol == IPPROTO_UDP ? BG_PROTO_UDP
					 : BG_PROTO_OTHER;
}

static __always_inline bool protocol_allowed(const struct bg_policy *p, __u32 protocol)
{
	return p->allow_protocols & protocol_bit(protocol);
}

static __always_inline bool allow_listed(const struct bg_policy *p, struct bpf_sock_addr *ctx,
					 const struct bind_facts *f)
{
	if (p->host_netns_only && bpf_get_netns_cookie(ctx) != bpf_get_netns_cookie(NULL))
		return true;
	return port_allowed(p, f->port) || protocol_allowed(p, ctx->protocol) ||
	       uid_allowed(p, f->sk) || cgroup_allowed(p, f->sk) || comm_allowed(p);
}

/* A `bindguard allow` entry for this port, this protocol or both, not yet
 * expired.  Expired entries are removed here: nothing else has to run. */
static __always_inline bool temporarily_allowed(struct bpf_sock_addr *ctx, __u16 port)
{
	struct bg_allow_key key = { .port = port };
	char comm[BG_COMM_LEN] = {};
	struct bg_allow_entry *e;

	for (int i = 0; i < 2; i++) {
		key.protocol = i ? 0 : protocol_bit(ctx->protocol);
		e = bpf_map_lookup_elem(&temporary_allows, &key);
		if (!e)
			continue;
		if (e->expires_boot_ns <= bpf_ktime_get_boot_ns()) {
			bpf_map_delete_elem(&temporary_allows, &key);
			continue;
		}
		if (!e->comm[0])
			return true;
		if (!have_comm_helper)
			continue;
		process_comm(comm);
		if (comm_equal(comm, e->comm))
			return true;
	}
	return false;
}

/* IP_BIND_ADDRESS_NO_PORT: set only by clients that choose a source address
 * before connect(); no port is taken, so nothing listens. */
static __always_inline bool is_client_bind(struct sock *sk)
{
	struct inet_sock___bg *inet = (struct inet_sock___bg *)sk;

	if (!sk)
		return false;
	if (bpf_core_field_exists(inet->inet_flags))
		return BPF_CORE_READ(inet, inet_flags) & (1UL << INET_FLAGS_NO_PORT_BIT);
	return BPF_CORE_READ_BITFIELD_PROBED(inet, bind_address_no_port);
}

/* Whether one interface address makes addr a broadcast address, as the
 * kernel's fib_add_ifaddr() decides (its RTN_BROADCAST local routes): the
 * broadcast address set explicitly, and a primary address's subnet-directed
 * broadcast when the prefix is shorter than /31. */
static __always_inline bool ifaddr_broadcasts(struct in_ifaddr *ifa, __u32 addr)
{
	__u32 bcast = BPF_CORE_READ(ifa, ifa_broadcast), mask, prefix;

	if (bcast == addr)
		return true;
	if (BPF_CORE_READ(ifa, ifa_flags) & IFA_F_SECONDARY ||
	    BPF_CORE_READ(ifa, ifa_prefixlen) >= 31)
		return false;
	mask = BPF_CORE_READ(ifa, ifa_mask);
	prefix = BPF_CORE_READ(ifa, ifa_address) & mask;
	return prefix && (prefix | ~mask) == addr;
}

/* Where the walk over a namespace's interfaces is. */
struct broadcast_walk {
	struct list_head *pos, *head;
	__u64 dev_list_off; /* of dev_list in struct net_device */
	__u32 addr;
	bool found;
};

/* One interface of the walk; 1 ends it (found, or the list's end). */
static long walk_one_device(__u32 i, void *data)
{
	struct broadcast_walk *w = data;
	struct list_head *pos = w->pos; /* a local: CO-RE relocates kernel types only */
	struct net_device *dev;
	struct in_ifaddr *ifa;

	(void)i;
	if (!pos || pos == w->head)
		return 1;
	dev = (void *)pos - w->dev_list_off;
	w->pos = BPF_CORE_READ(pos, next);
	if (!(BPF_CORE_READ(dev, flags) & IFF_UP))
		return 0;
	ifa = BPF_CORE_READ(dev, ip_ptr, ifa_list);
	for (int j = 0; j < MAX_WALKED_IFADDRS && ifa; j++) {
		if (ifaddr_broadcasts(ifa, w->addr)) {
			w->found = true;
			return 1;
		}
		ifa = BPF_CORE_READ(ifa, ifa_next);
	}
	return 0;
}

/* A subnet-directed broadcast address (192.168.1.255 on a /24) of an
 * interface that is up in the socket's network namespace: the kernel lets
 * a socket bind it to receive that subnet's broadcasts, like 255.255.255.255.
 * Read live from the kernel's lists (under the RCU read lock cgroup hooks
 * run in; every read is a fault-safe probe), so it holds in pinned mode
 * too and follows address changes at once.
 *
 * With bpf_loop (Linux 5.17+) the verifier checks one interface's turn
 * once; a bounded loop costs it all 128 turns, some 180 000 instructions
 * and a fifth of a second at every load.  with_bpf_loop is a constant:
 * each program has one of the two. */
static __always_inline bool ipv4_is_local_broadcast(struct sock *sk, __u32 addr,
						    const bool with_bpf_loop)
{
	struct net *net = sk ? BPF_CORE_READ(sk, __sk_common.skc_net.net) : NULL;
	struct broadcast_walk w = { .addr = addr };

	if (!net)
		return false;
	w.dev_list_off = bpf_core_field_offset(struct net_device, dev_list);
	w.head = &net->dev_base_head;
	w.pos = BPF_CORE_READ(net, dev_base_head.next);
	if (with_bpf_loop) {
		bpf_loop(MAX_WALKED_DEVICES, walk_one_device, &w, 0);
		return w.found;
	}
	for (int i = 0; i < MAX_WALKED_DEVICES; i++)
		if (walk_one_device(i, &w))
			break;
	return w.found;
}

/* Judges one bind; returns the action and sets *reason when the policy
 * alone does not explain it.  Never denies or rewrites a loopback bind (Go
 * probes [::1]:0 to decide whether IPv6 works). */
static __always_inline __u8 judge(const struct bg_policy *p, struct bpf_sock_addr *ctx,
				  const struct bind_facts *f, __u8 *reason,
				  const bool with_bpf_loop)
{
	*reason = BG_REASON_NONE;
	if (f->loopback)
		return BG_ACTION_NONE;
	if (p->scope == BG_SCOPE_WILDCARD && !f->wildcard)
		return BG_ACTION_NONE;
	/* Multicast and broadcast addresses receive group traffic; they are
	 * not a service's address, and loopback would receive nothing. */
	if (f->multicast ||
	    (!f->wildcard && f->v4 && ipv4_is_local_broadcast(f->sk, f->ip4, with_bpf_loop)))
		return BG_ACTION_NONE;
	/* An explicit UDP bind to port 0 is how clients pick a source port;
	 * a loopback source would cut off their outgoing traffic. */
	if (f->port == 0 && ctx->protocol == IPPROTO_UDP)
		return BG_ACTION_NONE;
	if (is_client_bind(f->sk)) {
		*reason = BG_REASON_CLIENT;
		return BG_ACTION_ALLOW;
	}
	if (allow_listed(p, ctx, f))
		return BG_ACTION_ALLOW;
	if (temporarily_allowed(ctx, f->port)) {
		*reason = BG_REASON_TEMPORARY;
		return BG_ACTION_ALLOW;
	}
	switch (p->mode) {
	case BG_MODE_REWRITE: return BG_ACTION_REWRITE;
	case BG_MODE_DENY: return BG_ACTION_DENY;
	default: return BG_ACTION_LOG;
	}
}

/* Count the decision and, live, tell the capture side about it. */
static __always_inline void record(struct bpf_sock_addr *ctx, __u8 action, __u8 reason,
				   const __u8 orig[BG_ADDR_LEN], __u16 port)
{
	struct verdict v = { .action = action, .reason = reason, .port = port };
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
	/* an MPTCP socket binds through its first subflow: this cookie is
	 * the subflow's, which the capture side looks up for MPTCP */
	cookie = bpf_get_socket_cookie(ctx);
	bpf_map_update_elem(&verdicts, &cookie, &v, BPF_ANY);
}

static __always_inline bool ipv4_is_multicast_or_broadcast(__u32 addr_be)
{
	return (addr_be & bpf_htonl(0xf0000000)) == bpf_htonl(0xe0000000) || addr_be == 0xffffffff;
}

/* AF_UNSPEC with 0.0.0.0 is accepted on AF_INET sockets, but only with that
 * address, and the hook cannot change the family: keep the address and tie
 * the socket to the loopback device instead, which only this host reaches. */
static __always_inline __u8 keep_on_lo_device(struct bpf_sock_addr *ctx, __u8 *reason)
{
	char lo[] = "lo";

	if (bpf_setsockopt(ctx, SOL_SOCKET, SO_BINDTODEVICE, lo, sizeof(lo)))
		return BG_ACTION_DENY; /* never expose what could not be confined */
	*reason = BG_REASON_LO_DEVICE;
	return BG_ACTION_REWRITE;
}

/* Keeps what the hook knows about an intervention: who (pid and comm
 * where the kernel lets cgroup hooks read them, else 0; uid and cgroup
 * always), the socket (its cookie, by which `log` finds its holder when
 * there is no pid, and its network namespace), the address asked for and
 * the one the bind goes on with. */
static __always_inline void keep_intervention(struct bpf_sock_addr *ctx, struct sock *sk,
					      const bool v6, __u8 action, __u8 reason,
					      const __u8 orig[BG_ADDR_LEN], __u16 port)
{
	struct bind_event *e;
	__u32 zero = 0;
	__u64 *lost;

	/* the binds a policy changes, and those let through for a reason a
	 * reader must see (a `bindguard allow`, a client, the lo device) */
	if (!keep_log || (action < BG_ACTION_LOG && reason == BG_REASON_NONE))
		return;
	e = bpf_ringbuf_reserve(&interventions, sizeof(*e), 0);
	if (!e) {
		lost = bpf_map_lookup_elem(&log_lost, &zero);
		if (lost)
			*lost += 1;
		return;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->ts_ns = bpf_ktime_get_ns();
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->uid = (__u32)bpf_get_current_uid_gid();
	if (have_pid_helper) {
		__u64 id = bpf_get_current_pid_tgid();

		e->pid = id >> 32;
		e->tid = (__u32)id;
	}
	if (have_comm_helper)
		process_comm(e->comm);
	/* the parent at the time of the bind: `log` reads the record later,
	 * when the process may have gone or been handed to another parent */
	if (have_pid_helper && have_task_helper) {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();

		e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	}
	/* an MPTCP socket's is its first subflow's (see record()) */
	e->sock_cookie = bpf_get_socket_cookie(ctx);
	if (sk)
		e->netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	e->kind = BG_EVENT_BIND;
	e->action = action;
	e->reason = reason;
	e->family = v6 ? AF_INET6 : AF_INET;
	e->req_family = e->family;
	e->protocol = ctx->protocol;
	e->sock_type = ctx->type;
	e->port = port;
	e->req_port = port;
	e->ret = action == BG_ACTION_DENY ? -1 /* EPERM */ : 0;
	e->flags = BG_F_REQ_VALID | (action == BG_ACTION_DENY ? 0 : BG_F_EFF_VALID);
	/* the options as trace reads them: set before bind(), so the hook
	 * sees them; read only for a record, not on every bind */
	if (sk)
		e->flags |= sock_flags(sk, (struct inet_sock___bg *)sk, v6, false);
	__builtin_memcpy(e->req_addr, orig, BG_ADDR_LEN);
	/* read back: after a rewrite the kernel binds what ctx now holds
	 * (v6 is a constant: each program reads only its own fields) */
	if (!v6) {
		__u32 ip = ctx->user_ip4;

		__builtin_memcpy(e->addr, &ip, 4);
	} else {
		__u32 a[4] = { ctx->user_ip6[0], ctx->user_ip6[1], ctx->user_ip6[2],
			       ctx->user_ip6[3] };

		__builtin_memcpy(e->addr, a, BG_ADDR_LEN);
	}
	bpf_ringbuf_submit(e, 0);
}

static __always_inline int bind4(struct bpf_sock_addr *ctx, const bool with_bpf_loop)
{
	__u32 key = 0, ip = ctx->user_ip4;
	struct bg_policy *p = bpf_map_lookup_elem(&policy, &key);
	struct bind_facts f = {
		.port = bpf_ntohs((__u16)ctx->user_port),
		.wildcard = ip == 0,
		.loopback = ipv4_is_loopback(ip),
		.multicast = ipv4_is_multicast_or_broadcast(ip),
		.v4 = true,
		.ip4 = ip,
	};
	__u8 orig[BG_ADDR_LEN] = {}, action, reason;

	if (!p || !p->mode)
		return 1;
	f.sk = judged_sock(ctx);
	action = judge(p, ctx, &f, &reason, with_bpf_loop);
	if (action == BG_ACTION_REWRITE && ctx->user_family != AF_INET)
		action = keep_on_lo_device(ctx, &reason);
	__builtin_memcpy(orig, &ip, 4);
	record(ctx, action, reason, orig, f.port);
	if (action == BG_ACTION_REWRITE && reason != BG_REASON_LO_DEVICE)
		ctx->user_ip4 = *(__u32 *)p->rewrite4;
	keep_intervention(ctx, f.sk, false, action, reason, orig, f.port);
	return action == BG_ACTION_DENY ? 0 : 1;
}

/* Userspace loads one program of each pair: the _loop one where the kernel
 * has bpf_loop.  `status` knows all four by name (attached_hooks.h). */
SEC("cgroup/bind4")
int enforce_bind4(struct bpf_sock_addr *ctx)
{
	return bind4(ctx, false);
}

SEC("cgroup/bind4")
int enforce_bind4_loop(struct bpf_sock_addr *ctx)
{
	return bind4(ctx, true);
}

/* IPV6_V6ONLY; unknown counts as set, which picks ::1, a target that
 * binds on every IPv6 socket. */
static __always_inline bool is_v6only(struct sock *sk)
{
	return !sk || BPF_CORE_READ_BITFIELD_PROBED(&sk->__sk_common, skc_ipv6only);
}

static __always_inline void set_user_ip6(struct bpf_sock_addr *ctx, const __u8 a[16])
{
	ctx->user_ip6[0] = *(__u32 *)&a[0];
	ctx->user_ip6[1] = *(__u32 *)&a[4];
	ctx->user_ip6[2] = *(__u32 *)&a[8];
	ctx->user_ip6[3] = *(__u32 *)&a[12];
}

/* The loopback address a rewritten IPv6 bind gets.  A dual-stack `::`
 * takes IPv4 too: its target (by default ::ffff:127.0.0.1) keeps it
 * reachable on 127.0.0.1, the address Windows uses in WSL mirrored mode. */
static __always_inline void rewrite6(struct bpf_sock_addr *ctx, const struct bg_policy *p,
				     const struct bind_facts *f, bool mapped)
{
	const __u32 *d = (const __u32 *)p->rewrite_dual;
	bool dual_default = !(d[0] | d[1] | d[2] | d[3]);

	if (mapped) { /* stay IPv4: ::ffff:0.0.0.0 -> ::ffff:<rewrite4> */
		ctx->user_ip6[3] = *(__u32 *)p->rewrite4;
	} else if (!f->wildcard || is_v6only(f->sk)) {
		set_user_ip6(ctx, p->rewrite6);
	} else if (dual_default) {
		ctx->user_ip6[0] = 0;
		ctx->user_ip6[1] = 0;
		ctx->user_ip6[2] = bpf_htonl(0xffff);
		ctx->user_ip6[3] = *(__u32 *)p->rewrite4;
	} else {
		set_user_ip6(ctx, p->rewrite_dual);
	}
}

static __always_inline int bind6(struct bpf_sock_addr *ctx, const bool with_bpf_loop)
{
	__u32 key = 0, a[4];
	struct bg_policy *p = bpf_map_lookup_elem(&policy, &key);
	struct bind_facts f = { .port = bpf_ntohs((__u16)ctx->user_port) };
	__u8 action, reason;
	bool mapped;

	if (!p || !p->mode)
		return 1;
	CTX_IP6_COPY(a, ctx, user_ip6);
	mapped = !a[0] && !a[1] && a[2] == bpf_htonl(0xffff);
	f.wildcard = !a[0] && !a[1] && (!a[2] || mapped) && !a[3];
	f.loopback = ipv6_is_loopback(a);
	f.multicast = (a[0] & bpf_htonl(0xff000000)) == bpf_htonl(0xff000000) ||
		      (mapped && ipv4_is_multicast_or_broadcast(a[3]));
	f.v4 = mapped;
	f.ip4 = a[3];
	f.sk = judged_sock(ctx);
	action = judge(p, ctx, &f, &reason, with_bpf_loop);
	record(ctx, action, reason, (__u8 *)a, f.port);
	if (action == BG_ACTION_REWRITE)
		rewrite6(ctx, p, &f, mapped);
	keep_intervention(ctx, f.sk, true, action, reason, (__u8 *)a, f.port);
	return action == BG_ACTION_DENY ? 0 : 1;
}

SEC("cgroup/bind6")
int enforce_bind6(struct bpf_sock_addr *ctx)
{
	return bind6(ctx, false);
}

SEC("cgroup/bind6")
int enforce_bind6_loop(struct bpf_sock_addr *ctx)
{
	return bind6(ctx, true);
}
