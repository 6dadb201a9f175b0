/* SPDX-License-Identifier: GPL-2.0 */
/* UTF-8 as RFC 3629 writes it, the tests' own (test_json.c, fuzz_json.c):
 * a reference independent of the code under test in user/lib/json.c. */
#ifndef BINDGUARD_UTF8_ENCODE_H
#define BINDGUARD_UTF8_ENCODE_H

#include <stddef.h>
#include <stdint.h>

/* Writes code point cp (at most U+10FFFF) at out; how many bytes (1-4). */
static inline size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

#endif
