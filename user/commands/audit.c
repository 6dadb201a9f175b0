// SPDX-License-Identifier: GPL-2.0
/* `bindguard audit`: what listens now, what each listener really exposes,
 * and on WSL how its networking is set up.  No BPF, and no root needed for
 * our own namespace.  Exit status 0: nothing exposed, 1: exposed, 2: error. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_model.h"
#include "audit/audit_report.h"
#include "commands/commands.h"
#include "lib/output.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "Usage: bindguard audit [OPTIONS]\n"
	    "\n"
	    "Lists what listens now (TCP listeners and bound UDP sockets, IPv4 and IPv6)\n"
	    "with its owner, and what each one really exposes: a wildcard is resolved to\n"
	    "the addresses it is reachable on.  On WSL it also reports the networking mode,\n"
	    "checks .wslconfig against hardened settings and prints the PowerShell to run\n"
	    "on the Windows side.  Reads sock_diag and /proc; needs no BPF, and root only\n"
	    "to see other users' processes and other namespaces.\n"
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
	    "      --no-windows      do not print it on WSL\n"
	    "      --no-color        no colours (also when NO_COLOR is set or not on a terminal)\n"
	    "  -h, --help            this text\n"
	    "\n"
	    "Exit status: 0 nothing exposed, 1 something is exposed, 2 an error.\n"
	    "\n"
	    "Examples:\n"
	    "  bindguard audit                      what listens, exposed first\n"
	    "  bindguard audit -t --json | jq .     TCP listeners for a script\n"
	    "  sudo bindguard audit --all-netns     containers' listeners too\n"
	    "  bindguard audit --wslconfig /mnt/c/Users/me/.wslconfig\n");
}

enum {
	OPT_ALL_NETNS = 256,
	OPT_WSLCONFIG,
	OPT_WINDOWS,
	OPT_NO_WINDOWS,
	OPT_NO_COLOR,
};

static int parse_options(int argc, char **argv, struct audit_options *o)
{
	static const struct option long_options[] = {
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
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	opterr = 0; /* one sentence of our own instead of getopt's */
	optind = 0;
	while ((c = getopt_long(argc, argv, ":jtu46h", long_options, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 't': o->tcp = true; break;
		case 'u': o->udp = true; break;
		case '4': o->ipv4 = true; break;
		case '6': o->ipv6 = true; break;
		case OPT_ALL_NETNS: o->all_netns = true; break;
		case OPT_WSLCONFIG: o->wslconfig = optarg; break;
		case OPT_WINDOWS: o->windows = true; break;
		case OPT_NO_WINDOWS: o->no_windows = true; break;
		case OPT_NO_COLOR: o->no_color = true; break;
		case 'h': usage(stdout); return 1;
		case ':':
			fprintf(stderr,
				"bindguard audit: %s needs a value; `bindguard audit --help` lists "
				"the options.\n",
				argv[optind - 1]);
			return -EINVAL;
		default:
			if (optopt)
				fprintf(stderr,
					"bindguard audit: unknown option '-%c'; `bindguard audit "
					"--help` lists the options.\n",
					optopt);
			else
				fprintf(stderr,
					"bindguard audit: unknown option '%s'; `bindguard audit "
					"--help` lists the options.\n",
					argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bindguard audit: unexpected argument '%s'; see --help.\n",
			argv[optind]);
		return -EINVAL;
	}
	if (o->windows && o->no_windows) {
		fprintf(stderr,
			"bindguard audit: --windows and --no-windows contradict each other.\n");
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
		return err > 0 ? 0 : EXIT_ERROR;
	if (a.o.all_netns && geteuid() != 0) {
		fprintf(stderr, "bindguard audit: --all-netns needs root, to enter other network "
				"namespaces.\n");
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
		fprintf(stderr, "bindguard audit: out of memory.\n");
		goto cleanup;
	}
	status = a.exposed ? EXIT_FOUND : 0;
cleanup:
	if (output_close(&out) && status != EXIT_ERROR)
		status = EXIT_ERROR;
	audit_free(&a);
	return status;
}
