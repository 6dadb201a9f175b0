/* SPDX-License-Identifier: GPL-2.0 */
/* CLOCK_MONOTONIC in nanoseconds: the clock of the BPF programs'
 * bpf_ktime_get_ns(), of deadlines and of wake-up planning. */
#ifndef BINDGUARD_CLOCK_H
#define BINDGUARD_CLOCK_H

#include <stdint.h>

uint64_t monotonic_ns(void);

#endif
