// SPDX-License-Identifier: GPL-2.0
/* podman's running containers by address, from the aardvark-dns files
 * netavark writes for its DNS (read-only): enough to name a DNAT target. */
#include "containers/runtimes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"

#define AARDVARK_DIR "/run/containers/networks/aardvark-dns"

/* Copies the comma-separated items of field into c->addrs. */
static void add_addrs(struct container *c, const char *field, size_t len)
{
	while (len && c->n_addrs < CONTAINER_MAX_ADDRS) {
		size_t n = strcspn(field, ",");

		if (n > len)
			n = len;
		if (n && n < sizeof(c->addrs[0]))
			snprintf(c->addrs[c->n_addrs++], sizeof(c->addrs[0]), "%.*s", (int)n,
				 field);
		field += n;
		len -= n;
		if (len) {
			field++;
			len--;
		}
	}
}

/* "ID IPV4S IPV6S NAMES [DNS]", one space apart (an empty list leaves two
 * in a row): 0 and *c filled, or -EINVAL. */
static int parse_line(const char *line, size_t len, struct container *c)
{
	const char *field[4];
	size_t flen[4], at = 0;

	for (int i = 0; i < 4; i++) {
		if (i && (at >= len || line[at++] != ' '))
			return -EINVAL;
		field[i] = line + at;
		while (at < len && line[at] != ' ')
			at++;
		flen[i] = (size_t)(line + at - field[i]);
	}
	if (!flen[0] || !flen[3] || (!flen[1] && !flen[2]))
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->runtime = "podman";
	c->running = true; /* aardvark lists only containers that run */
	add_addrs(c, field[1], flen[1]);
	add_addrs(c, field[2], flen[2]);
	snprintf(c->name, sizeof(c->name), "%.*s", (int)strcspn(field[3], ", \n"), field[3]);
	return 0;
}

int podman_aardvark_parse(const char *text, struct container_list *out)
{
	const char *line = strchr(text, '\n'); /* the first line is the network's */

	while (line && *line) {
		size_t len;
		struct container c;

		line++;
		len = strcspn(line, "\n");
		if (len && parse_line(line, len, &c) == 0) {
			if (array_reserve(&out->items, &out->cap, out->n, 8))
				return -ENOMEM;
			out->items[out->n++] = c;
		}
		line += len;
	}
	return 0;
}

static int read_network(const char *sysroot, const char *dir, const char *name, void *ctx)
{
	char *text;
	int err;

	if (strstr(name, ".pid"))
		return 0;
	text = runtime_read_text(sysroot, dir, name);
	err = text ? podman_aardvark_parse(text, ctx) : 0;
	free(text);
	return err;
}

int podman_containers_read(const char *sysroot, struct container_list *out)
{
	return runtime_dir_each(sysroot, AARDVARK_DIR, read_network, out);
}
