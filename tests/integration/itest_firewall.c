// SPDX-License-Identifier: GPL-2.0
/* audit's firewall verdicts on the real kernel: nftables rulesets (nft and
 * iptables-nft) loaded into network namespaces the test creates, listeners
 * on accepted and blocked ports, and the verdicts read back as JSON. */
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

#define MAX_LISTENERS 8

static const char *const all_netns[] = { "--all-netns", NULL };

struct fixture {
	struct ns_holder a, b;
	char dir[64];
	pid_t server; /* a program the test started, killed in teardown */
	pid_t listeners[MAX_LISTENERS];
	int n_listeners;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/bindguard-fw-%d", (int)getpid());
	mkdir(f->dir, 0700);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	listener_stop(f->server);
	for (int i = 0; i < f->n_listeners; i++)
		listener_stop(f->listeners[i]);
	holder_stop(&f->a);
	holder_stop(&f->b);
	unsetenv("BINDGUARD_SYSROOT");
	test_tree_remove(f->dir);
	free(f);
	return 0;
}

/* A namespace with a veth pair and 10.77.0.1/24 on one end, so that a
 * wildcard listener is reachable on a private address. */
static void start_namespace(struct ns_holder *h)
{
	itest_require_root();
	assert_int_equal(holder_start(h), 0);
	assert_int_equal(holder_veth(h, "bgfw0", "bgfw1"), 0);
	assert_int_equal(holder_addr(h, "bgfw0", "10.77.0.1", 24), 0);
}

static void load_nft(struct fixture *f, struct ns_holder *h, const char *ruleset)
{
	static const char *const argv[] = { "/usr/sbin/nft", "-f", "-", NULL };
	char path[128];

	snprintf(path, sizeof(path), "%s/ruleset.nft", f->dir);
	fixture_write(f->dir, "ruleset.nft", ruleset, strlen(ruleset), 0600);
	assert_int_equal(run_in_netns(h->pid, argv, path), 0);
}

static void run_in(struct ns_holder *h, const char *const *argv)
{
	assert_int_equal(run_in_netns(h->pid, argv, NULL), 0);
}

/* A TCP listener on 0.0.0.0:port held by the namespace's holder. */
/* A TCP listener on 0.0.0.0:port in h's namespace, stopped in teardown. */
static pid_t listen_on(struct fixture *f, struct ns_holder *h, int port)
{
	pid_t pid;

	assert_true(f->n_listeners < MAX_LISTENERS);
	pid = listener_start(h->pid, NULL, AF_INET, "0.0.0.0", port);
	assert_true(pid > 0);
	f->listeners[f->n_listeners++] = pid;
	return pid;
}

/* f->a with ruleset loaded and TCP listeners on port and, unless 0, other_port. */
static void start_with_ruleset(struct fixture *f, const char *ruleset, int port, int other_port)
{
	start_namespace(&f->a);
	load_nft(f, &f->a, ruleset);
	listen_on(f, &f->a, port);
	if (other_port)
		listen_on(f, &f->a, other_port);
}

/* The listener on port in namespace netns (0: any). */
static struct json_object *listener(struct json_object *doc, int port, uint64_t netns)
{
	struct json_object *list = get(doc, "listeners");

	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *l = json_object_array_get_idx(list, i);

		if (json_object_get_int(get(l, "port")) == port &&
		    (!netns || (uint64_t)json_object_get_int64(get(l, "netns")) == netns))
			return l;
	}
	fail_msg("no listener on port %d in %s", port, json_object_to_json_string(list));
	return NULL;
}

/* verdict, and for the firewall: its chain, its rule (-1: null) and a
 * piece of its reason. */
static void expect(struct json_object *doc, int port, uint64_t netns, const char *verdict,
		   const char *chain, int rule, const char *reason)
{
	struct json_object *l = listener(doc, port, netns), *fw = get(l, "firewall");
	const char *why = json_object_get_string(get(fw, "reason"));

	if (strcmp(json_object_get_string(get(l, "verdict")), verdict))
		fail_msg("port %d: verdict %s (%s), want %s", port,
			 json_object_get_string(get(l, "verdict")), why, verdict);
	if (chain)
		assert_string_equal(json_object_get_string(get(fw, "chain")), chain);
	if (rule < 0)
		assert_true(json_object_is_type(get(fw, "rule"), json_type_null));
	else
		assert_true(json_object_get_int(get(fw, "rule")) > 0);
	if (reason && !strstr(why, reason))
		fail_msg("port %d: reason \"%s\" lacks \"%s\"", port, why, reason);
}

static int handle_of(struct json_object *doc, int port)
{
	return json_object_get_int(get(get(listener(doc, port, 0), "firewall"), "rule"));
}

static void test_policy_drop_with_one_port(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc;

	start_with_ruleset(f,
			   "table inet bgtest {\n"
			   "  chain input {\n"
			   "    type filter hook input priority filter; policy drop;\n"
			   "    ct state established,related accept\n"
			   "    iifname \"lo\" accept\n"
			   "    tcp dport 8080 accept\n"
			   "  }\n"
			   "}\n",
			   8080, 8081);
	doc = audit_document(&f->a, NULL, EXIT_IS(1));
	expect(doc, 8080, 0, "exposed", "inet bgtest input", 1, "accepted by rule");
	expect(doc, 8081, 0, "blocked", "inet bgtest input", -1, "dropped by the policy");
	assert_int_equal(json_object_get_int(get(doc, "exposed")), 1);
	assert_int_equal(json_object_get_int(get(doc, "blocked")), 1);
	json_object_put(doc);
}

static void test_reject_and_all_blocked_exit_status(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc;
	struct bg_proc p;
	const char *args[] = { "audit", "--no-color", NULL };

	start_with_ruleset(f,
			   "table ip bgtest {\n"
			   "  chain input {\n"
			   "    type filter hook input priority 0; policy accept;\n"
			   "    tcp dport 7000 reject with tcp reset\n"
			   "    tcp dport { 7001-7005 } drop\n"
			   "  }\n"
			   "}\n",
			   7000, 7003);
	/* nothing exposed: exit status 0 although both are on a LAN address */
	doc = audit_document(&f->a, NULL, EXIT_IS(0));
	expect(doc, 7000, 0, "blocked", "ip bgtest input", 1, "rejected by rule");
	expect(doc, 7003, 0, "blocked", "ip bgtest input", 1, "dropped by rule");
	assert_int_equal(json_object_get_int(get(doc, "exposed")), 0);
	json_object_put(doc);
	assert_int_equal(bg_run_in(&f->a, &p, args, 20000), 0);
	assert_non_null(strstr(out_of(&p), "BLOCKED BY FIREWALL"));
	assert_non_null(strstr(out_of(&p), "firewall: blocked by firewall (ip bgtest input, rule"));
	assert_null(strstr(out_of(&p), "\nEXPOSED\n"));
	bg_free(&p);
}

static void test_rule_beyond_judgement(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc;

	start_with_ruleset(f,
			   "table inet bgtest {\n"
			   "  chain input {\n"
			   "    type filter hook input priority 0; policy drop;\n"
			   "    meta mark 0x2a accept\n"
			   "    tcp dport 9000 accept\n"
			   "  }\n"
			   "}\n",
			   9000, 9001);
	/* 9000 is accepted whatever the mark; 9001 depends on it: unknown, never blocked */
	doc = audit_document(&f->a, NULL, EXIT_IS(1));
	expect(doc, 9000, 0, "exposed", "inet bgtest input", 2, NULL);
	assert_true(handle_of(doc, 9000) != handle_of(doc, 9001));
	expect(doc, 9001, 0, "unknown", "inet bgtest input", 1, "meta mark");
	assert_int_equal(json_object_get_int(get(doc, "unknown")), 1);
	json_object_put(doc);
}

static void test_iptables_nft_chains(void **state)
{
	struct fixture *f = *state;
	static const char *const policy[] = { "/usr/sbin/iptables-nft", "-P", "INPUT", "DROP",
					      NULL };
	static const char *const accept[] = { "/usr/sbin/iptables-nft",
					      "-A",
					      "INPUT",
					      "-p",
					      "tcp",
					      "--dport",
					      "80",
					      "-j",
					      "ACCEPT",
					      NULL };
	static const char *const reject[] = { "/usr/sbin/iptables-nft",
					      "-A",
					      "INPUT",
					      "-p",
					      "tcp",
					      "--dport",
					      "81",
					      "-j",
					      "REJECT",
					      NULL };
	static const char *const chain[] = { "/usr/sbin/iptables-nft", "-N", "BGCHAIN", NULL };
	static const char *const jump[] = { "/usr/sbin/iptables-nft",
					    "-A",
					    "INPUT",
					    "-p",
					    "tcp",
					    "--dport",
					    "83",
					    "-j",
					    "BGCHAIN",
					    NULL };
	static const char *const in_chain[] = {
		"/usr/sbin/iptables-nft", "-A", "BGCHAIN", "-j", "ACCEPT", NULL
	};
	struct json_object *doc;

	start_namespace(&f->a);
	run_in(&f->a, policy);
	run_in(&f->a, accept);
	run_in(&f->a, reject);
	run_in(&f->a, chain);
	run_in(&f->a, jump);
	run_in(&f->a, in_chain);
	listen_on(f, &f->a, 80);
	listen_on(f, &f->a, 81);
	listen_on(f, &f->a, 82);
	listen_on(f, &f->a, 83);
	doc = audit_document(&f->a, NULL, EXIT_IS(1));
	expect(doc, 80, 0, "exposed", "ip filter INPUT", 1, NULL);
	expect(doc, 81, 0, "blocked", "ip filter INPUT", 1, "rejected");
	expect(doc, 82, 0, "blocked", "ip filter INPUT", -1, "policy");
	expect(doc, 83, 0, "exposed", "ip filter BGCHAIN", 1, NULL);
	json_object_put(doc);
}

/* Each listener meets its own namespace's firewall: audit runs in A (no
 * ruleset) with --all-netns and judges B's listener by B's ruleset. */
static void test_per_namespace(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc;

	start_namespace(&f->a);
	start_namespace(&f->b);
	load_nft(f, &f->b,
		 "table inet bgtest {\n"
		 "  chain input { type filter hook input priority 0; policy drop; }\n"
		 "}\n");
	listen_on(f, &f->a, 6000);
	listen_on(f, &f->b, 6000);
	doc = audit_document(&f->a, all_netns, EXIT_IS(1));
	expect(doc, 6000, f->a.netns, "exposed", NULL, -1, "no nftables chain");
	expect(doc, 6000, f->b.netns, "blocked", "inet bgtest input", -1, "policy");
	json_object_put(doc);
}

static void test_legacy_tables_noted(void **state)
{
	struct fixture *f = *state;
	static const char *const legacy[] = { "/usr/sbin/iptables-legacy",
					      "-A",
					      "INPUT",
					      "-p",
					      "tcp",
					      "--dport",
					      "5000",
					      "-j",
					      "DROP",
					      NULL };
	struct json_object *doc, *notes;
	bool found = false;

	start_namespace(&f->a);
	run_in(&f->a, legacy);
	listen_on(f, &f->a, 5000);
	doc = audit_document(&f->a, NULL, EXIT_IS(1));
	/* not evaluated: shown exposed, and said so */
	expect(doc, 5000, 0, "exposed", NULL, -1, NULL);
	notes = get(doc, "notes");
	for (size_t i = 0; i < json_object_array_length(notes); i++)
		found |= strstr(json_object_get_string(json_object_array_get_idx(notes, i)),
				"legacy iptables tables are loaded (filter)") != NULL;
	if (!found)
		fail_msg("no note on legacy tables in %s", json_object_to_json_string(notes));
	json_object_put(doc);
}

static void ip_in(struct ns_holder *h, const char *a1, const char *a2, const char *a3,
		  const char *a4, const char *a5, const char *a6)
{
	const char *argv[] = { "/usr/sbin/ip", a1, a2, a3, a4, a5, a6, NULL };

	run_in(h, argv);
}

/* A DNAT in A's nat prerouting publishes A's port 8080 to a listener in B
 * (10.88.0.2:80) with no listener on 8080 in A; Docker's files (a fixture
 * tree) name the container, and Docker's default publish address is a
 * finding. */
static void test_dnat_to_another_namespace(void **state)
{
	struct fixture *f = *state;
	static const char config[] =
	    "{\"Name\":\"/web\",\"State\":{\"Running\":true},\"NetworkSettings\":{"
	    "\"Networks\":{\"bridge\":{\"IPAddress\":\"10.88.0.2\"}}}}";
	static const char aardvark[] = "10.88.0.1\nc0ffee 10.88.0.3  pod-web,pw\n";
	struct json_object *doc, *list, *p = NULL, *to, *findings;
	pid_t in_b;
	char pid[16], root[96];

	start_namespace(&f->a);
	itest_require_root();
	assert_int_equal(holder_start(&f->b), 0);
	assert_int_equal(holder_veth(&f->a, "bgd0", "bgd1"), 0);
	snprintf(pid, sizeof(pid), "%d", (int)f->b.pid);
	ip_in(&f->a, "link", "set", "bgd1", "netns", pid, NULL);
	assert_int_equal(holder_addr(&f->a, "bgd0", "10.88.0.1", 24), 0);
	ip_in(&f->b, "addr", "add", "10.88.0.2/24", "dev", "bgd1", NULL);
	ip_in(&f->b, "link", "set", "bgd1", "up", NULL, NULL);
	in_b = listener_start(f->b.pid, NULL, AF_INET, "10.88.0.2", 80);
	assert_true(in_b > 0);
	f->listeners[f->n_listeners++] = in_b;
	load_nft(f, &f->a,
		 "table ip nat {\n"
		 "  chain prerouting {\n"
		 "    type nat hook prerouting priority dstnat;\n"
		 "    fib daddr type local jump DOCKER\n"
		 "  }\n"
		 "  chain DOCKER {\n"
		 "    iifname \"bgd0\" return\n"
		 "    tcp dport 8080 dnat to 10.88.0.2:80\n"
		 "    tcp dport 8082 dnat to 10.88.0.3:80\n"
		 "  }\n"
		 "}\n");
	snprintf(root, sizeof(root), "%s/root", f->dir);
	mkdir(root, 0700);
	fixture_write(root, "var/lib/docker/containers/abc123/config.v2.json", config,
		      strlen(config), 0600);
	fixture_write(root, "etc/docker/key.json", "{}", 2, 0600);
	/* podman (netavark) names its containers in aardvark-dns' files */
	fixture_write(root, "run/containers/networks/aardvark-dns/podman1", aardvark,
		      strlen(aardvark), 0600);
	setenv("BINDGUARD_SYSROOT", root, 1);
	doc = audit_document(&f->a, all_netns, EXIT_IS(1));
	unsetenv("BINDGUARD_SYSROOT");

	list = get(doc, "published");
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *x = json_object_array_get_idx(list, i);

		if ((uint64_t)json_object_get_int64(get(x, "netns")) == f->a.netns &&
		    !strcmp(json_object_get_string(get(x, "host_ports")), "8080"))
			p = x;
	}
	if (!p)
		fail_msg("no published port of A in %s", json_object_to_json_string(list));
	assert_string_equal(json_object_get_string(get(p, "protocol")), "tcp");
	assert_string_equal(json_object_get_string(get(p, "host_ports")), "8080");
	assert_true(json_object_get_boolean(get(p, "exposed")));
	assert_string_equal(json_object_get_string(get(p, "chain")), "ip nat DOCKER");
	to = get(p, "destination");
	assert_string_equal(json_object_get_string(get(to, "address")), "10.88.0.2");
	assert_int_equal(json_object_get_int(get(to, "port")), 80);
	assert_string_equal(json_object_get_string(get(to, "container")), "web");
	assert_int_equal(json_object_get_int64(get(to, "listener_netns")), (int64_t)f->b.netns);
	assert_int_equal(json_object_get_int(get(to, "listener_pid")), in_b);
	p = NULL;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *x = json_object_array_get_idx(list, i);

		if (!strcmp(json_object_get_string(get(x, "host_ports")), "8082"))
			p = x;
	}
	assert_non_null(p);
	to = get(p, "destination");
	assert_string_equal(json_object_get_string(get(to, "container")), "pod-web");
	assert_string_equal(json_object_get_string(get(to, "runtime")), "podman");
	/* no listener there: nothing is said to be reached */
	assert_true(json_object_is_type(get(to, "listener_netns"), json_type_null));
	findings = get(doc, "container_findings");
	assert_int_equal(json_object_array_length(findings), 1);
	assert_non_null(strstr(json_object_get_string(json_object_array_get_idx(findings, 0)),
			       "\"ip\": \"127.0.0.1\""));
	json_object_put(doc);
}

/* Not root: the ruleset cannot be read, so nothing is called blocked: the
 * listener stays exposed, "not checked", and libnftables prints nothing. */
static void test_not_root_is_not_checked(void **state)
{
	struct fixture *f = *state;
	const char *argv[] = { "/usr/bin/setpriv", "--reuid=65534",
			       "--regid=65534",	   "--clear-groups",
			       bindguard_path(),   "audit",
			       "--json",	   NULL };
	struct json_object *doc;
	struct bg_proc p;

	start_with_ruleset(f,
			   "table inet bgtest {\n"
			   "  chain input { type filter hook input priority 0; policy drop; }\n"
			   "}\n",
			   8090, 0);
	assert_int_equal(bg_start_argv(&p, argv, prepare_enter_netns, &f->a.pid), 0);
	assert_int_equal(bg_wait(&p, 20000), 1);
	doc = parse_document(&p);
	expect(doc, 8090, 0, "exposed", NULL, -1, "needs CAP_NET_ADMIN");
	assert_string_equal(
	    json_object_get_string(get(get(listener(doc, 8090, 0), "firewall"), "verdict")),
	    "not checked");
	json_object_put(doc);
	assert_null(p.err ? strstr(p.err, "Operation not permitted") : NULL);
	bg_free(&p);
}

/* Docker with its userland proxy: a DNAT and a docker-proxy listener on the
 * same host port are one exposure, tied together, with Docker's fix. */
static void test_docker_proxy_tied(void **state)
{
	struct fixture *f = *state;
	struct json_object *doc, *l, *p;

	start_namespace(&f->a);
	load_nft(f, &f->a,
		 "table ip nat {\n"
		 "  chain PREROUTING { type nat hook prerouting priority dstnat; jump DOCKER; }\n"
		 "  chain DOCKER { tcp dport 8181 dnat to 172.17.0.2:80; }\n"
		 "}\n");
	/* a process called docker-proxy on the host port, as Docker's userland proxy */
	f->server = listener_start(f->a.pid, "docker-proxy", AF_INET, "0.0.0.0", 8181);
	assert_true(f->server > 0);
	doc = audit_document(&f->a, NULL, EXIT_IS(1));
	l = listener(doc, 8181, 0);
	assert_string_equal(json_object_get_string(get(l, "published_by")), "ip nat DOCKER");
	assert_string_equal(json_object_get_string(get(l, "fix_program")), "Docker");
	assert_non_null(strstr(json_object_get_string(get(l, "fix")), "-p 127.0.0.1:8181:"));
	p = json_object_array_get_idx(get(doc, "published"), 0);
	assert_non_null(p);
	assert_true(json_object_get_boolean(get(p, "docker_proxy")));
	/* one exposure, not two */
	assert_int_equal(json_object_get_int(get(doc, "exposed")), 1);
	json_object_put(doc);
}

/* The interfaces a connection may come in on: only the one a listener is
 * bound to (SO_BINDTODEVICE), and an address's label ("bgfx0:x") names its
 * interface; each was "exposed for some hosts only" before, the first
 * while no host could connect. */
static void test_incoming_interfaces(void **state)
{
	struct fixture *f = *state;
	const char *label[] = { "/usr/sbin/ip", "addr",	   "add", "10.79.0.1/24", "dev", "bgfx0",
				"label",	"bgfx0:x", NULL };
	struct json_object *doc, *fw;
	pid_t bound;

	start_namespace(&f->a);
	assert_int_equal(holder_veth(&f->a, "bgfx0", "bgfx1"), 0);
	run_in(&f->a, label);
	load_nft(
	    f, &f->a,
	    "table inet bgtest {\n"
	    "  chain input {\n"
	    "    type filter hook input priority filter; policy drop;\n"
	    "    iifname \"bgfw0\" tcp dport 8301 drop\n"
	    "    tcp dport 8301 accept\n"
	    "    iifname { \"bgfw0\", \"bgfw1\", \"bgfx0\", \"bgfx1\" } tcp dport 8302 accept\n"
	    "  }\n"
	    "}\n");
	bound = listener_start(f->a.pid, NULL, AF_INET, "0.0.0.0%bgfw0", 8301);
	assert_true(bound > 0);
	f->listeners[f->n_listeners++] = bound;
	listen_on(f, &f->a, 8302);
	doc = audit_document(&f->a, NULL, EXIT_IS(1));
	expect(doc, 8301, 0, "blocked", "inet bgtest input", 1, "dropped by rule");
	expect(doc, 8302, 0, "exposed", "inet bgtest input", 1, "accepted by rule");
	fw = get(listener(doc, 8302, 0), "firewall");
	assert_false(json_object_get_boolean(get(fw, "some_sources_only")));
	json_object_put(doc);
}

static bool has_port(struct json_object *doc, int port)
{
	struct json_object *list = get(doc, "listeners");

	for (size_t i = 0; i < json_object_array_length(list); i++)
		if (json_object_get_int(get(json_object_array_get_idx(list, i), "port")) == port)
			return true;
	return false;
}

/* The fix line for a real dev server started by the test: python's
 * http.server on the wildcard (busybox httpd, and the generic line, where
 * there is no Python), and a generic line for the holder. */
static void test_fix_for_real_program(void **state)
{
	struct fixture *f = *state;
	const char *args[] = { "audit", "--no-color", NULL }, *program;
	struct json_object *doc = NULL, *l;
	struct bg_proc server, p;
	char want[160];

	start_namespace(&f->a);
	listen_on(f, &f->a, 8766);
	assert_int_equal(start_dev_server(&server, f->a.pid, 8765, &program), 0);
	f->server = server.pid;
	for (int i = 0; i < 100; i++) {
		doc = audit_document(&f->a, NULL, EXIT_IS(1));
		if (has_port(doc, 8765))
			break;
		json_object_put(doc);
		doc = NULL;
		usleep(100 * 1000);
	}
	if (!doc)
		fail_msg("the dev server never listened");
	l = listener(doc, 8765, 0);
	assert_string_equal(json_object_get_string(get(l, "fix_program")), program);
	if (!strcmp(program, "python http.server"))
		assert_string_equal(json_object_get_string(get(l, "fix")),
				    "python3 -m http.server --bind 127.0.0.1 8765");
	l = listener(doc, 8766, 0);
	assert_string_equal(json_object_get_string(get(l, "fix_program")), "any program");
	json_object_put(doc);
	assert_int_equal(bg_run_in(&f->a, &p, args, 20000), 1);
	snprintf(want, sizeof(want), "fix (%s): %s", program,
		 strcmp(program, "python http.server") ? "make it bind 127.0.0.1"
						       : "python3 -m http.server --bind 127.0.0.1 "
							 "8765\n");
	assert_non_null(strstr(out_of(&p), want));
	bg_free(&p);
	bg_stop(&server);
	bg_free(&server);
	f->server = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_policy_drop_with_one_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reject_and_all_blocked_exit_status, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rule_beyond_judgement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iptables_nft_chains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_per_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legacy_tables_noted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_root_is_not_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fix_for_real_program, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dnat_to_another_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docker_proxy_tied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incoming_interfaces, setup, teardown),
	};

	return cmocka_run_group_tests_name("itest_firewall", tests, NULL, NULL);
}
