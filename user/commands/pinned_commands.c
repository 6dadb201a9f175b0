// SPDX-License-Identifier: GPL-2.0
/* `bindguard status` and `bindguard disable`: the pinned policy, read back
 * from the kernel, and its removal. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/addr.h"
#include "commands/commands.h"
#include "enforcement/enforce_hooks.h"
#include "capture/event_format.h"
#include "lib/json.h"
#include "lib/mounts.h"
#include "lib/cgroups.h"
#include "lib/cli_options.h"
#include "enforcement/policy.h"
#include "enforcement/temporary_allow.h"
#include "lib/report.h"

static const char status_usage[] =
    "Usage: bindguard status [--json] [--pin-dir DIR]\n"
    "Show the pinned enforcement policy as the kernel holds it: mode, scope, cgroup,\n"
    "allow-lists, whether its hooks are attached, and decisions counted so far.\n"
    "Exit status: 0 a policy is in force, 1 none is, 2 an error.\n";

static const char disable_usage[] =
    "Usage: bindguard disable [--pin-dir DIR]\n"
    "Remove the pinned enforcement policy: its hooks detach at once.\n";

struct pinned_args {
	const char *pin_dir;
	bool *json; /* NULL: the command has no --json */
};

static int pinned_option(void *ctx, const struct cli_arg *a)
{
	struct pinned_args *args = ctx;

	if (a->opt == 'j')
		*args->json = true;
	else
		args->pin_dir = a->value;
	return 0;
}

/* Parses --pin-dir (and --json where json is given); returns 0,
 * CLI_HELP_SHOWN after --help, or -EINVAL after a message. */
static int parse_pinned_args(int argc, char **argv, const char *usage, char *dir, size_t len,
			     bool *json)
{
	static const struct option with_json[] = {
		{ "pin-dir", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct option pin_dir_only[] = {
		{ "pin-dir", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct pinned_args args = { .json = json };
	const struct cli_spec spec = {
		.usage = usage,
		.shortopts = json ? "j" : "",
		.longopts = json ? with_json : pin_dir_only,
		.on_option = pinned_option,
	};
	int err = cli_parse(&spec, argc, argv, &args);

	if (err)
		return err;
	/* Without root the pinned objects answer "permission denied" at best
	 * and look absent at worst: say what is missing instead. */
	if (geteuid() != 0) {
		report("needs root to reach the pinned policy in bpffs; try sudo\n");
		return -EPERM;
	}
	return resolve_pin_dir(args.pin_dir, dir, len) ? -EINVAL : 0;
}

static void describe_cgroup(uint64_t id, char *buf, size_t len)
{
	char root[4096];

	if (find_cgroup2(root, sizeof(root)) || cgroup_path_by_id(root, id, buf, len))
		snprintf(buf, len, "cgroup id %llu (no longer exists)", (unsigned long long)id);
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

static void status_text(const struct pinned_state *st, const char *dir)
{
	const struct bg_policy *p = &st->policy;
	char cg[4096], a4[ADDR_TEXT_LEN], a6[ADDR_TEXT_LEN];

	describe_cgroup(p->target_cgroup_id, cg, sizeof(cg));
	printf("pinned policy in %s\n", dir);
	printf("  in force:   %s\n", st->links == 2 ? "yes (bind4 and bind6 hooks attached)"
				     : st->links    ? "partly (one hook attached)"
						    : "NO (no hook attached)");
	printf("  mode:       %s\n", policy_mode_name(p->mode));
	printf("  scope:      %s\n", policy_scope_name(p->scope));
	printf("  cgroup:     %s\n", cg);
	printf("  rewrite to: %s, %s (IPv6-only sockets), ",
	       format_addr(AF_INET, p->rewrite4, a4, sizeof(a4)),
	       format_addr(AF_INET6, p->rewrite6, a6, sizeof(a6)));
	printf("%s (dual-stack ::)\n", dual_stack_target(p, a6, sizeof(a6)));
	printf("  allow:     ");
	if (!p->n_port_ranges && !p->n_comms && !p->n_uids && !p->n_cgroups &&
	    !p->allow_protocols && !p->host_netns_only)
		printf(" nothing");
	if (p->n_port_ranges) {
		printf(" ports");
		for (int i = 0; i < p->n_port_ranges; i++)
			if (p->ports[i].first == p->ports[i].last)
				printf("%s%u", i ? "," : " ", p->ports[i].first);
			else
				printf("%s%u-%u", i ? "," : " ", p->ports[i].first,
				       p->ports[i].last);
		printf(";");
	}
	if (p->allow_protocols)
		printf(" protocols%s%s%s;", p->allow_protocols & BG_PROTO_TCP ? " tcp" : "",
		       p->allow_protocols & BG_PROTO_UDP ? " udp" : "",
		       p->allow_protocols & BG_PROTO_OTHER ? " other" : "");
	if (p->n_comms) {
		printf(" comm");
		for (int i = 0; i < p->n_comms; i++)
			printf("%s%.*s", i ? "," : " ", BG_COMM_LEN, p->comms[i]);
		printf(";");
	}
	if (p->n_uids) {
		printf(" uids");
		for (int i = 0; i < p->n_uids; i++)
			printf("%s%u", i ? "," : " ", p->uids[i]);
		printf(";");
	}
	for (int i = 0; i < p->n_cgroups; i++) {
		describe_cgroup(p->cgroups[i].id, cg, sizeof(cg));
		printf(" cgroup %s;", cg);
	}
	if (p->host_netns_only)
		printf(" other network namespaces;");
	printf("\n");
	temporary_allows_status_text(dir);
	printf("  decisions:  allow %llu, log %llu, rewrite %llu, deny %llu\n",
	       (unsigned long long)st->counts[BG_ACTION_ALLOW],
	       (unsigned long long)st->counts[BG_ACTION_LOG],
	       (unsigned long long)st->counts[BG_ACTION_REWRITE],
	       (unsigned long long)st->counts[BG_ACTION_DENY]);
}

static void status_json(const struct pinned_state *st, const char *dir)
{
	const struct bg_policy *p = &st->policy;
	struct strbuf sb;
	struct json_object o;
	char cg[4096], a4[ADDR_TEXT_LEN], a6[ADDR_TEXT_LEN];

	strbuf_init(&sb);
	json_begin(&o, &sb);
	json_str(&o, "pin_dir", dir);
	json_bool(&o, "pinned", st->present);
	if (st->present) {
		describe_cgroup(p->target_cgroup_id, cg, sizeof(cg));
		json_bool(&o, "in_force", st->links == 2);
		json_int(&o, "hooks_attached", st->links);
		json_str(&o, "mode", policy_mode_name(p->mode));
		json_str(&o, "scope", policy_scope_name(p->scope));
		json_str(&o, "cgroup", cg);
		json_uint(&o, "cgroup_id", p->target_cgroup_id);
		json_str(&o, "rewrite4", format_addr(AF_INET, p->rewrite4, a4, sizeof(a4)));
		json_str(&o, "rewrite6", format_addr(AF_INET6, p->rewrite6, a6, sizeof(a6)));
		json_str(&o, "rewrite_dual_stack", dual_stack_target(p, a6, sizeof(a6)));
		json_key(&o, "allow_ports");
		strbuf_putc(&sb, '[');
		for (int i = 0; i < p->n_port_ranges; i++)
			strbuf_printf(&sb, "%s[%u,%u]", i ? "," : "", p->ports[i].first,
				      p->ports[i].last);
		strbuf_putc(&sb, ']');
		json_key(&o, "allow_comm");
		strbuf_putc(&sb, '[');
		for (int i = 0; i < p->n_comms; i++) {
			if (i)
				strbuf_putc(&sb, ',');
			json_string(&sb, p->comms[i], strnlen(p->comms[i], BG_COMM_LEN));
		}
		strbuf_putc(&sb, ']');
		json_key(&o, "allow_uids");
		strbuf_putc(&sb, '[');
		for (int i = 0; i < p->n_uids; i++)
			strbuf_printf(&sb, "%s%u", i ? "," : "", p->uids[i]);
		strbuf_putc(&sb, ']');
		json_bool(&o, "allow_other_netns", p->host_netns_only);
		temporary_allows_status_json(&o, dir);
		for (int a = BG_ACTION_ALLOW; a < BG_ACTION_MAX; a++) {
			char key[32];

			snprintf(key, sizeof(key), "count_%s", action_name((uint8_t)a));
			json_uint(&o, key, st->counts[a]);
		}
	}
	json_end(&o);
	printf("%s\n", strbuf_str(&sb));
	strbuf_free(&sb);
}

int cmd_status(int argc, char **argv)
{
	char dir[4096];
	bool json = false;
	struct pinned_state st;
	int err = parse_pinned_args(argc, argv, status_usage, dir, sizeof(dir), &json);

	if (err)
		return cli_exit_status(err);
	err = pinned_read(dir, &st);
	if (err) {
		report("cannot read the pinned policy in %s: %s\n", dir, strerror(-err));
		return EXIT_ERROR;
	}
	if (json)
		status_json(&st, dir);
	else if (st.present)
		status_text(&st, dir);
	else
		printf("no pinned policy in %s: bindguard is not enforcing anything persistently\n",
		       dir);
	return st.present && st.links == 2 ? 0 : EXIT_FOUND;
}

int cmd_disable(int argc, char **argv)
{
	char dir[4096];
	int removed, err = parse_pinned_args(argc, argv, disable_usage, dir, sizeof(dir), NULL);

	if (err)
		return cli_exit_status(err);
	removed = pinned_remove(dir);
	if (removed < 0) {
		report("removing the pinned policy in %s failed: %s\n", dir, strerror(-removed));
		return EXIT_ERROR;
	}
	if (removed)
		printf("removed the pinned policy in %s: enforcement is off\n", dir);
	else
		printf("no pinned policy in %s: nothing to remove\n", dir);
	return 0;
}
