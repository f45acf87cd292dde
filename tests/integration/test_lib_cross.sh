#!/usr/bin/env bash
# Integration test of `make lib` (mk/lib.mk): cross static libraries of the
# core and the chosen ports for Cortex-M4 (arm-none-eabi-) and RV32IMAC
# (riscv64-unknown-elf- with picolibc).  For each toolchain: the archive
# builds with the project's warnings, holds exactly the core + port objects
# for the right architecture, ships the headers a user needs, and a small
# bare-metal program that drives the engine through a fake transport links
# against it with the toolchain alone (no tinyturk Makefile).  When the
# mps2-an386 board's BearSSL (built for Cortex-M4) exists, a program using the
# TLS transport is linked too.  Also: a flag change rebuilds, unknown PORTS
# are refused, PORTS=lwip works when port/lwip/ exists.
# Skips a toolchain that is not installed (scripts/deps.sh lists both).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${TT_BUILD:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

tmp=$(mktemp -d /tmp/tt_lib_cross.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
out=$BUILD/test-lib-cross

# The firmware side: a fake transport that answers one canned page, a
# platform without a wall clock, and a listing through the public API.
cat >"$tmp/fw.c" <<'EOF'
#include <string.h>
#include "tinyturk.h"
#ifdef WITH_TLS
#include "tt_tls.h"
#endif

static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\n{\"Assignments\":[]}";
static size_t sent;

static int fw_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{ (void)ctx; (void)host; (void)port; (void)timeout_ms; sent = 0; return TT_OK; }
static int fw_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{ (void)ctx; (void)buf; (void)len; (void)timeout_ms; return TT_OK; }
static int fw_recv(void *ctx, uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    size_t n = sizeof reply - 1 - sent;
    (void)ctx; (void)timeout_ms;
    if (n > cap) n = cap;
    memcpy(buf, reply + sent, n);
    sent += n;
    *got = n;
    return TT_OK;
}
static void fw_close(void *ctx) { (void)ctx; }
static uint64_t fw_ms(void *ctx) { (void)ctx; return 0; }
static int fw_wall(void *ctx, int64_t *s) { (void)ctx; *s = 1700000000; return TT_OK; }
static void fw_sleep(void *ctx, uint32_t ms) { (void)ctx; (void)ms; }
static int fw_random(void *ctx, uint8_t *out, size_t len) { (void)ctx; memset(out, 7, len); return TT_OK; }

static unsigned char mem[8192];

int main(void)
{
    tt_transport tr = {0, fw_connect, fw_send, fw_recv, fw_close};
    tt_platform plat = {0, fw_ms, fw_wall, fw_sleep, fw_random};
    tt_arena arena;
    tt_client client;
    tt_client_config cfg;
    tt_list_params lp;
    tt_client_config_defaults(&cfg);
    cfg.transport = &tr;
    cfg.platform = &plat;
    cfg.host = "127.0.0.1";
    cfg.port = 80;
    cfg.https = 0;
    cfg.access_key_id = "AKIDEXAMPLE";
    cfg.secret_access_key = "secret";
#ifdef WITH_TLS
    {
        static tt_tls tls;
        static tt_transport tls_tr;
        tt_tls_config tc;
        memset(&tc, 0, sizeof tc);
        tc.no_verify = 1;
        tt_arena_init(&arena, mem, sizeof mem);
        if (tt_tls_transport_init(&tls, &tr, &arena, &tc, &plat, &tls_tr) == TT_OK)
            cfg.transport = &tls_tr;
    }
#endif
    tt_arena_init(&arena, mem, sizeof mem);
    if (tt_client_init(&client, &cfg) != TT_OK)
        return 1;
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("3XHIT");
    return tt_client_list(&client, &arena, &lp, NULL) == TT_OK ? 0 : 2;
}
EOF

# one_target NAME CROSS TARGET_CFLAGS ELF-MACHINE LINK-FLAGS
one_target() {
    local name=$1 cross=$2 tflags=$3 machine=$4 lflags=$5 dir=$out/$1 lib
    if ! command -v "${cross}gcc" >/dev/null; then
        echo "skip: $name (${cross}gcc not installed; scripts/deps.sh)"
        return
    fi
    lib=$dir/libtinyturk-core.a
    if make --no-print-directory BUILD="$BUILD" LIB_OUT="$dir" lib CROSS_COMPILE="$cross" \
        TARGET_CFLAGS="$tflags" >"$tmp/$name.log" 2>&1; then
        ok "$name: make lib"
    else
        bad "$name: make lib"; tail -15 "$tmp/$name.log"; return
    fi
    # Exactly the core and the bearssl port's OS-free file.
    local want have
    want=$( (ls core/*.c; echo port/bearssl/tt_tls.c) | xargs -n1 basename | sed 's/\.c$/.o/' | sort)
    have=$("${cross}ar" t "$lib" | sort)
    check "$name: archive holds core/*.c + tt_tls.c only" [ "$want" = "$have" ]
    check "$name: objects are $machine" \
        bash -c "${cross}readelf -h '$dir/obj/core/tt_client.o' | grep -q 'Machine:.*$machine'"
    check "$name: headers shipped (tinyturk.h, tt_config.h, tt_port.h, tt_tls.h; no host-only tt_ca.h)" \
        bash -c "[ -f '$dir/include/tinyturk.h' ] && [ -f '$dir/include/tt_config.h' ] && \
                 [ -f '$dir/include/tt_port.h' ] && [ -f '$dir/include/tt_tls.h' ] && [ ! -e '$dir/include/tt_ca.h' ]"
    check "$name: buildinfo.txt records the flags" grep -q -- "$tflags" "$dir/buildinfo.txt"
    # A firmware build: its own compiler line, the shipped headers, the archive.
    # shellcheck disable=SC2086
    if "${cross}gcc" -std=c99 -Wall -Wextra -Werror $tflags $lflags -Os -I"$dir/include" \
        -isystem build/third_party/bearssl/inc "$tmp/fw.c" -L"$dir" -ltinyturk-core \
        -Wl,--gc-sections -o "$tmp/$name.elf" >"$tmp/$name.link" 2>&1; then
        ok "$name: a bare-metal program links against libtinyturk-core.a"
        check "$name: the program contains the engine" \
            bash -c "${cross}nm '$tmp/$name.elf' | grep -q ' T tt_client_list$'"
        "${cross}size" "$tmp/$name.elf" | tail -1 | awk -v n="$name" '{print "  " n ": program text " $1 " B, data " $2 " B, bss " $3 " B"}'
    else
        bad "$name: link"; cat "$tmp/$name.link"
    fi
}

one_target arm-cortex-m4 arm-none-eabi- "-mcpu=cortex-m4 -mthumb" "ARM" "--specs=nano.specs --specs=nosys.specs"
# Unchanged flags -> nothing to do (checked at once, before anything can edit the tree).
if command -v arm-none-eabi-gcc >/dev/null; then
    make --no-print-directory BUILD="$BUILD" LIB_OUT="$out/arm-cortex-m4" lib CROSS_COMPILE=arm-none-eabi- \
        TARGET_CFLAGS="-mcpu=cortex-m4 -mthumb" >"$tmp/again.log" 2>&1
    check "unchanged flags: nothing recompiled" bash -c "! grep -q 'arm-none-eabi-gcc' '$tmp/again.log'"
    grep -o ' -c [^ ]*' "$tmp/again.log" | head -5 | sed 's/^/    recompiled:/'
fi
one_target riscv-rv32imac riscv64-unknown-elf- "-march=rv32imac -mabi=ilp32" "RISC-V" "--specs=picolibc.specs"

# The host flavour: core + posix + bearssl (with the host-only tt_ca.c).
if make --no-print-directory BUILD="$BUILD" LIB_OUT="$out/host" lib >"$tmp/host.log" 2>&1; then
    want=$(ls core/*.c port/posix/*.c port/bearssl/*.c | xargs -n1 basename | sed 's/\.c$/.o/' | sort)
    have=$(ar t "$out/host/libtinyturk-core.a" | sort)
    check "host make lib: core + posix + bearssl (tt_ca.c included)" [ "$want" = "$have" ]
    if gcc -std=c99 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -I"$out/host/include" "$tmp/fw.c" \
        -L"$out/host" -ltinyturk-core -lbearssl -o "$tmp/host_fw" 2>"$tmp/host.link"; then
        "$tmp/host_fw"
        check "host make lib: the fake-transport program links and lists (exit 0)" [ $? -eq 0 ]
    else
        bad "host link"; cat "$tmp/host.link"
    fi
else
    bad "host make lib"; tail -15 "$tmp/host.log"
fi

# TLS too, with the board's Cortex-M4 BearSSL when it was built.
brlib=$BUILD/mps2-an386/bearssl/libbearssl.a
[ -f "$brlib" ] || brlib=build/mps2-an386/bearssl/libbearssl.a
if [ -f "$out/arm-cortex-m4/libtinyturk-core.a" ] && [ -f "$brlib" ]; then
    if arm-none-eabi-gcc -std=c99 -Wall -Wextra -Werror -mcpu=cortex-m4 -mthumb --specs=nano.specs \
        --specs=nosys.specs -Os -DWITH_TLS -I"$out/arm-cortex-m4/include" -isystem build/third_party/bearssl/inc \
        "$tmp/fw.c" -L"$out/arm-cortex-m4" -ltinyturk-core "$brlib" -Wl,--gc-sections \
        -o "$tmp/tls.elf" >"$tmp/tls.link" 2>&1; then
        ok "arm-cortex-m4: a program using the TLS transport links with the board's BearSSL"
    else
        bad "arm-cortex-m4: TLS link"; cat "$tmp/tls.link"
    fi
else
    echo "skip: TLS link (no $brlib: make BOARD=mps2-an386 builds it)"
fi

# Flags changed -> objects rebuilt (the stamp).
if command -v arm-none-eabi-gcc >/dev/null; then
    make --no-print-directory BUILD="$BUILD" LIB_OUT="$out/arm-cortex-m4" lib CROSS_COMPILE=arm-none-eabi- \
        TARGET_CFLAGS="-mcpu=cortex-m0 -mthumb" >"$tmp/m0.log" 2>&1
    check "changed flags (-mcpu=cortex-m0): recompiled" grep -q -- '-mcpu=cortex-m0.*tt_client.c' "$tmp/m0.log"
fi


if make --no-print-directory BUILD="$BUILD" LIB_OUT="$out/bad" lib CROSS_COMPILE=arm-none-eabi- \
    PORTS="bearssl nosuch" >"$tmp/bad.log" 2>&1; then
    bad "unknown PORTS refused"
else
    check "unknown PORTS refused with a message" grep -q 'unknown port(s) "nosuch"' "$tmp/bad.log"
fi

# lwIP port, when the tree has one.
if ls port/lwip/*.c >/dev/null 2>&1 && command -v arm-none-eabi-gcc >/dev/null; then
    if make --no-print-directory BUILD="$BUILD" LIB_OUT="$out/arm-lwip" lib CROSS_COMPILE=arm-none-eabi- \
        TARGET_CFLAGS="-mcpu=cortex-m4 -mthumb" PORTS="lwip bearssl" >"$tmp/lwip.log" 2>&1; then
        want=$( (ls core/*.c port/lwip/*.c; echo port/bearssl/tt_tls.c) | xargs -n1 basename | sed 's/\.c$/.o/' | sort)
        have=$(arm-none-eabi-ar t "$out/arm-lwip/libtinyturk-core.a" | sort)
        check "PORTS=\"lwip bearssl\": core + lwip + tt_tls.c" [ "$want" = "$have" ]
    else
        bad "PORTS=\"lwip bearssl\" build"; tail -15 "$tmp/lwip.log"
    fi
else
    echo "skip: PORTS=lwip (no port/lwip/ in this tree)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
