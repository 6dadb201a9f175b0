// SPDX-License-Identifier: GPL-2.0
/* Dropping capabilities once the BPF programs are attached (libcap-ng). */
#include "lib/privileges.h"

#include <bpf/bpf.h>
#include <cap-ng.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "lib/strbuf.h"
#include "lib/report.h"

/* The highest capability this kernel knows; masks are 64 bits wide. */
static unsigned int last_capability(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	unsigned int last = CAP_LAST_CAP;

	if (f) {
		if (fscanf(f, "%u", &last) != 1)
			last = CAP_LAST_CAP;
		fclose(f);
	}
	return last < 63 ? last : 63;
}

static uint64_t capability_mask(capng_type_t which, unsigned int last)
{
	uint64_t mask = 0;

	for (unsigned int cap = 0; cap <= last; cap++)
		if (capng_have_capability(which, cap) == 1)
			mask |= PRIVILEGE_CAP(cap);
	return mask;
}

/* Makes the effective set exactly `effective`, which must be permitted. */
static int set_effective(uint64_t effective, unsigned int last)
{
	if (capng_get_caps_process())
		return -EPERM;
	for (unsigned int cap = 0; cap <= last; cap++)
		capng_update(effective & PRIVILEGE_CAP(cap) ? CAPNG_ADD : CAPNG_DROP,
			     CAPNG_EFFECTIVE, cap);
	return capng_apply(CAPNG_SELECT_CAPS) ? -EPERM : 0;
}

/* Before 6.5, kernel.unprivileged_bpf_disabled gated every bpf() command
 * at its entry, so a process without CAP_BPF could not even read a map it
 * holds open.  Since 6.5 the checks sit where objects are created, and an
 * open fd is enough.  A query on no fd tells them apart: the gate answers
 * EPERM before the fd is looked at, a newer kernel EBADF. */
static bool bpf_needs_capability(void)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(-1, &info, &len) == -EPERM;
}

static void describe_caps(struct strbuf *sb, uint64_t mask, unsigned int last)
{
	bool first = true;

	for (unsigned int cap = 0; cap <= last; cap++) {
		const char *name;

		if (!(mask & PRIVILEGE_CAP(cap)))
			continue;
		name = capng_capability_to_name(cap);
		if (name)
			strbuf_printf(sb, "%scap_%s", first ? "" : ", ", name);
		else
			strbuf_printf(sb, "%scapability %u", first ? "" : ", ", cap);
		first = false;
	}
}

/* The capability this kernel checks on every use of a BPF map fd, if it
 * does and we hold it (CAP_BPF, or CAP_SYS_ADMIN before 5.8); 0 otherwise. */
static int bpf_map_capability(uint64_t keep, uint64_t permitted, uint64_t effective,
			      unsigned int last, uint64_t *bpf_cap)
{
	uint64_t bpf = last >= CAP_BPF ? PRIVILEGE_CAP(CAP_BPF) : 0;
	int err = set_effective(keep & effective, last);

	*bpf_cap = 0;
	if (!err && bpf_needs_capability())
		*bpf_cap = (permitted & bpf) ? bpf : PRIVILEGE_CAP(CAP_SYS_ADMIN) & permitted;
	if (set_effective(effective, last) && !err)
		err = -EPERM;
	return err;
}

/* Keeps exactly the capabilities in keep, in every set. */
static int keep_only(uint64_t keep, uint64_t effective, unsigned int last)
{
	if (capng_get_caps_process())
		return -EPERM;
	capng_clear(CAPNG_SELECT_BOTH);
	for (unsigned int cap = 0; cap <= last; cap++)
		if (keep & PRIVILEGE_CAP(cap))
			capng_update(CAPNG_ADD,
				     CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET, cap);
	/* The bounding set needs CAP_SETPCAP; without it, no_new_privs
	 * already stops an exec from gaining anything. */
	if ((effective & PRIVILEGE_CAP(CAP_SETPCAP)) && capng_apply(CAPNG_SELECT_BOUNDS))
		return -EPERM;
	/* Clearing inheritable clears ambient too. */
	if (capng_apply(CAPNG_SELECT_CAPS))
		return errno ? -errno : -EPERM;
	return 0;
}

static void say_what_is_kept(uint64_t keep, uint64_t bpf_cap, unsigned int last)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (!keep) {
		strbuf_puts(&sb, "dropped every capability");
	} else {
		strbuf_puts(&sb, "dropped every capability but ");
		describe_caps(&sb, keep, last);
	}
	if (bpf_cap)
		strbuf_puts(&sb, " (this kernel checks it on every use of a BPF map)");
	report("%s; no_new_privs set\n", strbuf_str(&sb));
	strbuf_free(&sb);
}

int drop_privileges_after_attach(bool verbose, uint64_t keep)
{
	unsigned int last = last_capability();
	uint64_t permitted, effective, bpf_cap = 0;
	const char *step;
	int err = 0;

	/* Whatever happens below, nothing this process runs gains privileges. */
	step = "setting no_new_privs";
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		err = -errno;
		goto fail;
	}
	step = "reading its capabilities";
	if (capng_get_caps_process()) {
		err = -EPERM;
		goto fail;
	}
	permitted = capability_mask(CAPNG_PERMITTED, last);
	effective = capability_mask(CAPNG_EFFECTIVE, last);
	keep &= permitted;
	if (permitted) {
		step = "asking whether this kernel checks capabilities on open BPF maps";
		err = bpf_map_capability(keep, permitted, effective, last, &bpf_cap);
		if (err)
			goto fail;
		keep |= bpf_cap;
	}
	step = "dropping its capabilities";
	err = keep_only(keep, effective, last);
	if (err)
		goto fail;
	step = "checking what is left";
	if (capng_get_caps_process() || capability_mask(CAPNG_PERMITTED, last) != keep) {
		err = -EPERM;
		goto fail;
	}
	if (verbose)
		say_what_is_kept(keep, bpf_cap, last);
	return 0;
fail:
	report("giving up privileges after attaching failed while %s: %s\n", step, strerror(-err));
	return err;
}
