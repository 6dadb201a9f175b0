// SPDX-License-Identifier: GPL-2.0
/* Parsing libnftables' JSON ruleset (with json-c) into an index of chains,
 * their rules and the named sets: what the evaluator walks. */
#include "firewall/fw_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"

/* nft prints a table's flags as one string or a list of them; Debian 12's
 * nft 1.0.6 prints only their first letters ("d" for dormant). */
static bool flags_say_dormant(struct json_object *flags)
{
	if (json_object_is_type(flags, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(flags); i++)
			if (flags_say_dormant(json_object_array_get_idx(flags, i)))
				return true;
		return false;
	}
	return json_object_is_type(flags, json_type_string) &&
	       (!strcmp(json_object_get_string(flags), "dormant") ||
		!strcmp(json_object_get_string(flags), "d"));
}

static int add_table(struct fw_ruleset *rs, struct json_object *t)
{
	struct fw_table *table;
	struct json_object *flags;

	if (array_reserve(&rs->tables, &rs->tables_cap, rs->n_tables, 8))
		return -ENOMEM;
	table = &rs->tables[rs->n_tables++];
	table->family = json_read_str(t, "family");
	table->name = json_read_str(t, "name");
	table->dormant = json_object_object_get_ex(t, "flags", &flags) && flags_say_dormant(flags);
	return table->family && table->name ? 0 : -EINVAL;
}

static bool table_is_dormant(const struct fw_ruleset *rs, const char *family, const char *name)
{
	for (size_t i = 0; i < rs->n_tables; i++)
		if (!strcmp(rs->tables[i].family, family) && !strcmp(rs->tables[i].name, name))
			return rs->tables[i].dormant;
	return false;
}

static int add_chain(struct fw_ruleset *rs, struct json_object *c)
{
	struct fw_chain *ch;
	struct json_object *prio;

	if (array_reserve(&rs->chains, &rs->chains_cap, rs->n_chains, 16))
		return -ENOMEM;
	ch = &rs->chains[rs->n_chains++];
	memset(ch, 0, sizeof(*ch));
	ch->family = json_read_str(c, "family");
	ch->table = json_read_str(c, "table");
	ch->name = json_read_str(c, "name");
	ch->hook = json_read_str(c, "hook");
	ch->type = json_read_str(c, "type");
	ch->policy = json_read_str(c, "policy");
	if (json_object_object_get_ex(c, "prio", &prio))
		ch->prio = json_object_get_int(prio);
	if (!ch->family || !ch->table || !ch->name)
		return -EINVAL;
	/* libnftables lists a table before its chains */
	ch->dormant = table_is_dormant(rs, ch->family, ch->table);
	return 0;
}

struct fw_chain *fw_find_chain(const struct fw_ruleset *rs, const char *family, const char *table,
			       const char *name)
{
	for (size_t i = 0; i < rs->n_chains; i++) {
		struct fw_chain *c = &rs->chains[i];

		if (!strcmp(c->family, family) && !strcmp(c->table, table) &&
		    !strcmp(c->name, name))
			return c;
	}
	return NULL;
}

static int add_rule(struct fw_ruleset *rs, struct json_object *r)
{
	const char *family = json_read_str(r, "family"), *table = json_read_str(r, "table"),
		   *chain = json_read_str(r, "chain");
	struct json_object *expr, *handle;
	struct fw_chain *c;
	struct fw_rule *rule;

	if (!family || !table || !chain || !json_object_object_get_ex(r, "expr", &expr) ||
	    !json_object_is_type(expr, json_type_array))
		return -EINVAL;
	c = fw_find_chain(rs, family, table, chain);
	if (!c)
		return -EINVAL; /* libnftables lists a chain before its rules */
	if (array_reserve(&c->rules, &c->rules_cap, c->n_rules, 8))
		return -ENOMEM;
	rule = &c->rules[c->n_rules++];
	rule->expr = expr;
	rule->handle =
	    json_object_object_get_ex(r, "handle", &handle) ? json_object_get_int64(handle) : -1;
	return 0;
}

static int add_set(struct fw_ruleset *rs, struct json_object *s)
{
	struct fw_set *set;

	if (array_reserve(&rs->sets, &rs->sets_cap, rs->n_sets, 8))
		return -ENOMEM;
	set = &rs->sets[rs->n_sets++];
	set->family = json_read_str(s, "family");
	set->table = json_read_str(s, "table");
	set->name = json_read_str(s, "name");
	if (!json_object_object_get_ex(s, "elem", &set->elem))
		set->elem = NULL;
	return set->family && set->table && set->name ? 0 : -EINVAL;
}

static int add_item(struct fw_ruleset *rs, struct json_object *item)
{
	struct json_object *v;

	if (json_object_object_get_ex(item, "table", &v))
		return add_table(rs, v);
	if (json_object_object_get_ex(item, "chain", &v))
		return add_chain(rs, v);
	if (json_object_object_get_ex(item, "rule", &v))
		return add_rule(rs, v);
	if (json_object_object_get_ex(item, "set", &v) ||
	    json_object_object_get_ex(item, "map", &v))
		return add_set(rs, v);
	return 0; /* metainfo, flowtable, counter ... */
}

int fw_ruleset_parse(const char *json, struct fw_ruleset **out, char *err, size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	struct fw_ruleset *rs = calloc(1, sizeof(*rs));
	struct json_object *list;
	int ret = 0;

	*out = NULL;
	if (!tok || !rs) {
		ret = -ENOMEM;
		goto cleanup;
	}
	rs->root = json_tokener_parse_ex(tok, json, (int)strlen(json));
	if (!rs->root || json_tokener_get_error(tok) != json_tokener_success) {
		snprintf(err, errlen, "the ruleset is not JSON (%s at offset %zu)",
			 json_tokener_error_desc(json_tokener_get_error(tok)),
			 json_tokener_get_parse_end(tok));
		ret = -EINVAL;
		goto cleanup;
	}
	if (!json_object_object_get_ex(rs->root, "nftables", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		snprintf(err, errlen, "the ruleset has no \"nftables\" array");
		ret = -EINVAL;
		goto cleanup;
	}
	for (size_t i = 0; i < json_object_array_length(list) && !ret; i++) {
		ret = add_item(rs, json_object_array_get_idx(list, i));
		if (ret == -EINVAL)
			snprintf(err, errlen, "item %zu of the ruleset is malformed", i);
	}
cleanup:
	if (tok)
		json_tokener_free(tok);
	if (ret)
		fw_ruleset_free(rs);
	else
		*out = rs;
	return ret;
}

void fw_ruleset_free(struct fw_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n_chains; i++)
		free(rs->chains[i].rules);
	free(rs->chains);
	free(rs->sets);
	free(rs->tables);
	json_object_put(rs->root);
	free(rs);
}

/* Prerouting filter chains run before input ones; within a hook, by priority. */
static int hook_rank(const struct fw_chain *c)
{
	if (!c->hook)
		return -1;
	if (!strcmp(c->hook, "prerouting") && c->type && !strcmp(c->type, "filter"))
		return 0;
	if (!strcmp(c->hook, "input") && c->type && !strcmp(c->type, "filter"))
		return 1;
	return -1;
}

size_t fw_input_chains(const struct fw_ruleset *rs, int family, const struct fw_chain **out,
		       size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct fw_chain *c = &rs->chains[i];

		if (hook_rank(c) < 0 || c->dormant)
			continue;
		if (strcmp(c->family, "inet") && family &&
		    strcmp(c->family, family == 4 ? "ip" : "ip6"))
			continue;
		if (n < max)
			out[n] = c;
		n++;
	}
	if (n > max)
		n = max;
	/* insertion sort: a handful of chains, and ties keep listing order */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			const struct fw_chain *a = out[j - 1], *b = out[j];

			if (hook_rank(a) < hook_rank(b) ||
			    (hook_rank(a) == hook_rank(b) && a->prio <= b->prio))
				break;
			out[j - 1] = b;
			out[j] = a;
		}
	return n;
}

size_t fw_ruleset_input_chains(const struct fw_ruleset *rs)
{
	const struct fw_chain *chains[64];

	return fw_input_chains(rs, 0, chains, 64);
}

struct json_object *fw_find_set(const struct fw_ruleset *rs, const char *family, const char *table,
				const char *name)
{
	for (size_t i = 0; i < rs->n_sets; i++) {
		const struct fw_set *s = &rs->sets[i];

		if (!strcmp(s->family, family) && !strcmp(s->table, table) &&
		    !strcmp(s->name, name))
			return s->elem;
	}
	return NULL;
}
