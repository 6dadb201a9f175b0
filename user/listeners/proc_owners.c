// SPDX-License-Identifier: GPL-2.0
/* The /proc walk behind every "which process owns this socket" answer:
 * /proc/PID/fd links of the form socket:[INODE], plus comm, uid and netns. */
#include "listeners/proc_owners.h"

#include "lib/array.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int parse_socket_link(const char *target, uint64_t *inode)
{
	static const char prefix[] = "socket:[";
	unsigned long long v;
	char *end;

	if (strncmp(target, prefix, sizeof(prefix) - 1))
		return -EINVAL;
	target += sizeof(prefix) - 1;
	if (!isdigit((unsigned char)*target))
		return -EINVAL;
	errno = 0;
	v = strtoull(target, &end, 10);
	if (errno || end[0] != ']' || end[1] != '\0')
		return -EINVAL;
	*inode = v;
	return 0;
}

int parse_status_euid(const char *status, uid_t *euid)
{
	const char *line = status;

	while (line && *line) {
		unsigned long real, effective;

		if (strncmp(line, "Uid:", 4) == 0) {
			if (sscanf(line + 4, "%lu %lu", &real, &effective) != 2)
				return -EINVAL;
			*euid = (uid_t)effective;
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -EINVAL;
}

const char *uid_to_name(uid_t uid, char *buf, size_t len)
{
	struct passwd pw, *found = NULL;
	char scratch[1024];

	if (getpwuid_r(uid, &pw, scratch, sizeof(scratch), &found) == 0 && found)
		snprintf(buf, len, "%s", found->pw_name);
	else
		snprintf(buf, len, "%u", (unsigned int)uid);
	return buf;
}

/* Reads a small file relative to dirfd; returns bytes read or -errno. */
static ssize_t read_small(int dirfd, const char *name, char *buf, size_t len)
{
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

static int push_process(struct proc_owners *o, size_t *cap, const struct proc_process *p)
{
	if (array_reserve(&o->procs, cap, o->n_procs, 256))
		return -ENOMEM;
	o->procs[o->n_procs++] = *p;
	return 0;
}

static int push_socket(struct proc_owners *o, size_t *cap, uint64_t inode, uint32_t process)
{
	if (array_reserve(&o->socks, cap, o->n_socks, 256))
		return -ENOMEM;
	o->socks[o->n_socks].inode = inode;
	o->socks[o->n_socks].process = process;
	o->n_socks++;
	return 0;
}

/* Adds every socket fd of one process; duplicates (dup'ed fds) are
 * removed after sorting.  The directory may be listable while its links are
 * not (the ptrace access check refuses readlink even to root when the
 * process holds capabilities we lack): that is -EACCES too, never "no
 * sockets". */
static int scan_fds(struct proc_owners *o, size_t *cap, int piddir, uint32_t process)
{
	struct dirent *de;
	int fdfd, err = 0;
	DIR *fds;

	fdfd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fdfd < 0)
		return -errno;
	fds = fdopendir(fdfd);
	if (!fds) {
		err = -errno;
		close(fdfd);
		return err;
	}
	while (!err && (de = readdir(fds)) != NULL) {
		char target[64];
		uint64_t inode;
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(fdfd, de->d_name, target, sizeof(target) - 1);
		if (n < 0 && (errno == EACCES || errno == EPERM))
			err = -errno;
		if (n < 0)
			continue; /* or the fd was closed meanwhile */
		target[n] = '\0';
		if (parse_socket_link(target, &inode))
			continue;
		err = push_socket(o, cap, inode, process);
	}
	closedir(fds);
	return err;
}

static int compare_refs(const void *a, const void *b)
{
	const struct proc_socket_ref *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return x->process < y->process ? -1 : x->process > y->process;
}

int proc_owners_scan(const char *proc_root, struct proc_owners *o)
{
	size_t proc_cap = 0, sock_cap = 0;
	struct dirent *de;
	int err = 0;
	DIR *dir;

	memset(o, 0, sizeof(*o));
	dir = opendir(proc_root);
	if (!dir)
		return -errno;
	while (!err && (de = readdir(dir)) != NULL) {
		struct proc_process p = { 0 };
		char status[4096];
		struct stat st;
		ssize_t n;
		int piddir;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		p.pid = (pid_t)strtol(de->d_name, NULL, 10);
		piddir = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0)
			continue; /* exited */
		n = read_small(piddir, "comm", p.comm, sizeof(p.comm));
		if (n < 0) {
			close(piddir);
			continue;
		}
		p.comm[strcspn(p.comm, "\n")] = '\0';
		if (read_small(piddir, "status", status, sizeof(status)) < 0 ||
		    parse_status_euid(status, &p.uid)) {
			/* no status: fall back to the owner of the directory */
			p.uid = fstat(piddir, &st) == 0 ? st.st_uid : (uid_t)-1;
		}
		if (fstatat(piddir, "ns/net", &st, 0) == 0)
			p.netns = st.st_ino;
		err = push_process(o, &proc_cap, &p);
		if (!err) {
			int fd_err = scan_fds(o, &sock_cap, piddir, (uint32_t)(o->n_procs - 1));

			o->procs[o->n_procs - 1].fd_err = fd_err == -ENOENT ? 0 : fd_err;
			if (fd_err == -EACCES || fd_err == -EPERM)
				o->fd_denied++;
			else if (fd_err == -ENOMEM)
				err = fd_err;
		}
		close(piddir);
	}
	closedir(dir);
	if (err) {
		proc_owners_free(o);
		return err;
	}
	if (o->n_socks) {
		size_t kept = 1;

		/* inside: qsort(NULL, 0, ...) is undefined (UBSan stops there) */
		qsort(o->socks, o->n_socks, sizeof(*o->socks), compare_refs);

		for (size_t i = 1; i < o->n_socks; i++)
			if (compare_refs(&o->socks[i], &o->socks[kept - 1]))
				o->socks[kept++] = o->socks[i];
		o->n_socks = kept;
	}
	return 0;
}

void proc_owners_free(struct proc_owners *o)
{
	free(o->procs);
	free(o->socks);
	memset(o, 0, sizeof(*o));
}

size_t proc_owners_lookup(const struct proc_owners *o, uint64_t inode,
			  const struct proc_socket_ref **first)
{
	size_t lo = 0, hi = o->n_socks, n = 0;

	/* lower bound of inode */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->socks[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo < o->n_socks ? &o->socks[lo] : NULL;
	while (lo + n < o->n_socks && o->socks[lo + n].inode == inode)
		n++;
	if (!n)
		*first = NULL;
	return n;
}
