// SPDX-License-Identifier: GPL-2.0
/* Micro-benchmark of the tracer's userspace per event (make bench): the
 * event stream filtering, counting, formatting and writing a mix of events
 * as table and JSON lines to /dev/null, without the kernel.  Prints one
 * key=value line per mode; CPU time, so other load on the machine matters
 * less (run it under valgrind --tool=callgrind for instruction counts). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "capture/event_stream.h"
#include "lib/cli_parse.h"

#define N_SAMPLES 64

static void make_samples(struct bind_event *ev, size_t n)
{
	static const char *const comms[] = { "python3", "node", "nginx", "redis-server",
					     "a-very-long-nam" };

	for (size_t i = 0; i < n; i++) {
		struct bind_event *e = &ev[i];

		memset(e, 0, sizeof(*e));
		e->ts_ns = 1000000000ULL * 3600 + i * 3000;
		e->cgroup_id = 4242 + i;
		e->pid = 4000 + (uint32_t)i * 37;
		e->tid = e->pid + (i % 3);
		e->ppid = 1;
		e->uid = i % 4 ? 1000 : 0;
		e->netns = 4026531840u;
		e->kind = i % 5 == 4 ? BG_EVENT_LISTEN : BG_EVENT_BIND;
		e->protocol = i % 2 ? IPPROTO_UDP : IPPROTO_TCP;
		e->sock_type = i % 2 ? SOCK_DGRAM : SOCK_STREAM;
		e->flags = BG_F_REQ_VALID | BG_F_EFF_VALID | (i % 3 ? BG_F_REUSEADDR : 0);
		e->port = (uint16_t)(30000 + i * 11);
		e->req_port = i % 4 ? e->port : 0;
		snprintf(e->comm, sizeof(e->comm), "%s", comms[i % 5]);
		if (i % 8 == 7) { /* one in eight IPv6 */
			e->family = AF_INET6;
			inet_pton(AF_INET6, i % 16 == 7 ? "::" : "2001:db8::17", e->addr);
		} else {
			e->family = AF_INET;
			inet_pton(AF_INET, i % 3 ? "0.0.0.0" : "127.0.0.1", e->addr);
		}
		memcpy(e->req_addr, e->addr, sizeof(e->addr));
		if (i % 13 == 12)
			e->ret = -EADDRINUSE;
	}
}

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(const char *mode, bool json, bool full_time, uint64_t events)
{
	struct bind_event samples[N_SAMPLES];
	struct event_stream s;
	double start, secs;

	make_samples(samples, N_SAMPLES);
	if (event_stream_open(&s, "/dev/null", json, full_time, false))
		return -1;
	start = cpu_seconds();
	for (uint64_t i = 0; i < events; i++) {
		/* time moves on as it does under load: many events a second */
		samples[i % N_SAMPLES].ts_ns += 2000;
		if (event_stream_add(&s, &samples[i % N_SAMPLES]))
			return -1;
		if (i % 4096 == 4095 && event_stream_flush(&s, 0))
			return -1;
	}
	if (event_stream_flush(&s, 0))
		return -1;
	secs = cpu_seconds() - start;
	printf("mode=%s events=%llu ns_per_event=%.0f batch_capacity=%zu\n", mode,
	       (unsigned long long)events, secs * 1e9 / (double)events, s.out.buf.cap);
	output_close(&s.out);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t events = 1000000;

	if (argc > 1 && parse_u64(argv[1], 1, 1000000000ULL, &events)) {
		fprintf(stderr, "usage: formatbench [EVENTS] [table|json|full]\n");
		return 2;
	}
	setenv("TZ", "UTC", 0);
	if (argc > 2 && strcmp(argv[2], "json") == 0)
		return run("json", true, false, events) ? 1 : 0;
	if (argc > 2 && strcmp(argv[2], "full") == 0)
		return run("table-T", false, true, events) ? 1 : 0;
	return run("table", false, false, events) ? 1 : 0;
}
