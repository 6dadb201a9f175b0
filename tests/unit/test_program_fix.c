// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the per-program fix table (user/fixes): each program with
 * a command line as it runs, and the line it gets. */
#include "table_test.h"

#include "fixes/program_fix.h"

struct fix_case {
	const char *name;
	const char *comm;
	const char *argv[8];
	uint16_t port;
	const char *want_program;
	const char *want_fix; /* substring */
};

static const struct fix_case cases[] = {
	{ "python -m http.server",
	  "python3",
	  { "python3", "-m", "http.server", "8000" },
	  8000,
	  "python http.server",
	  "python3 -m http.server --bind 127.0.0.1 8000" },
	{ "Django",
	  "python3",
	  { "python3", "manage.py", "runserver", "0.0.0.0:8001" },
	  8001,
	  "Django runserver",
	  "runserver 127.0.0.1:8001" },
	{ "uvicorn script",
	  "uvicorn",
	  { "/usr/bin/python3", "/usr/local/bin/uvicorn", "main:app", "--host", "0.0.0.0" },
	  8002,
	  "uvicorn",
	  "--host 127.0.0.1 --port 8002" },
	{ "uvicorn module",
	  "python3",
	  { "python3", "-m", "uvicorn", "main:app" },
	  8002,
	  "uvicorn",
	  "--host 127.0.0.1" },
	{ "gunicorn",
	  "gunicorn",
	  { "/usr/bin/python3", "/usr/bin/gunicorn", "-b", "0.0.0.0:8003" },
	  8003,
	  "gunicorn",
	  "--bind 127.0.0.1:8003" },
	{ "flask run",
	  "flask",
	  { "/usr/bin/python3", "/usr/local/bin/flask", "run", "--host=0.0.0.0" },
	  5000,
	  "Flask",
	  "flask run --host 127.0.0.1 --port 5000" },
	{ "python -m flask",
	  "python3",
	  { "python3", "-m", "flask", "run" },
	  5000,
	  "Flask",
	  "--host 127.0.0.1" },
	{ "jupyter lab",
	  "jupyter-lab",
	  { "/usr/bin/python3", "/usr/bin/jupyter-lab", "--ip=0.0.0.0" },
	  8888,
	  "Jupyter",
	  "--ip 127.0.0.1 --port 8888" },
	{ "vite",
	  "node",
	  { "node", "/app/node_modules/.bin/vite", "--host" },
	  5173,
	  "Vite",
	  "vite --host 127.0.0.1 --port 5173" },
	{ "next dev",
	  "node",
	  { "node", "/app/node_modules/.bin/next", "dev" },
	  3000,
	  "Next.js",
	  "next dev -H 127.0.0.1 -p 3000" },
	{ "next-server title",
	  "next-server (v1",
	  { "next-server (v14.2.3)" },
	  3000,
	  "Next.js",
	  "-H 127.0.0.1" },
	{ "webpack-dev-server",
	  "node",
	  { "node", "/app/node_modules/.bin/webpack-dev-server", "--mode", "development" },
	  8080,
	  "webpack-dev-server",
	  "--host 127.0.0.1 --port 8080" },
	{ "rails",
	  "ruby",
	  { "ruby", "bin/rails", "server", "-b", "0.0.0.0" },
	  3000,
	  "Rails",
	  "rails server -b 127.0.0.1 -p 3000" },
	{ "hugo",
	  "hugo",
	  { "hugo", "server", "--bind", "0.0.0.0" },
	  1313,
	  "Hugo",
	  "hugo server --bind 127.0.0.1 --port 1313" },
	{ "plain node",
	  "node",
	  { "node", "server.js" },
	  4000,
	  "Node.js",
	  "server.listen(4000, \"127.0.0.1\")" },
	/* found by review: a dgram socket was told to server.listen() */
	{ "plain node, UDP",
	  "node",
	  { "node", "dns.js" },
	  5353,
	  "Node.js",
	  "socket.bind(5353, \"127.0.0.1\")" },
	{ "redis",
	  "redis-server",
	  { "/usr/bin/redis-server *:6379" },
	  6379,
	  "Redis",
	  "bind 127.0.0.1 -::1" },
	{ "postgres",
	  "postgres",
	  { "/usr/lib/postgresql/15/bin/postgres", "-D", "/var/lib/pg" },
	  5432,
	  "PostgreSQL",
	  "listen_addresses = 'localhost'" },
	{ "mysqld",
	  "mysqld",
	  { "/usr/sbin/mysqld" },
	  3306,
	  "MySQL/MariaDB",
	  "bind-address = 127.0.0.1" },
	{ "mariadbd",
	  "mariadbd",
	  { "/usr/sbin/mariadbd" },
	  3306,
	  "MySQL/MariaDB",
	  "bind-address = 127.0.0.1" },
	{ "mongod",
	  "mongod",
	  { "mongod", "--bind_ip_all" },
	  27017,
	  "MongoDB",
	  "mongod --bind_ip 127.0.0.1 --port 27017" },
	{ "docker-proxy",
	  "docker-proxy",
	  { "/usr/bin/docker-proxy", "-proto", "tcp", "-host-ip", "0.0.0.0", "-host-port", "8080",
	    "-container-ip" },
	  8080,
	  "Docker",
	  "-p 127.0.0.1:8080:CONTAINER_PORT" },
	{ "docker-proxy with its container port",
	  "docker-proxy",
	  { "/usr/bin/docker-proxy", "-host-port", "8081", "-container-ip", "172.17.0.2",
	    "-container-port", "80" },
	  8081,
	  "Docker",
	  "-p 127.0.0.1:8081:80 " },
	{ "a python script is not a dev server",
	  "python3",
	  { "python3", "myserver.py" },
	  9999,
	  "any program",
	  "bind 127.0.0.1" },
	{ "no command line (kernel thread or gone)",
	  "sshd",
	  { NULL },
	  22,
	  "any program",
	  "enforce --mode rewrite" },
	/* found by review: for a LAN address, not a wildcard, rewrite needs the scope */
	{ "any program on an address",
	  "sshd",
	  { NULL },
	  22,
	  "any program",
	  "--scope non-loopback where it binds an address" },
};

static void test_fix(void **state)
{
	const struct fix_case *c = *state;
	char cmdline[512], out[PROGRAM_FIX_LEN];
	const struct program_fix_rule *r;
	size_t len = 0;

	for (size_t i = 0; i < 8 && c->argv[i]; i++) {
		size_t n = strlen(c->argv[i]) + 1;

		memcpy(cmdline + len, c->argv[i], n);
		len += n;
	}
	r = program_fix(c->comm, cmdline, len, c->port, out, sizeof(out));
	assert_string_equal(r->program, c->want_program);
	if (!strstr(out, c->want_fix))
		fail_msg("fix \"%s\" lacks \"%s\"", out, c->want_fix);
}

/* Every row but the generic one is reached by some case above. */
static void test_every_row_tested(void **state)
{
	(void)state;
	for (size_t i = 0; i < program_fix_rule_count; i++) {
		bool found = false;

		for (size_t j = 0; j < ARRAY_SIZE(cases) && !found; j++)
			found = !strcmp(cases[j].want_program, program_fix_rules[i].program);
		if (!found)
			fail_msg("no test case for the row \"%s\"", program_fix_rules[i].program);
	}
	assert_null(program_fix_rules[program_fix_rule_count - 1].comm);
	assert_null(program_fix_rules[program_fix_rule_count - 1].arg);
}

static void test_short_buffer(void **state)
{
	char out[12];

	(void)state;
	program_fix("hugo", "hugo\0", 5, 65535, out, sizeof(out));
	assert_int_equal(strlen(out), sizeof(out) - 1);
	assert_memory_equal(out, "hugo server", 11);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_every_row_tested),
		cmocka_unit_test(test_short_buffer),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_fix, &cases[i], "fix: %s", cases[i].name);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "program_fix", NULL, NULL);
}
