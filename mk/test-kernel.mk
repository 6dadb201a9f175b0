# SPDX-License-Identifier: GPL-2.0
# `make test-kernel`: runs the integration tests under Debian 12's 6.1 and 6.12 cloud kernels in
# QEMU, each time with the capture backend bindguard picks there (trampolines: fentry) and with
# tracepoints forced (issues 7, 12).  Included by the top-level Makefile.  Each kernel .deb is
# fetched into $(KERNEL_TEST_DIR)/<series> and unpacked there, never installed; the VM has no
# network but loopback.

BUILD_DIR ?= build
KERNEL_TEST_DIR ?= $(BUILD_DIR)/kernel
# The kernels, as series (6.1: what linux-image-cloud-amd64 depends on today; 6.12: the newest
# linux-image-6.12.*+deb12-cloud-amd64-unsigned) or package names.  KERNEL_TEST_PKG, when set,
# runs that one package instead.
KERNEL_TEST_PKG ?=
KERNEL_TEST_KERNELS ?= $(if $(KERNEL_TEST_PKG),$(KERNEL_TEST_PKG),6.1 6.12)
# Both configs have FUNCTION_TRACER and DYNAMIC_FTRACE_WITH_DIRECT_CALLS: trampolines expected.
KERNEL_TEST_EXPECT_BACKEND ?= fentry
# Under emulation the pinning tests fault only the steps where enforcement changes
# (itest_pinning.c); every step is faulted on the host.
KERNEL_TEST_CMD ?= BINDGUARD_TEST_FAULT_STEPS=changes \
	KERNEL_TEST_EXPECT_BACKEND=$(KERNEL_TEST_EXPECT_BACKEND) sh tests/kernel/backends.sh
# Copied to /bindguard/<name>; the test command runs there, as from the source tree.
KERNEL_TEST_FILES ?= $(BUILD_DIR) tests $(wildcard packaging)
# Host programs the guest gets besides busybox. sh: the host's /bin/sh (dash), because
# Debian's static busybox sh runs its own applets before PATH, so system("ip netns ...") would
# get busybox ip; bash runs tests/run.sh, which needs coreutils' timeout (--kill-after);
# the tests use iproute2's ip netns and util-linux's setpriv --reuid; the firewall tests load
# rulesets with nft, iptables-nft and iptables-legacy; the pinning tests inject
# faults with strace.
KERNEL_TEST_BINS ?= sh bash timeout ip setpriv nft iptables-nft iptables-legacy strace
# Host data copied to the same path: terminfo for `top` on a pty, iconv's UTF-16 module for
# .wslconfig files (both opened at run time, so ldd cannot find them).
KERNEL_TEST_GCONV := /usr/lib/x86_64-linux-gnu/gconv
# iptables' extensions (libxt_tcp.so ...) are dlopened too.
KERNEL_TEST_HOST_FILES ?= $(wildcard /lib/terminfo $(addprefix $(KERNEL_TEST_GCONV)/,\
	gconv-modules gconv-modules.d UTF-16.so UTF-32.so UTF-7.so) \
	/usr/lib/x86_64-linux-gnu/xtables)
# Modules, not built in, that sock_diag dumps and veth/dummy test links need.
KERNEL_TEST_MODULES ?= inet_diag tcp_diag udp_diag raw_diag veth dummy \
	nf_tables nft_ct nft_reject_inet nft_reject_ipv4 nft_reject_ipv6 nft_compat ipt_REJECT \
	ip_tables iptable_filter xt_tcpudp nft_chain_nat nft_nat nft_fib_ipv4 nft_fib_inet
# auto: KVM when a probe boot under it works, else TCG.
KERNEL_TEST_ACCEL ?= auto
# Per boot; empty: run-vm.sh's defaults (600 s TCG / 300 s KVM; boot 180 s / 60 s).  Two
# integration runs per boot under TCG, the pinning fault tests in the first, take about
# 6-12 minutes on 2 cores, more on a loaded machine.
KERNEL_TEST_TIMEOUT ?= 1500
KERNEL_TEST_BOOT_TIMEOUT ?=
KERNEL_TEST_MEM ?= 1G
KERNEL_TEST_SMP ?= 2
KERNEL_TEST_APPEND ?=
# Extra QEMU arguments (make bench's guest part: -icount).
KERNEL_TEST_QEMU_ARGS ?=
# What must be built before the guest gets a copy of $(BUILD_DIR).
KERNEL_TEST_PREREQS ?= tests-build

# Found from this file, so the fragment works whatever the current directory.
KERNEL_TEST_SCRIPTS := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))../tests/kernel)

ifeq ($(V),1)
KT_Q :=
else
KT_Q := @
endif

.PHONY: test-kernel kernel-deps

# Packages (qemu, busybox-static, cpio) and the unpacked kernels; no VM.
kernel-deps:
	$(KT_Q)$(KERNEL_TEST_SCRIPTS)/../../scripts/install-deps.sh
	$(KT_Q)for k in $(KERNEL_TEST_KERNELS); do \
		$(KERNEL_TEST_SCRIPTS)/fetch-kernel.sh $(KERNEL_TEST_DIR)/$$k $$k || exit 1; \
	done

# Every kernel runs even when an earlier one failed; the stage fails if any did, and ends with
# one "N passed, N failed, N skipped" over every suite of every kernel (scripts/check.sh reads it).
test-kernel: kernel-deps $(KERNEL_TEST_PREREQS)
	$(KT_Q)failed=""; logs=""; for k in $(KERNEL_TEST_KERNELS); do \
		dir=$(KERNEL_TEST_DIR)/$$k; logs="$$logs $$dir/run.log"; \
		echo "test-kernel: === kernel $$k ==="; \
		{ $(KERNEL_TEST_SCRIPTS)/mkinitramfs.sh -o $$dir/initramfs.cpio.gz \
			--build-dir $(BUILD_DIR) --command '$(KERNEL_TEST_CMD)' \
			--bins '$(KERNEL_TEST_BINS)' --host-files '$(KERNEL_TEST_HOST_FILES)' \
			--modules '$(KERNEL_TEST_MODULES)' \
			--modules-dir $$dir/modules --exclude $(KERNEL_TEST_DIR) \
			$(KERNEL_TEST_FILES) && \
		$(KERNEL_TEST_SCRIPTS)/run-vm.sh --kernel $$dir/vmlinuz \
			--initrd $$dir/initramfs.cpio.gz --log $$dir/console.log \
			--accel $(KERNEL_TEST_ACCEL) --mem $(KERNEL_TEST_MEM) --smp $(KERNEL_TEST_SMP) \
			$(if $(KERNEL_TEST_TIMEOUT),--timeout $(KERNEL_TEST_TIMEOUT)) \
			$(if $(KERNEL_TEST_BOOT_TIMEOUT),--boot-timeout $(KERNEL_TEST_BOOT_TIMEOUT)) \
			--append '$(KERNEL_TEST_APPEND)' --qemu-args '$(KERNEL_TEST_QEMU_ARGS)'; echo $$? >$$dir/run.rc; } 2>&1 | tee $$dir/run.log; \
		[ "$$(cat $$dir/run.rc)" = 0 ] || failed="$$failed $$k"; \
	done; \
	cat $$logs | tr -d '\r' | awk '/^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$$/ \
		{ p += $$1; f += $$3; s += $$5 } END { if (p + f + s) \
		printf "test-kernel: %d passed, %d failed, %d skipped\n", p, f, s }'; \
	if [ -n "$$failed" ]; then echo "test-kernel: FAIL on kernel(s):$$failed" >&2; exit 1; fi; \
	echo "test-kernel: PASS on $(KERNEL_TEST_KERNELS)"
