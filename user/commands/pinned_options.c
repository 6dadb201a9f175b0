// SPDX-License-Identifier: GPL-2.0
/* Options shared by the commands that read the pinned policy. */
#include "commands/pinned_options.h"

#include <errno.h>
#include <stddef.h>
#include <unistd.h>

#include "enforcement/pin_store.h"
#include "lib/cli_options.h"
#include "lib/report.h"

/* offset 0: the group's target is the const char * itself */
const struct cli_option pin_dir_option[] = {
	{ .name = "pin-dir", .has_arg = required_argument, .action = CLI_ACT_SET_STRING },
	CLI_OPTIONS_END,
};

struct pinned_args {
	const char *pin_dir;
	bool json;
};

static const struct cli_option json_option[] = {
	CLI_FLAG("json", 'j', struct pinned_args, json),
	CLI_OPTIONS_END,
};

/* Parses --pin-dir (and --json where json is given); returns 0,
 * CLI_HELP_SHOWN after --help, or -EINVAL after a message. */
int parse_pinned_args(int argc, char **argv, const char *usage, char *dir, size_t len, bool *json)
{
	/* the same groups, --json first so that without it the rest remain */
	static const struct cli_group groups[] = {
		{ json_option, 0 },
		{ pin_dir_option, offsetof(struct pinned_args, pin_dir) },
		{ NULL, 0 },
	};
	const struct cli_spec spec = { .usage = usage, .groups = json ? groups : groups + 1 };
	struct pinned_args args = { NULL, false };
	int err = cli_parse(&spec, argc, argv, &args);

	if (err)
		return err;
	/* Without root the pinned objects answer "permission denied" at best
	 * and look absent at worst: say what is missing instead. */
	if (geteuid() != 0) {
		report("needs root to reach the pinned policy in bpffs; try sudo\n");
		return -EPERM;
	}
	if (json)
		*json = args.json;
	return resolve_pin_dir(args.pin_dir, dir, len) ? -EINVAL : 0;
}
