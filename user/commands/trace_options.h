/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line options of `trace`: parsed into plain data, unit-tested. */
#ifndef BINDGUARD_TRACE_OPTIONS_H
#define BINDGUARD_TRACE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "bindguard.h"
#include "capture/capture.h"
#include "capture/event_stream.h"
#include "commands/stream_options.h"

struct trace_options {
	uint32_t pid;
	int family;
	int result;
	bool exposed_only;
	struct stream_options stream; /* -j -o -T -d -b -v */
	char comms[STREAM_MAX_COMMS][BG_COMM_LEN];
	int n_comms;
	bool have_ports;
	uint64_t port_bitmap[BG_PORT_BITMAP_WORDS];
	enum capture_backend backend; /* --backend; --hooks is --backend hooks */
	const char *cgroup;	      /* --cgroup (with --hooks); NULL: the whole machine */
	bool hints; /* --hints: the fix line for a wildcard listener, once per program */
};

/* Returns 0, CLI_HELP_SHOWN when --help was printed, or -EINVAL after one
 * message naming the bad option (lib/cli_options.h). */
int trace_options_parse(struct trace_options *o, int argc, char **argv, const char *usage);
void trace_options_to_capture(const struct trace_options *o, struct capture_options *c);

#endif
