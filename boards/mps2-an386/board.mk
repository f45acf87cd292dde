# boards/mps2-an386/board.mk - the kiosk image for QEMU's mps2-an386 (Cortex-M4).
# Included by the top Makefile when BOARD=mps2-an386:
#   make BOARD=mps2-an386          -> $(BUILD)/mps2-an386/kiosk.elf (+ its size)
#   make BOARD=mps2-an386 run      run it under QEMU against the local emulator
#                                  (root: network namespace + TAP; see scripts/board-run.sh)
#   make BOARD=mps2-an386 size     arm-none-eabi-size of the image and its parts
#   make BOARD=mps2-an386 deps     fetch lwIP / BearSSL sources, install qemu-system-arm
# Variables: RUN_ARGS="hit=ID page=N max=N status=S" (kiosk settings, QEMU -append),
#            TLS=1 (run over HTTPS: the emulator serves TLS with the test PKI
#            generated into $(BUILD)/mps2-an386/pki at build time, whose CA is
#            compiled into the image as the trust anchor),
#            ICOUNT=0 (run without -icount shift=0).
# Third-party sources come from Debian (apt-get source) into TP (not committed).

.DEFAULT_GOAL := all
.SECONDARY:
.PHONY: all image sources run size deps

BDIR    := boards/mps2-an386
BB      := $(BUILD)/mps2-an386
TP      ?= build/third_party
LWIP    := $(TP)/lwip/src
BEARSSL := $(TP)/bearssl
CROSS   ?= arm-none-eabi-
XCC     := $(CROSS)gcc
XSIZE   := $(CROSS)size

ARCH    := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
XOPT    := -Os -g -ffunction-sections -fdata-sections
# BearSSL on bare metal: no time(), no /dev/urandom (the platform gives both).
BR_DEFS := -DBR_USE_UNIX_TIME=0 -DBR_USE_URANDOM=0 -DBR_USE_WIN32_TIME=0 -DBR_USE_WIN32_RAND=0
XINCS   := -I$(BDIR) -Icore -Iport -Iport/bearssl -isystem $(LWIP)/include \
           -isystem $(BEARSSL)/inc
# Own code (board + core): the project's warning set.  Third party: relaxed.
XCFLAGS := $(WARN) $(ARCH) $(XOPT) $(XINCS) -MMD -MP
TPFLAGS := -std=gnu99 $(ARCH) $(XOPT) -I$(BDIR) -isystem $(LWIP)/include -w -MMD -MP
BRFLAGS := -std=gnu99 $(ARCH) $(XOPT) $(BR_DEFS) -I$(abspath $(BEARSSL))/src -I$(abspath $(BEARSSL))/inc -w
XLDFLAGS := $(ARCH) -T $(BDIR)/mps2.ld -nostartfiles --specs=nano.specs -Wl,--gc-sections \
            -Wl,-Map,$(BB)/kiosk.map

LWIP_FILES := core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c core/memp.c \
              core/netif.c core/pbuf.c core/stats.c core/tcp.c core/tcp_in.c core/tcp_out.c \
              core/timeouts.c core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c \
              core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c netif/ethernet.c
LWIP_OBJ  := $(patsubst %.c,$(BB)/lwip/%.o,$(LWIP_FILES))
BOARD_SRC := $(sort $(wildcard $(BDIR)/*.c))
BOARD_OBJ := $(patsubst $(BDIR)/%.c,$(BB)/board/%.o,$(BOARD_SRC))
CORE_OBJ  := $(patsubst core/%.c,$(BB)/core/%.o,$(CORE_SRC))
# The TLS transport (project code, strict flags) and the generated anchor.
TLS_OBJ   := $(BB)/port/tt_tls.o $(BB)/gen/kiosk_anchor.o
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

$(BB)/lwip/%.o: $(LWIP)/%.c
	@mkdir -p $(dir $@)
	$(XCC) $(TPFLAGS) -c $< -o $@

$(BB)/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(XCC) $(XCFLAGS) -c $< -o $@

$(BB)/board/%.o: $(BDIR)/%.c
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
	@rm -f $@ && $(CROSS)ar rcs $@ $(BB)/bearssl/obj/*.o

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
	$(XCC) $(XLDFLAGS) -o $@ $(BOARD_OBJ) $(CORE_OBJ) $(TLS_OBJ) $(LWIP_OBJ) $(BR_LIB) -lc -lgcc

size: all
	@echo "kiosk.elf (text = code + rodata in the 4 MB code SRAM, data + bss = RAM; .stack 32 KB extra):"
	@$(XSIZE) $(ELF)
	@echo "by part, after --gc-sections (bytes; from the link map, strings before merging):"
	@awk -f $(BDIR)/mapsize.awk $(BB)/kiosk.map

run: all
	BOARD_TLS=$(TLS) BOARD_PKI=$(PKI) scripts/board-run.sh $(ELF) $(RUN_ARGS)

-include $(shell find $(BB) -name '*.d' 2>/dev/null)
