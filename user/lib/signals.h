/* SPDX-License-Identifier: GPL-2.0 */
/* Ctrl-C, SIGTERM and SIGHUP ask the running command to stop cleanly;
 * SIGPIPE is turned into EPIPE from write(). */
#ifndef BINDGUARD_SIGNALS_H
#define BINDGUARD_SIGNALS_H

#include <signal.h>

/* Set by the handler: sig_atomic_t is the only type a handler may write. */
extern volatile sig_atomic_t stop_requested;

int install_stop_signals(void);
/* Sets stop_requested and makes stop_signal_fd() readable; safe in a
 * signal handler. */
void request_stop(void);
/* Polls readable once a stop was requested, so that a loop may sleep in
 * poll() without a timeout: a signal that comes between its check of
 * stop_requested and the poll still ends the sleep.  -1 before
 * install_stop_signals(). */
int stop_signal_fd(void);

#endif
