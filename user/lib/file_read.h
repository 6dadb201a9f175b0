/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a whole small file (a config, a /proc file) into memory, under an
 * optional sysroot: the tests lay out a fake /proc, /etc or /mnt/c there. */
#ifndef BINDGUARD_FILE_READ_H
#define BINDGUARD_FILE_READ_H

#include <stddef.h>
#include <stdint.h>

/* path under sysroot (NULL or "" for "/"), in buf; "" when it does not fit,
 * which open() refuses with ENOENT.  Returns path itself without a sysroot. */
const char *sysroot_path(const char *sysroot, const char *path, char *buf, size_t len);

/* Reads all of path under sysroot, if it is a regular file of at most max
 * bytes.  Returns 0, -EFBIG (larger than max), -EINVAL (a FIFO, socket,
 * device or directory: refused before any read, so that none can block) or
 * -errno.  *data is malloc'ed and NUL-terminated one past *len, so that
 * small text files can be read as strings. */
int read_file_bytes(const char *sysroot, const char *path, size_t max, uint8_t **data, size_t *len);

/* read_file_bytes' error err (< 0) in words, for "cannot read PATH: %s". */
const char *read_file_strerror(int err);

#endif
