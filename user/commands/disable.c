// SPDX-License-Identifier: GPL-2.0
/* `bindguard disable`: removes the pinned policy, and whatever an
 * interrupted `enforce --pin` left in its directory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands/commands.h"
#include "commands/pinned_options.h"
#include "enforcement/pin_store.h"
#include "lib/cli_options.h"
#include "lib/report.h"

static const char disable_usage[] =
    "Usage: bindguard disable [--pin-dir DIR]\n"
    "Remove the pinned enforcement policy: its hooks detach at once.\n";

int cmd_disable(int argc, char **argv)
{
	char dir[4096];
	int lock, removed,
	    err = parse_pinned_args(argc, argv, disable_usage, dir, sizeof(dir), NULL);

	if (err)
		return cli_exit_status(err);
	/* not in the middle of someone's `enforce --pin` */
	lock = pin_store_lock(dir, false);
	if (lock < 0 && lock != -ENOENT)
		return EXIT_ERROR;
	removed = pinned_remove(dir);
	pin_store_unlock(lock);
	if (removed < 0) {
		report("removing the pinned policy in %s failed: %s\n", dir, strerror(-removed));
		return EXIT_ERROR;
	}
	if (removed)
		printf("removed the pinned policy in %s: enforcement is off\n", dir);
	else
		printf("no pinned policy in %s: nothing to remove\n", dir);
	return 0;
}
