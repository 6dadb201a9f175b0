// SPDX-License-Identifier: GPL-2.0
/* Unit tests of trace --hints (user/fixes/bind_hints): one hint per
 * program, a program being its process name and the fix it gets, through
 * a trace session of listen and bind events. */
#include "table_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>

#include "fixes/bind_hints.h"

/* The processes of the session, by pid: their command lines (arguments
 * split by spaces here, by NULs in /proc/PID/cmdline). */
static const struct {
	pid_t pid;
	const char *cmdline;
} procs[] = {
	{ 101, "python3 -m http.server 8000" },
	{ 102, "python3 manage.py runserver 0.0.0.0:8001" },
	{ 103, "python3 -m jupyter lab --ip=0.0.0.0" },
	{ 104, "python3 -m http.server 8002" },
	{ 201, "node /app/node_modules/.bin/vite --host" },
	{ 202, "node server.js" },
	{ 301, "redis-server *:6379" },
};

/* program_fix_for_pid, with the command lines above for /proc. */
static const struct program_fix_rule *fake_fix_for(pid_t pid, const char *comm, uint16_t port,
						   char *out, size_t outlen)
{
	char cmdline[128] = "";
	size_t len;

	for (size_t i = 0; i < ARRAY_SIZE(procs); i++)
		if (procs[i].pid == pid)
			snprintf(cmdline, sizeof(cmdline), "%s", procs[i].cmdline);
	len = strlen(cmdline);
	for (size_t i = 0; i < len; i++)
		if (cmdline[i] == ' ')
			cmdline[i] = '\0';
	return program_fix(comm, cmdline, len, port, out, outlen);
}

struct step {
	const char *what;
	uint8_t kind;
	int protocol;
	const char *addr;
	uint16_t port;
	pid_t pid;
	const char *comm;
	int err;	  /* the call failed with it */
	int times;	  /* the same event this often (0: once) */
	const char *want; /* the program of the one hint it gives, NULL: none */
};

static const struct step session[] = {
	{ "http.server", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 8000, 101, "python3", 0, 0,
	  "python http.server" },
	{ "http.server re-binding in a loop", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 8000, 101,
	  "python3", 0, 50, NULL },
	{ "Django after http.server, both python3", BG_EVENT_LISTEN, IPPROTO_TCP, "::", 8001, 102,
	  "python3", 0, 0, "Django runserver" },
	{ "Jupyter, python3 too", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 8888, 103, "python3", 0,
	  0, "Jupyter" },
	{ "Django again", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 8001, 102, "python3", 0, 20,
	  NULL },
	{ "a second http.server: the same program", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 8002,
	  104, "python3", 0, 0, NULL },
	{ "Vite", BG_EVENT_LISTEN, IPPROTO_TCP, "::", 5173, 201, "node", 0, 0, "Vite" },
	{ "plain Node.js after Vite, both node", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 3000, 202,
	  "node", 0, 0, "Node.js" },
	{ "the same Node.js on UDP", BG_EVENT_BIND, IPPROTO_UDP, "0.0.0.0", 5353, 202, "node", 0, 0,
	  NULL },
	{ "on loopback", BG_EVENT_LISTEN, IPPROTO_TCP, "127.0.0.1", 6379, 301, "redis-server", 0, 0,
	  NULL },
	{ "a TCP bind, not listening yet", BG_EVENT_BIND, IPPROTO_TCP, "0.0.0.0", 6379, 301,
	  "redis-server", 0, 0, NULL },
	{ "a failed listen", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 6379, 301, "redis-server",
	  EADDRINUSE, 0, NULL },
	{ "Redis", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 6379, 301, "redis-server", 0, 0,
	  "Redis" },
};

static size_t forwarded;

static int count_event(void *ctx, const struct bind_event *e)
{
	(void)ctx;
	(void)e;
	forwarded++;
	return 0;
}

static struct bind_event step_event(const struct step *s)
{
	struct bind_event e;

	memset(&e, 0, sizeof(e));
	e.kind = s->kind;
	e.protocol = (uint16_t)s->protocol;
	e.family = strchr(s->addr, ':') ? AF_INET6 : AF_INET;
	inet_pton(e.family, s->addr, e.addr);
	e.port = s->port;
	e.ret = -s->err;
	e.flags = BG_F_EFF_VALID;
	e.pid = (uint32_t)s->pid;
	snprintf(e.comm, sizeof(e.comm), "%s", s->comm);
	return e;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

static void test_session(void **state)
{
	static struct bind_hints h;
	size_t size = 0, shown = 0, events = 0;
	char *text = NULL;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.next = count_event;
	h.out = open_memstream(&text, &size);
	h.fix_for = fake_fix_for;
	assert_non_null(h.out);
	forwarded = 0;
	for (size_t i = 0; i < ARRAY_SIZE(session); i++) {
		const struct step *s = &session[i];
		struct bind_event e = step_event(s);
		const char *added;
		char want[96];

		for (int n = 0; n < (s->times ? s->times : 1); n++, events++)
			assert_int_equal(bind_hints_event(&h, &e), 0);
		fflush(h.out);
		added = text + shown;
		shown = size;
		if (!s->want) {
			if (*added)
				fail_msg("%s: no hint wanted, got %s", s->what, added);
			continue;
		}
		snprintf(want, sizeof(want),
			 "(pid %d) listens on %s port %u; fix (%s): ", (int)s->pid, s->addr,
			 s->port, s->want);
		if (count(added, "bindguard trace: hint: ") != 1 || !strstr(added, want))
			fail_msg("%s: wanted one hint with \"%s\", got \"%s\"", s->what, want,
				 added);
	}
	/* every event goes on to the stream, hinted or not */
	assert_int_equal(forwarded, events);
	fclose(h.out);
	free(text);
}

/* Without a stand-in, the fix comes from the process itself (/proc). */
static void test_default_lookup(void **state)
{
	static struct bind_hints h;
	struct step s = { "hugo", BG_EVENT_LISTEN, IPPROTO_TCP, "0.0.0.0", 1313, getpid(), "hugo" };
	struct bind_event e = step_event(&s);
	size_t size = 0;
	char *text = NULL;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.next = count_event;
	h.out = open_memstream(&text, &size);
	assert_non_null(h.out);
	assert_int_equal(bind_hints_event(&h, &e), 0);
	assert_int_equal(bind_hints_event(&h, &e), 0);
	fclose(h.out);
	assert_int_equal(count(text, "bindguard trace: hint: "), 1);
	assert_non_null(strstr(text, "fix (Hugo): hugo server --bind 127.0.0.1 --port 1313\n"));
	free(text);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_default_lookup),
	};

	return cmocka_run_group_tests_name("bind_hints", tests, NULL, NULL);
}
