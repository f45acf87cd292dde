# tinyturk - GNU make, no generated build system.
#
#   make            host library build/libtinyturk.a + CLI build/tinyturk
#   make test       the whole suite (installs missing Debian packages first)
#   make demo       list assignments from the bundled local MTurk endpoint
#   make deps       install every Debian package the build and tests use
#   make unit | sanitize | valgrind | integration | check-core
#   make bench | size | fuzz | lint
#   make BOARD=<board> [run]     cross build for boards/<board>/
#
# BUILD=dir puts every output under dir (default build/).  CC=clang works.

BUILD   ?= build
CC      ?= cc
AR      ?= ar
PYTHON  := /usr/bin/python3
WARN    := -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
CFLAGS  ?= -O2 -gdwarf-4
INCS    := -Icore -Iport -Iport/posix -Iport/bearssl -Iboards/linux -Itests
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SAN_FLAGS) $(INCS) -D_DEFAULT_SOURCE -MMD -MP
LDLIBS  := -lbearssl -lm

ifeq ($(SAN),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

# The CLI links statically by default: it starts ~1.2 MB smaller in RSS
# (no shared-library mappings) and needs no libbearssl at run time.  glibc's
# getaddrinfo still loads the host's NSS modules, fine for a CLI built where
# it runs.  STATIC=0 links dynamically; sanitizer builds always do.
STATIC ?= 1
ifeq ($(STATIC)$(SAN),1)
CLI_LDFLAGS := -static
endif

ifeq ($(origin CC),default)
CC := gcc
endif

CORE_SRC  := $(sort $(wildcard core/*.c))
PORT_SRC  := $(sort $(wildcard port/posix/*.c port/bearssl/*.c))
HOST_SRC  := $(sort $(filter-out boards/linux/main.c,$(wildcard boards/linux/*.c)))
CLI_SRC   := $(wildcard boards/linux/main.c)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
TOOL_SRC  := $(sort $(wildcard tests/tools/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIB      := $(BUILD)/libtinyturk.a
HOSTLIB  := $(BUILD)/libttlinux.a
CLI      := $(if $(CLI_SRC),$(BUILD)/tinyturk)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
BENCH_BIN:= $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
TOOL_BIN := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(TOOL_SRC))

ifneq ($(BOARD),)
# A board build: boards/<board>/board.mk defines its own `all` and `run`.
include boards/$(BOARD)/board.mk
else

.DEFAULT_GOAL := all
.SECONDARY:
.PHONY: all test unit sanitize valgrind integration check-core deps demo bench \
        size fuzz lint clean tests-bin

all: $(LIB) $(HOSTLIB) $(CLI) $(TOOL_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(call obj,$(CORE_SRC) $(PORT_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(HOSTLIB): $(call obj,$(HOST_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/tinyturk: $(call obj,$(CLI_SRC)) $(HOSTLIB) $(LIB)
	@rm -f $@
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(CLI_LDFLAGS) -o $@ $^ $(LDLIBS) 2>&1 | \
	    { grep -v -e "getaddrinfo' in statically linked" -e "in function .tt_posix_connect" || true; }
	@test -x $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(HOSTLIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

# Small programs the integration tests drive (e.g. an engine driver).
$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(HOSTLIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(HOSTLIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

tests-bin: $(UNIT_BIN)

# --- tests ---------------------------------------------------------------
deps:
	@scripts/deps.sh

unit: tests-bin
	@scripts/run-tests.sh unit $(BUILD)

sanitize:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SAN=1 CFLAGS="-O1 -gdwarf-4" tests-bin
	@scripts/run-tests.sh sanitize $(BUILD)/asan

valgrind: tests-bin
	@scripts/run-tests.sh valgrind $(BUILD)

integration: all
	@scripts/run-tests.sh integration $(BUILD)

check-core:
	@scripts/check-core.sh $(BUILD)

# The whole suite: one closing line "N passed, M failed" over every phase.
test:
	@scripts/deps.sh --missing-only
	@$(MAKE) --no-print-directory all tests-bin
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SAN=1 CFLAGS="-O1 -gdwarf-4" tests-bin
	@scripts/run-tests.sh all $(BUILD)

demo:
	@scripts/deps.sh --missing-only
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BUILD)

bench: all $(BENCH_BIN)
	@scripts/run-bench.sh $(BUILD)

size:
	@scripts/size.sh $(BUILD)

fuzz:
	@scripts/fuzz.sh $(BUILD)

lint:
	@scripts/lint.sh

clean:
	rm -rf $(BUILD)

# Feature fragments (install, docs, coverage, ...): each mk/*.mk adds its own
# targets, sees every variable above, and documents itself in its header.
include $(sort $(wildcard mk/*.mk))

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

endif
