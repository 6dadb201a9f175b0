// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the firewall evaluator (user/firewall): rulesets in
 * libnftables' JSON (as `nft -j list ruleset` prints them), one new inbound
 * connection, the verdict and the rule that decided it. */
#include "table_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "firewall/fw_dnat.h"
#include "firewall/fw_eval.h"

#define M_DPORT(proto, port)                                                                       \
	"{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"" proto                   \
	"\",\"field\":\"dport\"}},\"right\":" port "}}"
#define M_META(key, op, value)                                                                     \
	"{\"match\":{\"op\":\"" op "\",\"left\":{\"meta\":{\"key\":\"" key "\"}},\"right\":" value \
	"}}"
#define M_ADDR(proto, field, value)                                                                \
	"{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"" proto                   \
	"\",\"field\":\"" field "\"}},\"right\":" value "}}"
#define M_CT(op, value)                                                                            \
	"{\"match\":{\"op\":\"" op "\",\"left\":{\"ct\":{\"key\":\"state\"}},\"right\":" value "}" \
	"}"
#define ACCEPT	       "{\"accept\":null}"
#define DROP	       "{\"drop\":null}"
#define REJECT	       "{\"reject\":{\"type\":\"tcp reset\"}}"
#define COUNTER	       "{\"counter\":{\"packets\":0,\"bytes\":0}}"
#define JUMP(chain)    "{\"jump\":{\"target\":\"" chain "\"}}"
#define GOTO(chain)    "{\"goto\":{\"target\":\"" chain "\"}}"
#define RETURN	       "{\"return\":null}"
#define XT(type, name) "{\"xt\":{\"type\":\"" type "\",\"name\":\"" name "\"}}"

/* A regular chain "sub" of inet filter with rules (handles 100, 101 ...). */
#define SUB_CHAIN "{\"chain\":{\"family\":\"inet\",\"table\":\"filter\",\"name\":\"sub\"}}"
#define SUB_RULE(n, expr)                                                                          \
	"{\"rule\":{\"family\":\"inet\",\"table\":\"filter\",\"chain\":\"sub\",\"handle\":" n      \
	",\"expr\":[" expr "]}}"
/* A prerouting chain "pre" of inet filter at priority prio (raw: -300),
 * and its rules (handles 200, 201 ...). */
#define PRE_CHAIN(prio)                                                                            \
	"{\"chain\":{\"family\":\"inet\",\"table\":\"filter\",\"name\":\"pre\",\"type\":"          \
	"\"filter\",\"hook\":\"prerouting\",\"prio\":" prio ",\"policy\":\"accept\"}}"
#define PRE_RULE(n, expr)                                                                          \
	"{\"rule\":{\"family\":\"inet\",\"table\":\"filter\",\"chain\":\"pre\",\"handle\":" n      \
	",\"expr\":[" expr "]}}"
#define NOTRACK "{\"notrack\":null}"
/* A table "d" with flags (JSON) whose input chain drops everything. */
#define DROPPING_TABLE(flags)                                                                      \
	"{\"table\":{\"family\":\"inet\",\"name\":\"d\",\"flags\":" flags "}},"                    \
	"{\"chain\":{\"family\":\"inet\",\"table\":\"d\",\"name\":\"input\",\"type\":\"filter\","  \
	"\"hook\":\"input\",\"prio\":0,\"policy\":\"drop\"}}"
#define M_FIB(result, flags, right)                                                                \
	"{\"match\":{\"op\":\"==\",\"left\":{\"fib\":{\"result\":\"" result "\",\"flags\":" flags  \
	"}},\"right\":" right "}}"
/* A named set of ports in inet filter; elem is its "elem" member's JSON. */
#define NAMED_SET(name, elem)                                                                      \
	"{\"set\":{\"family\":\"inet\",\"table\":\"filter\",\"name\":\"" name                      \
	"\",\"type\":\"inet_service\",\"elem\":" elem "}}"
#define SET_PORTS                                                                                  \
	NAMED_SET("allowed",                                                                       \
		  "[22,{\"range\":[8000,8099]},{\"elem\":{\"val\":443,\"comment\":\"web\"}}]")

/* A row: its name, { the ruleset }, { the connection }, { the verdict }. */
struct fw_case {
	const char *name;
	struct {
		const char *policy;   /* of inet filter input */
		const char *rules[6]; /* expr lists of its rules, handles 1, 2, ... */
		const char *extra;    /* more items (chains, sets), or NULL */
	} ruleset;
	struct {
		int family, proto, port;
		const char *daddr;   /* NULL: unknown */
		const char *iifname; /* "eth0,wlan0": it may come in on either; NULL: unknown */
	} in;
	struct {
		enum fw_verdict_kind kind;
		int64_t handle;	    /* -1: a policy or nothing */
		const char *reason; /* substring, or NULL: not checked */
	} want;
};

#define T4 AF_INET, IPPROTO_TCP
#define U4 AF_INET, IPPROTO_UDP
#define T6 AF_INET6, IPPROTO_TCP

static const struct fw_case cases[] = {
	{ "policy accept, no rules",
	  { "accept", { NULL }, NULL },
	  { T4, 80, "192.168.1.2", "eth0" },
	  { FW_EXPOSED, -1, "policy of inet filter input" } },
	{ "policy drop, no rules",
	  { "drop", { NULL }, NULL },
	  { T4, 80, "192.168.1.2", "eth0" },
	  { FW_BLOCKED, -1, "dropped by the policy" } },
	{ "policy drop, port accepted",
	  { "drop", { M_DPORT("tcp", "8080") "," ACCEPT }, NULL },
	  { T4, 8080, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, "accepted by rule 1" } },
	{ "policy drop, other port",
	  { "drop", { M_DPORT("tcp", "8080") "," ACCEPT }, NULL },
	  { T4, 8081, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, "policy" } },
	{ "tcp rule does not match udp",
	  { "drop", { M_DPORT("tcp", "53") "," ACCEPT }, NULL },
	  { U4, 53, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, "policy" } },
	{ "udp rule",
	  { "drop", { M_DPORT("udp", "53") "," ACCEPT }, NULL },
	  { U4, 53, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "th dport",
	  { "drop", { M_DPORT("th", "53") "," ACCEPT }, NULL },
	  { U4, 53, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "reject",
	  { "accept", { M_DPORT("tcp", "7000") "," REJECT }, NULL },
	  { T4, 7000, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, 1, "rejected by rule 1 of inet filter input" } },
	{ "drop with counter",
	  { "accept", { M_DPORT("tcp", "7000") "," COUNTER "," DROP }, NULL },
	  { T4, 7000, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, 1, "dropped by rule 1" } },
	{ "anonymous set with range",
	  { "drop",
	    { M_DPORT("tcp", "{\"set\":[{\"range\":[9000,9010]},9100]}") "," ACCEPT },
	    NULL },
	  { T4, 9005, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "anonymous set, outside",
	  { "drop",
	    { M_DPORT("tcp", "{\"set\":[{\"range\":[9000,9010]},9100]}") "," ACCEPT },
	    NULL },
	  { T4, 9011, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "named set, element with comment",
	  { "drop", { M_DPORT("tcp", "\"@allowed\"") "," ACCEPT }, SET_PORTS },
	  { T4, 443, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "named set, range",
	  { "drop", { M_DPORT("tcp", "\"@allowed\"") "," ACCEPT }, SET_PORTS },
	  { T4, 8050, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "named set, not in it",
	  { "drop", { M_DPORT("tcp", "\"@allowed\"") "," ACCEPT }, SET_PORTS },
	  { T4, 8100, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "!= port",
	  { "accept",
	    { "{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":"
	      "\"tcp\",\"field\":\"dport\"}},\"right\":22}}," DROP },
	    NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, 1, NULL } },
	{ "!= port, that port",
	  { "accept",
	    { "{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":"
	      "\"tcp\",\"field\":\"dport\"}},\"right\":22}}," DROP },
	    NULL },
	  { T4, 22, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, -1, NULL } },
	{ "ct state established,related does not take a new connection",
	  { "drop", { M_CT("in", "[\"established\",\"related\"]") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "ct state new accept",
	  { "drop", { M_CT("==", "\"new\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "ct state invalid drop, then accept",
	  { "drop", { M_CT("==", "\"invalid\"") "," DROP, M_DPORT("tcp", "80") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 2, NULL } },
	{ "iifname lo accept does not take eth0",
	  { "drop", { M_META("iifname", "==", "\"lo\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "iifname wildcard",
	  { "drop", { M_META("iifname", "==", "\"eth*\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "iifname lo accept: no remote host comes in on lo",
	  { "drop", { M_META("iifname", "==", "\"lo\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0,wlan0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "accepted on one of two interfaces: some hosts only",
	  { "drop", { M_META("iifname", "==", "\"eth0\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0,wlan0" },
	  { FW_EXPOSED, 1, "incoming interface" } },
	{ "dropped on one of two interfaces: still exposed through the other",
	  { "accept", { M_META("iifname", "==", "\"wlan0\"") "," DROP }, NULL },
	  { T4, 80, "10.0.0.1", "eth0,wlan0" },
	  { FW_EXPOSED, -1, "for some hosts only" } },
	{ "a wildcard taking both interfaces",
	  { "drop",
	    { M_META("iifname", "==", "{\"set\":[\"eth*\",\"wlan0\"]}") "," ACCEPT },
	    NULL },
	  { T4, 80, "10.0.0.1", "eth0,wlan0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "iif unknown for a latent wildcard",
	  { "drop", { M_META("iif", "==", "\"eth0\"") "," ACCEPT }, NULL },
	  { T4, 80, NULL, NULL },
	  { FW_UNKNOWN, 1, "incoming interface" } },
	{ "meta l4proto",
	  { "drop", { M_META("l4proto", "==", "\"tcp\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "meta l4proto udp, tcp packet",
	  { "drop", { M_META("l4proto", "==", "\"udp\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "meta l4proto in set",
	  { "drop", { M_META("l4proto", "==", "{\"set\":[\"tcp\",\"udp\"]}") "," ACCEPT }, NULL },
	  { U4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "ip daddr matches",
	  { "drop", { M_ADDR("ip", "daddr", "\"10.1.2.3\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.1.2.3", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "ip daddr other address",
	  { "drop", { M_ADDR("ip", "daddr", "\"10.1.2.3\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.1.2.4", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "ip daddr prefix",
	  { "drop",
	    { M_ADDR("ip", "daddr", "{\"prefix\":{\"addr\":\"10.1.0.0\",\"len\":16}}") "," ACCEPT },
	    NULL },
	  { T4, 80, "10.1.200.3", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "ip6 daddr",
	  { "drop", { M_ADDR("ip6", "daddr", "\"2001:db8::1\"") "," ACCEPT }, NULL },
	  { T6, 80, "2001:db8::1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "ip rule skips IPv6",
	  { "drop", { M_ADDR("ip", "daddr", "\"10.1.2.3\"") "," ACCEPT }, NULL },
	  { T6, 80, "2001:db8::1", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "saddr: exposed to some hosts",
	  { "drop",
	    { M_ADDR("ip", "saddr", "{\"prefix\":{\"addr\":\"10.0.0.0\",\"len\":8}}") "," ACCEPT },
	    NULL },
	  { T4, 5432, "10.1.2.3", "eth0" },
	  { FW_EXPOSED, 1, "for some hosts only" } },
	{ "saddr loopback never matches a remote host",
	  { "drop",
	    { M_ADDR("ip", "saddr", "{\"prefix\":{\"addr\":\"127.0.0.0\",\"len\":8}}") "," ACCEPT },
	    NULL },
	  { T4, 80, "10.1.2.3", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "saddr drop under policy drop is blocked either way",
	  { "drop", { M_ADDR("ip", "saddr", "\"10.9.9.9\"") "," DROP }, NULL },
	  { T4, 80, "10.1.2.3", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "jump to a chain that accepts",
	  { "drop",
	    { M_DPORT("tcp", "7001") "," JUMP("sub") },
	    SUB_CHAIN "," SUB_RULE("100", M_DPORT("tcp", "7001") "," ACCEPT) },
	  { T4, 7001, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 100, "rule 100 of inet filter sub" } },
	{ "jump, return, then policy",
	  { "drop",
	    { JUMP("sub") },
	    SUB_CHAIN "," SUB_RULE("100", RETURN) "," SUB_RULE("101", ACCEPT) },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, "policy" } },
	{ "jump, end of chain, next rule",
	  { "drop", { JUMP("sub"), M_DPORT("tcp", "80") "," ACCEPT }, SUB_CHAIN },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 2, NULL } },
	{ "goto: its end is the base policy",
	  { "drop", { GOTO("sub"), M_DPORT("tcp", "80") "," ACCEPT }, SUB_CHAIN },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, "policy" } },
	{ "jump to a missing chain",
	  { "drop", { JUMP("nowhere") }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "not there" } },
	{ "rate limit accept under policy drop",
	  { "drop",
	    { M_DPORT("tcp", "3000") ",{\"limit\":{\"rate\":10,\"per\":\"second\"}}," ACCEPT },
	    NULL },
	  { T4, 3000, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "rate limit" } },
	{ "meta mark: beyond judgement",
	  { "drop", { M_META("mark", "==", "1") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "meta mark" } },
	{ "unjudgeable accept, then port accept: exposed either way",
	  { "drop",
	    { M_META("mark", "==", "1") "," ACCEPT, M_DPORT("tcp", "80") "," ACCEPT },
	    NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 2, NULL } },
	{ "unjudgeable drop, then port accept",
	  { "drop", { M_META("mark", "==", "1") "," DROP, M_DPORT("tcp", "80") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, NULL } },
	{ "unjudgeable drop under policy drop: blocked either way",
	  { "drop", { M_META("mark", "==", "1") "," DROP }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
	{ "iptables-nft conntrack match",
	  { "drop", { XT("match", "conntrack") "," COUNTER "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "iptables extension 'conntrack'" } },
	{ "iptables-nft REJECT target",
	  { "accept", { M_DPORT("udp", "53") "," COUNTER "," XT("target", "REJECT") }, NULL },
	  { U4, 53, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, 1, "rejected" } },
	{ "unknown statement",
	  { "drop", { M_DPORT("tcp", "80") ",{\"queue\":{\"num\":1}}" }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "queue" } },
	{ "verdict map on ct state",
	  { "drop",
	    { "{\"vmap\":{\"key\":{\"ct\":{\"key\":\"state\"}},\"data\":{\"set\":[[\"established\","
	      "{\"accept\":null}],[\"new\",{\"jump\":{\"target\":\"sub\"}}]]}}}" },
	    SUB_CHAIN "," SUB_RULE("100", M_DPORT("tcp", "22") "," ACCEPT) },
	  { T4, 22, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 100, NULL } },
	/* Found by fuzz_firewall: members that are not the objects nft prints. */
	{ "match whose left side is a number",
	  { "drop", { "{\"match\":{\"op\":\"==\",\"left\":5,\"right\":80}}," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "an expression" } },
	{ "statement that is not an object",
	  { "drop", { "5," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "cannot read" } },
	{ "verdict map whose verdict is not an object",
	  { "drop",
	    { "{\"vmap\":{\"key\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},"
	      "\"data\":{\"set\":[[80,\"accept\"]]}}}" },
	    NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "verdict map" } },
	{ "named set that names itself",
	  { "drop", { M_DPORT("tcp", "\"@self\"") "," ACCEPT }, NAMED_SET("self", "[\"@self\"]") },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, NULL } },
	{ "named set whose elements are one number, not a list",
	  { "drop", { M_DPORT("tcp", "\"@one\"") "," ACCEPT }, NAMED_SET("one", "80") },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	/* Found by an adversarial review: each was "blocked" while a host
	 * on the network connected. */
	{ "!= on a transport header the packet lacks does not match",
	  { "accept",
	    { "{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":"
	      "\"udp\",\"field\":\"dport\"}},\"right\":53}}," DROP },
	    NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, -1, "policy" } },
	{ "!= on an IPv4 address does not match an IPv6 packet",
	  { "accept",
	    { "{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":"
	      "\"ip\",\"field\":\"daddr\"}},\"right\":\"192.0.2.1\"}}," DROP },
	    NULL },
	  { T6, 80, "fd00::1", "eth0" },
	  { FW_EXPOSED, -1, "policy" } },
	{ "fib saddr type local: a host's source is not local",
	  { "accept",
	    { M_FIB("type", "[\"saddr\"]", "\"local\"") "," M_META("iifname",
								   "!=", "\"lo\"") "," DROP },
	    NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, -1, "policy" } },
	{ "fib daddr type local: the listener's address is",
	  { "drop", { M_FIB("type", "[\"daddr\"]", "\"local\"") "," ACCEPT }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, 1, NULL } },
	{ "reverse-path check: a host that can connect has a route back",
	  { "accept", { M_FIB("oif", "[\"saddr\",\"iif\"]", "false") "," DROP }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, -1, "policy" } },
	{ "fib lookup of another kind stays unknown",
	  { "accept", { M_FIB("oif", "[\"daddr\"]", "false") "," DROP }, NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_UNKNOWN, 1, "fib" } },
	{ "notrack before conntrack: ct state is untracked, not new",
	  { "accept",
	    { M_CT("in", "\"new\"") "," DROP },
	    PRE_CHAIN("-300") "," PRE_RULE("200", M_DPORT("tcp", "8001") "," NOTRACK) },
	  { T4, 8001, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, -1, "policy" } },
	{ "notrack of another port leaves the state new",
	  { "accept",
	    { M_CT("in", "\"new\"") "," DROP },
	    PRE_CHAIN("-300") "," PRE_RULE("200", M_DPORT("tcp", "8001") "," NOTRACK) },
	  { T4, 8002, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, 1, NULL } },
	{ "notrack after conntrack does nothing",
	  { "accept",
	    { M_CT("in", "\"new\"") "," DROP },
	    PRE_CHAIN("0") "," PRE_RULE("200", M_DPORT("tcp", "8001") "," NOTRACK) },
	  { T4, 8001, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, 1, NULL } },
	{ "a dormant table sees no packet",
	  { "accept", { NULL }, DROPPING_TABLE("\"dormant\"") },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, -1, "policy of inet filter input" } },
	{ "a dormant table as nft 1.0.6 prints it",
	  { "accept", { NULL }, DROPPING_TABLE("\"d\"") },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_EXPOSED, -1, "policy of inet filter input" } },
	{ "a table with other flags is awake",
	  { "accept", { NULL }, DROPPING_TABLE("[\"owner\",\"persist\"]") },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, "policy of inet d input" } },
	{ "verdict map on dport, no entry",
	  { "drop",
	    { "{\"vmap\":{\"key\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},"
	      "\"data\":{"
	      "\"set\":[[22,{\"accept\":null}]]}}}" },
	    NULL },
	  { T4, 80, "10.0.0.1", "eth0" },
	  { FW_BLOCKED, -1, NULL } },
};

static char *build_ruleset(const struct fw_case *c)
{
	struct {
		char *buf;
		size_t len;
	} m;
	FILE *f = open_memstream(&m.buf, &m.len);

	assert_non_null(f);
	fprintf(f,
		"{\"nftables\":[{\"metainfo\":{\"json_schema_version\":1}},"
		"{\"table\":{\"family\":\"inet\",\"name\":\"filter\",\"handle\":1}},"
		"{\"chain\":{\"family\":\"inet\",\"table\":\"filter\",\"name\":\"input\","
		"\"handle\":1,\"type\":\"filter\",\"hook\":\"input\",\"prio\":0,"
		"\"policy\":\"%s\"}}",
		c->ruleset.policy);
	if (c->ruleset.extra)
		fprintf(f, ",%s", c->ruleset.extra);
	for (size_t i = 0; i < 6 && c->ruleset.rules[i]; i++)
		fprintf(f,
			",{\"rule\":{\"family\":\"inet\",\"table\":\"filter\",\"chain\":\"input\","
			"\"handle\":%zu,\"expr\":[%s]}}",
			i + 1, c->ruleset.rules[i]);
	fprintf(f, "]}");
	fclose(f);
	return m.buf;
}

/* "eth0,eth1": the interfaces a connection may arrive on */
static void packet_of(const struct fw_case *c, struct fw_packet *p, char (*names)[16],
		      const char **list)
{
	memset(p, 0, sizeof(*p));
	p->family = c->in.family;
	p->l4proto = c->in.proto;
	p->dport = (uint16_t)c->in.port;
	for (const char *s = c->in.iifname; s && *s && p->n_iifnames < 4;) {
		size_t n = strcspn(s, ",");

		snprintf(names[p->n_iifnames], 16, "%.*s", (int)n, s);
		list[p->n_iifnames] = names[p->n_iifnames];
		p->n_iifnames++;
		s += n + (s[n] == ',');
	}
	p->iifnames = list;
	if (c->in.daddr) {
		p->have_daddr = true;
		assert_int_equal(inet_pton(c->in.family, c->in.daddr, p->daddr), 1);
	}
}

static void test_case(void **state)
{
	const struct fw_case *c = *state;
	char *json = build_ruleset(c), err[128] = "", names[4][16];
	const char *list[4];
	struct fw_ruleset *rs;
	struct fw_verdict v;
	struct fw_packet p;

	if (fw_ruleset_parse(json, &rs, err, sizeof(err)))
		fail_msg("parse: %s\n%s", err, json);
	packet_of(c, &p, names, list);
	fw_evaluate(rs, &p, &v);
	if (v.kind != c->want.kind || v.handle != c->want.handle ||
	    (c->want.reason && !strstr(v.reason, c->want.reason)))
		fail_msg("got %s (handle %lld: %s), want %s (handle %lld, \"%s\")",
			 fw_verdict_name(v.kind), (long long)v.handle, v.reason,
			 fw_verdict_name(c->want.kind), (long long)c->want.handle,
			 c->want.reason ? c->want.reason : "");
	fw_ruleset_free(rs);
	free(json);
}

/* --- whole rulesets ------------------------------------------------------------ */

/* Two base chains: ip filter INPUT (iptables-nft, policy accept) at 0,
 * inet filter input at 10 dropping; both must accept. */
static const char two_chains[] =
    "{\"nftables\":[{\"chain\":{\"family\":\"inet\",\"table\":\"fw\",\"name\":\"input\","
    "\"type\":\"filter\",\"hook\":\"input\",\"prio\":10,\"policy\":\"drop\"}},"
    "{\"chain\":{\"family\":\"ip\",\"table\":\"filter\",\"name\":\"INPUT\",\"type\":\"filter\","
    "\"hook\":\"input\",\"prio\":0,\"policy\":\"accept\"}},"
    "{\"rule\":{\"family\":\"ip\",\"table\":\"filter\",\"chain\":\"INPUT\",\"handle\":4,"
    "\"expr\":[" M_DPORT(
	"tcp",
	"80") "," COUNTER "," ACCEPT "]}},"
	      "{\"rule\":{\"family\":\"inet\",\"table\":\"fw\",\"chain\":\"input\",\"handle\":7,"
	      "\"expr\":[" M_DPORT(
		  "tcp", "443") "," ACCEPT "]}},"
				"{\"chain\":{\"family\":\"ip\",\"table\":\"nat\",\"name\":"
				"\"PREROUTING\",\"type\":\"nat\","
				"\"hook\":\"prerouting\",\"prio\":-100,\"policy\":\"accept\"}}]}";

static void test_base_chains_in_order(void **state)
{
	static const char *const eth0[] = { "eth0" };
	struct fw_packet p = {
		.family = AF_INET, .l4proto = IPPROTO_TCP, .iifnames = eth0, .n_iifnames = 1
	};
	struct fw_ruleset *rs;
	struct fw_verdict v;
	char err[128];

	(void)state;
	assert_int_equal(fw_ruleset_parse(two_chains, &rs, err, sizeof(err)), 0);
	assert_int_equal(fw_ruleset_input_chains(rs), 2); /* nat is not on the filter path */
	p.dport = 80; /* accepted by iptables' INPUT, then dropped by the inet policy */
	fw_evaluate(rs, &p, &v);
	assert_int_equal(v.kind, FW_BLOCKED);
	assert_string_equal(v.chain, "inet fw input");
	p.dport = 443; /* INPUT's policy, then inet's rule 7 */
	fw_evaluate(rs, &p, &v);
	assert_int_equal(v.kind, FW_EXPOSED);
	assert_string_equal(v.chain, "inet fw input");
	assert_int_equal(v.handle, 7);
	p.family = AF_INET6; /* the ip table is not on an IPv6 packet's path */
	p.dport = 80;
	fw_evaluate(rs, &p, &v);
	assert_int_equal(v.kind, FW_BLOCKED);
	fw_ruleset_free(rs);
}

static void test_empty_ruleset(void **state)
{
	struct fw_packet p = { .family = AF_INET6, .l4proto = IPPROTO_UDP, .dport = 5353 };
	struct fw_ruleset *rs;
	struct fw_verdict v;
	char err[128];

	(void)state;
	assert_int_equal(
	    fw_ruleset_parse("{\"nftables\":[{\"metainfo\":{}}]}", &rs, err, sizeof(err)), 0);
	fw_evaluate(rs, &p, &v);
	assert_int_equal(v.kind, FW_EXPOSED);
	assert_non_null(strstr(v.reason, "no nftables chain"));
	fw_ruleset_free(rs);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"{",
		"[]",
		"{\"nftables\":{}}",
		"{\"nftables\":[{\"rule\":{\"family\":\"inet\",\"table\":\"t\",\"chain\":\"c\","
		"\"expr\":[]}}]}", /* a rule of a chain never listed */
		"{\"nftables\":[{\"chain\":{\"family\":\"inet\"}}]}",
	};
	struct fw_ruleset *rs;
	char err[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		assert_int_equal(fw_ruleset_parse(bad[i], &rs, err, sizeof(err)), -EINVAL);
		assert_null(rs);
		assert_true(err[0] != '\0');
	}
}

static void test_merge(void **state)
{
	struct fw_verdict acc, blocked = { .kind = FW_BLOCKED }, unknown = { .kind = FW_UNKNOWN },
			       exposed = { .kind = FW_EXPOSED };

	(void)state;
	fw_verdict_merge(&acc, &blocked, true);
	assert_int_equal(acc.kind, FW_BLOCKED);
	fw_verdict_merge(&acc, &unknown, false);
	assert_int_equal(acc.kind, FW_UNKNOWN);
	fw_verdict_merge(&acc, &blocked, false);
	assert_int_equal(acc.kind, FW_UNKNOWN);
	fw_verdict_merge(&acc, &exposed, false);
	assert_int_equal(acc.kind, FW_EXPOSED);
	fw_verdict_merge(&acc, &unknown, false);
	assert_int_equal(acc.kind, FW_EXPOSED);
}

/* Docker's shape (iptables-nft): PREROUTING jumps to DOCKER, which
 * returns for its bridge and DNATs published ports; plus a native dnat
 * with a range and one on loopback only, and a chain nothing jumps to. */
static const char nat_ruleset[] =
    "{\"nftables\":["
    "{\"chain\":{\"family\":\"ip\",\"table\":\"nat\",\"name\":\"PREROUTING\","
    "\"type\":\"nat\",\"hook\":\"prerouting\",\"prio\":-100,\"policy\":\"accept\"}},"
    "{\"chain\":{\"family\":\"ip\",\"table\":\"nat\",\"name\":\"DOCKER\"}},"
    "{\"chain\":{\"family\":\"ip\",\"table\":\"nat\",\"name\":\"UNUSED\"}},"
    "{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"PREROUTING\",\"handle\":3,"
    "\"expr\":[{\"xt\":{\"type\":\"match\",\"name\":\"addrtype\"}}," COUNTER "," JUMP(
	"DOCKER") "]}},"
		  "{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":\"DOCKER\","
		  "\"handle\":5,"
		  "\"expr\":[" M_META(
		      "iifname", "==",
		      "\"docker0\"") "," COUNTER "," RETURN "]}},"
				     "{\"rule\":{\"family\":\"ip\",\"table\":\"nat\",\"chain\":"
				     "\"DOCKER\",\"handle\":6,"
				     "\"expr\":[" M_DPORT("tcp", "8080") "," COUNTER "," XT(
					 "target",
					 "DNAT") "]}},"
						 "{\"rule\":{\"family\":\"ip\",\"table\":"
						 "\"nat\",\"chain\":\"DOCKER\",\"handle\":7,"
						 "\"expr\":[" M_ADDR("ip", "daddr", "\"127.0.0.1\"") "," M_DPORT(
						     "udp",
						     "5353") ",{\"dnat\":{\"addr\":\"172.17.0."
							     "3\",\"port\":53}}]}},"
							     "{\"rule\":{\"family\":\"ip\","
							     "\"table\":\"nat\",\"chain\":"
							     "\"DOCKER\",\"handle\":8,"
							     "\"expr\":[" M_DPORT(
								 "tcp",
								 "{\"range\":[9000,9009]"
								 "}") ",{\"dnat\":{"
								      "\"addr\":\"10.88."
								      "0.5\"}}]}},"
								      "{\"rule\":{"
								      "\"family\":"
								      "\"ip\",\"table\":"
								      "\"nat\","
								      "\"chain\":"
								      "\"UNUSED\","
								      "\"handle\":9,"
								      "\"expr\":"
								      "[" M_DPORT("tcp",
										  "1") ",{"
										       "\"dnat\""
										       ":{"
										       "\"addr\""
										       ":\"10.0."
										       "0.9\"}}]"
										       "}}]}";

static void test_dnats(void **state)
{
	struct fw_dnat d[8];
	struct fw_ruleset *rs;
	char err[128];

	(void)state;
	assert_int_equal(fw_ruleset_parse(nat_ruleset, &rs, err, sizeof(err)), 0);
	assert_int_equal(fw_find_dnats(rs, d, 8), 3); /* not UNUSED's: nothing jumps there */
	assert_true(d[0].iptables);
	assert_int_equal(d[0].l4proto, IPPROTO_TCP);
	assert_int_equal(d[0].port_lo, 8080);
	assert_int_equal(d[0].port_hi, 8080);
	assert_string_equal(d[0].to_addr, "");
	assert_string_equal(d[0].chain, "ip nat DOCKER");
	assert_int_equal(d[0].handle, 6);
	assert_int_equal(d[1].l4proto, IPPROTO_UDP);
	assert_string_equal(d[1].daddr, "127.0.0.1");
	assert_true(d[1].daddr_local);
	assert_string_equal(d[1].to_addr, "172.17.0.3");
	assert_int_equal(d[1].to_port, 53);
	assert_int_equal(d[2].port_lo, 9000);
	assert_int_equal(d[2].port_hi, 9009);
	assert_false(d[2].daddr_local);
	assert_int_equal(d[2].to_port, 0);
	/* fewer slots than rules: the count says how many there were */
	assert_int_equal(fw_find_dnats(rs, d, 1), 3);
	fw_ruleset_free(rs);
}

/* Found by fuzz_firewall: a port range that is not a list is no range. */
static void test_dnat_odd_range(void **state)
{
	static const char odd[] =
	    "{\"nftables\":[{\"chain\":{\"family\":\"ip\",\"table\":\"nat\",\"name\":"
	    "\"PREROUTING\",\"type\":\"nat\",\"hook\":\"prerouting\",\"prio\":-100,"
	    "\"policy\":\"accept\"}},{\"rule\":{\"family\":\"ip\",\"table\":\"nat\","
	    "\"chain\":\"PREROUTING\",\"handle\":2,\"expr\":[" M_DPORT(
		"tcp", "{\"range\":5}") ",{\"dnat\":{\"addr\":\"10.0.0.1\"}}]}}]}";
	struct fw_dnat d[2];
	struct fw_ruleset *rs;
	char err[128];

	(void)state;
	assert_int_equal(fw_ruleset_parse(odd, &rs, err, sizeof(err)), 0);
	assert_int_equal(fw_find_dnats(rs, d, 2), 1);
	assert_int_equal(d[0].port_lo, 0);
	assert_int_equal(d[0].port_hi, 0);
	assert_string_equal(d[0].to_addr, "10.0.0.1");
	fw_ruleset_free(rs);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_base_chains_in_order),
		cmocka_unit_test(test_empty_ruleset),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_dnats),
		cmocka_unit_test(test_dnat_odd_range),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_case, &cases[i], "firewall: %s", cases[i].name);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "fw_eval", NULL, NULL);
}
