/* SPDX-License-Identifier: GPL-2.0 */
/* Enforcement policy: parsed from an INI file (libinih) and command-line
 * flags into struct bg_policy, the value the cgroup hooks read.  Pure:
 * parsing takes text and returns data or an error with its line. */
#ifndef BINDGUARD_POLICY_H
#define BINDGUARD_POLICY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "bindguard.h"
#include "lib/cgroups.h"

#define POLICY_ERROR_LEN 256

/* Where a cgroup path was given, for the message when it cannot be
 * resolved: "policy.conf:3", or "" for a flag. */
#define POLICY_WHERE_LEN 256

struct policy_config {
	struct bg_policy policy;
	char cgroup[PATH_MAX]; /* where to attach; "" = root of cgroup v2 */
	char cgroup_where[POLICY_WHERE_LEN];
	char allow_cgroups[BG_POLICY_MAX_CGROUPS][PATH_MAX];
	char allow_cgroups_where[BG_POLICY_MAX_CGROUPS][POLICY_WHERE_LEN];
	int n_allow_cgroups;
	unsigned int seen; /* which scalar keys were given, to reject repeats */
	/* which rewrite targets (IPv4, IPv6-only, dual-stack) the file or the
	 * flags gave so far: two for one kind are refused; flags may replace
	 * the file's (a file's parse ends with none given) */
	unsigned int rewrite_given;
};

/* Defaults: mode rewrite, scope wildcard, rewrite to 127.0.0.1, ::1 for
 * IPv6-only sockets and ::ffff:127.0.0.1 for dual-stack ones. */
void policy_init(struct policy_config *c);

/* Parses INI text.  `origin` names it in messages (a file name).  Returns
 * 0, or -EINVAL with "origin:line: sentence" in err. */
int policy_parse_string(struct policy_config *c, const char *text, const char *origin, char *err,
			size_t err_len);

/* Reads and parses a file, after checking that no one but its owner (root
 * or the caller) can write it.  Same errors, plus unreadable files. */
int policy_load_file(struct policy_config *c, const char *path, char *err, size_t err_len);

/* The setters behind both the file keys and the flags.  Each returns 0 or
 * -EINVAL with a sentence (without location) in err. */
typedef int policy_setter(struct policy_config *c, const char *value, char *err, size_t err_len);
int policy_set_mode(struct policy_config *c, const char *value, char *err, size_t err_len);
int policy_set_scope(struct policy_config *c, const char *value, char *err, size_t err_len);
/* A list of loopback targets, at most one of each kind: IPv4 (for IPv4
 * binds), ::1 (IPv6-only sockets), ::ffff:127.x.y.z (dual-stack `::`). */
int policy_set_rewrite_to(struct policy_config *c, const char *value, char *err, size_t err_len);
/* The target of dual-stack `::` binds alone: ::1, ::ffff:127.x.y.z or 127.x.y.z. */
int policy_set_dual_stack_to(struct policy_config *c, const char *value, char *err, size_t err_len);
int policy_add_ports(struct policy_config *c, const char *value, char *err, size_t err_len);
int policy_add_protocols(struct policy_config *c, const char *value, char *err, size_t err_len);
int policy_add_comms(struct policy_config *c, const char *value, char *err, size_t err_len);
int policy_add_users(struct policy_config *c, const char *value, char *err, size_t err_len);
int policy_add_cgroups(struct policy_config *c, const char *value, char *err, size_t err_len);
/* Whether each of a policy's lists is within its array: a pinned policy is
 * read back from a map that root can change (bpftool map update), and its
 * counts are not to be trusted before they are checked. */
bool policy_counts_fit(const struct bg_policy *p);
/* Appends a resolved cgroup to the policy's allowed ones: its id, level,
 * parent's id and name (at most BG_CGROUP_NAME_LEN - 1 bytes). */
int policy_allow_cgroup(struct bg_policy *p, const struct cgroup_ref *ref, char *err,
			size_t err_len);
int policy_set_bool(bool *out, const char *key, const char *value, char *err, size_t err_len);

const char *policy_mode_name(int mode);
const char *policy_scope_name(int scope);

#endif
