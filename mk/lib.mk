# mk/lib.mk - `make lib`: a static library of the core and the chosen ports,
# for a firmware (or another host build) to link without adopting our Makefile.
#
#   make lib CROSS_COMPILE=arm-none-eabi- TARGET_CFLAGS='-mcpu=cortex-m4 -mthumb'
#   make lib CROSS_COMPILE=riscv64-unknown-elf- TARGET_CFLAGS='-march=rv32imac -mabi=ilp32'
#   make lib CROSS_COMPILE=arm-none-eabi- TARGET_CFLAGS=... PORTS="lwip bearssl"
#   make lib                                   # host: core + posix + bearssl
#
# Output ($(LIB_OUT), default $(BUILD)/lib-<triplet>, triplet = CROSS_COMPILE
# without its trailing '-', or `$(CC) -dumpmachine` for a host build):
#   libtinyturk-core.a   core/*.c + the PORTS' sources, nothing else (BearSSL
#                        and lwIP themselves are the firmware's to link)
#   include/             the headers a user of that archive needs (core + PORTS)
#   buildinfo.txt        compiler, flags and ports the archive was built with
# Objects are rebuilt when the compiler, flags or ports change.  Build two
# variants of one triplet side by side with LIB_OUT=dir.
#
# Variables:
#   CROSS_COMPILE  tool prefix (gcc and ar are taken from it); empty = host CC/AR
#   TARGET_CFLAGS  CPU/ABI flags, and your overrides, e.g.
#                  -DTT_CONFIG_USER='"my_ttopts.h"' -Imy/include (core/tt_config.h)
#   PORTS          ports to include: any of bearssl posix lwip (default: bearssl
#                  for a cross build, "posix bearssl" for the host).  The host
#                  build adds port/bearssl/tt_ca.c (stdio + malloc); a cross
#                  build does not.
#   LIBC_SPECS     C library specs (default: --specs=picolibc.specs when the
#                  compiler has no default C library and picolibc is installed,
#                  as with Debian's riscv64-unknown-elf-gcc; else empty)
#   LIB_OPT        optimisation (default -Os -ffunction-sections -fdata-sections
#                  cross, -O2 host)
#   BEARSSL_INC    BearSSL's inc/ directory (cross default: $(TP)/bearssl/inc,
#                  fetched with scripts/board-deps.sh when missing; host: the
#                  system's <bearssl.h>)
#   LWIP_INC       lwIP's src/include (default $(TP)/lwip/src/include)
#   LWIPOPTS_DIR   directory holding your lwipopts.h and arch/cc.h (default
#                  boards/mps2-an386, the worked example)
#   TP             third-party source directory (default build/third_party)
# The project's warning set ($(WARN)) applies: the archive is built exactly
# as strictly as the tree.  The source lists come from tinyturk.mk.

.PHONY: lib lib-sources

include tinyturk.mk

TP            ?= build/third_party
CROSS_COMPILE ?=
TARGET_CFLAGS ?=
PORTS         ?= $(if $(CROSS_COMPILE),bearssl,posix bearssl)
LIB_OPT       ?= $(if $(CROSS_COMPILE),-Os -ffunction-sections -fdata-sections,-O2)
LWIP_INC      ?= $(TP)/lwip/src/include
LWIPOPTS_DIR  ?= boards/mps2-an386
BEARSSL_INC   ?= $(if $(CROSS_COMPILE),$(TP)/bearssl/inc)

LIB_CC      := $(if $(CROSS_COMPILE),$(CROSS_COMPILE)gcc,$(CC))
LIB_AR      := $(if $(CROSS_COMPILE),$(CROSS_COMPILE)ar,$(AR))
LIB_TRIPLET  = $(if $(CROSS_COMPILE),$(patsubst %-,%,$(notdir $(CROSS_COMPILE))),$(shell $(CC) -dumpmachine))
LIB_OUT     ?= $(BUILD)/lib-$(LIB_TRIPLET)
LIB_CORE_A   = $(LIB_OUT)/libtinyturk-core.a

lib_strip = $(patsubst ./%,%,$(patsubst -I./%,-I%,$(1)))
LIB_BAD_PORTS := $(filter-out bearssl posix lwip,$(PORTS))

# Sources, include directories and defines of each port.
LIB_SRC_bearssl  = $(TINYTURK_PORT_BEARSSL_SRC) $(if $(CROSS_COMPILE),,$(TINYTURK_PORT_BEARSSL_HOST_SRC))
LIB_INC_bearssl  = -I$(TINYTURK_PORT_BEARSSL_INC) $(if $(BEARSSL_INC),-isystem $(BEARSSL_INC))
LIB_HDR_bearssl  = port/bearssl/tt_tls.h $(if $(CROSS_COMPILE),,port/bearssl/tt_ca.h)
LIB_SRC_posix    = $(TINYTURK_PORT_POSIX_SRC)
LIB_INC_posix    = -I$(TINYTURK_PORT_POSIX_INC) $(TINYTURK_PORT_POSIX_DEFS)
LIB_HDR_posix    = $(wildcard port/posix/*.h)
LIB_SRC_lwip     = $(TINYTURK_PORT_LWIP_SRC)
LIB_INC_lwip     = $(addprefix -I,$(TINYTURK_PORT_LWIP_INC)) -I$(LWIPOPTS_DIR) -isystem $(LWIP_INC)
LIB_HDR_lwip     = $(wildcard port/lwip/*.h)

LIB_SRCS   = $(call lib_strip,$(TINYTURK_CORE_SRC) $(foreach p,$(PORTS),$(LIB_SRC_$(p))))
LIB_HDRS   = $(wildcard core/*.h) $(foreach p,$(PORTS),$(LIB_HDR_$(p)))
LIB_CFLAGS_ALL = $(WARN) $(LIBC_SPECS) $(TARGET_CFLAGS) $(LIB_OPT) $(call lib_strip,-I$(TINYTURK_CORE_INC) \
                 $(foreach p,$(PORTS),$(LIB_INC_$(p)))) $(TINYTURK_DEFS)
LIB_OBJS   = $(patsubst %.c,$(LIB_OUT)/obj/%.o,$(LIB_SRCS))
LIB_STAMP  = $(LIB_OUT)/buildinfo.txt
LIB_INFO   = cc: $(LIB_CC) ($(shell $(LIB_CC) -dumpversion 2>/dev/null))|cflags: $(LIB_CFLAGS_ALL)|ports: $(PORTS)|tinyturk: $(TINYTURK_VERSION)

# The stamp is rewritten only when what it records changed, so objects are
# rebuilt exactly then.  Evaluated only when `lib` is asked for.
ifneq ($(filter lib,$(MAKECMDGOALS)),)
# A toolchain without a default C library (Debian's riscv64-unknown-elf-gcc)
# gets picolibc's specs when they are installed.
ifeq ($(origin LIBC_SPECS),undefined)
LIBC_SPECS := $(shell printf '\043include <string.h>\n' | $(LIB_CC) $(TARGET_CFLAGS) -E -x c - >/dev/null 2>&1 || \
                { f=$$($(LIB_CC) -print-file-name=picolibc.specs); [ "$$f" != picolibc.specs ] && echo --specs=picolibc.specs; })
endif
ifneq ($(LIB_BAD_PORTS),)
$(error PORTS: unknown port(s) "$(LIB_BAD_PORTS)"; known: bearssl posix lwip)
endif
$(shell mkdir -p $(LIB_OUT) && printf '%s\n' '$(subst ','\'',$(LIB_INFO))' | tr '|' '\n' > $(LIB_STAMP).new && \
    (cmp -s $(LIB_STAMP).new $(LIB_STAMP) && rm -f $(LIB_STAMP).new || mv $(LIB_STAMP).new $(LIB_STAMP)))
endif

lib: lib-sources
	@$(MAKE) --no-print-directory $(LIB_CORE_A) lib-headers LIBC_SPECS="$(LIBC_SPECS)"
	@echo "lib: $(LIB_CORE_A) ($(words $(LIB_SRCS)) objects; ports: $(PORTS)); headers in $(LIB_OUT)/include"

# Cross builds take BearSSL's / lwIP's headers from Debian's sources, fetched
# like the board build does.
lib-sources:
ifneq ($(CROSS_COMPILE),)
	@if { [ -n "$(filter bearssl,$(PORTS))" ] && [ "$(BEARSSL_INC)" = "$(TP)/bearssl/inc" ] && \
	      [ ! -f $(TP)/bearssl/inc/bearssl.h ]; } || \
	    { [ -n "$(filter lwip,$(PORTS))" ] && [ "$(LWIP_INC)" = "$(TP)/lwip/src/include" ] && \
	      [ ! -f $(TP)/lwip/src/include/lwip/tcp.h ]; }; then scripts/board-deps.sh $(TP); fi
endif

.PHONY: lib-headers
lib-headers: $(LIB_CORE_A)
	@rm -rf $(LIB_OUT)/include && mkdir -p $(LIB_OUT)/include
	@cp $(LIB_HDRS) $(LIB_OUT)/include/

$(LIB_OUT)/obj/%.o: %.c $(LIB_STAMP)
	@mkdir -p $(dir $@)
	$(LIB_CC) $(LIB_CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIB_CORE_A): $(LIB_OBJS)
	rm -f $@ && $(LIB_AR) rcs $@ $^

-include $(shell find $(LIB_OUT)/obj -name '*.d' 2>/dev/null)
