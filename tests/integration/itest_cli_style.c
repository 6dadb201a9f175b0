// SPDX-License-Identifier: GPL-2.0
/* Every command speaks in one style: a usage error is one line
 * "bindguard COMMAND: …; see 'bindguard COMMAND --help'" with exit status 2
 * and nothing on stdout; a runtime error is a line "bindguard COMMAND: …"
 * with exit status 2, after notes in the same style if any; --help prints the command's usage and
 * exits 0. */
#include "itest.h"

#include <stdio.h>
#include <string.h>

#define MAX_ARGS 8

/* Each command with one option that takes a value, and one runtime failure. */
struct command_case {
	const char *name;
	const char *value_option;	     /* needs a value */
	const char *runtime_error[MAX_ARGS]; /* args that fail after parsing */
	const char *runtime_says;	     /* in that failure's sentence */
};

static const struct command_case commands[] = {
	{ "trace", "--pid", { "-o", "/nonexistent-bindguard-dir/events", NULL }, "cannot open" },
	{ "enforce",
	  "--mode",
	  { "--cgroup", "/bindguard-test-no-such-cgroup", NULL },
	  "bindguard-test-no-such-cgroup" },
	{ "status", "--pin-dir", { "--pin-dir", "/proc", NULL }, "bpf filesystem" },
	{ "disable", "--pin-dir", { "--pin-dir", "/proc", NULL }, "bpf filesystem" },
	{ "audit",
	  "--wslconfig",
	  { "--wslconfig", "/nonexistent-bindguard.wslconfig", NULL },
	  "cannot read" },
	{ "top", "--delay", { NULL }, "needs a terminal" },
};

static int run(struct bg_proc *p, const char *command, const char *const *rest)
{
	const char *args[MAX_ARGS + 2] = { command };
	size_t n = 1;

	for (; rest && *rest && n < MAX_ARGS + 1; rest++)
		args[n++] = *rest;
	args[n] = NULL;
	return bg_run(p, args, 20000);
}

/* Exactly one line on stderr, equal to want; nothing on stdout. */
static void assert_says(const struct bg_proc *p, int status, const char *want)
{
	fprintf(stderr, "# %d %s", status, p->err ? p->err : "(no stderr)\n");
	assert_int_equal(status, 2);
	assert_int_equal(p->out_len, 0);
	assert_non_null(p->err);
	assert_string_equal(p->err, want);
}

static void test_usage_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command_case *c = &commands[i];
		const char *unknown[] = { "--no-such-option", NULL };
		const char *extra[] = { "extra-argument", NULL };
		const char *novalue[] = { c->value_option, NULL };
		char want[512];
		struct bg_proc p;

		snprintf(want, sizeof(want),
			 "bindguard %s: unknown option '--no-such-option'; see 'bindguard %s "
			 "--help'\n",
			 c->name, c->name);
		assert_says(&p, run(&p, c->name, unknown), want);
		bg_free(&p);

		snprintf(want, sizeof(want),
			 "bindguard %s: unexpected argument 'extra-argument'; see 'bindguard %s "
			 "--help'\n",
			 c->name, c->name);
		assert_says(&p, run(&p, c->name, extra), want);
		bg_free(&p);

		snprintf(want, sizeof(want),
			 "bindguard %s: option %s needs a value; see 'bindguard %s --help'\n",
			 c->name, c->value_option, c->name);
		assert_says(&p, run(&p, c->name, novalue), want);
		bg_free(&p);
	}
}

static void test_runtime_errors(void **state)
{
	(void)state;
	itest_require_root();
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command_case *c = &commands[i];
		char prefix[64];
		struct bg_proc p;
		int status = run(&p, c->name, c->runtime_error);

		fprintf(stderr, "# %s: %d %s", c->name, status, p.err ? p.err : "(no stderr)\n");
		snprintf(prefix, sizeof(prefix), "bindguard %s: ", c->name);
		assert_int_equal(status, 2);
		assert_non_null(p.err);
		/* every line (a note such as "bpf was not mounted; mounted it"
		 * may come before the error) names the command */
		for (const char *line = p.err; *line; line = strchr(line, '\n') + 1) {
			assert_int_equal(strncmp(line, prefix, strlen(prefix)), 0);
			assert_non_null(strchr(line, '\n'));
		}
		assert_non_null(strstr(p.err, c->runtime_says));
		bg_free(&p);
	}
}

static void test_help_and_unknown_command(void **state)
{
	const char *unknown[] = { "frobnicate", NULL };
	struct bg_proc p;

	(void)state;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const char *help[] = { commands[i].name, "--help", NULL };
		char want[64];

		snprintf(want, sizeof(want), "Usage: bindguard ");
		assert_int_equal(bg_run(&p, help, 10000), 0);
		assert_non_null(p.out);
		assert_non_null(strstr(p.out, want));
		assert_non_null(strstr(p.out, commands[i].name));
		assert_int_equal(p.err_len, 0);
		bg_free(&p);
	}
	assert_says(&p, bg_run(&p, unknown, 10000),
		    "bindguard: unknown command 'frobnicate'; see 'bindguard --help'\n");
	bg_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_runtime_errors),
		cmocka_unit_test(test_help_and_unknown_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
