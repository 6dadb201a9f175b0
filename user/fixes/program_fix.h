/* SPDX-License-Identifier: GPL-2.0 */
/* The one-line fix that makes a program listen on loopback only, chosen
 * from a table by its command name and command line (/proc/PID/cmdline).
 * Pure, except program_fix_for_pid, which reads /proc. */
#ifndef BINDGUARD_PROGRAM_FIX_H
#define BINDGUARD_PROGRAM_FIX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROGRAM_FIX_LEN 320

/* One row: a program is recognised when its comm matches `comm` and one
 * of its arguments matches `arg` (fnmatch patterns, alternatives split by
 * '|'; NULL matches anything).  In `fix`, {port} is the listening port and
 * {value} the argument that follows `value_after` (e.g. docker-proxy's
 * -container-port), or `value_default` when there is none. */
struct program_fix_rule {
	const char *program; /* what it is, for the report and the tests */
	const char *comm;
	const char *arg;
	const char *fix;
	const char *value_after;
	const char *value_default;
};

/* The table, ending with the generic line (comm and arg NULL). */
extern const struct program_fix_rule program_fix_rules[];
extern const size_t program_fix_rule_count;

/* Pure: cmdline as in /proc/PID/cmdline (NUL-separated, len bytes; may be
 * empty).  Writes the fix into out and returns the matching rule. */
const struct program_fix_rule *program_fix(const char *comm, const char *cmdline, size_t len,
					   uint16_t port, char *out, size_t outlen);

/* The same for a running process; its cmdline is read from /proc. */
const struct program_fix_rule *program_fix_for_pid(pid_t pid, const char *comm, uint16_t port,
						   char *out, size_t outlen);

#endif
