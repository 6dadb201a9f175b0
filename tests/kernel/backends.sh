#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest's test command: the integration tests twice, with the capture backend bindguard picks
# by itself (checked against KERNEL_TEST_EXPECT_BACKEND when set) and with tracepoints forced.
# Each pass also runs the capture's tests (itest_trace, itest_io_uring: not itest_top, to keep
# the stage short) once as on an older kernel (tests/run.sh, TEST_CAPTURE_AS_BEFORE), so that
# the oldest path of its backend runs on a real kernel that has it: trampolines with probe
# reads only (before 5.11), enter+exit tracepoints (before 5.15). The first pass also runs
# itest_enforce_programs with the hooks as before 5.17 (the interface walk without bpf_loop,
# as WSL's 5.15 runs it): a verifier older than this machine's checks that program too.
set -u
export TEST_CAPTURE_AS_BEFORE_TESTS="itest_trace itest_io_uring"

want=${KERNEL_TEST_EXPECT_BACKEND:-}
say() { echo "backends: $*"; }

# `trace -v` names the backend it runs and why it did not take another.
lines=$("$BINDGUARD" trace -v -d 1 2>&1 >/dev/null | grep -e 'capture backend:' -e 'no BPF trampolines')
say "$(uname -r): ${lines:-bindguard named no backend}"
picked=$(echo "$lines" | sed -n 's/^bindguard[a-z ]*: capture backend: \([a-z]*\).*/\1/p')
rc=0
if [ -n "$want" ] && [ "$picked" != "$want" ]; then
	say "FAIL: expected bindguard to pick '$want' here, it picked '${picked:-nothing}'"
	rc=1
fi

say "integration tests, backend picked by bindguard (${picked:-?})"
TEST_CAPTURE_AS_BEFORE=5.11 tests/run.sh integration || rc=1
forced=$(BINDGUARD_BACKEND=tracepoint "$BINDGUARD" trace -v -d 1 2>&1 >/dev/null |
	sed -n 's/^bindguard[a-z ]*: capture backend: //p')
say "integration tests, BINDGUARD_BACKEND=tracepoint: ${forced:-bindguard named no backend}"
# The second pass changes only how binds are captured: the tests of what
# does not capture (the BTF cut, pinning, the firewall, audit, Windows, the
# CLI) ran in the first pass already, and leaving them out keeps the stage
# within the emulator's time.
TEST_LEAVE_OUT="itest_core_btf itest_pinning itest_allow itest_firewall itest_windows itest_audit itest_cli_style itest_files" \
	BINDGUARD_BACKEND=tracepoint TEST_CAPTURE_AS_BEFORE=5.15 TEST_HOOKS_AS_BEFORE= \
	tests/run.sh integration || rc=1
say "done, status $rc"
exit "$rc"
