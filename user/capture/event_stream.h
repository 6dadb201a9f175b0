/* SPDX-License-Identifier: GPL-2.0 */
/* The event stream shared by `trace`, live `enforce` and `log`: userspace filters,
 * formatting, batched output, live drop warnings and the closing summary. */
#ifndef BINDGUARD_EVENT_STREAM_H
#define BINDGUARD_EVENT_STREAM_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/addr.h"
#include "lib/cli_parse.h"
#include "capture/capture.h"
#include "capture/event_format.h"
#include "lib/output.h"

#define STREAM_MAX_COMMS MAX_COMM_FILTERS

/* A batch is written when it reaches this size, even in the middle of
 * draining the ring buffer: large writes, and memory that stays bounded
 * however fast events come (an unbounded batch grew to 27 MB, issue 12).
 * Writing to a file costs per call and per page-cache folio, not only per
 * byte: 512 KiB instead of 64 KiB took 6-10 % off the tracer's CPU per
 * event (paired runs, table and --json to ext4); 1-2 MiB did no better. */
#define STREAM_BATCH_BYTES (512 * 1024)

struct stream_counts {
	uint64_t events;
	uint64_t by_kind[BG_EVENT_CLOSE + 1];
	uint64_t by_class[ADDR_CLASS_COUNT];
	uint64_t by_action[BG_ACTION_MAX];
};

struct event_stream {
	struct output out;
	struct format_options fmt;
	struct format_time_cache time_cache;
	struct format_text_cache text_cache;
	bool json;
	bool watch_output; /* poll the output for its reader going away */
	char comms[STREAM_MAX_COMMS][BG_COMM_LEN];
	int n_comms;
	struct stream_counts delivered; /* written to the output: the summary */
	struct stream_counts batch;	/* formatted, not written yet */
	uint64_t drops_seen;		/* at the last flush */
	uint64_t drops_reported;
	uint64_t last_drop_warning_ns;
	int write_error;     /* first output error, negative errno (-EPIPE: reader gone) */
	const char *backend; /* the capture backend, named in the summary when set */
};

/* Opens the output (path NULL: stdout) and fixes the time base. */
int event_stream_open(struct event_stream *s, const char *path, bool json, bool full_time,
		      bool show_action);
/* capture_event_fn: filters, counts and formats one event into the batch;
 * writes the batch when it is full.  Non-zero (an output error) stops the
 * draining of the ring buffer. */
int event_stream_add(void *stream, const struct bind_event *e);
/* Writes the header line (table mode). */
void event_stream_header(struct event_stream *s);
/* Writes the batch and counts its events as delivered; warns on stderr when
 * drops grew.  Returns the output error, if any (-EPIPE when the reader
 * went away: the batch's events are then not counted). */
int event_stream_flush(struct event_stream *s, uint64_t drops);
/* Prints the one-line summary to stderr and closes the output. */
int event_stream_close(struct event_stream *s, uint64_t drops, uint64_t malformed);

/* Waits up to timeout_ms (-1: no limit) for events_fd (-1: none) to be
 * readable, for a stop signal, or for the output's reader to go away
 * (POLLERR on a pipe whose reader closed, POLLHUP on a hung-up terminal or
 * socket; a regular file or /dev/null reports neither).  0, or -EPIPE. */
int event_stream_wait(struct event_stream *s, int events_fd, int timeout_ms);
/* Says on stderr that the output's reader went away when err is -EPIPE;
 * returns err. */
int event_stream_stopped(const struct event_stream *s, int err);

/* Runs capture_poll until *stop is set, the deadline (CLOCK_MONOTONIC ns,
 * 0: none) passes, output fails or the output's reader goes away, which
 * it watches for between events (a pipe's write end reports POLLERR once
 * its reader closed: `| head -1` ends the stream at once, not at the next
 * event).  Returns 0, -EPIPE when the reader went away (said on stderr),
 * or another negative errno. */
int event_stream_run(struct event_stream *s, struct capture *c, volatile sig_atomic_t *stop,
		     uint64_t deadline_ns);

#endif
