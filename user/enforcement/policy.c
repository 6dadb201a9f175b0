// SPDX-License-Identifier: GPL-2.0
/* Parsing enforcement policies: INI files through libinih, and flags. */
#include "enforcement/policy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ini.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/addr.h"
#include "lib/cli_parse.h"
#include "lib/safe_files.h"

/* libinih cuts longer lines and reads the rest as a new line: refuse them. */
#define POLICY_MAX_LINE (INI_MAX_LINE - 2)

enum seen_key {
	SEEN_MODE = 1u << 0,
	SEEN_SCOPE = 1u << 1,
	SEEN_REWRITE = 1u << 2,
	SEEN_CGROUP = 1u << 3,
	SEEN_HOST_NETNS = 1u << 4,
	SEEN_DUAL_STACK = 1u << 5,
};

static int fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void policy_init(struct policy_config *c)
{
	memset(c, 0, sizeof(*c));
	c->policy.mode = BG_MODE_REWRITE;
	c->policy.scope = BG_SCOPE_WILDCARD;
	inet_pton(AF_INET, "127.0.0.1", c->policy.rewrite4);
	inet_pton(AF_INET6, "::1", c->policy.rewrite6);
}

const char *policy_mode_name(int mode)
{
	switch (mode) {
	case BG_MODE_LOG: return "log";
	case BG_MODE_REWRITE: return "rewrite";
	case BG_MODE_DENY: return "deny";
	default: return "?";
	}
}

const char *policy_scope_name(int scope)
{
	switch (scope) {
	case BG_SCOPE_WILDCARD: return "wildcard";
	case BG_SCOPE_NON_LOOPBACK: return "non-loopback";
	default: return "?";
	}
}

/* The value in [first, last] that name_of calls value, into out; -ENOENT if none. */
static int set_named(__u8 *out, const char *value, const char *(*name_of)(int), int first, int last)
{
	for (int v = first; v <= last; v++) {
		if (strcmp(value, name_of(v)) == 0) {
			*out = (__u8)v;
			return 0;
		}
	}
	return -ENOENT;
}

int policy_set_mode(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	if (!set_named(&c->policy.mode, value, policy_mode_name, BG_MODE_LOG, BG_MODE_DENY))
		return 0;
	return fail(err, err_len, "unknown mode '%s': expected log, rewrite or deny", value);
}

int policy_set_scope(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	if (!set_named(&c->policy.scope, value, policy_scope_name, BG_SCOPE_WILDCARD,
		       BG_SCOPE_NON_LOOPBACK))
		return 0;
	return fail(err, err_len, "unknown scope '%s': expected wildcard or non-loopback", value);
}

struct list_ctx {
	struct policy_config *c;
	char *err;
	size_t err_len;
};

struct rewrite_ctx {
	struct list_ctx list;
	bool dual_only; /* dual_stack_to: one address for dual-stack sockets */
};

enum rewrite_slot { REWRITE_V4 = 1u << 0, REWRITE_V6 = 1u << 1, REWRITE_DUAL = 1u << 2 };

static void addr_v4_mapped(const uint8_t v4[4], uint8_t out[16])
{
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, v4, 4);
}

/* 127.0.0.0 and 127.255.255.255 are loopback's network and broadcast
 * addresses: a service moved there is reachable by no client. */
static bool is_loopback_edge(const uint8_t v4[4])
{
	return (v4[1] == 0 && v4[2] == 0 && v4[3] == 0) ||
	       (v4[1] == 255 && v4[2] == 255 && v4[3] == 255);
}

static int check_rewrite_target(struct list_ctx *ctx, const char *item, int *family,
				uint8_t addr[16])
{
	if (parse_addr(item, family, addr))
		return fail(ctx->err, ctx->err_len, "rewrite target '%s' is not an IP address",
			    item);
	if (classify_addr(*family, addr) != ADDR_CLASS_LOOPBACK)
		return fail(ctx->err, ctx->err_len,
			    "rewrite target '%s' is not a loopback address (127.0.0.0/8 or ::1): "
			    "rewriting elsewhere would still expose the service",
			    item);
	if ((*family == AF_INET && is_loopback_edge(addr)) ||
	    (*family == AF_INET6 && addr_is_v4_mapped(addr) && is_loopback_edge(addr + 12)))
		return fail(ctx->err, ctx->err_len,
			    "rewrite target '%s' is the network or broadcast address of "
			    "127.0.0.0/8, which no client reaches; use 127.0.0.1",
			    item);
	return 0;
}

/* An IPv4 address is the target of IPv4 (and ::ffff:0.0.0.0) binds; ::1 of
 * IPv6-only sockets; ::ffff:127.x.y.z of dual-stack `::` binds.  One each. */
static int add_rewrite_target(const char *item, void *opaque)
{
	static const char *const slot_names[] = { "IPv4", "IPv6-only", "dual-stack" };
	struct rewrite_ctx *rc = opaque;
	struct bg_policy *p = &rc->list.c->policy;
	unsigned int slot;
	uint8_t addr[16];
	int family, err = check_rewrite_target(&rc->list, item, &family, addr);

	if (err)
		return err;
	if (rc->dual_only || (family == AF_INET6 && addr_is_v4_mapped(addr)))
		slot = REWRITE_DUAL;
	else
		slot = family == AF_INET ? REWRITE_V4 : REWRITE_V6;
	if (rc->list.c->rewrite_given & slot)
		return fail(rc->list.err, rc->list.err_len,
			    "more than one %s rewrite target ('%s' is the second): a socket can "
			    "be moved to one address only",
			    slot_names[__builtin_ctz(slot)], item);
	rc->list.c->rewrite_given |= slot;
	if (slot == REWRITE_V4)
		memcpy(p->rewrite4, addr, 4);
	else if (slot == REWRITE_V6)
		memcpy(p->rewrite6, addr, 16);
	else if (family == AF_INET6) /* ::1 or ::ffff:127.x.y.z */
		memcpy(p->rewrite_dual, addr, 16);
	else /* 127.x.y.z given for dual-stack sockets: its mapped form */
		addr_v4_mapped(addr, p->rewrite_dual);
	return 0;
}

static int set_rewrite(struct policy_config *c, const char *value, bool dual_only, char *err,
		       size_t err_len)
{
	struct rewrite_ctx rc = { .list = { c, err, err_len }, .dual_only = dual_only };
	int ret;

	err[0] = '\0';
	if (dual_only && strchr(value, ','))
		return fail(err, err_len,
			    "'%s': dual-stack sockets are moved to one address, not a list", value);
	ret = parse_list(value, add_rewrite_target, &rc);
	if (ret == -EINVAL && !err[0])
		return fail(err, err_len, "empty item in rewrite target list '%s'", value);
	return ret;
}

int policy_set_rewrite_to(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	return set_rewrite(c, value, false, err, err_len);
}

int policy_set_dual_stack_to(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	return set_rewrite(c, value, true, err, err_len);
}

int policy_add_ports(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	size_t n = c->policy.n_port_ranges;
	int ret = parse_port_list(value, c->policy.ports, BG_POLICY_MAX_PORT_RANGES, &n);

	if (ret == -E2BIG)
		return fail(err, err_len, "too many port ranges (at most %d)",
			    BG_POLICY_MAX_PORT_RANGES);
	if (ret)
		return fail(err, err_len,
			    "bad port list '%s': expected ports or ranges 0-65535 such as "
			    "22, 8000-8099",
			    value);
	c->policy.n_port_ranges = (__u8)n;
	return 0;
}

static int add_protocol(const char *item, void *opaque)
{
	struct list_ctx *ctx = opaque;

	if (strcasecmp(item, "tcp") == 0)
		ctx->c->policy.allow_protocols |= BG_PROTO_TCP;
	else if (strcasecmp(item, "udp") == 0)
		ctx->c->policy.allow_protocols |= BG_PROTO_UDP;
	else if (strcasecmp(item, "other") == 0)
		ctx->c->policy.allow_protocols |= BG_PROTO_OTHER;
	else
		return fail(ctx->err, ctx->err_len,
			    "unknown protocol '%s': expected tcp, udp or other", item);
	return 0;
}

static int add_comm(const char *item, void *opaque)
{
	struct list_ctx *ctx = opaque;
	struct bg_policy *p = &ctx->c->policy;

	if (strlen(item) >= BG_COMM_LEN)
		return fail(ctx->err, ctx->err_len,
			    "process name '%s' is longer than 15 bytes; the kernel keeps only "
			    "the first 15",
			    item);
	if (p->n_comms >= BG_POLICY_MAX_COMMS)
		return fail(ctx->err, ctx->err_len, "too many process names (at most %d)",
			    BG_POLICY_MAX_COMMS);
	memset(p->comms[p->n_comms], 0, BG_COMM_LEN);
	memcpy(p->comms[p->n_comms], item, strlen(item));
	p->n_comms++;
	return 0;
}

static int add_user(const char *item, void *opaque)
{
	struct list_ctx *ctx = opaque;
	struct bg_policy *p = &ctx->c->policy;
	uint32_t uid;

	if (parse_u32(item, 0, UINT32_MAX - 1, &uid)) {
		struct passwd *pw = getpwnam(item);

		if (!pw)
			return fail(ctx->err, ctx->err_len, "unknown user '%s'", item);
		uid = pw->pw_uid;
	}
	if (p->n_uids >= BG_POLICY_MAX_UIDS)
		return fail(ctx->err, ctx->err_len, "too many users (at most %d)",
			    BG_POLICY_MAX_UIDS);
	p->uids[p->n_uids++] = uid;
	return 0;
}

static int add_cgroup(const char *item, void *opaque)
{
	struct list_ctx *ctx = opaque;
	struct policy_config *c = ctx->c;

	if (c->n_allow_cgroups >= BG_POLICY_MAX_CGROUPS)
		return fail(ctx->err, ctx->err_len, "too many cgroups (at most %d)",
			    BG_POLICY_MAX_CGROUPS);
	if (strlen(item) >= PATH_MAX)
		return fail(ctx->err, ctx->err_len, "cgroup path too long");
	snprintf(c->allow_cgroups[c->n_allow_cgroups++], PATH_MAX, "%s", item);
	return 0;
}

bool policy_counts_fit(const struct bg_policy *p)
{
	return p->n_port_ranges <= BG_POLICY_MAX_PORT_RANGES && p->n_uids <= BG_POLICY_MAX_UIDS &&
	       p->n_comms <= BG_POLICY_MAX_COMMS && p->n_cgroups <= BG_POLICY_MAX_CGROUPS;
}

int policy_allow_cgroup(struct bg_policy *p, const struct cgroup_ref *ref, char *err,
			size_t err_len)
{
	const char *name = ref->level ? cgroup_leaf_name(ref) : "";
	size_t len = strlen(name);
	struct bg_cgroup_allow *a;

	if (p->n_cgroups >= BG_POLICY_MAX_CGROUPS)
		return fail(err, err_len, "too many cgroups (at most %d)", BG_POLICY_MAX_CGROUPS);
	/* the hook matches it by its depth, its parent and its name */
	if (ref->unplaced)
		return fail(err, err_len, "cgroup %s: %s", ref->path, ref->unplaced);
	/* the hook compares whole names: a longer one cannot be kept */
	if (len >= BG_CGROUP_NAME_LEN)
		return fail(err, err_len,
			    "cgroup %s: its name is %zu bytes long, and an allowed cgroup's may "
			    "have at most %d (it is matched by name too, when it is made anew)",
			    ref->path, len, BG_CGROUP_NAME_LEN - 1);
	a = &p->cgroups[p->n_cgroups++];
	memset(a, 0, sizeof(*a));
	a->id = ref->id;
	a->level = ref->level;
	a->parent_id = ref->parent_id;
	memcpy(a->name, name, len);
	return 0;
}

static int run_list(struct policy_config *c, const char *value, int (*fn)(const char *, void *),
		    const char *what, char *err, size_t err_len)
{
	struct list_ctx ctx = { c, err, err_len };
	int ret;

	err[0] = '\0';
	ret = parse_list(value, fn, &ctx);
	if (ret && !err[0])
		return fail(err, err_len, "empty item in %s list '%s'", what, value);
	return ret;
}

int policy_add_protocols(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	return run_list(c, value, add_protocol, "protocol", err, err_len);
}

int policy_add_comms(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	return run_list(c, value, add_comm, "process name", err, err_len);
}

int policy_add_users(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	return run_list(c, value, add_user, "user", err, err_len);
}

int policy_add_cgroups(struct policy_config *c, const char *value, char *err, size_t err_len)
{
	return run_list(c, value, add_cgroup, "cgroup", err, err_len);
}

int policy_set_bool(bool *out, const char *key, const char *value, char *err, size_t err_len)
{
	if (!strcasecmp(value, "true") || !strcasecmp(value, "yes") || !strcmp(value, "1")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(value, "false") || !strcasecmp(value, "no") || !strcmp(value, "0")) {
		*out = false;
		return 0;
	}
	return fail(err, err_len, "%s must be true or false, not '%s'", key, value);
}

struct parse_state {
	struct policy_config *c;
	const char *origin;
	char *err;
	size_t err_len;
	char message[POLICY_ERROR_LEN];
	int error_line;	  /* of the first error the handler found, in message */
	int line;	  /* counted by us: libinih 55 does not pass line numbers */
	const char *next; /* text not yet read */
};

static int once(struct parse_state *st, unsigned int key, const char *section, const char *name)
{
	if (st->c->seen & key)
		return fail(st->message, sizeof(st->message), "%s.%s is given twice", section,
			    name);
	st->c->seen |= key;
	return 0;
}

/* The [enforce] keys given at most once, and what sets each. */
static const struct {
	const char *name;
	unsigned int seen;
	policy_setter *set;
} enforce_keys[] = {
	{ "mode", SEEN_MODE, policy_set_mode },
	{ "scope", SEEN_SCOPE, policy_set_scope },
	{ "rewrite_to", SEEN_REWRITE, policy_set_rewrite_to },
	{ "dual_stack_to", SEEN_DUAL_STACK, policy_set_dual_stack_to },
};

static int handle_key(struct parse_state *st, const char *section, const char *name,
		      const char *value)
{
	struct policy_config *c = st->c;
	char *msg = st->message;
	size_t len = sizeof(st->message);
	bool flag = false;
	int ret;

	if (strcmp(section, "enforce") == 0) {
		for (size_t i = 0; i < sizeof(enforce_keys) / sizeof(enforce_keys[0]); i++) {
			if (strcmp(name, enforce_keys[i].name) == 0)
				return once(st, enforce_keys[i].seen, section, name)
					   ?: enforce_keys[i].set(c, value, msg, len);
		}
		if (strcmp(name, "cgroup") == 0) {
			if (once(st, SEEN_CGROUP, section, name))
				return -EINVAL;
			if (!*value || strlen(value) >= sizeof(c->cgroup))
				return fail(msg, len, "cgroup needs a path");
			snprintf(c->cgroup, sizeof(c->cgroup), "%s", value);
			snprintf(c->cgroup_where, sizeof(c->cgroup_where), "%s:%d", st->origin,
				 st->line);
			return 0;
		}
		return fail(
		    msg, len,
		    "unknown key '%s' in [enforce] (known: mode, scope, rewrite_to, dual_stack_to, "
		    "cgroup)",
		    name);
	}
	if (strcmp(section, "allow") == 0) {
		if (strcmp(name, "ports") == 0)
			return policy_add_ports(c, value, msg, len);
		if (strcmp(name, "protocols") == 0)
			return policy_add_protocols(c, value, msg, len);
		if (strcmp(name, "comm") == 0)
			return policy_add_comms(c, value, msg, len);
		if (strcmp(name, "users") == 0)
			return policy_add_users(c, value, msg, len);
		if (strcmp(name, "cgroups") == 0) {
			int from = c->n_allow_cgroups;

			ret = policy_add_cgroups(c, value, msg, len);
			for (int i = from; i < c->n_allow_cgroups; i++)
				snprintf(c->allow_cgroups_where[i], POLICY_WHERE_LEN, "%s:%d",
					 st->origin, st->line);
			return ret;
		}
		if (strcmp(name, "host_netns_only") == 0) {
			if (once(st, SEEN_HOST_NETNS, section, name))
				return -EINVAL;
			ret = policy_set_bool(&flag, name, value, msg, len);
			c->policy.host_netns_only = flag;
			return ret;
		}
		return fail(msg, len,
			    "unknown key '%s' in [allow] (known: ports, protocols, comm, users, "
			    "cgroups, host_netns_only)",
			    name);
	}
	if (!*section)
		return fail(msg, len,
			    "key '%s' outside any section: put it under [enforce] or [allow]",
			    name);
	return fail(msg, len, "unknown section [%s] (known: [enforce], [allow])", section);
}

static int policy_ini_handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse_state *st = user;

	if (st->error_line)
		return 1; /* report only the first error */
	if (handle_key(st, section, name, value ? value : "")) {
		st->error_line = st->line;
		return 0;
	}
	return 1;
}

/* libinih's string reader, counting lines for the handler.  check_lines()
 * has made sure that every line fits libinih's buffer, so one read is one
 * line and the handler runs before the next read. */
static char *read_line(char *buf, int size, void *stream)
{
	struct parse_state *st = stream;
	const char *in = st->next;
	int n = 0;

	if (!*in || size < 2)
		return NULL;
	while (n < size - 1 && *in) {
		if (in[0] == '\r' && in[1] == '\n')
			in++; /* CRLF: the line is what comes before it */
		buf[n++] = *in;
		if (*in++ == '\n')
			break;
	}
	buf[n] = '\0';
	st->next = in;
	st->line++;
	return buf;
}

/* Whether a [section] line is wrong, and why: a section we do not know
 * (libinih reports sections only through their keys, so an empty misspelt
 * one would pass unseen), or text after its ']', which libinih drops
 * unseen ("[enforce] mode = deny"). */
static bool bad_section_at(const char *p, char *why, size_t len)
{
	const char *end;
	int n;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '[')
		return false;
	end = strpbrk(p, "]\n");
	if (!end || *end != ']')
		return false; /* libinih reports the malformed header */
	n = (int)(end - p - 1);
	if (strncmp(p + 1, "enforce]", 8) != 0 && strncmp(p + 1, "allow]", 6) != 0) {
		snprintf(why, len, "unknown section [%.*s] (known: [enforce], [allow])", n, p + 1);
		return true;
	}
	for (end++; *end == ' ' || *end == '\t'; end++)
		;
	if (strchr("\r\n;#", *end))
		return false;
	snprintf(why, len, "text after [%.*s] on its line: start each setting on a line of its own",
		 n, p + 1);
	return true;
}

/* Line checks libinih cannot make: overlong lines, unknown empty sections,
 * and continuation lines.  libinih (as Debian builds it) reads a line that
 * starts with blanks, after a key of the same section, as one more value of
 * that key, whatever it says: "ports = 22" then "  8080" would allow 8080
 * unseen.  *after_key: such a key came before in the section. */
static int check_line_start(struct parse_state *st, const char *p, int line, bool *after_key)
{
	char why[POLICY_MAX_LINE + 100];
	const char *q = p;

	if (bad_section_at(p, why, sizeof(why)))
		return fail(st->err, st->err_len, "%s:%d: %s", st->origin, line, why);
	while (*q == ' ' || *q == '\t')
		q++;
	if (strchr("\r\n;#", *q))
		return 0; /* blank, a comment, or the end */
	if (q > p && *after_key)
		return fail(st->err, st->err_len,
			    "%s:%d: an indented line after a setting, which would continue "
			    "it; start each setting at the beginning of its line, with "
			    "several values on it separated by commas",
			    st->origin, line);
	*after_key = *q != '[';
	return 0;
}

static int check_lines(struct parse_state *st, const char *text)
{
	bool after_key = false;
	int line = 1, err;

	/* libinih skips a UTF-8 byte order mark (Notepad writes one): so do
	 * these checks, or "[enforce] mode = deny" on line 1 passes unseen */
	if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;
	err = check_line_start(st, text, line, &after_key);
	size_t col = 0;

	if (err)
		return err;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			col = 0;
			err = check_line_start(st, p + 1, line, &after_key);
			if (err)
				return err;
			continue;
		}
		if (p[0] == '\r' && p[1] == '\n')
			continue; /* a CRLF line is measured without its CR */
		if (p[0] == '\r') /* libinih would read the rest as one line */
			return fail(st->err, st->err_len,
				    "%s:%d: a carriage return that ends no CRLF line (classic Mac "
				    "line ends?): end lines with LF or CRLF",
				    st->origin, line);
		if (++col > POLICY_MAX_LINE)
			return fail(st->err, st->err_len, "%s:%d: line longer than %d characters",
				    st->origin, line, POLICY_MAX_LINE);
		if (*p == '\0')
			break;
	}
	return 0;
}

int policy_parse_string(struct policy_config *c, const char *text, const char *origin, char *err,
			size_t err_len)
{
	struct parse_state st = {
		.c = c, .origin = origin, .err = err, .err_len = err_len, .next = text
	};
	int line;

	err[0] = '\0';
	if (check_lines(&st, text))
		return -EINVAL;
	/* libinih returns the line of the first error, whether its own (a
	 * line it cannot parse) or the handler's, and goes on parsing. */
	line = ini_parse_stream(read_line, &st, policy_ini_handler, &st);
	c->rewrite_given = 0; /* a flag may replace what the file gave */
	if (line == 0)
		return 0;
	if (line < 0)
		return fail(err, err_len, "%s: cannot be parsed", origin);
	if (st.error_line == line)
		return fail(err, err_len, "%s:%d: %s", origin, line, st.message);
	return fail(err, err_len, "%s:%d: not a 'key = value' line, a [section] or a comment",
		    origin, line);
}

int policy_load_file(struct policy_config *c, const char *path, char *err, size_t err_len)
{
	struct stat st;
	char *text = NULL, why[512];
	size_t len;
	/* checked for a regular file before a read: a FIFO would block */
	int ret, fd = open_regular_file(path, why, sizeof(why));
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;

	if (fd >= 0 && !f)
		close(fd);
	if (fd == -EINVAL)
		return fail(err, err_len, "%s", why);
	if (!f)
		return fail(err, err_len, "%s: cannot be read: %s", path,
			    strerror(fd < 0 ? -fd : errno));
	if (fstat(fileno(f), &st)) {
		ret = fail(err, err_len, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* As sshd does: a policy others can change is no policy. */
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		ret = fail(err, err_len,
			   "%s: refusing a policy file that group or others can write (mode %04o); "
			   "chmod go-w it",
			   path, st.st_mode & 07777);
		goto out;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		ret = fail(err, err_len, "%s: refusing a policy file owned by uid %u, not root",
			   path, st.st_uid);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = fail(err, err_len, "%s: not a regular file", path);
		goto out;
	}
	if (st.st_size > 1 << 20) {
		ret = fail(err, err_len, "%s: larger than 1 MiB; not a policy file", path);
		goto out;
	}
	text = calloc(1, (size_t)st.st_size + 1);
	if (!text) {
		ret = -ENOMEM;
		goto out;
	}
	len = fread(text, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		ret = fail(err, err_len, "%s: cannot be read: %s", path, strerror(errno));
		goto out;
	}
	if (memchr(text, '\0', len)) {
		ret = fail(err, err_len, "%s: contains a NUL byte; not a text file", path);
		goto out;
	}
	ret = policy_parse_string(c, text, path, err, err_len);
out:
	free(text);
	fclose(f);
	return ret;
}
