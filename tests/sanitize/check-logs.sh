#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Judges the sanitizer logs of a `make test-san` run (one file per process
# that reported, named TOOL.EXE.PID).  Fails on any report from bindguard
# itself, on any memory error or undefined behaviour in a test binary, and
# on a leak whose stack passes through bindguard's modules (user/).  Leaks
# allocated by test code alone (a test that does not free its output) are
# listed as warnings: they say nothing about bindguard.
# Usage: tests/sanitize/check-logs.sh LOG_DIR
set -u
dir=${1:?usage: $0 LOG_DIR}
failed=0 warned=0

for log in "$dir"/*; do
	[ -f "$log" ] || continue
	exe=$(basename "$log" | cut -d. -f2)
	if [ "$exe" = bindguard ] || ! grep -q "LeakSanitizer" "$log" ||
		grep -qE "ERROR: AddressSanitizer|runtime error" "$log"; then
		verdict=fail
	else
		# a leak block: from "Direct/Indirect leak" to the blank line after it
		verdict=$(awk '
			/^(Direct|Indirect) leak/ { inblock = 1; ours = 0; next }
			inblock && /^$/ { if (ours) found = 1; inblock = 0 }
			inblock && / user\/([A-Za-z0-9_]+\/)*[A-Za-z0-9_]+\.[ch]:/ { ours = 1 }
			END { if (inblock && ours) found = 1; print found ? "fail" : "warn" }' "$log")
	fi
	if [ "$verdict" = fail ]; then
		failed=$((failed + 1))
		echo "# --- sanitizer report from $exe ($log): fails test-san"
		cat "$log"
	else
		warned=$((warned + 1))
		echo "# --- warning: $exe leaks memory it allocated in test code ($log):"
		grep -E "^(Direct|Indirect) leak|^    #[0-9]+ .* tests/" "$log" | head -n 12 | sed 's/^/#   /'
	fi
done

echo "test-san: sanitizer logs: $failed failing, $warned test-code leak warnings"
[ "$failed" -eq 0 ]
