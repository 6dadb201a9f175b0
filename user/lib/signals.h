/* SPDX-License-Identifier: GPL-2.0 */
/* Ctrl-C, SIGTERM and SIGHUP ask the running command to stop cleanly;
 * SIGPIPE is turned into EPIPE from write(). */
#ifndef BINDGUARD_SIGNALS_H
#define BINDGUARD_SIGNALS_H

extern volatile int stop_requested;

int install_stop_signals(void);

#endif
