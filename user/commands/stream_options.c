// SPDX-License-Identifier: GPL-2.0
/* The event-stream options shared by trace, enforce and log (see
 * stream_options.h), parsed through the one option driver. */
#include "commands/stream_options.h"

#include "lib/cli_parse.h"

static int set_ringbuf_size(void *target, const struct cli_arg *a)
{
	struct stream_options *o = target;

	return parse_ringbuf_size(a->value, &o->ringbuf_bytes) ? CLI_BAD_VALUE : 0;
}

const struct cli_option stream_output_options[] = {
	CLI_FLAG("json", 'j', struct stream_options, json),
	CLI_STRING("output", 'o', struct stream_options, output),
	CLI_FLAG("timestamp", 'T', struct stream_options, full_time),
	CLI_U64("duration", 'd', struct stream_options, duration_s, 1, 31536000,
		"expected seconds, 1-31536000"),
	CLI_OPTIONS_END,
};

const struct cli_option stream_capture_options[] = {
	CLI_VALUE("ringbuf-size", 'b', set_ringbuf_size,
		  "expected a power of two from 4K to 1G, e.g. 4M"),
	CLI_FLAG("verbose", 'v', struct stream_options, verbose),
	CLI_OPTIONS_END,
};
