// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/lib/cli_options.c: the one option driver, its option
 * tables and groups, and its message style, with stdout and stderr caught. */
#include "table_test.h"

#include <errno.h>
#include <unistd.h>

#include "lib/cli_options.h"

#define MAX_ARGS 8

/* A second group, set through its offset inside struct seen. */
struct output_group {
	int pad; /* so that a missing offset would land on another field */
	bool verbose;
	const char *file;
};

struct seen {
	char log[512]; /* "name=value;" per called option, "@operand;" per operand */
	bool quiet;
	const char *name;
	uint32_t count;
	uint64_t bytes;
	int even;
	int direction;
	struct output_group out;
};

static void note(struct seen *s, const char *text, const char *value)
{
	size_t used = strlen(s->log);

	snprintf(s->log + used, sizeof(s->log) - used, "%s=%s;", text, value ? value : "");
}

static int on_number(void *target, const struct cli_arg *a)
{
	if (strcmp(a->value, "bad") == 0)
		return cli_bad_value(a, "expected a number");
	note(target, a->name, a->value);
	return 0;
}

static int on_called(void *target, const struct cli_arg *a)
{
	note(target, a->name, a->value);
	return 0;
}

/* The option's data reaches its handler. */
static int on_tagged(void *target, const struct cli_arg *a)
{
	note(target, a->option->data, a->value);
	return 0;
}

/* A handler that leaves the message to the driver. */
static int on_even(void *target, const struct cli_arg *a)
{
	struct seen *s = target;
	char *end;
	long n = strtol(a->value, &end, 10);

	if (*end || n % 2)
		return CLI_BAD_VALUE;
	s->even = (int)n;
	return 0;
}

static int on_operand(void *ctx, const char *operand)
{
	struct seen *s = ctx;
	size_t used = strlen(s->log);

	snprintf(s->log + used, sizeof(s->log) - used, "@%s;", operand);
	return 0;
}

static const struct cli_option demo_options[] = {
	CLI_CALL("number", 'n', required_argument, on_number),
	CLI_FLAG("quiet", 'q', struct seen, quiet),
	CLI_CALL("long-only", 0, no_argument, on_called),
	CLI_CALL(NULL, 'x', no_argument, on_called), /* a letter without a long name */
	CLI_STRING("name", 0, struct seen, name),
	CLI_CALL_WITH("tag", 0, required_argument, on_tagged, "tagged"),
	CLI_U32("count", 'k', struct seen, count, 1, 10, "expected 1-10"),
	CLI_U64("bytes", 0, struct seen, bytes, 0, 5000000000ULL, "expected 0-5000000000"),
	CLI_VALUE("even", 'e', on_even, "expected an even number"),
	CLI_CHOOSE("up", 'U', struct seen, direction, 1, "give only one of --up and --down"),
	CLI_CHOOSE("down", 'D', struct seen, direction, -1, "give only one of --up and --down"),
	CLI_OPTIONS_END,
};

static const struct cli_option output_options[] = {
	CLI_FLAG("verbose", 'v', struct output_group, verbose),
	CLI_STRING("file", 'f', struct output_group, file),
	CLI_OPTIONS_END,
};

static const struct cli_group demo_groups[] = {
	{ demo_options, 0 },
	{ output_options, offsetof(struct seen, out) },
	{ NULL, 0 },
};

struct cli_case {
	const char *args[MAX_ARGS];
	bool operands; /* the command takes operands */
	int ret;
	const char *log; /* what the handlers saw */
	const char *out; /* all of stdout */
	const char *err; /* all of stderr */
	bool quiet, verbose;
	const char *name, *file; /* the strings set, or NULL */
	uint32_t count;
	uint64_t bytes;
	int even;
	int direction;
};

static const char demo_help[] = "see 'bindguard demo --help'\n";

static const struct cli_case cases[] = {
	{ { "-n", "5", "-q", NULL }, false, 0, "--number=5;", "", "", .quiet = true },
	{ { "-x", "-q", NULL }, false, 0, "-x=;", "", "", .quiet = true },
	{ { "--long-only", NULL }, false, 0, "--long-only=;", "", "" },
	{ { "--number=7", NULL }, false, 0, "--number=7;", "", "" },
	{ { "-qn3", NULL }, false, 0, "--number=3;", "", "", .quiet = true },
	{ { "--tag", "t1", NULL }, false, 0, "tagged=t1;", "", "" },
	/* flags and strings are set by the table alone, in their own group */
	{ { "--quiet", NULL }, false, 0, "", "", "", .quiet = true },
	{ { "--name", "n1", NULL }, false, 0, "", "", "", .name = "n1" },
	{ { "--name=a", "--name=b", NULL }, false, 0, "", "", "", .name = "b" },
	{ { "-v", NULL }, false, 0, "", "", "", .verbose = true },
	{ { "--verbose", "-fout", NULL }, false, 0, "", "", "", .verbose = true, .file = "out" },
	{ { "--file", "x.log", "-q", NULL }, false, 0, "", "", "", .quiet = true, .file = "x.log" },
	{ { "--verb", NULL }, false, 0, "", "", "", .verbose = true }, /* an unambiguous prefix */
	{ { "-k", "10", NULL }, false, 0, "", "", "", .count = 10 },
	{ { "--count=1", "-k7", NULL }, false, 0, "", "", "", .count = 7 },
	{ { "--bytes", "5000000000", NULL }, false, 0, "", "", "", .bytes = 5000000000ULL },
	{ { "--bytes=0", NULL }, false, 0, "", "", "" },
	{ { "-e", "4", NULL }, false, 0, "", "", "", .even = 4 },
	{ { "-k", "0", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: invalid --count '0': expected 1-10; " },
	{ { "-k", "11", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: invalid --count '11': expected 1-10; " },
	{ { "-k", "3x", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: invalid --count '3x': expected 1-10; " },
	{ { "--count", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: option --count needs a value; " },
	{ { "--bytes=5000000001", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: invalid --bytes '5000000001': expected 0-5000000000; " },
	{ { "--even=3", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: invalid --even '3': expected an even number; " },
	{ { "-U", NULL }, false, 0, "", "", "", .direction = 1 },
	{ { "--down", NULL }, false, 0, "", "", "", .direction = -1 },
	{ { "-U", "--down", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: give only one of --up and --down; ",
	  .direction = 1 },
	{ { "-DD", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: give only one of --up and --down; ",
	  .direction = -1 },
	{ { "--help", "-n", "bad", NULL }, false, CLI_HELP_SHOWN, "", "usage text\n", "" },
	{ { "-q", "-h", NULL }, false, CLI_HELP_SHOWN, "", "usage text\n", "", .quiet = true },
	{ { "a", "-q", "b", NULL }, true, 0, "@a;@b;", "", "", .quiet = true },
	{ { "--", "-q", NULL }, true, 0, "@-q;", "", "" },
	{ { "a", NULL }, false, -EINVAL, "", "", "bindguard demo: unexpected argument 'a'; " },
	{ { "-n", NULL }, false, -EINVAL, "", "", "bindguard demo: option -n needs a value; " },
	{ { "--number", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: option --number needs a value; " },
	{ { "--name", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: option --name needs a value; " },
	{ { "-f", NULL }, false, -EINVAL, "", "", "bindguard demo: option -f needs a value; " },
	{ { "-n", "bad", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: invalid --number 'bad': expected a number; " },
	{ { "-qz", NULL }, false, -EINVAL, "", "", "bindguard demo: unknown option '-z'; ", true },
	{ { "--nope=1", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: unknown option '--nope=1'; " },
	{ { "--quiet=1", NULL },
	  false,
	  -EINVAL,
	  "",
	  "",
	  "bindguard demo: unknown option '--quiet=1'; " },
	/* ambiguous: --number or --name */
	{ { "--n", "1", NULL }, false, -EINVAL, "", "", "bindguard demo: unknown option '--n'; " },
};

static void run_demo(const struct cli_spec *spec, const struct cli_option *only,
		     const char *const *args, struct seen *seen, int *ret, char *out, char *err,
		     size_t len)
{
	char *argv[MAX_ARGS + 2] = { "demo" };
	struct capture_std cap;
	int argc = 1;

	for (; args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];
	report_set_command("demo");
	capture_begin(&cap);
	*ret =
	    only ? cli_parse_only(spec, only, argc, argv, seen) : cli_parse(spec, argc, argv, seen);
	capture_end(&cap, out, len, err, len);
}

static void assert_string_or_null(const char *got, const char *want)
{
	if (want)
		assert_string_equal(got ? got : "(null)", want);
	else
		assert_null(got);
}

static void test_case(void **state)
{
	const struct cli_case *c = *state;
	const struct cli_spec spec = {
		.usage = "usage text\n",
		.groups = demo_groups,
		.on_operand = c->operands ? on_operand : NULL,
	};
	char out[512], err[512], want_err[512] = "";
	struct seen seen = { "" };
	int ret;

	run_demo(&spec, NULL, c->args, &seen, &ret, out, err, sizeof(out));
	if (c->err[0])
		snprintf(want_err, sizeof(want_err), "%s%s", c->err, demo_help);
	assert_int_equal(ret, c->ret);
	assert_string_equal(seen.log, c->log);
	assert_string_equal(out, c->out);
	assert_string_equal(err, want_err);
	assert_int_equal(seen.quiet, c->quiet);
	assert_int_equal(seen.out.verbose, c->verbose);
	assert_int_equal(seen.out.pad, 0);
	assert_string_or_null(seen.name, c->name);
	assert_string_or_null(seen.out.file, c->file);
	assert_int_equal(seen.count, c->count);
	assert_int_equal(seen.bytes, c->bytes);
	assert_int_equal(seen.even, c->even);
	assert_int_equal(seen.direction, c->direction);
}

/* cli_parse_only acts on its option alone, yet checks the others. */
static void test_parse_only(void **state)
{
	const struct cli_spec spec = { .usage = "usage text\n", .groups = demo_groups };
	static const char *const ok[] = { "-q", "-n", "1", "--tag=t", "-v", "--tag", "u", NULL };
	static const char *const unknown[] = { "--tag", "t", "-z", NULL };
	static const char *const operand[] = { "--tag", "t", "extra", NULL };
	char out[512], err[512];
	struct seen seen = { "" };
	int ret;

	(void)state;
	run_demo(&spec, &demo_options[5], ok, &seen, &ret, out, err, sizeof(out));
	assert_int_equal(ret, 0);
	assert_string_equal(seen.log, "tagged=t;tagged=u;");
	assert_false(seen.quiet);
	assert_false(seen.out.verbose);
	assert_string_equal(err, "");

	memset(&seen, 0, sizeof(seen));
	run_demo(&spec, &demo_options[5], unknown, &seen, &ret, out, err, sizeof(out));
	assert_int_equal(ret, -EINVAL);
	assert_string_equal(err,
			    "bindguard demo: unknown option '-z'; see 'bindguard demo --help'\n");

	memset(&seen, 0, sizeof(seen));
	run_demo(&spec, &demo_options[5], operand, &seen, &ret, out, err, sizeof(out));
	assert_int_equal(ret, -EINVAL);
	assert_string_equal(
	    err, "bindguard demo: unexpected argument 'extra'; see 'bindguard demo --help'\n");
}

/* A table that declares a letter or a name twice, or --help, is refused
 * before anything is parsed: one option would silently shadow the other. */
static void test_declared_twice(void **state)
{
	static const struct cli_option same_letter[] = {
		CLI_FLAG("loud", 'q', struct seen, quiet),
		CLI_OPTIONS_END,
	};
	static const struct cli_option same_name[] = {
		CLI_FLAG("number", 0, struct seen, quiet),
		CLI_OPTIONS_END,
	};
	static const struct cli_option own_help[] = {
		CLI_FLAG("help", 0, struct seen, quiet),
		CLI_OPTIONS_END,
	};
	static const struct cli_option letter_h[] = {
		CLI_FLAG("hush", 'h', struct seen, quiet),
		CLI_OPTIONS_END,
	};
	const struct cli_option *wrong[] = { same_letter, same_name, own_help, letter_h };
	static const char *const args[] = { "-q", NULL };
	char out[512], err[512];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(wrong); i++) {
		const struct cli_group groups[] = { { demo_options, 0 },
						    { wrong[i], 0 },
						    { NULL, 0 } };
		const struct cli_spec spec = { .usage = "usage text\n", .groups = groups };
		struct seen seen = { "" };
		int ret;

		run_demo(&spec, NULL, args, &seen, &ret, out, err, sizeof(out));
		assert_int_equal(ret, -E2BIG);
		assert_false(seen.quiet);
	}
}

/* More options than the driver holds is a programming error, not a crash. */
static void test_too_many(void **state)
{
	static struct cli_option many[CLI_MAX_OPTIONS + 2];
	static char names[CLI_MAX_OPTIONS + 1][8];
	const struct cli_group groups[] = { { many, 0 }, { NULL, 0 } };
	const struct cli_spec spec = { .usage = "usage text\n", .groups = groups };
	static const char *const args[] = { "--o0", NULL };
	char out[512], err[512];
	struct seen seen = { "" };
	int ret;

	(void)state;
	for (int i = 0; i <= CLI_MAX_OPTIONS; i++) {
		snprintf(names[i], sizeof(names[i]), "o%d", i);
		many[i] = (struct cli_option)CLI_FLAG(names[i], 0, struct seen, quiet);
	}
	run_demo(&spec, NULL, args, &seen, &ret, out, err, sizeof(out));
	assert_int_equal(ret, -E2BIG);
	many[CLI_MAX_OPTIONS] = (struct cli_option)CLI_OPTIONS_END; /* exactly the maximum */
	run_demo(&spec, NULL, args, &seen, &ret, out, err, sizeof(out));
	assert_int_equal(ret, 0);
	assert_true(seen.quiet);
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
	static struct CMUnitTest storage[ARRAY_SIZE(cases) + 4];
	struct test_list l = { storage, 0, ARRAY_SIZE(storage) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_case, &cases[i], "cli_parse case %zu (%s)", i,
			 cases[i].args[0] ? cases[i].args[0] : "");
	add_test(&l, test_parse_only, NULL, "cli_parse_only");
	add_test(&l, test_declared_twice, NULL, "an option declared twice");
	add_test(&l, test_too_many, NULL, "more than CLI_MAX_OPTIONS");
	add_test(&l, test_exit_status, NULL, "cli_exit_status");
	return run_test_list(&l, "cli_options", NULL, NULL);
}
