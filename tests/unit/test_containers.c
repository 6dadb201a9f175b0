// SPDX-License-Identifier: GPL-2.0
/* Unit tests of user/containers: Docker's container files, Docker's and
 * podman's default publish address, and the findings they give. */
#include "table_test.h"

#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include "containers/runtimes.h"

static const char config[] =
    "{\"ID\":\"abc\",\"Name\":\"/web\",\"State\":{\"Running\":true,\"Pid\":4242},"
    "\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.2\"},"
    "\"other\":{\"IPAddress\":\"\"}}}}";
static const char hostconfig[] =
    "{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"},"
    "{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8081\"}],\"53/udp\":[{\"HostIp\":\"\","
    "\"HostPort\":\"\"}]}}";

static void test_docker_container(void **state)
{
	struct container c;
	struct container_list l = { &c, 1, 1 };
	const struct container_port *p = NULL;

	(void)state;
	assert_int_equal(docker_container_parse(config, hostconfig, &c), 0);
	assert_string_equal(c.name, "web");
	assert_true(c.running);
	assert_int_equal(c.n_addrs, 1);
	assert_string_equal(c.addrs[0], "172.17.0.2");
	assert_int_equal(c.n_ports, 3);
	assert_ptr_equal(container_by_addr(&l, "172.17.0.2"), &c);
	assert_null(container_by_addr(&l, "172.17.0.3"));
	assert_ptr_equal(container_by_host_port(&l, IPPROTO_TCP, 8081, &p), &c);
	assert_int_equal(p->container_port, 80);
	assert_string_equal(p->host_ip, "127.0.0.1");
	/* no HostPort: the same port */
	assert_ptr_equal(container_by_host_port(&l, IPPROTO_UDP, 53, &p), &c);
	assert_null(container_by_host_port(&l, IPPROTO_TCP, 53, NULL));
	c.running = false; /* a stopped container publishes nothing */
	assert_null(container_by_addr(&l, "172.17.0.2"));
}

static void test_docker_malformed(void **state)
{
	struct container c;

	(void)state;
	assert_int_equal(docker_container_parse("not json", NULL, &c), -EINVAL);
	assert_int_equal(docker_container_parse("{\"State\":{}}", NULL, &c), -EINVAL);
	assert_int_equal(docker_container_parse("{\"Name\":\"x\"}", "[garbage", &c), 0);
	assert_int_equal(c.n_ports, 0);
}

static void test_daemon_ip(void **state)
{
	char ip[64];

	(void)state;
	assert_int_equal(docker_daemon_ip("{\"ip\":\"127.0.0.1\"}", ip, sizeof(ip)), 0);
	assert_string_equal(ip, "127.0.0.1");
	assert_int_equal(docker_daemon_ip("{\"log-driver\":\"json-file\"}", ip, sizeof(ip)),
			 -ENOENT);
	assert_int_equal(docker_daemon_ip("{\"ip\":1}", ip, sizeof(ip)), -EINVAL);
	assert_int_equal(docker_daemon_ip("{", ip, sizeof(ip)), -EINVAL);
	assert_int_equal(docker_daemon_ip("[]", ip, sizeof(ip)), -EINVAL);
}

static void test_podman_conf(void **state)
{
	char ips[128];

	(void)state;
	assert_int_equal(podman_default_host_ips(
			     "[network]\n  default_host_ips = [\"127.0.0.1\"]\n", ips, sizeof(ips)),
			 0);
	assert_string_equal(ips, "\"127.0.0.1\"");
	assert_int_equal(
	    podman_default_host_ips("[network]\n# default_host_ips = []\n", ips, sizeof(ips)),
	    -ENOENT);
}

static void test_podman_aardvark(void **state)
{
	static const char file[] = "10.89.0.1,fd00::1 1.1.1.1\n"
				   "f00d 10.89.0.2 fd00::2 web,web-alias\n"
				   "beef 10.89.0.3,10.89.1.3  db\n"
				   "broken-line-without-fields\n";
	struct container_list l = { 0 };

	(void)state;
	assert_int_equal(podman_aardvark_parse(file, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].name, "web");
	assert_string_equal(l.items[0].runtime, "podman");
	assert_int_equal(l.items[0].n_addrs, 2);
	assert_string_equal(l.items[0].addrs[1], "fd00::2");
	/* the network's own address is not a container */
	assert_null(container_by_addr(&l, "10.89.0.1"));
	assert_string_equal(container_by_addr(&l, "10.89.1.3")->name, "db");
	assert_string_equal(container_by_addr(&l, "fd00::2")->name, "web");
	container_list_free(&l);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void put(const char *root, const char *rel, const char *text)
{
	char path[512], dir[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(p - path), path);
		mkdir(dir, 0755);
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

struct defaults_case {
	const char *name;
	const char *files[4][2]; /* path, contents */
	size_t want;
	const char *want_text;
};

static const struct defaults_case defaults_cases[] = {
	{ "nothing installed", { { NULL } }, 0, NULL },
	{ "docker without daemon.json",
	  { { "usr/bin/dockerd", "" } },
	  1,
	  "no \"ip\" in daemon.json" },
	{ "docker on loopback",
	  { { "usr/bin/dockerd", "" }, { "etc/docker/daemon.json", "{\"ip\": \"127.0.0.1\"}" } },
	  0,
	  NULL },
	{ "docker on the wildcard",
	  { { "usr/bin/dockerd", "" }, { "etc/docker/daemon.json", "{\"ip\": \"0.0.0.0\"}" } },
	  1,
	  "\"ip\" is the wildcard" },
	{ "docker daemon.json broken",
	  { { "usr/bin/dockerd", "" }, { "etc/docker/daemon.json", "{ip" } },
	  1,
	  "not valid JSON" },
	{ "podman default", { { "usr/bin/podman", "" } }, 1, "default_host_ips is not set" },
	{ "podman on loopback",
	  { { "usr/bin/podman", "" },
	    { "etc/containers/containers.conf",
	      "[network]\ndefault_host_ips = [\"127.0.0.1\"]\n" } },
	  0,
	  NULL },
	{ "podman on the wildcard",
	  { { "usr/bin/podman", "" },
	    { "etc/containers/containers.conf", "[network]\ndefault_host_ips = [\"0.0.0.0\"]\n" } },
	  1,
	  "holds the wildcard" },
};

static void test_defaults(void **state)
{
	const struct defaults_case *c = *state;
	char root[] = "/tmp/bindguard-runtimes-XXXXXX";
	char findings[4][RUNTIME_FINDING_LEN];
	size_t n;

	assert_non_null(mkdtemp(root));
	for (size_t i = 0; i < 4 && c->files[i][0]; i++)
		put(root, c->files[i][0], c->files[i][1]);
	n = runtime_defaults_check(root, findings, 4);
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	assert_int_equal(n, c->want);
	if (c->want_text && !strstr(findings[0], c->want_text))
		fail_msg("finding \"%s\" lacks \"%s\"", findings[0], c->want_text);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_docker_container), cmocka_unit_test(test_docker_malformed),
		cmocka_unit_test(test_daemon_ip),	 cmocka_unit_test(test_podman_conf),
		cmocka_unit_test(test_podman_aardvark),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(defaults_cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	for (size_t i = 0; i < ARRAY_SIZE(defaults_cases); i++)
		add_test(&l, test_defaults, &defaults_cases[i], "defaults: %s",
			 defaults_cases[i].name);
	return run_test_list(&l, "containers", NULL, NULL);
}
