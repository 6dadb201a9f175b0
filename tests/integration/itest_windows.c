// SPDX-License-Identifier: GPL-2.0
/* audit asking Windows on a (fixture) WSL in mirrored mode: a fake
 * powershell.exe on the test's PATH answers with recorded JSON, fails,
 * hangs or prints garbage; listeners live in a test namespace. */
#include "netns_fixture.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns_enter.h"

struct fixture {
	struct ns_holder ns;
	char dir[64];	  /* the fake powershell.exe lives in dir/bin */
	char sysroot[96]; /* dir/root: a WSL 2 in mirrored mode */
	char path[4096];  /* PATH with dir/bin first */
	pid_t listeners[2];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	static const char wslinfo[] = "#!/bin/sh\necho mirrored\n";
	static const char osrelease[] = "6.6.87.2-microsoft-standard-WSL2\n";

	snprintf(f->dir, sizeof(f->dir), "/tmp/bindguard-win-%d", (int)getpid());
	mkdir(f->dir, 0700);
	snprintf(f->sysroot, sizeof(f->sysroot), "%s/root", f->dir);
	mkdir(f->sysroot, 0755);
	fixture_write(f->sysroot, "proc/sys/kernel/osrelease", osrelease, strlen(osrelease), 0644);
	fixture_write(f->sysroot, "proc/mounts", "", 0, 0644);
	fixture_write(f->sysroot, "usr/bin/wslinfo", wslinfo, strlen(wslinfo), 0755);
	snprintf(f->path, sizeof(f->path), "%s/bin:%s", f->dir, getenv("PATH"));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	listener_stop(f->listeners[0]);
	listener_stop(f->listeners[1]);
	holder_stop(&f->ns);
	test_tree_remove(f->dir);
	free(f);
	return 0;
}

/* The fake: checks it was called as bindguard promises, then runs body. */
static void fake_powershell(struct fixture *f, const char *body)
{
	char script[4096];

	snprintf(script, sizeof(script),
		 "#!/bin/sh\n"
		 "[ \"$1\" = -NoProfile ] && [ \"$2\" = -NonInteractive ] && [ \"$3\" = -Command ] "
		 "|| exit 3\n"
		 "echo called >> %s/calls\n"
		 "%s\n",
		 f->dir, body);
	fixture_write(f->dir, "bin/powershell.exe", script, strlen(script), 0755);
}

static int calls(struct fixture *f)
{
	char path[128], buf[256] = "";
	FILE *fp;
	int n = 0;

	snprintf(path, sizeof(path), "%s/calls", f->dir);
	fp = fopen(path, "r");
	while (fp && fgets(buf, sizeof(buf), fp))
		n++;
	if (fp)
		fclose(fp);
	return n;
}

/* A namespace with a LAN address and listeners on 8000 and 8001. */
static void start(struct fixture *f)
{
	itest_require_root();
	assert_int_equal(holder_start(&f->ns), 0);
	assert_int_equal(holder_veth(&f->ns, "bgw0", "bgw1"), 0);
	assert_int_equal(holder_addr(&f->ns, "bgw0", "10.66.0.1", 24), 0);
	f->listeners[0] = listener_start(f->ns.pid, NULL, AF_INET, "0.0.0.0", 8000);
	f->listeners[1] = listener_start(f->ns.pid, NULL, AF_INET, "0.0.0.0", 8001);
	assert_true(f->listeners[0] > 0 && f->listeners[1] > 0);
}

/* BINDGUARD_WINDOWS_TIMEOUT for audit(); tests that want another set it */
static const char *windows_timeout = "2";

static struct json_object *audit(struct fixture *f, const char *extra, int want_status,
				 struct bg_proc *text)
{
	const char *args[] = { "audit", "--json", extra, NULL };
	const char *text_args[] = { "audit", "--no-color", extra, NULL };
	char *old_path = strdup(getenv("PATH"));
	struct bg_proc p;
	int status;

	setenv("BINDGUARD_SYSROOT", f->sysroot, 1);
	setenv("BINDGUARD_WINDOWS_TIMEOUT", windows_timeout, 1);
	setenv("PATH", f->path, 1);
	unsetenv("WSL_DISTRO_NAME");
	status = bg_run_in(&f->ns, &p, args, 20000);
	if (text)
		bg_run_in(&f->ns, text, text_args, 20000);
	setenv("PATH", old_path, 1);
	free(old_path);
	unsetenv("BINDGUARD_SYSROOT");
	unsetenv("BINDGUARD_WINDOWS_TIMEOUT");
	return document_of(&p, status, EXIT_IS(want_status));
}

static struct json_object *windows_of(struct json_object *doc, int port)
{
	struct json_object *list = get(doc, "listeners");

	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *l = json_object_array_get_idx(list, i);

		if (json_object_get_int(get(l, "port")) == port)
			return l;
	}
	fail_msg("no listener on %d", port);
	return NULL;
}

static void expect_verdict(struct json_object *doc, int port, const char *verdict,
			   const char *windows, const char *reason)
{
	struct json_object *l = windows_of(doc, port), *w = get(l, "windows");

	assert_string_equal(json_object_get_string(get(l, "verdict")), verdict);
	assert_string_equal(json_object_get_string(get(w, "verdict")), windows);
	if (!strstr(json_object_get_string(get(w, "reason")), reason))
		fail_msg("port %d: \"%s\" lacks \"%s\"", port,
			 json_object_get_string(get(w, "reason")), reason);
}

static const char answer_block[] =
    "cat <<'EOF'\n"
    "{\"setting\":{\"Enabled\":\"True\",\"DefaultInboundAction\":\"Block\","
    "\"AllowHostPolicyMerge\":\"False\"},\"rules\":{\"Name\":\"dev server\",\"Enabled\":"
    "\"True\",\"Action\":\"Allow\",\"Protocol\":\"TCP\",\"LocalPorts\":\"8000\"},"
    "\"listeners\":[{\"LocalAddress\":\"0.0.0.0\",\"LocalPort\":445,\"OwningProcess\":4}]}\n"
    "EOF";

static void test_answered(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *win;
	struct bg_proc text;

	start(f);
	fake_powershell(f, answer_block);
	doc = audit(f, NULL, 1, &text);
	expect_verdict(doc, 8000, "exposed", "exposed", "'dev server'");
	expect_verdict(doc, 8001, "blocked", "blocked", "default inbound action Block");
	win = get(doc, "windows");
	assert_true(json_object_get_boolean(get(win, "answered")));
	assert_string_equal(
	    json_object_get_string(get(get(win, "hyperv"), "default_inbound_action")), "Block");
	assert_int_equal(json_object_array_length(get(win, "listeners")), 1);
	/* answered: no PowerShell for the user to run */
	assert_true(json_object_is_type(get(doc, "windows_powershell"), json_type_null));
	json_object_put(doc);
	assert_non_null(strstr(out_of(&text), "asked Windows (powershell.exe)"));
	assert_non_null(strstr(out_of(&text), "Windows listens on 0.0.0.0 port 445 (pid 4): LAN"));
	assert_null(strstr(out_of(&text), "Set-NetFirewallHyperVVMSetting"));
	bg_free(&text);
	assert_int_equal(calls(f), 2);
}

static void test_host_rules_merged(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc;

	start(f);
	fake_powershell(f, "echo '{\"setting\":{\"Enabled\":\"True\",\"DefaultInboundAction\":"
			   "\"Block\",\"AllowHostPolicyMerge\":\"True\"},\"rules\":[]}'");
	doc = audit(f, NULL, 0, NULL);
	expect_verdict(doc, 8001, "unknown", "unknown", "AllowHostPolicyMerge");
	json_object_put(doc);
}

struct failure_case {
	const char *name;
	const char *body; /* NULL: no powershell.exe at all */
	const char *want_error;
};

static const struct failure_case failures[] = {
	{ "no interop (no powershell.exe)", NULL,
	  "found neither on PATH nor on the Windows drive" },
	{ "cmdlet missing (Windows 10)",
	  "echo '{\"setting_error\":\"The term Get-NetFirewallHyperVVMSetting is not recognized as "
	  "the name of a cmdlet\",\"listeners\":[]}'",
	  "not recognized as the name of a cmdlet" },
	{ "access denied", "echo '{\"setting_error\":\"Access is denied.\"}'", "Access is denied" },
	{ "interop refuses to start it", "exit 127", "could not be started" },
	{ "timeout", "exec sleep 30", "did not answer within 2 s" },
	{ "malformed output", "echo '{\"setting\": [oops'", "not a JSON object" },
	{ "nothing printed", "exit 0", "printed nothing" },
};

static void test_failures(void **state)
{
	struct fixture *f = *state;

	start(f);
	for (size_t i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
		const struct failure_case *c = &failures[i];
		struct json_object *doc, *win;
		struct bg_proc text;
		char path[128];

		snprintf(path, sizeof(path), "%s/bin/powershell.exe", f->dir);
		unlink(path);
		if (c->body)
			fake_powershell(f, c->body);
		doc = audit(f, NULL, 1, &text);
		win = get(doc, "windows");
		assert_false(json_object_get_boolean(get(win, "answered")));
		if (!strstr(json_object_get_string(get(win, "error")), c->want_error))
			fail_msg("%s: error \"%s\" lacks \"%s\"", c->name,
				 json_object_get_string(get(win, "error")), c->want_error);
		/* the user still gets the PowerShell to run */
		assert_non_null(strstr(json_object_get_string(get(doc, "windows_powershell")),
				       "Get-NetFirewallHyperVVMSetting"));
		/* and no Windows verdict is made up */
		assert_true(
		    json_object_is_type(get(windows_of(doc, 8000), "windows"), json_type_null));
		json_object_put(doc);
		assert_non_null(strstr(out_of(&text), "could not ask Windows: "));
		assert_non_null(strstr(out_of(&text), "Set-NetFirewallHyperVVMSetting"));
		bg_free(&text);
	}
}

/* A timeout that is no number of seconds is said, not silently replaced. */
static void test_bad_timeout_is_said(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc;
	struct bg_proc text;

	start(f);
	fake_powershell(f, answer_block);
	windows_timeout = "2s";
	doc = audit(f, NULL, 1, &text);
	windows_timeout = "2";
	fprintf(stderr, "# %s", text.err ? text.err : "(nothing)\n");
	assert_non_null(text.err);
	assert_non_null(strstr(text.err, "BINDGUARD_WINDOWS_TIMEOUT '2s' is not 1 to 600 seconds"));
	assert_true(json_object_get_boolean(get(get(doc, "windows"), "answered")));
	json_object_put(doc);
	bg_free(&text);
}

static void test_no_windows_runs_nothing(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc;
	char cmd[256];

	start(f);
	fake_powershell(f, answer_block);
	/* cmd.exe on the C: drive is run to find .wslconfig, unless --no-windows */
	snprintf(cmd, sizeof(cmd), "#!/bin/sh\necho called >> %s/calls\n", f->dir);
	fixture_write(f->sysroot, "mnt/c/Windows/System32/cmd.exe", cmd, strlen(cmd), 0755);
	doc = audit(f, "--no-windows", 1, NULL);
	assert_false(json_object_get_boolean(get(get(doc, "windows"), "asked")));
	assert_true(json_object_is_type(get(windows_of(doc, 8000), "windows"), json_type_null));
	json_object_put(doc);
	assert_int_equal(calls(f), 0);
	/* without it both fakes are reached: the check above could fail */
	doc = audit(f, NULL, 1, NULL);
	json_object_put(doc);
	assert_int_equal(calls(f), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_rules_merged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_timeout_is_said, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_windows_runs_nothing, setup, teardown),
	};

	return cmocka_run_group_tests_name("itest_windows", tests, NULL, NULL);
}
