/* SPDX-License-Identifier: GPL-2.0 */
/* json-c as the judge of what bindguard prints: strict RFC 8259 with valid
 * UTF-8, and the whole text one value.  Include it after json-c itself where
 * a file renames json-c's names. */
#ifndef BINDGUARD_STRICT_JSON_H
#define BINDGUARD_STRICT_JSON_H

#include <stddef.h>
#include <json-c/json.h>

#include "fuzz.h"

/* The value text[0..len) holds, or NULL when it is not exactly one. */
static inline struct json_object *parse_strict(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;

	CHECK(tok);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

#endif
