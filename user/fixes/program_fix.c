// SPDX-License-Identifier: GPL-2.0
/* The table of per-program fixes for a wildcard listener, and the matcher.
 * To add a program: one row above the generic one; test_program_fix checks
 * every row with a command line of that program. */
#include "fixes/program_fix.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CMDLINE_MAX 4096

const struct program_fix_rule program_fix_rules[] = {
	{ "python http.server", "python*", "http.server",
	  "python3 -m http.server --bind 127.0.0.1 {port}" },
	{ "Django runserver", "python*", "runserver",
	  "python manage.py runserver 127.0.0.1:{port}" },
	{ "uvicorn", "uvicorn|python*", "*uvicorn*", "uvicorn APP --host 127.0.0.1 --port {port}" },
	{ "gunicorn", "gunicorn|python*", "*gunicorn*", "gunicorn --bind 127.0.0.1:{port} APP" },
	{ "Flask", "flask|python*", "*flask*",
	  "flask run --host 127.0.0.1 --port {port} (or app.run(host=\"127.0.0.1\"))" },
	{ "Jupyter", "jupyter*|python*", "*jupyter*",
	  "jupyter lab --ip 127.0.0.1 --port {port} (or c.ServerApp.ip = \"127.0.0.1\")" },
	{ "Vite", "node|vite", "*/vite|vite|*/vite.js",
	  "vite --host 127.0.0.1 --port {port} (or server.host: \"127.0.0.1\" in vite.config)" },
	{ "Next.js", "node|next-server*", "*/next|next|next-server*",
	  "next dev -H 127.0.0.1 -p {port}" },
	{ "webpack-dev-server", "node", "*webpack*",
	  "webpack serve --host 127.0.0.1 --port {port} (or devServer.host: \"127.0.0.1\")" },
	{ "Rails", "ruby|rails|puma*", "*rails*|*puma*",
	  "bin/rails server -b 127.0.0.1 -p {port}" },
	{ "Hugo", "hugo", NULL, "hugo server --bind 127.0.0.1 --port {port}" },
	{ "Node.js", "node", NULL,
	  "listen on loopback: server.listen({port}, \"127.0.0.1\") (a UDP socket: "
	  "socket.bind({port}, \"127.0.0.1\")), or HOST=127.0.0.1 where the framework reads it" },
	{ "Redis", "redis-server", NULL,
	  "bind 127.0.0.1 -::1 in redis.conf (or redis-server --bind 127.0.0.1 --port {port})" },
	{ "PostgreSQL", "postgres|postmaster", NULL,
	  "listen_addresses = 'localhost' in postgresql.conf, then restart PostgreSQL" },
	{ "MySQL/MariaDB", "mysqld|mariadbd", NULL,
	  "bind-address = 127.0.0.1 in the [mysqld] section of my.cnf, then restart" },
	{ "MongoDB", "mongod", NULL,
	  "mongod --bind_ip 127.0.0.1 --port {port} (or net.bindIp: 127.0.0.1 in mongod.conf)" },
	{ "Docker", "docker-proxy", NULL,
	  "publish on loopback: docker run -p 127.0.0.1:{port}:{value} ...", "-container-port",
	  "CONTAINER_PORT" },
	{ "any program", NULL, NULL,
	  "make it bind 127.0.0.1 (or ::1) instead, or run it under `bindguard enforce --mode "
	  "rewrite` (with --scope non-loopback where it binds an address, not a wildcard)" },
};
const size_t program_fix_rule_count = sizeof(program_fix_rules) / sizeof(program_fix_rules[0]);

/* Does text match one of the '|'-separated patterns? */
static bool matches_any(const char *patterns, const char *text)
{
	char buf[128];
	const char *p = patterns;

	while (*p) {
		size_t n = strcspn(p, "|");

		snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
		if (fnmatch(buf, text, 0) == 0)
			return true;
		p += n;
		if (*p == '|')
			p++;
	}
	return false;
}

/* The argument after `name` in cmdline, or NULL. */
static const char *arg_after(const char *cmdline, size_t len, const char *name)
{
	for (size_t i = 0; i < len; i += strnlen(cmdline + i, len - i) + 1) {
		size_t n = strnlen(cmdline + i, len - i);

		if (!strcmp(cmdline + i, name) && i + n + 1 < len)
			return cmdline + i + n + 1;
	}
	return NULL;
}

static bool rule_matches(const struct program_fix_rule *r, const char *comm, const char *cmdline,
			 size_t len)
{
	if (r->comm && !matches_any(r->comm, comm))
		return false;
	if (!r->arg)
		return true;
	for (size_t i = 0; i < len; i += strnlen(cmdline + i, len - i) + 1)
		if (matches_any(r->arg, cmdline + i))
			return true;
	return false;
}

static void expand(const struct program_fix_rule *r, const char *cmdline, size_t len, uint16_t port,
		   char *out, size_t outlen)
{
	const char *value = r->value_after ? arg_after(cmdline, len, r->value_after) : NULL;
	size_t used = 0;

	out[0] = '\0';
	for (const char *t = r->fix; *t && used + 1 < outlen; t++) {
		int w = 0;

		if (!strncmp(t, "{port}", 6)) {
			w = snprintf(out + used, outlen - used, "%u", port);
			t += 5;
		} else if (!strncmp(t, "{value}", 7)) {
			w = snprintf(out + used, outlen - used, "%.32s",
				     value ? value : r->value_default);
			t += 6;
		} else {
			out[used] = *t;
			out[used + 1] = '\0';
			w = 1;
		}
		used += w > 0 ? (size_t)w : 0;
		if (used >= outlen)
			used = outlen - 1;
	}
}

const struct program_fix_rule *program_fix(const char *comm, const char *cmdline, size_t len,
					   uint16_t port, char *out, size_t outlen)
{
	const struct program_fix_rule *r = &program_fix_rules[program_fix_rule_count - 1];

	for (size_t i = 0; i + 1 < program_fix_rule_count; i++)
		if (rule_matches(&program_fix_rules[i], comm, cmdline, len)) {
			r = &program_fix_rules[i];
			break;
		}
	expand(r, cmdline, len, port, out, outlen);
	return r;
}

const struct program_fix_rule *program_fix_for_pid(pid_t pid, const char *comm, uint16_t port,
						   char *out, size_t outlen)
{
	char path[64], cmdline[CMDLINE_MAX];
	ssize_t n = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, cmdline, sizeof(cmdline) - 1);
		close(fd);
	}
	if (n < 0)
		n = 0;
	cmdline[n] = '\0';
	return program_fix(comm, cmdline, (size_t)n, port, out, outlen);
}
