// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: a Windows user's .wslconfig (any bytes, any encoding) through
 * wslconfig_parse and wslconfig_check, and the other WSL text bindguard
 * reads (/etc/wsl.conf's automount root, %USERPROFILE% from cmd.exe, the
 * drive mounts in /proc/mounts). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wsl/wsl_detect.h"
#include "wsl/wslconfig.h"

#include "fuzz.h"

static void check_findings(const struct wsl_findings *f)
{
	CHECK(f->n <= WSL_MAX_FINDINGS);
	for (size_t i = 0; i < f->n; i++) {
		CHECK(f->items[i].level <= WSL_FINDING_INPUT);
		CHECK(memchr(f->items[i].key, '\0', sizeof(f->items[i].key)));
		CHECK(memchr(f->items[i].text, '\0', sizeof(f->items[i].text)));
		CHECK(f->items[i].text[0]);
	}
}

static void check_config(const uint8_t *data, size_t size)
{
	struct wslconfig *cfg = malloc(sizeof(*cfg));
	struct wsl_findings *f = calloc(1, sizeof(*f));
	uint16_t listening[4] = { 22, 80, 443, 8080 };
	int err;

	CHECK(cfg && f);
	err = wslconfig_parse(data, size, cfg, f);
	CHECK(err == 0 || err == -EILSEQ || err == -ENOMEM);
	check_findings(f);
	if (!err) {
		CHECK(cfg->encoding);
		CHECK(cfg->n_ignored_ports <= WSLCFG_MAX_IGNORED_PORTS);
		for (int k = 0; k < WSLCFG_KEY_COUNT; k++) {
			CHECK(memchr(cfg->v[k].text, '\0', sizeof(cfg->v[k].text)));
			CHECK(memchr(cfg->v[k].section, '\0', sizeof(cfg->v[k].section)));
			CHECK(!cfg->v[k].valid || cfg->v[k].set);
		}
		for (int mode = WSL_NET_UNKNOWN; mode <= WSL_NET_NONE; mode++) {
			struct wsl_findings checked = *f;

			wslconfig_check(cfg, (enum wsl_net_mode)mode, listening, 4, &checked);
			check_findings(&checked);
		}
	}
	free(cfg);
	free(f);
}

static void check_wsl_conf(const char *text)
{
	char root[64], out[256];

	if (wsl_automount_root(text, root, sizeof(root)) == 0) {
		size_t len = strlen(root);

		CHECK(len > 0 && root[len - 1] == '/');
		if (windows_path_to_wsl("C:\\Users\\alice", root, out, sizeof(out)) == 0)
			CHECK(strncmp(out, root, len) == 0);
	}
}

static void check_windows_path(const char *text)
{
	char *out = malloc(64);

	CHECK(out);
	if (windows_path_to_wsl(text, "/mnt/", out, 64) == 0)
		CHECK(memchr(out, '\0', 64) && strncmp(out, "/mnt/", 5) == 0);
	free(out);
}

static void check_mounts(const char *text)
{
	char(*dirs)[256] = malloc(4 * sizeof(*dirs));
	size_t n;

	CHECK(dirs);
	n = windows_drive_mounts(text, dirs, 4);
	CHECK(n <= 4);
	for (size_t i = 0; i < n; i++)
		CHECK(memchr(dirs[i], '\0', sizeof(dirs[i])));
	free(dirs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1)
		return 0;
	if (data[0] != 'W' && data[0] != 'P' && data[0] != 'M') {
		check_config(data, size);
		return 0;
	}
	text = malloc(size);
	CHECK(text);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (data[0] == 'W')
		check_wsl_conf(text);
	else if (data[0] == 'P')
		check_windows_path(text);
	else
		check_mounts(text);
	free(text);
	return 0;
}
