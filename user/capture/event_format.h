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

/* Text already made for recent addresses and processes: under load the
 * same few come again and again (one address, a few binding threads), and
 * their text was most of a line's cost (perf on bench/formatbench). */
#define FORMAT_ADDR_SLOTS 8  /* by the address's last bytes */
#define FORMAT_PROC_SLOTS 16 /* by thread id */

struct format_addr_slot {
	bool used;
	uint16_t family;
	uint8_t addr[16]; /* for AF_INET the first 4 bytes, the rest zero */
	uint8_t cls;	  /* enum addr_class */
	uint8_t len;
	char text[48]; /* format_addr(); the whole array is copied */
};

/* The process fields of a line: in JSON "pid" to "netns", in the table the
 * PID and COMM columns. */
struct format_proc_slot {
	bool used;
	bool json;
	uint8_t len;
	uint32_t pid, tid, ppid, uid, netns;
	uint64_t cgroup_id;
	char comm[BG_COMM_LEN];
	char text[256]; /* the longest JSON text is 227 bytes */
};

struct format_text_cache {
	struct format_addr_slot addrs[FORMAT_ADDR_SLOTS];
	struct format_proc_slot procs[FORMAT_PROC_SLOTS];
};

struct format_options {
	bool color;		    /* ANSI colours for exposed classes and errors */
	bool full_time;		    /* -T: date and microseconds */
	bool show_action;	    /* enforce: an ACTION column */
	int64_t realtime_offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	/* NULL: every time stamp is computed afresh (exact for a changed TZ) */
	struct format_time_cache *time_cache;
	/* NULL: addresses and process fields are formatted afresh */
	struct format_text_cache *text_cache;
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
/* event_class(), through o's text cache when it has one. */
enum addr_class format_event_class(const struct bind_event *e, const struct format_options *o);
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
/* A process name (BG_COMM_LEN bytes at most, NUL-terminated or not) as the
 * table shows it: non-printable bytes and backslashes as \xNN, so that no
 * name can move a terminal's cursor; padded with blanks to width.  Writes
 * at most 4 * BG_COMM_LEN bytes (or width) at p, no NUL; returns the end. */
char *format_comm(char *p, const char *comm, int width);
/* The event's protocol_name(), or `none` when it had no socket. */
const char *event_protocol_name(const struct bind_event *e, char *buf, size_t len,
				const char *none);

void format_table_header(struct strbuf *sb, const struct format_options *o);
/* Each appends one line and returns the event's class (format_event_class()),
 * which it had to find for the line anyway. */
enum addr_class format_table_line(struct strbuf *sb, const struct bind_event *e,
				  const struct format_options *o);
enum addr_class format_json_line(struct strbuf *sb, const struct bind_event *e,
				 const struct format_options *o);
/* RFC 3339 UTC with microseconds. */
void format_rfc3339(char *buf, size_t len, int64_t realtime_ns);

#endif
