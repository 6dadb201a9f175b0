// SPDX-License-Identifier: GPL-2.0
/* WSL detection from gathered signs, and .wslconfig path logic (pure). */
#include "wsl/wsl_detect.h"
#include "wsl/wslconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void add_evidence(struct wsl_status *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_evidence(struct wsl_status *s, const char *fmt, ...)
{
	va_list ap;

	if (s->n_evidence >= WSL_MAX_EVIDENCE)
		return;
	va_start(ap, fmt);
	vsnprintf(s->evidence[s->n_evidence++], sizeof(s->evidence[0]), fmt, ap);
	va_end(ap);
}

void wsl_classify(const struct wsl_signs *g, struct wsl_status *s)
{
	bool signs = g->distro_name[0] || g->interop || g->run_wsl;

	memset(s, 0, sizeof(*s));
	/* The case matters: WSL 2 kernels say "microsoft", WSL 1 "Microsoft". */
	if (strstr(g->osrelease, "microsoft")) {
		s->version = WSL_VERSION_2;
		add_evidence(s, "kernel release %.80s names microsoft", g->osrelease);
	} else if (strstr(g->osrelease, "Microsoft")) {
		s->version = WSL_VERSION_1;
		add_evidence(s, "kernel release %.80s names Microsoft (WSL 1)", g->osrelease);
	} else if (signs) {
		/* a custom kernel: WSL for sure, but which one we cannot tell */
		s->version = WSL_VERSION_UNKNOWN;
	}
	if (g->distro_name[0])
		add_evidence(s, "WSL_DISTRO_NAME=%.60s", g->distro_name);
	if (g->interop)
		add_evidence(s, "WSLInterop binfmt handler registered");
	if (g->run_wsl)
		add_evidence(s, "/run/WSL exists");
	if (s->version == WSL_NOT_DETECTED)
		return;

	if (g->wslinfo_mode[0] && wsl_net_mode_parse(g->wslinfo_mode) != WSL_NET_UNKNOWN) {
		s->mode = wsl_net_mode_parse(g->wslinfo_mode);
		s->mode_source = WSL_MODE_FROM_WSLINFO;
		add_evidence(s, "wslinfo --networking-mode: %.30s", g->wslinfo_mode);
		return;
	}
	if (g->loopback0 || g->rule_iif_loopback0 || g->rule_table_127_128) {
		s->mode = WSL_NET_MIRRORED;
		s->mode_source = WSL_MODE_FROM_SIGNS;
		if (g->loopback0)
			add_evidence(s, "interface loopback0 (mirrored mode)");
		if (g->rule_iif_loopback0)
			add_evidence(s, "routing rule for iif loopback0 (mirrored mode)");
		if (g->rule_table_127_128)
			add_evidence(s, "routing rules for tables 127/128 (mirrored mode)");
		return;
	}
	if (s->version == WSL_VERSION_1)
		return; /* WSL 1 has no VM network: Linux shares Windows' stack */
	/* NAT is the default, and nothing says otherwise */
	s->mode = WSL_NET_NAT;
	s->mode_source = WSL_MODE_FROM_SIGNS;
	add_evidence(s, "no loopback0 interface or mirrored routing rules (NAT assumed)");
}

bool wsl_detected(const struct wsl_status *s)
{
	return s->version != WSL_NOT_DETECTED;
}

const char *wsl_version_name(enum wsl_version v)
{
	switch (v) {
	case WSL_VERSION_1: return "1";
	case WSL_VERSION_2: return "2";
	case WSL_VERSION_UNKNOWN: return "unknown";
	default: return "none";
	}
}

static const struct {
	const char *name;
	enum wsl_net_mode mode;
} mode_names[] = {
	{ "nat", WSL_NET_NAT },
	{ "mirrored", WSL_NET_MIRRORED },
	{ "virtioproxy", WSL_NET_VIRTIOPROXY },
	{ "bridged", WSL_NET_BRIDGED },
	{ "none", WSL_NET_NONE },
};

enum wsl_net_mode wsl_net_mode_parse(const char *text)
{
	char word[32];
	size_t len;

	while (isspace((unsigned char)*text))
		text++;
	len = strlen(text);
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len >= sizeof(word))
		return WSL_NET_UNKNOWN;
	memcpy(word, text, len);
	word[len] = '\0';
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (strcasecmp(word, mode_names[i].name) == 0)
			return mode_names[i].mode;
	return WSL_NET_UNKNOWN;
}

const char *wsl_net_mode_name(enum wsl_net_mode m)
{
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (mode_names[i].mode == m)
			return mode_names[i].name;
	return "unknown";
}

struct automount_ctx {
	char root[256];
	bool too_long;
};

/* [automount] root=, read as WSL reads wsl.conf: the same rules as
 * .wslconfig (wslconfig_read), so a line longer than inih's buffer is one
 * line, never pieces that each read as a line of their own. */
static void on_wsl_conf(void *user, const char *section, const char *name, const char *value,
			unsigned int line)
{
	struct automount_ctx *ctx = user;
	size_t len = strlen(value);

	(void)line;
	if (strcasecmp(section, "automount") || strcasecmp(name, "root"))
		return;
	if (len + 2 > sizeof(ctx->root) || len == 0) {
		ctx->too_long = len != 0;
		return;
	}
	memcpy(ctx->root, value, len);
	ctx->root[len] = '\0';
	if (ctx->root[len - 1] != '/')
		strcat(ctx->root, "/");
}

int wsl_automount_root(const char *wsl_conf, char *root, size_t len)
{
	struct automount_ctx ctx = { .root = "/mnt/" };
	struct wsl_findings ignored = { 0 }; /* wsl.conf's other lines are not ours to judge */
	bool crlf;

	if (wsl_conf && wslconfig_read(wsl_conf, on_wsl_conf, &ctx, &ignored, &crlf))
		return -ENOMEM;
	if (ctx.too_long || strlen(ctx.root) >= len)
		return -EINVAL;
	snprintf(root, len, "%s", ctx.root);
	return 0;
}

int windows_path_to_wsl(const char *win, const char *automount_root, char *out, size_t len)
{
	size_t root_len = strlen(automount_root), pos;

	if (!isalpha((unsigned char)win[0]) || win[1] != ':' || (win[2] && win[2] != '\\'))
		return -EINVAL;
	if (root_len + 2 + strlen(win) >= len)
		return -EINVAL;
	memcpy(out, automount_root, root_len);
	pos = root_len;
	if (pos == 0 || out[pos - 1] != '/')
		out[pos++] = '/';
	out[pos++] = (char)tolower((unsigned char)win[0]);
	for (const char *p = win + 2; *p; p++)
		out[pos++] = *p == '\\' ? '/' : *p;
	/* "C:\" -> "/mnt/c/" is fine, but no trailing slash otherwise */
	if (pos > root_len + 2 && out[pos - 1] == '/')
		pos--;
	out[pos] = '\0';
	return 0;
}

/* /proc/mounts escapes space, tab, newline and backslash as \ooo. */
static void decode_octal(const char *in, size_t in_len, char *out, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < in_len && o + 1 < len; i++) {
		if (in[i] == '\\' && i + 3 < in_len && in[i + 1] >= '0' && in[i + 1] <= '3' &&
		    in[i + 2] >= '0' && in[i + 2] <= '7' && in[i + 3] >= '0' && in[i + 3] <= '7') {
			out[o++] = (char)((in[i + 1] - '0') * 64 + (in[i + 2] - '0') * 8 +
					  (in[i + 3] - '0'));
			i += 3;
		} else {
			out[o++] = in[i];
		}
	}
	out[o] = '\0';
}

size_t windows_drive_mounts(const char *text, char (*dirs)[256], size_t max)
{
	size_t n = 0;

	while (text && *text && n < max) {
		const char *eol = strchr(text, '\n');
		size_t line_len = eol ? (size_t)(eol - text) : strlen(text);
		char line[1024], *fields[4], *save = NULL, *tok;
		size_t nf = 0;

		if (line_len < sizeof(line)) {
			memcpy(line, text, line_len);
			line[line_len] = '\0';
			for (tok = strtok_r(line, " \t", &save); tok && nf < 4;
			     tok = strtok_r(NULL, " \t", &save))
				fields[nf++] = tok;
			if (nf == 4) {
				const char *src = fields[0], *type = fields[2], *opts = fields[3];
				bool drvfs =
				    strcmp(type, "drvfs") == 0 ||
				    (strcmp(type, "9p") == 0 && strstr(opts, "aname=drvfs")) ||
				    (strcmp(type, "virtiofs") == 0 &&
				     strncasecmp(src, "drvfs", 5) == 0);

				if (drvfs)
					decode_octal(fields[1], strlen(fields[1]), dirs[n++], 256);
			}
		}
		if (!eol)
			break;
		text = eol + 1;
	}
	return n;
}

bool windows_profile_is_system(const char *name)
{
	static const char *const system_dirs[] = {
		"Public",    "Default",	     "Default User",
		"All Users", "defaultuser0", "WDAGUtilityAccount"
	};

	if (name[0] == '.')
		return true;
	for (size_t i = 0; i < sizeof(system_dirs) / sizeof(system_dirs[0]); i++)
		if (strcasecmp(name, system_dirs[i]) == 0)
			return true;
	return false;
}
