/* SPDX-License-Identifier: GPL-2.0 */
/* A private network namespace held by a child process that creates, on
 * request, sockets (so they have an owner pid of their own), veth pairs,
 * addresses and routing rules inside it; and a way to run bindguard there.
 * The namespace and all it holds vanish with the child: killing it in
 * teardown cleans up even after a failed assertion. */
#ifndef BINDGUARD_NETNS_FIXTURE_H
#define BINDGUARD_NETNS_FIXTURE_H

#include "itest.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct ns_holder {
	pid_t pid;
	int cmd_fd, reply_fd;
	uint64_t netns; /* inode of its namespace */
};

/* Forks the holder into a new network namespace with lo up.  0 or -errno;
 * holder_stop cleans up after a failure too. */
int holder_start(struct ns_holder *h);
/* Kills the holder (its namespace goes with it) and closes the pipes; a
 * holder never started (all zero) is left as it is. */
void holder_stop(struct ns_holder *h);

/* A listening TCP or bound UDP socket in the namespace, bound to `device`
 * (SO_BINDTODEVICE) when not NULL; returns its id for holder_close, *port
 * the port; -errno (said on stderr) when it cannot. */
int holder_listen(struct ns_holder *h, int family, int type, const char *addr, int v6only,
		  int freebind, const char *device, int *port);
int holder_close(struct ns_holder *h, int id);
/* A veth pair, both ends up; an address with its prefix length on an
 * interface; `ip rule add iif IIF lookup TABLE`.  0 or -errno. */
int holder_veth(struct ns_holder *h, const char *name, const char *peer);
int holder_addr(struct ns_holder *h, const char *ifname, const char *addr, int prefix);
int holder_rule(struct ns_holder *h, const char *iif, int table);

/* Starts bindguard inside the namespace (the test process itself stays at
 * home) and, unless timeout_ms is 0, waits for it to exit. */
int bg_run_in(struct ns_holder *h, struct bg_proc *p, const char *const *args, int timeout_ms);

/* Runs `bindguard COMMAND EXTRA...` (extra NULL-terminated, may be NULL) in
 * h's namespace, or the test's own when h is NULL, and waits for it; exit
 * status (or -errno), output in p. */
int bg_run_command_in(struct ns_holder *h, struct bg_proc *p, const char *command,
		      const char *const *extra);

/* Exit statuses a test accepts, as a set: EXIT_IS(0) | EXIT_IS(1). */
#define EXIT_IS(status) (1u << (status))
#define ANY_EXIT	(~0u)
/* The one JSON document p holds, its command having exited with status;
 * fails the test, showing stdout and stderr, when status is not in exits.
 * Frees p; the caller puts the document. */
struct json_object *document_of(struct bg_proc *p, int status, unsigned int exits);
/* `bindguard audit --json EXTRA...`, run as bg_run_command_in runs it. */
int audit_run_json(struct ns_holder *h, struct bg_proc *p, const char *const *extra);
/* The document it prints, checked by document_of. */
struct json_object *audit_document(struct ns_holder *h, const char *const *extra,
				   unsigned int exits);

/* What bindguard printed, "" when nothing (a crash must fail, not segfault). */
const char *out_of(const struct bg_proc *p);
/* The one JSON document audit prints (the caller puts it). */
struct json_object *parse_document(const struct bg_proc *p);
/* o's member key; fails the test when there is none. */
struct json_object *get(struct json_object *o, const char *key);
/* Writes a file under dir, creating its directories; bytes may hold NULs. */
void fixture_write(const char *dir, const char *rel, const void *bytes, size_t len, mode_t mode);

#endif
