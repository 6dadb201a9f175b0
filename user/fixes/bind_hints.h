/* SPDX-License-Identifier: GPL-2.0 */
/* `trace --hints`: the fix line for a program that listens on a wildcard,
 * once per program, between the capture and the event stream. */
#ifndef BINDGUARD_BIND_HINTS_H
#define BINDGUARD_BIND_HINTS_H

#include <stddef.h>
#include <stdio.h>

#include "bindguard.h"
#include "capture/capture.h"

#define BIND_HINTS_MAX 256

struct bind_hints {
	capture_event_fn next; /* where every event goes on to */
	void *next_ctx;
	FILE *out; /* where the hints go (stderr) */
	char seen[BIND_HINTS_MAX][BG_COMM_LEN];
	size_t n_seen;
};

/* A capture_event_fn (ctx: struct bind_hints): a successful wildcard
 * listen (TCP) or bind (UDP) of a program not seen yet gets one line
 * "bindguard: hint: ..."; then the event goes to next. */
int bind_hints_event(void *ctx, const struct bind_event *e);

#endif
