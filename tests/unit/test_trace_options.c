// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/trace_options.c: `trace` options from argv to plain data. */
#include "table_test.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands/trace_options.h"
#include "lib/report.h"

#define USAGE	 "usage: bindguard trace [options]\n"
#define MAX_ARGS 16

/* What trace_options_parse printed, and returned. */
struct parse_result {
	int ret;
	char out[4096];
	char err[4096];
};

/* Runs the parser on {"trace", args..., NULL} with stdout and stderr caught. */
static void parse(struct trace_options *o, const char *const *args, struct parse_result *r)
{
	char *argv[MAX_ARGS + 2] = { "trace" };
	struct capture_std cap;
	int argc = 1;

	for (; args[argc - 1]; argc++) {
		assert_true(argc <= MAX_ARGS);
		argv[argc] = (char *)args[argc - 1];
	}
	argv[argc] = NULL;

	capture_begin(&cap);
	report_set_command("trace");
	r->ret = trace_options_parse(o, argc, argv, USAGE);
	capture_end(&cap, r->out, sizeof(r->out), r->err, sizeof(r->err));
}

static void set_ports(struct trace_options *w, unsigned int first, unsigned int last)
{
	w->have_ports = true;
	for (unsigned int p = first; p <= last; p++)
		w->port_bitmap[p / 64] |= 1ULL << (p % 64);
}

static void add_comm(struct trace_options *w, const char *name)
{
	strncpy(w->comms[w->n_comms++], name, BG_COMM_LEN);
}

struct accept_case {
	const char *args[MAX_ARGS];
	void (*build)(struct trace_options *want);
};

static void build_nothing(struct trace_options *w)
{
	(void)w;
}

static void build_pid42(struct trace_options *w)
{
	w->pid = 42;
}

static void build_pid_max(struct trace_options *w)
{
	w->pid = 4194304;
}

static void build_sshd(struct trace_options *w)
{
	add_comm(w, "sshd");
}

static void build_sshd_nginx(struct trace_options *w)
{
	add_comm(w, "sshd");
	add_comm(w, "nginx");
}

static void build_comm_15(struct trace_options *w)
{
	add_comm(w, "abcdefghijklmno");
}

static void build_16_comms(struct trace_options *w)
{
	static const char *const names[] = { "a", "b", "c", "d", "e", "f", "g", "h",
					     "i", "j", "k", "l", "m", "n", "o", "p" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		add_comm(w, names[i]);
}

static void build_port22(struct trace_options *w)
{
	set_ports(w, 22, 22);
}

static void build_port22_8000(struct trace_options *w)
{
	set_ports(w, 22, 22);
	set_ports(w, 8000, 8099);
}

static void build_all_ports(struct trace_options *w)
{
	set_ports(w, 0, 65535);
}

static void build_port22_80(struct trace_options *w)
{
	set_ports(w, 22, 22);
	set_ports(w, 80, 80);
}

static void build_ipv4(struct trace_options *w)
{
	w->family = AF_INET;
}

static void build_ipv6(struct trace_options *w)
{
	w->family = AF_INET6;
}

static void build_exposed(struct trace_options *w)
{
	w->exposed_only = true;
}

static void build_errors(struct trace_options *w)
{
	w->result = -1;
}

static void build_ok(struct trace_options *w)
{
	w->result = 1;
}

static void build_json(struct trace_options *w)
{
	w->stream.json = true;
}

static void build_timestamp(struct trace_options *w)
{
	w->stream.full_time = true;
}

static void build_verbose(struct trace_options *w)
{
	w->stream.verbose = true;
}

static void build_duration10(struct trace_options *w)
{
	w->stream.duration_s = 10;
}

static void build_duration_year(struct trace_options *w)
{
	w->stream.duration_s = 31536000;
}

static void build_output(struct trace_options *w)
{
	w->stream.output = "/tmp/binds.jsonl";
}

static void build_ringbuf_4m(struct trace_options *w)
{
	w->stream.ringbuf_bytes = 4 << 20;
}

static void build_ringbuf_4k(struct trace_options *w)
{
	w->stream.ringbuf_bytes = 4096;
}

static void build_ringbuf_1g(struct trace_options *w)
{
	w->stream.ringbuf_bytes = 1 << 30;
}

static void build_cluster(struct trace_options *w)
{
	w->exposed_only = true;
	w->stream.json = true;
	w->stream.full_time = true;
}

static void build_cluster_arg(struct trace_options *w)
{
	w->stream.json = true;
	set_ports(w, 22, 22);
}

static void build_everything(struct trace_options *w)
{
	w->pid = 1;
	add_comm(w, "sshd");
	set_ports(w, 22, 22);
	set_ports(w, 443, 443);
	w->family = AF_INET6;
	w->exposed_only = true;
	w->result = 1;
	w->stream.json = true;
	w->stream.full_time = true;
	w->stream.duration_s = 60;
	w->stream.output = "out.jsonl";
	w->stream.ringbuf_bytes = 256 << 10;
	w->stream.verbose = true;
}

static void build_hooks(struct trace_options *w)
{
	w->backend = CAPTURE_BACKEND_HOOKS;
}

static void build_hooks_cgroup(struct trace_options *w)
{
	w->backend = CAPTURE_BACKEND_HOOKS;
	w->cgroup = "/sys/fs/cgroup/x";
}

static void build_hooks_ok(struct trace_options *w)
{
	w->backend = CAPTURE_BACKEND_HOOKS;
	w->result = 1;
	w->cgroup = "x";
}

static void build_fentry(struct trace_options *w)
{
	w->backend = CAPTURE_BACKEND_FENTRY;
}

static void build_tracepoint(struct trace_options *w)
{
	w->backend = CAPTURE_BACKEND_TRACEPOINT;
}

static const struct accept_case accept_cases[] = {
	{ { NULL }, build_nothing },
	{ { "--hooks", NULL }, build_hooks },
	{ { "--backend", "hooks", NULL }, build_hooks },
	{ { "--hooks", "--backend=hooks", NULL }, build_hooks },
	{ { "--backend", "auto", NULL }, build_nothing },
	{ { "--backend", "fentry", NULL }, build_fentry },
	{ { "--backend=tracepoint", NULL }, build_tracepoint },
	{ { "--hooks", "--cgroup", "/sys/fs/cgroup/x", NULL }, build_hooks_cgroup },
	{ { "--cgroup=/sys/fs/cgroup/x", "--hooks", NULL }, build_hooks_cgroup },
	{ { "--ok", "--cgroup", "x", "--hooks", NULL }, build_hooks_ok },
	{ { "--", NULL }, build_nothing },
	{ { "-p", "42", NULL }, build_pid42 },
	{ { "-p42", NULL }, build_pid42 },
	{ { "--pid", "42", NULL }, build_pid42 },
	{ { "--pid=42", NULL }, build_pid42 },
	{ { "-p", "4194304", NULL }, build_pid_max },
	{ { "-c", "sshd", NULL }, build_sshd },
	{ { "--comm=sshd,nginx", NULL }, build_sshd_nginx },
	{ { "-c", " sshd , nginx ", NULL }, build_sshd_nginx },
	{ { "-c", "sshd", "--comm", "nginx", NULL }, build_sshd_nginx },
	{ { "-c", "abcdefghijklmno", NULL }, build_comm_15 },
	{ { "-c", "a,b,c,d,e,f,g,h", "-c", "i,j,k,l,m,n,o,p", NULL }, build_16_comms },
	{ { "-P", "22", NULL }, build_port22 },
	{ { "-P", "22,8000-8099", NULL }, build_port22_8000 },
	{ { "--port", "0-65535", NULL }, build_all_ports },
	{ { "-P", "22", "--port=80", NULL }, build_port22_80 },
	{ { "-4", NULL }, build_ipv4 },
	{ { "--ipv4", NULL }, build_ipv4 },
	{ { "-6", NULL }, build_ipv6 },
	{ { "--ipv6", NULL }, build_ipv6 },
	{ { "-x", NULL }, build_exposed },
	{ { "--exposed", NULL }, build_exposed },
	{ { "--errors", NULL }, build_errors },
	{ { "--ok", NULL }, build_ok },
	{ { "-j", NULL }, build_json },
	{ { "--json", NULL }, build_json },
	{ { "-T", NULL }, build_timestamp },
	{ { "--timestamp", NULL }, build_timestamp },
	{ { "-v", NULL }, build_verbose },
	{ { "--verbose", NULL }, build_verbose },
	{ { "-d", "10", NULL }, build_duration10 },
	{ { "--dur", "10", NULL }, build_duration10 },
	{ { "--duration=31536000", NULL }, build_duration_year },
	{ { "-o", "/tmp/binds.jsonl", NULL }, build_output },
	{ { "--output", "/tmp/binds.jsonl", NULL }, build_output },
	{ { "-b", "4M", NULL }, build_ringbuf_4m },
	{ { "--ringbuf-size=4194304", NULL }, build_ringbuf_4m },
	{ { "-b", "4096", NULL }, build_ringbuf_4k },
	{ { "-b", "4k", NULL }, build_ringbuf_4k },
	{ { "-b", "1G", NULL }, build_ringbuf_1g },
	{ { "-xjT", NULL }, build_cluster },
	{ { "-jP22", NULL }, build_cluster_arg },
	{ { "-p", "1", "-c", "sshd", "-P", "22,443", "-6", "-x", "--ok", "-j", "-T", "-d", "60",
	    "-o", "out.jsonl", NULL },
	  NULL },
	{ { "-p1", "-csshd", "-P22,443", "-6xjTv", "--ok", "-d60", "-oout.jsonl", "-b256K", NULL },
	  build_everything },
};

static void build_everything_but_b_v(struct trace_options *w)
{
	build_everything(w);
	w->stream.ringbuf_bytes = 0;
	w->stream.verbose = false;
}

static void check_same(const struct trace_options *got, const struct trace_options *want)
{
	assert_int_equal(got->pid, want->pid);
	assert_int_equal(got->family, want->family);
	assert_int_equal(got->result, want->result);
	assert_int_equal(got->exposed_only, want->exposed_only);
	assert_int_equal(got->stream.json, want->stream.json);
	assert_int_equal(got->stream.full_time, want->stream.full_time);
	assert_int_equal(got->stream.verbose, want->stream.verbose);
	assert_int_equal(got->stream.duration_s, want->stream.duration_s);
	assert_int_equal(got->stream.ringbuf_bytes, want->stream.ringbuf_bytes);
	if (want->stream.output)
		assert_string_equal(got->stream.output, want->stream.output);
	else
		assert_null(got->stream.output);
	assert_int_equal(got->n_comms, want->n_comms);
	for (int i = 0; i < want->n_comms; i++)
		assert_memory_equal(got->comms[i], want->comms[i], BG_COMM_LEN);
	assert_int_equal(got->have_ports, want->have_ports);
	assert_memory_equal(got->port_bitmap, want->port_bitmap, sizeof(want->port_bitmap));
	assert_int_equal(got->backend, want->backend);
	if (want->cgroup)
		assert_string_equal(got->cgroup, want->cgroup);
	else
		assert_null(got->cgroup);
}

static void test_accept(void **state)
{
	const struct accept_case *c = *state;
	static struct trace_options got, want;
	static struct parse_result r;

	memset(&want, 0, sizeof(want));
	(c->build ? c->build : build_everything_but_b_v)(&want);
	memset(&got, 0xa5, sizeof(got)); /* the parser starts from nothing */
	parse(&got, c->args, &r);
	if (r.ret)
		fail_msg("returned %d: %s", r.ret, r.err);
	assert_string_equal(r.err, "");
	assert_string_equal(r.out, "");
	check_same(&got, &want);
}

struct reject_case {
	const char *args[MAX_ARGS];
	const char *message; /* all of stderr */
};

static const struct reject_case reject_cases[] = {
	{ { "-p", "0", NULL },
	  "bindguard trace: invalid --pid '0': expected a process id (1-4194304); see 'bindguard "
	  "trace --help'\n" },
	{ { "-p", "abc", NULL },
	  "bindguard trace: invalid --pid 'abc': expected a process id (1-4194304); see 'bindguard "
	  "trace --help'\n" },
	{ { "-p", "-1", NULL },
	  "bindguard trace: invalid --pid '-1': expected a process id (1-4194304); see 'bindguard "
	  "trace --help'\n" },
	{ { "-p", "4194305", NULL },
	  "bindguard trace: invalid --pid '4194305': expected a process id (1-4194304); see "
	  "'bindguard trace --help'\n" },
	{ { "--pid=", NULL },
	  "bindguard trace: invalid --pid '': expected a process id (1-4194304); see 'bindguard "
	  "trace --help'\n" },
	{ { "-p", "0x10", NULL },
	  "bindguard trace: invalid --pid '0x10': expected a process id (1-4194304); see "
	  "'bindguard trace --help'\n" },
	{ { "-p", NULL },
	  "bindguard trace: option -p needs a value; see 'bindguard trace --help'\n" },
	{ { "--pid", NULL },
	  "bindguard trace: option --pid needs a value; see 'bindguard trace --help'\n" },
	{ { "-P", "70000", NULL },
	  "bindguard trace: invalid --port '70000': expected ports or ranges 0-65535, e.g. "
	  "22,8000-8099; see 'bindguard trace --help'\n" },
	{ { "-P", "80-22", NULL },
	  "bindguard trace: invalid --port '80-22': expected ports or ranges 0-65535, e.g. "
	  "22,8000-8099; see 'bindguard trace --help'\n" },
	{ { "-P", "ssh", NULL },
	  "bindguard trace: invalid --port 'ssh': expected ports or ranges 0-65535, e.g. "
	  "22,8000-8099; see 'bindguard trace --help'\n" },
	{ { "-P", "", NULL },
	  "bindguard trace: invalid --port '': expected ports or ranges 0-65535, e.g. "
	  "22,8000-8099; see 'bindguard trace --help'\n" },
	{ { "-b", "3000", NULL },
	  "bindguard trace: invalid --ringbuf-size '3000': expected a power of "
	  "two from 4K to 1G, e.g. 4M; see 'bindguard trace --help'\n" },
	{ { "-b", "3M", NULL },
	  "bindguard trace: invalid --ringbuf-size '3M': expected a power of two "
	  "from 4K to 1G, e.g. 4M; see 'bindguard trace --help'\n" },
	{ { "-b", "2048", NULL },
	  "bindguard trace: invalid --ringbuf-size '2048': expected a power of "
	  "two from 4K to 1G, e.g. 4M; see 'bindguard trace --help'\n" },
	{ { "-b", "2G", NULL },
	  "bindguard trace: invalid --ringbuf-size '2G': expected a power of two "
	  "from 4K to 1G, e.g. 4M; see 'bindguard trace --help'\n" },
	{ { "-b", "0", NULL },
	  "bindguard trace: invalid --ringbuf-size '0': expected a power of two "
	  "from 4K to 1G, e.g. 4M; see 'bindguard trace --help'\n" },
	{ { "-d", "0", NULL },
	  "bindguard trace: invalid --duration '0': expected seconds, 1-31536000; see 'bindguard "
	  "trace --help'\n" },
	{ { "-d", "31536001", NULL },
	  "bindguard trace: invalid --duration '31536001': expected seconds, 1-31536000; see "
	  "'bindguard trace --help'\n" },
	{ { "-d", "1h", NULL },
	  "bindguard trace: invalid --duration '1h': expected seconds, 1-31536000; see 'bindguard "
	  "trace --help'\n" },
	{ { "-c", "abcdefghijklmnop", NULL },
	  "bindguard trace: invalid --comm 'abcdefghijklmnop': expected names of at most 15 bytes, "
	  "comma-separated, at most 16; see 'bindguard trace --help'\n" },
	{ { "-c", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", NULL },
	  "bindguard trace: invalid --comm 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q': expected names of "
	  "at "
	  "most 15 bytes, comma-separated, at most 16; see 'bindguard trace --help'\n" },
	{ { "-c", "a,,b", NULL },
	  "bindguard trace: invalid --comm 'a,,b': expected names of at most 15 "
	  "bytes, comma-separated, at most 16; see 'bindguard trace --help'\n" },
	{ { "-4", "-6", NULL },
	  "bindguard trace: give only one of -4 and -6; see 'bindguard trace --help'\n" },
	{ { "-6", "-4", NULL },
	  "bindguard trace: give only one of -4 and -6; see 'bindguard trace --help'\n" },
	{ { "-46", NULL },
	  "bindguard trace: give only one of -4 and -6; see 'bindguard trace --help'\n" },
	{ { "--ipv4", "--ipv6", NULL },
	  "bindguard trace: give only one of -4 and -6; see 'bindguard trace --help'\n" },
	{ { "--errors", "--ok", NULL },
	  "bindguard trace: give only one of --errors and --ok; see 'bindguard trace --help'\n" },
	{ { "--ok", "--errors", NULL },
	  "bindguard trace: give only one of --errors and --ok; see 'bindguard trace --help'\n" },
	{ { "-z", NULL }, "bindguard trace: unknown option '-z'; see 'bindguard trace --help'\n" },
	{ { "--bogus", NULL },
	  "bindguard trace: unknown option '--bogus'; see 'bindguard trace --help'\n" },
	{ { "--bogus=1", NULL },
	  "bindguard trace: unknown option '--bogus=1'; see 'bindguard trace --help'\n" },
	{ { "--json=yes", NULL },
	  "bindguard trace: unknown option '--json=yes'; see 'bindguard trace --help'\n" },
	{ { "-x", "-z", "-j", NULL },
	  "bindguard trace: unknown option '-z'; see 'bindguard trace --help'\n" },
	{ { "-xz", NULL }, "bindguard trace: unknown option '-z'; see 'bindguard trace --help'\n" },
	{ { "-zx", NULL }, "bindguard trace: unknown option '-z'; see 'bindguard trace --help'\n" },
	{ { "--json", "-jzx", NULL },
	  "bindguard trace: unknown option '-z'; see 'bindguard trace --help'\n" },
	{ { "--ok=1", NULL },
	  "bindguard trace: unknown option '--ok=1'; see 'bindguard trace --help'\n" },
	{ { "--e", NULL },
	  "bindguard trace: unknown option '--e'; see 'bindguard trace --help'\n" }, /* ambiguous */
	{ { "foo", NULL },
	  "bindguard trace: unexpected argument 'foo'; see 'bindguard trace --help'\n" },
	{ { "-x", "foo", NULL },
	  "bindguard trace: unexpected argument 'foo'; see 'bindguard trace --help'\n" },
	{ { "foo", "-x", NULL },
	  "bindguard trace: unexpected argument 'foo'; see 'bindguard trace --help'\n" },
	{ { "--", "-x", NULL },
	  "bindguard trace: unexpected argument '-x'; see 'bindguard trace --help'\n" },
	{ { "-p", "1", "2", NULL },
	  "bindguard trace: unexpected argument '2'; see 'bindguard trace --help'\n" },
	{ { "--cgroup", "/x", NULL },
	  "bindguard trace: --cgroup needs --hooks: the tracepoints see the whole machine; see "
	  "'bindguard trace --help'\n" },
	{ { "--hooks", "--errors", NULL },
	  "bindguard trace: --errors cannot go with --hooks: the cgroup hooks see only successful "
	  "binds and listens; see 'bindguard trace --help'\n" },
	{ { "--hooks", "--cgroup", "", NULL },
	  "bindguard trace: invalid --cgroup '': expected a cgroup v2 directory; see 'bindguard "
	  "trace --help'\n" },
	{ { "--hooks", "--cgroup", NULL },
	  "bindguard trace: option --cgroup needs a value; see 'bindguard trace --help'\n" },
	{ { "--hooks=1", NULL },
	  "bindguard trace: unknown option '--hooks=1'; see 'bindguard trace --help'\n" },
	{ { "--backend", "kprobe", NULL },
	  "bindguard trace: invalid --backend 'kprobe': expected auto, fentry, tracepoint or "
	  "hooks; "
	  "see 'bindguard trace --help'\n" },
	{ { "--hooks", "--backend", "fentry", NULL },
	  "bindguard trace: give only one backend (--hooks is --backend hooks); see 'bindguard "
	  "trace --help'\n" },
	{ { "--backend", "tracepoint", "--cgroup", "/x", NULL },
	  "bindguard trace: --cgroup needs --hooks: the tracepoints see the whole machine; see "
	  "'bindguard trace --help'\n" },
};

static void test_reject(void **state)
{
	const struct reject_case *c = *state;
	static struct trace_options got;
	static struct parse_result r;

	parse(&got, c->args, &r);
	assert_int_equal(r.ret, -EINVAL);
	assert_string_equal(r.err, c->message);
	assert_string_equal(r.out, "");
}

static void test_help(void **state)
{
	static const char *const helps[][3] = {
		{ "--help", NULL },
		{ "-h", NULL },
		{ "-x", "--help", NULL },
		{ "--he", NULL },
	};
	static struct trace_options got;
	static struct parse_result r;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(helps); i++) {
		parse(&got, helps[i], &r);
		assert_int_equal(r.ret, 1);
		assert_string_equal(r.out, USAGE);
		assert_string_equal(r.err, "");
	}
}

/* Each parse starts afresh, even after one that stopped inside "-6x4j". */
static void test_parse_again(void **state)
{
	static const char *const bad[] = { "-6x4j", NULL };
	static const char *const help[] = { "-xhj", NULL };
	static const char *const none[] = { NULL };
	static const char *const ok[] = { "-P", "1", NULL };
	static struct trace_options got, want;
	static struct parse_result r;

	(void)state;
	parse(&got, bad, &r);
	assert_int_equal(r.ret, -EINVAL);
	parse(&got, none, &r);
	assert_int_equal(r.ret, 0);
	memset(&want, 0, sizeof(want));
	check_same(&got, &want);

	parse(&got, help, &r);
	assert_int_equal(r.ret, 1);
	parse(&got, ok, &r);
	assert_int_equal(r.ret, 0);
	set_ports(&want, 1, 1);
	check_same(&got, &want);
}

static void test_to_capture(void **state)
{
	static const char *const with_ports[] = { "-p", "7",  "-6", "-x", "--errors", "-P",
						  "53", "-b", "8M", "-v", "-j",	      NULL };
	static const char *const without[] = { "-4", "--ok", NULL };
	static const char *const hooks[] = { "--hooks", "--cgroup", "x", NULL };
	static struct trace_options o;
	static struct parse_result r;
	struct capture_options c;

	(void)state;
	parse(&o, with_ports, &r);
	assert_int_equal(r.ret, 0);
	memset(&c, 0xa5, sizeof(c));
	trace_options_to_capture(&o, &c);
	assert_int_equal(c.pid, 7);
	assert_int_equal(c.family, AF_INET6);
	assert_int_equal(c.result, -1);
	assert_true(c.exposed_only);
	assert_ptr_equal(c.port_bitmap, o.port_bitmap);
	assert_int_equal(c.port_bitmap[0], 1ULL << 53);
	assert_int_equal(c.ringbuf_bytes, 8 << 20);
	assert_true(c.verbose);
	assert_false(c.emit_close);
	assert_false(c.only_actions);
	assert_int_equal(c.backend, CAPTURE_BACKEND_AUTO);

	parse(&o, hooks, &r);
	assert_int_equal(r.ret, 0);
	trace_options_to_capture(&o, &c);
	assert_int_equal(c.backend, CAPTURE_BACKEND_HOOKS);
	assert_null(c.cgroup_path); /* resolved by trace.c, not by the parser */

	parse(&o, without, &r);
	assert_int_equal(r.ret, 0);
	trace_options_to_capture(&o, &c);
	assert_null(c.port_bitmap);
	assert_int_equal(c.family, AF_INET);
	assert_int_equal(c.result, 1);
	assert_int_equal(c.ringbuf_bytes, 0);
	assert_int_equal(c.pid, 0);
}

struct ringbuf_case {
	const char *text;
	int ret;
	uint32_t bytes;
};

static const struct ringbuf_case ringbuf_cases[] = {
	{ "4096", 0, 4096 },
	{ "4K", 0, 4096 },
	{ "8k", 0, 8192 },
	{ "64K", 0, 65536 },
	{ "1M", 0, 1 << 20 },
	{ "256M", 0, 256 << 20 },
	{ "1G", 0, 1 << 30 },
	{ "1073741824", 0, 1 << 30 },
	{ "2G", -EINVAL, 0 },
	{ "2048", -EINVAL, 0 },
	{ "4095", -EINVAL, 0 },
	{ "3000", -EINVAL, 0 },
	{ "6K", -EINVAL, 0 },
	{ "12M", -EINVAL, 0 },
	{ "0", -EINVAL, 0 },
	{ "", -EINVAL, 0 },
	{ "4MB", -EINVAL, 0 },
	{ "-4M", -EINVAL, 0 },
	{ "4294967296", -EINVAL, 0 },
	{ "17179869184G", -EINVAL, 0 },
};

static void test_ringbuf_size(void **state)
{
	const struct ringbuf_case *c = *state;
	uint32_t bytes = 12345;

	assert_int_equal(parse_ringbuf_size(c->text, &bytes), c->ret);
	assert_int_equal(bytes, c->ret ? 12345 : c->bytes);
}

static void test_comm_list(void **state)
{
	static char comms[STREAM_MAX_COMMS][BG_COMM_LEN];
	int n = 0;

	(void)state;
	memset(comms, 0x5a, sizeof(comms));
	assert_int_equal(parse_comm_list("sshd, nginx", comms, &n), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(comms[0], "sshd\0\0\0\0\0\0\0\0\0\0\0\0", BG_COMM_LEN);
	assert_memory_equal(comms[1], "nginx\0\0\0\0\0\0\0\0\0\0\0", BG_COMM_LEN);
	assert_int_equal(parse_comm_list("abcdefghijklmnop", comms, &n), -ENAMETOOLONG);
	assert_int_equal(parse_comm_list("", comms, &n), -EINVAL);
	assert_int_equal(n, 2);
	assert_int_equal(parse_comm_list("c,d,e,f,g,h,i,j,k,l,m,n,o,p", comms, &n), 0);
	assert_int_equal(n, STREAM_MAX_COMMS);
	assert_int_equal(parse_comm_list("q", comms, &n), -E2BIG);
	assert_int_equal(n, STREAM_MAX_COMMS);
}

static const char *joined(struct test_list *l, const char *const *args)
{
	char buf[512] = "";

	for (int i = 0; args[i]; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s'%s'", i ? " " : "",
			 args[i]);
	return shown(l, args[0] ? buf : "(no options)");
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_parse_again),
		cmocka_unit_test(test_to_capture),
		cmocka_unit_test(test_comm_list),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(accept_cases) + ARRAY_SIZE(reject_cases) +
				       ARRAY_SIZE(ringbuf_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(accept_cases); i++)
		add_test(&l, test_accept, &accept_cases[i], "accepts %s",
			 joined(&l, accept_cases[i].args));
	for (size_t i = 0; i < ARRAY_SIZE(reject_cases); i++)
		add_test(&l, test_reject, &reject_cases[i], "rejects %s",
			 joined(&l, reject_cases[i].args));
	for (size_t i = 0; i < ARRAY_SIZE(ringbuf_cases); i++)
		add_test(&l, test_ringbuf_size, &ringbuf_cases[i], "parse_ringbuf_size %s '%s'",
			 ringbuf_cases[i].ret ? "rejects" : "accepts", ringbuf_cases[i].text);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "trace_options", NULL, NULL);
}
