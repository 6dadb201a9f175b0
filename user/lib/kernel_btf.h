/* SPDX-License-Identifier: GPL-2.0 */
/* The running kernel's BTF, parsed once per process for everyone who asks:
 * the trampoline probes, the CO-RE cut of each BPF object, the ids of the
 * types the capture programs cast to. */
#ifndef BINDGUARD_KERNEL_BTF_H
#define BINDGUARD_KERNEL_BTF_H

#include <linux/types.h>
#include <stddef.h>

struct btf;

/* NULL with errno set when the kernel has none or it cannot be read.
 * Parsing takes 5-8 ms and 10 MB: free it with kernel_btf_release() once
 * the programs are loaded. */
const struct btf *kernel_btf(void);
void kernel_btf_release(void);

/* In one walk over btf: the id of each struct named in names, 0 for one
 * it does not have. */
void btf_find_structs(const struct btf *btf, const char *const names[], __u32 ids[], size_t n);

#endif
