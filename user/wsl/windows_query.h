/* SPDX-License-Identifier: GPL-2.0 */
/* Asking Windows, read-only, what the Hyper-V firewall does with the WSL
 * VM (settings, rules) and what Windows listens on: one powershell.exe
 * run with ConvertTo-Json output, parsed, and turned into a verdict per
 * Linux port for mirrored mode.  Only the run touches the system. */
#ifndef BINDGUARD_WINDOWS_QUERY_H
#define BINDGUARD_WINDOWS_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WINDOWS_MAX_RULES     64
#define WINDOWS_MAX_LISTENERS 128
#define WINDOWS_TEXT_LEN      96

struct windows_rule {
	char name[WINDOWS_TEXT_LEN];
	bool enabled;
	bool allow;		      /* Action Allow; else Block */
	char protocol[16];	      /* "TCP", "UDP", "Any" ... */
	char ports[WINDOWS_TEXT_LEN]; /* LocalPorts: "Any", "8000", "8000-8010", "80,443" */
};

struct windows_listener {
	char addr[64];
	uint16_t port;
	uint32_t pid;
};

struct windows_answer {
	bool have_setting;
	bool enabled;		   /* the Hyper-V firewall is on for WSL */
	char default_inbound[24];  /* "Block", "Allow", "NotConfigured" */
	char allow_host_merge[24]; /* "True", "False", "NotConfigured" */
	char setting_error[200];   /* why there is no setting (cmdlet missing ...) */
	struct windows_rule rules[WINDOWS_MAX_RULES];
	size_t n_rules;
	char rules_error[200];
	struct windows_listener listeners[WINDOWS_MAX_LISTENERS];
	size_t n_listeners;
	char listeners_error[200];
};

/* The PowerShell script that is run (shown in the README and the tests). */
extern const char windows_query_script[];

/* Pure: the JSON document the script prints.  0, or -EINVAL with a
 * sentence in err. */
int windows_answer_parse(const char *json, struct windows_answer *out, char *err, size_t len);

/* Finds powershell.exe (PATH, then the Windows drive: under sudo or
 * systemd it is seldom on PATH), runs the script with a timeout and
 * parses the answer.  0, or -errno with "could not ask Windows" reason in
 * err: -ENOENT not found, -ETIMEDOUT, -EINVAL malformed answer ... */
int windows_query_run(const char *sysroot, int timeout_ms, struct windows_answer *out, char *err,
		      size_t len);

enum windows_verdict_kind { WINDOWS_EXPOSED, WINDOWS_BLOCKED, WINDOWS_UNKNOWN };

struct windows_verdict {
	enum windows_verdict_kind kind;
	char reason[256];
};

/* Pure: does "Any", "8000", "8000-8010", "80, 443" take port? */
bool windows_ports_match(const char *ports, uint16_t port);
/* Pure: what the Hyper-V firewall does with a new inbound connection from
 * the LAN to a Linux listener in mirrored mode.  Block rules win over allow
 * rules, as in Windows Firewall. */
void windows_verdict(const struct windows_answer *a, int l4proto, uint16_t port,
		     struct windows_verdict *out);
const char *windows_verdict_name(enum windows_verdict_kind k);

#endif
