// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the pure parts of `bindguard allow`: PORT[/proto] and
 * durations, read and written. */
#include "table_test.h"

#include <errno.h>
#include <string.h>

#include "enforcement/temporary_allow.h"

struct spec_case {
	const char *text;
	int ret;
	uint16_t port;
	uint8_t protocol;
	const char *shown; /* allow_spec_format() of the result */
};

static const struct spec_case spec_cases[] = {
	{ "8080", 0, 8080, 0, "8080" },
	{ "8080/tcp", 0, 8080, BG_PROTO_TCP, "8080/tcp" },
	{ "53/UDP", 0, 53, BG_PROTO_UDP, "53/udp" },
	{ "1", 0, 1, 0, "1" },
	{ "65535/udp", 0, 65535, BG_PROTO_UDP, "65535/udp" },
	{ "0", -EINVAL },
	{ "65536", -EINVAL },
	{ "-1", -EINVAL },
	{ "", -EINVAL },
	{ "/tcp", -EINVAL },
	{ "80/", -EINVAL },
	{ "80/sctp", -EINVAL },
	{ "80/tcp/udp", -EINVAL },
	{ "http", -EINVAL },
	{ "80 ", -EINVAL },
	{ "123456789012345678901234/tcp", -EINVAL },
};

static void test_spec(void **state)
{
	const struct spec_case *c = *state;
	struct bg_allow_key key;
	char err[160] = "", shown[32];

	assert_int_equal(allow_spec_parse(c->text, &key, err, sizeof(err)), c->ret);
	if (c->ret) {
		assert_non_null(strstr(err, "'"));
		return;
	}
	assert_int_equal(key.port, c->port);
	assert_int_equal(key.protocol, c->protocol);
	assert_int_equal(key.pad, 0);
	allow_spec_format(&key, shown, sizeof(shown));
	assert_string_equal(shown, c->shown);
}

struct duration_case {
	const char *text;
	int ret;
	uint64_t seconds;
};

static const struct duration_case duration_cases[] = {
	{ "90", 0, 90 },	{ "90s", 0, 90 },
	{ "10m", 0, 600 },	{ "2h", 0, 7200 },
	{ "1d", 0, 86400 },	{ "30d", 0, 2592000 },
	{ "720h", 0, 2592000 }, { "2592000", 0, 2592000 },
	{ "2592001", -EINVAL }, { "31d", -EINVAL },
	{ "0", -EINVAL },	{ "0m", -EINVAL },
	{ "", -EINVAL },	{ "m", -EINVAL },
	{ "10x", -EINVAL },	{ "1.5h", -EINVAL },
	{ "-5m", -EINVAL },	{ "10mm", -EINVAL },
	{ " 10m", -EINVAL },	{ "99999999999999999999d", -EINVAL },
};

static void test_duration(void **state)
{
	const struct duration_case *c = *state;
	uint64_t s = 12345;

	assert_int_equal(duration_parse(c->text, &s), c->ret);
	assert_int_equal(s, c->ret ? 12345 : c->seconds);
}

static void test_duration_format(void **state)
{
	static const struct {
		uint64_t s;
		const char *text;
	} cases[] = { { 0, "0s" },	   { 1, "1s" },		  { 59, "59s" },
		      { 60, "1m 00s" },	   { 598, "9m 58s" },	  { 3599, "59m 59s" },
		      { 3600, "1h 00m" },  { 7500, "2h 05m" },	  { 86399, "23h 59m" },
		      { 86400, "1d 00h" }, { 2592000, "30d 00h" } };
	char buf[32];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		duration_format(cases[i].s, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_duration_format),
	};
	struct CMUnitTest
	    tests[ARRAY_SIZE(spec_cases) + ARRAY_SIZE(duration_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(spec_cases); i++)
		add_test(&l, test_spec, &spec_cases[i], "spec '%s'", spec_cases[i].text);
	for (size_t i = 0; i < ARRAY_SIZE(duration_cases); i++)
		add_test(&l, test_duration, &duration_cases[i], "duration '%s'",
			 duration_cases[i].text);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "temporary_allow", NULL, NULL);
}
