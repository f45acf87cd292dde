#!/usr/bin/env bash
# Integration test of the mps2-an386 board: the kiosk image (Cortex-M4,
# lwIP on the LAN9118, tinyturk core) runs under qemu-system-arm in a private
# network namespace and lists HITs from the local MTurk emulator
# (`make BOARD=mps2-an386 run`, scripts/board-run.sh).  Checks that the UART
# lists exactly the emulator's assignments, in order, for several listings,
# that the wall-clock-less board signs with the time from the Date header,
# and the exit statuses.
# Needs root (netns + TAP) and qemu-system-arm: otherwise prints a skip note
# and "0 passed, 0 failed".
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${TT_BUILD:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "skip: test_board_mps2 needs root (network namespace + TAP)"
    echo "0 passed, 0 failed"
    exit 0
fi
if ! command -v qemu-system-arm >/dev/null; then
    scripts/board-deps.sh >/dev/null 2>&1 || true
fi
if ! command -v qemu-system-arm >/dev/null || ! command -v arm-none-eabi-gcc >/dev/null; then
    echo "skip: test_board_mps2 needs qemu-system-arm and arm-none-eabi-gcc (scripts/deps.sh)"
    echo "0 passed, 0 failed"
    exit 0
fi

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
# the emulator's own data set (same seed), without any network.
expected() {
    /usr/bin/python3 - "$@" <<'PY'
import sys
sys.path.insert(0, "tests")
from mturk_server import Dataset
hit, statuses = sys.argv[1], tuple(sys.argv[2:])
for a in Dataset("demo", 1).filtered(hit, statuses) or []:
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

has() { # name regex description
    if grep -Eq "$2" "$tmp/$1.out"; then ok "$1: $3"; else bad "$1: $3 (no /$2/)"; fi
}

# 1. Small HIT, 2 per page: 3 pages over one kept-alive connection; the
#    first request is rejected (no wall clock) and re-signed with the Date.
run small 0 hit=3DEMOHIT0000000000000000000001 page=2
check_list small 3DEMOHIT0000000000000000000001
has small '^RESULT OK items=5 pages=3 requests=4 connections=1$' "5 items, 3 pages, 4 requests, 1 connection"
has small '^CLOCK learnt from the Date header: [0-9]{10} ' "clock learnt from the Date header"
has small '^FIGURE arena_high_water [0-9]+ B' "arena figure printed"
has small '^FIGURE stack_high_water [0-9]+ B' "stack figure printed"
has small 'text.*data.*bss' "image size printed"

# 2. 237 assignments, 100 per page.
run big 0 hit=3DEMOHIT0000000000000000000002 page=100
check_list big 3DEMOHIT0000000000000000000002
has big '^RESULT OK items=237 pages=3 ' "237 items in 3 pages"

# 3. Status filter, default page size (MaxResults not sent).
run approved 0 hit=3DEMOHIT0000000000000000000003 page=0 status=Approved
check_list approved 3DEMOHIT0000000000000000000003 Approved

# 4. A HIT without assignments.
run empty 0 hit=3DEMOHIT0000000000000000000004 page=5
check_list empty 3DEMOHIT0000000000000000000004
has empty '^RESULT OK items=0 pages=1 ' "empty HIT: 0 items, 1 page"

# 5. --max-items: stops after 3 and prints the CLI resume token.
run maxitems 0 hit=3DEMOHIT0000000000000000000002 page=2 max=3
has maxitems '^RESULT OK items=3 ' "max=3 stops after 3 items"
has maxitems '^NEXT-TOKEN [A-Za-z0-9+/=]+$' "resume token printed"
expected 3DEMOHIT0000000000000000000002 | head -3 >"$tmp/maxitems.want"
listed maxitems >"$tmp/maxitems.got"
if cmp -s "$tmp/maxitems.want" "$tmp/maxitems.got"; then ok "maxitems: the first 3 assignments"; else bad "maxitems: wrong assignments"; fi

# 6. Unknown HIT: a service error, exit status 1.
run unknown 1 hit=3NOSUCHHIT000000000000000000 page=2
has unknown '^RESULT FAIL TT_ERR_SERVICE http=400 service=RequestError ' "unknown HIT -> TT_ERR_SERVICE (RequestError)"

# 7. Server clock a day ahead: the board has no clock of its own, so it
#    simply takes the server's.
EMU_ARGS="--dataset demo --clock-skew 86400" run skew 0 hit=3DEMOHIT0000000000000000000001 page=0
check_list skew 3DEMOHIT0000000000000000000001

# 8. Network faults: page 2 is cut by a TCP reset in mid-body (after some of
#    its assignments were delivered), page 3 is throttled.  The board
#    reconnects, retries, and still delivers each assignment exactly once.
cat >"$tmp/faults.json" <<'J'
[{"kind": "reset", "at_byte": 900, "nth": 3}, {"kind": "throttle", "nth": 5}]
J
EMU_ARGS="--dataset demo --faults $tmp/faults.json" run faults 0 hit=3DEMOHIT0000000000000000000001 page=2
check_list faults 3DEMOHIT0000000000000000000001
has faults '^RESULT OK items=5 pages=3 requests=6 connections=2$' "2 retries, 1 reconnect"

# 9. HTTPS (BearSSL on the board, trust anchor compiled in, server name
#    "localhost"): the same listing, over one TLS connection.
TLS=1 run tls 0 hit=3DEMOHIT0000000000000000000002 page=100
check_list tls 3DEMOHIT0000000000000000000002
has tls 'https name=localhost' "kiosk ran over HTTPS"
has tls '^RESULT OK items=237 pages=3 requests=4 connections=1$' "237 items, 1 TLS connection"
has tls '^FIGURE tls_arena_used [0-9]+ B' "TLS arena figure printed"

# 10. HTTPS, wrong server name: the certificate is rejected.
TLS=1 run tlsname 1 hit=3DEMOHIT0000000000000000000001 name=other.invalid
has tlsname '^RESULT FAIL TT_ERR_TLS_BAD_HOST .* tls=BR_ERR_X509_BAD_SERVER_NAME ' "wrong name -> TT_ERR_TLS_BAD_HOST"
if grep -q '^ASSIGNMENT' "$tmp/tlsname.out"; then bad "tlsname: assignments listed"; else ok "tlsname: nothing listed"; fi

# 11. HTTPS with a 1970 clock: the certificate is not yet valid.
TLS=1 run tlstime 1 hit=3DEMOHIT0000000000000000000001 time=0
has tlstime '^RESULT FAIL TT_ERR_TLS_EXPIRED ' "clock in 1970 -> TT_ERR_TLS_EXPIRED"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
