/* SPDX-License-Identifier: GPL-2.0 */
/* Telling WSL 1, WSL 2 and its networking mode from the signs a Linux
 * system carries, and the path logic for finding .wslconfig: pure functions. */
#ifndef BINDGUARD_WSL_DETECT_H
#define BINDGUARD_WSL_DETECT_H

#include <stdbool.h>
#include <stddef.h>

enum wsl_version {
	WSL_NOT_DETECTED = 0,
	WSL_VERSION_1,	     /* kernel release with "Microsoft": no BPF there */
	WSL_VERSION_2,	     /* kernel release with "microsoft" */
	WSL_VERSION_UNKNOWN, /* WSL signs, but a custom kernel that names neither */
};

enum wsl_net_mode {
	WSL_NET_UNKNOWN = 0,
	WSL_NET_NAT,
	WSL_NET_MIRRORED,
	WSL_NET_VIRTIOPROXY,
	WSL_NET_BRIDGED,
	WSL_NET_NONE,
};

enum wsl_mode_source {
	WSL_MODE_FROM_NOTHING = 0,
	WSL_MODE_FROM_WSLINFO, /* `wslinfo --networking-mode`: the effective mode */
	WSL_MODE_FROM_SIGNS,   /* loopback0, routing rules: inferred */
};

/* The raw facts, gathered by wsl_gather_signs() or laid out by a test. */
struct wsl_signs {
	char osrelease[128];	 /* /proc/sys/kernel/osrelease; "" if unreadable */
	char distro_name[64];	 /* $WSL_DISTRO_NAME (lost under sudo) */
	bool interop;		 /* /proc/sys/fs/binfmt_misc/WSLInterop or WSLInterop-late */
	bool run_wsl;		 /* /run/WSL exists */
	char wslinfo_mode[32];	 /* output of `wslinfo --networking-mode`; "" if unavailable */
	bool loopback0;		 /* an interface named loopback0 (mirrored mode) */
	bool rule_iif_loopback0; /* an `ip rule` with iif loopback0 */
	bool rule_table_127_128; /* an `ip rule` that looks up table 127 or 128 */
};

#define WSL_MAX_EVIDENCE 8

struct wsl_status {
	enum wsl_version version;
	enum wsl_net_mode mode;
	enum wsl_mode_source mode_source;
	char evidence[WSL_MAX_EVIDENCE][112]; /* one short phrase per sign seen */
	size_t n_evidence;
};

void wsl_classify(const struct wsl_signs *signs, struct wsl_status *out);
bool wsl_detected(const struct wsl_status *s);
const char *wsl_version_name(enum wsl_version v); /* "1", "2", "unknown", "none" */

/* Case-insensitive: "nat", "mirrored", "virtioProxy", "bridged", "none". */
enum wsl_net_mode wsl_net_mode_parse(const char *text);
const char *wsl_net_mode_name(enum wsl_net_mode m); /* "unknown" for UNKNOWN */

/* [automount] root from /etc/wsl.conf text, always ending in '/';
 * "/mnt/" when the text does not set it.  0 or -EINVAL (too long). */
int wsl_automount_root(const char *wsl_conf, char *root, size_t len);

/* "C:\Users\alice" -> "<root>c/Users/alice".  0 or -EINVAL. */
int windows_path_to_wsl(const char *win, const char *automount_root, char *out, size_t len);

/* Mount points of Windows drives (drvfs, or 9p/virtiofs carrying drvfs)
 * in /proc/mounts text; octal escapes decoded.  Returns how many. */
size_t windows_drive_mounts(const char *proc_mounts, char (*dirs)[256], size_t max);

/* Profile folders under C:\Users that belong to no person. */
bool windows_profile_is_system(const char *name);

#endif
