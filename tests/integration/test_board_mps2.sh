#!/usr/bin/env bash
# Integration test of the mps2-an386 board: the kiosk image (Cortex-M4,
# lwIP on the LAN9118 through port/lwip, BearSSL, tinyturk core) runs under
# qemu-system-arm in a private network namespace and lists HITs from the
# local MTurk emulator (`make BOARD=mps2-an386 run`, scripts/board-run.sh).
# Checks that the UART lists exactly the emulator's assignments, in order,
# for several listings (HTTP and HTTPS), that the wall-clock-less board signs
# with the time from the Date header, the kiosk app's polling (each
# assignment printed once across polls, assignments added between polls
# printed, one kept-alive connection, ChaCha20-Poly1305), host names through
# lwIP DNS, an address from DHCP, a
# KIOSK_CONFIG build, the dedupe table's overflow, and the exit statuses.
# Needs root (netns + TAP) and qemu-system-arm: otherwise it FAILS saying
# why (TT_SKIP_NETNS=1: a loud skip instead).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${TT_BUILD:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# Not silently: a machine that cannot run the board is a failure, with the
# reason (TT_SKIP_NETNS=1 makes it a loud skip, e.g. for a non-root laptop).
cannot() {
    if [ "${TT_SKIP_NETNS:-0}" = "1" ]; then
        echo "SKIP (TT_SKIP_NETNS=1): test_board_mps2 did not run: $*"
        echo "0 passed, 0 failed"
        exit 0
    fi
    echo "FAIL test_board_mps2 cannot run: $*"
    echo "0 passed, 1 failed"
    exit 1
}
if [ "$(id -u)" -ne 0 ]; then
    cannot "not root: the network namespace + TAP device need root"
fi
if ! command -v qemu-system-arm >/dev/null; then
    scripts/board-deps.sh >/dev/null 2>&1 || true
fi
if ! command -v qemu-system-arm >/dev/null || ! command -v arm-none-eabi-gcc >/dev/null; then
    cannot "needs qemu-system-arm and arm-none-eabi-gcc (scripts/deps.sh, scripts/board-deps.sh)"
fi
if ! ip netns add "ttboardprobe$$" 2>/dev/null; then
    cannot "cannot create a network namespace (ip netns add)"
fi
ip netns del "ttboardprobe$$" 2>/dev/null

tmp=$(mktemp -d /tmp/tt_board_test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if make --no-print-directory BOARD=mps2-an386 BUILD="$BUILD" >"$tmp/build.log" 2>&1; then
    ok "build $BUILD/mps2-an386/kiosk.elf"
else
    bad "build"
    tail -20 "$tmp/build.log"
    echo "$pass passed, $fail failed"
    exit 1
fi

# expected HIT [STATUS]: "AssignmentId WorkerId AssignmentStatus" lines, from
# the emulator's own data set (same seed), without any network.  GROW=N: after
# the emulator's "grow" fault added N Submitted assignments to the HIT.
expected() {
    GROW=${GROW:-0} /usr/bin/python3 - "$@" <<'PY'
import os, sys
sys.path.insert(0, "tests")
from mturk_server import Dataset
hit, statuses = sys.argv[1], tuple(sys.argv[2:])
ds = Dataset("demo", 1)
if int(os.environ["GROW"]):
    ds.grow(hit, int(os.environ["GROW"]))
for a in ds.filtered(hit, statuses) or []:
    print(a["AssignmentId"], a["WorkerId"], a["AssignmentStatus"])
PY
}

# run NAME EXPECTED_STATUS [kiosk settings...]: UART output into $tmp/NAME.out
run() {
    local name=$1 want=$2 st
    shift 2
    make --no-print-directory BOARD=mps2-an386 BUILD="$BUILD" run RUN_ARGS="$*" >"$tmp/$name.out" 2>&1
    # make reports any failure as 2: take the kiosk's own status from board-run.
    st=$(sed -n 's/^board-run: exit status \([0-9]*\)$/\1/p' "$tmp/$name.out" | tail -1)
    if [ "$st" = "$want" ]; then
        ok "$name: exit status $st"
    else
        bad "$name: exit status $st, want $want"
        tail -30 "$tmp/$name.out"
    fi
}

listed() { awk '$1 == "ASSIGNMENT" { print $3, $4, $5 }' "$tmp/$1.out"; }

check_list() { # name hit [status]
    local name=$1
    shift
    expected "$@" >"$tmp/$name.want"
    listed "$name" >"$tmp/$name.got"
    if [ -s "$tmp/$name.want" ] || [ "$1" = "3DEMOHIT0000000000000000000004" ]; then
        if cmp -s "$tmp/$name.want" "$tmp/$name.got"; then
            ok "$name: $(wc -l <"$tmp/$name.got") assignments listed, identical to the emulator's"
        else
            bad "$name: listed assignments differ from the emulator's"
            diff "$tmp/$name.want" "$tmp/$name.got" | head -10
        fi
    else
        bad "$name: no expected data (python3 / tests/mturk_server.py?)"
    fi
}

# The kiosk prints error codes as numbers (board.mk builds it with
# TT_ERROR_TEXT=0): code NAME gives NAME's value from core/tt_error.h.
code() { sed -n "s/^ *$1 = \(-[0-9][0-9]*\),.*/\1/p" core/tt_error.h; }
[ -n "$(code TT_ERR_TLS_BAD_HOST)" ] || { bad "code(): no TT_ERR_TLS_BAD_HOST in core/tt_error.h"; }
# BearSSL's codes are printed as numbers too (tls=N; bearssl_err.h).
BR_ERR_X509_BAD_SERVER_NAME=56

has() { # name regex description
    if grep -Eq "$2" "$tmp/$1.out"; then ok "$1: $3"; else bad "$1: $3 (no /$2/)"; fi
}

# 1. Small HIT, 2 per page: 3 pages over one kept-alive connection; the
#    first request is rejected (no wall clock) and re-signed with the Date.
L="polls=1 status=all"
TLS=0 run small 0 $L hit=3DEMOHIT0000000000000000000001 page=2
check_list small 3DEMOHIT0000000000000000000001
has small '^RESULT OK items=5 pages=3 requests=4 connections=1 polls=1 printed=5$' "5 items, 3 pages, 4 requests, 1 connection"
has small '^CLOCK learnt from the Date header: [0-9]{10} ' "clock learnt from the Date header"
has small '^FIGURE arena_high_water [0-9]+ B' "arena figure printed"
has small '^FIGURE stack_high_water [0-9]+ B' "stack figure printed"
has small 'text.*data.*bss' "image size printed"

# 2. 237 assignments, 100 per page.
TLS=0 run big 0 $L hit=3DEMOHIT0000000000000000000002 page=100
check_list big 3DEMOHIT0000000000000000000002
has big '^RESULT OK items=237 pages=3 ' "237 items in 3 pages"
# Decoded QuestionFormAnswers: each ASSIGNMENT line followed by exactly its
# ANSWER lines (the emulator's Answer decoded by Python's xml.etree).
for n in small big; do
    if /usr/bin/python3 tests/tools/qfa_kiosk_check.py "$tmp/$n.out" >"$tmp/$n.qfa" 2>&1; then
        ok "$n: decoded answers match xml.etree ($(tail -n 1 "$tmp/$n.qfa"))"
    else
        bad "$n: decoded answers differ from xml.etree"; head -n 5 "$tmp/$n.qfa"
    fi
done

# 3. Status filter, default page size (MaxResults not sent).
TLS=0 run approved 0 polls=1 hit=3DEMOHIT0000000000000000000003 page=0 status=Approved
check_list approved 3DEMOHIT0000000000000000000003 Approved

# 4. A HIT without assignments.
TLS=0 run empty 0 $L hit=3DEMOHIT0000000000000000000004 page=5
check_list empty 3DEMOHIT0000000000000000000004
has empty '^RESULT OK items=0 pages=1 ' "empty HIT: 0 items, 1 page"

# 5. --max-items: stops after 3 (no CLI resume token: the kiosk is built
#    with TT_RESUME_TOKENS=0).
TLS=0 run maxitems 0 $L hit=3DEMOHIT0000000000000000000002 page=2 max=3
has maxitems '^RESULT OK items=3 ' "max=3 stops after 3 items"
if grep -q '^NEXT-TOKEN' "$tmp/maxitems.out"; then
    bad "maxitems: a resume token printed by a build without them"
else
    ok "maxitems: no resume token (TT_RESUME_TOKENS=0)"
fi
expected 3DEMOHIT0000000000000000000002 2>/dev/null | head -3 >"$tmp/maxitems.want"
listed maxitems >"$tmp/maxitems.got"
if cmp -s "$tmp/maxitems.want" "$tmp/maxitems.got"; then ok "maxitems: the first 3 assignments"; else bad "maxitems: wrong assignments"; fi

# 6. Unknown HIT: a service error, exit status 1.
TLS=0 run unknown 1 $L hit=3NOSUCHHIT000000000000000000 page=2
has unknown "^RESULT FAIL $(code TT_ERR_SERVICE) http=400 service=RequestError " "unknown HIT -> TT_ERR_SERVICE (RequestError)"

# 7. Server clock a day ahead: the board has no clock of its own, so it
#    simply takes the server's.
EMU_ARGS="--dataset demo --clock-skew 86400" TLS=0 run skew 0 $L hit=3DEMOHIT0000000000000000000001 page=0
check_list skew 3DEMOHIT0000000000000000000001

# 8. Network faults: page 2 is cut by a TCP reset in mid-body (after some of
#    its assignments were delivered), page 3 is throttled.  The board
#    reconnects, retries, and still delivers each assignment exactly once.
cat >"$tmp/faults.json" <<'J'
[{"kind": "reset", "at_byte": 900, "nth": 3}, {"kind": "throttle", "nth": 5}]
J
EMU_ARGS="--dataset demo --faults $tmp/faults.json" TLS=0 run faults 0 $L hit=3DEMOHIT0000000000000000000001 page=2
check_list faults 3DEMOHIT0000000000000000000001
has faults '^RESULT OK items=5 pages=3 requests=6 connections=2 ' "2 retries, 1 reconnect"

# 9. HTTPS (BearSSL on the board, trust anchor compiled in, server name
#    "localhost"): the same listing, over one TLS connection.
TLS=1 run tls 0 $L hit=3DEMOHIT0000000000000000000002 page=100
check_list tls 3DEMOHIT0000000000000000000002
has tls 'https name=localhost' "kiosk ran over HTTPS"
has tls '^RESULT OK items=237 pages=3 requests=4 connections=1 ' "237 items, 1 TLS connection"
has tls '^FIGURE tls_arena_used [0-9]+ B' "TLS arena figure printed"

# 10. HTTPS, wrong server name: the certificate is rejected.
TLS=1 run tlsname 1 $L hit=3DEMOHIT0000000000000000000001 name=other.invalid
has tlsname "^RESULT FAIL $(code TT_ERR_TLS_BAD_HOST) .* tls=$BR_ERR_X509_BAD_SERVER_NAME " "wrong name -> TT_ERR_TLS_BAD_HOST"
if grep -q '^ASSIGNMENT' "$tmp/tlsname.out"; then bad "tlsname: assignments listed"; else ok "tlsname: nothing listed"; fi

# 11. HTTPS with a 1970 clock: the certificate is not yet valid.
TLS=1 run tlstime 1 $L hit=3DEMOHIT0000000000000000000001 time=0
has tlstime "^RESULT FAIL ($(code TT_ERR_TLS_EXPIRED)|$(code TT_ERR_TLS_NOT_YET_VALID)) " "clock in 1970 -> certificate not yet valid"

# 12. The kiosk app as configured (kiosk.conf.h: HTTPS, Submitted, 3 polls):
#     3 new Submitted assignments arrive before the second poll (the
#     emulator's "grow" fault on the 2nd listing's first page).  Each
#     assignment is printed exactly once across the polls, the new ones in
#     poll 2, nothing in poll 3, all over one kept-alive TLS connection.
cat >"$tmp/grow.json" <<'J'
[{"kind": "grow", "page": 1, "min_nth": 3, "count": 3}]
J
EMU_ARGS="--dataset demo --faults $tmp/grow.json" run kiosk 0 interval=300
GROW=3 check_list kiosk 3DEMOHIT0000000000000000000001 Submitted
has kiosk 'https name=localhost hit=3DEMOHIT0000000000000000000001 status=Submitted polls=3 ' "config defaults: HTTPS, Submitted, 3 polls"
has kiosk '^POLL 1 OK listed=1 new=1 .*connection=new ' "poll 1: the one Submitted assignment"
has kiosk '^POLL 2 OK listed=4 new=3 .*connection=kept ' "poll 2: only the 3 new ones printed, same connection"
has kiosk '^POLL 3 OK listed=4 new=0 .*connection=kept ' "poll 3: nothing new, same connection"
has kiosk '^RESULT OK items=9 pages=3 requests=4 connections=1 polls=3 printed=4$' "3 polls, 4 printed, 1 connection"
ids=$(awk '$1 == "ASSIGNMENT" { print $3 }' "$tmp/kiosk.out")
if [ -n "$ids" ] && [ "$(printf '%s\n' "$ids" | sort | uniq -d)" = "" ]; then
    ok "kiosk: no assignment printed twice"
else
    bad "kiosk: an assignment printed twice (or none)"
fi
has kiosk '^FIGURE first_poll_instructions [0-9]+ ' "instructions of the first poll (TLS handshake) printed"
has kiosk '^FIGURE kept_alive_poll_instructions [0-9]+ ' "instructions of a kept-alive poll printed"
grep -E '^POLL|^FIGURE (first|kept|connect_busy|arena_high|stack_high|tls_arena)' "$tmp/kiosk.out" | sed 's/^/     /'

# 12c. The server drops the idle connection after poll 1 (silently, like
#      an idle keep-alive timeout): poll 2 reconnects (TLS session resumed)
#      and nothing is printed twice.
cat >"$tmp/close.json" <<'J'
[{"kind": "close", "announce": false, "nth": 2}]
J
EMU_ARGS="--dataset demo --faults $tmp/close.json" run idleclose 0 interval=300
has idleclose '^POLL 2 OK listed=1 new=0 .*connection=new ' "poll 2 reconnects, prints nothing again"
has idleclose '^POLL 3 OK listed=1 new=0 .*connection=kept ' "poll 3 on the new connection"
has idleclose '^RESULT OK .* connections=2 polls=3 printed=1$' "2 connections, 1 assignment printed"
grep -E '^POLL 2' "$tmp/idleclose.out" | sed 's/^/     /'

# 13. Host names through lwIP DNS (the namespace's DNS server knows
#     mturk.kiosk.test), and a name it does not know.
TLS=0 run dns 0 $L server=mturk.kiosk.test hit=3DEMOHIT0000000000000000000001 page=2
check_list dns 3DEMOHIT0000000000000000000001
has dns '^FIGURE dns_lookups 1$' "one DNS lookup through lwIP"
TLS=0 run nxdomain 1 $L server=nosuch.kiosk.test hit=3DEMOHIT0000000000000000000001
has nxdomain "^RESULT FAIL $(code TT_ERR_DNS) " "unknown name -> TT_ERR_DNS"

# 13b. DHCP: the namespace's DHCP server leases 10.77.0.50 with router and
#      DNS 10.77.0.1; the board takes address and DNS server from it.
BOARD_DHCP=10.77.0.50 TLS=0 run dhcp 0 $L ip=dhcp server=mturk.kiosk.test hit=3DEMOHIT0000000000000000000001
has dhcp '^net: up \(dhcp\) ip=10\.77\.0\.50 gw=10\.77\.0\.1 dns=10\.77\.0\.1 ' "address, router and DNS from DHCP"
check_list dhcp 3DEMOHIT0000000000000000000001

# 14. A build-time configuration file (KIOSK_CONFIG): plain HTTP, HIT 3 (20+
#     Submitted), 2 polls, and a dedupe table of only 4 entries: it overflows,
#     the documented way (live evictions counted, assignments may print
#     again), and the first poll still prints the whole listing.
cat >"$tmp/small.conf.h" <<'C'
#define KIOSK_HTTPS 0
#define KIOSK_HIT "3DEMOHIT0000000000000000000003"
#define KIOSK_POLLS 2
#define KIOSK_POLL_INTERVAL_MS 100
#define KIOSK_PAGE_SIZE 7
#define KIOSK_SEEN_SETS 1u
#define KIOSK_SEEN_WAYS 4u
C
if make --no-print-directory BOARD=mps2-an386 BUILD="$BUILD" KIOSK_CONFIG="$tmp/small.conf.h" >"$tmp/cfgbuild.log" 2>&1; then
    ok "build with KIOSK_CONFIG"
    TLS= KIOSK_CONFIG="$tmp/small.conf.h" run config 0
    has config ' http hit=3DEMOHIT0000000000000000000003 status=Submitted polls=2 ' "settings from the KIOSK_CONFIG file"
    expected 3DEMOHIT0000000000000000000003 Submitted >"$tmp/config.want"
    awk '$1 == "ASSIGNMENT" && / poll=1 / { print $3, $4, $5 }' "$tmp/config.out" >"$tmp/config.got"
    if [ -s "$tmp/config.want" ] && cmp -s "$tmp/config.want" "$tmp/config.got"; then
        ok "config: poll 1 printed all $(wc -l <"$tmp/config.got") Submitted assignments"
    else
        bad "config: poll 1 listing differs"
    fi
    has config '^FIGURE seen_capacity 4$' "dedupe table of 4 entries"
    has config '^FIGURE seen_live_evictions [1-9][0-9]* ' "overflow counted as live evictions"
else
    bad "build with KIOSK_CONFIG"
    tail -20 "$tmp/cfgbuild.log"
fi
# 15. ChaCha20-Poly1305 only (a build with the ChaCha20 code, which the
#     default configuration leaves out; chacha=2 at run time: the emulator's
#     OpenSSL would pick AES-GCM whenever offered): ~6x cheaper records.
cat >"$tmp/chacha.conf.h" <<C
#include "$PWD/boards/mps2-an386/kiosk.conf.h"
#define KIOSK_TLS_CHACHA_CODE 1
C
if make --no-print-directory BOARD=mps2-an386 BUILD="$BUILD" KIOSK_CONFIG="$tmp/chacha.conf.h" >"$tmp/chachabuild.log" 2>&1; then
    ok "build with KIOSK_TLS_CHACHA_CODE"
    EMU_ARGS="--dataset demo --faults $tmp/grow.json" KIOSK_CONFIG="$tmp/chacha.conf.h" run chacha 0 interval=300 chacha=2
    GROW=3 check_list chacha 3DEMOHIT0000000000000000000001 Submitted
    has chacha '^RESULT OK items=9 pages=3 requests=4 connections=1 polls=3 printed=4$' "ChaCha20-Poly1305: 3 polls, 4 printed, 1 connection"
    grep -E '^POLL|^FIGURE (first|kept)' "$tmp/chacha.out" | sed 's/^/     /'
else
    bad "build with KIOSK_TLS_CHACHA_CODE"
    tail -20 "$tmp/chachabuild.log"
fi
# Back to the default configuration for whoever runs next.
make --no-print-directory BOARD=mps2-an386 BUILD="$BUILD" >/dev/null 2>&1 || bad "rebuild with the default configuration"
# ... whose image has neither the ChaCha20 code nor the error names.
syms=$(arm-none-eabi-nm "$BUILD/mps2-an386/kiosk.elf" 2>/dev/null)
if [ -n "$syms" ] && ! grep -Eq ' (br_chacha20_ct_run|br_poly1305_ctmul_run|tt_tls_br_errname)$' <<<"$syms"; then
    ok "default image: no ChaCha20, no BearSSL error names"
else
    bad "default image links ChaCha20 or tt_tls_br_errname (or nm failed)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
