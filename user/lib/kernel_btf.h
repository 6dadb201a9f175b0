/* SPDX-License-Identifier: GPL-2.0 */
/* The running kernel's BTF, read once per process for everyone who asks:
 * the trampoline probes, the CO-RE cut of each BPF object, the ids of the
 * types the capture programs cast to (btf_view_find()). */
#ifndef BINDGUARD_KERNEL_BTF_H
#define BINDGUARD_KERNEL_BTF_H

#include "lib/btf_view.h"

/* NULL with errno set when the kernel has none or it cannot be read.
 * Mapped where the kernel allows it (6.16+), else read (5.5 MB on 6.18):
 * let it go with kernel_btf_release() once the programs are planned. */
const struct btf_view *kernel_btf(void);
void kernel_btf_release(void);

#endif
