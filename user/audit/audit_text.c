// SPDX-License-Identifier: GPL-2.0
/* The audit report for people: exposed listeners first, the WSL findings,
 * the Windows PowerShell, and the notes, in colour on a terminal. */
#include "audit/audit_report.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "capture/event_format.h"
#include "lib/term_safe.h"
#include "wsl/windows_advice.h"

#define MAX_OWNERS_SHOWN 4

#define COLOR_RESET "\033[0m"
#define COLOR_BOLD  "\033[1m"

static const char *exposure_color(enum exposure level)
{
	switch (level) {
	case EXPOSURE_INTERNET: return "\033[1;31m";
	case EXPOSURE_LAN:
	case EXPOSURE_OTHER: return "\033[31m";
	case EXPOSURE_LINK:
	case EXPOSURE_LATENT: return "\033[33m";
	default: return "\033[32m";
	}
}

static void put_owners(struct strbuf *sb, const struct audit *a, const struct audit_entry *e)
{
	const struct proc_socket_ref *first;
	size_t n = proc_owners_lookup(&a->snap.owners, e->s->inode, &first);
	char user[64];

	uid_to_name(e->s->uid, user, sizeof(user));
	switch (e->owner) {
	case OWNER_KERNEL: strbuf_puts(sb, "kernel socket"); return;
	case OWNER_HIDDEN:
		strbuf_printf(sb, "user %s (its process is visible only to root)", user);
		return;
	case OWNER_UNKNOWN:
		strbuf_printf(sb, "owner unknown (user %s): %s", user, e->owner_reason);
		return;
	case OWNER_NONE: strbuf_printf(sb, "no process holds it (user %s)", user); return;
	case OWNER_KNOWN: break;
	}
	for (size_t i = 0; i < n && i < MAX_OWNERS_SHOWN; i++) {
		const struct proc_process *p = &a->snap.owners.procs[first[i].process];

		strbuf_printf(sb, "%s%s (pid %d, user %s)", i ? ", " : "", p->comm, (int)p->pid,
			      uid_to_name(p->uid, user, sizeof(user)));
	}
	if (n > MAX_OWNERS_SHOWN)
		strbuf_printf(sb, " and %zu more", n - MAX_OWNERS_SHOWN);
}

static void put_reach(struct strbuf *sb, const struct audit_entry *e)
{
	const struct iface_addr *ifs = e->ns->ifs.items;

	strbuf_puts(sb, "        ");
	if (e->exp.n_reach) {
		strbuf_puts(sb, "reachable on ");
		for (size_t i = 0; i < e->exp.n_reach; i++) {
			const struct iface_addr *ia = &ifs[e->exp.reach[i]];
			char addr[ADDR_TEXT_LEN];

			strbuf_printf(sb, "%s%s (%s, %s)", i ? ", " : "",
				      format_addr(ia->family, ia->addr, addr, sizeof(addr)),
				      ia->ifname, addr_class_name(ia->cls));
		}
		if (e->exp.reach_truncated)
			strbuf_puts(sb, " and more");
		strbuf_puts(sb, "; ");
	} else if (e->exp.group) {
		strbuf_puts(sb, "a group address (multicast or broadcast): it receives what is "
				"sent to the group; ");
	} else if (e->exp.addr_absent) {
		strbuf_puts(sb, "no interface has this address now (a freebind bind); ");
	}
	strbuf_puts(sb, exposure_sentence(e->exp.level));
	if (e->exp.dual_stack)
		strbuf_puts(sb, " (dual-stack: IPv4 clients too)");
	strbuf_puts(sb, ".\n");
}

static void put_firewall(struct strbuf *sb, const struct audit_entry *e)
{
	switch (e->verdict) {
	case AUDIT_BLOCKED:
		if (e->fw.handle >= 0)
			strbuf_printf(
			    sb, "        firewall: blocked by firewall (%s, rule %lld): %s.\n",
			    e->fw.chain, (long long)e->fw.handle, e->fw.reason);
		else
			strbuf_printf(sb,
				      "        firewall: blocked by firewall (%s, policy): %s.\n",
				      e->fw.chain, e->fw.reason);
		return;
	case AUDIT_UNKNOWN:
		strbuf_printf(sb, "        firewall: unknown (%s).\n", e->fw.reason);
		return;
	default:
		if (e->fw.kind == FW_NOT_CHECKED)
			strbuf_printf(sb, "        firewall: not checked (%s).\n", e->fw.reason);
		else
			strbuf_printf(sb, "        firewall: exposed (%s).\n", e->fw.reason);
	}
}

static void put_entry(struct strbuf *sb, const struct audit *a, const struct audit_entry *e,
		      int addr_width)
{
	char endpoint[ADDR_TEXT_LEN + IF_NAMESIZE + 16], proto[16];

	audit_endpoint(e, endpoint, sizeof(endpoint));
	strbuf_printf(sb, "%-5s %-*s %-13s ",
		      protocol_name((uint16_t)e->s->protocol, 0, proto, sizeof(proto)), addr_width,
		      endpoint, addr_class_name(e->cls));
	if (a->color)
		strbuf_printf(sb, "%s%-8s%s ", exposure_color(e->exp.level),
			      exposure_name(e->exp.level), COLOR_RESET);
	else
		strbuf_printf(sb, "%-8s ", exposure_name(e->exp.level));
	put_owners(sb, a, e);
	if (a->o.all_netns)
		strbuf_printf(sb, "  [%s]", e->ns->ns.label);
	strbuf_putc(sb, '\n');
	if (e->exp.level != EXPOSURE_LOCAL)
		put_reach(sb, e);
	if (e->verdict != AUDIT_LOCAL)
		put_firewall(sb, e);
	if (e->fix_program)
		strbuf_printf(sb, "        fix (%s): %s\n", e->fix_program, e->fix);
	if (e->have_windows)
		strbuf_printf(sb, "        windows: %s (%s).\n",
			      windows_verdict_name(e->windows.kind), e->windows.reason);
	if (e->published)
		strbuf_printf(sb, "        docker-proxy of the port published by %s rule %lld\n",
			      e->published->dnat.chain, (long long)e->published->dnat.handle);
}

static void put_wsl_status(struct strbuf *sb, const struct wsl_status *st)
{
	if (!wsl_detected(st)) {
		strbuf_puts(sb, "  not detected (no WSL kernel release, WSL_DISTRO_NAME, "
				"WSLInterop or /run/WSL)\n");
		return;
	}
	strbuf_printf(sb, "  version: %s", wsl_version_name(st->version));
	if (st->version == WSL_VERSION_UNKNOWN)
		strbuf_puts(sb, " (a custom kernel names neither WSL 1 nor 2)");
	strbuf_printf(sb, "\n  networking mode: %s", wsl_net_mode_name(st->mode));
	if (st->mode_source == WSL_MODE_FROM_WSLINFO)
		strbuf_puts(sb, " (effective, from wslinfo)");
	else if (st->mode_source == WSL_MODE_FROM_SIGNS)
		strbuf_puts(sb, st->mode == WSL_NET_MIRRORED
				    ? " (from interfaces and routing rules)"
				    : " (assumed: no sign of mirrored mode, no wslinfo)");
	else if (st->version == WSL_VERSION_1)
		strbuf_puts(sb, " (WSL 1 shares Windows' network stack: a Linux bind is "
				"a Windows bind)");
	strbuf_puts(sb, "\n  signs: ");
	for (size_t i = 0; i < st->n_evidence; i++)
		strbuf_printf(sb, "%s%s", i ? "; " : "", st->evidence[i]);
	strbuf_putc(sb, '\n');
}

static void put_wsl_text(struct strbuf *sb, const struct audit *a)
{
	const struct wsl_report *w = &a->wsl;

	strbuf_puts(sb, a->color ? COLOR_BOLD "WSL" COLOR_RESET "\n" : "WSL\n");
	put_wsl_status(sb, &w->status);
	if (w->file_shown) {
		strbuf_printf(sb, "  .wslconfig: %s (%s", w->file_shown, w->loc.method);
		if (w->have_file && w->cfg.encoding)
			strbuf_printf(sb, "; %s%s", w->cfg.encoding, w->cfg.crlf ? ", CRLF" : "");
		strbuf_puts(sb, ")\n");
		for (size_t i = 0; i < w->loc.n_others; i++)
			strbuf_printf(sb, "  also found: %s (pass --wslconfig to check it)\n",
				      w->loc.others[i]);
	}
	for (size_t i = 0; i < w->findings.n; i++) {
		const struct wsl_finding *f = &w->findings.items[i];
		const char *color = "";

		if (a->color)
			color = f->level == WSL_FINDING_RISK	? "\033[31m"
				: f->level == WSL_FINDING_INPUT ? "\033[33m"
								: "";
		strbuf_printf(sb, "  %s%-7s%s %s\n", color, wsl_finding_level_name(f->level),
			      *color ? COLOR_RESET : "", f->text);
	}
	if (w->findings.dropped)
		strbuf_printf(sb, "  ... and %zu more findings\n", w->findings.dropped);
}

struct text_notes {
	struct strbuf *sb;
	bool first;
};

static void put_note(void *ctx, const char *text)
{
	struct text_notes *t = ctx;

	if (t->first)
		strbuf_puts(t->sb, "\nNOTES\n");
	strbuf_printf(t->sb, "  %s\n", text);
	t->first = false;
}

static void put_windows(struct strbuf *sb, const struct wsl_report *w)
{
	const struct windows_answer *ans = w->answer;

	if (!w->asked)
		return;
	if (!w->answered) {
		strbuf_printf(sb, "  could not ask Windows: %s.\n", w->ask_error);
		return;
	}
	strbuf_printf(sb,
		      "  asked Windows (powershell.exe): the Hyper-V firewall for WSL is %s, "
		      "default inbound action %s, host firewall rules merged: %s\n",
		      ans->enabled ? "on" : "off", ans->default_inbound,
		      ans->allow_host_merge[0] ? ans->allow_host_merge : "unknown");
	if (ans->rules_error[0])
		strbuf_printf(sb, "  its rules could not be read: %s\n", ans->rules_error);
	for (size_t i = 0; i < ans->n_rules; i++)
		if (ans->rules[i].enabled)
			strbuf_printf(sb, "  inbound rule '%s': %s %s port %s\n",
				      ans->rules[i].name, ans->rules[i].allow ? "allow" : "block",
				      ans->rules[i].protocol, ans->rules[i].ports);
	if (ans->listeners_error[0])
		strbuf_printf(sb, "  Windows' listeners could not be read: %s\n",
			      ans->listeners_error);
	for (size_t i = 0; i < ans->n_listeners; i++) {
		const struct windows_listener *l = &ans->listeners[i];
		bool local = !strncmp(l->addr, "127.", 4) || !strcmp(l->addr, "::1");

		strbuf_printf(sb, "  Windows listens on %s port %u (pid %u): %s\n", l->addr,
			      l->port, l->pid, local ? "LOCAL" : "LAN EXPOSED");
	}
}

static void put_listeners(struct strbuf *sb, const struct audit *a)
{
	static const char *const titles[] = { [AUDIT_EXPOSED] = "EXPOSED",
					      [AUDIT_UNKNOWN] = "FIREWALL VERDICT UNKNOWN",
					      [AUDIT_BLOCKED] = "BLOCKED BY FIREWALL",
					      [AUDIT_LOCAL] = "LOCAL ONLY" };
	int width = 13;

	for (size_t i = 0; i < a->n_entries; i++) {
		char endpoint[ADDR_TEXT_LEN + IF_NAMESIZE + 16];

		audit_endpoint(&a->entries[i], endpoint, sizeof(endpoint));
		if ((int)strlen(endpoint) > width)
			width = (int)strlen(endpoint);
	}
	/* section by section: the Windows verdict may move an entry after sorting */
	for (int v = AUDIT_EXPOSED; v <= AUDIT_LOCAL; v++) {
		bool shown = false;

		for (size_t i = 0; i < a->n_entries; i++) {
			const struct audit_entry *e = &a->entries[i];

			if ((int)e->verdict != v)
				continue;
			if (!shown) {
				strbuf_printf(sb, "\n%s\n", titles[v]);
				strbuf_printf(sb, "%-5s %-*s %-13s %-8s %s\n", "PROTO", width,
					      "LOCAL ADDRESS", "CLASS", "EXPOSURE", "PROCESS");
				shown = true;
			}
			put_entry(sb, a, e, width);
		}
	}
}

static void put_destination(struct strbuf *sb, const struct audit_published *p)
{
	const struct fw_dnat *d = &p->dnat;

	if (d->to_addr[0])
		strbuf_printf(sb, strchr(d->to_addr, ':') ? "[%s]" : "%s", d->to_addr);
	else
		strbuf_puts(sb, "(not shown by iptables' DNAT target)");
	if (d->to_port)
		strbuf_printf(sb, ":%u", d->to_port);
	else if (p->container_port)
		strbuf_printf(sb, ":%u", p->container_port->container_port);
	if (p->container)
		strbuf_printf(sb, ", container %s (%s)", p->container->name, p->container->runtime);
}

static void put_published(struct strbuf *sb, const struct audit *a)
{
	char ports[32], proto[16], user[64];

	if (!a->n_published && !a->n_runtime_findings)
		return;
	strbuf_puts(sb, "\nPUBLISHED BY NAT (containers)\n");
	for (size_t i = 0; i < a->n_published; i++) {
		const struct audit_published *p = &a->published[i];

		audit_published_ports(p, ports, sizeof(ports));
		strbuf_printf(sb, "%-5s %s:%s -> ",
			      p->dnat.l4proto ? protocol_name((uint16_t)p->dnat.l4proto, 0, proto,
							      sizeof(proto))
					      : "any",
			      p->dnat.daddr[0] ? p->dnat.daddr : "*", ports);
		put_destination(sb, p);
		strbuf_printf(sb, "  %s\n",
			      p->dnat.daddr_local ? "local (published on loopback only)"
						  : "exposed");
		strbuf_printf(sb, "        %s rule %lld", p->dnat.chain, (long long)p->dnat.handle);
		if (a->o.all_netns)
			strbuf_printf(sb, " [%s]", p->ns->ns.label);
		if (p->lands_on) {
			const struct proc_socket_ref *first;

			strbuf_printf(sb, "; reaches a listener of %s", p->lands_on->ns->ns.label);
			if (proc_owners_lookup(&a->snap.owners, p->lands_on->s->inode, &first))
				strbuf_printf(sb, " (%s, pid %d, user %s)",
					      a->snap.owners.procs[first->process].comm,
					      (int)a->snap.owners.procs[first->process].pid,
					      uid_to_name(a->snap.owners.procs[first->process].uid,
							  user, sizeof(user)));
		}
		if (p->proxy)
			strbuf_puts(sb, "; docker-proxy holds the host port");
		strbuf_puts(sb, "\n");
	}
	for (size_t i = 0; i < a->n_runtime_findings; i++)
		strbuf_printf(sb, "  risk    %s\n", a->runtime_findings[i]);
}

static void put_report(struct strbuf *sb, const struct audit *a)
{
	struct text_notes notes = { .sb = sb, .first = true };

	strbuf_printf(sb, "%s%zu listening socket%s, %zu exposed%s", a->color ? COLOR_BOLD : "",
		      a->n_entries, a->n_entries == 1 ? "" : "s", a->exposed,
		      a->color ? COLOR_RESET : "");
	if (a->blocked)
		strbuf_printf(sb, ", %zu blocked by firewall", a->blocked);
	if (a->unknown)
		strbuf_printf(sb, ", %zu unknown", a->unknown);
	if (a->n_published)
		strbuf_printf(sb, ", %zu published by NAT", a->n_published);
	if (a->o.all_netns)
		strbuf_printf(sb, " (%zu network namespaces)", a->snap.n_ns);
	strbuf_puts(sb, "\n");
	put_listeners(sb, a);
	put_published(sb, a);
	if (a->wsl.checked || a->wsl.show_windows || wsl_detected(&a->wsl.status)) {
		strbuf_putc(sb, '\n');
		put_wsl_text(sb, a);
	}
	if (a->wsl.show_windows || a->wsl.asked) {
		strbuf_puts(sb,
			    a->color ? "\n" COLOR_BOLD "WINDOWS" COLOR_RESET "\n" : "\nWINDOWS\n");
		put_windows(sb, &a->wsl);
		if (!a->wsl.answered)
			windows_advice(sb, a->exposed_ports, a->n_exposed_ports);
	}
	audit_notes(a, put_note, &notes);
}

/* The report is built whole, then copied with every control character
 * that a process name, an interface name or a .wslconfig value brought
 * shown as \xNN: only the report's own colours reach the terminal. */
void audit_report_text(struct strbuf *sb, const struct audit *a)
{
	struct strbuf raw;

	strbuf_init(&raw);
	put_report(&raw, a);
	term_safe_append(sb, raw.data ? raw.data : "", raw.len, a->color);
	if (raw.failed)
		sb->failed = 1;
	strbuf_free(&raw);
}
