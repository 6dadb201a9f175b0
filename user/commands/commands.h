/* SPDX-License-Identifier: GPL-2.0 */
/* Entry points of bindguard's commands, called from main(). Each returns
 * the process exit status (EXIT_FOUND, EXIT_ERROR: lib/report.h). */
#ifndef BINDGUARD_COMMANDS_H
#define BINDGUARD_COMMANDS_H

#include "lib/report.h"

int cmd_trace(int argc, char **argv);
int cmd_enforce(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_disable(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_top(int argc, char **argv);

#endif
