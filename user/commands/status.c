// SPDX-License-Identifier: GPL-2.0
/* `bindguard status`: what the kernel enforces through the pinned policy,
 * read from the attached programs, and every other bindguard hook found. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "capture/event_format.h"
#include "commands/commands.h"
#include "commands/pinned_options.h"
#include "enforcement/attached_hooks.h"
#include "enforcement/pin_store.h"
#include "enforcement/policy.h"
#include "enforcement/temporary_allow.h"
#include "lib/addr.h"
#include "lib/cgroups.h"
#include "lib/json.h"
#include "lib/mounts.h"
#include "lib/cli_options.h"
#include "lib/report.h"
#include "lib/strbuf.h"
#include "lib/term_safe.h"

static const char status_usage[] =
    "Usage: bindguard status [--json] [--pin-dir DIR]\n"
    "Show the pinned enforcement policy as the kernel runs it: mode, scope, cgroup,\n"
    "allow-lists, whether its hooks are attached, decisions counted so far, and any\n"
    "other bindguard hook attached on this machine that the pins do not account for.\n"
    "Exit status: 0 a policy is in force, 1 none is (or only part of one), 2 an error.\n";

/* The hooks of this pin dir, and the other ones the census found. */
struct status_view {
	const char *dir;
	struct pinned_state st;
	struct hook_census census;
	bool census_ok;
};

static void describe_cgroup(uint64_t id, char *buf, size_t len)
{
	char root[4096];

	if (find_cgroup2(root, sizeof(root)) || cgroup_path_by_id(root, id, buf, len))
		snprintf(buf, len, "cgroup id %llu (no longer exists)", (unsigned long long)id);
}

/* A name the hook can match (enforce.bpf.c: a NUL in the last byte) and
 * a directory can have: what bindguard wrote, unless the map was changed. */
static bool matchable_name(const char *name, int n)
{
	return n > 0 && n < BG_CGROUP_NAME_LEN && !memchr(name, '/', n) &&
	       !(n == 1 && name[0] == '.') && !(n == 2 && !memcmp(name, "..", 2));
}

/* Where an allowed cgroup whose id is gone is matched now: under its
 * parent, by its name (enforce.bpf.c).  0 and the path when a cgroup is
 * there, -ENOENT and the path where one would be, -ESRCH when nothing can
 * match (the parent is gone too, or the name is none the hook matches). */
static int allowed_place(const char *root, const struct bg_cgroup_allow *a, char *path, size_t len)
{
	int n = (int)strnlen(a->name, BG_CGROUP_NAME_LEN);
	char parent[4096];
	struct stat st;

	if (!a->level || !matchable_name(a->name, n) ||
	    cgroup_path_by_id(root, a->parent_id, parent, sizeof(parent)))
		return -ESRCH;
	snprintf(path, len, "%s/%.*s", parent, n, a->name);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -ENOENT;
}

/* What status says of an allowed cgroup: its path while its id exists,
 * else how it is matched by name; by_name: the cgroup matched so now, "". */
struct allowed_view {
	char text[4400];
	char by_name[4200];
};

static void view_allowed_cgroup(const struct bg_cgroup_allow *a, struct allowed_view *v)
{
	unsigned long long id = a->id;
	char root[4096], place[4200];
	int found;

	v->by_name[0] = '\0';
	if (find_cgroup2(root, sizeof(root)) || !a->level) {
		describe_cgroup(a->id, v->text, sizeof(v->text));
		return;
	}
	if (!cgroup_path_by_id(root, a->id, v->text, sizeof(v->text)))
		return;
	found = allowed_place(root, a, place, sizeof(place));
	if (!found) {
		snprintf(v->text, sizeof(v->text),
			 "cgroup id %llu (no longer exists; matched by name: %s)", id, place);
		snprintf(v->by_name, sizeof(v->by_name), "%s", place);
	} else if (found == -ENOENT) {
		snprintf(v->text, sizeof(v->text),
			 "cgroup id %llu (no longer exists; matches %s when it is made again)", id,
			 place);
	} else {
		snprintf(v->text, sizeof(v->text),
			 "cgroup id %llu (no longer exists, nor does its parent: nothing matches "
			 "it any more)",
			 id);
	}
}

/* All zero in the map means ::ffff:<rewrite4> (enforce.bpf.c). */
static const char *dual_stack_target(const struct bg_policy *p, char *buf, size_t len)
{
	static const uint8_t zero[16];
	uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff };

	if (memcmp(p->rewrite_dual, zero, 16))
		return format_addr(AF_INET6, p->rewrite_dual, buf, len);
	memcpy(mapped + 12, p->rewrite4, 4);
	return format_addr(AF_INET6, mapped, buf, len);
}

static const char *hook_name(int family)
{
	return family == AF_INET6 ? "bind6" : "bind4";
}

/* Whether a census entry is one of this pin dir's hooks. */
static bool pinned_here(const struct status_view *v, const struct attached_hook *h)
{
	for (int i = 0; i < 2; i++)
		if (v->st.link_cgroup_id[i] && v->st.hooks[i].link_id == h->link_id)
			return true;
	for (int i = 0; i < v->st.n_strays; i++)
		if (v->st.strays[i].is_hook && v->st.strays[i].hook.link_id == h->link_id)
			return true;
	return false;
}

/* The headline: what the kernel runs, the committed hooks and the staged
 * ones an interrupted pin left attached alike (found by review: "NO" while
 * a staged hook denied binds, "hooks left behind" when only a map was). */
static void in_force_text(const struct pinned_state *st, char *buf, size_t len)
{
	int stray_hooks = 0;

	for (int i = 0; i < st->n_strays; i++)
		stray_hooks += st->strays[i].is_hook;
	if (pinned_consistent(st))
		snprintf(buf, len, "yes (bind4 and bind6 hooks attached)");
	else if (st->policies_differ)
		snprintf(buf, len,
			 "MIXED: bind4 and bind6 run different policies (an interrupted "
			 "`enforce --pin`: run it again, or `disable`)");
	else if (st->links == 2 && st->link_cgroup_id[0] != st->link_cgroup_id[1])
		snprintf(buf, len, "MIXED: bind4 and bind6 are attached to different cgroups");
	else if (st->links == 2)
		snprintf(buf, len, "yes, but an interrupted pin left %s behind (below)",
			 stray_hooks ? "more hooks" : "pins");
	else if (stray_hooks)
		snprintf(buf, len,
			 "PARTLY: %s, and %d hook%s an interrupted pin left attached (below): "
			 "run `enforce --pin` again, or `disable`",
			 st->links ? "one committed hook" : "no committed hook", stray_hooks,
			 stray_hooks == 1 ? "" : "s");
	else
		snprintf(buf, len, "%s",
			 st->links ? "partly (one hook attached)" : "NO (no hook attached)");
}

static void print_allow(FILE *out, const struct bg_policy *p)
{
	struct allowed_view cg;
	struct strbuf sb;

	strbuf_init(&sb);
	if (p->n_port_ranges) {
		strbuf_puts(&sb, "; ports");
		for (int i = 0; i < p->n_port_ranges; i++)
			if (p->ports[i].first == p->ports[i].last)
				strbuf_printf(&sb, "%s%u", i ? "," : " ", p->ports[i].first);
			else
				strbuf_printf(&sb, "%s%u-%u", i ? "," : " ", p->ports[i].first,
					      p->ports[i].last);
	}
	if (p->allow_protocols)
		strbuf_printf(&sb, "; protocols%s%s%s",
			      p->allow_protocols & BG_PROTO_TCP ? " tcp" : "",
			      p->allow_protocols & BG_PROTO_UDP ? " udp" : "",
			      p->allow_protocols & BG_PROTO_OTHER ? " other" : "");
	if (p->n_comms) {
		strbuf_puts(&sb, "; comm");
		for (int i = 0; i < p->n_comms; i++) {
			char name[4 * BG_COMM_LEN + 1];

			*format_comm(name, p->comms[i], 0) = '\0';
			strbuf_printf(&sb, "%s%s", i ? "," : " ", name);
		}
	}
	if (p->n_uids) {
		strbuf_puts(&sb, "; uids");
		for (int i = 0; i < p->n_uids; i++)
			strbuf_printf(&sb, "%s%u", i ? "," : " ", p->uids[i]);
	}
	for (int i = 0; i < p->n_cgroups; i++) {
		view_allowed_cgroup(&p->cgroups[i], &cg);
		/* a path, or "cgroup id N (...)" that says cgroup itself */
		strbuf_printf(&sb, "; %s%s", strncmp(cg.text, "cgroup ", 7) ? "cgroup " : "",
			      cg.text);
	}
	if (p->host_netns_only)
		strbuf_puts(&sb, "; other network namespaces");
	/* "; " joins the items: the first one's is left out */
	fprintf(out, "allow:      %s\n", sb.len ? strbuf_str(&sb) + 2 : "nothing");
	strbuf_free(&sb);
}

static void print_hook_line(FILE *out, const char *prefix, const struct attached_hook *h)
{
	char cg[4096];

	describe_cgroup(h->cgroup_id, cg, sizeof(cg));
	fprintf(out, "%s%s hook on %s: mode %s (program %u, link %u)", prefix, hook_name(h->family),
		cg, h->prog.have_policy ? policy_mode_name(h->prog.policy.mode) : "?",
		h->prog.prog_id, h->link_id);
}

static void print_others(FILE *out, const struct status_view *v)
{
	bool header = false;

	for (size_t i = 0; i < v->census.n; i++) {
		const struct attached_hook *h = &v->census.hooks[i];

		if (pinned_here(v, h))
			continue;
		if (!header)
			fprintf(out, "other bindguard hooks attached on this machine:\n");
		header = true;
		print_hook_line(out, "  ", h);
		if (h->pinned_at[0])
			fprintf(out, ", pinned at %s\n", h->pinned_at);
		else if (h->holder)
			fprintf(out, ", no pin: held by process %d (%s), a live `enforce`\n",
				(int)h->holder, h->holder_comm);
		else
			fprintf(out, ", no pin and no process found that holds it\n");
	}
}

/* One hook's policy; indent: "  " for the policy, deeper under a hook's name. */
static void print_policy_fields(FILE *out, const struct bg_policy *p, const char *indent)
{
	char cg[4096], a4[ADDR_TEXT_LEN], a6[ADDR_TEXT_LEN];

	describe_cgroup(p->target_cgroup_id, cg, sizeof(cg));
	fprintf(out, "%smode:       %s\n", indent, policy_mode_name(p->mode));
	fprintf(out, "%sscope:      %s\n", indent, policy_scope_name(p->scope));
	fprintf(out, "%scgroup:     %s\n", indent, cg);
	fprintf(out, "%srewrite to: %s, %s (IPv6-only sockets), ", indent,
		format_addr(AF_INET, p->rewrite4, a4, sizeof(a4)),
		format_addr(AF_INET6, p->rewrite6, a6, sizeof(a6)));
	fprintf(out, "%s (dual-stack ::)\n", dual_stack_target(p, a6, sizeof(a6)));
	fprintf(out, "%s", indent);
	print_allow(out, p);
}

static void print_policy(FILE *out, const struct pinned_state *st, const char *dir)
{
	/* in a mixed state each hook's whole policy: what one lets through
	 * may be what the other denies */
	if (st->policies_differ) {
		fprintf(out, "  bind4 hook's policy:\n");
		print_policy_fields(out, &st->policy, "    ");
		fprintf(out, "  bind6 hook's policy:\n");
		print_policy_fields(out, &st->policy6, "    ");
	} else {
		print_policy_fields(out, &st->policy, "  ");
	}
	temporary_allows_status_text(out, dir);
	fprintf(out, "  decisions:  allow %llu, log %llu, rewrite %llu, deny %llu\n",
		(unsigned long long)st->counts[BG_ACTION_ALLOW],
		(unsigned long long)st->counts[BG_ACTION_LOG],
		(unsigned long long)st->counts[BG_ACTION_REWRITE],
		(unsigned long long)st->counts[BG_ACTION_DENY]);
	fprintf(out,
		"  not logged: %llu (interventions the full record could not keep; "
		"`bindguard log` empties it)\n",
		(unsigned long long)st->log_lost);
}

static void status_text(FILE *out, const struct status_view *v)
{
	const struct pinned_state *st = &v->st;
	const struct bg_policy *p = &st->policy;
	char in_force[256];

	in_force_text(st, in_force, sizeof(in_force));
	fprintf(out, "pinned policy in %s\n", v->dir);
	fprintf(out, "  in force:   %s\n", in_force);
	if (st->policy_unreadable)
		fprintf(out,
			"  policy:     unreadable: another version of bindguard pinned it, in a "
			"layout this one does not know, or it was changed since (`enforce --pin` "
			"replaces it, `disable` removes it)\n");
	if (p->mode) /* else no hook and no policy: only leftovers */
		print_policy(out, st, v->dir);
	for (int i = 0; i < 2; i++)
		if (st->link_cgroup_id[i]) {
			print_hook_line(out, "  hook:       ", &st->hooks[i]);
			fprintf(out, "\n");
		}
	for (int i = 0; i < st->n_strays; i++) {
		if (st->strays[i].foreign) {
			fprintf(out,
				"  not ours:   %s/%s (pinned there by another program; `disable` "
				"removes it with the directory)\n",
				v->dir, st->strays[i].name);
			continue;
		}
		fprintf(out, "  left over:  %s/%s", v->dir, st->strays[i].name);
		if (st->strays[i].is_hook)
			print_hook_line(out, ": ", &st->strays[i].hook);
		fprintf(out, " (an interrupted `enforce --pin`: run it again, or `disable`)\n");
	}
}

static void json_hook(struct strbuf *sb, const struct attached_hook *h, const char *name)
{
	struct json_object o;
	char cg[4096];

	describe_cgroup(h->cgroup_id, cg, sizeof(cg));
	json_begin(&o, sb);
	if (name)
		json_str(&o, "pin", name);
	json_str(&o, "hook", hook_name(h->family));
	json_str(&o, "cgroup", cg);
	json_uint(&o, "cgroup_id", h->cgroup_id);
	json_str(&o, "mode", h->prog.have_policy ? policy_mode_name(h->prog.policy.mode) : "?");
	json_uint(&o, "prog_id", h->prog.prog_id);
	json_uint(&o, "link_id", h->link_id);
	if (!name) {
		if (h->pinned_at[0])
			json_str(&o, "pinned_at", h->pinned_at);
		else
			json_null(&o, "pinned_at");
		json_int(&o, "held_by_pid", h->holder);
	}
	json_end(&o);
}

static void json_hooks(struct json_object *o, const struct status_view *v)
{
	const struct pinned_state *st = &v->st;
	int n = 0;

	json_key(o, "hooks");
	strbuf_putc(o->sb, '[');
	for (int i = 0; i < 2; i++)
		if (st->link_cgroup_id[i]) {
			if (n++)
				strbuf_putc(o->sb, ',');
			json_hook(o->sb, &st->hooks[i], pin_link_names[i]);
		}
	strbuf_putc(o->sb, ']');
	for (int foreign = 0; foreign < 2; foreign++) {
		json_key(o, foreign ? "not_ours" : "left_over");
		strbuf_putc(o->sb, '[');
		n = 0;
		for (int i = 0; i < st->n_strays; i++) {
			const struct pinned_stray *s = &st->strays[i];

			if (s->foreign != foreign)
				continue;
			if (n++)
				strbuf_putc(o->sb, ',');
			if (s->is_hook)
				json_hook(o->sb, &s->hook, s->name);
			else
				json_string(o->sb, s->name, strlen(s->name));
		}
		strbuf_putc(o->sb, ']');
	}
	json_key(o, "other_hooks");
	strbuf_putc(o->sb, '[');
	n = 0;
	for (size_t i = 0; i < v->census.n; i++) {
		if (pinned_here(v, &v->census.hooks[i]))
			continue;
		if (n++)
			strbuf_putc(o->sb, ',');
		json_hook(o->sb, &v->census.hooks[i], NULL);
	}
	strbuf_putc(o->sb, ']');
}

static void json_allow(struct json_object *o, const struct bg_policy *p)
{
	static const struct {
		unsigned bit;
		const char *name;
	} protos[] = { { BG_PROTO_TCP, "tcp" },
		       { BG_PROTO_UDP, "udp" },
		       { BG_PROTO_OTHER, "other" } };
	struct strbuf *sb = o->sb;
	int n = 0;

	json_key(o, "allow_ports");
	strbuf_putc(sb, '[');
	for (int i = 0; i < p->n_port_ranges; i++)
		strbuf_printf(sb, "%s[%u,%u]", i ? "," : "", p->ports[i].first, p->ports[i].last);
	strbuf_putc(sb, ']');
	json_key(o, "allow_protocols");
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (p->allow_protocols & protos[i].bit)
			strbuf_printf(sb, "%s\"%s\"", n++ ? "," : "", protos[i].name);
	strbuf_putc(sb, ']');
	json_key(o, "allow_comm");
	strbuf_putc(sb, '[');
	for (int i = 0; i < p->n_comms; i++) {
		if (i)
			strbuf_putc(sb, ',');
		json_string(sb, p->comms[i], strnlen(p->comms[i], BG_COMM_LEN));
	}
	strbuf_putc(sb, ']');
	json_key(o, "allow_uids");
	strbuf_putc(sb, '[');
	for (int i = 0; i < p->n_uids; i++)
		strbuf_printf(sb, "%s%u", i ? "," : "", p->uids[i]);
	strbuf_putc(sb, ']');
	json_key(o, "allow_cgroups");
	strbuf_putc(sb, '[');
	for (int i = 0; i < p->n_cgroups; i++) {
		const struct bg_cgroup_allow *a = &p->cgroups[i];
		struct allowed_view view;
		struct json_object c;

		if (i)
			strbuf_putc(sb, ',');
		view_allowed_cgroup(a, &view);
		json_begin(&c, sb);
		json_str(&c, "cgroup", view.text);
		json_uint(&c, "cgroup_id", a->id);
		json_uint(&c, "parent_id", a->parent_id);
		json_strn(&c, "name", a->name, strnlen(a->name, BG_CGROUP_NAME_LEN));
		if (view.by_name[0])
			json_str(&c, "matched_by_name", view.by_name);
		else
			json_null(&c, "matched_by_name");
		json_end(&c);
	}
	strbuf_putc(sb, ']');
	json_bool(o, "allow_other_netns", p->host_netns_only);
}

/* One hook's policy, as members of o. */
static void json_policy(struct json_object *o, const struct bg_policy *p)
{
	char cg[4096], a4[ADDR_TEXT_LEN], a6[ADDR_TEXT_LEN];

	describe_cgroup(p->target_cgroup_id, cg, sizeof(cg));
	json_str(o, "mode", policy_mode_name(p->mode));
	json_str(o, "scope", policy_scope_name(p->scope));
	json_str(o, "cgroup", cg);
	json_uint(o, "cgroup_id", p->target_cgroup_id);
	json_str(o, "rewrite4", format_addr(AF_INET, p->rewrite4, a4, sizeof(a4)));
	json_str(o, "rewrite6", format_addr(AF_INET6, p->rewrite6, a6, sizeof(a6)));
	json_str(o, "rewrite_dual_stack", dual_stack_target(p, a6, sizeof(a6)));
	json_allow(o, p);
}

static void status_json(const struct status_view *v)
{
	const struct pinned_state *st = &v->st;
	struct strbuf sb;
	struct json_object o;

	strbuf_init(&sb);
	json_begin(&o, &sb);
	json_str(&o, "pin_dir", v->dir);
	json_bool(&o, "pinned", st->present);
	json_bool(&o, "in_force", pinned_consistent(st));
	json_int(&o, "hooks_attached", st->links);
	if (st->present) {
		json_bool(&o, "mixed", st->policies_differ);
		json_bool(&o, "policy_readable", !st->policy_unreadable);
		json_policy(&o, &st->policy);
		/* bind4's policy above; in a mixed state, bind6's whole one too */
		if (st->policies_differ) {
			struct json_object b6;

			json_key(&o, "bind6_policy");
			json_begin(&b6, o.sb);
			json_policy(&b6, &st->policy6);
			json_end(&b6);
			json_str(&o, "mode_bind6", policy_mode_name(st->policy6.mode));
		}
		temporary_allows_status_json(&o, v->dir);
		for (int a = BG_ACTION_ALLOW; a < BG_ACTION_MAX; a++) {
			char key[32];

			snprintf(key, sizeof(key), "count_%s", action_name((uint8_t)a));
			json_uint(&o, key, st->counts[a]);
		}
		json_uint(&o, "interventions_lost", st->log_lost);
	}
	json_hooks(&o, v);
	json_end(&o);
	printf("%s\n", strbuf_str(&sb));
	strbuf_free(&sb);
}

/* Cgroup names, process names and the pin directory come from other
 * users: the whole report is escaped once, as audit's is. */
static void print_text_report(const struct status_view *v)
{
	struct strbuf sb;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out) {
		report("cannot build the report: %s\n", strerror(errno));
		return;
	}
	if (v->st.present)
		status_text(out, v);
	else
		fprintf(
		    out,
		    "no pinned policy in %s: bindguard is not enforcing anything persistently\n",
		    v->dir);
	print_others(out, v);
	fclose(out);
	strbuf_init(&sb);
	term_safe_append(&sb, text ? text : "", len, false);
	fputs(strbuf_str(&sb), stdout);
	strbuf_free(&sb);
	free(text);
}

int cmd_status(int argc, char **argv)
{
	struct status_view v = { 0 };
	char dir[4096];
	bool json = false;
	int err = parse_pinned_args(argc, argv, status_usage, dir, sizeof(dir), &json);

	if (err)
		return cli_exit_status(err);
	v.dir = dir;
	err = pinned_read(dir, &v.st);
	if (err) {
		report("cannot read the pinned policy in %s: %s\n", dir, strerror(-err));
		return EXIT_ERROR;
	}
	err = hook_census_take(&v.census);
	if (err)
		report("note: cannot look for other bindguard hooks on this machine: "
		       "%s\n",
		       strerror(-err));
	if (json)
		status_json(&v);
	else
		print_text_report(&v);
	hook_census_free(&v.census);
	return pinned_consistent(&v.st) ? 0 : EXIT_FOUND;
}
