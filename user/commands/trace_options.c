// SPDX-License-Identifier: GPL-2.0
/* Parsing `trace` options through the one option driver (lib/cli_options). */
#include "commands/trace_options.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/cli_options.h"
#include "lib/cli_parse.h"

struct trace_parse {
	struct trace_options o;
	struct bg_port_range ranges[256];
	size_t n_ranges;
};

static int add_comms(void *target, const struct cli_arg *a)
{
	struct trace_options *o = target;

	return parse_comm_list(a->value, o->comms, &o->n_comms) ? CLI_BAD_VALUE : 0;
}

static int add_ports(void *target, const struct cli_arg *a)
{
	struct trace_parse *t = target;

	if (parse_port_list(a->value, t->ranges, 256, &t->n_ranges))
		return CLI_BAD_VALUE;
	t->o.have_ports = true;
	return 0;
}

/* --backend NAME, or --hooks: one backend, given once (the same twice is fine). */
static int set_backend(void *target, const struct cli_arg *a)
{
	struct trace_options *o = target;
	enum capture_backend b = CAPTURE_BACKEND_HOOKS;

	if (a->value && capture_backend_parse(a->value, &b))
		return CLI_BAD_VALUE;
	if (o->backend != CAPTURE_BACKEND_AUTO && b != o->backend)
		return report_usage("give only one backend (--hooks is --backend hooks)");
	o->backend = b;
	return 0;
}

static int set_cgroup(void *target, const struct cli_arg *a)
{
	struct trace_options *o = target;

	if (!*a->value || strlen(a->value) >= 4096)
		return CLI_BAD_VALUE;
	o->cgroup = a->value;
	return 0;
}

#define FAMILY_CONFLICT "give only one of -4 and -6"
#define RESULT_CONFLICT "give only one of --errors and --ok"

/* Options that choose what is captured. */
static const struct cli_option trace_filter_options[] = {
	CLI_U32("pid", 'p', struct trace_options, pid, 1, 4194304,
		"expected a process id (1-4194304)"),
	CLI_VALUE("comm", 'c', add_comms,
		  "expected names of at most 15 bytes, comma-separated, at most 16"),
	CLI_CHOOSE("ipv4", '4', struct trace_options, family, AF_INET, FAMILY_CONFLICT),
	CLI_CHOOSE("ipv6", '6', struct trace_options, family, AF_INET6, FAMILY_CONFLICT),
	CLI_FLAG("exposed", 'x', struct trace_options, exposed_only),
	CLI_CHOOSE("errors", 0, struct trace_options, result, -1, RESULT_CONFLICT),
	CLI_CHOOSE("ok", 0, struct trace_options, result, 1, RESULT_CONFLICT),
	CLI_OPTIONS_END,
};

static const struct cli_option trace_port_option[] = {
	CLI_VALUE("port", 'P', add_ports, "expected ports or ranges 0-65535, e.g. 22,8000-8099"),
	CLI_OPTIONS_END,
};

/* How it is captured, and what is said about it. */
static const struct cli_option trace_capture_options[] = {
	CLI_CALL("hooks", 0, no_argument, set_backend),
	CLI_VALUE("backend", 0, set_backend, "expected auto, fentry, tracepoint or hooks"),
	CLI_VALUE("cgroup", 0, set_cgroup, "expected a cgroup v2 directory"),
	CLI_FLAG("hints", 0, struct trace_options, hints),
	CLI_OPTIONS_END,
};

static const struct cli_group trace_groups[] = {
	{ trace_filter_options, offsetof(struct trace_parse, o) },
	{ trace_port_option, 0 },
	{ stream_output_options, offsetof(struct trace_parse, o.stream) },
	{ stream_capture_options, offsetof(struct trace_parse, o.stream) },
	{ trace_capture_options, offsetof(struct trace_parse, o) },
	{ NULL, 0 },
};

/* Combinations no single option can judge. */
static int trace_options_check(const void *ctx)
{
	const struct trace_options *o = &((const struct trace_parse *)ctx)->o;

	if (o->cgroup && o->backend != CAPTURE_BACKEND_HOOKS)
		return report_usage(
		    "--cgroup needs --hooks: the tracepoints see the whole machine");
	if (o->backend == CAPTURE_BACKEND_HOOKS && o->result < 0)
		return report_usage(
		    "--errors cannot go with --hooks: the cgroup hooks see only successful "
		    "binds and listens");
	return 0;
}

int trace_options_parse(struct trace_options *o, int argc, char **argv, const char *usage)
{
	const struct cli_spec spec = {
		.usage = usage,
		.groups = trace_groups,
		.check = trace_options_check,
	};
	struct trace_parse t;
	int err;

	memset(&t, 0, sizeof(t));
	memset(o, 0, sizeof(*o));
	err = cli_parse(&spec, argc, argv, &t);
	if (err)
		return err;
	if (t.o.have_ports)
		port_ranges_to_bitmap(t.ranges, t.n_ranges, t.o.port_bitmap);
	*o = t.o;
	return 0;
}

void trace_options_to_capture(const struct trace_options *o, struct capture_options *c)
{
	memset(c, 0, sizeof(*c));
	c->pid = o->pid;
	c->family = o->family;
	c->result = o->result;
	c->exposed_only = o->exposed_only;
	c->port_bitmap = o->have_ports ? o->port_bitmap : NULL;
	c->ringbuf_bytes = o->stream.ringbuf_bytes;
	c->verbose = o->stream.verbose;
	c->backend = o->backend;
}
