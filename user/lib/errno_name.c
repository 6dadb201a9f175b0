// SPDX-License-Identifier: GPL-2.0
/* errno names from glibc's strerrorname_np(3), with a numeric fallback. */
#include "lib/errno_name.h"

#include <stdio.h>
#include <string.h>

const char *errno_name(int err, char *buf, size_t len)
{
	const char *name = err > 0 ? strerrorname_np(err) : NULL;

	if (name)
		return name;
	snprintf(buf, len, "E%d", err);
	return buf;
}
