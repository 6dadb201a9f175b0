// SPDX-License-Identifier: GPL-2.0
/* The netlink dump loop shared by sock_diag and the routing-rule reader. */
#include "lib/netlink_dump.h"

#include <errno.h>
#include <time.h>

int netlink_dump(int bus, char *buf, size_t size, mnl_cb_t cb, void *data)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct mnl_socket *nl;
	unsigned int seq, portid;
	int err = 0, ret;

	nl = mnl_socket_open(bus);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto cleanup;
	}
	portid = mnl_socket_get_portid(nl);
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq = (unsigned int)time(NULL);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		err = -errno;
		goto cleanup;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, size);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		errno = 0;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, cb, data);
		if (ret == MNL_CB_ERROR) {
			err = errno ? -errno : -EIO;
			break;
		}
		if (ret == MNL_CB_STOP)
			break;
	}
cleanup:
	mnl_socket_close(nl);
	return err;
}
