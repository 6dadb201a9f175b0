// SPDX-License-Identifier: GPL-2.0
/* inet_diag dumps through libmnl: one request per family and protocol,
 * replies decoded by a pure function the unit tests feed directly. */
#include "listeners/sockdiag.h"

#include "lib/array.h"
#include "lib/netlink_dump.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Large enough that the kernel never truncates a dump batch (ss uses 32K). */
#define DUMP_BUFFER_SIZE (64 * 1024)

void listen_socket_list_free(struct listen_socket_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int listen_socket_list_push(struct listen_socket_list *l, const struct listen_socket *s)
{
	if (array_reserve(&l->items, &l->cap, l->n, 64))
		return -ENOMEM;
	l->items[l->n++] = *s;
	return 0;
}

/* One attribute of a reply; a malformed one is skipped, never read past. */
static int on_attribute(const struct nlattr *attr, void *data)
{
	struct listen_socket *out = data;
	struct inet_diag_sockopt opt;

	switch (mnl_attr_get_type(attr)) {
	case INET_DIAG_SKV6ONLY:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) == 0)
			out->v6only = mnl_attr_get_u8(attr) != 0;
		break;
	case INET_DIAG_PROTOCOL:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) == 0)
			out->protocol = mnl_attr_get_u8(attr);
		break;
	case INET_DIAG_CGROUP_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			out->cgroup_id = mnl_attr_get_u64(attr);
		break;
	case INET_DIAG_SOCKOPT:
		if (mnl_attr_get_payload_len(attr) < sizeof(opt))
			break;
		memcpy(&opt, mnl_attr_get_payload(attr), sizeof(opt));
		out->freebind = opt.freebind;
		out->transparent = opt.transparent;
		break;
	}
	return MNL_CB_OK;
}

int sockdiag_parse_message(const struct nlmsghdr *nlh, int protocol, struct listen_socket *out)
{
	const struct inet_diag_msg *msg;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY || nlh->nlmsg_len < NLMSG_HDRLEN ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*msg))
		return -EINVAL;
	msg = mnl_nlmsg_get_payload(nlh);
	if (msg->idiag_family != AF_INET && msg->idiag_family != AF_INET6)
		return -EINVAL;

	memset(out, 0, sizeof(*out));
	out->family = msg->idiag_family;
	out->protocol = protocol;
	memcpy(out->addr, msg->id.idiag_src, out->family == AF_INET ? 4 : 16);
	out->port = ntohs(msg->id.idiag_sport);
	out->state = msg->idiag_state;
	out->ifindex = msg->id.idiag_if;
	out->uid = msg->idiag_uid;
	out->inode = msg->idiag_inode;
	out->cookie = (uint64_t)msg->id.idiag_cookie[1] << 32 | msg->id.idiag_cookie[0];
	mnl_attr_parse(nlh, sizeof(*msg), on_attribute, out);
	return 0;
}

struct dump_ctx {
	int protocol;
	struct listen_socket_list *out;
	int err;
};

static int on_reply(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *ctx = data;
	struct listen_socket s;

	if (sockdiag_parse_message(nlh, ctx->protocol, &s))
		return MNL_CB_OK; /* a record we cannot read is skipped, not fatal */
	/* An unconnected UDP socket without a port is not in the table; one
	 * with port 0 would be a kernel oddity, and is nothing a peer can reach. */
	if (s.port == 0)
		return MNL_CB_OK;
	ctx->err = listen_socket_list_push(ctx->out, &s);
	return ctx->err ? MNL_CB_ERROR : MNL_CB_OK;
}

int sockdiag_dump(int family, int protocol, struct listen_socket_list *out)
{
	struct dump_ctx ctx = { .protocol = protocol, .out = out };
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;
	char *buf;
	int err;

	buf = malloc(DUMP_BUFFER_SIZE);
	if (!buf)
		return -ENOMEM;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = (uint8_t)protocol;
	req->idiag_states = protocol == IPPROTO_TCP ? 1u << TCP_LISTEN : 1u << TCP_CLOSE;
	err = netlink_dump(NETLINK_SOCK_DIAG, buf, DUMP_BUFFER_SIZE, on_reply, &ctx);
	free(buf);
	return err && ctx.err ? ctx.err : err;
}

int sockdiag_dump_all(uint64_t netns, struct listen_socket_list *out, unsigned int *skipped)
{
	static const int families[] = { AF_INET, AF_INET6 };
	static const int protocols[] = { IPPROTO_TCP, IPPROTO_UDP };
	size_t first = out->n;

	if (skipped)
		*skipped = 0;
	for (size_t p = 0; p < 2; p++) {
		for (size_t f = 0; f < 2; f++) {
			int err = sockdiag_dump(families[f], protocols[p], out);

			if (err == -ENOENT || err == -EAFNOSUPPORT || err == -EOPNOTSUPP) {
				if (skipped)
					(*skipped)++;
				continue;
			}
			if (err)
				return err;
		}
	}
	for (size_t i = first; i < out->n; i++)
		out->items[i].netns = netns;
	return 0;
}
