// SPDX-License-Identifier: GPL-2.0
/* One read-only powershell.exe run (ConvertTo-Json), parsed with json-c,
 * and the Hyper-V firewall's verdict for a Linux port in mirrored mode. */
#include "wsl/windows_query.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wsl/windows_advice.h"
#include "wsl/wsl_host.h"

#define ANSWER_MAX (512 * 1024)

/* Every value as a string ("$(...)"), so enums arrive by name. */
const char windows_query_script[] =
    "$ErrorActionPreference='Stop'; $r=[ordered]@{};"
    "try { $s=Get-NetFirewallHyperVVMSetting -PolicyStore ActiveStore -Name '" WSL_VM_CREATOR_ID
    "'; $r.setting=[ordered]@{Enabled=\"$($s.Enabled)\";"
    "DefaultInboundAction=\"$($s.DefaultInboundAction)\";"
    "AllowHostPolicyMerge=\"$($s.AllowHostPolicyMerge)\"} }"
    " catch { $r.setting_error=\"$($_.Exception.Message)\" };"
    "try { $r.rules=@(Get-NetFirewallHyperVRule -VMCreatorId '" WSL_VM_CREATOR_ID
    "' | Where-Object { \"$($_.Direction)\" -eq 'Inbound' } | ForEach-Object {"
    " [ordered]@{Name=\"$($_.Name)\";Enabled=\"$($_.Enabled)\";Action=\"$($_.Action)\";"
    "Protocol=\"$($_.Protocol)\";LocalPorts=\"$($_.LocalPorts -join ',')\"} }) }"
    " catch { $r.rules_error=\"$($_.Exception.Message)\" };"
    "try { $r.listeners=@(Get-NetTCPConnection -State Listen | ForEach-Object {"
    " [ordered]@{LocalAddress=\"$($_.LocalAddress)\";LocalPort=[int]$_.LocalPort;"
    "OwningProcess=[int]$_.OwningProcess} }) }"
    " catch { $r.listeners_error=\"$($_.Exception.Message)\" };"
    "$r | ConvertTo-Json -Depth 4 -Compress";

static void copy_member(struct json_object *o, const char *key, char *out, size_t len)
{
	struct json_object *v;

	out[0] = '\0';
	if (o && json_object_object_get_ex(o, key, &v) && !json_object_is_type(v, json_type_null))
		snprintf(out, len, "%s", json_object_get_string(v));
}

static bool truthy(const char *text)
{
	return !strcasecmp(text, "true") || !strcmp(text, "1");
}

/* ConvertTo-Json writes a one-element array as the element itself. */
static size_t list_length(struct json_object *v)
{
	if (!v || json_object_is_type(v, json_type_null))
		return 0;
	return json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 1;
}

static struct json_object *list_item(struct json_object *v, size_t i)
{
	return json_object_is_type(v, json_type_array) ? json_object_array_get_idx(v, i) : v;
}

static void parse_rules(struct json_object *rules, struct windows_answer *out)
{
	for (size_t i = 0; i < list_length(rules) && out->n_rules < WINDOWS_MAX_RULES; i++) {
		struct json_object *r = list_item(rules, i);
		struct windows_rule *w = &out->rules[out->n_rules++];
		char text[32];

		copy_member(r, "Name", w->name, sizeof(w->name));
		copy_member(r, "Enabled", text, sizeof(text));
		w->enabled = truthy(text);
		copy_member(r, "Action", text, sizeof(text));
		w->allow = !strcasecmp(text, "Allow");
		copy_member(r, "Protocol", w->protocol, sizeof(w->protocol));
		copy_member(r, "LocalPorts", w->ports, sizeof(w->ports));
	}
}

static void parse_listeners(struct json_object *list, struct windows_answer *out)
{
	for (size_t i = 0; i < list_length(list) && out->n_listeners < WINDOWS_MAX_LISTENERS; i++) {
		struct json_object *l = list_item(list, i), *v;
		struct windows_listener *w = &out->listeners[out->n_listeners++];

		copy_member(l, "LocalAddress", w->addr, sizeof(w->addr));
		if (json_object_object_get_ex(l, "LocalPort", &v))
			w->port = (uint16_t)json_object_get_int(v);
		if (json_object_object_get_ex(l, "OwningProcess", &v))
			w->pid = (uint32_t)json_object_get_int(v);
	}
}

int windows_answer_parse(const char *json, struct windows_answer *out, char *err, size_t len)
{
	struct json_object *root, *v;
	char text[32];

	memset(out, 0, sizeof(*out));
	root = json_tokener_parse(json);
	if (!root || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		snprintf(err, len, "Windows answered with something that is not a JSON object");
		return -EINVAL;
	}
	if (json_object_object_get_ex(root, "setting", &v) &&
	    json_object_is_type(v, json_type_object)) {
		out->have_setting = true;
		copy_member(v, "Enabled", text, sizeof(text));
		out->enabled = truthy(text);
		copy_member(v, "DefaultInboundAction", out->default_inbound,
			    sizeof(out->default_inbound));
		copy_member(v, "AllowHostPolicyMerge", out->allow_host_merge,
			    sizeof(out->allow_host_merge));
	}
	copy_member(root, "setting_error", out->setting_error, sizeof(out->setting_error));
	copy_member(root, "rules_error", out->rules_error, sizeof(out->rules_error));
	copy_member(root, "listeners_error", out->listeners_error, sizeof(out->listeners_error));
	if (json_object_object_get_ex(root, "rules", &v))
		parse_rules(v, out);
	if (json_object_object_get_ex(root, "listeners", &v))
		parse_listeners(v, out);
	json_object_put(root);
	if (!out->have_setting && !out->setting_error[0]) {
		snprintf(err, len, "Windows' answer has neither the Hyper-V setting nor an error");
		return -EINVAL;
	}
	return 0;
}

/* PATH first, then each Windows drive's System32. */
static int powershell_locate(const char *sysroot, char *path, size_t len)
{
	char drives[8][256], c_drive[PATH_MAX], root[256], copy[4096], *save = NULL, *dir;
	const char *env = getenv("PATH");
	size_t n;

	snprintf(copy, sizeof(copy), "%s", env ? env : "");
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, len, "%.3000s/powershell.exe", dir);
		if (access(path, X_OK) == 0)
			return 0;
	}
	n = wsl_windows_drives(sysroot, drives, 8, c_drive, sizeof(c_drive), root, sizeof(root));
	for (size_t i = 0; i <= n; i++) {
		snprintf(path, len,
			 "%s%.1000s/Windows/System32/WindowsPowerShell/v1.0/powershell.exe",
			 sysroot ? sysroot : "", i < n ? drives[i] : c_drive);
		if (access(path, X_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

static int run_failure(int ret, const char *out, int timeout_ms, char *err, size_t len)
{
	if (ret == -ETIMEDOUT)
		snprintf(err, len, "powershell.exe did not answer within %d s", timeout_ms / 1000);
	else if (ret < 0)
		snprintf(err, len, "powershell.exe could not be run (%s)", strerror(-ret));
	else if (ret == 127)
		snprintf(err, len, "powershell.exe could not be started (is Windows interop off?)");
	else if (ret)
		snprintf(err, len, "powershell.exe failed with exit status %d", ret);
	else if (!out[strspn(out, " \t\r\n")])
		snprintf(err, len, "powershell.exe printed nothing");
	else
		return 0;
	return ret < 0 ? ret : -EIO;
}

int windows_query_run(const char *sysroot, int timeout_ms, struct windows_answer *out, char *err,
		      size_t len)
{
	char exe[PATH_MAX], *answer;
	const char *argv[] = { exe,	   "-NoProfile",	 "-NonInteractive",
			       "-Command", windows_query_script, NULL };
	int ret;

	memset(out, 0, sizeof(*out));
	if (powershell_locate(sysroot, exe, sizeof(exe))) {
		snprintf(err, len,
			 "powershell.exe was found neither on PATH nor on the Windows drive");
		return -ENOENT;
	}
	answer = malloc(ANSWER_MAX);
	if (!answer)
		return -ENOMEM;
	ret = wsl_run_program(argv, NULL, answer, ANSWER_MAX, timeout_ms);
	ret = run_failure(ret, answer, timeout_ms, err, len);
	if (!ret)
		ret = windows_answer_parse(answer, out, err, len);
	free(answer);
	return ret;
}

bool windows_ports_match(const char *ports, uint16_t port)
{
	const char *p = ports;

	if (!*ports || !strcasecmp(ports, "Any"))
		return true;
	while (*p) {
		unsigned int lo, hi;
		int used = 0;

		p += strspn(p, " ,");
		if (sscanf(p, "%u-%u%n", &lo, &hi, &used) == 2 && used > 0) {
			if (port >= lo && port <= hi)
				return true;
		} else if (sscanf(p, "%u%n", &lo, &used) == 1 && used > 0) {
			if (port == lo)
				return true;
		}
		p += strcspn(p, ",");
	}
	return false;
}

static bool protocol_matches(const char *protocol, int l4proto)
{
	if (!*protocol || !strcasecmp(protocol, "Any"))
		return true;
	if (l4proto == IPPROTO_TCP)
		return !strcasecmp(protocol, "TCP") || !strcmp(protocol, "6");
	return !strcasecmp(protocol, "UDP") || !strcmp(protocol, "17");
}

/* The first enabled rule with this action that takes the port. */
static const struct windows_rule *matching_rule(const struct windows_answer *a, bool allow,
						int l4proto, uint16_t port)
{
	for (size_t i = 0; i < a->n_rules; i++) {
		const struct windows_rule *r = &a->rules[i];

		if (r->enabled && r->allow == allow && protocol_matches(r->protocol, l4proto) &&
		    windows_ports_match(r->ports, port))
			return r;
	}
	return NULL;
}

void windows_verdict(const struct windows_answer *a, int l4proto, uint16_t port,
		     struct windows_verdict *out)
{
	const struct windows_rule *r;

	memset(out, 0, sizeof(*out));
	out->kind = WINDOWS_UNKNOWN;
	if (!a->have_setting) {
		snprintf(out->reason, sizeof(out->reason), "no Hyper-V firewall setting: %.200s",
			 a->setting_error);
	} else if (!a->enabled) {
		out->kind = WINDOWS_EXPOSED;
		snprintf(out->reason, sizeof(out->reason), "the Hyper-V firewall is off for WSL");
	} else if ((r = matching_rule(a, false, l4proto, port)) != NULL) {
		out->kind = WINDOWS_BLOCKED;
		snprintf(out->reason, sizeof(out->reason), "blocked by Hyper-V rule '%.96s'",
			 r->name);
	} else if (a->rules_error[0]) {
		snprintf(out->reason, sizeof(out->reason),
			 "the Hyper-V rules could not be read: %.180s", a->rules_error);
	} else if ((r = matching_rule(a, true, l4proto, port)) != NULL) {
		out->kind = WINDOWS_EXPOSED;
		snprintf(out->reason, sizeof(out->reason), "allowed by Hyper-V rule '%.96s'",
			 r->name);
	} else if (!strcasecmp(a->default_inbound, "Block") && truthy(a->allow_host_merge)) {
		snprintf(out->reason, sizeof(out->reason),
			 "blocked by the default inbound action, unless a Windows Firewall rule "
			 "for this port is merged in (AllowHostPolicyMerge is True)");
	} else if (!strcasecmp(a->default_inbound, "Block")) {
		out->kind = WINDOWS_BLOCKED;
		snprintf(out->reason, sizeof(out->reason),
			 "blocked by the default inbound action Block");
	} else if (!strcasecmp(a->default_inbound, "Allow")) {
		out->kind = WINDOWS_EXPOSED;
		snprintf(out->reason, sizeof(out->reason),
			 "allowed by the default inbound action Allow");
	} else {
		snprintf(out->reason, sizeof(out->reason), "the default inbound action is '%.24s'",
			 a->default_inbound);
	}
}

const char *windows_verdict_name(enum windows_verdict_kind k)
{
	return k == WINDOWS_EXPOSED ? "exposed" : k == WINDOWS_BLOCKED ? "blocked" : "unknown";
}
