// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: any bytes as a libnftables JSON ruleset.  Parsing either
 * refuses with a message or gives a ruleset that the evaluator and the DNAT
 * reader walk without crashing, and every verdict is one of the four with
 * a reason; a blocked verdict always names its chain. */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "firewall/fw_dnat.h"
#include "firewall/fw_eval.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int families[] = { AF_INET, AF_INET6 };
	static const char *const ifaces[] = { "eth0", "wlan0" };
	struct fw_dnat dnats[4];
	struct fw_ruleset *rs;
	char *text = malloc(size + 1), err[128] = "";

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (fw_ruleset_parse(text, &rs, err, sizeof(err))) {
		CHECK(rs == NULL && err[0]);
		free(text);
		return 0;
	}
	for (size_t f = 0; f < 2; f++) {
		struct fw_packet p = { .family = families[f],
				       .l4proto = size & 1 ? IPPROTO_UDP : IPPROTO_TCP,
				       .dport = (uint16_t)(size * 7),
				       .have_daddr = size & 2,
				       .iifnames = ifaces,
				       .n_iifnames = size % 3 };
		struct fw_verdict v;

		p.daddr[0] = 10;
		fw_evaluate(rs, &p, &v);
		CHECK(v.kind == FW_EXPOSED || v.kind == FW_BLOCKED || v.kind == FW_UNKNOWN);
		CHECK(v.reason[0] && memchr(v.reason, '\0', sizeof(v.reason)));
		CHECK(v.kind != FW_BLOCKED || v.chain[0]);
	}
	fw_find_dnats(rs, dnats, 4);
	fw_ruleset_free(rs);
	free(text);
	return 0;
}
