// SPDX-License-Identifier: GPL-2.0
/* One cgroup (and sibling, and pin directory) per test group, made and
 * removed the same way by every test that enforces or traces on one. */
#include "cgroup_fixture.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int fixture_setup(void **state, const char *name, unsigned int parts)
{
	static struct fixture f;
	char outside[128];

	memset(&f, 0, sizeof(f));
	*state = &f;
	if (geteuid() != 0)
		return 0;
	if (test_cgroup_create(name, f.cgroup, sizeof(f.cgroup)))
		return -1;
	snprintf(outside, sizeof(outside), "%s-outside", name);
	if ((parts & FIXTURE_OUTSIDE) && test_cgroup_create(outside, f.outside, sizeof(f.outside)))
		return -1;
	if ((parts & FIXTURE_PIN_DIR) && test_pin_dir_name(name, f.pin_dir, sizeof(f.pin_dir)))
		return -1;
	return 0;
}

int fixture_teardown(void **state)
{
	struct fixture *f = *state;

	if (f->pin_dir[0]) {
		const char *const off[] = { "disable", "--pin-dir", f->pin_dir, NULL };
		struct bg_proc p;

		if (bg_run(&p, off, 20000) >= 0)
			bg_free(&p);
	}
	test_pin_dir_remove(f->pin_dir);
	test_cgroup_remove(f->cgroup);
	test_cgroup_remove(f->outside);
	return 0;
}
