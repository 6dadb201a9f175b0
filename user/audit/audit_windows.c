// SPDX-License-Identifier: GPL-2.0
/* The Windows side of a WSL audit: ask the Hyper-V firewall through
 * powershell.exe (read-only, with a timeout), then judge each Linux
 * listener by its answer in mirrored mode. */
#include "audit/audit_model.h"
#include "lib/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOWS_TIMEOUT_S 15

/* BINDGUARD_WINDOWS_TIMEOUT (seconds) overrides: a slow first start of
 * PowerShell, or a test that wants a timeout quickly. */
static int timeout_ms(void)
{
	const char *env = getenv("BINDGUARD_WINDOWS_TIMEOUT");
	char *end;
	long s;

	if (!env || !*env)
		return WINDOWS_TIMEOUT_S * 1000;
	errno = 0;
	s = strtol(env, &end, 10);
	if (errno || *end || s < 1 || s > 600) {
		report("note: BINDGUARD_WINDOWS_TIMEOUT '%s' is not 1 to 600 seconds: waiting %d\n",
		       env, WINDOWS_TIMEOUT_S);
		return WINDOWS_TIMEOUT_S * 1000;
	}
	return (int)s * 1000;
}

void audit_ask_windows(struct audit *a, const char *sysroot, enum wsl_net_mode effective)
{
	struct wsl_report *w = &a->wsl;
	int err;

	if (!wsl_detected(&w->status) || a->o.no_windows)
		return;
	w->answer = calloc(1, sizeof(*w->answer));
	if (!w->answer) {
		snprintf(w->ask_error, sizeof(w->ask_error), "out of memory");
		return;
	}
	w->asked = true;
	err =
	    windows_query_run(sysroot, timeout_ms(), w->answer, w->ask_error, sizeof(w->ask_error));
	if (err)
		return;
	if (!w->answer->have_setting) {
		snprintf(w->ask_error, sizeof(w->ask_error),
			 "Get-NetFirewallHyperVVMSetting failed: %s", w->answer->setting_error);
		return;
	}
	w->answered = true;
	if (effective != WSL_NET_MIRRORED)
		return; /* in NAT mode the LAN does not reach Linux listeners directly */
	for (size_t i = 0; i < a->n_entries; i++) {
		struct audit_entry *e = &a->entries[i];

		if (!e->ns->ns.is_self || !exposure_is_exposed(e->exp.level))
			continue;
		e->have_windows = true;
		windows_verdict(w->answer, e->s->protocol, e->s->port, &e->windows);
		/* the LAN meets the Hyper-V firewall before Linux sees anything */
		if (e->verdict != AUDIT_EXPOSED || e->windows.kind == WINDOWS_EXPOSED)
			continue;
		a->exposed--;
		if (e->windows.kind == WINDOWS_BLOCKED) {
			e->verdict = AUDIT_BLOCKED;
			a->blocked++;
		} else {
			e->verdict = AUDIT_UNKNOWN;
			a->unknown++;
		}
	}
}
