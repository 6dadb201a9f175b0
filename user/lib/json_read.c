// SPDX-License-Identifier: GPL-2.0
/* Small json-c readers shared by the firewall, container and Windows code. */
#include "lib/json_read.h"

const char *json_read_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}
