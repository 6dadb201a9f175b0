#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Valgrind memcheck over short real runs of bindguard: --help, a bad option,
# `trace --json -o /dev/null` while binds happen (then Ctrl-C), and `audit --json`.
# Any memory error or definite leak fails.  Needs root (trace loads BPF).
# Bounded: each run is killed after VALGRIND_TIMEOUT seconds (default 120).
set -u
cd "$(dirname "$0")/../.."

bindguard=${BINDGUARD:-build/bindguard}
valgrind=${VALGRIND:-valgrind}
limit=${VALGRIND_TIMEOUT:-120}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
passed=0 failed=0

if ! command -v "$valgrind" >/dev/null; then
	echo "test-valgrind: $valgrind not found (Debian: apt-get install valgrind)" >&2
	exit 2
fi

start_memcheck() { # name, then bindguard's arguments; runs in the background
	local name=$1
	shift
	timeout --kill-after=10 "$limit" "$valgrind" --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite --num-callers=30 \
		--suppressions=tests/valgrind/libbpf.supp --log-file="$logs/$name.valgrind" \
		"$bindguard" "$@" >"$logs/$name.out" 2>"$logs/$name.err" &
	pid=$!
}

# name, exit statuses bindguard may give (audit: 1 = something exposed)
finish_memcheck() {
	local name=$1 allowed=$2 rc errors
	wait "$pid"
	rc=$?
	errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$logs/$name.valgrind")
	if [ "${errors:-x}" = 0 ] && [[ " $allowed " == *" $rc "* ]]; then
		echo "ok - valgrind: bindguard $name (exit status $rc)"
		passed=$((passed + 1))
		return
	fi
	failed=$((failed + 1))
	echo "not ok - valgrind: bindguard $name: exit status $rc, ${errors:-no} memcheck errors"
	sed 's/^/# /' "$logs/$name.valgrind" "$logs/$name.err"
}

memcheck() { # name, allowed statuses, arguments
	local name=$1 allowed=$2
	shift 2
	start_memcheck "$name" "$@"
	finish_memcheck "$name" "$allowed"
}

memcheck help 0 --help
memcheck bad-option 2 trace --no-such-option

# trace: wait for it to attach (slow under valgrind), bind meanwhile, then
# stop it as Ctrl-C does (a fixed -d could end before a loaded machine has
# made the binds; timeout passes SIGINT on to valgrind, valgrind to bindguard)
start_memcheck trace trace -d 600 --json -o /dev/null
for _ in $(seq 600); do
	grep -q "tracing started" "$logs/trace.err" 2>/dev/null && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
binds=0
if grep -q "tracing started" "$logs/trace.err" 2>/dev/null; then
	binds=$(python3 -c '
import errno, socket
made = 0
held = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
held.bind(("127.0.0.1", 0)); held.listen(1); made += 1
for i in range(100):
    for family, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.bind((addr, 0)); s.close(); made += 1
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(held.getsockname())
except OSError as e:
    assert e.errno == errno.EADDRINUSE
made += 1
print(made)')
fi
kill -INT "$pid" 2>/dev/null
finish_memcheck trace 0
seen=$(sed -n 's/^bindguard trace: \([0-9]*\) events.*/\1/p' "$logs/trace.err")
if [ "${seen:-0}" -lt "${binds:-0}" ] || [ "${binds:-0}" -eq 0 ]; then
	failed=$((failed + 1))
	echo "not ok - valgrind: trace saw ${seen:-no} events of the $binds binds made"
	sed 's/^/# /' "$logs/trace.err"
else
	passed=$((passed + 1))
	echo "ok - valgrind: trace saw $seen events, the $binds binds made among them"
fi

if "$bindguard" --help | grep -q '^  audit '; then
	memcheck audit "0 1" audit --json
fi

# status walks every cgroup, link and pin for bindguard hooks; log reads a
# record (none here: a directory of our own that holds nothing)
if "$bindguard" --help | grep -q '^  log '; then
	bpffs=$(awk '$3 == "bpf" { print $2; exit }' /proc/mounts)
	memcheck status "0 1" status --json --pin-dir "${bpffs:-/sys/fs/bpf}/bindguard-valgrind-$$"
	memcheck log 1 log --no-follow --pin-dir "${bpffs:-/sys/fs/bpf}/bindguard-valgrind-$$"
fi

echo "test-valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
