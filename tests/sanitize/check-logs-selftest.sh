#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks check-logs.sh's verdicts on made-up sanitizer logs before test-san
# trusts it: a leak through bindguard's modules (any folder of user/) fails,
# a leak from test code alone is only a warning, a memory error fails.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0

# leak_log FILE FRAME: a LeakSanitizer report whose allocation passes FRAME.
leak_log() {
	printf '==1==ERROR: LeakSanitizer: detected memory leaks\n\n' >"$1"
	printf 'Direct leak of 8 byte(s) in 1 object(s) allocated from:\n' >>"$1"
	printf '    #0 0x1 in malloc\n    #1 0x2 in %s\n' "$2" >>"$1"
	printf '    #2 0x3 in main tests/unit/test_x.c:5\n\nSUMMARY: leak\n' >>"$1"
}

# expect NAME STATUS FAILING WARNINGS: runs check-logs.sh on $dir/NAME.
expect() {
	local out rc
	out=$("$here/check-logs.sh" "$dir/$1" 2>&1)
	rc=$?
	if [ "$rc" -ne "$2" ] ||
		! grep -q "sanitizer logs: $3 failing, $4 test-code leak warnings" <<<"$out"; then
		echo "check-logs selftest: $1: expected status $2, $3 failing, $4 warnings; got:"
		echo "$out"
		failed=1
	fi
}

mkdir "$dir/module" "$dir/nested" "$dir/testonly" "$dir/asan"
leak_log "$dir/module/asan.test_x.1" "strbuf_grow user/strbuf.c:20"
leak_log "$dir/nested/asan.test_x.1" "strbuf_grow user/lib/strbuf.c:20"
leak_log "$dir/testonly/asan.test_x.1" "shown tests/unit/table_test.h:59"
printf '==1==ERROR: AddressSanitizer: heap-buffer-overflow\n' >"$dir/asan/asan.test_x.1"
expect module 1 1 0
expect nested 1 1 0
expect testonly 0 0 1
expect asan 1 1 0

[ "$failed" -eq 0 ] && echo "check-logs selftest: 4 verdicts as expected"
exit "$failed"
