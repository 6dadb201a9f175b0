// SPDX-License-Identifier: GPL-2.0
/* Strict number, size, list and port-range parsers. */
#include "lib/cli_parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!text || !isdigit((unsigned char)text[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_u32(const char *text, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	int err = parse_u64(text, min, max, &v);

	if (!err)
		*out = (uint32_t)v;
	return err;
}

int parse_size(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	char num[32];
	size_t len = text ? strlen(text) : 0;
	uint64_t mult = 1, v;
	int err;

	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, text, len + 1);
	switch (num[len - 1]) {
	case 'k':
	case 'K': mult = 1ULL << 10; break;
	case 'm':
	case 'M': mult = 1ULL << 20; break;
	case 'g':
	case 'G': mult = 1ULL << 30; break;
	}
	if (mult != 1)
		num[len - 1] = '\0';
	err = parse_u64(num, 0, UINT64_MAX / mult, &v);
	if (err)
		return err;
	v *= mult;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int parse_list(const char *text, int (*fn)(const char *item, void *ctx), void *ctx)
{
	char *copy = strdup(text ? text : ""), *cursor = copy, *item;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	while (!err && (item = strsep(&cursor, ",")) != NULL) {
		item = trim(item);
		err = *item ? fn(item, ctx) : -EINVAL;
	}
	free(copy);
	return err;
}

struct port_list_ctx {
	struct bg_port_range *ranges;
	size_t max;
	size_t *n;
};

static int add_port_range(const char *item, void *opaque)
{
	struct port_list_ctx *ctx = opaque;
	char first[16], *dash;
	uint32_t lo, hi;
	int err;

	if (strlen(item) >= sizeof(first) * 2)
		return -EINVAL;
	dash = strchr(item, '-');
	if (dash) {
		size_t len = (size_t)(dash - item);

		if (len >= sizeof(first))
			return -EINVAL;
		memcpy(first, item, len);
		first[len] = '\0';
		err = parse_u32(trim(first), 0, 65535, &lo);
		if (!err)
			err = parse_u32(trim((char *)dash + 1), 0, 65535, &hi);
		if (!err && lo > hi)
			err = -ERANGE;
	} else {
		err = parse_u32(item, 0, 65535, &lo);
		hi = lo;
	}
	if (err)
		return err;
	if (*ctx->n >= ctx->max)
		return -E2BIG;
	ctx->ranges[*ctx->n].first = (uint16_t)lo;
	ctx->ranges[*ctx->n].last = (uint16_t)hi;
	(*ctx->n)++;
	return 0;
}

int parse_port_list(const char *text, struct bg_port_range *ranges, size_t max, size_t *n)
{
	struct port_list_ctx ctx = { ranges, max, n };

	return parse_list(text, add_port_range, &ctx);
}

void port_ranges_to_bitmap(const struct bg_port_range *ranges, size_t n, uint64_t *bitmap)
{
	for (size_t i = 0; i < n; i++)
		for (uint32_t p = ranges[i].first; p <= ranges[i].last; p++)
			bitmap[p / 64] |= 1ULL << (p % 64);
}

int parse_ringbuf_size(const char *text, uint32_t *bytes)
{
	uint64_t v;

	if (parse_size(text, 4096, 1ULL << 30, &v) || (v & (v - 1)))
		return -EINVAL;
	*bytes = (uint32_t)v;
	return 0;
}

struct comm_ctx {
	char (*comms)[BG_COMM_LEN];
	int *n;
};

static int add_comm(const char *item, void *opaque)
{
	struct comm_ctx *ctx = opaque;

	if (strlen(item) >= BG_COMM_LEN)
		return -ENAMETOOLONG;
	if (*ctx->n >= MAX_COMM_FILTERS)
		return -E2BIG;
	memset(ctx->comms[*ctx->n], 0, BG_COMM_LEN);
	memcpy(ctx->comms[*ctx->n], item, strlen(item));
	(*ctx->n)++;
	return 0;
}

int parse_comm_list(const char *text, char comms[][BG_COMM_LEN], int *n)
{
	struct comm_ctx ctx = { comms, n };

	return parse_list(text, add_comm, &ctx);
}
