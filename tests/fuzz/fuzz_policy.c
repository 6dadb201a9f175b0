// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: policy files (policy_parse_string) and the setters behind the
 * `enforce` flags.  Whatever is accepted is a policy the BPF hook can use:
 * known mode and scope, loopback rewrite targets, counts within the arrays,
 * port ranges in order; whatever is refused comes with a message. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/addr.h"
#include "enforcement/policy.h"

#include "fuzz.h"

static void check_policy(const struct policy_config *c)
{
	const struct bg_policy *p = &c->policy;

	CHECK(p->mode >= BG_MODE_LOG && p->mode <= BG_MODE_DENY);
	CHECK(p->scope == BG_SCOPE_WILDCARD || p->scope == BG_SCOPE_NON_LOOPBACK);
	CHECK(classify_addr(AF_INET, p->rewrite4) == ADDR_CLASS_LOOPBACK);
	CHECK(classify_addr(AF_INET6, p->rewrite6) == ADDR_CLASS_LOOPBACK);
	CHECK(!addr_is_v4_mapped(p->rewrite6));
	CHECK((p->allow_protocols & ~(BG_PROTO_TCP | BG_PROTO_UDP | BG_PROTO_OTHER)) == 0);
	CHECK(p->host_netns_only <= 1);
	CHECK(p->n_port_ranges <= BG_POLICY_MAX_PORT_RANGES);
	for (int i = 0; i < p->n_port_ranges; i++)
		CHECK(p->ports[i].first <= p->ports[i].last);
	CHECK(p->n_uids <= BG_POLICY_MAX_UIDS);
	CHECK(p->n_comms <= BG_POLICY_MAX_COMMS);
	for (int i = 0; i < p->n_comms; i++)
		CHECK(p->comms[i][0] && memchr(p->comms[i], '\0', BG_COMM_LEN));
	CHECK(c->n_allow_cgroups >= 0 && c->n_allow_cgroups <= BG_POLICY_MAX_CGROUPS);
	for (int i = 0; i < c->n_allow_cgroups; i++)
		CHECK(memchr(c->allow_cgroups[i], '\0', PATH_MAX));
	CHECK(memchr(c->cgroup, '\0', PATH_MAX));
}

static void check_error(int ret, const char *err, size_t err_len)
{
	CHECK(memchr(err, '\0', err_len));
	if (ret)
		CHECK(err[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_config *c;
	char *text, *err;
	int ret = 0;

	if (size < 1)
		return 0;
	/* heap copies of exact size: a read past either is caught */
	c = malloc(sizeof(*c));
	text = malloc(size);
	err = malloc(POLICY_ERROR_LEN);
	CHECK(c && text && err);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	memset(err, 'x', POLICY_ERROR_LEN);
	err[0] = '\0'; /* as the callers do */
	policy_init(c);

	switch (data[0]) {
	case 'm': ret = policy_set_mode(c, text, err, POLICY_ERROR_LEN); break;
	case 's': ret = policy_set_scope(c, text, err, POLICY_ERROR_LEN); break;
	case 'r': ret = policy_set_rewrite_to(c, text, err, POLICY_ERROR_LEN); break;
	case 'p': ret = policy_add_ports(c, text, err, POLICY_ERROR_LEN); break;
	case 'P': ret = policy_add_protocols(c, text, err, POLICY_ERROR_LEN); break;
	case 'c': ret = policy_add_comms(c, text, err, POLICY_ERROR_LEN); break;
	case 'g': ret = policy_add_cgroups(c, text, err, POLICY_ERROR_LEN); break;
	case 'u': ret = policy_add_users(c, text, err, POLICY_ERROR_LEN); break;
	default:
		/* a whole file: its messages are one line, with the location */
		ret = policy_parse_string(c, text, "fuzz.conf", err, POLICY_ERROR_LEN);
		if (ret)
			CHECK(strncmp(err, "fuzz.conf:", 10) == 0 && !strchr(err, '\n'));
		break;
	}
	CHECK(ret == 0 || ret == -EINVAL || ret == -E2BIG || ret == -ERANGE);
	check_error(ret, err, POLICY_ERROR_LEN);
	if (!ret)
		check_policy(c);
	free(c);
	free(text);
	free(err);
	return 0;
}
