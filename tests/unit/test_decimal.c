// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/lib/decimal.c: the same text as printf, at every
 * length and at the limits. */
#include "table_test.h"

#include <inttypes.h>

#include "lib/decimal.h"

static void check_u64(uint64_t v)
{
	char ours[DECIMAL_MAX + 1], want[32];

	*put_u64(ours, v) = '\0';
	snprintf(want, sizeof(want), "%" PRIu64, v);
	assert_string_equal(ours, want);
}

static void check_i64(int64_t v)
{
	char ours[DECIMAL_MAX + 1], want[32];

	*put_i64(ours, v) = '\0';
	snprintf(want, sizeof(want), "%" PRId64, v);
	assert_string_equal(ours, want);
}

static void test_every_length(void **state)
{
	(void)state;
	/* 10^k - 1, 10^k and 10^k + 1 for every k, and their negatives */
	for (uint64_t p = 1; p <= 1000000000000000000ULL; p *= 10) {
		for (uint64_t d = 0; d < 3; d++) {
			check_u64(p - 1 + d);
			check_i64((int64_t)(p - 1 + d));
			check_i64(-(int64_t)(p - 1 + d));
		}
	}
}

static void test_limits(void **state)
{
	(void)state;
	check_u64(UINT64_MAX);
	check_u64(UINT32_MAX);
	check_u64(10000000000000000000ULL);
	check_i64(INT64_MAX);
	check_i64(INT64_MIN);
	check_i64(-1);
	check_i64(-4095);
	for (uint64_t v = 0; v < 100000; v += 7)
		check_u64(v);
}

static void test_zero_padded(void **state)
{
	char buf[16];

	(void)state;
	*put_u32_zero_padded(buf, 0, 6) = '\0';
	assert_string_equal(buf, "000000");
	*put_u32_zero_padded(buf, 7, 6) = '\0';
	assert_string_equal(buf, "000007");
	*put_u32_zero_padded(buf, 999999, 6) = '\0';
	assert_string_equal(buf, "999999");
	*put_u32_zero_padded(buf, 45, 2) = '\0';
	assert_string_equal(buf, "45");
	*put_u32_zero_padded(buf, 42, 5) = '\0'; /* an odd width: one single digit */
	assert_string_equal(buf, "00042");
}

static void test_six_digits(void **state)
{
	char ours[8], want[16];

	(void)state;
	for (uint32_t v = 0; v < 1000000; v += 37) {
		*put_u32_six_digits(ours, v) = '\0';
		snprintf(want, sizeof(want), "%06u", v);
		assert_string_equal(ours, want);
	}
	*put_u32_six_digits(ours, 999999) = '\0';
	assert_string_equal(ours, "999999");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_length),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_zero_padded),
		cmocka_unit_test(test_six_digits),
	};

	return cmocka_run_group_tests_name("decimal", tests, NULL, NULL);
}
