// SPDX-License-Identifier: GPL-2.0
/* Address classes after RFC 6890's special-purpose registries, and text forms. */
#include "lib/addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

struct v4_range {
	uint32_t net;
	unsigned int prefix;
	enum addr_class cls;
};

/* Most specific first: the first match wins. */
static const struct v4_range v4_ranges[] = {
	{ 0x00000000, 32, ADDR_CLASS_WILDCARD },      { 0xffffffff, 32, ADDR_CLASS_BROADCAST },
	{ 0x7f000000, 8, ADDR_CLASS_LOOPBACK },	      { 0x0a000000, 8, ADDR_CLASS_PRIVATE },
	{ 0xac100000, 12, ADDR_CLASS_PRIVATE },	      { 0xc0a80000, 16, ADDR_CLASS_PRIVATE },
	{ 0x64400000, 10, ADDR_CLASS_PRIVATE }, /* shared address space (CGNAT) */
	{ 0xa9fe0000, 16, ADDR_CLASS_LINK_LOCAL },    { 0xe0000000, 4, ADDR_CLASS_MULTICAST },
	{ 0xc0000200, 24, ADDR_CLASS_DOCUMENTATION }, { 0xc6336400, 24, ADDR_CLASS_DOCUMENTATION },
	{ 0xcb007100, 24, ADDR_CLASS_DOCUMENTATION }, { 0xc6120000, 15, ADDR_CLASS_BENCHMARK },
	{ 0x00000000, 8, ADDR_CLASS_RESERVED },	 /* "this network" */
	{ 0xc0000000, 24, ADDR_CLASS_RESERVED }, /* IETF protocol assignments */
	{ 0xf0000000, 4, ADDR_CLASS_RESERVED },
};

struct v6_range {
	uint8_t net[16];
	unsigned int prefix;
	enum addr_class cls;
};

static const struct v6_range v6_ranges[] = {
	{ { 0 }, 128, ADDR_CLASS_WILDCARD },
	{ { [15] = 1 }, 128, ADDR_CLASS_LOOPBACK },
	{ { 0xfc }, 7, ADDR_CLASS_PRIVATE },
	{ { 0xfe, 0x80 }, 10, ADDR_CLASS_LINK_LOCAL },
	{ { 0xff }, 8, ADDR_CLASS_MULTICAST },
	{ { 0x20, 0x01, 0x0d, 0xb8 }, 32, ADDR_CLASS_DOCUMENTATION },
	{ { 0x3f, 0xff }, 20, ADDR_CLASS_DOCUMENTATION }, /* RFC 9637 */
	{ { 0x20, 0x01, 0x00, 0x02, 0x00, 0x00 }, 48, ADDR_CLASS_BENCHMARK },
	{ { 0x01 }, 64, ADDR_CLASS_RESERVED },	     /* discard-only 100::/64 */
	{ { 0xfe, 0xc0 }, 10, ADDR_CLASS_RESERVED }, /* deprecated site-local */
	{ { 0 }, 8, ADDR_CLASS_RESERVED },	     /* ::/8 other than the above */
};

static bool prefix_match(const uint8_t *addr, const uint8_t *net, unsigned int prefix)
{
	unsigned int bytes = prefix / 8, bits = prefix % 8;

	if (memcmp(addr, net, bytes))
		return false;
	if (!bits)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - bits));
	return (addr[bytes] & mask) == (net[bytes] & mask);
}

bool addr_is_v4_mapped(const uint8_t *a)
{
	static const uint8_t prefix[12] = { [10] = 0xff, [11] = 0xff };

	return memcmp(a, prefix, sizeof(prefix)) == 0;
}

static enum addr_class classify_v4(const uint8_t *addr)
{
	uint32_t a =
	    (uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 | (uint32_t)addr[2] << 8 | addr[3];

	for (size_t i = 0; i < sizeof(v4_ranges) / sizeof(v4_ranges[0]); i++) {
		const struct v4_range *r = &v4_ranges[i];
		uint32_t mask = r->prefix ? 0xffffffffu << (32 - r->prefix) : 0;

		if ((a & mask) == r->net)
			return r->cls;
	}
	return ADDR_CLASS_GLOBAL;
}

enum addr_class classify_addr(int family, const uint8_t *addr)
{
	if (family == AF_INET)
		return classify_v4(addr);
	if (family != AF_INET6)
		return ADDR_CLASS_UNKNOWN;
	if (addr_is_v4_mapped(addr))
		return classify_v4(addr + 12);
	for (size_t i = 0; i < sizeof(v6_ranges) / sizeof(v6_ranges[0]); i++)
		if (prefix_match(addr, v6_ranges[i].net, v6_ranges[i].prefix))
			return v6_ranges[i].cls;
	/* Only 2000::/3 is allocated for global unicast. */
	if ((addr[0] & 0xe0) == 0x20)
		return ADDR_CLASS_GLOBAL;
	return ADDR_CLASS_RESERVED;
}

const char *addr_class_name(enum addr_class cls)
{
	static const char *const names[ADDR_CLASS_COUNT] = {
		[ADDR_CLASS_UNKNOWN] = "unknown",
		[ADDR_CLASS_LOOPBACK] = "loopback",
		[ADDR_CLASS_WILDCARD] = "wildcard",
		[ADDR_CLASS_PRIVATE] = "private",
		[ADDR_CLASS_LINK_LOCAL] = "link-local",
		[ADDR_CLASS_MULTICAST] = "multicast",
		[ADDR_CLASS_BROADCAST] = "broadcast",
		[ADDR_CLASS_DOCUMENTATION] = "documentation",
		[ADDR_CLASS_BENCHMARK] = "benchmark",
		[ADDR_CLASS_RESERVED] = "reserved",
		[ADDR_CLASS_GLOBAL] = "global",
	};

	if ((unsigned int)cls >= ADDR_CLASS_COUNT)
		return "unknown";
	return names[cls];
}

bool addr_class_is_exposed(enum addr_class cls)
{
	return cls != ADDR_CLASS_LOOPBACK && cls != ADDR_CLASS_UNKNOWN;
}

int addr_class_name_width(void)
{
	static int width;

	if (!width)
		for (int cls = 0; cls < ADDR_CLASS_COUNT; cls++)
			if ((int)strlen(addr_class_name(cls)) > width)
				width = (int)strlen(addr_class_name(cls));
	return width;
}

/* inet_ntop's IPv4 text without its sprintf: the tracer prints one per event. */
static void format_ipv4(const uint8_t *addr, char *buf)
{
	char *p = buf;

	for (int i = 0; i < 4; i++) {
		unsigned int b = addr[i];

		if (i)
			*p++ = '.';
		if (b >= 100)
			*p++ = (char)('0' + b / 100);
		if (b >= 10)
			*p++ = (char)('0' + b / 10 % 10);
		*p++ = (char)('0' + b % 10);
	}
	*p = '\0';
}

const char *format_addr(int family, const uint8_t *addr, char *buf, size_t len)
{
	if (family == AF_INET && len >= INET_ADDRSTRLEN) {
		format_ipv4(addr, buf);
		return buf;
	}
	if ((family != AF_INET && family != AF_INET6) ||
	    !inet_ntop(family, addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

int parse_addr(const char *text, int *family, uint8_t addr[16])
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, text, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}
