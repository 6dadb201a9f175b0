/* SPDX-License-Identifier: GPL-2.0 */
/* Reading JSON others wrote (nftables, Docker, PowerShell) with json-c.
 * Not to be included beside lib/json.h, whose writer reuses json-c's names. */
#ifndef BINDGUARD_JSON_READ_H
#define BINDGUARD_JSON_READ_H

#include <json-c/json.h>

/* The string member key of o, or NULL (o NULL, no such key, not a string). */
const char *json_read_str(struct json_object *o, const char *key);

#endif
