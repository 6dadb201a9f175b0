// SPDX-License-Identifier: GPL-2.0
/* `bindguard enforce`: a loopback-only policy on a cgroup, live or pinned. */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "lib/bpf_support.h"
#include "lib/clock.h"
#include "capture/capture.h"
#include "lib/cgroups.h"
#include "lib/cli_options.h"
#include "lib/cli_parse.h"
#include "commands/commands.h"
#include "commands/pinned_options.h"
#include "commands/stream_options.h"
#include "enforcement/enforce_hooks.h"
#include "capture/event_stream.h"
#include "enforcement/policy.h"
#include "lib/privileges.h"
#include "lib/signals.h"
#include "lib/report.h"

static const char enforce_usage[] =
    "Usage: bindguard enforce [OPTIONS]\n"
    "Keep services on loopback: binds to 0.0.0.0, :: and ::ffff:0.0.0.0 (or, with\n"
    "--scope non-loopback, to any address but loopback) are logged, rewritten to\n"
    "loopback or denied, unless an allow-list matches.  Loopback binds are never touched.\n"
    "\n"
    "Policy (flags override the file; allow-list flags add to its lists):\n"
    "      --policy FILE          INI policy file ([enforce] and [allow] sections)\n"
    "  -m, --mode MODE            log, rewrite (default) or deny\n"
    "  -s, --scope SCOPE          wildcard (default) or non-loopback\n"
    "      --rewrite-to ADDR[,ADDR] loopback targets, one per kind: IPv4 (default\n"
    "                             127.0.0.1), IPv6-only sockets (::1), dual-stack ::\n"
    "                             binds (::ffff:127.0.0.1, which 127.0.0.1 clients reach)\n"
    "      --dual-stack-to ADDR   target of dual-stack :: binds alone: ::ffff:127.x.y.z\n"
    "                             (default ::ffff:<IPv4 target>) or ::1\n"
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
    "      --pin-dir DIR          where to pin (default <bpffs>/bindguard); live, whose\n"
    "                             `bindguard allow` exceptions apply too\n"
    "  -j, --json                 interventions as JSON lines (live mode)\n"
    "  -o, --output FILE          write interventions to FILE\n"
    "  -T, --timestamp            full timestamps\n"
    "  -d, --duration SECONDS     stop after this long (live mode)\n"
    "  -b, --ringbuf-size SIZE    size of each ring buffer (one per CPU, up to four),\n"
    "                             a power of two (default 1M)\n"
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

struct enforce_options {
	struct policy_config config;
	bool pin;
	bool policy_file_read;	      /* the first pass is over: --policy is done */
	enum capture_backend backend; /* live mode's capture: auto, fentry or tracepoint */
	bool backend_given;
	int policy_files; /* --policy options seen */
	const char *pin_dir;
	struct stream_options stream; /* -j -o -T -d (live mode), -b -v */
};

/* --policy FILE, read on a first pass of its own (cli_parse_only) so that
 * flags override it wherever they stand. */
static int load_policy_file(void *target, const struct cli_arg *a)
{
	struct enforce_options *o = target;
	char err[POLICY_ERROR_LEN] = "";

	if (o->policy_file_read)
		return 0;
	/* a second file's settings would be "given twice", blamed on it */
	if (o->policy_files++)
		return report_usage("--policy: give one policy file");
	if (policy_load_file(&o->config, a->value, err, sizeof(err))) {
		report("%s\n", err);
		return -EINVAL;
	}
	return 0;
}

/* A flag that changes the policy: its option's data is the policy setter. */
static int set_policy(void *target, const struct cli_arg *a)
{
	policy_setter *set = (policy_setter *)a->option->data;
	char err[POLICY_ERROR_LEN] = "";

	if (set(target, a->value, err, sizeof(err)))
		return report_usage("%s: %s", a->name, err);
	return 0;
}

static int set_host_netns_only(void *target, const struct cli_arg *a)
{
	struct policy_config *c = target;

	(void)a;
	c->policy.host_netns_only = 1;
	return 0;
}

static int set_cgroup(void *target, const struct cli_arg *a)
{
	struct policy_config *c = target;
	struct cgroup_ref file_cgroup;

	/* an empty path would mean the whole machine: ask for "/" to say so */
	if (!*a->value)
		return report_usage("%s: empty path (the whole machine is '/')", a->name);
	if (strlen(a->value) >= sizeof(c->cgroup))
		return report_usage("%s: path too long", a->name);
	/* the file's cgroup, replaced: a typo in it is still an error */
	if (c->cgroup_where[0] && cgroup_resolve_arg(c->cgroup_where, c->cgroup, &file_cgroup))
		return -EINVAL;
	snprintf(c->cgroup, sizeof(c->cgroup), "%s", a->value);
	c->cgroup_where[0] = '\0'; /* a flag, over the file */
	return 0;
}

static int set_backend(void *target, const struct cli_arg *a)
{
	struct enforce_options *o = target;

	if (capture_backend_parse(a->value, &o->backend) || o->backend == CAPTURE_BACKEND_HOOKS)
		return CLI_BAD_VALUE;
	o->backend_given = true;
	return 0;
}

/* The setter rides in the option's data; the conditional makes the compiler
 * check that it is a policy_setter. */
#define POLICY_FLAG(name, letter, setter)                                                          \
	CLI_CALL_WITH(name, letter, required_argument, set_policy,                                 \
		      (const void *)(1 ? (setter) : (policy_setter *)NULL))

/* The policy, on top of the --policy file. */
static const struct cli_option policy_options[] = {
	POLICY_FLAG("mode", 'm', policy_set_mode),
	POLICY_FLAG("scope", 's', policy_set_scope),
	POLICY_FLAG("rewrite-to", 0, policy_set_rewrite_to),
	POLICY_FLAG("dual-stack-to", 0, policy_set_dual_stack_to),
	POLICY_FLAG("allow-port", 0, policy_add_ports),
	POLICY_FLAG("allow-protocol", 0, policy_add_protocols),
	POLICY_FLAG("allow-comm", 0, policy_add_comms),
	POLICY_FLAG("allow-user", 0, policy_add_users),
	POLICY_FLAG("allow-cgroup", 0, policy_add_cgroups),
	CLI_CALL("host-netns-only", 0, no_argument, set_host_netns_only),
	CLI_CALL("cgroup", 0, required_argument, set_cgroup),
	CLI_OPTIONS_END,
};

/* How it runs. */
static const struct cli_option running_options[] = {
	CLI_CALL("policy", 0, required_argument, load_policy_file),
	CLI_FLAG("pin", 0, struct enforce_options, pin),
	CLI_VALUE("backend", 0, set_backend,
		  "expected auto, fentry or tracepoint: how live mode captures what the hooks "
		  "decide"),
	CLI_OPTIONS_END,
};

static const struct cli_group enforce_groups[] = {
	{ policy_options, offsetof(struct enforce_options, config) },
	{ running_options, 0 },
	{ pin_dir_option, offsetof(struct enforce_options, pin_dir) },
	{ stream_output_options, offsetof(struct enforce_options, stream) },
	{ stream_capture_options, offsetof(struct enforce_options, stream) },
	{ NULL, 0 },
};

/* Combinations no single option can judge. */
static int enforce_options_check(const void *ctx)
{
	const struct enforce_options *o = ctx;

	if (o->pin && (o->stream.json || o->stream.output || o->stream.duration_s ||
		       o->stream.full_time || o->stream.ringbuf_bytes || o->backend_given))
		return report_usage(
		    "--pin: a pinned policy runs without this process, so --json, "
		    "--output, --timestamp, --duration, --ringbuf-size and --backend "
		    "do not apply");
	return 0;
}

static const struct cli_spec enforce_spec = {
	.usage = enforce_usage,
	.groups = enforce_groups,
	.check = enforce_options_check,
};

/* Returns 0, CLI_HELP_SHOWN after --help, or -EINVAL after a message. */
static int enforce_options_parse(struct enforce_options *o, int argc, char **argv)
{
	int err;

	memset(o, 0, sizeof(*o));
	policy_init(&o->config);
	err = cli_parse_only(&enforce_spec, &running_options[0], argc, argv, o);
	if (err)
		return err;
	o->policy_file_read = true;
	return cli_parse(&enforce_spec, argc, argv, o);
}

/* Turns cgroup paths into ids, levels, parents and names the hook can
 * compare. */
static int resolve_cgroups(struct policy_config *c, struct cgroup_ref *target)
{
	char err[POLICY_ERROR_LEN + PATH_MAX];
	struct cgroup_ref ref;

	/* a path from the policy file is blamed on its line, as its other errors are */
	if (cgroup_resolve_arg(c->cgroup_where[0] ? c->cgroup_where : "--cgroup", c->cgroup,
			       target))
		return -EINVAL;
	c->policy.target_cgroup_id = target->id;
	c->policy.n_cgroups = 0;
	for (int i = 0; i < c->n_allow_cgroups; i++) {
		const char *where = c->allow_cgroups_where[i];

		if (!where[0])
			where = "--allow-cgroup";
		if (cgroup_resolve_arg(where, c->allow_cgroups[i], &ref))
			return -EINVAL;
		if (policy_allow_cgroup(&c->policy, &ref, err, sizeof(err))) {
			report("%s: %s\n", where, err);
			return -EINVAL;
		}
	}
	return 0;
}

static void print_decisions(const uint64_t counts[BG_ACTION_MAX])
{
	report("enforcement detached; decisions: allow %llu, log %llu, rewrite %llu, "
	       "deny %llu\n",
	       (unsigned long long)counts[BG_ACTION_ALLOW],
	       (unsigned long long)counts[BG_ACTION_LOG],
	       (unsigned long long)counts[BG_ACTION_REWRITE],
	       (unsigned long long)counts[BG_ACTION_DENY]);
}

static int run_pinned(struct enforce_options *o, const struct cgroup_ref *target)
{
	char dir[4096], where[4200] = "";
	struct enforcer *e = NULL;
	int err, lock;

	if (resolve_pin_dir(o->pin_dir, dir, sizeof(dir)))
		return EXIT_ERROR;
	/* one pinning at a time: two at once would mix their hooks */
	lock = pin_store_lock(dir, true);
	if (lock < 0)
		return EXIT_ERROR;
	/* Load everything before touching what is pinned: a policy that
	 * fails to load leaves the previous one in force. */
	err = enforcer_load(&e, &o->config.policy, NULL, dir);
	if (!err)
		err = enforcer_pin(e, target->path, dir);
	enforcer_destroy(e);
	pin_store_unlock(lock);
	if (err)
		return EXIT_ERROR;
	if (o->pin_dir) /* the hint names the directory the user chose */
		snprintf(where, sizeof(where), " --pin-dir %s", o->pin_dir);
	report("pinned policy (mode %s, scope %s) on cgroup %s in %s; it stays in force after "
	       "this command.  `bindguard status%s` shows it, `bindguard log%s` its "
	       "interventions, `bindguard disable%s` removes it.\n",
	       policy_mode_name(o->config.policy.mode), policy_scope_name(o->config.policy.scope),
	       target->path, dir, where, where, where);
	return 0;
}

/* When the enforced cgroup is removed the kernel drops the hooks with it:
 * the enforcer would run on, enforcing nothing.  A timer looks once a
 * second (poll() wakes with EINTR) and stops the run. */
static int watched_cgroup_fd = -1;
static volatile sig_atomic_t cgroup_removed;

static void check_cgroup(int sig)
{
	int saved = errno;

	(void)sig;
	if (faccessat(watched_cgroup_fd, "cgroup.procs", F_OK, 0) && errno == ENOENT) {
		cgroup_removed = 1;
		request_stop();
	}
	errno = saved;
}

static int watch_cgroup(const char *path)
{
	struct itimerval every_second = { { 1, 0 }, { 1, 0 } };
	struct sigaction sa;

	watched_cgroup_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (watched_cgroup_fd < 0) {
		report("cannot open cgroup %s: %s\n", path, strerror(errno));
		return -errno;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = check_cgroup;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) || setitimer(ITIMER_REAL, &every_second, NULL))
		return -errno;
	return 0;
}

static void unwatch_cgroup(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
	if (watched_cgroup_fd >= 0)
		close(watched_cgroup_fd);
	watched_cgroup_fd = -1;
}

/* The pin directory whose `bindguard allow` exceptions a live enforcer
 * honours: --pin-dir, else the default one if bpffs is mounted; "" none. */
static int live_allows_dir(const struct enforce_options *o, char *dir, size_t len)
{
	dir[0] = '\0';
	if (!o->pin_dir && find_pin_dir(dir, len))
		return 0;
	return resolve_pin_dir(o->pin_dir, dir, len) ? -EINVAL : 0;
}

static int run_live(struct enforce_options *o, const struct cgroup_ref *target)
{
	struct capture_options copts = { .only_actions = true,
					 .ringbuf_bytes = o->stream.ringbuf_bytes,
					 .backend = o->backend,
					 .verbose = o->stream.verbose };
	struct event_stream stream;
	struct capture *cap = NULL;
	struct enforcer *e = NULL;
	uint64_t counts[BG_ACTION_MAX], drops, malformed, deadline = 0;
	char allows_dir[4096] = "", backend[CAPTURE_SUMMARY_LEN];
	int err;

	if (event_stream_open(&stream, o->stream.output, o->stream.json, o->stream.full_time, true))
		return EXIT_ERROR;
	err = install_stop_signals();
	if (!err)
		err = capture_start(&cap, &copts, event_stream_add, &stream);
	if (!err)
		err = live_allows_dir(o, allows_dir, sizeof(allows_dir));
	if (!err)
		err = enforcer_load(&e, &o->config.policy, cap, allows_dir[0] ? allows_dir : NULL);
	if (!err)
		err = enforcer_attach(e, target->path);
	if (!err)
		err = watch_cgroup(target->path);
	/* the links, maps and output are open fds: nothing more is needed */
	if (!err)
		err = drop_privileges_after_attach(o->stream.verbose, 0);
	if (err) {
		unwatch_cgroup();
		enforcer_destroy(e);
		capture_stop(cap);
		output_close(&stream.out);
		return EXIT_ERROR;
	}
	stream.backend = capture_backend_summary(cap, backend, sizeof(backend));
	if (o->stream.duration_s)
		deadline = monotonic_ns() + o->stream.duration_s * 1000000000ULL;
	event_stream_header(&stream);
	event_stream_flush(&stream, 0);
	report("enforcing started: mode %s, scope %s, on cgroup %s (Ctrl-C to stop)\n",
	       policy_mode_name(o->config.policy.mode), policy_scope_name(o->config.policy.scope),
	       target->path);

	err = event_stream_run(&stream, cap, &stop_requested, deadline);
	unwatch_cgroup();
	enforcer_counts(e, counts);
	enforcer_destroy(e); /* detach first: nothing is judged without a witness */
	drops = capture_drops(cap);
	malformed = capture_malformed(cap);
	capture_stop(cap);
	if (event_stream_close(&stream, drops, malformed) && !err)
		err = -EIO;
	print_decisions(counts);
	if (cgroup_removed) {
		report("cgroup %s was removed, and the kernel detached the hooks with it: "
		       "nothing is enforced there any more\n",
		       target->path);
		return EXIT_ERROR;
	}
	if (err == -EPIPE)
		report("enforcement stopped with its event stream: the policy is no longer in "
		       "force (enforce --pin keeps one without a reader)\n");
	return stream_exit_status(err);
}

int cmd_enforce(int argc, char **argv)
{
	struct enforce_options o;
	struct cgroup_ref target;
	int err = enforce_options_parse(&o, argc, argv);

	if (err)
		return cli_exit_status(err);
	bpf_support_init(o.stream.verbose);
	if (bpf_preflight() || resolve_cgroups(&o.config, &target))
		return EXIT_ERROR;
	return o.pin ? run_pinned(&o, &target) : run_live(&o, &target);
}
