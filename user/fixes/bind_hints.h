/* SPDX-License-Identifier: GPL-2.0 */
/* `trace --hints`: the fix line for a program that listens on a wildcard,
 * once per program, between the capture and the event stream. */
#ifndef BINDGUARD_BIND_HINTS_H
#define BINDGUARD_BIND_HINTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "bindguard.h"
#include "capture/capture.h"
#include "fixes/program_fix.h"

#define BIND_HINTS_MAX 256

/* A program that had its hint: its process name and the fix it got, so
 * that python3's http.server, Django and Jupyter each get theirs. */
struct bind_hint_seen {
	char comm[BG_COMM_LEN];
	const struct program_fix_rule *rule;
};

struct bind_hints {
	capture_event_fn next; /* where every event goes on to */
	void *next_ctx;
	FILE *out; /* where the hints go (stderr) */
	/* finds a process's fix; NULL: program_fix_for_pid (the tests'
	 * stand-in knows command lines without /proc) */
	const struct program_fix_rule *(*fix_for)(pid_t pid, const char *comm, uint16_t port,
						  char *out, size_t outlen);
	struct bind_hint_seen seen[BIND_HINTS_MAX];
	size_t n_seen;
};

/* A capture_event_fn (ctx: struct bind_hints): a successful wildcard
 * listen (TCP) or bind (UDP) gets one line "bindguard trace: hint: ..." unless
 * the same program (process name and matched fix rule) already had one;
 * then the event goes to next. */
int bind_hints_event(void *ctx, const struct bind_event *e);

#endif
