// SPDX-License-Identifier: GPL-2.0
/* .wslconfig: decoding, parsing with inih the way WSL reads the file, and
 * one sentence per finding.  Key and section names are case-insensitive. */
#include "wsl/wslconfig.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/cli_parse.h"

enum value_type { TYPE_BOOL, TYPE_MODE, TYPE_PORTS };

#define SECTION_WSL2	     (1u << 0)
#define SECTION_EXPERIMENTAL (1u << 1)

/* Where WSL reads each key (WslCoreConfig.cpp): networking settings that
 * left [experimental] are still read there for compatibility. */
static const struct {
	const char *name;
	unsigned int sections;
	enum value_type type;
	bool default_bool;
} keys[WSLCFG_KEY_COUNT] = {
	[WSLCFG_NETWORKING_MODE] = { "networkingMode", SECTION_WSL2 | SECTION_EXPERIMENTAL,
				     TYPE_MODE, false },
	[WSLCFG_FIREWALL] = { "firewall", SECTION_WSL2 | SECTION_EXPERIMENTAL, TYPE_BOOL, true },
	[WSLCFG_DNS_TUNNELING] = { "dnsTunneling", SECTION_WSL2 | SECTION_EXPERIMENTAL, TYPE_BOOL,
				   true },
	[WSLCFG_AUTO_PROXY] = { "autoProxy", SECTION_WSL2 | SECTION_EXPERIMENTAL, TYPE_BOOL, true },
	[WSLCFG_HOST_ADDRESS_LOOPBACK] = { "hostAddressLoopback", SECTION_EXPERIMENTAL, TYPE_BOOL,
					   false },
	[WSLCFG_IGNORED_PORTS] = { "ignoredPorts", SECTION_EXPERIMENTAL, TYPE_PORTS, false },
	[WSLCFG_IPV6] = { "ipv6", SECTION_WSL2, TYPE_BOOL, false },
	[WSLCFG_LOCALHOST_FORWARDING] = { "localhostForwarding", SECTION_WSL2, TYPE_BOOL, true },
};

const char *wslcfg_key_name(enum wslcfg_key key)
{
	return (unsigned int)key < WSLCFG_KEY_COUNT ? keys[key].name : "?";
}

void wsl_findings_add(struct wsl_findings *f, enum wsl_finding_level level, const char *key,
		      unsigned int line, const char *fmt, ...)
{
	struct wsl_finding *item;
	va_list ap;

	if (f->n >= WSL_MAX_FINDINGS) {
		f->dropped++;
		return;
	}
	item = &f->items[f->n++];
	item->level = level;
	snprintf(item->key, sizeof(item->key), "%s", key ? key : "");
	item->line = line;
	va_start(ap, fmt);
	vsnprintf(item->text, sizeof(item->text), fmt, ap);
	va_end(ap);
}

const char *wsl_finding_level_name(enum wsl_finding_level level)
{
	switch (level) {
	case WSL_FINDING_RISK: return "risk";
	case WSL_FINDING_INPUT: return "warning";
	default: return "info";
	}
}

/* --- decoding ----------------------------------------------------------- */

static int iconv_to_utf8(const char *from, const uint8_t *in, size_t len, char **text)
{
	size_t cap = len / 2 * 3 + 4, in_left = len, out_left = cap;
	char *inp = (char *)in, *out, *outp;
	iconv_t cd;
	int err = 0;

	out = malloc(cap + 1);
	if (!out)
		return -ENOMEM;
	cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		free(out);
		return -errno;
	}
	outp = out;
	if (iconv(cd, &inp, &in_left, &outp, &out_left) == (size_t)-1)
		err = errno == E2BIG ? -ENOMEM : -EILSEQ;
	iconv_close(cd);
	if (err) {
		free(out);
		return err;
	}
	*outp = '\0';
	*text = out;
	return 0;
}

int wslconfig_decode(const uint8_t *bytes, size_t len, char **text, const char **encoding)
{
	const char *from = NULL;
	size_t zeros_even = 0, zeros_odd = 0;

	if (len >= 2 && bytes[0] == 0xff && bytes[1] == 0xfe) {
		from = "UTF-16LE";
		*encoding = "utf-16le";
		bytes += 2;
		len -= 2;
	} else if (len >= 2 && bytes[0] == 0xfe && bytes[1] == 0xff) {
		from = "UTF-16BE";
		*encoding = "utf-16be";
		bytes += 2;
		len -= 2;
	} else if (len >= 3 && bytes[0] == 0xef && bytes[1] == 0xbb && bytes[2] == 0xbf) {
		*encoding = "utf-8 with BOM";
		bytes += 3;
		len -= 3;
	} else {
		/* UTF-16 without a BOM: ASCII text leaves every other byte zero */
		for (size_t i = 0; i < len; i++)
			if (!bytes[i] && i % 2)
				zeros_odd++;
			else if (!bytes[i])
				zeros_even++;
		if (len >= 2 && zeros_odd + zeros_even >= len / 4) {
			from = zeros_odd >= zeros_even ? "UTF-16LE" : "UTF-16BE";
			*encoding = zeros_odd >= zeros_even ? "utf-16le" : "utf-16be";
		} else {
			*encoding = "utf-8";
		}
	}
	if (from)
		return iconv_to_utf8(from, bytes, len & ~(size_t)1, text);

	*text = malloc(len + 1);
	if (!*text)
		return -ENOMEM;
	memcpy(*text, bytes, len);
	(*text)[len] = '\0';
	return 0;
}

/* --- reading ------------------------------------------------------------ */

struct read_ctx {
	const char *pos, *end; /* text not yet split into lines */
	const char *cur;       /* the line inih is being handed */
	/* cur_off > cur_len: all of it and its '\n' handed (so at first: line 1 next) */
	size_t cur_len, cur_off;
	unsigned int line;
	bool line_bad; /* this line already has a finding */
	unsigned int max_bad_line;
	bool *crlf;
	char *value; /* the value cleaned: no longer than its line */
	size_t value_len;
	wslcfg_setting_fn fn;
	void *user;
	struct wsl_findings *findings;
};

/* The line as WSL would see it: the syntax errors WSL warns about, found
 * before inih sees the line, so each gets a finding with its number. */
static void check_line_syntax(struct read_ctx *ctx, const char *line, size_t len)
{
	const char *eq;
	size_t i;

	if (len == 0 || line[0] == '#' || line[0] == ';')
		return;
	if (line[0] == '[') {
		const char *close = memchr(line, ']', len);

		for (i = 1; close && line + i < close; i++)
			if (!isalnum((unsigned char)line[i]))
				break;
		if (!close || close == line + 1 || line + i != close) {
			ctx->line_bad = true;
			wsl_findings_add(ctx->findings, WSL_FINDING_INPUT, NULL, ctx->line,
					 "Line %u is not a valid section header (like [wsl2]); WSL "
					 "skips it.",
					 ctx->line);
		}
		return;
	}
	eq = memchr(line, '=', len);
	for (i = 0; i < len && isalnum((unsigned char)line[i]); i++)
		;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (!eq || i == 0 || line + i != eq) {
		ctx->line_bad = true;
		wsl_findings_add(ctx->findings, WSL_FINDING_INPUT, NULL, ctx->line,
				 "Line %u is not a key=value setting; WSL skips it.", ctx->line);
	}
}

/* Takes the next line: counted, CR and indentation removed (indentation
 * must not make it a continuation), checked as WSL would check it.  A line
 * past the cap is handed on empty.  false at the end of the text. */
static bool next_line(struct read_ctx *ctx)
{
	const char *start = ctx->pos, *eol;
	size_t len;

	if (ctx->pos >= ctx->end)
		return false;
	eol = memchr(start, '\n', (size_t)(ctx->end - start));
	len = eol ? (size_t)(eol - start) : (size_t)(ctx->end - start);
	ctx->pos = eol ? eol + 1 : ctx->end;
	ctx->line++;
	ctx->line_bad = false;
	if (len && start[len - 1] == '\r') {
		*ctx->crlf = true;
		len--;
	}
	while (len && (*start == ' ' || *start == '\t')) {
		start++;
		len--;
	}
	if (len > WSLCFG_MAX_LINE) {
		ctx->line_bad = true;
		wsl_findings_add(ctx->findings, WSL_FINDING_INPUT, NULL, ctx->line,
				 "Line %u is longer than %d bytes; it is ignored here.", ctx->line,
				 WSLCFG_MAX_LINE);
		len = 0;
	} else {
		check_line_syntax(ctx, start, len);
	}
	if (ctx->line_bad)
		ctx->max_bad_line = ctx->line;
	ctx->cur = start;
	ctx->cur_len = len;
	ctx->cur_off = 0;
	return true;
}

/* inih's reader, as fgets: the line in pieces as large as inih's buffer,
 * which inih grows and asks again until the '\n' has come. */
static char *read_line(char *str, int num, void *stream)
{
	struct read_ctx *ctx = stream;
	size_t room = (size_t)num - 1, left, n;

	if (ctx->cur_off > ctx->cur_len && !next_line(ctx))
		return NULL;
	left = ctx->cur_len - ctx->cur_off;
	n = left < room ? left : room;
	memcpy(str, ctx->cur + ctx->cur_off, n);
	ctx->cur_off += n;
	if (n < room && ctx->cur_off == ctx->cur_len) {
		str[n++] = '\n';
		ctx->cur_off++;
	}
	str[n] = '\0';
	return str;
}

/* WSL's values: optional double quotes, '#' starts a comment outside them. */
static void clean_value(const char *raw, char *out, size_t len)
{
	size_t o = 0;

	if (raw[0] == '"') {
		for (const char *p = raw + 1; *p && *p != '"' && o + 1 < len; p++) {
			if (*p == '\\' && p[1])
				p++;
			out[o++] = *p;
		}
		out[o] = '\0';
		return;
	}
	for (const char *p = raw; *p && *p != '#' && o + 1 < len; p++)
		out[o++] = *p;
	while (o && isspace((unsigned char)out[o - 1]))
		o--;
	out[o] = '\0';
}

static int on_ini_setting(void *user, const char *section, const char *name, const char *raw)
{
	struct read_ctx *ctx = user;

	if (ctx->line_bad)
		return 1; /* WSL skips the line ("key: value", "a b=c"), though inih took it */
	clean_value(raw, ctx->value, ctx->value_len);
	ctx->fn(ctx->user, section, name, ctx->value, ctx->line);
	return 1;
}

/* Debian's libinih, the one debian/control builds against, takes its build
 * options at run time too ("runtime options", since 41-1): a line buffer on
 * the heap that realloc grows up to ini_max_line lets every line up to
 * WSLCFG_MAX_LINE arrive whole, where inih's default, 200 bytes on the
 * stack, would cut it.  The policy file keeps the defaults (it has its own
 * rule on long lines), so they are put back after each read. */
struct ini_options {
	bool use_stack, allow_realloc;
	int max_line;
};

static struct ini_options ini_options_swap(struct ini_options o)
{
	struct ini_options old = { ini_use_stack, ini_allow_realloc, ini_max_line };

	ini_use_stack = o.use_stack;
	ini_allow_realloc = o.allow_realloc;
	ini_max_line = o.max_line;
	return old;
}

/* inih reports its first error line; ours cover every line we know of */
static void note_inih_error(const struct read_ctx *ctx, int line)
{
	bool known = false;

	if ((unsigned int)line == ctx->max_bad_line)
		return;
	for (size_t i = 0; i < ctx->findings->n; i++)
		known |= ctx->findings->items[i].line == (unsigned int)line;
	if (!known)
		wsl_findings_add(ctx->findings, WSL_FINDING_INPUT, NULL, (unsigned int)line,
				 "Line %d could not be parsed.", line);
}

static int no_memory(struct wsl_findings *findings)
{
	wsl_findings_add(findings, WSL_FINDING_INPUT, NULL, 0,
			 "The file could not be read: out of memory.");
	return -ENOMEM;
}

int wslconfig_read(const char *text, wslcfg_setting_fn fn, void *user,
		   struct wsl_findings *findings, bool *crlf)
{
	/* a line end and inih's NUL after the longest line (its CR is gone) */
	const struct ini_options long_lines = { false, true, WSLCFG_MAX_LINE + 2 };
	struct read_ctx ctx = { .pos = text,
				.end = text + strlen(text),
				.cur_off = 1,
				.crlf = crlf,
				.fn = fn,
				.user = user,
				.findings = findings };
	size_t len = (size_t)(ctx.end - text);
	struct ini_options old;
	int ret;

	ctx.value_len = (len < WSLCFG_MAX_LINE ? len : WSLCFG_MAX_LINE) + 1;
	ctx.value = malloc(ctx.value_len);
	if (!ctx.value)
		return no_memory(findings);
	old = ini_options_swap(long_lines);
	ret = ini_parse_stream(read_line, &ctx, on_ini_setting, &ctx);
	ini_options_swap(old);
	free(ctx.value);
	if (ret < 0)
		return no_memory(findings);
	if (ret > 0)
		note_inih_error(&ctx, ret);
	return 0;
}

/* --- parsing ------------------------------------------------------------ */

struct parse_ctx {
	struct wslconfig *cfg;
	struct wsl_findings *findings;
	size_t ports_beyond; /* ignoredPorts past WSLCFG_MAX_IGNORED_PORTS */
};

static bool section_allowed(const char *section, unsigned int allowed)
{
	return ((allowed & SECTION_WSL2) && strcasecmp(section, "wsl2") == 0) ||
	       ((allowed & SECTION_EXPERIMENTAL) && strcasecmp(section, "experimental") == 0);
}

static const char *allowed_sections(unsigned int allowed)
{
	if (allowed == (SECTION_WSL2 | SECTION_EXPERIMENTAL))
		return "[wsl2] (or the older [experimental])";
	return allowed == SECTION_WSL2 ? "[wsl2]" : "[experimental]";
}

static bool parse_bool(const char *text, bool *out)
{
	if (strcasecmp(text, "true") == 0 || strcmp(text, "1") == 0)
		*out = true;
	else if (strcasecmp(text, "false") == 0 || strcmp(text, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

/* One item of the list, blanks trimmed: a port, or a finding. */
static bool parse_ignored_port(struct parse_ctx *ctx, const char *item, size_t len,
			       unsigned int line)
{
	struct wslconfig *cfg = ctx->cfg;
	char word[48]; /* a port has 5 digits: a longer item is shown cut */
	uint32_t port;

	snprintf(word, sizeof(word), "%.*s", (int)len, item);
	if (len >= sizeof(word) || parse_u32(word, 1, 65535, &port)) {
		wsl_findings_add(ctx->findings, WSL_FINDING_INPUT, "ignoredPorts", line,
				 "Line %u: ignoredPorts item '%.40s' is not a port from 1 to "
				 "65535; WSL skips it.",
				 line, word);
		return false;
	}
	if (cfg->n_ignored_ports < WSLCFG_MAX_IGNORED_PORTS)
		cfg->ignored_ports[cfg->n_ignored_ports++] = (uint16_t)port;
	else
		ctx->ports_beyond++;
	return true;
}

/* The whole value, however long the line: a cut list would cut a port. */
static bool parse_ignored_ports(struct parse_ctx *ctx, const char *text, unsigned int line)
{
	bool ok = true;

	for (const char *p = text, *next; *p; p = next) {
		size_t len = strcspn(p, ",");

		next = p[len] ? p + len + 1 : p + len;
		while (len && isspace((unsigned char)*p)) {
			p++;
			len--;
		}
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		if (len) /* WSL skips empty items */
			ok &= parse_ignored_port(ctx, p, len, line);
	}
	/* a long line holds thousands: say which ones the checks do not see */
	if (ctx->ports_beyond)
		wsl_findings_add(
		    ctx->findings, WSL_FINDING_INFO, "ignoredPorts", line,
		    "Line %u: ignoredPorts lists %zu ports after the first %d; bindguard "
		    "does not check them.",
		    line, ctx->ports_beyond, WSLCFG_MAX_IGNORED_PORTS);
	return ok;
}

static void parse_value(struct parse_ctx *ctx, int key, const char *value, unsigned int line)
{
	struct wslcfg_value *v = &ctx->cfg->v[key];

	switch (keys[key].type) {
	case TYPE_BOOL:
		v->valid = parse_bool(value, &v->boolean);
		if (!v->valid)
			wsl_findings_add(
			    ctx->findings, WSL_FINDING_INPUT, keys[key].name, line,
			    "Line %u: %s=%.40s is not true or false; WSL ignores it and "
			    "keeps the default (%s).",
			    line, keys[key].name, value, keys[key].default_bool ? "true" : "false");
		break;
	case TYPE_MODE:
		ctx->cfg->mode = wsl_net_mode_parse(value);
		v->valid = ctx->cfg->mode != WSL_NET_UNKNOWN;
		if (!v->valid)
			wsl_findings_add(
			    ctx->findings, WSL_FINDING_INPUT, keys[key].name, line,
			    "Line %u: networkingMode=%.40s is not a mode WSL knows (nat, "
			    "mirrored, virtioProxy, bridged, none); WSL uses NAT.",
			    line, value);
		break;
	case TYPE_PORTS: v->valid = parse_ignored_ports(ctx, value, line); break;
	}
}

static void on_setting(void *user, const char *section, const char *name, const char *value,
		       unsigned int line)
{
	struct parse_ctx *ctx = user;
	struct wslcfg_value *v;
	int key = -1;

	for (int k = 0; k < WSLCFG_KEY_COUNT; k++)
		if (strcasecmp(name, keys[k].name) == 0)
			key = k;
	if (key < 0)
		return; /* memory, processors ...: not ours to judge */
	if (!section_allowed(section, keys[key].sections)) {
		if (section[0])
			wsl_findings_add(ctx->findings, WSL_FINDING_INPUT, keys[key].name, line,
					 "Line %u: %s is read only under %s; WSL ignores it in "
					 "[%.20s].",
					 line, keys[key].name, allowed_sections(keys[key].sections),
					 section);
		else
			wsl_findings_add(
			    ctx->findings, WSL_FINDING_INPUT, keys[key].name, line,
			    "Line %u: %s is outside any section; WSL reads it only under "
			    "%s.",
			    line, keys[key].name, allowed_sections(keys[key].sections));
		return;
	}
	v = &ctx->cfg->v[key];
	if (v->set) {
		wsl_findings_add(
		    ctx->findings, WSL_FINDING_INPUT, keys[key].name, line,
		    "Line %u: %s is already set on line %u; WSL keeps the first value.", line,
		    keys[key].name, v->line);
		return;
	}
	v->set = true;
	v->line = line;
	snprintf(v->section, sizeof(v->section), "%s", section);
	snprintf(v->text, sizeof(v->text), "%s", value);
	parse_value(ctx, key, value, line);
}

int wslconfig_parse(const uint8_t *bytes, size_t len, struct wslconfig *cfg,
		    struct wsl_findings *findings)
{
	struct parse_ctx ctx = { cfg, findings, 0 };
	char *text = NULL;
	int err;

	memset(cfg, 0, sizeof(*cfg));
	err = wslconfig_decode(bytes, len, &text, &cfg->encoding);
	if (err) {
		wsl_findings_add(findings, WSL_FINDING_INPUT, NULL, 0,
				 err == -EILSEQ ? "The file is not valid %s text; nothing in it "
						  "could be read."
						: "The file (%s) could not be decoded.",
				 cfg->encoding ? cfg->encoding : "text");
		return err;
	}
	if (strlen(text) != len && !strcmp(cfg->encoding, "utf-8"))
		wsl_findings_add(
		    findings, WSL_FINDING_INPUT, NULL, 0,
		    "The file contains NUL bytes; text after the first one is ignored.");
	err = wslconfig_read(text, on_setting, &ctx, findings, &cfg->crlf);
	free(text);
	return err;
}

/* --- checks ------------------------------------------------------------- */

static const char *port_list(const uint16_t *ports, size_t n, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 8 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%u", i ? "," : "", ports[i]);
	return buf;
}

/* The mode WSL runs in against the one .wslconfig asks for. */
static void check_mode_mismatch(const struct wslcfg_value *v, enum wsl_net_mode configured,
				enum wsl_net_mode effective, struct wsl_findings *f)
{
	unsigned int line = v[WSLCFG_NETWORKING_MODE].line;

	if (effective != WSL_NET_UNKNOWN && effective != configured) {
		if (v[WSLCFG_NETWORKING_MODE].valid)
			wsl_findings_add(
			    f, WSL_FINDING_RISK, "networkingMode", line,
			    "networkingMode is %s in .wslconfig but WSL runs in %s "
			    "mode: mirrored falls back to NAT on Windows 10, and policy "
			    "can override the setting.",
			    wsl_net_mode_name(configured), wsl_net_mode_name(effective));
		else
			wsl_findings_add(
			    f, WSL_FINDING_INFO, "networkingMode", line,
			    "networkingMode is not set in this .wslconfig, yet WSL runs "
			    "in %s mode: a policy or another configuration chose it.",
			    wsl_net_mode_name(effective));
	}
}

/* What the networking mode in force means for a wildcard bind. */
static void check_mode(const struct wslcfg_value *v, enum wsl_net_mode mode, struct wsl_findings *f)
{
	unsigned int line = v[WSLCFG_NETWORKING_MODE].line;

	switch (mode) {
	case WSL_NET_MIRRORED:
		wsl_findings_add(f, WSL_FINDING_RISK, "networkingMode", line,
				 "networkingMode=mirrored: Linux shares the Windows host's network "
				 "interfaces, so a wildcard bind in WSL faces the LAN directly.");
		break;
	case WSL_NET_BRIDGED:
		wsl_findings_add(
		    f, WSL_FINDING_RISK, "networkingMode", line,
		    "networkingMode=bridged: the VM sits on the LAN with an address of "
		    "its own, so every wildcard bind faces the LAN.");
		break;
	case WSL_NET_NAT:
		wsl_findings_add(
		    f, WSL_FINDING_INFO, "networkingMode", line,
		    "networkingMode=nat%s: Linux listeners are reachable from Windows, "
		    "and from the LAN only through port forwarding set up on Windows.",
		    v[WSLCFG_NETWORKING_MODE].set ? "" : " (default)");
		break;
	case WSL_NET_VIRTIOPROXY:
		wsl_findings_add(
		    f, WSL_FINDING_INFO, "networkingMode", line,
		    "networkingMode=virtioProxy: traffic is proxied through the Windows "
		    "host, so what the host exposes decides (see the PowerShell below).");
		break;
	case WSL_NET_NONE:
		wsl_findings_add(f, WSL_FINDING_INFO, "networkingMode", line,
				 "networkingMode=none: the VM has no network, so nothing in it is "
				 "reachable from outside.");
		break;
	default: break;
	}
}

static void check_firewall(const struct wslcfg_value *v, enum wsl_net_mode mode,
			   struct wsl_findings *f)
{
	unsigned int line = v[WSLCFG_FIREWALL].line;

	if (v[WSLCFG_FIREWALL].valid && !v[WSLCFG_FIREWALL].boolean) {
		if (mode == WSL_NET_MIRRORED)
			wsl_findings_add(
			    f, WSL_FINDING_INFO, "firewall", line,
			    "firewall=false has no effect in mirrored mode: WSL always "
			    "turns the Hyper-V firewall on there.");
		else
			wsl_findings_add(f, WSL_FINDING_RISK, "firewall", line,
					 "firewall=false: the Hyper-V firewall is off, so Windows "
					 "firewall rules do not filter traffic to the WSL VM.");
	}
}

static void check_dns_tunneling(const struct wslcfg_value *v, struct wsl_findings *f)
{
	unsigned int line = v[WSLCFG_DNS_TUNNELING].line;

	if (v[WSLCFG_DNS_TUNNELING].valid && !v[WSLCFG_DNS_TUNNELING].boolean)
		wsl_findings_add(f, WSL_FINDING_RISK, "dnsTunneling", line,
				 "dnsTunneling=false: DNS queries leave the VM as network packets "
				 "instead of being answered by Windows through the VM channel, "
				 "bypassing Windows DNS policy and VPN resolvers.");
}

static void check_host_address_loopback(const struct wslcfg_value *v, enum wsl_net_mode mode,
					struct wsl_findings *f)
{
	unsigned int line = v[WSLCFG_HOST_ADDRESS_LOOPBACK].line;

	if (v[WSLCFG_HOST_ADDRESS_LOOPBACK].valid && v[WSLCFG_HOST_ADDRESS_LOOPBACK].boolean) {
		if (mode == WSL_NET_MIRRORED)
			wsl_findings_add(
			    f, WSL_FINDING_RISK, "hostAddressLoopback", line,
			    "hostAddressLoopback=true: Windows and Linux reach each "
			    "other through the host's own LAN addresses, so a service "
			    "bound to such an address is reachable across the VM boundary.");
		else
			wsl_findings_add(f, WSL_FINDING_INFO, "hostAddressLoopback", line,
					 "hostAddressLoopback=true has no effect outside mirrored "
					 "mode.");
	}
}

/* ignoredPorts, and which of them Linux listens on now. */
static void check_ignored_ports(const struct wslconfig *cfg, enum wsl_net_mode mode,
				const uint16_t *listening, size_t n_listening,
				struct wsl_findings *f)
{
	const struct wslcfg_value *v = cfg->v;
	unsigned int line = v[WSLCFG_IGNORED_PORTS].line;
	char ports[256];

	if (cfg->n_ignored_ports) {
		uint16_t hit[WSLCFG_MAX_IGNORED_PORTS];
		size_t n_hit = 0;
		char hits[256];

		for (size_t i = 0; i < cfg->n_ignored_ports; i++)
			for (size_t j = 0; j < n_listening; j++)
				if (listening[j] == cfg->ignored_ports[i]) {
					hit[n_hit++] = cfg->ignored_ports[i];
					break;
				}
		port_list(cfg->ignored_ports, cfg->n_ignored_ports, ports, sizeof(ports));
		if (mode != WSL_NET_MIRRORED)
			wsl_findings_add(f, WSL_FINDING_INFO, "ignoredPorts", line,
					 "ignoredPorts=%s has no effect outside mirrored mode.",
					 ports);
		else if (n_hit)
			wsl_findings_add(f, WSL_FINDING_RISK, "ignoredPorts", line,
					 "ignoredPorts=%s: binds to these ports bypass WSL's port "
					 "tracking, and Linux listens on %s now without Windows "
					 "knowing.",
					 ports, port_list(hit, n_hit, hits, sizeof(hits)));
		else
			wsl_findings_add(f, WSL_FINDING_RISK, "ignoredPorts", line,
					 "ignoredPorts=%s: binds to these ports bypass WSL's port "
					 "tracking, so Windows neither reserves nor sees them.",
					 ports);
	}
}

static void check_ipv6(const struct wslcfg_value *v, struct wsl_findings *f)
{
	unsigned int line;

	line = v[WSLCFG_IPV6].line;
	if (v[WSLCFG_IPV6].valid && v[WSLCFG_IPV6].boolean)
		wsl_findings_add(
		    f, WSL_FINDING_RISK, "ipv6", line,
		    "ipv6=true: the VM gets IPv6 connectivity, so '::' listeners can be "
		    "reachable over IPv6, where no NAT stands in the way.");
}

void wslconfig_check(const struct wslconfig *cfg, enum wsl_net_mode effective,
		     const uint16_t *listening, size_t n_listening, struct wsl_findings *f)
{
	const struct wslcfg_value *v = cfg->v;
	enum wsl_net_mode configured = v[WSLCFG_NETWORKING_MODE].valid ? cfg->mode : WSL_NET_NAT;
	enum wsl_net_mode mode = effective != WSL_NET_UNKNOWN ? effective : configured;

	check_mode_mismatch(v, configured, effective, f);
	check_mode(v, mode, f);
	check_firewall(v, mode, f);
	check_dns_tunneling(v, f);
	check_host_address_loopback(v, mode, f);
	check_ignored_ports(cfg, mode, listening, n_listening, f);
	check_ipv6(v, f);
}
