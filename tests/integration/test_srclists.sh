#!/usr/bin/env bash
# Integration test of the build-system source lists: tinyturk.mk (Make) and
# tinyturkFilePaths.cmake (CMake).
#  1. Both list exactly core/*.c and port/*/*.c of the tree (every port
#     directory, every file once), their include directories exist, and
#     their version is core/tinyturk.h's TT_VERSION_STRING.
#  2. A tiny out-of-tree Make project includes tinyturk.mk, builds the core +
#     POSIX + BearSSL ports with the project's warnings and a TT_CONFIG_USER
#     override header, and runs (the override is seen).
#  3. A tiny out-of-tree CMake project does the same with
#     tinyturkFilePaths.cmake (skipped when cmake is missing).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
repo=$(pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
same() { # what want have
    if [ "$2" = "$3" ]; then ok "$1"; else
        bad "$1"; diff <(echo "$2" | tr ' ' '\n') <(echo "$3" | tr ' ' '\n') | sed 's/^/    /'
    fi
}
norm() { tr ' ' '\n' | sed "s|^$repo/||" | grep -v '^$' | sort | tr '\n' ' '; }

tmp=$(mktemp -d /tmp/tt_srclists.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n 's/^#define TT_VERSION_STRING "\(.*\)"/\1/p' core/tinyturk.h)
want_core=$(ls core/*.c | norm)
want_port=$(ls port/*/*.c | norm)
want_ports=$(for d in port/*/; do ls "$d"*.c >/dev/null 2>&1 && basename "$d"; done | norm)

# --- 1. the lists ------------------------------------------------------------
mkdir -p "$tmp/q"
cat >"$tmp/q/Makefile" <<EOF
include $repo/tinyturk.mk
q:
	@echo "CORE=\$(TINYTURK_CORE_SRC)"
	@echo "PORT=\$(foreach p,\$(TINYTURK_PORTS),\$(TINYTURK_PORT_\$(shell echo \$(p) | tr a-z A-Z)_SRC)) \$(TINYTURK_PORT_BEARSSL_HOST_SRC)"
	@echo "PORTS=\$(TINYTURK_PORTS)"
	@echo "INC=\$(TINYTURK_CORE_INC) \$(foreach p,\$(TINYTURK_PORTS),\$(TINYTURK_PORT_\$(shell echo \$(p) | tr a-z A-Z)_INC))"
	@echo "VERSION=\$(TINYTURK_VERSION)"
EOF
mk=$(make --no-print-directory -s -C "$tmp/q" q 2>&1)
same "tinyturk.mk: TINYTURK_CORE_SRC = core/*.c" "$want_core" "$(sed -n 's/^CORE=//p' <<<"$mk" | norm)"
same "tinyturk.mk: TINYTURK_PORT_*_SRC = port/*/*.c" "$want_port" "$(sed -n 's/^PORT=//p' <<<"$mk" | norm)"
same "tinyturk.mk: TINYTURK_PORTS = port/*/" "$want_ports" "$(sed -n 's/^PORTS=//p' <<<"$mk" | norm)"
check "tinyturk.mk: include directories exist" \
    bash -c "for d in $(sed -n 's/^INC=//p' <<<"$mk"); do [ -d \"\$d\" ] || exit 1; done"
same "tinyturk.mk: TINYTURK_VERSION = TT_VERSION_STRING" "$version" "$(sed -n 's/^VERSION=//p' <<<"$mk")"

have_cmake=0
command -v cmake >/dev/null && have_cmake=1
if [ $have_cmake -eq 1 ]; then
    cat >"$tmp/q/q.cmake" <<EOF
include($repo/tinyturkFilePaths.cmake)
set(port "")
foreach(p \${TINYTURK_PORTS})
  string(TOUPPER \${p} P)
  list(APPEND port \${TINYTURK_PORT_\${P}_SOURCES})
  list(APPEND inc \${TINYTURK_PORT_\${P}_INCLUDE_DIRS})
endforeach()
list(APPEND port \${TINYTURK_PORT_BEARSSL_HOST_SOURCES})
string(REPLACE ";" " " core "\${TINYTURK_CORE_SOURCES}")
string(REPLACE ";" " " port "\${port}")
string(REPLACE ";" " " ports "\${TINYTURK_PORTS}")
string(REPLACE ";" " " inc "\${TINYTURK_CORE_INCLUDE_DIRS};\${inc}")
message("CORE=\${core}")
message("PORT=\${port}")
message("PORTS=\${ports}")
message("INC=\${inc}")
message("VERSION=\${TINYTURK_VERSION}")
EOF
    cm=$(cmake -P "$tmp/q/q.cmake" 2>&1)
    same "tinyturkFilePaths.cmake: TINYTURK_CORE_SOURCES = core/*.c" "$want_core" "$(sed -n 's/^CORE=//p' <<<"$cm" | norm)"
    same "tinyturkFilePaths.cmake: TINYTURK_PORT_*_SOURCES = port/*/*.c" "$want_port" "$(sed -n 's/^PORT=//p' <<<"$cm" | norm)"
    same "tinyturkFilePaths.cmake: TINYTURK_PORTS = port/*/" "$want_ports" "$(sed -n 's/^PORTS=//p' <<<"$cm" | norm)"
    check "tinyturkFilePaths.cmake: include directories exist" \
        bash -c "for d in $(sed -n 's/^INC=//p' <<<"$cm"); do [ -d \"\$d\" ] || exit 1; done"
    same "tinyturkFilePaths.cmake: TINYTURK_VERSION = TT_VERSION_STRING" "$version" "$(sed -n 's/^VERSION=//p' <<<"$cm")"
else
    echo "skip: cmake not installed (scripts/deps.sh)"
fi

# --- 2./3. tiny projects --------------------------------------------------------
app() { # dir
    mkdir -p "$1/cfg"
    # The lwIP-style override: the firmware's own header, named by TT_CONFIG_USER.
    printf '#define TT_MAX_NEXT_TOKEN 256\n' >"$1/cfg/my_ttopts.h"
    cat >"$1/app.c" <<'EOF'
#include <stdio.h>
#include "tinyturk.h"
#include "tt_posix.h"
#include "tt_tls.h"

int main(void)
{
    static unsigned char mem[8192];
    tt_posix_platform pp;
    tt_platform plat;
    tt_posix_socket sock;
    tt_transport tcp;
    tt_arena arena;
    tt_client client;
    tt_client_config cfg;
    tt_list_params lp;
    int rc;

    tt_posix_platform_init(&pp, &plat);
    tt_posix_transport_init(&sock, &tcp);
    tt_arena_init(&arena, mem, sizeof mem);
    tt_client_config_defaults(&cfg);
    cfg.transport = &tcp;
    cfg.platform = &plat;
    cfg.host = "127.0.0.1";
    cfg.port = 1;
    cfg.https = 0;
    cfg.max_attempts = 1;
    if (tt_client_init(&client, &cfg) != TT_OK)
        return 1;
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("3XHIT");
    rc = tt_client_list(&client, &arena, &lp, NULL);
    printf("max-next-token %d list %s tls %s\n", TT_MAX_NEXT_TOKEN, tt_errname(rc),
           tt_errname(tt_tls_map_br_error(62, 1)));
    return 0;
}
EOF
}
WARNS="-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror"

mkdir -p "$tmp/mkproj"
app "$tmp/mkproj"
cat >"$tmp/mkproj/Makefile" <<EOF
TINYTURK_DIR := $repo
include \$(TINYTURK_DIR)/tinyturk.mk
TINYTURK_DEFS += -DTT_CONFIG_USER='"my_ttopts.h"'
SRC := app.c \$(TINYTURK_CORE_SRC) \$(TINYTURK_PORT_POSIX_SRC) \\
       \$(TINYTURK_PORT_BEARSSL_SRC) \$(TINYTURK_PORT_BEARSSL_HOST_SRC)
OBJ := \$(patsubst %.c,obj/%.o,\$(notdir \$(SRC)))
CFLAGS := $WARNS -O1 -Icfg \$(addprefix -I,\$(TINYTURK_CORE_INC) \$(TINYTURK_PORT_POSIX_INC) \\
          \$(TINYTURK_PORT_BEARSSL_INC)) \$(TINYTURK_PORT_POSIX_DEFS) \$(TINYTURK_DEFS)
vpath %.c \$(sort \$(dir \$(SRC)))
app: \$(OBJ)
	\$(CC) -o \$@ \$^ -lbearssl
obj/%.o: %.c
	@mkdir -p obj
	\$(CC) \$(CFLAGS) -c \$< -o \$@
EOF
if make --no-print-directory -C "$tmp/mkproj" -j"$(nproc)" >"$tmp/mk.log" 2>&1; then
    ok "Make project with tinyturk.mk builds (core + posix + bearssl, project warnings)"
    out=$("$tmp/mkproj/app")
    echo "  $out"
    check "Make project runs: TT_CONFIG_USER override seen, engine and TLS port linked" \
        grep -q "max-next-token 256 list TT_ERR_CONNECT tls TT_ERR_TLS_UNTRUSTED" <<<"$out"
else
    bad "Make project build"; tail -20 "$tmp/mk.log"
fi

if [ $have_cmake -eq 1 ]; then
    mkdir -p "$tmp/cmproj"
    app "$tmp/cmproj"
    cat >"$tmp/cmproj/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.13)
project(ttapp C)
include($repo/tinyturkFilePaths.cmake)
add_library(tinyturk STATIC \${TINYTURK_CORE_SOURCES} \${TINYTURK_PORT_POSIX_SOURCES}
            \${TINYTURK_PORT_BEARSSL_SOURCES} \${TINYTURK_PORT_BEARSSL_HOST_SOURCES})
target_include_directories(tinyturk PUBLIC \${TINYTURK_CORE_INCLUDE_DIRS}
    \${TINYTURK_PORT_POSIX_INCLUDE_DIRS} \${TINYTURK_PORT_BEARSSL_INCLUDE_DIRS}
    \${CMAKE_CURRENT_SOURCE_DIR}/cfg)
target_compile_definitions(tinyturk PUBLIC \${TINYTURK_PORT_POSIX_DEFINITIONS}
    \${TINYTURK_DEFINITIONS} TT_CONFIG_USER="my_ttopts.h")
set_target_properties(tinyturk PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(tinyturk PRIVATE $WARNS)
add_executable(app app.c)
set_target_properties(app PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_link_libraries(app tinyturk bearssl)
EOF
    if cmake -S "$tmp/cmproj" -B "$tmp/cmproj/build" >"$tmp/cm.log" 2>&1 &&
        cmake --build "$tmp/cmproj/build" -j"$(nproc)" >>"$tmp/cm.log" 2>&1; then
        ok "CMake project with tinyturkFilePaths.cmake builds"
        out=$("$tmp/cmproj/build/app")
        echo "  $out"
        check "CMake project runs: TT_CONFIG_USER override seen, engine and TLS port linked" \
            grep -q "max-next-token 256 list TT_ERR_CONNECT tls TT_ERR_TLS_UNTRUSTED" <<<"$out"
    else
        bad "CMake project build"; tail -30 "$tmp/cm.log"
    fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
