/* SPDX-License-Identifier: GPL-2.0 */
/* Messages to the user on standard error, in one style for every command:
 * "bindguard COMMAND: sentence", and for a usage error the pointer to help. */
#ifndef BINDGUARD_REPORT_H
#define BINDGUARD_REPORT_H

/* Exit statuses of every command: 0 ok, 1 "found something" where a command
 * defines it (audit: something exposed; status: nothing in force), 2 an
 * error of any kind, usage errors included, 141 a streaming command (trace,
 * live enforce, log) whose reader went away (`| head -1`): the status a
 * shell shows for a process SIGPIPE ended, so `set -o pipefail` scripts
 * see what they see for any other producer. */
#define EXIT_FOUND	 1
#define EXIT_ERROR	 2
#define EXIT_READER_GONE 141

/* The command the messages name ("trace"); main() sets it once. */
void report_set_command(const char *command);
const char *report_command(void);

/* "bindguard COMMAND: " then fmt as printf; fmt ends the line itself. */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "bindguard COMMAND: " fmt "; see 'bindguard COMMAND --help'" and a newline.
 * Returns -EINVAL, so that a refusal reads `return report_usage(...);`. */
int report_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
