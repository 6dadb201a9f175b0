// SPDX-License-Identifier: GPL-2.0
/* The capture backends' names: pure, so the option parsers (and their fuzz
 * target) need no libbpf to turn --backend NAME into a backend. */
#include "capture/capture_backend.h"

#include <errno.h>
#include <string.h>

static const char *const backend_names[] = {
	[CAPTURE_BACKEND_AUTO] = "auto",
	[CAPTURE_BACKEND_FENTRY] = "fentry",
	[CAPTURE_BACKEND_TRACEPOINT] = "tracepoint",
	[CAPTURE_BACKEND_HOOKS] = "hooks",
};

const char *capture_backend_name(enum capture_backend b)
{
	return (size_t)b < sizeof(backend_names) / sizeof(backend_names[0]) ? backend_names[b]
									    : "?";
}

int capture_backend_parse(const char *text, enum capture_backend *out)
{
	for (size_t i = 0; i < sizeof(backend_names) / sizeof(backend_names[0]); i++) {
		if (text && !strcmp(text, backend_names[i])) {
			*out = (enum capture_backend)i;
			return 0;
		}
	}
	return -EINVAL;
}
