/* SPDX-License-Identifier: GPL-2.0 */
/* CLOCK_MONOTONIC in nanoseconds: the clock of the BPF programs'
 * bpf_ktime_get_ns(), of deadlines and of wake-up planning. */
#ifndef BINDGUARD_CLOCK_H
#define BINDGUARD_CLOCK_H

#include <stdint.h>

uint64_t monotonic_ns(void);
/* A poll() timeout from now until wake_ns, rounded up to whole ms: 0 once
 * it has passed, -1 (no timeout) when wake_ns is 0. */
int ms_until(uint64_t wake_ns, uint64_t now);

#endif
