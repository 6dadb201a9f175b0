// SPDX-License-Identifier: GPL-2.0
/* The PowerShell printed for Windows: the exact commands, plain ASCII, and
 * the ports Linux exposes. */
#include "table_test.h"

#include <string.h>

#include "wsl/windows_advice.h"

static const char *const required[] = {
	"Get-NetTCPConnection -State Listen",
	"'LAN EXPOSED'",
	"{'LOCAL'}",
	"Get-NetFirewallHyperVVMSetting -PolicyStore ActiveStore -Name "
	"'{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'",
	"Get-NetFirewallHyperVRule -VMCreatorId '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'",
	"\nSet-NetFirewallHyperVVMSetting -Name '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}' "
	"-DefaultInboundAction Block\n",
	"matches only a port",
	"mirrored into the Hyper-V firewall",
	"as Administrator",
};

static void test_required(void **state)
{
	const char *phrase = *state;
	struct strbuf sb;

	strbuf_init(&sb);
	windows_advice(&sb, NULL, 0);
	if (!strstr(strbuf_str(&sb), phrase))
		fail_msg("missing: %s", phrase);
	strbuf_free(&sb);
}

/* Pasted into a console: no smart quotes, no double quotes, no tabs. */
static void test_plain_ascii(void **state)
{
	static const uint16_t ports[] = { 5432, 8080 };
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	windows_advice(&sb, ports, 2);
	for (size_t i = 0; i < sb.len; i++) {
		unsigned char c = (unsigned char)sb.data[i];

		assert_true(c == '\n' || (c >= 0x20 && c < 0x7f));
		assert_true(c != '"');
	}
	assert_int_equal(sb.data[sb.len - 1], '\n');
	assert_non_null(strstr(strbuf_str(&sb), "Linux exposes ports 5432, 8080:"));
	strbuf_free(&sb);
}

static void test_one_port(void **state)
{
	static const uint16_t ports[] = { 22 };
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	windows_advice(&sb, ports, 1);
	assert_non_null(strstr(strbuf_str(&sb), "Linux exposes port 22:"));
	strbuf_reset(&sb);
	windows_advice(&sb, NULL, 0);
	assert_null(strstr(strbuf_str(&sb), "Linux exposes"));
	strbuf_free(&sb);
}

/* Every line is a comment or a command: nothing a console would choke on. */
static void test_lines(void **state)
{
	struct strbuf sb;
	char *copy, *save = NULL;
	int commands = 0;

	(void)state;
	strbuf_init(&sb);
	windows_advice(&sb, NULL, 0);
	copy = strdup(strbuf_str(&sb));
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		assert_true(line[0] == '#' || strncmp(line, "Get-", 4) == 0 ||
			    strncmp(line, "Set-", 4) == 0);
		commands += line[0] != '#';
	}
	assert_int_equal(commands, 4);
	free(copy);
	strbuf_free(&sb);
}

/* `bindguard allow 8080 --for 90s`: a rule per protocol, a removal task
 * per rule after exactly those seconds, and the removal now. */
static void test_allow_both_protocols(void **state)
{
	static const char *const want[] = {
		"New-NetFirewallHyperVRule -Name 'bindguard-allow-8080-tcp' -DisplayName "
		"'bindguard allow 8080/TCP' -Direction Inbound -VMCreatorId "
		"'{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}' -Protocol TCP -LocalPorts 8080 -Action "
		"Allow\n",
		"-Protocol UDP -LocalPorts 8080 -Action Allow\n",
		"Register-ScheduledTask -TaskName 'bindguard-allow-8080-udp' -RunLevel Highest "
		"-Trigger (New-ScheduledTaskTrigger -Once -At (Get-Date).AddSeconds(90)) -Action "
		"(New-ScheduledTaskAction -Execute 'powershell.exe' -Argument \"-NoProfile "
		"-Command "
		"Remove-NetFirewallHyperVRule -Name 'bindguard-allow-8080-udp'; "
		"Unregister-ScheduledTask -TaskName 'bindguard-allow-8080-udp' "
		"-Confirm:`$false\")\n",
		"\nRemove-NetFirewallHyperVRule -Name 'bindguard-allow-8080-tcp'\n"
		"Remove-NetFirewallHyperVRule -Name 'bindguard-allow-8080-udp'\n",
	};
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	windows_allow_advice(&sb, 8080, 0, 90);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (!strstr(strbuf_str(&sb), want[i]))
			fail_msg("missing:\n%s\nin:\n%s", want[i], strbuf_str(&sb));
	for (const char *p = strbuf_str(&sb); *p; p++)
		assert_true((unsigned char)*p < 0x80);
	strbuf_free(&sb);
}

static void test_allow_one_protocol_close(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	windows_allow_close(&sb, 5173, BG_PROTO_TCP);
	assert_string_equal(strbuf_str(&sb),
			    "Remove-NetFirewallHyperVRule -Name 'bindguard-allow-5173-tcp'\n");
	strbuf_reset(&sb);
	windows_allow_advice(&sb, 5173, BG_PROTO_TCP, 600);
	assert_null(strstr(strbuf_str(&sb), "udp"));
	assert_null(strstr(strbuf_str(&sb), "UDP"));
	strbuf_free(&sb);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_plain_ascii),
		cmocka_unit_test(test_one_port),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_allow_both_protocols),
		cmocka_unit_test(test_allow_one_protocol_close),
	};
	struct CMUnitTest tests[ARRAY_SIZE(required) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		add_test(&l, test_required, required[i], "advice contains phrase %zu", i);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "windows_advice", NULL, NULL);
}
