/* SPDX-License-Identifier: GPL-2.0 */
/* Opening files that root writes or reads where others may have planted
 * something: no symbolic links followed, only regular files, no races. */
#ifndef BINDGUARD_SAFE_FILES_H
#define BINDGUARD_SAFE_FILES_H

#include <stddef.h>

/* Opens `path` for writing from its start: a new file is created 0600; an
 * existing one must be a character device (/dev/null) or a regular file
 * (then, in a directory others can write, with one link and belonging to
 * the caller), truncated only after the checks.  A symbolic link is
 * never followed, even dangling; a FIFO or device never blocks.  Returns the fd, or -errno with one
 * sentence naming path in err. */
int open_output_file(const char *path, char *err, size_t err_len);

/* Opens `path` for reading if it is a regular file (checked on the opened
 * file, before any read: a FIFO cannot block).  fd or -errno, as above. */
int open_regular_file(const char *path, char *err, size_t err_len);

#endif
