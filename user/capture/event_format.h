/* SPDX-License-Identifier: GPL-2.0 */
/* Turning bind events into table lines and JSON lines: pure functions. */
#ifndef BINDGUARD_EVENT_FORMAT_H
#define BINDGUARD_EVENT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"
#include "bindguard.h"
#include "lib/strbuf.h"

/* The text of the last second a time stamp was printed for: localtime()
 * and strftime-like formatting once a second instead of once an event. */
struct format_time_cache {
	int64_t sec;   /* the second `text` is about */
	int style;     /* which of the time formats `text` is in */
	size_t len;    /* 0: nothing cached yet */
	char text[64]; /* everything before the fraction of a second */
};

struct format_options {
	bool color;		    /* ANSI colours for exposed classes and errors */
	bool full_time;		    /* -T: date and microseconds */
	bool show_action;	    /* enforce: an ACTION column */
	int64_t realtime_offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	/* NULL: every time stamp is computed afresh (exact for a changed TZ) */
	struct format_time_cache *time_cache;
};

/* Checks a raw ring-buffer record and copies it out: -EINVAL if its size
 * or any enumerated field is not what the BPF side can produce. */
int decode_event(const void *data, size_t size, struct bind_event *out);

/* The address an event is about: the bound one, or for a failed bind what
 * was asked for.  Returns false when that address is unknown. */
bool event_subject(const struct bind_event *e, const uint8_t **addr, uint16_t *port);
/* Whether a socket was behind the call: a bind on a descriptor that is
 * not one (EBADF, ENOTSOCK) has no protocol (sock_type 0, which no socket
 * has) and its class is unknown: nothing can be exposed. */
bool event_has_socket(const struct bind_event *e);
enum addr_class event_class(const struct bind_event *e);
/* A wildcard bind on an IPv6 socket without IPV6_V6ONLY also takes IPv4. */
bool event_is_dual_stack(const struct bind_event *e);

const char *event_kind_name(uint8_t kind);
const char *action_name(uint8_t action);
/* enum bg_reason: "policy", "client", "temporary-allow", "lo-device". */
const char *reason_name(uint8_t reason);
/* "fentry", "tracepoint", "hooks": the capture backend that saw an event */
const char *event_backend_name(uint8_t backend);
/* "tcp", "udp", "sctp", "mptcp", "ping", "raw", ..., or "proto-N" in buf */
const char *protocol_name(uint16_t protocol, uint16_t sock_type, char *buf, size_t len);
/* The event's protocol_name(), or `none` when it had no socket. */
const char *event_protocol_name(const struct bind_event *e, char *buf, size_t len,
				const char *none);

void format_table_header(struct strbuf *sb, const struct format_options *o);
void format_table_line(struct strbuf *sb, const struct bind_event *e,
		       const struct format_options *o);
void format_json_line(struct strbuf *sb, const struct bind_event *e,
		      const struct format_options *o);
/* RFC 3339 UTC with microseconds. */
void format_rfc3339(char *buf, size_t len, int64_t realtime_ns);

#endif
