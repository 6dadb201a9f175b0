// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/lib/cli_options.c: the one option driver and its
 * message style, with stdout and stderr caught. */
#include "table_test.h"

#include <errno.h>
#include <unistd.h>

#include "lib/cli_options.h"

#define MAX_ARGS 8

struct seen {
	char log[512]; /* "name=value;" per option, "@operand;" per operand */
	bool refuse_operands;
};

static int on_option(void *ctx, const struct cli_arg *a)
{
	struct seen *s = ctx;
	size_t used = strlen(s->log);

	if (a->opt == 'n' && strcmp(a->value, "bad") == 0)
		return cli_bad_value(a, "expected a number");
	snprintf(s->log + used, sizeof(s->log) - used, "%s=%s;", a->name, a->value ? a->value : "");
	return 0;
}

static int on_operand(void *ctx, const char *operand)
{
	struct seen *s = ctx;
	size_t used = strlen(s->log);

	snprintf(s->log + used, sizeof(s->log) - used, "@%s;", operand);
	return 0;
}

static const struct option longopts[] = {
	{ "number", required_argument, NULL, 'n' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "long-only", no_argument, NULL, 300 },
	{ NULL, 0, NULL, 0 },
};

struct cli_case {
	const char *args[MAX_ARGS];
	bool operands; /* the command takes operands */
	int ret;
	const char *log; /* what the callbacks saw */
	const char *out; /* all of stdout */
	const char *err; /* all of stderr */
};

static const struct cli_case cases[] = {
	{ { "-n", "5", "-q", NULL }, false, 0, "--number=5;--quiet=;", "", "" },
	{ { "-x", "-q", NULL }, false, 0, "-x=;--quiet=;", "", "" }, /* a letter without a long name
								      */
	{ { "--long-only", NULL }, false, 0, "--long-only=;", "", "" },
	{ { "--number=7", NULL }, false, 0, "--number=7;", "", "" },
	{ { "-qn3", NULL }, false, 0, "--quiet=;--number=3;", "", "" },
	{ { "--help", "-n", "bad", NULL }, false, CLI_HELP_SHOWN, "", "usage text\n", "" },
	{ { "-q", "-h", NULL }, false, CLI_HELP_SHOWN, "--quiet=;", "usage text\n", "" },
	{ { "a", "-q", "b", NULL }, true, 0, "--quiet=;@a;@b;", "", "" },
	{ { "--", "-q", NULL }, true, 0, "@-q;", "", "" },
	{ { "a", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: unexpected argument 'a'; see 'bindguard demo --help'\n" },
	{ { "-n", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: option -n needs a value; see 'bindguard demo --help'\n" },
	{ { "--number", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: option --number needs a value; see 'bindguard demo --help'\n" },
	{ { "-n", "bad", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: invalid --number 'bad': expected a number; see 'bindguard demo "
	  "--help'\n" },
	{ { "-qz", NULL },
	  false,
	  -EINVAL,
	  "--quiet=;",
	  "",
	  "bindguard demo: unknown option '-z'; see 'bindguard demo --help'\n" },
	{ { "--nope=1", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: unknown option '--nope=1'; see 'bindguard demo --help'\n" },
	{ { "--quiet=1", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: unknown option '--quiet=1'; see 'bindguard demo --help'\n" },
};

static void test_case(void **state)
{
	const struct cli_case *c = *state;
	const struct cli_spec spec = {
		.usage = "usage text\n",
		.shortopts = "n:qx",
		.longopts = longopts,
		.on_option = on_option,
		.on_operand = c->operands ? on_operand : NULL,
	};
	char *argv[MAX_ARGS + 2] = { "demo" };
	char out[512], err[512];
	struct capture_std cap;
	struct seen seen = { "" };
	int argc = 1, ret;

	for (; c->args[argc - 1]; argc++)
		argv[argc] = (char *)c->args[argc - 1];
	report_set_command("demo");
	capture_begin(&cap);
	ret = cli_parse(&spec, argc, argv, &seen);
	capture_end(&cap, out, sizeof(out), err, sizeof(err));
	assert_int_equal(ret, c->ret);
	assert_string_equal(seen.log, c->log);
	assert_string_equal(out, c->out);
	assert_string_equal(err, c->err);
}

static void test_exit_status(void **state)
{
	(void)state;
	assert_int_equal(cli_exit_status(CLI_HELP_SHOWN), 0);
	assert_int_equal(cli_exit_status(-EINVAL), EXIT_ERROR);
	assert_int_equal(cli_exit_status(-EPERM), EXIT_ERROR);
}

int main(void)
{
	static struct CMUnitTest storage[ARRAY_SIZE(cases) + 1];
	struct test_list l = { storage, 0, ARRAY_SIZE(storage) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_case, &cases[i], "cli_parse case %zu (%s)", i,
			 cases[i].args[0] ? cases[i].args[0] : "");
	add_test(&l, test_exit_status, NULL, "cli_exit_status");
	return run_test_list(&l, "cli_options", NULL, NULL);
}
