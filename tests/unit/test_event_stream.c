// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/capture/event_stream.c without the kernel: what the
 * summary counts, and how large a batch may grow. */
#include "table_test.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <unistd.h>

#include "capture/event_stream.h"

static struct bind_event sample_event(void)
{
	struct bind_event e = { .ts_ns = 1,
				.pid = 42,
				.tid = 42,
				.family = AF_INET,
				.protocol = IPPROTO_TCP,
				.sock_type = SOCK_STREAM,
				.kind = BG_EVENT_BIND,
				.flags = BG_F_REQ_VALID | BG_F_EFF_VALID,
				.port = 8000,
				.req_port = 8000,
				.comm = "server" };

	return e;
}

/* A stream writing into a pipe whose read end is *read_fd.  -o refuses a
 * path that is a link or a pipe (lib/safe_files.c), so the stream opens a
 * regular file and the pipe takes that file's descriptor. */
static void open_on_pipe(struct event_stream *s, int *read_fd)
{
	char path[] = "/tmp/bindguard-stream-test-XXXXXX";
	int fds[2], tmp = mkstemp(path);

	assert_true(tmp >= 0);
	close(tmp);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(event_stream_open(s, path, true, false, false), 0);
	unlink(path);
	assert_true(dup2(fds[1], s->out.fd) >= 0);
	close(fds[1]);
	*read_fd = fds[0];
}

/* Issue 14: `trace --json | head -1` said "2 events" when 1 was delivered:
 * events whose batch the reader never took are not counted. */
static void test_summary_counts_only_delivered_events(void **state)
{
	struct bind_event e = sample_event();
	struct event_stream s;
	int read_fd;

	(void)state;
	signal(SIGPIPE, SIG_IGN); /* as install_stop_signals() does */
	open_on_pipe(&s, &read_fd);
	assert_int_equal(event_stream_add(&s, &e), 0);
	assert_int_equal(event_stream_flush(&s, 0), 0);
	assert_int_equal(s.delivered.events, 1);

	close(read_fd); /* the reader goes away */
	assert_int_equal(event_stream_add(&s, &e), 0);
	assert_int_equal(event_stream_flush(&s, 0), -EPIPE);
	assert_int_equal(s.delivered.events, 1);
	assert_int_equal(s.delivered.by_kind[BG_EVENT_BIND], 1);
	assert_int_equal(s.batch.events, 0);
	/* and nothing more is taken once the reader is gone */
	assert_int_equal(event_stream_add(&s, &e), -EPIPE);
	assert_int_equal(event_stream_close(&s, 0, 0), 0);
	assert_int_equal(s.delivered.events, 1);
}

/* Issue 12: the batch grew without bound while the ring buffer was being
 * drained (27 MB RSS under load); it is written once it is large. */
static void test_batch_stays_bounded(void **state)
{
	struct bind_event e = sample_event();
	struct event_stream s;

	(void)state;
	assert_int_equal(event_stream_open(&s, "/dev/null", true, false, false), 0);
	for (int i = 0; i < 20000; i++) { /* about 8 MB of JSON */
		assert_int_equal(event_stream_add(&s, &e), 0);
		assert_true(s.out.buf.len < STREAM_BATCH_BYTES);
	}
	assert_true(s.out.buf.cap <= 2 * STREAM_BATCH_BYTES);
	/* what was written on the way counts as delivered */
	assert_true(s.delivered.events > 19000);
	assert_int_equal(event_stream_close(&s, 0, 0), 0);
	assert_int_equal(s.delivered.events, 20000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_counts_only_delivered_events),
		cmocka_unit_test(test_batch_stays_bounded),
	};

	return cmocka_run_group_tests_name("event_stream", tests, NULL, NULL);
}
