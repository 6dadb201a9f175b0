// SPDX-License-Identifier: GPL-2.0
/* The address Docker and podman publish `-p HOST:CONTAINER` on when the
 * user gives none: a finding, with the fix, when it is the wildcard. */
#include "containers/runtimes.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/file_read.h"

#define CONF_MAX (1u << 20)

int docker_daemon_ip(const char *daemon_json, char *ip, size_t len)
{
	struct json_object *root = json_tokener_parse(daemon_json), *v;
	int err = -ENOENT;

	if (!root || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return -EINVAL;
	}
	if (json_object_object_get_ex(root, "ip", &v)) {
		err = json_object_is_type(v, json_type_string) ? 0 : -EINVAL;
		if (!err)
			snprintf(ip, len, "%s", json_object_get_string(v));
	}
	json_object_put(root);
	return err;
}

int podman_default_host_ips(const char *conf, char *ips, size_t len)
{
	for (const char *line = conf; line && *line;) {
		const char *p = line + strspn(line, " \t");
		size_t n = strcspn(p, "\n");

		if (!strncmp(p, "default_host_ips", 16)) {
			const char *open = memchr(p, '[', n), *close = memchr(p, ']', n);

			if (open && close && close > open) {
				snprintf(ips, len, "%.*s", (int)(close - open - 1), open + 1);
				return 0;
			}
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

static bool exists(const char *sysroot, const char *path)
{
	char full[PATH_MAX];
	struct stat st;

	snprintf(full, sizeof(full), "%s%s", sysroot ? sysroot : "", path);
	return stat(full, &st) == 0;
}

static bool is_wildcard(const char *ip)
{
	return !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") || !strcmp(ip, "[::]");
}

static bool check_docker(const char *sysroot, char *finding)
{
	static const char path[] = "/etc/docker/daemon.json";
	char ip[64] = "";
	uint8_t *data = NULL;
	size_t len;
	int err = -ENOENT;

	if (!exists(sysroot, "/usr/bin/dockerd") && !exists(sysroot, "/etc/docker"))
		return false;
	if (read_file_bytes(sysroot, path, CONF_MAX, &data, &len) == 0) {
		data[len] = '\0';
		err = docker_daemon_ip((char *)data, ip, sizeof(ip));
	}
	free(data);
	if (err == -EINVAL) {
		snprintf(finding, RUNTIME_FINDING_LEN,
			 "%s is not valid JSON, so Docker's default publish address is unknown.",
			 path);
		return true;
	}
	if (!err && !is_wildcard(ip))
		return false;
	snprintf(finding, RUNTIME_FINDING_LEN,
		 "Docker publishes ports on every address by default (%s): set \"ip\": "
		 "\"127.0.0.1\" in %s and restart Docker, or publish with -p "
		 "127.0.0.1:HOST:CONTAINER.",
		 err ? "no \"ip\" in daemon.json" : "\"ip\" is the wildcard", path);
	return true;
}

static bool check_podman(const char *sysroot, char *finding)
{
	static const char *const paths[] = { "/etc/containers/containers.conf",
					     "/usr/share/containers/containers.conf" };
	char ips[128] = "";
	int err = -ENOENT;

	if (!exists(sysroot, "/usr/bin/podman"))
		return false;
	for (size_t i = 0; i < 2 && err; i++) {
		uint8_t *data = NULL;
		size_t len;

		if (read_file_bytes(sysroot, paths[i], CONF_MAX, &data, &len) == 0) {
			data[len] = '\0';
			err = podman_default_host_ips((char *)data, ips, sizeof(ips));
		}
		free(data);
	}
	if (!err && !strstr(ips, "0.0.0.0") && !strstr(ips, "\"::\"") &&
	    ips[strspn(ips, " \t")] != '\0')
		return false;
	snprintf(finding, RUNTIME_FINDING_LEN,
		 "podman publishes ports on every address by default (%s): set "
		 "default_host_ips = [\"127.0.0.1\"] in the [network] table of %s.",
		 err ? "default_host_ips is not set" : "default_host_ips holds the wildcard",
		 paths[0]);
	return true;
}

size_t runtime_defaults_check(const char *sysroot, char (*findings)[RUNTIME_FINDING_LEN],
			      size_t max)
{
	size_t n = 0;

	if (n < max && check_docker(sysroot, findings[n]))
		n++;
	if (n < max && check_podman(sysroot, findings[n]))
		n++;
	return n;
}
