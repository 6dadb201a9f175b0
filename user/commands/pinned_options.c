// SPDX-License-Identifier: GPL-2.0
/* Options shared by the commands that read the pinned policy. */
#include "commands/pinned_options.h"

#include <errno.h>
#include <unistd.h>

#include "enforcement/pin_store.h"
#include "lib/cli_options.h"
#include "lib/report.h"

struct pinned_args {
	const char *pin_dir;
	bool *json; /* NULL: the command has no --json */
};

static int pinned_option(void *ctx, const struct cli_arg *a)
{
	struct pinned_args *args = ctx;

	if (a->opt == 'j')
		*args->json = true;
	else
		args->pin_dir = a->value;
	return 0;
}

/* Parses --pin-dir (and --json where json is given); returns 0,
 * CLI_HELP_SHOWN after --help, or -EINVAL after a message. */
int parse_pinned_args(int argc, char **argv, const char *usage, char *dir, size_t len, bool *json)
{
	static const struct option with_json[] = {
		{ "pin-dir", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct option pin_dir_only[] = {
		{ "pin-dir", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct pinned_args args = { .json = json };
	const struct cli_spec spec = {
		.usage = usage,
		.shortopts = json ? "j" : "",
		.longopts = json ? with_json : pin_dir_only,
		.on_option = pinned_option,
	};
	int err = cli_parse(&spec, argc, argv, &args);

	if (err)
		return err;
	/* Without root the pinned objects answer "permission denied" at best
	 * and look absent at worst: say what is missing instead. */
	if (geteuid() != 0) {
		report("needs root to reach the pinned policy in bpffs; try sudo\n");
		return -EPERM;
	}
	return resolve_pin_dir(args.pin_dir, dir, len) ? -EINVAL : 0;
}
