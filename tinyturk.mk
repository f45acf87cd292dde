# tinyturk.mk - tinyturk's source files, include directories and defines as
# Make variables, for a firmware (or any) build that does not use our Makefile.
#
#   TINYTURK_DIR := third_party/tinyturk        # optional: where this file is
#   include $(TINYTURK_DIR)/tinyturk.mk
#   SRC    += $(TINYTURK_CORE_SRC) $(TINYTURK_PORT_BEARSSL_SRC)
#   CFLAGS += $(addprefix -I,$(TINYTURK_CORE_INC) $(TINYTURK_PORT_BEARSSL_INC)) \
#             $(TINYTURK_DEFS)
#
# Variables (paths are prefixed with TINYTURK_DIR, which defaults to the
# directory of this file):
#   TINYTURK_CORE_SRC          the portable engine: no OS, no malloc, no stdio
#   TINYTURK_CORE_INC          its include directory (headers are included by
#                              bare name: #include "tinyturk.h")
#   TINYTURK_PORT_BEARSSL_SRC  TLS 1.2 transport over any transport (BearSSL;
#                              no OS, no malloc: fine on bare metal)
#   TINYTURK_PORT_BEARSSL_HOST_SRC  trust anchors from a PEM file (stdio +
#                              malloc: hosts only)
#   TINYTURK_PORT_BEARSSL_INC  include directory (plus BearSSL's own inc/)
#   TINYTURK_PORT_POSIX_SRC    sockets, clock, randomness, HTTP CONNECT proxy
#   TINYTURK_PORT_POSIX_INC    include directory
#   TINYTURK_PORT_POSIX_DEFS   defines the POSIX port needs (-D_DEFAULT_SOURCE)
#   TINYTURK_PORT_LWIP_SRC     tt_transport over lwIP's raw TCP API (NO_SYS=1)
#   TINYTURK_PORT_LWIP_INC     include directory (tt_lwip.h and tt_lwipopts.h,
#                              which your lwipopts.h includes); lwIP's own
#                              src/include and your lwipopts.h / arch/cc.h
#                              must be on the include path too
#   TINYTURK_PORTS             the port names this tree has
#   TINYTURK_DEFS              defines for every tinyturk file (empty by
#                              default: the defaults live in core/tt_config.h;
#                              override them with, e.g.,
#                              TINYTURK_DEFS += -DTT_CONFIG_USER='"my_ttopts.h"')
#   TINYTURK_VERSION           the library version (semver)
#
# Compile the core with C99 (-std=c99 or later).  Nothing here defines a rule
# or a target: the lists are plain data.  tinyturkFilePaths.cmake carries the
# same lists for CMake; tests/integration/test_srclists.sh keeps both in sync
# with the tree and builds a small project with each.

ifndef TINYTURK_DIR
TINYTURK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
endif

TINYTURK_VERSION := 0.2.0

TINYTURK_CORE_SRC := \
    $(TINYTURK_DIR)/core/tt_arena.c \
    $(TINYTURK_DIR)/core/tt_assignment.c \
    $(TINYTURK_DIR)/core/tt_base.c \
    $(TINYTURK_DIR)/core/tt_base64.c \
    $(TINYTURK_DIR)/core/tt_body.c \
    $(TINYTURK_DIR)/core/tt_client.c \
    $(TINYTURK_DIR)/core/tt_error.c \
    $(TINYTURK_DIR)/core/tt_http.c \
    $(TINYTURK_DIR)/core/tt_json.c \
    $(TINYTURK_DIR)/core/tt_page.c \
    $(TINYTURK_DIR)/core/tt_qfa.c \
    $(TINYTURK_DIR)/core/tt_request.c \
    $(TINYTURK_DIR)/core/tt_retry.c \
    $(TINYTURK_DIR)/core/tt_sha256.c \
    $(TINYTURK_DIR)/core/tt_sigv4.c \
    $(TINYTURK_DIR)/core/tt_svcerr.c \
    $(TINYTURK_DIR)/core/tt_time.c \
    $(TINYTURK_DIR)/core/tt_token.c \
    $(TINYTURK_DIR)/core/tt_utf8.c
TINYTURK_CORE_INC := $(TINYTURK_DIR)/core

TINYTURK_PORT_BEARSSL_SRC := \
    $(TINYTURK_DIR)/port/bearssl/tt_tls.c
TINYTURK_PORT_BEARSSL_HOST_SRC := \
    $(TINYTURK_DIR)/port/bearssl/tt_ca.c
TINYTURK_PORT_BEARSSL_INC := $(TINYTURK_DIR)/port/bearssl

TINYTURK_PORT_POSIX_SRC := \
    $(TINYTURK_DIR)/port/posix/tt_posix.c \
    $(TINYTURK_DIR)/port/posix/tt_proxy.c
TINYTURK_PORT_POSIX_INC := $(TINYTURK_DIR)/port/posix
TINYTURK_PORT_POSIX_DEFS := -D_DEFAULT_SOURCE

TINYTURK_PORT_LWIP_SRC := \
    $(TINYTURK_DIR)/port/lwip/tt_lwip.c
TINYTURK_PORT_LWIP_INC := $(TINYTURK_DIR)/port/lwip

TINYTURK_PORTS := bearssl lwip posix

TINYTURK_DEFS ?=
