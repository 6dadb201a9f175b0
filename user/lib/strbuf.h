/* SPDX-License-Identifier: GPL-2.0 */
/* A growable byte buffer: output is built here, then written in one go. */
#ifndef BINDGUARD_STRBUF_H
#define BINDGUARD_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *data;
	size_t len;
	size_t cap;
	int failed; /* an allocation failed: contents are truncated */
};

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_append(struct strbuf *sb, const char *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* NUL-terminated view of the contents (never NULL). */
const char *strbuf_str(struct strbuf *sb);

#endif
