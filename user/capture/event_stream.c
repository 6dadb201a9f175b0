// SPDX-License-Identifier: GPL-2.0
/* Event stream: filtering, counting, formatting and writing events. */
#include "capture/event_stream.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* A lone event reaches the screen at once (the BPF side wakes us); this
 * bounds how long the tail of a burst may wait. */
#define POLL_TIMEOUT_MS		 20
#define DROP_WARNING_INTERVAL_NS 1000000000ULL

uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

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

int event_stream_add(void *stream, const struct bind_event *e)
{
	struct event_stream *s = stream;

	if (!comm_selected(s, e->comm))
		return 0;
	s->events++;
	s->by_kind[e->kind]++;
	s->by_class[event_class(e)]++;
	s->by_action[e->action]++;
	if (s->json)
		format_json_line(&s->out.buf, e, &s->fmt);
	else
		format_table_line(&s->out.buf, e, &s->fmt);
	return 0;
}

void event_stream_header(struct event_stream *s)
{
	if (!s->json)
		format_table_header(&s->out.buf, &s->fmt);
}

int event_stream_flush(struct event_stream *s, uint64_t drops)
{
	int err = 0;

	if (s->out.buf.len) {
		err = output_flush(&s->out);
		if (err && !s->write_error)
			s->write_error = err;
	}
	if (drops > s->drops_reported) {
		uint64_t now = monotonic_ns();

		if (now - s->last_drop_warning_ns >= DROP_WARNING_INTERVAL_NS) {
			fprintf(stderr,
				"bindguard: %llu events lost so far (ring buffer full or too many "
				"concurrent calls); a larger --ringbuf-size helps\n",
				(unsigned long long)drops);
			s->drops_reported = drops;
			s->last_drop_warning_ns = now;
		}
	}
	return err;
}

int event_stream_run(struct event_stream *s, struct capture *c, volatile int *stop,
		     uint64_t deadline_ns)
{
	/* A header that could not be written ends the run before it starts. */
	int err = s->write_error;

	while (!err && !*stop) {
		int timeout = POLL_TIMEOUT_MS;

		if (deadline_ns) {
			uint64_t now = monotonic_ns();

			if (now >= deadline_ns)
				break;
			if ((deadline_ns - now) / 1000000 < (uint64_t)timeout)
				timeout = (int)((deadline_ns - now) / 1000000) + 1;
		}
		err = capture_poll(c, timeout);
		if (err == -EINTR) {
			err = 0;
			continue;
		}
		if (err < 0) {
			fprintf(stderr, "bindguard: reading events failed: %s\n", strerror(-err));
			break;
		}
		err = event_stream_flush(s, capture_drops(c));
		if (err)
			break;
	}
	/* What arrived before the stop is still shown. */
	if (!err && capture_poll(c, 0) >= 0)
		err = event_stream_flush(s, capture_drops(c));
	return err == -EPIPE ? 0 : err;
}

int event_stream_close(struct event_stream *s, uint64_t drops, uint64_t malformed)
{
	int err = output_close(&s->out);

	fprintf(stderr, "bindguard: %llu events (%llu bind, %llu listen), %llu dropped",
		(unsigned long long)s->events, (unsigned long long)s->by_kind[BG_EVENT_BIND],
		(unsigned long long)s->by_kind[BG_EVENT_LISTEN], (unsigned long long)drops);
	if (malformed)
		fprintf(stderr, ", %llu malformed", (unsigned long long)malformed);
	for (int cls = 0; cls < ADDR_CLASS_COUNT; cls++)
		if (s->by_class[cls])
			fprintf(stderr, "%s%s %llu", cls ? ", " : ", ", addr_class_name(cls),
				(unsigned long long)s->by_class[cls]);
	if (s->backend)
		fprintf(stderr, ", backend %s", s->backend);
	if (s->fmt.show_action)
		for (int a = BG_ACTION_ALLOW; a < BG_ACTION_MAX; a++)
			fprintf(stderr, ", %s %llu", action_name((uint8_t)a),
				(unsigned long long)s->by_action[a]);
	fputc('\n', stderr);
	if (drops)
		fprintf(stderr, "bindguard: warning: %llu events were lost\n",
			(unsigned long long)drops);
	return err;
}
