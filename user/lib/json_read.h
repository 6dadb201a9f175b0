/* SPDX-License-Identifier: GPL-2.0 */
/* Reading JSON others wrote (nftables, Docker, PowerShell) with json-c.
 * Not to be included beside lib/json.h, whose writer reuses json-c's names. */
#ifndef BINDGUARD_JSON_READ_H
#define BINDGUARD_JSON_READ_H

#include <json-c/json.h>

/* The string member key of o, or NULL (o NULL, no such key, not a string). */
const char *json_read_str(struct json_object *o, const char *key);

/* The name of o's first member, its value in *val; NULL when o is not an
 * object (nftables' statements and expressions are objects of one member,
 * but a file may hold anything) or has no member. */
const char *json_read_first_member(struct json_object *o, struct json_object **val);

#endif
