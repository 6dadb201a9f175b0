/* SPDX-License-Identifier: GPL-2.0 */
/* One netlink dump through libmnl: open, bind, send the request the caller
 * built, feed every reply to a callback until the kernel says done. */
#ifndef BINDGUARD_NETLINK_DUMP_H
#define BINDGUARD_NETLINK_DUMP_H

#include <libmnl/libmnl.h>
#include <stddef.h>

/* buf (size bytes, at least MNL_SOCKET_BUFFER_SIZE) holds the request
 * header made with mnl_nlmsg_put_header and its extra header; the flags
 * NLM_F_REQUEST | NLM_F_DUMP and the sequence number are set here, and buf
 * is reused for the replies.  cb returns MNL_CB_OK, or MNL_CB_ERROR to stop.
 * 0 or -errno (the kernel's, or errno left by a failing callback). */
int netlink_dump(int bus, char *buf, size_t size, mnl_cb_t cb, void *data);

#endif
