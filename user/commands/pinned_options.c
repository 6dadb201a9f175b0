// SPDX-License-Identifier: GPL-2.0
/* Options shared by the commands that read the pinned policy. */
#include "commands/pinned_options.h"

#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "enforcement/pin_store.h"

/* Parses --pin-dir/--json/--help; returns 0, 1 after help, -1 on error. */
int parse_pinned_args(int argc, char **argv, const char *usage, char *dir, size_t len, bool *json)
{
	static const struct option longopts[] = {
		{ "pin-dir", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *given = NULL;
	int opt;

	optind = 0; /* 0: also resets glibc's state inside option groups */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":jh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': given = optarg; break;
		case 'j':
			if (!json)
				goto unknown;
			*json = true;
			break;
		case 'h': fputs(usage, stdout); return 1;
		case ':':
			fprintf(stderr, "bindguard: option %s needs a value\n", argv[optind - 1]);
			return -1;
		default: goto unknown;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bindguard: unexpected argument '%s' (see bindguard %s --help)\n",
			argv[optind], argv[0]);
		return -1;
	}
	/* Without root the pinned objects answer "permission denied" at best
	 * and look absent at worst: say what is missing instead. */
	if (geteuid() != 0) {
		fprintf(stderr,
			"bindguard: %s needs root to reach the pinned policy in bpffs; try sudo\n",
			argv[0]);
		return -1;
	}
	if (resolve_pin_dir(given, dir, len))
		return -1;
	return 0;
unknown:
	fprintf(stderr, "bindguard: unknown option '%s' (see bindguard %s --help)\n",
		argv[optind - 1], argv[0]);
	return -1;
}
