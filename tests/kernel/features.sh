#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints the kernel version and which kernel features bindguard relies on are present.
# POSIX sh: runs on the host and under busybox in the test VM. It mounts nothing where the caller
# can see it: an unmounted tracefs or securityfs is looked at from a private mount namespace.
set -eu

TRACEPOINTS="syscalls/sys_enter_bind syscalls/sys_exit_bind syscalls/sys_enter_listen
syscalls/sys_exit_listen sock/inet_sock_set_state"

row() {
	printf '  %-36s %s\n' "$1" "$2"
}

is_root() {
	[ "$(id -u)" -eq 0 ]
}

# Mounts filesystem type $1 on a temp dir inside a private mount namespace and runs the sh
# snippet $2 there, with the mount point as $1 and the remaining arguments after it.
# The mount dies with the namespace.
in_private_mount() {
	if ! is_root || ! command -v unshare >/dev/null 2>&1; then
		return 2
	fi
	fstype=$1
	snippet=$2
	shift 2
	mnt=$(mktemp -d) || return 2
	rc=0
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m --propagation private sh -c \
		'fs=$1 mnt=$2 snippet=$3; shift 3
		mount -t "$fs" "$fs" "$mnt" 2>/dev/null || exit 3
		sh -c "$snippet" sh "$mnt" "$@"' \
		sh "$fstype" "$mnt" "$snippet" "$@" || rc=$?
	rmdir "$mnt" 2>/dev/null || true
	return "$rc"
}

# The tracepoints (as "group/name") that exist, one per line.
list_tracepoints() {
	for dir in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		if [ -d "$dir/events" ]; then
			for tp in $TRACEPOINTS; do
				if [ -d "$dir/events/$tp" ]; then echo "$tp"; fi
			done
			return 0
		fi
	done
	# shellcheck disable=SC2016,SC2086 # expanded by the inner shell; a list of words
	in_private_mount tracefs 'mnt=$1; shift; for tp; do
		if [ -d "$mnt/events/$tp" ]; then echo "$tp"; fi
	done' $TRACEPOINTS
}

active_lsms() {
	if [ -r /sys/kernel/security/lsm ]; then
		cat /sys/kernel/security/lsm
		return 0
	fi
	# shellcheck disable=SC2016 # expanded by the inner shell
	in_private_mount securityfs 'cat "$1/lsm"'
}

echo "bindguard kernel feature matrix"
row "kernel" "$(uname -r) ($(uname -v))"

if [ -r /sys/kernel/btf/vmlinux ]; then
	row "BTF /sys/kernel/btf/vmlinux" "yes ($(wc -c </sys/kernel/btf/vmlinux) bytes)"
else
	row "BTF /sys/kernel/btf/vmlinux" "no"
fi

rc=0
found=$(list_tracepoints) || rc=$?
for tp in $TRACEPOINTS; do
	name="tracepoint $(echo "$tp" | tr / :)"
	if [ "$rc" -ne 0 ]; then
		row "$name" "unknown (tracefs not mounted and cannot mount it privately: not root or no unshare)"
	elif echo "$found" | grep -qx "$tp"; then
		row "$name" "yes"
	else
		row "$name" "no"
	fi
done

if grep -qw cgroup2 /proc/filesystems; then
	where=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	if [ "$where" = /sys/fs/cgroup ]; then
		row "cgroup v2" "yes (unified, at /sys/fs/cgroup)"
	elif [ -n "$where" ]; then
		row "cgroup v2" "yes (hybrid: cgroup2 at $where)"
	else
		row "cgroup v2" "yes (supported, not mounted)"
	fi
else
	row "cgroup v2" "no"
fi

if grep -qw bpf /proc/filesystems; then
	row "bpffs" "yes"
else
	row "bpffs" "no"
fi

# BPF_MAP_TYPE_RINGBUF arrived in 5.8.
release=$(uname -r)
major=${release%%.*}
minor=${release#*.}
minor=${minor%%[!0-9]*}
if [ "$major" -gt 5 ] || { [ "$major" -eq 5 ] && [ "$minor" -ge 8 ]; }; then
	row "BPF ring buffer" "yes (kernel >= 5.8)"
else
	row "BPF ring buffer" "no (kernel < 5.8)"
fi

rc=0
lsms=$(active_lsms) || rc=$?
if [ "$rc" -ne 0 ]; then
	row "BPF LSM" "unknown (securityfs not mounted and cannot mount it privately)"
elif echo "$lsms" | tr , '\n' | grep -qx bpf; then
	row "BPF LSM" "yes (lsm=$lsms)"
else
	row "BPF LSM" "no (lsm=$lsms; needs CONFIG_BPF_LSM and bpf in lsm=)"
fi
