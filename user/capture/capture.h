/* SPDX-License-Identifier: GPL-2.0 */
/* Loading and running the capture BPF programs (trampolines on the kernel's
 * bind/listen functions, or the bind/listen syscall tracepoints, with
 * sock:inet_sock_set_state; or cgroup bind/post_bind/sockops programs) and
 * delivering their events.  Used by trace, live enforce and top. */
#ifndef BINDGUARD_CAPTURE_H
#define BINDGUARD_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "bindguard.h"
#include "capture/capture_backend.h"

#define CAPTURE_DEFAULT_RINGBUF (1u << 20) /* each ring */
#define CAPTURE_RINGS		4	   /* as in capture.bpf.c */

struct capture_options {
	uint32_t pid;		     /* 0: every process */
	int family;		     /* 0, AF_INET or AF_INET6 */
	int result;		     /* 0 all, 1 successes only, -1 failures only */
	bool exposed_only;	     /* drop events about loopback addresses */
	bool emit_close;	     /* also BG_EVENT_CLOSE when a TCP listener closes */
	bool only_actions;	     /* only binds an enforce hook judged (live enforce) */
	const uint64_t *port_bitmap; /* BG_PORT_BITMAP_WORDS words, or NULL */
	uint32_t ringbuf_bytes;	     /* each ring, a power of two; 0: default */
	bool verbose;		     /* libbpf and verifier logs to stderr */
	/* AUTO: trampolines where the kernel has them, else tracepoints (the
	 * environment's BINDGUARD_BACKEND may force one).  HOOKS: cgroup
	 * programs on cgroup_path; only successful binds and listens are seen. */
	enum capture_backend backend;
	const char *cgroup_path; /* absolute directory of a cgroup v2 */
};

/* Called for each well-formed event; a non-zero return stops polling. */
typedef int (*capture_event_fn)(void *ctx, const struct bind_event *e);

struct capture;

/* Loads and attaches everything; on failure prints one sentence to stderr
 * and returns a negative errno with nothing left attached. */
int capture_start(struct capture **out, const struct capture_options *opts, capture_event_fn fn,
		  void *ctx);
/* Waits up to timeout_ms for the BPF side to wake the reader (it lets
 * events batch under load), then delivers what is waiting.  Returns the
 * number of events delivered, or a negative errno. */
int capture_poll(struct capture *c, int timeout_ms);
/* When capture_poll() must be called again even without a wake-up
 * (CLOCK_MONOTONIC ns), for records the programs added without one; 0
 * when the next wake-up will do, so that an idle reader may sleep. */
uint64_t capture_recheck_ns(const struct capture *c);
/* Events lost so far (ring buffer full, too many concurrent calls). */
uint64_t capture_drops(struct capture *c);
/* Records that arrived malformed and were rejected. */
uint64_t capture_malformed(struct capture *c);
/* Polls readable (POLLIN) when the BPF side wakes the reader, which it
 * does not for every event; capture_poll() takes the wake-up. */
int capture_events_fd(struct capture *c);
/* The backend that runs (never AUTO), and a few words on how. */
enum capture_backend capture_backend_used(const struct capture *c);
const char *capture_backend_detail(const struct capture *c);
/* The backend and what it hooked, short ("tracepoint (exit-only)"), copied
 * into buf, which is returned: the closing summary comes after capture_stop. */
#define CAPTURE_SUMMARY_LEN 128
const char *capture_backend_summary(const struct capture *c, char *buf, size_t len);
/* The map where a live enforcer's hooks leave their verdicts. */
int capture_verdicts_fd(struct capture *c);
void capture_stop(struct capture *c);

#endif
