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

const char *json_read_first_member(struct json_object *o, struct json_object **val)
{
	struct json_object_iterator it, end;

	*val = NULL;
	if (!json_object_is_type(o, json_type_object))
		return NULL;
	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	if (json_object_iter_equal(&it, &end))
		return NULL;
	*val = json_object_iter_peek_value(&it);
	return json_object_iter_peek_name(&it);
}
