/* SPDX-License-Identifier: GPL-2.0 */
/* Entry points of bindguard's commands, called from main(). Each returns
 * the process exit status (EXIT_FOUND, EXIT_ERROR, EXIT_READER_GONE:
 * lib/report.h). */
#ifndef BINDGUARD_COMMANDS_H
#define BINDGUARD_COMMANDS_H

#include <errno.h>

#include "lib/report.h"

/* The exit status of a streaming command from event_stream_run's result. */
static inline int stream_exit_status(int err)
{
	if (err == -EPIPE)
		return EXIT_READER_GONE;
	return err ? EXIT_ERROR : 0;
}

int cmd_trace(int argc, char **argv);
int cmd_enforce(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_disable(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_allow(int argc, char **argv);

#endif
