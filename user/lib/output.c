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

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int output_flush(struct output *out)
{
	int err = out->closed_by_reader ? -EPIPE : write_all(out->fd, out->buf.data, out->buf.len);

	strbuf_reset(&out->buf);
	if (err == -EPIPE)
		out->closed_by_reader = true;
	else if (err)
		report("writing to %s failed: %s\n", out->name, strerror(-err));
	return err;
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
