// SPDX-License-Identifier: GPL-2.0
/* bindguard: see and control what binds to which address.  Dispatches to
 * the commands; without one, runs `trace`. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands/commands.h"
#include "lib/report.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "trace", cmd_trace, "stream every bind and listen as it happens (default)" },
	{ "enforce", cmd_enforce, "loopback-only policy: log, rewrite or deny wildcard binds" },
	{ "status", cmd_status, "show the pinned enforcement policy and its counters" },
	{ "disable", cmd_disable, "remove the pinned enforcement policy" },
	{ "allow", cmd_allow, "let a port through the pinned policy for a while" },
	{ "audit", cmd_audit, "what is listening now, how exposed, and WSL settings" },
	{ "top", cmd_top, "live full-screen view of listening sockets" },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: bindguard [COMMAND] [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n`bindguard COMMAND --help` describes each command's options.\n"
		   "`bindguard --version` prints the version.\n");
}

int main(int argc, char **argv)
{
	/* A setuid bindguard would hand BPF to any user. */
	if (getuid() != geteuid() || getgid() != getegid()) {
		report("refusing to run setuid or setgid; run it as root\n");
		/* _exit: not even exit handlers run with borrowed privileges */
		_exit(EXIT_ERROR);
	}
	if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
		printf("bindguard %s\n", BINDGUARD_VERSION);
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && argv[1][0] != '-') {
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
			if (strcmp(argv[1], commands[i].name) == 0) {
				report_set_command(commands[i].name);
				return commands[i].run(argc - 1, argv + 1);
			}
		}
		report_usage("unknown command '%s'", argv[1]);
		return EXIT_ERROR;
	}
	/* no command: trace, with the options given */
	argv[0] = "trace";
	report_set_command("trace");
	return cmd_trace(argc, argv);
}
