// SPDX-License-Identifier: GPL-2.0
/* `bindguard trace`: stream every bind and listen on the machine. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/bpf_support.h"
#include "lib/clock.h"
#include "capture/capture.h"
#include "lib/cgroups.h"
#include "lib/cli_options.h"
#include "lib/cli_parse.h"
#include "commands/commands.h"
#include "capture/event_stream.h"
#include "lib/privileges.h"
#include "lib/signals.h"
#include "commands/trace_options.h"
#include "fixes/bind_hints.h"
#include "lib/report.h"

static const char trace_usage[] =
    "Usage: bindguard [trace] [OPTIONS]\n"
    "Show every bind() and listen() on IPv4/IPv6 sockets as it happens.\n"
    "\n"
    "  -p, --pid PID            only this process (thread group)\n"
    "  -c, --comm NAME[,NAME]   only these process names\n"
    "  -P, --port LIST          only these ports, e.g. 22,8000-8099\n"
    "  -4, --ipv4 / -6, --ipv6  only one address family\n"
    "  -x, --exposed            only addresses reachable from elsewhere (not loopback)\n"
    "      --errors / --ok      only failed / only successful calls\n"
    "  -j, --json               one JSON object per line\n"
    "  -T, --timestamp          full date and microseconds in the TIME column\n"
    "  -d, --duration SECONDS   stop after this long\n"
    "  -o, --output FILE        write events to FILE instead of standard output\n"
    "  -b, --ringbuf-size SIZE  size of each ring buffer (one per CPU, up to four),\n"
    "                           a power of two (default 1M)\n"
    "  -v, --verbose            show libbpf's and the verifier's logs\n"
    "      --backend NAME       how to capture: auto (default: fentry where the kernel\n"
    "                           has BPF trampolines, else tracepoint), fentry,\n"
    "                           tracepoint, or hooks\n"
    "      --hooks              --backend hooks: cgroup hooks; other syscalls pay nothing,\n"
    "                           but failed binds, binds of IP_BIND_ADDRESS_NO_PORT\n"
    "                           sockets, UDP autobind and binds outside the cgroup are\n"
    "                           not reported (no --errors)\n"
    "      --cgroup PATH        with --hooks: only this cgroup v2 subtree (default: all)\n"
    "      --hints              for a program listening on a wildcard, once, the fix\n"
    "                           that makes it listen on loopback (on standard error)\n"
    "  -h, --help               this text\n"
    "\n"
    "Examples:\n"
    "  sudo bindguard                       # everything, as a table\n"
    "  sudo bindguard -x                    # only what is exposed beyond loopback\n"
    "  sudo bindguard --json -o binds.jsonl -d 60\n"
    "  sudo bindguard trace --hooks -x         # no tax on other syscalls\n";

/* -p names a process (thread group): refuse what would trace nothing, a
 * process that does not exist or one of its threads.  0 or -ESRCH. */
static int check_traced_pid(uint32_t pid)
{
	char path[64], line[128];
	long tgid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	f = fopen(path, "re");
	if (!f) {
		report("--pid %u: no such process\n", pid);
		return -ESRCH;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %ld", &tgid) == 1)
			break;
	fclose(f);
	if (tgid > 0 && tgid != (long)pid) {
		report("--pid %u is a thread of process %ld: give the process id\n", pid, tgid);
		return -ESRCH;
	}
	return 0;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_options opts;
	struct capture_options copts;
	struct event_stream stream;
	struct bind_hints hints = { .next = event_stream_add, .next_ctx = &stream, .out = stderr };
	struct capture *cap = NULL;
	struct cgroup_ref target;
	char backend[CAPTURE_SUMMARY_LEN];
	uint64_t deadline = 0;
	int err;

	err = trace_options_parse(&opts, argc, argv, trace_usage);
	if (err)
		return cli_exit_status(err);

	if (opts.pid && check_traced_pid(opts.pid))
		return EXIT_ERROR;
	bpf_support_init(opts.stream.verbose);
	trace_options_to_capture(&opts, &copts);
	if (opts.backend == CAPTURE_BACKEND_HOOKS) {
		/* the whole machine unless --cgroup */
		if (cgroup_resolve_arg("--cgroup", opts.cgroup ? opts.cgroup : "/", &target))
			return EXIT_ERROR;
		copts.cgroup_path = target.path;
	}
	if (event_stream_open(&stream, opts.stream.output, opts.stream.json, opts.stream.full_time,
			      false))
		return EXIT_ERROR;
	memcpy(stream.comms, opts.comms, sizeof(stream.comms));
	stream.n_comms = opts.n_comms;

	if (install_stop_signals() ||
	    capture_start(&cap, &copts, opts.hints ? bind_hints_event : event_stream_add,
			  opts.hints ? (void *)&hints : &stream) ||
	    drop_privileges_after_attach(opts.stream.verbose, 0)) {
		capture_stop(cap);
		output_close(&stream.out);
		return EXIT_ERROR;
	}
	stream.backend = capture_backend_summary(cap, backend, sizeof(backend));
	if (opts.stream.duration_s)
		deadline = monotonic_ns() + opts.stream.duration_s * 1000000000ULL;
	event_stream_header(&stream);
	event_stream_flush(&stream, 0);
	if (opts.backend == CAPTURE_BACKEND_HOOKS)
		report("--hooks: failed binds, binds made outside cgroup %s, "
		       "IP_BIND_ADDRESS_NO_PORT sockets and UDP autobind are not reported\n",
		       target.path);
	report("tracing started (Ctrl-C to stop)\n");

	err = event_stream_run(&stream, cap, &stop_requested, deadline);
	uint64_t drops = capture_drops(cap), malformed = capture_malformed(cap);

	capture_stop(cap);
	if (event_stream_close(&stream, drops, malformed))
		err = err ? err : -EIO;
	return stream_exit_status(err);
}
