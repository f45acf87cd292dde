#!/usr/bin/env bash
# Integration test of examples/:
#  - examples/list_assignments.c builds with the project's warnings (gcc, and
#    clang when present) against $BUILD/libtinyturk.a, and lists the local
#    emulator's HITs over HTTP and HTTPS (127.0.0.1 only) exactly as the CLI
#    does (same assignments, same order); an unknown HIT fails with exit 1 and
#    the service error.
#  - examples/bare_metal_port.c compiles with arm-none-eabi-gcc -c for
#    Cortex-M4 under the project's warnings (and with TT_EXAMPLE_TLS when the
#    BearSSL sources are present); then, on the host, its port functions run
#    for real: a small harness supplies the board_* functions over POSIX
#    (sockets to the emulator on 127.0.0.1, no RTC) and the sketch's
#    board_list_hit() lists a HIT.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${TT_BUILD:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

tmp=$(mktemp -d /tmp/tt_examples.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
WARN=(-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror)
INC=(-Icore -Iport/posix -Iport/bearssl)

# --- build -------------------------------------------------------------------
[ -f "$BUILD/libtinyturk.a" ] || make --no-print-directory BUILD="$BUILD" "$BUILD/libtinyturk.a" >/dev/null
compilers=(gcc)
command -v clang >/dev/null && compilers+=(clang)
for cc in "${compilers[@]}"; do
    if $cc "${WARN[@]}" -O2 -D_DEFAULT_SOURCE "${INC[@]}" examples/list_assignments.c \
        "$BUILD/libtinyturk.a" -lbearssl -o "$tmp/la_$cc" 2>"$tmp/la_$cc.log"; then
        ok "list_assignments.c builds ($cc, project warnings)"
    else
        bad "list_assignments.c ($cc)"; cat "$tmp/la_$cc.log"
    fi
done
LA=$tmp/la_gcc

if command -v arm-none-eabi-gcc >/dev/null; then
    if arm-none-eabi-gcc "${WARN[@]}" -mcpu=cortex-m4 -mthumb -Os -Icore -c examples/bare_metal_port.c \
        -o "$tmp/bm.o" 2>"$tmp/bm.log"; then
        ok "bare_metal_port.c compiles: arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os, project warnings"
    else
        bad "bare_metal_port.c (arm)"; cat "$tmp/bm.log"
    fi
    if [ -f build/third_party/bearssl/inc/bearssl.h ]; then
        if arm-none-eabi-gcc "${WARN[@]}" -mcpu=cortex-m4 -mthumb -Os -DTT_EXAMPLE_TLS -Icore -Iport/bearssl \
            -isystem build/third_party/bearssl/inc -c examples/bare_metal_port.c -o "$tmp/bmt.o" 2>"$tmp/bmt.log"; then
            ok "bare_metal_port.c with TT_EXAMPLE_TLS compiles for Cortex-M4"
        else
            bad "bare_metal_port.c TLS (arm)"; cat "$tmp/bmt.log"
        fi
    else
        echo "skip: TT_EXAMPLE_TLS for arm (no build/third_party/bearssl: scripts/board-deps.sh)"
    fi
else
    echo "skip: arm-none-eabi-gcc not installed"
fi

# The board harness: the board_* functions over POSIX, the "network" being
# the emulator's port on 127.0.0.1 whatever host the sketch names.
cat >"$tmp/harness.c" <<'EOF'
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "tinyturk.h"

enum { BOARD_EOK, BOARD_ENOHOST, BOARD_EREFUSED, BOARD_ETIMEOUT, BOARD_ERESET, BOARD_EOTHER };
int board_list_hit(const char *akid, const char *secret, const char *hit_id, uint32_t *count);
static int fd = -1;
static uint16_t emu_port;

uint64_t board_uptime_ms(void);
int board_rtc_read(int64_t *epoch_s);
void board_delay_ms(uint32_t ms);
int board_trng_read(uint8_t *out, size_t len);
int board_tcp_open(const char *host, uint16_t port, uint32_t timeout_ms);
int board_tcp_write(const uint8_t *buf, size_t len, size_t *done, uint32_t timeout_ms);
int board_tcp_read(uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms);
void board_tcp_close(void);

uint64_t board_uptime_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
int board_rtc_read(int64_t *epoch_s) { (void)epoch_s; return -1; } /* no RTC */
void board_delay_ms(uint32_t ms) { usleep(ms * 1000u); }
int board_trng_read(uint8_t *out, size_t len) { while (len--) *out++ = (uint8_t)rand(); return 0; }
int board_tcp_open(const char *host, uint16_t port, uint32_t timeout_ms)
{
    struct sockaddr_in a = {0};
    (void)host; (void)port; (void)timeout_ms;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_family = AF_INET;
    a.sin_port = htons(emu_port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); fd = -1; return BOARD_EREFUSED; }
    return BOARD_EOK;
}
int board_tcp_write(const uint8_t *buf, size_t len, size_t *done, uint32_t timeout_ms)
{
    ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
    (void)timeout_ms;
    if (n < 0) return errno == EPIPE || errno == ECONNRESET ? BOARD_ERESET : BOARD_EOTHER;
    *done = (size_t)n;
    return BOARD_EOK;
}
int board_tcp_read(uint8_t *buf, size_t cap, size_t *got, uint32_t timeout_ms)
{
    struct pollfd p = {0};
    ssize_t n;
    p.fd = fd;
    p.events = POLLIN;
    if (poll(&p, 1, (int)timeout_ms) == 0) return BOARD_ETIMEOUT;
    n = recv(fd, buf, cap, 0);
    if (n < 0) return errno == ECONNRESET ? BOARD_ERESET : BOARD_EOTHER;
    *got = (size_t)n;
    return BOARD_EOK;
}
void board_tcp_close(void) { if (fd >= 0) close(fd); fd = -1; }

int main(int argc, char **argv)
{
    uint32_t n = 0;
    int rc;
    if (argc < 3) return 2;
    emu_port = (uint16_t)atoi(argv[1]);
    rc = board_list_hit("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", argv[2], &n);
    printf("%s %u\n", tt_errname(rc), (unsigned)n);
    return rc == TT_OK ? 0 : 1;
}
EOF
if gcc "${WARN[@]}" -O1 -D_DEFAULT_SOURCE "${INC[@]}" "$tmp/harness.c" examples/bare_metal_port.c \
    "$BUILD/libtinyturk.a" -lbearssl -o "$tmp/board" 2>"$tmp/board.log"; then
    ok "bare_metal_port.c + a POSIX board harness link on the host"
else
    bad "host board harness"; cat "$tmp/board.log"
fi

# --- run against the emulator ------------------------------------------------------
start_emu() { # name extra-args...
    local name=$1 i
    shift
    /usr/bin/python3 tests/mturk_server.py --port 0 --port-file "$tmp/$name.port" --dataset demo \
        --idle-timeout 60 "$@" >"$tmp/$name.out" 2>&1 &
    pids+=($!)
    for i in $(seq 1 150); do [ -s "$tmp/$name.port" ] && break; sleep 0.1; done
    cat "$tmp/$name.port" 2>/dev/null
}
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
unset AWS_SESSION_TOKEN AWS_PROFILE HTTPS_PROXY https_proxy HTTP_PROXY http_proxy

# cli_ids URL HIT: what the CLI lists, one "id worker status" line each.
cli_ids() {
    "$BUILD/tinyturk" mturk list-assignments-for-hit --endpoint-url "$1" --hit-id "$2" \
        --query 'Assignments[].[AssignmentId,WorkerId,AssignmentStatus]' --output text | tr '\t' ' '
}

port=$(start_emu plain)
if [ -z "$port" ]; then
    bad "emulator did not start"; cat "$tmp/plain.out"
else
    for hit in 3DEMOHIT0000000000000000000001 3DEMOHIT0000000000000000000002; do
        want=$(cli_ids "http://127.0.0.1:$port" "$hit")
        have=$("$LA" 127.0.0.1 "$port" "$hit" 2>"$tmp/la.err")
        rc=$?
        n=$(printf '%s\n' "$want" | grep -c .)
        check "list_assignments over HTTP, $hit: exit 0, the CLI's $n assignments in order" \
            bash -c "[ $rc -eq 0 ] && [ '$n' -gt 0 ] && [ \"\$1\" = \"\$2\" ]" _ "$want" "$have"
        echo "  $(cat "$tmp/la.err")"
    done
    "$LA" 127.0.0.1 "$port" 3NOSUCHHIT000000000000000000000 >/dev/null 2>"$tmp/la.err"
    rc=$?
    check "list_assignments, unknown HIT: exit 1, TT_ERR_SERVICE with the service's code" \
        bash -c "[ $rc -eq 1 ] && grep -q 'TT_ERR_SERVICE.*http=400 service=RequestError' '$tmp/la.err'"
    "$LA" 127.0.0.1 >/dev/null 2>&1
    check "list_assignments without arguments: usage, exit 2" [ $? -eq 2 ]

    out=$("$tmp/board" "$port" 3DEMOHIT0000000000000000000002 2>&1)
    check "bare_metal_port.c's port functions list a HIT on the host harness (no RTC: Date header): $out" \
        [ "$out" = "TT_OK 237" ]
fi

tport=$(start_emu tls --tls-dir "$tmp/certs")
if [ -z "$tport" ] || [ ! -f "$tmp/certs/ca.pem" ]; then
    bad "TLS emulator did not start"; cat "$tmp/tls.out"
else
    hit=3DEMOHIT0000000000000000000001
    want=$(AWS_CA_BUNDLE=$tmp/certs/ca.pem cli_ids "https://127.0.0.1:$tport" "$hit")
    have=$("$LA" 127.0.0.1 "$tport" "$hit" "$tmp/certs/ca.pem" 2>"$tmp/la.err")
    rc=$?
    check "list_assignments over HTTPS (BearSSL, test CA): the CLI's assignments" \
        bash -c "[ $rc -eq 0 ] && [ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" _ "$want" "$have"
    "$LA" 127.0.0.1 "$tport" "$hit" /etc/ssl/certs/ca-certificates.crt >/dev/null 2>"$tmp/la.err"
    rc=$?
    check "list_assignments over HTTPS with the wrong CA: exit 1, TT_ERR_TLS_UNTRUSTED" \
        bash -c "[ $rc -eq 1 ] && grep -q TT_ERR_TLS_UNTRUSTED '$tmp/la.err'"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
