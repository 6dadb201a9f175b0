// SPDX-License-Identifier: GPL-2.0
/* `bindguard enforce`: a loopback-only policy on a cgroup, live or pinned. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/bpf_support.h"
#include "capture/capture.h"
#include "lib/cgroups.h"
#include "lib/cli_parse.h"
#include "commands/commands.h"
#include "enforcement/enforce_hooks.h"
#include "capture/event_stream.h"
#include "enforcement/policy.h"
#include "lib/privileges.h"
#include "lib/signals.h"
#include "commands/trace_options.h"

static const char enforce_usage[] =
    "Usage: bindguard enforce [OPTIONS]\n"
    "Keep services on loopback: binds to 0.0.0.0, :: and ::ffff:0.0.0.0 (or, with\n"
    "--scope non-loopback, to any address but loopback) are logged, rewritten to\n"
    "loopback or denied, unless an allow-list matches.  Loopback binds are never touched.\n"
    "\n"
    "Policy (flags override the file):\n"
    "      --policy FILE          INI policy file ([enforce] and [allow] sections)\n"
    "  -m, --mode MODE            log, rewrite (default) or deny\n"
    "  -s, --scope SCOPE          wildcard (default) or non-loopback\n"
    "      --rewrite-to ADDR[,ADDR] loopback targets (default 127.0.0.1 and ::1)\n"
    "      --allow-port LIST      ports/ranges left alone, e.g. 22,8000-8099\n"
    "      --allow-protocol LIST  tcp, udp, other\n"
    "      --allow-comm LIST      process names left alone\n"
    "      --allow-user LIST      user names or uids left alone\n"
    "      --allow-cgroup PATH    a cgroup subtree left alone (repeatable)\n"
    "      --host-netns-only      leave other network namespaces (containers) alone\n"
    "      --cgroup PATH          enforce below this cgroup (default: the whole machine)\n"
    "\n"
    "Running:\n"
    "      --pin                  pin the policy in bpffs and return: it stays in force\n"
    "                             without a process; run again to replace it in place\n"
    "      --pin-dir DIR          where to pin (default <bpffs>/bindguard)\n"
    "  -j, --json                 interventions as JSON lines (live mode)\n"
    "  -o, --output FILE          write interventions to FILE\n"
    "  -T, --timestamp            full timestamps\n"
    "  -d, --duration SECONDS     stop after this long (live mode)\n"
    "  -b, --ringbuf-size SIZE    ring buffer size, a power of two (default 1M)\n"
    "  -v, --verbose              libbpf's and the verifier's logs\n"
    "      --backend NAME         live mode's capture: auto (default), fentry or tracepoint\n"
    "  -h, --help                 this text\n"
    "\n"
    "Without --pin, enforcement lasts as long as this process: Ctrl-C, SIGTERM or even\n"
    "SIGKILL removes it.\n"
    "\n"
    "Examples:\n"
    "  sudo bindguard enforce --mode rewrite\n"
    "  sudo bindguard enforce --mode deny --allow-port 22 --allow-comm sshd\n"
    "  sudo bindguard enforce --policy /etc/bindguard/policy.conf --pin\n";

enum {
	OPT_POLICY = 256,
	OPT_REWRITE_TO,
	OPT_ALLOW_PORT,
	OPT_ALLOW_PROTOCOL,
	OPT_ALLOW_COMM,
	OPT_ALLOW_USER,
	OPT_ALLOW_CGROUP,
	OPT_HOST_NETNS,
	OPT_CGROUP,
	OPT_PIN,
	OPT_PIN_DIR,
	OPT_BACKEND,
};

static const struct option enforce_longopts[] = {
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "mode", required_argument, NULL, 'm' },
	{ "scope", required_argument, NULL, 's' },
	{ "rewrite-to", required_argument, NULL, OPT_REWRITE_TO },
	{ "allow-port", required_argument, NULL, OPT_ALLOW_PORT },
	{ "allow-protocol", required_argument, NULL, OPT_ALLOW_PROTOCOL },
	{ "allow-comm", required_argument, NULL, OPT_ALLOW_COMM },
	{ "allow-user", required_argument, NULL, OPT_ALLOW_USER },
	{ "allow-cgroup", required_argument, NULL, OPT_ALLOW_CGROUP },
	{ "host-netns-only", no_argument, NULL, OPT_HOST_NETNS },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "pin", no_argument, NULL, OPT_PIN },
	{ "pin-dir", required_argument, NULL, OPT_PIN_DIR },
	{ "json", no_argument, NULL, 'j' },
	{ "output", required_argument, NULL, 'o' },
	{ "timestamp", no_argument, NULL, 'T' },
	{ "duration", required_argument, NULL, 'd' },
	{ "ringbuf-size", required_argument, NULL, 'b' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};
static const char enforce_shortopts[] = ":m:s:jo:Td:b:vh";

struct enforce_options {
	struct policy_config config;
	bool pin, json, full_time, verbose;
	enum capture_backend backend; /* live mode's capture: auto, fentry or tracepoint */
	const char *pin_dir, *output;
	uint64_t duration_s;
	uint32_t ringbuf_bytes;
};

/* "--mode" for 'm': flags are named as the user knows them. */
static const char *option_name(int opt)
{
	static char name[40];

	for (const struct option *o = enforce_longopts; o->name; o++) {
		if (o->val == opt) {
			snprintf(name, sizeof(name), "--%s", o->name);
			return name;
		}
	}
	return "option";
}

static int flag_error(const char *opt, const char *msg)
{
	fprintf(stderr, "bindguard: %s: %s\n", opt, msg);
	return -EINVAL;
}

/* Returns 0, 1 after --help, or -EINVAL after a message. */
static int enforce_options_parse(struct enforce_options *o, int argc, char **argv)
{
	char err[POLICY_ERROR_LEN] = "";
	struct policy_config *c = &o->config;
	int opt, ret = 0;

	memset(o, 0, sizeof(*o));
	policy_init(c);
	opterr = 0;
	/* First the policy file, so that flags override it wherever they stand. */
	optind = 0; /* 0: also resets glibc's state inside option groups */
	while ((opt = getopt_long(argc, argv, enforce_shortopts, enforce_longopts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(enforce_usage, stdout);
			return 1;
		}
		if (opt == OPT_POLICY && policy_load_file(c, optarg, err, sizeof(err))) {
			fprintf(stderr, "bindguard: %s\n", err);
			return -EINVAL;
		}
	}
	optind = 0; /* 0: also resets glibc's state inside option groups */
	while (!ret &&
	       (opt = getopt_long(argc, argv, enforce_shortopts, enforce_longopts, NULL)) != -1) {
		err[0] = '\0';
		switch (opt) {
		case OPT_POLICY: break;
		case 'm': ret = policy_set_mode(c, optarg, err, sizeof(err)); break;
		case 's': ret = policy_set_scope(c, optarg, err, sizeof(err)); break;
		case OPT_REWRITE_TO:
			ret = policy_set_rewrite_to(c, optarg, err, sizeof(err));
			break;
		case OPT_ALLOW_PORT: ret = policy_add_ports(c, optarg, err, sizeof(err)); break;
		case OPT_ALLOW_PROTOCOL:
			ret = policy_add_protocols(c, optarg, err, sizeof(err));
			break;
		case OPT_ALLOW_COMM: ret = policy_add_comms(c, optarg, err, sizeof(err)); break;
		case OPT_ALLOW_USER: ret = policy_add_users(c, optarg, err, sizeof(err)); break;
		case OPT_ALLOW_CGROUP: ret = policy_add_cgroups(c, optarg, err, sizeof(err)); break;
		case OPT_HOST_NETNS: c->policy.host_netns_only = 1; break;
		case OPT_CGROUP:
			if (strlen(optarg) >= sizeof(c->cgroup))
				return flag_error("--cgroup", "path too long");
			snprintf(c->cgroup, sizeof(c->cgroup), "%s", optarg);
			break;
		case OPT_PIN: o->pin = true; break;
		case OPT_PIN_DIR: o->pin_dir = optarg; break;
		case 'j': o->json = true; break;
		case 'o': o->output = optarg; break;
		case 'T': o->full_time = true; break;
		case 'v': o->verbose = true; break;
		case OPT_BACKEND:
			if (capture_backend_parse(optarg, &o->backend) ||
			    o->backend == CAPTURE_BACKEND_HOOKS)
				return flag_error("--backend",
						  "expected auto, fentry or tracepoint: how live "
						  "mode captures what the hooks decide");
			break;
		case 'd':
			if (parse_u64(optarg, 1, 31536000, &o->duration_s))
				return flag_error("--duration", "expected seconds, 1-31536000");
			break;
		case 'b':
			if (parse_ringbuf_size(optarg, &o->ringbuf_bytes))
				return flag_error("--ringbuf-size",
						  "expected a power of two, 4K-1G");
			break;
		case ':':
			fprintf(stderr, "bindguard: option %s needs a value\n", argv[optind - 1]);
			return -EINVAL;
		default:
			fprintf(stderr, "bindguard: unknown option '%s' (see enforce --help)\n",
				argv[optind - 1]);
			return -EINVAL;
		}
		if (ret)
			fprintf(stderr, "bindguard: %s: %s\n", option_name(opt), err);
	}
	if (ret)
		return -EINVAL;
	if (optind < argc) {
		fprintf(stderr, "bindguard: unexpected argument '%s' (see enforce --help)\n",
			argv[optind]);
		return -EINVAL;
	}
	if (o->pin && (o->json || o->output || o->duration_s))
		return flag_error("--pin", "a pinned policy runs without this process, so --json, "
					   "--output and --duration do not apply");
	return 0;
}

/* Turns cgroup paths into ids and levels the hook can compare. */
static int resolve_cgroups(struct policy_config *c, struct cgroup_ref *target)
{
	struct cgroup_ref ref;

	if (cgroup_resolve_arg("--cgroup", c->cgroup, target))
		return -EINVAL;
	c->policy.target_cgroup_id = target->id;
	c->policy.n_cgroups = 0;
	for (int i = 0; i < c->n_allow_cgroups; i++) {
		if (cgroup_resolve_arg("allowed cgroup", c->allow_cgroups[i], &ref))
			return -EINVAL;
		c->policy.cgroups[i].id = ref.id;
		c->policy.cgroups[i].level = ref.level;
		c->policy.n_cgroups++;
	}
	return 0;
}

static void print_decisions(const uint64_t counts[BG_ACTION_MAX])
{
	fprintf(stderr,
		"bindguard: enforcement detached; decisions: allow %llu, log %llu, rewrite %llu, "
		"deny %llu\n",
		(unsigned long long)counts[BG_ACTION_ALLOW],
		(unsigned long long)counts[BG_ACTION_LOG],
		(unsigned long long)counts[BG_ACTION_REWRITE],
		(unsigned long long)counts[BG_ACTION_DENY]);
}

static int run_pinned(struct enforce_options *o, const struct cgroup_ref *target)
{
	char dir[4096];
	struct enforcer *e = NULL;
	int err;

	if (resolve_pin_dir(o->pin_dir, dir, sizeof(dir)))
		return EXIT_ERROR;
	/* Load everything before touching what is pinned: a policy that
	 * fails to load leaves the previous one in force. */
	err = enforcer_load(&e, &o->config.policy, NULL, dir);
	if (!err)
		err = enforcer_pin(e, target->path, dir);
	enforcer_destroy(e);
	if (err)
		return EXIT_ERROR;
	fprintf(
	    stderr,
	    "bindguard: pinned policy (mode %s, scope %s) on cgroup %s in %s; it stays in force "
	    "after this command.  `bindguard status` shows it, `bindguard disable` removes it.\n",
	    policy_mode_name(o->config.policy.mode), policy_scope_name(o->config.policy.scope),
	    target->path, dir);
	return 0;
}

static int run_live(struct enforce_options *o, const struct cgroup_ref *target)
{
	struct capture_options copts = { .only_actions = true,
					 .ringbuf_bytes = o->ringbuf_bytes,
					 .backend = o->backend,
					 .verbose = o->verbose };
	struct event_stream stream;
	struct capture *cap = NULL;
	struct enforcer *e = NULL;
	uint64_t counts[BG_ACTION_MAX], drops, malformed, deadline = 0;
	int err;

	if (event_stream_open(&stream, o->output, o->json, o->full_time, true))
		return EXIT_ERROR;
	err = install_stop_signals();
	if (!err)
		err = capture_start(&cap, &copts, event_stream_add, &stream);
	if (!err)
		err = enforcer_load(&e, &o->config.policy, cap, NULL);
	if (!err)
		err = enforcer_attach(e, target->path);
	/* the links, maps and output are open fds: nothing more is needed */
	if (!err)
		err = drop_privileges_after_attach(o->verbose, 0);
	if (err) {
		enforcer_destroy(e);
		capture_stop(cap);
		output_close(&stream.out);
		return EXIT_ERROR;
	}
	stream.backend = capture_backend_name(capture_backend_used(cap));
	if (o->duration_s)
		deadline = monotonic_ns() + o->duration_s * 1000000000ULL;
	event_stream_header(&stream);
	event_stream_flush(&stream, 0);
	fprintf(stderr,
		"bindguard: enforcing started: mode %s, scope %s, on cgroup %s (Ctrl-C to stop)\n",
		policy_mode_name(o->config.policy.mode), policy_scope_name(o->config.policy.scope),
		target->path);

	err = event_stream_run(&stream, cap, &stop_requested, deadline);
	enforcer_counts(e, counts);
	enforcer_destroy(e); /* detach first: nothing is judged without a witness */
	drops = capture_drops(cap);
	malformed = capture_malformed(cap);
	capture_stop(cap);
	if (event_stream_close(&stream, drops, malformed) && !err)
		err = -EIO;
	print_decisions(counts);
	return err ? EXIT_ERROR : 0;
}

int cmd_enforce(int argc, char **argv)
{
	struct enforce_options o;
	struct cgroup_ref target;
	int err = enforce_options_parse(&o, argc, argv);

	if (err)
		return err > 0 ? 0 : EXIT_ERROR;
	bpf_support_init(o.verbose);
	if (bpf_preflight() || resolve_cgroups(&o.config, &target))
		return EXIT_ERROR;
	return o.pin ? run_pinned(&o, &target) : run_live(&o, &target);
}
