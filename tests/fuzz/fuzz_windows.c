// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: any bytes as Windows' answer to bindguard's PowerShell query
 * (ConvertTo-Json of the Hyper-V firewall's setting, rules and listeners).
 * Parsing refuses with a sentence or gives bounded, terminated fields, and
 * every port then gets one of the three verdicts with a reason. */
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wsl/windows_query.h"

#include "fuzz.h"

#define TERMINATED(field) CHECK(memchr((field), '\0', sizeof(field)))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t ports[] = { 0, 22, 80, 8000, 65535 };
	struct windows_answer *a = malloc(sizeof(*a));
	char *text = malloc(size + 1), err[200] = "";
	int ret;

	CHECK(a && text);
	memcpy(text, data, size);
	text[size] = '\0';
	ret = windows_answer_parse(text, a, err, sizeof(err));
	CHECK(ret == 0 || (ret == -EINVAL && err[0]));
	if (!ret) {
		CHECK(a->n_rules <= WINDOWS_MAX_RULES && a->n_listeners <= WINDOWS_MAX_LISTENERS);
		TERMINATED(a->default_inbound);
		TERMINATED(a->allow_host_merge);
		TERMINATED(a->setting_error);
		for (size_t i = 0; i < a->n_rules; i++) {
			TERMINATED(a->rules[i].name);
			TERMINATED(a->rules[i].protocol);
			TERMINATED(a->rules[i].ports);
		}
		for (size_t i = 0; i < a->n_listeners; i++)
			TERMINATED(a->listeners[i].addr);
		for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
			struct windows_verdict v;

			windows_verdict(a, i & 1 ? IPPROTO_UDP : IPPROTO_TCP, ports[i], &v);
			CHECK(v.kind == WINDOWS_EXPOSED || v.kind == WINDOWS_BLOCKED ||
			      v.kind == WINDOWS_UNKNOWN);
			CHECK(v.reason[0]);
			TERMINATED(v.reason);
		}
	}
	free(text);
	free(a);
	return 0;
}
