# SPDX-License-Identifier: GPL-2.0
# Memory checking of the whole suite.
#   make SAN=1 ...      builds everything with AddressSanitizer + UBSan
#                       (the Makefile links with $(USER_CFLAGS) too)
#   make test-san       the whole suite (unit + integration) so built, in build-san/
#   make test-valgrind  memcheck over short real runs of the plain binary

ifeq ($(SAN),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
USER_CFLAGS += $(SAN_FLAGS)
# A leak, an error or undefined behaviour fails the binary that has it.
export ASAN_OPTIONS ?= detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
endif

# Objects do not record the flags they were built with: remember SAN in the
# output directory, so that switching it rebuilds instead of mixing.
SAN_STAMP := $(OUTPUT)/.san-flags
$(SAN_STAMP): san-stamp-check | $(OUTPUT)
	@:
.PHONY: san-stamp-check test-san test-valgrind
san-stamp-check: | $(OUTPUT)
	@echo 'SAN=$(SAN)' | cmp -s - $(SAN_STAMP) || echo 'SAN=$(SAN)' > $(SAN_STAMP)
$(LIB_OBJS) $(MAIN_OBJ) $(ITEST_LIB) $(UNIT_BINS) $(ITEST_BINS): $(SAN_STAMP)

# tests/run.sh judges a binary by its TAP lines, and a leak is reported
# after the last of them: every report also goes to a log, one per process
# (world-writable: some tests run bindguard as nobody), and
# tests/sanitize/check-logs.sh fails the run on any that concerns bindguard
# (its own selftest runs first: a judge that waves leaks through is no judge).
SAN_LOGS := $(abspath build-san)/sanitizer-logs
SAN_RUN_OPTIONS := halt_on_error=1:log_exe_name=1
test-san:
	$(Q)tests/sanitize/check-logs-selftest.sh
	$(Q)rm -rf $(SAN_LOGS) && mkdir -p $(SAN_LOGS) && chmod 1777 $(SAN_LOGS)
	$(Q)status=0; \
	ASAN_OPTIONS=$(SAN_RUN_OPTIONS):detect_leaks=1:fast_unwind_on_malloc=0:log_path=$(SAN_LOGS)/asan \
	UBSAN_OPTIONS=$(SAN_RUN_OPTIONS):print_stacktrace=1:log_path=$(SAN_LOGS)/ubsan \
		$(MAKE) --no-print-directory O=build-san SAN=1 test || status=$$?; \
	tests/sanitize/check-logs.sh $(SAN_LOGS) || status=1; \
	exit $$status

# Valgrind and the sanitizers do not mix: this checks the plain build.
VALGRIND ?= valgrind
test-valgrind: $(OUTPUT)/bindguard
	$(Q)VALGRIND=$(VALGRIND) BINDGUARD=$(BUILD_DIR)/bindguard tests/valgrind/run.sh
