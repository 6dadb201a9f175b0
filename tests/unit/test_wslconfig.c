// SPDX-License-Identifier: GPL-2.0
/* .wslconfig: every encoding Windows editors write, the lines WSL cannot
 * use (each a warning with its number, never a crash), and the checks. */
#include "table_test.h"

#include <errno.h>
#include <ini.h>
#include <string.h>

#include "wsl/wslconfig.h"

/* ASCII text as the bytes of an encoding, CRLF line endings optional. */
enum enc { ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE_BOM, ENC_UTF16BE_BOM, ENC_UTF16LE_NOBOM };

static size_t encode(const char *text, enum enc enc, bool crlf, uint8_t *out, size_t cap)
{
	size_t n = 0;

#define PUT(b)                                                                                     \
	do {                                                                                       \
		assert_true(n < cap);                                                              \
		out[n++] = (uint8_t)(b);                                                           \
	} while (0)
#define PUTC(c)                                                                                    \
	do {                                                                                       \
		if (enc == ENC_UTF16LE_BOM || enc == ENC_UTF16LE_NOBOM) {                          \
			PUT(c);                                                                    \
			PUT(0);                                                                    \
		} else if (enc == ENC_UTF16BE_BOM) {                                               \
			PUT(0);                                                                    \
			PUT(c);                                                                    \
		} else {                                                                           \
			PUT(c);                                                                    \
		}                                                                                  \
	} while (0)

	switch (enc) {
	case ENC_UTF8_BOM:
		PUT(0xef);
		PUT(0xbb);
		PUT(0xbf);
		break;
	case ENC_UTF16LE_BOM:
		PUT(0xff);
		PUT(0xfe);
		break;
	case ENC_UTF16BE_BOM:
		PUT(0xfe);
		PUT(0xff);
		break;
	default: break;
	}
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && crlf)
			PUTC('\r');
		PUTC(*p);
	}
	return n;
#undef PUTC
#undef PUT
}

static const char *const sample = "# networking for WSL\n"
				  "[wsl2]\n"
				  "memory=8GB\n"
				  "networkingMode=mirrored\n"
				  "firewall=false\n"
				  "[experimental]\n"
				  "ignoredPorts=3000,8080\n"
				  "hostAddressLoopback=true\n";

struct encoding_case {
	const char *name;
	enum enc enc;
	bool crlf;
	const char *want_encoding;
};

static const struct encoding_case encodings[] = {
	{ "utf-8", ENC_UTF8, false, "utf-8" },
	{ "utf-8 CRLF", ENC_UTF8, true, "utf-8" },
	{ "utf-8 BOM CRLF", ENC_UTF8_BOM, true, "utf-8 with BOM" },
	{ "utf-16le BOM", ENC_UTF16LE_BOM, false, "utf-16le" },
	{ "utf-16le BOM CRLF", ENC_UTF16LE_BOM, true, "utf-16le" },
	{ "utf-16be BOM CRLF", ENC_UTF16BE_BOM, true, "utf-16be" },
	{ "utf-16le without BOM", ENC_UTF16LE_NOBOM, true, "utf-16le" },
};

static void test_encoding(void **state)
{
	const struct encoding_case *c = *state;
	uint8_t bytes[2048];
	size_t len = encode(sample, c->enc, c->crlf, bytes, sizeof(bytes));
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;

	assert_int_equal(wslconfig_parse(bytes, len, &cfg, &f), 0);
	assert_int_equal(f.n, 0);
	assert_string_equal(cfg.encoding, c->want_encoding);
	assert_int_equal(cfg.crlf, c->crlf);
	assert_int_equal(cfg.mode, WSL_NET_MIRRORED);
	assert_true(cfg.v[WSLCFG_NETWORKING_MODE].set);
	assert_int_equal(cfg.v[WSLCFG_NETWORKING_MODE].line, 4);
	assert_string_equal(cfg.v[WSLCFG_NETWORKING_MODE].text, "mirrored");
	assert_true(cfg.v[WSLCFG_FIREWALL].valid);
	assert_false(cfg.v[WSLCFG_FIREWALL].boolean);
	assert_true(cfg.v[WSLCFG_HOST_ADDRESS_LOOPBACK].boolean);
	assert_int_equal(cfg.n_ignored_ports, 2);
	assert_int_equal(cfg.ignored_ports[0], 3000);
	assert_int_equal(cfg.ignored_ports[1], 8080);
	assert_false(cfg.v[WSLCFG_DNS_TUNNELING].set);
}

/* A finding of this level, about this key (NULL: any) on this line. */
static bool has_finding(const struct wsl_findings *f, enum wsl_finding_level level, const char *key,
			unsigned int line)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->items[i].level == level && (!key || strcmp(f->items[i].key, key) == 0) &&
		    f->items[i].line == line)
			return true;
	return false;
}

static void dump_findings(const struct wsl_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		fprintf(stderr, "# %s %s line %u: %s\n", wsl_finding_level_name(f->items[i].level),
			f->items[i].key, f->items[i].line, f->items[i].text);
}

struct input_case {
	const char *name;
	const char *text;
	unsigned int want_warning_lines[4]; /* INPUT findings, 0-terminated */
	int want_key;			    /* a key that must be set, -1 none */
	const char *want_value;
};

static const struct input_case inputs[] = {
	{ "keys and sections are case-insensitive",
	  "[WSL2]\nNetworkingMode=Mirrored\nFIREWALL=False\n",
	  { 0 },
	  WSLCFG_NETWORKING_MODE,
	  "Mirrored" },
	{ "older [experimental] section",
	  "[Experimental]\nnetworkingMode=mirrored\n",
	  { 0 },
	  WSLCFG_NETWORKING_MODE,
	  "mirrored" },
	{ "trailing # comment",
	  "[wsl2]\nnetworkingMode = nat   # was mirrored\n",
	  { 0 },
	  WSLCFG_NETWORKING_MODE,
	  "nat" },
	{ "quoted value",
	  "[wsl2]\nnetworkingMode=\"mirrored\"\n",
	  { 0 },
	  WSLCFG_NETWORKING_MODE,
	  "mirrored" },
	{ "indented lines stay separate settings",
	  "[wsl2]\n  networkingMode=mirrored\n  firewall=false\n",
	  { 0 },
	  WSLCFG_FIREWALL,
	  "false" },
	{ "a line that is no setting",
	  "[wsl2]\nthis is not a setting\nfirewall=true\n",
	  { 2 },
	  WSLCFG_FIREWALL,
	  "true" },
	/* inih takes "key: value", WSL skips it: so the setting on line 3 counts */
	{ "key: value is skipped as WSL skips it",
	  "[wsl2]\nfirewall: false\nfirewall=true\n",
	  { 2 },
	  WSLCFG_FIREWALL,
	  "true" },
	/* WSL forgets the broken header too, so firewall is outside a section */
	{ "a broken section header", "[wsl2\nfirewall=true\n", { 1, 2 }, -1, NULL },
	{ "a value without key", "[wsl2]\n=true\n", { 2 }, -1, NULL },
	{ "key with spaces", "[wsl2]\nnetworking mode=mirrored\n", { 2 }, -1, NULL },
	{ "hostAddressLoopback under [wsl2] is ignored",
	  "[wsl2]\nhostAddressLoopback=true\n",
	  { 2 },
	  -1,
	  NULL },
	{ "ipv6 under [experimental] is ignored", "[experimental]\nipv6=true\n", { 2 }, -1, NULL },
	{ "key outside any section", "networkingMode=mirrored\n[wsl2]\n", { 1 }, -1, NULL },
	{ "duplicate: the first wins",
	  "[wsl2]\nnetworkingMode=nat\n[experimental]\nnetworkingMode=mirrored\n",
	  { 4 },
	  WSLCFG_NETWORKING_MODE,
	  "nat" },
	{ "not a boolean", "[wsl2]\nfirewall=yes\n", { 2 }, -1, NULL },
	{ "unknown networking mode", "[wsl2]\nnetworkingMode=bridge\n", { 2 }, -1, NULL },
	{ "bad ignoredPorts items",
	  "[experimental]\nignoredPorts=22,,70000,http, 8080\n",
	  { 2, 2 },
	  WSLCFG_IGNORED_PORTS,
	  "22,,70000,http, 8080" },
	{ "several bad lines, all reported",
	  "garbage\n[wsl2]\n[\nfirewall=maybe\nnope\n",
	  { 1, 3, 4, 5 },
	  -1,
	  NULL },
	{ "settings WSL does not network by are ignored",
	  "[wsl2]\nmemory=4GB\nprocessors=2\n[boot]\nsystemd=true\n",
	  { 0 },
	  -1,
	  NULL },
	{ "empty file", "", { 0 }, -1, NULL },
};

static void test_input(void **state)
{
	const struct input_case *c = *state;
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;
	size_t want = 0;

	assert_int_equal(wslconfig_parse((const uint8_t *)c->text, strlen(c->text), &cfg, &f), 0);
	dump_findings(&f);
	for (; want < 4 && c->want_warning_lines[want]; want++)
		assert_true(has_finding(&f, WSL_FINDING_INPUT, NULL, c->want_warning_lines[want]));
	assert_int_equal(f.n, want);
	if (c->want_key >= 0) {
		assert_true(cfg.v[c->want_key].set);
		assert_string_equal(cfg.v[c->want_key].text, c->want_value);
	}
}

static void test_ignored_ports_values(void **state)
{
	const char *text = "[experimental]\nignoredPorts=22,,70000,http, 8080\n";
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;

	(void)state;
	assert_int_equal(wslconfig_parse((const uint8_t *)text, strlen(text), &cfg, &f), 0);
	assert_int_equal(cfg.n_ignored_ports, 2);
	assert_int_equal(cfg.ignored_ports[0], 22);
	assert_int_equal(cfg.ignored_ports[1], 8080);
	assert_false(cfg.v[WSLCFG_IGNORED_PORTS].valid);
}

/* An ignoredPorts list as long as a line may be (found by review: it was
 * cut at 127 characters, which made "12220,1..." port 1). */
static void test_long_ignored_ports(void **state)
{
	char text[256];
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;
	int n = snprintf(text, sizeof(text), "[experimental]\nignoredPorts=");

	(void)state;
	for (int i = 0; i < 30; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "%s%d", i ? "," : "", 10000 + i);
	snprintf(text + n, sizeof(text) - (size_t)n, "\n");
	assert_int_equal(wslconfig_parse((const uint8_t *)text, strlen(text), &cfg, &f), 0);
	dump_findings(&f);
	assert_int_equal(f.n, 0);
	assert_int_equal(cfg.n_ignored_ports, 30);
	for (int i = 0; i < 30; i++)
		assert_int_equal(cfg.ignored_ports[i], 10000 + i);
}

/* --- long lines: kernelCommandLine options, Windows paths, comments --- */

/* A text built as printf builds it, malloc'ed. */
static char *text_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *text_of(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

/* Kernel options, n characters of them: blanks and '=' inside, and a last
 * character that is no blank, so the whole value is what WSL would use. */
static char *kernel_options(size_t n)
{
	static const char pattern[] = "systemd.unified_cgroup_hierarchy=1 vsyscall=emulate ";
	char *s = malloc(n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = pattern[i % (sizeof(pattern) - 1)];
	s[n - 1] = '!';
	s[n] = '\0';
	return s;
}

/* "first,first+1,...": count ports, into buf. */
static const char *port_range_list(char *buf, size_t len, int first, int count)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < count; i++) {
		n += (size_t)snprintf(buf + n, len - n, "%s%d", i ? "," : "", first + i);
		assert_true(n < len);
	}
	return buf;
}

/* The last value wslconfig_read handed over for one key. */
struct seen {
	const char *key;
	char section[32];
	char *value;
	unsigned int line;
	int count;
};

static void see_setting(void *user, const char *section, const char *key, const char *value,
			unsigned int line)
{
	struct seen *s = user;

	if (strcmp(key, s->key) != 0)
		return;
	snprintf(s->section, sizeof(s->section), "%s", section);
	free(s->value);
	s->value = strdup(value);
	assert_non_null(s->value);
	s->line = line;
	s->count++;
}

/* Reads text and checks that key came once, on line, with value whole. */
static void assert_read(const char *text, const char *section, const char *key, const char *value,
			unsigned int line)
{
	struct wsl_findings f = { 0 };
	struct seen s = { .key = key };
	bool crlf = false;

	assert_int_equal(wslconfig_read(text, see_setting, &s, &f, &crlf), 0);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.section, section);
	assert_int_equal(s.line, line);
	assert_int_equal(strlen(s.value), strlen(value));
	assert_string_equal(s.value, value);
	free(s.value);
}

/* Parses text and checks that it has no finding and that networkingMode on
 * line mode_line still counts. */
static void assert_clean_parse(const uint8_t *bytes, size_t len, unsigned int mode_line,
			       struct wslconfig *cfg)
{
	struct wsl_findings f = { 0 };

	assert_int_equal(wslconfig_parse(bytes, len, cfg, &f), 0);
	dump_findings(&f);
	assert_int_equal(f.n, 0);
	assert_int_equal(cfg->mode, WSL_NET_MIRRORED);
	assert_int_equal(cfg->v[WSLCFG_NETWORKING_MODE].line, mode_line);
}

/* Parses text and checks that it has one finding: of level, about key
 * (NULL: any), on line, saying phrase. */
static void assert_one_finding(const char *text, enum wsl_finding_level level, const char *key,
			       unsigned int line, const char *phrase, struct wslconfig *cfg)
{
	struct wsl_findings f = { 0 };

	assert_int_equal(wslconfig_parse((const uint8_t *)text, strlen(text), cfg, &f), 0);
	dump_findings(&f);
	assert_int_equal(f.n, 1);
	assert_true(has_finding(&f, level, key, line));
	assert_non_null(strstr(f.items[0].text, phrase));
}

static const size_t long_values[] = { 300, 5000 };

/* A kernelCommandLine= past inih's 200 bytes is read whole and exactly
 * (it was a finding, and the line was skipped). */
static void test_long_value(void **state)
{
	size_t n = *(const size_t *)*state;
	char *options = kernel_options(n);
	char *text = text_of(
	    "[wsl2]\nkernelCommandLine = %s   # cgroups v2\nnetworkingMode=mirrored\n", options);
	struct wslconfig cfg;

	assert_clean_parse((const uint8_t *)text, strlen(text), 3, &cfg);
	assert_read(text, "wsl2", "kernelCommandLine", options, 2);
	free(text);
	free(options);
}

/* A long comment is a comment: no finding (it was "longer than 198"). */
static void test_long_comment(void **state)
{
	char *options = kernel_options(1000);
	char *text = text_of("[wsl2]\n#%s\n;%s\nnetworkingMode=mirrored\n", options, options);
	struct wslconfig cfg;

	(void)state;
	assert_clean_parse((const uint8_t *)text, strlen(text), 4, &cfg);
	free(text);
	free(options);
}

/* Long lines elsewhere: a [boot] command read whole, the key after it
 * still in [boot] (WSL ignores firewall there), and an ignoredPorts list
 * of 64 five-digit ports, longer than the value kept for display, read to
 * its last port. */
static void test_long_line_other_section(void **state)
{
	char *command = kernel_options(700), ports[512];
	char *text;
	struct wslconfig cfg;

	(void)state;
	port_range_list(ports, sizeof(ports), 60000, WSLCFG_MAX_IGNORED_PORTS);
	text = text_of("[boot]\ncommand=%s\nfirewall=false\n[experimental]\nignoredPorts=%s\n",
		       command, ports);
	assert_one_finding(text, WSL_FINDING_INPUT, "firewall", 3, "in [boot]", &cfg);
	assert_int_equal(cfg.n_ignored_ports, WSLCFG_MAX_IGNORED_PORTS);
	for (int i = 0; i < WSLCFG_MAX_IGNORED_PORTS; i++)
		assert_int_equal(cfg.ignored_ports[i], 60000 + i);
	assert_true(cfg.v[WSLCFG_IGNORED_PORTS].valid);
	assert_read(text, "boot", "command", command, 2);
	assert_read(text, "experimental", "ignoredPorts", ports, 5);
	free(text);
	free(command);
}

/* More ignoredPorts than are kept: a finding says which are not checked. */
static void test_ignored_ports_beyond_kept(void **state)
{
	char ports[1024];
	char *text;
	struct wslconfig cfg;

	(void)state;
	port_range_list(ports, sizeof(ports), 60000, WSLCFG_MAX_IGNORED_PORTS + 36);
	text = text_of("[experimental]\nignoredPorts=%s\n", ports);
	assert_one_finding(text, WSL_FINDING_INFO, "ignoredPorts", 2, "36 ports after the first 64",
			   &cfg);
	assert_int_equal(cfg.n_ignored_ports, WSLCFG_MAX_IGNORED_PORTS);
	assert_true(cfg.v[WSLCFG_IGNORED_PORTS].valid);
	free(text);
}

/* After long lines, findings still name the right line. */
static void test_line_numbers_after_long_line(void **state)
{
	char *options = kernel_options(5000);
	char *text =
	    text_of("[wsl2]\nkernelCommandLine=%s\n# %s\nfirewall=maybe\n", options, options);
	struct wslconfig cfg;

	(void)state;
	assert_one_finding(text, WSL_FINDING_INPUT, "firewall", 4, "Line 4: firewall=maybe", &cfg);
	free(text);
	free(options);
}

/* CRLF, as Windows editors write it, in UTF-8 and in UTF-16: the CR is no
 * part of the long value. */
static void test_long_line_crlf(void **state)
{
	enum enc enc = *(const enum enc *)*state;
	char *options = kernel_options(5000), *decoded = NULL;
	char *text = text_of("[wsl2]\nkernelCommandLine=%s\nnetworkingMode=mirrored\n", options);
	size_t cap = 4 * strlen(text) + 2, len; /* each '\n' a CRLF, 2 bytes each, a BOM */
	uint8_t *bytes = malloc(cap);
	const char *encoding;
	struct wslconfig cfg;

	assert_non_null(bytes);
	len = encode(text, enc, true, bytes, cap);
	assert_clean_parse(bytes, len, 3, &cfg);
	assert_true(cfg.crlf);
	assert_int_equal(wslconfig_decode(bytes, len, &decoded, &encoding), 0);
	assert_read(decoded, "wsl2", "kernelCommandLine", options, 2);
	free(decoded);
	free(bytes);
	free(text);
	free(options);
}

static const enum enc crlf_encodings[] = { ENC_UTF8, ENC_UTF16LE_BOM };

/* inih grows its line buffer from 200 bytes, doubling: a line that ends
 * at the edge of a piece, or one byte either side, is read whole too. */
static void test_every_length(void **state)
{
	char *options = kernel_options(1700);

	(void)state;
	for (size_t n = 1700; n > 0; n--) {
		struct wslconfig cfg;
		char *text;

		options[n] = '\0';
		options[n - 1] = '!';
		text = text_of("[wsl2]\nkernelCommandLine=%s\nnetworkingMode=mirrored\n", options);
		assert_clean_parse((const uint8_t *)text, strlen(text), 3, &cfg);
		assert_read(text, "wsl2", "kernelCommandLine", options, 2);
		free(text);
	}
	free(options);
}

/* A line of WSLCFG_MAX_LINE bytes is read; one byte more is a finding with
 * its line number, and the lines after it still count. */
static void test_line_cap(void **state)
{
	const size_t key_len = strlen("kernelCommandLine=");
	char *longest = kernel_options(WSLCFG_MAX_LINE - key_len);
	char *too_long = kernel_options(WSLCFG_MAX_LINE + 1 - key_len);
	char *text = text_of("[wsl2]\nkernelCommandLine=%s\r\n  kernelCommandLine=%s\n"
			     "networkingMode=mirrored\n",
			     longest, too_long);
	struct wslconfig cfg;
	char want[64];

	(void)state;
	snprintf(want, sizeof(want), "Line 3 is longer than %d bytes", WSLCFG_MAX_LINE);
	assert_one_finding(text, WSL_FINDING_INPUT, NULL, 3, want, &cfg);
	assert_int_equal(cfg.mode, WSL_NET_MIRRORED);
	assert_int_equal(cfg.v[WSLCFG_NETWORKING_MODE].line, 4);
	assert_read(text, "wsl2", "kernelCommandLine", longest, 2);
	free(text);
	free(too_long);
	free(longest);
}

/* The read sets inih's run-time options for itself only: the policy file,
 * parsed with inih's defaults, keeps its rule on long lines. */
static void test_inih_options_put_back(void **state)
{
	const char *text = "[wsl2]\nfirewall=false\n";
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;

	(void)state;
	assert_int_equal(wslconfig_parse((const uint8_t *)text, strlen(text), &cfg, &f), 0);
	assert_int_equal(ini_max_line, INI_MAX_LINE);
	assert_int_equal(ini_use_stack, INI_USE_STACK);
	assert_int_equal(ini_allow_realloc, INI_ALLOW_REALLOC);
}

static void test_invalid_utf16(void **state)
{
	/* BOM, 'a', then a lone low surrogate */
	static const uint8_t bytes[] = { 0xff, 0xfe, 'a', 0, 0x00, 0xdc, 'b', 0 };
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;

	(void)state;
	assert_int_equal(wslconfig_parse(bytes, sizeof(bytes), &cfg, &f), -EILSEQ);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.items[0].level, WSL_FINDING_INPUT);
	assert_non_null(strstr(f.items[0].text, "utf-16le"));
}

/* An odd byte at the end of UTF-16 is dropped, not a reason to fail. */
static void test_odd_utf16_length(void **state)
{
	uint8_t bytes[256];
	size_t len =
	    encode("[wsl2]\nfirewall=false\n", ENC_UTF16LE_BOM, false, bytes, sizeof(bytes));
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;

	(void)state;
	bytes[len++] = 'x';
	assert_int_equal(wslconfig_parse(bytes, len, &cfg, &f), 0);
	assert_true(cfg.v[WSLCFG_FIREWALL].valid);
}

static void test_nul_bytes(void **state)
{
	static const char text[] = "[wsl2]\nfirewall=false\n\0garbage after a NUL byte here\n";
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;

	(void)state;
	assert_int_equal(wslconfig_parse((const uint8_t *)text, sizeof(text) - 1, &cfg, &f), 0);
	assert_true(has_finding(&f, WSL_FINDING_INPUT, NULL, 0));
	assert_true(cfg.v[WSLCFG_FIREWALL].valid);
}

/* Every finding is one sentence: no line break, ends with a period. */
static void assert_sentences(const struct wsl_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		size_t len = strlen(f->items[i].text);

		assert_null(strchr(f->items[i].text, '\n'));
		assert_true(len > 10);
		assert_int_equal(f->items[i].text[len - 1], '.');
	}
}

struct check_case {
	const char *name;
	const char *text;
	enum wsl_net_mode effective;
	uint16_t listening[4];
	struct {
		enum wsl_finding_level level;
		const char *key;
		unsigned int line;
		const char *phrase; /* must appear in the text, or NULL */
	} want[4];
	size_t n_want;
	size_t n_total; /* all findings */
};

static const struct check_case checks[] = {
	{ "defaults",
	  "",
	  WSL_NET_UNKNOWN,
	  { 0 },
	  { { WSL_FINDING_INFO, "networkingMode", 0, "(default)" } },
	  1,
	  1 },
	{ "mirrored faces the LAN",
	  "[wsl2]\nnetworkingMode=mirrored\n",
	  WSL_NET_UNKNOWN,
	  { 0 },
	  { { WSL_FINDING_RISK, "networkingMode", 2, "faces the LAN" } },
	  1,
	  1 },
	{ "bridged faces the LAN",
	  "[wsl2]\nnetworkingMode=bridged\n",
	  WSL_NET_UNKNOWN,
	  { 0 },
	  { { WSL_FINDING_RISK, "networkingMode", 2, "faces the LAN" } },
	  1,
	  1 },
	{ "configured mirrored, running NAT",
	  "[wsl2]\nnetworkingMode=mirrored\n",
	  WSL_NET_NAT,
	  { 0 },
	  { { WSL_FINDING_RISK, "networkingMode", 2, "Windows 10" },
	    { WSL_FINDING_INFO, "networkingMode", 2, "networkingMode=nat" } },
	  2,
	  2 },
	{ "firewall off in NAT mode",
	  "[wsl2]\nfirewall=false\n",
	  WSL_NET_NAT,
	  { 0 },
	  { { WSL_FINDING_RISK, "firewall", 2, "Hyper-V firewall is off" } },
	  1,
	  2 },
	{ "firewall off is forced on in mirrored mode",
	  "[wsl2]\nnetworkingMode=mirrored\nfirewall=false\n",
	  WSL_NET_MIRRORED,
	  { 0 },
	  { { WSL_FINDING_INFO, "firewall", 3, "always" } },
	  1,
	  2 },
	{ "dnsTunneling off",
	  "[wsl2]\ndnsTunneling=false\n",
	  WSL_NET_NAT,
	  { 0 },
	  { { WSL_FINDING_RISK, "dnsTunneling", 2, NULL } },
	  1,
	  2 },
	{ "hostAddressLoopback in mirrored mode",
	  "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nhostAddressLoopback=true\n",
	  WSL_NET_UNKNOWN,
	  { 0 },
	  { { WSL_FINDING_RISK, "hostAddressLoopback", 4, "across the VM boundary" } },
	  1,
	  2 },
	{ "hostAddressLoopback without mirrored mode",
	  "[experimental]\nhostAddressLoopback=true\n",
	  WSL_NET_UNKNOWN,
	  { 0 },
	  { { WSL_FINDING_INFO, "hostAddressLoopback", 2, "no effect" } },
	  1,
	  2 },
	{ "ignoredPorts with a listener on one",
	  "[experimental]\nignoredPorts=5432,8080\n",
	  WSL_NET_MIRRORED,
	  { 22, 8080 },
	  { { WSL_FINDING_RISK, "ignoredPorts", 2, "listens on 8080 now" },
	    { WSL_FINDING_INFO, "networkingMode", 0, "a policy" } },
	  2,
	  3 },
	{ "ignoredPorts without listeners",
	  "[experimental]\nignoredPorts=5432\n",
	  WSL_NET_MIRRORED,
	  { 0 },
	  { { WSL_FINDING_RISK, "ignoredPorts", 2, "bypass WSL's port tracking" } },
	  1,
	  3 },
	{ "ignoredPorts outside mirrored mode",
	  "[experimental]\nignoredPorts=5432\n",
	  WSL_NET_NAT,
	  { 0 },
	  { { WSL_FINDING_INFO, "ignoredPorts", 2, "no effect" } },
	  1,
	  2 },
	{ "ipv6 on",
	  "[wsl2]\nipv6=true\n",
	  WSL_NET_UNKNOWN,
	  { 0 },
	  { { WSL_FINDING_RISK, "ipv6", 2, "IPv6" } },
	  1,
	  2 },
	{ "hardened NAT settings",
	  "[wsl2]\nnetworkingMode=nat\nfirewall=true\ndnsTunneling=true\n",
	  WSL_NET_NAT,
	  { 0 },
	  { { WSL_FINDING_INFO, "networkingMode", 2, NULL } },
	  1,
	  1 },
};

static void test_check(void **state)
{
	const struct check_case *c = *state;
	struct wsl_findings f = { 0 };
	struct wslconfig cfg;
	size_t n_listening = 0;

	assert_int_equal(wslconfig_parse((const uint8_t *)c->text, strlen(c->text), &cfg, &f), 0);
	assert_int_equal(f.n, 0);
	while (n_listening < 4 && c->listening[n_listening])
		n_listening++;
	wslconfig_check(&cfg, c->effective, c->listening, n_listening, &f);
	dump_findings(&f);
	assert_sentences(&f);
	for (size_t i = 0; i < c->n_want; i++) {
		bool found = false;

		for (size_t j = 0; j < f.n; j++) {
			const struct wsl_finding *x = &f.items[j];

			if (x->level == c->want[i].level && strcmp(x->key, c->want[i].key) == 0 &&
			    x->line == c->want[i].line &&
			    (!c->want[i].phrase || strstr(x->text, c->want[i].phrase)))
				found = true;
		}
		if (!found)
			fail_msg("no %s finding for %s on line %u",
				 wsl_finding_level_name(c->want[i].level), c->want[i].key,
				 c->want[i].line);
	}
	assert_int_equal(f.n, c->n_total);
}

static void test_findings_overflow(void **state)
{
	struct wsl_findings f = { 0 };

	(void)state;
	for (int i = 0; i < WSL_MAX_FINDINGS + 3; i++)
		wsl_findings_add(&f, WSL_FINDING_INFO, "k", 1, "finding %d.", i);
	assert_int_equal(f.n, WSL_MAX_FINDINGS);
	assert_int_equal(f.dropped, 3);
	assert_string_equal(wslcfg_key_name(WSLCFG_IGNORED_PORTS), "ignoredPorts");
	assert_string_equal(wsl_finding_level_name(WSL_FINDING_INPUT), "warning");
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_ignored_ports_values),
		cmocka_unit_test(test_long_comment),
		cmocka_unit_test(test_long_line_other_section),
		cmocka_unit_test(test_ignored_ports_beyond_kept),
		cmocka_unit_test(test_line_numbers_after_long_line),
		cmocka_unit_test(test_every_length),
		cmocka_unit_test(test_line_cap),
		cmocka_unit_test(test_inih_options_put_back),
		cmocka_unit_test(test_long_ignored_ports),
		cmocka_unit_test(test_invalid_utf16),
		cmocka_unit_test(test_odd_utf16_length),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_findings_overflow),
	};
	struct CMUnitTest tests[ARRAY_SIZE(encodings) + ARRAY_SIZE(inputs) + ARRAY_SIZE(checks) +
				ARRAY_SIZE(long_values) + ARRAY_SIZE(crlf_encodings) +
				ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(encodings); i++)
		add_test(&l, test_encoding, &encodings[i], "encoding %s", encodings[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++)
		add_test(&l, test_input, &inputs[i], "input: %s", inputs[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(checks); i++)
		add_test(&l, test_check, &checks[i], "check: %s", checks[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(long_values); i++)
		add_test(&l, test_long_value, &long_values[i], "long value: %zu characters",
			 long_values[i]);
	for (size_t i = 0; i < ARRAY_SIZE(crlf_encodings); i++)
		add_test(&l, test_long_line_crlf, &crlf_encodings[i], "long line, CRLF, %s",
			 crlf_encodings[i] == ENC_UTF8 ? "utf-8" : "utf-16le");
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "wslconfig", NULL, NULL);
}
