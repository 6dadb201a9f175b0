// SPDX-License-Identifier: GPL-2.0
/* Batched, error-checked output to stdout or a file. */
#include "lib/output.h"
#include "lib/report.h"
#include "lib/safe_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int output_open(struct output *out, const char *path)
{
	memset(out, 0, sizeof(*out));
	strbuf_init(&out->buf);
	if (!path || strcmp(path, "-") == 0) {
		out->fd = STDOUT_FILENO;
		out->name = "standard output";
	} else {
		char err[512];

		out->fd = open_output_file(path, err, sizeof(err));
		if (out->fd < 0) {
			report("cannot open %s\n", err);
			return out->fd;
		}
		out->owns_fd = true;
		out->name = path;
	}
	out->is_tty = isatty(out->fd);
	return 0;
}

int output_flush(struct output *out)
{
	size_t done = 0;

	if (out->closed_by_reader) {
		strbuf_reset(&out->buf);
		return -EPIPE;
	}
	while (done < out->buf.len) {
		ssize_t n = write(out->fd, out->buf.data + done, out->buf.len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			strbuf_reset(&out->buf);
			if (err == -EPIPE) {
				out->closed_by_reader = true;
				return err;
			}
			report("writing to %s failed: %s\n", out->name, strerror(-err));
			return err;
		}
		done += (size_t)n;
	}
	strbuf_reset(&out->buf);
	return 0;
}

int output_close(struct output *out)
{
	int err = output_flush(out);

	if (out->owns_fd && close(out->fd) && !err) {
		err = -errno;
		report("closing %s failed: %s\n", out->name, strerror(-err));
	}
	strbuf_free(&out->buf);
	return err == -EPIPE ? 0 : err;
}

bool output_wants_color(const struct output *out)
{
	const char *no_color = getenv("NO_COLOR");

	return out->is_tty && !(no_color && *no_color);
}
