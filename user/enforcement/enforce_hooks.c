// SPDX-License-Identifier: GPL-2.0
/* Enforce programs: load with a policy, attach live, or pin through the
 * pin store as one transaction (all of the new policy or none of it). */
#include "enforcement/enforce_hooks.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enforce.skel.h"
#include "enforcement/temporary_allow.h"
#include "lib/bpf_support.h"
#include "lib/core_btf.h"
#include "lib/kernel_btf.h"
#include "lib/report.h"

/* the smallest ring the kernel takes: a live enforcer keeps no record */
#define UNUSED_RING_BYTES 4096

struct enforcer {
	struct enforce_bpf *skel;
	/* the bind4 and bind6 programs loaded (one of each pair), their links */
	struct bpf_program *hook[2];
	struct bpf_link **link[2];
	bool no_loop; /* the bpf_loop pair was refused: the bounded one */
	bool counts_reused, log_reused, lost_reused, allows_reused;
};

/* Carries on an earlier pinned policy's map: true when it was there. */
static int reuse_pinned(struct bpf_map *map, const char *dir, const char *name, bool *reused)
{
	char path[4096];
	int fd, err;

	pin_path(path, sizeof(path), dir, name, NULL);
	fd = bpf_obj_get(path);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0) { /* there, but unreadable: a fresh one would hide it */
		err = -errno;
		report("reading the pinned %s failed: %s\n", name, strerror(-err));
		return err;
	}
	if (!map_layout_is(fd, bpf_map__type(map), bpf_map__key_size(map),
			   bpf_map__value_size(map))) {
		close(fd);
		report("note: the pinned %s is in another version's layout: a new one "
		       "replaces it\n",
		       name);
		return 0;
	}
	err = bpf_map__reuse_fd(map, fd);
	close(fd);
	if (err) {
		report("reusing the pinned %s failed: %s\n", name, strerror(-err));
		return err;
	}
	*reused = true;
	return 0;
}

static int reuse_temporary_allows(struct enforcer *e, const char *pin_dir)
{
	int fd = temporary_allows_open(pin_dir), err;

	if (fd == -ENOENT)
		return 0;
	if (fd == -EPROTO) {
		report("note: the pinned temporary exceptions are in another version's layout: "
		       "they are dropped (`bindguard allow` adds them again)\n");
		return 0;
	}
	if (fd < 0) {
		bpf_report_error("opening the pinned temporary exceptions", fd);
		return fd;
	}
	err = bpf_map__reuse_fd(e->skel->maps.temporary_allows, fd);
	close(fd);
	if (err)
		bpf_report_error("reusing the pinned temporary exceptions", err);
	e->allows_reused = !err;
	return err;
}

static bool hook_may_call(enum bpf_func_id id)
{
	return bpf_helper_allowed(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, id);
}

/* Which helpers cgroup bind hooks may call here, and so which program of
 * each pair loads.  BINDGUARD_HOOKS_AS_BEFORE=X.Y plans as on a kernel
 * older than Linux X.Y, so that the tests run every path on any kernel. */
static int probe_helpers(struct enforcer *e)
{
	struct enforce_bpf *skel = e->skel;
	unsigned int before;
	bool loop;
	int err = kernel_as_before("BINDGUARD_HOOKS_AS_BEFORE", &before);

	if (err)
		return err;
	/* pid and comm are available to cgroup bind hooks from Linux 6.0 on */
	skel->rodata->have_comm_helper =
	    (!before || before > LINUX_VERSION(6, 0)) && hook_may_call(BPF_FUNC_get_current_comm);
	skel->rodata->have_task_helper = hook_may_call(BPF_FUNC_get_current_task) &&
					 hook_may_call(BPF_FUNC_probe_read_kernel_str);
	skel->rodata->have_pid_helper = (!before || before > LINUX_VERSION(6, 0)) &&
					hook_may_call(BPF_FUNC_get_current_pid_tgid);
	skel->rodata->have_str_helper = hook_may_call(BPF_FUNC_probe_read_kernel_str);
	/* the BPF side looks for cgroup->ancestors[] in the kernel's BTF too;
	 * this only makes a newer kernel walk up as an older one does */
	skel->rodata->have_cgroup_ancestors = !before || before > LINUX_VERSION(6, 0);
	/* bpf_loop (5.17): the verifier checks the interface walk's body
	 * once instead of 128 times */
	loop = !e->no_loop && (!before || before > LINUX_VERSION(5, 17)) &&
	       hook_may_call(BPF_FUNC_loop);
	e->hook[0] = loop ? skel->progs.enforce_bind4_loop : skel->progs.enforce_bind4;
	e->hook[1] = loop ? skel->progs.enforce_bind6_loop : skel->progs.enforce_bind6;
	e->link[0] = loop ? &skel->links.enforce_bind4_loop : &skel->links.enforce_bind4;
	e->link[1] = loop ? &skel->links.enforce_bind6_loop : &skel->links.enforce_bind6;
	bpf_program__set_autoload(skel->progs.enforce_bind4, !loop);
	bpf_program__set_autoload(skel->progs.enforce_bind6, !loop);
	bpf_program__set_autoload(skel->progs.enforce_bind4_loop, loop);
	bpf_program__set_autoload(skel->progs.enforce_bind6_loop, loop);
	return 0;
}

/* Open → configure: what only depends on how the programs will run. */
static int configure(struct enforcer *e, const struct bg_policy *policy, struct capture *share,
		     const char *pin_dir)
{
	struct enforce_bpf *skel = e->skel;
	int err = probe_helpers(e);

	if (err)
		return err;
	if (policy->n_comms && !skel->rodata->have_comm_helper) {
		report("kernel %s does not let cgroup bind hooks read process "
		       "names (Linux 6.0 or newer needed); remove the comm allow-list\n",
		       kernel_release());
		return -EOPNOTSUPP;
	}
	if (policy->n_cgroups && !skel->rodata->have_str_helper)
		report("note: kernel %s does not let cgroup bind hooks read cgroup names: "
		       "allowed cgroups are matched by id only, and one made anew (a restarted "
		       "service's) is not matched until the policy is pinned again\n",
		       kernel_release());
	if (share) {
		skel->rodata->report_verdicts = true;
		err = bpf_map__reuse_fd(skel->maps.verdicts, capture_verdicts_fd(share));
		if (err)
			bpf_report_error("sharing verdicts with the capture programs", err);
	} else {
		bpf_map__set_max_entries(skel->maps.verdicts, 1);
	}
	/* `bindguard allow` exceptions outlive a re-pin, and a live
	 * enforcer honours those of the pinned policy */
	if (!err && pin_dir)
		err = reuse_temporary_allows(e, pin_dir);
	/* only a pinned policy keeps a record and carries counters on */
	skel->rodata->keep_log = pin_dir && !share;
	if (!skel->rodata->keep_log)
		return err ? err
			   : bpf_map__set_max_entries(skel->maps.interventions, UNUSED_RING_BYTES);
	if (!err)
		err =
		    reuse_pinned(skel->maps.action_counts, pin_dir, PIN_COUNTS, &e->counts_reused);
	if (!err)
		err = reuse_pinned(skel->maps.interventions, pin_dir, PIN_LOG, &e->log_reused);
	if (!err)
		err = reuse_pinned(skel->maps.log_lost, pin_dir, PIN_LOG_LOST, &e->lost_reused);
	return err;
}

/* Opens and loads the object, relocated against the kernel's BTF cut to
 * its needs (lib/core_btf.h) where the kernel has BTF to cut. */
static int load_object(struct enforcer *e, const struct bg_policy *policy, struct capture *share,
		       const char *pin_dir)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	char cut_path[32];
	size_t size;
	const void *elf = enforce_bpf__elf_bytes(&size);
	int cut = core_btf_file(elf, size, cut_path, sizeof(cut_path)), err;
	bool refused = false;

	kernel_btf_release(); /* cut: no longer needed */
	if (cut >= 0)
		opts.btf_custom_path = cut_path;
	for (;;) {
		e->skel = enforce_bpf__open_opts(&opts);
		err = e->skel ? configure(e, policy, share, pin_dir) : -errno;
		if (!e->skel) {
			bpf_report_error("opening the enforce BPF object", err);
			break;
		}
		if (err)
			break;
		err = enforce_bpf__load(e->skel);
		refused = err != 0;
		if (!err || e->no_loop || e->hook[0] != e->skel->progs.enforce_bind4_loop)
			break;
		/* a verifier that refuses the bpf_loop walk gets the bounded one */
		e->no_loop = true;
		enforce_bpf__destroy(e->skel);
		e->skel = NULL;
	}
	if (refused)
		bpf_report_error("loading the enforce BPF programs", err);
	else if (!err)
		bpf_report_verified(e->skel->obj);
	if (cut >= 0)
		close(cut);
	malloc_trim(0); /* what libbpf left in the heap */
	return err;
}

int enforcer_load(struct enforcer **out, const struct bg_policy *policy, struct capture *share,
		  const char *pin_dir)
{
	struct enforcer *e = calloc(1, sizeof(*e));
	__u32 key = 0;
	int err;

	*out = NULL;
	if (!e)
		return -ENOMEM;
	err = load_object(e, policy, share, pin_dir);
	if (err)
		goto fail;
	err = bpf_map_update_elem(bpf_map__fd(e->skel->maps.policy), &key, policy, BPF_ANY);
	if (err) {
		err = -errno;
		bpf_report_error("writing the policy map", err);
		goto fail;
	}
	*out = e;
	return 0;
fail:
	enforcer_destroy(e);
	return err;
}

static struct bpf_program *hook_program(struct enforcer *e, int i)
{
	return e->hook[i];
}

int enforcer_attach(struct enforcer *e, const char *cgroup_path)
{
	const struct cgroup_attachment hooks[] = {
		{ e->hook[0], e->link[0] },
		{ e->hook[1], e->link[1] },
	};

	return attach_to_cgroup(cgroup_path, hooks, 2, "attaching the cgroup bind hooks");
}

/* Pins a map or link fd at dir/name atomically: pin beside it, rename. */
static int pin_replace(int fd, const char *dir, const char *name)
{
	char tmp[4096], final[4096];

	pin_path(tmp, sizeof(tmp), dir, name, PIN_STAGING_SUFFIX);
	pin_path(final, sizeof(final), dir, name, NULL);
	unlink(tmp);
	if (bpf_obj_pin(fd, tmp))
		return -errno;
	if (rename(tmp, final)) {
		int err = -errno;

		unlink(tmp);
		return err;
	}
	return 0;
}

/* One hook's change, remembered so that it can be undone. */
struct hook_swap {
	struct bpf_link *old; /* the link pinned before, held open meanwhile */
	int old_prog_fd;      /* its program, held open meanwhile */
	bool updated;	      /* the old link now runs the new program */
	bool replaced;	      /* a new link took the old one's pin */
};

/* The same cgroup: swap the program behind the pinned link (no bind goes
 * unjudged).  Another cgroup, or none yet: attach and pin a new link. */
static int swap_hook(struct enforcer *e, int i, const char *cgroup_path, uint64_t cgroup_id,
		     const char *dir, struct hook_swap *s)
{
	const char *name = pin_link_names[i];
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	struct bpf_link *fresh = NULL;
	struct cgroup_attachment a = { hook_program(e, i), &fresh };
	char path[4096];
	int err;

	pin_path(path, sizeof(path), dir, name, NULL);
	s->old = bpf_link__open(path);
	if (!s->old && errno != ENOENT) {
		err = -errno;
		bpf_report_error("opening the pinned bind hook", err);
		return err;
	}
	memset(&info, 0, sizeof(info));
	if (s->old && !bpf_obj_get_info_by_fd(bpf_link__fd(s->old), &info, &len) &&
	    info.type == BPF_LINK_TYPE_CGROUP && info.cgroup.cgroup_id == cgroup_id) {
		/* our reference keeps the old program for a roll-back */
		s->old_prog_fd = bpf_prog_get_fd_by_id(info.prog_id);
		if (s->old_prog_fd < 0) {
			err = -errno;
			bpf_report_error("reading the pinned bind hook", err);
			return err;
		}
		err = bpf_link__update_program(s->old, hook_program(e, i));
		if (err)
			bpf_report_error("replacing the pinned bind hook", err);
		s->updated = !err;
		return err;
	}
	err = attach_to_cgroup(cgroup_path, &a, 1, "attaching the cgroup bind hooks");
	if (err)
		return err;
	/* the old link, if any, lives on through s->old until we are done */
	err = pin_replace(bpf_link__fd(fresh), dir, name);
	if (err) { /* at once: a last reference is dropped only later */
		bpf_report_error("pinning the bind hook", err);
		bpf_link_detach(bpf_link__fd(fresh));
	}
	s->replaced = !err;
	bpf_link__destroy(fresh); /* closes our fd; a pin keeps the link */
	return err;
}

static void undo_swap(int i, const char *dir, struct hook_swap *s)
{
	char path[4096];
	int err = 0;

	if (s->updated) {
		err = bpf_link_update(bpf_link__fd(s->old), s->old_prog_fd, NULL);
	} else if (s->replaced && s->old) {
		int fresh;

		pin_path(path, sizeof(path), dir, pin_link_names[i], NULL);
		fresh = bpf_obj_get(path);
		err = pin_replace(bpf_link__fd(s->old), dir, pin_link_names[i]);
		if (fresh >= 0) { /* the new link goes now, not when freed */
			if (!err)
				bpf_link_detach(fresh);
			close(fresh);
		}
	} else if (s->replaced) {
		pin_path(path, sizeof(path), dir, pin_link_names[i], NULL);
		err = pin_store_unpin(path) ? -errno : 0;
	}
	if (err)
		report("restoring the previous %s failed (%s); `bindguard status` "
		       "shows what is in force\n",
		       pin_link_names[i], strerror(-err));
}

/* Maps that carry no decision yet (counters, the record, an empty map of
 * exceptions): pinned first, so that a hook is never pinned without them. */
static int pin_new_maps(struct enforcer *e, const char *dir)
{
	int err = 0;

	if (!e->counts_reused)
		err = pin_replace(bpf_map__fd(e->skel->maps.action_counts), dir, PIN_COUNTS);
	if (!err && !e->log_reused)
		err = pin_replace(bpf_map__fd(e->skel->maps.interventions), dir, PIN_LOG);
	if (!err && !e->lost_reused)
		err = pin_replace(bpf_map__fd(e->skel->maps.log_lost), dir, PIN_LOG_LOST);
	if (!err && !e->allows_reused) /* empty: nothing allowed yet */
		err = pin_replace(bpf_map__fd(e->skel->maps.temporary_allows), dir,
				  TEMPORARY_ALLOWS_PIN);
	return err;
}

static int pin_transaction(struct enforcer *e, const char *cgroup_path, uint64_t cgroup_id,
			   const char *dir)
{
	struct hook_swap swaps[2] = { { .old_prog_fd = -1 }, { .old_prog_fd = -1 } };
	int err, done = 0;

	/* what an interrupted run staged is no part of any policy */
	err = pin_store_clear_staging(dir);
	if (!err)
		err = pin_new_maps(e, dir);
	while (!err && done < 2) {
		/* a hook that fails to swap has changed nothing */
		err = swap_hook(e, done, cgroup_path, cgroup_id, dir, &swaps[done]);
		if (!err)
			done++;
	}
	if (!err)
		err = pin_replace(bpf_map__fd(e->skel->maps.policy), dir, PIN_POLICY);
	if (err)
		for (int i = done - 1; i >= 0; i--)
			undo_swap(i, dir, &swaps[i]);
	for (int i = 0; i < 2; i++) { /* closes our fds only */
		bpf_link__destroy(swaps[i].old);
		if (swaps[i].old_prog_fd >= 0)
			close(swaps[i].old_prog_fd);
	}
	return err;
}

int enforcer_pin(struct enforcer *e, const char *cgroup_path, const char *pin_dir)
{
	sigset_t ending, saved;
	struct stat st;
	int err;

	if (stat(cgroup_path, &st)) {
		err = -errno;
		report("cgroup %s: %s\n", cgroup_path, strerror(-err));
		return err;
	}
	/* Ctrl-C, SIGTERM, SIGHUP wait until the pins say one thing again */
	sigemptyset(&ending);
	sigaddset(&ending, SIGINT);
	sigaddset(&ending, SIGTERM);
	sigaddset(&ending, SIGHUP);
	sigaddset(&ending, SIGQUIT);
	sigprocmask(SIG_BLOCK, &ending, &saved);
	err = pin_transaction(e, cgroup_path, st.st_ino, pin_dir);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (err)
		report("pinning in %s failed: %s; the policy pinned before, if any, "
		       "stays in force\n",
		       pin_dir, strerror(-err));
	return err;
}

void enforcer_counts(struct enforcer *e, uint64_t counts[BG_ACTION_MAX])
{
	int fd = bpf_map__fd(e->skel->maps.action_counts);

	for (__u32 key = 0; key < BG_ACTION_MAX; key++)
		counts[key] = percpu_u64_sum(fd, key);
}

void enforcer_destroy(struct enforcer *e)
{
	if (!e)
		return;
	enforce_bpf__destroy(e->skel);
	free(e);
}
