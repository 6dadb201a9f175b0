// SPDX-License-Identifier: GPL-2.0
/* Reading published ports out of the nat prerouting path: each DNAT rule's
 * protocol, host port(s) and address, and its destination. */
#include "firewall/fw_dnat.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "firewall/fw_internal.h"

#define MAX_CHAINS 64

static void port_of(struct json_object *right, struct fw_dnat *d)
{
	struct json_object *range;

	if (json_object_is_type(right, json_type_int)) {
		d->port_lo = d->port_hi = (uint16_t)json_object_get_int(right);
	} else if (json_object_object_get_ex(right, "range", &range) &&
		   json_object_is_type(range, json_type_array) &&
		   json_object_array_length(range) == 2) {
		d->port_lo = (uint16_t)json_object_get_int(json_object_array_get_idx(range, 0));
		d->port_hi = (uint16_t)json_object_get_int(json_object_array_get_idx(range, 1));
	}
}

static void address_of(struct json_object *right, struct fw_dnat *d)
{
	struct json_object *prefix;
	const char *text = json_object_is_type(right, json_type_string)
			       ? json_object_get_string(right)
			       : (json_object_object_get_ex(right, "prefix", &prefix)
				      ? json_read_str(prefix, "addr")
				      : NULL);

	if (!text)
		return;
	snprintf(d->daddr, sizeof(d->daddr), "%s", text);
	d->daddr_local = !strncmp(text, "127.", 4) || !strcmp(text, "::1");
}

/* What the rule's matches say about the published port. */
static void read_match(struct json_object *match, struct fw_dnat *d)
{
	struct json_object *left, *right, *x;
	const char *op = json_read_str(match, "op");

	if (!op || strcmp(op, "==") || !json_object_object_get_ex(match, "left", &left) ||
	    !json_object_object_get_ex(match, "right", &right))
		return;
	if (json_object_object_get_ex(left, "payload", &x)) {
		const char *proto = json_read_str(x, "protocol"),
			   *field = json_read_str(x, "field");

		if (!proto || !field)
			return;
		if (!strcmp(field, "dport") && (!strcmp(proto, "tcp") || !strcmp(proto, "udp"))) {
			d->l4proto = !strcmp(proto, "tcp") ? IPPROTO_TCP : IPPROTO_UDP;
			port_of(right, d);
		} else if (!strcmp(field, "daddr")) {
			address_of(right, d);
		}
	} else if (json_object_object_get_ex(left, "meta", &x) && json_read_str(x, "key") &&
		   !strcmp(json_read_str(x, "key"), "l4proto") &&
		   json_object_is_type(right, json_type_string)) {
		d->l4proto = !strcmp(json_object_get_string(right), "tcp")   ? IPPROTO_TCP
			     : !strcmp(json_object_get_string(right), "udp") ? IPPROTO_UDP
									     : 0;
	}
}

static bool read_dnat(struct json_object *stmt, struct fw_dnat *d)
{
	struct json_object *x, *port;

	if (json_object_object_get_ex(stmt, "dnat", &x)) {
		const char *addr = json_read_str(x, "addr");

		if (addr)
			snprintf(d->to_addr, sizeof(d->to_addr), "%s", addr);
		if (json_object_object_get_ex(x, "port", &port) &&
		    json_object_is_type(port, json_type_int))
			d->to_port = (uint16_t)json_object_get_int(port);
		if (json_read_str(x, "family"))
			d->family = !strcmp(json_read_str(x, "family"), "ip6") ? AF_INET6 : AF_INET;
		return true;
	}
	if (json_object_object_get_ex(stmt, "xt", &x) && json_read_str(x, "name") &&
	    !strcmp(json_read_str(x, "name"), "DNAT")) {
		d->iptables = true;
		return true;
	}
	return false;
}

/* Records the chain's DNAT rules and queues its jump targets. */
static size_t scan_chain(const struct fw_ruleset *rs, const struct fw_chain *c,
			 const struct fw_chain **queue, size_t *n_queue, struct fw_dnat *out,
			 size_t max, size_t found)
{
	for (size_t i = 0; i < c->n_rules; i++) {
		struct json_object *expr = c->rules[i].expr;
		struct fw_dnat d = { .family = strcmp(c->family, "ip6") ? AF_INET : AF_INET6 };
		bool is_dnat = false;

		for (size_t k = 0; k < json_object_array_length(expr); k++) {
			struct json_object *stmt = json_object_array_get_idx(expr, k), *x;
			const char *target;

			if (json_object_object_get_ex(stmt, "match", &x))
				read_match(x, &d);
			is_dnat |= read_dnat(stmt, &d);
			if ((json_object_object_get_ex(stmt, "jump", &x) ||
			     json_object_object_get_ex(stmt, "goto", &x)) &&
			    (target = json_read_str(x, "target")) != NULL &&
			    *n_queue < MAX_CHAINS) {
				const struct fw_chain *t =
				    fw_find_chain(rs, c->family, c->table, target);
				bool queued = false;

				for (size_t q = 0; t && q < *n_queue; q++)
					queued |= queue[q] == t;
				if (t && !queued)
					queue[(*n_queue)++] = t;
			}
		}
		if (!is_dnat)
			continue;
		snprintf(d.chain, sizeof(d.chain), "%s %s %s", c->family, c->table, c->name);
		d.handle = c->rules[i].handle;
		if (found < max)
			out[found] = d;
		found++;
	}
	return found;
}

size_t fw_find_dnats(const struct fw_ruleset *rs, struct fw_dnat *out, size_t max)
{
	const struct fw_chain *queue[MAX_CHAINS];
	size_t n_queue = 0, found = 0;

	for (size_t i = 0; i < rs->n_chains && n_queue < MAX_CHAINS; i++) {
		const struct fw_chain *c = &rs->chains[i];

		if (c->hook && c->type && !strcmp(c->hook, "prerouting") && !strcmp(c->type, "nat"))
			queue[n_queue++] = c;
	}
	for (size_t q = 0; q < n_queue; q++)
		found = scan_chain(rs, queue[q], queue, &n_queue, out, max, found);
	return found;
}
