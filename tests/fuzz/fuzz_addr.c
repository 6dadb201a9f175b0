// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: classify_addr, format_addr and parse_addr on any bytes and any
 * text.  Classes are in range, an IPv4-mapped address classifies as its
 * IPv4 address, formatting fits any buffer and parses back to the same
 * address. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/addr.h"

#include "fuzz.h"

static void check_class(int family, const uint8_t *addr)
{
	enum addr_class cls = classify_addr(family, addr);
	const char *name = addr_class_name(cls);

	CHECK((unsigned int)cls < ADDR_CLASS_COUNT);
	CHECK(name && *name);
	if (family == AF_INET || family == AF_INET6)
		CHECK(cls != ADDR_CLASS_UNKNOWN);
	else
		CHECK(cls == ADDR_CLASS_UNKNOWN);
	if (family == AF_INET6 && addr_is_v4_mapped(addr))
		CHECK(cls == classify_addr(AF_INET, addr + 12));
	if (family == AF_INET) {
		uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff };

		memcpy(mapped + 12, addr, 4);
		CHECK(classify_addr(AF_INET6, mapped) == cls);
	}
	(void)addr_class_is_exposed(cls);
}

/* Formats into a heap buffer of exactly len bytes, so that a write past it
 * is caught; with room enough the text parses back to the same address. */
static void check_format(int family, const uint8_t *addr, size_t len)
{
	char *buf = malloc(len ? len : 1);
	const char *text;

	CHECK(buf);
	text = format_addr(family, addr, buf, len);
	CHECK(text == buf);
	if (len >= ADDR_TEXT_LEN) {
		int parsed_family;
		uint8_t parsed[16];

		CHECK(strlen(text) < ADDR_TEXT_LEN);
		if (family == AF_INET || family == AF_INET6) {
			CHECK(parse_addr(text, &parsed_family, parsed) == 0);
			CHECK(parsed_family == family);
			CHECK(memcmp(parsed, addr, family == AF_INET ? 4 : 16) == 0);
		} else {
			CHECK(strcmp(text, "?") == 0);
		}
	} else if (len) {
		CHECK(memchr(buf, '\0', len) != NULL);
	}
	free(buf);
}

static void check_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), formatted[ADDR_TEXT_LEN];
	uint8_t addr[16], again[16];
	int family = -1, family2 = -1;

	CHECK(text);
	memcpy(text, data, size);
	text[size] = '\0';
	if (parse_addr(text, &family, addr) == 0) {
		CHECK(family == AF_INET || family == AF_INET6);
		if (family == AF_INET)
			for (int i = 4; i < 16; i++)
				CHECK(addr[i] == 0);
		check_class(family, addr);
		format_addr(family, addr, formatted, sizeof(formatted));
		CHECK(parse_addr(formatted, &family2, again) == 0);
		CHECK(family2 == family && memcmp(addr, again, 16) == 0);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int families[] = { AF_INET, AF_INET6, AF_UNSPEC, AF_UNIX, -1 };
	uint8_t *addr;

	if (size < 1)
		return 0;
	if (data[0] == 'T') {
		check_text(data + 1, size - 1);
		return 0;
	}
	if (size < 2)
		return 0;
	/* the address in a heap buffer of exactly the bytes its family reads */
	int family = families[data[0] % 5];
	size_t need = family == AF_INET ? 4 : 16;
	size_t len = data[1] % 64;

	addr = calloc(1, need);
	CHECK(addr);
	memcpy(addr, data + 2, size - 2 < need ? size - 2 : need);
	check_class(family, addr);
	check_format(family, addr, len);
	check_format(family, addr, ADDR_TEXT_LEN);
	CHECK(addr_class_name((enum addr_class)(int8_t)data[1]) != NULL);
	free(addr);
	return 0;
}
