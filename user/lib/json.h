/* SPDX-License-Identifier: GPL-2.0 */
/* Writing JSON objects into a strbuf: pure, and valid for any input bytes. */
#ifndef BINDGUARD_JSON_H
#define BINDGUARD_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/strbuf.h"

/* Appends "..." with the len bytes escaped.  Valid UTF-8 is kept; a byte
 * that is not part of valid UTF-8 is written as \u00XX (its Latin-1 code
 * point), so the output is always valid JSON and no byte is lost silently. */
void json_string(struct strbuf *sb, const char *s, size_t len);
/* The same into dst, which has room for JSON_ESCAPED_MAX(len) bytes;
 * returns the bytes written (no NUL). */
#define JSON_ESCAPED_MAX(len) (6 * (len) + 2)
size_t json_escape(char *dst, const char *s, size_t len);

/* An object is written as a sequence of members between json_begin/end. */
struct json_object {
	struct strbuf *sb;
	bool first;
};

void json_begin(struct json_object *o, struct strbuf *sb);
void json_end(struct json_object *o);
void json_key(struct json_object *o, const char *key);
void json_str(struct json_object *o, const char *key, const char *value);
void json_strn(struct json_object *o, const char *key, const char *value, size_t len);
void json_int(struct json_object *o, const char *key, int64_t value);
void json_uint(struct json_object *o, const char *key, uint64_t value);
void json_bool(struct json_object *o, const char *key, bool value);
void json_null(struct json_object *o, const char *key);

/* An array: json_array_begin writes '[', json_array_item the ',' before
 * every element but the first (then the caller writes the element),
 * json_array_end the ']'.  json_object_array starts one as a member. */
struct json_array {
	struct strbuf *sb;
	bool first;
};

void json_array_begin(struct json_array *a, struct strbuf *sb);
void json_object_array(struct json_object *o, const char *key, struct json_array *a);
void json_array_item(struct json_array *a);
/* Starts an object as the next element; json_end closes it. */
void json_array_object(struct json_array *a, struct json_object *item);
void json_array_string(struct json_array *a, const char *s);
void json_array_end(struct json_array *a);

#endif
