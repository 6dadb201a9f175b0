/* SPDX-License-Identifier: GPL-2.0 */
/* Telling valid UTF-8 from other bytes, for the JSON writer and the
 * terminal escaping (inline: both run for every byte of a line). */
#ifndef BINDGUARD_UTF8_H
#define BINDGUARD_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (max len bytes, at least 1): 1
 * for ASCII, 2 to 4, or 0 when s starts no valid sequence (a lone
 * continuation byte such as 0x9b, a lead byte cut short, an overlong form,
 * a surrogate, a value past U+10FFFF). */
static inline size_t utf8_sequence_len(const unsigned char *s, size_t len)
{
	size_t n;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* reject overlong forms, surrogates and values past U+10FFFF */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

#endif
