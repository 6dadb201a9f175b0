/* SPDX-License-Identifier: GPL-2.0 */
/* Giving up privileges once the BPF programs are attached: what is loaded
 * and attached stays so through open fds, and using those needs no
 * capability (packaging/README-privileges.md says which, and why). */
#ifndef BINDGUARD_PRIVILEGES_H
#define BINDGUARD_PRIVILEGES_H

#include <stdbool.h>
#include <stdint.h>

/* The bit of capability CAP_x in a keep mask. */
#define PRIVILEGE_CAP(cap) (1ULL << (cap))

/* Call once after everything is loaded and attached and every file the
 * command writes is open, before any thread is created (capabilities are
 * per thread).  Sets PR_SET_NO_NEW_PRIVS and removes every capability not
 * in keep from the effective, permitted, inheritable, ambient and bounding
 * sets.
 *
 * Capabilities are lowered, not the uid: the process stays root by uid
 * (see the README for why and what that leaves).
 *
 * Kernels before 6.5 with kernel.unprivileged_bpf_disabled set refuse
 * every bpf() call without CAP_BPF, even on a map the process holds open;
 * there CAP_BPF (CAP_SYS_ADMIN before 5.8) is kept too, and said so.
 *
 * verbose: says on stderr what was kept.  Returns 0, or a negative errno
 * after one sentence on stderr. */
int drop_privileges_after_attach(bool verbose, uint64_t keep);

#endif
