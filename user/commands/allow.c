// SPDX-License-Identifier: GPL-2.0
/* `bindguard allow`: a time-limited exception in the pinned policy, added in
 * place; the enforce hook itself lets it expire. */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/event_format.h"
#include "commands/commands.h"
#include "commands/pinned_options.h"
#include "enforcement/enforce_hooks.h"
#include "enforcement/temporary_allow.h"
#include "lib/bpf_support.h"
#include "lib/cli_options.h"
#include "lib/report.h"
#include "lib/strbuf.h"
#include "wsl/windows_advice.h"
#include "wsl/wsl_detect.h"
#include "wsl/wsl_host.h"

static const char allow_usage[] =
    "Usage: bindguard allow PORT[/tcp|/udp] [--for DURATION] [--comm NAME]\n"
    "       bindguard allow --list\n"
    "       bindguard allow --remove PORT[/tcp|/udp]\n"
    "Let binds to PORT through the pinned enforcement policy for a while: added in\n"
    "place (no reload, no gap) and expiring by itself, with nothing left running.\n"
    "A live `bindguard enforce` honours them too.\n"
    "\n"
    "  -f, --for DURATION         how long: 90s, 10m (default), 2h, 1d (at most 30d)\n"
    "  -c, --comm NAME            only for processes of this name\n"
    "  -l, --list                 the exceptions in force, with the time left\n"
    "  -r, --remove               end the exception for PORT now\n"
    "      --windows              print the Windows firewall commands even when WSL\n"
    "                             mirrored mode is not detected\n"
    "      --pin-dir DIR          the pinned policy's directory (default <bpffs>/bindguard)\n"
    "  -h, --help                 this text\n"
    "\n"
    "Without /tcp or /udp both protocols are allowed.  A server that is already\n"
    "running keeps the address it got: restart it after `allow`.  In WSL mirrored\n"
    "mode the PowerShell that opens the port in the Hyper-V firewall for as long,\n"
    "and the one that closes it, are printed.\n"
    "\n"
    "Examples:\n"
    "  sudo bindguard allow 5173/tcp --for 10m\n"
    "  sudo bindguard allow 8080 --comm node --for 1h\n"
    "  sudo bindguard allow --remove 5173/tcp\n";

struct allow_options {
	const char *spec, *comm, *pin_dir;
	uint64_t seconds;
	bool list, remove, windows, for_given;
};

static int set_duration(void *target, const struct cli_arg *a)
{
	struct allow_options *o = target;

	o->for_given = true;
	return duration_parse(a->value, &o->seconds) ? CLI_BAD_VALUE : 0;
}

static int set_comm(void *target, const struct cli_arg *a)
{
	struct allow_options *o = target;

	if (!*a->value || strlen(a->value) >= BG_COMM_LEN)
		return CLI_BAD_VALUE;
	o->comm = a->value;
	return 0;
}

static const struct cli_option allow_options[] = {
	CLI_VALUE("for", 'f', set_duration,
		  "expected a duration such as 90s, 10m, 2h or 1d (at most 30d)"),
	CLI_VALUE("comm", 'c', set_comm, "expected a process name of 1-15 bytes"),
	CLI_FLAG("list", 'l', struct allow_options, list),
	CLI_FLAG("remove", 'r', struct allow_options, remove),
	CLI_FLAG("windows", 0, struct allow_options, windows),
	CLI_OPTIONS_END,
};

static int allow_operand(void *ctx, const char *operand)
{
	struct allow_options *o = ctx;

	if (o->spec)
		return report_usage("unexpected argument '%s'", operand);
	o->spec = operand;
	return 0;
}

/* Combinations no single option can judge. */
static int allow_options_check(const void *ctx)
{
	const struct allow_options *o = ctx;

	if (o->list && (o->remove || o->spec || o->comm || o->for_given))
		return report_usage("--list takes no port, --remove, --comm or --for");
	if (!o->list && !o->spec)
		return report_usage("give a PORT, or --list");
	if (o->remove && (o->comm || o->for_given))
		return report_usage("--remove takes the port alone");
	return 0;
}

static const struct cli_group allow_groups[] = {
	{ allow_options, 0 },
	{ pin_dir_option, offsetof(struct allow_options, pin_dir) },
	{ NULL, 0 },
};
static const struct cli_spec allow_spec = {
	.usage = allow_usage,
	.groups = allow_groups,
	.on_operand = allow_operand,
	.check = allow_options_check,
};

static bool wsl_mirrored(void)
{
	struct wsl_signs signs;
	struct wsl_status st;

	wsl_gather_signs(NULL, getenv("WSL_DISTRO_NAME"), &signs);
	wsl_classify(&signs, &st);
	return wsl_detected(&st) && st.mode == WSL_NET_MIRRORED;
}

static void print_windows(const struct allow_options *o, const struct bg_allow_key *key)
{
	struct strbuf sb;

	if (!o->windows && !wsl_mirrored())
		return;
	strbuf_init(&sb);
	if (o->remove) {
		strbuf_puts(&sb, "# WSL mirrored mode: close the port in the Hyper-V firewall "
				 "too (PowerShell as Administrator, on Windows):\n");
		windows_allow_close(&sb, key->port, key->protocol);
	} else {
		windows_allow_advice(&sb, key->port, key->protocol, o->seconds);
	}
	fputs(strbuf_str(&sb), stdout);
	strbuf_free(&sb);
}

static int list_allows(int fd, const char *dir)
{
	struct temporary_allow a[BG_MAX_TEMPORARY_ALLOWS];
	int n = temporary_allows_read(fd, a, BG_MAX_TEMPORARY_ALLOWS);
	char spec[32], left[32], comm[4 * BG_COMM_LEN + 1];

	if (n < 0) {
		report("reading the exceptions in %s failed: %s\n", dir, strerror(-n));
		return EXIT_ERROR;
	}
	if (n == 0) {
		printf("no temporary exceptions in %s\n", dir);
		return 0;
	}
	printf("%-10s %-10s %s\n", "PORT", "LEFT", "COMM");
	for (int i = 0; i < n; i++) {
		allow_spec_format(&a[i].key, spec, sizeof(spec));
		duration_format(a[i].seconds_left, left, sizeof(left));
		if (a[i].entry.comm[0])
			*format_comm(comm, a[i].entry.comm, 0) = '\0';
		printf("%-10s %-10s %s\n", spec, left, a[i].entry.comm[0] ? comm : "any");
	}
	return 0;
}

static int add_allow(int fd, const struct allow_options *o, const struct bg_allow_key *key,
		     const char *dir)
{
	char spec[32], span[32];
	int err;

	if (o->comm && !bpf_helper_allowed(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND,
					   BPF_FUNC_get_current_comm)) {
		report("this kernel does not let cgroup bind hooks read process names (Linux 6.0 "
		       "or newer needed); drop --comm\n");
		return EXIT_ERROR;
	}
	err = temporary_allow_add(fd, key, o->seconds, o->comm);
	allow_spec_format(key, spec, sizeof(spec));
	if (err) {
		report("adding the exception for %s in %s failed: %s\n", spec, dir,
		       err == -E2BIG ? "too many exceptions (64); remove one first"
				     : strerror(-err));
		return EXIT_ERROR;
	}
	duration_format(o->seconds, span, sizeof(span));
	report("binds to port %s%s%s go through the pinned policy in %s for %s; "
	       "`bindguard allow --remove %s%s%s` ends it sooner.  A server already running "
	       "keeps its address: restart it.\n",
	       spec, o->comm ? " by " : "", o->comm ? o->comm : "", dir, span, spec,
	       o->pin_dir ? " --pin-dir " : "", o->pin_dir ? o->pin_dir : "");
	print_windows(o, key);
	return 0;
}

static int remove_allow(int fd, const struct allow_options *o, const struct bg_allow_key *key,
			const char *dir)
{
	char spec[32];
	int err = temporary_allow_remove(fd, key);

	allow_spec_format(key, spec, sizeof(spec));
	if (err == -ENOENT) {
		report("no exception for %s in %s (`allow --list` shows them)\n", spec, dir);
		return EXIT_FOUND;
	}
	if (err) {
		report("removing the exception for %s failed: %s\n", spec, strerror(-err));
		return EXIT_ERROR;
	}
	report("the exception for %s in %s has ended\n", spec, dir);
	print_windows(o, key);
	return 0;
}

static void report_no_allows(const char *dir, int err)
{
	char policy[4200];

	snprintf(policy, sizeof(policy), "%s/policy", dir);
	if (err == -ENOENT && access(policy, F_OK) == 0)
		report("the policy pinned in %s predates `bindguard allow`: pin it "
		       "again with `bindguard enforce --pin`\n",
		       dir);
	else if (err == -EPROTO)
		report("the exceptions pinned in %s are in another version's layout: pin the "
		       "policy again with `bindguard enforce --pin`\n",
		       dir);
	else
		report("%s: %s; `bindguard allow` changes a pinned policy (`bindguard "
		       "enforce --pin`)\n",
		       dir, err == -ENOENT ? "no pinned policy here" : strerror(-err));
}

int cmd_allow(int argc, char **argv)
{
	struct allow_options o = { .seconds = 600 };
	struct bg_allow_key key = { 0 };
	char dir[4096], err_text[160];
	int fd, status, err = cli_parse(&allow_spec, argc, argv, &o);

	if (err)
		return cli_exit_status(err);
	if (o.spec && allow_spec_parse(o.spec, &key, err_text, sizeof(err_text))) {
		report_usage("%s", err_text);
		return EXIT_ERROR;
	}
	if (geteuid() != 0) {
		report("needs root to change the pinned policy; try "
		       "sudo\n");
		return EXIT_ERROR;
	}
	if (resolve_pin_dir(o.pin_dir, dir, sizeof(dir)))
		return EXIT_ERROR;
	fd = temporary_allows_open(dir);
	if (fd < 0) {
		report_no_allows(dir, fd);
		return EXIT_ERROR;
	}
	if (o.list)
		status = list_allows(fd, dir);
	else if (o.remove)
		status = remove_allow(fd, &o, &key, dir);
	else
		status = add_allow(fd, &o, &key, dir);
	close(fd);
	return status;
}
