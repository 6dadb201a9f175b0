// SPDX-License-Identifier: GPL-2.0
/* The I/O side of WSL awareness: files under an optional sysroot, the
 * wslinfo/cmd.exe/wslpath helpers (run directly, never through a shell, with
 * a timeout because a broken interop can hang), and rtnetlink rules. */
#include "wsl/wsl_host.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/file_read.h"
#include "lib/netlink_dump.h"

#define HELPER_TIMEOUT_MS 3000

static int run_program(const char *const argv[], const char *cwd, char *out, size_t len)
{
	return wsl_run_program(argv, cwd, out, len, HELPER_TIMEOUT_MS);
}

int wsl_run_program(const char *const argv[], const char *cwd, char *out, size_t len,
		    int timeout_ms)
{
	struct timespec start, now;
	size_t used = 0;
	int pipefd[2], status, err = 0;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(pipefd[1], STDOUT_FILENO);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDERR_FILENO);
		}
		/* cmd.exe refuses a Linux (UNC) working directory with a warning */
		if (cwd && chdir(cwd))
			_exit(126);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
		long elapsed;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed =
		    (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (elapsed >= timeout_ms) {
			err = -ETIMEDOUT;
			break;
		}
		if (poll(&pfd, 1, (int)(timeout_ms - elapsed)) < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (!pfd.revents)
			continue;
		n = read(pipefd[0], out + used, len - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
		if (used + 1 >= len)
			break;
	}
	out[used] = '\0';
	close(pipefd[0]);
	if (err)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (err)
		return err;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

static bool is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static bool is_regular(const char *path, struct stat *st)
{
	return stat(path, st) == 0 && S_ISREG(st->st_mode);
}

/* First line of text, blanks trimmed, in place. */
static char *first_line(char *text)
{
	char *end;

	while (isspace((unsigned char)*text))
		text++;
	text[strcspn(text, "\r\n")] = '\0';
	end = text + strlen(text);
	while (end > text && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return text;
}

/* --- routing rules through rtnetlink ------------------------------------- */

struct rule_signs {
	bool iif_loopback0;
	bool table_127_128;
};

struct rule_attrs {
	struct rule_signs *signs;
	uint32_t table;
};

static int on_rule_attribute(const struct nlattr *attr, void *data)
{
	struct rule_attrs *r = data;

	switch (mnl_attr_get_type(attr)) {
	case FRA_IIFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0 &&
		    strcmp(mnl_attr_get_str(attr), "loopback0") == 0)
			r->signs->iif_loopback0 = true;
		break;
	case FRA_TABLE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			r->table = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int on_rule(const struct nlmsghdr *nlh, void *data)
{
	const struct fib_rule_hdr *frh;
	struct rule_attrs r = { .signs = data };

	if (nlh->nlmsg_type != RTM_NEWRULE || mnl_nlmsg_get_payload_len(nlh) < sizeof(*frh))
		return MNL_CB_OK;
	frh = mnl_nlmsg_get_payload(nlh);
	r.table = frh->table; /* FRA_TABLE, when there, also holds tables past 255 */
	mnl_attr_parse(nlh, sizeof(*frh), on_rule_attribute, &r);
	if (r.table == 127 || r.table == 128)
		r.signs->table_127_128 = true;
	return MNL_CB_OK;
}

static int dump_rules(int family, struct rule_signs *signs)
{
	char buf[16384];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct fib_rule_hdr *frh;

	nlh->nlmsg_type = RTM_GETRULE;
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = (uint8_t)family;
	return netlink_dump(NETLINK_ROUTE, buf, sizeof(buf), on_rule, signs);
}

void wsl_gather_signs(const char *sysroot, const char *distro_env, struct wsl_signs *s)
{
	static const char *const wslinfo_paths[] = { "/usr/bin/wslinfo", "/bin/wslinfo" };
	struct rule_signs rules = { 0 };
	char path[PATH_MAX], out[256];
	uint8_t *data;
	size_t len;

	memset(s, 0, sizeof(*s));
	if (read_file_bytes(sysroot, "/proc/sys/kernel/osrelease", 4096, &data, &len) == 0) {
		snprintf(s->osrelease, sizeof(s->osrelease), "%s", first_line((char *)data));
		free(data);
	}
	if (distro_env)
		snprintf(s->distro_name, sizeof(s->distro_name), "%s", distro_env);
	s->interop =
	    access(sysroot_path(sysroot, "/proc/sys/fs/binfmt_misc/WSLInterop", path, sizeof(path)),
		   F_OK) == 0 ||
	    access(sysroot_path(sysroot, "/proc/sys/fs/binfmt_misc/WSLInterop-late", path,
				sizeof(path)),
		   F_OK) == 0;
	s->run_wsl = access(sysroot_path(sysroot, "/run/WSL", path, sizeof(path)), F_OK) == 0;

	for (size_t i = 0; i < sizeof(wslinfo_paths) / sizeof(wslinfo_paths[0]); i++) {
		const char *argv[] = { sysroot_path(sysroot, wslinfo_paths[i], path, sizeof(path)),
				       "--networking-mode", NULL };

		if (!is_executable(argv[0]))
			continue;
		if (run_program(argv, NULL, out, sizeof(out)) == 0)
			snprintf(s->wslinfo_mode, sizeof(s->wslinfo_mode), "%s", first_line(out));
		break;
	}

	s->loopback0 = if_nametoindex("loopback0") != 0;
	dump_rules(AF_INET, &rules);
	dump_rules(AF_INET6, &rules);
	s->rule_iif_loopback0 = rules.iif_loopback0;
	s->rule_table_127_128 = rules.table_127_128;
}

/* --- finding .wslconfig -------------------------------------------------- */

static void note_searched(struct wslconfig_location *loc, const char *what)
{
	size_t used = strlen(loc->searched);

	snprintf(loc->searched + used, sizeof(loc->searched) - used, "%s%s", used ? "; " : "",
		 what);
}

/* USERPROFILE through cmd.exe, converted to a Linux path.  0 or -errno. */
static int profile_from_cmd(const char *sysroot, char (*drives)[256], size_t n_drives,
			    const char *c_drive, const char *automount_root, char *profile,
			    size_t len, struct wslconfig_location *loc)
{
	char candidates[8][PATH_MAX], cwds[8][PATH_MAX], full[PATH_MAX], out[PATH_MAX];
	size_t n = 0;
	const char *env_path = getenv("PATH");

	/* Under sudo or systemd cmd.exe is rarely on PATH; the drive has it. */
	if ((!sysroot || !*sysroot) && env_path) {
		char copy[4096], *save = NULL, *dir;

		snprintf(copy, sizeof(copy), "%s", env_path);
		for (dir = strtok_r(copy, ":", &save); dir && n < 2;
		     dir = strtok_r(NULL, ":", &save)) {
			snprintf(full, sizeof(full), "%s/cmd.exe", dir);
			if (is_executable(full)) {
				snprintf(candidates[n], PATH_MAX, "%s", full);
				snprintf(cwds[n++], PATH_MAX, "%s", c_drive);
			}
		}
	}
	for (size_t i = 0; i <= n_drives && n < 8; i++) {
		const char *drive = i < n_drives ? drives[i] : c_drive;

		snprintf(candidates[n], PATH_MAX, "%.3000s/Windows/System32/cmd.exe", drive);
		snprintf(cwds[n++], PATH_MAX, "%s", drive);
	}

	for (size_t i = 0; i < n; i++) {
		char exe[PATH_MAX], cwd[PATH_MAX], *line;
		const char *argv[] = { exe, "/c", "echo %USERPROFILE%", NULL };
		int ret;

		snprintf(exe, sizeof(exe), "%s",
			 sysroot_path(sysroot, candidates[i], full, sizeof(full)));
		if (!is_executable(exe))
			continue;
		snprintf(cwd, sizeof(cwd), "%s",
			 sysroot_path(sysroot, cwds[i], full, sizeof(full)));
		ret = run_program(argv, cwd, out, sizeof(out));
		line = first_line(out);
		if (ret != 0 || !isalpha((unsigned char)line[0]) || line[1] != ':' ||
		    strchr(line, '%')) {
			note_searched(loc, "cmd.exe could not run (Windows interop off?)");
			return ret < 0 ? ret : -ENOEXEC;
		}
		note_searched(loc, "%USERPROFILE% from cmd.exe");
		/* wslpath knows drive mounts we might not; the rule is the fallback */
		{
			char wslpath[PATH_MAX], converted[PATH_MAX];
			const char *wargv[] = { wslpath, "-u", line, NULL };

			snprintf(wslpath, sizeof(wslpath), "%s",
				 sysroot_path(sysroot, "/usr/bin/wslpath", full, sizeof(full)));
			if (is_executable(wslpath) &&
			    run_program(wargv, NULL, converted, sizeof(converted)) == 0 &&
			    first_line(converted)[0] == '/') {
				snprintf(profile, len, "%s", first_line(converted));
				return 0;
			}
		}
		return windows_path_to_wsl(line, automount_root, profile, len);
	}
	return -ENOENT;
}

size_t wsl_windows_drives(const char *sysroot, char (*drives)[256], size_t max, char *c_drive,
			  size_t c_len, char *automount_root, size_t root_len)
{
	size_t n_drives = 0;
	uint8_t *data;
	size_t len;

	snprintf(automount_root, root_len, "/mnt/");
	if (read_file_bytes(sysroot, "/etc/wsl.conf", 1 << 16, &data, &len) == 0) {
		if (wsl_automount_root((const char *)data, automount_root, root_len))
			snprintf(automount_root, root_len, "/mnt/");
		free(data);
	}
	if (read_file_bytes(sysroot, "/proc/mounts", 1 << 20, &data, &len) == 0) {
		n_drives = windows_drive_mounts((const char *)data, drives, max);
		free(data);
	}
	snprintf(c_drive, c_len, "%sc", automount_root);
	for (size_t i = 0; i < n_drives; i++) {
		const char *base = strrchr(drives[i], '/');

		if (base && strcasecmp(base + 1, "c") == 0) {
			snprintf(c_drive, c_len, "%s", drives[i]);
			break;
		}
	}
	return n_drives;
}

int wslconfig_locate(const char *sysroot, bool no_windows, struct wslconfig_location *loc)
{
	char automount_root[256], c_drive[PATH_MAX], users[PATH_MAX + 8];
	char drives[8][256], full[PATH_MAX], profile[PATH_MAX];
	size_t n_drives;
	time_t newest = 0;
	struct dirent *de;
	struct stat st;
	DIR *dir;

	memset(loc, 0, sizeof(*loc));
	n_drives = wsl_windows_drives(sysroot, drives, 8, c_drive, sizeof(c_drive), automount_root,
				      sizeof(automount_root));
	/* --no-windows: nothing runs on Windows, cmd.exe included */
	if (!no_windows && profile_from_cmd(sysroot, drives, n_drives, c_drive, automount_root,
					    profile, sizeof(profile), loc) == 0) {
		snprintf(loc->profile, sizeof(loc->profile), "%s", profile);
		loc->method = "cmd.exe %USERPROFILE%";
		snprintf(full, sizeof(full), "%.4000s/.wslconfig", profile);
		if (is_regular(sysroot_path(sysroot, full, users, sizeof(users)), &st)) {
			snprintf(loc->path, sizeof(loc->path), "%s", full);
			return 0;
		}
		/* The profile is known: another user's file would be the wrong one. */
		note_searched(loc, full);
		return -ENOENT;
	}

	snprintf(users, sizeof(users), "%s/Users", c_drive);
	note_searched(loc, users);
	loc->method = "scan of the Windows profiles";
	dir = opendir(sysroot_path(sysroot, users, full, sizeof(full)));
	if (!dir)
		return -ENOENT;
	while ((de = readdir(dir)) != NULL) {
		char candidate[PATH_MAX];

		if (windows_profile_is_system(de->d_name))
			continue;
		snprintf(candidate, sizeof(candidate), "%.3000s/%.255s/.wslconfig", users,
			 de->d_name);
		if (!is_regular(sysroot_path(sysroot, candidate, full, sizeof(full)), &st))
			continue;
		/* several Windows users: the most recently edited file is the likeliest */
		if (!loc->path[0] || st.st_mtime > newest) {
			if (loc->path[0] && loc->n_others < WSLCONFIG_MAX_OTHERS)
				memcpy(loc->others[loc->n_others++], loc->path,
				       strlen(loc->path) + 1);
			snprintf(loc->path, sizeof(loc->path), "%s", candidate);
			newest = st.st_mtime;
		} else if (loc->n_others < WSLCONFIG_MAX_OTHERS) {
			snprintf(loc->others[loc->n_others++], PATH_MAX, "%s", candidate);
		}
	}
	closedir(dir);
	return loc->path[0] ? 0 : -ENOENT;
}
