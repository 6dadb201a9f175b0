# SPDX-License-Identifier: GPL-2.0
# `make bench`: builds bindguard and the load generator, installs what only
# the benchmark needs (bpftrace, for comparison), runs bench/run.sh (root).
# Results: a table on stdout and $(OUTPUT)/bench/results.json.
# BENCH_ROUNDS=N (default 7) trades time for tighter ranges.
# Then the guest part: bench/guest.sh in QEMU on each kernel of `make test-kernel` (TCG
# emulation: ratios only), for the backends this machine's kernel lacks (trampolines here);
# into $(OUTPUT)/bench/guest.txt, which the report reads.  BENCH_GUEST=0 skips it.

BENCH_DIR := $(OUTPUT)/bench
BENCH_BINS := $(BENCH_DIR)/bindload $(BENCH_DIR)/formatbench
BENCH_PACKAGES := bpftrace

BENCH_GUEST ?= 1
BENCH_GUEST_KERNELS ?= 6.1 6.12
# Guest time counts emulated instructions (1 ns each): the other load on a shared host then
# slows the run down but does not change what the guest measures.
# One vCPU: with -icount QEMU runs every vCPU on one host thread, and two hang in SMP bring-up.
BENCH_GUEST_QEMU_ARGS ?= -icount shift=0,sleep=off
BENCH_GUEST_SMP ?= 1

.PHONY: bench bench-build bench-deps bench-guest bench-ab

$(BENCH_DIR):
	$(Q)mkdir -p $@

# The generator reuses the project's one strict number parser.
$(BENCH_DIR)/%: bench/%.c $(OUTPUT)/user/lib/cli_parse.o | $(BENCH_DIR)
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -MMD -MP $< $(OUTPUT)/user/lib/cli_parse.o -lpthread -o $@

# The formatter's micro-benchmark drives the real event stream code.
$(BENCH_DIR)/formatbench: bench/formatbench.c $(LIB_OBJS) | $(BENCH_DIR)
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -MMD -MP $< $(LIB_OBJS) $(USER_LDLIBS) -o $@

bench-build: $(OUTPUT)/bindguard $(BENCH_BINS)

# Idempotent: asks apt only when a package is missing.
bench-deps:
	$(Q)missing=; for p in $(BENCH_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
			missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "bench: installing:$$missing"; \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The guest's stdout is kept (guest.txt) and shown; the status is QEMU's run's.
bench-guest: bench-build
	$(Q)rm -f $(BENCH_DIR)/guest.txt; \
	{ $(MAKE) --no-print-directory test-kernel KERNEL_TEST_KERNELS='$(BENCH_GUEST_KERNELS)' \
		KERNEL_TEST_CMD='sh bench/guest.sh' KERNEL_TEST_PREREQS=bench-build \
		KERNEL_TEST_FILES='$(BUILD_DIR) tests bench' \
		KERNEL_TEST_QEMU_ARGS='$(BENCH_GUEST_QEMU_ARGS)' KERNEL_TEST_SMP=$(BENCH_GUEST_SMP) 2>&1; \
		echo $$? >$(BENCH_DIR)/guest.rc; } | tee $(BENCH_DIR)/guest.txt; \
	exit $$(cat $(BENCH_DIR)/guest.rc)

bench: bench-build bench-deps $(if $(filter 1,$(BENCH_GUEST)),bench-guest)
	$(Q)BINDGUARD=$(BUILD_DIR)/bindguard BINDLOAD=$(abspath $(BENCH_DIR))/bindload \
		FORMATBENCH=$(abspath $(BENCH_DIR))/formatbench \
		BENCH_DIR=$(abspath $(BENCH_DIR)) BPFTOOL="$(BPFTOOL)" bench/run.sh

-include $(wildcard $(BENCH_DIR)/*.d)

# `make bench-ab BENCH_AB="old=/path/to/bindguard new=build/bindguard"`: the builds compared in
# the guest (bench/guest-ab.sh), deterministic under -icount, for changes to the BPF programs
# too small to see on a shared host.  One kernel (BENCH_AB_KERNEL), single vCPU.
BENCH_AB ?= current=$(OUTPUT)/bindguard
BENCH_AB_KERNEL ?= 6.12
BENCH_AB_ROUNDS ?= 3
bench-ab: bench-build
	$(Q)rm -rf $(BENCH_DIR)/ab && mkdir -p $(BENCH_DIR)/ab && \
	for kv in $(BENCH_AB); do cp "$${kv#*=}" "$(BENCH_DIR)/ab/$${kv%%=*}" || exit 1; done
	$(Q)$(MAKE) --no-print-directory test-kernel KERNEL_TEST_KERNELS='$(BENCH_AB_KERNEL)' \
		KERNEL_TEST_CMD='BENCH_AB_ROUNDS=$(BENCH_AB_ROUNDS) sh bench/guest-ab.sh' KERNEL_TEST_PREREQS=bench-build \
		KERNEL_TEST_FILES='$(BUILD_DIR) tests bench' \
		KERNEL_TEST_QEMU_ARGS='$(BENCH_GUEST_QEMU_ARGS)' KERNEL_TEST_SMP=$(BENCH_GUEST_SMP) 2>&1 | \
		grep -e '^bench-ab:' -e 'FAIL' -e 'test-kernel:'
