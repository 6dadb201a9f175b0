// SPDX-License-Identifier: GPL-2.0
/* Growable byte buffer. */
#include "lib/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(struct strbuf *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->data);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

static int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1, cap = sb->cap ? sb->cap : 256;
	char *data;

	if (need <= sb->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	data = realloc(sb->data, cap);
	if (!data) {
		sb->failed = 1;
		return -1;
	}
	sb->data = data;
	sb->cap = cap;
	return 0;
}

void strbuf_append(struct strbuf *sb, const char *data, size_t len)
{
	if (strbuf_grow(sb, len))
		return;
	memcpy(sb->data + sb->len, data, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
	strbuf_append(sb, s, strlen(s));
}

void strbuf_putc(struct strbuf *sb, char c)
{
	strbuf_append(sb, &c, 1);
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	size_t room = sb->cap > sb->len ? sb->cap - sb->len : 0;
	va_list ap;
	int n;

	/* one pass when it fits, which is nearly always */
	va_start(ap, fmt);
	n = vsnprintf(room ? sb->data + sb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		if (strbuf_grow(sb, (size_t)n)) {
			if (room)
				sb->data[sb->len] = '\0'; /* drop the truncated attempt */
			return;
		}
		va_start(ap, fmt);
		vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

char *strbuf_reserve(struct strbuf *sb, size_t n)
{
	if (strbuf_grow(sb, n))
		return NULL;
	return sb->data + sb->len;
}

void strbuf_commit(struct strbuf *sb, size_t n)
{
	sb->len += n;
	sb->data[sb->len] = '\0';
}

const char *strbuf_str(struct strbuf *sb)
{
	return sb->data ? sb->data : "";
}
