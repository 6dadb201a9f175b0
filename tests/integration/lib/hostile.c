// SPDX-License-Identifier: GPL-2.0
/* Hostile-caller helpers: guarded pages, raw calls, a reader that leaves. */
#include "hostile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

void *map_page_tail(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (mprotect(p + page, (size_t)page, PROT_NONE))
		return NULL;
	return p + page - len;
}

void *map_unreadable(void)
{
	void *p = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

int raw_bind(int fd, const void *addr, socklen_t len)
{
	return bind(fd, addr, len) ? -errno : 0;
}

int raw_listen(int fd)
{
	return listen(fd, 1) ? -errno : 0;
}

int closed_fd(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	close(fd);
	return fd;
}

int pipe_fd(void)
{
	int fds[2];

	if (pipe(fds))
		return -1;
	close(fds[1]);
	return fds[0];
}

int bg_read_line(struct bg_proc *p, int timeout_ms)
{
	struct pollfd pfd = { .fd = p->out_fd, .events = POLLIN };
	char chunk[4096];

	for (int waited = 0; waited < timeout_ms; waited += 50) {
		ssize_t n;

		if (p->out && memchr(p->out, '\n', p->out_len))
			return 0;
		poll(&pfd, 1, 50);
		n = read(p->out_fd, chunk, sizeof(chunk));
		if (n <= 0)
			continue;
		p->out = realloc(p->out, p->out_len + (size_t)n + 1);
		assert_non_null(p->out);
		memcpy(p->out + p->out_len, chunk, (size_t)n);
		p->out_len += (size_t)n;
		p->out[p->out_len] = '\0';
	}
	return p->out && memchr(p->out, '\n', p->out_len) ? 0 : -ETIMEDOUT;
}

void bg_close_stdout(struct bg_proc *p)
{
	if (p->out_fd >= 0)
		close(p->out_fd);
	p->out_fd = -1;
}

bool bg_exited(const struct bg_proc *p)
{
	siginfo_t info = { 0 };

	if (waitid(P_PID, (id_t)p->pid, &info, WEXITED | WNOHANG | WNOWAIT))
		return true; /* already reaped */
	return info.si_pid == p->pid;
}

int bg_summary(const struct bg_proc *p, unsigned long long *events, unsigned long long *dropped)
{
	const char *line = p->err;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		char copy[512];
		size_t len = end ? (size_t)(end - line) : strlen(line);
		unsigned long long binds, listens;

		snprintf(copy, sizeof(copy), "%.*s", (int)len, line);
		/* "bindguard trace: 12 events (10 bind, 2 listen), 0 dropped, ..." */
		if (sscanf(copy,
			   "bindguard %*[a-z]: %llu events (%llu bind, %llu listen), %llu dropped",
			   events, &binds, &listens, dropped) == 4)
			return 0;
		line = end ? end + 1 : NULL;
	}
	return -ENOENT;
}

size_t bg_stderr_lines_with(const struct bg_proc *p, const char *text)
{
	size_t n = 0;
	const char *line = p->err;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (memmem(line, len, text, strlen(text)))
			n++;
		line = end ? end + 1 : NULL;
	}
	return n;
}
