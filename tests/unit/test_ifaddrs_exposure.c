// SPDX-License-Identifier: GPL-2.0
/* Wildcard resolution: which interface addresses a bound address is
 * reachable on, and how far that reaches. */
#include "table_test.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "listeners/ifaddrs_exposure.h"

/* The interfaces every row is resolved against. */
static const struct {
	const char *ifname;
	uint32_t ifindex;
	const char *addr;
} host_addrs[] = {
	{ "lo", 1, "127.0.0.1" },     { "lo", 1, "::1" },	{ "eth0", 2, "192.168.1.23" },
	{ "eth0", 2, "fd00::5" },     { "eth0", 2, "fe80::1" }, { "wan0", 3, "2001:4860::7" },
	{ "dock0", 4, "172.17.0.1" },
};

struct exposure_case {
	const char *name;
	const char *addr;
	bool v6only;
	uint32_t ifindex;
	bool only_loopback; /* resolve against lo only */
	enum exposure want;
	const char *want_reach; /* space-separated addresses, in interface order */
	bool want_dual_stack;
	bool want_absent;
	bool want_group;
};

static const struct exposure_case cases[] = {
	{ "v4 wildcard", "0.0.0.0", false, 0, false, EXPOSURE_LAN, "192.168.1.23 172.17.0.1" },
	{ "v6 wildcard dual-stack", "::", false, 0, false, EXPOSURE_INTERNET,
	  "192.168.1.23 fd00::5 fe80::1 2001:4860::7 172.17.0.1", true },
	{ "v6 wildcard v6only", "::", true, 0, false, EXPOSURE_INTERNET,
	  "fd00::5 fe80::1 2001:4860::7" },
	{ "v4-mapped wildcard is v4", "::ffff:0.0.0.0", false, 0, false, EXPOSURE_LAN,
	  "192.168.1.23 172.17.0.1" },
	{ "wildcard bound to eth0", "::", false, 2, false, EXPOSURE_LAN,
	  "192.168.1.23 fd00::5 fe80::1", true },
	{ "wildcard bound to lo stays local", "0.0.0.0", false, 1, false, EXPOSURE_LOCAL, "" },
	{ "wildcard with only loopback is latent", "0.0.0.0", false, 0, true, EXPOSURE_LATENT, "" },
	{ "v6 wildcard with only loopback is latent", "::", false, 0, true, EXPOSURE_LATENT, "",
	  true },
	{ "loopback v4", "127.0.0.1", false, 0, false, EXPOSURE_LOCAL, "" },
	{ "loopback v4 elsewhere in 127/8", "127.0.0.53", false, 0, false, EXPOSURE_LOCAL, "" },
	{ "loopback v6", "::1", false, 0, false, EXPOSURE_LOCAL, "" },
	{ "v4-mapped loopback", "::ffff:127.0.0.1", false, 0, false, EXPOSURE_LOCAL, "" },
	{ "private address", "192.168.1.23", false, 0, false, EXPOSURE_LAN, "192.168.1.23" },
	{ "ULA", "fd00::5", false, 0, false, EXPOSURE_LAN, "fd00::5" },
	{ "link-local", "fe80::1", false, 0, false, EXPOSURE_LINK, "fe80::1" },
	{ "global v6", "2001:4860::7", false, 0, false, EXPOSURE_INTERNET, "2001:4860::7" },
	{ "freebind address on no interface", "10.9.9.9", false, 0, false, EXPOSURE_LAN, "", false,
	  true },
	{ "documentation address", "192.0.2.10", false, 0, false, EXPOSURE_OTHER, "", false, true },
	/* found by review: a group address was "on no interface (a freebind
	 * bind)"; mDNS's reaches the link, not whatever network routes it */
	{ "link-scope multicast (mDNS)", "224.0.0.251", false, 0, false, EXPOSURE_LINK, "", false,
	  false, true },
	{ "routed multicast", "239.1.2.3", false, 0, false, EXPOSURE_OTHER, "", false, false,
	  true },
	{ "broadcast", "255.255.255.255", false, 0, false, EXPOSURE_LINK, "", false, false, true },
	{ "link-scope IPv6 multicast", "ff02::fb", false, 0, false, EXPOSURE_LINK, "", false, false,
	  true },
	{ "interface-local IPv6 multicast", "ff01::1", false, 0, false, EXPOSURE_LOCAL, "", false,
	  false, true },
	{ "global IPv6 multicast", "ff0e::1:3", false, 0, false, EXPOSURE_OTHER, "", false, false,
	  true },
	{ "v4-mapped multicast", "::ffff:224.0.0.251", false, 0, false, EXPOSURE_LINK, "", false,
	  false, true },
};

static void load_ifs(struct iface_addr_list *l, bool only_loopback)
{
	for (size_t i = 0; i < ARRAY_SIZE(host_addrs); i++) {
		uint8_t addr[16] = { 0 };
		int family = strchr(host_addrs[i].addr, ':') ? AF_INET6 : AF_INET;

		if (only_loopback && strcmp(host_addrs[i].ifname, "lo"))
			continue;
		assert_int_equal(inet_pton(family, host_addrs[i].addr, addr), 1);
		assert_int_equal(iface_addr_list_push(l, host_addrs[i].ifname,
						      host_addrs[i].ifindex, family, addr),
				 0);
	}
}

static void test_case(void **state)
{
	const struct exposure_case *c = *state;
	struct iface_addr_list ifs = { 0 };
	struct exposure_result r;
	uint8_t addr[16] = { 0 };
	int family = strchr(c->addr, ':') ? AF_INET6 : AF_INET;
	char reach[512] = "";

	load_ifs(&ifs, c->only_loopback);
	assert_int_equal(inet_pton(family, c->addr, addr), 1);
	exposure_resolve(family, addr, c->v6only, c->ifindex, ifs.items, ifs.n, &r);
	for (size_t i = 0; i < r.n_reach; i++) {
		char text[64];
		const struct iface_addr *a = &ifs.items[r.reach[i]];

		inet_ntop(a->family, a->addr, text, sizeof(text));
		if (i)
			strcat(reach, " ");
		strcat(reach, text);
	}
	assert_string_equal(exposure_name(r.level), exposure_name(c->want));
	assert_string_equal(reach, c->want_reach);
	assert_int_equal(r.dual_stack, c->want_dual_stack);
	assert_int_equal(r.addr_absent, c->want_absent);
	assert_int_equal(r.group, c->want_group);
	assert_int_equal(exposure_is_exposed(r.level), c->want != EXPOSURE_LOCAL);
	iface_addr_list_free(&ifs);
}

static void test_names_and_sentences(void **state)
{
	(void)state;
	for (int e = 0; e < EXPOSURE_COUNT; e++) {
		assert_string_not_equal(exposure_name((enum exposure)e), "unknown");
		assert_true(strlen(exposure_sentence((enum exposure)e)) > 10);
	}
	assert_string_equal(exposure_name(EXPOSURE_COUNT), "unknown");
	assert_non_null(strstr(exposure_sentence(EXPOSURE_INTERNET), "unless a firewall"));
	assert_int_equal(exposure_of_class(ADDR_CLASS_GLOBAL), EXPOSURE_INTERNET);
	assert_int_equal(exposure_of_class(ADDR_CLASS_LOOPBACK), EXPOSURE_LOCAL);
	assert_int_equal(exposure_of_class(ADDR_CLASS_BENCHMARK), EXPOSURE_OTHER);
}

/* A subnet-directed broadcast address is a group address too, whether set
 * on the interface (brd) or made by the kernel from the prefix (found by
 * review: "no interface has this address now (a freebind bind)"). */
static void test_subnet_broadcast(void **state)
{
	static const struct {
		const char *addr, *mask, *brd, *bound;
		bool want_group;
	} rows[] = {
		{ "10.77.0.1", "255.255.255.0", "0.0.0.0", "10.77.0.255", true },
		{ "10.77.0.1", "255.255.255.0", "10.77.0.255", "10.77.0.255", true },
		{ "10.77.0.1", "255.255.0.0", "0.0.0.0", "10.77.255.255", true },
		{ "10.77.0.1", "255.255.0.0", "0.0.0.0", "10.77.0.255", false },
		{ "10.77.0.1", "255.255.255.254", "0.0.0.0", "10.77.0.1", false }, /* /31 */
		{ "10.77.0.1", "255.255.255.0", "10.77.0.200", "10.77.0.200", true },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct iface_addr_list ifs = { 0 };
		struct exposure_result r;
		uint8_t addr[4], bound[4];

		assert_int_equal(inet_pton(AF_INET, rows[i].addr, addr), 1);
		assert_int_equal(iface_addr_list_push(&ifs, "v0", 5, AF_INET, addr), 0);
		assert_int_equal(inet_pton(AF_INET, rows[i].mask, ifs.items[0].mask), 1);
		assert_int_equal(inet_pton(AF_INET, rows[i].brd, ifs.items[0].brd), 1);
		assert_int_equal(inet_pton(AF_INET, rows[i].bound, bound), 1);
		exposure_resolve(AF_INET, bound, false, 0, ifs.items, ifs.n, &r);
		if (r.group != rows[i].want_group)
			fail_msg("%s on %s/%s brd %s: group %d", rows[i].bound, rows[i].addr,
				 rows[i].mask, rows[i].brd, r.group);
		if (r.group)
			assert_int_equal(r.level, EXPOSURE_LINK);
		iface_addr_list_free(&ifs);
	}
}

/* More addresses than a result holds: the report says so instead of lying. */
static void test_truncated_reach(void **state)
{
	struct iface_addr_list ifs = { 0 };
	struct exposure_result r;
	uint8_t any[16] = { 0 };

	(void)state;
	for (int i = 0; i < EXPOSURE_MAX_REACH + 5; i++) {
		uint8_t addr[4] = { 10, 0, 0, (uint8_t)(i + 1) };

		assert_int_equal(iface_addr_list_push(&ifs, "eth0", 2, AF_INET, addr), 0);
	}
	exposure_resolve(AF_INET, any, false, 0, ifs.items, ifs.n, &r);
	assert_int_equal(r.n_reach, EXPOSURE_MAX_REACH);
	assert_true(r.reach_truncated);
	assert_int_equal(r.level, EXPOSURE_LAN);
	iface_addr_list_free(&ifs);
}

int main(void)
{
	static const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_names_and_sentences),
		cmocka_unit_test(test_truncated_reach),
		cmocka_unit_test(test_subnet_broadcast),
	};
	struct CMUnitTest tests[ARRAY_SIZE(cases) + ARRAY_SIZE(plain)];
	struct test_list l = { tests, 0, ARRAY_SIZE(tests) };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_test(&l, test_case, &cases[i], "resolve %s (%s)", cases[i].name, cases[i].addr);
	add_plain_tests(&l, plain, ARRAY_SIZE(plain));
	return run_test_list(&l, "ifaddrs_exposure", NULL, NULL);
}
