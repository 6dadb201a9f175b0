// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/policy.c: INI policies, their errors with line numbers, policy files. */
#include "table_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enforcement/policy.h"

#define ORIGIN "test.ini"

static const char readme_example[] = "[enforce]\n"
				     "mode  = rewrite\n"
				     "scope = wildcard\n"
				     "[allow]\n"
				     "ports = 22, 8000-8099\n"
				     "comm  = sshd, docker-proxy\n";

/* A line of exactly `len` characters: "cgroups = /aaa...". */
static char *cgroups_line(size_t len)
{
	static char line[512];
	size_t prefix = strlen("cgroups = /");

	memcpy(line, "cgroups = /", prefix);
	memset(line + prefix, 'a', len - prefix);
	line[len] = '\0';
	return line;
}

static void add_comm(struct bg_policy *p, const char *name)
{
	strncpy(p->comms[p->n_comms++], name, BG_COMM_LEN);
}

static void add_ports(struct bg_policy *p, uint16_t first, uint16_t last)
{
	p->ports[p->n_port_ranges].first = first;
	p->ports[p->n_port_ranges].last = last;
	p->n_port_ranges++;
}

/* What a policy should come out as: policy_init(), then build(). */
struct accept_case {
	const char *name;
	const char *text;
	void (*build)(struct policy_config *want);
};

static void build_nothing(struct policy_config *w)
{
	(void)w;
}

static void build_readme(struct policy_config *w)
{
	w->policy.mode = BG_MODE_REWRITE;
	w->policy.scope = BG_SCOPE_WILDCARD;
	add_ports(&w->policy, 22, 22);
	add_ports(&w->policy, 8000, 8099);
	add_comm(&w->policy, "sshd");
	add_comm(&w->policy, "docker-proxy");
}

static void build_deny(struct policy_config *w)
{
	w->policy.mode = BG_MODE_DENY;
}

static void build_log_non_loopback(struct policy_config *w)
{
	w->policy.mode = BG_MODE_LOG;
	w->policy.scope = BG_SCOPE_NON_LOOPBACK;
}

static void build_rewrite_127_0_0_2(struct policy_config *w)
{
	inet_pton(AF_INET, "127.0.0.2", w->policy.rewrite4);
}

static void build_rewrite_both(struct policy_config *w)
{
	inet_pton(AF_INET, "127.1.2.3", w->policy.rewrite4);
	inet_pton(AF_INET6, "::1", w->policy.rewrite6);
}

static void build_dual_mapped(struct policy_config *w)
{
	inet_pton(AF_INET6, "::ffff:127.0.0.1", w->policy.rewrite_dual);
}

static void build_three_targets(struct policy_config *w)
{
	inet_pton(AF_INET, "127.0.0.2", w->policy.rewrite4);
	inet_pton(AF_INET6, "::1", w->policy.rewrite6);
	inet_pton(AF_INET6, "::ffff:127.0.0.3", w->policy.rewrite_dual);
}

static void build_dual_v6(struct policy_config *w)
{
	inet_pton(AF_INET6, "::1", w->policy.rewrite_dual);
}

static void build_dual_from_v4(struct policy_config *w)
{
	inet_pton(AF_INET6, "::ffff:127.0.0.2", w->policy.rewrite_dual);
}

static void build_cgroup(struct policy_config *w)
{
	strcpy(w->cgroup, "/system.slice/web.service");
}

static void build_users_root(struct policy_config *w)
{
	w->policy.uids[w->policy.n_uids++] = 0;
}

static void build_users_mixed(struct policy_config *w)
{
	w->policy.uids[w->policy.n_uids++] = 0;
	w->policy.uids[w->policy.n_uids++] = 1000;
	w->policy.uids[w->policy.n_uids++] = 4294967294u;
}

static void build_tcp(struct policy_config *w)
{
	w->policy.allow_protocols = BG_PROTO_TCP;
}

static void build_udp_other(struct policy_config *w)
{
	w->policy.allow_protocols = BG_PROTO_UDP | BG_PROTO_OTHER;
}

static void build_all_protocols(struct policy_config *w)
{
	w->policy.allow_protocols = BG_PROTO_TCP | BG_PROTO_UDP | BG_PROTO_OTHER;
}

static void build_host_netns(struct policy_config *w)
{
	w->policy.host_netns_only = 1;
}

static void build_comm_15(struct policy_config *w)
{
	add_comm(&w->policy, "abcdefghijklmno");
}

static void build_ports_two_lines(struct policy_config *w)
{
	add_ports(&w->policy, 22, 22);
	add_ports(&w->policy, 80, 81);
	add_ports(&w->policy, 0, 65535);
}

static void build_32_ports(struct policy_config *w)
{
	for (int i = 0; i < BG_POLICY_MAX_PORT_RANGES; i++)
		add_ports(&w->policy, (uint16_t)(1000 + i), (uint16_t)(1000 + i));
}

static void build_16_comms(struct policy_config *w)
{
	char name[8];

	for (int i = 0; i < BG_POLICY_MAX_COMMS; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		add_comm(&w->policy, name);
	}
}

static void build_cgroups(struct policy_config *w)
{
	strcpy(w->allow_cgroups[0], "/system.slice/docker.service");
	strcpy(w->allow_cgroups[1], "/user.slice");
	w->n_allow_cgroups = 2;
}

static void build_long_cgroup(struct policy_config *w)
{
	strcpy(w->allow_cgroups[0], cgroups_line(198) + strlen("cgroups = "));
	w->n_allow_cgroups = 1;
}

static void build_everything(struct policy_config *w)
{
	w->policy.mode = BG_MODE_DENY;
	w->policy.scope = BG_SCOPE_NON_LOOPBACK;
	inet_pton(AF_INET, "127.0.0.53", w->policy.rewrite4);
	strcpy(w->cgroup, "/srv");
	add_ports(&w->policy, 53, 53);
	w->policy.allow_protocols = BG_PROTO_UDP;
	add_comm(&w->policy, "systemd-resolve");
	w->policy.uids[w->policy.n_uids++] = 0;
	strcpy(w->allow_cgroups[0], "/system.slice");
	w->n_allow_cgroups = 1;
	w->policy.host_netns_only = 1;
}

static const struct accept_case accept_cases[] = {
	{ "the README example", readme_example, build_readme },
	{ "empty text", "", build_nothing },
	{ "comments and blank lines",
	  "# a policy\n\n; nothing yet\n   \n[enforce]\n# mode = deny\n", build_nothing },
	{ "empty sections", "[enforce]\n[allow]\n", build_nothing },
	{ "mode deny", "[enforce]\nmode = deny\n", build_deny },
	{ "no blanks around =", "[enforce]\nmode=deny\n", build_deny },
	{ "blanks everywhere", "  [enforce]  \n   mode   =   deny   \n", build_deny },
	{ "inline comment", "[enforce]\nmode = deny ; the strictest\n", build_deny },
	{ "CRLF line ends", "[enforce]\r\nmode = deny\r\n", build_deny },
	{ "UTF-8 byte order mark", "\xef\xbb\xbf[enforce]\nmode = deny\n", build_deny },
	{ "no newline at the end", "[enforce]\nmode = deny", build_deny },
	{ "mode log, scope non-loopback", "[enforce]\nmode = log\nscope = non-loopback\n",
	  build_log_non_loopback },
	{ "rewrite to 127.0.0.2", "[enforce]\nrewrite_to = 127.0.0.2\n", build_rewrite_127_0_0_2 },
	{ "rewrite to both families", "[enforce]\nrewrite_to = 127.1.2.3, 0:0:0:0:0:0:0:1\n",
	  build_rewrite_both },
	{ "rewrite dual-stack sockets to ::ffff:127.0.0.1",
	  "[enforce]\nrewrite_to = ::ffff:127.0.0.1\n", build_dual_mapped },
	{ "one target of each kind", "[enforce]\nrewrite_to = ::ffff:127.0.0.3, 127.0.0.2, ::1\n",
	  build_three_targets },
	{ "dual-stack sockets to ::1", "[enforce]\ndual_stack_to = ::1\n", build_dual_v6 },
	{ "dual-stack target given in IPv4 form", "[enforce]\ndual_stack_to = 127.0.0.2\n",
	  build_dual_from_v4 },
	{ "attach cgroup", "[enforce]\ncgroup = /system.slice/web.service\n", build_cgroup },
	{ "user by name", "[allow]\nusers = root\n", build_users_root },
	{ "users by name and number", "[allow]\nusers = root, 1000\nusers = 4294967294\n",
	  build_users_mixed },
	{ "protocol tcp", "[allow]\nprotocols = tcp\n", build_tcp },
	{ "protocols in any case", "[allow]\nprotocols = UDP, Other\n", build_udp_other },
	{ "all protocols", "[allow]\nprotocols = tcp,udp\nprotocols = other\n",
	  build_all_protocols },
	{ "host_netns_only true", "[allow]\nhost_netns_only = true\n", build_host_netns },
	{ "host_netns_only yes", "[allow]\nhost_netns_only = yes\n", build_host_netns },
	{ "host_netns_only 1", "[allow]\nhost_netns_only = 1\n", build_host_netns },
	{ "host_netns_only TRUE", "[allow]\nhost_netns_only = TRUE\n", build_host_netns },
	{ "host_netns_only false", "[allow]\nhost_netns_only = false\n", build_nothing },
	{ "host_netns_only no", "[allow]\nhost_netns_only = no\n", build_nothing },
	{ "host_netns_only 0", "[allow]\nhost_netns_only = 0\n", build_nothing },
	{ "comm of 15 bytes", "[allow]\ncomm = abcdefghijklmno\n", build_comm_15 },
	{ "ports over several lines", "[allow]\nports = 22\nports = 80-81, 0-65535\n",
	  build_ports_two_lines },
	{ "32 port ranges",
	  "[allow]\nports = 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010\n"
	  "ports = 1011, 1012, 1013, 1014, 1015, 1016, 1017, 1018, 1019, 1020, 1021\n"
	  "ports = 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029, 1030, 1031\n",
	  build_32_ports },
	{ "16 process names",
	  "[allow]\ncomm = p0, p1, p2, p3, p4, p5, p6, p7\ncomm = p8, p9, p10, p11, p12, p13, p14, "
	  "p15\n",
	  build_16_comms },
	{ "cgroups", "[allow]\ncgroups = /system.slice/docker.service, /user.slice\n",
	  build_cgroups },
	{ "sections in any order, repeated",
	  "[allow]\nports = 53\n[enforce]\nmode = deny\nscope = non-loopback\n[allow]\n"
	  "protocols = udp\ncomm = systemd-resolve\nusers = root\ncgroups = /system.slice\n"
	  "host_netns_only = yes\n[enforce]\nrewrite_to = 127.0.0.53\ncgroup = /srv\n",
	  build_everything },
};

static void check_same_config(const struct policy_config *got, const struct policy_config *want)
{
	assert_int_equal(got->policy.mode, want->policy.mode);
	assert_int_equal(got->policy.scope, want->policy.scope);
	assert_int_equal(got->policy.host_netns_only, want->policy.host_netns_only);
	assert_int_equal(got->policy.allow_protocols, want->policy.allow_protocols);
	assert_int_equal(got->policy.n_port_ranges, want->policy.n_port_ranges);
	assert_int_equal(got->policy.n_uids, want->policy.n_uids);
	assert_int_equal(got->policy.n_comms, want->policy.n_comms);
	assert_int_equal(got->policy.n_cgroups, want->policy.n_cgroups);
	for (int i = 0; i < want->policy.n_comms; i++)
		assert_string_equal(got->policy.comms[i], want->policy.comms[i]);
	assert_string_equal(got->cgroup, want->cgroup);
	assert_int_equal(got->n_allow_cgroups, want->n_allow_cgroups);
	for (int i = 0; i < want->n_allow_cgroups; i++)
		assert_string_equal(got->allow_cgroups[i], want->allow_cgroups[i]);
	/* and every byte of the map value, padding included */
	assert_memory_equal(&got->policy, &want->policy, sizeof(got->policy));
}

static void test_accept(void **state)
{
	const struct accept_case *c = *state;
	static struct policy_config got, want;
	char err[POLICY_ERROR_LEN] = "stale";

	policy_init(&got);
	policy_init(&want);
	c->build(&want);
	if (policy_parse_string(&got, c->text, ORIGIN, err, sizeof(err)))
		fail_msg("rejected: %s", err);
	assert_string_equal(err, "");
	check_same_config(&got, &want);
}

static void check_error(const char *err, const char *where, const char *message);

/* A line of 198 characters is the longest accepted, and arrives whole,
 * whether lines end in LF or CRLF (measured without the CR). */
static void check_longest_line(const char *eol)
{
	static struct policy_config got, want;
	char err[POLICY_ERROR_LEN], text[1024];

	snprintf(text, sizeof(text), "[allow]%s%s%s", eol, cgroups_line(198), eol);
	policy_init(&got);
	policy_init(&want);
	build_long_cgroup(&want);
	if (policy_parse_string(&got, text, ORIGIN, err, sizeof(err)))
		fail_msg("rejected: %s", err);
	check_same_config(&got, &want);
	assert_int_equal(strlen(got.allow_cgroups[0]), 188);
}

static void test_longest_line(void **state)
{
	(void)state;
	check_longest_line("\n");
}

/* CRLF: and the lines after it keep their numbers. */
static void test_longest_line_crlf(void **state)
{
	static struct policy_config got;
	char err[POLICY_ERROR_LEN], text[1024];

	(void)state;
	check_longest_line("\r\n");
	snprintf(text, sizeof(text), "[allow]\r\n%s\r\nmode = x\r\n", cgroups_line(198));
	policy_init(&got);
	assert_int_equal(policy_parse_string(&got, text, ORIGIN, err, sizeof(err)), -EINVAL);
	check_error(err, ORIGIN ":3: ", "unknown key 'mode' in [allow]");

	snprintf(text, sizeof(text), "[allow]\r\n%s\r\n", cgroups_line(199));
	policy_init(&got);
	assert_int_equal(policy_parse_string(&got, text, ORIGIN, err, sizeof(err)), -EINVAL);
	check_error(err, ORIGIN ":2: ", "line longer than 198 characters");
}

struct reject_case {
	const char *name;
	const char *text;
	const char *where;   /* "test.ini:LINE: " */
	const char *message; /* the start of the sentence after it */
};

static const struct reject_case reject_cases[] = {
	/* reported at the [section] line itself, and also when it is empty */
	{ "unknown section", "[enforce]\nmode = deny\n[bogus]\nx = 1\n",
	  ORIGIN ":3: ", "unknown section [bogus] (known: [enforce], [allow])" },
	{ "unknown empty section", "[enforce]\nmode = deny\n  [alow]\n",
	  ORIGIN ":3: ", "unknown section [alow] (known: [enforce], [allow])" },
	{ "unknown section first", "[alow]\n[enforce]\nmode = deny\n",
	  ORIGIN ":1: ", "unknown section [alow] (known: [enforce], [allow])" },
	{ "key before any section", "mode = deny\n",
	  ORIGIN ":1: ", "key 'mode' outside any section: put it under [enforce] or [allow]" },
	{ "key before any section, after comments", "# x\n\nports = 22\n[allow]\n",
	  ORIGIN ":3: ", "key 'ports' outside any section" },
	/* libinih reads an indented line as one more value of the key before
	 * (found by review: "  8080" under "ports = 22" allowed 8080) */
	{ "indented value", "[allow]\nports = 22\n  8080\n",
	  ORIGIN ":3: ", "an indented line after a setting, which would continue it" },
	{ "indented key", "[enforce]\nmode = deny\n\tscope = wildcard\n",
	  ORIGIN ":3: ", "an indented line after a setting" },
	{ "indented section header", "[enforce]\nmode = deny\n [allow]\nports = 22\n",
	  ORIGIN ":3: ", "an indented line after a setting" },
	{ "unknown key in [enforce]", "[enforce]\nmoode = deny\n",
	  ORIGIN ":2: ", "unknown key 'moode' in [enforce]" },
	{ "unknown key in [allow]", "[allow]\nports = 22\nport = 80\n",
	  ORIGIN ":3: ", "unknown key 'port' in [allow]" },
	{ "bad mode", "[enforce]\nmode = block\n",
	  ORIGIN ":2: ", "unknown mode 'block': expected log, rewrite or deny" },
	{ "mode in capitals", "[enforce]\nmode = Deny\n", ORIGIN ":2: ", "unknown mode 'Deny'" },
	{ "empty mode", "[enforce]\nmode =\n", ORIGIN ":2: ", "unknown mode ''" },
	{ "bad scope", "\n\n[enforce]\nscope = all\n",
	  ORIGIN ":4: ", "unknown scope 'all': expected wildcard or non-loopback" },
	{ "port range backwards", "[allow]\nports = 80-22\n",
	  ORIGIN ":2: ", "bad port list '80-22'" },
	{ "port past 65535", "[allow]\nports = 22, 65536\n",
	  ORIGIN ":2: ", "bad port list '22, 65536'" },
	{ "port list with an empty item", "[allow]\nports = 22,,80\n",
	  ORIGIN ":2: ", "bad port list '22,,80'" },
	{ "port range open", "[allow]\nports = 1-\n", ORIGIN ":2: ", "bad port list '1-'" },
	{ "port name", "[allow]\nports = ssh\n", ORIGIN ":2: ", "bad port list 'ssh'" },
	{ "empty port list", "[allow]\nports =\n", ORIGIN ":2: ", "bad port list ''" },
	{ "33 port ranges",
	  "[allow]\nports = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20\n"
	  "ports = 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33\n",
	  ORIGIN ":3: ", "too many port ranges (at most 32)" },
	{ "unknown user", "[allow]\nusers = root, no-such-user-bindguard\n",
	  ORIGIN ":2: ", "unknown user 'no-such-user-bindguard'" },
	{ "negative uid", "[allow]\nusers = -1\n", ORIGIN ":2: ", "unknown user '-1'" },
	{ "uid -1 as unsigned", "[allow]\nusers = 4294967295\n",
	  ORIGIN ":2: ", "unknown user '4294967295'" },
	{ "17 users",
	  "[allow]\nusers = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17\n",
	  ORIGIN ":2: ", "too many users (at most 16)" },
	{ "empty user list", "[allow]\nusers =\n", ORIGIN ":2: ", "empty item in user list ''" },
	{ "comm of 16 bytes", "[allow]\ncomm = sshd, abcdefghijklmnop\n",
	  ORIGIN ":2: ", "process name 'abcdefghijklmnop' is longer than 15 bytes" },
	{ "17 process names", "[allow]\ncomm = a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q\n",
	  ORIGIN ":2: ", "too many process names (at most 16)" },
	{ "empty process name", "[allow]\ncomm = a,,b\n",
	  ORIGIN ":2: ", "empty item in process name list 'a,,b'" },
	{ "unknown protocol", "[allow]\nprotocols = tcp, icmp\n",
	  ORIGIN ":2: ", "unknown protocol 'icmp': expected tcp, udp or other" },
	{ "rewrite to a private address", "[enforce]\nrewrite_to = 10.0.0.1\n",
	  ORIGIN ":2: ", "rewrite target '10.0.0.1' is not a loopback address" },
	{ "rewrite to the wildcard", "[enforce]\nrewrite_to = 0.0.0.0\n",
	  ORIGIN ":2: ", "rewrite target '0.0.0.0' is not a loopback address" },
	{ "rewrite to ::", "[enforce]\nrewrite_to = ::\n",
	  ORIGIN ":2: ", "rewrite target '::' is not a loopback address" },
	{ "rewrite to a global IPv6 address", "[enforce]\nrewrite_to = ::1, 2001:db8::1\n",
	  ORIGIN ":2: ", "rewrite target '2001:db8::1' is not a loopback address" },
	{ "rewrite to loopback's network address", "[enforce]\nrewrite_to = 127.0.0.0\n",
	  ORIGIN ":2: ",
	  "rewrite target '127.0.0.0' is the network or broadcast address of 127.0.0.0/8" },
	{ "rewrite to loopback's broadcast address", "[enforce]\nrewrite_to = 127.255.255.255\n",
	  ORIGIN ":2: ", "rewrite target '127.255.255.255' is the network or broadcast" },
	{ "dual-stack to loopback's network address", "[enforce]\nrewrite_to = ::ffff:127.0.0.0\n",
	  ORIGIN ":2: ", "rewrite target '::ffff:127.0.0.0' is the network or broadcast" },
	{ "two IPv4 targets", "[enforce]\nrewrite_to = 127.0.0.1,127.0.0.2\n",
	  ORIGIN ":2: ", "more than one IPv4 rewrite target ('127.0.0.2' is the second)" },
	{ "two IPv6 targets", "[enforce]\nrewrite_to = ::1, 0::1\n",
	  ORIGIN ":2: ", "more than one IPv6-only rewrite target ('0::1' is the second)" },
	{ "two dual-stack targets", "[enforce]\nrewrite_to = ::ffff:127.0.0.1, ::ffff:127.0.0.2\n",
	  ORIGIN ":2: ", "more than one dual-stack rewrite target" },
	{ "a list of dual-stack targets", "[enforce]\ndual_stack_to = ::1, ::ffff:127.0.0.1\n",
	  ORIGIN ":2: ", "'::1, ::ffff:127.0.0.1': dual-stack sockets are moved to one address" },
	{ "dual-stack to a private address", "[enforce]\ndual_stack_to = ::ffff:10.0.0.1\n",
	  ORIGIN ":2: ", "rewrite target '::ffff:10.0.0.1' is not a loopback address" },
	{ "dual_stack_to twice", "[enforce]\ndual_stack_to = ::1\ndual_stack_to = ::1\n",
	  ORIGIN ":3: ", "enforce.dual_stack_to is given twice" },
	{ "rewrite to a name", "[enforce]\nrewrite_to = localhost\n",
	  ORIGIN ":2: ", "rewrite target 'localhost' is not an IP address" },
	{ "rewrite list with an empty item", "[enforce]\nrewrite_to = 127.0.0.1,,::1\n",
	  ORIGIN ":2: ", "empty item in rewrite target list '127.0.0.1,,::1'" },
	{ "mode twice", "[enforce]\nmode = deny\nmode = log\n",
	  ORIGIN ":3: ", "enforce.mode is given twice" },
	{ "mode twice in two sections", "[enforce]\nmode = deny\n[allow]\n[enforce]\nmode = deny\n",
	  ORIGIN ":5: ", "enforce.mode is given twice" },
	{ "scope twice", "[enforce]\nscope = wildcard\nscope = wildcard\n",
	  ORIGIN ":3: ", "enforce.scope is given twice" },
	{ "rewrite_to twice", "[enforce]\nrewrite_to = 127.0.0.1\nrewrite_to = ::1\n",
	  ORIGIN ":3: ", "enforce.rewrite_to is given twice" },
	{ "cgroup twice", "[enforce]\ncgroup = /a\ncgroup = /b\n",
	  ORIGIN ":3: ", "enforce.cgroup is given twice" },
	{ "empty cgroup", "[enforce]\ncgroup =\n", ORIGIN ":2: ", "cgroup needs a path" },
	{ "host_netns_only twice", "[allow]\nhost_netns_only = yes\nhost_netns_only = no\n",
	  ORIGIN ":3: ", "allow.host_netns_only is given twice" },
	{ "host_netns_only maybe", "[allow]\nhost_netns_only = maybe\n",
	  ORIGIN ":2: ", "host_netns_only must be true or false, not 'maybe'" },
	{ "host_netns_only empty", "[allow]\nhost_netns_only =\n",
	  ORIGIN ":2: ", "host_netns_only must be true or false, not ''" },
	{ "9 cgroups", "[allow]\ncgroups = /1, /2, /3, /4, /5, /6, /7, /8, /9\n",
	  ORIGIN ":2: ", "too many cgroups (at most 8)" },
	{ "line without =", "[enforce]\nmode deny\n",
	  ORIGIN ":2: ", "not a 'key = value' line, a [section] or a comment" },
	{ "section without ]", "# policy\n[enforce\nmode = deny\n",
	  ORIGIN ":2: ", "not a 'key = value' line, a [section] or a comment" },
	/* the first error is the one reported, with its own line */
	{ "two bad values", "[enforce]\nmode = bogus\nscope = bad\n",
	  ORIGIN ":2: ", "unknown mode 'bogus'" },
	{ "bad value, then a line without =", "[enforce]\nmode = bogus\nscope wildcard\n",
	  ORIGIN ":2: ", "unknown mode 'bogus'" },
	{ "line without =, then a bad value", "[enforce]\nmode deny\nscope = bad\n",
	  ORIGIN ":2: ", "not a 'key = value' line, a [section] or a comment" },
	{ "unknown key, then a repeated key",
	  "[allow]\nport = 1\n[enforce]\nmode = deny\nmode = deny\n",
	  ORIGIN ":2: ", "unknown key 'port' in [allow]" },
};

static void check_error(const char *err, const char *where, const char *message)
{
	size_t n = strlen(where);

	if (strncmp(err, where, n) || strncmp(err + n, message, strlen(message)))
		fail_msg("error '%s', expected '%s%s...'", err, where, message);
}

static void test_reject(void **state)
{
	const struct reject_case *c = *state;
	static struct policy_config got;
	char err[POLICY_ERROR_LEN] = "";

	policy_init(&got);
	assert_int_equal(policy_parse_string(&got, c->text, ORIGIN, err, sizeof(err)), -EINVAL);
	check_error(err, c->where, c->message);
}

/* libinih cuts lines at 199 characters and reads the rest as a new line. */
static void test_overlong_lines(void **state)
{
	static struct policy_config got;
	char err[POLICY_ERROR_LEN], text[1024];

	(void)state;
	snprintf(text, sizeof(text), "[allow]\n%s\n", cgroups_line(199));
	policy_init(&got);
	assert_int_equal(policy_parse_string(&got, text, ORIGIN, err, sizeof(err)), -EINVAL);
	check_error(err, ORIGIN ":2: ", "line longer than 198 characters");

	snprintf(text, sizeof(text), "[allow]\nports = 22\n\n%s", cgroups_line(400));
	policy_init(&got);
	assert_int_equal(policy_parse_string(&got, text, ORIGIN, err, sizeof(err)), -EINVAL);
	check_error(err, ORIGIN ":4: ", "line longer than 198 characters");

	/* a comment too: its tail would be read as a key */
	snprintf(text, sizeof(text), "# %s\n[enforce]\n", cgroups_line(300));
	policy_init(&got);
	assert_int_equal(policy_parse_string(&got, text, ORIGIN, err, sizeof(err)), -EINVAL);
	check_error(err, ORIGIN ":1: ", "line longer than 198 characters");
}

static void test_init_and_names(void **state)
{
	static struct policy_config c;
	static const uint8_t lo4[4] = { 127, 0, 0, 1 }, lo6[16] = { [15] = 1 };

	(void)state;
	memset(&c, 0xff, sizeof(c));
	policy_init(&c);
	assert_int_equal(c.policy.mode, BG_MODE_REWRITE);
	assert_int_equal(c.policy.scope, BG_SCOPE_WILDCARD);
	assert_memory_equal(c.policy.rewrite4, lo4, 4);
	assert_memory_equal(c.policy.rewrite6, lo6, 16);
	/* zero: ::ffff:<rewrite4>, whatever rewrite4 becomes */
	for (int i = 0; i < 16; i++)
		assert_int_equal(c.policy.rewrite_dual[i], 0);
	assert_int_equal(c.policy.n_port_ranges + c.policy.n_uids + c.policy.n_comms, 0);
	assert_int_equal(c.policy.host_netns_only, 0);
	assert_int_equal(c.policy.allow_protocols, 0);
	assert_string_equal(c.cgroup, "");
	assert_int_equal(c.n_allow_cgroups, 0);
	assert_int_equal(c.seen, 0);

	assert_string_equal(policy_mode_name(BG_MODE_LOG), "log");
	assert_string_equal(policy_mode_name(BG_MODE_REWRITE), "rewrite");
	assert_string_equal(policy_mode_name(BG_MODE_DENY), "deny");
	assert_string_equal(policy_mode_name(0), "?");
	assert_string_equal(policy_scope_name(BG_SCOPE_WILDCARD), "wildcard");
	assert_string_equal(policy_scope_name(BG_SCOPE_NON_LOOPBACK), "non-loopback");
	assert_string_equal(policy_scope_name(3), "?");
}

/* The setters behind the command-line flags: a sentence in err on failure,
 * whatever the buffer held before. */
static void test_setters(void **state)
{
	static struct policy_config c;
	char err[POLICY_ERROR_LEN];
	bool flag = false;

	(void)state;
	policy_init(&c);
	strcpy(err, "stale");
	assert_int_equal(policy_set_mode(&c, "deny", err, sizeof(err)), 0);
	assert_int_equal(c.policy.mode, BG_MODE_DENY);
	assert_int_equal(policy_set_mode(&c, "allow", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unknown mode 'allow': expected log, rewrite or deny");
	assert_int_equal(c.policy.mode, BG_MODE_DENY);

	strcpy(err, "stale");
	assert_int_equal(policy_set_rewrite_to(&c, "127.0.0.1,,::1", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "empty item in rewrite target list '127.0.0.1,,::1'");
	strcpy(err, "stale");
	assert_int_equal(policy_set_rewrite_to(&c, "", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "empty item in rewrite target list ''");

	strcpy(err, "stale");
	assert_int_equal(policy_add_comms(&c, "x,", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "empty item in process name list 'x,'");

	strcpy(err, "stale");
	assert_int_equal(policy_add_ports(&c, "22", err, sizeof(err)), 0);
	assert_int_equal(policy_add_ports(&c, "80-", err, sizeof(err)), -EINVAL);
	assert_int_equal(c.policy.n_port_ranges, 1); /* a bad list adds nothing */

	assert_int_equal(policy_set_bool(&flag, "flag", "yes", err, sizeof(err)), 0);
	assert_true(flag);
	assert_int_equal(policy_set_bool(&flag, "flag", "2", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "flag must be true or false, not '2'");
	assert_true(flag);
}

/* An allowed cgroup keeps its place for the hook: the parent's id and its
 * own name, NUL-padded; the root has neither; a name of 64 bytes or more
 * is refused with the path; a full list too. */
static void test_allow_cgroup_place(void **state)
{
	static struct bg_policy p;
	static const struct cgroup_ref root = { .path = "/sys/fs/cgroup", .id = 1 };
	static const struct cgroup_ref service = { .path =
						       "/sys/fs/cgroup/system.slice/web.service",
						   .id = 4242,
						   .level = 2,
						   .parent_id = 77 };
	struct cgroup_ref ref = service;
	char err[POLICY_ERROR_LEN + 4096], name[BG_CGROUP_NAME_LEN] = "web.service";

	(void)state;
	memset(&p, 0xaa, sizeof(p)); /* the padding must come out zero */
	p.n_cgroups = 0;
	assert_int_equal(policy_allow_cgroup(&p, &root, err, sizeof(err)), 0);
	assert_int_equal(policy_allow_cgroup(&p, &service, err, sizeof(err)), 0);
	assert_int_equal(p.n_cgroups, 2);
	assert_int_equal(p.cgroups[0].id, 1);
	assert_int_equal(p.cgroups[0].level, 0);
	assert_int_equal(p.cgroups[0].parent_id, 0);
	assert_memory_equal(p.cgroups[0].name, (char[BG_CGROUP_NAME_LEN]){ 0 }, BG_CGROUP_NAME_LEN);
	assert_int_equal(p.cgroups[1].id, 4242);
	assert_int_equal(p.cgroups[1].level, 2);
	assert_int_equal(p.cgroups[1].parent_id, 77);
	assert_memory_equal(p.cgroups[1].name, name, BG_CGROUP_NAME_LEN);
	assert_int_equal(p.cgroups[1].pad, 0);

	/* 63 bytes fit (the last byte stays a NUL), 64 do not */
	snprintf(ref.path, sizeof(ref.path), "/sys/fs/cgroup/%063d", 7);
	assert_int_equal(policy_allow_cgroup(&p, &ref, err, sizeof(err)), 0);
	assert_int_equal(strnlen(p.cgroups[2].name, BG_CGROUP_NAME_LEN), 63);
	snprintf(ref.path, sizeof(ref.path), "/sys/fs/cgroup/%064d", 7);
	assert_int_equal(policy_allow_cgroup(&p, &ref, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ref.path));
	assert_non_null(strstr(err, "64 bytes long"));
	assert_non_null(strstr(err, "at most 63"));
	assert_int_equal(p.n_cgroups, 3);

	/* a path whose depth, parent or name may not be the kernel's */
	ref = service;
	ref.unplaced = "its path crosses another mount";
	assert_int_equal(policy_allow_cgroup(&p, &ref, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "cgroup /sys/fs/cgroup/system.slice/web.service: its path "
				 "crosses another mount");
	assert_int_equal(p.n_cgroups, 3);

	p.n_cgroups = BG_POLICY_MAX_CGROUPS;
	assert_int_equal(policy_allow_cgroup(&p, &service, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "too many cgroups (at most 8)");
}

/* A pinned policy's counts are checked before its lists are read: each
 * may be full, none may be more. */
static void test_policy_counts_fit(void **state)
{
	struct bg_policy p = { 0 };

	(void)state;
	assert_true(policy_counts_fit(&p));
	p.n_port_ranges = BG_POLICY_MAX_PORT_RANGES;
	p.n_uids = BG_POLICY_MAX_UIDS;
	p.n_comms = BG_POLICY_MAX_COMMS;
	p.n_cgroups = BG_POLICY_MAX_CGROUPS;
	assert_true(policy_counts_fit(&p));
	p.n_port_ranges++;
	assert_false(policy_counts_fit(&p));
	p.n_port_ranges--;
	p.n_uids++;
	assert_false(policy_counts_fit(&p));
	p.n_uids--;
	p.n_comms++;
	assert_false(policy_counts_fit(&p));
	p.n_comms--;
	p.n_cgroups++;
	assert_false(policy_counts_fit(&p));
}

/* --- policy files --------------------------------------------------------- */

static char *write_temp(const void *data, size_t len, mode_t mode)
{
	char *path = strdup("/tmp/bindguard-policy-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

static void load_expect(const char *path, int ret, const char *where, const char *message,
			struct policy_config *c)
{
	char err[POLICY_ERROR_LEN] = "", prefix[128];

	policy_init(c);
	snprintf(prefix, sizeof(prefix), "%s%s", path, where);
	assert_int_equal(policy_load_file(c, path, err, sizeof(err)), ret);
	if (ret)
		check_error(err, prefix, message);
}

struct file_mode_case {
	mode_t mode;
	bool accepted;
};

static const struct file_mode_case file_mode_cases[] = {
	{ 0600, true },	 { 0400, true },  { 0644, true },  { 0640, true },  { 0444, true },
	{ 0700, true },	 { 0755, true },  { 0666, false }, { 0620, false }, { 0602, false },
	{ 0660, false }, { 0606, false }, { 0664, false }, { 0622, false }, { 0777, false },
};

static void test_file_mode(void **state)
{
	const struct file_mode_case *c = *state;
	static struct policy_config got, want;
	char message[160];
	char *path = write_temp(readme_example, strlen(readme_example), c->mode);

	if (c->accepted) {
		load_expect(path, 0, "", "", &got);
		policy_init(&want);
		build_readme(&want);
		check_same_config(&got, &want);
	} else {
		snprintf(message, sizeof(message),
			 "refusing a policy file that group or others can write (mode %04o)",
			 (unsigned int)c->mode);
		load_expect(path, -EINVAL, ": ", message, &got);
	}
	unlink(path);
	free(path);
}

static void test_file_nul_byte(void **state)
{
	static const char text[] = "[enforce]\nmode = deny\0\n[allow]\nports = 1\n";
	static struct policy_config c;
	char *path = write_temp(text, sizeof(text) - 1, 0600);

	(void)state;
	load_expect(path, -EINVAL, ": ", "contains a NUL byte; not a text file", &c);
	unlink(path);
	free(path);

	path = write_temp("\0", 1, 0600);
	load_expect(path, -EINVAL, ": ", "contains a NUL byte", &c);
	unlink(path);
	free(path);
}

static void test_file_errors_name_the_file(void **state)
{
	static const char text[] = "[enforce]\nmode = deny\nscope = everywhere\n";
	static struct policy_config c;
	char *path = write_temp(text, strlen(text), 0600);

	(void)state;
	load_expect(path, -EINVAL, ":3: ", "unknown scope 'everywhere'", &c);
	unlink(path);
	free(path);

	path = write_temp("", 0, 0600);
	load_expect(path, 0, "", "", &c);
	assert_int_equal(c.policy.mode, BG_MODE_REWRITE);
	unlink(path);
	free(path);
}

static void test_file_missing_dir_large_foreign(void **state)
{
	static struct policy_config c;
	char dir[] = "/tmp/bindguard-policy-dir-XXXXXX";
	char *path;
	int fd;

	(void)state;
	load_expect("/tmp/bindguard-no-such-policy.ini", -EINVAL, ": ",
		    "cannot be read: No such file or directory", &c);

	assert_non_null(mkdtemp(dir));
	load_expect(dir, -EINVAL, ": ", "not a regular file", &c);
	rmdir(dir);

	path = write_temp("", 0, 0600);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (2 << 20)), 0);
	close(fd);
	load_expect(path, -EINVAL, ": ", "larger than 1 MiB", &c);
	unlink(path);
	free(path);

	/* a file someone else owns: only root can make one */
	if (geteuid() == 0) {
		path = write_temp(readme_example, strlen(readme_example), 0600);
		assert_int_equal(chown(path, 65534, 65534), 0);
		load_expect(path, -EINVAL, ": ", "refusing a policy file owned by uid 65534", &c);
		unlink(path);
		free(path);
	}
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_longest_line),
		cmocka_unit_test(test_longest_line_crlf),
		cmocka_unit_test(test_overlong_lines),
		cmocka_unit_test(test_init_and_names),
		cmocka_unit_test(test_setters),
		cmocka_unit_test(test_allow_cgroup_place),
		cmocka_unit_test(test_policy_counts_fit),
		cmocka_unit_test(test_file_nul_byte),
		cmocka_unit_test(test_file_errors_name_the_file),
		cmocka_unit_test(test_file_missing_dir_large_foreign),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(accept_cases) + ARRAY_SIZE(reject_cases) +
				       ARRAY_SIZE(file_mode_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(accept_cases); i++)
		add_test(&l, test_accept, &accept_cases[i], "accepts %s", accept_cases[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(reject_cases); i++)
		add_test(&l, test_reject, &reject_cases[i], "rejects %s", reject_cases[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(file_mode_cases); i++)
		add_test(&l, test_file_mode, &file_mode_cases[i], "policy_load_file %s mode %04o",
			 file_mode_cases[i].accepted ? "accepts" : "refuses",
			 (unsigned int)file_mode_cases[i].mode);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "policy", NULL, NULL);
}
