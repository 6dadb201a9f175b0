// SPDX-License-Identifier: GPL-2.0
/* setns() for a child that is about to exec, and a program run in a test
 * namespace (how the firewall tests load their nftables rulesets). */
#include "netns_enter.h"

#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "itest.h"

int netns_enter_pid(pid_t pid)
{
	char path[64];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET))
		err = -errno;
	close(fd);
	return err;
}

int prepare_enter_netns(void *arg)
{
	return netns_enter_pid(*(pid_t *)arg);
}

struct run_ctx {
	pid_t pid;
	const char *input;
};

static int prepare_run(void *arg)
{
	struct run_ctx *c = arg;
	int fd;

	if (c->input) {
		fd = open(c->input, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || dup2(fd, STDIN_FILENO) < 0)
			return -1;
	}
	return netns_enter_pid(c->pid);
}

int run_in_netns(pid_t pid, const char *const *argv, const char *input)
{
	struct run_ctx c = { .pid = pid, .input = input };
	struct bg_proc p;
	int status;

	status = bg_start_argv(&p, argv, prepare_run, &c);
	if (status)
		return status;
	status = bg_wait(&p, 20000);
	if (status != 0)
		fprintf(stderr, "# %s exited %d: %s%s\n", argv[0], status, p.err ? p.err : "",
			p.out ? p.out : "");
	bg_free(&p);
	return status;
}

int start_dev_server(struct bg_proc *p, pid_t pid, int port, const char **fix_program)
{
	static char port_text[16], bind_text[32];
	const char *python[] = { "/usr/bin/python3", "-m",	"http.server", "--bind",
				 "0.0.0.0",	     port_text, NULL };
	const char *httpd[] = { "/usr/bin/busybox", "httpd", "-f", "-p", bind_text, NULL };
	bool have_python = access(python[0], X_OK) == 0;

	snprintf(port_text, sizeof(port_text), "%d", port);
	snprintf(bind_text, sizeof(bind_text), "0.0.0.0:%d", port);
	*fix_program = have_python ? "python http.server" : "any program";
	return bg_start_argv(p, have_python ? python : httpd, prepare_enter_netns, &pid);
}

pid_t listener_start(pid_t ns_pid, const char *comm, int family, const char *addr, int port)
{
	int ready[2];
	char ok = 0;
	pid_t pid;

	if (pipe2(ready, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct sockaddr_storage ss = { 0 };
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		const char *dev = strchr(addr, '%');
		char text[INET6_ADDRSTRLEN] = "";
		int fd, one = 1;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (comm)
			prctl(PR_SET_NAME, comm);
		snprintf(text, sizeof(text), "%.*s", (int)strcspn(addr, "%"), addr);
		if (family == AF_INET) {
			sin->sin_family = AF_INET;
			sin->sin_port = htons((uint16_t)port);
			inet_pton(AF_INET, text, &sin->sin_addr);
		} else {
			sin6->sin6_family = AF_INET6;
			sin6->sin6_port = htons((uint16_t)port);
			inet_pton(AF_INET6, text, &sin6->sin6_addr);
		}
		if (netns_enter_pid(ns_pid) == 0 && (fd = socket(family, SOCK_STREAM, 0)) >= 0 &&
		    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 &&
		    (!dev || setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev + 1,
					(socklen_t)strlen(dev + 1)) == 0) &&
		    bind(fd, (struct sockaddr *)&ss, sizeof(ss)) == 0 && listen(fd, 16) == 0)
			ok = 1;
		if (write(ready[1], &ok, 1) != 1 || !ok)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &ok, 1) != 1)
		ok = 0;
	close(ready[0]);
	if (!ok) {
		listener_stop(pid);
		return -EADDRNOTAVAIL;
	}
	return pid;
}

void listener_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
