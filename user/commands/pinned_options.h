/* SPDX-License-Identifier: GPL-2.0 */
/* The options of the commands that read the pinned policy (status,
 * disable, log): --pin-dir, --json, --help, and the root check. */
#ifndef BINDGUARD_PINNED_OPTIONS_H
#define BINDGUARD_PINNED_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* Parses --pin-dir (and --json where json is given) into dir; returns 0,
 * CLI_HELP_SHOWN after --help, or -EINVAL/-EPERM after a message. */
int parse_pinned_args(int argc, char **argv, const char *usage, char *dir, size_t len, bool *json);

#endif
