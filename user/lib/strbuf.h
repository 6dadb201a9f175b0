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
/* Room for n more bytes at the end, to be written in place and then
 * counted with strbuf_commit(): one capacity check for a whole line
 * instead of one per piece.  NULL when the buffer could not grow. */
char *strbuf_reserve(struct strbuf *sb, size_t n);
/* Counts n bytes written at strbuf_reserve()'s pointer (n <= what was reserved). */
void strbuf_commit(struct strbuf *sb, size_t n);
/* NUL-terminated view of the contents (never NULL). */
const char *strbuf_str(struct strbuf *sb);

#endif
