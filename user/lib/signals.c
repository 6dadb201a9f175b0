// SPDX-License-Identifier: GPL-2.0
/* Stop signals for the long-running commands. */
#include "lib/signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t stop_requested;

/* The self-pipe: its read end polls readable once a stop was requested. */
static int stop_pipe[2] = { -1, -1 };

void request_stop(void)
{
	int saved = errno;

	stop_requested = 1;
	if (stop_pipe[1] >= 0 && write(stop_pipe[1], "", 1) < 0) {
		/* full (EAGAIN): it is readable already */
	}
	errno = saved;
}

static void on_stop_signal(int sig)
{
	(void)sig;
	request_stop();
}

int stop_signal_fd(void)
{
	return stop_pipe[0];
}

int install_stop_signals(void)
{
	struct sigaction sa;
	const int stops[] = { SIGINT, SIGTERM, SIGHUP };

	if (stop_pipe[0] < 0 && pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		if (sigaction(stops[i], &sa, NULL))
			return -errno;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL))
		return -errno;
	return 0;
}
