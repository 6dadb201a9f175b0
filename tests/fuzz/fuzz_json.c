// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: json_string() turns any bytes into one valid JSON string that
 * decodes to exactly those bytes (bytes outside valid UTF-8 as U+00XX), and
 * the object writer always produces an object json-c accepts in strict mode. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* json-c and json.h both use the names json_object and json_bool: json-c's
 * type json_bool and our struct json_object are renamed in this file only. */
#define json_bool json_c_bool
#include <json-c/json.h>
#undef json_bool
#define json_object bindguard_json_object
#include "lib/json.h"
#undef json_object

#include "strict_json.h"
#include "../unit/utf8_encode.h"

/* An independent RFC 3629 decoder: the code point at s, its length in *n;
 * -1 when the bytes there are not valid UTF-8. */
static int32_t utf8_decode(const uint8_t *s, size_t len, size_t *n)
{
	uint32_t cp, min;
	size_t need;

	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2, cp = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3, cp = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if (need > len)
		return -1;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*n = need;
	return (int32_t)cp;
}

static int hex_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int32_t read_u_escape(const uint8_t *s, size_t len, size_t *i)
{
	int32_t v = 0;

	if (*i + 4 > len)
		return -1;
	for (int k = 0; k < 4; k++) {
		int h = hex_value(s[*i + (size_t)k]);

		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	*i += 4;
	return v;
}

/* Strict RFC 8259 string grammar.  Decodes the string token in s[0..len)
 * into code points; returns how many, or -1 if s is not exactly one valid
 * JSON string. */
static long decode_json_string(const uint8_t *s, size_t len, int32_t *out, size_t max)
{
	size_t i = 1, n = 0;

	if (len < 2 || s[0] != '"')
		return -1;
	while (i < len && s[i] != '"') {
		int32_t cp;

		if (n == max)
			return -1;
		if (s[i] < 0x20)
			return -1;
		if (s[i] != '\\') {
			size_t step;

			cp = utf8_decode(s + i, len - i, &step);
			if (cp < 0)
				return -1;
			i += step;
			out[n++] = cp;
			continue;
		}
		if (++i >= len)
			return -1;
		switch (s[i++]) {
		case '"': cp = '"'; break;
		case '\\': cp = '\\'; break;
		case '/': cp = '/'; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			cp = read_u_escape(s, len, &i);
			if (cp < 0)
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1; /* lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				int32_t low;

				if (i + 2 > len || s[i] != '\\' || s[i + 1] != 'u')
					return -1;
				i += 2;
				low = read_u_escape(s, len, &i);
				if (low < 0xdc00 || low > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
			}
			break;
		default: return -1;
		}
		out[n++] = cp;
	}
	if (i != len - 1 || s[i] != '"')
		return -1;
	return (long)n;
}

static void check_string(const uint8_t *data, size_t size)
{
	struct strbuf sb;
	int32_t *expected = malloc((size + 1) * sizeof(*expected));
	int32_t *decoded = malloc((size + 1) * sizeof(*decoded));
	char *utf8 = malloc(size * 4 + 1);
	size_t n_expected = 0, n_utf8 = 0;
	struct json_object *o;
	long n;

	CHECK(expected && decoded && utf8);
	/* What a reader must get back: valid UTF-8 as is, other bytes as U+00XX. */
	for (size_t i = 0; i < size;) {
		size_t step = 1;
		int32_t cp = utf8_decode(data + i, size - i, &step);

		expected[n_expected++] = cp < 0 ? data[i] : cp;
		i += cp < 0 ? 1 : step;
	}
	strbuf_init(&sb);
	json_string(&sb, (const char *)data, size);
	CHECK(!sb.failed);
	CHECK(strlen(strbuf_str(&sb)) == sb.len); /* never a raw NUL */
	n = decode_json_string((const uint8_t *)sb.data, sb.len, decoded, size + 1);
	CHECK(n >= 0);
	CHECK((size_t)n == n_expected);
	CHECK(memcmp(decoded, expected, n_expected * sizeof(*expected)) == 0);

	/* and a second opinion from json-c */
	for (size_t i = 0; i < n_expected; i++)
		n_utf8 += utf8_encode(expected[i], utf8 + n_utf8);
	o = parse_strict(sb.data, sb.len);
	CHECK(o && json_object_is_type(o, json_type_string));
	CHECK((size_t)json_object_get_string_len(o) == n_utf8);
	CHECK(memcmp(json_object_get_string(o), utf8, n_utf8) == 0);
	json_object_put(o);
	strbuf_free(&sb);
	free(expected);
	free(decoded);
	free(utf8);
}

/* The bytes drive a sequence of members; keys and values are slices. */
static void check_object(const uint8_t *data, size_t size)
{
	struct bindguard_json_object j;
	struct strbuf sb;
	struct json_object *o;
	size_t i = 0;

	strbuf_init(&sb);
	json_begin(&j, &sb);
	while (i + 2 <= size) {
		uint8_t op = data[i], klen = data[i + 1] % 16;
		char key[16], value[64];
		size_t vlen;
		int64_t num = 0;

		i += 2;
		if (klen > size - i)
			klen = (uint8_t)(size - i);
		memcpy(key, data + i, klen);
		key[klen] = '\0'; /* keys are C strings: stop at an embedded NUL */
		i += klen;
		vlen = (op >> 3) % sizeof(value);
		if (vlen > size - i)
			vlen = size - i;
		memcpy(value, data + i, vlen);
		memcpy(&num, value, vlen < sizeof(num) ? vlen : sizeof(num));
		i += vlen;
		switch (op % 6) {
		case 0: json_strn(&j, key, value, vlen); break;
		case 1:
			value[vlen < sizeof(value) ? vlen : sizeof(value) - 1] = '\0';
			json_str(&j, key, value);
			break;
		case 2: json_int(&j, key, num); break;
		case 3: json_uint(&j, key, (uint64_t)num); break;
		case 4: json_bool(&j, key, num & 1); break;
		case 5: json_null(&j, key); break;
		}
	}
	json_end(&j);
	CHECK(!sb.failed);
	o = parse_strict(sb.data, sb.len);
	CHECK(o && json_object_is_type(o, json_type_object));
	json_object_put(o);
	strbuf_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size && data[0] == 'O')
		check_object(data + 1, size - 1);
	else
		check_string(data, size);
	return 0;
}
