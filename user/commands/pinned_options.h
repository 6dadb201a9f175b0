/* SPDX-License-Identifier: GPL-2.0 */
/* The options of the commands that read the pinned policy (status,
 * disable, log): --pin-dir, --json, --help, and the root check. */
#ifndef BINDGUARD_PINNED_OPTIONS_H
#define BINDGUARD_PINNED_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* Parses --pin-dir/--json/--help into dir; json NULL: no --json.
 * Returns 0, 1 after help, -1 on error (message printed). */
int parse_pinned_args(int argc, char **argv, const char *usage, char *dir, size_t len, bool *json);

#endif
