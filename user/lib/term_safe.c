// SPDX-License-Identifier: GPL-2.0
/* Escaping control characters for a terminal.  Pure. */
#include "lib/term_safe.h"

#include "lib/utf8.h"

#define MAX_COLOR_LEN 16 /* "ESC[1;31m" and the like */

/* The length of the colour sequence (SGR) at s, or 0. */
static size_t color_sequence(const char *s, size_t len)
{
	if (len < 3 || s[0] != '\033' || s[1] != '[')
		return 0;
	for (size_t i = 2; i < len && i < MAX_COLOR_LEN; i++) {
		if (s[i] == 'm')
			return i + 1;
		if ((s[i] < '0' || s[i] > '9') && s[i] != ';')
			return 0;
	}
	return 0;
}

static void put_hex(struct strbuf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	strbuf_append(out, esc, sizeof(esc));
}

void term_safe_append(struct strbuf *out, const char *s, size_t len, bool keep_colors)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0, i = 0;

	while (i < len) {
		unsigned char c = u[i];
		size_t color = keep_colors ? color_sequence(s + i, len - i) : 0;
		size_t n;

		if (color) {
			i += color;
			continue;
		}
		if ((c >= 0x20 && c < 0x7f) || c == '\n') {
			i++;
			continue;
		}
		/* 0: no valid UTF-8 sequence starts here (a lone 0x9b is CSI
		 * to an 8-bit terminal) */
		n = c >= 0x80 ? utf8_sequence_len(u + i, len - i) : 0;
		/* a whole character, but not C1 (\xc2\x80 to \xc2\x9f) */
		if (n && !(c == 0xc2 && u[i + 1] <= 0x9f)) {
			i += n;
			continue;
		}
		strbuf_append(out, s + start, i - start);
		for (size_t k = 0; k < (n ? n : 1); k++)
			put_hex(out, u[i + k]);
		i += n ? n : 1;
		start = i;
	}
	strbuf_append(out, s + start, len - start);
}
