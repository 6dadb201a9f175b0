// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the container runtimes' own files that `audit` reads (Docker's
 * config.v2.json and hostconfig.json, its daemon.json, podman's
 * containers.conf, aardvark-dns network files).  The first byte picks the
 * reader; for Docker's pair, a NUL splits the two files.  Each reader
 * answers with one of its documented codes and fills only what it owns. */
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "containers/runtimes.h"

#include "fuzz.h"

static void check_container(const struct container *c)
{
	CHECK(c->runtime);
	CHECK(memchr(c->name, '\0', sizeof(c->name)));
	CHECK(c->n_addrs <= CONTAINER_MAX_ADDRS);
	CHECK(c->n_ports <= CONTAINER_MAX_PORTS);
	for (size_t i = 0; i < c->n_addrs; i++)
		CHECK(memchr(c->addrs[i], '\0', sizeof(c->addrs[i])));
	for (size_t i = 0; i < c->n_ports; i++) {
		CHECK(c->ports[i].l4proto == IPPROTO_TCP || c->ports[i].l4proto == IPPROTO_UDP);
		CHECK(memchr(c->ports[i].host_ip, '\0', sizeof(c->ports[i].host_ip)));
	}
}

static void docker_pair(const char *text, size_t size)
{
	size_t first = strlen(text);
	const char *hostconfig = first < size ? text + first + 1 : NULL;
	struct container c;
	int err = docker_container_parse(text, hostconfig, &c);

	CHECK(err == 0 || err == -EINVAL);
	if (!err)
		check_container(&c);
}

static void aardvark(const char *text)
{
	struct container_list l = { 0 };
	const struct container_port *port = NULL;
	int err = podman_aardvark_parse(text, &l);

	CHECK(err == 0 || err == -ENOMEM);
	for (size_t i = 0; i < l.n; i++)
		check_container(&l.items[i]);
	if (l.n && l.items[0].n_addrs)
		CHECK(container_by_addr(&l, l.items[0].addrs[0]) != NULL);
	(void)container_by_host_port(&l, IPPROTO_TCP, 8080, &port);
	container_list_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, out[64];
	int err;

	if (size < 1)
		return 0;
	/* the bytes after the selector, NUL-terminated (a NUL inside splits Docker's pair) */
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 4) {
	case 0: docker_pair(text, size - 1); break;
	case 1: aardvark(text); break;
	case 2:
		memset(out, 'x', sizeof(out));
		err = docker_daemon_ip(text, out, sizeof(out));
		CHECK(err == 0 || err == -ENOENT || err == -EINVAL);
		CHECK(err || memchr(out, '\0', sizeof(out)));
		break;
	default:
		memset(out, 'x', sizeof(out));
		err = podman_default_host_ips(text, out, sizeof(out));
		CHECK(err == 0 || err == -ENOENT);
		CHECK(err || memchr(out, '\0', sizeof(out)));
		break;
	}
	free(text);
	return 0;
}
