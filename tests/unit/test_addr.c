// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/addr.c: address classes, RFC 5952 text forms, parsing. */
#include "table_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/addr.h"

struct classify_case {
	const char *text;
	enum addr_class want;
};

/* Edges on both sides of every range, in the order of the classes. */
static const struct classify_case v4_cases[] = {
	{ "127.0.0.0", ADDR_CLASS_LOOPBACK },
	{ "127.0.0.1", ADDR_CLASS_LOOPBACK },
	{ "127.0.1.1", ADDR_CLASS_LOOPBACK },
	{ "127.255.255.254", ADDR_CLASS_LOOPBACK },
	{ "127.255.255.255", ADDR_CLASS_LOOPBACK },
	{ "126.255.255.255", ADDR_CLASS_GLOBAL },
	{ "128.0.0.0", ADDR_CLASS_GLOBAL },
	{ "0.0.0.0", ADDR_CLASS_WILDCARD },
	{ "10.0.0.0", ADDR_CLASS_PRIVATE },
	{ "10.1.2.3", ADDR_CLASS_PRIVATE },
	{ "10.255.255.255", ADDR_CLASS_PRIVATE },
	{ "9.255.255.255", ADDR_CLASS_GLOBAL },
	{ "11.0.0.0", ADDR_CLASS_GLOBAL },
	{ "172.15.255.255", ADDR_CLASS_GLOBAL },
	{ "172.16.0.0", ADDR_CLASS_PRIVATE },
	{ "172.20.1.1", ADDR_CLASS_PRIVATE },
	{ "172.31.255.255", ADDR_CLASS_PRIVATE },
	{ "172.32.0.0", ADDR_CLASS_GLOBAL },
	{ "192.167.255.255", ADDR_CLASS_GLOBAL },
	{ "192.168.0.0", ADDR_CLASS_PRIVATE },
	{ "192.168.1.10", ADDR_CLASS_PRIVATE },
	{ "192.168.255.255", ADDR_CLASS_PRIVATE },
	{ "192.169.0.0", ADDR_CLASS_GLOBAL },
	{ "100.63.255.255", ADDR_CLASS_GLOBAL },
	{ "100.64.0.0", ADDR_CLASS_PRIVATE },
	{ "100.100.100.100", ADDR_CLASS_PRIVATE },
	{ "100.127.255.255", ADDR_CLASS_PRIVATE },
	{ "100.128.0.0", ADDR_CLASS_GLOBAL },
	{ "169.253.255.255", ADDR_CLASS_GLOBAL },
	{ "169.254.0.0", ADDR_CLASS_LINK_LOCAL },
	{ "169.254.169.254", ADDR_CLASS_LINK_LOCAL },
	{ "169.254.255.255", ADDR_CLASS_LINK_LOCAL },
	{ "169.255.0.0", ADDR_CLASS_GLOBAL },
	{ "223.255.255.255", ADDR_CLASS_GLOBAL },
	{ "224.0.0.0", ADDR_CLASS_MULTICAST },
	{ "224.0.0.251", ADDR_CLASS_MULTICAST },
	{ "239.255.255.250", ADDR_CLASS_MULTICAST },
	{ "239.255.255.255", ADDR_CLASS_MULTICAST },
	{ "255.255.255.255", ADDR_CLASS_BROADCAST },
	{ "192.0.2.0", ADDR_CLASS_DOCUMENTATION },
	{ "192.0.2.255", ADDR_CLASS_DOCUMENTATION },
	{ "192.0.3.0", ADDR_CLASS_GLOBAL },
	{ "198.51.100.7", ADDR_CLASS_DOCUMENTATION },
	{ "198.51.99.255", ADDR_CLASS_GLOBAL },
	{ "198.51.101.0", ADDR_CLASS_GLOBAL },
	{ "203.0.113.0", ADDR_CLASS_DOCUMENTATION },
	{ "203.0.113.255", ADDR_CLASS_DOCUMENTATION },
	{ "203.0.114.0", ADDR_CLASS_GLOBAL },
	{ "198.17.255.255", ADDR_CLASS_GLOBAL },
	{ "198.18.0.0", ADDR_CLASS_BENCHMARK },
	{ "198.19.255.255", ADDR_CLASS_BENCHMARK },
	{ "198.20.0.0", ADDR_CLASS_GLOBAL },
	{ "0.0.0.1", ADDR_CLASS_RESERVED },
	{ "0.1.2.3", ADDR_CLASS_RESERVED },
	{ "0.255.255.255", ADDR_CLASS_RESERVED },
	{ "1.0.0.0", ADDR_CLASS_GLOBAL },
	{ "192.0.0.0", ADDR_CLASS_RESERVED },
	{ "192.0.0.255", ADDR_CLASS_RESERVED },
	{ "191.255.255.255", ADDR_CLASS_GLOBAL },
	{ "240.0.0.0", ADDR_CLASS_RESERVED },
	{ "240.0.0.1", ADDR_CLASS_RESERVED },
	{ "250.1.2.3", ADDR_CLASS_RESERVED },
	{ "255.255.255.254", ADDR_CLASS_RESERVED },
	{ "8.8.8.8", ADDR_CLASS_GLOBAL },
	{ "1.1.1.1", ADDR_CLASS_GLOBAL },
	{ "93.184.216.34", ADDR_CLASS_GLOBAL },
	{ "172.217.0.0", ADDR_CLASS_GLOBAL },
};

static const struct classify_case v6_cases[] = {
	{ "::1", ADDR_CLASS_LOOPBACK },
	{ "::", ADDR_CLASS_WILDCARD },
	{ "::ffff:0.0.0.0", ADDR_CLASS_WILDCARD },
	{ "::2", ADDR_CLASS_RESERVED },
	{ "::127.0.0.1", ADDR_CLASS_RESERVED }, /* deprecated IPv4-compatible: not loopback */
	{ "::fffe:127.0.0.1", ADDR_CLASS_RESERVED },
	{ "0:0:0:0:1:ffff:7f00:1", ADDR_CLASS_RESERVED },
	{ "fc00::", ADDR_CLASS_PRIVATE },
	{ "fc00::1", ADDR_CLASS_PRIVATE },
	{ "fd12::1", ADDR_CLASS_PRIVATE },
	{ "fd00:1234:5678::abcd", ADDR_CLASS_PRIVATE },
	{ "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_PRIVATE },
	{ "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_RESERVED },
	{ "fe00::", ADDR_CLASS_RESERVED },
	{ "fe7f:ffff::1", ADDR_CLASS_RESERVED },
	{ "fe80::", ADDR_CLASS_LINK_LOCAL },
	{ "fe80::1", ADDR_CLASS_LINK_LOCAL },
	{ "fe80::a00:27ff:fe4e:66a1", ADDR_CLASS_LINK_LOCAL },
	{ "febf::1", ADDR_CLASS_LINK_LOCAL },
	{ "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_LINK_LOCAL },
	{ "fec0::1", ADDR_CLASS_RESERVED },
	{ "ff00::", ADDR_CLASS_MULTICAST },
	{ "ff02::1", ADDR_CLASS_MULTICAST },
	{ "ff02::fb", ADDR_CLASS_MULTICAST },
	{ "ff05::1:3", ADDR_CLASS_MULTICAST },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_MULTICAST },
	{ "2001:db8::", ADDR_CLASS_DOCUMENTATION },
	{ "2001:db8::1", ADDR_CLASS_DOCUMENTATION },
	{ "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_DOCUMENTATION },
	{ "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_GLOBAL },
	{ "2001:db9::", ADDR_CLASS_GLOBAL },
	{ "3fff::1", ADDR_CLASS_DOCUMENTATION },
	{ "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_DOCUMENTATION },
	{ "3fff:1000::", ADDR_CLASS_GLOBAL },
	{ "2001:2::", ADDR_CLASS_BENCHMARK },
	{ "2001:2::1", ADDR_CLASS_BENCHMARK },
	{ "2001:2:0:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_BENCHMARK },
	{ "2001:2:1::", ADDR_CLASS_GLOBAL },
	{ "100::", ADDR_CLASS_RESERVED },
	{ "100::1", ADDR_CLASS_RESERVED },
	{ "4000::1", ADDR_CLASS_RESERVED },
	{ "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_CLASS_RESERVED },
	{ "2000::", ADDR_CLASS_GLOBAL },
	{ "2001:4860::8888", ADDR_CLASS_GLOBAL },
	{ "2001:4860:4860::8888", ADDR_CLASS_GLOBAL },
	{ "2606:4700:4700::1111", ADDR_CLASS_GLOBAL },
	{ "2a00::", ADDR_CLASS_GLOBAL },
	{ "2a00:1450:4001:81c::200e", ADDR_CLASS_GLOBAL },
	{ "3ffe:ffff::1", ADDR_CLASS_GLOBAL },
	{ "::ffff:10.1.2.3", ADDR_CLASS_PRIVATE },
	{ "::ffff:127.0.0.1", ADDR_CLASS_LOOPBACK },
	{ "::ffff:8.8.8.8", ADDR_CLASS_GLOBAL },
	{ "::ffff:169.254.1.1", ADDR_CLASS_LINK_LOCAL },
	{ "::ffff:224.0.0.1", ADDR_CLASS_MULTICAST },
	{ "::ffff:255.255.255.255", ADDR_CLASS_BROADCAST },
	{ "::ffff:192.0.2.1", ADDR_CLASS_DOCUMENTATION },
	{ "::ffff:198.18.0.1", ADDR_CLASS_BENCHMARK },
	{ "::ffff:240.0.0.1", ADDR_CLASS_RESERVED },
};

static void pton(int family, const char *text, uint8_t addr[16])
{
	memset(addr, 0, 16);
	if (inet_pton(family, text, addr) != 1)
		fail_msg("bad address in the test table: %s", text);
}

static void test_classify_v4(void **state)
{
	const struct classify_case *c = *state;
	uint8_t addr[16];

	pton(AF_INET, c->text, addr);
	assert_string_equal(addr_class_name(classify_addr(AF_INET, addr)),
			    addr_class_name(c->want));
}

/* An IPv4-mapped address on an IPv6 socket is the IPv4 address it carries. */
static void test_classify_v4_mapped(void **state)
{
	const struct classify_case *c = *state;
	uint8_t v4[16], v6[16] = { [10] = 0xff, [11] = 0xff };

	pton(AF_INET, c->text, v4);
	memcpy(v6 + 12, v4, 4);
	assert_true(addr_is_v4_mapped(v6));
	assert_string_equal(addr_class_name(classify_addr(AF_INET6, v6)), addr_class_name(c->want));
}

static void test_classify_v6(void **state)
{
	const struct classify_case *c = *state;
	uint8_t addr[16];

	pton(AF_INET6, c->text, addr);
	assert_string_equal(addr_class_name(classify_addr(AF_INET6, addr)),
			    addr_class_name(c->want));
}

/* Only the first 4 bytes of an AF_INET address count. */
static void test_classify_v4_ignores_tail(void **state)
{
	uint8_t addr[16];

	(void)state;
	memset(addr, 0xee, sizeof(addr));
	pton(AF_INET, "127.0.0.1", addr);
	memset(addr + 4, 0xee, 12);
	assert_int_equal(classify_addr(AF_INET, addr), ADDR_CLASS_LOOPBACK);
}

static void test_classify_unknown_family(void **state)
{
	static const int families[] = { 0, AF_UNIX, AF_PACKET, AF_NETLINK, -1, 10000 };
	uint8_t addr[16] = { 127, 0, 0, 1 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(families); i++)
		assert_int_equal(classify_addr(families[i], addr), ADDR_CLASS_UNKNOWN);
}

static void test_class_names_and_exposure(void **state)
{
	static const struct {
		enum addr_class cls;
		const char *name;
		bool exposed;
	} rows[] = {
		{ ADDR_CLASS_UNKNOWN, "unknown", false },
		{ ADDR_CLASS_LOOPBACK, "loopback", false },
		{ ADDR_CLASS_WILDCARD, "wildcard", true },
		{ ADDR_CLASS_PRIVATE, "private", true },
		{ ADDR_CLASS_LINK_LOCAL, "link-local", true },
		{ ADDR_CLASS_MULTICAST, "multicast", true },
		{ ADDR_CLASS_BROADCAST, "broadcast", true },
		{ ADDR_CLASS_DOCUMENTATION, "documentation", true },
		{ ADDR_CLASS_BENCHMARK, "benchmark", true },
		{ ADDR_CLASS_RESERVED, "reserved", true },
		{ ADDR_CLASS_GLOBAL, "global", true },
	};

	(void)state;
	assert_int_equal(ARRAY_SIZE(rows), ADDR_CLASS_COUNT);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		assert_string_equal(addr_class_name(rows[i].cls), rows[i].name);
		assert_int_equal(addr_class_is_exposed(rows[i].cls), rows[i].exposed);
	}
	assert_string_equal(addr_class_name(ADDR_CLASS_COUNT), "unknown");
	assert_string_equal(addr_class_name((enum addr_class)1000), "unknown");
	assert_string_equal(addr_class_name((enum addr_class) - 1), "unknown");
}

static void test_v4_mapped_detection(void **state)
{
	static const struct {
		const char *text;
		bool mapped;
	} rows[] = {
		{ "::ffff:0.0.0.0", true },
		{ "::ffff:1.2.3.4", true },
		{ "::ffff:255.255.255.255", true },
		{ "::fffe:1.2.3.4", false },
		{ "::1.2.3.4", false },
		{ "0:0:0:0:1:ffff:102:304", false },
		{ "1::ffff:1.2.3.4", false },
		{ "::", false },
		{ "::1", false },
		{ "64:ff9b::1.2.3.4", false },
	};
	uint8_t addr[16];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		pton(AF_INET6, rows[i].text, addr);
		assert_int_equal(addr_is_v4_mapped(addr), rows[i].mapped);
	}
}

/* RFC 5952 sections 4 and 5: bytes in, canonical text out. */
struct format_case {
	int family;
	uint8_t addr[16];
	const char *want;
};

#define V6(...)                                                                                    \
	AF_INET6,                                                                                  \
	{                                                                                          \
		__VA_ARGS__                                                                        \
	}
#define V4(a, b, c, d)                                                                             \
	AF_INET,                                                                                   \
	{                                                                                          \
		a, b, c, d                                                                         \
	}

static const struct format_case format_cases[] = {
	{ V4(0, 0, 0, 0), "0.0.0.0" },
	{ V4(127, 0, 0, 1), "127.0.0.1" },
	{ V4(255, 255, 255, 255), "255.255.255.255" },
	{ V4(10, 0, 1, 20), "10.0.1.20" },
	{ V6(0), "::" },
	{ V6([15] = 1), "::1" },
	{ V6(0x00, 0x01), "1::" },
	{ V6(0xfe, 0x80, [15] = 1), "fe80::1" },
	{ V6(0xff, 0x02, [15] = 1), "ff02::1" },
	/* 4.2.1: the longest run of zero fields is compressed */
	{ V6(0x20, 0x01, 0x0d, 0xb8, [13] = 2, [15] = 1), "2001:db8::2:1" },
	/* 4.2.2: a single zero field is not compressed */
	{ V6(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1), "2001:db8:0:1:1:1:1:1" },
	{ V6(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0), "2001:db8:1:1:1:1:1:0" },
	/* 4.2.3: the longest run wins; on a tie the first one */
	{ V6(0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1), "2001:0:0:1::1" },
	{ V6(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1), "2001:db8::1:0:0:1" },
	/* 4.1: no leading zeros; 4.3: lowercase */
	{ V6(0x20, 0x01, 0x0d, 0xb8, [14] = 0x00, [15] = 0x0a), "2001:db8::a" },
	{ V6(0xab, 0xcd, 0xef, 0x01, 0x00, 0x0f, 0x00, 0xf0, 0x0f, 0x00, 0xfe, 0xdc, 0xba, 0x98,
	     0x76, 0x54),
	  "abcd:ef01:f:f0:f00:fedc:ba98:7654" },
	{ V6(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	     0xff, 0xff),
	  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	/* 5: IPv4-mapped addresses in mixed notation */
	{ V6([10] = 0xff, [11] = 0xff, 1, 2, 3, 4), "::ffff:1.2.3.4" },
	{ V6([10] = 0xff, [11] = 0xff, 0, 0, 0, 0), "::ffff:0.0.0.0" },
	{ V6([10] = 0xff, [11] = 0xff, 127, 0, 0, 1), "::ffff:127.0.0.1" },
	{ V6([10] = 0xff, [11] = 0xff, 255, 255, 255, 255), "::ffff:255.255.255.255" },
	{ V6(0x20, 0x01, 0x48, 0x60, [14] = 0x88, [15] = 0x88), "2001:4860::8888" },
	{ V6(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "2001:db8::" },
	{ V6(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0), "::1:0:0:0" },
};

static void test_format(void **state)
{
	const struct format_case *c = *state;
	char buf[ADDR_TEXT_LEN];

	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(format_addr(c->family, c->addr, buf, sizeof(buf)), buf);
	assert_string_equal(buf, c->want);
}

/* format_addr writes IPv4 by hand: the same text as inet_ntop for every
 * value of every byte. */
static void test_format_ipv4_like_inet_ntop(void **state)
{
	char ours[ADDR_TEXT_LEN], libc[INET_ADDRSTRLEN];
	uint8_t addr[4];

	(void)state;
	for (int pos = 0; pos < 4; pos++) {
		for (int v = 0; v < 256; v++) {
			addr[0] = 192;
			addr[1] = 0;
			addr[2] = 2;
			addr[3] = 255;
			addr[pos] = (uint8_t)v;
			assert_non_null(inet_ntop(AF_INET, addr, libc, sizeof(libc)));
			assert_string_equal(format_addr(AF_INET, addr, ours, sizeof(ours)), libc);
		}
	}
}

static void test_format_unknown_family(void **state)
{
	uint8_t addr[16] = { 1, 2, 3, 4 };
	char buf[ADDR_TEXT_LEN];

	(void)state;
	assert_string_equal(format_addr(0, addr, buf, sizeof(buf)), "?");
	assert_string_equal(format_addr(AF_UNIX, addr, buf, sizeof(buf)), "?");
	assert_string_equal(format_addr(-1, addr, buf, sizeof(buf)), "?");
}

/* A buffer too small gets "?", never a cut address that reads as another. */
static void test_format_small_buffer(void **state)
{
	uint8_t addr[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	char buf[8];

	(void)state;
	assert_string_equal(format_addr(AF_INET6, addr, buf, sizeof(buf)), "?");
	addr[0] = 192, addr[1] = 168, addr[2] = 100, addr[3] = 200;
	assert_string_equal(format_addr(AF_INET, addr, buf, sizeof(buf)), "?");
}

/* Text in, text out: canonical forms come back unchanged, others normalised. */
struct parse_case {
	const char *text;
	int family;
	const char *canonical;
};

static const struct parse_case parse_cases[] = {
	{ "0.0.0.0", AF_INET, "0.0.0.0" },
	{ "127.0.0.1", AF_INET, "127.0.0.1" },
	{ "192.168.1.254", AF_INET, "192.168.1.254" },
	{ "255.255.255.255", AF_INET, "255.255.255.255" },
	{ "::", AF_INET6, "::" },
	{ "::1", AF_INET6, "::1" },
	{ "0:0:0:0:0:0:0:1", AF_INET6, "::1" },
	{ "0000:0000:0000:0000:0000:0000:0000:0001", AF_INET6, "::1" },
	{ "2001:DB8::A", AF_INET6, "2001:db8::a" },
	{ "2001:0db8:0000:0000:0000:0000:0002:0001", AF_INET6, "2001:db8::2:1" },
	{ "2001:db8:0:0:1:0:0:1", AF_INET6, "2001:db8::1:0:0:1" },
	{ "2001:db8::1:1:1:1:1", AF_INET6, "2001:db8:0:1:1:1:1:1" },
	{ "::ffff:1.2.3.4", AF_INET6, "::ffff:1.2.3.4" },
	{ "::FFFF:10.0.0.1", AF_INET6, "::ffff:10.0.0.1" },
	{ "0:0:0:0:0:ffff:7f00:1", AF_INET6, "::ffff:127.0.0.1" },
	{ "fe80::1", AF_INET6, "fe80::1" },
	{ "FE80:0:0:0:0:0:0:1", AF_INET6, "fe80::1" },
	{ "ff02::1", AF_INET6, "ff02::1" },
	{ "2001:4860:4860::8888", AF_INET6, "2001:4860:4860::8888" },
	{ "1:2:3:4:5:6:7:8", AF_INET6, "1:2:3:4:5:6:7:8" },
	{ "1::8", AF_INET6, "1::8" },
	{ "1:2:3:4:5:6:7::", AF_INET6, "1:2:3:4:5:6:7:0" },
};

static void test_parse_round_trip(void **state)
{
	const struct parse_case *c = *state;
	uint8_t addr[16], again[16], want[16];
	char text[ADDR_TEXT_LEN];
	int family = -1, family2 = -1;

	memset(addr, 0xaa, sizeof(addr));
	assert_int_equal(parse_addr(c->text, &family, addr), 0);
	assert_int_equal(family, c->family);
	pton(c->family, c->text, want);
	assert_memory_equal(addr, want, 16); /* an IPv4 address leaves the tail zeroed */
	assert_string_equal(format_addr(family, addr, text, sizeof(text)), c->canonical);
	assert_int_equal(parse_addr(text, &family2, again), 0);
	assert_int_equal(family2, family);
	assert_memory_equal(again, addr, 16);
}

static const char *const parse_rejects[] = {
	"",
	" ",
	"1",
	"1.2.3",
	"1.2.3.4.5",
	"256.0.0.1",
	"1.2.3.256",
	"01.2.3.4",
	"0x7f.0.0.1",
	"1.2.3.4 ",
	" 1.2.3.4",
	"1.2.3.4/24",
	"1.2.3.-4",
	"localhost",
	":::",
	"::1::",
	"1::2::3",
	"12345::",
	"g::1",
	"1:2:3:4:5:6:7:8:9",
	"1:2:3:4:5:6:7",
	"::ffff:1.2.3",
	"::ffff:1.2.3.4.5",
	"[::1]",
	"fe80::1%eth0",
	"::1 ",
	"2001:db8::/32",
};

static void test_parse_reject(void **state)
{
	const char *text = *state;
	uint8_t addr[16];
	int family = 12345;

	assert_int_equal(parse_addr(text, &family, addr), -EINVAL);
	assert_int_equal(family, 12345);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_classify_v4_ignores_tail),
		cmocka_unit_test(test_classify_unknown_family),
		cmocka_unit_test(test_class_names_and_exposure),
		cmocka_unit_test(test_v4_mapped_detection),
		cmocka_unit_test(test_format_ipv4_like_inet_ntop),
		cmocka_unit_test(test_format_unknown_family),
		cmocka_unit_test(test_format_small_buffer),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(plain) + 2 * ARRAY_SIZE(v4_cases) +
				       ARRAY_SIZE(v6_cases) + ARRAY_SIZE(format_cases) +
				       ARRAY_SIZE(parse_cases) + ARRAY_SIZE(parse_rejects)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(v4_cases); i++)
		add_test(&l, test_classify_v4, &v4_cases[i], "classify %s is %s", v4_cases[i].text,
			 addr_class_name(v4_cases[i].want));
	for (size_t i = 0; i < ARRAY_SIZE(v4_cases); i++)
		add_test(&l, test_classify_v4_mapped, &v4_cases[i], "classify ::ffff:%s is %s",
			 v4_cases[i].text, addr_class_name(v4_cases[i].want));
	for (size_t i = 0; i < ARRAY_SIZE(v6_cases); i++)
		add_test(&l, test_classify_v6, &v6_cases[i], "classify %s is %s", v6_cases[i].text,
			 addr_class_name(v6_cases[i].want));
	for (size_t i = 0; i < ARRAY_SIZE(format_cases); i++)
		add_test(&l, test_format, &format_cases[i], "format_addr gives %s",
			 format_cases[i].want);
	for (size_t i = 0; i < ARRAY_SIZE(parse_cases); i++)
		add_test(&l, test_parse_round_trip, &parse_cases[i], "parse_addr round trip of %s",
			 parse_cases[i].text);
	for (size_t i = 0; i < ARRAY_SIZE(parse_rejects); i++)
		add_test(&l, test_parse_reject, parse_rejects[i], "parse_addr rejects '%s'",
			 parse_rejects[i]);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "addr", NULL, NULL);
}
