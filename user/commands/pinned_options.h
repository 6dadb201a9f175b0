/* SPDX-License-Identifier: GPL-2.0 */
/* The options of the commands that read the pinned policy (status,
 * disable, log): --pin-dir, --json, --help, and the root check. */
#ifndef BINDGUARD_PINNED_OPTIONS_H
#define BINDGUARD_PINNED_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/cli_options.h"

/* --pin-dir DIR, declared once for every command that reaches the pinned
 * policy: a group whose target is the command's `const char *pin_dir`. */
extern const struct cli_option pin_dir_option[];

/* Parses --pin-dir (and --json where json is given) into dir; returns 0,
 * CLI_HELP_SHOWN after --help, or -EINVAL/-EPERM after a message. */
int parse_pinned_args(int argc, char **argv, const char *usage, char *dir, size_t len, bool *json);

#endif
