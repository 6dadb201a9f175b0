// SPDX-License-Identifier: GPL-2.0
/* Parsing `trace` options through the one option driver (lib/cli_options). */
#include "commands/trace_options.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/cli_options.h"
#include "lib/cli_parse.h"

enum { OPT_ERRORS = 256, OPT_OK, OPT_HOOKS, OPT_CGROUP, OPT_BACKEND, OPT_HINTS };

static const struct option trace_longopts[] = {
	{ "pid", required_argument, NULL, 'p' },
	{ "comm", required_argument, NULL, 'c' },
	{ "port", required_argument, NULL, 'P' },
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "exposed", no_argument, NULL, 'x' },
	{ "errors", no_argument, NULL, OPT_ERRORS },
	{ "ok", no_argument, NULL, OPT_OK },
	{ "json", no_argument, NULL, 'j' },
	{ "timestamp", no_argument, NULL, 'T' },
	{ "duration", required_argument, NULL, 'd' },
	{ "output", required_argument, NULL, 'o' },
	{ "ringbuf-size", required_argument, NULL, 'b' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "hooks", no_argument, NULL, OPT_HOOKS },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "hints", no_argument, NULL, OPT_HINTS },
	{ NULL, 0, NULL, 0 },
};

struct trace_parse {
	struct trace_options *o;
	struct bg_port_range ranges[256];
	size_t n_ranges;
};

/* Options that choose what is captured. */
static int filter_option(struct trace_parse *t, const struct cli_arg *a)
{
	struct trace_options *o = t->o;

	switch (a->opt) {
	case 'p':
		if (parse_u32(a->value, 1, 4194304, &o->pid))
			return cli_bad_value(a, "expected a process id (1-4194304)");
		return 0;
	case 'c':
		if (parse_comm_list(a->value, o->comms, &o->n_comms))
			return cli_bad_value(a,
					     "expected names of at most 15 bytes, comma-separated, "
					     "at most 16");
		return 0;
	case 'P':
		if (parse_port_list(a->value, t->ranges, 256, &t->n_ranges))
			return cli_bad_value(a,
					     "expected ports or ranges 0-65535, e.g. 22,8000-8099");
		o->have_ports = true;
		return 0;
	case '4':
	case '6':
		if (o->family) {
			report_usage("give only one of -4 and -6");
			return -EINVAL;
		}
		o->family = a->opt == '4' ? AF_INET : AF_INET6;
		return 0;
	case 'x': o->exposed_only = true; return 0;
	case OPT_ERRORS:
	case OPT_OK:
		if (o->result) {
			report_usage("give only one of --errors and --ok");
			return -EINVAL;
		}
		o->result = a->opt == OPT_OK ? 1 : -1;
		return 0;
	}
	return 1; /* not a filter */
}

/* --backend NAME, or --hooks: one backend, given once (the same twice is fine). */
static int set_backend(struct trace_options *o, const struct cli_arg *a)
{
	enum capture_backend b = CAPTURE_BACKEND_HOOKS;

	if (a->opt == OPT_BACKEND && capture_backend_parse(a->value, &b))
		return cli_bad_value(a, "expected auto, fentry, tracepoint or hooks");
	if (o->backend != CAPTURE_BACKEND_AUTO && b != o->backend) {
		report_usage("give only one backend (--hooks is --backend hooks)");
		return -EINVAL;
	}
	o->backend = b;
	return 0;
}

static int trace_option(void *ctx, const struct cli_arg *a)
{
	struct trace_parse *t = ctx;
	struct trace_options *o = t->o;
	int err = filter_option(t, a);

	if (err <= 0)
		return err;
	switch (a->opt) {
	case 'j': o->json = true; break;
	case 'T': o->full_time = true; break;
	case 'd':
		if (parse_u64(a->value, 1, 31536000, &o->duration_s))
			return cli_bad_value(a, "expected seconds, 1-31536000");
		break;
	case 'o': o->output = a->value; break;
	case 'b':
		if (parse_ringbuf_size(a->value, &o->ringbuf_bytes))
			return cli_bad_value(a, "expected a power of two from 4K to 1G, e.g. 4M");
		break;
	case 'v': o->verbose = true; break;
	case OPT_HOOKS:
	case OPT_BACKEND: return set_backend(o, a);
	case OPT_HINTS: o->hints = true; break;
	case OPT_CGROUP:
		if (!*a->value || strlen(a->value) >= 4096)
			return cli_bad_value(a, "expected a cgroup v2 directory");
		o->cgroup = a->value;
		break;
	}
	return 0;
}

/* Combinations no single option can judge. */
static int trace_options_check(const struct trace_options *o)
{
	if (o->cgroup && o->backend != CAPTURE_BACKEND_HOOKS) {
		report_usage("--cgroup needs --hooks: the tracepoints see the whole machine");
		return -EINVAL;
	}
	if (o->backend == CAPTURE_BACKEND_HOOKS && o->result < 0) {
		report_usage(
		    "--errors cannot go with --hooks: the cgroup hooks see only successful "
		    "binds and listens");
		return -EINVAL;
	}
	return 0;
}

int trace_options_parse(struct trace_options *o, int argc, char **argv, const char *usage)
{
	struct trace_parse t = { .o = o };
	const struct cli_spec spec = {
		.usage = usage,
		.shortopts = "p:c:P:46xjTd:o:b:v",
		.longopts = trace_longopts,
		.on_option = trace_option,
	};
	int err;

	memset(o, 0, sizeof(*o));
	err = cli_parse(&spec, argc, argv, &t);
	if (err)
		return err;
	err = trace_options_check(o);
	if (err)
		return err;
	if (o->have_ports)
		port_ranges_to_bitmap(t.ranges, t.n_ranges, o->port_bitmap);
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
	c->ringbuf_bytes = o->ringbuf_bytes;
	c->verbose = o->verbose;
	c->backend = o->backend;
}
