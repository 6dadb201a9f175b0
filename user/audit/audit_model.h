/* SPDX-License-Identifier: GPL-2.0 */
/* What `bindguard audit` found, as data: the listeners with their exposure
 * and owners, the WSL findings, and the notes on what could not be seen.
 * The text and JSON reports (audit_report.h) only print it. */
#ifndef BINDGUARD_AUDIT_MODEL_H
#define BINDGUARD_AUDIT_MODEL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "containers/runtimes.h"
#include "firewall/fw_dnat.h"
#include "firewall/fw_eval.h"
#include "fixes/program_fix.h"
#include "lib/addr.h"
#include "listeners/ifaddrs_exposure.h"
#include "listeners/listen_snapshot.h"
#include "wsl/windows_query.h"
#include "wsl/wsl_detect.h"
#include "wsl/wsl_host.h"
#include "wsl/wslconfig.h"

struct audit_options {
	bool json;
	bool tcp, udp; /* both false: both */
	bool ipv4, ipv6;
	bool all_netns;
	bool windows, no_windows;
	bool no_color;
	const char *wslconfig;
};

/* Who holds a socket, as far as /proc tells. */
enum owner_status {
	OWNER_KNOWN,   /* one or more processes found */
	OWNER_KERNEL,  /* no inode: a kernel socket */
	OWNER_HIDDEN,  /* not root, and the socket is another user's */
	OWNER_UNKNOWN, /* some processes' open files could not be read */
	OWNER_NONE,    /* every process was read and none holds it */
};

#define OWNER_REASON_LEN 256

/* What a listener means for the user, the firewall taken into account. */
enum audit_verdict {
	AUDIT_EXPOSED, /* reachable, and nothing on the input path stops it */
	AUDIT_UNKNOWN, /* it depends on a firewall rule bindguard cannot judge */
	AUDIT_BLOCKED, /* reachable addresses, but the firewall drops new connections */
	AUDIT_LOCAL,   /* loopback only */
};

/* The firewall of one namespace of the snapshot. */
struct audit_firewall {
	bool read;	       /* an attempt was made */
	bool needed;	       /* a listener there is not loopback-only */
	struct fw_ruleset *rs; /* NULL: could not be read (err, err_text) */
	int err;
	char err_text[160];
	char legacy[128]; /* legacy iptables tables loaded there: not evaluated */
};

struct audit_published;

struct audit_entry {
	const struct ns_snapshot *ns;
	const struct listen_socket *s;
	enum addr_class cls;
	struct exposure_result exp;
	enum owner_status owner;
	char owner_reason[OWNER_REASON_LEN]; /* OWNER_UNKNOWN: which processes, why */
	enum audit_verdict verdict;
	struct fw_verdict fw;	 /* unless AUDIT_LOCAL */
	const char *fix_program; /* exposed or unknown: which program the fix is for */
	char fix[PROGRAM_FIX_LEN];
	const struct audit_published *published; /* a docker-proxy socket: its DNAT */
	bool have_windows; /* mirrored WSL: what the Hyper-V firewall does with it */
	struct windows_verdict windows;
};

/* A port published by DNAT in a namespace's nat prerouting path. */
struct audit_published {
	const struct ns_snapshot *ns;
	struct fw_dnat dnat;
	const struct container *container; /* from the runtime's files, or NULL */
	const struct container_port *container_port;
	const struct audit_entry *lands_on; /* the listener it reaches, or NULL */
	const struct audit_entry *proxy;    /* the docker-proxy listener, or NULL */
};

#define AUDIT_MAX_PUBLISHED	   128
#define AUDIT_MAX_RUNTIME_FINDINGS 4

struct wsl_report {
	struct wsl_signs signs;
	struct wsl_status status;
	bool checked; /* a configuration (found or defaults) was checked */
	struct wslconfig_location loc;
	bool have_file;
	const char *file_shown; /* the path the user knows it by */
	struct wslconfig cfg;
	struct wsl_findings findings;
	bool show_windows;
	bool asked;		       /* powershell.exe was run */
	bool answered;		       /* ... and gave the Hyper-V setting */
	char ask_error[256];	       /* "could not ask Windows: " this */
	struct windows_answer *answer; /* when asked */
};

struct audit {
	struct audit_options o;
	struct listen_snapshot snap;
	struct audit_entry *entries;
	size_t n_entries;
	size_t exposed; /* AUDIT_EXPOSED: what the exit status counts */
	size_t blocked, unknown;
	struct audit_firewall *fw; /* one per snap.ns */
	size_t owners_hidden;	   /* sockets of other users whose process we cannot see */
	struct wsl_report wsl;
	uint16_t *exposed_ports;
	size_t n_exposed_ports;
	struct audit_published *published;
	size_t n_published;
	size_t published_dropped; /* more than AUDIT_MAX_PUBLISHED */
	struct container_list containers;
	char runtime_findings[AUDIT_MAX_RUNTIME_FINDINGS][RUNTIME_FINDING_LEN];
	size_t n_runtime_findings;
	bool color;
};

/* Takes the snapshot and builds the entries, sorted most exposed first,
 * then checks WSL.  0, or -errno with one sentence printed. */
int audit_collect(struct audit *a, const char *sysroot);
void audit_free(struct audit *a);

/* Pure: what the /proc walk says about the owner of one socket (inode 0:
 * a kernel socket) of namespace netns; reason (OWNER_REASON_LEN) says why
 * for OWNER_UNKNOWN, naming unreadable processes of that namespace first.
 * euid: whose view it is. */
enum owner_status audit_owner_status(const struct proc_owners *owners, uint64_t inode,
				     uint64_t netns, uint32_t sock_uid, uid_t euid, char *reason,
				     size_t len);
const char *owner_status_name(enum owner_status s);
/* Pure: do -t/-u/-4/-6 keep a socket or published port (protocol 0: any)? */
bool audit_wants(const struct audit_options *o, int protocol, int family);
const char *audit_verdict_name(enum audit_verdict v);

/* Reads the firewall of every namespace with a listener that is not
 * loopback-only, and gives each entry its verdict.  0 or -ENOMEM. */
int audit_check_firewall(struct audit *a);
/* The published ports of every namespace whose ruleset was read, tied to
 * Docker's containers, docker-proxy listeners and the listeners they reach;
 * the runtimes' default publish addresses.  0 or -ENOMEM. */
int audit_check_published(struct audit *a, const char *sysroot);
/* "8080", "8000-8099", "every port" */
void audit_published_ports(const struct audit_published *p, char *buf, size_t len);

/* On WSL, unless --no-windows: asks Windows through powershell.exe and,
 * in mirrored mode, gives each exposed listener of this namespace the
 * Hyper-V firewall's verdict.  Failures end up in a->wsl.ask_error. */
void audit_ask_windows(struct audit *a, const char *sysroot, enum wsl_net_mode effective);

/* Pure: the verdict of one entry against a ruleset (NULL: not readable,
 * why in err_text). */
void audit_entry_verdict(struct audit_entry *e, const struct fw_ruleset *rs, const char *err_text);

/* "eth0" for an ifindex of the entry's namespace ("if7" if unknown). */
const char *audit_ifname(const struct ns_snapshot *ns, uint32_t ifindex, char *buf, size_t len);
/* "0.0.0.0:22", "[::1]:631", "0.0.0.0%eth0:67" (bound to a device, as ss) */
void audit_endpoint(const struct audit_entry *e, char *buf, size_t len);

/* What this run could not see, one sentence per call of emit. */
void audit_notes(const struct audit *a, void (*emit)(void *ctx, const char *text), void *ctx);

#endif
