// SPDX-License-Identifier: GPL-2.0
/* One prefix for every message bindguard prints on standard error. */
#include "lib/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static const char *current_command;

void report_set_command(const char *command)
{
	current_command = command;
}

const char *report_command(void)
{
	return current_command;
}

static void put_prefix(void)
{
	if (current_command)
		fprintf(stderr, "bindguard %s: ", current_command);
	else
		fputs("bindguard: ", stderr);
}

static void vreport(const char *fmt, va_list ap)
{
	put_prefix();
	vfprintf(stderr, fmt, ap);
}

void report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

int report_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	if (current_command)
		fprintf(stderr, "; see 'bindguard %s --help'\n", current_command);
	else
		fputs("; see 'bindguard --help'\n", stderr);
	return -EINVAL;
}
