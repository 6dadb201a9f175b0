// SPDX-License-Identifier: GPL-2.0
/* Decoding ring-buffer records and printing them as table or JSON lines. */
#include "capture/event_format.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

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
	if (out->action >= BG_ACTION_MAX)
		return -EINVAL;
	if (out->backend >= BG_BACKEND_MAX)
		return -EINVAL;
	if (out->ret > 0 || out->ret < -4095)
		return -EINVAL;
	return 0;
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

enum addr_class event_class(const struct bind_event *e)
{
	const uint8_t *addr;
	uint16_t port;

	if (!event_subject(e, &addr, &port))
		return ADDR_CLASS_UNKNOWN;
	return classify_addr(e->family, addr);
}

bool event_is_dual_stack(const struct bind_event *e)
{
	const uint8_t *addr;
	uint16_t port;
	static const uint8_t any6[16];

	return e->family == AF_INET6 && !(e->flags & BG_F_V6ONLY) &&
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

void format_rfc3339(char *buf, size_t len, int64_t realtime_ns)
{
	time_t secs = (time_t)(realtime_ns / 1000000000);
	long usec = (long)(realtime_ns % 1000000000) / 1000;
	struct tm tm;

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
	struct tm tm;

	localtime_r(&secs, &tm);
	if (full)
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
	else
		snprintf(buf, len, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A process name is arbitrary bytes: show non-printable ones as \xNN. */
static void put_comm(struct strbuf *sb, const char *comm, int width)
{
	int shown = 0;

	for (int i = 0; i < BG_COMM_LEN && comm[i]; i++) {
		unsigned char c = (unsigned char)comm[i];

		if (c < 0x20 || c >= 0x7f || c == '\\') {
			strbuf_printf(sb, "\\x%02x", c);
			shown += 4;
		} else {
			strbuf_putc(sb, (char)c);
			shown++;
		}
	}
	for (; shown < width; shown++)
		strbuf_putc(sb, ' ');
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
	strbuf_printf(sb, "%-*s %-7s %-16s %-6s %-5s %-25s %-5s %-10s ", o->full_time ? 26 : 8,
		      "TIME", "PID", "COMM", "EVENT", "PROTO", "ADDRESS", "PORT", "CLASS");
	if (o->show_action)
		strbuf_printf(sb, "%-8s ", "ACTION");
	strbuf_puts(sb, "RESULT\n");
}

void format_table_line(struct strbuf *sb, const struct bind_event *e,
		       const struct format_options *o)
{
	char when[96], text[ADDR_TEXT_LEN], proto[16], errbuf[16];
	enum addr_class cls = event_class(e);
	const char *color = o->color ? class_color(cls) : NULL;
	const uint8_t *addr;
	uint16_t port;
	bool known = event_subject(e, &addr, &port);

	format_local_time(when, sizeof(when), event_realtime_ns(e, o), o->full_time);
	strbuf_printf(sb, "%-*s %-7u ", o->full_time ? 26 : 8, when, e->pid);
	put_comm(sb, e->comm, 16);
	strbuf_printf(sb, " %-6s %-5s ", event_kind_name(e->kind),
		      protocol_name(e->protocol, e->sock_type, proto, sizeof(proto)));
	strbuf_printf(sb, "%-25s %-5u ",
		      known ? format_addr(e->family, addr, text, sizeof(text)) : "-", port);
	if (color)
		strbuf_printf(sb, "%s%-10s%s ", color, addr_class_name(cls), COLOR_RESET);
	else
		strbuf_printf(sb, "%-10s ", addr_class_name(cls));
	if (o->show_action)
		strbuf_printf(sb, "%-8s ", action_name(e->action));
	if (e->ret < 0) {
		const char *name = errno_name(-e->ret, errbuf, sizeof(errbuf));

		if (o->color)
			strbuf_printf(sb, "%s%s%s", COLOR_RED, name, COLOR_RESET);
		else
			strbuf_puts(sb, name);
	} else {
		strbuf_puts(sb, "ok");
	}

	/* Notes a reader needs to judge the exposure. */
	if (event_is_dual_stack(e))
		strbuf_puts(sb, " (dual-stack)");
	if (e->action == BG_ACTION_REWRITE && (e->flags & BG_F_REQ_VALID))
		strbuf_printf(sb, " (asked for %s)",
			      format_addr(e->family, e->req_addr, text, sizeof(text)));
	if (e->kind == BG_EVENT_BIND && e->ret == 0 && e->req_port == 0 &&
	    (e->flags & BG_F_REQ_VALID))
		strbuf_puts(sb, " (port chosen by kernel)");
	if (e->kind == BG_EVENT_LISTEN && e->ret == 0 && e->req_port == 0 && e->port != 0)
		strbuf_puts(sb, " (autobind)");
	if (e->flags & BG_F_FREEBIND)
		strbuf_puts(sb, " (freebind)");
	if (e->flags & BG_F_TRANSPARENT)
		strbuf_puts(sb, " (transparent)");
	if (e->flags & BG_F_REUSEPORT)
		strbuf_puts(sb, " (reuseport)");
	if (e->flags & BG_F_NO_SYSCALL)
		strbuf_puts(sb, " (no syscall: io_uring or kernel)");
	strbuf_putc(sb, '\n');
}

static void json_addr(struct json_object *j, const char *key, int family, const uint8_t *addr,
		      bool known)
{
	char text[ADDR_TEXT_LEN];

	if (known)
		json_str(j, key, format_addr(family, addr, text, sizeof(text)));
	else
		json_null(j, key);
}

void format_json_line(struct strbuf *sb, const struct bind_event *e, const struct format_options *o)
{
	char when[96], proto[16], errbuf[16];
	bool req_known = e->flags & BG_F_REQ_VALID;
	const uint8_t *addr;
	uint16_t port;
	bool known = event_subject(e, &addr, &port);
	struct json_object j;

	format_rfc3339(when, sizeof(when), event_realtime_ns(e, o));
	json_begin(&j, sb);
	json_str(&j, "ts", when);
	json_str(&j, "event", event_kind_name(e->kind));
	json_uint(&j, "pid", e->pid);
	json_uint(&j, "tid", e->tid);
	json_uint(&j, "ppid", e->ppid);
	json_uint(&j, "uid", e->uid);
	json_strn(&j, "comm", e->comm, strnlen(e->comm, BG_COMM_LEN));
	json_uint(&j, "cgroup_id", e->cgroup_id);
	json_uint(&j, "netns", e->netns);
	json_str(&j, "family", e->family == AF_INET ? "ipv4" : "ipv6");
	json_str(&j, "proto", protocol_name(e->protocol, e->sock_type, proto, sizeof(proto)));
	json_addr(&j, "addr", e->family, addr, known);
	if (known)
		json_uint(&j, "port", port);
	else
		json_null(&j, "port");
	json_addr(&j, "requested_addr", e->family, e->req_addr, req_known);
	if (req_known)
		json_uint(&j, "requested_port", e->req_port);
	else
		json_null(&j, "requested_port");
	json_str(&j, "class", addr_class_name(event_class(e)));
	if (e->family == AF_INET6) {
		json_bool(&j, "v6only", e->flags & BG_F_V6ONLY);
		json_bool(&j, "dual_stack", event_is_dual_stack(e));
	}
	json_bool(&j, "reuseaddr", e->flags & BG_F_REUSEADDR);
	json_bool(&j, "reuseport", e->flags & BG_F_REUSEPORT);
	json_bool(&j, "freebind", e->flags & BG_F_FREEBIND);
	json_bool(&j, "transparent", e->flags & BG_F_TRANSPARENT);
	json_str(&j, "source", e->flags & BG_F_NO_SYSCALL ? "kernel" : "syscall");
	if (e->backend)
		json_str(&j, "backend", event_backend_name(e->backend));
	json_int(&j, "ret", e->ret);
	if (e->ret < 0)
		json_str(&j, "error", errno_name(-e->ret, errbuf, sizeof(errbuf)));
	if (o->show_action || e->action != BG_ACTION_NONE) {
		json_str(&j, "action", action_name(e->action));
		if (e->action == BG_ACTION_REWRITE)
			json_addr(&j, "orig_addr", e->family, e->req_addr, req_known);
	}
	json_end(&j);
	strbuf_putc(sb, '\n');
}
