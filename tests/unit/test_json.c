// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/json.c (and its strbuf): escaping, invalid UTF-8, object writer. */
#include "table_test.h"

#include <inttypes.h>
#include <string.h>

#include "jsonc.h"
#include "utf8_encode.h"

#include "lib/json.h"
#include "lib/strbuf.h"

/* Parses text as one JSON value, strictly and with UTF-8 validation, and
 * insists that nothing is left over.  NULL if json-c refuses it. */
static struct jc_object *parse_strict(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct jc_object *obj;
	enum json_tokener_error jerr;
	size_t end;

	assert_non_null(tok);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr != json_tokener_success || end != len) {
		print_error("json-c: %s at offset %zu of %zu\n", json_tokener_error_desc(jerr), end,
			    len);
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* What a reader gets back from json_string: the bytes of every well-formed
 * UTF-8 sequence (Unicode Table 3-7), and each other byte as U+00XX. */
static size_t well_formed_len(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

static void expected_decoding(struct strbuf *out, const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;

	for (size_t i = 0; i < len;) {
		size_t n = well_formed_len(s + i, len - i);

		if (n) {
			strbuf_append(out, in + i, n);
			i += n;
		} else {
			strbuf_putc(out, (char)(0xc0 | s[i] >> 6));
			strbuf_putc(out, (char)(0x80 | (s[i] & 0x3f)));
			i++;
		}
	}
}

/* json_string(in) must be valid JSON that reads back as expected_decoding(in). */
static void check_reads_back(const char *in, size_t len)
{
	struct strbuf sb, want;
	struct jc_object *obj;

	strbuf_init(&sb);
	strbuf_init(&want);
	json_string(&sb, in, len);
	assert_false(sb.failed);
	assert_int_equal(strlen(strbuf_str(&sb)), sb.len);
	obj = parse_strict(strbuf_str(&sb), sb.len);
	if (!obj)
		fail_msg("json_string output is not valid JSON: %s", strbuf_str(&sb));
	assert_true(json_object_is_type(obj, json_type_string));
	expected_decoding(&want, in, len);
	assert_int_equal(json_object_get_string_len(obj), want.len);
	assert_memory_equal(json_object_get_string(obj), strbuf_str(&want), want.len);
	json_object_put(obj);
	strbuf_free(&sb);
	strbuf_free(&want);
}

struct escape_case {
	const char *name;
	const char *in;
	size_t len;
	const char *want;
};

#define IN(s) s, sizeof(s) - 1

static const struct escape_case escape_cases[] = {
	{ "empty", IN(""), "\"\"" },
	{ "ascii", IN("hello, world"), "\"hello, world\"" },
	{ "quote", IN("a\"b"), "\"a\\\"b\"" },
	{ "only quotes", IN("\"\""), "\"\\\"\\\"\"" },
	{ "backslash", IN("a\\b"), "\"a\\\\b\"" },
	{ "backslash then quote", IN("\\\""), "\"\\\\\\\"\"" },
	{ "slash kept", IN("/usr/sbin/sshd"), "\"/usr/sbin/sshd\"" },
	{ "newline", IN("a\nb"), "\"a\\nb\"" },
	{ "carriage return", IN("\r"), "\"\\r\"" },
	{ "tab", IN("\t"), "\"\\t\"" },
	{ "NUL", IN("\0"), "\"\\u0000\"" },
	{ "NUL inside", IN("a\0b"), "\"a\\u0000b\"" },
	{ "0x01", IN("\x01"), "\"\\u0001\"" },
	{ "backspace", IN("\b"), "\"\\u0008\"" },
	{ "vertical tab", IN("\v"), "\"\\u000b\"" },
	{ "form feed", IN("\f"), "\"\\u000c\"" },
	{ "escape", IN("\x1b[31m"), "\"\\u001b[31m\"" },
	{ "0x1f", IN("\x1f"), "\"\\u001f\"" },
	{ "space and tilde", IN(" ~"), "\" ~\"" },
	{ "DEL", IN("\x7f"), "\"\\u007f\"" },
	{ "U+0080", IN("\xc2\x80"), "\"\xc2\x80\"" },
	{ "e acute", IN("caf\xc3\xa9"), "\"caf\xc3\xa9\"" },
	{ "U+07FF", IN("\xdf\xbf"), "\"\xdf\xbf\"" },
	{ "U+0800", IN("\xe0\xa0\x80"), "\"\xe0\xa0\x80\"" },
	{ "euro", IN("\xe2\x82\xac"), "\"\xe2\x82\xac\"" },
	{ "U+D7FF", IN("\xed\x9f\xbf"), "\"\xed\x9f\xbf\"" },
	{ "U+E000", IN("\xee\x80\x80"), "\"\xee\x80\x80\"" },
	{ "BOM", IN("\xef\xbb\xbf"), "\"\xef\xbb\xbf\"" },
	{ "U+FFFF", IN("\xef\xbf\xbf"), "\"\xef\xbf\xbf\"" },
	{ "U+10000", IN("\xf0\x90\x80\x80"), "\"\xf0\x90\x80\x80\"" },
	{ "emoji", IN("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"" },
	{ "U+10FFFF", IN("\xf4\x8f\xbf\xbf"), "\"\xf4\x8f\xbf\xbf\"" },
	{ "CJK", IN("\xe6\x97\xa5\xe6\x9c\xac"), "\"\xe6\x97\xa5\xe6\x9c\xac\"" },
	{ "0xff", IN("\xff"), "\"\\u00ff\"" },
	{ "0xfe", IN("\xfe"), "\"\\u00fe\"" },
	{ "lone continuation 0x80", IN("\x80"), "\"\\u0080\"" },
	{ "lone continuation 0xbf", IN("a\xbf"), "\"a\\u00bf\"" },
	{ "two continuations", IN("\x80\x80"), "\"\\u0080\\u0080\"" },
	{ "overlong NUL c0 80", IN("\xc0\x80"), "\"\\u00c0\\u0080\"" },
	{ "overlong c1 bf", IN("\xc1\xbf"), "\"\\u00c1\\u00bf\"" },
	{ "overlong 3-byte NUL", IN("\xe0\x80\x80"), "\"\\u00e0\\u0080\\u0080\"" },
	{ "overlong 3-byte U+07FF", IN("\xe0\x9f\xbf"), "\"\\u00e0\\u009f\\u00bf\"" },
	{ "overlong 4-byte NUL", IN("\xf0\x80\x80\x80"), "\"\\u00f0\\u0080\\u0080\\u0080\"" },
	{ "overlong 4-byte U+FFFF", IN("\xf0\x8f\xbf\xbf"), "\"\\u00f0\\u008f\\u00bf\\u00bf\"" },
	{ "overlong slash", IN("\xc0\xaf"), "\"\\u00c0\\u00af\"" },
	{ "surrogate ed a0 80", IN("\xed\xa0\x80"), "\"\\u00ed\\u00a0\\u0080\"" },
	{ "surrogate ed bf bf", IN("\xed\xbf\xbf"), "\"\\u00ed\\u00bf\\u00bf\"" },
	{ "CESU-8 pair", IN("\xed\xa0\xbd\xed\xb8\x80"),
	  "\"\\u00ed\\u00a0\\u00bd\\u00ed\\u00b8\\u0080\"" },
	{ "past U+10FFFF", IN("\xf4\x90\x80\x80"), "\"\\u00f4\\u0090\\u0080\\u0080\"" },
	{ "lead f5", IN("\xf5\x80\x80\x80"), "\"\\u00f5\\u0080\\u0080\\u0080\"" },
	{ "lead f7", IN("\xf7\xbf\xbf\xbf"), "\"\\u00f7\\u00bf\\u00bf\\u00bf\"" },
	{ "5-byte form", IN("\xf8\x88\x80\x80\x80"), "\"\\u00f8\\u0088\\u0080\\u0080\\u0080\"" },
	{ "6-byte form", IN("\xfc\x84\x80\x80\x80\x80"),
	  "\"\\u00fc\\u0084\\u0080\\u0080\\u0080\\u0080\"" },
	{ "truncated 2-byte", IN("\xc3"), "\"\\u00c3\"" },
	{ "truncated 2-byte before ascii",
	  IN("\xc3"
	     "A"),
	  "\"\\u00c3A\"" },
	{ "truncated 3-byte", IN("\xe2\x82"), "\"\\u00e2\\u0082\"" },
	{ "truncated 3-byte before ascii", IN("\xe2(\xa1"), "\"\\u00e2(\\u00a1\"" },
	{ "truncated 4-byte", IN("\xf0\x9f\x98"), "\"\\u00f0\\u009f\\u0098\"" },
	{ "truncated 4-byte before quote", IN("\xf0\x9f\x98\""), "\"\\u00f0\\u009f\\u0098\\\"\"" },
	{ "truncated then valid", IN("\xe2\x82\xc3\xa9"), "\"\\u00e2\\u0082\xc3\xa9\"" },
	{ "invalid then valid", IN("\xff\xc3\xa9"), "\"\\u00ff\xc3\xa9\"" },
	{ "continuation then euro", IN("\x80\xe2\x82\xac"), "\"\\u0080\xe2\x82\xac\"" },
	{ "mixed", IN("caf\xc3\xa9 \xff\"\n\x7f"), "\"caf\xc3\xa9 \\u00ff\\\"\\n\\u007f\"" },
	{ "cut by length", "\xc3\xa9", 1, "\"\\u00c3\"" },
	{ "euro cut by length", "\xe2\x82\xac", 2, "\"\\u00e2\\u0082\"" },
	{ "emoji cut by length", "\xf0\x9f\x98\x80", 3, "\"\\u00f0\\u009f\\u0098\"" },
	{ "length stops before NUL terminator", "ab", 2, "\"ab\"" },
};

static void test_escape(void **state)
{
	const struct escape_case *c = *state;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_puts(&sb, "prefix:");
	json_string(&sb, c->in, c->len);
	assert_string_equal(strbuf_str(&sb) + strlen("prefix:"), c->want);
	strbuf_free(&sb);
	check_reads_back(c->in, c->len);
}

static void test_every_byte(void **state)
{
	char byte;

	(void)state;
	for (int b = 0; b < 256; b++) {
		byte = (char)b;
		check_reads_back(&byte, 1);
	}
}

static void test_every_byte_pair(void **state)
{
	char pair[2];

	(void)state;
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b++) {
			pair[0] = (char)a;
			pair[1] = (char)b;
			check_reads_back(pair, 2);
		}
	}
}

/* Every Unicode scalar value survives a round trip through json-c. */
static void test_every_code_point(void **state)
{
	struct strbuf in;
	char seq[4];

	(void)state;
	strbuf_init(&in);
	for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		strbuf_append(&in, seq, utf8_encode(cp, seq));
	}
	assert_false(in.failed);
	check_reads_back(in.data, in.len);
	strbuf_free(&in);
}

/* Random byte strings, weighted towards the bytes that matter in UTF-8. */
static void test_random_bytes(void **state)
{
	static const unsigned char interesting[] = { 0x00, 0x0a, 0x1f, 0x22, 0x5c, 0x7f, 0x80,
						     0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0,
						     0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff };
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	char buf[64];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		len = x % sizeof(buf);
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[i] = (char)(x % 3 ? interesting[(x >> 8) % sizeof(interesting)]
					      : (x >> 16) & 0xff);
		}
		check_reads_back(buf, len);
	}
}

static struct jc_object *parse_object(struct strbuf *sb)
{
	struct jc_object *obj = parse_strict(strbuf_str(sb), sb->len);

	if (!obj)
		fail_msg("not valid JSON: %s", strbuf_str(sb));
	assert_true(json_object_is_type(obj, json_type_object));
	return obj;
}

/* Ends o, the one writer of sb: sb must read want and parse back as the
 * object returned (the caller puts it). */
static struct jc_object *finish(struct json_object *o, struct strbuf *sb, const char *want)
{
	json_end(o);
	assert_string_equal(strbuf_str(sb), want);
	return parse_object(sb);
}

static struct jc_object *member(struct jc_object *obj, const char *key)
{
	struct jc_object *value;

	if (!json_object_object_get_ex(obj, key, &value))
		fail_msg("no member '%s'", key);
	return value;
}

static void test_object_empty(void **state)
{
	struct json_object o;
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	json_begin(&o, &sb);
	json_object_put(finish(&o, &sb, "{}"));
	strbuf_free(&sb);
}

static void test_object_one_member(void **state)
{
	struct json_object o;
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	json_begin(&o, &sb);
	json_uint(&o, "a", 1);
	json_object_put(finish(&o, &sb, "{\"a\":1}"));
	strbuf_free(&sb);
}

static void test_object_commas_and_types(void **state)
{
	struct jc_object *obj;
	struct json_object o;
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	json_begin(&o, &sb);
	json_str(&o, "s", "x\"y");
	json_strn(&o, "n", "ab\0cd", 5);
	json_strn(&o, "cut", "abcdef", 3);
	json_int(&o, "min", INT64_MIN);
	json_int(&o, "max", INT64_MAX);
	json_int(&o, "neg", -98);
	json_uint(&o, "zero", 0);
	json_uint(&o, "umax", UINT64_MAX);
	json_bool(&o, "t", true);
	json_bool(&o, "f", false);
	json_null(&o, "nothing");
	obj = finish(&o, &sb,
		     "{\"s\":\"x\\\"y\",\"n\":\"ab\\u0000cd\",\"cut\":\"abc\","
		     "\"min\":-9223372036854775808,\"max\":9223372036854775807,"
		     "\"neg\":-98,\"zero\":0,\"umax\":18446744073709551615,"
		     "\"t\":true,\"f\":false,\"nothing\":null}");
	assert_string_equal(json_object_get_string(member(obj, "s")), "x\"y");
	assert_int_equal(json_object_get_string_len(member(obj, "n")), 5);
	assert_memory_equal(json_object_get_string(member(obj, "n")), "ab\0cd", 5);
	assert_string_equal(json_object_get_string(member(obj, "cut")), "abc");
	assert_true(json_object_get_int64(member(obj, "min")) == INT64_MIN);
	assert_true(json_object_get_int64(member(obj, "max")) == INT64_MAX);
	assert_true(json_object_get_int64(member(obj, "neg")) == -98);
	assert_true(json_object_get_uint64(member(obj, "umax")) == UINT64_MAX);
	assert_true(json_object_get_boolean(member(obj, "t")));
	assert_false(json_object_get_boolean(member(obj, "f")));
	assert_true(json_object_is_type(member(obj, "nothing"), json_type_null));
	assert_int_equal(json_object_object_length(obj), 11);
	json_object_put(obj);
	strbuf_free(&sb);
}

static void test_object_key_escaping(void **state)
{
	struct jc_object *obj;
	struct json_object o;
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	json_begin(&o, &sb);
	json_int(&o, "we\"ird\n\xff", 0);
	obj = finish(&o, &sb, "{\"we\\\"ird\\n\\u00ff\":0}");
	member(obj, "we\"ird\n\xc3\xbf");
	json_object_put(obj);
	strbuf_free(&sb);
}

/* A member whose value is an object: json_key, then a nested writer. */
static void test_object_nested(void **state)
{
	struct jc_object *obj;
	struct json_object o, inner, empty;
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	json_begin(&o, &sb);
	json_int(&o, "before", 1);
	json_key(&o, "inner");
	json_begin(&inner, &sb);
	json_bool(&inner, "x", true);
	json_str(&inner, "y", "z");
	json_end(&inner);
	json_key(&o, "empty");
	json_begin(&empty, &sb);
	json_end(&empty);
	json_int(&o, "after", 2);
	obj = finish(&o, &sb,
		     "{\"before\":1,\"inner\":{\"x\":true,\"y\":\"z\"},\"empty\":{},"
		     "\"after\":2}");
	assert_string_equal(json_object_get_string(member(member(obj, "inner"), "y")), "z");
	json_object_put(obj);
	strbuf_free(&sb);
}

/* One writer after another in the same buffer: each starts without a comma. */
static void test_object_reused(void **state)
{
	struct json_object o;
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	for (int i = 0; i < 3; i++) {
		json_begin(&o, &sb);
		json_int(&o, "i", i);
		json_int(&o, "j", -i);
		json_end(&o);
		strbuf_putc(&sb, '\n');
	}
	assert_string_equal(strbuf_str(&sb), "{\"i\":0,\"j\":0}\n{\"i\":1,\"j\":-1}\n"
					     "{\"i\":2,\"j\":-2}\n");
	strbuf_free(&sb);
}

static void test_strbuf_basics(void **state)
{
	struct strbuf sb;
	char big[1000];

	(void)state;
	strbuf_init(&sb);
	assert_string_equal(strbuf_str(&sb), "");
	assert_int_equal(sb.len, 0);
	strbuf_reset(&sb);
	assert_string_equal(strbuf_str(&sb), "");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_puts(&sb, "a");
	strbuf_putc(&sb, 'b');
	strbuf_append(&sb, "c\0d", 3);
	strbuf_printf(&sb, "%s|%d", big, 42);
	assert_int_equal(sb.len, 5 + 999 + 3);
	assert_memory_equal(sb.data, "abc\0d", 5);
	assert_string_equal(sb.data + 5 + 999, "|42");
	assert_false(sb.failed);

	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_printf(&sb, "%05d", 7);
	assert_string_equal(strbuf_str(&sb), "00007");
	strbuf_free(&sb);
	assert_null(sb.data);
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_printf(&sb, "%s", "");
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_free(&sb);
}

static void test_arrays(void **state)
{
	struct strbuf sb;
	struct json_object o, item;
	struct json_array outer, empty, inner;
	struct jc_object *back;

	(void)state;
	strbuf_init(&sb);
	json_begin(&o, &sb);
	json_object_array(&o, "empty", &empty);
	json_array_end(&empty);
	json_object_array(&o, "list", &outer);
	json_array_string(&outer, "a\"b");
	json_array_item(&outer);
	json_begin(&item, outer.sb);
	json_int(&item, "n", -1);
	json_end(&item);
	json_array_item(&outer);
	json_array_begin(&inner, outer.sb);
	json_array_string(&inner, "x");
	json_array_end(&inner);
	json_array_end(&outer);
	json_end(&o);
	assert_string_equal(strbuf_str(&sb),
			    "{\"empty\":[],\"list\":[\"a\\\"b\",{\"n\":-1},[\"x\"]]}");
	back = parse_strict(sb.data, sb.len);
	assert_non_null(back);
	json_object_put(back);
	strbuf_free(&sb);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_every_byte_pair),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_object_empty),
		cmocka_unit_test(test_object_one_member),
		cmocka_unit_test(test_object_commas_and_types),
		cmocka_unit_test(test_object_key_escaping),
		cmocka_unit_test(test_object_nested),
		cmocka_unit_test(test_object_reused),
		cmocka_unit_test(test_strbuf_basics),
		cmocka_unit_test(test_arrays),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(escape_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(escape_cases); i++)
		add_test(&l, test_escape, &escape_cases[i], "json_string: %s",
			 escape_cases[i].name);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "json", NULL, NULL);
}
