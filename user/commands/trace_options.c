// SPDX-License-Identifier: GPL-2.0
/* Parsing `trace` options. */
#include "commands/trace_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/cli_parse.h"

enum { OPT_ERRORS = 256, OPT_OK, OPT_HOOKS, OPT_CGROUP, OPT_BACKEND };

int parse_ringbuf_size(const char *text, uint32_t *bytes)
{
	uint64_t v;

	if (parse_size(text, 4096, 1ULL << 30, &v) || (v & (v - 1)))
		return -EINVAL;
	*bytes = (uint32_t)v;
	return 0;
}

struct comm_ctx {
	char (*comms)[BG_COMM_LEN];
	int *n;
};

static int add_comm(const char *item, void *opaque)
{
	struct comm_ctx *ctx = opaque;

	if (strlen(item) >= BG_COMM_LEN)
		return -ENAMETOOLONG;
	if (*ctx->n >= STREAM_MAX_COMMS)
		return -E2BIG;
	memset(ctx->comms[*ctx->n], 0, BG_COMM_LEN);
	memcpy(ctx->comms[*ctx->n], item, strlen(item));
	(*ctx->n)++;
	return 0;
}

int parse_comm_list(const char *text, char comms[][BG_COMM_LEN], int *n)
{
	struct comm_ctx ctx = { comms, n };

	return parse_list(text, add_comm, &ctx);
}

static int bad_value(const char *opt, const char *value, const char *why)
{
	fprintf(stderr, "bindguard: invalid %s '%s': %s\n", opt, value, why);
	return -EINVAL;
}

/* --backend NAME, or --hooks: one backend, given once (the same twice is fine). */
static int set_backend(struct trace_options *o, const char *name)
{
	enum capture_backend b;

	if (capture_backend_parse(name, &b))
		return bad_value("--backend", name, "expected auto, fentry, tracepoint or hooks");
	if (o->backend != CAPTURE_BACKEND_AUTO && b != o->backend)
		return bad_value("--backend", name, "give only one backend (--hooks is hooks)");
	o->backend = b;
	return 0;
}

int trace_options_parse(struct trace_options *o, int argc, char **argv, const char *usage)
{
	static const char shortopts[] = ":p:c:P:46xjTd:o:b:vh";
	static const struct option longopts[] = {
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bg_port_range ranges[256];
	size_t n_ranges = 0;
	int c;

	memset(o, 0, sizeof(*o));
	/* 0, not 1: glibc then also forgets where it stopped inside a group of
	 * short options ("-64x") in an earlier, possibly freed, argv */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_u32(optarg, 1, 4194304, &o->pid))
				return bad_value("--pid", optarg,
						 "expected a process id (1-4194304)");
			break;
		case 'c':
			if (parse_comm_list(optarg, o->comms, &o->n_comms))
				return bad_value(
				    "--comm", optarg,
				    "expected names of at most 15 bytes, comma-separated, "
				    "at most 16");
			break;
		case 'P':
			if (parse_port_list(optarg, ranges, 256, &n_ranges))
				return bad_value(
				    "--port", optarg,
				    "expected ports or ranges 0-65535, e.g. 22,8000-8099");
			o->have_ports = true;
			break;
		case '4':
		case '6':
			if (o->family)
				return bad_value("-4/-6", c == '4' ? "-4" : "-6",
						 "give only one of -4 and -6");
			o->family = c == '4' ? AF_INET : AF_INET6;
			break;
		case 'x': o->exposed_only = true; break;
		case OPT_ERRORS:
		case OPT_OK:
			if (o->result)
				return bad_value("--errors/--ok", "",
						 "give only one of --errors and --ok");
			o->result = c == OPT_OK ? 1 : -1;
			break;
		case 'j': o->json = true; break;
		case 'T': o->full_time = true; break;
		case 'd':
			if (parse_u64(optarg, 1, 31536000, &o->duration_s))
				return bad_value("--duration", optarg,
						 "expected seconds, 1-31536000");
			break;
		case 'o': o->output = optarg; break;
		case 'b':
			if (parse_ringbuf_size(optarg, &o->ringbuf_bytes))
				return bad_value("--ringbuf-size", optarg,
						 "expected a power of two from 4K to 1G, e.g. 4M");
			break;
		case 'v': o->verbose = true; break;
		case OPT_HOOKS:
		case OPT_BACKEND:
			if (set_backend(o, c == OPT_HOOKS ? "hooks" : optarg))
				return -EINVAL;
			break;
		case OPT_CGROUP:
			if (!*optarg || strlen(optarg) >= 4096)
				return bad_value("--cgroup", optarg,
						 "expected a cgroup v2 directory");
			o->cgroup = optarg;
			break;
		case 'h': fputs(usage, stdout); return 1;
		case ':':
			fprintf(stderr, "bindguard: option %s needs a value\n", argv[optind - 1]);
			return -EINVAL;
		default:
			/* An unknown short option may sit inside a group ("-xz"), and
			 * argv[optind - 1] is then another argument: name it alone. */
			if (optopt > 0 && optopt < 256 && !strchr(shortopts, optopt))
				fprintf(stderr, "bindguard: unknown option '-%c' (see --help)\n",
					optopt);
			else
				fprintf(stderr, "bindguard: unknown option '%s' (see --help)\n",
					argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bindguard: unexpected argument '%s' (see --help)\n", argv[optind]);
		return -EINVAL;
	}
	if (o->cgroup && o->backend != CAPTURE_BACKEND_HOOKS) {
		fprintf(stderr, "bindguard: --cgroup needs --hooks: the tracepoints see the whole "
				"machine\n");
		return -EINVAL;
	}
	if (o->backend == CAPTURE_BACKEND_HOOKS && o->result < 0) {
		fprintf(stderr, "bindguard: --errors cannot go with --hooks: the cgroup hooks see "
				"only successful binds and listens\n");
		return -EINVAL;
	}
	if (o->have_ports)
		port_ranges_to_bitmap(ranges, n_ranges, o->port_bitmap);
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
