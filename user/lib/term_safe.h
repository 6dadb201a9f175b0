/* SPDX-License-Identifier: GPL-2.0 */
/* Text for a terminal that other programs' bytes cannot take over: a
 * process name, an interface name or a .wslconfig value may hold escape
 * sequences that clear lines or move the cursor. */
#ifndef BINDGUARD_TERM_SAFE_H
#define BINDGUARD_TERM_SAFE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"

/* Appends len bytes of s to out with every control character but the
 * newline shown as \xNN: C0 (tab, carriage return and escape included),
 * DEL, and C1 as UTF-8 encodes it (\xc2\x80 to \xc2\x9f, which some
 * terminals obey); so is every byte that is not part of a valid UTF-8
 * sequence (a lone 0x80 to 0x9f is C1 to an 8-bit terminal; a cut or
 * overlong sequence).  With keep_colors, an escape that starts a colour
 * sequence (ESC [ digits and semicolons m) is kept: a colour is all it can
 * change.  Other bytes, printable ASCII and valid UTF-8, are kept. */
void term_safe_append(struct strbuf *out, const char *s, size_t len, bool keep_colors);

#endif
