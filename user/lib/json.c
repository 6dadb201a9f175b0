// SPDX-License-Identifier: GPL-2.0
/* JSON writer with strict string escaping. */
#include "lib/json.h"

#include <stdint.h>
#include <string.h>

#include "lib/decimal.h"
#include "lib/utf8.h"

static const char hex_digits[] = "0123456789abcdef";

static char *put_u_escape(char *p, unsigned char c)
{
	memcpy(p, "\\u00", 4);
	p[4] = hex_digits[c >> 4];
	p[5] = hex_digits[c & 15];
	return p + 6;
}

/* The letter of c's two-character escape ("\\n"), or 0 if it has none. */
static char short_escape(unsigned char c)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	default: return 0;
	}
}

size_t json_escape(char *dst, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = dst;
	size_t i = 0;

	*out++ = '"';
	while (i < len) {
		unsigned char c = p[i];
		size_t n, run = i;
		char letter;

		/* plain printable ASCII, the common case: copy the run at once */
		while (run < len && p[run] >= 0x20 && p[run] < 0x7f && p[run] != '"' &&
		       p[run] != '\\')
			run++;
		if (run > i) {
			memcpy(out, s + i, run - i);
			out += run - i;
			i = run;
			continue;
		}
		i++;
		letter = short_escape(c);
		if (letter) {
			out[0] = '\\';
			out[1] = letter;
			out += 2;
			continue;
		}
		n = c < 0x20 || c == 0x7f ? 0 : utf8_sequence_len(p + i - 1, len - i + 1);
		if (n == 0) {
			out = put_u_escape(out, c);
			continue;
		}
		memcpy(out, s + i - 1, n);
		out += n;
		i += n - 1;
	}
	*out++ = '"';
	return (size_t)(out - dst);
}

void json_string(struct strbuf *sb, const char *s, size_t len)
{
	char *p = len <= (SIZE_MAX - 2) / 6 ? strbuf_reserve(sb, JSON_ESCAPED_MAX(len)) : NULL;

	if (p)
		strbuf_commit(sb, json_escape(p, s, len));
}

void json_begin(struct json_object *o, struct strbuf *sb)
{
	o->sb = sb;
	o->first = true;
	strbuf_putc(sb, '{');
}

void json_end(struct json_object *o)
{
	strbuf_putc(o->sb, '}');
}

void json_key(struct json_object *o, const char *key)
{
	if (!o->first)
		strbuf_putc(o->sb, ',');
	o->first = false;
	json_string(o->sb, key, strlen(key));
	strbuf_putc(o->sb, ':');
}

void json_str(struct json_object *o, const char *key, const char *value)
{
	json_strn(o, key, value, strlen(value));
}

void json_strn(struct json_object *o, const char *key, const char *value, size_t len)
{
	json_key(o, key);
	json_string(o->sb, value, len);
}

/* A member whose value is the digits from start to end. */
static void json_number(struct json_object *o, const char *key, const char *start, const char *end)
{
	json_key(o, key);
	strbuf_append(o->sb, start, (size_t)(end - start));
}

void json_int(struct json_object *o, const char *key, int64_t value)
{
	char digits[DECIMAL_MAX];

	json_number(o, key, digits, put_i64(digits, value));
}

void json_uint(struct json_object *o, const char *key, uint64_t value)
{
	char digits[DECIMAL_MAX];

	json_number(o, key, digits, put_u64(digits, value));
}

void json_bool(struct json_object *o, const char *key, bool value)
{
	json_key(o, key);
	strbuf_puts(o->sb, value ? "true" : "false");
}

void json_null(struct json_object *o, const char *key)
{
	json_key(o, key);
	strbuf_puts(o->sb, "null");
}

void json_array_begin(struct json_array *a, struct strbuf *sb)
{
	a->sb = sb;
	a->first = true;
	strbuf_putc(sb, '[');
}

void json_object_array(struct json_object *o, const char *key, struct json_array *a)
{
	json_key(o, key);
	json_array_begin(a, o->sb);
}

void json_array_item(struct json_array *a)
{
	if (!a->first)
		strbuf_putc(a->sb, ',');
	a->first = false;
}

void json_array_object(struct json_array *a, struct json_object *item)
{
	json_array_item(a);
	json_begin(item, a->sb);
}

void json_array_string(struct json_array *a, const char *s)
{
	json_array_item(a);
	json_string(a->sb, s, strlen(s));
}

void json_array_end(struct json_array *a)
{
	strbuf_putc(a->sb, ']');
}
