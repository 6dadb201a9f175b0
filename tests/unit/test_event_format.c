// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/event_format.c: record checks and golden table and JSON lines. */
#include "table_test.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "jsonc.h"

#include "capture/event_format.h"

/* 2023-11-14T22:13:20Z as CLOCK_REALTIME - CLOCK_MONOTONIC, and an event
 * 123.456789012 s after boot: 2023-11-14T22:15:23.456789Z. */
#define REALTIME_OFFSET 1700000000000000000LL
#define TS_NS		123456789012ULL

#define BASE                                                                                       \
	.ts_ns = TS_NS, .cgroup_id = 4242, .pid = 1234, .tid = 1235, .ppid = 1, .uid = 1000,       \
	.netns = 4026531840u
#define TCP4	.family = AF_INET, .protocol = IPPROTO_TCP, .sock_type = SOCK_STREAM
#define UDP4	.family = AF_INET, .protocol = IPPROTO_UDP, .sock_type = SOCK_DGRAM
#define TCP6	.family = AF_INET6, .protocol = IPPROTO_TCP, .sock_type = SOCK_STREAM
#define REQ_EFF (BG_F_REQ_VALID | BG_F_EFF_VALID)

#define T_START(comm)                                                                              \
	"22:15:23 "                                                                                \
	"1234    " comm
#define J_START(event, comm)                                                                       \
	"{\"ts\":\"2023-11-14T22:15:23.456789Z\",\"event\":\"" event "\",\"pid\":1234,"            \
	"\"tid\":1235,\"ppid\":1,\"uid\":1000,\"comm\":\"" comm "\",\"cgroup_id\":4242,"           \
	"\"netns\":4026531840,"
#define J_OPTS(reuseaddr, reuseport, freebind, transparent, source)                                \
	"\"reuseaddr\":" reuseaddr ",\"reuseport\":" reuseport ",\"freebind\":" freebind           \
	",\"transparent\":" transparent ",\"source\":\"" source "\","
#define J_PLAIN J_OPTS("false", "false", "false", "false", "syscall")

struct golden_case {
	const char *name;
	struct bind_event e;
	bool show_action;
	const char *table;
	const char *json;
};

/* Golden lines, column by column: kept as written. */
// clang-format off
static const struct golden_case golden_cases[] = {
	{
		"IPv4 wildcard bind",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .flags = REQ_EFF | BG_F_REUSEADDR,
		  .addr = { 0, 0, 0, 0 }, .port = 80, .req_port = 80, .req_family = AF_INET,
		  .comm = "nginx" },
		false,
		T_START("nginx           ") " bind   tcp   " "0.0.0.0                   " "80    "
					   "wildcard      " "ok\n",
		J_START("bind", "nginx") "\"family\":\"ipv4\",\"proto\":\"tcp\",\"addr\":\"0.0.0.0\","
					 "\"port\":80,\"requested_addr\":\"0.0.0.0\","
					 "\"requested_port\":80,\"class\":\"wildcard\","
		J_OPTS("true", "false", "false", "false", "syscall") "\"ret\":0}\n",
	},
	{
		"IPv6 wildcard without IPV6_V6ONLY is dual-stack",
		{ BASE, TCP6, .kind = BG_EVENT_BIND, .flags = REQ_EFF, .port = 8080,
		  .req_port = 8080, .req_family = AF_INET6, .comm = "python3" },
		false,
		T_START("python3         ") " bind   tcp   " "::                        " "8080  "
					   "wildcard      " "ok (dual-stack)\n",
		J_START("bind", "python3") "\"family\":\"ipv6\",\"proto\":\"tcp\",\"addr\":\"::\","
					   "\"port\":8080,\"requested_addr\":\"::\","
					   "\"requested_port\":8080,\"class\":\"wildcard\","
					   "\"v6only\":false,\"dual_stack\":true," J_PLAIN
					   "\"ret\":0}\n",
	},
	{
		"IPv6 wildcard with IPV6_V6ONLY",
		{ BASE, TCP6, .kind = BG_EVENT_BIND, .flags = REQ_EFF | BG_F_V6ONLY, .port = 8080,
		  .req_port = 8080, .req_family = AF_INET6, .comm = "python3" },
		false,
		T_START("python3         ") " bind   tcp   " "::                        " "8080  "
					   "wildcard      " "ok\n",
		J_START("bind", "python3") "\"family\":\"ipv6\",\"proto\":\"tcp\",\"addr\":\"::\","
					   "\"port\":8080,\"requested_addr\":\"::\","
					   "\"requested_port\":8080,\"class\":\"wildcard\","
					   "\"v6only\":true,\"dual_stack\":false," J_PLAIN
					   "\"ret\":0}\n",
	},
	{
		"IPv4-mapped wildcard on an IPv6 socket is IPv4 only",
		{ BASE, TCP6, .kind = BG_EVENT_BIND, .flags = REQ_EFF,
		  .addr = { [10] = 0xff, [11] = 0xff }, .port = 8080,
		  .req_addr = { [10] = 0xff, [11] = 0xff }, .req_port = 8080,
		  .req_family = AF_INET6, .comm = "python3" },
		false,
		T_START("python3         ") " bind   tcp   " "::ffff:0.0.0.0            " "8080  "
					   "wildcard      " "ok\n",
		J_START("bind", "python3") "\"family\":\"ipv6\",\"proto\":\"tcp\","
					   "\"addr\":\"::ffff:0.0.0.0\",\"port\":8080,"
					   "\"requested_addr\":\"::ffff:0.0.0.0\","
					   "\"requested_port\":8080,\"class\":\"wildcard\","
					   "\"v6only\":false,\"dual_stack\":false," J_PLAIN
					   "\"ret\":0}\n",
	},
	{
		"IPv4 rewrite to loopback",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .action = BG_ACTION_REWRITE, .flags = REQ_EFF,
		  .addr = { 127, 0, 0, 1 }, .port = 3000, .req_addr = { 0, 0, 0, 0 },
		  .req_port = 3000, .req_family = AF_INET, .comm = "node" },
		true,
		T_START("node            ") " bind   tcp   " "127.0.0.1                 " "3000  "
					   "loopback      " "rewrite  " "ok (asked for 0.0.0.0)\n",
		J_START("bind", "node") "\"family\":\"ipv4\",\"proto\":\"tcp\","
					"\"addr\":\"127.0.0.1\",\"port\":3000,"
					"\"requested_addr\":\"0.0.0.0\",\"requested_port\":3000,"
					"\"class\":\"loopback\"," J_PLAIN
					"\"ret\":0,\"action\":\"rewrite\",\"orig_addr\":\"0.0.0.0\",\"reason\":\"policy\"}\n",
	},
	{
		"failed bind shows the requested address",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .ret = -EADDRINUSE, .flags = BG_F_REQ_VALID,
		  .req_addr = { 192, 168, 1, 10 }, .req_port = 8080, .req_family = AF_INET,
		  .comm = "nginx" },
		false,
		T_START("nginx           ") " bind   tcp   " "192.168.1.10              " "8080  "
					   "private       " "EADDRINUSE\n",
		J_START("bind", "nginx") "\"family\":\"ipv4\",\"proto\":\"tcp\","
					 "\"addr\":\"192.168.1.10\",\"port\":8080,"
					 "\"requested_addr\":\"192.168.1.10\",\"requested_port\":8080,"
					 "\"class\":\"private\"," J_PLAIN
					 "\"ret\":-98,\"error\":\"EADDRINUSE\"}\n",
	},
	{
		"denied bind",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .action = BG_ACTION_DENY, .ret = -EPERM,
		  .flags = BG_F_REQ_VALID, .req_port = 22, .req_family = AF_INET, .comm = "sshd" },
		true,
		T_START("sshd            ") " bind   tcp   " "0.0.0.0                   " "22    "
					   "wildcard      " "deny     " "EPERM\n",
		J_START("bind", "sshd") "\"family\":\"ipv4\",\"proto\":\"tcp\",\"addr\":\"0.0.0.0\","
					"\"port\":22,\"requested_addr\":\"0.0.0.0\","
					"\"requested_port\":22,\"class\":\"wildcard\"," J_PLAIN
					"\"ret\":-1,\"error\":\"EPERM\",\"action\":\"deny\",\"reason\":\"policy\"}\n",
	},
	{
		"unknown errno",
		{ BASE, UDP4, .kind = BG_EVENT_BIND, .ret = -4000, .flags = BG_F_REQ_VALID,
		  .req_addr = { 10, 0, 0, 5 }, .req_port = 5353, .req_family = AF_INET,
		  .comm = "avahi-daemon" },
		false,
		T_START("avahi-daemon    ") " bind   udp   " "10.0.0.5                  " "5353  "
					   "private       " "E4000\n",
		J_START("bind", "avahi-daemon") "\"family\":\"ipv4\",\"proto\":\"udp\","
						"\"addr\":\"10.0.0.5\",\"port\":5353,"
						"\"requested_addr\":\"10.0.0.5\","
						"\"requested_port\":5353,\"class\":\"private\"," J_PLAIN
						"\"ret\":-4000,\"error\":\"E4000\"}\n",
	},
	{
		/* the tracepoints read the socket before listen(): unbound */
		"listen with autobind",
		{ BASE, TCP4, .kind = BG_EVENT_LISTEN, .flags = REQ_EFF, .port = 45678,
		  .req_family = AF_INET, .comm = "redis-server" },
		false,
		T_START("redis-server    ") " listen tcp   " "0.0.0.0                   " "45678 "
					   "wildcard      " "ok (autobind)\n",
		J_START("listen", "redis-server") "\"family\":\"ipv4\",\"proto\":\"tcp\","
						  "\"addr\":\"0.0.0.0\",\"port\":45678,"
						  "\"requested_addr\":\"0.0.0.0\",\"requested_port\":0,"
						  "\"class\":\"wildcard\"," J_PLAIN "\"ret\":0}\n",
	},
	{
		"port chosen by the kernel",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .flags = REQ_EFF, .addr = { 127, 0, 0, 1 },
		  .port = 41234, .req_addr = { 127, 0, 0, 1 }, .req_family = AF_INET,
		  .comm = "curl" },
		false,
		T_START("curl            ") " bind   tcp   " "127.0.0.1                 " "41234 "
					   "loopback      " "ok (port chosen by kernel)\n",
		J_START("bind", "curl") "\"family\":\"ipv4\",\"proto\":\"tcp\","
					"\"addr\":\"127.0.0.1\",\"port\":41234,"
					"\"requested_addr\":\"127.0.0.1\",\"requested_port\":0,"
					"\"class\":\"loopback\"," J_PLAIN "\"ret\":0}\n",
	},
	{
		"socket options and a bind without a syscall",
		{ BASE, TCP4, .kind = BG_EVENT_BIND,
		  .flags = REQ_EFF | BG_F_REUSEPORT | BG_F_FREEBIND | BG_F_TRANSPARENT |
			   BG_F_NO_SYSCALL,
		  .addr = { 10, 1, 2, 3 }, .port = 443, .req_addr = { 10, 1, 2, 3 },
		  .req_port = 443, .req_family = AF_INET, .comm = "haproxy" },
		false,
		T_START("haproxy         ") " bind   tcp   " "10.1.2.3                  " "443   "
					   "private       "
					   "ok (freebind) (transparent) (reuseport) "
					   "(no syscall: io_uring or kernel)\n",
		J_START("bind", "haproxy") "\"family\":\"ipv4\",\"proto\":\"tcp\","
					   "\"addr\":\"10.1.2.3\",\"port\":443,"
					   "\"requested_addr\":\"10.1.2.3\",\"requested_port\":443,"
					   "\"class\":\"private\","
		J_OPTS("false", "true", "true", "true", "kernel") "\"ret\":0}\n",
	},
	{
		"address unknown",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .comm = "mystery" },
		false,
		T_START("mystery         ") " bind   tcp   " "-                         " "0     "
					   "unknown       " "ok\n",
		J_START("bind", "mystery") "\"family\":\"ipv4\",\"proto\":\"tcp\",\"addr\":null,"
					   "\"port\":null,\"requested_addr\":null,"
					   "\"requested_port\":null,\"class\":\"unknown\"," J_PLAIN
					   "\"ret\":0}\n",
	},
	{
		"listener closed",
		{ BASE, TCP4, .kind = BG_EVENT_CLOSE, .flags = BG_F_EFF_VALID, .port = 80,
		  .comm = "nginx" },
		false,
		T_START("nginx           ") " close  tcp   " "0.0.0.0                   " "80    "
					   "wildcard      " "ok\n",
		J_START("close", "nginx") "\"family\":\"ipv4\",\"proto\":\"tcp\",\"addr\":\"0.0.0.0\","
					  "\"port\":80,\"requested_addr\":null,"
					  "\"requested_port\":null,\"class\":\"wildcard\"," J_PLAIN
					  "\"ret\":0}\n",
	},
	{
		"raw socket",
		{ BASE, .family = AF_INET, .protocol = IPPROTO_RAW, .sock_type = SOCK_RAW,
		  .kind = BG_EVENT_BIND, .flags = BG_F_EFF_VALID, .addr = { 8, 8, 8, 8 },
		  .comm = "ping" },
		false,
		T_START("ping            ") " bind   raw   " "8.8.8.8                   " "0     "
					   "global        " "ok\n",
		J_START("bind", "ping") "\"family\":\"ipv4\",\"proto\":\"raw\",\"addr\":\"8.8.8.8\","
					"\"port\":0,\"requested_addr\":null,\"requested_port\":null,"
					"\"class\":\"global\"," J_PLAIN "\"ret\":0}\n",
	},
	{
		"failed IPv6 link-local bind",
		{ BASE, TCP6, .kind = BG_EVENT_BIND, .ret = -EADDRNOTAVAIL, .flags = BG_F_REQ_VALID,
		  .req_addr = { 0xfe, 0x80, [15] = 1 }, .req_port = 80, .req_family = AF_INET6,
		  .comm = "httpd" },
		false,
		T_START("httpd           ") " bind   tcp   " "fe80::1                   " "80    "
					   "link-local    " "EADDRNOTAVAIL\n",
		J_START("bind", "httpd") "\"family\":\"ipv6\",\"proto\":\"tcp\",\"addr\":\"fe80::1\","
					 "\"port\":80,\"requested_addr\":\"fe80::1\","
					 "\"requested_port\":80,\"class\":\"link-local\","
					 "\"v6only\":false,\"dual_stack\":false," J_PLAIN
					 "\"ret\":-99,\"error\":\"EADDRNOTAVAIL\"}\n",
	},
	{
		"failed dual-stack bind",
		{ BASE, TCP6, .kind = BG_EVENT_BIND, .ret = -EADDRINUSE, .flags = BG_F_REQ_VALID,
		  .req_port = 8443, .req_family = AF_INET6, .comm = "java" },
		false,
		T_START("java            ") " bind   tcp   " "::                        " "8443  "
					   "wildcard      " "EADDRINUSE (dual-stack)\n",
		J_START("bind", "java") "\"family\":\"ipv6\",\"proto\":\"tcp\",\"addr\":\"::\","
					"\"port\":8443,\"requested_addr\":\"::\","
					"\"requested_port\":8443,\"class\":\"wildcard\","
					"\"v6only\":false,\"dual_stack\":true," J_PLAIN
					"\"ret\":-98,\"error\":\"EADDRINUSE\"}\n",
	},
	{
		"IPv6 rewrite to loopback",
		{ BASE, TCP6, .kind = BG_EVENT_BIND, .action = BG_ACTION_REWRITE,
		  .flags = REQ_EFF | BG_F_V6ONLY, .addr = { [15] = 1 }, .port = 9000,
		  .req_port = 9000, .req_family = AF_INET6, .comm = "node" },
		true,
		T_START("node            ") " bind   tcp   " "::1                       " "9000  "
					   "loopback      " "rewrite  " "ok (asked for ::)\n",
		J_START("bind", "node") "\"family\":\"ipv6\",\"proto\":\"tcp\",\"addr\":\"::1\","
					"\"port\":9000,\"requested_addr\":\"::\","
					"\"requested_port\":9000,\"class\":\"loopback\","
					"\"v6only\":true,\"dual_stack\":false," J_PLAIN
					"\"ret\":0,\"action\":\"rewrite\",\"orig_addr\":\"::\",\"reason\":\"policy\"}\n",
	},
	{
		"action column without an action",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .flags = REQ_EFF, .addr = { 127, 0, 0, 1 },
		  .port = 22, .req_addr = { 127, 0, 0, 1 }, .req_port = 22, .req_family = AF_INET,
		  .comm = "sshd" },
		true,
		T_START("sshd            ") " bind   tcp   " "127.0.0.1                 " "22    "
					   "loopback      " "none     " "ok\n",
		J_START("bind", "sshd") "\"family\":\"ipv4\",\"proto\":\"tcp\","
					"\"addr\":\"127.0.0.1\",\"port\":22,"
					"\"requested_addr\":\"127.0.0.1\",\"requested_port\":22,"
					"\"class\":\"loopback\"," J_PLAIN
					"\"ret\":0,\"action\":\"none\",\"reason\":\"policy\"}\n",
	},
	{
		"a client bind left alone says why",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .action = BG_ACTION_ALLOW,
		  .reason = BG_REASON_CLIENT, .flags = REQ_EFF, .req_family = AF_INET,
		  .comm = "curl" },
		true,
		T_START("curl            ") " bind   tcp   " "0.0.0.0                   " "0     "
					   "wildcard      " "allow    " "ok "
					   "(client: IP_BIND_ADDRESS_NO_PORT, left alone)\n",
		J_START("bind", "curl") "\"family\":\"ipv4\",\"proto\":\"tcp\","
					"\"addr\":\"0.0.0.0\",\"port\":0,"
					"\"requested_addr\":\"0.0.0.0\",\"requested_port\":0,"
					"\"class\":\"wildcard\"," J_PLAIN
					"\"ret\":0,\"action\":\"allow\",\"reason\":\"client\"}\n",
	},
	{
		"an action is in JSON even without the action column",
		{ BASE, UDP4, .kind = BG_EVENT_BIND, .action = BG_ACTION_LOG, .flags = REQ_EFF,
		  .port = 53, .req_port = 53, .req_family = AF_INET, .comm = "dnsmasq" },
		false,
		T_START("dnsmasq         ") " bind   udp   " "0.0.0.0                   " "53    "
					   "wildcard      " "ok\n",
		J_START("bind", "dnsmasq") "\"family\":\"ipv4\",\"proto\":\"udp\","
					   "\"addr\":\"0.0.0.0\",\"port\":53,"
					   "\"requested_addr\":\"0.0.0.0\",\"requested_port\":53,"
					   "\"class\":\"wildcard\"," J_PLAIN
					   "\"ret\":0,\"action\":\"log\",\"reason\":\"policy\"}\n",
	},
	{
		"comm with bytes that need escaping",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .flags = REQ_EFF, .addr = { 127, 0, 0, 1 },
		  .port = 7, .req_addr = { 127, 0, 0, 1 }, .req_port = 7, .req_family = AF_INET,
		  .comm = "a\\b\x01\xc3\xa9\"" },
		false,
		T_START("a\\x5cb\\x01\\xc3\\xa9\"") " bind   tcp   " "127.0.0.1                 "
						    "7     " "loopback      " "ok\n",
		J_START("bind", "a\\\\b\\u0001\xc3\xa9\\\"") "\"family\":\"ipv4\",\"proto\":\"tcp\","
							     "\"addr\":\"127.0.0.1\",\"port\":7,"
							     "\"requested_addr\":\"127.0.0.1\","
							     "\"requested_port\":7,"
							     "\"class\":\"loopback\"," J_PLAIN
							     "\"ret\":0}\n",
	},
	{
		"comm of 16 bytes without a NUL",
		{ BASE, TCP4, .kind = BG_EVENT_BIND, .flags = REQ_EFF, .addr = { 127, 0, 0, 1 },
		  .port = 7, .req_addr = { 127, 0, 0, 1 }, .req_port = 7, .req_family = AF_INET,
		  .comm = { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n',
			    'o', 'p' } },
		false,
		T_START("abcdefghijklmnop") " bind   tcp   " "127.0.0.1                 " "7     "
					   "loopback      " "ok\n",
		J_START("bind", "abcdefghijklmnop") "\"family\":\"ipv4\",\"proto\":\"tcp\","
						    "\"addr\":\"127.0.0.1\",\"port\":7,"
						    "\"requested_addr\":\"127.0.0.1\","
						    "\"requested_port\":7,\"class\":\"loopback\"," J_PLAIN
						    "\"ret\":0}\n",
	},
	{
		/* --hooks: sockops cannot know what was bound before listen()
		 * (issue 14: this said "(autobind)" after an explicit bind) */
		"listen whose earlier binding is unknown",
		{ BASE, TCP4, .kind = BG_EVENT_LISTEN, .flags = BG_F_EFF_VALID, .port = 45678,
		  .comm = "redis-server" },
		false,
		T_START("redis-server    ") " listen tcp   " "0.0.0.0                   " "45678 "
					   "wildcard      " "ok\n",
		J_START("listen", "redis-server") "\"family\":\"ipv4\",\"proto\":\"tcp\","
						  "\"addr\":\"0.0.0.0\",\"port\":45678,"
						  "\"requested_addr\":null,\"requested_port\":null,"
						  "\"class\":\"wildcard\"," J_PLAIN "\"ret\":0}\n",
	},
	{
		/* issue 14: "proto-0" and "wildcard" for a descriptor without a socket */
		"bind on a descriptor that is not a socket",
		{ BASE, .family = AF_INET, .kind = BG_EVENT_BIND, .ret = -EBADF,
		  .flags = BG_F_REQ_VALID, .req_port = 8080, .req_family = AF_INET,
		  .comm = "broken" },
		false,
		T_START("broken          ") " bind   -     " "0.0.0.0                   " "8080  "
					   "unknown       " "EBADF\n",
		J_START("bind", "broken") "\"family\":\"ipv4\",\"proto\":null,\"addr\":\"0.0.0.0\","
					  "\"port\":8080,\"requested_addr\":\"0.0.0.0\","
					  "\"requested_port\":8080,\"class\":\"unknown\"," J_PLAIN
					  "\"ret\":-9,\"error\":\"EBADF\"}\n",
	},
	{
		"IPv6 bind on a descriptor that is not a socket is not dual-stack",
		{ BASE, .family = AF_INET6, .kind = BG_EVENT_BIND, .ret = -ENOTSOCK,
		  .flags = BG_F_REQ_VALID, .req_port = 8080, .req_family = AF_INET6,
		  .comm = "broken" },
		false,
		T_START("broken          ") " bind   -     " "::                        " "8080  "
					   "unknown       " "ENOTSOCK\n",
		J_START("bind", "broken") "\"family\":\"ipv6\",\"proto\":null,\"addr\":\"::\","
					  "\"port\":8080,\"requested_addr\":\"::\","
					  "\"requested_port\":8080,\"class\":\"unknown\","
					  "\"v6only\":false,\"dual_stack\":false," J_PLAIN
					  "\"ret\":-88,\"error\":\"ENOTSOCK\"}\n",
	},
};
// clang-format on

static void test_golden_table(void **state)
{
	const struct golden_case *c = *state;
	struct format_options o = { .show_action = c->show_action,
				    .realtime_offset_ns = REALTIME_OFFSET };
	struct strbuf sb;

	strbuf_init(&sb);
	format_table_line(&sb, &c->e, &o);
	assert_string_equal(strbuf_str(&sb), c->table);
	strbuf_free(&sb);
}

static void test_golden_json(void **state)
{
	const struct golden_case *c = *state;
	struct format_options o = { .show_action = c->show_action,
				    .realtime_offset_ns = REALTIME_OFFSET };
	struct json_tokener *tok;
	struct jc_object *obj;
	struct strbuf sb;

	strbuf_init(&sb);
	format_json_line(&sb, &c->e, &o);
	assert_string_equal(strbuf_str(&sb), c->json);

	/* one line of strict JSON, whatever the table says */
	assert_int_equal(strchr(sb.data, '\n') - sb.data, sb.len - 1);
	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, sb.data, (int)sb.len - 1);
	assert_int_equal(json_tokener_get_error(tok), json_tokener_success);
	assert_int_equal(json_tokener_get_parse_end(tok), sb.len - 1);
	assert_true(json_object_is_type(obj, json_type_object));
	json_object_put(obj);
	json_tokener_free(tok);
	strbuf_free(&sb);
}

/* The table is in local time, JSON in UTC, whatever TZ says. */
static void test_time_zones(void **state)
{
	const struct golden_case *c = &golden_cases[0];
	struct format_options o = { .realtime_offset_ns = REALTIME_OFFSET };
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	setenv("TZ", "IST-5:30", 1);
	tzset();
	format_table_line(&sb, &c->e, &o);
	assert_memory_equal(strbuf_str(&sb), "03:45:23 1234 ", 14);
	strbuf_reset(&sb);
	format_json_line(&sb, &c->e, &o);
	assert_string_equal(strbuf_str(&sb), c->json);
	strbuf_reset(&sb);
	o.full_time = true;
	format_table_line(&sb, &c->e, &o);
	assert_memory_equal(strbuf_str(&sb), "2023-11-15 03:45:23.456789 1234 ", 32);
	setenv("TZ", "UTC", 1);
	tzset();
	strbuf_reset(&sb);
	format_table_line(&sb, &c->e, &o);
	assert_string_equal(strbuf_str(&sb), "2023-11-14 22:15:23.456789 "
					     "1234    "
					     "nginx           "
					     " bind   tcp   "
					     "0.0.0.0                   "
					     "80    "
					     "wildcard      "
					     "ok\n");
	strbuf_free(&sb);
}

static void test_table_header(void **state)
{
	struct format_options o = { 0 };
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	format_table_header(&sb, &o);
	assert_string_equal(strbuf_str(&sb),
			    "TIME     PID     COMM             EVENT  PROTO "
			    "ADDRESS                   PORT  CLASS         RESULT\n");
	strbuf_reset(&sb);
	o.show_action = true;
	o.full_time = true;
	format_table_header(&sb, &o);
	assert_string_equal(strbuf_str(&sb),
			    "TIME                       PID     COMM             EVENT  PROTO "
			    "ADDRESS                   PORT  CLASS         ACTION   RESULT\n");
	strbuf_free(&sb);
}

/* Issue 14: "documentation" overflowed the CLASS column and pushed RESULT
 * out of line.  Every class keeps RESULT under its header. */
static void test_result_column_aligned(void **state)
{
	static const uint8_t addrs[][4] = {
		{ 127, 0, 0, 1 }, { 0, 0, 0, 0 },	  { 10, 0, 0, 1 },  { 169, 254, 1, 1 },
		{ 224, 0, 0, 1 }, { 255, 255, 255, 255 }, { 192, 0, 2, 1 }, { 198, 18, 0, 1 },
		{ 240, 0, 0, 1 }, { 8, 8, 8, 8 },
	};
	struct bind_event e = golden_cases[0].e;
	struct strbuf header, line;
	bool seen[ADDR_CLASS_COUNT] = { false };

	(void)state;
	strbuf_init(&header);
	strbuf_init(&line);
	for (int action = 0; action < 2; action++) {
		struct format_options o = { .show_action = action,
					    .realtime_offset_ns = REALTIME_OFFSET };
		size_t want;

		strbuf_reset(&header);
		format_table_header(&header, &o);
		want = (size_t)(strstr(strbuf_str(&header), "RESULT") - header.data);
		for (size_t i = 0; i <= ARRAY_SIZE(addrs); i++) {
			e.flags = i < ARRAY_SIZE(addrs) ? REQ_EFF : 0; /* last: unknown */
			if (i < ARRAY_SIZE(addrs))
				memcpy(e.addr, addrs[i], 4);
			seen[event_class(&e)] = true;
			strbuf_reset(&line);
			format_table_line(&line, &e, &o);
			if (line.len < want + 2 || memcmp(line.data + want, "ok", 2) != 0)
				fail_msg("class %s: RESULT not under its header:\n%s%s",
					 addr_class_name(event_class(&e)), strbuf_str(&header),
					 strbuf_str(&line));
		}
	}
	for (int cls = 0; cls < ADDR_CLASS_COUNT; cls++)
		assert_true(seen[cls]);
	strbuf_free(&header);
	strbuf_free(&line);
}

/* Colour marks exposed classes and errors, and only those. */
static void test_color(void **state)
{
	/* golden case, its coloured line (or, when !whole, a part of it) */
	static const struct {
		size_t golden;
		const char *want;
		bool whole;
	} colored[] = {
		{ 0,
		  T_START("nginx           ") " bind   tcp   "
					      "0.0.0.0                   "
					      "80    "
					      "\033[1;31mwildcard     \033[0m "
					      "ok\n",
		  true },
		{ 5, /* private, EADDRINUSE */
		  T_START("nginx           ") " bind   tcp   "
					      "192.168.1.10              "
					      "8080  "
					      "\033[33mprivate      \033[0m "
					      "\033[1;31mEADDRINUSE\033[0m\n",
		  true },
		{ 9, NULL, true }, /* loopback: no colour, the golden line */
		{ 13, "\033[1;31mglobal       \033[0m ok\n", false },
	};
	struct format_options o = { .color = true, .realtime_offset_ns = REALTIME_OFFSET };
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb);
	for (size_t i = 0; i < ARRAY_SIZE(colored); i++) {
		const struct golden_case *c = &golden_cases[colored[i].golden];
		const char *want = colored[i].want ? colored[i].want : c->table;

		strbuf_reset(&sb);
		format_table_line(&sb, &c->e, &o);
		if (colored[i].whole)
			assert_string_equal(strbuf_str(&sb), want);
		else if (!strstr(strbuf_str(&sb), want))
			fail_msg("%s: no \"%s\" in \"%s\"", c->name, want, strbuf_str(&sb));
	}

	/* JSON never carries colour */
	strbuf_reset(&sb);
	format_json_line(&sb, &golden_cases[5].e, &o);
	assert_string_equal(strbuf_str(&sb), golden_cases[5].json);
	strbuf_free(&sb);
}

/* The time cache gives the bytes the uncached path gives, in every style,
 * across second boundaries and in any zone.  A stream uses one style, so
 * each style has its own cache here, as it would there. */
static void check_time_cache(const struct bind_event *first, bool show_action, bool full_time)
{
	static const int64_t steps_ns[] = {
		0,	    1, 999999,		 1000000,	  999999999,
		1000000000, 1, 86400000000000LL, 3600000000000LL, 7
	};
	struct format_time_cache table_cache = { 0 }, json_cache = { 0 };
	struct format_options o = { .show_action = show_action,
				    .full_time = full_time,
				    .realtime_offset_ns = REALTIME_OFFSET };
	struct bind_event e = *first;
	struct strbuf cached, fresh;

	strbuf_init(&cached);
	strbuf_init(&fresh);
	for (size_t k = 0; k < ARRAY_SIZE(steps_ns); k++) {
		e.ts_ns += (uint64_t)steps_ns[k];
		strbuf_reset(&cached);
		strbuf_reset(&fresh);
		o.time_cache = NULL;
		format_table_line(&fresh, &e, &o);
		format_json_line(&fresh, &e, &o);
		o.time_cache = &table_cache;
		format_table_line(&cached, &e, &o);
		o.time_cache = &json_cache;
		format_json_line(&cached, &e, &o);
		assert_string_equal(strbuf_str(&cached), strbuf_str(&fresh));
	}
	strbuf_free(&cached);
	strbuf_free(&fresh);
}

static void test_time_cache_matches_uncached(void **state)
{
	static const char *const zones[] = { "UTC", "IST-5:30", "EST5EDT" };

	(void)state;
	for (size_t z = 0; z < ARRAY_SIZE(zones); z++) {
		setenv("TZ", zones[z], 1);
		tzset();
		for (size_t i = 0; i < ARRAY_SIZE(golden_cases); i++) {
			check_time_cache(&golden_cases[i].e, golden_cases[i].show_action, false);
			check_time_cache(&golden_cases[i].e, golden_cases[i].show_action, true);
		}
	}
	setenv("TZ", "UTC", 1);
	tzset();
}

/* One event's lines through text caches and afresh: the same bytes, and
 * format_event_class() is event_class().  A stream has one output mode,
 * so each mode has its own cache here, as it would there. */
static void check_text_cache(const struct bind_event *e, struct format_text_cache caches[2],
			     bool show_action, bool color)
{
	struct format_options o = { .show_action = show_action,
				    .color = color,
				    .realtime_offset_ns = REALTIME_OFFSET };
	struct strbuf cached, fresh;

	strbuf_init(&cached);
	strbuf_init(&fresh);
	format_table_line(&fresh, e, &o);
	format_json_line(&fresh, e, &o);
	assert_int_equal(format_event_class(e, &o), event_class(e));
	o.text_cache = &caches[0];
	format_table_line(&cached, e, &o);
	assert_int_equal(format_event_class(e, &o), event_class(e));
	o.text_cache = &caches[1];
	format_json_line(&cached, e, &o);
	assert_string_equal(strbuf_str(&cached), strbuf_str(&fresh));
	strbuf_free(&cached);
	strbuf_free(&fresh);
}

/* A slot's key changes one field at a time, in the same slot: the same
 * thread id (process slot) and the same last bytes (address slot). */
static void test_text_cache_matches_uncached(void **state)
{
	/* the last two: the same bytes in another family */
	static const char *const addrs[] = { "10.0.0.1",      "10.0.1.1", "::1", "2001:db8::1",
					     "fe80::1:0:0:1", "0.0.0.0",  "::" };
	static struct format_text_cache cache[2]; /* zeroed: empty */

	(void)state;
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < ARRAY_SIZE(golden_cases); i++) {
			struct bind_event e = golden_cases[i].e;

			check_text_cache(&e, cache, golden_cases[i].show_action, round);
			for (size_t a = 0; a < ARRAY_SIZE(addrs); a++) {
				int family;

				assert_int_equal(parse_addr(addrs[a], &family, e.addr), 0);
				e.family = (uint16_t)family;
				memcpy(e.req_addr, e.addr, sizeof(e.addr));
				e.req_addr[3] ^= (uint8_t)(a & 1); /* another address, same slot */
				check_text_cache(&e, cache, golden_cases[i].show_action, round);
			}
			e.uid++;
			check_text_cache(&e, cache, false, round);
			e.netns++;
			check_text_cache(&e, cache, false, round);
			e.cgroup_id++;
			check_text_cache(&e, cache, false, round);
			e.ppid++;
			check_text_cache(&e, cache, false, round);
			e.pid++;
			check_text_cache(&e, cache, false, round);
			e.comm[0] = e.comm[0] == 'x' ? 'y' : 'x';
			check_text_cache(&e, cache, false, round);
			e.tid += FORMAT_PROC_SLOTS;
			check_text_cache(&e, cache, false, round);
		}
	}
}

static struct bind_event valid_event(void)
{
	struct bind_event e = { BASE, TCP4, .kind = BG_EVENT_BIND, .flags = REQ_EFF,
				.comm = "nginx" };

	return e;
}

static void test_decode_valid(void **state)
{
	struct bind_event e = valid_event(), out;
	static const uint16_t families[] = { AF_INET, AF_INET6 };
	static const int rets[] = { 0, -1, -EADDRINUSE, -4095 };

	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(families); f++) {
		for (uint8_t kind = BG_EVENT_BIND; kind <= BG_EVENT_CLOSE; kind++) {
			for (uint8_t action = 0; action < BG_ACTION_MAX; action++) {
				for (size_t r = 0; r < ARRAY_SIZE(rets); r++) {
					e.family = families[f];
					e.kind = kind;
					e.action = action;
					e.ret = rets[r];
					memset(&out, 0xaa, sizeof(out));
					assert_int_equal(decode_event(&e, sizeof(e), &out), 0);
					assert_memory_equal(&out, &e, sizeof(e));
				}
			}
		}
	}
}

static void test_decode_sizes(void **state)
{
	struct bind_event e = valid_event(), out;
	unsigned char big[sizeof(e) + 8];

	(void)state;
	memcpy(big, &e, sizeof(e));
	assert_int_equal(decode_event(&e, 0, &out), -EINVAL);
	assert_int_equal(decode_event(&e, 1, &out), -EINVAL);
	assert_int_equal(decode_event(&e, sizeof(e) - 1, &out), -EINVAL);
	assert_int_equal(decode_event(big, sizeof(e) + 1, &out), -EINVAL);
	assert_int_equal(decode_event(big, sizeof(big), &out), -EINVAL);
	assert_int_equal(decode_event(NULL, sizeof(e), &out), -EINVAL);
	assert_int_equal(decode_event(big, sizeof(e), &out), 0);
}

struct decode_reject {
	const char *name;
	uint16_t family;
	uint8_t kind;
	uint8_t action;
	int32_t ret;
};

static const struct decode_reject decode_rejects[] = {
	{ "family 0", 0, BG_EVENT_BIND, 0, 0 },
	{ "family AF_UNIX", AF_UNIX, BG_EVENT_BIND, 0, 0 },
	{ "family 3", 3, BG_EVENT_BIND, 0, 0 },
	{ "family AF_PACKET", AF_PACKET, BG_EVENT_BIND, 0, 0 },
	{ "family 0xffff", 0xffff, BG_EVENT_BIND, 0, 0 },
	{ "kind 0", AF_INET, 0, 0, 0 },
	{ "kind 4", AF_INET, 4, 0, 0 },
	{ "kind 255", AF_INET6, 255, 0, 0 },
	{ "action 5", AF_INET, BG_EVENT_BIND, BG_ACTION_MAX, 0 },
	{ "action 255", AF_INET, BG_EVENT_BIND, 255, 0 },
	{ "ret 1", AF_INET, BG_EVENT_BIND, 0, 1 },
	{ "ret 98", AF_INET, BG_EVENT_BIND, 0, 98 },
	{ "ret INT32_MAX", AF_INET, BG_EVENT_BIND, 0, INT32_MAX },
	{ "ret -4096", AF_INET, BG_EVENT_BIND, 0, -4096 },
	{ "ret INT32_MIN", AF_INET, BG_EVENT_BIND, 0, INT32_MIN },
};

static void test_decode_reject(void **state)
{
	const struct decode_reject *c = *state;
	struct bind_event e = valid_event(), out;

	e.family = c->family;
	e.kind = c->kind;
	e.action = c->action;
	e.ret = c->ret;
	assert_int_equal(decode_event(&e, sizeof(e), &out), -EINVAL);
}

/* The backend byte: what captured the event; 0 from older builds. */
static void test_decode_backend(void **state)
{
	struct bind_event e = valid_event(), out;
	struct format_options o = { .realtime_offset_ns = REALTIME_OFFSET };
	struct strbuf sb;

	(void)state;
	for (unsigned int b = 0; b < 256; b++) {
		e.backend = (uint8_t)b;
		assert_int_equal(decode_event(&e, sizeof(e), &out),
				 b < BG_BACKEND_MAX ? 0 : -EINVAL);
	}
	e.backend = BG_BACKEND_FENTRY;
	strbuf_init(&sb);
	format_json_line(&sb, &e, &o);
	assert_non_null(strstr(strbuf_str(&sb), ",\"source\":\"syscall\",\"backend\":\"fentry\","));
	strbuf_reset(&sb);
	e.backend = BG_BACKEND_UNKNOWN;
	format_json_line(&sb, &e, &o);
	assert_null(strstr(strbuf_str(&sb), "backend"));
	strbuf_free(&sb);
}

/* The enforce record names its socket and says where pid and comm came
 * from: read at bind time, looked up later by the socket's cookie, or not
 * known.  Trace events (no cookie) carry neither key. */
static void test_socket_owner(void **state)
{
	struct bind_event e = valid_event(), out;
	struct format_options o = { .realtime_offset_ns = REALTIME_OFFSET };
	struct strbuf sb;

	(void)state;
	for (unsigned int v = 0; v < 256; v++) {
		e.owner = (uint8_t)v;
		assert_int_equal(decode_event(&e, sizeof(e), &out), v < BG_OWNER_MAX ? 0 : -EINVAL);
	}
	strbuf_init(&sb);
	e.owner = BG_OWNER_BINDER;
	format_json_line(&sb, &e, &o);
	assert_null(strstr(strbuf_str(&sb), "owner"));
	assert_null(strstr(strbuf_str(&sb), "sock_cookie"));
	strbuf_reset(&sb);
	e.sock_cookie = 4242;
	format_json_line(&sb, &e, &o);
	assert_non_null(strstr(strbuf_str(&sb), ",\"sock_cookie\":4242,\"owner\":\"binder\","));
	strbuf_reset(&sb);
	e.pid = 0;
	format_json_line(&sb, &e, &o);
	assert_non_null(strstr(strbuf_str(&sb), ",\"owner\":\"unknown\","));
	strbuf_reset(&sb);
	e.pid = 77;
	e.owner = BG_OWNER_LOOKED_UP;
	format_json_line(&sb, &e, &o);
	assert_non_null(strstr(strbuf_str(&sb), ",\"owner\":\"looked-up\","));
	strbuf_reset(&sb);
	format_table_line(&sb, &e, &o);
	assert_non_null(strstr(strbuf_str(&sb), "(pid: the socket's holder, looked up later)"));
	strbuf_free(&sb);
}

/* enum bg_reason: every known reason decodes and is named; past it, not. */
static void test_decode_reasons(void **state)
{
	static const char *const names[] = { "policy", "client", "temporary-allow", "lo-device" };
	struct bind_event e = valid_event(), out;

	(void)state;
	for (uint8_t r = 0; r < BG_REASON_MAX; r++) {
		e.reason = r;
		assert_int_equal(decode_event(&e, sizeof(e), &out), 0);
		assert_string_equal(reason_name(r), names[r]);
	}
	e.reason = BG_REASON_MAX;
	assert_int_equal(decode_event(&e, sizeof(e), &out), -EINVAL);
	e.reason = 255;
	assert_int_equal(decode_event(&e, sizeof(e), &out), -EINVAL);
}

struct protocol_case {
	uint16_t protocol;
	uint16_t sock_type;
	const char *want;
};

static const struct protocol_case protocol_cases[] = {
	{ IPPROTO_TCP, SOCK_STREAM, "tcp" },
	{ IPPROTO_UDP, SOCK_DGRAM, "udp" },
	{ IPPROTO_UDPLITE, SOCK_DGRAM, "udplite" },
	{ IPPROTO_SCTP, SOCK_STREAM, "sctp" },
	{ IPPROTO_SCTP, SOCK_SEQPACKET, "sctp" },
	{ 262, SOCK_STREAM, "mptcp" },
	{ IPPROTO_DCCP, SOCK_DCCP, "dccp" },
	{ IPPROTO_ICMP, SOCK_DGRAM, "ping" },
	{ IPPROTO_ICMPV6, SOCK_DGRAM, "ping" },
	{ IPPROTO_TCP, SOCK_RAW, "raw" },
	{ IPPROTO_RAW, SOCK_RAW, "raw" },
	{ IPPROTO_ICMP, SOCK_RAW, "raw" },
	{ 0, SOCK_STREAM, "proto-0" },
	{ 99, SOCK_DGRAM, "proto-99" },
	{ IPPROTO_RAW, SOCK_DGRAM, "proto-255" },
	{ 65535, SOCK_STREAM, "proto-65535" },
};

static void test_protocol_name(void **state)
{
	const struct protocol_case *c = *state;
	char buf[16];

	assert_string_equal(protocol_name(c->protocol, c->sock_type, buf, sizeof(buf)), c->want);
}

/* format_comm shows every byte outside printable ASCII as \xNN, valid
 * UTF-8 too (a name cut at 15 bytes may end inside a character), so no
 * byte an 8-bit terminal obeys (a lone 0x9b is CSI) reaches it. */
struct comm_case {
	const char *comm;
	const char *want;
};

static const struct comm_case comm_cases[] = {
	{ "nginx", "nginx" },
	{ "a\x9b"
	  "31m",
	  "a\\x9b31m" },
	{ "\x80\x9f", "\\x80\\x9f" },
	{ "\xc2\x9b"
	  "2J",
	  "\\xc2\\x9b2J" },
	{ "x\xe2\x82", "x\\xe2\\x82" },
	{ "\xc0\xaf", "\\xc0\\xaf" },
	{ "\xc3\xa9\xe2\x86\x92", "\\xc3\\xa9\\xe2\\x86\\x92" },
	{ "\xf0\x9f\x98\x80", "\\xf0\\x9f\\x98\\x80" },
	{ "\033[2K\r\x7f\\", "\\x1b[2K\\x0d\\x7f\\x5c" },
};

static void test_format_comm(void **state)
{
	const struct comm_case *c = *state;
	char buf[4 * BG_COMM_LEN + 1], comm[BG_COMM_LEN] = { 0 };
	char *end;

	memcpy(comm, c->comm, strlen(c->comm));
	end = format_comm(buf, comm, 0);
	*end = '\0';
	assert_string_equal(buf, c->want);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(event_kind_name(BG_EVENT_BIND), "bind");
	assert_string_equal(event_kind_name(BG_EVENT_LISTEN), "listen");
	assert_string_equal(event_kind_name(BG_EVENT_CLOSE), "close");
	assert_string_equal(event_kind_name(0), "?");
	assert_string_equal(event_kind_name(4), "?");
	assert_string_equal(event_kind_name(255), "?");
	assert_string_equal(action_name(BG_ACTION_NONE), "none");
	assert_string_equal(action_name(BG_ACTION_ALLOW), "allow");
	assert_string_equal(action_name(BG_ACTION_LOG), "log");
	assert_string_equal(action_name(BG_ACTION_REWRITE), "rewrite");
	assert_string_equal(action_name(BG_ACTION_DENY), "deny");
	assert_string_equal(action_name(BG_ACTION_MAX), "none");
	assert_string_equal(event_backend_name(BG_BACKEND_FENTRY), "fentry");
	assert_string_equal(event_backend_name(BG_BACKEND_TRACEPOINT), "tracepoint");
	assert_string_equal(event_backend_name(BG_BACKEND_HOOKS), "hooks");
	assert_string_equal(event_backend_name(BG_BACKEND_UNKNOWN), "unknown");
	assert_string_equal(event_backend_name(BG_BACKEND_MAX), "unknown");
}

static void test_errno_names_in_lines(void **state)
{
	static const struct {
		int err;
		const char *name;
	} rows[] = {
		{ EADDRINUSE, "EADDRINUSE" },
		{ EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ EACCES, "EACCES" },
		{ EPERM, "EPERM" },
		{ EINVAL, "EINVAL" },
		{ EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ 4000, "E4000" },
		{ 4095, "E4095" },
	};
	struct format_options o = { .realtime_offset_ns = REALTIME_OFFSET };
	struct bind_event e = golden_cases[5].e;
	struct strbuf sb;
	char want[64];

	(void)state;
	strbuf_init(&sb);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		e.ret = -rows[i].err;
		strbuf_reset(&sb);
		format_table_line(&sb, &e, &o);
		snprintf(want, sizeof(want), "private       %s\n", rows[i].name);
		assert_string_equal(strbuf_str(&sb) + sb.len - strlen(want), want);
		strbuf_reset(&sb);
		format_json_line(&sb, &e, &o);
		snprintf(want, sizeof(want), "\"ret\":%d,\"error\":\"%s\"}\n", -rows[i].err,
			 rows[i].name);
		assert_string_equal(strbuf_str(&sb) + sb.len - strlen(want), want);
	}
	strbuf_free(&sb);
}

struct rfc3339_case {
	int64_t ns;
	const char *want;
};

static const struct rfc3339_case rfc3339_cases[] = {
	{ 0, "1970-01-01T00:00:00.000000Z" },
	{ 999, "1970-01-01T00:00:00.000000Z" },
	{ 1000, "1970-01-01T00:00:00.000001Z" },
	{ 999999999, "1970-01-01T00:00:00.999999Z" },
	{ 1700000123456789012LL, "2023-11-14T22:15:23.456789Z" },
	{ 951782400000000000LL, "2000-02-29T00:00:00.000000Z" },
	{ 1709164800000000000LL, "2024-02-29T00:00:00.000000Z" },
	{ 1709251199999999999LL, "2024-02-29T23:59:59.999999Z" },
	{ 4102444800000000000LL, "2100-01-01T00:00:00.000000Z" },
};

static void test_rfc3339(void **state)
{
	const struct rfc3339_case *c = *state;
	char buf[64];

	format_rfc3339(buf, sizeof(buf), c->ns);
	assert_string_equal(buf, c->want);
}

static void test_event_helpers(void **state)
{
	struct bind_event e = golden_cases[5].e; /* failed bind, requested 192.168.1.10:8080 */
	const uint8_t *addr;
	uint16_t port;

	(void)state;
	assert_true(event_subject(&e, &addr, &port));
	assert_ptr_equal(addr, e.req_addr);
	assert_int_equal(port, 8080);
	assert_int_equal(event_class(&e), ADDR_CLASS_PRIVATE);
	e.flags = 0;
	assert_false(event_subject(&e, &addr, &port));
	assert_int_equal(event_class(&e), ADDR_CLASS_UNKNOWN);

	/* a failed listen is about the bound address, not a requested one */
	e = golden_cases[8].e;
	e.ret = -EADDRINUSE;
	assert_true(event_subject(&e, &addr, &port));
	assert_ptr_equal(addr, e.addr);
	assert_int_equal(port, 45678);

	e = golden_cases[1].e;
	assert_true(event_is_dual_stack(&e));
	e.flags |= BG_F_V6ONLY;
	assert_false(event_is_dual_stack(&e));
	e = golden_cases[1].e;
	e.flags &= (uint8_t)~BG_F_EFF_VALID;
	assert_false(event_is_dual_stack(&e)); /* nothing known about the address */
	e = golden_cases[0].e;
	assert_false(event_is_dual_stack(&e)); /* IPv4 */
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_time_zones),
		cmocka_unit_test(test_time_cache_matches_uncached),
		cmocka_unit_test(test_text_cache_matches_uncached),
		cmocka_unit_test(test_table_header),
		cmocka_unit_test(test_result_column_aligned),
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_sizes),
		cmocka_unit_test(test_decode_reasons),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_decode_backend),
		cmocka_unit_test(test_socket_owner),
		cmocka_unit_test(test_errno_names_in_lines),
		cmocka_unit_test(test_event_helpers),
	};
	static struct CMUnitTest tests[2 * ARRAY_SIZE(golden_cases) + ARRAY_SIZE(decode_rejects) +
				       ARRAY_SIZE(protocol_cases) + ARRAY_SIZE(rfc3339_cases) +
				       ARRAY_SIZE(comm_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	/* Golden table lines are in local time: pin it. */
	setenv("TZ", "UTC", 1);
	tzset();

	for (size_t i = 0; i < ARRAY_SIZE(golden_cases); i++)
		add_test(&l, test_golden_table, &golden_cases[i], "table line: %s",
			 golden_cases[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(golden_cases); i++)
		add_test(&l, test_golden_json, &golden_cases[i], "JSON line: %s",
			 golden_cases[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(decode_rejects); i++)
		add_test(&l, test_decode_reject, &decode_rejects[i], "decode_event rejects %s",
			 decode_rejects[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(protocol_cases); i++)
		add_test(&l, test_protocol_name, &protocol_cases[i], "protocol_name(%u, %u) is %s",
			 protocol_cases[i].protocol, protocol_cases[i].sock_type,
			 protocol_cases[i].want);
	for (size_t i = 0; i < ARRAY_SIZE(rfc3339_cases); i++)
		add_test(&l, test_rfc3339, &rfc3339_cases[i], "format_rfc3339 gives %s",
			 rfc3339_cases[i].want);
	for (size_t i = 0; i < ARRAY_SIZE(comm_cases); i++)
		add_test(&l, test_format_comm, &comm_cases[i], "format_comm row %zu gives %s", i,
			 comm_cases[i].want);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "event_format", NULL, NULL);
}
