// SPDX-License-Identifier: GPL-2.0
/* Opening output and input files without following planted links. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/safe_files.h"

static int refuse(int fd, int err, char *msg, size_t len, const char *path, const char *why)
{
	if (fd >= 0)
		close(fd);
	snprintf(msg, len, "%s: %s", path, why);
	return -err;
}

static int open_failed(int err, char *msg, size_t len, const char *path)
{
	/* O_NOFOLLOW reports a symbolic link as ELOOP */
	if (err == ELOOP)
		return refuse(-1, ELOOP, msg, len, path,
			      "is a symbolic link; refusing to follow it (give the real path)");
	/* O_NONBLOCK on a FIFO without a reader, or a socket */
	if (err == ENXIO)
		return refuse(-1, EINVAL, msg, len, path,
			      "exists and is neither a regular file nor a character device; "
			      "refusing to write to it");
	return refuse(-1, err, msg, len, path, strerror(err));
}

/* O_NONBLOCK: opening a FIFO must not wait for a reader. */
static int clear_nonblock(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) ? -errno : 0;
}

/* Whether someone besides its owner may create files in path's directory
 * (/tmp, a group-writable share): only then may a name have been planted. */
static bool others_can_write_dir(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	/* unknown: assume the worst */
	return stat(dir, &st) || (st.st_mode & (S_IWGRP | S_IWOTH));
}

int open_output_file(const char *path, char *msg, size_t len)
{
	const int base = O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	struct stat st;
	int fd;

	/* O_EXCL: a name that exists, even as a dangling link, is not created
	 * through; the second open then judges what is there. */
	fd = open(path, base | O_CREAT | O_EXCL, 0600);
	if (fd >= 0)
		return clear_nonblock(fd) ?: fd;
	if (errno != EEXIST)
		return open_failed(errno, msg, len, path);
	fd = open(path, base);
	if (fd < 0)
		return open_failed(errno, msg, len, path);
	if (fstat(fd, &st))
		return refuse(fd, errno, msg, len, path, strerror(errno));
	/* /dev/null, /dev/full, a terminal: written as given.  Only root can
	 * make a device node, so none is planted by another user. */
	if (S_ISCHR(st.st_mode))
		return clear_nonblock(fd) ? refuse(fd, errno, msg, len, path, strerror(errno)) : fd;
	if (!S_ISREG(st.st_mode))
		return refuse(fd, EINVAL, msg, len, path,
			      "exists and is neither a regular file nor a character device; "
			      "refusing to write to it");
	/* In a directory others write, a file there may be a trap: another
	 * user's file, or a hard link to one of ours (/etc/shadow). */
	if (others_can_write_dir(path) && st.st_uid != geteuid())
		return refuse(fd, EPERM, msg, len, path,
			      "exists, belongs to another user and lies in a directory others can "
			      "write; refusing to overwrite it");
	if (others_can_write_dir(path) && st.st_nlink != 1)
		return refuse(fd, EPERM, msg, len, path,
			      "has other hard links and lies in a directory others can write; "
			      "refusing to overwrite it");
	if (ftruncate(fd, 0) || clear_nonblock(fd))
		return refuse(fd, errno, msg, len, path, strerror(errno));
	return fd;
}

int open_regular_file(const char *path, char *msg, size_t len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	/* a socket, or a device without its driver, cannot even be opened */
	if (fd < 0 && errno == ENXIO)
		return refuse(-1, EINVAL, msg, len, path, "not a regular file");
	if (fd < 0)
		return refuse(-1, errno, msg, len, path, strerror(errno));
	if (fstat(fd, &st))
		return refuse(fd, errno, msg, len, path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return refuse(fd, EINVAL, msg, len, path, "not a regular file");
	if (clear_nonblock(fd))
		return refuse(fd, errno, msg, len, path, strerror(errno));
	return fd;
}
