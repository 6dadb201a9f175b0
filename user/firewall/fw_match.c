// SPDX-License-Identifier: GPL-2.0
/* One nftables match against a new inbound connection: yes, no, or maybe
 * (beyond judgement, or depending on the source address).  Pure. */
#include "firewall/fw_match.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const struct {
	const char *name;
	int number;
} l4protos[] = { { "tcp", IPPROTO_TCP },	{ "udp", IPPROTO_UDP },
		 { "icmp", IPPROTO_ICMP },	{ "ipv6-icmp", IPPROTO_ICMPV6 },
		 { "icmpv6", IPPROTO_ICMPV6 },	{ "sctp", IPPROTO_SCTP },
		 { "udplite", IPPROTO_UDPLITE } };

static const char *l4proto_name(int number)
{
	for (size_t i = 0; i < sizeof(l4protos) / sizeof(l4protos[0]); i++)
		if (l4protos[i].number == number)
			return l4protos[i].name;
	return NULL;
}

static void unknown(struct fw_value *v, const char *fmt, const char *what)
{
	v->kind = FW_VAL_UNKNOWN;
	snprintf(v->desc, sizeof(v->desc), fmt, what ? what : "?");
}

static void value_of_meta(const struct fw_packet *p, const char *key, struct fw_value *v)
{
	if (!key) {
		unknown(v, "%s", "a meta expression");
	} else if (!strcmp(key, "iifname") || !strcmp(key, "iif")) {
		if (p->n_iifnames == 1) {
			v->kind = FW_VAL_STR;
			v->str = p->iifnames[0];
		} else {
			unknown(v, "the incoming interface (%s), unknown for this address", key);
		}
	} else if (!strcmp(key, "l4proto")) {
		v->kind = FW_VAL_NUM;
		v->num = p->l4proto;
		v->str = l4proto_name(p->l4proto);
	} else if (!strcmp(key, "nfproto") || !strcmp(key, "protocol")) {
		v->kind = FW_VAL_STR;
		if (!strcmp(key, "nfproto"))
			v->str = p->family == AF_INET ? "ipv4" : "ipv6";
		else
			v->str = p->family == AF_INET ? "ip" : "ip6";
	} else if (!strcmp(key, "pkttype")) {
		v->kind = FW_VAL_STR;
		v->str = "host";
	} else {
		unknown(v, "meta %s", key);
	}
}

static void value_of_address(const struct fw_packet *p, int family, const char *field,
			     struct fw_value *v)
{
	if (p->family != family) {
		v->kind = FW_VAL_ABSENT;
	} else if (!strcmp(field, "saddr")) {
		v->kind = FW_VAL_SOURCE;
		v->family = family;
		snprintf(v->desc, sizeof(v->desc), "the source address");
	} else if (!strcmp(field, "daddr")) {
		if (p->have_daddr) {
			v->kind = FW_VAL_ADDR;
			v->family = family;
			memcpy(v->addr, p->daddr, 16);
		} else {
			unknown(v, "%s, unknown for a wildcard with no address yet", "daddr");
		}
	} else if (!strcmp(field, "protocol") || !strcmp(field, "nexthdr")) {
		v->kind = FW_VAL_NUM;
		v->num = p->l4proto;
		v->str = l4proto_name(p->l4proto);
	} else {
		unknown(v, "the IP header field %s", field);
	}
}

static void value_of_payload(const struct fw_packet *p, struct json_object *payload,
			     struct fw_value *v)
{
	const char *proto = json_read_str(payload, "protocol"),
		   *field = json_read_str(payload, "field");

	if (!proto || !field) {
		unknown(v, "%s", "raw payload bytes");
		return;
	}
	if (!strcmp(proto, "ip") || !strcmp(proto, "ip6")) {
		value_of_address(p, !strcmp(proto, "ip") ? AF_INET : AF_INET6, field, v);
		return;
	}
	if (!strcmp(proto, "tcp") || !strcmp(proto, "udp") || !strcmp(proto, "th")) {
		if ((!strcmp(proto, "tcp") && p->l4proto != IPPROTO_TCP) ||
		    (!strcmp(proto, "udp") && p->l4proto != IPPROTO_UDP)) {
			v->kind = FW_VAL_ABSENT; /* a tcp match implies tcp */
		} else if (!strcmp(field, "dport")) {
			v->kind = FW_VAL_NUM;
			v->num = p->dport;
		} else if (!strcmp(field, "sport")) {
			v->kind = FW_VAL_SOURCE;
			snprintf(v->desc, sizeof(v->desc), "the source port");
		} else {
			unknown(v, "the transport header field %s", field);
		}
		return;
	}
	unknown(v, "the %s header", proto);
}

/* Whether a fib expression's flags (a string or a list) name flag. */
static bool fib_has_flag(struct json_object *fib, const char *flag)
{
	struct json_object *flags;

	if (!json_object_object_get_ex(fib, "flags", &flags))
		return false;
	if (json_object_is_type(flags, json_type_string))
		return !strcmp(json_object_get_string(flags), flag);
	if (!json_object_is_type(flags, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(flags); i++) {
		struct json_object *f = json_object_array_get_idx(flags, i);

		if (json_object_is_type(f, json_type_string) &&
		    !strcmp(json_object_get_string(f), flag))
			return true;
	}
	return false;
}

/* A fib lookup for a connection from another host to a local listener:
 * by its destination, a local address; by its source, the address of a
 * host that can be answered (a unicast route back, so "oif missing", the
 * reverse-path check, fails).  A host that forges its source gets no
 * connection, so the evaluator judges the hosts that can connect. */
static void value_of_fib(struct json_object *fib, struct fw_value *v)
{
	const char *result = json_read_str(fib, "result");
	bool saddr = fib_has_flag(fib, "saddr"), daddr = fib_has_flag(fib, "daddr");

	if (result && !strcmp(result, "type") && saddr != daddr) {
		v->kind = FW_VAL_STR;
		v->str = daddr ? "local" : "unicast";
	} else if (result && (!strcmp(result, "oif") || !strcmp(result, "oifname")) && saddr &&
		   !daddr) {
		v->kind = FW_VAL_PRESENT;
	} else {
		unknown(v, "a fib lookup (%s)", result);
	}
}

void fw_value_of(const struct fw_packet *p, struct json_object *left, struct fw_value *v)
{
	struct json_object *x;

	memset(v, 0, sizeof(*v));
	if (json_object_object_get_ex(left, "meta", &x)) {
		value_of_meta(p, json_read_str(x, "key"), v);
	} else if (json_object_object_get_ex(left, "payload", &x)) {
		value_of_payload(p, x, v);
	} else if (json_object_object_get_ex(left, "ct", &x)) {
		const char *key = json_read_str(x, "key");

		if (key && !strcmp(key, "state")) {
			v->kind = FW_VAL_STR;
			v->str = p->untracked ? "untracked" : "new";
		} else if (key && !strcmp(key, "direction")) {
			v->kind = FW_VAL_STR;
			v->str = "original";
		} else {
			unknown(v, "ct %s", key);
		}
	} else if (json_object_object_get_ex(left, "fib", &x)) {
		value_of_fib(x, v);
	} else {
		struct json_object *val;
		const char *key = json_read_first_member(left, &val);

		unknown(v, "%s", key ? key : "an expression");
	}
}

/* "eth*" matches every name starting with eth, as nft's iifname does. */
static bool name_matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*' && (n < 2 || pattern[n - 2] != '\\'))
		return strncmp(pattern, name, n - 1) == 0;
	return strcmp(pattern, name) == 0;
}

static bool parse_addr(const char *text, int family, uint8_t *out)
{
	memset(out, 0, 16);
	return inet_pton(family, text, out) == 1;
}

static bool prefix_contains(const uint8_t *net, const uint8_t *addr, int len, int family)
{
	int bits = family == AF_INET ? 32 : 128;

	if (len < 0 || len > bits)
		return false;
	for (int i = 0; i < len; i++)
		if (((net[i / 8] >> (7 - i % 8)) & 1) != ((addr[i / 8] >> (7 - i % 8)) & 1))
			return false;
	return true;
}

static bool is_loopback(int family, const uint8_t *a, int len)
{
	static const uint8_t v6_loopback[16] = { [15] = 1 };

	if (family == AF_INET)
		return a[0] == 127 && len >= 8;
	return len == 128 && memcmp(a, v6_loopback, 16) == 0;
}

/* A source address from another host is never loopback: a match on
 * loopback sources fails, anything else depends on who connects. */
static enum fw_tri source_matches(const struct fw_value *v, struct json_object *elem)
{
	struct json_object *prefix, *x;
	uint8_t a[16];
	int fam = v->family ? v->family : AF_INET;

	if (json_object_is_type(elem, json_type_string) &&
	    parse_addr(json_object_get_string(elem), fam, a))
		return is_loopback(fam, a, fam == AF_INET ? 32 : 128) ? FW_NO : FW_SOURCE;
	if (json_object_object_get_ex(elem, "prefix", &prefix) && json_read_str(prefix, "addr") &&
	    json_object_object_get_ex(prefix, "len", &x) &&
	    parse_addr(json_read_str(prefix, "addr"), fam, a))
		return is_loopback(fam, a, json_object_get_int(x)) ? FW_NO : FW_SOURCE;
	return FW_SOURCE;
}

static enum fw_tri range_matches(const struct fw_value *v, struct json_object *range)
{
	struct json_object *lo, *hi;
	uint8_t a[16], b[16];

	if (!json_object_is_type(range, json_type_array) || json_object_array_length(range) != 2)
		return FW_MAYBE;
	lo = json_object_array_get_idx(range, 0);
	hi = json_object_array_get_idx(range, 1);
	if (v->kind == FW_VAL_NUM && json_object_is_type(lo, json_type_int) &&
	    json_object_is_type(hi, json_type_int))
		return json_object_get_int64(lo) <= v->num && v->num <= json_object_get_int64(hi)
			   ? FW_YES
			   : FW_NO;
	if (v->kind == FW_VAL_ADDR && json_object_is_type(lo, json_type_string) &&
	    json_object_is_type(hi, json_type_string) &&
	    parse_addr(json_object_get_string(lo), v->family, a) &&
	    parse_addr(json_object_get_string(hi), v->family, b))
		return memcmp(a, v->addr, 16) <= 0 && memcmp(v->addr, b, 16) <= 0 ? FW_YES : FW_NO;
	return FW_MAYBE;
}

static enum fw_tri literal_matches(const struct fw_value *v, struct json_object *elem)
{
	uint8_t a[16];

	if (v->kind == FW_VAL_PRESENT) /* true: it exists; false: "missing" */
		return !json_object_is_type(elem, json_type_boolean) ? FW_MAYBE
		       : json_object_get_boolean(elem)		     ? FW_YES
								     : FW_NO;

	if (json_object_is_type(elem, json_type_int)) {
		if (v->kind == FW_VAL_NUM)
			return json_object_get_int64(elem) == v->num ? FW_YES : FW_NO;
		return FW_MAYBE;
	}
	if (!json_object_is_type(elem, json_type_string))
		return FW_MAYBE;
	if (v->kind == FW_VAL_STR)
		return name_matches(json_object_get_string(elem), v->str) ? FW_YES : FW_NO;
	if (v->kind == FW_VAL_NUM && v->str)
		return strcmp(json_object_get_string(elem), v->str) ? FW_NO : FW_YES;
	if (v->kind == FW_VAL_ADDR && parse_addr(json_object_get_string(elem), v->family, a))
		return memcmp(a, v->addr, 16) ? FW_NO : FW_YES;
	return FW_MAYBE;
}

static enum fw_tri element_matches(const struct fw_match_ctx *c, const struct fw_value *v,
				   struct json_object *elem, bool in_named_set);

/* A list of elements, or one element where nft's JSON may hold either. */
static enum fw_tri any_matches(const struct fw_match_ctx *c, const struct fw_value *v,
			       struct json_object *list, bool in_named_set)
{
	enum fw_tri result = FW_NO;

	if (!list)
		return FW_NO; /* an empty set */
	if (!json_object_is_type(list, json_type_array))
		return element_matches(c, v, list, in_named_set);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		enum fw_tri t =
		    element_matches(c, v, json_object_array_get_idx(list, i), in_named_set);

		if (t == FW_YES)
			return FW_YES;
		if (t != FW_NO)
			result = result == FW_MAYBE ? FW_MAYBE : t;
	}
	return result;
}

/* in_named_set: elem is inside a named set, where nft allows no reference
 * to another set (following one there could loop: a set holding "@itself"). */
static enum fw_tri element_matches(const struct fw_match_ctx *c, const struct fw_value *v,
				   struct json_object *elem, bool in_named_set)
{
	struct json_object *x;

	if (json_object_is_type(elem, json_type_object) &&
	    json_object_object_get_ex(elem, "elem", &x) && json_object_object_get_ex(x, "val", &x))
		elem = x; /* an element with a timeout, counter or comment */
	if (json_object_is_type(elem, json_type_array))
		return any_matches(c, v, elem, in_named_set);
	if (json_object_is_type(elem, json_type_string) && json_object_get_string(elem)[0] == '@') {
		if (in_named_set)
			return FW_MAYBE;
		return any_matches(
		    c, v, fw_find_set(c->rs, c->family, c->table, json_object_get_string(elem) + 1),
		    true);
	}
	if (json_object_is_type(elem, json_type_object) &&
	    json_object_object_get_ex(elem, "set", &x))
		return any_matches(c, v, x, in_named_set); /* a list, or a one-element set */
	if (v->kind == FW_VAL_SOURCE)
		return source_matches(v, elem);
	if (json_object_is_type(elem, json_type_object) &&
	    json_object_object_get_ex(elem, "range", &x))
		return range_matches(v, x);
	if (json_object_is_type(elem, json_type_object) &&
	    json_object_object_get_ex(elem, "prefix", &x)) {
		struct json_object *len;
		uint8_t a[16];

		if (v->kind != FW_VAL_ADDR || !json_read_str(x, "addr") ||
		    !json_object_object_get_ex(x, "len", &len) ||
		    !parse_addr(json_read_str(x, "addr"), v->family, a))
			return FW_MAYBE;
		return prefix_contains(a, v->addr, json_object_get_int(len), v->family) ? FW_YES
											: FW_NO;
	}
	return literal_matches(v, elem);
}

enum fw_tri fw_element_matches(const struct fw_match_ctx *c, const struct fw_value *v,
			       struct json_object *elem)
{
	return element_matches(c, v, elem, false);
}

static enum fw_tri compare_numbers(const char *op, int64_t value, struct json_object *right)
{
	int64_t r;

	if (!json_object_is_type(right, json_type_int))
		return FW_MAYBE;
	r = json_object_get_int64(right);
	if (!strcmp(op, "<"))
		return value < r ? FW_YES : FW_NO;
	if (!strcmp(op, ">"))
		return value > r ? FW_YES : FW_NO;
	if (!strcmp(op, "<="))
		return value <= r ? FW_YES : FW_NO;
	if (!strcmp(op, ">="))
		return value >= r ? FW_YES : FW_NO;
	return FW_MAYBE;
}

static bool is_iif(struct json_object *left)
{
	struct json_object *meta;
	const char *key;

	if (!json_object_object_get_ex(left, "meta", &meta))
		return false;
	key = json_read_str(meta, "key");
	return key && (!strcmp(key, "iifname") || !strcmp(key, "iif"));
}

/* A match on the incoming interface with several candidates: it decides
 * only when every interface gives the same answer; otherwise it depends on
 * where the connecting host is, as a source address does. */
static enum fw_tri match_each_iif(const struct fw_match_ctx *c, struct json_object *match,
				  char *why, size_t len)
{
	enum fw_tri result = FW_NO;

	for (size_t i = 0; i < c->packet->n_iifnames; i++) {
		struct fw_packet one = *c->packet;
		struct fw_match_ctx c1 = *c;
		enum fw_tri t;

		one.iifnames = &c->packet->iifnames[i];
		one.n_iifnames = 1;
		c1.packet = &one;
		t = fw_match(&c1, match, why, len);
		if (t == FW_MAYBE)
			return FW_MAYBE;
		if (i == 0)
			result = t;
		else if (t != result)
			result = FW_SOURCE;
	}
	if (result == FW_SOURCE)
		snprintf(why, len,
			 "it matches on the incoming interface, which depends on where "
			 "the connecting host is");
	return result;
}

enum fw_tri fw_match(const struct fw_match_ctx *c, struct json_object *match, char *why, size_t len)
{
	struct json_object *left, *right;
	const char *op = json_read_str(match, "op");
	struct fw_value v;
	enum fw_tri t;

	if (!op || !json_object_object_get_ex(match, "left", &left) ||
	    !json_object_object_get_ex(match, "right", &right)) {
		snprintf(why, len, "a match bindguard cannot read");
		return FW_MAYBE;
	}
	if (c->packet->n_iifnames > 1 && is_iif(left))
		return match_each_iif(c, match, why, len);
	fw_value_of(c->packet, left, &v);
	/* nft guards a match on a header with a check that the packet has it
	 * ("udp dport != 53" is "meta l4proto udp udp dport != 53"): without
	 * the header no match holds, != included */
	if (v.kind == FW_VAL_ABSENT)
		return FW_NO;
	if (v.kind == FW_VAL_UNKNOWN) {
		snprintf(why, len, "it matches on %s", v.desc);
		return FW_MAYBE;
	}
	if (!strcmp(op, "==") || !strcmp(op, "in") || !strcmp(op, "!="))
		t = fw_element_matches(c, &v, right);
	else if (v.kind == FW_VAL_NUM)
		t = compare_numbers(op, v.num, right);
	else
		t = FW_MAYBE;
	if (t == FW_SOURCE)
		snprintf(why, len, "it matches on %s", v.desc);
	else if (t == FW_MAYBE)
		snprintf(why, len, "it compares with '%s' in a way bindguard cannot judge", op);
	if (!strcmp(op, "!=") && (t == FW_YES || t == FW_NO))
		t = t == FW_YES ? FW_NO : FW_YES;
	return t;
}
