/* SPDX-License-Identifier: GPL-2.0 */
/* What every libFuzzer target here shares: CHECK, a broken property that
 * libFuzzer reports as a crash, with the input that caused it. */
#ifndef BINDGUARD_FUZZ_H
#define BINDGUARD_FUZZ_H

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			__builtin_trap();                                                          \
	} while (0)

#endif
