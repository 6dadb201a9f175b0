/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the firewall evaluator: one match expression (libnftables JSON)
 * against a new inbound connection. */
#ifndef BINDGUARD_FW_MATCH_H
#define BINDGUARD_FW_MATCH_H

#include "firewall/fw_internal.h"

enum fw_tri {
	FW_NO,
	FW_YES,
	FW_MAYBE,  /* beyond judgement */
	FW_SOURCE, /* depends on the source address or port: some hosts match */
};

enum fw_value_kind {
	FW_VAL_UNKNOWN, /* a key bindguard does not evaluate */
	FW_VAL_ABSENT,	/* the packet has no such field (ip saddr of an IPv6 packet) */
	FW_VAL_NUM,
	FW_VAL_STR,
	FW_VAL_ADDR,
	FW_VAL_SOURCE,	/* whatever the connecting host chooses */
	FW_VAL_PRESENT, /* a lookup that finds something (fib ... oif: not "missing") */
};

struct fw_value {
	enum fw_value_kind kind;
	int64_t num;
	const char *str; /* FW_VAL_STR, or the name of a FW_VAL_NUM (l4proto "tcp") */
	int family;
	uint8_t addr[16];
	char desc[96]; /* FW_VAL_UNKNOWN and FW_VAL_SOURCE: what it is */
};

struct fw_match_ctx {
	const struct fw_ruleset *rs;
	const struct fw_packet *packet;
	const char *family, *table; /* of the rule: where @set names are looked up */
};

void fw_value_of(const struct fw_packet *p, struct json_object *left, struct fw_value *v);
/* Does v equal, or lie in, the right-hand side (literal, range, prefix,
 * anonymous or named set)? */
enum fw_tri fw_element_matches(const struct fw_match_ctx *c, const struct fw_value *v,
			       struct json_object *elem);
/* One {"match": ...}; why gets a sentence fragment when not YES/NO. */
enum fw_tri fw_match(const struct fw_match_ctx *c, struct json_object *match, char *why,
		     size_t len);

#endif
