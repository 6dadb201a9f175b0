// SPDX-License-Identifier: GPL-2.0
/* Decoding ring-buffer records and printing them as table or JSON lines. */
#include "capture/event_format.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/decimal.h"
#include "lib/errno_name.h"
#include "lib/json.h"

#define COLOR_RED    "\033[1;31m"
#define COLOR_YELLOW "\033[33m"
#define COLOR_RESET  "\033[0m"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

int decode_event(const void *data, size_t size, struct bind_event *out)
{
	if (!data || size != sizeof(*out))
		return -EINVAL;
	memcpy(out, data, sizeof(*out));
	if (out->family != AF_INET && out->family != AF_INET6)
		return -EINVAL;
	if (out->kind < BG_EVENT_BIND || out->kind > BG_EVENT_CLOSE)
		return -EINVAL;
	if (out->action >= BG_ACTION_MAX || out->reason >= BG_REASON_MAX)
		return -EINVAL;
	if (out->backend >= BG_BACKEND_MAX || out->owner >= BG_OWNER_MAX)
		return -EINVAL;
	if (out->ret > 0 || out->ret < -4095)
		return -EINVAL;
	return 0;
}

bool event_subject(const struct bind_event *e, const uint8_t **addr, uint16_t *port)
{
	if (e->kind == BG_EVENT_BIND && e->ret < 0) {
		*addr = e->req_addr;
		*port = e->req_port;
		return e->flags & BG_F_REQ_VALID;
	}
	*addr = e->addr;
	*port = e->port;
	return e->flags & BG_F_EFF_VALID;
}

bool event_has_socket(const struct bind_event *e)
{
	return e->sock_type != 0;
}

enum addr_class event_class(const struct bind_event *e)
{
	const uint8_t *addr;
	uint16_t port;

	/* no socket, no exposure, whatever address was asked for */
	if (!event_has_socket(e) || !event_subject(e, &addr, &port))
		return ADDR_CLASS_UNKNOWN;
	return classify_addr(e->family, addr);
}

bool event_is_dual_stack(const struct bind_event *e)
{
	const uint8_t *addr;
	uint16_t port;
	static const uint8_t any6[16];

	return e->family == AF_INET6 && !(e->flags & BG_F_V6ONLY) && event_has_socket(e) &&
	       event_subject(e, &addr, &port) && memcmp(addr, any6, 16) == 0;
}

const char *event_kind_name(uint8_t kind)
{
	switch (kind) {
	case BG_EVENT_BIND: return "bind";
	case BG_EVENT_LISTEN: return "listen";
	case BG_EVENT_CLOSE: return "close";
	default: return "?";
	}
}

const char *action_name(uint8_t action)
{
	switch (action) {
	case BG_ACTION_ALLOW: return "allow";
	case BG_ACTION_LOG: return "log";
	case BG_ACTION_REWRITE: return "rewrite";
	case BG_ACTION_DENY: return "deny";
	default: return "none";
	}
}

const char *event_backend_name(uint8_t backend)
{
	static const char *const names[BG_BACKEND_MAX] = {
		[BG_BACKEND_FENTRY] = "fentry",
		[BG_BACKEND_TRACEPOINT] = "tracepoint",
		[BG_BACKEND_HOOKS] = "hooks",
	};

	return backend < BG_BACKEND_MAX && names[backend] ? names[backend] : "unknown";
}

const char *reason_name(uint8_t reason)
{
	switch (reason) {
	case BG_REASON_CLIENT: return "client";
	case BG_REASON_TEMPORARY: return "temporary-allow";
	case BG_REASON_LO_DEVICE: return "lo-device";
	default: return "policy";
	}
}

/* The table's note for a reason, so that a reader knows why. */
static const char *reason_note(uint8_t reason)
{
	switch (reason) {
	case BG_REASON_CLIENT: return " (client: IP_BIND_ADDRESS_NO_PORT, left alone)";
	case BG_REASON_TEMPORARY: return " (bindguard allow)";
	case BG_REASON_LO_DEVICE: return " (AF_UNSPEC: kept 0.0.0.0, bound to device lo)";
	default: return "";
	}
}

const char *protocol_name(uint16_t protocol, uint16_t sock_type, char *buf, size_t len)
{
	if (sock_type == SOCK_RAW)
		return "raw";
	switch (protocol) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_UDPLITE: return "udplite";
	case IPPROTO_SCTP: return "sctp";
	case IPPROTO_MPTCP: return "mptcp";
	case IPPROTO_DCCP: return "dccp";
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: return "ping";
	}
	snprintf(buf, len, "proto-%u", protocol);
	return buf;
}

const char *event_protocol_name(const struct bind_event *e, char *buf, size_t len, const char *none)
{
	return event_has_socket(e) ? protocol_name(e->protocol, e->sock_type, buf, len) : none;
}

void format_rfc3339(char *buf, size_t len, int64_t realtime_ns)
{
	time_t secs = (time_t)(realtime_ns / 1000000000);
	long usec = (long)(realtime_ns % 1000000000) / 1000;
	struct tm tm = { 0 };

	gmtime_r(&secs, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
}

/* The record's CLOCK_MONOTONIC time, shifted to CLOCK_REALTIME.  The sum wraps instead of
 * overflowing: a corrupted timestamp prints as a wrong time, not as UB. */
static int64_t event_realtime_ns(const struct bind_event *e, const struct format_options *o)
{
	return (int64_t)(e->ts_ns + (uint64_t)o->realtime_offset_ns);
}

static void format_local_time(char *buf, size_t len, int64_t realtime_ns, bool full)
{
	time_t secs = (time_t)(realtime_ns / 1000000000);
	long usec = (long)(realtime_ns % 1000000000) / 1000;
	struct tm tm = { 0 };

	localtime_r(&secs, &tm);
	if (full)
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
	else
		snprintf(buf, len, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* --- writing a line in place ---------------------------------------------
 * A line is written into room reserved once (LINE_ROOM), by hand: printf's
 * format parsing cost more than everything else a line needs (make bench). */

/* More than the longest line: a 26-byte time (96 for a corrupted one), a
 * comm of 16 escaped bytes (96), three addresses (46 each), numbers, names,
 * colour codes and every note at once come to well under 1 KiB. */
#define LINE_ROOM 2048

enum time_style { TIME_LOCAL_SHORT, TIME_LOCAL_FULL, TIME_RFC3339 };

static char *put_mem(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

#define PUT_LIT(p, lit) put_mem(p, lit, sizeof(lit) - 1)

/* The strings put are names of a few bytes: a loop beats strlen + memcpy,
 * two libc calls. */
static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* The widest column (the -T time) and more: a fill of this fixed size is a
 * few stores, where a loop stored the ~40 spaces of a line one by one.
 * What it writes past the column is overwritten by what follows or lies
 * past the line's end, inside the room reserved. */
#define PAD_MAX 32

/* Spaces after what was written since `from`, up to width: "%-*s". */
static char *pad_to(char *p, const char *from, int width)
{
	char *end = p + (width - (p - from));

	if (p >= end)
		return p;
	if (width > PAD_MAX) { /* no column is: the slow way, to be safe */
		memset(p, ' ', (size_t)(end - p));
		return end;
	}
	memset(p, ' ', PAD_MAX);
	return end;
}

static char *put_padded(char *p, const char *s, int width)
{
	char *from = p;

	return pad_to(put_str(p, s), from, width);
}

static void fill_time_cache(struct format_time_cache *c, int64_t sec, enum time_style style)
{
	time_t secs = (time_t)sec;
	struct tm tm = { 0 };
	int n;

	if (style == TIME_RFC3339)
		gmtime_r(&secs, &tm);
	else
		localtime_r(&secs, &tm);
	if (style == TIME_LOCAL_SHORT)
		n = snprintf(c->text, sizeof(c->text), "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
			     tm.tm_sec);
	else
		n = snprintf(c->text, sizeof(c->text), "%04d-%02d-%02d%c%02d:%02d:%02d",
			     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			     style == TIME_RFC3339 ? 'T' : ' ', tm.tm_hour, tm.tm_min, tm.tm_sec);
	c->len = n < 0 ? 0 : (size_t)n < sizeof(c->text) ? (size_t)n : sizeof(c->text) - 1;
	c->sec = sec;
	c->style = style;
}

/* The same text as format_local_time() / format_rfc3339(), from the cache
 * when there is one: only the microseconds change within a second. */
static char *put_time(char *p, int64_t ns, enum time_style style, struct format_time_cache *c)
{
	char slow[96];
	int64_t sec = ns / 1000000000;

	if (!c || ns < 0) { /* before 1970: the slow path's own rounding */
		if (style == TIME_RFC3339)
			format_rfc3339(slow, sizeof(slow), ns);
		else
			format_local_time(slow, sizeof(slow), ns, style == TIME_LOCAL_FULL);
		return put_str(p, slow);
	}
	if (!c->len || c->sec != sec || c->style != (int)style)
		fill_time_cache(c, sec, style);
	/* all of text, a copy of known size (a few moves), then only its length
	 * counts: the room reserved for the line is far larger */
	memcpy(p, c->text, sizeof(c->text));
	p += c->len;
	if (style == TIME_LOCAL_SHORT)
		return p;
	*p++ = '.';
	p = put_u32_six_digits(p, (uint32_t)(ns % 1000000000 / 1000));
	if (style == TIME_RFC3339)
		*p++ = 'Z';
	return p;
}

static char *put_u64_padded(char *p, uint64_t v, int width)
{
	char *from = p;

	return pad_to(put_u64(p, v), from, width);
}

/* A process name is arbitrary bytes: show non-printable ones as \xNN. */
char *format_comm(char *p, const char *comm, int width)
{
	static const char hex[] = "0123456789abcdef";
	char *from = p;

	for (int i = 0; i < BG_COMM_LEN && comm[i]; i++) {
		unsigned char c = (unsigned char)comm[i];

		if (c < 0x20 || c >= 0x7f || c == '\\') {
			p = PUT_LIT(p, "\\x");
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else {
			*p++ = (char)c;
		}
	}
	return pad_to(p, from, width);
}

/* --- the text cache (struct format_text_cache) ----------------------------
 * A slot holds what its key gave, so a hit prints the same bytes as a miss;
 * its text is copied whole (a copy of known size is a few moves, of a
 * length known only at run time a libc call) into the line's ample room. */

static unsigned int addr_slot_index(int family, const uint8_t *addr)
{
	return (addr[3] ^ (family == AF_INET ? 0 : addr[15])) % FORMAT_ADDR_SLOTS;
}

static bool addr_slot_holds(const struct format_addr_slot *s, int family, const uint8_t *addr)
{
	if (!s->used || s->family != family)
		return false;
	return family == AF_INET ? memcmp(s->addr, addr, 4) == 0 : memcmp(s->addr, addr, 16) == 0;
}

static void fill_addr_slot(struct format_addr_slot *s, int family, const uint8_t *addr)
{
	memset(s, 0, sizeof(*s));
	s->used = true;
	s->family = (uint16_t)family;
	memcpy(s->addr, addr, family == AF_INET ? 4 : 16);
	s->cls = (uint8_t)classify_addr(family, addr);
	s->len = (uint8_t)strlen(format_addr(family, addr, s->text, sizeof(s->text)));
}

/* addr's text and class: from o's cache, else made afresh in `scratch`. */
static const struct format_addr_slot *addr_text(const struct format_options *o, int family,
						const uint8_t *addr,
						struct format_addr_slot *scratch)
{
	struct format_addr_slot *s = scratch;

	if (o->text_cache)
		s = &o->text_cache->addrs[addr_slot_index(family, addr)];
	if (!o->text_cache || !addr_slot_holds(s, family, addr))
		fill_addr_slot(s, family, addr);
	return s;
}

static char *put_addr_text(char *p, const struct format_addr_slot *s)
{
	memcpy(p, s->text, sizeof(s->text));
	return p + s->len;
}

enum addr_class format_event_class(const struct bind_event *e, const struct format_options *o)
{
	struct format_addr_slot scratch;
	const uint8_t *addr;
	uint16_t port;

	if (!event_has_socket(e) || !event_subject(e, &addr, &port))
		return ADDR_CLASS_UNKNOWN;
	if (!o->text_cache)
		return classify_addr(e->family, addr);
	return (enum addr_class)addr_text(o, e->family, addr, &scratch)->cls;
}

/* ,"key": then a value: keys and the names below are plain ASCII that JSON
 * needs no escape for, so they are copied as they are. */
#define PUT_KEY(p, key) PUT_LIT(p, ",\"" key "\":")

/* The table's PID and COMM columns. */
static char *put_table_proc(char *p, const struct bind_event *e)
{
	p = put_u64_padded(p, e->pid, 7);
	*p++ = ' ';
	return format_comm(p, e->comm, 16);
}

/* JSON from "pid" to "netns". */
static char *put_json_proc(char *p, const struct bind_event *e)
{
	p = PUT_KEY(p, "pid");
	p = put_u64(p, e->pid);
	p = PUT_KEY(p, "tid");
	p = put_u64(p, e->tid);
	p = PUT_KEY(p, "ppid");
	p = put_u64(p, e->ppid);
	p = PUT_KEY(p, "uid");
	p = put_u64(p, e->uid);
	p = PUT_KEY(p, "comm");
	p += json_escape(p, e->comm, strnlen(e->comm, BG_COMM_LEN));
	p = PUT_KEY(p, "cgroup_id");
	p = put_u64(p, e->cgroup_id);
	p = PUT_KEY(p, "netns");
	return put_u64(p, e->netns);
}

/* Two 8-byte compares: memcmp() here was a libc call for every event. */
static bool comm_equal(const char *a, const char *b)
{
	uint64_t x[2], y[2];

	_Static_assert(BG_COMM_LEN == sizeof(x), "a comm is two words");
	memcpy(x, a, sizeof(x));
	memcpy(y, b, sizeof(y));
	return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
}

static bool proc_slot_holds(const struct format_proc_slot *s, const struct bind_event *e, bool json)
{
	return s->used && s->json == json && s->pid == e->pid && s->tid == e->tid &&
	       s->ppid == e->ppid && s->uid == e->uid && s->netns == e->netns &&
	       s->cgroup_id == e->cgroup_id && comm_equal(s->comm, e->comm);
}

static void fill_proc_slot(struct format_proc_slot *s, const struct bind_event *e, bool json)
{
	char *end = json ? put_json_proc(s->text, e) : put_table_proc(s->text, e);

	s->used = true;
	s->json = json;
	s->len = (uint8_t)(end - s->text);
	s->pid = e->pid;
	s->tid = e->tid;
	s->ppid = e->ppid;
	s->uid = e->uid;
	s->netns = e->netns;
	s->cgroup_id = e->cgroup_id;
	memcpy(s->comm, e->comm, BG_COMM_LEN);
}

/* The process fields of a line, from o's cache when it has one. */
static char *put_proc(char *p, const struct bind_event *e, const struct format_options *o,
		      bool json)
{
	struct format_proc_slot *s;

	if (!o->text_cache)
		return json ? put_json_proc(p, e) : put_table_proc(p, e);
	s = &o->text_cache->procs[e->tid % FORMAT_PROC_SLOTS];
	if (!proc_slot_holds(s, e, json))
		fill_proc_slot(s, e, json);
	memcpy(p, s->text, sizeof(s->text));
	return p + s->len;
}

static const char *class_color(enum addr_class cls)
{
	switch (cls) {
	case ADDR_CLASS_WILDCARD:
	case ADDR_CLASS_GLOBAL: return COLOR_RED;
	case ADDR_CLASS_LOOPBACK:
	case ADDR_CLASS_UNKNOWN: return NULL;
	default: return COLOR_YELLOW;
	}
}

void format_table_header(struct strbuf *sb, const struct format_options *o)
{
	strbuf_printf(sb, "%-*s %-7s %-16s %-6s %-5s %-25s %-5s %-*s ", o->full_time ? 26 : 8,
		      "TIME", "PID", "COMM", "EVENT", "PROTO", "ADDRESS", "PORT",
		      addr_class_name_width(), "CLASS");
	if (o->show_action)
		strbuf_printf(sb, "%-8s ", "ACTION");
	strbuf_puts(sb, "RESULT\n");
}

/* Notes a reader needs to judge the exposure. */
static char *put_table_notes(char *p, const struct bind_event *e, const struct format_options *o)
{
	struct format_addr_slot scratch;

	if (event_is_dual_stack(e))
		p = PUT_LIT(p, " (dual-stack)");
	if (e->action == BG_ACTION_REWRITE && (e->flags & BG_F_REQ_VALID)) {
		p = PUT_LIT(p, " (asked for ");
		p = put_addr_text(p, addr_text(o, e->family, e->req_addr, &scratch));
		*p++ = ')';
	}
	/* a client's IP_BIND_ADDRESS_NO_PORT bind takes no port at all */
	if (e->kind == BG_EVENT_BIND && e->ret == 0 && e->req_port == 0 &&
	    (e->flags & BG_F_REQ_VALID) && e->reason != BG_REASON_CLIENT)
		p = PUT_LIT(p, " (port chosen by kernel)");
	/* only when the port before listen() is known to be 0: the cgroup
	 * hooks cannot know it (issue 14) */
	if (e->kind == BG_EVENT_LISTEN && e->ret == 0 && e->req_port == 0 && e->port != 0 &&
	    (e->flags & BG_F_REQ_VALID))
		p = PUT_LIT(p, " (autobind)");
	if (e->flags & BG_F_FREEBIND)
		p = PUT_LIT(p, " (freebind)");
	if (e->flags & BG_F_TRANSPARENT)
		p = PUT_LIT(p, " (transparent)");
	if (e->flags & BG_F_REUSEPORT)
		p = PUT_LIT(p, " (reuseport)");
	if (e->flags & BG_F_NO_SYSCALL)
		p = PUT_LIT(p, " (no syscall: io_uring or kernel)");
	if (e->owner == BG_OWNER_LOOKED_UP)
		p = PUT_LIT(p, " (pid: the socket's holder, looked up later)");
	return put_str(p, reason_note(e->reason));
}

static char *put_result(char *p, const struct bind_event *e, bool color)
{
	char errbuf[16];

	if (e->ret >= 0)
		return PUT_LIT(p, "ok");
	if (color)
		p = PUT_LIT(p, COLOR_RED);
	p = put_str(p, errno_name(-e->ret, errbuf, sizeof(errbuf)));
	if (color)
		p = PUT_LIT(p, COLOR_RESET);
	return p;
}

/* The ADDRESS column: the subject's text, or "-" when it is unknown. */
static char *put_table_addr(char *p, const struct format_addr_slot *subject)
{
	char *from = p;

	p = subject ? put_addr_text(p, subject) : PUT_LIT(p, "-");
	return pad_to(p, from, 25);
}

enum addr_class format_table_line(struct strbuf *sb, const struct bind_event *e,
				  const struct format_options *o)
{
	char proto[16];
	struct format_addr_slot scratch;
	const struct format_addr_slot *subject = NULL;
	const uint8_t *addr;
	uint16_t port;
	enum addr_class cls = ADDR_CLASS_UNKNOWN;
	const char *color;
	char *start = strbuf_reserve(sb, LINE_ROOM), *p = start;

	if (!p)
		return format_event_class(e, o);
	if (event_subject(e, &addr, &port))
		subject = addr_text(o, e->family, addr, &scratch);
	if (subject && event_has_socket(e)) /* as event_class() */
		cls = (enum addr_class)subject->cls;
	color = o->color ? class_color(cls) : NULL;
	p = put_time(p, event_realtime_ns(e, o), o->full_time ? TIME_LOCAL_FULL : TIME_LOCAL_SHORT,
		     o->time_cache);
	p = pad_to(p, start, o->full_time ? 26 : 8);
	*p++ = ' ';
	p = put_proc(p, e, o, false);
	*p++ = ' ';
	p = put_padded(p, event_kind_name(e->kind), 6);
	*p++ = ' ';
	p = put_padded(p, event_protocol_name(e, proto, sizeof(proto), "-"), 5);
	*p++ = ' ';
	p = put_table_addr(p, subject);
	*p++ = ' ';
	p = put_u64_padded(p, port, 5);
	*p++ = ' ';
	if (color)
		p = put_str(p, color);
	p = put_padded(p, addr_class_name(cls), addr_class_name_width());
	if (color)
		p = PUT_LIT(p, COLOR_RESET);
	*p++ = ' ';
	if (o->show_action) {
		p = put_padded(p, action_name(e->action), 8);
		*p++ = ' ';
	}
	p = put_result(p, e, o->color);
	p = put_table_notes(p, e, o);
	*p++ = '\n';
	strbuf_commit(sb, (size_t)(p - start));
	return cls;
}

static char *put_quoted(char *p, const char *s)
{
	*p++ = '"';
	p = put_str(p, s);
	*p++ = '"';
	return p;
}

static char *put_bool(char *p, bool v)
{
	return v ? PUT_LIT(p, "true") : PUT_LIT(p, "false");
}

/* An address's text in quotes, or null for none. */
static char *put_json_addr_text(char *p, const struct format_addr_slot *s)
{
	if (!s)
		return PUT_LIT(p, "null");
	*p++ = '"';
	p = put_addr_text(p, s);
	*p++ = '"';
	return p;
}

static char *put_json_addr(char *p, const struct format_options *o, int family, const uint8_t *addr,
			   bool known)
{
	struct format_addr_slot scratch;

	return put_json_addr_text(p, known ? addr_text(o, family, addr, &scratch) : NULL);
}

static char *put_json_port(char *p, uint16_t port, bool known)
{
	return known ? put_u64(p, port) : PUT_LIT(p, "null");
}

/* From "family" to "class": where the event is, and its class in *cls. */
static char *put_json_place(char *p, const struct bind_event *e, const struct format_options *o,
			    enum addr_class *cls)
{
	char proto[16];
	bool req_known = e->flags & BG_F_REQ_VALID;
	struct format_addr_slot scratch;
	const struct format_addr_slot *subject = NULL;
	const uint8_t *addr;
	uint16_t port;
	bool known = event_subject(e, &addr, &port);
	const char *proto_text = event_protocol_name(e, proto, sizeof(proto), NULL);

	if (known)
		subject = addr_text(o, e->family, addr, &scratch);
	/* as event_class() */
	*cls = subject && event_has_socket(e) ? (enum addr_class)subject->cls : ADDR_CLASS_UNKNOWN;

	p = PUT_KEY(p, "family");
	p = e->family == AF_INET ? PUT_LIT(p, "\"ipv4\"") : PUT_LIT(p, "\"ipv6\"");
	p = PUT_KEY(p, "proto");
	p = proto_text ? put_quoted(p, proto_text) : PUT_LIT(p, "null");
	p = PUT_KEY(p, "addr");
	p = put_json_addr_text(p, subject);
	p = PUT_KEY(p, "port");
	p = put_json_port(p, port, known);
	p = PUT_KEY(p, "requested_addr");
	p = put_json_addr(p, o, e->family, e->req_addr, req_known);
	p = PUT_KEY(p, "requested_port");
	p = put_json_port(p, e->req_port, req_known);
	p = PUT_KEY(p, "class");
	return put_quoted(p, addr_class_name(*cls));
}

/* From "v6only" to the end: the socket's options and the outcome. */
static char *put_json_outcome(char *p, const struct bind_event *e, const struct format_options *o)
{
	char errbuf[16];

	if (e->family == AF_INET6) {
		p = PUT_KEY(p, "v6only");
		p = put_bool(p, e->flags & BG_F_V6ONLY);
		p = PUT_KEY(p, "dual_stack");
		p = put_bool(p, event_is_dual_stack(e));
	}
	p = PUT_KEY(p, "reuseaddr");
	p = put_bool(p, e->flags & BG_F_REUSEADDR);
	p = PUT_KEY(p, "reuseport");
	p = put_bool(p, e->flags & BG_F_REUSEPORT);
	p = PUT_KEY(p, "freebind");
	p = put_bool(p, e->flags & BG_F_FREEBIND);
	p = PUT_KEY(p, "transparent");
	p = put_bool(p, e->flags & BG_F_TRANSPARENT);
	p = PUT_KEY(p, "source");
	p = e->flags & BG_F_NO_SYSCALL ? PUT_LIT(p, "\"kernel\"") : PUT_LIT(p, "\"syscall\"");
	if (e->backend) {
		p = PUT_KEY(p, "backend");
		p = put_quoted(p, event_backend_name(e->backend));
	}
	p = PUT_KEY(p, "ret");
	p = put_i64(p, e->ret);
	if (e->ret < 0) {
		p = PUT_KEY(p, "error");
		p = put_quoted(p, errno_name(-e->ret, errbuf, sizeof(errbuf)));
	}
	if (o->show_action || e->action != BG_ACTION_NONE) {
		p = PUT_KEY(p, "action");
		p = put_quoted(p, action_name(e->action));
		if (e->action == BG_ACTION_REWRITE) {
			p = PUT_KEY(p, "orig_addr");
			p = put_json_addr(p, o, e->family, e->req_addr, e->flags & BG_F_REQ_VALID);
		}
		p = PUT_KEY(p, "reason");
		p = put_quoted(p, reason_name(e->reason));
	}
	return p;
}

enum addr_class format_json_line(struct strbuf *sb, const struct bind_event *e,
				 const struct format_options *o)
{
	char *start = strbuf_reserve(sb, LINE_ROOM), *p = start;
	enum addr_class cls;

	if (!p)
		return format_event_class(e, o);
	p = PUT_LIT(p, "{\"ts\":\"");
	p = put_time(p, event_realtime_ns(e, o), TIME_RFC3339, o->time_cache);
	p = PUT_LIT(p, "\",\"event\":");
	p = put_quoted(p, event_kind_name(e->kind));
	p = put_proc(p, e, o, true);
	if (e->sock_cookie) { /* the enforce record: how pid and comm were known */
		p = PUT_KEY(p, "sock_cookie");
		p = put_u64(p, e->sock_cookie);
		p = PUT_KEY(p, "owner");
		p = e->owner == BG_OWNER_LOOKED_UP ? PUT_LIT(p, "\"looked-up\"")
		    : e->pid			   ? PUT_LIT(p, "\"binder\"")
						   : PUT_LIT(p, "\"unknown\"");
	}
	p = put_json_place(p, e, o, &cls);
	p = put_json_outcome(p, e, o);
	p = PUT_LIT(p, "}\n");
	strbuf_commit(sb, (size_t)(p - start));
	return cls;
}
