// SPDX-License-Identifier: GPL-2.0
/* bindguard audit on the real kernel: listeners made by a child in a
 * private network namespace, read back through sock_diag and /proc; WSL
 * detection and .wslconfig checks against fixture trees (BINDGUARD_SYSROOT). */
#include "netns_fixture.h"

#include <cap-ng.h>
#include <errno.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns_enter.h"

struct fixture {
	struct ns_holder a, b;
	char sysroot[64];
	pid_t listener; /* listener_start's, stopped in teardown */
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

	if (f->listener > 0)
		listener_stop(f->listener);
	holder_stop(&f->a);
	holder_stop(&f->b);
	if (f->sysroot[0])
		test_tree_remove(f->sysroot);
	free(f);
	return 0;
}

static void start_holder(struct ns_holder *h)
{
	itest_require_root();
	assert_int_equal(holder_start(h), 0);
}

/* Runs `bindguard audit ARGS` in h's namespace (host namespace if NULL). */
static int audit_in(struct ns_holder *h, struct bg_proc *p, const char *const *extra)
{
	return bg_run_command_in(h, p, "audit", extra);
}

static struct json_object *find_listener(struct json_object *doc, const char *protocol, int port)
{
	struct json_object *list = get(doc, "listeners");

	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *l = json_object_array_get_idx(list, i);

		if (strcmp(json_object_get_string(get(l, "protocol")), protocol) == 0 &&
		    json_object_get_int(get(l, "port")) == port)
			return l;
	}
	fail_msg("no %s listener on port %d in %s", protocol, port,
		 json_object_to_json_string(list));
	return NULL;
}

static const char *str(struct json_object *o, const char *key)
{
	return json_object_get_string(get(o, key));
}

static void assert_owner(struct json_object *l, pid_t pid)
{
	struct json_object *owners = get(l, "owners");

	assert_int_equal(json_object_array_length(owners), 1);
	assert_int_equal(json_object_get_int(get(json_object_array_get_idx(owners, 0), "pid")),
			 pid);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Space-separated address/class pairs a listener is reachable on, sorted
 * (interface order is the kernel's business). */
static void reach_text(struct json_object *l, char *buf, size_t len)
{
	struct json_object *reach = get(l, "reachable_on");
	char items[16][80];
	const char *sorted[16];
	size_t n = 0;

	for (size_t i = 0; i < json_object_array_length(reach) && n < 16; i++) {
		struct json_object *r = json_object_array_get_idx(reach, i);
		const char *addr = str(r, "address");

		if (strncmp(addr, "fe80:", 5) == 0)
			continue; /* link-local addresses come and go with the link */
		snprintf(items[n], sizeof(items[n]), "%s/%s", addr, str(r, "class"));
		sorted[n] = items[n];
		n++;
	}
	qsort(sorted, n, sizeof(sorted[0]), compare_strings);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? " " : "", sorted[i]);
}

/* The protocol listener on port, which must be reachable on exactly want
 * (as reach_text writes it). */
static struct json_object *listener_reachable_on(struct json_object *doc, const char *protocol,
						 int port, const char *want)
{
	struct json_object *l = find_listener(doc, protocol, port);
	char reach[512];

	reach_text(l, reach, sizeof(reach));
	assert_string_equal(reach, want);
	return l;
}

/* --- socket listing ------------------------------------------------------ */

struct listener_case {
	const char *name;
	int family, type;
	const char *addr;
	int v6only, freebind;
	const char *want_protocol, *want_address, *want_class, *want_exposure;
	bool want_v6only, want_on_interface;
};

static const struct listener_case listeners[] = {
	{ "tcp4 loopback", AF_INET, SOCK_STREAM, "127.0.0.1", 0, 0, "tcp", "127.0.0.1", "loopback",
	  "local", false, true },
	{ "tcp4 wildcard", AF_INET, SOCK_STREAM, "0.0.0.0", 0, 0, "tcp", "0.0.0.0", "wildcard",
	  "latent", false, true },
	{ "tcp6 wildcard v6only", AF_INET6, SOCK_STREAM, "::", 1, 0, "tcp", "::", "wildcard",
	  "latent", true, true },
	{ "tcp6 loopback", AF_INET6, SOCK_STREAM, "::1", 1, 0, "tcp", "::1", "loopback", "local",
	  true, true },
	{ "udp4 wildcard", AF_INET, SOCK_DGRAM, "0.0.0.0", 0, 0, "udp", "0.0.0.0", "wildcard",
	  "latent", false, true },
	{ "udp6 dual-stack wildcard", AF_INET6, SOCK_DGRAM, "::", 0, 0, "udp", "::", "wildcard",
	  "latent", false, true },
	{ "udp4 loopback", AF_INET, SOCK_DGRAM, "127.0.0.53", 0, 0, "udp", "127.0.0.53", "loopback",
	  "local", false, true },
	{ "tcp4 freebind private", AF_INET, SOCK_STREAM, "10.99.0.1", 0, 1, "tcp", "10.99.0.1",
	  "private", "lan", false, false },
	{ "tcp6 freebind global", AF_INET6, SOCK_STREAM, "2a10:db8::99", 1, 1, "tcp",
	  "2a10:db8::99", "global", "internet", true, false },
};

/* All of the table at once, so each row is also checked against the others. */
static void test_listing(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc;
	int ports[sizeof(listeners) / sizeof(listeners[0])] = { 0 };
	size_t n = sizeof(listeners) / sizeof(listeners[0]);

	start_holder(&f->a);
	for (size_t i = 0; i < n; i++) {
		const struct listener_case *c = &listeners[i];

		assert_true(holder_listen(&f->a, c->family, c->type, c->addr, c->v6only,
					  c->freebind, NULL, &ports[i]) >= 0);
	}
	doc = audit_document(&f->a, NULL, EXIT_IS(1));
	assert_int_equal(json_object_get_int(get(doc, "sockets")), (int)n);
	assert_int_equal(json_object_get_int(get(doc, "exposed")), 6);
	for (size_t i = 0; i < n; i++) {
		const struct listener_case *c = &listeners[i];
		struct json_object *l = find_listener(doc, c->want_protocol, ports[i]);

		fprintf(stderr, "# %s: %s\n", c->name, json_object_to_json_string(l));
		assert_string_equal(str(l, "address"), c->want_address);
		assert_string_equal(str(l, "family"), c->family == AF_INET ? "ipv4" : "ipv6");
		assert_string_equal(str(l, "class"), c->want_class);
		assert_string_equal(str(l, "exposure"), c->want_exposure);
		assert_int_equal(json_object_get_boolean(get(l, "exposed")),
				 strcmp(c->want_exposure, "local") != 0);
		assert_int_equal(json_object_get_boolean(get(l, "address_on_interface")),
				 c->want_on_interface);
		assert_int_equal(json_object_get_boolean(get(l, "freebind")), c->freebind);
		if (c->family == AF_INET6)
			assert_int_equal(json_object_get_boolean(get(l, "v6only")), c->want_v6only);
		assert_owner(l, f->a.pid);
		assert_true(json_object_get_boolean(get(l, "host_netns")));
		assert_true((uint64_t)json_object_get_int64(get(l, "netns")) == f->a.netns);
	}
	/* exposed first */
	{
		struct json_object *list = get(doc, "listeners");
		bool seen_local = false;

		for (size_t i = 0; i < json_object_array_length(list); i++) {
			bool exposed = json_object_get_boolean(
			    get(json_object_array_get_idx(list, i), "exposed"));

			assert_false(exposed && seen_local);
			seen_local |= !exposed;
		}
	}
	json_object_put(doc);
}

/* --- wildcard resolution ------------------------------------------------- */

static void test_wildcard_resolution(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *l;
	int any4 = 0, any6 = 0, only6 = 0, dev4 = 0, lan = 0, brd = 0;
	struct bg_proc p;

	start_holder(&f->a);
	assert_int_equal(holder_veth(&f->a, "bg0", "bg1"), 0);
	assert_int_equal(holder_addr(&f->a, "bg0", "10.23.0.2", 24), 0);
	assert_int_equal(holder_addr(&f->a, "bg0", "fd00:23::2", 64), 0);
	/* a global address, only ever inside this namespace: nothing is sent */
	assert_int_equal(holder_addr(&f->a, "bg0", "2a10:db8:23::2", 64), 0);
	assert_int_equal(holder_addr(&f->a, "bg1", "192.168.77.1", 24), 0);

	assert_true(holder_listen(&f->a, AF_INET, SOCK_STREAM, "0.0.0.0", 0, 0, NULL, &any4) >= 0);
	assert_true(holder_listen(&f->a, AF_INET6, SOCK_STREAM, "::", 0, 0, NULL, &any6) >= 0);
	assert_true(holder_listen(&f->a, AF_INET6, SOCK_DGRAM, "::", 1, 0, NULL, &only6) >= 0);
	assert_true(holder_listen(&f->a, AF_INET, SOCK_DGRAM, "0.0.0.0", 0, 0, "bg1", &dev4) >= 0);
	assert_true(holder_listen(&f->a, AF_INET, SOCK_STREAM, "10.23.0.2", 0, 0, NULL, &lan) >= 0);
	/* the subnet's broadcast: a group address, reached from the link */
	assert_true(holder_listen(&f->a, AF_INET, SOCK_DGRAM, "10.23.0.255", 0, 0, NULL, &brd) >=
		    0);

	doc = audit_document(&f->a, NULL, EXIT_IS(1));
	l = listener_reachable_on(doc, "tcp", any4, "10.23.0.2/private 192.168.77.1/private");
	assert_string_equal(str(l, "exposure"), "lan");

	l = listener_reachable_on(doc, "tcp", any6,
				  "10.23.0.2/private 192.168.77.1/private 2a10:db8:23::2/global "
				  "fd00:23::2/private");
	assert_string_equal(str(l, "exposure"), "internet");
	assert_true(json_object_get_boolean(get(l, "dual_stack")));
	assert_non_null(strstr(str(l, "explanation"), "internet unless a firewall blocks it"));

	l = listener_reachable_on(doc, "udp", only6, "2a10:db8:23::2/global fd00:23::2/private");
	assert_string_equal(str(l, "exposure"), "internet");

	l = listener_reachable_on(doc, "udp", dev4, "192.168.77.1/private");
	assert_string_equal(str(l, "device"), "bg1");

	l = listener_reachable_on(doc, "tcp", lan, "10.23.0.2/private");
	assert_false(json_object_get_boolean(get(l, "group_address")));
	l = listener_reachable_on(doc, "udp", brd, "");
	assert_true(json_object_get_boolean(get(l, "group_address")));
	assert_string_equal(str(l, "exposure"), "link");
	assert_string_equal(str(l, "fix_program"), "group address");
	json_object_put(doc);

	/* the report for people says the same in words */
	assert_int_equal(audit_in(&f->a, &p, NULL), 1);
	assert_non_null(strstr(out_of(&p), "reachable on 10.23.0.2 (bg0, private)"));
	assert_non_null(strstr(out_of(&p), "2a10:db8:23::2 (bg0, global)"));
	assert_non_null(
	    strstr(out_of(&p), "reachable from the internet unless a firewall blocks it"));
	assert_non_null(strstr(out_of(&p), "0.0.0.0%bg1:"));
	assert_null(strstr(out_of(&p), "\033[")); /* not a terminal: no colour */
	bg_free(&p);
}

/* --- exit status ----------------------------------------------------------- */

static void test_exit_nothing_exposed(void **state)
{
	struct fixture *f = *state;
	struct bg_proc p;

	start_holder(&f->a);
	assert_true(holder_listen(&f->a, AF_INET, SOCK_STREAM, "127.0.0.1", 0, 0, NULL, NULL) >= 0);
	assert_true(holder_listen(&f->a, AF_INET6, SOCK_DGRAM, "::1", 1, 0, NULL, NULL) >= 0);
	assert_int_equal(audit_in(&f->a, &p, NULL), 0);
	assert_non_null(strstr(out_of(&p), "2 listening sockets, 0 exposed"));
	assert_null(strstr(out_of(&p), "EXPOSED"));
	bg_free(&p);
}

/* A process may name itself with escape sequences (here: erase the line,
 * return to its start): the report shows them, the terminal never gets
 * them. */
static void test_hostile_process_name(void **state)
{
	struct fixture *f = *state;
	struct bg_proc p;

	start_holder(&f->a);
	/* 0x9b alone is CSI to an 8-bit terminal */
	f->listener = listener_start(f->a.pid, "\033[2K\rsshd\a\x9b", AF_INET, "0.0.0.0", 8444);
	assert_true(f->listener > 0);
	assert_int_equal(audit_in(&f->a, &p, NULL), 1);
	assert_non_null(strstr(out_of(&p), "\\x1b[2K\\x0dsshd\\x07\\x9b (pid "));
	assert_null(strchr(out_of(&p), '\033'));
	assert_null(strchr(out_of(&p), '\r'));
	bg_free(&p);
}

static void test_exit_exposed(void **state)
{
	struct fixture *f = *state;
	struct bg_proc p;
	int id;

	start_holder(&f->a);
	id = holder_listen(&f->a, AF_INET, SOCK_STREAM, "0.0.0.0", 0, 0, NULL, NULL);
	assert_true(id >= 0);
	assert_int_equal(audit_in(&f->a, &p, NULL), 1);
	assert_non_null(strstr(out_of(&p), "EXPOSED"));
	bg_free(&p);
	/* the filters decide what counts */
	{
		static const char *const udp_only[] = { "-u", NULL };

		assert_int_equal(audit_in(&f->a, &p, udp_only), 0);
		bg_free(&p);
	}
	assert_int_equal(holder_close(&f->a, id), 0);
	assert_int_equal(audit_in(&f->a, &p, NULL), 0);
	bg_free(&p);
}

struct error_case {
	const char *args[4];
	int want_status;
	const char *want_stderr; /* NULL: stdout must start with want_stdout */
	const char *want_stdout;
};

static const struct error_case errors[] = {
	{ { "--bogus" }, 2, "--help", NULL },
	{ { "extra-argument" }, 2, "unexpected argument", NULL },
	{ { "--wslconfig", "/nonexistent/.wslconfig" },
	  2,
	  "cannot read /nonexistent/.wslconfig",
	  NULL },
	{ { "--wslconfig", "/" }, 2, "cannot read /", NULL },
	{ { "--windows", "--no-windows" }, 2, "contradict", NULL },
	{ { "--help" }, 0, NULL, "Usage: bindguard audit" },
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		const struct error_case *c = &errors[i];
		struct bg_proc p;
		int status = audit_in(NULL, &p, c->args);

		fprintf(stderr, "# audit %s: %d %s", c->args[0], status, p.err ? p.err : "\n");
		assert_int_equal(status, c->want_status);
		if (c->want_stderr) {
			/* one sentence on one line */
			assert_non_null(p.err);
			assert_non_null(strstr(p.err, c->want_stderr));
			assert_ptr_equal(strchr(p.err, '\n'), p.err + p.err_len - 1);
			assert_true(p.out_len == 0);
		} else {
			assert_int_equal(
			    strncmp(out_of(&p), c->want_stdout, strlen(c->want_stdout)), 0);
		}
		bg_free(&p);
	}
}

/* --- owners that /proc does not show ---------------------------------------- */

/* In the holder's namespace, as root but without CAP_SYS_PTRACE: the
 * kernel's ptrace check then refuses /proc/PID/fd links of processes that
 * hold more capabilities (the holder), while their fd directories still
 * list, as PID 1's do on some machines. */
static int prepare_no_ptrace(void *arg)
{
	int err = netns_enter_pid(*(pid_t *)arg);

	if (err)
		return err;
	if (capng_get_caps_process())
		return -1;
	capng_update(CAPNG_DROP, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET,
		     CAP_SYS_PTRACE);
	return capng_apply(CAPNG_SELECT_BOTH) ? -1 : 0;
}

/* Issue 14: as root, audit said "no process holds it" for a socket whose
 * owner's fd links it could not read.  It must say the owner is unknown and
 * why, never that there is none. */
static void test_owner_unreadable(void **state)
{
	struct fixture *f = *state;
	static const char *const json[] = { "audit", "--json", NULL };
	static const char *const text[] = { "audit", "--no-color", NULL };
	struct json_object *doc, *l;
	struct bg_proc p;
	int port = 0;

	start_holder(&f->a);
	assert_true(holder_listen(&f->a, AF_INET, SOCK_STREAM, "127.0.0.1", 0, 0, NULL, &port) >=
		    0);
	assert_int_equal(bg_start_with(&p, json, prepare_no_ptrace, &f->a.pid), 0);
	assert_int_equal(bg_wait(&p, 20000), 0);
	doc = parse_document(&p);
	bg_free(&p);
	l = find_listener(doc, "tcp", port);
	assert_int_equal(json_object_array_length(get(l, "owners")), 0);
	assert_string_equal(str(l, "owner_status"), "unknown");
	/* which processes it names depends on the machine (the holder's
	 * namespace cannot be read either); that it names why is the point */
	assert_non_null(strstr(str(l, "owner_unknown_reason"), "could not be read"));
	assert_non_null(strstr(str(l, "owner_unknown_reason"), "ermission denied"));
	json_object_put(doc);

	assert_int_equal(bg_start_with(&p, text, prepare_no_ptrace, &f->a.pid), 0);
	assert_int_equal(bg_wait(&p, 20000), 0);
	assert_null(strstr(out_of(&p), "no process holds it"));
	assert_non_null(strstr(out_of(&p), "owner unknown"));
	bg_free(&p);

	/* with every capability the same socket has its owner */
	doc = audit_document(&f->a, NULL, EXIT_IS(0));
	l = find_listener(doc, "tcp", port);
	assert_owner(l, f->a.pid);
	assert_string_equal(str(l, "owner_status"), "known");
	json_object_put(doc);
}

/* --- other namespaces ------------------------------------------------------ */

static void test_all_netns(void **state)
{
	struct fixture *f = *state;
	static const char *const all[] = { "--all-netns", NULL };
	struct json_object *doc, *l;
	int port_a = 0, port_b = 0;

	start_holder(&f->a);
	start_holder(&f->b);
	assert_true(holder_listen(&f->a, AF_INET, SOCK_STREAM, "127.0.0.1", 0, 0, NULL, &port_a) >=
		    0);
	assert_true(holder_listen(&f->b, AF_INET6, SOCK_STREAM, "::", 0, 0, NULL, &port_b) >= 0);

	/* without the flag, only ours */
	doc = audit_document(&f->a, NULL, EXIT_IS(0));
	assert_int_equal(json_object_get_int(get(doc, "sockets")), 1);
	json_object_put(doc);

	doc = audit_document(&f->a, all, ANY_EXIT);
	l = find_listener(doc, "tcp", port_b);
	/* the same port may exist elsewhere on the machine: find B's */
	{
		struct json_object *list = get(doc, "listeners");

		l = NULL;
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			struct json_object *x = json_object_array_get_idx(list, i);

			if (json_object_get_int(get(x, "port")) == port_b &&
			    (uint64_t)json_object_get_int64(get(x, "netns")) == f->b.netns)
				l = x;
		}
	}
	assert_non_null(l);
	assert_false(json_object_get_boolean(get(l, "host_netns")));
	assert_owner(l, f->b.pid);
	assert_string_equal(str(l, "exposure"), "latent");
	l = find_listener(doc, "tcp", port_a);
	assert_true(json_object_get_boolean(get(l, "host_netns")));
	json_object_put(doc);
}

/* --- WSL fixtures ------------------------------------------------------------ */

static void make_sysroot(struct fixture *f, const char *osrelease)
{
	snprintf(f->sysroot, sizeof(f->sysroot), "/tmp/bg-sysroot-XXXXXX");
	assert_non_null(mkdtemp(f->sysroot));
	fixture_write(f->sysroot, "proc/sys/kernel/osrelease", osrelease, strlen(osrelease), 0644);
	fixture_write(f->sysroot, "proc/mounts", "", 0, 0644);
}

/* ASCII text as UTF-16 with a BOM and CRLF line ends, the way Notepad saves. */
static size_t utf16_crlf(const char *text, bool big_endian, uint8_t *out, size_t cap)
{
	size_t n = 0;

	out[n++] = big_endian ? 0xfe : 0xff;
	out[n++] = big_endian ? 0xff : 0xfe;
	for (const char *p = text; *p && n + 4 < cap; p++) {
		if (*p == '\n') {
			out[n++] = big_endian ? 0 : '\r';
			out[n++] = big_endian ? '\r' : 0;
		}
		out[n++] = big_endian ? 0 : (uint8_t)*p;
		out[n++] = big_endian ? (uint8_t)*p : 0;
	}
	return n;
}

static struct json_object *wsl_audit(struct fixture *f, struct ns_holder *h,
				     const char *const *extra)
{
	struct bg_proc p;
	int status;

	setenv("BINDGUARD_SYSROOT", f->sysroot, 1);
	unsetenv("WSL_DISTRO_NAME");
	status = audit_run_json(h, &p, extra);
	unsetenv("BINDGUARD_SYSROOT");
	return document_of(&p, status, EXIT_IS(0) | EXIT_IS(1));
}

/* A finding with this severity and key (and line, when > 0). */
static struct json_object *finding(struct json_object *wsl, const char *severity, const char *key,
				   int line)
{
	struct json_object *list = get(wsl, "findings");

	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *x = json_object_array_get_idx(list, i), *k = get(x, "key");

		if (strcmp(str(x, "severity"), severity) == 0 &&
		    (!key ? k == NULL : k && strcmp(json_object_get_string(k), key) == 0) &&
		    (line <= 0 || json_object_get_int(get(x, "line")) == line))
			return x;
	}
	fail_msg("no %s finding for %s line %d in %s", severity, key ? key : "(file)", line,
		 json_object_to_json_string(list));
	return NULL;
}

static const char wslconfig_text[] = "# set up by IT\n"
				     "[wsl2]\n"
				     "memory=8GB\n"
				     "networkingMode=mirrored\n"
				     "this line is broken\n"
				     "firewall=false\n"
				     "[experimental]\n"
				     "hostAddressLoopback=true\n"
				     "ignoredPorts=8080,notaport\n";

static void test_wsl_mirrored_utf16(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *wsl, *cfg;
	uint8_t bytes[2048];
	size_t len = utf16_crlf(wslconfig_text, false, bytes, sizeof(bytes));
	static const char wslinfo[] =
	    "#!/bin/sh\n[ \"$1\" = --networking-mode ] && echo mirrored\n";

	make_sysroot(f, "5.15.167.4-microsoft-standard-WSL2");
	fixture_write(f->sysroot, "mnt/c/Users/alice/.wslconfig", bytes, len, 0644);
	fixture_write(f->sysroot, "mnt/c/Users/Public/.wslconfig", "[wsl2]\n", 7, 0644);
	fixture_write(f->sysroot, "usr/bin/wslinfo", wslinfo, strlen(wslinfo), 0755);

	doc = wsl_audit(f, NULL, NULL);
	wsl = get(doc, "wsl");
	assert_true(json_object_get_boolean(get(wsl, "detected")));
	assert_string_equal(str(wsl, "version"), "2");
	assert_string_equal(str(wsl, "networking_mode"), "mirrored");
	assert_string_equal(str(wsl, "mode_source"), "wslinfo");
	cfg = get(wsl, "wslconfig");
	assert_string_equal(str(cfg, "path"), "/mnt/c/Users/alice/.wslconfig");
	assert_string_equal(str(cfg, "encoding"), "utf-16le");
	assert_true(json_object_get_boolean(get(cfg, "crlf")));
	assert_string_equal(str(get(cfg, "settings"), "networkingMode"), "mirrored");
	finding(wsl, "risk", "networkingMode", 4);
	finding(wsl, "warning", NULL, 5);
	finding(wsl, "info", "firewall", 6);
	finding(wsl, "risk", "hostAddressLoopback", 8);
	finding(wsl, "warning", "ignoredPorts", 9);
	finding(wsl, "risk", "ignoredPorts", 9);
	assert_non_null(strstr(str(doc, "windows_powershell"),
			       "Set-NetFirewallHyperVVMSetting -Name "
			       "'{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}' -DefaultInboundAction "
			       "Block"));
	json_object_put(doc);
}

/* Interop works: cmd.exe names the profile, though another is newer. */
static void test_wsl_cmd_exe(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *wsl, *cfg;
	static const char cmd[] = "#!/bin/sh\n"
				  "[ \"$1\" = /c ] && [ \"$2\" = 'echo %USERPROFILE%' ] || exit 1\n"
				  "printf 'C:\\\\Users\\\\bob\\r\\n'\n";
	static const char mounts[] = "C:\\134 /mnt/c 9p rw,noatime,aname=drvfs;path=C:\\;uid=1000 "
				     "0 0\n";
	uint8_t bytes[512];
	size_t len =
	    utf16_crlf("[wsl2]\nnetworkingMode=nat\nfirewall=false\n", true, bytes, sizeof(bytes));

	make_sysroot(f, "6.6.87.2-microsoft-standard-WSL2");
	fixture_write(f->sysroot, "proc/mounts", mounts, strlen(mounts), 0644);
	fixture_write(f->sysroot, "mnt/c/Windows/System32/cmd.exe", cmd, strlen(cmd), 0755);
	fixture_write(f->sysroot, "mnt/c/Users/bob/.wslconfig", bytes, len, 0644);
	sleep(1); /* alice's file is newer: a scan would pick it */
	fixture_write(f->sysroot, "mnt/c/Users/alice/.wslconfig", "[wsl2]\n", 7, 0644);

	doc = wsl_audit(f, NULL, NULL);
	wsl = get(doc, "wsl");
	cfg = get(wsl, "wslconfig");
	assert_string_equal(str(cfg, "path"), "/mnt/c/Users/bob/.wslconfig");
	assert_string_equal(str(cfg, "found_by"), "cmd.exe %USERPROFILE%");
	assert_string_equal(str(cfg, "encoding"), "utf-16be");
	/* no wslinfo and no mirrored signs in this namespace: NAT is assumed */
	assert_string_equal(str(wsl, "networking_mode"), "nat");
	assert_string_equal(str(wsl, "mode_source"), "signs");
	finding(wsl, "risk", "firewall", 3);
	json_object_put(doc);
}

/* /etc/wsl.conf moves the drives; nobody answers for %USERPROFILE%. */
static void test_wsl_automount_root(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *cfg;
	static const char conf[] = "[boot]\nsystemd=true\n[automount]\nroot = /windrives/\n";
	static const char text[] = "\xef\xbb\xbf[wsl2]\r\ndnsTunneling=false\r\n";

	make_sysroot(f, "6.6.87.2-microsoft-standard-WSL2");
	fixture_write(f->sysroot, "etc/wsl.conf", conf, strlen(conf), 0644);
	fixture_write(f->sysroot, "windrives/c/Users/carol/.wslconfig", text, strlen(text), 0644);

	doc = wsl_audit(f, NULL, NULL);
	cfg = get(get(doc, "wsl"), "wslconfig");
	assert_string_equal(str(cfg, "path"), "/windrives/c/Users/carol/.wslconfig");
	assert_string_equal(str(cfg, "encoding"), "utf-8 with BOM");
	assert_true(json_object_get_boolean(get(cfg, "crlf")));
	finding(get(doc, "wsl"), "risk", "dnsTunneling", 2);
	json_object_put(doc);
}

static void test_wsl_missing_config(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *wsl, *x;

	make_sysroot(f, "6.6.87.2-microsoft-standard-WSL2");
	doc = wsl_audit(f, NULL, NULL);
	wsl = get(doc, "wsl");
	assert_true(json_object_is_type(get(wsl, "wslconfig"), json_type_null));
	x = finding(wsl, "info", NULL, 0);
	assert_non_null(strstr(str(x, "message"), "No .wslconfig found"));
	finding(wsl, "info", "networkingMode", 0);
	json_object_put(doc);
}

struct version_case {
	const char *osrelease;
	bool run_wsl;
	const char *want; /* NULL: not detected */
};

static const struct version_case versions[] = {
	{ "6.6.0-custom", true, "unknown" },
	{ "4.4.0-22621-Microsoft", false, "1" },
	{ "6.18.44", false, NULL },
};

static void test_wsl_versions(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		const struct version_case *c = &versions[i];
		struct json_object *doc, *wsl;

		make_sysroot(f, c->osrelease);
		if (c->run_wsl)
			fixture_write(f->sysroot, "run/WSL/.keep", "", 0, 0644);
		doc = wsl_audit(f, NULL, NULL);
		wsl = get(doc, "wsl");
		assert_int_equal(json_object_get_boolean(get(wsl, "detected")), c->want != NULL);
		if (c->want)
			assert_string_equal(str(wsl, "version"), c->want);
		else
			assert_true(
			    json_object_is_type(get(doc, "windows_powershell"), json_type_null));
		json_object_put(doc);
		test_tree_remove(f->sysroot);
		f->sysroot[0] = '\0';
	}
}

/* --wslconfig reads a file anywhere, on any machine; --windows prints the
 * PowerShell without WSL. */
static void test_wslconfig_flag(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *wsl;
	uint8_t bytes[512];
	size_t len = utf16_crlf("[wsl2]\nipv6=true\n[oops\n", false, bytes, sizeof(bytes));
	char path[128];
	const char *args[] = { "--wslconfig", path, "--windows", NULL };

	make_sysroot(f, "6.18.44");
	snprintf(path, sizeof(path), "%s/given.wslconfig", f->sysroot);
	fixture_write(f->sysroot, "given.wslconfig", bytes, len, 0644);
	doc = wsl_audit(f, NULL, args);
	wsl = get(doc, "wsl");
	assert_false(json_object_get_boolean(get(wsl, "detected")));
	assert_string_equal(str(get(wsl, "wslconfig"), "found_by"), "--wslconfig");
	finding(wsl, "risk", "ipv6", 2);
	finding(wsl, "warning", NULL, 3);
	assert_non_null(strstr(str(doc, "windows_powershell"), "Get-NetTCPConnection"));
	json_object_put(doc);
}

/* A .wslconfig with long lines, as Windows writes it (UTF-16, CRLF): a
 * kernelCommandLine= and a comment of 1000 characters are no warning, and
 * the setting after them is judged on its own line. */
static void test_wslconfig_long_lines(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *wsl, *list;
	char text[2200], path[128], option[1001];
	uint8_t bytes[8192];
	const char *args[] = { "--wslconfig", path, NULL };
	size_t len;

	memset(option, 'x', sizeof(option) - 1);
	option[sizeof(option) - 1] = '\0';
	snprintf(text, sizeof(text), "[wsl2]\nkernelCommandLine=%s\n# %s\ndnsTunneling=false\n",
		 option, option);
	len = utf16_crlf(text, false, bytes, sizeof(bytes));
	make_sysroot(f, "6.18.44");
	snprintf(path, sizeof(path), "%s/long.wslconfig", f->sysroot);
	fixture_write(f->sysroot, "long.wslconfig", bytes, len, 0644);
	doc = wsl_audit(f, NULL, args);
	wsl = get(doc, "wsl");
	finding(wsl, "risk", "dnsTunneling", 4);
	list = get(wsl, "findings");
	for (size_t i = 0; i < json_object_array_length(list); i++)
		assert_string_not_equal(str(json_object_array_get_idx(list, i), "severity"),
					"warning");
	json_object_put(doc);
}

/* --wslconfig naming a FIFO that nobody writes blocked audit for ever; a
 * socket or a device is no .wslconfig either.  Refused at once, with the
 * same error as an unreadable file. */
static void test_wslconfig_not_regular(void **state)
{
	struct fixture *f = *state;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char fifo[128];
	const char *const files[] = { fifo, sun.sun_path, "/dev/zero" };
	int sock;

	make_sysroot(f, "6.18.44");
	snprintf(fifo, sizeof(fifo), "%s/fifo.wslconfig", f->sysroot);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/sock.wslconfig", f->sysroot);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(sock >= 0);
	assert_int_equal(bind(sock, (struct sockaddr *)&sun, sizeof(sun)), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const char *const args[] = { "audit", "--wslconfig", files[i], "--no-windows",
					     NULL };
		char want[200];
		struct bg_proc p;
		int status;

		memset(&p, 0, sizeof(p));
		/* killed (status 137) if it blocks */
		status = bg_run(&p, args, 5000);
		fprintf(stderr, "# audit --wslconfig %s: %d %s", files[i], status,
			p.err ? p.err : "\n");
		assert_int_equal(status, 2);
		snprintf(want, sizeof(want), "cannot read %s: it is not a regular file\n",
			 files[i]);
		assert_non_null(p.err);
		assert_non_null(strstr(p.err, want));
		assert_ptr_equal(strchr(p.err, '\n'), p.err + p.err_len - 1);
		assert_true(p.out_len == 0);
		bg_free(&p);
	}
	close(sock);
}

/* Mirrored mode told by the namespace itself: loopback0 and its rules. */
static void test_wsl_mirrored_signs(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *wsl;

	start_holder(&f->a);
	assert_int_equal(holder_veth(&f->a, "loopback0", "lb0peer"), 0);
	assert_int_equal(holder_rule(&f->a, "loopback0", 127), 0);
	make_sysroot(f, "6.6.87.2-microsoft-standard-WSL2");
	doc = wsl_audit(f, &f->a, NULL);
	wsl = get(doc, "wsl");
	assert_string_equal(str(wsl, "networking_mode"), "mirrored");
	assert_string_equal(str(wsl, "mode_source"), "signs");
	{
		const char *evidence = json_object_to_json_string_ext(
		    get(wsl, "evidence"), JSON_C_TO_STRING_NOSLASHESCAPE);

		assert_non_null(strstr(evidence, "interface loopback0"));
		assert_non_null(strstr(evidence, "iif loopback0"));
		assert_non_null(strstr(evidence, "tables 127/128"));
	}
	/* no .wslconfig, yet mirrored: a policy chose it */
	finding(wsl, "risk", "networkingMode", 0);
	json_object_put(doc);
}

/* The report for people, on WSL: the sections are there. */
static void test_wsl_text_report(void **state)
{
	struct fixture *f = *state;
	struct bg_proc p;
	uint8_t bytes[2048];
	size_t len = utf16_crlf(wslconfig_text, false, bytes, sizeof(bytes));

	make_sysroot(f, "5.15.167.4-microsoft-standard-WSL2");
	fixture_write(f->sysroot, "mnt/c/Users/alice/.wslconfig", bytes, len, 0644);
	char *path = strdup(getenv("PATH"));

	setenv("BINDGUARD_SYSROOT", f->sysroot, 1);
	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1); /* no powershell.exe: not on WSL */
	audit_in(NULL, &p, NULL);
	setenv("PATH", path, 1);
	free(path);
	unsetenv("BINDGUARD_SYSROOT");
	assert_non_null(strstr(out_of(&p), "\nWSL\n  version: 2\n"));
	assert_non_null(strstr(out_of(&p), ".wslconfig: /mnt/c/Users/alice/.wslconfig"));
	assert_non_null(strstr(out_of(&p), "utf-16le, CRLF"));
	assert_non_null(strstr(out_of(&p), "Line 5 is not a key=value setting"));
	/* Windows could not be asked here: it says why, then the PowerShell to run */
	assert_non_null(strstr(out_of(&p), "\nWINDOWS\n  could not ask Windows: powershell.exe was "
					   "found neither on PATH nor on the Windows drive.\n# Run "
					   "in PowerShell as Administrator"));
	bg_free(&p);
}

/* Colour on a terminal, none with NO_COLOR (no-color.org) or --no-color. */
static void test_color(void **state)
{
	static const struct {
		const char *no_color_env, *flag;
		bool want_color;
	} cases[] = {
		{ NULL, NULL, true },
		{ "1", NULL, false },
		{ "", NULL, true }, /* set but empty does not count */
		{ NULL, "--no-color", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[65536] = "";
		size_t used = 0;
		int master, status;
		pid_t pid = forkpty(&master, NULL, NULL, NULL);

		assert_true(pid >= 0);
		if (pid == 0) {
			if (cases[i].no_color_env)
				setenv("NO_COLOR", cases[i].no_color_env, 1);
			else
				unsetenv("NO_COLOR");
			execl(bindguard_path(), bindguard_path(), "audit", "--windows",
			      cases[i].flag, (char *)NULL);
			_exit(127);
		}
		for (;;) {
			ssize_t n = read(master, out + used, sizeof(out) - 1 - used);

			if (n <= 0)
				break; /* EIO once the program is gone */
			used += (size_t)n;
		}
		out[used] = '\0';
		waitpid(pid, &status, 0);
		close(master);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) != 2);
		assert_non_null(strstr(out, "WINDOWS"));
		assert_int_equal(strstr(out, "\033[") != NULL, cases[i].want_color);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wildcard_resolution, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_nothing_exposed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_exposed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_process_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_netns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_owner_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wsl_mirrored_utf16, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wsl_cmd_exe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wsl_automount_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wsl_missing_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wsl_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wslconfig_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wslconfig_long_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wslconfig_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wsl_mirrored_signs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wsl_text_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_color, setup, teardown),
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
