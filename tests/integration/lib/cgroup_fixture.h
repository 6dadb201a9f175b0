/* SPDX-License-Identifier: GPL-2.0 */
/* The group fixture of tests that trace or enforce on a cgroup of their own:
 * that cgroup, optionally a sibling left alone and a pin directory on bpffs,
 * all named after the test's pid and removed in teardown. */
#ifndef BINDGUARD_CGROUP_FIXTURE_H
#define BINDGUARD_CGROUP_FIXTURE_H

#include "itest.h"

struct fixture {
	char cgroup[512];
	char outside[512]; /* with FIXTURE_OUTSIDE: a sibling, not enforced */
	char pin_dir[512]; /* with FIXTURE_PIN_DIR: not created, enforce --pin makes it */
};

enum fixture_parts {
	FIXTURE_OUTSIDE = 1 << 0,
	FIXTURE_PIN_DIR = 1 << 1,
};

/* For a group's setup: *state becomes the fixture, its cgroup is
 * bindguard-test-PID-NAME (the sibling NAME-outside).  Not root: an empty
 * fixture, so that each test's itest_require_root() reports the skip.
 * 0, or -1 when a part cannot be made. */
int fixture_setup(void **state, const char *name, unsigned int parts);
/* The group's teardown: `disable --pin-dir` (pinned links detach at once),
 * the pin directory removed, anything left in the cgroups killed, and the
 * cgroups removed; also after a failed setup. */
int fixture_teardown(void **state);

#endif
