// SPDX-License-Identifier: GPL-2.0
/* libbpf logging, pre-load kernel checks and load-error messages. */
#include "lib/bpf_support.h"
#include "lib/cgroups.h"
#include "lib/report.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static bool verbose_logs;

/* Without -v even warnings stay unsaid: the verifier's log runs to pages,
 * and bpf_report_error gives the one sentence a user needs. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	if (!verbose_logs)
		return 0;
	return vfprintf(stderr, fmt, args);
}

void bpf_support_init(bool verbose)
{
	verbose_logs = verbose;
	libbpf_set_print(libbpf_print);
}

const char *kernel_release(void)
{
	static struct utsname uts;

	if (!uts.release[0] && uname(&uts))
		return "unknown";
	return uts.release;
}

int kernel_as_before(const char *name, unsigned int *out)
{
	const char *env = getenv(name);
	unsigned int major, minor;
	char extra;

	*out = 0;
	if (!env || !*env)
		return 0;
	if (sscanf(env, "%u.%u%c", &major, &minor, &extra) != 2 || major > 255 || minor > 255) {
		report("invalid %s '%s': expected a kernel version such as 5.15\n", name, env);
		return -EINVAL;
	}
	*out = LINUX_VERSION(major, minor);
	return 0;
}

int bpf_preflight(void)
{
	/* built against 1.x; an older shared library would misbehave quietly */
	if (libbpf_major_version() < 1) {
		report("libbpf %s is too old; bindguard needs libbpf 1.0 or newer\n",
		       libbpf_version_string());
		return -EOPNOTSUPP;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		report("kernel %s has no BTF (/sys/kernel/btf/vmlinux); bindguard needs a "
		       "kernel built with CONFIG_DEBUG_INFO_BTF=y (5.8 or newer)\n",
		       kernel_release());
		return -ENOENT;
	}
	if (geteuid() != 0) {
		report("loading BPF programs needs root (CAP_BPF, CAP_PERFMON and "
		       "CAP_NET_ADMIN, or CAP_SYS_ADMIN); try sudo\n");
		return -EPERM;
	}
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) != 1) {
		report("kernel %s has no BPF ring buffer; bindguard needs Linux 5.8 or "
		       "newer\n",
		       kernel_release());
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Loads "call helper; r0 = 1; exit" as a program of this type: the verifier
 * looks the helper up for the type before it checks any argument, so only
 * its words for "not for this type" (which changed over the years) mean
 * no; a complaint about the arguments means the helper is there. */
bool bpf_helper_allowed(enum bpf_prog_type type, enum bpf_attach_type attach, enum bpf_func_id id)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = id },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char log[4096] = "";
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach, .log_buf = log,
		    .log_size = sizeof(log), .log_level = 1);
	int fd = bpf_prog_load(type, NULL, "GPL", insns, sizeof(insns) / sizeof(insns[0]), &opts);

	if (fd >= 0) {
		close(fd);
		return true;
	}
	return !strstr(log, "unknown func ") && !strstr(log, "invalid func ") &&
	       !strstr(log, "cannot use helper");
}

void bpf_report_verified(struct bpf_object *obj)
{
	struct bpf_program *prog;

	if (!verbose_logs)
		return;
	bpf_object__for_each_program(prog, obj)
	{
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(prog);

		memset(&info, 0, sizeof(info));
		if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
			continue;
		if (info.verified_insns)
			report("verifier: %s accepted: %u instructions checked, %u loaded\n",
			       bpf_program__name(prog), info.verified_insns,
			       info.xlated_prog_len / (__u32)sizeof(struct bpf_insn));
		else
			report("verifier: %s accepted: %u instructions loaded\n",
			       bpf_program__name(prog),
			       info.xlated_prog_len / (__u32)sizeof(struct bpf_insn));
	}
}

void bpf_report_error(const char *what, int err)
{
	const char *hint = verbose_logs ? "" : " (run with -v for libbpf's and the verifier's log)";

	if (err < 0)
		err = -err;
	switch (err) {
	case EPERM:
	case EACCES:
		report("the kernel refused %s: %s; bindguard needs root, and kernel "
		       "lockdown or a security module may forbid it%s\n",
		       what, strerror(err), hint);
		break;
	case ENOENT:
		report("%s: something it needs does not exist on kernel %s%s\n", what,
		       kernel_release(), hint);
		break;
	default: report("%s failed: %s%s\n", what, strerror(err), hint);
	}
}

uint64_t percpu_u64_sum(int map_fd, uint32_t key)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t total = 0, values[ncpu > 0 ? ncpu : 1];

	/* valgrind takes the value size from fdinfo, one CPU's worth, and
	 * would call the other CPUs' counts uninitialised */
	memset(values, 0, sizeof(values));
	if (ncpu <= 0 || bpf_map_lookup_elem(map_fd, &key, values))
		return 0;
	for (int cpu = 0; cpu < ncpu; cpu++)
		total += values[cpu];
	return total;
}

bool map_info_is(const struct bpf_map_info *info, uint32_t type, uint32_t key_size,
		 uint32_t value_size)
{
	return info->type == type && info->key_size == key_size && info->value_size == value_size;
}

bool map_layout_is(int map_fd, uint32_t type, uint32_t key_size, uint32_t value_size)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return !bpf_obj_get_info_by_fd(map_fd, &info, &len) &&
	       map_info_is(&info, type, key_size, value_size);
}

bool map_info_is_percpu_counter(const struct bpf_map_info *info)
{
	return map_info_is(info, BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(__u32), sizeof(__u64));
}

bool map_is_percpu_counter(int map_fd)
{
	return map_layout_is(map_fd, BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(__u32), sizeof(__u64));
}

int attach_to_cgroup(const char *cgroup_path, const struct cgroup_attachment *set, size_t n,
		     const char *what)
{
	int cg = cgroup_open(cgroup_path), err = 0;

	if (cg < 0)
		return cg;
	for (size_t i = 0; i < n && !err; i++) {
		*set[i].link = bpf_program__attach_cgroup(set[i].prog, cg);
		if (!*set[i].link) {
			err = -errno;
			bpf_report_error(what, err);
		}
	}
	close(cg);
	for (size_t i = 0; err && i < n; i++) { /* nothing half-way */
		bpf_link__destroy(*set[i].link);
		*set[i].link = NULL;
	}
	return err;
}
