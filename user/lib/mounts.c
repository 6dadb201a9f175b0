// SPDX-License-Identifier: GPL-2.0
/* Locating cgroup2, tracefs and bpffs mounts; mounting them when missing. */
#include "lib/mounts.h"
#include "lib/report.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape_octal(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/* Fields: id parent major:minor root mountpoint options [optional...] - fstype source super */
int mountinfo_find(FILE *f, const char *fstype, char *path, size_t len)
{
	char *line = NULL;
	size_t cap = 0;
	int err = -ENOENT;

	while (err && getline(&line, &cap, f) > 0) {
		char *save = NULL, *mountpoint = NULL, *tok;
		int field = 0;
		bool after_sep = false;

		for (tok = strtok_r(line, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
			if (field == 4)
				mountpoint = tok;
			field++;
			if (after_sep) {
				if (mountpoint && strcmp(tok, fstype) == 0 &&
				    strlen(mountpoint) < len) {
					unescape_octal(mountpoint);
					snprintf(path, len, "%s", mountpoint);
					err = 0;
				}
				break;
			}
			if (field > 5 && strcmp(tok, "-") == 0)
				after_sep = true;
		}
	}
	free(line);
	return err;
}

static int find_mount(const char *fstype, char *path, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int err;

	if (!f)
		return -errno;
	err = mountinfo_find(f, fstype, path, len);
	fclose(f);
	return err;
}

static int is_mount_point(const char *dir)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int found = 0;

	if (!f)
		return 0;
	while (!found && getline(&line, &cap, f) > 0) {
		char mp[4096];

		if (sscanf(line, "%*s %*s %*s %*s %4095s", mp) == 1) {
			unescape_octal(mp);
			found = strcmp(mp, dir) == 0;
		}
	}
	free(line);
	fclose(f);
	return found;
}

int ensure_mounted(const char *fstype, const char *default_path, char *path, size_t len)
{
	if (find_mount(fstype, path, len) == 0)
		return 0;
	if (mkdir(default_path, 0755) && errno != EEXIST) {
		int err = -errno;

		report("%s is not mounted and %s cannot be created: %s\n", fstype, default_path,
		       strerror(-err));
		return err;
	}
	if (mount(fstype, default_path, fstype, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) {
		int err = -errno;

		report("%s is not mounted and mounting it on %s failed: %s\n", fstype, default_path,
		       strerror(-err));
		return err;
	}
	report("%s was not mounted; mounted it on %s\n", fstype, default_path);
	snprintf(path, len, "%s", default_path);
	return 0;
}

int find_cgroup2(char *path, size_t len)
{
	/* In a hybrid layout /sys/fs/cgroup is a tmpfs of v1 hierarchies and
	 * the v2 one belongs below it, at "unified". */
	const char *where =
	    is_mount_point("/sys/fs/cgroup") ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup";

	return ensure_mounted("cgroup2", where, path, len);
}

int ensure_tracefs(char *path, size_t len)
{
	struct stat st;

	/* libbpf looks for tracepoint ids only in these two places. */
	if (stat("/sys/kernel/tracing/events", &st) == 0) {
		snprintf(path, len, "/sys/kernel/tracing");
		return 0;
	}
	if (stat("/sys/kernel/debug/tracing/events", &st) == 0) {
		snprintf(path, len, "/sys/kernel/debug/tracing");
		return 0;
	}
	if (mount("tracefs", "/sys/kernel/tracing", "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL)) {
		int err = -errno;

		report("tracefs is not mounted and mounting it on "
		       "/sys/kernel/tracing failed: %s\n",
		       strerror(-err));
		return err;
	}
	report("tracefs was not mounted; mounted it on /sys/kernel/tracing\n");
	snprintf(path, len, "/sys/kernel/tracing");
	return 0;
}

int ensure_bpffs(char *path, size_t len)
{
	return ensure_mounted("bpf", "/sys/fs/bpf", path, len);
}
