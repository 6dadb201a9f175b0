/* SPDX-License-Identifier: GPL-2.0 */
/* Gathering WSL's signs from this system (files, wslinfo, interfaces,
 * routing rules) and finding the Windows user's .wslconfig. */
#ifndef BINDGUARD_WSL_HOST_H
#define BINDGUARD_WSL_HOST_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wsl/wsl_detect.h"

/* Every path below is looked up under sysroot (NULL or "" for "/"): tests
 * lay out a fake /proc, /etc, /run, /usr/bin and /mnt/c there. */

/* Fills signs.  distro_env: $WSL_DISTRO_NAME or NULL.  Interfaces and
 * routing rules come from the caller's network namespace.  Never fails:
 * what cannot be read is simply absent. */
void wsl_gather_signs(const char *sysroot, const char *distro_env, struct wsl_signs *signs);

#define WSLCONFIG_MAX_OTHERS 4

struct wslconfig_location {
	char path[PATH_MAX];	/* as seen inside WSL, without the sysroot; "" if none */
	const char *method;	/* how it was found */
	char profile[PATH_MAX]; /* the Windows profile folder, when known */
	char others[WSLCONFIG_MAX_OTHERS][PATH_MAX]; /* further candidates (scan) */
	size_t n_others;
	char searched[512]; /* where we looked, for "not found" */
};

/* Through cmd.exe's %USERPROFILE% when interop works (never with
 * no_windows), else by scanning <C: drive>/Users/ * /.wslconfig.  0 found,
 * -ENOENT not found. */
int wslconfig_locate(const char *sysroot, bool no_windows, struct wslconfig_location *loc);

/* Runs argv (an absolute path, no shell) with stdout captured into out
 * (len bytes, NUL-terminated) and stdin and stderr on /dev/null, killed
 * after timeout_ms.  Returns the exit status, or -errno / -ETIMEDOUT. */
int wsl_run_program(const char *const argv[], const char *cwd, char *out, size_t len,
		    int timeout_ms);

/* The Windows drive mounts and the C: drive, as WSL mounts them (from
 * /etc/wsl.conf's automount root and /proc/mounts under sysroot).  Returns
 * how many drives were written (at most max). */
size_t wsl_windows_drives(const char *sysroot, char (*drives)[256], size_t max, char *c_drive,
			  size_t c_len, char *automount_root, size_t root_len);

#endif
