/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the firewall evaluator: the parsed ruleset (json-c objects) that
 * fw_ruleset.c builds and fw_eval.c walks.  Not for other folders: json-c's
 * struct json_object is not lib/json.h's. */
#ifndef BINDGUARD_FW_INTERNAL_H
#define BINDGUARD_FW_INTERNAL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firewall/fw_eval.h"
#include "lib/json_read.h"

struct fw_rule {
	struct json_object *expr; /* the rule's statements */
	int64_t handle;
};

struct fw_chain {
	const char *family, *table, *name; /* point into the JSON tree */
	const char *hook, *type, *policy;  /* NULL for a regular chain */
	int prio;
	bool dormant; /* its table is: no packet sees it */
	struct fw_rule *rules;
	size_t n_rules, rules_cap;
};

struct fw_set {
	const char *family, *table, *name;
	struct json_object *elem; /* NULL: empty */
};

struct fw_table {
	const char *family, *name;
	bool dormant;
};

struct fw_ruleset {
	struct json_object *root;
	struct fw_table *tables;
	size_t n_tables, tables_cap;
	struct fw_chain *chains;
	size_t n_chains, chains_cap;
	struct fw_set *sets;
	size_t n_sets, sets_cap;
};

struct fw_chain *fw_find_chain(const struct fw_ruleset *rs, const char *family, const char *table,
			       const char *name);
struct json_object *fw_find_set(const struct fw_ruleset *rs, const char *family, const char *table,
				const char *name);
/* The base chains an inbound packet of family (4, 6; 0: any) passes, in
 * order: prerouting filter chains, then input ones, each by priority. */
size_t fw_input_chains(const struct fw_ruleset *rs, int family, const struct fw_chain **out,
		       size_t max);

#endif
