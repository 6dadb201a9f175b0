// SPDX-License-Identifier: GPL-2.0
/* `bindguard audit`: what listens now, what each listener really exposes,
 * and on WSL how its networking is set up.  No BPF, and no root needed for
 * our own namespace.  Exit status 0: nothing exposed, 1: exposed, 2: error. */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/addr.h"
#include "commands/commands.h"
#include "capture/event_format.h"
#include "listeners/ifaddrs_exposure.h"
#include "lib/json.h"
#include "listeners/listen_snapshot.h"
#include "lib/output.h"
#include "listeners/proc_owners.h"
#include "wsl/windows_advice.h"
#include "wsl/wsl_detect.h"
#include "wsl/wsl_host.h"
#include "wsl/wslconfig.h"
#include "lib/cli_options.h"

#define WSLCONFIG_MAX_BYTES (1u << 20)
#define MAX_OWNERS_SHOWN    4

#define COLOR_RESET "\033[0m"
#define COLOR_BOLD  "\033[1m"

struct audit_options {
	bool json;
	bool tcp, udp; /* both false: both */
	bool ipv4, ipv6;
	bool all_netns;
	bool windows, no_windows;
	bool no_color;
	const char *wslconfig;
};

struct audit_entry {
	const struct ns_snapshot *ns;
	const struct listen_socket *s;
	enum addr_class cls;
	struct exposure_result exp;
};

struct wsl_report {
	struct wsl_signs signs;
	struct wsl_status status;
	bool checked; /* a configuration (found or defaults) was checked */
	struct wslconfig_location loc;
	bool have_file;
	const char *file_shown; /* the path the user knows it by */
	struct wslconfig cfg;
	struct wsl_findings findings;
	bool show_windows;
};

struct audit {
	struct audit_options o;
	struct listen_snapshot snap;
	struct audit_entry *entries;
	size_t n_entries;
	size_t exposed;
	size_t owners_hidden; /* sockets of other users whose process we cannot see */
	struct wsl_report wsl;
	uint16_t *exposed_ports;
	size_t n_exposed_ports;
	bool color;
};

static const char audit_usage[] =
    "Usage: bindguard audit [OPTIONS]\n"
    "\n"
    "Lists what listens now (TCP listeners and bound UDP sockets, IPv4 and IPv6)\n"
    "with its owner, and what each one really exposes: a wildcard is resolved to\n"
    "the addresses it is reachable on.  On WSL it also reports the networking mode,\n"
    "checks .wslconfig against hardened settings and prints the PowerShell to run\n"
    "on the Windows side.  Reads sock_diag and /proc; needs no BPF, and root only\n"
    "to see other users' processes and other namespaces.\n"
    "\n"
    "Options:\n"
    "  -j, --json            one JSON document instead of the report\n"
    "  -t, --tcp             TCP only\n"
    "  -u, --udp             UDP only\n"
    "  -4, --ipv4            IPv4 sockets only\n"
    "  -6, --ipv6            IPv6 sockets only\n"
    "      --all-netns       also every other network namespace (containers); root\n"
    "      --wslconfig FILE  check FILE as .wslconfig instead of looking for it\n"
    "      --windows         print the Windows PowerShell even when WSL is not detected\n"
    "      --no-windows      do not print it on WSL\n"
    "      --no-color        no colours (also when NO_COLOR is set or not on a terminal)\n"
    "  -h, --help            this text\n"
    "\n"
    "Exit status: 0 nothing exposed, 1 something is exposed, 2 an error.\n"
    "\n"
    "Examples:\n"
    "  bindguard audit                      what listens, exposed first\n"
    "  bindguard audit -t --json | jq .     TCP listeners for a script\n"
    "  sudo bindguard audit --all-netns     containers' listeners too\n"
    "  bindguard audit --wslconfig /mnt/c/Users/me/.wslconfig\n";

enum {
	OPT_ALL_NETNS = 256,
	OPT_WSLCONFIG,
	OPT_WINDOWS,
	OPT_NO_WINDOWS,
	OPT_NO_COLOR,
};

static const struct option audit_longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "tcp", no_argument, NULL, 't' },
	{ "udp", no_argument, NULL, 'u' },
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "all-netns", no_argument, NULL, OPT_ALL_NETNS },
	{ "wslconfig", required_argument, NULL, OPT_WSLCONFIG },
	{ "windows", no_argument, NULL, OPT_WINDOWS },
	{ "no-windows", no_argument, NULL, OPT_NO_WINDOWS },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ NULL, 0, NULL, 0 },
};

static int audit_option(void *ctx, const struct cli_arg *a)
{
	struct audit_options *o = ctx;

	switch (a->opt) {
	case 'j': o->json = true; break;
	case 't': o->tcp = true; break;
	case 'u': o->udp = true; break;
	case '4': o->ipv4 = true; break;
	case '6': o->ipv6 = true; break;
	case OPT_ALL_NETNS: o->all_netns = true; break;
	case OPT_WSLCONFIG: o->wslconfig = a->value; break;
	case OPT_WINDOWS: o->windows = true; break;
	case OPT_NO_WINDOWS: o->no_windows = true; break;
	case OPT_NO_COLOR: o->no_color = true; break;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct audit_options *o)
{
	const struct cli_spec spec = {
		.usage = audit_usage,
		.shortopts = "jtu46",
		.longopts = audit_longopts,
		.on_option = audit_option,
	};
	int err;

	memset(o, 0, sizeof(*o));
	err = cli_parse(&spec, argc, argv, o);
	if (err)
		return err;
	if (o->windows && o->no_windows) {
		report_usage("--windows and --no-windows contradict each other");
		return -EINVAL;
	}
	return 0;
}

/* --- building the entries ----------------------------------------------- */

static bool wanted(const struct audit_options *o, const struct listen_socket *s)
{
	if ((o->tcp || o->udp) &&
	    !((o->tcp && s->protocol == IPPROTO_TCP) || (o->udp && s->protocol == IPPROTO_UDP)))
		return false;
	if ((o->ipv4 || o->ipv6) &&
	    !((o->ipv4 && s->family == AF_INET) || (o->ipv6 && s->family == AF_INET6)))
		return false;
	return true;
}

static int compare_entries(const void *pa, const void *pb)
{
	const struct audit_entry *a = pa, *b = pb;
	int c;

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

static int build_entries(struct audit *a)
{
	size_t total = 0;
	uid_t me = geteuid();

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
			const struct proc_socket_ref *first;

			if (!wanted(&a->o, s))
				continue;
			e = &a->entries[a->n_entries++];
			e->ns = ns;
			e->s = s;
			e->cls = classify_addr(s->family, s->addr);
			exposure_resolve(s->family, s->addr, s->v6only, s->ifindex, ns->ifs.items,
					 ns->ifs.n, &e->exp);
			if (exposure_is_exposed(e->exp.level)) {
				a->exposed++;
				if (ns->ns.is_self)
					add_exposed_port(a, s->port);
			}
			if (me != 0 && s->uid != me && s->inode &&
			    !proc_owners_lookup(&a->snap.owners, s->inode, &first))
				a->owners_hidden++;
		}
	}
	qsort(a->entries, a->n_entries, sizeof(*a->entries), compare_entries);
	return 0;
}

/* --- WSL ------------------------------------------------------------------ */

/* 0, or -errno only for an unreadable --wslconfig (an error the user made). */
static int check_wsl(struct audit *a, const char *sysroot)
{
	struct wsl_report *w = &a->wsl;
	enum wsl_net_mode effective = WSL_NET_UNKNOWN;
	uint16_t *listening = NULL;
	size_t n_listening = 0;
	uint8_t *data = NULL;
	size_t len = 0;
	int err;

	wsl_gather_signs(sysroot, getenv("WSL_DISTRO_NAME"), &w->signs);
	wsl_classify(&w->signs, &w->status);
	w->show_windows = a->o.windows || (wsl_detected(&w->status) && !a->o.no_windows);

	if (a->o.wslconfig) {
		err = read_file_bytes(NULL, a->o.wslconfig, WSLCONFIG_MAX_BYTES, &data, &len);
		if (err) {
			report("cannot read %s: %s\n", a->o.wslconfig,
			       err == -EFBIG ? "it is larger than 1 MiB" : strerror(-err));
			return err;
		}
		w->have_file = true;
		w->file_shown = a->o.wslconfig;
		w->loc.method = "--wslconfig";
	} else if (wsl_detected(&w->status)) {
		if (wslconfig_locate(sysroot, &w->loc) == 0) {
			err =
			    read_file_bytes(sysroot, w->loc.path, WSLCONFIG_MAX_BYTES, &data, &len);
			if (err)
				wsl_findings_add(&w->findings, WSL_FINDING_INPUT, NULL, 0,
						 "%s could not be read (%s), so its settings are "
						 "unknown.",
						 w->loc.path, strerror(-err));
			else
				w->have_file = true;
			w->file_shown = w->loc.path;
		} else {
			wsl_findings_add(
			    &w->findings, WSL_FINDING_INFO, NULL, 0,
			    "No .wslconfig found (looked at: %.200s), so WSL runs with "
			    "its defaults.",
			    w->loc.searched[0] ? w->loc.searched : "nowhere");
		}
	} else {
		return 0;
	}

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
	return 0;
}

/* --- shared text pieces --------------------------------------------------- */

static const char *ifname_of(const struct ns_snapshot *ns, uint32_t ifindex, char *buf, size_t len)
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

/* "0.0.0.0:22", "[::1]:631", "0.0.0.0%eth0:67" (bound to a device, as ss) */
static void format_endpoint(const struct audit_entry *e, char *buf, size_t len)
{
	char addr[ADDR_TEXT_LEN], dev[IF_NAMESIZE + 4] = "", name[IF_NAMESIZE + 8];

	format_addr(e->s->family, e->s->addr, addr, sizeof(addr));
	if (e->s->ifindex)
		snprintf(dev, sizeof(dev), "%%%s",
			 ifname_of(e->ns, e->s->ifindex, name, sizeof(name)));
	if (e->s->family == AF_INET6)
		snprintf(buf, len, "[%s%s]:%u", addr, dev, e->s->port);
	else
		snprintf(buf, len, "%s%s:%u", addr, dev, e->s->port);
}

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

	if (!n) {
		uid_to_name(e->s->uid, user, sizeof(user));
		if (!e->s->inode)
			strbuf_puts(sb, "kernel socket");
		else if (geteuid() != 0 && e->s->uid != geteuid())
			strbuf_printf(sb, "user %s (its process is visible only to root)", user);
		else
			strbuf_printf(sb, "no process holds it (user %s)", user);
		return;
	}
	for (size_t i = 0; i < n && i < MAX_OWNERS_SHOWN; i++) {
		const struct proc_process *p = &a->snap.owners.procs[first[i].process];

		strbuf_printf(sb, "%s%s (pid %d, user %s)", i ? ", " : "", p->comm, (int)p->pid,
			      uid_to_name(p->uid, user, sizeof(user)));
	}
	if (n > MAX_OWNERS_SHOWN)
		strbuf_printf(sb, " and %zu more", n - MAX_OWNERS_SHOWN);
}

/* --- the report for people ------------------------------------------------ */

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
	} else if (e->exp.addr_absent) {
		strbuf_puts(sb, "no interface has this address now (a freebind bind); ");
	}
	strbuf_puts(sb, exposure_sentence(e->exp.level));
	if (e->exp.dual_stack)
		strbuf_puts(sb, " (dual-stack: IPv4 clients too)");
	strbuf_puts(sb, ".\n");
}

static void put_entry(struct strbuf *sb, const struct audit *a, const struct audit_entry *e,
		      int addr_width)
{
	char endpoint[ADDR_TEXT_LEN + IF_NAMESIZE + 16], proto[16];

	format_endpoint(e, endpoint, sizeof(endpoint));
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
}

static void put_wsl_text(struct strbuf *sb, const struct audit *a)
{
	const struct wsl_report *w = &a->wsl;
	const struct wsl_status *st = &w->status;

	strbuf_puts(sb, a->color ? COLOR_BOLD "WSL" COLOR_RESET "\n" : "WSL\n");
	if (!wsl_detected(st)) {
		strbuf_puts(sb, "  not detected (no WSL kernel release, WSL_DISTRO_NAME, "
				"WSLInterop or /run/WSL)\n");
	} else {
		strbuf_printf(sb, "  version: %s", wsl_version_name(st->version));
		if (st->version == WSL_VERSION_UNKNOWN)
			strbuf_puts(sb, " (a custom kernel names neither WSL 1 nor 2)");
		strbuf_printf(sb, "\n  networking mode: %s", wsl_net_mode_name(st->mode));
		if (st->mode_source == WSL_MODE_FROM_WSLINFO)
			strbuf_puts(sb, " (effective, from wslinfo)");
		else if (st->mode_source == WSL_MODE_FROM_SIGNS)
			strbuf_puts(sb, st->mode == WSL_NET_MIRRORED
					    ? " (from interfaces and "
					      "routing rules)"
					    : " (assumed: no sign of "
					      "mirrored mode, no wslinfo)");
		else if (st->version == WSL_VERSION_1)
			strbuf_puts(sb, " (WSL 1 shares Windows' network stack: a Linux bind is "
					"a Windows bind)");
		strbuf_puts(sb, "\n  signs: ");
		for (size_t i = 0; i < st->n_evidence; i++)
			strbuf_printf(sb, "%s%s", i ? "; " : "", st->evidence[i]);
		strbuf_putc(sb, '\n');
	}
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

static void put_notes(struct strbuf *sb, const struct audit *a, bool json);

static void report_text(struct strbuf *sb, const struct audit *a)
{
	int width = 13;
	bool any_exposed = false, any_local = false;

	for (size_t i = 0; i < a->n_entries; i++) {
		char endpoint[ADDR_TEXT_LEN + IF_NAMESIZE + 16];

		format_endpoint(&a->entries[i], endpoint, sizeof(endpoint));
		if ((int)strlen(endpoint) > width)
			width = (int)strlen(endpoint);
	}
	strbuf_printf(sb, "%s%zu listening socket%s, %zu exposed%s", a->color ? COLOR_BOLD : "",
		      a->n_entries, a->n_entries == 1 ? "" : "s", a->exposed,
		      a->color ? COLOR_RESET : "");
	if (a->o.all_netns)
		strbuf_printf(sb, " (%zu network namespaces)", a->snap.n_ns);
	strbuf_puts(sb, "\n");
	for (size_t i = 0; i < a->n_entries; i++) {
		const struct audit_entry *e = &a->entries[i];
		bool exposed = exposure_is_exposed(e->exp.level);

		if (exposed && !any_exposed) {
			strbuf_puts(sb, "\nEXPOSED\n");
			strbuf_printf(sb, "%-5s %-*s %-13s %-8s %s\n", "PROTO", width,
				      "LOCAL ADDRESS", "CLASS", "EXPOSURE", "PROCESS");
			any_exposed = true;
		}
		if (!exposed && !any_local) {
			strbuf_puts(sb, "\nLOCAL ONLY\n");
			strbuf_printf(sb, "%-5s %-*s %-13s %-8s %s\n", "PROTO", width,
				      "LOCAL ADDRESS", "CLASS", "EXPOSURE", "PROCESS");
			any_local = true;
		}
		put_entry(sb, a, e, width);
	}
	if (a->wsl.checked || a->wsl.show_windows || wsl_detected(&a->wsl.status)) {
		strbuf_putc(sb, '\n');
		put_wsl_text(sb, a);
	}
	if (a->wsl.show_windows) {
		strbuf_puts(sb,
			    a->color ? "\n" COLOR_BOLD "WINDOWS" COLOR_RESET "\n" : "\nWINDOWS\n");
		windows_advice(sb, a->exposed_ports, a->n_exposed_ports);
	}
	put_notes(sb, a, false);
}

/* Notes: what this run could not see.  As text lines or JSON strings. */
static void put_note(struct strbuf *sb, bool json, bool *first, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put_note(struct strbuf *sb, bool json, bool *first, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (json) {
		if (!*first)
			strbuf_putc(sb, ',');
		json_string(sb, text, strlen(text));
	} else {
		if (*first)
			strbuf_puts(sb, "\nNOTES\n");
		strbuf_printf(sb, "  %s\n", text);
	}
	*first = false;
}

static void put_notes(struct strbuf *sb, const struct audit *a, bool json)
{
	bool first = true;

	if (a->snap.owners_err)
		put_note(sb, json, &first, "Processes are unknown: /proc could not be read (%s).",
			 strerror(-a->snap.owners_err));
	if (a->owners_hidden)
		put_note(sb, json, &first,
			 "Not running as root: the processes behind %zu socket%s of other users "
			 "are not visible (their user is shown).",
			 a->owners_hidden, a->owners_hidden == 1 ? "" : "s");
	for (size_t i = 0; i < a->snap.n_ns; i++) {
		const struct ns_snapshot *ns = &a->snap.ns[i];

		if (ns->err && !ns->ns.is_self)
			put_note(sb, json, &first, "Network namespace %s could not be read: %s.",
				 ns->ns.label, strerror(-ns->err));
		if (ns->skipped)
			put_note(sb, json, &first,
				 "In %s the kernel could not list %u of the 4 socket tables (no "
				 "IPv6, or no udp_diag module).",
				 ns->ns.label, ns->skipped);
	}
}

/* --- JSON ------------------------------------------------------------------ */

static void json_entry(struct strbuf *sb, const struct audit *a, const struct audit_entry *e)
{
	const struct proc_socket_ref *first;
	size_t n = proc_owners_lookup(&a->snap.owners, e->s->inode, &first);
	struct json_object o, item;
	char text[ADDR_TEXT_LEN], user[64], name[IF_NAMESIZE + 8];

	json_begin(&o, sb);
	json_str(&o, "protocol", e->s->protocol == IPPROTO_TCP ? "tcp" : "udp");
	json_str(&o, "family", e->s->family == AF_INET ? "ipv4" : "ipv6");
	json_str(&o, "address", format_addr(e->s->family, e->s->addr, text, sizeof(text)));
	json_uint(&o, "port", e->s->port);
	json_str(&o, "class", addr_class_name(e->cls));
	json_str(&o, "exposure", exposure_name(e->exp.level));
	json_bool(&o, "exposed", exposure_is_exposed(e->exp.level));
	json_str(&o, "explanation", exposure_sentence(e->exp.level));
	json_bool(&o, "v6only", e->s->v6only);
	json_bool(&o, "dual_stack", e->exp.dual_stack);
	if (e->s->ifindex)
		json_str(&o, "device", ifname_of(e->ns, e->s->ifindex, name, sizeof(name)));
	else
		json_null(&o, "device");
	json_bool(&o, "freebind", e->s->freebind);
	json_bool(&o, "address_on_interface", !e->exp.addr_absent);
	json_key(&o, "reachable_on");
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < e->exp.n_reach; i++) {
		const struct iface_addr *ia = &e->ns->ifs.items[e->exp.reach[i]];

		if (i)
			strbuf_putc(sb, ',');
		json_begin(&item, sb);
		json_str(&item, "address", format_addr(ia->family, ia->addr, text, sizeof(text)));
		json_str(&item, "interface", ia->ifname);
		json_str(&item, "class", addr_class_name(ia->cls));
		json_end(&item);
	}
	strbuf_putc(sb, ']');
	json_uint(&o, "uid", e->s->uid);
	json_str(&o, "user", uid_to_name(e->s->uid, user, sizeof(user)));
	json_uint(&o, "inode", e->s->inode);
	json_key(&o, "owners");
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		const struct proc_process *p = &a->snap.owners.procs[first[i].process];

		if (i)
			strbuf_putc(sb, ',');
		json_begin(&item, sb);
		json_int(&item, "pid", p->pid);
		json_str(&item, "comm", p->comm);
		json_uint(&item, "uid", p->uid);
		json_str(&item, "user", uid_to_name(p->uid, user, sizeof(user)));
		json_end(&item);
	}
	strbuf_putc(sb, ']');
	json_uint(&o, "netns", e->ns->ns.inode);
	json_str(&o, "netns_label", e->ns->ns.label);
	json_bool(&o, "host_netns", e->ns->ns.is_self);
	json_end(&o);
}

static void json_wsl(struct strbuf *sb, const struct audit *a)
{
	const struct wsl_report *w = &a->wsl;
	struct json_object o, item;

	json_begin(&o, sb);
	json_bool(&o, "detected", wsl_detected(&w->status));
	if (wsl_detected(&w->status))
		json_str(&o, "version", wsl_version_name(w->status.version));
	else
		json_null(&o, "version");
	json_str(&o, "networking_mode", wsl_net_mode_name(w->status.mode));
	json_str(&o, "mode_source",
		 w->status.mode_source == WSL_MODE_FROM_WSLINFO ? "wslinfo"
		 : w->status.mode_source == WSL_MODE_FROM_SIGNS ? "signs"
								: "none");
	json_key(&o, "evidence");
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < w->status.n_evidence; i++) {
		if (i)
			strbuf_putc(sb, ',');
		json_string(sb, w->status.evidence[i], strlen(w->status.evidence[i]));
	}
	strbuf_putc(sb, ']');
	json_key(&o, "wslconfig");
	if (w->file_shown) {
		json_begin(&item, sb);
		json_str(&item, "path", w->file_shown);
		json_str(&item, "found_by", w->loc.method ? w->loc.method : "");
		json_bool(&item, "read", w->have_file);
		if (w->have_file && w->cfg.encoding)
			json_str(&item, "encoding", w->cfg.encoding);
		json_bool(&item, "crlf", w->cfg.crlf);
		json_key(&item, "settings");
		{
			struct json_object set;

			json_begin(&set, sb);
			for (int k = 0; k < WSLCFG_KEY_COUNT; k++) {
				const struct wslcfg_value *v = &w->cfg.v[k];

				if (v->set)
					json_str(&set, wslcfg_key_name((enum wslcfg_key)k),
						 v->text);
			}
			json_end(&set);
		}
		json_end(&item);
	} else {
		strbuf_puts(sb, "null");
	}
	json_key(&o, "findings");
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < w->findings.n; i++) {
		const struct wsl_finding *f = &w->findings.items[i];

		if (i)
			strbuf_putc(sb, ',');
		json_begin(&item, sb);
		json_str(&item, "severity", wsl_finding_level_name(f->level));
		if (f->key[0])
			json_str(&item, "key", f->key);
		else
			json_null(&item, "key");
		if (f->line)
			json_uint(&item, "line", f->line);
		else
			json_null(&item, "line");
		json_str(&item, "message", f->text);
		json_end(&item);
	}
	strbuf_putc(sb, ']');
	json_end(&o);
}

static void report_json(struct strbuf *sb, const struct audit *a)
{
	struct json_object o;

	json_begin(&o, sb);
	json_str(&o, "version", BINDGUARD_VERSION);
	json_bool(&o, "root", geteuid() == 0);
	json_uint(&o, "sockets", a->n_entries);
	json_uint(&o, "exposed", a->exposed);
	json_key(&o, "listeners");
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < a->n_entries; i++) {
		if (i)
			strbuf_putc(sb, ',');
		json_entry(sb, a, &a->entries[i]);
	}
	strbuf_putc(sb, ']');
	json_key(&o, "wsl");
	json_wsl(sb, a);
	json_key(&o, "windows_powershell");
	if (a->wsl.show_windows) {
		struct strbuf ps;

		strbuf_init(&ps);
		windows_advice(&ps, a->exposed_ports, a->n_exposed_ports);
		json_string(sb, ps.data ? ps.data : "", ps.len);
		strbuf_free(&ps);
	} else {
		strbuf_puts(sb, "null");
	}
	json_key(&o, "notes");
	strbuf_putc(sb, '[');
	put_notes(sb, a, true);
	strbuf_putc(sb, ']');
	json_end(&o);
	strbuf_putc(sb, '\n');
}

int cmd_audit(int argc, char **argv)
{
	struct audit a = { 0 };
	struct output out;
	const char *sysroot = getenv("BINDGUARD_SYSROOT");
	int err, status = EXIT_ERROR;

	err = parse_options(argc, argv, &a.o);
	if (err)
		return cli_exit_status(err);
	if (a.o.all_netns && geteuid() != 0) {
		report("--all-netns needs root, to enter other network "
		       "namespaces\n");
		return EXIT_ERROR;
	}
	err = output_open(&out, NULL);
	if (err)
		return EXIT_ERROR;
	a.color = !a.o.json && !a.o.no_color && output_wants_color(&out);

	err = listen_snapshot_take(&a.snap, a.o.all_netns);
	if (err) {
		report("reading the socket tables through sock_diag failed: "
		       "%s\n",
		       strerror(-err));
		goto cleanup;
	}
	err = build_entries(&a);
	if (err) {
		report("out of memory\n");
		goto cleanup;
	}
	if (check_wsl(&a, sysroot))
		goto cleanup;

	if (a.o.json)
		report_json(&out.buf, &a);
	else
		report_text(&out.buf, &a);
	if (out.buf.failed) {
		report("out of memory\n");
		goto cleanup;
	}
	status = a.exposed ? EXIT_FOUND : 0;
cleanup:
	if (output_close(&out) && status != EXIT_ERROR)
		status = EXIT_ERROR;
	listen_snapshot_free(&a.snap);
	free(a.entries);
	free(a.exposed_ports);
	return status;
}
