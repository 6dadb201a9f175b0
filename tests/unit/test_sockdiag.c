// SPDX-License-Identifier: GPL-2.0
/* Decoding inet_diag replies: messages built here the way the kernel lays
 * them out, including truncated and foreign ones. */
#include "table_test.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "listeners/sockdiag.h"

struct reply {
	int family;
	const char *addr;
	uint16_t port;
	uint8_t state;
	uint32_t ifindex, uid, inode;
	int v6only;   /* -1: attribute absent */
	int freebind; /* -1: attribute absent */
	int protocol; /* -1: attribute absent */
	uint64_t cgroup;
};

static struct nlmsghdr *build(char *buf, const struct reply *r)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_msg *msg;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg = mnl_nlmsg_put_extra_header(nlh, sizeof(*msg));
	msg->idiag_family = (uint8_t)r->family;
	msg->idiag_state = r->state;
	inet_pton(r->family, r->addr, msg->id.idiag_src);
	msg->id.idiag_sport = htons(r->port);
	msg->id.idiag_if = r->ifindex;
	msg->id.idiag_cookie[0] = 0x11;
	msg->id.idiag_cookie[1] = 0x22;
	msg->idiag_uid = r->uid;
	msg->idiag_inode = r->inode;
	if (r->v6only >= 0)
		mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, (uint8_t)r->v6only);
	if (r->protocol >= 0)
		mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, (uint8_t)r->protocol);
	if (r->cgroup)
		mnl_attr_put_u64(nlh, INET_DIAG_CGROUP_ID, r->cgroup);
	if (r->freebind >= 0) {
		struct inet_diag_sockopt opt = { 0 };

		opt.freebind = r->freebind;
		opt.transparent = 1;
		mnl_attr_put(nlh, INET_DIAG_SOCKOPT, sizeof(opt), &opt);
	}
	return nlh;
}

static void test_v4_listener(void **state)
{
	static const struct reply r = { AF_INET, "192.168.1.23", 5432, TCP_LISTEN, 0,
					105,	 4242,		 -1,   1,	   -1,
					77 };
	char buf[1024];
	struct listen_socket s;
	uint8_t want[4] = { 192, 168, 1, 23 };

	(void)state;
	assert_int_equal(sockdiag_parse_message(build(buf, &r), IPPROTO_TCP, &s), 0);
	assert_int_equal(s.family, AF_INET);
	assert_int_equal(s.protocol, IPPROTO_TCP);
	assert_memory_equal(s.addr, want, 4);
	assert_int_equal(s.port, 5432);
	assert_int_equal(s.state, TCP_LISTEN);
	assert_int_equal(s.uid, 105);
	assert_true(s.inode == 4242);
	assert_true(s.cookie == 0x2200000011ULL);
	assert_true(s.cgroup_id == 77);
	assert_true(s.freebind);
	assert_true(s.transparent);
	assert_false(s.v6only);
	assert_int_equal(s.ifindex, 0);
}

static void test_v6_udp(void **state)
{
	static const struct reply r = { AF_INET6, "::", 5353, TCP_CLOSE,   3, 0,
					99,	  1,	-1,   IPPROTO_UDP, 0 };
	char buf[1024];
	struct listen_socket s;
	uint8_t any[16] = { 0 };

	(void)state;
	assert_int_equal(sockdiag_parse_message(build(buf, &r), IPPROTO_TCP, &s), 0);
	/* the attribute, when there, says what the socket really is */
	assert_int_equal(s.protocol, IPPROTO_UDP);
	assert_int_equal(s.family, AF_INET6);
	assert_memory_equal(s.addr, any, 16);
	assert_true(s.v6only);
	assert_false(s.freebind);
	assert_int_equal(s.ifindex, 3);
}

static void test_rejects(void **state)
{
	static const struct reply r = {
		AF_INET, "127.0.0.1", 80, TCP_LISTEN, 0, 0, 1, -1, -1, -1, 0
	};
	char buf[1024];
	struct listen_socket s;
	struct nlmsghdr *nlh;

	(void)state;
	nlh = build(buf, &r);
	nlh->nlmsg_type = NLMSG_ERROR;
	assert_int_equal(sockdiag_parse_message(nlh, IPPROTO_TCP, &s), -EINVAL);

	nlh = build(buf, &r);
	((struct inet_diag_msg *)mnl_nlmsg_get_payload(nlh))->idiag_family = AF_UNIX;
	assert_int_equal(sockdiag_parse_message(nlh, IPPROTO_TCP, &s), -EINVAL);

	/* a header that promises less than an inet_diag_msg */
	nlh = build(buf, &r);
	nlh->nlmsg_len = NLMSG_HDRLEN + 8;
	assert_int_equal(sockdiag_parse_message(nlh, IPPROTO_TCP, &s), -EINVAL);
}

/* An attribute with a wrong size is ignored, not read past. */
static void test_bad_attribute(void **state)
{
	static const struct reply r = { AF_INET6, "::1", 631, TCP_LISTEN, 0, 0, 5, -1, -1, -1, 0 };
	char buf[1024];
	struct listen_socket s;
	struct nlmsghdr *nlh;
	uint32_t wide = 1;

	(void)state;
	nlh = build(buf, &r);
	mnl_attr_put(nlh, INET_DIAG_CGROUP_ID, 2, &wide); /* u64 expected */
	mnl_attr_put(nlh, INET_DIAG_SOCKOPT, 1, &wide);	  /* 2 bytes expected */
	mnl_attr_put(nlh, INET_DIAG_SKV6ONLY, 0, NULL);	  /* u8 expected */
	assert_int_equal(sockdiag_parse_message(nlh, IPPROTO_TCP, &s), 0);
	assert_true(s.cgroup_id == 0);
	assert_false(s.freebind);
	assert_false(s.v6only);
	assert_int_equal(s.port, 631);
}

static void test_list_push(void **state)
{
	struct listen_socket_list l = { 0 };
	struct listen_socket s = { .port = 1 };

	(void)state;
	for (int i = 0; i < 200; i++) {
		s.port = (uint16_t)i;
		assert_int_equal(listen_socket_list_push(&l, &s), 0);
	}
	assert_int_equal(l.n, 200);
	assert_int_equal(l.items[199].port, 199);
	listen_socket_list_free(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4_listener), cmocka_unit_test(test_v6_udp),
		cmocka_unit_test(test_rejects),	    cmocka_unit_test(test_bad_attribute),
		cmocka_unit_test(test_list_push),
	};

	return cmocka_run_group_tests_name("sockdiag", tests, NULL, NULL);
}
