# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh.  What integration tests leave on the machine when
# they cannot clean up: every test names its cgroups and pin directories
# bindguard-test-PID-NAME (PID: the test binary's), and removes them in its
# teardown, failed or not.  A binary killed by its timeout (or by anyone's
# SIGKILL) runs no teardown: its cgroup stays, and its pins keep an enforce
# hook attached to it.  These functions find such leftovers, of test
# binaries no longer running, and remove them.

# "TYPE MOUNTPOINT" of each cgroup v2 and bpffs mount
leftover_roots() {
	awk '$3 == "cgroup2" || $3 == "bpf" { print $3, $2 }' /proc/mounts 2>/dev/null | sort -u
}

# Whether PID is a test binary still running (a reused PID is not).
test_process_alive() {
	local comm
	comm=$(cat "/proc/$1/comm" 2>/dev/null) || return 1
	case "$comm" in itest_*) return 0 ;; *) return 1 ;; esac
}

# Prints "TYPE PATH" of each leftover: a bindguard-test-PID-* directory at
# the top of a root whose PID is no running test binary.
find_leftovers() {
	local type root path name pid
	leftover_roots | while read -r type root; do
		for path in "$root"/bindguard-test-[0-9]*-*; do
			[ -d "$path" ] || continue
			name=${path##*/bindguard-test-}
			pid=${name%%-*}
			test_process_alive "$pid" || echo "$type $path"
		done
	done
}

# Removes one leftover of TYPE: a pin directory (bpf: unpinning its links
# detaches their hooks), or a cgroup (processes killed, then the cgroups
# inside it, deepest first).
remove_leftover() {
	local type=$1 path=$2 dir
	if [ "$type" = bpf ]; then
		rm -rf -- "$path"
	else
		find "$path" -depth -type d 2>/dev/null | while IFS= read -r dir; do
			[ -w "$dir/cgroup.kill" ] && echo 1 >"$dir/cgroup.kill" 2>/dev/null
			for _ in 1 2 3 4 5 6 7 8 9 10; do
				rmdir -- "$dir" 2>/dev/null && break
				sleep 0.1
			done
		done
	fi
	[ ! -e "$path" ]
}

# Removes every leftover, naming each on stdout (as a TAP comment); the
# paths found are left in the array swept_paths.
sweep_leftovers() {
	local type path found
	swept_paths=()
	[ "$(id -u)" -eq 0 ] || return 0 # only root's tests make them
	# not `done < <(find_leftovers)`: the QEMU guests have no /dev/fd
	found=$(find_leftovers)
	[ -n "$found" ] || return 0
	while read -r type path; do
		swept_paths+=("$path")
		if remove_leftover "$type" "$path"; then
			echo "# removed a test's leftover: $path"
		else
			echo "# could not remove a test's leftover: $path"
		fi
	done <<<"$found"
}
