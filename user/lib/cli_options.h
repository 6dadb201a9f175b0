/* SPDX-License-Identifier: GPL-2.0 */
/* The one option driver of every command: each option declared once in a
 * table (name, letter, argument, what it sets), --help handled here, every
 * usage error in one style (lib/report.h), operands passed on. */
#ifndef BINDGUARD_CLI_OPTIONS_H
#define BINDGUARD_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/report.h"

#define CLI_HELP_SHOWN 1

struct cli_option;

/* One option as the user gave it. */
struct cli_arg {
	int opt;	   /* getopt's value: the letter, or one the driver chose */
	const char *value; /* its argument, or NULL */
	const char *name;  /* as the user knows it: "--pid", or "-4" if it has no long name */
	const struct cli_option *option; /* its declaration */
};

enum cli_action {
	CLI_ACT_SET_TRUE,   /* a bool in the group's struct becomes true */
	CLI_ACT_SET_STRING, /* a const char * in it points at the argument */
	CLI_ACT_SET_U32,    /* a uint32_t in it, from a number in [min, max] */
	CLI_ACT_SET_U64,    /* a uint64_t in it, from a number in [min, max] */
	CLI_ACT_CHOOSE,	    /* an int in it becomes choice, once: of options that set
			     * the same field only one may be given (-4 or -6) */
	CLI_ACT_CALL,	    /* handle() judges the argument */
};

/* What a handler returns for a bad argument that the driver should report
 * with the option's `expected` ("invalid --size 'x': expected ..."). */
#define CLI_BAD_VALUE 1

/* One option, declared once: the getopt tables are built from it. */
struct cli_option {
	const char *name; /* the long name ("json"), or NULL: the letter alone */
	int letter;	  /* the short letter, or 0: the long name alone */
	int has_arg;	  /* no_argument or required_argument */
	enum cli_action action;
	size_t offset;	      /* CLI_ACT_SET_*: where the field is in the group's struct */
	uint64_t min, max;    /* CLI_ACT_SET_U32/U64 */
	const char *expected; /* the end of the message for a bad argument */
	int choice;	      /* CLI_ACT_CHOOSE: the value it sets */
	const char *conflict; /* CLI_ACT_CHOOSE: the message when the field is set already */
	/* CLI_ACT_CALL: 0, CLI_BAD_VALUE, or -EINVAL after its own message
	 * (cli_bad_value, report_usage); target is the group's struct. */
	int (*handle)(void *target, const struct cli_arg *a);
	/* CLI_ACT_CALL: what handle() needs beyond the argument, so that one
	 * handler serves a family of options (enforce's policy setters) */
	const void *data;
};

/* The field must have the type the action writes, or this does not compile. */
#define CLI_FIELD_(type, field, want)                                                              \
	(offsetof(type, field) +                                                                   \
	 0 * sizeof(                                                                               \
		 char[__builtin_types_compatible_p(__typeof__(((type *)0)->field), want) ? 1       \
											 : -1]))
#define CLI_FLAG(name_, letter_, type, field)                                                      \
	{                                                                                          \
		.name = (name_), .letter = (letter_), .has_arg = no_argument,                      \
		.action = CLI_ACT_SET_TRUE, .offset = CLI_FIELD_(type, field, bool)                \
	}
#define CLI_STRING(name_, letter_, type, field)                                                    \
	{                                                                                          \
		.name = (name_), .letter = (letter_), .has_arg = required_argument,                \
		.action = CLI_ACT_SET_STRING, .offset = CLI_FIELD_(type, field, const char *)      \
	}
#define CLI_U32(name_, letter_, type, field, min_, max_, expected_)                                \
	{                                                                                          \
		.name = (name_), .letter = (letter_), .has_arg = required_argument,                \
		.action = CLI_ACT_SET_U32, .offset = CLI_FIELD_(type, field, uint32_t),            \
		.min = (min_), .max = (max_), .expected = (expected_)                              \
	}
#define CLI_U64(name_, letter_, type, field, min_, max_, expected_)                                \
	{                                                                                          \
		.name = (name_), .letter = (letter_), .has_arg = required_argument,                \
		.action = CLI_ACT_SET_U64, .offset = CLI_FIELD_(type, field, uint64_t),            \
		.min = (min_), .max = (max_), .expected = (expected_)                              \
	}
#define CLI_CHOOSE(name_, letter_, type, field, choice_, conflict_)                                \
	{                                                                                          \
		.name = (name_), .letter = (letter_), .has_arg = no_argument,                      \
		.action = CLI_ACT_CHOOSE, .offset = CLI_FIELD_(type, field, int),                  \
		.choice = (choice_), .conflict = (conflict_)                                       \
	}
/* An argument handle() parses; a bad one is reported with expected. */
#define CLI_VALUE(name_, letter_, handle_, expected_)                                              \
	{                                                                                          \
		.name = (name_), .letter = (letter_), .has_arg = required_argument,                \
		.action = CLI_ACT_CALL, .expected = (expected_), .handle = (handle_)               \
	}
#define CLI_CALL(name_, letter_, has_arg_, handle_)                                                \
	{                                                                                          \
		.name = (name_), .letter = (letter_), .has_arg = (has_arg_),                       \
		.action = CLI_ACT_CALL, .handle = (handle_)                                        \
	}
#define CLI_CALL_WITH(name_, letter_, has_arg_, handle_, data_)                                    \
	{                                                                                          \
		.name = (name_), .letter = (letter_), .has_arg = (has_arg_),                       \
		.action = CLI_ACT_CALL, .handle = (handle_), .data = (data_)                       \
	}
#define CLI_OPTIONS_END                                                                            \
	{                                                                                          \
		.name = NULL, .letter = 0                                                          \
	}

/* Options that set one struct, which sits at offset inside the parse's ctx:
 * a group shared by several commands (stream_options) is declared once. */
struct cli_group {
	const struct cli_option *options; /* ends with CLI_OPTIONS_END; NULL ends the groups */
	size_t offset;
};

struct cli_spec {
	const char *usage;		/* printed on stdout by --help / -h */
	const struct cli_group *groups; /* at most CLI_MAX_OPTIONS options in all */
	/* Arguments that are not options, in order; NULL: none are accepted. */
	int (*on_operand)(void *ctx, const char *operand);
	/* Combinations no single option can judge, once all are read: 0, or
	 * -EINVAL after a message (report_usage).  NULL: none. */
	int (*check)(const void *ctx);
};

#define CLI_MAX_OPTIONS 48

/* Parses argv[1..] (argv[0] is the command's name). Returns 0 to run,
 * CLI_HELP_SHOWN after printing the usage, or -EINVAL after one message;
 * -E2BIG if the spec itself is wrong (too many options, a letter or long
 * name declared twice), a programming error. */
int cli_parse(const struct cli_spec *spec, int argc, char **argv, void *ctx);

/* The same, but acts on the option `only` alone (the others are checked
 * and passed over, and so are operands where the spec takes any): a command reads one option before
 * the rest, as enforce reads its policy file first so that flags override it wherever they stand.
 */
int cli_parse_only(const struct cli_spec *spec, const struct cli_option *only, int argc,
		   char **argv, void *ctx);

/* "invalid --pid 'abc': why; see 'bindguard trace --help'"; returns -EINVAL. */
int cli_bad_value(const struct cli_arg *arg, const char *why);

/* The exit status for a cli_parse result that is not 0. */
static inline int cli_exit_status(int parsed)
{
	return parsed == CLI_HELP_SHOWN ? 0 : EXIT_ERROR;
}

#endif
