# boards/rv32/board.mk - tinyturk on a generic RV32IMAC part (portability
# proof; links, is not run).  Included by the top Makefile when BOARD=rv32:
#   make BOARD=rv32          -> $(BUILD)/rv32/tinyturk-rv32.elf (+ its size)
#   make BOARD=rv32 size     code/RAM per part from the link map
#   make BOARD=rv32 run      explains why it does not run
# Toolchain: Debian's gcc-riscv64-unknown-elf + picolibc-riscv64-unknown-elf
# (--specs=picolibc.specs; Debian has no newlib for RISC-V).
# Third-party sources: the same Debian lwIP / BearSSL trees as mps2-an386
# (scripts/board-deps.sh into TP, never committed).
# The lwIP transport and its shared lwIP options: port/lwip/.

.DEFAULT_GOAL := all
.SECONDARY:
.PHONY: all image sources run size deps rv32-flags-force

RDIR    := boards/rv32
RB      := $(BUILD)/rv32
TP      ?= build/third_party
LWIP    := $(TP)/lwip/src
BEARSSL := $(TP)/bearssl
RCROSS  ?= riscv64-unknown-elf-
RCC     := $(RCROSS)gcc
RSIZE   := $(RCROSS)size

RARCH   := -march=rv32imac -mabi=ilp32 --specs=picolibc.specs
# -fstack-usage / -fcallgraph-info=su on every part: X.su and X.ci next to
# each object, for scripts/stack-usage.sh (make size).
ROPT    := -Os -g -ffunction-sections -fdata-sections -fstack-usage -fcallgraph-info=su
BR_DEFS := -DBR_USE_UNIX_TIME=0 -DBR_USE_URANDOM=0 -DBR_USE_WIN32_TIME=0 -DBR_USE_WIN32_RAND=0
TT_LWIP_DIR := port/lwip
TT_LWIP_SRC := $(sort $(wildcard $(TT_LWIP_DIR)/*.c))
RINCS   := -I$(RDIR) -Icore -Iport -Iport/bearssl -I$(TT_LWIP_DIR) -isystem $(LWIP)/include \
           -isystem $(BEARSSL)/inc
# Own code (board, core, ports): the project's warnings, -Werror.
# The device's leanest switches, as on the mps2-an386 kiosk (core/tt_config.h,
# port/bearssl/tt_tls.h): error codes as numbers, no AWS-CLI resume tokens,
# TLS with SHA-256 only, no no_verify mode.
RV32_DEFS ?= -DTT_ERROR_TEXT=0 -DTT_RESUME_TOKENS=0 -DTT_TLS_SHA384=0 -DTT_TLS_NO_VERIFY=0
RCFLAGS := $(WARN) $(RARCH) $(ROPT) $(RV32_DEFS) $(RINCS) -MMD -MP
RTPFLAGS := -std=gnu99 $(RARCH) $(ROPT) -I$(RDIR) -I$(TT_LWIP_DIR) -isystem $(LWIP)/include -w -MMD -MP
RBRFLAGS := -std=gnu99 $(RARCH) $(ROPT) $(BR_DEFS) -I$(abspath $(BEARSSL))/src \
            -I$(abspath $(BEARSSL))/inc -w
RLDFLAGS := $(RARCH) -nostartfiles -T $(RDIR)/rv32.ld -Wl,--gc-sections -Wl,-Map,$(RB)/tinyturk-rv32.map

# lwIP core, NO_SYS: IPv4, TCP, UDP, DHCP, DNS (--gc-sections keeps what is used).
RLWIP_FILES := core/init.c core/def.c core/dns.c core/inet_chksum.c core/ip.c core/mem.c \
               core/memp.c core/netif.c core/pbuf.c core/stats.c core/tcp.c core/tcp_in.c \
               core/tcp_out.c core/timeouts.c core/udp.c core/ipv4/dhcp.c core/ipv4/etharp.c \
               core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c \
               netif/ethernet.c
RLWIP_OBJ  := $(patsubst %.c,$(RB)/lwip/%.o,$(RLWIP_FILES))
RBOARD_OBJ := $(patsubst $(RDIR)/%.c,$(RB)/board/%.o,$(sort $(wildcard $(RDIR)/*.c)))
RCORE_OBJ  := $(patsubst core/%.c,$(RB)/core/%.o,$(CORE_SRC))
RPORT_OBJ  := $(RB)/port/tt_tls.o $(patsubst $(TT_LWIP_DIR)/%.c,$(RB)/port/%.o,$(TT_LWIP_SRC))
RGEN_OBJ   := $(RB)/gen/rv32_anchor.o
RBR_LIB    := $(RB)/bearssl/libbearssl.a
RPKI       := $(RB)/pki
RELF       := $(RB)/tinyturk-rv32.elf

all: sources
	@$(MAKE) --no-print-directory image
	@$(RSIZE) $(RELF)

image: $(RELF)

sources:
	@[ -f $(LWIP)/core/tcp.c ] && [ -f $(BEARSSL)/src/ssl/ssl_engine.c ] || scripts/board-deps.sh $(TP)
	@command -v $(RCC) >/dev/null && [ -f /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs ] || \
	    { echo "rv32: needs gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf (make deps)"; exit 1; }

deps:
	scripts/board-deps.sh $(TP)

# lwipopts.h is reached through lwIP's -isystem headers, which -MMD does not
# record: every object that sees lwIP depends on it explicitly.
$(RLWIP_OBJ) $(RBOARD_OBJ) $(RPORT_OBJ): $(RDIR)/lwipopts.h $(TT_LWIP_DIR)/tt_lwipopts.h

# The flags, rewritten only when they change: objects depend on it, so
# another RV32_DEFS rebuilds everything (see boards/mps2-an386/board.mk).
RFLAGS_STAMP := $(RB)/gen/flags.txt
$(RFLAGS_STAMP): rv32-flags-force
	@mkdir -p $(dir $@)
	@printf '%s\n' '$(subst ','\'',$(RCFLAGS) $(BR_DEFS) | $(RTPFLAGS) | $(RBRFLAGS) | $(RLDFLAGS))' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(RBOARD_OBJ) $(RCORE_OBJ) $(RPORT_OBJ) $(RGEN_OBJ) $(RLWIP_OBJ) $(RBR_LIB) $(RELF): $(RFLAGS_STAMP)

$(RB)/lwip/%.o: $(LWIP)/%.c
	@mkdir -p $(dir $@)
	$(RCC) $(RTPFLAGS) -c $< -o $@

$(RB)/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(RCC) $(RCFLAGS) -c $< -o $@

$(RB)/board/%.o: $(RDIR)/%.c
	@mkdir -p $(dir $@)
	$(RCC) $(RCFLAGS) -c $< -o $@

$(RB)/port/tt_tls.o: port/bearssl/tt_tls.c
	@mkdir -p $(dir $@)
	$(RCC) $(RCFLAGS) $(BR_DEFS) -c $< -o $@

$(RB)/port/%.o: $(TT_LWIP_DIR)/%.c
	@mkdir -p $(dir $@)
	$(RCC) $(RCFLAGS) -c $< -o $@

# BearSSL: every file into one archive (see boards/mps2-an386/board.mk).
$(RBR_LIB):
	@mkdir -p $(RB)/bearssl/obj
	@echo "building BearSSL for rv32imac ($(BEARSSL)/src -> $@)"
	@cd $(BEARSSL)/src && find . -name '*.c' | sort | \
	    xargs -P "$$(nproc)" -I{} sh -c 'o=$(abspath $(RB))/bearssl/obj/$$(echo {} | tr / _ | sed "s/^\._//; s/\.c$$/.o/"); \
	        $(RCC) $(RBRFLAGS) -I. -c {} -o $$o'
	@rm -f $@ && $(RCROSS)ar rcs $@ $(RB)/bearssl/obj/*.o

# Test PKI and its CA as the compiled-in trust anchor (host tool of mps2).
$(RPKI)/ca.pem:
	tests/gen_certs.sh $(abspath $(RPKI))

$(RB)/host/mkanchor: boards/mps2-an386/host/mkanchor.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -o $@ $< -lbearssl

$(RB)/gen/rv32_anchor.c: $(RPKI)/ca.pem $(RB)/host/mkanchor
	@mkdir -p $(dir $@)
	$(RB)/host/mkanchor rv32_anchors < $< > $@.tmp && mv $@.tmp $@

$(RB)/gen/rv32_anchor.o: $(RB)/gen/rv32_anchor.c
	$(RCC) $(RCFLAGS) -c $< -o $@

$(RELF): $(RBOARD_OBJ) $(RCORE_OBJ) $(RPORT_OBJ) $(RGEN_OBJ) $(RLWIP_OBJ) $(RBR_LIB) $(RDIR)/rv32.ld
	$(RCC) $(RLDFLAGS) -o $@ $(RBOARD_OBJ) $(RCORE_OBJ) $(RPORT_OBJ) $(RGEN_OBJ) $(RLWIP_OBJ) $(RBR_LIB)

size: all
	@echo "tinyturk-rv32.elf (text = flash, data + bss = RAM; the stack is the .stack section):"
	@awk -f boards/mps2-an386/mapsize.awk $(RB)/tinyturk-rv32.map

run:
	@echo "rv32: the image is a portability proof (stub NIC); it is built, not run."

-include $(shell find $(RB) -name '*.d' 2>/dev/null)
