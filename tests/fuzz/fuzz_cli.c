// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the command-line parsers (numbers, sizes, lists, port ranges,
 * process names) and trace_options_parse on any argument vector.  What a
 * parser accepts is compared with a small reference parser written here. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/cli_parse.h"
#include "commands/trace_options.h"

#include "fuzz.h"

struct bounds {
	uint64_t min, max;
};

/* The ranges the commands really ask for, and the extremes. */
static const struct bounds bounds[] = {
	{ 0, UINT32_MAX }, { 1, 4194304 },	 { 0, 65535 }, { 1, 31536000 },
	{ 0, UINT64_MAX }, { 4096, 1ULL << 30 }, { 5, 5 },
};

/* Reference for parse_u64: decimal digits only, no overflow. */
static bool reference_u64(const char *text, uint64_t *out)
{
	uint64_t v = 0;

	if (!*text)
		return false;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return true;
}

static void check_u64(const char *text, const struct bounds *b, bool as_u32)
{
	uint64_t ref, v = 0xdeadbeef;
	bool ref_ok = reference_u64(text, &ref) && ref >= b->min && ref <= b->max;
	int err;

	if (as_u32) {
		uint32_t v32 = 0xdeadbeef;

		if (b->max > UINT32_MAX)
			return;
		err = parse_u32(text, (uint32_t)b->min, (uint32_t)b->max, &v32);
		v = v32;
	} else {
		err = parse_u64(text, b->min, b->max, &v);
	}
	CHECK(err == 0 || err == -EINVAL || err == -ERANGE);
	CHECK((err == 0) == ref_ok);
	if (!err)
		CHECK(v == ref);
}

/* Reference for parse_size, written from its contract rather than its code:
 * DIGITS then at most one unit letter (k, m, g in either case: 2^10, 2^20,
 * 2^30), at most SIZE_TEXT_MAX characters.  The number is accumulated a
 * digit at a time and the unit applied as repeated multiplication by 1024,
 * each step checked with the compiler's overflow builtins; a syntax error
 * is -EINVAL even where the digits before it overflow, and a value that
 * overflows or falls outside [min, max] is -ERANGE. */
#define SIZE_TEXT_MAX 31
static int reference_size(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	static const char units[] = "kmg";
	size_t len = strlen(text);
	const char *unit = len ? strchr(units, tolower((unsigned char)text[len - 1])) : NULL;
	unsigned int steps = 0;
	bool overflow = false;
	uint64_t v = 0;

	if (len == 0 || len > SIZE_TEXT_MAX)
		return -EINVAL;
	if (unit) {
		steps = (unsigned int)(unit - units) + 1;
		len--;
	}
	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		overflow |= __builtin_mul_overflow(v, 10, &v);
		overflow |= __builtin_add_overflow(v, (uint64_t)(text[i] - '0'), &v);
	}
	while (steps--)
		overflow |= __builtin_mul_overflow(v, 1024, &v);
	if (overflow || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static void check_size(const char *text, const struct bounds *b)
{
	uint64_t v = 0xdeadbeef, ref = 0;
	int err = parse_size(text, b->min, b->max, &v);
	int ref_err = reference_size(text, b->min, b->max, &ref);

	CHECK(err == ref_err);
	if (!err)
		CHECK(v == ref);
}

/* Random bytes seldom spell a size: build one from them, digits (leading
 * zeros and 20-digit overflows included) and a unit or a wrong letter. */
static void check_generated_size(const uint8_t *data, size_t size, const struct bounds *b)
{
	static const char unit_choices[] = "\0kKmMgGtx";
	char text[40];
	size_t n = 0;

	for (size_t i = 1; i < size && n < 34; i++)
		text[n++] = (char)('0' + data[i] % 10);
	if (size && (text[n] = unit_choices[data[0] % (sizeof(unit_choices) - 1)]) != '\0')
		n++;
	text[n] = '\0';
	check_size(text, b);
}

static void check_ringbuf(const char *text)
{
	uint32_t bytes = 0;

	if (parse_ringbuf_size(text, &bytes) == 0)
		CHECK(bytes >= 4096 && bytes <= (1u << 30) && (bytes & (bytes - 1)) == 0);
}

/* Reference for one port-list item: "N" or "N-M", blanks around each part. */
static bool reference_port_item(char *item, struct bg_port_range *r)
{
	char *dash = strchr(item, '-');
	uint64_t lo, hi;

	if (!dash)
		return reference_u64(trim(item), &lo) && lo <= 65535 &&
		       (r->first = r->last = (uint16_t)lo, true);
	*dash = '\0';
	if (!reference_u64(trim(item), &lo) || !reference_u64(trim(dash + 1), &hi) || lo > hi ||
	    hi > 65535)
		return false;
	r->first = (uint16_t)lo;
	r->last = (uint16_t)hi;
	return true;
}

static void check_port_list(const char *text, size_t max)
{
	struct bg_port_range *ranges = calloc(max ? max : 1, sizeof(*ranges));
	uint64_t *bitmap = calloc(BG_PORT_BITMAP_WORDS, sizeof(*bitmap));
	size_t n = 0;
	int err;

	CHECK(ranges && bitmap);
	err = parse_port_list(text, ranges, max, &n);
	CHECK(n <= max);
	if (!err) {
		/* everything accepted, the reference reads the same way */
		char *copy = strdup(text), *cursor = copy, *item;
		size_t i = 0;

		CHECK(copy);
		while ((item = strsep(&cursor, ",")) != NULL) {
			struct bg_port_range r;

			CHECK(i < n);
			CHECK(reference_port_item(item, &r));
			CHECK(r.first == ranges[i].first && r.last == ranges[i].last);
			i++;
		}
		CHECK(i == n);
		free(copy);
		port_ranges_to_bitmap(ranges, n, bitmap);
		for (i = 0; i < n; i++)
			CHECK(bitmap[ranges[i].last / 64] & (1ULL << (ranges[i].last % 64)));
	}
	free(ranges);
	free(bitmap);
}

static int count_item(const char *item, void *opaque)
{
	size_t len = strlen(item);

	CHECK(len > 0);
	CHECK(!isspace((unsigned char)item[0]) && !isspace((unsigned char)item[len - 1]));
	CHECK(!strchr(item, ','));
	++*(int *)opaque;
	return 0;
}

static void check_list(const char *text)
{
	int n = 0, err = parse_list(text, count_item, &n);

	CHECK(err == 0 || err == -EINVAL);
}

static void check_comms(const char *text)
{
	char(*comms)[BG_COMM_LEN] = calloc(STREAM_MAX_COMMS, BG_COMM_LEN);
	int n = 0;

	CHECK(comms);
	if (parse_comm_list(text, comms, &n) == 0)
		CHECK(n >= 1 && n <= STREAM_MAX_COMMS);
	CHECK(n >= 0 && n <= STREAM_MAX_COMMS);
	for (int i = 0; i < n; i++)
		CHECK(memchr(comms[i], '\0', BG_COMM_LEN));
	free(comms);
}

static void check_trim(const char *text)
{
	char *copy = strdup(text), *t;
	size_t len;

	CHECK(copy);
	t = trim(copy);
	len = strlen(t);
	CHECK(t >= copy && t <= copy + strlen(text));
	if (len)
		CHECK(!isspace((unsigned char)t[0]) && !isspace((unsigned char)t[len - 1]));
	free(copy);
}

/* Arguments are the NUL-separated pieces, each in its own allocation. */
static void check_trace_options(const uint8_t *data, size_t size)
{
	static const char usage[] = "usage\n";
	char *argv[66];
	int argc = 0;
	struct trace_options *o = malloc(sizeof(*o));
	size_t start = 0;
	int ret;

	CHECK(o);
	argv[argc++] = strdup("trace");
	for (size_t i = 0; i <= size && argc < 64; i++) {
		if (i == size || data[i] == '\0') {
			char *arg = malloc(i - start + 1);

			CHECK(arg);
			memcpy(arg, data + start, i - start);
			arg[i - start] = '\0';
			argv[argc++] = arg;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	ret = trace_options_parse(o, argc, argv, usage);
	CHECK(ret == 0 || ret == 1 || ret == -EINVAL);
	if (ret == 0) {
		struct capture_options c;

		CHECK(o->pid <= 4194304);
		CHECK(o->family == 0 || o->family == AF_INET || o->family == AF_INET6);
		CHECK(o->result >= -1 && o->result <= 1);
		CHECK(o->stream.duration_s <= 31536000);
		CHECK(o->n_comms >= 0 && o->n_comms <= STREAM_MAX_COMMS);
		CHECK(!o->stream.ringbuf_bytes ||
		      (o->stream.ringbuf_bytes & (o->stream.ringbuf_bytes - 1)) == 0);
		trace_options_to_capture(o, &c);
		CHECK(!c.port_bitmap == !o->have_ports);
	}
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bounds *b;
	char *text;

	if (size < 2)
		return 0;
	if (data[0] == 'A') {
		check_trace_options(data + 1, size - 1);
		return 0;
	}
	b = &bounds[data[1] % (sizeof(bounds) / sizeof(bounds[0]))];
	/* the text in an allocation of exactly its length plus the NUL */
	text = malloc(size - 1);
	CHECK(text);
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';
	switch (data[0] % 10) {
	case 0: check_u64(text, b, true); break;
	case 1: check_u64(text, b, false); break;
	case 2: check_size(text, b); break;
	case 3: check_ringbuf(text); break;
	case 4: check_port_list(text, data[1] % 40); break;
	case 5: check_list(text); break;
	case 6: check_comms(text); break;
	case 7: check_trim(text); break;
	case 8: check_port_list(text, 256); break;
	case 9: check_generated_size(data + 2, size - 2, b); break;
	}
	free(text);
	return 0;
}
