// SPDX-License-Identifier: GPL-2.0
/* A network namespace held by a child process that makes sockets, veth
 * pairs, addresses and rules in it on request; running bindguard there; and
 * the JSON and file helpers the audit and top tests share (netns_fixture.h). */
#include "netns_fixture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum holder_op { HOLD_SOCKET = 1, HOLD_CLOSE, HOLD_VETH, HOLD_ADDR, HOLD_RULE };

struct holder_cmd {
	int op;
	int family, type;	    /* SOCKET */
	char addr[64];		    /* SOCKET, ADDR */
	int port, v6only, freebind; /* SOCKET */
	char device[IF_NAMESIZE];   /* SOCKET: SO_BINDTODEVICE; VETH, ADDR, RULE */
	char peer[IF_NAMESIZE];	    /* VETH */
	int prefix;		    /* ADDR */
	int table;		    /* RULE */
	int id;			    /* CLOSE */
};

struct holder_reply {
	int ret; /* 0 or -errno */
	int id;	 /* SOCKET: what CLOSE takes */
	int port;
};

#define HOLDER_MAX_SOCKETS 64

/* --- rtnetlink requests, run by the holder in its namespace -------------- */

static int rtnl_request(struct nlmsghdr *nlh)
{
	char buf[8192];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	unsigned int portid;
	ssize_t n;
	int ret = 0;

	if (!nl)
		return -errno;
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = (unsigned int)time(NULL);
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0)
		ret = -errno;
	else if (mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, NULL, NULL) < 0)
		ret = -errno;
out:
	mnl_socket_close(nl);
	return ret;
}

/* A veth pair with both ends in this namespace, both up. */
static int veth_create(const char *name, const char *peer)
{
	char buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct nlattr *info, *data, *peer_nest;
	int err;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peer_nest = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* the peer is described by an ifinfomsg, then its attributes */
	memset(mnl_nlmsg_get_payload_tail(nlh), 0, sizeof(struct ifinfomsg));
	nlh->nlmsg_len += MNL_ALIGN(sizeof(struct ifinfomsg));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_nest_end(nlh, peer_nest);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	err = rtnl_request(nlh);
	if (!err)
		err = link_set_up(name);
	if (!err)
		err = link_set_up(peer);
	return err;
}

static int addr_add(const char *ifname, const char *text, int prefix)
{
	char buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	uint8_t addr[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;

	if (inet_pton(family, text, addr) != 1)
		return -EINVAL;
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)prefix;
	ifa->ifa_flags = IFA_F_NODAD; /* usable at once, never tentative */
	ifa->ifa_index = if_nametoindex(ifname);
	if (!ifa->ifa_index)
		return -ENODEV;
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET ? 4 : 16, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET ? 4 : 16, addr);
	return rtnl_request(nlh);
}

/* `ip rule add iif IIF lookup TABLE`, the shape WSL's mirrored mode uses. */
static int rule_add(const char *iif, int table)
{
	char buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct fib_rule_hdr *frh;

	nlh->nlmsg_type = RTM_NEWRULE;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = AF_INET;
	frh->action = FR_ACT_TO_TBL;
	mnl_attr_put_strz(nlh, FRA_IIFNAME, iif);
	mnl_attr_put_u32(nlh, FRA_TABLE, (uint32_t)table);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, 100);
	return rtnl_request(nlh);
}

/* --- the holder -------------------------------------------------------- */

static int holder_socket(const struct holder_cmd *c, int *fds, struct holder_reply *r)
{
	struct child_result res;
	int fd, slot = -1;

	for (int i = 0; i < HOLDER_MAX_SOCKETS && slot < 0; i++)
		if (fds[i] < 0)
			slot = i;
	if (slot < 0)
		return -ENOSPC;
	if (c->device[0]) {
		/* SO_BINDTODEVICE must come before bind: open, set, then bind */
		int s = socket(c->family, c->type, 0), one = 1, err = 0;
		struct sockaddr_storage ss = { 0 };
		socklen_t len;

		if (s < 0)
			return -errno;
		if (setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, c->device, strlen(c->device)))
			err = -errno;
		if (c->family == AF_INET6)
			setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &c->v6only, sizeof(c->v6only));
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (c->family == AF_INET) {
			struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

			sin->sin_family = AF_INET;
			sin->sin_port = htons((uint16_t)c->port);
			inet_pton(AF_INET, c->addr, &sin->sin_addr);
			len = sizeof(*sin);
		} else {
			struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

			sin6->sin6_family = AF_INET6;
			sin6->sin6_port = htons((uint16_t)c->port);
			inet_pton(AF_INET6, c->addr, &sin6->sin6_addr);
			len = sizeof(*sin6);
		}
		if (!err && bind(s, (struct sockaddr *)&ss, len))
			err = -errno;
		if (!err && c->type == SOCK_STREAM && listen(s, 16))
			err = -errno;
		memset(&res, 0, sizeof(res));
		fill_sockname(&res, s);
		if (err) {
			close(s);
			return err;
		}
		fd = s;
	} else {
		fd = do_bind(&res, c->family, c->type, c->addr, c->port,
			     c->family == AF_INET6 ? c->v6only : -1, c->freebind);
		if (fd < 0)
			return fd;
		if (res.ret) {
			close(fd);
			return res.ret;
		}
		if (c->type == SOCK_STREAM && listen(fd, 16)) {
			int err = -errno;

			close(fd);
			return err;
		}
	}
	fds[slot] = fd;
	r->id = slot;
	r->port = res.port;
	return 0;
}

static void holder_main(int cmd_fd, int reply_fd)
{
	int fds[HOLDER_MAX_SOCKETS];
	struct holder_cmd c;
	struct holder_reply r = { 0 };

	for (int i = 0; i < HOLDER_MAX_SOCKETS; i++)
		fds[i] = -1;
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test */
	if (unshare(CLONE_NEWNET))
		r.ret = -errno;
	else
		r.ret = bring_up_loopback();
	if (write(reply_fd, &r, sizeof(r)) != sizeof(r) || r.ret)
		_exit(1);
	while (read(cmd_fd, &c, sizeof(c)) == sizeof(c)) {
		memset(&r, 0, sizeof(r));
		switch (c.op) {
		case HOLD_SOCKET: r.ret = holder_socket(&c, fds, &r); break;
		case HOLD_CLOSE:
			if (c.id >= 0 && c.id < HOLDER_MAX_SOCKETS && fds[c.id] >= 0) {
				close(fds[c.id]);
				fds[c.id] = -1;
			} else {
				r.ret = -EBADF;
			}
			break;
		case HOLD_VETH: r.ret = veth_create(c.device, c.peer); break;
		case HOLD_ADDR: r.ret = addr_add(c.device, c.addr, c.prefix); break;
		case HOLD_RULE: r.ret = rule_add(c.device, c.table); break;
		default: r.ret = -EINVAL;
		}
		if (write(reply_fd, &r, sizeof(r)) != sizeof(r))
			break;
	}
	_exit(0);
}

static void close_pair(const int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

int holder_start(struct ns_holder *h)
{
	int cmd[2], reply[2], err;
	struct holder_reply r;
	char path[64];
	struct stat st;

	memset(h, 0, sizeof(*h));
	h->cmd_fd = h->reply_fd = -1;
	if (pipe2(cmd, O_CLOEXEC))
		return -errno;
	if (pipe2(reply, O_CLOEXEC)) {
		err = -errno;
		close_pair(cmd);
		return err;
	}
	h->pid = fork();
	if (h->pid < 0) {
		err = -errno;
		close_pair(cmd);
		close_pair(reply);
		return err;
	}
	if (h->pid == 0) {
		close(cmd[1]);
		close(reply[0]);
		holder_main(cmd[0], reply[1]);
	}
	close(cmd[0]);
	close(reply[1]);
	h->cmd_fd = cmd[1];
	h->reply_fd = reply[0];
	if (read(h->reply_fd, &r, sizeof(r)) != sizeof(r))
		return -EIO;
	if (r.ret)
		return r.ret;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)h->pid);
	if (stat(path, &st))
		return -errno;
	h->netns = st.st_ino;
	return 0;
}

void holder_stop(struct ns_holder *h)
{
	if (h->pid > 0) { /* the pipes are there once the holder is */
		kill(h->pid, SIGKILL);
		waitpid(h->pid, NULL, 0);
		close(h->cmd_fd);
		close(h->reply_fd);
	}
	memset(h, 0, sizeof(*h));
	h->cmd_fd = h->reply_fd = -1;
}

static int holder_call(struct ns_holder *h, const struct holder_cmd *c, struct holder_reply *r)
{
	if (write(h->cmd_fd, c, sizeof(*c)) != sizeof(*c) ||
	    read(h->reply_fd, r, sizeof(*r)) != sizeof(*r))
		return -EIO;
	return r->ret;
}

/* A listening TCP or bound UDP socket; returns its id, *port the port. */
int holder_listen(struct ns_holder *h, int family, int type, const char *addr, int v6only,
		  int freebind, const char *device, int *port)
{
	struct holder_cmd c = { .op = HOLD_SOCKET,
				.family = family,
				.type = type,
				.v6only = v6only,
				.freebind = freebind };
	struct holder_reply r;
	int err;

	snprintf(c.addr, sizeof(c.addr), "%s", addr);
	if (device)
		snprintf(c.device, sizeof(c.device), "%s", device);
	err = holder_call(h, &c, &r);
	if (err) {
		fprintf(stderr, "# holder could not bind %s: %s\n", addr, strerror(-err));
		return err;
	}
	if (port)
		*port = r.port;
	return r.id;
}

int holder_close(struct ns_holder *h, int id)
{
	struct holder_cmd c = { .op = HOLD_CLOSE, .id = id };
	struct holder_reply r;

	return holder_call(h, &c, &r);
}

int holder_veth(struct ns_holder *h, const char *name, const char *peer)
{
	struct holder_cmd c = { .op = HOLD_VETH };
	struct holder_reply r;

	snprintf(c.device, sizeof(c.device), "%s", name);
	snprintf(c.peer, sizeof(c.peer), "%s", peer);
	return holder_call(h, &c, &r);
}

int holder_addr(struct ns_holder *h, const char *ifname, const char *addr, int prefix)
{
	struct holder_cmd c = { .op = HOLD_ADDR, .prefix = prefix };
	struct holder_reply r;

	snprintf(c.device, sizeof(c.device), "%s", ifname);
	snprintf(c.addr, sizeof(c.addr), "%s", addr);
	return holder_call(h, &c, &r);
}

int holder_rule(struct ns_holder *h, const char *iif, int table)
{
	struct holder_cmd c = { .op = HOLD_RULE, .table = table };
	struct holder_reply r;

	snprintf(c.device, sizeof(c.device), "%s", iif);
	return holder_call(h, &c, &r);
}

/* --- running bindguard inside ------------------------------------------ */

/* The test process visits the namespace only while it forks bindguard
 * (a fork inherits it), then returns, so teardown always runs at home. */
int bg_run_in(struct ns_holder *h, struct bg_proc *p, const char *const *args, int timeout_ms)
{
	char path[64];
	int home, ns, err;

	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		return -errno;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)h->pid);
	ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0 || setns(ns, CLONE_NEWNET)) {
		err = -errno;
		if (ns >= 0)
			close(ns);
		close(home);
		return err;
	}
	close(ns);
	err = bg_start(p, args);
	if (setns(home, CLONE_NEWNET))
		abort(); /* a test stranded in a dying namespace would lie */
	close(home);
	if (err)
		return err;
	return timeout_ms ? bg_wait(p, timeout_ms) : 0;
}

/* What bindguard printed, "" when nothing (a crash must fail, not segfault). */
const char *out_of(const struct bg_proc *p)
{
	return p->out ? p->out : "";
}

int bg_run_command_in(struct ns_holder *h, struct bg_proc *p, const char *command,
		      const char *const *extra)
{
	const char *const words[] = { command, NULL };
	const char *args[32];

	join_args(args, 32, words, extra);
	memset(p, 0, sizeof(*p)); /* output stays readable when it cannot start */
	return h ? bg_run_in(h, p, args, 20000) : bg_run(p, args, 20000);
}

struct json_object *document_of(struct bg_proc *p, int status, unsigned int exits)
{
	struct json_object *doc;

	if (status < 0 || status >= 32 || !(exits & EXIT_IS(status)))
		fail_msg("bindguard exited %d; stdout: %s; stderr: %s", status, out_of(p),
			 p->err ? p->err : "");
	doc = parse_document(p);
	bg_free(p);
	return doc;
}

int audit_run_json(struct ns_holder *h, struct bg_proc *p, const char *const *extra)
{
	static const char *const words[] = { "--json", NULL };
	const char *args[32];

	join_args(args, 32, words, extra);
	return bg_run_command_in(h, p, "audit", args);
}

struct json_object *audit_document(struct ns_holder *h, const char *const *extra,
				   unsigned int exits)
{
	struct bg_proc p;

	return document_of(&p, audit_run_json(h, &p, extra), exits);
}

/* The one JSON document audit prints. */
struct json_object *parse_document(const struct bg_proc *p)
{
	struct json_object *lines = bg_json_lines(p), *doc;

	assert_int_equal(json_object_array_length(lines), 1);
	doc = json_object_get(json_object_array_get_idx(lines, 0));
	json_object_put(lines);
	return doc;
}

struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no key '%s' in %s", key, json_object_to_json_string(o));
	return v;
}

/* Writes a file under dir, creating its directories; bytes may hold NULs. */
void fixture_write(const char *dir, const char *rel, const void *bytes, size_t len, mode_t mode)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), (ssize_t)len);
	close(fd);
}
