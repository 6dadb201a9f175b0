#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Runs bindguard's test binaries (cmocka, TAP output) and sums the results.
# Usage: tests/run.sh unit|integration|all
# Under CI=true a skipped test counts as a failure: CI runs as root on a
# kernel with BPF, so nothing has a reason to skip there.
set -u

mode=${1:-all}
build_dir=${BUILD_DIR:-build}
per_binary_timeout=${TEST_TIMEOUT:-600}
# Test binaries this run leaves out, by name ("itest_pinning itest_audit"):
# a second pass that changes one thing runs only the tests that thing touches.
only_without=${TEST_LEAVE_OUT:-}
# The capture's tests again as on older kernels (BINDGUARD_CAPTURE_AS_BEFORE),
# once per version: each takes away helpers this kernel has, so the paths
# older kernels take run here too (without bpf_rdonly_cast: exit-only
# tracepoints with probe reads, trampolines reading the fd array; before
# bpf_task_pt_regs: enter+exit tracepoints; before the task's BTF pointer:
# probe reads only).  Empty: none.
as_before_versions=${TEST_CAPTURE_AS_BEFORE-6.2 5.15 5.11}
as_before_tests=${TEST_CAPTURE_AS_BEFORE_TESTS:-itest_trace itest_io_uring itest_top}
# The enforce hooks' judgments again as before Linux 5.17 (WSL's 5.15): the
# interface walk without bpf_loop, no pid or comm in the hooks.
hooks_as_before_versions=${TEST_HOOKS_AS_BEFORE-5.17}
hooks_as_before_tests=itest_enforce_programs
passed=0 failed=0 skipped=0
failed_names=()
# shellcheck source=tests/leftovers.sh
. "$(dirname "$0")/leftovers.sh"

case "$mode" in
unit) patterns=(test_) ;;
integration) patterns=(itest_) ;;
all) patterns=(test_ itest_) ;;
*) echo "usage: $0 unit|integration|all" >&2; exit 2 ;;
esac

# run_binary BINARY [NAME]: NAME labels its results (default: the file's)
run_binary() {
	local bin=$1 name=${2:-} log planned=0 seen=0 rc
	[ -n "$name" ] || name=$(basename "$bin")
	log=$(mktemp)
	echo "# --- $name"
	CMOCKA_MESSAGE_OUTPUT=TAP timeout --kill-after=10 "$per_binary_timeout" "$bin" >"$log" 2>&1
	rc=$?
	cat "$log"
	while IFS= read -r line; do
		case "$line" in
		1..*) planned=${line#1..} ;;
		"ok "*) passed=$((passed + 1)); seen=$((seen + 1)) ;;
		"not ok "*"# SKIP"*)
			skipped=$((skipped + 1)); seen=$((seen + 1))
			failed_names+=("$name: skipped: ${line#*# SKIP }") ;;
		"not ok 0 "*)
			failed=$((failed + 1)); failed_names+=("$name: group setup failed") ;;
		"not ok "*)
			failed=$((failed + 1)); seen=$((seen + 1))
			failed_names+=("$name: ${line#not ok }") ;;
		esac
	done <"$log"
	rm -f "$log"
	# A crash or timeout leaves planned tests unreported: they failed.
	if [ "$seen" -lt "$planned" ]; then
		failed=$((failed + planned - seen))
		failed_names+=("$name: $((planned - seen)) tests did not report (exit status $rc)")
	elif [ "$planned" -eq 0 ] && [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		failed_names+=("$name: exited with status $rc before running any test")
	fi
	# what it left on the machine (the sweep before it took everything
	# older) is a failure of its own, even when every test passed
	sweep_leftovers
	if [ "${#swept_paths[@]}" -gt 0 ]; then
		failed=$((failed + 1))
		failed_names+=("$name: left ${swept_paths[*]}")
	fi
}

# what binaries killed in an earlier run left (not this run's failure)
sweep_leftovers
found=0
for p in "${patterns[@]}"; do
	for bin in "$build_dir"/tests/"$p"*; do
		[ -x "$bin" ] && [ -f "$bin" ] || continue
		case "$bin" in *.d | *.o) continue ;; esac
		case " $only_without " in *" $(basename "$bin") "*)
			echo "# --- $(basename "$bin"): left out of this pass"
			continue ;;
		esac
		found=$((found + 1))
		run_binary "$bin"
	done
done

# run_as_before VARIABLE VERSIONS TESTS LABEL: each test binary again with
# VARIABLE set to each version in turn
run_as_before() {
	local version t bin
	for version in $2; do
		for t in $3; do
			bin=$build_dir/tests/$t
			[ -x "$bin" ] || continue
			local -x "$1=$version"
			run_binary "$bin" "$t ($4 $version)"
		done
	done
}

if [ "$mode" != unit ]; then
	run_as_before BINDGUARD_CAPTURE_AS_BEFORE "$as_before_versions" "$as_before_tests" "as before"
	run_as_before BINDGUARD_HOOKS_AS_BEFORE "$hooks_as_before_versions" "$hooks_as_before_tests" \
		"hooks as before"
fi

if [ "$found" -eq 0 ]; then
	echo "no test binaries found under $build_dir/tests" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

if [ "${#failed_names[@]}" -gt 0 ]; then
	echo "# not passed:"
	printf '#   %s\n' "${failed_names[@]}"
fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
	echo "# CI=true: $skipped skipped tests count as failures"
	failed=$((failed + skipped))
	skipped=0
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
