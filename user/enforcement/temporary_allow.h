/* SPDX-License-Identifier: GPL-2.0 */
/* `bindguard allow`: time-limited exceptions in the pinned policy's
 * temporary_allows map, which the enforce hook reads and expires itself. */
#ifndef BINDGUARD_TEMPORARY_ALLOW_H
#define BINDGUARD_TEMPORARY_ALLOW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bindguard.h"
#include "lib/json.h"

/* The map's pin, beside the policy's in the pin directory. */
#define TEMPORARY_ALLOWS_PIN "temporary_allows"
#define ALLOW_MAX_SECONDS    (30ULL * 24 * 3600)

struct temporary_allow {
	struct bg_allow_key key;
	struct bg_allow_entry entry;
	uint64_t seconds_left; /* rounded up */
};

/* "8080", "8080/tcp", "8080/udp" (ports 1-65535).  0 or -EINVAL with a
 * sentence in err. */
int allow_spec_parse(const char *text, struct bg_allow_key *key, char *err, size_t err_len);
/* "8080/tcp", or "8080" for both protocols. */
void allow_spec_format(const struct bg_allow_key *key, char *buf, size_t len);
/* "90", "90s", "10m", "2h", "1d": 1 s to 30 days.  0 or -EINVAL. */
int duration_parse(const char *text, uint64_t *seconds);
/* "45s", "9m 58s", "2h 05m", "3d 04h". */
void duration_format(uint64_t seconds, char *buf, size_t len);

/* The pinned map in pin_dir: an fd, or -ENOENT when nothing is pinned
 * there, or another -errno. */
int temporary_allows_open(const char *pin_dir);
/* Adds or replaces the entry for key, expiring `seconds` from now on the
 * kernel's boot clock; comm "" or NULL for any process. */
int temporary_allow_add(int fd, const struct bg_allow_key *key, uint64_t seconds, const char *comm);
/* 0, or -ENOENT when there was no such entry. */
int temporary_allow_remove(int fd, const struct bg_allow_key *key);
/* Removes every entry: a live enforcer that shares the map sees none.
 * 0 or -errno. */
int temporary_allows_clear(int fd);
/* The entries still in force, by port; expired ones are deleted on the
 * way.  Returns how many (at most max), or -errno. */
int temporary_allows_read(int fd, struct temporary_allow *out, size_t max);

/* For `status`: the exceptions in pin_dir with their time left, as text
 * lines (nothing when there are none) and as a JSON array member. */
void temporary_allows_status_text(FILE *out, const char *pin_dir);
void temporary_allows_status_json(struct json_object *o, const char *pin_dir);

#endif
