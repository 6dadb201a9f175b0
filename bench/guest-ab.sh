#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make bench-ab`'s guest part: builds of bindguard compared in the TCG guest, where -icount
# makes emulated time count instructions, so a change of a few percent in the BPF programs
# shows the same in every round however busy the host is.  For each backend the kernel has,
# interleaved rounds of: the bind cycle with nothing attached, then each build's `trace`;
# per build the cycle's cost and the BPF run time per run of its busiest program.
# The builds are $BUILD_DIR/bench/ab/<label> (make bench-ab copies them there).
set -u

ROUNDS=${BENCH_AB_ROUNDS:-3}
RUN_MS=${BENCH_AB_RUN_MS:-1000}
BINDLOAD=${BUILD_DIR:?}/bench/bindload
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { echo "bench-ab: $*"; }
cycle_ns() {
	"$BINDLOAD" cycle --proto tcp --port 0 --duration-ms "$RUN_MS" | tr ' ' '\n' |
		sed -n 's/^ns_per_cycle=//p'
}
# "run_time_ns run_cnt" of the program of process $1 that ran most often
busiest() {
	for f in /proc/"$1"/fdinfo/*; do
		awk '$1 == "run_time_ns:" { t = $2 } $1 == "run_cnt:" { c = $2 }
			END { if (c != "") print t, c }' "$f"
	done | sort -k2 -n | tail -n 1
}

builds=$(ls "$BUILD_DIR/bench/ab" 2>/dev/null)
[ -n "$builds" ] || { say "no builds in $BUILD_DIR/bench/ab"; exit 1; }
backends=""
for b in fentry tracepoint; do
	"$BUILD_DIR/bench/ab/$(echo "$builds" | head -n 1)" trace --backend "$b" -d 1 \
		>/dev/null 2>&1 && backends="$backends $b"
done
say "kernel $(uname -r); backends:$backends; builds: $(echo $builds); $ROUNDS rounds"
"$BINDLOAD" syscall --duration-ms 300 >/dev/null # the first run of a fresh boot is slow
echo 1 >/proc/sys/kernel/bpf_stats_enabled
for r in $(seq "$ROUNDS"); do
	for be in $backends; do
		none=$(cycle_ns)
		for label in $builds; do
			"$BUILD_DIR/bench/ab/$label" trace --backend "$be" -o /dev/null 2>"$work/err" &
			pid=$!
			for _ in $(seq 300); do
				grep -q "tracing started" "$work/err" && break
				sleep 0.1
			done
			s1=$(busiest "$pid")
			cyc=$(cycle_ns)
			s2=$(busiest "$pid")
			kill -INT "$pid"
			wait "$pid"
			echo "$r $be $label $none $cyc $s1 $s2" | awk '{
				runs = $9 - $7
				printf "bench-ab: round %s %-10s %-12s cycle %.3fx of nothing attached, BPF %d ns per run (%d runs)\n",
					$1, $2, $3, $5 / $4, (runs > 0 ? ($8 - $6) / runs : 0), runs }'
		done
	done
done
echo 0 >/proc/sys/kernel/bpf_stats_enabled
