// SPDX-License-Identifier: GPL-2.0
/* Capture: every bind() and listen() on AF_INET/AF_INET6 sockets, with the
 * outcome and the address the kernel really bound, into one ring buffer.
 * Three ways in, one loaded at a time (userspace picks): BPF trampolines
 * on the kernel's bind and listen functions, which tax no other syscall;
 * the syscall tracepoints, exit-only where the kernel can give the
 * arguments at exit, else enter+exit; or cgroup hooks (`--backend hooks`),
 * which see only successful calls. */
#include "shared.bpf.h"
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define S_IFMT	   00170000
#define S_IFSOCK   0140000
#define TCP_LISTEN 10
#define TCP_CLOSE  7

/* x86-64 syscall numbers, to tell a bind() or listen() call from io_uring */
#define NR_BIND	  49
#define NR_LISTEN 50

/* RFC 2133's sockaddr_in6, without sin6_scope_id: the kernel accepts it */
#define SIN6_LEN_RFC2133 24

/* Layouts that never change get no CO-RE relocation: libbpf scans the
 * whole kernel BTF once per relocated type at start-up (~6 M instructions
 * each here; these four were a fifth of the time to "tracing started").
 * The sockaddrs are UAPI; a syscall tracepoint's record is 8 bytes of
 * common fields, the syscall number, then its arguments or return value. */
struct bg_sockaddr_in {
	__u16 sin_family;
	__u16 sin_port;
	__u8 sin_addr[4];
	__u8 sin_zero[8];
};

struct bg_sockaddr_in6 {
	__u16 sin6_family;
	__u16 sin6_port;
	__u32 sin6_flowinfo;
	__u8 sin6_addr[16];
	__u32 sin6_scope_id;
};

struct bg_sys_enter {
	__u64 common;
	long id;
	unsigned long args[6];
};

struct bg_sys_exit {
	__u64 common;
	long id;
	long ret;
};

/* sock:inet_sock_set_state's record, unchanged since Linux 4.16: a fixed
 * layout like the two above, not a CO-RE type, spares libbpf one scan of
 * the kernel's BTF at every start (~1 ms). */
struct bg_inet_sock_set_state {
	__u64 common;
	const void *skaddr;
	int oldstate;
	int newstate;
	__u16 sport;
	__u16 dport;
	__u16 family;
	__u16 protocol;
	__u8 saddr[4];
	__u8 daddr[4];
	__u8 saddr_v6[16];
	__u8 daddr_v6[16];
};

/* x86-64's saved registers of a task in a syscall, in the order the entry
 * code pushes them (the ptrace ABI's user_regs_struct, unchanged since the
 * architecture began).  A fixed layout like the records above, not CO-RE:
 * one scan fewer of the kernel's BTF at every start. */
struct bg_pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax;
};

/* regs is bpf_task_pt_regs()'s BTF pointer or a cast one (task_regs_cast):
 * a direct load, checked by the verifier against the kernel's struct
 * pt_regs (same offsets), costs a fraction of a bpf_probe_read_kernel call. */
#define SAVED_REG(regs, reg) (((const struct bg_pt_regs *)(regs))->reg)
/* bind(fd, addr, addrlen) and listen(fd, backlog): the first three */
#define SYSCALL_ARG1(regs) SAVED_REG(regs, di)
#define SYSCALL_ARG2(regs) SAVED_REG(regs, si)
#define SYSCALL_ARG3(regs) SAVED_REG(regs, dx)

/* Filters and behaviour, set by userspace before load. */
const volatile __u32 filter_pid = 0;
const volatile __u16 filter_family = 0; /* 0: both */
const volatile __s8 filter_result = 0;	/* 0 all, 1 ok only, -1 errors only */
const volatile bool filter_exposed = false;
const volatile bool filter_ports = false;
const volatile __u64 port_bitmap[BG_PORT_BITMAP_WORDS] = {};
const volatile bool only_actions = false; /* enforce: only what the hook judged */
const volatile bool emit_close = false;
const volatile __u8 backend = 0; /* enum bg_backend, copied into each event */
/* Exit-only tracepoints: listen()'s state before the call comes from
 * sock:inet_sock_set_state, told apart from io_uring by the syscall number. */
const volatile bool exit_only_tracepoints = false;
/* The kernel has bpf_get_current_task_btf: direct reads of the task in
 * the programs without bpf_rdonly_cast.  Userspace leaves it off where the
 * lean programs load: there a trusted read costs more to verify than two
 * probe reads cost in the rare events (listen, state changes) left. */
const volatile bool have_task_btf = false;
/* Wake the reader at once when this much data waits in a ring or when its
 * last wake-up is older than wakeup_interval_ns; otherwise let it batch.
 * Userspace sets a quarter of a ring: every submit past the mark forced a
 * wake-up (an IPI, ~10 us in a VM) until the reader caught up, so a low
 * mark (64K was) stormed at high rates (make bench: 4500 wake-ups/s at 110k
 * binds/s, 9% of the binder's time); the timer alone then wakes ~200/s. */
const volatile __u64 wakeup_bytes = 256 * 1024;
const volatile __u64 wakeup_interval_ns = 5 * 1000 * 1000;

/* Direct BTF reads through pointers the verifier knows only as numbers
 * (Linux 6.2+); weak, so older kernels load the other programs. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;
/* The kernel's ids of the types cast to, set by userspace from the
 * kernel's BTF: not bpf_core_type_id_kernel(), which libbpf would resolve
 * in the cut-down BTF it relocates against (user/lib/core_btf.h).  A
 * frozen read-only value is a constant to the verifier, as the kfunc
 * needs. */
const volatile __u32 kernel_id_task_struct = 0;
const volatile __u32 kernel_id_file = 0;
const volatile __u32 kernel_id_socket = 0;
const volatile __u32 kernel_id_sock = 0;
const volatile __u32 kernel_id_inet_sock = 0;
const volatile __u32 kernel_id_files_struct = 0;
const volatile __u32 kernel_id_pt_regs = 0;
const volatile __u32 kernel_id_io_kiocb = 0; /* io_uring's binds: 0 where not loaded */
#define btf_cast(ptr, type, kernel_id) ((type *)bpf_rdonly_cast((ptr), (kernel_id)))
/* A task as a read-only (untrusted) pointer.  Reading a pointer field of
 * the trusted one bpf_get_current_task_btf() returns makes the
 * verifier (6.5+) look up "task_struct__safe_trusted" and its siblings by
 * a linear search of the kernel's BTF, at every path that reaches the read:
 * loading lean_exit_bind took 12.8 ms on 6.18 with it, 1.6 ms without.
 * The reads are the same; nothing here passes the task to a helper that
 * needs trust. */
#define task_ro(task)	  btf_cast((task), struct task_struct, kernel_id_task_struct)
#define current_task_ro() task_ro(bpf_get_current_task_btf())

/* How a program reads the task and the socket:
 * - READ_PROBE: probe reads, having no BTF pointer to the socket (the task
 *   through bpf_get_current_task_btf where have_task_btf);
 * - READ_BTF: BTF pointers the helpers gave (bpf_get_current_task_btf,
 *   bpf_sock_from_file), loaded from directly, but nothing to cast them
 *   with (Linux 5.11-6.1): the inet fields, beyond struct sock, are probe
 *   reads;
 * - READ_CAST: BTF pointers made with bpf_rdonly_cast (6.2+). */
enum read_mode { READ_PROBE, READ_BTF, READ_CAST };

/* A bind or listen call: what was asked, on which socket. */
struct inflight_call {
	struct sock *sk; /* NULL when the fd is not a socket */
	__u16 family;
	__u16 req_family;
	__u16 req_port;
	__u8 kind;
	__u8 req_valid;
	__u8 no_syscall; /* io_uring: no bind/listen syscall around it */
	__u8 pad[7];
	__u8 req_addr[BG_ADDR_LEN];
};

/* Four rings, CPU n writing ring n % 4 (ring_mask: fewer where there are
 * fewer CPUs): producers on different CPUs shared one ring's lock and cache
 * lines before (make bench, two binding threads: __bpf_ringbuf_reserve
 * 3.3 % of their time, against 0.6 % with one).  Userspace merges them in
 * time order.  Four fixed maps rather than an array of one ring per CPU:
 * filling a map-in-map slot waits for an RCU grace period (the kernel's
 * maybe_wait_bpf_programs), one per CPU before Linux 6.8 even in a batch:
 * start-up took 20-30 ms longer here, with two CPUs. */
#define RINGS 4
struct ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20); /* userspace sets the real size */
};
struct ring events0 SEC(".maps"), events1 SEC(".maps"), events2 SEC(".maps"), events3 SEC(".maps");
const volatile __u32 ring_mask = 0; /* RINGS - 1 at most */

/* Each ring's last wake-up: when, and where its reader stood.  Past the
 * mark, a wake-up is repeated only once the reader has moved since (it
 * ran) and an eighth of the interval has passed: until then the last one
 * still stands.  Waking at every submit past the mark was a storm
 * whenever the reader waited for a CPU: 2 450 irq_work IPIs/s with two
 * binding threads on two CPUs, against 200/s with one.  unasked: the bytes
 * submitted since the ring was last asked how much waits (wakeup_due). */
struct wake_state {
	__u64 ns;
	__u64 cons;
	__u64 unasked;
};
static struct wake_state last_wakeup[RINGS];

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BG_DROP_MAX);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* Keyed by thread id: a call between its start and its end (enter/exit
 * tracepoints, listen's fentry/fexit, listen's state change when the
 * tracepoints are exit-only).  Binds on the lean paths never use it. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct inflight_call);
} inflight SEC(".maps");

/* Hooks mode: what a cgroup/bind hook saw requested, until post_bind says
 * what was bound.  Keyed by socket cookie; LRU so that the requests of
 * binds that failed (no post_bind) age out. */
struct pending_bind {
	__u16 family;
	__u16 port;
	__u8 addr[BG_ADDR_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096); /* 1 unless hooks mode */
	__type(key, __u64);
	__type(value, struct pending_bind);
} pending_binds SEC(".maps");

static __always_inline void count_drop(__u32 reason)
{
	__u64 *n = bpf_map_lookup_elem(&drops, &reason);

	if (n)
		*n += 1;
}

/* The kernel's file operations of sockets (socket_file_ops, which no BTF
 * names), learned from the first file found to be a socket: its inode says
 * so and its socket points back at it.  From then on a file whose f_op is
 * this one is a socket: one probe read where the inode took two. */
static const struct file_operations *socket_fops;

/* The socket of the current task's fd, read with probe reads: all of them
 * before Linux 5.11; from 5.11 the fd table through the task's BTF pointer
 * (three probe reads fewer; `task`, where the program has it already, else
 * NULL), the file and socket still by probe reads, as nothing before 6.2
 * can give a BTF pointer to a pointer's target. */
static struct sock *sock_from_fd(int fd, struct task_struct *task)
{
	const struct file_operations *fops;
	struct fdtable *fdt;
	struct file **fds;
	struct file *file = NULL;
	struct socket *sock;
	unsigned int max_fds;
	umode_t mode;

	if (fd < 0)
		return NULL;
	if (have_task_btf) {
		fdt = (task ? task : bpf_get_current_task_btf())->files->fdt;
		max_fds = fdt->max_fds; /* 0 if the task has no fd table */
		fds = fdt->fd;
	} else {
		task = (struct task_struct *)bpf_get_current_task();
		fdt = BPF_CORE_READ(task, files, fdt);
		if (!fdt)
			return NULL;
		max_fds = BPF_CORE_READ(fdt, max_fds);
		fds = BPF_CORE_READ(fdt, fd);
	}
	if ((unsigned int)fd >= max_fds)
		return NULL;
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	fops = BPF_CORE_READ(file, f_op);
	if (!fops || fops != socket_fops) {
		mode = BPF_CORE_READ(file, f_inode, i_mode);
		if ((mode & S_IFMT) != S_IFSOCK)
			return NULL;
		sock = BPF_CORE_READ(file, private_data);
		/* an O_PATH file of a socket's inode is no socket */
		if (!sock || BPF_CORE_READ(sock, file) != file)
			return NULL;
		socket_fops = fops;
	} else {
		sock = BPF_CORE_READ(file, private_data);
		if (!sock)
			return NULL;
	}
	return BPF_CORE_READ(sock, sk);
}

/* The socket of a file (NULL if it is none), read through casts. */
static __always_inline struct sock *sock_of_file_btf(struct file *file)
{
	struct socket *sock;

	file = btf_cast(file, struct file, kernel_id_file);
	if ((file->f_inode->i_mode & S_IFMT) != S_IFSOCK)
		return NULL;
	sock = btf_cast(file->private_data, struct socket, kernel_id_socket);
	return sock->sk;
}

/* sock_from_fd with direct BTF reads, no probe read at all.  Only in the
 * lean programs (bpf_rdonly_cast); task: the current task, cast
 * (current_task_ro).  The verifier takes no variable index into a BTF
 * pointer, so the fd's slot is read as the first of a files_struct's own
 * fd_array placed over it: a cast pointer's loads are fault-safe (the
 * kernel's exception table), like bpf_probe_read_kernel, without the call
 * (~25 ns where returns go through a Safe RET thunk). */
static __always_inline struct sock *sock_from_fd_btf(int fd, struct task_struct *task)
{
	const __u32 fd_array_at = bpf_core_field_offset(struct files_struct, fd_array);
	struct fdtable *fdt = task->files->fdt;
	struct files_struct *over;
	struct file *file;

	if (fd < 0 || (unsigned int)fd >= fdt->max_fds)
		return NULL;
	over = btf_cast((void *)&fdt->fd[fd] - fd_array_at, struct files_struct,
			kernel_id_files_struct);
	file = over->fd_array[0];
	return file ? sock_of_file_btf(file) : NULL;
}

/* The fds a task's files_struct holds itself (NR_OPEN_DEFAULT): its fd
 * table points at them until the task first has more open. */
#define FD_ARRAY_LEN 64

/* Whether fd's file is in the task's fd_array (files: its files_struct), where a BTF
 * pointer reaches it (fd_array_file); the fd table elsewhere holds a
 * pointer to pointers, which no load before Linux 6.2 can follow. */
static __always_inline bool fd_in_array(struct files_struct *files, int fd)
{
	return fd >= 0 && fd < FD_ARRAY_LEN &&
	       fd < bpf_core_field_size(files->fd_array) / sizeof(files->fd_array[0]) &&
	       (const void *)files->fdt->fd == (const void *)files->fd_array;
}

/* files->fd_array[fd] with a constant index each: the verifier takes no
 * variable offset into a BTF pointer. */
#define FD_CASE(n)                                                                                 \
	case n:                                                                                    \
		return files->fd_array[n];
#define FD_CASES4(n)  FD_CASE(n) FD_CASE((n) + 1) FD_CASE((n) + 2) FD_CASE((n) + 3)
#define FD_CASES16(n) FD_CASES4(n) FD_CASES4((n) + 4) FD_CASES4((n) + 8) FD_CASES4((n) + 12)

static __always_inline struct file *fd_array_file(struct files_struct *files, int fd)
{
	switch (fd) {
		FD_CASES16(0)
		FD_CASES16(16)
		FD_CASES16(32)
		FD_CASES16(48)
	}
	return NULL;
}

/* The socket of an fd in fd_array as a BTF pointer, without a cast: the
 * file from the array, its socket from bpf_sock_from_file (Linux 5.11+),
 * which also tells sockets from other files. */
static __always_inline struct sock *sock_from_fd_array(struct files_struct *files, int fd)
{
	struct file *file = fd_array_file(files, fd);
	struct socket *sock = file ? bpf_sock_from_file(file) : NULL;

	return sock ? sock->sk : NULL;
}

/* The syscall the current task is in (-1 for kernel threads' own work). */
static __always_inline long current_syscall_nr(void)
{
	const void *regs = (const void *)bpf_task_pt_regs(bpf_get_current_task_btf());

	return SAVED_REG(regs, orig_ax);
}

/* The address and port a socket is bound to, through its BTF pointer. */
static __always_inline void read_sock_addr(struct sock *sk, __u16 family, __u8 addr[BG_ADDR_LEN],
					   __u16 *port)
{
	if (family == AF_INET) {
		__u32 a = sk->__sk_common.skc_rcv_saddr;

		__builtin_memcpy(addr, &a, 4);
	} else {
		__u32 a[4];

		for (int i = 0; i < 4; i++)
			a[i] = sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[i];
		__builtin_memcpy(addr, a, 16);
	}
	*port = sk->__sk_common.skc_num;
}

/* The front of a socket, its struct sock_common up to the last field an
 * event takes from it, copied with one probe read where a program has no
 * BTF pointer to the socket (Linux 5.8-6.1, and the rare events
 * everywhere): those fields are then loads from the copy at the kernel's
 * offsets (CO-RE relocates a field's offset wherever the struct lies), not
 * a probe read each.  The verifier refuses a load past what the read
 * filled: a kernel whose fields moved past the copy would fail to load,
 * not report what the stack held. */
struct sock_front {
	__u8 raw[112];
};

#define SOCK_COMMON_END(field)                                                                     \
	(bpf_core_field_offset(struct sock_common, field) +                                        \
	 bpf_core_field_size(struct sock_common, field))

static __always_inline __u32 max_u32(__u32 a, __u32 b)
{
	return a > b ? a : b;
}

static __always_inline const struct sock_common *read_sock_front(struct sock *sk,
								 struct sock_front *f)
{
	/* constants once relocated: the verifier keeps one path */
	__u32 n = max_u32(max_u32(SOCK_COMMON_END(skc_rcv_saddr), SOCK_COMMON_END(skc_num)),
			  max_u32(SOCK_COMMON_END(skc_family), SOCK_COMMON_END(skc_reuse)));

	n = max_u32(n, max_u32(SOCK_COMMON_END(skc_reuseport), SOCK_COMMON_END(skc_ipv6only)));
	n = max_u32(n, max_u32(SOCK_COMMON_END(skc_net), SOCK_COMMON_END(skc_v6_rcv_saddr)));
	if (n > sizeof(*f))
		n = sizeof(*f);
	bpf_probe_read_kernel(f, n, sk); /* zeroes the copy if it fails */
	return (const struct sock_common *)f;
}

/* The address and port a socket is bound to, from its front. */
static __always_inline void sock_front_addr(const struct sock_common *c, __u16 family,
					    __u8 addr[BG_ADDR_LEN], __u16 *port)
{
	if (family == AF_INET)
		__builtin_memcpy(addr, &c->skc_rcv_saddr, 4);
	else
		__builtin_memcpy(addr, &c->skc_v6_rcv_saddr, 16);
	*port = c->skc_num;
}

/* A socket's type and protocol, two u16 side by side since Linux 5.6: one
 * probe read where the kernel has them so, two otherwise. */
static __always_inline void sock_type_protocol_probed(struct sock *sk, __u16 *type, __u16 *protocol)
{
	__u32 at = bpf_core_field_offset(sk->sk_type);

	if (bpf_core_field_offset(sk->sk_protocol) == at + 2 &&
	    bpf_core_field_size(sk->sk_type) == 2 && bpf_core_field_size(sk->sk_protocol) == 2) {
		__u16 w[2] = {};

		bpf_probe_read_kernel(w, sizeof(w), (const void *)sk + at);
		*type = w[0];
		*protocol = w[1];
	} else {
		*type = BPF_CORE_READ(sk, sk_type);
		*protocol = BPF_CORE_READ(sk, sk_protocol);
	}
}

/* The options and network namespace of a socket read with probe reads,
 * into e; c is its front (read_sock_front). */
static __always_inline void sock_probed_details(struct sock *sk, const struct sock_common *c,
						__u16 family, struct bind_event *e)
{
	e->flags |= sock_common_flags(c, family == AF_INET6, true) |
		    inet_sock_flags((struct inet_sock___bg *)sk, false);
	e->netns = BPF_CORE_READ(c->skc_net.net, ns.inum);
}

/* sock_flags() on a socket read directly (a BTF pointer) or with probe
 * reads: a BTF pointer reads only its own type, so it is cast for the inet
 * fields, or where it cannot be (READ_BTF) they are probe reads. */
static __always_inline __u8 read_sock_flags(struct sock *sk, __u16 family, enum read_mode mode)
{
	if (mode == READ_CAST)
		return sock_flags(sk, btf_cast(sk, struct inet_sock___bg, kernel_id_inet_sock),
				  family == AF_INET6, true);
	if (mode == READ_BTF)
		return sock_common_flags(&sk->__sk_common, family == AF_INET6, true) |
		       inet_sock_flags((struct inet_sock___bg *)sk, false);
	return sock_flags(sk, (struct inet_sock___bg *)sk, family == AF_INET6, false);
}

/* Whether the event's address (use_req: the one asked for) is loopback.
 * Both are loaded and one chosen by value: choosing between two pointers
 * into an event on the stack let clang compute the address with an OR,
 * which the verifier refuses on a pointer. */
static __always_inline bool event_addr_is_loopback(const struct bind_event *e, bool use_req)
{
	__u32 a[4], r[4];

	__builtin_memcpy(a, e->addr, sizeof(a));
	__builtin_memcpy(r, e->req_addr, sizeof(r));
	if (use_req) {
		for (int i = 0; i < 4; i++)
			a[i] = r[i];
	}
	return e->family == AF_INET ? ipv4_is_loopback(a[0]) : ipv6_is_loopback(a);
}

static __always_inline bool port_selected(__u16 port)
{
	return port_bitmap[(port >> 6) & (BG_PORT_BITMAP_WORDS - 1)] & (1ULL << (port & 63));
}

/* The address and port the event is about: what the kernel bound, or for a
 * failed bind, what was asked for. */
static __always_inline bool event_passes_filters(const struct bind_event *e)
{
	bool use_req = e->kind == BG_EVENT_BIND && e->ret < 0;
	__u16 port = use_req ? e->req_port : e->port;

	if (filter_result > 0 && e->ret < 0)
		return false;
	if (filter_result < 0 && e->ret >= 0)
		return false;
	if (filter_ports && !port_selected(port))
		return false;
	if (filter_exposed) {
		if (use_req && !(e->flags & BG_F_REQ_VALID))
			return true; /* unknown address: keep it visible */
		if (event_addr_is_loopback(e, use_req))
			return false;
	}
	return true;
}

/* The event's time and the task's fields.  task: the current task as the
 * program already holds it (cast where mode is READ_CAST), which READ_CAST
 * and READ_BTF callers always pass, or NULL. */
static __always_inline void fill_task(struct bind_event *e, enum read_mode mode,
				      struct task_struct *task)
{
	e->ts_ns = bpf_ktime_get_ns();
	if (mode != READ_PROBE || have_task_btf) {
		/* Loads instead of helper calls: a helper call costs ~25 ns
		 * where returns go through the kernel's Safe RET thunk (AMD,
		 * this project's VM on 2026-11-30: bpf_get_current_cgroup_id
		 * 26 ns, bpf_get_current_task_btf as much), a load through a
		 * BTF pointer ~1.  bpf_get_current_uid_gid() maps the same
		 * uid through init_user_ns, which is the identity;
		 * bpf_get_current_cgroup_id() follows the same pointers to the
		 * default hierarchy's cgroup. */
		__u64 c[2];

		if (mode == READ_PROBE && !task)
			task = bpf_get_current_task_btf();
		e->pid = task->tgid;
		e->tid = task->pid;
		e->ppid = task->real_parent->tgid;
		e->uid = task->cred->uid.val;
		e->cgroup_id = task->cgroups->dfl_cgrp->kn->id;
		/* the process's name, its main thread's as ps shows it: the
		 * binding thread may have one of its own (a Java server's
		 * worker, io_uring's iou-wrk-PID).  The kernel keeps comm
		 * NUL-terminated; the last byte is cleared in case it grows. */
		__builtin_memcpy(c, task->group_leader->comm, sizeof(c));
		__builtin_memcpy(e->comm, c, sizeof(c));
		e->comm[sizeof(e->comm) - 1] = '\0';
		return;
	}
	task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid();

	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->cgroup_id = bpf_get_current_cgroup_id();
	BPF_CORE_READ_INTO(&e->comm, task, group_leader, comm); /* as above */
	e->comm[sizeof(e->comm) - 1] = '\0';
}

/* This CPU's ring, by number (the programs cannot migrate while they
 * run).  Each ring is named at its own call below: a map pointer that
 * could be any of four would have the verifier walk the rest of the
 * program once for each. */
static __always_inline __u32 ring_index(void)
{
	return bpf_get_smp_processor_id() & ring_mask & (RINGS - 1);
}

static __always_inline long ring_output(__u32 ring, struct bind_event *e, __u64 flags)
{
	switch (ring) {
	case 0: return bpf_ringbuf_output(&events0, e, sizeof(*e), flags);
	case 1: return bpf_ringbuf_output(&events1, e, sizeof(*e), flags);
	case 2: return bpf_ringbuf_output(&events2, e, sizeof(*e), flags);
	default: return bpf_ringbuf_output(&events3, e, sizeof(*e), flags);
	}
}

static __always_inline __u64 ring_query(__u32 ring, __u64 what)
{
	switch (ring) {
	case 0: return bpf_ringbuf_query(&events0, what);
	case 1: return bpf_ringbuf_query(&events1, what);
	case 2: return bpf_ringbuf_query(&events2, what);
	default: return bpf_ringbuf_query(&events3, what);
	}
}

/* Every emitter: event_begin on an event of its own stack, fill in,
 * event_finish.  The event goes into the ring by one copy
 * (bpf_ringbuf_output) rather than being written in place between
 * bpf_ringbuf_reserve and bpf_ringbuf_submit: one helper call fewer per
 * event (~25 ns where returns go through a Safe RET thunk) for a copy of
 * 120 bytes, and none at all for what the filters reject. */
static __always_inline void event_begin(struct bind_event *e, __u8 kind, enum read_mode mode,
					struct task_struct *task)
{
	__builtin_memset(e, 0, sizeof(*e));
	fill_task(e, mode, task);
	e->kind = kind;
	e->backend = backend;
}

/* A record's bytes in a ring: the event and the ring's 8-byte header. */
#define RECORD_BYTES (sizeof(struct bind_event) + 8)

/* Whether to wake the reader of ring, which got a record at now.  The ring
 * is asked how much waits only after another sixteenth of the mark was
 * submitted: asking at every record was a helper call per event (~25 ns
 * where returns go through a Safe RET thunk), and the mark, a quarter of
 * the ring, leaves room for the sixteenth. */
static __always_inline bool wakeup_due(__u32 ring, struct wake_state *w, __u64 now)
{
	if (now - w->ns > wakeup_interval_ns)
		return true;
	if (now - w->ns <= wakeup_interval_ns / 8)
		return false;
	w->unasked += RECORD_BYTES;
	if (w->unasked < wakeup_bytes / 16)
		return false;
	w->unasked = 0;
	return ring_query(ring, BPF_RB_AVAIL_DATA) >= wakeup_bytes &&
	       ring_query(ring, BPF_RB_CONS_POS) != w->cons;
}

/* Drops what the filters reject, else copies it into this CPU's ring,
 * waking the reader only when enough waits or enough time passed.  A full
 * ring is counted as a drop. */
static __always_inline void event_finish(struct bind_event *e)
{
	__u32 ring = ring_index();
	struct wake_state *w = &last_wakeup[ring];
	bool wake;

	if (!event_passes_filters(e))
		return;
	wake = wakeup_due(ring, w, e->ts_ns);
	if (ring_output(ring, e, wake ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP)) {
		count_drop(BG_DROP_RINGBUF);
	} else if (wake) {
		w->ns = e->ts_ns;
		w->cons = ring_query(ring, BPF_RB_CONS_POS);
	}
}

static __always_inline bool pid_selected(void)
{
	return !filter_pid || (bpf_get_current_pid_tgid() >> 32) == filter_pid;
}

static __always_inline long read_sockaddr(void *dst, __u32 len, const void *src, bool kernel_copy)
{
	return kernel_copy ? bpf_probe_read_kernel(dst, len, src)
			   : bpf_probe_read_user(dst, len, src);
}

/* What a bind asked for, from the caller's sockaddr (user memory) or the
 * kernel's copy of it.  The caller's buffer may be shorter than a
 * sockaddr_in6 and end at a page boundary: read only what addrlen covers. */
static __always_inline void read_bind_request(struct inflight_call *call, const void *uaddr,
					      __u32 addrlen, bool kernel_copy)
{
	struct bg_sockaddr_in6 sa = {};
	__u16 sa_family = 0;

	if (addrlen >= sizeof(struct bg_sockaddr_in6)) {
		if (read_sockaddr(&sa, sizeof(sa), uaddr, kernel_copy))
			addrlen = 0;
	} else if (addrlen >= SIN6_LEN_RFC2133) {
		/* the address ends at byte 24: read all of it */
		if (read_sockaddr(&sa, SIN6_LEN_RFC2133, uaddr, kernel_copy))
			addrlen = 0;
	} else if (addrlen >= sizeof(struct bg_sockaddr_in)) {
		if (read_sockaddr(&sa, sizeof(struct bg_sockaddr_in), uaddr, kernel_copy))
			addrlen = 0;
	} else if (addrlen >= sizeof(sa_family)) {
		if (read_sockaddr(&sa_family, sizeof(sa_family), uaddr, kernel_copy))
			addrlen = 0;
		sa.sin6_family = sa_family;
	}
	call->req_family = addrlen >= sizeof(sa_family) ? sa.sin6_family : 0;
	if (!call->family)
		call->family = call->req_family; /* not a socket: judge by the request */

	/* AF_UNSPEC is accepted for AF_INET sockets as if it were AF_INET */
	if (call->family == AF_INET && addrlen >= sizeof(struct bg_sockaddr_in) &&
	    (call->req_family == AF_INET || call->req_family == 0)) {
		struct bg_sockaddr_in *sin = (void *)&sa;

		__builtin_memcpy(call->req_addr, &sin->sin_addr, 4);
		call->req_port = bpf_ntohs(sin->sin_port);
		call->req_valid = 1;
	} else if (call->family == AF_INET6 && call->req_family == AF_INET6 &&
		   addrlen >= SIN6_LEN_RFC2133) {
		__builtin_memcpy(call->req_addr, &sa.sin6_addr, 16);
		call->req_port = bpf_ntohs(sa.sin6_port);
		call->req_valid = 1;
	}
}

/* Describes a call on socket sk (NULL: the fd is none); false when it is
 * not ours (not AF_INET/AF_INET6, or filtered out by family).  front: the
 * socket's front where the caller read it (else NULL). */
static __always_inline bool describe_call(struct inflight_call *call, __u8 kind, struct sock *sk,
					  const struct sock_common *front, const void *uaddr,
					  __u32 addrlen, bool kernel_copy, enum read_mode mode)
{
	const bool direct = mode != READ_PROBE;
	struct sock_front f;

	call->kind = kind;
	call->sk = sk;
	if (sk && front)
		call->family = front->skc_family;
	else if (sk)
		call->family = SK_FIELD(direct, sk, __sk_common.skc_family);
	if (kind == BG_EVENT_BIND) {
		read_bind_request(call, uaddr, addrlen, kernel_copy);
	} else if (sk) {
		/* listen: what the socket was bound to before the call */
		if (direct) {
			read_sock_addr(sk, call->family, call->req_addr, &call->req_port);
		} else {
			if (!front)
				front = read_sock_front(sk, &f);
			sock_front_addr(front, call->family, call->req_addr, &call->req_port);
		}
		call->req_family = call->family;
		call->req_valid = 1;
	}
	if (call->family != AF_INET && call->family != AF_INET6)
		return false; /* AF_UNIX, AF_NETLINK, AF_PACKET ...: not ours */
	return !filter_family || call->family == filter_family;
}

/* The socket whose cookie an enforce hook keyed its verdict by: an MPTCP
 * socket binds through its first subflow, which the hook sees instead. */
static __always_inline struct sock *hook_socket(struct sock *sk)
{
	struct sock *first;

	/* a kernel without MPTCP has no such type: the branch goes */
	if (!bpf_core_type_exists(struct mptcp_sock) ||
	    BPF_CORE_READ(sk, sk_protocol) != IPPROTO_MPTCP)
		return sk;
	first = BPF_CORE_READ((struct mptcp_sock *)sk, first);
	return first ? first : sk;
}

/* Emits the event of a finished call that returned ret, reading its socket
 * as mode says; front: the socket's front read after the call, or NULL. */
static __always_inline void emit_call(const struct inflight_call *call,
				      const struct sock_common *front, long ret,
				      enum read_mode mode, struct task_struct *task)
{
	__u8 req_addr[BG_ADDR_LEN], action = BG_ACTION_NONE, reason = BG_REASON_NONE;
	struct sock *sk = mode == READ_CAST && call->sk
			      ? btf_cast(call->sk, struct sock, kernel_id_sock)
			      : call->sk;
	struct bind_event ev, *e = &ev;
	struct verdict *v;
	__u16 req_port;

	if (only_actions) {
		/* live enforce: only binds its hook judged; the hook ran
		 * inside this call and asked for the socket's cookie */
		__u64 cookie =
		    sk ? BPF_CORE_READ(hook_socket(sk), __sk_common.skc_cookie.counter) : 0;

		v = cookie ? bpf_map_lookup_elem(&verdicts, &cookie) : NULL;
		if (!v)
			return;
		action = v->action;
		reason = v->reason;
		req_port = v->port;
		__builtin_memcpy(req_addr, v->orig_addr, BG_ADDR_LEN);
		bpf_map_delete_elem(&verdicts, &cookie);
	} else {
		req_port = call->req_port;
		__builtin_memcpy(req_addr, call->req_addr, BG_ADDR_LEN);
	}

	event_begin(e, call->kind, mode, task);
	e->action = action;
	e->reason = reason;
	e->ret = ret;
	e->family = call->family;
	e->req_family = call->req_family;
	e->req_port = req_port;
	__builtin_memcpy(e->req_addr, req_addr, BG_ADDR_LEN);
	if (call->req_valid || action)
		e->flags |= BG_F_REQ_VALID;
	if (call->no_syscall)
		e->flags |= BG_F_NO_SYSCALL;
	if (sk && mode != READ_PROBE) {
		read_sock_addr(sk, call->family, e->addr, &e->port);
		e->flags |= BG_F_EFF_VALID | read_sock_flags(sk, call->family, mode);
		e->protocol = sk->sk_protocol;
		e->sock_type = sk->sk_type;
		e->netns = sk->__sk_common.skc_net.net->ns.inum;
	} else if (sk) {
		struct sock_front f;

		if (!front)
			front = read_sock_front(sk, &f);
		sock_front_addr(front, call->family, e->addr, &e->port);
		e->flags |= BG_F_EFF_VALID;
		sock_probed_details(sk, front, call->family, e);
		sock_type_protocol_probed(sk, &e->sock_type, &e->protocol);
	} else {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();

		e->netns = BPF_CORE_READ(task, nsproxy, net_ns, ns.inum);
	}
	event_finish(e);
}

/* Enter+exit pairing (old tracepoint path, listen's trampolines). */
static __always_inline int enter_call(__u8 kind, int fd, const void *uaddr, __u32 addrlen)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight_call call = {};

	if (!pid_selected())
		return 0;
	if (!describe_call(&call, kind, sock_from_fd(fd, NULL), NULL, uaddr, addrlen, false,
			   READ_PROBE))
		return 0;
	if (bpf_map_update_elem(&inflight, &tid, &call, BPF_ANY))
		count_drop(BG_DROP_INFLIGHT);
	return 0;
}

static __always_inline int exit_call(long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight_call *call = bpf_map_lookup_elem(&inflight, &tid);

	if (!call)
		return 0;
	emit_call(call, NULL, ret, READ_PROBE, NULL);
	bpf_map_delete_elem(&inflight, &tid);
	return 0;
}

/* --- syscall tracepoints, enter+exit (kernels without the lean helpers) */

SEC("tracepoint/syscalls/sys_enter_bind")
int trace_enter_bind(struct bg_sys_enter *ctx)
{
	return enter_call(BG_EVENT_BIND, (int)ctx->args[0], (const void *)ctx->args[1],
			  (__u32)ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_exit_bind")
int trace_exit_bind(struct bg_sys_exit *ctx)
{
	return exit_call(ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_listen")
int trace_enter_listen(struct bg_sys_enter *ctx)
{
	return enter_call(BG_EVENT_LISTEN, (int)ctx->args[0], NULL, 0);
}

SEC("tracepoint/syscalls/sys_exit_listen")
int trace_exit_listen(struct bg_sys_exit *ctx)
{
	return exit_call(ctx->ret);
}

/* The end of a bind() (and socketcall's), for the exit-only tracepoints
 * and the trampolines: the socket of the caller's fd (NULL for none), as
 * the program found it, the caller's sockaddr, and the current task where
 * the program holds it (fill_task). */
static __always_inline int sys_bind_exit(struct sock *sk, struct sockaddr *umyaddr, int addrlen,
					 int ret, enum read_mode mode, struct task_struct *task)
{
	const struct sock_common *front = NULL;
	struct inflight_call call = {};
	struct sock_front f;

	if (sk && mode == READ_PROBE)
		front = read_sock_front(sk, &f); /* once for both */
	if (describe_call(&call, BG_EVENT_BIND, sk, front, umyaddr, (__u32)addrlen, false, mode))
		emit_call(&call, front, ret, mode, task);
	return 0;
}

/* --- syscall tracepoints, exit only (bpf_task_pt_regs, Linux 5.15+) ----
 * The arguments are still in the task's saved registers at exit: no enter
 * program (other syscalls then pay only the exit side of the slow path)
 * and no pairing map.  The socket is read through bpf_rdonly_cast where
 * the kernel has it (6.2+: the lean programs), else with probe reads. */

/* The socket of the current task's fd, read as mode says; task: the
 * current task as the program reads it (exit_only_task). */
static __always_inline struct sock *exit_only_sock(int fd, enum read_mode mode,
						   struct task_struct *task)
{
	return mode == READ_CAST ? sock_from_fd_btf(fd, task) : sock_from_fd(fd, task);
}

/* Where a task's saved registers lie from the bottom of its kernel stack:
 * the same for every task (task_pt_regs() is the stack page plus
 * THREAD_SIZE, less a padding, less a struct pt_regs; all three depend on
 * the kernel's build alone).  Learned from bpf_task_pt_regs() by the first
 * lean run, then added to task->stack instead of calling it.  Every CPU
 * that learns it learns the same number, so a race to set it is benign. */
static __u64 regs_from_stack;

/* A pointer's value as a plain number, to subtract two pointers the
 * verifier would not: before 6.18 it refuses math between
 * bpf_task_pt_regs()'s pointer and a number it cannot bound, and since
 * then it types task->stack of a cast task as a pointer too ("pointer +=
 * pointer prohibited").  Copied from the program's own stack by a probe
 * read, which the verifier takes for a number; only the first run pays. */
static __always_inline long pointer_value(const void *p, __u64 *n)
{
	return bpf_probe_read_kernel(n, sizeof(*n), &p);
}

/* The saved registers of task (cast: task_ro) as a cast pointer. */
static __always_inline const void *task_regs_cast(struct task_struct *task, struct task_struct *ro)
{
	const void *stack = ro->stack;
	__u64 offset = *(volatile __u64 *)&regs_from_stack;

	if (!offset) {
		const void *regs = (const void *)bpf_task_pt_regs(task);
		__u64 at = 0, base = 0;

		/* a read that failed would leave a wrong offset for good */
		if (pointer_value(regs, &at) || pointer_value(stack, &base) || at <= base)
			return regs;
		offset = at - base;
		*(volatile __u64 *)&regs_from_stack = offset;
	}
	return btf_cast((void *)((const char *)stack + offset), struct pt_regs, kernel_id_pt_regs);
}

/* The current task, fetched once per run: its saved registers (regs) and
 * the pointer the program reads it through, cast where mode is READ_CAST. */
static __always_inline struct task_struct *exit_only_task(enum read_mode mode, const void **regs)
{
	struct task_struct *task = bpf_get_current_task_btf();

	if (mode == READ_CAST) {
		struct task_struct *ro = task_ro(task);

		*regs = task_regs_cast(task, ro);
		return ro;
	}
	*regs = (const void *)bpf_task_pt_regs(task);
	return task;
}

static __always_inline int exit_only_bind(long ret, enum read_mode mode)
{
	const void *regs;
	struct task_struct *task = exit_only_task(mode, &regs);

	if (!pid_selected())
		return 0;
	return sys_bind_exit(exit_only_sock((int)SYSCALL_ARG1(regs), mode, task),
			     (struct sockaddr *)SYSCALL_ARG2(regs), (int)SYSCALL_ARG3(regs), ret,
			     mode, task);
}

/* A listen() that changed the socket's state left its earlier address in
 * the in-flight map (inet_sock_set_state); any other describes itself. */
static __always_inline int exit_only_listen(long ret, enum read_mode mode)
{
	const void *regs;
	struct task_struct *task = exit_only_task(mode, &regs);
	__u32 tid = task->pid; /* the key remember_listen used */
	struct inflight_call call = {}, *before;

	if (!pid_selected())
		return 0;
	/* one emit_call, not one per branch: half the code for the verifier
	 * and libbpf's relocations to go through at every start */
	before = bpf_map_lookup_elem(&inflight, &tid);
	if (before) {
		call = *before;
		bpf_map_delete_elem(&inflight, &tid);
	} else if (!describe_call(&call, BG_EVENT_LISTEN,
				  exit_only_sock((int)SYSCALL_ARG1(regs), mode, task), NULL, NULL,
				  0, false, mode)) {
		return 0;
	}
	emit_call(&call, NULL, ret, mode, task);
	return 0;
}

SEC("?tracepoint/syscalls/sys_exit_bind")
int lean_exit_bind(struct bg_sys_exit *ctx)
{
	return exit_only_bind(ctx->ret, READ_CAST);
}

SEC("?tracepoint/syscalls/sys_exit_listen")
int lean_exit_listen(struct bg_sys_exit *ctx)
{
	return exit_only_listen(ctx->ret, READ_CAST);
}

/* Linux 5.15-6.1: exit-only, the socket by probe reads (a tracepoint
 * program may not call bpf_sock_from_file, which the trampolines' fd-array
 * reads need). */
SEC("?tracepoint/syscalls/sys_exit_bind")
int probed_exit_bind(struct bg_sys_exit *ctx)
{
	return exit_only_bind(ctx->ret, READ_PROBE);
}

SEC("?tracepoint/syscalls/sys_exit_listen")
int probed_exit_listen(struct bg_sys_exit *ctx)
{
	return exit_only_listen(ctx->ret, READ_PROBE);
}

/* --- BPF trampolines on the kernel's own functions ----------------------
 * Userspace checks through BTF that these exist with these prototypes and
 * loads only what this kernel has. */

SEC("?fexit/__sys_bind")
int BPF_PROG(fexit_sys_bind, int fd, struct sockaddr *umyaddr, int addrlen, int ret)
{
	if (!pid_selected())
		return 0;
	return sys_bind_exit(sock_from_fd(fd, NULL), umyaddr, addrlen, ret, READ_PROBE, NULL);
}

/* Linux 5.11-6.1, where nothing casts: the socket through BTF pointers all
 * the way where the fd is in the task's first 64 (fd_in_array), the probe
 * reads otherwise.  Loaded instead of the one above where the kernel takes
 * it. */
SEC("?fexit/__sys_bind")
int BPF_PROG(fexit_sys_bind_files, int fd, struct sockaddr *umyaddr, int addrlen, int ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct files_struct *files = task->files;

	if (!pid_selected())
		return 0;
	if (fd_in_array(files, fd))
		return sys_bind_exit(sock_from_fd_array(files, fd), umyaddr, addrlen, ret, READ_BTF,
				     task);
	return sys_bind_exit(sock_from_fd(fd, task), umyaddr, addrlen, ret, READ_PROBE, task);
}

/* The same with direct BTF reads (bpf_rdonly_cast, 6.2+), like the lean
 * tracepoints; loaded instead of the ones above where the kernel takes it. */
SEC("?fexit/__sys_bind")
int BPF_PROG(fexit_sys_bind_btf, int fd, struct sockaddr *umyaddr, int addrlen, int ret)
{
	struct task_struct *task = current_task_ro();

	if (!pid_selected())
		return 0;
	return sys_bind_exit(sock_from_fd_btf(fd, task), umyaddr, addrlen, ret, READ_CAST, task);
}

/* Linux 6.11+: binds without a bind() call (io_uring's IORING_OP_BIND),
 * with the kernel's copy of the address.  Debian's 6.12 inlines this
 * function into __sys_bind, so bind() calls may or may not come through
 * here: those are __sys_bind's to report. */
SEC("?fexit/__sys_bind_socket")
int BPF_PROG(fexit_sys_bind_socket, struct socket *sock, void *address, int addrlen, int ret)
{
	struct inflight_call call = { .no_syscall = 1 };

	if (!pid_selected() || current_syscall_nr() == NR_BIND)
		return 0;
	if (describe_call(&call, BG_EVENT_BIND, BPF_CORE_READ(sock, sk), NULL, address,
			  (__u32)addrlen, true, READ_PROBE))
		emit_call(&call, NULL, ret, READ_PROBE, NULL);
	return 0;
}

SEC("?fentry/__sys_listen")
int BPF_PROG(fentry_sys_listen, int fd, int backlog)
{
	return enter_call(BG_EVENT_LISTEN, fd, NULL, 0);
}

SEC("?fexit/__sys_listen")
int BPF_PROG(fexit_sys_listen, int fd, int backlog, int ret)
{
	return exit_call(ret);
}

/* Linux 6.11+: listens without a listen() call (io_uring's IORING_OP_LISTEN).
 * Inside __sys_listen (where the kernel did not inline this function, or a
 * compat socketcall) the same socket's call is already in flight and
 * __sys_listen's own pair reports it; otherwise the entry here keeps
 * inet_sock_set_state from reporting the same listen, and the exit reports
 * it with its result. */
SEC("?fentry/__sys_listen_socket")
int BPF_PROG(fentry_sys_listen_socket, struct socket *sock, int backlog)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight_call call = { .no_syscall = 1 }, *outer;
	struct sock *sk = BPF_CORE_READ(sock, sk);

	outer = bpf_map_lookup_elem(&inflight, &tid);
	if (!pid_selected() || (outer && outer->sk == sk))
		return 0;
	if (describe_call(&call, BG_EVENT_LISTEN, sk, NULL, NULL, 0, false, READ_PROBE) &&
	    bpf_map_update_elem(&inflight, &tid, &call, BPF_ANY))
		count_drop(BG_DROP_INFLIGHT);
	return 0;
}

SEC("?fexit/__sys_listen_socket")
int BPF_PROG(fexit_sys_listen_socket, struct socket *sock, int backlog, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight_call *call = bpf_map_lookup_elem(&inflight, &tid);

	if (call && call->no_syscall && call->sk == BPF_CORE_READ(sock, sk))
		return exit_call(ret);
	return 0;
}

/* --- io_uring's binds on the tracepoint backend (Linux 6.11+) ----------
 * An IORING_OP_BIND makes no bind() call, so no syscall tracepoint sees
 * it; its completion does (io_uring:io_uring_complete, which taxes no
 * other syscall).  The request still holds the file its issue took and
 * the kernel's copy of the address its prep made.  Raw tracepoints: the
 * tracepoint's arguments changed from (ctx, req, user_data, res, cflags,
 * extra1, extra2) (6.12) to (ctx, req, cqe) (6.18); userspace loads the
 * program that matches the kernel's prototype.  A bind that succeeds
 * under IOSQE_CQE_SKIP_SUCCESS posts no completion, and no program here
 * sees it. */

#define BG_IORING_OP_BIND 56 /* UAPI */

/* Where the request keeps the copy of the address: in a struct
 * io_async_msghdr (from 6.11), or alone at the start of its async data
 * (the stable updates of June 2026 on: 6.18.44 here).  The kernel's BTF
 * is the same for both, so the programs learn it from the first bind
 * that worked, as the copy that holds the address the socket got. */
enum uring_addr_at { URING_ADDR_UNKNOWN, URING_ADDR_MSGHDR, URING_ADDR_PLAIN };
static __u32 uring_addr_at;

/* Whether the sockaddr at src (kernel memory) asks for family and, where
 * the bind worked (bound: its socket), for what the socket got: its
 * address, and its port unless it asked for any.  The socket is read at
 * each call: read once for both calls, the verifier processed 4 100
 * instructions instead of 3 780 (+0.5 ms at every start), for two loads
 * saved on a rare path. */
static __always_inline bool uring_addr_fits(const void *src, __u16 family, struct sock *bound)
{
	struct bg_sockaddr_in6 sa = {};
	__u32 want[4] = {}, got[4] = {};
	__u16 port;

	if (bpf_probe_read_kernel(&sa, sizeof(sa), src) || sa.sin6_family != family)
		return false;
	if (!bound)
		return true;
	read_sock_addr(bound, family, (__u8 *)want, &port);
	if (sa.sin6_port && bpf_ntohs(sa.sin6_port) != port)
		return false;
	if (family == AF_INET)
		__builtin_memcpy(got, ((struct bg_sockaddr_in *)&sa)->sin_addr, 4);
	else
		__builtin_memcpy(got, sa.sin6_addr, 16);
	return want[0] == got[0] && want[1] == got[1] && want[2] == got[2] && want[3] == got[3];
}

/* Where in the async data of request raw_req, an IORING_OP_BIND on an
 * AF_INET/AF_INET6 socket that returned res, the copy of the address
 * lies; -1 when neither place (or both) fits: the request is then
 * reported as unknown.  A global function: the verifier checks it once,
 * apart from the program's paths, which its choices multiplied when it
 * was inlined (5 800 instructions processed at load; 3 780 now).  It
 * takes numbers, not pointers, so it finds the socket again itself. */
__noinline int uring_bind_addr_offset(__u64 raw_req, int res)
{
	struct io_kiocb *req = btf_cast((void *)raw_req, struct io_kiocb, kernel_id_io_kiocb);
	const int msghdr = bpf_core_field_offset(struct io_async_msghdr, addr);
	const void *io = req->async_data;
	struct sock *sk = sock_of_file_btf(req->file), *bound;
	bool in_plain, in_msghdr;
	__u16 family;

	if (!sk)
		return -1;
	family = sk->__sk_common.skc_family;
	bound = res == 0 ? sk : NULL;
	if (uring_addr_at != URING_ADDR_UNKNOWN)
		return uring_addr_at == URING_ADDR_PLAIN ? 0 : msghdr;
	in_plain = uring_addr_fits(io, family, bound);
	in_msghdr = uring_addr_fits(io + msghdr, family, bound);
	if (in_plain == in_msghdr)
		return -1;
	if (bound)
		uring_addr_at = in_plain ? URING_ADDR_PLAIN : URING_ADDR_MSGHDR;
	return in_plain ? 0 : msghdr;
}

static __always_inline int uring_bind_complete(__u64 raw_req, int res, bool res_in_cqe,
					       const void *cqe)
{
	struct io_kiocb *req = btf_cast((void *)raw_req, struct io_kiocb, kernel_id_io_kiocb);
	struct inflight_call call = { .no_syscall = 1 };
	const void *io, *addr = NULL;
	struct file *file;
	struct sock *sk;
	__u16 family;
	int offset;

	if (req->opcode != BG_IORING_OP_BIND)
		return 0;
	file = req->file;
	/* no file: never issued (its prep failed, or its link did) */
	if (!file || !pid_selected())
		return 0;
	if (res_in_cqe)
		res = BPF_CORE_READ((struct io_uring_cqe *)cqe, res);
	sk = sock_of_file_btf(file);
	family = sk ? sk->__sk_common.skc_family : 0;
	io = req->async_data;
	if (io && (family == AF_INET || family == AF_INET6)) {
		offset = uring_bind_addr_offset(raw_req, res);
		addr = offset < 0 ? NULL : io + offset;
	}
	if (describe_call(&call, BG_EVENT_BIND, sk, NULL, addr,
			  addr ? (__u32)BPF_CORE_READ((struct io_bind *)raw_req, addr_len) : 0,
			  true, READ_CAST))
		emit_call(&call, NULL, res, READ_CAST, current_task_ro());
	return 0;
}

/* (ctx, req, cqe) */
SEC("?raw_tp/io_uring_complete")
int uring_complete_cqe(struct bpf_raw_tracepoint_args *ctx)
{
	return uring_bind_complete(ctx->args[1], 0, true, (const void *)ctx->args[2]);
}

/* (ctx, req, user_data, res, cflags, extra1, extra2) */
SEC("?raw_tp/io_uring_complete")
int uring_complete_res(struct bpf_raw_tracepoint_args *ctx)
{
	return uring_bind_complete(ctx->args[1], (int)ctx->args[3], false, NULL);
}

/* --- every path but hooks ------------------------------------------------ */

/* Exit-only tracepoints: keeps what listen() found before it changed the
 * state, for its exit to report. */
static __always_inline void remember_listen(struct sock *sk, __u16 family)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight_call call = {};

	if (!pid_selected())
		return;
	if (describe_call(&call, BG_EVENT_LISTEN, sk, NULL, NULL, 0, false, READ_PROBE))
		bpf_map_update_elem(&inflight, &tid, &call, BPF_ANY);
}

/* TCP listeners that appear without a listen() syscall (io_uring's
 * IORING_OP_LISTEN, in-kernel servers) and, for `top`, listeners closing. */
SEC("tracepoint/sock/inet_sock_set_state")
int trace_inet_sock_set_state(struct bg_inet_sock_set_state *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sock *sk = (struct sock *)ctx->skaddr;
	struct sock_front f;
	struct bind_event ev, *e = &ev;
	__u8 kind;

	if (ctx->newstate == TCP_LISTEN) {
		if (exit_only_tracepoints && current_syscall_nr() == NR_LISTEN) {
			remember_listen(sk, ctx->family);
			return 0; /* its exit reports it */
		}
		if (!exit_only_tracepoints && bpf_map_lookup_elem(&inflight, &tid))
			return 0; /* inside listen(): its exit reports it */
		kind = BG_EVENT_LISTEN;
	} else if (emit_close && ctx->oldstate == TCP_LISTEN) {
		kind = BG_EVENT_CLOSE;
	} else {
		return 0;
	}
	if (only_actions || !pid_selected())
		return 0;
	if (filter_family && ctx->family != filter_family)
		return 0;
	if (filter_result < 0)
		return 0; /* state changes are never errors */

	event_begin(e, kind, READ_PROBE, NULL);
	e->family = ctx->family;
	e->req_family = ctx->family;
	e->protocol = ctx->protocol;
	e->port = ctx->sport;
	e->req_port = ctx->sport;
	/* the verifier allows no pointer arithmetic on ctx: copy via a helper */
	if (ctx->family == AF_INET)
		bpf_probe_read_kernel(e->addr, 4, ctx->saddr);
	else
		bpf_probe_read_kernel(e->addr, 16, ctx->saddr_v6);
	__builtin_memcpy(e->req_addr, e->addr, BG_ADDR_LEN);
	e->flags = BG_F_REQ_VALID | BG_F_EFF_VALID | BG_F_NO_SYSCALL;
	e->sock_type = BPF_CORE_READ(sk, sk_type);
	sock_probed_details(sk, read_sock_front(sk, &f), ctx->family, e);
	event_finish(e);
	return 0;
}

/* A socket program's local address (fields ip4, ip6 of ctx) into addr. */
#define CTX_LOCAL_ADDR_COPY(addr, family, ctx, ip4, ip6)                                           \
	do {                                                                                       \
		if ((family) == AF_INET) {                                                         \
			__u32 ip_ = (ctx)->ip4;                                                    \
                                                                                                   \
			__builtin_memcpy(addr, &ip_, 4);                                           \
		} else {                                                                           \
			__u32 a_[4];                                                               \
                                                                                                   \
			CTX_IP6_COPY(a_, ctx, ip6);                                                \
			__builtin_memcpy(addr, a_, 16);                                            \
		}                                                                                  \
	} while (0)

/* --- hooks mode: cgroup programs, loaded only for `--backend hooks` ------
 * They observe and never change anything: every one returns 1 ("go on").
 * They run only for sockets of the cgroup subtree they are attached to. */

static __always_inline void remember_request(struct bpf_sock_addr *ctx, __u16 family,
					     const __u8 *addr)
{
	struct pending_bind p = { .family = family, .port = bpf_ntohs((__u16)ctx->user_port) };
	__u64 cookie;

	if (!pid_selected())
		return;
	__builtin_memcpy(p.addr, addr, BG_ADDR_LEN);
	cookie = bpf_get_socket_cookie(ctx);
	bpf_map_update_elem(&pending_binds, &cookie, &p, BPF_ANY);
}

SEC("?cgroup/bind4")
int hook_bind4(struct bpf_sock_addr *ctx)
{
	__u8 addr[BG_ADDR_LEN] = {};
	__u32 ip = ctx->user_ip4;

	__builtin_memcpy(addr, &ip, 4);
	remember_request(ctx, AF_INET, addr);
	return 1;
}

SEC("?cgroup/bind6")
int hook_bind6(struct bpf_sock_addr *ctx)
{
	__u32 a[4];

	CTX_IP6_COPY(a, ctx, user_ip6);
	remember_request(ctx, AF_INET6, (__u8 *)a);
	return 1;
}

/* After a successful bind (skipped for IP_BIND_ADDRESS_NO_PORT sockets). */
static __always_inline void report_bound(struct bpf_sock *ctx, __u16 family)
{
	/* a cgroup sock program's context is the socket itself: CO-RE reads
	 * through it see the fields struct bpf_sock does not offer */
	struct sock *sk = (struct sock *)ctx;
	__u64 cookie = bpf_get_socket_cookie(ctx);
	struct pending_bind *p = bpf_map_lookup_elem(&pending_binds, &cookie);
	struct bind_event ev, *e = &ev;

	if (!pid_selected() || (filter_family && family != filter_family))
		goto out;
	event_begin(e, BG_EVENT_BIND, READ_PROBE, NULL);
	e->family = family;
	e->req_family = family;
	e->protocol = ctx->protocol;
	e->sock_type = ctx->type;
	if (p) {
		e->req_family = p->family;
		e->req_port = p->port;
		__builtin_memcpy(e->req_addr, p->addr, BG_ADDR_LEN);
		e->flags |= BG_F_REQ_VALID;
	}
	CTX_LOCAL_ADDR_COPY(e->addr, family, ctx, src_ip4, src_ip6);
	e->port = ctx->src_port;
	e->flags |= BG_F_EFF_VALID | read_sock_flags(sk, family, READ_PROBE);
	e->netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	event_finish(e);
out:
	if (p)
		bpf_map_delete_elem(&pending_binds, &cookie);
}

SEC("?cgroup/post_bind4")
int hook_post_bind4(struct bpf_sock *ctx)
{
	report_bound(ctx, AF_INET);
	return 1;
}

SEC("?cgroup/post_bind6")
int hook_post_bind6(struct bpf_sock *ctx)
{
	report_bound(ctx, AF_INET6);
	return 1;
}

/* A TCP socket entered the listening state: called after listen() (or
 * io_uring's) succeeded and an unbound socket got its port, which
 * sock:inet_sock_set_state fires too early to see. */
SEC("?sockops")
int hook_listen(struct bpf_sock_ops *ctx)
{
	struct bpf_sock *bs;
	struct tcp_sock *tp;
	struct sock *sk;
	struct bind_event ev, *e = &ev;
	__u16 family;

	if (ctx->op != BPF_SOCK_OPS_TCP_LISTEN_CB || !pid_selected())
		return 1;
	family = ctx->family;
	if (family != AF_INET && family != AF_INET6)
		return 1;
	if (filter_family && family != filter_family)
		return 1;
	bs = ctx->sk;
	if (!bs)
		return 1;
	tp = bpf_skc_to_tcp_sock(bs);
	if (!tp)
		return 1;
	sk = (struct sock *)tp;

	event_begin(e, BG_EVENT_LISTEN, READ_PROBE, NULL);
	e->family = family;
	e->req_family = family;
	e->protocol = sk->sk_protocol;
	e->sock_type = sk->sk_type;
	CTX_LOCAL_ADDR_COPY(e->addr, family, ctx, local_ip4, local_ip6);
	e->port = ctx->local_port;
	/* what the socket was bound to before listen() is gone: requested
	 * stays unknown (JSON null) */
	e->flags |= BG_F_EFF_VALID | read_sock_flags(sk, family, READ_PROBE);
	e->netns = sk->__sk_common.skc_net.net->ns.inum;
	event_finish(e);
	return 1;
}
