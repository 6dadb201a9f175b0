/* SPDX-License-Identifier: GPL-2.0 */
/* Classifying and printing IPv4/IPv6 addresses: pure functions. */
#ifndef BINDGUARD_ADDR_H
#define BINDGUARD_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest text form: an IPv4-mapped IPv6 address, plus NUL (INET6_ADDRSTRLEN). */
#define ADDR_TEXT_LEN 46

enum addr_class {
	ADDR_CLASS_UNKNOWN = 0,
	ADDR_CLASS_LOOPBACK,	  /* 127/8, ::1 */
	ADDR_CLASS_WILDCARD,	  /* 0.0.0.0, :: */
	ADDR_CLASS_PRIVATE,	  /* RFC 1918, 100.64/10 (CGNAT), fc00::/7 */
	ADDR_CLASS_LINK_LOCAL,	  /* 169.254/16, fe80::/10 */
	ADDR_CLASS_MULTICAST,	  /* 224/4, ff00::/8 */
	ADDR_CLASS_BROADCAST,	  /* 255.255.255.255 */
	ADDR_CLASS_DOCUMENTATION, /* 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32 */
	ADDR_CLASS_BENCHMARK,	  /* 198.18/15, 2001:2::/48 */
	ADDR_CLASS_RESERVED,	  /* 0/8 (not 0.0.0.0), 240/4, 192.0.0/24, 100::/64 ... */
	ADDR_CLASS_GLOBAL,	  /* publicly routable */
	ADDR_CLASS_COUNT,
};

/* family is AF_INET (first 4 bytes of addr used) or AF_INET6 (16 bytes).
 * An IPv4-mapped IPv6 address is classified by the IPv4 address it carries. */
enum addr_class classify_addr(int family, const uint8_t *addr);
const char *addr_class_name(enum addr_class cls);
/* Length of the longest class name: the width of a CLASS column. */
int addr_class_name_width(void);
/* Reachable from beyond this machine: everything but loopback. */
bool addr_class_is_exposed(enum addr_class cls);

/* ::ffff:a.b.c.d */
bool addr_is_v4_mapped(const uint8_t *addr6);

/* RFC 5952 text (inet_ntop); "?" for an unknown family. Returns buf. */
const char *format_addr(int family, const uint8_t *addr, char *buf, size_t len);

/* Parses IPv4 or IPv6 text into family + 16-byte buffer. 0 or -EINVAL. */
int parse_addr(const char *text, int *family, uint8_t addr[16]);

#endif
