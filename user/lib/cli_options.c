// SPDX-License-Identifier: GPL-2.0
/* The option driver every command uses (see cli_options.h). */
#include "lib/cli_options.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/cli_parse.h"

/* getopt's view of a spec, built from its option tables. */
struct cli_tables {
	struct option longopts[CLI_MAX_OPTIONS + 2];
	char shortopts[2 * CLI_MAX_OPTIONS + 4];
	const struct cli_option *decl[CLI_MAX_OPTIONS]; /* by getopt value, see value_of */
	size_t group_offset[CLI_MAX_OPTIONS];
	int value[CLI_MAX_OPTIONS];
	size_t n;
};

/* What getopt returns for option n: its letter, or a value no letter has. */
static int value_of(const struct cli_option *o, size_t n)
{
	return o->letter ? o->letter : 256 + (int)n;
}

/* A letter or long name declared twice would make one option shadow another. */
static bool declared(const struct cli_tables *t, const struct cli_option *o)
{
	if (o->letter == 'h' || (o->name && strcmp(o->name, "help") == 0))
		return true;
	for (size_t i = 0; i < t->n; i++) {
		if (o->letter && t->decl[i]->letter == o->letter)
			return true;
		if (o->name && t->decl[i]->name && strcmp(t->decl[i]->name, o->name) == 0)
			return true;
	}
	return false;
}

static int add_option(struct cli_tables *t, const struct cli_option *o, size_t group_offset,
		      size_t *n_long, size_t *n_short)
{
	if (t->n >= CLI_MAX_OPTIONS || declared(t, o) || (!o->name && !o->letter))
		return -E2BIG;
	t->decl[t->n] = o;
	t->group_offset[t->n] = group_offset;
	t->value[t->n] = value_of(o, t->n);
	if (o->name)
		t->longopts[(*n_long)++] =
		    (struct option){ o->name, o->has_arg, NULL, t->value[t->n] };
	if (o->letter) {
		t->shortopts[(*n_short)++] = (char)o->letter;
		if (o->has_arg == required_argument)
			t->shortopts[(*n_short)++] = ':';
	}
	t->n++;
	return 0;
}

/* The spec's options plus --help, and their letters behind ':' plus 'h'. */
static int build_tables(const struct cli_spec *spec, struct cli_tables *t)
{
	size_t n_long = 0, n_short = 0;
	int err;

	t->n = 0;
	t->shortopts[n_short++] = ':';
	for (const struct cli_group *g = spec->groups; g && g->options; g++) {
		for (const struct cli_option *o = g->options; o->name || o->letter; o++) {
			err = add_option(t, o, g->offset, &n_long, &n_short);
			if (err)
				return err;
		}
	}
	t->longopts[n_long++] = (struct option){ "help", no_argument, NULL, 'h' };
	t->longopts[n_long] = (struct option){ NULL, 0, NULL, 0 };
	t->shortopts[n_short++] = 'h';
	t->shortopts[n_short] = '\0';
	return 0;
}

static size_t index_of(const struct cli_tables *t, int value)
{
	size_t i = 0;

	while (i < t->n && t->value[i] != value)
		i++;
	return i;
}

/* Sets a number field from the argument; 1 if it is not one in range. */
static int set_number(const struct cli_option *o, void *field, const char *value)
{
	uint64_t n;

	if (parse_u64(value, o->min, o->max, &n))
		return CLI_BAD_VALUE;
	if (o->action == CLI_ACT_SET_U32)
		*(uint32_t *)field = (uint32_t)n;
	else
		*(uint64_t *)field = n;
	return 0;
}

static int choose(const struct cli_option *o, int *field)
{
	if (*field)
		return report_usage("%s", o->conflict);
	*field = o->choice;
	return 0;
}

/* Does what option i says with its argument. */
static int apply(const struct cli_tables *t, size_t i, void *ctx, const char *value)
{
	const struct cli_option *o = t->decl[i];
	char *target = (char *)ctx + t->group_offset[i], name[64];
	struct cli_arg arg = { t->value[i], value, name, o };
	int err;

	if (o->name)
		snprintf(name, sizeof(name), "--%s", o->name);
	else
		snprintf(name, sizeof(name), "-%c", o->letter);
	switch (o->action) {
	case CLI_ACT_SET_TRUE: *(bool *)(target + o->offset) = true; return 0;
	case CLI_ACT_SET_STRING: *(const char **)(target + o->offset) = value; return 0;
	case CLI_ACT_SET_U32:
	case CLI_ACT_SET_U64: err = set_number(o, target + o->offset, value); break;
	case CLI_ACT_CHOOSE: return choose(o, (int *)(target + o->offset));
	case CLI_ACT_CALL: err = o->handle(target, &arg); break;
	default: return -EINVAL;
	}
	if (err == CLI_BAD_VALUE)
		return cli_bad_value(&arg, o->expected ? o->expected : "not accepted");
	return err > 0 ? -EINVAL : err;
}

/* The unknown option getopt stopped at: a letter inside a group ("-xz")
 * must be named alone, since argv[optind - 1] is then the whole group. */
static int unknown_option(char **argv, const char *shortopts)
{
	if (optopt > 0 && optopt < 256 && !strchr(shortopts, optopt))
		return report_usage("unknown option '-%c'", optopt);
	return report_usage("unknown option '%s'", argv[optind - 1]);
}

static int parse_operands(const struct cli_spec *spec, int argc, char **argv, void *ctx)
{
	int err;

	for (; optind < argc; optind++) {
		if (!spec->on_operand)
			return report_usage("unexpected argument '%s'", argv[optind]);
		err = spec->on_operand(ctx, argv[optind]);
		if (err)
			return err < 0 ? err : -EINVAL;
	}
	return 0;
}

int cli_parse_only(const struct cli_spec *spec, const struct cli_option *only, int argc,
		   char **argv, void *ctx)
{
	struct cli_tables t;
	size_t i;
	int c, err;

	if (build_tables(spec, &t))
		return -E2BIG; /* a programming error: see cli_parse */
	/* 0, not 1: glibc then also forgets where it stopped inside a group of
	 * short options ("-64x") in an earlier, possibly freed, argv */
	optind = 0;
	opterr = 0; /* one sentence of our own instead of getopt's */
	while ((c = getopt_long(argc, argv, t.shortopts, t.longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(spec->usage, stdout); return CLI_HELP_SHOWN;
		case ':': return report_usage("option %s needs a value", argv[optind - 1]);
		case '?': return unknown_option(argv, t.shortopts);
		}
		i = index_of(&t, c);
		if (i == t.n || (only && t.decl[i] != only))
			continue;
		err = apply(&t, i, ctx, optarg);
		if (err)
			return err;
	}
	/* operands a spec refuses are refused on the first pass already */
	if (only)
		return spec->on_operand ? 0 : parse_operands(spec, argc, argv, ctx);
	err = parse_operands(spec, argc, argv, ctx);
	if (!err && spec->check)
		err = spec->check(ctx);
	return err;
}

int cli_parse(const struct cli_spec *spec, int argc, char **argv, void *ctx)
{
	return cli_parse_only(spec, NULL, argc, argv, ctx);
}

int cli_bad_value(const struct cli_arg *arg, const char *why)
{
	return report_usage("invalid %s '%s': %s", arg->name, arg->value ? arg->value : "", why);
}
