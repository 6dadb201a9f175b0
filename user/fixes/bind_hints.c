// SPDX-License-Identifier: GPL-2.0
/* One hint per program that listens on a wildcard address, while tracing. */
#include "fixes/bind_hints.h"

#include <netinet/in.h>
#include <string.h>

#include "fixes/program_fix.h"
#include "lib/addr.h"

/* Has this program had its hint?  Remembers it if not. */
static bool seen_before(struct bind_hints *h, const char *comm, const struct program_fix_rule *rule)
{
	for (size_t i = 0; i < h->n_seen; i++)
		if (h->seen[i].rule == rule && !strncmp(h->seen[i].comm, comm, BG_COMM_LEN))
			return true;
	if (h->n_seen < BIND_HINTS_MAX) {
		memcpy(h->seen[h->n_seen].comm, comm, BG_COMM_LEN);
		h->seen[h->n_seen++].rule = rule;
	}
	return false;
}

/* The hint for a wildcard listener, unless its program had one. */
static void hint(struct bind_hints *h, const struct bind_event *e)
{
	char comm[BG_COMM_LEN + 1], addr[ADDR_TEXT_LEN], fix[PROGRAM_FIX_LEN];
	const struct program_fix_rule *r;

	memcpy(comm, e->comm, BG_COMM_LEN);
	comm[BG_COMM_LEN] = '\0';
	/* the program is known by its command line too: one python3 runs
	 * http.server, the next Django */
	r = (h->fix_for ? h->fix_for : program_fix_for_pid)((pid_t)e->pid, comm, e->port, fix,
							    sizeof(fix));
	if (seen_before(h, comm, r))
		return;
	fprintf(h->out, "bindguard trace: hint: %s (pid %u) listens on %s port %u; fix (%s): %s\n",
		comm, e->pid, format_addr(e->family, e->addr, addr, sizeof(addr)), e->port,
		r->program, fix);
	fflush(h->out);
}

int bind_hints_event(void *ctx, const struct bind_event *e)
{
	struct bind_hints *h = ctx;
	bool listening =
	    e->kind == BG_EVENT_LISTEN || (e->kind == BG_EVENT_BIND && e->protocol != IPPROTO_TCP);

	if (listening && e->ret == 0 && classify_addr(e->family, e->addr) == ADDR_CLASS_WILDCARD)
		hint(h, e);
	return h->next(h->next_ctx, e);
}
