/* SPDX-License-Identifier: GPL-2.0 */
/* Strict parsers for command-line and policy values: pure functions that
 * return 0 or -EINVAL / -ERANGE and never accept trailing garbage. */
#ifndef BINDGUARD_CLI_PARSE_H
#define BINDGUARD_CLI_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "bindguard.h"

/* Decimal only; no sign, no spaces, value within [min, max]. */
int parse_u32(const char *text, uint32_t min, uint32_t max, uint32_t *out);
int parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out);

/* "22, 8000-8099,443": ports 0..65535, 0 included,
 * ranges first<=last.  Up to max ranges; appends to ranges[*n]. */
int parse_port_list(const char *text, struct bg_port_range *ranges, size_t max, size_t *n);

/* Splits "a, b ,c" on commas, trims blanks; calls fn for each non-empty item.
 * Returns the first non-zero value fn returns, -EINVAL for an empty item. */
int parse_list(const char *text, int (*fn)(const char *item, void *ctx), void *ctx);

/* Sets bits for every port in ranges. bitmap: BG_PORT_BITMAP_WORDS words. */
void port_ranges_to_bitmap(const struct bg_port_range *ranges, size_t n, uint64_t *bitmap);

/* Sizes like "4096", "256K", "8M" (k, m, g in either case: 2^10, 2^20,
 * 2^30), at most 31 characters: bytes.  -EINVAL for any other text, -ERANGE
 * for a value that overflows or falls outside [min, max]. */
int parse_size(const char *text, uint64_t min, uint64_t max, uint64_t *out);

/* Ring-buffer sizes: a power of two, 4 KiB..1 GiB ("1M"). */
int parse_ringbuf_size(const char *text, uint32_t *bytes);

/* Process names a filter or allow-list takes at the most. */
#define MAX_COMM_FILTERS 16

/* Adds comma-separated names to comms: at most MAX_COMM_FILTERS in all,
 * 15 bytes each (-E2BIG, -ENAMETOOLONG; -EINVAL for an empty name). */
int parse_comm_list(const char *text, char comms[][BG_COMM_LEN], int *n);

/* Removes leading and trailing blanks in place; returns s. */
char *trim(char *s);

#endif
