# SPDX-License-Identifier: GPL-2.0
# `make bench`: builds bindguard and the load generator, installs what only
# the benchmark needs (bpftrace, for comparison), runs bench/run.sh (root).
# Results: a table on stdout and $(OUTPUT)/bench/results.json.
# BENCH_ROUNDS=N (default 7) trades time for tighter ranges.

BENCH_DIR := $(OUTPUT)/bench
BENCH_BINS := $(BENCH_DIR)/bindload $(BENCH_DIR)/formatbench
BENCH_PACKAGES := bpftrace

.PHONY: bench bench-build bench-deps

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

bench: bench-build bench-deps
	$(Q)BINDGUARD=$(BUILD_DIR)/bindguard BINDLOAD=$(abspath $(BENCH_DIR))/bindload \
		FORMATBENCH=$(abspath $(BENCH_DIR))/formatbench \
		BENCH_DIR=$(abspath $(BENCH_DIR)) BPFTOOL="$(BPFTOOL)" bench/run.sh

-include $(wildcard $(BENCH_DIR)/*.d)
