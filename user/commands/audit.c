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

static const struct cli_option audit_options[] = {
	CLI_FLAG("json", 'j', struct audit_options, json),
	CLI_FLAG("tcp", 't', struct audit_options, tcp),
	CLI_FLAG("udp", 'u', struct audit_options, udp),
	CLI_FLAG("ipv4", '4', struct audit_options, ipv4),
	CLI_FLAG("ipv6", '6', struct audit_options, ipv6),
	CLI_FLAG("all-netns", 0, struct audit_options, all_netns),
	CLI_STRING("wslconfig", 0, struct audit_options, wslconfig),
	CLI_FLAG("windows", 0, struct audit_options, windows),
	CLI_FLAG("no-windows", 0, struct audit_options, no_windows),
	CLI_FLAG("no-color", 0, struct audit_options, no_color),
	CLI_OPTIONS_END,
};

static int audit_options_check(const void *ctx)
{
	const struct audit_options *o = ctx;

	if (o->windows && o->no_windows)
		return report_usage("--windows and --no-windows contradict each other");
	return 0;
}

static const struct cli_group audit_groups[] = { { audit_options, 0 }, { NULL, 0 } };
static const struct cli_spec audit_spec = {
	.usage = audit_usage,
	.groups = audit_groups,
	.check = audit_options_check,
};

int cmd_audit(int argc, char **argv)
{
	struct audit a = { 0 };
	struct output out;
	const char *sysroot = getenv("BINDGUARD_SYSROOT");
	int err, status = EXIT_ERROR;

	err = cli_parse(&audit_spec, argc, argv, &a.o);
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
