// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/wsl/windows_query: Windows' recorded JSON answers
 * (ConvertTo-Json quirks included), port lists, and the Hyper-V verdict. */
#include "table_test.h"

#include <errno.h>
#include <netinet/in.h>

#include "wsl/windows_query.h"

#define SETTING(enabled, inbound, merge)                                                           \
	"\"setting\":{\"Enabled\":\"" enabled "\",\"DefaultInboundAction\":\"" inbound             \
	"\",\"AllowHostPolicyMerge\":\"" merge "\"}"
#define RULE(name, action, proto, ports)                                                           \
	"{\"Name\":\"" name "\",\"Enabled\":\"True\",\"Action\":\"" action                         \
	"\",\"Protocol\":\"" proto "\",\"LocalPorts\":\"" ports "\"}"

struct verdict_case {
	const char *name;
	const char *json;
	int l4proto;
	uint16_t port;
	enum windows_verdict_kind want;
	const char *want_reason;
};

static const struct verdict_case cases[] = {
	{ "firewall off", "{" SETTING("False", "Block", "False") "}", IPPROTO_TCP, 80,
	  WINDOWS_EXPOSED, "off" },
	{ "default block", "{" SETTING("True", "Block", "False") ",\"rules\":[]}", IPPROTO_TCP, 80,
	  WINDOWS_BLOCKED, "default inbound action Block" },
	{ "default allow", "{" SETTING("True", "Allow", "False") "}", IPPROTO_UDP, 53,
	  WINDOWS_EXPOSED, "default inbound action Allow" },
	{ "allow rule for the port",
	  "{" SETTING("True", "Block", "False") ",\"rules\":[" RULE("dev", "Allow", "TCP",
								    "8000-8010") "]}",
	  IPPROTO_TCP, 8005, WINDOWS_EXPOSED, "'dev'" },
	{ "allow rule, other protocol",
	  "{" SETTING("True", "Block", "False") ",\"rules\":[" RULE("dev", "Allow", "UDP",
								    "8000") "]}",
	  IPPROTO_TCP, 8000, WINDOWS_BLOCKED, NULL },
	{ "one rule is an object, not a list",
	  "{" SETTING("True", "Block", "False") ",\"rules\":" RULE("any", "Allow", "Any",
								   "Any") "}",
	  IPPROTO_UDP, 9, WINDOWS_EXPOSED, "'any'" },
	{ "block rule wins",
	  "{" SETTING("True", "Allow", "False") ",\"rules\":[" RULE(
	      "open", "Allow", "TCP", "Any") "," RULE("shut", "Block", "TCP", "22,3389") "]}",
	  IPPROTO_TCP, 3389, WINDOWS_BLOCKED, "'shut'" },
	{ "host rules merged", "{" SETTING("True", "Block", "True") "}", IPPROTO_TCP, 80,
	  WINDOWS_UNKNOWN, "AllowHostPolicyMerge" },
	{ "not configured", "{" SETTING("True", "NotConfigured", "False") "}", IPPROTO_TCP, 80,
	  WINDOWS_UNKNOWN, "NotConfigured" },
	{ "rules unreadable",
	  "{" SETTING("True", "Block", "False") ",\"rules_error\":\"Access is "
						"denied.\"}",
	  IPPROTO_TCP, 80, WINDOWS_UNKNOWN, "Access is denied" },
	{ "cmdlet missing",
	  "{\"setting_error\":\"The term 'Get-NetFirewallHyperVVMSetting' is not "
	  "recognized\"}",
	  IPPROTO_TCP, 80, WINDOWS_UNKNOWN, "not recognized" },
};

static void test_verdict(void **state)
{
	const struct verdict_case *c = *state;
	struct windows_answer a;
	struct windows_verdict v;
	char err[128] = "";

	if (windows_answer_parse(c->json, &a, err, sizeof(err)))
		fail_msg("parse: %s", err);
	windows_verdict(&a, c->l4proto, c->port, &v);
	if (v.kind != c->want || (c->want_reason && !strstr(v.reason, c->want_reason)))
		fail_msg("got %s (%s), want %s (%s)", windows_verdict_name(v.kind), v.reason,
			 windows_verdict_name(c->want), c->want_reason ? c->want_reason : "");
}

static void test_listeners(void **state)
{
	struct windows_answer a;
	char err[128];

	(void)state;
	assert_int_equal(
	    windows_answer_parse("{\"setting_error\":\"x\",\"listeners\":[{\"LocalAddress\":"
				 "\"0.0.0.0\",\"LocalPort\":445,\"OwningProcess\":4},"
				 "{\"LocalAddress\":\"127.0.0.1\",\"LocalPort\":9000,"
				 "\"OwningProcess\":77}]}",
				 &a, err, sizeof(err)),
	    0);
	assert_int_equal(a.n_listeners, 2);
	assert_string_equal(a.listeners[0].addr, "0.0.0.0");
	assert_int_equal(a.listeners[0].port, 445);
	assert_int_equal(a.listeners[1].pid, 77);
	assert_false(a.have_setting);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = { "",	       "{not json", "[1,2]",
					   "\"text\"", "{}",	    "{\"rules\":[]}" };
	struct windows_answer a;
	char err[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		assert_int_equal(windows_answer_parse(bad[i], &a, err, sizeof(err)), -EINVAL);
		assert_true(err[0] != '\0');
	}
}

static void test_ports(void **state)
{
	(void)state;
	assert_true(windows_ports_match("Any", 1));
	assert_true(windows_ports_match("", 1));
	assert_true(windows_ports_match("8000", 8000));
	assert_false(windows_ports_match("8000", 800));
	assert_true(windows_ports_match("80, 443,8000-8010", 8010));
	assert_true(windows_ports_match("80,443", 443));
	assert_false(windows_ports_match("80,443", 444));
	assert_false(windows_ports_match("RPC", 135));
}

static void test_script(void **state)
{
	(void)state;
	/* read-only cmdlets only, with the VM's id, as JSON */
	assert_non_null(strstr(windows_query_script, "Get-NetFirewallHyperVVMSetting"));
	assert_non_null(strstr(windows_query_script, "Get-NetFirewallHyperVRule"));
	assert_non_null(strstr(windows_query_script, "Get-NetTCPConnection"));
	assert_non_null(strstr(windows_query_script, "{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}"));
	assert_non_null(strstr(windows_query_script, "ConvertTo-Json"));
	assert_null(strstr(windows_query_script, "Set-"));
	assert_null(strstr(windows_query_script, "New-"));
	assert_null(strstr(windows_query_script, "Remove-"));
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_listeners),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_script),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_verdict, &cases[i], "hyper-v: %s", cases[i].name);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "windows_query", NULL, NULL);
}
