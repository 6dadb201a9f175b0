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

struct format_options {
	bool color;		    /* ANSI colours for exposed classes and errors */
	bool full_time;		    /* -T: date and microseconds */
	bool show_action;	    /* enforce: an ACTION column */
	int64_t realtime_offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
};

/* Checks a raw ring-buffer record and copies it out: -EINVAL if its size
 * or any enumerated field is not what the BPF side can produce. */
int decode_event(const void *data, size_t size, struct bind_event *out);

/* The address an event is about: the bound one, or for a failed bind what
 * was asked for.  Returns false when that address is unknown. */
bool event_subject(const struct bind_event *e, const uint8_t **addr, uint16_t *port);
enum addr_class event_class(const struct bind_event *e);
/* A wildcard bind on an IPv6 socket without IPV6_V6ONLY also takes IPv4. */
bool event_is_dual_stack(const struct bind_event *e);

const char *event_kind_name(uint8_t kind);
const char *action_name(uint8_t action);
/* "fentry", "tracepoint", "hooks": the capture backend that saw an event */
const char *event_backend_name(uint8_t backend);
/* "tcp", "udp", "sctp", "mptcp", "ping", "raw", ..., or "proto-N" in buf */
const char *protocol_name(uint16_t protocol, uint16_t sock_type, char *buf, size_t len);

void format_table_header(struct strbuf *sb, const struct format_options *o);
void format_table_line(struct strbuf *sb, const struct bind_event *e,
		       const struct format_options *o);
void format_json_line(struct strbuf *sb, const struct bind_event *e,
		      const struct format_options *o);
/* RFC 3339 UTC with microseconds. */
void format_rfc3339(char *buf, size_t len, int64_t realtime_ns);

#endif
