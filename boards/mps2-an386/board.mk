# boards/mps2-an386/board.mk - the kiosk image for QEMU's mps2-an386 (Cortex-M4).
# Included by the top Makefile when BOARD=mps2-an386:
#   make BOARD=mps2-an386          -> $(BUILD)/mps2-an386/kiosk.elf (+ its size)
#   make BOARD=mps2-an386 run      run it under QEMU against the local emulator
#                                  (root: network namespace + TAP; see scripts/board-run.sh)
#   make BOARD=mps2-an386 size     arm-none-eabi-size of the image and its parts
#   make BOARD=mps2-an386 deps     fetch lwIP / BearSSL sources, install qemu-system-arm
# Variables: KIOSK_CONFIG=file (the kiosk's build-time configuration: endpoint,
#            credentials, HIT, polls; default boards/mps2-an386/kiosk.conf.h),
#            RUN_ARGS="hit=ID polls=N page=N status=S ..." (run-time overrides
#            for tests, QEMU -append; see kiosk.c),
#            TLS=1 (default; run over HTTPS: the emulator serves TLS with the
#            test PKI generated into $(BUILD)/mps2-an386/pki at build time,
#            whose CA is compiled into the image as the trust anchor; TLS=0:
#            plain HTTP),
#            ICOUNT=0 (run without -icount shift=0),
#            LTO=1 (default; link-time optimisation of the whole image:
#            board, core, ports, lwIP and BearSSL, -5 KB of flash; LTO=0:
#            per-object code only, for what needs it: the flash of each
#            part from the link map and the stack analysis from gcc's
#            -fstack-usage / -fcallgraph-info files, which an -flto compile
#            does not write.  make size builds both and says which figure
#            comes from which).
# Third-party sources come from Debian (apt-get source) into TP (not committed).

.DEFAULT_GOAL := all
.SECONDARY:
.PHONY: all image sources run size deps kiosk-config-force

BDIR    := boards/mps2-an386
BB      := $(BUILD)/mps2-an386
TP      ?= build/third_party
LWIP    := $(TP)/lwip/src
BEARSSL := $(TP)/bearssl
CROSS   ?= arm-none-eabi-
XCC     := $(CROSS)gcc
XSIZE   := $(CROSS)size

ARCH    := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
# -fstack-usage / -fcallgraph-info=su: X.su and X.ci next to each object
# (scripts/stack-usage.sh, make size; written by LTO=0 builds only).
LTO     ?= 1
ifeq ($(LTO),1)
XLTO    := -flto
# One partition: the whole image optimised as one unit, on one CPU.
XLTOLD  := -Os -flto -flto-partition=one
XAR     := $(CROSS)gcc-ar
else
XLTO    :=
XLTOLD  :=
XAR     := $(CROSS)ar
endif
XOPT    := -Os -g -ffunction-sections -fdata-sections -fstack-usage -fcallgraph-info=su $(XLTO)
# BearSSL on bare metal: no time(), no /dev/urandom (the platform gives both).
BR_DEFS := -DBR_USE_UNIX_TIME=0 -DBR_USE_URANDOM=0 -DBR_USE_WIN32_TIME=0 -DBR_USE_WIN32_RAND=0
# The kiosk's leanest switches (core/tt_config.h, port/bearssl/tt_tls.h):
# error codes printed as numbers, no AWS-CLI resume tokens, TLS with SHA-256
# only (MTurk's chain and AES-128-GCM suites), no no_verify mode.
KIOSK_DEFS ?= -DTT_ERROR_TEXT=0 -DTT_RESUME_TOKENS=0 -DTT_TLS_SHA384=0 -DTT_TLS_NO_VERIFY=0
KIOSK_CONFIG ?= $(BDIR)/kiosk.conf.h
TLS     ?= 1
XINCS   := -I$(BB)/gen -I$(BDIR) -Icore -Iport -Iport/bearssl -Iport/lwip -isystem $(LWIP)/include \
           -isystem $(BEARSSL)/inc
# Own code (board + core): the project's warning set.  Third party: relaxed.
XCFLAGS := $(WARN) $(ARCH) $(XOPT) $(KIOSK_DEFS) $(XINCS) -MMD -MP
TPFLAGS := -std=gnu99 $(ARCH) $(XOPT) -I$(BDIR) -Iport/lwip -isystem $(LWIP)/include -w -MMD -MP
BRFLAGS := -std=gnu99 $(ARCH) $(XOPT) $(BR_DEFS) -I$(abspath $(BEARSSL))/src -I$(abspath $(BEARSSL))/inc -w
XLDFLAGS := $(ARCH) -T $(BDIR)/mps2.ld -nostartfiles --specs=nano.specs -Wl,--gc-sections \
            -Wl,-Map,$(BB)/kiosk.map

LWIP_FILES := core/init.c core/def.c core/dns.c core/inet_chksum.c core/ip.c core/mem.c \
              core/memp.c core/netif.c core/pbuf.c core/stats.c core/tcp.c core/tcp_in.c \
              core/tcp_out.c core/timeouts.c core/udp.c core/ipv4/dhcp.c core/ipv4/etharp.c \
              core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c \
              netif/ethernet.c
LWIP_OBJ  := $(patsubst %.c,$(BB)/lwip/%.o,$(LWIP_FILES))
BOARD_SRC := $(sort $(wildcard $(BDIR)/*.c))
BOARD_OBJ := $(patsubst $(BDIR)/%.c,$(BB)/board/%.o,$(BOARD_SRC))
CORE_OBJ  := $(patsubst core/%.c,$(BB)/core/%.o,$(CORE_SRC))
# The lwIP transport and the TLS transport (project code, strict flags) and
# the generated anchor.
TLS_OBJ   := $(BB)/port/tt_lwip.o $(BB)/port/tt_tls.o $(BB)/gen/kiosk_anchor.o
BR_LIB    := $(BB)/bearssl/libbearssl.a
PKI       := $(BB)/pki
ELF       := $(BB)/kiosk.elf

# The third-party sources first (board-deps.sh), then a second make that
# sees them (its file lists and pattern rules need them to exist).
all: sources
	@$(MAKE) --no-print-directory image
	@$(XSIZE) $(ELF)

image: $(ELF)

sources:
	@[ -f $(LWIP)/core/tcp.c ] && [ -f $(BEARSSL)/src/ssl/ssl_engine.c ] || scripts/board-deps.sh $(TP)

deps:
	scripts/board-deps.sh $(TP)

# lwipopts.h is reached through lwIP's (system) headers, so -MMD does not
# record it: every object that sees lwIP depends on it explicitly.
$(LWIP_OBJ) $(BOARD_OBJ) $(BB)/port/tt_lwip.o: $(BDIR)/lwipopts.h port/lwip/tt_lwipopts.h

$(BB)/lwip/%.o: $(LWIP)/%.c
	@mkdir -p $(dir $@)
	$(XCC) $(TPFLAGS) -c $< -o $@

$(BB)/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(XCC) $(XCFLAGS) -c $< -o $@

# The configuration: $(BB)/gen/kiosk_config.h includes KIOSK_CONFIG; it is
# rewritten only when the choice changes (then the board code recompiles).
$(BB)/gen/kiosk_config.h: kiosk-config-force
	@test -f "$(KIOSK_CONFIG)" || { echo "board.mk: KIOSK_CONFIG=$(KIOSK_CONFIG): no such file"; exit 1; }
	@mkdir -p $(dir $@)
	@printf '/* generated by board.mk: KIOSK_CONFIG=%s */\n#ifndef KIOSK_CONFIG_H\n#define KIOSK_CONFIG_H\n#include "%s"\n#endif\n' \
	    '$(KIOSK_CONFIG)' '$(abspath $(KIOSK_CONFIG))' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BOARD_OBJ): $(BB)/gen/kiosk_config.h

# The compile and link flags, in a file rewritten only when they change:
# every object depends on it, so another LTO= or KIOSK_DEFS rebuilds the
# image (make does not track flags itself; objects built with different
# tt_config.h switches must never be linked together).
FLAGS_STAMP := $(BB)/gen/flags.txt
$(FLAGS_STAMP): kiosk-config-force
	@mkdir -p $(dir $@)
	@printf '%s\n' '$(subst ','\'',$(XCFLAGS) $(BR_DEFS) | $(TPFLAGS) | $(BRFLAGS) | $(XLDFLAGS) $(XLTOLD) | $(XAR))' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BOARD_OBJ) $(CORE_OBJ) $(TLS_OBJ) $(LWIP_OBJ) $(BR_LIB) $(ELF): $(FLAGS_STAMP)

$(BB)/board/%.o: $(BDIR)/%.c
	@mkdir -p $(dir $@)
	$(XCC) $(XCFLAGS) -c $< -o $@

$(BB)/port/tt_lwip.o: port/lwip/tt_lwip.c
	@mkdir -p $(dir $@)
	$(XCC) $(XCFLAGS) -c $< -o $@

$(BB)/port/%.o: port/bearssl/%.c
	@mkdir -p $(dir $@)
	$(XCC) $(XCFLAGS) $(BR_DEFS) -c $< -o $@

# BearSSL from Debian's source: every file, one archive; --gc-sections keeps
# what the TLS client uses.  (Compiled in parallel by one recipe because the
# file list exists only after board-deps.sh ran.)
$(BR_LIB):
	@mkdir -p $(BB)/bearssl/obj
	@echo "building BearSSL for Cortex-M4 ($(BEARSSL)/src -> $@)"
	@cd $(BEARSSL)/src && find . -name '*.c' | sort | \
	    xargs -P "$$(nproc)" -I{} sh -c 'o=$(abspath $(BB))/bearssl/obj/$$(echo {} | tr / _ | sed "s/^\._//; s/\.c$$/.o/"); \
	        $(XCC) $(BRFLAGS) -I. -c {} -o $$o'
	@rm -f $@ && $(XAR) rcs $@ $(BB)/bearssl/obj/*.o

# Test PKI (same script as the host tests) and its CA as a compiled-in
# trust anchor.  board-run.sh serves $(PKI)/server.pem when TLS=1.
$(PKI)/ca.pem:
	tests/gen_certs.sh $(abspath $(PKI))

$(BB)/host/mkanchor: $(BDIR)/host/mkanchor.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -o $@ $< -lbearssl

$(BB)/gen/kiosk_anchor.c: $(PKI)/ca.pem $(BB)/host/mkanchor
	@mkdir -p $(dir $@)
	$(BB)/host/mkanchor kiosk_anchors < $< > $@.tmp && mv $@.tmp $@

$(BB)/gen/kiosk_anchor.o: $(BB)/gen/kiosk_anchor.c
	$(XCC) $(XCFLAGS) -c $< -o $@

$(ELF): $(BOARD_OBJ) $(CORE_OBJ) $(TLS_OBJ) $(LWIP_OBJ) $(BR_LIB) $(BDIR)/mps2.ld
	$(XCC) $(XLDFLAGS) $(XLTOLD) -o $@ $(BOARD_OBJ) $(CORE_OBJ) $(TLS_OBJ) $(LWIP_OBJ) $(BR_LIB) -lc -lgcc

size: all
	@echo "kiosk.elf (text = code + rodata in the 4 MB code SRAM, data + bss = RAM; + .stack, mps2.ld):"
	@$(XSIZE) $(ELF)
ifeq ($(LTO),1)
	@# An LTO map names the link-time units, not the parts: attribute
	@# from the same sources linked without LTO.
	@$(MAKE) --no-print-directory LTO=0 BUILD=$(BUILD)/nolto image >/dev/null
	@echo "by part, after --gc-sections (bytes; from the link map of the same sources without LTO,"
	@echo "$(BUILD)/nolto/mps2-an386/kiosk.elf: $$($(XSIZE) $(BUILD)/nolto/mps2-an386/kiosk.elf | awk 'NR==2 {print $$1}') B of text; strings before merging):"
	@awk -f $(BDIR)/mapsize.awk $(BUILD)/nolto/mps2-an386/kiosk.map
else
	@echo "by part, after --gc-sections (bytes; from the link map, strings before merging):"
	@awk -f $(BDIR)/mapsize.awk $(BB)/kiosk.map
endif

run: all
	BOARD_TLS=$(TLS) BOARD_PKI=$(PKI) scripts/board-run.sh $(ELF) $(RUN_ARGS)

-include $(shell find $(BB) -name '*.d' 2>/dev/null)
