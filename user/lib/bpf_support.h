/* SPDX-License-Identifier: GPL-2.0 */
/* What every BPF-loading command shares: libbpf logging (quiet unless -v),
 * checks of the kernel before loading, and one-sentence load errors. */
#ifndef BINDGUARD_BPF_SUPPORT_H
#define BINDGUARD_BPF_SUPPORT_H

#include <stdbool.h>
#include <stdint.h>

/* Routes libbpf's messages: all of them to stderr when verbose, else none
 * (a failure is then one sentence from bpf_report_error, pointing at -v). */
void bpf_support_init(bool verbose);

/* Checks privileges, BTF and ring-buffer support; prints one sentence and
 * returns a negative errno when BPF cannot work here. */
int bpf_preflight(void);

/* Prints one sentence for a failed open/load/attach of `what`. */
void bpf_report_error(const char *what, int err);

/* The sum over CPUs of a per-CPU array map's __u64 value at key (0 when
 * the lookup fails). */
uint64_t percpu_u64_sum(int map_fd, uint32_t key);

/* "6.18.44-..." from uname. */
const char *kernel_release(void);

#endif
