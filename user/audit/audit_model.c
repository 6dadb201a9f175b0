// SPDX-License-Identifier: GPL-2.0
/* Building the audit: the entries from the snapshot, their owners, the WSL
 * checks, and the notes on what this run could not see. */
#include "audit/audit_model.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/file_read.h"
#include "lib/report.h"
#include "wsl/wsl_host.h"

#define WSLCONFIG_MAX_BYTES    (1u << 20)
#define UNREADABLE_NAMES_SHOWN 3

const char *owner_status_name(enum owner_status s)
{
	switch (s) {
	case OWNER_KNOWN: return "known";
	case OWNER_KERNEL: return "kernel";
	case OWNER_HIDDEN: return "hidden";
	case OWNER_UNKNOWN: return "unknown";
	case OWNER_NONE: return "none";
	}
	return "unknown";
}

/* Appends "pid N (comm)" for the unreadable processes, those in the
 * socket's namespace first; returns how many there are. */
static size_t name_unreadable(const struct proc_owners *o, uint64_t netns, char *buf, size_t len,
			      int *why)
{
	size_t n = 0, used = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < o->n_procs; i++) {
			const struct proc_process *p = &o->procs[i];
			int w;

			if (!p->fd_err || (pass == 0) != (p->netns == netns))
				continue;
			if (n == 0)
				*why = p->fd_err;
			if (n < UNREADABLE_NAMES_SHOWN && used < len) {
				w = snprintf(buf + used, len - used, "%spid %d (%s)", n ? ", " : "",
					     (int)p->pid, p->comm);
				used += w > 0 ? (size_t)w : 0;
			}
			n++;
		}
	}
	return n;
}

enum owner_status audit_owner_status(const struct proc_owners *owners, uint64_t inode,
				     uint64_t netns, uint32_t sock_uid, uid_t euid, char *reason,
				     size_t len)
{
	const struct proc_socket_ref *first;
	char names[160] = "";
	int why = 0;
	size_t n;

	reason[0] = '\0';
	if (!inode)
		return OWNER_KERNEL;
	if (proc_owners_lookup(owners, inode, &first))
		return OWNER_KNOWN;
	if (euid != 0 && sock_uid != euid)
		return OWNER_HIDDEN;
	n = name_unreadable(owners, netns, names, sizeof(names), &why);
	if (!n)
		return OWNER_NONE;
	if (n == 1)
		snprintf(reason, len, "the open files of %s could not be read (%s)", names,
			 strerror(-why));
	else
		snprintf(reason, len,
			 "the open files of %zu processes could not be read (%s), among them %s", n,
			 strerror(-why), names);
	return OWNER_UNKNOWN;
}

bool audit_wants(const struct audit_options *o, int protocol, int family)
{
	if ((o->tcp || o->udp) && protocol &&
	    !((o->tcp && protocol == IPPROTO_TCP) || (o->udp && protocol == IPPROTO_UDP)))
		return false;
	if ((o->ipv4 || o->ipv6) &&
	    !((o->ipv4 && family == AF_INET) || (o->ipv6 && family == AF_INET6)))
		return false;
	return true;
}

static int compare_entries(const void *pa, const void *pb)
{
	const struct audit_entry *a = pa, *b = pb;
	int c;

	if (a->verdict != b->verdict)
		return a->verdict < b->verdict ? -1 : 1;
	if (a->exp.level != b->exp.level)
		return a->exp.level > b->exp.level ? -1 : 1;
	if (a->ns != b->ns)
		return a->ns < b->ns ? -1 : 1; /* ours (ns[0]) first */
	if (a->s->protocol != b->s->protocol)
		return a->s->protocol == IPPROTO_TCP ? -1 : 1;
	if (a->s->port != b->s->port)
		return a->s->port < b->s->port ? -1 : 1;
	if (a->s->family != b->s->family)
		return a->s->family == AF_INET ? -1 : 1;
	c = memcmp(a->s->addr, b->s->addr, 16);
	return c ? c : (a->s->inode < b->s->inode ? -1 : a->s->inode > b->s->inode);
}

static void add_exposed_port(struct audit *a, uint16_t port)
{
	for (size_t i = 0; i < a->n_exposed_ports; i++)
		if (a->exposed_ports[i] == port)
			return;
	a->exposed_ports[a->n_exposed_ports++] = port;
}

static void fill_entry(struct audit *a, struct audit_entry *e, const struct ns_snapshot *ns,
		       const struct listen_socket *s)
{
	e->ns = ns;
	e->s = s;
	e->cls = classify_addr(s->family, s->addr);
	exposure_resolve(s->family, s->addr, s->v6only, s->ifindex, ns->ifs.items, ns->ifs.n,
			 &e->exp);
	if (a->snap.owners_err && s->inode) {
		e->owner = OWNER_UNKNOWN;
		snprintf(e->owner_reason, sizeof(e->owner_reason), "/proc could not be read (%s)",
			 strerror(-a->snap.owners_err));
	} else {
		e->owner = audit_owner_status(&a->snap.owners, s->inode, ns->ns.inode, s->uid,
					      geteuid(), e->owner_reason, sizeof(e->owner_reason));
	}
	if (e->owner == OWNER_HIDDEN)
		a->owners_hidden++;
}

static int build_entries(struct audit *a)
{
	size_t total = 0;

	for (size_t i = 0; i < a->snap.n_ns; i++)
		total += a->snap.ns[i].socks.n;
	a->entries = calloc(total ? total : 1, sizeof(*a->entries));
	a->exposed_ports = calloc(total ? total : 1, sizeof(*a->exposed_ports));
	if (!a->entries || !a->exposed_ports)
		return -ENOMEM;
	for (size_t i = 0; i < a->snap.n_ns; i++) {
		const struct ns_snapshot *ns = &a->snap.ns[i];

		for (size_t j = 0; j < ns->socks.n; j++) {
			const struct listen_socket *s = &ns->socks.items[j];
			struct audit_entry *e;

			if (!audit_wants(&a->o, s->protocol, s->family))
				continue;
			e = &a->entries[a->n_entries++];
			fill_entry(a, e, ns, s);
			if (exposure_is_exposed(e->exp.level)) {
				a->exposed++;
				if (ns->ns.is_self)
					add_exposed_port(a, s->port);
			}
		}
	}
	return 0;
}

/* --- WSL ------------------------------------------------------------------ */

/* The configuration to check: --wslconfig, else the one found on Windows.
 * 0, 1 when there is nothing to check (not WSL), -errno only for an
 * unreadable --wslconfig (an error the user made). */
static int read_wslconfig(struct audit *a, const char *sysroot, uint8_t **data, size_t *len)
{
	struct wsl_report *w = &a->wsl;
	int err;

	if (a->o.wslconfig) {
		err = read_file_bytes(NULL, a->o.wslconfig, WSLCONFIG_MAX_BYTES, data, len);
		if (err) {
			report("cannot read %s: %s\n", a->o.wslconfig,
			       err == -EFBIG ? "it is larger than 1 MiB" : read_file_strerror(err));
			return err;
		}
		w->have_file = true;
		w->file_shown = a->o.wslconfig;
		w->loc.method = "--wslconfig";
		return 0;
	}
	if (!wsl_detected(&w->status))
		return 1;
	if (wslconfig_locate(sysroot, a->o.no_windows, &w->loc) == 0) {
		err = read_file_bytes(sysroot, w->loc.path, WSLCONFIG_MAX_BYTES, data, len);
		if (err)
			wsl_findings_add(&w->findings, WSL_FINDING_INPUT, NULL, 0,
					 "%s could not be read (%s), so its settings are unknown.",
					 w->loc.path, read_file_strerror(err));
		else
			w->have_file = true;
		w->file_shown = w->loc.path;
	} else {
		wsl_findings_add(&w->findings, WSL_FINDING_INFO, NULL, 0,
				 "No .wslconfig found (looked at: %.200s), so WSL runs with "
				 "its defaults.",
				 w->loc.searched[0] ? w->loc.searched : "nowhere");
	}
	return 0;
}

static int check_wsl(struct audit *a, const char *sysroot)
{
	struct wsl_report *w = &a->wsl;
	enum wsl_net_mode effective = WSL_NET_UNKNOWN;
	uint16_t *listening = NULL;
	size_t n_listening = 0, len = 0;
	uint8_t *data = NULL;
	int err;

	wsl_gather_signs(sysroot, getenv("WSL_DISTRO_NAME"), &w->signs);
	wsl_classify(&w->signs, &w->status);
	w->show_windows = a->o.windows || (wsl_detected(&w->status) && !a->o.no_windows);

	err = read_wslconfig(a, sysroot, &data, &len);
	if (err)
		return err > 0 ? 0 : err;
	if (w->have_file)
		wslconfig_parse(data, len, &w->cfg, &w->findings);
	free(data);
	w->checked = true;

	/* wslinfo reports what runs; mirrored signs are just as certain, but a
	 * missing sign only suggests NAT */
	if (w->status.mode_source == WSL_MODE_FROM_WSLINFO ||
	    (w->status.mode_source == WSL_MODE_FROM_SIGNS && w->status.mode == WSL_NET_MIRRORED))
		effective = w->status.mode;
	listening = calloc(a->n_entries ? a->n_entries : 1, sizeof(*listening));
	if (listening)
		for (size_t i = 0; i < a->n_entries; i++)
			if (a->entries[i].ns->ns.is_self)
				listening[n_listening++] = a->entries[i].s->port;
	wslconfig_check(&w->cfg, effective, listening, n_listening, &w->findings);
	free(listening);
	audit_ask_windows(a, sysroot, effective);
	return 0;
}

/* The fix line of every listener that is, or may be, exposed. */
static void add_fixes(struct audit *a)
{
	for (size_t i = 0; i < a->n_entries; i++) {
		struct audit_entry *e = &a->entries[i];
		const struct proc_socket_ref *first;
		const struct program_fix_rule *r;

		if (e->verdict != AUDIT_EXPOSED && e->verdict != AUDIT_UNKNOWN)
			continue;
		/* no address to move it to: enforce leaves group binds alone */
		if (e->exp.group) {
			snprintf(
			    e->fix, sizeof(e->fix),
			    "it receives what is sent to a multicast or broadcast group, which "
			    "`bindguard enforce` leaves alone: stop it where the group's "
			    "traffic should not reach it, or drop port %u in the firewall",
			    e->s->port);
			e->fix_program = "group address";
			continue;
		}
		if (proc_owners_lookup(&a->snap.owners, e->s->inode, &first)) {
			const struct proc_process *p = &a->snap.owners.procs[first->process];

			r = program_fix_for_pid(p->pid, p->comm, e->s->port, e->fix,
						sizeof(e->fix));
		} else {
			r = program_fix("", "", 0, e->s->port, e->fix, sizeof(e->fix));
		}
		e->fix_program = r->program;
	}
}

int audit_collect(struct audit *a, const char *sysroot)
{
	int err;

	err = listen_snapshot_take(&a->snap, a->o.all_netns);
	if (err) {
		report("reading the socket tables through sock_diag failed: %s\n", strerror(-err));
		return err;
	}
	err = build_entries(a);
	if (!err)
		err = audit_check_firewall(a);
	if (!err) {
		add_fixes(a);
		qsort(a->entries, a->n_entries, sizeof(*a->entries), compare_entries);
		err = audit_check_published(a, sysroot);
	}
	if (err) {
		report("out of memory\n");
		return err;
	}
	return check_wsl(a, sysroot);
}

void audit_free(struct audit *a)
{
	for (size_t i = 0; a->fw && i < a->snap.n_ns; i++)
		fw_ruleset_free(a->fw[i].rs);
	free(a->fw);
	a->fw = NULL;
	free(a->published);
	a->published = NULL;
	free(a->wsl.answer);
	a->wsl.answer = NULL;
	container_list_free(&a->containers);
	listen_snapshot_free(&a->snap);
	free(a->entries);
	free(a->exposed_ports);
	a->entries = NULL;
	a->exposed_ports = NULL;
}

/* --- shared pieces of both views ------------------------------------------ */

const char *audit_ifname(const struct ns_snapshot *ns, uint32_t ifindex, char *buf, size_t len)
{
	for (size_t i = 0; i < ns->ifs.n; i++)
		if (ns->ifs.items[i].ifindex == ifindex) {
			snprintf(buf, len, "%s", ns->ifs.items[i].ifname);
			buf[strcspn(buf, ":")] = '\0';
			return buf;
		}
	snprintf(buf, len, "if%u", ifindex);
	return buf;
}

void audit_endpoint(const struct audit_entry *e, char *buf, size_t len)
{
	char addr[ADDR_TEXT_LEN], dev[IF_NAMESIZE + 4] = "", name[IF_NAMESIZE + 8];

	format_addr(e->s->family, e->s->addr, addr, sizeof(addr));
	if (e->s->ifindex)
		snprintf(dev, sizeof(dev), "%%%s",
			 audit_ifname(e->ns, e->s->ifindex, name, sizeof(name)));
	if (e->s->family == AF_INET6)
		snprintf(buf, len, "[%s%s]:%u", addr, dev, e->s->port);
	else
		snprintf(buf, len, "%s%s:%u", addr, dev, e->s->port);
}

static void note(void (*emit)(void *, const char *), void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note(void (*emit)(void *, const char *), void *ctx, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	emit(ctx, text);
}

void audit_notes(const struct audit *a, void (*emit)(void *ctx, const char *text), void *ctx)
{
	if (a->snap.owners_err)
		note(emit, ctx, "Processes are unknown: /proc could not be read (%s).",
		     strerror(-a->snap.owners_err));
	if (a->owners_hidden)
		note(emit, ctx,
		     "Not running as root: the processes behind %zu socket%s of other users "
		     "are not visible (their user is shown).",
		     a->owners_hidden, a->owners_hidden == 1 ? "" : "s");
	if (a->published_dropped)
		note(emit, ctx, "%zu more published ports are not listed.", a->published_dropped);
	for (size_t i = 0; i < a->snap.n_ns; i++) {
		const struct ns_snapshot *ns = &a->snap.ns[i];
		const struct audit_firewall *fw = a->fw ? &a->fw[i] : NULL;

		if (fw && fw->read && fw->err && fw->needed)
			note(emit, ctx,
			     "The firewall of %s could not be read (%s): its exposed listeners "
			     "are counted as exposed.",
			     ns->ns.label, fw->err_text);
		if (fw && fw->legacy[0])
			note(emit, ctx,
			     "In %s legacy iptables tables are loaded (%s): their rules were not "
			     "evaluated, and may block what is shown as exposed.",
			     ns->ns.label, fw->legacy);
		if (ns->err && !ns->ns.is_self)
			note(emit, ctx, "Network namespace %s could not be read: %s.", ns->ns.label,
			     strerror(-ns->err));
		if (ns->skipped)
			note(emit, ctx,
			     "In %s the kernel could not list %u of the 4 socket tables (no "
			     "IPv6, or no udp_diag module).",
			     ns->ns.label, ns->skipped);
	}
}
