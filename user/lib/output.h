/* SPDX-License-Identifier: GPL-2.0 */
/* Where events go: stdout or -o FILE, written a batch at a time. */
#ifndef BINDGUARD_OUTPUT_H
#define BINDGUARD_OUTPUT_H

#include <stdbool.h>

#include "lib/strbuf.h"

struct output {
	int fd;
	bool is_tty;
	bool owns_fd;
	bool closed_by_reader; /* EPIPE: the reader went away (e.g. `| head`) */
	const char *name;
	struct strbuf buf;
};

/* path NULL or "-": stdout.  0 or -errno (message printed). */
int output_open(struct output *out, const char *path);
/* Writes what is buffered.  0, or -errno with a message printed; EPIPE is
 * not an error worth a message and sets closed_by_reader. */
int output_flush(struct output *out);
int output_close(struct output *out);
/* All of data to fd, through short writes and EINTR: 0 or -errno. */
int write_all(int fd, const void *data, size_t len);
/* Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
bool output_wants_color(const struct output *out);

#endif
