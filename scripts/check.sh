#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: every test stage in turn, each stage's result, then one total.
# Stages: unit + integration tests on this kernel; the same under ASan/UBSan;
# the integration tests on a second kernel in QEMU; a fuzzing smoke run;
# valgrind on real runs; the man page against every --help; kernel style;
# the Debian package, built, installed into a scratch root and removed.
# CHECK_STAGES picks some (e.g. CHECK_STAGES="tests kernel").
set -u
cd "$(dirname "$0")/.."

stages=${CHECK_STAGES:-"tests sanitizers kernel fuzz valgrind man format package"}
make_cmd=${MAKE:-make}
total_passed=0 total_failed=0 total_skipped=0
report=()

# The last "N passed, N failed[, N skipped]" line of a log.
summary_of() {
	grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?\s*$' "$1" | tail -n 1 |
		sed -E 's/^[A-Za-z-]+: //'
}

run_stage() {
	local name=$1 log rc line p f s
	shift
	log=$(mktemp)
	echo "### stage $name: $*"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(summary_of "$log")
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
		s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
		s=${s:-0}
		# a stage that failed without saying which test did counts once
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0 s=0
	else
		p=0 f=1 s=0
	fi
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	total_skipped=$((total_skipped + s))
	report+=("$(printf '%-11s %s passed, %s failed, %s skipped (exit status %s)' "$name" "$p" "$f" "$s" "$rc")")
	rm -f "$log"
}

for stage in $stages; do
	case "$stage" in
	tests) run_stage tests "$make_cmd" --no-print-directory test ;;
	sanitizers) run_stage sanitizers "$make_cmd" --no-print-directory test-san ;;
	kernel) run_stage kernel "$make_cmd" --no-print-directory test-kernel ;;
	fuzz) run_stage fuzz "$make_cmd" --no-print-directory fuzz-smoke ;;
	valgrind) run_stage valgrind "$make_cmd" --no-print-directory test-valgrind ;;
	man) run_stage man "$make_cmd" --no-print-directory check-man ;;
	format) run_stage format "$make_cmd" --no-print-directory format-check ;;
	package) run_stage package "$make_cmd" --no-print-directory test-deb ;;
	*) echo "check: unknown stage '$stage'" >&2; exit 2 ;;
	esac
done

echo "### stages"
printf '  %s\n' "${report[@]}"
if [ "${CI:-}" = "true" ] && [ "$total_skipped" -gt 0 ]; then
	echo "CI=true: $total_skipped skipped tests count as failures"
	total_failed=$((total_failed + total_skipped))
	total_skipped=0
fi
echo "total: $total_passed passed, $total_failed failed, $total_skipped skipped"
[ "$total_failed" -eq 0 ]
