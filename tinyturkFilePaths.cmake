# tinyturkFilePaths.cmake - tinyturk's source files and include directories as
# CMake variables (in the style of coreHTTP's httpFilePaths.cmake), for a
# firmware or host project that builds tinyturk with its own CMake build.
#
#   include(${CMAKE_CURRENT_LIST_DIR}/third_party/tinyturk/tinyturkFilePaths.cmake)
#   add_library(tinyturk STATIC ${TINYTURK_CORE_SOURCES} ${TINYTURK_PORT_BEARSSL_SOURCES})
#   target_include_directories(tinyturk PUBLIC ${TINYTURK_CORE_INCLUDE_DIRS}
#                                              ${TINYTURK_PORT_BEARSSL_INCLUDE_DIRS})
#   target_compile_definitions(tinyturk PUBLIC ${TINYTURK_DEFINITIONS})
#   set_property(TARGET tinyturk PROPERTY C_STANDARD 99)
#
# Variables (absolute paths):
#   TINYTURK_CORE_SOURCES            the portable engine: no OS, no malloc, no stdio
#   TINYTURK_CORE_INCLUDE_DIRS       its include directory (headers are included
#                                    by bare name: #include "tinyturk.h")
#   TINYTURK_PORT_BEARSSL_SOURCES    TLS 1.2 transport over any transport (no OS)
#   TINYTURK_PORT_BEARSSL_HOST_SOURCES  trust anchors from a PEM file (hosts only)
#   TINYTURK_PORT_BEARSSL_INCLUDE_DIRS
#   TINYTURK_PORT_POSIX_SOURCES      sockets, clock, randomness, CONNECT proxy
#   TINYTURK_PORT_POSIX_INCLUDE_DIRS
#   TINYTURK_PORT_POSIX_DEFINITIONS  _DEFAULT_SOURCE
#   TINYTURK_PORT_LWIP_SOURCES       tt_transport over lwIP's raw TCP API (NO_SYS=1)
#   TINYTURK_PORT_LWIP_INCLUDE_DIRS  tt_lwip.h, tt_lwipopts.h (lwIP's src/include
#                                    and your lwipopts.h / arch/cc.h too)
#   TINYTURK_PORTS                   the port names this tree has
#   TINYTURK_DEFINITIONS             empty: the defaults live in core/tt_config.h;
#                                    override with TT_CONFIG_USER="my_ttopts.h"
#   TINYTURK_VERSION                 the library version (semver)
#
# tinyturk.mk carries the same lists for Make; tests/integration/test_srclists.sh
# keeps both in sync with the tree and builds a small project with each.

set(TINYTURK_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TINYTURK_VERSION "0.2.0")

set(TINYTURK_CORE_SOURCES
    "${TINYTURK_DIR}/core/tt_arena.c"
    "${TINYTURK_DIR}/core/tt_assignment.c"
    "${TINYTURK_DIR}/core/tt_base.c"
    "${TINYTURK_DIR}/core/tt_base64.c"
    "${TINYTURK_DIR}/core/tt_body.c"
    "${TINYTURK_DIR}/core/tt_client.c"
    "${TINYTURK_DIR}/core/tt_error.c"
    "${TINYTURK_DIR}/core/tt_http.c"
    "${TINYTURK_DIR}/core/tt_json.c"
    "${TINYTURK_DIR}/core/tt_page.c"
    "${TINYTURK_DIR}/core/tt_qfa.c"
    "${TINYTURK_DIR}/core/tt_request.c"
    "${TINYTURK_DIR}/core/tt_retry.c"
    "${TINYTURK_DIR}/core/tt_sha256.c"
    "${TINYTURK_DIR}/core/tt_sigv4.c"
    "${TINYTURK_DIR}/core/tt_svcerr.c"
    "${TINYTURK_DIR}/core/tt_time.c"
    "${TINYTURK_DIR}/core/tt_token.c"
    "${TINYTURK_DIR}/core/tt_utf8.c")
set(TINYTURK_CORE_INCLUDE_DIRS "${TINYTURK_DIR}/core")

set(TINYTURK_PORT_BEARSSL_SOURCES
    "${TINYTURK_DIR}/port/bearssl/tt_tls.c")
set(TINYTURK_PORT_BEARSSL_HOST_SOURCES
    "${TINYTURK_DIR}/port/bearssl/tt_ca.c")
set(TINYTURK_PORT_BEARSSL_INCLUDE_DIRS "${TINYTURK_DIR}/port/bearssl")

set(TINYTURK_PORT_POSIX_SOURCES
    "${TINYTURK_DIR}/port/posix/tt_posix.c"
    "${TINYTURK_DIR}/port/posix/tt_proxy.c")
set(TINYTURK_PORT_POSIX_INCLUDE_DIRS "${TINYTURK_DIR}/port/posix")
set(TINYTURK_PORT_POSIX_DEFINITIONS _DEFAULT_SOURCE)

set(TINYTURK_PORT_LWIP_SOURCES
    "${TINYTURK_DIR}/port/lwip/tt_lwip.c")
set(TINYTURK_PORT_LWIP_INCLUDE_DIRS "${TINYTURK_DIR}/port/lwip")

set(TINYTURK_PORTS bearssl lwip posix)

set(TINYTURK_DEFINITIONS "")
