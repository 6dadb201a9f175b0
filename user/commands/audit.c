// SPDX-License-Identifier: GPL-2.0
/* `bindguard audit`: what listens now, what each listener really exposes,
 * and on WSL how its networking is set up.  No BPF, and no root needed for
 * our own namespace.  Exit status 0: nothing exposed, 1: exposed, 2: error.
 * The findings are built in audit/audit_model.c and printed by its views. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_model.h"
#include "audit/audit_report.h"
#include "commands/commands.h"
#include "lib/cli_options.h"
#include "lib/output.h"

static const char audit_usage[] =
    "Usage: bindguard audit [OPTIONS]\n"
    "\n"
    "Lists what listens now (TCP listeners and bound UDP sockets, IPv4 and IPv6)\n"
    "with its owner, and what each one really exposes: a wildcard is resolved to\n"
    "the addresses it is reachable on.  On WSL it also reports the networking mode,\n"
    "checks .wslconfig against hardened settings and prints the PowerShell to run\n"
    "on the Windows side, or asks Windows through powershell.exe.  Each exposed\n"
    "listener is judged against its namespace's nftables firewall and gets the fix\n"
    "for its program; ports published by DNAT (containers) are listed too.  Reads\n"
    "sock_diag, /proc and nftables; needs no BPF, and root to see other users'\n"
    "processes, other namespaces and the firewall.\n"
    "\n"
    "Options:\n"
    "  -j, --json            one JSON document instead of the report\n"
    "  -t, --tcp             TCP only\n"
    "  -u, --udp             UDP only\n"
    "  -4, --ipv4            IPv4 sockets only\n"
    "  -6, --ipv6            IPv6 sockets only\n"
    "      --all-netns       also every other network namespace (containers); root\n"
    "      --wslconfig FILE  check FILE as .wslconfig instead of looking for it\n"
    "      --windows         print the Windows PowerShell even when WSL is not detected\n"
    "      --no-windows      do not print it on WSL, and run nothing on Windows\n"
    "      --no-color        no colours (also when NO_COLOR is set or not on a terminal)\n"
    "  -h, --help            this text\n"
    "\n"
    "Exit status: 0 nothing exposed, 1 something is exposed (blocked by the firewall\n"
    "or unknown does not count), 2 an error.\n"
    "\n"
    "Examples:\n"
    "  bindguard audit                      what listens, exposed first\n"
    "  bindguard audit -t --json | jq .     TCP listeners for a script\n"
    "  sudo bindguard audit --all-netns     containers' listeners too\n"
    "  bindguard audit --wslconfig /mnt/c/Users/me/.wslconfig\n";

enum {
	OPT_ALL_NETNS = 256,
	OPT_WSLCONFIG,
	OPT_WINDOWS,
	OPT_NO_WINDOWS,
	OPT_NO_COLOR,
};

static const struct option audit_longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "tcp", no_argument, NULL, 't' },
	{ "udp", no_argument, NULL, 'u' },
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "all-netns", no_argument, NULL, OPT_ALL_NETNS },
	{ "wslconfig", required_argument, NULL, OPT_WSLCONFIG },
	{ "windows", no_argument, NULL, OPT_WINDOWS },
	{ "no-windows", no_argument, NULL, OPT_NO_WINDOWS },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ NULL, 0, NULL, 0 },
};

static int audit_option(void *ctx, const struct cli_arg *a)
{
	struct audit_options *o = ctx;

	switch (a->opt) {
	case 'j': o->json = true; break;
	case 't': o->tcp = true; break;
	case 'u': o->udp = true; break;
	case '4': o->ipv4 = true; break;
	case '6': o->ipv6 = true; break;
	case OPT_ALL_NETNS: o->all_netns = true; break;
	case OPT_WSLCONFIG: o->wslconfig = a->value; break;
	case OPT_WINDOWS: o->windows = true; break;
	case OPT_NO_WINDOWS: o->no_windows = true; break;
	case OPT_NO_COLOR: o->no_color = true; break;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct audit_options *o)
{
	const struct cli_spec spec = {
		.usage = audit_usage,
		.shortopts = "jtu46",
		.longopts = audit_longopts,
		.on_option = audit_option,
	};
	int err;

	memset(o, 0, sizeof(*o));
	err = cli_parse(&spec, argc, argv, o);
	if (err)
		return err;
	if (o->windows && o->no_windows) {
		report_usage("--windows and --no-windows contradict each other");
		return -EINVAL;
	}
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	struct audit a = { 0 };
	struct output out;
	const char *sysroot = getenv("BINDGUARD_SYSROOT");
	int err, status = EXIT_ERROR;

	err = parse_options(argc, argv, &a.o);
	if (err)
		return cli_exit_status(err);
	if (a.o.all_netns && geteuid() != 0) {
		report("--all-netns needs root, to enter other network "
		       "namespaces\n");
		return EXIT_ERROR;
	}
	err = output_open(&out, NULL);
	if (err)
		return EXIT_ERROR;
	a.color = !a.o.json && !a.o.no_color && output_wants_color(&out);

	if (audit_collect(&a, sysroot))
		goto cleanup;
	if (a.o.json)
		audit_report_json(&out.buf, &a);
	else
		audit_report_text(&out.buf, &a);
	if (out.buf.failed) {
		report("out of memory\n");
		goto cleanup;
	}
	status = a.exposed ? EXIT_FOUND : 0;
cleanup:
	if (output_close(&out) && status != EXIT_ERROR)
		status = EXIT_ERROR;
	audit_free(&a);
	return status;
}
