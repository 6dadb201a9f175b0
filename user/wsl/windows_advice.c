// SPDX-License-Identifier: GPL-2.0
/* PowerShell for the Windows side of a WSL audit.  Only ever printed: a
 * Linux tool has no business changing the Windows firewall. */
#include "wsl/windows_advice.h"

#include <stdio.h>

void windows_advice(struct strbuf *sb, const uint16_t *exposed_ports, size_t n_ports)
{
	strbuf_puts(
	    sb, "# Run in PowerShell as Administrator, on Windows.\n"
		"# 1. What Windows itself listens on, and whether it faces the LAN:\n"
		"Get-NetTCPConnection -State Listen | Sort-Object LocalPort | Select-Object "
		"LocalAddress, LocalPort, OwningProcess, @{Name='Process'; "
		"Expression={(Get-Process -Id $_.OwningProcess -ErrorAction "
		"SilentlyContinue).ProcessName}}, @{Name='Exposure'; Expression={if "
		"($_.LocalAddress -like '127.*' -or $_.LocalAddress -eq '::1') {'LOCAL'} else "
		"{'LAN EXPOSED'}}} | Format-Table -AutoSize\n"
		"# 2. The Hyper-V firewall settings for the WSL VM, and its rules:\n"
		"Get-NetFirewallHyperVVMSetting -PolicyStore ActiveStore -Name '" WSL_VM_CREATOR_ID
		"'\n"
		"Get-NetFirewallHyperVRule -VMCreatorId '" WSL_VM_CREATOR_ID
		"' | Where-Object { $_.Direction -eq 'Inbound' -and $_.Action -eq 'Allow' } | "
		"Format-Table Name, DisplayName, Protocol, LocalPorts, Enabled\n");
	if (n_ports) {
		strbuf_puts(sb, "#    Linux exposes port");
		strbuf_puts(sb, n_ports > 1 ? "s " : " ");
		for (size_t i = 0; i < n_ports; i++)
			strbuf_printf(sb, "%s%u", i ? ", " : "", exposed_ports[i]);
		strbuf_puts(sb, ": a rule above with one of them (or Any) in LocalPorts lets the "
				"LAN in.\n");
	}
	strbuf_puts(sb,
		    "# 3. Remediation: block inbound connections to WSL unless a rule allows "
		    "them:\n"
		    "Set-NetFirewallHyperVVMSetting -Name '" WSL_VM_CREATOR_ID
		    "' -DefaultInboundAction Block\n"
		    "# Warning: a Windows Firewall rule that matches only a port (no program or "
		    "service) is mirrored into the Hyper-V firewall, so allowing a port on Windows "
		    "also opens it to WSL.\n");
}

/* The protocols an exception covers, as the Hyper-V firewall names them. */
static size_t allow_protocols(uint8_t protocol, const char *names[2])
{
	size_t n = 0;

	if (protocol != BG_PROTO_UDP)
		names[n++] = "TCP";
	if (protocol != BG_PROTO_TCP)
		names[n++] = "UDP";
	return n;
}

static void rule_name(char *buf, size_t len, uint16_t port, const char *proto)
{
	snprintf(buf, len, "bindguard-allow-%u-%c%c%c", port, proto[0] | 0x20, proto[1] | 0x20,
		 proto[2] | 0x20);
}

void windows_allow_close(struct strbuf *sb, uint16_t port, uint8_t protocol)
{
	const char *protos[2];
	size_t n = allow_protocols(protocol, protos);
	char name[64];

	for (size_t i = 0; i < n; i++) {
		rule_name(name, sizeof(name), port, protos[i]);
		strbuf_printf(sb, "Remove-NetFirewallHyperVRule -Name '%s'\n", name);
	}
}

void windows_allow_advice(struct strbuf *sb, uint16_t port, uint8_t protocol, uint64_t seconds)
{
	const char *protos[2];
	size_t n = allow_protocols(protocol, protos);
	char name[64];

	strbuf_puts(sb, "# WSL mirrored mode: the Hyper-V firewall must let the port in too.\n"
			"# Run in PowerShell as Administrator, on Windows.  Open it:\n");
	for (size_t i = 0; i < n; i++) {
		rule_name(name, sizeof(name), port, protos[i]);
		strbuf_printf(sb,
			      "New-NetFirewallHyperVRule -Name '%s' -DisplayName 'bindguard allow "
			      "%u/%s' -Direction Inbound -VMCreatorId '" WSL_VM_CREATOR_ID
			      "' -Protocol %s -LocalPorts %u -Action Allow\n",
			      name, port, protos[i], protos[i], port);
	}
	strbuf_printf(sb,
		      "# Close it when bindguard's exception ends, in %llu seconds (a one-shot "
		      "scheduled task; Windows firewall rules never expire by themselves):\n",
		      (unsigned long long)seconds);
	for (size_t i = 0; i < n; i++) {
		rule_name(name, sizeof(name), port, protos[i]);
		strbuf_printf(
		    sb,
		    "Register-ScheduledTask -TaskName '%s' -RunLevel Highest -Trigger "
		    "(New-ScheduledTaskTrigger -Once -At (Get-Date).AddSeconds(%llu)) "
		    "-Action (New-ScheduledTaskAction -Execute 'powershell.exe' -Argument "
		    "\"-NoProfile -Command Remove-NetFirewallHyperVRule -Name '%s'; "
		    "Unregister-ScheduledTask -TaskName '%s' -Confirm:`$false\")\n",
		    name, (unsigned long long)seconds, name, name);
	}
	strbuf_puts(sb, "# Or close it now:\n");
	windows_allow_close(sb, port, protocol);
}
