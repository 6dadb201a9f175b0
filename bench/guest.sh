#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The benchmark's guest part (`make bench` boots it in QEMU with tests/kernel/): for each capture
# backend this kernel has, the tax on an unrelated syscall (getppid) and the BPF run time per bind.
# Under TCG the guest is emulated: only ratios within one run mean anything.  make bench boots it
# with -icount, so the guest's clock counts emulated instructions and the host's other load slows
# the run without skewing what the guest measures.
# Runs from the source-tree copy in the guest; BINDGUARD and BUILD_DIR come from its /init.
set -u

ROUNDS=${BENCH_GUEST_ROUNDS:-5}
RUN_MS=${BENCH_GUEST_RUN_MS:-1500}
BINDLOAD=${BUILD_DIR:?}/bench/bindload
work=$(mktemp -d)
tracer=""

say() { echo "bench-guest: $*"; }
cleanup() {
	[ -z "$tracer" ] || kill -INT "$tracer" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
[ -x "$BINDLOAD" ] || { say "no $BINDLOAD: build it with make bench-build"; exit 1; }

# The BPF run time of every program a process holds, from its fds (kernel.bpf_stats_enabled).
bpf_run_ns() {
	cat /proc/"$1"/fdinfo/* 2>/dev/null | awk '$1 == "run_time_ns:" { n += $2 } END { print n + 0 }'
}

# start MODE: a tracer of that backend, up when it says so; "none" starts nothing.
start() {
	tracer=""
	[ "$1" = none ] && return 0
	"$BINDGUARD" trace --backend "$1" -o /dev/null 2>"$work/err" &
	tracer=$!
	for _ in $(seq 300); do
		grep -q "tracing started" "$work/err" && return 0
		kill -0 "$tracer" 2>/dev/null || break
		sleep 0.1
	done
	cat "$work/err"
	return 1
}

stop() {
	[ -n "$tracer" ] || return 0
	kill -INT "$tracer" 2>/dev/null
	wait "$tracer" 2>/dev/null
	tracer=""
}

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

modes=none
for b in fentry tracepoint hooks; do
	if "$BINDGUARD" trace --backend "$b" -d 1 >/dev/null 2>"$work/probe"; then
		modes="$modes $b"
	else
		say "backend $b: not on this kernel ($(head -n 1 "$work/probe"))"
	fi
done
say "kernel $(uname -r), $(nproc) vCPUs, TCG emulation; modes: $modes; $ROUNDS rounds of $RUN_MS ms"

"$BINDLOAD" syscall --duration-ms 300 >/dev/null # warm-up: the first run of a fresh boot is slow
# raw lines: round mode getppid_ns cycle_ns bpf_ns_per_bind
: >"$work/raw"
sysctl -qw kernel.bpf_stats_enabled=1 2>/dev/null || echo 1 >/proc/sys/kernel/bpf_stats_enabled
for r in $(seq "$ROUNDS"); do
	# rotating order: no mode always runs right after a boot's or a mode's leftovers
	order=$(echo $modes | tr ' ' '\n' | awk -v r="$r" '{ m[NR - 1] = $0 } END {
		for (i = 0; i < NR; i++) print m[(i + r) % NR] }')
	for m in $order; do
		start "$m" || { say "$m did not start"; exit 1; }
		call=$("$BINDLOAD" syscall --duration-ms "$RUN_MS")
		before=0
		[ -z "$tracer" ] || before=$(bpf_run_ns "$tracer")
		cycle=$("$BINDLOAD" cycle --proto tcp --port 0 --duration-ms "$RUN_MS")
		after=0
		[ -z "$tracer" ] || after=$(bpf_run_ns "$tracer")
		stop
		binds=$(field "$cycle" binds)
		echo "$r $m $(field "$call" ns_per_call) $(field "$cycle" ns_per_cycle)" \
			"$(((after - before) / (binds > 0 ? binds : 1)))" >>"$work/raw"
	done
	say "round $r/$ROUNDS done"
done
echo 0 >/proc/sys/kernel/bpf_stats_enabled

# Each mode divided by "none" of the same round; the median of the rounds.  The raw lines are
# kept in the output, for a reader who doubts the medians.
sed 's/^/bench-guest: raw /' "$work/raw"
echo "bench-guest: results (TCG emulation: ratios only; kernel $(uname -r))"
printf 'bench-guest: %-12s %-26s %-26s %s\n' backend "getppid vs nothing" "bind cycle vs nothing" \
	"BPF ns per bind (emulated)"
for m in $modes; do
	[ "$m" = none ] && continue
	awk -v m="$m" '
		$2 == "none" { call[$1] = $3; cyc[$1] = $4 }
		$2 == m { n++; rd[n] = $1; mc_[n] = $3; my_[n] = $4; b[n] = $5 }
		function median(a, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return a[int((n + 1) / 2)]
		}
		function range(a, n) { return sprintf("%.2f-%.2f", a[1], a[n]) }
		END {
			for (i = 1; i <= n; i++) {
				c[i] = mc_[i] / call[rd[i]]
				y[i] = my_[i] / cyc[rd[i]]
			}
			mc = median(c, n); rc = range(c, n); my = median(y, n); ry = range(y, n)
			mb = median(b, n)
			printf "bench-guest: %-12s %-26s %-26s %d\n", m, sprintf("%.2fx (%s)", mc, rc),
				sprintf("%.2fx (%s)", my, ry), mb
			printf "BENCH-GUEST %s getppid_ratio=%.3f cycle_ratio=%.3f bpf_ns_per_bind=%d\n",
				m, mc, my, mb
		}' "$work/raw"
done
