// SPDX-License-Identifier: GPL-2.0
/* PowerShell for the Windows side of a WSL audit.  Only ever printed: a
 * Linux tool has no business changing the Windows firewall. */
#include "wsl/windows_advice.h"

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
