// SPDX-License-Identifier: GPL-2.0
/* The audit as one JSON document (the keys are listed in the README). */
#include "audit/audit_report.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/json.h"
#include "wsl/windows_advice.h"

static void json_reach(struct json_object *o, const struct audit_entry *e)
{
	struct json_object item;
	struct json_array arr;
	char text[ADDR_TEXT_LEN];

	json_object_array(o, "reachable_on", &arr);
	for (size_t i = 0; i < e->exp.n_reach; i++) {
		const struct iface_addr *ia = &e->ns->ifs.items[e->exp.reach[i]];

		json_array_object(&arr, &item);
		json_str(&item, "address", format_addr(ia->family, ia->addr, text, sizeof(text)));
		json_str(&item, "interface", ia->ifname);
		json_str(&item, "class", addr_class_name(ia->cls));
		json_end(&item);
	}
	json_array_end(&arr);
}

static void json_owners(struct json_object *o, const struct audit *a, const struct audit_entry *e)
{
	const struct proc_socket_ref *first;
	size_t n = proc_owners_lookup(&a->snap.owners, e->s->inode, &first);
	struct json_object item;
	struct json_array arr;
	char user[64];

	json_object_array(o, "owners", &arr);
	for (size_t i = 0; i < n; i++) {
		const struct proc_process *p = &a->snap.owners.procs[first[i].process];

		json_array_object(&arr, &item);
		json_int(&item, "pid", p->pid);
		json_str(&item, "comm", p->comm);
		json_uint(&item, "uid", p->uid);
		json_str(&item, "user", uid_to_name(p->uid, user, sizeof(user)));
		json_end(&item);
	}
	json_array_end(&arr);
	json_str(o, "owner_status", owner_status_name(e->owner));
	if (e->owner == OWNER_UNKNOWN)
		json_str(o, "owner_unknown_reason", e->owner_reason);
	else
		json_null(o, "owner_unknown_reason");
}

static void json_firewall(struct json_object *o, const struct audit_entry *e)
{
	struct json_object fw;

	json_key(o, "firewall");
	if (e->verdict == AUDIT_LOCAL) {
		strbuf_puts(o->sb, "null");
		return;
	}
	json_begin(&fw, o->sb);
	json_str(&fw, "verdict", fw_verdict_name(e->fw.kind));
	if (e->fw.chain[0])
		json_str(&fw, "chain", e->fw.chain);
	else
		json_null(&fw, "chain");
	if (e->fw.handle >= 0)
		json_int(&fw, "rule", e->fw.handle);
	else
		json_null(&fw, "rule");
	json_bool(&fw, "some_sources_only", e->fw.some_sources);
	json_str(&fw, "reason", e->fw.reason);
	json_end(&fw);
}

static void json_entry(struct strbuf *sb, const struct audit *a, const struct audit_entry *e)
{
	struct json_object o;
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
		json_str(&o, "device", audit_ifname(e->ns, e->s->ifindex, name, sizeof(name)));
	else
		json_null(&o, "device");
	json_bool(&o, "freebind", e->s->freebind);
	json_bool(&o, "address_on_interface", !e->exp.addr_absent && !e->exp.group);
	json_bool(&o, "group_address", e->exp.group);
	json_reach(&o, e);
	json_uint(&o, "uid", e->s->uid);
	json_str(&o, "user", uid_to_name(e->s->uid, user, sizeof(user)));
	json_uint(&o, "inode", e->s->inode);
	json_owners(&o, a, e);
	json_str(&o, "verdict", audit_verdict_name(e->verdict));
	json_firewall(&o, e);
	json_key(&o, "windows");
	if (e->have_windows) {
		struct json_object win;

		json_begin(&win, sb);
		json_str(&win, "verdict", windows_verdict_name(e->windows.kind));
		json_str(&win, "reason", e->windows.reason);
		json_end(&win);
	} else {
		strbuf_puts(sb, "null");
	}
	if (e->published) {
		json_str(&o, "published_by", e->published->dnat.chain);
		json_int(&o, "published_rule", e->published->dnat.handle);
	} else {
		json_null(&o, "published_by");
		json_null(&o, "published_rule");
	}
	if (e->fix_program) {
		json_str(&o, "fix", e->fix);
		json_str(&o, "fix_program", e->fix_program);
	} else {
		json_null(&o, "fix");
		json_null(&o, "fix_program");
	}
	json_uint(&o, "netns", e->ns->ns.inode);
	json_str(&o, "netns_label", e->ns->ns.label);
	json_bool(&o, "host_netns", e->ns->ns.is_self);
	json_end(&o);
}

static void json_wslconfig(struct json_object *parent, const struct wsl_report *w)
{
	struct json_object item, set;

	json_key(parent, "wslconfig");
	if (!w->file_shown) {
		strbuf_puts(parent->sb, "null");
		return;
	}
	json_begin(&item, parent->sb);
	json_str(&item, "path", w->file_shown);
	json_str(&item, "found_by", w->loc.method ? w->loc.method : "");
	json_bool(&item, "read", w->have_file);
	if (w->have_file && w->cfg.encoding)
		json_str(&item, "encoding", w->cfg.encoding);
	json_bool(&item, "crlf", w->cfg.crlf);
	json_key(&item, "settings");
	json_begin(&set, parent->sb);
	for (int k = 0; k < WSLCFG_KEY_COUNT; k++) {
		const struct wslcfg_value *v = &w->cfg.v[k];

		if (v->set)
			json_str(&set, wslcfg_key_name((enum wslcfg_key)k), v->text);
	}
	json_end(&set);
	json_end(&item);
}

static void json_findings(struct json_object *parent, const struct wsl_findings *findings)
{
	struct json_object item;
	struct json_array arr;

	json_object_array(parent, "findings", &arr);
	for (size_t i = 0; i < findings->n; i++) {
		const struct wsl_finding *f = &findings->items[i];

		json_array_object(&arr, &item);
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
	json_array_end(&arr);
}

static void json_wsl(struct strbuf *sb, const struct audit *a)
{
	const struct wsl_report *w = &a->wsl;
	struct json_object o;
	struct json_array arr;

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
	json_object_array(&o, "evidence", &arr);
	for (size_t i = 0; i < w->status.n_evidence; i++)
		json_array_string(&arr, w->status.evidence[i]);
	json_array_end(&arr);
	json_wslconfig(&o, w);
	json_findings(&o, &w->findings);
	json_end(&o);
}

static void json_published_one(struct json_object *o, const struct audit *a,
			       const struct audit_published *p)
{
	const struct proc_socket_ref *first;
	struct json_object to;
	char ports[32];

	json_str(o, "protocol",
		 p->dnat.l4proto == IPPROTO_TCP	  ? "tcp"
		 : p->dnat.l4proto == IPPROTO_UDP ? "udp"
						  : "any");
	audit_published_ports(p, ports, sizeof(ports));
	json_str(o, "host_ports", ports);
	if (p->dnat.daddr[0])
		json_str(o, "host_address", p->dnat.daddr);
	else
		json_null(o, "host_address");
	json_bool(o, "exposed", !p->dnat.daddr_local);
	json_key(o, "destination");
	json_begin(&to, o->sb);
	if (p->dnat.to_addr[0])
		json_str(&to, "address", p->dnat.to_addr);
	else
		json_null(&to, "address");
	if (p->dnat.to_port || p->container_port)
		json_uint(&to, "port",
			  p->dnat.to_port ? p->dnat.to_port : p->container_port->container_port);
	else
		json_null(&to, "port");
	if (p->container) {
		json_str(&to, "container", p->container->name);
		json_str(&to, "runtime", p->container->runtime);
	} else {
		json_null(&to, "container");
		json_null(&to, "runtime");
	}
	if (p->lands_on) {
		json_uint(&to, "listener_netns", p->lands_on->ns->ns.inode);
		json_str(&to, "listener_netns_label", p->lands_on->ns->ns.label);
		if (proc_owners_lookup(&a->snap.owners, p->lands_on->s->inode, &first))
			json_int(&to, "listener_pid", a->snap.owners.procs[first->process].pid);
		else
			json_null(&to, "listener_pid");
	} else {
		json_null(&to, "listener_netns");
	}
	json_end(&to);
	json_str(o, "chain", p->dnat.chain);
	json_int(o, "rule", p->dnat.handle);
	json_bool(o, "docker_proxy", p->proxy != NULL);
	json_uint(o, "netns", p->ns->ns.inode);
	json_str(o, "netns_label", p->ns->ns.label);
}

static void json_published(struct json_object *parent, const struct audit *a)
{
	struct json_object item;
	struct json_array arr;

	json_object_array(parent, "published", &arr);
	for (size_t i = 0; i < a->n_published; i++) {
		json_array_object(&arr, &item);
		json_published_one(&item, a, &a->published[i]);
		json_end(&item);
	}
	json_array_end(&arr);
	json_object_array(parent, "container_findings", &arr);
	for (size_t i = 0; i < a->n_runtime_findings; i++)
		json_array_string(&arr, a->runtime_findings[i]);
	json_array_end(&arr);
}

static void json_windows_answer(struct json_object *o, const struct windows_answer *ans)
{
	struct json_object item;
	struct json_array arr;

	json_key(o, "hyperv");
	json_begin(&item, o->sb);
	json_bool(&item, "enabled", ans->enabled);
	json_str(&item, "default_inbound_action", ans->default_inbound);
	json_str(&item, "allow_host_policy_merge", ans->allow_host_merge);
	json_end(&item);
	json_object_array(o, "rules", &arr);
	for (size_t i = 0; i < ans->n_rules; i++) {
		json_array_object(&arr, &item);
		json_str(&item, "name", ans->rules[i].name);
		json_bool(&item, "enabled", ans->rules[i].enabled);
		json_str(&item, "action", ans->rules[i].allow ? "Allow" : "Block");
		json_str(&item, "protocol", ans->rules[i].protocol);
		json_str(&item, "local_ports", ans->rules[i].ports);
		json_end(&item);
	}
	json_array_end(&arr);
	json_object_array(o, "listeners", &arr);
	for (size_t i = 0; i < ans->n_listeners; i++) {
		json_array_object(&arr, &item);
		json_str(&item, "address", ans->listeners[i].addr);
		json_uint(&item, "port", ans->listeners[i].port);
		json_uint(&item, "pid", ans->listeners[i].pid);
		json_end(&item);
	}
	json_array_end(&arr);
}

static void json_windows(struct json_object *parent, const struct wsl_report *w)
{
	struct json_object o;

	json_key(parent, "windows");
	json_begin(&o, parent->sb);
	json_bool(&o, "asked", w->asked);
	json_bool(&o, "answered", w->answered);
	if (w->asked && !w->answered)
		json_str(&o, "error", w->ask_error);
	else
		json_null(&o, "error");
	if (w->answered)
		json_windows_answer(&o, w->answer);
	json_end(&o);
}

static void json_note(void *ctx, const char *text)
{
	json_array_string(ctx, text);
}

void audit_report_json(struct strbuf *sb, const struct audit *a)
{
	struct json_object o;
	struct json_array arr;

	json_begin(&o, sb);
	json_str(&o, "version", BINDGUARD_VERSION);
	json_bool(&o, "root", geteuid() == 0);
	json_uint(&o, "sockets", a->n_entries);
	json_uint(&o, "exposed", a->exposed);
	json_uint(&o, "blocked", a->blocked);
	json_uint(&o, "unknown", a->unknown);
	json_object_array(&o, "listeners", &arr);
	for (size_t i = 0; i < a->n_entries; i++) {
		json_array_item(&arr);
		json_entry(sb, a, &a->entries[i]);
	}
	json_array_end(&arr);
	json_published(&o, a);
	json_key(&o, "wsl");
	json_wsl(sb, a);
	json_windows(&o, &a->wsl);
	json_key(&o, "windows_powershell");
	if (a->wsl.show_windows && !a->wsl.answered) {
		struct strbuf ps;

		strbuf_init(&ps);
		windows_advice(&ps, a->exposed_ports, a->n_exposed_ports);
		json_string(sb, ps.data ? ps.data : "", ps.len);
		strbuf_free(&ps);
	} else {
		strbuf_puts(sb, "null");
	}
	json_object_array(&o, "notes", &arr);
	audit_notes(a, json_note, &arr);
	json_array_end(&arr);
	json_end(&o);
	strbuf_putc(sb, '\n');
}
