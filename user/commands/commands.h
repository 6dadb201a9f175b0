/* SPDX-License-Identifier: GPL-2.0 */
/* Entry points of bindguard's commands, called from main(). Each returns
 * the process exit status: 0 ok, 1 "found something" where a command
 * defines it (audit: something exposed), 2 an error, 141 a stream whose
 * reader went away. */
#ifndef BINDGUARD_COMMANDS_H
#define BINDGUARD_COMMANDS_H

#include <errno.h>

#define EXIT_FOUND 1
#define EXIT_ERROR 2
/* A streaming command (trace, live enforce, log) whose reader went away
 * (`| head -1`): the status a shell shows for a process SIGPIPE ended, so
 * `set -o pipefail` scripts see what they see for any other producer. */
#define EXIT_READER_GONE 141

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

#endif
