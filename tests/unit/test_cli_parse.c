// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/cli_parse.c: numbers, sizes, lists, port ranges, trim. */
#include "table_test.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "lib/cli_parse.h"

struct number_case {
	const char *text;
	uint64_t min;
	uint64_t max;
	int ret;
	uint64_t want;
};

static const struct number_case u32_cases[] = {
	{ "0", 0, UINT32_MAX, 0, 0 },
	{ "1", 0, UINT32_MAX, 0, 1 },
	{ "42", 0, UINT32_MAX, 0, 42 },
	{ "007", 0, UINT32_MAX, 0, 7 },
	{ "4294967295", 0, UINT32_MAX, 0, UINT32_MAX },
	{ "4294967296", 0, UINT32_MAX, -ERANGE, 0 },
	{ "18446744073709551615", 0, UINT32_MAX, -ERANGE, 0 },
	{ "18446744073709551616", 0, UINT32_MAX, -ERANGE, 0 },
	{ "99999999999999999999999999", 0, UINT32_MAX, -ERANGE, 0 },
	{ "10", 10, 20, 0, 10 },
	{ "20", 10, 20, 0, 20 },
	{ "9", 10, 20, -ERANGE, 0 },
	{ "21", 10, 20, -ERANGE, 0 },
	{ "0", 1, 65535, -ERANGE, 0 },
	{ "65535", 0, 65535, 0, 65535 },
	{ "65536", 0, 65535, -ERANGE, 0 },
	{ "", 0, UINT32_MAX, -EINVAL, 0 },
	{ "-1", 0, UINT32_MAX, -EINVAL, 0 },
	{ "-0", 0, UINT32_MAX, -EINVAL, 0 },
	{ "+1", 0, UINT32_MAX, -EINVAL, 0 },
	{ " 1", 0, UINT32_MAX, -EINVAL, 0 },
	{ "\t1", 0, UINT32_MAX, -EINVAL, 0 },
	{ "1 ", 0, UINT32_MAX, -EINVAL, 0 },
	{ "1\n", 0, UINT32_MAX, -EINVAL, 0 },
	{ "0x10", 0, UINT32_MAX, -EINVAL, 0 },
	{ "0X10", 0, UINT32_MAX, -EINVAL, 0 },
	{ "1a", 0, UINT32_MAX, -EINVAL, 0 },
	{ "a1", 0, UINT32_MAX, -EINVAL, 0 },
	{ "1e3", 0, UINT32_MAX, -EINVAL, 0 },
	{ "1.0", 0, UINT32_MAX, -EINVAL, 0 },
	{ "1,000", 0, UINT32_MAX, -EINVAL, 0 },
	{ "1_000", 0, UINT32_MAX, -EINVAL, 0 },
	{ "inf", 0, UINT32_MAX, -EINVAL, 0 },
	{ "\xd9\xa1", 0, UINT32_MAX, -EINVAL, 0 }, /* ARABIC-INDIC DIGIT ONE */
};

static const struct number_case u64_cases[] = {
	{ "0", 0, UINT64_MAX, 0, 0 },
	{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
	{ "18446744073709551614", 0, UINT64_MAX - 1, 0, UINT64_MAX - 1 },
	{ "18446744073709551615", 0, UINT64_MAX - 1, -ERANGE, 0 },
	{ "18446744073709551616", 0, UINT64_MAX, -ERANGE, 0 },
	{ "36893488147419103232", 0, UINT64_MAX, -ERANGE, 0 },
	{ "4294967296", 0, UINT64_MAX, 0, 4294967296ULL },
	{ "31536000", 1, 31536000, 0, 31536000 },
	{ "31536001", 1, 31536000, -ERANGE, 0 },
	{ "0", 1, 31536000, -ERANGE, 0 },
	{ "", 0, UINT64_MAX, -EINVAL, 0 },
	{ "-1", 0, UINT64_MAX, -EINVAL, 0 },
	{ "-18446744073709551615", 0, UINT64_MAX, -EINVAL, 0 },
	{ "+1", 0, UINT64_MAX, -EINVAL, 0 },
	{ " 1", 0, UINT64_MAX, -EINVAL, 0 },
	{ "1 ", 0, UINT64_MAX, -EINVAL, 0 },
	{ "0x10", 0, UINT64_MAX, -EINVAL, 0 },
	{ "010", 0, UINT64_MAX, 0, 10 }, /* decimal, never octal */
	{ "1k", 0, UINT64_MAX, -EINVAL, 0 },
};

static void test_u32(void **state)
{
	const struct number_case *c = *state;
	uint32_t out = 0xdeadbeef;

	assert_int_equal(parse_u32(c->text, (uint32_t)c->min, (uint32_t)c->max, &out), c->ret);
	assert_int_equal(out, c->ret ? 0xdeadbeef : c->want);
}

static void test_u64(void **state)
{
	const struct number_case *c = *state;
	uint64_t out = 0xdeadbeef;

	assert_int_equal(parse_u64(c->text, c->min, c->max, &out), c->ret);
	assert_true(out == (c->ret ? 0xdeadbeef : c->want));
}

static void test_numbers_null(void **state)
{
	uint32_t v32;
	uint64_t v64;

	(void)state;
	assert_int_equal(parse_u32(NULL, 0, 1, &v32), -EINVAL);
	assert_int_equal(parse_u64(NULL, 0, 1, &v64), -EINVAL);
	assert_int_equal(parse_size(NULL, 0, 1, &v64), -EINVAL);
}

static const struct number_case size_cases[] = {
	{ "0", 0, UINT64_MAX, 0, 0 },
	{ "4096", 0, UINT64_MAX, 0, 4096 },
	{ "1k", 0, UINT64_MAX, 0, 1024 },
	{ "256K", 0, UINT64_MAX, 0, 256 * 1024 },
	{ "256k", 0, UINT64_MAX, 0, 256 * 1024 },
	{ "8M", 0, UINT64_MAX, 0, 8 << 20 },
	{ "8m", 0, UINT64_MAX, 0, 8 << 20 },
	{ "1G", 0, UINT64_MAX, 0, 1ULL << 30 },
	{ "3g", 0, UINT64_MAX, 0, 3ULL << 30 },
	{ "0K", 0, UINT64_MAX, 0, 0 },
	{ "17179869183G", 0, UINT64_MAX, 0, 17179869183ULL << 30 },
	{ "17179869184G", 0, UINT64_MAX, -ERANGE, 0 },
	{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
	{ "18446744073709551616", 0, UINT64_MAX, -ERANGE, 0 },
	{ "4K", 8192, UINT64_MAX, -ERANGE, 0 },
	{ "8K", 8192, UINT64_MAX, 0, 8192 },
	{ "1G", 4096, 1ULL << 30, 0, 1ULL << 30 },
	{ "2G", 4096, 1ULL << 30, -ERANGE, 0 },
	{ "1048577K", 4096, 1ULL << 30, -ERANGE, 0 },
	{ "", 0, UINT64_MAX, -EINVAL, 0 },
	{ "K", 0, UINT64_MAX, -EINVAL, 0 },
	{ "M", 0, UINT64_MAX, -EINVAL, 0 },
	{ "1T", 0, UINT64_MAX, -EINVAL, 0 },
	{ "1KB", 0, UINT64_MAX, -EINVAL, 0 },
	{ "1KiB", 0, UINT64_MAX, -EINVAL, 0 },
	{ "1KK", 0, UINT64_MAX, -EINVAL, 0 },
	{ "1.5M", 0, UINT64_MAX, -EINVAL, 0 },
	{ "-1K", 0, UINT64_MAX, -EINVAL, 0 },
	{ "+1K", 0, UINT64_MAX, -EINVAL, 0 },
	{ " 1K", 0, UINT64_MAX, -EINVAL, 0 },
	{ "1 K", 0, UINT64_MAX, -EINVAL, 0 },
	{ "1K ", 0, UINT64_MAX, -EINVAL, 0 },
	{ "0x1000", 0, UINT64_MAX, -EINVAL, 0 },
	{ "k1", 0, UINT64_MAX, -EINVAL, 0 },
	{ "0000000000000000000000000000001K", 0, UINT64_MAX, -EINVAL, 0 }, /* 32 characters */
};

static void test_size(void **state)
{
	const struct number_case *c = *state;
	uint64_t out = 0xdeadbeef;

	assert_int_equal(parse_size(c->text, c->min, c->max, &out), c->ret);
	assert_true(out == (c->ret ? 0xdeadbeef : c->want));
}

#define MAX_RANGES 8

struct port_case {
	const char *text;
	int ret; /* 0, or 1 for "some negative errno" */
	size_t n;
	struct bg_port_range want[MAX_RANGES];
};

static const struct port_case port_cases[] = {
	{ "22", 0, 1, { { 22, 22 } } },
	{ "0", 0, 1, { { 0, 0 } } },
	{ "65535", 0, 1, { { 65535, 65535 } } },
	{ "22,80", 0, 2, { { 22, 22 }, { 80, 80 } } },
	{ "8000-8099", 0, 1, { { 8000, 8099 } } },
	{ "0-65535", 0, 1, { { 0, 65535 } } },
	{ "443-443", 0, 1, { { 443, 443 } } },
	{ " 22 , 80 ", 0, 2, { { 22, 22 }, { 80, 80 } } },
	{ "22, 8000-8099,443", 0, 3, { { 22, 22 }, { 8000, 8099 }, { 443, 443 } } },
	{ "8000 - 8099", 0, 1, { { 8000, 8099 } } },
	{ "\t53\t", 0, 1, { { 53, 53 } } },
	{ "80,80", 0, 2, { { 80, 80 }, { 80, 80 } } },
	{ "1,2,3,4,5,6,7,8",
	  0,
	  8,
	  { { 1, 1 }, { 2, 2 }, { 3, 3 }, { 4, 4 }, { 5, 5 }, { 6, 6 }, { 7, 7 }, { 8, 8 } } },
	{ "65536", 1 },
	{ "99999999999", 1 },
	{ "80-22", 1 },
	{ "1-", 1 },
	{ "-5", 1 },
	{ "-", 1 },
	{ "1-2-3", 1 },
	{ "1--2", 1 },
	{ "0-65536", 1 },
	{ "a", 1 },
	{ "22a", 1 },
	{ "0x16", 1 },
	{ "+22", 1 },
	{ "22 80", 1 },
	{ "22;80", 1 },
	{ "1,,2", 1 },
	{ ",22", 1 },
	{ "22,", 1 },
	{ ",", 1 },
	{ "", 1 },
	{ " ", 1 },
	{ "1,2,3,4,5,6,7,8,9", 1 }, /* more than MAX_RANGES */
};

static void test_port_list(void **state)
{
	const struct port_case *c = *state;
	struct bg_port_range ranges[MAX_RANGES + 1];
	size_t n = 0;
	int ret;

	memset(ranges, 0xee, sizeof(ranges));
	ret = parse_port_list(c->text, ranges, MAX_RANGES, &n);
	if (c->ret) {
		assert_true(ret < 0);
		return;
	}
	assert_int_equal(ret, 0);
	assert_int_equal(n, c->n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(ranges[i].first, c->want[i].first);
		assert_int_equal(ranges[i].last, c->want[i].last);
	}
	assert_int_equal(ranges[n].first, 0xeeee); /* nothing written past the end */
}

/* Ranges are appended after those already there, up to max in all. */
static void test_port_list_appends(void **state)
{
	struct bg_port_range ranges[4] = { { 1, 1 }, { 2, 2 } };
	size_t n = 2;

	(void)state;
	assert_int_equal(parse_port_list("3,4-5", ranges, 4, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ranges[0].first, 1);
	assert_int_equal(ranges[1].first, 2);
	assert_int_equal(ranges[2].first, 3);
	assert_int_equal(ranges[3].first, 4);
	assert_int_equal(ranges[3].last, 5);
	assert_int_equal(parse_port_list("6", ranges, 4, &n), -E2BIG);
	assert_int_equal(n, 4);
}

static void test_port_list_too_many(void **state)
{
	struct bg_port_range ranges[BG_POLICY_MAX_PORT_RANGES];
	char text[512] = "";
	size_t n = 0;

	(void)state;
	for (int i = 0; i < BG_POLICY_MAX_PORT_RANGES; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%d", i ? "," : "",
			 1000 + i);
	assert_int_equal(parse_port_list(text, ranges, BG_POLICY_MAX_PORT_RANGES, &n), 0);
	assert_int_equal(n, BG_POLICY_MAX_PORT_RANGES);
	assert_int_equal(ranges[BG_POLICY_MAX_PORT_RANGES - 1].first, 1031);
	n = 0;
	strcat(text, ",2000");
	assert_int_equal(parse_port_list(text, ranges, BG_POLICY_MAX_PORT_RANGES, &n), -E2BIG);
}

static int count_bits(const uint64_t *bitmap)
{
	int bits = 0;

	for (int i = 0; i < BG_PORT_BITMAP_WORDS; i++)
		bits += __builtin_popcountll(bitmap[i]);
	return bits;
}

static bool port_bit(const uint64_t *bitmap, unsigned int port)
{
	return bitmap[port / 64] >> (port % 64) & 1;
}

static void test_bitmap(void **state)
{
	static const struct {
		struct bg_port_range ranges[3];
		size_t n;
		int bits;
		unsigned int set[4];
		unsigned int clear[4];
	} rows[] = {
		{ { { 22, 22 } }, 1, 1, { 22, 22, 22, 22 }, { 21, 23, 0, 65535 } },
		{ { { 0, 0 } }, 1, 1, { 0, 0, 0, 0 }, { 1, 64, 65535, 63 } },
		{ { { 63, 64 } }, 1, 2, { 63, 64, 63, 64 }, { 62, 65, 0, 127 } },
		{ { { 65535, 65535 } }, 1, 1, { 65535, 65535, 65535, 65535 }, { 65534, 0, 1, 2 } },
		{ { { 8000, 8099 } }, 1, 100, { 8000, 8050, 8099, 8064 }, { 7999, 8100, 0, 80 } },
		{ { { 22, 22 }, { 80, 80 }, { 443, 443 } },
		  3,
		  3,
		  { 22, 80, 443, 80 },
		  { 23, 81, 442, 0 } },
		{ { { 10, 20 }, { 15, 25 } }, 2, 16, { 10, 15, 20, 25 }, { 9, 26, 0, 65535 } },
		{ { { 0, 65535 } }, 1, 65536, { 0, 1, 32768, 65535 }, { 0 } },
		{ { { 0, 127 } }, 1, 128, { 0, 63, 64, 127 }, { 128, 129, 65535, 200 } },
	};
	static uint64_t bitmap[BG_PORT_BITMAP_WORDS];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		memset(bitmap, 0, sizeof(bitmap));
		port_ranges_to_bitmap(rows[i].ranges, rows[i].n, bitmap);
		assert_int_equal(count_bits(bitmap), rows[i].bits);
		for (int j = 0; j < 4; j++)
			assert_true(port_bit(bitmap, rows[i].set[j]));
		for (int j = 0; j < 4 && rows[i].bits < 65536; j++)
			assert_false(port_bit(bitmap, rows[i].clear[j]));
	}
	memset(bitmap, 0, sizeof(bitmap));
	port_ranges_to_bitmap(rows[0].ranges, 0, bitmap);
	assert_int_equal(count_bits(bitmap), 0);
}

/* Every single port lands on exactly its own bit. */
static void test_bitmap_every_port(void **state)
{
	static uint64_t bitmap[BG_PORT_BITMAP_WORDS];

	(void)state;
	for (unsigned int p = 0; p < 65536; p++) {
		struct bg_port_range r = { (uint16_t)p, (uint16_t)p };

		memset(bitmap, 0, sizeof(bitmap));
		port_ranges_to_bitmap(&r, 1, bitmap);
		assert_int_equal(bitmap[p / 64], 1ULL << (p % 64));
		assert_int_equal(count_bits(bitmap), 1);
	}
}

struct trim_case {
	const char *in;
	const char *want;
};

static const struct trim_case trim_cases[] = {
	{ "", "" },	      { " ", "" },	  { "   \t\n ", "" },	{ "a", "a" },
	{ " a", "a" },	      { "a ", "a" },	  { "  a b  ", "a b" }, { "\ta\t", "a" },
	{ "\r\nx\r\n", "x" }, { "a  b", "a  b" }, { "\v\fz\v\f", "z" }, { "abc", "abc" },
};

static void test_trim(void **state)
{
	const struct trim_case *c = *state;
	char buf[32];
	char *out;

	snprintf(buf, sizeof(buf), "%s", c->in);
	out = trim(buf);
	assert_string_equal(out, c->want);
	/* in place: the result points into buf */
	assert_true(out >= buf && out <= buf + strlen(c->in));
}

struct collect {
	char items[8][16];
	int n;
	int fail_at; /* return -42 for this item (1-based), 0: never */
};

static int collect_item(const char *item, void *opaque)
{
	struct collect *c = opaque;

	if (c->n >= 8)
		return -E2BIG;
	snprintf(c->items[c->n++], sizeof(c->items[0]), "%s", item);
	return c->n == c->fail_at ? -42 : 0;
}

static void test_parse_list(void **state)
{
	struct collect c = { 0 };

	(void)state;
	assert_int_equal(parse_list("a, b ,c", collect_item, &c), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.items[0], "a");
	assert_string_equal(c.items[1], "b");
	assert_string_equal(c.items[2], "c");

	memset(&c, 0, sizeof(c));
	assert_int_equal(parse_list("  one thing  ", collect_item, &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.items[0], "one thing");

	memset(&c, 0, sizeof(c));
	assert_int_equal(parse_list("a,,b", collect_item, &c), -EINVAL);
	assert_int_equal(c.n, 1);

	memset(&c, 0, sizeof(c));
	assert_int_equal(parse_list("a, ,b", collect_item, &c), -EINVAL);
	memset(&c, 0, sizeof(c));
	assert_int_equal(parse_list("", collect_item, &c), -EINVAL);
	assert_int_equal(c.n, 0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(parse_list(NULL, collect_item, &c), -EINVAL);
	memset(&c, 0, sizeof(c));
	assert_int_equal(parse_list("a,", collect_item, &c), -EINVAL);

	/* the callback's error stops the walk and comes back as is */
	memset(&c, 0, sizeof(c));
	c.fail_at = 2;
	assert_int_equal(parse_list("x,y,z", collect_item, &c), -42);
	assert_int_equal(c.n, 2);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_numbers_null),	   cmocka_unit_test(test_port_list_appends),
		cmocka_unit_test(test_port_list_too_many), cmocka_unit_test(test_bitmap),
		cmocka_unit_test(test_bitmap_every_port),  cmocka_unit_test(test_parse_list),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(u32_cases) + ARRAY_SIZE(u64_cases) +
				       ARRAY_SIZE(size_cases) + ARRAY_SIZE(port_cases) +
				       ARRAY_SIZE(trim_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(u32_cases); i++)
		add_test(&l, test_u32, &u32_cases[i],
			 "parse_u32 '%s' in [%" PRIu64 ", %" PRIu64 "]",
			 shown(&l, u32_cases[i].text), u32_cases[i].min, u32_cases[i].max);
	for (size_t i = 0; i < ARRAY_SIZE(u64_cases); i++)
		add_test(&l, test_u64, &u64_cases[i],
			 "parse_u64 '%s' in [%" PRIu64 ", %" PRIu64 "]",
			 shown(&l, u64_cases[i].text), u64_cases[i].min, u64_cases[i].max);
	for (size_t i = 0; i < ARRAY_SIZE(size_cases); i++)
		add_test(&l, test_size, &size_cases[i],
			 "parse_size '%s' in [%" PRIu64 ", %" PRIu64 "]",
			 shown(&l, size_cases[i].text), size_cases[i].min, size_cases[i].max);
	for (size_t i = 0; i < ARRAY_SIZE(port_cases); i++)
		add_test(&l, test_port_list, &port_cases[i], "parse_port_list %s '%s'",
			 port_cases[i].ret ? "rejects" : "accepts", shown(&l, port_cases[i].text));
	for (size_t i = 0; i < ARRAY_SIZE(trim_cases); i++)
		add_test(&l, test_trim, &trim_cases[i], "trim '%s'", shown(&l, trim_cases[i].in));
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "cli_parse", NULL, NULL);
}
