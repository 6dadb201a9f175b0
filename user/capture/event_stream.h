/* SPDX-License-Identifier: GPL-2.0 */
/* The event stream shared by `trace` and live `enforce`: userspace filters,
 * formatting, batched output, live drop warnings and the closing summary. */
#ifndef BINDGUARD_EVENT_STREAM_H
#define BINDGUARD_EVENT_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/addr.h"
#include "capture/capture.h"
#include "capture/event_format.h"
#include "lib/output.h"

#define STREAM_MAX_COMMS 16

struct event_stream {
	struct output out;
	struct format_options fmt;
	bool json;
	char comms[STREAM_MAX_COMMS][BG_COMM_LEN];
	int n_comms;
	uint64_t events;
	uint64_t by_kind[BG_EVENT_CLOSE + 1];
	uint64_t by_class[ADDR_CLASS_COUNT];
	uint64_t by_action[BG_ACTION_MAX];
	uint64_t drops_reported;
	uint64_t last_drop_warning_ns;
	int write_error;     /* first output error, negative errno */
	const char *backend; /* named in the summary when set */
};

/* Opens the output (path NULL: stdout) and fixes the time base. */
int event_stream_open(struct event_stream *s, const char *path, bool json, bool full_time,
		      bool show_action);
/* capture_event_fn: filters, counts and formats one event into the batch. */
int event_stream_add(void *stream, const struct bind_event *e);
/* Writes the header line (table mode). */
void event_stream_header(struct event_stream *s);
/* Writes the batch; warns on stderr when drops grew.  Returns the output
 * error, if any (-EPIPE when the reader went away). */
int event_stream_flush(struct event_stream *s, uint64_t drops);
/* Prints the one-line summary to stderr and closes the output. */
int event_stream_close(struct event_stream *s, uint64_t drops, uint64_t malformed);

/* Runs capture_poll until *stop is set, the deadline (CLOCK_MONOTONIC ns,
 * 0: none) passes or output fails.  Returns 0 or a negative errno. */
int event_stream_run(struct event_stream *s, struct capture *c, volatile int *stop,
		     uint64_t deadline_ns);

uint64_t monotonic_ns(void);

#endif
