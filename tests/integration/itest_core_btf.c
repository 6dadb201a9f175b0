// SPDX-License-Identifier: GPL-2.0
/* The cut of the kernel's BTF (user/lib/core_btf.c) relocates every program
 * exactly as the whole BTF does, on this kernel: each BPF object is loaded
 * both ways, and the instructions libbpf gave the kernel compared, for each
 * set of programs a backend loads that this kernel takes. */
#include "itest.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "capture.skel.h"
#include "enforce.skel.h"
#include "lib/bpf_support.h"
#include "lib/core_btf.h"
#include "lib/kernel_btf.h"

/* The programs each backend loads (user/capture/capture.c choose_programs). */
static const char *const tracepoint_progs[] = { "trace_enter_bind",	     "trace_exit_bind",
						"trace_enter_listen",	     "trace_exit_listen",
						"trace_inet_sock_set_state", NULL };
static const char *const lean_progs[] = { "lean_exit_bind", "lean_exit_listen", NULL };
static const char *const probed_exit_progs[] = { "probed_exit_bind", "probed_exit_listen",
						 "trace_inet_sock_set_state", NULL };
static const char *const fentry_progs[] = { "fexit_sys_bind", "fentry_sys_listen",
					    "fexit_sys_listen", NULL };
static const char *const fentry_lean_progs[] = { "fexit_sys_bind_btf", NULL };
static const char *const fentry_files_progs[] = { "fexit_sys_bind_files", "fentry_sys_listen",
						  "fexit_sys_listen", NULL };
static const char *const fentry_socket_progs[] = { "fexit_sys_bind_socket",
						   "fentry_sys_listen_socket",
						   "fexit_sys_listen_socket", NULL };
static const char *const uring_cqe_progs[] = { "uring_complete_cqe", NULL };
static const char *const uring_res_progs[] = { "uring_complete_res", NULL };
static const char *const hook_progs[] = { "hook_bind4",	     "hook_bind6",  "hook_post_bind4",
					  "hook_post_bind6", "hook_listen", NULL };

struct program_set {
	const char *name;
	const char *const *progs;
	bool lean;	/* needs the cast ids */
	bool task_btf;	/* loaded with have_task_btf */
	bool exit_only; /* loaded with exit_only_tracepoints */
	bool uring;	/* needs the id of struct io_kiocb too */
};

static const struct program_set capture_sets[] = {
	{ "tracepoint", tracepoint_progs, false },
	{ "tracepoint, exit only", lean_progs, true, false, true },
	{ "tracepoint, exit only, probe reads (5.15+)", probed_exit_progs, false, true, true },
	{ "fentry", fentry_progs, false },
	{ "fentry, direct reads", fentry_lean_progs, true },
	{ "fentry, BTF reads of the fd array (5.11+)", fentry_files_progs, false, true },
	{ "fentry on *_socket (6.11+)", fentry_socket_progs, false },
	/* both load where io_uring has IORING_OP_BIND: only attaching checks
	 * the tracepoint's arguments */
	{ "io_uring completions, (ctx, req, cqe)", uring_cqe_progs, true, false, true, true },
	{ "io_uring completions, (ctx, req, ..., res, ...)", uring_res_progs, true, false, true,
	  true },
	{ "hooks", hook_progs, false },
};

static bool listed(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (!strcmp(*names, name))
			return true;
	return false;
}

/* The kernel's BTF cut for `elf` in a memfd: its path in `path`. */
static int cut_file(const void *elf, size_t size, char *path, size_t len)
{
	int fd = core_btf_file(elf, size, path, len);

	if (fd < 0)
		fail_msg("cutting the kernel's BTF: %s", strerror(-fd));
	return fd;
}

/* Same instructions, but the map fds ldimm64 carries (fds of two objects). */
static void assert_same_programs(struct bpf_object *whole, struct bpf_object *cut, const char *set)
{
	struct bpf_program *a;
	size_t programs = 0;

	bpf_object__for_each_program(a, whole)
	{
		struct bpf_program *b = bpf_object__find_program_by_name(cut, bpf_program__name(a));
		const struct bpf_insn *x = bpf_program__insns(a), *y;
		size_t n = bpf_program__insn_cnt(a);

		if (!bpf_program__autoload(a))
			continue;
		assert_non_null(b);
		y = bpf_program__insns(b);
		if (n != bpf_program__insn_cnt(b))
			fail_msg("%s: %s has %zu instructions with the whole BTF, %zu with the cut",
				 set, bpf_program__name(a), n, bpf_program__insn_cnt(b));
		for (size_t i = 0; i < n; i++) {
			struct bpf_insn p = x[i], q = y[i];

			if (p.code == (BPF_LD | BPF_IMM | BPF_DW) &&
			    (p.src_reg == BPF_PSEUDO_MAP_FD || p.src_reg == BPF_PSEUDO_MAP_VALUE))
				p.imm = q.imm = 0;
			if (memcmp(&p, &q, sizeof(p)))
				fail_msg("%s: %s differs at instruction %zu: %02x %d %d %d %d "
					 "with the whole BTF, %02x %d %d %d %d with the cut",
					 set, bpf_program__name(a), i, p.code, p.dst_reg, p.src_reg,
					 p.off, p.imm, q.code, q.dst_reg, q.src_reg, q.off, q.imm);
			if (p.code == (BPF_LD | BPF_IMM | BPF_DW))
				i++; /* the second half: a map value's offset, compared */
		}
		programs++;
	}
	assert_true(programs > 0);
}

static struct capture_bpf *open_capture(const struct program_set *s, const char *btf_path)
{
	static const char *const cast_names[] = { "task_struct", "file",      "socket",
						  "sock",	 "inet_sock", "files_struct",
						  "pt_regs",	 "io_kiocb" };
	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = btf_path);
	struct capture_bpf *skel = capture_bpf__open_opts(&opts);
	struct bpf_program *p;
	__u32 ids[8];

	assert_non_null(skel);
	bpf_object__for_each_program(p, skel->obj)
	    bpf_program__set_autoload(p, listed(s->progs, bpf_program__name(p)));
	if (s->lean) {
		btf_view_find(kernel_btf(), BTF_KIND_STRUCT, cast_names, ids, 8);
		skel->rodata->kernel_id_task_struct = ids[0];
		skel->rodata->kernel_id_file = ids[1];
		skel->rodata->kernel_id_socket = ids[2];
		skel->rodata->kernel_id_sock = ids[3];
		skel->rodata->kernel_id_inet_sock = ids[4];
		skel->rodata->kernel_id_files_struct = ids[5];
		skel->rodata->kernel_id_pt_regs = ids[6];
		skel->rodata->kernel_id_io_kiocb = s->uring ? ids[7] : 0;
	}
	skel->rodata->exit_only_tracepoints = s->exit_only;
	skel->rodata->have_task_btf = s->task_btf;
	return skel;
}

static void test_capture_relocated_the_same(void **state)
{
	char path[64];
	size_t size, compared = 0;
	const void *elf;
	int fd;

	(void)state;
	itest_require_root();
	elf = capture_bpf__elf_bytes(&size);
	fd = cut_file(elf, size, path, sizeof(path));
	for (size_t i = 0; i < sizeof(capture_sets) / sizeof(capture_sets[0]); i++) {
		const struct program_set *s = &capture_sets[i];
		struct capture_bpf *whole = open_capture(s, NULL), *cut = open_capture(s, path);
		int err = capture_bpf__load(whole);

		if (err) {
			printf("# %s: not on this kernel (%s)\n", s->name, strerror(-err));
		} else {
			err = capture_bpf__load(cut);
			if (err)
				fail_msg("%s loads with the whole BTF, not with the cut: %s",
					 s->name, strerror(-err));
			assert_same_programs(whole->obj, cut->obj, s->name);
			printf("# %s: the same\n", s->name);
			compared++;
		}
		capture_bpf__destroy(whole);
		capture_bpf__destroy(cut);
	}
	close(fd);
	kernel_btf_release();
	/* every kernel bindguard runs on has the syscall tracepoints */
	assert_true(compared >= 2);
}

static void test_enforce_relocated_the_same(void **state)
{
	char path[64];
	size_t size;
	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = path);
	struct enforce_bpf *whole, *cut;
	const void *elf;
	int fd;

	(void)state;
	itest_require_root();
	elf = enforce_bpf__elf_bytes(&size);
	fd = cut_file(elf, size, path, sizeof(path));
	whole = enforce_bpf__open();
	cut = enforce_bpf__open_opts(&opts);
	assert_non_null(whole);
	assert_non_null(cut);
	/* the bpf_loop pair needs Linux 5.17; both pairs where it is there */
	if (libbpf_probe_bpf_helper(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_FUNC_loop, NULL) != 1) {
		bpf_program__set_autoload(whole->progs.enforce_bind4_loop, false);
		bpf_program__set_autoload(whole->progs.enforce_bind6_loop, false);
		bpf_program__set_autoload(cut->progs.enforce_bind4_loop, false);
		bpf_program__set_autoload(cut->progs.enforce_bind6_loop, false);
	}
	assert_int_equal(enforce_bpf__load(whole), 0);
	assert_int_equal(enforce_bpf__load(cut), 0);
	assert_same_programs(whole->obj, cut->obj, "enforce");
	enforce_bpf__destroy(whole);
	enforce_bpf__destroy(cut);
	close(fd);
	kernel_btf_release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capture_relocated_the_same),
		cmocka_unit_test(test_enforce_relocated_the_same),
	};

	/* libbpf's words stay unsaid: a set this kernel refuses is expected,
	 * and the test names it */
	bpf_support_init(false);
	return cmocka_run_group_tests_name("core_btf", tests, NULL, NULL);
}
