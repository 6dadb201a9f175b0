/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for tests that call bind() the way a hostile or broken program
 * would (pointers at page edges, bad lengths) and that treat bindguard's
 * own output badly (a reader that goes away). */
#ifndef BINDGUARD_HOSTILE_H
#define BINDGUARD_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "itest.h"

/* len readable bytes that end exactly where a PROT_NONE page begins. */
void *map_page_tail(size_t len);
/* A page that cannot be read at all. */
void *map_unreadable(void);

/* bind()/listen() as the caller passed them: 0 or -errno. */
int raw_bind(int fd, const void *addr, socklen_t len);
int raw_listen(int fd);
/* A closed descriptor number, and one that is not a socket (a pipe). */
int closed_fd(void);
int pipe_fd(void);

/* Reads bindguard's stdout until it holds a whole line. 0 or -ETIMEDOUT. */
int bg_read_line(struct bg_proc *p, int timeout_ms);
/* ... until it holds that many lines. */
int bg_read_lines(struct bg_proc *p, size_t lines, int timeout_ms);
/* Closes our end of its stdout: the reader goes away, as `| head -1` does. */
void bg_close_stdout(struct bg_proc *p);
/* Whether it has exited (without reaping it: bg_wait still works). */
bool bg_exited(const struct bg_proc *p);
/* The counts of its closing "N events (...), M dropped" line: 0 or -ENOENT. */
int bg_summary(const struct bg_proc *p, unsigned long long *events, unsigned long long *dropped);
/* How many lines of its stderr contain text. */
size_t bg_stderr_lines_with(const struct bg_proc *p, const char *text);

#endif
