/* SPDX-License-Identifier: GPL-2.0 */
/* What every BPF-loading command shares: libbpf logging (quiet unless -v),
 * checks of the kernel before loading, and one-sentence load errors. */
#ifndef BINDGUARD_BPF_SUPPORT_H
#define BINDGUARD_BPF_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/bpf.h>

/* Routes libbpf's messages: all of them to stderr when verbose, else none
 * (a failure is then one sentence from bpf_report_error, pointing at -v). */
void bpf_support_init(bool verbose);

/* Checks privileges, BTF and ring-buffer support; prints one sentence and
 * returns a negative errno when BPF cannot work here. */
int bpf_preflight(void);

/* Whether programs of this type (and expected attach type) may call the
 * helper, as the verifier says it: libbpf 1.1's own probe takes the newer
 * verifiers' "program of this type cannot use helper" for a yes. */
bool bpf_helper_allowed(enum bpf_prog_type type, enum bpf_attach_type attach, enum bpf_func_id id);

struct bpf_object;

/* With -v, one line per program the kernel accepted from obj: how many
 * instructions the verifier checked (Linux 5.16+) and how many it loaded.
 * A refusal's whole log comes from libbpf; an acceptance's is pages long. */
void bpf_report_verified(struct bpf_object *obj);

/* Prints one sentence for a failed open/load/attach of `what`. */
void bpf_report_error(const char *what, int err);

/* The sum over CPUs of a per-CPU array map's __u64 value at key (0 when
 * the lookup fails). */
uint64_t percpu_u64_sum(int map_fd, uint32_t key);

struct bpf_map_info;

/* Whether a map is of this type with these key and value sizes (enum
 * bpf_map_type), from its info or its fd.  Maps pinned or attached by
 * another version of bindguard may differ: a lookup writes the map's value
 * size, whatever the caller's buffer holds. */
bool map_info_is(const struct bpf_map_info *info, uint32_t type, uint32_t key_size,
		 uint32_t value_size);
bool map_layout_is(int map_fd, uint32_t type, uint32_t key_size, uint32_t value_size);
/* A per-CPU array of __u64 by __u32 (our counters). */
bool map_info_is_percpu_counter(const struct bpf_map_info *info);
bool map_is_percpu_counter(int map_fd);

struct bpf_program;
struct bpf_link;

/* One program and where its cgroup link goes (a skeleton's links.*). */
struct cgroup_attachment {
	struct bpf_program *prog;
	struct bpf_link **link;
};

/* Attaches each program to the cgroup at cgroup_path; its link is owned
 * by this process.  All or nothing: on failure, after one sentence naming
 * `what`, the links made so far are destroyed (and set to NULL). */
int attach_to_cgroup(const char *cgroup_path, const struct cgroup_attachment *set, size_t n,
		     const char *what);

/* Linux major.minor, comparable. */
#define LINUX_VERSION(major, minor) ((major) << 8 | (minor))

/* For the tests: the kernel version X.Y that environment variable `name`
 * asks a loader to behave as if it ran before, so that every path runs on
 * any kernel.  *out is LINUX_VERSION(X, Y), or 0 when the variable is
 * unset; -EINVAL (after one sentence) when it is no version. */
int kernel_as_before(const char *name, unsigned int *out);

/* "6.18.44-..." from uname. */
const char *kernel_release(void);

#endif
