/* SPDX-License-Identifier: GPL-2.0 */
/* Reading the firewall of the calling thread's network namespace: the
 * nftables ruleset through libnftables (JSON, never by running nft), and
 * whether legacy x_tables (iptables-legacy) tables are loaded there. */
#ifndef BINDGUARD_FW_READ_H
#define BINDGUARD_FW_READ_H

#include <stddef.h>

/* *json: `list ruleset` as JSON (free it).  0, or -errno with the library's
 * message in err (-EPERM without CAP_NET_ADMIN). */
int fw_read_ruleset(char **json, char *err, size_t errlen);

/* The names of the legacy iptables tables loaded here ("filter, nat"),
 * "" when none.  Reads /proc/thread-self/net, so that it answers for the
 * namespace of this thread (a setns thread included). */
void fw_read_legacy_tables(char *names, size_t len);

#endif
