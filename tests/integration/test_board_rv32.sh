#!/usr/bin/env bash
# Integration test of the rv32 board (boards/rv32): the core, both ports,
# lwIP and BearSSL cross-build for RV32IMAC with picolibc under the
# project's -Werror flags and link into a firmware image that fits the
# board's 64 KB of RAM (rv32.ld fails the link otherwise).  The image has a
# stub NIC and is not run.  Checks the ELF's architecture (32-bit RISC-V,
# compressed instructions, soft-float ABI), that the client path is linked
# (tt_client_list, tt_tls, the lwIP transport, DHCP, DNS), and that every
# project object got a -fstack-usage / call-graph file.
# Needs gcc-riscv64-unknown-elf + picolibc-riscv64-unknown-elf
# (scripts/deps.sh): without them it FAILS saying so.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${TT_BUILD:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

if ! command -v riscv64-unknown-elf-gcc >/dev/null ||
    [ ! -f /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs ]; then
    echo "FAIL test_board_rv32 cannot run: needs gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf (scripts/deps.sh)"
    echo "0 passed, 1 failed"
    exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
elf=$BUILD/rv32/tinyturk-rv32.elf
if make --no-print-directory BOARD=rv32 BUILD="$BUILD" >"$log" 2>&1 && [ -f "$elf" ]; then
    ok "build $elf"
else
    bad "make BOARD=rv32 failed:"
    tail -n 20 "$log" | sed 's/^/     /'
    echo "$pass passed, $fail failed"
    exit 1
fi
if grep -E -q '(warning|error):' "$log"; then
    bad "compiler diagnostics in the build:"
    grep -E '(warning|error):' "$log" | head -5 | sed 's/^/     /'
else
    ok "no compiler warnings (core and ports with -Werror)"
fi

hdr=$(riscv64-unknown-elf-readelf -h "$elf")
if grep -q 'Class:.*ELF32' <<<"$hdr" && grep -q 'Machine:.*RISC-V' <<<"$hdr"; then
    ok "ELF32 RISC-V image"
else
    bad "not an ELF32 RISC-V image"
fi
if grep -q 'Flags:.*RVC.*soft-float ABI' <<<"$hdr"; then
    ok "RVC, soft-float ABI (rv32imac/ilp32)"
else
    bad "unexpected ELF flags: $(grep Flags <<<"$hdr")"
fi

syms=$(riscv64-unknown-elf-nm "$elf")
for s in tt_client_list tt_request_sign tt_tls_transport_init br_ssl_client_reset tt_lwip_transport_init \
    dhcp_start dns_gethostbyname tcp_connect; do
    if grep -q " [Tt] $s\$" <<<"$syms"; then ok "linked: $s"; else bad "not linked: $s"; fi
done

# RAM: .data + .bss + .stack within the 64 KB the linker script gives.
ram=$(riscv64-unknown-elf-size -A "$elf" | awk '$1 ~ /^\.(s?data|s?bss|stack)$/ {n += $2} END {print n + 0}')
if [ "$ram" -gt 0 ] && [ "$ram" -le 65536 ]; then
    ok "RAM $ram B <= 64 KB (static + stack)"
else
    bad "RAM $ram B (budget 65536)"
fi

missing=0
for o in "$BUILD"/rv32/core/*.o "$BUILD"/rv32/port/*.o "$BUILD"/rv32/board/*.o; do
    [ -f "${o%.o}.su" ] && [ -f "${o%.o}.ci" ] || missing=$((missing + 1))
done
if [ $missing -eq 0 ]; then
    ok "stack-usage and call-graph files for every project object"
else
    bad "$missing project objects without .su/.ci"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
