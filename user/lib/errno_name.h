/* SPDX-License-Identifier: GPL-2.0 */
/* Symbolic errno names ("EADDRINUSE") for event output. */
#ifndef BINDGUARD_ERRNO_NAME_H
#define BINDGUARD_ERRNO_NAME_H

#include <stddef.h>

/* err is a positive errno.  Unknown values come back as "E<number>" in buf. */
const char *errno_name(int err, char *buf, size_t len);

#endif
