/* SPDX-License-Identifier: GPL-2.0 */
/* Decimal numbers written by hand into a buffer: the event formatters' hot
 * path, where printf's format parsing costs more than the whole line. */
#ifndef BINDGUARD_DECIMAL_H
#define BINDGUARD_DECIMAL_H

#include <stdint.h>

/* Longest result of put_i64/put_u64: "-9223372036854775808". */
#define DECIMAL_MAX 20

/* Write the number at p (no NUL) and return the end, as "%" PRIu64 / PRId64. */
char *put_u64(char *p, uint64_t v);
char *put_i64(char *p, int64_t v);
/* Exactly `digits` digits, zero-padded (v < 10^digits), as "%0*u". */
char *put_u32_zero_padded(char *p, uint32_t v, int digits);
/* put_u32_zero_padded(p, v, 6), faster: a time stamp's microseconds. */
char *put_u32_six_digits(char *p, uint32_t v);

#endif
