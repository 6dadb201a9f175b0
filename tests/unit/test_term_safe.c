// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/lib/term_safe.c: what reaches a terminal from text
 * that other programs chose (process names, .wslconfig values). */
#include "table_test.h"

#include "lib/term_safe.h"

struct term_case {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	bool keep_colors;
	const char *want;
};

static const struct term_case cases[] = {
	{ "plain text is kept", "sshd 0.0.0.0:22\n", 0, false, "sshd 0.0.0.0:22\n" },
	{ "UTF-8 is kept", "caf\xc3\xa9 \xe2\x82\xac", 0, false, "caf\xc3\xa9 \xe2\x82\xac" },
	{ "erase line and carriage return", "\033[2K\rsshd\a", 0, true, "\\x1b[2K\\x0dsshd\\x07" },
	{ "a colour is kept when asked", "\033[1;31mexposed\033[0m", 0, true,
	  "\033[1;31mexposed\033[0m" },
	{ "a colour is escaped otherwise", "\033[31mx", 0, false, "\\x1b[31mx" },
	{ "cursor movement is no colour", "\033[10;1Hx", 0, true, "\\x1b[10;1Hx" },
	{ "an escape at the very end", "x\033", 0, true, "x\\x1b" },
	{ "an unfinished colour", "\033[1;3", 0, true, "\\x1b[1;3" },
	{ "tab, DEL and NUL",
	  "a\tb\x7f"
	  "c\0d",
	  7, false, "a\\x09b\\x7fc\\x00d" },
	{ "C1 control as UTF-8 (CSI)",
	  "a\xc2\x9b"
	  "2Jb",
	  0, false, "a\\xc2\\x9b2Jb" },
	{ "a Latin-1 letter as UTF-8 is no C1", "\xc2\xa0\xc2\xbf", 0, false, "\xc2\xa0\xc2\xbf" },
	/* bytes of no valid UTF-8 sequence: an 8-bit terminal obeys 0x80 to
	 * 0x9f alone, so each is shown as \xNN */
	{ "a lone 0xc2 at the end", "a\xc2", 0, false, "a\\xc2" },
	{ "a lone 0xc2 before ASCII",
	  "\xc2"
	  "A",
	  0, false, "\\xc2A" },
	{ "a lone C1 byte (8-bit CSI)",
	  "firewall=\x9b"
	  "31m",
	  0, false, "firewall=\\x9b31m" },
	{ "a lone 0x80", "\x80", 0, false, "\\x80" },
	{ "a lone C1 byte after a kept colour",
	  "\033[31m\x9b"
	  "2J",
	  0, true, "\033[31m\\x9b2J" },
	{ "C1 as UTF-8, then a lone C1 byte", "\xc2\x9b\x9b", 0, false, "\\xc2\\x9b\\x9b" },
	{ "a Latin-1 byte", "caf\xe9", 0, false, "caf\\xe9" },
	{ "0xfe and 0xff", "\xfe\xff", 0, false, "\\xfe\\xff" },
	{ "a sequence cut at the end", "x\xe2\x82", 0, false, "x\\xe2\\x82" },
	{ "a sequence cut by ASCII",
	  "\xe2\x82"
	  "x",
	  0, false, "\\xe2\\x82x" },
	{ "a sequence cut by a C1 byte", "\xe2\x9b", 0, false, "\\xe2\\x9b" },
	{ "an emoji cut short", "\xf0\x9f\x98", 0, false, "\\xf0\\x9f\\x98" },
	{ "an overlong slash", "\xc0\xaf", 0, false, "\\xc0\\xaf" },
	{ "an overlong CSI", "\xc1\x9b", 0, false, "\\xc1\\x9b" },
	{ "an overlong three-byte form", "\xe0\x80\xaf", 0, false, "\\xe0\\x80\\xaf" },
	{ "a UTF-16 surrogate", "\xed\xa0\x80", 0, false, "\\xed\\xa0\\x80" },
	{ "past U+10FFFF", "\xf4\x90\x80\x80", 0, false, "\\xf4\\x90\\x80\\x80" },
	{ "valid UTF-8 of every length is kept",
	  "\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf", 0, false,
	  "\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf" },
	{ "valid UTF-8 between invalid bytes", "\x9b\xe2\x86\x92\x80", 0, false,
	  "\\x9b\xe2\x86\x92\\x80" },
};

static void test_case(void **state)
{
	const struct term_case *c = *state;
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_puts(&sb, "[");
	term_safe_append(&sb, c->in, c->len ? c->len : strlen(c->in), c->keep_colors);
	strbuf_puts(&sb, "]");
	assert_false(sb.failed);
	if (strlen(strbuf_str(&sb)) != strlen(c->want) + 2 ||
	    memcmp(strbuf_str(&sb) + 1, c->want, strlen(c->want)))
		fail_msg("got %s, want [%s]", strbuf_str(&sb), c->want);
	strbuf_free(&sb);
}

int main(void)
{
	static struct CMUnitTest tests[ARRAY_SIZE(cases)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_case, &cases[i], "term_safe: %s", cases[i].name);
	return run_test_list(&l, "term_safe", NULL, NULL);
}
