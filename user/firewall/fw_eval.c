// SPDX-License-Identifier: GPL-2.0
/* Walking the input path of an nftables ruleset for one new inbound
 * connection.  Where a rule may or may not match, both outcomes are
 * followed; they agree, or the verdict is "unknown" naming the rule. */
#include "firewall/fw_match.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_BASES   32
#define MAX_DEPTH   16 /* nftables' own jump limit */
#define MAX_FORKS   64
#define ACT_WHY_LEN 128

enum action { ACT_NONE, ACT_ACCEPT, ACT_DROP, ACT_JUMP, ACT_GOTO, ACT_RETURN, ACT_UNKNOWN };

struct rule_result {
	enum fw_tri match; /* YES, NO, MAYBE or SOURCE (only source-dependent) */
	char why[160];
	enum action act;
	const char *target;
	char act_why[ACT_WHY_LEN];
	bool notrack; /* it has a notrack statement */
};

struct frame {
	const struct fw_chain *chain;
	size_t next;
};

struct path {
	size_t base; /* index into walker.bases */
	struct frame stack[MAX_DEPTH + 1];
	int depth;		    /* stack[depth] is the chain being walked */
	struct fw_verdict accepted; /* the last accept on the way */
	bool untracked;		    /* a notrack rule took it (fw_packet) */
};

struct walker {
	const struct fw_ruleset *rs;
	const struct fw_packet *p;
	const struct fw_chain *bases[MAX_BASES];
	size_t n_bases;
	int forks;
};

const char *fw_verdict_name(enum fw_verdict_kind k)
{
	switch (k) {
	case FW_EXPOSED: return "exposed";
	case FW_BLOCKED: return "blocked";
	case FW_UNKNOWN: return "unknown";
	case FW_NOT_CHECKED: return "not checked";
	}
	return "unknown";
}

static void set_verdict(struct fw_verdict *v, enum fw_verdict_kind kind, const struct fw_chain *c,
			int64_t handle, const char *reason)
{
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->handle = handle;
	if (c)
		snprintf(v->chain, sizeof(v->chain), "%s %s %s", c->family, c->table, c->name);
	snprintf(v->reason, sizeof(v->reason), "%s", reason);
}

/* --- one rule ---------------------------------------------------------------- */

static void fold_match(struct rule_result *r, enum fw_tri t, const char *why)
{
	if (t == FW_YES || r->match == FW_NO)
		return;
	if (t == FW_NO) {
		r->match = FW_NO;
		return;
	}
	if (r->match == FW_YES)
		snprintf(r->why, sizeof(r->why), "%s", why);
	r->match = (r->match == FW_MAYBE || t == FW_MAYBE) ? FW_MAYBE : FW_SOURCE;
}

static bool is_neutral(const char *key)
{
	static const char *const neutral[] = { "counter", "log", "mangle", "set",
					       "meta",	  "ct",	 "nftrace" };

	for (size_t i = 0; i < sizeof(neutral) / sizeof(neutral[0]); i++)
		if (!strcmp(key, neutral[i]))
			return true;
	return false;
}

static void verdict_action(struct rule_result *r, const char *key, struct json_object *val)
{
	if (!strcmp(key, "accept")) {
		r->act = ACT_ACCEPT;
	} else if (!strcmp(key, "drop") || !strcmp(key, "reject")) {
		r->act = ACT_DROP;
		snprintf(r->act_why, sizeof(r->act_why), "%s", key);
	} else if (!strcmp(key, "jump") || !strcmp(key, "goto")) {
		r->act = !strcmp(key, "jump") ? ACT_JUMP : ACT_GOTO;
		r->target = json_read_str(val, "target");
		if (!r->target) {
			r->act = ACT_UNKNOWN;
			snprintf(r->act_why, sizeof(r->act_why), "a %s without a target", key);
		}
	} else if (!strcmp(key, "return")) {
		r->act = ACT_RETURN;
	} else if (!strcmp(key, "continue")) {
		r->act = ACT_NONE;
	} else {
		r->act = ACT_UNKNOWN;
		snprintf(r->act_why, sizeof(r->act_why), "its statement '%s'", key);
	}
}

/* iptables-nft's own targets and matches, shown by name only */
static void xt_statement(struct rule_result *r, struct json_object *xt)
{
	const char *type = json_read_str(xt, "type"), *name = json_read_str(xt, "name");
	char why[160];

	if (type && !strcmp(type, "target") && name) {
		if (!strcmp(name, "REJECT") || !strcmp(name, "DROP")) {
			r->act = ACT_DROP;
			snprintf(r->act_why, sizeof(r->act_why), "iptables %s", name);
		} else if (!strcmp(name, "ACCEPT")) {
			r->act = ACT_ACCEPT;
		} else if (strcmp(name, "LOG") && strcmp(name, "NFLOG")) {
			r->act = ACT_UNKNOWN;
			snprintf(r->act_why, sizeof(r->act_why), "its iptables target %s", name);
		}
		return;
	}
	snprintf(why, sizeof(why),
		 "it uses the iptables extension '%s', which nftables cannot show",
		 name ? name : "?");
	fold_match(r, FW_MAYBE, why);
}

/* A verdict map ("ct state vmap { established : accept }"). */
static void vmap_statement(const struct fw_match_ctx *c, struct rule_result *r,
			   struct json_object *vmap)
{
	struct json_object *key, *data, *list;
	struct fw_value v;

	r->act = ACT_UNKNOWN;
	snprintf(r->act_why, sizeof(r->act_why), "a verdict map bindguard cannot judge");
	if (!json_object_object_get_ex(vmap, "key", &key) ||
	    !json_object_object_get_ex(vmap, "data", &data))
		return;
	fw_value_of(c->packet, key, &v);
	if (json_object_is_type(data, json_type_string) && json_object_get_string(data)[0] == '@')
		list = fw_find_set(c->rs, c->family, c->table, json_object_get_string(data) + 1);
	else if (!json_object_object_get_ex(data, "set", &list))
		return;
	if (v.kind == FW_VAL_UNKNOWN || v.kind == FW_VAL_SOURCE || !list ||
	    !json_object_is_type(list, json_type_array)) {
		if (!list)
			r->act = ACT_NONE;
		return;
	}
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *pair = json_object_array_get_idx(list, i), *vval;
		const char *vkey;
		enum fw_tri t;

		if (!json_object_is_type(pair, json_type_array) ||
		    json_object_array_length(pair) != 2)
			return;
		t = v.kind == FW_VAL_ABSENT
			? FW_NO
			: fw_element_matches(c, &v, json_object_array_get_idx(pair, 0));
		if (t == FW_NO)
			continue;
		if (t != FW_YES)
			return;
		vkey = json_read_first_member(json_object_array_get_idx(pair, 1), &vval);
		if (vkey)
			verdict_action(r, vkey, vval);
		return;
	}
	r->act = ACT_NONE;
}

static void eval_rule(const struct fw_match_ctx *c, const struct fw_rule *rule,
		      struct rule_result *r)
{
	memset(r, 0, sizeof(*r));
	r->match = FW_YES;
	for (size_t i = 0; i < json_object_array_length(rule->expr) && r->match != FW_NO; i++) {
		struct json_object *val;
		/* one key per statement */
		const char *key =
		    json_read_first_member(json_object_array_get_idx(rule->expr, i), &val);
		char why[160] = "";

		if (!key)
			fold_match(r, FW_MAYBE, "it has a statement bindguard cannot read");
		else if (!strcmp(key, "match"))
			fold_match(r, fw_match(c, val, why, sizeof(why)), why);
		else if (!strcmp(key, "limit") || !strcmp(key, "quota"))
			fold_match(r, FW_MAYBE, "it applies a rate limit or quota");
		else if (!strcmp(key, "xt"))
			xt_statement(r, val);
		else if (!strcmp(key, "vmap"))
			vmap_statement(c, r, val);
		else if (!strcmp(key, "notrack"))
			r->notrack = true;
		else if (!is_neutral(key))
			verdict_action(r, key, val);
		if (r->act != ACT_NONE)
			break; /* a verdict ends the rule */
	}
}

/* --- the path ----------------------------------------------------------------- */

static void walk(struct walker *w, struct path *pp, struct fw_verdict *out);

/* Leaves the base chain being walked with its accept: on to the next one,
 * or through.  Returns true when the walk ends here (out set). */
static bool base_accepts(struct walker *w, struct path *pp, const struct fw_chain *c,
			 int64_t handle, struct fw_verdict *out)
{
	char reason[FW_REASON_LEN];

	if (handle >= 0)
		snprintf(reason, sizeof(reason), "accepted by rule %lld of %s %s %s",
			 (long long)handle, c->family, c->table, c->name);
	else
		snprintf(reason, sizeof(reason), "accepted by the policy of %s %s %s", c->family,
			 c->table, c->name);
	set_verdict(&pp->accepted, FW_EXPOSED, c, handle, reason);
	pp->base++;
	if (pp->base >= w->n_bases) {
		*out = pp->accepted;
		return true;
	}
	pp->depth = 0;
	pp->stack[0].chain = w->bases[pp->base];
	pp->stack[0].next = 0;
	return false;
}

/* The end of a chain (or a return): back to the caller, or the base policy. */
static bool chain_ends(struct walker *w, struct path *pp, struct fw_verdict *out)
{
	const struct fw_chain *base = w->bases[pp->base];
	char reason[FW_REASON_LEN];

	if (pp->depth > 0) {
		pp->depth--;
		return false;
	}
	if (base->policy && !strcmp(base->policy, "drop")) {
		snprintf(reason, sizeof(reason), "dropped by the policy of %s %s %s", base->family,
			 base->table, base->name);
		set_verdict(out, FW_BLOCKED, base, -1, reason);
		return true;
	}
	return base_accepts(w, pp, base, -1, out);
}

/* Connection tracking takes a packet at this priority of prerouting
 * (NF_IP_PRI_CONNTRACK): a notrack before it leaves the packet untracked,
 * one after it does nothing. */
#define PRIO_CONNTRACK (-200)

/* Applies a rule's action; true when the walk ended (out set). */
static bool apply(struct walker *w, struct path *pp, const struct fw_chain *c,
		  const struct fw_rule *rule, const struct rule_result *r, struct fw_verdict *out)
{
	const struct fw_chain *base = w->bases[pp->base], *target;
	char reason[FW_REASON_LEN];

	if (r->notrack && !strcmp(base->hook, "prerouting") && base->prio < PRIO_CONNTRACK)
		pp->untracked = true;
	switch (r->act) {
	case ACT_NONE: return false;
	case ACT_ACCEPT: return base_accepts(w, pp, c, rule->handle, out);
	case ACT_RETURN: return chain_ends(w, pp, out);
	case ACT_DROP:
		snprintf(reason, sizeof(reason), "%s by rule %lld of %s %s %s",
			 strstr(r->act_why, "REJECT") || !strcmp(r->act_why, "reject") ? "rejected"
										       : "dropped",
			 (long long)rule->handle, c->family, c->table, c->name);
		set_verdict(out, FW_BLOCKED, c, rule->handle, reason);
		return true;
	case ACT_JUMP:
	case ACT_GOTO:
		target = fw_find_chain(w->rs, c->family, c->table, r->target);
		if (!target || (r->act == ACT_JUMP && pp->depth >= MAX_DEPTH)) {
			snprintf(reason, sizeof(reason), "rule %lld of %s %s %s jumps to %s, %s",
				 (long long)rule->handle, c->family, c->table, c->name, r->target,
				 target ? "too deep" : "a chain that is not there");
			set_verdict(out, FW_UNKNOWN, c, rule->handle, reason);
			return true;
		}
		if (r->act == ACT_JUMP)
			pp->depth++;
		pp->stack[pp->depth].chain = target;
		pp->stack[pp->depth].next = 0;
		return false;
	case ACT_UNKNOWN: break;
	}
	snprintf(reason, sizeof(reason), "rule %lld of %s %s %s has %s", (long long)rule->handle,
		 c->family, c->table, c->name, r->act_why);
	set_verdict(out, FW_UNKNOWN, c, rule->handle, reason);
	return true;
}

/* Both ways of a rule that may match: they agree, or the rule decides. */
static void fork_rule(struct walker *w, const struct path *pp, const struct fw_chain *c,
		      const struct fw_rule *rule, const struct rule_result *r,
		      struct fw_verdict *out)
{
	struct fw_verdict taken, skipped;
	struct path a = *pp, b = *pp;
	char reason[FW_REASON_LEN];
	size_t used;

	if (++w->forks > MAX_FORKS) {
		set_verdict(out, FW_UNKNOWN, c, rule->handle,
			    "more rules on the path than bindguard follows depend on what it "
			    "cannot judge");
		return;
	}
	if (!apply(w, &a, c, rule, r, &taken))
		walk(w, &a, &taken);
	walk(w, &b, &skipped);
	if (taken.kind == skipped.kind && taken.kind != FW_UNKNOWN) {
		*out = skipped; /* it does not depend on the rule in doubt */
		return;
	}
	if (r->match == FW_SOURCE && (taken.kind == FW_EXPOSED || skipped.kind == FW_EXPOSED)) {
		*out = taken.kind == FW_EXPOSED ? taken : skipped;
		out->some_sources = true;
		used = strlen(out->reason);
		snprintf(out->reason + used, sizeof(out->reason) - used,
			 ", for some hosts only: at rule %lld of %s %s %s %s",
			 (long long)rule->handle, c->family, c->table, c->name, r->why);
		return;
	}
	snprintf(reason, sizeof(reason), "rule %lld of %s %s %s decides, and %s",
		 (long long)rule->handle, c->family, c->table, c->name, r->why);
	set_verdict(out, FW_UNKNOWN, c, rule->handle, reason);
}

static void walk(struct walker *w, struct path *pp, struct fw_verdict *out)
{
	for (;;) {
		struct frame *f = &pp->stack[pp->depth];
		const struct fw_chain *c = f->chain;
		struct fw_packet packet = *w->p;
		struct fw_match_ctx mc = { w->rs, &packet, c->family, c->table };
		const struct fw_rule *rule;
		struct rule_result r;

		packet.untracked = pp->untracked;
		if (f->next >= c->n_rules) {
			if (chain_ends(w, pp, out))
				return;
			continue;
		}
		rule = &c->rules[f->next++];
		eval_rule(&mc, rule, &r);
		if (r.match == FW_NO || (r.act == ACT_NONE && !r.notrack))
			continue;
		if (r.match != FW_YES) {
			fork_rule(w, pp, c, rule, &r, out);
			return;
		}
		if (apply(w, pp, c, rule, &r, out))
			return;
	}
}

void fw_evaluate(const struct fw_ruleset *rs, const struct fw_packet *p, struct fw_verdict *out)
{
	struct walker w = { .rs = rs, .p = p };
	struct path path = { 0 };

	w.n_bases = fw_input_chains(rs, p->family == AF_INET ? 4 : 6, w.bases, MAX_BASES);
	if (!w.n_bases) {
		set_verdict(out, FW_EXPOSED, NULL, -1, "no nftables chain on the input path");
		return;
	}
	path.stack[0].chain = w.bases[0];
	walk(&w, &path, out);
}

void fw_verdict_merge(struct fw_verdict *acc, const struct fw_verdict *v, bool first)
{
	static const int rank[] = {
		[FW_BLOCKED] = 0, [FW_UNKNOWN] = 1, [FW_NOT_CHECKED] = 2, [FW_EXPOSED] = 3
	};

	if (first || rank[v->kind] > rank[acc->kind])
		*acc = *v;
}
