// SPDX-License-Identifier: GPL-2.0
/* The firewall verdict of each listener: its namespace's ruleset read in
 * that namespace, then one new connection per address it is reachable on,
 * evaluated by firewall/fw_eval. */
#include "audit/audit_model.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "firewall/fw_read.h"

#define MAX_INCOMING 32

const char *audit_verdict_name(enum audit_verdict v)
{
	switch (v) {
	case AUDIT_EXPOSED: return "exposed";
	case AUDIT_UNKNOWN: return "unknown";
	case AUDIT_BLOCKED: return "blocked";
	case AUDIT_LOCAL: return "local";
	}
	return "unknown";
}

/* The interfaces a connection to the entry may come in on, by name, once
 * each (an address's label, "eth0:1", is its interface's): the one the
 * socket is bound to (SO_BINDTODEVICE, a link-local scope), else every
 * non-loopback one of its namespace. */
static size_t incoming_interfaces(const struct audit_entry *e, char (*bufs)[IFNAMSIZ],
				  const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < e->ns->ifs.n; i++) {
		const struct iface_addr *ia = &e->ns->ifs.items[i];
		bool seen = ia->cls == ADDR_CLASS_LOOPBACK || !strcmp(ia->ifname, "lo") ||
			    (e->s->ifindex && ia->ifindex != e->s->ifindex);
		char name[IFNAMSIZ];

		snprintf(name, sizeof(name), "%.*s", (int)strcspn(ia->ifname, ":"), ia->ifname);
		for (size_t k = 0; k < n && !seen; k++)
			seen = !strcmp(names[k], name);
		if (!seen && n < max) {
			memcpy(bufs[n], name, sizeof(name));
			names[n] = bufs[n];
			n++;
		}
	}
	return n;
}

static void packet_for(const struct audit_entry *e, int family, const struct iface_addr *ia,
		       struct fw_packet *p)
{
	static const uint8_t zero[16];
	const struct listen_socket *s = e->s;

	memset(p, 0, sizeof(*p));
	p->family = family;
	p->l4proto = s->protocol;
	p->dport = s->port;
	if (ia) {
		p->have_daddr = true;
		memcpy(p->daddr, ia->addr, 16);
	} else if (family == s->family && memcmp(s->addr, zero, family == AF_INET ? 4 : 16)) {
		p->have_daddr = true; /* a specific address no interface has now */
		memcpy(p->daddr, s->addr, 16);
	}
}

void audit_entry_verdict(struct audit_entry *e, const struct fw_ruleset *rs, const char *err_text)
{
	char if_bufs[MAX_INCOMING][IFNAMSIZ];
	const char *ifaces[MAX_INCOMING];
	size_t n_ifaces = incoming_interfaces(e, if_bufs, ifaces, MAX_INCOMING);
	struct fw_packet p;
	struct fw_verdict v;

	memset(&e->fw, 0, sizeof(e->fw));
	if (!exposure_is_exposed(e->exp.level)) {
		e->verdict = AUDIT_LOCAL;
		return;
	}
	if (!rs) {
		e->fw.kind = FW_NOT_CHECKED;
		e->fw.handle = -1;
		snprintf(e->fw.reason, sizeof(e->fw.reason), "the firewall could not be read: %s",
			 err_text);
		e->verdict = AUDIT_EXPOSED; /* as before: reachable unless a firewall blocks it */
		return;
	}
	for (size_t i = 0; i < e->exp.n_reach; i++) {
		const struct iface_addr *ia = &e->ns->ifs.items[e->exp.reach[i]];

		packet_for(e, ia->family, ia, &p);
		p.iifnames = ifaces;
		p.n_iifnames = n_ifaces;
		fw_evaluate(rs, &p, &v);
		fw_verdict_merge(&e->fw, &v, i == 0);
	}
	if (!e->exp.n_reach) {
		packet_for(e, e->s->family, NULL, &p);
		p.iifnames = ifaces;
		p.n_iifnames = n_ifaces;
		fw_evaluate(rs, &p, &e->fw);
		if (e->exp.dual_stack) {
			packet_for(e, AF_INET, NULL, &p);
			p.iifnames = ifaces;
			p.n_iifnames = n_ifaces;
			fw_evaluate(rs, &p, &v);
			fw_verdict_merge(&e->fw, &v, false);
		}
	}
	e->verdict = e->fw.kind == FW_BLOCKED	? AUDIT_BLOCKED
		     : e->fw.kind == FW_UNKNOWN ? AUDIT_UNKNOWN
						: AUDIT_EXPOSED;
}

/* Runs in the namespace (a setns thread for the others). */
static int read_firewall(void *opaque)
{
	struct audit_firewall *fw = opaque;
	char *json = NULL;
	int err;

	fw_read_legacy_tables(fw->legacy, sizeof(fw->legacy));
	err = fw_read_ruleset(&json, fw->err_text, sizeof(fw->err_text));
	if (!err) {
		err = fw_ruleset_parse(json, &fw->rs, fw->err_text, sizeof(fw->err_text));
		free(json);
	}
	return err;
}

static bool needs_firewall(const struct audit *a, const struct ns_snapshot *ns)
{
	for (size_t i = 0; i < a->n_entries; i++)
		if (a->entries[i].ns == ns && exposure_is_exposed(a->entries[i].exp.level))
			return true;
	return false;
}

int audit_check_firewall(struct audit *a)
{
	a->fw = calloc(a->snap.n_ns ? a->snap.n_ns : 1, sizeof(*a->fw));
	if (!a->fw)
		return -ENOMEM;
	for (size_t i = 0; i < a->snap.n_ns; i++) {
		struct ns_snapshot *ns = &a->snap.ns[i];
		struct audit_firewall *fw = &a->fw[i];

		/* every namespace: a DNAT publishes a port with no listener at all */
		if (ns->err)
			continue;
		fw->read = true;
		fw->needed = needs_firewall(a, ns);
		if (ns->ns.is_self)
			fw->err = read_firewall(fw);
		else
			fw->err = netns_run_in(ns->ns.path, read_firewall, fw);
		if (fw->err && !fw->err_text[0])
			snprintf(fw->err_text, sizeof(fw->err_text), "%s", strerror(-fw->err));
		if (fw->err == -ENOMEM)
			return -ENOMEM;
	}
	a->exposed = 0;
	for (size_t i = 0; i < a->n_entries; i++) {
		struct audit_entry *e = &a->entries[i];
		const struct audit_firewall *fw = &a->fw[e->ns - a->snap.ns];

		audit_entry_verdict(e, fw->rs, fw->err_text);
		a->exposed += e->verdict == AUDIT_EXPOSED;
		a->blocked += e->verdict == AUDIT_BLOCKED;
		a->unknown += e->verdict == AUDIT_UNKNOWN;
	}
	return 0;
}
