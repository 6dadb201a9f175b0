/* SPDX-License-Identifier: GPL-2.0 */
/* The options of the commands that print an event stream (trace, enforce,
 * log), declared once: -j -o -T -d, and -b -v where BPF is loaded. */
#ifndef BINDGUARD_STREAM_OPTIONS_H
#define BINDGUARD_STREAM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/cli_options.h"

struct stream_options {
	bool json;		/* -j, --json: JSON lines */
	bool full_time;		/* -T, --timestamp */
	bool verbose;		/* -v, --verbose: libbpf's and the verifier's logs */
	const char *output;	/* -o, --output FILE; NULL: stdout */
	uint64_t duration_s;	/* -d, --duration SECONDS; 0: until stopped */
	uint32_t ringbuf_bytes; /* -b, --ringbuf-size SIZE; 0: the default */
};

/* -j -o -T -d: how the stream is printed, and for how long. */
extern const struct cli_option stream_output_options[];
/* -b -v: the ring buffer and libbpf's logs, for the commands that load BPF. */
extern const struct cli_option stream_capture_options[];

#endif
