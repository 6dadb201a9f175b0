/* SPDX-License-Identifier: GPL-2.0 */
/* Ctrl-C, SIGTERM and SIGHUP ask the running command to stop cleanly;
 * SIGPIPE is turned into EPIPE from write(). */
#ifndef BINDGUARD_SIGNALS_H
#define BINDGUARD_SIGNALS_H

#include <signal.h>

/* Set by the handler: sig_atomic_t is the only type a handler may write. */
extern volatile sig_atomic_t stop_requested;

int install_stop_signals(void);

#endif
