#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boots a kernel and the test initramfs in QEMU, streams what /init and the tests print (second
# serial port) to stdout, keeps the kernel's console (first port) in a log shown only on failure,
# and exits with the status the guest's /init reports (BINDGUARD-KERNEL-TEST-EXIT=<code>).
# A boot that never reaches /init (an early-boot Oops under TCG) is retried once; it is never
# counted as a test result.
#
# Usage: run-vm.sh --kernel VMLINUZ --initrd INITRAMFS --log FILE [options]
#   --accel auto|kvm|tcg   auto (default): KVM when a probe boot under it works, else TCG
#   --timeout SECONDS      whole run (default 600 under TCG, 300 under KVM)
#   --boot-timeout SECONDS until /init says it is up (default 180 under TCG, 60 under KVM)
#   --mem SIZE             guest memory (default 1G)
#   --smp N                vCPUs (default 2)
#   --append "ARGS"        extra kernel command line
#   --qemu-args "ARGS"     extra QEMU arguments (make bench: -icount, so that guest time counts
#                          emulated instructions and host load does not skew the ratios)
# Exit status: the guest's, or 1 when the VM did not come up, timed out, or reported nothing.
set -eu

die() { echo "run-vm: $*" >&2; exit 1; }

MARKER=BINDGUARD-KERNEL-TEST
kernel=""
initrd=""
log=""
accel=auto
timeout=""
boot_timeout=""
mem=1G
smp=2
append=""
qemu_args=""

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=${2:?}; shift 2 ;;
	--initrd) initrd=${2:?}; shift 2 ;;
	--log) log=${2:?}; shift 2 ;;
	--accel) accel=${2:?}; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--boot-timeout) boot_timeout=$2; shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--qemu-args) qemu_args=$2; shift 2 ;;
	*) die "unknown argument $1 (see the usage at the top of $0)" ;;
	esac
done
if [ -z "$kernel" ] || [ -z "$initrd" ] || [ -z "$log" ]; then
	die "needs --kernel, --initrd and --log"
fi
[ -r "$kernel" ] || die "cannot read kernel $kernel (run tests/kernel/fetch-kernel.sh)"
[ -r "$initrd" ] || die "cannot read initramfs $initrd"
qemu=$(command -v qemu-system-x86_64) || die "qemu-system-x86_64 not found: run make deps"

now_ms() { date +%s%3N; }
seconds() { printf '%d.%01d' $(($1 / 1000)) $(($1 % 1000 / 100)); }

work=$(mktemp -d "${TMPDIR:-/tmp}/bindguard-vm.XXXXXX")
qemu_pid=""
qemu_status=0
streamer_pid=""
stop_vm() {
	[ -n "$qemu_pid" ] || return 0
	if kill -0 "$qemu_pid" 2>/dev/null; then
		kill -TERM "$qemu_pid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$qemu_pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL "$qemu_pid" 2>/dev/null || true
	fi
	qemu_status=0
	wait "$qemu_pid" 2>/dev/null || qemu_status=$?
	qemu_pid=""
}
cleanup() {
	stop_vm
	if [ -n "$streamer_pid" ]; then wait "$streamer_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# qboot (from qemu-system-data) boots -kernel straight away and prints nothing; SeaBIOS is slower
# and clears the terminal.
firmware=()
[ ! -r /usr/share/qemu/qboot.rom ] || firmware=(-bios /usr/share/qemu/qboot.rom)

# Starts QEMU in the background, the kernel console into $1 and /init's output into $2 (ttyS1);
# sets qemu_pid.
start_vm() {
	local console=$1 out=$2 cpu_accel=$3 cmdline=$4
	local accel_args extra_args
	read -r -a extra_args <<<"$qemu_args"
	if [ "$cpu_accel" = kvm ]; then
		accel_args=(-accel kvm -cpu host)
	else
		# One host thread runs both vCPUs in turn.  With multi-threaded TCG a
		# vCPU can run a stale translation of code the kernel just patched
		# (static keys, text_poke's int3): 6.12 guests died of "Oops: int3"
		# at boot and, once, while bindguard attached syscall tracepoints.
		accel_args=(-accel tcg,thread=single)
	fi
	"$qemu" "${accel_args[@]}" "${firmware[@]}" "${extra_args[@]}" -m "$mem" -smp "$smp" \
		-display none -no-reboot -nic none -monitor none \
		-serial "file:$console" -serial "file:$out" \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 $cmdline" \
		</dev/null >>"$console.qemu" 2>&1 &
	qemu_pid=$!
}

# Sets kvm_reason to why KVM cannot be used, or to nothing when it works.
check_kvm() {
	kvm_reason=""
	if [ ! -e /dev/kvm ]; then
		kvm_reason="no /dev/kvm"
	elif [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		kvm_reason="/dev/kvm is not read-writable for $(id -un)"
	elif ! grep -qw -e vmx -e svm /proc/cpuinfo; then
		kvm_reason="/dev/kvm exists but the CPU shows no vmx/svm flag (no nested virtualisation)"
	else
		# Nested KVM can open fine and still fail to emulate instructions the kernel uses.
		local probe_log="$work/kvm-probe.log" start=$SECONDS
		start_vm "$probe_log" "$probe_log.out" kvm "bindguard.probe=1"
		while kill -0 "$qemu_pid" 2>/dev/null && [ $((SECONDS - start)) -lt 60 ]; do
			# QEMU pauses, rather than exits, on a KVM internal error.
			! grep -q 'KVM internal error' "$probe_log.qemu" 2>/dev/null || break
			sleep 0.5
		done
		stop_vm
		if ! grep -q "$MARKER-EXIT=0" "$probe_log.out" 2>/dev/null; then
			kvm_reason="a probe boot under KVM failed: $(cat "$probe_log.qemu" "$probe_log" 2>/dev/null |
				grep -m1 -i -e 'KVM internal error' -e 'error' || echo "no /init within 60 s")"
		fi
	fi
}

case "$accel" in
auto)
	check_kvm
	if [ -z "$kvm_reason" ]; then
		accel=kvm
		echo "run-vm: accelerator: KVM (probe boot passed)"
	else
		accel=tcg
		echo "run-vm: accelerator: TCG software emulation; KVM not used: $kvm_reason"
	fi
	;;
kvm) echo "run-vm: accelerator: KVM (forced)" ;;
tcg) echo "run-vm: accelerator: TCG software emulation (forced)" ;;
*) die "--accel must be auto, kvm or tcg, not '$accel'" ;;
esac
if [ "$accel" = kvm ]; then
	: "${timeout:=300}" "${boot_timeout:=60}"
else
	: "${timeout:=600}" "${boot_timeout:=180}"
fi

mkdir -p "$(dirname "$log")"

# The kernel console of a failed run, for the reader of a CI log: only then.
show_console() {
	echo "run-vm: --- last 80 lines of the guest kernel console ($log) ---" >&2
	tail -n 80 "$log" | sed -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' >&2
	echo "run-vm: --- end of the guest kernel console ---" >&2
}

# One boot.  Sets booted (ms, or empty when /init never ran), failure and code.
boot_once() {
	local raw="$work/tests.raw" start elapsed
	: >"$raw"
	: >"$log"
	booted=""
	failure=""
	start=$(now_ms)
	start_vm "$log" "$raw" "$accel" "$append"
	# Serial output has CRLF line ends; drop the CRs and any terminal escapes on the way out.
	tail -n +1 -s 0.2 -f --pid="$qemu_pid" "$raw" |
		sed -u -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' &
	streamer_pid=$!
	while kill -0 "$qemu_pid" 2>/dev/null; do
		elapsed=$(($(now_ms) - start))
		if [ -z "$booted" ] && grep -q "$MARKER-BOOTED" "$raw"; then
			booted=$elapsed
		fi
		if grep -q 'KVM internal error' "$log.qemu" 2>/dev/null; then
			failure="KVM failed to run the guest (KVM internal error); try --accel tcg"
			break
		fi
		if [ -z "$booted" ] && [ "$elapsed" -ge $((boot_timeout * 1000)) ]; then
			failure="the guest did not reach /init within $boot_timeout s"
			break
		fi
		if [ "$elapsed" -ge $((timeout * 1000)) ]; then
			failure="the run did not finish within $timeout s"
			break
		fi
		sleep 0.2
	done
	stop_vm
	total=$(($(now_ms) - start))
	wait "$streamer_pid" 2>/dev/null || true
	streamer_pid=""
	code=$(grep -ao "$MARKER-EXIT=[0-9]*" "$raw" | tail -n 1 | cut -d= -f2) || true
	if [ -z "$booted" ] && grep -q "$MARKER-BOOTED" "$raw"; then booted=$total; fi
}

echo "run-vm: booting $(basename "$(realpath "$kernel")") with $(basename "$initrd"), $smp vCPUs, $mem;" \
	"timeouts: boot ${boot_timeout} s, total ${timeout} s; kernel console: $log (shown on failure)"
boot_once
if [ -z "$booted" ] && [ -z "$code" ]; then
	# Nothing of the tests ran: an early-boot crash (seen under TCG: an int3 Oops in
	# sched_clock_cpu on 6.12) is the emulator's or the kernel's, not bindguard's.
	why=$(grep -m1 -a -e 'Oops' -e 'Kernel panic' -e 'BUG:' "$log" | sed 's/\r//g') || true
	echo "run-vm: the guest never reached /init (${why:-${failure:-QEMU exited}}); not a test" \
		"result: booting once more"
	show_console
	boot_once
fi
kernel_ready=$(grep -a -m1 'Run /init as init process' "$log" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p') || true

boot_time=never
[ -z "$booted" ] || boot_time="$(seconds "$booted") s"
echo "run-vm: $accel: /init up after $boot_time (kernel clock at /init: ${kernel_ready:-n/a} s)," \
	"VM total $(seconds "$total") s"
if [ -n "$failure" ]; then
	show_console
	die "FAIL: $failure; the VM was stopped (console: $log)"
fi
if [ -z "$code" ] && [ -z "$booted" ]; then
	show_console
	die "FAIL: the guest never reached /init, in two boots: no test ran (console: $log)"
fi
if [ -z "$code" ]; then
	show_console
	die "FAIL: the guest stopped without reporting $MARKER-EXIT" \
		"(QEMU exit status $qemu_status; kernel panic or /init crash?; console: $log)"
fi
if [ "$code" -ne 0 ]; then
	show_console
	echo "run-vm: FAIL: the test command in the guest exited with status $code (console: $log)" >&2
	exit "$code"
fi
echo "run-vm: PASS: the test command in the guest exited with status 0"
