// SPDX-License-Identifier: GPL-2.0
/* Event stream: filtering, counting, formatting and writing events. */
#include "capture/event_stream.h"
#include "lib/clock.h"
#include "lib/report.h"
#include "lib/signals.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DROP_WARNING_INTERVAL_NS 1000000000ULL

static int64_t realtime_offset_ns(void)
{
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	return ((int64_t)rt.tv_sec - (int64_t)mono.tv_sec) * 1000000000LL +
	       ((int64_t)rt.tv_nsec - (int64_t)mono.tv_nsec);
}

int event_stream_open(struct event_stream *s, const char *path, bool json, bool full_time,
		      bool show_action)
{
	int err;

	memset(s, 0, sizeof(*s));
	err = output_open(&s->out, path);
	if (err)
		return err;
	s->json = json;
	s->fmt.full_time = full_time;
	s->fmt.show_action = show_action;
	s->fmt.color = !json && output_wants_color(&s->out);
	s->fmt.realtime_offset_ns = realtime_offset_ns();
	s->fmt.time_cache = &s->time_cache;
	s->fmt.text_cache = &s->text_cache;
	s->watch_output = true;
	return 0;
}

static bool comm_selected(const struct event_stream *s, const char *comm)
{
	if (!s->n_comms)
		return true;
	for (int i = 0; i < s->n_comms; i++)
		if (strncmp(s->comms[i], comm, BG_COMM_LEN) == 0)
			return true;
	return false;
}

/* Writes the batch; its events count as delivered only if it was written. */
static int write_batch(struct event_stream *s)
{
	struct stream_counts *d = &s->delivered, *b = &s->batch;
	int err = 0;

	if (s->out.buf.len)
		err = output_flush(&s->out);
	if (err) {
		if (!s->write_error)
			s->write_error = err;
	} else {
		d->events += b->events;
		for (size_t i = 0; i < sizeof(d->by_kind) / sizeof(d->by_kind[0]); i++)
			d->by_kind[i] += b->by_kind[i];
		for (size_t i = 0; i < sizeof(d->by_class) / sizeof(d->by_class[0]); i++)
			d->by_class[i] += b->by_class[i];
		for (size_t i = 0; i < sizeof(d->by_action) / sizeof(d->by_action[0]); i++)
			d->by_action[i] += b->by_action[i];
	}
	memset(b, 0, sizeof(*b));
	return err;
}

int event_stream_add(void *stream, const struct bind_event *e)
{
	struct event_stream *s = stream;

	if (!comm_selected(s, e->comm))
		return 0;
	if (s->write_error)
		return s->write_error;
	s->batch.events++;
	s->batch.by_kind[e->kind]++;
	s->batch.by_action[e->action]++;
	/* the class the line shows: found once */
	s->batch.by_class[s->json ? format_json_line(&s->out.buf, e, &s->fmt)
				  : format_table_line(&s->out.buf, e, &s->fmt)]++;
	if (s->out.buf.len >= STREAM_BATCH_BYTES)
		return write_batch(s);
	return 0;
}

void event_stream_header(struct event_stream *s)
{
	if (!s->json)
		format_table_header(&s->out.buf, &s->fmt);
}

int event_stream_flush(struct event_stream *s, uint64_t drops)
{
	int err = write_batch(s);

	s->drops_seen = drops;
	if (drops > s->drops_reported) {
		uint64_t now = monotonic_ns();

		if (now - s->last_drop_warning_ns >= DROP_WARNING_INTERVAL_NS) {
			report("%llu events lost so far (ring buffer full or too many "
			       "concurrent calls); a larger --ringbuf-size helps\n",
			       (unsigned long long)drops);
			s->drops_reported = drops;
			s->last_drop_warning_ns = now;
		}
	}
	return err;
}

int event_stream_wait(struct event_stream *s, int events_fd, int timeout_ms)
{
	struct pollfd fds[3] = {
		{ .fd = events_fd, .events = POLLIN },
		{ .fd = stop_signal_fd(), .events = POLLIN }, /* -1: ignored */
		{ .fd = s->out.fd, .events = 0 },
	};

	if (poll(fds, s->watch_output ? 3 : 2, timeout_ms) < 0)
		return 0; /* EINTR: the caller looks at the stop flag */
	if (fds[2].revents & POLLNVAL) {
		s->watch_output = false; /* not open: its first write says so */
	} else if (fds[2].revents & (POLLERR | POLLHUP)) {
		s->out.closed_by_reader = true;
		if (!s->write_error)
			s->write_error = -EPIPE;
		return -EPIPE;
	}
	return 0;
}

int event_stream_stopped(const struct event_stream *s, int err)
{
	if (err == -EPIPE)
		report("the reader of %s went away: stopping\n", s->out.name);
	return err;
}

/* The earlier of two CLOCK_MONOTONIC times, 0 meaning none. */
static uint64_t earlier(uint64_t a, uint64_t b)
{
	return !a || (b && b < a) ? b : a;
}

/* When the loop must look again without being woken: the deadline, the
 * capture's recheck, a drop warning held back by its rate limit. */
static uint64_t next_wake_ns(const struct event_stream *s, struct capture *c, uint64_t deadline_ns)
{
	uint64_t at = earlier(deadline_ns, capture_recheck_ns(c));

	if (s->drops_seen > s->drops_reported)
		at = earlier(at, s->last_drop_warning_ns + DROP_WARNING_INTERVAL_NS);
	return at;
}

int event_stream_run(struct event_stream *s, struct capture *c, volatile sig_atomic_t *stop,
		     uint64_t deadline_ns)
{
	/* A header that could not be written ends the run before it starts. */
	int err = s->write_error;

	while (!err && !*stop) {
		uint64_t now = monotonic_ns();

		if (deadline_ns && now >= deadline_ns)
			break;
		err = event_stream_wait(s, capture_events_fd(c),
					ms_until(next_wake_ns(s, c, deadline_ns), now));
		if (err)
			break;
		err = capture_poll(c, 0);
		if (err == -EINTR)
			err = 0;
		if (err < 0 && s->write_error) {
			err = s->write_error; /* event_stream_add stopped the draining */
			break;
		}
		if (err < 0) {
			report("reading events failed: %s\n", strerror(-err));
			break;
		}
		err = event_stream_flush(s, capture_drops(c));
	}
	/* What arrived before the stop is still shown. */
	if (!err && capture_poll(c, 0) >= 0)
		err = event_stream_flush(s, capture_drops(c));
	if (!err && s->write_error)
		err = s->write_error;
	return event_stream_stopped(s, err);
}

int event_stream_close(struct event_stream *s, uint64_t drops, uint64_t malformed)
{
	const struct stream_counts *d = &s->delivered;
	int err;

	write_batch(s);
	err = output_close(&s->out);
	report("%llu events (%llu bind, %llu listen), %llu dropped", (unsigned long long)d->events,
	       (unsigned long long)d->by_kind[BG_EVENT_BIND],
	       (unsigned long long)d->by_kind[BG_EVENT_LISTEN], (unsigned long long)drops);
	if (malformed)
		fprintf(stderr, ", %llu malformed", (unsigned long long)malformed);
	for (int cls = 0; cls < ADDR_CLASS_COUNT; cls++)
		if (d->by_class[cls])
			fprintf(stderr, ", %s %llu", addr_class_name(cls),
				(unsigned long long)d->by_class[cls]);
	if (s->backend)
		fprintf(stderr, ", backend %s", s->backend);
	if (s->fmt.show_action)
		for (int a = BG_ACTION_ALLOW; a < BG_ACTION_MAX; a++)
			fprintf(stderr, ", %s %llu", action_name((uint8_t)a),
				(unsigned long long)d->by_action[a]);
	fputc('\n', stderr);
	if (drops)
		report("warning: %llu events were lost\n", (unsigned long long)drops);
	return err;
}
