/* SPDX-License-Identifier: GPL-2.0 */
/* The PowerShell a user runs on the Windows side of WSL to see what the
 * host exposes and to harden the Hyper-V firewall: printed, never run. */
#ifndef BINDGUARD_WINDOWS_ADVICE_H
#define BINDGUARD_WINDOWS_ADVICE_H

#include <stddef.h>
#include <stdint.h>

#include "bindguard.h"
#include "lib/strbuf.h"

/* The Hyper-V firewall's VMCreatorId for WSL. */
#define WSL_VM_CREATOR_ID "{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}"

/* Appends the commands, one per line, comments starting with '#'; plain
 * ASCII, single quotes.  exposed_ports (may be empty): Linux ports found
 * exposed, for a command that shows the Hyper-V rules allowing them. */
void windows_advice(struct strbuf *sb, const uint16_t *exposed_ports, size_t n_ports);

/* For `bindguard allow PORT`: the Hyper-V firewall rule that lets the port
 * in (protocol BG_PROTO_TCP, BG_PROTO_UDP or 0 for both), a one-shot task
 * that removes it after `seconds`, and the command that removes it now. */
void windows_allow_advice(struct strbuf *sb, uint16_t port, uint8_t protocol, uint64_t seconds);
/* Only the removal, for `allow --remove`. */
void windows_allow_close(struct strbuf *sb, uint16_t port, uint8_t protocol);

#endif
