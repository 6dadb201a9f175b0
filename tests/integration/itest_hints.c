// SPDX-License-Identifier: GPL-2.0
/* `trace --hints` on the real kernel: two python http.servers on a wildcard
 * in a test namespace give one hint, with the fix for python's server. */
#include "netns_fixture.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns_enter.h"

struct fixture {
	struct ns_holder ns;
	struct bg_proc servers[2];
	int n_servers;
	struct bg_proc trace;
	bool tracing;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	for (int i = 0; i < f->n_servers; i++) {
		bg_stop(&f->servers[i]);
		bg_free(&f->servers[i]);
	}
	if (f->tracing) {
		bg_stop(&f->trace);
		bg_free(&f->trace);
	}
	holder_stop(&f->ns);
	free(f);
	return 0;
}

/* Waits until something listens on port in the namespace. */
static void wait_listening(struct ns_holder *h, int port)
{
	char want[32];

	snprintf(want, sizeof(want), ":%d ", port);
	for (int i = 0; i < 100; i++) {
		static const char *const args[] = { "audit", "--no-color", NULL };
		struct bg_proc p;
		bool found;

		bg_run_in(h, &p, args, 20000);
		found = strstr(out_of(&p), want) != NULL;
		bg_free(&p);
		if (found)
			return;
		usleep(100 * 1000);
	}
	fail_msg("nothing listens on port %d", port);
}

/* Returns the program audit recognises it as. */
static const char *start_server(struct fixture *f, int port)
{
	const char *program;

	assert_int_equal(start_dev_server(&f->servers[f->n_servers], f->ns.pid, port, &program), 0);
	f->n_servers++;
	wait_listening(&f->ns, port);
	return program;
}

/* Two servers of the same program (python's http.server, or busybox httpd
 * where there is no Python): one hint, with the fix for that program. */
static void test_one_hint_per_program(void **state)
{
	struct fixture *f = *state;
	static const char *const args[] = { "trace", "--hints", "-P", "8767,8768", NULL };
	const char *first, *program;
	char want[160];

	itest_require_root();
	assert_int_equal(holder_start(&f->ns), 0);
	assert_int_equal(bg_start(&f->trace, args), 0);
	f->tracing = true;
	assert_int_equal(bg_wait_for_stderr(&f->trace, "tracing started", 20000), 0);
	program = start_server(f, 8767);
	start_server(f, 8768);
	bg_stop(&f->trace);
	first = f->trace.err ? strstr(f->trace.err, "bindguard trace: hint: ") : NULL;
	if (!first)
		fail_msg("no hint in: %s", f->trace.err ? f->trace.err : "");
	snprintf(want, sizeof(want), "port 8767; fix (%s): %s", program,
		 strcmp(program, "python http.server") ? "make it bind 127.0.0.1"
						       : "python3 -m http.server --bind 127.0.0.1 "
							 "8767\n");
	if (!strstr(first, want))
		fail_msg("hint \"%s\" lacks \"%s\"", first, want);
	/* the second server is the same program: no second hint */
	assert_null(strstr(first + 1, "bindguard trace: hint:"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_hint_per_program, setup, teardown),
	};

	return cmocka_run_group_tests_name("itest_hints", tests, NULL, NULL);
}
