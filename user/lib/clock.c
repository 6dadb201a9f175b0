// SPDX-License-Identifier: GPL-2.0
#include "lib/clock.h"

#include <stdint.h>
#include <time.h>

uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int ms_until(uint64_t wake_ns, uint64_t now)
{
	uint64_t ms;

	if (!wake_ns)
		return -1;
	if (wake_ns <= now)
		return 0;
	ms = (wake_ns - now + 999999) / 1000000;
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}
