// SPDX-License-Identifier: GPL-2.0
/* The option driver every command uses (see cli_options.h). */
#include "lib/cli_options.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The long name of opt if it has one ("--pid"), else "-p". */
static const char *option_name(const struct option *longopts, int opt, char *buf, size_t len)
{
	for (const struct option *o = longopts; o && o->name; o++) {
		if (o->val == opt && !o->flag) {
			snprintf(buf, len, "--%s", o->name);
			return buf;
		}
	}
	snprintf(buf, len, "-%c", opt > 0 && opt < 256 ? opt : '?');
	return buf;
}

/* The spec's options plus --help, and its letters behind ':' plus 'h'. */
static int build_tables(const struct cli_spec *spec, struct option *longopts, char *shortopts,
			size_t short_len)
{
	size_t n = 0;

	for (const struct option *o = spec->longopts; o && o->name; o++) {
		if (n >= CLI_MAX_OPTIONS)
			return -E2BIG;
		longopts[n++] = *o;
	}
	longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	if ((size_t)snprintf(shortopts, short_len, ":%sh",
			     spec->shortopts ? spec->shortopts : "") >= short_len)
		return -E2BIG;
	return 0;
}

/* The unknown option getopt stopped at: a letter inside a group ("-xz")
 * must be named alone, since argv[optind - 1] is then the whole group. */
static int unknown_option(char **argv, const char *shortopts)
{
	if (optopt > 0 && optopt < 256 && !strchr(shortopts, optopt))
		report_usage("unknown option '-%c'", optopt);
	else
		report_usage("unknown option '%s'", argv[optind - 1]);
	return -EINVAL;
}

int cli_parse(const struct cli_spec *spec, int argc, char **argv, void *ctx)
{
	struct option longopts[CLI_MAX_OPTIONS + 2];
	char shortopts[128], name[64];
	struct cli_arg arg;
	int c, err;

	if (build_tables(spec, longopts, shortopts, sizeof(shortopts)))
		return -E2BIG; /* a programming error: the table outgrew the driver */
	/* 0, not 1: glibc then also forgets where it stopped inside a group of
	 * short options ("-64x") in an earlier, possibly freed, argv */
	optind = 0;
	opterr = 0; /* one sentence of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(spec->usage, stdout); return CLI_HELP_SHOWN;
		case ':': report_usage("option %s needs a value", argv[optind - 1]); return -EINVAL;
		case '?': return unknown_option(argv, shortopts);
		default:
			arg.opt = c;
			arg.value = optarg;
			arg.name = option_name(longopts, c, name, sizeof(name));
			err = spec->on_option(ctx, &arg);
			if (err)
				return err < 0 ? err : -EINVAL;
		}
	}
	for (; optind < argc; optind++) {
		if (!spec->on_operand) {
			report_usage("unexpected argument '%s'", argv[optind]);
			return -EINVAL;
		}
		err = spec->on_operand(ctx, argv[optind]);
		if (err)
			return err < 0 ? err : -EINVAL;
	}
	return 0;
}

int cli_bad_value(const struct cli_arg *arg, const char *why)
{
	report_usage("invalid %s '%s': %s", arg->name, arg->value ? arg->value : "", why);
	return -EINVAL;
}
