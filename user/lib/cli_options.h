/* SPDX-License-Identifier: GPL-2.0 */
/* The one option driver of every command: getopt_long with --help handled
 * here, every usage error in one style (lib/report.h), operands passed on. */
#ifndef BINDGUARD_CLI_OPTIONS_H
#define BINDGUARD_CLI_OPTIONS_H

#include <getopt.h>

#include "lib/report.h"

#define CLI_HELP_SHOWN 1

/* One option as the user gave it. */
struct cli_arg {
	int opt;	   /* getopt's value: the short letter or the long option's val */
	const char *value; /* its argument, or NULL */
	const char *name;  /* as the user knows it: "--pid", or "-4" if it has no long name */
};

struct cli_spec {
	const char *usage;	       /* printed on stdout by --help / -h */
	const char *shortopts;	       /* getopt letters; "h" and the leading ':' are added */
	const struct option *longopts; /* "help" is added; at most CLI_MAX_OPTIONS */
	/* 0, or -EINVAL after a message (cli_bad_value, report_usage). */
	int (*on_option)(void *ctx, const struct cli_arg *arg);
	/* Arguments that are not options, in order; NULL: none are accepted. */
	int (*on_operand)(void *ctx, const char *operand);
};

#define CLI_MAX_OPTIONS 48

/* Parses argv[1..] (argv[0] is the command's name). Returns 0 to run,
 * CLI_HELP_SHOWN after printing the usage, or -EINVAL after one message. */
int cli_parse(const struct cli_spec *spec, int argc, char **argv, void *ctx);

/* "invalid --pid 'abc': why; see 'bindguard trace --help'"; returns -EINVAL. */
int cli_bad_value(const struct cli_arg *arg, const char *why);

/* The exit status for a cli_parse result that is not 0. */
static inline int cli_exit_status(int parsed)
{
	return parsed == CLI_HELP_SHOWN ? 0 : EXIT_ERROR;
}

#endif
