# SPDX-License-Identifier: GPL-2.0
# libFuzzer targets for every parser that sees outside input (tests/fuzz/).
# `make fuzz` builds them into $(OUTPUT)/fuzz/ and runs each for FUZZ_SECONDS
# on a fresh copy of its committed corpus (tests/fuzz/corpus/TARGET/); any
# crash fails the run and leaves its input in $(OUTPUT)/fuzz/artifacts/.
# `make fuzz-smoke` is the same for 10 seconds each (CI).  Needs clang and
# the fuzzer/sanitizer runtimes (Debian: libclang-rt-14-dev).
# Reproduce a crash: $(OUTPUT)/fuzz/fuzz_X $(OUTPUT)/fuzz/artifacts/fuzz_X-crash-...

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 4096
FUZZ_ARGS ?=
FUZZ_OUT := $(OUTPUT)/fuzz
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -g -O1 -std=gnu11 -Wall -Wextra -Wno-missing-field-initializers -D_GNU_SOURCE \
	-Iinclude -Iuser -I$(OUTPUT) $(shell $(PKG_CONFIG) --cflags inih json-c 2>/dev/null) \
	$(FUZZ_SANITIZE)
FUZZ_LDLIBS := $(shell $(PKG_CONFIG) --libs inih json-c libmnl 2>/dev/null || echo -linih -ljson-c -lmnl)

# Each target and the pure modules (user/DIR/NAME.c) it links: a new target
# tests/fuzz/fuzz_X.c needs its FUZZ_MODULES_fuzz_X line here.
FUZZ_MODULES_fuzz_addr := lib/addr
FUZZ_MODULES_fuzz_cli := lib/cli_parse lib/cli_options lib/report commands/trace_options commands/stream_options \
	capture/backend_names
FUZZ_MODULES_fuzz_firewall := firewall/fw_ruleset firewall/fw_match firewall/fw_eval lib/json_read \
	firewall/fw_dnat lib/array
FUZZ_MODULES_fuzz_event := capture/event_format lib/addr lib/decimal lib/errno_name lib/json lib/strbuf
FUZZ_MODULES_fuzz_json := lib/json lib/decimal lib/strbuf
FUZZ_MODULES_fuzz_policy := enforcement/policy lib/addr lib/cli_parse lib/safe_files lib/cgroups \
	lib/mounts lib/report
FUZZ_MODULES_fuzz_wslconfig := wsl/wslconfig wsl/wsl_detect lib/cli_parse
FUZZ_MODULES_fuzz_containers := containers/runtimes containers/podman_files containers/runtime_defaults \
	lib/json_read lib/array lib/file_read lib/safe_files
FUZZ_MODULES_fuzz_windows := wsl/windows_query wsl/windows_advice wsl/wsl_host lib/file_read lib/safe_files \
	lib/netlink_dump lib/strbuf wsl/wsl_detect wsl/wslconfig lib/cli_parse
# trace_options_parse explains bad options on stderr: keep the log readable
# (libFuzzer and the sanitizers still report on the original stderr).
FUZZ_ARGS_fuzz_cli := -close_fd_mask=3

FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(addprefix $(FUZZ_OUT)/,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz-smoke fuzz-build $(addprefix fuzz-run-,$(FUZZ_TARGETS))

fuzz-build: $(FUZZ_BINS)

# Every target runs even when one fails, so that one run shows every crash.
fuzz: fuzz-build
	$(Q)passed=0 failed=0; \
	for t in $(FUZZ_TARGETS); do \
		if $(MAKE) --no-print-directory fuzz-run-$$t; then passed=$$((passed + 1)); \
		else failed=$$((failed + 1)); fi; \
	done; \
	echo "fuzz: $$passed passed, $$failed failed"; \
	[ $$failed -eq 0 ]

fuzz-smoke:
	$(Q)$(MAKE) --no-print-directory FUZZ_SECONDS=10 fuzz

$(FUZZ_OUT)/obj:
	$(Q)mkdir -p $@

# Modules and targets are built with coverage but without the fuzzer's
# main(), which comes in at the link.
$(FUZZ_OUT)/obj/%.o: user/%.c | $(FUZZ_OUT)/obj
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_OUT)/obj/fuzz_%.o: tests/fuzz/fuzz_%.c | $(FUZZ_OUT)/obj
	$(call msg,FUZZ-CC,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(foreach t,$(FUZZ_TARGETS),$(eval $(FUZZ_OUT)/$(t): $(patsubst %,$(FUZZ_OUT)/obj/%.o,$(FUZZ_MODULES_$(t)))))
$(FUZZ_BINS): $(FUZZ_OUT)/%: $(FUZZ_OUT)/obj/%.o
	$(call msg,FUZZ-LD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ $(FUZZ_LDLIBS) -o $@

# The committed corpus stays as it is: libFuzzer adds to a copy.
$(addprefix fuzz-run-,$(FUZZ_TARGETS)): fuzz-run-%: $(FUZZ_OUT)/%
	$(call msg,FUZZ,$* for $(FUZZ_SECONDS)s)
	$(Q)rm -rf $(FUZZ_OUT)/corpus/$* && mkdir -p $(FUZZ_OUT)/corpus/$* $(FUZZ_OUT)/artifacts
	$(Q)if [ -d tests/fuzz/corpus/$* ]; then cp -R tests/fuzz/corpus/$*/. $(FUZZ_OUT)/corpus/$*/; fi
	$(Q)if $(FUZZ_OUT)/$* -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(FUZZ_OUT)/artifacts/$*- \
		$(FUZZ_ARGS_$*) $(FUZZ_ARGS) $(FUZZ_OUT)/corpus/$* >$(FUZZ_OUT)/$*.log 2>&1; then \
		sed -n 's/^#\([0-9]*\)[[:space:]]*DONE[[:space:]]*/           \1 runs, /p' $(FUZZ_OUT)/$*.log; \
	else \
		tail -n 80 $(FUZZ_OUT)/$*.log; \
		echo "fuzz: $* failed; input in $(FUZZ_OUT)/artifacts/, log in $(FUZZ_OUT)/$*.log" >&2; \
		exit 1; \
	fi

-include $(wildcard $(FUZZ_OUT)/obj/*.d $(FUZZ_OUT)/obj/*/*.d)

.SECONDARY: $(patsubst %,$(FUZZ_OUT)/obj/%.o,$(FUZZ_TARGETS))
