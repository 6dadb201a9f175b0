#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bindguard's benchmark (`make bench`, root): per-bind overhead, the tax on
# unrelated syscalls, sustained throughput, start-up, latency and memory,
# bindguard against nothing attached and against bpftrace.  Comparisons are
# paired: every mode runs in every round, in rotating order, and is divided
# by the nothing-attached run of the same round.  Prints a table and writes
# $BENCH_DIR/results.json (raw samples in $BENCH_DIR/raw.tsv).
# Knobs (environment): BENCH_ROUNDS, BENCH_RUN_MS, BENCH_SUSTAIN_ROUNDS,
# BENCH_SUSTAIN_MS, BENCH_PROBE_ROUNDS, BENCH_MODES, BENCH_WORKLOADS,
# BENCH_EXTRA, BENCH_PORT_BASE, BENCH_QUIET_WAIT_MS, BENCH_FORMAT_EVENTS.
set -uo pipefail

BINDGUARD=${BINDGUARD:-build/bindguard}
BINDLOAD=${BINDLOAD:-build/bench/bindload}
FORMATBENCH=${FORMATBENCH:-build/bench/formatbench}
FORMAT_EVENTS=${BENCH_FORMAT_EVENTS:-2000000}
BENCH_DIR=${BENCH_DIR:-build/bench}
BPFTOOL=${BPFTOOL:-bpftool}
ROUNDS=${BENCH_ROUNDS:-7}	  # paired rounds of the per-bind comparison
RUN_MS=${BENCH_RUN_MS:-250}	  # one load run
SUSTAIN_ROUNDS=${BENCH_SUSTAIN_ROUNDS:-3}
SUSTAIN_MS=${BENCH_SUSTAIN_MS:-3000}
PROBE_ROUNDS=${BENCH_PROBE_ROUNDS:-5}
PORT_BASE=${BENCH_PORT_BASE:-31000} # fixed-port binds use PORT_BASE, PORT_BASE+1
QUIET_WAIT_MS=${BENCH_QUIET_WAIT_MS:-1000}

# floor: empty BPF programs on the syscall tracepoints `trace` uses on this
# kernel (the exits of bind and listen where it reads the arguments at exit,
# their entries too where it cannot), the least a design on them can cost.
# hooks: `trace --hooks`, cgroup hooks on the generator's cgroup instead of
# syscall tracepoints.
# fentry, tracepoint: `trace --backend ...`, each left out where the kernel lacks it (`trace`
# alone takes fentry where it can).
read -r -a MODES <<<"${BENCH_MODES:-none trace fentry json hooks enforce bpftrace floor}"
# BENCH_EXTRA="label=/path/to/bindguard ...": more `trace` modes, to compare
# builds (e.g. a changed wake-up constant) in the same paired rounds.
declare -A EXTRA=()
for kv in ${BENCH_EXTRA:-}; do
	EXTRA[${kv%%=*}]=${kv#*=}
	MODES+=("${kv%%=*}")
done
read -r -a WORKLOADS <<<"${BENCH_WORKLOADS:-tcp:0:1 tcp:0:2 tcp:fixed:1 tcp:fixed:2 udp:0:1 udp:0:2 udp:fixed:1 udp:fixed:2}"
# The highest rate the generator reaches (UDP is the cheapest bind).
SUSTAIN_WORKLOAD=udp:fixed:2

# What bpftrace users write for the same capture: pid, comm and address.
# shellcheck disable=SC2016 # bpftrace's $sa, not the shell's
BPFTRACE_PROG='tracepoint:syscalls:sys_enter_bind
{
	$sa = (struct sockaddr_in *)args->umyaddr;
	printf("%d %s %s %d\n", pid, comm, ntop($sa->sin_addr.s_addr), bswap($sa->sin_port));
}'
FLOOR_TRACEPOINTS="sys_exit_bind sys_exit_listen"
if ! "$BINDGUARD" trace --backend tracepoint -v -d 1 2>&1 >/dev/null | grep -q 'exit tracepoints only'; then
	FLOOR_TRACEPOINTS="sys_enter_bind sys_exit_bind sys_enter_listen sys_exit_listen"
fi
read -r -a FLOOR_TPS <<<"$FLOOR_TRACEPOINTS"
FLOOR_PROG="$(printf 'tracepoint:syscalls:%s,' "${FLOOR_TPS[@]}" | sed 's/,$//') { }"

CGROUP=""
WORK=""
TRACER_PID=""
RAW=""
declare -A STARTED=() # tracers running: pid -> mode
STATS_WAS=""

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

cleanup() {
	local rc=$? pid
	trap - EXIT INT TERM
	for pid in "${!STARTED[@]}"; do
		kill -0 "$pid" 2>/dev/null || continue
		kill -INT "$pid" 2>/dev/null
		sleep 0.5
		kill -KILL "$pid" 2>/dev/null
	done
	if [ -n "$CGROUP" ] && [ -d "$CGROUP" ]; then
		if [ -w "$CGROUP/cgroup.kill" ]; then
			echo 1 >"$CGROUP/cgroup.kill" 2>/dev/null
		else
			while read -r pid; do kill -KILL "$pid" 2>/dev/null; done <"$CGROUP/cgroup.procs"
		fi
		for _ in $(seq 50); do
			[ -s "$CGROUP/cgroup.procs" ] || break
			sleep 0.1
		done
		rmdir "$CGROUP" 2>/dev/null || say "warning: could not remove $CGROUP"
	fi
	[ -n "$STATS_WAS" ] && sysctl -qw kernel.bpf_stats_enabled="$STATS_WAS"
	[ -n "$WORK" ] && rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# raw SECTION ROUND MODE WORKLOAD KEY VALUE
raw() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RAW"; }

# Records every key=value of a bindload result line.
raw_kv() {
	local section=$1 round=$2 mode=$3 workload=$4 line=$5 kv
	for kv in $line; do
		raw "$section" "$round" "$mode" "$workload" "${kv%%=*}" "${kv#*=}"
	done
}

# Programs attached to tracepoints by processes other than $1: another tracer
# taxes every syscall and spoils a measurement.  -1 if bpftool cannot tell.
foreign_tracers() {
	local json
	json=$("$BPFTOOL" -j perf show 2>/dev/null) || { echo -1; return; }
	printf '%s' "$json" | grep -o '"pid":[0-9]*' | grep -cv "^\"pid\":${1:-0}\$"
}

attached_by() {
	"$BPFTOOL" -j perf show 2>/dev/null | grep -o '"pid":[0-9]*' | grep -c "^\"pid\":$1\$"
}

wait_for_quiet() {
	local deadline=$(($(now_ms) + QUIET_WAIT_MS))
	while [ "$(foreign_tracers)" -gt 0 ] && [ "$(now_ms)" -lt "$deadline" ]; do
		sleep 0.1
	done
}

# CPU time of a process so far, in ms: schedstat's nanoseconds (the tracer
# is one thread), else user + system of all threads in clock ticks.
cpu_ms() {
	if [ -r "/proc/$1/schedstat" ]; then
		awk '{ printf "%.3f\n", $1 / 1e6 }' "/proc/$1/schedstat" 2>/dev/null
		return
	fi
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) * 1000 / hz }' \
		"/proc/$1/stat" 2>/dev/null
}

# How busy the machine is without us: % of all CPUs over one second.
background_load() {
	local a b
	a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
	sleep 1
	b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
	echo "$a $b" | awk '{ busy = $3 - $1; idle = $4 - $2; printf "%.0f", 100 * busy / (busy + idle) }'
}

status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }

# start_tracer MODE OUT ERR: TRACER_PID is set; "none" starts nothing.
start_tracer() {
	local mode=$1 out=$2 err=$3
	TRACER_PID=""
	case "$mode" in
	none) return 0 ;;
	trace) "$BINDGUARD" trace -o "$out" 2>"$err" & ;;
	fentry | tracepoint) "$BINDGUARD" trace --backend "$mode" -o "$out" 2>"$err" & ;;
	json) "$BINDGUARD" trace --json -o "$out" 2>"$err" & ;;
	hooks) "$BINDGUARD" trace --hooks --cgroup "$CGROUP" -o "$out" 2>"$err" & ;;
	enforce) "$BINDGUARD" enforce --mode rewrite --cgroup "$CGROUP" -o "$out" 2>"$err" & ;;
	bpftrace) bpftrace -o "$out" -e "$BPFTRACE_PROG" >>"$err" 2>&1 & ;;
	floor) bpftrace -o "$out" -e "$FLOOR_PROG" >>"$err" 2>&1 & ;;
	*) "${EXTRA[$mode]}" trace -o "$out" 2>"$err" & ;;
	esac
	TRACER_PID=$!
	STARTED[$TRACER_PID]=$mode
	if [ "$mode" = floor ]; then # prints nothing: wait for its links
		for _ in $(seq 200); do
			[ "$(attached_by "$TRACER_PID")" -ge "${#FLOOR_TPS[@]}" ] && return 0
			sleep 0.05
		done
		cat "$err" >&2
		die "$mode did not start"
	fi
	# A bind in the generator's cgroup shows up in the output: all attached.
	if ! "$BINDLOAD" await --file "$out" --cgroup "$CGROUP" --port $((PORT_BASE + 99)) \
		--timeout-ms 20000 >/dev/null; then
		cat "$err" >&2
		die "$mode did not start"
	fi
}

stop_tracer() {
	local pid=$TRACER_PID
	[ -n "$pid" ] || return 0
	kill -INT "$pid" 2>/dev/null
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null &&
		say "warning: tracer $pid (${STARTED[$pid]:-?}) did not stop within 10 s of SIGINT: killed"
	wait "$pid" 2>/dev/null
	unset "STARTED[$pid]"
	TRACER_PID=""
}

# Lines per pid in a tracer's output: "pid count".
count_events() {
	local mode=$1 out=$2
	case "$mode" in
	bpftrace) awk '$1 ~ /^[0-9]+$/ { n[$1]++ } END { for (p in n) print p, n[p] }' "$out" ;;
	json) awk -F'"pid":' 'NF > 1 { split($2, a, ","); n[a[1]]++ }
		END { for (p in n) print p, n[p] }' "$out" ;;
	*) awk 'NR > 1 { n[$2]++ } END { for (p in n) print p, n[p] }' "$out" ;;
	esac
}

# Events the tracer itself says it lost.
reported_drops() {
	local mode=$1 out=$2 err=$3
	case "$mode" in
	none) echo 0 ;;
	bpftrace) cat "$out" "$err" | awk '/Lost [0-9]+ events/ {
			for (i = 1; i < NF; i++) if ($i == "Lost") n += $(i + 1) } END { print n + 0 }' ;;
	*) sed -n 's/.* \([0-9][0-9]*\) dropped.*/\1/p' "$err" | tail -n 1 | grep . || echo -1 ;;
	esac
}

cycle_args() {
	local proto port threads
	IFS=: read -r proto port threads <<<"$1"
	[ "$port" = fixed ] && port=$PORT_BASE
	echo "--proto $proto --port $port --threads $threads"
}

# session SECTION ROUND MODE MS WORKLOAD... [syscall] [uring]: one tracer, the loads
# under it, its memory, then its events counted per generator pid.
session() {
	local section=$1 round=$2 mode=$3 ms=$4
	shift 4
	local out="$WORK/$mode.out" err="$WORK/$mode.err" w line pid foreign
	local -A pids=()
	rm -f "$out" "$err"
	: >"$out"
	wait_for_quiet
	start_tracer "$mode" "$out" "$err"
	# start-up (BTF, loading) is not part of the cost per event
	[ -n "$TRACER_PID" ] && raw "$section" "$round" "$mode" - cpu_ready_ms "$(cpu_ms "$TRACER_PID")"
	foreign=$(foreign_tracers "$TRACER_PID")
	for w in "$@"; do
		if [ "$w" = syscall ] || [ "$w" = uring ]; then
			line=$("$BINDLOAD" "$w" --duration-ms "$ms" --cgroup "$CGROUP") ||
				die "$w loop failed"
		else
			# shellcheck disable=SC2046
			line=$("$BINDLOAD" cycle $(cycle_args "$w") --duration-ms "$ms" \
				--cgroup "$CGROUP") || die "load generator failed ($w)"
			pid=${line#pid=}
			pid=${pid%% *}
			pids[$pid]=$w
		fi
		raw_kv "$section" "$round" "$mode" "$w" "$line"
	done
	[ "$(foreign_tracers "$TRACER_PID")" -gt "$foreign" ] && foreign=$(foreign_tracers "$TRACER_PID")
	raw "$section" "$round" "$mode" - foreign_tracers "$foreign"
	if [ -n "$TRACER_PID" ]; then
		raw "$section" "$round" "$mode" - rss_kb "$(status_kb "$TRACER_PID" VmRSS)"
		raw "$section" "$round" "$mode" - hwm_kb "$(status_kb "$TRACER_PID" VmHWM)"
		raw "$section" "$round" "$mode" - cpu_ms "$(cpu_ms "$TRACER_PID")"
	fi
	stop_tracer
	[ "$mode" = none ] || [ "$mode" = floor ] && return 0
	raw "$section" "$round" "$mode" - drops "$(reported_drops "$mode" "$out" "$err")"
	local -A counted=()
	while read -r pid n; do
		[ -n "${pids[$pid]:-}" ] && counted[$pid]=$n
	done < <(count_events "$mode" "$out")
	for pid in "${!pids[@]}"; do
		raw "$section" "$round" "$mode" "${pids[$pid]}" events "${counted[$pid]:-0}"
	done
	rm -f "$out"
}

# --- preflight -------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || die "run as root (BPF, cgroups)"
[ -x "$BINDGUARD" ] || die "$BINDGUARD not built"
[ -x "$BINDLOAD" ] || die "$BINDLOAD not built"
if ! command -v bpftrace >/dev/null; then
	say "bpftrace not found: its columns are skipped (make bench installs it)"
	read -r -a MODES <<<"${MODES[*]/bpftrace/}"
	read -r -a MODES <<<"${MODES[*]/floor/}"
fi
"$BPFTOOL" version >/dev/null 2>&1 || say "no working bpftool: other tracers cannot be detected"
for backend in fentry tracepoint; do
	[[ " ${MODES[*]} " == *" $backend "* ]] || continue
	if ! "$BINDGUARD" trace --backend "$backend" -d 1 >/dev/null 2>"$BENCH_DIR.probe"; then
		say "mode $backend left out: $(head -n 1 "$BENCH_DIR.probe")"
		read -r -a MODES <<<"${MODES[*]/$backend/}"
	fi
	rm -f "$BENCH_DIR.probe"
done
# bpftrace needs tracefs; bindguard mounts it itself.
if [ ! -e /sys/kernel/tracing/events ] && [ ! -e /sys/kernel/debug/tracing/events ]; then
	mount -t tracefs tracefs /sys/kernel/tracing || die "cannot mount tracefs"
fi
CGROUP_ROOT=$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGROUP_ROOT" ] || die "no cgroup v2 mount in /proc/self/mountinfo"

mkdir -p "$BENCH_DIR" || die "cannot create $BENCH_DIR"
WORK=$(mktemp -d "$BENCH_DIR/work.XXXXXX") || die "cannot create a work directory"
CGROUP="$CGROUP_ROOT/bindguard-bench.$$"
mkdir "$CGROUP" || die "cannot create cgroup $CGROUP"
RAW="$BENCH_DIR/raw.tsv"
: >"$RAW"
start=$(now_ms)

raw meta 0 - - kernel "$(uname -r)"
raw meta 0 - - cpus "$(nproc)"
raw meta 0 - - cpu_model "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
raw meta 0 - - bindguard "$("$BINDGUARD" --version 2>/dev/null)"
raw meta 0 - - bpftrace "$(bpftrace --version 2>/dev/null || echo none)"
raw meta 0 - - trace_backend "$("$BINDGUARD" trace -d 1 2>&1 >/dev/null | sed -n 's/.*, backend \([a-z]*\).*/\1/p' | tail -n 1)"
raw meta 0 - - floor_tracepoints "$FLOOR_TRACEPOINTS"
raw meta 0 - - rounds "$ROUNDS"
raw meta 0 - - run_ms "$RUN_MS"
raw meta 0 - - sustain_ms "$SUSTAIN_MS"
raw meta 0 - - cgroup "$CGROUP"
raw meta 0 - - load_before "$(background_load)"

# --- 1+2: per-bind cost and the tax on other syscalls, paired rounds -------
say "per-bind cost: $ROUNDS rounds of ${MODES[*]}, ${#WORKLOADS[@]} loads of $RUN_MS ms each"
for ((r = 1; r <= ROUNDS; r++)); do
	for ((i = 0; i < ${#MODES[@]}; i++)); do
		mode=${MODES[$(((i + r) % ${#MODES[@]}))]}
		session cycle "$r" "$mode" "$RUN_MS" "${WORKLOADS[@]}" syscall uring
	done
	say "  round $r/$ROUNDS done ($((($(now_ms) - start) / 1000)) s)"
done

# --- in-kernel cost: BPF run time per bind (kernel.bpf_stats_enabled) ------
# Immune to other load on the machine, unlike the timings above; the stats
# themselves cost a little, so they are only on for this.
# The BPF run time of every program a tracer holds, from its fds' fdinfo: tracepoints,
# trampolines and cgroup hooks alike.
bpf_run_ns() {
	cat /proc/"$1"/fdinfo/* 2>/dev/null | awk '$1 == "run_time_ns:" { n += $2 } END { print n + 0 }'
}
if [ -w /proc/sys/kernel/bpf_stats_enabled ]; then
	say "in-kernel cost: BPF run time per bind"
	STATS_WAS=$(sysctl -n kernel.bpf_stats_enabled)
	for mode in "${MODES[@]}"; do
		[ "$mode" = none ] || [ "$mode" = json ] && continue # json: trace's programs
		out="$WORK/$mode.out" err="$WORK/$mode.err"
		rm -f "$out" "$err"
		: >"$out"
		start_tracer "$mode" "$out" "$err"
		sysctl -qw kernel.bpf_stats_enabled=1
		before=$(bpf_run_ns "$TRACER_PID")
		line=$("$BINDLOAD" cycle --proto tcp --port 0 --duration-ms "$RUN_MS" --cgroup "$CGROUP")
		after=$(bpf_run_ns "$TRACER_PID")
		sysctl -qw kernel.bpf_stats_enabled="$STATS_WAS"
		binds=$(echo "$line" | grep -o 'binds=[0-9]*' | cut -d= -f2)
		raw stats 1 "$mode" tcp:0:1 bpf_ns_per_bind $(((after - before) / binds))
		stop_tracer
	done
	STATS_WAS=""
fi

# --- 3: sustained maximum rate under trace ---------------------------------
say "throughput: $SUSTAIN_ROUNDS rounds of $SUSTAIN_MS ms at full speed ($SUSTAIN_WORKLOAD)"
for ((r = 1; r <= SUSTAIN_ROUNDS; r++)); do
	for mode in none trace json; do
		session sustain "$r" "$mode" "$SUSTAIN_MS" "$SUSTAIN_WORKLOAD"
	done
done

# --- the tracer's userspace alone: bench/formatbench.c ---------------------
# Filtering, counting, formatting and writing events without the kernel, in
# CPU time: what the tracer spends per event in its own code.
if [ -x "$FORMATBENCH" ]; then
	say "formatting: $FORMAT_EVENTS events per output mode"
	for mode in table json; do
		line=$("$FORMATBENCH" "$FORMAT_EVENTS" "$mode") || die "formatbench failed"
		raw_kv format 1 "$mode" - "$line"
	done
fi

# --- 4+5: start-up, latency at a low rate, memory --------------------------
say "start-up and latency: $PROBE_ROUNDS rounds"
for ((r = 1; r <= PROBE_ROUNDS; r++)); do
	wait_for_quiet
	line=$("$BINDLOAD" probe --ready "tracing started" --ready-on stderr --binds 20 \
		--port $((PORT_BASE + 100)) -- "$BINDGUARD" trace) ||
		say "warning: bindguard probe incomplete: $line"
	raw_kv probe "$r" trace - "$line"
	if command -v bpftrace >/dev/null; then
		line=$("$BINDLOAD" probe --ready "Attaching" --ready-on stdout --binds 20 \
			--port $((PORT_BASE + 200)) -- bpftrace -e "$BPFTRACE_PROG") ||
			say "warning: bpftrace probe incomplete: $line"
		raw_kv probe "$r" bpftrace - "$line"
	fi
done
raw meta 0 - - load_after "$(background_load)"
raw meta 0 - - seconds $((($(now_ms) - start) / 1000))

python3 -B "$(dirname "$0")/report.py" "$RAW" "$BENCH_DIR/results.json" &&
	python3 -B "$(dirname "$0")/markdown.py" "$BENCH_DIR/results.json" >"$BENCH_DIR/results.md" &&
	say "the same as Markdown, for the README: $BENCH_DIR/results.md"
