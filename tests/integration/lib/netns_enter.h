/* SPDX-License-Identifier: GPL-2.0 */
/* Entering a test's network namespace from a child about to exec (the
 * prepare step of bg_start_with / bg_start_argv), and running a program
 * such as nft there. */
#ifndef BINDGUARD_NETNS_ENTER_H
#define BINDGUARD_NETNS_ENTER_H

#include <sys/types.h>

/* setns() into the network namespace of pid.  0 or -errno. */
int netns_enter_pid(pid_t pid);
/* A prepare step: arg points at the pid_t whose namespace to enter. */
int prepare_enter_netns(void *arg);
/* Runs argv (argv[0] a path) inside pid's namespace, stdin from the file
 * `input` (or /dev/null when NULL); returns its exit status or -errno, and
 * prints its stderr on failure. */
int run_in_netns(pid_t pid, const char *const *argv, const char *input);

struct bg_proc;

/* A process listening on TCP addr:port inside ns_pid's namespace, called
 * comm (NULL: the test's name): its pid, or -errno.  "addr%dev" binds the
 * socket to device dev too (SO_BINDTODEVICE).  It dies with the test;
 * listener_stop kills and reaps it. */
pid_t listener_start(pid_t ns_pid, const char *comm, int family, const char *addr, int port);
void listener_stop(pid_t pid);

/* A real dev server on 0.0.0.0:port inside pid's namespace: python3 -m
 * http.server, or busybox httpd where there is no Python (the QEMU guest).
 * *fix_program: the program audit should recognise ("python http.server",
 * or "any program" for httpd).  0 or -errno. */
int start_dev_server(struct bg_proc *p, pid_t pid, int port, const char **fix_program);

#endif
