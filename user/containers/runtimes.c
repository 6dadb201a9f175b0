// SPDX-License-Identifier: GPL-2.0
/* Docker's container files and the runtimes' default publish addresses,
 * read-only, parsed with json-c (Docker) and a line scan (podman's TOML). */
#include "containers/runtimes.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/array.h"
#include "lib/file_read.h"
#include "lib/json_read.h"

#define RUNTIME_FILE_MAX (4u << 20)

static void add_addresses(struct json_object *config, struct container *c)
{
	struct json_object *settings, *networks;

	if (!json_object_object_get_ex(config, "NetworkSettings", &settings) ||
	    !json_object_object_get_ex(settings, "Networks", &networks) ||
	    !json_object_is_type(networks, json_type_object))
		return;
	json_object_object_foreach(networks, name, net)
	{
		const char *addr = json_read_str(net, "IPAddress");

		(void)name;
		if (addr && *addr && c->n_addrs < CONTAINER_MAX_ADDRS)
			snprintf(c->addrs[c->n_addrs++], sizeof(c->addrs[0]), "%s", addr);
	}
}

/* "80/tcp": [{"HostIp": "", "HostPort": "8080"}] */
static void add_ports(struct json_object *hostconfig, struct container *c)
{
	struct json_object *bindings;

	if (!json_object_object_get_ex(hostconfig, "PortBindings", &bindings) ||
	    !json_object_is_type(bindings, json_type_object))
		return;
	json_object_object_foreach(bindings, spec, list)
	{
		unsigned int cport = 0;
		char proto[8] = "tcp";

		if (sscanf(spec, "%u/%7s", &cport, proto) < 1 ||
		    !json_object_is_type(list, json_type_array))
			continue;
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			struct json_object *b = json_object_array_get_idx(list, i);
			const char *hport = json_read_str(b, "HostPort"),
				   *hip = json_read_str(b, "HostIp");
			struct container_port *p;

			if (c->n_ports >= CONTAINER_MAX_PORTS)
				return;
			p = &c->ports[c->n_ports++];
			p->l4proto = strcmp(proto, "udp") ? IPPROTO_TCP : IPPROTO_UDP;
			p->container_port = (uint16_t)cport;
			p->host_port =
			    (uint16_t)(hport && *hport ? (unsigned int)atoi(hport) : cport);
			snprintf(p->host_ip, sizeof(p->host_ip), "%s", hip ? hip : "");
		}
	}
}

int docker_container_parse(const char *config, const char *hostconfig, struct container *out)
{
	struct json_object *cfg = config ? json_tokener_parse(config) : NULL, *host = NULL, *state;
	const char *name;

	memset(out, 0, sizeof(*out));
	out->runtime = "Docker";
	name = json_read_str(cfg, "Name");
	if (!cfg || !name) {
		json_object_put(cfg);
		return -EINVAL;
	}
	snprintf(out->name, sizeof(out->name), "%s", name[0] == '/' ? name + 1 : name);
	if (json_object_object_get_ex(cfg, "State", &state) &&
	    json_object_object_get_ex(state, "Running", &state))
		out->running = json_object_get_boolean(state);
	add_addresses(cfg, out);
	host = hostconfig ? json_tokener_parse(hostconfig) : NULL;
	if (host)
		add_ports(host, out);
	json_object_put(host);
	json_object_put(cfg);
	return 0;
}

char *runtime_read_text(const char *sysroot, const char *dir, const char *name)
{
	char path[PATH_MAX];
	uint8_t *data = NULL;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_file_bytes(sysroot, path, RUNTIME_FILE_MAX, &data, &len))
		return NULL;
	data[len] = '\0'; /* read_file_bytes leaves room for it */
	return (char *)data;
}

int runtime_dir_each(const char *sysroot, const char *dir,
		     int (*fn)(const char *sysroot, const char *dir, const char *name, void *ctx),
		     void *ctx)
{
	char full[PATH_MAX];
	struct dirent *de;
	int err = 0;
	DIR *d;

	snprintf(full, sizeof(full), "%s%s", sysroot ? sysroot : "", dir);
	d = opendir(full);
	if (!d)
		return 0; /* no such runtime, or not allowed to look: no names */
	while (!err && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			err = fn(sysroot, dir, de->d_name, ctx);
	closedir(d);
	return err;
}

static int read_docker_container(const char *sysroot, const char *base, const char *name, void *ctx)
{
	struct container_list *out = ctx;
	char dir[PATH_MAX], *config, *hostconfig;
	struct container c;
	int err = 0;

	snprintf(dir, sizeof(dir), "%s/%.200s", base, name);
	config = runtime_read_text(sysroot, dir, "config.v2.json");
	hostconfig = runtime_read_text(sysroot, dir, "hostconfig.json");
	if (config && docker_container_parse(config, hostconfig, &c) == 0) {
		err = array_reserve(&out->items, &out->cap, out->n, 8);
		if (!err)
			out->items[out->n++] = c;
	}
	free(config);
	free(hostconfig);
	return err;
}

int docker_containers_read(const char *sysroot, struct container_list *out)
{
	return runtime_dir_each(sysroot, "/var/lib/docker/containers", read_docker_container, out);
}

void container_list_free(struct container_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

const struct container *container_by_addr(const struct container_list *l, const char *addr)
{
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; l->items[i].running && k < l->items[i].n_addrs; k++)
			if (!strcmp(l->items[i].addrs[k], addr))
				return &l->items[i];
	return NULL;
}

const struct container *container_by_host_port(const struct container_list *l, int l4proto,
					       uint16_t port,
					       const struct container_port **port_out)
{
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; l->items[i].running && k < l->items[i].n_ports; k++) {
			const struct container_port *p = &l->items[i].ports[k];

			if (p->l4proto == l4proto && p->host_port == port) {
				if (port_out)
					*port_out = p;
				return &l->items[i];
			}
		}
	return NULL;
}
