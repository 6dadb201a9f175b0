/* SPDX-License-Identifier: GPL-2.0 */
/* What a new inbound connection from another host meets in an nftables
 * ruleset: the base chains on its path in priority order, their policies
 * and the common matches.  Pure: the ruleset as libnftables' JSON in, a
 * verdict out; where a rule is beyond judgement the verdict is "unknown"
 * with that rule named, never "blocked". */
#ifndef BINDGUARD_FW_EVAL_H
#define BINDGUARD_FW_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fw_ruleset; /* opaque: holds the parsed JSON */

/* Parses `nft -j list ruleset` output.  0, or -EINVAL with the place of
 * the error in err, or -ENOMEM. */
int fw_ruleset_parse(const char *json, struct fw_ruleset **out, char *err, size_t errlen);
void fw_ruleset_free(struct fw_ruleset *rs);
/* Base chains on the input path (prerouting filter and input hooks). */
size_t fw_ruleset_input_chains(const struct fw_ruleset *rs);

/* A new connection from another host.  What is not known is left empty:
 * a match on it is then beyond judgement. */
struct fw_packet {
	int family;	   /* AF_INET or AF_INET6 */
	int l4proto;	   /* IPPROTO_TCP or IPPROTO_UDP */
	uint16_t dport;	   /* host order */
	bool have_daddr;   /* the address it is sent to */
	uint8_t daddr[16]; /* network order; AF_INET: first 4 bytes */
	/* The interfaces it may arrive on: every non-loopback one of the
	 * namespace (a host may send to any local address through any of
	 * them); none: unknown. */
	const char *const *iifnames;
	size_t n_iifnames;
	/* A notrack rule before conntrack took it on its path: its ct state
	 * is "untracked" rather than "new" (the evaluator sets it). */
	bool untracked;
};

enum fw_verdict_kind {
	FW_EXPOSED,	/* every chain on the path accepts it */
	FW_BLOCKED,	/* a rule or a policy drops or rejects it */
	FW_UNKNOWN,	/* it depends on a rule bindguard cannot judge */
	FW_NOT_CHECKED, /* the ruleset could not be read */
};

#define FW_CHAIN_LEN  160
#define FW_REASON_LEN 320

struct fw_verdict {
	enum fw_verdict_kind kind;
	char chain[FW_CHAIN_LEN]; /* "inet filter input", "" when none decided */
	int64_t handle;		  /* the rule's handle, -1 for a chain policy or none */
	bool some_sources;	  /* exposed only to some source addresses */
	char reason[FW_REASON_LEN];
};

void fw_evaluate(const struct fw_ruleset *rs, const struct fw_packet *p, struct fw_verdict *out);
/* "exposed", "blocked", "unknown", "not checked" */
const char *fw_verdict_name(enum fw_verdict_kind k);
/* Folds the verdicts for the several addresses a listener is reached on
 * into acc: exposed wins over unknown, unknown over blocked.  acc starts
 * with kind FW_BLOCKED and an empty chain ("nothing yet"). */
void fw_verdict_merge(struct fw_verdict *acc, const struct fw_verdict *v, bool first);

#endif
