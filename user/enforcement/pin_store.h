/* SPDX-License-Identifier: GPL-2.0 */
/* The bpffs pin store of a pinned policy: its directory (owner checks, a
 * lock), the names in it, reading back what the kernel enforces through
 * it, and removing it. */
#ifndef BINDGUARD_PIN_STORE_H
#define BINDGUARD_PIN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bindguard.h"
#include "enforcement/attached_hooks.h"

#define PIN_POLICY   "policy"
#define PIN_COUNTS   "action_counts"
#define PIN_LOG	     "interventions"
#define PIN_LOG_LOST "interventions_lost"
/* Objects are pinned beside their name first, then renamed over it
 * (bpffs refuses names with a dot). */
#define PIN_STAGING_SUFFIX "_new"
#define PIN_MAX_STRAYS	   8

/* link_bind4, link_bind6: the pin of the hook for AF_INET and AF_INET6 */
extern const char *const pin_link_names[2];

void pin_path(char *buf, size_t len, const char *dir, const char *name, const char *suffix);

/* A pin in the directory that is no part of a committed policy: what an
 * interrupted `enforce --pin` left (staged names), or a link it does not
 * know. */
struct pinned_stray {
	char name[64];
	bool is_hook;		   /* an attached enforce hook */
	bool foreign;		   /* no hook, and a name no pin of ours stages */
	struct attached_hook hook; /* when is_hook */
};

/* What is pinned in pin_dir, read back from the kernel: the policies are
 * the ones the attached programs run, not what a pinned map claims. */
struct pinned_state {
	bool present;		 /* anything of bindguard is pinned there */
	struct bg_policy policy; /* what the hooks run (else the pinned map) */
	bool policies_differ;	 /* bind4 and bind6 run different policies */
	/* The policy is in a layout this bindguard cannot read: another
	 * version pinned it (then policy is all zero). */
	bool policy_unreadable;
	struct bg_policy policy6;
	uint64_t counts[BG_ACTION_MAX];
	uint64_t log_lost;
	int links;		       /* attached hooks found (2 when whole) */
	uint64_t link_cgroup_id[2];    /* 0 when that hook is not attached */
	struct attached_hook hooks[2]; /* when link_cgroup_id[i] */
	struct pinned_stray strays[PIN_MAX_STRAYS];
	int n_strays;
};

/* Whether the kernel runs one whole policy through the pins: both hooks
 * on one cgroup, the same policy, nothing left staged.  An object pinned
 * there under a name of no pin of ours (foreign) does not count. */
bool pinned_consistent(const struct pinned_state *st);
/* How many strays an interrupted pin left (the foreign ones not counted). */
int pinned_interrupted(const struct pinned_state *st);

int pinned_read(const char *pin_dir, struct pinned_state *st);
/* Unpins everything bindguard pinned there, staged leftovers included;
 * the links detach with their last reference.  Returns how many pins
 * went, or -errno. */
int pinned_remove(const char *pin_dir);
/* Unlinks one pin; a link is detached first (at once, not when the
 * kernel gets round to freeing it).  0 or -1 with errno, as unlink(). */
int pin_store_unpin(const char *path);
/* Removes staged leftovers of an interrupted pin: 0 or -errno. */
int pin_store_clear_staging(const char *pin_dir);

/* Creates pin_dir (mode 0700) when missing, checks its owner and takes
 * its lock, so that two `enforce --pin` (or a pin and a `disable`) never
 * interleave.  Waits for a holder, saying so.  Returns the lock fd or
 * -errno after one sentence. */
int pin_store_lock(const char *pin_dir, bool create);
void pin_store_unlock(int lock_fd);

/* The pin directory: `given` (which must lie on bpffs) or, when NULL,
 * <bpffs>/bindguard; bpffs is mounted when needed.  Prints why it fails. */
int resolve_pin_dir(const char *given, char *path, size_t len);
/* The default pin directory where bpffs is mounted now, without mounting
 * anything (for readers such as top).  0 or -ENOENT. */
int find_pin_dir(char *path, size_t len);

#endif
