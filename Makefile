# SPDX-License-Identifier: GPL-2.0
# bindguard: BPF objects -> skeletons -> the bindguard binary, plus tests.
# `make V=1` shows full commands; `make O=dir` builds out of tree.

OUTPUT ?= $(if $(O),$(O),build)
BUILD_DIR := $(abspath $(OUTPUT))
CLANG ?= clang
CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
VERSION := 0.1.0

ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' -e 's/ppc64le/powerpc/' \
	-e 's/riscv64/riscv/' -e 's/s390x/s390/' -e 's/loongarch64/loongarch/')

# A working bpftool: the one given, else the first that runs.  On Ubuntu
# (and Ubuntu on WSL) /usr/sbin/bpftool is a wrapper that fails for kernels
# without a matching linux-tools package; the versioned binaries work.
BPFTOOL ?= $(firstword $(foreach b,$(shell command -v bpftool 2>/dev/null) /usr/sbin/bpftool \
	$(wildcard /usr/lib/linux-tools/*/bpftool) $(wildcard /usr/lib/linux-tools-*/bpftool),\
	$(if $(shell $(b) version >/dev/null 2>&1 && echo ok),$(b))))

LIBS_PC := libbpf libelf zlib inih libmnl libcap-ng ncursesw libnftables json-c
# -fvisibility=hidden: nothing of ours enters the dynamic symbol table, so
# libnftables' jansson gets its own json_string()/json_null(), not lib/json's.
USER_CFLAGS := -g -O2 -std=gnu11 -fvisibility=hidden -Wall -Wextra -Werror -Wshadow \
	-Wno-missing-field-initializers \
	-D_GNU_SOURCE -DBINDGUARD_VERSION='"$(VERSION)"' \
	-Iinclude -Iuser -I$(OUTPUT) $(shell $(PKG_CONFIG) --cflags $(LIBS_PC) 2>/dev/null) $(EXTRA_CFLAGS)
USER_LDLIBS := $(shell $(PKG_CONFIG) --libs $(LIBS_PC) 2>/dev/null || echo -lbpf -lelf -lz -linih -lmnl -lcap-ng -lncursesw -lnftables -ljson-c) $(EXTRA_LDFLAGS)
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror -Ivmlinux -Iinclude -Ibpf

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(OUTPUT)/%.bpf.o,$(BPF_SRCS))
SKELS := $(patsubst bpf/%.bpf.c,$(OUTPUT)/%.skel.h,$(BPF_SRCS))

# Every module but main.c goes into the tests too, so a unit test can
# call any pure function (classification, policy, formatting) directly.
# user/ holds main.c and one folder per subsystem (README: Layout).
LIB_OBJS := $(patsubst user/%.c,$(OUTPUT)/user/%.o,$(wildcard user/*/*.c))
MAIN_OBJ := $(OUTPUT)/user/main.o

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUTPUT)/tests/%,$(UNIT_SRCS))
ITEST_SRCS := $(wildcard tests/integration/itest_*.c)
ITEST_BINS := $(patsubst tests/integration/%.c,$(OUTPUT)/tests/%,$(ITEST_SRCS))
ITEST_LIB := $(patsubst %.c,$(OUTPUT)/%.o,$(wildcard tests/integration/lib/*.c))
TEST_LDLIBS := -lcmocka $(shell $(PKG_CONFIG) --libs json-c 2>/dev/null || echo -ljson-c)

.DELETE_ON_ERROR:
.SECONDARY: $(BPF_OBJS) $(SKELS) $(ITEST_LIB)
.PHONY: all clean deps run check test test-unit test-integration tests-build vmlinux check-bpftool format-check

all: $(OUTPUT)/bindguard

deps:
	$(Q)./scripts/install-deps.sh

# README's two commands.  They recurse so that pkg-config and the bpftool
# search run again after `deps` installed what was missing.  check runs
# every test stage (scripts/check.sh) and ends with the total.
run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(OUTPUT)/bindguard trace

check: deps
	$(Q)MAKE="$(MAKE)" ./scripts/check.sh

check-bpftool:
	@test -n "$(BPFTOOL)" || { echo "no working bpftool found: install bpftool (Debian) or linux-tools (Ubuntu), or pass BPFTOOL=/path/to/bpftool" >&2; exit 2; }

$(OUTPUT) $(OUTPUT)/tests $(OUTPUT)/tests/integration/lib:
	$(Q)mkdir -p $@

$(OUTPUT)/%.bpf.o: bpf/%.bpf.c | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/%.skel.h: $(OUTPUT)/%.bpf.o | check-bpftool
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $*_bpf > $@

$(OUTPUT)/user/%.o: user/%.c | $(SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/bindguard: $(MAIN_OBJ) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(USER_CFLAGS) $^ $(USER_LDLIBS) -o $@

$(OUTPUT)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -MMD -MP $< $(LIB_OBJS) $(USER_LDLIBS) $(TEST_LDLIBS) -o $@

$(OUTPUT)/tests/integration/lib/%.o: tests/integration/lib/%.c | $(OUTPUT)/tests/integration/lib
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -Itests/integration/lib -MMD -MP -c $< -o $@

$(OUTPUT)/tests/itest_%: tests/integration/itest_%.c $(ITEST_LIB) $(LIB_OBJS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -Itests/integration/lib -MMD -MP $< $(ITEST_LIB) $(LIB_OBJS) $(USER_LDLIBS) $(TEST_LDLIBS) -lpthread -o $@

tests-build: $(OUTPUT)/bindguard $(UNIT_BINS) $(ITEST_BINS)

# The whole suite: unit tests, then real-kernel integration tests (root).
test: tests-build
	$(Q)BINDGUARD=$(BUILD_DIR)/bindguard BUILD_DIR=$(BUILD_DIR) tests/run.sh all

test-unit: $(UNIT_BINS)
	$(Q)BUILD_DIR=$(BUILD_DIR) tests/run.sh unit

test-integration: tests-build
	$(Q)BINDGUARD=$(BUILD_DIR)/bindguard BUILD_DIR=$(BUILD_DIR) tests/run.sh integration

# Regenerate the committed vmlinux.h from the running kernel's BTF.
vmlinux: check-bpftool
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > vmlinux/vmlinux.h

format-check:
	$(Q)clang-format --dry-run --Werror $(wildcard user/*.c user/*/*.c user/*/*.h include/*.h bpf/*.c bpf/*.h tests/*/*.c tests/*/*/*.c tests/*/*/*.h)

clean:
	$(call msg,CLEAN,$(OUTPUT))
	$(Q)rm -rf $(OUTPUT)

-include $(wildcard $(OUTPUT)/*.d $(OUTPUT)/user/*.d $(OUTPUT)/user/*/*.d $(OUTPUT)/tests/*.d $(OUTPUT)/tests/integration/lib/*.d)
-include $(wildcard mk/*.mk)
