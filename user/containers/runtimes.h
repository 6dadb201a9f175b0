/* SPDX-License-Identifier: GPL-2.0 */
/* What the container runtimes' own files say, read-only: Docker's
 * containers (name, addresses, published ports) and the default publish
 * address of Docker (daemon.json "ip") and podman (containers.conf
 * default_host_ips).  Paths are looked up under a sysroot, for tests. */
#ifndef BINDGUARD_RUNTIMES_H
#define BINDGUARD_RUNTIMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONTAINER_MAX_ADDRS 4
#define CONTAINER_MAX_PORTS 16

struct container_port {
	int l4proto; /* IPPROTO_TCP or IPPROTO_UDP */
	uint16_t host_port;
	uint16_t container_port;
	char host_ip[48]; /* "" for every address */
};

struct container {
	char name[128];
	const char *runtime; /* "Docker", "podman" */
	bool running;
	char addrs[CONTAINER_MAX_ADDRS][48];
	size_t n_addrs;
	struct container_port ports[CONTAINER_MAX_PORTS];
	size_t n_ports;
};

struct container_list {
	struct container *items;
	size_t n, cap;
};

/* Pure: one Docker container from its config.v2.json and hostconfig.json
 * (either may be NULL).  0, or -EINVAL when config is not Docker's JSON. */
int docker_container_parse(const char *config, const char *hostconfig, struct container *out);

/* Reads <sysroot>/var/lib/docker/containers/(*)/.  0 (also when there is no
 * Docker), or -ENOMEM. */
int docker_containers_read(const char *sysroot, struct container_list *out);
void container_list_free(struct container_list *l);

/* fn(sysroot, dir, name, ctx) for each entry of <sysroot>/dir (dot files
 * skipped) until one returns non-zero: that value, or 0 (also when dir
 * cannot be opened). */
int runtime_dir_each(const char *sysroot, const char *dir,
		     int (*fn)(const char *sysroot, const char *dir, const char *name, void *ctx),
		     void *ctx);
/* <sysroot>/dir/name as a NUL-terminated string (free it), or NULL. */
char *runtime_read_text(const char *sysroot, const char *dir, const char *name);

/* Pure: one aardvark-dns network file (podman with netavark): after the
 * line of the network's own addresses, a line per running container,
 * "ID IPV4,... IPV6,... NAME,ALIAS,... [DNS]".  Appends those containers;
 * 0 or -ENOMEM. */
int podman_aardvark_parse(const char *text, struct container_list *out);
/* Reads <sysroot>/run/containers/networks/aardvark-dns/(*).  0 (also when
 * there is no podman), or -ENOMEM. */
int podman_containers_read(const char *sysroot, struct container_list *out);

/* The running container with this address, or one publishing this host
 * port; NULL when none. */
const struct container *container_by_addr(const struct container_list *l, const char *addr);
const struct container *container_by_host_port(const struct container_list *l, int l4proto,
					       uint16_t port,
					       const struct container_port **port_out);

/* Pure: Docker's daemon.json "ip" into ip: 0, -ENOENT (no "ip"), -EINVAL. */
int docker_daemon_ip(const char *daemon_json, char *ip, size_t len);
/* Pure: podman's containers.conf (TOML) default_host_ips, as written
 * between the brackets: 0, -ENOENT (not set). */
int podman_default_host_ips(const char *conf, char *ips, size_t len);

#define RUNTIME_FINDING_LEN 400

/* Findings for a runtime installed under sysroot whose default publish
 * address is the wildcard, each a sentence with the fix.  Returns how many
 * were written (at most max). */
size_t runtime_defaults_check(const char *sysroot, char (*findings)[RUNTIME_FINDING_LEN],
			      size_t max);

#endif
