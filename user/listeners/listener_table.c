// SPDX-License-Identifier: GPL-2.0
/* top's model of the listener set and its rows. */
#include "listeners/listener_table.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "capture/event_format.h"
#include "lib/array.h"
#include "listeners/proc_owners.h"

void listener_table_init(struct listener_table *t)
{
	memset(t, 0, sizeof(*t));
}

void listener_table_free(struct listener_table *t)
{
	free(t->items);
	memset(t, 0, sizeof(*t));
}

void listener_table_clear(struct listener_table *t)
{
	t->n = 0;
}

static bool same_listener(const struct listener *a, const struct listener *b)
{
	return a->netns == b->netns && a->protocol == b->protocol && a->family == b->family &&
	       a->port == b->port && memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16) == 0;
}

static struct listener *find(struct listener_table *t, const struct listener *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (same_listener(&t->items[i], key))
			return &t->items[i];
	return NULL;
}

int listener_table_add(struct listener_table *t, const struct listener *l)
{
	struct listener *found = find(t, l);

	if (found) {
		found->sockets += l->sockets ? l->sockets : 1;
		/* the first owner we learn about is the one shown */
		if (!found->pid && l->pid) {
			found->pid = l->pid;
			found->uid = l->uid;
			memcpy(found->comm, l->comm, sizeof(found->comm));
		}
		return 0;
	}
	if (array_reserve(&t->items, &t->cap, t->n, 64))
		return -ENOMEM;
	t->items[t->n] = *l;
	if (!t->items[t->n].sockets)
		t->items[t->n].sockets = 1;
	t->n++;
	return 0;
}

static void listener_from_event(struct listener *l, const struct bind_event *e,
				const struct iface_addr *ifs, size_t n_ifs)
{
	struct exposure_result r;

	memset(l, 0, sizeof(*l));
	l->netns = e->netns;
	l->family = e->family;
	l->protocol = e->protocol;
	memcpy(l->addr, e->addr, e->family == AF_INET ? 4 : 16);
	l->port = e->port;
	l->v6only = e->flags & BG_F_V6ONLY;
	l->cls = classify_addr(l->family, l->addr);
	exposure_resolve(l->family, l->addr, l->v6only, 0, ifs, n_ifs, &r);
	l->exposure = r.level;
	l->pid = e->pid;
	l->uid = e->uid;
	memcpy(l->comm, e->comm, sizeof(l->comm));
	l->comm[sizeof(l->comm) - 1] = '\0';
	l->sockets = 1;
	l->from_event = true;
}

int listener_table_apply(struct listener_table *t, const struct bind_event *e,
			 const struct iface_addr *ifs, size_t n_ifs)
{
	struct listener l, *found;

	if (e->family != AF_INET && e->family != AF_INET6)
		return 0;
	switch (e->kind) {
	case BG_EVENT_BIND:
		if (e->ret < 0) {
			t->failed_binds++;
			/* a captured bind does not say who refused it (action is
			 * set in a live enforcer's own stream only): its errno
			 * does, see denied_binds */
			if (e->ret == -EPERM || e->ret == -EACCES)
				t->denied_binds++;
			return 0;
		}
		t->binds[event_class(e)]++;
		/* UDP has no listen(): a bound UDP socket is already receiving */
		if (e->protocol != IPPROTO_UDP || !(e->flags & BG_F_EFF_VALID))
			return 0;
		listener_from_event(&l, e, ifs, n_ifs);
		return listener_table_add(t, &l) ? -ENOMEM : 1;
	case BG_EVENT_LISTEN:
		if (e->ret < 0 || !(e->flags & BG_F_EFF_VALID))
			return 0;
		t->listens++;
		listener_from_event(&l, e, ifs, n_ifs);
		return listener_table_add(t, &l) ? -ENOMEM : 1;
	case BG_EVENT_CLOSE:
		t->closes++;
		listener_from_event(&l, e, ifs, n_ifs);
		found = find(t, &l);
		if (!found)
			return 0;
		if (found->sockets > 1) {
			found->sockets--;
			return 1;
		}
		*found = t->items[--t->n];
		return 1;
	default: return 0;
	}
}

static int compare_listeners(const void *pa, const void *pb)
{
	const struct listener *a = pa, *b = pb;
	int c;

	if (a->exposure != b->exposure)
		return a->exposure > b->exposure ? -1 : 1;
	if (a->protocol != b->protocol)
		return a->protocol == IPPROTO_TCP ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	c = memcmp(a->addr, b->addr, 16);
	if (c)
		return c;
	if (a->netns != b->netns)
		return a->netns < b->netns ? -1 : 1;
	return 0;
}

void listener_table_sort(struct listener_table *t)
{
	if (t->n)
		qsort(t->items, t->n, sizeof(*t->items), compare_listeners);
}

size_t listener_table_exposed(const struct listener_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += exposure_is_exposed(t->items[i].exposure);
	return n;
}

void listener_format_header(struct strbuf *sb, bool show_netns)
{
	strbuf_printf(sb, "%-5s %-39s %5s %-13s %-8s %7s %-10s ", "PROTO", "ADDRESS", "PORT",
		      "CLASS", "EXPOSURE", "PID", "USER");
	/* the same widths as the rows */
	if (show_netns)
		strbuf_printf(sb, "%-20s NETNS", "COMM");
	else
		strbuf_puts(sb, "COMM");
	strbuf_putc(sb, '\n');
}

void listener_format_row(struct strbuf *sb, const struct listener *l, bool show_netns)
{
	char addr[ADDR_TEXT_LEN], user[32], pid[16], proto[16], name[4 * BG_COMM_LEN + 1],
	    comm[sizeof(name) + 16];

	format_addr(l->family, l->addr, addr, sizeof(addr));
	/* the socket's owner is known even when its process is not (not root) */
	uid_to_name(l->uid, user, sizeof(user));
	if (l->pid)
		snprintf(pid, sizeof(pid), "%u", l->pid);
	else
		snprintf(pid, sizeof(pid), "-");
	/* a process names itself: shown as trace shows it, no escape
	 * sequence of its reaches the terminal */
	if (l->pid)
		*format_comm(name, l->comm, 0) = '\0';
	else
		snprintf(name, sizeof(name), "-");
	if (l->pid && l->sockets > 1)
		snprintf(comm, sizeof(comm), "%s x%u", name, l->sockets);
	else
		snprintf(comm, sizeof(comm), "%s", name);
	strbuf_printf(sb, "%-5s %-39s %5u %-13s %-8s %7s %-10.10s %-20s",
		      protocol_name((uint16_t)l->protocol, 0, proto, sizeof(proto)), addr, l->port,
		      addr_class_name(l->cls), exposure_name(l->exposure), pid, user, comm);
	if (show_netns)
		strbuf_printf(sb, " %llu", (unsigned long long)l->netns);
	/* no trailing blanks: rows are compared in tests and piped to tools */
	while (sb->len && sb->data[sb->len - 1] == ' ')
		sb->data[--sb->len] = '\0';
	strbuf_putc(sb, '\n');
}

void listener_format_counters(struct strbuf *sb, const struct listener_table *t)
{
	static const enum addr_class shown[] = {
		ADDR_CLASS_WILDCARD, ADDR_CLASS_LOOPBACK,   ADDR_CLASS_PRIVATE,
		ADDR_CLASS_GLOBAL,   ADDR_CLASS_LINK_LOCAL,
	};
	uint64_t other = 0;

	strbuf_puts(sb, "binds:");
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		strbuf_printf(sb, " %s %llu", addr_class_name(shown[i]),
			      (unsigned long long)t->binds[shown[i]]);
	for (int c = 0; c < ADDR_CLASS_COUNT; c++) {
		bool listed = false;

		for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
			listed |= shown[i] == (enum addr_class)c;
		if (!listed)
			other += t->binds[c];
	}
	strbuf_printf(sb, " other %llu | failed %llu (denied %llu) | listens %llu closes %llu",
		      (unsigned long long)other, (unsigned long long)t->failed_binds,
		      (unsigned long long)t->denied_binds, (unsigned long long)t->listens,
		      (unsigned long long)t->closes);
}
