// SPDX-License-Identifier: GPL-2.0
/* Ports published by DNAT (containers): from each namespace's nat
 * prerouting rules, named from the runtime's files, tied to docker-proxy
 * listeners and to the listener the connection lands on. */
#include "audit/audit_model.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void audit_published_ports(const struct audit_published *p, char *buf, size_t len)
{
	if (!p->dnat.port_lo && !p->dnat.port_hi)
		snprintf(buf, len, "every port");
	else if (p->dnat.port_lo == p->dnat.port_hi)
		snprintf(buf, len, "%u", p->dnat.port_lo);
	else
		snprintf(buf, len, "%u-%u", p->dnat.port_lo, p->dnat.port_hi);
}

static bool ns_has_addr(const struct ns_snapshot *ns, int family, const uint8_t *addr)
{
	for (size_t i = 0; i < ns->ifs.n; i++)
		if (ns->ifs.items[i].family == family &&
		    !memcmp(ns->ifs.items[i].addr, addr, family == AF_INET ? 4 : 16))
			return true;
	return false;
}

/* The listener a connection to to_addr:port reaches, in any namespace. */
static const struct audit_entry *landing(const struct audit *a, const struct audit_published *p)
{
	static const uint8_t zero[16];
	uint8_t addr[16] = { 0 };
	int family = strchr(p->dnat.to_addr, ':') ? AF_INET6 : AF_INET;
	uint16_t port = p->dnat.to_port ? p->dnat.to_port : p->dnat.port_lo;

	if (!p->dnat.to_addr[0] || inet_pton(family, p->dnat.to_addr, addr) != 1)
		return NULL;
	for (size_t i = 0; i < a->n_entries; i++) {
		const struct audit_entry *e = &a->entries[i];
		size_t alen = e->s->family == AF_INET ? 4 : 16;

		if (e->s->port != port || (p->dnat.l4proto && e->s->protocol != p->dnat.l4proto))
			continue;
		if (e->s->family == family && !memcmp(e->s->addr, addr, alen))
			return e;
		if (!memcmp(e->s->addr, zero, alen) && ns_has_addr(e->ns, family, addr) &&
		    (e->s->family == family || !e->s->v6only))
			return e;
	}
	return NULL;
}

/* A docker-proxy socket of that namespace on a published port. */
static const struct audit_entry *proxy_of(struct audit *a, const struct audit_published *p)
{
	for (size_t i = 0; i < a->n_entries; i++) {
		struct audit_entry *e = &a->entries[i];
		const struct proc_socket_ref *first;

		if (e->ns != p->ns || e->s->port < p->dnat.port_lo ||
		    e->s->port > p->dnat.port_hi ||
		    (p->dnat.l4proto && e->s->protocol != p->dnat.l4proto) ||
		    !proc_owners_lookup(&a->snap.owners, e->s->inode, &first) ||
		    strcmp(a->snap.owners.procs[first->process].comm, "docker-proxy"))
			continue;
		e->published = p;
		return e;
	}
	return NULL;
}

static void tie(struct audit *a, struct audit_published *p)
{
	if (p->dnat.to_addr[0])
		p->container = container_by_addr(&a->containers, p->dnat.to_addr);
	if (!p->container && p->dnat.port_lo && p->dnat.port_lo == p->dnat.port_hi)
		p->container = container_by_host_port(&a->containers, p->dnat.l4proto,
						      p->dnat.port_lo, &p->container_port);
	p->lands_on = landing(a, p);
	p->proxy = proxy_of(a, p);
	/* a port published on loopback only reaches nothing beyond this machine;
	 * one whose host socket is docker-proxy's is counted with that listener */
	if (!p->dnat.daddr_local && !p->proxy)
		a->exposed++;
}

static int add_namespace(struct audit *a, const struct ns_snapshot *ns, const struct fw_ruleset *rs)
{
	struct fw_dnat found[AUDIT_MAX_PUBLISHED];
	size_t n = fw_find_dnats(rs, found, AUDIT_MAX_PUBLISHED);

	if (n > AUDIT_MAX_PUBLISHED) {
		a->published_dropped += n - AUDIT_MAX_PUBLISHED;
		n = AUDIT_MAX_PUBLISHED;
	}
	for (size_t i = 0; i < n; i++) {
		struct audit_published *p;

		if (!audit_wants(&a->o, found[i].l4proto, found[i].family))
			continue;
		if (a->n_published >= AUDIT_MAX_PUBLISHED) {
			a->published_dropped++;
			continue;
		}
		p = &a->published[a->n_published++];
		memset(p, 0, sizeof(*p));
		p->ns = ns;
		p->dnat = found[i];
		if (!p->dnat.port_lo && !p->dnat.port_hi)
			p->dnat.port_hi = 65535;
	}
	return 0;
}

int audit_check_published(struct audit *a, const char *sysroot)
{
	int err;

	a->published = calloc(AUDIT_MAX_PUBLISHED, sizeof(*a->published));
	if (!a->published)
		return -ENOMEM;
	err = docker_containers_read(sysroot, &a->containers);
	if (!err)
		err = podman_containers_read(sysroot, &a->containers);
	if (err)
		return err;
	for (size_t i = 0; i < a->snap.n_ns; i++)
		if (a->fw && a->fw[i].rs)
			add_namespace(a, &a->snap.ns[i], a->fw[i].rs);
	for (size_t i = 0; i < a->n_published; i++)
		tie(a, &a->published[i]);
	a->n_runtime_findings =
	    runtime_defaults_check(sysroot, a->runtime_findings, AUDIT_MAX_RUNTIME_FINDINGS);
	return 0;
}
