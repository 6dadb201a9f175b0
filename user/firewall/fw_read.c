// SPDX-License-Identifier: GPL-2.0
/* The thin kernel-facing part of the firewall check: libnftables' JSON
 * listing of the ruleset, and the legacy x_tables table names. */
#include "firewall/fw_read.h"

#include <cap-ng.h>
#include <errno.h>
#include <linux/capability.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fw_read_ruleset(char **json, char *err, size_t errlen)
{
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
	const char *out, *msg;
	int ret = 0;

	*json = NULL;
	err[0] = '\0';
	if (!nft)
		return -ENOMEM;
	/* without it libnftables fails, and says so on our stderr */
	if (capng_get_caps_process() == 0 &&
	    !capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN)) {
		snprintf(err, errlen, "reading the nftables ruleset needs CAP_NET_ADMIN (root)");
		ret = -EPERM;
		goto cleanup;
	}
	nft_ctx_output_set_flags(nft, NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE);
	if (nft_ctx_buffer_output(nft) || nft_ctx_buffer_error(nft)) {
		ret = -ENOMEM;
		goto cleanup;
	}
	if (nft_run_cmd_from_buffer(nft, "list ruleset")) {
		msg = nft_ctx_get_error_buffer(nft);
		ret = msg && strstr(msg, "not permitted") ? -EPERM : -EIO;
		snprintf(err, errlen, "%s", msg && *msg ? msg : "libnftables failed");
		err[strcspn(err, "\n")] = '\0';
		goto cleanup;
	}
	out = nft_ctx_get_output_buffer(nft);
	/* an empty ruleset may come back as nothing at all */
	*json = strdup(out && *out ? out : "{\"nftables\":[]}");
	if (!*json)
		ret = -ENOMEM;
cleanup:
	nft_ctx_free(nft);
	return ret;
}

static void append_names(const char *path, const char *suffix, char *names, size_t len)
{
	char line[64];
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		size_t used = strlen(names);

		line[strcspn(line, "\n")] = '\0';
		if (line[0])
			snprintf(names + used, len - used, "%s%s%s", used ? ", " : "", line,
				 suffix);
	}
	fclose(f);
}

void fw_read_legacy_tables(char *names, size_t len)
{
	names[0] = '\0';
	append_names("/proc/thread-self/net/ip_tables_names", "", names, len);
	append_names("/proc/thread-self/net/ip6_tables_names", " (IPv6)", names, len);
}
