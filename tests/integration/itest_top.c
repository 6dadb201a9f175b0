// SPDX-License-Identifier: GPL-2.0
/* bindguard top on the real kernel: --once after a listener appears and
 * after it closes, --batch with live BPF events, and the refusals. */
#include "netns_enter.h"
#include "netns_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

struct fixture {
	struct ns_holder a, b;
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

	holder_stop(&f->a);
	holder_stop(&f->b);
	free(f);
	return 0;
}

static int top_in(struct ns_holder *h, struct bg_proc *p, const char *const *extra)
{
	return bg_run_command_in(h, p, "top", extra);
}

struct row {
	char proto[8], addr[64], cls[16], exposure[16], pid[16], user[32], comm[32];
	unsigned int port;
};

/* The table row for proto/port in text, or false. */
static bool find_row(const char *text, const char *proto, unsigned int port, struct row *r)
{
	const char *line = text;

	while (line && *line) {
		const char *eol = strchr(line, '\n');
		char buf[512];
		size_t len = eol ? (size_t)(eol - line) : strlen(line);

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			memset(r, 0, sizeof(*r));
			if (sscanf(buf, "%7s %63s %u %15s %15s %15s %31s %31s", r->proto, r->addr,
				   &r->port, r->cls, r->exposure, r->pid, r->user, r->comm) >= 7 &&
			    strcmp(r->proto, proto) == 0 && r->port == port)
				return true;
		}
		line = eol ? eol + 1 : NULL;
	}
	return false;
}

static size_t count_rows(const char *text)
{
	size_t n = 0;

	for (const char *line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		n += strncmp(line, "tcp ", 4) == 0 || strncmp(line, "udp ", 4) == 0;
	return n;
}

static void test_once_appear_and_close(void **state)
{
	static const char *const once[] = { "--once", NULL };
	struct fixture *f = *state;
	struct bg_proc p;
	struct row r;
	char pid[16];
	int port = 0, port6 = 0, id;

	itest_require_root();
	assert_int_equal(holder_start(&f->a), 0);

	assert_int_equal(top_in(&f->a, &p, once), 0);
	fprintf(stderr, "%s", out_of(&p));
	assert_non_null(strstr(out_of(&p), "bindguard top - "));
	assert_non_null(strstr(out_of(&p), " - 0 listening, 0 exposed - snapshot\n"));
	assert_non_null(strstr(out_of(&p), "\nPROTO ADDRESS"));
	assert_int_equal(count_rows(out_of(&p)), 0);
	bg_free(&p);

	id = holder_listen(&f->a, AF_INET, SOCK_STREAM, "0.0.0.0", 0, 0, NULL, &port);
	assert_true(id >= 0);
	assert_true(holder_listen(&f->a, AF_INET6, SOCK_DGRAM, "::1", 1, 0, NULL, &port6) >= 0);
	assert_int_equal(top_in(&f->a, &p, once), 0);
	fprintf(stderr, "%s", out_of(&p));
	assert_non_null(strstr(out_of(&p), " - 2 listening, 1 exposed - snapshot\n"));
	snprintf(pid, sizeof(pid), "%d", (int)f->a.pid);
	assert_true(find_row(out_of(&p), "tcp", (unsigned int)port, &r));
	assert_string_equal(r.addr, "0.0.0.0");
	assert_string_equal(r.cls, "wildcard");
	assert_string_equal(r.exposure, "latent");
	assert_string_equal(r.pid, pid);
	assert_string_equal(r.user, "root");
	assert_true(find_row(out_of(&p), "udp", (unsigned int)port6, &r));
	assert_string_equal(r.addr, "::1");
	assert_string_equal(r.exposure, "local");
	/* exposed first */
	assert_true(strstr(out_of(&p), "\ntcp ") < strstr(out_of(&p), "\nudp "));
	bg_free(&p);

	assert_int_equal(holder_close(&f->a, id), 0);
	assert_int_equal(top_in(&f->a, &p, once), 0);
	assert_false(find_row(out_of(&p), "tcp", (unsigned int)port, &r));
	assert_true(find_row(out_of(&p), "udp", (unsigned int)port6, &r));
	assert_non_null(strstr(out_of(&p), " - 1 listening, 0 exposed - snapshot\n"));
	bg_free(&p);
}

static void test_once_all_netns(void **state)
{
	static const char *const args[] = { "--once", "--all-netns", NULL };
	struct fixture *f = *state;
	struct bg_proc p;
	struct row r;
	char netns[32];
	int port = 0;

	itest_require_root();
	assert_int_equal(holder_start(&f->a), 0);
	assert_int_equal(holder_start(&f->b), 0);
	assert_true(holder_listen(&f->b, AF_INET, SOCK_STREAM, "127.0.0.1", 0, 0, NULL, &port) >=
		    0);
	assert_int_equal(top_in(&f->a, &p, args), 0);
	assert_non_null(strstr(out_of(&p), "NETNS"));
	assert_true(find_row(out_of(&p), "tcp", (unsigned int)port, &r));
	snprintf(netns, sizeof(netns), " %llu\n", (unsigned long long)f->b.netns);
	assert_non_null(strstr(out_of(&p), netns));
	bg_free(&p);
}

static void test_batch_without_bpf(void **state)
{
	static const char *const args[] = { "--batch", "-n", "2", "-d", "1", "--no-bpf", NULL };
	struct fixture *f = *state;
	struct bg_proc p;
	const char *first, *second;

	itest_require_root();
	assert_int_equal(holder_start(&f->a), 0);
	assert_int_equal(top_in(&f->a, &p, args), 0);
	first = strstr(out_of(&p), "bindguard top - ");
	assert_non_null(first);
	second = strstr(first + 1, "bindguard top - ");
	assert_non_null(second);
	assert_null(strstr(second + 1, "bindguard top - "));
	assert_non_null(strstr(out_of(&p), "live events off (--no-bpf)"));
	assert_non_null(strstr(out_of(&p), "enforcement: "));
	bg_free(&p);
}

/* Reads fd (top's stdout, or its terminal) until marker has appeared count
 * times in all it wrote, kept in seen. */
static bool wait_for_marker(int fd, char *seen, size_t cap, const char *marker, int count,
			    int timeout_ms)
{
	size_t used = strlen(seen);

	for (int waited = 0; waited < timeout_ms; waited += 50) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int found = 0;

		if (poll(&pfd, 1, 50) > 0) {
			ssize_t n = read(fd, seen + used, cap - 1 - used);

			if (n > 0) {
				used += (size_t)n;
				seen[used] = '\0';
			}
		}
		for (const char *s = seen; (s = strstr(s, marker)) != NULL; s++)
			found++;
		if (found >= count)
			return true;
	}
	return false;
}

/* Live: the listener and the counters come from BPF events, between two
 * tables, not from a snapshot. */
static void test_batch_live_events(void **state)
{
	static const char *const args[] = { "top", "--batch", "-n", "3", "-d", "2", NULL };
	struct fixture *f = *state;
	static char seen[65536];
	struct bg_proc p;
	const char *second, *third;
	struct row r;
	int port = 0, id;

	itest_require_root();
	assert_int_equal(holder_start(&f->a), 0);
	seen[0] = '\0';
	assert_int_equal(bg_run_in(&f->a, &p, args, 0), 0);
	if (!wait_for_marker(p.out_fd, seen, sizeof(seen), "\nPROTO", 1, 10000)) {
		bg_wait(&p, 1000);
		fail_msg("no first table: %s / %s", seen, p.err ? p.err : "");
	}
	if (strstr(seen, "live events off")) {
		bg_wait(&p, 10000);
		fail_msg("live events did not start: %s", p.err ? p.err : seen);
	}
	id = holder_listen(&f->a, AF_INET, SOCK_STREAM, "127.0.0.1", 0, 0, NULL, &port);
	assert_true(id >= 0);
	assert_true(wait_for_marker(p.out_fd, seen, sizeof(seen), "\nPROTO", 2, 10000));
	assert_int_equal(holder_close(&f->a, id), 0);
	assert_int_equal(bg_wait(&p, 20000), 0);
	if (p.out)
		strncat(seen, p.out, sizeof(seen) - strlen(seen) - 1);
	fprintf(stderr, "%s", seen);

	second = strstr(strstr(seen, "bindguard top - ") + 1, "bindguard top - ");
	assert_non_null(second);
	third = strstr(second + 1, "bindguard top - ");
	assert_non_null(third);
	/* the second table knows the listener through its listen event */
	assert_non_null(strstr(second, "listens 1 closes 0"));
	assert_true(find_row(second, "tcp", (unsigned int)port, &r));
	assert_string_equal(r.exposure, "local");
	/* the third saw it close */
	assert_non_null(strstr(third, "closes 1"));
	assert_false(find_row(third, "tcp", (unsigned int)port, &r));
	bg_free(&p);
}

struct refusal {
	const char *args[6];
	int want_status;
	const char *want_stderr;
};

static const struct refusal refusals[] = {
	{ { NULL }, 2, "needs a terminal" },
	{ { "--once", "--batch" }, 2, "exclude each other" },
	{ { "-d", "0", "--once" },
	  2,
	  "invalid --delay '0': expected whole seconds from 1 to 3600; see 'bindguard top "
	  "--help'" },
	{ { "-n", "3" }, 2, "only applies with --batch" },
	{ { "--batch", "-n" }, 2, "needs a value" },
	{ { "--nope" }, 2, "unknown option '--nope'" },
	{ { "--help" }, 0, NULL },
};

static void test_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *c = &refusals[i];
		struct bg_proc p;
		int status = top_in(NULL, &p, c->args);

		fprintf(stderr, "# top %s: %d %s", c->args[0] ? c->args[0] : "", status,
			p.err ? p.err : "\n");
		assert_int_equal(status, c->want_status);
		if (c->want_stderr) {
			assert_non_null(p.err);
			assert_non_null(strstr(p.err, c->want_stderr));
			assert_ptr_equal(strchr(p.err, '\n'), p.err + p.err_len - 1);
		} else {
			assert_int_equal(strncmp(out_of(&p), "Usage: bindguard top", 20), 0);
		}
		bg_free(&p);
	}
}

/* A backend asked for by name either runs, or ends top with status 2 and
 * its reason: never a table without live events (found by review: it
 * printed the refusal, then refreshed with status 0). */
static void test_forced_backend(void **state)
{
	static const char *const names[] = { "fentry", "tracepoint" };

	(void)state;
	itest_require_root();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *args[] = { "--batch", "-n", "1", "--backend", names[i], NULL };
		char want[64];
		struct bg_proc p;
		int status = top_in(NULL, &p, args);

		fprintf(stderr, "# top --backend %s: %d %s", names[i], status,
			p.err ? p.err : "\n");
		if (status == 0) {
			snprintf(want, sizeof(want), "live events on (%s)", names[i]);
			assert_non_null(strstr(out_of(&p), want));
		} else {
			assert_int_equal(status, 2);
			assert_non_null(p.err);
			assert_non_null(strstr(p.err, "cannot work"));
			assert_null(strstr(out_of(&p), "bindguard top - "));
		}
		bg_free(&p);
	}
}

/* --- the full-screen view, through a pseudo-terminal ----------------------- */

/* Appends what the (non-blocking) terminal holds now to seen. */
static void pty_drain(int fd, char *seen, size_t cap)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		strncat(seen, buf, cap - strlen(seen) - 1);
	}
}

/* Starts `top --no-bpf -d 600` on a new pseudo-terminal with TERM set to
 * term (NULL: unset); its side is made non-blocking.  Returns the pid. */
static pid_t top_on_pty(int *master, struct winsize *ws, const char *term)
{
	pid_t pid = forkpty(master, NULL, NULL, ws);

	assert_true(pid >= 0);
	if (pid == 0) {
		if (term)
			setenv("TERM", term, 1);
		else
			unsetenv("TERM");
		/* a long interval: the only redraw to expect is the resize */
		execl(bindguard_path(), bindguard_path(), "top", "--no-bpf", "-d", "600",
		      (char *)NULL);
		_exit(127);
	}
	fcntl(*master, F_SETFL, O_NONBLOCK);
	return pid;
}

/* Keeps reading the terminal into seen until pid ends (10 s at most, then
 * it is killed and false returned), and what it wrote just before. */
static bool pty_wait_exit(pid_t pid, int master, char *seen, size_t cap, int *status)
{
	/* A closed terminal polls readable at once: count real time. */
	for (int waited = 0; waitpid(pid, status, WNOHANG) != pid; waited += 50) {
		pty_drain(master, seen, cap);
		if (waited >= 10000) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return false;
		}
		usleep(50000);
	}
	/* what it wrote just before exiting may not have been read yet */
	pty_drain(master, seen, cap);
	return true;
}

struct key_case {
	const char *name;
	const char *keys; /* what the user types to leave */
};

static const struct key_case keys[] = {
	{ "q", "q" },
	{ "Ctrl-C", "\003" },
};

static void test_interactive(void **state)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 120 };
	static char seen[1 << 18];

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		int master, status;
		pid_t pid;

		seen[0] = '\0';
		pid = top_on_pty(&master, &ws, "xterm");
		if (!wait_for_marker(master, seen, sizeof(seen), "PROTO", 1, 10000)) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			fail_msg("no table on the terminal: %s", seen);
		}
		/* a resize redraws at the new width; the kernel sends SIGWINCH */
		ws.ws_col = 90;
		ws.ws_row = 30;
		assert_int_equal(ioctl(master, TIOCSWINSZ, &ws), 0);
		assert_true(wait_for_marker(master, seen, sizeof(seen), "PROTO", 2, 10000));
		assert_int_equal(write(master, keys[i].keys, strlen(keys[i].keys)),
				 (ssize_t)strlen(keys[i].keys));
		if (!pty_wait_exit(pid, master, seen, sizeof(seen), &status))
			fail_msg("top did not quit on %s", keys[i].name);
		fprintf(stderr, "# quit with %s: status %d\n", keys[i].name, status);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		/* the terminal is given back: xterm's alternate screen is left */
		assert_non_null(strstr(seen, "\033[?1049l"));
		close(master);
		ws.ws_col = 120;
		ws.ws_row = 24;
	}
}

/* A terminal type ncurses does not know (or none): one sentence of ours
 * that names it and points to --batch, status 2 (it was ncurses' "Error
 * opening terminal: nosuchterm." and status 1, from inside initscr()). */
static void test_interactive_unknown_terminal(void **state)
{
	static const struct {
		const char *term; /* NULL: unset */
		const char *want;
	} terms[] = {
		{ "nosuchterm", "bindguard top: the terminal type 'nosuchterm' is not known" },
		{ NULL, "bindguard top: TERM is not set" },
	};
	struct winsize ws = { .ws_row = 24, .ws_col = 120 };
	static char seen[1 << 16];

	(void)state;
	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
		int master, status;
		pid_t pid;

		seen[0] = '\0';
		pid = top_on_pty(&master, &ws, terms[i].term);
		if (!pty_wait_exit(pid, master, seen, sizeof(seen), &status))
			fail_msg("top did not end without a terminal type: %s", seen);
		close(master);
		fprintf(stderr, "# TERM=%s: status %d: %s", terms[i].term ? terms[i].term : "",
			status, seen);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 2);
		assert_null(strstr(seen, "Error opening terminal"));
		assert_non_null(strstr(seen, terms[i].want));
		assert_non_null(strstr(seen, "use --batch"));
		/* one line, the first thing on the terminal (\r\n on a pty) */
		assert_int_equal(strncmp(seen, "bindguard top: ", 15), 0);
		assert_ptr_equal(strchr(seen, '\n'), seen + strlen(seen) - 1);
	}
}

/* Live events on the full-screen view: an idle top sleeps until its next
 * refresh (it woke 10 times a second to look at the keyboard), and a
 * listener appears on the screen through its event, long before the next
 * refresh (-d 600) would show it. */
static void test_interactive_live_events_and_idle(void **state)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 120 };
	struct fixture *f = *state;
	static char seen[1 << 18];
	char port_text[16];
	int master, status, port = 0;
	long before, woke;
	pid_t pid;

	itest_require_root();
	assert_int_equal(holder_start(&f->a), 0);
	seen[0] = '\0';
	pid = forkpty(&master, NULL, NULL, &ws);
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("TERM", "xterm", 1);
		if (netns_enter_pid(f->a.pid))
			_exit(126);
		execl(bindguard_path(), bindguard_path(), "top", "-d", "600", (char *)NULL);
		_exit(127);
	}
	fcntl(master, F_SETFL, O_NONBLOCK);
	if (!wait_for_marker(master, seen, sizeof(seen), "PROTO", 1, 10000) ||
	    !strstr(seen, "live events on")) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("no table with live events on the terminal: %s", seen);
	}
	usleep(300 * 1000); /* past its start */
	before = voluntary_switches(pid);
	usleep(2000 * 1000);
	woke = voluntary_switches(pid) - before;
	fprintf(stderr, "# an idle top woke %ld times in 2 s\n", woke);

	assert_true(holder_listen(&f->a, AF_INET, SOCK_STREAM, "127.0.0.1", 0, 0, NULL, &port) >=
		    0);
	snprintf(port_text, sizeof(port_text), "%d", port);
	/* the new row is new text on the screen, the port in one piece */
	if (!wait_for_marker(master, seen, sizeof(seen), port_text, 1, 5000)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("port %d never appeared on the screen", port);
	}
	assert_int_equal(write(master, "q", 1), 1);
	for (int waited = 0; waitpid(pid, &status, WNOHANG) != pid; waited += 50) {
		pty_drain(master, seen, sizeof(seen));
		if (waited >= 10000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fail_msg("top did not quit on q");
		}
		usleep(50000);
	}
	close(master);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_in_range(woke, 0, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_once_appear_and_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_once_all_netns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_without_bpf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_live_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forced_backend, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interactive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interactive_unknown_terminal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interactive_live_events_and_idle, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("top", tests, NULL, NULL);
}
